/* test-export.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fs-a1111.h"
#include "fs-asset.h"
#include "fs-catalog.h"
#include "fs-error.h"
#include "fs-export.h"
#include "fs-file.h"
#include "fs-image.h"
#include "fs-library.h"
#include "fs-metadata.h"
#include "fs-model.h"
#include "fs-test-util.h"

/* Export with the record inside the file (docs/ARCHITECTURE.md,
 * “Export”): the PNG, JPEG and WebP writers, stripping, the A1111
 * "parameters" text both ways, and copies of gallery images. The
 * containers are checked by walking them with code of the test's own
 * (chunk CRCs with its own CRC-32, segment lengths, RIFF sizes) and the
 * pixels by decoding the copy with gdk-pixbuf: they must be the
 * original's, pixel for pixel. */

/* The minimal WebP files of tests/core/test-reference.c: 64 × 64, lossy
 * and lossless. Debian's gdk-pixbuf has no WebP loader; these are walked. */
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

/* An A1111 web UI 1.6 "parameters" text, as it writes one. */
static const char a1111_sample[] =
  "masterpiece, best quality, a lighthouse on a cliff at dusk, (dramatic sky:1.2)\n"
  "Negative prompt: lowres, bad anatomy, watermark\n"
  "Steps: 30, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 3920438393, Size: 512x768, "
  "Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Denoising strength: 0.7, "
  "Lora hashes: \"add_detail: 7c6bad76eb54\", Version: v1.6.0";

static char *dir;

/* The test's own CRC-32 (bitwise, no table), to check the core's. */
static guint32
crc32_of (const guint8 *data,
          gsize         length,
          guint32       crc)
{
  crc = ~crc;
  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (guint k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
    }
  return ~crc;
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint32
le32 (const guint8 *p)
{
  return ((guint32) p[3] << 24) | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}

/* A string literal that may hold NUL bytes, and its length. */
#define LITERAL(s) (s), sizeof (s) - 1

/* Whether @needle is somewhere in @haystack (memmem() is a GNU extension). */
static const void *
find_bytes (const void *haystack,
            gsize       haystack_length,
            const void *needle,
            gsize       needle_length)
{
  const guint8 *h = haystack;

  for (gsize i = 0; needle_length <= haystack_length && i <= haystack_length - needle_length; i++)
    if (memcmp (h + i, needle, needle_length) == 0)
      return h + i;

  return NULL;
}

/* Images --------------------------------------------------------------------- */

/* A gradient, so that a decoder that got the wrong bytes shows it. */
static GBytes *
make_image (const char *format,
            int         width,
            int         height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  char *buffer = NULL;
  gsize size = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        pixels[y * stride + x * 3] = x * 255 / width;
        pixels[y * stride + x * 3 + 1] = y * 255 / height;
        pixels[y * stride + x * 3 + 2] = (x + y) & 0xff;
      }

  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, format, &error, NULL);
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, size);
}

static GdkPixbuf *
decode (GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_loader_write_bytes (loader, bytes, &error);
  g_assert_no_error (error);
  gdk_pixbuf_loader_close (loader, &error);
  g_assert_no_error (error);
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

static void
assert_same_pixels (GBytes *original,
                    GBytes *copy)
{
  g_autoptr(GdkPixbuf) a = decode (original);
  g_autoptr(GdkPixbuf) b = decode (copy);
  gsize length_a = 0;
  gsize length_b = 0;
  const guint8 *pixels_a = gdk_pixbuf_read_pixels (a);
  const guint8 *pixels_b = gdk_pixbuf_read_pixels (b);

  g_assert_cmpint (gdk_pixbuf_get_width (a), ==, gdk_pixbuf_get_width (b));
  g_assert_cmpint (gdk_pixbuf_get_height (a), ==, gdk_pixbuf_get_height (b));
  g_assert_cmpint (gdk_pixbuf_get_rowstride (a), ==, gdk_pixbuf_get_rowstride (b));
  length_a = gdk_pixbuf_get_byte_length (a);
  length_b = gdk_pixbuf_get_byte_length (b);
  g_assert_cmpmem (pixels_a, length_a, pixels_b, length_b);
}

/* PNG ------------------------------------------------------------------------------ */

typedef struct
{
  char     type[5];
  gsize    offset;   /* of the length field */
  guint32  length;
} PngChunk;

/* Every chunk of @png, each with its CRC checked; the file ends with IEND. */
static GArray *
png_chunks (GBytes *png)
{
  GArray *chunks = g_array_new (FALSE, FALSE, sizeof (PngChunk));
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (png, &size);
  gsize offset = 8;

  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  while (offset < size)
    {
      PngChunk chunk;

      g_assert_cmpuint (size - offset, >=, 12);
      chunk.offset = offset;
      chunk.length = be32 (data + offset);
      g_assert_cmpuint (chunk.length, <=, size - offset - 12);
      memcpy (chunk.type, data + offset + 4, 4);
      chunk.type[4] = '\0';
      g_assert_cmphex (be32 (data + offset + 8 + chunk.length), ==,
                       crc32_of (data + offset + 4, chunk.length + 4, 0));
      g_array_append_val (chunks, chunk);
      offset += 12 + chunk.length;
    }

  g_assert_cmpstr (g_array_index (chunks, PngChunk, chunks->len - 1).type, ==, "IEND");
  return chunks;
}

/* The chunk types in order, IDAT runs written once: "IHDR sBIT tEXt IDAT IEND". */
static char *
png_layout (GBytes *png)
{
  g_autoptr(GArray) chunks = png_chunks (png);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < chunks->len; i++)
    {
      const char *type = g_array_index (chunks, PngChunk, i).type;

      if (i > 0 && g_str_equal (type, "IDAT") &&
          g_str_equal (g_array_index (chunks, PngChunk, i - 1).type, "IDAT"))
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, type);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
append_png_chunk (GByteArray   *out,
                  const char   *type,
                  const guint8 *data,
                  gsize         length)
{
  guint8 header[8] = { length >> 24, length >> 16, length >> 8, length };
  guint32 crc;
  guint8 tail[4];

  memcpy (header + 4, type, 4);
  crc = crc32_of (header + 4, 4, 0);
  crc = crc32_of (data, length, crc);
  tail[0] = crc >> 24;
  tail[1] = crc >> 16;
  tail[2] = crc >> 8;
  tail[3] = crc;
  g_byte_array_append (out, header, 8);
  g_byte_array_append (out, data, length);
  g_byte_array_append (out, tail, 4);
}

/* @png with @extra (already framed chunks) right after IHDR. */
static GBytes *
png_with (GBytes     *png,
          GByteArray *extra)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  const guint8 *data = g_bytes_get_data (png, NULL);
  gsize size = g_bytes_get_size (png);
  gsize after_ihdr = 8 + 12 + be32 (data + 8);

  g_byte_array_append (out, data, after_ihdr);
  g_byte_array_append (out, extra->data, extra->len);
  g_byte_array_append (out, data + after_ihdr, size - after_ihdr);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static GBytes *
deflate (const char *text)
{
  g_autoptr(GConverter) converter =
    G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, -1));
  g_autoptr(GInputStream) base = g_memory_input_stream_new_from_data (text, strlen (text), NULL);
  g_autoptr(GInputStream) stream = g_converter_input_stream_new (base, converter);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static void
add_text_chunk (GByteArray *out,
                const char *type,
                const char *keyword,
                const char *text,
                gboolean    compressed)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GBytes) packed = compressed ? deflate (text) : NULL;

  g_byte_array_append (data, (const guint8 *) keyword, strlen (keyword) + 1);
  if (g_str_equal (type, "zTXt"))
    g_byte_array_append (data, (const guint8 *) "", 1);
  else if (g_str_equal (type, "iTXt"))
    {
      guint8 flags[2] = { compressed ? 1 : 0, 0 };

      g_byte_array_append (data, flags, 2);
      g_byte_array_append (data, (const guint8 *) "en\0Titel\0", 9);
    }
  if (packed != NULL)
    g_byte_array_append (data, g_bytes_get_data (packed, NULL), g_bytes_get_size (packed));
  else
    g_byte_array_append (data, (const guint8 *) text, strlen (text));
  append_png_chunk (out, type, data->data, data->len);
}

static const FsXmpFields xmp_fields = {
  .description = "a lighthouse at dusk, #1e88e5 & <friends>",
  .creator_tool = "Flux Studio " PACKAGE_VERSION,
  .digital_source_type = FS_DIGITAL_SOURCE_TRAINED,
  .ai_system = "FLUX.2 [pro] (Black Forest Labs)",
  .ai_system_version = "flux-2-pro",
};

/* The packet parses as XML (GMarkup is a strict subset reader). */
static void
assert_well_formed (const char *xmp)
{
  static const GMarkupParser parser = { NULL, };
  const char *start = strstr (xmp, "<x:xmpmeta");
  const char *end = strstr (xmp, "</x:xmpmeta>");
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (start);
  g_assert_nonnull (end);
  context = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  g_markup_parse_context_parse (context, start, end + strlen ("</x:xmpmeta>") - start, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
}

static void
test_crc (void)
{
  /* The check value of CRC-32. */
  g_assert_cmphex (crc32_of ((const guint8 *) "123456789", 9, 0), ==, 0xcbf43926);
}

static void
test_xmp (void)
{
  FsXmpFields fields = xmp_fields;
  g_autofree char *xmp = NULL;
  gboolean truncated = TRUE;

  fields.description = "quotes \" and ' and a tab\tand\r\na control \x01 char & <tag>";
  xmp = fs_metadata_build_xmp (&fields, G_MAXSIZE, &truncated);
  g_assert_false (truncated);
  assert_well_formed (xmp);
  g_assert_nonnull (strstr (xmp, "<rdf:li xml:lang=\"x-default\">quotes &quot; and &apos; "
                                 "and a tab\tand&#xD;\na control  char &amp; &lt;tag&gt;"
                                 "</rdf:li>"));
  g_assert_nonnull (strstr (xmp, "<xmp:CreatorTool>Flux Studio " PACKAGE_VERSION
                                 "</xmp:CreatorTool>"));
  g_assert_nonnull (strstr (xmp, "<Iptc4xmpExt:DigitalSourceType>http://cv.iptc.org/newscodes/"
                                 "digitalsourcetype/trainedAlgorithmicMedia"
                                 "</Iptc4xmpExt:DigitalSourceType>"));
  g_assert_nonnull (strstr (xmp, "<Iptc4xmpExt:AISystemUsed>FLUX.2 [pro] (Black Forest Labs)"
                                 "</Iptc4xmpExt:AISystemUsed>"));
  g_assert_nonnull (strstr (xmp, "<Iptc4xmpExt:AISystemVersionUsed>flux-2-pro"
                                 "</Iptc4xmpExt:AISystemVersionUsed>"));
  g_assert_nonnull (strstr (xmp, "xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\""));
  g_assert_null (strchr (xmp, '\x01'));

  /* Fields left out are not written. */
  fields.ai_system = NULL;
  fields.ai_system_version = NULL;
  g_free (xmp);
  xmp = fs_metadata_build_xmp (&fields, G_MAXSIZE, NULL);
  g_assert_null (strstr (xmp, "AISystem"));
}

/* A prompt too long for one JPEG APP1 is cut at a character, never inside
 * a character or a reference, and the packet stays XML. */
static void
test_xmp_truncated (void)
{
  g_autoptr(GString) prompt = g_string_new (NULL);
  FsXmpFields fields = xmp_fields;
  g_autofree char *xmp = NULL;
  gboolean truncated = FALSE;

  while (prompt->len < 200 * 1000)
    g_string_append (prompt, "灯塔 & <sea> ");
  fields.description = prompt->str;

  xmp = fs_metadata_build_xmp (&fields, FS_METADATA_JPEG_XMP_MAX, &truncated);
  g_assert_true (truncated);
  g_assert_cmpuint (strlen (xmp), <=, FS_METADATA_JPEG_XMP_MAX);
  g_assert_cmpuint (strlen (xmp), >, FS_METADATA_JPEG_XMP_MAX - 16);
  g_assert_true (g_utf8_validate (xmp, -1, NULL));
  g_assert_nonnull (strstr (xmp, "…</rdf:li>"));
  /* Every field but the description is whole. */
  g_assert_nonnull (strstr (xmp, "<Iptc4xmpExt:AISystemVersionUsed>flux-2-pro<"));
  assert_well_formed (xmp);
}

static void
test_png_embed (void)
{
  g_autoptr(GBytes) png = make_image ("png", 97, 61);
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GHashTable) texts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xmp = fs_metadata_build_xmp (&xmp_fields, G_MAXSIZE, NULL);
  g_autofree char *found = NULL;
  g_autofree char *layout = NULL;
  const char *parameters = "a lighthouse at dusk, #1e88e5\nSeed: 42, Size: 97x61, Model: flux-2-pro";

  copy = fs_metadata_embed (png, parameters, xmp, &error);
  g_assert_no_error (error);
  layout = png_layout (copy);
  g_assert_cmpstr (layout, ==, "IHDR sBIT tEXt iTXt IDAT IEND");
  assert_same_pixels (png, copy);

  texts = fs_metadata_read_png_text (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (texts, "parameters"), ==, parameters);
  g_assert_cmpstr (g_hash_table_lookup (texts, "XML:com.adobe.xmp"), ==, xmp);
  found = fs_metadata_find_xmp (copy);
  g_assert_cmpstr (found, ==, xmp);

  /* Embedding again replaces; nothing is doubled. */
  again = fs_metadata_embed (copy, parameters, xmp, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (again, copy));
}

/* Chunks that must come before IDAT stay there, the record goes right
 * before IDAT, other text and the provider's C2PA stay as they were. */
static void
test_png_embed_keeps (void)
{
  g_autoptr(GBytes) png = make_image ("png", 40, 30);
  g_autoptr(GByteArray) extra = g_byte_array_new ();
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GHashTable) texts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *layout = NULL;
  static const guint8 gama[4] = { 0, 0, 0xb1, 0x8f };
  static const guint8 c2pa[] = "\0\0\0\x10jumbc2pa manifest";

  append_png_chunk (extra, "gAMA", gama, sizeof gama);
  add_text_chunk (extra, "tEXt", "Software", "provider 1.0", FALSE);
  append_png_chunk (extra, "caBX", c2pa, sizeof c2pa);
  add_text_chunk (extra, "iTXt", "XML:com.adobe.xmp", "<old packet/>", FALSE);
  add_text_chunk (extra, "tEXt", "parameters", "old", FALSE);
  original = png_with (png, extra);

  copy = fs_metadata_embed (original, "new prompt\nSeed: 1, Size: 40x30", "<new/>", &error);
  g_assert_no_error (error);
  layout = png_layout (copy);
  g_assert_cmpstr (layout, ==, "IHDR gAMA tEXt caBX sBIT tEXt iTXt IDAT IEND");
  /* The C2PA chunk, byte for byte. */
  g_assert_nonnull (find_bytes (g_bytes_get_data (copy, NULL), g_bytes_get_size (copy),
                            extra->data + 16 + 12 + strlen ("Software") + 1 + strlen ("provider 1.0"),
                            12 + sizeof c2pa));
  texts = fs_metadata_read_png_text (copy, &error);
  g_assert_cmpstr (g_hash_table_lookup (texts, "Software"), ==, "provider 1.0");
  g_assert_cmpstr (g_hash_table_lookup (texts, "parameters"), ==,
                   "new prompt\nSeed: 1, Size: 40x30");
  g_assert_cmpstr (g_hash_table_lookup (texts, "XML:com.adobe.xmp"), ==, "<new/>");
  assert_same_pixels (original, copy);
}

/* A prompt beyond Latin-1 goes into iTXt, as A1111 (Pillow) writes it. */
static void
test_png_parameters_utf8 (void)
{
  g_autoptr(GBytes) png = make_image ("png", 16, 16);
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GHashTable) texts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *layout = NULL;
  const char *latin1 = "café crème\nSeed: 7, Size: 16x16, Model: flux-dev";
  const char *chinese = "黄昏时的灯塔\nSeed: 7, Size: 16x16, Model: flux-dev";

  copy = fs_metadata_embed (png, latin1, NULL, &error);
  g_assert_no_error (error);
  layout = png_layout (copy);
  g_assert_cmpstr (layout, ==, "IHDR sBIT tEXt IDAT IEND");
  /* Stored as Latin-1, one byte for é. */
  g_assert_nonnull (find_bytes (g_bytes_get_data (copy, NULL), g_bytes_get_size (copy),
                            "caf\xe9 cr\xe8me", 10));
  texts = fs_metadata_read_png_text (copy, &error);
  g_assert_cmpstr (g_hash_table_lookup (texts, "parameters"), ==, latin1);

  g_clear_pointer (&copy, g_bytes_unref);
  g_clear_pointer (&layout, g_free);
  g_clear_pointer (&texts, g_hash_table_unref);
  copy = fs_metadata_embed (png, chinese, NULL, &error);
  g_assert_no_error (error);
  layout = png_layout (copy);
  g_assert_cmpstr (layout, ==, "IHDR sBIT iTXt IDAT IEND");
  texts = fs_metadata_read_png_text (copy, &error);
  g_assert_cmpstr (g_hash_table_lookup (texts, "parameters"), ==, chinese);
}

static GByteArray *
exif_with_orientation (guint orientation)
{
  GByteArray *tiff = g_byte_array_new ();
  /* Little-endian, IFD0 at 8 with two entries: Make and Orientation. */
  const guint8 data[] = {
    'I', 'I', 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00,
    0x02, 0x00,
    0x0f, 0x01, 0x02, 0x00, 0x04, 0x00, 0x00, 0x00, 'A', 'c', 'm', 0x00,
    0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, orientation, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,
  };

  g_byte_array_append (tiff, data, sizeof data);
  return tiff;
}

static void
test_png_strip (void)
{
  g_autoptr(GBytes) png = make_image ("png", 50, 20);
  g_autoptr(GByteArray) extra = g_byte_array_new ();
  g_autoptr(GByteArray) exif = exif_with_orientation (6);
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *layout = NULL;
  static const guint8 phys[9] = { 0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1 };
  static const guint8 srgb[1] = { 0 };
  static const guint8 time[7] = { 0x07, 0xea, 1, 2, 3, 4, 5 };
  static const guint8 private[3] = { 1, 2, 3 };

  append_png_chunk (extra, "sRGB", srgb, sizeof srgb);
  append_png_chunk (extra, "pHYs", phys, sizeof phys);
  add_text_chunk (extra, "tEXt", "parameters", "prompt\nSeed: 1, Size: 50x20", FALSE);
  add_text_chunk (extra, "zTXt", "Comment", "squeezed", TRUE);
  add_text_chunk (extra, "iTXt", "XML:com.adobe.xmp", "<x/>", FALSE);
  append_png_chunk (extra, "eXIf", exif->data, exif->len);
  append_png_chunk (extra, "tIME", time, sizeof time);
  append_png_chunk (extra, "caBX", private, sizeof private);
  append_png_chunk (extra, "prVt", private, sizeof private);
  original = png_with (png, extra);

  copy = fs_metadata_strip (original, &error);
  g_assert_no_error (error);
  layout = png_layout (copy);
  g_assert_cmpstr (layout, ==, "IHDR sRGB pHYs eXIf sBIT IDAT IEND");
  assert_same_pixels (original, copy);
  /* The orientation, alone. */
  g_assert_null (find_bytes (g_bytes_get_data (copy, NULL), g_bytes_get_size (copy), "Acm", 3));
  g_assert_nonnull (find_bytes (g_bytes_get_data (copy, NULL), g_bytes_get_size (copy),
                            LITERAL ("eXIfMM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06")));

  /* A normal orientation needs no EXIF at all. */
  plain = fs_metadata_strip (png, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (plain, png));
}

static void
test_png_read_text (void)
{
  g_autoptr(GBytes) png = make_image ("png", 8, 8);
  g_autoptr(GByteArray) extra = g_byte_array_new ();
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GHashTable) texts = NULL;
  g_autoptr(GHashTable) from_file = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "texts.png", NULL);

  add_text_chunk (extra, "tEXt", "Title", "Caf\xe9", FALSE);
  add_text_chunk (extra, "zTXt", "Comment", "deflated text", TRUE);
  add_text_chunk (extra, "iTXt", "parameters", "灯塔\nSeed: 5, Size: 8x8", TRUE);
  add_text_chunk (extra, "tEXt", "parameters", "second one loses", FALSE);
  original = png_with (png, extra);

  texts = fs_metadata_read_png_text (original, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (texts, "Title"), ==, "Café");
  g_assert_cmpstr (g_hash_table_lookup (texts, "Comment"), ==, "deflated text");
  g_assert_cmpstr (g_hash_table_lookup (texts, "parameters"), ==, "灯塔\nSeed: 5, Size: 8x8");

  g_file_set_contents (path, g_bytes_get_data (original, NULL), g_bytes_get_size (original),
                       &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (path);
  from_file = fs_metadata_read_png_text_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (from_file), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (from_file, "parameters"), ==, "灯塔\nSeed: 5, Size: 8x8");

  /* Not a PNG. */
  g_clear_pointer (&texts, g_hash_table_unref);
  g_clear_pointer (&original, g_bytes_unref);
  original = make_image ("jpeg", 8, 8);
  texts = fs_metadata_read_png_text (original, &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE);
  g_assert_null (texts);
}

/* A PNG cut off in the middle of a chunk is refused, not half copied. */
static void
test_png_malformed (void)
{
  g_autoptr(GBytes) png = make_image ("png", 30, 30);
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (png, 0, g_bytes_get_size (png) - 20);
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GError) error = NULL;

  copy = fs_metadata_embed (cut, "p", "<x/>", &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE);
  g_assert_null (copy);
  g_clear_error (&error);
  copy = fs_metadata_strip (cut, &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE);
  g_assert_null (copy);
}

/* JPEG ---------------------------------------------------------------------------- */

typedef struct
{
  guint8  marker;
  gsize   offset;
  gsize   length;   /* of the payload */
} JpegSegment;

/* The segments before the first scan, SOI included as marker D8. */
static GArray *
jpeg_segments (GBytes *jpeg)
{
  GArray *segments = g_array_new (FALSE, FALSE, sizeof (JpegSegment));
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (jpeg, &size);
  gsize offset = 2;
  JpegSegment soi = { 0xd8, 0, 0 };

  g_assert_cmphex (data[0], ==, 0xff);
  g_assert_cmphex (data[1], ==, 0xd8);
  g_array_append_val (segments, soi);
  for (;;)
    {
      JpegSegment segment;

      g_assert_cmpuint (offset + 4, <=, size);
      g_assert_cmphex (data[offset], ==, 0xff);
      segment.marker = data[offset + 1];
      segment.offset = offset;
      segment.length = ((data[offset + 2] << 8) | data[offset + 3]) - 2;
      g_assert_cmpuint (offset + 4 + segment.length, <=, size);
      g_array_append_val (segments, segment);
      if (segment.marker == 0xda)
        break;
      offset += 4 + segment.length;
    }

  return segments;
}

static char *
jpeg_layout (GBytes *jpeg)
{
  g_autoptr(GArray) segments = jpeg_segments (jpeg);
  g_autoptr(GString) out = g_string_new (NULL);
  const guint8 *data = g_bytes_get_data (jpeg, NULL);

  for (guint i = 0; i < segments->len; i++)
    {
      JpegSegment *segment = &g_array_index (segments, JpegSegment, i);
      const char *payload = (const char *) data + segment->offset + 4;

      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "%02X", segment->marker);
      /* An APPn's name. */
      if (segment->marker >= 0xe0 && segment->marker <= 0xef)
        g_string_append_printf (out, ":%.*s", (int) strnlen (payload, MIN (segment->length, 12)),
                                payload);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
append_segment (GByteArray *out,
                guint8      marker,
                const void *payload,
                gsize       length)
{
  guint8 head[4] = { 0xff, marker, (length + 2) >> 8, (length + 2) & 0xff };

  g_byte_array_append (out, head, 4);
  g_byte_array_append (out, payload, length);
}

/* @jpeg with @extra (framed segments) after its APP0. */
static GBytes *
jpeg_with (GBytes     *jpeg,
           GByteArray *extra,
           GByteArray *trailer)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  const guint8 *data = g_bytes_get_data (jpeg, NULL);
  gsize size = g_bytes_get_size (jpeg);
  gsize after_app0 = 2;

  g_assert_cmphex (data[3], ==, 0xe0);
  after_app0 = 4 + ((data[4] << 8) | data[5]);
  g_byte_array_append (out, data, after_app0);
  g_byte_array_append (out, extra->data, extra->len);
  g_byte_array_append (out, data + after_app0, size - after_app0);
  if (trailer != NULL)
    g_byte_array_append (out, trailer->data, trailer->len);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static void
test_jpeg_embed (void)
{
  g_autoptr(GBytes) jpeg = make_image ("jpeg", 90, 70);
  g_autoptr(GByteArray) extra = g_byte_array_new ();
  g_autoptr(GByteArray) exif = exif_with_orientation (1);
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xmp = fs_metadata_build_xmp (&xmp_fields, FS_METADATA_JPEG_XMP_MAX, NULL);
  g_autofree char *found = NULL;
  g_autofree char *layout = NULL;
  const guint8 *data;
  gsize size;

  /* Straight from gdk-pixbuf: SOI, APP0 JFIF, then the tables. */
  copy = fs_metadata_embed (jpeg, "ignored: PNG only", xmp, &error);
  g_assert_no_error (error);
  layout = jpeg_layout (copy);
  g_assert_true (g_str_has_prefix (layout, "D8 E0:JFIF E1:http://ns.ad DB"));
  found = fs_metadata_find_xmp (copy);
  g_assert_cmpstr (found, ==, xmp);
  assert_same_pixels (jpeg, copy);
  /* The scans are the original's, to the last byte. */
  data = g_bytes_get_data (copy, &size);
  g_assert_cmpmem (data + size - 200, 200,
                   (const guint8 *) g_bytes_get_data (jpeg, NULL) + g_bytes_get_size (jpeg) - 200,
                   200);

  /* With EXIF, after it; an XMP packet the file had is replaced, a
   * provider's JUMBF (C2PA) kept. */
  {
    g_autoptr(GByteArray) payload = g_byte_array_new ();

    g_byte_array_append (payload, (const guint8 *) "Exif\0", 6);
    g_byte_array_append (payload, exif->data, exif->len);
    append_segment (extra, 0xe1, payload->data, payload->len);
  }
  append_segment (extra, 0xe1, LITERAL ("http://ns.adobe.com/xap/1.0/\0<old/>"));
  append_segment (extra, 0xeb, LITERAL ("JP\0\x11\0\0\0\x01jumbc2pa"));
  original = jpeg_with (jpeg, extra, NULL);
  g_clear_pointer (&layout, g_free);
  g_clear_pointer (&found, g_free);
  again = fs_metadata_embed (original, NULL, xmp, &error);
  g_assert_no_error (error);
  layout = jpeg_layout (again);
  g_assert_true (g_str_has_prefix (layout, "D8 E0:JFIF E1:Exif E1:http://ns.ad EB:JP DB"));
  found = fs_metadata_find_xmp (again);
  g_assert_cmpstr (found, ==, xmp);
  assert_same_pixels (jpeg, again);
}

static void
test_jpeg_too_large (void)
{
  g_autoptr(GBytes) jpeg = make_image ("jpeg", 16, 16);
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_strnfill (FS_METADATA_JPEG_XMP_MAX + 1, 'x');
  g_autofree char *fits = g_strnfill (FS_METADATA_JPEG_XMP_MAX, 'x');

  copy = fs_metadata_embed (jpeg, NULL, big, &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_assert_null (copy);
  g_clear_error (&error);

  /* The largest packet fills the segment exactly: 65,535 bytes counted. */
  copy = fs_metadata_embed (jpeg, NULL, fits, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GArray) segments = jpeg_segments (copy);
    JpegSegment *xmp = &g_array_index (segments, JpegSegment, 2);

    g_assert_cmphex (xmp->marker, ==, 0xe1);
    g_assert_cmpuint (xmp->length + 2, ==, 0xffff);
  }
}

static void
test_jpeg_strip (void)
{
  g_autoptr(GBytes) jpeg = make_image ("jpeg", 64, 48);
  g_autoptr(GByteArray) extra = g_byte_array_new ();
  g_autoptr(GByteArray) trailer = g_byte_array_new ();
  g_autoptr(GByteArray) exif = exif_with_orientation (3);
  g_autoptr(GByteArray) exif_payload = g_byte_array_new ();
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *layout = NULL;
  const guint8 *data;
  gsize size;

  g_byte_array_append (exif_payload, (const guint8 *) "Exif\0", 6);
  g_byte_array_append (exif_payload, exif->data, exif->len);
  append_segment (extra, 0xe1, exif_payload->data, exif_payload->len);
  append_segment (extra, 0xe1, LITERAL ("http://ns.adobe.com/xap/1.0/\0<x/>"));
  append_segment (extra, 0xe2, LITERAL ("ICC_PROFILE\0\x01\x01profile"));
  append_segment (extra, 0xe2, LITERAL ("MPF\0II*\0"));
  append_segment (extra, 0xeb, LITERAL ("JP\0\x11\0\0\0\x01jumbc2pa"));
  append_segment (extra, 0xed, LITERAL ("Photoshop 3.0\0"));
  append_segment (extra, 0xee, LITERAL ("Adobe\0\x64\0\0\0\0\x01"));
  append_segment (extra, 0xfe, LITERAL ("a comment"));
  g_byte_array_append (trailer, (const guint8 *) "trailing secrets", 16);
  original = jpeg_with (jpeg, extra, trailer);

  copy = fs_metadata_strip (original, &error);
  g_assert_no_error (error);
  layout = jpeg_layout (copy);
  g_assert_true (g_str_has_prefix (layout, "D8 E0:JFIF E1:Exif E2:ICC_PROFILE EE:Adobe DB"));
  /* The orientation alone, and nothing after EOI. */
  data = g_bytes_get_data (copy, &size);
  g_assert_nonnull (find_bytes (data, size, LITERAL ("Exif\0\0MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x03")));
  g_assert_null (find_bytes (data, size, "Acm", 3));
  g_assert_null (find_bytes (data, size, "comment", 7));
  g_assert_null (find_bytes (data, size, "jumb", 4));
  g_assert_cmphex (data[size - 2], ==, 0xff);
  g_assert_cmphex (data[size - 1], ==, 0xd9);
  assert_same_pixels (jpeg, copy);
}

/* A JPEG with nothing to take out comes back as it was, its scans (with
 * their stuffed FF 00 bytes) walked to EOI. */
static void
test_jpeg_strip_plain (void)
{
  g_autoptr(GBytes) baseline = make_image ("jpeg", 40, 40);
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GError) error = NULL;

  copy = fs_metadata_strip (baseline, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (copy, baseline));
}

/* WebP ----------------------------------------------------------------------------- */

typedef struct
{
  char   fourcc[5];
  gsize  offset;
  guint32 size;
} WebpChunk;

/* Every chunk, with the RIFF size checked against the file. */
static GArray *
webp_chunks (GBytes *webp)
{
  GArray *chunks = g_array_new (FALSE, FALSE, sizeof (WebpChunk));
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (webp, &size);
  gsize offset = 12;

  g_assert_cmpmem (data, 4, "RIFF", 4);
  g_assert_cmpmem (data + 8, 4, "WEBP", 4);
  g_assert_cmpuint (le32 (data + 4), ==, size - 8);
  while (offset < size)
    {
      WebpChunk chunk;

      g_assert_cmpuint (offset + 8, <=, size);
      memcpy (chunk.fourcc, data + offset, 4);
      chunk.fourcc[4] = '\0';
      chunk.size = le32 (data + offset + 4);
      chunk.offset = offset;
      g_assert_cmpuint (offset + 8 + chunk.size + (chunk.size & 1), <=, size);
      g_array_append_val (chunks, chunk);
      offset += 8 + chunk.size + (chunk.size & 1);
    }
  g_assert_cmpuint (offset, ==, size);

  return chunks;
}

static char *
webp_layout (GBytes *webp)
{
  g_autoptr(GArray) chunks = webp_chunks (webp);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < chunks->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? "|" : "",
                            g_array_index (chunks, WebpChunk, i).fourcc);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_vp8x (GBytes  *webp,
             guint8   flags,
             guint32  width,
             guint32  height)
{
  const guint8 *data = g_bytes_get_data (webp, NULL);

  g_assert_cmpmem (data + 12, 4, "VP8X", 4);
  g_assert_cmpuint (le32 (data + 16), ==, 10);
  g_assert_cmphex (data[20], ==, flags);
  g_assert_cmpuint ((data[24] | (data[25] << 8) | (data[26] << 16)) + 1, ==, width);
  g_assert_cmpuint ((data[27] | (data[28] << 8) | (data[29] << 16)) + 1, ==, height);
}

static void
check_webp_embed (const guint8 *bytes,
                  gsize         length,
                  const char   *bitstream)
{
  g_autoptr(GBytes) webp = g_bytes_new_static (bytes, length);
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xmp = fs_metadata_build_xmp (&xmp_fields, G_MAXSIZE, NULL);
  g_autofree char *layout = NULL;
  g_autofree char *expected = g_strdup_printf ("VP8X|%s|XMP ", bitstream);
  g_autofree char *found = NULL;

  copy = fs_metadata_embed (webp, "ignored", xmp, &error);
  g_assert_no_error (error);
  layout = webp_layout (copy);
  g_assert_cmpstr (layout, ==, expected);
  assert_vp8x (copy, 0x04, 64, 64);
  /* The bitstream chunk, byte for byte. */
  g_assert_nonnull (find_bytes (g_bytes_get_data (copy, NULL), g_bytes_get_size (copy),
                            bytes + 12, length - 12));
  found = fs_metadata_find_xmp (copy);
  g_assert_cmpstr (found, ==, xmp);

  /* An extended file keeps its chunks; its XMP is replaced. */
  again = fs_metadata_embed (copy, NULL, "<odd length/>", &error);
  g_assert_no_error (error);
  g_clear_pointer (&layout, g_free);
  layout = webp_layout (again);
  g_assert_cmpstr (layout, ==, expected);
  g_clear_pointer (&found, g_free);
  found = fs_metadata_find_xmp (again);
  g_assert_cmpstr (found, ==, "<odd length/>");
  /* 13 bytes and a pad byte. */
  g_assert_cmpuint (g_bytes_get_size (again), ==,
                    g_bytes_get_size (copy) - (strlen (xmp) + (strlen (xmp) & 1)) + 14);
}

static void
test_webp_embed (void)
{
  check_webp_embed (webp_lossy, sizeof webp_lossy, "VP8 ");
  check_webp_embed (webp_lossless, sizeof webp_lossless, "VP8L");
}

static void
append_riff_chunk (GByteArray *out,
                   const char *fourcc,
                   const void *data,
                   guint32     size)
{
  guint8 head[8];

  memcpy (head, fourcc, 4);
  head[4] = size;
  head[5] = size >> 8;
  head[6] = size >> 16;
  head[7] = size >> 24;
  g_byte_array_append (out, head, 8);
  g_byte_array_append (out, data, size);
  if (size & 1)
    g_byte_array_append (out, (const guint8 *) "", 1);
}

static void
test_webp_strip (void)
{
  g_autoptr(GByteArray) file = g_byte_array_new ();
  g_autoptr(GByteArray) exif = exif_with_orientation (8);
  g_autoptr(GBytes) webp = NULL;
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GBytes) simple = g_bytes_new_static (webp_lossy, sizeof webp_lossy);
  g_autoptr(GBytes) simple_copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *layout = NULL;
  /* ICC, EXIF and XMP, 64 × 64. */
  guint8 vp8x[10] = { 0x20 | 0x08 | 0x04, 0, 0, 0, 63, 0, 0, 63, 0, 0 };

  g_byte_array_append (file, (const guint8 *) "RIFF\0\0\0\0WEBP", 12);
  append_riff_chunk (file, "VP8X", vp8x, sizeof vp8x);
  append_riff_chunk (file, "ICCP", LITERAL ("profile"));
  append_riff_chunk (file, "VP8 ", webp_lossy + 20, sizeof webp_lossy - 20);
  append_riff_chunk (file, "EXIF", exif->data, exif->len);
  append_riff_chunk (file, "XMP ", LITERAL ("<x/>"));
  append_riff_chunk (file, "C2PA", LITERAL ("manifest"));
  file->data[4] = (file->len - 8) & 0xff;
  file->data[5] = ((file->len - 8) >> 8) & 0xff;
  g_byte_array_append (file, (const guint8 *) "junk", 4);
  webp = g_byte_array_free_to_bytes (g_steal_pointer (&file));

  copy = fs_metadata_strip (webp, &error);
  g_assert_no_error (error);
  layout = webp_layout (copy);
  g_assert_cmpstr (layout, ==, "VP8X|ICCP|VP8 |EXIF");
  assert_vp8x (copy, 0x20 | 0x08, 64, 64);
  g_assert_nonnull (find_bytes (g_bytes_get_data (copy, NULL), g_bytes_get_size (copy),
                            LITERAL ("EXIF\x1a\0\0\0MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x08")));
  g_assert_null (fs_metadata_find_xmp (copy));

  /* A simple file has nothing to take out. */
  simple_copy = fs_metadata_strip (simple, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (simple_copy, simple));
}

static void
test_webp_malformed (void)
{
  g_autoptr(GByteArray) file = g_byte_array_new ();
  g_autoptr(GBytes) webp = NULL;
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GError) error = NULL;

  /* The RIFF size says more than there is. */
  g_byte_array_append (file, webp_lossy, sizeof webp_lossy - 10);
  webp = g_byte_array_free_to_bytes (g_steal_pointer (&file));
  copy = fs_metadata_embed (webp, NULL, "<x/>", &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE);
  g_assert_null (copy);
}

/* Found by fuzzing (tests/fuzz/corpus/metadata/webp-no-bitstream.webp): a
 * RIFF WEBP file whose chunk is no picture's ("VP7 ") was stripped to a
 * file with no chunk at all. It is refused. */
static void
test_webp_no_bitstream (void)
{
  g_autoptr(GByteArray) file = g_byte_array_new ();
  g_autoptr(GBytes) webp = NULL;
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GError) error = NULL;

  g_byte_array_append (file, webp_lossy, sizeof webp_lossy);
  file->data[15] = '7';
  webp = g_byte_array_free_to_bytes (g_steal_pointer (&file));
  copy = fs_metadata_strip (webp, &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE);
  g_assert_null (copy);
  g_clear_error (&error);
  copy = fs_metadata_embed (webp, NULL, "<x/>", &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE);
  g_assert_null (copy);
}

/* Found by fuzzing (webp-last-chunk-unpadded.webp): a last chunk of odd
 * length without its padding byte was copied as it was, and the XMP
 * chunk after it landed on an odd offset. Copies are padded. */
static void
test_webp_unpadded (void)
{
  g_autoptr(GByteArray) file = g_byte_array_new ();
  g_autoptr(GBytes) webp = NULL;
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *layout = NULL;

  /* webp_lossless's VP8L chunk is 23 bytes, and its padding is there:
   * take it away and say so in the RIFF size. */
  g_byte_array_append (file, webp_lossless, sizeof webp_lossless - 1);
  file->data[4] = sizeof webp_lossless - 1 - 8;
  webp = g_byte_array_free_to_bytes (g_steal_pointer (&file));

  copy = fs_metadata_embed (webp, NULL, "<x/>", &error);
  g_assert_no_error (error);
  layout = webp_layout (copy);
  g_assert_cmpstr (layout, ==, "VP8X|VP8L|XMP ");
  again = fs_metadata_embed (copy, NULL, "<x/>", &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (again, copy));
}

/* A1111 "parameters" ------------------------------------------------------------ */

static void
test_a1111_parse_sample (void)
{
  g_autoptr(FsA1111) settings = fs_a1111_parse (a1111_sample);
  g_auto(GStrv) keys = fs_a1111_list_keys (settings);
  gint64 seed = 0;
  gint64 steps = 0;
  double cfg = 0;
  guint width = 0;
  guint height = 0;

  g_assert_cmpstr (fs_a1111_get_prompt (settings), ==,
                   "masterpiece, best quality, a lighthouse on a cliff at dusk, "
                   "(dramatic sky:1.2)");
  g_assert_cmpstr (fs_a1111_get_negative_prompt (settings), ==,
                   "lowres, bad anatomy, watermark");
  g_assert_cmpuint (g_strv_length (keys), ==, 10);
  g_assert_cmpstr (keys[0], ==, "Steps");
  g_assert_cmpstr (keys[9], ==, "Version");
  g_assert_true (fs_a1111_get_seed (settings, &seed));
  g_assert_cmpint (seed, ==, 3920438393);
  g_assert_true (fs_a1111_get_steps (settings, &steps));
  g_assert_cmpint (steps, ==, 30);
  g_assert_true (fs_a1111_get_cfg_scale (settings, &cfg));
  g_assert_cmpfloat (cfg, ==, 7.0);
  g_assert_true (fs_a1111_get_size (settings, &width, &height));
  g_assert_cmpuint (width, ==, 512);
  g_assert_cmpuint (height, ==, 768);
  g_assert_cmpstr (fs_a1111_get (settings, "Sampler"), ==, "DPM++ 2M Karras");
  g_assert_cmpstr (fs_a1111_get (settings, "Model"), ==, "v1-5-pruned-emaonly");
  /* Quoted, with a comma-free colon inside. */
  g_assert_cmpstr (fs_a1111_get (settings, "Lora hashes"), ==, "add_detail: 7c6bad76eb54");
}

static void
test_a1111_round_trip (void)
{
  g_autoptr(FsA1111) settings = fs_a1111_new ("a lighthouse\n  at dusk, #1e88e5");
  g_autoptr(FsA1111) back = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;

  fs_a1111_set (settings, "Steps", "28");
  fs_a1111_set (settings, "CFG scale", "3.5");
  fs_a1111_set (settings, "Seed", "42");
  fs_a1111_set (settings, "Size", "1024x768");
  fs_a1111_set (settings, "Model", "flux-2-flex");
  fs_a1111_set (settings, "Note", "a, b: \"c\"\nd");
  text = fs_a1111_to_string (settings);
  g_assert_cmpstr (text, ==,
                   "a lighthouse\n  at dusk, #1e88e5\n"
                   "Steps: 28, CFG scale: 3.5, Seed: 42, Size: 1024x768, Model: flux-2-flex, "
                   "Note: \"a, b: \\\"c\\\"\\nd\"");

  back = fs_a1111_parse (text);
  g_assert_cmpstr (fs_a1111_get_prompt (back), ==, "a lighthouse\n  at dusk, #1e88e5");
  g_assert_null (fs_a1111_get_negative_prompt (back));
  g_assert_cmpstr (fs_a1111_get (back, "Note"), ==, "a, b: \"c\"\nd");
  again = fs_a1111_to_string (back);
  g_assert_cmpstr (again, ==, text);

  /* Setting NULL removes. */
  fs_a1111_set (back, "Note", NULL);
  g_assert_null (fs_a1111_get (back, "Note"));
}

static void
test_a1111_lenient (void)
{
  g_autoptr(FsA1111) prompt_only = fs_a1111_parse ("just a prompt, with: a colon\n");
  g_autoptr(FsA1111) two_known = fs_a1111_parse ("p\nSize: 64x64, Model: flux-dev");
  g_autoptr(FsA1111) two_unknown = fs_a1111_parse ("p\nStyle: bold, Mood: calm");
  g_autoptr(FsA1111) json = fs_a1111_parse ("{\n  \"scene\": \"a cat\"\n}\nSeed: 1, Size: 8x8, "
                                            "Model: flux-2-pro");
  g_autoptr(FsA1111) bad_seed = fs_a1111_parse ("p\nSeed: -1, Size: 0x5, Steps: many");
  g_autoptr(FsA1111) crlf = fs_a1111_parse ("p\r\nNegative prompt: n\r\nSeed: 3, Size: 8x8, "
                                            "Model: m\r\n");
  g_autoptr(FsA1111) crlf_lines = fs_a1111_parse ("line one\r\nline two\r\nSeed: 3, Size: 8x8, "
                                                  "Model: m");
  gint64 value;
  guint width;
  guint height;

  g_assert_cmpstr (fs_a1111_get_prompt (prompt_only), ==, "just a prompt, with: a colon");
  g_assert_null (fs_a1111_get (prompt_only, "just a prompt"));

  g_assert_cmpstr (fs_a1111_get_prompt (two_known), ==, "p");
  g_assert_cmpstr (fs_a1111_get (two_known, "Model"), ==, "flux-dev");
  /* Two pairs of words A1111 does not write: part of the prompt. */
  g_assert_cmpstr (fs_a1111_get_prompt (two_unknown), ==, "p\nStyle: bold, Mood: calm");

  g_assert_cmpstr (fs_a1111_get_prompt (json), ==, "{\n  \"scene\": \"a cat\"\n}");

  g_assert_false (fs_a1111_get_seed (bad_seed, &value));
  g_assert_false (fs_a1111_get_steps (bad_seed, &value));
  g_assert_false (fs_a1111_get_size (bad_seed, &width, &height));

  g_assert_cmpstr (fs_a1111_get_prompt (crlf), ==, "p");
  g_assert_cmpstr (fs_a1111_get_prompt (crlf_lines), ==, "line one\nline two");
  g_assert_cmpstr (fs_a1111_get_negative_prompt (crlf), ==, "n");
  g_assert_true (fs_a1111_get_seed (crlf, &value));
  g_assert_cmpint (value, ==, 3);
}

static void
test_a1111_models (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  g_autoptr(FsA1111) by_id = fs_a1111_parse ("p\nSize: 8x8, Model: flux-2-flex");
  g_autoptr(FsA1111) by_name = fs_a1111_parse ("p\nSize: 8x8, Model: flux.2 [PRO]");
  g_autoptr(FsA1111) by_wire = fs_a1111_parse ("p\nSize: 8x8, Model: FLUX_SCHNELL");
  g_autoptr(FsA1111) unknown = fs_a1111_parse (a1111_sample);
  g_autoptr(FsA1111) none = fs_a1111_parse ("p");

  g_assert_cmpstr (fs_model_get_id (fs_a1111_find_model (by_id, catalog)), ==, "flux-2-flex");
  g_assert_cmpstr (fs_model_get_id (fs_a1111_find_model (by_name, catalog)), ==, "flux-2-pro");
  g_assert_cmpstr (fs_model_get_id (fs_a1111_find_model (by_wire, catalog)), ==, "flux_schnell");
  g_assert_null (fs_a1111_find_model (unknown, catalog));
  g_assert_null (fs_a1111_find_model (none, catalog));
}

/* Export ----------------------------------------------------------------------------- */

/* A gallery image of a remote provider, with its sidecar's record, as a
 * job saves it: @format "png" or "jpeg". */
static FsAsset *
gallery_asset (const char *folder,
               const char *name,
               const char *format,
               const char *prompt)
{
  g_autoptr(GBytes) image = make_image (format, 120, 80);
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autofree char *sha256 = fs_file_sha256_bytes (image);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (folder, 0755);
  g_file_set_contents (path, g_bytes_get_data (image, NULL), g_bytes_get_size (image), &error);
  g_assert_no_error (error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "provider");
  json_builder_add_string_value (builder, "bfl");
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, "flux-2-flex");
  json_builder_set_member_name (builder, "model_name");
  json_builder_add_string_value (builder, "FLUX.2 [flex]");
  json_builder_set_member_name (builder, "prompt");
  json_builder_add_string_value (builder, prompt);
  json_builder_set_member_name (builder, "params");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "seed");
  json_builder_add_int_value (builder, 424242);
  json_builder_set_member_name (builder, "steps");
  json_builder_add_int_value (builder, 28);
  json_builder_set_member_name (builder, "guidance");
  json_builder_add_double_value (builder, 3.5);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "image");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, sha256);
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, 120);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, 80);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "saved_at");
  json_builder_add_string_value (builder, "2026-03-01T10:20:30+01:00");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return fs_asset_new_from_record (path, json_node_get_object (root));
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static GPtrArray *
export_all (GPtrArray     *assets,
            const char    *folder,
            FsExportFlags  flags,
            GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fs_export_async (assets, folder, flags, NULL, fs_test_result_cb, &result);
  return fs_export_finish (fs_test_wait_result (&result), error);
}

static void
test_export_copies (void)
{
  g_autofree char *gallery = g_build_filename (dir, "gallery-copies", NULL);
  g_autofree char *out = g_build_filename (dir, "out-copies", "nested", NULL);
  g_autoptr(FsAsset) png = gallery_asset (gallery, "a.png", "png", "a lighthouse, #1e88e5");
  g_autoptr(FsAsset) jpeg = gallery_asset (gallery, "b.jpg", "jpeg", "a cup of tea & <biscuits>");
  g_autoptr(GPtrArray) assets = g_ptr_array_new ();
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GBytes) png_before = read_bytes (fs_asset_get_path (png));
  g_autoptr(GBytes) png_after = NULL;
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GBytes) jpeg_copy = NULL;
  g_autoptr(GHashTable) texts = NULL;
  g_autoptr(FsA1111) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xmp = NULL;
  g_autofree char *jpeg_xmp = NULL;
  FsExportResult *result;
  gint64 seed;

  g_ptr_array_add (assets, png);
  g_ptr_array_add (assets, jpeg);
  results = export_all (assets, out, FS_EXPORT_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 2);

  result = g_ptr_array_index (results, 0);
  g_assert_no_error (result->error);
  g_assert_cmpstr (result->source, ==, fs_asset_get_path (png));
  g_assert_true (g_str_has_suffix (result->path, "/nested/a.png"));
  g_assert_false (result->stripped);
  g_assert_false (result->truncated);

  /* The original is the same bytes; the copy has the same pixels and the
   * record, which reads back into the settings it came from. */
  png_after = read_bytes (fs_asset_get_path (png));
  g_assert_true (g_bytes_equal (png_before, png_after));
  copy = read_bytes (result->path);
  assert_same_pixels (png_before, copy);
  texts = fs_metadata_read_png_text (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (texts, "parameters"), ==,
                   "a lighthouse, #1e88e5\n"
                   "Steps: 28, CFG scale: 3.5, Seed: 424242, Size: 120x80, Model: flux-2-flex");
  settings = fs_a1111_parse (g_hash_table_lookup (texts, "parameters"));
  g_assert_cmpstr (fs_a1111_get_prompt (settings), ==, fs_asset_get_prompt (png));
  g_assert_true (fs_a1111_get_seed (settings, &seed));
  g_assert_cmpint (seed, ==, 424242);
  xmp = fs_metadata_find_xmp (copy);
  g_assert_nonnull (strstr (xmp, ">a lighthouse, #1e88e5</rdf:li>"));
  g_assert_nonnull (strstr (xmp, "<Iptc4xmpExt:AISystemUsed>FLUX.2 [flex] (Black Forest Labs)<"));
  g_assert_nonnull (strstr (xmp, "<Iptc4xmpExt:AISystemVersionUsed>flux-2-flex<"));
  g_assert_nonnull (strstr (xmp, "trainedAlgorithmicMedia"));
  g_assert_nonnull (strstr (xmp, "<xmp:CreateDate>2026-03-01T"));
  assert_well_formed (xmp);

  result = g_ptr_array_index (results, 1);
  g_assert_no_error (result->error);
  jpeg_copy = read_bytes (result->path);
  jpeg_xmp = fs_metadata_find_xmp (jpeg_copy);
  g_assert_nonnull (strstr (jpeg_xmp, ">a cup of tea &amp; &lt;biscuits&gt;</rdf:li>"));

  /* Again: new names, nothing overwritten. */
  second = export_all (assets, out, FS_EXPORT_STRIP_METADATA, &error);
  g_assert_no_error (error);
  result = g_ptr_array_index (second, 0);
  g_assert_no_error (result->error);
  g_assert_true (g_str_has_suffix (result->path, "/nested/a (2).png"));
  g_assert_true (result->stripped);
  g_clear_pointer (&copy, g_bytes_unref);
  copy = read_bytes (result->path);
  g_assert_true (g_bytes_equal (copy, png_before));
  result = g_ptr_array_index (second, 1);
  g_assert_true (g_str_has_suffix (result->path, "/nested/b (2).jpg"));
  g_clear_pointer (&copy, g_bytes_unref);
  {
    g_autofree char *first = g_build_filename (out, "a.png", NULL);

    copy = read_bytes (first);
    g_assert_false (g_bytes_equal (copy, png_before));
  }
}

/* The sandbox's pictures are drawn by code, not by a trained model. */
static void
test_export_sandbox (void)
{
  g_autofree char *library_dir = g_build_filename (dir, "library-sandbox", NULL);
  g_autofree char *out = g_build_filename (dir, "out-sandbox", NULL);
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  g_autoptr(FsLibrary) library = NULL;
  g_autoptr(FsAsset) asset = NULL;
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *xmp = NULL;

  g_mkdir_with_parents (library_dir, 0755);
  g_mkdir_with_parents (out, 0755);
  library = fs_test_library_new (library_dir);
  asset = fs_test_save_sandbox (library, catalog, "sandbox shapes", 9, 64, 64);
  path = fs_export_copy (asset, out, FS_EXPORT_NONE, NULL, NULL, &error);
  g_assert_no_error (error);
  copy = read_bytes (path);
  xmp = fs_metadata_find_xmp (copy);
  g_assert_nonnull (strstr (xmp, "digitalsourcetype/algorithmicMedia<"));
  g_assert_null (strstr (xmp, "AISystem"));
  g_assert_nonnull (strstr (xmp, ">sandbox shapes</rdf:li>"));
}

static void
test_export_failures (void)
{
  g_autofree char *gallery = g_build_filename (dir, "gallery-failures", NULL);
  g_autofree char *out = g_build_filename (dir, "out-failures", NULL);
  g_autofree char *file = g_build_filename (dir, "a-file", NULL);
  g_autoptr(FsAsset) good = gallery_asset (gallery, "good.png", "png", "good");
  g_autoptr(FsAsset) damaged = gallery_asset (gallery, "damaged.png", "png", "damaged");
  g_autoptr(FsAsset) gone = gallery_asset (gallery, "gone.png", "png", "gone");
  g_autoptr(GPtrArray) assets = g_ptr_array_new ();
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) other = make_image ("png", 5, 5);
  FsExportResult *result;

  g_file_set_contents (fs_asset_get_path (damaged), g_bytes_get_data (other, NULL),
                       g_bytes_get_size (other), &error);
  g_assert_no_error (error);
  g_unlink (fs_asset_get_path (gone));

  g_ptr_array_add (assets, damaged);
  g_ptr_array_add (assets, good);
  g_ptr_array_add (assets, gone);
  results = export_all (assets, out, FS_EXPORT_NONE, &error);
  g_assert_no_error (error);

  result = g_ptr_array_index (results, 0);
  g_assert_error (result->error, FS_ERROR, FS_ERROR_FAILED);
  g_assert_null (result->path);
  g_test_message ("damaged: %s", result->error->message);
  result = g_ptr_array_index (results, 1);
  g_assert_no_error (result->error);
  g_assert_nonnull (result->path);
  result = g_ptr_array_index (results, 2);
  g_assert_nonnull (result->error);
  g_assert_null (result->path);
  g_test_message ("gone: %s", result->error->message);
  /* Nothing half-written is left behind. */
  {
    g_autoptr(GDir) listing = g_dir_open (out, 0, NULL);
    guint n = 0;

    while (g_dir_read_name (listing) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 1);
  }

  /* A file where the folder should be. */
  g_clear_pointer (&results, g_ptr_array_unref);
  g_file_set_contents (file, "x", 1, &error);
  g_assert_no_error (error);
  results = export_all (assets, file, FS_EXPORT_NONE, &error);
  g_assert_null (results);
  g_assert_nonnull (error);
  g_test_message ("a file: %s", error->message);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *tmp = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp = fs_test_make_dir ("fs-export-XXXXXX");
  dir = tmp;

  g_test_add_func ("/metadata/crc", test_crc);
  g_test_add_func ("/metadata/xmp", test_xmp);
  g_test_add_func ("/metadata/xmp-truncated", test_xmp_truncated);
  g_test_add_func ("/metadata/png/embed", test_png_embed);
  g_test_add_func ("/metadata/png/embed-keeps", test_png_embed_keeps);
  g_test_add_func ("/metadata/png/parameters-utf8", test_png_parameters_utf8);
  g_test_add_func ("/metadata/png/strip", test_png_strip);
  g_test_add_func ("/metadata/png/read-text", test_png_read_text);
  g_test_add_func ("/metadata/png/malformed", test_png_malformed);
  g_test_add_func ("/metadata/jpeg/embed", test_jpeg_embed);
  g_test_add_func ("/metadata/jpeg/too-large", test_jpeg_too_large);
  g_test_add_func ("/metadata/jpeg/strip", test_jpeg_strip);
  g_test_add_func ("/metadata/jpeg/strip-plain", test_jpeg_strip_plain);
  g_test_add_func ("/metadata/webp/embed", test_webp_embed);
  g_test_add_func ("/metadata/webp/strip", test_webp_strip);
  g_test_add_func ("/metadata/webp/malformed", test_webp_malformed);
  g_test_add_func ("/metadata/webp/no-bitstream", test_webp_no_bitstream);
  g_test_add_func ("/metadata/webp/unpadded", test_webp_unpadded);
  g_test_add_func ("/a1111/parse-sample", test_a1111_parse_sample);
  g_test_add_func ("/a1111/round-trip", test_a1111_round_trip);
  g_test_add_func ("/a1111/lenient", test_a1111_lenient);
  g_test_add_func ("/a1111/models", test_a1111_models);
  g_test_add_func ("/export/copies", test_export_copies);
  g_test_add_func ("/export/sandbox", test_export_sandbox);
  g_test_add_func ("/export/failures", test_export_failures);

  status = g_test_run ();
  fs_test_remove_dir (tmp);
  return status;
}
