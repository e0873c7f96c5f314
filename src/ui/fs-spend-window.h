/* fs-spend-window.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fs-library.h"

G_BEGIN_DECLS

#define FS_TYPE_SPEND_WINDOW (fs_spend_window_get_type ())
G_DECLARE_FINAL_TYPE (FsSpendWindow, fs_spend_window, FS, SPEND_WINDOW, AdwWindow)

/* The Spend page (docs/ARCHITECTURE.md, “Spend”): a month of the
 * library's spend ledger, per provider and model and per day, what was
 * estimated and what the providers reported, the monthly budget, and the
 * month as CSV; the ledger is read in a worker (fs_library_spend_async()). */
GtkWidget  *fs_spend_window_new       (GtkWindow  *parent,
                                       FsLibrary  *library);
/* "YYYY-MM" of the month shown. */
const char *fs_spend_window_get_month (FsSpendWindow *self);
/* Shows @month ("YYYY-MM"). */
void        fs_spend_window_set_month (FsSpendWindow *self,
                                       const char    *month);

G_END_DECLS
