/* test-download.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fs-download.h"
#include "fs-error.h"
#include "fs-library.h"
#include "fs-test-util.h"

/* A result's way from the network to the gallery: FsDownload, which
 * writes and hashes the bytes as they come, and the library's saves and
 * keeps of such a staged file (docs/ARCHITECTURE.md, “One generation”). */

typedef struct
{
  char      *dir;
  char      *folder;
  char      *db_path;
  FsLibrary *library;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = fs_test_make_dir ("fs-test-download-XXXXXX");
  f->folder = g_build_filename (f->dir, "gallery", NULL);
  f->db_path = g_build_filename (f->dir, "library.db", NULL);
  f->library = fs_test_library_new (f->dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->library);
  fs_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->folder);
  g_free (f->db_path);
}

static GPtrArray *
temporary_files (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".part"))
      g_ptr_array_add (names, g_strdup (name));
  return names;
}

static gboolean
no_temporary_files (gpointer data)
{
  g_autoptr(GPtrArray) names = temporary_files (data);

  return names->len == 0;
}

/* Writes @bytes in pieces of @piece, as FsHttp does, and closes. */
static void
write_pieces (FsDownload *download,
              GBytes     *bytes,
              gsize       piece)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  g_autoptr(GError) error = NULL;

  for (gsize at = 0; at < size; at += piece)
    {
      g_autoptr(GAsyncResult) result = NULL;
      gsize written = 0;

      g_output_stream_write_all_async (G_OUTPUT_STREAM (download), data + at,
                                       MIN (piece, size - at), G_PRIORITY_DEFAULT, NULL,
                                       fs_test_result_cb, &result);
      g_assert_true (g_output_stream_write_all_finish (G_OUTPUT_STREAM (download),
                                                       fs_test_wait_result (&result),
                                                       &written, &error));
      g_assert_no_error (error);
    }
}

static void
close_download (FsDownload *download)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_output_stream_close_async (G_OUTPUT_STREAM (download), G_PRIORITY_DEFAULT, NULL,
                               fs_test_result_cb, &result);
  g_assert_true (g_output_stream_close_finish (G_OUTPUT_STREAM (download),
                                               fs_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

static GBytes *
pattern (gsize size)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 13 + (i >> 9));
  return g_bytes_new_take (data, size);
}

static char *
sha256_of (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

/* FsDownload -------------------------------------------------------------- */

/* The bytes land in one hidden temporary file in the folder, and the hash
 * and size are those of every byte written. */
static void
test_download_file (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(FsDownload) download = fs_download_new (f->folder);
  g_autoptr(GBytes) bytes = pattern (700 * 1000 + 3);
  g_autofree char *expected = sha256_of (bytes);
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  gsize length = 0;

  write_pieces (download, bytes, 256 * 1024);
  close_download (download);

  g_assert_null (fs_download_steal_bytes (download));
  g_assert_cmpstr (fs_download_get_sha256 (download), ==, expected);
  g_assert_cmpint (fs_download_get_size (download), ==, (goffset) g_bytes_get_size (bytes));
  path = fs_download_steal_path (download);
  g_assert_nonnull (path);
  name = g_path_get_basename (path);
  g_assert_true (g_str_has_prefix (name, ".flux-studio-"));
  g_assert_true (g_str_has_suffix (name, ".part"));
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  /* Taken, the file is the caller's: finalizing leaves it. */
  g_clear_object (&download);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_unlink (path);
}

/* A folder that refuses the file (here: it is gone) leaves the bytes in
 * memory, whole, for the recovery folder. */
static void
test_download_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *gone = g_build_filename (f->dir, "gone", NULL);
  g_autoptr(FsDownload) download = fs_download_new (gone);
  g_autoptr(GBytes) bytes = pattern (300 * 1000);
  g_autoptr(GBytes) held = NULL;
  g_autofree char *expected = sha256_of (bytes);

  write_pieces (download, bytes, 64 * 1024);
  close_download (download);

  g_assert_null (fs_download_get_path (download));
  held = fs_download_steal_bytes (download);
  g_assert_nonnull (held);
  g_assert_true (g_bytes_equal (held, bytes));
  g_assert_cmpstr (fs_download_get_sha256 (download), ==, expected);
  g_assert_false (g_file_test (gone, G_FILE_TEST_EXISTS));
}

/* Nothing written is empty bytes, which the probe then refuses by name. */
static void
test_download_empty (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(FsDownload) download = fs_download_new (f->folder);
  g_autoptr(GBytes) held = NULL;

  close_download (download);
  held = fs_download_steal_bytes (download);
  g_assert_nonnull (held);
  g_assert_cmpuint (g_bytes_get_size (held), ==, 0);
  g_assert_null (fs_download_get_path (download));
}

/* A download dropped before it is closed (a body cut short, a cancelled
 * job) leaves no file behind. */
static void
test_download_dropped (Fixture       *f,
                       gconstpointer  data)
{
  FsDownload *download = fs_download_new (f->folder);
  g_autoptr(GBytes) bytes = pattern (100 * 1000);
  g_autoptr(GPtrArray) before = NULL;

  write_pieces (download, bytes, 16 * 1024);
  before = temporary_files (f->folder);
  g_assert_cmpuint (before->len, ==, 1);

  g_object_unref (download);
  g_assert_true (fs_test_wait_for (no_temporary_files, f->folder, 5));
}

/* The library's saves of a staged file ----------------------------------- */

static JsonObject *
job_record (const char *job_id)
{
  JsonObject *record = json_object_new ();
  JsonObject *params = json_object_new ();

  json_object_set_string_member (record, "provider", "bfl");
  json_object_set_string_member (record, "model", "flux-2-pro");
  json_object_set_string_member (record, "prompt", "a staged result");
  json_object_set_int_member (params, "seed", 5);
  json_object_set_object_member (record, "params", params);
  json_object_set_array_member (record, "references", json_array_new ());
  json_object_set_string_member (record, "job_id", job_id);
  json_object_set_int_member (record, "output", 0);
  return record;
}

static void
journal_output (FsLibrary  *library,
                const char *job_id)
{
  g_autoptr(JsonArray) outputs = json_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *output = json_object_new ();

  json_object_set_int_member (output, "index", 0);
  json_object_set_string_member (output, "url", "https://delivery.example/0.png");
  json_object_set_int_member (output, "received", g_get_real_time ());
  json_array_add_object_element (outputs, output);
  fs_library_journal_outputs_async (library, job_id, outputs, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_library_journal_outputs_finish (library, fs_test_wait_result (&result),
                                                    &error));
  g_assert_no_error (error);
}

/* @bytes downloaded into the gallery folder as FsDownload does: the
 * staged path, with its hash in @sha256. */
static char *
stage (Fixture  *f,
       GBytes   *bytes,
       char    **sha256)
{
  g_autoptr(FsDownload) download = fs_download_new (f->folder);

  write_pieces (download, bytes, 128 * 1024);
  close_download (download);
  *sha256 = g_strdup (fs_download_get_sha256 (download));
  return fs_download_steal_path (download);
}

static FsAsset *
save_staged (Fixture     *f,
             const char  *job_id,
             const char  *staged,
             const char  *sha256,
             GError     **error)
{
  g_autoptr(JsonObject) record = job_record (job_id);
  g_autoptr(GAsyncResult) result = NULL;

  fs_library_save_output_staged_async (f->library, job_id, 0, record, staged, sha256, NULL,
                                       fs_test_result_cb, &result);
  return fs_library_save_output_finish (f->library, fs_test_wait_result (&result), error);
}

/* The staged file becomes the image, not written again: the same bytes
 * under the final name, the sidecar holding their hash and size, and no
 * temporary file left. A second save of the output returns the first and
 * removes its staged file. */
static void
test_save_staged (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GBytes) image = fs_test_make_image ("png", 40, 30, 0x336699ff);
  g_autofree char *sha256 = NULL;
  g_autofree char *staged = stage (f, image, &sha256);
  g_autofree char *again_sha256 = NULL;
  g_autofree char *again = NULL;
  g_autofree char *expected = sha256_of (image);
  g_autofree char *contents = NULL;
  g_autoptr(FsAsset) asset = NULL;
  g_autoptr(FsAsset) second = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  journal_output (f->library, "job-staged");
  asset = save_staged (f, "job-staged", staged, sha256, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (staged, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (fs_asset_get_path (asset), &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (image, NULL), g_bytes_get_size (image));
  g_assert_cmpstr (fs_asset_get_sha256 (asset), ==, expected);
  g_assert_cmpint (fs_asset_get_file_size (asset), ==, (gint64) length);
  g_assert_cmpuint (fs_asset_get_width (asset), ==, 40);
  g_assert_cmpuint (fs_asset_get_height (asset), ==, 30);

  again = stage (f, image, &again_sha256);
  second = save_staged (f, "job-staged", again, again_sha256, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fs_asset_get_path (second), ==, fs_asset_get_path (asset));
  left = temporary_files (f->folder);
  g_assert_cmpuint (left->len, ==, 0);
}

/* Bytes that are not an image are refused and their file removed. */
static void
test_save_staged_not_image (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GBytes) page = g_bytes_new_static ("<!DOCTYPE html><html>Sign in</html>", 35);
  g_autofree char *sha256 = NULL;
  g_autofree char *staged = stage (f, page, &sha256);
  g_autoptr(FsAsset) asset = NULL;
  g_autoptr(GError) error = NULL;

  journal_output (f->library, "job-page");
  asset = save_staged (f, "job-page", staged, sha256, &error);
  g_assert_null (asset);
  g_assert_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE);
  g_assert_false (g_file_test (staged, G_FILE_TEST_EXISTS));
}

/* A staged file that is gone (its folder vanished) says so, for the job
 * to download again. */
static void
test_save_staged_gone (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GBytes) image = fs_test_make_image ("png", 8, 8, 0xff0000ff);
  g_autofree char *sha256 = NULL;
  g_autofree char *staged = stage (f, image, &sha256);
  g_autoptr(FsAsset) asset = NULL;
  g_autoptr(GError) error = NULL;

  journal_output (f->library, "job-gone");
  fs_test_remove_dir (f->folder);
  asset = save_staged (f, "job-gone", staged, sha256, &error);
  g_assert_null (asset);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* Kept for the recovery folder: a copy there, journalled, and the staged
 * file removed. */
static void
test_keep_staged (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GBytes) image = fs_test_make_image ("png", 8, 8, 0x00ff00ff);
  g_autofree char *sha256 = NULL;
  g_autofree char *staged = stage (f, image, &sha256);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  journal_output (f->library, "job-kept");
  fs_library_keep_output_staged_async (f->library, "job-kept", 0, staged, NULL,
                                       fs_test_result_cb, &result);
  recovery = fs_library_keep_output_finish (f->library, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (recovery, "job-kept-0.png"));
  g_assert_true (g_file_get_contents (recovery, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (image, NULL), g_bytes_get_size (image));
  g_assert_false (g_file_test (staged, G_FILE_TEST_EXISTS));
  kept = fs_test_query_string (f->db_path, "SELECT recovery FROM job_outputs WHERE job_id = ?1",
                               "job-kept");
  g_assert_cmpstr (kept, ==, recovery);
  g_unlink (recovery);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = fs_test_make_dir ("fs-test-download-data-XXXXXX");
  int status;

  g_test_init (&argc, &argv, NULL);
  /* The recovery folder lives here, not in the user's data. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_add ("/download/file", Fixture, NULL, fixture_set_up, test_download_file, fixture_tear_down);
  g_test_add ("/download/refused", Fixture, NULL, fixture_set_up, test_download_refused, fixture_tear_down);
  g_test_add ("/download/empty", Fixture, NULL, fixture_set_up, test_download_empty, fixture_tear_down);
  g_test_add ("/download/dropped", Fixture, NULL, fixture_set_up, test_download_dropped, fixture_tear_down);
  g_test_add ("/download/save-staged", Fixture, NULL, fixture_set_up, test_save_staged, fixture_tear_down);
  g_test_add ("/download/save-staged-not-image", Fixture, NULL, fixture_set_up, test_save_staged_not_image, fixture_tear_down);
  g_test_add ("/download/save-staged-gone", Fixture, NULL, fixture_set_up, test_save_staged_gone, fixture_tear_down);
  g_test_add ("/download/keep-staged", Fixture, NULL, fixture_set_up, test_keep_staged, fixture_tear_down);

  status = g_test_run ();
  fs_test_remove_dir (data_home);
  return status;
}
