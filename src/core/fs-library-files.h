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
void       fs_library_files_remove_stale (const char   *folder);

/* What a stat() of @asset's image shows against its record: missing (or
 * not a regular file), empty, or of another size. When it is none of
 * these, @size and @mtime (Unix microseconds) are the file's, for the
 * sha256 check (docs/ARCHITECTURE.md, “Damaged records”). */
FsAssetDamage fs_library_files_stat_image (FsAsset  *asset,
                                           gint64   *size,
                                           gint64   *mtime);

/* Sets an FS_ERROR_STORAGE error for @saved_errno met while writing into
 * the gallery folder @folder: what is wrong with it (full, read-only,
 * gone, not writable) and what to do. Returns FALSE. */
gboolean   fs_library_files_set_error    (GError      **error,
                                          const char   *folder,
                                          int           saved_errno);

/* $XDG_DATA_HOME/flux-studio/recovery: results that were paid for but
 * could not be saved to the gallery (docs/ARCHITECTURE.md, “Recovery”). */
char      *fs_library_files_recovery_dir (void);
/* Writes @bytes to @dir/@name through a fsynced temporary file, when the
 * disk has room for them and a margin; returns the path. */
char      *fs_library_files_keep         (const char   *dir,
                                          const char   *name,
                                          GBytes       *bytes,
                                          GError      **error);
/* The image a sidecar in @folder, written since @since_us (Unix µs),
 * records as output @index of @job_id; NULL when there is none. */
FsAsset   *fs_library_files_find_output  (const char   *folder,
                                          const char   *job_id,
                                          guint         index,
                                          gint64        since_us);

/* TRUE when @folder holds at least one sidecar. */
gboolean   fs_library_files_has_sidecars (const char   *folder);

/* Called once with @asset NULL and @done 0 before the first sidecar,
 * then once per sidecar: @asset is what it records (the image may be
 * missing: a damaged record), or NULL for one that cannot be read or
 * names no image. FALSE, with @error set, stops the scan. */
typedef gboolean (*FsLibraryFilesScanFunc) (FsAsset   *asset,
                                            guint      done,
                                            guint      total,
                                            gpointer   user_data,
                                            GError   **error);
/* Reads every sidecar in @folder (not its subfolders) in the order of
 * their names, one at a time. Unreadable sidecars are skipped with a
 * warning. */
gboolean   fs_library_files_scan         (const char             *folder,
                                          FsLibraryFilesScanFunc  func,
                                          gpointer                user_data,
                                          GCancellable           *cancellable,
                                          GError                **error);
/* The asset the sidecar at @sidecar_path records, or NULL: not a
 * sidecar's name, unreadable (a warning, or with @quiet a debug message)
 * or naming no image. */
FsAsset   *fs_library_files_load_sidecar (const char   *sidecar_path,
                                          gboolean      quiet);

typedef struct
{
  gint64 mtime;  /* Unix microseconds */
  gint64 size;
} FsLibraryFilesStat;

void       fs_library_files_stat_free    (FsLibraryFilesStat *info);
/* Every sidecar in @folder, by path, with its time and size. */
GHashTable *fs_library_files_stat_sidecars (const char  *folder,
                                            GError     **error);
/* FALSE when @path is no regular file. */
gboolean   fs_library_files_stat_sidecar (const char   *path,
                                          gint64       *mtime,
                                          gint64       *size);
/* The sidecar's record, mutable, to be changed and written back. */
JsonObject *fs_library_files_read_record (const char   *sidecar_path,
                                          GError      **error);
/* TRUE for a name in the gallery folder that may be an image or a
 * sidecar: not hidden (our temporary files are), with such an extension. */
gboolean   fs_library_files_is_gallery_name (const char *name);

/* An exclusive flock on @path (made when missing), waited for up to 10
 * seconds; -1 when it could not be had. */
int        fs_library_files_lock         (const char   *path);
void       fs_library_files_unlock       (int           fd);

G_END_DECLS
