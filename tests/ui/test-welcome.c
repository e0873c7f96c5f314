/* test-welcome.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

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

/* The provider rows, in order: each an AdwActionRow whose activatable
 * widget is its radio button. */
static GPtrArray *
provider_rows (Fixture *fixture)
{
  GtkWidget *list = child (fixture, "provider_list");
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *row = gtk_widget_get_first_child (list);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row))
      g_ptr_array_add (rows, row);

  return rows;
}

static gboolean
row_picked (GtkWidget *row)
{
  GtkWidget *radio = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));

  return gtk_check_button_get_active (GTK_CHECK_BUTTON (radio));
}

static void
test_content (Fixture       *fixture,
              gconstpointer  data)
{
  AdwStatusPage *status = ADW_STATUS_PAGE (child (fixture, "status_page"));
  g_autoptr(GPtrArray) rows = provider_rows (fixture);
  static const char * const titles[] = {
    "Black Forest Labs", "APIYI", "OpenAI-compatible server", "Monica",
  };

  g_assert_cmpstr (adw_status_page_get_title (status), ==, "Welcome to Flux Studio");
  g_assert_nonnull (adw_status_page_get_icon_name (status));

  /* Every provider that takes a key, each with its summary, the first
   * one picked; the sandbox has its own button with its summary below. */
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (titles));
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);

      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, titles[i]);
      g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), !=, "");
      g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
      g_assert_cmpint (row_picked (row), ==, i == 0);
      gtk_test_accessible_assert_property (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL, titles[i]);
    }
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (fixture, "sandbox_note"))),
                            "not a FLUX model"));

  gtk_test_accessible_assert_property (child (fixture, "add_key_button"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Add an API key");
  gtk_test_accessible_assert_property (child (fixture, "sandbox_button"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Try the Offline Sandbox");
  gtk_test_accessible_assert_property (child (fixture, "provider_list"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Provider of the API key");
}

/* Activating a row (a click, Enter or Space on it) picks its provider,
 * and "Add an API Key" asks for that one. */
static void
test_signals (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = provider_rows (fixture);
  static const char * const ids[] = { "bfl", "apiyi", "openai-compatible", "monica" };

  g_signal_emit_by_name (child (fixture, "add_key_button"), "clicked");
  for (guint i = 1; i < rows->len; i++)
    {
      gtk_widget_activate (g_ptr_array_index (rows, i));
      g_assert_true (row_picked (g_ptr_array_index (rows, i)));
      g_assert_false (row_picked (g_ptr_array_index (rows, i - 1)));
      g_signal_emit_by_name (child (fixture, "add_key_button"), "clicked");
    }

  g_assert_cmpuint (fixture->added->len, ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_cmpstr (g_ptr_array_index (fixture->added, i), ==, ids[i]);
  g_assert_cmpuint (fixture->sandboxes, ==, 0);

  /* Back to the first, through the list as a keyboard user would. */
  g_signal_emit_by_name (child (fixture, "provider_list"), "row-activated",
                         g_ptr_array_index (rows, 0));
  g_signal_emit_by_name (child (fixture, "add_key_button"), "clicked");
  g_assert_cmpstr (g_ptr_array_index (fixture->added, fixture->added->len - 1), ==, "bfl");

  g_signal_emit_by_name (child (fixture, "sandbox_button"), "clicked");
  g_assert_cmpuint (fixture->sandboxes, ==, 1);
  g_assert_cmpuint (fixture->added->len, ==, G_N_ELEMENTS (ids) + 1);
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
