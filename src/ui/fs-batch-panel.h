/* fs-batch-panel.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fs-catalog.h"
#include "fs-request.h"

G_BEGIN_DECLS

#define FS_TYPE_BATCH_PANEL (fs_batch_panel_get_type ())
G_DECLARE_FINAL_TYPE (FsBatchPanel, fs_batch_panel, FS, BATCH_PANEL, GtkWidget)

/* The sidebar's "Images" group (docs/ARCHITECTURE.md, “Batches”): the
 * number of images and how their seeds follow, the prompt as a list
 * (each line a job, {a|b} a job per alternative), how many jobs that makes
 * and what they should cost, and the price above which a batch asks
 * first (GSettings "batch-confirm-usd"). */
GtkWidget *fs_batch_panel_new              (GSettings    *settings);
/* The requests Generate makes of @request (its prompt set): one per
 * prompt line and alternative in prompt-list mode, each made the number
 * of images asked for. */
GPtrArray *fs_batch_panel_plan             (FsBatchPanel *self,
                                            FsRequest    *request,
                                            FsCatalog    *catalog);
/* Shows how many jobs @request makes and their estimated price. */
void       fs_batch_panel_update_summary   (FsBatchPanel *self,
                                            FsRequest    *request,
                                            FsCatalog    *catalog);
/* The estimated price of @plan in US dollars; @unknown says whether a
 * price was not known. */
double     fs_batch_panel_estimate         (GPtrArray    *plan,
                                            FsCatalog    *catalog,
                                            gboolean     *unknown);
double     fs_batch_panel_get_threshold    (FsBatchPanel *self);
guint      fs_batch_panel_get_count        (FsBatchPanel *self);
void       fs_batch_panel_set_count        (FsBatchPanel *self,
                                            guint         count);


/* A prompt list file (.txt, .csv, .jsonl) read and checked in a worker
 * (fs-batch-panel-load.c), each row's settings over @request's (the
 * window's settings now): when every row is valid Generate runs its
 * rows instead of the typed prompt, until fs_batch_panel_clear_list(). */
void       fs_batch_panel_load_async       (FsBatchPanel        *self,
                                            GFile               *file,
                                            FsRequest           *request,
                                            FsCatalog           *catalog,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* TRUE when the list was loaded. FALSE with @problems (each "line N: …")
 * when rows are bad, then nothing is loaded; FALSE with @error when the
 * file cannot be read. */
gboolean   fs_batch_panel_load_finish      (FsBatchPanel        *self,
                                            GAsyncResult        *result,
                                            GStrv               *problems,
                                            GError             **error);
gboolean   fs_batch_panel_get_loaded       (FsBatchPanel        *self);
/* The loaded list's first prompt, NULL without a list. */
const char *fs_batch_panel_get_list_prompt (FsBatchPanel        *self);
void       fs_batch_panel_clear_list       (FsBatchPanel        *self);

G_END_DECLS
