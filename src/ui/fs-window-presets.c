/* fs-window-presets.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fs-error.h"
#include "fs-file.h"
#include "fs-json.h"
#include "fs-preset.h"
#include "fs-window-private.h"

/* Presets in the window (docs/ARCHITECTURE.md, “Presets”): the sidebar's
 * Presets menu applies one, saves the current settings as one, imports a
 * preset file and exports one. Preset files are read and written in
 * worker threads (fs-preset.c blocks). */

/* Worker jobs ------------------------------------------------------------------ */

typedef enum
{
  PRESET_LIST,
  PRESET_APPLY,
  PRESET_SAVE,
  PRESET_IMPORT,
  PRESET_EXPORT,
} PresetWork;

typedef struct
{
  PresetWork  work;
  JsonObject *preset;
  FsCatalog  *catalog;
  GFile      *file;
  char       *name;
  GPtrArray  *references;  /* FsReference: to keep (save), or loaded (apply) */
  GPtrArray  *missing;     /* char *: the references the store has lost (apply) */
} PresetData;

static void
preset_data_free (PresetData *data)
{
  g_clear_pointer (&data->preset, json_object_unref);
  g_clear_object (&data->catalog);
  g_clear_object (&data->file);
  g_free (data->name);
  g_clear_pointer (&data->references, g_ptr_array_unref);
  g_clear_pointer (&data->missing, g_ptr_array_unref);
  g_free (data);
}

static gboolean
save_checked (JsonObject  *preset,
              FsCatalog   *catalog,
              GError     **error)
{
  g_autoptr(GPtrArray) problems = fs_preset_check_models (preset, catalog);
  g_autofree char *path = NULL;

  if (problems->len > 0)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   /* Translators: a preset's name, then what is wrong with it */
                   _("The preset “%s” does not fit its model: %s"),
                   fs_preset_get_name (preset), (char *) g_ptr_array_index (problems, 0));
      return FALSE;
    }
  path = fs_preset_save (preset, TRUE, error);
  return path != NULL;
}

static void
preset_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  PresetData *data = task_data;
  GError *error = NULL;

  switch (data->work)
    {
    case PRESET_LIST:
      {
        GPtrArray *presets = fs_preset_list (&error);

        if (presets == NULL)
          g_task_return_error (task, error);
        else
          g_task_return_pointer (task, presets, (GDestroyNotify) g_ptr_array_unref);
        return;
      }
    case PRESET_APPLY:
      {
        g_autoptr(GPtrArray) presets = fs_preset_list (&error);

        for (guint i = 0; presets != NULL && i < presets->len; i++)
          if (g_str_equal (fs_preset_get_name (g_ptr_array_index (presets, i)), data->name))
            data->preset = json_object_ref (g_ptr_array_index (presets, i));
        if (presets == NULL || data->preset == NULL)
          {
            if (error == NULL)
              error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                   /* Translators: a preset's name */
                                   _("The preset “%s” is gone"), data->name);
            g_task_return_error (task, error);
            return;
          }
        /* Its references come back from the reference store here, off
         * the main thread; those the store has lost are told. */
        data->missing = g_ptr_array_new_with_free_func (g_free);
        data->references = fs_preset_load_references (data->preset, data->missing, cancellable,
                                                      &error);
        if (data->references == NULL)
          g_task_return_error (task, error);
        else
          g_task_return_boolean (task, TRUE);
        return;
      }
    case PRESET_SAVE:
      /* The preset names its references by hash: the store keeps them. */
      if (data->references != NULL && !fs_preset_keep_references (data->references, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      break;
    case PRESET_IMPORT:
      {
        g_autoptr(GBytes) bytes = fs_file_read (data->file, FS_PRESET_MAX_BYTES, cancellable, &error);
        g_autofree char *name = g_file_get_parse_name (data->file);

        if (bytes != NULL)
          data->preset = fs_preset_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                          name, &error);
        if (data->preset == NULL)
          {
            g_task_return_error (task, error);
            return;
          }
        break;
      }
    case PRESET_EXPORT:
      {
        g_autofree char *text = NULL;
        JsonObject *preset = fs_preset_find (data->name, &error);

        if (preset == NULL)
          {
            g_task_return_error (task, error);
            return;
          }
        text = fs_preset_to_text (preset);
        json_object_unref (preset);
        if (!g_file_replace_contents (data->file, text, strlen (text), NULL, FALSE,
                                      G_FILE_CREATE_REPLACE_DESTINATION, NULL, cancellable, &error))
          g_task_return_error (task, error);
        else
          g_task_return_boolean (task, TRUE);
        return;
      }
    default:
      g_assert_not_reached ();
    }

  if (!save_checked (data->preset, data->catalog, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
run_preset_work (FsWindow            *self,
                 PresetData          *data,
                 GAsyncReadyCallback  callback)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, callback, NULL);

  data->catalog = self->catalog ? g_object_ref (self->catalog) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) preset_data_free);
  g_task_run_in_thread (task, preset_worker);
}

/* The menu --------------------------------------------------------------------- */

static void refresh_menu (FsWindow *self);

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  FsWindow *self = FS_WINDOW (object);
  g_autoptr(GPtrArray) presets = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) apply = g_menu_new ();
  g_autoptr(GMenu) actions = g_menu_new ();
  g_autoptr(GMenu) export = g_menu_new ();

  if (presets == NULL || self->presets_button == NULL)
    return;

  for (guint i = 0; i < presets->len; i++)
    {
      const char *name = fs_preset_get_name (g_ptr_array_index (presets, i));
      /* Translators: a preset's name in the Export menu: a dialog follows */
      g_autofree char *export_label = g_strdup_printf (_("%s…"), name);
      g_autoptr(GMenuItem) item = g_menu_item_new (name, NULL);
      g_autoptr(GMenuItem) export_item = g_menu_item_new (export_label, NULL);

      g_menu_item_set_action_and_target_value (item, "win.apply-preset",
                                               g_variant_new_string (name));
      g_menu_append_item (apply, item);
      g_menu_item_set_action_and_target_value (export_item, "win.export-preset",
                                               g_variant_new_string (name));
      g_menu_append_item (export, export_item);
    }
  g_menu_append (actions, _("_Save Current Settings…"), "win.save-preset");
  g_menu_append (actions, _("_Import…"), "win.import-preset");
  g_menu_append_submenu (actions, _("_Export"), G_MENU_MODEL (export));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (apply));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (actions));
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->presets_button), G_MENU_MODEL (menu));
}

static void
refresh_menu (FsWindow *self)
{
  PresetData *data = g_new0 (PresetData, 1);

  data->work = PRESET_LIST;
  run_preset_work (self, data, listed_cb);
}

void
_fs_window_install_presets (FsWindow *self)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "view-list-bullet-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("_Presets"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_menu_button_set_child (GTK_MENU_BUTTON (button), content);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_margin_bottom (button, 12);
  gtk_widget_set_tooltip_text (button, _("Apply, Save, Import or Export a Preset"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Presets"), -1);
  self->presets_button = button;
  /* First in the sidebar: a preset is where a setting-up starts. */
  gtk_box_prepend (GTK_BOX (self->panel_box), button);
  refresh_menu (self);
}

/* Apply -------------------------------------------------------------------------- */

static void
apply_found (FsWindow   *self,
             JsonObject *preset,
             GPtrArray  *references,
             GPtrArray  *missing)
{
  const char *model_id = fs_json_get_string (preset, "model");
  const char *provider_id = fs_json_get_string (preset, "provider");
  JsonArray *models = json_object_has_member (preset, "models")
                      ? json_object_get_array_member (preset, "models") : NULL;
  g_autoptr(FsRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  const char *palette_name = fs_preset_get_palette (preset);
  FsPalette *palette = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *message = NULL;

  /* A preset that names the model in use (as its model or one of its
   * "models") applies to it, on the provider in use; any other brings its
   * own provider and model. */
  if (g_strcmp0 (model_id, _fs_window_get_model_id (self)) == 0)
    provider_id = _fs_window_get_provider_id (self);
  for (guint i = 0; models != NULL && i < json_array_get_length (models); i++)
    if (g_strcmp0 (json_array_get_string_element (models, i), _fs_window_get_model_id (self)) == 0)
      {
        provider_id = _fs_window_get_provider_id (self);
        model_id = _fs_window_get_model_id (self);
      }

  request = fs_preset_to_request (preset, self->catalog, provider_id, model_id, &error);
  if (request == NULL)
    {
      fs_window_toast (self, error->message);
      return;
    }
  _fs_window_select (self, fs_request_get_provider_id (request), fs_request_get_model_id (request),
                     TRUE);
  fs_param_panel_load_request (self->panel, request);
  /* The palette becomes the active one, and its codes go into the prompt
   * as the CLI writes them (fs_preset_apply_prompt()). */
  if (palette_name != NULL)
    {
      FsPaletteStore *store = fs_palette_bar_get_store (self->palette_bar);

      fs_palette_bar_set_active_palette (self->palette_bar, palette_name);
      palette = store != NULL ? fs_palette_store_find (store, palette_name) : NULL;
    }
  if (fs_json_get_string (preset, "prompt") != NULL || palette != NULL)
    {
      g_autofree char *current = fs_prompt_editor_dup_text (self->prompt_editor);

      prompt = fs_preset_apply_prompt (preset, current, palette,
                                       fs_palette_bar_get_insert_phrase (self->palette_bar));
      fs_prompt_editor_set_text (self->prompt_editor, prompt);
    }
  /* The references the preset names replace the tray's, in order; when
   * the store has lost every one the tray stays as it was. */
  if (references->len > 0)
    fs_reference_tray_set_references (self->reference_tray, references);
  if (missing->len > 0)
    {
      g_autofree char *lost = NULL;
      g_autofree char *lost_message = NULL;

      g_ptr_array_add (missing, NULL);
      lost = g_strjoinv ("; ", (char **) missing->pdata);
      g_ptr_array_remove_index (missing, missing->len - 1);
      /* Translators: a preset's name, how many references, then why each is missing */
      lost_message = g_strdup_printf (ngettext ("Preset “%s” applied without %u of its "
                                                "references: %s",
                                                "Preset “%s” applied without %u of its "
                                                "references: %s", missing->len),
                                      fs_preset_get_name (preset), missing->len, lost);
      fs_window_toast (self, lost_message);
    }
  if (palette_name != NULL && palette == NULL)
    /* Translators: a preset's name, then a palette's */
    message = g_strdup_printf (_("Preset “%s” applied, but its palette “%s” is not among your "
                                 "palettes: import it with Manage Palettes…"),
                               fs_preset_get_name (preset), palette_name);
  else if (missing->len == 0)
    /* Translators: a preset's name */
    message = g_strdup_printf (_("Preset “%s” applied"), fs_preset_get_name (preset));
  if (message != NULL)
    fs_window_toast (self, message);
}

static void
apply_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FsWindow *self = FS_WINDOW (object);
  PresetData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fs_window_toast (self, error->message);
      return;
    }
  apply_found (self, data->preset, data->references, data->missing);
}

static void
apply_preset_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);
  PresetData *data;

  if (self->panel == NULL || self->catalog == NULL)
    return;
  data = g_new0 (PresetData, 1);
  data->work = PRESET_APPLY;
  data->name = g_strdup (g_variant_get_string (parameter, NULL));
  run_preset_work (self, data, apply_loaded_cb);
}

/* Save, import, export ------------------------------------------------------------ */

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  FsWindow *self = FS_WINDOW (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fs_window_toast (self, error->message);
      return;
    }
  fs_window_toast (self, user_data ? user_data : _("Preset saved"));
  refresh_menu (self);
}

static void
save_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          user_data)
{
  FsWindow *self = user_data;
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(FsRequest) request = NULL;
  g_autoptr(GPtrArray) references = NULL;
  g_autofree char *prompt = NULL;
  PresetData *data;

  if (!g_str_equal (response, "save") || name[0] == '\0' || self->panel == NULL)
    return;

  request = fs_param_panel_build_request (self->panel);
  references = fs_reference_tray_get_active_references (self->reference_tray);
  for (guint i = 0; i < references->len; i++)
    fs_request_add_reference (request, g_ptr_array_index (references, i));
  /* The prompt goes in as a template only when it says where the prompt
   * goes ("{prompt}, in the house style"); otherwise a preset is the
   * settings around any prompt. */
  prompt = fs_prompt_editor_dup_text (self->prompt_editor);
  data = g_new0 (PresetData, 1);
  data->work = PRESET_SAVE;
  data->preset = fs_preset_new (name, request, strstr (prompt, "{prompt}") ? prompt : NULL,
                                fs_palette_bar_get_active_palette (self->palette_bar));
  data->references = g_ptr_array_ref (references);
  run_preset_work (self, data, stored_cb);
}

static void
save_preset_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);
  GtkWidget *dialog;
  GtkWidget *entry = gtk_entry_new ();

  if (self->panel == NULL)
    return;
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Preset name"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Current Settings as a Preset"),
                                   _("Provider, model, every parameter, the palette and the "
                                     "references; the prompt too when it holds “{prompt}”."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (save_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Import or export, as the chooser says ("work", and "preset" to export). */
static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  FsWindow *self = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    {
      PresetData *data = g_new0 (PresetData, 1);

      data->work = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "work"));
      data->file = g_steal_pointer (&file);
      data->name = g_strdup (g_object_get_data (G_OBJECT (chooser), "preset"));
      run_preset_work (self, data, stored_cb);
    }
  g_object_unref (chooser);
}

static void
import_preset_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Presets (JSON)"));
  gtk_file_filter_add_suffix (filter, "json");
  chooser = gtk_file_chooser_native_new (_("Import a Preset"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), NULL);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_set_data (G_OBJECT (chooser), "work", GINT_TO_POINTER (PRESET_IMPORT));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_preset_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  g_autofree char *file_name = g_strconcat (name, ".json", NULL);
  GtkFileChooserNative *chooser;

  /* A name is not always a file name: slashes go. */
  g_strdelimit (file_name, "/\\", '-');
  chooser = gtk_file_chooser_native_new (_("Export a Preset"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);
  g_object_set_data_full (G_OBJECT (chooser), "preset", g_strdup (name), g_free);
  g_object_set_data (G_OBJECT (chooser), "work", GINT_TO_POINTER (PRESET_EXPORT));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_fs_window_class_install_presets (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.apply-preset", "s", apply_preset_action);
  gtk_widget_class_install_action (widget_class, "win.save-preset", NULL, save_preset_action);
  gtk_widget_class_install_action (widget_class, "win.import-preset", NULL, import_preset_action);
  gtk_widget_class_install_action (widget_class, "win.export-preset", "s", export_preset_action);
}
