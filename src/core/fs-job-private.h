/* fs-job-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-download.h"
#include "fs-job.h"

G_BEGIN_DECLS

/* One result of a job, from the moment the provider gives it until it is
 * saved (docs/ARCHITECTURE.md, “Job journal”). */
typedef struct
{
  char     *url;          /* NULL when the bytes came inline */
  GBytes   *bytes;        /* downloaded or inline, until saved */
  char     *staged;       /* or downloaded into this temporary file in the
                           * gallery folder, fsynced, until saved */
  char     *sha256;       /* of the staged bytes */
  FsDownload *download;   /* the download in flight */
  char     *recovery;     /* where the bytes are kept outside the gallery */
  gint64    received_us;  /* Unix µs: when the provider gave it */
  guint     attempts;     /* download attempts in this run */
  gint64    due_us;       /* Unix µs: when the next attempt is due, 0 for now */
  gint64    attempt_us;   /* Unix µs: when the current attempt was due */
  guint     status;       /* HTTP status of the last attempt, 0 for none */
  gboolean  saved;
  gboolean  expired;      /* the provider no longer serves it */
  GError   *error;        /* why it is not saved yet */
} FsJobOutput;

void _fs_job_output_free (FsJobOutput *output);

typedef void (*FsJobStepFunc) (FsJob *self);

/* Shared by fs-job.c (the object, its properties and getters),
 * fs-job-run.c (the run pipeline), fs-job-output.c (results) and
 * fs-job-resume.c. */
struct _FsJob
{
  GObject       parent_instance;

  char         *id;
  FsRequest    *request;
  FsCatalog    *catalog;
  FsModel      *model;
  FsProvider   *provider;
  FsLibrary    *library;
  FsHttp       *http;
  char         *key;

  FsJobStage    stage;
  double        progress;
  char         *status_text;
  guint         http_status;
  char         *request_id;
  GPtrArray    *log;
  GPtrArray    *exchanges;     /* FsExchange, complete ones, in order */
  guint         poll_timeout;

  /* The run in flight. */
  GTask        *task;
  GTask        *ending;        /* finished, returned once journalled */
  GError       *ending_error;
  FsHttpCall   *current_call;
  FsExchange   *exchange;      /* the current call's, until it is answered */
  gint64        exchange_started_us;
  gulong        retrying_id;
  char         *task_id;
  char         *polling_url;
  double        cost;
  GPtrArray    *assets;
  GPtrArray    *outputs;       /* FsJobOutput, in the provider's order */
  guint         current;       /* the output being seen to */
  GSource      *wait_source;   /* before the next download attempt */
  GSource      *wait_cancel_source;
  FsLease      *lease;         /* held while this process owns the job */
  guint         poll_interval_ms;
  gint64        poll_sent_us;  /* when the last poll was sent, 0 before the first */
  guint         polls;
  gint64        started_us;
  gint64        submit_us;
  gint64        ready_us;
  GSource      *poll_source;
  gboolean      journaled;
  gboolean      journal_busy;
  /* Concurrency slots held while the task is active at the provider,
   * and the wait for them (fs-job-slots.c). */
  GPtrArray    *slots;
  GSource      *slot_source;
  guint         slot_waits;
  FsJobStepFunc slots_next;    /* what the job does once it holds them */
  GQueue        journal_queue;

  /* A job resumed from the journal (fs-job-resume.c): it polls the
   * stored polling URL and keeps the request the journal holds. */
  gboolean      resumed;
  JsonNode     *journal_request;
};

/* fs-job.c: each notifies its properties only when they change. */
/* A failure not in an exchange with the provider's API (a download, a
 * save): the job's status and request id stop naming the last API call. */
void _fs_job_note_other_failure (FsJob      *self,
                                 guint       status);
void _fs_job_set_status    (FsJob          *self,
                            FsJobStage      stage,
                            const char     *text);
void _fs_job_set_progress  (FsJob          *self,
                            double          progress);
/* Takes the status and request id of a response from the provider's API
 * and logs the exchange. */
void _fs_job_note_response (FsJob          *self,
                            FsHttpResponse *response);

/* Takes @exchange, now answered, and notifies "n-exchanges". */
void _fs_job_add_exchange  (FsJob          *self,
                            FsExchange     *exchange);

/* fs-job-exchange.c */
FsExchange *_fs_exchange_new          (const char     *label,
                                       FsHttpCall     *call,
                                       const char     *key_variable);
void        _fs_exchange_free         (FsExchange     *exchange);
void        _fs_exchange_set_response (FsExchange     *exchange,
                                       FsHttpResponse *response,
                                       gint64          elapsed_ms);
void        _fs_exchange_set_error    (FsExchange     *exchange,
                                       const GError   *error,
                                       gint64          elapsed_ms);
/* A JSON array of objects with the FsExchange fields by name. */
JsonNode   *_fs_exchanges_to_json     (GPtrArray      *exchanges);
/* Those objects back as FsExchange, in a new array that frees them;
 * @array may be NULL. */
GPtrArray  *_fs_exchanges_from_json   (JsonArray      *array);

/* fs-job-run.c: frees the journal writes still queued. */
void _fs_job_clear_journal (FsJob          *self);
/* Ends the run: saved when @error is NULL, else failed, cancelled or,
 * when a result is still to be saved, unsaved. Takes @error. */
void _fs_job_finish_run    (FsJob          *self,
                            GError         *error);
GCancellable *_fs_job_run_cancellable (FsJob *self);
/* Queue journal writes, done one at a time and in order: a state, or
 * results (objects for fs_library_journal_outputs_async()). */
void _fs_job_journal_state   (FsJob        *self,
                              const char   *state);
void _fs_job_journal_outputs (FsJob        *self,
                              JsonArray    *outputs);
/* Sends @call and records its exchange; @callback gets the job. */
void _fs_job_send_call     (FsJob               *self,
                            FsHttpCall          *call,
                            const char          *label,
                            GAsyncReadyCallback  callback);
/* The exchange is shown once answered, or failed. */
FsHttpResponse *_fs_job_finish_call (FsJob        *self,
                                     GObject      *object,
                                     GAsyncResult *result,
                                     GError      **error);
JsonObject *_fs_job_build_record (FsJob *self,
                                  guint  output);

/* fs-job-output.c: sees every output to its end, then ends the run. */
void _fs_job_take_outputs  (FsJob            *self,
                            FsProviderResult *result);
void _fs_job_next_output   (FsJob            *self);
/* Outputs from a journal row's "outputs"; FALSE when none is left to save. */
gboolean _fs_job_outputs_from_row (FsJob      *self,
                                   JsonArray  *rows);
/* Whether some output is neither saved nor lost. */
gboolean _fs_job_has_pending_output (FsJob *self);
void _fs_job_stop_waiting  (FsJob *self);

/* fs-job-run.c: writes the journal row "queued", then saves the
 * references and sends; and sends the submit (the slots, if any, are
 * held). */
void _fs_job_journal_queued (FsJob *self);
void _fs_job_poll_resumed  (FsJob *self);
void _fs_job_submit        (FsJob *self);
/* Queue a spend ledger row (fs_library_record_spend_async()) after the
 * journal writes before it. */
void _fs_job_journal_spend (FsJob      *self,
                            JsonObject *entry);

/* fs-job-slots.c: takes the slots of the job's pools, waiting while they
 * are full, then goes on with @next. */
void     _fs_job_take_slots  (FsJob         *self,
                              FsJobStepFunc  next);
/* Gives the slots back and stops a wait for them. */
void     _fs_job_release_slots (FsJob *self);
/* For a 429 “too many active tasks”: gives the slots back, waits and
 * submits again; TRUE when it did so. */
gboolean _fs_job_wait_if_too_many_tasks (FsJob          *self,
                                         FsHttpResponse *response);

/* fs-job-spend.c: the job's row in the spend ledger. */
void   _fs_job_spend_sent      (FsJob          *self);
void   _fs_job_spend_answered  (FsJob          *self,
                                FsHttpResponse *response);
void   _fs_job_spend_settled   (FsJob          *self);

/* fs-job-resume.c: hands a resumed job the lease of its row. */
void _fs_job_take_lease (FsJob   *self,
                         FsLease *lease);
/* What a resumed job's sidecar takes from the journal
 * rather than from the rebuilt request (the references' hashes). */
void _fs_job_add_resumed_members (FsJob      *self,
                                  JsonObject *record);

G_END_DECLS
