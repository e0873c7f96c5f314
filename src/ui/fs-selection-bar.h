/* fs-selection-bar.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fs-library.h"

G_BEGIN_DECLS

#define FS_TYPE_SELECTION_BAR (fs_selection_bar_get_type ())
G_DECLARE_FINAL_TYPE (FsSelectionBar, fs_selection_bar, FS, SELECTION_BAR, GtkWidget)

/* The bar under the gallery while images are selected: how many, their
 * favourite and rating (FsAssetMarks: "Favourite", "Rating"), "Add to
 * Collection" (a new name or one of the library's collections), "Export
 * Selected" and "Move to Trash". Marks and collections are written here,
 * through the library; Export and Move to Trash emit "export" and
 * "trash" for the gallery to do; "select-none" for "Select None";
 * "toast" (const char *) says what went wrong. */
GtkWidget *fs_selection_bar_new         (void);
void       fs_selection_bar_set_library (FsSelectionBar *self,
                                         FsLibrary      *library);
/* @assets (FsAsset), copied. */
void       fs_selection_bar_set_assets  (FsSelectionBar *self,
                                         GPtrArray      *assets);

G_END_DECLS
