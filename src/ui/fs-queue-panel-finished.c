/* fs-queue-panel-finished.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fs-queue-panel-private.h"
#include "fs-ui.h"

/* The Queue group's finished jobs (docs/ARCHITECTURE.md, “Batches”): a
 * row per FsJobOutcome, made once when the job ends and dropped when the
 * queue's bounded list lets it go, so a batch of a hundred makes a
 * hundred rows one at a time and keeps a few dozen. */

static void
retry_clicked_cb (GtkButton *button,
                  gpointer   user_data)
{
  FsJobOutcome *outcome = g_object_get_data (G_OBJECT (button), "fs-outcome");
  GtkWidget *panel = gtk_widget_get_ancestor (GTK_WIDGET (button), FS_TYPE_QUEUE_PANEL);

  if (panel != NULL && outcome != NULL)
    _fs_queue_panel_emit_retry (FS_QUEUE_PANEL (panel), fs_job_outcome_get_job (outcome));
}

static void
show_clicked_cb (GtkButton *button,
                 gpointer   user_data)
{
  FsJobOutcome *outcome = g_object_get_data (G_OBJECT (button), "fs-outcome");
  GtkWidget *panel = gtk_widget_get_ancestor (GTK_WIDGET (button), FS_TYPE_QUEUE_PANEL);

  if (panel != NULL && outcome != NULL && fs_job_outcome_get_assets (outcome)->len > 0)
    _fs_queue_panel_emit_show (FS_QUEUE_PANEL (panel),
                               g_ptr_array_index (fs_job_outcome_get_assets (outcome), 0));
}

static GtkWidget *
row_button (FsJobOutcome *outcome,
            const char   *icon_name,
            const char   *label,
            GCallback     callback)
{
  GtkWidget *button = fs_ui_icon_button_new (icon_name, label);

  g_object_set_data_full (G_OBJECT (button), "fs-outcome", g_object_ref (outcome), g_object_unref);
  g_signal_connect (button, "clicked", callback, NULL);
  return button;
}

/* What the row says of how the job ended, and its icon. */
static char *
outcome_text (FsJobOutcome  *outcome,
              const char   **icon_name,
              const char   **style)
{
  guint n = fs_job_outcome_get_assets (outcome)->len;

  switch (fs_job_outcome_get_stage (outcome))
    {
    case FS_JOB_SAVED:
      *icon_name = "emblem-ok-symbolic";
      *style = "success";
      /* Translators: how many images a batch saved, then how many of its jobs failed */
      return g_strdup_printf (ngettext ("%u image saved", "%u images saved", n), n);
    case FS_JOB_CANCELLED:
      *icon_name = "process-stop-symbolic";
      *style = "dim-label";
      return g_strdup (_("Cancelled"));
    case FS_JOB_UNSAVED:
      *icon_name = "dialog-warning-symbolic";
      *style = "warning";
      /* Translators: a finished job whose image is not saved yet, and why */
      return g_strdup_printf (_("Not saved yet: %s"), fs_job_outcome_get_message (outcome));
    default:
      *icon_name = "dialog-error-symbolic";
      *style = "error";
      /* Translators: a finished job that failed, and why */
      return g_strdup_printf (_("Failed: %s"), fs_job_outcome_get_message (outcome));
    }
}

GtkWidget *
_fs_queue_panel_finished_row (gpointer item,
                              gpointer panel)
{
  FsJobOutcome *outcome = FS_JOB_OUTCOME (item);
  FsRequest *request = fs_job_get_request (fs_job_outcome_get_job (outcome));
  FsJobStage stage = fs_job_outcome_get_stage (outcome);
  const char *prompt = fs_request_get_prompt (request);
  g_autofree char *title = g_markup_escape_text (prompt != NULL ? prompt : "", -1);
  const char *icon_name = NULL;
  const char *style = NULL;
  g_autofree char *text = outcome_text (outcome, &icon_name, &style);
  g_autofree char *subtitle = g_markup_escape_text (text, -1);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  gtk_widget_add_css_class (row, "fs-finished-row");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  /* Two lines may cut an error short: all of it on hover. */
  if (fs_job_outcome_get_message (outcome) != NULL)
    fs_ui_set_tooltip (row, text);
  gtk_widget_add_css_class (icon, style);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  if (stage == FS_JOB_SAVED && fs_job_outcome_get_assets (outcome)->len > 0)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               row_button (outcome, "image-x-generic-symbolic",
                                           _("Show in Gallery"), G_CALLBACK (show_clicked_cb)));
  else if (stage == FS_JOB_FAILED || stage == FS_JOB_UNSAVED)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               row_button (outcome, "view-refresh-symbolic", _("Retry"),
                                           G_CALLBACK (retry_clicked_cb)));
  return row;
}
