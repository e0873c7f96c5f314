/* fs-catalog.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "fs-catalog.h"
#include "fs-catalog-private.h"
#include "fs-error.h"
#include "fs-file.h"
#include "fs-json.h"

/* The catalog is data/models.json, compiled into the core gresource, plus
 * an optional user file that adds or replaces models. Everything a model
 * does on a provider is resolved once, at load time (fs-catalog-parse.c and
 * the files it uses), into an offer: the parameters with that provider's
 * ranges, defaults and wire names, the size rule, the reference limits and
 * the price. After loading nothing changes, so models (fs-model.c) can be
 * read from any thread.
 */

/* Defined by the compiled gresource (data/meson.build, c_name fs_core);
 * referencing it is also what links the resource into every program. */
GResource *fs_core_get_resource (void);

#define MODELS_RESOURCE RESOURCE_PREFIX "/models.json"

struct _FsCatalog
{
  GObject     parent_instance;

  GPtrArray  *models;        /* FsModel, catalog order */
  GHashTable *by_id;         /* id → FsModel, borrowed from models */
  GPtrArray  *warnings;      /* char *, NULL-terminated */
};

static void fs_catalog_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FsCatalog, fs_catalog, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      fs_catalog_list_model_iface_init))

/* Loading */

static void
catalog_warn (FsCatalog  *self,
              const char *message)
{
  /* Translators: the message says which file and line */
  char *warning = g_strdup_printf (_("%s — the file was ignored"), message);

  g_warning ("%s", warning);
  g_ptr_array_add (self->warnings, warning);
}

/* The user's file is all or nothing: a mistake anywhere in it leaves the
 * built-in catalog exactly as it was, with a warning naming the place. */
static void
catalog_add_user (FsCatalog  *self,
                  JsonObject *builtin,
                  const char *json,
                  gssize      length,
                  const char *path)
{
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->models->len; i++)
    g_ptr_array_add (models, g_object_ref (g_ptr_array_index (self->models, i)));

  root = _fs_catalog_parse_document (json, length, path, &error);
  if (root == NULL || !_fs_catalog_read_document (root, builtin, path, FALSE, models, &error))
    {
      catalog_warn (self, error->message);
      return;
    }

  g_ptr_array_unref (self->models);
  self->models = g_steal_pointer (&models);
}

static FsCatalog *
catalog_new (const char *json,
             gssize      length,
             const char *user_json,
             gssize      user_length,
             const char *user_path,
             GError    **error)
{
  g_autoptr(FsCatalog) self = g_object_new (FS_TYPE_CATALOG, NULL);
  g_autoptr(JsonObject) root = _fs_catalog_parse_document (json, length, "models.json", error);

  if (root == NULL ||
      !_fs_catalog_read_document (root, NULL, "models.json", TRUE, self->models, error))
    return NULL;

  if (user_json != NULL)
    catalog_add_user (self, root, user_json, user_length, user_path);

  for (guint i = 0; i < self->models->len; i++)
    {
      FsModel *model = g_ptr_array_index (self->models, i);

      g_hash_table_insert (self->by_id, model->id, model);
    }

  return g_steal_pointer (&self);
}

static char *
user_file_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "flux-studio", "models.json", NULL);
}

/* No file, or no config folder to hold one, means no user models. */
static gboolean
user_file_absent (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
}

/* Blocking: reads the gresource and the user's file. */
FsCatalog *
fs_catalog_new_default (GError **error)
{
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) read_error = NULL;
  g_autofree char *path = user_file_path ();
  g_autoptr(GBytes) user_json = NULL;
  const char *user_text = NULL;
  FsCatalog *self;

  data = g_resource_lookup_data (fs_core_get_resource (), MODELS_RESOURCE,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
  if (data == NULL)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_CATALOG,
                   _("The built-in model catalog is missing: %s"), local_error->message);
      return NULL;
    }

  /* Only a regular file, and only up to the limit (docs/ARCHITECTURE.md,
   * “Limits”): a FIFO or /dev/zero in its place must not hang the app. */
  user_json = fs_file_read_path (path, FS_JSON_MAX_CATALOG_BYTES, NULL, &read_error);
  if (user_json != NULL)
    user_text = g_bytes_get_size (user_json) > 0 ? g_bytes_get_data (user_json, NULL) : "";

  self = catalog_new (g_bytes_get_data (data, NULL), (gssize) g_bytes_get_size (data),
                      user_text, user_json != NULL ? (gssize) g_bytes_get_size (user_json) : 0,
                      path, error);

  if (self != NULL && read_error != NULL && !user_file_absent (read_error))
    {
      g_autofree char *message = g_strdup_printf ("%s: %s", path, read_error->message);

      catalog_warn (self, message);
    }

  return self;
}

FsCatalog *
fs_catalog_new_from_data (const char  *json,
                          const char  *user_json,
                          const char  *user_path,
                          GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return catalog_new (json, -1, user_json, -1,
                      user_path != NULL ? user_path : "models.json (user)", error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  FsCatalog *catalog;

  if (g_task_return_error_if_cancelled (task))
    return;

  catalog = fs_catalog_new_default (&error);
  if (catalog == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, catalog, g_object_unref);
}

void
fs_catalog_load_async (GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_catalog_load_async);
  g_task_run_in_thread (task, load_thread);
}

FsCatalog *
fs_catalog_load_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* FsCatalog */

static GType
fs_catalog_get_item_type (GListModel *model)
{
  return FS_TYPE_MODEL;
}

static guint
fs_catalog_get_n_items (GListModel *model)
{
  return FS_CATALOG (model)->models->len;
}

static gpointer
fs_catalog_get_item (GListModel *model,
                     guint       position)
{
  FsCatalog *self = FS_CATALOG (model);

  if (position >= self->models->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->models, position));
}

static void
fs_catalog_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fs_catalog_get_item_type;
  iface->get_n_items = fs_catalog_get_n_items;
  iface->get_item = fs_catalog_get_item;
}

static void
fs_catalog_dispose (GObject *object)
{
  FsCatalog *self = (FsCatalog *) object;

  g_hash_table_remove_all (self->by_id);
  g_ptr_array_set_size (self->models, 0);

  G_OBJECT_CLASS (fs_catalog_parent_class)->dispose (object);
}

static void
fs_catalog_finalize (GObject *object)
{
  FsCatalog *self = (FsCatalog *) object;

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->models, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);

  G_OBJECT_CLASS (fs_catalog_parent_class)->finalize (object);
}

static void
fs_catalog_class_init (FsCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fs_catalog_dispose;
  object_class->finalize = fs_catalog_finalize;
}

static void
fs_catalog_init (FsCatalog *self)
{
  self->models = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->warnings = g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

/* Returns the model (borrowed) or NULL. */
FsModel *
fs_catalog_lookup (FsCatalog  *self,
                   const char *model_id)
{
  g_return_val_if_fail (FS_IS_CATALOG (self), NULL);

  if (model_id == NULL)
    return NULL;

  return g_hash_table_lookup (self->by_id, model_id);
}

guint
fs_catalog_get_max_concurrent (FsCatalog  *self,
                               const char *provider_id)
{
  guint n_models;
  guint cap = 0;

  g_return_val_if_fail (FS_IS_CATALOG (self), 0);
  g_return_val_if_fail (provider_id != NULL, 0);

  n_models = g_list_model_get_n_items (G_LIST_MODEL (self));
  for (guint i = 0; i < n_models; i++)
    {
      g_autoptr(FsModel) model = g_list_model_get_item (G_LIST_MODEL (self), i);
      guint model_cap;

      if (!fs_model_has_provider (model, provider_id))
        continue;
      model_cap = fs_model_get_max_concurrent (model, provider_id);
      if (model_cap == 0)
        return 0;
      cap = MAX (cap, model_cap);
    }

  return cap;
}

/* What was wrong with the user's models.json, if anything; never NULL. */
const char * const *
fs_catalog_get_warnings (FsCatalog *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (FS_IS_CATALOG (self), none);

  if (self->warnings->len == 0)
    return none;

  return (const char * const *) self->warnings->pdata;
}
