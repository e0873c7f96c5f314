/* fs-palette-store.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fs-palette.h"

G_BEGIN_DECLS

#define FS_TYPE_PALETTE_STORE (fs_palette_store_get_type ())
G_DECLARE_FINAL_TYPE (FsPaletteStore, fs_palette_store, FS, PALETTE_STORE, GObject)

/* The brand palettes: a GListModel of FsPalette backed by the GIMP palette
 * files in a folder ($XDG_DATA_HOME/flux-studio/palettes/ by default). The
 * order is kept in the folder's "order.txt" (one file name a line; files
 * not listed follow, sorted by name). A GFileMonitor picks up .gpl files
 * added, changed or removed by other programs. Every disk operation runs
 * in a worker thread; the list changes on the main thread.
 * Editing a palette's swatches in memory does not write it: call
 * fs_palette_store_save_async(). */
FsPaletteStore *fs_palette_store_new            (GFile          *folder);
FsPaletteStore *fs_palette_store_new_default    (void);
GFile          *fs_palette_store_get_folder     (FsPaletteStore *self);

/* Loads every palette (creating the folder if needed) and starts watching
 * it. A malformed file is skipped with a g_warning naming it. */
void            fs_palette_store_load_async     (FsPaletteStore *self,
                                                 GCancellable   *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer        user_data);
gboolean        fs_palette_store_load_finish    (FsPaletteStore *self,
                                                 GAsyncResult   *result,
                                                 GError        **error);

/* The palette called @name, or NULL (borrowed). */
FsPalette      *fs_palette_store_find           (FsPaletteStore *self,
                                                 const char     *name);

/* Adds @palette (a new one, or an import) under a file name derived from
 * its name (made unique), writes it, and appends it to the list. */
void            fs_palette_store_add_async      (FsPaletteStore *self,
                                                 FsPalette      *palette,
                                                 GCancellable   *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer        user_data);
FsPalette      *fs_palette_store_add_finish     (FsPaletteStore *self,
                                                 GAsyncResult   *result,
                                                 GError        **error);
/* Writes the palette's current swatches and name to its file. */
void            fs_palette_store_save_async     (FsPaletteStore *self,
                                                 FsPalette      *palette,
                                                 GCancellable   *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer        user_data);
gboolean        fs_palette_store_save_finish    (FsPaletteStore *self,
                                                 GAsyncResult   *result,
                                                 GError        **error);
/* Renames the palette (the "Name:" line; the file keeps its name). */
void            fs_palette_store_rename_async   (FsPaletteStore *self,
                                                 FsPalette      *palette,
                                                 const char     *name,
                                                 GCancellable   *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer        user_data);
gboolean        fs_palette_store_rename_finish  (FsPaletteStore *self,
                                                 GAsyncResult   *result,
                                                 GError        **error);
/* Moves the palette file to the Trash (deleting it where there is none). */
void            fs_palette_store_delete_async   (FsPaletteStore *self,
                                                 FsPalette      *palette,
                                                 GCancellable   *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer        user_data);
gboolean        fs_palette_store_delete_finish  (FsPaletteStore *self,
                                                 GAsyncResult   *result,
                                                 GError        **error);
/* Moves the palette at @from to @to in the list and stores the order. */
void            fs_palette_store_move_async     (FsPaletteStore *self,
                                                 guint           from,
                                                 guint           to,
                                                 GCancellable   *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer        user_data);
gboolean        fs_palette_store_move_finish    (FsPaletteStore *self,
                                                 GAsyncResult   *result,
                                                 GError        **error);

G_END_DECLS
