/* fs-test-ui-util.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-test-ui-util.h"

/* Finders */

GtkWidget *
fs_test_find_widget (GtkWidget         *root,
                     FsTestWidgetMatch  match,
                     gconstpointer      data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = fs_test_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_type (GtkWidget     *widget,
         gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, *(const GType *) data);
}

GtkWidget *
fs_test_find_type (GtkWidget *root,
                   GType      type)
{
  return fs_test_find_widget (root, is_type, &type);
}

typedef struct
{
  GType       type;
  const char *label;
} Named;

static gboolean
is_named (GtkWidget     *widget,
          gconstpointer  data)
{
  const Named *named = data;
  g_autofree char *mismatch = NULL;

  if (!G_TYPE_CHECK_INSTANCE_TYPE (widget, named->type) ||
      !gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return FALSE;

  mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                 GTK_ACCESSIBLE_PROPERTY_LABEL, named->label);
  return mismatch == NULL;
}

GtkWidget *
fs_test_find_by_label (GtkWidget  *root,
                       GType       type,
                       const char *label)
{
  Named named = { type, label };

  return fs_test_find_widget (root, is_named, &named);
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

GtkWidget *
fs_test_find_button (GtkWidget  *root,
                     const char *label)
{
  return fs_test_find_widget (root, is_button_labelled, label);
}

static gboolean
has_class (GtkWidget     *widget,
           gconstpointer  css_class)
{
  return gtk_widget_has_css_class (widget, css_class);
}

GtkWidget *
fs_test_find_with_class (GtkWidget  *root,
                         const char *css_class)
{
  return fs_test_find_widget (root, has_class, css_class);
}

GtkWindow *
fs_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }

  return NULL;
}

GtkWindow *
fs_test_wait_toplevel (GType type)
{
  GtkWindow *window = NULL;

  for (guint i = 0; i < 200 && window == NULL; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      window = fs_test_find_toplevel (type);
      if (window == NULL)
        g_usleep (10000);
    }
  g_assert_nonnull (window);
  return window;
}

/* Shortcuts */

gboolean
fs_test_activate_shortcut (GtkWidget  *widget,
                           const char *trigger)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (trigger);

  g_assert_nonnull (wanted);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }

  g_error ("No shortcut for %s", trigger);
  return FALSE;
}

/* The clipboard */

char *
fs_test_read_clipboard_text (GtkWidget *widget)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *text;

  gdk_clipboard_read_text_async (clipboard, NULL, fs_test_result_cb, &result);
  text = gdk_clipboard_read_text_finish (clipboard, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return text;
}

/* Windows */

GtkWidget *
fs_test_present_window (GtkWidget *child,
                        int        width,
                        int        height)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}
