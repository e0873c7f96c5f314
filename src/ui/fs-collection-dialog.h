/* fs-collection-dialog.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Asks for a collection's name: an AdwMessageDialog with an entry
 * ("Collection name"), Cancel, and @accept_label, enabled once the name
 * is not blank. Its "response" is "cancel" or "accept"; the name is
 * fs_collection_dialog_get_name(). */
GtkWidget *fs_collection_dialog_new      (GtkWindow  *parent,
                                          const char *heading,
                                          const char *accept_label,
                                          const char *initial_name);
const char *fs_collection_dialog_get_name (GtkWidget  *dialog);

G_END_DECLS
