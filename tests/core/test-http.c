/* test-http.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fs-error.h"
#include "fs-http.h"
#include "fs-test-util.h"

#define TEST_KEY "fs-test-key-http-7d1e"

/* A SoupServer on 127.0.0.1 (and a second one on 127.0.0.2 for redirects
 * to another host), answering by path, counting hits and remembering
 * whether each request carried the key. */
typedef struct
{
  SoupServer *server;
  SoupServer *other;
  char       *base;
  char       *other_base;
  GHashTable *hits;        /* path → count */
  gboolean    other_saw_key;
  gboolean    first_saw_key;
  guint       other_hits;
} Fixture;

static guint
hit (Fixture    *f,
     const char *path)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (f->hits, path)) + 1;

  g_hash_table_insert (f->hits, g_strdup (path), GUINT_TO_POINTER (n));
  return n;
}

static guint
hits (Fixture    *f,
      const char *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (f->hits, path));
}

static gboolean
has_key (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  return soup_message_headers_get_one (headers, "x-key") != NULL ||
         soup_message_headers_get_one (headers, "Authorization") != NULL;
}

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

static gboolean
unpause_cb (gpointer data)
{
  SoupServerMessage *msg = data;

  reply (msg, 200, "{\"late\":true}");
  soup_server_message_unpause (msg);
  g_object_unref (msg);
  return G_SOURCE_REMOVE;
}

/* Large enough to stream in several pieces, and not the same in each. */
static GBytes *
big_body (void)
{
  gsize size = 1500 * 1000 + 7;
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 31 + (i >> 11));
  return g_bytes_new_take (data, size);
}

static void
handle_main (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *out = soup_server_message_get_response_headers (msg);
  guint n = hit (f, path);

  soup_message_headers_replace (out, "x-request-id", "req-test-1");
  if (g_str_equal (path, "/ok"))
    reply (msg, 200, "{\"ok\":true}");
  else if (g_str_equal (path, "/429-once"))
    {
      if (n == 1)
        soup_message_headers_replace (out, "Retry-After", "1");
      reply (msg, n == 1 ? 429 : 200, n == 1 ? "{\"detail\":\"slow down\"}" : "{\"ok\":true}");
    }
  else if (g_str_equal (path, "/503"))
    reply (msg, 503, "<html><title>Service Unavailable</title></html>");
  else if (g_str_has_prefix (path, "/status/"))
    reply (msg, atoi (path + strlen ("/status/")), "{\"detail\":\"no\"}");
  else if (g_str_equal (path, "/drop-once") && n == 1)
    {
      GIOStream *stream = soup_server_message_steal_connection (msg);
      g_io_stream_close (stream, NULL, NULL);
      g_object_unref (stream);
    }
  else if (g_str_equal (path, "/drop-once"))
    reply (msg, 200, "{\"ok\":true}");
  else if (g_str_equal (path, "/slow"))
    {
      soup_server_message_pause (msg);
      g_timeout_add_seconds (3, unpause_cb, g_object_ref (msg));
    }
  else if (g_str_equal (path, "/big"))
    {
      g_autoptr(GBytes) body = big_body ();

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (body, NULL), g_bytes_get_size (body));
    }
  else if (g_str_equal (path, "/redirect"))
    {
      g_autofree char *target = g_strdup_printf ("%s/target", f->other_base);
      f->first_saw_key = has_key (msg);
      soup_server_message_set_redirect (msg, 302, target);
    }
  else
    reply (msg, 404, "{}");
}

static void
handle_other (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Fixture *f = user_data;

  f->other_hits++;
  f->other_saw_key = has_key (msg);
  reply (msg, 200, "{\"target\":true}");
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->server = soup_server_new (NULL, NULL);
  f->other = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handle_main, f, NULL);
  soup_server_add_handler (f->other, NULL, handle_other, f, NULL);
  f->base = fs_test_server_listen (f->server, "127.0.0.1");
  f->other_base = fs_test_server_listen (f->other, "127.0.0.2");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->server, fs_test_server_free);
  g_clear_pointer (&f->other, fs_test_server_free);
  g_free (f->base);
  g_free (f->other_base);
  g_hash_table_unref (f->hits);
}

static FsHttpResponse *
send_sync (FsHttp        *http,
           FsHttpCall    *call,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fs_http_send_async (http, call, cancellable, fs_test_result_cb, &result);

  return fs_http_send_finish (http, fs_test_wait_result (&result), error);
}

static FsHttpCall *
call_for (Fixture    *f,
          const char *method,
          const char *path)
{
  g_autofree char *url = g_strconcat (f->base, path, NULL);

  return fs_http_call_new (method, url);
}

static void
test_backoff (void)
{
  /* Without Retry-After: 1 s then 2 s, with up to half again of jitter. */
  g_assert_cmpuint (fs_http_backoff_ms (1, 0, 0.0), ==, 1000);
  g_assert_cmpuint (fs_http_backoff_ms (1, 0, 0.999), <, 1500);
  g_assert_cmpuint (fs_http_backoff_ms (2, 0, 0.0), ==, 2000);
  g_assert_cmpuint (fs_http_backoff_ms (2, 0, 0.999), <, 3000);
  g_assert_cmpuint (fs_http_backoff_ms (3, 0, 0.0), ==, 4000);
  /* Retry-After wins, plus a small jitter, and is capped at 5 minutes. */
  g_assert_cmpuint (fs_http_backoff_ms (1, 4, 0.0), ==, 4000);
  g_assert_cmpuint (fs_http_backoff_ms (2, 4, 0.999), <=, 4250);
  g_assert_cmpuint (fs_http_backoff_ms (1, 100000, 0.0), ==, 300000);
}

static void
test_retryable (void)
{
  static const guint retried[] = { 0, 429, 500, 502, 503, 504, 599 };
  static const guint final[] = { 200, 201, 301, 400, 401, 402, 403, 404, 409, 422 };

  for (guint i = 0; i < G_N_ELEMENTS (retried); i++)
    g_assert_true (fs_http_status_is_retryable (retried[i]));
  for (guint i = 0; i < G_N_ELEMENTS (final); i++)
    g_assert_false (fs_http_status_is_retryable (final[i]));
}

static void
test_base_url (void)
{
  static const char *ok[] = { "https://api.bfl.ai", "https://api.apiyi.com/v1",
                              "http://127.0.0.1:8080", "http://127.9.9.9/v1",
                              "http://localhost:5000/v1", "http://[::1]:9000" };
  static const char *refused[] = { "http://api.bfl.ai", "http://10.0.0.1:8080",
                                   "http://192.168.1.5/v1", "ftp://127.0.0.1",
                                   "not a url", "https://", "http://128.0.0.1" };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_true (fs_http_check_base_url (ok[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (fs_http_check_base_url (refused[i], &error));
      g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
    }

  g_assert_true (fs_http_url_is_loopback ("http://127.0.0.3:1/x"));
  g_assert_false (fs_http_url_is_loopback ("https://api.bfl.ai/v1"));
}

static void
retrying_cb (FsHttp     *http,
             FsHttpCall *call,
             guint       attempt,
             guint       max,
             guint       delay_ms,
             guint       status,
             gpointer    user_data)
{
  GArray *seen = user_data;
  guint record[3] = { attempt, delay_ms, status };

  g_array_append_vals (seen, record, 3);
}

static void
test_retry_after (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FsHttp) http = fs_http_new ();
  g_autoptr(FsHttpCall) call = call_for (f, "POST", "/429-once");
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(FsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_signal_connect (http, "retrying", G_CALLBACK (retrying_cb), seen);
  response = send_sync (http, call, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpuint (response->attempts, ==, 2);
  g_assert_cmpstr (response->request_id, ==, "req-test-1");
  g_assert_cmpuint (hits (f, "/429-once"), ==, 2);
  /* One retry, announced with its cause, after at least Retry-After. */
  g_assert_cmpuint (seen->len, ==, 3);
  g_assert_cmpuint (g_array_index (seen, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (seen, guint, 1), >=, 1000);
  g_assert_cmpuint (g_array_index (seen, guint, 2), ==, 429);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 1000 * 1000);
}

static void
test_retries_exhausted (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FsHttp) http = fs_http_new ();
  g_autoptr(FsHttpCall) call = call_for (f, "POST", "/503");
  g_autoptr(FsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = send_sync (http, call, NULL, &error);

  /* The last answer comes back for the caller to turn into an error. */
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 503);
  g_assert_cmpuint (response->attempts, ==, 3);
  g_assert_cmpuint (hits (f, "/503"), ==, 3);
  g_assert_cmpstr (response->content_type, ==, "application/json");
}

static void
test_no_retry_on_refusal (Fixture       *f,
                          gconstpointer  data)
{
  static const guint statuses[] = { 400, 401, 402, 403, 422 };
  g_autoptr(FsHttp) http = fs_http_new ();

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *path = g_strdup_printf ("/status/%u", statuses[i]);
      g_autoptr(FsHttpCall) call = call_for (f, "POST", path);
      g_autoptr(FsHttpResponse) response = NULL;
      g_autoptr(GError) error = NULL;

      response = send_sync (http, call, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (response->status, ==, statuses[i]);
      g_assert_cmpuint (response->attempts, ==, 1);
      g_assert_cmpuint (hits (f, path), ==, 1);
    }
}

static void
test_dropped_connection (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FsHttp) http = fs_http_new ();
  g_autoptr(FsHttpCall) call = call_for (f, "POST", "/drop-once");
  g_autoptr(FsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = send_sync (http, call, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpuint (response->attempts, ==, 2);
}

/* A body stream takes a 2xx body as it comes, in order, and the
 * response says how much it got; other bodies stay in the response. */
static void
test_body_stream (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FsHttp) http = fs_http_new ();
  g_autoptr(GBytes) expected = big_body ();
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(FsHttpCall) call = call_for (f, "GET", "/big");
  g_autoptr(FsHttpCall) refused = call_for (f, "GET", "/status/404");
  g_autoptr(FsHttpResponse) response = NULL;
  g_autoptr(FsHttpResponse) not_found = NULL;
  g_autoptr(GError) error = NULL;
  GMemoryOutputStream *written = G_MEMORY_OUTPUT_STREAM (memory);

  fs_http_call_set_body_stream (call, memory);
  response = send_sync (http, call, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_true (response->streamed);
  g_assert_cmpint (response->body_length, ==, (goffset) g_bytes_get_size (expected));
  g_assert_cmpuint (g_bytes_get_size (response->body), ==, 0);
  g_assert_false (g_output_stream_is_closed (memory));
  g_assert_cmpmem (g_memory_output_stream_get_data (written),
                   g_memory_output_stream_get_data_size (written),
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));

  fs_http_call_set_body_stream (refused, memory);
  not_found = send_sync (http, refused, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (not_found->status, ==, 404);
  g_assert_false (not_found->streamed);
  g_assert_cmpstr (g_bytes_get_data (not_found->body, NULL), ==, "{\"detail\":\"no\"}");
  g_assert_cmpint (not_found->body_length, ==, (goffset) g_bytes_get_size (not_found->body));
  /* Nothing more was written. */
  g_assert_cmpuint (g_memory_output_stream_get_data_size (written), ==,
                    g_bytes_get_size (expected));
}

/* A stream that refuses the body fails the call with its own error, and
 * the call is not sent again. */
static void
test_body_stream_refuses (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(FsHttp) http = fs_http_new ();
  g_autofree guint8 *room = g_malloc (1000);
  g_autoptr(GOutputStream) small = g_memory_output_stream_new (room, 1000, NULL, NULL);
  g_autoptr(FsHttpCall) call = call_for (f, "GET", "/big");
  g_autoptr(FsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  fs_http_call_set_body_stream (call, small);
  response = send_sync (http, call, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_cmpuint (hits (f, "/big"), ==, 1);
}

static void
test_unreachable (void)
{
  g_autoptr(FsHttp) http = fs_http_new ();
  g_autoptr(FsHttpCall) call = NULL;
  g_autoptr(FsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autofree char *url = NULL;
  guint16 port;

  /* A port that was free a moment ago: nothing listens there now. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, NULL);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u/x", port);
  call = fs_http_call_new ("GET", url);
  fs_http_call_set_max_retries (call, 1);

  response = send_sync (http, call, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, FS_ERROR, FS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "2 attempts"));
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(FsHttp) http = fs_http_new ();
  g_autoptr(FsHttpCall) call = call_for (f, "GET", "/slow");
  g_autoptr(FsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  fs_http_call_set_timeout (call, 1);
  response = send_sync (http, call, NULL, &error);

  g_assert_null (response);
  g_assert_error (error, FS_ERROR, FS_ERROR_TIMEOUT);
  g_assert_cmpuint (hits (f, "/slow"), ==, 1);
}

static void
test_key_not_forwarded (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FsHttp) http = fs_http_new ();
  g_autoptr(FsHttpCall) call = call_for (f, "GET", "/redirect");
  g_autoptr(FsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  fs_http_call_set_key (call, "x-key", NULL, TEST_KEY);
  response = send_sync (http, call, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_true (f->first_saw_key);
  g_assert_cmpuint (f->other_hits, ==, 1);
  g_assert_false (f->other_saw_key);
  g_assert_true (g_str_has_prefix (response->url, f->other_base));
}

static void
test_keyed_post_redirect_not_followed (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(FsHttp) http = fs_http_new ();
  g_autoptr(FsHttpCall) call = call_for (f, "POST", "/redirect");
  g_autoptr(FsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  fs_http_call_set_key (call, "Authorization", "Bearer", TEST_KEY);
  response = send_sync (http, call, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 302);
  g_assert_cmpuint (f->other_hits, ==, 0);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_during_backoff (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(FsHttp) http = fs_http_new ();
  g_autoptr(FsHttpCall) call = call_for (f, "POST", "/503");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(FsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_timeout_add (300, cancel_cb, cancellable);
  response = send_sync (http, call, cancellable, &error);

  g_assert_null (response);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 900 * 1000);
}

static void
test_describe_redacts_key (void)
{
  g_autoptr(FsHttpCall) call = fs_http_call_new ("POST", "https://api.bfl.ai/v1/flux-2-pro");
  g_autoptr(JsonNode) body = json_from_string ("{\"prompt\":\"tea\"}", NULL);
  g_autofree char *text = NULL;

  fs_http_call_set_key (call, "x-key", NULL, TEST_KEY);
  fs_http_call_set_json (call, body);
  text = fs_http_call_describe (call);

  g_assert_null (strstr (text, TEST_KEY));
  g_assert_nonnull (strstr (text, "x-key: [redacted]"));
  g_assert_nonnull (strstr (text, "\"prompt\""));
  g_assert_true (fs_http_call_has_key (call));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_unsetenv ("FLUX_STUDIO_TIMEOUT");

  g_test_add_func ("/http/backoff", test_backoff);
  g_test_add_func ("/http/retryable", test_retryable);
  g_test_add_func ("/http/base-url", test_base_url);
  g_test_add_func ("/http/unreachable", test_unreachable);
  g_test_add_func ("/http/describe-redacts-key", test_describe_redacts_key);
  g_test_add ("/http/retry-after", Fixture, NULL, fixture_set_up, test_retry_after, fixture_tear_down);
  g_test_add ("/http/retries-exhausted", Fixture, NULL, fixture_set_up, test_retries_exhausted, fixture_tear_down);
  g_test_add ("/http/no-retry-on-refusal", Fixture, NULL, fixture_set_up, test_no_retry_on_refusal, fixture_tear_down);
  g_test_add ("/http/dropped-connection", Fixture, NULL, fixture_set_up, test_dropped_connection, fixture_tear_down);
  g_test_add ("/http/timeout", Fixture, NULL, fixture_set_up, test_timeout, fixture_tear_down);
  g_test_add ("/http/key-not-forwarded", Fixture, NULL, fixture_set_up, test_key_not_forwarded, fixture_tear_down);
  g_test_add ("/http/keyed-post-redirect", Fixture, NULL, fixture_set_up, test_keyed_post_redirect_not_followed, fixture_tear_down);
  g_test_add ("/http/cancel-during-backoff", Fixture, NULL, fixture_set_up, test_cancel_during_backoff, fixture_tear_down);
  g_test_add ("/http/body-stream", Fixture, NULL, fixture_set_up, test_body_stream, fixture_tear_down);
  g_test_add ("/http/body-stream-refuses", Fixture, NULL, fixture_set_up, test_body_stream_refuses, fixture_tear_down);

  return g_test_run ();
}
