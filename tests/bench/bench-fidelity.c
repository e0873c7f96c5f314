/* bench-fidelity.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "fs-catalog.h"
#include "fs-colour-private.h"
#include "fs-provider.h"
#include "fs-request.h"
#include "fs-test-util.h"

/* How long the colour-fidelity check and the dominant colours take on a
 * 4-megapixel (2048 × 2048) result: the worker's time, decoding included
 * and not. Two images: the sandbox's own result for a prompt with three
 * codes (JPEG, as FLUX results usually are), and a noisy photographic
 * gradient, as JPEG and as PNG, whose pixels nearly all differ: the
 * histogram's worst case.
 * Both the wall time and the thread's CPU time are shown: on a busy
 * machine the first grows with the load, the second is the work itself.
 * Figures only, nothing fails on time; the budget is 200 ms. */

#define SIDE    2048
#define N_RUNS  15
#define PROMPT  "a logo in color #02eb3c on #ff0088, lettering #1e90ff"

static const char * const codes[] = { "#02eb3c", "#ff0088", "#1e90ff", NULL };

static double
cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

static char *
sandbox_image (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  g_autoptr(FsRequest) request = fs_request_new ("sandbox", "flux-2-pro");
  g_autoptr(FsProvider) provider = fs_provider_new ("sandbox", NULL, NULL);
  g_autoptr(GBytes) bytes = NULL;
  char *path = g_build_filename (dir, "sandbox.jpg", NULL);

  fs_request_set_prompt (request, PROMPT);
  fs_test_set_int (request, "width", SIDE);
  fs_test_set_int (request, "height", SIDE);
  fs_test_set_int (request, "seed", 7);
  fs_test_set_string (request, "output_format", "jpeg");
  bytes = fs_provider_synthesize (provider, request,
                                  fs_catalog_lookup (catalog, "flux-2-pro"), 0, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));
  return path;
}

/* A smooth two-axis gradient with ±10 levels of noise per channel, as a
 * PNG or as a JPEG of quality 92 (a detailed ~3 MB file, like a FLUX
 * photograph). */
static char *
noisy_image (const char *dir,
             const char *type)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, SIDE, SIDE);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  GRand *rand = g_rand_new_with_seed (4);
  char *path = g_strconcat (dir, "/noisy.", type, NULL);

  for (int y = 0; y < SIDE; y++)
    for (int x = 0; x < SIDE; x++)
      {
        guint8 *p = pixels + (gsize) y * stride + 3 * x;
        int base[3] = { 255 * x / SIDE, 255 * y / SIDE, 255 - 255 * (x + y) / (2 * SIDE) };

        for (int c = 0; c < 3; c++)
          {
            int value = base[c] + g_rand_int_range (rand, -10, 11);

            p[c] = CLAMP (value, 0, 255);
          }
      }
  g_rand_free (rand);
  if (g_str_equal (type, "jpeg"))
    g_assert_true (gdk_pixbuf_save (pixbuf, path, type, NULL, "quality", "92", NULL));
  else
    g_assert_true (gdk_pixbuf_save (pixbuf, path, type, NULL, NULL));
  return path;
}

typedef enum
{
  DECODE,
  CHECK,
  EXTRACT,
  CHECK_FILE,
  EXTRACT_FILE,
  N_STEPS
} Step;

static const char * const step_names[] = {
  "decode only",
  "check, analysis only",
  "dominant colours, analysis only",
  "check, decode + analysis",
  "dominant colours, decode + analysis",
};

static void
bench_image (const char *label,
             const char *path)
{
  double times[N_STEPS][N_RUNS];
  double cpu[N_STEPS][N_RUNS];
  g_autoptr(GdkPixbuf) pixbuf = _fs_colour_load_image (path, NULL);
  g_autoptr(GArray) checks = _fs_colour_check_pixbuf (pixbuf, codes, NULL);

  for (guint run = 0; run < N_RUNS; run++)
    for (Step step = 0; step < N_STEPS; step++)
      {
        gint64 start = g_get_monotonic_time ();
        double cpu_start = cpu_ms ();
        g_autoptr(GdkPixbuf) decoded = NULL;
        g_autoptr(GArray) result = NULL;

        if (step == DECODE)
          decoded = _fs_colour_load_image (path, NULL);
        else if (step == CHECK)
          result = _fs_colour_check_pixbuf (pixbuf, codes, NULL);
        else if (step == EXTRACT)
          result = _fs_colour_extract_pixbuf (pixbuf, 8);
        else if (step == CHECK_FILE)
          result = _fs_colour_check_file (path, codes, NULL);
        else
          {
            decoded = _fs_colour_load_image (path, NULL);
            result = _fs_colour_extract_pixbuf (decoded, 8);
          }
        times[step][run] = (g_get_monotonic_time () - start) / 1000.0;
        cpu[step][run] = cpu_ms () - cpu_start;
      }

  printf ("%s (%d × %d, %.1f MP):\n", label, SIDE, SIDE, SIDE * (double) SIDE / 1e6);
  for (Step step = 0; step < N_STEPS; step++)
    printf ("  %-38s median %6.1f ms wall, %6.1f ms CPU over %u runs\n", step_names[step],
            median (times[step], N_RUNS), median (cpu[step], N_RUNS), N_RUNS);
  for (guint i = 0; i < checks->len; i++)
    {
      FsColourCheck *c = &g_array_index (checks, FsColourCheck, i);

      printf ("  %s → #%02x%02x%02x  ΔE00 %.2f  share %.4f  %s\n", codes[i], c->found[0],
              c->found[1], c->found[2], c->delta_e, c->share,
              fs_colour_verdict_to_string (c->verdict));
    }
}

int
main (void)
{
  g_autofree char *dir = fs_test_make_dir ("bench-fidelity-XXXXXX");
  g_autofree char *sandbox = sandbox_image (dir);
  g_autofree char *noisy_jpeg = noisy_image (dir, "jpeg");
  g_autofree char *noisy_png = noisy_image (dir, "png");

  bench_image ("sandbox result, JPEG", sandbox);
  bench_image ("noisy gradient, JPEG", noisy_jpeg);
  bench_image ("noisy gradient, PNG", noisy_png);
  printf ("budget: 200 ms of worker time for the check of a 4 MP result\n");

  fs_test_remove_dir (dir);
  return 0;
}
