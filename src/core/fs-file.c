/* fs-file.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "fs-file.h"
#include "fs-sha256.h"

/* Files and streams read whole into memory, always with a bound: a
 * reference named /dev/zero, a FIFO, a folder, or a prompt on an endless
 * standard input must be refused, not read until memory or patience runs
 * out (docs/ARCHITECTURE.md, “Limits”). */

#define CHUNK_BYTES (64 * 1024)

static void
set_too_large (GError     **error,
               const char  *name,
               gsize        max_bytes)
{
  g_autofree char *limit = g_format_size (max_bytes);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
               /* Translators: a file name, then the limit ("200 MB") */
               _("“%s” is larger than the %s Flux Studio reads"), name, limit);
}

static void
set_not_regular (GError     **error,
                 const char  *name,
                 mode_t       mode)
{
  if (S_ISDIR (mode))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                 _("“%s” is a folder, not a file"), name);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                 _("“%s” is not a regular file but a device, a pipe or a socket"), name);
}

static void
set_errno (GError     **error,
           const char  *name,
           int          saved_errno)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               /* Translators: a file name, then the system's reason */
               _("Could not open “%s”: %s"), name, g_strerror (saved_errno));
}

/* O_NONBLOCK: opening a FIFO must not wait for a writer. The type is
 * checked on the opened descriptor, so the file cannot be swapped
 * between the check and the read. */
static GInputStream *
open_regular (const char  *path,
              goffset     *size,
              GError     **error)
{
  g_autofree char *name = g_filename_display_basename (path);
  struct stat st;
  int fd;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      set_errno (error, name, errno);
      return NULL;
    }

  if (fstat (fd, &st) != 0)
    {
      set_errno (error, name, errno);
      close (fd);
      return NULL;
    }

  if (!S_ISREG (st.st_mode))
    {
      set_not_regular (error, name, st.st_mode);
      close (fd);
      return NULL;
    }

  *size = st.st_size;
  return g_unix_input_stream_new (fd, TRUE);
}

static GBytes *
read_all (GInputStream  *stream,
          const char    *name,
          gsize          size_hint,
          gsize          max_bytes,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GByteArray) data = g_byte_array_sized_new ((guint) MIN (size_hint, max_bytes));
  g_autofree guint8 *chunk = g_malloc (CHUNK_BYTES);
  gssize n;

  while ((n = g_input_stream_read (stream, chunk, CHUNK_BYTES, cancellable, error)) > 0)
    {
      if ((gsize) n > max_bytes - data->len)
        {
          set_too_large (error, name, max_bytes);
          return NULL;
        }
      g_byte_array_append (data, chunk, (guint) n);
    }

  if (n < 0)
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

GBytes *
fs_file_read_path (const char    *path,
                   gsize          max_bytes,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autofree char *name = NULL;
  goffset size = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stream = open_regular (path, &size, error);
  if (stream == NULL)
    return NULL;

  name = g_filename_display_basename (path);
  if ((guint64) size > max_bytes)
    {
      set_too_large (error, name, max_bytes);
      return NULL;
    }

  return read_all (stream, name, (gsize) size, max_bytes, cancellable, error);
}

/* A file without a local path (a remote location) is read through GIO,
 * with the same checks on what the opened stream says it is. */
static GBytes *
read_remote (GFile         *file,
             gsize          max_bytes,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, error);
  g_autoptr(GFileInfo) info = NULL;
  goffset size = 0;

  if (stream == NULL)
    return NULL;

  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                         G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  if (info != NULL && g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR &&
      g_file_info_get_file_type (info) != G_FILE_TYPE_UNKNOWN)
    {
      set_not_regular (error, name,
                       g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY ? S_IFDIR : 0);
      return NULL;
    }

  if (info != NULL)
    size = g_file_info_get_size (info);
  if ((guint64) size > max_bytes)
    {
      set_too_large (error, name, max_bytes);
      return NULL;
    }

  return read_all (G_INPUT_STREAM (stream), name, (gsize) MAX (size, 0), max_bytes,
                   cancellable, error);
}

GBytes *
fs_file_read (GFile         *file,
              gsize          max_bytes,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = g_file_get_path (file);
  if (path != NULL)
    return fs_file_read_path (path, max_bytes, cancellable, error);

  return read_remote (file, max_bytes, cancellable, error);
}

char *
fs_file_sha256 (const char    *path,
                gsize          max_bytes,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(FsSha256) checksum = fs_sha256_new ();
  g_autofree guint8 *chunk = NULL;
  g_autofree char *name = NULL;
  goffset size = 0;
  gsize total = 0;
  gssize n;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stream = open_regular (path, &size, error);
  if (stream == NULL)
    return NULL;

  name = g_filename_display_basename (path);
  chunk = g_malloc (CHUNK_BYTES);
  while ((n = g_input_stream_read (stream, chunk, CHUNK_BYTES, cancellable, error)) > 0)
    {
      total += (gsize) n;
      if ((guint64) size > max_bytes || total > max_bytes)
        {
          set_too_large (error, name, max_bytes);
          return NULL;
        }
      fs_sha256_update (checksum, chunk, n);
    }

  if (n < 0)
    return NULL;

  return fs_sha256_hex (checksum);
}

GBytes *
fs_file_read_stream (GInputStream  *stream,
                const char    *name,
                gsize          max_bytes,
                GCancellable  *cancellable,
                GError       **error)
{
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return read_all (stream, name, 0, max_bytes, cancellable, error);
}

/* Reading a stream without blocking, a piece at a time. */

typedef struct
{
  GByteArray *data;
  char       *name;
  gsize       max_bytes;
} StreamRead;

static void
stream_read_free (StreamRead *state)
{
  g_clear_pointer (&state->data, g_byte_array_unref);
  g_free (state->name);
  g_free (state);
}

static void read_next (GTask *task);

static void
read_bytes_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StreamRead *state = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    g_task_return_error (task, error);
  else if (g_bytes_get_size (chunk) == 0)
    g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&state->data)),
                           (GDestroyNotify) g_bytes_unref);
  else if (g_bytes_get_size (chunk) > state->max_bytes - state->data->len)
    {
      set_too_large (&error, state->name, state->max_bytes);
      g_task_return_error (task, error);
    }
  else
    {
      g_byte_array_append (state->data, g_bytes_get_data (chunk, NULL),
                           (guint) g_bytes_get_size (chunk));
      read_next (g_steal_pointer (&task));
    }
}

static void
read_next (GTask *task)
{
  g_input_stream_read_bytes_async (g_task_get_source_object (task), CHUNK_BYTES,
                                   g_task_get_priority (task), g_task_get_cancellable (task),
                                   read_bytes_cb, task);
}

void
fs_file_read_stream_async (GInputStream        *stream,
                      const char          *name,
                      gsize                max_bytes,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task;
  StreamRead *state;

  g_return_if_fail (G_IS_INPUT_STREAM (stream));
  g_return_if_fail (name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  state = g_new0 (StreamRead, 1);
  state->data = g_byte_array_new ();
  state->name = g_strdup (name);
  state->max_bytes = max_bytes;

  task = g_task_new (stream, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_file_read_stream_async);
  g_task_set_task_data (task, state, (GDestroyNotify) stream_read_free);
  read_next (task);
}

GBytes *
fs_file_read_stream_finish (GInputStream  *stream,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, stream), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Lowercase hex, the form used for file names and sidecars. */
char *
fs_file_sha256_bytes (GBytes *bytes)
{
  const void *data;
  gsize length;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &length);
  return fs_sha256_data (data, length);
}

/* Durable writes ------------------------------------------------------ */

/**
 * fs_file_write_all:
 * @fd: a file open for writing
 * @data: what to write
 * @length: how many bytes
 *
 * write() until every byte is written, through interruptions.
 *
 * Returns: %FALSE with errno set when a write failed
 */
gboolean
fs_file_write_all (int           fd,
                   const guint8 *data,
                   gsize         length)
{
  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written == 0)
        errno = EIO;
      if (written <= 0)
        return FALSE;

      data += written;
      length -= written;
    }

  return TRUE;
}

/**
 * fs_file_create_temp:
 * @folder: where the file is made
 * @template: its name, ending in "XXXXXX" and a suffix (g_mkstemp())
 * @path: (out): the file's path
 * @saved_errno: (out): why it failed
 *
 * Creates a new temporary file in @folder, for a writer that fills it
 * piece by piece (a download streamed to disk), syncs it and publishes it
 * with fs_file_publish() as fs_file_write_temp()'s callers do.
 *
 * Returns: its descriptor, open for reading and writing, or -1
 */
int
fs_file_create_temp (const char  *folder,
                     const char  *template,
                     char       **path,
                     int         *saved_errno)
{
  g_autofree char *temp_path = g_build_filename (folder, template, NULL);
  int fd = g_mkstemp_full (temp_path, O_RDWR | O_CLOEXEC, 0644);

  if (fd < 0)
    {
      *saved_errno = errno;
      return -1;
    }

  *path = g_steal_pointer (&temp_path);
  return fd;
}

/**
 * fs_file_write_temp:
 * @folder: where the file is made
 * @template: its name, ending in "XXXXXX" and a suffix (g_mkstemp())
 * @bytes: the contents
 * @saved_errno: (out): why it failed
 *
 * Writes @bytes to a new temporary file in @folder and syncs it: the data
 * must be on disk before a rename or link makes it visible, or a crash
 * could leave a complete-looking name over an empty file.
 *
 * Returns: (transfer full) (nullable): the file's path, or %NULL
 */
char *
fs_file_write_temp (const char *folder,
                    const char *template,
                    GBytes     *bytes,
                    int        *saved_errno)
{
  g_autofree char *temp_path = NULL;
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  gboolean ok;
  int fd;

  fd = fs_file_create_temp (folder, template, &temp_path, saved_errno);
  if (fd < 0)
    return NULL;

  ok = fs_file_write_all (fd, data, length) && fsync (fd) == 0;
  *saved_errno = errno;
  if (close (fd) != 0 && ok)
    {
      ok = FALSE;
      *saved_errno = errno;
    }

  if (ok)
    return g_steal_pointer (&temp_path);

  g_unlink (temp_path);
  return NULL;
}

G_LOCK_DEFINE_STATIC (publish);

/**
 * fs_file_publish:
 * @temp_path: a file made by fs_file_write_temp()
 * @path: the name it is to have
 * @saved_errno: (out): why it failed; EEXIST when @path is taken
 *
 * Gives @temp_path the name @path unless something has it: link() never
 * replaces a name, so two writers (in any process) racing for one name
 * cannot overwrite each other. File systems without hard links (FAT, some
 * FUSE mounts) get a rename after a check, under a lock that keeps this
 * process's writers apart. @temp_path is left in place on failure.
 */
gboolean
fs_file_publish (const char *temp_path,
                 const char *path,
                 int        *saved_errno)
{
  gboolean ok = FALSE;

  if (link (temp_path, path) == 0)
    {
      g_unlink (temp_path);
      return TRUE;
    }

  *saved_errno = errno;
  if (*saved_errno != EPERM && *saved_errno != ENOTSUP && *saved_errno != EOPNOTSUPP &&
      *saved_errno != ENOSYS && *saved_errno != EMLINK)
    return FALSE;

  G_LOCK (publish);
  if (g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    *saved_errno = EEXIST;
  else if (g_rename (temp_path, path) == 0)
    ok = TRUE;
  else
    *saved_errno = errno;
  G_UNLOCK (publish);

  return ok;
}

/* Makes renames and links durable. Some file systems refuse to sync a
 * folder; the files themselves are synced, so that is not an error. */
void
fs_file_sync_folder (const char *folder)
{
  int fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    return;

  if (fsync (fd) != 0)
    g_debug ("Could not sync folder %s: %s", folder, g_strerror (errno));
  close (fd);
}
