/* fs-file.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Reading with a bound (docs/ARCHITECTURE.md, “Limits”). A file is read
 * only when it is a regular file, opened without blocking and measured on
 * the opened descriptor, and only up to a limit: never a device, a pipe
 * or a folder, never without end. The errors are G_IO_ERROR:
 * G_IO_ERROR_IS_DIRECTORY, G_IO_ERROR_NOT_REGULAR_FILE and
 * G_IO_ERROR_MESSAGE_TOO_LARGE for what is refused, and the open's own
 * error otherwise, each with a sentence naming the file. */

/* The most any image file (a reference, a gallery image) is read. */
#define FS_FILE_MAX_IMAGE_BYTES (200 * 1000 * 1000)

/* Blocking: worker threads (or the CLI) only. */
GBytes *fs_file_read        (GFile               *file,
                             gsize                max_bytes,
                             GCancellable        *cancellable,
                             GError             **error);
GBytes *fs_file_read_path   (const char          *path,
                             gsize                max_bytes,
                             GCancellable        *cancellable,
                             GError             **error);
/* The sha256 of a regular file, read in pieces. */
char   *fs_file_sha256             (const char          *path,
                                    gsize                max_bytes,
                                    GCancellable        *cancellable,
                                    GError             **error);
/* Lowercase hex, the form used for file names and sidecars. */
char   *fs_file_sha256_bytes       (GBytes              *bytes);
/* Up to @max_bytes of @stream, to its end; @name is what the error calls
 * the data. */
GBytes *fs_file_read_stream        (GInputStream        *stream,
                                    const char          *name,
                                    gsize                max_bytes,
                                    GCancellable        *cancellable,
                                    GError             **error);

/* The same without blocking, for streams the main loop feeds. */
void    fs_file_read_stream_async  (GInputStream        *stream,
                                    const char          *name,
                                    gsize                max_bytes,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
GBytes *fs_file_read_stream_finish (GInputStream        *stream,
                                    GAsyncResult        *result,
                                    GError             **error);

/* Durable writes, for worker threads: a synced temporary file in the
 * folder, then a name that never replaces another. Each returns why it
 * failed as an errno; the callers say it in their own words. A writer
 * that fills the temporary file piece by piece (a download streamed to
 * disk) makes it with fs_file_create_temp(), writes with
 * fs_file_write_all() and fsyncs it itself before fs_file_publish(). */
int      fs_file_create_temp (const char  *folder,
                              const char  *template,
                              char       **path,
                              int         *saved_errno);
gboolean fs_file_write_all   (int           fd,
                              const guint8 *data,
                              gsize         length);
char    *fs_file_write_temp  (const char *folder,
                              const char *template,
                              GBytes     *bytes,
                              int        *saved_errno);
gboolean fs_file_publish     (const char *temp_path,
                              const char *path,
                              int        *saved_errno);
void     fs_file_sync_folder (const char *folder);

G_END_DECLS
