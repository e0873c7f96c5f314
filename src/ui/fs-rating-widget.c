/* fs-rating-widget.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-asset.h"
#include "fs-rating-widget.h"
#include "fs-ui.h"

/* GTK 4.8 exposes the AT-SPI Value interface only for its own ranges,
 * spin buttons and bars, so a custom slider would say nothing of its
 * value; five named toggle buttons say it to every screen reader. */

struct _FsRatingWidget
{
  GtkWidget  parent_instance;

  GtkWidget *stars[FS_ASSET_MAX_RATING];
  guint      rating;
  gboolean   compact;
  gboolean   syncing;
};

G_DEFINE_FINAL_TYPE (FsRatingWidget, fs_rating_widget, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RATING,
  PROP_COMPACT,
  N_PROPS
};

enum {
  RATE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static char *
describe (guint rating)
{
  if (rating == 0)
    return g_strdup (_("Not rated"));

  /* Translators: how a screen reader and a tooltip tell a rating */
  return g_strdup_printf (ngettext ("%u of 5 stars", "%u of 5 stars", rating), rating);
}

static void
sync_stars (FsRatingWidget *self)
{
  g_autofree char *description = describe (self->rating);

  self->syncing = TRUE;
  for (guint i = 0; i < FS_ASSET_MAX_RATING; i++)
    {
      gboolean on = i < self->rating;

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->stars[i]), on);
      gtk_button_set_icon_name (GTK_BUTTON (self->stars[i]),
                                on ? "starred-symbolic" : "non-starred-symbolic");
    }
  self->syncing = FALSE;

  fs_ui_set_tooltip (GTK_WIDGET (self), description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
star_toggled_cb (GtkToggleButton *star,
                 FsRatingWidget  *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (star), "fs-star"));
  guint rating;

  if (self->syncing)
    return;

  /* The highest star pressed again clears the rating, as in Shotwell. */
  rating = index == self->rating ? 0 : index;
  fs_rating_widget_set_rating (self, rating);
  g_signal_emit (self, signals[RATE], 0, rating);
}

static void
apply_compact (FsRatingWidget *self)
{
  for (guint i = 0; i < FS_ASSET_MAX_RATING; i++)
    {
      gtk_widget_set_focusable (self->stars[i], !self->compact);
      gtk_widget_set_focus_on_click (self->stars[i], !self->compact);
    }

  if (self->compact)
    gtk_widget_add_css_class (GTK_WIDGET (self), "compact");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "compact");
}

static void
fs_rating_widget_dispose (GObject *object)
{
  FsRatingWidget *self = FS_RATING_WIDGET (object);

  for (guint i = 0; i < FS_ASSET_MAX_RATING; i++)
    g_clear_pointer (&self->stars[i], gtk_widget_unparent);

  G_OBJECT_CLASS (fs_rating_widget_parent_class)->dispose (object);
}

static void
fs_rating_widget_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FsRatingWidget *self = FS_RATING_WIDGET (object);

  switch (prop_id)
    {
    case PROP_RATING:
      g_value_set_uint (value, self->rating);
      break;

    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_rating_widget_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FsRatingWidget *self = FS_RATING_WIDGET (object);

  switch (prop_id)
    {
    case PROP_RATING:
      fs_rating_widget_set_rating (self, g_value_get_uint (value));
      break;

    case PROP_COMPACT:
      fs_rating_widget_set_compact (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_rating_widget_class_init (FsRatingWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_rating_widget_dispose;
  object_class->get_property = fs_rating_widget_get_property;
  object_class->set_property = fs_rating_widget_set_property;

  properties[PROP_RATING] =
    g_param_spec_uint ("rating", NULL, NULL, 0, FS_ASSET_MAX_RATING, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FsRatingWidget::rate:
   * @self: the widget
   * @rating: the stars the user picked, 0 to clear
   */
  signals[RATE] = g_signal_new ("rate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fs-rating");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fs_rating_widget_init (FsRatingWidget *self)
{
  for (guint i = 0; i < FS_ASSET_MAX_RATING; i++)
    {
      GtkWidget *star = gtk_toggle_button_new ();
      /* Translators: one of the five stars of a rating, as a screen
       * reader names its button */
      g_autofree char *name = g_strdup_printf (ngettext ("%u star", "%u stars", i + 1), i + 1);

      gtk_button_set_icon_name (GTK_BUTTON (star), "non-starred-symbolic");
      gtk_widget_add_css_class (star, "flat");
      gtk_widget_add_css_class (star, "fs-star");
      fs_ui_set_tooltip (star, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (star),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
      g_object_set_data (G_OBJECT (star), "fs-star", GUINT_TO_POINTER (i + 1));
      g_signal_connect (star, "toggled", G_CALLBACK (star_toggled_cb), self);
      gtk_widget_set_parent (star, GTK_WIDGET (self));
      self->stars[i] = star;
    }

  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Rating"),
                                  -1);
  sync_stars (self);
}

GtkWidget *
fs_rating_widget_new (void)
{
  return g_object_new (FS_TYPE_RATING_WIDGET, NULL);
}

guint
fs_rating_widget_get_rating (FsRatingWidget *self)
{
  g_return_val_if_fail (FS_IS_RATING_WIDGET (self), 0);

  return self->rating;
}

void
fs_rating_widget_set_rating (FsRatingWidget *self,
                             guint           rating)
{
  g_return_if_fail (FS_IS_RATING_WIDGET (self));
  g_return_if_fail (rating <= FS_ASSET_MAX_RATING);

  if (self->rating == rating)
    return;

  self->rating = rating;
  sync_stars (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATING]);
}

gboolean
fs_rating_widget_get_compact (FsRatingWidget *self)
{
  g_return_val_if_fail (FS_IS_RATING_WIDGET (self), FALSE);

  return self->compact;
}

void
fs_rating_widget_set_compact (FsRatingWidget *self,
                              gboolean        compact)
{
  g_return_if_fail (FS_IS_RATING_WIDGET (self));

  compact = !!compact;
  if (self->compact == compact)
    return;

  self->compact = compact;
  apply_compact (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}

GtkWidget *
fs_favourite_button_new (gboolean compact)
{
  GtkWidget *button = gtk_toggle_button_new ();

  gtk_button_set_icon_name (GTK_BUTTON (button), "emblem-favorite-symbolic");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "fs-favourite");
  /* Translators: the favourite mark's button; F is its key */
  fs_ui_set_tooltip (button, _("Favourite (F)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Favourite"),
                                  -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (compact)
    {
      gtk_widget_set_focusable (button, FALSE);
      gtk_widget_set_focus_on_click (button, FALSE);
      gtk_widget_add_css_class (button, "compact");
    }

  return button;
}
