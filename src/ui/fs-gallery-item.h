/* fs-gallery-item.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fs-asset.h"

G_BEGIN_DECLS

#define FS_TYPE_GALLERY_ITEM (fs_gallery_item_get_type ())

/* The narrowest a tile gets (its picture; the grid adds its spacing). */
#define FS_GALLERY_ITEM_MIN_WIDTH 160
G_DECLARE_FINAL_TYPE (FsGalleryItem, fs_gallery_item, FS, GALLERY_ITEM, GtkWidget)

/* One tile of the gallery grid: a square thumbnail (a placeholder until
 * the gallery hands it a texture), a caption "model · seed", for the
 * offline sandbox a small "Sandbox" tag, the colour check's and the
 * damage's badges, and the favourite and rating ("Favourite", "Rating")
 * while the image has a mark or the tile is hovered or selected. Its
 * accessible name is the asset's prompt. Emits "rate" (guint) and
 * "set-favourite" (gboolean) when the user marks the tile. Private to
 * FsGallery; tests may inspect it. */
GtkWidget    *fs_gallery_item_new            (void);
/* Binds @asset (NULL to unbind): cancels any load in flight and shows the
 * placeholder until fs_gallery_item_set_texture(). */
void          fs_gallery_item_set_asset      (FsGalleryItem *self,
                                              FsAsset       *asset);
FsAsset      *fs_gallery_item_get_asset      (FsGalleryItem *self);
void          fs_gallery_item_set_selected   (FsGalleryItem *self,
                                              gboolean       selected);
/* A new cancellable for the thumbnail load of the bound asset (borrowed;
 * cancelled when the item is rebound, unbound or disposed). */
GCancellable *fs_gallery_item_begin_load     (FsGalleryItem *self);
/* Whether @cancellable is still the current load's: a load that finishes
 * after the item was recycled must not show its texture. */
gboolean      fs_gallery_item_is_current_load (FsGalleryItem *self,
                                               GCancellable  *cancellable);
void          fs_gallery_item_set_texture    (FsGalleryItem *self,
                                              GdkTexture    *texture,
                                              gboolean       animate);
void          fs_gallery_item_set_failed     (FsGalleryItem *self,
                                              const char    *message);
gboolean      fs_gallery_item_has_texture    (FsGalleryItem *self);

/* The prompt as an accessible name: at most @max_chars characters, with
 * an ellipsis when cut. */
char         *fs_gallery_item_label_for_prompt (const char *prompt,
                                                guint       max_chars);

G_END_DECLS
