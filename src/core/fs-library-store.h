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
#include "fs-library-index.h"

G_BEGIN_DECLS

/* The blocking half of FsLibrary: the gallery folder and its index, safe
 * to use from several worker threads at once. Only creating and freeing
 * it may happen on the main thread; everything else blocks on disk. */
typedef struct _FsLibraryStore FsLibraryStore;

FsLibraryStore *fs_library_store_new        (const char      *folder_path,
                                             const char      *db_path);
void            fs_library_store_free       (FsLibraryStore  *self);

/* @done of @total sidecars read. */
typedef void (*FsLibraryProgressFunc) (guint     done,
                                       guint     total,
                                       gpointer  user_data);

/* Makes the folder, opens (creating or migrating) the index and rebuilds
 * it from the sidecars when it is missing or empty, reporting the
 * rebuild's progress. */
gboolean        fs_library_store_prepare    (FsLibraryStore        *self,
                                             FsLibraryProgressFunc  progress,
                                             gpointer               progress_data,
                                             GCancellable          *cancellable,
                                             GError               **error);
/* Replaces every row with what the sidecars say; @count, when not NULL,
 * is set to the number of images. */
gboolean        fs_library_store_rebuild    (FsLibraryStore        *self,
                                             FsLibraryProgressFunc  progress,
                                             gpointer               progress_data,
                                             GCancellable          *cancellable,
                                             guint                 *count,
                                             GError               **error);
/* fs_library_index_list(), with each asset's damage set from a stat() of
 * its image and any hash recorded for the file as it is. */
GPtrArray      *fs_library_store_list       (FsLibraryStore              *self,
                                             const FsLibraryIndexFilter  *filter,
                                             GError                     **error);
/* @record is a private copy: the image's details are added to it. */
FsAsset        *fs_library_store_save       (FsLibraryStore  *self,
                                             JsonObject      *record,
                                             GBytes          *image,
                                             guint            index,
                                             GError         **error);

/* Changes @record, a sidecar's as it is on disk now; TRUE when it did. */
typedef gboolean (*FsLibraryEditFunc) (JsonObject *record,
                                       gpointer    user_data);
/* Rewrites the sidecar of each of @targets that @edit changes (read as it
 * is now, unknown members kept, "format" set, written through a fsynced
 * temporary file and a rename, under the sidecars' lock) and its rows.
 * Returns the assets as now recorded, without their records, for the
 * images that could be read; @error says what could not be done. */
GPtrArray      *fs_library_store_edit       (FsLibraryStore     *self,
                                             GPtrArray          *targets,
                                             FsLibraryEditFunc   edit,
                                             gpointer            user_data,
                                             GError            **error);
/* The record of the image (sealed): from the index, or from the sidecar
 * when the index has no row for it. */
JsonObject     *fs_library_store_load_record (FsLibraryStore  *self,
                                              const char      *image_path,
                                              const char      *sidecar_path,
                                              GError         **error);
/* Each of @names, an image's path (or its sidecar's; a bare name is also
 * looked for in the gallery folder) or the start of its sha256 (four hex
 * digits or more), as a light asset, in order, each image once.
 * FS_ERROR_INVALID, naming every name that matches no image or more than
 * one (with the candidates), when any does. */
GPtrArray      *fs_library_store_resolve    (FsLibraryStore      *self,
                                             const char * const  *names,
                                             GError             **error);
/* Brings the index in line with the folder: for @stems (a set of names
 * without extension), or the whole folder when NULL (removing stale
 * temporary files too). @removed gets the
 * image paths whose rows went, @changed light assets for the rows added,
 * changed or (for @stems) whose image may have changed. */
gboolean        fs_library_store_reconcile  (FsLibraryStore  *self,
                                             GHashTable      *stems,
                                             GPtrArray      **removed,
                                             GPtrArray      **changed,
                                             GError         **error);

/* Collections: FsCollection, sorted. */
GPtrArray      *fs_library_store_collections (FsLibraryStore  *self,
                                              GError         **error);
/* FS_ERROR_INVALID when one of that name exists. */
gboolean        fs_library_store_create_collection (FsLibraryStore  *self,
                                                    const char      *name,
                                                    GError         **error);
/* FS_ERROR_INVALID when there is none of that name. */
gboolean        fs_library_store_check_collection  (FsLibraryStore  *self,
                                                    const char      *name,
                                                    GError         **error);
/* The light assets in the collection. */
GPtrArray      *fs_library_store_collection_members (FsLibraryStore  *self,
                                                     const char      *name,
                                                     GError         **error);
/* The collection's own row: FS_ERROR_INVALID when @old_name does not
 * exist or @new_name does; the images follow through
 * fs_library_store_edit(). */
gboolean        fs_library_store_rename_collection (FsLibraryStore  *self,
                                                    const char      *old_name,
                                                    const char      *new_name,
                                                    GError         **error);
gboolean        fs_library_store_remove_collection (FsLibraryStore  *self,
                                                    const char      *name,
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
/* One of the @cap slots of @pool (docs/ARCHITECTURE.md, “Concurrency”):
 * a lease every process sharing the index sees. G_IO_ERROR_BUSY when
 * live processes hold all of them. */
FsLease        *fs_library_store_take_slot   (FsLibraryStore  *self,
                                              const char      *pool,
                                              guint            cap,
                                              GError         **error);
/* The index, opened on first use: for the parts of the library whose
 * blocking half is only the index's (the spend ledger, batches). */
FsLibraryIndex *fs_library_store_get_index   (FsLibraryStore  *self,
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
