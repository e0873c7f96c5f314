/* fs-trash.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Moves the file g_file_trash() last moved from @path to the Trash back
 * to @path, and drops its Trash record (the freedesktop.org Trash: the
 * home Trash, or the .Trash-$UID of the file system @path is on).
 * FS_ERROR_STORAGE when the Trash holds no such file or something is at
 * @path already. Blocks: for worker threads (docs/ARCHITECTURE.md,
 * “Deleting and restoring”). */
gboolean fs_trash_restore (const char    *path,
                           GCancellable  *cancellable,
                           GError       **error);

G_END_DECLS
