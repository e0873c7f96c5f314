/* fs-metadata-webp.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fs-error.h"
#include "fs-metadata-private.h"

/* WebP: a RIFF file, "RIFF", the size of what follows (4 bytes,
 * little-endian), "WEBP", then chunks of FourCC, size (little-endian) and
 * data, padded to an even length. A simple file is one "VP8 " (lossy) or
 * "VP8L" (lossless) chunk; metadata needs the extended format, which
 * starts with a "VP8X" chunk whose flags say what the file holds: ICC
 * profile 0x20, alpha 0x10, EXIF 0x08, XMP 0x04, animation 0x02; then the
 * canvas width and height less one (3 bytes each). "EXIF" and "XMP "
 * chunks come last. */

#define FLAG_ALPHA 0x10
#define FLAG_EXIF  0x08
#define FLAG_XMP   0x04

typedef struct
{
  const guint8 *start;
  gsize         total;    /* header, data and padding */
  char          fourcc[5];
  const guint8 *data;
  guint32       size;
} Chunk;

static gboolean
is_fourcc (const Chunk *chunk,
           const char  *fourcc)
{
  return memcmp (chunk->fourcc, fourcc, 4) == 0;
}

/* The end of the RIFF data, or 0 when the header is wrong or the file is
 * shorter than it says. */
static gsize
riff_end (const guint8 *data,
          gsize         size)
{
  guint32 riff_size;

  if (size < 12)
    return 0;
  riff_size = _fs_read_le32 (data + 4);
  if (riff_size < 4 || riff_size > size - 8)
    return 0;

  return 8 + (gsize) riff_size;
}

static gboolean
next_chunk (const guint8 *data,
            gsize         end,
            gsize        *offset,
            Chunk        *chunk)
{
  gsize padded;

  if (*offset + 8 > end)
    return FALSE;

  chunk->start = data + *offset;
  memcpy (chunk->fourcc, chunk->start, 4);
  chunk->fourcc[4] = '\0';
  chunk->size = _fs_read_le32 (chunk->start + 4);
  chunk->data = chunk->start + 8;
  padded = (gsize) chunk->size + (chunk->size & 1);
  if (padded > end - *offset - 8)
    {
      /* Some writers leave out the padding of the last chunk. */
      if (chunk->size != end - *offset - 8)
        return FALSE;
      padded = chunk->size;
    }

  chunk->total = 8 + padded;
  *offset += chunk->total;
  return TRUE;
}

/* All the chunks, or NULL when they do not fill the RIFF data exactly or
 * the first is not a picture's (VP8X, "VP8 " or VP8L). */
static GArray *
read_chunks (const guint8 *data,
             gsize         size,
             gsize        *end_out)
{
  g_autoptr(GArray) chunks = g_array_new (FALSE, FALSE, sizeof (Chunk));
  gsize end = riff_end (data, size);
  gsize offset = 12;
  Chunk chunk;
  Chunk *first;

  if (end == 0)
    return NULL;

  while (next_chunk (data, end, &offset, &chunk))
    g_array_append_val (chunks, chunk);

  if (offset != end || chunks->len == 0)
    return NULL;
  first = &g_array_index (chunks, Chunk, 0);
  if (!is_fourcc (first, "VP8X") && !is_fourcc (first, "VP8 ") && !is_fourcc (first, "VP8L"))
    return NULL;

  *end_out = end;
  return g_steal_pointer (&chunks);
}

static void
append_chunk (GByteArray   *out,
              const char   *fourcc,
              const guint8 *data,
              gsize         size)
{
  g_byte_array_append (out, (const guint8 *) fourcc, 4);
  _fs_append_le32 (out, size);
  g_byte_array_append (out, data, size);
  if (size & 1)
    g_byte_array_append (out, (const guint8 *) "", 1);
}

/* A chunk of the file as it is, padded to an even length even where the
 * writer left the padding of the last chunk out. */
static void
append_existing (GByteArray  *out,
                 const Chunk *chunk)
{
  g_byte_array_append (out, chunk->start, 8 + (gsize) chunk->size);
  if (chunk->size & 1)
    g_byte_array_append (out, (const guint8 *) "", 1);
}

static void
append_le24 (guint8  *p,
             guint32  value)
{
  p[0] = value & 0xff;
  p[1] = (value >> 8) & 0xff;
  p[2] = (value >> 16) & 0xff;
}

/* The canvas size of a simple file, from its bitstream's header, and
 * whether a lossless one uses alpha. */
static gboolean
simple_canvas (const Chunk *chunk,
               guint32     *width,
               guint32     *height,
               gboolean    *alpha)
{
  const guint8 *p = chunk->data;

  *alpha = FALSE;
  if (is_fourcc (chunk, "VP8 "))
    {
      /* A 3-byte frame tag, the start code 9D 01 2A, then 14 bits of
       * width and of height, each with 2 bits of scale above. */
      if (chunk->size < 10 || p[3] != 0x9d || p[4] != 0x01 || p[5] != 0x2a)
        return FALSE;
      *width = (p[6] | (p[7] << 8)) & 0x3fff;
      *height = (p[8] | (p[9] << 8)) & 0x3fff;
      return *width > 0 && *height > 0;
    }

  if (is_fourcc (chunk, "VP8L"))
    {
      guint32 bits;

      /* The signature 2F, then width − 1 and height − 1 in 14 bits each,
       * then the alpha hint, least significant bit first. */
      if (chunk->size < 5 || p[0] != 0x2f)
        return FALSE;
      bits = _fs_read_le32 (p + 1);
      *width = (bits & 0x3fff) + 1;
      *height = ((bits >> 14) & 0x3fff) + 1;
      *alpha = (bits >> 28) & 1;
      return TRUE;
    }

  return FALSE;
}

/* The RIFF size counts everything after itself, up to @riff_length. */
static void
set_riff_size (GByteArray *out,
               gsize       riff_length)
{
  guint32 riff_size = riff_length - 8;

  out->data[4] = riff_size & 0xff;
  out->data[5] = (riff_size >> 8) & 0xff;
  out->data[6] = (riff_size >> 16) & 0xff;
  out->data[7] = (riff_size >> 24) & 0xff;
}

/* A simple file becomes an extended one (VP8X, its bitstream unchanged,
 * then "XMP "); an extended file gets the XMP flag and its "XMP " chunk
 * replaced or added at the end. Other chunks — ICC profile, animation,
 * EXIF, C2PA — stay as they are, in their order. */
GBytes *
_fs_metadata_webp_embed (const guint8  *data,
                         gsize          size,
                         const char    *xmp,
                         GError       **error)
{
  g_autoptr(GArray) chunks = NULL;
  g_autoptr(GByteArray) out = NULL;
  gsize end = 0;
  gsize riff_length;
  Chunk *first;

  if ((chunks = read_chunks (data, size, &end)) == NULL)
    {
      _fs_metadata_set_malformed (error, "WebP");
      return NULL;
    }
  first = &g_array_index (chunks, Chunk, 0);

  out = g_byte_array_sized_new (size + 4096);
  g_byte_array_append (out, (const guint8 *) "RIFF\0\0\0\0WEBP", 12);

  if (is_fourcc (first, "VP8X"))
    {
      guint8 header[10];

      if (first->size < 10)
        {
          _fs_metadata_set_malformed (error, "WebP");
          return NULL;
        }
      memcpy (header, first->data, 10);
      if (xmp != NULL)
        header[0] |= FLAG_XMP;
      append_chunk (out, "VP8X", header, 10);
    }
  else
    {
      guint8 header[10] = { 0, };
      guint32 width;
      guint32 height;
      gboolean alpha;

      if (!simple_canvas (first, &width, &height, &alpha))
        {
          _fs_metadata_set_malformed (error, "WebP");
          return NULL;
        }
      header[0] = (xmp != NULL ? FLAG_XMP : 0) | (alpha ? FLAG_ALPHA : 0);
      append_le24 (header + 4, width - 1);
      append_le24 (header + 7, height - 1);
      append_chunk (out, "VP8X", header, 10);
      append_existing (out, first);
    }

  for (guint i = 1; i < chunks->len; i++)
    {
      Chunk *chunk = &g_array_index (chunks, Chunk, i);

      if (xmp != NULL && is_fourcc (chunk, "XMP "))
        continue;
      append_existing (out, chunk);
    }

  if (xmp != NULL)
    append_chunk (out, "XMP ", (const guint8 *) xmp, strlen (xmp));

  /* Bytes after the RIFF data are no part of it; they stay after it. */
  riff_length = out->len;
  g_byte_array_append (out, data + end, size - end);
  set_riff_size (out, riff_length);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* A stripped copy keeps the chunks of the picture — VP8X, ICCP (the
 * colour profile), ANIM and ANMF (animation), ALPH, VP8 and VP8L — and
 * drops "XMP ", "EXIF" (only a non-normal orientation is kept, in a
 * minimal EXIF), C2PA and every other chunk, and anything after the RIFF
 * data. The VP8X flags follow. */
static const char * const kept_chunks[] = {
  "VP8X", "ICCP", "ANIM", "ANMF", "ALPH", "VP8 ", "VP8L", NULL,
};

GBytes *
_fs_metadata_webp_strip (const guint8  *data,
                         gsize          size,
                         GError       **error)
{
  g_autoptr(GArray) chunks = NULL;
  g_autoptr(GByteArray) out = NULL;
  g_autoptr(GBytes) exif = NULL;
  gsize end = 0;
  gsize flags_at = 0;

  if ((chunks = read_chunks (data, size, &end)) == NULL)
    {
      _fs_metadata_set_malformed (error, "WebP");
      return NULL;
    }

  out = g_byte_array_sized_new (size);
  g_byte_array_append (out, (const guint8 *) "RIFF\0\0\0\0WEBP", 12);

  for (guint i = 0; i < chunks->len; i++)
    {
      Chunk *chunk = &g_array_index (chunks, Chunk, i);
      gboolean kept = FALSE;

      if (is_fourcc (chunk, "EXIF"))
        {
          guint orientation = _fs_metadata_exif_orientation (chunk->data, chunk->size);

          if (orientation > 1 && exif == NULL)
            exif = _fs_metadata_minimal_exif (orientation);
          continue;
        }

      for (guint k = 0; kept_chunks[k] != NULL; k++)
        kept = kept || is_fourcc (chunk, kept_chunks[k]);
      if (!kept)
        continue;

      if (i == 0 && is_fourcc (chunk, "VP8X"))
        flags_at = out->len + 8;
      append_existing (out, chunk);
    }

  /* Only an extended file can carry EXIF; a simple one had none. */
  if (flags_at > 0)
    {
      out->data[flags_at] &= ~(FLAG_EXIF | FLAG_XMP);
      if (exif != NULL)
        {
          out->data[flags_at] |= FLAG_EXIF;
          append_chunk (out, "EXIF", g_bytes_get_data (exif, NULL), g_bytes_get_size (exif));
        }
    }

  set_riff_size (out, out->len);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

char *
_fs_metadata_webp_find_xmp (const guint8 *data,
                            gsize         size)
{
  g_autoptr(GArray) chunks = NULL;
  gsize end = 0;

  if ((chunks = read_chunks (data, size, &end)) == NULL)
    return NULL;

  for (guint i = 0; i < chunks->len; i++)
    {
      Chunk *chunk = &g_array_index (chunks, Chunk, i);

      if (is_fourcc (chunk, "XMP "))
        return g_strndup ((const char *) chunk->data, chunk->size);
    }

  return NULL;
}
