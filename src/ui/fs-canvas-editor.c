/* fs-canvas-editor.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-canvas-editor.h"
#include "fs-mask.h"

/* The canvas and its toolbar. The toolbar's buttons name the canvas's
 * actions ("canvas.undo" …); the editor installs the same names and hands
 * them on, so they work wherever the focus is in the editor, and enables
 * them as the canvas can do them. */

struct _FsCanvasEditor
{
  GtkWidget      parent_instance;

  /* Template children */
  GtkWidget     *box;
  GtkWidget     *fill_tools;
  GtkWidget     *expand_tools;
  GtkWidget     *brush_button;
  GtkWidget     *eraser_button;
  GtkAdjustment *size_adjustment;
  GtkAdjustment *hardness_adjustment;
  GtkWidget     *preset_16_9;
  GtkWidget     *preset_3_1;
  GtkWidget     *preset_4_5;
  GtkWidget     *size_label;
  GtkWidget     *stack;
  GtkWidget     *spinner;
  FsCanvas      *canvas;

  FsEditSource  *source;
  GBytes        *pending_mask;   /* a mask for the image being loaded */
  GCancellable  *cancellable;
  GCancellable  *load_cancellable; /* the latest image asked for, only */
  guint          loading;
  guint          syncing;
};

G_DEFINE_FINAL_TYPE (FsCanvasEditor, fs_canvas_editor, GTK_TYPE_WIDGET)

enum {
  SOURCE_CHANGED,
  MASK_CHANGED,
  MARGINS_CHANGED,
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
toast (FsCanvasEditor *self,
       const char     *message)
{
  g_signal_emit (self, signals[TOAST], 0, message);
}

/* State ------------------------------------------------------------------------ */

static void
update_actions (FsCanvasEditor *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean fill = fs_canvas_get_mode (self->canvas) == FS_CANVAS_FILL;
  gboolean image = fs_canvas_has_image (self->canvas);

  gtk_widget_action_set_enabled (widget, "canvas.undo",
                                 fill && fs_canvas_can_undo (self->canvas));
  gtk_widget_action_set_enabled (widget, "canvas.redo",
                                 fill && fs_canvas_can_redo (self->canvas));
  gtk_widget_action_set_enabled (widget, "canvas.invert", fill && image);
  gtk_widget_action_set_enabled (widget, "canvas.clear",
                                 fill && image && !fs_canvas_get_mask_empty (self->canvas));
  gtk_widget_action_set_enabled (widget, "canvas.zoom-in", image);
  gtk_widget_action_set_enabled (widget, "canvas.zoom-out", image);
  gtk_widget_action_set_enabled (widget, "canvas.zoom-fit", image);
  gtk_widget_set_sensitive (self->fill_tools, image);
  gtk_widget_set_sensitive (self->expand_tools, image);
}

static void
update_size_label (FsCanvasEditor *self)
{
  g_autofree char *text = NULL;
  FsMargins margins;
  guint width, height;

  if (!fs_canvas_has_image (self->canvas))
    {
      gtk_label_set_text (GTK_LABEL (self->size_label), "");
      return;
    }

  fs_canvas_get_margins (self->canvas, &margins);
  width = fs_canvas_get_image_width (self->canvas) + margins.left + margins.right;
  height = fs_canvas_get_image_height (self->canvas) + margins.top + margins.bottom;
  /* Translators: the size the expanded image will have */
  text = g_strdup_printf (_("New size %u × %u"), width, height);
  gtk_label_set_text (GTK_LABEL (self->size_label), text);
}

static void
show_page (FsCanvasEditor *self)
{
  const char *page = self->loading > 0 ? "loading" :
                     fs_canvas_has_image (self->canvas) ? "canvas" : "empty";

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), page);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), self->loading > 0);
}

/* Template callbacks --------------------------------------------------------------- */

static void
tool_toggled_cb (FsCanvasEditor *self)
{
  gboolean eraser = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->eraser_button));

  if (self->syncing == 0)
    fs_canvas_set_tool (self->canvas, eraser ? FS_CANVAS_ERASER : FS_CANVAS_BRUSH);
}

static void
mask_changed_cb (FsCanvasEditor *self)
{
  update_actions (self);
  g_signal_emit (self, signals[MASK_CHANGED], 0);
}

static void
margins_changed_cb (FsCanvasEditor *self)
{
  update_size_label (self);
  g_signal_emit (self, signals[MARGINS_CHANGED], 0);
}

/* Centred margins that reach the ratio, adding only to the width or only
 * to the height (docs/ARCHITECTURE.md, “Editing images”). */
static void
preset_clicked_cb (FsCanvasEditor *self,
                   GtkButton      *button)
{
  GtkWidget *widget = GTK_WIDGET (button);
  guint ratio_width = widget == self->preset_3_1 ? 3 : widget == self->preset_4_5 ? 4 : 16;
  guint ratio_height = widget == self->preset_3_1 ? 1 : widget == self->preset_4_5 ? 5 : 9;
  FsMargins margins;

  if (!fs_margins_for_aspect (fs_canvas_get_image_width (self->canvas),
                              fs_canvas_get_image_height (self->canvas),
                              ratio_width, ratio_height, &margins))
    return;

  fs_canvas_set_margins (self->canvas, &margins);
  margins_changed_cb (self);
}

static void
sync_from_canvas (FsCanvasEditor *self)
{
  self->syncing++;
  gtk_adjustment_set_value (self->size_adjustment, fs_canvas_get_brush_size (self->canvas));
  gtk_adjustment_set_value (self->hardness_adjustment,
                            fs_canvas_get_hardness (self->canvas) * 100);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (fs_canvas_get_tool (self->canvas) ==
                                                   FS_CANVAS_ERASER ? self->eraser_button
                                                                    : self->brush_button),
                                TRUE);
  self->syncing--;
}

static void
adjustment_changed_cb (FsCanvasEditor *self)
{
  if (self->syncing > 0)
    return;

  fs_canvas_set_brush_size (self->canvas, gtk_adjustment_get_value (self->size_adjustment));
  fs_canvas_set_hardness (self->canvas, gtk_adjustment_get_value (self->hardness_adjustment) / 100);
}

/* Loading --------------------------------------------------------------------------- */

static void
apply_pending_mask (FsCanvasEditor *self);

/* A new image stops the one still loading: the last asked for is shown. */
static GCancellable *
new_load (FsCanvasEditor *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  return self->load_cancellable;
}

static void
source_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FsCanvasEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsEditSource) source = fs_edit_source_load_finish (result, &error);

  self->loading--;
  if (source == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      show_page (self);
      return;
    }

  fs_canvas_editor_set_source (self, source);
}

void
fs_canvas_editor_open_file (FsCanvasEditor *self,
                            GFile          *file)
{
  g_return_if_fail (FS_IS_CANVAS_EDITOR (self));
  g_return_if_fail (G_IS_FILE (file));

  g_clear_pointer (&self->pending_mask, g_bytes_unref);
  self->loading++;
  show_page (self);
  fs_edit_source_load_async (file, new_load (self), source_loaded_cb, g_object_ref (self));
}

/* The canvas's load is what decides which image is shown; the source the
 * request will send goes with it. */
typedef struct
{
  FsCanvasEditor *self;
  FsEditSource   *source;
} SourceLoad;

static void
source_load_free (SourceLoad *load)
{
  g_object_unref (load->self);
  fs_edit_source_free (load->source);
  g_free (load);
}

static void
set_source_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  SourceLoad *load = user_data;
  FsCanvasEditor *self = load->self;
  g_autoptr(GError) error = NULL;

  self->loading--;
  if (!fs_canvas_load_finish (FS_CANVAS (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      show_page (self);
      source_load_free (load);
      return;
    }

  g_clear_pointer (&self->source, fs_edit_source_free);
  self->source = g_steal_pointer (&load->source);
  show_page (self);
  update_size_label (self);
  update_actions (self);
  apply_pending_mask (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  g_signal_emit (self, signals[SOURCE_CHANGED], 0);
  source_load_free (load);
}

void
fs_canvas_editor_set_source (FsCanvasEditor     *self,
                             const FsEditSource *source)
{
  SourceLoad *load;

  g_return_if_fail (FS_IS_CANVAS_EDITOR (self));
  g_return_if_fail (source != NULL);

  load = g_new0 (SourceLoad, 1);
  load->self = g_object_ref (self);
  load->source = fs_edit_source_copy (source);
  self->loading++;
  show_page (self);
  fs_canvas_load_async (self->canvas, fs_reference_get_bytes (source->image), new_load (self),
                        set_source_loaded_cb, load);
}

const FsEditSource *
fs_canvas_editor_get_source (FsCanvasEditor *self)
{
  g_return_val_if_fail (FS_IS_CANVAS_EDITOR (self), NULL);

  return fs_canvas_has_image (self->canvas) ? self->source : NULL;
}

gboolean
fs_canvas_editor_get_busy (FsCanvasEditor *self)
{
  g_return_val_if_fail (FS_IS_CANVAS_EDITOR (self), FALSE);

  return self->loading > 0;
}

/* Masks ---------------------------------------------------------------------------- */

static void
mask_decoded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FsCanvasEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) values = NULL;
  guint width = 0, height = 0;

  values = fs_mask_decode_finish (result, &width, &height, &error);
  if (values == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  if (!fs_canvas_set_mask (self->canvas, values, width, height))
    toast (self, _("The mask of that image does not fit it and was left out"));
}

static void
apply_pending_mask (FsCanvasEditor *self)
{
  g_autoptr(GBytes) png = g_steal_pointer (&self->pending_mask);

  if (png != NULL)
    fs_mask_decode_async (png, self->cancellable, mask_decoded_cb, g_object_ref (self));
}

void
fs_canvas_editor_load_mask (FsCanvasEditor *self,
                            GBytes         *png)
{
  g_return_if_fail (FS_IS_CANVAS_EDITOR (self));
  g_return_if_fail (png != NULL);

  g_clear_pointer (&self->pending_mask, g_bytes_unref);
  self->pending_mask = g_bytes_ref (png);
  if (self->loading == 0 && fs_canvas_has_image (self->canvas))
    apply_pending_mask (self);
}

static void
mask_encoded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  FsReference *mask = fs_mask_encode_finish (result, &error);

  if (mask == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, mask, g_object_unref);
}

void
fs_canvas_editor_encode_mask_async (FsCanvasEditor      *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) values = NULL;

  g_return_if_fail (FS_IS_CANVAS_EDITOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_canvas_editor_encode_mask_async);
  values = fs_canvas_dup_mask (self->canvas);
  if (values == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("There is no image to paint on"));
      return;
    }

  fs_mask_encode_async (values, fs_canvas_get_image_width (self->canvas),
                        fs_canvas_get_image_height (self->canvas), cancellable,
                        mask_encoded_cb, g_steal_pointer (&task));
}

FsReference *
fs_canvas_editor_encode_mask_finish (FsCanvasEditor  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Opening and dropping ------------------------------------------------------------- */

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     FsCanvasEditor  *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    fs_canvas_editor_open_file (self, file);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
open_clicked_cb (FsCanvasEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Open an Image to Edit"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
drop_cb (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         FsCanvasEditor *self)
{
  GFile *file = NULL;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      file = files != NULL ? files->data : NULL;
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    file = g_value_get_object (value);

  if (file == NULL)
    return FALSE;

  fs_canvas_editor_open_file (self, file);
  return TRUE;
}

/* Actions: the toolbar's, handed to the canvas ------------------------------------ */

static void
forward_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FsCanvasEditor *self = FS_CANVAS_EDITOR (widget);

  gtk_widget_activate_action_variant (GTK_WIDGET (self->canvas), action_name, parameter);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  static const char * const names[] = {
    "canvas.undo", "canvas.redo", "canvas.invert", "canvas.clear",
    "canvas.brush-larger", "canvas.brush-smaller",
    "canvas.zoom-in", "canvas.zoom-out", "canvas.zoom-fit",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    gtk_widget_class_install_action (widget_class, names[i], NULL, forward_action);

  /* The keys that mean nothing else on a toolbar button work wherever the
   * focus is in the editor; the canvas has the rest. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketright, 0,
                                       "canvas.brush-larger", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketleft, 0,
                                       "canvas.brush-smaller", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "canvas.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "canvas.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK,
                                       "canvas.redo", NULL);
}

/* GObject ---------------------------------------------------------------------------- */

static void
fs_canvas_editor_dispose (GObject *object)
{
  FsCanvasEditor *self = FS_CANVAS_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (fs_canvas_editor_parent_class)->dispose (object);
}

static void
fs_canvas_editor_finalize (GObject *object)
{
  FsCanvasEditor *self = FS_CANVAS_EDITOR (object);

  g_clear_pointer (&self->source, fs_edit_source_free);
  g_clear_pointer (&self->pending_mask, g_bytes_unref);

  G_OBJECT_CLASS (fs_canvas_editor_parent_class)->finalize (object);
}

static void
fs_canvas_editor_class_init (FsCanvasEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_canvas_editor_dispose;
  object_class->finalize = fs_canvas_editor_finalize;

  signals[SOURCE_CHANGED] =
    g_signal_new ("source-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[MASK_CHANGED] =
    g_signal_new ("mask-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[MARGINS_CHANGED] =
    g_signal_new ("margins-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (FS_TYPE_CANVAS);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/fs-canvas-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, FsCanvasEditor, box);
  gtk_widget_class_bind_template_child (widget_class, FsCanvasEditor, fill_tools);
  gtk_widget_class_bind_template_child (widget_class, FsCanvasEditor, expand_tools);
  gtk_widget_class_bind_template_child (widget_class, FsCanvasEditor, brush_button);
  gtk_widget_class_bind_template_child (widget_class, FsCanvasEditor, eraser_button);
  gtk_widget_class_bind_template_child (widget_class, FsCanvasEditor, size_adjustment);
  gtk_widget_class_bind_template_child (widget_class, FsCanvasEditor, hardness_adjustment);
  gtk_widget_class_bind_template_child (widget_class, FsCanvasEditor, preset_16_9);
  gtk_widget_class_bind_template_child (widget_class, FsCanvasEditor, preset_3_1);
  gtk_widget_class_bind_template_child (widget_class, FsCanvasEditor, preset_4_5);
  gtk_widget_class_bind_template_child (widget_class, FsCanvasEditor, size_label);
  gtk_widget_class_bind_template_child (widget_class, FsCanvasEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, FsCanvasEditor, spinner);
  gtk_widget_class_bind_template_child (widget_class, FsCanvasEditor, canvas);
  gtk_widget_class_bind_template_callback (widget_class, tool_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, mask_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, margins_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, preset_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_clicked_cb);

  install_actions (widget_class);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fs-canvas-editor");
}

static void
fs_canvas_editor_init (FsCanvasEditor *self)
{
  GtkDropTarget *drop;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  g_signal_connect_swapped (self->size_adjustment, "value-changed",
                            G_CALLBACK (adjustment_changed_cb), self);
  g_signal_connect_swapped (self->hardness_adjustment, "value-changed",
                            G_CALLBACK (adjustment_changed_cb), self);
  g_signal_connect_swapped (self->canvas, "notify::brush-size",
                            G_CALLBACK (sync_from_canvas), self);
  g_signal_connect_swapped (self->canvas, "notify::hardness",
                            G_CALLBACK (sync_from_canvas), self);
  g_signal_connect_swapped (self->canvas, "notify::tool", G_CALLBACK (sync_from_canvas), self);
  g_signal_connect_swapped (self->canvas, "notify::can-undo", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->canvas, "notify::can-redo", G_CALLBACK (update_actions), self);

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, types, G_N_ELEMENTS (types));
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  sync_from_canvas (self);
  show_page (self);
  update_actions (self);
}

GtkWidget *
fs_canvas_editor_new (void)
{
  return g_object_new (FS_TYPE_CANVAS_EDITOR, NULL);
}

FsCanvas *
fs_canvas_editor_get_canvas (FsCanvasEditor *self)
{
  g_return_val_if_fail (FS_IS_CANVAS_EDITOR (self), NULL);

  return self->canvas;
}

void
fs_canvas_editor_set_mode (FsCanvasEditor *self,
                           FsCanvasMode    mode)
{
  g_return_if_fail (FS_IS_CANVAS_EDITOR (self));

  fs_canvas_set_mode (self->canvas, mode);
  gtk_widget_set_visible (self->fill_tools, mode == FS_CANVAS_FILL);
  gtk_widget_set_visible (self->expand_tools, mode == FS_CANVAS_EXPAND);
  update_size_label (self);
  update_actions (self);
}

FsCanvasMode
fs_canvas_editor_get_mode (FsCanvasEditor *self)
{
  g_return_val_if_fail (FS_IS_CANVAS_EDITOR (self), FS_CANVAS_FILL);

  return fs_canvas_get_mode (self->canvas);
}

void
fs_canvas_editor_get_margins (FsCanvasEditor *self,
                              FsMargins      *margins)
{
  g_return_if_fail (FS_IS_CANVAS_EDITOR (self));

  fs_canvas_get_margins (self->canvas, margins);
}

void
fs_canvas_editor_set_margins (FsCanvasEditor  *self,
                              const FsMargins *margins)
{
  g_return_if_fail (FS_IS_CANVAS_EDITOR (self));

  fs_canvas_set_margins (self->canvas, margins);
  update_size_label (self);
}

void
fs_canvas_editor_set_max_margin (FsCanvasEditor *self,
                                 guint           max_margin)
{
  g_return_if_fail (FS_IS_CANVAS_EDITOR (self));

  fs_canvas_set_max_margin (self->canvas, max_margin);
}
