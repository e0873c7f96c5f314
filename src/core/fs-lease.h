/* fs-lease.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fs-types.h"

G_BEGIN_DECLS

/* A job's lease (docs/ARCHITECTURE.md, “Leases”): an flock on
 * @dir/<job id>.lock, held by the one process that runs the job. The
 * kernel drops it when that process ends, however it ends, so a job whose
 * lease can be taken is an orphan. Every function blocks on disk; call
 * them from worker threads only. */

/* Takes the lease of @job_id, creating @dir and the lock file as needed.
 * Fails with G_IO_ERROR_BUSY when a live process (this one included)
 * holds it, and with FS_ERROR_STORAGE when the file cannot be made. */
FsLease    *fs_lease_take        (const char  *dir,
                                  const char  *job_id,
                                  GError     **error);
const char *fs_lease_get_job_id  (FsLease     *lease);
/* Lets the lease go and keeps its file: the job goes on later, maybe in
 * another process. NULL is ignored. */
void        fs_lease_release     (FsLease     *lease);
/* Lets the lease go for good and removes its file: the job is over. */
void        fs_lease_finish      (FsLease     *lease);

/* A token naming this process, the same for its whole life: written
 * into the journal where a save is claimed. */
const char *fs_lease_process_token (void);

G_END_DECLS
