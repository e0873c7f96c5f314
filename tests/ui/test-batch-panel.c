/* test-batch-panel.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "fs-batch-panel.h"
#include "fs-test-ui-util.h"
#include "fs-test-util.h"
#include "fs-variations.h"

/* The sidebar's Images group: how many jobs Generate makes of a prompt,
 * with the number of images, the seed mode and the prompt list, and what
 * they cost; the threshold kept in GSettings. */

typedef struct
{
  FsCatalog    *catalog;
  GSettings    *settings;
  FsBatchPanel *panel;
  GtkWidget    *window;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

  fixture->catalog = fs_test_load_catalog ();
  fixture->settings = g_settings_new_with_backend (APP_ID_BASE, backend);
  fixture->panel = FS_BATCH_PANEL (fs_batch_panel_new (fixture->settings));
  fixture->window = fs_test_present_window (GTK_WIDGET (fixture->panel), 360, 480);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->catalog);
}

static FsRequest *
request_for (const char *provider_id,
             const char *model_id,
             const char *prompt)
{
  FsRequest *request = fs_request_new (provider_id, model_id);

  fs_request_set_prompt (request, prompt);
  return request;
}

static GtkWidget *
find (Fixture    *fixture,
      GType       type,
      const char *label)
{
  GtkWidget *widget = fs_test_find_by_label (GTK_WIDGET (fixture->panel), type, label);

  if (widget == NULL)
    g_test_message ("no %s named %s", g_type_name (type), label);

  g_assert_nonnull (widget);
  return widget;
}

/* The summary is read by its text, as a screen reader reads it. */
static GtkWidget *
summary_label (Fixture *fixture)
{
  GtkWidget *label = fs_test_find_with_class (GTK_WIDGET (fixture->panel), "fs-batch-summary");

  g_assert_true (GTK_IS_LABEL (label));
  return label;
}

static void
test_count_and_seeds (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(FsRequest) request = request_for ("bfl", "flux-2-pro", "a fox");
  g_autoptr(GPtrArray) single = fs_batch_panel_plan (fixture->panel, request, fixture->catalog);
  g_autoptr(GPtrArray) plan = NULL;
  GtkWidget *count = find (fixture, GTK_TYPE_SPIN_BUTTON, "Number of images");
  GtkWidget *seeds = fs_test_find_type (GTK_WIDGET (fixture->panel), ADW_TYPE_COMBO_ROW);
  const char *summary;
  gint64 first = 0, second = 0;

  g_assert_cmpuint (single->len, ==, 1);

  fs_test_set_int (request, "seed", 7);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (count), 3);
  adw_combo_row_set_selected (ADW_COMBO_ROW (seeds), 1);  /* counting up */
  plan = fs_batch_panel_plan (fixture->panel, request, fixture->catalog);
  g_assert_cmpuint (plan->len, ==, 3);
  g_assert_true (fs_request_get_int (g_ptr_array_index (plan, 0), "seed", &first));
  g_assert_true (fs_request_get_int (g_ptr_array_index (plan, 2), "seed", &second));
  g_assert_cmpint (first, ==, 7);
  g_assert_cmpint (second, ==, 9);

  fs_batch_panel_update_summary (fixture->panel, request, fixture->catalog);
  summary = gtk_label_get_text (GTK_LABEL (summary_label (fixture)));
  g_assert_true (g_str_has_prefix (summary, "3 jobs · about $"));
}

static void
test_prompt_list (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(FsRequest) request = request_for ("sandbox", "flux-2-pro",
                                              "a {red|blue} cup\n\n  \na plate\n");
  g_autoptr(GPtrArray) off = fs_batch_panel_plan (fixture->panel, request, fixture->catalog);
  g_autoptr(GPtrArray) on = NULL;
  GtkWidget *list = find (fixture, GTK_TYPE_SWITCH, "Prompt list");

  /* Off, the prompt goes as it is, braces and all. */
  g_assert_cmpuint (off->len, ==, 1);
  g_assert_cmpstr (fs_request_get_prompt (g_ptr_array_index (off, 0)), ==,
                   "a {red|blue} cup\n\n  \na plate\n");

  gtk_switch_set_active (GTK_SWITCH (list), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find (fixture, GTK_TYPE_SPIN_BUTTON,
                                                    "Number of images")), 2);
  on = fs_batch_panel_plan (fixture->panel, request, fixture->catalog);
  g_assert_cmpuint (on->len, ==, 6);
  g_assert_cmpstr (fs_request_get_prompt (g_ptr_array_index (on, 0)), ==, "a red cup");
  g_assert_cmpstr (fs_request_get_prompt (g_ptr_array_index (on, 2)), ==, "a blue cup");
  g_assert_cmpstr (fs_request_get_prompt (g_ptr_array_index (on, 5)), ==, "a plate");

  fs_batch_panel_update_summary (fixture->panel, request, fixture->catalog);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (summary_label (fixture))),
                   ==, "6 jobs · about $0.00");
}

/* A prompt list file, loaded as Load Prompt List… loads the file chosen. */
static gboolean
load_list (Fixture    *fixture,
           const char *name,
           const char *text,
           FsRequest  *request,
           GStrv      *problems)
{
  g_autofree char *dir = fs_test_make_dir ("batch-list-XXXXXX");
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean loaded;

  g_autofree char *image_path = g_build_filename (dir, "ref.png", NULL);
  g_autoptr(GBytes) image = fs_test_make_image ("png", 256, 256, 0x2060a0ff);

  /* Beside every list, an image its rows may name. */
  g_assert_true (g_file_set_contents (image_path, g_bytes_get_data (image, NULL),
                                      g_bytes_get_size (image), NULL));
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  fs_batch_panel_load_async (fixture->panel, file, request, fixture->catalog, NULL,
                             fs_test_result_cb, &result);
  fs_test_wait_result (&result);
  loaded = fs_batch_panel_load_finish (fixture->panel, result, problems, &error);
  g_assert_no_error (error);
  fs_test_remove_dir (dir);
  return loaded;
}

static void
test_load_list (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FsRequest) request = request_for ("sandbox", "flux-2-pro", "the typed prompt");
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(GPtrArray) typed = NULL;
  g_auto(GStrv) problems = NULL;
  GtkWidget *clear = find (fixture, GTK_TYPE_BUTTON, "Clear Prompt List");
  gint64 seed = 0, width = 0;

  g_assert_nonnull (find (fixture, GTK_TYPE_BUTTON, "Load Prompt List"));
  g_assert_false (gtk_widget_get_visible (clear));

  /* Two rows, the first with two alternatives and a seed and size of its
   * own, the second making two images: four jobs. */
  g_assert_true (load_list (fixture, "cups.csv",
                            "prompt,seed,width,height,count\n"
                            "a {red|blue} cup,42,768,512,\n"
                            "a plate,,,,2\n",
                            request, &problems));
  g_assert_null (problems);
  g_assert_true (fs_batch_panel_get_loaded (fixture->panel));
  g_assert_true (gtk_widget_get_visible (clear));
  g_assert_false (gtk_widget_get_visible (find (fixture, GTK_TYPE_BUTTON, "Load Prompt List")));

  plan = fs_batch_panel_plan (fixture->panel, request, fixture->catalog);
  g_assert_cmpuint (plan->len, ==, 4);
  g_assert_cmpstr (fs_request_get_prompt (g_ptr_array_index (plan, 0)), ==, "a red cup");
  g_assert_cmpstr (fs_request_get_prompt (g_ptr_array_index (plan, 1)), ==, "a blue cup");
  g_assert_cmpstr (fs_request_get_prompt (g_ptr_array_index (plan, 2)), ==, "a plate");
  g_assert_cmpstr (fs_request_get_prompt (g_ptr_array_index (plan, 3)), ==, "a plate");
  g_assert_true (fs_request_get_int (g_ptr_array_index (plan, 1), "seed", &seed));
  g_assert_cmpint (seed, ==, 42);
  g_assert_true (fs_request_get_int (g_ptr_array_index (plan, 0), "width", &width));
  g_assert_cmpint (width, ==, 768);

  fs_batch_panel_update_summary (fixture->panel, request, fixture->catalog);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (summary_label (fixture))),
                   ==, "4 jobs from cups.csv · about $0.00");

  /* A model the first row's size does not fit: the row is left out, and
   * the summary says which line and why, not only a smaller count. */
  {
    g_autoptr(FsRequest) other = request_for ("sandbox", "flux-kontext-pro", "the typed prompt");
    g_autoptr(GPtrArray) fewer = fs_batch_panel_plan (fixture->panel, other, fixture->catalog);
    const char *summary;

    g_test_message ("on Kontext: %u jobs", fewer->len);
    fs_batch_panel_update_summary (fixture->panel, other, fixture->catalog);
    summary = gtk_label_get_text (GTK_LABEL (summary_label (fixture)));
    g_test_message ("%s", summary);
    g_assert_cmpuint (fewer->len, <, 4);
    g_assert_nonnull (strstr (summary, "left out"));
    g_assert_nonnull (strstr (summary, "line 2: "));
  }

  /* Clear returns to the typed prompt. */
  g_signal_emit_by_name (clear, "clicked");
  g_assert_false (fs_batch_panel_get_loaded (fixture->panel));
  g_assert_true (gtk_widget_get_visible (find (fixture, GTK_TYPE_BUTTON, "Load Prompt List")));
  typed = fs_batch_panel_plan (fixture->panel, request, fixture->catalog);
  g_assert_cmpuint (typed->len, ==, 1);
  g_assert_cmpstr (fs_request_get_prompt (g_ptr_array_index (typed, 0)), ==,
                   "the typed prompt");
}

static void
test_load_bad_rows (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(FsRequest) request = request_for ("sandbox", "flux-2-pro", "the typed prompt");
  g_autoptr(GPtrArray) plan = NULL;
  g_auto(GStrv) problems = NULL;

  g_assert_false (load_list (fixture, "bad.csv",
                             "prompt,seed,count\n"
                             "a cup,1,\n"
                             "a plate,many,\n"
                             "a bowl,,99\n",
                             request, &problems));
  g_assert_nonnull (problems);
  g_assert_cmpuint (g_strv_length (problems), ==, 2);
  g_assert_true (g_str_has_prefix (problems[0], "line 3: "));
  g_assert_nonnull (strstr (problems[0], "many"));
  g_assert_true (g_str_has_prefix (problems[1], "line 4: "));
  g_assert_nonnull (strstr (problems[1], "99"));

  /* Nothing of the file is planned: the typed prompt stays. */
  g_assert_false (fs_batch_panel_get_loaded (fixture->panel));
  plan = fs_batch_panel_plan (fixture->panel, request, fixture->catalog);
  g_assert_cmpuint (plan->len, ==, 1);
  g_assert_cmpstr (fs_request_get_prompt (g_ptr_array_index (plan, 0)), ==,
                   "the typed prompt");
}

/* A row's references, by a path relative to the list, replace the
 * window's; a missing one is a bad row. */
static void
test_load_references (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(FsRequest) request = request_for ("sandbox", "flux-2-pro", "");
  g_autoptr(GPtrArray) plan = NULL;
  g_auto(GStrv) problems = NULL;
  g_auto(GStrv) missing = NULL;

  g_assert_true (load_list (fixture, "refs.jsonl",
                            "{\"prompt\": \"image 1 as a poster\", \"ref\": [\"ref.png\"]}\n"
                            "{\"prompt\": \"a plate\"}\n",
                            request, &problems));
  plan = fs_batch_panel_plan (fixture->panel, request, fixture->catalog);
  g_assert_cmpuint (plan->len, ==, 2);
  g_assert_cmpuint (fs_request_get_references (g_ptr_array_index (plan, 0))->len, ==, 1);
  g_assert_cmpuint (fs_request_get_references (g_ptr_array_index (plan, 1))->len, ==, 0);

  fs_batch_panel_clear_list (fixture->panel);
  g_assert_false (load_list (fixture, "missing.csv", "prompt,ref\na cup,gone.png\n",
                             request, &missing));
  g_assert_cmpuint (g_strv_length (missing), ==, 1);
  g_assert_true (g_str_has_prefix (missing[0], "line 2: Reference image 1 (gone.png)"));
  g_assert_false (fs_batch_panel_get_loaded (fixture->panel));
}

static void
test_threshold_setting (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *threshold = find (fixture, GTK_TYPE_SPIN_BUTTON, "Confirmation threshold");

  g_assert_cmpfloat (fs_batch_panel_get_threshold (fixture->panel), ==, 1.0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (threshold), 12.5);
  g_assert_cmpfloat (g_settings_get_double (fixture->settings, "batch-confirm-usd"), ==, 12.5);
  g_settings_set_double (fixture->settings, "batch-confirm-usd", 3);
  g_assert_cmpfloat (fs_batch_panel_get_threshold (fixture->panel), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/batch-panel/count-and-seeds", Fixture, NULL, fixture_setup,
              test_count_and_seeds, fixture_teardown);
  g_test_add ("/batch-panel/prompt-list", Fixture, NULL, fixture_setup,
              test_prompt_list, fixture_teardown);
  g_test_add ("/batch-panel/load-list", Fixture, NULL, fixture_setup,
              test_load_list, fixture_teardown);
  g_test_add ("/batch-panel/load-bad-rows", Fixture, NULL, fixture_setup,
              test_load_bad_rows, fixture_teardown);
  g_test_add ("/batch-panel/load-references", Fixture, NULL, fixture_setup,
              test_load_references, fixture_teardown);
  g_test_add ("/batch-panel/threshold-setting", Fixture, NULL, fixture_setup,
              test_threshold_setting, fixture_teardown);

  return g_test_run ();
}
