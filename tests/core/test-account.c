/* test-account.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fs-error.h"
#include "fs-provider.h"
#include "fs-test-util.h"

/* The account calls behind Preferences: the BFL balance and "Test key"
 * for every provider, against a SoupServer on 127.0.0.1 that plays BFL's
 * /v1/credits and an OpenAI-style /v1/models. */

#define GOOD_KEY "good-key-123"
#define BAD_KEY  "bad-key-456"

typedef struct
{
  SoupServer *server;
  char       *base;
  guint       requests;
  char       *last_auth;
} Fixture;

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *request_id,
         const char        *body)
{
  if (request_id != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "x-request-id", request_id);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

static void
handle_credits (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (g_strcmp0 (soup_message_headers_get_one (headers, "x-key"), GOOD_KEY) == 0)
    respond (msg, 200, NULL, "{\"credits\": 1234.5}");
  else
    respond (msg, 403, "bfl-req-9", "{\"detail\": \"Not authenticated - Invalid API key\"}");
}

static void
handle_models (SoupServerMessage *msg,
               const char        *auth)
{
  g_autoptr(GString) body = g_string_new ("{\"object\": \"list\", \"data\": [");
  guint n = auth == NULL ? 3 : 42;

  if (auth != NULL && !g_str_equal (auth, "Bearer " GOOD_KEY))
    {
      respond (msg, 401, "req-401",
               "{\"error\": {\"message\": \"Invalid API key\","
               " \"type\": \"invalid_request_error\", \"code\": \"invalid_api_key\"}}");
      return;
    }

  for (guint i = 0; i < n; i++)
    g_string_append_printf (body, "%s{\"id\": \"model-%u\"}", i > 0 ? ", " : "", i);
  g_string_append (body, "]}");
  respond (msg, 200, "req-ok", body->str);
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");

  f->requests++;
  g_free (f->last_auth);
  f->last_auth = g_strdup (auth);

  if (g_str_equal (path, "/v1/credits"))
    handle_credits (msg);
  else if (g_str_equal (path, "/v1/models"))
    handle_models (msg, auth);
  else
    respond (msg, 404, NULL, "{\"detail\": \"Not Found\"}");
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->server = fs_test_server_new (handle, f, &f->base);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->server, fs_test_server_free);
  g_free (f->base);
  g_free (f->last_auth);
}

static FsProvider *
provider_at (Fixture    *f,
             const char *provider_id,
             const char *path)
{
  g_autofree char *url = g_strconcat (f->base, path, NULL);
  g_autoptr(GError) error = NULL;
  FsProvider *provider;

  provider = fs_provider_new (provider_id, path != NULL ? url : NULL, &error);
  g_assert_no_error (error);
  return provider;
}

static char *
test_key (FsProvider  *provider,
          const char  *key,
          GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fs_provider_test_key_async (provider, key, NULL, fs_test_result_cb, &result);
  return fs_provider_test_key_finish (provider, fs_test_wait_result (&result), error);
}

static gboolean
fetch_credits (FsProvider  *provider,
               const char  *key,
               double      *credits,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fs_provider_fetch_credits_async (provider, key, NULL, fs_test_result_cb, &result);
  return fs_provider_fetch_credits_finish (provider, fs_test_wait_result (&result), credits, error);
}

static void
test_bfl_credits (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FsProvider) bfl = provider_at (f, "bfl", "");
  g_autoptr(FsProvider) apiyi = provider_at (f, "apiyi", "/v1");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) refused = NULL;
  g_autoptr(GError) no_key = NULL;
  g_autoptr(GError) unsupported = NULL;
  double credits = 0;

  g_assert_true (fetch_credits (bfl, GOOD_KEY, &credits, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (credits, ==, 1234.5);

  g_assert_false (fetch_credits (bfl, BAD_KEY, &credits, &refused));
  g_assert_error (refused, FS_ERROR, FS_ERROR_REFUSED);
  g_assert_nonnull (strstr (refused->message, "Invalid API key"));
  g_assert_nonnull (strstr (refused->message, "bfl-req-9"));

  /* Nothing is sent without a key, or to a provider with no balance. */
  f->requests = 0;
  g_assert_false (fetch_credits (bfl, NULL, &credits, &no_key));
  g_assert_error (no_key, FS_ERROR, FS_ERROR_NO_KEY);
  g_assert_false (fetch_credits (apiyi, GOOD_KEY, &credits, &unsupported));
  g_assert_error (unsupported, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpuint (f->requests, ==, 0);
}

static void
test_bfl_key (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(FsProvider) bfl = provider_at (f, "bfl", "");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) refused = NULL;
  g_autofree char *works = NULL;
  g_autofree char *fails = NULL;

  works = test_key (bfl, GOOD_KEY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (works, ==, "The key works: 1234.50 credits (about $12.35).");

  fails = test_key (bfl, BAD_KEY, &refused);
  g_assert_null (fails);
  g_assert_error (refused, FS_ERROR, FS_ERROR_REFUSED);
  g_assert_nonnull (strstr (refused->message, "403"));
  g_assert_nonnull (strstr (refused->message, "Request id: bfl-req-9."));
}

static void
test_models_key (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(FsProvider) apiyi = provider_at (f, "apiyi", "/v1");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) refused = NULL;
  g_autoptr(GError) no_key = NULL;
  g_autofree char *works = NULL;
  g_autofree char *fails = NULL;
  g_autofree char *missing = NULL;

  works = test_key (apiyi, GOOD_KEY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (works, ==, "The key works: 42 models available.");
  g_assert_cmpstr (f->last_auth, ==, "Bearer " GOOD_KEY);

  fails = test_key (apiyi, BAD_KEY, &refused);
  g_assert_null (fails);
  g_assert_error (refused, FS_ERROR, FS_ERROR_REFUSED);
  g_assert_nonnull (strstr (refused->message, "Invalid API key"));
  g_assert_nonnull (strstr (refused->message, "Request id: req-401."));

  f->requests = 0;
  missing = test_key (apiyi, "", &no_key);
  g_assert_null (missing);
  g_assert_error (no_key, FS_ERROR, FS_ERROR_NO_KEY);
  g_assert_cmpuint (f->requests, ==, 0);
}

static void
test_self_hosted_without_key (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(FsProvider) server = provider_at (f, "openai-compatible", "/v1");
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  /* A self-hosted server may need no key at all. */
  answer = test_key (server, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (answer, ==, "The server answers without a key: 3 models available.");
  g_assert_null (f->last_auth);
}

static void
test_no_call (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(FsProvider) monica = provider_at (f, "monica", "");
  g_autoptr(FsProvider) sandbox = provider_at (f, "sandbox", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *monica_answer = NULL;
  g_autofree char *sandbox_answer = NULL;

  monica_answer = test_key (monica, GOOD_KEY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (monica_answer, ==,
                   "Monica has no free test call; the key will be checked with the "
                   "first generation.");

  sandbox_answer = test_key (sandbox, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sandbox_answer, ==, "The offline sandbox needs no key.");

  /* Neither spent anything: nothing was sent. */
  g_assert_cmpuint (f->requests, ==, 0);
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(FsProvider) bfl = provider_at (f, "bfl", "");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  g_cancellable_cancel (cancellable);
  fs_provider_test_key_async (bfl, GOOD_KEY, cancellable, fs_test_result_cb, &result);
  answer = fs_provider_test_key_finish (bfl, fs_test_wait_result (&result), &error);
  g_assert_null (answer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/account/bfl-credits", Fixture, NULL, fixture_set_up, test_bfl_credits, fixture_tear_down);
  g_test_add ("/account/bfl-key", Fixture, NULL, fixture_set_up, test_bfl_key, fixture_tear_down);
  g_test_add ("/account/models-key", Fixture, NULL, fixture_set_up, test_models_key, fixture_tear_down);
  g_test_add ("/account/self-hosted-without-key", Fixture, NULL, fixture_set_up, test_self_hosted_without_key, fixture_tear_down);
  g_test_add ("/account/no-call", Fixture, NULL, fixture_set_up, test_no_call, fixture_tear_down);
  g_test_add ("/account/cancelled", Fixture, NULL, fixture_set_up, test_cancelled, fixture_tear_down);

  return g_test_run ();
}
