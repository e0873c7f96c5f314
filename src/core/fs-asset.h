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

/* What is wrong with the image file a record describes
 * (docs/ARCHITECTURE.md, “Damaged records”). */
typedef enum
{
  FS_ASSET_INTACT,         /* as far as has been checked */
  FS_ASSET_MISSING,        /* no file, or not a regular file */
  FS_ASSET_EMPTY,          /* a file of 0 bytes */
  FS_ASSET_SIZE_MISMATCH,  /* not the size the record says */
  FS_ASSET_SHA256_MISMATCH /* the size, but not the bytes the record says */
} FsAssetDamage;

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
/* The image's size in bytes as the record gives it, or -1. */
gint64              fs_asset_get_file_size    (FsAsset    *self);

/* The damage the library found, set when it lists the asset (a cheap
 * check: the file's existence and size) and again when it has verified
 * the sha256 (fs_library_verify_async()); "notify::damage" is emitted and
 * the library reports the item as changed then. Main thread only. */
FsAssetDamage       fs_asset_get_damage       (FsAsset    *self);
/* "missing", "empty", "size-mismatch", "sha256-mismatch"; NULL when intact. */
const char         *fs_asset_damage_to_string (FsAssetDamage damage);
/* One translated sentence: what is wrong and what to do; NULL when intact. */
const char         *fs_asset_damage_describe  (FsAssetDamage damage);
/* The CLI's --json object: path, sidecar, sha256, provider, model, seed,
 * width, height, request_id, cost, created, prompt, damaged (the reason
 * as fs_asset_damage_to_string() gives it, or null), and colour_check when
 * there is one. */
JsonNode           *fs_asset_to_summary_json  (FsAsset    *self);

/* The colour-fidelity check of the image against the hex colours its prompt
 * asked for: the array fs_colour_check_to_json() gives ({expected, found,
 * delta_e, share, verdict}, borrowed), or NULL when the prompt named no
 * colour or the check has not landed yet. The library sets it when the
 * check finishes after a save; "notify::colour-check" is emitted then and
 * the library also reports the item as changed (items-changed), so filters
 * and list rows refresh. */
JsonArray          *fs_asset_get_colour_check       (FsAsset    *self);
/* How many requested colours were "matched" and how many were requested
 * (0 when there is no check) — the gallery's "3/3 colours" badge. */
guint               fs_asset_get_colours_matched    (FsAsset    *self);
guint               fs_asset_get_colours_requested  (FsAsset    *self);
/* TRUE when at least one colour was requested and all were matched — the
 * gallery's "All brand colours matched" filter. */
gboolean            fs_asset_all_colours_matched    (FsAsset    *self);

G_END_DECLS
