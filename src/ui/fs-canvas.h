/* fs-canvas.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fs-edit.h"

G_BEGIN_DECLS

/* What the canvas is for: painting the mask of FLUX.1 Fill, or placing
 * the margins of FLUX.1 Expand. */
typedef enum
{
  FS_CANVAS_FILL,
  FS_CANVAS_EXPAND,
} FsCanvasMode;

typedef enum
{
  FS_CANVAS_BRUSH,
  FS_CANVAS_ERASER,
} FsCanvasTool;

#define FS_CANVAS_MIN_BRUSH 1.0
#define FS_CANVAS_MAX_BRUSH 1024.0

#define FS_TYPE_CANVAS (fs_canvas_get_type ())
G_DECLARE_FINAL_TYPE (FsCanvas, fs_canvas, FS, CANVAS, GtkWidget)

/* An image and, painted over it at the image's own resolution, the mask
 * of the part to change (docs/ARCHITECTURE.md, “The canvas”): a byte per
 * pixel, shown as a translucent overlay that is updated only where a
 * stroke touched it. Brush and eraser with size and hardness, invert,
 * clear, undo and redo, zoom and pan; in Expand mode, the new canvas
 * around the image with a handle on each edge. Painting works from the
 * pointer and from the keyboard (arrows move the brush, Space paints).
 * Emits "mask-changed" when a stroke ends or the mask changes as a whole,
 * and "margins-changed" while an edge is dragged. */
GtkWidget    *fs_canvas_new              (void);

/* The image, decoded (for tests and benchmarks; blocking). */
void          fs_canvas_set_pixbuf       (FsCanvas      *self,
                                          GdkPixbuf     *pixbuf);
/* The image from its encoded bytes, decoded in a worker; the mask starts
 * empty. */
void          fs_canvas_load_async       (FsCanvas      *self,
                                          GBytes        *image,
                                          GCancellable  *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer       user_data);
gboolean      fs_canvas_load_finish      (FsCanvas      *self,
                                          GAsyncResult  *result,
                                          GError       **error);
void          fs_canvas_clear_image      (FsCanvas      *self);
gboolean      fs_canvas_has_image        (FsCanvas      *self);
guint         fs_canvas_get_image_width  (FsCanvas      *self);
guint         fs_canvas_get_image_height (FsCanvas      *self);

FsCanvasMode  fs_canvas_get_mode         (FsCanvas      *self);
void          fs_canvas_set_mode         (FsCanvas      *self,
                                          FsCanvasMode   mode);
FsCanvasTool  fs_canvas_get_tool         (FsCanvas      *self);
void          fs_canvas_set_tool         (FsCanvas      *self,
                                          FsCanvasTool   tool);
/* The brush's diameter in image pixels, and its hardness from 0 (a soft
 * edge all the way in) to 1 (a hard edge). */
double        fs_canvas_get_brush_size   (FsCanvas      *self);
void          fs_canvas_set_brush_size   (FsCanvas      *self,
                                          double         size);
double        fs_canvas_get_hardness     (FsCanvas      *self);
void          fs_canvas_set_hardness     (FsCanvas      *self,
                                          double         hardness);

/* The mask: width × height bytes, rows @stride apart (borrowed, changes
 * as it is painted). */
const guint8 *fs_canvas_get_mask         (FsCanvas      *self,
                                          gsize         *stride);
/* A copy without padding, for encoding in a worker. */
GBytes       *fs_canvas_dup_mask         (FsCanvas      *self);
gboolean      fs_canvas_get_mask_empty   (FsCanvas      *self);
/* Replaces the mask (Remix); it must be the image's size. Forgets the
 * undo history. */
gboolean      fs_canvas_set_mask         (FsCanvas      *self,
                                          GBytes        *values,
                                          guint          width,
                                          guint          height);
void          fs_canvas_invert           (FsCanvas      *self);
void          fs_canvas_clear            (FsCanvas      *self);
gboolean      fs_canvas_can_undo         (FsCanvas      *self);
gboolean      fs_canvas_can_redo         (FsCanvas      *self);
void          fs_canvas_undo             (FsCanvas      *self);
void          fs_canvas_redo             (FsCanvas      *self);

/* A stroke with the current tool, in image coordinates: what the pointer
 * does, for tests and benchmarks too. Each stroke is one step to undo. */
void          fs_canvas_stroke_begin     (FsCanvas      *self,
                                          double         x,
                                          double         y);
void          fs_canvas_stroke_to        (FsCanvas      *self,
                                          double         x,
                                          double         y);
void          fs_canvas_stroke_end       (FsCanvas      *self);

/* The view: 1.0 shows an image pixel on a screen pixel. Fitting follows
 * the widget's size until the view is zoomed or panned. */
double        fs_canvas_get_zoom         (FsCanvas      *self);
void          fs_canvas_zoom_by          (FsCanvas      *self,
                                          double         factor);
void          fs_canvas_zoom_fit         (FsCanvas      *self);

/* Expand: the margins shown around the image and dragged by its edges,
 * each at most @max_margin. */
void          fs_canvas_get_margins      (FsCanvas      *self,
                                          FsMargins     *margins);
void          fs_canvas_set_margins      (FsCanvas      *self,
                                          const FsMargins *margins);
void          fs_canvas_set_max_margin   (FsCanvas      *self,
                                          guint          max_margin);

G_END_DECLS
