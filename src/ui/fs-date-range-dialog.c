/* fs-date-range-dialog.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-date-range-dialog.h"

static GtkCalendar *
calendar (GtkWidget  *dialog,
          const char *key)
{
  return GTK_CALENDAR (g_object_get_data (G_OBJECT (dialog), key));
}

static void
day_changed_cb (AdwMessageDialog *dialog)
{
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) last = NULL;
  GtkWidget *hint = g_object_get_data (G_OBJECT (dialog), "fs-hint");
  gboolean valid;

  fs_date_range_dialog_get_days (GTK_WIDGET (dialog), &first, &last);
  valid = g_date_time_compare (first, last) <= 0;
  adw_message_dialog_set_response_enabled (dialog, "accept", valid);
  /* One line always there, so that the dialog keeps its size. */
  gtk_label_set_text (GTK_LABEL (hint),
                      valid ? _("Both days are included.")
                            : _("“To” is before “From”: choose a “To” day on or after the "
                                "“From” day."));
  if (valid)
    {
      gtk_widget_remove_css_class (hint, "error");
      gtk_widget_add_css_class (hint, "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (hint, "dim-label");
      gtk_widget_add_css_class (hint, "error");
    }
}

static GtkWidget *
new_calendar (AdwMessageDialog *dialog,
              const char       *key,
              const char       *title,
              GDateTime        *day)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *calendar = gtk_calendar_new ();
  const char *names[] = { "notify::year", "notify::month", "notify::day", "day-selected" };

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_calendar_select_day (GTK_CALENDAR (calendar), day);
  gtk_accessible_update_property (GTK_ACCESSIBLE (calendar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_signal_connect_swapped (calendar, names[i], G_CALLBACK (day_changed_cb), dialog);
  g_object_set_data (G_OBJECT (dialog), key, calendar);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), calendar);
  return box;
}

/**
 * fs_date_range_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @first: (nullable): the first day to show chosen (NULL: today)
 * @last: (nullable): the last day to show chosen (NULL: today)
 *
 * Returns: (transfer floating): the dialog, not presented yet
 */
GtkWidget *
fs_date_range_dialog_new (GtkWindow *parent,
                          GDateTime *first,
                          GDateTime *last)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, _("Custom Date Range"),
                                              _("Show the images made on these days."));
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *calendars = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  GtkWidget *hint = gtk_label_new (NULL);
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();

  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (hint), 60);
  g_object_set_data (G_OBJECT (dialog), "fs-hint", hint);

  gtk_widget_set_halign (calendars, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (calendars),
                  new_calendar (ADW_MESSAGE_DIALOG (dialog), "fs-from",
                                C_("date range", "From"), first ? first : today));
  gtk_box_append (GTK_BOX (calendars),
                  new_calendar (ADW_MESSAGE_DIALOG (dialog), "fs-to",
                                C_("date range", "To"), last ? last : today));
  gtk_box_append (GTK_BOX (content), calendars);
  gtk_box_append (GTK_BOX (content), hint);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), content);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "accept", _("_OK"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "accept",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "accept");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  day_changed_cb (ADW_MESSAGE_DIALOG (dialog));
  return dialog;
}

/* The days chosen, as local midnights; @last may be before @first. */
void
fs_date_range_dialog_get_days (GtkWidget  *dialog,
                               GDateTime **first,
                               GDateTime **last)
{
  g_autoptr(GDateTime) from = gtk_calendar_get_date (calendar (dialog, "fs-from"));
  g_autoptr(GDateTime) to = gtk_calendar_get_date (calendar (dialog, "fs-to"));

  *first = g_date_time_new_local (g_date_time_get_year (from), g_date_time_get_month (from),
                                  g_date_time_get_day_of_month (from), 0, 0, 0);
  *last = g_date_time_new_local (g_date_time_get_year (to), g_date_time_get_month (to),
                                 g_date_time_get_day_of_month (to), 0, 0, 0);
}
