/* fs-http.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "fs-error.h"
#include "fs-http.h"
#include "fs-http-private.h"

#define MAX_REDIRECTS   5
#define MAX_BACKOFF_MS  60000
#define MAX_RETRY_AFTER 300
/* A streamed body is read in pieces of this size, one read and one write
 * at a time, each into its own buffer. */
#define STREAM_CHUNK    (256 * 1024)

struct _FsHttp
{
  GObject      parent_instance;
  SoupSession *session;
};

G_DEFINE_FINAL_TYPE (FsHttp, fs_http, G_TYPE_OBJECT)

enum {
  RETRYING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  FsHttpCall   *call;        /* as asked */
  FsHttpCall   *current;     /* a keyless redirect target, or NULL */
  SoupMessage  *message;
  GCancellable *attempt_cancellable;
  gulong        cancel_id;
  GSource      *timeout_source;
  GSource      *wait_source;
  GSource      *wait_cancel_source;
  guint         attempt;
  guint         redirects;
  gboolean      timed_out;
  gint64        started;

  /* A 2xx body written to the call's body stream (fs-http.h): buffer
   * @reading is being filled, buffer @writing written, and a buffer read
   * while the other was still being written waits as @queued. */
  GInputStream *input;
  guint8       *buffers[2];
  gsize         filled[2];
  int           reading;
  int           writing;
  int           queued;
  gboolean      at_end;
  GError       *stream_error;
  gboolean      sink_failed;  /* @stream_error came from the body stream */
  goffset       body_length;
  gboolean      streamed;
} SendData;

static void send_attempt (GTask *task);

static void
send_data_free (SendData *data)
{
  g_assert (data->timeout_source == NULL);
  g_assert (data->wait_source == NULL);

  g_clear_pointer (&data->call, fs_http_call_unref);
  g_clear_pointer (&data->current, fs_http_call_unref);
  g_clear_object (&data->message);
  g_clear_object (&data->attempt_cancellable);
  g_clear_object (&data->input);
  g_free (data->buffers[0]);
  g_free (data->buffers[1]);
  g_clear_error (&data->stream_error);
  g_free (data);
}

static void
fs_http_dispose (GObject *object)
{
  FsHttp *self = (FsHttp *) object;

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (fs_http_parent_class)->dispose (object);
}

static void
fs_http_class_init (FsHttpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fs_http_dispose;

  /**
   * FsHttp::retrying:
   * @call: the call about to be retried
   * @attempt: the number of the retry (1 for the first)
   * @max: how many retries the call allows
   * @delay_ms: the wait before it
   * @status: the HTTP status that caused it, 0 for a dropped connection
   */
  signals[RETRYING] =
    g_signal_new ("retrying",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 5,
                  FS_TYPE_HTTP_CALL | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);
}

static void
fs_http_init (FsHttp *self)
{
  g_autofree char *agent = g_strdup_printf ("FluxStudio/%s ", PACKAGE_VERSION);

  /* Time limits are per call (see send_attempt()), so the session's own
   * I/O timeout stays off; an idle connection is dropped after a minute. */
  self->session = soup_session_new_with_options ("user-agent", agent,
                                                 "timeout", 0,
                                                 "idle-timeout", 60,
                                                 "max-conns-per-host", 24,
                                                 NULL);
}

FsHttp *
fs_http_new (void)
{
  return g_object_new (FS_TYPE_HTTP, NULL);
}

/* The one session of the process, created on first use on the main
 * thread (docs/ARCHITECTURE.md, “Threading”). */
FsHttp *
fs_http_get_default (void)
{
  static FsHttp *instance;

  if (instance == NULL)
    {
      instance = fs_http_new ();
      g_object_add_weak_pointer (G_OBJECT (instance), (gpointer *) &instance);
    }

  return instance;
}

SoupSession *
fs_http_get_session (FsHttp *self)
{
  g_return_val_if_fail (FS_IS_HTTP (self), NULL);
  return self->session;
}

gboolean
fs_http_status_is_retryable (guint status)
{
  return status == 0 || status == 429 || (status >= 500 && status <= 599);
}

guint
fs_http_backoff_ms (guint  attempt,
                    guint  retry_after_s,
                    double jitter)
{
  guint64 delay;

  g_return_val_if_fail (attempt >= 1, 0);

  jitter = CLAMP (jitter, 0.0, 1.0);
  if (retry_after_s > 0)
    delay = (guint64) MIN (retry_after_s, MAX_RETRY_AFTER) * 1000
            + (guint64) (jitter * 250);
  else
    {
      guint64 base = (guint64) 1000 << MIN (attempt - 1, 10);
      delay = base + (guint64) (jitter * base / 2);
    }

  return (guint) MIN (delay, (guint64) MAX_RETRY_AFTER * 1000 + 250);
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  bare = g_strdup (host);
  if (bare[0] == '[')
    {
      char *end = strchr (bare, ']');
      if (end != NULL)
        *end = '\0';
      memmove (bare, bare + 1, strlen (bare));
    }

  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
fs_http_url_is_loopback (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (url != NULL, FALSE);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  return uri != NULL && host_is_loopback (g_uri_get_host (uri));
}

gboolean
fs_http_check_base_url (const char  *url,
                        GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  g_return_val_if_fail (url != NULL, FALSE);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("“%s” is not a URL; give a base URL such as https://api.example.com/v1"),
                   url);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") == 0 && host_is_loopback (g_uri_get_host (uri)))
    return TRUE;

  g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
               _("The base URL %s is not secure: remote servers must use https:// "
                 "(plain http:// is accepted only for this computer, such as 127.0.0.1)"),
               url);
  return FALSE;
}

static guint
effective_timeout (FsHttpCall *call)
{
  guint timeout = fs_http_call_get_timeout (call);
  const char *cap = g_getenv ("FLUX_STUDIO_TIMEOUT");
  guint64 cap_value;

  /* A test or a script may shorten every time limit. */
  if (cap != NULL && g_ascii_string_to_unsigned (cap, 10, 1, G_MAXUINT, &cap_value, NULL))
    timeout = timeout == 0 ? (guint) cap_value : MIN (timeout, (guint) cap_value);

  return timeout;
}

static guint
parse_retry_after (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  g_autofree char *trimmed = NULL;
  guint64 seconds;

  if (value == NULL)
    return 0;
  trimmed = g_strstrip (g_strdup (value));
  if (g_ascii_string_to_unsigned (trimmed, 10, 0, G_MAXUINT, &seconds, NULL))
    return (guint) MIN (seconds, MAX_RETRY_AFTER);

  {
    g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    GTimeSpan span;

    if (when == NULL)
      return 0;
    span = g_date_time_difference (when, now) / G_TIME_SPAN_SECOND;
    return (guint) CLAMP (span, 0, MAX_RETRY_AFTER);
  }
}

static char *
find_request_id (SoupMessageHeaders *headers)
{
  static const char *names[] = { "x-request-id", "request-id", "x-amzn-requestid",
                                 "cf-ray" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = soup_message_headers_get_one (headers, names[i]);
      if (value != NULL && *value != '\0')
        return g_strdup (value);
    }

  return NULL;
}

static FsHttpResponse *
response_from_message (SendData *data,
                       GBytes   *body)
{
  FsHttpResponse *response = _fs_http_response_new ();
  SoupMessageHeaders *headers = soup_message_get_response_headers (data->message);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);

  response->status = soup_message_get_status (data->message);
  response->url = g_uri_to_string (soup_message_get_uri (data->message));
  response->content_type = g_strdup (content_type);
  response->request_id = find_request_id (headers);
  response->retry_after = parse_retry_after (headers);
  response->headers = soup_message_headers_ref (headers);
  response->body = body != NULL ? g_bytes_ref (body) : g_bytes_new (NULL, 0);
  response->streamed = data->streamed;
  response->body_length = data->streamed ? data->body_length
                                         : (goffset) g_bytes_get_size (response->body);
  response->elapsed_us = g_get_monotonic_time () - data->started;
  response->attempts = data->attempt;

  return response;
}

static void
clear_attempt (SendData *data)
{
  if (data->timeout_source != NULL)
    {
      g_source_destroy (data->timeout_source);
      g_clear_pointer (&data->timeout_source, g_source_unref);
    }
}

static void
clear_wait (SendData *data)
{
  if (data->wait_source != NULL)
    {
      g_source_destroy (data->wait_source);
      g_clear_pointer (&data->wait_source, g_source_unref);
    }
  if (data->wait_cancel_source != NULL)
    {
      g_source_destroy (data->wait_cancel_source);
      g_clear_pointer (&data->wait_cancel_source, g_source_unref);
    }
}

static gboolean
wait_done_cb (gpointer user_data)
{
  GTask *task = user_data;
  SendData *data = g_task_get_task_data (task);

  clear_wait (data);
  send_attempt (task);
  return G_SOURCE_REMOVE;
}

static gboolean
wait_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SendData *data = g_task_get_task_data (task);

  clear_wait (data);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The request was cancelled"));
  return G_SOURCE_REMOVE;
}

/* Waits @delay_ms before the next attempt, unless cancelled first. The
 * task's reference is held by whichever of the two sources fires. */
static void
schedule_retry (GTask *task,
                guint  delay_ms,
                guint  status)
{
  SendData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  FsHttp *self = g_task_get_source_object (task);

  g_signal_emit (self, signals[RETRYING], 0, data->call, data->attempt,
                 fs_http_call_get_max_retries (data->call), delay_ms, status);

  data->wait_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (data->wait_source, wait_done_cb, task, NULL);
  g_source_attach (data->wait_source, NULL);

  if (cancellable != NULL)
    {
      data->wait_cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (data->wait_cancel_source,
                             G_SOURCE_FUNC (wait_cancelled_cb),
                             g_object_ref (task), g_object_unref);
      g_source_attach (data->wait_cancel_source, NULL);
    }
}

/* A body partly written to the call's stream cannot be taken back. */
static gboolean
may_retry (SendData *data)
{
  return data->attempt <= fs_http_call_get_max_retries (data->call) &&
         !(data->streamed && data->body_length > 0);
}

static char *
url_host (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  return g_strdup (uri != NULL ? g_uri_get_host (uri) : url);
}

static void
return_transport_error (GTask  *task,
                        GError *error)
{
  SendData *data = g_task_get_task_data (task);
  FsHttpCall *call = data->current ? data->current : data->call;
  g_autofree char *host = url_host (fs_http_call_get_url (call));

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The request was cancelled"));
  else if (data->timed_out)
    g_task_return_new_error (task, FS_ERROR, FS_ERROR_TIMEOUT,
                             _("%s did not answer within %u seconds. Try again later."),
                             host, effective_timeout (data->call));
  else
    g_task_return_new_error (task, FS_ERROR, FS_ERROR_FAILED,
                             ngettext ("Could not reach %s after %u attempt: %s. Check the connection and try again.",
                                       "Could not reach %s after %u attempts: %s. Check the connection and try again.",
                                       data->attempt),
                             host, data->attempt, error->message);
}

/* Keyed calls never let libsoup follow a redirect, because the key header
 * would go along. A GET is followed here instead, without the key. */
static gboolean
follow_redirect (GTask *task)
{
  SendData *data = g_task_get_task_data (task);
  guint status = soup_message_get_status (data->message);
  const char *location;
  g_autoptr(GUri) target = NULL;
  g_autofree char *url = NULL;

  if (!SOUP_STATUS_IS_REDIRECTION (status) || data->redirects >= MAX_REDIRECTS)
    return FALSE;
  if (g_strcmp0 (fs_http_call_get_method (data->call), "GET") != 0)
    return FALSE;

  location = soup_message_headers_get_one (soup_message_get_response_headers (data->message),
                                           "Location");
  if (location == NULL)
    return FALSE;

  target = g_uri_parse_relative (soup_message_get_uri (data->message), location,
                                 SOUP_HTTP_URI_FLAGS, NULL);
  if (target == NULL)
    return FALSE;

  url = g_uri_to_string (target);
  g_clear_pointer (&data->current, fs_http_call_unref);
  data->current = fs_http_call_new ("GET", url);
  fs_http_call_set_timeout (data->current, fs_http_call_get_timeout (data->call));
  data->redirects++;
  send_attempt (task);

  return TRUE;
}

/* The attempt is over, with the body read (@body, or streamed) or an
 * error: retried, redirected or returned. Takes @task and @error. */
static void
finish_attempt (GTask  *task_ref,
                GBytes *body,
                GError *error_ref)
{
  g_autoptr(GTask) task = task_ref;
  g_autoptr(GError) error = error_ref;
  SendData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  guint status;

  clear_attempt (data);
  if (data->cancel_id != 0)
    g_cancellable_disconnect (cancellable, data->cancel_id);
  data->cancel_id = 0;

  /* The body stream refused what was written to it: its own error,
   * which another attempt would not mend. */
  if (error != NULL && data->sink_failed &&
      !g_cancellable_is_cancelled (data->attempt_cancellable))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (error != NULL)
    {
      if (!data->timed_out && !g_cancellable_is_cancelled (cancellable) && may_retry (data))
        {
          g_debug ("Retrying %s after a transport error: %s",
                   fs_http_call_get_url (data->call), error->message);
          schedule_retry (g_steal_pointer (&task),
                          fs_http_backoff_ms (data->attempt, 0, g_random_double ()), 0);
          return;
        }
      return_transport_error (task, error);
      return;
    }

  status = soup_message_get_status (data->message);
  if (follow_redirect (task))
    {
      g_steal_pointer (&task);
      return;
    }

  if (fs_http_status_is_retryable (status) && may_retry (data))
    {
      guint retry_after = parse_retry_after (soup_message_get_response_headers (data->message));

      schedule_retry (g_steal_pointer (&task),
                      fs_http_backoff_ms (data->attempt, retry_after, g_random_double ()),
                      status);
      return;
    }

  g_task_return_pointer (task, response_from_message (data, body),
                         (GDestroyNotify) fs_http_response_unref);
}

static void
send_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError *error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  finish_attempt (user_data, body, error);
}

/* Streaming a 2xx body (fs_http_call_set_body_stream()) ------------------ */

static void stream_read (GTask *task);
static void stream_write (GTask *task,
                          int    index);

static void
stream_set_error (SendData *data,
                  GError   *error)
{
  if (data->stream_error == NULL)
    data->stream_error = error;
  else
    g_error_free (error);
}

/* Once nothing is in flight and the body ended or failed. */
static void
stream_maybe_done (GTask *task)
{
  SendData *data = g_task_get_task_data (task);

  if (data->reading >= 0 || data->writing >= 0 || data->queued >= 0)
    return;
  if (!data->at_end && data->stream_error == NULL)
    return;

  g_input_stream_close_async (data->input, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&data->input);
  finish_attempt (g_object_ref (task), NULL, g_steal_pointer (&data->stream_error));
}

static void
stream_write_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SendData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gsize written = 0;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &written, &error);
  data->body_length += written;
  data->writing = -1;
  if (error != NULL && data->stream_error == NULL)
    data->sink_failed = TRUE;
  if (error != NULL)
    stream_set_error (data, error);

  if (data->queued >= 0 && data->stream_error == NULL)
    {
      int next = data->queued;

      data->queued = -1;
      stream_write (task, next);
    }
  data->queued = -1;
  if (!data->at_end && data->stream_error == NULL && data->reading < 0)
    stream_read (task);
  stream_maybe_done (task);
}

static void
stream_write (GTask *task,
              int    index)
{
  SendData *data = g_task_get_task_data (task);
  GOutputStream *out = fs_http_call_get_body_stream (data->call);

  data->writing = index;
  g_output_stream_write_all_async (out, data->buffers[index], data->filled[index],
                                   G_PRIORITY_DEFAULT, data->attempt_cancellable,
                                   stream_write_cb, g_object_ref (task));
}

static void
stream_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SendData *data = g_task_get_task_data (task);
  GError *error = NULL;
  int index = data->reading;
  gsize n_read = 0;

  g_input_stream_read_all_finish (G_INPUT_STREAM (object), result, &n_read, &error);
  data->reading = -1;
  data->filled[index] = n_read;
  if (error != NULL)
    stream_set_error (data, error);
  else if (n_read < STREAM_CHUNK)
    data->at_end = TRUE;

  if (n_read > 0 && data->stream_error == NULL)
    {
      if (data->writing < 0)
        stream_write (task, index);
      else
        data->queued = index;
    }
  if (!data->at_end && data->stream_error == NULL && data->queued < 0)
    stream_read (task);
  stream_maybe_done (task);
}

/* Reads into whichever buffer is not being written. */
static void
stream_read (GTask *task)
{
  SendData *data = g_task_get_task_data (task);
  int index = data->writing == 0 ? 1 : 0;

  data->reading = index;
  g_input_stream_read_all_async (data->input, data->buffers[index], STREAM_CHUNK,
                                 G_PRIORITY_DEFAULT, data->attempt_cancellable,
                                 stream_read_cb, g_object_ref (task));
}

static void
stream_body (GTask        *task,
             GInputStream *input)
{
  SendData *data = g_task_get_task_data (task);

  data->input = input;
  data->streamed = TRUE;
  data->sink_failed = FALSE;
  data->body_length = 0;
  data->at_end = FALSE;
  data->reading = data->writing = data->queued = -1;
  for (guint i = 0; i < G_N_ELEMENTS (data->buffers); i++)
    if (data->buffers[i] == NULL)
      data->buffers[i] = g_malloc (STREAM_CHUNK);
  stream_read (task);
}

/* Any other body is read whole, as fs_http_send_async() reads every
 * body. */
static void
body_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GOutputStream *memory = G_OUTPUT_STREAM (object);
  GError *error = NULL;
  g_autoptr(GBytes) body = NULL;

  if (g_output_stream_splice_finish (memory, result, &error) >= 0)
    body = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  finish_attempt (user_data, body, error);
}

static void
send_stream_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GOutputStream) memory = NULL;
  GInputStream *input;
  GError *error = NULL;
  guint status;

  input = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (input == NULL)
    {
      finish_attempt (task, NULL, error);
      return;
    }

  status = soup_message_get_status (data->message);
  if (status >= 200 && status < 300)
    {
      stream_body (task, input);
      g_object_unref (task);
      return;
    }

  memory = g_memory_output_stream_new_resizable ();
  g_output_stream_splice_async (memory, input,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, data->attempt_cancellable,
                                body_read_cb, task);
  g_object_unref (input);
}

static gboolean
attempt_timeout_cb (gpointer user_data)
{
  SendData *data = user_data;

  data->timed_out = TRUE;
  g_clear_pointer (&data->timeout_source, g_source_unref);
  g_cancellable_cancel (data->attempt_cancellable);

  return G_SOURCE_REMOVE;
}

static void
forward_cancel_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static SoupMessage *
build_message (FsHttpCall  *call,
               GError     **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *key_value = NULL;
  SoupMessageHeaders *headers;
  const char *key_header = NULL;

  message = soup_message_new (fs_http_call_get_method (call), fs_http_call_get_url (call));
  if (message == NULL)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("“%s” is not a valid URL"), fs_http_call_get_url (call));
      return NULL;
    }

  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  _fs_http_call_apply_headers (call, headers);

  key_value = _fs_http_call_dup_key_value (call, &key_header);
  if (key_value != NULL)
    {
      soup_message_headers_replace (headers, key_header, key_value);
      soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
    }

  if (fs_http_call_get_body (call) != NULL)
    soup_message_set_request_body_from_bytes (message,
                                              fs_http_call_get_content_type (call),
                                              fs_http_call_get_body (call));

  return g_steal_pointer (&message);
}

static void
send_attempt (GTask *task)
{
  FsHttp *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  FsHttpCall *call = data->current ? data->current : data->call;
  g_autoptr(GError) error = NULL;
  guint timeout;

  g_clear_object (&data->message);
  data->message = build_message (call, &error);
  if (data->message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  if (data->current == NULL)
    data->attempt++;
  data->timed_out = FALSE;
  data->started = g_get_monotonic_time ();
  g_clear_object (&data->attempt_cancellable);
  data->attempt_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    data->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel_cb),
                                             data->attempt_cancellable, NULL);

  timeout = effective_timeout (data->call);
  if (timeout > 0)
    {
      data->timeout_source = g_timeout_source_new_seconds (timeout);
      g_source_set_callback (data->timeout_source, attempt_timeout_cb, data, NULL);
      g_source_attach (data->timeout_source, NULL);
    }

  g_debug ("%s %s (attempt %u)", fs_http_call_get_method (call),
           fs_http_call_get_url (call), data->attempt);
  data->streamed = FALSE;
  if (fs_http_call_get_body_stream (data->call) != NULL)
    soup_session_send_async (self->session, data->message, G_PRIORITY_DEFAULT,
                             data->attempt_cancellable, send_stream_cb, task);
  else
    soup_session_send_and_read_async (self->session, data->message, G_PRIORITY_DEFAULT,
                                      data->attempt_cancellable, send_read_cb, task);
}

void
fs_http_send_async (FsHttp              *self,
                    FsHttpCall          *call,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;
  SendData *data;

  g_return_if_fail (FS_IS_HTTP (self));
  g_return_if_fail (call != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_http_send_async);
  data = g_new0 (SendData, 1);
  data->call = fs_http_call_ref (call);
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);

  send_attempt (task);
}

FsHttpResponse *
fs_http_send_finish (FsHttp        *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (FS_IS_HTTP (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
