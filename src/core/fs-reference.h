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

/* Preparing a reference off the main thread (in a pool of low-priority
 * threads, one per CPU): accepts PNG, JPEG, WebP and anything gdk-pixbuf
 * loads; honours EXIF orientation; converts an embedded RGB ICC profile to
 * sRGB with lcms2; downscales above 4 MP (4,194,304 px) preserving aspect,
 * decoding JPEGs at reduced size; encodes once (PNG when there is alpha or
 * the source was drawn, else JPEG quality 92, never upscaled) and only when
 * something had to change (orientation, profile, size, a CMYK JPEG or a
 * format other than PNG/JPEG/WebP) — otherwise the original bytes are sent.
 * Refuses with FS_ERROR_INVALID, and a message naming the file: anything
 * but a regular file (a device, a FIFO, a folder: never read, never
 * waited on), non-images, corrupt or cut-off files, images under 64×64,
 * files over 200 MB or 200 MP (before decoding), and anything that would still exceed APIYI's
 * input limits (20 MB, 20 MP) once prepared — which, as everything larger
 * is downscaled, only an image that cannot be decoded here can (a WebP
 * without the WebP loader; one up to 20 MP is sent as it is, with a note).
 * The prepared bytes are cached by the sha256 of the ORIGINAL bytes in
 * $XDG_CACHE_HOME/flux-studio/references/, so preparing the same file twice
 * is a cache hit. */
void         fs_reference_prepare_file_async   (GFile         *file,
                                                GCancellable  *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer       user_data);
void         fs_reference_prepare_bytes_async  (GBytes        *bytes,
                                                const char    *name,
                                                GCancellable  *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer       user_data);
FsReference *fs_reference_prepare_finish       (GAsyncResult  *result,
                                                GError       **error);

guint        fs_reference_get_original_width   (FsReference   *self);
guint        fs_reference_get_original_height  (FsReference   *self);
gboolean     fs_reference_get_downscaled       (FsReference   *self);
/* TRUE when an embedded ICC profile was converted to sRGB. */
gboolean     fs_reference_get_colour_converted (FsReference   *self);
/* One translatable sentence for the slot, e.g. "Downscaled from 6000×4000
 * to 2448×1632 (FLUX.2 takes up to 4 MP)", or NULL. */
const char  *fs_reference_get_note             (FsReference   *self);
/* NULL for pasted bytes. */
const char  *fs_reference_get_source_path      (FsReference   *self);
double       fs_reference_get_megapixels       (FsReference   *self);

G_END_DECLS
