/* fs-reference-tray-input.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fs-file.h"
#include "fs-reference-tray-private.h"

/* How images reach the tray: drops (files from Files or the gallery,
 * image data from a browser), Ctrl+V, the file chooser; and how slots
 * are reordered by dragging. Image data is read as the bytes the source
 * offers and handed to the core undecoded: nothing is decoded or
 * encoded on the main thread. */

static const char * const image_mime_types[] = {
  "image/png",
  "image/jpeg",
  "image/webp",
  "image/gif",
  "image/bmp",
  "image/tiff",
  NULL
};

static gboolean
offers_image (GdkContentFormats *formats)
{
  for (guint i = 0; image_mime_types[i] != NULL; i++)
    if (gdk_content_formats_contain_mime_type (formats, image_mime_types[i]))
      return TRUE;

  return FALSE;
}

/* A link copied in a browser comes as a URI list too; pasting it in the
 * prompt must paste its text. */
static gboolean
offers_files (GdkContentFormats *formats,
              gboolean           pasting)
{
  if (pasting && gdk_content_formats_contain_mime_type (formats, "text/x-moz-url") &&
      !offers_image (formats))
    return FALSE;

  return gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST);
}

static gboolean
offers_anything (GdkContentFormats *formats,
                 gboolean           pasting)
{
  return offers_files (formats, pasting) || offers_image (formats) ||
         gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE);
}

/* "Pasted image.png": pasted and dropped data has no file name. */
static char *
name_for_data (gboolean    pasting,
               const char *mime_type)
{
  const char *extension = "png";

  if (g_strcmp0 (mime_type, "image/jpeg") == 0)
    extension = "jpg";
  else if (mime_type != NULL && g_str_has_prefix (mime_type, "image/"))
    extension = mime_type + strlen ("image/");

  return g_strdup_printf ("%s.%s", pasting ? _("Pasted image") : _("Dropped image"), extension);
}

/* Transfers: one drop or paste ---------------------------------------------------- */

typedef struct
{
  FsReferenceTray   *self;
  GCancellable      *cancellable;
  GdkDrop           *drop;       /* NULL for a paste */
  GdkClipboard      *clipboard;  /* NULL for a drop */
  GdkContentFormats *formats;    /* what the source offers, gtypes included */
  GdkDragAction      action;     /* for gdk_drop_finish() */
} Transfer;

static Transfer *
transfer_new (FsReferenceTray   *self,
              GdkDrop           *drop,
              GdkClipboard      *clipboard,
              GdkContentFormats *formats)
{
  Transfer *transfer = g_new0 (Transfer, 1);

  transfer->self = g_object_ref (self);
  transfer->cancellable = g_object_ref (self->cancellable);
  transfer->drop = drop ? g_object_ref (drop) : NULL;
  transfer->clipboard = clipboard ? g_object_ref (clipboard) : NULL;
  transfer->formats = gdk_content_formats_ref (formats);
  _fs_reference_tray_hold (self);
  return transfer;
}

/* Ends the drop (the source may clean up) and the tray's wait. */
static void
transfer_free (Transfer *transfer)
{
  if (transfer->drop != NULL)
    gdk_drop_finish (transfer->drop, transfer->action);
  if (!g_cancellable_is_cancelled (transfer->cancellable))
    _fs_reference_tray_release (transfer->self);

  g_object_unref (transfer->self);
  g_object_unref (transfer->cancellable);
  g_clear_object (&transfer->drop);
  g_clear_object (&transfer->clipboard);
  gdk_content_formats_unref (transfer->formats);
  g_free (transfer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Transfer, transfer_free)

static void
transfer_failed (Transfer *transfer,
                 GError   *error)
{
  if (!g_cancellable_is_cancelled (transfer->cancellable) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _fs_reference_tray_toast (transfer->self, error->message);
}

static void
transfer_add_bytes (Transfer   *transfer,
                    GBytes     *bytes,
                    const char *mime_type)
{
  g_autofree char *name = name_for_data (transfer->drop == NULL, mime_type);

  if (g_cancellable_is_cancelled (transfer->cancellable))
    return;

  fs_reference_tray_add_bytes (transfer->self, bytes, name);
  transfer->action = GDK_ACTION_COPY;
}

/* Image data ---------------------------------------------------------------------------- */

typedef struct
{
  Transfer *transfer;
  char     *mime_type;
} ImageRead;

static void
image_read_free (ImageRead *read)
{
  transfer_free (read->transfer);
  g_free (read->mime_type);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImageRead, image_read_free)

static void
image_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ImageRead) read = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = fs_file_read_stream_finish (G_INPUT_STREAM (object), result, &error);
  g_input_stream_close_async (G_INPUT_STREAM (object), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  if (bytes == NULL)
    transfer_failed (read->transfer, error);
  else
    transfer_add_bytes (read->transfer, bytes, read->mime_type);
}

/* The source decides how much it sends: only as much as a reference file
 * may hold is read (docs/ARCHITECTURE.md, “Limits”). */
static void
image_stream_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Transfer *transfer = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autofree char *name = NULL;
  const char *mime_type = NULL;
  ImageRead *read;

  if (transfer->drop != NULL)
    stream = gdk_drop_read_finish (transfer->drop, result, &mime_type, &error);
  else
    stream = gdk_clipboard_read_finish (transfer->clipboard, result, &mime_type, &error);

  if (stream == NULL)
    {
      transfer_failed (transfer, error);
      transfer_free (transfer);
      return;
    }

  read = g_new0 (ImageRead, 1);
  read->transfer = transfer;
  read->mime_type = g_strdup (mime_type);
  name = name_for_data (transfer->drop == NULL, mime_type);
  fs_file_read_stream_async (stream, name, FS_FILE_MAX_IMAGE_BYTES, transfer->cancellable,
                        image_read_cb, read);
}

static void
read_image (Transfer *transfer)
{
  if (transfer->drop != NULL)
    gdk_drop_read_async (transfer->drop, (const char **) image_mime_types, G_PRIORITY_DEFAULT,
                         transfer->cancellable, image_stream_cb, transfer);
  else
    gdk_clipboard_read_async (transfer->clipboard, (const char **) image_mime_types,
                              G_PRIORITY_DEFAULT, transfer->cancellable, image_stream_cb,
                              transfer);
}

/* Textures (an image offered only as a GdkTexture, in this process) ----------------- */

static void
encode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  /* Textures are immutable: downloading one from a worker is safe. */
  g_task_return_pointer (task, gdk_texture_save_to_png_bytes (task_data),
                         (GDestroyNotify) g_bytes_unref);
}

static void
encoded_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Transfer) transfer = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_task_propagate_pointer (G_TASK (result), &error);

  if (bytes != NULL)
    transfer_add_bytes (transfer, bytes, "image/png");
  else
    transfer_failed (transfer, error);
}

static void
texture_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Transfer *transfer = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  const GValue *value;

  if (transfer->drop != NULL)
    value = gdk_drop_read_value_finish (transfer->drop, result, &error);
  else
    value = gdk_clipboard_read_value_finish (transfer->clipboard, result, &error);

  if (value == NULL || !GDK_IS_TEXTURE (g_value_get_object (value)))
    {
      if (error != NULL)
        transfer_failed (transfer, error);
      transfer_free (transfer);
      return;
    }

  task = g_task_new (NULL, transfer->cancellable, encoded_cb, transfer);
  g_task_set_task_data (task, g_value_dup_object (value), g_object_unref);
  g_task_run_in_thread (task, encode_thread);
}

static void
read_value (Transfer            *transfer,
            GType                type,
            GAsyncReadyCallback  callback)
{
  if (transfer->drop != NULL)
    gdk_drop_read_value_async (transfer->drop, type, G_PRIORITY_DEFAULT,
                               transfer->cancellable, callback, transfer);
  else
    gdk_clipboard_read_value_async (transfer->clipboard, type, G_PRIORITY_DEFAULT,
                                    transfer->cancellable, callback, transfer);
}

/* Files -------------------------------------------------------------------------------- */

/* A browser drags an image as its web address and as image data: the
 * data is what can be read. Local files are read as files. */
static gboolean
prefer_image_data (Transfer *transfer,
                   GSList   *files)
{
  if (!offers_image (transfer->formats))
    return FALSE;

  for (GSList *l = files; l != NULL; l = l->next)
    if (!g_file_is_native (l->data))
      return TRUE;

  return FALSE;
}

static void
files_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Transfer *transfer = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_FILE);
  g_autoptr(GSList) files = NULL;
  const GValue *value;

  if (transfer->drop != NULL)
    value = gdk_drop_read_value_finish (transfer->drop, result, &error);
  else
    value = gdk_clipboard_read_value_finish (transfer->clipboard, result, &error);

  if (value != NULL)
    files = gdk_file_list_get_files (g_value_get_boxed (value));

  if (value != NULL && prefer_image_data (transfer, files))
    {
      read_image (transfer);
      return;
    }

  for (GSList *l = files; l != NULL; l = l->next)
    g_list_store_append (store, l->data);
  if (error != NULL)
    transfer_failed (transfer, error);
  else if (!g_cancellable_is_cancelled (transfer->cancellable))
    {
      fs_reference_tray_add_files (transfer->self, G_LIST_MODEL (store));
      transfer->action = GDK_ACTION_COPY;
      _fs_reference_tray_files_dropped (transfer->self, G_LIST_MODEL (store));
    }
  transfer_free (transfer);
}

/* Files first (their names are kept), then image data, then a texture. */
static gboolean
start_transfer (FsReferenceTray   *self,
                GdkDrop           *drop,
                GdkClipboard      *clipboard,
                GdkContentFormats *offered)
{
  g_autoptr(GdkContentFormats) formats = NULL;
  Transfer *transfer;

  formats = gdk_content_formats_union_deserialize_gtypes (gdk_content_formats_ref (offered));
  if (!offers_anything (formats, drop == NULL))
    return FALSE;

  transfer = transfer_new (self, drop, clipboard, formats);
  if (offers_files (formats, drop == NULL))
    read_value (transfer, GDK_TYPE_FILE_LIST, files_read_cb);
  else if (offers_image (formats))
    read_image (transfer);
  else
    read_value (transfer, GDK_TYPE_TEXTURE, texture_read_cb);

  return TRUE;
}

gboolean
fs_reference_tray_paste (FsReferenceTray *self,
                         GdkClipboard    *clipboard)
{
  g_return_val_if_fail (FS_IS_REFERENCE_TRAY (self), FALSE);
  g_return_val_if_fail (GDK_IS_CLIPBOARD (clipboard), FALSE);

  return start_transfer (self, NULL, clipboard, gdk_clipboard_get_formats (clipboard));
}

static gboolean
paste_shortcut_cb (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  return fs_reference_tray_paste (FS_REFERENCE_TRAY (widget), gtk_widget_get_clipboard (widget));
}

/* Drops on the tray ------------------------------------------------------------------ */

/* GTK 4.8 leaves a drop target's highlight (:drop(active)) on after the
 * drop until the pointer leaves. */
static gboolean
drop_cb (GtkDropTargetAsync *target,
         GdkDrop            *drop,
         double              x,
         double              y,
         FsReferenceTray    *self)
{
  gtk_widget_unset_state_flags (GTK_WIDGET (self), GTK_STATE_FLAG_DROP_ACTIVE);
  return start_transfer (self, drop, NULL, gdk_drop_get_formats (drop));
}

static GdkContentFormats *
drop_formats (void)
{
  GdkContentFormatsBuilder *builder = gdk_content_formats_builder_new ();

  gdk_content_formats_builder_add_gtype (builder, GDK_TYPE_FILE_LIST);
  gdk_content_formats_builder_add_gtype (builder, G_TYPE_FILE);
  gdk_content_formats_builder_add_gtype (builder, GDK_TYPE_TEXTURE);
  gdk_content_formats_builder_add_mime_type (builder, "text/uri-list");
  for (guint i = 0; image_mime_types[i] != NULL; i++)
    gdk_content_formats_builder_add_mime_type (builder, image_mime_types[i]);

  return gdk_content_formats_builder_free_to_formats (builder);
}

void
_fs_reference_tray_install_input (FsReferenceTray *self)
{
  GtkDropTargetAsync *target = gtk_drop_target_async_new (drop_formats (), GDK_ACTION_COPY);
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  GtkShortcutTrigger *trigger = gtk_keyval_trigger_new (GDK_KEY_v, GDK_CONTROL_MASK);
  GtkShortcutAction *action = gtk_callback_action_new (paste_shortcut_cb, NULL, NULL);

  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  /* Ctrl+V anywhere in the tray; FALSE (text only) lets it go on. */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (trigger, action));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

/* Reordering slots by dragging ------------------------------------------------------- */

static GdkContentProvider *
slot_drag_prepare_cb (GtkDragSource   *source,
                      double           x,
                      double           y,
                      FsReferenceSlot *slot)
{
  return gdk_content_provider_new_typed (FS_TYPE_REFERENCE_SLOT, slot);
}

static void
slot_drag_begin_cb (GtkDragSource   *source,
                    GdkDrag         *drag,
                    FsReferenceSlot *slot)
{
  g_autoptr(GdkPaintable) live = gtk_widget_paintable_new (GTK_WIDGET (slot));
  g_autoptr(GdkPaintable) icon = gdk_paintable_get_current_image (live);

  gtk_drag_source_set_icon (source, icon, 0, 0);
}

/* A slot dropped on another takes its place; the others shift. */
static gboolean
slot_drop_cb (GtkDropTarget   *target,
              const GValue    *value,
              double           x,
              double           y,
              FsReferenceTray *self)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  guint from = _fs_reference_tray_find_slot (self, g_value_get_object (value));
  guint to = _fs_reference_tray_find_slot (self, FS_REFERENCE_SLOT (widget));

  if (from == G_MAXUINT || to == G_MAXUINT)
    return FALSE;

  fs_reference_tray_move (self, from, to);
  return TRUE;
}

void
_fs_reference_tray_attach_slot_dnd (FsReferenceTray *self,
                                    FsReferenceSlot *slot)
{
  GtkDragSource *source = gtk_drag_source_new ();
  GtkDropTarget *target = gtk_drop_target_new (FS_TYPE_REFERENCE_SLOT, GDK_ACTION_MOVE);

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (slot_drag_prepare_cb), slot);
  g_signal_connect (source, "drag-begin", G_CALLBACK (slot_drag_begin_cb), slot);
  gtk_widget_add_controller (GTK_WIDGET (slot), GTK_EVENT_CONTROLLER (source));

  g_signal_connect_object (target, "drop", G_CALLBACK (slot_drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (slot), GTK_EVENT_CONTROLLER (target));
}

/* The file chooser ---------------------------------------------------------------------- */

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     FsReferenceTray *self)
{
  g_autoptr(GListModel) files = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
  if (files != NULL)
    fs_reference_tray_add_files (self, files);

  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->chooser);
}

void
fs_reference_tray_choose_files (FsReferenceTray *self)
{
  GtkRoot *root;
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = NULL;

  g_return_if_fail (FS_IS_REFERENCE_TRAY (self));

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (self->chooser);
      return;
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  chooser = gtk_file_chooser_native_new (_("Add Reference Images"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);

  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}
