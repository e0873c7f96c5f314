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
 * the price of what waits, a waiting job moved sooner, or dragged onto
 * another's row, Cancel All; the finished jobs with how each ended,
 * Retry, Show in Gallery, a bounded list and Clear Finished. */

typedef struct
{
  char       *dir;
  FsCatalog  *catalog;
  FsLibrary  *library;
  FsJobQueue *queue;
  GtkWidget  *panel;
  GtkWidget  *window;
  SoupServer *server;    /* refuses every key: a job that fails */
  char       *base;
} Fixture;

static void
refuse_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  static const char body[] = "{\"detail\":\"Invalid API key\"}";

  soup_server_message_set_status (msg, 401, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body,
                                    strlen (body));
}

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
  f->server = fs_test_server_new (refuse_cb, f, &f->base);
}

static gboolean
queue_idle (gpointer data)
{
  return fs_job_queue_get_n_running (data) == 0 &&
         fs_job_queue_list_waiting (data)->len == 0;
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  fs_job_queue_set_paused (f->queue, FALSE);
  g_assert_true (fs_test_wait_for (queue_idle, f->queue, 60));
  g_clear_pointer (&f->server, fs_test_server_free);
  g_free (f->base);
  g_clear_object (&f->queue);
  g_clear_object (&f->library);
  g_clear_object (&f->catalog);
  fs_test_remove_dir (f->dir);
  g_free (f->dir);
}

static FsJob *
add_to (Fixture    *f,
        const char *provider_id,
        const char *prompt)
{
  g_autoptr(FsRequest) request = fs_request_new (provider_id, "flux-2-pro");
  g_autoptr(FsProvider) provider =
    fs_provider_new (provider_id, g_str_equal (provider_id, "bfl") ? f->base : NULL, NULL);
  FsJob *job;

  fs_request_set_prompt (request, prompt);
  job = fs_job_new (request, f->catalog, provider, f->library, "a key");
  fs_job_queue_add (f->queue, job);
  return job;
}

static void
add (Fixture    *f,
     const char *prompt)
{
  g_object_unref (add_to (f, "bfl", prompt));
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

/* The rows of the list box of accessible name @label. */
static GPtrArray *
rows_of (Fixture    *f,
         const char *label)
{
  GtkWidget *list = fs_test_find_by_label (f->panel, GTK_TYPE_LIST_BOX, label);
  GPtrArray *rows = g_ptr_array_new ();

  g_assert_nonnull (list);
  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (ADW_IS_ACTION_ROW (child) && gtk_widget_get_visible (list))
      g_ptr_array_add (rows, child);
  return rows;
}

typedef struct
{
  Fixture *f;
  guint    n;
} Count;

static gboolean
n_finished_rows (gpointer data)
{
  Count *count = data;
  g_autoptr(GPtrArray) rows = rows_of (count->f, "Finished jobs");

  return rows->len == count->n;
}

static void
wait_finished_rows (Fixture *f,
                    guint    n)
{
  Count count = { f, n };

  if (!fs_test_wait_for (n_finished_rows, &count, 60))
    g_error ("the Queue group never listed %u finished jobs", n);
}

static const char *
title_of (GtkWidget *row)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static void
record_object (GObject   *emitter,
               GObject   *object,
               GObject  **out)
{
  g_set_object (out, object);
}

static void
test_finished (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(FsJob) saved = NULL;
  g_autoptr(FsJob) failed = NULL;
  g_autoptr(FsJob) cancelled = NULL;
  g_autoptr(GObject) shown = NULL;
  g_autoptr(GObject) retried = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *row;

  g_signal_connect (f->panel, "show-asset", G_CALLBACK (record_object), &shown);
  g_signal_connect (f->panel, "retry-job", G_CALLBACK (record_object), &retried);
  /* Nothing finished: no Finished part. */
  g_assert_false (gtk_widget_is_visible (fs_test_find_button (f->panel, "C_lear Finished")));

  /* A saved one offers to show its image. */
  saved = add_to (f, "sandbox", "a saved teapot");
  wait_finished_rows (f, 1);
  rows = rows_of (f, "Finished jobs");
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (title_of (row), ==, "a saved teapot");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "1 image saved");
  g_assert_null (fs_test_find_by_label (row, GTK_TYPE_BUTTON, "Retry"));
  g_signal_emit_by_name (fs_test_find_by_label (row, GTK_TYPE_BUTTON, "Show in Gallery"), "clicked");
  g_assert_true (FS_IS_ASSET (shown));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->library)), ==, 1);
  {
    g_autoptr(FsAsset) in_library = g_list_model_get_item (G_LIST_MODEL (f->library), 0);

    g_assert_cmpstr (fs_asset_get_path (FS_ASSET (shown)), ==, fs_asset_get_path (in_library));
  }
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* A failed one, listed first, offers Retry with the job. */
  failed = add_to (f, "bfl", "a refused poster");
  wait_finished_rows (f, 2);
  rows = rows_of (f, "Finished jobs");
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (title_of (row), ==, "a refused poster");
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Failed: "));
  g_assert_null (fs_test_find_by_label (row, GTK_TYPE_BUTTON, "Show in Gallery"));
  g_signal_emit_by_name (fs_test_find_by_label (row, GTK_TYPE_BUTTON, "Retry"), "clicked");
  g_assert_true ((gpointer) retried == (gpointer) failed);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* A cancelled one says so and offers nothing. */
  gtk_switch_set_active (GTK_SWITCH (fs_test_find_by_label (f->panel, GTK_TYPE_SWITCH,
                                                            "Pause queue")), TRUE);
  cancelled = add_to (f, "sandbox", "a cancelled kite");
  fs_job_queue_cancel (f->queue, cancelled);
  wait_finished_rows (f, 3);
  rows = rows_of (f, "Finished jobs");
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Cancelled");
  g_assert_null (fs_test_find_by_label (row, GTK_TYPE_BUTTON, "Retry"));
  g_assert_null (fs_test_find_by_label (row, GTK_TYPE_BUTTON, "Show in Gallery"));
  g_assert_true (gtk_widget_is_visible (fs_test_find_button (f->panel, "C_lear Finished")));
  /* The waiting jobs come first, the finished ones below. */
  {
    GtkWidget *waiting = fs_test_find_by_label (f->panel, GTK_TYPE_LIST_BOX, "Waiting jobs");
    GtkWidget *done = fs_test_find_by_label (f->panel, GTK_TYPE_LIST_BOX, "Finished jobs");
    GtkWidget *w = waiting;

    while (w != NULL && w != done)
      w = gtk_widget_get_next_sibling (w);
    g_assert_true (w == done);
  }
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* A batch of forty more keeps the list to the newest thirty. */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *prompt = g_strdup_printf ("row %u", i);

      g_object_unref (add_to (f, "sandbox", prompt));
    }
  g_signal_emit_by_name (fs_test_find_button (f->panel, "Cancel _All"), "clicked");
  wait_finished_rows (f, FS_JOB_QUEUE_MAX_FINISHED);
  rows = rows_of (f, "Finished jobs");
  g_assert_cmpstr (title_of (g_ptr_array_index (rows, 0)), ==, "row 39");
  g_clear_pointer (&rows, g_ptr_array_unref);

  g_signal_emit_by_name (fs_test_find_button (f->panel, "C_lear Finished"), "clicked");
  wait_finished_rows (f, 0);
  g_assert_cmpuint (g_list_model_get_n_items (fs_job_queue_get_finished (f->queue)), ==, 0);
  wait_summary (f, "0 waiting · 0 running · 43 finished");
}

static GObject *
controller_of (GtkWidget *widget,
               GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }
  return NULL;
}

static void
record_started (FsJobQueue *queue,
                GParamSpec *pspec,
                GPtrArray  *started)
{
  g_autoptr(GPtrArray) waiting = fs_job_queue_list_waiting (queue);
  GPtrArray *all = g_object_get_data (G_OBJECT (queue), "all-jobs");

  /* The job that just left the waiting list is the one that started. */
  for (guint i = 0; i < all->len; i++)
    {
      FsJob *job = g_ptr_array_index (all, i);

      if (!g_ptr_array_find (waiting, job, NULL) && !g_ptr_array_find (started, job, NULL))
        g_ptr_array_add (started, job);
    }
}

static gboolean
n_started (gpointer data)
{
  return ((GPtrArray *) data)->len == 3;
}

/* While a row is dragged the list is not rebuilt under it (a job added
 * meanwhile is counted, then listed once the drag ends). */
static gboolean
rows_are_four (gpointer data)
{
  g_autoptr(GPtrArray) rows = rows_of (data, "Waiting jobs");

  return rows->len == 4;
}

static void
test_drag_keeps_rows (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *dragged;
  GObject *source;

  fs_job_queue_set_paused (f->queue, TRUE);
  g_ptr_array_add (all, add_to (f, "sandbox", "first"));
  g_ptr_array_add (all, add_to (f, "sandbox", "second"));
  g_ptr_array_add (all, add_to (f, "sandbox", "third"));
  wait_summary (f, "3 waiting");
  rows = rows_of (f, "Waiting jobs");
  dragged = g_object_ref (g_ptr_array_index (rows, 1));
  source = controller_of (dragged, GTK_TYPE_DRAG_SOURCE);
  g_signal_emit_by_name (source, "drag-begin", NULL);

  g_ptr_array_add (all, add_to (f, "sandbox", "fourth"));
  wait_summary (f, "4 waiting");
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = rows_of (f, "Waiting jobs");
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_true (g_ptr_array_index (rows, 1) == (gpointer) dragged);

  g_signal_emit_by_name (source, "drag-end", NULL, FALSE);
  g_assert_true (fs_test_wait_for (rows_are_four, f, 10));
  g_object_unref (dragged);
  fs_job_queue_cancel_all (f->queue);
}

/* A waiting job dragged onto the first row goes first, and is sent
 * first. The drag is the rows' own: what the dragged row's source
 * prepares, dropped on the first row's target (HACKING.md, “Tests”). */
static gboolean
first_row_is_third (gpointer data)
{
  g_autoptr(GPtrArray) rows = rows_of (data, "Waiting jobs");

  return rows->len == 3 && g_str_equal (title_of (g_ptr_array_index (rows, 0)), "third");
}

static void
test_drag_reorder (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) started = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GdkContentProvider) content = NULL;
  g_autoptr(GPtrArray) order = NULL;
  GtkDropTarget *target;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  fs_job_queue_set_paused (f->queue, TRUE);
  g_ptr_array_add (all, add_to (f, "sandbox", "first"));
  g_ptr_array_add (all, add_to (f, "sandbox", "second"));
  g_ptr_array_add (all, add_to (f, "sandbox", "third"));
  wait_summary (f, "3 waiting");
  rows = rows_of (f, "Waiting jobs");
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (title_of (g_ptr_array_index (rows, 2)), ==, "third");

  g_signal_emit_by_name (controller_of (g_ptr_array_index (rows, 2), GTK_TYPE_DRAG_SOURCE),
                         "prepare", 4.0, 4.0, &content);
  g_assert_nonnull (content);
  g_value_init (&value, FS_TYPE_JOB);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  target = GTK_DROP_TARGET (controller_of (g_ptr_array_index (rows, 0), GTK_TYPE_DROP_TARGET));
  g_assert_nonnull (target);
  g_assert_true (gdk_content_formats_contain_gtype (gtk_drop_target_get_formats (target),
                                                    FS_TYPE_JOB));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);

  order = fs_job_queue_list_waiting (f->queue);
  g_assert_cmpstr (fs_request_get_prompt (fs_job_get_request (g_ptr_array_index (order, 0))), ==,
                   "third");
  g_assert_cmpstr (fs_request_get_prompt (fs_job_get_request (g_ptr_array_index (order, 1))), ==,
                   "first");
  g_assert_cmpstr (fs_request_get_prompt (fs_job_get_request (g_ptr_array_index (order, 2))), ==,
                   "second");
  g_clear_pointer (&rows, g_ptr_array_unref);
  /* The rows say the new order once the panel has refreshed. */
  g_assert_true (fs_test_wait_for (first_row_is_third, f, 10));

  /* The new order is the order they are sent in. */
  g_object_set_data (G_OBJECT (f->queue), "all-jobs", all);
  g_signal_connect (f->queue, "notify::n-running", G_CALLBACK (record_started), started);
  fs_job_queue_set_paused (f->queue, FALSE);
  g_assert_true (fs_test_wait_for (n_started, started, 10));
  g_signal_handlers_disconnect_by_data (f->queue, started);
  g_object_set_data (G_OBJECT (f->queue), "all-jobs", NULL);
  g_assert_true (g_ptr_array_index (started, 0) == g_ptr_array_index (all, 2));
  g_assert_true (g_ptr_array_index (started, 1) == g_ptr_array_index (all, 0));
  g_assert_true (g_ptr_array_index (started, 2) == g_ptr_array_index (all, 1));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/queue-panel/pause-move-cancel", Fixture, NULL, setup, test_pause_move_cancel,
              teardown);
  g_test_add ("/queue-panel/finished", Fixture, NULL, setup, test_finished, teardown);
  g_test_add ("/queue-panel/drag-reorder", Fixture, NULL, setup, test_drag_reorder, teardown);
  g_test_add ("/queue-panel/drag-keeps-rows", Fixture, NULL, setup, test_drag_keeps_rows,
              teardown);

  return g_test_run ();
}
