/* fs-palette-store.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "fs-error.h"
#include "fs-file.h"
#include "fs-palette-private.h"
#include "fs-palette-store-private.h"

/* The brand palettes folder. The files are the truth: every palette is a
 * GIMP palette there, so GIMP, Inkscape and Krita read them too, and one
 * dropped in by hand appears. The order lives in "order.txt" beside them
 * (file names, one a line), which the other programs ignore. */

#define RESCAN_DELAY_MS 150


static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FsPaletteStore, fs_palette_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_FOLDER,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule_rescan (FsPaletteStore *self);

static GType
fs_palette_store_get_item_type (GListModel *model)
{
  return FS_TYPE_PALETTE;
}

static guint
fs_palette_store_get_n_items (GListModel *model)
{
  return FS_PALETTE_STORE (model)->items->len;
}

static gpointer
fs_palette_store_get_item (GListModel *model,
                           guint       position)
{
  FsPaletteStore *self = FS_PALETTE_STORE (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fs_palette_store_get_item_type;
  iface->get_n_items = fs_palette_store_get_n_items;
  iface->get_item = fs_palette_store_get_item;
}

void
_fs_palette_store_items_changed (FsPaletteStore *self,
                                 guint           position,
                                 guint           removed,
                                 guint           added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
fs_palette_store_dispose (GObject *object)
{
  FsPaletteStore *self = FS_PALETTE_STORE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->rescan_id, g_source_remove);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }

  G_OBJECT_CLASS (fs_palette_store_parent_class)->dispose (object);
}

static void
fs_palette_store_finalize (GObject *object)
{
  FsPaletteStore *self = FS_PALETTE_STORE (object);

  g_clear_object (&self->folder);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (fs_palette_store_parent_class)->finalize (object);
}

static void
fs_palette_store_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FsPaletteStore *self = FS_PALETTE_STORE (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      g_value_set_object (value, self->folder);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_palette_store_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FsPaletteStore *self = FS_PALETTE_STORE (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      self->folder = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_palette_store_class_init (FsPaletteStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fs_palette_store_dispose;
  object_class->finalize = fs_palette_store_finalize;
  object_class->get_property = fs_palette_store_get_property;
  object_class->set_property = fs_palette_store_set_property;

  properties[PROP_FOLDER] =
    g_param_spec_object ("folder", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fs_palette_store_init (FsPaletteStore *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
}

FsPaletteStore *
fs_palette_store_new (GFile *folder)
{
  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  return g_object_new (FS_TYPE_PALETTE_STORE, "folder", folder, NULL);
}

FsPaletteStore *
fs_palette_store_new_default (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "flux-studio",
                                            "palettes", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (path);

  return fs_palette_store_new (folder);
}

GFile *
fs_palette_store_get_folder (FsPaletteStore *self)
{
  g_return_val_if_fail (FS_IS_PALETTE_STORE (self), NULL);

  return self->folder;
}

FsPalette *
fs_palette_store_find (FsPaletteStore *self,
                       const char     *name)
{
  g_return_val_if_fail (FS_IS_PALETTE_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      FsPalette *palette = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (fs_palette_get_name (palette), name) == 0)
        return palette;
    }

  return NULL;
}

/* ---- Scanning the folder (worker threads) ---- */

static gboolean
make_folder (GFile   *folder,
             GError **error)
{
  g_autofree char *path = g_file_get_path (folder);

  if (g_mkdir_with_parents (path, 0755) == 0)
    return TRUE;

  g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
               _("Could not create the palettes folder “%s”: %s"), path, g_strerror (errno));
  return FALSE;
}

static GStrv
read_order (GFile *folder)
{
  g_autoptr(GFile) file = g_file_get_child (folder, ORDER_FILE);
  g_autoptr(GBytes) contents = fs_file_read (file, FS_PALETTE_MAX_FILE_BYTES, NULL, NULL);
  g_autofree char *text = NULL;

  /* An empty file's bytes have no data at all. */
  if (contents == NULL || g_bytes_get_size (contents) == 0)
    return g_new0 (char *, 1);
  text = g_strndup (g_bytes_get_data (contents, NULL), g_bytes_get_size (contents));
  return g_strsplit (text, "\n", -1);
}

static GPtrArray *
list_palette_files (GFile         *folder,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GFileInfo *info;

  enumerator = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (enumerator == NULL)
    return NULL;

  while (g_file_enumerator_iterate (enumerator, &info, NULL, cancellable, error) && info != NULL)
    {
      const char *name = g_file_info_get_name (info);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR &&
          g_str_has_suffix (name, ".gpl") && name[0] != '.')
        g_ptr_array_add (names, g_strdup (name));
    }

  return g_steal_pointer (&names);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

/* The files in order.txt's order; the others after, by name. */
static void
sort_files (GPtrArray *names,
            GStrv      order)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; order[i] != NULL; i++)
    {
      guint index;

      if (*order[i] != '\0' && g_ptr_array_find_with_equal_func (names, order[i], g_str_equal,
                                                                 &index))
        g_ptr_array_add (sorted, g_ptr_array_steal_index (names, index));
    }
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (sorted, g_strdup (g_ptr_array_index (names, i)));

  g_ptr_array_set_size (names, 0);
  for (guint i = 0; i < sorted->len; i++)
    g_ptr_array_add (names, g_strdup (g_ptr_array_index (sorted, i)));
}

/* A malformed palette is skipped, not fatal: one bad file must not hide
 * the others. A file removed between the listing and the read is not
 * malformed: it is simply gone, and the next scan agrees. */
static FsPalette *
load_palette (GFile      *folder,
              const char *name)
{
  g_autoptr(GFile) file = g_file_get_child (folder, name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = fs_file_read (file, FS_PALETTE_MAX_FILE_BYTES, NULL, &error);
  g_autofree char *stem = g_strndup (name, strlen (name) - strlen (".gpl"));
  g_autofree char *path = g_file_get_path (file);
  FsPalette *palette = NULL;

  if (bytes != NULL)
    palette = fs_palette_parse_gpl (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                    stem, &error);
  if (palette == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_debug ("The palette %s went away while the folder was read", path);
      else
        g_warning ("Skipping the palette %s: %s", path, error->message);
      return NULL;
    }

  fs_palette_set_path (palette, path);
  return palette;
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *folder = task_data;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) palettes = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) order = NULL;
  GError *error = NULL;

  if (!make_folder (folder, &error) ||
      (names = list_palette_files (folder, cancellable, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  order = read_order (folder);
  sort_files (names, order);
  for (guint i = 0; i < names->len; i++)
    {
      FsPalette *palette = load_palette (folder, g_ptr_array_index (names, i));

      if (palette != NULL)
        g_ptr_array_add (palettes, palette);
    }

  g_task_return_pointer (task, g_steal_pointer (&palettes), (GDestroyNotify) g_ptr_array_unref);
}

static void
start_scan (FsPaletteStore      *self,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, start_scan);
  g_task_set_task_data (task, g_object_ref (self->folder), g_object_unref);
  g_task_run_in_thread (task, scan_thread);
}

/* ---- Keeping the list in step with the folder (main thread) ---- */

FsPalette *
_fs_palette_store_find_by_path (GPtrArray  *palettes,
                                const char *path,
                                guint      *position)
{
  for (guint i = 0; i < palettes->len; i++)
    {
      FsPalette *palette = g_ptr_array_index (palettes, i);

      if (g_strcmp0 (fs_palette_get_path (palette), path) == 0)
        {
          if (position != NULL)
            *position = i;
          return palette;
        }
    }

  return NULL;
}

/* Files gone are removed, files changed update their palette in place
 * (so a palette the UI holds stays the same object), new files are
 * appended. */
static void
reconcile (FsPaletteStore *self,
           GPtrArray      *scanned)
{
  for (guint i = self->items->len; i > 0; i--)
    {
      FsPalette *palette = g_ptr_array_index (self->items, i - 1);

      if (_fs_palette_store_find_by_path (scanned, fs_palette_get_path (palette), NULL) == NULL)
        {
          g_ptr_array_remove_index (self->items, i - 1);
          _fs_palette_store_items_changed (self, i - 1, 1, 0);
        }
    }

  for (guint i = 0; i < scanned->len; i++)
    {
      FsPalette *fresh = g_ptr_array_index (scanned, i);
      const char *path = fs_palette_get_path (fresh);
      FsPalette *known = _fs_palette_store_find_by_path (self->items, path, NULL);

      if (known != NULL)
        _fs_palette_assign (known, fresh);
      else
        {
          g_ptr_array_add (self->items, g_object_ref (fresh));
          _fs_palette_store_items_changed (self, self->items->len - 1, 0, 1);
        }
    }
}

static void
rescan_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FsPaletteStore) self = user_data;
  g_autoptr(GPtrArray) scanned = NULL;
  g_autoptr(GError) error = NULL;

  self->scanning = FALSE;
  scanned = g_task_propagate_pointer (G_TASK (result), &error);
  if (scanned == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the palettes folder: %s", error->message);
      return;
    }

  /* A write that started meanwhile may make what was read stale. */
  if (self->busy > 0 || self->rescan_pending || self->writes != self->scan_writes)
    {
      self->rescan_pending = FALSE;
      schedule_rescan (self);
      return;
    }
  reconcile (self, scanned);
}

static gboolean
rescan_due_cb (gpointer user_data)
{
  FsPaletteStore *self = user_data;

  self->rescan_id = 0;
  if (self->busy > 0 || self->scanning)
    {
      self->rescan_pending = TRUE;
      return G_SOURCE_REMOVE;
    }

  self->scanning = TRUE;
  self->scan_writes = self->writes;
  start_scan (self, self->cancellable, rescan_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* Editors save in several steps (write, rename): one rescan a moment
 * after the last event. */
static void
schedule_rescan (FsPaletteStore *self)
{
  g_clear_handle_id (&self->rescan_id, g_source_remove);
  self->rescan_id = g_timeout_add (RESCAN_DELAY_MS, rescan_due_cb, self);
}

static gboolean
is_palette_file (GFile *file)
{
  g_autofree char *name = file != NULL ? g_file_get_basename (file) : NULL;

  return name != NULL && (g_str_has_suffix (name, ".gpl") || g_str_equal (name, ORDER_FILE));
}

static void
folder_changed_cb (GFileMonitor      *monitor,
                   GFile             *file,
                   GFile             *other_file,
                   GFileMonitorEvent  event,
                   gpointer           user_data)
{
  FsPaletteStore *self = user_data;

  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED ||
      event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT || event == G_FILE_MONITOR_EVENT_UNMOUNTED)
    return;
  if (is_palette_file (file) || is_palette_file (other_file))
    schedule_rescan (self);
}

static void
start_monitor (FsPaletteStore *self)
{
  g_autoptr(GError) error = NULL;

  if (self->monitor != NULL)
    return;

  self->monitor = g_file_monitor_directory (self->folder, G_FILE_MONITOR_WATCH_MOVES, NULL,
                                            &error);
  if (self->monitor == NULL)
    {
      g_warning ("Palettes added to the folder will not show until restart: %s",
                 error->message);
      return;
    }
  g_signal_connect (self->monitor, "changed", G_CALLBACK (folder_changed_cb), self);
}

void
_fs_palette_store_begin_write (FsPaletteStore *self)
{
  self->busy++;
  self->writes++;
}

/* A write of ours has finished: a rescan that waited may run. */
void
_fs_palette_store_end_write (FsPaletteStore *self)
{
  g_assert (self->busy > 0);
  self->busy--;
  if (self->busy == 0 && self->rescan_pending)
    {
      self->rescan_pending = FALSE;
      schedule_rescan (self);
    }
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FsPaletteStore *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) scanned = NULL;
  GError *error = NULL;
  guint removed = self->items->len;

  scanned = g_task_propagate_pointer (G_TASK (result), &error);
  if (scanned == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_ptr_array_set_size (self->items, 0);
  for (guint i = 0; i < scanned->len; i++)
    g_ptr_array_add (self->items, g_object_ref (g_ptr_array_index (scanned, i)));
  if (removed > 0 || self->items->len > 0)
    _fs_palette_store_items_changed (self, 0, removed, self->items->len);
  start_monitor (self);
  g_task_return_boolean (task, TRUE);
}

void
fs_palette_store_load_async (FsPaletteStore      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FS_IS_PALETTE_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_palette_store_load_async);
  start_scan (self, cancellable, load_cb, task);
}

gboolean
fs_palette_store_load_finish (FsPaletteStore  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (FS_IS_PALETTE_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
