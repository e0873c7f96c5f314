/* fs-application.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fs-catalog.h"
#include "fs-job-queue.h"
#include "fs-library.h"

G_BEGIN_DECLS

#define FS_TYPE_APPLICATION (fs_application_get_type ())
G_DECLARE_FINAL_TYPE (FsApplication, fs_application, FS, APPLICATION, AdwApplication)

/* The application owns the long-lived core objects the windows share:
 * the catalog, the library (gallery) and the job queue, plus the
 * GSettings of APP_ID_BASE. Files given on the command line or through
 * "Open With" are passed to the window ("open-files" signal of FsWindow,
 * used by the reference tray later). */
FsApplication *fs_application_new         (void);
FsCatalog     *fs_application_get_catalog (FsApplication *self);
FsLibrary     *fs_application_get_library (FsApplication *self);
FsJobQueue    *fs_application_get_queue   (FsApplication *self);
GSettings     *fs_application_get_settings (FsApplication *self);

G_END_DECLS
