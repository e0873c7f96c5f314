/* fs-library-batch.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-lease.h"
#include "fs-library-private.h"
#include "fs-reference-store.h"

/* Batches' rows, journalled before any is sent, and the rows a dead
 * batch left unsent (docs/ARCHITECTURE.md, “Batches”). A batch belongs
 * to the process that runs it by the lease "batch-<id>", as a job does by
 * its own. The SQL is in fs-library-index-batch.c. */

typedef struct
{
  char      *batch_id;
  JsonArray *rows;
  GPtrArray *references;
  char     **job_ids;
} BatchData;

static void
batch_data_free (BatchData *data)
{
  g_free (data->batch_id);
  g_clear_pointer (&data->rows, json_array_unref);
  g_clear_pointer (&data->references, g_ptr_array_unref);
  g_strfreev (data->job_ids);
  g_free (data);
}

char *
fs_library_batch_lease_name (const char *batch_id)
{
  return g_strconcat ("batch-", batch_id, NULL);
}

/* The lease first, so that no resumer can claim the rows between their
 * write and the lease; then the references the rows name by hash; then
 * the rows, in one transaction. */
static void
start_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  BatchData *data = task_data;
  GError *error = NULL;
  g_autofree char *name = fs_library_batch_lease_name (data->batch_id);
  FsLibraryIndex *index = fs_library_store_get_index (self->store, &error);
  FsLease *lease = NULL;

  if (index == NULL || (lease = fs_library_store_take_lease (self->store, name, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; data->references != NULL && i < data->references->len; i++)
    if (!fs_reference_store_save (g_ptr_array_index (data->references, i), &error))
      break;
  if (error == NULL)
    fs_library_index_add_batch (index, data->batch_id, data->rows, &error);
  if (error != NULL)
    {
      fs_lease_release (lease);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, lease, (GDestroyNotify) fs_lease_release);
}

void
fs_library_start_batch_async (FsLibrary           *self,
                              JsonArray           *rows,
                              GPtrArray           *references,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  BatchData *data;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (rows != NULL);

  data = g_new0 (BatchData, 1);
  data->batch_id = g_uuid_string_random ();
  data->rows = json_array_ref (rows);
  data->references = references != NULL ? g_ptr_array_ref (references) : NULL;
  _fs_library_run_simple (self, fs_library_start_batch_async, start_worker,
                          data, (GDestroyNotify) batch_data_free,
                          cancellable, callback, user_data);
}

FsLease *
fs_library_start_batch_finish (FsLibrary     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
discard_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  BatchData *data = task_data;
  GError *error = NULL;
  FsLibraryIndex *index = fs_library_store_get_index (self->store, &error);

  if (index == NULL || !fs_library_index_discard_batch_rows (index, data->job_ids, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
fs_library_discard_batch_rows_async (FsLibrary           *self,
                                     const char * const  *job_ids,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  BatchData *data;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (job_ids != NULL);

  data = g_new0 (BatchData, 1);
  data->job_ids = g_strdupv ((char **) job_ids);
  _fs_library_run_simple (self, fs_library_discard_batch_rows_async, discard_worker,
                          data, (GDestroyNotify) batch_data_free,
                          cancellable, callback, user_data);
}

gboolean
fs_library_discard_batch_rows_finish (FsLibrary     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
fs_batch_claim_free (FsBatchClaim *claim)
{
  if (claim == NULL)
    return;

  g_clear_pointer (&claim->rows, g_ptr_array_unref);
  g_clear_pointer (&claim->leases, g_ptr_array_unref);
  g_free (claim);
}

void
fs_library_end_batch_claim (FsLibrary    *self,
                            FsBatchClaim *claim)
{
  g_return_if_fail (FS_IS_LIBRARY (self));

  if (claim == NULL)
    return;

  while (claim->leases != NULL && claim->leases->len > 0)
    fs_library_end_lease (self, g_ptr_array_steal_index (claim->leases, claim->leases->len - 1),
                          TRUE);
  fs_batch_claim_free (claim);
}

/* Each batch with unsent rows whose lease can be taken is an orphan's:
 * its rows are this process's now. */
static void
claim_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  GError *error = NULL;
  FsLibraryIndex *index = fs_library_store_get_index (self->store, &error);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  FsBatchClaim *claim;

  if (index == NULL || (rows = fs_library_index_unsent_batch_rows (index, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  claim = g_new0 (FsBatchClaim, 1);
  claim->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  claim->leases = g_ptr_array_new_with_free_func ((GDestroyNotify) fs_lease_release);
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = g_ptr_array_index (rows, i);
      const char *batch_id = json_object_get_string_member (row, "batch_id");
      gpointer mine;

      if (!g_hash_table_lookup_extended (taken, batch_id, NULL, &mine))
        {
          g_autofree char *name = fs_library_batch_lease_name (batch_id);
          g_autoptr(GError) lease_error = NULL;
          FsLease *lease = fs_library_store_take_lease (self->store, name, &lease_error);

          if (lease != NULL)
            g_ptr_array_add (claim->leases, lease);
          else if (!g_error_matches (lease_error, G_IO_ERROR, G_IO_ERROR_BUSY))
            g_debug ("Could not take the lease of batch %s: %s", batch_id, lease_error->message);
          mine = GINT_TO_POINTER (lease != NULL);
          g_hash_table_insert (taken, g_strdup (batch_id), mine);
        }

      if (mine)
        g_ptr_array_add (claim->rows, json_object_ref (row));
      else
        claim->n_busy++;
    }

  g_task_return_pointer (task, claim, (GDestroyNotify) fs_batch_claim_free);
}

void
fs_library_claim_batches_async (FsLibrary           *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (FS_IS_LIBRARY (self));

  _fs_library_run_simple (self, fs_library_claim_batches_async, claim_worker, NULL, NULL,
                          cancellable, callback, user_data);
}

FsBatchClaim *
fs_library_claim_batches_finish (FsLibrary     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
