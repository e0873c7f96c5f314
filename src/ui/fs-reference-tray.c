/* fs-reference-tray.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-reference-composite.h"
#include "fs-reference-tray-private.h"

G_DEFINE_FINAL_TYPE (FsReferenceTray, fs_reference_tray, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum {
  CHANGED,
  INSERT_REFERENCE_TEXT,
  TOAST,
  FILES_DROPPED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void sync_slots (FsReferenceTray *self);

/* Texts --------------------------------------------------------------------- */

/* Why slots beyond the limit are not used: "FLUX.2 [klein] 4B takes 4
 * references". */
static char *
limit_reason (FsReferenceTray *self)
{
  guint experimental = self->limit - self->max_references;

  if (self->limit == 0)
    /* Translators: a model name */
    return g_strdup_printf (_("%s takes no reference images"), self->model_name);
  if (experimental > 0)
    /* Translators: a model name, how many reference images it takes in
     * all, and how many of those only experimentally */
    return g_strdup_printf (ngettext ("%s takes %u reference (%u of them experimental)",
                                      "%s takes %u references (%u of them experimental)",
                                      self->limit),
                            self->model_name, self->limit, experimental);

  /* Translators: a model name and how many reference images it takes */
  return g_strdup_printf (ngettext ("%s takes %u reference", "%s takes %u references",
                                    self->limit),
                          self->model_name, self->limit);
}

static char *
experimental_reason (FsReferenceTray *self)
{
  /* Translators: a model name and how many reference images it
   * officially takes */
  return g_strdup_printf (ngettext ("%s officially takes %u reference; more are experimental",
                                    "%s officially takes %u references; more are experimental",
                                    self->max_references),
                          self->model_name, self->max_references);
}

static char *
summary_text (FsReferenceTray *self)
{
  guint n = self->slots->len;

  if (self->model_name == NULL)
    return g_strdup ("");
  if (self->limit == 0)
    return limit_reason (self);
  if (n == 0)
    /* Translators: how many reference images a model takes, and its name */
    return g_strdup_printf (ngettext ("Up to %u for %s", "Up to %u for %s", self->limit),
                            self->limit, self->model_name);

  /* Translators: "2 of 6 sent to FLUX.2 [klein] 4B" */
  return g_strdup_printf (ngettext ("%u of %u sent to %s", "%u of %u sent to %s", n),
                          MIN (n, self->limit), n, self->model_name);
}

static guint
collage_position (FsReferenceTray *self)
{
  for (guint i = 0; self->collage != NULL && i < self->slots->len; i++)
    if (fs_reference_slot_get_reference (g_ptr_array_index (self->slots, i)) == self->collage)
      return i;

  return G_MAXUINT;
}

static char *
helper_text (FsReferenceTray *self)
{
  guint collage = collage_position (self);

  if (collage != G_MAXUINT)
    /* Translators: the prompt names reference images "image 1", "image
     * 2" …, in English; %s lists file names */
    return g_strdup_printf (_("image %u is a collage of %s"), collage + 1, self->collage_of);
  if (self->slots->len == 0)
    return g_strdup (_("Drop images here, paste them (Ctrl+V) or add them with +; "
                       "the prompt calls them “image 1”, “image 2” …"));
  if (self->model_name != NULL && self->slots->len > self->limit)
    {
      g_autofree char *reason = limit_reason (self);

      /* Translators: the first part says how many references a model
       * takes */
      return g_strdup_printf (_("%s: the others stay here, not sent with this model"), reason);
    }

  return g_strdup (_("Click a number to name that image in the prompt"));
}

/* Problems Generate waits for: images still being prepared, or one that
 * was refused among those that would be sent (sending the others would
 * shift what "image N" means). */
static char *
problem_text (FsReferenceTray *self)
{
  if (self->busy)
    return g_strdup (_("Preparing references…"));

  for (guint i = 0; i < MIN (self->slots->len, self->limit); i++)
    {
      FsReferenceSlot *slot = g_ptr_array_index (self->slots, i);

      if (fs_reference_slot_get_state (slot) == FS_REFERENCE_SLOT_FAILED)
        return g_strdup_printf (_("Reference image %u cannot be used — remove it"), i + 1);
    }

  return NULL;
}

/* Placeholders ---------------------------------------------------------------------- */

static void
placeholder_pressed_cb (GtkGestureClick *gesture,
                        int              n_press,
                        double           x,
                        double           y,
                        FsReferenceTray *self)
{
  fs_reference_tray_choose_files (self);
}

/* An empty position: its number, drawn as a drop zone while the model
 * takes an image there, dimmed with the reason when it does not. */
static GtkWidget *
placeholder_new (FsReferenceTray *self,
                 guint            position)
{
  g_autofree char *number = g_strdup_printf ("%u", position + 1);
  g_autofree char *name = NULL;
  g_autofree char *reason = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new (number);
  gboolean active = position < self->limit;

  gtk_widget_set_vexpand (label, TRUE);
  gtk_widget_add_css_class (label, "title-2");
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_size_request (box, 96, 96);
  gtk_widget_set_margin_start (box, 4);
  gtk_widget_set_margin_end (box, 4);
  gtk_widget_set_valign (box, GTK_ALIGN_START);
  gtk_widget_add_css_class (box, "fs-reference-empty");

  if (active)
    {
      GtkGesture *click = gtk_gesture_click_new ();

      g_signal_connect (click, "pressed", G_CALLBACK (placeholder_pressed_cb), self);
      gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (click));
      gtk_widget_set_tooltip_text (box, _("Drop, paste or click to add an image"));
      /* Translators: an empty position of the reference tray */
      name = g_strdup_printf (_("Empty reference slot %u"), position + 1);
    }
  else
    {
      reason = self->model_name != NULL ? limit_reason (self) : NULL;
      gtk_widget_add_css_class (box, "fs-inactive");
      gtk_widget_set_tooltip_text (box, reason);
      /* Translators: a position of the reference tray the model does not
       * use, and why: "Reference slot 5 not used: FLUX.2 [klein] 4B takes
       * 4 references" */
      name = g_strdup_printf (_("Reference slot %u not used: %s"), position + 1,
                              reason != NULL ? reason : "");
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  return box;
}

/* Rebuilt only when what they show changes: a slot getting ready must
 * not cost the frame new widgets. */
static void
rebuild_placeholders (FsReferenceTray *self)
{
  g_autofree char *key = g_strdup_printf ("%u/%u/%s", self->slots->len, self->limit,
                                          self->model_name != NULL ? self->model_name : "");

  if (g_strcmp0 (key, self->placeholders_key) == 0)
    return;

  g_free (self->placeholders_key);
  self->placeholders_key = g_steal_pointer (&key);
  for (guint i = 0; i < self->placeholders->len; i++)
    gtk_box_remove (GTK_BOX (self->slots_box), g_ptr_array_index (self->placeholders, i));
  g_ptr_array_set_size (self->placeholders, 0);

  for (guint i = self->slots->len; i < FS_REFERENCE_TRAY_MAX_SLOTS; i++)
    {
      GtkWidget *placeholder = placeholder_new (self, i);

      g_ptr_array_add (self->placeholders, placeholder);
      gtk_box_append (GTK_BOX (self->slots_box), placeholder);
    }
}

/* Keeping everything in step ------------------------------------------------------- */

static void
sync_slot (FsReferenceTray *self,
           FsReferenceSlot *slot,
           guint            position)
{
  g_autofree char *reason = NULL;
  FsReferenceSlotUse use = FS_REFERENCE_SLOT_SENT;

  if (self->model_name != NULL && position >= self->limit)
    {
      use = FS_REFERENCE_SLOT_NOT_SENT;
      reason = limit_reason (self);
    }
  else if (self->model_name != NULL && position >= self->max_references)
    {
      use = FS_REFERENCE_SLOT_EXPERIMENTAL;
      reason = experimental_reason (self);
    }

  fs_reference_slot_set_index (slot, position + 1);
  fs_reference_slot_set_use (slot, use, reason);
}

static gboolean
compute_busy (FsReferenceTray *self)
{
  if (self->n_pending > 0)
    return TRUE;

  for (guint i = 0; i < self->slots->len; i++)
    if (fs_reference_slot_get_state (g_ptr_array_index (self->slots, i)) ==
        FS_REFERENCE_SLOT_PREPARING)
      return TRUE;

  return FALSE;
}

static guint
count_ready (FsReferenceTray *self)
{
  guint n = 0;

  for (guint i = 0; i < self->slots->len; i++)
    if (fs_reference_slot_get_state (g_ptr_array_index (self->slots, i)) ==
        FS_REFERENCE_SLOT_READY)
      n++;

  return n;
}

static void
update_texts (FsReferenceTray *self)
{
  g_autofree char *summary = summary_text (self);

  g_free (self->helper);
  self->helper = helper_text (self);
  g_free (self->problem);
  self->problem = problem_text (self);

  gtk_label_set_text (GTK_LABEL (self->summary_label), summary);
  gtk_label_set_text (GTK_LABEL (self->helper_label), self->helper);
  /* Empty, the tray is its one header line: the browsing room of a
   * small screen goes to the gallery (the slots come with the first
   * image dropped, pasted or added with +). */
  gtk_widget_set_visible (self->scroller, self->slots->len > 0);
  gtk_widget_set_visible (self->helper_label, self->slots->len > 0);
  gtk_widget_set_tooltip_text (self->summary_label, self->slots->len > 0 ? NULL : self->helper);
  gtk_widget_set_visible (self->combine_button,
                          self->model_name != NULL && self->max_references == 1 &&
                          count_ready (self) > 1);
  gtk_widget_set_sensitive (self->combine_button, !self->busy);
  gtk_widget_set_sensitive (self->add_button, self->slots->len < FS_REFERENCE_TRAY_MAX_SLOTS);
}

/* Indices, uses, placeholders and texts follow the slots' order; then
 * "changed". */
static void
sync_slots (FsReferenceTray *self)
{
  GtkWidget *previous = NULL;
  gboolean busy;

  for (guint i = 0; i < self->slots->len; i++)
    {
      GtkWidget *slot = g_ptr_array_index (self->slots, i);

      gtk_box_reorder_child_after (GTK_BOX (self->slots_box), slot, previous);
      sync_slot (self, FS_REFERENCE_SLOT (slot), i);
      previous = slot;
    }
  rebuild_placeholders (self);

  busy = compute_busy (self);
  if (busy != self->busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
  update_texts (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
_fs_reference_tray_toast (FsReferenceTray *self,
                          const char      *message)
{
  g_signal_emit (self, signals[TOAST], 0, message);
}

void
_fs_reference_tray_files_dropped (FsReferenceTray *self,
                                  GListModel      *files)
{
  g_signal_emit (self, signals[FILES_DROPPED], 0, files);
}

void
_fs_reference_tray_hold (FsReferenceTray *self)
{
  self->n_pending++;
  sync_slots (self);
}

void
_fs_reference_tray_release (FsReferenceTray *self)
{
  g_assert (self->n_pending > 0);

  self->n_pending--;
  sync_slots (self);
}

guint
_fs_reference_tray_find_slot (FsReferenceTray *self,
                              FsReferenceSlot *slot)
{
  guint position;

  if (g_ptr_array_find (self->slots, slot, &position))
    return position;

  return G_MAXUINT;
}

/* Slots ------------------------------------------------------------------------------ */

static void
slot_insert_cb (FsReferenceSlot *slot,
                FsReferenceTray *self)
{
  /* "image N" is how the models read references: never translated. */
  g_autofree char *text = g_strdup_printf ("image %u", fs_reference_slot_get_index (slot));

  g_signal_emit (self, signals[INSERT_REFERENCE_TEXT], 0, text);
}

static void
slot_remove_cb (FsReferenceSlot *slot,
                FsReferenceTray *self)
{
  guint position = _fs_reference_tray_find_slot (self, slot);

  if (position != G_MAXUINT)
    fs_reference_tray_remove (self, position);
}

static void
slot_move_cb (FsReferenceSlot *slot,
              int              delta,
              FsReferenceTray *self)
{
  guint position = _fs_reference_tray_find_slot (self, slot);
  int to = (int) position + delta;

  if (position == G_MAXUINT || to < 0 || to >= (int) self->slots->len)
    return;

  fs_reference_tray_move (self, position, (guint) to);
  gtk_widget_grab_focus (GTK_WIDGET (slot));
}

static void
slot_state_cb (FsReferenceSlot *slot,
               GParamSpec      *pspec,
               FsReferenceTray *self)
{
  sync_slots (self);
}

static FsReferenceSlot *
insert_slot (FsReferenceTray *self,
             guint            position)
{
  FsReferenceSlot *slot = FS_REFERENCE_SLOT (fs_reference_slot_new ());

  g_signal_connect (slot, "insert", G_CALLBACK (slot_insert_cb), self);
  g_signal_connect (slot, "remove", G_CALLBACK (slot_remove_cb), self);
  g_signal_connect (slot, "move", G_CALLBACK (slot_move_cb), self);
  g_signal_connect (slot, "notify::state", G_CALLBACK (slot_state_cb), self);
  gtk_widget_set_valign (GTK_WIDGET (slot), GTK_ALIGN_START);
  _fs_reference_tray_attach_slot_dnd (self, slot);

  g_ptr_array_insert (self->slots, (int) position, slot);
  gtk_box_append (GTK_BOX (self->slots_box), GTK_WIDGET (slot));
  return slot;
}

static void
drop_slot (FsReferenceTray *self,
           FsReferenceSlot *slot)
{
  g_signal_handlers_disconnect_by_data (slot, self);
  gtk_box_remove (GTK_BOX (self->slots_box), GTK_WIDGET (slot));
}

/* The tray is full: says which images stayed out. */
static void
toast_full (FsReferenceTray *self,
            guint            n_refused)
{
  g_autofree char *message = NULL;

  /* Translators: the reference tray holds at most 8 images */
  message = g_strdup_printf (ngettext ("%u image was not added: the tray holds %u",
                                       "%u images were not added: the tray holds %u",
                                       n_refused),
                             n_refused, FS_REFERENCE_TRAY_MAX_SLOTS);
  _fs_reference_tray_toast (self, message);
}

/* Combining ------------------------------------------------------------------------- */

static char *
join_names (GPtrArray *references)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < references->len; i++)
    {
      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, fs_reference_get_name (g_ptr_array_index (references, i)));
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

typedef struct
{
  FsReferenceTray *self;
  GCancellable    *cancellable;
  GPtrArray       *parts;
} Combining;

static void
combining_free (Combining *combining)
{
  g_object_unref (combining->self);
  g_object_unref (combining->cancellable);
  g_ptr_array_unref (combining->parts);
  g_free (combining);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Combining, combining_free)

/* The collage takes the place of the images it is made of; a refused
 * image stays, so the user sees it and removes it. */
static void
replace_with_collage (FsReferenceTray *self,
                      GPtrArray       *parts,
                      FsReference     *collage)
{
  for (guint i = self->slots->len; i > 0; i--)
    {
      FsReferenceSlot *slot = g_ptr_array_index (self->slots, i - 1);

      if (g_ptr_array_find (parts, fs_reference_slot_get_reference (slot), NULL))
        {
          drop_slot (self, slot);
          g_ptr_array_remove_index (self->slots, i - 1);
        }
    }

  fs_reference_slot_set_reference (insert_slot (self, 0), collage);
  g_set_object (&self->collage, collage);
  g_free (self->collage_of);
  self->collage_of = join_names (parts);
}

static void
combined_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Combining) combining = user_data;
  FsReferenceTray *self = combining->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsReference) collage = fs_reference_composite_finish (result, &error);

  /* Cancelled: the tray is gone. */
  if (g_cancellable_is_cancelled (combining->cancellable))
    return;

  if (collage != NULL)
    replace_with_collage (self, combining->parts, collage);
  else
    _fs_reference_tray_toast (self, error->message);

  _fs_reference_tray_release (self);
}

static void
combine_clicked_cb (FsReferenceTray *self)
{
  fs_reference_tray_combine (self);
}

static void
add_clicked_cb (FsReferenceTray *self)
{
  fs_reference_tray_choose_files (self);
}

/* GObject ------------------------------------------------------------------------------ */

static void
fs_reference_tray_dispose (GObject *object)
{
  FsReferenceTray *self = FS_REFERENCE_TRAY (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  for (guint i = 0; self->slots != NULL && i < self->slots->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->slots, i), self);
  g_clear_pointer (&self->slots, g_ptr_array_unref);
  g_clear_pointer (&self->placeholders, g_ptr_array_unref);
  g_clear_object (&self->collage);
  g_clear_pointer (&self->header_box, gtk_widget_unparent);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_pointer (&self->helper_label, gtk_widget_unparent);

  G_OBJECT_CLASS (fs_reference_tray_parent_class)->dispose (object);
}

static void
fs_reference_tray_finalize (GObject *object)
{
  FsReferenceTray *self = FS_REFERENCE_TRAY (object);

  g_free (self->model_name);
  g_free (self->collage_of);
  g_free (self->problem);
  g_free (self->helper);
  g_free (self->placeholders_key);

  G_OBJECT_CLASS (fs_reference_tray_parent_class)->finalize (object);
}

static void
fs_reference_tray_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FsReferenceTray *self = FS_REFERENCE_TRAY (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_signals (GObjectClass *object_class)
{
  GType type = G_TYPE_FROM_CLASS (object_class);

  signals[CHANGED] = g_signal_new ("changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
  signals[INSERT_REFERENCE_TEXT] =
    g_signal_new ("insert-reference-text", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[TOAST] = g_signal_new ("toast", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[FILES_DROPPED] = g_signal_new ("files-dropped", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 1, G_TYPE_LIST_MODEL);
}

static void
fs_reference_tray_class_init (FsReferenceTrayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_reference_tray_dispose;
  object_class->finalize = fs_reference_tray_finalize;
  object_class->get_property = fs_reference_tray_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  install_signals (object_class);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/fs-reference-tray.ui");
  gtk_widget_class_bind_template_child (widget_class, FsReferenceTray, header_box);
  gtk_widget_class_bind_template_child (widget_class, FsReferenceTray, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FsReferenceTray, combine_button);
  gtk_widget_class_bind_template_child (widget_class, FsReferenceTray, add_button);
  gtk_widget_class_bind_template_child (widget_class, FsReferenceTray, scroller);
  gtk_widget_class_bind_template_child (widget_class, FsReferenceTray, slots_box);
  gtk_widget_class_bind_template_child (widget_class, FsReferenceTray, helper_label);
  gtk_widget_class_bind_template_callback (widget_class, combine_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fs-reference-tray");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fs_reference_tray_init (FsReferenceTray *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));
  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 4);

  self->slots = g_ptr_array_new ();
  self->placeholders = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->limit = FS_REFERENCE_TRAY_MAX_SLOTS;
  self->max_references = FS_REFERENCE_TRAY_MAX_SLOTS;
  _fs_reference_tray_install_input (self);
  sync_slots (self);
}

/* Public API ------------------------------------------------------------------------------ */

GtkWidget *
fs_reference_tray_new (void)
{
  return g_object_new (FS_TYPE_REFERENCE_TRAY, NULL);
}

/**
 * fs_reference_tray_set_model:
 * @self: the tray
 * @provider_id: the chosen provider
 * @model_id: the chosen model
 * @catalog: where to find it
 *
 * Marks as many slots active as the model takes on the provider (its
 * documented references plus the experimental ones); the images beyond
 * stay, marked "not sent with this model".
 */
void
fs_reference_tray_set_model (FsReferenceTray *self,
                             const char      *provider_id,
                             const char      *model_id,
                             FsCatalog       *catalog)
{
  FsModel *model;

  g_return_if_fail (FS_IS_REFERENCE_TRAY (self));
  g_return_if_fail (FS_IS_CATALOG (catalog));

  model = model_id != NULL ? fs_catalog_lookup (catalog, model_id) : NULL;
  g_clear_pointer (&self->model_name, g_free);
  self->max_references = 0;
  self->limit = 0;
  if (model != NULL && provider_id != NULL)
    {
      self->model_name = g_strdup (fs_model_get_name (model));
      self->max_references = MIN (fs_model_get_max_references (model, provider_id),
                                  FS_REFERENCE_TRAY_MAX_SLOTS);
      self->limit = MIN (self->max_references +
                         fs_model_get_experimental_references (model, provider_id),
                         FS_REFERENCE_TRAY_MAX_SLOTS);
    }
  else
    self->model_name = g_strdup (model_id != NULL ? model_id : "");

  sync_slots (self);
}

guint
fs_reference_tray_add_file (FsReferenceTray *self,
                            GFile           *file)
{
  g_return_val_if_fail (FS_IS_REFERENCE_TRAY (self), 0);
  g_return_val_if_fail (G_IS_FILE (file), 0);

  if (self->slots->len >= FS_REFERENCE_TRAY_MAX_SLOTS)
    {
      toast_full (self, 1);
      return 0;
    }

  fs_reference_slot_prepare_file (insert_slot (self, self->slots->len), file);
  sync_slots (self);
  return 1;
}

guint
fs_reference_tray_add_files (FsReferenceTray *self,
                             GListModel      *files)
{
  guint n_files;
  guint n_added = 0;

  g_return_val_if_fail (FS_IS_REFERENCE_TRAY (self), 0);
  g_return_val_if_fail (G_IS_LIST_MODEL (files), 0);

  n_files = g_list_model_get_n_items (files);
  for (guint i = 0; i < n_files && self->slots->len < FS_REFERENCE_TRAY_MAX_SLOTS; i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);

      fs_reference_slot_prepare_file (insert_slot (self, self->slots->len), file);
      n_added++;
    }

  if (n_added < n_files)
    toast_full (self, n_files - n_added);
  sync_slots (self);
  return n_added;
}

guint
fs_reference_tray_add_bytes (FsReferenceTray *self,
                             GBytes          *bytes,
                             const char      *name)
{
  g_return_val_if_fail (FS_IS_REFERENCE_TRAY (self), 0);
  g_return_val_if_fail (bytes != NULL, 0);
  g_return_val_if_fail (name != NULL, 0);

  if (self->slots->len >= FS_REFERENCE_TRAY_MAX_SLOTS)
    {
      toast_full (self, 1);
      return 0;
    }

  fs_reference_slot_prepare_bytes (insert_slot (self, self->slots->len), bytes, name);
  sync_slots (self);
  return 1;
}

GPtrArray *
fs_reference_tray_get_active_references (FsReferenceTray *self)
{
  GPtrArray *references;

  g_return_val_if_fail (FS_IS_REFERENCE_TRAY (self), NULL);

  references = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < MIN (self->slots->len, self->limit); i++)
    {
      FsReference *reference = fs_reference_slot_get_reference (g_ptr_array_index (self->slots, i));

      if (reference != NULL)
        g_ptr_array_add (references, g_object_ref (reference));
    }

  return references;
}

guint
fs_reference_tray_get_n_active (FsReferenceTray *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE_TRAY (self), 0);

  return MIN (self->slots->len, self->limit);
}

guint
fs_reference_tray_get_n_references (FsReferenceTray *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE_TRAY (self), 0);

  return self->slots->len;
}

double
fs_reference_tray_get_megapixels (FsReferenceTray *self)
{
  g_autoptr(GPtrArray) references = NULL;
  double megapixels = 0;

  g_return_val_if_fail (FS_IS_REFERENCE_TRAY (self), 0);

  references = fs_reference_tray_get_active_references (self);
  for (guint i = 0; i < references->len; i++)
    megapixels += fs_reference_get_megapixels (g_ptr_array_index (references, i));

  return megapixels;
}

gboolean
fs_reference_tray_get_busy (FsReferenceTray *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE_TRAY (self), FALSE);

  return self->busy;
}

const char *
fs_reference_tray_get_problem (FsReferenceTray *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE_TRAY (self), NULL);

  return self->problem;
}

const char *
fs_reference_tray_get_helper_text (FsReferenceTray *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE_TRAY (self), NULL);

  return self->helper;
}

static void
remove_all (FsReferenceTray *self)
{
  for (guint i = 0; i < self->slots->len; i++)
    drop_slot (self, g_ptr_array_index (self->slots, i));
  g_ptr_array_set_size (self->slots, 0);
  g_clear_object (&self->collage);
  g_clear_pointer (&self->collage_of, g_free);
}

void
fs_reference_tray_clear (FsReferenceTray *self)
{
  g_return_if_fail (FS_IS_REFERENCE_TRAY (self));

  remove_all (self);
  sync_slots (self);
}

void
fs_reference_tray_set_references (FsReferenceTray *self,
                                  GPtrArray       *references)
{
  g_return_if_fail (FS_IS_REFERENCE_TRAY (self));
  g_return_if_fail (references != NULL);

  remove_all (self);
  for (guint i = 0; i < MIN (references->len, FS_REFERENCE_TRAY_MAX_SLOTS); i++)
    fs_reference_slot_set_reference (insert_slot (self, i), g_ptr_array_index (references, i));
  sync_slots (self);
}

void
fs_reference_tray_restore (FsReferenceTray    *self,
                           const char * const *sha256s,
                           const char * const *names)
{
  guint n_names = names != NULL ? g_strv_length ((char **) names) : 0;

  g_return_if_fail (FS_IS_REFERENCE_TRAY (self));

  remove_all (self);
  for (guint i = 0; sha256s != NULL && sha256s[i] != NULL && i < FS_REFERENCE_TRAY_MAX_SLOTS; i++)
    fs_reference_slot_load_stored (insert_slot (self, i), sha256s[i],
                                   i < n_names ? names[i] : NULL);
  sync_slots (self);
}

FsReferenceSlot *
fs_reference_tray_get_slot (FsReferenceTray *self,
                            guint            position)
{
  g_return_val_if_fail (FS_IS_REFERENCE_TRAY (self), NULL);

  if (position >= self->slots->len)
    return NULL;

  return g_ptr_array_index (self->slots, position);
}

/* Focus goes to the neighbour, so a keyboard user can go on removing. */
void
fs_reference_tray_remove (FsReferenceTray *self,
                          guint            position)
{
  FsReferenceSlot *slot;
  gboolean had_focus;

  g_return_if_fail (FS_IS_REFERENCE_TRAY (self));
  g_return_if_fail (position < self->slots->len);

  slot = g_ptr_array_index (self->slots, position);
  had_focus = gtk_widget_has_focus (GTK_WIDGET (slot)) ||
              gtk_widget_get_focus_child (GTK_WIDGET (slot)) != NULL;
  if (self->collage != NULL && fs_reference_slot_get_reference (slot) == self->collage)
    {
      g_clear_object (&self->collage);
      g_clear_pointer (&self->collage_of, g_free);
    }
  drop_slot (self, slot);
  g_ptr_array_remove_index (self->slots, position);
  sync_slots (self);

  if (had_focus && self->slots->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->slots, MIN (position, self->slots->len - 1)));
  else if (had_focus)
    gtk_widget_grab_focus (self->add_button);
}

void
fs_reference_tray_move (FsReferenceTray *self,
                        guint            from,
                        guint            to)
{
  gpointer slot;

  g_return_if_fail (FS_IS_REFERENCE_TRAY (self));
  g_return_if_fail (from < self->slots->len);
  g_return_if_fail (to < self->slots->len);

  if (from == to)
    return;

  slot = g_ptr_array_steal_index (self->slots, from);
  g_ptr_array_insert (self->slots, (int) to, slot);
  sync_slots (self);
}

void
fs_reference_tray_combine (FsReferenceTray *self)
{
  Combining *combining;

  g_return_if_fail (FS_IS_REFERENCE_TRAY (self));

  if (self->busy || count_ready (self) < 2)
    return;

  combining = g_new0 (Combining, 1);
  combining->self = g_object_ref (self);
  combining->cancellable = g_object_ref (self->cancellable);
  combining->parts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->slots->len; i++)
    {
      FsReference *reference = fs_reference_slot_get_reference (g_ptr_array_index (self->slots, i));

      if (reference != NULL)
        g_ptr_array_add (combining->parts, g_object_ref (reference));
    }

  _fs_reference_tray_hold (self);
  fs_reference_composite_async (combining->parts, self->cancellable, combined_cb, combining);
}
