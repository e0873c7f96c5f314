/* fs-window-actions.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-inspector.h"
#include "fs-preferences-window.h"
#include "fs-ui.h"
#include "fs-window-private.h"

static gboolean
is_running (FsJob *job)
{
  FsJobStage stage = fs_job_get_stage (job);

  return stage != FS_JOB_SAVED && stage != FS_JOB_FAILED && stage != FS_JOB_CANCELLED &&
         stage != FS_JOB_UNSAVED;
}

/* The newest job still running; the queue lists newest first. */
static FsJob *
latest_running_job (FsWindow *self)
{
  FsApplication *application = _fs_window_get_application (self);
  FsJobQueue *queue = application ? fs_application_get_queue (application) : NULL;
  guint n_jobs = queue ? g_list_model_get_n_items (G_LIST_MODEL (queue)) : 0;

  for (guint i = 0; i < n_jobs; i++)
    {
      g_autoptr(FsJob) job = g_list_model_get_item (G_LIST_MODEL (queue), i);

      if (is_running (job))
        return job;
    }

  return NULL;
}

/* The image the user is looking at: the detail page's, else the one
 * selected in the gallery. */
FsAsset *
_fs_window_current_asset (FsWindow *self)
{
  if (_fs_window_detail_visible (self) && self->detail_page != NULL)
    return fs_detail_page_get_asset (self->detail_page);
  if (self->gallery != NULL)
    return fs_gallery_get_selected (self->gallery);

  return NULL;
}

static void
show_reason (FsWindow   *self,
             const char *reason,
             gboolean    is_error)
{
  gtk_label_set_text (GTK_LABEL (self->reason_label), reason != NULL ? reason : "");
  gtk_widget_set_tooltip_text (self->generate_button,
                               reason != NULL ? reason : _("Generate (Ctrl+Enter)"));
  fs_ui_set_css_class (self->reason_label, "error", is_error);
  fs_ui_set_css_class (self->reason_label, "dim-label", !is_error);
}

/* Generate is enabled only when it can work, and otherwise says why
 * next to the button. */
void
_fs_window_update_actions (FsWindow *self)
{
  g_autofree char *prompt = fs_prompt_editor_dup_text (self->prompt_editor);
  gboolean canvas = _fs_window_canvas_active (self);
  /* A loaded prompt list stands in for the prompt. */
  gboolean listed = !canvas && self->batch_panel != NULL &&
                    fs_batch_panel_get_loaded (self->batch_panel);
  gboolean blank = fs_ui_text_is_blank (prompt) && !listed &&
                   !(canvas && _fs_window_canvas_prompt_optional (self));
  gboolean ready = self->panel != NULL && fs_param_panel_get_valid (self->panel);
  /* While the canvas is shown the tray sends nothing, and the canvas
   * answers for the mask (fs-window-canvas.c). */
  const char *references = canvas ? _fs_window_canvas_problem (self)
                                  : fs_reference_tray_get_problem (self->reference_tray);

  if (self->panel == NULL)
    show_reason (self, _("Loading the models…"), FALSE);
  else if (blank)
    show_reason (self, _("Write a prompt to generate"), FALSE);
  else if (ready && references != NULL)
    /* Preparing is no error; a refused image among those sent is. */
    show_reason (self, references,
                 !canvas && !fs_reference_tray_get_busy (self->reference_tray));
  else
    show_reason (self, fs_param_panel_get_problem (self->panel), !ready);

  ready = ready && references == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.generate", ready && !blank);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel",
                                 latest_running_job (self) != NULL);
}

/* Actions --------------------------------------------------------------------------- */

static void
generate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);
  g_autoptr(FsRequest) request = NULL;

  if (self->panel == NULL || !fs_param_panel_get_valid (self->panel) ||
      (_fs_window_canvas_active (self) ? _fs_window_canvas_problem (self)
                                       : fs_reference_tray_get_problem (self->reference_tray)) != NULL)
    return;

  request = _fs_window_build_request (self);
  /* An edit sends the canvas's image and mask, one image; anything else
   * goes through the Images group (a count, a prompt list). */
  if (!_fs_window_canvas_generate (self, request))
    _fs_window_generate_batch (self, request);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);
  FsJob *job = latest_running_job (self);

  if (job != NULL)
    fs_job_queue_cancel (fs_application_get_queue (_fs_window_get_application (self)), job);
}

/* The gallery moves its selection to the Trash with an Undo; the detail
 * page asks first and deletes its image, then goes back. */
static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);

  if (_fs_window_detail_visible (self) && self->detail_page != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->detail_page), "detail.delete", NULL);
  else if (self->gallery != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->gallery), "gallery.trash", NULL);
}

static void
remix_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);
  FsAsset *asset = _fs_window_current_asset (self);

  if (asset != NULL)
    fs_window_remix (self, asset);
}

static void
focus_prompt_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);

  _fs_window_show_main (self);
  _fs_window_set_browsing (self, FALSE);
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
  fs_prompt_editor_focus (self->prompt_editor);
}

static void
show_inspector_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);
  FsAsset *asset = _fs_window_current_asset (self);
  FsJob *job = latest_running_job (self);
  GtkWidget *inspector = NULL;

  if (asset != NULL)
    inspector = fs_inspector_new_for_asset (GTK_WINDOW (self), asset);
  else if (job != NULL)
    inspector = fs_inspector_new_for_job (GTK_WINDOW (self), job);

  if (inspector != NULL)
    gtk_window_present (GTK_WINDOW (inspector));
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);

  gboolean reveal = !adw_flap_get_reveal_flap (self->flap);

  adw_flap_set_reveal_flap (self->flap, reveal);
  /* A folded flap is an overlay on a narrow window; only the wide layout's
   * choice is worth remembering. */
  if (!adw_flap_get_folded (self->flap))
    g_settings_set_boolean (self->settings, "sidebar-visible", reveal);
}

/* The shortcuts window is built the first time it is asked for, not with
 * every window as GtkApplication builds a gtk/help-overlay.ui (README,
 * “Performance”); Ctrl+? is the application's accelerator for it. */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);

  if (self->shortcuts == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource (RESOURCE_PREFIX "/fs-shortcuts-window.ui");
      GtkWidget *shortcuts = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));

      gtk_window_set_transient_for (GTK_WINDOW (shortcuts), GTK_WINDOW (self));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (shortcuts), TRUE);
      gtk_window_set_hide_on_close (GTK_WINDOW (shortcuts), TRUE);
      g_set_weak_pointer (&self->shortcuts, shortcuts);
    }

  gtk_window_present (GTK_WINDOW (self->shortcuts));
}

static void
add_key_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  _fs_window_open_preferences (FS_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* A key added or changed in the preferences may change the balance. */
void
_fs_window_open_preferences (FsWindow   *self,
                             const char *provider_id)
{
  GtkWidget *preferences = fs_preferences_window_new (GTK_WINDOW (self), self->settings);

  if (provider_id != NULL)
    fs_preferences_window_focus_key (FS_PREFERENCES_WINDOW (preferences), provider_id);
  g_signal_connect_object (preferences, "destroy", G_CALLBACK (_fs_window_refresh_credits), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (preferences));
}

void
_fs_window_class_install_actions (GtkWidgetClass *widget_class)
{
  static const struct
  {
    guint           keyval;
    GdkModifierType modifiers;
    const char     *action;
  } bindings[] = {
    { GDK_KEY_Return, GDK_CONTROL_MASK, "win.generate" },
    { GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "win.generate" },
    { GDK_KEY_Escape, 0, "win.cancel" },
    { GDK_KEY_Delete, 0, "win.delete" },
    { GDK_KEY_KP_Delete, 0, "win.delete" },
    { GDK_KEY_r, GDK_CONTROL_MASK, "win.remix" },
    { GDK_KEY_l, GDK_CONTROL_MASK, "win.focus-prompt" },
    { GDK_KEY_i, GDK_CONTROL_MASK, "win.show-inspector" },
    { GDK_KEY_F9, 0, "win.toggle-sidebar" },
  };

  gtk_widget_class_install_action (widget_class, "win.generate", NULL, generate_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "win.remix", NULL, remix_action);
  gtk_widget_class_install_action (widget_class, "win.focus-prompt", NULL, focus_prompt_action);
  gtk_widget_class_install_action (widget_class, "win.show-inspector", NULL, show_inspector_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.add-key", "s", add_key_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   show_help_overlay_action);

  /* Widget bindings run after the focused widget, unlike application
   * accelerators: Delete still deletes text in a field, Escape still
   * closes a popover. */
  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    gtk_widget_class_add_binding_action (widget_class, bindings[i].keyval, bindings[i].modifiers,
                                         bindings[i].action, NULL);
}
