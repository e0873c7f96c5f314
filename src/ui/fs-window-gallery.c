/* fs-window-gallery.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-window-private.h"

/* The window's side of the gallery: its toasts, Ctrl+F, the query kept
 * in GSettings across restarts ("gallery-query"), and browse mode, which
 * folds the compose area away so that the grid has the window
 * (docs/ARCHITECTURE.md, “The gallery's search and filters”). */

static void
gallery_toast_cb (FsWindow *self,
                  AdwToast *toast)
{
  fs_window_add_toast (self, toast);
}

static void
query_changed_cb (FsWindow       *self,
                  GParamSpec     *pspec,
                  FsLibraryQuery *query)
{
  g_autoptr(GVariant) stored = g_settings_get_value (self->settings, "gallery-query");
  GVariant *wanted = g_variant_ref_sink (fs_library_query_to_variant (query));

  if (!g_variant_equal (stored, wanted))
    g_settings_set_value (self->settings, "gallery-query", wanted);
  g_variant_unref (wanted);
}

static void
copy_query (FsLibraryQuery *to,
            FsLibraryQuery *from)
{
  static const char * const names[] = {
    "text", "providers", "models", "date", "since", "until", "favourites-only", "min-rating",
    "colours", "references", "orientation", "collection", "sort",
  };

  g_object_freeze_notify (G_OBJECT (to));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      g_object_get_property (G_OBJECT (from), names[i], &value);
      g_object_set_property (G_OBJECT (to), names[i], &value);
    }
  g_object_thaw_notify (G_OBJECT (to));
}

void
_fs_window_attach_gallery (FsWindow *self)
{
  FsLibraryQuery *query = fs_gallery_get_query (self->gallery);
  g_autoptr(GVariant) stored = g_settings_get_value (self->settings, "gallery-query");
  g_autoptr(FsLibraryQuery) restored = fs_library_query_new_from_variant (stored);

  g_signal_connect_object (self->gallery, "toast", G_CALLBACK (gallery_toast_cb), self,
                           G_CONNECT_SWAPPED);
  copy_query (query, restored);
  g_signal_connect_object (query, "notify", G_CALLBACK (query_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/* Browse mode is the setting "browse-mode", so that it outlasts a
 * restart, and its action "win.browse-mode" (a toggle: Ctrl+B, the
 * gallery's Browse button) comes from the setting. */
/* What the compose area shows: none of it while browsing; else the
 * prompt, and the canvas or the reference tray as the model asks. */
void
_fs_window_update_compose (FsWindow *self)
{
  gboolean browsing = g_settings_get_boolean (self->settings, "browse-mode");
  gboolean canvas = _fs_window_canvas_active (self);

  gtk_widget_set_visible (self->prompt_area, !browsing);
  gtk_widget_set_visible (self->canvas_box, !browsing && canvas);
  gtk_widget_set_visible (GTK_WIDGET (self->reference_tray), !browsing && !canvas);
}

static void
apply_browsing (FsWindow *self)
{
  gboolean browsing = g_settings_get_boolean (self->settings, "browse-mode");

  _fs_window_update_compose (self);
  if (browsing && self->gallery != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->gallery));
  else if (!browsing && gtk_widget_get_mapped (GTK_WIDGET (self)))
    fs_prompt_editor_focus (self->prompt_editor);
}

void
_fs_window_attach_browsing (FsWindow *self)
{
  g_autoptr(GAction) action = g_settings_create_action (self->settings, "browse-mode");

  g_action_map_add_action (G_ACTION_MAP (self), action);
  g_signal_connect_object (self->settings, "changed::browse-mode",
                           G_CALLBACK (apply_browsing), self, G_CONNECT_SWAPPED);
  apply_browsing (self);
}

void
_fs_window_set_browsing (FsWindow *self,
                         gboolean  browsing)
{
  if (g_settings_get_boolean (self->settings, "browse-mode") != browsing)
    g_settings_set_boolean (self->settings, "browse-mode", browsing);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);

  if (self->gallery == NULL)
    return;

  _fs_window_show_main (self);
  fs_gallery_search (self->gallery);
}

void
_fs_window_class_install_gallery (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK,
                                       "win.browse-mode", NULL);
}
