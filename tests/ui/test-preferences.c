/* test-preferences.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <gio/gio.h>
/* For g_memory_settings_backend_new(): a fresh store per test. */
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fs-preferences-window.h"
#include "fs-test-util.h"

/* The preferences window against a fresh in-memory GSettings per test.
 * The D-Bus session is hidden from the process, so the key status comes
 * from the environment alone and no keyring can prompt; the real keyring
 * is exercised by the end-to-end tests (tests/ui/e2e). */

#define WAIT_LIMIT_USEC (20 * G_USEC_PER_SEC)

typedef struct
{
  GSettings           *settings;
  FsPreferencesWindow *window;
} Fixture;

static GtkWidget *
child (Fixture    *fixture,
       const char *id)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                   FS_TYPE_PREFERENCES_WINDOW,
                                                   id);

  g_assert_true (GTK_IS_WIDGET (object));

  return GTK_WIDGET (object);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

  fixture->settings = g_settings_new_with_backend (APP_ID_BASE, backend);
  fixture->window = FS_PREFERENCES_WINDOW (fs_preferences_window_new (NULL, fixture->settings));
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->settings);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static const char *
subtitle (GtkWidget *row)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static void
wait_for_subtitle (GtkWidget  *row,
                   const char *unwanted)
{
  gint64 end = g_get_monotonic_time () + WAIT_LIMIT_USEC;

  while (g_strcmp0 (subtitle (row), unwanted) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
test_accessible_names (Fixture       *fixture,
                       gconstpointer  data)
{
  static const struct { const char *id; const char *label; } names[] = {
    { "bfl_key_row", "BFL API key" },
    { "bfl_test_button", "Test BFL API key" },
    { "bfl_remove_button", "Remove BFL API key" },
    { "bfl_region_row", "BFL region" },
    { "bfl_url_row", "BFL base URL" },
    { "apiyi_key_row", "APIYI API key" },
    { "apiyi_test_button", "Test APIYI API key" },
    { "apiyi_remove_button", "Remove APIYI API key" },
    { "apiyi_url_row", "APIYI base URL" },
    { "apiyi_json_switch", "Send references as JSON data URLs" },
    { "openai_key_row", "OpenAI-compatible API key" },
    { "openai_test_button", "Test OpenAI-compatible API key" },
    { "openai_url_row", "OpenAI-compatible base URL" },
    { "monica_key_row", "Monica API key" },
    { "monica_test_button", "Test Monica API key" },
    { "monica_url_row", "Monica base URL" },
    { "gallery_choose_button", "Choose the gallery folder" },
    { "gallery_reset_button", "Use the default gallery folder" },
    { "output_format_row", "Default output format" },
    { "colour_phrase_switch", "Describe picked colours in the prompt" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    gtk_test_accessible_assert_property (child (fixture, names[i].id),
                                         GTK_ACCESSIBLE_PROPERTY_LABEL,
                                         names[i].label);

  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (child (fixture, "bfl_key_row")));
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (child (fixture, "monica_key_row")));
}

static void
test_region (Fixture       *fixture,
             gconstpointer  data)
{
  AdwComboRow *region = ADW_COMBO_ROW (child (fixture, "bfl_region_row"));
  GtkWidget *url_row = child (fixture, "bfl_url_row");
  g_autofree char *url = NULL;

  g_assert_cmpuint (adw_combo_row_get_selected (region), ==, 0);
  g_assert_false (gtk_widget_get_visible (url_row));

  g_settings_set_string (fixture->settings, "bfl-base-url", "https://api.eu.bfl.ai");
  g_assert_cmpuint (adw_combo_row_get_selected (region), ==, 1);

  adw_combo_row_set_selected (region, 2);
  url = g_settings_get_string (fixture->settings, "bfl-base-url");
  g_assert_cmpstr (url, ==, "https://api.us.bfl.ai");
  g_assert_false (gtk_widget_get_visible (url_row));

  /* A URL that is no region shows as Custom, with the URL, and choosing
   * Custom writes nothing by itself. */
  g_settings_set_string (fixture->settings, "bfl-base-url", "http://127.0.0.1:8080");
  g_assert_cmpuint (adw_combo_row_get_selected (region), ==, 3);
  g_assert_true (gtk_widget_get_visible (url_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==, "http://127.0.0.1:8080");

  adw_combo_row_set_selected (region, 0);
  g_clear_pointer (&url, g_free);
  url = g_settings_get_string (fixture->settings, "bfl-base-url");
  g_assert_cmpstr (url, ==, "https://api.bfl.ai");
  adw_combo_row_set_selected (region, 3);
  g_clear_pointer (&url, g_free);
  url = g_settings_get_string (fixture->settings, "bfl-base-url");
  g_assert_cmpstr (url, ==, "https://api.bfl.ai");
  g_assert_true (gtk_widget_get_visible (url_row));
}

static void
test_url_validation (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *row = child (fixture, "openai_url_row");
  GtkWidget *error_row = child (fixture, "openai_url_error_row");
  g_autofree char *url = NULL;

  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_false (gtk_widget_get_visible (error_row));

  /* Plain http to a remote host is refused as it is typed. */
  gtk_editable_set_text (GTK_EDITABLE (row), "http://flux.example.com/v1");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  gtk_test_accessible_assert_state (row, GTK_ACCESSIBLE_STATE_INVALID,
                                    GTK_ACCESSIBLE_INVALID_TRUE);
  g_assert_true (gtk_widget_get_visible (error_row));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (error_row)),
                            "https://"));
  g_signal_emit_by_name (row, "apply");
  url = g_settings_get_string (fixture->settings, "openai-base-url");
  g_assert_cmpstr (url, ==, "");

  /* https anywhere and http on this computer are fine. */
  gtk_editable_set_text (GTK_EDITABLE (row), "https://flux.example.com/v1");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_false (gtk_widget_get_visible (error_row));
  gtk_editable_set_text (GTK_EDITABLE (row), " http://127.0.0.1:8000/v1 ");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_signal_emit_by_name (row, "apply");
  g_clear_pointer (&url, g_free);
  url = g_settings_get_string (fixture->settings, "openai-base-url");
  g_assert_cmpstr (url, ==, "http://127.0.0.1:8000/v1");

  /* Emptying the APIYI URL goes back to its default. */
  row = child (fixture, "apiyi_url_row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "https://api.apiyi.com/v1");
  g_settings_set_string (fixture->settings, "apiyi-base-url", "https://proxy.example.com/v1");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "https://proxy.example.com/v1");
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  g_signal_emit_by_name (row, "apply");
  g_clear_pointer (&url, g_free);
  url = g_settings_get_string (fixture->settings, "apiyi-base-url");
  g_assert_cmpstr (url, ==, "https://api.apiyi.com/v1");
}

static void
test_switches_and_format (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkSwitch *json = GTK_SWITCH (child (fixture, "apiyi_json_switch"));
  GtkSwitch *phrase = GTK_SWITCH (child (fixture, "colour_phrase_switch"));
  AdwComboRow *format = ADW_COMBO_ROW (child (fixture, "output_format_row"));
  g_autofree char *nick = NULL;

  g_assert_false (gtk_switch_get_active (json));
  gtk_switch_set_active (json, TRUE);
  g_assert_true (g_settings_get_boolean (fixture->settings, "apiyi-json-references"));
  g_settings_set_boolean (fixture->settings, "apiyi-json-references", FALSE);
  g_assert_false (gtk_switch_get_active (json));

  gtk_switch_set_active (phrase, TRUE);
  g_assert_true (g_settings_get_boolean (fixture->settings, "insert-colour-phrase"));

  g_assert_cmpuint (adw_combo_row_get_selected (format), ==, 0);
  adw_combo_row_set_selected (format, 1);
  nick = g_settings_get_string (fixture->settings, "default-output-format");
  g_assert_cmpstr (nick, ==, "png");
  g_settings_set_string (fixture->settings, "default-output-format", "jpeg");
  g_assert_cmpuint (adw_combo_row_get_selected (format), ==, 0);
}

static void
test_gallery_folder (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *row = child (fixture, "gallery_folder_row");
  GtkWidget *reset = child (fixture, "gallery_reset_button");
  g_autofree char *folder = NULL;

  g_assert_nonnull (strstr (subtitle (row), "Flux Studio"));
  g_assert_nonnull (strstr (subtitle (row), "(default)"));
  g_assert_false (gtk_widget_get_visible (reset));

  g_settings_set_string (fixture->settings, "gallery-folder", "/srv/art/flux");
  g_assert_cmpstr (subtitle (row), ==, "/srv/art/flux");
  g_assert_true (gtk_widget_get_visible (reset));

  g_signal_emit_by_name (reset, "clicked");
  folder = g_settings_get_string (fixture->settings, "gallery-folder");
  g_assert_cmpstr (folder, ==, "");
  g_assert_false (gtk_widget_get_visible (reset));
}

/* Runs with BFL_API_KEY set and no Secret Service (see main()). */
static void
test_key_status (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *bfl = child (fixture, "bfl_status_row");
  GtkWidget *apiyi = child (fixture, "apiyi_status_row");
  GtkWidget *openai = child (fixture, "openai_status_row");
  GtkWidget *key_row = child (fixture, "apiyi_key_row");

  wait_for_subtitle (bfl, "Checking…");
  wait_for_subtitle (apiyi, "Checking…");
  wait_for_subtitle (openai, "Checking…");
  g_assert_cmpstr (subtitle (bfl), ==, "From the environment (BFL_API_KEY)");
  g_assert_cmpstr (subtitle (apiyi), ==, "Not set");
  g_assert_nonnull (strstr (subtitle (openai), "Not set"));
  /* The key itself is never shown, and only a keyring item can go. */
  g_assert_null (strstr (subtitle (bfl), "fs-test"));
  g_assert_false (gtk_widget_get_sensitive (child (fixture, "bfl_remove_button")));

  /* Without a Secret Service a key cannot be kept: the row says so. */
  gtk_editable_set_text (GTK_EDITABLE (key_row), "fs-test-key-typed");
  g_signal_emit_by_name (key_row, "apply");
  for (gint64 end = g_get_monotonic_time () + WAIT_LIMIT_USEC;
       !gtk_widget_has_css_class (key_row, "error");)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
  gtk_test_accessible_assert_state (key_row, GTK_ACCESSIBLE_STATE_INVALID,
                                    GTK_ACCESSIBLE_INVALID_TRUE);
  gtk_editable_set_text (GTK_EDITABLE (key_row), "fs-test-key-typed2");
  g_assert_false (gtk_widget_has_css_class (key_row, "error"));
}

/* Nothing listens on port 1, so the test reports why the call failed
 * instead of a success; the button is usable again afterwards. */
static void
test_key_test_failure (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *button = child (fixture, "openai_test_button");
  GtkWidget *result = child (fixture, "openai_test_row");
  GtkWidget *key_row = child (fixture, "openai_key_row");
  gint64 end = g_get_monotonic_time () + 4 * WAIT_LIMIT_USEC;

  g_settings_set_string (fixture->settings, "openai-base-url", "http://127.0.0.1:1/v1");
  gtk_editable_set_text (GTK_EDITABLE (key_row), "fs-test-key-typed");
  g_assert_false (gtk_widget_get_visible (result));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (gtk_widget_get_visible (result));
  g_assert_false (gtk_widget_get_sensitive (button));

  while (!gtk_widget_get_sensitive (button))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_true (gtk_widget_has_css_class (result, "error"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (result)), !=, "Testing…");
  g_assert_null (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (result)),
                         "fs-test-key-typed"));
}

static void
test_focus_key (Fixture       *fixture,
                gconstpointer  data)
{
  AdwPreferencesWindow *window = ADW_PREFERENCES_WINDOW (fixture->window);

  adw_preferences_window_set_visible_page_name (window, "gallery");
  fs_preferences_window_focus_key (fixture->window, "monica");
  spin ();
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (window), ==, "providers");
}

int
main (int   argc,
      char *argv[])
{
  /* No Secret Service: lookups use the environment only, and a keyring
   * daemon started by D-Bus activation can never ask for a password. */
  g_autofree char *runtime = fs_test_make_dir ("fs-test-prefs-XXXXXX");
  int ret;

  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  g_setenv ("BFL_API_KEY", "fs-test-key-env", TRUE);
  g_unsetenv ("APIYI_API_KEY");
  g_unsetenv ("MONICA_API_KEY");
  g_unsetenv ("FLUX_STUDIO_API_KEY");
  g_setenv ("FLUX_STUDIO_TIMEOUT", "3", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(name, func) \
  g_test_add ("/preferences/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("accessible-names", test_accessible_names);
  ADD ("region", test_region);
  ADD ("url-validation", test_url_validation);
  ADD ("switches-and-format", test_switches_and_format);
  ADD ("gallery-folder", test_gallery_folder);
  ADD ("key-status", test_key_status);
  ADD ("key-test-failure", test_key_test_failure);
  ADD ("focus-key", test_focus_key);
#undef ADD

  ret = g_test_run ();
  g_rmdir (runtime);

  return ret;
}
