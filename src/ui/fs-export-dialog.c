/* fs-export-dialog.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fs-export.h"
#include "fs-export-dialog.h"

#define STRIP_CHOICE "strip-metadata"

/* GtkFileChooserNative goes through the file chooser portal when there is
 * one (a Flatpak: the folder is then granted to the app) and is a GTK
 * dialog otherwise. GTK 4.10's GtkFileDialog has no choices, where
 * “Remove metadata” lives, so the native chooser serves every version. */

/* The folder last exported to, offered first next time (this session). */
static GFile *last_folder;

typedef struct
{
  GPtrArray       *assets;   /* FsAsset */
  GtkNativeDialog *chooser;
  GFile           *folder;
  gboolean         strip;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_ptr_array_unref (data->assets);
  if (data->chooser != NULL)
    gtk_native_dialog_destroy (data->chooser);
  g_clear_object (&data->chooser);
  g_clear_object (&data->folder);
  g_free (data);
}

static ExportData *
export_data_new (GPtrArray *assets)
{
  ExportData *data = g_new0 (ExportData, 1);

  data->assets = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < assets->len; i++)
    g_ptr_array_add (data->assets, g_object_ref (g_ptr_array_index (assets, i)));

  return data;
}

/* "~/Desktop/for client" rather than the whole path under the home folder. */
static char *
display_folder (GFile *folder)
{
  g_autofree char *path = g_file_get_path (folder);
  const char *home = g_get_home_dir ();
  gsize home_length = strlen (home);

  if (path == NULL)
    return g_file_get_parse_name (folder);
  if (g_str_has_prefix (path, home) && path[home_length] == G_DIR_SEPARATOR)
    {
      g_autofree char *inside = g_filename_display_name (path + home_length);

      return g_strconcat ("~", inside, NULL);
    }

  return g_filename_display_name (path);
}

/* One sentence: how many copies went where, and the first that did not. */
static char *
describe (GPtrArray *results,
          GFile     *folder,
          gboolean   strip)
{
  g_autofree char *where = display_folder (folder);
  FsExportResult *failed = NULL;
  guint n_written = 0;
  gboolean truncated = FALSE;
  char *message;

  for (guint i = 0; i < results->len; i++)
    {
      FsExportResult *result = g_ptr_array_index (results, i);

      if (result->error == NULL)
        {
          n_written++;
          truncated = truncated || result->truncated;
        }
      else if (failed == NULL)
        failed = result;
    }

  if (failed != NULL)
    {
      g_autofree char *name = g_path_get_basename (failed->source);

      if (n_written == 0)
        /* Translators: an image's file name, then why it could not be exported */
        return g_strdup_printf (_("“%s” was not exported: %s"), name, failed->error->message);

      /* Translators: the number written, the number asked for, the folder,
       * then the file name of one that was not written and why */
      return g_strdup_printf (ngettext ("Exported %u of %u image to “%s”; “%s” was not: %s",
                                        "Exported %u of %u images to “%s”; “%s” was not: %s",
                                        results->len),
                              n_written, results->len, where, name, failed->error->message);
    }

  if (strip)
    /* Translators: the folder follows */
    message = g_strdup_printf (ngettext ("Exported %u copy without metadata to “%s”",
                                         "Exported %u copies without metadata to “%s”",
                                         n_written), n_written, where);
  else if (truncated)
    /* Translators: the folder follows; a JPEG's XMP holds at most 64 KB */
    message = g_strdup_printf (ngettext ("Exported %u copy with its record to “%s”; the prompt "
                                         "in the JPEG’s XMP is shortened to fit",
                                         "Exported %u copies with their records to “%s”; the "
                                         "prompt in a JPEG’s XMP is shortened to fit",
                                         n_written), n_written, where);
  else
    /* Translators: the folder follows */
    message = g_strdup_printf (ngettext ("Exported %u copy with its record to “%s”",
                                         "Exported %u copies with their records to “%s”",
                                         n_written), n_written, where);

  return message;
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExportData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *where = NULL;

  results = fs_export_finish (result, &error);
  if (results != NULL)
    {
      if (data->chooser != NULL)
        g_set_object (&last_folder, data->folder);
      g_task_return_pointer (task, describe (results, data->folder, data->strip), g_free);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  where = display_folder (data->folder);
  /* Translators: a folder, then why nothing could be written there */
  g_task_return_pointer (task, g_strdup_printf (_("Could not export to “%s”: %s"), where,
                                                error->message), g_free);
}

static void
start_export (GTask *task)
{
  ExportData *data = g_task_get_task_data (task);
  g_autofree char *path = g_file_get_path (data->folder);

  if (path == NULL)
    {
      g_autofree char *where = display_folder (data->folder);

      g_task_return_pointer (task, g_strdup_printf (_("Could not export to “%s”: it is not a "
                                                      "local folder"), where), g_free);
      g_object_unref (task);
      return;
    }

  fs_export_async (data->assets, path,
                   data->strip ? FS_EXPORT_STRIP_METADATA : FS_EXPORT_NONE,
                   g_task_get_cancellable (task), exported_cb, task);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     GTask           *task)
{
  ExportData *data = g_task_get_task_data (task);
  const char *strip;

  if (response != GTK_RESPONSE_ACCEPT ||
      (data->folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }

  strip = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), STRIP_CHOICE);
  data->strip = g_strcmp0 (strip, "true") == 0;
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  start_export (task);
}

void
fs_export_dialog_run_async (GtkWidget           *widget,
                            GPtrArray           *assets,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GtkRoot *root;
  GTask *task;
  ExportData *data;
  GtkFileChooserNative *chooser;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (assets != NULL);

  task = g_task_new (widget, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_export_dialog_run_async);
  data = export_data_new (assets);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);

  root = gtk_widget_get_root (widget);
  chooser = gtk_file_chooser_native_new (ngettext ("Export a Copy", "Export Copies",
                                                   assets->len),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Export"), _("_Cancel"));
  data->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_set_modal (data->chooser, TRUE);
  /* A boolean choice: a check box in the chooser, and in the portal's. */
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), STRIP_CHOICE,
                               _("Remove metadata"), NULL, NULL);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), STRIP_CHOICE, "false");
  if (last_folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), last_folder, NULL);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), task);
  gtk_native_dialog_show (data->chooser);
}

char *
fs_export_dialog_run_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fs_export_dialog_run_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
fs_export_dialog_export_async (GtkWidget           *widget,
                               GPtrArray           *assets,
                               GFile               *folder,
                               gboolean             strip_metadata,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  ExportData *data;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (assets != NULL);
  g_return_if_fail (G_IS_FILE (folder));

  task = g_task_new (widget, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_export_dialog_export_async);
  data = export_data_new (assets);
  data->folder = g_object_ref (folder);
  data->strip = strip_metadata;
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  start_export (task);
}

char *
fs_export_dialog_export_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fs_export_dialog_export_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
