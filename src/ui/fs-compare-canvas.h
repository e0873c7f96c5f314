/* fs-compare-canvas.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FS_TYPE_COMPARE_CANVAS (fs_compare_canvas_get_type ())
G_DECLARE_FINAL_TYPE (FsCompareCanvas, fs_compare_canvas, FS, COMPARE_CANVAS, GtkWidget)

/* One pane of the compare view: "texture" drawn at "zoom" (1: fitted to
 * the pane) with the point "offset-x", "offset-y" of it (fractions of
 * its size from its centre) at the pane's centre, so panes that share
 * these show the same part of images of any size. With
 * "second-texture" it is the swipe view: the first image left of the
 * divider at "position" (0–1 of the width), the second right of it.
 * Scrolling zooms about the pointer, dragging pans (or moves the
 * divider when it starts on it); each sets the properties. */
GtkWidget *fs_compare_canvas_new                (void);
void       fs_compare_canvas_set_texture        (FsCompareCanvas *self,
                                                 GdkTexture      *texture);
void       fs_compare_canvas_set_second_texture (FsCompareCanvas *self,
                                                 GdkTexture      *texture);
gboolean   fs_compare_canvas_has_texture        (FsCompareCanvas *self);
double     fs_compare_canvas_get_zoom           (FsCompareCanvas *self);
double     fs_compare_canvas_get_position       (FsCompareCanvas *self);
/* Zooms by @factor keeping the image point under (@x, @y) in place. */
void       fs_compare_canvas_zoom_at            (FsCompareCanvas *self,
                                                 double           factor,
                                                 double           x,
                                                 double           y);
/* Pans as a drag of @dx, @dy pixels would. */
void       fs_compare_canvas_pan                (FsCompareCanvas *self,
                                                 double           dx,
                                                 double           dy);

#define FS_COMPARE_MIN_ZOOM 1.0
#define FS_COMPARE_MAX_ZOOM 32.0

G_END_DECLS
