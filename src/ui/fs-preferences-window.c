/* fs-preferences-window.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fs-http.h"
#include "fs-preferences-window.h"
#include "fs-provider.h"
#include "fs-secrets.h"
#include "fs-ui.h"

typedef enum
{
  KEY_CHECKING,
  KEY_NOT_SET,
  KEY_KEYRING,
  KEY_ENVIRONMENT,
  KEY_BROKEN,
} KeySource;

/* Each provider group of the template has the same rows, named
 * "<prefix>_key_row" and so on; one table drives all four. */
typedef struct
{
  const char *provider_id;
  const char *prefix;
  const char *url_key;
} ProviderDesc;

static const ProviderDesc provider_descs[] = {
  { "bfl", "bfl", "bfl-base-url" },
  { "apiyi", "apiyi", "apiyi-base-url" },
  { "openai-compatible", "openai", "openai-base-url" },
  { "monica", "monica", "monica-base-url" },
};
#define N_PROVIDERS G_N_ELEMENTS (provider_descs)

/* The three regional BFL hosts, in the order of the Region row's items;
 * the item after them is "Custom". */
static const char * const bfl_regions[] = {
  "https://api.bfl.ai",
  "https://api.eu.bfl.ai",
  "https://api.us.bfl.ai",
};
#define REGION_CUSTOM G_N_ELEMENTS (bfl_regions)

typedef struct
{
  FsPreferencesWindow  *self;          /* unowned: embedded in self */
  const ProviderDesc   *desc;
  const FsProviderInfo *info;
  GtkWidget            *key_row;
  GtkWidget            *status_row;
  GtkWidget            *test_button;
  GtkWidget            *remove_button;
  GtkWidget            *test_row;
  GtkWidget            *test_icon;
  GtkWidget            *url_row;
  GtkWidget            *url_error_row;
  KeySource             source;
  /* Whether this window saved the key: a keyring item that equals the
   * environment variable still counts as the keyring's then. */
  gboolean              saved_here;
} ProviderRows;

struct _FsPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  GCancellable         *cancellable;
  GtkNativeDialog      *folder_chooser;
  ProviderRows          providers[N_PROVIDERS];

  AdwPreferencesPage   *providers_page;
  AdwComboRow          *bfl_region_row;
  GtkSwitch            *apiyi_json_switch;
  AdwActionRow         *gallery_folder_row;
  GtkWidget            *gallery_reset_button;
  AdwComboRow          *output_format_row;
  GtkWidget            *colour_phrase_row;
  GtkSwitch            *colour_phrase_switch;
};

G_DEFINE_FINAL_TYPE (FsPreferencesWindow, fs_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh_key_status (ProviderRows *rows);

/* Helpers ---------------------------------------------------------------- */

static void
toast (FsPreferencesWindow *self,
       const char          *message)
{
  /* Toast titles are markup, and messages such as errors carry "&" and
   * "<" from servers. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (escaped));
}

/* Keys are secrets even on the way to the bin. */
static void
wipe_free (char *text)
{
  if (text == NULL)
    return;

  explicit_bzero (text, strlen (text));
  g_free (text);
}

static gboolean
url_equal (const char *a,
           const char *b)
{
  gsize la = strlen (a);
  gsize lb = strlen (b);

  /* "https://api.bfl.ai/" and "https://api.bfl.ai" are one host. */
  while (la > 0 && a[la - 1] == '/')
    la--;
  while (lb > 0 && b[lb - 1] == '/')
    lb--;

  return la == lb && g_ascii_strncasecmp (a, b, la) == 0;
}

static ProviderRows *
find_rows (FsPreferencesWindow *self,
           const char          *provider_id)
{
  for (guint i = 0; i < N_PROVIDERS; i++)
    {
      if (g_strcmp0 (self->providers[i].desc->provider_id, provider_id) == 0)
        return &self->providers[i];
    }

  return NULL;
}

/* The base URL a provider is created with: NULL means its default. */
static char *
dup_base_url (ProviderRows *rows)
{
  g_autofree char *url = g_settings_get_string (rows->self->settings,
                                                rows->desc->url_key);

  g_strstrip (url);
  if (*url == '\0')
    return NULL;

  return g_steal_pointer (&url);
}

/* Key status ------------------------------------------------------------- */

/* The core says only which key is in use. A keyring item wins over the
 * environment, so a key that differs from the variable came from the
 * keyring; one that equals it is most likely the variable's. */
static KeySource
guess_source (ProviderRows *rows,
              const char   *key)
{
  const char *env = g_getenv (rows->info->key_env);
  char *trimmed;
  gboolean same;

  if (key == NULL)
    return KEY_NOT_SET;
  if (env == NULL || rows->saved_here)
    return KEY_KEYRING;

  trimmed = g_strstrip (g_strdup (env));
  same = strcmp (trimmed, key) == 0;
  wipe_free (trimmed);

  return same ? KEY_ENVIRONMENT : KEY_KEYRING;
}

static char *
describe_source (ProviderRows *rows)
{
  switch (rows->source)
    {
    case KEY_CHECKING:
      return g_strdup (_("Checking…"));
    case KEY_KEYRING:
      return g_strdup (_("Stored in the keyring"));
    case KEY_ENVIRONMENT:
      /* Translators: %s is an environment variable such as BFL_API_KEY */
      return g_strdup_printf (_("From the environment (%s)"),
                              rows->info->key_env);
    case KEY_NOT_SET:
      if (!rows->info->needs_key)
        return g_strdup (_("Not set; a server on this computer may need none"));
      return g_strdup (_("Not set"));
    case KEY_BROKEN:
    default:
      return NULL;
    }
}

static void
show_key_status (ProviderRows *rows,
                 const GError *error)
{
  g_autofree char *text = describe_source (rows);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (rows->status_row),
                               error != NULL ? error->message : text);
  fs_ui_set_css_class (rows->status_row, "error", error != NULL);
  gtk_widget_set_sensitive (rows->remove_button,
                            rows->source == KEY_KEYRING);
}

static void
key_lookup_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ProviderRows *rows = user_data;
  /* The reference taken when the lookup started. */
  g_autoptr(FsPreferencesWindow) self = rows->self;
  g_autoptr(GError) error = NULL;
  char *key;

  key = fs_secrets_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  rows->source = error != NULL ? KEY_BROKEN : guess_source (rows, key);
  fs_secrets_free_key (key);
  show_key_status (rows, error);
}

static void
refresh_key_status (ProviderRows *rows)
{
  rows->source = KEY_CHECKING;
  show_key_status (rows, NULL);
  g_object_ref (rows->self);
  fs_secrets_lookup_async (rows->desc->provider_id,
                           rows->self->cancellable,
                           key_lookup_cb, rows);
}

/* Saving and removing keys ---------------------------------------------- */

static void
key_store_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ProviderRows *rows = user_data;
  g_autoptr(FsPreferencesWindow) self = rows->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!fs_secrets_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      fs_ui_set_invalid (rows->key_row, TRUE);
      toast (self, error->message);
      return;
    }

  rows->saved_here = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (rows->key_row), "");
  fs_ui_set_invalid (rows->key_row, FALSE);
  /* Translators: %s is a provider name such as "Black Forest Labs" */
  message = g_strdup_printf (_("The %s key is saved in the keyring"),
                             _(rows->info->name));
  toast (self, message);
  refresh_key_status (rows);
}

static void
key_apply_cb (AdwEntryRow  *row,
              ProviderRows *rows)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (*text == '\0')
    return;

  g_object_ref (rows->self);
  fs_secrets_store_async (rows->desc->provider_id, text,
                          rows->self->cancellable,
                          key_store_cb, rows);
}

static void
key_changed_cb (GtkEditable  *editable,
                ProviderRows *rows)
{
  fs_ui_set_invalid (rows->key_row, FALSE);
}

static void
key_clear_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ProviderRows *rows = user_data;
  g_autoptr(FsPreferencesWindow) self = rows->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!fs_secrets_clear_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  rows->saved_here = FALSE;
  /* Translators: %s is a provider name such as "Black Forest Labs" */
  message = g_strdup_printf (_("The %s key is removed from the keyring"),
                             _(rows->info->name));
  toast (self, message);
  refresh_key_status (rows);
}

static void
remove_clicked_cb (GtkButton    *button,
                   ProviderRows *rows)
{
  gtk_widget_set_sensitive (rows->remove_button, FALSE);
  g_object_ref (rows->self);
  fs_secrets_clear_async (rows->desc->provider_id,
                          rows->self->cancellable,
                          key_clear_cb, rows);
}

/* Testing keys ----------------------------------------------------------- */

typedef struct
{
  ProviderRows   *rows;
  char           *key;
  GDestroyNotify  free_key;
} KeyTest;

static void
key_test_free (KeyTest *test)
{
  if (test->key != NULL)
    test->free_key (test->key);
  g_object_unref (test->rows->self);
  g_free (test);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeyTest, key_test_free)

static void
show_test_result (ProviderRows *rows,
                  const char   *sentence,
                  const GError *error)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->test_row),
                                 error != NULL ? error->message : sentence);
  gtk_image_set_from_icon_name (GTK_IMAGE (rows->test_icon),
                                error != NULL ? "dialog-error-symbolic"
                                              : "emblem-ok-symbolic");
  fs_ui_set_css_class (rows->test_row, "error", error != NULL);
  gtk_widget_set_visible (rows->test_row, TRUE);
  gtk_widget_set_sensitive (rows->test_button, TRUE);
}

static void
key_test_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KeyTest) test = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *sentence = NULL;

  sentence = fs_provider_test_key_finish (FS_PROVIDER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  show_test_result (test->rows, sentence, error);
}

/* Takes @test; its key may be NULL for a server that needs none. */
static void
start_key_test (KeyTest *test)
{
  ProviderRows *rows = test->rows;
  g_autofree char *base_url = dup_base_url (rows);
  g_autoptr(FsProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  provider = fs_provider_new (rows->desc->provider_id, base_url, &error);
  if (provider == NULL)
    {
      show_test_result (rows, NULL, error);
      key_test_free (test);
      return;
    }

  fs_provider_test_key_async (provider, test->key, rows->self->cancellable,
                              key_test_cb, test);
}

static void
test_lookup_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KeyTest) test = user_data;
  ProviderRows *rows = test->rows;
  g_autoptr(GError) error = NULL;

  test->key = fs_secrets_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error == NULL && test->key == NULL && rows->info->needs_key)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("There is no key to test: paste one above, "
                           "then press Test"));
  if (error != NULL)
    {
      show_test_result (rows, NULL, error);
      return;
    }

  start_key_test (g_steal_pointer (&test));
}

/* A key typed but not yet saved is the one tested: that is how people
 * check a key before keeping it. */
static void
test_clicked_cb (GtkButton    *button,
                 ProviderRows *rows)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (rows->key_row));
  KeyTest *test = g_new0 (KeyTest, 1);

  test->rows = rows;
  g_object_ref (rows->self);
  gtk_widget_set_sensitive (rows->test_button, FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->test_row),
                                 _("Testing…"));
  gtk_image_set_from_icon_name (GTK_IMAGE (rows->test_icon),
                                "content-loading-symbolic");
  gtk_widget_remove_css_class (rows->test_row, "error");
  gtk_widget_set_visible (rows->test_row, TRUE);

  if (*typed != '\0')
    {
      test->key = g_strstrip (g_strdup (typed));
      test->free_key = (GDestroyNotify) wipe_free;
      start_key_test (test);
      return;
    }

  test->free_key = (GDestroyNotify) fs_secrets_free_key;
  fs_secrets_lookup_async (rows->desc->provider_id, rows->self->cancellable,
                           test_lookup_cb, test);
}

/* Base URLs -------------------------------------------------------------- */

/* Empty is allowed: it means the provider's default (or, for the
 * OpenAI-compatible server, that none is configured). */
static gboolean
validate_url_row (ProviderRows *rows)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (rows->url_row));
  g_autofree char *url = g_strstrip (g_strdup (text));
  g_autoptr(GError) error = NULL;
  gboolean valid;

  valid = *url == '\0' || fs_http_check_base_url (url, &error);
  fs_ui_set_invalid (rows->url_row, !valid);
  if (!valid)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->url_error_row),
                                   error->message);
  gtk_widget_set_visible (rows->url_error_row, !valid);

  return valid;
}

static void
url_changed_cb (GtkEditable  *editable,
                ProviderRows *rows)
{
  validate_url_row (rows);
}

/* The URL is written only when applied and valid, so that what is typed
 * half-way ("http://exa") never reaches a running job. */
static void
url_apply_cb (AdwEntryRow  *row,
              ProviderRows *rows)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *url = g_strstrip (g_strdup (text));

  if (!validate_url_row (rows))
    return;

  if (*url == '\0')
    g_settings_reset (rows->self->settings, rows->desc->url_key);
  else
    g_settings_set_string (rows->self->settings, rows->desc->url_key, url);
}

static void
url_setting_changed_cb (GSettings    *settings,
                        const char   *key,
                        ProviderRows *rows)
{
  g_autofree char *url = g_settings_get_string (settings, key);

  gtk_editable_set_text (GTK_EDITABLE (rows->url_row), url);
  validate_url_row (rows);
}

static gboolean
region_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char *url = g_variant_get_string (variant, NULL);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bfl_regions); i++)
    {
      if (url_equal (url, bfl_regions[i]))
        break;
    }
  g_value_set_uint (value, i);

  return TRUE;
}

/* "Custom" writes nothing: the URL row it shows does. */
static GVariant *
region_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  if (i >= G_N_ELEMENTS (bfl_regions))
    return NULL;

  return g_variant_new_string (bfl_regions[i]);
}

static void
region_selected_cb (FsPreferencesWindow *self)
{
  ProviderRows *rows = find_rows (self, "bfl");
  guint selected = adw_combo_row_get_selected (self->bfl_region_row);

  gtk_widget_set_visible (rows->url_row, selected == REGION_CUSTOM);
  if (selected != REGION_CUSTOM)
    gtk_widget_set_visible (rows->url_error_row, FALSE);
}

/* Gallery ---------------------------------------------------------------- */

/* The same fallback as fs_library_new_default(). */
static char *
default_gallery_folder (void)
{
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  g_autofree char *fallback = NULL;

  if (pictures == NULL)
    pictures = fallback = g_build_filename (g_get_home_dir (), "Pictures",
                                            NULL);

  return g_build_filename (pictures, "Flux Studio", NULL);
}

static void
update_gallery_folder (FsPreferencesWindow *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings,
                                                   "gallery-folder");
  g_autofree char *shown = NULL;

  if (*folder == '\0')
    {
      g_autofree char *fallback = default_gallery_folder ();

      /* Translators: %s is a folder path */
      shown = g_strdup_printf (_("%s (default)"), fallback);
    }
  adw_action_row_set_subtitle (self->gallery_folder_row,
                               shown != NULL ? shown : folder);
  gtk_widget_set_visible (self->gallery_reset_button, *folder != '\0');
}

static void
gallery_folder_changed_cb (FsPreferencesWindow *self)
{
  update_gallery_folder (self);
}

static void
folder_chooser_response_cb (FsPreferencesWindow *self,
                            int                  response)
{
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (self->folder_chooser);
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (chooser);
  if (folder != NULL)
    path = g_file_get_path (folder);
  if (path != NULL)
    g_settings_set_string (self->settings, "gallery-folder", path);
  else if (folder != NULL)
    toast (self, _("The gallery must be a folder on this computer"));

  g_clear_object (&self->folder_chooser);
}

static void
gallery_choose_clicked_cb (FsPreferencesWindow *self)
{
  g_autofree char *current = g_settings_get_string (self->settings,
                                                    "gallery-folder");
  g_autoptr(GFile) folder = NULL;

  if (self->folder_chooser != NULL)
    return;

  self->folder_chooser = GTK_NATIVE_DIALOG (
    gtk_file_chooser_native_new (_("Choose the Gallery Folder"),
                                 GTK_WINDOW (self),
                                 GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                 _("_Select"),
                                 _("_Cancel")));
  gtk_native_dialog_set_modal (self->folder_chooser, TRUE);
  if (*current != '\0')
    {
      folder = g_file_new_for_path (current);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->folder_chooser),
                                           folder, NULL);
    }
  g_signal_connect_swapped (self->folder_chooser, "response",
                            G_CALLBACK (folder_chooser_response_cb), self);
  gtk_native_dialog_show (self->folder_chooser);
}

static void
gallery_reset_clicked_cb (FsPreferencesWindow *self)
{
  g_settings_reset (self->settings, "gallery-folder");
}

static gboolean
format_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  /* Formats this row does not offer (webp) fall back to the default. */
  if (g_str_equal (nick, "jpeg"))
    g_value_set_uint (value, 0);
  else if (g_str_equal (nick, "png"))
    g_value_set_uint (value, 1);
  else
    return FALSE;

  return TRUE;
}

static GVariant *
format_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  switch (g_value_get_uint (value))
    {
    case 0:
      return g_variant_new_string ("jpeg");
    case 1:
      return g_variant_new_string ("png");
    default:
      return NULL;
    }
}

/* Construction ----------------------------------------------------------- */

static GtkWidget *
template_child (FsPreferencesWindow *self,
                const char          *prefix,
                const char          *name)
{
  g_autofree char *id = g_strdup_printf ("%s_%s", prefix, name);
  GObject *child;

  child = gtk_widget_get_template_child (GTK_WIDGET (self),
                                         FS_TYPE_PREFERENCES_WINDOW, id);
  g_assert (GTK_IS_WIDGET (child));

  return GTK_WIDGET (child);
}

static void
setup_provider_rows (FsPreferencesWindow *self,
                     ProviderRows        *rows,
                     const ProviderDesc  *desc)
{
  rows->self = self;
  rows->desc = desc;
  rows->info = fs_provider_info_lookup (desc->provider_id);
  g_assert (rows->info != NULL);
  rows->key_row = template_child (self, desc->prefix, "key_row");
  rows->status_row = template_child (self, desc->prefix, "status_row");
  rows->test_button = template_child (self, desc->prefix, "test_button");
  rows->remove_button = template_child (self, desc->prefix, "remove_button");
  rows->test_row = template_child (self, desc->prefix, "test_row");
  rows->test_icon = template_child (self, desc->prefix, "test_icon");
  rows->url_row = template_child (self, desc->prefix, "url_row");
  rows->url_error_row = template_child (self, desc->prefix, "url_error_row");

  /* Enter saves too, also when the text did not change while the row had
   * the focus (pasted before, or set by an assistive technology), which
   * is when AdwEntryRow does not offer "apply". */
  g_signal_connect (rows->key_row, "apply", G_CALLBACK (key_apply_cb), rows);
  g_signal_connect (rows->key_row, "entry-activated",
                    G_CALLBACK (key_apply_cb), rows);
  g_signal_connect (rows->key_row, "changed", G_CALLBACK (key_changed_cb), rows);
  g_signal_connect (rows->test_button, "clicked",
                    G_CALLBACK (test_clicked_cb), rows);
  g_signal_connect (rows->remove_button, "clicked",
                    G_CALLBACK (remove_clicked_cb), rows);
  g_signal_connect (rows->url_row, "changed", G_CALLBACK (url_changed_cb), rows);
  g_signal_connect (rows->url_row, "apply", G_CALLBACK (url_apply_cb), rows);
  g_signal_connect (rows->url_row, "entry-activated",
                    G_CALLBACK (url_apply_cb), rows);
}

static void
bind_provider_settings (FsPreferencesWindow *self,
                        ProviderRows        *rows)
{
  g_autofree char *signal = g_strdup_printf ("changed::%s",
                                             rows->desc->url_key);

  g_signal_connect (self->settings, signal,
                    G_CALLBACK (url_setting_changed_cb), rows);
  url_setting_changed_cb (self->settings, rows->desc->url_key, rows);
  refresh_key_status (rows);
}

static void
bind_settings (FsPreferencesWindow *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  for (guint i = 0; i < N_PROVIDERS; i++)
    bind_provider_settings (self, &self->providers[i]);

  g_settings_bind_with_mapping (self->settings, "bfl-base-url",
                                self->bfl_region_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                region_get_mapping, region_set_mapping,
                                NULL, NULL);
  region_selected_cb (self);
  g_settings_bind (self->settings, "apiyi-json-references",
                   self->apiyi_json_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "default-output-format",
                                self->output_format_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                format_get_mapping, format_set_mapping,
                                NULL, NULL);

  g_signal_connect_object (self->settings, "changed::gallery-folder",
                           G_CALLBACK (gallery_folder_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_gallery_folder (self);

  /* Older schemas installed next to a newer build lack this key. */
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  if (g_settings_schema_has_key (schema, "insert-colour-phrase"))
    g_settings_bind (self->settings, "insert-colour-phrase",
                     self->colour_phrase_switch, "active",
                     G_SETTINGS_BIND_DEFAULT);
  else
    gtk_widget_set_visible (self->colour_phrase_row, FALSE);
}

static void
fs_preferences_window_constructed (GObject *object)
{
  FsPreferencesWindow *self = FS_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (fs_preferences_window_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));
  bind_settings (self);
}

static void
fs_preferences_window_dispose (GObject *object)
{
  FsPreferencesWindow *self = FS_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->folder_chooser != NULL)
    gtk_native_dialog_destroy (self->folder_chooser);
  g_clear_object (&self->folder_chooser);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  for (guint i = 0; i < N_PROVIDERS && self->settings != NULL; i++)
    g_signal_handlers_disconnect_by_data (self->settings, &self->providers[i]);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fs_preferences_window_parent_class)->dispose (object);
}

static void
fs_preferences_window_finalize (GObject *object)
{
  FsPreferencesWindow *self = FS_PREFERENCES_WINDOW (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (fs_preferences_window_parent_class)->finalize (object);
}

static void
fs_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  FsPreferencesWindow *self = FS_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  FsPreferencesWindow *self = FS_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The rows of each provider group are found by name at init (see
 * setup_provider_rows()); declaring them lets gtk_widget_get_template_child()
 * return them without a struct field for each. */
static void
declare_provider_children (GtkWidgetClass *widget_class)
{
  static const char * const names[] = {
    "key_row", "status_row", "test_button", "remove_button", "test_row",
    "test_icon", "url_row", "url_error_row",
  };

  for (guint i = 0; i < N_PROVIDERS; i++)
    {
      for (guint j = 0; j < G_N_ELEMENTS (names); j++)
        {
          g_autofree char *id = g_strdup_printf ("%s_%s",
                                                 provider_descs[i].prefix,
                                                 names[j]);

          gtk_widget_class_bind_template_child_full (widget_class, id,
                                                     FALSE, 0);
        }
    }
  gtk_widget_class_bind_template_child_full (widget_class,
                                             "gallery_choose_button",
                                             FALSE, 0);
}

static void
fs_preferences_window_class_init (FsPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fs_preferences_window_constructed;
  object_class->dispose = fs_preferences_window_dispose;
  object_class->finalize = fs_preferences_window_finalize;
  object_class->get_property = fs_preferences_window_get_property;
  object_class->set_property = fs_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/fs-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FsPreferencesWindow, providers_page);
  gtk_widget_class_bind_template_child (widget_class, FsPreferencesWindow, bfl_region_row);
  gtk_widget_class_bind_template_child (widget_class, FsPreferencesWindow, apiyi_json_switch);
  gtk_widget_class_bind_template_child (widget_class, FsPreferencesWindow, gallery_folder_row);
  gtk_widget_class_bind_template_child (widget_class, FsPreferencesWindow, gallery_reset_button);
  gtk_widget_class_bind_template_child (widget_class, FsPreferencesWindow, output_format_row);
  gtk_widget_class_bind_template_child (widget_class, FsPreferencesWindow, colour_phrase_row);
  gtk_widget_class_bind_template_child (widget_class, FsPreferencesWindow, colour_phrase_switch);
  declare_provider_children (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, gallery_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, gallery_reset_clicked_cb);
}

static void
fs_preferences_window_init (FsPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  for (guint i = 0; i < N_PROVIDERS; i++)
    setup_provider_rows (self, &self->providers[i], &provider_descs[i]);
  g_signal_connect_swapped (self->bfl_region_row, "notify::selected",
                            G_CALLBACK (region_selected_cb), self);
}

/**
 * fs_preferences_window_new:
 * @parent: (nullable): the window the preferences belong to
 * @settings: the application's #GSettings
 *
 * Returns: (transfer floating): a new preferences window
 */
GtkWidget *
fs_preferences_window_new (GtkWindow *parent,
                           GSettings *settings)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (FS_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "settings", settings,
                       NULL);
}

/**
 * fs_preferences_window_focus_key:
 * @self: a #FsPreferencesWindow
 * @provider_id: "bfl", "apiyi", "openai-compatible" or "monica"
 *
 * Shows the Providers page with the key row of @provider_id focused, so
 * the key can be pasted at once.
 */
void
fs_preferences_window_focus_key (FsPreferencesWindow *self,
                                 const char          *provider_id)
{
  ProviderRows *rows;

  g_return_if_fail (FS_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (provider_id != NULL);

  rows = find_rows (self, provider_id);
  g_return_if_fail (rows != NULL);

  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (self),
                                           ADW_PREFERENCES_PAGE (self->providers_page));
  gtk_widget_grab_focus (rows->key_row);
}
