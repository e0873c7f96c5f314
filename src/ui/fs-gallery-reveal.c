/* fs-gallery-reveal.c — a gallery that opens on thousands of images shows
 * its first screen first.
 *
 * GTK 4.8's grid makes and binds a tile for every item within 30 rows of
 * its anchor as soon as the items arrive: a gallery opened on 10,000
 * images bound about 200 tiles before its first frame, most of them below
 * the window. The grid sees the head of the results instead
 * (FsListPrefix): a screen's worth while the gallery opens, then two more
 * rows each frame, until it holds as many tiles as the grid keeps alive,
 * and then everything.
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-gallery-item.h"
#include "fs-gallery-private.h"

#define REVEAL_ALL           FS_LIST_PREFIX_ALL
#define REVEAL_ROWS_PER_TICK 2
#define REVEAL_MAX_MS        1000
/* GTK_GRID_VIEW_MAX_VISIBLE_ROWS in GTK 4.8, and a row of margin */
#define GRID_ROWS_KEPT       31

/* The most columns and rows of tiles any of the display's monitors
 * shows: the window is not placed yet. */
static guint
screen_items (GtkWidget *widget)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (widget));
  guint most = 0;

  for (guint i = 0; i < g_list_model_get_n_items (monitors); i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);
      GdkRectangle geometry;

      gdk_monitor_get_geometry (monitor, &geometry);
      most = MAX (most, (guint) ((geometry.width / FS_GALLERY_ITEM_MIN_WIDTH + 1) *
                                 (geometry.height / FS_GALLERY_ITEM_MIN_WIDTH + 1)));
    }

  return most > 0 ? most : REVEAL_ALL;
}

/* Stops revealing, for good. */
void
_fs_gallery_reveal_stop (FsGallery *self)
{
  if (self->reveal_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->reveal_tick_id);
  self->reveal_tick_id = 0;
  g_clear_handle_id (&self->reveal_timeout_id, g_source_remove);
}

void
_fs_gallery_reveal_all (FsGallery *self)
{
  _fs_gallery_reveal_stop (self);
  fs_list_prefix_set_limit (self->reveal, REVEAL_ALL);
}

static gboolean
reveal_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  FsGallery *self = user_data;
  guint columns = gtk_grid_view_get_max_columns (self->grid);
  guint size = fs_list_prefix_get_limit (self->reveal) + columns * REVEAL_ROWS_PER_TICK;

  if (size >= columns * GRID_ROWS_KEPT)
    {
      self->reveal_tick_id = 0;
      _fs_gallery_reveal_all (self);
      return G_SOURCE_REMOVE;
    }

  fs_list_prefix_set_limit (self->reveal, size);
  return G_SOURCE_CONTINUE;
}

static gboolean
reveal_timeout_cb (gpointer user_data)
{
  FsGallery *self = user_data;

  self->reveal_timeout_id = 0;
  _fs_gallery_reveal_all (self);
  return G_SOURCE_REMOVE;
}

/* The first results of an opening gallery: when there are more than the
 * grid is given, the rest follow a frame at a time — at once when the
 * gallery is not on screen to paint frames, and within a second whatever
 * happens (a window that gets no frames while it is covered). Otherwise
 * the opening is over. */
static void
results_changed_cb (FsGallery *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));

  if (fs_list_prefix_get_limit (self->reveal) == REVEAL_ALL || self->reveal_tick_id != 0 ||
      n == 0)
    return;

  if (n <= fs_list_prefix_get_limit (self->reveal) || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      _fs_gallery_reveal_all (self);
      return;
    }
  self->reveal_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal_tick_cb, self,
                                                       NULL);
  self->reveal_timeout_id = g_timeout_add (REVEAL_MAX_MS, reveal_timeout_cb, self);
}

/* The model the grid shows: the results, or while a gallery that had
 * none opens, the first screen of them. */
GListModel *
_fs_gallery_reveal_init (FsGallery *self)
{
  guint size = REVEAL_ALL;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) == 0)
    size = screen_items (GTK_WIDGET (self));
  self->reveal = fs_list_prefix_new (G_LIST_MODEL (self->results), size);
  /* After the prefix's own handler: it has taken the change. */
  g_signal_connect_object (self->results, "items-changed", G_CALLBACK (results_changed_cb),
                           self, G_CONNECT_SWAPPED);
  /* No frames to reveal the rest in. */
  g_signal_connect (self, "unmap", G_CALLBACK (_fs_gallery_reveal_all), NULL);

  return G_LIST_MODEL (self->reveal);
}
