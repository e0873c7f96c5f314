/* fs-spend-window.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "fs-provider.h"
#include "fs-spend-window.h"

struct _FsSpendWindow
{
  AdwWindow             parent_instance;

  AdwPreferencesGroup  *totals_group;
  AdwPreferencesGroup  *models_group;
  AdwPreferencesGroup  *days_group;
  GtkLabel             *calls_label;
  GtkLabel             *estimate_label;
  GtkLabel             *actual_label;
  GtkSpinButton        *budget_spin;

  FsLibrary            *library;
  GCancellable         *cancellable;
  GPtrArray            *rows;         /* rows added to models_group and days_group */
  JsonObject           *spend;        /* the month shown, with its rows */
  char                 *month;        /* "YYYY-MM" */
  gboolean              loading;      /* the budget is being shown, not set */
};

G_DEFINE_FINAL_TYPE (FsSpendWindow, fs_spend_window, ADW_TYPE_WINDOW)

static char *
money (JsonObject *object,
       const char *member)
{
  if (json_object_get_null_member (object, member))
    /* Translators: no amount is known */
    return g_strdup (_("—"));
  return g_strdup_printf ("$%.2f", json_object_get_double_member (object, member));
}

static void
clear_rows (FsSpendWindow *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (g_object_get_data (G_OBJECT (row),
                                                                              "fs-group")),
                                    row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

/* A row of @group: @title, how many paid calls, what was charged and
 * estimated (@totals: "calls", "estimate", "actual"); NULL @totals for a
 * row that only says @title. */
static void
add_row (FsSpendWindow       *self,
         AdwPreferencesGroup *group,
         const char          *title,
         JsonObject          *totals)
{
  GtkWidget *action_row = adw_action_row_new ();
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), escaped);
  if (totals != NULL)
    {
      guint calls = (guint) json_object_get_int_member (totals, "calls");
      g_autofree char *subtitle = NULL;
      g_autofree char *estimate = money (totals, "estimate");
      g_autofree char *actual = money (totals, "actual");
      g_autofree char *amounts = NULL;
      GtkWidget *label;

      subtitle = g_strdup_printf (ngettext ("%u paid call", "%u paid calls", calls), calls);
      /* Translators: what the provider charged, then what the catalog estimated */
      amounts = g_strdup_printf (_("%s charged · %s estimated"), actual, estimate);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (action_row), subtitle);
      label = gtk_label_new (amounts);
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), label);
    }
  g_object_set_data (G_OBJECT (action_row), "fs-group", group);
  adw_preferences_group_add (group, action_row);
  g_ptr_array_add (self->rows, action_row);
}

static void
add_model_row (FsSpendWindow *self,
               JsonObject    *row)
{
  const char *provider_id = json_object_get_string_member (row, "provider");
  const FsProviderInfo *info = fs_provider_info_lookup (provider_id);
  g_autofree char *title = NULL;

  title = g_strdup_printf ("%s · %s", info != NULL ? gettext (info->name) : provider_id,
                           json_object_get_string_member (row, "model"));
  add_row (self, self->models_group, title, row);
}

/* A day of the month ("2026-03-15" from the ledger, local time), named as
 * the user reads it. */
static void
add_day_row (FsSpendWindow *self,
             JsonObject    *row)
{
  const char *date = json_object_get_string_member_with_default (row, "date", "");
  int year = 0, month = 0, day = 0;
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *title = NULL;

  if (sscanf (date, "%d-%d-%d", &year, &month, &day) == 3)
    time = g_date_time_new_local (year, month, day, 12, 0, 0);
  /* Translators: a day of the month on the Spend page, as strftime writes it: "Sunday 15 March" */
  title = time != NULL ? g_date_time_format (time, _("%A %-d %B")) : g_strdup (date);
  add_row (self, self->days_group, title, row);
}

static void
show_spend (FsSpendWindow *self)
{
  JsonObject *totals = json_object_get_object_member (self->spend, "totals");
  JsonArray *models = json_object_get_array_member (self->spend, "models");
  JsonArray *days = json_object_get_array_member (self->spend, "days");
  g_autoptr(GDateTime) first = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *calls = NULL;
  g_autofree char *estimate = money (totals, "estimate");
  g_autofree char *actual = money (totals, "actual");
  g_autofree char *description = NULL;
  int year = 0, month = 0;

  sscanf (self->month, "%d-%d", &year, &month);
  first = g_date_time_new_local (year, month, 1, 0, 0, 0);
  /* Translators: a month and year, as strftime writes them: "December 2026" */
  heading = g_date_time_format (first, _("%B %Y"));
  adw_preferences_group_set_title (self->totals_group, heading);
  calls = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (totals, "calls"));
  gtk_label_set_text (self->calls_label, calls);
  gtk_label_set_text (self->estimate_label, estimate);
  gtk_label_set_text (self->actual_label, actual);

  if (!json_object_get_null_member (self->spend, "budget"))
    {
      double budget = json_object_get_double_member (self->spend, "budget");
      double spent = MAX (json_object_get_double_member (totals, "estimate"),
                          json_object_get_double_member_with_default (totals, "actual", 0));

      description = spent > budget
                    /* Translators: the monthly budget in US dollars */
                    ? g_strdup_printf (_("Past the monthly budget of $%.2f"), budget)
                    /* Translators: what is left of the monthly budget, and the budget */
                    : g_strdup_printf (_("$%.2f left of the monthly budget of $%.2f"),
                                       budget - spent, budget);
    }
  adw_preferences_group_set_description (self->totals_group, description);

  self->loading = TRUE;
  gtk_spin_button_set_value (self->budget_spin,
                             json_object_get_double_member_with_default (self->spend, "budget", 0));
  self->loading = FALSE;

  clear_rows (self);
  for (guint i = 0; i < json_array_get_length (models); i++)
    add_model_row (self, json_array_get_object_element (models, i));
  if (json_array_get_length (models) == 0)
    add_row (self, self->models_group, _("No paid calls this month"), NULL);
  for (guint i = 0; i < json_array_get_length (days); i++)
    add_day_row (self, json_array_get_object_element (days, i));
  gtk_widget_set_visible (GTK_WIDGET (self->days_group), json_array_get_length (days) > 0);
}

static void
spend_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(FsSpendWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  JsonObject *spend = fs_library_spend_finish (FS_LIBRARY (object), result, &error);

  if (spend == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_preferences_group_set_description (self->totals_group, error->message);
      return;
    }

  g_clear_pointer (&self->spend, json_object_unref);
  self->spend = spend;
  show_spend (self);
}

static void
reload (FsSpendWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  fs_library_spend_async (self->library, self->month, TRUE, self->cancellable, spend_cb,
                          g_object_ref (self));
}

static void
move_month (FsSpendWindow *self,
            int            months)
{
  int year = 0, month = 0;
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) moved = NULL;
  g_autofree char *name = NULL;

  sscanf (self->month, "%d-%d", &year, &month);
  first = g_date_time_new_local (year, month, 1, 0, 0, 0);
  moved = g_date_time_add_months (first, months);
  name = g_date_time_format (moved, "%Y-%m");
  fs_spend_window_set_month (self, name);
}

static void
previous_cb (FsSpendWindow *self)
{
  move_month (self, -1);
}

static void
next_cb (FsSpendWindow *self)
{
  move_month (self, 1);
}

static void
budget_set_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FsSpendWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!fs_library_set_budget_finish (FS_LIBRARY (object), result, &error))
    adw_preferences_group_set_description (self->totals_group, error->message);
  else
    reload (self);
}

static void
budget_changed_cb (FsSpendWindow *self)
{
  double usd = gtk_spin_button_get_value (self->budget_spin);

  if (self->loading)
    return;
  fs_library_set_budget_async (self->library, usd > 0 ? usd : NAN, NULL, budget_set_cb,
                               g_object_ref (self));
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FsSpendWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    adw_preferences_group_set_description (self->totals_group, error->message);
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         user_data)
{
  FsSpendWindow *self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) csv = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->spend != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    {
      csv = fs_library_spend_to_csv (self->spend);
      g_file_replace_contents_bytes_async (file, csv, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                           NULL, written_cb, g_object_ref (self));
    }
  g_object_unref (chooser);
}

static void
export_cb (FsSpendWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = g_strdup_printf ("flux-studio-spend-%s.csv", self->month);

  chooser = gtk_file_chooser_native_new (_("Export the Month as CSV"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
fs_spend_window_dispose (GObject *object)
{
  FsSpendWindow *self = FS_SPEND_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->library);
  g_clear_pointer (&self->spend, json_object_unref);

  G_OBJECT_CLASS (fs_spend_window_parent_class)->dispose (object);
}

static void
fs_spend_window_finalize (GObject *object)
{
  FsSpendWindow *self = FS_SPEND_WINDOW (object);

  g_ptr_array_unref (self->rows);
  g_free (self->month);

  G_OBJECT_CLASS (fs_spend_window_parent_class)->finalize (object);
}

static void
fs_spend_window_class_init (FsSpendWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_spend_window_dispose;
  object_class->finalize = fs_spend_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/fs-spend-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FsSpendWindow, totals_group);
  gtk_widget_class_bind_template_child (widget_class, FsSpendWindow, models_group);
  gtk_widget_class_bind_template_child (widget_class, FsSpendWindow, days_group);
  gtk_widget_class_bind_template_child (widget_class, FsSpendWindow, calls_label);
  gtk_widget_class_bind_template_child (widget_class, FsSpendWindow, estimate_label);
  gtk_widget_class_bind_template_child (widget_class, FsSpendWindow, actual_label);
  gtk_widget_class_bind_template_child (widget_class, FsSpendWindow, budget_spin);
  gtk_widget_class_bind_template_callback (widget_class, previous_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_cb);
  gtk_widget_class_bind_template_callback (widget_class, budget_changed_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fs_spend_window_init (FsSpendWindow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  self->rows = g_ptr_array_new ();
  self->month = g_date_time_format (now, "%Y-%m");
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fs_spend_window_new (GtkWindow *parent,
                     FsLibrary *library)
{
  FsSpendWindow *self;

  g_return_val_if_fail (FS_IS_LIBRARY (library), NULL);

  self = g_object_new (FS_TYPE_SPEND_WINDOW, "transient-for", parent, "modal", FALSE, NULL);
  self->library = g_object_ref (library);
  reload (self);
  return GTK_WIDGET (self);
}

const char *
fs_spend_window_get_month (FsSpendWindow *self)
{
  g_return_val_if_fail (FS_IS_SPEND_WINDOW (self), NULL);
  return self->month;
}

void
fs_spend_window_set_month (FsSpendWindow *self,
                           const char    *month)
{
  g_return_if_fail (FS_IS_SPEND_WINDOW (self));
  g_return_if_fail (month != NULL);

  g_free (self->month);
  self->month = g_strdup (month);
  reload (self);
}
