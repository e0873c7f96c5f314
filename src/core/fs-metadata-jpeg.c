/* fs-metadata-jpeg.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fs-error.h"
#include "fs-metadata-private.h"

/* JPEG: SOI (FF D8), then marker segments (FF, a marker byte, a 2-byte
 * big-endian length that counts itself, the payload), then from the first
 * SOS (FF DA) the entropy-coded scans, in which FF is always followed by
 * 00 or a restart marker (D0–D7), with more segments (tables) between the
 * scans of a progressive file, up to EOI (FF D9). Metadata lives in APPn
 * segments (E0–EF), told apart by the name their payload starts with, and
 * in COM (FE). */

#define XMP_NAME "http://ns.adobe.com/xap/1.0/"
#define XMP_EXTENSION_NAME "http://ns.adobe.com/xmp/extension/"

typedef struct
{
  const guint8 *start;     /* the FF of the marker */
  gsize         total;     /* marker, length and payload */
  guint8        marker;
  const guint8 *payload;
  gsize         length;    /* of the payload */
} Segment;

static gboolean
is_app (guint8 marker)
{
  return marker >= 0xe0 && marker <= 0xef;
}

static gboolean
payload_starts (const Segment *segment,
                const char    *name,
                gsize          name_length)
{
  return segment->length >= name_length && memcmp (segment->payload, name, name_length) == 0;
}

static gboolean
is_xmp (const Segment *segment)
{
  return segment->marker == 0xe1 &&
         (payload_starts (segment, XMP_NAME, sizeof XMP_NAME) ||
          payload_starts (segment, XMP_EXTENSION_NAME, sizeof XMP_EXTENSION_NAME));
}

static gboolean
is_exif (const Segment *segment)
{
  return segment->marker == 0xe1 && payload_starts (segment, "Exif\0", 6);
}

/* The segment at *@offset (fill bytes FF before a marker are allowed),
 * which moves past it. Markers without a length (TEM, RSTn) have an
 * empty payload. */
static gboolean
next_segment (const guint8  *data,
              gsize          size,
              gsize         *offset,
              Segment       *segment)
{
  gsize at = *offset;
  gsize length;

  if (at >= size || data[at] != 0xff)
    return FALSE;
  while (at + 1 < size && data[at + 1] == 0xff)
    at++;
  if (at + 1 >= size)
    return FALSE;

  segment->start = data + at;
  segment->marker = data[at + 1];
  if (segment->marker == 0x01 || (segment->marker >= 0xd0 && segment->marker <= 0xd9))
    {
      segment->payload = data + at + 2;
      segment->length = 0;
      segment->total = 2;
      *offset = at + 2;
      return TRUE;
    }

  if (at + 4 > size)
    return FALSE;
  length = (data[at + 2] << 8) | data[at + 3];
  if (length < 2 || length > size - at - 2)
    return FALSE;

  segment->payload = data + at + 4;
  segment->length = length - 2;
  segment->total = length + 2;
  *offset = at + 2 + length;
  return TRUE;
}

/* From the byte after an SOS segment to the marker that ends the scan
 * (not a stuffed 00 nor a restart marker): its offset, or 0 when the
 * data ends first. */
static gsize
skip_scan (const guint8 *data,
           gsize         size,
           gsize         offset)
{
  for (gsize i = offset; i + 1 < size; i++)
    {
      if (data[i] != 0xff)
        continue;
      if (data[i + 1] == 0x00 || data[i + 1] == 0xff ||
          (data[i + 1] >= 0xd0 && data[i + 1] <= 0xd7))
        continue;
      return i;
    }

  return 0;
}

static void
append_segment (GByteArray   *out,
                guint8        marker,
                const guint8 *name,
                gsize         name_length,
                const guint8 *payload,
                gsize         length)
{
  gsize total = 2 + name_length + length;
  guint8 head[4] = { 0xff, marker, total >> 8, total & 0xff };

  g_assert (total <= 0xffff);
  g_byte_array_append (out, head, 4);
  g_byte_array_append (out, name, name_length);
  g_byte_array_append (out, payload, length);
}

/* The XMP APP1 goes after SOI, the APP0 (JFIF) and an EXIF APP1, where
 * the XMP specification places it and readers look first. An XMP packet
 * the file had (and its extension segments, which belong to it) is
 * replaced. The scans and whatever follows them are copied as they are. */
GBytes *
_fs_metadata_jpeg_embed (const guint8  *data,
                         gsize          size,
                         const char    *xmp,
                         GError       **error)
{
  g_autoptr(GByteArray) out = g_byte_array_sized_new (size + 4096);
  gsize offset = 2;
  gboolean inserted = (xmp == NULL);
  Segment segment;

  if (xmp != NULL && strlen (xmp) > FS_METADATA_JPEG_XMP_MAX)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("The XMP packet is too large for a JPEG file"));
      return NULL;
    }

  g_byte_array_append (out, data, 2);
  while (next_segment (data, size, &offset, &segment))
    {
      if (!inserted && segment.marker != 0xe0 && !is_exif (&segment) && !is_xmp (&segment))
        {
          append_segment (out, 0xe1, (const guint8 *) XMP_NAME, sizeof XMP_NAME,
                          (const guint8 *) xmp, strlen (xmp));
          inserted = TRUE;
        }

      if (segment.marker == 0xda)
        {
          g_byte_array_append (out, segment.start, size - (segment.start - data));
          return g_byte_array_free_to_bytes (g_steal_pointer (&out));
        }
      if (xmp != NULL && is_xmp (&segment))
        continue;
      g_byte_array_append (out, segment.start, segment.total);
    }

  _fs_metadata_set_malformed (error, "JPEG");
  return NULL;
}

/* A stripped copy keeps every segment that describes the pixels (tables,
 * frame and scan headers, restart intervals …) and, of the APPn segments,
 * only APP0 "JFIF" (pixel density, the colour space of a YCbCr file),
 * APP2 "ICC_PROFILE" (the colour profile) and APP14 "Adobe" (the colour
 * transform of RGB and CMYK files, without which the colours decode
 * wrong). Every other APPn goes — EXIF (APP1; only a non-normal
 * orientation is kept, in a minimal EXIF), XMP and its extensions (APP1),
 * JFXX thumbnails (APP0), MPF (APP2), Photoshop and IPTC (APP13), JUMBF
 * and C2PA (APP11) and every other — with the comments (COM) and anything
 * after EOI. */
static gboolean
keep_when_stripping (const Segment *segment)
{
  if (segment->marker == 0xfe)
    return FALSE;
  if (!is_app (segment->marker))
    return TRUE;

  return (segment->marker == 0xe0 && payload_starts (segment, "JFIF\0", 5)) ||
         (segment->marker == 0xe2 && payload_starts (segment, "ICC_PROFILE\0", 12)) ||
         (segment->marker == 0xee && payload_starts (segment, "Adobe", 5));
}

static void
append_stripped (GByteArray    *out,
                 const Segment *segment)
{
  if (is_exif (segment))
    {
      guint orientation = _fs_metadata_exif_orientation (segment->payload, segment->length);

      if (orientation > 1)
        {
          g_autoptr(GBytes) exif = _fs_metadata_minimal_exif (orientation);

          append_segment (out, 0xe1, (const guint8 *) "Exif\0", 6,
                          g_bytes_get_data (exif, NULL), g_bytes_get_size (exif));
        }
      return;
    }

  if (keep_when_stripping (segment))
    g_byte_array_append (out, segment->start, segment->total);
}

GBytes *
_fs_metadata_jpeg_strip (const guint8  *data,
                         gsize          size,
                         GError       **error)
{
  g_autoptr(GByteArray) out = g_byte_array_sized_new (size);
  gsize offset = 2;
  Segment segment;

  g_byte_array_append (out, data, 2);
  while (next_segment (data, size, &offset, &segment))
    {
      if (segment.marker == 0xd9)
        {
          g_byte_array_append (out, segment.start, 2);
          return g_byte_array_free_to_bytes (g_steal_pointer (&out));
        }

      append_stripped (out, &segment);

      if (segment.marker == 0xda)
        {
          gsize end = skip_scan (data, size, offset);

          if (end == 0)
            break;
          g_byte_array_append (out, data + offset, end - offset);
          offset = end;
        }
    }

  _fs_metadata_set_malformed (error, "JPEG");
  return NULL;
}

char *
_fs_metadata_jpeg_find_xmp (const guint8 *data,
                            gsize         size)
{
  gsize offset = 2;
  Segment segment;

  while (next_segment (data, size, &offset, &segment) && segment.marker != 0xda)
    {
      if (segment.marker == 0xe1 && payload_starts (&segment, XMP_NAME, sizeof XMP_NAME))
        return g_strndup ((const char *) segment.payload + sizeof XMP_NAME,
                          segment.length - sizeof XMP_NAME);
    }

  return NULL;
}
