/* fs-canvas-editor.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fs-canvas.h"
#include "fs-edit.h"
#include "fs-reference.h"

G_BEGIN_DECLS

#define FS_TYPE_CANVAS_EDITOR (fs_canvas_editor_get_type ())
G_DECLARE_FINAL_TYPE (FsCanvasEditor, fs_canvas_editor, FS, CANVAS_EDITOR, GtkWidget)

/* The canvas with its tools (docs/ARCHITECTURE.md, “The canvas”): in Fill
 * mode brush, eraser, brush size and hardness, invert, clear, undo and
 * redo; in Expand mode the presets "To 16:9", "To 3:1 Banner" and "To 4:5"
 * and the new size; zoom, and Open Image. An image gets in by a drop, the
 * file chooser or fs_canvas_editor_open_file(); it is prepared as the
 * request will send it (fs_edit_source_load_async()) and shown at that
 * size. Emits "source-changed" when an image is in place, "mask-changed",
 * "margins-changed" (the canvas's edges or a preset) and "toast" (const
 * char *message) when an image cannot be used. */
GtkWidget          *fs_canvas_editor_new             (void);
FsCanvas           *fs_canvas_editor_get_canvas      (FsCanvasEditor *self);
void                fs_canvas_editor_set_mode        (FsCanvasEditor *self,
                                                      FsCanvasMode    mode);
FsCanvasMode        fs_canvas_editor_get_mode        (FsCanvasEditor *self);

void                fs_canvas_editor_open_file       (FsCanvasEditor *self,
                                                      GFile          *file);
/* An image already prepared (Remix brings it from the reference store). */
void                fs_canvas_editor_set_source      (FsCanvasEditor *self,
                                                      const FsEditSource *source);
/* NULL until an image is shown. */
const FsEditSource *fs_canvas_editor_get_source      (FsCanvasEditor *self);
gboolean            fs_canvas_editor_get_busy        (FsCanvasEditor *self);
/* A mask's PNG (Remix), applied once the image is shown. */
void                fs_canvas_editor_load_mask       (FsCanvasEditor *self,
                                                      GBytes         *png);

void                fs_canvas_editor_get_margins     (FsCanvasEditor *self,
                                                      FsMargins      *margins);
/* Shows margins set elsewhere (the sidebar); emits nothing. */
void                fs_canvas_editor_set_margins     (FsCanvasEditor *self,
                                                      const FsMargins *margins);
void                fs_canvas_editor_set_max_margin  (FsCanvasEditor *self,
                                                      guint           max_margin);

/* The mask as the request sends it, encoded in a worker. */
void                fs_canvas_editor_encode_mask_async  (FsCanvasEditor *self,
                                                         GCancellable   *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer        user_data);
FsReference        *fs_canvas_editor_encode_mask_finish (FsCanvasEditor *self,
                                                         GAsyncResult   *result,
                                                         GError        **error);

G_END_DECLS
