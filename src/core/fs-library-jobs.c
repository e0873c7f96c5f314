/* fs-library-jobs.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-asset-private.h"
#include "fs-lease.h"
#include "fs-library-private.h"

/* What the library keeps for jobs beyond the journal rows of fs-library.c:
 * their results (saved exactly once, or kept in the recovery folder) and
 * their leases (docs/ARCHITECTURE.md, “Job journal”, “Recovery” and
 * “Leases”). The blocking halves are in FsLibraryStore. */

typedef struct
{
  char       *job_id;
  guint       output;
  JsonObject *record;
  GBytes     *image;
  char       *staged_path;
  char       *sha256;
  JsonArray  *outputs;
  FsLease    *lease;
  gboolean    finished;
  guint       n_busy;
} JobData;

static void
job_data_free (JobData *data)
{
  g_free (data->job_id);
  g_clear_pointer (&data->record, json_object_unref);
  g_clear_pointer (&data->image, g_bytes_unref);
  g_free (data->staged_path);
  g_free (data->sha256);
  g_clear_pointer (&data->outputs, json_array_unref);
  if (data->finished)
    fs_lease_finish (data->lease);
  else
    fs_lease_release (data->lease);
  g_free (data);
}

static JobData *
job_data_new (const char *job_id,
              guint       output)
{
  JobData *data = g_new0 (JobData, 1);

  data->job_id = g_strdup (job_id);
  data->output = output;
  return data;
}

void
fs_job_claim_free (FsJobClaim *claim)
{
  if (claim == NULL)
    return;

  g_clear_pointer (&claim->row, json_object_unref);
  fs_lease_release (claim->lease);
  g_free (claim);
}

/* Slots ------------------------------------------------------------------------ */

typedef struct
{
  GStrv  pools;
  guint *caps;
} SlotData;

static void
slot_data_free (SlotData *data)
{
  g_strfreev (data->pools);
  g_free (data->caps);
  g_free (data);
}

/* All or none: a slot of one pool is given back when another is full. */
static void
take_slots_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  SlotData *data = task_data;
  g_autoptr(GPtrArray) slots = g_ptr_array_new_with_free_func ((GDestroyNotify) fs_lease_release);

  for (guint i = 0; data->pools[i] != NULL; i++)
    {
      GError *error = NULL;
      FsLease *slot = fs_library_store_take_slot (self->store, data->pools[i], data->caps[i],
                                                  &error);

      if (slot == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_ptr_array_add (slots, slot);
    }

  g_task_return_pointer (task, g_steal_pointer (&slots), (GDestroyNotify) g_ptr_array_unref);
}

void
fs_library_take_slots_async (FsLibrary           *self,
                             const char * const  *pools,
                             const guint         *caps,
                             guint                n_pools,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  SlotData *data;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (pools != NULL && caps != NULL);

  data = g_new0 (SlotData, 1);
  data->pools = g_new0 (char *, n_pools + 1);
  for (guint i = 0; i < n_pools; i++)
    data->pools[i] = g_strdup (pools[i]);
  data->caps = g_memdup2 (caps, sizeof (guint) * MAX (n_pools, 1));
  _fs_library_run_simple (self, fs_library_take_slots_async, take_slots_worker,
                          data, (GDestroyNotify) slot_data_free, cancellable, callback,
                          user_data);
}

GPtrArray *
fs_library_take_slots_finish (FsLibrary     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Leases ----------------------------------------------------------------------- */

static void
take_lease_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  JobData *data = task_data;
  GError *error = NULL;
  FsLease *lease;

  if (_fs_library_return_if_cancelled (self, task))
    return;

  lease = fs_library_store_take_lease (self->store, data->job_id, &error);
  if (lease == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, lease, (GDestroyNotify) fs_lease_release);
}

void
fs_library_take_lease_async (FsLibrary           *self,
                             const char          *job_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (job_id != NULL);

  _fs_library_run_simple (self, fs_library_take_lease_async, take_lease_worker,
                          job_data_new (job_id, 0), (GDestroyNotify) job_data_free,
                          cancellable, callback, user_data);
}

FsLease *
fs_library_take_lease_finish (FsLibrary     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
lease_ended_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  FS_LIBRARY (object)->background--;
}

/* The work is freeing the task data, in the worker. */
static void
end_lease_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  JobData *data = g_task_get_task_data (task);

  if (data->finished)
    fs_lease_finish (g_steal_pointer (&data->lease));
  else
    fs_lease_release (g_steal_pointer (&data->lease));
  g_task_return_boolean (task, TRUE);
}

/**
 * fs_library_get_settled:
 *
 * Whether the work the library does on its own behalf after its caller
 * heard the result (a lease let go of in a worker) is over: a process
 * about to exit waits for it (flux-studio-cli does).
 */
gboolean
fs_library_get_settled (FsLibrary *self)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), TRUE);

  return self->background == 0;
}

void
fs_library_end_lease (FsLibrary *self,
                      FsLease   *lease,
                      gboolean   finished)
{
  g_autoptr(GTask) task = NULL;
  JobData *data;

  g_return_if_fail (FS_IS_LIBRARY (self));

  if (lease == NULL)
    return;

  data = job_data_new (fs_lease_get_job_id (lease), 0);
  data->lease = lease;
  data->finished = finished;
  self->background++;
  task = g_task_new (self, NULL, lease_ended_cb, NULL);
  g_task_set_source_tag (task, fs_library_end_lease);
  g_task_set_task_data (task, data, (GDestroyNotify) job_data_free);
  g_task_run_in_thread (task, end_lease_worker);
}

static void
claim_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  JobData *data = task_data;
  GError *error = NULL;
  GPtrArray *claims;

  if (_fs_library_return_if_cancelled (self, task))
    return;

  claims = fs_library_store_claim_unfinished (self->store, &data->n_busy, &error);
  if (claims == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, claims, (GDestroyNotify) g_ptr_array_unref);
}

void
fs_library_claim_unfinished_async (FsLibrary           *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (FS_IS_LIBRARY (self));

  _fs_library_run_simple (self, fs_library_claim_unfinished_async, claim_worker,
                          job_data_new (NULL, 0), (GDestroyNotify) job_data_free,
                          cancellable, callback, user_data);
}

GPtrArray *
fs_library_claim_unfinished_finish (FsLibrary     *self,
                                    GAsyncResult  *result,
                                    guint         *n_busy,
                                    GError       **error)
{
  JobData *data;

  g_return_val_if_fail (FS_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (n_busy != NULL)
    *n_busy = data->n_busy;
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Outputs ---------------------------------------------------------------------- */

static void
journal_outputs_worker (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  JobData *data = task_data;
  GError *error = NULL;

  if (fs_library_store_journal_outputs (self->store, data->job_id, data->outputs, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
fs_library_journal_outputs_async (FsLibrary           *self,
                                  const char          *job_id,
                                  JsonArray           *outputs,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  JobData *data;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (job_id != NULL);
  g_return_if_fail (outputs != NULL);

  data = job_data_new (job_id, 0);
  data->outputs = json_array_ref (outputs);
  _fs_library_run_simple (self, fs_library_journal_outputs_async, journal_outputs_worker,
                          data, (GDestroyNotify) job_data_free,
                          cancellable, callback, user_data);
}

gboolean
fs_library_journal_outputs_finish (FsLibrary     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Like any save, a save of an output that has begun completes: the bytes
 * were paid for. */
static void
save_output_worker (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  JobData *data = task_data;
  GError *error = NULL;
  FsAsset *asset;

  if (_fs_library_return_if_cancelled (self, task))
    return;

  if (data->staged_path != NULL)
    asset = fs_library_store_save_output_staged (self->store, data->job_id, data->output,
                                                 data->record, data->staged_path,
                                                 data->sha256, &error);
  else
    asset = fs_library_store_save_output (self->store, data->job_id, data->output,
                                          data->record, data->image, &error);
  if (asset == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, asset, g_object_unref);
}

/* Both saves of an output, from bytes or from a staged file, finish with
 * fs_library_save_output_finish(). */
static void
start_save_output (FsLibrary           *self,
                   JobData             *data,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *outer = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (outer, fs_library_save_output_async);
  g_task_set_check_cancellable (outer, FALSE);
  _fs_library_run_in_worker (self, cancellable, save_output_worker, _fs_library_saved_cb,
                             outer, data, (GDestroyNotify) job_data_free);
}

void
fs_library_save_output_async (FsLibrary           *self,
                              const char          *job_id,
                              guint                output,
                              JsonObject          *record,
                              GBytes              *image,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  JobData *data;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (job_id != NULL);
  g_return_if_fail (record != NULL);
  g_return_if_fail (image != NULL);

  data = job_data_new (job_id, output);
  data->record = _fs_asset_copy_record (record);
  data->image = g_bytes_ref (image);

  start_save_output (self, data, cancellable, callback, user_data);
}

void
fs_library_save_output_staged_async (FsLibrary           *self,
                                     const char          *job_id,
                                     guint                output,
                                     JsonObject          *record,
                                     const char          *staged_path,
                                     const char          *sha256,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  JobData *data;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (job_id != NULL);
  g_return_if_fail (record != NULL);
  g_return_if_fail (staged_path != NULL);
  g_return_if_fail (sha256 != NULL);

  data = job_data_new (job_id, output);
  data->record = _fs_asset_copy_record (record);
  data->staged_path = g_strdup (staged_path);
  data->sha256 = g_strdup (sha256);

  start_save_output (self, data, cancellable, callback, user_data);
}

FsAsset *
fs_library_save_output_finish (FsLibrary     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
keep_output_worker (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  JobData *data = task_data;
  GError *error = NULL;
  char *path;

  if (data->staged_path != NULL)
    path = fs_library_store_keep_output_staged (self->store, data->job_id, data->output,
                                                data->staged_path, &error);
  else
    path = fs_library_store_keep_output (self->store, data->job_id, data->output,
                                         data->image, &error);
  if (path == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, path, g_free);
}

void
fs_library_keep_output_async (FsLibrary           *self,
                              const char          *job_id,
                              guint                output,
                              GBytes              *image,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  JobData *data;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (job_id != NULL);
  g_return_if_fail (image != NULL);

  data = job_data_new (job_id, output);
  data->image = g_bytes_ref (image);
  _fs_library_run_simple (self, fs_library_keep_output_async, keep_output_worker,
                          data, (GDestroyNotify) job_data_free,
                          cancellable, callback, user_data);
}

void
fs_library_keep_output_staged_async (FsLibrary           *self,
                                     const char          *job_id,
                                     guint                output,
                                     const char          *staged_path,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  JobData *data;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (job_id != NULL);
  g_return_if_fail (staged_path != NULL);

  data = job_data_new (job_id, output);
  data->staged_path = g_strdup (staged_path);
  _fs_library_run_simple (self, fs_library_keep_output_async, keep_output_worker,
                          data, (GDestroyNotify) job_data_free,
                          cancellable, callback, user_data);
}

char *
fs_library_keep_output_finish (FsLibrary     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
