/* bench-library.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "fs-library.h"
#include "fs-test-util.h"

/* How long saving and opening the gallery take. Figures only: timing
 * depends on the disk (every save is fsynced), so nothing here fails on
 * time. */

#define N_SAVES       200
#define N_ASSETS      2000
#define N_IN_FLIGHT   8
#define N_OPENS       5
#define IMAGE_SIZE    64

typedef struct
{
  FsLibrary *library;
  GBytes    *image;
  guint      started;
  guint      in_flight;
  guint      total;
} Filler;

static JsonObject *
make_record (guint n)
{
  JsonObject *record = json_object_new ();
  JsonObject *params = json_object_new ();
  g_autofree char *prompt = g_strdup_printf ("benchmark fox number %u, #3366cc", n);

  json_object_set_string_member (record, "provider", "sandbox");
  json_object_set_string_member (record, "model", "flux-2-pro");
  json_object_set_string_member (record, "prompt", prompt);
  json_object_set_int_member (params, "seed", n % 16);
  json_object_set_int_member (params, "width", IMAGE_SIZE);
  json_object_set_int_member (params, "height", IMAGE_SIZE);
  json_object_set_object_member (record, "params", params);

  return record;
}

static FsLibrary *
new_library (const char *folder_path,
             const char *db_path)
{
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);

  return fs_library_new (folder, db_path);
}

static void
finalized_cb (gpointer  data,
              GObject  *where_the_object_was)
{
  g_atomic_int_set ((gint *)data, TRUE);
}

/* The database closes on finalize, which GTask's pool threads may delay
 * by a moment: wait for it before touching the file. */
static void
drop_library (FsLibrary *library)
{
  gint finalized = FALSE;

  g_object_weak_ref (G_OBJECT (library), finalized_cb, &finalized);
  g_object_unref (library);
  while (!g_atomic_int_get (&finalized))
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (100);
    }
}

static double
open_ms (FsLibrary *library)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  fs_library_open_async (library, NULL, fs_test_result_cb, &result);
  if (!fs_library_open_finish (library, fs_test_wait_result (&result), &error))
    g_error ("Open failed: %s", error->message);

  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
save_ms (FsLibrary *library,
         GBytes    *image,
         guint      n)
{
  g_autoptr(JsonObject) record = make_record (n);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsAsset) asset = NULL;
  gint64 start = g_get_monotonic_time ();

  fs_library_save_async (library, record, image, 0, NULL, fs_test_result_cb, &result);
  asset = fs_library_save_finish (library, fs_test_wait_result (&result), &error);
  if (asset == NULL)
    g_error ("Save failed: %s", error->message);

  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
rebuild_ms (FsLibrary *library)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  fs_library_rebuild_async (library, NULL, fs_test_result_cb, &result);
  if (fs_library_rebuild_finish (library, fs_test_wait_result (&result), &error) != N_ASSETS)
    g_error ("Rebuild failed: %s", error ? error->message : "wrong count");

  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
search_ms (FsLibrary  *library,
           const char *text)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(FsLibraryQuery) query = fs_library_query_new ();
  gint64 start = g_get_monotonic_time ();

  fs_library_query_set_text (query, text);
  fs_library_query_async (library, query, NULL, fs_test_result_cb, &result);
  found = fs_library_query_finish (library, fs_test_wait_result (&result), &error);
  if (found == NULL)
    g_error ("Search failed: %s", error->message);

  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

static double
percentile (double *values,
            guint   n,
            double  fraction)
{
  qsort (values, n, sizeof (double), compare_doubles);

  return values[MIN (n - 1, (guint)(fraction * n))];
}

static void
bench_saves (const char *dir,
             GBytes     *image)
{
  g_autofree char *folder = g_build_filename (dir, "saves", NULL);
  g_autofree char *db_path = g_build_filename (dir, "saves.db", NULL);
  FsLibrary *library = new_library (folder, db_path);
  double times[N_SAVES];
  gint64 start;
  double total;

  open_ms (library);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_SAVES; i++)
    times[i] = save_ms (library, image, i);
  total = (g_get_monotonic_time () - start) / 1000.0;

  printf ("save: %u sequential saves of a %u-byte PNG: median %.2f ms, p90 %.2f ms, "
          "max %.2f ms, %.0f saves/s\n",
          N_SAVES, (guint)g_bytes_get_size (image),
          percentile (times, N_SAVES, 0.5), percentile (times, N_SAVES, 0.9),
          percentile (times, N_SAVES, 1.0), N_SAVES / (total / 1000.0));
  drop_library (library);
}

static void fill_next (Filler *filler);

static void
fill_saved_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Filler *filler = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsAsset) asset = NULL;

  asset = fs_library_save_finish (FS_LIBRARY (object), result, &error);
  if (asset == NULL)
    g_error ("Save failed: %s", error->message);

  filler->in_flight--;
  fill_next (filler);
}

static void
fill_next (Filler *filler)
{
  while (filler->in_flight < N_IN_FLIGHT && filler->started < filler->total)
    {
      g_autoptr(JsonObject) record = make_record (filler->started++);

      filler->in_flight++;
      fs_library_save_async (filler->library, record, filler->image, 0, NULL,
                             fill_saved_cb, filler);
    }
}

/* Filled through the library itself, so the sidecars and the index are
 * exactly what real saves produce. */
static void
fill_library (const char *folder,
              const char *db_path,
              GBytes     *image)
{
  Filler filler = { new_library (folder, db_path), image, 0, 0, N_ASSETS };
  gint64 start = g_get_monotonic_time ();

  open_ms (filler.library);
  fill_next (&filler);
  while (filler.in_flight > 0)
    g_main_context_iteration (NULL, TRUE);

  printf ("fill: %u saves, %u in flight: %.0f saves/s\n", N_ASSETS, N_IN_FLIGHT,
          N_ASSETS / ((g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC));
  drop_library (filler.library);
}

static void
remove_db (const char *db_path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);

      g_unlink (path);
    }
}

static void
bench_open (const char *dir,
            GBytes     *image)
{
  g_autofree char *folder = g_build_filename (dir, "gallery", NULL);
  g_autofree char *db_path = g_build_filename (dir, "gallery.db", NULL);
  double indexed[N_OPENS];
  double missing[N_OPENS];
  double rebuilt[N_OPENS];
  double searched[N_OPENS];
  FsLibrary *library;

  fill_library (folder, db_path, image);

  for (guint i = 0; i < N_OPENS; i++)
    {
      library = new_library (folder, db_path);
      indexed[i] = open_ms (library);
      rebuilt[i] = rebuild_ms (library);
      searched[i] = search_ms (library, "number 1");
      drop_library (library);

      remove_db (db_path);
      library = new_library (folder, db_path);
      missing[i] = open_ms (library);
      drop_library (library);
    }

  printf ("open: %u assets, index present: median %.1f ms\n", N_ASSETS,
          percentile (indexed, N_OPENS, 0.5));
  printf ("open: %u assets, index missing (rebuilt from sidecars): median %.1f ms\n",
          N_ASSETS, percentile (missing, N_OPENS, 0.5));
  printf ("rebuild: %u assets: median %.1f ms\n", N_ASSETS, percentile (rebuilt, N_OPENS, 0.5));
  printf ("search: \"number 1\" over %u assets: median %.1f ms\n", N_ASSETS,
          percentile (searched, N_OPENS, 0.5));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GBytes) image = fs_test_make_image ("png", IMAGE_SIZE, IMAGE_SIZE, 0x3366ccff);
  g_autofree char *dir = fs_test_make_dir ("fs-bench-library-XXXXXX");

  printf ("bench-library: temporary files in %s\n", dir);
  bench_saves (dir, image);
  bench_open (dir, image);
  fs_test_remove_dir (dir);

  return EXIT_SUCCESS;
}
