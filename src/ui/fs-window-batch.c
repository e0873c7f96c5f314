/* fs-window-batch.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fs-queue-panel.h"
#include "fs-spend-window.h"
#include "fs-ui.h"
#include "fs-variations.h"
#include "fs-window-private.h"

/* Several jobs from one Generate (docs/ARCHITECTURE.md, “Batches”): the
 * sidebar's Images group (FsBatchPanel), the confirmation before a batch
 * above the threshold, and More Like This; and the Spend page. */

#define MORE_LIKE_THIS_COUNT 2

FsRequest *
_fs_window_build_request (FsWindow *self)
{
  g_autoptr(GPtrArray) references = NULL;
  g_autofree char *prompt = NULL;
  FsRequest *request;

  if (self->panel == NULL)
    return NULL;

  prompt = fs_prompt_editor_dup_text (self->prompt_editor);
  request = fs_param_panel_build_request (self->panel);
  fs_request_set_prompt (request, prompt);
  /* An edit's images are the canvas's, not the tray's. */
  if (_fs_window_canvas_active (self))
    return request;
  /* In tray order: "image 1" is the first. */
  references = fs_reference_tray_get_active_references (self->reference_tray);
  for (guint i = 0; i < references->len; i++)
    fs_request_add_reference (request, g_ptr_array_index (references, i));
  return request;
}

static void
update_summary (FsWindow *self)
{
  g_autoptr(FsRequest) request = _fs_window_build_request (self);

  if (request != NULL && self->batch_panel != NULL)
    fs_batch_panel_update_summary (self->batch_panel, request, self->catalog);
  /* A loaded prompt list needs no typed prompt. */
  _fs_window_sync_prompt (self);
  _fs_window_update_actions (self);
}

void
_fs_window_sync_prompt (FsWindow *self)
{
  g_autofree char *text = fs_prompt_editor_dup_text (self->prompt_editor);
  const char *listed = self->batch_panel != NULL
                       ? fs_batch_panel_get_list_prompt (self->batch_panel) : NULL;

  if (self->panel == NULL)
    return;
  fs_param_panel_set_prompt (self->panel,
                             fs_ui_text_is_blank (text) && listed != NULL ? listed : text);
}

/* The Queue group's Retry goes the way a job card's does. */
static void
queue_retry_cb (FsWindow *self,
                FsJob    *job)
{
  if (self->gallery != NULL)
    fs_gallery_retry_job (self->gallery, job);
}

void
_fs_window_install_batch (FsWindow *self)
{
  self->batch_panel = FS_BATCH_PANEL (fs_batch_panel_new (self->settings));
  gtk_box_append (GTK_BOX (self->panel_box), GTK_WIDGET (self->batch_panel));
  g_signal_connect_object (self->batch_panel, "changed", G_CALLBACK (update_summary), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->panel, "changed", G_CALLBACK (update_summary), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->prompt_editor, "changed", G_CALLBACK (update_summary), self,
                           G_CONNECT_SWAPPED);
  update_summary (self);
  _fs_window_install_presets (self);

  if (fs_application_get_queue (_fs_window_get_application (self)) != NULL)
    {
      GtkWidget *queue_panel =
        fs_queue_panel_new (fs_application_get_queue (_fs_window_get_application (self)));

      g_signal_connect_object (queue_panel, "retry-job", G_CALLBACK (queue_retry_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (queue_panel, "show-asset", G_CALLBACK (fs_window_show_asset), self,
                               G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (self->panel_box), queue_panel);
    }
}

/* What a Generate is about to start, while the month's spend is read: a
 * plan to journal as a batch, or the calls of a batch journalled before. */
typedef struct
{
  FsWindow          *self;
  GPtrArray         *plan;    /* FsRequest */
  GPtrArray         *calls;   /* FsBatchCall of @plan, or NULL */
  FsWindowBatchHold *hold;
  double             usd;
} Pending;

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->self);
  g_ptr_array_unref (pending->plan);
  g_clear_pointer (&pending->calls, g_ptr_array_unref);
  g_clear_pointer (&pending->hold, _fs_window_batch_hold_unref);
  g_free (pending);
}

static void
start (Pending *pending)
{
  FsWindow *self = pending->self;

  if (pending->calls == NULL)
    {
      _fs_window_queue_batch (self, pending->plan);
      return;
    }
  /* In the batch's order; each call goes to its job. */
  while (pending->calls->len > 0)
    {
      FsBatchCall *call = g_ptr_array_steal_index (pending->calls, 0);

      _fs_window_generate_call (self, call->request, call, pending->hold);
    }
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  Pending *pending = g_object_get_data (G_OBJECT (dialog), "pending");

  if (g_str_equal (response, "start"))
    start (pending);
  else if (pending->calls != NULL && pending->calls->len > 0)
    _fs_window_unsent_offer_again (pending->self, pending->calls, pending->hold);
}

/* Asks before a batch above the threshold, or before anything that
 * would pass the monthly @budget (NAN without one) with the @spent so
 * far; takes @pending. */
static void
ask_or_start (Pending *pending,
              double   budget,
              double   spent)
{
  FsWindow *self = pending->self;
  gboolean over_threshold = pending->plan->len > 1 &&
                            pending->usd > fs_batch_panel_get_threshold (self->batch_panel);
  gboolean over_budget = !isnan (budget) && spent + pending->usd > budget;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (!over_threshold && !over_budget)
    {
      start (pending);
      pending_free (pending);
      return;
    }
  /* Translators: the number of jobs of a batch */
  heading = g_strdup_printf (ngettext ("Start %u Job?", "Start %u Jobs?", pending->plan->len),
                             pending->plan->len);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);
  if (over_budget)
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    /* Translators: prices in US dollars */
                                    _("They cost about $%.2f by the catalog’s prices; with the "
                                      "$%.2f spent this month that passes the monthly budget of "
                                      "$%.2f."),
                                    pending->usd, spent, budget);
  else
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    /* Translators: an estimated price in US dollars */
                                    _("They cost about $%.2f by the catalog’s prices, more than "
                                      "the $%.2f above which batches ask first."),
                                    pending->usd, fs_batch_panel_get_threshold (self->batch_panel));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "start", _("_Start"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "start",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "pending", pending, (GDestroyNotify) pending_free);
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
month_spend_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) spend = fs_library_spend_finish (FS_LIBRARY (object), result, &error);
  double budget = NAN, spent = 0;

  /* The window is closing. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      pending_free (pending);
      return;
    }

  /* Without the ledger (a library that cannot be read) the threshold
   * still holds. */
  if (spend != NULL && !json_object_get_null_member (spend, "budget"))
    {
      JsonObject *totals = json_object_get_object_member (spend, "totals");

      budget = json_object_get_double_member (spend, "budget");
      spent = MAX (json_object_get_double_member (totals, "estimate"),
                   json_object_get_double_member_with_default (totals, "actual", 0));
    }
  ask_or_start (pending, budget, spent);
}

/* Takes @pending: the threshold and the budget first. */
static void
confirm_and_start (Pending *pending)
{
  FsWindow *self = pending->self;
  FsLibrary *library = fs_application_get_library (_fs_window_get_application (self));
  gboolean unknown = FALSE;

  pending->usd = fs_batch_panel_estimate (pending->plan, self->catalog, &unknown);
  /* Free calls (the sandbox) need no look at the budget. */
  if (pending->usd <= 0 || library == NULL)
    {
      ask_or_start (pending, NAN, 0);
      return;
    }
  fs_library_spend_async (library, NULL, FALSE, self->cancellable, month_spend_cb, pending);
}

void
_fs_window_generate_batch (FsWindow  *self,
                           FsRequest *request)
{
  Pending *pending;

  if (self->batch_panel == NULL)
    {
      _fs_window_generate (self, request);
      return;
    }

  pending = g_new0 (Pending, 1);
  pending->self = g_object_ref (self);
  pending->plan = fs_batch_panel_plan (self->batch_panel, request, self->catalog);
  confirm_and_start (pending);
}

void
_fs_window_start_calls (FsWindow          *self,
                        GPtrArray         *calls,
                        FsWindowBatchHold *hold)
{
  Pending *pending;

  if (self->batch_panel == NULL || self->catalog == NULL)
    return;

  pending = g_new0 (Pending, 1);
  pending->self = g_object_ref (self);
  pending->plan = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < calls->len; i++)
    g_ptr_array_add (pending->plan,
                     g_object_ref (((FsBatchCall *) g_ptr_array_index (calls, i))->request));
  pending->calls = g_ptr_array_ref (calls);
  pending->hold = _fs_window_batch_hold_ref (hold);
  confirm_and_start (pending);
}

/* More Like This --------------------------------------------------------------- */

/* The same settings with new seeds, as many images as the Images group
 * asks for, at least two. An image made with references
 * is loaded into the window instead, since its references come back from
 * the reference store into the tray. */
static void
more_like_this (FsWindow *self,
                FsAsset  *asset)
{
  g_autoptr(FsRequest) request = NULL;
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char * const *references = fs_asset_get_references (asset);
  FsModel *model;
  guint count = MORE_LIKE_THIS_COUNT;

  if (references != NULL && references[0] != NULL)
    {
      fs_window_remix (self, asset);
      return;
    }

  request = fs_request_new_from_record_full (fs_asset_get_record (asset), self->catalog, &error);
  if (request == NULL)
    {
      fs_window_toast (self, error->message);
      return;
    }
  model = fs_catalog_lookup (self->catalog, fs_request_get_model_id (request));
  if (model == NULL)
    {
      fs_window_toast (self, _("The model of this image is no longer in the catalog"));
      return;
    }

  /* New random seeds, whatever the Images group's mode: new ones are the
   * point. */
  fs_request_unset_param (request, "seed");
  if (self->batch_panel != NULL)
    count = MAX (fs_batch_panel_get_count (self->batch_panel), 2);
  plan = fs_variations_plan (request, model, count, FS_SEED_MODE_RANDOM);
  _fs_window_queue_batch (self, plan);
  /* Translators: the number of images being made */
  text = g_strdup_printf (ngettext ("Making %u more like it", "Making %u more like it", count),
                          count);
  fs_window_toast (self, text);
}

static void
more_like_this_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);
  FsAsset *asset = _fs_window_current_asset (self);

  if (asset != NULL && self->catalog != NULL)
    _fs_window_with_record (self, asset, more_like_this);
}

/* Load Prompt List… ------------------------------------------------------------ */

static void
show_problems (FsWindow *self,
               GStrv     problems)
{
  g_autofree char *list = g_strjoinv ("\n", problems);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The Prompt List Has Bad Rows"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s\n\n%s",
                                  _("Nothing was loaded or sent. Fix these rows and load the "
                                    "file again:"),
                                  list);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
list_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) problems = NULL;

  if (fs_batch_panel_load_finish (FS_BATCH_PANEL (object), result, &problems, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (problems != NULL)
    show_problems (self, problems);
  else
    fs_window_toast (self, error->message);
}

void
fs_window_load_prompt_list (FsWindow *self,
                            GFile    *file)
{
  g_autoptr(FsRequest) request = NULL;

  g_return_if_fail (FS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->batch_panel == NULL || self->catalog == NULL ||
      (request = _fs_window_build_request (self)) == NULL)
    return;
  fs_batch_panel_load_async (self->batch_panel, file, request, self->catalog,
                             self->cancellable, list_loaded_cb, g_object_ref (self));
}

static void
load_list_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       gpointer         user_data)
{
  FsWindow *self = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    fs_window_load_prompt_list (self, file);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
load_prompt_list_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);
  GtkFileChooserNative *chooser;

  if (self->batch_panel == NULL || self->catalog == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Load Prompt List"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Load"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  fs_ui_add_file_filter (GTK_FILE_CHOOSER (chooser), _("Prompt lists"),
                         "*.txt *.TXT *.csv *.CSV *.jsonl *.JSONL");
  fs_ui_add_file_filter (GTK_FILE_CHOOSER (chooser), _("Text, one prompt a line (.txt)"),
                         "*.txt *.TXT");
  fs_ui_add_file_filter (GTK_FILE_CHOOSER (chooser), _("CSV with a header row (.csv)"),
                         "*.csv *.CSV");
  fs_ui_add_file_filter (GTK_FILE_CHOOSER (chooser), _("JSON Lines (.jsonl)"),
                         "*.jsonl *.JSONL");
  g_signal_connect (chooser, "response", G_CALLBACK (load_list_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The Spend page --------------------------------------------------------------- */

static void
show_spend_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);
  FsLibrary *library = fs_application_get_library (_fs_window_get_application (self));

  if (library != NULL)
    gtk_window_present (GTK_WINDOW (fs_spend_window_new (GTK_WINDOW (self), library)));
}

void
_fs_window_class_install_batch (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.show-spend", NULL, show_spend_action);
  gtk_widget_class_install_action (widget_class, "win.load-prompt-list", NULL,
                                   load_prompt_list_action);
  _fs_window_class_install_presets (widget_class);
  gtk_widget_class_install_action (widget_class, "win.more-like-this", NULL,
                                   more_like_this_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK,
                                       "win.more-like-this", NULL);
}
