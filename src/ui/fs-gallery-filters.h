/* fs-gallery-filters.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fs-catalog.h"
#include "fs-library-query.h"

G_BEGIN_DECLS

#define FS_TYPE_GALLERY_FILTERS (fs_gallery_filters_get_type ())
G_DECLARE_FINAL_TYPE (FsGalleryFilters, fs_gallery_filters, FS, GALLERY_FILTERS, GtkWidget)

/* The gallery's filter menu ("Filters": favourites, "Minimum rating",
 * "Date", "Provider", "Model", "Colours", "References", "Orientation",
 * each a control of that accessible name) and its order ("Sort"), both
 * showing and setting a FsLibraryQuery. The catalog lists the models. */
GtkWidget *fs_gallery_filters_new         (void);
void       fs_gallery_filters_set_query   (FsGalleryFilters *self,
                                           FsLibraryQuery   *query);
void       fs_gallery_filters_set_catalog (FsGalleryFilters *self,
                                           FsCatalog        *catalog);

G_END_DECLS
