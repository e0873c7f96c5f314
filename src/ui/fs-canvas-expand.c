/* fs-canvas-expand.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "fs-canvas-private.h"

/* Expand: the margins of the new canvas, the edges dragged to change
 * them, and the drawing of the new canvas with its handles.
 * (docs/ARCHITECTURE.md, “The canvas”) */

static void
expanded_rect (FsCanvas        *self,
               graphene_rect_t *rect)
{
  graphene_rect_t content;

  _fs_canvas_content_rect (self, &content);
  graphene_rect_init (rect, self->offset_x + content.origin.x * self->zoom,
                      self->offset_y + content.origin.y * self->zoom,
                      content.size.width * self->zoom, content.size.height * self->zoom);
}

Edge
_fs_canvas_edge_at (FsCanvas *self,
                    double    x,
                    double    y)
{
  graphene_rect_t r;
  gboolean across, along;

  if (self->mode != FS_CANVAS_EXPAND || self->width == 0)
    return EDGE_NONE;

  expanded_rect (self, &r);
  across = x > r.origin.x - HANDLE_REACH && x < r.origin.x + r.size.width + HANDLE_REACH;
  along = y > r.origin.y - HANDLE_REACH && y < r.origin.y + r.size.height + HANDLE_REACH;

  if (across && fabs (y - r.origin.y) <= HANDLE_REACH)
    return EDGE_TOP;
  if (across && fabs (y - (r.origin.y + r.size.height)) <= HANDLE_REACH)
    return EDGE_BOTTOM;
  if (along && fabs (x - r.origin.x) <= HANDLE_REACH)
    return EDGE_LEFT;
  if (along && fabs (x - (r.origin.x + r.size.width)) <= HANDLE_REACH)
    return EDGE_RIGHT;
  return EDGE_NONE;
}

static void
set_margins_internal (FsCanvas        *self,
                      const FsMargins *margins,
                      gboolean         emit)
{
  if (memcmp (&self->margins, margins, sizeof *margins) == 0)
    return;

  self->margins = *margins;
  if (self->fit && self->drag_edge == EDGE_NONE)
    _fs_canvas_apply_fit (self);
  _fs_canvas_update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (emit)
    _fs_canvas_margins_changed (self);
}

/* Dragging an edge outwards adds to its margin, in image pixels. */
void
_fs_canvas_drag_edge_to (FsCanvas *self,
                         double    dx,
                         double    dy)
{
  FsMargins margins = self->drag_margins;
  double limit = self->max_margin;
  double image_dx = dx / self->zoom;
  double image_dy = dy / self->zoom;

  switch (self->drag_edge)
    {
    case EDGE_TOP:
      margins.top = (guint) CLAMP (lround (self->drag_margins.top - image_dy), 0, limit);
      break;
    case EDGE_BOTTOM:
      margins.bottom = (guint) CLAMP (lround (self->drag_margins.bottom + image_dy), 0, limit);
      break;
    case EDGE_LEFT:
      margins.left = (guint) CLAMP (lround (self->drag_margins.left - image_dx), 0, limit);
      break;
    case EDGE_RIGHT:
      margins.right = (guint) CLAMP (lround (self->drag_margins.right + image_dx), 0, limit);
      break;
    case EDGE_NONE:
    default:
      return;
    }

  set_margins_internal (self, &margins, TRUE);
}

void
fs_canvas_get_margins (FsCanvas  *self,
                       FsMargins *margins)
{
  g_return_if_fail (FS_IS_CANVAS (self));
  g_return_if_fail (margins != NULL);

  *margins = self->margins;
}

void
fs_canvas_set_margins (FsCanvas        *self,
                       const FsMargins *margins)
{
  g_return_if_fail (FS_IS_CANVAS (self));
  g_return_if_fail (margins != NULL);

  set_margins_internal (self, margins, FALSE);
}

void
fs_canvas_set_max_margin (FsCanvas *self,
                          guint     max_margin)
{
  g_return_if_fail (FS_IS_CANVAS (self));

  self->max_margin = max_margin;
}

static void
append_outline (GtkSnapshot           *snapshot,
                const graphene_rect_t *rect,
                const GdkRGBA         *colour,
                float                  width)
{
  GskRoundedRect outline;
  float widths[4] = { width, width, width, width };
  GdkRGBA colours[4] = { *colour, *colour, *colour, *colour };

  gsk_rounded_rect_init_from_rect (&outline, rect, 0);
  gtk_snapshot_append_border (snapshot, &outline, widths, colours);
}

/* The new canvas: a light hatch where pixels will be added, its outline,
 * a handle on each edge and its size. */
void
_fs_canvas_snapshot_expand (FsCanvas    *self,
                            GtkSnapshot *snapshot)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GdkRGBA area = { 0.35, 0.55, 0.95, 0.18 };
  GdkRGBA line = { 0.2, 0.45, 0.9, 0.9 };
  GdkRGBA white = { 1, 1, 1, 0.9 };
  graphene_rect_t r;
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  int text_width, text_height;

  expanded_rect (self, &r);
  gtk_snapshot_append_color (snapshot, &area, &r);
  append_outline (snapshot, &r, &line, 2);

  for (Edge edge = EDGE_TOP; edge <= EDGE_RIGHT; edge++)
    {
      graphene_rect_t handle;
      double cx = r.origin.x + r.size.width / 2;
      double cy = r.origin.y + r.size.height / 2;

      switch (edge)
        {
        case EDGE_TOP:
          graphene_rect_init (&handle, cx - 14, r.origin.y - 4, 28, 8);
          break;
        case EDGE_BOTTOM:
          graphene_rect_init (&handle, cx - 14, r.origin.y + r.size.height - 4, 28, 8);
          break;
        case EDGE_LEFT:
          graphene_rect_init (&handle, r.origin.x - 4, cy - 14, 8, 28);
          break;
        case EDGE_RIGHT:
        case EDGE_NONE:
        default:
          graphene_rect_init (&handle, r.origin.x + r.size.width - 4, cy - 14, 8, 28);
          break;
        }
      gtk_snapshot_append_color (snapshot, &line, &handle);
      append_outline (snapshot, &handle, &white, 1);
    }

  /* Translators: the size of the expanded image, under the canvas */
  text = g_strdup_printf (_("%u × %u"), self->width + self->margins.left + self->margins.right,
                          self->height + self->margins.top + self->margins.bottom);
  layout = gtk_widget_create_pango_layout (widget, text);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (r.origin.x + (r.size.width - text_width) / 2,
                                                MIN (r.origin.y + r.size.height + 8,
                                                     gtk_widget_get_height (widget) -
                                                     text_height - 4)));
  gtk_snapshot_append_layout (snapshot, layout, &line);
  gtk_snapshot_restore (snapshot);
}

