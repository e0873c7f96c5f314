/* test-job-queue.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fs-error.h"
#include "fs-job-outcome.h"
#include "fs-job-queue.h"
#include "fs-test-util.h"

/* Several generations at once: the offline sandbox, a user model that
 * runs one at a time, and a BFL-shaped SoupServer on 127.0.0.1 whose
 * tasks never finish, to fill BFL's caps (24 per account, 6 for
 * kontext-max) and see the next job wait for a slot. */

typedef struct
{
  FsJob     *job;
  GPtrArray *assets;
  GError    *error;
} Finished;

typedef struct
{
  char       *dir;
  FsLibrary  *library;
  FsCatalog  *catalog;
  FsJobQueue *queue;
  SoupServer *server;
  char       *base;
  GArray     *finished;   /* Finished, in order */
  guint       max_running;
  guint       submits;
} Fixture;

static void
finished_clear (Finished *finished)
{
  g_object_unref (finished->job);
  g_clear_pointer (&finished->assets, g_ptr_array_unref);
  g_clear_error (&finished->error);
}

static void
handle_bfl (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fixture *f = user_data;
  g_autofree char *body = NULL;

  if (g_str_has_prefix (path, "/v1/flux-"))
    {
      f->submits++;
      body = g_strdup_printf ("{\"id\":\"t%u\",\"polling_url\":\"%s/v1/get_result?id=t%u\"}",
                              f->submits, f->base, f->submits);
    }
  else
    body = g_strdup ("{\"status\":\"Pending\",\"progress\":0.5}");

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

static void
job_finished_cb (FsJobQueue *queue,
                 FsJob      *job,
                 GPtrArray  *assets,
                 GError     *error,
                 Fixture    *f)
{
  Finished finished = { g_object_ref (job), NULL, NULL };

  g_assert_true ((assets == NULL) != (error == NULL));
  if (assets != NULL)
    finished.assets = g_ptr_array_ref (assets);
  if (error != NULL)
    finished.error = g_error_copy (error);
  g_array_append_val (f->finished, finished);
}

static void
n_running_cb (FsJobQueue *queue,
              GParamSpec *pspec,
              Fixture    *f)
{
  f->max_running = MAX (f->max_running, fs_job_queue_get_n_running (queue));
}

GResource *fs_core_get_resource (void);

/* The built-in catalog plus "solo", a sandbox model that runs one job
 * at a time. */
static FsCatalog *
solo_catalog (void)
{
  static const char solo[] =
    "{ \"version\": 1, \"models\": [ { \"id\": \"solo\", \"name\": \"Solo\","
    "  \"family\": \"flux2\", \"size\": \"flux2\", \"params\": [\"width\", \"height\", \"seed\"],"
    "  \"providers\": { \"sandbox\": { \"max_concurrent\": 1 } } } ] }";
  g_autoptr(GBytes) builtin = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  FsCatalog *catalog;

  builtin = g_resource_lookup_data (fs_core_get_resource (),
                                    "/io/github/fluxstudio/FluxStudio/models.json",
                                    G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  json = g_strndup (g_bytes_get_data (builtin, NULL), g_bytes_get_size (builtin));
  catalog = fs_catalog_new_from_data (json, solo, "solo.json", &error);
  g_assert_no_error (error);
  g_assert_null (fs_catalog_get_warnings (catalog) != NULL
                 ? fs_catalog_get_warnings (catalog)[0] : NULL);
  g_assert_cmpuint (fs_model_get_max_concurrent (fs_catalog_lookup (catalog, "solo"),
                                                 "sandbox"), ==, 1);
  return catalog;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = fs_test_make_dir ("fs-test-job-queue-XXXXXX");
  f->library = fs_test_library_new (f->dir);

  f->catalog = solo_catalog ();
  f->queue = fs_job_queue_new (f->catalog);
  f->finished = g_array_new (FALSE, TRUE, sizeof (Finished));
  g_array_set_clear_func (f->finished, (GDestroyNotify) finished_clear);
  g_signal_connect (f->queue, "job-finished", G_CALLBACK (job_finished_cb), f);
  g_signal_connect (f->queue, "notify::n-running", G_CALLBACK (n_running_cb), f);

  f->server = fs_test_server_new (handle_bfl, f, &f->base);
}

/* Lets the journal writes of finished jobs drain before the library
 * goes away. */
static void
drain (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_cmpuint (fs_job_queue_get_n_running (f->queue), ==, 0);
  drain (200);
  g_assert_finalize_object (f->queue);
  g_clear_pointer (&f->server, fs_test_server_free);
  g_clear_object (&f->library);
  g_clear_object (&f->catalog);
  g_array_unref (f->finished);
  fs_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->base);
}

typedef gboolean (*Condition) (Fixture *f,
                               guint    value);

static gboolean
finished_at_least (Fixture *f,
                   guint    n)
{
  return f->finished->len >= n;
}

static gboolean
submits_at_least (Fixture *f,
                  guint    n)
{
  return f->submits >= n;
}

static void
wait_until (Fixture   *f,
            Condition  condition,
            guint      value)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!condition (f, value))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static FsJob *
new_job (Fixture    *f,
         const char *provider_id,
         const char *model_id,
         const char *key)
{
  g_autofree char *base = g_str_equal (provider_id, "bfl") ? g_strdup (f->base) : NULL;
  g_autoptr(FsProvider) provider = fs_provider_new (provider_id, base, NULL);
  g_autoptr(FsRequest) request = fs_request_new (provider_id, model_id);

  fs_request_set_prompt (request, "a teapot, #02eb3c");
  return fs_job_new (request, f->catalog, provider, f->library, key);
}

static FsJob *
item (Fixture *f,
      guint    position)
{
  g_autoptr(FsJob) job = g_list_model_get_item (G_LIST_MODEL (f->queue), position);

  return job;
}

static Finished *
finished (Fixture *f,
          guint    i)
{
  return &g_array_index (f->finished, Finished, i);
}

static void
test_sandbox_runs (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(FsJob) first = new_job (f, "sandbox", "flux-2-pro", NULL);
  g_autoptr(FsJob) second = new_job (f, "sandbox", "flux-2-pro", NULL);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (f->queue)) == FS_TYPE_JOB);
  fs_job_queue_add (f->queue, first);
  fs_job_queue_add (f->queue, second);

  /* No cap on the sandbox: both run at once, the newest listed first. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 2);
  g_assert_true (item (f, 0) == second);
  g_assert_true (item (f, 1) == first);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->queue), 2));
  g_assert_cmpuint (fs_job_queue_get_n_running (f->queue), ==, 2);

  wait_until (f, finished_at_least, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_no_error (finished (f, i)->error);
      g_assert_cmpuint (finished (f, i)->assets->len, ==, 1);
      g_assert_cmpint (fs_job_get_stage (finished (f, i)->job), ==, FS_JOB_SAVED);
    }

  /* Saved jobs leave the list; their images are in the gallery. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 0);
  g_assert_cmpuint (fs_job_queue_get_n_running (f->queue), ==, 0);
  g_assert_cmpuint (f->max_running, ==, 2);
}

static void
test_cap_of_one (Fixture       *f,
                 gconstpointer  data)
{
  FsJob *jobs[3];
  g_autoptr(FsJob) other = new_job (f, "sandbox", "flux-2-pro", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      jobs[i] = new_job (f, "sandbox", "solo", NULL);
      fs_job_queue_add (f->queue, jobs[i]);
    }

  g_assert_cmpuint (fs_job_queue_get_n_running (f->queue), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 3);
  for (guint i = 1; i < G_N_ELEMENTS (jobs); i++)
    {
      g_assert_cmpint (fs_job_get_stage (jobs[i]), ==, FS_JOB_QUEUED);
      g_assert_cmpstr (fs_job_get_status_text (jobs[i]), ==,
                       "Waiting for a free slot (1 task running)");
    }

  /* Another model of the same provider is not held back by solo's cap. */
  fs_job_queue_add (f->queue, other);
  g_assert_cmpuint (fs_job_queue_get_n_running (f->queue), ==, 2);

  wait_until (f, finished_at_least, 4);
  g_assert_cmpuint (f->max_running, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 0);

  /* Solo's jobs ran one after another, in the order they were added. */
  for (guint i = 0, solo = 0; i < f->finished->len; i++)
    {
      g_assert_no_error (finished (f, i)->error);
      if (finished (f, i)->job != other)
        g_assert_true (finished (f, i)->job == jobs[solo++]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    g_object_unref (jobs[i]);
}

static void
test_cancel_waiting (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(FsJob) running = new_job (f, "sandbox", "solo", NULL);
  g_autoptr(FsJob) waiting = new_job (f, "sandbox", "solo", NULL);

  fs_job_queue_add (f->queue, running);
  fs_job_queue_add (f->queue, waiting);
  g_assert_cmpint (fs_job_get_stage (waiting), ==, FS_JOB_QUEUED);

  fs_job_queue_cancel (f->queue, waiting);
  g_assert_cmpuint (f->finished->len, ==, 1);
  g_assert_true (finished (f, 0)->job == waiting);
  g_assert_error (finished (f, 0)->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (fs_job_get_stage (waiting), ==, FS_JOB_CANCELLED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 1);
  g_assert_true (item (f, 0) == running);

  wait_until (f, finished_at_least, 2);
  g_assert_no_error (finished (f, 1)->error);
  g_assert_cmpuint (f->max_running, ==, 1);
}

static void
test_failed_stays (Fixture       *f,
                   gconstpointer  data)
{
  /* No key: the job fails before anything is sent. */
  g_autoptr(FsJob) job = new_job (f, "bfl", "flux-2-pro", NULL);

  fs_job_queue_add (f->queue, job);
  wait_until (f, finished_at_least, 1);

  g_assert_error (finished (f, 0)->error, FS_ERROR, FS_ERROR_NO_KEY);
  g_assert_null (finished (f, 0)->assets);
  g_assert_cmpint (fs_job_get_stage (job), ==, FS_JOB_FAILED);
  g_assert_cmpuint (fs_job_queue_get_n_running (f->queue), ==, 0);

  /* The card keeps showing the error until it is dismissed. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 1);
  fs_job_queue_cancel (f->queue, job);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 1);
  fs_job_queue_dismiss (f->queue, job);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 0);
  g_assert_cmpuint (f->finished->len, ==, 1);
}

static void
cancel_all (Fixture *f)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->queue));
  guint before = f->finished->len;

  for (guint i = 0; i < n; i++)
    fs_job_queue_cancel (f->queue, item (f, i));
  wait_until (f, finished_at_least, before + n);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 0);
}

static void
test_bfl_account_cap (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  FsJob *last;
  FsJob *oldest;

  for (guint i = 0; i < 25; i++)
    {
      FsJob *job = new_job (f, "bfl", "flux-2-pro", "k");

      g_ptr_array_add (jobs, job);
      fs_job_queue_add (f->queue, job);
    }

  wait_until (f, submits_at_least, 24);
  last = g_ptr_array_index (jobs, 24);
  g_assert_cmpuint (fs_job_queue_get_n_running (f->queue), ==, 24);
  g_assert_cmpint (fs_job_get_stage (last), ==, FS_JOB_QUEUED);
  g_assert_cmpstr (fs_job_get_status_text (last), ==,
                   "Waiting for a free slot (24 tasks running)");

  /* A cancelled task frees its slot for the one waiting. */
  oldest = g_ptr_array_index (jobs, 0);
  fs_job_queue_cancel (f->queue, oldest);
  wait_until (f, finished_at_least, 1);
  g_assert_true (finished (f, 0)->job == oldest);
  g_assert_error (finished (f, 0)->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (fs_job_get_stage (oldest), ==, FS_JOB_CANCELLED);
  wait_until (f, submits_at_least, 25);
  g_assert_cmpuint (fs_job_queue_get_n_running (f->queue), ==, 24);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 24);
  g_assert_cmpuint (f->max_running, ==, 24);

  cancel_all (f);
}

static void
test_kontext_max_cap (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FsJob) pro = new_job (f, "bfl", "flux-2-pro", "k");
  FsJob *seventh;

  for (guint i = 0; i < 7; i++)
    {
      FsJob *job = new_job (f, "bfl", "flux-kontext-max", "k");

      g_ptr_array_add (jobs, job);
      fs_job_queue_add (f->queue, job);
    }

  seventh = g_ptr_array_index (jobs, 6);
  g_assert_cmpuint (fs_job_queue_get_n_running (f->queue), ==, 6);
  g_assert_cmpstr (fs_job_get_status_text (seventh), ==,
                   "Waiting for a free slot (6 tasks running)");

  /* The account still has room for other models. */
  fs_job_queue_add (f->queue, pro);
  g_assert_cmpuint (fs_job_queue_get_n_running (f->queue), ==, 7);
  wait_until (f, submits_at_least, 7);
  g_assert_cmpint (fs_job_get_stage (seventh), ==, FS_JOB_QUEUED);

  /* A cancelled waiting job never reaches the server. */
  fs_job_queue_cancel (f->queue, seventh);
  g_assert_cmpuint (f->finished->len, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 7);

  cancel_all (f);
  g_assert_cmpuint (f->submits, ==, 7);
  g_assert_cmpuint (f->max_running, ==, 7);
}


/* A job whose image could not be saved stays, unsaved, until the user
 * chooses Retry, which saves it: the same job, nothing generated anew. */
static void
test_unsaved_retry (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(FsJob) job = new_job (f, "sandbox", "solo", NULL);
  g_autofree char *gallery = g_build_filename (f->dir, "gallery", NULL);
  g_autoptr(FsJobOutcome) outcome = NULL;

  fs_test_library_open (f->library);
  fs_test_remove_dir (gallery);
  fs_job_queue_add (f->queue, job);
  wait_until (f, finished_at_least, 1);

  g_assert_error (finished (f, 0)->error, FS_ERROR, FS_ERROR_STORAGE);
  g_assert_cmpint (fs_job_get_stage (job), ==, FS_JOB_UNSAVED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 1);
  /* Listed as finished, unsaved, with why … */
  outcome = g_list_model_get_item (fs_job_queue_get_finished (f->queue), 0);
  g_assert_true (fs_job_outcome_get_job (outcome) == job);
  g_assert_cmpint (fs_job_outcome_get_stage (outcome), ==, FS_JOB_UNSAVED);
  g_assert_nonnull (fs_job_outcome_get_message (outcome));

  g_assert_cmpint (g_mkdir (gallery, 0755), ==, 0);
  fs_job_queue_retry (f->queue, job);
  /* … until it runs again. */
  g_assert_cmpuint (g_list_model_get_n_items (fs_job_queue_get_finished (f->queue)), ==, 0);
  wait_until (f, finished_at_least, 2);

  g_assert_no_error (finished (f, 1)->error);
  g_assert_cmpuint (finished (f, 1)->assets->len, ==, 1);
  g_assert_cmpint (fs_job_get_stage (job), ==, FS_JOB_SAVED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->library)), ==, 1);
}


static void
dismiss_when_unsaved_cb (FsJob      *job,
                         GParamSpec *pspec,
                         Fixture    *f)
{
  if (fs_job_get_stage (job) == FS_JOB_UNSAVED)
    fs_job_queue_dismiss (f->queue, job);
}

/* The card offers Dismiss as soon as the stage says unsaved, a moment
 * before the run has written its journal and returned: Dismiss then is
 * carried out once it has. */
static void
test_dismiss_while_ending (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(FsJob) job = new_job (f, "sandbox", "solo", NULL);
  g_autofree char *gallery = g_build_filename (f->dir, "gallery", NULL);

  fs_test_library_open (f->library);
  fs_test_remove_dir (gallery);
  g_signal_connect (job, "notify::stage", G_CALLBACK (dismiss_when_unsaved_cb), f);
  fs_job_queue_add (f->queue, job);
  wait_until (f, finished_at_least, 1);

  g_assert_cmpint (fs_job_get_stage (job), ==, FS_JOB_UNSAVED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = fs_test_make_dir ("fs-test-job-queue-data-XXXXXX");
  int status;

  g_test_init (&argc, &argv, NULL);
  g_unsetenv ("FLUX_STUDIO_TIMEOUT");
  /* The recovery folder lives here, not in the user's data. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_add ("/job-queue/sandbox-runs", Fixture, NULL, fixture_set_up, test_sandbox_runs, fixture_tear_down);
  g_test_add ("/job-queue/cap-of-one", Fixture, NULL, fixture_set_up, test_cap_of_one, fixture_tear_down);
  g_test_add ("/job-queue/cancel-waiting", Fixture, NULL, fixture_set_up, test_cancel_waiting, fixture_tear_down);
  g_test_add ("/job-queue/failed-stays", Fixture, NULL, fixture_set_up, test_failed_stays, fixture_tear_down);
  g_test_add ("/job-queue/bfl-account-cap", Fixture, NULL, fixture_set_up, test_bfl_account_cap, fixture_tear_down);
  g_test_add ("/job-queue/kontext-max-cap", Fixture, NULL, fixture_set_up, test_kontext_max_cap, fixture_tear_down);
  g_test_add ("/job-queue/unsaved-retry", Fixture, NULL, fixture_set_up, test_unsaved_retry, fixture_tear_down);
  g_test_add ("/job-queue/dismiss-while-ending", Fixture, NULL, fixture_set_up, test_dismiss_while_ending, fixture_tear_down);

  status = g_test_run ();
  fs_test_remove_dir (data_home);
  return status;
}
