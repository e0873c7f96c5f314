/* fs-canvas-view.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-canvas-private.h"

/* The view transform: where the image's origin is drawn (offset) and at
 * what scale (zoom); fitting the content, zooming about a point, panning.
 * (docs/ARCHITECTURE.md, “The canvas”) */

/* What has to be in view: the image, and in Expand mode its new canvas. */
void
_fs_canvas_content_rect (FsCanvas        *self,
                         graphene_rect_t *rect)
{
  if (self->mode == FS_CANVAS_EXPAND)
    graphene_rect_init (rect, -(float) self->margins.left, -(float) self->margins.top,
                        self->width + self->margins.left + self->margins.right,
                        self->height + self->margins.top + self->margins.bottom);
  else
    graphene_rect_init (rect, 0, 0, self->width, self->height);
}

static void
set_zoom (FsCanvas *self,
          double    zoom)
{
  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  if (zoom == self->zoom)
    return;

  self->zoom = zoom;
  _fs_canvas_notify (self, PROP_ZOOM);
}

void
_fs_canvas_apply_fit (FsCanvas *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  graphene_rect_t content;
  double zoom;

  if (self->width == 0 || width <= 0 || height <= 0)
    return;

  _fs_canvas_content_rect (self, &content);
  zoom = MIN ((width - 2 * FIT_PADDING) / content.size.width,
              (height - 2 * FIT_PADDING) / content.size.height);
  set_zoom (self, MIN (zoom, 1.0));
  self->offset_x = (width - content.size.width * self->zoom) / 2 - content.origin.x * self->zoom;
  self->offset_y = (height - content.size.height * self->zoom) / 2 - content.origin.y * self->zoom;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
fs_canvas_zoom_fit (FsCanvas *self)
{
  g_return_if_fail (FS_IS_CANVAS (self));

  self->fit = TRUE;
  _fs_canvas_apply_fit (self);
}

/* Zooms about a point of the widget, which stays where it is. */
void
_fs_canvas_zoom_about (FsCanvas *self,
                       double    factor,
                       double    x,
                       double    y)
{
  double image_x = (x - self->offset_x) / self->zoom;
  double image_y = (y - self->offset_y) / self->zoom;

  self->fit = FALSE;
  set_zoom (self, self->zoom * factor);
  self->offset_x = x - image_x * self->zoom;
  self->offset_y = y - image_y * self->zoom;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
fs_canvas_zoom_by (FsCanvas *self,
                   double    factor)
{
  g_return_if_fail (FS_IS_CANVAS (self));
  g_return_if_fail (factor > 0);

  _fs_canvas_zoom_about (self, factor, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                         gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

double
fs_canvas_get_zoom (FsCanvas *self)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), 1.0);

  return self->zoom;
}

/* Moves the image's origin to (@offset_x, @offset_y): the view no longer
 * follows the widget's size. */
void
_fs_canvas_pan_to (FsCanvas *self,
                   double    offset_x,
                   double    offset_y)
{
  self->fit = FALSE;
  self->offset_x = offset_x;
  self->offset_y = offset_y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_fs_canvas_to_image (FsCanvas *self,
                     double    x,
                     double    y,
                     double   *image_x,
                     double   *image_y)
{
  *image_x = (x - self->offset_x) / self->zoom;
  *image_y = (y - self->offset_y) / self->zoom;
}

