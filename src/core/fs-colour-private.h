/* fs-colour-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "fs-colour.h"

G_BEGIN_DECLS

/* Shared by fs-colour-lab.c (conversions, ΔE00, names, parsing),
 * fs-colour-histogram.c, fs-colour-extract.c and fs-colour-check.c. */

/* Many colours at once, each r, g, b in 0…255 (fractional means allowed):
 * thread-safe, one lcms2 call. */
void     _fs_colour_rgbf_to_lab_many (const float *rgb,
                                     FsLab       *lab,
                                     gsize        n);

/* An image's colours, counted in bins of @bits bits per channel: only the
 * non-empty bins, each with its pixel count, the exact mean colour of the
 * pixels in it and that mean's Lab. Pixels under half opacity are left
 * out. */
typedef struct
{
  guint    n_bins;
  guint64  total;
  guint32 *count;
  float   *rgb;      /* 3 per bin, 0…255 */
  FsLab   *lab;
} FsColourHistogram;

FsColourHistogram *_fs_colour_histogram_new  (GdkPixbuf         *pixbuf,
                                              guint              bits,
                                              guint              max_samples);
void               _fs_colour_histogram_free (FsColourHistogram *histogram);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FsColourHistogram, _fs_colour_histogram_free)

/* Decodes @path for measuring (in a worker thread); FS_ERROR_NOT_IMAGE
 * naming the file when it is no image. */
GdkPixbuf *_fs_colour_load_image    (const char         *path,
                                    GError            **error);

/* The blocking halves of fs_colour_extract_async() and
 * fs_colour_check_async(), for worker threads. */
GArray    *_fs_colour_extract_pixbuf (GdkPixbuf          *pixbuf,
                                     guint               max_colours);
GArray    *_fs_colour_check_pixbuf   (GdkPixbuf          *pixbuf,
                                     const char * const *hex_codes,
                                     GError            **error);
GArray    *_fs_colour_check_file     (const char         *path,
                                     const char * const *hex_codes,
                                     GError            **error);

G_END_DECLS
