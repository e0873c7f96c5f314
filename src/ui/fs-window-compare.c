/* fs-window-compare.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-window-private.h"

/* The window's side of Compare (docs/ARCHITECTURE.md, “Compare”):
 * win.compare takes the images by path, and "Compare With…" on the
 * detail page waits for the next image opened in the gallery. */

static void
compare_back_cb (FsWindow *self)
{
  _fs_window_show_main (self);
}

static void
show_compare (FsWindow  *self,
              GPtrArray *assets)
{
  FsLibrary *library = fs_application_get_library (_fs_window_get_application (self));
  fs_compare_view_set_library (self->compare_view, library);
  fs_compare_view_set_assets (self->compare_view, assets);
  adw_leaflet_set_visible_child_name (self->leaflet, "compare");
  gtk_widget_grab_focus (GTK_WIDGET (self->compare_view));
}

static void
resolved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FsWindow) self = user_data;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;

  assets = fs_library_resolve_finish (FS_LIBRARY (source), result, &error);
  if (assets == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fs_window_toast (self, error->message);
      return;
    }

  if (assets->len < 2 || assets->len > FS_COMPARE_MAX_IMAGES)
    {
      fs_window_toast (self, _("Choose two to four different images to compare"));
      return;
    }

  show_compare (self, assets);
}

/* win.compare ("as"): the images' paths (or sha256 prefixes), 2 to 4. */
static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);
  FsLibrary *library = fs_application_get_library (_fs_window_get_application (self));
  g_autofree const char **names = g_variant_get_strv (parameter, NULL);

  if (library == NULL)
    return;

  fs_library_resolve_async (library, names, self->cancellable, resolved_cb, g_object_ref (self));
}

static void
compare_two (FsWindow *self,
             FsAsset  *first,
             FsAsset  *second)
{
  const char *paths[] = { fs_asset_get_path (first), fs_asset_get_path (second), NULL };

  gtk_widget_activate_action (GTK_WIDGET (self), "win.compare", "^as", paths);
}

static void
cancel_compare_with_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  g_clear_object (&FS_WINDOW (widget)->compare_with);
}

/* "Compare With…" on the detail page: back to the gallery, where the
 * next image opened is compared with this one. */
void
_fs_window_compare_with (FsWindow *self,
                         FsAsset  *asset)
{
  g_autoptr(AdwToast) toast = NULL;

  g_set_object (&self->compare_with, asset);
  _fs_window_show_main (self);

  toast = adw_toast_new (_("Open the image to compare with"));
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_button_label (toast, _("_Cancel"));
  adw_toast_set_action_name (toast, "win.cancel-compare-with");
  g_object_set_data_full (G_OBJECT (self), "fs-compare-toast", g_object_ref (toast),
                          g_object_unref);
  fs_window_add_toast (self, toast);
}

/* An image opened in the gallery: TRUE when it was the one "Compare
 * With…" waited for, and the compare view shows both. */
gboolean
_fs_window_compare_pick (FsWindow *self,
                         FsAsset  *asset)
{
  g_autoptr(FsAsset) first = g_steal_pointer (&self->compare_with);
  AdwToast *toast = g_object_get_data (G_OBJECT (self), "fs-compare-toast");

  if (first == NULL)
    return FALSE;

  if (toast != NULL)
    fs_window_dismiss_toast (self, toast);
  g_object_set_data (G_OBJECT (self), "fs-compare-toast", NULL);

  if (first == asset)
    return FALSE;

  compare_two (self, first, asset);
  return TRUE;
}

void
_fs_window_class_install_compare (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, compare_back_cb);
  gtk_widget_class_install_action (widget_class, "win.compare", "as", compare_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-compare-with", NULL,
                                   cancel_compare_with_action);
}
