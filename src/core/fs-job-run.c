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
#include "fs-reference-store.h"

/* The run pipeline: validate, journal, submit, poll, download every result
 * the moment its URL arrives (or synthesize it, for the sandbox), save each
 * to the library. The object and its properties are in fs-job.c. */

#define POLL_FIRST_MS      500
#define POLL_MAX_MS        3000
#define POLL_GROWTH        1.25

static void next_output (FsJob *self);
static void poll_once (FsJob *self);

typedef struct
{
  char     *state;
  char     *detail;
  char     *polling_url;
  JsonNode *request;
} JournalEntry;

static void
journal_entry_free (JournalEntry *entry)
{
  g_free (entry->state);
  g_free (entry->detail);
  g_free (entry->polling_url);
  g_clear_pointer (&entry->request, json_node_unref);
  g_free (entry);
}

void
_fs_job_clear_journal (FsJob *self)
{
  g_queue_clear_full (&self->journal_queue, (GDestroyNotify) journal_entry_free);
}

static void journal_next (FsJob *self);

/* A run ends once its last journal write is on disk: a front that exits
 * right after (the CLI) must not leave the row unfinished, or the next
 * start would resume a job that was already saved. */
static void
return_if_journaled (FsJob *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->ending == NULL || self->journal_busy)
    return;

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

/* Writes go one at a time, in order, so a late "polling" can never
 * overwrite "saved". */
static void
journal_next (FsJob *self)
{
  JournalEntry *entry;

  if (self->journal_busy || (entry = g_queue_pop_head (&self->journal_queue)) == NULL)
    return;

  self->journal_busy = TRUE;
  fs_library_journal_async (self->library, self->id, entry->state, entry->request,
                            entry->polling_url, entry->detail, NULL,
                            journal_cb, g_object_ref (self));
  journal_entry_free (entry);
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

static void
finish_run (FsJob  *self,
            GError *error)
{
  self->ending = g_steal_pointer (&self->task);

  g_clear_pointer (&self->current_call, fs_http_call_unref);
  g_clear_pointer (&self->exchange, _fs_exchange_free);
  g_clear_signal_handler (&self->retrying_id, self->http);
  if (self->poll_source != NULL)
    {
      g_source_destroy (self->poll_source);
      g_clear_pointer (&self->poll_source, g_source_unref);
    }
  g_clear_pointer (&self->urls, g_ptr_array_unref);
  g_clear_pointer (&self->images, g_ptr_array_unref);

  if (error == NULL)
    {
      _fs_job_set_status (self, FS_JOB_SAVED, _("Saved"));
      journal (self, "saved", NULL);
      return_if_journaled (self);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      _fs_job_set_status (self, FS_JOB_CANCELLED, _("Cancelled"));
      journal (self, "cancelled", NULL);
    }
  else
    {
      _fs_job_set_status (self, FS_JOB_FAILED, error->message);
      journal (self, "failed", error->message);
    }
  g_clear_pointer (&self->assets, g_ptr_array_unref);
  self->ending_error = error;
  return_if_journaled (self);
}

static GCancellable *
run_cancellable (FsJob *self)
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
static void
send_call (FsJob               *self,
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

  fs_http_send_async (self->http, call, run_cancellable (self), callback,
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

/* The response to the call in flight; NULL, with the run finished, when
 * none came. */
static FsHttpResponse *
finish_send (FsJob        *self,
             GObject      *object,
             GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;
  FsHttpResponse *response;

  response = fs_http_send_finish (FS_HTTP (object), result, &error);
  complete_exchange (self, response, error);
  if (response == NULL)
    finish_run (self, g_steal_pointer (&error));

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

/* Where a provider bills references, it bills the megapixels sent. */
static double
reference_megapixels (FsRequest *request)
{
  GPtrArray *references = fs_request_get_references (request);
  double total = 0;

  for (guint i = 0; i < references->len; i++)
    total += fs_reference_get_megapixels (g_ptr_array_index (references, i));

  return total;
}

static JsonObject *
build_record (FsJob *self)
{
  g_autoptr(JsonNode) request = fs_request_to_json (self->request);
  JsonObject *record = json_object_ref (json_node_get_object (request));
  JsonObject *timings = json_object_new ();
  gint64 now = g_get_monotonic_time ();
  double cost = self->cost;
  guint width = 0, height = 0;

  json_object_set_string_member (record, "job_id", self->id);
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
  if (isnan (cost) && self->model != NULL &&
      fs_request_get_output_size (self->request, self->model, &width, &height))
    fs_model_estimate_cost (self->model, fs_request_get_provider_id (self->request),
                            width, height, reference_megapixels (self->request), 1, &cost);
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

/* A check that fails (an image gdk-pixbuf cannot read) leaves the result
 * without a verdict; the image itself is saved. */
static void
check_colours_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FsJob) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!fs_library_check_colours_finish (FS_LIBRARY (object), result, &error))
    g_warning ("Could not check the colours of the result: %s", error->message);

  next_output (self);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(FsJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsAsset) asset = NULL;

  asset = fs_library_save_finish (FS_LIBRARY (object), result, &error);
  if (asset == NULL)
    {
      finish_run (self, g_steal_pointer (&error));
      return;
    }

  g_ptr_array_add (self->assets, g_object_ref (asset));
  /* The colour-fidelity check (a worker thread, well under 200 ms for
   * 4 MP) lands in the sidecar before the job reports "Saved", so a
   * script reading the sidecar right after finds it. */
  fs_library_check_colours_async (self->library, asset, NULL, check_colours_cb,
                                  g_object_ref (self));
}

static void
save_image (FsJob  *self,
            GBytes *image)
{
  g_autoptr(JsonObject) record = build_record (self);
  guint index = self->next_output++;

  fs_library_save_async (self->library, record, image, index, run_cancellable (self),
                         save_cb, g_object_ref (self));
}

static void
download_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FsJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsHttpResponse) response = finish_send (self, object, result);

  if (response == NULL)
    return;

  /* The result URL is a signed delivery URL, not the API: its status and
   * request id are not the provider's, so they stay out of the job's. */
  if (response->status == 404 || response->status == 410)
    error = g_error_new (FS_ERROR, FS_ERROR_EXPIRED,
                         _("The result URL expired before it could be downloaded (HTTP %u). "
                           "Result URLs live for 10 minutes; generate the image again."),
                         response->status);
  else if (!fs_http_response_is_success (response))
    error = g_error_new (FS_ERROR, FS_ERROR_FAILED,
                         _("Downloading the result failed with HTTP %u. Generate the image again."),
                         response->status);
  if (error != NULL)
    {
      finish_run (self, g_steal_pointer (&error));
      return;
    }

  save_image (self, response->body);
}

static void
download (FsJob      *self,
          const char *url)
{
  /* No key: delivery hosts get none (docs/ARCHITECTURE.md, “Keys and
   * hosts”). */
  g_autoptr(FsHttpCall) call = fs_http_call_new ("GET", url);
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;
  guint total = (self->urls ? self->urls->len : 0) + (self->images ? self->images->len : 0);

  text = g_strdup_printf (_("Downloading %u of %u"), self->next_output + 1, total);
  _fs_job_set_status (self, FS_JOB_DOWNLOADING, text);
  /* Translators: an HTTP exchange in the request inspector, "Download 2" */
  label = g_strdup_printf (_("Download %u"), self->next_output + 1);
  send_call (self, call, label, download_cb);
}

/* Results are fetched and saved one after another, each the moment the
 * one before it is safe on disk; URLs expire after 10 minutes. */
static void
next_output (FsJob *self)
{
  guint n_urls = self->urls ? self->urls->len : 0;
  guint n_images = self->images ? self->images->len : 0;
  guint i = self->next_output;

  if (i < n_urls)
    download (self, g_ptr_array_index (self->urls, i));
  else if (i < n_urls + n_images)
    {
      _fs_job_set_status (self, FS_JOB_DOWNLOADING, _("Saving"));
      save_image (self, g_ptr_array_index (self->images, i - n_urls));
    }
  else
    finish_run (self, NULL);
}

static void
take_result (FsJob            *self,
             FsProviderResult *result)
{
  self->ready_us = g_get_monotonic_time ();
  if (!isnan (result->cost))
    self->cost = result->cost;
  if (result->seed >= 0 && fs_request_get_param (self->request, "seed") == NULL)
    fs_request_set_param (self->request, "seed", g_variant_new_int64 (result->seed));

  self->urls = result->urls ? g_ptr_array_ref (result->urls)
                            : g_ptr_array_new_with_free_func (g_free);
  self->images = result->images ? g_ptr_array_ref (result->images)
                                : g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  if (self->urls->len + self->images->len == 0)
    {
      finish_run (self, g_error_new (FS_ERROR, FS_ERROR_FAILED,
                                     _("The provider reported success but sent no image")));
      return;
    }

  _fs_job_set_progress (self, 1.0);
  journal (self, "downloading", NULL);
  next_output (self);
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

/* Polls start near half a second, as BFL's own examples do, and back off
 * gently so a slow task costs few requests. */
static void
schedule_poll (FsJob *self)
{
  gint64 elapsed_s = (g_get_monotonic_time () - self->submit_us) / G_USEC_PER_SEC;

  if (elapsed_s >= poll_limit (self))
    {
      finish_run (self, g_error_new (FS_ERROR, FS_ERROR_TIMEOUT,
                                     _("The provider did not finish the image within %u seconds. "
                                       "It may still finish; check the provider's dashboard."),
                                     poll_limit (self)));
      return;
    }

  self->poll_source = g_timeout_source_new (self->poll_interval_ms);
  g_source_set_callback (self->poll_source, poll_due_cb, self, NULL);
  g_source_attach (self->poll_source, NULL);
  self->poll_interval_ms = MIN (POLL_MAX_MS, (guint) (self->poll_interval_ms * POLL_GROWTH));
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
    finish_run (self, g_steal_pointer (&error));
  else if (result->status == FS_TASK_READY)
    take_result (self, result);
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

  send_call (self, call, label, poll_cb);
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

  self->submit_us = g_get_monotonic_time ();
  result = fs_provider_parse_submit (self->provider, response, &error);
  if (result == NULL)
    {
      finish_run (self, g_steal_pointer (&error));
      return;
    }

  g_free (self->task_id);
  self->task_id = g_strdup (result->task_id);
  if (!isnan (result->cost))
    self->cost = result->cost;

  if (result->status == FS_TASK_READY)
    take_result (self, result);
  else
    {
      self->polling_url = g_strdup (result->polling_url);
      self->poll_interval_ms = POLL_FIRST_MS;
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
      finish_run (self, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&result->images, g_ptr_array_unref);
  result->images = g_steal_pointer (&images);
  result->status = FS_TASK_READY;
  take_result (self, result);
}

static void
start_local (FsJob *self)
{
  g_autoptr(GTask) task = g_task_new (self, run_cancellable (self), synthesize_cb, NULL);

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

/* A resumed job was submitted by an earlier run, which journalled it: it
 * polls the URL that run stored, exactly as stored, and goes on from
 * there. References are not needed to poll. */
static void
start_resumed (FsJob *self)
{
  self->journaled = TRUE;
  self->poll_interval_ms = POLL_FIRST_MS;
  watch_retries (self);
  _fs_job_set_status (self, FS_JOB_POLLING, _("Resumed after restart"));
  poll_once (self);
}

static void
start_remote (FsJob *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FsHttpCall) call = NULL;

  call = fs_provider_build_submit (self->provider, self->request, self->model, self->key, &error);
  if (call == NULL)
    {
      finish_run (self, g_steal_pointer (&error));
      return;
    }

  watch_retries (self);
  _fs_job_set_status (self, FS_JOB_SUBMITTED, _("Sending the request"));
  /* Translators: an HTTP exchange in the request inspector */
  send_call (self, call, _("Submit"), submit_cb);
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
  if (g_cancellable_is_cancelled (run_cancellable (self)))
    finish_run (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                           _("The job was cancelled before it was sent")));
  else if (fs_provider_is_local (self->provider))
    start_local (self);
  else
    start_remote (self);
}

typedef struct
{
  FsJob *job;
  guint  next;
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
 * the request is sent: the sidecar names them by hash, so any result can
 * be remixed with exactly the references it was made from. */
static void
save_next_reference (ReferenceSaving *saving)
{
  GPtrArray *references = fs_request_get_references (saving->job->request);

  if (saving->next < references->len)
    {
      fs_reference_store_save_async (g_ptr_array_index (references, saving->next++), NULL,
                                     reference_saved_cb, saving);
      return;
    }

  send_request (saving->job);
  g_object_unref (saving->job);
  g_free (saving);
}

static void
journal_queued_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  FsJob *self = user_data;
  ReferenceSaving *saving = g_new0 (ReferenceSaving, 1);

  journal_cb (object, result, g_object_ref (self));
  saving->job = self;
  save_next_reference (saving);
}

void
fs_job_run_async (FsJob               *self,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = NULL;

  g_return_if_fail (FS_IS_JOB (self));
  g_return_if_fail (self->task == NULL);
  g_return_if_fail (self->stage == FS_JOB_QUEUED);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, fs_job_run_async);
  self->started_us = self->submit_us = self->ready_us = g_get_monotonic_time ();
  self->assets = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->resumed)
    {
      start_resumed (self);
      return;
    }

  if (!check_ready (self, &error))
    {
      finish_run (self, g_steal_pointer (&error));
      return;
    }

  ensure_seed (self);
  _fs_job_set_status (self, FS_JOB_QUEUED, _("Queued"));

  /* The journal row is on disk before anything is sent, so a crash or a
   * quit never loses track of a paid request (docs/ARCHITECTURE.md, “Job
   * journal”). */
  request = fs_request_to_json (self->request);
  self->journaled = TRUE;
  self->journal_busy = TRUE;
  fs_library_journal_async (self->library, self->id, "queued", request, NULL, NULL, NULL,
                            journal_queued_cb, g_object_ref (self));
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
