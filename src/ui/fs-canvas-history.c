/* fs-canvas-history.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fs-canvas-private.h"

/* Undo and redo of the mask: each step keeps the 64×64 tiles a change
 * touched, as they were before, and undoing swaps them with the mask's, so
 * the same step redoes. Invert is a step of its own, with no tiles.
 * (docs/ARCHITECTURE.md, “The canvas”) */

Step *
_fs_canvas_step_new (StepKind kind)
{
  Step *step = g_new0 (Step, 1);

  step->kind = kind;
  step->tiles = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  return step;
}

void
_fs_canvas_step_free (Step *step)
{
  g_hash_table_unref (step->tiles);
  g_free (step);
}

/* Before a region changes, the step keeps what each tile held first. */
void
_fs_canvas_step_save_region (FsCanvas *self,
                             Step     *step,
                             int       x0,
                             int       y0,
                             int       x1,
                             int       y1)
{
  for (int ty = y0 / TILE; ty <= (y1 - 1) / TILE; ty++)
    for (int tx = x0 / TILE; tx <= (x1 - 1) / TILE; tx++)
      {
        guint index = (guint) ty * _fs_canvas_tiles_across (self) + (guint) tx;
        guint8 *data;

        if (g_hash_table_contains (step->tiles, GUINT_TO_POINTER (index)))
          continue;
        data = g_malloc0 (TILE * TILE);
        _fs_canvas_tile_copy (self, index, data, FALSE);
        g_hash_table_insert (step->tiles, GUINT_TO_POINTER (index), data);
        step->bytes += TILE * TILE;
      }
}

static gsize
history_bytes (FsCanvas *self)
{
  gsize bytes = 0;

  for (guint i = 0; i < self->undo->len; i++)
    bytes += ((Step *) g_ptr_array_index (self->undo, i))->bytes;
  for (guint i = 0; i < self->redo->len; i++)
    bytes += ((Step *) g_ptr_array_index (self->redo, i))->bytes;
  return bytes;
}

static void
notify_history (FsCanvas *self,
                gboolean  could_undo,
                gboolean  could_redo)
{
  if (could_undo != fs_canvas_can_undo (self))
    _fs_canvas_notify (self, PROP_CAN_UNDO);
  if (could_redo != fs_canvas_can_redo (self))
    _fs_canvas_notify (self, PROP_CAN_REDO);
}

/* A new step forgets what could be redone, and the oldest steps go when
 * the history grows past its bounds. */
void
_fs_canvas_push_step (FsCanvas *self,
                      Step     *step)
{
  gboolean could_undo = fs_canvas_can_undo (self);
  gboolean could_redo = fs_canvas_can_redo (self);

  g_ptr_array_set_size (self->redo, 0);
  g_ptr_array_add (self->undo, step);
  while (self->undo->len > 1 &&
         (self->undo->len > MAX_UNDO || history_bytes (self) > MAX_UNDO_BYTES))
    g_ptr_array_remove_index (self->undo, 0);
  notify_history (self, could_undo, could_redo);
}

void
_fs_canvas_forget_history (FsCanvas *self)
{
  gboolean could_undo = fs_canvas_can_undo (self);
  gboolean could_redo = fs_canvas_can_redo (self);

  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  notify_history (self, could_undo, could_redo);
}

void
_fs_canvas_apply_step (FsCanvas *self,
                       Step     *step)
{
  GHashTableIter iter;
  gpointer key, value;
  guint8 swap[TILE * TILE];

  if (step->kind == STEP_INVERT)
    {
      gsize n = (gsize) self->width * self->height;

      for (gsize i = 0; i < n; i++)
        self->mask[i] = 255 - self->mask[i];
      _fs_canvas_update_overlay_all (self);
      return;
    }

  g_hash_table_iter_init (&iter, step->tiles);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint index = GPOINTER_TO_UINT (key);
      guint x, y, w, h;

      _fs_canvas_tile_copy (self, index, swap, FALSE);
      _fs_canvas_tile_copy (self, index, value, TRUE);
      memcpy (value, swap, sizeof swap);
      _fs_canvas_tile_bounds (self, index, &x, &y, &w, &h);
      _fs_canvas_update_overlay (self, (int) x, (int) y, (int) (x + w), (int) (y + h));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
move_step (FsCanvas  *self,
           GPtrArray *from,
           GPtrArray *to)
{
  gboolean could_undo = fs_canvas_can_undo (self);
  gboolean could_redo = fs_canvas_can_redo (self);
  Step *step;

  if (from->len == 0 || self->stroking)
    return;

  step = g_ptr_array_steal_index (from, from->len - 1);
  _fs_canvas_apply_step (self, step);
  g_ptr_array_add (to, step);
  notify_history (self, could_undo, could_redo);
  _fs_canvas_mask_changed (self);
}

void
fs_canvas_undo (FsCanvas *self)
{
  g_return_if_fail (FS_IS_CANVAS (self));

  move_step (self, self->undo, self->redo);
}

void
fs_canvas_redo (FsCanvas *self)
{
  g_return_if_fail (FS_IS_CANVAS (self));

  move_step (self, self->redo, self->undo);
}

gboolean
fs_canvas_can_undo (FsCanvas *self)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), FALSE);

  return self->undo->len > 0;
}

gboolean
fs_canvas_can_redo (FsCanvas *self)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), FALSE);

  return self->redo->len > 0;
}
