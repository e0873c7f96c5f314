/* fs-palette-bar.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fs-palette-store.h"
#include "fs-prompt-editor.h"

G_BEGIN_DECLS

#define FS_TYPE_PALETTE_BAR (fs_palette_bar_get_type ())
G_DECLARE_FINAL_TYPE (FsPaletteBar, fs_palette_bar, FS, PALETTE_BAR, GtkWidget)

/* The palette bar under the prompt (a toolbar, accessible name "Palette"):
 * a chooser of the brand palettes of an FsPaletteStore with "Manage
 * Palettes…", the active palette's swatches as buttons named "Insert
 * #rrggbb" or "Insert #rrggbb (Name)" that insert their code at the
 * prompt editor's cursor (Shift-click or "insert-phrase": "color
 * #rrggbb"; JSON mode: into "color_palette"), a menu on each swatch
 * (right click, Menu or Shift+F10: insert as a phrase, copy, remove), and
 * "Add colour" (FsColourChooser). Swatches can also be dragged into the
 * prompt. Properties: "store", "prompt-editor", "active-palette" (a
 * palette name; bind it to a setting), "insert-phrase". Emits "toast"
 * (a message for the window's toast overlay). */
GtkWidget      *fs_palette_bar_new                 (void);
FsPaletteStore *fs_palette_bar_get_store           (FsPaletteBar       *self);
void            fs_palette_bar_set_store           (FsPaletteBar       *self,
                                                    FsPaletteStore     *store);
/* Uses and loads the store of $XDG_DATA_HOME/flux-studio/palettes. */
void            fs_palette_bar_use_default_store   (FsPaletteBar       *self);
FsPromptEditor *fs_palette_bar_get_prompt_editor   (FsPaletteBar       *self);
void            fs_palette_bar_set_prompt_editor   (FsPaletteBar       *self,
                                                    FsPromptEditor     *editor);
const char     *fs_palette_bar_get_active_palette  (FsPaletteBar       *self);
void            fs_palette_bar_set_active_palette  (FsPaletteBar       *self,
                                                    const char         *name);
/* The palette whose swatches are shown, or NULL (borrowed). */
FsPalette      *fs_palette_bar_get_palette         (FsPaletteBar       *self);
gboolean        fs_palette_bar_get_insert_phrase   (FsPaletteBar       *self);
void            fs_palette_bar_set_insert_phrase   (FsPaletteBar       *self,
                                                    gboolean            insert_phrase);
/* Inserts @hex into the prompt editor, as a swatch click does with
 * @phrase for Shift (the "insert-phrase" setting also makes a phrase). */
void            fs_palette_bar_insert              (FsPaletteBar       *self,
                                                    const char         *hex,
                                                    gboolean            phrase);
/* Adds the colours not there yet to the active palette (making a "Brand
 * Colours" palette when there is none) and saves it; @names may be NULL
 * or hold a name (or "") per code. Says what happened in a toast. */
void            fs_palette_bar_add_colours         (FsPaletteBar       *self,
                                                    const char * const *codes,
                                                    const char * const *names);
void            fs_palette_bar_show_chooser        (FsPaletteBar       *self);
void            fs_palette_bar_show_manager        (FsPaletteBar       *self);

G_END_DECLS
