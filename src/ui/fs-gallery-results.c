/* fs-gallery-results.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-gallery-results.h"

/* The library's changes (a save, a mark, the folder's watch) come in
 * bursts; the query is asked again once they settle. */
#define LIBRARY_SETTLE_MS 250

struct _FsGalleryResults
{
  GObject         parent_instance;

  FsLibrary      *library;
  FsLibraryQuery *query;
  GListStore     *store;       /* the query's answer */
  GListModel     *current;     /* the library or the store, borrowed */
  GCancellable   *cancellable; /* the query in flight */
  guint           run_id;
  gboolean        answered;    /* the store holds an answer to the query */
  gboolean        busy;
};

static void fs_gallery_results_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FsGalleryResults, fs_gallery_results, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      fs_gallery_results_list_model_init))

enum {
  PROP_0,
  PROP_BUSY,
  PROP_QUERYING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
results_get_item_type (GListModel *model)
{
  return FS_TYPE_ASSET;
}

static guint
results_get_n_items (GListModel *model)
{
  FsGalleryResults *self = FS_GALLERY_RESULTS (model);

  return self->current != NULL ? g_list_model_get_n_items (self->current) : 0;
}

static gpointer
results_get_item (GListModel *model,
                  guint       position)
{
  FsGalleryResults *self = FS_GALLERY_RESULTS (model);

  return self->current != NULL ? g_list_model_get_item (self->current, position) : NULL;
}

static void
fs_gallery_results_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = results_get_item_type;
  iface->get_n_items = results_get_n_items;
  iface->get_item = results_get_item;
}

static gboolean
wants_query (FsGalleryResults *self)
{
  return fs_library_query_is_filtered (self->query) ||
         fs_library_query_get_sort (self->query) != FS_SORT_NEWEST;
}

static void
update_busy (FsGalleryResults *self)
{
  gboolean busy = fs_library_get_loading (self->library) ||
                  (self->current == G_LIST_MODEL (self->store) && !self->answered);

  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show (FsGalleryResults *self,
      GListModel       *model)
{
  guint removed = results_get_n_items (G_LIST_MODEL (self));

  if (self->current == model)
    return;

  self->current = model;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, g_list_model_get_n_items (model));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERYING]);
}

static void
forward_items_changed_cb (FsGalleryResults *self,
                          guint             position,
                          guint             removed,
                          guint             added,
                          GListModel       *model)
{
  if (self->current == model)
    g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
query_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FsGalleryResults) self = user_data;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;

  assets = fs_library_query_finish (FS_LIBRARY (source), result, &error);
  if (assets == NULL)
    {
      /* The index not opened yet answers when the library has loaded;
       * anything else leaves the last answer showing. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The gallery's query failed: %s", error->message);
      return;
    }

  g_clear_object (&self->cancellable);
  self->answered = TRUE;
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       assets->pdata, assets->len);
  show (self, G_LIST_MODEL (self->store));
  update_busy (self);
}

static gboolean
run_cb (gpointer user_data)
{
  FsGalleryResults *self = user_data;
  g_autoptr(FsLibraryQuery) query = NULL;

  self->run_id = 0;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (!wants_query (self))
    {
      self->answered = FALSE;
      show (self, G_LIST_MODEL (self->library));
      g_list_store_remove_all (self->store);
      update_busy (self);
      return G_SOURCE_REMOVE;
    }

  /* The query runs on a copy: typing on meanwhile changes the next one. */
  query = fs_library_query_copy (self->query);
  self->cancellable = g_cancellable_new ();
  fs_library_query_async (self->library, query, self->cancellable, query_done_cb,
                          g_object_ref (self));
  update_busy (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (FsGalleryResults *self,
          guint             delay_ms)
{
  g_clear_handle_id (&self->run_id, g_source_remove);
  self->run_id = g_timeout_add (delay_ms, run_cb, self);
}

static void
query_notify_cb (FsGalleryResults *self,
                 GParamSpec       *pspec)
{
  gboolean typing = g_str_equal (pspec->name, "text");

  /* A filter picked from a menu shows at once; a word typed waits for
   * the next keystroke. The old answer stays on screen until then. */
  if (!wants_query (self) && self->current == G_LIST_MODEL (self->library))
    return;
  if (self->current == G_LIST_MODEL (self->library))
    self->answered = FALSE;
  schedule (self, typing ? FS_GALLERY_RESULTS_TYPING_MS : 0);
}

static void
library_changed_cb (FsGalleryResults *self)
{
  if (self->current == G_LIST_MODEL (self->store) && self->run_id == 0)
    schedule (self, LIBRARY_SETTLE_MS);
}

static void
fs_gallery_results_dispose (GObject *object)
{
  FsGalleryResults *self = FS_GALLERY_RESULTS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->run_id, g_source_remove);
  if (self->query != NULL)
    g_signal_handlers_disconnect_by_data (self->query, self);
  if (self->library != NULL)
    g_signal_handlers_disconnect_by_data (self->library, self);
  self->current = NULL;
  g_clear_object (&self->query);
  g_clear_object (&self->library);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (fs_gallery_results_parent_class)->dispose (object);
}

static void
fs_gallery_results_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FsGalleryResults *self = FS_GALLERY_RESULTS (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_QUERYING:
      g_value_set_boolean (value, fs_gallery_results_get_querying (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_gallery_results_class_init (FsGalleryResultsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fs_gallery_results_dispose;
  object_class->get_property = fs_gallery_results_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERYING] =
    g_param_spec_boolean ("querying", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fs_gallery_results_init (FsGalleryResults *self)
{
  self->store = g_list_store_new (FS_TYPE_ASSET);
}

FsGalleryResults *
fs_gallery_results_new (FsLibrary      *library,
                        FsLibraryQuery *query)
{
  FsGalleryResults *self;

  g_return_val_if_fail (FS_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (FS_IS_LIBRARY_QUERY (query), NULL);

  self = g_object_new (FS_TYPE_GALLERY_RESULTS, NULL);
  self->library = g_object_ref (library);
  self->query = g_object_ref (query);
  self->current = G_LIST_MODEL (library);

  g_signal_connect_swapped (library, "items-changed", G_CALLBACK (forward_items_changed_cb), self);
  g_signal_connect_swapped (self->store, "items-changed", G_CALLBACK (forward_items_changed_cb),
                            self);
  g_signal_connect_swapped (library, "items-changed", G_CALLBACK (library_changed_cb), self);
  g_signal_connect_swapped (library, "notify::loading", G_CALLBACK (update_busy), self);
  g_signal_connect_swapped (query, "notify", G_CALLBACK (query_notify_cb), self);

  if (wants_query (self))
    run_cb (self);
  update_busy (self);
  return self;
}

FsLibraryQuery *
fs_gallery_results_get_query (FsGalleryResults *self)
{
  g_return_val_if_fail (FS_IS_GALLERY_RESULTS (self), NULL);

  return self->query;
}

gboolean
fs_gallery_results_get_busy (FsGalleryResults *self)
{
  g_return_val_if_fail (FS_IS_GALLERY_RESULTS (self), FALSE);

  return self->busy;
}

gboolean
fs_gallery_results_get_querying (FsGalleryResults *self)
{
  g_return_val_if_fail (FS_IS_GALLERY_RESULTS (self), FALSE);

  return self->current != NULL && self->current != G_LIST_MODEL (self->library);
}
