/* fs-detail-page.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fs-asset.h"
#include "fs-library.h"

G_BEGIN_DECLS

#define FS_TYPE_DETAIL_PAGE (fs_detail_page_get_type ())
G_DECLARE_FINAL_TYPE (FsDetailPage, fs_detail_page, FS, DETAIL_PAGE, GtkWidget)

/* One image: zoomable picture and its full record, with Copy Image, Copy
 * Prompt, Copy Seed, Remix, Export (detail.export: the file chooser;
 * detail.export-to "(sb)": a folder and "remove metadata", without it),
 * Open Containing Folder, Delete and Inspect.
 * Emits "remix" (FsAsset), "back", "deleted" (FsAsset), "toast"
 * (const char *message) and "compare-with" (FsAsset: Compare With…, the
 * window then asks for a second image). */
GtkWidget *fs_detail_page_new       (FsLibrary    *library);
void       fs_detail_page_set_asset (FsDetailPage *self,
                                     FsAsset      *asset);
FsAsset   *fs_detail_page_get_asset (FsDetailPage *self);

G_END_DECLS
