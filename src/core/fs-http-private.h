/* fs-http-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-http.h"

G_BEGIN_DECLS

/* The header value that carries the call's key ("Bearer KEY" or "KEY"),
 * and the header's name; NULL when the call has no key. */
char           *_fs_http_call_dup_key_value (FsHttpCall   *call,
                                             const char  **header);
FsHttpResponse *_fs_http_response_new       (void);
void            _fs_http_call_apply_headers (FsHttpCall         *call,
                                             SoupMessageHeaders *headers);

G_END_DECLS
