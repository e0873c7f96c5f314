/* fs-tile-marks.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FS_TYPE_TILE_MARKS (fs_tile_marks_get_type ())
G_DECLARE_FINAL_TYPE (FsTileMarks, fs_tile_marks, FS, TILE_MARKS, GtkWidget)

/* A gallery tile's marks at rest, drawn: the heart and the five stars
 * where the tile's favourite button and rating widget stand, looking as
 * they do, but one widget with no children, so that the grid binds,
 * measures and draws hundreds of them cheaply. Not interactive and not
 * in the accessibility tree: the tile's description says the marks, and
 * the tile makes the buttons ("Favourite", "Rating") when the pointer is
 * over it or it is selected. */
GtkWidget *fs_tile_marks_new (void);
void       fs_tile_marks_set (FsTileMarks *self,
                              gboolean     favourite,
                              guint        rating);
gboolean   fs_tile_marks_get_favourite (FsTileMarks *self);
guint      fs_tile_marks_get_rating    (FsTileMarks *self);

G_END_DECLS
