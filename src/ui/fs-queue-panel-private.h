/* fs-queue-panel-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-job-outcome.h"
#include "fs-queue-panel.h"

G_BEGIN_DECLS

/* The panel's signals, emitted by its rows. */
void       _fs_queue_panel_emit_retry   (FsQueuePanel *self,
                                         FsJob        *job);
void       _fs_queue_panel_emit_show    (FsQueuePanel *self,
                                         FsAsset      *asset);

/* fs-queue-panel-finished.c: the row of one finished job — its prompt,
 * how it ended, and Retry or Show in Gallery — for
 * gtk_list_box_bind_model() over fs_job_queue_get_finished(). */
GtkWidget *_fs_queue_panel_finished_row (gpointer      item,
                                         gpointer      panel);

G_END_DECLS
