/* fs-library-find.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-asset-private.h"
#include "fs-library-private.h"


static gpointer
copy_ref (gconstpointer object,
          gpointer      user_data)
{
  return g_object_ref ((gpointer) object);
}

/* Finding images: queries of the index (docs/ARCHITECTURE.md,
 * “Queries”), names from the command line, and the records of images
 * listed without them. Each answer is mapped, on the main thread, to the
 * list model's own objects, so that a mark set on one shows on all. */

typedef struct
{
  FsLibraryQuery *query;
  GDateTime      *now;
  char           *parent_sha256;  /* edits of this image only */
  /* The paths the list held when the query started, and the items that
   * keep those strings alive: no light asset is made for them. */
  GHashTable     *known;
  GPtrArray      *held;
} QueryData;

typedef struct
{
  char       *path;
  char       *sidecar_path;
} RecordData;

static void
query_data_free (QueryData *data)
{
  g_clear_object (&data->query);
  g_clear_pointer (&data->now, g_date_time_unref);
  g_free (data->parent_sha256);
  g_clear_pointer (&data->known, g_hash_table_unref);
  g_clear_pointer (&data->held, g_ptr_array_unref);
  g_free (data);
}

static void
record_data_free (RecordData *data)
{
  g_free (data->path);
  g_free (data->sidecar_path);
  g_free (data);
}

static void
query_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  QueryData *data = task_data;
  FsLibraryIndexFilter filter = { 0 };
  GError *error = NULL;
  GPtrArray *hits;

  if (_fs_library_return_if_cancelled (self, task))
    return;

  filter.query = data->query;
  filter.now = data->now;
  filter.known = data->known;
  filter.parent_sha256 = data->parent_sha256;
  hits = fs_library_store_list (self->store, &filter, &error);
  if (hits == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, hits, (GDestroyNotify) g_ptr_array_unref);
}

static void
hits_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  FsLibrary *self = FS_LIBRARY (object);
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GPtrArray) hits = NULL;
  GError *error = NULL;

  hits = g_task_propagate_pointer (G_TASK (result), &error);
  if (hits == NULL)
    g_task_return_error (outer, error);
  else if (!g_task_return_error_if_cancelled (outer))
    g_task_return_pointer (outer, _fs_library_hits_to_items (self, hits),
                           (GDestroyNotify) g_ptr_array_unref);
}

static void
run_query (FsLibrary           *self,
           QueryData           *data,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *outer;

  data->now = g_date_time_new_now_local ();
  data->held = g_ptr_array_copy (self->items, copy_ref, NULL);
  g_ptr_array_set_free_func (data->held, g_object_unref);
  data->known = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < data->held->len; i++)
    g_hash_table_add (data->known, (gpointer) fs_asset_get_path (g_ptr_array_index (data->held, i)));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, source_tag);
  _fs_library_run_in_worker (self, cancellable, query_worker, hits_done_cb, outer,
                             data, (GDestroyNotify) query_data_free);
}

void
fs_library_query_async (FsLibrary           *self,
                        FsLibraryQuery      *query,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  QueryData *data;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (query == NULL || FS_IS_LIBRARY_QUERY (query));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (QueryData, 1);
  data->query = query != NULL ? fs_library_query_copy (query) : fs_library_query_new ();
  run_query (self, data, fs_library_query_async, cancellable, callback, user_data);
}

void
fs_library_find_edits_async (FsLibrary           *self,
                             const char          *sha256,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  QueryData *data;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (sha256 != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (QueryData, 1);
  data->query = fs_library_query_new ();
  data->parent_sha256 = g_strdup (sha256);
  run_query (self, data, fs_library_find_edits_async, cancellable, callback, user_data);
}

/**
 * fs_library_query_finish:
 *
 * Returns: (transfer container) (element-type FsAsset): the images
 */
GPtrArray *
fs_library_query_finish (FsLibrary     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
resolve_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  GError *error = NULL;
  GPtrArray *assets;

  if (_fs_library_return_if_cancelled (self, task))
    return;

  assets = fs_library_store_resolve (self->store, task_data, &error);
  if (assets == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, assets, (GDestroyNotify) g_ptr_array_unref);
}

static void
resolve_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FsLibrary *self = FS_LIBRARY (object);
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GPtrArray) found = NULL;
  GPtrArray *assets;
  GError *error = NULL;

  found = g_task_propagate_pointer (G_TASK (result), &error);
  if (found == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }

  assets = g_ptr_array_new_full (found->len, g_object_unref);
  for (guint i = 0; i < found->len; i++)
    {
      FsAsset *asset = g_ptr_array_index (found, i);
      FsAsset *item = _fs_library_find_item (self, fs_asset_get_path (asset));

      g_ptr_array_add (assets, g_object_ref (item != NULL ? item : asset));
    }
  g_task_return_pointer (outer, assets, (GDestroyNotify) g_ptr_array_unref);
}

void
fs_library_resolve_async (FsLibrary           *self,
                          const char * const  *names,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *outer;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (names != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, fs_library_resolve_async);
  _fs_library_run_in_worker (self, cancellable, resolve_worker, resolve_done_cb, outer,
                             g_strdupv ((char **) names), (GDestroyNotify) g_strfreev);
}

/**
 * fs_library_resolve_finish:
 *
 * Returns: (transfer container) (element-type FsAsset): the images
 */
GPtrArray *
fs_library_resolve_finish (FsLibrary     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
record_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  RecordData *data = task_data;
  GError *error = NULL;
  JsonObject *record;

  if (_fs_library_return_if_cancelled (self, task))
    return;

  record = fs_library_store_load_record (self->store, data->path, data->sidecar_path, &error);
  if (record == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, record, (GDestroyNotify) json_object_unref);
}

static void
record_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  g_autoptr(JsonObject) record = NULL;
  FsAsset *asset = g_task_get_task_data (outer);
  GError *error = NULL;

  record = g_task_propagate_pointer (G_TASK (result), &error);
  if (record == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }

  /* Another load of the same asset may have landed first. */
  if (!fs_asset_has_record (asset))
    _fs_asset_set_record (asset, record);
  g_task_return_boolean (outer, TRUE);
}

void
fs_library_load_record_async (FsLibrary           *self,
                              FsAsset             *asset,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  RecordData *data;
  GTask *outer;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (FS_IS_ASSET (asset));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, fs_library_load_record_async);
  g_task_set_task_data (outer, g_object_ref (asset), g_object_unref);
  if (fs_asset_has_record (asset))
    {
      g_task_return_boolean (outer, TRUE);
      g_object_unref (outer);
      return;
    }

  data = g_new0 (RecordData, 1);
  data->path = g_strdup (fs_asset_get_path (asset));
  data->sidecar_path = g_strdup (fs_asset_get_sidecar_path (asset));
  _fs_library_run_in_worker (self, cancellable, record_worker, record_done_cb, outer,
                             data, (GDestroyNotify) record_data_free);
}

gboolean
fs_library_load_record_finish (FsLibrary     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
