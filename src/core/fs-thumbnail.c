/* fs-thumbnail.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>

#include "fs-error.h"
#include "fs-file.h"
#include "fs-image-private.h"
#include "fs-thumbnail.h"

typedef struct
{
  char  *path;
  char  *sha256;
  guint  size;
} ThumbnailData;

static void
thumbnail_data_free (ThumbnailData *data)
{
  g_free (data->path);
  g_free (data->sha256);
  g_free (data);
}

/* The name is a file name inside the cache, so only a real digest may
 * become one. */
static gboolean
is_sha256 (const char *text)
{
  gsize i;

  if (text == NULL)
    return FALSE;
  for (i = 0; g_ascii_isxdigit (text[i]); i++)
    ;
  return i == 64 && text[i] == '\0';
}

static char *
cache_path (const char *sha256,
            guint       size)
{
  g_autofree char *name = g_strdup_printf ("%s-%u.png", sha256, size);

  return g_build_filename (g_get_user_cache_dir (), "flux-studio", "thumbnails", name, NULL);
}

/* A cached thumbnail is only trusted when it decodes and fits. */
static GdkPixbuf *
load_cached (const char *path,
             guint       size)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;

  pixbuf = gdk_pixbuf_new_from_file (path, NULL);
  if (pixbuf == NULL ||
      (guint) gdk_pixbuf_get_width (pixbuf) > size ||
      (guint) gdk_pixbuf_get_height (pixbuf) > size)
    return NULL;

  return g_steal_pointer (&pixbuf);
}

/* Written to a temporary file and renamed, so another thread or process
 * reading the cache never sees half a PNG. A cache that cannot be written
 * only costs a decode next time. */
static void
store_cached (const char *path,
              GdkPixbuf  *pixbuf)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *buffer = NULL;
  gsize length = 0;

  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, "png", &error, NULL) ||
      !g_file_set_contents_full (path, buffer, length, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, &error))
    g_debug ("Could not cache the thumbnail %s: %s", path,
             error != NULL ? error->message : g_strerror (errno));
}

/* @pixbuf fitted into @size × @size as gdk_pixbuf_new_from_file_at_scale()
 * fits it, or itself when it fits already. */
static GdkPixbuf *
fit (GdkPixbuf *pixbuf,
     guint      size)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);

  if ((guint) width <= size && (guint) height <= size)
    return g_object_ref (pixbuf);

  if (height > width)
    return gdk_pixbuf_scale_simple (pixbuf, MAX ((int) (0.5 + (double) width * size / height), 1),
                                    (int) size, GDK_INTERP_BILINEAR);
  return gdk_pixbuf_scale_simple (pixbuf, (int) size,
                                  MAX ((int) (0.5 + (double) height * size / width), 1),
                                  GDK_INTERP_BILINEAR);
}

/* Small images are never blown up: a thumbnail is at most @size on its
 * longer side, and the image's own size when that is smaller. The pixels
 * of a full decode are shared with the colour check and the dominant
 * colours of the same image (_fs_image_decode_shared()); only a JPEG,
 * which libjpeg decodes at a fraction of its size for much less, is
 * decoded scaled when no full decode of it is at hand. */
static GdkPixbuf *
decode_scaled (const char  *path,
               guint        size,
               GError     **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autofree char *format_name = NULL;
  GdkPixbufFormat *format;
  int width = 0, height = 0;

  format = gdk_pixbuf_get_file_info (path, &width, &height);
  if (format != NULL)
    format_name = gdk_pixbuf_format_get_name (format);

  if (g_strcmp0 (format_name, "jpeg") == 0 &&
      (width <= 0 || height <= 0 || (guint) width > size || (guint) height > size) &&
      (decoded = _fs_image_lookup_shared (path)) == NULL)
    pixbuf = gdk_pixbuf_new_from_file_at_scale (path, (int) size, (int) size, TRUE, error);
  else if (decoded != NULL || (decoded = _fs_image_decode_shared (path, error)) != NULL)
    pixbuf = fit (decoded, size);

  if (pixbuf == NULL)
    return NULL;

  /* The orientation is an option of the decoded image. */
  if (pixbuf != decoded && decoded != NULL &&
      gdk_pixbuf_get_option (decoded, "orientation") != NULL)
    gdk_pixbuf_set_option (pixbuf, "orientation", gdk_pixbuf_get_option (decoded, "orientation"));

  return gdk_pixbuf_apply_embedded_orientation (pixbuf);
}

static void
thumbnail_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ThumbnailData *data = task_data;
  g_autofree char *sha256 = NULL;
  g_autofree char *cached = NULL;
  GdkPixbuf *pixbuf;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (is_sha256 (data->sha256))
    sha256 = g_ascii_strdown (data->sha256, -1);
  else
    sha256 = fs_file_sha256 (data->path, FS_FILE_MAX_IMAGE_BYTES, cancellable, &error);
  if (sha256 == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  cached = cache_path (sha256, data->size);
  if ((pixbuf = load_cached (cached, data->size)) != NULL)
    {
      g_task_return_pointer (task, pixbuf, g_object_unref);
      return;
    }

  pixbuf = decode_scaled (data->path, data->size, &error);
  if (pixbuf == NULL)
    {
      g_task_return_error (task, _fs_image_wrap_decode_error (error));
      return;
    }

  store_cached (cached, pixbuf);
  g_task_return_pointer (task, pixbuf, g_object_unref);
}

void
fs_thumbnail_load_async (const char          *path,
                         const char          *sha256,
                         guint                size,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ThumbnailData *data;

  g_return_if_fail (path != NULL);
  g_return_if_fail (size > 0);

  data = g_new0 (ThumbnailData, 1);
  data->path = g_strdup (path);
  data->sha256 = g_strdup (sha256);
  data->size = size;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_thumbnail_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) thumbnail_data_free);
  g_task_run_in_thread (task, thumbnail_thread);
}

GdkPixbuf *
fs_thumbnail_load_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fs_thumbnail_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
