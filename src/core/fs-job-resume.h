/* fs-job-resume.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fs-job.h"

G_BEGIN_DECLS

/* What became of one unfinished journal row. */
typedef struct
{
  char     *job_id;
  char     *prompt;   /* the row's prompt, "" when unreadable */
  FsJob    *job;      /* resumed, not yet run; NULL when not resumed */
  GError   *error;    /* why not, when @job is NULL */
  gboolean  closed;   /* the row was marked failed with @error's message */
} FsJobResumeEntry;

void fs_job_resume_entry_free (FsJobResumeEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FsJobResumeEntry, fs_job_resume_entry_free)

/* The provider a row names, set up as the front sets up its providers
 * (base URL from the preferences or an option); NULL with @error set
 * when it cannot be made. */
typedef FsProvider *(*FsJobResumeProviderFunc) (const char  *provider_id,
                                                gpointer     user_data,
                                                GError     **error);

/* Picks up what a crash or a quit left in @library's journal
 * (docs/ARCHITECTURE.md, “Job journal”), taking only orphans: jobs whose
 * lease no live process holds (“Leases”). Every unfinished row with
 * results still to save, or with a polling URL, becomes a resumed FsJob
 * (fs_job_new_resumed()), with its provider from @provider_func
 * (fs_provider_new() with the default base URL when NULL) and its key
 * from fs_secrets. A row whose results were all saved is closed as saved
 * without an entry. A row that can never be resumed is marked failed
 * with a detail saying why; a row that could be but for a missing key or
 * provider is left for a later start.
 * @provider_data must stay valid until @callback runs. */
void       fs_job_resume_all_async  (FsLibrary               *library,
                                     FsCatalog               *catalog,
                                     FsJobResumeProviderFunc  provider_func,
                                     gpointer                 provider_data,
                                     GCancellable            *cancellable,
                                     GAsyncReadyCallback      callback,
                                     gpointer                 user_data);
/* A GPtrArray of FsJobResumeEntry, one per unfinished row this process
 * could claim, oldest first; the jobs are for the caller to run or queue,
 * and hold the rows' leases. @n_busy, when not NULL, is set to the number
 * of unfinished jobs that live processes hold, and that were left alone. */
GPtrArray *fs_job_resume_all_finish (FsLibrary               *library,
                                     GAsyncResult            *result,
                                     guint                   *n_busy,
                                     GError                 **error);

G_END_DECLS
