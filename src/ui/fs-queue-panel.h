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
 * Pause, Cancel All, and the waiting jobs in the order they start, each
 * movable sooner or later. */
GtkWidget *fs_queue_panel_new (FsJobQueue *queue);

G_END_DECLS
