/* fs-collection-chooser.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fs-collections-list.h"

G_BEGIN_DECLS

#define FS_TYPE_COLLECTION_CHOOSER (fs_collection_chooser_get_type ())
G_DECLARE_FINAL_TYPE (FsCollectionChooser, fs_collection_chooser, FS, COLLECTION_CHOOSER,
                      GtkPopover)

/* The keyboard's way into collections (Ctrl+D): a popover
 * ("Choose Collections") with a check button per collection, checked
 * when every one of @assets is in it; checking adds them, unchecking
 * takes them out; "New Collection…" makes one with them in it. Works
 * through @list (its library and toasts). */
GtkWidget *fs_collection_chooser_new (FsCollectionsList *list,
                                      GPtrArray         *assets);

G_END_DECLS
