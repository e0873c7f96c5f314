/* test-spend-window.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "fs-spend-window.h"
#include "fs-test-ui-util.h"
#include "fs-test-util.h"

/* The Spend page over a real library: the month's calls, estimate and
 * charge per provider and model from the ledger, other months, and the
 * budget written back. */

typedef struct
{
  char      *dir;
  FsLibrary *library;
  GtkWidget *window;
} Fixture;

static void
record (FsLibrary  *library,
        const char *job_id,
        const char *state,
        double      estimate,
        double      actual)
{
  g_autoptr(JsonObject) entry = json_object_new ();
  g_autoptr(GAsyncResult) result = NULL;

  json_object_set_string_member (entry, "job_id", job_id);
  json_object_set_string_member (entry, "provider", "bfl");
  json_object_set_string_member (entry, "model", "flux-2-pro");
  json_object_set_int_member (entry, "images", 1);
  json_object_set_string_member (entry, "state", state);
  json_object_set_double_member (entry, "estimate", estimate);
  if (!isnan (actual))
    json_object_set_double_member (entry, "actual", actual);
  fs_library_record_spend_async (library, entry, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_library_record_spend_finish (library, fs_test_wait_result (&result), NULL));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = fs_test_make_dir ("fs-test-spend-XXXXXX");
  fixture->library = fs_test_library_new (fixture->dir);
  fs_test_library_open (fixture->library);
  record (fixture->library, "a", "answered", 0.03, 0.045);
  record (fixture->library, "b", "answered", 0.03, 0.045);
  record (fixture->library, "c", "refused", 0.03, NAN);
  fixture->window = fs_spend_window_new (NULL, fixture->library);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->library);
  fs_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} Shown;

static gboolean
label_is (GtkWidget     *widget,
          gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && g_str_equal (gtk_label_get_text (GTK_LABEL (widget)), data);
}

static gboolean
showing (gpointer data)
{
  Shown *shown = data;

  return fs_test_find_widget (shown->root, label_is, shown->text) != NULL;
}

static void
wait_showing (Fixture    *fixture,
              const char *text)
{
  Shown shown = { fixture->window, text };

  if (!fs_test_wait_for (showing, &shown, 10))
    g_error ("the Spend page never showed “%s”", text);
}

static double
budget_of (FsLibrary *library)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) spend = NULL;

  fs_library_spend_async (library, NULL, FALSE, NULL, fs_test_result_cb, &result);
  spend = fs_library_spend_finish (library, fs_test_wait_result (&result), NULL);
  g_assert_nonnull (spend);
  return json_object_get_double_member_with_default (spend, "budget", NAN);
}

static void
test_month (Fixture       *fixture,
            gconstpointer  data)
{
  FsSpendWindow *window = FS_SPEND_WINDOW (fixture->window);

  /* Two paid calls (the refused one is not charged), $0.09 charged. */
  wait_showing (fixture, "2");
  wait_showing (fixture, "$0.09 charged · $0.06 estimated");
  wait_showing (fixture, "Black Forest Labs · flux-2-pro");
  wait_showing (fixture, "2 paid calls");

  fs_spend_window_set_month (window, "2001-01");
  wait_showing (fixture, "No paid calls this month");
  wait_showing (fixture, "0");
}

static gboolean
budget_written (gpointer data)
{
  return budget_of (data) == 25;
}

static void
test_budget (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *spin = fs_test_find_by_label (fixture->window, GTK_TYPE_SPIN_BUTTON,
                                           "Monthly budget");

  g_assert_nonnull (spin);
  wait_showing (fixture, "2");
  g_assert_true (isnan (budget_of (fixture->library)));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 25);
  g_assert_true (fs_test_wait_for (budget_written, fixture->library, 10));
  wait_showing (fixture, "$24.91 left of the monthly budget of $25.00");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/spend-window/month", Fixture, NULL, fixture_setup, test_month,
              fixture_teardown);
  g_test_add ("/spend-window/budget", Fixture, NULL, fixture_setup, test_budget,
              fixture_teardown);

  return g_test_run ();
}
