/* fs-download.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Results above this are refused while they download: no provider's image
 * comes near it (the bound of “Limits” for an image). */
#define FS_DOWNLOAD_MAX_BYTES (200 * 1000 * 1000)

#define FS_TYPE_DOWNLOAD (fs_download_get_type ())
G_DECLARE_FINAL_TYPE (FsDownload, fs_download, FS, DOWNLOAD, GOutputStream)

/* A result's bytes on their way to the gallery, as an output stream that
 * FsHttp writes a download's body into (fs_http_call_set_body_stream()):
 * each piece is hashed and written to a hidden temporary file in @folder
 * as it arrives, in the worker thread of the asynchronous write, so the
 * bytes are read once and written once. When the folder refuses the file
 * (gone, read-only, full, not writable) the bytes are held in memory
 * instead, for the recovery folder. Closing it fsyncs the file
 * (docs/ARCHITECTURE.md, “One generation”). A temporary file nobody took
 * is removed when the stream is finalized. */
FsDownload *fs_download_new         (const char  *folder);

/* After the stream is closed: the fsynced temporary file holding the
 * bytes, or NULL when they are held in memory. */
const char *fs_download_get_path    (FsDownload  *self);
/* Takes the temporary file from the stream: it is the caller's to publish
 * or remove. */
char       *fs_download_steal_path  (FsDownload  *self);
/* The bytes, when they are held in memory; NULL otherwise. */
GBytes     *fs_download_steal_bytes (FsDownload  *self);
/* The sha256 of every byte written, lowercase hex; valid once closed. */
const char *fs_download_get_sha256  (FsDownload  *self);
goffset     fs_download_get_size    (FsDownload  *self);

G_END_DECLS
