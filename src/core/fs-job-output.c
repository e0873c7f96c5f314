/* fs-job-output.c
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
#include "fs-json.h"

/* A job's results, from the provider's answer to the files on disk
 * (docs/ARCHITECTURE.md, “One generation” and “Job journal”). A result
 * the provider delivered was paid for: it is downloaded with retries
 * spread over its link's life, saved exactly once, kept in the recovery
 * folder when the gallery refuses it, and otherwise left in the journal
 * for Retry or a later resume. */

/* Result links live 10 minutes (“Providers”). */
#define LINK_LIFETIME_MS  (600 * 1000)
/* The last attempt is made a little before the link dies. */
#define LAST_ATTEMPT_SHARE 0.99

/* Waits between download attempts, in seconds; the last repeats. */
static const guint download_waits_s[] = { 2, 5, 10, 20, 30, 45, 60, 90, 120 };

static void save_output   (FsJob       *self,
                           FsJobOutput *output);
static void load_recovery (FsJob       *self,
                           FsJobOutput *output);
static void download      (FsJob       *self,
                           FsJobOutput *output);
static void attempt_failed (FsJob        *self,
                            FsJobOutput  *output,
                            const GError *error);

/* A staged file nobody will save: it would otherwise wait a day to be
 * removed as stale. */
static void
drop_staged (FsJobOutput *output)
{
  if (output->staged != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (output->staged);

      g_file_delete_async (file, G_PRIORITY_LOW, NULL, NULL, NULL);
    }
  g_clear_pointer (&output->staged, g_free);
  g_clear_pointer (&output->sha256, g_free);
}

void
_fs_job_output_free (FsJobOutput *output)
{
  g_free (output->url);
  g_clear_pointer (&output->bytes, g_bytes_unref);
  drop_staged (output);
  g_clear_object (&output->download);
  g_free (output->recovery);
  g_clear_error (&output->error);
  g_free (output);
}

static FsJobOutput *
current_output (FsJob *self)
{
  return g_ptr_array_index (self->outputs, self->current);
}

static void
set_output_error (FsJobOutput *output,
                  GError      *error)
{
  g_clear_error (&output->error);
  output->error = error;
}

/* The schedule ------------------------------------------------------------------ */

/* FLUX_STUDIO_DOWNLOAD_SCALE (0 < x ≤ 1) shrinks the schedule and the
 * links' life together, so that a test sees every attempt in seconds. */
static double
download_scale (void)
{
  const char *text = g_getenv ("FLUX_STUDIO_DOWNLOAD_SCALE");
  double scale = text != NULL ? g_ascii_strtod (text, NULL) : 1.0;

  return scale > 0 && scale <= 1 ? scale : 1.0;
}

/* FLUX_STUDIO_TIMEOUT caps the life too, as it caps every time limit. */
static gint64
link_lifetime_ms (void)
{
  const char *cap = g_getenv ("FLUX_STUDIO_TIMEOUT");
  gint64 lifetime = (gint64) (LINK_LIFETIME_MS * download_scale ());
  guint64 seconds;

  if (cap != NULL && g_ascii_string_to_unsigned (cap, 10, 1, G_MAXUINT, &seconds, NULL))
    lifetime = MIN (lifetime, (gint64) seconds * 1000);
  return lifetime;
}

gint64
fs_job_download_delay_ms (guint  attempt,
                          gint64 elapsed_ms,
                          gint64 lifetime_ms,
                          double scale)
{
  guint step = MIN (MAX (attempt, 1), G_N_ELEMENTS (download_waits_s)) - 1;
  gint64 last = (gint64) (lifetime_ms * LAST_ATTEMPT_SHARE);
  gint64 wait = (gint64) (download_waits_s[step] * 1000 * scale);

  if (elapsed_ms >= last)
    return -1;

  return MIN (wait, last - elapsed_ms);
}

static gint64
since_received_ms (FsJobOutput *output)
{
  return (g_get_real_time () - output->received_us) / 1000;
}

/* Whether the attempt that failed came past the link's life. It is
 * counted from when the attempt was due, not from when it ended: the last
 * one is due just before the link dies, and a main loop held up for a
 * moment (a loaded machine, a slow test build) or a slow answer does not
 * turn its failure into an expiry. An attempt due past the life (a resume
 * long after the link came) is one. */
static gboolean
attempt_past_life (FsJobOutput *output)
{
  return (output->attempt_us - output->received_us) / 1000 >= link_lifetime_ms ();
}

/* Pending outputs ------------------------------------------------------------------ */

static gboolean
holds_bytes (FsJobOutput *output)
{
  return output->bytes != NULL || output->staged != NULL;
}

static gboolean
is_pending (FsJobOutput *output)
{
  return !output->saved && !output->expired &&
         (output->url != NULL || holds_bytes (output) || output->recovery != NULL);
}

gboolean
_fs_job_has_pending_output (FsJob *self)
{
  for (guint i = 0; self->outputs != NULL && i < self->outputs->len; i++)
    {
      if (is_pending (g_ptr_array_index (self->outputs, i)))
        return TRUE;
    }

  return FALSE;
}

static JsonObject *
output_to_json (FsJobOutput *output,
                guint        index)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "index", index);
  if (output->url != NULL)
    json_object_set_string_member (object, "url", output->url);
  json_object_set_int_member (object, "received", output->received_us);
  json_object_set_boolean_member (object, "expired", output->expired);
  return object;
}

static void
journal_output (FsJob       *self,
                FsJobOutput *output)
{
  g_autoptr(JsonArray) outputs = json_array_new ();

  json_array_add_object_element (outputs, output_to_json (output, self->current));
  _fs_job_journal_outputs (self, outputs);
}

static FsJobOutput *
output_new (const char *url,
            GBytes     *bytes,
            gint64      received_us)
{
  FsJobOutput *output = g_new0 (FsJobOutput, 1);

  output->url = g_strdup (url);
  output->bytes = bytes != NULL ? g_bytes_ref (bytes) : NULL;
  output->received_us = received_us;
  return output;
}

/* Links first, then inline images, as the provider listed them; all go
 * into the journal before the first download. */
void
_fs_job_take_outputs (FsJob            *self,
                      FsProviderResult *result)
{
  g_autoptr(JsonArray) journal = json_array_new ();
  gint64 now = g_get_real_time ();
  guint n_urls = result->urls != NULL ? result->urls->len : 0;
  guint n_images = result->images != NULL ? result->images->len : 0;

  self->ready_us = g_get_monotonic_time ();
  /* The task is no longer active at the provider. */
  _fs_job_release_slots (self);
  if (!isnan (result->cost) && result->cost != self->cost)
    {
      self->cost = result->cost;
      _fs_job_spend_settled (self);
    }
  if (result->seed >= 0 && fs_request_get_param (self->request, "seed") == NULL)
    fs_request_set_param (self->request, "seed", g_variant_new_int64 (result->seed));

  if (n_urls + n_images == 0)
    {
      _fs_job_finish_run (self, g_error_new (FS_ERROR, FS_ERROR_FAILED,
                                             _("The provider reported success but sent no image")));
      return;
    }

  g_clear_pointer (&self->outputs, g_ptr_array_unref);
  self->outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) _fs_job_output_free);
  for (guint i = 0; i < n_urls; i++)
    g_ptr_array_add (self->outputs, output_new (g_ptr_array_index (result->urls, i), NULL, now));
  for (guint i = 0; i < n_images; i++)
    g_ptr_array_add (self->outputs,
                     output_new (NULL, g_ptr_array_index (result->images, i), now));
  for (guint i = 0; i < self->outputs->len; i++)
    json_array_add_object_element (journal,
                                   output_to_json (g_ptr_array_index (self->outputs, i), i));

  _fs_job_set_progress (self, 1.0);
  _fs_job_journal_state (self, "downloading");
  _fs_job_journal_outputs (self, journal);
  self->current = 0;
  _fs_job_next_output (self);
}

/* Ending ------------------------------------------------------------------------- */

static FsJobOutput *
first_unsaved (FsJob    *self,
               gboolean  pending)
{
  for (guint i = 0; i < self->outputs->len; i++)
    {
      FsJobOutput *output = g_ptr_array_index (self->outputs, i);

      if (!output->saved && output->error != NULL && is_pending (output) == pending)
        return output;
    }

  return NULL;
}

/* What happens to the result now, after why it is not saved. */
static GError *
unsaved_error (FsJobOutput *output)
{
  const char *why = output->error->message;

  if (output->recovery != NULL)
    return g_error_new (output->error->domain, output->error->code,
                        /* Translators: why the image is not saved, such as “The disk holding
                         * “…” is full — free some space” */
                        _("%s; the image is kept and will be saved on Retry, at the next "
                          "start or by “flux-studio-cli resume”."), why);
  if (output->url != NULL)
    return g_error_new (output->error->domain, output->error->code,
                        /* Translators: why the image is not saved */
                        _("%s; its link is kept and will be tried again on Retry, at the next "
                          "start or by “flux-studio-cli resume”, while it lives (10 minutes)."),
                        why);

  return g_error_new (output->error->domain, output->error->code,
                      /* Translators: why the image is not saved */
                      _("%s; the image could not be kept on disk either and is held only "
                        "until Flux Studio quits: choose Retry once the problem is solved."),
                      why);
}

static void
finish_outputs (FsJob *self)
{
  FsJobOutput *output;

  if ((output = first_unsaved (self, TRUE)) != NULL)
    {
      _fs_job_note_other_failure (self, output->status);
      _fs_job_finish_run (self, unsaved_error (output));
    }
  else if ((output = first_unsaved (self, FALSE)) != NULL)
    {
      _fs_job_note_other_failure (self, output->status);
      _fs_job_finish_run (self, g_error_copy (output->error));
    }
  else
    _fs_job_finish_run (self, NULL);
}

static void
output_done (FsJob *self)
{
  self->current++;
  _fs_job_next_output (self);
}

/* Each output in turn, each seen to its end (saved, kept, or left for
 * later) before the next: links expire, so none waits for long. */
void
_fs_job_next_output (FsJob *self)
{
  FsJobOutput *output;

  for (; self->current < self->outputs->len; self->current++)
    {
      output = current_output (self);
      if (!is_pending (output))
        continue;

      if (holds_bytes (output))
        save_output (self, output);
      else if (output->recovery != NULL)
        load_recovery (self, output);
      else
        download (self, output);
      return;
    }

  finish_outputs (self);
}

/* Saving ------------------------------------------------------------------------------ */

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

  output_done (self);
}

static void
keep_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(FsJob) self = user_data;
  g_autoptr(GError) error = NULL;
  FsJobOutput *output = current_output (self);

  output->recovery = fs_library_keep_output_finish (FS_LIBRARY (object), result, &error);
  /* Kept on disk, the bytes need not be held in memory (or in the staged
   * file, which the library removed) as well; kept nowhere, they are held
   * for Retry, unless they are gone. */
  if (output->recovery != NULL)
    {
      g_clear_pointer (&output->bytes, g_bytes_unref);
      g_clear_pointer (&output->staged, g_free);
      g_clear_pointer (&output->sha256, g_free);
    }
  else
    {
      g_warning ("Could not keep result %u of job %s: %s", self->current + 1, self->id,
                 error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_clear_pointer (&output->staged, g_free);
          g_clear_pointer (&output->sha256, g_free);
        }
    }

  output_done (self);
}

/* The gallery refused the bytes: they go to the recovery folder, and the
 * journal says where (docs/ARCHITECTURE.md, “Recovery”). */
static void
keep_output (FsJob       *self,
             FsJobOutput *output)
{
  if (output->recovery != NULL)
    {
      output_done (self);
      return;
    }

  if (output->staged != NULL)
    fs_library_keep_output_staged_async (self->library, self->id, self->current,
                                         output->staged, NULL, keep_cb, g_object_ref (self));
  else
    fs_library_keep_output_async (self->library, self->id, self->current, output->bytes, NULL,
                                  keep_cb, g_object_ref (self));
}

static void
saved (FsJob       *self,
       FsJobOutput *output,
       FsAsset     *asset)
{
  output->saved = TRUE;
  g_clear_pointer (&output->bytes, g_bytes_unref);
  /* Published under its name by the save. */
  g_clear_pointer (&output->staged, g_free);
  g_clear_pointer (&output->sha256, g_free);
  g_clear_pointer (&output->recovery, g_free);
  g_clear_error (&output->error);
  g_ptr_array_add (self->assets, g_object_ref (asset));
  /* The colour-fidelity check (a worker thread, well under 200 ms for
   * 4 MP) lands in the sidecar before the job reports "Saved", so a
   * script reading the sidecar right after finds it. */
  fs_library_check_colours_async (self->library, asset, NULL, check_colours_cb,
                                  g_object_ref (self));
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(FsJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsAsset) asset = NULL;
  FsJobOutput *output = current_output (self);

  asset = fs_library_save_output_finish (FS_LIBRARY (object), result, &error);
  if (asset != NULL)
    {
      saved (self, output, asset);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      /* Saved by an earlier owner of the job, its row since removed. */
      g_debug ("%s", error->message);
      output->saved = TRUE;
      g_clear_pointer (&output->staged, g_free);
      g_clear_pointer (&output->sha256, g_free);
      output_done (self);
      return;
    }

  /* Bytes that are not an image are worth nothing kept; the link may give
   * the right ones on a later attempt (a download cut short, a proxy's
   * page). The library removed a staged file, as it does one that is
   * gone. */
  if (g_error_matches (error, FS_ERROR, FS_ERROR_NOT_IMAGE) ||
      (output->staged != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)))
    {
      g_clear_pointer (&output->staged, g_free);
      g_clear_pointer (&output->sha256, g_free);
      g_clear_pointer (&output->bytes, g_bytes_unref);
      if (output->url != NULL)
        attempt_failed (self, output, error);
      else
        {
          set_output_error (output, g_steal_pointer (&error));
          output_done (self);
        }
      return;
    }

  output->status = 0;
  set_output_error (output, g_steal_pointer (&error));
  keep_output (self, output);
}

static void
save_output (FsJob       *self,
             FsJobOutput *output)
{
  g_autoptr(JsonObject) record = _fs_job_build_record (self, self->current);

  _fs_job_set_status (self, FS_JOB_DOWNLOADING, _("Saving"));
  if (output->staged != NULL)
    fs_library_save_output_staged_async (self->library, self->id, self->current, record,
                                         output->staged, output->sha256,
                                         _fs_job_run_cancellable (self), save_cb,
                                         g_object_ref (self));
  else
    fs_library_save_output_async (self->library, self->id, self->current, record,
                                  output->bytes, _fs_job_run_cancellable (self), save_cb,
                                  g_object_ref (self));
}

static void
recovery_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(FsJob) self = user_data;
  g_autoptr(GError) error = NULL;
  FsJobOutput *output = current_output (self);
  char *contents = NULL;
  gsize length = 0;

  if (g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      output->bytes = g_bytes_new_take (contents, length);
      save_output (self, output);
      return;
    }

  /* Gone from the recovery folder: the link, while it lives, is all that
   * is left. */
  g_warning ("Could not read the kept result %s: %s", output->recovery, error->message);
  if (output->url == NULL)
    {
      output->expired = TRUE;
      set_output_error (output, g_error_new (FS_ERROR, FS_ERROR_STORAGE,
                                             _("The kept image “%s” could not be read: %s"),
                                             output->recovery, error->message));
    }
  g_clear_pointer (&output->recovery, g_free);
  if (output->url != NULL)
    {
      download (self, output);
      return;
    }

  journal_output (self, output);
  output_done (self);
}

static void
load_recovery (FsJob       *self,
               FsJobOutput *output)
{
  g_autoptr(GFile) file = g_file_new_for_path (output->recovery);

  _fs_job_set_status (self, FS_JOB_DOWNLOADING, _("Saving"));
  g_file_load_contents_async (file, NULL, recovery_loaded_cb, g_object_ref (self));
}

/* Downloading ------------------------------------------------------------------------------- */

static char *
url_host (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (url);
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  return g_strdup (g_uri_get_host (uri));
}

static char *
format_duration (gint64 ms)
{
  guint seconds = (guint) ((ms + 500) / 1000);

  if (seconds < 60)
    /* Translators: a duration in seconds */
    return g_strdup_printf (_("%u s"), seconds);

  /* Translators: a duration in minutes and seconds */
  return g_strdup_printf (_("%u min %u s"), seconds / 60, seconds % 60);
}

static GError *
expired_error (FsJob       *self,
               FsJobOutput *output)
{
  g_autofree char *age = format_duration (since_received_ms (output));

  if (output->status > 0)
    return g_error_new (FS_ERROR, FS_ERROR_EXPIRED,
                        /* Translators: the image's number and the HTTP status */
                        _("The result link of image %u expired (HTTP %u): result links live "
                          "10 minutes, so this image can no longer be downloaded. Generate "
                          "it again."),
                        self->current + 1, output->status);

  return g_error_new (FS_ERROR, FS_ERROR_EXPIRED,
                      /* Translators: the image's number and how long ago the link came */
                      _("The result link of image %u expired: result links live 10 minutes "
                        "and this one came %s ago, so the image can no longer be downloaded. "
                        "Generate it again."),
                      self->current + 1, age);
}

static void
expire (FsJob       *self,
        FsJobOutput *output)
{
  output->expired = TRUE;
  set_output_error (output, expired_error (self, output));
  journal_output (self, output);
  output_done (self);
}

static GError *
download_error (FsJob        *self,
                FsJobOutput  *output,
                const GError *transport)
{
  g_autofree char *host = url_host (output->url);
  g_autofree char *span = format_duration (since_received_ms (output));
  g_autofree char *tries = NULL;
  guint total = self->outputs->len;

  /* Translators: "4 attempts over 5 s" */
  tries = g_strdup_printf (ngettext ("%u attempt over %s", "%u attempts over %s",
                                     output->attempts),
                           output->attempts, span);
  if (output->status > 0)
    return g_error_new (FS_ERROR, FS_ERROR_FAILED,
                        /* Translators: "Download 1 of 2 from delivery.bfl.ai failed with
                         * HTTP 500 (4 attempts over 5 s)" */
                        _("Download %u of %u from %s failed with HTTP %u (%s)"),
                        self->current + 1, total, host, output->status, tries);
  if (g_error_matches (transport, FS_ERROR, FS_ERROR_TIMEOUT))
    return g_error_new (FS_ERROR, FS_ERROR_TIMEOUT,
                        _("Download %u of %u from %s did not finish in time (%s)"),
                        self->current + 1, total, host, tries);

  return g_error_new (FS_ERROR, FS_ERROR_FAILED,
                      _("Download %u of %u from %s failed: the connection dropped (%s)"),
                      self->current + 1, total, host, tries);
}

static gboolean
wait_done_cb (gpointer user_data)
{
  FsJob *self = user_data;

  _fs_job_stop_waiting (self);
  download (self, current_output (self));
  return G_SOURCE_REMOVE;
}

static gboolean
wait_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  FsJob *self = user_data;

  /* A later Retry's attempt is due when it is made. */
  current_output (self)->due_us = 0;
  _fs_job_stop_waiting (self);
  _fs_job_finish_run (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                 _("The job was cancelled")));
  return G_SOURCE_REMOVE;
}

void
_fs_job_stop_waiting (FsJob *self)
{
  if (self->wait_source != NULL)
    {
      g_source_destroy (self->wait_source);
      g_clear_pointer (&self->wait_source, g_source_unref);
    }
  if (self->wait_cancel_source != NULL)
    {
      g_source_destroy (self->wait_cancel_source);
      g_clear_pointer (&self->wait_cancel_source, g_source_unref);
    }
}

/* The job holds itself while it waits: the sources hold no reference,
 * and the run's task (which holds the job) ends only through them. */
static void
download_later (FsJob       *self,
                FsJobOutput *output,
                gint64       delay_ms)
{
  g_autofree char *wait = format_duration (delay_ms);
  g_autofree char *text = NULL;

  output->due_us = g_get_real_time () + delay_ms * 1000;
  if (output->status > 0)
    /* Translators: "Download failed (HTTP 500); trying again in 5 s (attempt 3)" */
    text = g_strdup_printf (_("Download failed (HTTP %u); trying again in %s (attempt %u)"),
                            output->status, wait, output->attempts + 1);
  else
    text = g_strdup_printf (_("Download failed (connection dropped); trying again in %s "
                              "(attempt %u)"), wait, output->attempts + 1);
  g_ptr_array_add (self->log, g_strdup (text));
  _fs_job_set_status (self, FS_JOB_DOWNLOADING, text);

  self->wait_source = g_timeout_source_new ((guint) delay_ms);
  g_source_set_callback (self->wait_source, wait_done_cb, self, NULL);
  g_source_attach (self->wait_source, NULL);
  self->wait_cancel_source = g_cancellable_source_new (_fs_job_run_cancellable (self));
  g_source_set_callback (self->wait_cancel_source, G_SOURCE_FUNC (wait_cancelled_cb),
                         self, NULL);
  g_source_attach (self->wait_cancel_source, NULL);
}

/* A failed attempt: another later while the link lives, else the output
 * waits for Retry or a resume, or, past the link's life, is lost. @error
 * is the transport's error, or why the bytes were refused. */
static void
attempt_failed (FsJob        *self,
                FsJobOutput  *output,
                const GError *error)
{
  gint64 delay = fs_job_download_delay_ms (output->attempts, since_received_ms (output),
                                           link_lifetime_ms (), download_scale ());

  if (delay >= 0)
    {
      download_later (self, output, delay);
      return;
    }
  if (attempt_past_life (output))
    {
      expire (self, output);
      return;
    }

  if (g_error_matches (error, FS_ERROR, FS_ERROR_NOT_IMAGE))
    set_output_error (output, g_error_copy (error));
  else
    set_output_error (output, download_error (self, output, error));
  output_done (self);
}

/* A connection that closes before the promised length gives a short body
 * without an error; it is a dropped connection all the same. Content
 * decoded by libsoup is not counted against the encoded length. */
static gboolean
body_complete (FsHttpResponse *response)
{
  SoupMessageHeaders *headers = response->headers;
  const char *coding = soup_message_headers_get_one (headers, "Content-Encoding");

  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH ||
      (coding != NULL && g_ascii_strcasecmp (coding, "identity") != 0))
    return TRUE;

  return soup_message_headers_get_content_length (headers) == response->body_length;
}

/* The whole body is in the download, fsynced: its file, or its bytes
 * when the gallery folder refused the file, go to be saved. */
static void
download_closed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(FsJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsDownload) download = FS_DOWNLOAD (object);
  FsJobOutput *output = current_output (self);

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (download), result, &error))
    {
      /* Not even memory could hold what the folder refused. */
      set_output_error (output, g_steal_pointer (&error));
      output_done (self);
      return;
    }

  output->staged = fs_download_steal_path (download);
  output->bytes = fs_download_steal_bytes (download);
  output->sha256 = g_strdup (fs_download_get_sha256 (download));
  save_output (self, output);
}

static void
download_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FsJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsHttpResponse) response = NULL;
  FsJobOutput *output = current_output (self);
  /* A download that is not used removes its file as it goes. */
  g_autoptr(FsDownload) download = g_steal_pointer (&output->download);

  response = _fs_job_finish_call (self, object, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      _fs_job_finish_run (self, g_steal_pointer (&error));
      return;
    }

  /* The result URL is a signed delivery URL, not the API: its status and
   * request id are not the provider's, so they stay out of the job's. */
  output->status = response != NULL ? response->status : 0;
  if (response != NULL && fs_http_response_is_success (response) && !body_complete (response))
    {
      output->status = 0;
      g_clear_pointer (&response, fs_http_response_unref);
    }
  if (response != NULL && fs_http_response_is_success (response))
    {
      g_output_stream_close_async (G_OUTPUT_STREAM (download), G_PRIORITY_DEFAULT, NULL,
                                   download_closed_cb, g_object_ref (self));
      g_steal_pointer (&download);
    }
  else if (output->status == 403 || output->status == 404 || output->status == 410)
    expire (self, output);
  else if (response == NULL || fs_http_status_is_retryable (output->status))
    attempt_failed (self, output, error);
  else
    {
      set_output_error (output, download_error (self, output, NULL));
      output_done (self);
    }
}

static void
download (FsJob       *self,
          FsJobOutput *output)
{
  /* No key: delivery hosts get none (docs/ARCHITECTURE.md, “Keys and
   * hosts”). Each attempt is one request: the schedule above, not
   * FsHttp's quick retries, spreads them over the link's life. */
  g_autoptr(FsHttpCall) call = fs_http_call_new ("GET", output->url);
  g_autofree char *folder_path = g_file_get_path (fs_library_get_folder (self->library));
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;

  fs_http_call_set_max_retries (call, 0);
  output->attempt_us = output->due_us != 0 ? output->due_us : g_get_real_time ();
  output->due_us = 0;
  /* The body goes to a temporary file in the gallery folder as it
   * arrives, hashed on the way, and is published from there by the save
   * (docs/ARCHITECTURE.md, “One generation”). */
  g_clear_object (&output->download);
  output->download = fs_download_new (folder_path);
  fs_http_call_set_body_stream (call, G_OUTPUT_STREAM (output->download));
  output->attempts++;
  text = g_strdup_printf (_("Downloading %u of %u"), self->current + 1, self->outputs->len);
  _fs_job_set_status (self, FS_JOB_DOWNLOADING, text);
  if (output->attempts == 1)
    /* Translators: an HTTP exchange in the request inspector, "Download 2" */
    label = g_strdup_printf (_("Download %u"), self->current + 1);
  else
    /* Translators: an HTTP exchange in the request inspector, "Download 2, attempt 3" */
    label = g_strdup_printf (_("Download %u, attempt %u"), self->current + 1, output->attempts);
  _fs_job_send_call (self, call, label, download_cb);
}

/* From the journal ----------------------------------------------------------------------- */

static FsJobOutput *
output_from_row (JsonObject *row)
{
  JsonNode *received = json_object_get_member (row, "received");
  JsonNode *expired = json_object_get_member (row, "expired");
  FsJobOutput *output;

  output = output_new (fs_json_get_string (row, "url"), NULL,
                       received != NULL && JSON_NODE_HOLDS_VALUE (received)
                         ? json_node_get_int (received) : g_get_real_time ());
  output->recovery = g_strdup (fs_json_get_string (row, "recovery"));
  output->saved = fs_json_get_string (row, "saved") != NULL;
  output->expired = expired != NULL && JSON_NODE_HOLDS_VALUE (expired) &&
                    json_node_get_boolean (expired);
  return output;
}

gboolean
_fs_job_outputs_from_row (FsJob     *self,
                          JsonArray *rows)
{
  guint n = rows != NULL ? json_array_get_length (rows) : 0;

  g_clear_pointer (&self->outputs, g_ptr_array_unref);
  if (n == 0)
    return FALSE;

  self->outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) _fs_job_output_free);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      JsonNode *index = json_object_get_member (row, "index");
      guint at = index != NULL && JSON_NODE_HOLDS_VALUE (index) ? json_node_get_int (index) : i;

      /* Rows are by index; a gap (an output never journalled) is an
       * output with nothing left to save. */
      while (self->outputs->len < at)
        g_ptr_array_add (self->outputs, g_new0 (FsJobOutput, 1));
      if (self->outputs->len == at)
        g_ptr_array_add (self->outputs, output_from_row (row));
    }

  return _fs_job_has_pending_output (self);
}
