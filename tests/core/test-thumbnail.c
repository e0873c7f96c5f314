/* test-thumbnail.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <sys/stat.h>

#include <glib/gstdio.h>

#include "fs-error.h"
#include "fs-image-private.h"
#include "fs-thumbnail.h"
#include "fs-test-util.h"

/* Thumbnails and full images decoded off the main thread, the disk cache
 * under $XDG_CACHE_HOME (a throwaway one), EXIF orientation, and the
 * errors for what is not an image. G_TEST_OPTION_ISOLATE_DIRS cannot be
 * used: it hides the shared MIME database gdk-pixbuf needs to tell a PNG.
 * Every test makes images of its own size, so their digests differ. */

static char *tmp_dir;

static GdkPixbuf *
load_thumbnail (const char    *path,
                const char    *sha256,
                guint          size,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fs_thumbnail_load_async (path, sha256, size, cancellable, fs_test_result_cb, &result);
  return fs_thumbnail_load_finish (fs_test_wait_result (&result), error);
}

static GdkPixbuf *
load_image (const char  *path,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fs_image_load_async (path, NULL, fs_test_result_cb, &result);
  return fs_image_load_finish (fs_test_wait_result (&result), error);
}

static const char *
test_dir (void)
{
  return tmp_dir;
}

static char *
write_png (int width,
           int height)
{
  g_autoptr(GBytes) png = fs_test_make_image ("png", width, height, 0x02eb3cff);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("image-%dx%d.png", width, height);
  char *path = g_build_filename (test_dir (), name, NULL);

  g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &error);
  g_assert_no_error (error);
  return path;
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static char *
cache_file (const char *sha256,
            guint       size)
{
  g_autofree char *name = g_strdup_printf ("%s-%u.png", sha256, size);

  return g_build_filename (g_get_user_cache_dir (), "flux-studio", "thumbnails", name, NULL);
}

static void
assert_size (GdkPixbuf *pixbuf,
             int        width,
             int        height)
{
  g_assert_nonnull (pixbuf);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, height);
}

static void
test_cache_created (void)
{
  g_autofree char *path = write_png (400, 200);
  g_autofree char *sha256 = file_sha256 (path);
  g_autofree char *cached = cache_file (sha256, 128);
  g_autoptr(GdkPixbuf) thumbnail = NULL;
  g_autoptr(GdkPixbuf) again = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (g_file_test (cached, G_FILE_TEST_EXISTS));
  thumbnail = load_thumbnail (path, sha256, 128, NULL, &error);
  g_assert_no_error (error);
  assert_size (thumbnail, 128, 64);
  g_assert_true (g_file_test (cached, G_FILE_TEST_IS_REGULAR));

  /* With the original gone, only the cache can answer. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  again = load_thumbnail (path, sha256, 128, NULL, &error);
  g_assert_no_error (error);
  assert_size (again, 128, 64);
  g_assert_cmpuint (gdk_pixbuf_get_pixels (again)[1], ==, 0xeb);
}

static void
test_cache_per_size (void)
{
  g_autofree char *path = write_png (300, 300);
  g_autofree char *sha256 = file_sha256 (path);
  g_autoptr(GdkPixbuf) small = NULL;
  g_autoptr(GdkPixbuf) large = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cached_small = cache_file (sha256, 64);
  g_autofree char *cached_large = cache_file (sha256, 256);

  small = load_thumbnail (path, sha256, 64, NULL, &error);
  g_assert_no_error (error);
  assert_size (small, 64, 64);
  g_assert_true (g_file_test (cached_small, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (cached_large, G_FILE_TEST_EXISTS));

  /* Another size is another cache file, decoded from the original. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  large = load_thumbnail (path, sha256, 256, NULL, &error);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_null (large);
}

static void
test_sizes (void)
{
  g_autofree char *tall = write_png (100, 300);
  g_autofree char *tiny = write_png (50, 30);
  g_autoptr(GdkPixbuf) tall_thumb = NULL;
  g_autoptr(GdkPixbuf) tiny_thumb = NULL;
  g_autoptr(GError) error = NULL;

  tall_thumb = load_thumbnail (tall, NULL, 150, NULL, &error);
  g_assert_no_error (error);
  assert_size (tall_thumb, 50, 150);

  /* A small image is never blown up. */
  tiny_thumb = load_thumbnail (tiny, NULL, 256, NULL, &error);
  g_assert_no_error (error);
  assert_size (tiny_thumb, 50, 30);
}

static void
test_without_sha256 (void)
{
  g_autofree char *path = write_png (200, 100);
  g_autofree char *sha256 = file_sha256 (path);
  g_autofree char *cached = cache_file (sha256, 100);
  g_autoptr(GdkPixbuf) thumbnail = NULL;
  g_autoptr(GError) error = NULL;

  /* No digest, or one that is not a digest, means the file's own. */
  thumbnail = load_thumbnail (path, "../../etc/passwd", 100, NULL, &error);
  g_assert_no_error (error);
  assert_size (thumbnail, 100, 50);
  g_assert_true (g_file_test (cached, G_FILE_TEST_IS_REGULAR));
}

static void
test_not_image (void)
{
  g_autofree char *path = g_build_filename (test_dir (), "notes.png", NULL);
  g_autofree char *missing = g_build_filename (test_dir (), "missing.png", NULL);
  g_autoptr(GdkPixbuf) thumbnail = NULL;
  g_autoptr(GdkPixbuf) image = NULL;
  g_autoptr(GdkPixbuf) gone = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) image_error = NULL;
  g_autoptr(GError) gone_error = NULL;

  g_assert_true (g_file_set_contents (path, "just some words\n", -1, NULL));

  thumbnail = load_thumbnail (path, NULL, 128, NULL, &error);
  g_assert_null (thumbnail);
  g_assert_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE);

  image = load_image (path, &image_error);
  g_assert_null (image);
  g_assert_error (image_error, FS_ERROR, FS_ERROR_NOT_IMAGE);

  gone = load_image (missing, &gone_error);
  g_assert_null (gone);
  g_assert_error (gone_error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

static void
test_cancelled (void)
{
  g_autofree char *path = write_png (64, 64);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GdkPixbuf) thumbnail = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  thumbnail = load_thumbnail (path, NULL, 32, cancellable, &error);
  g_assert_null (thumbnail);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_image_full_size (void)
{
  g_autofree char *path = write_png (640, 480);
  g_autoptr(GdkPixbuf) image = NULL;
  g_autoptr(GError) error = NULL;

  image = load_image (path, &error);
  g_assert_no_error (error);
  assert_size (image, 640, 480);
}

/* A JPEG whose EXIF says "rotate 90° clockwise to show" (orientation 6),
 * as a phone writes a portrait photo: an APP1 segment after SOI. */
static char *
write_rotated_jpeg (int width,
                    int height)
{
  static const guint8 app1[] = {
    0xff, 0xe1, 0x00, 0x22,                          /* APP1, length 34 */
    'E', 'x', 'i', 'f', 0x00, 0x00,
    'I', 'I', 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00,    /* TIFF, IFD at 8 */
    0x01, 0x00,                                      /* one entry */
    0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00,  /* Orientation, SHORT, 1 */
    0x06, 0x00, 0x00, 0x00,                          /* value 6 */
    0x00, 0x00, 0x00, 0x00,                          /* no next IFD */
  };
  g_autoptr(GBytes) plain = fs_test_make_image ("jpeg", width, height, 0xff8800ff);
  g_autoptr(GByteArray) jpeg = g_byte_array_new ();
  char *path = g_build_filename (test_dir (), "rotated.jpg", NULL);
  gsize length;
  const char *buffer = g_bytes_get_data (plain, &length);

  g_assert_cmpuint ((guint8) buffer[0], ==, 0xff);
  g_assert_cmpuint ((guint8) buffer[1], ==, 0xd8);

  g_byte_array_append (jpeg, (const guint8 *) buffer, 2);
  g_byte_array_append (jpeg, app1, sizeof app1);
  g_byte_array_append (jpeg, (const guint8 *) buffer + 2, length - 2);
  g_assert_true (g_file_set_contents (path, (const char *) jpeg->data, jpeg->len, NULL));
  return path;
}

static void
test_exif_orientation (void)
{
  g_autofree char *path = write_rotated_jpeg (80, 40);
  g_autoptr(GdkPixbuf) raw = NULL;
  g_autoptr(GdkPixbuf) image = NULL;
  g_autoptr(GdkPixbuf) thumbnail = NULL;
  g_autoptr(GError) error = NULL;

  /* The test file really carries the tag. */
  raw = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gdk_pixbuf_get_option (raw, "orientation"), ==, "6");

  image = load_image (path, &error);
  g_assert_no_error (error);
  assert_size (image, 40, 80);

  thumbnail = load_thumbnail (path, NULL, 40, NULL, &error);
  g_assert_no_error (error);
  assert_size (thumbnail, 20, 40);
}

/* One decode for everyone who needs an image's pixels at about the same
 * time (docs/ARCHITECTURE.md, “Threading”). */

typedef struct
{
  const char *path;
  GdkPixbuf  *pixbuf;
} Decode;

static gpointer
decode_thread (gpointer data)
{
  Decode *decode = data;
  g_autoptr(GError) error = NULL;

  decode->pixbuf = _fs_image_decode_shared (decode->path, &error);
  g_assert_no_error (error);
  return NULL;
}

static void
test_decode_shared (void)
{
  g_autofree char *path = write_png (333, 222);
  g_autoptr(GdkPixbuf) later = NULL;
  g_autoptr(GdkPixbuf) changed = NULL;
  g_autoptr(GdkPixbuf) fresh = NULL;
  g_autoptr(GBytes) other = fs_test_make_image ("png", 111, 99, 0xff0088ff);
  Decode decodes[4];
  GThread *threads[4];

  _fs_image_forget_shared ();
  for (guint i = 0; i < G_N_ELEMENTS (decodes); i++)
    {
      decodes[i] = (Decode) { path, NULL };
      threads[i] = g_thread_new ("decode", decode_thread, &decodes[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (decodes); i++)
    g_thread_join (threads[i]);

  /* Threads at the same time share one decode; so does one soon after. */
  for (guint i = 1; i < G_N_ELEMENTS (decodes); i++)
    g_assert_true (decodes[i].pixbuf == decodes[0].pixbuf);
  g_assert_cmpint (gdk_pixbuf_get_width (decodes[0].pixbuf), ==, 333);
  later = _fs_image_decode_shared (path, NULL);
  g_assert_true (later == decodes[0].pixbuf);
  g_assert_true (_fs_image_lookup_shared (path) == later);
  g_object_unref (later);

  /* Another file under the same name is another decode. */
  g_usleep (20 * 1000);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (other, NULL),
                                      g_bytes_get_size (other), NULL));
  changed = _fs_image_decode_shared (path, NULL);
  g_assert_true (changed != decodes[0].pixbuf);
  g_assert_cmpint (gdk_pixbuf_get_width (changed), ==, 111);

  /* Forgotten, it is decoded again. */
  _fs_image_forget_shared ();
  g_assert_null (_fs_image_lookup_shared (path));
  fresh = _fs_image_decode_shared (path, NULL);
  g_assert_true (fresh != changed);

  for (guint i = 0; i < G_N_ELEMENTS (decodes); i++)
    g_object_unref (decodes[i].pixbuf);
}

/* What is not a regular file is refused, not waited on; what is not there
 * says so as gdk-pixbuf does. */
static void
test_decode_shared_refuses (void)
{
  g_autofree char *fifo = g_build_filename (test_dir (), "pipe.png", NULL);
  g_autofree char *missing = g_build_filename (test_dir (), "nothing-here.png", NULL);
  g_autoptr(GdkPixbuf) from_fifo = NULL;
  g_autoptr(GdkPixbuf) from_nothing = NULL;
  g_autoptr(GError) fifo_error = NULL;
  g_autoptr(GError) missing_error = NULL;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  from_fifo = _fs_image_decode_shared (fifo, &fifo_error);
  g_assert_null (from_fifo);
  g_assert_error (fifo_error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_null (_fs_image_lookup_shared (fifo));
  g_unlink (fifo);

  from_nothing = _fs_image_decode_shared (missing, &missing_error);
  g_assert_null (from_nothing);
  g_assert_error (missing_error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *cache = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = fs_test_make_dir ("fs-test-thumbnail-XXXXXX");
  cache = g_build_filename (tmp_dir, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);

  g_test_add_func ("/thumbnail/cache-created", test_cache_created);
  g_test_add_func ("/thumbnail/cache-per-size", test_cache_per_size);
  g_test_add_func ("/thumbnail/sizes", test_sizes);
  g_test_add_func ("/thumbnail/without-sha256", test_without_sha256);
  g_test_add_func ("/thumbnail/not-image", test_not_image);
  g_test_add_func ("/thumbnail/cancelled", test_cancelled);
  g_test_add_func ("/thumbnail/image-full-size", test_image_full_size);
  g_test_add_func ("/thumbnail/exif-orientation", test_exif_orientation);
  g_test_add_func ("/thumbnail/decode-shared", test_decode_shared);
  g_test_add_func ("/thumbnail/decode-shared-refuses", test_decode_shared_refuses);

  status = g_test_run ();
  fs_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
