/* fs-palette-extract.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FS_TYPE_PALETTE_EXTRACT (fs_palette_extract_get_type ())
G_DECLARE_FINAL_TYPE (FsPaletteExtract, fs_palette_extract, FS, PALETTE_EXTRACT, GtkPopover)

/* "Dominant Colours", a popover: the 5–8 dominant colours of an image
 * (fs_colour_extract_async(), in a worker thread, when the popover first
 * opens on that image), largest share first, each with its share and
 * buttons to add it to the active palette or insert it into the prompt,
 * plus "Add All to Palette" and "Insert All". Adding and inserting go
 * through the window's "win.add-colours" and "win.insert-colours"
 * actions (parameter "as": "#rrggbb" codes), so it works wherever an
 * image is shown: the detail page, the reference tray. */
GtkWidget  *fs_palette_extract_new      (void);
void        fs_palette_extract_set_path (FsPaletteExtract *self,
                                         const char       *path);
const char *fs_palette_extract_get_path (FsPaletteExtract *self);

G_END_DECLS
