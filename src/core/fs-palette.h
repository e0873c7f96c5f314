/* fs-palette.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fs-swatch.h"

G_BEGIN_DECLS

typedef enum
{
  FS_PALETTE_FORMAT_GPL,
  FS_PALETTE_FORMAT_ASE,
  FS_PALETTE_FORMAT_TEXT,   /* plain text or CSS with hex codes (import only) */
} FsPaletteFormat;

#define FS_TYPE_PALETTE (fs_palette_get_type ())
G_DECLARE_FINAL_TYPE (FsPalette, fs_palette, FS, PALETTE, GObject)

/* A named list of swatches. Properties: "name" (string, notify), "path"
 * (string: the .gpl file it lives in, or NULL), "n-swatches" (uint,
 * notify). "changed" is emitted whenever the swatches change. The model
 * functions are main-thread only; parsing and writing below are pure and
 * may run in any thread. */
FsPalette      *fs_palette_new             (const char      *name);
const char     *fs_palette_get_name        (FsPalette       *self);
void            fs_palette_set_name        (FsPalette       *self,
                                            const char      *name);
const char     *fs_palette_get_path        (FsPalette       *self);
void            fs_palette_set_path        (FsPalette       *self,
                                            const char      *path);
guint           fs_palette_get_n_swatches  (FsPalette       *self);
/* Borrowed; valid until the palette changes. */
const FsSwatch *fs_palette_get_swatch      (FsPalette       *self,
                                            guint            position);
/* The swatches as a GPtrArray of FsSwatch (owned by the palette). */
GPtrArray      *fs_palette_get_swatches    (FsPalette       *self);
void            fs_palette_add_swatch      (FsPalette       *self,
                                            const char      *name,
                                            guint8           r,
                                            guint8           g,
                                            guint8           b);
void            fs_palette_insert_swatch   (FsPalette       *self,
                                            guint            position,
                                            const FsSwatch  *swatch);
void            fs_palette_remove_swatch   (FsPalette       *self,
                                            guint            position);
void            fs_palette_move_swatch     (FsPalette       *self,
                                            guint            from,
                                            guint            to);
/* TRUE when the palette already holds exactly this colour. */
gboolean        fs_palette_contains        (FsPalette       *self,
                                            guint8           r,
                                            guint8           g,
                                            guint8           b);
FsPalette      *fs_palette_copy            (FsPalette       *self);

/* Parsing: all or nothing. A malformed file gives FS_ERROR_INVALID with a
 * message naming what is wrong and where ("line 7: …" for text formats,
 * "byte 132: …" for ASE) and no palette. @fallback_name is used when the
 * file names none (.ase, text, a .gpl without "Name:"). */
FsPalette      *fs_palette_parse_gpl       (const char      *data,
                                            gsize            length,
                                            const char      *fallback_name,
                                            GError         **error);
FsPalette      *fs_palette_parse_ase       (const guint8    *data,
                                            gsize            length,
                                            const char      *fallback_name,
                                            GError         **error);
FsPalette      *fs_palette_parse_text      (const char      *data,
                                            gsize            length,
                                            const char      *fallback_name,
                                            GError         **error);
/* Serialisation: a GIMP palette, or Adobe Swatch Exchange 1.0 (RGB). */
GBytes         *fs_palette_to_gpl          (FsPalette       *self);
GBytes         *fs_palette_to_ase          (FsPalette       *self);

/* The format a file name or its first bytes indicate. */
FsPaletteFormat fs_palette_guess_format    (const char      *filename,
                                            const guint8    *data,
                                            gsize            length);

/* Reads and parses @file (any format, guessed) in a worker thread; the
 * palette's path is not set (it is an import, not a stored palette). */
void            fs_palette_import_async    (GFile           *file,
                                            GCancellable    *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer         user_data);
FsPalette      *fs_palette_import_finish   (GAsyncResult    *result,
                                            GError         **error);
/* Writes a snapshot of the palette to @file as @format (GPL or ASE)
 * atomically in a worker thread. */
void            fs_palette_export_async    (FsPalette       *self,
                                            GFile           *file,
                                            FsPaletteFormat  format,
                                            GCancellable    *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer         user_data);
gboolean        fs_palette_export_finish   (FsPalette       *self,
                                            GAsyncResult    *result,
                                            GError         **error);

G_END_DECLS
