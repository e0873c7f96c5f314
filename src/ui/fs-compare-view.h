/* fs-compare-view.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fs-library.h"

G_BEGIN_DECLS

#define FS_TYPE_COMPARE_VIEW (fs_compare_view_get_type ())
G_DECLARE_FINAL_TYPE (FsCompareView, fs_compare_view, FS, COMPARE_VIEW, GtkWidget)

/* Two to four images side by side (accessible name "Compare"), each
 * decoded in a worker, with one zoom and offset for all panes ("zoom",
 * "offset-x", "offset-y": scroll to zoom, drag to pan, + - 0 on the
 * keyboard); for two, "swipe" shows one over the other with a divider at
 * "position" ("Swipe position", a slider too). Below, the settings that
 * differ and the prompts word by word ("Differences"). Emits "back"
 * (Escape, the Back button). */
GtkWidget *fs_compare_view_new        (void);
void       fs_compare_view_set_library (FsCompareView *self,
                                        FsLibrary     *library);
/* @assets: 2 to 4 FsAsset (copied). Records are loaded as needed. */
void       fs_compare_view_set_assets (FsCompareView *self,
                                       GPtrArray     *assets);
GPtrArray *fs_compare_view_get_assets (FsCompareView *self);
/* The panes (FsCompareCanvas) side by side, in order; the swipe pane. */
GPtrArray *fs_compare_view_get_panes  (FsCompareView *self);
GtkWidget *fs_compare_view_get_swipe_pane (FsCompareView *self);

#define FS_COMPARE_MAX_IMAGES 4

G_END_DECLS
