/* fs-library-index.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fs-asset.h"

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

gint64          fs_library_index_count       (FsLibraryIndex  *self,
                                              GError         **error);
gboolean        fs_library_index_add         (FsLibraryIndex  *self,
                                              FsAsset         *asset,
                                              GError         **error);
typedef GPtrArray *(*FsLibraryIndexScanFunc) (gpointer   user_data,
                                              GError   **error);
/* In one write transaction: calls @scan for the assets, drops every asset
 * row and inserts them. Returns what @scan returned. */
GPtrArray      *fs_library_index_replace_all (FsLibraryIndex          *self,
                                              FsLibraryIndexScanFunc   scan,
                                              gpointer                 user_data,
                                              GError                 **error);
/* Assets whose prompt, model or provider contains @text (all when NULL),
 * newest first. */
GPtrArray      *fs_library_index_query       (FsLibraryIndex  *self,
                                              const char      *text,
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
gboolean        fs_library_index_set_image_check (FsLibraryIndex *self,
                                                  const char     *path,
                                                  const FsImageCheck *check,
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
/* The asset indexed at @path; G_IO_ERROR_NOT_FOUND when none is. */
FsAsset        *fs_library_index_lookup      (FsLibraryIndex  *self,
                                              const char      *path,
                                              GError         **error);

G_END_DECLS
