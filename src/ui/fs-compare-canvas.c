/* fs-compare-canvas.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-compare-canvas.h"

/* How near the divider, in pixels, a drag takes it rather than the image. */
#define DIVIDER_GRIP 16
/* One step of the wheel. */
#define SCROLL_ZOOM 1.2

struct _FsCompareCanvas
{
  GtkWidget   parent_instance;

  GdkTexture *texture;
  GdkTexture *second;
  double      zoom;
  double      offset_x;
  double      offset_y;
  double      position;

  /* A drag in progress: what it moves, and where it was last. */
  gboolean    dragging_divider;
  double      last_x;
  double      last_y;
};

G_DEFINE_FINAL_TYPE (FsCompareCanvas, fs_compare_canvas, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ZOOM,
  PROP_OFFSET_X,
  PROP_OFFSET_Y,
  PROP_POSITION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_double (FsCompareCanvas *self,
            double          *field,
            double           value,
            guint            prop_id)
{
  if (*field == value)
    return;

  *field = value;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* The image's rectangle in the pane: fitted, times the zoom, its point
 * (0.5 + offset) at the centre. */
static graphene_rect_t
image_rect (FsCompareCanvas *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double tw = gdk_texture_get_width (self->texture);
  double th = gdk_texture_get_height (self->texture);
  double scale = MIN (width / tw, height / th) * self->zoom;
  double dw = tw * scale;
  double dh = th * scale;

  return GRAPHENE_RECT_INIT (width / 2 - (0.5 + self->offset_x) * dw,
                             height / 2 - (0.5 + self->offset_y) * dh,
                             dw, dh);
}

static void
fs_compare_canvas_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  FsCompareCanvas *self = FS_COMPARE_CANVAS (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  graphene_rect_t rect;
  double divider;

  if (self->texture == NULL || width <= 0 || height <= 0)
    return;

  rect = image_rect (self);
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (self->second == NULL)
    {
      gtk_snapshot_append_texture (snapshot, self->texture, &rect);
      gtk_snapshot_pop (snapshot);
      return;
    }

  /* Swipe: both drawn in the first one's rectangle, split at the divider. */
  divider = round (width * self->position);
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, divider, height));
  gtk_snapshot_append_texture (snapshot, self->texture, &rect);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (divider, 0, width - divider, height));
  gtk_snapshot_append_texture (snapshot, self->second, &rect);
  gtk_snapshot_pop (snapshot);

  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 0.5 },
                             &GRAPHENE_RECT_INIT (divider - 2, 0, 4, height));
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 1 },
                             &GRAPHENE_RECT_INIT (divider - 1, 0, 2, height));
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 1 },
                             &GRAPHENE_RECT_INIT (divider - 6, height / 2 - 20, 12, 40));
  gtk_snapshot_pop (snapshot);
}

/* Gestures ---------------------------------------------------------------------- */

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           FsCompareCanvas          *self)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  double x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;

  if (dy == 0)
    return FALSE;

  if (event != NULL)
    {
      double event_x;
      double event_y;
      graphene_point_t point;
      GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));

      if (gdk_event_get_position (event, &event_x, &event_y) &&
          gtk_widget_compute_point (GTK_WIDGET (native), GTK_WIDGET (self),
                                    &GRAPHENE_POINT_INIT (event_x, event_y), &point))
        {
          x = point.x;
          y = point.y;
        }
    }

  fs_compare_canvas_zoom_at (self, pow (SCROLL_ZOOM, -dy), x, y);
  return TRUE;
}

static void
drag_begin_cb (GtkGestureDrag  *gesture,
               double           x,
               double           y,
               FsCompareCanvas *self)
{
  double divider = gtk_widget_get_width (GTK_WIDGET (self)) * self->position;

  self->dragging_divider = self->second != NULL && fabs (x - divider) <= DIVIDER_GRIP;
  self->last_x = 0;
  self->last_y = 0;
}

static void
drag_update_cb (GtkGestureDrag  *gesture,
                double           offset_x,
                double           offset_y,
                FsCompareCanvas *self)
{
  double start_x;
  double start_y;
  double width = gtk_widget_get_width (GTK_WIDGET (self));

  if (self->dragging_divider && width > 0)
    {
      gtk_gesture_drag_get_start_point (gesture, &start_x, &start_y);
      set_double (self, &self->position, CLAMP ((start_x + offset_x) / width, 0, 1),
                  PROP_POSITION);
      return;
    }

  fs_compare_canvas_pan (self, offset_x - self->last_x, offset_y - self->last_y);
  self->last_x = offset_x;
  self->last_y = offset_y;
}

/* GObject ------------------------------------------------------------------------- */

static void
fs_compare_canvas_dispose (GObject *object)
{
  FsCompareCanvas *self = FS_COMPARE_CANVAS (object);

  g_clear_object (&self->texture);
  g_clear_object (&self->second);

  G_OBJECT_CLASS (fs_compare_canvas_parent_class)->dispose (object);
}

static void
fs_compare_canvas_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FsCompareCanvas *self = FS_COMPARE_CANVAS (object);

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

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_compare_canvas_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FsCompareCanvas *self = FS_COMPARE_CANVAS (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      set_double (self, &self->zoom, g_value_get_double (value), prop_id);
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

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_compare_canvas_class_init (FsCompareCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = fs_compare_canvas_dispose;
  object_class->get_property = fs_compare_canvas_get_property;
  object_class->set_property = fs_compare_canvas_set_property;
  widget_class->snapshot = fs_compare_canvas_snapshot;

  properties[PROP_ZOOM] = g_param_spec_double ("zoom", NULL, NULL, FS_COMPARE_MIN_ZOOM,
                                               FS_COMPARE_MAX_ZOOM, 1, flags);
  properties[PROP_OFFSET_X] = g_param_spec_double ("offset-x", NULL, NULL, -0.5, 0.5, 0, flags);
  properties[PROP_OFFSET_Y] = g_param_spec_double ("offset-y", NULL, NULL, -0.5, 0.5, 0, flags);
  properties[PROP_POSITION] = g_param_spec_double ("position", NULL, NULL, 0, 1, 0.5, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "fs-compare-canvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
fs_compare_canvas_init (FsCompareCanvas *self)
{
  GtkEventController *scroll;
  GtkGesture *drag;

  self->zoom = 1;
  self->position = 0.5;
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL |
                                            GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}

/* Public API --------------------------------------------------------------------------- */

GtkWidget *
fs_compare_canvas_new (void)
{
  return g_object_new (FS_TYPE_COMPARE_CANVAS, NULL);
}

void
fs_compare_canvas_set_texture (FsCompareCanvas *self,
                               GdkTexture      *texture)
{
  g_return_if_fail (FS_IS_COMPARE_CANVAS (self));

  if (g_set_object (&self->texture, texture))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
fs_compare_canvas_set_second_texture (FsCompareCanvas *self,
                                      GdkTexture      *texture)
{
  g_return_if_fail (FS_IS_COMPARE_CANVAS (self));

  if (g_set_object (&self->second, texture))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
fs_compare_canvas_has_texture (FsCompareCanvas *self)
{
  g_return_val_if_fail (FS_IS_COMPARE_CANVAS (self), FALSE);

  return self->texture != NULL;
}

double
fs_compare_canvas_get_zoom (FsCompareCanvas *self)
{
  g_return_val_if_fail (FS_IS_COMPARE_CANVAS (self), 1);

  return self->zoom;
}

double
fs_compare_canvas_get_position (FsCompareCanvas *self)
{
  g_return_val_if_fail (FS_IS_COMPARE_CANVAS (self), 0.5);

  return self->position;
}

void
fs_compare_canvas_zoom_at (FsCompareCanvas *self,
                           double           factor,
                           double           x,
                           double           y)
{
  double zoom;
  graphene_rect_t before;
  graphene_rect_t after;
  double px;
  double py;

  g_return_if_fail (FS_IS_COMPARE_CANVAS (self));

  zoom = CLAMP (self->zoom * factor, FS_COMPARE_MIN_ZOOM, FS_COMPARE_MAX_ZOOM);
  if (self->texture == NULL || gtk_widget_get_width (GTK_WIDGET (self)) <= 0)
    {
      set_double (self, &self->zoom, zoom, PROP_ZOOM);
      return;
    }

  /* The image point under (x, y), as fractions of the image … */
  before = image_rect (self);
  px = (x - before.origin.x) / before.size.width;
  py = (y - before.origin.y) / before.size.height;

  g_object_freeze_notify (G_OBJECT (self));
  set_double (self, &self->zoom, zoom, PROP_ZOOM);
  after = image_rect (self);
  /* … stays under it: the centre moves by what the point would. */
  set_double (self, &self->offset_x,
              CLAMP (self->offset_x + px - (x - after.origin.x) / after.size.width, -0.5, 0.5),
              PROP_OFFSET_X);
  set_double (self, &self->offset_y,
              CLAMP (self->offset_y + py - (y - after.origin.y) / after.size.height, -0.5, 0.5),
              PROP_OFFSET_Y);
  if (zoom == FS_COMPARE_MIN_ZOOM)
    {
      set_double (self, &self->offset_x, 0, PROP_OFFSET_X);
      set_double (self, &self->offset_y, 0, PROP_OFFSET_Y);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
fs_compare_canvas_pan (FsCompareCanvas *self,
                       double           dx,
                       double           dy)
{
  graphene_rect_t rect;

  g_return_if_fail (FS_IS_COMPARE_CANVAS (self));

  if (self->texture == NULL || self->zoom <= FS_COMPARE_MIN_ZOOM)
    return;

  rect = image_rect (self);
  g_object_freeze_notify (G_OBJECT (self));
  set_double (self, &self->offset_x, CLAMP (self->offset_x - dx / rect.size.width, -0.5, 0.5),
              PROP_OFFSET_X);
  set_double (self, &self->offset_y, CLAMP (self->offset_y - dy / rect.size.height, -0.5, 0.5),
              PROP_OFFSET_Y);
  g_object_thaw_notify (G_OBJECT (self));
}
