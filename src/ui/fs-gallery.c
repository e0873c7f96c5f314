/* fs-gallery.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "fs-asset-transfer.h"
#include "fs-gallery.h"
#include "fs-gallery-item.h"
#include "fs-inspector.h"
#include "fs-job-card.h"
#include "fs-thumbnail.h"

/* Thumbnails are requested at this many pixels (times the scale factor)
 * on their shorter side, enough for the widest tiles the grid makes. */
#define THUMBNAIL_SIDE      256
#define THUMBNAIL_MAX_SIDE  768
/* Decoded thumbnails kept in memory so that scrolling back is instant;
 * about 256 KiB each. */
#define TEXTURE_CACHE_SIZE  160

struct _FsGallery
{
  GtkWidget           parent_instance;

  GtkWidget          *box;
  GtkRevealer        *jobs_revealer;
  GtkFlowBox         *jobs_box;
  GtkStack           *stack;
  GtkGridView        *grid;
  AdwStatusPage      *empty_page;
  GtkRevealer        *filter_revealer;
  GtkToggleButton    *matched_toggle;

  FsLibrary          *library;
  FsJobQueue         *queue;
  FsCatalog          *catalog;
  GtkSingleSelection *selection;
  GtkFilterListModel *filtered;     /* "All brand colours matched", the query */
  guint               scan_id;

  /* What fs_gallery_get_query() asks for: the images it picked last
   * (FsAsset set), NULL when it filters nothing. */
  FsLibraryQuery     *query;
  GHashTable         *query_results;
  GCancellable       *query_cancellable;
  guint               query_id;

  GMenuModel         *item_menu;

  /* An LRU of GdkTexture by "<sha256>-<size>": the index points into the
   * queue, most recently used first. */
  GHashTable         *cache_index;
  GQueue              cache_order;
};

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

static void
load_thumbnail (FsGallery     *self,
                FsGalleryItem *item,
                FsAsset       *asset)
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

  data = g_new0 (LoadData, 1);
  g_weak_ref_init (&data->gallery, self);
  g_weak_ref_init (&data->item, item);
  data->cancellable = g_object_ref (fs_gallery_item_begin_load (item));
  data->key = g_steal_pointer (&key);
  fs_thumbnail_load_async (fs_asset_get_path (asset), fs_asset_get_sha256 (asset), size,
                           data->cancellable, thumbnail_loaded_cb, data);
}

static void queue_query          (FsGallery   *self);
static void add_tile_controllers (GtkWidget   *tile,
                                  GtkListItem *list_item);

static void
item_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               FsGallery                *self)
{
  GtkWidget *tile = fs_gallery_item_new ();

  gtk_list_item_set_child (list_item, tile);
  add_tile_controllers (tile, list_item);
}

static void
item_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              FsGallery                *self)
{
  FsGalleryItem *item = FS_GALLERY_ITEM (gtk_list_item_get_child (list_item));
  FsAsset *asset = gtk_list_item_get_item (list_item);

  fs_gallery_item_set_asset (item, asset);
  load_thumbnail (self, item, asset);
}

static void
item_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                FsGallery                *self)
{
  FsGalleryItem *item = FS_GALLERY_ITEM (gtk_list_item_get_child (list_item));

  /* Cancels the thumbnail load of a tile scrolled out of view. */
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

static void
update_empty_state (FsGallery *self)
{
  gboolean filtering = gtk_filter_list_model_get_filter (self->filtered) != NULL;
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0;
  const char *collection = fs_library_query_get_collection (self->query);

  if (collection != NULL && self->query_results != NULL)
    {
      adw_status_page_set_title (self->empty_page, _("No Images in This Collection"));
      adw_status_page_set_description (self->empty_page,
                                       _("Drag images onto the collection in the side list, or "
                                         "press Ctrl+B on a selected image."));
    }
  else if (filtering)
    {
      adw_status_page_set_title (self->empty_page, _("No Image Has All Its Colours"));
      adw_status_page_set_description (self->empty_page,
                                       _("No image matches every hex colour its prompt asked "
                                         "for. Turn off the filter to see them all."));
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Images Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Write a prompt and press Ctrl+Enter. Every image is "
                                         "saved here the moment it arrives."));
    }
  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "grid");
}

static void
filtered_items_changed_cb (FsGallery  *self,
                           guint       position,
                           guint       removed,
                           guint       added,
                           GListModel *model)
{
  update_empty_state (self);
}

/* The colour filter is offered once any image has a colour check. */
static gboolean
scan_colours_cb (gpointer user_data)
{
  FsGallery *self = user_data;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->library));
  gboolean any = FALSE;

  self->scan_id = 0;
  for (guint i = 0; i < n && !any; i++)
    {
      g_autoptr(FsAsset) asset = g_list_model_get_item (G_LIST_MODEL (self->library), i);

      any = fs_asset_get_colours_requested (asset) > 0;
    }

  gtk_revealer_set_reveal_child (self->filter_revealer,
                                 any || gtk_toggle_button_get_active (self->matched_toggle));
  return G_SOURCE_REMOVE;
}

static void
library_items_changed_cb (FsGallery  *self,
                          guint       position,
                          guint       removed,
                          guint       added,
                          GListModel *model)
{
  if (self->scan_id == 0)
    self->scan_id = g_idle_add (scan_colours_cb, self);
  if (self->query_results != NULL)
    queue_query (self);
}

static gboolean
shown_func (gpointer item,
            gpointer user_data)
{
  FsGallery *self = user_data;

  if (gtk_toggle_button_get_active (self->matched_toggle) &&
      !fs_asset_all_colours_matched (FS_ASSET (item)))
    return FALSE;

  return self->query_results == NULL || g_hash_table_contains (self->query_results, item);
}

static void
update_filter (FsGallery *self)
{
  g_autoptr(GtkCustomFilter) filter = NULL;

  if (gtk_toggle_button_get_active (self->matched_toggle) || self->query_results != NULL)
    filter = gtk_custom_filter_new (shown_func, self, NULL);

  gtk_filter_list_model_set_filter (self->filtered, GTK_FILTER (filter));
  update_empty_state (self);
}

static void
matched_toggled_cb (FsGallery *self)
{
  update_filter (self);
}

/* The query ------------------------------------------------------------------ */

static void
query_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FsGallery) self = user_data;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;

  assets = fs_library_query_finish (FS_LIBRARY (source), result, &error);
  if (assets == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("The gallery's query failed: %s", error->message);
      return;
    }

  g_clear_pointer (&self->query_results, g_hash_table_unref);
  self->query_results = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  for (guint i = 0; i < assets->len; i++)
    g_hash_table_add (self->query_results, g_object_ref (g_ptr_array_index (assets, i)));
  update_filter (self);
}

/* The images the query picks come from the index, once the library's
 * list changed (idle, so a burst of changes asks once). */
static gboolean
run_query_cb (gpointer user_data)
{
  FsGallery *self = user_data;

  self->query_id = 0;
  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);

  if (!fs_library_query_is_filtered (self->query))
    {
      g_clear_pointer (&self->query_results, g_hash_table_unref);
      update_filter (self);
      return G_SOURCE_REMOVE;
    }

  self->query_cancellable = g_cancellable_new ();
  fs_library_query_async (self->library, self->query, self->query_cancellable, query_done_cb,
                          g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
queue_query (FsGallery *self)
{
  if (self->query_id == 0)
    self->query_id = g_idle_add (run_query_cb, self);
}

/* Tiles: dragging and the context menu --------------------------------------- */

static GdkContentProvider *
tile_drag_prepare_cb (GtkDragSource *source,
                      double         x,
                      double         y,
                      GtkListItem   *list_item)
{
  FsAsset *asset = gtk_list_item_get_item (list_item);
  g_autoptr(GPtrArray) assets = g_ptr_array_new ();
  GtkWidget *tile = gtk_list_item_get_child (list_item);
  g_autoptr(GdkPaintable) icon = NULL;

  if (asset == NULL)
    return NULL;

  icon = gtk_widget_paintable_new (tile);
  gtk_drag_source_set_icon (source, icon, (int) x, (int) y);
  g_ptr_array_add (assets, asset);
  return fs_asset_transfer_content_new (assets);
}

/* A right click (or a long press) selects the tile and opens the menu
 * the window gave (fs_gallery_set_item_menu()). */
static void
tile_menu_cb (GtkGesture  *gesture,
              int          n_press,
              double       x,
              double       y,
              GtkListItem *list_item)
{
  GtkWidget *tile = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  FsGallery *self = FS_GALLERY (gtk_widget_get_ancestor (tile, FS_TYPE_GALLERY));
  GtkWidget *popover;

  if (self == NULL || self->item_menu == NULL || gtk_list_item_get_item (list_item) == NULL)
    return;

  gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection),
                                   gtk_list_item_get_position (list_item), TRUE);
  popover = gtk_popover_menu_new_from_model (self->item_menu);
  gtk_widget_set_parent (popover, tile);
  gtk_popover_set_pointing_to (GTK_POPOVER (popover),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  g_signal_connect (popover, "closed", G_CALLBACK (gtk_widget_unparent), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

static void
tile_long_press_cb (GtkGesture  *gesture,
                    double       x,
                    double       y,
                    GtkListItem *list_item)
{
  tile_menu_cb (gesture, 1, x, y, list_item);
}

static void
add_tile_controllers (GtkWidget   *tile,
                      GtkListItem *list_item)
{
  GtkDragSource *drag = gtk_drag_source_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *press = gtk_gesture_long_press_new ();

  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect (drag, "prepare", G_CALLBACK (tile_drag_prepare_cb), list_item);
  gtk_widget_add_controller (tile, GTK_EVENT_CONTROLLER (drag));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (tile_menu_cb), list_item);
  gtk_widget_add_controller (tile, GTK_EVENT_CONTROLLER (click));

  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (press), TRUE);
  g_signal_connect (press, "pressed", G_CALLBACK (tile_long_press_cb), list_item);
  gtk_widget_add_controller (tile, GTK_EVENT_CONTROLLER (press));
}

/* The cards live inside the flow box; their handlers find their gallery
 * from the card itself. */
static FsGallery *
gallery_of_card (GtkWidget *card)
{
  return FS_GALLERY (gtk_widget_get_ancestor (card, FS_TYPE_GALLERY));
}

static void
job_card_retry_cb (FsJobCard *card)
{
  FsGallery *self = gallery_of_card (GTK_WIDGET (card));
  g_autoptr(FsJob) job = g_object_ref (fs_job_card_get_job (card));

  if (self == NULL)
    return;

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

static void
setup_grid (FsGallery *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  /* Set at construction: a selection made with autoselect on would
   * already hold the first image. */
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->library)), NULL);
  self->selection = g_object_new (GTK_TYPE_SINGLE_SELECTION,
                                  "autoselect", FALSE,
                                  "can-unselect", TRUE,
                                  "model", self->filtered,
                                  NULL);

  g_signal_connect (factory, "setup", G_CALLBACK (item_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (item_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (item_unbind_cb), self);

  gtk_grid_view_set_model (self->grid, GTK_SELECTION_MODEL (self->selection));
  gtk_grid_view_set_factory (self->grid, factory);

  g_signal_connect_object (self->library, "items-changed",
                           G_CALLBACK (library_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filtered, "items-changed",
                           G_CALLBACK (filtered_items_changed_cb), self, G_CONNECT_SWAPPED);
  update_empty_state (self);
  scan_colours_cb (self);
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
  g_clear_handle_id (&self->scan_id, g_source_remove);
  g_clear_handle_id (&self->query_id, g_source_remove);
  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  if (self->query != NULL)
    g_signal_handlers_disconnect_by_data (self->query, self);
  g_clear_object (&self->query);
  g_clear_pointer (&self->query_results, g_hash_table_unref);
  g_clear_object (&self->item_menu);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->library);
  g_clear_object (&self->queue);
  g_clear_object (&self->catalog);
  cache_clear (self);

  G_OBJECT_CLASS (fs_gallery_parent_class)->dispose (object);
}

static void
fs_gallery_finalize (GObject *object)
{
  FsGallery *self = FS_GALLERY (object);

  g_hash_table_unref (self->cache_index);

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
  gtk_widget_class_bind_template_child (widget_class, FsGallery, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, FsGallery, matched_toggle);
  gtk_widget_class_bind_template_callback (widget_class, grid_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, matched_toggled_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fs-gallery");
}

static void
fs_gallery_init (FsGallery *self)
{
  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  g_type_ensure (ADW_TYPE_BUTTON_CONTENT);
  self->cache_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_queue_init (&self->cache_order);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->query = fs_library_query_new ();
  g_signal_connect_swapped (self->query, "notify", G_CALLBACK (queue_query), self);
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
 * Returns: (transfer none) (nullable): the selected asset
 */
FsAsset *
fs_gallery_get_selected (FsGallery *self)
{
  g_return_val_if_fail (FS_IS_GALLERY (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

/* The catalog gives each job card its model's typical time; cards made
 * before it is set show no typical time. */
void
fs_gallery_set_catalog (FsGallery *self,
                        FsCatalog *catalog)
{
  g_return_if_fail (FS_IS_GALLERY (self));
  g_return_if_fail (catalog == NULL || FS_IS_CATALOG (catalog));

  if (g_set_object (&self->catalog, catalog))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
}

FsCatalog *
fs_gallery_get_catalog (FsGallery *self)
{
  g_return_val_if_fail (FS_IS_GALLERY (self), NULL);

  return self->catalog;
}

/**
 * fs_gallery_get_query:
 *
 * The search and filters the grid shows the images of: set its
 * properties ("collection" …) and the grid follows, asking the library
 * (fs_library_query_async()) again as it changes.
 *
 * Returns: (transfer none): the gallery's query
 */
FsLibraryQuery *
fs_gallery_get_query (FsGallery *self)
{
  g_return_val_if_fail (FS_IS_GALLERY (self), NULL);

  return self->query;
}

/* The menu a tile's right click opens, its actions in the window's
 * scope, acting on the selection (the clicked tile is selected first). */
void
fs_gallery_set_item_menu (FsGallery  *self,
                          GMenuModel *menu)
{
  g_return_if_fail (FS_IS_GALLERY (self));
  g_return_if_fail (menu == NULL || G_IS_MENU_MODEL (menu));

  g_set_object (&self->item_menu, menu);
}
