/* fs-library.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fs-asset-private.h"
#include "fs-library-private.h"

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FsLibrary, fs_library, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      list_model_iface_init))

enum {
  PROP_0,
  PROP_FOLDER,
  PROP_DB_PATH,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  JsonObject *record;
  GBytes     *image;
  guint       index;
} SaveData;

typedef struct
{
  char *job_id;
  char *state;
  char *request_json;
  char *polling_url;
  char *detail;
} JournalData;

typedef struct
{
  FsLibrary  *self;
  GPtrArray  *assets;
  UpdateKind  kind;
} ModelUpdate;

static void
save_data_free (SaveData *data)
{
  json_object_unref (data->record);
  g_bytes_unref (data->image);
  g_free (data);
}

static void
journal_data_free (JournalData *data)
{
  g_free (data->job_id);
  g_free (data->state);
  g_free (data->request_json);
  g_free (data->polling_url);
  g_free (data->detail);
  g_free (data);
}

static GType
fs_library_get_item_type (GListModel *model)
{
  return FS_TYPE_ASSET;
}

static guint
fs_library_get_n_items (GListModel *model)
{
  return FS_LIBRARY (model)->items->len;
}

static gpointer
fs_library_get_item (GListModel *model,
                     guint       position)
{
  FsLibrary *self = FS_LIBRARY (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fs_library_get_item_type;
  iface->get_n_items = fs_library_get_n_items;
  iface->get_item = fs_library_get_item;
}

static void
replace_items (FsLibrary *self,
               GPtrArray *assets)
{
  guint removed = self->items->len;

  /* The table borrows its keys from the items, so it is emptied first. */
  g_hash_table_remove_all (self->item_paths);
  g_ptr_array_set_size (self->items, 0);

  for (guint i = 0; i < assets->len; i++)
    {
      FsAsset *asset = g_ptr_array_index (assets, i);

      if (g_hash_table_add (self->item_paths, (gpointer)fs_asset_get_path (asset)))
        g_ptr_array_add (self->items, g_object_ref (asset));
    }

  if (removed == 0 && self->items->len == 0)
    return;

  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->items->len);
  if (removed != self->items->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* An open or rebuild that finished first may have listed the asset
 * already; it must not appear twice. */
static void
prepend_item (FsLibrary *self,
              FsAsset   *asset)
{
  if (!g_hash_table_add (self->item_paths, (gpointer)fs_asset_get_path (asset)))
    return;

  g_ptr_array_insert (self->items, 0, g_object_ref (asset));
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* By path: the caller's FsAsset may be another object for the same
 * image, read back from a search. */
static void
remove_item (FsLibrary *self,
             FsAsset   *asset)
{
  const char *path = fs_asset_get_path (asset);

  for (guint i = 0; i < self->items->len; i++)
    {
      FsAsset *item = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (fs_asset_get_path (item), path) != 0)
        continue;

      /* The table borrows the item's path: it goes before the item. */
      g_hash_table_remove (self->item_paths, path);
      g_ptr_array_remove_index (self->items, i);
      g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
      return;
    }
}

static gboolean
model_update_cb (gpointer user_data)
{
  ModelUpdate *update = user_data;
  FsLibrary *self = update->self;

  if (g_cancellable_is_cancelled (self->cancellable))
    return G_SOURCE_REMOVE;

  switch (update->kind)
    {
    case UPDATE_REPLACE:
      replace_items (self, update->assets);
      break;
    case UPDATE_PREPEND:
      for (guint i = update->assets->len; i > 0; i--)
        prepend_item (self, g_ptr_array_index (update->assets, i - 1));
      break;
    case UPDATE_REMOVE:
      for (guint i = 0; i < update->assets->len; i++)
        remove_item (self, g_ptr_array_index (update->assets, i));
      break;
    default:
      g_assert_not_reached ();
    }

  return G_SOURCE_REMOVE;
}

static void
model_update_free (gpointer user_data)
{
  ModelUpdate *update = user_data;

  g_object_unref (update->self);
  g_ptr_array_unref (update->assets);
  g_free (update);
}

/* The list model belongs to the main thread. Called from a GTask callback
 * there, this runs at once; a call made from another thread's context
 * hands the change to the main context instead. */
void
_fs_library_schedule_update (FsLibrary  *self,
                             GPtrArray  *assets,
                             UpdateKind  kind)
{
  ModelUpdate *update = g_new0 (ModelUpdate, 1);

  update->self = g_object_ref (self);
  update->assets = g_ptr_array_ref (assets);
  update->kind = kind;

  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, model_update_cb,
                              update, model_update_free);
}

gboolean
_fs_library_return_if_cancelled (FsLibrary *self,
                                 GTask     *task)
{
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The library was closed"));
      return TRUE;
    }

  return g_task_return_error_if_cancelled (task);
}

void
_fs_library_run_in_worker (FsLibrary           *self,
                           GCancellable        *cancellable,
                           GTaskThreadFunc      worker,
                           GAsyncReadyCallback  done,
                           GTask               *outer,
                           gpointer             task_data,
                           GDestroyNotify       task_data_free)
{
  g_autoptr(GTask) inner = g_task_new (self, cancellable, done, outer);

  /* Work the worker finished must reach the model even when the caller
   * cancels meanwhile; the outer task decides what the caller sees. */
  g_task_set_check_cancellable (inner, FALSE);
  g_task_set_source_tag (inner, g_task_get_source_tag (outer));
  g_task_set_task_data (inner, task_data, task_data_free);
  g_task_run_in_thread (inner, worker);
}

/* The store call behind each operation that lists something, picked by
 * the task's source tag (open and rebuild copy their caller's). */
static GPtrArray *
store_list (FsLibrary     *self,
            GTask         *task,
            GCancellable  *cancellable,
            GError       **error)
{
  gpointer tag = g_task_get_source_tag (task);

  if (tag == fs_library_open_async)
    return fs_library_store_open (self->store, cancellable, error);
  if (tag == fs_library_rebuild_async)
    return fs_library_store_rebuild (self->store, cancellable, error);
  if (tag == fs_library_search_async)
    return fs_library_store_search (self->store, g_task_get_task_data (task), error);

  g_assert (tag == fs_library_list_unfinished_async);
  return fs_library_store_unfinished (self->store, error);
}

/* Open, rebuild, search and the unfinished jobs: each returns an array. */
static void
list_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  GError *error = NULL;
  GPtrArray *array;

  if (_fs_library_return_if_cancelled (self, task))
    return;

  array = store_list (self, task, cancellable, &error);
  if (array == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, array, (GDestroyNotify)g_ptr_array_unref);
}

/* Runs on the caller's thread: the model changes before the caller's
 * callback sees the result. */
static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  FsLibrary *self = FS_LIBRARY (object);
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GPtrArray) assets = NULL;
  GError *error = NULL;

  assets = g_task_propagate_pointer (G_TASK (result), &error);
  if (assets == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }

  _fs_library_schedule_update (self, assets, UPDATE_REPLACE);

  if (g_task_get_source_tag (outer) == fs_library_rebuild_async)
    g_task_return_int (outer, assets->len);
  else
    g_task_return_boolean (outer, TRUE);
}

static void
save_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  SaveData *data = task_data;
  GError *error = NULL;
  FsAsset *asset;

  /* Once writing has begun a save completes: the bytes may be paid for. */
  if (_fs_library_return_if_cancelled (self, task))
    return;

  asset = fs_library_store_save (self->store, data->record, data->image,
                                 data->index, &error);
  if (asset == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, asset, g_object_unref);
}

void
_fs_library_saved_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  FsLibrary *self = FS_LIBRARY (object);
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GPtrArray) assets = NULL;
  GError *error = NULL;
  FsAsset *asset;

  asset = g_task_propagate_pointer (G_TASK (result), &error);
  if (asset == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }

  assets = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (assets, g_object_ref (asset));
  _fs_library_schedule_update (self, assets, UPDATE_PREPEND);
  g_task_return_pointer (outer, asset, g_object_unref);
}

static void
journal_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  JournalData *data = task_data;
  GError *error = NULL;

  if (_fs_library_return_if_cancelled (self, task))
    return;

  if (fs_library_store_journal (self->store, data->job_id, data->state,
                                data->request_json, data->polling_url,
                                data->detail, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
fs_library_constructed (GObject *object)
{
  FsLibrary *self = (FsLibrary *)object;
  g_autofree char *folder_path = NULL;

  G_OBJECT_CLASS (fs_library_parent_class)->constructed (object);

  g_assert (G_IS_FILE (self->folder));
  g_assert (self->db_path != NULL);

  folder_path = g_file_get_path (self->folder);
  self->store = fs_library_store_new (folder_path, self->db_path);
}

static void
fs_library_dispose (GObject *object)
{
  FsLibrary *self = (FsLibrary *)object;

  g_cancellable_cancel (self->cancellable);
  g_hash_table_remove_all (self->item_paths);
  g_ptr_array_set_size (self->items, 0);

  G_OBJECT_CLASS (fs_library_parent_class)->dispose (object);
}

static void
fs_library_finalize (GObject *object)
{
  FsLibrary *self = (FsLibrary *)object;

  /* Closes the index. */
  g_clear_pointer (&self->store, fs_library_store_free);
  g_clear_object (&self->folder);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->item_paths, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (fs_library_parent_class)->finalize (object);
}

static void
fs_library_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FsLibrary *self = FS_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      g_value_set_object (value, self->folder);
      break;

    case PROP_DB_PATH:
      g_value_set_string (value, self->db_path);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_library_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  FsLibrary *self = FS_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      self->folder = g_value_dup_object (value);
      break;

    case PROP_DB_PATH:
      self->db_path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_library_class_init (FsLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = fs_library_constructed;
  object_class->dispose = fs_library_dispose;
  object_class->finalize = fs_library_finalize;
  object_class->get_property = fs_library_get_property;
  object_class->set_property = fs_library_set_property;

  properties[PROP_FOLDER] =
    g_param_spec_object ("folder", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_DB_PATH] =
    g_param_spec_string ("db-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fs_library_init (FsLibrary *self)
{
  self->cancellable = g_cancellable_new ();
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->item_paths = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * fs_library_new:
 * @folder: the gallery folder (a local one)
 * @db_path: the index database
 *
 * Touches no disk: fs_library_open_async() creates what is missing.
 *
 * Returns: (transfer full): a new #FsLibrary
 */
FsLibrary *
fs_library_new (GFile      *folder,
                const char *db_path)
{
  g_return_val_if_fail (G_IS_FILE (folder), NULL);
  g_return_val_if_fail (g_file_is_native (folder), NULL);
  g_return_val_if_fail (db_path != NULL, NULL);

  return g_object_new (FS_TYPE_LIBRARY,
                       "folder", folder,
                       "db-path", db_path,
                       NULL);
}

FsLibrary *
fs_library_new_default (void)
{
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  g_autofree char *fallback = NULL;
  g_autofree char *folder_path = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(GFile) folder = NULL;

  if (pictures == NULL)
    pictures = fallback = g_build_filename (g_get_home_dir (), "Pictures", NULL);

  folder_path = g_build_filename (pictures, "Flux Studio", NULL);
  db_path = g_build_filename (g_get_user_data_dir (), "flux-studio", "library.db", NULL);
  folder = g_file_new_for_path (folder_path);

  return fs_library_new (folder, db_path);
}

GFile *
fs_library_get_folder (FsLibrary *self)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), NULL);

  return self->folder;
}

const char *
fs_library_get_db_path (FsLibrary *self)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), NULL);

  return self->db_path;
}

/* Open and rebuild replace the list model before their caller hears. */
static void
start_load (FsLibrary           *self,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *outer = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (outer, source_tag);
  _fs_library_run_in_worker (self, cancellable, list_worker, load_done_cb, outer, NULL, NULL);
}

void
fs_library_open_async (FsLibrary           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_load (self, fs_library_open_async, cancellable, callback, user_data);
}

gboolean
fs_library_open_finish (FsLibrary     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
fs_library_save_async (FsLibrary           *self,
                       JsonObject          *record,
                       GBytes              *image,
                       guint                index,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  SaveData *data;
  GTask *outer;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (record != NULL);
  g_return_if_fail (image != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  /* A private copy: the caller may change @record once this returns. */
  data = g_new0 (SaveData, 1);
  data->record = _fs_asset_copy_record (record);
  data->image = g_bytes_ref (image);
  data->index = index;

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, fs_library_save_async);
  /* A save that has begun completes, and its asset is worth more to the
   * caller than a late "cancelled". */
  g_task_set_check_cancellable (outer, FALSE);
  _fs_library_run_in_worker (self, cancellable, save_worker, _fs_library_saved_cb, outer,
                             data, (GDestroyNotify)save_data_free);
}

FsAsset *
fs_library_save_finish (FsLibrary     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
fs_library_rebuild_async (FsLibrary           *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_load (self, fs_library_rebuild_async, cancellable, callback, user_data);
}

guint
fs_library_rebuild_finish (FsLibrary     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  gssize count;

  g_return_val_if_fail (FS_IS_LIBRARY (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  count = g_task_propagate_int (G_TASK (result), error);

  return count > 0 ? (guint)count : 0;
}

void
_fs_library_run_simple (FsLibrary           *self,
                        gpointer             source_tag,
                        GTaskThreadFunc      worker,
                        gpointer             task_data,
                        GDestroyNotify       task_data_free,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, task_data, task_data_free);
  g_task_run_in_thread (task, worker);
}

void
fs_library_search_async (FsLibrary           *self,
                         const char          *text,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  _fs_library_run_simple (self, fs_library_search_async, list_worker,
                          g_strdup (text), g_free,
                          cancellable, callback, user_data);
}

GPtrArray *
fs_library_search_finish (FsLibrary     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
fs_library_journal_async (FsLibrary           *self,
                          const char          *job_id,
                          const char          *state,
                          JsonNode            *request,
                          const char          *polling_url,
                          const char          *detail,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  JournalData *data;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (job_id != NULL);
  g_return_if_fail (state != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (JournalData, 1);
  data->job_id = g_strdup (job_id);
  data->state = g_strdup (state);
  data->request_json = request ? json_to_string (request, FALSE) : NULL;
  data->polling_url = g_strdup (polling_url);
  data->detail = g_strdup (detail);

  _fs_library_run_simple (self, fs_library_journal_async, journal_worker,
                          data, (GDestroyNotify)journal_data_free,
                          cancellable, callback, user_data);
}

gboolean
fs_library_journal_finish (FsLibrary     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
fs_library_list_unfinished_async (FsLibrary           *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  _fs_library_run_simple (self, fs_library_list_unfinished_async, list_worker,
                          NULL, NULL, cancellable, callback, user_data);
}

/* Returns: (transfer container) (element-type JsonObject): the unfinished
 * jobs, oldest first, freed with json_object_unref(). */
GPtrArray *
fs_library_list_unfinished_finish (FsLibrary     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
