/* fs-batch-call.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fs-batch.h"
#include "fs-batch-call.h"
#include "fs-error.h"
#include "fs-json.h"
#include "fs-reference-store.h"

/* A batch's call as its journalled row (docs/ARCHITECTURE.md,
 * “Batches”), and back: the one path from a dead batch's unsent row to
 * its job, for `flux-studio-cli resume` and the window alike. */

void
fs_batch_call_free (FsBatchCall *call)
{
  if (call == NULL)
    return;

  g_free (call->job_id);
  g_clear_object (&call->request);
  g_free (call->base_url);
  g_free (call);
}

JsonObject *
fs_batch_call_to_row (guint               line,
                      const char         *job_id,
                      FsRequest          *request,
                      const char * const *ref_paths,
                      const char         *base_url,
                      gboolean            json_references)
{
  JsonObject *row = json_object_new ();
  JsonObject *options = json_object_new ();

  g_return_val_if_fail (job_id != NULL && FS_IS_REQUEST (request), NULL);

  if (ref_paths != NULL)
    {
      JsonArray *refs = json_array_new ();

      for (guint i = 0; ref_paths[i] != NULL; i++)
        json_array_add_string_element (refs, ref_paths[i]);
      json_object_set_array_member (options, "refs", refs);
    }
  if (base_url != NULL)
    json_object_set_string_member (options, "base_url", base_url);
  json_object_set_boolean_member (options, "json_references", json_references);
  json_object_set_int_member (row, "line", line);
  json_object_set_string_member (row, "job_id", job_id);
  json_object_set_member (row, "request", fs_request_to_json (request));
  json_object_set_object_member (row, "options", options);
  return row;
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static GStrv
string_elements (JsonObject *object,
                 const char *name)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = json_object_get_member (object, name);
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node)
                                                                 : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      const char *text = json_array_get_string_element (array, i);

      if (text != NULL)
        g_strv_builder_add (builder, text);
    }
  return g_strv_builder_end (builder);
}

/* The references again: from the journalled files when the row names
 * them, else from the reference store by the record's hashes. */
static GPtrArray *
prepare_references (JsonObject    *record,
                    JsonObject    *options,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GPtrArray) references = NULL;
  g_auto(GStrv) hashes = NULL;

  if (json_object_has_member (options, "refs"))
    {
      g_auto(GStrv) paths = string_elements (options, "refs");
      FsBatchRow files = { .refs = paths };

      /* The paths were journalled absolute. */
      return fs_batch_row_prepare_references (&files, "/", cancellable, error);
    }

  references = g_ptr_array_new_with_free_func (g_object_unref);
  hashes = string_elements (record, "references");
  for (guint i = 0; hashes[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      FsReference *reference = fs_reference_store_load (hashes[i], NULL, &local_error);

      if (reference == NULL)
        {
          g_set_error (error, FS_ERROR, FS_ERROR_INVALID, _("Reference image %u: %s"), i + 1,
                       local_error->message);
          return NULL;
        }
      g_ptr_array_add (references, reference);
    }
  return g_steal_pointer (&references);
}

FsBatchCall *
fs_batch_call_new_from_row (JsonObject    *row,
                            FsCatalog     *catalog,
                            GCancellable  *cancellable,
                            GError       **error)
{
  JsonObject *record, *options;
  g_autoptr(FsRequest) request = NULL;
  g_autoptr(GPtrArray) references = NULL;
  FsBatchCall *call;

  g_return_val_if_fail (row != NULL, NULL);

  record = object_member (row, "request");
  options = object_member (row, "options");
  if (record == NULL || options == NULL || fs_json_get_string (row, "job_id") == NULL)
    {
      g_set_error_literal (error, FS_ERROR, FS_ERROR_FAILED,
                           _("its journalled request cannot be read"));
      return NULL;
    }
  if ((request = fs_request_new_from_record_full (record, catalog, error)) == NULL ||
      (references = prepare_references (record, options, cancellable, error)) == NULL)
    return NULL;
  for (guint i = 0; i < references->len; i++)
    fs_request_add_reference (request, g_ptr_array_index (references, i));

  call = g_new0 (FsBatchCall, 1);
  call->line = (guint) json_object_get_int_member_with_default (row, "line", 0);
  call->job_id = g_strdup (fs_json_get_string (row, "job_id"));
  call->request = g_steal_pointer (&request);
  call->base_url = g_strdup (fs_json_get_string (options, "base_url"));
  call->json_references = json_object_get_boolean_member_with_default (options,
                                                                       "json_references",
                                                                       FALSE);
  return call;
}

FsJob *
fs_batch_call_new_job (FsBatchCall *call,
                       FsCatalog   *catalog,
                       FsProvider  *provider,
                       FsLibrary   *library,
                       const char  *key)
{
  FsJob *job;

  g_return_val_if_fail (call != NULL, NULL);

  job = fs_job_new (call->request, catalog, provider, library, key);
  fs_job_set_id (job, call->job_id);
  return job;
}

/* Every row in a worker ------------------------------------------------------------ */

typedef struct
{
  GPtrArray *rows;
  FsCatalog *catalog;
  GPtrArray *problems;
} FromRows;

static void
from_rows_free (FromRows *data)
{
  g_ptr_array_unref (data->rows);
  g_object_unref (data->catalog);
  g_clear_pointer (&data->problems, g_ptr_array_unref);
  g_free (data);
}

static void
from_rows_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  FromRows *data = task_data;
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func ((GDestroyNotify) fs_batch_call_free);

  for (guint i = 0; i < data->rows->len; i++)
    {
      JsonObject *row = g_ptr_array_index (data->rows, i);
      g_autoptr(GError) error = NULL;
      FsBatchCall *call = fs_batch_call_new_from_row (row, data->catalog, cancellable, &error);

      if (g_task_return_error_if_cancelled (task))
        return;
      if (call != NULL)
        g_ptr_array_add (calls, call);
      else
        /* Translators: a line of a prompt list, then why its row cannot be sent */
        g_ptr_array_add (data->problems,
                         g_strdup_printf (_("line %u: %s"),
                                          (guint) json_object_get_int_member_with_default (row, "line", 0),
                                          error->message));
    }
  g_task_return_pointer (task, g_steal_pointer (&calls), (GDestroyNotify) g_ptr_array_unref);
}

void
fs_batch_call_new_from_rows_async (GPtrArray           *rows,
                                   FsCatalog           *catalog,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FromRows *data;

  g_return_if_fail (rows != NULL && FS_IS_CATALOG (catalog));

  data = g_new0 (FromRows, 1);
  data->rows = g_ptr_array_ref (rows);
  data->catalog = g_object_ref (catalog);
  data->problems = g_ptr_array_new_with_free_func (g_free);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_batch_call_new_from_rows_async);
  g_task_set_task_data (task, data, (GDestroyNotify) from_rows_free);
  g_task_run_in_thread (task, from_rows_worker);
}

GPtrArray *
fs_batch_call_new_from_rows_finish (GAsyncResult  *result,
                                    GPtrArray    **problems,
                                    GError       **error)
{
  FromRows *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (problems != NULL)
    *problems = g_ptr_array_ref (data->problems);
  return g_task_propagate_pointer (G_TASK (result), error);
}
