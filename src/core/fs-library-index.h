/* fs-library-index.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fs-asset.h"
#include "fs-library-query.h"

G_BEGIN_DECLS

/* FsLibrary's SQLite index and job journal: one connection shared by the
 * worker threads. Every function blocks; call from worker threads only. */
typedef struct _FsLibraryIndex FsLibraryIndex;

/* @created, when not NULL, says whether this call made the tables: a new
 * index, to be filled from the sidecars. Creating, switching to WAL and
 * migrating are safe when several processes open one file at once. */
FsLibraryIndex *fs_library_index_open        (const char      *db_path,
                                              gboolean        *created,
                                              GError         **error);
void            fs_library_index_close       (FsLibraryIndex  *self);
/* Folds the write-ahead log into the database and empties it, when no
 * other connection is reading: after a rebuild. */
void            fs_library_index_checkpoint  (FsLibraryIndex  *self);

/* 1 when the index has any image's row, 0 when none, -1 on error. */
gint64          fs_library_index_any         (FsLibraryIndex  *self,
                                              GError         **error);
/* Adds or replaces the rows of @asset (a full one): its columns, its
 * record, its words for search and its collections, in one transaction.
 * The sidecar's size and time are taken as they are now. */
gboolean        fs_library_index_add         (FsLibraryIndex  *self,
                                              FsAsset         *asset,
                                              GError         **error);

/* Writing many rows at once, in one write transaction (BEGIN IMMEDIATE,
 * so other processes wait for it rather than fail). */
typedef struct _FsLibraryIndexTxn FsLibraryIndexTxn;
typedef gboolean (*FsLibraryIndexWriteFunc) (FsLibraryIndexTxn  *txn,
                                             gpointer            user_data,
                                             GError            **error);
/* Runs @func inside the transaction; commits when it returns TRUE, rolls
 * back otherwise. */
gboolean        fs_library_index_write       (FsLibraryIndex          *self,
                                              FsLibraryIndexWriteFunc  func,
                                              gpointer                 user_data,
                                              GError                 **error);
/* fs_library_index_add() inside @txn. A row of the same sidecar for
 * another image file is dropped; its path is added to @replaced (may be
 * NULL). */
gboolean        fs_library_index_txn_put     (FsLibraryIndexTxn  *txn,
                                              FsAsset            *asset,
                                              GPtrArray          *replaced,
                                              GError            **error);
gboolean        fs_library_index_txn_remove  (FsLibraryIndexTxn  *txn,
                                              const char         *path,
                                              GError            **error);
/* Drops every asset row (the collections themselves stay). */
gboolean        fs_library_index_txn_clear   (FsLibraryIndexTxn  *txn,
                                              GError            **error);

/* What the index last read of a sidecar. */
typedef struct
{
  char   *path;    /* the image's */
  gint64  mtime;   /* Unix microseconds; -1 when not known */
  gint64  size;
} FsLibraryIndexSidecar;

void            fs_library_index_sidecar_free (FsLibraryIndexSidecar *sidecar);
/* Every row's sidecar, by sidecar path. */
GHashTable     *fs_library_index_txn_sidecars (FsLibraryIndexTxn  *txn,
                                               GError            **error);

/* Listing ------------------------------------------------------------------ */

/* Which rows, in which order. */
typedef struct
{
  FsLibraryQuery *query;          /* filters and order; NULL: all, newest first */
  GDateTime      *now;            /* what the query's "today" is relative to */
  const char     *path;           /* only the row of this image */
  const char     *sidecar;        /* only the row of this sidecar */
  const char     *sha256_prefix;  /* only images whose sha256 starts so (lower case) */
  const char     *parent_sha256;  /* only images edited from the image of this sha256 */
  GHashTable     *known;          /* image paths the caller has assets for: none made */
  /* Newest first only: rows after this one (a page's last). */
  gboolean        after;
  gint64          after_created;
  gint64          after_id;
  guint           limit;          /* 0: no limit */
} FsLibraryIndexFilter;

/* One row listed: a light asset (FsAsset's summary of the row; NULL when
 * the caller knew the path), and what the damage check needs. */
typedef struct
{
  char    *path;
  FsAsset *asset;
  gint64   id;
  gint64   created;
  gboolean checked;   /* an image check is recorded: */
  gint64   check_size;
  gint64   check_mtime;
  char    *check_sha256;
} FsLibraryIndexHit;

void            fs_library_index_hit_free    (FsLibraryIndexHit *hit);
/* The rows @filter picks, in its order: FsLibraryIndexHit. With a query
 * "with-details", the assets carry the whole prompt, the colour check
 * and the collections. */
GPtrArray      *fs_library_index_list        (FsLibraryIndex             *self,
                                              const FsLibraryIndexFilter *filter,
                                              GError                    **error);
/* The record of the image at @path (sealed); G_IO_ERROR_NOT_FOUND when
 * it has no row. */
JsonObject     *fs_library_index_record      (FsLibraryIndex  *self,
                                              const char      *path,
                                              GError         **error);
/* The asset indexed at @path, full; G_IO_ERROR_NOT_FOUND when none is. */
FsAsset        *fs_library_index_lookup      (FsLibraryIndex  *self,
                                              const char      *path,
                                              GError         **error);

/* Drops the row of the asset at @path, and its image check, if any. */
gboolean        fs_library_index_remove      (FsLibraryIndex  *self,
                                              const char      *path,
                                              GError         **error);
/* Distinct prompts, newest first, containing @text (all when NULL), at
 * most @limit (0: no limit). */
GStrv           fs_library_index_prompts     (FsLibraryIndex  *self,
                                              const char      *text,
                                              guint            limit,
                                              GError         **error);

/* Collections (docs/ARCHITECTURE.md, “Collections”) --------------------- */

/* Every collection with its count, sorted by name: FsCollection. */
GPtrArray      *fs_library_index_collections (FsLibraryIndex  *self,
                                              GError         **error);
/* Whether a collection of that name exists (even empty). */
gboolean        fs_library_index_has_collection (FsLibraryIndex *self,
                                                 const char     *name,
                                                 gboolean       *exists,
                                                 GError        **error);
/* G_IO_ERROR_EXISTS when there is one of that name already. */
gboolean        fs_library_index_add_collection (FsLibraryIndex  *self,
                                                 const char      *name,
                                                 GError         **error);
/* Renames the collection's row; its images' rows follow as their
 * sidecars are rewritten. G_IO_ERROR_EXISTS when @new_name is taken. */
gboolean        fs_library_index_rename_collection (FsLibraryIndex  *self,
                                                    const char      *old_name,
                                                    const char      *new_name,
                                                    GError         **error);
gboolean        fs_library_index_remove_collection (FsLibraryIndex  *self,
                                                    const char      *name,
                                                    GError         **error);

/* What hashing an image file gave, and the file's size and modification
 * time (Unix microseconds) then: while they are the same, the hash is. */
typedef struct
{
  gint64  size;
  gint64  mtime;
  char   *sha256;
} FsImageCheck;

void            fs_image_check_free          (FsImageCheck    *check);
/* Every recorded check, by image path. */
GHashTable     *fs_library_index_image_checks (FsLibraryIndex *self,
                                               GError        **error);
/* Records @checks (image path → FsImageCheck) in one transaction. */
gboolean        fs_library_index_set_image_checks (FsLibraryIndex *self,
                                                   GHashTable     *checks,
                                                   GError        **error);

/* @request_json may be NULL to keep the one journalled before. */
gboolean        fs_library_index_journal     (FsLibraryIndex  *self,
                                              const char      *job_id,
                                              const char      *state,
                                              const char      *request_json,
                                              const char      *polling_url,
                                              const char      *detail,
                                              GError         **error);
/* JsonObject rows of jobs not saved, failed or cancelled, oldest first,
 * each with its "outputs" (below). */
GPtrArray      *fs_library_index_unfinished  (FsLibraryIndex  *self,
                                              GError         **error);
/* One job's row, with its "outputs"; G_IO_ERROR_NOT_FOUND when there is
 * none. */
JsonObject     *fs_library_index_job         (FsLibraryIndex  *self,
                                              const char      *job_id,
                                              GError         **error);

/* A job's results (table job_outputs). @outputs holds objects with
 * "index", and optionally "url", "received" (Unix µs) and "expired"; in
 * one transaction. A later write keeps the URL and time written first. */
gboolean        fs_library_index_journal_outputs (FsLibraryIndex  *self,
                                                  const char      *job_id,
                                                  JsonArray       *outputs,
                                                  GError         **error);
/* Claims output @index of @job_id for a save by @token, in one write
 * transaction, and returns the output's row as it was before: when its
 * "saved" is set, the output is saved already and nothing was claimed; a
 * "claim" of another token is a save that died half way. */
JsonObject     *fs_library_index_claim_output (FsLibraryIndex  *self,
                                               const char      *job_id,
                                               guint            index,
                                               const char      *token,
                                               GError         **error);
/* Adds @asset's row and marks the output saved, in one transaction. */
gboolean        fs_library_index_add_output  (FsLibraryIndex  *self,
                                              FsAsset         *asset,
                                              const char      *job_id,
                                              guint            index,
                                              GError         **error);
/* Where the output's bytes were kept outside the gallery; NULL: nowhere. */
gboolean        fs_library_index_set_recovery (FsLibraryIndex  *self,
                                               const char      *job_id,
                                               guint            index,
                                               const char      *path,
                                               GError         **error);

/* The spend ledger (docs/ARCHITECTURE.md, “Spend”; fs-library-index-spend.c) */

/* Adds or updates the ledger row of one call: @entry has "job_id",
 * "provider", "model", "images", "state" ("sent", "answered" or
 * "refused") and optionally "estimate" and "actual" (US dollars). A later
 * write keeps the first estimate and an actual written before. */
gboolean        fs_library_index_record_spend  (FsLibraryIndex  *self,
                                                JsonObject      *entry,
                                                GError         **error);
/* The calls made from @from_us to @to_us (Unix µs), refused ones left
 * out: "models", per provider and model, and "days", per local date, each
 * with "calls", "estimate" and "actual" (null when no call of the group
 * was reported) and "reported_calls". */
JsonObject     *fs_library_index_spend_summary (FsLibraryIndex  *self,
                                                gint64           from_us,
                                                gint64           to_us,
                                                GError         **error);
/* Every ledger row of the span, oldest first, refused ones included. */
JsonArray      *fs_library_index_spend_rows    (FsLibraryIndex  *self,
                                                gint64           from_us,
                                                gint64           to_us,
                                                GError         **error);
/* The library's settings (table settings): NULL without error when
 * @key is not set; a NULL @value removes it. */
char           *fs_library_index_get_setting   (FsLibraryIndex  *self,
                                                const char      *key,
                                                GError         **error);
gboolean        fs_library_index_set_setting   (FsLibraryIndex  *self,
                                                const char      *key,
                                                const char      *value,
                                                GError         **error);

/* Batches (docs/ARCHITECTURE.md, “Batches”; fs-library-index-batch.c) */

/* Journals the rows of batch @batch_id in one transaction: objects with
 * "line", "job_id", "request" and "options" (objects). */
gboolean        fs_library_index_add_batch     (FsLibraryIndex  *self,
                                                const char      *batch_id,
                                                JsonArray       *rows,
                                                GError         **error);
/* Deletes the batch rows of @job_ids (a NULL-terminated array). */
gboolean        fs_library_index_discard_batch_rows (FsLibraryIndex  *self,
                                                     char           **job_ids,
                                                     GError         **error);
/* The batch rows whose job the journal does not know (never sent), oldest
 * batch first, in order: objects with "batch_id", "index", "line",
 * "job_id", "request" and "options" (null when unreadable). */
GPtrArray      *fs_library_index_unsent_batch_rows (FsLibraryIndex  *self,
                                                    GError         **error);

G_END_DECLS
