/* fs-window-canvas.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-asset-lineage.h"
#include "fs-reference-store.h"
#include "fs-window-private.h"

/* The window and the canvas (docs/ARCHITECTURE.md, “Editing images”):
 * the canvas takes the reference tray's place while the chosen model
 * edits an image; the sidebar keeps the parameters, the margins among them,
 * and the two follow each other; the image goes to the panel, which
 * validates and prices it with the rest; Generate sends the canvas's mask,
 * encoded in a worker. The detail page's "Change Part of Image" and
 * "Expand Image" (win.change-part, win.expand-image) bring an image of
 * the gallery to the canvas, and Remix brings an edit's image, mask and
 * margins back. */

#define FILL_MODEL   "flux-pro-1.0-fill"
#define EXPAND_MODEL "flux-pro-1.0-expand"

static const char * const margin_names[] = { "top", "bottom", "left", "right" };

static FsModel *
current_model (FsWindow *self)
{
  const char *model_id = _fs_window_get_model_id (self);

  return self->catalog != NULL && model_id != NULL ? fs_catalog_lookup (self->catalog, model_id)
                                                    : NULL;
}

gboolean
_fs_window_canvas_active (FsWindow *self)
{
  FsModel *model = current_model (self);
  const char *provider_id = _fs_window_get_provider_id (self);

  return model != NULL && provider_id != NULL &&
         fs_model_get_image_wire (model, provider_id) != NULL;
}

/* Margins: the sidebar's fields and the canvas's edges ------------------------------- */

static gboolean
panel_margins (FsWindow  *self,
               FsMargins *margins)
{
  g_autoptr(FsRequest) request = NULL;

  if (self->panel == NULL)
    return FALSE;

  request = fs_param_panel_build_request (self->panel);
  return fs_request_get_margins (request, margins);
}

static void
panel_changed_cb (FsWindow *self)
{
  FsMargins margins;

  if (self->canvas_editor != NULL && panel_margins (self, &margins))
    fs_canvas_editor_set_margins (self->canvas_editor, &margins);
}

static void
editor_margins_changed_cb (FsWindow *self)
{
  FsMargins margins;
  guint sides[4];

  if (self->panel == NULL)
    return;

  fs_canvas_editor_get_margins (self->canvas_editor, &margins);
  sides[0] = margins.top;
  sides[1] = margins.bottom;
  sides[2] = margins.left;
  sides[3] = margins.right;
  for (guint i = 0; i < G_N_ELEMENTS (margin_names); i++)
    fs_param_panel_set_value (self->panel, margin_names[i], g_variant_new_int64 (sides[i]));
}

/* The image and the mask ------------------------------------------------------------ */

static void
editor_source_changed_cb (FsWindow *self)
{
  if (self->panel != NULL)
    fs_param_panel_set_edit_source (self->panel, fs_canvas_editor_get_source (self->canvas_editor));
  _fs_window_update_actions (self);
}

static void
editor_mask_changed_cb (FsWindow *self)
{
  _fs_window_update_actions (self);
}

static void
editor_toast_cb (FsWindow   *self,
                 const char *message)
{
  fs_window_toast (self, message);
}

/* Why Generate cannot work yet for an edit, or NULL: the panel answers
 * for the image and the parameters, the canvas for the mask. */
const char *
_fs_window_canvas_problem (FsWindow *self)
{
  FsModel *model = current_model (self);
  FsCanvas *canvas;

  if (!_fs_window_canvas_active (self) || self->canvas_editor == NULL)
    return NULL;
  if (fs_canvas_editor_get_busy (self->canvas_editor))
    return _("Loading the image…");

  canvas = fs_canvas_editor_get_canvas (self->canvas_editor);
  if (fs_canvas_has_image (canvas) &&
      fs_model_get_mask_wire (model, _fs_window_get_provider_id (self)) != NULL &&
      fs_canvas_get_mask_empty (canvas))
    return _("Paint over the part of the image to change");

  return NULL;
}

gboolean
_fs_window_canvas_prompt_optional (FsWindow *self)
{
  FsModel *model = current_model (self);

  return model != NULL && fs_model_get_prompt_optional (model);
}

/* Shows the canvas for a model that edits an image, in its mode, and the
 * reference tray otherwise. */
void
_fs_window_canvas_model_changed (FsWindow *self)
{
  FsModel *model = current_model (self);
  const char *provider_id = _fs_window_get_provider_id (self);
  gboolean active = _fs_window_canvas_active (self);
  FsParam *margin;

  _fs_window_update_compose (self);
  /* While the canvas is shown the tray sends nothing. */
  if (self->panel != NULL)
    {
      fs_param_panel_set_n_references (self->panel, active ? 0 :
                                       fs_reference_tray_get_n_active (self->reference_tray));
      fs_param_panel_set_reference_megapixels (self->panel, active ? 0 :
                                               fs_reference_tray_get_megapixels (self->reference_tray));
    }
  if (!active || self->canvas_editor == NULL)
    return;

  fs_canvas_editor_set_mode (self->canvas_editor,
                             fs_model_get_mask_wire (model, provider_id) != NULL ? FS_CANVAS_FILL
                                                                                 : FS_CANVAS_EXPAND);
  margin = fs_model_find_param (model, provider_id, "top");
  if (margin != NULL)
    fs_canvas_editor_set_max_margin (self->canvas_editor, (guint) fs_param_get_max (margin));
  if (self->panel != NULL)
    fs_param_panel_set_edit_source (self->panel, fs_canvas_editor_get_source (self->canvas_editor));
  panel_changed_cb (self);
}

/* Generating ------------------------------------------------------------------------ */

static void
mask_encoded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FsWindowGeneration *generation = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsReference) mask = NULL;

  mask = fs_canvas_editor_encode_mask_finish (FS_CANVAS_EDITOR (object), result, &error);
  if (mask == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fs_window_toast (generation->self, error->message);
      _fs_window_generation_free (generation);
      return;
    }

  fs_request_set_mask (generation->request, mask);
  _fs_window_generate (generation->self, generation->request);
  _fs_window_generation_free (generation);
}

/* The panel's request already carries the image; Fill's mask is encoded
 * off the main loop first. */
gboolean
_fs_window_canvas_generate (FsWindow  *self,
                            FsRequest *request)
{
  FsModel *model = current_model (self);
  FsWindowGeneration *generation;

  if (!_fs_window_canvas_active (self) || self->canvas_editor == NULL)
    return FALSE;

  if (fs_model_get_mask_wire (model, fs_request_get_provider_id (request)) == NULL)
    {
      _fs_window_generate (self, request);
      return TRUE;
    }

  generation = _fs_window_generation_new (self, request);
  fs_canvas_editor_encode_mask_async (self->canvas_editor, self->cancellable, mask_encoded_cb,
                                      generation);
  return TRUE;
}

/* Images into the canvas ------------------------------------------------------------ */

/* The model that does the job, on the provider chosen when it serves it,
 * else on Black Forest Labs, else on the sandbox. */
static void
choose_edit_model (FsWindow   *self,
                   const char *model_id)
{
  FsModel *model = self->catalog != NULL ? fs_catalog_lookup (self->catalog, model_id) : NULL;
  const char *provider_id = _fs_window_get_provider_id (self);

  if (model == NULL)
    return;
  if (provider_id == NULL || !fs_model_has_provider (model, provider_id))
    provider_id = fs_model_has_provider (model, "bfl") ? "bfl" : "sandbox";

  /* Editing is composing: the canvas is in the compose area. */
  _fs_window_set_browsing (self, FALSE);
  _fs_window_select (self, provider_id, model_id, TRUE);
}

gboolean
_fs_window_canvas_open_file (FsWindow *self,
                             GFile    *file)
{
  if (!_fs_window_canvas_active (self) || self->canvas_editor == NULL)
    return FALSE;

  fs_canvas_editor_open_file (self->canvas_editor, file);
  return TRUE;
}

static void
edit_asset (FsWindow   *self,
            const char *model_id)
{
  FsAsset *asset = self->detail_page != NULL ? fs_detail_page_get_asset (self->detail_page) : NULL;
  g_autoptr(GFile) file = NULL;

  if (asset == NULL || self->canvas_editor == NULL)
    return;

  choose_edit_model (self, model_id);
  if (!_fs_window_canvas_active (self))
    return;

  file = g_file_new_for_path (fs_asset_get_path (asset));
  fs_canvas_editor_open_file (self->canvas_editor, file);
  _fs_window_show_main (self);
  fs_prompt_editor_focus (self->prompt_editor);
}

static void
change_part_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  edit_asset (FS_WINDOW (widget), FILL_MODEL);
}

static void
expand_image_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  edit_asset (FS_WINDOW (widget), EXPAND_MODEL);
}

/* Remix ------------------------------------------------------------------------------ */

typedef struct
{
  FsWindow *self;
  FsAsset  *asset;
} Remix;

static void
remix_free (Remix *remix)
{
  g_object_unref (remix->self);
  g_object_unref (remix->asset);
  g_free (remix);
}

static void
remix_mask_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsReference) mask = fs_reference_store_load_finish (result, &error);

  if (mask == NULL)
    {
      fs_window_toast (self, _("The mask of this image is no longer kept; paint it again"));
      return;
    }

  if (self->canvas_editor != NULL)
    fs_canvas_editor_load_mask (self->canvas_editor, fs_reference_get_bytes (mask));
}

static void
remix_image_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Remix *remix = user_data;
  FsWindow *self = remix->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsReference) image = fs_reference_store_load_finish (result, &error);
  const char *path = fs_asset_get_parent_path (remix->asset);

  if (self->canvas_editor == NULL)
    {
      remix_free (remix);
      return;
    }

  if (image != NULL)
    {
      g_autoptr(FsEditSource) source = fs_edit_source_new (image,
                                                           fs_asset_get_parent_sha256 (remix->asset),
                                                           path);

      fs_canvas_editor_set_source (self->canvas_editor, source);
    }
  else if (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      /* Not kept: the file it came from, prepared again. */
      fs_canvas_editor_open_file (self->canvas_editor, file);
    }
  else
    fs_window_toast (self, _("The image this one was edited from is no longer kept; "
                             "open it again to edit"));

  if (fs_asset_get_mask_sha256 (remix->asset) != NULL)
    fs_reference_store_load_async (fs_asset_get_mask_sha256 (remix->asset), self->cancellable,
                                   remix_mask_cb, g_object_ref (self));
  remix_free (remix);
}

/* After the panel has the edit's model and values: the image it was made
 * from and its mask come back from the reference store. */
void
_fs_window_canvas_remix (FsWindow *self,
                         FsAsset  *asset)
{
  Remix *remix;

  if (!_fs_window_canvas_active (self) || self->canvas_editor == NULL ||
      fs_asset_get_parent_sent (asset) == NULL)
    return;

  remix = g_new0 (Remix, 1);
  remix->self = g_object_ref (self);
  remix->asset = g_object_ref (asset);
  fs_reference_store_load_async (fs_asset_get_parent_sent (asset), self->cancellable,
                                 remix_image_cb, remix);
}

/* Setting up ---------------------------------------------------------------------------- */

void
_fs_window_class_install_canvas (GtkWidgetClass *widget_class)
{
  g_type_ensure (FS_TYPE_CANVAS_EDITOR);
  gtk_widget_class_install_action (widget_class, "win.change-part", NULL, change_part_action);
  gtk_widget_class_install_action (widget_class, "win.expand-image", NULL, expand_image_action);
}

void
_fs_window_install_canvas (FsWindow *self)
{
  self->canvas_editor = FS_CANVAS_EDITOR (fs_canvas_editor_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->canvas_editor), TRUE);
  gtk_box_append (GTK_BOX (self->canvas_box), GTK_WIDGET (self->canvas_editor));
  g_signal_connect_swapped (self->canvas_editor, "source-changed",
                            G_CALLBACK (editor_source_changed_cb), self);
  g_signal_connect_swapped (self->canvas_editor, "mask-changed",
                            G_CALLBACK (editor_mask_changed_cb), self);
  g_signal_connect_swapped (self->canvas_editor, "margins-changed",
                            G_CALLBACK (editor_margins_changed_cb), self);
  g_signal_connect_swapped (self->canvas_editor, "toast", G_CALLBACK (editor_toast_cb), self);
}

/* Called once the panel exists. */
void
_fs_window_canvas_attach_panel (FsWindow *self)
{
  g_signal_connect_object (self->panel, "changed", G_CALLBACK (panel_changed_cb), self,
                           G_CONNECT_SWAPPED);
}
