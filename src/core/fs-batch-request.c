/* fs-batch-request.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fs-batch.h"
#include "fs-error.h"
#include "fs-variations.h"

/* A prompt list's row made into a request (docs/ARCHITECTURE.md,
 * “Batches”): the defaults with what the row gives. */

gboolean
fs_batch_set_int (FsRequest   *request,
                  const char  *name,
                  const char  *label,
                  const char  *text,
                  GError     **error)
{
  gint64 value;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
    {
      /* Translators: an option or a prompt list's column (--seed, steps …), then its value */
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID, _("%s takes a whole number, not “%s”"),
                   label, text);
      return FALSE;
    }
  fs_request_set_param (request, name, g_variant_new_int64 (value));
  return TRUE;
}

gboolean
fs_batch_set_number (FsRequest   *request,
                     const char  *name,
                     const char  *label,
                     const char  *text,
                     GError     **error)
{
  char *end = NULL;
  double value;

  if (text == NULL)
    return TRUE;
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0')
    {
      /* Translators: an option or a prompt list's column (--guidance …), then its value */
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID, _("%s takes a number, not “%s”"),
                   label, text);
      return FALSE;
    }
  fs_request_set_param (request, name, g_variant_new_double (value));
  return TRUE;
}

FsRequest *
fs_batch_row_apply (FsBatchRow  *row,
                    FsRequest   *defaults,
                    GPtrArray   *references,
                    FsCatalog   *catalog,
                    guint       *count,
                    GError     **error)
{
  g_autoptr(FsRequest) request = NULL;
  const char *provider_id = row->provider != NULL ? row->provider
                                                  : fs_request_get_provider_id (defaults);
  const char *model_id = row->model != NULL ? row->model : fs_request_get_model_id (defaults);
  guint64 n = *count;

  g_return_val_if_fail (row != NULL && FS_IS_REQUEST (defaults), NULL);

  /* Another model starts from its own defaults: the window's settings
   * may not be valid there. The defaults' own model keeps them (`batch`
   * gives each row defaults made for its model from the command line). */
  if (g_strcmp0 (provider_id, fs_request_get_provider_id (defaults)) != 0 ||
      g_strcmp0 (model_id, fs_request_get_model_id (defaults)) != 0)
    request = fs_request_new (provider_id, model_id);
  else
    request = fs_request_copy (defaults);
  fs_request_set_prompt (request, row->prompt);

  if (row->width != NULL || row->height != NULL || row->aspect_ratio != NULL)
    {
      fs_request_unset_param (request, "width");
      fs_request_unset_param (request, "height");
      fs_request_unset_param (request, "aspect_ratio");
    }
  if (row->aspect_ratio != NULL)
    fs_request_set_param (request, "aspect_ratio", g_variant_new_string (row->aspect_ratio));
  if (!fs_batch_set_int (request, "width", "width", row->width, error) ||
      !fs_batch_set_int (request, "height", "height", row->height, error) ||
      !fs_batch_set_int (request, "seed", "seed", row->seed, error) ||
      !fs_batch_set_int (request, "steps", "steps", row->steps, error) ||
      !fs_batch_set_number (request, "guidance", "guidance", row->guidance, error))
    return NULL;

  if (row->count != NULL &&
      !g_ascii_string_to_unsigned (row->count, 10, 1, FS_VARIATIONS_MAX_COUNT, &n, NULL))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("count takes a number of images from 1 to %u, not “%s”"),
                   FS_VARIATIONS_MAX_COUNT, row->count);
      return NULL;
    }
  *count = (guint) n;

  /* The row's references replace the defaults'. */
  if (row->refs != NULL)
    {
      fs_request_clear_references (request);
      for (guint i = 0; references != NULL && i < references->len; i++)
        fs_request_add_reference (request, g_ptr_array_index (references, i));
    }

  if (!fs_request_check (request, catalog, error))
    return NULL;
  return g_steal_pointer (&request);
}

GPtrArray *
fs_batch_row_plan (FsBatchRow  *row,
                   FsRequest   *defaults,
                   GPtrArray   *references,
                   FsCatalog   *catalog,
                   guint        count,
                   FsSeedMode   mode,
                   GError     **error)
{
  g_autoptr(FsRequest) request = NULL;
  GPtrArray *plan;

  g_return_val_if_fail (row != NULL && FS_IS_REQUEST (defaults), NULL);

  request = fs_batch_row_apply (row, defaults, references, catalog, &count, error);
  if (request == NULL)
    return NULL;
  if (count <= 1)
    {
      plan = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (plan, g_steal_pointer (&request));
      return plan;
    }
  /* A row's own seed counts up rather than being drawn again. */
  if (row->seed != NULL && mode == FS_SEED_MODE_RANDOM)
    mode = FS_SEED_MODE_INCREMENT;
  return fs_variations_plan_checked (request, catalog, count, mode, error);
}

/* Reference files prepared in this worker thread -------------------------------- */

static void
prepared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

GStrv
fs_batch_row_ref_paths (FsBatchRow *row,
                        const char *folder)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (row != NULL && folder != NULL, NULL);

  for (guint i = 0; row->refs != NULL && row->refs[i] != NULL; i++)
    {
      const char *ref = row->refs[i];
      g_autofree char *path = ref[0] == '~' && (ref[1] == '/' || ref[1] == '\0')
                              ? g_build_filename (g_get_home_dir (), ref + 1, NULL)
                              : g_path_is_absolute (ref)
                              ? g_strdup (ref)
                              : g_build_filename (folder, ref, NULL);

      g_strv_builder_add (builder, path);
    }
  return g_strv_builder_end (builder);
}

GPtrArray *
fs_batch_row_prepare_references (FsBatchRow    *row,
                                 const char    *folder,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(GPtrArray) references = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_auto(GStrv) paths = fs_batch_row_ref_paths (row, folder);

  g_main_context_push_thread_default (context);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) local_error = NULL;
      FsReference *reference;

      fs_reference_prepare_file_async (file, cancellable, prepared_cb, &result);
      while (result == NULL)
        g_main_context_iteration (context, TRUE);
      reference = fs_reference_prepare_finish (result, &local_error);
      if (reference == NULL)
        {
          g_set_error (error, FS_ERROR, FS_ERROR_INVALID, _("Reference image %u (%s): %s"),
                       i + 1, row->refs[i], local_error->message);
          g_main_context_pop_thread_default (context);
          return NULL;
        }
      g_ptr_array_add (references, reference);
    }
  g_main_context_pop_thread_default (context);
  return g_steal_pointer (&references);
}
