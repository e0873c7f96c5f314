/* fs-reference.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fs-types.h"

G_BEGIN_DECLS

#define FS_TYPE_REFERENCE (fs_reference_get_type ())
G_DECLARE_FINAL_TYPE (FsReference, fs_reference, FS, REFERENCE, GObject)

/* Decodes the bytes to check they are an image: call from a worker thread,
 * or use fs_reference_load_async() from the main thread. */
FsReference *fs_reference_new_from_bytes (GBytes        *bytes,
                                          const char    *name,
                                          GError       **error);
void         fs_reference_load_async     (GFile         *file,
                                          GCancellable  *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer       user_data);
FsReference *fs_reference_load_finish    (GAsyncResult  *result,
                                          GError       **error);

const char  *fs_reference_get_name       (FsReference   *self);
GBytes      *fs_reference_get_bytes      (FsReference   *self);
const char  *fs_reference_get_mime_type  (FsReference   *self);
const char  *fs_reference_get_extension  (FsReference   *self);
const char  *fs_reference_get_sha256     (FsReference   *self);
guint        fs_reference_get_width      (FsReference   *self);
guint        fs_reference_get_height     (FsReference   *self);
char        *fs_reference_dup_base64     (FsReference   *self);
char        *fs_reference_dup_data_url   (FsReference   *self);

G_END_DECLS
