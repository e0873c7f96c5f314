/* test-colour-check.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <adwaita.h>

#include "fs-colour-check-view.h"
#include "fs-detail-page.h"
#include "fs-gallery.h"
#include "fs-gallery-item.h"
#include "fs-job.h"

/* The colour-fidelity loop in the window's widgets: a real sandbox job
 * for a prompt with three hex codes saves its image, the check lands
 * after the save, and the gallery tile (already on screen) gets the badge
 * "3/3 colours", the "All brand colours matched" filter keeps it and
 * drops an image that lacks its colour, and the detail page shows three
 * Matched rows. */

#define PROMPT  "a flag in three stripes: #d9480f, #1e88e5 and #2e7d32"
#define MISSING "the same flag, asked in #ffd400"

typedef struct
{
  char      *dir;
  FsLibrary *library;
  FsCatalog *catalog;
  GtkWidget *window;
  GtkWidget *gallery;
  FsAsset   *asset;
} Fixture;

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_for (Condition condition,
          gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  return TRUE;
}

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

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;

  f->dir = g_dir_make_tmp ("fs-test-colour-check-XXXXXX", &error);
  g_assert_no_error (error);
  folder = g_file_new_build_filename (f->dir, "gallery", NULL);
  db_path = g_build_filename (f->dir, "library.db", NULL);
  f->library = fs_library_new (folder, db_path);
  fs_library_open_async (f->library, NULL, result_cb, &result);
  g_assert_true (fs_library_open_finish (f->library, wait_result (&result), &error));
  g_assert_no_error (error);
  f->catalog = fs_catalog_new_default (&error);
  g_assert_no_error (error);

  /* The gallery is on screen before the image exists: its tile must
   * follow the check when it lands. */
  f->gallery = fs_gallery_new (f->library, NULL);
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
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_clear_pointer ((GtkWindow **) &f->window, gtk_window_destroy);
  g_clear_object (&f->asset);
  g_clear_object (&f->library);
  g_clear_object (&f->catalog);
  remove_tree (f->dir);
  g_free (f->dir);
}

/* A real sandbox job: validate, "submit", save, then the check. */
static FsAsset *
run_sandbox_job (Fixture    *f,
                 const char *prompt)
{
  g_autoptr(FsProvider) provider = fs_provider_new ("sandbox", NULL, NULL);
  g_autoptr(FsRequest) request = fs_request_new ("sandbox", "flux-2-pro");
  g_autoptr(FsJob) job = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;

  fs_request_set_prompt (request, prompt);
  fs_request_set_param (request, "seed", g_variant_new_int64 (7));
  fs_request_set_param (request, "width", g_variant_new_int64 (1024));
  fs_request_set_param (request, "height", g_variant_new_int64 (768));
  job = fs_job_new (request, f->catalog, provider, f->library, NULL);
  fs_job_run_async (job, NULL, result_cb, &result);
  assets = fs_job_run_finish (job, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assets->len, ==, 1);
  return g_object_ref (g_ptr_array_index (assets, 0));
}

static gboolean
asset_checked (gpointer data)
{
  return fs_asset_get_colour_check (FS_ASSET (data)) != NULL;
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_visible (root) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
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

static guint
count_labels (GtkWidget  *root,
              const char *text)
{
  guint n = GTK_IS_LABEL (root) && gtk_widget_get_visible (root) &&
            g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_labels (child, text);

  return n;
}

static guint
count_items (GtkWidget *root)
{
  guint n = FS_IS_GALLERY_ITEM (root) && fs_gallery_item_get_asset (FS_GALLERY_ITEM (root)) != NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_items (child);

  return n;
}

typedef struct
{
  Fixture    *f;
  const char *text;
  guint       n;
} Wanted;

static gboolean
label_shown (gpointer data)
{
  Wanted *wanted = data;
  GtkWidget *label = find_label (wanted->f->gallery, wanted->text);

  return label != NULL && gtk_widget_get_mapped (label);
}

static gboolean
items_shown (gpointer data)
{
  Wanted *wanted = data;

  return count_items (wanted->f->gallery) == wanted->n;
}

static void
test_badge (Fixture       *f,
            gconstpointer  data)
{
  Wanted badge = { f, "3/3 colours", 0 };
  JsonArray *checks;

  f->asset = run_sandbox_job (f, PROMPT);
  g_assert_true (wait_for (asset_checked, f->asset));
  checks = fs_asset_get_colour_check (f->asset);
  g_assert_cmpuint (json_array_get_length (checks), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *check = json_array_get_object_element (checks, i);

      g_test_message ("%s: found %s, ΔE %.2f, share %.3f, %s",
                      json_object_get_string_member (check, "expected"),
                      json_object_get_string_member (check, "found"),
                      json_object_get_double_member (check, "delta_e"),
                      json_object_get_double_member (check, "share"),
                      json_object_get_string_member (check, "verdict"));
    }
  g_assert_cmpuint (fs_asset_get_colours_requested (f->asset), ==, 3);
  g_assert_cmpuint (fs_asset_get_colours_matched (f->asset), ==, 3);

  /* The tile shows the badge, and says it to screen readers. */
  g_assert_true (wait_for (label_shown, &badge));
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fs_library_check_colours_finish (FS_LIBRARY (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* An image whose prompt asks for a colour it lacks: saved with another
 * image's bytes, then checked as a job would. */
static FsAsset *
save_mismatch (Fixture *f)
{
  g_autoptr(GBytes) image = NULL;
  g_autoptr(JsonObject) record = json_object_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  gboolean checked = FALSE;
  FsAsset *asset;

  g_assert_true (g_file_get_contents (fs_asset_get_path (f->asset), &contents, &length, NULL));
  image = g_bytes_new_take (g_steal_pointer (&contents), length);
  json_object_set_string_member (record, "provider", "sandbox");
  json_object_set_string_member (record, "model", "flux-2-pro");
  json_object_set_string_member (record, "prompt", MISSING);
  fs_library_save_async (f->library, record, image, 0, NULL, result_cb, &result);
  asset = fs_library_save_finish (f->library, wait_result (&result), &error);
  g_assert_no_error (error);

  fs_library_check_colours_async (f->library, asset, NULL, checked_cb, &checked);
  g_assert_true (wait_for (is_true, &checked));
  return asset;
}

static void
test_filter (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(FsAsset) mismatch = NULL;
  Wanted two = { f, NULL, 2 };
  Wanted one = { f, NULL, 1 };
  Wanted partial = { f, "0/1 colour", 0 };
  GtkWidget *toggle;

  f->asset = run_sandbox_job (f, PROMPT);
  g_assert_true (wait_for (asset_checked, f->asset));
  mismatch = save_mismatch (f);
  g_assert_cmpuint (fs_asset_get_colours_matched (mismatch), ==, 0);
  g_assert_true (wait_for (items_shown, &two));
  g_assert_true (wait_for (label_shown, &partial));

  /* The filter is offered once an image has a check; it keeps only the
   * image with every colour matched. */
  toggle = gtk_widget_get_ancestor (find_label (f->gallery, "All brand colours matched"),
                                    GTK_TYPE_TOGGLE_BUTTON);
  g_assert_nonnull (toggle);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  g_assert_true (wait_for (items_shown, &one));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), FALSE);
  g_assert_true (wait_for (items_shown, &two));
}

static gboolean
three_matched (gpointer data)
{
  return fs_colour_check_view_count (FS_COLOUR_CHECK_VIEW (data), FS_COLOUR_MATCHED) == 3;
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_detail (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *page = fs_detail_page_new (f->library);
  GtkWidget *view;

  /* Shown at once, before the check has landed: the rows come with it. */
  gtk_window_set_child (GTK_WINDOW (f->window), page);
  f->asset = run_sandbox_job (f, PROMPT);
  fs_detail_page_set_asset (FS_DETAIL_PAGE (page), f->asset);
  view = find_type (page, FS_TYPE_COLOUR_CHECK_VIEW);
  g_assert_nonnull (view);

  g_assert_true (wait_for (three_matched, view));
  g_assert_true (wait_for (asset_checked, f->asset));
  g_assert_true (wait_for (three_matched, view));
  g_assert_cmpuint (fs_colour_check_view_count (FS_COLOUR_CHECK_VIEW (view), FS_COLOUR_CLOSE),
                    ==, 0);
  g_assert_cmpuint (fs_colour_check_view_count (FS_COLOUR_CHECK_VIEW (view), FS_COLOUR_OFF),
                    ==, 0);
  g_assert_cmpuint (count_labels (view, "Matched"), ==, 3);
  g_assert_nonnull (find_label (view, "3 of 3 colours matched"));
  g_assert_nonnull (find_label (view, "#d9480f"));
  g_assert_nonnull (find_label (view, "#1e88e5"));
  g_assert_nonnull (find_label (view, "#2e7d32"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("fs-test-colour-check-home-XXXXXX", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);
  int status;

  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/colour-check/badge", Fixture, NULL, set_up, test_badge, tear_down);
  g_test_add ("/colour-check/filter", Fixture, NULL, set_up, test_filter, tear_down);
  g_test_add ("/colour-check/detail", Fixture, NULL, set_up, test_detail, tear_down);

  status = g_test_run ();
  remove_tree (home);
  return status;
}
