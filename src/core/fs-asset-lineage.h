/* fs-asset-lineage.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-asset.h"
#include "fs-edit.h"

G_BEGIN_DECLS

/* The lineage of an edited image (docs/ARCHITECTURE.md, “Editing images”
 * and “Sidecar”): the record's "parent", "mask" and "margins", read as
 * leniently as the rest of a record. Each is NULL (or FALSE) for an image
 * made from a prompt. */

/* The sha256 of the file the image was edited from. */
const char *fs_asset_get_parent_sha256 (FsAsset    *self);
/* Where that file was when the edit was made. */
const char *fs_asset_get_parent_path   (FsAsset    *self);
/* The sha256 of the image as sent (prepared), a key into the reference
 * store; the parent's own when the record does not say. */
const char *fs_asset_get_parent_sent   (FsAsset    *self);
/* The mask's sha256 in the reference store. */
const char *fs_asset_get_mask_sha256   (FsAsset    *self);
gboolean    fs_asset_get_margins       (FsAsset    *self,
                                        FsMargins  *margins);

/* The image @self was edited from, among @assets (a GListModel of
 * FsAsset: the gallery), or NULL when it is not there. */
FsAsset    *fs_asset_find_parent       (FsAsset    *self,
                                        GListModel *assets);
/* The images edited from @self: fs_library_find_edits_async(), which
 * reads the index (light assets carry no lineage until their record is
 * loaded). */

G_END_DECLS
