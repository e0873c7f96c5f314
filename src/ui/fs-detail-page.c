/* fs-detail-page.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include <adwaita.h>

#include "fs-colour-check-view.h"
#include "fs-detail-page.h"
#include "fs-export-dialog.h"
#include "fs-image.h"
#include "fs-inspector.h"
#include "fs-lineage-view.h"
#include "fs-provider.h"
#include "fs-reference-slot.h"
#include "fs-thumbnail.h"
#include "fs-ui.h"

#define PREVIEW_SIZE  256
#define ZOOM_STEP     1.25
#define ZOOM_MAX      8.0
#define IMAGE_MARGIN  12

struct _FsDetailPage
{
  GtkWidget            parent_instance;

  GtkWidget           *box;
  AdwWindowTitle      *title_widget;
  GtkToggleButton     *fit_button;
  GtkToggleButton     *actual_button;
  AdwFlap             *flap;
  GtkWidget           *image_overlay;
  GtkScrolledWindow   *image_scroller;
  GtkPicture          *picture;
  GtkSpinner          *spinner;
  AdwStatusPage       *error_page;
  GtkWidget           *note_box;
  GtkLabel            *note_label;
  GtkLabel            *prompt_label;
  FsColourCheckView   *colour_view;
  FsLineageView       *lineage_view;
  GtkLabel            *model_value;
  GtkLabel            *provider_value;
  GtkLabel            *seed_value;
  GtkLabel            *size_value;
  GtkLabel            *cost_value;
  GtkLabel            *date_value;
  GtkLabel            *request_value;
  AdwPreferencesGroup *record_group;
  AdwPreferencesGroup *params_group;
  AdwPreferencesGroup *refs_group;

  FsLibrary           *library;
  FsAsset             *asset;
  GdkTexture          *texture;
  GPtrArray           *param_rows;
  GPtrArray           *ref_rows;
  /* Lives as long as the page: deletes and folder openings. */
  GCancellable        *cancellable;
  /* Lives as long as the current asset: its image loads. */
  GCancellable        *load_cancellable;

  /* 0 fits the image to the window; otherwise image pixels per pixel. */
  double               zoom;
  /* Where the pointer was over the image, to zoom around it. */
  double               pointer_x;
  double               pointer_y;
  gboolean             pointer_inside;
  /* A point of the image (as a fraction of its size) to keep under
   * anchor_x/anchor_y of the view once the new zoom is laid out. */
  double               anchor_fx;
  double               anchor_fy;
  double               anchor_x;
  double               anchor_y;
  /* The zoomed image's size, to recognise the layout that shows it. */
  double               anchor_width;
  double               anchor_height;
  gboolean             anchor_h_pending;
  gboolean             anchor_v_pending;
  gboolean             syncing_zoom;
  gboolean             deleting;
};

G_DEFINE_FINAL_TYPE (FsDetailPage, fs_detail_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LIBRARY,
  PROP_ASSET,
  N_PROPS
};

enum {
  REMIX,
  BACK,
  DELETED,
  TOAST,
  COMPARE_WITH,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* An operation that may finish after the page or its asset changed. */
typedef struct
{
  GWeakRef      page;
  GCancellable *cancellable;
  FsAsset      *asset;
  char         *path;
} PageOp;

static PageOp *
page_op_new_for_asset (FsDetailPage *self,
                       FsAsset      *asset,
                       GCancellable *cancellable)
{
  PageOp *op = g_new0 (PageOp, 1);

  g_weak_ref_init (&op->page, self);
  op->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  op->asset = asset ? g_object_ref (asset) : NULL;
  op->path = asset ? g_strdup (fs_asset_get_path (asset)) : NULL;
  return op;
}

static PageOp *
page_op_new (FsDetailPage *self,
             GCancellable *cancellable)
{
  return page_op_new_for_asset (self, self->asset, cancellable);
}

static void
page_op_free (PageOp *op)
{
  g_weak_ref_clear (&op->page);
  g_clear_object (&op->cancellable);
  g_clear_object (&op->asset);
  g_free (op->path);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PageOp, page_op_free)

static void
toast (FsDetailPage *self,
       const char   *message)
{
  g_signal_emit (self, signals[TOAST], 0, message);
}

static void
update_actions (FsDetailPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has = self->asset != NULL;
  gboolean loaded = self->texture != NULL;

  gtk_widget_action_set_enabled (widget, "detail.copy-image", loaded);
  gtk_widget_action_set_enabled (widget, "detail.copy-prompt", has);
  gtk_widget_action_set_enabled (widget, "detail.copy-seed",
                                 has && fs_asset_get_seed (self->asset) >= 0);
  gtk_widget_action_set_enabled (widget, "detail.remix", has);
  gtk_widget_action_set_enabled (widget, "detail.export", has);
  gtk_widget_action_set_enabled (widget, "detail.export-to", has);
  gtk_widget_action_set_enabled (widget, "detail.open-folder", has);
  gtk_widget_action_set_enabled (widget, "detail.delete", has && !self->deleting);
  gtk_widget_action_set_enabled (widget, "detail.inspect", has);
  gtk_widget_action_set_enabled (widget, "detail.zoom-in", loaded);
  gtk_widget_action_set_enabled (widget, "detail.zoom-out", loaded);
  gtk_widget_action_set_enabled (widget, "detail.zoom-fit", loaded);
  gtk_widget_action_set_enabled (widget, "detail.zoom-actual", loaded);
  gtk_widget_set_sensitive (GTK_WIDGET (self->fit_button), loaded);
  gtk_widget_set_sensitive (GTK_WIDGET (self->actual_button), loaded);
}

/* Zoom */

static double
fit_scale (FsDetailPage *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self->image_scroller)) - 2 * IMAGE_MARGIN;
  double height = gtk_widget_get_height (GTK_WIDGET (self->image_scroller)) - 2 * IMAGE_MARGIN;
  int texture_width = gdk_texture_get_width (self->texture);
  int texture_height = gdk_texture_get_height (self->texture);

  if (width <= 0 || height <= 0 || texture_width <= 0 || texture_height <= 0)
    return 1.0;

  return MIN (width / texture_width, height / texture_height);
}

static void
sync_zoom_buttons (FsDetailPage *self)
{
  self->syncing_zoom = TRUE;
  gtk_toggle_button_set_active (self->fit_button, self->zoom == 0);
  gtk_toggle_button_set_active (self->actual_button, self->zoom == 1.0);
  self->syncing_zoom = FALSE;
}

static void
remember_anchor (FsDetailPage *self)
{
  GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (self->image_scroller);
  GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (self->image_scroller);
  double h_upper = gtk_adjustment_get_upper (h);
  double v_upper = gtk_adjustment_get_upper (v);

  self->anchor_x = self->pointer_inside ? self->pointer_x : gtk_adjustment_get_page_size (h) / 2;
  self->anchor_y = self->pointer_inside ? self->pointer_y : gtk_adjustment_get_page_size (v) / 2;
  self->anchor_fx = h_upper > 0 ? (gtk_adjustment_get_value (h) + self->anchor_x) / h_upper : 0.5;
  self->anchor_fy = v_upper > 0 ? (gtk_adjustment_get_value (v) + self->anchor_y) / v_upper : 0.5;
  self->anchor_h_pending = TRUE;
  self->anchor_v_pending = TRUE;
}

/* The picture keeps the image's aspect inside whatever it is given, so
 * asking for the zoomed size is enough: at or below 100 % "scale down"
 * stops small images from being blown up to fill the view. */
static void
apply_zoom (FsDetailPage *self)
{
  GtkWidget *picture = GTK_WIDGET (self->picture);

  if (self->zoom == 0 || self->texture == NULL)
    {
      gtk_widget_set_size_request (picture, -1, -1);
      gtk_picture_set_content_fit (self->picture, GTK_CONTENT_FIT_CONTAIN);
    }
  else
    {
      int width = (int) round (gdk_texture_get_width (self->texture) * self->zoom);
      int height = (int) round (gdk_texture_get_height (self->texture) * self->zoom);

      gtk_widget_set_size_request (picture, width, height);
      gtk_picture_set_content_fit (self->picture,
                                   self->zoom <= 1.0 ? GTK_CONTENT_FIT_SCALE_DOWN
                                                     : GTK_CONTENT_FIT_CONTAIN);
    }

  sync_zoom_buttons (self);
}

/* Below the fitting scale only 100 % is kept (for images smaller than
 * the view); anything else is "fit". */
static void
set_zoom (FsDetailPage *self,
          double        zoom)
{
  double fit;

  if (self->texture == NULL)
    {
      self->zoom = 0;
      apply_zoom (self);
      return;
    }

  if (zoom > 0)
    {
      fit = fit_scale (self);
      if (zoom < fit - 1e-6)
        zoom = fit > 1.0 ? 1.0 : 0;
      zoom = MIN (zoom, ZOOM_MAX);
    }

  if (zoom == self->zoom)
    {
      sync_zoom_buttons (self);
      return;
    }

  remember_anchor (self);
  self->zoom = zoom;
  self->anchor_width = zoom * gdk_texture_get_width (self->texture) + 2 * IMAGE_MARGIN;
  self->anchor_height = zoom * gdk_texture_get_height (self->texture) + 2 * IMAGE_MARGIN;
  apply_zoom (self);
}

/* Stepping through 100 % stops there, the one scale that shows every
 * pixel as it is. */
static void
zoom_by (FsDetailPage *self,
         double        factor)
{
  double current = self->zoom > 0 ? self->zoom : fit_scale (self);
  double next = current * factor;

  if ((current < 1.0 && next > 1.0) || (current > 1.0 && next < 1.0))
    next = 1.0;

  set_zoom (self, next);
}

static void
adjustment_changed_cb (GtkAdjustment *adjustment,
                       FsDetailPage  *self)
{
  gboolean horizontal = adjustment == gtk_scrolled_window_get_hadjustment (self->image_scroller);
  gboolean *pending = horizontal ? &self->anchor_h_pending : &self->anchor_v_pending;
  double fraction = horizontal ? self->anchor_fx : self->anchor_fy;
  double anchor = horizontal ? self->anchor_x : self->anchor_y;
  double expected = MAX (horizontal ? self->anchor_width : self->anchor_height,
                         gtk_adjustment_get_page_size (adjustment));

  /* Only the layout of the new zoom moves the view; a resize before it
   * lands must not. */
  if (!*pending || fabs (gtk_adjustment_get_upper (adjustment) - expected) > 1.5)
    return;

  *pending = FALSE;
  gtk_adjustment_set_value (adjustment, fraction * gtk_adjustment_get_upper (adjustment) - anchor);
}

/* "Edited from" and "Edits" open the image they name on this page. */
static void
lineage_activated_cb (FsDetailPage *self,
                      FsAsset      *asset)
{
  fs_detail_page_set_asset (self, asset);
}

static void
zoom_toggled_cb (FsDetailPage    *self,
                 GtkToggleButton *button)
{
  if (self->syncing_zoom || !gtk_toggle_button_get_active (button))
    return;

  set_zoom (self, button == self->fit_button ? 0 : 1.0);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           FsDetailPage             *self)
{
  GdkModifierType state;

  state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  if ((state & GDK_CONTROL_MASK) == 0 || self->texture == NULL || dy == 0)
    return FALSE;

  zoom_by (self, pow (1.1, -dy));
  return TRUE;
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           FsDetailPage             *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
}

static void
leave_cb (GtkEventControllerMotion *controller,
          FsDetailPage             *self)
{
  self->pointer_inside = FALSE;
}

static void
setup_zoom_controllers (FsDetailPage *self)
{
  GtkEventController *scroll;
  GtkEventController *motion;

  /* Capture phase: Ctrl+scroll zooms before the scrolled window scrolls. */
  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->image_scroller), scroll);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->image_scroller), motion);

  g_signal_connect (gtk_scrolled_window_get_hadjustment (self->image_scroller), "changed",
                    G_CALLBACK (adjustment_changed_cb), self);
  g_signal_connect (gtk_scrolled_window_get_vadjustment (self->image_scroller), "changed",
                    G_CALLBACK (adjustment_changed_cb), self);
}

/* The record */

/* A row that shows a name above its value, the value selectable and
 * wrapping: the side column is too narrow for both on one line. */
static GtkWidget *
new_property_row (const char  *title,
                  const char  *value,
                  gboolean     monospace,
                  GtkWidget   *suffix,
                  GtkLabel   **value_label)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *label = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_add_css_class (name, "caption");
  gtk_widget_add_css_class (name, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* Wrapping labels ask for their whole text on one line otherwise, and
   * the side column would take the image's room. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  if (monospace)
    gtk_widget_add_css_class (label, "monospace");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), label);

  gtk_box_append (GTK_BOX (box), texts);
  if (suffix != NULL)
    gtk_box_append (GTK_BOX (box), suffix);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  if (value_label != NULL)
    *value_label = GTK_LABEL (label);
  return row;
}

static GtkLabel *
add_record_row (FsDetailPage *self,
                const char   *title,
                gboolean      monospace,
                GtkWidget    *suffix)
{
  GtkLabel *label = NULL;

  adw_preferences_group_add (self->record_group,
                             new_property_row (title, NULL, monospace, suffix, &label));
  return label;
}

static GtkWidget *
new_copy_seed_button (void)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "detail.copy-seed");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Copy Seed"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy Seed"), -1);
  return button;
}

static void
build_record_rows (FsDetailPage *self)
{
  self->model_value = add_record_row (self, _("Model"), FALSE, NULL);
  self->provider_value = add_record_row (self, _("Provider"), FALSE, NULL);
  self->seed_value = add_record_row (self, _("Seed"), FALSE, new_copy_seed_button ());
  self->size_value = add_record_row (self, _("Size"), FALSE, NULL);
  self->cost_value = add_record_row (self, _("Cost"), FALSE, NULL);
  self->date_value = add_record_row (self, _("Created"), FALSE, NULL);
  self->request_value = add_record_row (self, _("Request ID"), TRUE, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->seed_value), "numeric");
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
add_row (AdwPreferencesGroup *group,
         GPtrArray           *rows,
         GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
}

/* "safety_tolerance" → "Safety tolerance": the record's own names, made
 * readable. */
static char *
param_title (const char *name)
{
  g_autofree char *spaced = g_strdelimit (g_strdup (name), "_-", ' ');
  g_autofree char *first = g_utf8_strup (spaced, g_utf8_next_char (spaced) - spaced);

  return g_strconcat (first, g_utf8_next_char (spaced), NULL);
}

static char *
format_json_value (JsonNode *node)
{
  GType type;

  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");
  if (!JSON_NODE_HOLDS_VALUE (node))
    return json_to_string (node, FALSE);

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return json_node_dup_string (node);
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  return g_strdup_printf ("%g", json_node_get_double (node));
}

static void
fill_params (FsDetailPage *self)
{
  JsonObject *params = fs_asset_get_params (self->asset);
  JsonObjectIter iter;
  const char *name;
  JsonNode *value_node;

  clear_rows (self->params_group, self->param_rows);
  adw_preferences_group_set_description (self->params_group,
                                         params == NULL || json_object_get_size (params) == 0
                                         ? _("No parameters were recorded") : NULL);
  if (params == NULL)
    return;

  json_object_iter_init_ordered (&iter, params);
  while (json_object_iter_next_ordered (&iter, &name, &value_node))
    {
      g_autofree char *title = param_title (name);
      g_autofree char *value = format_json_value (value_node);

      add_row (self->params_group, self->param_rows,
               new_property_row (title, value, FALSE, NULL, NULL));
    }
}

/* The reference as it was sent, loaded from the reference store off
 * the main thread. */
static GtkWidget *
new_reference_picture (const char *sha256,
                       guint       index)
{
  GtkWidget *picture = fs_reference_picture_new_stored (sha256, 48);
  /* Translators: a reference image of the result by its position */
  g_autofree char *label = g_strdup_printf (_("Reference image %u"), index);

  gtk_widget_set_valign (picture, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  return picture;
}

static void
fill_references (FsDetailPage *self)
{
  const char * const *references = fs_asset_get_references (self->asset);
  guint n = references ? g_strv_length ((char **) references) : 0;

  clear_rows (self->refs_group, self->ref_rows);
  adw_preferences_group_set_description (self->refs_group,
                                         n == 0 ? _("No reference images were used") : NULL);
  for (guint i = 0; i < n; i++)
    {
      /* Translators: a reference image by its position, as prompts name
       * them: "image 1", "image 2" … */
      g_autofree char *title = g_strdup_printf (_("Image %u"), i + 1);

      add_row (self->refs_group, self->ref_rows,
               new_property_row (title, references[i], TRUE,
                                 new_reference_picture (references[i], i + 1), NULL));
    }
}

static char *
format_cost (FsAsset *asset)
{
  double cost = fs_asset_get_cost (asset);
  g_autofree char *amount = NULL;

  if (isnan (cost))
    return g_strdup (_("unknown"));
  if (cost == 0)
    return g_strdup (_("free"));

  amount = g_strdup_printf ("$%.3f", cost);
  if (fs_asset_is_cost_estimate (asset))
    /* Translators: a price computed from the catalog, not billed by the provider */
    return g_strdup_printf (_("%s (estimate)"), amount);

  return g_steal_pointer (&amount);
}

static char *
provider_name (FsAsset *asset)
{
  const FsProviderInfo *info = fs_provider_info_lookup (fs_asset_get_provider_id (asset));

  return g_strdup (info ? _(info->name) : fs_asset_get_provider_id (asset));
}

static char *
format_date (FsAsset *asset)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (fs_asset_get_created (asset));

  /* Translators: the date and time an image was made, see strftime(3);
   * %c is the locale's own format */
  return g_date_time_format (local, _("%c"));
}

static void
fill_note (FsDetailPage *self)
{
  const char *note = NULL;
  gboolean sandbox = g_strcmp0 (fs_asset_get_provider_id (self->asset), "sandbox") == 0;

  if (sandbox)
    note = _("Offline sandbox — not a FLUX model");
  else
    note = fs_asset_get_note (self->asset);

  gtk_label_set_text (self->note_label, note ? note : "");
  gtk_widget_set_visible (self->note_box, note != NULL);
}

static void
fill_summary (FsDetailPage *self)
{
  FsAsset *asset = self->asset;
  g_autofree char *provider = provider_name (asset);
  g_autofree char *seed = NULL;
  g_autofree char *size = NULL;
  g_autofree char *cost = format_cost (asset);
  g_autofree char *date = format_date (asset);
  const char *request_id = fs_asset_get_request_id (asset);

  if (fs_asset_get_seed (asset) >= 0)
    seed = g_strdup_printf ("%" G_GINT64_FORMAT, fs_asset_get_seed (asset));
  /* Translators: an image size in pixels, width × height */
  size = g_strdup_printf (_("%u × %u"), fs_asset_get_width (asset), fs_asset_get_height (asset));

  adw_window_title_set_title (self->title_widget, fs_asset_get_model_name (asset));
  adw_window_title_set_subtitle (self->title_widget, date);
  gtk_label_set_text (self->prompt_label, fs_asset_get_prompt (asset));
  gtk_label_set_text (self->model_value, fs_asset_get_model_name (asset));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->model_value), fs_asset_get_model_id (asset));
  gtk_label_set_text (self->provider_value, provider);
  gtk_label_set_text (self->seed_value, seed ? seed : _("not recorded"));
  gtk_label_set_text (self->size_value, size);
  gtk_label_set_text (self->cost_value, cost);
  gtk_label_set_text (self->date_value, date);
  gtk_label_set_text (self->request_value,
                      request_id && *request_id ? request_id : _("none"));
}

static void
fill_record (FsDetailPage *self)
{
  if (self->asset == NULL)
    {
      adw_window_title_set_title (self->title_widget, NULL);
      adw_window_title_set_subtitle (self->title_widget, NULL);
      clear_rows (self->params_group, self->param_rows);
      clear_rows (self->refs_group, self->ref_rows);
      gtk_widget_set_visible (self->note_box, FALSE);
      return;
    }

  fill_summary (self);
  fill_note (self);
  fill_params (self);
  fill_references (self);
}

/* Loading the image */

static void
show_loading (FsDetailPage *self,
              gboolean      loading)
{
  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
}

static void
preview_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PageOp) op = user_data;
  g_autoptr(GdkPixbuf) pixbuf = fs_thumbnail_load_finish (result, NULL);
  g_autoptr(FsDetailPage) self = g_weak_ref_get (&op->page);
  g_autoptr(GdkTexture) preview = NULL;

  /* The preview is only worth showing while the full image is on its way. */
  if (self == NULL || pixbuf == NULL || g_cancellable_is_cancelled (op->cancellable) ||
      self->texture != NULL)
    return;

  preview = gdk_texture_new_for_pixbuf (pixbuf);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (preview));
}

static void
image_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PageOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = fs_image_load_finish (result, &error);
  g_autoptr(FsDetailPage) self = g_weak_ref_get (&op->page);

  if (self == NULL || g_cancellable_is_cancelled (op->cancellable))
    return;

  show_loading (self, FALSE);
  if (pixbuf == NULL)
    {
      gtk_picture_set_paintable (self->picture, NULL);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_page), TRUE);
      return;
    }

  /* Wrapping the decoded pixels copies nothing: no work for this frame. */
  self->texture = gdk_texture_new_for_pixbuf (pixbuf);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (self->texture));
  apply_zoom (self);
  update_actions (self);
}

/* A light asset from the gallery shows its summary at once and the rest
 * of its record once read (docs/ARCHITECTURE.md, “Index”). */
static void
record_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PageOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsDetailPage) self = g_weak_ref_get (&op->page);
  gboolean loaded = fs_library_load_record_finish (FS_LIBRARY (source), result, &error);

  if (self == NULL || g_cancellable_is_cancelled (op->cancellable) || self->asset != op->asset)
    return;

  if (!loaded)
    {
      g_warning ("Could not read the record of %s: %s", op->path, error->message);
      return;
    }

  fill_record (self);
  update_actions (self);
}

static void
load_image (FsDetailPage *self)
{
  if (self->asset == NULL)
    return;

  self->load_cancellable = g_cancellable_new ();
  if (!fs_asset_has_record (self->asset))
    fs_library_load_record_async (self->library, self->asset, self->load_cancellable,
                                  record_loaded_cb, page_op_new (self, self->load_cancellable));
  show_loading (self, TRUE);
  fs_thumbnail_load_async (fs_asset_get_path (self->asset), fs_asset_get_sha256 (self->asset),
                           PREVIEW_SIZE, self->load_cancellable, preview_loaded_cb,
                           page_op_new (self, self->load_cancellable));
  fs_image_load_async (fs_asset_get_path (self->asset), self->load_cancellable,
                       image_loaded_cb, page_op_new (self, self->load_cancellable));
}

static void
reset_image (FsDetailPage *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->texture);
  gtk_picture_set_paintable (self->picture, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->error_page), FALSE);
  show_loading (self, FALSE);
  self->zoom = 0;
  apply_zoom (self);
}

/* Actions */

static void
copy_text (FsDetailPage *self,
           const char   *text,
           const char   *message)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  toast (self, message);
}

static void
copy_image_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FsDetailPage *self = FS_DETAIL_PAGE (widget);

  if (self->texture == NULL)
    return;

  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), self->texture);
  toast (self, _("Image copied"));
}

static void
copy_prompt_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FsDetailPage *self = FS_DETAIL_PAGE (widget);

  if (self->asset != NULL)
    copy_text (self, fs_asset_get_prompt (self->asset), _("Prompt copied"));
}

static void
copy_seed_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FsDetailPage *self = FS_DETAIL_PAGE (widget);
  g_autofree char *seed = NULL;

  if (self->asset == NULL || fs_asset_get_seed (self->asset) < 0)
    return;

  seed = g_strdup_printf ("%" G_GINT64_FORMAT, fs_asset_get_seed (self->asset));
  copy_text (self, seed, _("Seed copied"));
}

static void
remix_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FsDetailPage *self = FS_DETAIL_PAGE (widget);

  if (self->asset != NULL)
    g_signal_emit (self, signals[REMIX], 0, self->asset);
}

/* Export: copies with the record inside, or clean (docs/ARCHITECTURE.md,
 * “Export”); the toast says where they went. */
static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  FsDetailPage *self = FS_DETAIL_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_task_get_source_tag (G_TASK (result)) == fs_export_dialog_run_async)
    message = fs_export_dialog_run_finish (result, &error);
  else
    message = fs_export_dialog_export_finish (result, &error);

  if (message != NULL)
    toast (self, message);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FsDetailPage *self = FS_DETAIL_PAGE (widget);
  g_autoptr(GPtrArray) assets = g_ptr_array_new ();

  if (self->asset == NULL)
    return;

  g_ptr_array_add (assets, self->asset);
  fs_export_dialog_run_async (widget, assets, self->cancellable, exported_cb, NULL);
}

/* detail.export-to ("(sb)": a folder, remove metadata): the export
 * without the chooser, for tests and scripts. */
static void
export_to_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FsDetailPage *self = FS_DETAIL_PAGE (widget);
  g_autoptr(GPtrArray) assets = g_ptr_array_new ();
  g_autoptr(GFile) folder = NULL;
  const char *path;
  gboolean strip;

  if (self->asset == NULL)
    return;

  g_variant_get (parameter, "(&sb)", &path, &strip);
  folder = g_file_new_for_path (path);
  g_ptr_array_add (assets, self->asset);
  fs_export_dialog_export_async (widget, assets, folder, strip, self->cancellable,
                                 exported_cb, NULL);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[BACK], 0);
}

/* The window asks for the second image (docs/ARCHITECTURE.md, “Compare”). */
static void
compare_with_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FsDetailPage *self = FS_DETAIL_PAGE (widget);

  if (self->asset != NULL)
    g_signal_emit (self, signals[COMPARE_WITH], 0, self->asset);
}

static void
inspect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FsDetailPage *self = FS_DETAIL_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *inspector;

  if (self->asset == NULL)
    return;

  inspector = fs_inspector_new_for_asset (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                          self->asset);
  gtk_window_present (GTK_WINDOW (inspector));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FsDetailPage *self = FS_DETAIL_PAGE (widget);

  if (g_str_equal (action_name, "detail.zoom-in"))
    zoom_by (self, ZOOM_STEP);
  else if (g_str_equal (action_name, "detail.zoom-out"))
    zoom_by (self, 1.0 / ZOOM_STEP);
  else if (g_str_equal (action_name, "detail.zoom-actual"))
    set_zoom (self, 1.0);
  else
    set_zoom (self, 0);
}

/* Open Containing Folder: the file manager's ShowItems selects the file;
 * where there is none (or in a sandbox without it), the folder opens
 * through GIO, which uses the OpenURI portal under Flatpak. */

static void
folder_launched_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PageOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsDetailPage) self = g_weak_ref_get (&op->page);
  g_autofree char *message = NULL;

  if (g_app_info_launch_default_for_uri_finish (result, &error) || self == NULL ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Translators: the reason follows */
  message = g_strdup_printf (_("Could not open the folder: %s"), error->message);
  toast (self, message);
}

static void
launch_folder (PageOp *op)
{
  g_autoptr(FsDetailPage) self = g_weak_ref_get (&op->page);
  g_autoptr(GAppLaunchContext) context = NULL;
  g_autofree char *folder = g_path_get_dirname (op->path);
  g_autofree char *uri = g_filename_to_uri (folder, NULL, NULL);

  if (self == NULL || uri == NULL)
    {
      page_op_free (op);
      return;
    }

  context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (
                                    gtk_widget_get_display (GTK_WIDGET (self))));
  g_app_info_launch_default_for_uri_async (uri, context, op->cancellable,
                                           folder_launched_cb, op);
}

static void
show_items_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  PageOp *op = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply != NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      page_op_free (op);
      return;
    }

  launch_folder (op);
}

static void
session_bus_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  PageOp *op = user_data;
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (result, NULL);
  g_autofree char *uri = g_filename_to_uri (op->path, NULL, NULL);
  const char *uris[] = { uri, NULL };

  if (bus == NULL || uri == NULL)
    {
      launch_folder (op);
      return;
    }

  /* No auto-start: a file manager that is not installed fails at once. */
  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems",
                          g_variant_new ("(^ass)", uris, ""), NULL,
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, 5000, op->cancellable,
                          show_items_cb, op);
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FsDetailPage *self = FS_DETAIL_PAGE (widget);

  if (self->asset == NULL)
    return;

  g_bus_get (G_BUS_TYPE_SESSION, self->cancellable, session_bus_cb,
             page_op_new (self, self->cancellable));
}

/* Delete */

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PageOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsDetailPage) self = g_weak_ref_get (&op->page);
  g_autofree char *message = NULL;
  gboolean deleted = fs_library_delete_finish (FS_LIBRARY (source), result, &error);

  if (self == NULL)
    return;

  self->deleting = FALSE;
  update_actions (self);

  if (deleted)
    {
      toast (self, _("Image moved to the Trash"));
      g_signal_emit (self, signals[DELETED], 0, op->asset);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Translators: the reason follows */
  message = g_strdup_printf (_("Could not delete the image: %s"), error->message);
  toast (self, message);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    PageOp           *op)
{
  g_autoptr(FsDetailPage) self = g_weak_ref_get (&op->page);

  if (self == NULL || !g_str_equal (response, "delete"))
    return;

  self->deleting = TRUE;
  update_actions (self);
  fs_library_delete_async (self->library, op->asset, self->cancellable, deleted_cb,
                           page_op_new_for_asset (self, op->asset, self->cancellable));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FsDetailPage *self = FS_DETAIL_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->asset == NULL || self->deleting)
    return;

  dialog = fs_ui_delete_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                    _("Delete Image?"),
                                    _("The image and its record are moved to the Trash."));
  g_signal_connect_data (dialog, "response", G_CALLBACK (delete_response_cb),
                         page_op_new (self, self->cancellable),
                         (GClosureNotify) (void (*) (void)) page_op_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The widget */

static void
fs_detail_page_dispose (GObject *object)
{
  FsDetailPage *self = FS_DETAIL_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->texture);
  g_clear_object (&self->asset);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (fs_detail_page_parent_class)->dispose (object);
}

static void
fs_detail_page_finalize (GObject *object)
{
  FsDetailPage *self = FS_DETAIL_PAGE (object);

  g_ptr_array_unref (self->param_rows);
  g_ptr_array_unref (self->ref_rows);

  G_OBJECT_CLASS (fs_detail_page_parent_class)->finalize (object);
}

/* gtk_widget_grab_focus() on the page moves the focus to the image,
 * inside the page, where its shortcuts work and arrow keys scroll. */
static gboolean
fs_detail_page_grab_focus (GtkWidget *widget)
{
  FsDetailPage *self = FS_DETAIL_PAGE (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->image_scroller));
}

static void
fs_detail_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FsDetailPage *self = FS_DETAIL_PAGE (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;

    case PROP_ASSET:
      g_value_set_object (value, self->asset);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_detail_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FsDetailPage *self = FS_DETAIL_PAGE (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      self->library = g_value_dup_object (value);
      fs_lineage_view_set_library (self->lineage_view, self->library);
      break;

    case PROP_ASSET:
      fs_detail_page_set_asset (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_detail_page_install_properties (GObjectClass *object_class)
{
  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL, FS_TYPE_LIBRARY,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_ASSET] =
    g_param_spec_object ("asset", NULL, NULL, FS_TYPE_ASSET,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fs_detail_page_install_signals (GObjectClass *object_class)
{
  GType type = G_TYPE_FROM_CLASS (object_class);

  signals[REMIX] = g_signal_new ("remix", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, FS_TYPE_ASSET);
  signals[BACK] = g_signal_new ("back", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 0);
  signals[DELETED] = g_signal_new ("deleted", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, FS_TYPE_ASSET);
  signals[TOAST] = g_signal_new ("toast", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[COMPARE_WITH] = g_signal_new ("compare-with", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 1, FS_TYPE_ASSET);
}

static void
fs_detail_page_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "detail.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "detail.compare-with", NULL,
                                   compare_with_action);
  gtk_widget_class_install_action (widget_class, "detail.copy-image", NULL, copy_image_action);
  gtk_widget_class_install_action (widget_class, "detail.copy-prompt", NULL, copy_prompt_action);
  gtk_widget_class_install_action (widget_class, "detail.copy-seed", NULL, copy_seed_action);
  gtk_widget_class_install_action (widget_class, "detail.remix", NULL, remix_action);
  gtk_widget_class_install_action (widget_class, "detail.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "detail.export-to", "(sb)", export_to_action);
  gtk_widget_class_install_action (widget_class, "detail.open-folder", NULL, open_folder_action);
  gtk_widget_class_install_action (widget_class, "detail.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "detail.inspect", NULL, inspect_action);
  gtk_widget_class_install_action (widget_class, "detail.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "detail.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "detail.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "detail.zoom-actual", NULL, zoom_action);
}

static void
fs_detail_page_add_shortcuts (GtkWidgetClass *widget_class)
{
  static const struct
  {
    guint            keyval;
    GdkModifierType  modifiers;
    const char      *action;
  } shortcuts[] = {
    { GDK_KEY_Escape, 0, "detail.back" },
    { GDK_KEY_Left, GDK_ALT_MASK, "detail.back" },
    { GDK_KEY_r, GDK_CONTROL_MASK, "detail.remix" },
    { GDK_KEY_e, GDK_CONTROL_MASK, "detail.export" },
    { GDK_KEY_Delete, 0, "detail.delete" },
    { GDK_KEY_KP_Delete, 0, "detail.delete" },
    { GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "detail.copy-image" },
    { GDK_KEY_i, GDK_CONTROL_MASK, "detail.inspect" },
    { GDK_KEY_plus, GDK_CONTROL_MASK, "detail.zoom-in" },
    { GDK_KEY_equal, GDK_CONTROL_MASK, "detail.zoom-in" },
    { GDK_KEY_KP_Add, GDK_CONTROL_MASK, "detail.zoom-in" },
    { GDK_KEY_minus, GDK_CONTROL_MASK, "detail.zoom-out" },
    { GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "detail.zoom-out" },
    { GDK_KEY_0, GDK_CONTROL_MASK, "detail.zoom-fit" },
    { GDK_KEY_KP_0, GDK_CONTROL_MASK, "detail.zoom-fit" },
    { GDK_KEY_1, GDK_CONTROL_MASK, "detail.zoom-actual" },
    { GDK_KEY_KP_1, GDK_CONTROL_MASK, "detail.zoom-actual" },
  };

  /* The class's shortcut controller: active while the focus is inside
   * the page, so Delete in the gallery never deletes this image. */
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_widget_class_add_binding_action (widget_class, shortcuts[i].keyval,
                                         shortcuts[i].modifiers, shortcuts[i].action, NULL);
}

static void
fs_detail_page_bind_template (GtkWidgetClass *widget_class)
{
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/fs-detail-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FsDetailPage, box);
  gtk_widget_class_bind_template_child (widget_class, FsDetailPage, title_widget);
  gtk_widget_class_bind_template_child (widget_class, FsDetailPage, fit_button);
  gtk_widget_class_bind_template_child (widget_class, FsDetailPage, actual_button);
  gtk_widget_class_bind_template_child (widget_class, FsDetailPage, flap);
  gtk_widget_class_bind_template_child (widget_class, FsDetailPage, image_overlay);
  gtk_widget_class_bind_template_child (widget_class, FsDetailPage, image_scroller);
  gtk_widget_class_bind_template_child (widget_class, FsDetailPage, picture);
  gtk_widget_class_bind_template_child (widget_class, FsDetailPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, FsDetailPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, FsDetailPage, note_box);
  gtk_widget_class_bind_template_child (widget_class, FsDetailPage, note_label);
  gtk_widget_class_bind_template_child (widget_class, FsDetailPage, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, FsDetailPage, colour_view);
  gtk_widget_class_bind_template_child (widget_class, FsDetailPage, lineage_view);
  gtk_widget_class_bind_template_child (widget_class, FsDetailPage, record_group);
  gtk_widget_class_bind_template_child (widget_class, FsDetailPage, params_group);
  gtk_widget_class_bind_template_child (widget_class, FsDetailPage, refs_group);
  gtk_widget_class_bind_template_callback (widget_class, zoom_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, lineage_activated_cb);
}

static void
fs_detail_page_class_init (FsDetailPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_detail_page_dispose;
  object_class->finalize = fs_detail_page_finalize;
  object_class->get_property = fs_detail_page_get_property;
  object_class->set_property = fs_detail_page_set_property;
  widget_class->grab_focus = fs_detail_page_grab_focus;

  fs_detail_page_install_properties (object_class);
  fs_detail_page_install_signals (object_class);
  fs_detail_page_install_actions (widget_class);
  fs_detail_page_add_shortcuts (widget_class);
  fs_detail_page_bind_template (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fs-detail-page");
}

static void
fs_detail_page_init (FsDetailPage *self)
{
  g_type_ensure (ADW_TYPE_WINDOW_TITLE);
  g_type_ensure (ADW_TYPE_BUTTON_CONTENT);
  g_type_ensure (ADW_TYPE_FLAP);
  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  g_type_ensure (FS_TYPE_COLOUR_CHECK_VIEW);
  g_type_ensure (FS_TYPE_LINEAGE_VIEW);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->param_rows = g_ptr_array_new ();
  self->ref_rows = g_ptr_array_new ();

  build_record_rows (self);
  gtk_widget_set_focusable (GTK_WIDGET (self->image_scroller), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->image_scroller),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Image"), -1);
  setup_zoom_controllers (self);
  update_actions (self);
}

GtkWidget *
fs_detail_page_new (FsLibrary *library)
{
  g_return_val_if_fail (FS_IS_LIBRARY (library), NULL);

  return g_object_new (FS_TYPE_DETAIL_PAGE, "library", library, NULL);
}

void
fs_detail_page_set_asset (FsDetailPage *self,
                          FsAsset      *asset)
{
  g_return_if_fail (FS_IS_DETAIL_PAGE (self));
  g_return_if_fail (asset == NULL || FS_IS_ASSET (asset));

  if (self->asset == asset)
    return;

  reset_image (self);
  g_set_object (&self->asset, asset);
  self->deleting = FALSE;
  fill_record (self);
  fs_colour_check_view_set_asset (self->colour_view, asset);
  fs_lineage_view_set_asset (self->lineage_view, asset);
  load_image (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSET]);
}

/**
 * fs_detail_page_get_asset:
 *
 * Returns: (transfer none) (nullable): the asset shown
 */
FsAsset *
fs_detail_page_get_asset (FsDetailPage *self)
{
  g_return_val_if_fail (FS_IS_DETAIL_PAGE (self), NULL);

  return self->asset;
}
