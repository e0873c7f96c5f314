/* fs-api-error-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-api-error.h"

G_BEGIN_DECLS

/* Only the start of a body is ever looked at: error bodies are small, and a
 * multi-megabyte one is a page or garbage whose first part says enough. */
#define SNIFF_MAX_BYTES (256 * 1024)

/* Shared by the parts of fs_api_error_parse(). Each returns a printable,
 * length-capped line, or NULL when the body holds nothing to show. */

/* fs-api-error-parse.c: any bytes as one printable line. */
char *_fs_api_error_clean_text  (const char  *text,
                                 gsize        len);
/* fs-api-error-json.c: sets *@code when the body carries one. */
char *_fs_api_error_json_message (const char  *data,
                                  gsize        len,
                                  char       **code);
/* fs-api-error-html.c */
char *_fs_api_error_html_message (const char  *data,
                                  gsize        len);

G_END_DECLS
