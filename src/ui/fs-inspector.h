/* fs-inspector.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fs-asset.h"
#include "fs-job.h"

G_BEGIN_DECLS

#define FS_TYPE_INSPECTOR (fs_inspector_get_type ())
G_DECLARE_FINAL_TYPE (FsInspector, fs_inspector, FS, INSPECTOR, AdwWindow)

/* The request inspector: every exchange of a job (live) or of a saved
 * image (from its sidecar): request, response, timings, Copy as curl. */
GtkWidget *fs_inspector_new_for_job   (GtkWindow *parent,
                                       FsJob     *job);
GtkWidget *fs_inspector_new_for_asset (GtkWindow *parent,
                                       FsAsset   *asset);

G_END_DECLS
