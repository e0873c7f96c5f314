/* test-file.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>

#include "fs-file.h"
#include "fs-image.h"
#include "fs-sha256.h"
#include "fs-test-util.h"

/* Reading with a bound: only regular files, never past a limit, never
 * blocking on a FIFO, and streams that never end cut off at the limit.
 * A wrong answer here hangs or exhausts memory, so each case that could
 * hang runs under the test's own timeout. */

static char *dir;

/* The core's resource bundle, registered when it is linked. */
GResource *fs_core_get_resource (void);

static char *
write_file (const char *name,
            const char *contents)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_regular (void)
{
  g_autofree char *path = write_file ("a.txt", "twelve bytes");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;

  bytes = fs_file_read_path (path, 12, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "twelve bytes", 12);

  again = fs_file_read (file, 100, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bytes, again));
}

static void
test_too_large (void)
{
  g_autofree char *path = write_file ("b.txt", "thirteen byte");
  g_autofree char *sparse = g_build_filename (dir, "sparse.png", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  bytes = fs_file_read_path (path, 12, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "“b.txt”"));
  g_clear_error (&error);

  /* Measured before it is read: a huge (sparse) file is never read. */
  fd = g_open (sparse, O_CREAT | O_WRONLY, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 64 * 1024 * 1024 * 1024), ==, 0);
  close (fd);
  bytes = fs_file_read_path (sparse, FS_FILE_MAX_IMAGE_BYTES, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  g_unlink (sparse);
}

static void
test_not_regular (void)
{
  g_autofree char *fifo = g_build_filename (dir, "fifo.png", NULL);
  g_autoptr(GFile) zero = g_file_new_for_path ("/dev/zero");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = NULL;

  bytes = fs_file_read (zero, FS_FILE_MAX_IMAGE_BYTES, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (error->message, "“zero”"));
  g_clear_error (&error);

  /* A FIFO without a writer: opening it must not wait for one. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  bytes = fs_file_read_path (fifo, FS_FILE_MAX_IMAGE_BYTES, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);
  sha = fs_file_sha256 (fifo, FS_FILE_MAX_IMAGE_BYTES, NULL, &error);
  g_assert_null (sha);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);
  g_unlink (fifo);

  bytes = fs_file_read_path (dir, FS_FILE_MAX_IMAGE_BYTES, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_assert_nonnull (strstr (error->message, "folder"));
  g_clear_error (&error);

  bytes = fs_file_read_path ("/nonexistent/flux-studio", 10, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* A file without a local path goes through GIO, with the same checks. */
static void
test_remote (void)
{
  g_autoptr(GFile) file = g_file_new_for_uri ("resource:///io/github/fluxstudio/FluxStudio/"
                                              "models.json");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (fs_core_get_resource ());
  g_assert_null (g_file_get_path (file));
  bytes = fs_file_read (file, 16 * 1024 * 1024, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), >, 100);
  g_clear_pointer (&bytes, g_bytes_unref);

  bytes = fs_file_read (file, 100, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
}

static void
test_sha256 (void)
{
  g_autofree char *path = write_file ("c.txt", "hash me");
  g_autoptr(GBytes) bytes = g_bytes_new_static ("hash me", 7);
  g_autofree char *expected = fs_file_sha256_bytes (bytes);
  g_autofree char *sha = NULL;
  g_autoptr(GError) error = NULL;

  sha = fs_file_sha256 (path, 100, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sha, ==, expected);

  g_assert_null (fs_file_sha256 (path, 6, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
}

/* Nettle's SHA-256 gives GChecksum's digests: the published vectors, and
 * 3 MB fed in uneven pieces, which cross block boundaries everywhere;
 * a digest taken midway leaves the hash going on. */
static void
test_sha256_nettle (void)
{
  const gsize length = 3 * 1000 * 1000 + 7;
  g_autofree guint8 *data = g_malloc (length);
  g_autofree char *expected = NULL;
  g_autofree char *midway = NULL;
  g_autofree char *midway_expected = NULL;
  g_autofree char *whole = NULL;
  g_autofree char *abc = fs_sha256_data ("abc", 3);
  g_autofree char *empty = fs_sha256_data (NULL, 0);
  g_autoptr(FsSha256) sha256 = fs_sha256_new ();
  gsize at = 0;
  guint step = 1;

  g_assert_cmpstr (abc, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  g_assert_cmpstr (empty, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  for (gsize i = 0; i < length; i++)
    data[i] = (guint8) (i * 31 + (i >> 11));
  expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);
  midway_expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, 1000);

  while (at < length)
    {
      gsize n = MIN (step, length - at);

      if (at < 1000 && at + n > 1000)
        n = 1000 - at;
      fs_sha256_update (sha256, data + at, n);
      at += n;
      if (at == 1000)
        midway = fs_sha256_hex (sha256);
      step = step * 7 % 65521 + 1;
    }
  whole = fs_sha256_hex (sha256);

  g_assert_cmpstr (midway, ==, midway_expected);
  g_assert_cmpstr (whole, ==, expected);
}

/* /dev/zero as a stream never ends: it is cut off at the limit. */
static void
test_endless_stream (void)
{
  int fd = g_open ("/dev/zero", O_RDONLY, 0);
  g_autoptr(GInputStream) stream = g_unix_input_stream_new (fd, TRUE);
  g_autoptr(GInputStream) memory = g_memory_input_stream_new_from_data ("short", 5, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = fs_file_read_stream (stream, "Standard input", 1024 * 1024, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "“Standard input”"));
  g_clear_error (&error);

  bytes = fs_file_read_stream (memory, "short", 5, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 5);
}

static void
test_endless_stream_async (void)
{
  int fd = g_open ("/dev/zero", O_RDONLY, 0);
  g_autoptr(GInputStream) stream = g_unix_input_stream_new (fd, TRUE);
  g_autoptr(GInputStream) memory = g_memory_input_stream_new_from_data ("pasted", 6, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) short_result = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  fs_file_read_stream_async (stream, "Pasted image.png", 512 * 1024, NULL, fs_test_result_cb, &result);
  bytes = fs_file_read_stream_finish (stream, fs_test_wait_result (&result), &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "“Pasted image.png”"));
  g_clear_error (&error);

  fs_file_read_stream_async (memory, "pasted", 6, NULL, fs_test_result_cb, &short_result);
  bytes = fs_file_read_stream_finish (memory, fs_test_wait_result (&short_result), &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "pasted", 6);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = fs_test_make_dir ("fs-file-XXXXXX");

  g_test_add_func ("/file/regular", test_regular);
  g_test_add_func ("/file/too-large", test_too_large);
  g_test_add_func ("/file/not-regular", test_not_regular);
  g_test_add_func ("/file/remote", test_remote);
  g_test_add_func ("/file/sha256", test_sha256);
  g_test_add_func ("/file/sha256-nettle", test_sha256_nettle);
  g_test_add_func ("/file/endless-stream", test_endless_stream);
  g_test_add_func ("/file/endless-stream-async", test_endless_stream_async);

  status = g_test_run ();
  fs_test_remove_dir (dir);
  g_free (dir);
  return status;
}
