/* test-job-queue-batch.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-error.h"
#include "fs-job-outcome.h"
#include "fs-job-queue.h"
#include "fs-test-util.h"

/* The queue's hand on a batch: pause, reorder what waits, its price,
 * cancel all; sandbox jobs into a real library. */

typedef struct
{
  char       *dir;
  FsCatalog  *catalog;
  FsLibrary  *library;
  FsJobQueue *queue;
  guint       n_finished;
  guint       n_cancelled;
  guint       n_saved;
} Fixture;

static void
finished_cb (FsJobQueue *queue,
             FsJob      *job,
             GPtrArray  *assets,
             GError     *error,
             Fixture    *f)
{
  f->n_finished++;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    f->n_cancelled++;
  if (assets != NULL)
    f->n_saved += assets->len;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->dir = fs_test_make_dir ("fs-test-queue-batch-XXXXXX");
  f->catalog = fs_test_load_catalog ();
  f->library = fs_test_library_new (f->dir);
  fs_test_library_open (f->library);
  f->queue = fs_job_queue_new (f->catalog);
  g_signal_connect (f->queue, "job-finished", G_CALLBACK (finished_cb), f);
}

static gboolean
idle (gpointer data)
{
  Fixture *f = data;

  return fs_job_queue_get_n_running (f->queue) == 0 &&
         g_list_model_get_n_items (G_LIST_MODEL (f->queue)) == 0;
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  fs_job_queue_set_paused (f->queue, FALSE);
  g_assert_true (fs_test_wait_for (idle, f, 60));
  g_clear_object (&f->queue);
  g_clear_object (&f->library);
  g_clear_object (&f->catalog);
  fs_test_remove_dir (f->dir);
  g_free (f->dir);
}

static FsJob *
add (Fixture    *f,
     const char *provider_id,
     const char *prompt)
{
  g_autoptr(FsRequest) request = fs_request_new (provider_id, "flux-2-pro");
  g_autoptr(FsProvider) provider = fs_provider_new (provider_id, NULL, NULL);
  FsJob *job;

  fs_request_set_prompt (request, prompt);
  job = fs_job_new (request, f->catalog, provider, f->library, "a key");
  fs_job_queue_add (f->queue, job);
  return job;
}

static const char *
prompt_of (GPtrArray *jobs,
           guint      i)
{
  return fs_request_get_prompt (fs_job_get_request (g_ptr_array_index (jobs, i)));
}

static void
count_change (guint *changes)
{
  (*changes)++;
}

static gboolean
all_saved (gpointer data)
{
  Fixture *f = data;

  return f->n_saved == 3;
}

static gboolean
all_saved_one (gpointer data)
{
  Fixture *f = data;

  return f->n_saved == 1;
}

static void
test_pause_and_reorder (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FsJob) a = NULL;
  g_autoptr(FsJob) b = NULL;
  g_autoptr(FsJob) c = NULL;
  g_autoptr(GPtrArray) order = NULL;
  guint changes = 0;

  g_signal_connect_swapped (f->queue, "waiting-changed", G_CALLBACK (count_change), &changes);
  fs_job_queue_set_paused (f->queue, TRUE);
  g_assert_true (fs_job_queue_get_paused (f->queue));
  a = add (f, "sandbox", "a");
  b = add (f, "sandbox", "b");
  c = add (f, "sandbox", "c");

  /* Paused: nothing starts, and the cards say why. */
  g_assert_cmpuint (fs_job_queue_get_n_running (f->queue), ==, 0);
  g_assert_cmpstr (fs_job_get_status_text (c), ==, "Paused");

  g_assert_true (fs_job_queue_move (f->queue, c, -5));
  g_assert_false (fs_job_queue_move (f->queue, c, -1));
  g_assert_true (fs_job_queue_move (f->queue, a, 1));
  order = fs_job_queue_list_waiting (f->queue);
  g_assert_cmpuint (order->len, ==, 3);
  g_assert_cmpstr (prompt_of (order, 0), ==, "c");
  g_assert_cmpstr (prompt_of (order, 1), ==, "b");
  g_assert_cmpstr (prompt_of (order, 2), ==, "a");
  /* Each add and each move told the panel. */
  g_assert_cmpuint (changes, >=, 5);

  fs_job_queue_set_paused (f->queue, FALSE);
  g_assert_true (fs_test_wait_for (all_saved, f, 60));
}

static void
test_price_and_cancel_all (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(FsJob) a = NULL;
  g_autoptr(FsJob) b = NULL;
  g_autoptr(FsJob) c = NULL;
  gboolean unknown = TRUE;
  double usd, one = 0;

  fs_job_queue_set_paused (f->queue, TRUE);
  a = add (f, "bfl", "a poster");
  b = add (f, "bfl", "another poster");
  c = add (f, "sandbox", "free");

  /* Two FLUX.2 [pro] images at the catalog's price of one, and a free
   * one. */
  g_assert_true (fs_request_estimate_cost (fs_job_get_request (a),
                                           fs_catalog_lookup (f->catalog, "flux-2-pro"), 1, &one));
  g_assert_cmpfloat (one, >, 0);
  usd = fs_job_queue_estimate_waiting (f->queue, &unknown);
  g_assert_false (unknown);
  g_assert_cmpfloat_with_epsilon (usd, 2 * one, 1e-9);

  fs_job_queue_cancel_all (f->queue);
  g_assert_cmpuint (f->n_cancelled, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 0);
  g_assert_cmpfloat (fs_job_queue_estimate_waiting (f->queue, NULL), ==, 0);
  g_assert_cmpint (fs_job_get_stage (a), ==, FS_JOB_CANCELLED);
}

static FsJobOutcome *
outcome_at (Fixture *f,
            guint    i)
{
  g_autoptr(FsJobOutcome) outcome = g_list_model_get_item (fs_job_queue_get_finished (f->queue), i);

  g_assert_nonnull (outcome);
  return outcome;
}

static gboolean
all_finished (gpointer data)
{
  Fixture *f = data;

  return f->n_finished == 42;
}

/* The finished jobs, newest first with how each ended, kept to the last
 * FS_JOB_QUEUE_MAX_FINISHED however many finish; cleared on demand. */
static void
test_finished_list (Fixture       *f,
                    gconstpointer  data)
{
  GListModel *finished = fs_job_queue_get_finished (f->queue);
  g_autoptr(FsJob) saved = NULL;
  g_autoptr(FsJob) cancelled = NULL;
  FsJobOutcome *outcome;

  g_assert_true (g_list_model_get_item_type (finished) == FS_TYPE_JOB_OUTCOME);
  saved = add (f, "sandbox", "saved");
  g_assert_true (fs_test_wait_for (all_saved_one, f, 60));
  outcome = outcome_at (f, 0);
  g_assert_true (fs_job_outcome_get_job (outcome) == saved);
  g_assert_cmpint (fs_job_outcome_get_stage (outcome), ==, FS_JOB_SAVED);
  g_assert_cmpuint (fs_job_outcome_get_assets (outcome)->len, ==, 1);
  g_assert_null (fs_job_outcome_get_message (outcome));

  fs_job_queue_set_paused (f->queue, TRUE);
  cancelled = add (f, "sandbox", "cancelled");
  fs_job_queue_cancel (f->queue, cancelled);
  outcome = outcome_at (f, 0);
  g_assert_true (fs_job_outcome_get_job (outcome) == cancelled);
  g_assert_cmpint (fs_job_outcome_get_stage (outcome), ==, FS_JOB_CANCELLED);
  g_assert_cmpuint (fs_job_outcome_get_assets (outcome)->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (finished), ==, 2);

  /* Forty more: the list keeps the newest thirty. */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *prompt = g_strdup_printf ("row %u", i);

      g_object_unref (add (f, "sandbox", prompt));
    }
  fs_job_queue_cancel_all (f->queue);
  g_assert_true (fs_test_wait_for (all_finished, f, 60));
  g_assert_cmpuint (g_list_model_get_n_items (finished), ==, FS_JOB_QUEUE_MAX_FINISHED);
  g_assert_cmpstr (fs_request_get_prompt (fs_job_get_request (fs_job_outcome_get_job (outcome_at (f, 0)))),
                   ==, "row 39");

  fs_job_queue_clear_finished (f->queue);
  g_assert_cmpuint (g_list_model_get_n_items (finished), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/job-queue-batch/pause-and-reorder", Fixture, NULL, setup,
              test_pause_and_reorder, teardown);
  g_test_add ("/job-queue-batch/price-and-cancel-all", Fixture, NULL, setup,
              test_price_and_cancel_all, teardown);
  g_test_add ("/job-queue-batch/finished-list", Fixture, NULL, setup,
              test_finished_list, teardown);

  return g_test_run ();
}
