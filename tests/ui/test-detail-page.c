/* test-detail-page.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "fs-catalog.h"
#include "fs-detail-page.h"
#include "fs-test-ui-util.h"

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
  f->dir = fs_test_make_dir ("fs-test-detail-XXXXXX");
  f->library = fs_test_library_new (f->dir);
  f->catalog = fs_test_load_catalog ();
  f->asset = fs_test_save_sandbox (f->library, f->catalog, PROMPT, SEED, 1024, 768);
  f->toasts = g_ptr_array_new_with_free_func (g_free);

  f->page = fs_detail_page_new (f->library);
  g_signal_connect (f->page, "toast", G_CALLBACK (toast_cb), f);
  f->window = fs_test_present_window (f->page, 1100, 800);
  fs_detail_page_set_asset (FS_DETAIL_PAGE (f->page), f->asset);
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
  fs_test_remove_dir (f->dir);
  g_free (f->dir);
}

static gboolean
is_label (GtkWidget     *widget,
          gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  return fs_test_find_widget (root, is_label, text);
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
  prompt = fs_test_read_clipboard_text (f->page);
  g_assert_cmpstr (prompt, ==, PROMPT);
  g_assert_cmpuint (f->toasts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->toasts, 0), ==, "Prompt copied");

  g_assert_true (gtk_widget_activate_action (f->page, "detail.copy-seed", NULL));
  seed = fs_test_read_clipboard_text (f->page);
  g_assert_cmpstr (seed, ==, "4242");
}

static gboolean
image_loaded (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_is_sensitive (find_label (f->page, "100 %"));
}

static void
test_copy_image (Fixture       *f,
                 gconstpointer  data)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (f->page);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkToggleButton *fit;
  GtkToggleButton *actual;

  /* The image is decoded in a worker; Copy Image works once it is in. */
  g_assert_true (fs_test_wait_for (image_loaded, f, 10));
  g_assert_true (gtk_widget_activate_action (f->page, "detail.copy-image", NULL));
  gdk_clipboard_read_texture_async (clipboard, NULL, fs_test_result_cb, &result);
  texture = gdk_clipboard_read_texture_finish (clipboard, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
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
  return ADW_MESSAGE_DIALOG (fs_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
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
  g_assert_true (fs_test_wait_for (is_set, &deleted, 10));
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
  g_autofree char *home = fs_test_make_dir ("fs-test-detail-home-XXXXXX");
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
  fs_test_remove_dir (home);
  return status;
}
