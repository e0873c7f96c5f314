/* fs-library-index-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "fs-library-index.h"

G_BEGIN_DECLS

/* Shared by fs-library-index.c (the connection, the schema and its
 * migrations, the job journal, results and image checks) and
 * fs-library-index-assets.c (the gallery's rows, search, collections). */

struct _FsLibraryIndex
{
  /* SQLITE_OPEN_FULLMUTEX serialises single calls; this lock also keeps a
   * statement's bind-step-reset sequence and a transaction from
   * interleaving with another worker's. */
  GMutex   lock;
  sqlite3 *db;
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* FS_ERROR_STORAGE with SQLite's message; returns FALSE. */
gboolean      _fs_library_index_set_error  (sqlite3      *db,
                                            GError      **error);
gboolean      _fs_library_index_exec       (sqlite3      *db,
                                            const char   *sql,
                                            GError      **error);
sqlite3_stmt *_fs_library_index_prepare    (sqlite3      *db,
                                            const char   *sql,
                                            GError      **error);
/* NULL binds NULL. */
void          _fs_library_index_bind_text  (sqlite3_stmt *stmt,
                                            int           column,
                                            const char   *text);

/* Version 3's tables of the gallery (docs/ARCHITECTURE.md, “Index”). */
gboolean      _fs_library_index_create_asset_tables (sqlite3  *db,
                                                     GError  **error);
/* Moves the rows of a version 1 or 2 "assets" table, renamed @old_table,
 * into version 3's tables, reading each row's record, and drops it. */
gboolean      _fs_library_index_move_old_assets     (sqlite3     *db,
                                                     const char  *old_table,
                                                     GError     **error);
/* Version 4's tables: the spend ledger and settings
 * (fs-library-index-spend.c). */
gboolean      _fs_library_index_create_spend_tables (sqlite3  *db,
                                                     GError  **error);
/* Version 5's table: the rows of batches (fs-library-index-batch.c). */
gboolean      _fs_library_index_create_batch_tables (sqlite3  *db,
                                                     GError  **error);
/* Adds or replaces @asset's rows inside the caller's transaction. */
gboolean      _fs_library_index_put_asset           (sqlite3     *db,
                                                     FsAsset     *asset,
                                                     GError     **error);

G_END_DECLS
