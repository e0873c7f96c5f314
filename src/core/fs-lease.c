/* fs-lease.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "fs-error.h"
#include "fs-lease.h"

/* A lease is an flock, not a pid in the journal: the kernel releases it
 * when its process dies, even of SIGKILL, and it means the same in every
 * PID namespace that shares the folder (a Flatpak beside a CLI on the
 * host), where a pid and its start time would not. */

#define MAX_ATTEMPTS 5

struct _FsLease
{
  char *path;
  char *job_id;
  int   fd;
};

/* Job ids are UUIDs; anything else (an old or foreign row) is hashed, so
 * a journal row can never name a file outside the folder. */
static char *
lock_name (const char *job_id)
{
  gsize len = strlen (job_id);

  if (len > 0 && len <= 100 &&
      strspn (job_id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == len)
    return g_strconcat (job_id, ".lock", NULL);

  {
    g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, job_id, -1);

    return g_strconcat (hash, ".lock", NULL);
  }
}

static gboolean
set_error (GError     **error,
           const char  *path,
           int          saved_errno)
{
  g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
               _("Could not write the job lock “%s”: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

/* The last holder may have removed the file between our open and our
 * lock; a lock on an unlinked file guards nothing. */
static gboolean
still_linked (int         fd,
              const char *path)
{
  struct stat held, named;

  return fstat (fd, &held) == 0 && stat (path, &named) == 0 &&
         held.st_dev == named.st_dev && held.st_ino == named.st_ino;
}

/* 1 when locked, 0 when held elsewhere, -1 on error (errno set). */
static int
try_lock (const char *path,
          int        *fd_out)
{
  int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    return -1;

  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved_errno = errno;

      close (fd);
      errno = saved_errno;
      return saved_errno == EWOULDBLOCK ? 0 : -1;
    }

  *fd_out = fd;
  return 1;
}

FsLease *
fs_lease_take (const char  *dir,
               const char  *job_id,
               GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  FsLease *lease;
  int fd = -1;

  g_return_val_if_fail (dir != NULL && job_id != NULL, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      set_error (error, dir, errno);
      return NULL;
    }

  name = lock_name (job_id);
  path = g_build_filename (dir, name, NULL);
  for (guint attempt = 0; fd < 0 && attempt < MAX_ATTEMPTS; attempt++)
    {
      int locked = try_lock (path, &fd);

      if (locked < 0)
        {
          set_error (error, path, errno);
          return NULL;
        }
      if (locked == 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("Another Flux Studio process is working on this job"));
          return NULL;
        }
      if (!still_linked (fd, path))
        {
          close (fd);
          fd = -1;
        }
    }
  if (fd < 0)
    {
      set_error (error, path, EAGAIN);
      return NULL;
    }

  lease = g_new0 (FsLease, 1);
  lease->path = g_steal_pointer (&path);
  lease->job_id = g_strdup (job_id);
  lease->fd = fd;

  return lease;
}

const char *
fs_lease_get_job_id (FsLease *lease)
{
  g_return_val_if_fail (lease != NULL, NULL);

  return lease->job_id;
}

static void
lease_free (FsLease *lease)
{
  /* Closing the last descriptor drops the flock. */
  close (lease->fd);
  g_free (lease->path);
  g_free (lease->job_id);
  g_free (lease);
}

void
fs_lease_release (FsLease *lease)
{
  if (lease != NULL)
    lease_free (lease);
}

void
fs_lease_finish (FsLease *lease)
{
  if (lease == NULL)
    return;

  /* Unlinked while still held, so nobody can take a lease on a file that
   * is about to go; still_linked() makes a racing taker open it anew. */
  g_unlink (lease->path);
  lease_free (lease);
}

const char *
fs_lease_process_token (void)
{
  static gsize initialized;
  static char *token;

  if (g_once_init_enter (&initialized))
    {
      g_autofree char *uuid = g_uuid_string_random ();

      token = g_strdup_printf ("%s/%d/%s", g_get_host_name (), (int) getpid (), uuid);
      g_once_init_leave (&initialized, 1);
    }

  return token;
}
