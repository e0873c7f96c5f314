/* fs-edit.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fs-reference.h"

G_BEGIN_DECLS

/* Editing an image with FLUX.1 Fill and Expand (docs/ARCHITECTURE.md,
 * “Editing images”): the image an edit starts from, and the margins an
 * expansion adds. */

/* Pixels added on each side of the image: the catalog parameters "top",
 * "bottom", "left" and "right" taken together. */
typedef struct
{
  guint top;
  guint bottom;
  guint left;
  guint right;
} FsMargins;

/* TRUE when nothing is added on any side. */
gboolean      fs_margins_is_zero          (const FsMargins *margins);
/* Adds "margins": {top, bottom, left, right} to the object @builder is
 * building (the record's and the CLI's form). */
void          fs_margins_add_to_builder   (const FsMargins *margins,
                                           JsonBuilder     *builder);
/* The centred margins that turn a @width×@height image into one of
 * @ratio_width:@ratio_height, adding to the width or to the height only
 * (the odd pixel goes right or down). FALSE when a size is 0. */
gboolean      fs_margins_for_aspect       (guint            width,
                                           guint            height,
                                           guint            ratio_width,
                                           guint            ratio_height,
                                           FsMargins       *margins);

/* The image an edit starts from: @image is prepared like a reference
 * (upright, sRGB, at most 4 MP; the bytes sent, which the mask must match
 * in size), @sha256 is the sha256 of the file's own bytes and @path its
 * path (NULL for bytes without a file): the edit's parent, which links
 * the result to the image it came from. */
typedef struct
{
  FsReference *image;
  char        *sha256;
  char        *path;
} FsEditSource;

FsEditSource *fs_edit_source_new          (FsReference     *image,
                                           const char      *sha256,
                                           const char      *path);
FsEditSource *fs_edit_source_copy         (const FsEditSource *source);
void          fs_edit_source_free         (FsEditSource    *source);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FsEditSource, fs_edit_source_free)

/* Reads @file (a regular file within the limits of a reference) in a
 * worker, hashes it and prepares it as a reference; FS_ERROR_INVALID,
 * naming the file, for anything that cannot be edited. */
void          fs_edit_source_load_async   (GFile           *file,
                                           GCancellable    *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer         user_data);
FsEditSource *fs_edit_source_load_finish  (GAsyncResult    *result,
                                           GError         **error);

G_END_DECLS
