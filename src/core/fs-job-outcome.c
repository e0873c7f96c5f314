/* fs-job-outcome.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-job-outcome.h"

struct _FsJobOutcome
{
  GObject     parent_instance;

  FsJob      *job;
  FsJobStage  stage;
  GPtrArray  *assets;   /* FsAsset */
  char       *message;
};

G_DEFINE_FINAL_TYPE (FsJobOutcome, fs_job_outcome, G_TYPE_OBJECT)

static void
fs_job_outcome_finalize (GObject *object)
{
  FsJobOutcome *self = FS_JOB_OUTCOME (object);

  g_clear_object (&self->job);
  g_clear_pointer (&self->assets, g_ptr_array_unref);
  g_free (self->message);

  G_OBJECT_CLASS (fs_job_outcome_parent_class)->finalize (object);
}

static void
fs_job_outcome_class_init (FsJobOutcomeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fs_job_outcome_finalize;
}

static void
fs_job_outcome_init (FsJobOutcome *self)
{
  self->assets = g_ptr_array_new_with_free_func (g_object_unref);
}

FsJobOutcome *
fs_job_outcome_new (FsJob        *job,
                    GPtrArray    *assets,
                    const GError *error)
{
  FsJobOutcome *self;

  g_return_val_if_fail (FS_IS_JOB (job), NULL);

  self = g_object_new (FS_TYPE_JOB_OUTCOME, NULL);
  self->job = g_object_ref (job);
  if (error == NULL)
    self->stage = FS_JOB_SAVED;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->stage = FS_JOB_CANCELLED;
  else
    {
      /* A result the provider delivered but not saved is kept for Retry;
       * anything else that ended with an error failed. */
      self->stage = fs_job_get_stage (job) == FS_JOB_UNSAVED ? FS_JOB_UNSAVED : FS_JOB_FAILED;
      self->message = g_strdup (error->message);
    }
  for (guint i = 0; error == NULL && assets != NULL && i < assets->len; i++)
    g_ptr_array_add (self->assets, g_object_ref (g_ptr_array_index (assets, i)));
  return self;
}

FsJob *
fs_job_outcome_get_job (FsJobOutcome *self)
{
  g_return_val_if_fail (FS_IS_JOB_OUTCOME (self), NULL);
  return self->job;
}

FsJobStage
fs_job_outcome_get_stage (FsJobOutcome *self)
{
  g_return_val_if_fail (FS_IS_JOB_OUTCOME (self), FS_JOB_FAILED);
  return self->stage;
}

GPtrArray *
fs_job_outcome_get_assets (FsJobOutcome *self)
{
  g_return_val_if_fail (FS_IS_JOB_OUTCOME (self), NULL);
  return self->assets;
}

const char *
fs_job_outcome_get_message (FsJobOutcome *self)
{
  g_return_val_if_fail (FS_IS_JOB_OUTCOME (self), NULL);
  return self->message;
}
