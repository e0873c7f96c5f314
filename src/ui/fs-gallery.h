/* fs-gallery.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fs-asset.h"
#include "fs-catalog.h"
#include "fs-job-queue.h"
#include "fs-library.h"

G_BEGIN_DECLS

#define FS_TYPE_GALLERY (fs_gallery_get_type ())
G_DECLARE_FINAL_TYPE (FsGallery, fs_gallery, FS, GALLERY, GtkWidget)

/* The gallery (accessible name "Gallery"): live job cards at the head, a
 * search bar ("Search"), the filter menu, order and filter chips, then a
 * GtkGridView over what the query picks of the library, thumbnails
 * loaded off the main thread, with a multiple selection and a bar for
 * it. Emits "asset-activated" (FsAsset), "retry-job" (FsJob) and "toast"
 * (AdwToast) (docs/ARCHITECTURE.md, “The gallery's search and
 * filters”). */
GtkWidget *fs_gallery_new          (FsLibrary  *library,
                                    FsJobQueue *queue);
FsAsset   *fs_gallery_get_selected (FsGallery  *self);
GPtrArray *fs_gallery_dup_selection (FsGallery *self);
FsLibraryQuery *fs_gallery_get_query (FsGallery *self);
void       fs_gallery_search       (FsGallery  *self);
/* The tiles are drag sources of their files (fs-asset-transfer.h) — a
 * selected tile of the whole selection — and a right click opens @menu. */
void       fs_gallery_set_item_menu (FsGallery  *self,
                                     GMenuModel *menu);
/* Retry of a failed or unsaved job, as its card's Retry does: an unsaved
 * one saves again (fs_job_queue_retry(), nothing is paid twice); any
 * other is emitted as "retry-job" for a new job and dismissed. */
void       fs_gallery_retry_job    (FsGallery  *self,
                                    FsJob      *job);
/* The catalog gives each job card its model's typical time. */
void       fs_gallery_set_catalog  (FsGallery  *self,
                                    FsCatalog  *catalog);
FsCatalog *fs_gallery_get_catalog  (FsGallery  *self);
/* The query the grid shows (transfer none); the tiles are drag sources
 * of their files (fs-asset-transfer.h), and a right click opens
 * @menu. */
FsLibraryQuery *fs_gallery_get_query     (FsGallery  *self);
void            fs_gallery_set_item_menu (FsGallery  *self,
                                          GMenuModel *menu);

G_END_DECLS
