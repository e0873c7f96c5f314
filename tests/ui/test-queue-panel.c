/* test-queue-panel.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "fs-queue-panel.h"
#include "fs-test-ui-util.h"
#include "fs-test-util.h"

/* The sidebar's Queue group over a real queue: paused from its switch,
 * the price of what waits, a waiting job moved sooner, Cancel All. */

typedef struct
{
  char       *dir;
  FsCatalog  *catalog;
  FsLibrary  *library;
  FsJobQueue *queue;
  GtkWidget  *panel;
  GtkWidget  *window;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->dir = fs_test_make_dir ("fs-test-queue-panel-XXXXXX");
  f->catalog = fs_test_load_catalog ();
  f->library = fs_test_library_new (f->dir);
  fs_test_library_open (f->library);
  f->queue = fs_job_queue_new (f->catalog);
  f->panel = fs_queue_panel_new (f->queue);
  f->window = fs_test_present_window (f->panel, 360, 600);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->queue);
  g_clear_object (&f->library);
  g_clear_object (&f->catalog);
  fs_test_remove_dir (f->dir);
  g_free (f->dir);
}

static void
add (Fixture    *f,
     const char *prompt)
{
  g_autoptr(FsRequest) request = fs_request_new ("bfl", "flux-2-pro");
  g_autoptr(FsProvider) provider = fs_provider_new ("bfl", NULL, NULL);
  g_autoptr(FsJob) job = NULL;

  fs_request_set_prompt (request, prompt);
  job = fs_job_new (request, f->catalog, provider, f->library, "a key");
  fs_job_queue_add (f->queue, job);
}

static const char *
summary (Fixture *f)
{
  GtkWidget *label = fs_test_find_with_class (f->panel, "fs-queue-summary");

  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

typedef struct
{
  Fixture    *f;
  const char *start;
} Wanted;

static gboolean
summary_starts (gpointer data)
{
  Wanted *wanted = data;

  return g_str_has_prefix (summary (wanted->f), wanted->start);
}

static void
wait_summary (Fixture    *f,
              const char *start)
{
  Wanted wanted = { f, start };

  if (!fs_test_wait_for (summary_starts, &wanted, 10))
    g_error ("the summary reads “%s”, not “%s…”", summary (f), start);
}

static const char *
first_waiting (Fixture *f)
{
  g_autoptr(GPtrArray) waiting = fs_job_queue_list_waiting (f->queue);

  return fs_request_get_prompt (fs_job_get_request (g_ptr_array_index (waiting, 0)));
}

static void
test_pause_move_cancel (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *pause = fs_test_find_by_label (f->panel, GTK_TYPE_SWITCH, "Pause queue");
  GtkWidget *sooner;

  g_assert_nonnull (pause);
  wait_summary (f, "0 waiting · 0 running · 0 finished");
  gtk_switch_set_active (GTK_SWITCH (pause), TRUE);
  g_assert_true (fs_job_queue_get_paused (f->queue));

  add (f, "first");
  add (f, "second");
  wait_summary (f, "2 waiting (about $0.");
  g_assert_cmpstr (first_waiting (f), ==, "first");

  /* The second row offers only to start sooner. */
  sooner = fs_test_find_by_label (f->panel, GTK_TYPE_BUTTON, "Start Sooner");
  g_assert_nonnull (sooner);
  g_signal_emit_by_name (sooner, "clicked");
  g_assert_cmpstr (first_waiting (f), ==, "second");

  g_signal_emit_by_name (fs_test_find_button (f->panel, "Cancel _All"), "clicked");
  wait_summary (f, "0 waiting · 0 running · 2 finished");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/queue-panel/pause-move-cancel", Fixture, NULL, setup, test_pause_move_cancel,
              teardown);

  return g_test_run ();
}
