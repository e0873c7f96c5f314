/* fs-gallery-tiles.c — what a tile offers besides a click: its files to
 * drag (onto a collection, or out of the app) and a context menu, by a
 * right click, a long press, Shift+F10 or the Menu key.
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-asset-transfer.h"
#include "fs-gallery-private.h"

/* A selected tile drags the whole selection; another tile itself. */
static GdkContentProvider *
tile_drag_prepare_cb (GtkDragSource *source,
                      double         x,
                      double         y,
                      GtkListItem   *list_item)
{
  FsAsset *asset = gtk_list_item_get_item (list_item);
  GtkWidget *tile = gtk_list_item_get_child (list_item);
  FsGallery *self = FS_GALLERY (gtk_widget_get_ancestor (tile, FS_TYPE_GALLERY));
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GdkPaintable) live = NULL;
  g_autoptr(GdkPaintable) icon = NULL;

  if (asset == NULL || self == NULL)
    return NULL;

  if (gtk_list_item_get_selected (list_item))
    assets = fs_gallery_dup_selection (self);
  if (assets == NULL || assets->len == 0)
    {
      g_clear_pointer (&assets, g_ptr_array_unref);
      assets = g_ptr_array_new ();
      g_ptr_array_add (assets, asset);
    }

  /* The tile as it looks now, not a live copy of it. */
  live = gtk_widget_paintable_new (tile);
  icon = gdk_paintable_get_current_image (live);
  gtk_drag_source_set_icon (source, icon, (int) x, (int) y);
  return fs_asset_transfer_content_new (assets);
}

/* The menu the window gave (fs_gallery_set_item_menu()) for a tile,
 * pointing at @rect in the tile; a tile outside the selection is
 * selected alone first, since the menu acts on the selection. Returns
 * the popover, or NULL when there is no menu. */
static GtkWidget *
popup_item_menu (FsGallery         *self,
                 GtkListItem       *list_item,
                 GtkWidget         *tile,
                 const GdkRectangle *rect)
{
  GtkWidget *popover;

  if (self->item_menu == NULL || gtk_list_item_get_item (list_item) == NULL)
    return NULL;

  if (!gtk_list_item_get_selected (list_item))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection),
                                     gtk_list_item_get_position (list_item), TRUE);
  popover = gtk_popover_menu_new_from_model (self->item_menu);
  gtk_widget_set_parent (popover, tile);
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), rect);
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  g_signal_connect (popover, "closed", G_CALLBACK (gtk_widget_unparent), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
  return popover;
}

/* A right click (or a long press): the menu where the pointer is. */
static void
tile_menu_cb (GtkGesture  *gesture,
              int          n_press,
              double       x,
              double       y,
              GtkListItem *list_item)
{
  GtkWidget *tile = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  FsGallery *self = FS_GALLERY (gtk_widget_get_ancestor (tile, FS_TYPE_GALLERY));

  if (self != NULL &&
      popup_item_menu (self, list_item, tile, &(GdkRectangle) { (int) x, (int) y, 1, 1 }) != NULL)
    gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
}

/* Shift+F10 or the Menu key: the menu of the tile that has the focus,
 * pointing at the tile's middle. The grid focuses the row widget that
 * holds the tile, so the tile is the focus's (or an ancestor's) child
 * of the grid's own row. Anything else focused: not handled, so the
 * key goes on (an entry opens its own menu before this runs). */
static gboolean
context_menu_key_cb (GtkWidget *widget,
                     GVariant  *args,
                     gpointer   user_data)
{
  FsGallery *self = FS_GALLERY (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *tile = NULL;
  GtkWidget *popover;
  GtkListItem *list_item;

  for (GtkWidget *w = focus; w != NULL && w != widget; w = gtk_widget_get_parent (w))
    if (gtk_widget_get_parent (w) == GTK_WIDGET (self->grid))
      {
        tile = gtk_widget_get_first_child (w);
        break;
      }
  list_item = tile != NULL ? g_object_get_data (G_OBJECT (tile), "fs-list-item") : NULL;
  if (list_item == NULL)
    return FALSE;

  popover = popup_item_menu (self, list_item, tile,
                             &(GdkRectangle) { gtk_widget_get_width (tile) / 2,
                                               gtk_widget_get_height (tile) / 2, 1, 1 });
  return popover != NULL;
}

void
_fs_gallery_class_install_tile_keys (GtkWidgetClass *widget_class)
{
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK,
                                context_menu_key_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, context_menu_key_cb, NULL);
}

static void
tile_long_press_cb (GtkGesture  *gesture,
                    double       x,
                    double       y,
                    GtkListItem *list_item)
{
  tile_menu_cb (gesture, 1, x, y, list_item);
}

void
_fs_gallery_add_tile_controllers (GtkWidget   *tile,
                                  GtkListItem *list_item)
{
  GtkDragSource *drag = gtk_drag_source_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *press = gtk_gesture_long_press_new ();

  /* For the keys of the context menu; the tile lives as long as its
   * list item. */
  g_object_set_data (G_OBJECT (tile), "fs-list-item", list_item);
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect (drag, "prepare", G_CALLBACK (tile_drag_prepare_cb), list_item);
  gtk_widget_add_controller (tile, GTK_EVENT_CONTROLLER (drag));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (tile_menu_cb), list_item);
  gtk_widget_add_controller (tile, GTK_EVENT_CONTROLLER (click));

  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (press), TRUE);
  g_signal_connect (press, "pressed", G_CALLBACK (tile_long_press_cb), list_item);
  gtk_widget_add_controller (tile, GTK_EVENT_CONTROLLER (press));
}

/**
 * fs_gallery_set_item_menu:
 *
 * The menu a tile's right click opens, its actions in the window's
 * scope, acting on the selection.
 */
void
fs_gallery_set_item_menu (FsGallery  *self,
                          GMenuModel *menu)
{
  g_return_if_fail (FS_IS_GALLERY (self));
  g_return_if_fail (menu == NULL || G_IS_MENU_MODEL (menu));

  g_set_object (&self->item_menu, menu);
}
