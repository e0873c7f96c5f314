/* fuzz-api-error.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-api-error.h"
#include "fs-error.h"
#include "fuzz-harness.h"

/* An error body from any provider or proxy: the first byte picks the
 * status, the second the content type; whatever comes back is parsed
 * into a status, a message and a request id. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char * const types[] = {
    "application/json", "text/html; charset=utf-8", "text/plain", NULL,
  };
  static const guint statuses[] = { 400, 401, 402, 403, 404, 422, 429, 500, 502, 503 };
  g_autoptr(GBytes) body = NULL;
  FsApiError *parsed;

  if (size < 2)
    return 0;

  body = g_bytes_new (data + 2, size - 2);
  parsed = fs_api_error_parse (statuses[data[0] % G_N_ELEMENTS (statuses)],
                               types[data[1] % G_N_ELEMENTS (types)], body);
  g_assert (parsed != NULL);
  g_assert (parsed->message != NULL && g_utf8_validate (parsed->message, -1, NULL));
  fs_api_error_free (parsed);
  return 0;
}
