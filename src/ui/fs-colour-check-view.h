/* fs-colour-check-view.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fs-asset.h"
#include "fs-colour.h"

G_BEGIN_DECLS

#define FS_TYPE_COLOUR_CHECK_VIEW (fs_colour_check_view_get_type ())
G_DECLARE_FINAL_TYPE (FsColourCheckView, fs_colour_check_view, FS, COLOUR_CHECK_VIEW, GtkWidget)

/* The detail page's "Colours" section. For each hex colour the image's
 * prompt asked for, a row: the requested and the found swatch, ΔE00 (one
 * decimal), the share of the image within ΔE00 ≤ 5 of the colour, and the
 * verdict as an icon and a word — Matched (ΔE00 ≤ 2), Close (≤ 5), Off.
 * The rows follow the asset's stored check and refresh when it lands
 * ("notify::colour-check"); an image saved before there were checks is
 * measured here (off the main thread) and not stored. "Extract Palette"
 * opens an FsPaletteExtract on the image. */
GtkWidget *fs_colour_check_view_new         (void);
void       fs_colour_check_view_set_asset   (FsColourCheckView *self,
                                             FsAsset           *asset);
FsAsset   *fs_colour_check_view_get_asset   (FsColourCheckView *self);
/* How many rows show @verdict, for tests. */
guint      fs_colour_check_view_count       (FsColourCheckView *self,
                                             FsColourVerdict    verdict);

G_END_DECLS
