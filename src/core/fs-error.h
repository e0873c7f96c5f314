/* fs-error.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FS_ERROR (fs_error_quark ())

/* What went wrong, in the terms the user (and the CLI's exit status) needs:
 * INVALID and NO_KEY mean nothing was sent; REFUSED and MODERATED mean the
 * provider said no and retrying will not help; the rest are failures that
 * happened after trying, retries included.
 */
typedef enum
{
  FS_ERROR_INVALID,    /* the request breaks the catalog's rules; nothing sent */
  FS_ERROR_NO_KEY,     /* the provider needs an API key and none is set */
  FS_ERROR_REFUSED,    /* HTTP 400/401/402/403/404/422 from the API */
  FS_ERROR_MODERATED,  /* Request/Content Moderated, moderation blocks */
  FS_ERROR_FAILED,     /* network, 5xx, 429 after retries, provider Error */
  FS_ERROR_TIMEOUT,    /* no answer or no result within the time limit */
  FS_ERROR_EXPIRED,    /* the result URL answered 404: it expired */
  FS_ERROR_NOT_IMAGE,  /* downloaded bytes are not an image */
  FS_ERROR_CATALOG,    /* models.json could not be read */
  FS_ERROR_STORAGE,    /* the gallery folder or index could not be written */
} FsErrorCode;

GQuark fs_error_quark (void);

int    fs_error_exit_status (const GError *error);

G_END_DECLS
