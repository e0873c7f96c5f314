/* fs-job-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-job.h"

G_BEGIN_DECLS

/* Shared by fs-job.c (the object, its properties and getters) and
 * fs-job-run.c (the run pipeline). */
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
  GPtrArray    *urls;
  GPtrArray    *images;
  guint         next_output;
  guint         poll_interval_ms;
  guint         polls;
  gint64        started_us;
  gint64        submit_us;
  gint64        ready_us;
  GSource      *poll_source;
  gboolean      journaled;
  gboolean      journal_busy;
  GQueue        journal_queue;

  /* A job resumed from the journal (fs-job-resume.c): it polls the
   * stored polling URL and keeps the request the journal holds. */
  gboolean      resumed;
  JsonNode     *journal_request;
};

/* fs-job.c: each notifies its properties only when they change. */
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

/* fs-job-run.c: frees the journal writes still queued. */
void _fs_job_clear_journal (FsJob          *self);

/* fs-job-resume.c: what a resumed job's sidecar takes from the journal
 * rather than from the rebuilt request (the references' hashes). */
void _fs_job_add_resumed_members (FsJob      *self,
                                  JsonObject *record);

G_END_DECLS
