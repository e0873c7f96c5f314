/* fs-canvas.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fs-canvas-private.h"
#include "fs-ui-enums.h"

G_DEFINE_FINAL_TYPE (FsCanvas, fs_canvas, GTK_TYPE_WIDGET)

enum {
  MASK_CHANGED,
  MARGINS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
_fs_canvas_notify (FsCanvas *self,
                   guint     prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
_fs_canvas_margins_changed (FsCanvas *self)
{
  g_signal_emit (self, signals[MARGINS_CHANGED], 0);
}

/* Accessibility ------------------------------------------------------------------ */

/* The accessible description says how much is painted, so a screen
 * reader (and the end-to-end tests) can tell a stroke landed. */
static guint
painted_percent (FsCanvas *self)
{
  gsize n = (gsize) self->width * self->height;
  gsize painted = 0;

  for (gsize i = 0; i < n; i++)
    painted += self->mask[i] != 0;

  return n > 0 ? (guint) ((painted * 100 + n - 1) / n) : 0;
}

void
_fs_canvas_update_description (FsCanvas *self)
{
  g_autofree char *text = NULL;

  if (self->width == 0)
    text = g_strdup (_("No image"));
  else if (self->mode == FS_CANVAS_EXPAND)
    /* Translators: the canvas's accessible description: the new size */
    text = g_strdup_printf (_("%u × %u, expanded to %u × %u"), self->width, self->height,
                            self->width + self->margins.left + self->margins.right,
                            self->height + self->margins.top + self->margins.bottom);
  else
    /* Translators: the canvas's accessible description: the image's size
     * and how much of it is painted to change */
    text = g_strdup_printf (_("%u × %u, %u %% painted to change"), self->width, self->height,
                            painted_percent (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static void
update_label (FsCanvas *self)
{
  /* Translators: the accessible names of the canvas, painting a mask or
   * placing an image on a larger canvas */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->mode == FS_CANVAS_EXPAND ? _("Expand canvas")
                                                                 : _("Mask canvas"),
                                  -1);
}

void
_fs_canvas_mask_changed (FsCanvas *self)
{
  _fs_canvas_update_description (self);
  g_signal_emit (self, signals[MASK_CHANGED], 0);
}

/* Layout ---------------------------------------------------------------------------- */

static void
fs_canvas_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  FsCanvas *self = FS_CANVAS (widget);

  if (self->fit)
    _fs_canvas_apply_fit (self);
}

static void
fs_canvas_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  *minimum = 120;
  *natural = 480;
}

/* Properties ---------------------------------------------------------------------- */

FsCanvasMode
fs_canvas_get_mode (FsCanvas *self)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), FS_CANVAS_FILL);

  return self->mode;
}

void
fs_canvas_set_mode (FsCanvas     *self,
                    FsCanvasMode  mode)
{
  g_return_if_fail (FS_IS_CANVAS (self));

  if (self->mode == mode)
    return;

  fs_canvas_stroke_end (self);
  self->mode = mode;
  if (self->fit)
    _fs_canvas_apply_fit (self);
  _fs_canvas_update_cursor (self);
  update_label (self);
  _fs_canvas_update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

FsCanvasTool
fs_canvas_get_tool (FsCanvas *self)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), FS_CANVAS_BRUSH);

  return self->tool;
}

void
fs_canvas_set_tool (FsCanvas     *self,
                    FsCanvasTool  tool)
{
  g_return_if_fail (FS_IS_CANVAS (self));

  if (self->tool == tool)
    return;

  self->tool = tool;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL]);
}

double
fs_canvas_get_brush_size (FsCanvas *self)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), 0);

  return self->brush_size;
}

void
fs_canvas_set_brush_size (FsCanvas *self,
                          double    size)
{
  g_return_if_fail (FS_IS_CANVAS (self));

  size = CLAMP (round (size), FS_CANVAS_MIN_BRUSH, FS_CANVAS_MAX_BRUSH);
  if (size == self->brush_size)
    return;

  self->brush_size = size;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRUSH_SIZE]);
}

double
fs_canvas_get_hardness (FsCanvas *self)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), 0);

  return self->hardness;
}

void
fs_canvas_set_hardness (FsCanvas *self,
                        double    hardness)
{
  g_return_if_fail (FS_IS_CANVAS (self));

  hardness = CLAMP (hardness, 0, 1);
  if (hardness == self->hardness)
    return;

  self->hardness = hardness;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HARDNESS]);
}

/* GObject ------------------------------------------------------------------------------ */

static void
fs_canvas_dispose (GObject *object)
{
  FsCanvas *self = FS_CANVAS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->levels, g_ptr_array_unref);

  G_OBJECT_CLASS (fs_canvas_parent_class)->dispose (object);
}

static void
fs_canvas_finalize (GObject *object)
{
  FsCanvas *self = FS_CANVAS (object);

  g_free (self->mask);
  _fs_canvas_overlay_free (self);
  g_clear_pointer (&self->image_node, gsk_render_node_unref);
  g_clear_pointer (&self->step, _fs_canvas_step_free);
  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);

  G_OBJECT_CLASS (fs_canvas_parent_class)->finalize (object);
}

static void
fs_canvas_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FsCanvas *self = FS_CANVAS (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_TOOL:
      g_value_set_enum (value, self->tool);
      break;
    case PROP_BRUSH_SIZE:
      g_value_set_double (value, self->brush_size);
      break;
    case PROP_HARDNESS:
      g_value_set_double (value, self->hardness);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, fs_canvas_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, fs_canvas_can_redo (self));
      break;
    case PROP_HAS_IMAGE:
      g_value_set_boolean (value, self->width > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_canvas_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  FsCanvas *self = FS_CANVAS (object);

  switch (prop_id)
    {
    case PROP_MODE:
      fs_canvas_set_mode (self, g_value_get_enum (value));
      break;
    case PROP_TOOL:
      fs_canvas_set_tool (self, g_value_get_enum (value));
      break;
    case PROP_BRUSH_SIZE:
      fs_canvas_set_brush_size (self, g_value_get_double (value));
      break;
    case PROP_HARDNESS:
      fs_canvas_set_hardness (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_canvas_class_init (FsCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags read_only = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = fs_canvas_dispose;
  object_class->finalize = fs_canvas_finalize;
  object_class->get_property = fs_canvas_get_property;
  object_class->set_property = fs_canvas_set_property;
  widget_class->snapshot = _fs_canvas_snapshot;
  widget_class->size_allocate = fs_canvas_size_allocate;
  widget_class->measure = fs_canvas_measure;

  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, FS_TYPE_CANVAS_MODE, FS_CANVAS_FILL, flags);
  properties[PROP_TOOL] =
    g_param_spec_enum ("tool", NULL, NULL, FS_TYPE_CANVAS_TOOL, FS_CANVAS_BRUSH, flags);
  properties[PROP_BRUSH_SIZE] =
    g_param_spec_double ("brush-size", NULL, NULL, FS_CANVAS_MIN_BRUSH, FS_CANVAS_MAX_BRUSH,
                         64, flags);
  properties[PROP_HARDNESS] =
    g_param_spec_double ("hardness", NULL, NULL, 0, 1, 0.8, flags);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, MIN_ZOOM, MAX_ZOOM, 1, read_only);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, read_only);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE, read_only);
  properties[PROP_HAS_IMAGE] =
    g_param_spec_boolean ("has-image", NULL, NULL, FALSE, read_only);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[MASK_CHANGED] =
    g_signal_new ("mask-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[MARGINS_CHANGED] =
    g_signal_new ("margins-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  _fs_canvas_install_actions (widget_class);
  gtk_widget_class_set_css_name (widget_class, "fs-canvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
fs_canvas_init (FsCanvas *self)
{
  self->zoom = 1.0;
  self->fit = TRUE;
  self->brush_size = 64;
  self->hardness = 0.8;
  self->max_margin = 2048;
  self->drag_edge = EDGE_NONE;
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) _fs_canvas_step_free);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) _fs_canvas_step_free);
  self->cancellable = g_cancellable_new ();
  _fs_canvas_build_overlay_lut (self);
  _fs_canvas_dirty_reset (self);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  _fs_canvas_add_controllers (self);

  update_label (self);
  _fs_canvas_update_description (self);
}

GtkWidget *
fs_canvas_new (void)
{
  return g_object_new (FS_TYPE_CANVAS, NULL);
}
