/* fs-collections-list.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fs-library.h"

G_BEGIN_DECLS

#define FS_TYPE_COLLECTIONS_LIST (fs_collections_list_get_type ())
G_DECLARE_FINAL_TYPE (FsCollectionsList, fs_collections_list, FS, COLLECTIONS_LIST, GtkWidget)

/* The collections side list (accessible name "Collections"): "All
 * Images", then each collection of the library with its count; New
 * Collection, Rename (F2) and Delete (asks first); gallery images
 * dropped on a collection's row go into it. "collection" is the name of
 * the selected collection, NULL for All Images: the window binds it to
 * the gallery's query. Emits "toast" (const char *) with what went wrong
 * or was done. */
GtkWidget  *fs_collections_list_new            (void);
void        fs_collections_list_set_library    (FsCollectionsList  *self,
                                                FsLibrary          *library);
FsLibrary  *fs_collections_list_get_library    (FsCollectionsList  *self);
const char *fs_collections_list_get_collection (FsCollectionsList  *self);
void        fs_collections_list_set_collection (FsCollectionsList  *self,
                                                const char         *name);
/* The tiles' context menu: "Add to Collection" with one item per
 * collection (win.add-to-collection, the name) and "New Collection…"
 * (win.add-to-new-collection), and while a collection is shown "Remove
 * from This Collection" (win.remove-from-collection). Kept up to date.
 * (transfer none) */
GMenuModel *fs_collections_list_get_item_menu  (FsCollectionsList  *self);

/* What the dialogs and drops do, also for the window's actions: each
 * asks the library and emits "toast" on failure. */
void        fs_collections_list_create         (FsCollectionsList  *self,
                                                const char         *name,
                                                GPtrArray          *assets);
void        fs_collections_list_rename         (FsCollectionsList  *self,
                                                const char         *old_name,
                                                const char         *new_name);
void        fs_collections_list_delete         (FsCollectionsList  *self,
                                                const char         *name);
/* Puts @assets (FsAsset) into @name, or takes them out. */
void        fs_collections_list_add            (FsCollectionsList  *self,
                                                const char         *name,
                                                GPtrArray          *assets);
void        fs_collections_list_remove         (FsCollectionsList  *self,
                                                const char         *name,
                                                GPtrArray          *assets);
/* Adds the gallery images at @paths to @name (a drop). */
void        fs_collections_list_add_paths      (FsCollectionsList  *self,
                                                const char         *name,
                                                const char * const *paths);
/* The dialogs: New Collection (its images then go into it, when
 * @assets is not NULL), Rename and Delete. */
void        fs_collections_list_ask_create     (FsCollectionsList  *self,
                                                GPtrArray          *assets);
void        fs_collections_list_ask_rename     (FsCollectionsList  *self,
                                                const char         *name);
void        fs_collections_list_ask_delete     (FsCollectionsList  *self,
                                                const char         *name);

G_END_DECLS
