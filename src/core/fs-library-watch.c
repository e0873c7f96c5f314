/* fs-library-watch.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fs-asset-private.h"
#include "fs-library-files.h"
#include "fs-library-private.h"

/* The folder is the truth, live (docs/ARCHITECTURE.md, “The live
 * folder”): images and sidecars that Files, another Flux Studio or any
 * other program adds, removes or renames in the gallery folder reach the
 * index and the list without a restart. Changes are gathered by the
 * stem they share (an image and its sidecar), for a short while, then
 * brought in by a worker; the sidecar decides. */

/* Long enough to gather a copy of many files, short enough to feel live. */
#define SETTLE_MS 250

/* Past this many changed stems, the whole folder is compared: by size
 * and time, which costs less than reading each. */
#define MAX_STEMS 500

typedef struct
{
  GHashTable *stems;   /* NULL: the whole folder */
  GPtrArray  *removed;
  GPtrArray  *changed;
} ReconcileData;

static void
reconcile_data_free (ReconcileData *data)
{
  g_clear_pointer (&data->stems, g_hash_table_unref);
  g_clear_pointer (&data->removed, g_ptr_array_unref);
  g_clear_pointer (&data->changed, g_ptr_array_unref);
  g_free (data);
}

static void
reconcile_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  ReconcileData *data = task_data;
  GError *error = NULL;

  if (_fs_library_return_if_cancelled (self, task))
    return;

  if (fs_library_store_reconcile (self->store, data->stems, &data->removed, &data->changed,
                                  &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void schedule (FsLibrary *self);

static void
reconciled_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  FsLibrary *self = FS_LIBRARY (object);
  ReconcileData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->reconciling = FALSE;
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  /* A folder that is gone (an unplugged drive) is said when a save needs
   * it; here it only means there is nothing to take in. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_debug ("Could not bring the index in line with the gallery folder: %s",
             error->message);
  else if (data->removed->len > 0 || data->changed->len > 0)
    {
      _fs_library_remove_paths (self, data->removed);
      _fs_library_add_items (self, data->changed);
      _fs_library_refresh_collections (self);
    }

  if (self->pending_all || self->pending_stems != NULL)
    schedule (self);
}

void
_fs_library_reconcile (FsLibrary  *self,
                       GHashTable *stems)
{
  ReconcileData *data;
  g_autoptr(GTask) task = NULL;

  if (self->reconciling)
    {
      GHashTableIter iter;
      gpointer stem;

      /* Once the running one is done. */
      if (stems == NULL)
        self->pending_all = TRUE;
      else if (self->pending_stems == NULL)
        self->pending_stems = g_hash_table_ref (stems);
      else if (self->pending_stems != stems)
        {
          g_hash_table_iter_init (&iter, stems);
          while (g_hash_table_iter_next (&iter, &stem, NULL))
            g_hash_table_add (self->pending_stems, g_strdup (stem));
        }
      return;
    }

  data = g_new0 (ReconcileData, 1);
  data->stems = stems != NULL ? g_hash_table_ref (stems) : NULL;
  self->reconciling = TRUE;
  task = g_task_new (self, self->cancellable, reconciled_cb, NULL);
  g_task_set_source_tag (task, _fs_library_reconcile);
  g_task_set_task_data (task, data, (GDestroyNotify) reconcile_data_free);
  /* After what the window waits for. */
  g_task_set_priority (task, G_PRIORITY_LOW);
  g_task_run_in_thread (task, reconcile_worker);
}

static gboolean
settled_cb (gpointer user_data)
{
  FsLibrary *self = user_data;
  g_autoptr(GHashTable) stems = g_steal_pointer (&self->pending_stems);
  gboolean all = self->pending_all;

  self->reconcile_source = 0;
  if (self->reconciling)
    {
      /* reconciled_cb() schedules again. */
      self->pending_stems = g_steal_pointer (&stems);
      return G_SOURCE_REMOVE;
    }

  self->pending_all = FALSE;
  if (all || (stems != NULL && g_hash_table_size (stems) > MAX_STEMS))
    _fs_library_reconcile (self, NULL);
  else if (stems != NULL)
    _fs_library_reconcile (self, stems);

  return G_SOURCE_REMOVE;
}

/* The first change starts the wait and later ones join it, so that a
 * steady stream of changes (a batch of generations) is still taken in
 * every SETTLE_MS. */
static void
schedule (FsLibrary *self)
{
  if (self->reconcile_source == 0)
    self->reconcile_source = g_timeout_add (SETTLE_MS, settled_cb, self);
}

static void
add_stem (FsLibrary *self,
          GFile     *file)
{
  g_autofree char *name = file != NULL ? g_file_get_basename (file) : NULL;
  g_autoptr(GFile) parent = file != NULL ? g_file_get_parent (file) : NULL;
  const char *dot;

  /* Our own temporary files are hidden; so are other programs' mostly. */
  if (name == NULL || parent == NULL || !g_file_equal (parent, self->folder) ||
      !fs_library_files_is_gallery_name (name))
    return;

  dot = strrchr (name, '.');
  if (self->pending_stems == NULL)
    self->pending_stems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (self->pending_stems, g_strndup (name, dot - name));
  schedule (self);
}

static void
changed_cb (GFileMonitor      *monitor,
            GFile             *file,
            GFile             *other_file,
            GFileMonitorEvent  event,
            gpointer           user_data)
{
  FsLibrary *self = user_data;

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
      add_stem (self, file);
      break;
    case G_FILE_MONITOR_EVENT_RENAMED:
      add_stem (self, file);
      add_stem (self, other_file);
      break;
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    default:
      break;
    }
}

void
_fs_library_watch_start (FsLibrary *self)
{
  g_autoptr(GError) error = NULL;

  if (self->monitor != NULL)
    return;

  self->monitor = g_file_monitor_directory (self->folder, G_FILE_MONITOR_WATCH_MOVES,
                                            self->cancellable, &error);
  if (self->monitor == NULL)
    {
      g_debug ("Could not watch the gallery folder: %s", error->message);
      return;
    }

  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (changed_cb), self, 0);
}

void
_fs_library_watch_stop (FsLibrary *self)
{
  if (self->monitor != NULL)
    {
      g_file_monitor_cancel (self->monitor);
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_clear_object (&self->monitor);
    }
  g_clear_handle_id (&self->reconcile_source, g_source_remove);
  g_clear_pointer (&self->pending_stems, g_hash_table_unref);
}
