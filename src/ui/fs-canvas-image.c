/* fs-canvas-image.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-canvas-private.h"

/* The image: decoded in a thread into premultiplied ARGB levels, each
 * half the one before, and installed with a new, empty mask.
 * (docs/ARCHITECTURE.md, “The canvas”) */

static void
level_free (Level *level)
{
  g_clear_object (&level->texture);
  cairo_surface_destroy (level->surface);
  g_free (level);
}

/* The pixbuf as premultiplied ARGB in native byte order, cairo's and
 * GDK_MEMORY_DEFAULT's layout. */
static cairo_surface_t *
surface_from_pixbuf (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  int src_stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  guint8 *dst = cairo_image_surface_get_data (surface);
  int dst_stride = cairo_image_surface_get_stride (surface);

  for (int y = 0; y < height; y++)
    {
      const guint8 *in = src + (gsize) y * src_stride;
      guint32 *out = (guint32 *) (dst + (gsize) y * dst_stride);

      for (int x = 0; x < width; x++, in += channels)
        {
          guint a = alpha ? in[3] : 255;

          out[x] = (a << 24) | ((in[0] * a / 255) << 16) | ((in[1] * a / 255) << 8) |
                   (in[2] * a / 255);
        }
    }

  cairo_surface_mark_dirty (surface);
  return surface;
}

/* Each pixel of the next level is the mean of four, channel by channel:
 * premultiplied values average correctly. */
static cairo_surface_t *
halve (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface) / 2;
  int height = cairo_image_surface_get_height (surface) / 2;
  int src_stride = cairo_image_surface_get_stride (surface);
  const guint8 *src = cairo_image_surface_get_data (surface);
  cairo_surface_t *half = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  guint8 *dst = cairo_image_surface_get_data (half);
  int dst_stride = cairo_image_surface_get_stride (half);

  for (int y = 0; y < height; y++)
    {
      const guint32 *a = (const guint32 *) (src + (gsize) (2 * y) * src_stride);
      const guint32 *b = (const guint32 *) (src + (gsize) (2 * y + 1) * src_stride);
      guint32 *out = (guint32 *) (dst + (gsize) y * dst_stride);

      for (int x = 0; x < width; x++)
        {
          guint32 p[4] = { a[2 * x], a[2 * x + 1], b[2 * x], b[2 * x + 1] };
          guint32 pixel = 0;

          for (int shift = 0; shift < 32; shift += 8)
            {
              guint sum = 0;

              for (int i = 0; i < 4; i++)
                sum += (p[i] >> shift) & 0xff;
              pixel |= ((sum + 2) / 4) << shift;
            }
          out[x] = pixel;
        }
    }

  cairo_surface_mark_dirty (half);
  return half;
}

/* Levels halve the one before down to a quarter-screen or so: the zoom
 * picks the one nearest its scale (pick_level()). Blocking; any thread. */
static GPtrArray *
make_levels (GdkPixbuf *pixbuf)
{
  GPtrArray *levels = g_ptr_array_new_with_free_func ((GDestroyNotify) level_free);
  Level *level = g_new0 (Level, 1);

  level->surface = surface_from_pixbuf (pixbuf);
  g_ptr_array_add (levels, level);
  while (MIN (cairo_image_surface_get_width (level->surface),
              cairo_image_surface_get_height (level->surface)) / 2 >= LEVEL_MIN_SIDE)
    {
      Level *next = g_new0 (Level, 1);

      next->surface = halve (level->surface);
      g_ptr_array_add (levels, next);
      level = next;
    }

  return levels;
}

static void
install_levels (FsCanvas  *self,
                GPtrArray *levels)
{
  cairo_surface_t *full = ((Level *) g_ptr_array_index (levels, 0))->surface;
  gboolean had_image = self->width > 0;

  fs_canvas_stroke_end (self);
  g_clear_pointer (&self->levels, g_ptr_array_unref);
  self->levels = g_ptr_array_ref (levels);

  self->width = (guint) cairo_image_surface_get_width (full);
  self->height = (guint) cairo_image_surface_get_height (full);
  g_free (self->mask);
  self->mask = g_malloc0 ((gsize) self->width * self->height);
  _fs_canvas_overlay_new (self);
  g_clear_pointer (&self->image_node, gsk_render_node_unref);
  _fs_canvas_forget_history (self);
  self->show_cursor = FALSE;
  self->fit = TRUE;
  _fs_canvas_apply_fit (self);
  _fs_canvas_update_cursor (self);
  if (!had_image)
    _fs_canvas_notify (self, PROP_HAS_IMAGE);
  _fs_canvas_mask_changed (self);
}

void
fs_canvas_set_pixbuf (FsCanvas  *self,
                      GdkPixbuf *pixbuf)
{
  g_autoptr(GPtrArray) levels = NULL;

  g_return_if_fail (FS_IS_CANVAS (self));
  g_return_if_fail (GDK_IS_PIXBUF (pixbuf));

  levels = make_levels (pixbuf);
  install_levels (self, levels);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  GError *error = NULL;
  GdkPixbuf *pixbuf;
  gboolean decoded;

  /* The loader is closed even after a failed write. */
  decoded = gdk_pixbuf_loader_write_bytes (loader, task_data, &error);
  decoded = gdk_pixbuf_loader_close (loader, decoded ? &error : NULL) && decoded;
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (!decoded || pixbuf == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                     _("The image could not be read"));
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, make_levels (pixbuf), (GDestroyNotify) g_ptr_array_unref);
}

void
fs_canvas_load_async (FsCanvas            *self,
                      GBytes              *image,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FS_IS_CANVAS (self));
  g_return_if_fail (image != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_canvas_load_async);
  g_task_set_task_data (task, g_bytes_ref (image), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, load_thread);
}

gboolean
fs_canvas_load_finish (FsCanvas      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_autoptr(GPtrArray) levels = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  levels = g_task_propagate_pointer (G_TASK (result), error);
  if (levels == NULL)
    return FALSE;

  install_levels (self, levels);
  return TRUE;
}

void
fs_canvas_clear_image (FsCanvas *self)
{
  g_return_if_fail (FS_IS_CANVAS (self));

  if (self->width == 0)
    return;

  fs_canvas_stroke_end (self);
  g_clear_pointer (&self->levels, g_ptr_array_unref);
  g_clear_pointer (&self->mask, g_free);
  _fs_canvas_overlay_free (self);
  g_clear_pointer (&self->image_node, gsk_render_node_unref);
  self->width = self->height = 0;
  _fs_canvas_forget_history (self);
  _fs_canvas_update_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  _fs_canvas_notify (self, PROP_HAS_IMAGE);
  _fs_canvas_mask_changed (self);
}

gboolean
fs_canvas_has_image (FsCanvas *self)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), FALSE);

  return self->width > 0;
}

guint
fs_canvas_get_image_width (FsCanvas *self)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), 0);

  return self->width;
}

guint
fs_canvas_get_image_height (FsCanvas *self)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), 0);

  return self->height;
}
