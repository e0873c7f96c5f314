/* test-gallery.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "fs-asset-transfer.h"
#include "fs-gallery.h"
#include "fs-gallery-item.h"
#include "fs-job-card.h"
#include "fs-job-queue.h"
#include "fs-test-ui-util.h"
#include "fs-ui.h"

/* The gallery over a real library in a temporary folder, filled with
 * offline sandbox results: one tile per image, newest first, a new result
 * at the head the moment it is saved, tiles named by their prompts,
 * thumbnails made off the main thread and cached on disk, and job cards
 * at the head for the queue's jobs. */

static const char *prompts[] = {
  "a lighthouse at dusk, #ff7a00 sky",
  "a teal ceramic cup on linen, #1a8c8c",
  "brutalist poster, #222222 and #f2c14e",
};

typedef struct
{
  char       *dir;
  FsLibrary  *library;
  FsCatalog  *catalog;
  GtkWidget  *window;
  GtkWidget  *gallery;
} Fixture;

static char *cache_dir;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = fs_test_make_dir ("fs-test-gallery-XXXXXX");
  f->library = fs_test_library_new (f->dir);
  f->catalog = fs_test_load_catalog ();
}

static FsAsset *
save_sandbox (Fixture    *f,
              const char *prompt,
              gint64      seed)
{
  return fs_test_save_sandbox (f->library, f->catalog, prompt, seed, 768, 512);
}

static void
show_gallery (Fixture    *f,
              FsJobQueue *queue)
{
  f->gallery = fs_gallery_new (f->library, queue);
  fs_gallery_set_catalog (FS_GALLERY (f->gallery), f->catalog);
  f->window = fs_test_present_window (f->gallery, 900, 700);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer ((GtkWindow **) &f->window, gtk_window_destroy);
  g_clear_object (&f->library);
  g_clear_object (&f->catalog);
  fs_test_remove_dir (f->dir);
  g_free (f->dir);
}

/* Widgets */

static void
collect_type (GtkWidget *root,
              GType      type,
              GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_mapped (root))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_type (child, type, found);
}

/* The tiles bound to an asset, on screen. */
static GPtrArray *
bound_items (Fixture *f)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  GPtrArray *bound = g_ptr_array_new ();

  collect_type (f->gallery, FS_TYPE_GALLERY_ITEM, all);
  for (guint i = 0; i < all->len; i++)
    if (fs_gallery_item_get_asset (g_ptr_array_index (all, i)) != NULL)
      g_ptr_array_add (bound, g_ptr_array_index (all, i));

  return bound;
}

static GListModel *
grid_model (Fixture *f)
{
  GtkWidget *grid = fs_test_find_by_label (f->gallery, GTK_TYPE_WIDGET, "Gallery");

  g_assert_nonnull (grid);
  g_assert_true (GTK_IS_GRID_VIEW (grid));
  return G_LIST_MODEL (gtk_grid_view_get_model (GTK_GRID_VIEW (grid)));
}

typedef struct
{
  Fixture *f;
  guint    n;
} CountWait;

static gboolean
n_bound_is (gpointer data)
{
  CountWait *wait = data;
  g_autoptr(GPtrArray) items = bound_items (wait->f);

  return items->len == wait->n;
}

static gboolean
all_have_textures (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GPtrArray) items = bound_items (f);

  for (guint i = 0; i < items->len; i++)
    if (!fs_gallery_item_has_texture (g_ptr_array_index (items, i)))
      return FALSE;

  return items->len > 0;
}

static FsGalleryItem *
item_for (Fixture *f,
          FsAsset *asset)
{
  g_autoptr(GPtrArray) items = bound_items (f);

  for (guint i = 0; i < items->len; i++)
    if (fs_gallery_item_get_asset (g_ptr_array_index (items, i)) == asset)
      return g_ptr_array_index (items, i);

  return NULL;
}

static guint
count_drag_sources (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      n += GTK_IS_DRAG_SOURCE (controller);
    }

  return n;
}

static void
check_drag_content (FsAsset *asset)
{
  g_autoptr(GPtrArray) dragged = g_ptr_array_new ();
  g_autoptr(GdkContentProvider) content = NULL;
  g_autoptr(GdkContentFormats) formats = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autofree char *path = NULL;

  g_ptr_array_add (dragged, asset);
  content = fs_asset_transfer_content_new (dragged);
  formats = gdk_content_provider_ref_formats (content);
  g_assert_true (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST));
  g_assert_true (gdk_content_formats_contain_gtype (formats, G_TYPE_FILE));
  g_value_init (&value, G_TYPE_FILE);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  path = g_file_get_path (g_value_get_object (&value));
  g_assert_cmpstr (path, ==, fs_asset_get_path (asset));
}

/* Tests */

static void
test_items (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) assets = g_ptr_array_new_with_free_func (g_object_unref);
  CountWait wait = { f, G_N_ELEMENTS (prompts) };
  GListModel *model;

  for (guint i = 0; i < G_N_ELEMENTS (prompts); i++)
    g_ptr_array_add (assets, save_sandbox (f, prompts[i], 100 + i));
  show_gallery (f, NULL);

  model = grid_model (f);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, G_N_ELEMENTS (prompts));
  g_assert_true (fs_test_wait_for (n_bound_is, &wait, 10));

  /* Newest first, and each tile is named by its prompt. */
  for (guint i = 0; i < G_N_ELEMENTS (prompts); i++)
    {
      g_autoptr(FsAsset) asset = g_list_model_get_item (model, i);
      FsGalleryItem *item;

      g_assert_cmpstr (fs_asset_get_prompt (asset), ==, prompts[G_N_ELEMENTS (prompts) - 1 - i]);
      item = item_for (f, asset);
      g_assert_nonnull (item);
      gtk_test_accessible_assert_property (item, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                           fs_asset_get_prompt (asset));
      /* One drag source a tile, whose content is the image's file, for
       * targets that take a list of files and those that take one. */
      g_assert_cmpuint (count_drag_sources (GTK_WIDGET (item)), ==, 1);
    }
  check_drag_content (g_ptr_array_index (assets, 0));
}

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint count;
} Change;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Change     *change)
{
  change->position = position;
  change->removed = removed;
  change->added = added;
  change->count++;
}

static gboolean
model_has_two (gpointer data)
{
  return g_list_model_get_n_items (data) == 2;
}

static void
test_live (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(FsAsset) second = NULL;
  g_autoptr(FsAsset) head = NULL;
  CountWait wait = { f, 1 };
  Change change = { 0 };
  GListModel *model;

  g_object_unref (save_sandbox (f, prompts[0], 1));
  show_gallery (f, NULL);
  model = grid_model (f);
  g_assert_true (fs_test_wait_for (n_bound_is, &wait, 10));
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &change);

  /* Saved: at the head of the grid at once, without reopening anything. */
  second = save_sandbox (f, prompts[1], 2);
  g_assert_true (fs_test_wait_for (model_has_two, model, 10));
  g_assert_cmpuint (change.count, ==, 1);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  head = g_list_model_get_item (model, 0);
  g_assert_true (head == second);

  wait.n = 2;
  g_assert_true (fs_test_wait_for (n_bound_is, &wait, 10));
  gtk_test_accessible_assert_property (item_for (f, second), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       prompts[1]);
  g_signal_handlers_disconnect_by_func (model, items_changed_cb, &change);
}

static guint
count_cached_thumbnails (void)
{
  g_autofree char *dir = g_build_filename (cache_dir, "flux-studio", "thumbnails", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".png"))
      n++;

  return n;
}

static void
test_thumbnails (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) assets = g_ptr_array_new_with_free_func (g_object_unref);
  guint before = count_cached_thumbnails ();

  for (guint i = 0; i < G_N_ELEMENTS (prompts); i++)
    g_ptr_array_add (assets, save_sandbox (f, prompts[i], 7000 + i));
  show_gallery (f, NULL);

  /* Binding only starts the loads: the tiles show placeholders first. */
  g_assert_true (fs_test_wait_for (all_have_textures, f, 10));
  g_assert_cmpuint (count_cached_thumbnails (), >=, before + G_N_ELEMENTS (prompts));
}

static gboolean
status_page_shown (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();

  collect_type (f->gallery, ADW_TYPE_STATUS_PAGE, pages);
  return pages->len == 1 && gtk_widget_get_child_visible (g_ptr_array_index (pages, 0));
}

static gboolean
grid_shown (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_mapped (fs_test_find_by_label (f->gallery, GTK_TYPE_WIDGET, "Gallery"));
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(FsAsset) asset = NULL;

  show_gallery (f, NULL);
  g_assert_true (fs_test_wait_for (status_page_shown, f, 10));

  asset = save_sandbox (f, prompts[2], 3);
  g_assert_true (fs_test_wait_for (grid_shown, f, 10));
}

static void
activated_cb (FsGallery *gallery,
              FsAsset   *asset,
              FsAsset  **out)
{
  g_set_object (out, asset);
}

static void
test_activate (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(FsAsset) asset = save_sandbox (f, prompts[0], 5);
  g_autoptr(FsAsset) activated = NULL;
  GtkWidget *grid;

  show_gallery (f, NULL);
  grid = fs_test_find_by_label (f->gallery, GTK_TYPE_WIDGET, "Gallery");

  /* Nothing is selected until the user picks an image. */
  g_assert_null (fs_gallery_get_selected (FS_GALLERY (f->gallery)));
  gtk_selection_model_select_item (gtk_grid_view_get_model (GTK_GRID_VIEW (grid)), 0, TRUE);
  g_assert_true (fs_gallery_get_selected (FS_GALLERY (f->gallery)) == asset);

  g_signal_connect (f->gallery, "asset-activated", G_CALLBACK (activated_cb), &activated);
  g_signal_emit_by_name (grid, "activate", 0);
  g_assert_true (activated == asset);
}

/* The tile showing the image saved with @prompt, on screen. */
static FsGalleryItem *
item_with_prompt (Fixture    *f,
                  const char *prompt)
{
  g_autoptr(GPtrArray) items = bound_items (f);

  for (guint i = 0; i < items->len; i++)
    {
      FsAsset *asset = fs_gallery_item_get_asset (g_ptr_array_index (items, i));

      if (g_str_equal (fs_asset_get_prompt (asset), prompt))
        return g_ptr_array_index (items, i);
    }

  return NULL;
}

static gboolean
badge_shown (Fixture    *f,
             const char *prompt)
{
  FsGalleryItem *item = item_with_prompt (f, prompt);
  GtkWidget *badge = item ? fs_test_find_with_class (GTK_WIDGET (item), "fs-damage-badge") : NULL;

  /* A tile makes its badge only when it has one to show. */
  g_assert_nonnull (item);
  return badge != NULL && gtk_widget_get_visible (badge);
}

static gboolean
altered_badge_shown (gpointer data)
{
  return badge_shown (data, "altered");
}

static void
write_bytes (const char   *path,
             const guint8 *data,
             gsize         size)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, (const char *) data, (gssize) size, &error);
  g_assert_no_error (error);
}

/* Images deleted, emptied or altered behind the gallery's back are still
 * tiles, with a "Damaged" badge that says why; the altered one once the
 * library has checked its sha256. The intact one has no badge. */
static void
test_damaged (Fixture       *f,
              gconstpointer  data)
{
  const char *names[] = { "intact", "deleted", "emptied", "altered" };
  g_autofree char *contents = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CountWait wait = { f, G_N_ELEMENTS (names) };
  char *paths[G_N_ELEMENTS (names)];
  FsGalleryItem *item;
  gsize size = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(FsAsset) asset = save_sandbox (f, names[i], 300 + i);

      paths[i] = g_strdup (fs_asset_get_path (asset));
    }
  g_assert_cmpint (g_unlink (paths[1]), ==, 0);
  write_bytes (paths[2], (const guint8 *) "", 0);
  g_assert_true (g_file_get_contents (paths[3], &contents, &size, NULL));
  contents[size / 2] ^= 0x55;
  write_bytes (paths[3], (const guint8 *) contents, size);

  /* The window opens the library afresh. */
  g_clear_object (&f->library);
  f->library = fs_test_library_new (f->dir);
  show_gallery (f, NULL);
  g_assert_true (fs_test_wait_for (n_bound_is, &wait, 10));

  g_assert_false (badge_shown (f, "intact"));
  g_assert_true (badge_shown (f, "deleted"));
  g_assert_true (badge_shown (f, "emptied"));
  g_assert_false (badge_shown (f, "altered"));
  item = item_with_prompt (f, "deleted");
  g_assert_cmpstr (fs_ui_get_tooltip (fs_test_find_with_class (GTK_WIDGET (item),
                                                               "fs-damage-badge")),
                   ==, fs_asset_damage_describe (FS_ASSET_MISSING));

  fs_library_verify_async (f->library, NULL, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_library_verify_finish (f->library, fs_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_true (fs_test_wait_for (altered_badge_shown, f, 10));
  g_assert_false (badge_shown (f, "intact"));
  item = item_with_prompt (f, "altered");
  g_assert_cmpint (fs_asset_get_damage (fs_gallery_item_get_asset (item)), ==,
                   FS_ASSET_SHA256_MISMATCH);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_free (paths[i]);
}

typedef struct
{
  Fixture *f;
  FsJob   *job;
} CardWait;

static gboolean
card_shown (gpointer data)
{
  CardWait *wait = data;
  g_autoptr(GPtrArray) cards = g_ptr_array_new ();

  collect_type (wait->f->gallery, FS_TYPE_JOB_CARD, cards);
  return cards->len == 1 &&
         fs_job_card_get_job (g_ptr_array_index (cards, 0)) == wait->job &&
         fs_job_get_stage (wait->job) == FS_JOB_FAILED;
}

static gboolean
no_card_shown (gpointer data)
{
  CardWait *wait = data;
  g_autoptr(GPtrArray) cards = g_ptr_array_new ();

  collect_type (wait->f->gallery, FS_TYPE_JOB_CARD, cards);
  return cards->len == 0;
}

static void
test_job_card (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(FsJobQueue) queue = fs_job_queue_new (f->catalog);
  g_autoptr(FsProvider) provider = fs_provider_new ("bfl", NULL, NULL);
  g_autoptr(FsRequest) request = fs_request_new ("bfl", "flux-2-pro");
  g_autoptr(FsJob) job = NULL;
  CardWait wait = { f, NULL };

  show_gallery (f, queue);

  /* No key: the job fails before sending anything and its card stays. */
  fs_request_set_prompt (request, "a job that cannot run");
  job = fs_job_new (request, f->catalog, provider, f->library, NULL);
  wait.job = job;
  fs_job_queue_add (queue, job);
  g_assert_true (fs_test_wait_for (card_shown, &wait, 10));

  fs_job_queue_dismiss (queue, job);
  g_assert_true (fs_test_wait_for (no_card_shown, &wait, 10));
}


static gboolean
job_saved (gpointer data)
{
  CardWait *wait = data;

  return fs_job_get_stage (wait->job) == FS_JOB_SAVED &&
         g_list_model_get_n_items (G_LIST_MODEL (wait->f->library)) == 1 &&
         no_card_shown (data);
}

static gboolean
unsaved_card_shown (gpointer data)
{
  CardWait *wait = data;
  g_autoptr(GPtrArray) cards = g_ptr_array_new ();

  collect_type (wait->f->gallery, FS_TYPE_JOB_CARD, cards);
  return cards->len == 1 && fs_job_get_stage (wait->job) == FS_JOB_UNSAVED;
}

static void
count_cb (GtkWidget *gallery,
          FsJob     *job,
          guint     *count)
{
  (*count)++;
}

/* Retry on a card whose result was not saved saves that result: the same
 * job, not a new generation (which would be paid for again). */
static void
test_unsaved_retry (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(FsJobQueue) queue = fs_job_queue_new (f->catalog);
  g_autoptr(FsProvider) provider = fs_provider_new ("sandbox", NULL, NULL);
  g_autoptr(FsRequest) request = fs_request_new ("sandbox", "flux-2-pro");
  g_autofree char *folder = g_build_filename (f->dir, "gallery", NULL);
  g_autoptr(GPtrArray) cards = g_ptr_array_new ();
  g_autoptr(FsJob) job = NULL;
  CardWait wait = { f, NULL };
  guint new_jobs = 0;

  fs_test_library_open (f->library);
  show_gallery (f, queue);
  g_signal_connect (f->gallery, "retry-job", G_CALLBACK (count_cb), &new_jobs);
  fs_test_remove_dir (folder);

  fs_request_set_prompt (request, "a result the gallery folder cannot take yet");
  job = fs_job_new (request, f->catalog, provider, f->library, NULL);
  wait.job = job;
  fs_job_queue_add (queue, job);
  g_assert_true (fs_test_wait_for (unsaved_card_shown, &wait, 20));

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  collect_type (f->gallery, FS_TYPE_JOB_CARD, cards);
  g_assert_cmpuint (cards->len, ==, 1);
  g_signal_emit_by_name (fs_test_find_button (g_ptr_array_index (cards, 0), "_Retry"),
                         "clicked");
  g_assert_true (fs_test_wait_for (job_saved, &wait, 20));
  g_assert_cmpuint (new_jobs, ==, 0);
}

/* Columns: GTK 4.8's grid keeps 30 rows of tiles for each of its
 * max-columns, so the gallery keeps max-columns near what fits — the
 * columns shown stay those that fit, with a fraction of the tiles (at 16,
 * a 900 px window built some 500 tiles for 600 images). */

static void
collect_all_tiles (GtkWidget *root,
                   GPtrArray *found)
{
  if (FS_IS_GALLERY_ITEM (root))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_all_tiles (child, found);
}

/* The columns of the first row on screen, by the tiles' left edges. */
static guint
count_columns (Fixture *f)
{
  g_autoptr(GPtrArray) items = bound_items (f);
  g_autoptr(GHashTable) edges = g_hash_table_new (NULL, NULL);
  graphene_rect_t first;

  if (items->len == 0 || !gtk_widget_compute_bounds (g_ptr_array_index (items, 0), f->gallery,
                                                      &first))
    return 0;
  for (guint i = 0; i < items->len; i++)
    {
      graphene_rect_t bounds;

      if (gtk_widget_compute_bounds (g_ptr_array_index (items, i), f->gallery, &bounds) &&
          bounds.origin.y == first.origin.y)
        g_hash_table_add (edges, GINT_TO_POINTER ((int) bounds.origin.x));
    }

  return g_hash_table_size (edges);
}

typedef struct
{
  Fixture *f;
  int      width;
  guint    columns;
} ColumnsWait;

static gboolean
columns_settled (gpointer data)
{
  ColumnsWait *wait = data;
  GtkWidget *grid = fs_test_find_by_label (wait->f->gallery, GTK_TYPE_WIDGET, "Gallery");
  guint max = gtk_grid_view_get_max_columns (GTK_GRID_VIEW (grid));

  wait->columns = count_columns (wait->f);
  return gtk_widget_get_width (wait->f->window) == wait->width && wait->columns > 0 &&
         max == (guint) gtk_widget_get_width (grid) / FS_GALLERY_ITEM_MIN_WIDTH + 1;
}

static void
test_columns (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "gallery", NULL);
  GtkWidget *grid;
  g_autoptr(GPtrArray) tiles = g_ptr_array_new ();
  ColumnsWait wait = { f, 900, 0 };
  guint narrow;

  g_clear_object (&f->library);
  fs_test_generate_archive (folder, 600, 64, 5);
  f->library = fs_test_library_new (f->dir);
  show_gallery (f, NULL);
  grid = fs_test_find_by_label (f->gallery, GTK_TYPE_WIDGET, "Gallery");
  g_assert_true (fs_test_wait_for (columns_settled, &wait, 10));
  narrow = wait.columns;

  /* What fits 900 px of 160 px tiles, and a fraction of 16 × 30 tiles. */
  g_assert_cmpuint (narrow, >=, 4);
  g_assert_cmpuint (narrow, <, gtk_grid_view_get_max_columns (GTK_GRID_VIEW (grid)));
  collect_all_tiles (grid, tiles);
  g_assert_cmpuint (tiles->len, <=, 32 * gtk_grid_view_get_max_columns (GTK_GRID_VIEW (grid)) + 1);
  g_assert_cmpuint (tiles->len, <, 16 * 30 / 2);

  /* A wider window shows more columns, as many as with no cap. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1260, 700);
  wait.width = 1260;
  g_assert_true (fs_test_wait_for (columns_settled, &wait, 10));
  g_assert_cmpuint (wait.columns, >, narrow);
  g_assert_cmpuint (wait.columns, <, gtk_grid_view_get_max_columns (GTK_GRID_VIEW (grid)));
}

/* Opening on many images: the grid gets a screen of them first and the
 * rest a few rows a frame — GTK 4.8's grid binds a tile for every item
 * within 30 rows as soon as the items arrive, and at 10,000 images made
 * some 200 tiles before the first frame. */

static void
first_items_cb (GListModel *model,
                guint       position,
                guint       removed,
                guint       added,
                guint      *first)
{
  if (*first == 0)
    *first = g_list_model_get_n_items (model);
}

static gboolean
grid_holds (gpointer data)
{
  CountWait *wait = data;

  return g_list_model_get_n_items (grid_model (wait->f)) == wait->n;
}

/* A generated gallery of @n images, its library not opened yet. */
static void
generate_unopened (Fixture *f,
                   guint    n)
{
  g_autofree char *folder_path = g_build_filename (f->dir, "gallery", NULL);
  g_autofree char *db_path = g_build_filename (f->dir, "library.db", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);

  g_clear_object (&f->library);
  fs_test_generate_archive (folder_path, n, 64, 5);
  f->library = fs_library_new (folder, db_path);
}

static void
open_library (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fs_library_open_async (f->library, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_library_open_finish (f->library, fs_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

/* The tiles the largest monitor holds. */
static guint
screen_fit (void)
{
  GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
  guint most = 0;

  for (guint i = 0; i < g_list_model_get_n_items (monitors); i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);
      GdkRectangle screen;

      gdk_monitor_get_geometry (monitor, &screen);
      most = MAX (most, (guint) ((screen.width / FS_GALLERY_ITEM_MIN_WIDTH + 1) *
                                 (screen.height / FS_GALLERY_ITEM_MIN_WIDTH + 1)));
    }
  return most;
}

static void
test_first_screen (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) tiles = g_ptr_array_new ();
  CountWait wait = { f, 900 };
  GtkWidget *grid;
  guint first = 0;

  generate_unopened (f, 900);
  show_gallery (f, NULL);
  grid = fs_test_find_by_label (f->gallery, GTK_TYPE_WIDGET, "Gallery");
  g_signal_connect (grid_model (f), "items-changed", G_CALLBACK (first_items_cb), &first);
  open_library (f);

  /* The first items the grid saw: what fits the monitor, not the
   * library's first page of 200. */
  g_assert_cmpuint (first, >, 0);
  g_assert_cmpuint (first, <=, screen_fit ());

  /* Then all of them, frame by frame, with no more tiles than the grid
   * keeps alive. */
  g_assert_true (fs_test_wait_for (grid_holds, &wait, 10));
  collect_all_tiles (grid, tiles);
  g_assert_cmpuint (tiles->len, <=, 32 * gtk_grid_view_get_max_columns (GTK_GRID_VIEW (grid)) + 1);
  g_signal_handlers_disconnect_by_func (grid_model (f), first_items_cb, &first);
}

/* A gallery that opens on no more than a screen of images is open: the
 * next image saved comes in at the head, and nothing leaves the end (a
 * selected tile removed and given back would lose its selection). */
static void
test_first_screen_few (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(FsAsset) saved = NULL;
  Change change = { 0 };
  CountWait wait = { f, screen_fit () };

  generate_unopened (f, wait.n);
  show_gallery (f, NULL);
  open_library (f);
  g_assert_true (fs_test_wait_for (grid_holds, &wait, 10));

  g_signal_connect (grid_model (f), "items-changed", G_CALLBACK (items_changed_cb), &change);
  saved = save_sandbox (f, prompts[0], 1);
  wait.n++;
  g_assert_true (fs_test_wait_for (grid_holds, &wait, 10));
  g_assert_cmpuint (change.count, ==, 1);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 1);
  g_signal_handlers_disconnect_by_func (grid_model (f), items_changed_cb, &change);
}

/* A gallery not on screen has no frames to reveal in: it gets every
 * image at once. */
static void
test_first_screen_hidden (Fixture       *f,
                          gconstpointer  data)
{
  generate_unopened (f, 300);
  f->gallery = g_object_ref_sink (fs_gallery_new (f->library, NULL));
  open_library (f);
  g_assert_cmpuint (g_list_model_get_n_items (grid_model (f)), ==, 300);
  g_clear_object (&f->gallery);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = fs_test_make_dir ("fs-test-gallery-home-XXXXXX");
  int status;

  /* Thumbnails are cached under XDG_CACHE_HOME: a throwaway one, set
   * before GLib reads it. */
  cache_dir = g_build_filename (home, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/gallery/items", Fixture, NULL, fixture_set_up, test_items, fixture_tear_down);
  g_test_add ("/gallery/live", Fixture, NULL, fixture_set_up, test_live, fixture_tear_down);
  g_test_add ("/gallery/thumbnails", Fixture, NULL, fixture_set_up, test_thumbnails,
              fixture_tear_down);
  g_test_add ("/gallery/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/gallery/first-screen", Fixture, NULL, fixture_set_up, test_first_screen,
              fixture_tear_down);
  g_test_add ("/gallery/first-screen-few", Fixture, NULL, fixture_set_up,
              test_first_screen_few, fixture_tear_down);
  g_test_add ("/gallery/first-screen-hidden", Fixture, NULL, fixture_set_up,
              test_first_screen_hidden, fixture_tear_down);
  g_test_add ("/gallery/columns", Fixture, NULL, fixture_set_up, test_columns,
              fixture_tear_down);
  g_test_add ("/gallery/activate", Fixture, NULL, fixture_set_up, test_activate,
              fixture_tear_down);
  g_test_add ("/gallery/damaged", Fixture, NULL, fixture_set_up, test_damaged,
              fixture_tear_down);
  g_test_add ("/gallery/job-card", Fixture, NULL, fixture_set_up, test_job_card,
              fixture_tear_down);
  g_test_add ("/gallery/unsaved-retry", Fixture, NULL, fixture_set_up, test_unsaved_retry,
              fixture_tear_down);

  status = g_test_run ();
  fs_test_remove_dir (home);
  g_free (cache_dir);
  return status;
}
