/* fs-metadata.c
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

/* The XMP packet and what the three containers share: detection, the
 * CRC that PNG chunks carry, and the EXIF orientation that stripping
 * keeps (docs/ARCHITECTURE.md, “Export”). The containers are in
 * fs-metadata-png.c, fs-metadata-jpeg.c and fs-metadata-webp.c. */

FsMetadataFormat
fs_metadata_detect (GBytes *image)
{
  gsize size = 0;
  const guint8 *data;

  g_return_val_if_fail (image != NULL, FS_METADATA_UNKNOWN);

  data = g_bytes_get_data (image, &size);
  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return FS_METADATA_PNG;
  if (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return FS_METADATA_JPEG;
  if (size >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return FS_METADATA_WEBP;

  return FS_METADATA_UNKNOWN;
}

gboolean
_fs_metadata_set_malformed (GError    **error,
                            const char *format)
{
  g_set_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE,
               /* Translators: %s is an image format, “PNG”, “JPEG” or “WebP” */
               _("The %s file is cut off or malformed, so nothing can be added to it or "
                 "taken out of it"), format);
  return FALSE;
}

static void
set_unknown_format (GError **error)
{
  g_set_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE,
               _("Only PNG, JPEG and WebP images can carry an exported record"));
}

/* CRC-32 as PNG (and zlib) compute it: polynomial 0xedb88320. */
guint32
_fs_metadata_crc32 (guint32       crc,
                    const guint8 *data,
                    gsize         length)
{
  static guint32 table[256];
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (guint k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
          table[n] = c;
        }
      g_once_init_leave (&initialised, 1);
    }

  crc = ~crc;
  for (gsize i = 0; i < length; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);

  return ~crc;
}

/* XMP -------------------------------------------------------------------- */

/* What XML 1.0 allows in character data: tab, line feed, carriage return
 * and everything from U+0020 on but U+FFFE and U+FFFF. */
static gboolean
is_xml_char (gunichar c)
{
  return c == 0x09 || c == 0x0a || c == 0x0d ||
         (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) ||
         (c >= 0x10000 && c <= 0x10ffff);
}

/* Appends @text XML-escaped, at most @limit bytes of it (G_MAXSIZE: all);
 * returns FALSE when it had to stop early. A carriage return is written as
 * a reference, since XML parsers turn a literal one into a line feed. */
static gboolean
append_escaped (GString    *out,
                const char *text,
                gsize       limit)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  gsize start = out->len;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char buffer[8];
      const char *piece = buffer;
      gsize length;

      switch (c)
        {
        case '&': piece = "&amp;"; break;
        case '<': piece = "&lt;"; break;
        case '>': piece = "&gt;"; break;
        case '"': piece = "&quot;"; break;
        case '\'': piece = "&apos;"; break;
        case '\r': piece = "&#xD;"; break;
        default:
          if (!is_xml_char (c))
            continue;
          buffer[g_unichar_to_utf8 (c, buffer)] = '\0';
        }

      length = strlen (piece);
      if (limit != G_MAXSIZE && out->len - start + length > limit)
        return FALSE;
      g_string_append_len (out, piece, length);
    }

  return TRUE;
}

static void
append_simple (GString    *out,
               const char *name,
               const char *value)
{
  if (value == NULL)
    return;

  g_string_append_printf (out, "   <%s>", name);
  append_escaped (out, value, G_MAXSIZE);
  g_string_append_printf (out, "</%s>\n", name);
}

static const char packet_head[] =
  "<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
  "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
  " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
  "  <rdf:Description rdf:about=\"\"\n"
  "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
  "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
  "    xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\">\n";

static const char packet_tail[] =
  "  </rdf:Description>\n"
  " </rdf:RDF>\n"
  "</x:xmpmeta>\n"
  "<?xpacket end=\"r\"?>";

static const char description_head[] =
  "   <dc:description>\n"
  "    <rdf:Alt>\n"
  "     <rdf:li xml:lang=\"x-default\">";

static const char description_tail[] =
  "</rdf:li>\n"
  "    </rdf:Alt>\n"
  "   </dc:description>\n";

/* The packet is read-only ("end=r") and has no padding: the copy is
 * written once, and an editor that wants to grow it rewrites the file. */
char *
fs_metadata_build_xmp (const FsXmpFields *fields,
                       gsize              max_bytes,
                       gboolean          *truncated)
{
  g_autoptr(GString) rest = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (packet_head);
  gsize fixed;

  g_return_val_if_fail (fields != NULL, NULL);

  if (truncated != NULL)
    *truncated = FALSE;

  append_simple (rest, "xmp:CreatorTool", fields->creator_tool);
  append_simple (rest, "xmp:CreateDate", fields->create_date);
  append_simple (rest, "Iptc4xmpExt:DigitalSourceType", fields->digital_source_type);
  append_simple (rest, "Iptc4xmpExt:AISystemUsed", fields->ai_system);
  append_simple (rest, "Iptc4xmpExt:AISystemVersionUsed", fields->ai_system_version);

  fixed = strlen (packet_head) + rest->len + strlen (packet_tail);
  if (fields->description != NULL)
    {
      g_autoptr(GString) whole = g_string_new (NULL);
      gsize room;

      fixed += strlen (description_head) + strlen (description_tail);
      room = max_bytes > fixed ? max_bytes - fixed : 0;

      g_string_append (out, description_head);
      append_escaped (whole, fields->description, G_MAXSIZE);
      if (whole->len <= room)
        g_string_append_len (out, whole->str, whole->len);
      else
        {
          /* Whole characters and whole references only, with room for
           * the three bytes of "…". */
          append_escaped (out, fields->description,
                          room > strlen ("…") ? room - strlen ("…") : 0);
          g_string_append (out, "…");
          if (truncated != NULL)
            *truncated = TRUE;
        }
      g_string_append (out, description_tail);
    }

  g_string_append_len (out, rest->str, rest->len);
  g_string_append (out, packet_tail);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Dispatch ------------------------------------------------------------------ */

GBytes *
fs_metadata_embed (GBytes      *image,
                   const char  *parameters,
                   const char  *xmp,
                   GError     **error)
{
  gsize size = 0;
  const guint8 *data;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (image, &size);
  switch (fs_metadata_detect (image))
    {
    case FS_METADATA_PNG:
      return _fs_metadata_png_embed (data, size, parameters, xmp, error);
    case FS_METADATA_JPEG:
      return _fs_metadata_jpeg_embed (data, size, xmp, error);
    case FS_METADATA_WEBP:
      return _fs_metadata_webp_embed (data, size, xmp, error);
    case FS_METADATA_UNKNOWN:
    default:
      set_unknown_format (error);
      return NULL;
    }
}

GBytes *
fs_metadata_strip (GBytes  *image,
                   GError **error)
{
  gsize size = 0;
  const guint8 *data;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (image, &size);
  switch (fs_metadata_detect (image))
    {
    case FS_METADATA_PNG:
      return _fs_metadata_png_strip (data, size, error);
    case FS_METADATA_JPEG:
      return _fs_metadata_jpeg_strip (data, size, error);
    case FS_METADATA_WEBP:
      return _fs_metadata_webp_strip (data, size, error);
    case FS_METADATA_UNKNOWN:
    default:
      set_unknown_format (error);
      return NULL;
    }
}

char *
fs_metadata_find_xmp (GBytes *image)
{
  gsize size = 0;
  const guint8 *data;

  g_return_val_if_fail (image != NULL, NULL);

  data = g_bytes_get_data (image, &size);
  switch (fs_metadata_detect (image))
    {
    case FS_METADATA_PNG:
      return _fs_metadata_png_find_xmp (data, size);
    case FS_METADATA_JPEG:
      return _fs_metadata_jpeg_find_xmp (data, size);
    case FS_METADATA_WEBP:
      return _fs_metadata_webp_find_xmp (data, size);
    case FS_METADATA_UNKNOWN:
    default:
      return NULL;
    }
}

/* EXIF orientation -------------------------------------------------------------- */

static guint
read_u16 (const guint8 *p,
          gboolean      big_endian)
{
  return big_endian ? (p[0] << 8) | p[1] : (p[1] << 8) | p[0];
}

static guint32
read_u32 (const guint8 *p,
          gboolean      big_endian)
{
  return big_endian ? _fs_read_be32 (p) : _fs_read_le32 (p);
}

guint
_fs_metadata_exif_orientation (const guint8 *tiff,
                               gsize         length)
{
  gboolean big_endian;
  guint32 ifd;
  guint count;

  if (length >= 6 && memcmp (tiff, "Exif\0\0", 6) == 0)
    {
      tiff += 6;
      length -= 6;
    }
  if (length < 8)
    return 0;
  if (memcmp (tiff, "MM\0*", 4) == 0)
    big_endian = TRUE;
  else if (memcmp (tiff, "II*\0", 4) == 0)
    big_endian = FALSE;
  else
    return 0;

  ifd = read_u32 (tiff + 4, big_endian);
  if (ifd < 8 || ifd > length - 2)
    return 0;
  count = read_u16 (tiff + ifd, big_endian);

  for (guint i = 0; i < count; i++)
    {
      gsize entry = ifd + 2 + (gsize) i * 12;
      guint value;

      if (entry + 12 > length)
        return 0;
      if (read_u16 (tiff + entry, big_endian) != 0x0112)
        continue;
      /* SHORT, one value, held in the entry itself. */
      if (read_u16 (tiff + entry + 2, big_endian) != 3 ||
          read_u32 (tiff + entry + 4, big_endian) != 1)
        return 0;
      value = read_u16 (tiff + entry + 8, big_endian);
      return value >= 1 && value <= 8 ? value : 0;
    }

  return 0;
}

GBytes *
_fs_metadata_minimal_exif (guint orientation)
{
  guint8 tiff[] = {
    'M', 'M', 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08,  /* big-endian, IFD0 at 8 */
    0x00, 0x01,                                    /* one entry */
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, /* Orientation, SHORT, 1 */
    0x00, orientation, 0x00, 0x00,                 /* the value */
    0x00, 0x00, 0x00, 0x00,                        /* no next IFD */
  };

  g_return_val_if_fail (orientation >= 1 && orientation <= 8, NULL);

  return g_bytes_new (tiff, sizeof tiff);
}
