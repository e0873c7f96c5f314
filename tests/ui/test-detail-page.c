/* test-detail-page.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include <adwaita.h>

#include "fs-catalog.h"
#include "fs-detail-page.h"
#include "fs-provider.h"
#include "fs-request.h"

/* The detail page of one saved sandbox image: its record in the labels,
 * Copy Prompt / Copy Seed / Copy Image on the clipboard, Remix handing
 * the asset on, and Delete (after the confirmation) taking it out of the
 * library. */

#define PROMPT "a red fox in fresh snow, #d9480f fur"
#define SEED   4242

typedef struct
{
  char      *dir;
  FsLibrary *library;
  FsCatalog *catalog;
  FsAsset   *asset;
  GtkWidget *window;
  GtkWidget *page;
  GPtrArray *toasts;
} Fixture;

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
save_sandbox (Fixture *f)
{
  g_autoptr(FsProvider) provider = fs_provider_new ("sandbox", NULL, NULL);
  g_autoptr(FsRequest) request = fs_request_new ("sandbox", "flux-2-pro");
  g_autoptr(GBytes) image = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  FsModel *model = fs_catalog_lookup (f->catalog, "flux-2-pro");
  FsAsset *asset;

  fs_request_set_prompt (request, PROMPT);
  fs_request_set_param (request, "seed", g_variant_new_int64 (SEED));
  fs_request_set_param (request, "width", g_variant_new_int64 (1024));
  fs_request_set_param (request, "height", g_variant_new_int64 (768));
  image = fs_provider_synthesize (provider, request, model, 0, &error);
  g_assert_no_error (error);

  record = fs_request_to_json (request);
  json_object_set_string_member (json_node_get_object (record), "model_name",
                                 fs_model_get_name (model));
  json_object_set_double_member (json_node_get_object (record), "cost", 0.0);
  fs_library_save_async (f->library, json_node_get_object (record), image, 0, NULL,
                         result_cb, &result);
  asset = fs_library_save_finish (f->library, wait_result (&result), &error);
  g_assert_no_error (error);
  return asset;
}

static void
toast_cb (FsDetailPage *page,
          const char   *message,
          Fixture      *f)
{
  g_ptr_array_add (f->toasts, g_strdup (message));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;

  f->dir = g_dir_make_tmp ("fs-test-detail-XXXXXX", &error);
  g_assert_no_error (error);
  folder = g_file_new_build_filename (f->dir, "gallery", NULL);
  db_path = g_build_filename (f->dir, "library.db", NULL);
  f->library = fs_library_new (folder, db_path);
  fs_library_open_async (f->library, NULL, result_cb, &result);
  g_assert_true (fs_library_open_finish (f->library, wait_result (&result), &error));
  g_assert_no_error (error);
  f->catalog = fs_catalog_new_default (&error);
  g_assert_no_error (error);
  f->asset = save_sandbox (f);
  f->toasts = g_ptr_array_new_with_free_func (g_free);

  f->page = fs_detail_page_new (f->library);
  g_signal_connect (f->page, "toast", G_CALLBACK (toast_cb), f);
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 800);
  gtk_window_set_child (GTK_WINDOW (f->window), f->page);
  gtk_window_present (GTK_WINDOW (f->window));
  fs_detail_page_set_asset (FS_DETAIL_PAGE (f->page), f->asset);
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
  g_clear_object (&f->asset);
  g_clear_object (&f->library);
  g_clear_object (&f->catalog);
  g_ptr_array_unref (f->toasts);
  remove_tree (f->dir);
  g_free (f->dir);
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
text_read_cb (GObject      *clipboard,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (clipboard), result, &error);
  g_assert_no_error (error);
}

static char *
read_clipboard_text (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, text_read_cb, &text);
  while (text == NULL)
    g_main_context_iteration (NULL, TRUE);
  return text;
}

static void
test_record (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *prompt = find_label (f->page, PROMPT);

  g_assert_nonnull (prompt);
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (prompt)));
  g_assert_nonnull (find_label (f->page, "4242"));
  g_assert_nonnull (find_label (f->page, "1024 × 768"));
  g_assert_nonnull (find_label (f->page, "FLUX.2 [pro]"));
  g_assert_nonnull (find_label (f->page, "free"));
  g_assert_nonnull (find_label (f->page, "Offline sandbox — not a FLUX model"));
  g_assert_true (fs_detail_page_get_asset (FS_DETAIL_PAGE (f->page)) == f->asset);
}

static void
test_copy_prompt (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *prompt = NULL;
  g_autofree char *seed = NULL;

  g_assert_true (gtk_widget_activate_action (f->page, "detail.copy-prompt", NULL));
  prompt = read_clipboard_text (f->page);
  g_assert_cmpstr (prompt, ==, PROMPT);
  g_assert_cmpuint (f->toasts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->toasts, 0), ==, "Prompt copied");

  g_assert_true (gtk_widget_activate_action (f->page, "detail.copy-seed", NULL));
  seed = read_clipboard_text (f->page);
  g_assert_cmpstr (seed, ==, "4242");
}

static gboolean
image_loaded (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_is_sensitive (find_label (f->page, "100 %"));
}

static void
texture_read_cb (GObject      *clipboard,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GdkTexture **texture = user_data;

  *texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (clipboard), result, &error);
  g_assert_no_error (error);
}

static void
test_copy_image (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GdkTexture) texture = NULL;
  GtkToggleButton *fit;
  GtkToggleButton *actual;

  /* The image is decoded in a worker; Copy Image works once it is in. */
  g_assert_true (wait_for (image_loaded, f));
  g_assert_true (gtk_widget_activate_action (f->page, "detail.copy-image", NULL));
  gdk_clipboard_read_texture_async (gtk_widget_get_clipboard (f->page), NULL,
                                    texture_read_cb, &texture);
  while (texture == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 1024);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 768);

  /* Zooming works on the loaded image and comes back to "fit"; the
   * toggles follow. */
  fit = GTK_TOGGLE_BUTTON (gtk_widget_get_parent (find_label (f->page, "Fit")));
  actual = GTK_TOGGLE_BUTTON (gtk_widget_get_parent (find_label (f->page, "100 %")));
  g_assert_true (gtk_toggle_button_get_active (fit));
  g_assert_true (gtk_widget_activate_action (f->page, "detail.zoom-actual", NULL));
  g_assert_true (gtk_toggle_button_get_active (actual));
  g_assert_false (gtk_toggle_button_get_active (fit));
  g_assert_true (gtk_widget_activate_action (f->page, "detail.zoom-in", NULL));
  g_assert_false (gtk_toggle_button_get_active (actual));
  g_assert_true (gtk_widget_activate_action (f->page, "detail.zoom-fit", NULL));
  g_assert_true (gtk_toggle_button_get_active (fit));
}

static void
asset_signal_cb (FsDetailPage  *page,
                 FsAsset       *asset,
                 FsAsset      **out)
{
  g_set_object (out, asset);
}

static void
test_remix (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(FsAsset) remixed = NULL;

  g_signal_connect (f->page, "remix", G_CALLBACK (asset_signal_cb), &remixed);
  g_assert_true (gtk_widget_activate_action (f->page, "detail.remix", NULL));
  g_assert_true (remixed == f->asset);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(FsAsset) deleted = NULL;
  AdwMessageDialog *dialog;
  g_autofree char *path = g_strdup (fs_asset_get_path (f->asset));

  g_signal_connect (f->page, "deleted", G_CALLBACK (asset_signal_cb), &deleted);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->library)), ==, 1);

  /* Nothing goes before the confirmation. */
  g_assert_true (gtk_widget_activate_action (f->page, "detail.delete", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  adw_message_dialog_response (dialog, "delete");
  g_assert_true (wait_for (is_set, &deleted));
  g_assert_true (deleted == f->asset);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->library)), ==, 0);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_delete_cancelled (Fixture       *f,
                       gconstpointer  data)
{
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action (f->page, "detail.delete", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "cancel");
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->library)), ==, 1);
  g_assert_true (g_file_test (fs_asset_get_path (f->asset), G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("fs-test-detail-home-XXXXXX", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);
  int status;

  /* Thumbnails and the Trash go to throwaway places. */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/detail-page/record", Fixture, NULL, fixture_set_up, test_record,
              fixture_tear_down);
  g_test_add ("/detail-page/copy-prompt", Fixture, NULL, fixture_set_up, test_copy_prompt,
              fixture_tear_down);
  g_test_add ("/detail-page/copy-image", Fixture, NULL, fixture_set_up, test_copy_image,
              fixture_tear_down);
  g_test_add ("/detail-page/remix", Fixture, NULL, fixture_set_up, test_remix,
              fixture_tear_down);
  g_test_add ("/detail-page/delete", Fixture, NULL, fixture_set_up, test_delete,
              fixture_tear_down);
  g_test_add ("/detail-page/delete-cancelled", Fixture, NULL, fixture_set_up,
              test_delete_cancelled, fixture_tear_down);

  status = g_test_run ();
  remove_tree (home);
  return status;
}
