/* fs-canvas-mask.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fs-canvas-private.h"

/* The mask: a byte per image pixel (white = change), cut into 64×64 tiles
 * for undo, and shown through an ARGB overlay rewritten only where it
 * changed. Reading, replacing, inverting and clearing it.
 * (docs/ARCHITECTURE.md, “The canvas”) */

guint
_fs_canvas_tiles_across (FsCanvas *self)
{
  return (self->width + TILE - 1) / TILE;
}

void
_fs_canvas_tile_bounds (FsCanvas *self,
                        guint     index,
                        guint    *x,
                        guint    *y,
                        guint    *w,
                        guint    *h)
{
  *x = (index % _fs_canvas_tiles_across (self)) * TILE;
  *y = (index / _fs_canvas_tiles_across (self)) * TILE;
  *w = MIN (TILE, self->width - *x);
  *h = MIN (TILE, self->height - *y);
}

/* Copies tile @index out of (or, with @restore, into) @data. */
void
_fs_canvas_tile_copy (FsCanvas *self,
                      guint     index,
                      guint8   *data,
                      gboolean  restore)
{
  guint x, y, w, h;

  _fs_canvas_tile_bounds (self, index, &x, &y, &w, &h);
  for (guint row = 0; row < h; row++)
    {
      guint8 *line = self->mask + (gsize) (y + row) * self->width + x;

      if (restore)
        memcpy (line, data + row * TILE, w);
      else
        memcpy (data + row * TILE, line, w);
    }
}

/* The overlay ------------------------------------------------------------------ */

void
_fs_canvas_build_overlay_lut (FsCanvas *self)
{
  for (guint m = 0; m < 256; m++)
    {
      guint a = (guint) lround (m * OVERLAY_ALPHA);

      /* Premultiplied ARGB, as cairo keeps it. */
      self->overlay_lut[m] = (a << 24) | ((OVERLAY_R * a / 255) << 16) |
                             ((OVERLAY_G * a / 255) << 8) | (OVERLAY_B * a / 255);
    }
}

void
_fs_canvas_overlay_free (FsCanvas *self)
{
  guint n = self->overlay_across * self->overlay_down;

  for (guint i = 0; self->overlay != NULL && i < n; i++)
    {
      cairo_surface_destroy (self->overlay[i]);
      g_clear_pointer (&self->overlay_nodes[i], gsk_render_node_unref);
    }
  g_clear_pointer (&self->overlay, g_free);
  g_clear_pointer (&self->overlay_nodes, g_free);
  self->overlay_across = self->overlay_down = 0;
}

void
_fs_canvas_overlay_new (FsCanvas *self)
{
  _fs_canvas_overlay_free (self);
  self->overlay_across = (self->width + OVERLAY_TILE - 1) / OVERLAY_TILE;
  self->overlay_down = (self->height + OVERLAY_TILE - 1) / OVERLAY_TILE;
  self->overlay = g_new0 (cairo_surface_t *, self->overlay_across * self->overlay_down);
  self->overlay_nodes = g_new0 (GskRenderNode *, self->overlay_across * self->overlay_down);

  for (guint ty = 0; ty < self->overlay_down; ty++)
    for (guint tx = 0; tx < self->overlay_across; tx++)
      self->overlay[ty * self->overlay_across + tx] =
        cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                    (int) MIN (OVERLAY_TILE, self->width - tx * OVERLAY_TILE),
                                    (int) MIN (OVERLAY_TILE, self->height - ty * OVERLAY_TILE));
}

/* Only the rectangle that changed is converted, tile by tile, and only
 * those tiles are drawn again. A tile surface a past frame still refers to
 * is copied by cairo before it changes: a tile, never the whole image. */
void
_fs_canvas_update_overlay (FsCanvas *self,
                           int       x0,
                           int       y0,
                           int       x1,
                           int       y1)
{
  if (self->overlay == NULL || x0 >= x1 || y0 >= y1)
    return;

  for (int ty = y0 / OVERLAY_TILE; ty <= (y1 - 1) / OVERLAY_TILE; ty++)
    for (int tx = x0 / OVERLAY_TILE; tx <= (x1 - 1) / OVERLAY_TILE; tx++)
      {
        guint index = (guint) ty * self->overlay_across + (guint) tx;
        cairo_surface_t *tile = self->overlay[index];
        int left = tx * OVERLAY_TILE;
        int top = ty * OVERLAY_TILE;
        int from_x = MAX (x0, left);
        int to_x = MIN (x1, left + cairo_image_surface_get_width (tile));
        int from_y = MAX (y0, top);
        int to_y = MIN (y1, top + cairo_image_surface_get_height (tile));
        guint8 *data;
        int stride;

        cairo_surface_flush (tile);
        data = cairo_image_surface_get_data (tile);
        stride = cairo_image_surface_get_stride (tile);
        for (int y = from_y; y < to_y; y++)
          {
            const guint8 *src = self->mask + (gsize) y * self->width;
            guint32 *dst = (guint32 *) (data + (gsize) (y - top) * stride) - left;

            for (int x = from_x; x < to_x; x++)
              dst[x] = self->overlay_lut[src[x]];
          }
        cairo_surface_mark_dirty_rectangle (tile, from_x - left, from_y - top,
                                            to_x - from_x, to_y - from_y);
        g_clear_pointer (&self->overlay_nodes[index], gsk_render_node_unref);
      }
}

void
_fs_canvas_update_overlay_all (FsCanvas *self)
{
  _fs_canvas_update_overlay (self, 0, 0, (int) self->width, (int) self->height);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Editing ---------------------------------------------------------------------------- */

void
fs_canvas_invert (FsCanvas *self)
{
  Step *step;

  g_return_if_fail (FS_IS_CANVAS (self));

  if (self->mask == NULL || self->stroking)
    return;

  step = _fs_canvas_step_new (STEP_INVERT);
  _fs_canvas_apply_step (self, step);
  _fs_canvas_push_step (self, step);
  _fs_canvas_mask_changed (self);
}

/* Only the tiles that held paint are kept for undo. */
void
fs_canvas_clear (FsCanvas *self)
{
  Step *step;
  guint n_tiles;

  g_return_if_fail (FS_IS_CANVAS (self));

  if (self->mask == NULL || self->stroking)
    return;

  step = _fs_canvas_step_new (STEP_TILES);
  n_tiles = _fs_canvas_tiles_across (self) * ((self->height + TILE - 1) / TILE);
  for (guint index = 0; index < n_tiles; index++)
    {
      guint x, y, w, h;
      gboolean painted = FALSE;

      _fs_canvas_tile_bounds (self, index, &x, &y, &w, &h);
      for (guint row = 0; row < h && !painted; row++)
        {
          const guint8 *line = self->mask + (gsize) (y + row) * self->width + x;

          for (guint i = 0; i < w && !painted; i++)
            painted = line[i] != 0;
        }
      if (!painted)
        continue;

      _fs_canvas_step_save_region (self, step, (int) x, (int) y, (int) (x + w), (int) (y + h));
      for (guint row = 0; row < h; row++)
        memset (self->mask + (gsize) (y + row) * self->width + x, 0, w);
    }

  if (g_hash_table_size (step->tiles) == 0)
    {
      _fs_canvas_step_free (step);
      return;
    }

  _fs_canvas_update_overlay_all (self);
  _fs_canvas_push_step (self, step);
  _fs_canvas_mask_changed (self);
}

const guint8 *
fs_canvas_get_mask (FsCanvas *self,
                    gsize    *stride)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), NULL);

  if (stride != NULL)
    *stride = self->width;
  return self->mask;
}

GBytes *
fs_canvas_dup_mask (FsCanvas *self)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), NULL);

  if (self->mask == NULL)
    return NULL;

  return g_bytes_new (self->mask, (gsize) self->width * self->height);
}

gboolean
fs_canvas_get_mask_empty (FsCanvas *self)
{
  gsize n;

  g_return_val_if_fail (FS_IS_CANVAS (self), TRUE);

  if (self->mask == NULL)
    return TRUE;

  n = (gsize) self->width * self->height;
  for (gsize i = 0; i < n; i++)
    if (self->mask[i] != 0)
      return FALSE;

  return TRUE;
}

gboolean
fs_canvas_set_mask (FsCanvas *self,
                    GBytes   *values,
                    guint     width,
                    guint     height)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), FALSE);
  g_return_val_if_fail (values != NULL, FALSE);

  if (self->mask == NULL || width != self->width || height != self->height ||
      g_bytes_get_size (values) != (gsize) width * height)
    return FALSE;

  memcpy (self->mask, g_bytes_get_data (values, NULL), (gsize) width * height);
  _fs_canvas_forget_history (self);
  _fs_canvas_update_overlay_all (self);
  _fs_canvas_mask_changed (self);
  return TRUE;
}

