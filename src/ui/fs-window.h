/* fs-window.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fs-asset.h"

G_BEGIN_DECLS

#define FS_TYPE_WINDOW (fs_window_get_type ())
G_DECLARE_FINAL_TYPE (FsWindow, fs_window, FS, WINDOW, AdwApplicationWindow)

FsWindow *fs_window_new        (AdwApplication *application);
/* A transient message in the window's AdwToastOverlay. */
void      fs_window_toast      (FsWindow       *self,
                                const char     *message);
/* Any toast, one at a time (fs-window-toasts.c). */
void      fs_window_add_toast  (FsWindow       *self,
                                AdwToast       *toast);
void      fs_window_dismiss_toast (FsWindow    *self,
                                   AdwToast    *toast);
gboolean  fs_window_has_toast  (FsWindow       *self,
                                AdwToast       *toast);
/* Loads every setting of @asset into the sidebar and the prompt. */
void      fs_window_remix      (FsWindow       *self,
                                FsAsset        *asset);
/* Loads a prompt list file into the Images group, as Load Prompt List…
 * does with the file chosen; bad rows are listed in a dialog. */
void      fs_window_load_prompt_list (FsWindow *self,
                                      GFile    *file);
void      fs_window_show_asset (FsWindow       *self,
                                FsAsset        *asset);
/* Additions: a failure that stops the window from working (a dialog),
 * and the "open-files" signal (GPtrArray of GFile: files given on the
 * command line or through "Open With", kept for the reference tray). */
void      fs_window_show_error (FsWindow       *self,
                                const char     *heading,
                                const char     *body);

G_END_DECLS
