/* fs-collection-dialog.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-collection-dialog.h"
#include "fs-ui.h"

static void
name_changed_cb (GtkEditable      *entry,
                 AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "accept",
                                           !fs_ui_text_is_blank (gtk_editable_get_text (entry)));
}

static void
name_activate_cb (GtkEntry         *entry,
                  AdwMessageDialog *dialog)
{
  if (!adw_message_dialog_get_response_enabled (dialog, "accept"))
    return;

  adw_message_dialog_response (dialog, "accept");
  gtk_window_close (GTK_WINDOW (dialog));
}

/**
 * fs_collection_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @heading: "New Collection", "Rename Collection"
 * @accept_label: the button that accepts, with a mnemonic
 * @initial_name: (nullable): the name to start from
 *
 * Returns: (transfer floating): the dialog, not presented yet
 */
GtkWidget *
fs_collection_dialog_new (GtkWindow  *parent,
                          const char *heading,
                          const char *accept_label,
                          const char *initial_name)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, NULL);
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_max_length (GTK_ENTRY (entry), 100);
  gtk_editable_set_text (GTK_EDITABLE (entry), initial_name != NULL ? initial_name : "");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Collection name"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Collection name"),
                                  -1);
  g_object_set_data (G_OBJECT (dialog), "fs-name-entry", entry);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "accept", accept_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "accept",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "accept");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_signal_connect (entry, "changed", G_CALLBACK (name_changed_cb), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (name_activate_cb), dialog);
  name_changed_cb (GTK_EDITABLE (entry), ADW_MESSAGE_DIALOG (dialog));
  gtk_widget_grab_focus (entry);
  return dialog;
}

/* The name typed, as typed: the library trims and checks it. */
const char *
fs_collection_dialog_get_name (GtkWidget *dialog)
{
  GtkWidget *entry = g_object_get_data (G_OBJECT (dialog), "fs-name-entry");

  g_return_val_if_fail (GTK_IS_EDITABLE (entry), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (entry));
}
