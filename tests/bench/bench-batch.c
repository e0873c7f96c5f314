/* bench-batch.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <time.h>

#include "fs-job-queue.h"
#include "fs-provider.h"
#include "fs-test-util.h"

/* A batch of 100 sandbox jobs through the window's job queue, against a
 * batch of 10 as the yardstick: every image saved, the longest main-loop
 * stall (a probe that should run every 2 ms) and the resident memory as
 * the batch goes (docs/ARCHITECTURE.md, “Batches”). Figures only: nothing
 * fails on time. `bench-batch N` for another size. */

#define PROBE_MS 2

/* A gap between two runs of the probe is the main loop busy, or the
 * process waiting for a core on a loaded machine. The main thread's own
 * CPU time across the gap tells them apart: it is the work that kept the
 * loop from the probe. */
typedef struct
{
  gint64  last_us;
  gint64  last_cpu_us;
  gint64  worst_us;
  gint64  worst_cpu_us;
  GArray *gaps;      /* gint64 µs between probes */
} Probe;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
probe_cb (gpointer user_data)
{
  Probe *probe = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (probe->last_us > 0)
    {
      gint64 gap = now - probe->last_us;

      probe->worst_us = MAX (probe->worst_us, gap);
      probe->worst_cpu_us = MAX (probe->worst_cpu_us, cpu - probe->last_cpu_us);
      g_array_append_val (probe->gaps, gap);
    }
  probe->last_us = now;
  probe->last_cpu_us = cpu;
  return G_SOURCE_CONTINUE;
}


typedef struct
{
  guint   n_jobs;
  guint   n_done;
  guint   n_saved;
  guint   n_failed;
  gint64  rss_kb[4];   /* after a quarter, half, three quarters, all */
} Run;

static void
job_finished_cb (FsJobQueue *queue,
                 FsJob      *job,
                 GPtrArray  *assets,
                 GError     *error,
                 gpointer    user_data)
{
  Run *run = user_data;

  run->n_done++;
  if (assets != NULL)
    run->n_saved += assets->len;
  else
    run->n_failed++;
  for (guint q = 1; q <= 4; q++)
    if (run->n_done == run->n_jobs * q / 4)
      run->rss_kb[q - 1] = fs_test_status_kb ("VmRSS");
}

static gboolean
all_done (gpointer user_data)
{
  Run *run = user_data;

  return run->n_done == run->n_jobs;
}

static int
compare_gaps (gconstpointer a,
              gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Runs @n sandbox jobs at once through a queue into a new library in
 * @dir and prints its line; returns the longest stall in ms. */
static double
run_batch (FsCatalog  *catalog,
           const char *dir,
           guint       n)
{
  g_autoptr(FsLibrary) library = fs_test_library_new (dir);
  g_autoptr(FsJobQueue) queue = fs_job_queue_new (catalog);
  g_autoptr(FsProvider) provider = fs_provider_new ("sandbox", NULL, NULL);
  Probe probe = { 0, 0, 0, 0, g_array_new (FALSE, FALSE, sizeof (gint64)) };
  Run run = { n };
  gint64 start, elapsed;
  guint probe_id;
  double p99;

  fs_test_library_open (library);
  g_signal_connect (queue, "job-finished", G_CALLBACK (job_finished_cb), &run);
  probe_id = g_timeout_add (PROBE_MS, probe_cb, &probe);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FsRequest) request = fs_request_new ("sandbox", "flux-2-pro");
      g_autofree char *prompt = g_strdup_printf ("batch row %u, a teapot in #%06x", i,
                                                 g_random_int_range (0, 0xffffff));
      g_autoptr(FsJob) job = NULL;

      fs_request_set_prompt (request, prompt);
      job = fs_job_new (request, catalog, provider, library, NULL);
      fs_job_queue_add (queue, job);
    }
  g_assert_true (fs_test_wait_for (all_done, &run, 600));
  elapsed = g_get_monotonic_time () - start;
  g_source_remove (probe_id);

  g_array_sort (probe.gaps, compare_gaps);
  p99 = probe.gaps->len > 0
        ? g_array_index (probe.gaps, gint64, probe.gaps->len * 99 / 100) / 1000.0 : 0;
  g_print ("  %5u jobs %6.1f s %6.1f jobs/s  saved %4u failed %u  stall max %6.1f ms"
           " (main-thread CPU in a gap max %5.1f ms) p99 %5.1f ms"
           "  RSS MB at 1/4 1/2 3/4 end %6.1f %6.1f %6.1f %6.1f\n",
           n, elapsed / 1e6, n / (elapsed / 1e6), run.n_saved, run.n_failed,
           probe.worst_us / 1000.0, probe.worst_cpu_us / 1000.0, p99,
           run.rss_kb[0] / 1024.0, run.rss_kb[1] / 1024.0, run.rss_kb[2] / 1024.0,
           run.rss_kb[3] / 1024.0);
  g_array_unref (probe.gaps);
  g_assert_cmpuint (run.n_saved, ==, n);
  return probe.worst_us / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(FsCatalog) catalog = NULL;
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100;
  g_autofree char *small_dir = fs_test_make_dir ("fs-bench-batch-XXXXXX");
  g_autofree char *large_dir = fs_test_make_dir ("fs-bench-batch-XXXXXX");

  catalog = fs_test_load_catalog ();
  g_print ("A batch of sandbox jobs through the job queue (probe every %d ms):\n", PROBE_MS);
  run_batch (catalog, small_dir, MAX (1, n / 10));
  run_batch (catalog, large_dir, n);
  g_print ("Peak resident memory: %.1f MB\n", fs_test_status_kb ("VmHWM") / 1024.0);

  fs_test_remove_dir (small_dir);
  fs_test_remove_dir (large_dir);
  return 0;
}
