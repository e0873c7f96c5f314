/* fs-job-slots.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fs-job-private.h"

/* The account's concurrency caps, held across every process sharing the
 * library (docs/ARCHITECTURE.md, “Concurrency”): before its journal row
 * and its submit a job
 * takes a slot of its provider's pool and, for a model with a cap of its
 * own (Kontext [max]), of the model's; it gives them back once the task is
 * no longer active at the provider. A job that finds a pool full, or
 * that the provider answers “too many active tasks”, waits and tries
 * again; it does not fail. */

#define SLOT_WAIT_MIN_MS 200
#define SLOT_WAIT_MAX_MS 2000

static void try_slots (FsJob *self);

static void
slots_held (FsJob *self)
{
  self->slots_next (self);
}

static void
slots_free (GPtrArray *slots,
            FsLibrary *library)
{
  for (guint i = 0; i < slots->len; i++)
    fs_library_end_lease (library, g_ptr_array_index (slots, i), FALSE);
  g_ptr_array_set_free_func (slots, NULL);
  g_ptr_array_unref (slots);
}

void
_fs_job_release_slots (FsJob *self)
{
  if (self->slot_source != NULL)
    {
      g_source_destroy (self->slot_source);
      g_clear_pointer (&self->slot_source, g_source_unref);
    }
  if (self->slots != NULL)
    slots_free (g_steal_pointer (&self->slots), self->library);
}

static gboolean
slot_due_cb (gpointer user_data)
{
  FsJob *self = user_data;

  g_clear_pointer (&self->slot_source, g_source_unref);
  try_slots (self);
  return G_SOURCE_REMOVE;
}

/* A little more each time, with jitter, so that many waiting jobs do not
 * knock at once. */
static void
wait_for_slot (FsJob      *self,
               const char *text)
{
  guint delay = MIN (SLOT_WAIT_MIN_MS << MIN (self->slot_waits, 4), SLOT_WAIT_MAX_MS);

  self->slot_waits++;
  delay += g_random_int_range (0, delay / 2 + 1);
  _fs_job_set_status (self, FS_JOB_QUEUED, text);
  self->slot_source = g_timeout_source_new (delay);
  g_source_set_callback (self->slot_source, slot_due_cb, self, NULL);
  g_source_attach (self->slot_source, NULL);
}

static void
slots_taken_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FsJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) slots = fs_library_take_slots_finish (FS_LIBRARY (object), result, &error);

  if (self->task == NULL)
    {
      /* The run ended meanwhile (cancelled): the slots go back at once. */
      if (slots != NULL)
        slots_free (g_steal_pointer (&slots), self->library);
      return;
    }
  if (g_cancellable_is_cancelled (_fs_job_run_cancellable (self)))
    {
      if (slots != NULL)
        slots_free (g_steal_pointer (&slots), self->library);
      _fs_job_finish_run (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     _("The job was cancelled before it was sent")));
      return;
    }
  if (slots == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY))
    {
      wait_for_slot (self, _("Waiting for a free slot (the account’s tasks are all running)"));
      return;
    }
  if (slots == NULL)
    {
      /* A slot that cannot be taken at all (a read-only folder) must not
       * stop the job: the provider's 429 still holds the line. */
      g_warning ("Could not take a concurrency slot: %s", error->message);
    }

  self->slots = g_steal_pointer (&slots);
  slots_held (self);
}

static void
try_slots (FsJob *self)
{
  const char *provider_id = fs_request_get_provider_id (self->request);
  guint account_cap = fs_catalog_get_max_concurrent (self->catalog, provider_id);
  /* A resumed job's model may have left the catalog since. */
  guint model_cap = self->model != NULL ? fs_model_get_max_concurrent (self->model, provider_id) : 0;
  g_autofree char *model_pool = g_strdup_printf ("%s_%s", provider_id,
                                                 fs_request_get_model_id (self->request));
  const char *pools[2];
  guint caps[2];
  guint n = 0;

  /* The model's smaller pool first, so that a job waiting for it holds
   * none of the account's slots meanwhile. */
  if (model_cap > 0 && model_cap != account_cap)
    {
      pools[n] = model_pool;
      caps[n++] = model_cap;
    }
  if (account_cap > 0)
    {
      pools[n] = provider_id;
      caps[n++] = account_cap;
    }

  if (n == 0)
    {
      slots_held (self);
      return;
    }

  fs_library_take_slots_async (self->library, pools, caps, n, NULL, slots_taken_cb,
                               g_object_ref (self));
}

void
_fs_job_take_slots (FsJob         *self,
                    FsJobStepFunc  next)
{
  self->slot_waits = 0;
  self->slots_next = next;
  try_slots (self);
}

/* BFL answers 429 when the account has its most active tasks, a limit
 * that other machines sharing the key may fill; other 429s (a rate
 * limit) are the HTTP layer's to retry and then a failure. */
static gboolean
is_too_many_tasks (FsHttpResponse *response)
{
  g_autofree char *body = NULL;
  g_autofree char *folded = NULL;
  gsize size = 0;
  const char *data;

  if (response->status != 429 || response->body == NULL)
    return FALSE;

  data = g_bytes_get_data (response->body, &size);
  body = g_strndup (data, MIN (size, 4096));
  folded = g_utf8_strdown (body, -1);
  return strstr (folded, "active task") != NULL || strstr (folded, "concurrent") != NULL;
}

gboolean
_fs_job_wait_if_too_many_tasks (FsJob          *self,
                                FsHttpResponse *response)
{
  if (!is_too_many_tasks (response))
    return FALSE;

  g_debug ("Job %s: the account has its most active tasks; waiting for a slot", self->id);
  if (self->slots != NULL)
    slots_free (g_steal_pointer (&self->slots), self->library);
  self->slots_next = _fs_job_submit;
  wait_for_slot (self, _("Waiting for a free slot (the provider says the account’s tasks are all running)"));
  return TRUE;
}
