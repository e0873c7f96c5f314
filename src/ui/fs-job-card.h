/* fs-job-card.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fs-job.h"

G_BEGIN_DECLS

#define FS_TYPE_JOB_CARD (fs_job_card_get_type ())
G_DECLARE_FINAL_TYPE (FsJobCard, fs_job_card, FS, JOB_CARD, GtkWidget)

/* One live job: stage, progress, elapsed time against the model's typical
 * time, Cancel (Escape when focused); on failure the full message, HTTP
 * status, request id and Retry. Emits "retry" and "inspect". */
GtkWidget *fs_job_card_new     (FsJob     *job,
                                guint      typical_seconds);
FsJob     *fs_job_card_get_job (FsJobCard *self);
/* Additions: "cancel" (Cancel or Escape while the job runs) and "dismiss"
 * (a failed card's Dismiss) are emitted for the card's host
 * to pass to its FsJobQueue; the model's display name, shown on the card
 * (the model id until it is set). */
void       fs_job_card_set_model_name (FsJobCard  *self,
                                       const char *model_name);

G_END_DECLS
