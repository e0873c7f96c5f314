/* fs-reference-store.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "fs-error.h"
#include "fs-file.h"
#include "fs-image.h"
#include "fs-reference-store.h"

/* Every reference that was sent is kept under the sha256 of the bytes
 * sent, so any past result can be remixed with exactly those references.
 * Files are written once and never changed. */

/* The types a stored reference can have, tried in this order on load. */
static const char * const extensions[] = { "jpg", "png", "webp", "gif", "bmp", "tiff" };

static char *
store_path (const char *sha256,
            const char *extension)
{
  g_autofree char *name = g_strconcat (sha256, ".", extension, NULL);

  return g_build_filename (g_get_user_data_dir (), "flux-studio", "references", name, NULL);
}

/* The name becomes a file name, so only a real digest may. */
static gboolean
is_sha256 (const char *text)
{
  gsize i;

  if (text == NULL)
    return FALSE;
  for (i = 0; g_ascii_isxdigit (text[i]) && !g_ascii_isupper (text[i]); i++)
    ;
  return i == 64 && text[i] == '\0';
}

gboolean
fs_reference_store_save (FsReference  *reference,
                         GError      **error)
{
  GBytes *bytes = fs_reference_get_bytes (reference);
  g_autofree char *path = store_path (fs_reference_get_sha256 (reference),
                                      fs_reference_get_extension (reference));
  g_autofree char *dir = g_path_get_dirname (path);
  GStatBuf buf;

  /* Content-addressed: a file of that name already holds these bytes. */
  if (g_stat (path, &buf) == 0 && (gsize) buf.st_size == g_bytes_get_size (bytes))
    return TRUE;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   _("The reference store %s could not be made: %s"),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  /* Durable: a sidecar naming this reference may be on disk a moment later. */
  if (!g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL),
                                 (gssize) g_bytes_get_size (bytes),
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, error))
    {
      g_prefix_error (error, _("The reference could not be kept: "));
      return FALSE;
    }

  return TRUE;
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (fs_reference_store_save (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
fs_reference_store_save_async (FsReference         *reference,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FS_IS_REFERENCE (reference));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_reference_store_save_async);
  g_task_set_task_data (task, g_object_ref (reference), g_object_unref);
  g_task_run_in_thread (task, save_thread);
}

gboolean
fs_reference_store_save_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fs_reference_store_save_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  char *sha256;
  char *name;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->sha256);
  g_free (data->name);
  g_free (data);
}

static char *
find_stored (const char *sha256)
{
  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      g_autofree char *path = store_path (sha256, extensions[i]);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }

  return NULL;
}

static void
set_missing (GError     **error,
             const char  *sha256)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               /* Translators: the start of a reference image's sha256 */
               _("The reference image %.12s… is no longer in the reference store"), sha256);
}

static FsReference *
load (LoadData  *data,
      GError   **error)
{
  return fs_reference_store_load (data->sha256, data->name, error);
}

FsReference *
fs_reference_store_load (const char  *sha256,
                         const char  *name,
                         GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *fallback_name = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (sha256 != NULL, NULL);

  path = is_sha256 (sha256) ? find_stored (sha256) : NULL;
  if (path == NULL)
    {
      set_missing (error, sha256);
      return NULL;
    }

  bytes = fs_file_read_path (path, FS_FILE_MAX_IMAGE_BYTES, NULL, error);
  if (bytes == NULL)
    return NULL;

  actual = fs_file_sha256_bytes (bytes);
  if (g_ascii_strcasecmp (actual, sha256) != 0)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   _("The stored reference %s is damaged: its contents changed"), path);
      return NULL;
    }

  fallback_name = g_strdup_printf ("%.12s%s", actual, strrchr (path, '.'));
  return fs_reference_new_from_bytes (bytes, name != NULL ? name : fallback_name, error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  FsReference *reference;

  if (g_task_return_error_if_cancelled (task))
    return;

  reference = load (task_data, &error);
  if (reference == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, reference, g_object_unref);
}

void
fs_reference_store_load_named_async (const char          *sha256,
                                     const char          *name,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (sha256 != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (LoadData, 1);
  data->sha256 = g_ascii_strdown (sha256, -1);
  data->name = g_strdup (name);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_reference_store_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

void
fs_reference_store_load_async (const char          *sha256,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  fs_reference_store_load_named_async (sha256, NULL, cancellable, callback, user_data);
}

FsReference *
fs_reference_store_load_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fs_reference_store_load_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
