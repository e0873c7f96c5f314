/* test-gallery.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include <adwaita.h>

#include "fs-gallery.h"
#include "fs-gallery-item.h"
#include "fs-job-card.h"
#include "fs-job-queue.h"

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
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_for (Condition condition,
          gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  return TRUE;
}

static FsAsset *
save_sandbox (Fixture    *f,
              const char *prompt,
              gint64      seed)
{
  g_autoptr(FsProvider) provider = fs_provider_new ("sandbox", NULL, NULL);
  g_autoptr(FsRequest) request = fs_request_new ("sandbox", "flux-2-pro");
  g_autoptr(GBytes) image = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  FsModel *model = fs_catalog_lookup (f->catalog, "flux-2-pro");
  FsAsset *asset;

  fs_request_set_prompt (request, prompt);
  fs_request_set_param (request, "seed", g_variant_new_int64 (seed));
  fs_request_set_param (request, "width", g_variant_new_int64 (768));
  fs_request_set_param (request, "height", g_variant_new_int64 (512));
  image = fs_provider_synthesize (provider, request, model, 0, &error);
  g_assert_no_error (error);

  record = fs_request_to_json (request);
  json_object_set_string_member (json_node_get_object (record), "model_name",
                                 fs_model_get_name (model));
  fs_library_save_async (f->library, json_node_get_object (record), image, 0, NULL,
                         result_cb, &result);
  asset = fs_library_save_finish (f->library, wait_result (&result), &error);
  g_assert_no_error (error);
  return asset;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;

  f->dir = g_dir_make_tmp ("fs-test-gallery-XXXXXX", &error);
  g_assert_no_error (error);
  folder = g_file_new_build_filename (f->dir, "gallery", NULL);
  db_path = g_build_filename (f->dir, "library.db", NULL);
  f->library = fs_library_new (folder, db_path);
  fs_library_open_async (f->library, NULL, result_cb, &result);
  g_assert_true (fs_library_open_finish (f->library, wait_result (&result), &error));
  g_assert_no_error (error);

  f->catalog = fs_catalog_new_default (&error);
  g_assert_no_error (error);
}

static void
show_gallery (Fixture    *f,
              FsJobQueue *queue)
{
  f->gallery = fs_gallery_new (f->library, queue);
  fs_gallery_set_catalog (FS_GALLERY (f->gallery), f->catalog);
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 700);
  gtk_window_set_child (GTK_WINDOW (f->window), f->gallery);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer ((GtkWindow **) &f->window, gtk_window_destroy);
  g_clear_object (&f->library);
  g_clear_object (&f->catalog);
  remove_tree (f->dir);
  g_free (f->dir);
}

/* Widgets */

static gboolean
has_label (GtkWidget  *widget,
           const char *label)
{
  g_autofree char *problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                                 GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                                 label);

  return problem == NULL;
}

static GtkWidget *
find_by_label (GtkWidget  *root,
               const char *label)
{
  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL) &&
      has_label (root, label))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_label (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

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
  GtkWidget *grid = find_by_label (f->gallery, "Gallery");

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
  g_assert_true (wait_for (n_bound_is, &wait));

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
    }
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
  g_autoptr(FsAsset) first = save_sandbox (f, prompts[0], 1);
  g_autoptr(FsAsset) second = NULL;
  g_autoptr(FsAsset) head = NULL;
  CountWait wait = { f, 1 };
  Change change = { 0 };
  GListModel *model;

  show_gallery (f, NULL);
  model = grid_model (f);
  g_assert_true (wait_for (n_bound_is, &wait));
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &change);

  /* Saved: at the head of the grid at once, without reopening anything. */
  second = save_sandbox (f, prompts[1], 2);
  g_assert_true (wait_for (model_has_two, model));
  g_assert_cmpuint (change.count, ==, 1);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  head = g_list_model_get_item (model, 0);
  g_assert_true (head == second);

  wait.n = 2;
  g_assert_true (wait_for (n_bound_is, &wait));
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
  g_assert_true (wait_for (all_have_textures, f));
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

  return gtk_widget_get_mapped (find_by_label (f->gallery, "Gallery"));
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(FsAsset) asset = NULL;

  show_gallery (f, NULL);
  g_assert_true (wait_for (status_page_shown, f));

  asset = save_sandbox (f, prompts[2], 3);
  g_assert_true (wait_for (grid_shown, f));
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
  grid = find_by_label (f->gallery, "Gallery");

  /* Nothing is selected until the user picks an image. */
  g_assert_null (fs_gallery_get_selected (FS_GALLERY (f->gallery)));
  gtk_selection_model_select_item (gtk_grid_view_get_model (GTK_GRID_VIEW (grid)), 0, TRUE);
  g_assert_true (fs_gallery_get_selected (FS_GALLERY (f->gallery)) == asset);

  g_signal_connect (f->gallery, "asset-activated", G_CALLBACK (activated_cb), &activated);
  g_signal_emit_by_name (grid, "activate", 0);
  g_assert_true (activated == asset);
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
  g_assert_true (wait_for (card_shown, &wait));

  fs_job_queue_dismiss (queue, job);
  g_assert_true (wait_for (no_card_shown, &wait));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("fs-test-gallery-home-XXXXXX", NULL);
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
  g_test_add ("/gallery/activate", Fixture, NULL, fixture_set_up, test_activate,
              fixture_tear_down);
  g_test_add ("/gallery/job-card", Fixture, NULL, fixture_set_up, test_job_card,
              fixture_tear_down);

  status = g_test_run ();
  remove_tree (home);
  g_free (cache_dir);
  return status;
}
