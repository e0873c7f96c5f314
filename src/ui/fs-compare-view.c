/* fs-compare-view.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "fs-compare-canvas.h"
#include "fs-compare-diff.h"
#include "fs-compare-view.h"
#include "fs-gallery-item.h"
#include "fs-image.h"

/* One key press zooms by this much. */
#define KEY_ZOOM 1.25
/* The accessible name of a pane holds this much of its prompt. */
#define PANE_PROMPT_CHARS 80

struct _FsCompareView
{
  GtkWidget        parent_instance;

  GtkWidget       *box;
  GtkToggleButton *swipe_button;
  AdwWindowTitle  *title_widget;
  GtkWidget       *zoom_button;
  GtkStack        *stack;
  GtkWidget       *panes_box;
  FsCompareCanvas *swipe_canvas;
  GtkRange        *swipe_scale;
  GtkGrid         *diff_grid;
  GtkWidget       *same_label;

  FsLibrary       *library;
  GPtrArray       *assets;      /* FsAsset */
  GPtrArray       *panes;       /* FsCompareCanvas, side by side */
  GCancellable    *cancellable; /* this set of images' loads */
  guint            records_pending;

  double           zoom;
  double           offset_x;
  double           offset_y;
  double           position;
  gboolean         swipe;
};

G_DEFINE_FINAL_TYPE (FsCompareView, fs_compare_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ZOOM,
  PROP_OFFSET_X,
  PROP_OFFSET_Y,
  PROP_POSITION,
  PROP_SWIPE,
  N_PROPS
};

enum {
  BACK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The shared view: every pane follows the view's zoom and offset. */
static void
bind_pane (FsCompareView   *self,
           FsCompareCanvas *pane)
{
  static const char * const shared[] = { "zoom", "offset-x", "offset-y", "position" };

  for (guint i = 0; i < G_N_ELEMENTS (shared); i++)
    g_object_bind_property (self, shared[i], pane, shared[i],
                            G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
}

static void
update_zoom_label (FsCompareView *self)
{
  g_autofree char *label = NULL;

  /* Translators: the zoom, relative to the image fitted to its pane */
  label = g_strdup_printf (_("%.0f %%"), self->zoom * 100);
  gtk_button_set_label (GTK_BUTTON (self->zoom_button), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->zoom_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Fit"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, label,
                                  -1);
}

static void
update_mode (FsCompareView *self)
{
  gboolean two = self->assets != NULL && self->assets->len == 2;

  gtk_widget_set_visible (GTK_WIDGET (self->swipe_button), two);
  gtk_stack_set_visible_child_name (self->stack, self->swipe && two ? "swipe" : "side");
}

/* Differences ------------------------------------------------------------------------ */

static GtkWidget *
diff_label (const char *text,
            gboolean    markup)
{
  GtkWidget *label = gtk_label_new (NULL);

  if (markup)
    gtk_label_set_markup (GTK_LABEL (label), text);
  else
    gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  return label;
}

static void
attach_heading (FsCompareView *self,
                const char    *text,
                int            row)
{
  GtkWidget *label = diff_label (text, FALSE);

  gtk_widget_set_hexpand (label, FALSE);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_add_css_class (label, "heading");
  gtk_grid_attach (self->diff_grid, label, 0, row, 1, 1);
}

/* The prompts, each against the first (the first against the second). */
static gboolean
attach_prompts (FsCompareView *self,
                int            row)
{
  FsAsset *first = g_ptr_array_index (self->assets, 0);
  gboolean differs = FALSE;

  for (guint i = 1; i < self->assets->len; i++)
    {
      g_autofree char *markup_a = NULL;
      g_autofree char *markup_b = NULL;

      differs |= fs_compare_diff_words (fs_asset_get_prompt (first),
                                        fs_asset_get_prompt (g_ptr_array_index (self->assets, i)),
                                        &markup_a, &markup_b);
      if (i == 1)
        gtk_grid_attach (self->diff_grid, diff_label (markup_a, TRUE), 1, row, 1, 1);
      gtk_grid_attach (self->diff_grid, diff_label (markup_b, TRUE), i + 1, row, 1, 1);
    }

  if (differs)
    attach_heading (self, _("Prompt"), row);
  else
    gtk_grid_remove_row (self->diff_grid, row);

  return differs;
}

static void
update_differences (FsCompareView *self)
{
  g_autoptr(GPtrArray) settings = NULL;
  g_autoptr(GPtrArray) same = g_ptr_array_new ();
  GtkWidget *child;
  int row = 1;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->diff_grid))) != NULL)
    gtk_grid_remove (self->diff_grid, child);
  gtk_label_set_text (GTK_LABEL (self->same_label), "");

  if (self->assets == NULL || self->assets->len < 2)
    return;

  for (guint i = 0; i < self->assets->len; i++)
    {
      g_autofree char *title = g_strdup_printf (_("Image %u"), i + 1);
      GtkWidget *label = diff_label (title, FALSE);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_grid_attach (self->diff_grid, label, i + 1, 0, 1, 1);
    }

  settings = fs_compare_diff_settings (self->assets);
  for (guint i = 0; i < settings->len; i++)
    {
      FsCompareSetting *setting = g_ptr_array_index (settings, i);

      if (!setting->differs)
        {
          g_ptr_array_add (same, setting->label);
          continue;
        }

      attach_heading (self, setting->label, row);
      for (guint j = 0; setting->values[j] != NULL; j++)
        gtk_grid_attach (self->diff_grid, diff_label (setting->values[j], FALSE), j + 1, row, 1,
                         1);
      row++;
    }

  if (!attach_prompts (self, row))
    g_ptr_array_add (same, _("Prompt"));

  g_ptr_array_add (same, NULL);
  if (same->len > 1)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) same->pdata);
      g_autofree char *text = NULL;

      /* Translators: %s lists settings, "Seed, Model, Steps" */
      text = g_strdup_printf (_("The same in each: %s"), list);
      gtk_label_set_text (GTK_LABEL (self->same_label), text);
    }
}

static void
record_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FsCompareView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!fs_library_load_record_finish (FS_LIBRARY (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Without its record an image shows what its index row knows. */
  if (--self->records_pending == 0)
    update_differences (self);
}

/* Images ------------------------------------------------------------------------------- */

typedef struct
{
  FsCompareView *self;
  guint          index;
} Load;

static void
image_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Load *load = user_data;
  g_autoptr(FsCompareView) self = load->self;
  guint index = load->index;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  g_free (load);
  pixbuf = fs_image_load_finish (result, &error);
  if (pixbuf == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && index < self->panes->len)
        gtk_widget_set_tooltip_text (g_ptr_array_index (self->panes, index), error->message);
      return;
    }
  if (index >= self->panes->len)
    return;

  texture = gdk_texture_new_for_pixbuf (pixbuf);
  fs_compare_canvas_set_texture (g_ptr_array_index (self->panes, index), texture);
  if (index == 0)
    fs_compare_canvas_set_texture (self->swipe_canvas, texture);
  else if (index == 1)
    fs_compare_canvas_set_second_texture (self->swipe_canvas, texture);
}

static GtkWidget *
pane_new (FsCompareView *self,
          FsAsset       *asset,
          guint          index)
{
  GtkWidget *pane = fs_compare_canvas_new ();
  g_autofree char *prompt = fs_gallery_item_label_for_prompt (fs_asset_get_prompt (asset),
                                                              PANE_PROMPT_CHARS);
  g_autofree char *label = NULL;

  /* Translators: a pane of the compare view; %u is its number, %s the
   * start of the image's prompt */
  label = g_strdup_printf (_("Image %u: %s"), index + 1, prompt);
  gtk_accessible_update_property (GTK_ACCESSIBLE (pane), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_tooltip_text (pane, fs_asset_get_prompt (asset));
  bind_pane (self, FS_COMPARE_CANVAS (pane));
  return pane;
}

static void
clear (FsCompareView *self)
{
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->records_pending = 0;
  g_ptr_array_set_size (self->panes, 0);
  while ((child = gtk_widget_get_first_child (self->panes_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->panes_box), child);
  fs_compare_canvas_set_texture (self->swipe_canvas, NULL);
  fs_compare_canvas_set_second_texture (self->swipe_canvas, NULL);
  g_clear_pointer (&self->assets, g_ptr_array_unref);
}

/* Actions ----------------------------------------------------------------------------- */

static void
set_view (FsCompareView *self,
          double         zoom,
          double         offset_x,
          double         offset_y)
{
  g_object_freeze_notify (G_OBJECT (self));
  g_object_set (self,
                "zoom", CLAMP (zoom, FS_COMPARE_MIN_ZOOM, FS_COMPARE_MAX_ZOOM),
                "offset-x", offset_x,
                "offset-y", offset_y,
                NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

/* The offset names the point at the panes' centres: zooming by the keys
 * keeps it there. */
static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FsCompareView *self = FS_COMPARE_VIEW (widget);

  if (g_str_equal (action_name, "compare.zoom-in"))
    set_view (self, self->zoom * KEY_ZOOM, self->offset_x, self->offset_y);
  else if (g_str_equal (action_name, "compare.zoom-out"))
    set_view (self, self->zoom / KEY_ZOOM, self->offset_x, self->offset_y);
  else
    set_view (self, 1, 0, 0);

  if (self->zoom <= FS_COMPARE_MIN_ZOOM)
    set_view (self, 1, 0, 0);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[BACK], 0);
}

/* GObject ------------------------------------------------------------------------------ */

static void
set_double (FsCompareView *self,
            double        *field,
            double         value,
            guint          prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
fs_compare_view_dispose (GObject *object)
{
  FsCompareView *self = FS_COMPARE_VIEW (object);

  clear (self);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->panes, g_ptr_array_unref);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (fs_compare_view_parent_class)->dispose (object);
}

static void
fs_compare_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FsCompareView *self = FS_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;

    case PROP_OFFSET_X:
      g_value_set_double (value, self->offset_x);
      break;

    case PROP_OFFSET_Y:
      g_value_set_double (value, self->offset_y);
      break;

    case PROP_POSITION:
      g_value_set_double (value, self->position);
      break;

    case PROP_SWIPE:
      g_value_set_boolean (value, self->swipe);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_compare_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FsCompareView *self = FS_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      set_double (self, &self->zoom, g_value_get_double (value), prop_id);
      update_zoom_label (self);
      break;

    case PROP_OFFSET_X:
      set_double (self, &self->offset_x, g_value_get_double (value), prop_id);
      break;

    case PROP_OFFSET_Y:
      set_double (self, &self->offset_y, g_value_get_double (value), prop_id);
      break;

    case PROP_POSITION:
      set_double (self, &self->position, g_value_get_double (value), prop_id);
      break;

    case PROP_SWIPE:
      if (self->swipe != g_value_get_boolean (value))
        {
          self->swipe = g_value_get_boolean (value);
          update_mode (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_compare_view_install_keys (GtkWidgetClass *widget_class)
{
  static const struct
  {
    guint       keyval;
    const char *action;
  } keys[] = {
    { GDK_KEY_plus, "compare.zoom-in" },
    { GDK_KEY_equal, "compare.zoom-in" },
    { GDK_KEY_KP_Add, "compare.zoom-in" },
    { GDK_KEY_minus, "compare.zoom-out" },
    { GDK_KEY_KP_Subtract, "compare.zoom-out" },
    { GDK_KEY_0, "compare.zoom-fit" },
    { GDK_KEY_KP_0, "compare.zoom-fit" },
    { GDK_KEY_Escape, "compare.back" },
  };

  gtk_widget_class_install_action (widget_class, "compare.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "compare.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "compare.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "compare.back", NULL, back_action);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_widget_class_add_binding_action (widget_class, keys[i].keyval, 0, keys[i].action, NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "compare.back",
                                       NULL);
}

static void
fs_compare_view_class_init (FsCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = fs_compare_view_dispose;
  object_class->get_property = fs_compare_view_get_property;
  object_class->set_property = fs_compare_view_set_property;

  properties[PROP_ZOOM] = g_param_spec_double ("zoom", NULL, NULL, FS_COMPARE_MIN_ZOOM,
                                               FS_COMPARE_MAX_ZOOM, 1, flags);
  properties[PROP_OFFSET_X] = g_param_spec_double ("offset-x", NULL, NULL, -0.5, 0.5, 0, flags);
  properties[PROP_OFFSET_Y] = g_param_spec_double ("offset-y", NULL, NULL, -0.5, 0.5, 0, flags);
  properties[PROP_POSITION] = g_param_spec_double ("position", NULL, NULL, 0, 1, 0.5, flags);
  properties[PROP_SWIPE] = g_param_spec_boolean ("swipe", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/fs-compare-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FsCompareView, box);
  gtk_widget_class_bind_template_child (widget_class, FsCompareView, swipe_button);
  gtk_widget_class_bind_template_child (widget_class, FsCompareView, title_widget);
  gtk_widget_class_bind_template_child (widget_class, FsCompareView, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, FsCompareView, stack);
  gtk_widget_class_bind_template_child (widget_class, FsCompareView, panes_box);
  gtk_widget_class_bind_template_child (widget_class, FsCompareView, swipe_canvas);
  gtk_widget_class_bind_template_child (widget_class, FsCompareView, swipe_scale);
  gtk_widget_class_bind_template_child (widget_class, FsCompareView, diff_grid);
  gtk_widget_class_bind_template_child (widget_class, FsCompareView, same_label);
  fs_compare_view_install_keys (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fs-compare-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fs_compare_view_init (FsCompareView *self)
{
  g_type_ensure (FS_TYPE_COMPARE_CANVAS);
  g_type_ensure (ADW_TYPE_WINDOW_TITLE);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Compare"),
                                  -1);

  self->zoom = 1;
  self->position = 0.5;
  self->panes = g_ptr_array_new ();
  bind_pane (self, self->swipe_canvas);
  g_object_bind_property (self, "position", gtk_range_get_adjustment (self->swipe_scale), "value",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self, "swipe", self->swipe_button, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->swipe_canvas),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Image 1 left of the divider, image 2 right of it"),
                                  -1);
  update_zoom_label (self);
  update_mode (self);
}

/* Public API ----------------------------------------------------------------------------- */

GtkWidget *
fs_compare_view_new (void)
{
  return g_object_new (FS_TYPE_COMPARE_VIEW, NULL);
}

void
fs_compare_view_set_library (FsCompareView *self,
                             FsLibrary     *library)
{
  g_return_if_fail (FS_IS_COMPARE_VIEW (self));
  g_return_if_fail (library == NULL || FS_IS_LIBRARY (library));

  g_set_object (&self->library, library);
}

/**
 * fs_compare_view_set_assets:
 * @assets: (element-type FsAsset): two to four images
 */
void
fs_compare_view_set_assets (FsCompareView *self,
                            GPtrArray     *assets)
{
  g_autofree char *subtitle = NULL;

  g_return_if_fail (FS_IS_COMPARE_VIEW (self));
  g_return_if_fail (assets != NULL);
  g_return_if_fail (assets->len >= 2 && assets->len <= FS_COMPARE_MAX_IMAGES);

  clear (self);
  self->assets = g_ptr_array_new_full (assets->len, g_object_unref);
  for (guint i = 0; i < assets->len; i++)
    g_ptr_array_add (self->assets, g_object_ref (g_ptr_array_index (assets, i)));
  self->cancellable = g_cancellable_new ();
  set_view (self, 1, 0, 0);
  g_object_set (self, "position", 0.5, "swipe", self->swipe && assets->len == 2, NULL);

  for (guint i = 0; i < assets->len; i++)
    {
      FsAsset *asset = g_ptr_array_index (assets, i);
      GtkWidget *pane = pane_new (self, asset, i);
      Load *load = g_new0 (Load, 1);

      g_ptr_array_add (self->panes, pane);
      gtk_box_append (GTK_BOX (self->panes_box), pane);

      load->self = g_object_ref (self);
      load->index = i;
      fs_image_load_async (fs_asset_get_path (asset), self->cancellable, image_loaded_cb, load);

      if (self->library != NULL && !fs_asset_has_record (asset))
        {
          self->records_pending++;
          fs_library_load_record_async (self->library, asset, self->cancellable, record_loaded_cb,
                                        g_object_ref (self));
        }
    }

  /* Translators: the number of images compared */
  subtitle = g_strdup_printf (ngettext ("%u image", "%u images", assets->len), assets->len);
  adw_window_title_set_subtitle (self->title_widget, subtitle);
  update_mode (self);
  update_differences (self);
}

/**
 * fs_compare_view_get_assets:
 *
 * Returns: (transfer none) (nullable) (element-type FsAsset): the images
 */
GPtrArray *
fs_compare_view_get_assets (FsCompareView *self)
{
  g_return_val_if_fail (FS_IS_COMPARE_VIEW (self), NULL);

  return self->assets;
}

/**
 * fs_compare_view_get_panes:
 *
 * Returns: (transfer none) (element-type FsCompareCanvas): the panes
 */
GPtrArray *
fs_compare_view_get_panes (FsCompareView *self)
{
  g_return_val_if_fail (FS_IS_COMPARE_VIEW (self), NULL);

  return self->panes;
}

GtkWidget *
fs_compare_view_get_swipe_pane (FsCompareView *self)
{
  g_return_val_if_fail (FS_IS_COMPARE_VIEW (self), NULL);

  return GTK_WIDGET (self->swipe_canvas);
}
