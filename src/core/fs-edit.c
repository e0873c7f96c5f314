/* fs-edit.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fs-edit.h"
#include "fs-error.h"
#include "fs-file.h"

/* Margins ------------------------------------------------------------------ */

gboolean
fs_margins_is_zero (const FsMargins *margins)
{
  g_return_val_if_fail (margins != NULL, TRUE);

  return margins->top == 0 && margins->bottom == 0 &&
         margins->left == 0 && margins->right == 0;
}

void
fs_margins_add_to_builder (const FsMargins *margins,
                           JsonBuilder     *builder)
{
  g_return_if_fail (margins != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  json_builder_set_member_name (builder, "margins");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "top");
  json_builder_add_int_value (builder, margins->top);
  json_builder_set_member_name (builder, "bottom");
  json_builder_add_int_value (builder, margins->bottom);
  json_builder_set_member_name (builder, "left");
  json_builder_add_int_value (builder, margins->left);
  json_builder_set_member_name (builder, "right");
  json_builder_add_int_value (builder, margins->right);
  json_builder_end_object (builder);
}

/* The smallest canvas of the ratio that holds the image: only one pair of
 * sides grows, so the image keeps its place in the middle. */
gboolean
fs_margins_for_aspect (guint      width,
                       guint      height,
                       guint      ratio_width,
                       guint      ratio_height,
                       FsMargins *margins)
{
  guint64 wide;
  guint64 tall;

  g_return_val_if_fail (margins != NULL, FALSE);

  *margins = (FsMargins) { 0, 0, 0, 0 };
  if (width == 0 || height == 0 || ratio_width == 0 || ratio_height == 0)
    return FALSE;

  /* Compared as integers: width / height against ratio_width / ratio_height. */
  wide = (guint64) width * ratio_height;
  tall = (guint64) height * ratio_width;

  if (wide < tall)
    {
      /* Too narrow: the new width is height × ratio, rounded up. */
      guint64 target = (tall + ratio_height - 1) / ratio_height;
      guint64 extra = target - width;

      margins->left = (guint) (extra / 2);
      margins->right = (guint) (extra - extra / 2);
    }
  else if (wide > tall)
    {
      guint64 target = (wide + ratio_width - 1) / ratio_width;
      guint64 extra = target - height;

      margins->top = (guint) (extra / 2);
      margins->bottom = (guint) (extra - extra / 2);
    }

  return TRUE;
}

/* Sources ---------------------------------------------------------------------- */

FsEditSource *
fs_edit_source_new (FsReference *image,
                    const char  *sha256,
                    const char  *path)
{
  FsEditSource *source;

  g_return_val_if_fail (FS_IS_REFERENCE (image), NULL);

  source = g_new0 (FsEditSource, 1);
  source->image = g_object_ref (image);
  source->sha256 = g_strdup (sha256 != NULL ? sha256 : fs_reference_get_sha256 (image));
  source->path = g_strdup (path);
  return source;
}

FsEditSource *
fs_edit_source_copy (const FsEditSource *source)
{
  g_return_val_if_fail (source != NULL, NULL);

  return fs_edit_source_new (source->image, source->sha256, source->path);
}

void
fs_edit_source_free (FsEditSource *source)
{
  if (source == NULL)
    return;

  g_clear_object (&source->image);
  g_free (source->sha256);
  g_free (source->path);
  g_free (source);
}

typedef struct
{
  GFile  *file;
  GBytes *bytes;
  char   *sha256;
  char   *path;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_free (data->sha256);
  g_free (data->path);
  g_free (data);
}

/* Only a regular file within the limit of a reference is read, as for
 * references (docs/ARCHITECTURE.md, “Limits”). */
static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(GError) error = NULL;

  data->bytes = fs_file_read (data->file, FS_FILE_MAX_IMAGE_BYTES, cancellable, &error);
  if (data->bytes == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (data->file);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, FS_ERROR, FS_ERROR_INVALID,
                                 /* Translators: a file name, then why */
                                 _("“%s” cannot be edited: %s"), name, error->message);
      return;
    }

  data->sha256 = fs_file_sha256_bytes (data->bytes);
  g_task_return_boolean (task, TRUE);
}

static void
prepared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(FsReference) image = NULL;
  GError *error = NULL;

  image = fs_reference_prepare_finish (result, &error);
  if (image == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, fs_edit_source_new (image, data->sha256, data->path),
                         (GDestroyNotify) fs_edit_source_free);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *read_task = G_TASK (result);
  GTask *task = user_data;
  LoadData *data = g_task_get_task_data (task);
  g_autofree char *name = NULL;
  GError *error = NULL;

  if (!g_task_propagate_boolean (read_task, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  name = g_file_get_basename (data->file);
  fs_reference_prepare_bytes_async (data->bytes, name, g_task_get_cancellable (task),
                                    prepared_cb, task);
}

void
fs_edit_source_load_async (GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  g_autoptr(GTask) read_task = NULL;
  LoadData *data;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_edit_source_load_async);
  data = g_new0 (LoadData, 1);
  data->file = g_object_ref (file);
  data->path = g_file_get_path (file);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);

  /* The reading task shares the data; the outer task owns it. */
  read_task = g_task_new (NULL, cancellable, read_cb, task);
  g_task_set_source_tag (read_task, fs_edit_source_load_async);
  g_task_set_task_data (read_task, data, NULL);
  g_task_run_in_thread (read_task, read_thread);
}

FsEditSource *
fs_edit_source_load_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
