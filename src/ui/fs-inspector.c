/* fs-inspector.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-inspector.h"
#include "fs-json.h"
#include "fs-ui.h"

/* The request inspector shows copies of the exchanges: a job's grow while
 * it runs and an asset's are read from its sidecar (both FsExchange). */
typedef struct
{
  char   *label;
  char   *request;
  char   *curl;
  guint   status;
  char   *response_headers;
  char   *response_body;
  char   *request_id;
  gint64  elapsed_ms;
} Entry;

struct _FsInspector
{
  AdwWindow        parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *title_widget;
  GtkStack        *stack;
  AdwStatusPage   *empty_page;
  GtkListBox      *exchange_list;
  GtkLabel        *total_label;
  GtkLabel        *exchange_title;
  GtkLabel        *status_label;
  GtkLabel        *elapsed_label;
  GtkLabel        *request_id_label;
  GtkTextView     *request_view;
  GtkTextView     *response_view;
  GtkListBox      *timings_list;

  FsJob           *job;
  FsAsset         *asset;
  GPtrArray       *entries;
  GPtrArray       *record_timing_rows;
};

G_DEFINE_FINAL_TYPE (FsInspector, fs_inspector, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_JOB,
  PROP_ASSET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
entry_free (Entry *entry)
{
  g_free (entry->label);
  g_free (entry->request);
  g_free (entry->curl);
  g_free (entry->response_headers);
  g_free (entry->response_body);
  g_free (entry->request_id);
  g_free (entry);
}

static Entry *
entry_new_from_exchange (const FsExchange *exchange)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->label = g_strdup (exchange->label);
  entry->request = g_strdup (exchange->request);
  entry->curl = g_strdup (exchange->curl);
  entry->status = exchange->status;
  entry->response_headers = g_strdup (exchange->response_headers);
  entry->response_body = g_strdup (exchange->response_body);
  entry->request_id = g_strdup (exchange->request_id);
  entry->elapsed_ms = exchange->elapsed_ms;
  return entry;
}

static Entry *
selected_entry (FsInspector *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->exchange_list);
  int index = row ? gtk_list_box_row_get_index (row) : -1;

  if (index < 0 || (guint) index >= self->entries->len)
    return NULL;

  return g_ptr_array_index (self->entries, index);
}

static char *
format_ms (gint64 ms)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, ms);

  /* Translators: a duration in milliseconds */
  return g_strdup_printf (_("%s ms"), number);
}

static char *
format_status (guint status)
{
  if (status == 0)
    return g_strdup (_("No response"));

  return g_strdup_printf ("%u %s", status, soup_status_get_phrase (status));
}

/* JSON bodies are easier to read indented; anything else is shown as it
 * came. */
static char *
pretty_body (const char *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (body == NULL || *body == '\0')
    return g_strdup ("");
  if ((*body == '{' || *body == '[') &&
      fs_json_parser_load (parser, body, -1, FS_JSON_MAX_ANSWER_BYTES, NULL))
    return json_to_string (json_parser_get_root (parser), TRUE);

  return g_strdup (body);
}

static char *
response_text (const Entry *entry)
{
  g_autofree char *status = format_status (entry->status);
  g_autofree char *body = pretty_body (entry->response_body);
  const char *headers = entry->response_headers ? entry->response_headers : "";
  gboolean newline = *headers != '\0' && !g_str_has_suffix (headers, "\n");

  if (entry->status == 0 && *headers == '\0' && *body == '\0')
    return g_strdup (_("No response was received."));

  return g_strdup_printf ("HTTP %s\n%s%s\n%s", status, headers, newline ? "\n" : "", body);
}

static void
set_text (GtkTextView *view,
          const char  *text)
{
  g_autofree char *trimmed = g_strchomp (g_strdup (text ? text : ""));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), trimmed, -1);
}

static void
show_entry (FsInspector *self,
            const Entry *entry)
{
  g_autofree char *status = NULL;
  g_autofree char *elapsed = NULL;
  g_autofree char *response = NULL;
  g_autofree char *request_id = NULL;
  gboolean failed;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.copy-curl",
                                 entry != NULL && entry->curl != NULL);
  if (entry == NULL)
    return;

  status = format_status (entry->status);
  elapsed = format_ms (entry->elapsed_ms);
  response = response_text (entry);
  failed = entry->status == 0 || entry->status >= 400;
  if (entry->request_id != NULL)
    /* Translators: the provider's id for one request, quoted to support */
    request_id = g_strdup_printf (_("Request ID %s"), entry->request_id);

  gtk_label_set_text (self->exchange_title, entry->label ? entry->label : "");
  gtk_label_set_text (self->status_label, status);
  fs_ui_set_css_class (GTK_WIDGET (self->status_label), "error", failed);
  fs_ui_set_css_class (GTK_WIDGET (self->status_label), "success", !failed);
  gtk_label_set_text (self->elapsed_label, elapsed);
  gtk_label_set_text (self->request_id_label, request_id ? request_id : "");
  gtk_widget_set_visible (GTK_WIDGET (self->request_id_label), request_id != NULL);
  set_text (self->request_view, entry->request);
  set_text (self->response_view, response);
}

static void
exchange_selected_cb (FsInspector   *self,
                      GtkListBoxRow *row)
{
  show_entry (self, selected_entry (self));
}

static GtkWidget *
new_sidebar_row (const Entry *entry)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (entry->label);
  g_autofree char *status = format_status (entry->status);
  g_autofree char *elapsed = format_ms (entry->elapsed_ms);
  /* Translators: an HTTP status and a duration, "200 OK · 212 ms" */
  g_autofree char *detail = g_strdup_printf (_("%s · %s"), status, elapsed);
  GtkWidget *subtitle = gtk_label_new (detail);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, entry->status == 0 || entry->status >= 400
                                      ? "error" : "dim-label");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  return box;
}

static GtkWidget *
new_timing_row (const char *title,
                const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static void
update_total (FsInspector *self)
{
  gint64 total = 0;
  g_autofree char *duration = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < self->entries->len; i++)
    total += ((Entry *) g_ptr_array_index (self->entries, i))->elapsed_ms;

  duration = format_ms (total);
  text = g_strdup_printf (ngettext ("%u request · %s in all", "%u requests · %s in all",
                                    self->entries->len),
                          self->entries->len, duration);
  gtk_label_set_text (self->total_label, text);
}

static void
append_entry (FsInspector *self,
              Entry       *entry)
{
  g_autofree char *elapsed = format_ms (entry->elapsed_ms);
  GtkWidget *timing = new_timing_row (entry->label ? entry->label : "", elapsed);
  GtkListBoxRow *first_record_row;

  g_ptr_array_add (self->entries, entry);
  gtk_list_box_append (self->exchange_list, new_sidebar_row (entry));

  /* Exchange timings come first, the record's summary after them. */
  first_record_row = self->record_timing_rows->len > 0
                     ? g_ptr_array_index (self->record_timing_rows, 0) : NULL;
  gtk_list_box_insert (self->timings_list, timing,
                       first_record_row ? gtk_list_box_row_get_index (first_record_row) : -1);

  gtk_stack_set_visible_child_name (self->stack, "exchanges");
  if (gtk_list_box_get_selected_row (self->exchange_list) == NULL)
    gtk_list_box_select_row (self->exchange_list,
                             gtk_list_box_get_row_at_index (self->exchange_list, 0));
  update_total (self);
}

/* @value -1: the record does not say. */
static void
add_record_timing (FsInspector *self,
                   gint64       value,
                   const char  *title,
                   gboolean     is_count)
{
  g_autofree char *text = NULL;
  GtkWidget *row;

  if (value < 0)
    return;

  text = is_count ? g_strdup_printf ("%" G_GINT64_FORMAT, value) : format_ms (value);
  row = new_timing_row (title, text);
  gtk_list_box_append (self->timings_list, row);
  g_ptr_array_add (self->record_timing_rows, row);
}

static void
load_asset (FsInspector *self)
{
  const FsAssetTimings *timings = fs_asset_get_timings (self->asset);
  g_autoptr(GPtrArray) exchanges = fs_asset_dup_exchanges (self->asset);

  add_record_timing (self, timings->submit_ms, _("Submitted after"), FALSE);
  add_record_timing (self, timings->ready_ms, _("Ready after"), FALSE);
  add_record_timing (self, timings->download_ms, _("Downloaded in"), FALSE);
  add_record_timing (self, timings->polls, _("Polls"), TRUE);

  for (guint i = 0; i < exchanges->len; i++)
    append_entry (self, entry_new_from_exchange (g_ptr_array_index (exchanges, i)));
}

static void
sync_job (FsInspector *self)
{
  GPtrArray *exchanges = fs_job_get_exchanges (self->job);

  for (guint i = self->entries->len; exchanges != NULL && i < exchanges->len; i++)
    append_entry (self, entry_new_from_exchange (g_ptr_array_index (exchanges, i)));
}

static void
n_exchanges_cb (FsInspector *self)
{
  sync_job (self);
}

static const char *
empty_description (FsInspector *self)
{
  const char *provider = self->asset
                         ? fs_asset_get_provider_id (self->asset)
                         : fs_request_get_provider_id (fs_job_get_request (self->job));

  if (g_strcmp0 (provider, "sandbox") == 0)
    return _("The offline sandbox draws its images on this computer: "
             "nothing was sent over the network.");
  if (self->asset != NULL)
    return _("The record of this image holds no requests.");

  return _("Requests appear here as soon as they are sent.");
}

static void
set_subtitle (FsInspector *self,
              const char  *prompt)
{
  g_autofree char *flat = g_strdelimit (g_strdup (prompt ? prompt : ""), "\r\n\t", ' ');
  g_autofree char *short_prompt = NULL;

  g_strstrip (flat);
  if (g_utf8_strlen (flat, -1) > 60)
    {
      const char *end = g_utf8_offset_to_pointer (flat, 60);

      short_prompt = g_strdup_printf ("%.*s…", (int) (end - flat), flat);
    }
  adw_window_title_set_subtitle (self->title_widget, short_prompt ? short_prompt : flat);
}

static void
fs_inspector_constructed (GObject *object)
{
  FsInspector *self = FS_INSPECTOR (object);

  G_OBJECT_CLASS (fs_inspector_parent_class)->constructed (object);

  g_assert (self->job != NULL || self->asset != NULL);
  adw_status_page_set_description (self->empty_page, empty_description (self));
  gtk_stack_set_visible_child_name (self->stack, "empty");
  show_entry (self, NULL);

  if (self->asset != NULL)
    {
      set_subtitle (self, fs_asset_get_prompt (self->asset));
      load_asset (self);
      return;
    }

  set_subtitle (self, fs_request_get_prompt (fs_job_get_request (self->job)));
  g_signal_connect_object (self->job, "notify::n-exchanges",
                           G_CALLBACK (n_exchanges_cb), self, G_CONNECT_SWAPPED);
  sync_job (self);
}

static void
copy_curl_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FsInspector *self = FS_INSPECTOR (widget);
  Entry *entry = selected_entry (self);

  if (entry == NULL || entry->curl == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), entry->curl);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Copied as curl")));
}

static void
fs_inspector_dispose (GObject *object)
{
  FsInspector *self = FS_INSPECTOR (object);

  g_clear_object (&self->job);
  g_clear_object (&self->asset);

  G_OBJECT_CLASS (fs_inspector_parent_class)->dispose (object);
}

static void
fs_inspector_finalize (GObject *object)
{
  FsInspector *self = FS_INSPECTOR (object);

  g_ptr_array_unref (self->entries);
  g_ptr_array_unref (self->record_timing_rows);

  G_OBJECT_CLASS (fs_inspector_parent_class)->finalize (object);
}

static void
fs_inspector_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FsInspector *self = FS_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;

    case PROP_ASSET:
      g_value_set_object (value, self->asset);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_inspector_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FsInspector *self = FS_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_JOB:
      self->job = g_value_dup_object (value);
      break;

    case PROP_ASSET:
      self->asset = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_inspector_class_init (FsInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fs_inspector_constructed;
  object_class->dispose = fs_inspector_dispose;
  object_class->finalize = fs_inspector_finalize;
  object_class->get_property = fs_inspector_get_property;
  object_class->set_property = fs_inspector_set_property;

  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, FS_TYPE_JOB,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_ASSET] =
    g_param_spec_object ("asset", NULL, NULL, FS_TYPE_ASSET,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "inspector.copy-curl", NULL, copy_curl_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "inspector.copy-curl", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/fs-inspector.ui");
  gtk_widget_class_bind_template_child (widget_class, FsInspector, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FsInspector, title_widget);
  gtk_widget_class_bind_template_child (widget_class, FsInspector, stack);
  gtk_widget_class_bind_template_child (widget_class, FsInspector, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FsInspector, exchange_list);
  gtk_widget_class_bind_template_child (widget_class, FsInspector, total_label);
  gtk_widget_class_bind_template_child (widget_class, FsInspector, exchange_title);
  gtk_widget_class_bind_template_child (widget_class, FsInspector, status_label);
  gtk_widget_class_bind_template_child (widget_class, FsInspector, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, FsInspector, request_id_label);
  gtk_widget_class_bind_template_child (widget_class, FsInspector, request_view);
  gtk_widget_class_bind_template_child (widget_class, FsInspector, response_view);
  gtk_widget_class_bind_template_child (widget_class, FsInspector, timings_list);
  gtk_widget_class_bind_template_callback (widget_class, exchange_selected_cb);
}

static void
fs_inspector_init (FsInspector *self)
{
  g_type_ensure (ADW_TYPE_WINDOW_TITLE);
  g_type_ensure (ADW_TYPE_BUTTON_CONTENT);
  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  g_type_ensure (ADW_TYPE_TOAST_OVERLAY);
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  self->record_timing_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * fs_inspector_new_for_job:
 * @parent: (nullable): the window it belongs to
 * @job: the job whose exchanges to show, live
 *
 * Returns: (transfer none): a new #FsInspector, not yet shown
 */
GtkWidget *
fs_inspector_new_for_job (GtkWindow *parent,
                          FsJob     *job)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FS_IS_JOB (job), NULL);

  return g_object_new (FS_TYPE_INSPECTOR, "transient-for", parent, "job", job, NULL);
}

/**
 * fs_inspector_new_for_asset:
 * @parent: (nullable): the window it belongs to
 * @asset: the saved image whose recorded exchanges to show
 *
 * Returns: (transfer none): a new #FsInspector, not yet shown
 */
GtkWidget *
fs_inspector_new_for_asset (GtkWindow *parent,
                            FsAsset   *asset)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FS_IS_ASSET (asset), NULL);

  return g_object_new (FS_TYPE_INSPECTOR, "transient-for", parent, "asset", asset, NULL);
}
