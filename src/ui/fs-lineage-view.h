/* fs-lineage-view.h
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

#define FS_TYPE_LINEAGE_VIEW (fs_lineage_view_get_type ())
G_DECLARE_FINAL_TYPE (FsLineageView, fs_lineage_view, FS, LINEAGE_VIEW, GtkWidget)

/* Where an image came from and what was made of it, for the detail page
 * (docs/ARCHITECTURE.md, “Editing images”): "Edited from" the image an
 * edit changed (found in the gallery by its sha256), and "Edits", the
 * images edited from this one, which the library finds in its index
 * (fs_library_find_edits_async()), again whenever the gallery changes. Activating one emits "asset-activated" (FsAsset). Hidden when
 * there is nothing to show. */
GtkWidget *fs_lineage_view_new        (void);
void       fs_lineage_view_set_library (FsLineageView *self,
                                        FsLibrary     *library);
void       fs_lineage_view_set_asset  (FsLineageView *self,
                                       FsAsset       *asset);

G_END_DECLS
