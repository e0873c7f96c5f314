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

/* What an index row holds for a gallery tile (docs/ARCHITECTURE.md,
 * “Index”): a light asset is made of it. Strings are copied. */
typedef struct
{
  const char *path;
  const char *sha256;
  const char *provider_id;
  const char *model_id;
  const char *model_name;
  const char *prompt;
  gboolean    whole_prompt;
  const char *request_id;
  gint64      seed;
  gint64      created_us;
  gint64      file_size;
  double      cost;
  guint       width;
  guint       height;
  guint       n_references;
  guint       colours_requested;
  guint       colours_matched;
  guint       colours_off;
  guint       rating;
  gboolean    favourite;
} FsAssetSummary;

FsAsset    *_fs_asset_new_light        (const FsAssetSummary *summary);

/* Fills a light asset's record (sealed): the record's members become
 * known, the whole prompt included; notifies "has-record" and what
 * changed. Main thread only, or before the asset is shared. */
void        _fs_asset_set_record       (FsAsset    *self,
                                        JsonObject *record);
/* Forgets the record and what only it gives, keeping what a light asset
 * keeps and the colour check: for results that are only needed for
 * their marks. */
void        _fs_asset_drop_record      (FsAsset    *self);

/* Sets the colour-fidelity check that landed after the save and notifies
 * "colour-check" (main thread only). @check is the sidecar's array. */
void        _fs_asset_set_colour_check (FsAsset    *self,
                                        JsonArray  *check);

/* Sets what the library found wrong with the image file and notifies
 * "damage" when it changed: before the asset is handed to the main
 * thread, or on it. TRUE when it changed. */
gboolean    _fs_asset_set_damage       (FsAsset       *self,
                                        FsAssetDamage  damage);

/* A light asset's "parent", "mask" and "margins", as the record has
 * them, read by the index without the rest of the record (before the
 * asset is shared); the lineage getters read them until the record is
 * loaded. */
void        _fs_asset_set_lineage      (FsAsset    *self,
                                        JsonObject *lineage);
JsonObject *_fs_asset_get_lineage      (FsAsset    *self);

/* fs-asset-lineage.c: "parent", "mask" and "margins" for the CLI's
 * --json record, when the image is an edit. */
void        _fs_asset_lineage_to_summary (FsAsset     *self,
                                          JsonBuilder *builder);

/* Sets the collections (NULL: not known), before the asset is shared or
 * on the main thread; notifies "collections" when they changed. */
gboolean    _fs_asset_set_collections  (FsAsset            *self,
                                        const char * const *collections);

/* Takes from @source, another asset for the same image read later, what
 * may change after a save: the marks and the colour check's numbers (and
 * the check, when @source has it). Notifies what changed and returns
 * TRUE when anything did. Main thread only. */
gboolean    _fs_asset_update_from      (FsAsset    *self,
                                        FsAsset    *source);

/* TRUE when @a and @b say the same of the image in everything but what
 * _fs_asset_update_from() takes: the same object can stand for both. */
gboolean    _fs_asset_same_record      (FsAsset    *a,
                                        FsAsset    *b);

/* The record's marks, read leniently as FsAsset reads them. */
gboolean    _fs_asset_read_favourite   (JsonObject *record);
guint       _fs_asset_read_rating      (JsonObject *record);
/* Sorted, each name once, trimmed, empty names left out; never NULL. */
GStrv       _fs_asset_read_collections (JsonObject *record);

/* The listing that made the asset found a sha256 recorded for its file
 * as it is now, and compared it: fs_library_verify_async() has nothing
 * to add (docs/ARCHITECTURE.md, “Damaged records”). Any thread. */
void        _fs_asset_set_hashed       (FsAsset    *self);
gboolean    _fs_asset_get_hashed       (FsAsset    *self);

/* The created time in Unix microseconds. */
gint64      _fs_asset_get_created_us   (FsAsset    *self);

G_END_DECLS
