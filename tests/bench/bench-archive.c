/* bench-archive.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fs-library.h"
#include "fs-test-util.h"

/* The gallery at scale (issue 11, "Scale"; docs/ARCHITECTURE.md,
 * "Index" and "Queries"): a generated library of 10,000 results against
 * an empty one, in one run — opening it to its first page of items and to
 * the whole list (time, and peak memory in a process of its own), a
 * rebuild of the index from the 10,000 sidecars, searches and filters
 * (the median of many), and `flux-studio-cli list --search`. Figures and
 * ratios only: nothing here fails on time.
 *
 *   bench-archive [N]                 the whole benchmark (N images, 10,000)
 *   bench-archive --open DIR          one measured open (a child process)
 *   bench-archive --rebuild DIR       one measured rebuild (a child process) */

#define N_IMAGES     10000
#define IMAGE_SIZE   256
#define N_OPENS      5
#define N_QUERIES    31
#define N_CLI_RUNS   7

/* Children: one measurement per process, so that its peak is its own --- */

static FsLibrary *
library_for (const char *dir)
{
  g_autofree char *folder_path = g_build_filename (dir, "gallery", NULL);
  g_autofree char *db_path = g_build_filename (dir, "gallery", ".flux-studio", "library.db",
                                               NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);

  return fs_library_new (folder, db_path);
}

typedef struct
{
  gint64 start;
  gint64 first_page;
} OpenTimes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  OpenTimes  *times)
{
  if (times->first_page == 0 && g_list_model_get_n_items (model) > 0)
    times->first_page = g_get_monotonic_time ();
}

/* Prints "first-page-ms loaded-ms items peak-kB". */
static int
child_open (const char *dir)
{
  g_autoptr(FsLibrary) library = library_for (dir);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  OpenTimes times = { 0, 0 };
  gint64 loaded;

  g_signal_connect (library, "items-changed", G_CALLBACK (items_changed_cb), &times);
  times.start = g_get_monotonic_time ();
  fs_library_open_async (library, NULL, fs_test_result_cb, &result);
  if (!fs_library_open_finish (library, fs_test_wait_result (&result), &error))
    g_error ("Open failed: %s", error->message);
  loaded = g_get_monotonic_time ();
  if (times.first_page == 0)
    times.first_page = loaded;

  g_print ("%.3f %.3f %u %" G_GINT64_FORMAT "\n",
           (times.first_page - times.start) / 1000.0, (loaded - times.start) / 1000.0,
           g_list_model_get_n_items (G_LIST_MODEL (library)), fs_test_status_kb ("VmHWM"));
  return 0;
}

/* Prints "ms images peak-kB". */
static int
child_rebuild (const char *dir)
{
  g_autoptr(FsLibrary) library = library_for (dir);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  guint count;

  fs_library_open_index_async (library, NULL, fs_test_result_cb, &result);
  if (!fs_library_open_index_finish (library, fs_test_wait_result (&result), &error))
    g_error ("Open failed: %s", error->message);
  g_clear_object (&result);

  start = g_get_monotonic_time ();
  fs_library_rebuild_async (library, NULL, fs_test_result_cb, &result);
  count = fs_library_rebuild_finish (library, fs_test_wait_result (&result), &error);
  if (error != NULL)
    g_error ("Rebuild failed: %s", error->message);

  g_print ("%.3f %u %" G_GINT64_FORMAT "\n", (g_get_monotonic_time () - start) / 1000.0,
           count, fs_test_status_kb ("VmHWM"));
  return 0;
}

/* The parent ---------------------------------------------------------------- */

static char *
run_child (const char *self_path,
           const char *mode,
           const char *dir)
{
  const char *argv[] = { self_path, mode, dir, NULL };

  return fs_test_run_output (argv);
}

typedef struct
{
  double first_page_ms;
  double loaded_ms;
  double peak_mb;
  guint  items;
} OpenFigures;

static OpenFigures
measure_opens (const char *self_path,
               const char *dir)
{
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) loaded = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) peak = g_array_new (FALSE, FALSE, sizeof (double));
  OpenFigures figures = { 0 };

  /* The first run warms the disk cache and is not counted. */
  for (guint i = 0; i <= N_OPENS; i++)
    {
      g_autofree char *out = run_child (self_path, "--open", dir);
      double first_ms, loaded_ms;
      gint64 peak_kb;
      guint items;

      if (sscanf (out, "%lf %lf %u %" G_GINT64_FORMAT, &first_ms, &loaded_ms, &items,
                  &peak_kb) != 4)
        g_error ("Unexpected output of an open: %s", out);
      if (i == 0)
        continue;
      g_array_append_val (first, first_ms);
      g_array_append_val (loaded, loaded_ms);
      {
        double mb = peak_kb / 1024.0;

        g_array_append_val (peak, mb);
      }
      figures.items = items;
    }

  figures.first_page_ms = fs_test_median (first);
  figures.loaded_ms = fs_test_median (loaded);
  figures.peak_mb = fs_test_median (peak);
  return figures;
}

static double
query_ms (FsLibrary      *library,
          FsLibraryQuery *query,
          guint          *found)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < N_QUERIES; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) assets = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      fs_library_query_async (library, query, NULL, fs_test_result_cb, &result);
      assets = fs_library_query_finish (library, fs_test_wait_result (&result), &error);
      if (assets == NULL)
        g_error ("Query failed: %s", error->message);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
      *found = assets->len;
    }

  return fs_test_median (times);
}

typedef struct
{
  const char *name;
  void      (*set) (FsLibraryQuery *query);
} QueryCase;

static void
set_fox (FsLibraryQuery *q)
{
  fs_library_query_set_text (q, "fox");
}

static void
set_prefix (FsLibraryQuery *q)
{
  fs_library_query_set_text (q, "li");
}

static void
set_accent (FsLibraryQuery *q)
{
  fs_library_query_set_text (q, "creme brul");
}

static void
set_hex (FsLibraryQuery *q)
{
  fs_library_query_set_text (q, "#02eb");
}

static void
set_seed (FsLibraryQuery *q)
{
  fs_library_query_set_text (q, "12");
}

static void
set_none (FsLibraryQuery *q)
{
  fs_library_query_set_text (q, "zeppelin");
}

static void
set_nothing (FsLibraryQuery *q)
{
}

static void
set_rating_sort (FsLibraryQuery *q)
{
  fs_library_query_set_sort (q, FS_SORT_RATING);
}

static void
set_favourites (FsLibraryQuery *q)
{
  fs_library_query_set_favourites_only (q, TRUE);
}

static void
set_min_rating (FsLibraryQuery *q)
{
  fs_library_query_set_min_rating (q, 4);
}

static void
set_collection (FsLibraryQuery *q)
{
  fs_library_query_set_collection (q, "Brand");
}

static void
set_week (FsLibraryQuery *q)
{
  fs_library_query_set_date (q, FS_DATE_THIS_WEEK);
}

static void
set_portrait (FsLibraryQuery *q)
{
  fs_library_query_set_orientation (q, FS_ORIENTATION_PORTRAIT);
}

static void
set_matched (FsLibraryQuery *q)
{
  fs_library_query_set_colours (q, FS_COLOURS_ALL_MATCHED);
}

static void
set_combined (FsLibraryQuery *q)
{
  const char * const providers[] = { "bfl", "sandbox", NULL };

  fs_library_query_set_text (q, "lake");
  fs_library_query_set_providers (q, providers);
  fs_library_query_set_min_rating (q, 2);
  fs_library_query_set_orientation (q, FS_ORIENTATION_LANDSCAPE);
  fs_library_query_set_sort (q, FS_SORT_OLDEST);
}

/* Several values of one filter, as the filter menu's check boxes set
 * them: an IN list of parameters. */
static void
set_two_models (FsLibraryQuery *q)
{
  const char * const models[] = { "flux-2-max", "flux_dev", NULL };

  fs_library_query_set_models (q, models);
}

static void
set_providers_models (FsLibraryQuery *q)
{
  const char * const providers[] = { "bfl", "apiyi", NULL };
  const char * const models[] = { "flux-2-pro", "flux-kontext-pro", NULL };

  fs_library_query_set_providers (q, providers);
  fs_library_query_set_models (q, models);
  fs_library_query_set_sort (q, FS_SORT_RATING);
}

static const QueryCase query_cases[] = {
  { "search 'fox'", set_fox },
  { "search 'li' (prefix)", set_prefix },
  { "search 'creme brul' (accents)", set_accent },
  { "search '#02eb' (colour)", set_hex },
  { "search '12' (seeds)", set_seed },
  { "search 'zeppelin' (none)", set_none },
  { "everything, newest first", set_nothing },
  { "everything, by rating", set_rating_sort },
  { "favourites", set_favourites },
  { "4 stars or more", set_min_rating },
  { "collection 'Brand'", set_collection },
  { "portrait", set_portrait },
  { "this week", set_week },
  { "all colours matched", set_matched },
  { "search and four filters", set_combined },
  { "two models", set_two_models },
  { "two providers, two models, rated", set_providers_models },
};

static FsLibrary *
open_in_parent (const char *dir)
{
  FsLibrary *library = library_for (dir);

  fs_test_library_open (library);
  return library;
}

static void
print_queries (const char *empty_dir,
               const char *full_dir,
               double     *worst)
{
  g_autoptr(FsLibrary) empty = open_in_parent (empty_dir);
  g_autoptr(FsLibrary) full = open_in_parent (full_dir);

  g_print ("\nQueries (median of %d, in ms; the list is open, as in the window)\n", N_QUERIES);
  g_print ("  %-32s %10s %10s %8s %8s\n", "query", "empty", "10,000", "ratio", "found");
  *worst = 0;
  for (guint i = 0; i < G_N_ELEMENTS (query_cases); i++)
    {
      g_autoptr(FsLibraryQuery) query = fs_library_query_new ();
      guint found_empty, found;
      double empty_ms, full_ms;

      query_cases[i].set (query);
      empty_ms = query_ms (empty, query, &found_empty);
      full_ms = query_ms (full, query, &found);
      *worst = MAX (*worst, full_ms);
      g_print ("  %-32s %10.2f %10.2f %7.1fx %8u\n", query_cases[i].name, empty_ms, full_ms,
               full_ms / MAX (empty_ms, 0.001), found);
    }
}

static double
cli_ms (const char *cli,
        const char *dir,
        const char *search)
{
  g_autofree char *folder = g_build_filename (dir, "gallery", NULL);
  const char *argv[] = { cli, "list", "--library", folder, "--search", search, "--json", NULL };
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  /* As a user's terminal would be: output in UTF-8, not converted. */
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "LC_ALL", "C.UTF-8", TRUE);

  for (guint i = 0; i <= N_CLI_RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      int status = 0;
      gint64 start = g_get_monotonic_time ();
      double ms;

      if (!g_spawn_sync (NULL, (char **) argv, (char **) envp, G_SPAWN_STDERR_TO_DEV_NULL,
                         NULL, NULL, &out, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        g_error ("flux-studio-cli list failed: %s", error->message);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      /* The first run hashes the images once ("Damaged records"). */
      if (i > 0)
        g_array_append_val (times, ms);
    }

  return fs_test_median (times);
}

static void
print_cli (const char *empty_dir,
           const char *full_dir)
{
  const char *cli = g_getenv ("FS_CLI");
  const char *searches[] = { "zeppelin", "fox lake", "fox" };

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_print ("\nflux-studio-cli list --search: skipped, FS_CLI names no program\n");
      return;
    }

  g_print ("\nflux-studio-cli list --search TEXT --json (wall time, median of %d, in ms)\n",
           N_CLI_RUNS);
  g_print ("  %-32s %10s %10s %8s\n", "search", "empty", "10,000", "ratio");
  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      double empty_ms = cli_ms (cli, empty_dir, searches[i]);
      double full_ms = cli_ms (cli, full_dir, searches[i]);

      g_print ("  %-32s %10.1f %10.1f %7.2fx\n", searches[i], empty_ms, full_ms,
               full_ms / empty_ms);
    }
}

static void
make_index (const char *self_path,
            const char *dir,
            guint       n)
{
  g_autofree char *out = run_child (self_path, "--rebuild", dir);
  double ms;
  guint count;
  gint64 peak_kb;

  if (sscanf (out, "%lf %u %" G_GINT64_FORMAT, &ms, &count, &peak_kb) != 3 || count != n)
    g_error ("Unexpected output of a rebuild: %s", out);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *root = NULL;
  g_autofree char *empty_dir = NULL;
  g_autofree char *full_dir = NULL;
  g_autofree char *full_folder = NULL;
  g_autofree char *self_path = NULL;
  g_autofree char *rebuild_out = NULL;
  OpenFigures empty, full;
  guint n = N_IMAGES;
  double rebuild_ms, worst_query = 0;
  gint64 rebuild_peak_kb;
  guint rebuilt;
  gint64 start;

  if (argc == 3 && g_str_equal (argv[1], "--open"))
    return child_open (argv[2]);
  if (argc == 3 && g_str_equal (argv[1], "--rebuild"))
    return child_rebuild (argv[2]);
  if (argc == 2)
    n = (guint) g_ascii_strtoull (argv[1], NULL, 10);

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path == NULL)
    self_path = g_strdup (argv[0]);

  root = fs_test_make_dir ("fs-bench-archive-XXXXXX");
  empty_dir = g_build_filename (root, "empty", NULL);
  full_dir = g_build_filename (root, "full", NULL);
  full_folder = g_build_filename (full_dir, "gallery", NULL);

  start = g_get_monotonic_time ();
  fs_test_generate_archive (full_folder, n, IMAGE_SIZE, 11);
  g_print ("Generated %u results (one %dx%d sandbox image, a sidecar each) in %.1f s\n", n,
           IMAGE_SIZE, IMAGE_SIZE, (g_get_monotonic_time () - start) / 1e6);

  /* The indexes, made before anything is measured. */
  make_index (self_path, empty_dir, 0);
  make_index (self_path, full_dir, n);

  rebuild_out = run_child (self_path, "--rebuild", full_dir);
  if (sscanf (rebuild_out, "%lf %u %" G_GINT64_FORMAT, &rebuild_ms, &rebuilt,
              &rebuild_peak_kb) != 3)
    g_error ("Unexpected output of a rebuild: %s", rebuild_out);

  empty = measure_opens (self_path, empty_dir);
  full = measure_opens (self_path, full_dir);

  g_print ("\nOpening the library (median of %d runs, each in its own process)\n", N_OPENS);
  g_print ("  %-32s %10s %10s %8s\n", "", "empty", "10,000", "ratio");
  g_print ("  %-32s %10.1f %10.1f %7.2fx\n", "first page of items (ms)", empty.first_page_ms,
           full.first_page_ms, full.first_page_ms / empty.first_page_ms);
  g_print ("  %-32s %10.1f %10.1f %7.2fx\n", "whole list (ms)", empty.loaded_ms,
           full.loaded_ms, full.loaded_ms / empty.loaded_ms);
  g_print ("  %-32s %10.1f %10.1f %+7.1f MB\n", "peak resident memory (MB)", empty.peak_mb,
           full.peak_mb, full.peak_mb - empty.peak_mb);
  g_print ("  %-32s %10u %10u\n", "items listed", empty.items, full.items);

  g_print ("\nRebuilding the index from %u sidecars: %.0f ms (%.0f sidecars a second), "
           "peak %.1f MB\n", rebuilt, rebuild_ms, rebuilt / (rebuild_ms / 1000.0),
           rebuild_peak_kb / 1024.0);

  print_queries (empty_dir, full_dir, &worst_query);
  g_print ("  slowest query at %u images: %.2f ms (target: 50 ms)\n", n, worst_query);
  print_cli (empty_dir, full_dir);

  fs_test_remove_dir (root);
  return 0;
}
