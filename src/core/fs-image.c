/* fs-image.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <sys/stat.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "fs-error.h"
#include "fs-file.h"
#include "fs-image-private.h"

/* An error page from a proxy or a gateway often arrives where an image was
 * expected; saying so is more useful than the decoder's complaint. */
static gboolean
looks_like_text (const guint8 *data,
                 gsize         size)
{
  gsize checked = MIN (size, 512);
  const char *end = NULL;

  for (gsize i = 0; i < checked; i++)
    {
      if (data[i] < 0x09 || (data[i] > 0x0d && data[i] < 0x20))
        return FALSE;
    }

  /* A multi-byte character may straddle the end of the checked part. */
  g_utf8_validate_len ((const char *) data, checked, &end);
  return (gsize) (end - (const char *) data) + 4 > checked;
}

static void
set_not_image (GError       **error,
               const guint8  *data,
               gsize          size,
               const char    *reason)
{
  g_autofree char *start = NULL;

  if (size == 0)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE,
                   _("There is no image: the data is empty"));
      return;
    }

  start = g_ascii_strdown ((const char *) data, MIN (size, 256));
  if (looks_like_text (data, size) &&
      (strstr (start, "<html") != NULL || strstr (start, "<!doctype html") != NULL))
    g_set_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE,
                 _("This is a web page, not an image"));
  else if (looks_like_text (data, size))
    g_set_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE,
                 _("This is text, not an image"));
  else
    g_set_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE,
                 /* Translators: the image decoder's reason follows */
                 _("This is not an image that can be read: %s"), reason);
}

static char *
format_extension (GdkPixbufFormat *format)
{
  g_autofree char *name = gdk_pixbuf_format_get_name (format);
  g_auto(GStrv) extensions = NULL;

  if (g_str_equal (name, "jpeg"))
    return g_strdup ("jpg");

  extensions = gdk_pixbuf_format_get_extensions (format);
  if (extensions != NULL && extensions[0] != NULL)
    return g_strdup (extensions[0]);

  return g_steal_pointer (&name);
}

static char *
format_mime_type (GdkPixbufFormat *format)
{
  g_auto(GStrv) mime_types = gdk_pixbuf_format_get_mime_types (format);

  if (mime_types != NULL && mime_types[0] != NULL)
    return g_strdup (mime_types[0]);

  return g_strdup ("application/octet-stream");
}

static guint32
read_be32 (const guint8 *data)
{
  return (guint32) data[0] << 24 | (guint32) data[1] << 16 |
         (guint32) data[2] << 8 | (guint32) data[3];
}

static guint32
read_le32 (const guint8 *data)
{
  return (guint32) data[3] << 24 | (guint32) data[2] << 16 |
         (guint32) data[1] << 8 | (guint32) data[0];
}

/* What a walk over a PNG's chunks found: whether it reaches IEND, and
 * whether the pixels (and, for a palette image, the palette before them)
 * are there. Only the chunks' headers are read, not their data. */
typedef struct
{
  gboolean complete;
  gboolean has_pixels;
  gboolean palette_first;
} PngWalk;

/* gdk-pixbuf pads a cut-off PNG or JPEG and reports success, so walk the
 * file's own structure to its end marker. */
static PngWalk
png_walk (const guint8 *data,
          gsize         size)
{
  PngWalk walk = { FALSE, FALSE, FALSE };
  gsize offset = 8;

  while (offset + 12 <= size)
    {
      guint32 length = read_be32 (data + offset);
      const guint8 *type = data + offset + 4;

      if (memcmp (type, "IEND", 4) == 0)
        {
          walk.complete = TRUE;
          break;
        }
      if (memcmp (type, "PLTE", 4) == 0 && !walk.has_pixels)
        walk.palette_first = TRUE;
      if (memcmp (type, "IDAT", 4) == 0)
        walk.has_pixels = TRUE;
      if (length > size - offset - 12)
        break;
      offset += 12 + (gsize) length;
    }

  return walk;
}

static gboolean
png_is_complete (const guint8 *data,
                 gsize         size)
{
  return png_walk (data, size).complete;
}

/* In entropy-coded data every 0xff byte is followed by 0x00 (stuffing) or
 * a restart marker; anything else is the next segment's marker. */
static gsize
jpeg_skip_scan (const guint8 *data,
                gsize         size,
                gsize         offset)
{
  for (; offset + 1 < size; offset++)
    {
      guint8 next = data[offset + 1];

      if (data[offset] == 0xff && next != 0x00 && (next < 0xd0 || next > 0xd7))
        return offset;
    }

  return size;
}

static gboolean
jpeg_is_complete (const guint8 *data,
                  gsize         size)
{
  gsize offset = 2;

  while (offset + 1 < size)
    {
      guint8 marker = data[offset + 1];

      if (data[offset] != 0xff)
        return FALSE;
      if (marker == 0xd9)
        return TRUE;
      if (marker == 0xff || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
        {
          offset += marker == 0xff ? 1 : 2;
          continue;
        }
      if (offset + 3 >= size)
        return FALSE;

      offset += 2 + ((gsize) data[offset + 2] << 8 | data[offset + 3]);
      if (marker == 0xda)
        offset = jpeg_skip_scan (data, size, offset);
    }

  return FALSE;
}

/* Without a WebP loader (Debian 12 ships none), a WebP result must still
 * be recognised, or a paid image would be thrown away: check the RIFF
 * length against the data and read the size from the first chunk. */
static gboolean
webp_read_size (const guint8 *data,
                gsize         size,
                guint        *width,
                guint        *height)
{
  const guint8 *chunk = data + 20;

  if (memcmp (data + 12, "VP8X", 4) == 0 && size >= 30)
    {
      *width = 1 + (chunk[4] | chunk[5] << 8 | chunk[6] << 16);
      *height = 1 + (chunk[7] | chunk[8] << 8 | chunk[9] << 16);
    }
  else if (memcmp (data + 12, "VP8 ", 4) == 0 && size >= 30 &&
           chunk[3] == 0x9d && chunk[4] == 0x01 && chunk[5] == 0x2a)
    {
      *width = (chunk[6] | chunk[7] << 8) & 0x3fff;
      *height = (chunk[8] | chunk[9] << 8) & 0x3fff;
    }
  else if (memcmp (data + 12, "VP8L", 4) == 0 && size >= 25 && chunk[0] == 0x2f)
    {
      guint32 bits = read_le32 (chunk + 1);

      *width = 1 + (bits & 0x3fff);
      *height = 1 + ((bits >> 14) & 0x3fff);
    }
  else
    return FALSE;

  return *width > 0 && *height > 0;
}

static gboolean
is_webp (const guint8 *data,
         gsize         size)
{
  return size >= 20 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0;
}

/* The RIFF header states the length of everything after it. */
static gboolean
webp_is_complete (const guint8 *data,
                  gsize         size)
{
  return (gsize) read_le32 (data + 4) + 8 == size;
}

static void
set_truncated (GError **error)
{
  g_set_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE,
               _("The image is cut short: its data ends early, as after an interrupted download"));
}

/* Feeds every byte to the loader; the loader must be closed even after a
 * failed write. */
static gboolean
decode (GdkPixbufLoader  *loader,
        const guint8     *data,
        gsize             size,
        GError          **error)
{
  g_autoptr(GError) write_error = NULL;
  gboolean written = gdk_pixbuf_loader_write (loader, data, size, &write_error);
  gboolean closed = gdk_pixbuf_loader_close (loader, written ? error : NULL);

  if (!written)
    g_propagate_error (error, g_steal_pointer (&write_error));
  else if (closed && gdk_pixbuf_loader_get_pixbuf (loader) == NULL)
    {
      /* Some loaders accept a header and then give nothing, and say
       * nothing either (found by fuzzing). */
      g_set_error_literal (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE,
                           _("The image decoder gave no picture"));
      return FALSE;
    }

  return written && closed;
}

/* gdk-pixbuf's BMP loader buffers as many header bytes as the header
 * claims: a 131-byte file claiming a 2 GB header made it allocate that
 * (found by fuzzing). The header must be one of the known sizes, and the
 * pixels must start inside the file. */
static gboolean
bmp_header_is_sane (const guint8 *data,
                    gsize         size)
{
  static const guint32 info_sizes[] = { 12, 16, 40, 52, 56, 64, 108, 124 };
  guint32 pixels_at, info_size;

  if (size < 26)
    return FALSE;

  pixels_at = read_le32 (data + 10);
  info_size = read_le32 (data + 14);
  if (pixels_at < 14 + info_size || pixels_at > size)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (info_sizes); i++)
    if (info_size == info_sizes[i])
      return TRUE;

  return FALSE;
}

static gboolean
check_complete (const guint8  *data,
                gsize          size,
                const char    *format,
                GError       **error)
{
  if ((g_str_equal (format, "png") && !png_is_complete (data, size)) ||
      (g_str_equal (format, "jpeg") && !jpeg_is_complete (data, size)) ||
      (g_str_equal (format, "webp") && !webp_is_complete (data, size)))
    {
      set_truncated (error);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  char  *mime_type;
  char  *extension;
  guint  width;
  guint  height;
} ProbeResult;

static void
probe_result_clear (ProbeResult *result)
{
  g_clear_pointer (&result->mime_type, g_free);
  g_clear_pointer (&result->extension, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ProbeResult, probe_result_clear)

/* gdk-pixbuf guesses formats through shared-mime-info, which a sandbox or
 * a stripped XDG_DATA_DIRS can hide; the formats results and references
 * come in are named by their own signatures instead. */
static GdkPixbufLoader *
loader_for (const guint8  *data,
            gsize          size,
            GError       **error)
{
  static const struct {
    const char *magic;
    gsize       length;
    const char *type;
  } signatures[] = {
    { "\x89PNG\r\n\x1a\n", 8, "png" },
    { "\xff\xd8", 2, "jpeg" },
    { "GIF87a", 6, "gif" },
    { "GIF89a", 6, "gif" },
    { "II*\0", 4, "tiff" },
    { "MM\0*", 4, "tiff" },
    { "BM", 2, "bmp" },
  };

  if (is_webp (data, size))
    return gdk_pixbuf_loader_new_with_type ("webp", error);

  for (guint i = 0; i < G_N_ELEMENTS (signatures); i++)
    {
      if (size < signatures[i].length ||
          memcmp (data, signatures[i].magic, signatures[i].length) != 0)
        continue;
      /* A JPEG is checked before decoding, not only after: libjpeg can
       * spin for minutes on a cut-off arithmetic-coded scan (found by
       * fuzzing). */
      if (g_str_equal (signatures[i].type, "jpeg") &&
          !check_complete (data, size, signatures[i].type, error))
        return NULL;
      if (g_str_equal (signatures[i].type, "bmp") && !bmp_header_is_sane (data, size))
        {
          set_not_image (error, data, size, _("its BMP header is damaged"));
          return NULL;
        }
      return gdk_pixbuf_loader_new_with_type (signatures[i].type, error);
    }

  return gdk_pixbuf_loader_new ();
}

/* A header can claim any size: 44 bytes of GIF may ask for 65,000 ×
 * 65,000 pixels, which gdk-pixbuf would try to allocate. No FLUX result
 * comes near the cap; refusing happens before anything is allocated. */
static void
refuse_huge_cb (GdkPixbufLoader *loader,
                int              width,
                int              height,
                gpointer         user_data)
{
  gboolean *too_large = user_data;

  if ((guint64) width * (guint64) height > FS_IMAGE_MAX_PIXELS)
    {
      *too_large = TRUE;
      /* Zero stops the loader before it allocates anything. */
      gdk_pixbuf_loader_set_size (loader, 0, 0);
    }
}

static gboolean
probe_with_loader (const guint8  *data,
                   gsize          size,
                   ProbeResult   *result,
                   GError       **error)
{
  g_autoptr(GdkPixbufLoader) loader = loader_for (data, size, error);
  g_autofree char *name = NULL;
  GdkPixbufFormat *format;
  GdkPixbuf *pixbuf;
  gboolean too_large = FALSE;

  if (loader == NULL)
    return FALSE;

  g_signal_connect (loader, "size-prepared", G_CALLBACK (refuse_huge_cb), &too_large);
  if (!decode (loader, data, size, error) || too_large)
    {
      if (too_large)
        {
          g_clear_error (error);
          g_set_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE,
                       _("The image claims to be larger than %u megapixels, "
                         "which no model makes: it is damaged or not a result"),
                       FS_IMAGE_MAX_PIXELS / 1000000);
        }
      return FALSE;
    }

  format = gdk_pixbuf_loader_get_format (loader);
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  name = gdk_pixbuf_format_get_name (format);

  if (!check_complete (data, size, name, error))
    return FALSE;

  result->mime_type = format_mime_type (format);
  result->extension = format_extension (format);
  result->width = (guint) gdk_pixbuf_get_width (pixbuf);
  result->height = (guint) gdk_pixbuf_get_height (pixbuf);
  return TRUE;
}

static gboolean
refuse_huge (guint    width,
             guint    height,
             GError **error)
{
  if ((guint64) width * (guint64) height <= FS_IMAGE_MAX_PIXELS)
    return TRUE;

  g_set_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE,
               _("The image claims to be larger than %u megapixels, "
                 "which no model makes: it is damaged or not a result"),
               FS_IMAGE_MAX_PIXELS / 1000000);
  return FALSE;
}

static void
set_damaged (GError     **error,
             const char  *format)
{
  g_set_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE,
               /* Translators: %s is an image format, "PNG" or "JPEG" */
               _("This %s image is damaged: its header does not describe a picture"), format);
}

static gboolean
probe_webp (const guint8  *data,
            gsize          size,
            ProbeResult   *result,
            GError       **error)
{
  if (!webp_is_complete (data, size))
    {
      set_truncated (error);
      return FALSE;
    }

  if (!webp_read_size (data, size, &result->width, &result->height))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE,
                   _("This WebP image is damaged: its size cannot be read"));
      return FALSE;
    }
  if (!refuse_huge (result->width, result->height, error))
    return FALSE;

  result->mime_type = g_strdup ("image/webp");
  result->extension = g_strdup ("webp");
  return TRUE;
}

/* A PNG by its header: IHDR first, with a size and a bit depth and
 * colour type that go together (PNG specification, 11.2.2), then chunks
 * up to IEND with the pixels among them. */
static gboolean
probe_png (const guint8  *data,
           gsize          size,
           ProbeResult   *result,
           GError       **error)
{
  static const struct {
    guint8 colour_type;
    guint  depths;     /* a bit for each allowed depth */
  } allowed[] = {
    { 0, 1 << 1 | 1 << 2 | 1 << 4 | 1 << 8 | 1 << 16 },
    { 2, 1 << 8 | 1 << 16 },
    { 3, 1 << 1 | 1 << 2 | 1 << 4 | 1 << 8 },
    { 4, 1 << 8 | 1 << 16 },
    { 6, 1 << 8 | 1 << 16 },
  };
  const guint8 *ihdr = data + 16;
  gboolean depth_ok = FALSE;
  PngWalk walk;
  guint32 width, height;

  if (size < 8 + 12 + 13)
    {
      set_truncated (error);
      return FALSE;
    }
  if (read_be32 (data + 8) != 13 || memcmp (data + 12, "IHDR", 4) != 0)
    {
      set_damaged (error, "PNG");
      return FALSE;
    }

  width = read_be32 (ihdr);
  height = read_be32 (ihdr + 4);
  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    if (allowed[i].colour_type == ihdr[9] && ihdr[8] <= 16 &&
        (allowed[i].depths & (1u << ihdr[8])) != 0)
      depth_ok = TRUE;
  if (width == 0 || height == 0 || width > G_MAXINT32 || height > G_MAXINT32 || !depth_ok ||
      ihdr[10] != 0 || ihdr[11] != 0 || ihdr[12] > 1)
    {
      set_damaged (error, "PNG");
      return FALSE;
    }
  if (!refuse_huge (width, height, error))
    return FALSE;

  walk = png_walk (data, size);
  if (!walk.complete)
    {
      set_truncated (error);
      return FALSE;
    }
  if (!walk.has_pixels || (ihdr[9] == 3 && !walk.palette_first))
    {
      set_damaged (error, "PNG");
      return FALSE;
    }

  result->mime_type = g_strdup ("image/png");
  result->extension = g_strdup ("png");
  result->width = width;
  result->height = height;
  return TRUE;
}

/* A JPEG by its frame header (SOF), which must come before the first
 * scan. Only the kinds libjpeg decodes are taken: baseline, extended and
 * progressive, Huffman or arithmetic coded, 8 bits, one, three or four
 * components (ITU T.81, B.2.2); lossless and hierarchical ones are not. */
static gboolean
jpeg_read_frame (const guint8 *data,
                 gsize         size,
                 guint        *width,
                 guint        *height)
{
  gsize offset = 2;

  while (offset + 3 < size && data[offset] == 0xff)
    {
      guint8 marker = data[offset + 1];
      gsize length;

      if (marker == 0xff)
        {
          offset++;
          continue;
        }
      if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
        {
          offset += 2;
          continue;
        }
      if (marker == 0xda || marker == 0xd9)
        return FALSE;

      length = (gsize) data[offset + 2] << 8 | data[offset + 3];
      if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 &&
          marker != 0xcc)
        {
          const guint8 *frame = data + offset + 4;
          guint components;

          if (marker != 0xc0 && marker != 0xc1 && marker != 0xc2 && marker != 0xc9 &&
              marker != 0xca)
            return FALSE;
          if (length < 8 || offset + 2 + length > size)
            return FALSE;
          components = frame[5];
          *height = (guint) frame[1] << 8 | frame[2];
          *width = (guint) frame[3] << 8 | frame[4];
          return frame[0] == 8 && *width > 0 && *height > 0 &&
                 (components == 1 || components == 3 || components == 4) &&
                 length == 8 + 3 * (gsize) components;
        }
      if (length < 2)
        return FALSE;
      offset += 2 + length;
    }

  return FALSE;
}

static gboolean
probe_jpeg (const guint8  *data,
            gsize          size,
            ProbeResult   *result,
            GError       **error)
{
  guint width = 0, height = 0;

  if (!check_complete (data, size, "jpeg", error))
    return FALSE;
  if (!jpeg_read_frame (data, size, &width, &height))
    {
      set_damaged (error, "JPEG");
      return FALSE;
    }
  if (!refuse_huge (width, height, error))
    return FALSE;

  result->mime_type = g_strdup ("image/jpeg");
  result->extension = g_strdup ("jpg");
  result->width = width;
  result->height = height;
  return TRUE;
}

gboolean
fs_image_probe (GBytes  *bytes,
                char   **mime_type,
                char   **extension,
                guint   *width,
                guint   *height,
                GError **error)
{
  g_auto(ProbeResult) result = { NULL, NULL, 0, 0 };
  g_autoptr(GError) decode_error = NULL;
  const guint8 *data;
  gsize size = 0;

  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = g_bytes_get_data (bytes, &size);

  if (size == 0)
    {
      set_not_image (error, data, size, NULL);
      return FALSE;
    }

  /* The formats results come in are read by their headers, with the
   * walks that find a file cut short: decoding every pixel to prove that
   * a download is an image costs more than the download (docs/
   * ARCHITECTURE.md, “Gallery files”). Other formats go through
   * gdk-pixbuf, with the protections below. */
  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    {
      if (!probe_png (data, size, &result, error))
        return FALSE;
    }
  else if (size >= 2 && data[0] == 0xff && data[1] == 0xd8)
    {
      if (!probe_jpeg (data, size, &result, error))
        return FALSE;
    }
  else if (is_webp (data, size))
    {
      if (!probe_webp (data, size, &result, error))
        return FALSE;
    }
  else if (!probe_with_loader (data, size, &result, &decode_error))
    {
      if (g_error_matches (decode_error, FS_ERROR, FS_ERROR_NOT_IMAGE))
        g_propagate_error (error, g_steal_pointer (&decode_error));
      else
        set_not_image (error, data, size, decode_error != NULL ? decode_error->message : NULL);
      return FALSE;
    }

  if (mime_type != NULL)
    *mime_type = g_steal_pointer (&result.mime_type);
  if (extension != NULL)
    *extension = g_steal_pointer (&result.extension);
  if (width != NULL)
    *width = result.width;
  if (height != NULL)
    *height = result.height;
  return TRUE;
}

GdkPixbufLoader *
_fs_image_loader_new (GBytes  *bytes,
                      GError **error)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return loader_for (data, size, error);
}

gboolean
_fs_image_check_complete (GBytes      *bytes,
                          const char  *format,
                          GError     **error)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return check_complete (data, size, format, error);
}

/* The decoder's own words are kept, but under the error the rest of the
 * application already knows how to show. */
GError *
_fs_image_wrap_decode_error (GError *error)
{
  GError *wrapped;

  if (error->domain != GDK_PIXBUF_ERROR)
    return error;

  wrapped = g_error_new (FS_ERROR, FS_ERROR_NOT_IMAGE,
                         /* Translators: the image decoder's reason follows */
                         _("This is not an image that can be read: %s"), error->message);
  g_error_free (error);
  return wrapped;
}

/* Shared decodes ------------------------------------------------------------- */

#define SHARED_KEPT     2
#define SHARED_SECONDS  5

typedef struct
{
  gatomicrefcount  ref_count;
  char            *path;
  guint64          device;
  guint64          inode;
  goffset          size;
  gint64           mtime_ns;
  gboolean         done;
  GdkPixbuf       *pixbuf;
  GError          *error;
  gint64           used_us;
} Shared;

static GMutex     shared_lock;
static GCond      shared_done;
static GPtrArray *shared_entries;   /* Shared, kept and under way */
static guint      shared_expiry_id;

static Shared *
shared_ref (Shared *shared)
{
  g_atomic_ref_count_inc (&shared->ref_count);
  return shared;
}

static void
shared_unref (Shared *shared)
{
  if (!g_atomic_ref_count_dec (&shared->ref_count))
    return;

  g_free (shared->path);
  g_clear_object (&shared->pixbuf);
  g_clear_error (&shared->error);
  g_free (shared);
}

static gboolean
shared_stat (const char *path,
             Shared     *key)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return FALSE;

  key->device = st.st_dev;
  key->inode = st.st_ino;
  key->size = st.st_size;
  key->mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) +
                  st.st_mtim.tv_nsec;
  return TRUE;
}

static Shared *
shared_find (const char   *path,
             const Shared *key)
{
  for (guint i = 0; shared_entries != NULL && i < shared_entries->len; i++)
    {
      Shared *shared = g_ptr_array_index (shared_entries, i);

      if (g_str_equal (shared->path, path) && shared->device == key->device &&
          shared->inode == key->inode && shared->size == key->size &&
          shared->mtime_ns == key->mtime_ns)
        return shared;
    }

  return NULL;
}

/* Keeps the SHARED_KEPT decodes used last, and none older than
 * SHARED_SECONDS. Called with the lock held. */
static void
shared_trim (gint64 now)
{
  guint kept = 0;

  for (guint i = shared_entries->len; i > 0; i--)
    {
      Shared *shared = g_ptr_array_index (shared_entries, i - 1);

      if (!shared->done)
        continue;
      if (shared->pixbuf == NULL || kept >= SHARED_KEPT ||
          now - shared->used_us > SHARED_SECONDS * G_USEC_PER_SEC)
        g_ptr_array_remove_index (shared_entries, i - 1);
      else
        kept++;
    }
}

static gboolean
shared_expire_cb (gpointer user_data)
{
  g_mutex_lock (&shared_lock);
  shared_expiry_id = 0;
  if (shared_entries != NULL)
    shared_trim (g_get_monotonic_time ());
  g_mutex_unlock (&shared_lock);
  return G_SOURCE_REMOVE;
}

/* The most recently used last; entries are only ever appended or
 * moved to the end. Called with the lock held. */
static void
shared_touch (Shared *shared)
{
  shared->used_us = g_get_monotonic_time ();
  if (g_ptr_array_remove (shared_entries, shared_ref (shared)))
    g_ptr_array_add (shared_entries, shared);
  else
    shared_unref (shared);
}

/* Waits for @shared, under way in another thread, then returns its
 * result. Called with the lock held; returns with it released. */
static GdkPixbuf *
shared_wait (Shared  *shared,
             GError **error)
{
  GdkPixbuf *pixbuf = NULL;

  shared_ref (shared);
  while (!shared->done)
    g_cond_wait (&shared_done, &shared_lock);
  if (shared->pixbuf != NULL)
    {
      pixbuf = g_object_ref (shared->pixbuf);
      shared_touch (shared);
    }
  else
    g_propagate_error (error, g_error_copy (shared->error));
  g_mutex_unlock (&shared_lock);
  shared_unref (shared);
  return pixbuf;
}

static GdkPixbuf *
decode_file (const char  *path,
             GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GInputStream) stream = NULL;

  /* A regular file of a bounded size only: a FIFO must not hang the
   * decode (docs/ARCHITECTURE.md, “Limits”). */
  bytes = fs_file_read_path (path, FS_FILE_MAX_IMAGE_BYTES, NULL, error);
  if (bytes == NULL)
    return NULL;

  stream = g_memory_input_stream_new_from_bytes (bytes);
  return gdk_pixbuf_new_from_stream (stream, NULL, error);
}

GdkPixbuf *
_fs_image_decode_shared (const char  *path,
                         GError     **error)
{
  Shared key = { 0 };
  Shared *shared;
  GError *local_error = NULL;
  GdkPixbuf *pixbuf;

  g_return_val_if_fail (path != NULL, NULL);

  /* As gdk_pixbuf_new_from_file() says it; what is there but cannot be
   * told apart from another file (not a regular one) is not shared, and
   * refused by the bounded read. */
  if (g_stat (path, &(GStatBuf) { 0 }) != 0)
    {
      int saved_errno = errno;
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Failed to open file “%s”: %s"), name, g_strerror (saved_errno));
      return NULL;
    }
  if (!shared_stat (path, &key))
    return decode_file (path, error);

  g_mutex_lock (&shared_lock);
  if (shared_entries == NULL)
    shared_entries = g_ptr_array_new_with_free_func ((GDestroyNotify) shared_unref);
  if ((shared = shared_find (path, &key)) != NULL)
    return shared_wait (shared, error);

  shared = g_new0 (Shared, 1);
  *shared = key;
  g_atomic_ref_count_init (&shared->ref_count);
  shared->path = g_strdup (path);
  g_ptr_array_add (shared_entries, shared_ref (shared));
  g_mutex_unlock (&shared_lock);

  pixbuf = decode_file (path, &local_error);

  g_mutex_lock (&shared_lock);
  shared->done = TRUE;
  shared->used_us = g_get_monotonic_time ();
  if (pixbuf != NULL)
    shared->pixbuf = g_object_ref (pixbuf);
  else
    shared->error = g_error_copy (local_error);
  shared_trim (shared->used_us);
  if (shared_expiry_id == 0)
    shared_expiry_id = g_timeout_add_seconds (SHARED_SECONDS + 1, shared_expire_cb, NULL);
  g_cond_broadcast (&shared_done);
  g_mutex_unlock (&shared_lock);
  shared_unref (shared);

  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return pixbuf;
}

GdkPixbuf *
_fs_image_lookup_shared (const char *path)
{
  Shared key = { 0 };
  Shared *shared;

  g_return_val_if_fail (path != NULL, NULL);

  if (!shared_stat (path, &key))
    return NULL;

  g_mutex_lock (&shared_lock);
  if (shared_entries != NULL && (shared = shared_find (path, &key)) != NULL)
    return shared_wait (shared, NULL);
  g_mutex_unlock (&shared_lock);
  return NULL;
}

void
_fs_image_forget_shared (void)
{
  g_mutex_lock (&shared_lock);
  if (shared_entries != NULL)
    for (guint i = shared_entries->len; i > 0; i--)
      if (((Shared *) g_ptr_array_index (shared_entries, i - 1))->done)
        g_ptr_array_remove_index (shared_entries, i - 1);
  g_mutex_unlock (&shared_lock);
}

/* The detail page ------------------------------------------------------------- */

static void
image_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  pixbuf = _fs_image_decode_shared (path, &error);
  if (pixbuf == NULL)
    {
      g_task_return_error (task, _fs_image_wrap_decode_error (error));
      return;
    }

  /* A camera photo used as a reference may be stored sideways. */
  g_task_return_pointer (task, gdk_pixbuf_apply_embedded_orientation (pixbuf),
                         g_object_unref);
}

void
fs_image_load_async (const char          *path,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_image_load_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, image_thread);
}

GdkPixbuf *
fs_image_load_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fs_image_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
