/* fs-download.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "fs-download.h"
#include "fs-error.h"
#include "fs-file.h"
#include "fs-library-files.h"
#include "fs-sha256.h"

/* GOutputStream runs write_fn() and close_fn() of a stream without a
 * pollable descriptor in a worker thread for the asynchronous calls, one
 * at a time: hashing and writing never hold up the main loop, and the
 * next piece of the body is read meanwhile (fs-http.c). */

struct _FsDownload
{
  GOutputStream  parent_instance;

  char          *folder;
  char          *path;      /* the temporary file, while it holds the bytes */
  int            fd;
  GByteArray    *memory;    /* the bytes, once the folder refused the file */
  FsSha256      *checksum;
  char          *sha256;
  goffset        size;
  gboolean       closed;
  gboolean       disposed;
};

G_DEFINE_FINAL_TYPE (FsDownload, fs_download, G_TYPE_OUTPUT_STREAM)

static void
remove_file (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  /* In a worker thread: finalizing may happen on the main thread. */
  g_file_delete_async (file, G_PRIORITY_LOW, NULL, NULL, NULL);
}

/* GOutputStream closes a stream that is still open when it is disposed:
 * such a download is not wanted, and is not synced. */
static void
fs_download_dispose (GObject *object)
{
  FsDownload *self = (FsDownload *) object;

  self->disposed = TRUE;

  G_OBJECT_CLASS (fs_download_parent_class)->dispose (object);
}

static void
fs_download_finalize (GObject *object)
{
  FsDownload *self = (FsDownload *) object;

  if (self->fd >= 0)
    close (self->fd);
  if (self->path != NULL)
    remove_file (self->path);
  g_free (self->path);
  g_free (self->folder);
  g_clear_pointer (&self->memory, g_byte_array_unref);
  g_clear_pointer (&self->checksum, fs_sha256_free);
  g_free (self->sha256);

  G_OBJECT_CLASS (fs_download_parent_class)->finalize (object);
}

/* The folder refused the file: what it holds so far goes to memory, with
 * the rest to come, and the file goes. */
static gboolean
switch_to_memory (FsDownload  *self,
                  GError     **error)
{
  self->memory = g_byte_array_sized_new (MAX (self->size, 64 * 1024));
  g_byte_array_set_size (self->memory, self->size);
  for (goffset done = 0; done < self->size;)
    {
      gssize n = pread (self->fd, self->memory->data + done, self->size - done, done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved_errno = n < 0 ? errno : EIO;

          g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                       _("Could not read back the downloaded image: %s"),
                       g_strerror (saved_errno));
          return FALSE;
        }
      done += n;
    }

  close (self->fd);
  self->fd = -1;
  g_unlink (self->path);
  g_clear_pointer (&self->path, g_free);
  return TRUE;
}

static void
refused (GError *error)
{
  g_debug ("Downloading into memory: %s", error->message);
  g_error_free (error);
}

static gssize
fs_download_write_fn (GOutputStream  *stream,
                      const void     *buffer,
                      gsize           count,
                      GCancellable   *cancellable,
                      GError        **error)
{
  FsDownload *self = FS_DOWNLOAD (stream);
  GError *local_error = NULL;

  if (count > (gsize) (FS_DOWNLOAD_MAX_BYTES - self->size))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE,
                   _("The download is larger than %u MB, which no image from a provider is"),
                   FS_DOWNLOAD_MAX_BYTES / 1000000);
      return -1;
    }

  if (self->fd < 0 && self->memory == NULL)
    {
      self->fd = fs_library_files_create_temp (self->folder, &self->path, &local_error);
      if (self->fd < 0)
        {
          refused (local_error);
          self->memory = g_byte_array_new ();
        }
    }

  if (self->fd >= 0 && !fs_file_write_all (self->fd, buffer, count))
    {
      fs_library_files_set_error (&local_error, self->folder, errno);
      refused (local_error);
      if (!switch_to_memory (self, error))
        return -1;
    }

  if (self->memory != NULL)
    g_byte_array_append (self->memory, buffer, count);
  fs_sha256_update (self->checksum, buffer, count);
  self->size += count;
  return count;
}

static gboolean
fs_download_close_fn (GOutputStream  *stream,
                      GCancellable   *cancellable,
                      GError        **error)
{
  FsDownload *self = FS_DOWNLOAD (stream);
  GError *local_error = NULL;

  if (self->disposed)
    return TRUE;

  /* The bytes are on disk before anything names them (docs/
   * ARCHITECTURE.md, “Gallery files”). */
  if (self->fd >= 0 && fsync (self->fd) != 0)
    {
      fs_library_files_set_error (&local_error, self->folder, errno);
      refused (local_error);
      if (!switch_to_memory (self, error))
        return FALSE;
    }
  if (self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }

  /* An empty body is empty bytes, which the probe refuses by name. */
  if (self->path == NULL && self->memory == NULL)
    self->memory = g_byte_array_new ();

  self->sha256 = fs_sha256_hex (self->checksum);
  self->closed = TRUE;
  return TRUE;
}

static void
fs_download_class_init (FsDownloadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  object_class->dispose = fs_download_dispose;
  object_class->finalize = fs_download_finalize;
  stream_class->write_fn = fs_download_write_fn;
  stream_class->close_fn = fs_download_close_fn;
}

static void
fs_download_init (FsDownload *self)
{
  self->fd = -1;
  self->checksum = fs_sha256_new ();
}

FsDownload *
fs_download_new (const char *folder)
{
  FsDownload *self;

  g_return_val_if_fail (folder != NULL, NULL);

  self = g_object_new (FS_TYPE_DOWNLOAD, NULL);
  self->folder = g_strdup (folder);
  return self;
}

const char *
fs_download_get_path (FsDownload *self)
{
  g_return_val_if_fail (FS_IS_DOWNLOAD (self), NULL);
  g_return_val_if_fail (self->closed, NULL);

  return self->path;
}

char *
fs_download_steal_path (FsDownload *self)
{
  g_return_val_if_fail (FS_IS_DOWNLOAD (self), NULL);
  g_return_val_if_fail (self->closed, NULL);

  return g_steal_pointer (&self->path);
}

GBytes *
fs_download_steal_bytes (FsDownload *self)
{
  g_return_val_if_fail (FS_IS_DOWNLOAD (self), NULL);
  g_return_val_if_fail (self->closed, NULL);

  if (self->memory == NULL)
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&self->memory));
}

const char *
fs_download_get_sha256 (FsDownload *self)
{
  g_return_val_if_fail (FS_IS_DOWNLOAD (self), NULL);
  g_return_val_if_fail (self->closed, NULL);

  return self->sha256;
}

goffset
fs_download_get_size (FsDownload *self)
{
  g_return_val_if_fail (FS_IS_DOWNLOAD (self), 0);

  return self->size;
}
