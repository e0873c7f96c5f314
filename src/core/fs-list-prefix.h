/* fs-list-prefix.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FS_TYPE_LIST_PREFIX (fs_list_prefix_get_type ())

G_DECLARE_FINAL_TYPE (FsListPrefix, fs_list_prefix, FS, LIST_PREFIX, GObject)

/* Unlimited: the whole list. */
#define FS_LIST_PREFIX_ALL G_MAXUINT

FsListPrefix *fs_list_prefix_new       (GListModel   *model,
                                        guint         limit);
guint         fs_list_prefix_get_limit (FsListPrefix *self);
void          fs_list_prefix_set_limit (FsListPrefix *self,
                                        guint         limit);

G_END_DECLS
