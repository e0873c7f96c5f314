/* fs-preferences-window.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FS_TYPE_PREFERENCES_WINDOW (fs_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (FsPreferencesWindow, fs_preferences_window, FS, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Per-provider API keys (Secret Service, masked, with a Test button), base
 * URLs, APIYI's reference mode, gallery folder, default output format. */
GtkWidget *fs_preferences_window_new (GtkWindow *parent,
                                      GSettings *settings);
/* Opens with the key row of @provider_id focused. */
void       fs_preferences_window_focus_key (FsPreferencesWindow *self,
                                            const char          *provider_id);

G_END_DECLS
