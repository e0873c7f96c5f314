/* test-reference.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "fs-error.h"
#include "fs-file.h"
#include "fs-image.h"
#include "fs-reference.h"
#include "fs-test-util.h"

/* 64×64 WebP images, lossy (VP8) and lossless (VP8L), as written by
 * ImageMagick: Debian 12 has no WebP pixbuf loader, so these exercise the
 * probe's own reading of the format. */
static const guint8 webp_lossy[] = {
  0x52, 0x49, 0x46, 0x46, 0x52, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50,
  0x56, 0x50, 0x38, 0x20, 0x46, 0x00, 0x00, 0x00, 0xf0, 0x03, 0x00, 0x9d,
  0x01, 0x2a, 0x40, 0x00, 0x40, 0x00, 0x3e, 0x91, 0x48, 0xa0, 0x4c, 0x25,
  0xa4, 0x23, 0x22, 0x22, 0x08, 0x00, 0xb0, 0x12, 0x09, 0x69, 0x00, 0xd1,
  0xea, 0x80, 0x00, 0x10, 0x37, 0x53, 0x50, 0x05, 0x78, 0x85, 0xb9, 0x00,
  0x00, 0xfe, 0xeb, 0x36, 0xff, 0xf6, 0xa6, 0x09, 0x23, 0x20, 0x0f, 0xfd,
  0x0a, 0x36, 0x51, 0x27, 0xcc, 0x6c, 0x85, 0x10, 0xa9, 0x89, 0x60, 0x12,
  0x6c, 0x80, 0x00, 0x00, 0x00, 0x00
};

static const guint8 webp_lossless[] = {
  0x52, 0x49, 0x46, 0x46, 0x24, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50,
  0x56, 0x50, 0x38, 0x4c, 0x17, 0x00, 0x00, 0x00, 0x2f, 0x3f, 0xc0, 0x0f,
  0x00, 0x07, 0x50, 0xb3, 0xce, 0x34, 0xb3, 0xff, 0x01, 0x20, 0x21, 0xfc,
  0x7f, 0xaf, 0x45, 0xf4, 0x3f, 0xf5, 0x03, 0x00
};

/* A gradient, so that the encoded data is long enough to cut. */
static GBytes *
encode (const char *type,
        guint       width,
        guint       height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  char *data = NULL;
  gsize length = 0;

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint8 *pixel = pixels + y * stride + x * 3;

        pixel[0] = (guint8) (x * 7 + y);
        pixel[1] = (guint8) (y * 5);
        pixel[2] = (guint8) (x ^ y);
      }

  gdk_pixbuf_save_to_buffer (pixbuf, &data, &length, type, &error, NULL);
  g_assert_no_error (error);
  return g_bytes_new_take (data, length);
}

static GBytes *
truncated (GBytes *bytes,
           gsize   keep)
{
  return g_bytes_new_from_bytes (bytes, 0, keep);
}

static GBytes *
text_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
assert_probe (GBytes     *bytes,
              const char *mime_type,
              const char *extension,
              guint       width,
              guint       height)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *probed_mime = NULL;
  g_autofree char *probed_extension = NULL;
  guint probed_width = 0;
  guint probed_height = 0;

  g_assert_true (fs_image_probe (bytes, &probed_mime, &probed_extension,
                                 &probed_width, &probed_height, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (probed_mime, ==, mime_type);
  g_assert_cmpstr (probed_extension, ==, extension);
  g_assert_cmpuint (probed_width, ==, width);
  g_assert_cmpuint (probed_height, ==, height);
}

static void
assert_not_image (GBytes     *bytes,
                  const char *message)
{
  g_autoptr(GError) error = NULL;
  char *mime_type = NULL;

  g_assert_false (fs_image_probe (bytes, &mime_type, NULL, NULL, NULL, &error));
  g_assert_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE);
  g_assert_null (mime_type);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, message));
}

/* fs-image */

static void
test_probe_formats (void)
{
  g_autoptr(GBytes) png = encode ("png", 120, 90);
  g_autoptr(GBytes) jpeg = encode ("jpeg", 64, 100);
  g_autoptr(GBytes) lossy = g_bytes_new_static (webp_lossy, sizeof webp_lossy);
  g_autoptr(GBytes) lossless = g_bytes_new_static (webp_lossless, sizeof webp_lossless);
  g_autoptr(GBytes) bmp = encode ("bmp", 70, 65);

  assert_probe (png, "image/png", "png", 120, 90);
  assert_probe (jpeg, "image/jpeg", "jpg", 64, 100);
  assert_probe (lossy, "image/webp", "webp", 64, 64);
  assert_probe (lossless, "image/webp", "webp", 64, 64);
  assert_probe (bmp, "image/bmp", "bmp", 70, 65);
}

static void
test_probe_not_images (void)
{
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) text = text_bytes ("A cat on a mat.\n");
  g_autoptr(GBytes) html = text_bytes ("\n<!DOCTYPE html>\n"
                                       "<html><body>502 Bad Gateway</body></html>");
  g_autoptr(GBytes) json = text_bytes ("{\"error\":{\"message\":\"expired\"}}");
  g_autoptr(GBytes) binary = g_bytes_new_static ("\x01\x02\x03\x04\x00\xfe", 6);

  assert_not_image (empty, "empty");
  assert_not_image (text, "text, not an image");
  assert_not_image (html, "web page");
  assert_not_image (json, "text, not an image");
  assert_not_image (binary, "not an image");
}

/* Found by fuzzing (tests/fuzz/corpus/image-probe/): 44 bytes of GIF
 * whose header claims 65,288 × 65,496 pixels made gdk-pixbuf allocate
 * 17 GB. Such a header is refused before anything is allocated. */
static void
test_probe_huge_header (void)
{
  static const guint8 gif[] = {
    'G', 'I', 'F', '8', '9', 'a', 0x08, 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46,
    0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00,
    0x08, 0x00, 0x08, 0x00, 0x00, 0x02, 0x07, 0x84, 0x8f, 0xa9, 0xcb, 0xed, 0x5d, 0x00,
    0x00, 0x3b,
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (gif, sizeof gif);

  assert_not_image (bytes, "megapixels");
}

/* Found by fuzzing: six bytes that gdk-pixbuf's guess sends to its ICNS
 * loader, which then gives no picture and no error. A download like that
 * crashed the probe; it is not an image. */
static void
test_probe_no_picture (void)
{
  static const guint8 icns[] = { 'i', 'c', 'n', 's', 'l', 0x0c };
  g_autoptr(GBytes) bytes = g_bytes_new_static (icns, sizeof icns);

  assert_not_image (bytes, "");
}

/* Found by fuzzing (tests/fuzz/corpus/image-probe/arithmetic-jpeg-cut.jpg):
 * 194 bytes of arithmetic-coded JPEG that end inside the scan kept
 * libjpeg busy for more than ten minutes. A cut-off JPEG is refused
 * before it is decoded. */
static void
test_probe_cut_arithmetic_jpeg (void)
{
  static const guint8 jpeg[] = {
    0xff, 0xd8, 0x10, 0x3c, 0x01, 0x00, 0x00, 0xff, 0xdb, 0x00, 0x43, 0x00, 0x06, 0x04,
    0x05, 0x06, 0x05, 0x04, 0x06, 0x06, 0x45, 0x06, 0x07, 0x07, 0x06, 0x08, 0x0a, 0x10,
    0x0a, 0x0a, 0x09, 0x09, 0x0a, 0x14, 0x0e, 0x0f, 0x0c, 0x10, 0x17, 0x14, 0x18, 0x18,
    0x17, 0x14, 0x16, 0x16, 0x1a, 0x1d, 0x25, 0x1f, 0x1a, 0x1b, 0x23, 0x1c, 0x16, 0x16,
    0x20, 0x2c, 0x20, 0x23, 0x26, 0x27, 0x29, 0x2a, 0x29, 0x19, 0x1f, 0x2d, 0x30, 0x2d,
    0x28, 0x30, 0x25, 0x28, 0x29, 0x28, 0xff, 0xdb, 0x00, 0x43, 0x01, 0x07, 0x07, 0x07,
    0x0a, 0x08, 0x0a, 0x5b, 0x0a, 0x0a, 0x13, 0x28, 0x1a, 0x16, 0x1a, 0x28, 0x28, 0x28,
    0x28, 0x28, 0x28, 0x28, 0x28, 0x28, 0x3c, 0x68, 0x74, 0x6d, 0x6c, 0xff, 0xff, 0xff,
    0x0a, 0x28, 0x28, 0x28, 0x28, 0x28, 0x28, 0x28, 0x28, 0x28, 0x28, 0x28, 0x28, 0x28,
    0x28, 0x28, 0x28, 0x28, 0x28, 0x28, 0x28, 0x28, 0x28, 0x28, 0x28, 0x28, 0x28, 0x28,
    0x28, 0x28, 0x28, 0x28, 0x28, 0xff, 0xc9, 0x00, 0x11, 0x08, 0x00, 0x40, 0x00, 0x50,
    0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x00, 0x00, 0x05, 0x03, 0x01,
    0x04, 0x06, 0x07, 0x02, 0x08, 0x14, 0x32, 0x74, 0x41, 0x51, 0x91, 0xff, 0xda, 0x00,
    0x0c, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3f, 0x00, 0xd9
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (jpeg, sizeof jpeg);

  assert_not_image (bytes, "cut short");
}

/* Found by fuzzing (tests/fuzz/corpus/image-probe/bmp-huge-header.bmp):
 * 131 bytes of BMP whose header claims to be 2 GB long made gdk-pixbuf's
 * BMP loader allocate that. A BMP header that is not one of the known
 * sizes, or points past the file, is refused before decoding; a real BMP
 * still reads. */
static void
test_probe_bmp_header (void)
{
  static const guint8 bmp[] = {
    0x42, 0x4d, 0x47, 0x49, 0x46, 0x38, 0x39, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82,
    0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82,
    0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82,
    0x82, 0x82, 0x82, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x82, 0x82, 0x82, 0x82,
    0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82,
    0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82,
    0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x21,
    0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x82, 0x61, 0x08, 0x32,
    0x67, 0x65, 0x32, 0x21, 0x3b
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (bmp, sizeof bmp);
  g_autoptr(GBytes) real = encode ("bmp", 70, 64);
  g_autoptr(GError) error = NULL;
  guint width = 0, height = 0;

  assert_not_image (bytes, "BMP header");
  g_assert_true (fs_image_probe (real, NULL, NULL, &width, &height, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (width, ==, 70);
  g_assert_cmpuint (height, ==, 64);
}

/* PNG chunks put together by hand, for headers gdk-pixbuf would not
 * write. The CRCs are not checked by the probe. */
static void
png_chunk (GByteArray *out,
           const char *type,
           const void *data,
           guint32     length)
{
  guint8 be[4] = { length >> 24, length >> 16, length >> 8, length };

  g_byte_array_append (out, be, 4);
  g_byte_array_append (out, (const guint8 *) type, 4);
  if (length > 0)
    g_byte_array_append (out, data, length);
  g_byte_array_append (out, (const guint8 *) "\0\0\0\0", 4);
}

static GBytes *
png_with (guint32     width,
          guint32     height,
          guint8      depth,
          guint8      colour_type,
          const char *chunks)
{
  GByteArray *out = g_byte_array_new ();
  guint8 ihdr[13] = {
    width >> 24, width >> 16, width >> 8, width,
    height >> 24, height >> 16, height >> 8, height,
    depth, colour_type, 0, 0, 0
  };
  static const guint8 pixels[] = { 0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01 };
  static const guint8 palette[] = { 0, 0, 0 };

  g_byte_array_append (out, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  png_chunk (out, "IHDR", ihdr, sizeof ihdr);
  for (const char *c = chunks; *c != '\0'; c++)
    {
      if (*c == 'P')
        png_chunk (out, "PLTE", palette, sizeof palette);
      else if (*c == 'D')
        png_chunk (out, "IDAT", pixels, sizeof pixels);
    }
  png_chunk (out, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (out);
}

/* Results are probed by their headers, not decoded (docs/ARCHITECTURE.md,
 * “Gallery files”): a PNG whose pixel data is damaged still gives its
 * format and size, and only the headers and the chunk walk decide. */
static void
test_probe_header_only (void)
{
  g_autoptr(GBytes) png = encode ("png", 90, 70);
  g_autoptr(GBytes) jpeg = encode ("jpeg", 90, 70);
  gsize size = g_bytes_get_size (png);
  g_autofree guint8 *damaged = g_memdup2 (g_bytes_get_data (png, NULL), size);
  g_autoptr(GBytes) damaged_png = NULL;
  g_autoptr(GBytes) palette = png_with (4, 4, 8, 3, "PD");
  g_autoptr(GBytes) grey = png_with (3, 5, 1, 0, "D");
  gsize idat = 8;

  /* Eight bytes into the pixel data, past the zlib header. */
  while (idat + 8 < size && memcmp (damaged + idat, "IDAT", 4) != 0)
    idat++;
  g_assert_cmpuint (idat + 4 + 16, <, size);
  memset (damaged + idat + 4 + 8, 0xa5, 8);
  damaged_png = g_bytes_new (damaged, size);

  assert_probe (damaged_png, "image/png", "png", 90, 70);
  assert_probe (palette, "image/png", "png", 4, 4);
  assert_probe (grey, "image/png", "png", 3, 5);
  assert_probe (jpeg, "image/jpeg", "jpg", 90, 70);
}

/* Headers that describe no picture are refused by the header probe. */
static void
test_probe_bad_headers (void)
{
  g_autoptr(GBytes) no_pixels = png_with (4, 4, 8, 2, "");
  g_autoptr(GBytes) no_palette = png_with (4, 4, 8, 3, "D");
  g_autoptr(GBytes) palette_late = png_with (4, 4, 8, 3, "DP");
  g_autoptr(GBytes) zero_width = png_with (0, 4, 8, 2, "D");
  g_autoptr(GBytes) bad_depth = png_with (4, 4, 4, 2, "D");
  g_autoptr(GBytes) bad_type = png_with (4, 4, 8, 5, "D");
  g_autoptr(GBytes) huge = png_with (60000, 60000, 8, 2, "D");
  /* SOI, a lossless (SOF3) frame of 8×8, one component, then SOS and EOI. */
  static const guint8 lossless[] = {
    0xff, 0xd8, 0xff, 0xc3, 0x00, 0x0b, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11,
    0x00, 0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0xff, 0xd9
  };
  /* The same as baseline (SOF0) with a height of 0 (DNL, which libjpeg
   * does not read) and with 65,535 × 65,535 pixels. */
  static const guint8 no_height[] = {
    0xff, 0xd8, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x00, 0x00, 0x08, 0x01, 0x01, 0x11,
    0x00, 0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0x00, 0xff, 0xd9
  };
  static const guint8 huge_jpeg[] = {
    0xff, 0xd8, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0xff, 0xff, 0xff, 0xff, 0x01, 0x01, 0x11,
    0x00, 0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0x00, 0xff, 0xd9
  };
  /* EOI with no frame at all. */
  static const guint8 no_frame[] = { 0xff, 0xd8, 0xff, 0xd9 };
  g_autoptr(GBytes) lossless_bytes = g_bytes_new_static (lossless, sizeof lossless);
  g_autoptr(GBytes) no_height_bytes = g_bytes_new_static (no_height, sizeof no_height);
  g_autoptr(GBytes) huge_jpeg_bytes = g_bytes_new_static (huge_jpeg, sizeof huge_jpeg);
  g_autoptr(GBytes) no_frame_bytes = g_bytes_new_static (no_frame, sizeof no_frame);

  assert_not_image (no_pixels, "damaged");
  assert_not_image (no_palette, "damaged");
  assert_not_image (palette_late, "damaged");
  assert_not_image (zero_width, "damaged");
  assert_not_image (bad_depth, "damaged");
  assert_not_image (bad_type, "damaged");
  assert_not_image (huge, "megapixels");
  assert_not_image (lossless_bytes, "damaged");
  assert_not_image (no_height_bytes, "damaged");
  assert_not_image (huge_jpeg_bytes, "megapixels");
  assert_not_image (no_frame_bytes, "damaged");
}

/* A download cut off anywhere must not pass for an image. */
static void
test_probe_truncated (void)
{
  g_autoptr(GBytes) png = encode ("png", 200, 150);
  g_autoptr(GBytes) jpeg = encode ("jpeg", 200, 150);
  g_autoptr(GBytes) lossy = g_bytes_new_static (webp_lossy, sizeof webp_lossy);
  const gsize png_size = g_bytes_get_size (png);
  const gsize jpeg_size = g_bytes_get_size (jpeg);
  const gsize cuts[] = { 2, 8, 40, 200 };

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autoptr(GBytes) cut_png = truncated (png, cuts[i]);
      g_autoptr(GBytes) cut_jpeg = truncated (jpeg, cuts[i]);

      assert_not_image (cut_png, "");
      assert_not_image (cut_jpeg, "");
    }

  for (guint i = 1; i <= 3; i++)
    {
      g_autoptr(GBytes) cut_png = truncated (png, png_size * i / 4);
      g_autoptr(GBytes) cut_jpeg = truncated (jpeg, jpeg_size * i / 4);

      assert_not_image (cut_png, "cut short");
      assert_not_image (cut_jpeg, "cut short");
    }

  {
    g_autoptr(GBytes) one_short = truncated (png, png_size - 1);
    g_autoptr(GBytes) jpeg_short = truncated (jpeg, jpeg_size - 1);
    g_autoptr(GBytes) webp_short = truncated (lossy, sizeof webp_lossy - 10);

    assert_not_image (one_short, "cut short");
    assert_not_image (jpeg_short, "cut short");
    assert_not_image (webp_short, "cut short");
  }
}

static void
test_sha256 (void)
{
  g_autoptr(GBytes) abc = text_bytes ("abc");
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autofree char *abc_hash = fs_file_sha256_bytes (abc);
  g_autofree char *empty_hash = fs_file_sha256_bytes (empty);

  g_assert_cmpstr (abc_hash, ==,
                   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  g_assert_cmpstr (empty_hash, ==,
                   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* fs-reference */

static void
test_reference_png (void)
{
  g_autoptr(GBytes) bytes = encode ("png", 300, 200);
  g_autoptr(GError) error = NULL;
  g_autoptr(FsReference) reference = fs_reference_new_from_bytes (bytes, "logo.png", &error);
  g_autofree char *hash = fs_file_sha256_bytes (bytes);
  g_autofree char *base64 = NULL;
  g_autofree char *data_url = NULL;
  g_autofree guint8 *decoded = NULL;
  gsize decoded_length = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (fs_reference_get_name (reference), ==, "logo.png");
  g_assert_cmpstr (fs_reference_get_mime_type (reference), ==, "image/png");
  g_assert_cmpstr (fs_reference_get_extension (reference), ==, "png");
  g_assert_cmpuint (fs_reference_get_width (reference), ==, 300);
  g_assert_cmpuint (fs_reference_get_height (reference), ==, 200);
  g_assert_cmpstr (fs_reference_get_sha256 (reference), ==, hash);
  g_assert_true (g_bytes_equal (fs_reference_get_bytes (reference), bytes));

  base64 = fs_reference_dup_base64 (reference);
  g_assert_null (strchr (base64, ','));
  decoded = g_base64_decode (base64, &decoded_length);
  g_assert_cmpmem (decoded, decoded_length,
                   g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  data_url = fs_reference_dup_data_url (reference);
  g_assert_true (g_str_has_prefix (data_url, "data:image/png;base64,"));
  g_assert_cmpstr (data_url + strlen ("data:image/png;base64,"), ==, base64);
}

static void
test_reference_jpeg_webp (void)
{
  g_autoptr(GBytes) jpeg = encode ("jpeg", 64, 64);
  g_autoptr(GBytes) webp = g_bytes_new_static (webp_lossy, sizeof webp_lossy);
  g_autoptr(GError) error = NULL;
  g_autoptr(FsReference) from_jpeg = fs_reference_new_from_bytes (jpeg, "photo.jpeg", &error);
  g_autoptr(FsReference) from_webp = NULL;
  g_autofree char *data_url = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (fs_reference_get_extension (from_jpeg), ==, "jpg");
  g_assert_cmpstr (fs_reference_get_mime_type (from_jpeg), ==, "image/jpeg");

  from_webp = fs_reference_new_from_bytes (webp, "swatch.webp", &error);
  g_assert_no_error (error);
  data_url = fs_reference_dup_data_url (from_webp);
  g_assert_true (g_str_has_prefix (data_url, "data:image/webp;base64,UklGR"));
}

static void
assert_refused (GBytes     *bytes,
                const char *name,
                const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FsReference) reference = fs_reference_new_from_bytes (bytes, name, &error);

  g_assert_null (reference);
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, message));
}

/* 64×64 is the smallest input the providers take. */
static void
test_reference_size_limit (void)
{
  static const guint sizes[][2] = { { 64, 64 }, { 64, 2000 }, { 2000, 64 } };
  static const guint small[][2] = { { 63, 64 }, { 64, 63 }, { 32, 32 }, { 1, 1 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GBytes) bytes = encode ("png", sizes[i][0], sizes[i][1]);
      g_autoptr(GError) error = NULL;
      g_autoptr(FsReference) reference = fs_reference_new_from_bytes (bytes, "ok.png", &error);

      g_assert_no_error (error);
      g_assert_nonnull (reference);
    }

  for (guint i = 0; i < G_N_ELEMENTS (small); i++)
    {
      g_autoptr(GBytes) bytes = encode ("png", small[i][0], small[i][1]);
      g_autofree char *message = g_strdup_printf ("“icon.png” is %u×%u; references must be "
                                                  "at least 64×64", small[i][0], small[i][1]);

      assert_refused (bytes, "icon.png", message);
    }
}

static void
test_reference_not_image (void)
{
  g_autoptr(GBytes) text = text_bytes ("not a picture");
  g_autoptr(GBytes) html = text_bytes ("<html><head><title>Error</title></head></html>");
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) png = encode ("png", 100, 100);
  g_autoptr(GBytes) cut = truncated (png, g_bytes_get_size (png) / 2);

  assert_refused (text, "notes.txt", "“notes.txt” cannot be used as a reference");
  assert_refused (html, "page.png", "web page");
  assert_refused (empty, "empty.png", "empty");
  assert_refused (cut, "half.png", "cut short");
}

static FsReference *
load (GFile   *file,
      GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fs_reference_load_async (file, NULL, fs_test_result_cb, &result);

  return fs_reference_load_finish (fs_test_wait_result (&result), error);
}

static GFile *
write_temp (GBytes     *bytes,
            const char *name)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static void
test_reference_load_async (void)
{
  g_autoptr(GBytes) png = encode ("png", 128, 96);
  g_autoptr(GBytes) text = text_bytes ("just words");
  g_autoptr(GFile) file = write_temp (png, "tray image.png");
  g_autoptr(GFile) not_image = write_temp (text, "words.png");
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/flux-studio/none.png");
  g_autoptr(GError) error = NULL;
  g_autoptr(FsReference) reference = load (file, &error);
  g_autoptr(FsReference) refused = NULL;
  g_autoptr(FsReference) absent = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (fs_reference_get_name (reference), ==, "tray image.png");
  g_assert_cmpuint (fs_reference_get_width (reference), ==, 128);
  g_assert_true (g_bytes_equal (fs_reference_get_bytes (reference), png));

  refused = load (not_image, &error);
  g_assert_null (refused);
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_clear_error (&error);

  absent = load (missing, &error);
  g_assert_null (absent);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_file_delete (file, NULL, NULL);
  g_file_delete (not_image, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/image/probe/formats", test_probe_formats);
  g_test_add_func ("/image/probe/not-images", test_probe_not_images);
  g_test_add_func ("/image/probe/truncated", test_probe_truncated);
  g_test_add_func ("/image/probe/header-only", test_probe_header_only);
  g_test_add_func ("/image/probe/bad-headers", test_probe_bad_headers);
  g_test_add_func ("/image/probe/huge-header", test_probe_huge_header);
  g_test_add_func ("/image/probe/no-picture", test_probe_no_picture);
  g_test_add_func ("/image/probe/cut-arithmetic-jpeg", test_probe_cut_arithmetic_jpeg);
  g_test_add_func ("/image/probe/bmp-header", test_probe_bmp_header);
  g_test_add_func ("/image/sha256", test_sha256);
  g_test_add_func ("/reference/png", test_reference_png);
  g_test_add_func ("/reference/jpeg-webp", test_reference_jpeg_webp);
  g_test_add_func ("/reference/size-limit", test_reference_size_limit);
  g_test_add_func ("/reference/not-image", test_reference_not_image);
  g_test_add_func ("/reference/load-async", test_reference_load_async);

  return g_test_run ();
}
