/* fs-palette-bar.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-colour.h"
#include "fs-colour-chooser.h"
#include "fs-colour-swatch.h"
#include "fs-palette-bar.h"
#include "fs-palette-manager.h"

#define SWATCH_SIZE   22
#define SCROLL_STEP   32.0
#define HEX_DATA      "fs-hex"

struct _FsPaletteBar
{
  GtkWidget        parent_instance;

  GtkWidget       *box;
  GtkWidget       *palette_button;
  GtkWidget       *palette_label;
  GtkWidget       *scroller;
  GtkWidget       *swatch_box;
  GtkWidget       *empty_label;
  GtkWidget       *add_button;
  GtkWidget       *swatch_menu;     /* GtkPopoverMenu, parented to the bar */

  FsPaletteStore  *store;
  FsPromptEditor  *editor;
  FsPalette       *palette;         /* the active one, or NULL */
  char            *active_name;
  gboolean         insert_phrase;
  /* The modifiers of the last button press on the bar: a click knows
   * nothing of Shift by itself. */
  GdkModifierType  press_state;
  GCancellable    *cancellable;
  GtkWidget       *manager;         /* weak */
};

G_DEFINE_FINAL_TYPE (FsPaletteBar, fs_palette_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_PROMPT_EDITOR,
  PROP_ACTIVE_PALETTE,
  PROP_INSERT_PHRASE,
  N_PROPS
};

enum {
  TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void resolve_palette (FsPaletteBar *self);

static void
toast (FsPaletteBar *self,
       const char   *message)
{
  g_signal_emit (self, signals[TOAST], 0, message);
}

static GtkWindow *
parent_window (FsPaletteBar *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Swatches ---------------------------------------------------------------------- */

static char *
swatch_label (const FsSwatch *swatch,
              const char     *hex)
{
  const char *name = swatch->name;

  if (name == NULL || name[0] == '\0')
    name = fs_colour_get_name (swatch->r, swatch->g, swatch->b);

  if (name == NULL)
    /* Translators: a swatch button, "Insert #02eb3c" */
    return g_strdup_printf (_("Insert %s"), hex);

  /* Translators: a swatch button, "Insert #02eb3c (Lime Green)" */
  return g_strdup_printf (_("Insert %s (%s)"), hex, name);
}

static gboolean
shift_held (FsPaletteBar *self)
{
  GdkSeat *seat = gdk_display_get_default_seat (gtk_widget_get_display (GTK_WIDGET (self)));
  GdkDevice *keyboard = seat != NULL ? gdk_seat_get_keyboard (seat) : NULL;
  GdkModifierType state = self->press_state;

  if (keyboard != NULL)
    state |= gdk_device_get_modifier_state (keyboard);

  return (state & GDK_SHIFT_MASK) != 0;
}

static void
swatch_clicked_cb (GtkButton    *button,
                   FsPaletteBar *self)
{
  gboolean phrase = shift_held (self);

  self->press_state = 0;
  fs_palette_bar_insert (self, g_object_get_data (G_OBJECT (button), HEX_DATA), phrase);
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkWidget     *button)
{
  return gdk_content_provider_new_typed (G_TYPE_STRING,
                                         g_object_get_data (G_OBJECT (button), HEX_DATA));
}

static void
drag_begin_cb (GtkDragSource *source,
               GdkDrag       *drag,
               GtkWidget     *button)
{
  g_autoptr(GdkPaintable) icon = gtk_widget_paintable_new (button);

  gtk_drag_source_set_icon (source, icon, SWATCH_SIZE / 2, SWATCH_SIZE / 2);
}

static GtkWidget *
new_swatch_button (FsPaletteBar   *self,
                   const FsSwatch *swatch)
{
  g_autofree char *hex = fs_colour_format_hex (swatch->r, swatch->g, swatch->b);
  g_autofree char *label = swatch_label (swatch, hex);
  g_autofree char *description = NULL;
  GtkWidget *button = gtk_button_new ();
  GtkWidget *patch = fs_colour_swatch_new_rgb (swatch->r, swatch->g, swatch->b, SWATCH_SIZE);
  GtkDragSource *drag = gtk_drag_source_new ();

  fs_colour_swatch_set_round (FS_COLOUR_SWATCH (patch), TRUE);
  gtk_button_set_child (GTK_BUTTON (button), patch);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "fs-swatch-button");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  /* Translators: how a swatch button is described to screen readers */
  description = g_strdup_printf (_("Shift+click inserts “color %s”; the Menu key shows more"),
                                 hex);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), HEX_DATA, g_steal_pointer (&hex), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (swatch_clicked_cb), self);

  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect (drag, "prepare", G_CALLBACK (drag_prepare_cb), button);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), button);
  gtk_widget_add_controller (button, GTK_EVENT_CONTROLLER (drag));
  return button;
}

static void
rebuild_swatches (FsPaletteBar *self)
{
  GtkWidget *child = gtk_widget_get_first_child (self->swatch_box);
  guint n = self->palette != NULL ? fs_palette_get_n_swatches (self->palette) : 0;

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (child != self->empty_label)
        gtk_box_remove (GTK_BOX (self->swatch_box), child);
      child = next;
    }

  for (guint i = 0; i < n; i++)
    gtk_box_append (GTK_BOX (self->swatch_box),
                    new_swatch_button (self, fs_palette_get_swatch (self->palette, i)));

  gtk_widget_set_visible (self->empty_label, n == 0);
}

/* The active palette ---------------------------------------------------------------- */

static void
set_active_name (FsPaletteBar *self,
                 const char   *name)
{
  if (g_strcmp0 (self->active_name, name) == 0)
    return;

  g_free (self->active_name);
  self->active_name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_PALETTE]);
}

static void
update_palette_label (FsPaletteBar *self)
{
  gtk_label_set_text (GTK_LABEL (self->palette_label),
                      self->palette != NULL ? fs_palette_get_name (self->palette)
                                            : _("No Palette"));
}

static void
palette_renamed_cb (FsPaletteBar *self)
{
  set_active_name (self, fs_palette_get_name (self->palette));
  update_palette_label (self);
}

static void
show_palette (FsPaletteBar *self,
              FsPalette    *palette)
{
  if (self->palette != palette)
    {
      if (self->palette != NULL)
        g_signal_handlers_disconnect_by_data (self->palette, self);
      g_set_object (&self->palette, palette);
      if (palette != NULL)
        {
          g_signal_connect_object (palette, "changed", G_CALLBACK (rebuild_swatches), self,
                                   G_CONNECT_SWAPPED);
          g_signal_connect_object (palette, "notify::name", G_CALLBACK (palette_renamed_cb), self,
                                   G_CONNECT_SWAPPED);
        }
    }

  update_palette_label (self);
  rebuild_swatches (self);
}

/* The palette named by "active-palette"; the first one when that is
 * gone. A store that has not loaded yet keeps the name for later. */
static void
resolve_palette (FsPaletteBar *self)
{
  GListModel *model = self->store != NULL ? G_LIST_MODEL (self->store) : NULL;
  FsPalette *palette = NULL;

  if (model != NULL && self->active_name != NULL && self->active_name[0] != '\0')
    palette = fs_palette_store_find (self->store, self->active_name);

  if (palette == NULL && model != NULL && g_list_model_get_n_items (model) > 0)
    {
      g_autoptr(FsPalette) first = g_list_model_get_item (model, 0);

      set_active_name (self, fs_palette_get_name (first));
      show_palette (self, first);
      return;
    }

  show_palette (self, palette);
}

/* The palette menu: rebuilt each time it opens, so names are current. */
static char *
escape_mnemonic (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "_", -1);

  return g_strjoinv ("__", parts);
}

static void
create_palette_menu_cb (GtkMenuButton *button,
                        gpointer       user_data)
{
  FsPaletteBar *self = user_data;
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) palettes = g_menu_new ();
  g_autoptr(GMenu) manage = g_menu_new ();
  guint n = self->store != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->store)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FsPalette) palette = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      g_autofree char *label = escape_mnemonic (fs_palette_get_name (palette));
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);
      GVariant *name = g_variant_new_string (fs_palette_get_name (palette));

      g_menu_item_set_action_and_target_value (item, "palette.select", name);
      g_menu_append_item (palettes, item);
    }

  g_menu_append (manage, _("_Manage Palettes…"), "palette.manage");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (palettes));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (manage));
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

/* The swatch menu --------------------------------------------------------------------- */

static void
append_hex_item (GMenu      *menu,
                 const char *label,
                 const char *action,
                 const char *hex)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, g_variant_new_string (hex));
  g_menu_append_item (menu, item);
}

static void
popup_swatch_menu (FsPaletteBar *self,
                   GtkWidget    *button)
{
  const char *hex = g_object_get_data (G_OBJECT (button), HEX_DATA);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) inserts = g_menu_new ();
  g_autoptr(GMenu) edits = g_menu_new ();
  g_autofree char *phrase = NULL;
  graphene_rect_t bounds;

  if (!gtk_widget_compute_bounds (button, GTK_WIDGET (self), &bounds))
    return;

  /* Translators: a menu item, "Insert as “color #02eb3c”" */
  phrase = g_strdup_printf (_("Insert as “color %s”"), hex);
  append_hex_item (inserts, _("_Insert Code"), "palette.insert", hex);
  append_hex_item (inserts, phrase, "palette.insert-phrase", hex);
  append_hex_item (inserts, _("_Copy Code"), "palette.copy", hex);
  append_hex_item (edits, _("_Remove From Palette"), "palette.remove", hex);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (inserts));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (edits));

  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->swatch_menu), G_MENU_MODEL (menu));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->swatch_menu),
                               &(GdkRectangle) { (int) bounds.origin.x, (int) bounds.origin.y,
                                                 (int) bounds.size.width,
                                                 (int) bounds.size.height });
  gtk_popover_popup (GTK_POPOVER (self->swatch_menu));
}

/* The swatch button at or around @widget, or NULL. */
static GtkWidget *
swatch_button_of (FsPaletteBar *self,
                  GtkWidget    *widget)
{
  GtkWidget *button = widget != NULL ? gtk_widget_get_ancestor (widget, GTK_TYPE_BUTTON) : NULL;

  if (button == NULL || gtk_widget_get_parent (button) != self->swatch_box)
    return NULL;

  return button;
}

static void
secondary_pressed_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      FsPaletteBar    *self)
{
  GtkWidget *picked = gtk_widget_pick (self->swatch_box, x, y, GTK_PICK_DEFAULT);
  GtkWidget *button = swatch_button_of (self, picked);

  if (button == NULL)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_swatch_menu (self, button);
}

static gboolean
menu_key_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  FsPaletteBar *self = FS_PALETTE_BAR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *button = root != NULL ? swatch_button_of (self, gtk_root_get_focus (root)) : NULL;

  if (button == NULL)
    return FALSE;

  popup_swatch_menu (self, button);
  return TRUE;
}

/* Remembers the modifiers of each press, before any button reacts. */
static gboolean
legacy_event_cb (GtkEventControllerLegacy *controller,
                 GdkEvent                 *event,
                 FsPaletteBar             *self)
{
  GdkEventType type = gdk_event_get_event_type (event);

  if (type == GDK_BUTTON_PRESS || type == GDK_TOUCH_BEGIN)
    self->press_state = gdk_event_get_modifier_state (event);
  else if (type == GDK_KEY_PRESS)
    self->press_state = 0;

  return GDK_EVENT_PROPAGATE;
}

/* Swatches scroll sideways under a plain wheel too. */
static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           FsPaletteBar             *self)
{
  GtkAdjustment *adjustment;

  if (dy == 0)
    return FALSE;

  adjustment = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (self->scroller));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + dy * SCROLL_STEP);
  return TRUE;
}

static void
add_controllers (FsPaletteBar *self)
{
  GtkGesture *secondary = gtk_gesture_click_new ();
  GtkEventController *legacy = gtk_event_controller_legacy_new ();
  GtkEventController *scroll;

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  g_signal_connect (secondary, "pressed", G_CALLBACK (secondary_pressed_cb), self);
  gtk_widget_add_controller (self->swatch_box, GTK_EVENT_CONTROLLER (secondary));

  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (legacy_event_cb), self);
  gtk_widget_add_controller (self->swatch_box, legacy);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL |
                                            GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (self->scroller, scroll);
}

/* Adding and removing colours ---------------------------------------------------------- */

typedef struct
{
  FsPaletteBar *self;
  char         *message;
} SaveOp;

static SaveOp *
save_op_new (FsPaletteBar *self,
             char         *message)
{
  SaveOp *op = g_new0 (SaveOp, 1);

  op->self = g_object_ref (self);
  op->message = message;
  return op;
}

static void
save_op_free (SaveOp *op)
{
  g_object_unref (op->self);
  g_free (op->message);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveOp, save_op_free)

static void
palette_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SaveOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (fs_palette_store_save_finish (FS_PALETTE_STORE (source), result, &error))
    {
      toast (op->self, op->message);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Translators: the reason follows */
  message = g_strdup_printf (_("Could not save the palette: %s"), error->message);
  toast (op->self, message);
}

static void
save_palette (FsPaletteBar *self,
              char         *message)
{
  fs_palette_store_save_async (self->store, self->palette, self->cancellable, palette_saved_cb,
                               save_op_new (self, message));
}

static guint
add_swatches (FsPalette          *palette,
              const char * const *codes,
              const char * const *names)
{
  guint added = 0;

  for (guint i = 0; codes[i] != NULL; i++)
    {
      const char *name = names != NULL ? names[i] : NULL;
      guint8 r;
      guint8 g;
      guint8 b;

      if (!fs_colour_parse_hex (codes[i], &r, &g, &b) || fs_palette_contains (palette, r, g, b))
        continue;

      fs_palette_add_swatch (palette, name != NULL && name[0] != '\0' ? name : NULL, r, g, b);
      added++;
    }

  return added;
}

static char *
added_message (const char * const *codes,
               guint               added,
               const char         *palette_name)
{
  if (added == 1 && g_strv_length ((char **) codes) == 1)
    /* Translators: "Added #02eb3c to “Brand”" */
    return g_strdup_printf (_("Added %s to “%s”"), codes[0], palette_name);

  return g_strdup_printf (ngettext ("Added %u colour to “%s”", "Added %u colours to “%s”",
                                    added),
                          added, palette_name);
}

static void
palette_added_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SaveOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsPalette) palette = NULL;
  g_autofree char *message = NULL;

  palette = fs_palette_store_add_finish (FS_PALETTE_STORE (source), result, &error);
  if (palette != NULL)
    {
      fs_palette_bar_set_active_palette (op->self, fs_palette_get_name (palette));
      toast (op->self, op->message);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Translators: the reason follows */
  message = g_strdup_printf (_("Could not make a palette: %s"), error->message);
  toast (op->self, message);
}

/* With no palette yet, the first colour makes one. */
static void
add_to_new_palette (FsPaletteBar       *self,
                    const char * const *codes,
                    const char * const *names)
{
  g_autoptr(FsPalette) palette = fs_palette_new (_("Brand Colours"));
  guint added = add_swatches (palette, codes, names);

  if (added == 0)
    return;

  fs_palette_store_add_async (self->store, palette, self->cancellable, palette_added_cb,
                              save_op_new (self, added_message (codes, added,
                                                                fs_palette_get_name (palette))));
}

static void
remove_colour (FsPaletteBar *self,
               const char   *hex)
{
  guint n = self->palette != NULL ? fs_palette_get_n_swatches (self->palette) : 0;
  guint8 r;
  guint8 g;
  guint8 b;

  if (!fs_colour_parse_hex (hex, &r, &g, &b))
    return;

  for (guint i = 0; i < n; i++)
    {
      const FsSwatch *swatch = fs_palette_get_swatch (self->palette, i);

      if (swatch->r == r && swatch->g == g && swatch->b == b)
        {
          fs_palette_remove_swatch (self->palette, i);
          /* Translators: "Removed #02eb3c from “Brand”" */
          save_palette (self, g_strdup_printf (_("Removed %s from “%s”"), hex,
                                               fs_palette_get_name (self->palette)));
          return;
        }
    }
}

static void
colour_chosen_cb (FsPaletteBar *self,
                  const char   *hex,
                  const char   *name,
                  gboolean      insert)
{
  const char *codes[] = { hex, NULL };
  const char *names[] = { name, NULL };

  fs_palette_bar_add_colours (self, codes, names);
  if (insert)
    fs_palette_bar_insert (self, hex, FALSE);
}

/* Actions ------------------------------------------------------------------------------ */

static void
insert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FsPaletteBar *self = FS_PALETTE_BAR (widget);

  fs_palette_bar_insert (self, g_variant_get_string (parameter, NULL),
                         g_str_equal (action_name, "palette.insert-phrase"));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  const char *hex = g_variant_get_string (parameter, NULL);
  g_autofree char *message = NULL;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), hex);
  /* Translators: "Copied #02eb3c" */
  message = g_strdup_printf (_("Copied %s"), hex);
  toast (FS_PALETTE_BAR (widget), message);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  remove_colour (FS_PALETTE_BAR (widget), g_variant_get_string (parameter, NULL));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  fs_palette_bar_show_chooser (FS_PALETTE_BAR (widget));
}

static void
manage_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  fs_palette_bar_show_manager (FS_PALETTE_BAR (widget));
}

/* GObject ------------------------------------------------------------------------------ */

static void
fs_palette_bar_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  gtk_widget_measure (FS_PALETTE_BAR (widget)->box, orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

/* Laid out by hand rather than by a layout manager: the swatch menu is a
 * popover of the bar, and a popover needs presenting on each allocation. */
static void
fs_palette_bar_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  FsPaletteBar *self = FS_PALETTE_BAR (widget);

  gtk_widget_allocate (self->box, width, height, baseline, NULL);
  if (self->swatch_menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->swatch_menu));
}

static void
fs_palette_bar_dispose (GObject *object)
{
  FsPaletteBar *self = FS_PALETTE_BAR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->palette != NULL)
    g_signal_handlers_disconnect_by_data (self->palette, self);
  g_clear_object (&self->palette);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_weak_pointer (&self->editor);
  g_clear_weak_pointer (&self->manager);
  g_clear_pointer (&self->swatch_menu, gtk_widget_unparent);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (fs_palette_bar_parent_class)->dispose (object);
}

static void
fs_palette_bar_finalize (GObject *object)
{
  FsPaletteBar *self = FS_PALETTE_BAR (object);

  g_free (self->active_name);

  G_OBJECT_CLASS (fs_palette_bar_parent_class)->finalize (object);
}

static void
fs_palette_bar_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FsPaletteBar *self = FS_PALETTE_BAR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_PROMPT_EDITOR:
      g_value_set_object (value, self->editor);
      break;

    case PROP_ACTIVE_PALETTE:
      g_value_set_string (value, self->active_name != NULL ? self->active_name : "");
      break;

    case PROP_INSERT_PHRASE:
      g_value_set_boolean (value, self->insert_phrase);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_palette_bar_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FsPaletteBar *self = FS_PALETTE_BAR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      fs_palette_bar_set_store (self, g_value_get_object (value));
      break;

    case PROP_PROMPT_EDITOR:
      fs_palette_bar_set_prompt_editor (self, g_value_get_object (value));
      break;

    case PROP_ACTIVE_PALETTE:
      fs_palette_bar_set_active_palette (self, g_value_get_string (value));
      break;

    case PROP_INSERT_PHRASE:
      fs_palette_bar_set_insert_phrase (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_palette_bar_install_properties (GObjectClass *object_class)
{
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, FS_TYPE_PALETTE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROMPT_EDITOR] =
    g_param_spec_object ("prompt-editor", NULL, NULL, FS_TYPE_PROMPT_EDITOR,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE_PALETTE] =
    g_param_spec_string ("active-palette", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INSERT_PHRASE] =
    g_param_spec_boolean ("insert-phrase", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fs_palette_bar_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "palette.insert", "s", insert_action);
  gtk_widget_class_install_action (widget_class, "palette.insert-phrase", "s", insert_action);
  gtk_widget_class_install_action (widget_class, "palette.copy", "s", copy_action);
  gtk_widget_class_install_action (widget_class, "palette.remove", "s", remove_action);
  gtk_widget_class_install_action (widget_class, "palette.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "palette.manage", NULL, manage_action);
  gtk_widget_class_install_property_action (widget_class, "palette.select", "active-palette");

  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, menu_key_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, menu_key_cb, NULL);
}

static void
fs_palette_bar_class_init (FsPaletteBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_palette_bar_dispose;
  object_class->finalize = fs_palette_bar_finalize;
  object_class->get_property = fs_palette_bar_get_property;
  object_class->set_property = fs_palette_bar_set_property;
  widget_class->measure = fs_palette_bar_measure;
  widget_class->size_allocate = fs_palette_bar_size_allocate;

  fs_palette_bar_install_properties (object_class);

  /**
   * FsPaletteBar::toast:
   * @self: the bar
   * @message: what happened, for a toast
   */
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  fs_palette_bar_install_actions (widget_class);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/fs-palette-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, FsPaletteBar, box);
  gtk_widget_class_bind_template_child (widget_class, FsPaletteBar, palette_button);
  gtk_widget_class_bind_template_child (widget_class, FsPaletteBar, palette_label);
  gtk_widget_class_bind_template_child (widget_class, FsPaletteBar, scroller);
  gtk_widget_class_bind_template_child (widget_class, FsPaletteBar, swatch_box);
  gtk_widget_class_bind_template_child (widget_class, FsPaletteBar, empty_label);
  gtk_widget_class_bind_template_child (widget_class, FsPaletteBar, add_button);

  gtk_widget_class_set_css_name (widget_class, "fs-palette-bar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TOOLBAR);
}

static void
fs_palette_bar_init (FsPaletteBar *self)
{
  GtkWidget *viewport;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->active_name = g_strdup ("");
  self->swatch_menu = gtk_popover_menu_new_from_model (NULL);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->swatch_menu), TRUE);
  gtk_widget_set_parent (self->swatch_menu, GTK_WIDGET (self));

  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->palette_button),
                                         create_palette_menu_cb, self, NULL);
  viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (self->scroller));
  if (GTK_IS_VIEWPORT (viewport))
    gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (viewport), TRUE);
  add_controllers (self);
  show_palette (self, NULL);
}

/* Public API ------------------------------------------------------------------------------ */

GtkWidget *
fs_palette_bar_new (void)
{
  return g_object_new (FS_TYPE_PALETTE_BAR, NULL);
}

FsPaletteStore *
fs_palette_bar_get_store (FsPaletteBar *self)
{
  g_return_val_if_fail (FS_IS_PALETTE_BAR (self), NULL);

  return self->store;
}

void
fs_palette_bar_set_store (FsPaletteBar   *self,
                          FsPaletteStore *store)
{
  g_return_if_fail (FS_IS_PALETTE_BAR (self));
  g_return_if_fail (store == NULL || FS_IS_PALETTE_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "items-changed", G_CALLBACK (resolve_palette), self,
                             G_CONNECT_SWAPPED);

  resolve_palette (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

static void
default_store_loaded_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(FsPaletteBar) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (fs_palette_store_load_finish (FS_PALETTE_STORE (source), result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Translators: the reason follows */
  message = g_strdup_printf (_("Could not read the palettes: %s"), error->message);
  toast (self, message);
}

void
fs_palette_bar_use_default_store (FsPaletteBar *self)
{
  g_autoptr(FsPaletteStore) store = fs_palette_store_new_default ();

  g_return_if_fail (FS_IS_PALETTE_BAR (self));

  fs_palette_bar_set_store (self, store);
  fs_palette_store_load_async (store, self->cancellable, default_store_loaded_cb,
                               g_object_ref (self));
}

FsPromptEditor *
fs_palette_bar_get_prompt_editor (FsPaletteBar *self)
{
  g_return_val_if_fail (FS_IS_PALETTE_BAR (self), NULL);

  return self->editor;
}

void
fs_palette_bar_set_prompt_editor (FsPaletteBar   *self,
                                  FsPromptEditor *editor)
{
  g_return_if_fail (FS_IS_PALETTE_BAR (self));
  g_return_if_fail (editor == NULL || FS_IS_PROMPT_EDITOR (editor));

  if (g_set_weak_pointer (&self->editor, editor))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROMPT_EDITOR]);
}

const char *
fs_palette_bar_get_active_palette (FsPaletteBar *self)
{
  g_return_val_if_fail (FS_IS_PALETTE_BAR (self), NULL);

  return self->active_name;
}

void
fs_palette_bar_set_active_palette (FsPaletteBar *self,
                                   const char   *name)
{
  g_return_if_fail (FS_IS_PALETTE_BAR (self));

  set_active_name (self, name != NULL ? name : "");
  resolve_palette (self);
}

FsPalette *
fs_palette_bar_get_palette (FsPaletteBar *self)
{
  g_return_val_if_fail (FS_IS_PALETTE_BAR (self), NULL);

  return self->palette;
}

gboolean
fs_palette_bar_get_insert_phrase (FsPaletteBar *self)
{
  g_return_val_if_fail (FS_IS_PALETTE_BAR (self), FALSE);

  return self->insert_phrase;
}

void
fs_palette_bar_set_insert_phrase (FsPaletteBar *self,
                                  gboolean      insert_phrase)
{
  g_return_if_fail (FS_IS_PALETTE_BAR (self));

  insert_phrase = !!insert_phrase;
  if (self->insert_phrase == insert_phrase)
    return;

  self->insert_phrase = insert_phrase;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSERT_PHRASE]);
}

void
fs_palette_bar_insert (FsPaletteBar *self,
                       const char   *hex,
                       gboolean      phrase)
{
  g_return_if_fail (FS_IS_PALETTE_BAR (self));
  g_return_if_fail (hex != NULL);

  if (self->editor == NULL)
    return;

  fs_prompt_editor_insert_colour (self->editor, hex, phrase || self->insert_phrase);
  fs_prompt_editor_focus (self->editor);
}

void
fs_palette_bar_add_colours (FsPaletteBar       *self,
                            const char * const *codes,
                            const char * const *names)
{
  guint added;

  g_return_if_fail (FS_IS_PALETTE_BAR (self));
  g_return_if_fail (codes != NULL);

  if (self->store == NULL || codes[0] == NULL)
    return;

  if (self->palette == NULL)
    {
      add_to_new_palette (self, codes, names);
      return;
    }

  added = add_swatches (self->palette, codes, names);
  if (added > 0)
    {
      save_palette (self, added_message (codes, added, fs_palette_get_name (self->palette)));
      return;
    }

  {
    g_autofree char *message = NULL;

    /* Translators: "“Brand” already has #02eb3c" or "… these colours" */
    message = codes[1] == NULL ? g_strdup_printf (_("“%s” already has %s"),
                                                  fs_palette_get_name (self->palette), codes[0])
                               : g_strdup_printf (_("“%s” already has these colours"),
                                                  fs_palette_get_name (self->palette));
    toast (self, message);
  }
}

void
fs_palette_bar_show_chooser (FsPaletteBar *self)
{
  GtkWidget *chooser;

  g_return_if_fail (FS_IS_PALETTE_BAR (self));

  chooser = fs_colour_chooser_new (parent_window (self),
                                   self->palette != NULL ? fs_palette_get_name (self->palette)
                                                         : NULL);
  g_signal_connect_object (chooser, "chosen", G_CALLBACK (colour_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (chooser));
}

void
fs_palette_bar_show_manager (FsPaletteBar *self)
{
  g_return_if_fail (FS_IS_PALETTE_BAR (self));

  if (self->store == NULL)
    return;

  if (self->manager == NULL)
    g_set_weak_pointer (&self->manager, fs_palette_manager_new (parent_window (self), self->store));
  gtk_window_present (GTK_WINDOW (self->manager));
}
