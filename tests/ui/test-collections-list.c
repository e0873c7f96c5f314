/* test-collections-list.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "fs-asset-transfer.h"
#include "fs-collections-list.h"
#include "fs-gallery.h"
#include "fs-test-ui-util.h"

/* The collections side list over a real library in a temporary folder:
 * New Collection through its dialog, rename, delete, counts that follow
 * the library, a gallery tile's files dropped on a row going into that
 * collection, and the gallery following the chosen collection. */

typedef struct
{
  char      *dir;
  FsLibrary *library;
  FsCatalog *catalog;
  GPtrArray *assets;
  GtkWidget *list;
  GtkWidget *window;
  char      *toast;
  AdwToast  *last_toast;
} Fixture;

static void
toast_cb (GtkWidget *list,
          AdwToast  *toast,
          Fixture   *f)
{
  g_free (f->toast);
  f->toast = g_strdup (adw_toast_get_title (toast));
  g_set_object (&f->last_toast, toast);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char *prompts[] = { "a red kite", "a blue boat", "a green door" };

  f->dir = fs_test_make_dir ("fs-test-collections-XXXXXX");
  f->library = fs_test_library_new (f->dir);
  f->catalog = fs_test_load_catalog ();
  f->assets = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < G_N_ELEMENTS (prompts); i++)
    g_ptr_array_add (f->assets,
                     fs_test_save_sandbox (f->library, f->catalog, prompts[i], 10 + i, 512, 512));

  f->list = fs_collections_list_new ();
  fs_collections_list_set_library (FS_COLLECTIONS_LIST (f->list), f->library);
  g_signal_connect (f->list, "toast", G_CALLBACK (toast_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer ((GtkWindow **) &f->window, gtk_window_destroy);
  g_clear_pointer (&f->assets, g_ptr_array_unref);
  g_clear_object (&f->library);
  g_clear_object (&f->catalog);
  fs_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->toast);
  g_clear_object (&f->last_toast);
}

static void
show (Fixture   *f,
      GtkWidget *child)
{
  f->window = fs_test_present_window (child, 700, 500);
}

/* Rows, by their accessible names */

typedef struct
{
  Fixture    *f;
  const char *name;
  const char *count;
} RowWait;

static GtkWidget *
find_row (Fixture    *f,
          const char *name)
{
  return fs_test_find_by_label (f->list, GTK_TYPE_LIST_BOX_ROW, name);
}

static const char *
row_count (GtkWidget *row)
{
  GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  GtkWidget *count = gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (
    gtk_widget_get_first_child (box)));

  g_assert_true (GTK_IS_LABEL (count));
  return gtk_label_get_text (GTK_LABEL (count));
}

static gboolean
row_is (gpointer data)
{
  RowWait *wait = data;
  GtkWidget *row = find_row (wait->f, wait->name);

  if (wait->count == NULL)
    return row == NULL;

  return row != NULL && g_str_equal (row_count (row), wait->count);
}

static void
wait_row (Fixture    *f,
          const char *name,
          const char *count)
{
  RowWait wait = { f, name, count };

  g_assert_true (fs_test_wait_for (row_is, &wait, 20));
}

static GtkWidget *
wait_dialog (void)
{
  return GTK_WIDGET (fs_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

static void
answer_dialog (const char *name,
               const char *response)
{
  GtkWidget *dialog = wait_dialog ();

  if (name != NULL)
    {
      GtkWidget *entry = fs_test_find_by_label (dialog, GTK_TYPE_ENTRY, "Collection name");

      g_assert_nonnull (entry);
      gtk_editable_set_text (GTK_EDITABLE (entry), name);
      g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                              "accept"));
    }
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Tests */

static void
test_create_rename_delete (Fixture       *f,
                           gconstpointer  data)
{
  FsCollectionsList *list;

  show (f, f->list);
  list = FS_COLLECTIONS_LIST (f->list);
  wait_row (f, "All Images", "3");

  /* New Collection: its button's action opens the dialog; a blank name
   * cannot be accepted. */
  g_assert_nonnull (fs_test_find_by_label (f->list, GTK_TYPE_BUTTON, "New Collection"));
  gtk_widget_activate_action (f->list, "collections.new", NULL);
  {
    GtkWidget *dialog = wait_dialog ();

    g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                             "accept"));
  }
  answer_dialog ("  Keepers ", "accept");
  wait_row (f, "Keepers", "0");

  /* Choosing the row is the list's "collection"; renaming it keeps it
   * chosen under its new name. */
  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (find_row (f, "Keepers"))),
                           GTK_LIST_BOX_ROW (find_row (f, "Keepers")));
  g_assert_cmpstr (fs_collections_list_get_collection (list), ==, "Keepers");

  gtk_widget_activate_action (f->list, "collections.rename", "s", "Keepers");
  answer_dialog ("Best of May", "accept");
  wait_row (f, "Best of May", "0");
  wait_row (f, "Keepers", NULL);
  g_assert_cmpstr (fs_collections_list_get_collection (list), ==, "Best of May");

  /* Delete asks first; Cancel keeps it. */
  gtk_widget_activate_action (f->list, "collections.delete", "s", "Best of May");
  answer_dialog (NULL, "cancel");
  wait_row (f, "Best of May", "0");

  gtk_widget_activate_action (f->list, "collections.delete", "s", "Best of May");
  answer_dialog (NULL, "delete");
  wait_row (f, "Best of May", NULL);
  g_assert_null (fs_collections_list_get_collection (list));
  g_assert_cmpuint (g_list_model_get_n_items (fs_library_get_collections (f->library)), ==, 0);
  /* The images stay. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->library)), ==, 3);
}

/* The collection's name in the image's sidecar, read from the file. */
static gboolean
sidecar_names (FsAsset    *asset,
               const char *name)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *record;
  JsonArray *names;

  g_assert_true (json_parser_load_from_file (parser, fs_asset_get_sidecar_path (asset), &error));
  g_assert_no_error (error);
  record = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (record, "collections"))
    return FALSE;
  names = json_object_get_array_member (record, "collections");
  for (guint i = 0; i < json_array_get_length (names); i++)
    if (g_str_equal (json_array_get_string_element (names, i), name))
      return TRUE;
  return FALSE;
}

static char *
index_count (Fixture    *f,
             const char *name)
{
  g_autofree char *db_path = g_build_filename (f->dir, "library.db", NULL);

  return fs_test_query_string (db_path,
                               "SELECT count(*) FROM collection_items WHERE collection = ?1",
                               name);
}

/* Deleting a collection says so with an Undo, which brings it back with
 * the same name and the same images, in their sidecars and the index. */
static void
test_delete_undo (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *count = NULL;

  show (f, f->list);
  fs_collections_list_create (FS_COLLECTIONS_LIST (f->list), "Client X", f->assets);
  wait_row (f, "Client X", "3");

  gtk_widget_activate_action (f->list, "collections.delete", "s", "Client X");
  answer_dialog (NULL, "delete");
  wait_row (f, "Client X", NULL);
  g_assert_nonnull (f->last_toast);
  g_assert_cmpstr (adw_toast_get_button_label (f->last_toast), ==, "Undo");
  for (guint i = 0; i < f->assets->len; i++)
    g_assert_false (sidecar_names (g_ptr_array_index (f->assets, i), "Client X"));
  count = index_count (f, "Client X");
  g_assert_cmpstr (count, ==, "0");
  g_clear_pointer (&count, g_free);

  g_signal_emit_by_name (f->last_toast, "button-clicked");
  wait_row (f, "Client X", "3");
  for (guint i = 0; i < f->assets->len; i++)
    {
      FsAsset *asset = g_ptr_array_index (f->assets, i);

      g_assert_true (sidecar_names (asset, "Client X"));
      g_assert_true (g_strv_contains (fs_asset_get_collections (asset), "Client X"));
    }
  count = index_count (f, "Client X");
  g_assert_cmpstr (count, ==, "3");
}

static gboolean
toast_says_taken (gpointer data)
{
  Fixture *f = data;

  return f->toast != NULL;
}

static void
test_name_taken (Fixture       *f,
                 gconstpointer  data)
{
  show (f, f->list);
  fs_collections_list_create (FS_COLLECTIONS_LIST (f->list), "Moodboard", NULL);
  wait_row (f, "Moodboard", "0");

  fs_collections_list_create (FS_COLLECTIONS_LIST (f->list), "Moodboard", NULL);
  g_assert_true (fs_test_wait_for (toast_says_taken, f, 20));
  g_assert_cmpuint (g_list_model_get_n_items (fs_library_get_collections (f->library)), ==, 1);

  /* A blank name is refused before the library is asked. */
  g_clear_pointer (&f->toast, g_free);
  fs_collections_list_create (FS_COLLECTIONS_LIST (f->list), "   ", NULL);
  g_assert_nonnull (f->toast);
}

static void
test_counts (Fixture       *f,
             gconstpointer  data)
{
  FsCollectionsList *list = FS_COLLECTIONS_LIST (f->list);
  g_autoptr(GPtrArray) two = g_ptr_array_new ();
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  show (f, f->list);
  g_ptr_array_add (two, g_ptr_array_index (f->assets, 0));
  g_ptr_array_add (two, g_ptr_array_index (f->assets, 1));
  g_ptr_array_add (one, g_ptr_array_index (f->assets, 0));

  fs_collections_list_create (list, "Boards", two);
  wait_row (f, "Boards", "2");
  fs_collections_list_create (list, "Favourites of the client", one);
  wait_row (f, "Favourites of the client", "1");

  /* An image in several collections. */
  g_assert_true (g_strv_contains (fs_asset_get_collections (g_ptr_array_index (f->assets, 0)),
                                  "Boards"));
  g_assert_true (g_strv_contains (fs_asset_get_collections (g_ptr_array_index (f->assets, 0)),
                                  "Favourites of the client"));

  fs_collections_list_remove (list, "Boards", one);
  wait_row (f, "Boards", "1");
  wait_row (f, "All Images", "3");

  /* A new image counts in All Images. */
  g_ptr_array_add (f->assets, fs_test_save_sandbox (f->library, f->catalog, "a fourth", 99, 512,
                                                    512));
  wait_row (f, "All Images", "4");
}

static void
test_drop (Fixture       *f,
           gconstpointer  data)
{
  FsAsset *asset = g_ptr_array_index (f->assets, 1);
  g_autoptr(GPtrArray) dragged = g_ptr_array_new ();
  g_autoptr(GdkContentProvider) content = NULL;
  g_autoptr(GListModel) controllers = NULL;
  GtkDropTarget *target = NULL;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;
  GtkWidget *row;

  show (f, f->list);
  fs_collections_list_create (FS_COLLECTIONS_LIST (f->list), "Dropped", NULL);
  wait_row (f, "Dropped", "0");
  row = find_row (f, "Dropped");

  /* What a gallery tile's drag carries … */
  g_ptr_array_add (dragged, asset);
  content = fs_asset_transfer_content_new (dragged);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));

  /* … let go on the row's drop target. */
  controllers = gtk_widget_observe_controllers (row);
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);
  g_assert_true (gdk_content_formats_contain_gtype (gtk_drop_target_get_formats (target),
                                                    GDK_TYPE_FILE_LIST));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);

  wait_row (f, "Dropped", "1");
  g_assert_true (g_strv_contains (fs_asset_get_collections (asset), "Dropped"));
  g_assert_nonnull (f->toast);

  /* The All Images row takes no drops. */
  g_clear_object (&controllers);
  controllers = gtk_widget_observe_controllers (find_row (f, "All Images"));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      g_assert_false (GTK_IS_DROP_TARGET (controller));
    }
}

typedef struct
{
  GListModel *model;
  guint       n;
} ModelWait;

static gboolean
model_has (gpointer data)
{
  ModelWait *wait = data;

  return g_list_model_get_n_items (wait->model) == wait->n;
}

/* The window binds the list's choice to the gallery's query, as here. */
static void
test_filters_gallery (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *gallery = fs_gallery_new (f->library, NULL);
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  GtkWidget *grid;
  ModelWait wait;
  FsAsset *shown;

  gtk_widget_set_hexpand (gallery, TRUE);
  gtk_box_append (GTK_BOX (box), gallery);
  gtk_box_append (GTK_BOX (box), f->list);
  show (f, box);
  g_object_bind_property (f->list, "collection", fs_gallery_get_query (FS_GALLERY (gallery)),
                          "collection", G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);

  g_ptr_array_add (one, g_ptr_array_index (f->assets, 2));
  fs_collections_list_create (FS_COLLECTIONS_LIST (f->list), "Doors", one);
  wait_row (f, "Doors", "1");

  grid = fs_test_find_by_label (gallery, GTK_TYPE_GRID_VIEW, "Gallery");
  wait.model = G_LIST_MODEL (gtk_grid_view_get_model (GTK_GRID_VIEW (grid)));
  wait.n = 3;
  g_assert_true (fs_test_wait_for (model_has, &wait, 10));

  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (find_row (f, "Doors"))),
                           GTK_LIST_BOX_ROW (find_row (f, "Doors")));
  g_assert_cmpstr (fs_library_query_get_collection (fs_gallery_get_query (FS_GALLERY (gallery))),
                   ==, "Doors");
  wait.n = 1;
  g_assert_true (fs_test_wait_for (model_has, &wait, 10));
  shown = g_list_model_get_item (wait.model, 0);
  g_assert_true (shown == g_ptr_array_index (f->assets, 2));
  g_object_unref (shown);

  /* Cleared from the query's side (a filter chip), the list shows All
   * Images again. */
  fs_library_query_set_collection (fs_gallery_get_query (FS_GALLERY (gallery)), NULL);
  g_assert_null (fs_collections_list_get_collection (FS_COLLECTIONS_LIST (f->list)));
  wait.n = 3;
  g_assert_true (fs_test_wait_for (model_has, &wait, 10));
}

static void
test_item_menu (Fixture       *f,
                gconstpointer  data)
{
  GMenuModel *menu = fs_collections_list_get_item_menu (FS_COLLECTIONS_LIST (f->list));
  g_autoptr(GMenuModel) add_section = NULL;
  g_autoptr(GMenuModel) submenu = NULL;
  g_autoptr(GMenuModel) names = NULL;
  g_autoptr(GMenuModel) remove_section = NULL;
  g_autoptr(GVariant) target = NULL;
  g_autofree char *action = NULL;

  show (f, f->list);
  fs_collections_list_create (FS_COLLECTIONS_LIST (f->list), "Alpha", NULL);
  wait_row (f, "Alpha", "0");

  add_section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  submenu = g_menu_model_get_item_link (add_section, 0, G_MENU_LINK_SUBMENU);
  g_assert_nonnull (submenu);
  names = g_menu_model_get_item_link (submenu, 0, G_MENU_LINK_SECTION);
  g_assert_cmpint (g_menu_model_get_n_items (names), ==, 1);
  g_assert_true (g_menu_model_get_item_attribute (names, 0, G_MENU_ATTRIBUTE_ACTION, "s",
                                                  &action));
  g_assert_cmpstr (action, ==, "win.add-to-collection");
  target = g_menu_model_get_item_attribute_value (names, 0, G_MENU_ATTRIBUTE_TARGET,
                                                  G_VARIANT_TYPE_STRING);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "Alpha");

  /* "Remove from" only while a collection is shown. */
  remove_section = g_menu_model_get_item_link (menu, 1, G_MENU_LINK_SECTION);
  g_assert_cmpint (g_menu_model_get_n_items (remove_section), ==, 0);
  fs_collections_list_set_collection (FS_COLLECTIONS_LIST (f->list), "Alpha");
  g_assert_cmpint (g_menu_model_get_n_items (remove_section), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = fs_test_make_dir ("fs-test-collections-home-XXXXXX");
  g_autofree char *cache = g_build_filename (home, "cache", NULL);
  int status;

  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/collections-list/create-rename-delete", Fixture, NULL, fixture_set_up,
              test_create_rename_delete, fixture_tear_down);
  g_test_add ("/collections-list/delete-undo", Fixture, NULL, fixture_set_up, test_delete_undo,
              fixture_tear_down);
  g_test_add ("/collections-list/name-taken", Fixture, NULL, fixture_set_up, test_name_taken,
              fixture_tear_down);
  g_test_add ("/collections-list/counts", Fixture, NULL, fixture_set_up, test_counts,
              fixture_tear_down);
  g_test_add ("/collections-list/drop", Fixture, NULL, fixture_set_up, test_drop,
              fixture_tear_down);
  g_test_add ("/collections-list/filters-gallery", Fixture, NULL, fixture_set_up,
              test_filters_gallery, fixture_tear_down);
  g_test_add ("/collections-list/item-menu", Fixture, NULL, fixture_set_up, test_item_menu,
              fixture_tear_down);

  status = g_test_run ();
  fs_test_remove_dir (home);
  return status;
}
