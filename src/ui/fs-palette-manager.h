/* fs-palette-manager.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fs-palette-store.h"

G_BEGIN_DECLS

#define FS_TYPE_PALETTE_MANAGER (fs_palette_manager_get_type ())
G_DECLARE_FINAL_TYPE (FsPaletteManager, fs_palette_manager, FS, PALETTE_MANAGER,
                      AdwPreferencesWindow)

/* "Palettes": the brand palettes of an FsPaletteStore, each a row that
 * opens onto its swatches (each removable), with Move Up / Move Down, and
 * a menu to rename, export as .gpl or .ase, or delete (after asking).
 * "New Palette" and "Import…" (.gpl, .ase, .txt/.css) head the list; a
 * file that cannot be imported is reported with the parser's exact
 * words, and nothing of it is kept. */
GtkWidget *fs_palette_manager_new    (GtkWindow        *parent,
                                      FsPaletteStore   *store);
/* Imports @file as a new palette (what "Import…" and dropping a file on
 * the window do); a failure is shown in a dialog. */
void       fs_palette_manager_import (FsPaletteManager *self,
                                      GFile            *file);

G_END_DECLS
