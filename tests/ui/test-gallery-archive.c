/* test-gallery-archive.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "fs-date-range-dialog.h"
#include "fs-gallery.h"
#include "fs-gallery-item.h"
#include "fs-test-ui-util.h"
#include "fs-tile-marks.h"

/* The gallery as an archive, over a real library in a temporary folder:
 * the search bar, filter chips that take their filter away, the keys
 * 0–5 and F on the selection and the favourite on a tile (written to the
 * sidecars), Move to Trash with an Undo that brings the files back, the
 * loading page while a library opens, images another program puts in
 * the folder, and a custom range of days chosen on two calendars. */

static const char *prompts[] = {
  "a lighthouse at dusk, #ff7a00 sky",
  "a teal ceramic cup on linen, #1a8c8c",
  "brutalist poster, #222222 and #f2c14e",
};

typedef struct
{
  char      *dir;
  FsLibrary *library;
  FsCatalog *catalog;
  GtkWidget *window;
  GtkWidget *gallery;
  GPtrArray *assets;   /* in prompts' order */
  AdwToast  *toast;
} Fixture;

static void
toast_cb (GtkWidget *gallery,
          AdwToast  *toast,
          Fixture   *f)
{
  g_set_object (&f->toast, toast);
}

static void
show_gallery (Fixture *f)
{
  f->gallery = fs_gallery_new (f->library, NULL);
  fs_gallery_set_catalog (FS_GALLERY (f->gallery), f->catalog);
  g_signal_connect (f->gallery, "toast", G_CALLBACK (toast_cb), f);
  f->window = fs_test_present_window (f->gallery, 900, 700);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = fs_test_make_dir ("fs-test-archive-XXXXXX");
  f->library = fs_test_library_new (f->dir);
  f->catalog = fs_test_load_catalog ();
  f->assets = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; data != NULL && i < G_N_ELEMENTS (prompts); i++)
    g_ptr_array_add (f->assets, fs_test_save_sandbox (f->library, f->catalog, prompts[i],
                                                      40 + i, 768, 512));
  show_gallery (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer ((GtkWindow **) &f->window, gtk_window_destroy);
  g_clear_object (&f->toast);
  g_clear_pointer (&f->assets, g_ptr_array_unref);
  g_clear_object (&f->library);
  g_clear_object (&f->catalog);
  fs_test_remove_dir (f->dir);
  g_free (f->dir);
}

static GListModel *
grid_model (Fixture *f)
{
  GtkWidget *grid = fs_test_find_by_label (f->gallery, GTK_TYPE_WIDGET, "Gallery");

  return G_LIST_MODEL (gtk_grid_view_get_model (GTK_GRID_VIEW (grid)));
}

typedef struct
{
  Fixture *f;
  guint    n;
} Count;

static gboolean
grid_has (gpointer data)
{
  Count *count = data;

  return g_list_model_get_n_items (grid_model (count->f)) == count->n;
}

static void
wait_grid (Fixture *f,
           guint    n)
{
  Count count = { f, n };

  g_assert_true (fs_test_wait_for (grid_has, &count, 20));
}

static FsAsset *
asset (Fixture *f,
       guint    i)
{
  return g_ptr_array_index (f->assets, i);
}

static void
select_assets (Fixture *f,
               guint    mask)
{
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (grid_model (f));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (selection));

  gtk_selection_model_unselect_all (selection);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FsAsset) item = g_list_model_get_item (G_LIST_MODEL (selection), i);

      for (guint a = 0; a < f->assets->len; a++)
        if ((mask & (1u << a)) && item == asset (f, a))
          gtk_selection_model_select_item (selection, i, FALSE);
    }
}

static JsonObject *
read_sidecar (FsAsset *a)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, fs_asset_get_sidecar_path (a), &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Search */

static gboolean
grid_shows_only_teal (gpointer data)
{
  Fixture *f = data;
  g_autoptr(FsAsset) only = NULL;

  if (g_list_model_get_n_items (grid_model (f)) != 1)
    return FALSE;
  only = g_list_model_get_item (grid_model (f), 0);
  return only == asset (f, 1);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *entry = fs_test_find_by_label (f->gallery, GTK_TYPE_SEARCH_ENTRY, "Search");
  GtkWidget *bar = gtk_widget_get_ancestor (entry, GTK_TYPE_SEARCH_BAR);

  wait_grid (f, 3);
  g_assert_false (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (bar)));

  /* Ctrl+F's work: the bar shows, the entry has the focus. */
  fs_gallery_search (FS_GALLERY (f->gallery));
  g_assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (bar)));
  g_assert_true (gtk_widget_is_focus (entry) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), entry));

  /* As typed, a prefix of a word, whatever its case. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "CERA");
  g_assert_true (fs_test_wait_for (grid_shows_only_teal, f, 20));
  g_assert_cmpstr (fs_library_query_get_text (fs_gallery_get_query (FS_GALLERY (f->gallery))),
                   ==, "CERA");

  gtk_editable_set_text (GTK_EDITABLE (entry), "nothing-like-this");
  wait_grid (f, 0);
  g_assert_nonnull (fs_test_find_by_label (f->gallery, GTK_TYPE_WIDGET, "No Matching Images") ?:
                    fs_test_find_with_class (f->gallery, "title"));

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  wait_grid (f, 3);
}

/* Chips */

static gboolean
chip_count_is (Fixture *f,
               guint    n)
{
  GtkWidget *chips = fs_test_find_by_label (f->gallery, GTK_TYPE_WIDGET, "Active filters");
  guint count = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (chips); c; c = gtk_widget_get_next_sibling (c))
    count++;
  return count == n;
}

static gboolean
two_chips (gpointer data)
{
  return chip_count_is (data, 2);
}

static gboolean
one_chip (gpointer data)
{
  return chip_count_is (data, 1);
}

static void
test_chips (Fixture       *f,
            gconstpointer  data)
{
  FsLibraryQuery *query = fs_gallery_get_query (FS_GALLERY (f->gallery));
  GtkWidget *chip;
  GtkWidget *favourites;

  wait_grid (f, 3);
  /* The filter menu's controls set the query. */
  favourites = fs_test_find_type (f->gallery, GTK_TYPE_CHECK_BUTTON);
  g_assert_nonnull (favourites);
  g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (favourites)), ==, "Favourites _only");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (favourites), TRUE);
  g_assert_true (fs_library_query_get_favourites_only (query));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (fs_test_find_by_label (f->gallery,
                                                                   GTK_TYPE_DROP_DOWN,
                                                                   "Orientation")),
                              FS_ORIENTATION_LANDSCAPE);
  g_assert_cmpint (fs_library_query_get_orientation (query), ==, FS_ORIENTATION_LANDSCAPE);
  wait_grid (f, 0);
  g_assert_true (fs_test_wait_for (two_chips, f, 20));

  /* A chip's button takes its filter, and only its filter, away. */
  chip = fs_test_find_by_label (f->gallery, GTK_TYPE_BUTTON, "Remove filter: Favourites");
  g_assert_nonnull (chip);
  g_signal_emit_by_name (chip, "clicked");
  g_assert_false (fs_library_query_get_favourites_only (query));
  g_assert_cmpint (fs_library_query_get_orientation (query), ==, FS_ORIENTATION_LANDSCAPE);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (favourites)));
  g_assert_true (fs_test_wait_for (one_chip, f, 20));
  g_assert_null (fs_test_find_by_label (f->gallery, GTK_TYPE_BUTTON, "Remove filter: Favourites"));
  wait_grid (f, 3);  /* 768 × 512: all landscape */

  chip = fs_test_find_by_label (f->gallery, GTK_TYPE_BUTTON, "Remove filter: Landscape");
  g_assert_nonnull (chip);
  g_signal_emit_by_name (chip, "clicked");
  g_assert_false (fs_library_query_is_filtered (query));
}

/* Rating keys and the star */

typedef struct
{
  Fixture *f;
  guint    mask;
  guint    rating;
  gboolean favourite;
} Marks;

static gboolean
marks_are (gpointer data)
{
  Marks *m = data;

  for (guint i = 0; i < m->f->assets->len; i++)
    if ((m->mask & (1u << i)) &&
        (fs_asset_get_rating (asset (m->f, i)) != m->rating ||
         fs_asset_get_favourite (asset (m->f, i)) != m->favourite))
      return FALSE;
  return TRUE;
}

static void
test_rating_keys (Fixture       *f,
                  gconstpointer  data)
{
  Marks marks = { f, 0x5, 4, FALSE };

  wait_grid (f, 3);
  select_assets (f, 0x5);

  /* darktable's and Shotwell's keys, on the selection only. */
  g_assert_true (fs_test_activate_shortcut (f->gallery, "4"));
  g_assert_true (fs_test_wait_for (marks_are, &marks, 20));
  g_assert_cmpuint (fs_asset_get_rating (asset (f, 1)), ==, 0);
  for (guint i = 0; i < 3; i += 2)
    {
      g_autoptr(JsonObject) sidecar = read_sidecar (asset (f, i));

      g_assert_cmpint (json_object_get_int_member (sidecar, "rating"), ==, 4);
    }

  g_assert_true (fs_test_activate_shortcut (f->gallery, "f"));
  marks.favourite = TRUE;
  g_assert_true (fs_test_wait_for (marks_are, &marks, 20));
  {
    g_autoptr(JsonObject) sidecar = read_sidecar (asset (f, 2));

    g_assert_true (json_object_get_boolean_member (sidecar, "favourite"));
  }

  g_assert_true (fs_test_activate_shortcut (f->gallery, "f"));
  g_assert_true (fs_test_activate_shortcut (f->gallery, "KP_0"));
  marks.favourite = FALSE;
  marks.rating = 0;
  g_assert_true (fs_test_wait_for (marks_are, &marks, 20));
}

static FsGalleryItem *
tile_of (Fixture *f,
         FsAsset *a)
{
  GtkWidget *grid = fs_test_find_by_label (f->gallery, GTK_TYPE_WIDGET, "Gallery");

  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *item = fs_test_find_type (child, FS_TYPE_GALLERY_ITEM);

      if (item != NULL && fs_gallery_item_get_asset (FS_GALLERY_ITEM (item)) == a)
        return FS_GALLERY_ITEM (item);
    }
  return NULL;
}

static gboolean
tile_bound (gpointer data)
{
  Fixture *f = data;

  return tile_of (f, asset (f, 0)) != NULL;
}

static void
test_star (Fixture       *f,
           gconstpointer  data)
{
  Marks starred = { f, 0x1, 0, TRUE };
  Marks rated = { f, 0x1, 3, TRUE };
  GtkWidget *star;
  GtkWidget *rating;
  GtkWidget *three;
  GtkWidget *at_rest;
  FsGalleryItem *tile;

  wait_grid (f, 3);
  g_assert_true (fs_test_wait_for (tile_bound, f, 20));
  tile = tile_of (f, asset (f, 0));
  /* Unmarked and not selected, the tile shows no marks. */
  star = fs_test_find_by_label (GTK_WIDGET (tile), GTK_TYPE_TOGGLE_BUTTON, "Favourite");
  g_assert_true (star == NULL || !gtk_widget_get_mapped (star));

  select_assets (f, 0x1);
  star = fs_test_find_by_label (GTK_WIDGET (tile), GTK_TYPE_TOGGLE_BUTTON, "Favourite");
  g_assert_nonnull (star);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (star)));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (star), TRUE);
  g_assert_true (fs_test_wait_for (marks_are, &starred, 20));

  rating = fs_test_find_by_label (GTK_WIDGET (tile), GTK_TYPE_WIDGET, "Rating");
  g_assert_nonnull (rating);
  three = fs_test_find_by_label (rating, GTK_TYPE_TOGGLE_BUTTON, "3 stars");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (three), TRUE);
  g_assert_true (fs_test_wait_for (marks_are, &rated, 20));
  {
    g_autoptr(JsonObject) sidecar = read_sidecar (asset (f, 0));

    g_assert_cmpint (json_object_get_int_member (sidecar, "rating"), ==, 3);
  }

  /* Not selected, the tile draws its marks instead of the buttons. */
  g_assert_null (fs_test_find_type (GTK_WIDGET (tile), FS_TYPE_TILE_MARKS));
  select_assets (f, 0);
  at_rest = fs_test_find_type (GTK_WIDGET (tile), FS_TYPE_TILE_MARKS);
  g_assert_nonnull (at_rest);
  g_assert_true (gtk_widget_get_mapped (at_rest));
  g_assert_true (fs_tile_marks_get_favourite (FS_TILE_MARKS (at_rest)));
  g_assert_cmpuint (fs_tile_marks_get_rating (FS_TILE_MARKS (at_rest)), ==, 3);
  g_assert_false (gtk_widget_get_mapped (star));
  g_assert_false (gtk_widget_get_mapped (rating));

  /* Selected again, the buttons are back to set them. */
  select_assets (f, 0x1);
  g_assert_false (gtk_widget_get_mapped (at_rest));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (star)));
}

/* Move to Trash, Undo */

static gboolean
toast_came (gpointer data)
{
  return ((Fixture *) data)->toast != NULL;
}

/* The image back in the grid with the rating its sidecar keeps. */
static gboolean
restored_rated (gpointer data)
{
  Fixture *f = data;

  for (guint i = 0; i < g_list_model_get_n_items (grid_model (f)); i++)
    {
      g_autoptr(FsAsset) item = g_list_model_get_item (grid_model (f), i);

      if (g_strcmp0 (fs_asset_get_prompt (item), prompts[0]) == 0)
        return fs_asset_get_rating (item) == 5;
    }
  return FALSE;
}

static void
test_trash_undo (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *image = g_strdup (fs_asset_get_path (asset (f, 0)));
  g_autofree char *sidecar = g_strdup (fs_asset_get_sidecar_path (asset (f, 0)));
  g_autofree char *other = g_strdup (fs_asset_get_path (asset (f, 2)));
  Marks marks = { f, 0x1, 5, FALSE };
  GtkWidget *bar;

  wait_grid (f, 3);
  select_assets (f, 0x1);
  g_assert_true (fs_test_activate_shortcut (f->gallery, "5"));
  g_assert_true (fs_test_wait_for (marks_are, &marks, 20));

  select_assets (f, 0x5);
  bar = fs_test_find_by_label (f->gallery, GTK_TYPE_WIDGET, "Selected images");
  g_assert_nonnull (bar);
  g_assert_nonnull (fs_test_find_by_label (bar, GTK_TYPE_BUTTON, "Move to Trash"));
  g_signal_emit_by_name (fs_test_find_by_label (bar, GTK_TYPE_BUTTON, "Move to Trash"),
                         "clicked");
  wait_grid (f, 1);
  g_assert_true (fs_test_wait_for (toast_came, f, 20));
  g_assert_cmpstr (adw_toast_get_title (f->toast), ==, "2 images moved to the Trash");
  g_assert_cmpstr (adw_toast_get_button_label (f->toast), ==, "Undo");
  g_assert_false (g_file_test (image, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (sidecar, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));

  /* Undo: the files are back where they were, the tiles too, with
   * their marks. */
  g_signal_emit_by_name (f->toast, "button-clicked");
  wait_grid (f, 3);
  g_assert_true (g_file_test (image, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (sidecar, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (other, G_FILE_TEST_IS_REGULAR));
  g_assert_true (fs_test_wait_for (restored_rated, f, 20));
}

/* The selection bar's Compare asks the window for win.compare with the
 * selected images' paths, for two to four of them only. */
static void
compare_cb (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  GVariant **asked = user_data;

  g_clear_pointer (asked, g_variant_unref);
  *asked = g_variant_ref (parameter);
}

static gboolean
is_sensitive (gpointer widget)
{
  return gtk_widget_get_sensitive (widget);
}

static gboolean
is_insensitive (gpointer widget)
{
  return !gtk_widget_get_sensitive (widget);
}

static void
test_compare_selected (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) compare = g_simple_action_new ("compare", G_VARIANT_TYPE ("as"));
  g_autoptr(GVariant) asked = NULL;
  g_autofree const char **paths = NULL;
  GtkWidget *bar;
  GtkWidget *button;

  g_signal_connect (compare, "activate", G_CALLBACK (compare_cb), &asked);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (compare));
  gtk_widget_insert_action_group (f->window, "win", G_ACTION_GROUP (group));

  wait_grid (f, 3);
  bar = fs_test_find_by_label (f->gallery, GTK_TYPE_WIDGET, "Selected images");
  button = fs_test_find_by_label (bar, GTK_TYPE_BUTTON, "Compare");
  g_assert_nonnull (button);

  /* The bar hears of the selection once per main-loop pass. */
  select_assets (f, 0x5);
  g_assert_true (fs_test_wait_for (is_sensitive, button, 10));
  select_assets (f, 0x1);
  g_assert_true (fs_test_wait_for (is_insensitive, button, 10));

  select_assets (f, 0x5);
  g_assert_true (fs_test_wait_for (is_sensitive, button, 10));
  g_signal_emit_by_name (button, "clicked");
  g_assert_nonnull (asked);
  paths = g_variant_get_strv (asked, NULL);
  g_assert_cmpuint (g_strv_length ((char **) paths), ==, 2);
  g_assert_true (g_strv_contains (paths, fs_asset_get_path (asset (f, 0))));
  g_assert_true (g_strv_contains (paths, fs_asset_get_path (asset (f, 2))));
}

/* Loading, and the live folder */

static void
visible_child_cb (GtkStack   *stack,
                  GParamSpec *pspec,
                  gboolean   *said_empty)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "empty") == 0)
    *said_empty = TRUE;
}

static void
test_loading (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (f->dir, "big", NULL);
  g_autofree char *folder_path = g_build_filename (dir, "gallery", NULL);
  g_autofree char *db_path = g_build_filename (dir, "library.db", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);
  g_autoptr(FsLibrary) library = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean said_empty = FALSE;
  GtkWidget *stack;

  g_clear_pointer ((GtkWindow **) &f->window, gtk_window_destroy);
  fs_test_generate_archive (folder_path, 300, 64, 7);
  library = fs_library_new (folder, db_path);
  fs_library_open_async (library, NULL, fs_test_result_cb, &result);
  g_set_object (&f->library, library);
  show_gallery (f);

  /* While it opens (rebuilding the index from 300 sidecars), the
   * gallery says it is loading, never that it has no images. */
  stack = gtk_widget_get_parent (gtk_widget_get_parent (fs_test_find_by_label (f->gallery,
                                                                               GTK_TYPE_WIDGET,
                                                                               "Gallery")));
  g_assert_true (GTK_IS_STACK (stack));
  /* The newest page may be in already, shown while the rest loads. */
  g_assert_true (fs_library_get_loading (library));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), !=, "empty");
  if (g_list_model_get_n_items (grid_model (f)) == 0)
    g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "loading");
  g_signal_connect (stack, "notify::visible-child-name", G_CALLBACK (visible_child_cb),
                    &said_empty);
  g_assert_true (fs_library_open_finish (library, fs_test_wait_result (&result), &error));
  g_assert_no_error (error);
  wait_grid (f, 300);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "grid");
  g_assert_false (said_empty);
  g_signal_handlers_disconnect_by_func (stack, visible_child_cb, &said_empty);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_file_copy (source, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
test_outside (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *other_dir = g_build_filename (f->dir, "other", NULL);
  g_autoptr(FsLibrary) other = NULL;
  g_autoptr(FsAsset) made = NULL;
  g_autofree char *name = NULL;
  g_autofree char *sidecar_name = NULL;
  g_autofree char *image = NULL;
  g_autofree char *sidecar = NULL;
  g_autofree char *folder = g_file_get_path (fs_library_get_folder (f->library));

  wait_grid (f, 3);
  /* Another program's result, copied in by Files: image, then sidecar. */
  g_mkdir_with_parents (other_dir, 0700);
  other = fs_test_library_new (other_dir);
  made = fs_test_save_sandbox (other, f->catalog, "from elsewhere, #00ff00", 9, 512, 512);
  name = g_path_get_basename (fs_asset_get_path (made));
  sidecar_name = g_path_get_basename (fs_asset_get_sidecar_path (made));
  image = g_build_filename (folder, name, NULL);
  sidecar = g_build_filename (folder, sidecar_name, NULL);
  copy_file (fs_asset_get_path (made), image);
  copy_file (fs_asset_get_sidecar_path (made), sidecar);
  wait_grid (f, 4);

  /* And a search sees it too. */
  fs_library_query_set_text (fs_gallery_get_query (FS_GALLERY (f->gallery)), "elsewhere");
  wait_grid (f, 1);
}

/* A custom date range */

/* An image made on @day (local noon), as another program would copy in
 * an image and its sidecar. */
static FsAsset *
add_dated (Fixture    *f,
           FsLibrary  *other,
           GDateTime  *day,
           gint64      seed)
{
  g_autofree char *folder = g_file_get_path (fs_library_get_folder (f->library));
  g_autoptr(FsAsset) made = fs_test_save_sandbox (other, f->catalog, "dated", seed, 512, 512);
  g_autoptr(GDateTime) noon = g_date_time_add_hours (day, 12);
  g_autofree char *saved_at = g_date_time_format_iso8601 (noon);
  g_autoptr(JsonObject) record = read_sidecar (made);
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *name = g_path_get_basename (fs_asset_get_path (made));
  g_autofree char *sidecar_name = g_path_get_basename (fs_asset_get_sidecar_path (made));
  g_autofree char *image = g_build_filename (folder, name, NULL);
  g_autofree char *sidecar = g_build_filename (folder, sidecar_name, NULL);
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (record, "saved_at", saved_at);
  json_node_set_object (root, record);
  json_generator_set_root (generator, root);
  copy_file (fs_asset_get_path (made), image);
  json_generator_to_file (generator, sidecar, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&made);
}

static GtkWidget *
wait_range_dialog (void)
{
  return GTK_WIDGET (fs_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

typedef struct
{
  Fixture    *f;
  const char *text;   /* a chip's name, or an image's file name */
} Wanted;

static gboolean
chip_shown (gpointer data)
{
  Wanted *chip = data;

  return fs_test_find_by_label (chip->f->gallery, GTK_TYPE_BUTTON, chip->text) != NULL;
}

static gboolean
no_chips (gpointer data)
{
  return chip_count_is (data, 0);
}

/* Several models: a check button each in the filter menu's "Model", a
 * chip each, removed one at a time; kept across restarts. */

static gboolean
is_check_labelled (GtkWidget     *widget,
                   gconstpointer  label)
{
  return GTK_IS_CHECK_BUTTON (widget) &&
         g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), label) == 0;
}

static GtkWidget *
model_check (GtkWidget  *gallery,
             const char *name)
{
  GtkWidget *choice = fs_test_find_by_label (gallery, GTK_TYPE_MENU_BUTTON, "Model");

  g_assert_nonnull (choice);
  return fs_test_find_widget (choice, is_check_labelled, name);
}

static gboolean
models_are_both (const char * const *models)
{
  return models != NULL && g_strv_length ((char **) models) == 2 &&
         g_strv_contains (models, "flux-2-pro") && g_strv_contains (models, "flux-2-max");
}

static void
test_several_models (Fixture       *f,
                     gconstpointer  data)
{
  FsLibraryQuery *query = fs_gallery_get_query (FS_GALLERY (f->gallery));
  const char * const max_only[] = { "flux-2-max", NULL };
  Wanted pro_chip = { f, "Remove filter: FLUX.2 [pro]" };
  Wanted max_chip = { f, "Remove filter: FLUX.2 [max]" };
  g_autoptr(GVariant) stored = NULL;
  g_autoptr(FsLibraryQuery) restored = NULL;
  GtkWidget *pro, *max, *chip;

  wait_grid (f, 3);
  pro = model_check (f->gallery, "FLUX.2 [pro]");
  max = model_check (f->gallery, "FLUX.2 [max]");
  g_assert_nonnull (pro);
  g_assert_nonnull (max);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (max), TRUE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (pro), TRUE);
  g_assert_true (models_are_both (fs_library_query_get_models (query)));
  g_assert_true (fs_test_wait_for (chip_shown, &pro_chip, 20));
  g_assert_true (fs_test_wait_for (chip_shown, &max_chip, 20));
  g_assert_true (fs_test_wait_for (two_chips, f, 20));
  wait_grid (f, 3);  /* every image is FLUX.2 [pro] */
  /* The button says both to a screen reader too: named "Model", its
   * choices its description. */
  {
    GtkWidget *button = fs_test_find_by_label (f->gallery, GTK_TYPE_MENU_BUTTON, "Model");
    g_autofree char *mismatch = NULL;
    g_autofree char *other = NULL;

    mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (button),
                                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                   "FLUX.2 [pro], FLUX.2 [max]");
    other = gtk_test_accessible_check_property (GTK_ACCESSIBLE (button),
                                                GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                "FLUX.2 [max], FLUX.2 [pro]");
    g_assert_true (mismatch == NULL || other == NULL);
  }

  /* Kept across restarts as the other filters are ("gallery-query"):
   * a gallery opened on it checks both and shows both chips. */
  stored = g_variant_ref_sink (fs_library_query_to_variant (query));
  restored = fs_library_query_new_from_variant (stored);
  g_assert_true (models_are_both (fs_library_query_get_models (restored)));
  {
    GtkWidget *gallery = fs_gallery_new (f->library, NULL);
    GtkWidget *window;
    Fixture other = *f;
    Wanted other_chip = { &other, "Remove filter: FLUX.2 [max]" };

    fs_gallery_set_catalog (FS_GALLERY (gallery), f->catalog);
    window = fs_test_present_window (gallery, 900, 700);
    other.gallery = gallery;
    fs_library_query_set_models (fs_gallery_get_query (FS_GALLERY (gallery)),
                                 fs_library_query_get_models (restored));
    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (model_check (gallery,
                                                                               "FLUX.2 [max]"))));
    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (model_check (gallery,
                                                                               "FLUX.2 [pro]"))));
    g_assert_true (fs_test_wait_for (chip_shown, &other_chip, 20));
    gtk_window_destroy (GTK_WINDOW (window));
  }

  /* One chip takes its model away, and only it. */
  chip = fs_test_find_by_label (f->gallery, GTK_TYPE_BUTTON, pro_chip.text);
  g_signal_emit_by_name (chip, "clicked");
  g_assert_true (g_strv_equal (fs_library_query_get_models (query), max_only));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (pro)));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (max)));
  g_assert_true (fs_test_wait_for (one_chip, f, 20));
  g_assert_true (fs_test_wait_for (chip_shown, &max_chip, 20));
  wait_grid (f, 0);

  chip = fs_test_find_by_label (f->gallery, GTK_TYPE_BUTTON, max_chip.text);
  g_signal_emit_by_name (chip, "clicked");
  g_assert_null (fs_library_query_get_models (query));
  g_assert_false (fs_library_query_is_filtered (query));
  wait_grid (f, 3);
}

static gboolean
grid_shows_only (gpointer data)
{
  Wanted *image = data;
  g_autoptr(FsAsset) only = NULL;
  g_autofree char *name = NULL;

  if (g_list_model_get_n_items (grid_model (image->f)) != 1)
    return FALSE;
  only = g_list_model_get_item (grid_model (image->f), 0);
  name = g_path_get_basename (fs_asset_get_path (only));
  return g_str_equal (name, image->text);
}

/* A gallery opened on the stored range, as the window copies
 * "gallery-query" into its gallery's query at start: the menu and the
 * chip say so. */
static void
check_restored (Fixture        *f,
                FsLibraryQuery *restored,
                const char     *label)
{
  GtkWidget *gallery = fs_gallery_new (f->library, NULL);
  GtkWidget *window = fs_test_present_window (gallery, 900, 700);
  FsLibraryQuery *query = fs_gallery_get_query (FS_GALLERY (gallery));
  Fixture other = *f;
  Wanted chip = { &other, label };

  other.gallery = gallery;
  g_object_set (query,
                "since", fs_library_query_get_since (restored),
                "until", fs_library_query_get_until (restored),
                "date", fs_library_query_get_date (restored),
                NULL);
  g_assert_cmpint (gtk_drop_down_get_selected (GTK_DROP_DOWN (
                     fs_test_find_by_label (gallery, GTK_TYPE_DROP_DOWN, "Date"))),
                   ==, FS_DATE_RANGE);
  g_assert_true (gtk_widget_get_visible (fs_test_find_by_label (gallery, GTK_TYPE_BUTTON,
                                                                "Change Range…")));
  g_assert_true (fs_test_wait_for (chip_shown, &chip, 20));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_date_range (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *other_dir = g_build_filename (f->dir, "other", NULL);
  g_autoptr(FsLibrary) other = NULL;
  FsLibraryQuery *query = fs_gallery_get_query (FS_GALLERY (f->gallery));
  GtkWidget *date = fs_test_find_by_label (f->gallery, GTK_TYPE_DROP_DOWN, "Date");
  g_autoptr(GDateTime) first = g_date_time_new_local (2026, 3, 1, 0, 0, 0);
  g_autoptr(GDateTime) fifth = g_date_time_new_local (2026, 3, 5, 0, 0, 0);
  g_autoptr(GDateTime) tenth = g_date_time_new_local (2026, 3, 10, 0, 0, 0);
  g_autoptr(GDateTime) twentieth = g_date_time_new_local (2026, 3, 20, 0, 0, 0);
  g_autoptr(FsAsset) made = NULL;
  g_autofree char *from = g_date_time_format (fifth, "%x");
  g_autofree char *to = g_date_time_format (tenth, "%x");
  g_autofree char *label = g_strdup_printf ("Remove filter: %s – %s", from, to);
  g_autoptr(GVariant) stored = NULL;
  g_autoptr(FsLibraryQuery) restored = NULL;
  g_autofree char *tenth_name = NULL;
  Wanted chip = { f, label };
  Wanted tenth_image = { f, NULL };
  GtkWidget *dialog;
  GtkWidget *from_calendar;
  GtkWidget *to_calendar;
  GtkWidget *change;
  g_autoptr(GDateTime) shown = NULL;

  wait_grid (f, 3);
  g_assert_nonnull (date);
  g_mkdir_with_parents (other_dir, 0700);
  other = fs_test_library_new (other_dir);
  g_clear_object (&made);
  made = add_dated (f, other, first, 71);
  g_clear_object (&made);
  made = add_dated (f, other, tenth, 72);
  tenth_name = g_path_get_basename (fs_asset_get_path (made));
  tenth_image.text = tenth_name;
  g_clear_object (&made);
  made = add_dated (f, other, twentieth, 73);
  wait_grid (f, 6);

  /* Cancelled, nothing changes and the menu says so. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (date), FS_DATE_RANGE);
  dialog = wait_range_dialog ();
  g_assert_cmpint (fs_library_query_get_date (query), ==, FS_DATE_ANY);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpint (gtk_drop_down_get_selected (GTK_DROP_DOWN (date)), ==, FS_DATE_ANY);
  g_assert_false (fs_library_query_is_filtered (query));

  /* "To" before "From" is refused, with a hint. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (date), FS_DATE_RANGE);
  dialog = wait_range_dialog ();
  from_calendar = fs_test_find_by_label (dialog, GTK_TYPE_CALENDAR, "From");
  to_calendar = fs_test_find_by_label (dialog, GTK_TYPE_CALENDAR, "To");
  g_assert_nonnull (from_calendar);
  g_assert_nonnull (to_calendar);
  gtk_calendar_select_day (GTK_CALENDAR (from_calendar), tenth);
  gtk_calendar_select_day (GTK_CALENDAR (to_calendar), fifth);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                           "accept"));
  g_assert_nonnull (fs_test_find_with_class (dialog, "error"));
  g_assert_nonnull (g_strrstr (gtk_label_get_text (GTK_LABEL (fs_test_find_with_class (dialog,
                                                                                   "error"))),
                            "before"));

  /* Both days included: the 5th to the 10th holds the 10th's image only. */
  gtk_calendar_select_day (GTK_CALENDAR (from_calendar), fifth);
  gtk_calendar_select_day (GTK_CALENDAR (to_calendar), tenth);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                          "accept"));
  g_assert_null (fs_test_find_with_class (dialog, "error"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "accept");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpint (fs_library_query_get_date (query), ==, FS_DATE_RANGE);
  g_assert_cmpint (fs_library_query_get_since (query), ==,
                   g_date_time_to_unix (fifth) * G_USEC_PER_SEC);
  g_assert_true (fs_test_wait_for (grid_shows_only, &tenth_image, 20));
  g_assert_true (fs_test_wait_for (chip_shown, &chip, 20));
  g_assert_cmpint (gtk_drop_down_get_selected (GTK_DROP_DOWN (date)), ==, FS_DATE_RANGE);

  /* What the window keeps across restarts ("gallery-query") holds it. */
  stored = g_variant_ref_sink (fs_library_query_to_variant (query));
  restored = fs_library_query_new_from_variant (stored);
  g_assert_true (fs_library_query_equal (query, restored));
  check_restored (f, restored, label);

  /* "Change Range…" asks again, from the days chosen; Cancel keeps them. */
  change = fs_test_find_by_label (f->gallery, GTK_TYPE_BUTTON, "Change Range…");
  g_assert_nonnull (change);
  g_assert_true (gtk_widget_get_visible (change));
  g_signal_emit_by_name (change, "clicked");
  dialog = wait_range_dialog ();
  shown = gtk_calendar_get_date (GTK_CALENDAR (fs_test_find_by_label (dialog, GTK_TYPE_CALENDAR,
                                                                      "From")));
  g_assert_cmpint (g_date_time_get_day_of_month (shown), ==, 5);
  g_clear_pointer (&shown, g_date_time_unref);
  shown = gtk_calendar_get_date (GTK_CALENDAR (fs_test_find_by_label (dialog, GTK_TYPE_CALENDAR,
                                                                      "To")));
  g_assert_cmpint (g_date_time_get_day_of_month (shown), ==, 10);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (fs_library_query_equal (query, restored));
  g_assert_cmpint (gtk_drop_down_get_selected (GTK_DROP_DOWN (date)), ==, FS_DATE_RANGE);

  /* The chip takes the range away. */
  g_signal_emit_by_name (fs_test_find_by_label (f->gallery, GTK_TYPE_BUTTON, label), "clicked");
  g_assert_cmpint (fs_library_query_get_date (query), ==, FS_DATE_ANY);
  g_assert_cmpint (fs_library_query_get_since (query), ==, 0);
  g_assert_false (fs_library_query_is_filtered (query));
  g_assert_cmpint (gtk_drop_down_get_selected (GTK_DROP_DOWN (date)), ==, FS_DATE_ANY);
  g_assert_false (gtk_widget_get_visible (change));
  wait_grid (f, 6);
  g_assert_true (fs_test_wait_for (no_chips, f, 20));
  g_assert_false (chip_shown (&chip));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = fs_test_make_dir ("fs-test-archive-home-XXXXXX");
  g_autofree char *cache = g_build_filename (home, "cache", NULL);
  int status;

  /* The Trash is $XDG_DATA_HOME/Trash: a throwaway one. */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/gallery-archive/search", Fixture, "", fixture_set_up, test_search,
              fixture_tear_down);
  g_test_add ("/gallery-archive/chips", Fixture, "", fixture_set_up, test_chips,
              fixture_tear_down);
  g_test_add ("/gallery-archive/several-models", Fixture, "", fixture_set_up,
              test_several_models, fixture_tear_down);
  g_test_add ("/gallery-archive/rating-keys", Fixture, "", fixture_set_up, test_rating_keys,
              fixture_tear_down);
  g_test_add ("/gallery-archive/star", Fixture, "", fixture_set_up, test_star,
              fixture_tear_down);
  g_test_add ("/gallery-archive/compare-selected", Fixture, "", fixture_set_up,
              test_compare_selected, fixture_tear_down);
  g_test_add ("/gallery-archive/trash-undo", Fixture, "", fixture_set_up, test_trash_undo,
              fixture_tear_down);
  g_test_add ("/gallery-archive/loading", Fixture, NULL, fixture_set_up, test_loading,
              fixture_tear_down);
  g_test_add ("/gallery-archive/outside", Fixture, "", fixture_set_up, test_outside,
              fixture_tear_down);
  g_test_add ("/gallery-archive/date-range", Fixture, "", fixture_set_up, test_date_range,
              fixture_tear_down);

  status = g_test_run ();
  fs_test_remove_dir (home);
  return status;
}
