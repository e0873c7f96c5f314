/* fs-rating-widget.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FS_TYPE_RATING_WIDGET (fs_rating_widget_get_type ())
G_DECLARE_FINAL_TYPE (FsRatingWidget, fs_rating_widget, FS, RATING_WIDGET, GtkWidget)

/* Zero to five stars (accessible name "Rating"): five toggle buttons
 * named "1 star" … "5 stars", those up to the rating pressed. Clicking a
 * star rates that many; clicking the highest pressed one again clears
 * the rating. The widget shows "rating" and emits "rate" (guint) when the
 * user picks one; whoever owns the image writes it and sets "rating"
 * back. "compact": small stars for a gallery tile, not in the focus
 * chain (the keys 0–5 rate there). */
GtkWidget *fs_rating_widget_new          (void);
guint      fs_rating_widget_get_rating   (FsRatingWidget *self);
void       fs_rating_widget_set_rating   (FsRatingWidget *self,
                                          guint           rating);
gboolean   fs_rating_widget_get_compact  (FsRatingWidget *self);
void       fs_rating_widget_set_compact  (FsRatingWidget *self,
                                          gboolean        compact);

/* The favourite mark's toggle (accessible name "Favourite"): a heart, so
 * that it is not taken for one of the rating's stars. @compact as above. */
GtkWidget *fs_favourite_button_new       (gboolean        compact);

G_END_DECLS
