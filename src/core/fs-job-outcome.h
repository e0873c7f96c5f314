/* fs-job-outcome.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fs-job.h"

G_BEGIN_DECLS

#define FS_TYPE_JOB_OUTCOME (fs_job_outcome_get_type ())
G_DECLARE_FINAL_TYPE (FsJobOutcome, fs_job_outcome, FS, JOB_OUTCOME, GObject)

/* How one job of the queue ended (docs/ARCHITECTURE.md, “Batches”): the
 * job, its stage then — FS_JOB_SAVED, FS_JOB_FAILED, FS_JOB_UNSAVED or
 * FS_JOB_CANCELLED — the images it saved, and the error's message.
 * @assets (FsAsset) and @error may be NULL. */
FsJobOutcome *fs_job_outcome_new         (FsJob        *job,
                                          GPtrArray    *assets,
                                          const GError *error);
FsJob        *fs_job_outcome_get_job     (FsJobOutcome *self);
FsJobStage    fs_job_outcome_get_stage   (FsJobOutcome *self);
/* The saved images, FsAsset, empty unless saved (transfer none). */
GPtrArray    *fs_job_outcome_get_assets  (FsJobOutcome *self);
/* Why it failed, NULL when it was saved or cancelled. */
const char   *fs_job_outcome_get_message (FsJobOutcome *self);

G_END_DECLS
