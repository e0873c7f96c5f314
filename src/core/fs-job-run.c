/* fs-job-run.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "fs-error.h"
#include "fs-job-private.h"
#include "fs-lease.h"
#include "fs-reference-store.h"

/* The run pipeline: validate, take the job's lease and journal it, submit,
 * poll, and hand the results to fs-job-output.c, which downloads and
 * saves them. The object and its properties are in fs-job.c. */

/* For a provider that names no interval of its own. */
#define POLL_DEFAULT_MS    500

static void poll_once (FsJob *self);

/* A state (with the request, polling URL and detail) or, when @outputs is
 * set, the job's results. */
typedef struct
{
  char      *state;
  char      *detail;
  char      *polling_url;
  JsonNode  *request;
  JsonArray *outputs;
  JsonObject *spend;
} JournalEntry;

static void
journal_entry_free (JournalEntry *entry)
{
  g_free (entry->state);
  g_free (entry->detail);
  g_free (entry->polling_url);
  g_clear_pointer (&entry->request, json_node_unref);
  g_clear_pointer (&entry->outputs, json_array_unref);
  g_clear_pointer (&entry->spend, json_object_unref);
  g_free (entry);
}

void
_fs_job_clear_journal (FsJob *self)
{
  g_queue_clear_full (&self->journal_queue, (GDestroyNotify) journal_entry_free);
}

static void journal_next (FsJob *self);
static void journal_outputs_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data);

/* A run ends once its last journal write is on disk: a front that exits
 * right after (the CLI) must not leave the row unfinished, or the next
 * start would resume a job that was already saved. */
static void
return_if_journaled (FsJob *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->ending == NULL || self->journal_busy)
    return;

  /* The lease goes with the last write of a job that is over; an unsaved
   * job keeps it as long as this process keeps the job (Retry). */
  if (self->stage == FS_JOB_SAVED || self->stage == FS_JOB_FAILED ||
      (self->stage == FS_JOB_CANCELLED && !_fs_job_has_pending_output (self)))
    fs_library_end_lease (self->library, g_steal_pointer (&self->lease), TRUE);

  task = g_steal_pointer (&self->ending);
  if (self->ending_error != NULL)
    g_task_return_error (task, g_steal_pointer (&self->ending_error));
  else
    g_task_return_pointer (task, g_steal_pointer (&self->assets),
                           (GDestroyNotify) g_ptr_array_unref);
}

static void
journal_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FsJob) self = user_data;
  g_autoptr(GError) error = NULL;

  /* A journal that cannot be written must not stop a paid generation;
   * the image itself still reaches the gallery. */
  if (!fs_library_journal_finish (FS_LIBRARY (object), result, &error))
    g_warning ("Could not write the job journal: %s", error->message);

  self->journal_busy = FALSE;
  journal_next (self);
  return_if_journaled (self);
}

static void
journal_outputs_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(FsJob) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The results are still saved now; only a later resume would miss
   * them. */
  if (!fs_library_journal_outputs_finish (FS_LIBRARY (object), result, &error))
    g_warning ("Could not journal the results of job %s: %s", self->id, error->message);

  self->journal_busy = FALSE;
  journal_next (self);
  return_if_journaled (self);
}

/* Writes go one at a time, in order, so a late "polling" can never
 * overwrite "saved". */
/* The ledger is not the journal: a row that cannot be written is logged
 * and the job goes on. */
static void
journal_spend_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FsJob) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!fs_library_record_spend_finish (FS_LIBRARY (object), result, &error))
    g_warning ("Could not write the spend ledger for job %s: %s", self->id, error->message);

  self->journal_busy = FALSE;
  journal_next (self);
  return_if_journaled (self);
}

static void
journal_next (FsJob *self)
{
  JournalEntry *entry;

  if (self->journal_busy || (entry = g_queue_pop_head (&self->journal_queue)) == NULL)
    return;

  self->journal_busy = TRUE;
  if (entry->spend != NULL)
    fs_library_record_spend_async (self->library, entry->spend, NULL,
                                   journal_spend_cb, g_object_ref (self));
  else if (entry->outputs != NULL)
    fs_library_journal_outputs_async (self->library, self->id, entry->outputs, NULL,
                                      journal_outputs_cb, g_object_ref (self));
  else
    fs_library_journal_async (self->library, self->id, entry->state, entry->request,
                              entry->polling_url, entry->detail, NULL,
                              journal_cb, g_object_ref (self));
  journal_entry_free (entry);
}

void
_fs_job_journal_outputs (FsJob     *self,
                         JsonArray *outputs)
{
  JournalEntry *entry;

  if (!self->journaled)
    return;

  entry = g_new0 (JournalEntry, 1);
  entry->outputs = json_array_ref (outputs);
  g_queue_push_tail (&self->journal_queue, entry);
  journal_next (self);
}

void
_fs_job_journal_spend (FsJob      *self,
                       JsonObject *spend)
{
  JournalEntry *entry;

  if (!self->journaled)
    return;

  entry = g_new0 (JournalEntry, 1);
  entry->spend = json_object_ref (spend);
  g_queue_push_tail (&self->journal_queue, entry);
  journal_next (self);
}

static void
journal (FsJob      *self,
         const char *state,
         const char *detail)
{
  JournalEntry *entry;

  /* A request refused before it was sent leaves no trace in the journal. */
  if (!self->journaled)
    return;

  entry = g_new0 (JournalEntry, 1);
  entry->state = g_strdup (state);
  entry->detail = g_strdup (detail);
  entry->polling_url = g_strdup (self->polling_url);
  /* A resumed job's request lacks the references; NULL keeps the row's. */
  entry->request = self->resumed ? NULL : fs_request_to_json (self->request);
  g_queue_push_tail (&self->journal_queue, entry);
  journal_next (self);
}

void
_fs_job_journal_state (FsJob      *self,
                       const char *state)
{
  journal (self, state, NULL);
}

static void
clear_run (FsJob *self)
{
  g_clear_pointer (&self->current_call, fs_http_call_unref);
  g_clear_pointer (&self->exchange, _fs_exchange_free);
  g_clear_signal_handler (&self->retrying_id, self->http);
  _fs_job_release_slots (self);
  if (self->poll_source != NULL)
    {
      g_source_destroy (self->poll_source);
      g_clear_pointer (&self->poll_source, g_source_unref);
    }
  _fs_job_stop_waiting (self);
}

/* A job stopped with results still to save stays unfinished in the
 * journal, whatever stopped it: the images were paid for. */
static void
finish_stopped (FsJob  *self,
                GError *error)
{
  gboolean pending = _fs_job_has_pending_output (self);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      _fs_job_set_status (self, FS_JOB_CANCELLED, _("Cancelled"));
      journal (self, pending ? "unsaved" : "cancelled", NULL);
    }
  else if (pending)
    {
      _fs_job_set_status (self, FS_JOB_UNSAVED, error->message);
      journal (self, "unsaved", error->message);
    }
  else
    {
      _fs_job_set_status (self, FS_JOB_FAILED, error->message);
      journal (self, "failed", error->message);
    }
}

void
_fs_job_finish_run (FsJob  *self,
                    GError *error)
{
  self->ending = g_steal_pointer (&self->task);
  clear_run (self);

  if (error == NULL)
    {
      _fs_job_set_status (self, FS_JOB_SAVED, _("Saved"));
      journal (self, "saved", NULL);
      g_clear_pointer (&self->outputs, g_ptr_array_unref);
      return_if_journaled (self);
      return;
    }

  finish_stopped (self, error);
  if (!_fs_job_has_pending_output (self))
    g_clear_pointer (&self->outputs, g_ptr_array_unref);
  g_clear_pointer (&self->assets, g_ptr_array_unref);
  self->ending_error = error;
  return_if_journaled (self);
}

GCancellable *
_fs_job_run_cancellable (FsJob *self)
{
  return g_task_get_cancellable (self->task);
}

static void
retrying_cb (FsJob      *self,
             FsHttpCall *call,
             guint       attempt,
             guint       max,
             guint       delay_ms,
             guint       status)
{
  g_autofree char *text = NULL;
  guint seconds = (delay_ms + 999) / 1000;

  if (call != self->current_call)
    return;

  if (status == 429)
    /* Translators: "Rate limited; retrying in 4 s (2 of 2)" */
    text = g_strdup_printf (_("Rate limited; retrying in %u s (%u of %u)"), seconds, attempt, max);
  else if (status == 0)
    text = g_strdup_printf (_("Connection dropped; retrying in %u s (%u of %u)"),
                            seconds, attempt, max);
  else
    text = g_strdup_printf (_("Server error %u; retrying in %u s (%u of %u)"),
                            status, seconds, attempt, max);

  g_ptr_array_add (self->log, g_strdup (text));
  _fs_job_set_status (self, self->stage, text);
}

/* @label names the exchange in the inspector: "Submit", "Poll 3" … */
void
_fs_job_send_call (FsJob               *self,
                   FsHttpCall          *call,
                   const char          *label,
                   GAsyncReadyCallback  callback)
{
  g_autofree char *description = fs_http_call_describe (call);
  const FsProviderInfo *info = fs_provider_info_lookup (fs_provider_get_id (self->provider));

  g_clear_pointer (&self->current_call, fs_http_call_unref);
  self->current_call = fs_http_call_ref (call);
  g_ptr_array_add (self->log, g_steal_pointer (&description));

  g_clear_pointer (&self->exchange, _fs_exchange_free);
  self->exchange = _fs_exchange_new (label, call, info != NULL ? info->curl_key_var : NULL);
  self->exchange_started_us = g_get_monotonic_time ();

  fs_http_send_async (self->http, call, _fs_job_run_cancellable (self), callback,
                      g_object_ref (self));
}

/* The exchange is only shown once it is complete, answered or not. */
static void
complete_exchange (FsJob          *self,
                   FsHttpResponse *response,
                   const GError   *error)
{
  gint64 elapsed_ms = (g_get_monotonic_time () - self->exchange_started_us) / 1000;

  if (self->exchange == NULL)
    return;

  if (response != NULL)
    _fs_exchange_set_response (self->exchange, response, elapsed_ms);
  else
    _fs_exchange_set_error (self->exchange, error, elapsed_ms);
  _fs_job_add_exchange (self, g_steal_pointer (&self->exchange));
}

FsHttpResponse *
_fs_job_finish_call (FsJob         *self,
                     GObject       *object,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  FsHttpResponse *response;

  response = fs_http_send_finish (FS_HTTP (object), result, &local_error);
  complete_exchange (self, response, local_error);
  if (response == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return response;
}

/* The response to the call in flight; NULL, with the run finished, when
 * none came. */
static FsHttpResponse *
finish_send (FsJob        *self,
             GObject      *object,
             GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;
  FsHttpResponse *response = _fs_job_finish_call (self, object, result, &error);

  if (response == NULL)
    _fs_job_finish_run (self, g_steal_pointer (&error));

  return response;
}

/* The same for a call to the provider's API, whose status and request id
 * become the job's. */
static FsHttpResponse *
finish_api_send (FsJob        *self,
                 GObject      *object,
                 GAsyncResult *result)
{
  FsHttpResponse *response = finish_send (self, object, result);

  if (response != NULL)
    _fs_job_note_response (self, response);

  return response;
}

/* The file names the designer saw in the tray, in the order of the
 * record's "references" hashes. */
static JsonArray *
reference_names (FsRequest *request)
{
  GPtrArray *references = fs_request_get_references (request);
  JsonArray *names = json_array_sized_new (references->len);

  for (guint i = 0; i < references->len; i++)
    {
      FsReference *reference = g_ptr_array_index (references, i);

      json_array_add_string_element (names, fs_reference_get_name (reference));
    }

  return names;
}

JsonObject *
_fs_job_build_record (FsJob *self,
                      guint  output)
{
  g_autoptr(JsonNode) request = fs_request_to_json (self->request);
  JsonObject *record = json_object_ref (json_node_get_object (request));
  JsonObject *timings = json_object_new ();
  gint64 now = g_get_monotonic_time ();
  double cost = self->cost;

  json_object_set_string_member (record, "job_id", self->id);
  /* Which of the job's results this is: with the job id, what proves a
   * save that died half way was done (docs/ARCHITECTURE.md, “Sidecar”). */
  json_object_set_int_member (record, "output", output);
  /* A resumed job's model may have left the catalog since; the image
   * was paid for all the same. */
  json_object_set_string_member (record, "model_name",
                                 self->model != NULL ? fs_model_get_name (self->model)
                                                     : fs_request_get_model_id (self->request));
  if (fs_provider_is_local (self->provider))
    json_object_set_string_member (record, "note", _("Offline sandbox — not a FLUX model"));
  if (self->request_id != NULL)
    json_object_set_string_member (record, "request_id", self->request_id);
  if (self->task_id != NULL)
    json_object_set_string_member (record, "task_id", self->task_id);

  json_object_set_array_member (record, "reference_names", reference_names (self->request));
  if (self->resumed)
    _fs_job_add_resumed_members (self, record);

  json_object_set_string_member (record, "cost_source", isnan (cost) ? "estimate" : "provider");
  if (isnan (cost) && self->model != NULL)
    fs_request_estimate_cost (self->request, self->model, 1, &cost);
  if (isnan (cost))
    json_object_set_null_member (record, "cost");
  else
    json_object_set_double_member (record, "cost", cost);

  json_object_set_int_member (timings, "submit_ms", (self->submit_us - self->started_us) / 1000);
  json_object_set_int_member (timings, "ready_ms", (self->ready_us - self->started_us) / 1000);
  json_object_set_int_member (timings, "download_ms", (now - self->ready_us) / 1000);
  json_object_set_int_member (timings, "polls", self->polls);
  json_object_set_object_member (record, "timings", timings);
  json_object_set_member (record, "exchanges", _fs_exchanges_to_json (self->exchanges));

  return record;
}

static gboolean
poll_due_cb (gpointer user_data)
{
  FsJob *self = user_data;

  g_clear_pointer (&self->poll_source, g_source_unref);
  poll_once (self);
  return G_SOURCE_REMOVE;
}

static guint
poll_limit (FsJob *self)
{
  const char *cap = g_getenv ("FLUX_STUDIO_TIMEOUT");
  guint64 value;

  if (cap != NULL && g_ascii_string_to_unsigned (cap, 10, 1, G_MAXUINT, &value, NULL))
    return MIN (self->poll_timeout, (guint) value);
  return self->poll_timeout;
}

gint64
fs_job_poll_delay_ms (guint  polls_sent,
                      gint64 since_sent_ms,
                      guint  interval_ms)
{
  if (polls_sent == 0)
    return 0;

  return CLAMP ((gint64) interval_ms - since_sent_ms, 0, (gint64) interval_ms);
}

static guint
poll_interval_ms (FsJob *self)
{
  const FsProviderInfo *info = fs_provider_info_lookup (fs_provider_get_id (self->provider));

  return info != NULL && info->poll_interval_ms > 0 ? info->poll_interval_ms : POLL_DEFAULT_MS;
}

/* The first poll goes out as soon as the submit is answered, and the
 * next ones at the provider's recommended interval, counted from when the
 * previous poll was sent (docs/ARCHITECTURE.md, “Providers”). */
static void
schedule_poll (FsJob *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 elapsed_s = (now - self->submit_us) / G_USEC_PER_SEC;
  gint64 delay;

  if (elapsed_s >= poll_limit (self))
    {
      _fs_job_finish_run (self,
                          g_error_new (FS_ERROR, FS_ERROR_TIMEOUT,
                                       _("The provider did not finish the image within %u "
                                         "seconds. It may still finish; check the provider's "
                                         "dashboard."),
                                       poll_limit (self)));
      return;
    }

  delay = fs_job_poll_delay_ms (self->poll_sent_us != 0 ? 1 : 0,
                                (now - self->poll_sent_us) / 1000, self->poll_interval_ms);
  if (delay == 0)
    {
      poll_once (self);
      return;
    }

  self->poll_source = g_timeout_source_new ((guint) delay);
  g_source_set_callback (self->poll_source, poll_due_cb, self, NULL);
  g_source_attach (self->poll_source, NULL);
}

static void
pending (FsJob            *self,
         FsProviderResult *result)
{
  g_autofree char *text = NULL;

  if (result->progress >= 0)
    _fs_job_set_progress (self, result->progress);

  if (self->resumed)
    /* The card keeps saying where the job came from; the stage and the
     * progress bar tell how far it is. */
    text = g_strdup (_("Resumed after restart"));
  else if (result->progress >= 0)
    /* Translators: a job's progress, "Generating… 40 %" */
    text = g_strdup_printf (_("Generating… %d %%"), (int) round (result->progress * 100));
  else
    text = g_strdup (_("Generating…"));

  _fs_job_set_status (self, FS_JOB_POLLING, text);
  schedule_poll (self);
}

static void
poll_cb (GObject      *object,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr(FsJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsHttpResponse) response = finish_api_send (self, object, res);
  g_autoptr(FsProviderResult) result = NULL;

  if (response == NULL)
    return;

  self->polls++;
  /* A poll may answer non-2xx with a task body; the provider decides. */
  result = fs_provider_parse_poll (self->provider, response, &error);
  if (result != NULL && self->task_id == NULL)
    self->task_id = g_strdup (result->task_id);
  if (result == NULL)
    _fs_job_finish_run (self, g_steal_pointer (&error));
  else if (result->status == FS_TASK_READY)
    _fs_job_take_outputs (self, result);
  else
    pending (self, result);
}

static void
poll_once (FsJob *self)
{
  g_autoptr(FsHttpCall) call = fs_provider_build_poll (self->provider, self->polling_url,
                                                       self->key);
  /* Translators: an HTTP exchange in the request inspector, "Poll 3" */
  g_autofree char *label = g_strdup_printf (_("Poll %u"), self->polls + 1);

  self->poll_sent_us = g_get_monotonic_time ();
  _fs_job_send_call (self, call, label, poll_cb);
}

static void
submit_cb (GObject      *object,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(FsJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsHttpResponse) response = finish_api_send (self, object, res);
  g_autoptr(FsProviderResult) result = NULL;

  if (response == NULL)
    return;
  if (_fs_job_wait_if_too_many_tasks (self, response))
    return;

  self->submit_us = g_get_monotonic_time ();
  result = fs_provider_parse_submit (self->provider, response, &error);
  if (result == NULL)
    {
      _fs_job_spend_answered (self, response);
      _fs_job_finish_run (self, g_steal_pointer (&error));
      return;
    }

  g_free (self->task_id);
  self->task_id = g_strdup (result->task_id);
  if (!isnan (result->cost))
    self->cost = result->cost;
  _fs_job_spend_answered (self, response);

  if (result->status == FS_TASK_READY)
    _fs_job_take_outputs (self, result);
  else
    {
      self->polling_url = g_strdup (result->polling_url);
      self->poll_interval_ms = poll_interval_ms (self);
      self->poll_sent_us = 0;
      journal (self, "polling", NULL);
      pending (self, result);
    }
}

static void
synthesize_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  FsJob *self = source_object;
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gint64 n_outputs = 1;

  fs_request_get_int (self->request, "num_outputs", &n_outputs);
  for (guint i = 0; i < MAX (1, n_outputs); i++)
    {
      GError *error = NULL;
      GBytes *image;

      if (g_task_return_error_if_cancelled (task))
        return;

      image = fs_provider_synthesize (self->provider, self->request, self->model, i, &error);
      if (image == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_ptr_array_add (images, image);
    }

  g_task_return_pointer (task, g_steal_pointer (&images), (GDestroyNotify) g_ptr_array_unref);
}

static void
synthesize_cb (GObject      *object,
               GAsyncResult *res,
               gpointer      user_data)
{
  FsJob *self = FS_JOB (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(FsProviderResult) result = fs_provider_result_new ();
  g_autoptr(GPtrArray) images = NULL;

  images = g_task_propagate_pointer (G_TASK (res), &error);
  if (images == NULL)
    {
      _fs_job_finish_run (self, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&result->images, g_ptr_array_unref);
  result->images = g_steal_pointer (&images);
  result->status = FS_TASK_READY;
  _fs_job_take_outputs (self, result);
}

static void
start_local (FsJob *self)
{
  g_autoptr(GTask) task = g_task_new (self, _fs_job_run_cancellable (self), synthesize_cb, NULL);

  self->submit_us = g_get_monotonic_time ();
  _fs_job_set_status (self, FS_JOB_SUBMITTED, _("Drawing a sandbox image"));
  g_task_run_in_thread (task, synthesize_thread);
}

static void
watch_retries (FsJob *self)
{
  self->retrying_id = g_signal_connect_swapped (self->http, "retrying",
                                                G_CALLBACK (retrying_cb), self);
}

/* A resumed job was submitted by an earlier run, which journalled it.
 * With results in its row it saves those, downloading what only has a
 * link; otherwise it polls the URL that run stored, exactly as stored,
 * and goes on from there. References are not needed for either. */
static void
start_resumed (FsJob *self)
{
  self->journaled = TRUE;
  if (self->outputs != NULL)
    {
      _fs_job_set_status (self, FS_JOB_DOWNLOADING, _("Resumed after restart"));
      self->current = 0;
      _fs_job_next_output (self);
      return;
    }

  /* Its task is active at the provider: it counts against the caps
   * (docs/ARCHITECTURE.md, “Concurrency”). */
  _fs_job_take_slots (self, _fs_job_poll_resumed);
}

void
_fs_job_poll_resumed (FsJob *self)
{
  self->poll_interval_ms = poll_interval_ms (self);
  watch_retries (self);
  _fs_job_set_status (self, FS_JOB_POLLING, _("Resumed after restart"));
  poll_once (self);
}

/* Retry of an unsaved job: its results, once more, from the first not
 * saved; this process still holds the job's lease. */
static void
start_again (FsJob *self)
{
  _fs_job_set_status (self, FS_JOB_DOWNLOADING, _("Trying again to save the result"));
  for (guint i = 0; i < self->outputs->len; i++)
    {
      FsJobOutput *output = g_ptr_array_index (self->outputs, i);

      output->attempts = 0;
    }
  self->current = 0;
  _fs_job_next_output (self);
}

void
_fs_job_submit (FsJob *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FsHttpCall) call = NULL;

  call = fs_provider_build_submit (self->provider, self->request, self->model, self->key, &error);
  if (call == NULL)
    {
      _fs_job_finish_run (self, g_steal_pointer (&error));
      return;
    }

  if (self->retrying_id == 0)
    watch_retries (self);
  _fs_job_spend_sent (self);
  _fs_job_set_status (self, FS_JOB_SUBMITTED, _("Sending the request"));
  /* Translators: an HTTP exchange in the request inspector */
  _fs_job_send_call (self, call, _("Submit"), submit_cb);
}

/* Every request records its seed: one is drawn here when the model takes
 * a seed and none was given, so the result can be made again. */
static void
ensure_seed (FsJob *self)
{
  const char *provider_id = fs_request_get_provider_id (self->request);

  if (fs_request_get_param (self->request, "seed") != NULL)
    return;
  if (fs_model_find_param (self->model, provider_id, "seed") == NULL)
    return;

  fs_request_set_param (self->request, "seed",
                        g_variant_new_int64 (g_random_int_range (0, G_MAXINT32)));
}

static gboolean
check_ready (FsJob   *self,
             GError **error)
{
  const FsProviderInfo *info;

  if (!fs_request_check (self->request, self->catalog, error))
    return FALSE;

  self->model = fs_catalog_lookup (self->catalog, fs_request_get_model_id (self->request));
  g_assert (self->model != NULL);

  info = fs_provider_info_lookup (fs_provider_get_id (self->provider));
  if (fs_provider_needs_key (self->provider) && (self->key == NULL || *self->key == '\0'))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_NO_KEY,
                   _("No API key is set for %s. Add one in Preferences, or set %s."),
                   info ? _(info->name) : fs_provider_get_id (self->provider),
                   info && info->key_env ? info->key_env : "the key variable");
      return FALSE;
    }

  return TRUE;
}

static void
send_request (FsJob *self)
{
  if (g_cancellable_is_cancelled (_fs_job_run_cancellable (self)))
    _fs_job_finish_run (self,
                        g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             _("The job was cancelled before it was sent")));
  else if (fs_provider_is_local (self->provider))
    start_local (self);
  else
    _fs_job_submit (self);
}

typedef struct
{
  FsJob     *job;
  GPtrArray *images;  /* the references, then an edit's image and mask */
  guint      next;
} ReferenceSaving;

static void save_next_reference (ReferenceSaving *saving);

static void
reference_saved_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ReferenceSaving *saving = user_data;
  g_autoptr(GError) error = NULL;

  /* As with the journal, a reference that cannot be kept must not stop a
   * paid generation; only a later remix would miss it. */
  if (!fs_reference_store_save_finish (result, &error))
    g_warning ("Could not keep reference image %u: %s", saving->next, error->message);

  save_next_reference (saving);
}

/* Every reference goes into the reference store, in tray order, before
 * the request is sent, and so do an edit's image and mask: the sidecar
 * names them by hash, so any result can be remixed with exactly the
 * images it was made from. */
static void
save_next_reference (ReferenceSaving *saving)
{
  if (saving->next < saving->images->len)
    {
      fs_reference_store_save_async (g_ptr_array_index (saving->images, saving->next++), NULL,
                                     reference_saved_cb, saving);
      return;
    }

  send_request (saving->job);
  g_object_unref (saving->job);
  g_ptr_array_unref (saving->images);
  g_free (saving);
}

/* Journal first, or nothing is sent: a paid request whose result could
 * not be found again after a crash must not be made. */
static GError *
not_sent_error (const GError *cause)
{
  return g_error_new (FS_ERROR, FS_ERROR_STORAGE,
                      /* Translators: the reason, such as “database is locked” */
                      _("The job journal could not be written, so nothing was sent: %s"),
                      cause->message);
}

static void
journal_queued_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(FsJob) self = user_data;
  g_autoptr(GError) error = NULL;
  ReferenceSaving *saving;

  self->journal_busy = FALSE;
  if (!fs_library_journal_finish (FS_LIBRARY (object), result, &error))
    {
      self->journaled = FALSE;
      _fs_job_finish_run (self, not_sent_error (error));
      return;
    }

  journal_next (self);
  saving = g_new0 (ReferenceSaving, 1);
  saving->job = g_object_ref (self);
  saving->images = fs_request_dup_stored_images (self->request);
  save_next_reference (saving);
}

static void
lease_taken_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FsJob) self = user_data;
  g_autoptr(GError) error = NULL;

  self->lease = fs_library_take_lease_finish (FS_LIBRARY (object), result, &error);
  if (self->lease == NULL)
    {
      _fs_job_finish_run (self, not_sent_error (error));
      return;
    }

  /* The slots come before the journal row: a job that dies waiting for
   * one leaves no row, and a batch's resume may run it again, as nothing
   * was sent (docs/ARCHITECTURE.md, “Concurrency”). */
  _fs_job_take_slots (self, _fs_job_journal_queued);
}

void
_fs_job_journal_queued (FsJob *self)
{
  g_autoptr(JsonNode) request = NULL;

  /* The journal row is on disk before anything is sent, so a crash or a
   * quit never loses track of a paid request (docs/ARCHITECTURE.md, “Job
   * journal”). */
  request = fs_request_to_json (self->request);
  self->journaled = TRUE;
  self->journal_busy = TRUE;
  fs_library_journal_async (self->library, self->id, "queued", request, NULL, NULL, NULL,
                            journal_queued_cb, g_object_ref (self));
}

void
fs_job_run_async (FsJob               *self,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FS_IS_JOB (self));
  g_return_if_fail (self->task == NULL);
  g_return_if_fail (self->stage == FS_JOB_QUEUED || self->stage == FS_JOB_UNSAVED);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, fs_job_run_async);
  self->assets = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->stage == FS_JOB_UNSAVED)
    {
      start_again (self);
      return;
    }

  self->started_us = self->submit_us = self->ready_us = g_get_monotonic_time ();
  if (self->resumed)
    {
      start_resumed (self);
      return;
    }

  if (!check_ready (self, &error))
    {
      _fs_job_finish_run (self, g_steal_pointer (&error));
      return;
    }

  ensure_seed (self);
  _fs_job_set_status (self, FS_JOB_QUEUED, _("Queued"));
  /* The job is this process's from the start (docs/ARCHITECTURE.md,
   * “Leases”): a resume beside it leaves it alone. */
  fs_library_take_lease_async (self->library, self->id, NULL, lease_taken_cb,
                               g_object_ref (self));
}

GPtrArray *
fs_job_run_finish (FsJob         *self,
                   GAsyncResult  *result,
                   GError       **error)
{
  g_return_val_if_fail (FS_IS_JOB (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
