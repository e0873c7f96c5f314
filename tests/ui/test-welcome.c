/* test-welcome.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "fs-welcome-page.h"

typedef struct
{
  GtkWidget *window;
  GtkWidget *page;
  GPtrArray *added;      /* provider ids from "add-key" */
  guint      sandboxes;  /* "try-sandbox" emissions */
} Fixture;

static GtkWidget *
child (Fixture    *fixture,
       const char *id)
{
  GObject *object = gtk_widget_get_template_child (fixture->page,
                                                   FS_TYPE_WELCOME_PAGE, id);

  g_assert_true (GTK_IS_WIDGET (object));

  return GTK_WIDGET (object);
}

static void
add_key_cb (GtkWidget  *page,
            const char *provider_id,
            Fixture    *fixture)
{
  g_ptr_array_add (fixture->added, g_strdup (provider_id));
}

static void
try_sandbox_cb (GtkWidget *page,
                Fixture   *fixture)
{
  fixture->sandboxes++;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->added = g_ptr_array_new_with_free_func (g_free);
  fixture->window = gtk_window_new ();
  fixture->page = fs_welcome_page_new ();
  g_signal_connect (fixture->page, "add-key", G_CALLBACK (add_key_cb), fixture);
  g_signal_connect (fixture->page, "try-sandbox", G_CALLBACK (try_sandbox_cb), fixture);
  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->page);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_ptr_array_unref (fixture->added);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_content (Fixture       *fixture,
              gconstpointer  data)
{
  AdwStatusPage *status = ADW_STATUS_PAGE (child (fixture, "status_page"));
  GListModel *names;

  g_assert_cmpstr (adw_status_page_get_title (status), ==, "Welcome to Flux Studio");
  g_assert_nonnull (adw_status_page_get_icon_name (status));

  /* Every provider that takes a key, and not the sandbox, which has its
   * own button. */
  names = adw_combo_row_get_model (ADW_COMBO_ROW (child (fixture, "provider_row")));
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 4);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), ==,
                   "Black Forest Labs");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 2), ==,
                   "OpenAI-compatible server");

  gtk_test_accessible_assert_property (child (fixture, "add_key_button"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Add an API key");
  gtk_test_accessible_assert_property (child (fixture, "sandbox_button"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Try the Offline Sandbox");
  gtk_test_accessible_assert_property (child (fixture, "provider_row"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Provider of the API key");
}

static void
test_signals (Fixture       *fixture,
              gconstpointer  data)
{
  AdwComboRow *row = ADW_COMBO_ROW (child (fixture, "provider_row"));

  g_signal_emit_by_name (child (fixture, "add_key_button"), "clicked");
  adw_combo_row_set_selected (row, 1);
  g_signal_emit_by_name (child (fixture, "add_key_button"), "clicked");
  adw_combo_row_set_selected (row, 2);
  g_signal_emit_by_name (child (fixture, "add_key_button"), "clicked");
  adw_combo_row_set_selected (row, 3);
  g_signal_emit_by_name (child (fixture, "add_key_button"), "clicked");

  g_assert_cmpuint (fixture->added->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (fixture->added, 0), ==, "bfl");
  g_assert_cmpstr (g_ptr_array_index (fixture->added, 1), ==, "apiyi");
  g_assert_cmpstr (g_ptr_array_index (fixture->added, 2), ==, "openai-compatible");
  g_assert_cmpstr (g_ptr_array_index (fixture->added, 3), ==, "monica");
  g_assert_cmpuint (fixture->sandboxes, ==, 0);

  g_signal_emit_by_name (child (fixture, "sandbox_button"), "clicked");
  g_assert_cmpuint (fixture->sandboxes, ==, 1);
  g_assert_cmpuint (fixture->added->len, ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/welcome/content", Fixture, NULL, fixture_setup, test_content, fixture_teardown);
  g_test_add ("/welcome/signals", Fixture, NULL, fixture_setup, test_signals, fixture_teardown);

  return g_test_run ();
}
