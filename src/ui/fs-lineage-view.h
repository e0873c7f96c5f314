/* fs-lineage-view.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fs-asset.h"

G_BEGIN_DECLS

#define FS_TYPE_LINEAGE_VIEW (fs_lineage_view_get_type ())
G_DECLARE_FINAL_TYPE (FsLineageView, fs_lineage_view, FS, LINEAGE_VIEW, GtkWidget)

/* Where an image came from and what was made of it, for the detail page
 * (docs/ARCHITECTURE.md, “Editing images”): "Edited from" the image an
 * edit changed, and "Edits", the images edited from this one, found in
 * @images (the gallery, a GListModel of FsAsset) and kept current as it
 * changes. Activating one emits "asset-activated" (FsAsset). Hidden when
 * there is nothing to show. */
GtkWidget *fs_lineage_view_new        (void);
void       fs_lineage_view_set_images (FsLineageView *self,
                                       GListModel    *images);
void       fs_lineage_view_set_asset  (FsLineageView *self,
                                       FsAsset       *asset);

G_END_DECLS
