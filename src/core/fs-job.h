/* fs-job.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fs-types.h"
#include "fs-catalog.h"
#include "fs-http.h"
#include "fs-library.h"
#include "fs-provider.h"
#include "fs-request.h"

G_BEGIN_DECLS

typedef enum
{
  FS_JOB_QUEUED,
  FS_JOB_SUBMITTED,
  FS_JOB_POLLING,
  FS_JOB_DOWNLOADING,
  FS_JOB_SAVED,
  FS_JOB_FAILED,
  FS_JOB_CANCELLED,
  /* The provider delivered, but a result is not saved yet (its download
   * or its save failed): kept in the journal, with its link or its bytes,
   * for Retry (fs_job_run_async() again) or a later resume. */
  FS_JOB_UNSAVED,
} FsJobStage;

#define FS_TYPE_JOB (fs_job_get_type ())
G_DECLARE_FINAL_TYPE (FsJob, fs_job, FS, JOB, GObject)

/* One generation's life: validate, journal, submit, poll, download every
 * result the moment its URL arrives, save each to the library. Notifies
 * "stage" (an enum, FS_TYPE_JOB_STAGE in fs-core-enums.h), "progress",
 * "status-text", "http-status" and "request-id" as it goes. @key may be
 * NULL for providers that need none. */
FsJob        *fs_job_new               (FsRequest     *request,
                                        FsCatalog     *catalog,
                                        FsProvider    *provider,
                                        FsLibrary     *library,
                                        const char    *key);
/* A job an earlier run journalled and left unfinished, rebuilt from its
 * journal row (fs_library_list_unfinished_async()): same job id, same
 * request, and the polling URL exactly as stored. fs_job_run_async() then
 * polls that URL, downloads and saves; nothing is validated or sent
 * again. Fails with FS_ERROR_NO_KEY when @provider needs a key and none
 * is given, and with another FS_ERROR, saying why in the user's words,
 * when the row cannot be resumed (no polling URL: the run ended before
 * the provider answered, or the provider answers in one call). */
FsJob        *fs_job_new_resumed       (JsonObject    *journal_row,
                                        FsCatalog     *catalog,
                                        FsProvider    *provider,
                                        FsLibrary     *library,
                                        const char    *key,
                                        GError       **error);
const char   *fs_job_get_id            (FsJob         *self);
/* Gives a job that has not run the id a batch journalled for its row
 * (docs/ARCHITECTURE.md, “Batches”), so that the row is known to be
 * taken once the job's journal row exists. */
void          fs_job_set_id            (FsJob         *self,
                                        const char    *job_id);
FsRequest    *fs_job_get_request       (FsJob         *self);
FsJobStage    fs_job_get_stage         (FsJob         *self);
const char   *fs_job_stage_to_string   (FsJobStage     stage);
double        fs_job_get_progress      (FsJob         *self);
const char   *fs_job_get_status_text   (FsJob         *self);
guint         fs_job_get_http_status   (FsJob         *self);
const char   *fs_job_get_request_id    (FsJob         *self);
/* The exchanges so far (FsHttpCall / FsHttpResponse pairs), for the
 * request inspector: a GPtrArray of char * from fs_http_call_describe()
 * and the response status lines, in order. */
GPtrArray    *fs_job_get_log           (FsJob         *self);
/* The wait before the next download attempt of a result link, after
 * @attempt attempts, @elapsed_ms after the link was received, for links
 * that live @lifetime_ms; -1 when no attempt is left. Waits of 2, 5, 10,
 * 20, 30, 45, 60 and 90 s, then 120 s, times @scale; the last attempt
 * falls just before the link dies (docs/ARCHITECTURE.md, “Errors and
 * retries”). */
gint64        fs_job_download_delay_ms (guint          attempt,
                                        gint64         elapsed_ms,
                                        gint64         lifetime_ms,
                                        double         scale);
/* The wait before the next poll of a task: none before the first (sent
 * as soon as the submit is answered), then what is left of @interval_ms
 * (the provider's recommended interval) since the last poll was sent
 * @since_sent_ms ago, so that polls come at that interval, never more
 * often, and at once when an answer took longer (docs/ARCHITECTURE.md,
 * “Providers”). */
gint64        fs_job_poll_delay_ms     (guint          polls_sent,
                                        gint64         since_sent_ms,
                                        guint          interval_ms);
/* Upper bound on polling, seconds (default 600). */
void          fs_job_set_poll_timeout  (FsJob         *self,
                                        guint          seconds);

void          fs_job_run_async         (FsJob         *self,
                                        GCancellable  *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer       user_data);
/* The saved assets (GPtrArray of FsAsset), in output order. On failure the
 * error is an FS_ERROR and any assets saved before it stay in the library. */
GPtrArray    *fs_job_run_finish        (FsJob         *self,
                                        GAsyncResult  *result,
                                        GError       **error);

/* One HTTP exchange of a job, for the request inspector. */
typedef struct
{
  char   *label;             /* "Submit", "Poll 3", "Download 1" */
  char   *request;           /* fs_http_call_describe(), key redacted */
  char   *curl;              /* fs_http_call_to_curl() */
  guint   status;            /* 0 when no response came */
  char   *response_headers;  /* "Name: value" lines */
  char   *response_body;     /* at most 64 KiB, as text */
  char   *request_id;
  gint64  elapsed_ms;
} FsExchange;

/* The job's exchanges so far, in order (borrowed; grows while it runs;
 * "notify::n-exchanges" tells when). Each saved image's sidecar holds the
 * same list under "exchanges". */
GPtrArray    *fs_job_get_exchanges     (FsJob         *self);

G_END_DECLS
