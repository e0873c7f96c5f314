/* fs-collection-chooser.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-collection-chooser.h"

struct _FsCollectionChooser
{
  GtkPopover         parent_instance;

  FsCollectionsList *list;
  GPtrArray         *assets;
  GtkWidget         *checks;      /* GtkBox */
  GCancellable      *cancellable;
  guint              pending;     /* records still loading */
};

G_DEFINE_FINAL_TYPE (FsCollectionChooser, fs_collection_chooser, GTK_TYPE_POPOVER)

static gboolean
asset_in (FsAsset    *asset,
          const char *name)
{
  const char * const *collections = fs_asset_get_collections (asset);

  return collections != NULL && g_strv_contains (collections, name);
}

static gboolean
all_in (FsCollectionChooser *self,
        const char          *name)
{
  for (guint i = 0; i < self->assets->len; i++)
    if (!asset_in (g_ptr_array_index (self->assets, i), name))
      return FALSE;

  return self->assets->len > 0;
}

static void
check_toggled_cb (GtkCheckButton      *check,
                  FsCollectionChooser *self)
{
  const char *name = g_object_get_data (G_OBJECT (check), "fs-name");

  if (gtk_check_button_get_active (check))
    fs_collections_list_add (self->list, name, self->assets);
  else
    fs_collections_list_remove (self->list, name, self->assets);
}

static void
fill (FsCollectionChooser *self)
{
  FsLibrary *library = fs_collections_list_get_library (self->list);
  GListModel *collections = fs_library_get_collections (library);
  guint n = g_list_model_get_n_items (collections);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->checks)) != NULL)
    gtk_box_remove (GTK_BOX (self->checks), child);

  if (n == 0)
    {
      GtkWidget *label = gtk_label_new (_("No collections yet"));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (self->checks), label);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FsCollection) collection = g_list_model_get_item (collections, i);
      const char *name = fs_collection_get_name (collection);
      GtkWidget *check = gtk_check_button_new_with_label (name);

      g_object_set_data_full (G_OBJECT (check), "fs-name", g_strdup (name), g_free);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), all_in (self, name));
      g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
      gtk_box_append (GTK_BOX (self->checks), check);
    }

  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && gtk_widget_get_first_child (self->checks))
    gtk_widget_grab_focus (gtk_widget_get_first_child (self->checks));
}

/* A tile's asset knows its collections once its record is read. */
static void
record_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FsCollectionChooser) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!fs_library_load_record_finish (FS_LIBRARY (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (--self->pending == 0)
    fill (self);
}

static void
new_clicked_cb (FsCollectionChooser *self)
{
  g_autoptr(GPtrArray) assets = g_ptr_array_ref (self->assets);
  g_autoptr(FsCollectionsList) list = g_object_ref (self->list);

  gtk_popover_popdown (GTK_POPOVER (self));
  fs_collections_list_ask_create (list, assets);
}

static void
fs_collection_chooser_dispose (GObject *object)
{
  FsCollectionChooser *self = FS_COLLECTION_CHOOSER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->list);
  g_clear_pointer (&self->assets, g_ptr_array_unref);

  G_OBJECT_CLASS (fs_collection_chooser_parent_class)->dispose (object);
}

/* The keyboard starts on the first collection: Space checks it. */
static void
fs_collection_chooser_map (GtkWidget *widget)
{
  FsCollectionChooser *self = FS_COLLECTION_CHOOSER (widget);

  GTK_WIDGET_CLASS (fs_collection_chooser_parent_class)->map (widget);
  if (gtk_widget_get_first_child (self->checks) != NULL)
    gtk_widget_grab_focus (gtk_widget_get_first_child (self->checks));
}

static void
fs_collection_chooser_class_init (FsCollectionChooserClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = fs_collection_chooser_dispose;
  GTK_WIDGET_CLASS (klass)->map = fs_collection_chooser_map;
}

static void
fs_collection_chooser_init (FsCollectionChooser *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (_("Collections of This Image"));
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_New Collection…"));

  self->cancellable = g_cancellable_new ();
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_box_append (GTK_BOX (box), heading);
  self->checks = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_box_append (GTK_BOX (box), self->checks);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (new_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), button);
  gtk_popover_set_child (GTK_POPOVER (self), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choose Collections"),
                                  -1);
}

/**
 * fs_collection_chooser_new:
 * @list: the side list, for its library and toasts
 * @assets: (element-type FsAsset): the images, at least one
 *
 * Returns: (transfer floating): the popover, to parent and pop up
 */
GtkWidget *
fs_collection_chooser_new (FsCollectionsList *list,
                           GPtrArray         *assets)
{
  FsCollectionChooser *self;
  FsLibrary *library;

  g_return_val_if_fail (FS_IS_COLLECTIONS_LIST (list), NULL);
  g_return_val_if_fail (assets != NULL && assets->len > 0, NULL);
  library = fs_collections_list_get_library (list);
  g_return_val_if_fail (FS_IS_LIBRARY (library), NULL);

  self = g_object_new (FS_TYPE_COLLECTION_CHOOSER, NULL);
  self->list = g_object_ref (list);
  self->assets = g_ptr_array_new_full (assets->len, g_object_unref);
  for (guint i = 0; i < assets->len; i++)
    g_ptr_array_add (self->assets, g_object_ref (g_ptr_array_index (assets, i)));

  for (guint i = 0; i < assets->len; i++)
    if (fs_asset_get_collections (g_ptr_array_index (assets, i)) == NULL)
      {
        self->pending++;
        fs_library_load_record_async (library, g_ptr_array_index (assets, i), self->cancellable,
                                      record_loaded_cb, g_object_ref (self));
      }
  if (self->pending == 0)
    fill (self);

  return GTK_WIDGET (self);
}
