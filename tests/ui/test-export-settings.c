/* test-export-settings.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fs-a1111.h"
#include "fs-application.h"
#include "fs-detail-page.h"
#include "fs-metadata.h"
#include "fs-param-panel.h"
#include "fs-prompt-editor.h"
#include "fs-reference-tray.h"
#include "fs-welcome-page.h"
#include "fs-window.h"
#include "fs-test-ui-util.h"

/* Export from the detail page (the "Export" button, the chooser with its
 * "Remove metadata" choice, and detail.export-to without it), and settings
 * from a file: a PNG with A1111 "parameters" dropped on the reference tray
 * offers "Use These Settings", which loads its prompt, seed, size and
 * model into the sidebar (docs/ARCHITECTURE.md, “Export”). */

#define PROMPT "a lighthouse at dusk, #1e88e5 & <waves>"

/* The detail page ------------------------------------------------------------ */

typedef struct
{
  char      *dir;
  FsLibrary *library;
  FsCatalog *catalog;
  FsAsset   *asset;
  GtkWidget *window;
  GtkWidget *page;
  GPtrArray *toasts;
} PageFixture;

static void
toast_cb (FsDetailPage *page,
          const char   *message,
          PageFixture  *f)
{
  g_test_message ("toast: %s", message);
  g_ptr_array_add (f->toasts, g_strdup (message));
}

static void
page_set_up (PageFixture   *f,
             gconstpointer  data)
{
  f->dir = fs_test_make_dir ("fs-test-export-XXXXXX");
  f->library = fs_test_library_new (f->dir);
  f->catalog = fs_test_load_catalog ();
  f->asset = fs_test_save_sandbox (f->library, f->catalog, PROMPT, 4242, 512, 384);
  f->toasts = g_ptr_array_new_with_free_func (g_free);

  f->page = fs_detail_page_new (f->library);
  g_signal_connect (f->page, "toast", G_CALLBACK (toast_cb), f);
  f->window = fs_test_present_window (f->page, 1100, 800);
  fs_detail_page_set_asset (FS_DETAIL_PAGE (f->page), f->asset);
}

static void
page_tear_down (PageFixture   *f,
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
toasted (gpointer data)
{
  PageFixture *f = data;

  return f->toasts->len > 0;
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
test_export_to (PageFixture   *f,
                gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "export", NULL);
  g_autofree char *name = g_path_get_basename (fs_asset_get_path (f->asset));
  g_autofree char *copy_path = g_build_filename (out, name, NULL);
  g_autofree char *stem = g_strndup (name, strrchr (name, '.') - name);
  g_autofree char *second_name = g_strdup_printf ("%s (2).jpg", stem);
  g_autofree char *second_path = g_build_filename (out, second_name, NULL);
  g_autoptr(GBytes) original = read_file (fs_asset_get_path (f->asset));
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GBytes) clean = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *xmp = NULL;
  GtkWidget *button = fs_test_find_by_label (f->page, GTK_TYPE_BUTTON, "Export");

  /* The button of the accessibility contract. */
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==,
                   "detail.export");
  g_assert_true (gtk_widget_is_sensitive (button));

  g_assert_true (gtk_widget_activate_action (f->page, "detail.export-to", "(sb)", out, FALSE));
  g_assert_true (fs_test_wait_for (toasted, f, 20));
  g_assert_nonnull (strstr (g_ptr_array_index (f->toasts, 0), "Exported 1 copy with its record"));
  g_assert_nonnull (strstr (g_ptr_array_index (f->toasts, 0), "export"));

  copy = read_file (copy_path);
  xmp = fs_metadata_find_xmp (copy);
  g_assert_nonnull (xmp);
  g_assert_nonnull (strstr (xmp, "a lighthouse at dusk, #1e88e5 &amp; &lt;waves&gt;"));
  after = read_file (fs_asset_get_path (f->asset));
  g_assert_true (g_bytes_equal (original, after));

  /* Again, clean: a second name, no metadata. */
  g_ptr_array_set_size (f->toasts, 0);
  g_assert_true (gtk_widget_activate_action (f->page, "detail.export-to", "(sb)", out, TRUE));
  g_assert_true (fs_test_wait_for (toasted, f, 20));
  g_assert_nonnull (strstr (g_ptr_array_index (f->toasts, 0), "without metadata"));
  clean = read_file (second_path);
  g_assert_null (fs_metadata_find_xmp (clean));
}

/* Where the copy cannot go, the toast says why. */
static void
test_export_to_file (PageFixture   *f,
                     gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "not-a-folder", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (file, "x", 1, &error);
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (f->page, "detail.export-to", "(sb)", file, FALSE));
  g_assert_true (fs_test_wait_for (toasted, f, 20));
  g_assert_nonnull (strstr (g_ptr_array_index (f->toasts, 0), "Could not export"));
}

static GtkWindow *
chooser_dialog (void)
{
  return fs_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
}

static gboolean
chooser_shown (gpointer data)
{
  return chooser_dialog () != NULL;
}

static gboolean
is_check_labelled (GtkWidget     *widget,
                   gconstpointer  label)
{
  return GTK_IS_CHECK_BUTTON (widget) &&
         g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), label) == 0;
}

/* detail.export (the button, Ctrl+E) opens the chooser for a folder with
 * the "Remove metadata" choice; without a portal (the test's session has
 * none) it is GTK's own dialog, driven here as a user would. */
static void
test_export_chooser (PageFixture   *f,
                     gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "chosen", NULL);
  g_autofree char *name = g_path_get_basename (fs_asset_get_path (f->asset));
  g_autofree char *copy_path = g_build_filename (out, name, NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (out);
  g_autoptr(GBytes) copy = NULL;
  GtkWindow *dialog;
  GtkWidget *strip;

  g_mkdir_with_parents (out, 0755);
  g_assert_true (fs_test_activate_shortcut (f->page, "<Control>e"));
  if (!fs_test_wait_for (chooser_shown, NULL, 10))
    {
      g_test_skip ("the file chooser went to a portal; it cannot be driven here");
      return;
    }

  dialog = chooser_dialog ();
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (dialog)), ==,
                   GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
  strip = fs_test_find_widget (GTK_WIDGET (dialog), is_check_labelled, "Remove metadata");
  g_assert_nonnull (strip);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (strip)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (strip), TRUE);
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL));
  /* The folder loads in the background; with nothing in it selected,
   * choosing a folder chooses the one shown. */
  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(GFile) shown = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (dialog));

      if (shown != NULL && g_file_equal (shown, folder) && i > 100)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);

  g_assert_true (fs_test_wait_for (toasted, f, 20));
  g_assert_nonnull (strstr (g_ptr_array_index (f->toasts, 0), "without metadata"));
  copy = read_file (copy_path);
  g_assert_null (fs_metadata_find_xmp (copy));
}

/* Cancelling the chooser exports nothing and says nothing. */
static void
test_export_chooser_cancel (PageFixture   *f,
                            gconstpointer  data)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (f->page, "detail.export", NULL));
  if (!fs_test_wait_for (chooser_shown, NULL, 10))
    {
      g_test_skip ("the file chooser went to a portal; it cannot be driven here");
      return;
    }
  dialog = chooser_dialog ();
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (f->toasts->len, ==, 0);
}

/* Use These Settings ---------------------------------------------------------- */

typedef struct
{
  FsApplication *app;
  FsWindow      *window;
  char          *dir;
} WindowFixture;

typedef gboolean (*Condition) (WindowFixture *f);

static gboolean
wait_until (WindowFixture *f,
            Condition      condition,
            guint          seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      if (condition (f))
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }

  return condition (f);
}

static GtkWidget *
find_named (WindowFixture *f,
            GType          type,
            const char    *name)
{
  return fs_test_find_by_label (GTK_WIDGET (f->window), type, name);
}

static gboolean
catalog_loaded (WindowFixture *f)
{
  return fs_application_get_catalog (f->app) != NULL &&
         find_named (f, GTK_TYPE_SPIN_BUTTON, "Width") != NULL;
}

static GtkWidget *
use_button (WindowFixture *f)
{
  GtkWidget *button = fs_test_find_button (GTK_WIDGET (f->window), "Use These Settings");

  return button != NULL && gtk_widget_get_mapped (button) ? button : NULL;
}

static gboolean
use_button_shown (WindowFixture *f)
{
  return use_button (f) != NULL;
}

/* A PNG carrying @parameters (NULL: none) in the test's folder. */
static GFile *
png_with_parameters (WindowFixture *f,
                     const char    *name,
                     const char    *parameters)
{
  g_autoptr(GBytes) png = fs_test_make_image ("png", 64, 48, 0x1e88e5ff);
  g_autoptr(GBytes) tagged = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  tagged = parameters != NULL ? fs_metadata_embed (png, parameters, NULL, &error)
                              : g_bytes_ref (png);
  g_assert_no_error (error);
  g_file_set_contents (path, g_bytes_get_data (tagged, NULL), g_bytes_get_size (tagged), &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

/* What a drop on the tray hands on once the tray has taken the files. */
static void
drop_on_tray (WindowFixture *f,
              GFile         *file)
{
  GtkWidget *tray = fs_test_find_type (GTK_WIDGET (f->window), FS_TYPE_REFERENCE_TRAY);
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);

  g_list_store_append (files, file);
  fs_reference_tray_add_files (FS_REFERENCE_TRAY (tray), G_LIST_MODEL (files));
  g_signal_emit_by_name (tray, "files-dropped", files);
}

static double
spin_value (WindowFixture *f,
            const char    *name)
{
  GtkWidget *spin = find_named (f, GTK_TYPE_SPIN_BUTTON, name);

  g_assert_nonnull (spin);
  return gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin));
}

static const char *
selected_model (WindowFixture *f)
{
  GtkWidget *drop_down = find_named (f, GTK_TYPE_DROP_DOWN, "Model");
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (drop_down));

  return gtk_string_list_get_string (GTK_STRING_LIST (model),
                                     gtk_drop_down_get_selected (GTK_DROP_DOWN (drop_down)));
}

static char *
prompt_text (WindowFixture *f)
{
  GtkWidget *editor = fs_test_find_type (GTK_WIDGET (f->window), FS_TYPE_PROMPT_EDITOR);

  return fs_prompt_editor_dup_text (FS_PROMPT_EDITOR (editor));
}

static gboolean
use_button_gone (WindowFixture *f)
{
  return use_button (f) == NULL;
}

static char *prompt_text (WindowFixture *f);
static const char *wanted_prompt;

static gboolean
prompt_loaded (WindowFixture *f)
{
  g_autofree char *text = prompt_text (f);

  return g_strcmp0 (text, wanted_prompt) == 0;
}

/* The toast's button, clicked; the toast goes, and its action runs. */
static void
use_settings (WindowFixture *f,
              const char    *prompt)
{
  gtk_widget_activate (use_button (f));
  wanted_prompt = prompt;
  g_assert_true (wait_until (f, prompt_loaded, 10));
}

static void
check_own_export (WindowFixture *f)
{
  g_autoptr(GFile) file = png_with_parameters (f, "lighthouse.png",
                                               "a lighthouse at dusk\n  by the sea, #1e88e5\n"
                                               "Steps: 30, CFG scale: 4.5, Seed: 987654, "
                                               "Size: 768x512, Model: flux-2-flex");

  drop_on_tray (f, file);
  g_assert_true (wait_until (f, use_button_shown, 20));

  use_settings (f, "a lighthouse at dusk\n  by the sea, #1e88e5");
  g_assert_cmpstr (selected_model (f), ==, "FLUX.2 [flex]");
  g_assert_cmpfloat (spin_value (f, "Width"), ==, 768);
  g_assert_cmpfloat (spin_value (f, "Height"), ==, 512);
  g_assert_cmpfloat (spin_value (f, "Seed"), ==, 987654);
  g_assert_cmpfloat (spin_value (f, "Steps"), ==, 30);
  g_assert_cmpfloat (spin_value (f, "Guidance"), ==, 4.5);
  /* The image went to the tray as well, as any dropped image does. */
  g_assert_cmpuint (fs_reference_tray_get_n_references (
                      FS_REFERENCE_TRAY (fs_test_find_type (GTK_WIDGET (f->window),
                                                            FS_TYPE_REFERENCE_TRAY))), ==, 1);
  /* The button dismisses its toast. */
  g_assert_true (wait_until (f, use_button_gone, 10));
}

/* An A1111 file: its SD model is not FLUX; the model stays, and so do
 * steps and guidance, which mean something else there. */
static void
check_a1111_file (WindowFixture *f)
{
  g_autoptr(GFile) file = png_with_parameters (f, "a1111.png",
                                               "masterpiece, a red fox in snow\n"
                                               "Negative prompt: lowres\n"
                                               "Steps: 20, Sampler: Euler a, CFG scale: 7, "
                                               "Seed: 1234, Size: 512x768, Model hash: 6ce0161689, "
                                               "Model: v1-5-pruned-emaonly, Version: v1.6.0");

  drop_on_tray (f, file);
  g_assert_true (wait_until (f, use_button_shown, 20));
  use_settings (f, "masterpiece, a red fox in snow");
  g_assert_cmpstr (selected_model (f), ==, "FLUX.2 [flex]");
  g_assert_cmpfloat (spin_value (f, "Width"), ==, 512);
  g_assert_cmpfloat (spin_value (f, "Height"), ==, 768);
  g_assert_cmpfloat (spin_value (f, "Seed"), ==, 1234);
  g_assert_cmpfloat (spin_value (f, "Steps"), ==, 30);
  g_assert_cmpfloat (spin_value (f, "Guidance"), ==, 4.5);
  /* The button dismisses its toast. */
  g_assert_true (wait_until (f, use_button_gone, 10));
}

/* A PNG without settings on the tray is only a reference. */
static void
check_plain_png (WindowFixture *f)
{
  g_autoptr(GFile) file = png_with_parameters (f, "plain.png", NULL);

  drop_on_tray (f, file);
  g_assert_false (wait_until (f, use_button_shown, 2));
}

static void
activate_cb (GApplication  *application,
             WindowFixture *f)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  g_assert_true (FS_IS_WINDOW (window));
  f->window = FS_WINDOW (window);
  g_assert_true (wait_until (f, catalog_loaded, 30));
  g_signal_emit_by_name (fs_test_find_type (GTK_WIDGET (f->window), FS_TYPE_WELCOME_PAGE),
                         "try-sandbox");

  check_own_export (f);
  check_a1111_file (f);
  check_plain_png (f);

  gtk_window_close (window);
  g_application_quit (application);
}

static void
test_use_settings (void)
{
  WindowFixture f = { NULL, };
  int status;

  f.dir = fs_test_make_dir ("fs-test-settings-XXXXXX");
  f.app = fs_application_new ();
  g_application_set_flags (G_APPLICATION (f.app),
                           g_application_get_flags (G_APPLICATION (f.app)) |
                           G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (f.app, "activate", G_CALLBACK (activate_cb), &f);
  status = g_application_run (G_APPLICATION (f.app), 0, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (f.window);
  g_object_unref (f.app);
  fs_test_remove_dir (f.dir);
  g_free (f.dir);
}

/* A throwaway home, so the window's gallery is one no one minds. */
static char *
set_up_home (void)
{
  char *home = fs_test_make_dir ("fs-export-home-XXXXXX");
  const char * const keys[] = {
    "BFL_API_KEY", "APIYI_API_KEY", "MONICA_API_KEY", "FLUX_STUDIO_API_KEY",
  };

  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  g_setenv ("XDG_CACHE_HOME", home, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_unsetenv (keys[i]);

  return home;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = set_up_home ();
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/detail-page/export-to", PageFixture, NULL, page_set_up, test_export_to,
              page_tear_down);
  g_test_add ("/detail-page/export-to-a-file", PageFixture, NULL, page_set_up,
              test_export_to_file, page_tear_down);
  g_test_add ("/detail-page/export-chooser", PageFixture, NULL, page_set_up,
              test_export_chooser, page_tear_down);
  g_test_add ("/detail-page/export-chooser-cancel", PageFixture, NULL, page_set_up,
              test_export_chooser_cancel, page_tear_down);
  g_test_add_func ("/window/use-these-settings", test_use_settings);

  status = g_test_run ();
  fs_test_remove_dir (home);
  return status;
}
