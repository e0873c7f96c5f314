/* fs-image-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "fs-image.h"

G_BEGIN_DECLS

/* Images claiming more pixels are refused before they are decoded. */
#define FS_IMAGE_MAX_PIXELS  200000000u

/* A loader for the format @bytes name by their own signature, falling
 * back to gdk-pixbuf's guess. */
GdkPixbufLoader *_fs_image_loader_new     (GBytes       *bytes,
                                           GError      **error);
/* FS_ERROR_NOT_IMAGE "cut short" when an image in @format (a gdk-pixbuf
 * format name: "png", "jpeg", "webp") ends before its own end marker;
 * gdk-pixbuf pads such files and reports success. */
gboolean         _fs_image_check_complete (GBytes       *bytes,
                                           const char   *format,
                                           GError      **error);

/* A decoder's GDK_PIXBUF_ERROR as FS_ERROR_NOT_IMAGE with the decoder's
 * own words; other errors are returned as they are. Takes @error. */
GError          *_fs_image_wrap_decode_error (GError      *error);

/* The whole image at @path, decoded once for everyone who needs its
 * pixels (docs/ARCHITECTURE.md, “Threading”): a decode of the same file
 * (path, size, modification time) under way in another thread is waited
 * for, and the last two decoded images are kept for a few seconds, so
 * that the colour check, the dominant colours and the thumbnail of a new
 * result, which ask for it at about the same time, share one decode. The
 * file is read as a regular file within FS_FILE_MAX_IMAGE_BYTES; the
 * EXIF orientation is not applied. The pixels are shared: never change
 * them. Blocking, worker threads only. */
GdkPixbuf       *_fs_image_decode_shared     (const char  *path,
                                              GError     **error);
/* The same decode when one is kept or under way (waiting for it), NULL
 * otherwise: for a reader that has a cheaper way of its own. */
GdkPixbuf       *_fs_image_lookup_shared     (const char  *path);
/* Drops the kept decodes (tests and benchmarks). */
void             _fs_image_forget_shared     (void);

G_END_DECLS
