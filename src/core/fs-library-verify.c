/* fs-library-verify.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-asset-private.h"
#include "fs-library-private.h"

/* Damaged records: the full check of the images' sha256, in a worker of
 * low priority, then set on the assets on the main thread, where the
 * gallery sees it land (docs/ARCHITECTURE.md, “Damaged records”). */

static void
verify_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  GError *error = NULL;
  GHashTable *results;

  if (_fs_library_return_if_cancelled (self, task))
    return;

  results = fs_library_store_verify (self->store, task_data, cancellable, &error);
  if (results == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, results, (GDestroyNotify) g_hash_table_unref);
}

static void
set_damage (FsAsset    *asset,
            GHashTable *results)
{
  gpointer damage;

  if (g_hash_table_lookup_extended (results, fs_asset_get_path (asset), NULL, &damage))
    _fs_asset_set_damage (asset, GPOINTER_TO_UINT (damage));
}

/* The list's own items may be other objects for the same images: each
 * that changed is reported, so that badges and rows refresh. The items
 * go first, as the caller's assets may be the items themselves. */
static void
publish_damage (FsLibrary  *self,
                GPtrArray  *assets,
                GHashTable *results)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      FsAsset *item = g_ptr_array_index (self->items, i);
      gpointer damage;

      if (g_hash_table_lookup_extended (results, fs_asset_get_path (item), NULL, &damage) &&
          _fs_asset_set_damage (item, GPOINTER_TO_UINT (damage)))
        g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 1);
    }

  for (guint i = 0; i < assets->len; i++)
    set_damage (g_ptr_array_index (assets, i), results);
}

static void
verify_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  FsLibrary *self = FS_LIBRARY (object);
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GHashTable) results = NULL;
  GError *error = NULL;

  results = g_task_propagate_pointer (G_TASK (result), &error);
  if (results == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }

  if (!g_cancellable_is_cancelled (self->cancellable))
    publish_damage (self, g_task_get_task_data (outer), results);
  g_task_return_boolean (outer, TRUE);
}

void
fs_library_verify_async (FsLibrary           *self,
                         GPtrArray           *assets,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GPtrArray) targets = NULL;
  GTask *outer;
  GTask *inner;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (assets == NULL)
    assets = self->items;
  targets = g_ptr_array_new_full (assets->len, g_object_unref);
  for (guint i = 0; i < assets->len; i++)
    g_ptr_array_add (targets, g_object_ref (g_ptr_array_index (assets, i)));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, fs_library_verify_async);
  g_task_set_task_data (outer, g_ptr_array_ref (targets), (GDestroyNotify) g_ptr_array_unref);

  /* Background work: the pool runs it after anything the window waits
   * for. Like every library worker it finishes even when the caller
   * cancels, so that what it learnt reaches the list. */
  inner = g_task_new (self, cancellable, verify_done_cb, outer);
  g_task_set_check_cancellable (inner, FALSE);
  g_task_set_source_tag (inner, fs_library_verify_async);
  g_task_set_priority (inner, G_PRIORITY_LOW);
  g_task_set_task_data (inner, g_steal_pointer (&targets), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (inner, verify_worker);
  g_object_unref (inner);
}

gboolean
fs_library_verify_finish (FsLibrary     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
