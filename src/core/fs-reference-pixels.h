/* fs-reference-pixels.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "fs-image-private.h"

G_BEGIN_DECLS

/* Pixel work shared by preparing references and making collages; all of
 * it blocking, for worker threads. */

/* Beyond this a file is refused before it is decoded: a 200-megapixel
 * photo still decodes at an eighth of its size, a bigger one is more
 * likely a decompression bomb than a reference. */
#define FS_REFERENCE_MAX_DECODE_PIXELS  FS_IMAGE_MAX_PIXELS

typedef struct
{
  GdkPixbuf *pixbuf;     /* at most the requested pixels, not yet upright */
  char      *format;     /* gdk-pixbuf's name for it: "png", "jpeg" … */
  guint      width;      /* as stored, before scaling and orientation */
  guint      height;
  gboolean   too_large;  /* more than FS_REFERENCE_MAX_DECODE_PIXELS: not decoded */
} FsDecoded;

void       _fs_decoded_clear              (FsDecoded   *decoded);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FsDecoded, _fs_decoded_clear)

gboolean   _fs_reference_decode           (GBytes      *bytes,
                                           guint        max_pixels,
                                           FsDecoded   *decoded,
                                           GError     **error);
void       _fs_reference_fit_area         (guint        width,
                                           guint        height,
                                           guint        max_pixels,
                                           guint       *fit_width,
                                           guint       *fit_height);
GdkPixbuf *_fs_reference_to_srgb          (GdkPixbuf   *pixbuf,
                                           const char  *icc_base64,
                                           gboolean    *converted);
GdkPixbuf *_fs_reference_make_upright     (GdkPixbuf   *pixbuf,
                                           gboolean    *rotated);
gboolean   _fs_reference_is_cmyk_jpeg     (GBytes      *bytes);
GBytes    *_fs_reference_encode           (GdkPixbuf   *pixbuf,
                                           gboolean     as_jpeg,
                                           GError     **error);

G_END_DECLS
