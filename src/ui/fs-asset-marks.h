/* fs-asset-marks.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fs-asset.h"
#include "fs-library.h"

G_BEGIN_DECLS

#define FS_TYPE_ASSET_MARKS (fs_asset_marks_get_type ())
G_DECLARE_FINAL_TYPE (FsAssetMarks, fs_asset_marks, FS, ASSET_MARKS, GtkWidget)

/* The user's marks on one image or several (the detail page's, the
 * gallery's selection): the favourite toggle ("Favourite") and the
 * rating ("Rating", FsRatingWidget), written through
 * fs_library_set_favourite_async() and fs_library_set_rating_async()
 * (docs/ARCHITECTURE.md, “The library's API for the window”). Several
 * images show as favourite when all are, and show their rating when
 * they share it. Emits "toast" (const char *) when a mark could not be
 * written. */
GtkWidget *fs_asset_marks_new                (void);
void       fs_asset_marks_set_library        (FsAssetMarks *self,
                                              FsLibrary    *library);
/* @assets (FsAsset), copied; NULL or empty: nothing to mark. */
void       fs_asset_marks_set_assets         (FsAssetMarks *self,
                                              GPtrArray    *assets);
void       fs_asset_marks_set_asset          (FsAssetMarks *self,
                                              FsAsset      *asset);
/* What the keys do: 0–5 rate, F stars or unstars (all favourite when
 * one is not). FALSE when there is nothing to mark. */
gboolean   fs_asset_marks_rate               (FsAssetMarks *self,
                                              guint         rating);
gboolean   fs_asset_marks_toggle_favourite   (FsAssetMarks *self);

/* The same for any @assets, without a widget: what the gallery's keys
 * and menus use. Failures are handed to @toast_cb. */
typedef void (*FsMarksToastFunc) (gpointer    user_data,
                                  const char *message);
void       fs_asset_marks_apply_rating       (FsLibrary        *library,
                                              GPtrArray        *assets,
                                              guint             rating,
                                              GCancellable     *cancellable,
                                              FsMarksToastFunc  toast_cb,
                                              GObject          *toast_target);
void       fs_asset_marks_apply_favourite    (FsLibrary        *library,
                                              GPtrArray        *assets,
                                              gboolean          favourite,
                                              GCancellable     *cancellable,
                                              FsMarksToastFunc  toast_cb,
                                              GObject          *toast_target);
/* TRUE when every one of @assets is a favourite (FALSE when empty). */
gboolean   fs_asset_marks_all_favourite      (GPtrArray        *assets);

G_END_DECLS
