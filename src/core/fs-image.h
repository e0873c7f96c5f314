/* fs-image.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* Proves @bytes are an image (blocking: worker threads only): PNG, JPEG and
 * WebP by their headers and a walk of their structure to its end, without
 * decoding the pixels; other formats by a decode. Fills the MIME type
 * ("image/png"), a file extension ("png") and the pixel size.
 * FS_ERROR_NOT_IMAGE when they are not, are cut short, or claim more than
 * 200 megapixels (docs/ARCHITECTURE.md, “Gallery files”). */
gboolean fs_image_probe        (GBytes      *bytes,
                                char       **mime_type,
                                char       **extension,
                                guint       *width,
                                guint       *height,
                                GError     **error);

/* The whole image decoded in a worker thread (for the detail page). */
void       fs_image_load_async      (const char          *path,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
GdkPixbuf *fs_image_load_finish     (GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
