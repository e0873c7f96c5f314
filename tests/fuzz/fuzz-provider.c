/* fuzz-provider.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-http-private.h"
#include "fs-provider.h"
#include "fuzz-harness.h"

/* A provider's answer, as each provider parses it: the first byte picks
 * the provider and what was asked (submit, poll, credits), the second
 * the HTTP status; the rest is the body. Whatever arrives, the answer is
 * a result or an error, never both, never a crash. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char * const providers[] = { "bfl", "apiyi", "monica" };
  static const guint statuses[] = { 200, 200, 200, 201, 400, 402, 422, 429, 500, 503 };
  g_autoptr(FsProvider) provider = NULL;
  g_autoptr(FsHttpResponse) response = NULL;
  g_autoptr(FsProviderResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *provider_id;
  guint call;

  if (size < 2)
    return 0;

  provider_id = providers[data[0] % G_N_ELEMENTS (providers)];
  call = (data[0] / G_N_ELEMENTS (providers)) % 3;
  provider = fs_provider_new (provider_id, NULL, NULL);
  g_assert (provider != NULL);

  response = _fs_http_response_new ();
  response->status = statuses[data[1] % G_N_ELEMENTS (statuses)];
  response->content_type = g_strdup ("application/json");
  response->url = g_strdup ("https://api.example.invalid/v1/fuzz");
  response->body = g_bytes_new (data + 2, size - 2);

  if (call == 1 && g_str_equal (provider_id, "bfl"))
    result = fs_provider_parse_poll (provider, response, &error);
  else if (call == 2 && g_str_equal (provider_id, "bfl"))
    {
      double credits = 0;

      g_assert (fs_provider_parse_credits (provider, response, &credits, &error) ==
                (error == NULL));
      return 0;
    }
  else
    result = fs_provider_parse_submit (provider, response, &error);

  g_assert ((result == NULL) != (error == NULL));
  if (result != NULL && result->status == FS_TASK_READY)
    g_assert (result->urls != NULL || result->images != NULL);
  return 0;
}
