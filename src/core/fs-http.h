/* fs-http.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fs-types.h"

G_BEGIN_DECLS

#define FS_HTTP_DEFAULT_TIMEOUT  120
#define FS_HTTP_DEFAULT_RETRIES    2

/* One HTTP exchange to make: what a provider builds and fs-http sends. The
 * API key rides in the call but is only attached when the URL's host may
 * receive it, and never appears in fs_http_call_describe(). */
GType        fs_http_call_get_type         (void) G_GNUC_CONST;
#define FS_TYPE_HTTP_CALL (fs_http_call_get_type ())

FsHttpCall  *fs_http_call_new              (const char   *method,
                                            const char   *url);
FsHttpCall  *fs_http_call_ref              (FsHttpCall   *call);
void         fs_http_call_unref            (FsHttpCall   *call);
const char  *fs_http_call_get_method       (FsHttpCall   *call);
const char  *fs_http_call_get_url          (FsHttpCall   *call);
void         fs_http_call_set_json         (FsHttpCall   *call,
                                            JsonNode     *body);
JsonNode    *fs_http_call_get_json         (FsHttpCall   *call);
void         fs_http_call_set_multipart    (FsHttpCall   *call,
                                            SoupMultipart *multipart,
                                            const char   *summary);
void         fs_http_call_set_body         (FsHttpCall   *call,
                                            const char   *content_type,
                                            GBytes       *body);
GBytes      *fs_http_call_get_body         (FsHttpCall   *call);
const char  *fs_http_call_get_content_type (FsHttpCall   *call);
void         fs_http_call_add_header       (FsHttpCall   *call,
                                            const char   *name,
                                            const char   *value);
const char  *fs_http_call_get_header       (FsHttpCall   *call,
                                            const char   *name);
/* @scheme is "Bearer" for "Authorization: Bearer KEY", NULL for a bare
 * header value such as "x-key: KEY". */
void         fs_http_call_set_key          (FsHttpCall   *call,
                                            const char   *header,
                                            const char   *scheme,
                                            const char   *key);
gboolean     fs_http_call_has_key          (FsHttpCall   *call);
void         fs_http_call_set_timeout      (FsHttpCall   *call,
                                            guint         seconds);
guint        fs_http_call_get_timeout      (FsHttpCall   *call);
void         fs_http_call_set_max_retries  (FsHttpCall   *call,
                                            guint         retries);
guint        fs_http_call_get_max_retries  (FsHttpCall   *call);
/* A successful (2xx) response's body is written to @stream as it arrives,
 * in pieces, instead of being kept in the response (whose @body is then
 * empty and @body_length the bytes written); any other response's body is
 * kept as usual. The stream is not closed. Once part of the body is
 * written the call is not retried, and an error writing it fails the
 * call with that error. */
void         fs_http_call_set_body_stream  (FsHttpCall    *call,
                                            GOutputStream *stream);
GOutputStream *fs_http_call_get_body_stream (FsHttpCall   *call);
/* The request as the inspector shows it: method, URL, headers with the key
 * redacted, body (JSON, or the multipart summary). */
char        *fs_http_call_describe         (FsHttpCall   *call);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FsHttpCall, fs_http_call_unref)

/* A response as received, whatever its status. */
struct _FsHttpResponse
{
  guint               status;
  char               *url;
  char               *content_type;
  char               *request_id;
  guint               retry_after;  /* seconds, 0 when absent */
  SoupMessageHeaders *headers;
  GBytes             *body;
  goffset             body_length;  /* bytes of body received, kept or streamed */
  gboolean            streamed;     /* the body went to the call's body stream */
  gint64              elapsed_us;   /* the last attempt */
  guint               attempts;
};

GType           fs_http_response_get_type  (void) G_GNUC_CONST;
#define FS_TYPE_HTTP_RESPONSE (fs_http_response_get_type ())
FsHttpResponse *fs_http_response_ref       (FsHttpResponse *response);
void            fs_http_response_unref     (FsHttpResponse *response);
gboolean        fs_http_response_is_success (FsHttpResponse *response);
JsonNode       *fs_http_response_parse_json (FsHttpResponse *response,
                                             GError        **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FsHttpResponse, fs_http_response_unref)

/* Retry policy, pure so it can be tested: whether a status (0 = the
 * connection dropped) is worth another attempt, and how long to wait
 * before attempt @attempt (1-based) given Retry-After and a jitter in
 * [0, 1). */
gboolean        fs_http_status_is_retryable (guint   status);
guint           fs_http_backoff_ms          (guint   attempt,
                                             guint   retry_after_s,
                                             double  jitter);

/* Whether the host of @url is a loopback address or name. */
gboolean        fs_http_url_is_loopback     (const char *url);
/* Remote base URLs must be https://; http:// only for loopback. */
gboolean        fs_http_check_base_url      (const char *url,
                                             GError    **error);

#define FS_TYPE_HTTP (fs_http_get_type ())
G_DECLARE_FINAL_TYPE (FsHttp, fs_http, FS, HTTP, GObject)

/* Emits "retrying" (call, attempt, max, delay_ms, status) before each
 * retry so fronts can say "Rate limited; retrying in 4 s (2 of 2)". */
FsHttp         *fs_http_new                 (void);
FsHttp         *fs_http_get_default         (void);
SoupSession    *fs_http_get_session         (FsHttp        *self);
/* Sends @call, retrying 429/5xx/dropped connections as the call allows.
 * Any HTTP status is a successful finish; errors are transport failures
 * after retries (FS_ERROR_FAILED), the time limit (FS_ERROR_TIMEOUT) or
 * cancellation (G_IO_ERROR_CANCELLED). */
void            fs_http_send_async          (FsHttp        *self,
                                             FsHttpCall    *call,
                                             GCancellable  *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer       user_data);
FsHttpResponse *fs_http_send_finish         (FsHttp        *self,
                                             GAsyncResult  *result,
                                             GError       **error);

/* The call as a curl command line; the key appears only as
 * @key_variable (e.g. "$BFL_API_KEY"), a multipart body as -F parts. */
char           *fs_http_call_to_curl        (FsHttpCall  *call,
                                             const char  *key_variable);

G_END_DECLS
