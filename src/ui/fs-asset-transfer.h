/* fs-asset-transfer.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Gallery images as drag-and-drop content: a GdkFileList of their files,
 * so a tile dropped on a collection, on the reference tray or on another
 * program carries the same thing (docs/ARCHITECTURE.md, “Collections in
 * the window”). */

/* @assets: FsAsset. (transfer full) */
GdkContentProvider *fs_asset_transfer_content_new (GPtrArray    *assets);
/* The paths of a dropped GdkFileList @value, NULL-terminated; NULL when
 * it holds no local file. */
char              **fs_asset_transfer_dup_paths   (const GValue *value);

G_END_DECLS
