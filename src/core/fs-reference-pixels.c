/* fs-reference-pixels.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <lcms2.h>

#include "fs-image-private.h"
#include "fs-reference-pixels.h"

/* The start of a file is written first, so that one far too large is
 * given up once its header has been read, not after it has been decoded;
 * the rest goes in one write, since the JPEG loader is much slower fed in
 * pieces. The header fits unless metadata fills more than this. */
#define HEADER_CHUNK  (256 * 1024)

void
_fs_decoded_clear (FsDecoded *decoded)
{
  g_clear_object (&decoded->pixbuf);
  g_clear_pointer (&decoded->format, g_free);
}

/* The largest size of the same aspect with at most @max_pixels; a side is
 * never below one pixel. */
void
_fs_reference_fit_area (guint  width,
                        guint  height,
                        guint  max_pixels,
                        guint *fit_width,
                        guint *fit_height)
{
  double scale = sqrt ((double) max_pixels / ((double) width * height));
  guint w = MAX (1, (guint) floor (width * scale));
  guint h = MAX (1, (guint) floor (height * scale));

  /* Rounding of a side can overshoot by a row; take it off the longer one. */
  while ((guint64) w * h > max_pixels)
    {
      if (w >= h)
        w--;
      else
        h--;
    }

  *fit_width = w;
  *fit_height = h;
}

typedef struct
{
  FsDecoded *decoded;
  guint      max_pixels;
} SizeRequest;

/* libjpeg decodes at 1/2, 1/4 or 1/8 of the size when asked for less, so
 * a 24-megapixel photo never exists in memory at full size. */
static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  SizeRequest *request = user_data;
  guint64 pixels = (guint64) width * height;
  guint fit_width, fit_height;

  request->decoded->width = (guint) width;
  request->decoded->height = (guint) height;

  if (pixels > FS_REFERENCE_MAX_DECODE_PIXELS)
    {
      request->decoded->too_large = TRUE;
      /* Zero stops the loader before it allocates anything. */
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }

  if (pixels <= request->max_pixels)
    return;

  _fs_reference_fit_area ((guint) width, (guint) height, request->max_pixels,
                          &fit_width, &fit_height);
  gdk_pixbuf_loader_set_size (loader, (int) fit_width, (int) fit_height);
}

static gboolean
feed (GdkPixbufLoader  *loader,
      GBytes           *bytes,
      FsDecoded        *decoded,
      GError          **error)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  g_autoptr(GError) write_error = NULL;
  g_autoptr(GError) close_error = NULL;
  gboolean written = TRUE;
  gboolean closed;

  if (size > 0)
    written = gdk_pixbuf_loader_write (loader, data, MIN (HEADER_CHUNK, size), &write_error);
  if (written && size > HEADER_CHUNK && !decoded->too_large)
    written = gdk_pixbuf_loader_write (loader, data + HEADER_CHUNK, size - HEADER_CHUNK,
                                       &write_error);

  /* The loader must be closed even after a failed write. */
  closed = gdk_pixbuf_loader_close (loader, &close_error);

  if (decoded->too_large)
    return FALSE;
  if (!written)
    {
      g_propagate_error (error, g_steal_pointer (&write_error));
      return FALSE;
    }
  if (!closed)
    {
      g_propagate_error (error, g_steal_pointer (&close_error));
      return FALSE;
    }

  return TRUE;
}

/* Decodes @bytes to at most @max_pixels, keeping the pixbuf's options
 * (its embedded orientation and colour profile). FALSE with @decoded's
 * too_large set when the image was refused by its size alone. */
gboolean
_fs_reference_decode (GBytes     *bytes,
                      guint       max_pixels,
                      FsDecoded  *decoded,
                      GError    **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  SizeRequest request = { decoded, max_pixels };
  GdkPixbufFormat *format;
  GdkPixbuf *pixbuf;

  loader = _fs_image_loader_new (bytes, error);
  if (loader == NULL)
    return FALSE;

  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &request);
  if (!feed (loader, bytes, decoded, error))
    return FALSE;

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  format = gdk_pixbuf_loader_get_format (loader);
  if (pixbuf == NULL || format == NULL)
    {
      g_set_error_literal (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE,
                           _("The image decoder gave no picture"));
      return FALSE;
    }

  decoded->pixbuf = g_object_ref (pixbuf);
  decoded->format = gdk_pixbuf_format_get_name (format);
  return TRUE;
}

/* A profile is taken for sRGB when it maps a grid of colours onto
 * themselves within one step: many cameras and phones embed sRGB, and
 * those images are sent untouched. */
static gboolean
transform_is_identity (cmsHTRANSFORM transform)
{
  static const guint8 levels[] = { 0, 64, 128, 192, 255 };
  guint8 in[G_N_ELEMENTS (levels) * G_N_ELEMENTS (levels) * G_N_ELEMENTS (levels) * 3];
  guint8 out[sizeof in];
  guint n = 0;

  for (guint r = 0; r < G_N_ELEMENTS (levels); r++)
    for (guint g = 0; g < G_N_ELEMENTS (levels); g++)
      for (guint b = 0; b < G_N_ELEMENTS (levels); b++, n++)
        {
          in[n * 3] = levels[r];
          in[n * 3 + 1] = levels[g];
          in[n * 3 + 2] = levels[b];
        }

  cmsDoTransform (transform, in, out, n);
  for (guint i = 0; i < sizeof in; i++)
    {
      if (ABS ((int) in[i] - (int) out[i]) > 1)
        return FALSE;
    }

  return TRUE;
}

static cmsHPROFILE
profile_from_base64 (const char *base64)
{
  g_autofree guchar *icc = NULL;
  gsize length = 0;

  if (base64 == NULL)
    return NULL;

  icc = g_base64_decode (base64, &length);
  if (icc == NULL || length == 0)
    return NULL;

  return cmsOpenProfileFromMem (icc, (cmsUInt32Number) length);
}

static void
transform_rows (cmsHTRANSFORM  transform,
                GdkPixbuf     *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  g_autofree guint8 *row = g_malloc ((gsize) width * channels);

  for (int y = 0; y < height; y++)
    {
      guint8 *line = pixels + (gsize) y * stride;

      cmsDoTransform (transform, line, row, (cmsUInt32Number) width);
      memcpy (line, row, (gsize) width * channels);
    }
}

/* Brand colours in a reference should reach the model as the designer
 * sees them: pixels in an embedded RGB profile (Adobe RGB, Display P3 …)
 * are converted to sRGB, relative colorimetric, the intent that keeps
 * in-gamut colours exact. @icc_base64 is the decoder's "icc-profile"
 * option, passed in because turning a pixbuf upright drops its options.
 * Returns @pixbuf itself (a new reference) when there is nothing to
 * convert, or a converted copy. */
GdkPixbuf *
_fs_reference_to_srgb (GdkPixbuf  *pixbuf,
                       const char *icc_base64,
                       gboolean   *converted)
{
  g_autoptr(GdkPixbuf) copy = NULL;
  cmsHPROFILE source = profile_from_base64 (icc_base64);
  cmsHPROFILE srgb = NULL;
  cmsHTRANSFORM transform = NULL;
  cmsHTRANSFORM probe = NULL;
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);

  *converted = FALSE;

  /* A CMYK or grey profile describes data the decoder has already made
   * RGB; applying it to RGB pixels would be wrong. */
  if (source == NULL || cmsGetColorSpace (source) != cmsSigRgbData)
    goto out;

  srgb = cmsCreate_sRGBProfile ();
  probe = cmsCreateTransform (source, TYPE_RGB_8, srgb, TYPE_RGB_8,
                              INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_BLACKPOINTCOMPENSATION);
  if (probe == NULL || transform_is_identity (probe))
    goto out;

  transform = cmsCreateTransform (source, alpha ? TYPE_RGBA_8 : TYPE_RGB_8,
                                  srgb, alpha ? TYPE_RGBA_8 : TYPE_RGB_8,
                                  INTENT_RELATIVE_COLORIMETRIC,
                                  cmsFLAGS_BLACKPOINTCOMPENSATION | cmsFLAGS_COPY_ALPHA);
  if (transform == NULL)
    goto out;

  copy = gdk_pixbuf_copy (pixbuf);
  transform_rows (transform, copy);
  *converted = TRUE;

out:
  g_clear_pointer (&transform, cmsDeleteTransform);
  g_clear_pointer (&probe, cmsDeleteTransform);
  g_clear_pointer (&srgb, cmsCloseProfile);
  g_clear_pointer (&source, cmsCloseProfile);
  return copy != NULL ? g_steal_pointer (&copy) : g_object_ref (pixbuf);
}

/* A new reference, turned as the EXIF orientation says. */
GdkPixbuf *
_fs_reference_make_upright (GdkPixbuf *pixbuf,
                            gboolean  *rotated)
{
  GdkPixbuf *upright = gdk_pixbuf_apply_embedded_orientation (pixbuf);

  /* Orientation 1, or none, gives back the same pixbuf. */
  *rotated = upright != NULL && upright != pixbuf;
  return upright != NULL ? upright : g_object_ref (pixbuf);
}

/* A four-component JPEG (CMYK or YCCK, as print workflows save them): not
 * every decoder behind the providers reads those, so they are re-encoded
 * as RGB. */
gboolean
_fs_reference_is_cmyk_jpeg (GBytes *bytes)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  gsize offset = 2;

  if (size < 4 || data[0] != 0xff || data[1] != 0xd8)
    return FALSE;

  while (offset + 4 <= size && data[offset] == 0xff)
    {
      guint8 marker = data[offset + 1];
      gsize length = (gsize) data[offset + 2] << 8 | data[offset + 3];
      gboolean frame = marker >= 0xc0 && marker <= 0xcf &&
                       marker != 0xc4 && marker != 0xc8 && marker != 0xcc;

      if (marker == 0xff)
        {
          offset++;
          continue;
        }
      /* The frame header: precision, height, width, then the count. */
      if (frame)
        return offset + 9 < size && data[offset + 9] == 4;
      if (marker == 0xda || marker == 0xd9)
        return FALSE;
      offset += 2 + length;
    }

  return FALSE;
}

/* JPEG at quality 92 for photos (high enough that brand colours and
 * detail survive one encode; any alpha channel is dropped), PNG otherwise. */
GBytes *
_fs_reference_encode (GdkPixbuf  *pixbuf,
                      gboolean    as_jpeg,
                      GError    **error)
{
  g_autofree char *buffer = NULL;
  gsize length = 0;
  gboolean saved;

  if (as_jpeg)
    saved = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, "jpeg", error,
                                       "quality", "92", NULL);
  else
    saved = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, "png", error, NULL);

  if (!saved)
    return NULL;

  return g_bytes_new_take (g_steal_pointer (&buffer), length);
}
