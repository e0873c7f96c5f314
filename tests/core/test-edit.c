/* test-edit.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Editing an image with FLUX.1 Fill and Expand: the mask as BFL asks for
 * it (an 8-bit greyscale PNG the size of the image, white = change), the
 * image an edit starts from, the bodies BFL receives, what the offline
 * sandbox makes of both, and the lineage a saved result records. */

#include "config.h"

#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "fs-asset-lineage.h"
#include "fs-catalog.h"
#include "fs-error.h"
#include "fs-file.h"
#include "fs-image.h"
#include "fs-job.h"
#include "fs-mask.h"
#include "fs-provider.h"
#include "fs-reference-store.h"
#include "fs-request.h"
#include "fs-test-util.h"

#define TEST_KEY "test-key-edit-5a1"

static FsCatalog *catalog;

/* Helpers ---------------------------------------------------------------------- */

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static GdkPixbuf *
decode_png (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("png", &error);

  g_assert_no_error (error);
  gdk_pixbuf_loader_write_bytes (loader, bytes, &error);
  g_assert_no_error (error);
  gdk_pixbuf_loader_close (loader, &error);
  g_assert_no_error (error);
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

/* By the format's name: gdk-pixbuf's guess needs shared-mime-info, which
 * the isolated directories hide. */
static GdkPixbuf *
decode_any (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  const guint8 *data = g_bytes_get_data (bytes, NULL);
  g_autoptr(GdkPixbufLoader) loader =
    gdk_pixbuf_loader_new_with_type (data[0] == 0x89 ? "png" : "jpeg", &error);

  gdk_pixbuf_loader_write_bytes (loader, bytes, &error);
  g_assert_no_error (error);
  gdk_pixbuf_loader_close (loader, &error);
  g_assert_no_error (error);
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

static const guint8 *
pixel (GdkPixbuf *pixbuf,
       int        x,
       int        y)
{
  return gdk_pixbuf_read_pixels (pixbuf) + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf) +
         (gsize) x * gdk_pixbuf_get_n_channels (pixbuf);
}

static FsModel *
lookup (const char *id)
{
  FsModel *model = fs_catalog_lookup (catalog, id);

  g_assert_nonnull (model);
  return model;
}

static char *
write_temp (const char *dir,
            const char *name,
            GBytes     *bytes)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static GBytes *
save_pixbuf (GdkPixbuf  *pixbuf,
             const char *format)
{
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, format, &error, NULL);
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, size);
}

/* Masks ---------------------------------------------------------------------- */

/* The bytes are a PNG with one IHDR saying @width × @height, 8 bits,
 * colour type 0 (greyscale), and every pixel reads back as written. */
static void
test_mask_png (void)
{
  const guint width = 101, height = 37;
  g_autofree guint8 *values = g_malloc ((gsize) width * height);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *data;
  gsize size;
  guint read_width = 0, read_height = 0;

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      values[y * width + x] = (guint8) ((x * 7 + y * 3) % 256);

  png = fs_mask_encode_png (values, width, height, width);
  data = g_bytes_get_data (png, &size);
  g_assert_cmpuint (size, >, 8 + 25 + 12);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpuint (read_be32 (data + 8), ==, 13);
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  g_assert_cmpuint (read_be32 (data + 16), ==, width);
  g_assert_cmpuint (read_be32 (data + 20), ==, height);
  g_assert_cmpuint (data[24], ==, 8);  /* bit depth */
  g_assert_cmpuint (data[25], ==, 0);  /* greyscale */
  g_assert_cmpuint (data[28], ==, 0);  /* not interlaced */
  g_assert_cmpmem (data + size - 12, 12, "\0\0\0\0IEND\xae\x42\x60\x82", 12);

  /* gdk-pixbuf (and so any decoder) reads it: grey, value for value. */
  pixbuf = decode_png (png);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, height);
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        const guint8 *p = pixel (pixbuf, x, y);

        g_assert_cmpuint (p[0], ==, values[y * width + x]);
        g_assert_cmpuint (p[1], ==, p[0]);
        g_assert_cmpuint (p[2], ==, p[0]);
      }

  back = fs_mask_decode (png, &read_width, &read_height, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read_width, ==, width);
  g_assert_cmpuint (read_height, ==, height);
  g_assert_cmpmem (g_bytes_get_data (back, NULL), g_bytes_get_size (back), values,
                   (gsize) width * height);
}

/* A padded buffer (the canvas's rows) encodes the same as a packed one. */
static void
test_mask_stride (void)
{
  guint8 packed[4 * 3] = { 0, 255, 0, 255, 255, 255, 0, 0, 9, 8, 7, 6 };
  guint8 padded[6 * 3] = { 0 };
  g_autoptr(GBytes) a = NULL;
  g_autoptr(GBytes) b = NULL;

  for (guint y = 0; y < 3; y++)
    memcpy (padded + y * 6, packed + y * 4, 4);

  a = fs_mask_encode_png (packed, 4, 3, 4);
  b = fs_mask_encode_png (padded, 4, 3, 6);
  g_assert_true (g_bytes_equal (a, b));
}

static void
test_mask_encode_async (void)
{
  g_autofree guint8 *values = g_malloc0 (64 * 48);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsReference) mask = NULL;

  memset (values + 64 * 10, 255, 64 * 5);
  bytes = g_bytes_new (values, 64 * 48);
  fs_mask_encode_async (bytes, 64, 48, NULL, fs_test_result_cb, &result);
  mask = fs_mask_encode_finish (fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fs_reference_get_mime_type (mask), ==, "image/png");
  g_assert_cmpuint (fs_reference_get_width (mask), ==, 64);
  g_assert_cmpuint (fs_reference_get_height (mask), ==, 48);
  g_assert_cmpuint (strlen (fs_reference_get_sha256 (mask)), ==, 64);
}

static FsReference *
load_mask (FsReference *image,
           const char  *path,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;

  fs_mask_load_file_async (file, image, NULL, fs_test_result_cb, &result);
  return fs_mask_load_file_finish (fs_test_wait_result (&result), error);
}

static guint8
mask_value (FsReference *mask,
            guint        x,
            guint        y)
{
  g_autoptr(GError) error = NULL;
  guint width, height;
  g_autoptr(GBytes) values = fs_mask_decode (fs_reference_get_bytes (mask), &width, &height,
                                             &error);

  g_assert_no_error (error);
  return ((const guint8 *) g_bytes_get_data (values, NULL))[y * width + x];
}

/* A mask made elsewhere: its luminance, or its alpha where it has any
 * transparency; another size is refused, naming both sizes. */
static void
test_mask_load_file (void)
{
  g_autofree char *dir = fs_test_make_dir ("fs-edit-XXXXXX");
  g_autoptr(FsEditSource) source = fs_test_edit_source (120, 80, 0x336699ff);
  g_autoptr(GdkPixbuf) grey = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 120, 80);
  g_autoptr(GdkPixbuf) alpha = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 120, 80);
  g_autoptr(GdkPixbuf) opaque = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 120, 80);
  g_autoptr(GdkPixbuf) area = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(FsReference) mask = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *wrong = NULL;

  /* White rectangle on black: white is what changes. */
  gdk_pixbuf_fill (grey, 0x000000ff);
  area = gdk_pixbuf_new_subpixbuf (grey, 10, 20, 30, 40);
  gdk_pixbuf_fill (area, 0xffffffff);
  g_clear_object (&area);
  bytes = save_pixbuf (grey, "png");
  path = write_temp (dir, "grey.png", bytes);
  mask = load_mask (source->image, path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fs_reference_get_width (mask), ==, 120);
  g_assert_cmpuint (fs_reference_get_height (mask), ==, 80);
  g_assert_cmpuint (mask_value (mask, 15, 25), ==, 255);
  g_assert_cmpuint (mask_value (mask, 0, 0), ==, 0);
  g_assert_cmpuint (mask_value (mask, 41, 25), ==, 0);
  g_clear_object (&mask);
  g_clear_pointer (&bytes, g_bytes_unref);
  g_clear_pointer (&path, g_free);

  /* Painted strokes on a transparent layer: the alpha is the mask, even
   * though the stroke is black. */
  gdk_pixbuf_fill (alpha, 0xffffff00);
  area = gdk_pixbuf_new_subpixbuf (alpha, 50, 10, 20, 20);
  gdk_pixbuf_fill (area, 0x000000ff);
  g_clear_object (&area);
  bytes = save_pixbuf (alpha, "png");
  path = write_temp (dir, "alpha.png", bytes);
  mask = load_mask (source->image, path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mask_value (mask, 55, 15), ==, 255);
  g_assert_cmpuint (mask_value (mask, 5, 5), ==, 0);
  g_clear_object (&mask);
  g_clear_pointer (&bytes, g_bytes_unref);
  g_clear_pointer (&path, g_free);

  /* An alpha channel that is opaque everywhere says nothing: luminance. */
  gdk_pixbuf_fill (opaque, 0x000000ff);
  area = gdk_pixbuf_new_subpixbuf (opaque, 0, 0, 10, 10);
  gdk_pixbuf_fill (area, 0xffffffff);
  g_clear_object (&area);
  bytes = save_pixbuf (opaque, "png");
  path = write_temp (dir, "opaque.png", bytes);
  mask = load_mask (source->image, path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mask_value (mask, 5, 5), ==, 255);
  g_assert_cmpuint (mask_value (mask, 50, 50), ==, 0);
  g_clear_object (&mask);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* Another size: refused with both sizes named. */
  bytes = fs_test_make_image ("png", 100, 80, 0xffffffff);
  wrong = write_temp (dir, "wrong.png", bytes);
  mask = load_mask (source->image, wrong, &error);
  g_assert_null (mask);
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "100×80"));
  g_assert_nonnull (strstr (error->message, "120×80"));
  g_clear_error (&error);

  /* Not an image at all. */
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = g_bytes_new_static ("not a mask", 10);
  g_clear_pointer (&wrong, g_free);
  wrong = write_temp (dir, "text.png", bytes);
  mask = load_mask (source->image, wrong, &error);
  g_assert_null (mask);
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);

  fs_test_remove_dir (dir);
}

/* A photo above 4 MP is downscaled to be sent; its mask, drawn at the
 * photo's size, is scaled with it. */
static void
test_mask_load_downscaled (void)
{
  g_autofree char *dir = fs_test_make_dir ("fs-edit-XXXXXX");
  g_autoptr(GBytes) photo = fs_test_make_image ("png", 3000, 2000, 0x808080ff);
  g_autoptr(GdkPixbuf) drawn = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 3000, 2000);
  g_autoptr(GdkPixbuf) left = NULL;
  g_autoptr(GBytes) mask_bytes = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(FsEditSource) source = NULL;
  g_autoptr(FsReference) mask = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *photo_path = write_temp (dir, "photo.png", photo);
  g_autofree char *mask_path = NULL;
  g_autofree char *sha256 = fs_file_sha256_bytes (photo);
  guint width, height;

  file = g_file_new_for_path (photo_path);
  fs_edit_source_load_async (file, NULL, fs_test_result_cb, &result);
  source = fs_edit_source_load_finish (fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (source->sha256, ==, sha256);
  g_assert_cmpstr (source->path, ==, photo_path);
  width = fs_reference_get_width (source->image);
  height = fs_reference_get_height (source->image);
  g_assert_cmpuint ((guint64) width * height, <=, 4194304);
  g_assert_cmpuint (width, <, 3000);

  /* The left half is to change. */
  gdk_pixbuf_fill (drawn, 0x000000ff);
  left = gdk_pixbuf_new_subpixbuf (drawn, 0, 0, 1500, 2000);
  gdk_pixbuf_fill (left, 0xffffffff);
  mask_bytes = save_pixbuf (drawn, "png");
  mask_path = write_temp (dir, "mask.png", mask_bytes);
  mask = load_mask (source->image, mask_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fs_reference_get_width (mask), ==, width);
  g_assert_cmpuint (fs_reference_get_height (mask), ==, height);
  g_assert_cmpuint (mask_value (mask, width / 4, height / 2), ==, 255);
  g_assert_cmpuint (mask_value (mask, width * 3 / 4, height / 2), ==, 0);

  fs_test_remove_dir (dir);
}

static void
test_source_load_refuses (void)
{
  g_autofree char *dir = fs_test_make_dir ("fs-edit-XXXXXX");
  g_autoptr(GBytes) text = g_bytes_new_static ("hello", 5);
  g_autofree char *path = write_temp (dir, "note.png", text);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(FsEditSource) source = NULL;
  g_autoptr(GError) error = NULL;

  fs_edit_source_load_async (file, NULL, fs_test_result_cb, &result);
  source = fs_edit_source_load_finish (fs_test_wait_result (&result), &error);
  g_assert_null (source);
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&result);

  fs_edit_source_load_async (folder, NULL, fs_test_result_cb, &result);
  source = fs_edit_source_load_finish (fs_test_wait_result (&result), &error);
  g_assert_null (source);
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);

  fs_test_remove_dir (dir);
}

/* BFL bodies ---------------------------------------------------------------- */

static FsHttpCall *
build_bfl (FsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FsProvider) provider = fs_provider_new ("bfl", NULL, &error);
  FsHttpCall *call;

  g_assert_no_error (error);
  g_assert_true (fs_request_check (request, catalog, &error));
  call = fs_provider_build_submit (provider, request,
                                   lookup (fs_request_get_model_id (request)), TEST_KEY, &error);
  g_assert_no_error (error);
  return call;
}

static JsonObject *
body_of (FsHttpCall *call)
{
  JsonNode *root = fs_http_call_get_json (call);

  g_assert_nonnull (root);
  return json_node_get_object (root);
}

static GBytes *
base64_member (JsonObject *body,
               const char *name)
{
  const char *text = json_object_get_string_member (body, name);
  gsize size = 0;
  guchar *data;

  g_assert_nonnull (text);
  /* Bare base64, as BFL takes it: no data: URL. */
  g_assert_false (g_str_has_prefix (text, "data:"));
  data = g_base64_decode (text, &size);
  return g_bytes_new_take (data, size);
}

static void
test_bfl_fill (void)
{
  g_autoptr(FsEditSource) source = fs_test_edit_source (160, 96, 0x2266aaff);
  g_autoptr(FsReference) mask = fs_test_mask (160, 96, 40, 20, 30, 50);
  g_autoptr(FsRequest) request = fs_request_new ("bfl", "flux-pro-1.0-fill");
  g_autoptr(FsHttpCall) call = NULL;
  g_autoptr(GBytes) image = NULL;
  g_autoptr(GBytes) sent_mask = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  JsonObject *body;

  fs_request_set_prompt (request, "a red door");
  fs_request_set_image (request, source);
  fs_request_set_mask (request, mask);
  fs_test_set_int (request, "steps", 30);
  fs_test_set_double (request, "guidance", 42.5);
  fs_test_set_int (request, "seed", 7);
  fs_test_set_bool (request, "prompt_upsampling", FALSE);
  fs_test_set_string (request, "output_format", "png");
  fs_test_set_int (request, "safety_tolerance", 2);

  call = build_bfl (request);
  g_assert_cmpstr (fs_http_call_get_url (call), ==, "https://api.bfl.ai/v1/flux-pro-1.0-fill");
  body = body_of (call);
  g_assert_cmpstr (json_object_get_string_member (body, "prompt"), ==, "a red door");
  g_assert_cmpint (json_object_get_int_member (body, "steps"), ==, 30);
  g_assert_cmpfloat (json_object_get_double_member (body, "guidance"), ==, 42.5);
  g_assert_cmpint (json_object_get_int_member (body, "seed"), ==, 7);
  g_assert_false (json_object_get_boolean_member (body, "prompt_upsampling"));
  g_assert_cmpstr (json_object_get_string_member (body, "output_format"), ==, "png");
  g_assert_cmpint (json_object_get_int_member (body, "safety_tolerance"), ==, 2);
  g_assert_false (json_object_has_member (body, "input_image"));
  g_assert_false (json_object_has_member (body, "top"));
  g_assert_cmpuint (json_object_get_size (body), ==, 9);

  /* The image as prepared, the mask as an 8-bit grey PNG of its size. */
  image = base64_member (body, "image");
  g_assert_true (g_bytes_equal (image, fs_reference_get_bytes (source->image)));
  sent_mask = base64_member (body, "mask");
  g_assert_true (g_bytes_equal (sent_mask, fs_reference_get_bytes (mask)));
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (sent_mask, NULL))[25], ==, 0);
  pixbuf = decode_png (sent_mask);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 160);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 96);
  g_assert_cmpuint (pixel (pixbuf, 50, 30)[0], ==, 255);
  g_assert_cmpuint (pixel (pixbuf, 10, 10)[0], ==, 0);
}

static void
test_bfl_expand (void)
{
  g_autoptr(FsEditSource) source = fs_test_edit_source (160, 96, 0x2266aaff);
  g_autoptr(FsRequest) request = fs_request_new ("bfl", "flux-pro-1.0-expand");
  g_autoptr(FsHttpCall) call = NULL;
  g_autoptr(GBytes) image = NULL;
  FsMargins margins = { 8, 16, 0, 2048 };
  JsonObject *body;

  /* No prompt: Expand continues the scene by itself. */
  fs_request_set_prompt (request, "");
  fs_request_set_image (request, source);
  fs_request_set_margins (request, &margins);
  fs_test_set_int (request, "steps", 50);
  fs_test_set_double (request, "guidance", 60);

  call = build_bfl (request);
  g_assert_cmpstr (fs_http_call_get_url (call), ==, "https://api.bfl.ai/v1/flux-pro-1.0-expand");
  body = body_of (call);
  g_assert_cmpstr (json_object_get_string_member (body, "prompt"), ==, "");
  g_assert_cmpint (json_object_get_int_member (body, "top"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (body, "bottom"), ==, 16);
  g_assert_cmpint (json_object_get_int_member (body, "left"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (body, "right"), ==, 2048);
  g_assert_cmpint (json_object_get_int_member (body, "steps"), ==, 50);
  g_assert_false (json_object_has_member (body, "mask"));
  image = base64_member (body, "image");
  g_assert_true (g_bytes_equal (image, fs_reference_get_bytes (source->image)));
}

/* Without its image or mask the provider refuses to build the call. */
static void
test_bfl_refuses (void)
{
  g_autoptr(FsEditSource) source = fs_test_edit_source (160, 96, 0x2266aaff);
  g_autoptr(FsProvider) provider = fs_provider_new ("bfl", NULL, NULL);
  g_autoptr(FsRequest) request = fs_request_new ("bfl", "flux-pro-1.0-fill");
  g_autoptr(FsHttpCall) call = NULL;
  g_autoptr(GError) error = NULL;

  fs_request_set_prompt (request, "x");
  fs_request_set_image (request, source);
  call = fs_provider_build_submit (provider, request, lookup ("flux-pro-1.0-fill"), TEST_KEY,
                                   &error);
  g_assert_null (call);
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
}

/* The sandbox ------------------------------------------------------------------ */

static GBytes *
synthesize (FsRequest *request)
{
  g_autoptr(FsProvider) provider = fs_provider_new ("sandbox", NULL, NULL);
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  g_assert_true (fs_request_check (request, catalog, &error));
  bytes = fs_provider_synthesize (provider, request, lookup (fs_request_get_model_id (request)),
                                  0, &error);
  g_assert_no_error (error);
  return bytes;
}

/* Inside the mask the sandbox paints; outside it every pixel is the
 * image's own, and the result is the image's size. */
static void
test_sandbox_fill (void)
{
  g_autoptr(FsEditSource) source = fs_test_edit_source (200, 120, 0x2266aaff);
  g_autoptr(FsReference) mask = fs_test_mask (200, 120, 50, 30, 80, 40);
  g_autoptr(FsRequest) request = fs_request_new ("sandbox", "flux-pro-1.0-fill");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkPixbuf) result = NULL;
  g_autoptr(GBytes) again = NULL;
  guint changed = 0;

  fs_request_set_prompt (request, "a window in #ff2200");
  fs_request_set_image (request, source);
  fs_request_set_mask (request, mask);
  fs_test_set_string (request, "output_format", "png");
  fs_test_set_int (request, "seed", 11);

  bytes = synthesize (request);
  result = decode_any (bytes);
  g_assert_cmpint (gdk_pixbuf_get_width (result), ==, 200);
  g_assert_cmpint (gdk_pixbuf_get_height (result), ==, 120);

  for (int y = 0; y < 120; y++)
    for (int x = 0; x < 200; x++)
      {
        const guint8 *p = pixel (result, x, y);
        gboolean inside = x >= 50 && x < 130 && y >= 30 && y < 70;

        if (!inside)
          {
            g_assert_cmpuint (p[0], ==, 0x22);
            g_assert_cmpuint (p[1], ==, 0x66);
            g_assert_cmpuint (p[2], ==, 0xaa);
          }
        else if (p[0] != 0x22 || p[1] != 0x66 || p[2] != 0xaa)
          changed++;
      }

  /* Nearly everything under the mask was painted. */
  g_assert_cmpuint (changed, >, 80 * 40 * 9 / 10);

  /* A pure function of the request. */
  again = synthesize (request);
  g_assert_true (g_bytes_equal (bytes, again));
}

/* The image keeps its pixels at its margins; the new canvas is the image
 * grown by them, and the margins are filled. */
static void
test_sandbox_expand (void)
{
  g_autoptr(FsEditSource) source = fs_test_edit_source (200, 100, 0x2266aaff);
  g_autoptr(FsRequest) request = fs_request_new ("sandbox", "flux-pro-1.0-expand");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkPixbuf) result = NULL;
  FsMargins margins = { 10, 20, 30, 340 };
  guint differ = 0;

  fs_request_set_prompt (request, "more sky");
  fs_request_set_image (request, source);
  fs_request_set_margins (request, &margins);
  fs_test_set_string (request, "output_format", "png");

  bytes = synthesize (request);
  result = decode_any (bytes);
  g_assert_cmpint (gdk_pixbuf_get_width (result), ==, 200 + 30 + 340);
  g_assert_cmpint (gdk_pixbuf_get_height (result), ==, 100 + 10 + 20);

  for (int y = 0; y < 100; y++)
    for (int x = 0; x < 200; x++)
      {
        const guint8 *p = pixel (result, 30 + x, 10 + y);

        g_assert_cmpuint (p[0], ==, 0x22);
        g_assert_cmpuint (p[1], ==, 0x66);
        g_assert_cmpuint (p[2], ==, 0xaa);
      }

  /* Far from the image, the margin is the sandbox's own picture. */
  for (int x = 400; x < 570; x++)
    {
      const guint8 *p = pixel (result, x, 60);

      if (p[0] != 0x22 || p[1] != 0x66 || p[2] != 0xaa)
        differ++;
    }
  g_assert_cmpuint (differ, >, 150);
}

/* Expanding a 4 MP image by the most BFL allows stays within the sandbox. */
static void
test_sandbox_expand_largest (void)
{
  g_autoptr(FsEditSource) source = fs_test_edit_source (2048, 2048, 0x2266aaff);
  g_autoptr(FsRequest) request = fs_request_new ("sandbox", "flux-pro-1.0-expand");
  g_autoptr(GBytes) bytes = NULL;
  FsMargins margins = { 2048, 2048, 2048, 2048 };
  g_autofree char *mime = NULL;
  guint width = 0, height = 0;
  g_autoptr(GError) error = NULL;

  if (!g_test_slow ())
    {
      g_test_skip ("37 megapixels: run with -m slow");
      return;
    }

  fs_request_set_prompt (request, "");
  fs_request_set_image (request, source);
  fs_request_set_margins (request, &margins);
  bytes = synthesize (request);
  g_assert_true (fs_image_probe (bytes, &mime, NULL, &width, &height, &error));
  g_assert_cmpuint (width, ==, 6144);
  g_assert_cmpuint (height, ==, 6144);
}

/* A saved edit ---------------------------------------------------------------- */

/* A Fill job keeps the image and the mask in the reference store before
 * it sends anything, and its result records its parent, the mask and no
 * margins; the parent in the gallery finds it as its edit. */
/* The lineage is the sidecar's (format 3): a mark rewrites the sidecar
 * and keeps it, and a library opened again lists the images as light
 * assets whose edits are found in the index and whose lineage comes with
 * the record. */
static void
check_lineage_kept (const char  *dir,
                    FsAsset     *parent,
                    FsAsset     *edit,
                    FsReference *mask)
{
  g_autoptr(FsLibrary) library = NULL;
  g_autoptr(GPtrArray) marked = g_ptr_array_new ();
  g_autoptr(GPtrArray) edits = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *sidecar;
  FsAsset *light;

  library = fs_test_library_new (dir);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (library)); i++)
    {
      g_autoptr(FsAsset) item = g_list_model_get_item (G_LIST_MODEL (library), i);

      if (g_str_equal (fs_asset_get_path (item), fs_asset_get_path (edit)))
        g_ptr_array_add (marked, item);
    }
  g_assert_cmpuint (marked->len, ==, 1);
  fs_library_set_rating_async (library, marked, 4, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_library_set_rating_finish (library, fs_test_wait_result (&result), &error));
  g_assert_no_error (error);

  g_assert_true (json_parser_load_from_file (parser, fs_asset_get_sidecar_path (edit), &error));
  g_assert_no_error (error);
  sidecar = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (sidecar, "format"), ==, FS_SIDECAR_FORMAT);
  g_assert_cmpint (json_object_get_int_member (sidecar, "rating"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (sidecar,
                                                                                 "parent"),
                                                  "sha256"),
                   ==, fs_asset_get_sha256 (parent));
  g_assert_cmpstr (json_object_get_string_member (sidecar, "mask"), ==,
                   fs_reference_get_sha256 (mask));
  g_clear_object (&library);

  /* Opened again: light assets, listed from the index. */
  library = fs_test_library_new (dir);
  g_clear_object (&result);
  fs_library_find_edits_async (library, fs_asset_get_sha256 (parent), NULL, fs_test_result_cb,
                               &result);
  edits = fs_library_query_finish (library, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (edits->len, ==, 1);
  light = g_ptr_array_index (edits, 0);
  g_assert_cmpstr (fs_asset_get_path (light), ==, fs_asset_get_path (edit));
  g_assert_cmpuint (fs_asset_get_rating (light), ==, 4);
  g_clear_object (&result);
  fs_library_load_record_async (library, light, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_library_load_record_finish (library, fs_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fs_asset_get_parent_sha256 (light), ==, fs_asset_get_sha256 (parent));
  g_assert_cmpstr (fs_asset_get_mask_sha256 (light), ==, fs_reference_get_sha256 (mask));
}

static void
test_job_lineage (void)
{
  g_autofree char *dir = fs_test_make_dir ("fs-edit-job-XXXXXX");
  g_autoptr(FsLibrary) library = fs_test_library_new (dir);
  g_autoptr(FsProvider) provider = fs_provider_new ("sandbox", NULL, NULL);
  g_autoptr(FsAsset) parent = NULL;
  g_autoptr(FsEditSource) source = NULL;
  g_autoptr(FsReference) image = NULL;
  g_autoptr(FsReference) mask = NULL;
  g_autoptr(FsRequest) request = fs_request_new ("sandbox", "flux-pro-1.0-fill");
  g_autoptr(FsJob) job = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GPtrArray) edits = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) parent_bytes = NULL;
  g_autoptr(FsReference) stored = NULL;
  g_autoptr(FsAsset) found = NULL;
  g_autoptr(JsonNode) summary = NULL;
  FsAsset *edit;
  JsonObject *record;
  FsMargins margins;

  parent = fs_test_save_sandbox (library, catalog, "a house", 5, 256, 192);
  parent_bytes = fs_file_read_path (fs_asset_get_path (parent), FS_FILE_MAX_IMAGE_BYTES, NULL,
                                    &error);
  g_assert_no_error (error);
  image = fs_reference_new_from_bytes (parent_bytes, "parent.jpg", &error);
  g_assert_no_error (error);
  source = fs_edit_source_new (image, fs_asset_get_sha256 (parent), fs_asset_get_path (parent));
  mask = fs_test_mask (256, 192, 0, 0, 64, 64);

  fs_request_set_prompt (request, "a tree");
  fs_request_set_image (request, source);
  fs_request_set_mask (request, mask);
  job = fs_job_new (request, catalog, provider, library, NULL);
  assets = fs_test_run_job (job, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assets->len, ==, 1);
  edit = g_ptr_array_index (assets, 0);

  record = fs_asset_get_record (edit);
  g_assert_true (json_object_has_member (record, "parent"));
  g_assert_cmpstr (fs_asset_get_parent_sha256 (edit), ==, fs_asset_get_sha256 (parent));
  g_assert_cmpstr (fs_asset_get_parent_path (edit), ==, fs_asset_get_path (parent));
  g_assert_cmpstr (fs_asset_get_parent_sent (edit), ==, fs_reference_get_sha256 (image));
  g_assert_cmpstr (fs_asset_get_mask_sha256 (edit), ==, fs_reference_get_sha256 (mask));
  g_assert_false (fs_asset_get_margins (edit, &margins));
  g_assert_cmpuint (fs_asset_get_width (edit), ==, 256);

  /* Both in the store, for Remix. */
  fs_reference_store_load_async (fs_reference_get_sha256 (mask), NULL, fs_test_result_cb,
                                 &result);
  stored = fs_reference_store_load_finish (fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (fs_reference_get_bytes (stored), fs_reference_get_bytes (mask)));
  g_clear_object (&stored);
  g_clear_object (&result);
  fs_reference_store_load_async (fs_asset_get_parent_sent (edit), NULL, fs_test_result_cb,
                                 &result);
  stored = fs_reference_store_load_finish (fs_test_wait_result (&result), &error);
  g_assert_no_error (error);

  /* Both ways through the gallery. */
  found = fs_asset_find_parent (edit, G_LIST_MODEL (library));
  g_assert_true (found != NULL && g_str_equal (fs_asset_get_path (found),
                                               fs_asset_get_path (parent)));
  g_clear_object (&result);
  fs_library_find_edits_async (library, fs_asset_get_sha256 (parent), NULL, fs_test_result_cb,
                               &result);
  edits = fs_library_query_finish (library, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (edits->len, ==, 1);
  g_assert_cmpstr (fs_asset_get_path (edits->pdata[0]), ==, fs_asset_get_path (edit));
  g_assert_null (fs_asset_find_parent (parent, G_LIST_MODEL (library)));
  g_clear_pointer (&edits, g_ptr_array_unref);
  g_clear_object (&result);
  fs_library_find_edits_async (library, fs_asset_get_sha256 (edit), NULL, fs_test_result_cb,
                               &result);
  edits = fs_library_query_finish (library, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (edits->len, ==, 0);

  /* The CLI's --json record carries the same. */
  summary = fs_asset_to_summary_json (edit);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_node_get_object (summary), "parent"), "sha256"),
                   ==, fs_asset_get_sha256 (parent));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (summary), "mask"),
                   ==, fs_reference_get_sha256 (mask));

  check_lineage_kept (dir, parent, edit, mask);
  fs_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  catalog = fs_test_load_catalog ();

  g_test_add_func ("/edit/mask/png", test_mask_png);
  g_test_add_func ("/edit/mask/stride", test_mask_stride);
  g_test_add_func ("/edit/mask/encode-async", test_mask_encode_async);
  g_test_add_func ("/edit/mask/load-file", test_mask_load_file);
  g_test_add_func ("/edit/mask/load-downscaled", test_mask_load_downscaled);
  g_test_add_func ("/edit/source/refuses", test_source_load_refuses);
  g_test_add_func ("/edit/bfl/fill", test_bfl_fill);
  g_test_add_func ("/edit/bfl/expand", test_bfl_expand);
  g_test_add_func ("/edit/bfl/refuses", test_bfl_refuses);
  g_test_add_func ("/edit/sandbox/fill", test_sandbox_fill);
  g_test_add_func ("/edit/sandbox/expand", test_sandbox_expand);
  g_test_add_func ("/edit/sandbox/expand-largest", test_sandbox_expand_largest);
  g_test_add_func ("/edit/job/lineage", test_job_lineage);

  status = g_test_run ();
  g_object_unref (catalog);
  return status;
}
