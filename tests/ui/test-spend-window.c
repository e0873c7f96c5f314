/* test-spend-window.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <sqlite3.h>

#include "fs-spend-window.h"
#include "fs-test-ui-util.h"
#include "fs-test-util.h"

/* The Spend page over a real library: the month's calls, estimate and
 * charge per provider and model and per day from the ledger, other
 * months, and the budget written back. */

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

/* Moves the ledger rows of @job_id to @day of March 2026, at @hour local
 * time, in the library's SQLite file itself. */
static void
move_to_day (Fixture    *fixture,
             const char *job_id,
             int         day,
             int         hour)
{
  g_autofree char *db_path = g_build_filename (fixture->dir, "library.db", NULL);
  g_autoptr(GDateTime) when = g_date_time_new_local (2026, 3, day, hour, 30, 0);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE spend SET created = ?1 WHERE job_id = ?2", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, g_date_time_to_unix (when) * G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 2, job_id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

typedef struct
{
  const char *title;
  const char *subtitle;
} RowWanted;

static gboolean
row_is (GtkWidget     *widget,
        gconstpointer  data)
{
  const RowWanted *wanted = data;

  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)),
                    wanted->title) == 0 &&
         g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)),
                    wanted->subtitle) == 0;
}

typedef struct
{
  GtkWidget  *group;
  RowWanted   row;
  const char *amounts;
} DayWanted;

static gboolean
day_shown (gpointer data)
{
  DayWanted *wanted = data;
  GtkWidget *row = fs_test_find_widget (wanted->group, row_is, &wanted->row);

  return row != NULL && fs_test_find_widget (row, label_is, wanted->amounts) != NULL;
}

static GtkWidget *
days_group (Fixture *fixture)
{
  GtkWidget *found = NULL;

  for (GtkWidget *w = fs_test_find_type (fixture->window, ADW_TYPE_PREFERENCES_GROUP); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (ADW_IS_PREFERENCES_GROUP (w) &&
        g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (w)), "By Day") == 0)
      found = w;
  g_assert_nonnull (found);
  return found;
}

static void
wait_day (Fixture    *fixture,
          const char *title,
          const char *subtitle,
          const char *amounts)
{
  DayWanted wanted = { days_group (fixture), { title, subtitle }, amounts };

  if (!fs_test_wait_for (day_shown, &wanted, 10))
    g_error ("the Spend page's days never showed “%s”, “%s”, “%s”", title, subtitle, amounts);
}

static guint
n_rows (GtkWidget *group)
{
  guint n = 0;

  for (GtkWidget *w = fs_test_find_type (group, ADW_TYPE_ACTION_ROW); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    n += ADW_IS_ACTION_ROW (w);
  return n;
}

/* Calls on three days of March 2026 in the ledger's SQLite file: a row
 * per day, in order, with its calls, charge and estimate; the refused
 * call counts nowhere; a month without calls hides the days. */
static void
test_days (Fixture       *fixture,
           gconstpointer  data)
{
  FsSpendWindow *window = FS_SPEND_WINDOW (fixture->window);
  GtkWidget *group;

  record (fixture->library, "d", "answered", 0.04, NAN);
  record (fixture->library, "e", "answered", 0.05, 0.07);
  move_to_day (fixture, "a", 2, 9);
  move_to_day (fixture, "b", 2, 18);
  move_to_day (fixture, "c", 2, 19);
  move_to_day (fixture, "d", 15, 0);
  move_to_day (fixture, "e", 31, 23);

  fs_spend_window_set_month (window, "2026-03");
  wait_day (fixture, "Monday 2 March", "2 paid calls", "$0.09 charged · $0.06 estimated");
  wait_day (fixture, "Sunday 15 March", "1 paid call", "— charged · $0.04 estimated");
  wait_day (fixture, "Tuesday 31 March", "1 paid call", "$0.07 charged · $0.05 estimated");
  group = days_group (fixture);
  g_assert_true (gtk_widget_get_visible (group));
  g_assert_cmpuint (n_rows (group), ==, 3);
  /* The month's totals agree with its days. */
  wait_showing (fixture, "$0.16 charged · $0.15 estimated");
  {
    RowWanted first = { "Monday 2 March", "2 paid calls" };
    RowWanted last = { "Tuesday 31 March", "1 paid call" };
    GtkWidget *w = fs_test_find_widget (group, row_is, &first);

    while (w != NULL && !row_is (w, &last))
      w = gtk_widget_get_next_sibling (w);
    g_assert_nonnull (w);
  }

  fs_spend_window_set_month (window, "2026-04");
  wait_showing (fixture, "No paid calls this month");
  g_assert_false (gtk_widget_get_visible (days_group (fixture)));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/spend-window/month", Fixture, NULL, fixture_setup, test_month,
              fixture_teardown);
  g_test_add ("/spend-window/days", Fixture, NULL, fixture_setup, test_days,
              fixture_teardown);
  g_test_add ("/spend-window/budget", Fixture, NULL, fixture_setup, test_budget,
              fixture_teardown);

  return g_test_run ();
}
