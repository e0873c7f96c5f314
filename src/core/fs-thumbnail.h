/* fs-thumbnail.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* A thumbnail of the image at @path, at most @size pixels on its longer
 * side, decoded in a worker thread and cached on disk in
 * $XDG_CACHE_HOME/flux-studio/thumbnails/<sha256>-<size>.png. */
void       fs_thumbnail_load_async  (const char          *path,
                                     const char          *sha256,
                                     guint                size,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
GdkPixbuf *fs_thumbnail_load_finish (GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
