/* fs-library-colour.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-asset-private.h"
#include "fs-colour-private.h"
#include "fs-library-private.h"

/* The colour-fidelity check of a saved result: measured and stored in a
 * worker thread (sidecar and index), then set on the asset on the main
 * thread, where the gallery and the detail page see it land. */

typedef struct
{
  FsAsset    *asset;
  GStrv       codes;
  JsonNode   *check;
} ColourData;

static void
colour_data_free (ColourData *data)
{
  g_object_unref (data->asset);
  g_strfreev (data->codes);
  g_clear_pointer (&data->check, json_node_unref);
  g_free (data);
}

static gboolean
edit_check (JsonObject *record,
            gpointer    user_data)
{
  ColourData *data = user_data;

  json_object_set_member (record, "colour_check", json_node_copy (data->check));
  return TRUE;
}

static void
colour_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  ColourData *data = task_data;
  g_autoptr(GArray) checks = NULL;
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  g_autoptr(GPtrArray) stored = NULL;
  GError *error = NULL;

  if (_fs_library_return_if_cancelled (self, task))
    return;

  checks = _fs_colour_check_file (fs_asset_get_path (data->asset),
                                  (const char * const *) data->codes, &error);
  if (checks == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The sidecar as it is now gains the check, so that a mark set
   * meanwhile (by this process or another) is kept. */
  data->check = fs_colour_check_to_json (checks);
  g_ptr_array_add (targets, data->asset);
  stored = fs_library_store_edit (self->store, targets, edit_check, data, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, json_array_ref (json_node_get_array (data->check)),
                         (GDestroyNotify) json_array_unref);
}

/* The list's own item may be another object for the same image (read
 * back by an open that raced the save): both get the check, and the row
 * is reported changed so filters and badges refresh. */
static void
publish_check (FsLibrary *self,
               FsAsset   *asset,
               JsonArray *check)
{
  const char *path = fs_asset_get_path (asset);

  _fs_asset_set_colour_check (asset, check);
  for (guint i = 0; i < self->items->len; i++)
    {
      FsAsset *item = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (fs_asset_get_path (item), path) != 0)
        continue;
      _fs_asset_set_colour_check (item, check);
      g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 1);
      return;
    }
}

static void
colour_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  FsLibrary *self = FS_LIBRARY (object);
  g_autoptr(GTask) outer = user_data;
  g_autoptr(JsonArray) check = NULL;
  GError *error = NULL;

  check = g_task_propagate_pointer (G_TASK (result), &error);
  if (check == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }

  if (!g_cancellable_is_cancelled (self->cancellable))
    publish_check (self, g_task_get_task_data (outer), check);
  g_task_return_boolean (outer, TRUE);
}

void
fs_library_check_colours_async (FsLibrary           *self,
                                FsAsset             *asset,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  GStrv codes;
  ColourData *data;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (FS_IS_ASSET (asset));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, fs_library_check_colours_async);
  g_task_set_task_data (outer, g_object_ref (asset), g_object_unref);

  codes = fs_colour_codes_from_prompt (fs_asset_get_prompt (asset));
  if (codes == NULL)
    {
      g_task_return_boolean (outer, TRUE);
      return;
    }

  data = g_new0 (ColourData, 1);
  data->asset = g_object_ref (asset);
  data->codes = codes;
  _fs_library_run_in_worker (self, cancellable, colour_worker, colour_done_cb,
                             g_steal_pointer (&outer), data, (GDestroyNotify) colour_data_free);
}

gboolean
fs_library_check_colours_finish (FsLibrary     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
