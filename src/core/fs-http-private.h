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

/* One part of a multipart body: a text field, or a file (@filename set,
 * @value NULL). */
typedef struct
{
  char *name;
  char *filename;
  char *content_type;
  char *value;
} FsFormPart;

/* Name, value, name, value … (borrowed). */
GPtrArray      *_fs_http_call_get_headers    (FsHttpCall   *call);
/* FsFormPart in body order, or NULL when the body is not multipart. */
GPtrArray      *_fs_http_call_get_form_parts (FsHttpCall   *call);
/* The header that carries the key and its scheme (NULL for a bare
 * value); NULL when the call has no key. */
const char     *_fs_http_call_get_key_header (FsHttpCall   *call,
                                              const char  **scheme);

/* A copy of @node with every string of more than @max_string characters
 * and no white space (base64 data, data: URLs) cut short and marked
 * ("iVBORw0KGgo…[1398102 characters]"), so that a reference image does
 * not swamp the inspector or a sidecar. 0 keeps everything. */
JsonNode       *_fs_http_abridge_json               (JsonNode     *node,
                                                 gsize         max_string);
/* fs_http_call_describe() and fs_http_call_to_curl() with long JSON
 * strings abridged. */
char           *_fs_http_call_describe_abridged (FsHttpCall   *call,
                                                 gsize         max_string);
char           *_fs_http_call_to_curl_abridged  (FsHttpCall   *call,
                                                 const char   *key_variable,
                                                 gsize         max_string);

G_END_DECLS
