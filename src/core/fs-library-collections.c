/* fs-library-collections.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-asset-private.h"
#include "fs-error.h"
#include "fs-library-private.h"


static gpointer
copy_ref (gconstpointer object,
          gpointer      user_data)
{
  return g_object_ref ((gpointer) object);
}

/* Collections (boards): named sets of images, an image in any number of
 * them. Which images are in which is in the sidecars ("collections");
 * the index keeps that and the collections themselves, empty ones too
 * (docs/ARCHITECTURE.md, “Collections”). */

/* The list model ------------------------------------------------------------ */

static void
collections_worker (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  GError *error = NULL;
  GPtrArray *collections;

  if (_fs_library_return_if_cancelled (self, task))
    return;

  collections = fs_library_store_collections (self->store, &error);
  if (collections == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, collections, (GDestroyNotify) g_ptr_array_unref);
}

/* Both lists are sorted: a merge keeps the objects of the names that
 * stay, so that a side list bound to them only sees counts change. */
static void
merge_collections (GListStore *store,
                   GPtrArray  *fresh)
{
  guint i = 0, j = 0;

  while (i < g_list_model_get_n_items (G_LIST_MODEL (store)) || j < fresh->len)
    {
      g_autoptr(FsCollection) old = g_list_model_get_item (G_LIST_MODEL (store), i);
      FsCollection *new = j < fresh->len ? g_ptr_array_index (fresh, j) : NULL;
      int order = old == NULL ? 1 : new == NULL ? -1 : fs_collection_compare (old, new);

      if (order < 0)
        g_list_store_remove (store, i);
      else if (order > 0)
        {
          g_list_store_insert (store, i++, new);
          j++;
        }
      else
        {
          fs_collection_set_count (old, fs_collection_get_count (new));
          i++;
          j++;
        }
    }
}

static void
refreshed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  FsLibrary *self = FS_LIBRARY (object);
  g_autoptr(GPtrArray) collections = NULL;
  g_autoptr(GError) error = NULL;

  collections = g_task_propagate_pointer (G_TASK (result), &error);
  self->collections_refreshing = FALSE;
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  if (collections != NULL)
    merge_collections (self->collections, collections);
  else
    g_debug ("Could not list the collections: %s", error->message);

  if (self->collections_stale)
    _fs_library_refresh_collections (self);
}

/* One read at a time; a change during one asks for another after it.
 * Nothing to do until someone asked for the list (the CLI never does). */
void
_fs_library_refresh_collections (FsLibrary *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->collections == NULL)
    return;
  if (self->collections_refreshing)
    {
      self->collections_stale = TRUE;
      return;
    }

  self->collections_refreshing = TRUE;
  self->collections_stale = FALSE;
  task = g_task_new (self, self->cancellable, refreshed_cb, NULL);
  g_task_set_source_tag (task, _fs_library_refresh_collections);
  g_task_run_in_thread (task, collections_worker);
}

GListModel *
fs_library_get_collections (FsLibrary *self)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), NULL);

  if (self->collections == NULL)
    {
      self->collections = g_list_store_new (FS_TYPE_COLLECTION);
      _fs_library_refresh_collections (self);
    }
  return G_LIST_MODEL (self->collections);
}

void
fs_library_list_collections_async (FsLibrary           *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  _fs_library_run_simple (self, fs_library_list_collections_async, collections_worker,
                          NULL, NULL, cancellable, callback, user_data);
}

/**
 * fs_library_list_collections_finish:
 *
 * Returns: (transfer container) (element-type FsCollection): the
 *   collections, sorted by name
 */
GPtrArray *
fs_library_list_collections_finish (FsLibrary     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Changes ------------------------------------------------------------------- */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

/* The sidecars' "collections" arrays, written as FsAsset reads them:
 * sorted, each name once. Returns TRUE: the record changed. */
static gboolean
set_names (JsonObject *record,
           GPtrArray  *names)
{
  JsonArray *array = json_array_new ();

  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (names, i));
  json_object_set_array_member (record, "collections", array);

  return TRUE;
}

static GPtrArray *
names_of (JsonObject *record)
{
  g_auto(GStrv) names = _fs_asset_read_collections (record);
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);

  for (char **name = names; *name != NULL; name++)
    g_ptr_array_add (array, g_strdup (*name));
  return array;
}

static gboolean
has_name (GPtrArray  *names,
          const char *name,
          guint      *index)
{
  return g_ptr_array_find_with_equal_func (names, name, g_str_equal, index);
}

static gboolean
edit_add (JsonObject *record,
          gpointer    user_data)
{
  FsLibraryEdit *edit = user_data;
  g_autoptr(GPtrArray) names = names_of (record);

  if (has_name (names, edit->name, NULL))
    return FALSE;
  g_ptr_array_add (names, g_strdup (edit->name));
  return set_names (record, names);
}

static gboolean
edit_remove (JsonObject *record,
             gpointer    user_data)
{
  FsLibraryEdit *edit = user_data;
  g_autoptr(GPtrArray) names = names_of (record);
  guint index;

  if (!has_name (names, edit->name, &index))
    return FALSE;
  g_ptr_array_remove_index (names, index);
  return set_names (record, names);
}

static gboolean
edit_rename (JsonObject *record,
             gpointer    user_data)
{
  FsLibraryEdit *edit = user_data;
  g_autoptr(GPtrArray) names = names_of (record);
  guint index;

  if (!has_name (names, edit->name, &index))
    return FALSE;
  g_ptr_array_remove_index (names, index);
  if (!has_name (names, edit->new_name, NULL))
    g_ptr_array_add (names, g_strdup (edit->new_name));
  return set_names (record, names);
}

static gboolean
add_members (FsLibrary      *self,
             FsLibraryEdit  *edit,
             GError        **error)
{
  g_autoptr(GPtrArray) members = fs_library_store_collection_members (self->store, edit->name,
                                                                      error);

  if (members == NULL)
    return FALSE;
  g_ptr_array_extend (edit->targets, members, copy_ref, NULL);
  return TRUE;
}

static gboolean
before_rename (FsLibrary      *self,
               FsLibraryEdit  *edit,
               GError        **error)
{
  return fs_library_store_rename_collection (self->store, edit->name, edit->new_name, error) &&
         add_members (self, edit, error);
}

static gboolean
before_delete (FsLibrary      *self,
               FsLibraryEdit  *edit,
               GError        **error)
{
  return fs_library_store_check_collection (self->store, edit->name, error) &&
         add_members (self, edit, error);
}

/* Only once no image is in it: a sidecar that could not be written keeps
 * the collection, with what is left in it. */
static gboolean
after_delete (FsLibrary      *self,
              FsLibraryEdit  *edit,
              GError        **error)
{
  return fs_library_store_remove_collection (self->store, edit->name, error);
}

static gboolean
before_add (FsLibrary      *self,
            FsLibraryEdit  *edit,
            GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  if (fs_library_store_create_collection (self->store, edit->name, &local_error) ||
      g_error_matches (local_error, FS_ERROR, FS_ERROR_INVALID))
    return TRUE;

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
before_create (FsLibrary      *self,
               FsLibraryEdit  *edit,
               GError        **error)
{
  return fs_library_store_create_collection (self->store, edit->name, error);
}

static void
start_change (FsLibrary           *self,
              gpointer             source_tag,
              GPtrArray           *assets,
              FsLibraryEditFunc    func,
              const char          *name,
              const char          *new_name,
              gboolean           (*before) (FsLibrary *, FsLibraryEdit *, GError **),
              gboolean           (*after) (FsLibrary *, FsLibraryEdit *, GError **),
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *checked = fs_collection_check_name (name, &error);
  g_autofree char *new_checked = NULL;
  FsLibraryEdit *edit;

  if (checked != NULL && new_name != NULL)
    new_checked = fs_collection_check_name (new_name, &error);
  if (error != NULL)
    {
      g_task_report_error (self, callback, user_data, source_tag, g_steal_pointer (&error));
      return;
    }

  edit = _fs_library_edit_new (assets, func);
  edit->name = g_steal_pointer (&checked);
  edit->new_name = g_steal_pointer (&new_checked);
  edit->before = before;
  edit->after = after;
  edit->collections = TRUE;
  _fs_library_edit_async (self, edit, source_tag, cancellable, callback, user_data);
}

void
fs_library_create_collection_async (FsLibrary           *self,
                                    const char          *name,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_change (self, fs_library_create_collection_async, NULL, NULL, name, NULL,
                before_create, NULL, cancellable, callback, user_data);
}

gboolean
fs_library_create_collection_finish (FsLibrary     *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return _fs_library_edit_finish (self, result, error);
}

void
fs_library_rename_collection_async (FsLibrary           *self,
                                    const char          *old_name,
                                    const char          *new_name,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_change (self, fs_library_rename_collection_async, NULL, edit_rename, old_name,
                new_name ? new_name : "", before_rename, NULL, cancellable, callback,
                user_data);
}

gboolean
fs_library_rename_collection_finish (FsLibrary     *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return _fs_library_edit_finish (self, result, error);
}

void
fs_library_delete_collection_async (FsLibrary           *self,
                                    const char          *name,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_change (self, fs_library_delete_collection_async, NULL, edit_remove, name, NULL,
                before_delete, after_delete, cancellable, callback, user_data);
}

/**
 * fs_library_delete_collection_finish:
 * @members: (out) (optional) (transfer container) (element-type FsAsset):
 *   on success, the images that were in the collection, as now recorded;
 *   fs_library_add_to_collection_async() with them and the name brings
 *   the collection back as it was (its Undo)
 */
gboolean
fs_library_delete_collection_finish (FsLibrary     *self,
                                     GAsyncResult  *result,
                                     GPtrArray    **members,
                                     GError       **error)
{
  if (!_fs_library_edit_finish (self, result, error))
    return FALSE;

  if (members != NULL)
    *members = _fs_library_edit_dup_results (result);
  return TRUE;
}

void
fs_library_add_to_collection_async (FsLibrary           *self,
                                    GPtrArray           *assets,
                                    const char          *name,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (assets != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_change (self, fs_library_add_to_collection_async, assets, edit_add, name, NULL,
                before_add, NULL, cancellable, callback, user_data);
}

gboolean
fs_library_add_to_collection_finish (FsLibrary     *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return _fs_library_edit_finish (self, result, error);
}

void
fs_library_remove_from_collection_async (FsLibrary           *self,
                                         GPtrArray           *assets,
                                         const char          *name,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (assets != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_change (self, fs_library_remove_from_collection_async, assets, edit_remove, name,
                NULL, NULL, NULL, cancellable, callback, user_data);
}

gboolean
fs_library_remove_from_collection_finish (FsLibrary     *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return _fs_library_edit_finish (self, result, error);
}
