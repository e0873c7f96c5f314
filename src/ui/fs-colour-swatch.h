/* fs-colour-swatch.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FS_TYPE_COLOUR_SWATCH (fs_colour_swatch_get_type ())
G_DECLARE_FINAL_TYPE (FsColourSwatch, fs_colour_swatch, FS, COLOUR_SWATCH, GtkWidget)

/* A patch of one colour with a faint outline that keeps white and black
 * visible on any background; round or with rounded corners, sized by CSS
 * (min-width/min-height of "fs-colour-swatch") or a size request. Without
 * a colour it draws its outline only: nothing chosen yet. It is
 * decoration: whatever shows it names the colour for screen readers. */
GtkWidget *fs_colour_swatch_new       (void);
GtkWidget *fs_colour_swatch_new_rgb   (guint8          r,
                                       guint8          g,
                                       guint8          b,
                                       int             size);
void       fs_colour_swatch_set_rgb   (FsColourSwatch *self,
                                       guint8          r,
                                       guint8          g,
                                       guint8          b);
void       fs_colour_swatch_unset     (FsColourSwatch *self);
gboolean   fs_colour_swatch_get_rgb   (FsColourSwatch *self,
                                       guint8         *r,
                                       guint8         *g,
                                       guint8         *b);
void       fs_colour_swatch_set_round (FsColourSwatch *self,
                                       gboolean        round);

G_END_DECLS
