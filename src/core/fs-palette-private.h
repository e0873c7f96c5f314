/* fs-palette-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-palette.h"

G_BEGIN_DECLS

/* The most a palette file (and the folder's order file) is read: far
 * beyond any real palette (docs/ARCHITECTURE.md, “Limits”). */
#define FS_PALETTE_MAX_FILE_BYTES (4 * 1024 * 1024)

/* Makes @self hold @other's name and swatches (a file changed on disk),
 * notifying and emitting "changed" as needed; TRUE when anything
 * differed. */
gboolean _fs_palette_assign (FsPalette *self,
                             FsPalette *other);

/* For the text readers (.gpl, text and CSS): sets @error to
 * FS_ERROR_INVALID, "line @line: …", and returns FALSE. */
gboolean _fs_palette_line_error (GError     **error,
                                 guint        line,
                                 const char  *format,
                                 ...) G_GNUC_PRINTF (3, 4);

G_END_DECLS
