/* fs-queue-panel.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fs-job-queue.h"

G_BEGIN_DECLS

#define FS_TYPE_QUEUE_PANEL (fs_queue_panel_get_type ())
G_DECLARE_FINAL_TYPE (FsQueuePanel, fs_queue_panel, FS, QUEUE_PANEL, GtkWidget)

/* The sidebar's Queue group (docs/ARCHITECTURE.md, “Batches”): how many
 * jobs wait, run and have finished, the estimated price of what waits,
 * Pause, Cancel All, the waiting jobs in the order they start, each
 * movable sooner or later (buttons, or dragged onto another's row), and
 * the jobs that finished last (fs_job_queue_get_finished()) with how
 * each ended and Clear Finished. Signals: "retry-job" (FsJob) from a
 * failed or unsaved one's Retry, "show-asset" (FsAsset) from a saved
 * one's Show in Gallery. */
GtkWidget *fs_queue_panel_new (FsJobQueue *queue);

G_END_DECLS
