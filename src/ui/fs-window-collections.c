/* fs-window-collections.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-collection-chooser.h"
#include "fs-window-private.h"

/* The window's side of collections (docs/ARCHITECTURE.md, “Collections
 * in the window”): the side list beside the gallery filters it through
 * the gallery's query, and the actions of the tiles' menu and of
 * Ctrl+D act on the image the user is looking at. */

/* The images an action is for: the detail page's, else every selected
 * one. */
static GPtrArray *
chosen_assets (FsWindow *self)
{
  GPtrArray *assets;
  FsAsset *asset;

  if (!_fs_window_detail_visible (self) && self->gallery != NULL)
    return fs_gallery_dup_selection (self->gallery);

  assets = g_ptr_array_new_with_free_func (g_object_unref);
  if ((asset = _fs_window_current_asset (self)) != NULL)
    g_ptr_array_add (assets, g_object_ref (asset));

  return assets;
}

static void
collections_toast_cb (FsWindow *self,
                      AdwToast *toast)
{
  fs_window_add_toast (self, toast);
}

/* Called with each new gallery (a new library): the list follows its
 * library, and the list's choice is the query's collection, both ways,
 * so that clearing the filter elsewhere shows All Images here. */
void
_fs_window_attach_collections (FsWindow *self)
{
  FsApplication *application = _fs_window_get_application (self);
  FsLibrary *library = fs_application_get_library (application);

  fs_collections_list_set_collection (self->collections_list, NULL);
  fs_collections_list_set_library (self->collections_list, library);
  g_object_bind_property (self->collections_list, "collection",
                          fs_gallery_get_query (self->gallery), "collection",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  fs_gallery_set_item_menu (self->gallery,
                            fs_collections_list_get_item_menu (self->collections_list));
}

/* Whether the side list shows is the setting "collections-visible",
 * both ways, so that Shift+F9 and the header's button outlast a
 * restart, as the gallery's query and browse mode do. */
void
_fs_window_attach_collections_flap (FsWindow *self)
{
  g_settings_bind (self->settings, "collections-visible", self->collections_flap,
                   "reveal-flap", G_SETTINGS_BIND_DEFAULT);
}

/* Actions --------------------------------------------------------------------------- */

static void
add_to_collection_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);
  g_autoptr(GPtrArray) assets = chosen_assets (self);

  fs_collections_list_add (self->collections_list, g_variant_get_string (parameter, NULL),
                           assets);
}

static void
add_to_new_collection_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);
  g_autoptr(GPtrArray) assets = chosen_assets (self);

  fs_collections_list_ask_create (self->collections_list, assets->len > 0 ? assets : NULL);
}

static void
remove_from_collection_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);
  g_autoptr(GPtrArray) assets = chosen_assets (self);

  fs_collections_list_remove (self->collections_list, g_variant_get_string (parameter, NULL),
                              assets);
}

/* Ctrl+D: the chooser pops up over the gallery (or the detail
 * page), pointing at the top of it. */
static void
choose_collection_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);
  g_autoptr(GPtrArray) assets = chosen_assets (self);
  GtkWidget *anchor;
  GtkWidget *chooser;

  if (assets->len == 0 || fs_collections_list_get_library (self->collections_list) == NULL)
    {
      fs_window_toast (self, _("Select an image first"));
      return;
    }

  anchor = _fs_window_detail_visible (self) ? self->detail_box : self->gallery_box;
  chooser = fs_collection_chooser_new (self->collections_list, assets);
  gtk_widget_set_parent (chooser, anchor);
  gtk_popover_set_pointing_to (GTK_POPOVER (chooser),
                               &(GdkRectangle) { gtk_widget_get_width (anchor) / 2, 0, 1, 1 });
  gtk_popover_set_position (GTK_POPOVER (chooser), GTK_POS_BOTTOM);
  g_signal_connect (chooser, "closed", G_CALLBACK (gtk_widget_unparent), NULL);
  gtk_popover_popup (GTK_POPOVER (chooser));
}

static void
toggle_collections_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);

  adw_flap_set_reveal_flap (self->collections_flap,
                            !adw_flap_get_reveal_flap (self->collections_flap));
}

void
_fs_window_class_install_collections (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, collections_toast_cb);
  gtk_widget_class_install_action (widget_class, "win.add-to-collection", "s",
                                   add_to_collection_action);
  gtk_widget_class_install_action (widget_class, "win.add-to-new-collection", NULL,
                                   add_to_new_collection_action);
  gtk_widget_class_install_action (widget_class, "win.remove-from-collection", "s",
                                   remove_from_collection_action);
  gtk_widget_class_install_action (widget_class, "win.choose-collection", NULL,
                                   choose_collection_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-collections", NULL,
                                   toggle_collections_action);

  /* D as in a browser's bookmark; Ctrl+B is Browse, Ctrl+Shift+C copies
   * the image on the detail page. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK,
                                       "win.choose-collection", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, GDK_SHIFT_MASK,
                                       "win.toggle-collections", NULL);
}
