/* fs-collections-list.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "fs-asset-transfer.h"
#include "fs-collection-dialog.h"
#include "fs-collections-list.h"
#include "fs-ui.h"

struct _FsCollectionsList
{
  GtkWidget            parent_instance;

  GtkWidget           *box;
  GtkListBox          *list;

  FsLibrary           *library;
  FsCollection        *all_item;     /* the "All Images" row's */
  GListStore          *parts;        /* [ all_item's store, the collections ] */
  GtkFlattenListModel *model;
  char                *collection;   /* NULL: All Images */
  char                *renaming_from;
  char                *renamed_to;   /* shown, not listed yet */
  guint                selecting;
  GCancellable        *cancellable;

  GMenu               *item_menu;
  GMenu               *add_menu;
  GMenu               *remove_section;
};

G_DEFINE_FINAL_TYPE (FsCollectionsList, fs_collections_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LIBRARY,
  PROP_COLLECTION,
  N_PROPS
};

enum {
  TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
emit_toast (FsCollectionsList *self,
            AdwToast          *toast)
{
  g_signal_emit (self, signals[TOAST], 0, toast);
}

static void
toast (FsCollectionsList *self,
       const char        *message)
{
  g_autoptr(AdwToast) toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 5);
  emit_toast (self, toast);
}

static void
toast_error (FsCollectionsList *self,
             const GError      *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, error->message);
}

/* Rows -------------------------------------------------------------------------- */

static FsCollection *
row_collection (GtkListBoxRow *row)
{
  return g_object_get_data (G_OBJECT (row), "fs-collection");
}

/* NULL for All Images. */
static const char *
row_name (FsCollectionsList *self,
          GtkListBoxRow     *row)
{
  FsCollection *collection = row_collection (row);

  return collection == self->all_item ? NULL : fs_collection_get_name (collection);
}

static void
update_row_count (GtkListBoxRow *row)
{
  FsCollection *collection = row_collection (row);
  GtkWidget *count_label = g_object_get_data (G_OBJECT (row), "fs-count-label");
  guint count = fs_collection_get_count (collection);
  g_autofree char *text = g_strdup_printf ("%u", count);
  g_autofree char *description = NULL;

  /* Translators: how many images a collection holds */
  description = g_strdup_printf (ngettext ("%u image", "%u images", count), count);
  gtk_label_set_text (GTK_LABEL (count_label), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static gboolean
row_drop_cb (GtkDropTarget *target,
             const GValue  *value,
             double         x,
             double         y,
             GtkListBoxRow *row)
{
  FsCollectionsList *self =
    FS_COLLECTIONS_LIST (gtk_widget_get_ancestor (GTK_WIDGET (row), FS_TYPE_COLLECTIONS_LIST));
  g_auto(GStrv) paths = fs_asset_transfer_dup_paths (value);

  if (self == NULL || paths == NULL)
    return FALSE;

  fs_collections_list_add_paths (self, fs_collection_get_name (row_collection (row)),
                                 (const char * const *) paths);
  return TRUE;
}

static GMenuModel *
row_menu_new (const char *name)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenuItem) rename = g_menu_item_new (_("_Rename…"), NULL);
  g_autoptr(GMenuItem) delete = g_menu_item_new (_("_Delete…"), NULL);

  g_menu_item_set_action_and_target (rename, "collections.rename", "s", name);
  g_menu_item_set_action_and_target (delete, "collections.delete", "s", name);
  g_menu_append_item (menu, rename);
  g_menu_append_item (menu, delete);
  return G_MENU_MODEL (menu);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  FsCollectionsList *self = user_data;
  FsCollection *collection = item;
  gboolean all = collection == self->all_item;
  const char *name = all ? _("All Images") : fs_collection_get_name (collection);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (name);
  GtkWidget *count = gtk_label_new (NULL);

  gtk_widget_add_css_class (row, "fs-collection-row");
  gtk_box_append (GTK_BOX (box),
                  gtk_image_new_from_icon_name (all ? "view-grid-symbolic" : "folder-symbolic"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_box_append (GTK_BOX (box), count);

  g_object_set_data_full (G_OBJECT (row), "fs-collection", g_object_ref (collection),
                          g_object_unref);
  g_object_set_data (G_OBJECT (row), "fs-count-label", count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_signal_connect_object (collection, "notify::count", G_CALLBACK (update_row_count), row,
                           G_CONNECT_SWAPPED);
  update_row_count (GTK_LIST_BOX_ROW (row));

  if (!all)
    {
      g_autoptr(GMenuModel) menu = row_menu_new (name);
      GtkWidget *menu_button = gtk_menu_button_new ();
      g_autofree char *menu_label = NULL;
      GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

      gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
      gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), menu);
      gtk_widget_add_css_class (menu_button, "flat");
      gtk_widget_set_tooltip_text (menu_button, _("Rename or Delete"));
      /* Translators: the menu of the collection named %s */
      menu_label = g_strdup_printf (_("Menu of “%s”"), name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, menu_label,
                                      -1);
      gtk_box_append (GTK_BOX (box), menu_button);

      g_signal_connect (target, "drop", G_CALLBACK (row_drop_cb), row);
      gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (target));
    }

  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

/* Selection ----------------------------------------------------------------------- */

static GtkListBoxRow *
find_row (FsCollectionsList *self,
          const char        *name)
{
  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, i);

      if (row == NULL)
        return NULL;
      if (g_strcmp0 (row_name (self, row), name) == 0)
        return row;
    }
}

static void
select_current_row (FsCollectionsList *self)
{
  GtkListBoxRow *row = find_row (self, self->collection);

  self->selecting++;
  if (row != NULL)
    gtk_list_box_select_row (self->list, row);
  else
    gtk_list_box_unselect_all (self->list);
  self->selecting--;
}

static void
rebuild_item_menu (FsCollectionsList *self);

static void
set_collection_internal (FsCollectionsList *self,
                         const char        *name)
{
  if (g_strcmp0 (self->collection, name) == 0)
    return;

  g_free (self->collection);
  self->collection = g_strdup (name);
  select_current_row (self);
  rebuild_item_menu (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLLECTION]);
}

static void
row_selected_cb (FsCollectionsList *self,
                 GtkListBoxRow     *row)
{
  if (self->selecting > 0 || row == NULL)
    return;

  set_collection_internal (self, row_name (self, row));
}

/* A collection shown that is gone (deleted here or elsewhere) shows
 * All Images; one being renamed waits for its new name. */
static void
collections_changed_cb (FsCollectionsList *self)
{
  gboolean listed = self->collection == NULL || find_row (self, self->collection) != NULL;

  if (listed)
    g_clear_pointer (&self->renamed_to, g_free);

  if (!listed && g_strcmp0 (self->renaming_from, self->collection) != 0 &&
      g_strcmp0 (self->renamed_to, self->collection) != 0)
    set_collection_internal (self, NULL);
  else
    select_current_row (self);

  rebuild_item_menu (self);
}

static void
library_items_changed_cb (FsCollectionsList *self)
{
  fs_collection_set_count (self->all_item,
                           g_list_model_get_n_items (G_LIST_MODEL (self->library)));
}

/* The tiles' menu ------------------------------------------------------------------- */

static void
rebuild_item_menu (FsCollectionsList *self)
{
  GListModel *collections = self->library ? fs_library_get_collections (self->library) : NULL;
  guint n = collections != NULL ? g_list_model_get_n_items (collections) : 0;
  g_autoptr(GMenu) names = g_menu_new ();
  g_autoptr(GMenu) create = g_menu_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FsCollection) collection = g_list_model_get_item (collections, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (fs_collection_get_name (collection), NULL);

      g_menu_item_set_action_and_target (item, "win.add-to-collection", "s",
                                         fs_collection_get_name (collection));
      g_menu_append_item (names, item);
    }
  g_menu_append (create, _("_New Collection…"), "win.add-to-new-collection");

  g_menu_remove_all (self->add_menu);
  g_menu_append_section (self->add_menu, NULL, G_MENU_MODEL (names));
  g_menu_append_section (self->add_menu, NULL, G_MENU_MODEL (create));

  g_menu_remove_all (self->remove_section);
  if (self->collection != NULL)
    {
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *label = NULL;

      /* Translators: %s is a collection's name */
      label = g_strdup_printf (_("Remove from “%s”"), self->collection);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "win.remove-from-collection", "s",
                                         self->collection);
      g_menu_append_item (self->remove_section, item);
    }
}

static void
build_item_menu (FsCollectionsList *self)
{
  g_autoptr(GMenu) add_section = g_menu_new ();

  self->item_menu = g_menu_new ();
  self->add_menu = g_menu_new ();
  self->remove_section = g_menu_new ();
  g_menu_append_submenu (add_section, _("_Add to Collection"), G_MENU_MODEL (self->add_menu));
  g_menu_append_section (self->item_menu, NULL, G_MENU_MODEL (add_section));
  g_menu_append_section (self->item_menu, NULL, G_MENU_MODEL (self->remove_section));
  rebuild_item_menu (self);
}

/* Library operations ---------------------------------------------------------------- */

typedef struct
{
  FsCollectionsList *self;
  char              *name;
  char              *new_name;
  GPtrArray         *assets;
} Operation;

static Operation *
operation_new (FsCollectionsList *self,
               const char        *name,
               GPtrArray         *assets)
{
  Operation *op = g_new0 (Operation, 1);

  op->self = g_object_ref (self);
  op->name = g_strdup (name);
  op->assets = assets != NULL ? g_ptr_array_ref (assets) : NULL;
  return op;
}

static void
operation_free (Operation *op)
{
  g_object_unref (op->self);
  g_free (op->name);
  g_free (op->new_name);
  g_clear_pointer (&op->assets, g_ptr_array_unref);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Operation, operation_free)

static void
operation_closure_free (gpointer  data,
                        GClosure *closure)
{
  operation_free (data);
}

/* Images put in (@removing FALSE) or taken out: said in a toast. */
static void
membership_changed (Operation    *op,
                    gboolean      ok,
                    const GError *error,
                    gboolean      removing)
{
  g_autofree char *message = NULL;
  guint n = op->assets->len;

  if (!ok)
    {
      toast_error (op->self, error);
      return;
    }

  if (removing)
    /* Translators: the number of images, then a collection's name */
    message = g_strdup_printf (ngettext ("Took %u image out of “%s”",
                                         "Took %u images out of “%s”", n),
                               n, op->name);
  else
    /* Translators: the number of images, then a collection's name */
    message = g_strdup_printf (ngettext ("Added %u image to “%s”", "Added %u images to “%s”", n),
                               n, op->name);
  toast (op->self, message);
}

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Operation) op = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = fs_library_add_to_collection_finish (FS_LIBRARY (source), result, &error);

  membership_changed (op, ok, error, FALSE);
}

static void
removed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Operation) op = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = fs_library_remove_from_collection_finish (FS_LIBRARY (source), result, &error);

  membership_changed (op, ok, error, TRUE);
}

/**
 * fs_collections_list_add:
 * @assets: (element-type FsAsset): the images
 */
void
fs_collections_list_add (FsCollectionsList *self,
                         const char        *name,
                         GPtrArray         *assets)
{
  g_return_if_fail (FS_IS_COLLECTIONS_LIST (self));
  g_return_if_fail (name != NULL);

  if (self->library != NULL && assets != NULL && assets->len > 0)
    fs_library_add_to_collection_async (self->library, assets, name, self->cancellable, added_cb,
                                        operation_new (self, name, assets));
}

/**
 * fs_collections_list_remove:
 * @assets: (element-type FsAsset): the images
 */
void
fs_collections_list_remove (FsCollectionsList *self,
                            const char        *name,
                            GPtrArray         *assets)
{
  g_return_if_fail (FS_IS_COLLECTIONS_LIST (self));
  g_return_if_fail (name != NULL);

  if (self->library != NULL && assets != NULL && assets->len > 0)
    fs_library_remove_from_collection_async (self->library, assets, name, self->cancellable,
                                             removed_cb, operation_new (self, name, assets));
}

static void
resolved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Operation) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) assets = NULL;

  assets = fs_library_resolve_finish (FS_LIBRARY (source), result, &error);
  if (assets == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (op->self, _("Only images of the gallery can go into a collection"));
      return;
    }

  fs_collections_list_add (op->self, op->name, assets);
}

void
fs_collections_list_add_paths (FsCollectionsList  *self,
                               const char         *name,
                               const char * const *paths)
{
  g_return_if_fail (FS_IS_COLLECTIONS_LIST (self));
  g_return_if_fail (name != NULL);

  if (self->library == NULL || paths == NULL || paths[0] == NULL)
    return;

  fs_library_resolve_async (self->library, paths, self->cancellable, resolved_cb,
                            operation_new (self, name, NULL));
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Operation) op = user_data;
  g_autoptr(GError) error = NULL;

  if (!fs_library_create_collection_finish (FS_LIBRARY (source), result, &error))
    {
      toast_error (op->self, error);
      return;
    }

  if (op->assets != NULL)
    fs_collections_list_add (op->self, op->name, op->assets);
}

/**
 * fs_collections_list_create:
 * @assets: (nullable) (element-type FsAsset): images to put into it
 */
void
fs_collections_list_create (FsCollectionsList *self,
                            const char        *name,
                            GPtrArray         *assets)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *checked = NULL;

  g_return_if_fail (FS_IS_COLLECTIONS_LIST (self));
  g_return_if_fail (name != NULL);

  if (self->library == NULL)
    return;

  /* Said at once, and the same name is what the images go into. */
  checked = fs_collection_check_name (name, &error);
  if (checked == NULL)
    {
      toast (self, error->message);
      return;
    }

  fs_library_create_collection_async (self->library, checked, self->cancellable, created_cb,
                                      operation_new (self, checked, assets));
}

static void
renamed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Operation) op = user_data;
  g_autoptr(GError) error = NULL;
  FsCollectionsList *self = op->self;
  gboolean ok = fs_library_rename_collection_finish (FS_LIBRARY (source), result, &error);

  if (g_strcmp0 (self->renaming_from, op->name) == 0)
    g_clear_pointer (&self->renaming_from, g_free);

  if (!ok)
    toast_error (self, error);
  else if (g_strcmp0 (self->collection, op->name) == 0)
    {
      g_free (self->renamed_to);
      self->renamed_to = g_strdup (op->new_name);
      set_collection_internal (self, op->new_name);
    }

  collections_changed_cb (self);
}

void
fs_collections_list_rename (FsCollectionsList *self,
                            const char        *old_name,
                            const char        *new_name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *checked = NULL;
  Operation *op;

  g_return_if_fail (FS_IS_COLLECTIONS_LIST (self));
  g_return_if_fail (old_name != NULL && new_name != NULL);

  if (self->library == NULL)
    return;

  checked = fs_collection_check_name (new_name, &error);
  if (checked == NULL)
    {
      toast (self, error->message);
      return;
    }
  if (g_str_equal (checked, old_name))
    return;

  op = operation_new (self, old_name, NULL);
  op->new_name = g_steal_pointer (&checked);
  g_free (self->renaming_from);
  self->renaming_from = g_strdup (old_name);
  fs_library_rename_collection_async (self->library, old_name, op->new_name, self->cancellable,
                                      renamed_cb, op);
}

/* Deleting and its Undo --------------------------------------------------------- */

/* What a deletion's Undo gives back: the images that were in the
 * collection, under its name (fs_library_delete_collection_finish()). */
typedef struct
{
  GWeakRef   list;
  FsLibrary *library;
  char      *name;
  GPtrArray *members;   /* FsAsset */
} Deleted;

static void
deleted_free (Deleted *deleted)
{
  g_weak_ref_clear (&deleted->list);
  g_object_unref (deleted->library);
  g_free (deleted->name);
  g_ptr_array_unref (deleted->members);
  g_free (deleted);
}

static void
undone_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FsCollectionsList) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!fs_library_add_to_collection_finish (FS_LIBRARY (source), result, &error))
    toast_error (self, error);
}

/* Adding to a collection makes it when missing, so the collection comes
 * back, with the same members in their sidecars and the index. */
static void
undo_delete_cb (AdwToast *toast,
                Deleted  *deleted)
{
  g_autoptr(FsCollectionsList) self = g_weak_ref_get (&deleted->list);

  if (self == NULL || self->library != deleted->library)
    return;

  fs_library_add_to_collection_async (deleted->library, deleted->members, deleted->name,
                                      self->cancellable, undone_cb, g_object_ref (self));
}

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Operation) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(AdwToast) toast = NULL;
  g_autofree char *message = NULL;
  Deleted *deleted;

  if (!fs_library_delete_collection_finish (FS_LIBRARY (source), result, &members, &error))
    {
      toast_error (op->self, error);
      return;
    }

  /* Translators: %s is a collection's name; Undo follows */
  message = g_strdup_printf (_("“%s” is deleted; its images stay in the gallery"), op->name);
  toast = adw_toast_new (message);
  /* No mnemonic: GTK 4.8 would read "_Undo" out as the name. */
  adw_toast_set_button_label (toast, _("Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);

  deleted = g_new0 (Deleted, 1);
  g_weak_ref_init (&deleted->list, op->self);
  deleted->library = g_object_ref (FS_LIBRARY (source));
  deleted->name = g_strdup (op->name);
  deleted->members = g_steal_pointer (&members);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_delete_cb), deleted,
                         (GClosureNotify) (void (*) (void)) deleted_free, 0);
  emit_toast (op->self, toast);
}

void
fs_collections_list_delete (FsCollectionsList *self,
                            const char        *name)
{
  g_return_if_fail (FS_IS_COLLECTIONS_LIST (self));
  g_return_if_fail (name != NULL);

  if (self->library != NULL)
    fs_library_delete_collection_async (self->library, name, self->cancellable, deleted_cb,
                                        operation_new (self, name, NULL));
}

/* Dialogs ------------------------------------------------------------------------ */

static GtkWindow *
parent_window (FsCollectionsList *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
create_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    Operation        *op)
{
  if (g_str_equal (response, "accept"))
    fs_collections_list_create (op->self, fs_collection_dialog_get_name (GTK_WIDGET (dialog)),
                                op->assets);
}

static void
rename_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    Operation        *op)
{
  if (g_str_equal (response, "accept"))
    fs_collections_list_rename (op->self, op->name,
                                fs_collection_dialog_get_name (GTK_WIDGET (dialog)));
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    Operation        *op)
{
  if (g_str_equal (response, "delete"))
    fs_collections_list_delete (op->self, op->name);
}

static void
present_dialog (GtkWidget *dialog,
                GCallback  response_cb,
                Operation *op)
{
  g_signal_connect_data (dialog, "response", response_cb, op, operation_closure_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * fs_collections_list_ask_create:
 * @assets: (nullable) (element-type FsAsset): images to put into it
 */
void
fs_collections_list_ask_create (FsCollectionsList *self,
                                GPtrArray         *assets)
{
  g_return_if_fail (FS_IS_COLLECTIONS_LIST (self));

  present_dialog (fs_collection_dialog_new (parent_window (self), _("New Collection"),
                                            _("C_reate"), NULL),
                  G_CALLBACK (create_response_cb), operation_new (self, NULL, assets));
}

void
fs_collections_list_ask_rename (FsCollectionsList *self,
                                const char        *name)
{
  g_return_if_fail (FS_IS_COLLECTIONS_LIST (self));
  g_return_if_fail (name != NULL);

  present_dialog (fs_collection_dialog_new (parent_window (self), _("Rename Collection"),
                                            _("_Rename"), name),
                  G_CALLBACK (rename_response_cb), operation_new (self, name, NULL));
}

void
fs_collections_list_ask_delete (FsCollectionsList *self,
                                const char        *name)
{
  g_autofree char *heading = NULL;

  g_return_if_fail (FS_IS_COLLECTIONS_LIST (self));
  g_return_if_fail (name != NULL);

  /* Translators: %s is a collection's name */
  heading = g_strdup_printf (_("Delete “%s”?"), name);
  present_dialog (fs_ui_delete_dialog_new (parent_window (self), heading,
                                           _("The collection goes; its images stay in the "
                                             "gallery and in other collections.")),
                  G_CALLBACK (delete_response_cb), operation_new (self, name, NULL));
}

/* Actions ----------------------------------------------------------------------------- */

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  fs_collections_list_ask_create (FS_COLLECTIONS_LIST (widget), NULL);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  fs_collections_list_ask_rename (FS_COLLECTIONS_LIST (widget),
                                  g_variant_get_string (parameter, NULL));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  fs_collections_list_ask_delete (FS_COLLECTIONS_LIST (widget),
                                  g_variant_get_string (parameter, NULL));
}

/* F2 and Delete act on the selected row, when it is a collection. */
static gboolean
selected_key_cb (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  FsCollectionsList *self = FS_COLLECTIONS_LIST (widget);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);
  const char *name = row != NULL ? row_name (self, row) : NULL;

  if (name == NULL)
    return FALSE;

  if (g_str_equal (g_variant_get_string (args, NULL), "rename"))
    fs_collections_list_ask_rename (self, name);
  else
    fs_collections_list_ask_delete (self, name);
  return TRUE;
}

/* GObject -------------------------------------------------------------------------------- */

static void
fs_collections_list_dispose (GObject *object)
{
  FsCollectionsList *self = FS_COLLECTIONS_LIST (object);

  g_cancellable_cancel (self->cancellable);
  fs_collections_list_set_library (self, NULL);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->model);
  g_clear_object (&self->parts);
  g_clear_object (&self->all_item);
  g_clear_object (&self->item_menu);
  g_clear_object (&self->add_menu);
  g_clear_object (&self->remove_section);

  G_OBJECT_CLASS (fs_collections_list_parent_class)->dispose (object);
}

static void
fs_collections_list_finalize (GObject *object)
{
  FsCollectionsList *self = FS_COLLECTIONS_LIST (object);

  g_free (self->collection);
  g_free (self->renaming_from);
  g_free (self->renamed_to);

  G_OBJECT_CLASS (fs_collections_list_parent_class)->finalize (object);
}

static void
fs_collections_list_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FsCollectionsList *self = FS_COLLECTIONS_LIST (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;

    case PROP_COLLECTION:
      g_value_set_string (value, self->collection);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_collections_list_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  FsCollectionsList *self = FS_COLLECTIONS_LIST (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      fs_collections_list_set_library (self, g_value_get_object (value));
      break;

    case PROP_COLLECTION:
      fs_collections_list_set_collection (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_collections_list_class_init (FsCollectionsListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_collections_list_dispose;
  object_class->finalize = fs_collections_list_finalize;
  object_class->get_property = fs_collections_list_get_property;
  object_class->set_property = fs_collections_list_set_property;

  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL, FS_TYPE_LIBRARY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLLECTION] =
    g_param_spec_string ("collection", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FsCollectionsList::toast:
   * @self: the list
   * @toast: an #AdwToast for the window to show (a deletion's has Undo)
   */
  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/fs-collections-list.ui");
  gtk_widget_class_bind_template_child (widget_class, FsCollectionsList, box);
  gtk_widget_class_bind_template_child (widget_class, FsCollectionsList, list);

  gtk_widget_class_install_action (widget_class, "collections.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "collections.rename", "s", rename_action);
  gtk_widget_class_install_action (widget_class, "collections.delete", "s", delete_action);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F2, 0, selected_key_cb, "s", "rename");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Delete, 0, selected_key_cb, "s", "delete");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Delete, 0, selected_key_cb, "s",
                                "delete");

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fs-collections-list");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fs_collections_list_init (FsCollectionsList *self)
{
  g_autoptr(GListStore) heads = g_list_store_new (FS_TYPE_COLLECTION);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Collections"),
                                  -1);

  self->cancellable = g_cancellable_new ();
  self->all_item = fs_collection_new ("", 0);
  g_list_store_append (heads, self->all_item);
  self->parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_list_store_append (self->parts, heads);
  self->model = gtk_flatten_list_model_new (g_object_ref (G_LIST_MODEL (self->parts)));
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->model), create_row_cb, self, NULL);
  g_signal_connect_swapped (self->list, "row-selected", G_CALLBACK (row_selected_cb), self);
  g_signal_connect_swapped (self->model, "items-changed", G_CALLBACK (collections_changed_cb),
                            self);
  build_item_menu (self);
  select_current_row (self);
}

/* Public API ----------------------------------------------------------------------------- */

GtkWidget *
fs_collections_list_new (void)
{
  return g_object_new (FS_TYPE_COLLECTIONS_LIST, NULL);
}

void
fs_collections_list_set_library (FsCollectionsList *self,
                                 FsLibrary         *library)
{
  g_return_if_fail (FS_IS_COLLECTIONS_LIST (self));
  g_return_if_fail (library == NULL || FS_IS_LIBRARY (library));

  if (self->library == library)
    return;

  if (self->library != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->library, self);
      g_list_store_splice (self->parts, 1, g_list_model_get_n_items (G_LIST_MODEL (self->parts)) - 1,
                           NULL, 0);
    }
  g_set_object (&self->library, library);
  if (library != NULL)
    {
      g_signal_connect_swapped (library, "items-changed", G_CALLBACK (library_items_changed_cb),
                                self);
      g_list_store_append (self->parts, fs_library_get_collections (library));
      library_items_changed_cb (self);
    }

  if (self->item_menu != NULL)
    rebuild_item_menu (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIBRARY]);
}

FsLibrary *
fs_collections_list_get_library (FsCollectionsList *self)
{
  g_return_val_if_fail (FS_IS_COLLECTIONS_LIST (self), NULL);

  return self->library;
}

/**
 * fs_collections_list_get_collection:
 *
 * Returns: (nullable): the name of the collection shown, NULL for All
 *   Images
 */
const char *
fs_collections_list_get_collection (FsCollectionsList *self)
{
  g_return_val_if_fail (FS_IS_COLLECTIONS_LIST (self), NULL);

  return self->collection;
}

void
fs_collections_list_set_collection (FsCollectionsList *self,
                                    const char        *name)
{
  g_return_if_fail (FS_IS_COLLECTIONS_LIST (self));

  set_collection_internal (self, name);
}

GMenuModel *
fs_collections_list_get_item_menu (FsCollectionsList *self)
{
  g_return_val_if_fail (FS_IS_COLLECTIONS_LIST (self), NULL);

  return G_MENU_MODEL (self->item_menu);
}
