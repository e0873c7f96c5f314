/* fs-library-manage.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-library-private.h"

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
