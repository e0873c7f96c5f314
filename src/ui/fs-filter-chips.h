/* fs-filter-chips.h
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

#define FS_TYPE_FILTER_CHIPS (fs_filter_chips_get_type ())
G_DECLARE_FINAL_TYPE (FsFilterChips, fs_filter_chips, FS, FILTER_CHIPS, GtkWidget)

/* The active filters of a query as a row of chips (accessible name
 * "Active filters"), each a button named "Remove filter: …" that takes
 * its filter out of the query; the search text has its entry and no
 * chip. "empty" is TRUE when no filter is set. The catalog names the
 * models. */
GtkWidget *fs_filter_chips_new         (void);
void       fs_filter_chips_set_query   (FsFilterChips  *self,
                                        FsLibraryQuery *query);
void       fs_filter_chips_set_catalog (FsFilterChips  *self,
                                        FsCatalog      *catalog);
gboolean   fs_filter_chips_get_empty   (FsFilterChips  *self);

/* Words for a filter, shared with the filter menu: a model's name by
 * its id (the id when the catalog does not know it), a provider's. */
char      *fs_filter_chips_model_name    (FsCatalog  *catalog,
                                          const char *model_id);
char      *fs_filter_chips_provider_name (const char *provider_id);

G_END_DECLS
