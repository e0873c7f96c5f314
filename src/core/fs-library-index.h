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

FsLibraryIndex *fs_library_index_open        (const char      *db_path,
                                              GError         **error);
void            fs_library_index_close       (FsLibraryIndex  *self);

gint64          fs_library_index_count       (FsLibraryIndex  *self,
                                              GError         **error);
gboolean        fs_library_index_add         (FsLibraryIndex  *self,
                                              FsAsset         *asset,
                                              GError         **error);
/* Drops every asset row and inserts @assets, in one transaction. */
gboolean        fs_library_index_replace_all (FsLibraryIndex  *self,
                                              GPtrArray       *assets,
                                              GError         **error);
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
/* JsonObject rows of jobs not saved, failed or cancelled, oldest first. */
GPtrArray      *fs_library_index_unfinished  (FsLibraryIndex  *self,
                                              GError         **error);

G_END_DECLS
