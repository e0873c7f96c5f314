/* fs-mask.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fs-error.h"
#include "fs-file.h"
#include "fs-mask.h"
#include "fs-metadata-private.h"
#include "fs-reference-pixels.h"
#include "fs-reference-private.h"

/* BFL's Fill takes the mask as "the same dimensions as the image and in
 * black and white: black areas (0%) indicate no modification, while white
 * areas (100%) specify areas for inpainting". gdk-pixbuf writes only RGB,
 * so the greyscale PNG is written here: IHDR with colour type 0 and 8-bit
 * depth, one IDAT deflated by GIO's zlib, IEND. */

#define MASK_NAME "mask.png"

/* Encoding ------------------------------------------------------------------- */

static void
append_chunk (GByteArray   *out,
              const char   *type,
              const guint8 *data,
              gsize         length)
{
  guint32 crc = _fs_metadata_crc32 (0, (const guint8 *) type, 4);

  crc = _fs_metadata_crc32 (crc, data, length);
  _fs_append_be32 (out, (guint32) length);
  g_byte_array_append (out, (const guint8 *) type, 4);
  if (length > 0)
    g_byte_array_append (out, data, (guint) length);
  _fs_append_be32 (out, crc);
}

/* Each row is written unfiltered (filter byte 0): a mask is long runs of
 * 0 and 255, which deflate takes down to almost nothing as it is. */
static GBytes *
deflate_rows (const guint8 *values,
              guint         width,
              guint         height,
              gsize         stride)
{
  g_autoptr(GConverter) converter = NULL;
  g_autoptr(GOutputStream) memory = NULL;
  g_autoptr(GOutputStream) stream = NULL;
  static const guint8 filter = 0;

  converter = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 6));
  memory = g_memory_output_stream_new_resizable ();
  stream = g_converter_output_stream_new (memory, converter);

  /* Writes to memory cannot fail but for lack of it, which aborts. */
  for (guint y = 0; y < height; y++)
    {
      g_output_stream_write_all (stream, &filter, 1, NULL, NULL, NULL);
      g_output_stream_write_all (stream, values + (gsize) y * stride, width, NULL, NULL, NULL);
    }
  g_output_stream_close (stream, NULL, NULL);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

GBytes *
fs_mask_encode_png (const guint8 *values,
                    guint         width,
                    guint         height,
                    gsize         stride)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GByteArray) header = g_byte_array_new ();
  g_autoptr(GBytes) idat = NULL;
  /* Bit depth 8, colour type 0 (greyscale), deflate, no filter method
   * beyond the standard one, no interlace. */
  static const guint8 format[5] = { 8, 0, 0, 0, 0 };
  gsize idat_size;
  const guint8 *idat_data;

  g_return_val_if_fail (values != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (stride >= width, NULL);

  _fs_append_be32 (header, width);
  _fs_append_be32 (header, height);
  g_byte_array_append (header, format, sizeof format);

  idat = deflate_rows (values, width, height, stride);
  idat_data = g_bytes_get_data (idat, &idat_size);

  g_byte_array_append (out, signature, sizeof signature);
  append_chunk (out, "IHDR", header->data, header->len);
  append_chunk (out, "IDAT", idat_data, idat_size);
  append_chunk (out, "IEND", NULL, 0);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

typedef struct
{
  GBytes *values;
  guint   width;
  guint   height;
} EncodeData;

static void
encode_data_free (EncodeData *data)
{
  g_bytes_unref (data->values);
  g_free (data);
}

static FsReference *
mask_reference (GBytes *png,
                guint   width,
                guint   height)
{
  return _fs_reference_new (png, NULL, MASK_NAME, "image/png", "png", width, height);
}

static void
encode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  EncodeData *data = task_data;
  g_autoptr(GBytes) png = NULL;

  png = fs_mask_encode_png (g_bytes_get_data (data->values, NULL), data->width,
                            data->height, data->width);
  g_task_return_pointer (task, mask_reference (png, data->width, data->height),
                         g_object_unref);
}

void
fs_mask_encode_async (GBytes              *values,
                      guint                width,
                      guint                height,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  EncodeData *data;

  g_return_if_fail (values != NULL);
  g_return_if_fail (width > 0 && height > 0);
  g_return_if_fail (g_bytes_get_size (values) == (gsize) width * height);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_mask_encode_async);
  data = g_new0 (EncodeData, 1);
  data->values = g_bytes_ref (values);
  data->width = width;
  data->height = height;
  g_task_set_task_data (task, data, (GDestroyNotify) encode_data_free);
  g_task_run_in_thread (task, encode_thread);
}

FsReference *
fs_mask_encode_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Decoding ------------------------------------------------------------------- */

/* Up to the pixels a reference may have: a mask is the size of one. */
static GdkPixbuf *
decode_upright (GBytes     *bytes,
                guint      *stored_width,
                guint      *stored_height,
                GError    **error)
{
  g_auto(FsDecoded) decoded = { NULL, };
  g_autoptr(GError) decode_error = NULL;
  g_autoptr(GdkPixbuf) upright = NULL;
  gboolean rotated = FALSE;

  if (!_fs_reference_decode (bytes, FS_REFERENCE_MAX_PIXELS, &decoded, &decode_error))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   /* Translators: the decoder's reason follows */
                   _("The mask is not an image that can be read: %s"),
                   decode_error != NULL ? decode_error->message : _("it is too large"));
      return NULL;
    }

  upright = _fs_reference_make_upright (decoded.pixbuf, &rotated);
  *stored_width = decoded.width;
  *stored_height = decoded.height;
  /* A quarter turn swaps the sides the file states. */
  if ((gdk_pixbuf_get_width (upright) > gdk_pixbuf_get_height (upright)) !=
      (gdk_pixbuf_get_width (decoded.pixbuf) > gdk_pixbuf_get_height (decoded.pixbuf)))
    {
      *stored_width = decoded.height;
      *stored_height = decoded.width;
    }

  return g_steal_pointer (&upright);
}

/* The alpha channel where it has transparency anywhere; an opaque alpha
 * channel says nothing, and the luminance (Rec. 709) is read instead. */
static gboolean
has_transparency (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);

  if (!gdk_pixbuf_get_has_alpha (pixbuf))
    return FALSE;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      if (pixels[(gsize) y * stride + (gsize) x * 4 + 3] != 0xff)
        return TRUE;

  return FALSE;
}

static guint8 *
pixbuf_values (GdkPixbuf *pixbuf,
               gboolean   from_alpha)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  guint8 *values = g_malloc ((gsize) width * height);

  for (int y = 0; y < height; y++)
    {
      const guint8 *row = pixels + (gsize) y * stride;
      guint8 *out = values + (gsize) y * width;

      for (int x = 0; x < width; x++)
        {
          const guint8 *p = row + (gsize) x * channels;

          out[x] = from_alpha ? p[3] : (guint8) ((p[0] * 54 + p[1] * 183 + p[2] * 19) >> 8);
        }
    }

  return values;
}

GBytes *
fs_mask_decode (GBytes  *image,
                guint   *width,
                guint   *height,
                GError **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  guint stored_width, stored_height;
  int w, h;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (width != NULL && height != NULL, NULL);

  pixbuf = decode_upright (image, &stored_width, &stored_height, error);
  if (pixbuf == NULL)
    return NULL;

  w = gdk_pixbuf_get_width (pixbuf);
  h = gdk_pixbuf_get_height (pixbuf);
  *width = (guint) w;
  *height = (guint) h;
  return g_bytes_new_take (pixbuf_values (pixbuf, has_transparency (pixbuf)), (gsize) w * h);
}

typedef struct
{
  GBytes *values;
  guint   width;
  guint   height;
} Decoded;

static void
decoded_free (Decoded *decoded)
{
  g_bytes_unref (decoded->values);
  g_free (decoded);
}

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Decoded *decoded = g_new0 (Decoded, 1);
  GError *error = NULL;

  decoded->values = fs_mask_decode (task_data, &decoded->width, &decoded->height, &error);
  if (decoded->values == NULL)
    {
      g_free (decoded);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, decoded, (GDestroyNotify) decoded_free);
}

void
fs_mask_decode_async (GBytes              *image,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (image != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_mask_decode_async);
  g_task_set_task_data (task, g_bytes_ref (image), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, decode_thread);
}

GBytes *
fs_mask_decode_finish (GAsyncResult  *result,
                       guint         *width,
                       guint         *height,
                       GError       **error)
{
  Decoded *decoded;
  GBytes *values;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  decoded = g_task_propagate_pointer (G_TASK (result), error);
  if (decoded == NULL)
    return NULL;

  values = g_bytes_ref (decoded->values);
  if (width != NULL)
    *width = decoded->width;
  if (height != NULL)
    *height = decoded->height;
  decoded_free (decoded);
  return values;
}

/* A mask file for an image ---------------------------------------------------- */

typedef struct
{
  GFile       *file;
  FsReference *image;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->file);
  g_clear_object (&data->image);
  g_free (data);
}

/* The size the user saw the image at: the file's own, upright. Preparing
 * turns it upright and may downscale it, keeping its shape. */
static void
image_upright_size (FsReference *image,
                    guint       *width,
                    guint       *height)
{
  guint original_width = fs_reference_get_original_width (image);
  guint original_height = fs_reference_get_original_height (image);
  guint prepared_width = fs_reference_get_width (image);
  guint prepared_height = fs_reference_get_height (image);

  if (original_width == 0 || original_height == 0)
    {
      *width = prepared_width;
      *height = prepared_height;
    }
  else if ((original_width > original_height) != (prepared_width > prepared_height))
    {
      *width = original_height;
      *height = original_width;
    }
  else
    {
      *width = original_width;
      *height = original_height;
    }
}

static FsReference *
load_mask (LoadData      *data,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) read_error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) scaled = NULL;
  g_autofree guint8 *values = NULL;
  g_autofree char *name = g_file_get_parse_name (data->file);
  g_autoptr(GBytes) png = NULL;
  guint width = fs_reference_get_width (data->image);
  guint height = fs_reference_get_height (data->image);
  guint image_width, image_height;
  guint mask_width, mask_height;

  bytes = fs_file_read (data->file, FS_FILE_MAX_IMAGE_BYTES, cancellable, &read_error);
  if (bytes == NULL)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   /* Translators: a file name, then why */
                   _("The mask “%s” cannot be read: %s"), name, read_error->message);
      return NULL;
    }

  pixbuf = decode_upright (bytes, &mask_width, &mask_height, error);
  if (pixbuf == NULL)
    return NULL;

  image_upright_size (data->image, &image_width, &image_height);
  if (!(mask_width == width && mask_height == height) &&
      !(mask_width == image_width && mask_height == image_height))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   /* Translators: a file name, its width×height, the image's */
                   _("The mask “%s” is %u×%u but the image is %u×%u: a mask must be "
                     "the size of its image"),
                   name, mask_width, mask_height, image_width, image_height);
      return NULL;
    }

  /* Read at most at 4 MP, so a mask of a downscaled photo comes out near
   * the image's size already; the last step is exact. */
  values = pixbuf_values (pixbuf, has_transparency (pixbuf));
  if ((guint) gdk_pixbuf_get_width (pixbuf) != width ||
      (guint) gdk_pixbuf_get_height (pixbuf) != height)
    {
      int w = gdk_pixbuf_get_width (pixbuf);
      int h = gdk_pixbuf_get_height (pixbuf);
      g_autoptr(GdkPixbuf) grey = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, w, h);
      guint8 *pixels = gdk_pixbuf_get_pixels (grey);
      int stride = gdk_pixbuf_get_rowstride (grey);

      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          memset (pixels + (gsize) y * stride + (gsize) x * 3, values[(gsize) y * w + x], 3);

      scaled = gdk_pixbuf_scale_simple (grey, (int) width, (int) height, GDK_INTERP_BILINEAR);
      g_free (values);
      values = pixbuf_values (scaled, FALSE);
    }

  png = fs_mask_encode_png (values, width, height, width);
  return mask_reference (png, width, height);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  FsReference *mask = load_mask (task_data, cancellable, &error);

  if (mask == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, mask, g_object_unref);
}

void
fs_mask_load_file_async (GFile               *file,
                         FsReference         *image,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (FS_IS_REFERENCE (image));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_mask_load_file_async);
  data = g_new0 (LoadData, 1);
  data->file = g_object_ref (file);
  data->image = g_object_ref (image);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

FsReference *
fs_mask_load_file_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
