/* fs-export-dialog.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Export from the window (docs/ARCHITECTURE.md, “Export”): the file
 * chooser portal asks for a folder, with a “Remove metadata” choice, then
 * the copies are written by fs_export_async() in a worker thread. For the
 * detail page's image, and for any list of FsAsset (the gallery's
 * selection). */

/* Asks for the folder with @widget's window as the chooser's parent, then
 * exports @assets (FsAsset) there. Finishes with one sentence for a toast
 * that says where the copies went (or why some did not), or NULL when the
 * chooser was dismissed. @widget is kept alive until then. */
void  fs_export_dialog_run_async         (GtkWidget            *widget,
                                          GPtrArray            *assets,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
char *fs_export_dialog_run_finish        (GAsyncResult         *result,
                                          GError              **error);

/* The same without the chooser: @folder and @strip_metadata given. */
void  fs_export_dialog_export_async      (GtkWidget            *widget,
                                          GPtrArray            *assets,
                                          GFile                *folder,
                                          gboolean              strip_metadata,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
char *fs_export_dialog_export_finish     (GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
