/* fs-palette-manager.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fs-colour.h"
#include "fs-colour-swatch.h"
#include "fs-palette-manager.h"
#include "fs-ui.h"

#define STRIP_SWATCHES 6
#define STRIP_SIZE     14
#define ROW_SWATCH     24

struct _FsPaletteManager
{
  AdwPreferencesWindow  parent_instance;

  AdwPreferencesGroup  *group;
  GtkWidget            *empty_row;
  AdwActionRow         *folder_row;

  FsPaletteStore       *store;
  GPtrArray            *rows;      /* AdwExpanderRow, in store order */
  GPtrArray            *watched;   /* FsPalette, whose changes refill rows */
  GtkNativeDialog      *native;    /* the file chooser that is open */
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (FsPaletteManager, fs_palette_manager, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* An operation on one palette that may finish after the window closed. */
typedef struct
{
  FsPaletteManager *self;
  FsPalette        *palette;
  FsPaletteFormat   format;
  char             *label;
} ManagerOp;

static ManagerOp *
manager_op_new (FsPaletteManager *self,
                FsPalette        *palette,
                const char       *label)
{
  ManagerOp *op = g_new0 (ManagerOp, 1);

  op->self = g_object_ref (self);
  op->palette = palette != NULL ? g_object_ref (palette) : NULL;
  op->label = g_strdup (label);
  return op;
}

static void
manager_op_free (ManagerOp *op)
{
  g_object_unref (op->self);
  g_clear_object (&op->palette);
  g_free (op->label);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ManagerOp, manager_op_free)

static void
toast (FsPaletteManager *self,
       const char       *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 5);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

static void
show_error (FsPaletteManager *self,
            const char       *heading,
            const char       *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A failure of an operation that was not cancelled, as a toast. */
static void toast_failure (ManagerOp  *op,
                           GError     *error,
                           const char *format,
                           ...) G_GNUC_PRINTF (3, 4);

static void
toast_failure (ManagerOp  *op,
               GError     *error,
               const char *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  toast (op->self, message);
}

static FsPalette *
palette_at (FsPaletteManager *self,
            guint             position)
{
  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->store)))
    return NULL;

  return g_list_model_get_item (G_LIST_MODEL (self->store), position);
}

static gboolean
name_taken (FsPaletteManager *self,
            const char       *name,
            FsPalette        *except)
{
  FsPalette *found = fs_palette_store_find (self->store, name);

  return found != NULL && found != except;
}

/* Rows ------------------------------------------------------------------------------- */

static GtkWidget *
new_icon_button (const char *icon_name,
                 const char *label,
                 const char *action_name,
                 GVariant   *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  return button;
}

static GtkWidget *
new_swatch_row (guint           position,
                guint           index,
                const FsSwatch *swatch)
{
  g_autofree char *hex = fs_colour_format_hex (swatch->r, swatch->g, swatch->b);
  g_autofree char *remove_label = NULL;
  const char *name = swatch->name != NULL && swatch->name[0] != '\0' ? swatch->name : NULL;
  const char *known = fs_colour_get_name (swatch->r, swatch->g, swatch->b);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *patch = fs_colour_swatch_new_rgb (swatch->r, swatch->g, swatch->b, ROW_SWATCH);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name != NULL ? name : hex);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               name != NULL ? hex : (known != NULL ? known : ""));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), patch);

  /* Translators: a button that removes one colour from a palette */
  remove_label = g_strdup_printf (_("Remove %s"), hex);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             new_icon_button ("list-remove-symbolic", remove_label,
                                              "manager.remove-swatch",
                                              g_variant_new ("(uu)", position, index)));
  return row;
}

static GtkWidget *
new_strip (FsPalette *palette)
{
  GtkWidget *strip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 3);
  guint n = fs_palette_get_n_swatches (palette);

  gtk_widget_set_valign (strip, GTK_ALIGN_CENTER);
  for (guint i = 0; i < MIN (n, STRIP_SWATCHES); i++)
    {
      const FsSwatch *swatch = fs_palette_get_swatch (palette, i);
      GtkWidget *patch = fs_colour_swatch_new_rgb (swatch->r, swatch->g, swatch->b, STRIP_SIZE);

      fs_colour_swatch_set_round (FS_COLOUR_SWATCH (patch), TRUE);
      gtk_box_append (GTK_BOX (strip), patch);
    }

  return strip;
}

static GMenuModel *
new_row_menu (guint position)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) files = g_menu_new ();
  g_autoptr(GMenu) danger = g_menu_new ();
  struct
  {
    GMenu      *section;
    const char *label;
    const char *action;
  } items[] = {
    { menu, N_("_Rename…"), "manager.rename" },
    { files, N_("Export as _GIMP Palette…"), "manager.export-gpl" },
    { files, N_("Export as _Adobe Swatch Exchange…"), "manager.export-ase" },
    { danger, N_("_Delete…"), "manager.delete" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (gettext (items[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, items[i].action,
                                               g_variant_new_uint32 (position));
      g_menu_append_item (items[i].section, item);
    }

  g_menu_append_section (menu, NULL, G_MENU_MODEL (files));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (danger));
  return G_MENU_MODEL (menu);
}

static void
add_row_actions (FsPaletteManager *self,
                 GtkWidget        *row,
                 FsPalette        *palette,
                 guint             position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  const char *name = fs_palette_get_name (palette);
  g_autofree char *up = g_strdup_printf (_("Move “%s” Up"), name);
  g_autofree char *down = g_strdup_printf (_("Move “%s” Down"), name);
  g_autofree char *more = g_strdup_printf (_("More for “%s”"), name);
  g_autoptr(GMenuModel) menu = new_row_menu (position);
  gboolean can_go_up = position > 0;
  gboolean can_go_down = position + 1 < n;
  /* An action would make the button sensitive again: the ends get none. */
  GtkWidget *up_button = new_icon_button ("go-up-symbolic", up,
                                          can_go_up ? "manager.move-up" : NULL,
                                          g_variant_new_uint32 (position));
  GtkWidget *down_button = new_icon_button ("go-down-symbolic", down,
                                            can_go_down ? "manager.move-down" : NULL,
                                            g_variant_new_uint32 (position));
  GtkWidget *menu_button = gtk_menu_button_new ();

  gtk_widget_set_sensitive (up_button, can_go_up);
  gtk_widget_set_sensitive (down_button, can_go_down);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), menu);
  gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (menu_button, more);
  gtk_widget_add_css_class (menu_button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, more, -1);

  /* Each action goes before the others: added from the end. */
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), menu_button);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), down_button);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), up_button);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), new_strip (palette));
}

static GtkWidget *
new_palette_row (FsPaletteManager *self,
                 FsPalette        *palette,
                 guint             position)
{
  GtkWidget *row = adw_expander_row_new ();
  guint n = fs_palette_get_n_swatches (palette);
  g_autofree char *subtitle = g_strdup_printf (ngettext ("%u colour", "%u colours", n), n);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fs_palette_get_name (palette));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  add_row_actions (self, row, palette, position);

  for (guint i = 0; i < n; i++)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                              new_swatch_row (position, i, fs_palette_get_swatch (palette, i)));
  return row;
}

static void
unwatch_palettes (FsPaletteManager *self)
{
  for (guint i = 0; i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->watched, i), self);
  g_ptr_array_set_size (self->watched, 0);
}

/* Palettes are few: any change rebuilds every row, keeping the open
 * ones open. */
static void
rebuild_rows (FsPaletteManager *self)
{
  g_autoptr(GHashTable) expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = self->store != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->store)) : 0;

  for (guint i = 0; i < self->rows->len; i++)
    {
      AdwExpanderRow *row = g_ptr_array_index (self->rows, i);

      if (adw_expander_row_get_expanded (row))
        g_hash_table_add (expanded,
                          g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row))));
      adw_preferences_group_remove (self->group, GTK_WIDGET (row));
    }
  g_ptr_array_set_size (self->rows, 0);
  unwatch_palettes (self);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FsPalette) palette = palette_at (self, i);
      GtkWidget *row = new_palette_row (self, palette, i);

      const char *name = fs_palette_get_name (palette);

      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row),
                                     g_hash_table_contains (expanded, name));
      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
      g_signal_connect_object (palette, "changed", G_CALLBACK (rebuild_rows), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (palette, "notify::name", G_CALLBACK (rebuild_rows), self,
                               G_CONNECT_SWAPPED);
      g_ptr_array_add (self->watched, g_object_ref (palette));
    }

  gtk_widget_set_visible (self->empty_row, n == 0);
}

/* Asking for a name -------------------------------------------------------------------- */

typedef void (*NameChosen) (FsPaletteManager *self,
                            FsPalette        *palette,
                            const char       *name);

typedef struct
{
  FsPaletteManager *self;
  FsPalette        *palette;   /* the one being renamed, or NULL */
  GtkWidget        *entry;
  NameChosen        chosen;
} NameAsk;

static void
name_ask_free (NameAsk *ask)
{
  g_object_unref (ask->self);
  g_clear_object (&ask->palette);
  g_free (ask);
}

static char *
entered_name (NameAsk *ask)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (ask->entry))));
}

/* A name is needed, and two palettes by one name could not be told
 * apart in the palette menu. */
static void
name_changed_cb (GtkEditable      *entry,
                 AdwMessageDialog *dialog)
{
  NameAsk *ask = g_object_get_data (G_OBJECT (dialog), "fs-ask");
  g_autofree char *name = entered_name (ask);
  gboolean taken = name[0] != '\0' && name_taken (ask->self, name, ask->palette);
  gboolean ok = name[0] != '\0' && !taken;

  adw_message_dialog_set_response_enabled (dialog, "ok", ok);
  fs_ui_set_invalid (GTK_WIDGET (entry), taken);
  gtk_widget_set_tooltip_text (GTK_WIDGET (entry),
                               taken ? _("Another palette has this name") : NULL);
}

static void
name_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  NameAsk          *ask)
{
  g_autofree char *name = entered_name (ask);

  if (g_str_equal (response, "ok") && name[0] != '\0' &&
      !name_taken (ask->self, name, ask->palette))
    ask->chosen (ask->self, ask->palette, name);
}

static void
name_activate_cb (GtkEntry         *entry,
                  AdwMessageDialog *dialog)
{
  if (!adw_message_dialog_get_response_enabled (dialog, "ok"))
    return;

  adw_message_dialog_response (dialog, "ok");
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
ask_name (FsPaletteManager *self,
          const char       *heading,
          const char       *response_label,
          FsPalette        *palette,
          const char       *initial,
          NameChosen        chosen)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);
  NameAsk *ask = g_new0 (NameAsk, 1);

  ask->self = g_object_ref (self);
  ask->palette = palette != NULL ? g_object_ref (palette) : NULL;
  ask->chosen = chosen;
  ask->entry = gtk_entry_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (ask->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Palette name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), ask->entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "ok", response_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_object_set_data_full (G_OBJECT (dialog), "fs-ask", ask, (GDestroyNotify) name_ask_free);
  g_signal_connect (ask->entry, "changed", G_CALLBACK (name_changed_cb), dialog);
  g_signal_connect (ask->entry, "activate", G_CALLBACK (name_activate_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (name_response_cb), ask);
  gtk_editable_set_text (GTK_EDITABLE (ask->entry), initial);
  name_changed_cb (GTK_EDITABLE (ask->entry), ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (ask->entry);
}

/* New, rename, delete, move -------------------------------------------------------------- */

static void
palette_added_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ManagerOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsPalette) palette = fs_palette_store_add_finish (FS_PALETTE_STORE (source), result,
                                                              &error);
  g_autofree char *message = NULL;
  guint n;

  if (palette == NULL)
    {
      /* Translators: a palette name, then the reason */
      toast_failure (op, error, _("Could not add “%s”: %s"), op->label, error->message);
      return;
    }

  n = fs_palette_get_n_swatches (palette);
  /* Translators: "Added “Brand” (5 colours)" */
  message = g_strdup_printf (ngettext ("Added “%s” (%u colour)", "Added “%s” (%u colours)",
                                       n),
                             fs_palette_get_name (palette), n);
  toast (op->self, message);
}

static void
create_palette (FsPaletteManager *self,
                FsPalette        *unused,
                const char       *name)
{
  g_autoptr(FsPalette) palette = fs_palette_new (name);

  fs_palette_store_add_async (self->store, palette, self->cancellable, palette_added_cb,
                              manager_op_new (self, palette, name));
}

static char *
unused_name (FsPaletteManager *self)
{
  g_autofree char *name = g_strdup (_("Brand Colours"));

  for (guint i = 2; name_taken (self, name, NULL); i++)
    {
      g_free (name);
      /* Translators: a new palette's name when "Brand Colours" is taken */
      name = g_strdup_printf (_("Brand Colours %u"), i);
    }

  return g_steal_pointer (&name);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  FsPaletteManager *self = FS_PALETTE_MANAGER (widget);
  g_autofree char *name = unused_name (self);

  ask_name (self, _("New Palette"), _("_Create"), NULL, name, create_palette);
}

static void
renamed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ManagerOp) op = user_data;
  g_autoptr(GError) error = NULL;

  if (!fs_palette_store_rename_finish (FS_PALETTE_STORE (source), result, &error))
    /* Translators: a palette name, then the reason */
    toast_failure (op, error, _("Could not rename “%s”: %s"), op->label, error->message);
}

static void
rename_palette (FsPaletteManager *self,
                FsPalette        *palette,
                const char       *name)
{
  fs_palette_store_rename_async (self->store, palette, name, self->cancellable, renamed_cb,
                                 manager_op_new (self, palette, fs_palette_get_name (palette)));
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FsPaletteManager *self = FS_PALETTE_MANAGER (widget);
  g_autoptr(FsPalette) palette = palette_at (self, g_variant_get_uint32 (parameter));

  if (palette != NULL)
    ask_name (self, _("Rename Palette"), _("_Rename"), palette, fs_palette_get_name (palette),
              rename_palette);
}

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ManagerOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!fs_palette_store_delete_finish (FS_PALETTE_STORE (source), result, &error))
    {
      /* Translators: a palette name, then the reason */
      toast_failure (op, error, _("Could not delete “%s”: %s"), op->label, error->message);
      return;
    }

  /* Translators: a palette name */
  message = g_strdup_printf (_("Moved “%s” to the Trash"), op->label);
  toast (op->self, message);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    ManagerOp        *op)
{
  if (g_str_equal (response, "delete"))
    fs_palette_store_delete_async (op->self->store, op->palette, op->self->cancellable, deleted_cb,
                                   manager_op_new (op->self, op->palette, op->label));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FsPaletteManager *self = FS_PALETTE_MANAGER (widget);
  g_autoptr(FsPalette) palette = palette_at (self, g_variant_get_uint32 (parameter));
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (palette == NULL)
    return;

  /* Translators: a palette name */
  heading = g_strdup_printf (_("Delete “%s”?"), fs_palette_get_name (palette));
  dialog = fs_ui_delete_dialog_new (GTK_WINDOW (self), heading,
                                    _("Its file is moved to the Trash, and its colours leave "
                                      "the palette bar."));
  g_signal_connect_data (dialog, "response", G_CALLBACK (delete_response_cb),
                         manager_op_new (self, palette, fs_palette_get_name (palette)),
                         (GClosureNotify) (void (*) (void)) manager_op_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
moved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(ManagerOp) op = user_data;
  g_autoptr(GError) error = NULL;

  if (!fs_palette_store_move_finish (FS_PALETTE_STORE (source), result, &error))
    /* Translators: a palette name, then the reason */
    toast_failure (op, error, _("Could not move “%s”: %s"), op->label, error->message);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FsPaletteManager *self = FS_PALETTE_MANAGER (widget);
  guint from = g_variant_get_uint32 (parameter);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  gboolean up = g_str_equal (action_name, "manager.move-up");
  g_autoptr(FsPalette) palette = palette_at (self, from);

  if (palette == NULL || (up && from == 0) || (!up && from + 1 >= n))
    return;

  fs_palette_store_move_async (self->store, from, up ? from - 1 : from + 1, self->cancellable,
                               moved_cb, manager_op_new (self, palette,
                                                         fs_palette_get_name (palette)));
}

static void
swatch_removed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ManagerOp) op = user_data;
  g_autoptr(GError) error = NULL;

  if (!fs_palette_store_save_finish (FS_PALETTE_STORE (source), result, &error))
    /* Translators: a palette name, then the reason */
    toast_failure (op, error, _("Could not save “%s”: %s"), op->label, error->message);
}

static void
remove_swatch_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FsPaletteManager *self = FS_PALETTE_MANAGER (widget);
  guint position;
  guint index;
  g_autoptr(FsPalette) palette = NULL;

  g_variant_get (parameter, "(uu)", &position, &index);
  palette = palette_at (self, position);
  if (palette == NULL || index >= fs_palette_get_n_swatches (palette))
    return;

  fs_palette_remove_swatch (palette, index);
  fs_palette_store_save_async (self->store, palette, self->cancellable, swatch_removed_cb,
                               manager_op_new (self, palette, fs_palette_get_name (palette)));
}

/* Import and export --------------------------------------------------------------------------- */

static GFile *
take_chosen_file (FsPaletteManager *self,
                  GtkNativeDialog  *native,
                  int               response)
{
  GFile *file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

  gtk_native_dialog_destroy (native);
  if (self->native == native)
    g_clear_object (&self->native);
  return file;
}

static void
show_native (FsPaletteManager *self,
             GtkNativeDialog  *native,
             GCallback         response_cb,
             ManagerOp        *op)
{
  if (self->native != NULL)
    gtk_native_dialog_destroy (self->native);
  g_set_object (&self->native, native);
  gtk_native_dialog_set_modal (native, TRUE);
  g_signal_connect_data (native, "response", response_cb, op,
                         (GClosureNotify) (void (*) (void)) manager_op_free, 0);
  gtk_native_dialog_show (native);
}

static void
imported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ManagerOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsPalette) palette = fs_palette_import_finish (result, &error);

  if (palette != NULL)
    {
      ManagerOp *add = manager_op_new (op->self, palette, fs_palette_get_name (palette));

      fs_palette_store_add_async (op->self->store, palette, op->self->cancellable,
                                  palette_added_cb, add);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The core names the file and says what is wrong and where ("line 7:
   * …"); nothing of the file was kept. */
  show_error (op->self, _("Could Not Import the Palette"), error->message);
}

static void
import_response_cb (GtkNativeDialog *native,
                    int              response,
                    ManagerOp       *op)
{
  g_autoptr(GFile) file = take_chosen_file (op->self, native, response);

  if (file != NULL)
    fs_palette_manager_import (op->self, file);
}

static gboolean
drop_cb (GtkDropTarget    *target,
         const GValue     *value,
         double            x,
         double            y,
         FsPaletteManager *self)
{
  GSList *files = g_value_get_boxed (value);

  for (GSList *l = files; l != NULL; l = l->next)
    fs_palette_manager_import (self, l->data);
  return files != NULL;
}

static void
add_drop_target (FsPaletteManager *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FsPaletteManager *self = FS_PALETTE_MANAGER (widget);
  g_autoptr(GtkFileChooserNative) native = NULL;

  native = gtk_file_chooser_native_new (_("Import Palette"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  fs_ui_add_file_filter (GTK_FILE_CHOOSER (native), _("All Palettes"),
              "*.gpl *.GPL *.ase *.ASE *.txt *.TXT *.css *.CSS");
  fs_ui_add_file_filter (GTK_FILE_CHOOSER (native), _("GIMP Palettes"), "*.gpl *.GPL");
  fs_ui_add_file_filter (GTK_FILE_CHOOSER (native), _("Adobe Swatch Exchange"), "*.ase *.ASE");
  fs_ui_add_file_filter (GTK_FILE_CHOOSER (native), _("Text and CSS With Hex Codes"),
              "*.txt *.TXT *.css *.CSS");
  show_native (self, GTK_NATIVE_DIALOG (native), G_CALLBACK (import_response_cb),
               manager_op_new (self, NULL, NULL));
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ManagerOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!fs_palette_export_finish (FS_PALETTE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        /* Translators: a file name */
        show_error (op->self, _("Could Not Export the Palette"), error->message);
      return;
    }

  /* Translators: a palette name, then a file name */
  message = g_strdup_printf (_("Exported “%s” to %s"), fs_palette_get_name (op->palette),
                             op->label);
  toast (op->self, message);
}

static void
export_response_cb (GtkNativeDialog *native,
                    int              response,
                    ManagerOp       *op)
{
  g_autoptr(GFile) file = take_chosen_file (op->self, native, response);
  g_autofree char *basename = NULL;
  ManagerOp *export;

  if (file == NULL)
    return;

  basename = g_file_get_basename (file);
  export = manager_op_new (op->self, op->palette, basename);
  fs_palette_export_async (op->palette, file, op->format, op->self->cancellable, exported_cb,
                           export);
}

static char *
export_file_name (FsPalette       *palette,
                  FsPaletteFormat  format)
{
  g_autofree char *stem = g_strdelimit (g_strdup (fs_palette_get_name (palette)), "/\\", '-');

  return g_strconcat (stem, format == FS_PALETTE_FORMAT_ASE ? ".ase" : ".gpl", NULL);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FsPaletteManager *self = FS_PALETTE_MANAGER (widget);
  g_autoptr(FsPalette) palette = palette_at (self, g_variant_get_uint32 (parameter));
  g_autoptr(GtkFileChooserNative) native = NULL;
  g_autofree char *name = NULL;
  ManagerOp *op;

  if (palette == NULL)
    return;

  op = manager_op_new (self, palette, NULL);
  op->format = g_str_equal (action_name, "manager.export-ase") ? FS_PALETTE_FORMAT_ASE
                                                               : FS_PALETTE_FORMAT_GPL;
  name = export_file_name (palette, op->format);
  native = gtk_file_chooser_native_new (op->format == FS_PALETTE_FORMAT_ASE
                                          ? _("Export as Adobe Swatch Exchange")
                                          : _("Export as GIMP Palette"),
                                        GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  show_native (self, GTK_NATIVE_DIALOG (native), G_CALLBACK (export_response_cb), op);
}

/* GObject ----------------------------------------------------------------------------------- */

/* The palettes are plain files: GIMP, Inkscape and Krita read them, and
 * a file dropped into the folder appears here. */
static void
describe_folder (FsPaletteManager *self)
{
  GFile *folder = fs_palette_store_get_folder (self->store);
  g_autofree char *path = folder != NULL ? g_file_get_path (folder) : NULL;
  g_autofree char *shown = NULL;
  g_autofree char *subtitle = NULL;
  const char *home = g_get_home_dir ();

  if (path == NULL)
    return;

  if (g_str_has_prefix (path, home) && path[strlen (home)] == G_DIR_SEPARATOR)
    shown = g_strconcat ("~", path + strlen (home), NULL);
  else
    shown = g_strdup (path);

  /* Translators: the folder's path, then what the folder is for */
  subtitle = g_strdup_printf (_("%s\nGIMP palettes (.gpl) put here appear at once"), shown);
  adw_action_row_set_subtitle (self->folder_row, subtitle);
}

static void
folder_opened_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ManagerOp) op = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    /* Translators: a folder, then the reason */
    toast_failure (op, error, _("Could not open %s: %s"), op->label, error->message);
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FsPaletteManager *self = FS_PALETTE_MANAGER (widget);
  GFile *folder = fs_palette_store_get_folder (self->store);
  g_autofree char *uri = g_file_get_uri (folder);
  g_autofree char *name = g_file_get_basename (folder);
  g_autoptr(GdkAppLaunchContext) context = gdk_display_get_app_launch_context (
                                             gtk_widget_get_display (widget));

  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), self->cancellable,
                                           folder_opened_cb, manager_op_new (self, NULL, name));
}

static void
fs_palette_manager_constructed (GObject *object)
{
  FsPaletteManager *self = FS_PALETTE_MANAGER (object);

  G_OBJECT_CLASS (fs_palette_manager_parent_class)->constructed (object);

  g_assert (FS_IS_PALETTE_STORE (self->store));
  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (rebuild_rows), self,
                           G_CONNECT_SWAPPED);
  describe_folder (self);
  rebuild_rows (self);
}

static void
fs_palette_manager_dispose (GObject *object)
{
  FsPaletteManager *self = FS_PALETTE_MANAGER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->native != NULL)
    gtk_native_dialog_destroy (self->native);
  g_clear_object (&self->native);
  if (self->watched != NULL)
    unwatch_palettes (self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (fs_palette_manager_parent_class)->dispose (object);
}

static void
fs_palette_manager_finalize (GObject *object)
{
  FsPaletteManager *self = FS_PALETTE_MANAGER (object);

  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->watched);

  G_OBJECT_CLASS (fs_palette_manager_parent_class)->finalize (object);
}

static void
fs_palette_manager_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FsPaletteManager *self = FS_PALETTE_MANAGER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_palette_manager_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FsPaletteManager *self = FS_PALETTE_MANAGER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_palette_manager_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "manager.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "manager.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "manager.rename", "u", rename_action);
  gtk_widget_class_install_action (widget_class, "manager.delete", "u", delete_action);
  gtk_widget_class_install_action (widget_class, "manager.move-up", "u", move_action);
  gtk_widget_class_install_action (widget_class, "manager.move-down", "u", move_action);
  gtk_widget_class_install_action (widget_class, "manager.export-gpl", "u", export_action);
  gtk_widget_class_install_action (widget_class, "manager.export-ase", "u", export_action);
  gtk_widget_class_install_action (widget_class, "manager.remove-swatch", "(uu)",
                                   remove_swatch_action);
  gtk_widget_class_install_action (widget_class, "manager.open-folder", NULL, open_folder_action);
}

static void
fs_palette_manager_class_init (FsPaletteManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fs_palette_manager_constructed;
  object_class->dispose = fs_palette_manager_dispose;
  object_class->finalize = fs_palette_manager_finalize;
  object_class->get_property = fs_palette_manager_get_property;
  object_class->set_property = fs_palette_manager_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, FS_TYPE_PALETTE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  fs_palette_manager_install_actions (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "manager.new",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "manager.import", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/fs-palette-manager.ui");
  gtk_widget_class_bind_template_child (widget_class, FsPaletteManager, group);
  gtk_widget_class_bind_template_child (widget_class, FsPaletteManager, empty_row);
  gtk_widget_class_bind_template_child (widget_class, FsPaletteManager, folder_row);
}

static void
fs_palette_manager_init (FsPaletteManager *self)
{
  g_type_ensure (ADW_TYPE_BUTTON_CONTENT);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  add_drop_target (self);
}

GtkWidget *
fs_palette_manager_new (GtkWindow      *parent,
                        FsPaletteStore *store)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FS_IS_PALETTE_STORE (store), NULL);

  return g_object_new (FS_TYPE_PALETTE_MANAGER,
                       "transient-for", parent,
                       "store", store,
                       NULL);
}

void
fs_palette_manager_import (FsPaletteManager *self,
                           GFile            *file)
{
  g_autofree char *basename = NULL;

  g_return_if_fail (FS_IS_PALETTE_MANAGER (self));
  g_return_if_fail (G_IS_FILE (file));

  basename = g_file_get_basename (file);
  fs_palette_import_async (file, self->cancellable, imported_cb,
                           manager_op_new (self, NULL, basename));
}
