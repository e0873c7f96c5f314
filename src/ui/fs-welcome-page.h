/* fs-welcome-page.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FS_TYPE_WELCOME_PAGE (fs_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (FsWelcomePage, fs_welcome_page, FS, WELCOME_PAGE, GtkWidget)

/* First run with no key: what the providers are, "Add an API key" (emits
 * "add-key" with the chosen provider id) and "Try the offline sandbox"
 * (emits "try-sandbox"). */
GtkWidget *fs_welcome_page_new (void);

G_END_DECLS
