/* fs-gallery-selection.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-asset-marks.h"
#include "fs-export-dialog.h"
#include "fs-gallery-private.h"

/* What is done to the gallery's selected images: rated with 0–5 and
 * starred with F (the keys of Shotwell's and darktable's thumbnails; F
 * for "favourite", as neither has one key for it), exported, moved to
 * the Trash with an Undo that brings the files back. */

void
_fs_gallery_emit_toast (FsGallery *self,
                        AdwToast  *toast)
{
  g_signal_emit_by_name (self, "toast", toast);
}

void
_fs_gallery_toast_text (FsGallery  *self,
                        const char *message)
{
  g_autoptr(AdwToast) toast = adw_toast_new (message);

  _fs_gallery_emit_toast (self, toast);
}

void
_fs_gallery_selection_changed (FsGallery *self)
{
  g_autoptr(GPtrArray) assets = fs_gallery_dup_selection (self);

  fs_selection_bar_set_assets (self->selection_bar, assets);
  gtk_revealer_set_reveal_child (self->selection_revealer, assets->len > 0);
}

static void
rate_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FsGallery *self = FS_GALLERY (widget);
  g_autoptr(GPtrArray) assets = fs_gallery_dup_selection (self);
  guint rating = g_variant_get_uint32 (parameter);

  if (rating <= FS_ASSET_MAX_RATING)
    fs_asset_marks_apply_rating (self->library, assets, rating, self->cancellable,
                                 (FsMarksToastFunc) _fs_gallery_toast_text, G_OBJECT (self));
}

static void
toggle_favourite_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  FsGallery *self = FS_GALLERY (widget);
  g_autoptr(GPtrArray) assets = fs_gallery_dup_selection (self);

  /* All starred when one is not, as Shotwell flags a mixed selection. */
  fs_asset_marks_apply_favourite (self->library, assets, !fs_asset_marks_all_favourite (assets),
                                  self->cancellable, (FsMarksToastFunc) _fs_gallery_toast_text,
                                  G_OBJECT (self));
}

static void
trash_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  _fs_gallery_trash (FS_GALLERY (widget));
}

/* Move to Trash and Undo ---------------------------------------------------------- */

typedef struct
{
  GWeakRef   gallery;
  FsLibrary *library;
  GPtrArray *trashed;   /* FsAsset */
  GString   *errors;
  guint      pending;
} Trashing;

static void
trashing_free (Trashing *trashing)
{
  g_weak_ref_clear (&trashing->gallery);
  g_object_unref (trashing->library);
  g_ptr_array_unref (trashing->trashed);
  g_string_free (trashing->errors, TRUE);
  g_free (trashing);
}

static void
restored_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FsGallery) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!fs_library_restore_finish (FS_LIBRARY (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _fs_gallery_toast_text (self, error->message);
}

static void
undo_cb (AdwToast  *toast,
         Trashing  *trashing)
{
  g_autoptr(FsGallery) self = g_weak_ref_get (&trashing->gallery);

  if (self == NULL)
    return;

  fs_library_restore_async (trashing->library, trashing->trashed, NULL, restored_cb,
                            g_object_ref (self));
}

static void
trashing_done (Trashing *trashing)
{
  g_autoptr(FsGallery) self = g_weak_ref_get (&trashing->gallery);
  g_autoptr(AdwToast) toast = NULL;
  g_autofree char *title = NULL;
  guint n = trashing->trashed->len;

  if (self == NULL)
    {
      trashing_free (trashing);
      return;
    }

  if (trashing->errors->len > 0)
    _fs_gallery_toast_text (self, trashing->errors->str);
  if (n == 0)
    {
      trashing_free (trashing);
      return;
    }

  /* Translators: a toast after images were deleted; Undo follows */
  title = g_strdup_printf (ngettext ("%u image moved to the Trash",
                                     "%u images moved to the Trash", n), n);
  toast = adw_toast_new (title);
  /* No mnemonic: GTK 4.8 would read "_Undo" out as the name. */
  adw_toast_set_button_label (toast, _("Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_cb), trashing,
                         (GClosureNotify) (void (*) (void)) trashing_free, 0);
  _fs_gallery_emit_toast (self, toast);
}

typedef struct
{
  Trashing *trashing;
  FsAsset  *asset;
} OneDeletion;

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  OneDeletion *one = user_data;
  Trashing *trashing = one->trashing;
  g_autoptr(GError) error = NULL;

  if (fs_library_delete_finish (FS_LIBRARY (source), result, &error))
    g_ptr_array_add (trashing->trashed, g_steal_pointer (&one->asset));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_string_append_printf (trashing->errors, "%s%s", trashing->errors->len > 0 ? "\n" : "",
                            error->message);

  g_clear_object (&one->asset);
  g_free (one);
  if (--trashing->pending == 0)
    trashing_done (trashing);
}

/* No question first: the toast's Undo brings the files back from the
 * Trash (GNOME's pattern for a deletion that can be undone). */
void
_fs_gallery_trash (FsGallery *self)
{
  g_autoptr(GPtrArray) assets = fs_gallery_dup_selection (self);
  Trashing *trashing;

  if (assets->len == 0)
    return;

  trashing = g_new0 (Trashing, 1);
  g_weak_ref_init (&trashing->gallery, self);
  trashing->library = g_object_ref (self->library);
  trashing->trashed = g_ptr_array_new_with_free_func (g_object_unref);
  trashing->errors = g_string_new (NULL);
  trashing->pending = assets->len;

  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  for (guint i = 0; i < assets->len; i++)
    {
      OneDeletion *one = g_new0 (OneDeletion, 1);

      one->trashing = trashing;
      one->asset = g_object_ref (g_ptr_array_index (assets, i));
      fs_library_delete_async (self->library, one->asset, NULL, deleted_cb, one);
    }
}

/* Export ----------------------------------------------------------------------------- */

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FsGallery) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = fs_export_dialog_run_finish (result, &error);

  if (message != NULL)
    _fs_gallery_toast_text (self, message);
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _fs_gallery_toast_text (self, error->message);
}

void
_fs_gallery_export (FsGallery *self)
{
  g_autoptr(GPtrArray) assets = fs_gallery_dup_selection (self);

  if (assets->len > 0)
    fs_export_dialog_run_async (GTK_WIDGET (self), assets, self->cancellable, exported_cb,
                                g_object_ref (self));
}

void
_fs_gallery_class_install_selection (GtkWidgetClass *widget_class)
{
  static const guint digits[] = { GDK_KEY_0, GDK_KEY_1, GDK_KEY_2, GDK_KEY_3, GDK_KEY_4,
                                  GDK_KEY_5 };
  static const guint keypad[] = { GDK_KEY_KP_0, GDK_KEY_KP_1, GDK_KEY_KP_2, GDK_KEY_KP_3,
                                  GDK_KEY_KP_4, GDK_KEY_KP_5 };

  gtk_widget_class_install_action (widget_class, "gallery.rate", "u", rate_action);
  gtk_widget_class_install_action (widget_class, "gallery.toggle-favourite", NULL,
                                   toggle_favourite_action);
  gtk_widget_class_install_action (widget_class, "gallery.trash", NULL, trash_action);

  /* Widget bindings run after the focused widget: a digit typed in the
   * search entry is text, not a rating. */
  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    {
      gtk_widget_class_add_binding_action (widget_class, digits[i], 0, "gallery.rate", "u", i);
      gtk_widget_class_add_binding_action (widget_class, keypad[i], 0, "gallery.rate", "u", i);
    }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, 0,
                                       "gallery.toggle-favourite", NULL);
}
