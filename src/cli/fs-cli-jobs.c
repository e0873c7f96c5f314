/* fs-cli-jobs.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-cli.h"
#include "fs-error.h"

/* Several jobs of one command (generate --count, batch) run side by side,
 * a bounded number at once; the account's caps are the jobs' own
 * business (their slots), this bound only keeps memory and open requests
 * in check. */

typedef struct
{
  GAsyncResult **results;
  guint          n_done;   /* results waiting to be taken */
} RunState;

typedef struct
{
  RunState *state;
  guint     index;
} RunSlot;

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunSlot *slot = user_data;

  slot->state->results[slot->index] = g_object_ref (result);
  slot->state->n_done++;
  g_free (slot);
}

static void
start (GPtrArray *jobs,
       RunState  *state,
       guint      index,
       gboolean   several)
{
  FsJob *job = g_ptr_array_index (jobs, index);
  RunSlot *slot = g_new0 (RunSlot, 1);

  slot->state = state;
  slot->index = index;
  fs_cli_follow_job (job, several);
  fs_job_run_async (job, NULL, job_done_cb, slot);
}

int
fs_cli_run_jobs (GPtrArray        *jobs,
                 guint             max_running,
                 gboolean          several,
                 FsCliJobDoneFunc  done,
                 gpointer          user_data,
                 GPtrArray        *assets)
{
  g_autofree GAsyncResult **results = g_new0 (GAsyncResult *, jobs->len + 1);
  g_autofree GPtrArray **saved = g_new0 (GPtrArray *, jobs->len + 1);
  RunState state = { results, 0 };
  guint next = 0, finished = 0, running = 0;
  int status = FS_CLI_EXIT_OK;

  g_return_val_if_fail (max_running > 0, FS_CLI_EXIT_FAILED);

  while (finished < jobs->len)
    {
      while (running < max_running && next < jobs->len)
        {
          start (jobs, &state, next++, several);
          running++;
        }

      while (state.n_done == 0)
        g_main_context_iteration (NULL, TRUE);

      for (guint i = 0; i < jobs->len && state.n_done > 0; i++)
        {
          FsJob *job = g_ptr_array_index (jobs, i);
          g_autoptr(GAsyncResult) result = g_steal_pointer (&results[i]);
          g_autoptr(GError) error = NULL;

          if (result == NULL)
            continue;
          state.n_done--;
          running--;
          finished++;
          saved[i] = fs_job_run_finish (job, result, &error);
          if (saved[i] == NULL)
            status = fs_cli_worse_status (status, fs_cli_job_failed (job, error, several));
          if (done != NULL)
            done (job, i, saved[i], error, user_data);
        }
    }

  for (guint i = 0; i < jobs->len; i++)
    if (saved[i] != NULL)
      g_ptr_array_extend_and_steal (assets, g_steal_pointer (&saved[i]));

  return status;
}
