/* fs-job-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-job.h"

G_BEGIN_DECLS

/* For FsJobQueue: says why a job that has not run yet is waiting, or
 * marks it cancelled before it ever ran. Only valid while the job is not
 * running. */
void _fs_job_set_waiting   (FsJob      *self,
                            const char *text);
void _fs_job_set_cancelled (FsJob      *self);

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
  guint         poll_timeout;

  /* The run in flight. */
  GTask        *task;
  FsHttpCall   *current_call;
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

/* fs-job-run.c: frees the journal writes still queued. */
void _fs_job_clear_journal (FsJob          *self);

G_END_DECLS
