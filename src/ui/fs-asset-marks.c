/* fs-asset-marks.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-asset-marks.h"
#include "fs-rating-widget.h"

struct _FsAssetMarks
{
  GtkWidget     parent_instance;

  GtkWidget    *favourite;
  GtkWidget    *rating;

  FsLibrary    *library;
  GPtrArray    *assets;       /* FsAsset */
  GCancellable *cancellable;
  guint         refresh_id;
  gboolean      syncing;
};

G_DEFINE_FINAL_TYPE (FsAssetMarks, fs_asset_marks, GTK_TYPE_WIDGET)

enum {
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Writing the marks, with or without a widget ---------------------------------------- */

typedef struct
{
  GWeakRef          target;
  FsMarksToastFunc  toast_cb;
  gboolean          rating;
} MarkOp;

static MarkOp *
mark_op_new (GObject          *target,
             FsMarksToastFunc  toast_cb,
             gboolean          rating)
{
  MarkOp *op = g_new0 (MarkOp, 1);

  g_weak_ref_init (&op->target, target);
  op->toast_cb = toast_cb;
  op->rating = rating;
  return op;
}

static void
mark_op_free (MarkOp *op)
{
  g_weak_ref_clear (&op->target);
  g_free (op);
}

static void
marked_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  MarkOp *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) target = g_weak_ref_get (&op->target);
  gboolean done;

  if (op->rating)
    done = fs_library_set_rating_finish (FS_LIBRARY (source), result, &error);
  else
    done = fs_library_set_favourite_finish (FS_LIBRARY (source), result, &error);

  if (!done && target != NULL && op->toast_cb != NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    op->toast_cb (target, error->message);

  mark_op_free (op);
}

void
fs_asset_marks_apply_rating (FsLibrary        *library,
                             GPtrArray        *assets,
                             guint             rating,
                             GCancellable     *cancellable,
                             FsMarksToastFunc  toast_cb,
                             GObject          *toast_target)
{
  g_return_if_fail (FS_IS_LIBRARY (library));
  g_return_if_fail (rating <= FS_ASSET_MAX_RATING);

  if (assets == NULL || assets->len == 0)
    return;

  fs_library_set_rating_async (library, assets, rating, cancellable, marked_cb,
                               mark_op_new (toast_target, toast_cb, TRUE));
}

void
fs_asset_marks_apply_favourite (FsLibrary        *library,
                                GPtrArray        *assets,
                                gboolean          favourite,
                                GCancellable     *cancellable,
                                FsMarksToastFunc  toast_cb,
                                GObject          *toast_target)
{
  g_return_if_fail (FS_IS_LIBRARY (library));

  if (assets == NULL || assets->len == 0)
    return;

  fs_library_set_favourite_async (library, assets, favourite, cancellable, marked_cb,
                                  mark_op_new (toast_target, toast_cb, FALSE));
}

gboolean
fs_asset_marks_all_favourite (GPtrArray *assets)
{
  if (assets == NULL || assets->len == 0)
    return FALSE;

  for (guint i = 0; i < assets->len; i++)
    if (!fs_asset_get_favourite (g_ptr_array_index (assets, i)))
      return FALSE;

  return TRUE;
}

/* The widget --------------------------------------------------------------------------- */

static void
toast_cb (gpointer    target,
          const char *message)
{
  /* Translators: a mark (favourite, rating) could not be written; the
   * reason follows */
  g_autofree char *text = g_strdup_printf (_("The mark was not saved: %s"), message);

  g_signal_emit (target, signals[TOAST], 0, text);
}

/* The rating they share, or 0 when they differ. */
static guint
shared_rating (GPtrArray *assets)
{
  guint rating;

  if (assets == NULL || assets->len == 0)
    return 0;

  rating = fs_asset_get_rating (g_ptr_array_index (assets, 0));
  for (guint i = 1; i < assets->len; i++)
    if (fs_asset_get_rating (g_ptr_array_index (assets, i)) != rating)
      return 0;

  return rating;
}

static void
refresh (FsAssetMarks *self)
{
  gboolean any = self->assets != NULL && self->assets->len > 0;

  self->syncing = TRUE;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->favourite),
                                fs_asset_marks_all_favourite (self->assets));
  fs_rating_widget_set_rating (FS_RATING_WIDGET (self->rating), shared_rating (self->assets));
  self->syncing = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self), any && self->library != NULL);
}

static gboolean
refresh_cb (gpointer user_data)
{
  FsAssetMarks *self = user_data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

/* Marks change on the main thread, one notify per image: a selection of
 * thousands is looked at once when they are done. */
static void
asset_changed_cb (FsAssetMarks *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_cb, self);
}

static void
disconnect_assets (FsAssetMarks *self)
{
  for (guint i = 0; self->assets != NULL && i < self->assets->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->assets, i),
                                          asset_changed_cb, self);
  g_clear_pointer (&self->assets, g_ptr_array_unref);
}

static void
favourite_toggled_cb (FsAssetMarks    *self,
                      GtkToggleButton *button)
{
  if (self->syncing)
    return;

  if (self->assets == NULL || self->assets->len == 0 || self->library == NULL)
    return;

  fs_asset_marks_apply_favourite (self->library, self->assets,
                                  gtk_toggle_button_get_active (button), self->cancellable,
                                  toast_cb, G_OBJECT (self));
}

static void
rate_cb (FsAssetMarks   *self,
         guint           rating,
         FsRatingWidget *widget)
{
  if (self->assets == NULL || self->assets->len == 0 || self->library == NULL)
    return;

  fs_asset_marks_apply_rating (self->library, self->assets, rating, self->cancellable,
                               toast_cb, G_OBJECT (self));
}

static void
fs_asset_marks_dispose (GObject *object)
{
  FsAssetMarks *self = FS_ASSET_MARKS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  disconnect_assets (self);
  g_clear_object (&self->library);
  g_clear_pointer (&self->favourite, gtk_widget_unparent);
  g_clear_pointer (&self->rating, gtk_widget_unparent);

  G_OBJECT_CLASS (fs_asset_marks_parent_class)->dispose (object);
}

static void
fs_asset_marks_class_init (FsAssetMarksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_asset_marks_dispose;

  /**
   * FsAssetMarks::toast:
   * @self: the widget
   * @message: why a mark was not written
   */
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fs-asset-marks");
}

static void
fs_asset_marks_init (FsAssetMarks *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  self->cancellable = g_cancellable_new ();

  self->favourite = fs_favourite_button_new (FALSE);
  g_signal_connect_swapped (self->favourite, "toggled", G_CALLBACK (favourite_toggled_cb), self);
  gtk_widget_set_parent (self->favourite, GTK_WIDGET (self));

  self->rating = fs_rating_widget_new ();
  g_signal_connect_swapped (self->rating, "rate", G_CALLBACK (rate_cb), self);
  gtk_widget_set_parent (self->rating, GTK_WIDGET (self));

  refresh (self);
}

GtkWidget *
fs_asset_marks_new (void)
{
  return g_object_new (FS_TYPE_ASSET_MARKS, NULL);
}

void
fs_asset_marks_set_library (FsAssetMarks *self,
                            FsLibrary    *library)
{
  g_return_if_fail (FS_IS_ASSET_MARKS (self));
  g_return_if_fail (library == NULL || FS_IS_LIBRARY (library));

  g_set_object (&self->library, library);
  refresh (self);
}

void
fs_asset_marks_set_assets (FsAssetMarks *self,
                           GPtrArray    *assets)
{
  g_return_if_fail (FS_IS_ASSET_MARKS (self));

  disconnect_assets (self);
  self->assets = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; assets != NULL && i < assets->len; i++)
    {
      FsAsset *asset = g_ptr_array_index (assets, i);

      g_ptr_array_add (self->assets, g_object_ref (asset));
      g_signal_connect_swapped (asset, "notify::favourite", G_CALLBACK (asset_changed_cb), self);
      g_signal_connect_swapped (asset, "notify::rating", G_CALLBACK (asset_changed_cb), self);
    }

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  refresh (self);
}

void
fs_asset_marks_set_asset (FsAssetMarks *self,
                          FsAsset      *asset)
{
  g_autoptr(GPtrArray) assets = g_ptr_array_new ();

  g_return_if_fail (FS_IS_ASSET_MARKS (self));
  g_return_if_fail (asset == NULL || FS_IS_ASSET (asset));

  if (asset != NULL)
    g_ptr_array_add (assets, asset);
  fs_asset_marks_set_assets (self, assets);
}

gboolean
fs_asset_marks_rate (FsAssetMarks *self,
                     guint         rating)
{
  g_return_val_if_fail (FS_IS_ASSET_MARKS (self), FALSE);
  g_return_val_if_fail (rating <= FS_ASSET_MAX_RATING, FALSE);

  if (self->assets == NULL || self->assets->len == 0 || self->library == NULL)
    return FALSE;

  fs_asset_marks_apply_rating (self->library, self->assets, rating, self->cancellable,
                               toast_cb, G_OBJECT (self));
  return TRUE;
}

gboolean
fs_asset_marks_toggle_favourite (FsAssetMarks *self)
{
  g_return_val_if_fail (FS_IS_ASSET_MARKS (self), FALSE);

  if (self->assets == NULL || self->assets->len == 0 || self->library == NULL)
    return FALSE;

  fs_asset_marks_apply_favourite (self->library, self->assets,
                                  !fs_asset_marks_all_favourite (self->assets),
                                  self->cancellable, toast_cb, G_OBJECT (self));
  return TRUE;
}
