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

G_END_DECLS
