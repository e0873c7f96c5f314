/* fs-window-settings.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-a1111.h"
#include "fs-provider.h"
#include "fs-window-private.h"

/* Settings from a file (docs/ARCHITECTURE.md, “Export”): a PNG that
 * carries A1111 "parameters" — exported by Flux Studio, or made by any
 * A1111-style tool — dropped on the window or on the reference tray. A
 * toast offers "Use These Settings", which loads the prompt, seed, size
 * and model into the sidebar the way Remix does; a file dropped on the
 * tray still becomes a reference as well. Images opened with the app
 * (which go to the tray) get the same offer. */

/* Files are looked at in order until one carries settings; a drop of a
 * whole folder's worth stops here. */
#define MAX_FILES_LOOKED_AT 8

typedef struct
{
  GWeakRef    window;
  GListModel *files;
  guint       next;
  gboolean    quiet;   /* say nothing when no file carries settings */
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_weak_ref_clear (&lookup->window);
  g_object_unref (lookup->files);
  g_free (lookup);
}

static void look_at_next (Lookup *lookup);

static void
offer (FsWindow   *self,
       GFile      *file,
       const char *text)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *title = NULL;
  g_autoptr(AdwToast) toast = NULL;

  /* Translators: a file name */
  title = g_strdup_printf (_("“%s” holds the prompt and settings it was made with"), name);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("Use These Settings"));
  adw_toast_set_action_name (toast, "win.use-settings");
  adw_toast_set_action_target_value (toast, g_variant_new_string (text));
  /* Normal priority: libadwaita 1.2 aborts when a high-priority toast
   * pushes aside one that is being shown (adw-toast-overlay.c,
   * show_toast), so the offer waits its turn. */
  adw_toast_set_timeout (toast, 10);
  fs_window_add_toast (self, toast);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(FsWindow) self = g_weak_ref_get (&lookup->window);
  g_autoptr(GFile) file = g_list_model_get_item (lookup->files, lookup->next - 1);
  g_autoptr(FsA1111) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  settings = fs_a1111_read_file_finish (result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      lookup_free (lookup);
      return;
    }

  if (settings == NULL)
    {
      look_at_next (lookup);
      return;
    }

  /* The text as A1111 writes it, for the action's parameter. */
  text = fs_a1111_to_string (settings);
  offer (self, file, text);
  lookup_free (lookup);
}

static void
look_at_next (Lookup *lookup)
{
  g_autoptr(FsWindow) self = g_weak_ref_get (&lookup->window);
  guint n_files = g_list_model_get_n_items (lookup->files);

  if (self != NULL && lookup->next < MIN (n_files, MAX_FILES_LOOKED_AT))
    {
      g_autoptr(GFile) file = g_list_model_get_item (lookup->files, lookup->next++);

      fs_a1111_read_file_async (file, self->cancellable, read_cb, lookup);
      return;
    }

  if (self != NULL && !lookup->quiet && n_files > 0)
    {
      g_autoptr(GFile) file = g_list_model_get_item (lookup->files, 0);
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *message = NULL;

      /* Translators: a file name */
      message = g_strdup_printf (_("“%s” holds no generation settings; drop images on the "
                                   "reference tray to use them as references"), name);
      fs_window_toast (self, message);
    }

  lookup_free (lookup);
}

/* Reads @files (GFile) in a worker, one after another, and offers the
 * settings of the first that carries them. */
static void
look_for_settings (FsWindow   *self,
                   GListModel *files,
                   gboolean    quiet)
{
  Lookup *lookup = g_new0 (Lookup, 1);

  g_weak_ref_init (&lookup->window, self);
  lookup->files = g_object_ref (files);
  lookup->quiet = quiet;
  look_at_next (lookup);
}

/* The tray took the files as references; a PNG among them may also carry
 * settings. Files without settings are the tray's business: no word. */
static void
tray_files_dropped_cb (FsWindow   *self,
                       GListModel *files)
{
  look_for_settings (self, files, TRUE);
}

/* Images opened with the app go to the tray too (fs-window.c); the same
 * offer applies to them. */
static void
open_files_cb (FsWindow  *self,
               GPtrArray *files)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_FILE);

  for (guint i = 0; files != NULL && i < files->len; i++)
    g_list_store_append (store, g_ptr_array_index (files, i));
  look_for_settings (self, G_LIST_MODEL (store), TRUE);
}

/* Drops anywhere else in the window --------------------------------------------- */

static void
files_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FsWindow) self = user_data;
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_FILE);
  g_autoptr(GError) error = NULL;
  const GValue *value;

  value = gdk_drop_read_value_finish (GDK_DROP (source), result, &error);
  gdk_drop_finish (GDK_DROP (source), value != NULL ? GDK_ACTION_COPY : 0);
  if (value == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fs_window_toast (self, error->message);
      return;
    }

  for (GSList *l = gdk_file_list_get_files (g_value_get_boxed (value)); l != NULL; l = l->next)
    g_list_store_append (store, l->data);
  look_for_settings (self, G_LIST_MODEL (store), FALSE);
}

/* A gallery image dragged within the window and let go outside the tray
 * is no request for settings. */
static gboolean
drop_cb (GtkDropTargetAsync *target,
         GdkDrop            *drop,
         double              x,
         double              y,
         FsWindow           *self)
{
  if (gdk_drop_get_drag (drop) != NULL)
    return FALSE;

  gdk_drop_read_value_async (drop, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT, self->cancellable,
                             files_read_cb, g_object_ref (self));
  return TRUE;
}

void
_fs_window_install_settings_drop (FsWindow *self)
{
  g_autoptr(GdkContentFormats) formats = gdk_content_formats_new_for_gtype (GDK_TYPE_FILE_LIST);
  GtkDropTargetAsync *target;

  /* Bubbling: the tray, deeper, takes the drops made on it first. */
  target = gtk_drop_target_async_new (g_steal_pointer (&formats), GDK_ACTION_COPY);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  g_signal_connect_swapped (self->reference_tray, "files-dropped",
                            G_CALLBACK (tray_files_dropped_cb), self);
  g_signal_connect_after (self, "open-files", G_CALLBACK (open_files_cb), NULL);
}

/* Using them ----------------------------------------------------------------------- */

static guint
gcd (guint a,
     guint b)
{
  while (b != 0)
    {
      guint t = a % b;

      a = b;
      b = t;
    }
  return a;
}

/* The size as the model takes it: width and height, an aspect ratio, or
 * one of its fixed sizes. FALSE when it takes none of these, or not
 * this size. */
static gboolean
set_size (FsRequest  *request,
          FsModel    *model,
          const char *provider_id,
          guint       width,
          guint       height)
{
  const FsSizeRule *rule = fs_model_get_size_rule (model, provider_id);
  g_autofree char *text = NULL;
  FsParam *param;

  if (rule == NULL)
    return FALSE;

  switch (rule->kind)
    {
    case FS_SIZE_DIMENSIONS:
      if (fs_model_find_param (model, provider_id, "width") == NULL ||
          fs_model_find_param (model, provider_id, "height") == NULL)
        return FALSE;
      fs_request_set_param (request, "width", g_variant_new_int64 (width));
      fs_request_set_param (request, "height", g_variant_new_int64 (height));
      return TRUE;

    case FS_SIZE_ASPECT_RATIO:
      if (fs_model_find_param (model, provider_id, "aspect_ratio") == NULL)
        return FALSE;
      text = g_strdup_printf ("%u:%u", width / gcd (width, height), height / gcd (width, height));
      fs_request_set_param (request, "aspect_ratio", g_variant_new_string (text));
      return TRUE;

    case FS_SIZE_FIXED:
      param = fs_model_find_param (model, provider_id, "size");
      text = g_strdup_printf ("%ux%u", width, height);
      if (param == NULL || fs_param_get_choices (param) == NULL ||
          !g_strv_contains (fs_param_get_choices (param), text))
        return FALSE;
      fs_request_set_param (request, "size", g_variant_new_string (text));
      return TRUE;

    default:
      return FALSE;
    }
}

/* Steps and guidance mean the same only on a FLUX model: an A1111 CFG
 * scale of 7 is not a FLUX guidance. So they are taken only when the
 * file's model is one of the catalog's. */
static void
set_flux_settings (FsRequest  *request,
                   FsModel    *model,
                   const char *provider_id,
                   FsA1111    *settings)
{
  gint64 steps;
  double guidance;

  if (fs_a1111_get_steps (settings, &steps) &&
      fs_model_find_param (model, provider_id, "steps") != NULL)
    fs_request_set_param (request, "steps", g_variant_new_int64 (steps));
  if (fs_a1111_get_cfg_scale (settings, &guidance) &&
      fs_model_find_param (model, provider_id, "guidance") != NULL)
    fs_request_set_param (request, "guidance", g_variant_new_double (guidance));
}

/* Loads @settings through the same path as Remix: the model chosen (on
 * the current provider), the panel's values replaced, the prompt set;
 * returns the toast that says what happened. */
static char *
use_settings (FsWindow *self,
              FsA1111  *settings)
{
  g_autoptr(GString) message = g_string_new (_("The prompt and settings of the image are "
                                                "loaded."));
  FsModel *wanted = fs_a1111_find_model (settings, self->catalog);
  const char *provider_id = _fs_window_get_provider_id (self);
  const char *model_name = fs_a1111_get (settings, "Model");
  g_autoptr(FsRequest) request = NULL;
  FsModel *model;
  gint64 seed;
  guint width;
  guint height;

  if (wanted != NULL && fs_model_has_provider (wanted, provider_id))
    _fs_window_select (self, provider_id, fs_model_get_id (wanted), TRUE);
  else if (wanted != NULL)
    {
      const FsProviderInfo *info = fs_provider_info_lookup (provider_id);

      g_string_append_c (message, ' ');
      /* Translators: a model's name, then a provider's */
      g_string_append_printf (message, _("%s is not offered by %s, so the model is unchanged."),
                              fs_model_get_name (wanted),
                              info != NULL ? gettext (info->name) : provider_id);
    }
  else if (model_name != NULL && *model_name != '\0')
    {
      g_string_append_c (message, ' ');
      /* Translators: the model an image names, which the catalog lacks */
      g_string_append_printf (message, _("Its model “%s” is not one Flux Studio knows, so the "
                                         "model is unchanged."), model_name);
    }

  model = fs_catalog_lookup (self->catalog, _fs_window_get_model_id (self));
  request = fs_param_panel_build_request (self->panel);
  if (model != NULL)
    {
      if (fs_a1111_get_seed (settings, &seed) &&
          fs_model_find_param (model, provider_id, "seed") != NULL)
        fs_request_set_param (request, "seed", g_variant_new_int64 (seed));
      if (fs_a1111_get_size (settings, &width, &height) &&
          !set_size (request, model, provider_id, width, height))
        {
          g_string_append_c (message, ' ');
          /* Translators: a size in pixels, then a model's name */
          g_string_append_printf (message, _("Its size %u×%u is not one %s makes, so the size "
                                             "is unchanged."), width, height,
                                  fs_model_get_name (model));
        }
      if (wanted == model)
        set_flux_settings (request, model, provider_id, settings);
    }

  if (fs_a1111_get_negative_prompt (settings) != NULL)
    {
      g_string_append_c (message, ' ');
      g_string_append (message, _("FLUX models take no negative prompt, so it is left out."));
    }

  fs_param_panel_load_request (self->panel, request);
  fs_prompt_editor_set_text (self->prompt_editor, fs_a1111_get_prompt (settings));
  _fs_window_show_main (self);
  fs_prompt_editor_focus (self->prompt_editor);

  return g_string_free (g_steal_pointer (&message), FALSE);
}

/* win.use-settings ("s": an A1111 "parameters" text): the toast's
 * button. */
static void
use_settings_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);
  g_autoptr(FsA1111) settings = NULL;
  g_autofree char *message = NULL;

  if (self->panel == NULL || self->catalog == NULL)
    return;

  settings = fs_a1111_parse (g_variant_get_string (parameter, NULL));
  message = use_settings (self, settings);
  fs_window_toast (self, message);
}

void
_fs_window_class_install_settings (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.use-settings", "s", use_settings_action);
}
