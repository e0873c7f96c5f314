/* fs-gallery.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "fs-asset-marks.h"
#include "fs-export-dialog.h"
#include "fs-filter-chips.h"
#include "fs-gallery.h"
#include "fs-gallery-filters.h"
#include "fs-gallery-item.h"
#include "fs-gallery-private.h"
#include "fs-gallery-results.h"
#include "fs-inspector.h"
#include "fs-job-card.h"
#include "fs-selection-bar.h"
#include "fs-thumbnail.h"

/* Thumbnails are requested at this many pixels (times the scale factor)
 * on their shorter side, enough for the widest tiles the grid makes. */
#define THUMBNAIL_SIDE      256
#define THUMBNAIL_MAX_SIDE  768
/* Decoded thumbnails kept in memory so that scrolling back is instant;
 * about 256 KiB each. */
#define TEXTURE_CACHE_SIZE  160


G_DEFINE_FINAL_TYPE (FsGallery, fs_gallery, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LIBRARY,
  PROP_JOB_QUEUE,
  PROP_CATALOG,
  N_PROPS
};

enum {
  ASSET_ACTIVATED,
  RETRY_JOB,
  TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  char       *key;
  GdkTexture *texture;
} CacheEntry;

typedef struct
{
  GWeakRef      gallery;
  GWeakRef      item;
  GCancellable *cancellable;
  char         *key;
} LoadData;

static void
cache_entry_free (CacheEntry *entry)
{
  g_free (entry->key);
  g_object_unref (entry->texture);
  g_free (entry);
}

static GdkTexture *
cache_lookup (FsGallery  *self,
              const char *key)
{
  GList *link = g_hash_table_lookup (self->cache_index, key);

  if (link == NULL)
    return NULL;

  g_queue_unlink (&self->cache_order, link);
  g_queue_push_head_link (&self->cache_order, link);
  return ((CacheEntry *) link->data)->texture;
}

static void
cache_insert (FsGallery  *self,
              const char *key,
              GdkTexture *texture)
{
  CacheEntry *entry;

  if (g_hash_table_contains (self->cache_index, key))
    return;

  entry = g_new0 (CacheEntry, 1);
  entry->key = g_strdup (key);
  entry->texture = g_object_ref (texture);
  g_queue_push_head (&self->cache_order, entry);
  g_hash_table_insert (self->cache_index, entry->key, self->cache_order.head);

  while (self->cache_order.length > TEXTURE_CACHE_SIZE)
    {
      CacheEntry *oldest = g_queue_pop_tail (&self->cache_order);

      g_hash_table_remove (self->cache_index, oldest->key);
      cache_entry_free (oldest);
    }
}

static void
cache_clear (FsGallery *self)
{
  g_hash_table_remove_all (self->cache_index);
  g_queue_clear_full (&self->cache_order, (GDestroyNotify) cache_entry_free);
}

static void
load_data_free (LoadData *data)
{
  g_weak_ref_clear (&data->gallery);
  g_weak_ref_clear (&data->item);
  g_clear_object (&data->cancellable);
  g_free (data->key);
  g_free (data);
}

/* The longer side to ask for, so that the shorter one still covers a
 * square tile: a 2:1 image needs a thumbnail twice as wide. */
static guint
thumbnail_size_for (FsGallery *self,
                    FsAsset   *asset)
{
  guint base = THUMBNAIL_SIDE * MAX (gtk_widget_get_scale_factor (GTK_WIDGET (self)), 1);
  guint width = fs_asset_get_width (asset);
  guint height = fs_asset_get_height (asset);
  guint64 size;

  if (width == 0 || height == 0)
    return base;

  size = (guint64) base * MAX (width, height) / MIN (width, height);
  return (guint) CLAMP (size, base, (guint64) base * THUMBNAIL_MAX_SIDE / THUMBNAIL_SIDE);
}

static void
thumbnail_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  LoadData *data = user_data;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(FsGallery) self = NULL;
  g_autoptr(FsGalleryItem) item = NULL;
  g_autoptr(GError) error = NULL;

  pixbuf = fs_thumbnail_load_finish (result, &error);
  self = g_weak_ref_get (&data->gallery);
  item = g_weak_ref_get (&data->item);

  /* Wrapping the decoded pixels in a texture copies nothing. */
  if (pixbuf != NULL)
    texture = gdk_texture_new_for_pixbuf (pixbuf);
  if (texture != NULL && self != NULL)
    cache_insert (self, data->key, texture);

  if (item != NULL && fs_gallery_item_is_current_load (item, data->cancellable))
    {
      if (texture != NULL)
        fs_gallery_item_set_texture (item, texture, TRUE);
      else
        fs_gallery_item_set_failed (item, error->message);
    }

  load_data_free (data);
}

static void schedule_load_visible (FsGallery *self);

static void
load_thumbnail (FsGallery     *self,
                FsGalleryItem *item,
                FsAsset       *asset,
                gboolean       now)
{
  guint size = thumbnail_size_for (self, asset);
  g_autofree char *key = g_strdup_printf ("%s-%u", fs_asset_get_sha256 (asset), size);
  GdkTexture *texture = cache_lookup (self, key);
  FsAssetDamage damage = fs_asset_get_damage (asset);
  LoadData *data;

  /* Nothing to decode: not even tried (the path may be a FIFO). */
  if (damage == FS_ASSET_MISSING || damage == FS_ASSET_EMPTY)
    {
      fs_gallery_item_set_failed (item, fs_asset_damage_describe (damage));
      return;
    }

  if (texture != NULL)
    {
      fs_gallery_item_set_texture (item, texture, FALSE);
      return;
    }

  /* Decoded only once on screen or near it (load_visible_cb). */
  if (!now)
    {
      g_hash_table_add (self->pending, item);
      schedule_load_visible (self);
      return;
    }

  data = g_new0 (LoadData, 1);
  g_weak_ref_init (&data->gallery, self);
  g_weak_ref_init (&data->item, item);
  data->cancellable = g_object_ref (fs_gallery_item_begin_load (item));
  data->key = g_steal_pointer (&key);
  fs_thumbnail_load_async (fs_asset_get_path (asset), fs_asset_get_sha256 (asset), size,
                           data->cancellable, thumbnail_loaded_cb, data);
}

/* GTK 4.8's grid binds up to thirty rows of tiles, hundreds before its
 * first allocation: only the tiles within a screen of the visible area
 * decode their thumbnails, the others when scrolling brings them near. */
static gboolean
load_visible_cb (gpointer user_data)
{
  FsGallery *self = user_data;
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self->grid),
                                                 GTK_TYPE_SCROLLED_WINDOW);
  int height = gtk_widget_get_height (scroller);
  g_autoptr(GPtrArray) ready = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  self->visible_id = 0;
  if (height <= 0 || !gtk_widget_get_mapped (scroller))
    return G_SOURCE_REMOVE;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      graphene_rect_t bounds;

      if (!gtk_widget_compute_bounds (key, scroller, &bounds) || bounds.size.height <= 0 ||
          bounds.origin.y + bounds.size.height < -height || bounds.origin.y > 2 * height)
        continue;
      g_ptr_array_add (ready, key);
      g_hash_table_iter_remove (&iter);
    }

  for (guint i = 0; i < ready->len; i++)
    {
      FsGalleryItem *item = g_ptr_array_index (ready, i);
      FsAsset *asset = fs_gallery_item_get_asset (item);

      if (asset != NULL)
        load_thumbnail (self, item, asset, TRUE);
    }

  return G_SOURCE_REMOVE;
}

/* After the frame's layout: an idle runs below the redraw's priority. */
static void
schedule_load_visible (FsGallery *self)
{
  if (self->visible_id == 0)
    self->visible_id = g_idle_add (load_visible_cb, self);
}

static void
item_selected_cb (GtkListItem   *list_item,
                  GParamSpec    *pspec,
                  FsGalleryItem *item)
{
  fs_gallery_item_set_selected (item, gtk_list_item_get_selected (list_item));
}

static void
item_rate_cb (FsGalleryItem *item,
              guint          rating,
              FsGallery     *self)
{
  g_autoptr(GPtrArray) assets = g_ptr_array_new ();

  g_ptr_array_add (assets, fs_gallery_item_get_asset (item));
  fs_asset_marks_apply_rating (self->library, assets, rating, self->cancellable,
                               (FsMarksToastFunc) _fs_gallery_toast_text, G_OBJECT (self));
}

static void
item_favourite_cb (FsGalleryItem *item,
                   gboolean       favourite,
                   FsGallery     *self)
{
  g_autoptr(GPtrArray) assets = g_ptr_array_new ();

  g_ptr_array_add (assets, fs_gallery_item_get_asset (item));
  fs_asset_marks_apply_favourite (self->library, assets, favourite, self->cancellable,
                                  (FsMarksToastFunc) _fs_gallery_toast_text, G_OBJECT (self));
}

static void
item_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               FsGallery                *self)
{
  GtkWidget *item = fs_gallery_item_new ();

  gtk_list_item_set_child (list_item, item);
  g_signal_connect_object (list_item, "notify::selected", G_CALLBACK (item_selected_cb), item, 0);
  g_signal_connect_object (item, "rate", G_CALLBACK (item_rate_cb), self, 0);
  g_signal_connect_object (item, "set-favourite", G_CALLBACK (item_favourite_cb), self, 0);
  _fs_gallery_add_tile_controllers (item, list_item);
}

static void
item_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              FsGallery                *self)
{
  FsGalleryItem *item = FS_GALLERY_ITEM (gtk_list_item_get_child (list_item));
  FsAsset *asset = gtk_list_item_get_item (list_item);

  fs_gallery_item_set_asset (item, asset);
  fs_gallery_item_set_selected (item, gtk_list_item_get_selected (list_item));
  load_thumbnail (self, item, asset, FALSE);
}

static void
item_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                FsGallery                *self)
{
  FsGalleryItem *item = FS_GALLERY_ITEM (gtk_list_item_get_child (list_item));

  /* Cancels the thumbnail load of a tile scrolled out of view. */
  g_hash_table_remove (self->pending, item);
  fs_gallery_item_set_asset (item, NULL);
}

static void
grid_activate_cb (FsGallery *self,
                  guint      position)
{
  g_autoptr(FsAsset) asset = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (asset != NULL)
    g_signal_emit (self, signals[ASSET_ACTIVATED], 0, asset);
}

/* Loading, then the grid or why it is empty: never "No Images Yet"
 * while the library or the first answer to a query is on its way. */
static void
update_empty_state (FsGallery *self)
{
  gboolean busy = fs_gallery_results_get_busy (self->results);
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->results)) == 0;
  gboolean filtered = fs_library_query_is_filtered (self->query);

  gtk_spinner_set_spinning (self->loading_spinner, empty && busy);
  if (empty && busy)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  if (fs_library_query_get_collection (self->query) != NULL)
    {
      adw_status_page_set_icon_name (self->empty_page, "folder-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Images in This Collection"));
      adw_status_page_set_description (self->empty_page,
                                       _("Drag images onto the collection in the side list, or "
                                         "press Ctrl+D on a selected image."));
    }
  else if (filtered)
    {
      adw_status_page_set_icon_name (self->empty_page, "system-search-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Matching Images"));
      adw_status_page_set_description (self->empty_page,
                                       _("No image matches the search and the filters. "
                                         "Remove a filter or change the search."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "image-x-generic-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Images Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Write a prompt and press Ctrl+Enter. Every image is "
                                         "saved here the moment it arrives."));
    }
  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "grid");
}

static void
results_items_changed_cb (FsGallery  *self,
                          guint       position,
                          guint       removed,
                          guint       added,
                          GListModel *model)
{
  update_empty_state (self);
}

static void
search_changed_cb (FsGallery *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  fs_library_query_set_text (self->query, text[0] != '\0' ? text : NULL);
}

static void
stop_search_cb (FsGallery *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->grid));
}

static void
query_text_cb (FsGallery *self)
{
  const char *text = fs_library_query_get_text (self->query);

  if (text == NULL)
    text = "";
  if (!g_str_equal (text, gtk_editable_get_text (GTK_EDITABLE (self->search_entry))))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
      if (text[0] != '\0')
        gtk_search_bar_set_search_mode (self->search_bar, TRUE);
    }
}

static void
selection_trash_cb (FsGallery *self)
{
  _fs_gallery_trash (self);
}

static void
selection_export_cb (FsGallery *self)
{
  _fs_gallery_export (self);
}

static void
selection_toast_cb (FsGallery  *self,
                    const char *message)
{
  _fs_gallery_toast_text (self, message);
}

static void
selection_none_cb (FsGallery *self)
{
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
}

static gboolean
selection_idle_cb (gpointer user_data)
{
  FsGallery *self = user_data;

  self->selection_id = 0;
  _fs_gallery_selection_changed (self);
  return G_SOURCE_REMOVE;
}

/* Ctrl+A over ten thousand images is one change; looked at once. */
static void
selection_changed_cb (FsGallery *self)
{
  if (self->selection_id == 0)
    self->selection_id = g_idle_add (selection_idle_cb, self);
}

/* The cards live inside the flow box; their handlers find their gallery
 * from the card itself. */
static FsGallery *
gallery_of_card (GtkWidget *card)
{
  return FS_GALLERY (gtk_widget_get_ancestor (card, FS_TYPE_GALLERY));
}

void
fs_gallery_retry_job (FsGallery *self,
                      FsJob     *job)
{
  g_autoptr(FsJob) held = g_object_ref (job);

  g_return_if_fail (FS_IS_GALLERY (self));
  g_return_if_fail (FS_IS_JOB (job));

  /* A paid result not yet saved is saved by the same job: generating
   * again would pay again. */
  if (fs_job_get_stage (job) == FS_JOB_UNSAVED)
    {
      if (self->queue != NULL)
        fs_job_queue_retry (self->queue, job);
      return;
    }

  g_signal_emit (self, signals[RETRY_JOB], 0, job);
  /* The retry is a new job with its own card; the failed one has done
   * its work. */
  if (self->queue != NULL &&
      (fs_job_get_stage (job) == FS_JOB_FAILED || fs_job_get_stage (job) == FS_JOB_CANCELLED))
    fs_job_queue_dismiss (self->queue, job);
}

static void
job_card_retry_cb (FsJobCard *card)
{
  FsGallery *self = gallery_of_card (GTK_WIDGET (card));

  if (self != NULL)
    fs_gallery_retry_job (self, fs_job_card_get_job (card));
}

static void
job_card_inspect_cb (FsJobCard *card)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (card));
  GtkWidget *inspector;

  inspector = fs_inspector_new_for_job (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        fs_job_card_get_job (card));
  gtk_window_present (GTK_WINDOW (inspector));
}

static void
job_card_dismiss_cb (FsJobCard *card)
{
  FsGallery *self = gallery_of_card (GTK_WIDGET (card));

  if (self != NULL && self->queue != NULL)
    fs_job_queue_dismiss (self->queue, fs_job_card_get_job (card));
}

static void
job_card_cancel_cb (FsJobCard *card)
{
  FsGallery *self = gallery_of_card (GTK_WIDGET (card));

  if (self != NULL && self->queue != NULL)
    fs_job_queue_cancel (self->queue, fs_job_card_get_job (card));
}

static FsModel *
job_model (FsGallery *self,
           FsJob     *job)
{
  if (self->catalog == NULL)
    return NULL;

  return fs_catalog_lookup (self->catalog, fs_request_get_model_id (fs_job_get_request (job)));
}

static GtkWidget *
create_job_card_cb (gpointer item,
                    gpointer user_data)
{
  FsGallery *self = user_data;
  FsModel *model = job_model (self, FS_JOB (item));
  GtkWidget *card = fs_job_card_new (FS_JOB (item),
                                     model ? fs_model_get_typical_seconds (model) : 0);

  if (model != NULL)
    fs_job_card_set_model_name (FS_JOB_CARD (card), fs_model_get_name (model));
  g_signal_connect (card, "retry", G_CALLBACK (job_card_retry_cb), NULL);
  g_signal_connect (card, "inspect", G_CALLBACK (job_card_inspect_cb), NULL);
  g_signal_connect (card, "dismiss", G_CALLBACK (job_card_dismiss_cb), NULL);
  g_signal_connect (card, "cancel", G_CALLBACK (job_card_cancel_cb), NULL);
  return card;
}

static void
update_jobs_revealed (FsGallery *self)
{
  gboolean any = self->queue != NULL &&
                 g_list_model_get_n_items (G_LIST_MODEL (self->queue)) > 0;

  gtk_revealer_set_reveal_child (self->jobs_revealer, any);
}

static void
queue_items_changed_cb (FsGallery  *self,
                        guint       position,
                        guint       removed,
                        guint       added,
                        GListModel *model)
{
  update_jobs_revealed (self);
}

/* GTK 4.8's grid keeps 30 rows of tiles alive for each of its
 * max-columns, however many columns fit: at 16, some 500 tiles built,
 * styled and bound to show a screen of 20. As many columns as the width
 * holds, plus one (a wider window is not held back while this follows),
 * lay out the same with a third of the tiles. */
#define GRID_MAX_COLUMNS 16

static void
fit_columns (FsGallery *self,
             int        width)
{
  guint columns = CLAMP (width / FS_GALLERY_ITEM_MIN_WIDTH + 1, 2, GRID_MAX_COLUMNS);

  if (width > 0 && columns != gtk_grid_view_get_max_columns (self->grid))
    gtk_grid_view_set_max_columns (self->grid, columns);
}

static gboolean
fit_columns_cb (gpointer user_data)
{
  FsGallery *self = user_data;

  self->fit_columns_id = 0;
  fit_columns (self, gtk_widget_get_width (GTK_WIDGET (self->grid)));
  return G_SOURCE_REMOVE;
}

/* The grid's width changed: follow it once the layout is done (setting
 * max-columns asks for another). */
static void
grid_width_changed_cb (FsGallery *self)
{
  if (self->fit_columns_id == 0)
    self->fit_columns_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, fit_columns_cb, self, NULL);
}

/* Before the first layout, the widest the grid can be: its monitor's
 * width. */
static void
grid_realize_cb (FsGallery *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self->grid));
  GdkSurface *surface = native != NULL ? gtk_native_get_surface (native) : NULL;
  GdkMonitor *monitor = NULL;
  GdkRectangle geometry;

  if (surface != NULL)
    monitor = gdk_display_get_monitor_at_surface (gdk_surface_get_display (surface), surface);
  if (monitor == NULL)
    return;
  gdk_monitor_get_geometry (monitor, &geometry);
  fit_columns (self, geometry.width);
}

static void
setup_grid (FsGallery *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkAdjustment *vadjustment;

  self->query = fs_library_query_new ();
  self->results = fs_gallery_results_new (self->library, self->query);
  self->selection = gtk_multi_selection_new (g_object_ref (_fs_gallery_reveal_init (self)));

  g_signal_connect (factory, "setup", G_CALLBACK (item_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (item_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (item_unbind_cb), self);

  gtk_grid_view_set_model (self->grid, GTK_SELECTION_MODEL (self->selection));
  gtk_grid_view_set_factory (self->grid, factory);
  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->grid));
  g_signal_connect_object (vadjustment, "value-changed",
                           G_CALLBACK (schedule_load_visible), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (vadjustment, "changed",
                           G_CALLBACK (schedule_load_visible), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->grid, "map",
                           G_CALLBACK (schedule_load_visible), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->grid, "realize",
                           G_CALLBACK (grid_realize_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->grid)),
                           "changed", G_CALLBACK (grid_width_changed_cb), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (self->results, "items-changed",
                           G_CALLBACK (results_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->results, "notify::busy",
                           G_CALLBACK (update_empty_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->query, "notify",
                           G_CALLBACK (update_empty_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->query, "notify::text",
                           G_CALLBACK (query_text_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  fs_gallery_filters_set_query (self->filters, self->query);
  fs_filter_chips_set_query (self->chips, self->query);
  fs_selection_bar_set_library (self->selection_bar, self->library);
  update_empty_state (self);
}

static void
setup_jobs (FsGallery *self)
{
  if (self->queue == NULL)
    return;

  gtk_flow_box_bind_model (self->jobs_box, G_LIST_MODEL (self->queue),
                           create_job_card_cb, self, NULL);
  g_signal_connect_object (self->queue, "items-changed",
                           G_CALLBACK (queue_items_changed_cb), self, G_CONNECT_SWAPPED);
  update_jobs_revealed (self);
}

static void
fs_gallery_constructed (GObject *object)
{
  FsGallery *self = FS_GALLERY (object);

  G_OBJECT_CLASS (fs_gallery_parent_class)->constructed (object);

  g_assert (FS_IS_LIBRARY (self->library));
  setup_grid (self);
  setup_jobs (self);
}

static void
fs_gallery_dispose (GObject *object)
{
  FsGallery *self = FS_GALLERY (object);

  if (self->queue != NULL)
    gtk_flow_box_bind_model (self->jobs_box, NULL, NULL, NULL, NULL);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->selection_id, g_source_remove);
  g_clear_handle_id (&self->visible_id, g_source_remove);
  g_clear_handle_id (&self->fit_columns_id, g_source_remove);
  g_hash_table_remove_all (self->pending);
  _fs_gallery_reveal_stop (self);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->selection);
  g_clear_object (&self->reveal);
  g_clear_object (&self->results);
  g_clear_object (&self->query);
  g_clear_object (&self->library);
  g_clear_object (&self->queue);
  g_clear_object (&self->catalog);
  g_clear_object (&self->item_menu);
  cache_clear (self);

  G_OBJECT_CLASS (fs_gallery_parent_class)->dispose (object);
}

static void
fs_gallery_finalize (GObject *object)
{
  FsGallery *self = FS_GALLERY (object);

  g_hash_table_unref (self->cache_index);
  g_hash_table_unref (self->pending);

  G_OBJECT_CLASS (fs_gallery_parent_class)->finalize (object);
}

static void
fs_gallery_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FsGallery *self = FS_GALLERY (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;

    case PROP_JOB_QUEUE:
      g_value_set_object (value, self->queue);
      break;

    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_gallery_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  FsGallery *self = FS_GALLERY (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      self->library = g_value_dup_object (value);
      break;

    case PROP_JOB_QUEUE:
      self->queue = g_value_dup_object (value);
      break;

    case PROP_CATALOG:
      fs_gallery_set_catalog (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_gallery_install_properties (GObjectClass *object_class)
{
  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL, FS_TYPE_LIBRARY,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_JOB_QUEUE] =
    g_param_spec_object ("job-queue", NULL, NULL, FS_TYPE_JOB_QUEUE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, FS_TYPE_CATALOG,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fs_gallery_install_signals (GObjectClass *object_class)
{
  signals[ASSET_ACTIVATED] =
    g_signal_new ("asset-activated", G_TYPE_FROM_CLASS (object_class),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FS_TYPE_ASSET);
  signals[RETRY_JOB] =
    g_signal_new ("retry-job", G_TYPE_FROM_CLASS (object_class),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FS_TYPE_JOB);
  /**
   * FsGallery::toast:
   * @self: the gallery
   * @toast: an #AdwToast for the window to show
   */
  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (object_class),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ADW_TYPE_TOAST);
}

static void
fs_gallery_class_init (FsGalleryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fs_gallery_constructed;
  object_class->dispose = fs_gallery_dispose;
  object_class->finalize = fs_gallery_finalize;
  object_class->get_property = fs_gallery_get_property;
  object_class->set_property = fs_gallery_set_property;

  fs_gallery_install_properties (object_class);
  fs_gallery_install_signals (object_class);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/fs-gallery.ui");
  gtk_widget_class_bind_template_child (widget_class, FsGallery, box);
  gtk_widget_class_bind_template_child (widget_class, FsGallery, jobs_revealer);
  gtk_widget_class_bind_template_child (widget_class, FsGallery, jobs_box);
  gtk_widget_class_bind_template_child (widget_class, FsGallery, stack);
  gtk_widget_class_bind_template_child (widget_class, FsGallery, grid);
  gtk_widget_class_bind_template_child (widget_class, FsGallery, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FsGallery, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, FsGallery, search_bar);
  gtk_widget_class_bind_template_child (widget_class, FsGallery, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FsGallery, filters);
  gtk_widget_class_bind_template_child (widget_class, FsGallery, chips);
  gtk_widget_class_bind_template_child (widget_class, FsGallery, selection_revealer);
  gtk_widget_class_bind_template_child (widget_class, FsGallery, selection_bar);
  gtk_widget_class_bind_template_callback (widget_class, grid_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_trash_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_export_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_toast_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_none_cb);
  _fs_gallery_class_install_selection (widget_class);
  _fs_gallery_class_install_tile_keys (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fs-gallery");
}

static void
fs_gallery_init (FsGallery *self)
{
  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  g_type_ensure (FS_TYPE_GALLERY_FILTERS);
  g_type_ensure (FS_TYPE_FILTER_CHIPS);
  g_type_ensure (FS_TYPE_SELECTION_BAR);
  self->cancellable = g_cancellable_new ();
  self->cache_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->pending = g_hash_table_new (NULL, NULL);
  g_queue_init (&self->cache_order);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * fs_gallery_new:
 * @library: the library to show
 * @queue: (nullable): the live jobs to show as cards at the head
 *
 * Returns: (transfer floating): a new #FsGallery
 */
GtkWidget *
fs_gallery_new (FsLibrary  *library,
                FsJobQueue *queue)
{
  g_return_val_if_fail (FS_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (queue == NULL || FS_IS_JOB_QUEUE (queue), NULL);

  return g_object_new (FS_TYPE_GALLERY,
                       "library", library,
                       "job-queue", queue,
                       NULL);
}

/**
 * fs_gallery_get_selected:
 *
 * Returns: (transfer none) (nullable): the first selected asset
 */
FsAsset *
fs_gallery_get_selected (FsGallery *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  FsAsset *asset;

  g_return_val_if_fail (FS_IS_GALLERY (self), NULL);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_is_empty (selected))
    return NULL;

  /* The grid's model keeps a reference of its own. */
  asset = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                 gtk_bitset_get_minimum (selected));
  g_object_unref (asset);
  return asset;
}

/**
 * fs_gallery_dup_selection:
 *
 * Returns: (transfer full) (element-type FsAsset): the selected assets,
 *   in the grid's order
 */
GPtrArray *
fs_gallery_dup_selection (FsGallery *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  GPtrArray *assets;
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (FS_IS_GALLERY (self), NULL);

  assets = g_ptr_array_new_with_free_func (g_object_unref);
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (assets, g_list_model_get_item (G_LIST_MODEL (self->selection), position));

  return assets;
}

/**
 * fs_gallery_get_query:
 *
 * Returns: (transfer none): the query the grid shows; set its
 *   properties to search, filter and sort
 */
FsLibraryQuery *
fs_gallery_get_query (FsGallery *self)
{
  g_return_val_if_fail (FS_IS_GALLERY (self), NULL);

  return self->query;
}

/* Shows the search bar and puts the focus in its entry (Ctrl+F). */
void
fs_gallery_search (FsGallery *self)
{
  g_return_if_fail (FS_IS_GALLERY (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (self->search_entry);
}

/* The catalog gives each job card its model's typical time; cards made
 * before it is set show no typical time. */
void
fs_gallery_set_catalog (FsGallery *self,
                        FsCatalog *catalog)
{
  g_return_if_fail (FS_IS_GALLERY (self));
  g_return_if_fail (catalog == NULL || FS_IS_CATALOG (catalog));

  if (!g_set_object (&self->catalog, catalog))
    return;

  fs_gallery_filters_set_catalog (self->filters, catalog);
  fs_filter_chips_set_catalog (self->chips, catalog);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
}

FsCatalog *
fs_gallery_get_catalog (FsGallery *self)
{
  g_return_val_if_fail (FS_IS_GALLERY (self), NULL);

  return self->catalog;
}
