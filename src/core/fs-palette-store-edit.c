/* fs-palette-store-edit.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fs-error.h"
#include "fs-palette-store-private.h"

/* Changing the palettes: the file work runs in a worker thread on a
 * snapshot taken on the main thread; the list changes on the main thread
 * once the disk agrees. */

#define MAX_NAME_TRIES 1000

typedef enum
{
  OP_CREATE,
  OP_REPLACE,
  OP_DELETE,
  OP_ORDER,
} OpKind;

typedef struct
{
  OpKind     kind;
  GFile     *folder;
  FsPalette *palette;
  char      *path;      /* the file to replace or delete */
  char      *stem;      /* for a new file */
  GBytes    *bytes;     /* the contents to write */
  GStrv      order;     /* file names to store in order.txt, or NULL */
  char      *old_name;  /* a rename's, restored when the write fails */
} WriteOp;

static void
write_op_free (WriteOp *op)
{
  g_clear_object (&op->folder);
  g_clear_object (&op->palette);
  g_free (op->path);
  g_free (op->stem);
  g_clear_pointer (&op->bytes, g_bytes_unref);
  g_strfreev (op->order);
  g_free (op->old_name);
  g_free (op);
}

/* Takes @cause: a cancellation as it is, anything else as a storage
 * error naming @path and whether it was being written or deleted
 * (@deleting). */
static gboolean
storage_error (GError     **error,
               GError      *cause,
               const char  *path,
               gboolean     deleting)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, cause);
      return FALSE;
    }

  if (deleting)
    g_set_error (error, FS_ERROR, FS_ERROR_STORAGE, _("Could not delete the palette “%s”: %s"),
                 path, cause->message);
  else
    g_set_error (error, FS_ERROR, FS_ERROR_STORAGE, _("Could not write the palette “%s”: %s"),
                 path, cause->message);
  g_error_free (cause);
  return FALSE;
}

/* A new file, never over an existing one: "Brand.gpl", "Brand-2.gpl" … */
static char *
create_file (WriteOp       *op,
             GCancellable  *cancellable,
             GError       **error)
{
  for (guint n = 1; n <= MAX_NAME_TRIES; n++)
    {
      g_autofree char *name = n == 1 ? g_strconcat (op->stem, ".gpl", NULL)
                                     : g_strdup_printf ("%s-%u.gpl", op->stem, n);
      g_autoptr(GFile) file = g_file_get_child (op->folder, name);
      g_autoptr(GFileOutputStream) stream = NULL;
      GError *local_error = NULL;

      stream = g_file_create (file, G_FILE_CREATE_NONE, cancellable, &local_error);
      if (stream == NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_clear_error (&local_error);
          continue;
        }
      if (stream == NULL ||
          !g_output_stream_write_all (G_OUTPUT_STREAM (stream), g_bytes_get_data (op->bytes, NULL),
                                      g_bytes_get_size (op->bytes), NULL, cancellable,
                                      &local_error) ||
          !g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &local_error))
        {
          storage_error (error, local_error, name, FALSE);
          return NULL;
        }
      return g_file_get_path (file);
    }

  g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
               _("Could not find a free file name for the palette “%s”"), op->stem);
  return NULL;
}

static gboolean
replace_file (GFile         *file,
              GBytes        *bytes,
              GCancellable  *cancellable,
              GError       **error)
{
  GError *local_error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  gsize size;
  /* Empty bytes have no data, and GIO wants some: the order file of a
   * folder whose last palette was deleted is empty. */
  const char *data = g_bytes_get_data (bytes, &size);

  if (g_file_replace_contents (file, data != NULL ? data : "", size,
                               NULL, FALSE, G_FILE_CREATE_NONE, NULL, cancellable,
                               &local_error))
    return TRUE;
  return storage_error (error, local_error, name, FALSE);
}

/* The Trash where it works; deleted where it does not (no Trash on that
 * file system, or none that can be made). A file already gone is no
 * failure. */
static gboolean
trash_file (const char    *path,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GError *local_error = NULL;

  if (g_file_trash (file, cancellable, &local_error))
    return TRUE;
  if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&local_error);
      if (g_file_delete (file, cancellable, &local_error) ||
          g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_clear_error (&local_error);
          return TRUE;
        }
    }

  return storage_error (error, local_error, path, TRUE);
}

/* The order is a convenience: failing to store it fails nothing. */
static void
write_order (GFile      *folder,
             GStrv       order,
             const char *added_path)
{
  g_autoptr(GFile) file = g_file_get_child (folder, ORDER_FILE);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; order[i] != NULL; i++)
    g_string_append_printf (text, "%s\n", order[i]);
  if (added_path != NULL)
    {
      g_autofree char *name = g_path_get_basename (added_path);

      g_string_append_printf (text, "%s\n", name);
    }

  bytes = g_bytes_new (text->str, text->len);
  if (!replace_file (file, bytes, NULL, &error))
    g_warning ("Could not store the palettes' order: %s", error->message);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteOp *op = task_data;
  g_autofree char *created = NULL;
  g_autoptr(GFile) file = op->path != NULL ? g_file_new_for_path (op->path) : NULL;
  GError *error = NULL;
  gboolean ok = TRUE;

  switch (op->kind)
    {
    case OP_CREATE:
      ok = (created = create_file (op, cancellable, &error)) != NULL;
      break;
    case OP_REPLACE:
      ok = replace_file (file, op->bytes, cancellable, &error);
      break;
    case OP_DELETE:
      ok = trash_file (op->path, cancellable, &error);
      break;
    case OP_ORDER:
    default:
      break;
    }

  if (!ok)
    {
      g_task_return_error (task, error);
      return;
    }
  if (op->order != NULL)
    write_order (op->folder, op->order, created);
  g_task_return_pointer (task, created != NULL ? g_steal_pointer (&created) : g_strdup (""),
                         g_free);
}

/* The file names of the list as it is now, minus @except. */
static GStrv
snapshot_order (FsPaletteStore *self,
                FsPalette      *except)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < self->items->len; i++)
    {
      FsPalette *palette = g_ptr_array_index (self->items, i);
      const char *path = fs_palette_get_path (palette);

      g_autofree char *name = path != NULL ? g_path_get_basename (path) : NULL;

      if (palette != except && name != NULL)
        g_strv_builder_add (builder, name);
    }

  return g_strv_builder_end (builder);
}

static void
run_op (FsPaletteStore      *self,
        WriteOp             *op,
        gpointer             source_tag,
        GCancellable        *cancellable,
        GAsyncReadyCallback  done,
        GTask               *outer)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, done, outer);

  op->folder = g_object_ref (self->folder);
  _fs_palette_store_begin_write (self);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, (GDestroyNotify) write_op_free);
  if (self->writing)
    {
      g_queue_push_tail (&self->waiting, g_steal_pointer (&task));
      return;
    }
  self->writing = TRUE;
  g_task_run_in_thread (task, write_thread);
}

/* The write that waited longest, now that the one before it is done. */
static void
run_next_op (FsPaletteStore *self)
{
  g_autoptr(GTask) next = g_queue_pop_head (&self->waiting);

  self->writing = next != NULL;
  if (next != NULL)
    g_task_run_in_thread (next, write_thread);
}

static GTask *
new_outer (FsPaletteStore      *self,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *outer = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (outer, source_tag);
  return outer;
}

/* Runs on the main thread when the worker is done: FALSE, with @outer
 * answered, when the write failed; else the created file's path, if any,
 * in @created. */
static gboolean
finish_op (GObject       *object,
           GAsyncResult  *result,
           GTask         *outer,
           char         **created)
{
  FsPaletteStore *self = FS_PALETTE_STORE (object);
  GError *error = NULL;
  char *path = g_task_propagate_pointer (G_TASK (result), &error);

  _fs_palette_store_end_write (self);
  run_next_op (self);
  if (path == NULL)
    {
      g_task_return_error (outer, error);
      return FALSE;
    }

  if (created != NULL)
    *created = path;
  else
    g_free (path);
  return TRUE;
}

/* ---- Add ---- */

/* "Brand / Print" → "Brand - Print": a file name on any file system. */
static char *
file_stem (const char *name)
{
  g_autofree char *stem = g_strdup (name != NULL && *name != '\0' ? name : _("Palette"));

  g_strdelimit (stem, "/\\:*?\"<>|\n\r\t", '-');
  while (stem[0] == '.')
    stem[0] = '-';
  if (strlen (stem) > 100)
    stem[100] = '\0';
  return g_steal_pointer (&stem);
}

static char *
unique_name (FsPaletteStore *self,
             const char     *name)
{
  const char *base = name != NULL && *name != '\0' ? name : _("Palette");

  if (fs_palette_store_find (self, base) == NULL)
    return g_strdup (base);
  for (guint n = 2;; n++)
    {
      /* Translators: a palette's name made unique, "Brand 2" */
      g_autofree char *candidate = g_strdup_printf (_("%s %u"), base, n);

      if (fs_palette_store_find (self, candidate) == NULL)
        return g_steal_pointer (&candidate);
    }
}

static void
add_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  FsPaletteStore *self = FS_PALETTE_STORE (object);
  g_autoptr(GTask) outer = user_data;
  g_autofree char *path = NULL;
  FsPalette *palette = g_task_get_task_data (outer);

  if (!finish_op (object, result, outer, &path))
    return;

  fs_palette_set_path (palette, path);
  /* The folder's monitor may have reported the new file first. */
  if (_fs_palette_store_find_by_path (self->items, path, NULL) == NULL)
    {
      g_ptr_array_add (self->items, g_object_ref (palette));
      _fs_palette_store_items_changed (self, self->items->len - 1, 0, 1);
    }
  g_task_return_pointer (outer, g_object_ref (palette), g_object_unref);
}

void
fs_palette_store_add_async (FsPaletteStore      *self,
                            FsPalette           *palette,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *outer;
  WriteOp *op;
  g_autofree char *name = NULL;

  g_return_if_fail (FS_IS_PALETTE_STORE (self));
  g_return_if_fail (FS_IS_PALETTE (palette));

  outer = new_outer (self, fs_palette_store_add_async, cancellable, callback, user_data);
  g_task_set_task_data (outer, g_object_ref (palette), g_object_unref);
  name = unique_name (self, fs_palette_get_name (palette));
  fs_palette_set_name (palette, name);

  op = g_new0 (WriteOp, 1);
  op->kind = OP_CREATE;
  op->stem = file_stem (name);
  op->bytes = fs_palette_to_gpl (palette);
  op->order = snapshot_order (self, NULL);
  run_op (self, op, fs_palette_store_add_async, cancellable, add_done_cb, outer);
}

FsPalette *
fs_palette_store_add_finish (FsPaletteStore  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (FS_IS_PALETTE_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Save and rename ---- */

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  WriteOp *op = g_task_get_task_data (G_TASK (result));

  if (!finish_op (object, result, outer, NULL))
    {
      if (op->old_name != NULL)
        fs_palette_set_name (op->palette, op->old_name);
      return;
    }
  g_task_return_boolean (outer, TRUE);
}

static void
start_save (FsPaletteStore      *self,
            FsPalette           *palette,
            const char          *old_name,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *outer = new_outer (self, source_tag, cancellable, callback, user_data);
  WriteOp *op;

  if (fs_palette_get_path (palette) == NULL)
    {
      if (old_name != NULL)
        fs_palette_set_name (palette, old_name);
      g_task_return_new_error (outer, FS_ERROR, FS_ERROR_STORAGE,
                               _("The palette “%s” is not stored in the palettes folder"),
                               fs_palette_get_name (palette));
      g_object_unref (outer);
      return;
    }

  op = g_new0 (WriteOp, 1);
  op->kind = OP_REPLACE;
  op->palette = g_object_ref (palette);
  op->path = g_strdup (fs_palette_get_path (palette));
  op->bytes = fs_palette_to_gpl (palette);
  op->old_name = g_strdup (old_name);
  run_op (self, op, source_tag, cancellable, save_done_cb, outer);
}

void
fs_palette_store_save_async (FsPaletteStore      *self,
                             FsPalette           *palette,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (FS_IS_PALETTE_STORE (self));
  g_return_if_fail (FS_IS_PALETTE (palette));

  start_save (self, palette, NULL, fs_palette_store_save_async, cancellable, callback,
              user_data);
}

gboolean
fs_palette_store_save_finish (FsPaletteStore  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (FS_IS_PALETTE_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The name changes at once (the UI shows it); a failed write puts the
 * old one back. */
void
fs_palette_store_rename_async (FsPaletteStore      *self,
                               FsPalette           *palette,
                               const char          *name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *old_name = NULL;

  g_return_if_fail (FS_IS_PALETTE_STORE (self));
  g_return_if_fail (FS_IS_PALETTE (palette));
  g_return_if_fail (name != NULL);

  old_name = g_strdup (fs_palette_get_name (palette));
  fs_palette_set_name (palette, name);
  start_save (self, palette, old_name, fs_palette_store_rename_async, cancellable, callback,
              user_data);
}

gboolean
fs_palette_store_rename_finish (FsPaletteStore  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return fs_palette_store_save_finish (self, result, error);
}

/* ---- Delete ---- */

static void
delete_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  FsPaletteStore *self = FS_PALETTE_STORE (object);
  g_autoptr(GTask) outer = user_data;
  FsPalette *palette = g_task_get_task_data (outer);
  guint position;

  if (!finish_op (object, result, outer, NULL))
    return;

  if (g_ptr_array_find (self->items, palette, &position))
    {
      g_ptr_array_remove_index (self->items, position);
      _fs_palette_store_items_changed (self, position, 1, 0);
    }
  g_task_return_boolean (outer, TRUE);
}

void
fs_palette_store_delete_async (FsPaletteStore      *self,
                               FsPalette           *palette,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *outer;
  WriteOp *op;

  g_return_if_fail (FS_IS_PALETTE_STORE (self));
  g_return_if_fail (FS_IS_PALETTE (palette));

  outer = new_outer (self, fs_palette_store_delete_async, cancellable, callback, user_data);
  g_task_set_task_data (outer, g_object_ref (palette), g_object_unref);
  op = g_new0 (WriteOp, 1);
  op->kind = fs_palette_get_path (palette) != NULL ? OP_DELETE : OP_ORDER;
  op->path = g_strdup (fs_palette_get_path (palette));
  op->order = snapshot_order (self, palette);
  run_op (self, op, fs_palette_store_delete_async, cancellable, delete_done_cb, outer);
}

gboolean
fs_palette_store_delete_finish (FsPaletteStore  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return fs_palette_store_save_finish (self, result, error);
}

/* ---- Reorder ---- */

static void
move_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;

  if (finish_op (object, result, outer, NULL))
    g_task_return_boolean (outer, TRUE);
}

void
fs_palette_store_move_async (FsPaletteStore      *self,
                             guint                from,
                             guint                to,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *outer;
  WriteOp *op;
  gpointer palette;

  g_return_if_fail (FS_IS_PALETTE_STORE (self));
  g_return_if_fail (from < self->items->len);

  outer = new_outer (self, fs_palette_store_move_async, cancellable, callback, user_data);
  to = MIN (to, self->items->len - 1);
  if (from != to)
    {
      palette = g_ptr_array_steal_index (self->items, from);
      g_ptr_array_insert (self->items, to, palette);
      _fs_palette_store_items_changed (self, MIN (from, to), MAX (from, to) - MIN (from, to) + 1,
                                       MAX (from, to) - MIN (from, to) + 1);
    }

  op = g_new0 (WriteOp, 1);
  op->kind = OP_ORDER;
  op->order = snapshot_order (self, NULL);
  run_op (self, op, fs_palette_store_move_async, cancellable, move_done_cb, outer);
}

gboolean
fs_palette_store_move_finish (FsPaletteStore  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  return fs_palette_store_save_finish (self, result, error);
}
