/* fs-colour-chooser.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FS_TYPE_COLOUR_CHOOSER (fs_colour_chooser_get_type ())
G_DECLARE_FINAL_TYPE (FsColourChooser, fs_colour_chooser, FS, COLOUR_CHOOSER, AdwWindow)

/* "Add Colour", a small modal window: a code entry (accessible name "Hex
 * code") that takes "#rgb", "#rrggbb", "rrggbb", "rgb(…)" or pasted text
 * holding one of those, checked as it is typed (the "error" style, the
 * invalid state and a message say what is wrong), with a preview and the
 * colour's name; an eyedropper through the desktop portal (libportal),
 * which explains itself where no portal answers; the GTK colour chooser;
 * an optional name; and "Also insert into the prompt". Add emits
 * "chosen" (hex "#rrggbb", name or NULL, insert) and closes the window. */
GtkWidget  *fs_colour_chooser_new       (GtkWindow       *parent,
                                         const char      *palette_name);
void        fs_colour_chooser_set_text  (FsColourChooser *self,
                                         const char      *text);
/* The colour the entry holds as "#rrggbb", or NULL while it holds none. */
const char *fs_colour_chooser_get_hex   (FsColourChooser *self);
/* The code entry, for tests. */
GtkWidget  *fs_colour_chooser_get_entry (FsColourChooser *self);

G_END_DECLS
