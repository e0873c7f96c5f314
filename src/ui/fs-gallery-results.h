/* fs-gallery-results.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fs-library.h"

G_BEGIN_DECLS

#define FS_TYPE_GALLERY_RESULTS (fs_gallery_results_get_type ())
G_DECLARE_FINAL_TYPE (FsGalleryResults, fs_gallery_results, FS, GALLERY_RESULTS, GObject)

/* What the gallery's grid shows: a GListModel of FsAsset that is the
 * library itself while its query asks for nothing (every image, newest
 * first), and otherwise the answer of fs_library_query_async() to the
 * query, asked again when the query or the library changes
 * (docs/ARCHITECTURE.md, “The gallery's search and filters”). A change of
 * the search text waits FS_GALLERY_RESULTS_TYPING_MS for more keystrokes;
 * each new query cancels the last. "busy" is TRUE while the library
 * loads or a query's first answer is awaited. */
#define FS_GALLERY_RESULTS_TYPING_MS 150

FsGalleryResults *fs_gallery_results_new       (FsLibrary        *library,
                                                FsLibraryQuery   *query);
FsLibraryQuery   *fs_gallery_results_get_query (FsGalleryResults *self);
gboolean          fs_gallery_results_get_busy  (FsGalleryResults *self);
/* TRUE when the query shows a part of the library or another order. */
gboolean          fs_gallery_results_get_querying (FsGalleryResults *self);

G_END_DECLS
