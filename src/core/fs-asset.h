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

/* The version of the sidecar format this program writes
 * (docs/ARCHITECTURE.md, “Sidecar”). A sidecar without "format" is
 * version 1. */
#define FS_SIDECAR_FORMAT 3

/* The most a rating can be: 0 (not rated) to 5 stars. */
#define FS_ASSET_MAX_RATING 5

/* How much of the prompt, in characters, a light asset carries: enough
 * for a tile, little enough for a large library's memory. */
#define FS_ASSET_PROMPT_EXCERPT 500

/* One saved result: the image file and its sidecar record.
 *
 * An asset is either full, made from the whole record (a save, a sidecar
 * read from the folder, fs_asset_new_from_record()), or light: listed
 * from the index with only what a gallery tile shows (docs/ARCHITECTURE.md,
 * “Index”). A light asset's fs_asset_has_record() is FALSE until
 * fs_library_load_record_async() fills in the record; the getters marked
 * “record” below give what an empty record gives until then, and the
 * prompt may be cut to its first FS_ASSET_PROMPT_EXCERPT characters.
 *
 * What the record says never changes; the marks the user sets (favourite,
 * rating, collections), the colour check that lands after the save and
 * the damage the library finds do, on the main thread, each with its
 * "notify" signal. */
FsAsset            *fs_asset_new_from_record  (const char *path,
                                               JsonObject *record);
/* TRUE once the whole record is known. "notify::has-record" when it
 * becomes so. */
gboolean            fs_asset_has_record       (FsAsset    *self);
const char         *fs_asset_get_path         (FsAsset    *self);
const char         *fs_asset_get_sidecar_path (FsAsset    *self);
const char         *fs_asset_get_sha256       (FsAsset    *self);
/* The whole prompt; for a light asset whose prompt is longer than
 * FS_ASSET_PROMPT_EXCERPT characters, its beginning until the record is
 * loaded (then "notify::prompt"). */
const char         *fs_asset_get_prompt       (FsAsset    *self);
/* FALSE when fs_asset_get_prompt() is only the prompt's beginning. */
gboolean            fs_asset_has_whole_prompt (FsAsset    *self);
const char         *fs_asset_get_provider_id  (FsAsset    *self);
const char         *fs_asset_get_model_id     (FsAsset    *self);
gint64              fs_asset_get_seed         (FsAsset    *self);
guint               fs_asset_get_width        (FsAsset    *self);
guint               fs_asset_get_height       (FsAsset    *self);
const char         *fs_asset_get_request_id   (FsAsset    *self);
double              fs_asset_get_cost         (FsAsset    *self);
GDateTime          *fs_asset_get_created      (FsAsset    *self);
/* record: the references' sha256 in tray order; empty, never NULL. */
const char * const *fs_asset_get_references   (FsAsset    *self);
/* How many references the request had, full or light. */
guint               fs_asset_get_n_references (FsAsset    *self);
/* The model's display name at save time (the record's "model_name"), or
 * the model id when the record has none. */
const char         *fs_asset_get_model_name   (FsAsset    *self);
/* record: TRUE when the cost is the catalog's estimate rather than what
 * the provider reported (the record's "cost_source"). */
gboolean            fs_asset_is_cost_estimate (FsAsset    *self);
/* record: the record's "note" (the sandbox's, or another tool's), or NULL. */
const char         *fs_asset_get_note         (FsAsset    *self);
/* record: every parameter the request set, by catalog name, as the
 * record has them (borrowed, sealed), or NULL when it has none. */
JsonObject         *fs_asset_get_params       (FsAsset    *self);
/* record: the names the tray showed for the references, in the order of
 * fs_asset_get_references(); "" for a name not recorded; empty, never
 * NULL, when the record has none (a resumed job's). */
const char * const *fs_asset_get_reference_names (FsAsset *self);

/* record: how long the job took, from the record's "timings"; -1 for
 * what the record does not say (docs/ARCHITECTURE.md, “Sidecar”). */
typedef struct
{
  gint64 submit_ms;    /* from the run's start until the submit was answered */
  gint64 ready_ms;     /* from the run's start until the result was ready */
  gint64 download_ms;  /* from ready until this image's record was made */
  gint64 polls;
} FsAssetTimings;

const FsAssetTimings *fs_asset_get_timings    (FsAsset    *self);
/* record: the job's HTTP exchanges the record holds, for the request
 * inspector: a new array of FsExchange (fs-job.h), in order, that frees
 * them. */
GPtrArray          *fs_asset_dup_exchanges    (FsAsset    *self);

/* record: the full sidecar record as it was read (borrowed, sealed), for
 * the core, or NULL for a light asset: the fronts read it through the
 * getters above. The marks below may have changed since. */
JsonObject         *fs_asset_get_record       (FsAsset    *self);

/* The user's marks, from the sidecar (docs/ARCHITECTURE.md, “Sidecar”),
 * full or light; set through fs_library_set_favourite_async(),
 * fs_library_set_rating_async() and the collection calls, which notify
 * "favourite", "rating" and "collections". */
gboolean            fs_asset_get_favourite    (FsAsset    *self);
/* 0 (not rated) to FS_ASSET_MAX_RATING. */
guint               fs_asset_get_rating       (FsAsset    *self);
/* The collections the image is in, by name, sorted; empty when none.
 * NULL for a light asset listed without them (a query without
 * "with-details") until its record is loaded. */
const char * const *fs_asset_get_collections  (FsAsset    *self);
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
 * as fs_asset_damage_to_string() gives it, or null), favourite, rating,
 * collections (an array, empty when none or not known), and colour_check
 * when there is one. */
JsonNode           *fs_asset_to_summary_json  (FsAsset    *self);

/* record (or a query "with-details"): the colour-fidelity check of the
 * image against the hex colours its prompt asked for: the array fs_colour_check_to_json() gives ({expected, found,
 * delta_e, share, verdict}, borrowed), or NULL when the prompt named no
 * colour or the check has not landed yet. The library sets it when the
 * check finishes after a save; "notify::colour-check" is emitted then and
 * the library also reports the item as changed (items-changed), so filters
 * and list rows refresh. */
JsonArray          *fs_asset_get_colour_check       (FsAsset    *self);
/* record: the same check as a GArray of FsColourCheck (fs-colour.h),
 * borrowed; entries that cannot be read are left out. NULL when there is
 * no check. */
GArray             *fs_asset_get_colour_checks      (FsAsset    *self);
/* How many requested colours were "matched", how many "off" and how many
 * were requested, of the entries fs_asset_get_colour_checks() reads (0
 * when there is no check) — the gallery's "3/3 colours" badge; full or
 * light. */
guint               fs_asset_get_colours_matched    (FsAsset    *self);
guint               fs_asset_get_colours_off        (FsAsset    *self);
guint               fs_asset_get_colours_requested  (FsAsset    *self);
/* TRUE when at least one colour was requested and all were matched — the
 * gallery's "All brand colours matched" filter. */
gboolean            fs_asset_all_colours_matched    (FsAsset    *self);

G_END_DECLS
