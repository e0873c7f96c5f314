/* fs-tile-marks.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-asset.h"
#include "fs-tile-marks.h"

/* As the compact buttons are (style.css, "The gallery's marks"): a
 * 12 px icon in a 22 px button. */
#define ICON_SIZE  12
#define SLOT_SIZE  22
#define N_SLOTS    (1 + FS_ASSET_MAX_RATING)

struct _FsTileMarks
{
  GtkWidget parent_instance;

  gboolean  favourite;
  guint     rating;
};

G_DEFINE_FINAL_TYPE (FsTileMarks, fs_tile_marks, GTK_TYPE_WIDGET)

static void
fs_tile_marks_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? N_SLOTS * SLOT_SIZE
                                                                  : SLOT_SIZE;
}

/* The palette's colours the marks take when set, as the buttons do. */
static GdkRGBA
named_colour (GtkWidget  *widget,
              const char *name,
              const char *fallback)
{
  GdkRGBA colour;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, &colour))
    gdk_rgba_parse (&colour, fallback);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return colour;
}

static void
draw_icon (GtkWidget     *widget,
           GtkSnapshot   *snapshot,
           const char    *icon_name,
           guint          slot,
           const GdkRGBA *colour)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  g_autoptr(GtkIconPaintable) icon = NULL;
  int width = gtk_widget_get_width (widget);
  float x = (SLOT_SIZE - ICON_SIZE) / 2.0f + slot * SLOT_SIZE;
  float y = (gtk_widget_get_height (widget) - ICON_SIZE) / 2.0f;

  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    x = width - x - ICON_SIZE;

  icon = gtk_icon_theme_lookup_icon (theme, icon_name, NULL, ICON_SIZE,
                                     gtk_widget_get_scale_factor (widget),
                                     gtk_widget_get_direction (widget), 0);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot,
                                            ICON_SIZE, ICON_SIZE, colour, 1);
  gtk_snapshot_restore (snapshot);
}

static void
fs_tile_marks_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  FsTileMarks *self = FS_TILE_MARKS (widget);
  GdkRGBA plain;
  GdkRGBA heart = named_colour (widget, "red_1", "#f66151");
  GdkRGBA star = named_colour (widget, "yellow_2", "#f8e45c");

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &plain);
  G_GNUC_END_IGNORE_DEPRECATIONS

  draw_icon (widget, snapshot, "emblem-favorite-symbolic", 0, self->favourite ? &heart : &plain);
  for (guint i = 0; i < FS_ASSET_MAX_RATING; i++)
    draw_icon (widget, snapshot, i < self->rating ? "starred-symbolic" : "non-starred-symbolic",
               1 + i, i < self->rating ? &star : &plain);
}

static void
fs_tile_marks_class_init (FsTileMarksClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = fs_tile_marks_measure;
  widget_class->snapshot = fs_tile_marks_snapshot;

  gtk_widget_class_set_css_name (widget_class, "fs-tile-marks");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
fs_tile_marks_init (FsTileMarks *self)
{
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "osd");
  gtk_widget_add_css_class (GTK_WIDGET (self), "fs-tile-marks");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
}

GtkWidget *
fs_tile_marks_new (void)
{
  return g_object_new (FS_TYPE_TILE_MARKS, NULL);
}

void
fs_tile_marks_set (FsTileMarks *self,
                   gboolean     favourite,
                   guint        rating)
{
  g_return_if_fail (FS_IS_TILE_MARKS (self));
  g_return_if_fail (rating <= FS_ASSET_MAX_RATING);

  favourite = !!favourite;
  if (self->favourite == favourite && self->rating == rating)
    return;

  self->favourite = favourite;
  self->rating = rating;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
fs_tile_marks_get_favourite (FsTileMarks *self)
{
  g_return_val_if_fail (FS_IS_TILE_MARKS (self), FALSE);

  return self->favourite;
}

guint
fs_tile_marks_get_rating (FsTileMarks *self)
{
  g_return_val_if_fail (FS_IS_TILE_MARKS (self), 0);

  return self->rating;
}
