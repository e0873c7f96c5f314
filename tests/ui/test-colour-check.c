/* test-colour-check.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "fs-colour-check-view.h"
#include "fs-detail-page.h"
#include "fs-gallery.h"
#include "fs-gallery-item.h"
#include "fs-job.h"
#include "fs-test-ui-util.h"

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

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  f->dir = fs_test_make_dir ("fs-test-colour-check-XXXXXX");
  f->library = fs_test_library_new (f->dir);
  f->catalog = fs_test_load_catalog ();

  /* The gallery is on screen before the image exists: its tile must
   * follow the check when it lands. */
  f->gallery = fs_gallery_new (f->library, NULL);
  f->window = fs_test_present_window (f->gallery, 900, 700);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_clear_pointer ((GtkWindow **) &f->window, gtk_window_destroy);
  g_clear_object (&f->asset);
  g_clear_object (&f->library);
  g_clear_object (&f->catalog);
  fs_test_remove_dir (f->dir);
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
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;

  fs_request_set_prompt (request, prompt);
  fs_test_set_int (request, "seed", 7);
  fs_test_set_int (request, "width", 1024);
  fs_test_set_int (request, "height", 768);
  job = fs_job_new (request, f->catalog, provider, f->library, NULL);
  assets = fs_test_run_job (job, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assets->len, ==, 1);
  return g_object_ref (g_ptr_array_index (assets, 0));
}

static gboolean
asset_checked (gpointer data)
{
  return fs_asset_get_colour_check (FS_ASSET (data)) != NULL;
}

static gboolean
is_visible_label (GtkWidget     *widget,
                  gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  return fs_test_find_widget (root, is_visible_label, text);
}

static guint
count_labels (GtkWidget  *root,
              const char *text)
{
  guint n = is_visible_label (root, text);

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
  g_assert_true (fs_test_wait_for (asset_checked, f->asset, 20));
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
  g_assert_true (fs_test_wait_for (label_shown, &badge, 20));
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
  fs_library_save_async (f->library, record, image, 0, NULL, fs_test_result_cb, &result);
  asset = fs_library_save_finish (f->library, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);

  fs_library_check_colours_async (f->library, asset, NULL, checked_cb, &checked);
  g_assert_true (fs_test_wait_for (is_true, &checked, 20));
  return asset;
}

static gboolean
matched_chip_shown (gpointer data)
{
  return fs_test_find_by_label (data, GTK_TYPE_BUTTON,
                                "Remove filter: All brand colours matched") != NULL;
}

static void
test_filter (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(FsAsset) mismatch = NULL;
  Wanted two = { f, NULL, 2 };
  Wanted one = { f, NULL, 1 };
  Wanted partial = { f, "0/1 colour", 0 };
  GtkWidget *colours;

  f->asset = run_sandbox_job (f, PROMPT);
  g_assert_true (fs_test_wait_for (asset_checked, f->asset, 20));
  mismatch = save_mismatch (f);
  g_assert_cmpuint (fs_asset_get_colours_matched (mismatch), ==, 0);
  g_assert_true (fs_test_wait_for (items_shown, &two, 20));
  g_assert_true (fs_test_wait_for (label_shown, &partial, 20));

  /* "All brand colours matched", one of the filter menu's colour
   * verdicts, keeps only the image with every colour matched. */
  colours = fs_test_find_by_label (f->gallery, GTK_TYPE_DROP_DOWN, "Colours");
  g_assert_nonnull (colours);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (colours), FS_COLOURS_ALL_MATCHED);
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (GTK_DROP_DOWN (colours))),
                   ==, "All brand colours matched");
  g_assert_true (fs_test_wait_for (items_shown, &one, 20));
  g_assert_true (fs_test_wait_for (matched_chip_shown, f->gallery, 20));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (colours), FS_COLOURS_ANY);
  g_assert_true (fs_test_wait_for (items_shown, &two, 20));
}

static gboolean
three_matched (gpointer data)
{
  return fs_colour_check_view_count (FS_COLOUR_CHECK_VIEW (data), FS_COLOUR_MATCHED) == 3;
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
  view = fs_test_find_type (page, FS_TYPE_COLOUR_CHECK_VIEW);
  g_assert_nonnull (view);

  g_assert_true (fs_test_wait_for (three_matched, view, 20));
  g_assert_true (fs_test_wait_for (asset_checked, f->asset, 20));
  g_assert_true (fs_test_wait_for (three_matched, view, 20));
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
  g_autofree char *home = fs_test_make_dir ("fs-test-colour-check-home-XXXXXX");
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
  fs_test_remove_dir (home);
  return status;
}
