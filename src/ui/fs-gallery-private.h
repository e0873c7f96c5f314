/* fs-gallery-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fs-filter-chips.h"
#include "fs-gallery.h"
#include "fs-gallery-filters.h"
#include "fs-gallery-results.h"
#include "fs-list-prefix.h"
#include "fs-selection-bar.h"

G_BEGIN_DECLS

struct _FsGallery
{
  GtkWidget           parent_instance;

  GtkWidget          *box;
  GtkRevealer        *jobs_revealer;
  GtkFlowBox         *jobs_box;
  GtkStack           *stack;
  GtkGridView        *grid;
  AdwStatusPage      *empty_page;
  GtkSpinner         *loading_spinner;
  GtkSearchBar       *search_bar;
  GtkWidget          *search_entry;
  FsGalleryFilters   *filters;
  FsFilterChips      *chips;
  GtkRevealer        *selection_revealer;
  FsSelectionBar     *selection_bar;

  FsLibrary          *library;
  FsJobQueue         *queue;
  FsCatalog          *catalog;
  FsLibraryQuery     *query;
  FsGalleryResults   *results;
  FsListPrefix       *reveal;        /* the results the grid sees (fs-gallery-reveal.c) */
  guint               reveal_tick_id;
  guint               reveal_timeout_id;
  GtkMultiSelection  *selection;
  GCancellable       *cancellable;
  guint               selection_id;
  GMenuModel         *item_menu;     /* a tile's context menu (fs-gallery-tiles.c) */

  /* An LRU of GdkTexture by "<sha256>-<size>": the index points into the
   * queue, most recently used first. */
  GHashTable         *pending;       /* FsGalleryItem bound, its thumbnail not asked */
  guint               visible_id;
  guint               fit_columns_id;
  GHashTable         *cache_index;
  GQueue              cache_order;
};

/* fs-gallery-selection.c: what is done to the selected images — the
 * keys 0–5 and F, the selection bar's export, Move to Trash and its
 * Undo. */
void _fs_gallery_class_install_selection (GtkWidgetClass *widget_class);
void _fs_gallery_selection_changed       (FsGallery      *self);
void _fs_gallery_emit_toast              (FsGallery      *self,
                                          AdwToast       *toast);
void _fs_gallery_toast_text              (FsGallery      *self,
                                          const char     *message);
void _fs_gallery_trash                   (FsGallery      *self);
void _fs_gallery_export                  (FsGallery      *self);

/* fs-gallery-tiles.c: a tile's drag source and context menu, and the
 * keys that open the focused tile's menu (Shift+F10, Menu). */
void _fs_gallery_add_tile_controllers    (GtkWidget      *tile,
                                          GtkListItem    *list_item);
void _fs_gallery_class_install_tile_keys (GtkWidgetClass *widget_class);

/* fs-gallery-reveal.c: a gallery opening on thousands of images binds
 * its first screen of tiles first, the rest a few rows a frame. */
GListModel *_fs_gallery_reveal_init       (FsGallery      *self);
void        _fs_gallery_reveal_all        (FsGallery      *self);
void        _fs_gallery_reveal_stop       (FsGallery      *self);

G_END_DECLS
