/* fs-selection-bar.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-asset-marks.h"
#include "fs-selection-bar.h"

struct _FsSelectionBar
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkWidget    *count_label;
  GtkWidget    *marks;
  GtkWidget    *collection_button;
  GtkWidget    *compare_button;
  GtkWidget    *collection_entry;
  GtkWidget    *collection_list;

  FsLibrary    *library;
  GPtrArray    *assets;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (FsSelectionBar, fs_selection_bar, GTK_TYPE_WIDGET)

enum {
  TRASH,
  EXPORT,
  SELECT_NONE,
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
marks_toast_cb (FsSelectionBar *self,
                const char     *message)
{
  g_signal_emit (self, signals[TOAST], 0, message);
}

typedef struct
{
  GWeakRef  bar;
  char     *name;
  guint     n;
} AddData;

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  AddData *data = user_data;
  g_autoptr(FsSelectionBar) self = g_weak_ref_get (&data->bar);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (fs_library_add_to_collection_finish (FS_LIBRARY (source), result, &error))
    /* Translators: a toast; %u images, then the collection's name */
    message = g_strdup_printf (ngettext ("%u image added to “%s”", "%u images added to “%s”",
                                         data->n),
                               data->n, data->name);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup (error->message);

  if (self != NULL && message != NULL)
    g_signal_emit (self, signals[TOAST], 0, message);

  g_weak_ref_clear (&data->bar);
  g_free (data->name);
  g_free (data);
}

static void
add_to (FsSelectionBar *self,
        const char     *name)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name));
  AddData *data;

  if (self->library == NULL || self->assets == NULL || self->assets->len == 0 ||
      trimmed[0] == '\0')
    return;

  data = g_new0 (AddData, 1);
  g_weak_ref_init (&data->bar, self);
  data->name = g_strdup (trimmed);
  data->n = self->assets->len;
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->collection_button));
  fs_library_add_to_collection_async (self->library, self->assets, trimmed, self->cancellable,
                                      added_cb, data);
}

static void
entry_activate_cb (FsSelectionBar *self)
{
  add_to (self, gtk_editable_get_text (GTK_EDITABLE (self->collection_entry)));
  gtk_editable_set_text (GTK_EDITABLE (self->collection_entry), "");
}

static void
collection_row_cb (FsSelectionBar *self,
                   GtkListBoxRow  *row)
{
  add_to (self, g_object_get_data (G_OBJECT (row), "fs-name"));
}

static GtkWidget *
create_collection_row_cb (gpointer item,
                          gpointer user_data)
{
  FsCollection *collection = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (fs_collection_get_name (collection));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_set_margin_start (label, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  g_object_set_data_full (G_OBJECT (row), "fs-name",
                          g_strdup (fs_collection_get_name (collection)), g_free);
  return row;
}

static GtkWidget *
build_collection_popover (FsSelectionBar *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();

  self->collection_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->collection_entry), _("New collection"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->collection_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Collection name"),
                                  -1);
  g_signal_connect_swapped (self->collection_entry, "activate", G_CALLBACK (entry_activate_cb),
                            self);

  self->collection_list = gtk_list_box_new ();
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (self->collection_list), TRUE);
  gtk_widget_add_css_class (self->collection_list, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->collection_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Collections"),
                                  -1);
  g_signal_connect_swapped (self->collection_list, "row-activated",
                            G_CALLBACK (collection_row_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->collection_list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 240);

  gtk_box_append (GTK_BOX (box), self->collection_entry);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  return popover;
}

static void
trash_clicked_cb (FsSelectionBar *self)
{
  g_signal_emit (self, signals[TRASH], 0);
}

static void
export_clicked_cb (FsSelectionBar *self)
{
  g_signal_emit (self, signals[EXPORT], 0);
}

/* Two to four images side by side: the window's win.compare, by path. */
static void
compare_clicked_cb (FsSelectionBar *self)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();

  for (guint i = 0; self->assets != NULL && i < self->assets->len; i++)
    g_ptr_array_add (paths, (gpointer) fs_asset_get_path (g_ptr_array_index (self->assets, i)));
  g_ptr_array_add (paths, NULL);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.compare", "^as", paths->pdata);
}

static void
none_clicked_cb (FsSelectionBar *self)
{
  g_signal_emit (self, signals[SELECT_NONE], 0);
}

static GtkWidget *
new_button (FsSelectionBar *self,
            const char     *icon_name,
            const char     *label,
            GCallback       callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_signal_connect_swapped (button, "clicked", callback, self);
  return button;
}

static void
fs_selection_bar_dispose (GObject *object)
{
  FsSelectionBar *self = FS_SELECTION_BAR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->library);
  g_clear_pointer (&self->assets, g_ptr_array_unref);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (fs_selection_bar_parent_class)->dispose (object);
}

static void
fs_selection_bar_class_init (FsSelectionBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_selection_bar_dispose;

  signals[TRASH] = g_signal_new ("trash", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[EXPORT] = g_signal_new ("export", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SELECT_NONE] = g_signal_new ("select-none", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fs-selection-bar");
}

static void
fs_selection_bar_init (FsSelectionBar *self)
{
  GtkWidget *actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->cancellable = g_cancellable_new ();
  self->box = gtk_action_bar_new ();
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Selected images"),
                                  -1);

  gtk_action_bar_pack_start (GTK_ACTION_BAR (self->box),
                             new_button (self, "window-close-symbolic", _("Select None"),
                                         G_CALLBACK (none_clicked_cb)));
  self->count_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->count_label, "numeric");
  gtk_action_bar_pack_start (GTK_ACTION_BAR (self->box), self->count_label);

  self->marks = fs_asset_marks_new ();
  g_signal_connect_swapped (self->marks, "toast", G_CALLBACK (marks_toast_cb), self);
  gtk_action_bar_set_center_widget (GTK_ACTION_BAR (self->box), self->marks);

  self->collection_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->collection_button),
                                 "folder-new-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->collection_button),
                               build_collection_popover (self));
  gtk_widget_set_tooltip_text (self->collection_button, _("Add to Collection"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->collection_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Add to Collection"),
                                  -1);
  self->compare_button = new_button (self, "view-dual-symbolic", _("Compare"),
                                     G_CALLBACK (compare_clicked_cb));
  gtk_box_append (GTK_BOX (actions), self->compare_button);
  gtk_box_append (GTK_BOX (actions), self->collection_button);
  gtk_box_append (GTK_BOX (actions),
                  new_button (self, "document-save-as-symbolic", _("Export Selected"),
                              G_CALLBACK (export_clicked_cb)));
  gtk_box_append (GTK_BOX (actions),
                  new_button (self, "user-trash-symbolic", _("Move to Trash"),
                              G_CALLBACK (trash_clicked_cb)));
  gtk_action_bar_pack_end (GTK_ACTION_BAR (self->box), actions);
}

GtkWidget *
fs_selection_bar_new (void)
{
  return g_object_new (FS_TYPE_SELECTION_BAR, NULL);
}

void
fs_selection_bar_set_library (FsSelectionBar *self,
                              FsLibrary      *library)
{
  g_return_if_fail (FS_IS_SELECTION_BAR (self));

  if (!g_set_object (&self->library, library))
    return;

  fs_asset_marks_set_library (FS_ASSET_MARKS (self->marks), library);
  gtk_list_box_bind_model (GTK_LIST_BOX (self->collection_list),
                           library != NULL ? fs_library_get_collections (library) : NULL,
                           create_collection_row_cb, NULL, NULL);
}

void
fs_selection_bar_set_assets (FsSelectionBar *self,
                             GPtrArray      *assets)
{
  guint n = assets != NULL ? assets->len : 0;
  g_autofree char *count = NULL;

  g_return_if_fail (FS_IS_SELECTION_BAR (self));

  g_clear_pointer (&self->assets, g_ptr_array_unref);
  self->assets = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->assets, g_object_ref (g_ptr_array_index (assets, i)));

  /* Translators: how many gallery images are selected */
  count = g_strdup_printf (ngettext ("%u selected", "%u selected", n), n);
  gtk_label_set_text (GTK_LABEL (self->count_label), count);
  gtk_widget_set_sensitive (self->compare_button, n >= 2 && n <= 4);
  gtk_widget_set_tooltip_text (self->compare_button,
                               n >= 2 && n <= 4 ? _("Compare")
                                                : _("Compare: select two to four images"));
  fs_asset_marks_set_assets (FS_ASSET_MARKS (self->marks), self->assets);
}
