/* fs-library-files.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fs-asset.h"

G_BEGIN_DECLS

/* The gallery folder's files, for FsLibrary's worker threads only: every
 * function here blocks on disk. */

/* "YYYY-MM-DD_HH-MM-SS_<model>_<seed>[_<index>]" from @record's "model"
 * and "params"."seed" ("noseed" when unknown). */
char      *fs_library_files_make_stem    (GDateTime    *time,
                                          JsonObject   *record,
                                          guint         index);
/* @name with anything unsafe in a file name replaced by '-'. */
char      *fs_library_files_safe_name    (const char   *name);

/* A hidden temporary file in @folder holding @bytes, fsynced. */
char      *fs_library_files_write_temp   (const char   *folder,
                                          GBytes       *bytes,
                                          GError      **error);
/* Moves @temp_path to @path unless @path exists (G_IO_ERROR_EXISTS). */
gboolean   fs_library_files_publish      (const char   *temp_path,
                                          const char   *path,
                                          GError      **error);
/* Writes @bytes to @path through a fsynced temporary file and a rename. */
gboolean   fs_library_files_replace      (const char   *path,
                                          GBytes       *bytes,
                                          GError      **error);
void       fs_library_files_sync_folder  (const char   *folder);
void       fs_library_files_remove_stale (const char   *folder);

/* What a stat() of @asset's image shows against its record: missing (or
 * not a regular file), empty, or of another size. When it is none of
 * these, @size and @mtime (Unix microseconds) are the file's, for the
 * sha256 check (docs/ARCHITECTURE.md, “Damaged records”). */
FsAssetDamage fs_library_files_stat_image (FsAsset  *asset,
                                           gint64   *size,
                                           gint64   *mtime);

/* TRUE when @folder holds at least one sidecar. */
gboolean   fs_library_files_has_sidecars (const char   *folder);
/* Every sidecar in @folder that names its image, as FsAsset, oldest
 * first; the image may be missing (a damaged record). Unreadable sidecars
 * are skipped with a warning. */
GPtrArray *fs_library_files_scan         (const char   *folder,
                                          GCancellable *cancellable,
                                          GError      **error);

G_END_DECLS
