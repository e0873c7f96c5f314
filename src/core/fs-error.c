/* fs-error.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fs-error.h"

/* The error domain, and what a failure means for the CLI's exit status.
 * A provider's failure is classified and put in the user's words in
 * fs-api-error.c. */

G_DEFINE_QUARK (fs-error-quark, fs_error)

/**
 * fs_error_exit_status:
 * @error: (nullable): how a command ended
 *
 * The CLI's exit status: 0 success, 2 nothing was sent (invalid request, no
 * key, unreadable catalog), 3 the provider said no (refused, moderated),
 * 4 anything that failed after trying. Cancellation is 4 as well: the
 * command did not do what was asked, and scripts need only tell "fix the
 * request" (2) and "the provider refused" (3) from the rest.
 */
int
fs_error_exit_status (const GError *error)
{
  if (error == NULL)
    return 0;
  if (error->domain != FS_ERROR)
    return 4;

  switch ((FsErrorCode) error->code)
    {
    case FS_ERROR_INVALID:
    case FS_ERROR_NO_KEY:
    case FS_ERROR_CATALOG:
      return 2;
    case FS_ERROR_REFUSED:
    case FS_ERROR_MODERATED:
      return 3;
    case FS_ERROR_FAILED:
    case FS_ERROR_TIMEOUT:
    case FS_ERROR_EXPIRED:
    case FS_ERROR_NOT_IMAGE:
    case FS_ERROR_STORAGE:
    default:
      return 4;
    }
}
