/* fs-asset-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-asset.h"

G_BEGIN_DECLS

/* A deep, mutable copy of @record that shares nothing with it. JSON has no
 * NaN or infinity, so such numbers become null: the copy always
 * serialises to valid JSON. */
JsonObject *_fs_asset_copy_record (JsonObject *record);

/* Sets the colour-fidelity check that landed after the save and notifies
 * "colour-check" (main thread only). @check is the sidecar's array. */
void        _fs_asset_set_colour_check (FsAsset    *self,
                                        JsonArray  *check);

/* Sets what the library found wrong with the image file and notifies
 * "damage" when it changed: before the asset is handed to the main
 * thread, or on it. TRUE when it changed. */
gboolean    _fs_asset_set_damage       (FsAsset       *self,
                                        FsAssetDamage  damage);

/* fs-asset-lineage.c: "parent", "mask" and "margins" for the CLI's
 * --json record, when the image is an edit. */
void        _fs_asset_lineage_to_summary (FsAsset     *self,
                                          JsonBuilder *builder);

G_END_DECLS
