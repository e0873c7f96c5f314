/* fs-collection.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FS_TYPE_COLLECTION (fs_collection_get_type ())
G_DECLARE_FINAL_TYPE (FsCollection, fs_collection, FS, COLLECTION, GObject)

/* The longest name a collection may have, in characters. */
#define FS_COLLECTION_MAX_NAME 100

/* One collection (a board) of the library and how many images are in it
 * (docs/ARCHITECTURE.md, “Collections”). The name never changes; the
 * count does, with "notify::count", in fs_library_get_collections(). */
FsCollection *fs_collection_new        (const char  *name,
                                        guint        count);
const char   *fs_collection_get_name   (FsCollection *self);
guint         fs_collection_get_count  (FsCollection *self);
void          fs_collection_set_count  (FsCollection *self,
                                        guint         count);

/* @name as a collection's name: without white space at either end; FALSE
 * with FS_ERROR_INVALID when it is empty, longer than
 * FS_COLLECTION_MAX_NAME characters, not UTF-8 or holds a control
 * character. */
char         *fs_collection_check_name (const char   *name,
                                        GError      **error);

/* Orders collections by name as people read them (g_utf8_collate()). */
int           fs_collection_compare    (FsCollection *a,
                                        FsCollection *b);

G_END_DECLS
