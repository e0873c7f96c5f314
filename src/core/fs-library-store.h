/* fs-library-store.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fs-asset.h"
#include "fs-library.h"

G_BEGIN_DECLS

/* The blocking half of FsLibrary: the gallery folder and its index, safe
 * to use from several worker threads at once. Only creating and freeing
 * it may happen on the main thread; everything else blocks on disk. */
typedef struct _FsLibraryStore FsLibraryStore;

FsLibraryStore *fs_library_store_new        (const char      *folder_path,
                                             const char      *db_path);
void            fs_library_store_free       (FsLibraryStore  *self);

/* Every asset, newest first, rebuilding the index from the sidecars when
 * it is missing or empty. Listings (open, rebuild, search) set each
 * asset's damage from a stat() of its image and any hash recorded for the
 * file as it is. */
GPtrArray      *fs_library_store_open       (FsLibraryStore  *self,
                                             GCancellable    *cancellable,
                                             GError         **error);
/* Every asset the sidecars describe, newest first, now in the index. */
GPtrArray      *fs_library_store_rebuild    (FsLibraryStore  *self,
                                             GCancellable    *cancellable,
                                             GError         **error);
/* @record is a private copy: the image's details are added to it. */
FsAsset        *fs_library_store_save       (FsLibraryStore  *self,
                                             JsonObject      *record,
                                             GBytes          *image,
                                             guint            index,
                                             GError         **error);
/* Rewrites the sidecar of a saved image with @record (a private copy,
 * sealed here) and replaces its index row. */
FsAsset        *fs_library_store_update_record (FsLibraryStore  *self,
                                                const char      *image_path,
                                                const char      *sidecar_path,
                                                JsonObject      *record,
                                                GError         **error);
GPtrArray      *fs_library_store_search     (FsLibraryStore  *self,
                                             const char      *text,
                                             GError         **error);
/* The damage of each of @assets with its sha256 checked, by image path
 * (FsAssetDamage as pointers): hashing each file unless a hash of it as
 * it is now (size, modification time) is recorded, and recording it. */
GHashTable     *fs_library_store_verify     (FsLibraryStore  *self,
                                             GPtrArray       *assets,
                                             GCancellable    *cancellable,
                                             GError         **error);
gboolean        fs_library_store_journal    (FsLibraryStore  *self,
                                             const char      *job_id,
                                             const char      *state,
                                             const char      *request_json,
                                             const char      *polling_url,
                                             const char      *detail,
                                             GError         **error);
GPtrArray      *fs_library_store_unfinished (FsLibraryStore  *self,
                                             GError         **error);
GStrv           fs_library_store_prompts    (FsLibraryStore  *self,
                                             const char      *text,
                                             guint            limit,
                                             GError         **error);
/* Saves output @output of @job_id, claimed in the journal first: an
 * output the journal says is saved is returned as it was saved (or fails
 * with G_IO_ERROR_EXISTS when its row is gone), never written twice.
 * Removes the output's recovery file once it is saved. */
FsAsset        *fs_library_store_save_output (FsLibraryStore  *self,
                                              const char      *job_id,
                                              guint            output,
                                              JsonObject      *record,
                                              GBytes          *image,
                                              GError         **error);
/* fs_library_store_save_output() for bytes downloaded into @staged_path,
 * a temporary file in the folder, fsynced, whose sha256 is @sha256: it is
 * published under its final name, not written again. It is removed when
 * it is saved, was saved before or is not an image; it stays when the
 * folder refuses it (FS_ERROR_STORAGE), for the recovery folder. */
FsAsset        *fs_library_store_save_output_staged (FsLibraryStore  *self,
                                                     const char      *job_id,
                                                     guint            output,
                                                     JsonObject      *record,
                                                     const char      *staged_path,
                                                     const char      *sha256,
                                                     GError         **error);
/* fs_library_store_keep_output() for a staged file, removed once kept. */
char           *fs_library_store_keep_output_staged (FsLibraryStore  *self,
                                                     const char      *job_id,
                                                     guint            output,
                                                     const char      *staged_path,
                                                     GError         **error);
/* Keeps @image in the recovery folder and journals where; returns the
 * path. */
char           *fs_library_store_keep_output (FsLibraryStore  *self,
                                              const char      *job_id,
                                              guint            output,
                                              GBytes          *image,
                                              GError         **error);
gboolean        fs_library_store_journal_outputs (FsLibraryStore  *self,
                                                  const char      *job_id,
                                                  JsonArray       *outputs,
                                                  GError         **error);
/* The lease of @job_id, in the “leases” folder beside the index. */
FsLease        *fs_library_store_take_lease  (FsLibraryStore  *self,
                                              const char      *job_id,
                                              GError         **error);
/* FsJobClaim for every unfinished job whose lease this process could
 * take, oldest first; @n_busy counts those live processes hold. */
GPtrArray      *fs_library_store_claim_unfinished (FsLibraryStore  *self,
                                                   guint           *n_busy,
                                                   GError         **error);

/* Moves the image and its sidecar to the Trash (or deletes them where
 * there is none) and drops the index row. */
gboolean        fs_library_store_delete     (FsLibraryStore  *self,
                                             const char      *image_path,
                                             const char      *sidecar_path,
                                             GCancellable    *cancellable,
                                             GError         **error);

G_END_DECLS
