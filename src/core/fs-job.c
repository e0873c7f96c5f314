/* fs-job.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fs-core-enums.h"
#include "fs-job-private.h"

/* The job as an object: its properties, notified only on change, and
 * their getters. What a run does is in fs-job-run.c. */

#define DEFAULT_POLL_LIMIT 600

G_DEFINE_FINAL_TYPE (FsJob, fs_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REQUEST,
  PROP_STAGE,
  PROP_PROGRESS,
  PROP_STATUS_TEXT,
  PROP_HTTP_STATUS,
  PROP_REQUEST_ID,
  PROP_N_EXCHANGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
fs_job_stage_to_string (FsJobStage stage)
{
  switch (stage)
    {
    case FS_JOB_QUEUED:      return "queued";
    case FS_JOB_SUBMITTED:   return "submitted";
    case FS_JOB_POLLING:     return "polling";
    case FS_JOB_DOWNLOADING: return "downloading";
    case FS_JOB_SAVED:       return "saved";
    case FS_JOB_FAILED:      return "failed";
    case FS_JOB_CANCELLED:   return "cancelled";
    case FS_JOB_UNSAVED:     return "unsaved";
    default:                 g_return_val_if_reached ("unknown");
    }
}

static void
fs_job_dispose (GObject *object)
{
  FsJob *self = (FsJob *) object;

  g_assert (self->task == NULL);

  /* A job this process lets go of (a dismissed unsaved job) is an orphan
   * from now on: a later resume picks it up. */
  if (self->library != NULL)
    fs_library_end_lease (self->library, g_steal_pointer (&self->lease), FALSE);
  g_clear_pointer (&self->outputs, g_ptr_array_unref);
  g_clear_object (&self->request);
  g_clear_object (&self->catalog);
  g_clear_object (&self->provider);
  g_clear_object (&self->library);
  g_clear_object (&self->http);

  G_OBJECT_CLASS (fs_job_parent_class)->dispose (object);
}

static void
fs_job_finalize (GObject *object)
{
  FsJob *self = (FsJob *) object;

  if (self->key != NULL)
    explicit_bzero (self->key, strlen (self->key));
  g_free (self->key);
  g_free (self->id);
  g_free (self->status_text);
  g_free (self->request_id);
  g_free (self->task_id);
  g_free (self->polling_url);
  g_ptr_array_unref (self->log);
  g_ptr_array_unref (self->exchanges);
  g_clear_pointer (&self->exchange, _fs_exchange_free);
  g_clear_pointer (&self->journal_request, json_node_unref);
  _fs_job_clear_journal (self);

  G_OBJECT_CLASS (fs_job_parent_class)->finalize (object);
}

static void
fs_job_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  FsJob *self = FS_JOB (object);

  switch (prop_id)
    {
    case PROP_REQUEST:
      g_value_set_object (value, self->request);
      break;
    case PROP_STAGE:
      g_value_set_enum (value, self->stage);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;
    case PROP_HTTP_STATUS:
      g_value_set_uint (value, self->http_status);
      break;
    case PROP_REQUEST_ID:
      g_value_set_string (value, self->request_id);
      break;
    case PROP_N_EXCHANGES:
      g_value_set_uint (value, self->exchanges->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_job_class_init (FsJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fs_job_dispose;
  object_class->finalize = fs_job_finalize;
  object_class->get_property = fs_job_get_property;

  properties[PROP_REQUEST] =
    g_param_spec_object ("request", NULL, NULL, FS_TYPE_REQUEST,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STAGE] =
    g_param_spec_enum ("stage", NULL, NULL, FS_TYPE_JOB_STAGE, FS_JOB_QUEUED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, -1, 1, -1,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_TEXT] =
    g_param_spec_string ("status-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HTTP_STATUS] =
    g_param_spec_uint ("http-status", NULL, NULL, 0, 999, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUEST_ID] =
    g_param_spec_string ("request-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_EXCHANGES] =
    g_param_spec_uint ("n-exchanges", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fs_job_init (FsJob *self)
{
  self->id = g_uuid_string_random ();
  self->progress = -1;
  self->log = g_ptr_array_new_with_free_func (g_free);
  self->exchanges = g_ptr_array_new_with_free_func ((GDestroyNotify) _fs_exchange_free);
  self->poll_timeout = DEFAULT_POLL_LIMIT;
  self->cost = NAN;
}

FsJob *
fs_job_new (FsRequest  *request,
            FsCatalog  *catalog,
            FsProvider *provider,
            FsLibrary  *library,
            const char *key)
{
  FsJob *self;

  g_return_val_if_fail (FS_IS_REQUEST (request), NULL);
  g_return_val_if_fail (FS_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (FS_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (FS_IS_LIBRARY (library), NULL);

  self = g_object_new (FS_TYPE_JOB, NULL);
  self->request = fs_request_copy (request);
  self->catalog = g_object_ref (catalog);
  self->provider = g_object_ref (provider);
  self->library = g_object_ref (library);
  self->http = g_object_ref (fs_http_get_default ());
  self->key = g_strdup (key);

  return self;
}

void
fs_job_set_id (FsJob      *self,
               const char *job_id)
{
  g_return_if_fail (FS_IS_JOB (self));
  g_return_if_fail (job_id != NULL);
  g_return_if_fail (self->task == NULL && !self->journaled && !self->resumed);

  g_free (self->id);
  self->id = g_strdup (job_id);
}

const char *
fs_job_get_id (FsJob *self)
{
  g_return_val_if_fail (FS_IS_JOB (self), NULL);
  return self->id;
}

FsRequest *
fs_job_get_request (FsJob *self)
{
  g_return_val_if_fail (FS_IS_JOB (self), NULL);
  return self->request;
}

FsJobStage
fs_job_get_stage (FsJob *self)
{
  g_return_val_if_fail (FS_IS_JOB (self), FS_JOB_FAILED);
  return self->stage;
}

double
fs_job_get_progress (FsJob *self)
{
  g_return_val_if_fail (FS_IS_JOB (self), -1);
  return self->progress;
}

const char *
fs_job_get_status_text (FsJob *self)
{
  g_return_val_if_fail (FS_IS_JOB (self), NULL);
  return self->status_text;
}

guint
fs_job_get_http_status (FsJob *self)
{
  g_return_val_if_fail (FS_IS_JOB (self), 0);
  return self->http_status;
}

const char *
fs_job_get_request_id (FsJob *self)
{
  g_return_val_if_fail (FS_IS_JOB (self), NULL);
  return self->request_id;
}

GPtrArray *
fs_job_get_log (FsJob *self)
{
  g_return_val_if_fail (FS_IS_JOB (self), NULL);
  return self->log;
}

GPtrArray *
fs_job_get_exchanges (FsJob *self)
{
  g_return_val_if_fail (FS_IS_JOB (self), NULL);
  return self->exchanges;
}

void
fs_job_set_poll_timeout (FsJob *self,
                         guint  seconds)
{
  g_return_if_fail (FS_IS_JOB (self));
  self->poll_timeout = seconds;
}

/* g_set_str() arrived in GLib 2.76. */
static gboolean
replace_str (char       **str,
             const char  *value)
{
  if (g_strcmp0 (*str, value) == 0)
    return FALSE;

  g_free (*str);
  *str = g_strdup (value);
  return TRUE;
}

void
_fs_job_set_status (FsJob      *self,
                    FsJobStage  stage,
                    const char *text)
{
  /* Both change together, so listeners never see a new stage with the
   * old stage's words. */
  g_object_freeze_notify (G_OBJECT (self));
  if (self->stage != stage)
    {
      self->stage = stage;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
    }
  if (replace_str (&self->status_text, text))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_fs_job_set_progress (FsJob  *self,
                      double  progress)
{
  if (self->progress != progress)
    {
      self->progress = progress;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
}

void
_fs_job_note_response (FsJob          *self,
                       FsHttpResponse *response)
{
  if (self->http_status != response->status)
    {
      self->http_status = response->status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HTTP_STATUS]);
    }
  if (response->request_id != NULL && replace_str (&self->request_id, response->request_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST_ID]);

  g_ptr_array_add (self->log,
                   g_strdup_printf ("→ HTTP %u%s%s in %" G_GINT64_FORMAT " ms (attempt %u)",
                                    response->status,
                                    response->request_id ? ", request id " : "",
                                    response->request_id ? response->request_id : "",
                                    response->elapsed_us / 1000, response->attempts));
}

void
_fs_job_note_other_failure (FsJob *self,
                            guint  status)
{
  if (self->http_status != status)
    {
      self->http_status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HTTP_STATUS]);
    }
  if (replace_str (&self->request_id, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST_ID]);
}

void
_fs_job_add_exchange (FsJob      *self,
                      FsExchange *exchange)
{
  g_ptr_array_add (self->exchanges, exchange);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_EXCHANGES]);
}
