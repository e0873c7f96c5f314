/* fs-job-queue.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fs-job.h"

G_BEGIN_DECLS

#define FS_TYPE_JOB_QUEUE (fs_job_queue_get_type ())
G_DECLARE_FINAL_TYPE (FsJobQueue, fs_job_queue, FS, JOB_QUEUE, GObject)

/* The jobs of this session that are running, waiting for a slot, or failed
 * and not yet dismissed: a GListModel of FsJob, newest first. Several run at
 * once; a job waits while its provider/model is at its concurrency cap from
 * the catalog (BFL: 24 active tasks, 6 for flux-kontext-max). A job that
 * saves all its images leaves the model; a failed or unsaved one stays
 * until fs_job_queue_dismiss() (or, unsaved, fs_job_queue_retry()); a
 * cancelled one leaves at once. Emits
 * "job-finished" (FsJob, GPtrArray *assets or NULL, GError * or NULL) on
 * the main thread for each, cancelled ones included (G_IO_ERROR_CANCELLED).
 * A waiting job stays at FS_JOB_QUEUED with a status text such as
 * "Waiting for a free slot (24 tasks running)". "n-running" counts the
 * jobs running now. Each job gets its own GCancellable, owned here. */
FsJobQueue *fs_job_queue_new       (FsCatalog  *catalog);
void        fs_job_queue_add       (FsJobQueue *self,
                                    FsJob      *job);
void        fs_job_queue_cancel    (FsJobQueue *self,
                                    FsJob      *job);
void        fs_job_queue_dismiss   (FsJobQueue *self,
                                    FsJob      *job);
/* Runs an unsaved job (FS_JOB_UNSAVED) again: its results are saved or
 * downloaded once more, and nothing is sent to the provider again. */
void        fs_job_queue_retry     (FsJobQueue *self,
                                    FsJob      *job);
guint       fs_job_queue_get_n_running (FsJobQueue *self);

/* A paused queue starts nothing that waits ("Paused"); what runs goes on.
 * "waiting-changed" tells of every change to the waiting jobs. */
gboolean    fs_job_queue_get_paused    (FsJobQueue *self);
void        fs_job_queue_set_paused    (FsJobQueue *self,
                                        gboolean    paused);
/* The waiting jobs, the next to start first. */
GPtrArray  *fs_job_queue_list_waiting  (FsJobQueue *self);
/* Moves a waiting job @delta places later (negative: sooner); FALSE when
 * it is not waiting or cannot move. */
gboolean    fs_job_queue_move          (FsJobQueue *self,
                                        FsJob      *job,
                                        int         delta);
/* Cancels every job, waiting ones first. */
void        fs_job_queue_cancel_all    (FsJobQueue *self);
/* The catalog's estimate of what waits, US dollars; @unknown (may be
 * NULL) says whether some price is not known. */
double      fs_job_queue_estimate_waiting (FsJobQueue *self,
                                           gboolean   *unknown);

/* The jobs that finished most recently — saved, failed, unsaved or
 * cancelled — as FsJobOutcome, newest first, at most
 * FS_JOB_QUEUE_MAX_FINISHED of them (transfer none). A job leaves it when
 * it runs again (fs_job_queue_retry()), when it is dismissed, and on
 * fs_job_queue_clear_finished(). */
#define FS_JOB_QUEUE_MAX_FINISHED 30
GListModel *fs_job_queue_get_finished     (FsJobQueue *self);
void        fs_job_queue_clear_finished   (FsJobQueue *self);

G_END_DECLS
