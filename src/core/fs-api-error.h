/* fs-api-error.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fs-error.h"

G_BEGIN_DECLS

/* The provider's side of a failed HTTP exchange, parsed leniently from
 * whatever body shape came back (see fs_api_error_parse()).
 */
typedef struct
{
  guint  status;       /* HTTP status, 0 when there was no response */
  char  *message;      /* the provider's own message, never NULL */
  char  *code;         /* the provider's error code as a string, or NULL */
  char  *request_id;   /* x-request-id or similar, or NULL */
  guint  retry_after;  /* seconds from Retry-After, 0 when absent */
} FsApiError;

FsApiError *fs_api_error_parse       (guint          status,
                                      const char    *content_type,
                                      GBytes        *body);
void        fs_api_error_free        (FsApiError    *error);
FsErrorCode fs_api_error_classify    (const FsApiError *error);
GError     *fs_api_error_to_gerror   (const FsApiError *error,
                                      const char    *provider_name);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FsApiError, fs_api_error_free)

G_END_DECLS
