/* fs-library.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fs-types.h"
#include "fs-asset.h"
#include "fs-collection.h"
#include "fs-library-query.h"

G_BEGIN_DECLS

#define FS_TYPE_LIBRARY (fs_library_get_type ())
G_DECLARE_FINAL_TYPE (FsLibrary, fs_library, FS, LIBRARY, GObject)

/* The gallery: image files and JSON sidecars in @folder (the source of
 * truth) and an SQLite index at @db_path, rebuilt from the sidecars when
 * missing. A GListModel of FsAsset, newest first: light assets, one
 * object per image (docs/ARCHITECTURE.md, “Index”). Every disk and
 * SQLite operation runs in a worker thread; the API is for the main
 * thread.
 *
 * Properties: "loading" (an open or rebuild is filling the list),
 * "rebuilding" and "rebuild-progress" (0 to 1: the share of sidecars read
 * by a rebuild), "n-items". */
FsLibrary  *fs_library_new                (GFile         *folder,
                                           const char    *db_path);
/* $XDG_PICTURES_DIR/Flux Studio and $XDG_DATA_HOME/flux-studio/library.db */
FsLibrary  *fs_library_new_default        (void);
GFile      *fs_library_get_folder         (FsLibrary     *self);
const char *fs_library_get_db_path        (FsLibrary     *self);

gboolean    fs_library_get_loading        (FsLibrary     *self);
gboolean    fs_library_get_rebuilding     (FsLibrary     *self);
double      fs_library_get_rebuild_progress (FsLibrary   *self);

/* Makes the folder and the index (rebuilding it from the sidecars when
 * it is missing or empty), fills the list model — the newest page first,
 * then the rest — and from then on watches the folder, so that images
 * and sidecars added, removed or renamed by other programs show
 * (docs/ARCHITECTURE.md, “The live folder”). "loading" is TRUE until it
 * finishes. */
void        fs_library_open_async         (FsLibrary     *self,
                                           GCancellable  *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer       user_data);
gboolean    fs_library_open_finish        (FsLibrary     *self,
                                           GAsyncResult  *result,
                                           GError       **error);
/* The same without the list model and the watch: for a front that only
 * queries, saves or journals (the CLI). */
void        fs_library_open_index_async   (FsLibrary     *self,
                                           GCancellable  *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer       user_data);
gboolean    fs_library_open_index_finish  (FsLibrary     *self,
                                           GAsyncResult  *result,
                                           GError       **error);

/* Saves the provider's original @image bytes, never re-encoded: temp file,
 * fsync, rename, then the sidecar (same stem, .json) holding @record plus
 * the image's sha256, size, file name and save time, then the index row.
 * @record must hold at least "provider", "model", "prompt" and "params"
 * (with "seed" when known). @index is the output number within a call
 * (0 for the first; >0 adds "_<n>" to the name). */
void        fs_library_save_async         (FsLibrary     *self,
                                           JsonObject    *record,
                                           GBytes        *image,
                                           guint          index,
                                           GCancellable  *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer       user_data);
FsAsset    *fs_library_save_finish        (FsLibrary     *self,
                                           GAsyncResult  *result,
                                           GError       **error);

/* Drops the index's rows and rebuilds them from the sidecars in the
 * folder, with "rebuilding" and "rebuild-progress"; returns the number
 * of images. */
void        fs_library_rebuild_async      (FsLibrary     *self,
                                           GCancellable  *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer       user_data);
guint       fs_library_rebuild_finish     (FsLibrary     *self,
                                           GAsyncResult  *result,
                                           GError       **error);

/* Finding images (fs-library-find.c) ------------------------------------ */

/* The images @query picks, in its order: a GPtrArray of light FsAsset,
 * the list model's own objects for the images it holds. @query is copied;
 * a query takes a few milliseconds at 10,000 images (docs/ARCHITECTURE.md,
 * “Queries”), so it may run as the user types, cancelling the last. */
void        fs_library_query_async        (FsLibrary      *self,
                                           FsLibraryQuery *query,
                                           GCancellable   *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer        user_data);
GPtrArray  *fs_library_query_finish       (FsLibrary      *self,
                                           GAsyncResult   *result,
                                           GError        **error);
/* The images edited from the image whose sha256 is @sha256 (their
 * records' "parent", docs/ARCHITECTURE.md, “Editing images”), newest
 * first, as fs_library_query_async() gives them; finish with
 * fs_library_query_finish(). */
void        fs_library_find_edits_async   (FsLibrary      *self,
                                           const char     *sha256,
                                           GCancellable   *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer        user_data);
/* The images @names name: each a path in the gallery (an image's or its
 * sidecar's, or a bare file name there) or the start of an image's
 * sha256 (4 hex digits or more); in order, each image once, as light
 * assets. FS_ERROR_INVALID, naming each name that matches no image or
 * several (listing them), when any does. */
void        fs_library_resolve_async      (FsLibrary          *self,
                                           const char * const *names,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
GPtrArray  *fs_library_resolve_finish     (FsLibrary     *self,
                                           GAsyncResult  *result,
                                           GError       **error);
/* Fills in the record of a light @asset (from the index, or its sidecar),
 * so that the getters that need it (parameters, references, exchanges,
 * timings, the colour check, the whole prompt) answer; emits
 * "notify::has-record" on it. Done at once for a full asset. Call it
 * before showing an image's details, remixing it or inspecting it. */
void        fs_library_load_record_async  (FsLibrary     *self,
                                           FsAsset       *asset,
                                           GCancellable  *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer       user_data);
gboolean    fs_library_load_record_finish (FsLibrary     *self,
                                           GAsyncResult  *result,
                                           GError       **error);

/* Favourites and ratings (fs-library-marks.c) ---------------------------- */

/* Sets the rating (0 to FS_ASSET_MAX_RATING) of each of @assets (FsAsset)
 * in its sidecar (rewritten as docs/ARCHITECTURE.md, “Sidecar”, says) and
 * the index, then on the list's items and on @assets, which notify
 * "rating" (items-changed for the items). When some sidecars cannot be
 * written the others still are, and the error says how many failed. */
void        fs_library_set_rating_async   (FsLibrary     *self,
                                           GPtrArray     *assets,
                                           guint          rating,
                                           GCancellable  *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer       user_data);
gboolean    fs_library_set_rating_finish  (FsLibrary     *self,
                                           GAsyncResult  *result,
                                           GError       **error);
/* The same for the favourite mark ("notify::favourite"). */
void        fs_library_set_favourite_async  (FsLibrary     *self,
                                             GPtrArray     *assets,
                                             gboolean       favourite,
                                             GCancellable  *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer       user_data);
gboolean    fs_library_set_favourite_finish (FsLibrary     *self,
                                             GAsyncResult  *result,
                                             GError       **error);

/* Collections (fs-library-collections.c; docs/ARCHITECTURE.md,
 * “Collections”) ----------------------------------------------------------- */

/* The collections, sorted by name, as a GListModel of FsCollection kept
 * up to date (counts included) after every change, by this process or,
 * through the folder's watch, another. Filled once the library is open.
 * (transfer none) */
GListModel *fs_library_get_collections    (FsLibrary     *self);
/* The same read now: a GPtrArray of FsCollection. */
void        fs_library_list_collections_async  (FsLibrary     *self,
                                                GCancellable  *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer       user_data);
GPtrArray  *fs_library_list_collections_finish (FsLibrary     *self,
                                                GAsyncResult  *result,
                                                GError       **error);
/* An empty collection; FS_ERROR_INVALID for a name that is taken or not
 * a name (fs_collection_check_name()). */
void        fs_library_create_collection_async  (FsLibrary     *self,
                                                 const char    *name,
                                                 GCancellable  *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer       user_data);
gboolean    fs_library_create_collection_finish (FsLibrary     *self,
                                                 GAsyncResult  *result,
                                                 GError       **error);
/* Renames the collection in its images' sidecars and the index;
 * FS_ERROR_INVALID when @old_name does not exist or @new_name does. */
void        fs_library_rename_collection_async  (FsLibrary     *self,
                                                 const char    *old_name,
                                                 const char    *new_name,
                                                 GCancellable  *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer       user_data);
gboolean    fs_library_rename_collection_finish (FsLibrary     *self,
                                                 GAsyncResult  *result,
                                                 GError       **error);
/* Removes the collection from its images' sidecars and the index; the
 * images stay. FS_ERROR_INVALID when there is none of that name. The
 * finish gives the images that were in it, for an Undo. */
void        fs_library_delete_collection_async  (FsLibrary     *self,
                                                 const char    *name,
                                                 GCancellable  *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer       user_data);
gboolean    fs_library_delete_collection_finish (FsLibrary     *self,
                                                 GAsyncResult  *result,
                                                 GPtrArray    **members,
                                                 GError       **error);
/* Adds each of @assets to the collection @name (made when missing), in
 * its sidecar and the index; the items and @assets notify "collections". */
void        fs_library_add_to_collection_async  (FsLibrary     *self,
                                                 GPtrArray     *assets,
                                                 const char    *name,
                                                 GCancellable  *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer       user_data);
gboolean    fs_library_add_to_collection_finish (FsLibrary     *self,
                                                 GAsyncResult  *result,
                                                 GError       **error);
/* Takes each of @assets out of the collection @name; the collection
 * stays, even when empty. */
void        fs_library_remove_from_collection_async  (FsLibrary     *self,
                                                      GPtrArray     *assets,
                                                      const char    *name,
                                                      GCancellable  *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer       user_data);
gboolean    fs_library_remove_from_collection_finish (FsLibrary     *self,
                                                      GAsyncResult  *result,
                                                      GError       **error);

/* The spend ledger (docs/ARCHITECTURE.md, “Spend”) ------------------------ */

/* Adds or updates one call's ledger row (fs_library_index_record_spend()
 * describes @entry). */
void        fs_library_record_spend_async (FsLibrary           *self,
                                           JsonObject          *entry,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    fs_library_record_spend_finish (FsLibrary          *self,
                                            GAsyncResult       *result,
                                            GError            **error);
/* The month @month ("YYYY-MM", NULL for this one) of the ledger: "month",
 * "currency", "budget" (null when none is set), "totals", "models" and
 * "days" (fs_library_index_spend_summary()), and with @with_rows every
 * call in "rows". FS_ERROR_INVALID for a month that is not YYYY-MM. */
void        fs_library_spend_async        (FsLibrary           *self,
                                           const char          *month,
                                           gboolean             with_rows,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
JsonObject *fs_library_spend_finish       (FsLibrary           *self,
                                           GAsyncResult        *result,
                                           GError             **error);
/* The "rows" of fs_library_spend_finish() (asked @with_rows) as CSV:
 * time,job_id,provider,model,images,estimate_usd,actual_usd,state. */
GBytes     *fs_library_spend_to_csv       (JsonObject          *spend);
/* The monthly budget in US dollars; NAN removes it. */
void        fs_library_set_budget_async   (FsLibrary           *self,
                                           double               usd,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    fs_library_set_budget_finish  (FsLibrary           *self,
                                           GAsyncResult        *result,
                                           GError             **error);
/* The local month "YYYY-MM" (NULL: this month) as Unix µs from its first
 * moment to the next month's, and its name; FS_ERROR_INVALID otherwise. */
gboolean    fs_library_spend_month_span   (const char          *month,
                                           char               **name,
                                           gint64              *from_us,
                                           gint64              *to_us,
                                           GError             **error);

/* Concurrency slots (docs/ARCHITECTURE.md, “Concurrency”) ------------------ */

/* One slot of each of @n_pools pools (@pools[i] of @caps[i] slots), held
 * across every process sharing the library: a GPtrArray of FsLease, to
 * give back with fs_library_end_lease (…, FALSE). G_IO_ERROR_BUSY, taking
 * none, when a pool is full: try again later. */
void        fs_library_take_slots_async   (FsLibrary           *self,
                                           const char * const  *pools,
                                           const guint         *caps,
                                           guint                n_pools,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GPtrArray  *fs_library_take_slots_finish  (FsLibrary           *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* Batches (docs/ARCHITECTURE.md, “Batches”) --------------------------------- */

/* The lease a batch's process holds while it runs (“Leases”). */
char       *fs_library_batch_lease_name   (const char          *batch_id);
/* Starts a batch under a new id: takes its lease, keeps @references
 * (FsReference, may be NULL) in the reference store, and journals every
 * one of @rows before any is sent (fs_library_index_add_batch() describes
 * them; fs_batch_call_to_row() makes them). The lease, held until given
 * up with fs_library_end_lease (…, TRUE) or the process ends. */
void        fs_library_start_batch_async  (FsLibrary           *self,
                                           JsonArray           *rows,
                                           GPtrArray           *references,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
FsLease    *fs_library_start_batch_finish (FsLibrary           *self,
                                           GAsyncResult        *result,
                                           GError             **error);
/* Drops the batch rows of @job_ids from the journal: rows the user gave
 * up on, never offered or sent again (a row whose job the journal knows
 * stays the journal's). */
void        fs_library_discard_batch_rows_async  (FsLibrary           *self,
                                                  const char * const  *job_ids,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean    fs_library_discard_batch_rows_finish (FsLibrary           *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* The rows dead batches left unsent, now this process's: "rows" (objects
 * of fs_library_index_unsent_batch_rows()), the batches' leases, held
 * until the claim is freed, and how many rows live batches hold. */
typedef struct
{
  GPtrArray *rows;
  GPtrArray *leases;
  guint      n_busy;
} FsBatchClaim;

void        fs_batch_claim_free           (FsBatchClaim        *claim);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FsBatchClaim, fs_batch_claim_free)
/* Done with a claim: its rows sent, discarded or left for the next start
 * (which takes the batches' leases again), its leases let go of and their
 * files removed in a worker, and the claim freed. */
void        fs_library_end_batch_claim    (FsLibrary           *self,
                                           FsBatchClaim        *claim);

void        fs_library_claim_batches_async  (FsLibrary           *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
FsBatchClaim *fs_library_claim_batches_finish (FsLibrary         *self,
                                               GAsyncResult      *result,
                                               GError           **error);

/* The job journal --------------------------------------------------------- */

/* The job journal: a row written before a request is sent, updated as
 * the job moves on, so a crash never loses a paid result. @request is
 * fs_request_to_json(); states are "queued", "submitted", "polling",
 * "downloading", "saved", "failed", "cancelled". */
void        fs_library_journal_async      (FsLibrary     *self,
                                           const char    *job_id,
                                           const char    *state,
                                           JsonNode      *request,
                                           const char    *polling_url,
                                           const char    *detail,
                                           GCancellable  *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer       user_data);
gboolean    fs_library_journal_finish     (FsLibrary     *self,
                                           GAsyncResult  *result,
                                           GError       **error);
/* Unfinished journal rows as JSON objects {job_id, state, request,
 * polling_url, detail, updated}. */
void        fs_library_list_unfinished_async  (FsLibrary     *self,
                                               GCancellable  *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer       user_data);
GPtrArray  *fs_library_list_unfinished_finish (FsLibrary     *self,
                                               GAsyncResult  *result,
                                               GError       **error);

/* Jobs' results and leases (docs/ARCHITECTURE.md, “Job journal” and
 * “Leases”), in fs-library-jobs.c. */

/* An unfinished journal row (with its "outputs": objects with "index",
 * "url", "received", "expired", "recovery", "claim" and "saved") whose
 * lease this process holds. */
typedef struct
{
  JsonObject *row;
  FsLease    *lease;
} FsJobClaim;

/* Releases the lease, if still held, and frees the claim. */
void        fs_job_claim_free             (FsJobClaim    *claim);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FsJobClaim, fs_job_claim_free)

/* Takes the lease of @job_id: fails with G_IO_ERROR_BUSY when a live
 * process holds it, with FS_ERROR_STORAGE when it cannot be written. */
void        fs_library_take_lease_async   (FsLibrary     *self,
                                           const char    *job_id,
                                           GCancellable  *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer       user_data);
FsLease    *fs_library_take_lease_finish  (FsLibrary     *self,
                                           GAsyncResult  *result,
                                           GError       **error);
/* Lets @lease go in a worker thread; @finished removes its file too,
 * for a job that is over. Takes @lease. */
void        fs_library_end_lease          (FsLibrary     *self,
                                           FsLease       *lease,
                                           gboolean       finished);
/* FALSE while leases end in workers nobody waits for. */
gboolean    fs_library_get_settled        (FsLibrary           *self);
/* Every unfinished job no live process holds, each now held by this one:
 * a GPtrArray of FsJobClaim, oldest first. @n_busy, when not NULL, is
 * set to the number of unfinished jobs live processes hold. */
void        fs_library_claim_unfinished_async  (FsLibrary     *self,
                                                GCancellable  *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer       user_data);
GPtrArray  *fs_library_claim_unfinished_finish (FsLibrary     *self,
                                                GAsyncResult  *result,
                                                guint         *n_busy,
                                                GError       **error);

/* Journals a job's results: @outputs holds objects with "index" and
 * optionally "url", "received" (Unix µs) and "expired" (TRUE once the
 * provider no longer serves it). */
void        fs_library_journal_outputs_async  (FsLibrary     *self,
                                               const char    *job_id,
                                               JsonArray     *outputs,
                                               GCancellable  *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer       user_data);
gboolean    fs_library_journal_outputs_finish (FsLibrary     *self,
                                               GAsyncResult  *result,
                                               GError       **error);
/* fs_library_save_async() for output @output of @job_id, claimed in the
 * journal in the same transaction that checks it is not saved yet: an
 * output saved before (by this or an earlier owner of the job) is
 * returned as it was saved and never written twice. A folder that is
 * gone, read-only, full or not writable fails with FS_ERROR_STORAGE,
 * saying which and what to do. */
void        fs_library_save_output_async  (FsLibrary     *self,
                                           const char    *job_id,
                                           guint          output,
                                           JsonObject    *record,
                                           GBytes        *image,
                                           GCancellable  *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer       user_data);
FsAsset    *fs_library_save_output_finish (FsLibrary     *self,
                                           GAsyncResult  *result,
                                           GError       **error);
/* fs_library_save_output_async() for bytes already downloaded into
 * @staged_path, a hidden temporary file in the gallery folder, fsynced,
 * whose sha256 is @sha256 (FsDownload): probed by its header and published
 * under its final name without being written again. The file is removed
 * once saved, when the output was saved before, or when it is not an
 * image; it stays when the folder refuses it (FS_ERROR_STORAGE), for
 * fs_library_keep_output_staged_async(). G_IO_ERROR_NOT_FOUND when the
 * file is gone. Finish with fs_library_save_output_finish(). */
void        fs_library_save_output_staged_async (FsLibrary     *self,
                                                 const char    *job_id,
                                                 guint          output,
                                                 JsonObject    *record,
                                                 const char    *staged_path,
                                                 const char    *sha256,
                                                 GCancellable  *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer       user_data);
/* Keeps the bytes of an output the gallery refused in the recovery
 * folder ($XDG_DATA_HOME/flux-studio/recovery), checked for room first,
 * and journals where; returns that path. */
void        fs_library_keep_output_async  (FsLibrary     *self,
                                           const char    *job_id,
                                           guint          output,
                                           GBytes        *image,
                                           GCancellable  *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer       user_data);
/* The same for a staged file (above), removed once kept;
 * G_IO_ERROR_NOT_FOUND when it is gone. Finish with
 * fs_library_keep_output_finish(). */
void        fs_library_keep_output_staged_async (FsLibrary     *self,
                                                 const char    *job_id,
                                                 guint          output,
                                                 const char    *staged_path,
                                                 GCancellable  *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer       user_data);
char       *fs_library_keep_output_finish (FsLibrary     *self,
                                           GAsyncResult  *result,
                                           GError       **error);

/* Moves the image and its sidecar to the Trash (deleting them where no
 * Trash exists) and drops the index row and the list item. */
void        fs_library_delete_async       (FsLibrary     *self,
                                           FsAsset       *asset,
                                           GCancellable  *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer       user_data);
gboolean    fs_library_delete_finish      (FsLibrary     *self,
                                           GAsyncResult  *result,
                                           GError       **error);
/* Undoes fs_library_delete_async() of each of @assets: moves the image
 * and its sidecar back from the Trash (fs_trash_restore()), then the
 * index and the list take them in, with their marks and collections, as
 * the folder's watch would. FS_ERROR_STORAGE, saying which file, when one
 * is not in the Trash any more or its name is taken. */
void        fs_library_restore_async      (FsLibrary     *self,
                                           GPtrArray     *assets,
                                           GCancellable  *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer       user_data);
gboolean    fs_library_restore_finish     (FsLibrary     *self,
                                           GAsyncResult  *result,
                                           GError       **error);
/* Distinct prompts used before, newest first, those containing @search
 * (all when NULL), at most @limit: a NULL-terminated GStrv. */
void        fs_library_list_prompts_async (FsLibrary     *self,
                                           const char    *search,
                                           guint          limit,
                                           GCancellable  *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer       user_data);
GStrv       fs_library_list_prompts_finish (FsLibrary    *self,
                                            GAsyncResult *result,
                                            GError      **error);

/* The colour-fidelity check (fs_colour_check_async) of @asset's image
 * against the hex colours its prompt names, in a worker thread: stored in
 * the sidecar ("colour_check") and the index, then set on @asset and on the
 * list's item for the same image, which emits "notify::colour-check" and
 * items-changed. When the prompt names no colour nothing is done and the
 * result is TRUE. Jobs run it after each save. */
void        fs_library_check_colours_async  (FsLibrary     *self,
                                             FsAsset       *asset,
                                             GCancellable  *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer       user_data);
gboolean    fs_library_check_colours_finish (FsLibrary     *self,
                                             GAsyncResult  *result,
                                             GError       **error);

/* Checks the sha256 of each of @assets (the list's items when NULL) in a
 * low-priority worker, hashing only files whose hash is not recorded for
 * their size and modification time, and sets the damage found on them
 * and on the list's items for the same images (which emit
 * "notify::damage" and items-changed) before the callback runs
 * (docs/ARCHITECTURE.md, “Damaged records”). */
void        fs_library_verify_async         (FsLibrary     *self,
                                             GPtrArray     *assets,
                                             GCancellable  *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer       user_data);
gboolean    fs_library_verify_finish        (FsLibrary     *self,
                                             GAsyncResult  *result,
                                             GError       **error);

G_END_DECLS
