/* fs-metadata-png.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fs-error.h"
#include "fs-file.h"
#include "fs-metadata-private.h"

/* PNG: a signature, then chunks of length (4 bytes, big-endian), type (4),
 * data and a CRC-32 of type and data, from IHDR to IEND. Text goes in
 * tEXt (Latin-1), zTXt (Latin-1, deflated) or iTXt (UTF-8, maybe
 * deflated), each starting with a keyword and a NUL. */

#define SIGNATURE_SIZE 8
#define XMP_KEYWORD "XML:com.adobe.xmp"
#define PARAMETERS_KEYWORD "parameters"

typedef struct
{
  const guint8 *start;   /* the length field */
  gsize         total;   /* 12 + length */
  char          type[5];
  const guint8 *data;
  guint32       length;
} Chunk;

/* The next chunk at *@offset, which moves past it. FALSE at the end of
 * the data; an error when a chunk runs past it. */
static gboolean
next_chunk (const guint8  *data,
            gsize          size,
            gsize         *offset,
            Chunk         *chunk,
            GError       **error)
{
  if (*offset == size)
    return FALSE;
  if (size - *offset < 12)
    return _fs_metadata_set_malformed (error, "PNG");

  chunk->start = data + *offset;
  chunk->length = _fs_read_be32 (chunk->start);
  if (chunk->length > G_MAXINT32 || chunk->length > size - *offset - 12)
    return _fs_metadata_set_malformed (error, "PNG");

  memcpy (chunk->type, chunk->start + 4, 4);
  chunk->type[4] = '\0';
  chunk->data = chunk->start + 8;
  chunk->total = 12 + (gsize) chunk->length;
  *offset += chunk->total;

  return TRUE;
}

static gboolean
is_type (const Chunk *chunk,
         const char  *type)
{
  return memcmp (chunk->type, type, 4) == 0;
}

static gboolean
is_text (const Chunk *chunk)
{
  return is_type (chunk, "tEXt") || is_type (chunk, "zTXt") || is_type (chunk, "iTXt");
}

/* The keyword a text chunk starts with (1–79 bytes then NUL), or NULL. */
static char *
chunk_keyword (const guint8 *data,
               gsize         length)
{
  const guint8 *nul = memchr (data, '\0', MIN (length, 80));

  if (nul == NULL || nul == data)
    return NULL;

  return g_strndup ((const char *) data, nul - data);
}

static void
append_chunk (GByteArray   *out,
              const char   *type,
              const guint8 *data,
              gsize         length)
{
  guint32 crc = _fs_metadata_crc32 (0, (const guint8 *) type, 4);

  crc = _fs_metadata_crc32 (crc, data, length);
  _fs_append_be32 (out, length);
  g_byte_array_append (out, (const guint8 *) type, 4);
  g_byte_array_append (out, data, length);
  _fs_append_be32 (out, crc);
}

/* An uncompressed iTXt chunk: keyword, NUL, compression flag and method
 * (0, 0), an empty language tag and translated keyword (each ended by
 * NUL), then the UTF-8 text. */
static void
append_itxt (GByteArray *out,
             const char *keyword,
             const char *text)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  static const guint8 flags[] = { 0, 0, 0, 0, 0 };

  g_byte_array_append (data, (const guint8 *) keyword, strlen (keyword));
  g_byte_array_append (data, flags, sizeof flags);
  g_byte_array_append (data, (const guint8 *) text, strlen (text));
  append_chunk (out, "iTXt", data->data, data->len);
}

/* As A1111 (through Pillow) writes it: tEXt when the text is Latin-1,
 * otherwise iTXt, so a prompt in any script survives. */
static void
append_parameters (GByteArray *out,
                   const char *text)
{
  g_autofree char *latin1 = g_convert (text, -1, "ISO-8859-1", "UTF-8", NULL, NULL, NULL);
  g_autoptr(GByteArray) data = NULL;

  if (latin1 == NULL)
    {
      append_itxt (out, PARAMETERS_KEYWORD, text);
      return;
    }

  data = g_byte_array_new ();
  g_byte_array_append (data, (const guint8 *) PARAMETERS_KEYWORD, sizeof PARAMETERS_KEYWORD);
  g_byte_array_append (data, (const guint8 *) latin1, strlen (latin1));
  append_chunk (out, "tEXt", data->data, data->len);
}

/* Our chunks go right before the first IDAT: after IHDR and the colour
 * chunks (PLTE, iCCP, sRGB, gAMA … must all come before IDAT), where
 * readers that stop at the pixels still find them. A "parameters" text or
 * an XMP packet the file had is replaced, never doubled. */
GBytes *
_fs_metadata_png_embed (const guint8  *data,
                        gsize          size,
                        const char    *parameters,
                        const char    *xmp,
                        GError       **error)
{
  g_autoptr(GByteArray) out = g_byte_array_sized_new (size + 4096);
  g_autoptr(GError) local_error = NULL;
  gsize offset = SIGNATURE_SIZE;
  gboolean inserted = FALSE;
  gboolean ended = FALSE;
  Chunk chunk;

  g_byte_array_append (out, data, SIGNATURE_SIZE);
  while (!ended && next_chunk (data, size, &offset, &chunk, &local_error))
    {
      g_autofree char *keyword = NULL;

      if (out->len == SIGNATURE_SIZE && !is_type (&chunk, "IHDR"))
        break;

      if (is_type (&chunk, "IDAT") && !inserted)
        {
          if (parameters != NULL)
            append_parameters (out, parameters);
          if (xmp != NULL)
            append_itxt (out, XMP_KEYWORD, xmp);
          inserted = TRUE;
        }

      if (is_text (&chunk))
        keyword = chunk_keyword (chunk.data, chunk.length);
      if ((parameters != NULL && g_strcmp0 (keyword, PARAMETERS_KEYWORD) == 0) ||
          (xmp != NULL && is_type (&chunk, "iTXt") && g_strcmp0 (keyword, XMP_KEYWORD) == 0))
        continue;

      g_byte_array_append (out, chunk.start, chunk.total);
      ended = is_type (&chunk, "IEND");
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!inserted || !ended)
    {
      _fs_metadata_set_malformed (error, "PNG");
      return NULL;
    }

  /* Whatever follows IEND is not ours to judge: it stays. */
  g_byte_array_append (out, data + offset, size - offset);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* The ancillary chunks a stripped copy keeps: they say how to show the
 * pixels (transparency, colour, gamma, HDR, background, density, the
 * palette's histogram and suggestions) or animate them (APNG). Critical
 * chunks (IHDR, PLTE, IDAT, IEND) always stay. Everything else goes:
 * tEXt, zTXt, iTXt (and with it XMP and A1111 "parameters"), eXIf, tIME,
 * caBX (C2PA) and every private or unknown chunk. */
static const char * const kept_ancillary[] = {
  "tRNS", "cHRM", "gAMA", "iCCP", "sBIT", "sRGB", "cICP", "mDCv", "cLLi",
  "bKGD", "hIST", "pHYs", "sPLT", "acTL", "fcTL", "fdAT", NULL,
};

static gboolean
keep_when_stripping (const Chunk *chunk)
{
  /* Bit 5 of the first byte clear: a critical chunk. */
  if ((chunk->type[0] & 0x20) == 0)
    return TRUE;

  for (guint i = 0; kept_ancillary[i] != NULL; i++)
    if (is_type (chunk, kept_ancillary[i]))
      return TRUE;

  return FALSE;
}

GBytes *
_fs_metadata_png_strip (const guint8  *data,
                        gsize          size,
                        GError       **error)
{
  g_autoptr(GByteArray) out = g_byte_array_sized_new (size);
  g_autoptr(GError) local_error = NULL;
  gsize offset = SIGNATURE_SIZE;
  gboolean ended = FALSE;
  Chunk chunk;

  g_byte_array_append (out, data, SIGNATURE_SIZE);
  while (!ended && next_chunk (data, size, &offset, &chunk, &local_error))
    {
      if (out->len == SIGNATURE_SIZE && !is_type (&chunk, "IHDR"))
        break;

      if (is_type (&chunk, "eXIf"))
        {
          guint orientation = _fs_metadata_exif_orientation (chunk.data, chunk.length);

          if (orientation > 1)
            {
              g_autoptr(GBytes) exif = _fs_metadata_minimal_exif (orientation);

              append_chunk (out, "eXIf", g_bytes_get_data (exif, NULL), g_bytes_get_size (exif));
            }
          continue;
        }

      if (keep_when_stripping (&chunk))
        g_byte_array_append (out, chunk.start, chunk.total);
      ended = is_type (&chunk, "IEND");
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!ended)
    {
      _fs_metadata_set_malformed (error, "PNG");
      return NULL;
    }

  /* Bytes after IEND are dropped: they may hide anything. */
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* Reading text ---------------------------------------------------------------- */

static char *
inflate_text (const guint8 *data,
              gsize         length)
{
  g_autoptr(GConverter) converter = NULL;
  g_autoptr(GInputStream) base = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) bytes = NULL;

  converter = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB));
  base = g_memory_input_stream_new_from_data (data, length, NULL);
  stream = g_converter_input_stream_new (base, converter);
  /* A deflate bomb stops at the limit. */
  bytes = fs_file_read_stream (stream, "zTXt", FS_METADATA_MAX_TEXT, NULL, NULL);
  if (bytes == NULL)
    return NULL;

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* tEXt and zTXt are Latin-1 by the standard, but some tools write UTF-8
 * there: text that is valid UTF-8 is taken as such (Latin-1 text with
 * accents is almost never valid UTF-8). */
static char *
latin1_to_utf8 (const char *text,
                gsize       length)
{
  if (g_utf8_validate_len (text, length, NULL))
    return g_strndup (text, length);

  return g_convert (text, length, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
}

/* The text of one text chunk, as UTF-8, or NULL when it cannot be read. */
static char *
chunk_text (const char   *type,
            const guint8 *data,
            gsize         length,
            char        **keyword_out)
{
  g_autofree char *keyword = chunk_keyword (data, length);
  const guint8 *p;
  const guint8 *end = data + length;
  char *text = NULL;

  if (keyword == NULL)
    return NULL;
  p = data + strlen (keyword) + 1;

  if (g_str_equal (type, "tEXt"))
    text = latin1_to_utf8 ((const char *) p, end - p);
  else if (g_str_equal (type, "zTXt"))
    {
      g_autofree char *inflated = NULL;

      /* One byte of method (0: deflate), then the compressed text. */
      if (p < end && *p == 0)
        inflated = inflate_text (p + 1, end - p - 1);
      if (inflated != NULL)
        text = latin1_to_utf8 (inflated, strlen (inflated));
    }
  else if (g_str_equal (type, "iTXt"))
    {
      const guint8 *language;
      const guint8 *translated;
      gboolean compressed;

      if (end - p < 2 || (p[0] != 0 && p[0] != 1) || p[1] != 0)
        return NULL;
      compressed = p[0] == 1;
      language = p + 2;
      if ((p = memchr (language, '\0', end - language)) == NULL)
        return NULL;
      translated = p + 1;
      if ((p = memchr (translated, '\0', end - translated)) == NULL)
        return NULL;
      p++;

      if (compressed)
        text = inflate_text (p, end - p);
      else
        text = g_strndup ((const char *) p, end - p);
      if (text != NULL && !g_utf8_validate (text, -1, NULL))
        g_clear_pointer (&text, g_free);
    }

  if (text != NULL)
    *keyword_out = g_steal_pointer (&keyword);

  return text;
}

static void
add_text (GHashTable   *texts,
          const char   *type,
          const guint8 *data,
          gsize         length)
{
  char *keyword = NULL;
  char *text;

  if (length > FS_METADATA_MAX_TEXT)
    return;

  text = chunk_text (type, data, length, &keyword);
  if (text == NULL)
    return;
  if (g_hash_table_contains (texts, keyword))
    {
      g_free (keyword);
      g_free (text);
      return;
    }

  g_hash_table_insert (texts, keyword, text);
}

static GHashTable *
new_texts (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

GHashTable *
fs_metadata_read_png_text (GBytes  *image,
                           GError **error)
{
  g_autoptr(GHashTable) texts = new_texts ();
  g_autoptr(GError) local_error = NULL;
  gsize size = 0;
  const guint8 *data;
  gsize offset = SIGNATURE_SIZE;
  Chunk chunk;

  g_return_val_if_fail (image != NULL, NULL);

  data = g_bytes_get_data (image, &size);
  if (fs_metadata_detect (image) != FS_METADATA_PNG)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE, _("This is not a PNG image"));
      return NULL;
    }

  while (next_chunk (data, size, &offset, &chunk, &local_error))
    {
      if (is_text (&chunk))
        add_text (texts, chunk.type, chunk.data, chunk.length);
      if (is_type (&chunk, "IEND"))
        break;
    }

  /* A file cut off after its text still gives what it has. */
  return g_steal_pointer (&texts);
}

static gboolean
read_exactly (GInputStream  *stream,
              guint8        *buffer,
              gsize          length,
              GCancellable  *cancellable,
              GError       **error)
{
  gsize read = 0;

  if (!g_input_stream_read_all (stream, buffer, length, &read, cancellable, error))
    return FALSE;

  return read == length;
}

static gboolean
skip_exactly (GInputStream  *stream,
              gsize          length,
              GCancellable  *cancellable,
              GError       **error)
{
  while (length > 0)
    {
      gssize skipped = g_input_stream_skip (stream, MIN (length, G_MAXSSIZE), cancellable, error);

      if (skipped <= 0)
        return FALSE;
      length -= skipped;
    }

  return TRUE;
}

GHashTable *
fs_metadata_read_png_text_file (GFile         *file,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(GHashTable) texts = new_texts ();
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *name = NULL;
  guint8 header[SIGNATURE_SIZE];

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* Only regular files: a FIFO or a device would block or never end. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;
  name = g_strdup (g_file_info_get_display_name (info));
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is not a regular file"), name);
      return NULL;
    }

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;

  if (!read_exactly (G_INPUT_STREAM (stream), header, sizeof header, cancellable, NULL) ||
      memcmp (header, "\x89PNG\r\n\x1a\n", SIGNATURE_SIZE) != 0)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE, _("“%s” is not a PNG image"), name);
      return NULL;
    }

  /* Chunk by chunk: text is read, anything else (the pixels) skipped. */
  for (;;)
    {
      guint8 chunk_header[8];
      guint32 length;
      char type[5];

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (!read_exactly (G_INPUT_STREAM (stream), chunk_header, 8, cancellable, NULL))
        break;

      length = _fs_read_be32 (chunk_header);
      memcpy (type, chunk_header + 4, 4);
      type[4] = '\0';
      if (length > G_MAXINT32 || g_str_equal (type, "IEND"))
        break;

      if ((g_str_equal (type, "tEXt") || g_str_equal (type, "zTXt") ||
           g_str_equal (type, "iTXt")) && length <= FS_METADATA_MAX_TEXT)
        {
          g_autofree guint8 *data = g_malloc (length);

          if (!read_exactly (G_INPUT_STREAM (stream), data, length, cancellable, NULL))
            break;
          add_text (texts, type, data, length);
          length = 0;
        }

      /* The data not read, and the CRC. */
      if (!skip_exactly (G_INPUT_STREAM (stream), (gsize) length + 4, cancellable, NULL))
        break;
    }

  return g_steal_pointer (&texts);
}

char *
_fs_metadata_png_find_xmp (const guint8 *data,
                           gsize         size)
{
  gsize offset = SIGNATURE_SIZE;
  Chunk chunk;

  while (next_chunk (data, size, &offset, &chunk, NULL))
    {
      g_autofree char *keyword = NULL;
      char *text;

      if (!is_type (&chunk, "iTXt"))
        continue;
      text = chunk_text ("iTXt", chunk.data, chunk.length, &keyword);
      if (text != NULL && g_strcmp0 (keyword, XMP_KEYWORD) == 0)
        return text;
      g_free (text);
    }

  return NULL;
}
