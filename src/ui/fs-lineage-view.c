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
#include "fs-lineage-view.h"

struct _FsLineageView
{
  GtkWidget   parent_instance;

  GtkWidget  *parent_group;
  GtkWidget  *edits_group;
  GPtrArray  *rows;        /* rows of both groups, to remove them again */

  GListModel *images;
  FsAsset    *asset;
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

/* The parent, whether or not the gallery still has it; then the edits. */
static void
update (FsLineageView *self)
{
  const char *parent_sha256;
  g_autoptr(FsAsset) parent = NULL;
  g_autoptr(GPtrArray) edits = NULL;

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
      if (self->images != NULL)
        parent = fs_asset_find_parent (self->asset, self->images);

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

  if (self->images != NULL)
    edits = fs_asset_find_edits (self->asset, self->images);
  for (guint i = 0; edits != NULL && i < edits->len; i++)
    add_row (self, self->edits_group, asset_row_new (self, FALSE, g_ptr_array_index (edits, i)));
  gtk_widget_set_visible (self->edits_group, edits != NULL && edits->len > 0);

  gtk_widget_set_visible (GTK_WIDGET (self),
                          parent_sha256 != NULL || (edits != NULL && edits->len > 0));
}

static void
images_changed_cb (FsLineageView *self)
{
  update (self);
}

static void
fs_lineage_view_dispose (GObject *object)
{
  FsLineageView *self = FS_LINEAGE_VIEW (object);
  GtkWidget *child;

  if (self->images != NULL)
    g_signal_handlers_disconnect_by_data (self->images, self);
  g_clear_object (&self->images);
  g_clear_object (&self->asset);
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
fs_lineage_view_set_images (FsLineageView *self,
                            GListModel    *images)
{
  g_return_if_fail (FS_IS_LINEAGE_VIEW (self));
  g_return_if_fail (images == NULL || G_IS_LIST_MODEL (images));

  if (self->images != NULL)
    g_signal_handlers_disconnect_by_data (self->images, self);
  g_set_object (&self->images, images);
  if (images != NULL)
    g_signal_connect_swapped (images, "items-changed", G_CALLBACK (images_changed_cb), self);
  update (self);
}

void
fs_lineage_view_set_asset (FsLineageView *self,
                           FsAsset       *asset)
{
  g_return_if_fail (FS_IS_LINEAGE_VIEW (self));
  g_return_if_fail (asset == NULL || FS_IS_ASSET (asset));

  g_set_object (&self->asset, asset);
  update (self);
}
