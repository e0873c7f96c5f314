/* fs-canvas-stroke.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fs-canvas-private.h"

/* Strokes: round dabs of the brush or the eraser, spaced along the
 * pointer's path, each kept for undo before it changes the mask.
 * (docs/ARCHITECTURE.md, “The canvas”) */

void
_fs_canvas_dirty_reset (FsCanvas *self)
{
  self->dirty_x0 = self->dirty_y0 = G_MAXINT;
  self->dirty_x1 = self->dirty_y1 = G_MININT;
}

/* One round dab: full strength inside hardness × radius, then a smooth
 * fall to nothing at the radius. Painting keeps the stronger value,
 * erasing the weaker, so going over a spot twice changes nothing. */
static void
stamp (FsCanvas *self,
       double    cx,
       double    cy)
{
  double radius = MAX (0.5, self->brush_size / 2);
  double inner = radius * CLAMP (self->hardness, 0, 1);
  double soft = radius - inner;
  double radius2 = radius * radius;
  double inner2 = inner * inner;
  int x0 = MAX (0, (int) floor (cx - radius));
  int y0 = MAX (0, (int) floor (cy - radius));
  int x1 = MIN ((int) self->width, (int) ceil (cx + radius) + 1);
  int y1 = MIN ((int) self->height, (int) ceil (cy + radius) + 1);
  gboolean erase = self->tool == FS_CANVAS_ERASER;

  if (x0 >= x1 || y0 >= y1)
    return;

  _fs_canvas_step_save_region (self, self->step, x0, y0, x1, y1);

  for (int y = y0; y < y1; y++)
    {
      double dy = y + 0.5 - cy;
      guint8 *row = self->mask + (gsize) y * self->width;

      for (int x = x0; x < x1; x++)
        {
          double dx = x + 0.5 - cx;
          double d2 = dx * dx + dy * dy;
          guint8 value;

          if (d2 >= radius2)
            continue;
          if (d2 <= inner2 || soft <= 0)
            value = 255;
          else
            {
              double t = (radius - sqrt (d2)) / soft;

              /* smoothstep */
              value = (guint8) lround (255 * t * t * (3 - 2 * t));
            }

          if (!erase && value > row[x])
            row[x] = value;
          else if (erase && 255 - value < row[x])
            row[x] = 255 - value;
        }
    }

  self->dirty_x0 = MIN (self->dirty_x0, x0);
  self->dirty_y0 = MIN (self->dirty_y0, y0);
  self->dirty_x1 = MAX (self->dirty_x1, x1);
  self->dirty_y1 = MAX (self->dirty_y1, y1);
}

static void
flush_dirty (FsCanvas *self)
{
  if (self->dirty_x0 < self->dirty_x1)
    {
      _fs_canvas_update_overlay (self, self->dirty_x0, self->dirty_y0, self->dirty_x1, self->dirty_y1);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  _fs_canvas_dirty_reset (self);
}

void
fs_canvas_stroke_begin (FsCanvas *self,
                        double    x,
                        double    y)
{
  g_return_if_fail (FS_IS_CANVAS (self));

  if (self->mask == NULL || self->stroking)
    return;

  self->stroking = TRUE;
  self->step = _fs_canvas_step_new (STEP_TILES);
  self->last_x = x;
  self->last_y = y;
  self->carry = 0;
  _fs_canvas_dirty_reset (self);
  stamp (self, x, y);
  flush_dirty (self);
}

/* Dabs every SPACING × diameter along the segment, carrying what is left
 * over to the next one, so the spacing does not depend on how often the
 * pointer reports. */
void
fs_canvas_stroke_to (FsCanvas *self,
                     double    x,
                     double    y)
{
  double dx, dy, length, spacing, position;

  g_return_if_fail (FS_IS_CANVAS (self));

  if (!self->stroking)
    return;

  dx = x - self->last_x;
  dy = y - self->last_y;
  length = sqrt (dx * dx + dy * dy);
  spacing = MAX (1.0, self->brush_size * SPACING);
  position = spacing - self->carry;

  while (position <= length)
    {
      stamp (self, self->last_x + dx * position / length, self->last_y + dy * position / length);
      position += spacing;
    }

  self->carry = length - (position - spacing);
  self->last_x = x;
  self->last_y = y;
  flush_dirty (self);
}

void
fs_canvas_stroke_end (FsCanvas *self)
{
  Step *step;

  g_return_if_fail (FS_IS_CANVAS (self));

  if (!self->stroking)
    return;

  self->stroking = FALSE;
  step = g_steal_pointer (&self->step);
  if (g_hash_table_size (step->tiles) == 0)
    _fs_canvas_step_free (step);
  else
    _fs_canvas_push_step (self, step);
  _fs_canvas_mask_changed (self);
}

/* Undo swaps each kept tile with the mask's, so the same step redoes. */
