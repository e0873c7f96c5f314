/* fs-library-marks.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-asset-private.h"
#include "fs-library-private.h"

/* The user's marks on images — favourite and rating here, collections in
 * fs-library-collections.c — are written to the sidecars, the source of
 * truth, and the index in a worker (fs_library_store_edit()); then, on
 * the main thread, set on the list's items, which notify and are
 * reported changed (docs/ARCHITECTURE.md, “Sidecar”). */

FsLibraryEdit *
_fs_library_edit_new (GPtrArray         *targets,
                      FsLibraryEditFunc  func)
{
  FsLibraryEdit *edit = g_new0 (FsLibraryEdit, 1);

  edit->targets = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; targets != NULL && i < targets->len; i++)
    g_ptr_array_add (edit->targets, g_object_ref (g_ptr_array_index (targets, i)));
  edit->func = func;
  return edit;
}

static void
edit_free (FsLibraryEdit *edit)
{
  g_clear_pointer (&edit->targets, g_ptr_array_unref);
  g_clear_pointer (&edit->results, g_ptr_array_unref);
  g_clear_error (&edit->error);
  g_free (edit->name);
  g_free (edit->new_name);
  g_free (edit);
}

/* Once the sidecars are being written, the edit goes on to the end: the
 * caller's cancellable only decides what the caller is told. */
static void
edit_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  FsLibraryEdit *edit = task_data;
  GError *error = NULL;

  if (_fs_library_return_if_cancelled (self, task))
    return;

  if (edit->before != NULL && !edit->before (self, edit, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (edit->func != NULL)
    edit->results = fs_library_store_edit (self->store, edit->targets, edit->func, edit,
                                           &edit->error);

  if (edit->error == NULL && edit->after != NULL && !edit->after (self, edit, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
edit_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  FsLibrary *self = FS_LIBRARY (object);
  g_autoptr(GTask) outer = user_data;
  FsLibraryEdit *edit = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  /* What was written shows, whatever else failed. */
  if (!g_cancellable_is_cancelled (self->cancellable))
    {
      if (edit->results != NULL)
        _fs_library_publish_marks (self, edit->results, edit->targets);
      if (edit->collections)
        _fs_library_refresh_collections (self);
    }

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (outer, error);
  else if (edit->error != NULL)
    g_task_return_error (outer, g_error_copy (edit->error));
  else
    {
      /* The images as now recorded, for a finish that hands them on
       * (_fs_library_edit_dup_results()). */
      if (edit->results != NULL)
        g_task_set_task_data (outer, g_ptr_array_ref (edit->results),
                              (GDestroyNotify) g_ptr_array_unref);
      g_task_return_boolean (outer, TRUE);
    }
}

void
_fs_library_edit_async (FsLibrary           *self,
                        FsLibraryEdit       *edit,
                        gpointer             source_tag,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *outer = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (outer, source_tag);
  _fs_library_run_in_worker (self, cancellable, edit_worker, edit_done_cb, outer,
                             edit, (GDestroyNotify) edit_free);
}

gboolean
_fs_library_edit_finish (FsLibrary     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

GPtrArray *
_fs_library_edit_dup_results (GAsyncResult *result)
{
  GPtrArray *results = g_task_get_task_data (G_TASK (result));
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; results != NULL && i < results->len; i++)
    g_ptr_array_add (copy, g_object_ref (g_ptr_array_index (results, i)));
  return copy;
}

/* Ratings and favourites ----------------------------------------------------- */

static gboolean
edit_rating (JsonObject *record,
             gpointer    user_data)
{
  FsLibraryEdit *edit = user_data;
  JsonNode *node = json_object_get_member (record, "rating");

  /* Written as an integer even where the old value read the same. */
  if (_fs_asset_read_rating (record) == edit->rating && node != NULL &&
      JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return FALSE;

  json_object_set_int_member (record, "rating", edit->rating);
  return TRUE;
}

static gboolean
edit_favourite (JsonObject *record,
                gpointer    user_data)
{
  FsLibraryEdit *edit = user_data;
  JsonNode *node = json_object_get_member (record, "favourite");

  if (_fs_asset_read_favourite (record) == edit->favourite && node != NULL &&
      JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return FALSE;

  json_object_set_boolean_member (record, "favourite", edit->favourite);
  return TRUE;
}

void
fs_library_set_rating_async (FsLibrary           *self,
                             GPtrArray           *assets,
                             guint                rating,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  FsLibraryEdit *edit;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (assets != NULL);
  g_return_if_fail (rating <= FS_ASSET_MAX_RATING);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  edit = _fs_library_edit_new (assets, edit_rating);
  edit->rating = rating;
  _fs_library_edit_async (self, edit, fs_library_set_rating_async, cancellable, callback,
                          user_data);
}

gboolean
fs_library_set_rating_finish (FsLibrary     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return _fs_library_edit_finish (self, result, error);
}

void
fs_library_set_favourite_async (FsLibrary           *self,
                                GPtrArray           *assets,
                                gboolean             favourite,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  FsLibraryEdit *edit;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (assets != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  edit = _fs_library_edit_new (assets, edit_favourite);
  edit->favourite = !!favourite;
  _fs_library_edit_async (self, edit, fs_library_set_favourite_async, cancellable, callback,
                          user_data);
}

gboolean
fs_library_set_favourite_finish (FsLibrary     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return _fs_library_edit_finish (self, result, error);
}
