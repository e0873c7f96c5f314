/* fs-batch-panel-load.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-batch.h"
#include "fs-batch-panel-private.h"
#include "fs-error.h"

/* A prompt list file loaded into the Images group (docs/ARCHITECTURE.md,
 * “Batches”): read, parsed by the core's fs_batch_parse(), its rows'
 * references prepared and every row checked with fs_batch_row_apply(),
 * all in a worker thread. */

/* As `flux-studio-cli batch`. */
#define LIST_MAX_BYTES (16 * 1024 * 1024)

typedef struct
{
  GFile     *file;
  FsRequest *request;         /* a copy, the worker's own */
  FsCatalog *catalog;
  char      *name;
  GPtrArray *rows;            /* FsBatchRow */
  GPtrArray *row_references;  /* GPtrArray of FsReference, one a row */
  GPtrArray *problems;        /* "line N: …" */
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->file);
  g_clear_object (&data->request);
  g_clear_object (&data->catalog);
  g_free (data->name);
  g_clear_pointer (&data->rows, g_ptr_array_unref);
  g_clear_pointer (&data->row_references, g_ptr_array_unref);
  g_clear_pointer (&data->problems, g_ptr_array_unref);
  g_free (data);
}

static void
check_rows (LoadData     *data,
            GCancellable *cancellable)
{
  g_autoptr(GFile) parent = g_file_get_parent (data->file);
  g_autofree char *folder = parent != NULL ? g_file_get_path (parent) : NULL;

  data->row_references = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < data->rows->len; i++)
    {
      FsBatchRow *row = g_ptr_array_index (data->rows, i);
      g_autoptr(GPtrArray) references = NULL;
      g_autoptr(FsRequest) request = NULL;
      g_autoptr(GError) error = NULL;
      guint count = 1;

      references = fs_batch_row_prepare_references (row, folder != NULL ? folder : ".",
                                                    cancellable, &error);
      if (references != NULL)
        request = fs_batch_row_apply (row, data->request, references, data->catalog, &count,
                                      &error);
      if (request == NULL)
        /* Translators: a line number of a prompt list, then what is wrong there */
        g_ptr_array_add (data->problems, g_strdup_printf (_("line %u: %s"), row->line,
                                                          error->message));
      g_ptr_array_add (data->row_references, references != NULL
                       ? g_steal_pointer (&references)
                       : g_ptr_array_new_with_free_func (g_object_unref));
    }
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  if (!g_file_load_contents (data->file, cancellable, &contents, &length, NULL, &error))
    {
      g_task_return_new_error (task, FS_ERROR, FS_ERROR_INVALID,
                               _("Could not read the prompt list %s: %s"), data->name,
                               error->message);
      return;
    }
  if (length > LIST_MAX_BYTES)
    {
      g_task_return_new_error (task, FS_ERROR, FS_ERROR_INVALID,
                               _("The prompt list %s is larger than 16 MB; split it into "
                                 "smaller files"), data->name);
      return;
    }

  data->rows = fs_batch_parse (data->name, contents, length, data->problems, &error);
  if (data->rows == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (data->rows->len == 0 && data->problems->len == 0)
    {
      g_task_return_new_error (task, FS_ERROR, FS_ERROR_INVALID,
                               _("The prompt list %s has no prompts"), data->name);
      return;
    }
  check_rows (data, cancellable);
  g_task_return_boolean (task, TRUE);
}

void
fs_batch_panel_load_async (FsBatchPanel        *self,
                           GFile               *file,
                           FsRequest           *request,
                           FsCatalog           *catalog,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (FS_IS_BATCH_PANEL (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (FS_IS_REQUEST (request));

  data = g_new0 (LoadData, 1);
  data->file = g_object_ref (file);
  data->request = fs_request_copy (request);
  data->catalog = g_object_ref (catalog);
  data->name = g_file_get_basename (file);
  data->problems = g_ptr_array_new_with_free_func (g_free);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_batch_panel_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

gboolean
fs_batch_panel_load_finish (FsBatchPanel  *self,
                            GAsyncResult  *result,
                            GStrv         *problems,
                            GError       **error)
{
  LoadData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (problems != NULL)
    *problems = NULL;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  data = g_task_get_task_data (G_TASK (result));
  /* A bad row: nothing of the file is sent. */
  if (data->problems->len > 0)
    {
      if (problems != NULL)
        {
          g_ptr_array_add (data->problems, NULL);
          *problems = g_strdupv ((char **) data->problems->pdata);
          g_ptr_array_remove_index (data->problems, data->problems->len - 1);
        }
      return FALSE;
    }

  _fs_batch_panel_set_list (self, data->name, data->rows, data->row_references);
  return TRUE;
}
