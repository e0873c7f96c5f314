/* test-spend.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fs-error.h"
#include "fs-library.h"
#include "fs-test-util.h"
#include "fs-variations.h"

/* Variations (fs-variations.c) and the spend ledger (fs-library-spend.c,
 * fs-library-index-spend.c), against a real SQLite file. */

static gint64
seed_of (GPtrArray *plan,
         guint      i)
{
  gint64 seed = -1;

  g_assert_true (fs_request_get_int (g_ptr_array_index (plan, i), "seed", &seed));
  return seed;
}

static void
test_plan_per_call (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  g_autoptr(FsRequest) request = fs_request_new ("bfl", "flux-2-pro");
  g_autoptr(GPtrArray) increment = NULL;
  g_autoptr(GPtrArray) fixed = NULL;
  g_autoptr(GPtrArray) random = NULL;
  FsModel *model = fs_catalog_lookup (catalog, "flux-2-pro");

  fs_request_set_prompt (request, "a poster");
  fs_test_set_int (request, "seed", 40);

  increment = fs_variations_plan (request, model, 5, FS_SEED_MODE_INCREMENT);
  g_assert_cmpuint (increment->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpint (seed_of (increment, i), ==, 40 + i);
      g_assert_null (fs_request_get_param (g_ptr_array_index (increment, i), "num_outputs"));
      g_assert_cmpuint (fs_variations_n_images (g_ptr_array_index (increment, i)), ==, 1);
    }

  fixed = fs_variations_plan (request, model, 3, FS_SEED_MODE_FIXED);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (seed_of (fixed, i), ==, 40);

  /* Random keeps the first seed and draws the others: 16 equal draws
   * would be a broken generator, not luck. */
  random = fs_variations_plan (request, model, 16, FS_SEED_MODE_RANDOM);
  g_assert_cmpint (seed_of (random, 0), ==, 40);
  {
    gboolean differ = FALSE;

    for (guint i = 1; i < 16; i++)
      differ |= seed_of (random, i) != 40;
    g_assert_true (differ);
  }

  /* The request itself is not changed. */
  {
    gint64 seed = -1;

    g_assert_true (fs_request_get_int (request, "seed", &seed));
    g_assert_cmpint (seed, ==, 40);
  }
}

static void
test_plan_num_outputs (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  g_autoptr(FsRequest) request = fs_request_new ("monica", "flux_dev");
  g_autoptr(GPtrArray) plan = NULL;
  FsModel *model = fs_catalog_lookup (catalog, "flux_dev");
  guint total = 0;

  fs_request_set_prompt (request, "a teapot");
  plan = fs_variations_plan (request, model, 10, FS_SEED_MODE_INCREMENT);
  /* 10 images in calls of 4, 4 and 2, counting the seed up by image. */
  g_assert_cmpuint (plan->len, ==, 3);
  g_assert_cmpuint (fs_variations_n_images (g_ptr_array_index (plan, 0)), ==, 4);
  g_assert_cmpuint (fs_variations_n_images (g_ptr_array_index (plan, 2)), ==, 2);
  g_assert_cmpint (seed_of (plan, 1), ==, seed_of (plan, 0) + 4);
  g_assert_cmpint (seed_of (plan, 2), ==, seed_of (plan, 0) + 8);
  for (guint i = 0; i < plan->len; i++)
    {
      total += fs_variations_n_images (g_ptr_array_index (plan, i));
      g_assert_true (fs_request_check (g_ptr_array_index (plan, i), catalog, NULL));
    }
  g_assert_cmpuint (total, ==, 10);
}

static void
test_seed_mode_names (void)
{
  FsSeedMode mode = FS_SEED_MODE_FIXED;

  g_assert_true (fs_variations_parse_seed_mode ("increment", &mode));
  g_assert_cmpint (mode, ==, FS_SEED_MODE_INCREMENT);
  g_assert_false (fs_variations_parse_seed_mode ("Increment", &mode));
  g_assert_false (fs_variations_parse_seed_mode (NULL, &mode));
  g_assert_cmpstr (fs_variations_seed_mode_name (FS_SEED_MODE_RANDOM), ==, "random");
}

static void
record (FsLibrary  *library,
        const char *job_id,
        const char *state,
        double      estimate,
        double      actual)
{
  g_autoptr(JsonObject) entry = json_object_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (entry, "job_id", job_id);
  json_object_set_string_member (entry, "provider", "bfl");
  json_object_set_string_member (entry, "model", "flux-2-pro");
  json_object_set_int_member (entry, "images", 1);
  json_object_set_string_member (entry, "state", state);
  if (!isnan (estimate))
    json_object_set_double_member (entry, "estimate", estimate);
  if (!isnan (actual))
    json_object_set_double_member (entry, "actual", actual);
  fs_library_record_spend_async (library, entry, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_library_record_spend_finish (library, fs_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

static JsonObject *
read_month (FsLibrary  *library,
            const char *month)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *spend;

  fs_library_spend_async (library, month, TRUE, NULL, fs_test_result_cb, &result);
  spend = fs_library_spend_finish (library, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return spend;
}

static void
test_ledger (void)
{
  g_autofree char *dir = fs_test_make_dir ("fs-spend-XXXXXX");
  g_autoptr(FsLibrary) library = fs_test_library_new (dir);
  g_autoptr(JsonObject) spend = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *totals, *model;

  fs_test_library_open (library);
  /* The estimate first, the actual from the answer; the second write
   * keeps the estimate. A refused call is not paid. */
  record (library, "job-a", "sent", 0.03, NAN);
  record (library, "job-a", "answered", NAN, 0.045);
  record (library, "job-b", "sent", 0.03, NAN);
  record (library, "job-c", "sent", 0.03, NAN);
  record (library, "job-c", "refused", NAN, NAN);

  fs_library_set_budget_async (library, 12.5, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_library_set_budget_finish (library, fs_test_wait_result (&result), &error));
  g_assert_no_error (error);

  spend = read_month (library, NULL);
  g_assert_cmpfloat (json_object_get_double_member (spend, "budget"), ==, 12.5);
  totals = json_object_get_object_member (spend, "totals");
  g_assert_cmpint (json_object_get_int_member (totals, "calls"), ==, 2);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (totals, "estimate"), 0.06, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (totals, "actual"), 0.045, 1e-9);
  g_assert_cmpint (json_object_get_int_member (totals, "reported_calls"), ==, 1);
  model = json_array_get_object_element (json_object_get_array_member (spend, "models"), 0);
  g_assert_cmpstr (json_object_get_string_member (model, "model"), ==, "flux-2-pro");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (spend, "days")), ==, 1);
  /* Every call is in the rows, the refused one too. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (spend, "rows")), ==, 3);
  json_object_unref (g_steal_pointer (&spend));

  spend = read_month (library, "2001-02");
  totals = json_object_get_object_member (spend, "totals");
  g_assert_cmpint (json_object_get_int_member (totals, "calls"), ==, 0);
  g_assert_true (json_object_get_null_member (totals, "actual"));

  g_clear_object (&result);
  fs_library_spend_async (library, "2001-2", FALSE, NULL, fs_test_result_cb, &result);
  g_assert_null (fs_library_spend_finish (library, fs_test_wait_result (&result), &error));
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);

  fs_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/variations/per-call", test_plan_per_call);
  g_test_add_func ("/variations/num-outputs", test_plan_num_outputs);
  g_test_add_func ("/variations/seed-mode-names", test_seed_mode_names);
  g_test_add_func ("/spend/ledger", test_ledger);

  return g_test_run ();
}
