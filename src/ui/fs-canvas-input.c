/* fs-canvas-input.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fs-canvas-private.h"

/* Input: painting and dragging edges with the primary button, panning
 * with the middle one or the wheel, zooming with Ctrl+wheel and pinching;
 * the canvas's actions and their keys, the keyboard brush.
 * (docs/ARCHITECTURE.md, “The canvas”) */

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               FsCanvas       *self)
{
  double image_x, image_y;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->show_cursor = FALSE;
  self->drag_edge = _fs_canvas_edge_at (self, x, y);

  if (self->drag_edge != EDGE_NONE)
    {
      self->drag_margins = self->margins;
      return;
    }

  if (self->mode == FS_CANVAS_EXPAND || self->mask == NULL)
    {
      /* Dragging the picture itself moves it. */
      self->panning = TRUE;
      self->drag_offset_x = self->offset_x;
      self->drag_offset_y = self->offset_y;
      return;
    }

  _fs_canvas_to_image (self, x, y, &image_x, &image_y);
  fs_canvas_stroke_begin (self, image_x, image_y);
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                FsCanvas       *self)
{
  double start_x, start_y, image_x, image_y;

  gtk_gesture_drag_get_start_point (gesture, &start_x, &start_y);
  self->pointer_x = start_x + dx;
  self->pointer_y = start_y + dy;

  if (self->drag_edge != EDGE_NONE)
    {
      _fs_canvas_drag_edge_to (self, dx, dy);
      return;
    }

  if (self->panning)
    {
      _fs_canvas_pan_to (self, self->drag_offset_x + dx, self->drag_offset_y + dy);
      return;
    }

  _fs_canvas_to_image (self, start_x + dx, start_y + dy, &image_x, &image_y);
  fs_canvas_stroke_to (self, image_x, image_y);
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             FsCanvas       *self)
{
  gboolean was_edge = self->drag_edge != EDGE_NONE;

  self->drag_edge = EDGE_NONE;
  self->panning = FALSE;
  if (was_edge && self->fit)
    _fs_canvas_apply_fit (self);
  fs_canvas_stroke_end (self);
}

static void
pan_begin_cb (GtkGestureDrag *gesture,
              double          x,
              double          y,
              FsCanvas       *self)
{
  self->drag_offset_x = self->offset_x;
  self->drag_offset_y = self->offset_y;
}

static void
pan_update_cb (GtkGestureDrag *gesture,
               double          dx,
               double          dy,
               FsCanvas       *self)
{
  _fs_canvas_pan_to (self, self->drag_offset_x + dx, self->drag_offset_y + dy);
}

void
_fs_canvas_update_cursor (FsCanvas *self)
{
  Edge edge = _fs_canvas_edge_at (self, self->pointer_x, self->pointer_y);
  const char *name = "default";

  if (edge == EDGE_TOP || edge == EDGE_BOTTOM)
    name = "ns-resize";
  else if (edge == EDGE_LEFT || edge == EDGE_RIGHT)
    name = "ew-resize";
  else if (self->mode == FS_CANVAS_FILL && self->mask != NULL)
    name = "crosshair";
  else if (self->width > 0)
    name = "grab";

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), name);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           FsCanvas                 *self)
{
  self->pointer_in = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  self->show_cursor = FALSE;
  _fs_canvas_update_cursor (self);
  if (self->mode == FS_CANVAS_FILL)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GtkEventControllerMotion *controller,
          FsCanvas                 *self)
{
  self->pointer_in = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Ctrl+wheel (and pinching) zooms about the pointer; the wheel alone pans. */
static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           FsCanvas                 *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (self->width == 0)
    return FALSE;

  if (state & GDK_CONTROL_MASK)
    {
      _fs_canvas_zoom_about (self, pow (1.15, -dy), self->pointer_x, self->pointer_y);
      return TRUE;
    }

  _fs_canvas_pan_to (self, self->offset_x - dx * 32, self->offset_y - dy * 32);
  return TRUE;
}

static void
zoom_begin_cb (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               FsCanvas         *self)
{
  self->pinch_scale = 1.0;
}

static void
zoom_scale_changed_cb (GtkGestureZoom *gesture,
                       double          scale,
                       FsCanvas       *self)
{
  double x, y;

  if (scale <= 0 || !gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    return;
  _fs_canvas_zoom_about (self, scale / self->pinch_scale, x, y);
  self->pinch_scale = scale;
}

/* The primary button paints (or drags an edge, or moves the picture), the
 * middle one pans, the wheel pans and with Ctrl zooms, as pinching does. */
void
_fs_canvas_add_controllers (FsCanvas *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *pan = gtk_gesture_drag_new ();
  GtkGesture *zoom = gtk_gesture_zoom_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll =
    gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (pan), GDK_BUTTON_MIDDLE);
  g_signal_connect (pan, "drag-begin", G_CALLBACK (pan_begin_cb), self);
  g_signal_connect (pan, "drag-update", G_CALLBACK (pan_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pan));

  g_signal_connect (zoom, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
}

/* Actions: the toolbar's buttons and the keys -------------------------------------- */

/* By a factor, and by at least a pixel, so small brushes change too. */
static void
change_brush_size (FsCanvas *self,
                   double    factor)
{
  double size = round (self->brush_size * factor);

  if (size == self->brush_size)
    size += factor > 1 ? 1 : -1;
  fs_canvas_set_brush_size (self, size);
}

static void
brush_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FsCanvas *self = FS_CANVAS (widget);

  if (g_str_equal (action_name, "canvas.brush-larger"))
    change_brush_size (self, BRUSH_STEP);
  else if (g_str_equal (action_name, "canvas.brush-smaller"))
    change_brush_size (self, 1 / BRUSH_STEP);
  else if (g_str_equal (action_name, "canvas.brush"))
    fs_canvas_set_tool (self, FS_CANVAS_BRUSH);
  else if (g_str_equal (action_name, "canvas.eraser"))
    fs_canvas_set_tool (self, FS_CANVAS_ERASER);
  else if (g_str_equal (action_name, "canvas.toggle-eraser"))
    fs_canvas_set_tool (self, self->tool == FS_CANVAS_ERASER ? FS_CANVAS_BRUSH : FS_CANVAS_ERASER);
}

static void
mask_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FsCanvas *self = FS_CANVAS (widget);

  if (self->mode != FS_CANVAS_FILL)
    return;

  if (g_str_equal (action_name, "canvas.undo"))
    fs_canvas_undo (self);
  else if (g_str_equal (action_name, "canvas.redo"))
    fs_canvas_redo (self);
  else if (g_str_equal (action_name, "canvas.invert"))
    fs_canvas_invert (self);
  else if (g_str_equal (action_name, "canvas.clear"))
    fs_canvas_clear (self);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FsCanvas *self = FS_CANVAS (widget);

  if (g_str_equal (action_name, "canvas.zoom-in"))
    fs_canvas_zoom_by (self, 1.25);
  else if (g_str_equal (action_name, "canvas.zoom-out"))
    fs_canvas_zoom_by (self, 0.8);
  else if (g_str_equal (action_name, "canvas.zoom-fit"))
    fs_canvas_zoom_fit (self);
  else if (g_str_equal (action_name, "canvas.zoom-actual"))
    {
      fs_canvas_zoom_by (self, 1.0 / self->zoom);
    }
}

/* The keyboard brush: the arrows move it ("(ii)", in steps of KEY_STEP
 * screen pixels), Space paints a dab where it is. */
static void
move_cursor_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FsCanvas *self = FS_CANVAS (widget);
  int dx, dy;

  if (self->width == 0)
    return;

  g_variant_get (parameter, "(ii)", &dx, &dy);
  if (!self->show_cursor)
    {
      self->cursor_x = self->width / 2.0;
      self->cursor_y = self->height / 2.0;
      self->show_cursor = TRUE;
    }
  self->cursor_x = CLAMP (self->cursor_x + dx * KEY_STEP / self->zoom, 0, self->width);
  self->cursor_y = CLAMP (self->cursor_y + dy * KEY_STEP / self->zoom, 0, self->height);
  gtk_widget_queue_draw (widget);
}

static void
paint_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FsCanvas *self = FS_CANVAS (widget);

  if (self->mode != FS_CANVAS_FILL || self->mask == NULL)
    return;

  if (!self->show_cursor)
    {
      self->cursor_x = self->width / 2.0;
      self->cursor_y = self->height / 2.0;
      self->show_cursor = TRUE;
    }
  fs_canvas_stroke_begin (self, self->cursor_x, self->cursor_y);
  fs_canvas_stroke_end (self);
}

void
_fs_canvas_install_actions (GtkWidgetClass *widget_class)
{
  static const struct {
    const char *name;
    GtkWidgetActionActivateFunc activate;
  } actions[] = {
    { "canvas.brush", brush_action },
    { "canvas.eraser", brush_action },
    { "canvas.toggle-eraser", brush_action },
    { "canvas.brush-larger", brush_action },
    { "canvas.brush-smaller", brush_action },
    { "canvas.undo", mask_action },
    { "canvas.redo", mask_action },
    { "canvas.invert", mask_action },
    { "canvas.clear", mask_action },
    { "canvas.zoom-in", zoom_action },
    { "canvas.zoom-out", zoom_action },
    { "canvas.zoom-fit", zoom_action },
    { "canvas.zoom-actual", zoom_action },
    { "canvas.paint", paint_action },
  };
  static const struct {
    guint           key;
    GdkModifierType modifiers;
    const char     *action;
  } keys[] = {
    { GDK_KEY_bracketright, 0, "canvas.brush-larger" },
    { GDK_KEY_bracketleft, 0, "canvas.brush-smaller" },
    { GDK_KEY_b, 0, "canvas.brush" },
    { GDK_KEY_e, 0, "canvas.toggle-eraser" },
    { GDK_KEY_z, GDK_CONTROL_MASK, "canvas.undo" },
    { GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "canvas.redo" },
    { GDK_KEY_y, GDK_CONTROL_MASK, "canvas.redo" },
    { GDK_KEY_i, GDK_CONTROL_MASK, "canvas.invert" },
    { GDK_KEY_Delete, 0, "canvas.clear" },
    { GDK_KEY_plus, 0, "canvas.zoom-in" },
    { GDK_KEY_equal, 0, "canvas.zoom-in" },
    { GDK_KEY_KP_Add, 0, "canvas.zoom-in" },
    { GDK_KEY_minus, 0, "canvas.zoom-out" },
    { GDK_KEY_KP_Subtract, 0, "canvas.zoom-out" },
    { GDK_KEY_0, 0, "canvas.zoom-fit" },
    { GDK_KEY_1, 0, "canvas.zoom-actual" },
    { GDK_KEY_space, 0, "canvas.paint" },
    { GDK_KEY_Return, 0, "canvas.paint" },
  };
  static const struct {
    guint key;
    int   dx, dy;
  } arrows[] = {
    { GDK_KEY_Left, -1, 0 }, { GDK_KEY_Right, 1, 0 },
    { GDK_KEY_Up, 0, -1 }, { GDK_KEY_Down, 0, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i].name, NULL, actions[i].activate);
  gtk_widget_class_install_action (widget_class, "canvas.move-cursor", "(ii)",
                                   move_cursor_action);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_widget_class_add_binding_action (widget_class, keys[i].key, keys[i].modifiers,
                                         keys[i].action, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (arrows); i++)
    {
      gtk_widget_class_add_binding_action (widget_class, arrows[i].key, 0,
                                           "canvas.move-cursor", "(ii)",
                                           arrows[i].dx, arrows[i].dy);
      gtk_widget_class_add_binding_action (widget_class, arrows[i].key, GDK_SHIFT_MASK,
                                           "canvas.move-cursor", "(ii)",
                                           arrows[i].dx * 4, arrows[i].dy * 4);
    }
}

