/* fs-window.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-provider.h"
#include "fs-ui.h"
#include "fs-window-private.h"

G_DEFINE_FINAL_TYPE (FsWindow, fs_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  OPEN_FILES,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

FsApplication *
_fs_window_get_application (FsWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  return FS_IS_APPLICATION (application) ? FS_APPLICATION (application) : NULL;
}

static const char *
selected_id (GtkDropDown *drop_down,
             GPtrArray   *ids)
{
  guint position = gtk_drop_down_get_selected (drop_down);

  if (ids == NULL || position >= ids->len)
    return NULL;

  return g_ptr_array_index (ids, position);
}

const char *
_fs_window_get_provider_id (FsWindow *self)
{
  return selected_id (self->provider_drop_down, self->provider_ids);
}

const char *
_fs_window_get_model_id (FsWindow *self)
{
  return selected_id (self->model_drop_down, self->model_ids);
}

static guint
find_id (GPtrArray  *ids,
         const char *id)
{
  guint position;

  if (id != NULL && g_ptr_array_find_with_equal_func (ids, id, g_str_equal, &position))
    return position;

  return GTK_INVALID_LIST_POSITION;
}

/* Provider and model choosers ------------------------------------------------ */

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 6);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 34);
    }
  gtk_list_item_set_child (item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  ellipsize)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (string));
}

static GtkListItemFactory *
label_factory_new (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), GINT_TO_POINTER (ellipsize));
  return factory;
}

/* In the header the choice ellipsizes, so a narrow window still fits
 * "Offline sandbox — not a FLUX model"; the open list shows names whole. */
static void
set_up_chooser (GtkDropDown *drop_down)
{
  g_autoptr(GtkListItemFactory) button_factory = label_factory_new (TRUE);
  g_autoptr(GtkListItemFactory) list_factory = label_factory_new (FALSE);

  gtk_drop_down_set_factory (drop_down, button_factory);
  gtk_drop_down_set_list_factory (drop_down, list_factory);
}

static void
fill_providers (FsWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const FsProviderInfo *infos;
  guint n_infos = 0;

  infos = fs_provider_info_list (&n_infos);
  g_ptr_array_set_size (self->provider_ids, 0);
  for (guint i = 0; i < n_infos; i++)
    {
      g_ptr_array_add (self->provider_ids, g_strdup (infos[i].id));
      gtk_string_list_append (names, gettext (infos[i].name));
    }

  self->choosing++;
  gtk_drop_down_set_model (self->provider_drop_down, G_LIST_MODEL (names));
  self->choosing--;
  gtk_widget_set_sensitive (GTK_WIDGET (self->provider_drop_down), TRUE);
}

/* Only the models the provider serves, by their display names. */
static void
fill_models (FsWindow   *self,
             const char *preferred)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *saved = g_settings_get_string (self->settings, "model");
  const char *provider_id = _fs_window_get_provider_id (self);
  guint n_models = g_list_model_get_n_items (G_LIST_MODEL (self->catalog));
  guint position;

  g_ptr_array_set_size (self->model_ids, 0);
  for (guint i = 0; provider_id != NULL && i < n_models; i++)
    {
      g_autoptr(FsModel) model = g_list_model_get_item (G_LIST_MODEL (self->catalog), i);

      if (!fs_model_has_provider (model, provider_id))
        continue;
      g_ptr_array_add (self->model_ids, g_strdup (fs_model_get_id (model)));
      gtk_string_list_append (names, fs_model_get_name (model));
    }

  if ((position = find_id (self->model_ids, preferred)) == GTK_INVALID_LIST_POSITION &&
      (position = find_id (self->model_ids, saved)) == GTK_INVALID_LIST_POSITION)
    position = 0;

  self->choosing++;
  gtk_drop_down_set_model (self->model_drop_down, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->model_drop_down, position);
  self->choosing--;
  gtk_widget_set_sensitive (GTK_WIDGET (self->model_drop_down), self->model_ids->len > 0);
}

/* Monica counts characters (4000); the others count tokens, with a
 * character cap far beyond what a count would help with. */
static void
update_prompt_limit (FsWindow *self,
                     FsModel  *model)
{
  guint max_chars = 0;

  if (model != NULL && fs_model_get_prompt_max_tokens (model) == 0)
    max_chars = fs_model_get_prompt_max_chars (model);

  fs_prompt_editor_set_max_chars (self->prompt_editor, max_chars);
}

/* Shows the chosen model everywhere; @save only for the user's own
 * choice, so a first run keeps the default provider setting. */
static void
apply_choice (FsWindow *self,
              gboolean  save)
{
  const char *provider_id = _fs_window_get_provider_id (self);
  const char *model_id = _fs_window_get_model_id (self);

  if (provider_id == NULL || model_id == NULL || self->panel == NULL)
    return;

  if (save)
    {
      g_settings_set_string (self->settings, "provider", provider_id);
      g_settings_set_string (self->settings, "model", model_id);
    }

  fs_param_panel_set_model (self->panel, provider_id, model_id);
  fs_reference_tray_set_model (self->reference_tray, provider_id, model_id, self->catalog);
  update_prompt_limit (self, fs_catalog_lookup (self->catalog, model_id));
  _fs_window_canvas_model_changed (self);
  _fs_window_refresh_credits (self);
  _fs_window_update_actions (self);
}

static void
select_internal (FsWindow   *self,
                 const char *provider_id,
                 const char *model_id,
                 gboolean    save)
{
  /* Callers may pass the id of the model shown now, which points into the
   * list fill_models() empties (a use after free that picked a random
   * model after "Try the Offline Sandbox"). */
  g_autofree char *wanted = g_strdup (model_id);
  guint position = find_id (self->provider_ids, provider_id);

  if (position == GTK_INVALID_LIST_POSITION)
    position = find_id (self->provider_ids, "sandbox");

  self->choosing++;
  gtk_drop_down_set_selected (self->provider_drop_down, position);
  fill_models (self, wanted);
  self->choosing--;
  apply_choice (self, save);
}

void
_fs_window_select (FsWindow   *self,
                   const char *provider_id,
                   const char *model_id,
                   gboolean    save)
{
  if (self->catalog == NULL)
    return;

  select_internal (self, provider_id, model_id, save);
}

static void
provider_selected_cb (FsWindow *self)
{
  g_autofree char *model_id = NULL;

  if (self->choosing > 0)
    return;

  model_id = g_strdup (_fs_window_get_model_id (self));
  self->choosing++;
  fill_models (self, model_id);
  self->choosing--;
  apply_choice (self, TRUE);
}

static void
model_selected_cb (FsWindow *self)
{
  if (self->choosing == 0)
    apply_choice (self, TRUE);
}

/* The stored choice; with no choice stored yet, the first provider
 * that has a key (found by the first-run check), else the sandbox. */
static void
restore_choice (FsWindow *self)
{
  g_autoptr(GVariant) user_value = g_settings_get_user_value (self->settings, "provider");
  g_autofree char *provider_id = g_settings_get_string (self->settings, "provider");
  g_autofree char *model_id = g_settings_get_string (self->settings, "model");

  if (user_value == NULL && self->first_keyed_provider != NULL)
    {
      g_free (provider_id);
      provider_id = g_strdup (self->first_keyed_provider);
    }

  select_internal (self, provider_id, model_id, FALSE);
}

/* Gallery and detail page ------------------------------------------------------ */

static void
asset_activated_cb (FsWindow *self,
                    FsAsset  *asset)
{
  if (!_fs_window_compare_pick (self, asset))
    fs_window_show_asset (self, asset);
}

static void
retry_job_cb (FsWindow *self,
              FsJob    *job)
{
  g_autoptr(FsRequest) request = fs_request_copy (fs_job_get_request (job));

  _fs_window_generate (self, request);
}

static void
detail_remix_cb (FsWindow *self,
                 FsAsset  *asset)
{
  fs_window_remix (self, asset);
}

static void
detail_toast_cb (FsWindow   *self,
                 const char *message)
{
  fs_window_toast (self, message);
}

/* The detail page is built the first time an image is opened: it is not
 * on screen before (README, “Performance”). */
static FsDetailPage *
ensure_detail_page (FsWindow *self)
{
  FsLibrary *library = fs_application_get_library (_fs_window_get_application (self));

  if (self->detail_page != NULL || library == NULL)
    return self->detail_page;

  self->detail_page = FS_DETAIL_PAGE (fs_detail_page_new (library));
  gtk_widget_set_vexpand (GTK_WIDGET (self->detail_page), TRUE);
  g_signal_connect_swapped (self->detail_page, "remix", G_CALLBACK (detail_remix_cb), self);
  g_signal_connect_swapped (self->detail_page, "back", G_CALLBACK (_fs_window_show_main), self);
  g_signal_connect_swapped (self->detail_page, "deleted", G_CALLBACK (_fs_window_show_main), self);
  g_signal_connect_swapped (self->detail_page, "toast", G_CALLBACK (detail_toast_cb), self);
  g_signal_connect_swapped (self->detail_page, "compare-with",
                            G_CALLBACK (_fs_window_compare_with), self);
  gtk_box_append (GTK_BOX (self->detail_box), GTK_WIDGET (self->detail_page));
  return self->detail_page;
}

/* A page for another library is made when next needed. */
static void
drop_detail_page (FsWindow *self)
{
  if (self->detail_page == NULL)
    return;

  gtk_box_remove (GTK_BOX (self->detail_box), GTK_WIDGET (self->detail_page));
  self->detail_page = NULL;
}

static void
install_gallery (FsWindow *self)
{
  FsApplication *application = _fs_window_get_application (self);
  FsLibrary *library = fs_application_get_library (application);
  FsJobQueue *queue = fs_application_get_queue (application);

  if (library == NULL || queue == NULL || self->catalog == NULL)
    return;

  if (self->gallery != NULL)
    gtk_box_remove (GTK_BOX (self->gallery_box), GTK_WIDGET (self->gallery));

  self->gallery = FS_GALLERY (fs_gallery_new (library, queue));
  fs_gallery_set_catalog (self->gallery, self->catalog);
  gtk_widget_set_vexpand (GTK_WIDGET (self->gallery), TRUE);
  g_signal_connect_swapped (self->gallery, "asset-activated",
                            G_CALLBACK (asset_activated_cb), self);
  g_signal_connect_swapped (self->gallery, "retry-job", G_CALLBACK (retry_job_cb), self);
  _fs_window_attach_gallery (self);
  gtk_box_append (GTK_BOX (self->gallery_box), GTK_WIDGET (self->gallery));
  _fs_window_attach_collections (self);
}

/* The gallery folder preference changed: a new library, a new grid. */
static void
library_changed_cb (FsWindow *self)
{
  FsLibrary *library = fs_application_get_library (_fs_window_get_application (self));

  /* Before the first frame, the catalog's turn builds the gallery. */
  if (library == NULL || !self->started)
    return;

  _fs_window_show_main (self);
  drop_detail_page (self);
  install_gallery (self);
  _fs_window_refresh_history (self);
}

/* Palette ---------------------------------------------------------------------------- */

static void
palette_toast_cb (FsWindow   *self,
                  const char *message)
{
  fs_window_toast (self, message);
}

static void
attach_palette_bar (FsWindow *self)
{
  g_settings_bind (self->settings, "insert-colour-phrase", self->palette_bar, "insert-phrase",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "active-palette", self->palette_bar, "active-palette",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->palette_bar, "toast", G_CALLBACK (palette_toast_cb), self,
                           G_CONNECT_SWAPPED);
  fs_palette_bar_use_default_store (self->palette_bar);
}

/* win.add-colours and win.insert-colours ("as", "#rrggbb" codes): how an
 * extracted palette reaches the palette bar and the prompt. */
static void
add_colours_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);
  g_autofree const char **codes = g_variant_get_strv (parameter, NULL);

  fs_palette_bar_add_colours (self->palette_bar, codes, NULL);
}

static void
insert_colours_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);
  gsize n = 0;
  g_autofree const char **codes = g_variant_get_strv (parameter, &n);
  g_autofree char *message = NULL;

  for (gsize i = 0; i < n; i++)
    fs_palette_bar_insert (self->palette_bar, codes[i], FALSE);

  message = g_strdup_printf (ngettext ("Inserted %u colour into the prompt",
                                       "Inserted %u colours into the prompt", n), (guint) n);
  fs_window_toast (self, message);
}

/* Catalog ------------------------------------------------------------------------- */

static void
panel_state_cb (FsWindow *self)
{
  _fs_window_update_actions (self);
}

/* Only a format the user chose overrides a model's own default (PNG for
 * Kontext); the schema's default does not. */
static void
apply_output_format (FsWindow *self)
{
  g_autoptr(GVariant) user_value = g_settings_get_user_value (self->settings,
                                                              "default-output-format");
  g_autofree char *format = g_settings_get_string (self->settings, "default-output-format");

  fs_param_panel_set_default_output_format (self->panel, user_value != NULL ? format : NULL);
}

static void
install_panel (FsWindow *self)
{
  self->panel = fs_param_panel_new (self->catalog);
  apply_output_format (self);
  g_signal_connect_object (self->settings, "changed::default-output-format",
                           G_CALLBACK (apply_output_format), self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->panel, "notify::valid", G_CALLBACK (panel_state_cb), self);
  g_signal_connect_swapped (self->panel, "notify::problem", G_CALLBACK (panel_state_cb), self);

  gtk_box_remove (GTK_BOX (self->panel_box), self->panel_spinner);
  self->panel_spinner = NULL;
  gtk_box_append (GTK_BOX (self->panel_box), GTK_WIDGET (self->panel));
  _fs_window_canvas_attach_panel (self);
  _fs_window_install_batch (self);
}

static void
job_finished_cb (FsWindow   *self,
                 FsJob      *job,
                 GPtrArray  *assets,
                 GError     *error,
                 FsJobQueue *queue)
{
  _fs_window_job_finished (self, job, assets, error);
  _fs_window_unsent_job_finished (self, job, error);
}

static void
queue_changed_cb (FsWindow *self)
{
  _fs_window_update_actions (self);
}

static void
catalog_ready_cb (FsWindow *self)
{
  FsApplication *application = _fs_window_get_application (self);
  FsCatalog *catalog = fs_application_get_catalog (application);
  FsJobQueue *queue = fs_application_get_queue (application);
  g_autofree char *prompt = NULL;
  const char * const *warnings;

  /* What the catalog fills in comes after the first frame, which shows
   * the panel's spinner meanwhile (README, “Performance”). */
  if (catalog == NULL || self->catalog != NULL || !self->started)
    return;

  self->catalog = g_object_ref (catalog);
  install_panel (self);
  fill_providers (self);
  install_gallery (self);
  g_signal_connect_object (queue, "job-finished", G_CALLBACK (job_finished_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (queue, "items-changed", G_CALLBACK (queue_changed_cb), self,
                           G_CONNECT_SWAPPED);

  restore_choice (self);
  prompt = fs_prompt_editor_dup_text (self->prompt_editor);
  fs_param_panel_set_prompt (self->panel, prompt);
  _fs_window_refresh_history (self);
  _fs_window_update_actions (self);

  warnings = fs_catalog_get_warnings (catalog);
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    fs_window_toast (self, warnings[i]);
}

/* Template callbacks ---------------------------------------------------------------- */

static void
prompt_changed_cb (FsWindow *self)
{
  if (self->panel == NULL)
    return;

  _fs_window_sync_prompt (self);
  _fs_window_update_actions (self);
}

static void
prompt_activate_cb (FsWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.generate", NULL);
}

static void
welcome_try_sandbox_cb (FsWindow *self)
{
  _fs_window_select (self, "sandbox", _fs_window_get_model_id (self), TRUE);
  g_settings_set_string (self->settings, "provider", "sandbox");
  gtk_stack_set_visible_child_name (self->main_stack, "studio");
  fs_prompt_editor_focus (self->prompt_editor);
}

static void
welcome_add_key_cb (FsWindow   *self,
                    const char *provider_id)
{
  _fs_window_select (self, provider_id, _fs_window_get_model_id (self), TRUE);
  g_settings_set_string (self->settings, "provider", provider_id);
  gtk_stack_set_visible_child_name (self->main_stack, "studio");
  _fs_window_open_preferences (self, provider_id);
}

/* The first-run page: built with the window when it may be shown first
 * (no provider was ever chosen), else only if it is asked for. */
static void
ensure_welcome_page (FsWindow *self)
{
  GtkWidget *box, *header_bar, *title;

  if (self->welcome_page != NULL)
    return;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header_bar = adw_header_bar_new ();
  title = adw_window_title_new (_("Flux Studio"), NULL);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header_bar), title);
  gtk_widget_add_css_class (header_bar, "flat");
  gtk_box_append (GTK_BOX (box), header_bar);

  self->welcome_page = FS_WELCOME_PAGE (fs_welcome_page_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->welcome_page), TRUE);
  g_signal_connect_swapped (self->welcome_page, "add-key", G_CALLBACK (welcome_add_key_cb), self);
  g_signal_connect_swapped (self->welcome_page, "try-sandbox",
                            G_CALLBACK (welcome_try_sandbox_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->welcome_page));
  gtk_stack_add_named (self->main_stack, box, "welcome");
}

void
_fs_window_show_welcome (FsWindow *self)
{
  ensure_welcome_page (self);
  gtk_stack_set_visible_child_name (self->main_stack, "welcome");
}

/* The panel validates and prices what the tray will send. */
static void
reference_tray_changed_cb (FsWindow *self)
{
  FsReferenceTray *tray = self->reference_tray;

  if (self->panel != NULL)
    {
      /* While the canvas is shown the tray sends nothing. */
      fs_param_panel_set_n_references (self->panel, _fs_window_canvas_active (self) ? 0 :
                                       fs_reference_tray_get_n_active (tray));
      fs_param_panel_set_reference_megapixels (self->panel,
                                               fs_reference_tray_get_megapixels (tray));
    }
  _fs_window_update_actions (self);
}

static void
reference_tray_insert_cb (FsWindow   *self,
                          const char *text)
{
  fs_prompt_editor_insert_word (self->prompt_editor, text);
}

static void
reference_tray_toast_cb (FsWindow   *self,
                         const char *message)
{
  fs_window_toast (self, message);
}

/* Ctrl+V in the prompt adds copied images and files to the tray; text
 * pastes as usual (the shortcut then does not handle the key). */
static gboolean
prompt_paste_cb (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  FsWindow *self = FS_WINDOW (user_data);

  return fs_reference_tray_paste (self->reference_tray, gtk_widget_get_clipboard (widget));
}

static void
add_prompt_paste (FsWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutTrigger *trigger = gtk_keyval_trigger_new (GDK_KEY_v, GDK_CONTROL_MASK);
  GtkShortcutAction *action = gtk_callback_action_new (prompt_paste_cb, self, NULL);

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (trigger, action));
  gtk_widget_add_controller (GTK_WIDGET (self->prompt_editor), controller);
}

/* GObject ------------------------------------------------------------------------------ */

static void
open_files_cb (FsWindow  *self,
               GPtrArray *files)
{
  /* Images opened with the app become references, or, while a model that
   * edits an image is chosen, the first is the image to edit. */
  for (guint i = 0; files != NULL && i < files->len; i++)
    if (i > 0 || !_fs_window_canvas_open_file (self, g_ptr_array_index (files, i)))
      fs_reference_tray_add_file (self->reference_tray, g_ptr_array_index (files, i));
}

static void
restore_size (FsWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  adw_flap_set_reveal_flap (self->flap, g_settings_get_boolean (self->settings, "sidebar-visible"));
}

static gboolean
fs_window_close_request (GtkWindow *window)
{
  FsWindow *self = FS_WINDOW (window);
  int width;
  int height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", MAX (width, 360));
      g_settings_set_int (self->settings, "window-height", MAX (height, 294));
    }
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (fs_window_parent_class)->close_request (window);
}

/* Once the first frame is on screen: what the catalog fills in if it is
 * there (else when it comes), the prompt history, and the first-run check
 * of the keys, which asks the Secret Service over D-Bus. */
static void
first_frame_cb (FsWindow *self)
{
  if (self->started)
    return;

  self->started = TRUE;
  catalog_ready_cb (self);
  _fs_window_check_first_run (self);
}

/* GtkWindow:application is not a construct property: it is set after
 * constructed(), so everything that needs the application waits until
 * fs_window_new() has it in place. */
static void
attach_application (FsWindow *self)
{
  FsApplication *application = _fs_window_get_application (self);
  g_autoptr(GVariant) user_provider = NULL;

  g_assert (application != NULL);
  self->settings = g_object_ref (fs_application_get_settings (application));
  restore_size (self);
  attach_palette_bar (self);
  _fs_window_attach_browsing (self);
  _fs_window_attach_collections_flap (self);

  g_signal_connect_object (self->settings, "changed::bfl-base-url",
                           G_CALLBACK (_fs_window_refresh_credits), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::catalog", G_CALLBACK (catalog_ready_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::library", G_CALLBACK (library_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* The first frame shows the studio as it is; what is not on screen or
   * does not shape it waits (README, “Performance”). A first run may
   * show the welcome page instead, once the keys are looked up. */
  user_provider = g_settings_get_user_value (self->settings, "provider");
  if (user_provider == NULL)
    ensure_welcome_page (self);
  fs_ui_after_first_frame (GTK_WINDOW (self), G_OBJECT (self), (FsUiFunc) first_frame_cb);
  _fs_window_update_actions (self);
}

static void
fs_window_dispose (GObject *object)
{
  FsWindow *self = FS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->credits_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->credits_cancellable);
  g_clear_object (&self->catalog);
  /* The settings outlive a closed window (the application holds them):
   * what they would tell it, and the action made of one of them, go now,
   * not when the window is finalized. */
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_action_map_remove_action (G_ACTION_MAP (self), "browse-mode");
  g_clear_object (&self->settings);
  g_clear_pointer (&self->provider_ids, g_ptr_array_unref);
  g_clear_pointer (&self->model_ids, g_ptr_array_unref);
  g_clear_pointer (&self->first_keyed_provider, g_free);
  g_clear_weak_pointer (&self->shortcuts);
  g_clear_object (&self->compare_with);
  _fs_window_dispose_unsent (self);
  _fs_window_dispose_toasts (self);

  G_OBJECT_CLASS (fs_window_parent_class)->dispose (object);
}

static void
bind_template (GtkWidgetClass *widget_class)
{
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/fs-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FsWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, FsWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, FsWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, FsWindow, provider_drop_down);
  gtk_widget_class_bind_template_child (widget_class, FsWindow, model_drop_down);
  gtk_widget_class_bind_template_child (widget_class, FsWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, FsWindow, balance_label);
  gtk_widget_class_bind_template_child (widget_class, FsWindow, panel_box);
  gtk_widget_class_bind_template_child (widget_class, FsWindow, panel_spinner);
  gtk_widget_class_bind_template_child (widget_class, FsWindow, prompt_editor);
  gtk_widget_class_bind_template_child (widget_class, FsWindow, palette_bar);
  gtk_widget_class_bind_template_child (widget_class, FsWindow, reference_tray);
  gtk_widget_class_bind_template_child (widget_class, FsWindow, prompt_area);
  gtk_widget_class_bind_template_child (widget_class, FsWindow, reason_label);
  gtk_widget_class_bind_template_child (widget_class, FsWindow, generate_button);
  gtk_widget_class_bind_template_child (widget_class, FsWindow, gallery_box);
  gtk_widget_class_bind_template_child (widget_class, FsWindow, canvas_box);
  gtk_widget_class_bind_template_child (widget_class, FsWindow, detail_box);
  gtk_widget_class_bind_template_child (widget_class, FsWindow, collections_flap);
  gtk_widget_class_bind_template_child (widget_class, FsWindow, collections_list);
  gtk_widget_class_bind_template_child (widget_class, FsWindow, compare_view);
  gtk_widget_class_bind_template_callback (widget_class, prompt_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, prompt_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, reference_tray_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, reference_tray_insert_cb);
  gtk_widget_class_bind_template_callback (widget_class, reference_tray_toast_cb);
}

static void
fs_window_class_init (FsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = fs_window_dispose;
  window_class->close_request = fs_window_close_request;

  /**
   * FsWindow::open-files:
   * @self: the window
   * @files: (element-type GFile): files given on the command line or
   *   through "Open With", for the reference tray
   */
  signals[OPEN_FILES] =
    g_signal_new_class_handler ("open-files", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (open_files_cb), NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);

  g_type_ensure (FS_TYPE_PROMPT_EDITOR);
  g_type_ensure (FS_TYPE_PALETTE_BAR);
  g_type_ensure (FS_TYPE_REFERENCE_TRAY);
  g_type_ensure (FS_TYPE_COLLECTIONS_LIST);
  g_type_ensure (FS_TYPE_COMPARE_VIEW);
  bind_template (widget_class);
  _fs_window_class_install_actions (widget_class);
  _fs_window_class_install_settings (widget_class);
  _fs_window_class_install_collections (widget_class);
  _fs_window_class_install_compare (widget_class);
  _fs_window_class_install_canvas (widget_class);
  _fs_window_class_install_gallery (widget_class);
  _fs_window_class_install_batch (widget_class);
  _fs_window_class_install_unsent (widget_class);
  gtk_widget_class_install_action (widget_class, "win.add-colours", "as", add_colours_action);
  gtk_widget_class_install_action (widget_class, "win.insert-colours", "as",
                                   insert_colours_action);
}

/* The main menu is built when it first opens, not with the window. */
static void
create_menu_cb (GtkMenuButton *button,
                gpointer       user_data)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PREFIX
                                                                 "/fs-window-menu.ui");

  gtk_menu_button_set_create_popup_func (button, NULL, NULL, NULL);
  gtk_menu_button_set_menu_model (button,
                                  G_MENU_MODEL (gtk_builder_get_object (builder, "primary_menu")));
}

static void
fs_window_init (FsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  _fs_window_init_unsent (self);

  self->cancellable = g_cancellable_new ();
  self->provider_ids = g_ptr_array_new_with_free_func (g_free);
  self->model_ids = g_ptr_array_new_with_free_func (g_free);

  add_prompt_paste (self);
  _fs_window_install_settings_drop (self);
  _fs_window_install_canvas (self);
  set_up_chooser (self->provider_drop_down);
  set_up_chooser (self->model_drop_down);
  gtk_menu_button_set_create_popup_func (self->menu_button, create_menu_cb, NULL, NULL);
  g_signal_connect_swapped (self->provider_drop_down, "notify::selected",
                            G_CALLBACK (provider_selected_cb), self);
  g_signal_connect_swapped (self->model_drop_down, "notify::selected",
                            G_CALLBACK (model_selected_cb), self);

  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

/* Public API --------------------------------------------------------------------------- */

FsWindow *
fs_window_new (AdwApplication *application)
{
  FsWindow *self;

  g_return_val_if_fail (FS_IS_APPLICATION (application), NULL);

  self = g_object_new (FS_TYPE_WINDOW, "application", application, NULL);
  attach_application (self);
  return self;
}

/**
 * fs_window_show_error:
 * @self: the window
 * @heading: what failed, as a title
 * @body: why, and what to do
 *
 * A failure that stops the window from working (the catalog could not
 * be read): a dialog rather than a toast.
 */
void
fs_window_show_error (FsWindow   *self,
                      const char *heading,
                      const char *body)
{
  GtkWidget *dialog;

  g_return_if_fail (FS_IS_WINDOW (self));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
_fs_window_detail_visible (FsWindow *self)
{
  return g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "detail") == 0;
}

void
_fs_window_show_main (FsWindow *self)
{
  adw_leaflet_set_visible_child_name (self->leaflet, "main");
}

void
fs_window_show_asset (FsWindow *self,
                      FsAsset  *asset)
{
  g_return_if_fail (FS_IS_WINDOW (self));
  g_return_if_fail (FS_IS_ASSET (asset));

  if (ensure_detail_page (self) == NULL)
    return;

  fs_detail_page_set_asset (self->detail_page, asset);
  adw_leaflet_set_visible_child_name (self->leaflet, "detail");
}

static void
remix_loaded (FsWindow *self,
              FsAsset  *asset)
{
  g_autoptr(FsRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  if (self->panel == NULL)
    return;

  request = fs_request_new_from_record (fs_asset_get_record (asset), &error);
  if (request == NULL)
    {
      fs_window_toast (self, error->message);
      return;
    }

  _fs_window_select (self, fs_request_get_provider_id (request), fs_request_get_model_id (request),
                     TRUE);
  fs_param_panel_load_request (self->panel, request);
  fs_reference_tray_restore (self->reference_tray, fs_asset_get_references (asset),
                             fs_asset_get_reference_names (asset));
  _fs_window_canvas_remix (self, asset);
  fs_prompt_editor_set_text (self->prompt_editor, fs_request_get_prompt (request));
  _fs_window_show_main (self);
  /* Remix is composing: the prompt and its images come into view. */
  _fs_window_set_browsing (self, FALSE);
  fs_prompt_editor_focus (self->prompt_editor);
  fs_window_toast (self, _("Every setting of the image is loaded"));
}

static void
record_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  FsWindow *self = g_task_get_source_object (task);
  FsWindowAssetFunc then = g_object_get_data (G_OBJECT (task), "then");

  if (!fs_library_load_record_finish (FS_LIBRARY (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fs_window_toast (self, error->message);
      return;
    }

  then (self, g_task_get_task_data (task));
}

void
_fs_window_with_record (FsWindow          *self,
                        FsAsset           *asset,
                        FsWindowAssetFunc  then)
{
  FsLibrary *library = fs_application_get_library (_fs_window_get_application (self));
  GTask *task;

  /* A gallery tile's asset carries no record until it is read. */
  if (fs_asset_has_record (asset) || library == NULL)
    {
      then (self, asset);
      return;
    }

  task = g_task_new (self, self->cancellable, NULL, NULL);
  g_task_set_task_data (task, g_object_ref (asset), g_object_unref);
  g_object_set_data (G_OBJECT (task), "then", then);
  fs_library_load_record_async (library, asset, self->cancellable, record_loaded_cb, task);
}

void
fs_window_remix (FsWindow *self,
                 FsAsset  *asset)
{
  g_return_if_fail (FS_IS_WINDOW (self));
  g_return_if_fail (FS_IS_ASSET (asset));

  if (self->panel != NULL)
    _fs_window_with_record (self, asset, remix_loaded);
}
