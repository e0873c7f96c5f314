/* test-reference-prepare.c
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

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <lcms2.h>

#include "fs-error.h"
#include "fs-file.h"
#include "fs-image.h"
#include "fs-reference.h"
#include "fs-reference-composite.h"
#include "fs-test-util.h"

/* Preparing references: every accepted and refused input, made here in
 * the test (photos, a 16-bit PNG, a CMYK JPEG, an Adobe RGB JPEG, an
 * EXIF-rotated JPEG, broken and tiny files), the 4 MP downscale, the ICC
 * conversion, the cache and the Kontext collage. */

#define MAX_PIXELS 4194304u

/* A 64×64 lossy WebP: Debian 12 has no WebP pixbuf loader, so it goes as
 * it is. */
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

/* Making images */

static GdkPixbuf *
gradient (guint    width,
          guint    height,
          gboolean alpha)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, (int) width, (int) height);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint8 *pixel = pixels + (gsize) y * stride + (gsize) x * channels;

        pixel[0] = (guint8) (x * 255 / width);
        pixel[1] = (guint8) (y * 255 / height);
        pixel[2] = (guint8) ((x + y) & 0xff);
        if (alpha)
          pixel[3] = 200;
      }

  return pixbuf;
}

static GBytes *
save (GdkPixbuf  *pixbuf,
      const char *type,
      ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) keys = g_array_new (TRUE, FALSE, sizeof (char *));
  g_autoptr(GArray) values = g_array_new (TRUE, FALSE, sizeof (char *));
  char *buffer = NULL;
  gsize length = 0;
  const char *key;
  va_list args;

  va_start (args, type);
  while ((key = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      g_array_append_val (keys, key);
      g_array_append_val (values, value);
    }
  va_end (args);

  gdk_pixbuf_save_to_bufferv (pixbuf, &buffer, &length, type, (char **) (void *) keys->data,
                              (char **) (void *) values->data, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, length);
}

static GBytes *
photo (guint width,
       guint height)
{
  g_autoptr(GdkPixbuf) pixbuf = gradient (width, height, FALSE);

  return save (pixbuf, "jpeg", "quality", "90", NULL);
}

static GBytes *
text_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static GBytes *
insert_after_soi (GBytes       *jpeg,
                  const guint8 *segment,
                  gsize         length)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (jpeg, &size);
  GByteArray *out = g_byte_array_sized_new (size + length);

  g_byte_array_append (out, data, 2);
  g_byte_array_append (out, segment, length);
  g_byte_array_append (out, data + 2, size - 2);
  return g_byte_array_free_to_bytes (out);
}

/* An APP1 Exif segment holding only the Orientation tag (big-endian TIFF). */
static GBytes *
with_orientation (GBytes *jpeg,
                  guint8  orientation)
{
  const guint8 app1[] = {
    0xff, 0xe1, 0x00, 34,
    'E', 'x', 'i', 'f', 0, 0,
    'M', 'M', 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08,
    0x00, 0x01,
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00
  };

  return insert_after_soi (jpeg, app1, sizeof app1);
}

static guint32
crc32 (const guint8 *data,
       gsize         length,
       guint32       crc)
{
  crc = ~crc;
  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (int bit = 0; bit < 8; bit++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
    }
  return ~crc;
}

static void
put_be32 (GByteArray *out,
          guint32     value)
{
  guint8 bytes[4] = { value >> 24, value >> 16, value >> 8, value };

  g_byte_array_append (out, bytes, 4);
}

static void
png_chunk (GByteArray   *out,
           const char   *type,
           const guint8 *data,
           gsize         length)
{
  guint32 crc = crc32 ((const guint8 *) type, 4, 0);

  crc = crc32 (data, length, crc);
  put_be32 (out, (guint32) length);
  g_byte_array_append (out, (const guint8 *) type, 4);
  g_byte_array_append (out, data, (guint) length);
  put_be32 (out, crc);
}

static GBytes *
zlib_compress (const guint8 *data,
               gsize         length)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 6);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  g_output_stream_write_all (stream, data, length, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (stream, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/* A 16-bit RGB PNG, written by hand: gdk-pixbuf only saves 8 bits. Each
 * channel's high byte is the 8-bit value @rgb, its low byte noise. */
static GBytes *
png16 (guint        width,
       guint        height,
       const guint8 rgb[3],
       gboolean     idat)
{
  GByteArray *out = g_byte_array_new ();
  guint8 header[13] = { 0 };
  gsize row = 1 + (gsize) width * 6;
  g_autofree guint8 *raw = g_malloc0 (row * height);
  g_autoptr(GBytes) compressed = NULL;

  g_byte_array_append (out, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  for (int i = 0; i < 4; i++)
    {
      header[i] = (guint8) (width >> (24 - 8 * i));
      header[4 + i] = (guint8) (height >> (24 - 8 * i));
    }
  header[8] = 16;
  header[9] = 2;
  png_chunk (out, "IHDR", header, sizeof header);

  if (!idat)
    {
      /* A header only: enough for a decoder to learn the size. */
      png_chunk (out, "IDAT", (const guint8 *) "\x78\x9c", 2);
      return g_byte_array_free_to_bytes (out);
    }

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width * 3; x++)
      {
        raw[y * row + 1 + x * 2] = rgb[x % 3];
        raw[y * row + 2 + x * 2] = (guint8) (x * 37 + y);
      }
  compressed = zlib_compress (raw, row * height);
  png_chunk (out, "IDAT", g_bytes_get_data (compressed, NULL), g_bytes_get_size (compressed));
  png_chunk (out, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (out);
}

typedef struct
{
  GByteArray *out;
  guint32     bits;
  int         count;
} BitWriter;

static void
put_bits (BitWriter *writer,
          guint32    code,
          int        length)
{
  for (int i = length - 1; i >= 0; i--)
    {
      writer->bits = (writer->bits << 1) | ((code >> i) & 1);
      if (++writer->count == 8)
        {
          guint8 byte = (guint8) writer->bits;

          g_byte_array_append (writer->out, &byte, 1);
          /* A 0xff in entropy-coded data is followed by a stuffed zero. */
          if (byte == 0xff)
            g_byte_array_append (writer->out, (const guint8 *) "\0", 1);
          writer->bits = 0;
          writer->count = 0;
        }
    }
}

/* The standard luminance DC table: code lengths for categories 0…11. */
static const guint8 dc_bits[16] = { 0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0 };

static void
dc_code (guint category,
         guint32 *code,
         int     *length)
{
  guint32 next = 0;
  guint symbol = 0;

  for (int len = 1; len <= 16; len++, next <<= 1)
    for (guint i = 0; i < dc_bits[len - 1]; i++, symbol++, next++)
      {
        if (symbol == category)
          {
            *code = next;
            *length = len;
            return;
          }
      }
  g_assert_not_reached ();
}

static void
put_dc (BitWriter *writer,
        int        diff)
{
  guint category = 0;
  guint32 code;
  int length;

  for (int magnitude = ABS (diff); magnitude > 0; magnitude >>= 1)
    category++;
  dc_code (category, &code, &length);
  put_bits (writer, code, length);
  if (category > 0)
    put_bits (writer, diff < 0 ? (guint32) (diff + (1 << category) - 1) : (guint32) diff,
              (int) category);
}

static void
jpeg_segment (GByteArray   *out,
              guint8        marker,
              const guint8 *data,
              gsize         length)
{
  guint8 head[4] = { 0xff, marker, (guint8) ((length + 2) >> 8), (guint8) (length + 2) };

  g_byte_array_append (out, head, 4);
  g_byte_array_append (out, data, (guint) length);
}

/* A baseline CMYK JPEG of one flat colour, written by hand (gdk-pixbuf
 * cannot save CMYK): every block has only a DC coefficient, so each
 * component needs one DC value and end-of-block codes. Like Photoshop's,
 * it has an Adobe marker and stores the inks inverted (255 = no ink). */
static GBytes *
cmyk_jpeg (guint        width,
           guint        height,
           const guint8 cmyk[4])
{
  GByteArray *out = g_byte_array_new ();
  guint8 dqt[65] = { 0 };
  guint8 sof[18] = { 8, height >> 8, height, width >> 8, width, 4 };
  /* Tables: DC class 0 (bits, 12 values), then AC class 1 with one code. */
  guint8 dht[1 + 16 + 12 + 1 + 16 + 1] = { 0x00 };
  /* Four components on tables 0/0, spectral range 0–63. */
  const guint8 sos[12] = { 4, 1, 0x00, 2, 0x00, 3, 0x00, 4, 0x00, 0, 63, 0 };
  /* "Adobe", version 100, no flags, transform 0: plain CMYK. */
  const guint8 adobe[12] = { 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0 };
  BitWriter writer = { out, 0, 0 };

  g_byte_array_append (out, (const guint8 *) "\xff\xd8", 2);
  jpeg_segment (out, 0xee, adobe, sizeof adobe);
  memset (dqt + 1, 8, 64);
  jpeg_segment (out, 0xdb, dqt, sizeof dqt);
  for (guint c = 0; c < 4; c++)
    {
      sof[6 + c * 3] = (guint8) (c + 1);
      sof[7 + c * 3] = 0x11;
    }
  jpeg_segment (out, 0xc0, sof, sizeof sof);

  memcpy (dht + 1, dc_bits, 16);
  for (guint i = 0; i < 12; i++)
    dht[17 + i] = (guint8) i;
  dht[29] = 0x10;
  dht[30] = 1;   /* one code of length 1: end of block */
  jpeg_segment (out, 0xc4, dht, sizeof dht);
  jpeg_segment (out, 0xda, sos, sizeof sos);

  for (guint block = 0; block < (width / 8) * (height / 8); block++)
    for (guint c = 0; c < 4; c++)
      {
        put_dc (&writer, block == 0 ? (int) cmyk[c] - 128 : 0);
        put_bits (&writer, 0, 1);  /* end of block */
      }
  if (writer.count > 0)
    put_bits (&writer, 0x7f, 8 - writer.count);

  g_byte_array_append (out, (const guint8 *) "\xff\xd9", 2);
  return g_byte_array_free_to_bytes (out);
}

/* Preparing, synchronously */

static FsReference *
prepare_bytes (GBytes      *bytes,
               const char  *name,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fs_reference_prepare_bytes_async (bytes, name, NULL, fs_test_result_cb, &result);

  return fs_reference_prepare_finish (fs_test_wait_result (&result), error);
}

static FsReference *
prepare_file (GFile   *file,
              GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fs_reference_prepare_file_async (file, NULL, fs_test_result_cb, &result);

  return fs_reference_prepare_finish (fs_test_wait_result (&result), error);
}

static FsReference *
prepare_ok (GBytes     *bytes,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  FsReference *reference = prepare_bytes (bytes, name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reference);
  return reference;
}

static void
assert_refused (GBytes     *bytes,
                const char *name,
                const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FsReference) reference = prepare_bytes (bytes, name, &error);

  g_assert_null (reference);
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, message));
  if (name != NULL)
    g_assert_nonnull (strstr (error->message, name));
}

static GdkPixbuf *
decode (FsReference *reference)
{
  g_autoptr(GError) error = NULL;
  /* By type: the test's isolated XDG dirs hide shared-mime-info. */
  g_autoptr(GdkPixbufLoader) loader =
    gdk_pixbuf_loader_new_with_mime_type (fs_reference_get_mime_type (reference), &error);
  GBytes *bytes = fs_reference_get_bytes (reference);

  g_assert_no_error (error);
  gdk_pixbuf_loader_write_bytes (loader, bytes, &error);
  g_assert_no_error (error);
  gdk_pixbuf_loader_close (loader, &error);
  g_assert_no_error (error);
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

static const guint8 *
pixel_at (GdkPixbuf *pixbuf,
          int        x,
          int        y)
{
  return gdk_pixbuf_get_pixels (pixbuf) + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf) +
         (gsize) x * gdk_pixbuf_get_n_channels (pixbuf);
}

static guint
jpeg_components (GBytes *bytes)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  for (gsize i = 2; i + 9 < size; i++)
    {
      if (data[i] == 0xff && (data[i + 1] == 0xc0 || data[i + 1] == 0xc2))
        return data[i + 9];
    }
  return 0;
}

/* Accepted inputs */

static void
test_small_png_kept (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gradient (300, 200, TRUE);
  g_autoptr(GBytes) png = save (pixbuf, "png", NULL);
  g_autoptr(FsReference) reference = prepare_ok (png, "logo.png");
  g_autofree char *hash = fs_file_sha256_bytes (png);

  /* Nothing had to change, so the designer's own bytes are sent. */
  g_assert_true (g_bytes_equal (fs_reference_get_bytes (reference), png));
  g_assert_cmpstr (fs_reference_get_sha256 (reference), ==, hash);
  g_assert_cmpstr (fs_reference_get_name (reference), ==, "logo.png");
  g_assert_cmpstr (fs_reference_get_mime_type (reference), ==, "image/png");
  g_assert_cmpuint (fs_reference_get_width (reference), ==, 300);
  g_assert_cmpuint (fs_reference_get_height (reference), ==, 200);
  g_assert_cmpuint (fs_reference_get_original_width (reference), ==, 300);
  g_assert_false (fs_reference_get_downscaled (reference));
  g_assert_false (fs_reference_get_colour_converted (reference));
  g_assert_null (fs_reference_get_note (reference));
  g_assert_null (fs_reference_get_source_path (reference));
  g_assert_cmpfloat_with_epsilon (fs_reference_get_megapixels (reference), 0.06, 1e-9);
}

static void
test_small_jpeg_and_webp_kept (void)
{
  g_autoptr(GBytes) jpeg = photo (640, 480);
  g_autoptr(GBytes) webp = g_bytes_new_static (webp_lossy, sizeof webp_lossy);
  g_autoptr(FsReference) from_jpeg = prepare_ok (jpeg, "photo.jpg");
  g_autoptr(FsReference) from_webp = prepare_ok (webp, "swatch.webp");

  g_assert_true (g_bytes_equal (fs_reference_get_bytes (from_jpeg), jpeg));
  g_assert_cmpstr (fs_reference_get_extension (from_jpeg), ==, "jpg");
  g_assert_true (g_bytes_equal (fs_reference_get_bytes (from_webp), webp));
  g_assert_cmpstr (fs_reference_get_mime_type (from_webp), ==, "image/webp");
  g_assert_cmpuint (fs_reference_get_width (from_webp), ==, 64);
}

/* A 24-megapixel phone photo comes out at most 4 MP, same aspect. */
static void
test_large_photo_downscaled (void)
{
  g_autoptr(GBytes) jpeg = photo (6000, 4000);
  g_autoptr(FsReference) reference = NULL;
  gint64 start = g_get_monotonic_time ();
  guint width, height;
  const char *note;

  reference = prepare_ok (jpeg, "IMG_0001.jpg");
  g_test_message ("6000×4000 JPEG prepared in %.0f ms",
                  (g_get_monotonic_time () - start) / 1000.0);

  width = fs_reference_get_width (reference);
  height = fs_reference_get_height (reference);
  g_assert_cmpuint ((guint64) width * height, <=, MAX_PIXELS);
  g_assert_cmpuint ((guint64) width * height, >, MAX_PIXELS * 99 / 100);
  g_assert_cmpfloat (ABS ((double) width / height - 1.5), <, 0.002);
  g_assert_true (fs_reference_get_downscaled (reference));
  g_assert_cmpuint (fs_reference_get_original_width (reference), ==, 6000);
  g_assert_cmpuint (fs_reference_get_original_height (reference), ==, 4000);
  g_assert_cmpstr (fs_reference_get_mime_type (reference), ==, "image/jpeg");
  g_assert_false (g_bytes_equal (fs_reference_get_bytes (reference), jpeg));

  note = fs_reference_get_note (reference);
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note, "6000×4000"));
  g_assert_nonnull (strstr (note, "4 MP"));

  {
    g_autoptr(GdkPixbuf) pixbuf = decode (reference);

    g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, (int) width);
    g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, (int) height);
  }
}

/* A sideways photo above 4 MP is both turned and downscaled. */
static void
test_large_rotated (void)
{
  g_autoptr(GBytes) jpeg = photo (3000, 2000);
  g_autoptr(GBytes) rotated = with_orientation (jpeg, 6);
  g_autoptr(FsReference) reference = prepare_ok (rotated, "sideways.jpg");
  guint width = fs_reference_get_width (reference);
  guint height = fs_reference_get_height (reference);

  g_assert_cmpuint (height, >, width);
  g_assert_cmpfloat (ABS ((double) height / width - 1.5), <, 0.002);
  g_assert_cmpuint ((guint64) width * height, <=, MAX_PIXELS);
  g_assert_true (fs_reference_get_downscaled (reference));
  g_assert_cmpuint (fs_reference_get_original_width (reference), ==, 3000);
}

/* A large PNG with alpha stays PNG, keeps its alpha, and is downscaled. */
static void
test_large_png_downscaled (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gradient (3000, 2000, TRUE);
  g_autoptr(GBytes) png = save (pixbuf, "png", "compression", "1", NULL);
  g_autoptr(FsReference) reference = prepare_ok (png, "art.png");
  g_autoptr(GdkPixbuf) prepared = decode (reference);

  g_assert_cmpstr (fs_reference_get_mime_type (reference), ==, "image/png");
  g_assert_true (gdk_pixbuf_get_has_alpha (prepared));
  g_assert_cmpuint ((guint64) fs_reference_get_width (reference) *
                    fs_reference_get_height (reference), <=, MAX_PIXELS);
  g_assert_true (fs_reference_get_downscaled (reference));
}

static void
test_png16 (void)
{
  const guint8 rgb[3] = { 200, 40, 90 };
  g_autoptr(GBytes) png = png16 (100, 80, rgb, TRUE);
  g_autoptr(FsReference) reference = prepare_ok (png, "scan-16bit.png");
  g_autoptr(GdkPixbuf) pixbuf = decode (reference);
  const guint8 *pixel = pixel_at (pixbuf, 50, 40);

  g_assert_cmpstr (fs_reference_get_mime_type (reference), ==, "image/png");
  g_assert_cmpuint (fs_reference_get_width (reference), ==, 100);
  g_assert_cmpuint (fs_reference_get_height (reference), ==, 80);
  g_assert_false (fs_reference_get_downscaled (reference));
  /* PNG is taken as it is, at any depth. */
  g_assert_true (g_bytes_equal (fs_reference_get_bytes (reference), png));
  g_assert_cmpint (ABS (pixel[0] - 200), <=, 1);
  g_assert_cmpint (ABS (pixel[1] - 40), <=, 1);
  g_assert_cmpint (ABS (pixel[2] - 90), <=, 1);
}

/* A CMYK JPEG is re-encoded as an RGB JPEG of the same size. */
static void
test_cmyk_jpeg (void)
{
  /* Full cyan ink, inverted as Adobe stores it. */
  const guint8 cyan[4] = { 0, 255, 255, 255 };
  g_autoptr(GBytes) jpeg = cmyk_jpeg (128, 96, cyan);
  g_autoptr(FsReference) reference = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  const guint8 *pixel;

  g_assert_cmpuint (jpeg_components (jpeg), ==, 4);
  reference = prepare_ok (jpeg, "print.jpg");
  pixbuf = decode (reference);
  pixel = pixel_at (pixbuf, 64, 48);

  g_assert_cmpstr (fs_reference_get_mime_type (reference), ==, "image/jpeg");
  g_assert_cmpuint (jpeg_components (fs_reference_get_bytes (reference)), ==, 3);
  g_assert_cmpuint (fs_reference_get_width (reference), ==, 128);
  g_assert_cmpuint (fs_reference_get_height (reference), ==, 96);
  g_test_message ("CMYK cyan came out as RGB (%u, %u, %u)", pixel[0], pixel[1], pixel[2]);
  /* Cyan: little red, much green and blue. */
  g_assert_cmpuint (pixel[0], <, 60);
  g_assert_cmpuint (pixel[1], >, 190);
  g_assert_cmpuint (pixel[2], >, 190);
}

/* Orientation 6: stored landscape, shown rotated 90° clockwise. */
static void
test_exif_orientation (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 300, 200);
  g_autoptr(GdkPixbuf) corner = gdk_pixbuf_new_subpixbuf (pixbuf, 0, 0, 60, 60);
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) rotated = NULL;
  g_autoptr(FsReference) reference = NULL;
  g_autoptr(GdkPixbuf) upright = NULL;
  const guint8 *top_right;

  gdk_pixbuf_fill (pixbuf, 0xffffffff);
  gdk_pixbuf_fill (corner, 0xff0000ff);
  plain = save (pixbuf, "jpeg", "quality", "95", NULL);
  rotated = with_orientation (plain, 6);

  reference = prepare_ok (rotated, "portrait.jpg");
  g_assert_cmpuint (fs_reference_get_width (reference), ==, 200);
  g_assert_cmpuint (fs_reference_get_height (reference), ==, 300);
  g_assert_false (g_bytes_equal (fs_reference_get_bytes (reference), rotated));
  g_assert_null (fs_reference_get_note (reference));

  /* The red top-left corner is now at the top right. */
  upright = decode (reference);
  top_right = pixel_at (upright, 170, 30);
  g_assert_cmpuint (top_right[0], >, 200);
  g_assert_cmpuint (top_right[1], <, 60);
}

/* ICC */

static cmsHPROFILE
adobe_rgb (void)
{
  const cmsCIExyY d65 = { 0.3127, 0.3290, 1.0 };
  const cmsCIExyYTRIPLE primaries = {
    { 0.64, 0.33, 1.0 }, { 0.21, 0.71, 1.0 }, { 0.15, 0.06, 1.0 }
  };
  cmsToneCurve *gamma = cmsBuildGamma (NULL, 563.0 / 256.0);
  cmsToneCurve *curves[3] = { gamma, gamma, gamma };
  cmsHPROFILE profile = cmsCreateRGBProfile (&d65, &primaries, curves);

  cmsFreeToneCurve (gamma);
  return profile;
}

static char *
profile_base64 (cmsHPROFILE profile)
{
  cmsUInt32Number length = 0;
  g_autofree guint8 *data = NULL;

  g_assert_true (cmsSaveProfileToMem (profile, NULL, &length));
  data = g_malloc (length);
  g_assert_true (cmsSaveProfileToMem (profile, data, &length));
  return g_base64_encode (data, length);
}

static const guint8 patches[][3] = {
  { 0, 255, 0 },     /* Adobe RGB's pure green, outside sRGB */
  { 200, 100, 50 },
  { 30, 60, 200 },
  { 128, 128, 128 },
};

#define PATCH 128

static GdkPixbuf *
patch_image (void)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8,
                                      PATCH * G_N_ELEMENTS (patches), PATCH);

  for (guint i = 0; i < G_N_ELEMENTS (patches); i++)
    {
      g_autoptr(GdkPixbuf) patch = gdk_pixbuf_new_subpixbuf (pixbuf, (int) i * PATCH, 0,
                                                             PATCH, PATCH);

      gdk_pixbuf_fill (patch, (guint32) patches[i][0] << 24 | (guint32) patches[i][1] << 16 |
                              (guint32) patches[i][2] << 8 | 0xff);
    }
  return pixbuf;
}

static double
delta_e_srgb (const guint8 a[3],
              const guint8 b[3])
{
  cmsHPROFILE srgb = cmsCreate_sRGBProfile ();
  cmsHPROFILE lab = cmsCreateLab4Profile (NULL);
  cmsHTRANSFORM to_lab = cmsCreateTransform (srgb, TYPE_RGB_8, lab, TYPE_Lab_DBL,
                                             INTENT_RELATIVE_COLORIMETRIC, 0);
  cmsCIELab lab_a, lab_b;

  cmsDoTransform (to_lab, a, &lab_a, 1);
  cmsDoTransform (to_lab, b, &lab_b, 1);
  cmsDeleteTransform (to_lab);
  cmsCloseProfile (lab);
  cmsCloseProfile (srgb);
  return cmsCIE2000DeltaE (&lab_a, &lab_b, 1, 1, 1);
}

/* Adobe RGB pixels come out as the sRGB values lcms2 gives for them. */
static void
test_icc_adobe_rgb (void)
{
  g_autoptr(GdkPixbuf) source = patch_image ();
  cmsHPROFILE adobe = adobe_rgb ();
  cmsHPROFILE srgb = cmsCreate_sRGBProfile ();
  cmsHTRANSFORM transform = cmsCreateTransform (adobe, TYPE_RGB_8, srgb, TYPE_RGB_8,
                                                INTENT_RELATIVE_COLORIMETRIC,
                                                cmsFLAGS_BLACKPOINTCOMPENSATION);
  g_autofree char *icc = profile_base64 (adobe);
  g_autoptr(GBytes) jpeg = save (source, "jpeg", "quality", "100", "icc-profile", icc, NULL);
  g_autoptr(FsReference) reference = prepare_ok (jpeg, "brand.jpg");
  g_autoptr(GdkPixbuf) prepared = decode (reference);

  g_assert_true (fs_reference_get_colour_converted (reference));
  g_assert_nonnull (strstr (fs_reference_get_note (reference), "sRGB"));
  g_assert_cmpstr (fs_reference_get_mime_type (reference), ==, "image/jpeg");

  for (guint i = 0; i < G_N_ELEMENTS (patches); i++)
    {
      const guint8 *got = pixel_at (prepared, (int) i * PATCH + PATCH / 2, PATCH / 2);
      guint8 expected[3];
      double delta_e, unconverted;

      cmsDoTransform (transform, patches[i], expected, 1);
      delta_e = delta_e_srgb (got, expected);
      unconverted = delta_e_srgb (patches[i], expected);
      g_test_message ("Adobe RGB (%u, %u, %u) → sRGB (%u, %u, %u), expected (%u, %u, %u): "
                      "ΔE2000 %.2f (unconverted %.2f)",
                      patches[i][0], patches[i][1], patches[i][2], got[0], got[1], got[2],
                      expected[0], expected[1], expected[2], delta_e, unconverted);
      g_assert_cmpfloat (delta_e, <, 1.0);
    }

  /* The mid colour moves visibly, so the check above is a real one. */
  {
    guint8 expected[3];

    cmsDoTransform (transform, patches[1], expected, 1);
    g_assert_cmpfloat (delta_e_srgb (patches[1], expected), >, 3.0);
  }

  cmsDeleteTransform (transform);
  cmsCloseProfile (srgb);
  cmsCloseProfile (adobe);
}

/* An embedded sRGB profile needs no conversion: the bytes are kept. */
static void
test_icc_srgb_kept (void)
{
  g_autoptr(GdkPixbuf) source = patch_image ();
  cmsHPROFILE srgb = cmsCreate_sRGBProfile ();
  g_autofree char *icc = profile_base64 (srgb);
  g_autoptr(GBytes) jpeg = save (source, "jpeg", "quality", "90", "icc-profile", icc, NULL);
  g_autoptr(FsReference) reference = prepare_ok (jpeg, "srgb.jpg");

  g_assert_false (fs_reference_get_colour_converted (reference));
  g_assert_true (g_bytes_equal (fs_reference_get_bytes (reference), jpeg));
  cmsCloseProfile (srgb);
}

/* Refused inputs */

static void
test_refused (void)
{
  g_autoptr(GBytes) jpeg = photo (400, 300);
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (jpeg, 0, g_bytes_get_size (jpeg) / 2);
  g_autoptr(GBytes) text = text_bytes ("Meeting notes: bring the logo.\n");
  g_autoptr(GBytes) tiny = photo (32, 32);
  g_autoptr(GBytes) thin = photo (2000, 40);
  g_autoptr(GBytes) garbage = g_bytes_new_static ("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDRxx", 18);
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  const guint8 rgb[3] = { 1, 2, 3 };
  g_autoptr(GBytes) huge = png16 (20000, 20000, rgb, FALSE);

  assert_refused (cut, "holiday.jpg", "cut short");
  assert_refused (text, "notes.png", "text, not an image");
  assert_refused (tiny, "icon.jpg", "“icon.jpg” is 32×32; references must be at least 64×64");
  assert_refused (thin, "banner.jpg", "at least 64×64");
  assert_refused (garbage, "broken.png", "cannot be used as a reference");
  assert_refused (empty, "empty.png", "empty");
  assert_refused (huge, "poster.png", "up to 200 megapixels");
  /* A pasted image has no name. */
  assert_refused (text, NULL, "“Pasted image” cannot be used");
}

/* An image too narrow to survive the 4 MP downscale with 64-pixel sides. */
static void
test_refused_too_narrow (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gradient (70000, 64, FALSE);
  g_autoptr(GBytes) png = save (pixbuf, "png", "compression", "1", NULL);

  assert_refused (png, "strip.png", "too narrow");
}

/* Files */

static GFile *
write_temp (GBytes     *bytes,
            const char *name)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                       &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static void
test_file (void)
{
  g_autoptr(GBytes) jpeg = photo (800, 600);
  g_autoptr(GBytes) text = text_bytes ("just words");
  g_autoptr(GFile) file = write_temp (jpeg, "tray photo.jpg");
  g_autoptr(GFile) fake = write_temp (text, "words.png");
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/flux-studio/none.png");
  g_autoptr(GError) error = NULL;
  g_autoptr(FsReference) reference = prepare_file (file, &error);
  g_autoptr(FsReference) refused = NULL;
  g_autoptr(FsReference) absent = NULL;
  g_autofree char *path = g_file_get_path (file);

  g_assert_no_error (error);
  g_assert_cmpstr (fs_reference_get_name (reference), ==, "tray photo.jpg");
  g_assert_cmpstr (fs_reference_get_source_path (reference), ==, path);
  g_assert_true (g_bytes_equal (fs_reference_get_bytes (reference), jpeg));

  refused = prepare_file (fake, &error);
  g_assert_null (refused);
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“words.png”"));
  g_clear_error (&error);

  absent = prepare_file (missing, &error);
  g_assert_null (absent);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* Only regular files are read, and only up to the limit: /dev/zero used
 * to exhaust memory, a FIFO to hang the preparation for ever. Refused
 * as invalid input, saying what the file is. */
static void
test_file_not_regular (void)
{
  g_autofree char *dir = fs_test_make_dir ("fs-prepare-XXXXXX");
  g_autofree char *fifo_path = g_build_filename (dir, "pipe.png", NULL);
  g_autofree char *huge_path = g_build_filename (dir, "huge.png", NULL);
  g_autoptr(GFile) zero = g_file_new_for_path ("/dev/zero");
  g_autoptr(GFile) fifo = g_file_new_for_path (fifo_path);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GFile) huge = g_file_new_for_path (huge_path);
  GFile *files[] = { zero, fifo, folder, huge };
  const char *expected[] = { "“zero” is not a regular file", "“pipe.png” is not a regular file",
                             "is a folder", "“huge.png” is larger than" };
  int fd;

  g_assert_cmpint (mkfifo (fifo_path, 0600), ==, 0);
  /* Sparse: over the limit without taking the disk space. */
  fd = g_open (huge_path, O_CREAT | O_WRONLY, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, FS_FILE_MAX_IMAGE_BYTES + 1), ==, 0);
  close (fd);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FsReference) reference = prepare_file (files[i], &error);

      g_assert_null (reference);
      g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
      g_test_message ("refused: %s", error->message);
      g_assert_nonnull (strstr (error->message, expected[i]));
    }

  fs_test_remove_dir (dir);
}

/* The cache */

static char *
cache_entry (GBytes     *original,
             const char *extension)
{
  g_autofree char *hash = fs_file_sha256_bytes (original);
  g_autofree char *name = g_strconcat (hash, ".", extension, NULL);

  return g_build_filename (g_get_user_cache_dir (), "flux-studio", "references", name, NULL);
}

static gint64
modified_us (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                                 G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);

  g_assert_nonnull (info);
  return (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) *
         G_USEC_PER_SEC +
         g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
}

static double
timed_prepare (GFile        *file,
               FsReference **reference)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  *reference = prepare_file (file, &error);
  g_assert_no_error (error);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
test_cache (void)
{
  g_autoptr(GBytes) jpeg = photo (6000, 4000);
  g_autoptr(GFile) file = write_temp (jpeg, "big.jpg");
  g_autofree char *entry = cache_entry (jpeg, "json");
  g_autofree char *prepared = cache_entry (jpeg, "jpg");
  g_autoptr(FsReference) first = NULL;
  g_autoptr(FsReference) second = NULL;
  g_autoptr(FsReference) third = NULL;
  double first_ms, second_ms;
  gint64 written;

  first_ms = timed_prepare (file, &first);
  g_assert_true (g_file_test (entry, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (prepared, G_FILE_TEST_IS_REGULAR));
  written = modified_us (prepared);

  second_ms = timed_prepare (file, &second);
  g_test_message ("prepared in %.0f ms, from the cache in %.0f ms", first_ms, second_ms);
  g_assert_cmpint (modified_us (prepared), ==, written);
  g_assert_cmpstr (fs_reference_get_sha256 (second), ==, fs_reference_get_sha256 (first));
  g_assert_true (g_bytes_equal (fs_reference_get_bytes (second), fs_reference_get_bytes (first)));
  g_assert_cmpstr (fs_reference_get_note (second), ==, fs_reference_get_note (first));
  g_assert_true (fs_reference_get_downscaled (second));
  g_assert_cmpuint (fs_reference_get_original_width (second), ==, 6000);
  g_assert_cmpuint (fs_reference_get_width (second), ==, fs_reference_get_width (first));
  g_assert_cmpstr (fs_reference_get_source_path (second), ==,
                   fs_reference_get_source_path (first));

  /* A damaged entry is never used: the reference is prepared again. */
  g_assert_true (g_file_set_contents (prepared, "junk", 4, NULL));
  timed_prepare (file, &third);
  g_assert_cmpstr (fs_reference_get_sha256 (third), ==, fs_reference_get_sha256 (first));
  g_assert_cmpuint (g_bytes_get_size (fs_reference_get_bytes (third)), >, 4);

  g_file_delete (file, NULL, NULL);
}

/* Unchanged bytes are cached as an entry pointing at the original. */
static void
test_cache_unchanged (void)
{
  g_autoptr(GBytes) jpeg = photo (640, 480);
  g_autofree char *entry = cache_entry (jpeg, "json");
  g_autofree char *copy = cache_entry (jpeg, "jpg");
  g_autoptr(FsReference) first = prepare_ok (jpeg, "a.jpg");
  g_autoptr(FsReference) second = NULL;
  gint64 written = modified_us (entry);

  g_assert_cmpstr (fs_reference_get_name (first), ==, "a.jpg");
  g_assert_true (g_file_test (entry, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));

  /* The same bytes under another name: a hit, with the new name. */
  second = prepare_ok (jpeg, "b.jpg");
  g_assert_cmpint (modified_us (entry), ==, written);
  g_assert_cmpstr (fs_reference_get_name (second), ==, "b.jpg");
  g_assert_true (g_bytes_equal (fs_reference_get_bytes (second), jpeg));
}

/* Collages for Kontext */

static FsReference *
solid (guint   width,
       guint   height,
       guint32 rgba,
       const char *type)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, (int) width,
                                                (int) height);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  FsReference *reference;

  gdk_pixbuf_fill (pixbuf, rgba);
  bytes = save (pixbuf, type, NULL);
  reference = fs_reference_new_from_bytes (bytes, "part", &error);
  g_assert_no_error (error);
  return reference;
}

static FsReference *
composite (GPtrArray *references)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  FsReference *collage;

  fs_reference_composite_async (references, NULL, fs_test_result_cb, &result);

  collage = fs_reference_composite_finish (fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return collage;
}

static void
test_composite (void)
{
  g_autoptr(GPtrArray) references = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FsReference) collage = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  static const guint expected[][3] = { { 255, 0, 0 }, { 0, 255, 0 }, { 0, 0, 255 } };
  static const int centres[] = { 300, 800, 1050 };

  g_ptr_array_add (references, solid (300, 200, 0xff0000ff, "png"));
  g_ptr_array_add (references, solid (200, 200, 0x00ff00ff, "jpeg"));
  g_ptr_array_add (references, solid (100, 400, 0x0000ffff, "png"));

  collage = composite (references);
  /* All at the tallest height, 400: 600 + 400 + 100 wide. */
  g_assert_cmpuint (fs_reference_get_height (collage), ==, 400);
  g_assert_cmpuint (fs_reference_get_width (collage), ==, 1100);
  g_assert_cmpstr (fs_reference_get_name (collage), ==, "Collage of image 1, image 2, image 3");
  g_assert_cmpstr (fs_reference_get_mime_type (collage), ==, "image/jpeg");

  pixbuf = decode (collage);
  for (guint i = 0; i < G_N_ELEMENTS (centres); i++)
    {
      const guint8 *pixel = pixel_at (pixbuf, centres[i], 200);

      for (guint c = 0; c < 3; c++)
        g_assert_cmpint (ABS ((int) pixel[c] - (int) expected[i][c]), <=, 8);
    }
}

/* Three 4 MP references make a collage of at most 4 MP. */
static void
test_composite_cap (void)
{
  g_autoptr(GPtrArray) references = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FsReference) collage = NULL;
  guint width, height;

  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (references, solid (2048, 2048, 0x336699ff, "jpeg"));

  collage = composite (references);
  width = fs_reference_get_width (collage);
  height = fs_reference_get_height (collage);
  g_test_message ("collage of three 2048×2048: %u×%u", width, height);
  g_assert_cmpuint ((guint64) width * height, <=, MAX_PIXELS);
  g_assert_cmpuint (width, ==, 3 * height);
  g_assert_cmpuint (height, >, 1150);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/reference-prepare/small-png-kept", test_small_png_kept);
  g_test_add_func ("/reference-prepare/small-jpeg-webp-kept", test_small_jpeg_and_webp_kept);
  g_test_add_func ("/reference-prepare/large-photo", test_large_photo_downscaled);
  g_test_add_func ("/reference-prepare/large-rotated", test_large_rotated);
  g_test_add_func ("/reference-prepare/large-png", test_large_png_downscaled);
  g_test_add_func ("/reference-prepare/png16", test_png16);
  g_test_add_func ("/reference-prepare/cmyk-jpeg", test_cmyk_jpeg);
  g_test_add_func ("/reference-prepare/exif-orientation", test_exif_orientation);
  g_test_add_func ("/reference-prepare/icc-adobe-rgb", test_icc_adobe_rgb);
  g_test_add_func ("/reference-prepare/icc-srgb-kept", test_icc_srgb_kept);
  g_test_add_func ("/reference-prepare/refused", test_refused);
  g_test_add_func ("/reference-prepare/refused-too-narrow", test_refused_too_narrow);
  g_test_add_func ("/reference-prepare/file", test_file);
  g_test_add_func ("/reference-prepare/file-not-regular", test_file_not_regular);
  g_test_add_func ("/reference-prepare/cache", test_cache);
  g_test_add_func ("/reference-prepare/cache-unchanged", test_cache_unchanged);
  g_test_add_func ("/reference-prepare/composite", test_composite);
  g_test_add_func ("/reference-prepare/composite-cap", test_composite_cap);

  return g_test_run ();
}
