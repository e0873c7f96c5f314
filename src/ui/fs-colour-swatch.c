/* fs-colour-swatch.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-colour-swatch.h"

#define CORNER_RADIUS 6.0f

struct _FsColourSwatch
{
  GtkWidget parent_instance;

  GdkRGBA   colour;
  gboolean  has_colour;
  gboolean  round;
};

G_DEFINE_FINAL_TYPE (FsColourSwatch, fs_colour_swatch, GTK_TYPE_WIDGET)

static void
outline_colour (FsColourSwatch *self,
                GdkRGBA        *outline)
{
  /* The text colour, faint: dark on light styles, light on dark ones. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), outline);
  G_GNUC_END_IGNORE_DEPRECATIONS
  outline->alpha = self->has_colour ? 0.18f : 0.4f;
}

static void
fs_colour_swatch_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  FsColourSwatch *self = FS_COLOUR_SWATCH (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  float shortest = MIN (width, height);
  float radius = self->round ? shortest / 2 : MIN (CORNER_RADIUS, shortest / 2);
  GskRoundedRect shape;
  GdkRGBA outline;

  if (width <= 0 || height <= 0)
    return;

  gsk_rounded_rect_init_from_rect (&shape, &GRAPHENE_RECT_INIT (0, 0, width, height), radius);
  outline_colour (self, &outline);

  if (self->has_colour)
    {
      gtk_snapshot_push_rounded_clip (snapshot, &shape);
      gtk_snapshot_append_color (snapshot, &self->colour, &shape.bounds);
      gtk_snapshot_pop (snapshot);
    }

  gtk_snapshot_append_border (snapshot, &shape,
                              (float[4]) { 1, 1, 1, 1 },
                              (GdkRGBA[4]) { outline, outline, outline, outline });
}

static void
fs_colour_swatch_class_init (FsColourSwatchClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = fs_colour_swatch_snapshot;
  gtk_widget_class_set_css_name (widget_class, "fs-colour-swatch");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
fs_colour_swatch_init (FsColourSwatch *self)
{
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

GtkWidget *
fs_colour_swatch_new (void)
{
  return g_object_new (FS_TYPE_COLOUR_SWATCH, NULL);
}

GtkWidget *
fs_colour_swatch_new_rgb (guint8 r,
                          guint8 g,
                          guint8 b,
                          int    size)
{
  GtkWidget *swatch = fs_colour_swatch_new ();

  fs_colour_swatch_set_rgb (FS_COLOUR_SWATCH (swatch), r, g, b);
  if (size > 0)
    gtk_widget_set_size_request (swatch, size, size);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (swatch, GTK_ALIGN_CENTER);
  return swatch;
}

void
fs_colour_swatch_set_rgb (FsColourSwatch *self,
                          guint8          r,
                          guint8          g,
                          guint8          b)
{
  GdkRGBA colour = { r / 255.0f, g / 255.0f, b / 255.0f, 1.0f };

  g_return_if_fail (FS_IS_COLOUR_SWATCH (self));

  if (self->has_colour && gdk_rgba_equal (&colour, &self->colour))
    return;

  self->colour = colour;
  self->has_colour = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
fs_colour_swatch_unset (FsColourSwatch *self)
{
  g_return_if_fail (FS_IS_COLOUR_SWATCH (self));

  if (!self->has_colour)
    return;

  self->has_colour = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
fs_colour_swatch_get_rgb (FsColourSwatch *self,
                          guint8         *r,
                          guint8         *g,
                          guint8         *b)
{
  g_return_val_if_fail (FS_IS_COLOUR_SWATCH (self), FALSE);

  if (!self->has_colour)
    return FALSE;

  *r = (guint8) (self->colour.red * 255 + 0.5f);
  *g = (guint8) (self->colour.green * 255 + 0.5f);
  *b = (guint8) (self->colour.blue * 255 + 0.5f);
  return TRUE;
}

void
fs_colour_swatch_set_round (FsColourSwatch *self,
                            gboolean        round)
{
  g_return_if_fail (FS_IS_COLOUR_SWATCH (self));

  round = !!round;
  if (self->round == round)
    return;

  self->round = round;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
