/* fs-metadata-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-metadata.h"

G_BEGIN_DECLS

/* The largest text chunk (or decompressed text) read from a PNG: a prompt
 * is at most 1 MB (docs/ARCHITECTURE.md, “Limits”). */
#define FS_METADATA_MAX_TEXT (1024 * 1024)

/* fs-metadata.c */
guint32     _fs_metadata_crc32             (guint32       crc,
                                            const guint8 *data,
                                            gsize         length);
gboolean    _fs_metadata_set_malformed     (GError      **error,
                                            const char   *format);
/* The EXIF orientation (1–8) in a TIFF structure ("II*\0" or "MM\0*"),
 * or 0 when it has none that can be read. */
guint       _fs_metadata_exif_orientation  (const guint8 *tiff,
                                            gsize         length);
/* A TIFF structure holding nothing but @orientation. */
GBytes     *_fs_metadata_minimal_exif      (guint         orientation);

static inline guint32
_fs_read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static inline guint32
_fs_read_le32 (const guint8 *p)
{
  return ((guint32) p[3] << 24) | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}

static inline void
_fs_append_be32 (GByteArray *out,
                 guint32     value)
{
  guint8 bytes[4] = { value >> 24, value >> 16, value >> 8, value };

  g_byte_array_append (out, bytes, 4);
}

static inline void
_fs_append_le32 (GByteArray *out,
                 guint32     value)
{
  guint8 bytes[4] = { value, value >> 8, value >> 16, value >> 24 };

  g_byte_array_append (out, bytes, 4);
}

/* fs-metadata-png.c */
GBytes     *_fs_metadata_png_embed         (const guint8 *data,
                                            gsize         size,
                                            const char   *parameters,
                                            const char   *xmp,
                                            GError      **error);
GBytes     *_fs_metadata_png_strip         (const guint8 *data,
                                            gsize         size,
                                            GError      **error);
char       *_fs_metadata_png_find_xmp      (const guint8 *data,
                                            gsize         size);

/* fs-metadata-jpeg.c */
GBytes     *_fs_metadata_jpeg_embed        (const guint8 *data,
                                            gsize         size,
                                            const char   *xmp,
                                            GError      **error);
GBytes     *_fs_metadata_jpeg_strip        (const guint8 *data,
                                            gsize         size,
                                            GError      **error);
char       *_fs_metadata_jpeg_find_xmp     (const guint8 *data,
                                            gsize         size);

/* fs-metadata-webp.c */
GBytes     *_fs_metadata_webp_embed        (const guint8 *data,
                                            gsize         size,
                                            const char   *xmp,
                                            GError      **error);
GBytes     *_fs_metadata_webp_strip        (const guint8 *data,
                                            gsize         size,
                                            GError      **error);
char       *_fs_metadata_webp_find_xmp     (const guint8 *data,
                                            gsize         size);

G_END_DECLS
