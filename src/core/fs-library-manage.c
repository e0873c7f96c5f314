/* fs-library-manage.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-library-private.h"
#include <string.h>

#include "fs-trash.h"

/* Deleting an asset (to the Trash) and listing the prompts used before:
 * the blocking halves are in FsLibraryStore, the list model is changed on
 * the main thread. */

typedef struct
{
  char *image_path;
  char *sidecar_path;
} DeleteData;

typedef struct
{
  char  *search;
  guint  limit;
} PromptsData;

static void
delete_data_free (DeleteData *data)
{
  g_free (data->image_path);
  g_free (data->sidecar_path);
  g_free (data);
}

static void
prompts_data_free (PromptsData *data)
{
  g_free (data->search);
  g_free (data);
}

static void
delete_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  DeleteData *data = task_data;
  GError *error = NULL;

  if (_fs_library_return_if_cancelled (self, task))
    return;

  if (fs_library_store_delete (self->store, data->image_path, data->sidecar_path,
                               cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
delete_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  FsLibrary *self = FS_LIBRARY (object);
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GPtrArray) assets = NULL;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }

  assets = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (assets, g_object_ref (g_task_get_task_data (outer)));
  _fs_library_schedule_update (self, assets, UPDATE_REMOVE);
  /* Its collections have one image fewer. */
  _fs_library_refresh_collections (self);
  g_task_return_boolean (outer, TRUE);
}

void
fs_library_delete_async (FsLibrary           *self,
                         FsAsset             *asset,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  DeleteData *data;
  GTask *outer;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (FS_IS_ASSET (asset));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (DeleteData, 1);
  data->image_path = g_strdup (fs_asset_get_path (asset));
  data->sidecar_path = g_strdup (fs_asset_get_sidecar_path (asset));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, fs_library_delete_async);
  g_task_set_task_data (outer, g_object_ref (asset), g_object_unref);
  _fs_library_run_in_worker (self, cancellable, delete_worker, delete_done_cb, outer,
                             data, (GDestroyNotify) delete_data_free);
}

gboolean
fs_library_delete_finish (FsLibrary     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Restoring from the Trash: the files go back, then the index and the
 * list take them in as the folder's watch would, at once. */
static void
restore_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GPtrArray *paths = task_data;
  GError *error = NULL;

  /* In pairs, image then sidecar: the sidecar makes the record, so it
   * goes back last, as it was trashed last. */
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);

      if (path != NULL && !fs_trash_restore (path, cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }

  g_task_return_boolean (task, TRUE);
}

static void
restored_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  FsLibrary *self = FS_LIBRARY (object);
  g_autoptr(GTask) outer = user_data;
  GPtrArray *paths = g_task_get_task_data (G_TASK (result));
  g_autoptr(GHashTable) stems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GError *error = NULL;
  gboolean done = g_task_propagate_boolean (G_TASK (result), &error);

  /* What came back before a failure is taken in too. */
  for (guint i = 0; i < paths->len; i += 2)
    {
      g_autofree char *name = g_path_get_basename (g_ptr_array_index (paths, i));
      char *dot = strrchr (name, '.');

      if (dot != NULL)
        *dot = '\0';
      g_hash_table_add (stems, g_steal_pointer (&name));
    }
  if (g_hash_table_size (stems) > 0)
    _fs_library_reconcile (self, stems);

  if (done)
    g_task_return_boolean (outer, TRUE);
  else
    g_task_return_error (outer, error);
}

void
fs_library_restore_async (FsLibrary           *self,
                          GPtrArray           *assets,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GPtrArray *paths;
  GTask *outer;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (assets != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < assets->len; i++)
    {
      FsAsset *asset = g_ptr_array_index (assets, i);

      g_ptr_array_add (paths, g_strdup (fs_asset_get_path (asset)));
      g_ptr_array_add (paths, g_strdup (fs_asset_get_sidecar_path (asset)));
    }

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, fs_library_restore_async);
  _fs_library_run_in_worker (self, cancellable, restore_worker, restored_cb, outer,
                             paths, (GDestroyNotify) g_ptr_array_unref);
}

gboolean
fs_library_restore_finish (FsLibrary     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
prompts_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  PromptsData *data = task_data;
  GError *error = NULL;
  GStrv prompts;

  if (_fs_library_return_if_cancelled (self, task))
    return;

  prompts = fs_library_store_prompts (self->store, data->search, data->limit, &error);
  if (prompts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, prompts, (GDestroyNotify) g_strfreev);
}

void
fs_library_list_prompts_async (FsLibrary           *self,
                               const char          *search,
                               guint                limit,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  PromptsData *data;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (PromptsData, 1);
  /* An empty search means every prompt, as NULL does. */
  data->search = search != NULL && search[0] != '\0' ? g_strdup (search) : NULL;
  data->limit = limit;

  _fs_library_run_simple (self, fs_library_list_prompts_async, prompts_worker,
                          data, (GDestroyNotify) prompts_data_free,
                          cancellable, callback, user_data);
}

GStrv
fs_library_list_prompts_finish (FsLibrary     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
