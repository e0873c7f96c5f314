/* fs-request-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-request.h"

G_BEGIN_DECLS

/* What a request that edits an image carries beyond parameters
 * (fs-request-edit.c): the image and the mask as sent, and the file the
 * image came from. A request rebuilt from a record (a resumed job) has
 * only the hashes. */
typedef struct
{
  FsReference *image;
  FsReference *mask;
  char        *parent_sha256;
  char        *parent_path;
  char        *image_sha256;   /* recorded, when there are no bytes */
  char        *mask_sha256;    /* recorded, when there are no bytes */
} FsRequestEdit;

/* fs-request.c: the request's own edit part, made when @create. */
FsRequestEdit *_fs_request_get_edit        (FsRequest     *self,
                                            gboolean       create);

/* fs-request-edit.c */
void           _fs_request_edit_free       (FsRequestEdit *edit);
FsRequestEdit *_fs_request_edit_copy       (FsRequestEdit *edit);
/* Adds "parent", "mask" and "margins" to a record being built. */
void           _fs_request_edit_to_json    (FsRequest     *self,
                                            JsonBuilder   *builder);
/* Reads them back (hashes and path only) from a record. */
void           _fs_request_edit_from_record (FsRequest    *self,
                                             JsonObject   *record);
gboolean       _fs_request_edit_output_size (FsRequest    *self,
                                             guint        *width,
                                             guint        *height);

/* Any integer GVariant, as long as it fits a gint64; shared by the
 * request and its validator. */
gboolean _fs_request_variant_get_int (GVariant *value,
                                      gint64   *out);

G_END_DECLS
