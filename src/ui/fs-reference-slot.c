/* fs-reference-slot.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-error.h"
#include "fs-reference-slot.h"
#include "fs-reference-store.h"
#include "fs-ui-enums.h"
#include "fs-ui.h"

/* The thumbnail is shown at 96 px; its texture has twice that, so it
 * stays sharp on a 2× display (GtkImage draws a paintable at its pixel
 * size, whatever the texture's own). */
#define THUMBNAIL_PIXELS 96
#define THUMBNAIL_TEXTURE (2 * THUMBNAIL_PIXELS)

struct _FsReferenceSlot
{
  GtkWidget             parent_instance;

  GtkWidget            *frame;
  GtkWidget            *stack;
  GtkWidget            *spinner;
  GtkWidget            *picture;
  GtkWidget            *badge_button;
  GtkWidget            *remove_button;
  GtkWidget            *name_label;
  GtkWidget            *size_label;
  GtkWidget            *note_label;

  FsReferenceSlotState  state;
  FsReferenceSlotUse    use;
  char                 *use_reason;
  guint                 index;
  char                 *name;
  char                 *message;
  FsReference          *reference;
  gboolean              has_thumbnail;
  /* The preparation or thumbnail in flight; replaced by each new one. */
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (FsReferenceSlot, fs_reference_slot, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_INDEX,
  PROP_STATE,
  PROP_REFERENCE,
  N_PROPS
};

enum {
  INSERT,
  REMOVE,
  MOVE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Thumbnails ---------------------------------------------------------------- */

typedef struct
{
  GBytes *bytes;
  guint   size;
} ThumbnailJob;

static void
thumbnail_job_free (ThumbnailJob *job)
{
  g_bytes_unref (job->bytes);
  g_free (job);
}

/* Decoding at the thumbnail's size: JPEG decodes at 1/2, 1/4 or 1/8
 * directly, which keeps a 4-MP reference quick. */
static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  guint size = GPOINTER_TO_UINT (user_data);
  int shorter = MIN (width, height);
  double scale;

  if (shorter <= (int) size || shorter <= 0)
    return;

  scale = (double) size / shorter;
  gdk_pixbuf_loader_set_size (loader,
                              MAX (1, (int) (width * scale + 0.5)),
                              MAX (1, (int) (height * scale + 0.5)));
}

static GdkPixbuf *
decode_scaled (GBytes   *bytes,
               guint     size,
               GError  **error)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  gboolean written;
  gboolean closed;

  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb),
                    GUINT_TO_POINTER (size));
  written = gdk_pixbuf_loader_write_bytes (loader, bytes, error);
  /* Closed whatever happened: a loader finalized open complains. */
  closed = gdk_pixbuf_loader_close (loader, written ? error : NULL);
  if (!written || !closed)
    return NULL;

  if (gdk_pixbuf_loader_get_pixbuf (loader) == NULL)
    {
      g_set_error_literal (error, FS_ERROR, FS_ERROR_INVALID, _("The image could not be read"));
      return NULL;
    }

  return gdk_pixbuf_apply_embedded_orientation (gdk_pixbuf_loader_get_pixbuf (loader));
}

/* The centre square, as the gallery's tiles crop; a panorama or a
 * collage (more than 2:1) is shown whole instead, scaled to fit. */
static GdkPixbuf *
frame_thumbnail (GdkPixbuf *scaled,
                 guint      size)
{
  g_autoptr(GdkPixbuf) sub = NULL;
  int width = gdk_pixbuf_get_width (scaled);
  int height = gdk_pixbuf_get_height (scaled);
  int side = MIN (width, height);
  int longer = MAX (width, height);

  if (longer > 2 * side)
    {
      double scale = MIN (1.0, (double) size / longer);

      return gdk_pixbuf_scale_simple (scaled, MAX (1, (int) (width * scale + 0.5)),
                                      MAX (1, (int) (height * scale + 0.5)),
                                      GDK_INTERP_BILINEAR);
    }

  sub = gdk_pixbuf_new_subpixbuf (scaled, (width - side) / 2, (height - side) / 2, side, side);
  return gdk_pixbuf_copy (sub);
}

static void
thumbnail_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ThumbnailJob *job = task_data;
  g_autoptr(GdkPixbuf) scaled = NULL;
  g_autoptr(GdkPixbuf) framed = NULL;
  GError *error = NULL;

  if ((scaled = decode_scaled (job->bytes, job->size, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  framed = frame_thumbnail (scaled, job->size);
  /* A memory texture touches no display: making it here is safe. */
  g_task_return_pointer (task, gdk_texture_new_for_pixbuf (framed), g_object_unref);
}

/**
 * fs_reference_thumbnail_async:
 * @reference: a prepared reference
 * @size: the side of the square thumbnail, in pixels
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context
 * @user_data: for @callback
 *
 * A square thumbnail of the centre of @reference's prepared bytes,
 * decoded and scaled in a worker thread; never upscaled.
 */
void
fs_reference_thumbnail_async (FsReference         *reference,
                              guint                size,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ThumbnailJob *job;

  g_return_if_fail (FS_IS_REFERENCE (reference));
  g_return_if_fail (size > 0);

  job = g_new0 (ThumbnailJob, 1);
  job->bytes = g_bytes_ref (fs_reference_get_bytes (reference));
  job->size = size;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_reference_thumbnail_async);
  g_task_set_task_data (task, job, (GDestroyNotify) thumbnail_job_free);
  g_task_run_in_thread (task, thumbnail_thread);
}

GdkTexture *
fs_reference_thumbnail_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Stored pictures (the detail page) ------------------------------------------ */

typedef struct
{
  GWeakRef      image;
  GCancellable *cancellable;
  guint         size;
} StoredLoad;

static void
stored_load_free (StoredLoad *load)
{
  g_weak_ref_clear (&load->image);
  g_object_unref (load->cancellable);
  g_free (load);
}

static void
cancel_and_unref (gpointer data)
{
  g_cancellable_cancel (data);
  g_object_unref (data);
}

static void
stored_failed (StoredLoad *load,
               GError     *error)
{
  g_autoptr(GtkWidget) image = g_weak_ref_get (&load->image);

  if (image == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_image_set_from_icon_name (GTK_IMAGE (image), "image-missing-symbolic");
  gtk_widget_set_tooltip_text (image, error->message);
}

static void
stored_thumbnail_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  StoredLoad *load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = fs_reference_thumbnail_finish (result, &error);
  g_autoptr(GtkWidget) image = NULL;

  if (texture == NULL)
    stored_failed (load, error);
  else if ((image = g_weak_ref_get (&load->image)) != NULL)
    gtk_image_set_from_paintable (GTK_IMAGE (image), GDK_PAINTABLE (texture));

  stored_load_free (load);
}

static void
stored_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  StoredLoad *load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsReference) reference = fs_reference_store_load_finish (result, &error);

  if (reference == NULL)
    {
      stored_failed (load, error);
      stored_load_free (load);
      return;
    }

  fs_reference_thumbnail_async (reference, load->size, load->cancellable,
                                stored_thumbnail_cb, load);
}

/**
 * fs_reference_picture_new_stored:
 * @sha256: a reference in the reference store
 * @pixel_size: the side of the square shown
 *
 * Returns: (transfer floating): a #GtkImage that shows a placeholder,
 *   then the reference; the load stops when the image is finalized.
 */
GtkWidget *
fs_reference_picture_new_stored (const char *sha256,
                                 int         pixel_size)
{
  GtkWidget *image;
  StoredLoad *load;

  g_return_val_if_fail (sha256 != NULL, NULL);
  g_return_val_if_fail (pixel_size > 0, NULL);

  image = gtk_image_new_from_icon_name ("image-x-generic-symbolic");
  gtk_image_set_pixel_size (GTK_IMAGE (image), pixel_size);

  load = g_new0 (StoredLoad, 1);
  g_weak_ref_init (&load->image, image);
  load->cancellable = g_cancellable_new ();
  load->size = 2 * (guint) pixel_size;
  g_object_set_data_full (G_OBJECT (image), "fs-reference-load",
                          g_object_ref (load->cancellable), cancel_and_unref);
  fs_reference_store_load_async (sha256, load->cancellable, stored_loaded_cb, load);
  return image;
}

/* Showing the state ------------------------------------------------------------ */

static char *
accessible_name (FsReferenceSlot *self)
{
  /* Translators: the accessible name of a reference image in the tray,
   * "Reference image 2: beach.jpg" */
  return g_strdup_printf (_("Reference image %u: %s"), self->index,
                          self->name != NULL ? self->name : "");
}

/* What the note line says, most important first: a refusal, then
 * whether the model takes the image, then the preparation's own note. */
static const char *
note_text (FsReferenceSlot *self,
           const char     **css_class)
{
  *css_class = "dim-label";
  if (self->state == FS_REFERENCE_SLOT_FAILED)
    {
      *css_class = "error";
      return self->message;
    }
  if (self->use == FS_REFERENCE_SLOT_NOT_SENT)
    {
      *css_class = "warning";
      return _("Not sent with this model");
    }
  if (self->use == FS_REFERENCE_SLOT_EXPERIMENTAL)
    {
      *css_class = "warning";
      /* Translators: the model takes this reference image only
       * experimentally (Kontext: one official, three experimental) */
      return _("Experimental");
    }
  if (self->reference != NULL)
    return fs_reference_get_note (self->reference);

  return NULL;
}

static void
update_note (FsReferenceSlot *self)
{
  static const char * const classes[] = { "dim-label", "error", "warning" };
  const char *css_class = NULL;
  const char *text = note_text (self, &css_class);
  const char *tooltip = text;

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (self->note_label, classes[i]);
  gtk_widget_add_css_class (self->note_label, css_class);

  if (self->state != FS_REFERENCE_SLOT_FAILED && self->use != FS_REFERENCE_SLOT_SENT)
    tooltip = self->use_reason;

  gtk_label_set_text (GTK_LABEL (self->note_label), text != NULL ? text : "");
  gtk_widget_set_tooltip_text (self->note_label, tooltip);
  gtk_widget_set_visible (self->note_label, text != NULL);
}

static char *
accessible_description (FsReferenceSlot *self)
{
  const char *css_class = NULL;
  const char *note = note_text (self, &css_class);
  const char *reason = self->use != FS_REFERENCE_SLOT_SENT ? self->use_reason : NULL;

  if (self->state == FS_REFERENCE_SLOT_PREPARING)
    return g_strdup (_("Preparing the image…"));
  if (note != NULL && reason != NULL && self->state != FS_REFERENCE_SLOT_FAILED)
    /* Translators: "Not sent with this model: FLUX.2 [klein] 4B takes 4
     * references" */
    return g_strdup_printf (_("%s: %s"), note, reason);

  return g_strdup (note);
}

static void
update_accessible (FsReferenceSlot *self)
{
  g_autofree char *name = accessible_name (self);
  g_autofree char *description = accessible_description (self);
  g_autofree char *badge = NULL;
  g_autofree char *badge_text = g_strdup_printf ("%u", self->index);
  g_autofree char *remove = NULL;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description != NULL ? description : "",
                                  -1);

  /* Translators: the tooltip of a reference image's number badge; "image
   * 2" is what the prompt calls it, and stays in English */
  badge = g_strdup_printf (_("Insert “image %u” in the Prompt"), self->index);
  gtk_button_set_label (GTK_BUTTON (self->badge_button), badge_text);
  gtk_widget_set_tooltip_text (self->badge_button, badge);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->badge_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, badge,
                                  -1);

  /* Translators: the accessible name of a reference image's remove button */
  remove = g_strdup_printf (_("Remove reference image %u"), self->index);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove,
                                  -1);
}

static void
update_size (FsReferenceSlot *self)
{
  g_autofree char *size = NULL;

  if (self->reference != NULL)
    /* Translators: a reference image's size in pixels, width × height */
    size = g_strdup_printf (_("%u × %u"), fs_reference_get_width (self->reference),
                            fs_reference_get_height (self->reference));
  else if (self->state == FS_REFERENCE_SLOT_PREPARING)
    size = g_strdup (_("Preparing…"));

  gtk_label_set_text (GTK_LABEL (self->size_label), size != NULL ? size : "");
  gtk_widget_set_tooltip_text (self->size_label,
                               self->reference != NULL ? fs_reference_get_note (self->reference)
                                                       : NULL);
}

static void
update_frame (FsReferenceSlot *self)
{
  const char *page = "picture";

  if (self->state == FS_REFERENCE_SLOT_FAILED)
    page = "failed";
  else if (!self->has_thumbnail)
    page = "preparing";

  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), g_str_equal (page, "preparing"));
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), page);

  fs_ui_set_css_class (GTK_WIDGET (self), "fs-failed",
                       self->state == FS_REFERENCE_SLOT_FAILED);
  fs_ui_set_css_class (GTK_WIDGET (self), "fs-not-sent",
                       self->use == FS_REFERENCE_SLOT_NOT_SENT);
}

static void
update_all (FsReferenceSlot *self)
{
  gtk_label_set_text (GTK_LABEL (self->name_label), self->name != NULL ? self->name : "");
  gtk_widget_set_tooltip_text (self->name_label, self->name);
  update_size (self);
  update_note (self);
  update_frame (self);
  update_accessible (self);
}

static void
set_state (FsReferenceSlot      *self,
           FsReferenceSlotState  state)
{
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

/* Work in flight ---------------------------------------------------------------- */

static GCancellable *
restart (FsReferenceSlot *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  return self->cancellable;
}

/* One piece of work in flight: its result is dropped once the slot has
 * moved on (new work, or disposed), whatever the worker returns. */
typedef struct
{
  FsReferenceSlot *self;
  GCancellable    *cancellable;
} SlotOp;

static SlotOp *
slot_op_new (FsReferenceSlot *self)
{
  SlotOp *op = g_new0 (SlotOp, 1);

  op->self = g_object_ref (self);
  op->cancellable = g_object_ref (self->cancellable);
  return op;
}

static void
slot_op_free (SlotOp *op)
{
  g_object_unref (op->self);
  g_object_unref (op->cancellable);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlotOp, slot_op_free)

static void
begin (FsReferenceSlot *self,
       const char      *name)
{
  restart (self);
  g_free (self->name);
  self->name = g_strdup (name);
  g_clear_pointer (&self->message, g_free);
  self->has_thumbnail = FALSE;
  gtk_image_clear (GTK_IMAGE (self->picture));
  if (g_set_object (&self->reference, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFERENCE]);
  set_state (self, FS_REFERENCE_SLOT_PREPARING);
  update_all (self);
}

static void
thumbnail_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SlotOp) op = user_data;
  FsReferenceSlot *self = op->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = fs_reference_thumbnail_finish (result, &error);

  if (g_cancellable_is_cancelled (op->cancellable))
    return;

  if (texture != NULL)
    gtk_image_set_from_paintable (GTK_IMAGE (self->picture), GDK_PAINTABLE (texture));
  else
    /* The reference itself is fine (it was prepared): only the picture
     * of it is missing. */
    gtk_image_set_from_icon_name (GTK_IMAGE (self->picture), "image-x-generic-symbolic");

  self->has_thumbnail = TRUE;
  update_frame (self);
}

/* Preparing a file and loading from the store end the same way. */
static void
take_loaded (SlotOp      *op,
             FsReference *reference,
             GError      *error)
{
  if (g_cancellable_is_cancelled (op->cancellable))
    return;

  if (reference != NULL)
    fs_reference_slot_set_reference (op->self, reference);
  else
    fs_reference_slot_set_failed (op->self, op->self->name, error->message);
}

static void
prepared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SlotOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsReference) reference = fs_reference_prepare_finish (result, &error);

  take_loaded (op, reference, error);
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlotOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsReference) reference = fs_reference_store_load_finish (result, &error);

  take_loaded (op, reference, error);
}

/* Actions and callbacks -------------------------------------------------------------- */

static void
badge_clicked_cb (FsReferenceSlot *self)
{
  g_signal_emit (self, signals[INSERT], 0);
}

static void
remove_clicked_cb (FsReferenceSlot *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

/* Alt+← moves towards "image 1", which is on the right in a
 * right-to-left layout. */
static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  int delta = g_str_equal (action_name, "slot.move-left") ? -1 : 1;

  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    delta = -delta;

  g_signal_emit (widget, signals[MOVE], 0, delta);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE], 0);
}

static void
insert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[INSERT], 0);
}

/* A click on the slot focuses it, for Alt+←/→ and Delete. */
static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            FsReferenceSlot *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* GObject ------------------------------------------------------------------------------ */

static void
fs_reference_slot_dispose (GObject *object)
{
  FsReferenceSlot *self = FS_REFERENCE_SLOT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->reference);
  g_clear_pointer (&self->frame, gtk_widget_unparent);
  g_clear_pointer (&self->name_label, gtk_widget_unparent);
  g_clear_pointer (&self->size_label, gtk_widget_unparent);
  g_clear_pointer (&self->note_label, gtk_widget_unparent);

  G_OBJECT_CLASS (fs_reference_slot_parent_class)->dispose (object);
}

static void
fs_reference_slot_finalize (GObject *object)
{
  FsReferenceSlot *self = FS_REFERENCE_SLOT (object);

  g_free (self->name);
  g_free (self->message);
  g_free (self->use_reason);

  G_OBJECT_CLASS (fs_reference_slot_parent_class)->finalize (object);
}

static void
fs_reference_slot_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FsReferenceSlot *self = FS_REFERENCE_SLOT (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_REFERENCE:
      g_value_set_object (value, self->reference);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_reference_slot_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FsReferenceSlot *self = FS_REFERENCE_SLOT (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      fs_reference_slot_set_index (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_properties (GObjectClass *object_class)
{
  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL, 1, G_MAXUINT, 1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, FS_TYPE_REFERENCE_SLOT_STATE,
                       FS_REFERENCE_SLOT_PREPARING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFERENCE] =
    g_param_spec_object ("reference", NULL, NULL, FS_TYPE_REFERENCE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
install_signals (GObjectClass *object_class)
{
  GType type = G_TYPE_FROM_CLASS (object_class);

  signals[INSERT] = g_signal_new ("insert", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);
  signals[REMOVE] = g_signal_new ("remove", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);
  /* -1 towards "image 1", +1 away from it. */
  signals[MOVE] = g_signal_new ("move", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "slot.move-left", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "slot.move-right", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "slot.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "slot.insert", NULL, insert_action);

  /* Slot bindings run before the window's: Delete on a slot removes the
   * reference, not the image selected in the gallery. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "slot.move-left", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Left, GDK_ALT_MASK,
                                       "slot.move-left", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK,
                                       "slot.move-right", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Right, GDK_ALT_MASK,
                                       "slot.move-right", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "slot.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "slot.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "slot.remove", NULL);
}

static void
fs_reference_slot_class_init (FsReferenceSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_reference_slot_dispose;
  object_class->finalize = fs_reference_slot_finalize;
  object_class->get_property = fs_reference_slot_get_property;
  object_class->set_property = fs_reference_slot_set_property;

  install_properties (object_class);
  install_signals (object_class);
  install_actions (widget_class);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/fs-reference-slot.ui");
  gtk_widget_class_bind_template_child (widget_class, FsReferenceSlot, frame);
  gtk_widget_class_bind_template_child (widget_class, FsReferenceSlot, stack);
  gtk_widget_class_bind_template_child (widget_class, FsReferenceSlot, spinner);
  gtk_widget_class_bind_template_child (widget_class, FsReferenceSlot, picture);
  gtk_widget_class_bind_template_child (widget_class, FsReferenceSlot, badge_button);
  gtk_widget_class_bind_template_child (widget_class, FsReferenceSlot, remove_button);
  gtk_widget_class_bind_template_child (widget_class, FsReferenceSlot, name_label);
  gtk_widget_class_bind_template_child (widget_class, FsReferenceSlot, size_label);
  gtk_widget_class_bind_template_child (widget_class, FsReferenceSlot, note_label);
  gtk_widget_class_bind_template_callback (widget_class, badge_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fs-reference-slot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fs_reference_slot_init (FsReferenceSlot *self)
{
  GtkLayoutManager *layout;
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 2);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  self->index = 1;
  self->state = FS_REFERENCE_SLOT_PREPARING;
  self->use = FS_REFERENCE_SLOT_SENT;
  update_all (self);
}

/* Public API ------------------------------------------------------------------------------ */

GtkWidget *
fs_reference_slot_new (void)
{
  return g_object_new (FS_TYPE_REFERENCE_SLOT, NULL);
}

void
fs_reference_slot_prepare_file (FsReferenceSlot *self,
                                GFile           *file)
{
  g_autofree char *name = NULL;

  g_return_if_fail (FS_IS_REFERENCE_SLOT (self));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_basename (file);
  begin (self, name);
  fs_reference_prepare_file_async (file, self->cancellable, prepared_cb, slot_op_new (self));
}

void
fs_reference_slot_prepare_bytes (FsReferenceSlot *self,
                                 GBytes          *bytes,
                                 const char      *name)
{
  g_return_if_fail (FS_IS_REFERENCE_SLOT (self));
  g_return_if_fail (bytes != NULL);
  g_return_if_fail (name != NULL);

  begin (self, name);
  fs_reference_prepare_bytes_async (bytes, name, self->cancellable, prepared_cb,
                                    slot_op_new (self));
}

void
fs_reference_slot_load_stored (FsReferenceSlot *self,
                               const char      *sha256,
                               const char      *name)
{
  g_autofree char *short_name = NULL;

  g_return_if_fail (FS_IS_REFERENCE_SLOT (self));
  g_return_if_fail (sha256 != NULL);

  if (name == NULL || *name == '\0')
    name = short_name = g_strndup (sha256, 12);
  begin (self, name);
  fs_reference_store_load_named_async (sha256, name, self->cancellable, stored_cb,
                                       slot_op_new (self));
}

void
fs_reference_slot_set_reference (FsReferenceSlot *self,
                                 FsReference     *reference)
{
  const char *name;

  g_return_if_fail (FS_IS_REFERENCE_SLOT (self));
  g_return_if_fail (FS_IS_REFERENCE (reference));

  restart (self);
  name = fs_reference_get_name (reference);
  if (name != NULL && *name != '\0')
    {
      g_free (self->name);
      self->name = g_strdup (name);
    }
  g_clear_pointer (&self->message, g_free);
  self->has_thumbnail = FALSE;
  if (g_set_object (&self->reference, reference))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFERENCE]);
  set_state (self, FS_REFERENCE_SLOT_READY);
  update_all (self);

  fs_reference_thumbnail_async (reference, THUMBNAIL_TEXTURE, self->cancellable,
                                thumbnail_cb, slot_op_new (self));
}

void
fs_reference_slot_set_failed (FsReferenceSlot *self,
                              const char      *name,
                              const char      *message)
{
  g_return_if_fail (FS_IS_REFERENCE_SLOT (self));
  g_return_if_fail (message != NULL);

  restart (self);
  if (name != self->name)
    {
      g_free (self->name);
      self->name = g_strdup (name);
    }
  g_free (self->message);
  self->message = g_strdup (message);
  if (g_set_object (&self->reference, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFERENCE]);
  set_state (self, FS_REFERENCE_SLOT_FAILED);
  update_all (self);
}

FsReferenceSlotState
fs_reference_slot_get_state (FsReferenceSlot *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE_SLOT (self), FS_REFERENCE_SLOT_FAILED);

  return self->state;
}

FsReference *
fs_reference_slot_get_reference (FsReferenceSlot *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE_SLOT (self), NULL);

  return self->reference;
}

const char *
fs_reference_slot_get_name (FsReferenceSlot *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE_SLOT (self), NULL);

  return self->name;
}

const char *
fs_reference_slot_get_message (FsReferenceSlot *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE_SLOT (self), NULL);

  return self->message;
}

guint
fs_reference_slot_get_index (FsReferenceSlot *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE_SLOT (self), 0);

  return self->index;
}

void
fs_reference_slot_set_index (FsReferenceSlot *self,
                             guint            index)
{
  g_return_if_fail (FS_IS_REFERENCE_SLOT (self));
  g_return_if_fail (index > 0);

  if (self->index == index)
    return;

  self->index = index;
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDEX]);
}

FsReferenceSlotUse
fs_reference_slot_get_use (FsReferenceSlot *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE_SLOT (self), FS_REFERENCE_SLOT_NOT_SENT);

  return self->use;
}

void
fs_reference_slot_set_use (FsReferenceSlot    *self,
                           FsReferenceSlotUse  use,
                           const char         *reason)
{
  g_return_if_fail (FS_IS_REFERENCE_SLOT (self));

  if (self->use == use && g_strcmp0 (self->use_reason, reason) == 0)
    return;

  self->use = use;
  g_free (self->use_reason);
  self->use_reason = g_strdup (reason);
  update_note (self);
  update_frame (self);
  update_accessible (self);
}

gboolean
fs_reference_slot_has_thumbnail (FsReferenceSlot *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE_SLOT (self), FALSE);

  return self->has_thumbnail;
}
