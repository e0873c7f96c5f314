/* fs-asset.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fs-types.h"

G_BEGIN_DECLS

#define FS_TYPE_ASSET (fs_asset_get_type ())
G_DECLARE_FINAL_TYPE (FsAsset, fs_asset, FS, ASSET, GObject)

/* One saved result: the image file and its sidecar record. Immutable. */
FsAsset            *fs_asset_new_from_record  (const char *path,
                                               JsonObject *record);
const char         *fs_asset_get_path         (FsAsset    *self);
const char         *fs_asset_get_sidecar_path (FsAsset    *self);
const char         *fs_asset_get_sha256       (FsAsset    *self);
const char         *fs_asset_get_prompt       (FsAsset    *self);
const char         *fs_asset_get_provider_id  (FsAsset    *self);
const char         *fs_asset_get_model_id     (FsAsset    *self);
gint64              fs_asset_get_seed         (FsAsset    *self);
guint               fs_asset_get_width        (FsAsset    *self);
guint               fs_asset_get_height       (FsAsset    *self);
const char         *fs_asset_get_request_id   (FsAsset    *self);
double              fs_asset_get_cost         (FsAsset    *self);
GDateTime          *fs_asset_get_created      (FsAsset    *self);
const char * const *fs_asset_get_references   (FsAsset    *self);
/* The full sidecar record (borrowed). */
JsonObject         *fs_asset_get_record       (FsAsset    *self);
/* The CLI's --json object: path, sidecar, sha256, provider, model, seed,
 * width, height, request_id, cost, created, prompt. */
JsonNode           *fs_asset_to_summary_json  (FsAsset    *self);

G_END_DECLS
