/* fs-trash.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs-error.h"
#include "fs-trash.h"

/* The Trash as g_file_trash() fills it (the freedesktop.org Trash
 * specification): in a Trash folder, files/NAME is the file and
 * info/NAME.trashinfo says where it came from ("Path", absolute in the
 * home Trash, relative to the file system's top in a .Trash-$UID) and
 * when ("DeletionDate"). GVfs's trash:/// would say the same, but it is
 * not there in every session (a test's, a minimal desktop's). */

typedef struct
{
  char *name;    /* NAME in files/ and info/ */
  char *folder;  /* the Trash folder */
  char *date;
} Found;

/* The top of the file system @path is on: the last folder up from it on
 * the same device. */
static char *
find_topdir (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  GStatBuf st;
  dev_t device;

  if (g_stat (dir, &st) != 0)
    return NULL;

  device = st.st_dev;
  for (;;)
    {
      g_autofree char *parent = g_path_get_dirname (dir);

      if (g_str_equal (parent, dir) || g_stat (parent, &st) != 0 || st.st_dev != device)
        return g_steal_pointer (&dir);
      g_free (dir);
      dir = g_steal_pointer (&parent);
    }
}

static void
look_in (const char *folder,
         const char *topdir,
         const char *path,
         Found      *found)
{
  g_autofree char *info_dir = g_build_filename (folder, "info", NULL);
  g_autoptr(GDir) listing = g_dir_open (info_dir, 0, NULL);
  const char *entry;

  while (listing != NULL && (entry = g_dir_read_name (listing)) != NULL)
    {
      g_autoptr(GKeyFile) info = g_key_file_new ();
      g_autofree char *info_path = g_build_filename (info_dir, entry, NULL);
      g_autofree char *escaped = NULL;
      g_autofree char *original = NULL;
      g_autofree char *date = NULL;

      if (!g_str_has_suffix (entry, ".trashinfo") ||
          !g_key_file_load_from_file (info, info_path, G_KEY_FILE_NONE, NULL))
        continue;

      escaped = g_key_file_get_string (info, "Trash Info", "Path", NULL);
      original = escaped != NULL ? g_uri_unescape_string (escaped, NULL) : NULL;
      if (original != NULL && !g_path_is_absolute (original) && topdir != NULL)
        {
          char *absolute = g_build_filename (topdir, original, NULL);

          g_free (original);
          original = absolute;
        }
      if (original == NULL || !g_str_equal (original, path))
        continue;

      /* The same path may have been trashed more than once: the last. */
      date = g_key_file_get_string (info, "Trash Info", "DeletionDate", NULL);
      if (found->name != NULL && g_strcmp0 (date, found->date) < 0)
        continue;

      g_free (found->name);
      g_free (found->folder);
      g_free (found->date);
      found->name = g_strndup (entry, strlen (entry) - strlen (".trashinfo"));
      found->folder = g_strdup (folder);
      found->date = g_steal_pointer (&date);
    }
}

gboolean
fs_trash_restore (const char    *path,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autofree char *home_trash = g_build_filename (g_get_user_data_dir (), "Trash", NULL);
  g_autofree char *topdir = find_topdir (path);
  g_autofree char *uid = g_strdup_printf ("%u", (guint) getuid ());
  g_autofree char *dot_trash_uid = NULL;
  g_autofree char *dot_trash = NULL;
  g_autofree char *file = NULL;
  g_autofree char *info = NULL;
  Found found = { NULL, NULL, NULL };
  gboolean done = FALSE;

  g_return_val_if_fail (path != NULL && g_path_is_absolute (path), FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  look_in (home_trash, NULL, path, &found);
  if (topdir != NULL)
    {
      g_autofree char *trash_name = g_strconcat (".Trash-", uid, NULL);

      dot_trash_uid = g_build_filename (topdir, trash_name, NULL);
      dot_trash = g_build_filename (topdir, ".Trash", uid, NULL);
      look_in (dot_trash_uid, topdir, path, &found);
      look_in (dot_trash, topdir, path, &found);
    }

  if (found.name == NULL)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   _("“%s” is not in the Trash any more; look for it in Files."), path);
      goto out;
    }

  file = g_build_filename (found.folder, "files", found.name, NULL);
  info = g_build_filename (found.folder, "info", found.name, NULL);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   _("“%s” was not put back: another file has its name. Restore it from the "
                     "Trash in Files."), path);
      goto out;
    }
  if (g_rename (file, path) != 0)
    {
      int saved = errno;

      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   _("Could not put “%s” back from the Trash: %s"), path, g_strerror (saved));
      goto out;
    }

  {
    g_autofree char *info_file = g_strconcat (info, ".trashinfo", NULL);

    g_unlink (info_file);
  }
  done = TRUE;

out:
  g_free (found.name);
  g_free (found.folder);
  g_free (found.date);
  return done;
}
