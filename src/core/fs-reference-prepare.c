/* fs-reference-prepare.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include <glib/gi18n-lib.h>

#include "fs-error.h"
#include "fs-file.h"
#include "fs-image-private.h"
#include "fs-reference-cache.h"
#include "fs-reference-pixels.h"
#include "fs-reference-private.h"

/* Preparing a reference: decode it (at reduced size when it is above
 * 4 MP), check it, turn it upright, convert it to sRGB, and encode it
 * again only when one of those changed something or the providers do not
 * take its format. Everything here runs in a worker thread. */

/* A file is read whole into memory; beyond this it is not read at all. */
#define MAX_FILE_BYTES    FS_FILE_MAX_IMAGE_BYTES
/* APIYI's input limits, the tightest of the providers'. */
#define SEND_MAX_BYTES    (20 * 1000 * 1000)
#define SEND_MAX_PIXELS   20000000u
/* Below the window's threads, well above idle work. */
#define PREPARE_NICENESS  10

typedef struct
{
  GFile  *file;
  GBytes *bytes;
  char   *name;
} PrepareData;

static void
prepare_data_free (PrepareData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_free (data->name);
  g_free (data);
}

static const char *
shown_name (const char *name)
{
  return name != NULL && *name != '\0' ? name : _("Pasted image");
}

static void
set_not_image (GError     **error,
               const char  *name,
               const char  *reason)
{
  g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
               /* Translators: a file name, then why it is not an image */
               _("“%s” cannot be used as a reference. %s"), shown_name (name), reason);
}

static gboolean
check_min_side (const char  *name,
                guint        width,
                guint        height,
                GError     **error)
{
  if (width >= FS_REFERENCE_MIN_SIDE && height >= FS_REFERENCE_MIN_SIDE)
    return TRUE;

  g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
               /* Translators: a file name, its width and height, the minimum side */
               _("“%s” is %u×%u; references must be at least %u×%u"),
               shown_name (name), width, height, FS_REFERENCE_MIN_SIDE, FS_REFERENCE_MIN_SIDE);
  return FALSE;
}

static gboolean
check_file_size (const char  *name,
                 guint64      size,
                 GError     **error)
{
  g_autofree char *shown_size = NULL;
  g_autofree char *limit = NULL;

  if (size <= MAX_FILE_BYTES)
    return TRUE;

  shown_size = g_format_size (size);
  limit = g_format_size (MAX_FILE_BYTES);
  g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
               /* Translators: a file name, its size ("250 MB"), the limit ("200 MB") */
               _("“%s” is %s; Flux Studio prepares references of up to %s"),
               shown_name (name), shown_size, limit);
  return FALSE;
}

static void
set_too_many_pixels (GError     **error,
                     const char  *name,
                     guint        width,
                     guint        height)
{
  g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
               /* Translators: a file name, its width×height, then the limit in megapixels */
               _("“%s” is %u×%u; Flux Studio prepares references of up to %u megapixels"),
               shown_name (name), width, height, FS_REFERENCE_MAX_DECODE_PIXELS / 1000000);
}

/* What is sent must be within every provider's input limits. Only an image
 * that could not be downscaled can be over them. */
static gboolean
check_send_limits (const char  *name,
                   GBytes      *bytes,
                   guint        width,
                   guint        height,
                   GError     **error)
{
  g_autofree char *shown_size = NULL;
  g_autofree char *limit = NULL;

  if ((guint64) width * height > SEND_MAX_PIXELS)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   /* Translators: a file name, its width×height, the limit in megapixels */
                   _("“%s” is %u×%u and cannot be downscaled here; providers take "
                     "references of up to %u megapixels. Convert it to PNG or JPEG first."),
                   shown_name (name), width, height, SEND_MAX_PIXELS / 1000000);
      return FALSE;
    }

  if (g_bytes_get_size (bytes) <= SEND_MAX_BYTES)
    return TRUE;

  shown_size = g_format_size (g_bytes_get_size (bytes));
  limit = g_format_size (SEND_MAX_BYTES);
  g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
               /* Translators: a file name, its size ("24 MB"), the limit ("20 MB") */
               _("“%s” is %s even when prepared; providers take references of up to %s"),
               shown_name (name), shown_size, limit);
  return FALSE;
}

static void
format_type (const char  *format,
             const char **mime_type,
             const char **extension)
{
  if (g_str_equal (format, "jpeg"))
    {
      *mime_type = "image/jpeg";
      *extension = "jpg";
    }
  else if (g_str_equal (format, "webp"))
    {
      *mime_type = "image/webp";
      *extension = "webp";
    }
  else
    {
      *mime_type = "image/png";
      *extension = "png";
    }
}

/* An image gdk-pixbuf cannot decode but the probe can size: a WebP on a
 * system without the WebP loader. It goes as it is, if it can. */
static FsReference *
prepare_undecodable (GBytes      *bytes,
                     const char  *original_sha256,
                     const char  *name,
                     const char  *source_path,
                     GError     **error)
{
  g_autoptr(GError) probe_error = NULL;
  g_autofree char *mime_type = NULL;
  g_autofree char *extension = NULL;
  FsReferenceOrigin origin = { 0, };
  FsReference *reference;

  if (!fs_image_probe (bytes, &mime_type, &extension, &origin.original_width,
                       &origin.original_height, &probe_error))
    {
      set_not_image (error, name, probe_error->message);
      return NULL;
    }

  if (!check_min_side (name, origin.original_width, origin.original_height, error) ||
      !check_send_limits (name, bytes, origin.original_width, origin.original_height, error))
    return NULL;

  origin.sent_full_size = (guint64) origin.original_width * origin.original_height >
                          FS_REFERENCE_MAX_PIXELS;
  reference = _fs_reference_new (bytes, original_sha256, name, mime_type, extension,
                                 origin.original_width, origin.original_height);
  _fs_reference_set_origin (reference, source_path, &origin);
  return reference;
}

/* The providers all take PNG, JPEG and WebP; a CMYK JPEG is a JPEG few
 * decoders read right. */
static gboolean
format_is_taken (const char *format,
                 GBytes     *bytes)
{
  if (g_str_equal (format, "jpeg"))
    return !_fs_reference_is_cmyk_jpeg (bytes);

  return g_str_equal (format, "png") || g_str_equal (format, "webp");
}

/* The decoder gives CMYK JPEGs an alpha channel, always opaque. */
static gboolean
is_opaque (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);

  if (!gdk_pixbuf_get_has_alpha (pixbuf))
    return TRUE;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        if (pixels[(gsize) y * stride + (gsize) x * 4 + 3] != 0xff)
          return FALSE;
      }

  return TRUE;
}

/* Photos stay JPEG; anything transparent, and anything drawn (PNG, GIF,
 * BMP, icons), becomes PNG so that edges and flat colours stay exact. */
static gboolean
encode_as_jpeg (const char *format,
                GdkPixbuf  *pixbuf)
{
  if (!g_str_equal (format, "jpeg") && !g_str_equal (format, "tiff") &&
      !g_str_equal (format, "webp"))
    return FALSE;

  return is_opaque (pixbuf);
}

static FsReference *
encode_reference (GdkPixbuf                *pixbuf,
                  const char               *format,
                  const char               *name,
                  const char               *source_path,
                  const FsReferenceOrigin  *origin,
                  GError                  **error)
{
  gboolean as_jpeg = encode_as_jpeg (format, pixbuf);
  g_autoptr(GBytes) encoded = NULL;
  guint width = (guint) gdk_pixbuf_get_width (pixbuf);
  guint height = (guint) gdk_pixbuf_get_height (pixbuf);
  FsReference *reference;

  encoded = _fs_reference_encode (pixbuf, as_jpeg, error);
  if (encoded == NULL || !check_send_limits (name, encoded, width, height, error))
    return NULL;

  reference = _fs_reference_new (encoded, NULL, name, as_jpeg ? "image/jpeg" : "image/png",
                                 as_jpeg ? "jpg" : "png", width, height);
  _fs_reference_set_origin (reference, source_path, origin);
  return reference;
}

static FsReference *
prepare_decoded (GBytes      *bytes,
                 const char  *original_sha256,
                 FsDecoded   *decoded,
                 const char  *name,
                 const char  *source_path,
                 GError     **error)
{
  const char *icc = gdk_pixbuf_get_option (decoded->pixbuf, "icc-profile");
  FsReferenceOrigin origin = { decoded->width, decoded->height, FALSE, };
  g_autoptr(GdkPixbuf) upright = _fs_reference_make_upright (decoded->pixbuf, &origin.rotated);
  g_autoptr(GdkPixbuf) srgb = _fs_reference_to_srgb (upright, icc, &origin.colour_converted);
  guint width = (guint) gdk_pixbuf_get_width (srgb);
  guint height = (guint) gdk_pixbuf_get_height (srgb);
  const char *mime_type, *extension;
  FsReference *reference;

  origin.downscaled = (guint64) decoded->width * decoded->height > FS_REFERENCE_MAX_PIXELS;
  if (origin.downscaled && (width < FS_REFERENCE_MIN_SIDE || height < FS_REFERENCE_MIN_SIDE))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   /* Translators: a file name, its width×height, the minimum side */
                   _("“%s” is %u×%u: too narrow to downscale to 4 MP with each side at "
                     "least %u pixels"),
                   shown_name (name), decoded->width, decoded->height, FS_REFERENCE_MIN_SIDE);
      return NULL;
    }

  if (origin.downscaled || origin.rotated || origin.colour_converted ||
      !format_is_taken (decoded->format, bytes) || g_bytes_get_size (bytes) > SEND_MAX_BYTES)
    return encode_reference (srgb, decoded->format, name, source_path, &origin, error);

  /* Nothing had to change: the user's own bytes are sent. */
  format_type (decoded->format, &mime_type, &extension);
  reference = _fs_reference_new (bytes, original_sha256, name, mime_type, extension,
                                 width, height);
  _fs_reference_set_origin (reference, source_path, &origin);
  return reference;
}

static FsReference *
prepare_bytes (GBytes      *bytes,
               const char  *original_sha256,
               const char  *name,
               const char  *source_path,
               GError     **error)
{
  g_auto(FsDecoded) decoded = { NULL, };
  g_autoptr(GError) decode_error = NULL;

  if (!check_file_size (name, g_bytes_get_size (bytes), error))
    return NULL;

  if (!_fs_reference_decode (bytes, FS_REFERENCE_MAX_PIXELS, &decoded, &decode_error))
    {
      if (decoded.too_large)
        {
          set_too_many_pixels (error, name, decoded.width, decoded.height);
          return NULL;
        }
      return prepare_undecodable (bytes, original_sha256, name, source_path, error);
    }

  /* gdk-pixbuf pads a cut-off file with grey and reports success. */
  if (!_fs_image_check_complete (bytes, decoded.format, &decode_error))
    {
      set_not_image (error, name, decode_error->message);
      return NULL;
    }

  if (!check_min_side (name, decoded.width, decoded.height, error))
    return NULL;

  return prepare_decoded (bytes, original_sha256, &decoded, name, source_path, error);
}

/* Only a regular file, opened without blocking and measured before it is
 * read: a device, a FIFO or a folder is not an image (docs/ARCHITECTURE.md,
 * “Limits”). What is refused is FS_ERROR_INVALID, like any reference that
 * cannot be sent; a file that cannot be opened keeps its I/O error. */
static GBytes *
read_file (GFile         *file,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GError) read_error = NULL;
  GBytes *bytes = fs_file_read (file, MAX_FILE_BYTES, cancellable, &read_error);

  if (bytes != NULL)
    return bytes;

  if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE) ||
      g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE) ||
      g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
    g_set_error_literal (error, FS_ERROR, FS_ERROR_INVALID, read_error->message);
  else
    g_propagate_error (error, g_steal_pointer (&read_error));

  return NULL;
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PrepareData *data = task_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *source_path = data->file != NULL ? g_file_get_path (data->file) : NULL;
  g_autofree char *original_sha256 = NULL;
  GError *error = NULL;
  FsReference *reference;

  bytes = data->file != NULL ? read_file (data->file, cancellable, &error)
                             : g_bytes_ref (data->bytes);
  if (bytes == NULL ||
      !check_file_size (data->name, g_bytes_get_size (bytes), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  original_sha256 = fs_file_sha256_bytes (bytes);
  reference = _fs_reference_cache_lookup (original_sha256, bytes, data->name, source_path);
  if (reference == NULL)
    {
      if (g_task_return_error_if_cancelled (task))
        return;

      reference = prepare_bytes (bytes, original_sha256, data->name, source_path, &error);
      if (reference == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      _fs_reference_cache_store (original_sha256, reference);
    }

  g_task_return_pointer (task, reference, g_object_unref);
}

/* Preparing is background work: its threads yield to the window's, so
 * that eight photos dropped at once never make the main loop wait for a
 * CPU. (Per-thread niceness is a Linux property.) */
static void
lower_priority (void)
{
#ifdef __linux__
  static GPrivate lowered = G_PRIVATE_INIT (NULL);

  if (g_private_get (&lowered) != NULL)
    return;

  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), PREPARE_NICENESS) != 0)
    g_debug ("Could not lower the priority of a reference thread: %s", g_strerror (errno));
  g_private_set (&lowered, GINT_TO_POINTER (TRUE));
#endif
}

static void
pool_func (gpointer data,
           gpointer user_data)
{
  g_autoptr(GTask) task = data;

  lower_priority ();
  prepare_thread (task, NULL, g_task_get_task_data (task), g_task_get_cancellable (task));
}

/* One thread per CPU, of this pool's own (exclusive, so that no other
 * work runs at the lowered priority): more would only share the same
 * CPUs and hold more decoded photos in memory at once. */
static GThreadPool *
prepare_pool (void)
{
  static GThreadPool *pool = NULL;

  if (g_once_init_enter (&pool))
    {
      g_autoptr(GError) error = NULL;
      GThreadPool *created = g_thread_pool_new (pool_func, NULL, (int) g_get_num_processors (),
                                                TRUE, &error);

      if (created == NULL)
        g_error ("Could not start the threads that prepare references: %s", error->message);
      g_once_init_leave (&pool, created);
    }

  return pool;
}

static void
start_prepare (PrepareData         *data,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) prepare_data_free);
  /* The pool owns the task until the worker has returned its result. */
  g_thread_pool_push (prepare_pool (), task, NULL);
}

void
fs_reference_prepare_file_async (GFile               *file,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  PrepareData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (PrepareData, 1);
  data->file = g_object_ref (file);
  data->name = g_file_get_basename (file);
  start_prepare (data, fs_reference_prepare_file_async, cancellable, callback, user_data);
}

/* @name is what the slot shows (a pasted image has none: NULL). */
void
fs_reference_prepare_bytes_async (GBytes              *bytes,
                                  const char          *name,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  PrepareData *data;

  g_return_if_fail (bytes != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (PrepareData, 1);
  data->bytes = g_bytes_ref (bytes);
  data->name = g_strdup (name);
  start_prepare (data, fs_reference_prepare_bytes_async, cancellable, callback, user_data);
}

FsReference *
fs_reference_prepare_finish (GAsyncResult  *result,
                             GError       **error)
{
  gpointer tag;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  tag = g_task_get_source_tag (G_TASK (result));
  g_return_val_if_fail (tag == fs_reference_prepare_file_async ||
                        tag == fs_reference_prepare_bytes_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
