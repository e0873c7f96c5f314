/* bench-references.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "fs-reference.h"
#include "fs-test-util.h"

/* How fast references are prepared: eight 24-megapixel phone photos at
 * once (wall time, and the longest stall of the main loop meanwhile,
 * measured with a 1 ms heartbeat), one alone, and one from the cache; and
 * what decoding at reduced size saves. Figures only: nothing here fails
 * on time. */

#define WIDTH     6000
#define HEIGHT    4000
#define N_PHOTOS  8
#define N_ROUNDS  3

typedef struct
{
  guint   pending;
  gint64  last_beat;
  gint64  longest_gap;
  guint   failures;
} Run;

static void
clear_cache (void)
{
  g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "flux-studio",
                                             "references", NULL);

  fs_test_remove_dir (cache);
}

/* Smooth light and shade with fine grain, so the JPEG is about as large
 * and as slow to decode as a phone photo; @seed makes each one distinct. */
static GFile *
make_photo (const char *dir,
            guint       seed)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, WIDTH, HEIGHT);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("IMG_%04u.jpg", seed);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  GRand *rand = g_rand_new_with_seed (seed);

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        guint8 *pixel = pixels + (gsize) y * stride + (gsize) x * 3;
        int grain = g_rand_int_range (rand, -12, 13);

        pixel[0] = (guint8) CLAMP (x * 200 / WIDTH + grain + (int) seed * 5, 0, 255);
        pixel[1] = (guint8) CLAMP (y * 220 / HEIGHT + grain, 0, 255);
        pixel[2] = (guint8) CLAMP (((x / 40 + y / 40) % 2) * 90 + 60 + grain, 0, 255);
      }
  g_rand_free (rand);

  gdk_pixbuf_save (pixbuf, path, "jpeg", &error, "quality", "90", NULL);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static gboolean
heartbeat_cb (gpointer user_data)
{
  Run *run = user_data;
  gint64 now = g_get_monotonic_time ();

  run->longest_gap = MAX (run->longest_gap, now - run->last_beat);
  run->last_beat = now;
  return G_SOURCE_CONTINUE;
}

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsReference) reference = fs_reference_prepare_finish (result, &error);

  if (reference == NULL)
    {
      g_printerr ("preparing failed: %s\n", error->message);
      run->failures++;
    }
  run->pending--;
}

/* Wall time in ms; @stall_ms gets the longest gap between heartbeats
 * beyond their 1 ms period. */
static double
prepare_all (GFile  **files,
             guint    n,
             double  *stall_ms)
{
  Run run = { n, 0, 0, 0 };
  gint64 start;
  guint heartbeat;

  /* Settle the heartbeat before timing. */
  heartbeat = g_timeout_add (1, heartbeat_cb, &run);
  run.last_beat = g_get_monotonic_time ();
  g_main_context_iteration (NULL, TRUE);
  run.longest_gap = 0;

  start = g_get_monotonic_time ();
  run.last_beat = start;
  for (guint i = 0; i < n; i++)
    fs_reference_prepare_file_async (files[i], NULL, prepared_cb, &run);
  while (run.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (heartbeat);
  g_assert_cmpuint (run.failures, ==, 0);
  if (stall_ms != NULL)
    *stall_ms = MAX (0.0, run.longest_gap / 1000.0 - 1.0);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return values[n / 2];
}

static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  gdk_pixbuf_loader_set_size (loader, width * 41 / 100, height * 41 / 100);
}

/* A decode alone, at full size or (@scaled) near 4 MP. */
static double
time_decode (GFile    *file,
             gboolean  scaled)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("jpeg", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  gint64 start;

  g_assert_true (g_file_load_contents (file, NULL, &contents, &length, NULL, &error));
  if (scaled)
    g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), NULL);

  start = g_get_monotonic_time ();
  gdk_pixbuf_loader_write (loader, (const guchar *) contents, length, &error);
  gdk_pixbuf_loader_close (loader, &error);
  g_assert_no_error (error);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
report_decode (GFile *file)
{
  double full[N_ROUNDS], scaled[N_ROUNDS];

  for (guint r = 0; r < N_ROUNDS; r++)
    {
      full[r] = time_decode (file, FALSE);
      scaled[r] = time_decode (file, TRUE);
    }

  printf ("decode 24 MP JPEG, full size:        median %7.1f ms\n", median (full, N_ROUNDS));
  printf ("decode 24 MP JPEG, at ~4 MP:         median %7.1f ms  (%.1f× faster)\n",
          median (scaled, N_ROUNDS), median (full, N_ROUNDS) / median (scaled, N_ROUNDS));
}

/* The yardstick (README, “Performance”): ImageMagick bringing the same
 * eight photos upright and down to 4 MP, two at a time as two cores allow,
 * each written as a JPEG. Wall time in ms. */
static double
magick_all (const char  *convert,
            GFile      **files,
            guint        n,
            const char  *out_dir)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n; i += 2)
    {
      GSubprocess *procs[2] = { NULL, NULL };

      for (guint j = 0; j < 2 && i + j < n; j++)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *name = g_strdup_printf ("magick-%u.jpg", i + j);
          g_autofree char *out = g_build_filename (out_dir, name, NULL);
          const char *argv[] = { convert, g_file_peek_path (files[i + j]), "-auto-orient",
                                 "-resize", "4000000@", out, NULL };

          procs[j] = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
          g_assert_no_error (error);
        }
      for (guint j = 0; j < 2 && procs[j] != NULL; j++)
        {
          g_autoptr(GError) error = NULL;

          g_subprocess_wait_check (procs[j], NULL, &error);
          g_assert_no_error (error);
          g_object_unref (procs[j]);
        }
    }

  return (g_get_monotonic_time () - start) / 1000.0;
}

static guint
bench_runs (guint fallback)
{
  const char *runs = g_getenv ("FS_BENCH_RUNS");
  guint64 n;

  if (runs != NULL && g_ascii_string_to_unsigned (runs, 10, 1, 1000, &n, NULL))
    return (guint) n;
  return fallback;
}

/* A row of the table in README.md, “Performance” (as benchlib.py prints
 * them): the medians with their range, and the ratio of the medians. */
static void
print_row (const char *measure,
           double     *flux,
           double     *yardstick,
           guint       n,
           const char *goal)
{
  double a = median (flux, n), b = median (yardstick, n);

  printf ("| measure | Flux Studio | yardstick | ratio | goal |\n|---|---|---|---|---|\n");
  printf ("| %s | %.0f ms (%.0f–%.0f) | %.0f ms (%.0f–%.0f) | %.2f× | %s |\n",
          measure, a, flux[0], flux[n - 1], b, yardstick[0], yardstick[n - 1], a / b, goal);
}

/* Eight photos prepared at once against ImageMagick, interleaved A B A B;
 * the first pair warms the caches and is not counted. */
static void
report_against_magick (GFile      **files,
                       const char  *root)
{
  g_autofree char *convert = NULL;
  g_autofree char *out_dir = g_build_filename (root, "magick", NULL);
  guint n = bench_runs (5);
  g_autofree double *flux = g_new0 (double, n);
  g_autofree double *magick = g_new0 (double, n);

  convert = g_strdup (g_getenv ("FS_CONVERT"));
  if (convert == NULL || *convert == '\0')
    {
      printf ("ImageMagick yardstick: skipped (FS_CONVERT is not set: no convert found)\n");
      return;
    }

  g_mkdir_with_parents (out_dir, 0700);
  for (guint r = 0; r <= n; r++)
    {
      double a, b;

      clear_cache ();
      a = prepare_all (files, N_PHOTOS, NULL);
      b = magick_all (convert, files, N_PHOTOS, out_dir);
      if (r > 0)
        {
          flux[r - 1] = a;
          magick[r - 1] = b;
        }
    }

  printf ("references against ImageMagick: %u runs of each, interleaved\n", n);
  print_row ("8 × 24 MP JPEG references prepared (ImageMagick `-auto-orient -resize 4000000@`, "
             "2 in parallel)", flux, magick, n, "≤ 0.5×");
}

static void
report_prepare (GFile **files)
{
  double eight[N_ROUNDS], stalls[N_ROUNDS], single[N_ROUNDS], cached[N_ROUNDS];
  double worst_stall = 0;

  for (guint r = 0; r < N_ROUNDS; r++)
    {
      clear_cache ();
      eight[r] = prepare_all (files, N_PHOTOS, &stalls[r]);
      worst_stall = MAX (worst_stall, stalls[r]);
    }
  for (guint r = 0; r < N_ROUNDS; r++)
    {
      clear_cache ();
      single[r] = prepare_all (files, 1, NULL);
      cached[r] = prepare_all (files, 1, NULL);
    }

  printf ("prepare one 24 MP JPEG:              median %7.1f ms\n", median (single, N_ROUNDS));
  printf ("prepare one from the cache:          median %7.1f ms  (%.0f× faster)\n",
          median (cached, N_ROUNDS), median (single, N_ROUNDS) / median (cached, N_ROUNDS));
  printf ("prepare eight 24 MP JPEGs at once:   median %7.1f ms wall  (%.0f ms each on %u CPUs)\n",
          median (eight, N_ROUNDS), median (eight, N_ROUNDS) / N_PHOTOS, g_get_num_processors ());
  printf ("longest main-loop stall meanwhile:   median %7.1f ms, worst %.1f ms (1 ms heartbeat)\n",
          median (stalls, N_ROUNDS), worst_stall);
}

/* Other work on the machine slows every figure above; say how much there was. */
static void
report_load (void)
{
  g_autofree char *load = NULL;

  if (g_file_get_contents ("/proc/loadavg", &load, NULL, NULL))
    printf ("load average (1, 5, 15 min) after:   %.14s\n", load);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *root = fs_test_make_dir ("fs-bench-references-XXXXXX");
  g_autofree char *cache = g_build_filename (root, "cache", NULL);
  g_autofree char *photos = g_build_filename (root, "photos", NULL);
  GFile *files[N_PHOTOS];
  GStatBuf buf;

  /* Before GLib reads the user dirs: the cache is the bench's own. */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_mkdir_with_parents (photos, 0700);

  for (guint i = 0; i < N_PHOTOS; i++)
    files[i] = make_photo (photos, i + 1);
  g_stat (g_file_peek_path (files[0]), &buf);
  printf ("references: %u JPEGs of %u×%u (%.1f MP, %.1f MB each)\n", N_PHOTOS, WIDTH, HEIGHT,
          WIDTH * (double) HEIGHT / 1e6, buf.st_size / 1e6);

  report_decode (files[0]);
  report_prepare (files);
  report_against_magick (files, root);
  report_load ();

  for (guint i = 0; i < N_PHOTOS; i++)
    g_object_unref (files[i]);
  fs_test_remove_dir (root);
  return 0;
}
