/* fs-lineage-view.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fs-asset-lineage.h"
#include "fs-library.h"
#include "fs-lineage-view.h"

struct _FsLineageView
{
  GtkWidget   parent_instance;

  GtkWidget  *parent_group;
  GtkWidget  *edits_group;
  GPtrArray  *rows;        /* rows of both groups, to remove them again */

  FsLibrary    *library;
  FsAsset      *asset;
  GPtrArray    *edits;        /* FsAsset, the last the library found */
  GCancellable *cancellable;  /* the edits being looked for */
};

G_DEFINE_FINAL_TYPE (FsLineageView, fs_lineage_view, GTK_TYPE_WIDGET)

enum {
  ASSET_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
row_activated_cb (AdwActionRow  *row,
                  FsLineageView *self)
{
  FsAsset *asset = g_object_get_data (G_OBJECT (row), "fs-asset");

  if (asset != NULL)
    g_signal_emit (self, signals[ASSET_ACTIVATED], 0, asset);
}

static char *
file_name (const char *path)
{
  return path != NULL ? g_path_get_basename (path) : g_strdup (_("Unknown file"));
}

/* The row of the parent, or of an edit. */
static GtkWidget *
asset_row_new (FsLineageView *self,
               gboolean       parent,
               FsAsset       *asset)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *name = file_name (fs_asset_get_path (asset));
  g_autofree char *label = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 parent ? _("Edited from") : _("Edited as"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), name);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "fs-asset", g_object_ref (asset), g_object_unref);
  g_signal_connect (row, "activated", G_CALLBACK (row_activated_cb), self);
  if (parent)
    /* Translators: %s is the file name of the image an edit came from */
    label = g_strdup_printf (_("Edited from %s"), name);
  else
    /* Translators: %s is the file name of an image edited from this one */
    label = g_strdup_printf (_("Edited as %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return row;
}

static void
add_row (FsLineageView *self,
         GtkWidget     *group,
         GtkWidget     *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_ptr_array_add (self->rows, row);
}

static void
clear_rows (FsLineageView *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

/* The parent, whether or not the gallery still has it (a light asset
 * says nothing of it until its record is loaded); then the edits the
 * library found. */
static void
update (FsLineageView *self)
{
  const char *parent_sha256;
  g_autoptr(FsAsset) parent = NULL;
  guint n_edits = self->edits != NULL ? self->edits->len : 0;

  clear_rows (self);
  gtk_widget_set_visible (self->parent_group, FALSE);
  gtk_widget_set_visible (self->edits_group, FALSE);
  if (self->asset == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }

  parent_sha256 = fs_asset_get_parent_sha256 (self->asset);
  if (parent_sha256 != NULL)
    {
      if (self->library != NULL)
        parent = fs_asset_find_parent (self->asset, G_LIST_MODEL (self->library));

      if (parent != NULL)
        add_row (self, self->parent_group, asset_row_new (self, TRUE, parent));
      else
        {
          GtkWidget *row = adw_action_row_new ();
          g_autofree char *name = file_name (fs_asset_get_parent_path (self->asset));
          g_autofree char *label = NULL;

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Edited from"));
          /* Translators: the image an edit was made from is not in the gallery */
          label = g_strdup_printf (_("%s (not in the gallery)"), name);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), label);
          g_clear_pointer (&label, g_free);
          label = g_strdup_printf (_("Edited from %s"), name);
          gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          label, -1);
          add_row (self, self->parent_group, row);
        }
      gtk_widget_set_visible (self->parent_group, TRUE);
    }

  for (guint i = 0; i < n_edits; i++)
    add_row (self, self->edits_group, asset_row_new (self, FALSE, g_ptr_array_index (self->edits, i)));
  gtk_widget_set_visible (self->edits_group, n_edits > 0);

  gtk_widget_set_visible (GTK_WIDGET (self), parent_sha256 != NULL || n_edits > 0);
}

static void
edits_found_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) edits = fs_library_query_finish (FS_LIBRARY (object), result, &error);
  FsLineageView *self;

  if (edits == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not look for the edits of an image: %s", error->message);
      return;
    }

  self = FS_LINEAGE_VIEW (user_data);
  g_clear_pointer (&self->edits, g_ptr_array_unref);
  self->edits = g_steal_pointer (&edits);
  update (self);
}

/* The edits are looked for in the index, in a worker, whenever the image
 * or the gallery changes; the last search wins. */
static void
find_edits (FsLineageView *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->library == NULL || self->asset == NULL || fs_asset_get_sha256 (self->asset) == NULL)
    {
      g_clear_pointer (&self->edits, g_ptr_array_unref);
      update (self);
      return;
    }

  self->cancellable = g_cancellable_new ();
  /* The view outlives no search: dispose cancels it, and a cancelled
   * search returns before touching the view. */
  fs_library_find_edits_async (self->library, fs_asset_get_sha256 (self->asset),
                               self->cancellable, edits_found_cb, self);
}

static void
images_changed_cb (FsLineageView *self)
{
  find_edits (self);
}

static void
fs_lineage_view_dispose (GObject *object)
{
  FsLineageView *self = FS_LINEAGE_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->library != NULL)
    g_signal_handlers_disconnect_by_data (self->library, self);
  if (self->asset != NULL)
    g_signal_handlers_disconnect_by_data (self->asset, self);
  g_clear_object (&self->library);
  g_clear_object (&self->asset);
  g_clear_pointer (&self->edits, g_ptr_array_unref);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fs_lineage_view_parent_class)->dispose (object);
}

static void
fs_lineage_view_finalize (GObject *object)
{
  FsLineageView *self = FS_LINEAGE_VIEW (object);

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (fs_lineage_view_parent_class)->finalize (object);
}

static void
fs_lineage_view_class_init (FsLineageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_lineage_view_dispose;
  object_class->finalize = fs_lineage_view_finalize;

  signals[ASSET_ACTIVATED] =
    g_signal_new ("asset-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FS_TYPE_ASSET);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fs-lineage-view");
}

static void
fs_lineage_view_init (FsLineageView *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 18);
  self->rows = g_ptr_array_new ();

  self->parent_group = adw_preferences_group_new ();
  self->edits_group = adw_preferences_group_new ();
  /* Translators: the group listing the images edited from this one */
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->edits_group), _("Edits"));
  gtk_widget_set_parent (self->parent_group, GTK_WIDGET (self));
  gtk_widget_set_parent (self->edits_group, GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
fs_lineage_view_new (void)
{
  return g_object_new (FS_TYPE_LINEAGE_VIEW, NULL);
}

void
fs_lineage_view_set_library (FsLineageView *self,
                             FsLibrary     *library)
{
  g_return_if_fail (FS_IS_LINEAGE_VIEW (self));
  g_return_if_fail (library == NULL || FS_IS_LIBRARY (library));

  if (self->library != NULL)
    g_signal_handlers_disconnect_by_data (self->library, self);
  g_set_object (&self->library, library);
  if (library != NULL)
    g_signal_connect_swapped (library, "items-changed", G_CALLBACK (images_changed_cb), self);
  find_edits (self);
}

void
fs_lineage_view_set_asset (FsLineageView *self,
                           FsAsset       *asset)
{
  g_return_if_fail (FS_IS_LINEAGE_VIEW (self));
  g_return_if_fail (asset == NULL || FS_IS_ASSET (asset));

  if (self->asset == asset)
    return;
  if (self->asset != NULL)
    g_signal_handlers_disconnect_by_data (self->asset, self);
  g_set_object (&self->asset, asset);
  g_clear_pointer (&self->edits, g_ptr_array_unref);
  /* The parent is the record's: a light asset's comes when it is loaded. */
  if (asset != NULL)
    g_signal_connect_swapped (asset, "notify::has-record", G_CALLBACK (update), self);
  update (self);
  find_edits (self);
}
