/* test-reference-store.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fs-error.h"
#include "fs-image.h"
#include "fs-job.h"
#include "fs-reference-store.h"
#include "fs-test-util.h"

/* The content-addressed reference store: a round trip, a damaged or
 * missing file, and a job that keeps its references there before it
 * sends them and names them in the result's sidecar. */

static FsReference *
make_reference (guint32     rgba,
                const char *type,
                const char *name)
{
  g_autoptr(GBytes) bytes = fs_test_make_image (type, 96, 80, rgba);
  g_autoptr(GError) error = NULL;
  FsReference *reference;

  reference = fs_reference_new_from_bytes (bytes, name, &error);
  g_assert_no_error (error);
  return reference;
}

static char *
stored_path (FsReference *reference)
{
  g_autofree char *name = g_strconcat (fs_reference_get_sha256 (reference), ".",
                                       fs_reference_get_extension (reference), NULL);

  return g_build_filename (g_get_user_data_dir (), "flux-studio", "references", name, NULL);
}

static void
save (FsReference *reference)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fs_reference_store_save_async (reference, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_reference_store_save_finish (fs_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

static FsReference *
load (const char  *sha256,
      const char  *name,
      GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (name != NULL)
    fs_reference_store_load_named_async (sha256, name, NULL, fs_test_result_cb, &result);
  else
    fs_reference_store_load_async (sha256, NULL, fs_test_result_cb, &result);
  return fs_reference_store_load_finish (fs_test_wait_result (&result), error);
}

static gint64
modified (const char *path)
{
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  return (gint64) buf.st_mtime;
}

static void
test_round_trip (void)
{
  g_autoptr(FsReference) reference = make_reference (0x02eb3cff, "png", "logo.png");
  g_autofree char *path = stored_path (reference);
  g_autoptr(FsReference) loaded = NULL;
  g_autoptr(FsReference) named = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *short_name = NULL;
  gsize length = 0;

  save (reference);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (fs_reference_get_bytes (reference), NULL),
                   g_bytes_get_size (fs_reference_get_bytes (reference)));

  loaded = load (fs_reference_get_sha256 (reference), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fs_reference_get_sha256 (loaded), ==, fs_reference_get_sha256 (reference));
  g_assert_true (g_bytes_equal (fs_reference_get_bytes (loaded),
                                fs_reference_get_bytes (reference)));
  g_assert_cmpstr (fs_reference_get_mime_type (loaded), ==, "image/png");
  g_assert_cmpuint (fs_reference_get_width (loaded), ==, 96);
  g_assert_cmpuint (fs_reference_get_height (loaded), ==, 80);
  /* Without a name it is named by the start of its hash. */
  short_name = g_strdup_printf ("%.12s.png", fs_reference_get_sha256 (reference));
  g_assert_cmpstr (fs_reference_get_name (loaded), ==, short_name);

  /* With the name the sidecar recorded, for Remix; any case of hex. */
  upper = g_ascii_strup (fs_reference_get_sha256 (reference), -1);
  named = load (upper, "logo.png", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fs_reference_get_name (named), ==, "logo.png");
}

/* Content-addressed: saving the same bytes again writes nothing. */
static void
test_save_twice (void)
{
  g_autoptr(FsReference) reference = make_reference (0x336699ff, "jpeg", "photo.jpg");
  g_autofree char *path = stored_path (reference);
  gint64 first;

  save (reference);
  g_assert_true (g_str_has_suffix (path, ".jpg"));
  first = modified (path);
  g_usleep (1100 * 1000);
  save (reference);
  g_assert_cmpint (modified (path), ==, first);
}

static void
test_missing_and_damaged (void)
{
  g_autoptr(FsReference) reference = make_reference (0xff0088ff, "png", "pink.png");
  g_autofree char *path = stored_path (reference);
  g_autoptr(FsReference) missing = NULL;
  g_autoptr(FsReference) damaged = NULL;
  g_autoptr(FsReference) bogus = NULL;
  g_autoptr(GError) error = NULL;

  missing = load (fs_reference_get_sha256 (reference), NULL, &error);
  g_assert_null (missing);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no longer in the reference store"));
  g_clear_error (&error);

  save (reference);
  g_assert_true (g_file_set_contents (path, "not the same bytes", -1, NULL));
  damaged = load (fs_reference_get_sha256 (reference), NULL, &error);
  g_assert_null (damaged);
  g_assert_error (error, FS_ERROR, FS_ERROR_STORAGE);
  g_clear_error (&error);

  /* Only a real digest can name a file in the store. */
  bogus = load ("../../etc/passwd", NULL, &error);
  g_assert_null (bogus);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* A job */

typedef struct
{
  FsLibrary *library;
  FsCatalog *catalog;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  /* Inside the test's own isolated dirs, which GLib removes. */
  f->library = fs_test_library_new (g_get_user_data_dir ());
  f->catalog = fs_test_load_catalog ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->library);
  g_clear_object (&f->catalog);
}

static JsonObject *
read_sidecar (FsAsset *asset)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, fs_asset_get_sidecar_path (asset), &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Every reference is in the store once the result is saved, and the
 * sidecar names them by hash and by file name, in tray order. */
static void
test_job_keeps_references (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(FsRequest) request = fs_request_new ("sandbox", "flux-2-pro");
  g_autoptr(FsProvider) provider = fs_provider_new ("sandbox", NULL, NULL);
  g_autoptr(FsJob) job = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = NULL;
  FsReference *references[3];
  const char * const names[] = { "person.jpg", "scene.png", "palette.png" };
  JsonArray *hashes, *recorded_names;

  references[0] = make_reference (0xaa3311ff, "jpeg", names[0]);
  references[1] = make_reference (0x1133aaff, "png", names[1]);
  references[2] = make_reference (0x02eb3cff, "png", names[2]);
  fs_request_set_prompt (request, "the person from image 1 in the scene of image 2 "
                                  "with the palette of image 3");
  for (guint i = 0; i < G_N_ELEMENTS (references); i++)
    fs_request_add_reference (request, references[i]);

  job = fs_job_new (request, f->catalog, provider, f->library, NULL);
  assets = fs_test_run_job (job, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assets->len, ==, 1);

  record = read_sidecar (g_ptr_array_index (assets, 0));
  hashes = json_object_get_array_member (record, "references");
  recorded_names = json_object_get_array_member (record, "reference_names");
  g_assert_cmpuint (json_array_get_length (hashes), ==, 3);
  g_assert_cmpuint (json_array_get_length (recorded_names), ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (references); i++)
    {
      g_autofree char *path = stored_path (references[i]);

      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      g_assert_cmpstr (json_array_get_string_element (hashes, i), ==,
                       fs_reference_get_sha256 (references[i]));
      g_assert_cmpstr (json_array_get_string_element (recorded_names, i), ==, names[i]);
      g_object_unref (references[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/reference-store/round-trip", test_round_trip);
  g_test_add_func ("/reference-store/save-twice", test_save_twice);
  g_test_add_func ("/reference-store/missing-and-damaged", test_missing_and_damaged);
  g_test_add ("/reference-store/job-keeps-references", Fixture, NULL,
              fixture_set_up, test_job_keeps_references, fixture_tear_down);

  return g_test_run ();
}
