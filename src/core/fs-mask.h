/* fs-mask.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fs-reference.h"

G_BEGIN_DECLS

/* The mask of an edit with FLUX.1 Fill: one byte per pixel of the image,
 * 0 where the image is kept and 255 where it is changed, sent as an 8-bit
 * greyscale PNG of the image's size (docs/ARCHITECTURE.md, “Editing
 * images”). */

/* @values: @width × @height bytes, rows @stride bytes apart. Blocking,
 * but cheap enough for any thread: a 4 MP mask takes some milliseconds. */
GBytes      *fs_mask_encode_png         (const guint8  *values,
                                         guint          width,
                                         guint          height,
                                         gsize          stride);
/* The same in a worker (the canvas's painting is never held up by it), as
 * the reference the request sends and the reference store keeps. @values
 * holds @width × @height bytes without padding. */
void         fs_mask_encode_async       (GBytes        *values,
                                         guint          width,
                                         guint          height,
                                         GCancellable  *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer       user_data);
FsReference *fs_mask_encode_finish      (GAsyncResult  *result,
                                         GError       **error);

/* A mask's values back from its image (a PNG from the reference store, for
 * Remix): the first channel, or the greyscale, of each pixel. Blocking:
 * worker threads only. */
GBytes      *fs_mask_decode             (GBytes        *image,
                                         guint         *width,
                                         guint         *height,
                                         GError       **error);
void         fs_mask_decode_async       (GBytes        *image,
                                         GCancellable  *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer       user_data);
GBytes      *fs_mask_decode_finish      (GAsyncResult  *result,
                                         guint         *width,
                                         guint         *height,
                                         GError       **error);

/* A mask drawn elsewhere (flux-studio-cli generate --mask): any image the
 * size of the file @image was prepared from, or of @image itself. Its alpha
 * is the mask where it has transparency, its luminance otherwise; it is
 * scaled to @image's size when @image was downscaled. Another size is
 * FS_ERROR_INVALID naming both sizes. */
void         fs_mask_load_file_async    (GFile         *file,
                                         FsReference   *image,
                                         GCancellable  *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer       user_data);
FsReference *fs_mask_load_file_finish   (GAsyncResult  *result,
                                         GError       **error);

G_END_DECLS
