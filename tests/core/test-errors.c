/* test-errors.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <string.h>

#include "fs-api-error.h"
#include "fs-error.h"

/* The cap fs-error.c puts on messages, plus room for the ellipsis and the
 * "(an HTML page …)" or "(… of binary data)" wording around an excerpt. */
#define MESSAGE_LIMIT 420

static FsApiError *
parse_text (guint       status,
            const char *content_type,
            const char *body)
{
  g_autoptr(GBytes) bytes = NULL;

  if (body != NULL)
    bytes = g_bytes_new (body, strlen (body));

  return fs_api_error_parse (status, content_type, bytes);
}

/* A message must fit on one line of a toast or a terminal, whatever came
 * over the wire. */
static void
assert_printable_line (const char *message)
{
  g_assert_nonnull (message);
  g_assert_true (g_utf8_validate (message, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (message, -1), >, 0);
  g_assert_cmpuint (g_utf8_strlen (message, -1), <=, MESSAGE_LIMIT);

  for (const char *p = message; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0xFFFD || !g_unichar_isprint (c))
        g_test_message ("U+%04X is not printable in “%s”", c, message);
      g_assert_true (g_unichar_isprint (c));
      g_assert_true (c != 0xFFFD);
    }
}

static void
assert_shape (guint        status,
              const char  *content_type,
              const char  *body,
              const char  *message,
              const char  *code)
{
  g_autoptr(FsApiError) error = parse_text (status, content_type, body);

  g_assert_cmpuint (error->status, ==, status);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpstr (error->code, ==, code);
  g_assert_null (error->request_id);
  g_assert_cmpuint (error->retry_after, ==, 0);
  assert_printable_line (error->message);
}

static void
test_quark (void)
{
  g_assert_cmpstr (g_quark_to_string (FS_ERROR), ==, "fs-error-quark");
}

static void
test_openai_shapes (void)
{
  assert_shape (401, "application/json",
                "{\"error\":{\"message\":\"Incorrect API key provided.\","
                "\"type\":\"invalid_request_error\",\"param\":null,"
                "\"code\":\"invalid_api_key\"}}",
                "Incorrect API key provided.", "invalid_api_key");
  /* A null code falls back to the type, which says more than nothing. */
  assert_shape (400, "application/json",
                "{\"error\":{\"code\":null,\"message\":\"Your request was rejected "
                "as a result of our safety system. \",\"param\":null,"
                "\"type\":\"invalid_request_error\"}}",
                "Your request was rejected as a result of our safety system.",
                "invalid_request_error");
  assert_shape (400, "application/json",
                "{\"error\":{\"code\":400,\"message\":\"bad size\"}}",
                "bad size", "400");
  assert_shape (500, "application/json; charset=utf-8",
                "{\"error\":{\"code\":null,\"message\":\"The server had an error "
                "while processing your request\"}}",
                "The server had an error while processing your request", NULL);
}

static void
test_apiyi_shapes (void)
{
  assert_shape (422, "application/json",
                "{\"error\":{\"code\":422,\"message\":"
                "\"map[Moderation Reasons:[Safety Filter]]\"}}",
                "Moderation: Safety Filter", "422");
  assert_shape (422, "application/json",
                "{\"error\":{\"code\":422,\"message\":"
                "\"map[Moderation Reasons:[Safety Filter Derivative Works] foo:bar]\"}}",
                "Moderation: Safety Filter Derivative Works", "422");
  assert_shape (400, "application/json",
                "{\"status_code\":400,\"error\":{\"message\":\"Your request was "
                "rejected by the safety system. request ID abc\",\"type\":"
                "\"shell_api_error\",\"code\":\"moderation_blocked\"}}",
                "Your request was rejected by the safety system. request ID abc",
                "moderation_blocked");
}

static void
test_flat_shapes (void)
{
  assert_shape (401, NULL, "{\"error\":\"Invalid API key\"}",
                "Invalid API key", NULL);
  assert_shape (429, "application/json",
                "{\"error\":\"rate_limit_exceeded\",\"message\":\"Too many "
                "concurrent requests\",\"retry_after\":5}",
                "Too many concurrent requests", "rate_limit_exceeded");
  assert_shape (500, "application/json",
                "{\"message\":\"Internal server error\"}",
                "Internal server error", NULL);
  assert_shape (400, "application/json",
                "{\"code\":\"E42\",\"message\":\"No such model\"}",
                "No such model", "E42");
  assert_shape (400, "application/json", "\"just a string\"",
                "just a string", NULL);
}

static void
test_bfl_shapes (void)
{
  assert_shape (403, "application/json",
                "{\"detail\":\"Not authenticated - Invalid Authentication\"}",
                "Not authenticated - Invalid Authentication", NULL);
  assert_shape (402, "application/json", "{\"detail\":\"Insufficient credits\"}",
                "Insufficient credits", NULL);
  assert_shape (422, "application/json",
                "{\"detail\":[{\"loc\":[\"body\",\"width\"],\"msg\":\"Input should "
                "be a multiple of 16\",\"type\":\"value_error\",\"input\":1000,"
                "\"ctx\":{\"multiple_of\":16}},{\"loc\":[\"body\",\"input_image\",0],"
                "\"msg\":\"Invalid image\",\"type\":\"value_error\"}]}",
                "body.width: Input should be a multiple of 16; "
                "body.input_image.0: Invalid image", "value_error");
  assert_shape (422, "application/json", "{\"detail\":[]}",
                "{\"detail\":[]}", NULL);
}

static void
test_html (void)
{
  g_autoptr(FsApiError) nginx = NULL;
  g_autoptr(FsApiError) cloudflare = NULL;
  g_autoptr(FsApiError) heading = NULL;
  g_autoptr(FsApiError) bare = NULL;

  nginx = parse_text (502, "text/html",
                      "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
                      "<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n"
                      "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
  g_assert_true (g_str_has_prefix (nginx->message, "502 Bad Gateway ("));
  g_assert_nonnull (strstr (nginx->message, "proxy"));
  g_assert_null (nginx->code);
  assert_printable_line (nginx->message);

  /* Served as JSON by a misconfigured gateway, upper-case tags, entities. */
  cloudflare = parse_text (524, "application/json",
                           "  <!DOCTYPE html><HTML><HEAD><TITLE>api.example.com | "
                           "524: A timeout occurred &amp; &#8230; &#x41;</TITLE>"
                           "</HEAD><BODY>x</BODY></HTML>");
  g_assert_true (g_str_has_prefix (cloudflare->message,
                                   "api.example.com | 524: A timeout occurred & … A ("));

  heading = parse_text (503, NULL,
                        "<html><head><style>h1 { color: red }</style>"
                        "<script>var secret = 1;</script></head>"
                        "<body><h1>Service\n  Unavailable</h1></body></html>");
  g_assert_true (g_str_has_prefix (heading->message, "Service Unavailable ("));

  bare = parse_text (502, "text/html",
                     "<div><script>alert(1)</script><p>Upstream &lt;down&gt;</p>");
  g_assert_true (g_str_has_prefix (bare->message, "Upstream <down> ("));
  g_assert_null (strstr (bare->message, "alert"));
}

static void
test_plain_text (void)
{
  assert_shape (404, "text/plain", "Finetune not found or not ready\n",
                "Finetune not found or not ready", NULL);
  assert_shape (500, NULL, "  line one\r\n\tline two  ",
                "line one line two", NULL);
}

static void
test_empty (void)
{
  g_autoptr(FsApiError) null_body = parse_text (502, NULL, NULL);
  g_autoptr(FsApiError) empty = parse_text (503, "application/json", "");
  g_autoptr(FsApiError) blank = parse_text (500, "text/plain", " \r\n\t ");
  g_autoptr(FsApiError) nothing = parse_text (0, NULL, NULL);

  g_assert_cmpstr (null_body->message, ==, "Bad Gateway, with an empty response");
  g_assert_cmpuint (null_body->status, ==, 502);
  g_assert_cmpstr (empty->message, ==, "Service Unavailable, with an empty response");
  g_assert_cmpstr (blank->message, ==, "Internal Server Error, with an empty response");
  g_assert_cmpstr (nothing->message, ==, "no response from the server");
  g_assert_null (nothing->code);
}

static void
test_truncated_json (void)
{
  g_autoptr(FsApiError) cut = NULL;
  g_autoptr(FsApiError) escaped = NULL;
  g_autoptr(FsApiError) complete = NULL;
  g_autoptr(FsApiError) braces = NULL;

  cut = parse_text (401, "application/json",
                    "{\"error\":{\"message\":\"Invalid tok");
  g_assert_cmpstr (cut->message, ==, "Invalid tok…");

  escaped = parse_text (400, "application/json",
                        "{\"detail\":\"say \\\"hi\\\"\\u00e9\\n\\ud800 and");
  g_assert_cmpstr (escaped->message, ==, "say \"hi\"é and…");

  complete = parse_text (400, "application/json",
                         "{\"error\":\"rate_limit_exceeded\",\"message\":\"Slow down\",");
  g_assert_cmpstr (complete->message, ==, "Slow down");

  braces = parse_text (500, "application/json", "{\"error\": {");
  g_assert_cmpstr (braces->message, ==, "{\"error\": {");
}

static void
test_control_characters (void)
{
  g_autoptr(FsApiError) error = NULL;
  g_autoptr(FsApiError) nul = NULL;
  g_autoptr(FsApiError) bidi = NULL;

  error = parse_text (400, "application/json",
                      "{\"message\":\"one\\ntwo\\u001b[31m\\tthree\\u007f\"}");
  g_assert_cmpstr (error->message, ==, "one two [31m three");
  assert_printable_line (error->message);

  /* A right-to-left override would make the rest of the line read
   * backwards in a terminal or a toast. */
  bidi = parse_text (400, "text/plain",
                     "Invalid model \u202Ehello world\u202C, use flux-2-pro\u200B.");
  g_assert_cmpstr (bidi->message, ==, "Invalid model hello world , use flux-2-pro .");

  /* json-glib ends strings at an escaped NUL; what comes before it stays. */
  nul = parse_text (400, "application/json", "{\"message\":\"one\\u0000two\"}");
  g_assert_cmpstr (nul->message, ==, "one");
}

/* A key a gateway echoes back must not reach logs or the screen. */
static void
test_key_redaction (void)
{
  assert_shape (401, "application/json",
                "{\"error\":{\"message\":\"Invalid token: sk-AbCdEf0123456789xyzW "
                "(request id sk-1)\",\"code\":\"invalid_api_key\"}}",
                "Invalid token: sk-…xyzW (request id sk-1)", "invalid_api_key");
  assert_shape (401, "application/json",
                "{\"error\":{\"message\":\"Incorrect API key provided: "
                "sk-proj-****************************abcd.\"}}",
                "Incorrect API key provided: sk-…abcd.", NULL);
  assert_shape (400, NULL, "task-sk-0123456789abcdef stays",
                "task-sk-0123456789abcdef stays", NULL);
}

static void
assert_garbage_survives (const guint8 *data,
                         gsize         len,
                         const char   *content_type)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  g_autoptr(FsApiError) error = fs_api_error_parse (500, content_type, bytes);

  assert_printable_line (error->message);
  g_assert_true (error->code == NULL || g_utf8_validate (error->code, -1, NULL));
}

static void
test_random_bytes (void)
{
  static const char * const types[] = { NULL, "application/json", "text/html", "text/plain" };
  static const char starts[] = { '{', '[', '<', '"', 'x', '\0' };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260401);

  for (guint i = 0; i < 2000; i++)
    {
      gsize len = g_rand_int_range (rand, 1, 3000);
      g_autofree guint8 *data = g_malloc (len);

      for (gsize j = 0; j < len; j++)
        data[j] = (guint8) g_rand_int_range (rand, 0, 256);
      data[0] = starts[i % G_N_ELEMENTS (starts)];
      assert_garbage_survives (data, len, types[i % G_N_ELEMENTS (types)]);
    }
}

static void
test_binary_body (void)
{
  static const guint8 png[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (png, sizeof png);
  g_autoptr(FsApiError) error = fs_api_error_parse (500, "image/png", bytes);

  g_assert_true (g_str_has_prefix (error->message, "an unreadable response ("));
  assert_printable_line (error->message);
}

static void
test_deep_nesting (void)
{
  const gsize depth = 1000000;
  g_autoptr(GString) arrays = g_string_new (NULL);
  g_autoptr(GString) objects = g_string_new (NULL);
  g_autoptr(FsApiError) error = NULL;
  g_autoptr(FsApiError) nested = NULL;

  for (gsize i = 0; i < depth; i++)
    g_string_append_c (arrays, '[');
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (arrays, ']');
  assert_garbage_survives ((const guint8 *) arrays->str, arrays->len, "application/json");

  /* Too deep to hand to the parser, but the message is still found. */
  for (gsize i = 0; i < 10000; i++)
    g_string_append (objects, "{\"a\":");
  g_string_append (objects, "{\"message\":\"deep\"");
  error = parse_text (500, "application/json", objects->str);
  g_assert_cmpstr (error->message, ==, "deep");

  /* Moderate nesting is ordinary JSON and is parsed properly. */
  nested = parse_text (400, NULL, "[[{\"error\":{\"message\":\"inner\"}}]]");
  g_assert_cmpstr (nested->message, ==, "inner");
}

static void
test_huge_body (void)
{
  const gsize size = 32 * 1024 * 1024;
  g_autofree char *text = g_malloc (size + 1);
  g_autoptr(GString) json = g_string_new ("{\"error\":{\"message\":\"");
  g_autoptr(FsApiError) plain = NULL;
  g_autoptr(FsApiError) error = NULL;
  g_autoptr(FsApiError) tail = NULL;

  memset (text, 'x', size);
  text[size] = '\0';
  plain = parse_text (500, "text/plain", text);
  g_assert_true (g_str_has_suffix (plain->message, "…"));
  assert_printable_line (plain->message);

  g_string_append_len (json, text, 1024 * 1024);
  g_string_append (json, "\"}}");
  error = parse_text (400, "application/json", json->str);
  g_assert_true (g_str_has_prefix (error->message, "xxxx"));
  assert_printable_line (error->message);

  /* A big but valid body with the message at the end. */
  g_string_assign (json, "{\"padding\":\"");
  g_string_append_len (json, text, 100 * 1024);
  g_string_append (json, "\",\"message\":\"found\"}");
  tail = parse_text (400, "application/json", json->str);
  g_assert_cmpstr (tail->message, ==, "found");
}

typedef struct
{
  guint        status;
  const char  *body;
  FsErrorCode  expected;
} ClassifyCase;

static void
test_classify (void)
{
  static const ClassifyCase cases[] = {
    { 400, "{\"error\":{\"message\":\"bad size\"}}", FS_ERROR_REFUSED },
    { 401, "{\"detail\":\"Invalid token\"}", FS_ERROR_REFUSED },
    { 402, "{\"detail\":\"Insufficient credits\"}", FS_ERROR_REFUSED },
    { 403, "{\"detail\":\"Not authenticated - Invalid Authentication\"}",
      FS_ERROR_REFUSED },
    { 404, "Finetune not found or not ready", FS_ERROR_REFUSED },
    { 422, "{\"detail\":[{\"loc\":[\"body\",\"width\"],\"msg\":\"m\"}]}",
      FS_ERROR_REFUSED },
    { 413, "Request Entity Too Large", FS_ERROR_REFUSED },
    { 400, "{\"error\":{\"message\":\"Invalid value for 'moderation': expected "
           "'low' or 'auto'.\",\"param\":\"moderation\"}}", FS_ERROR_REFUSED },
    { 422, "{\"error\":{\"code\":422,\"message\":"
           "\"map[Moderation Reasons:[Safety Filter]]\"}}", FS_ERROR_MODERATED },
    { 400, "{\"error\":{\"message\":\"no\",\"code\":\"moderation_blocked\"}}",
      FS_ERROR_MODERATED },
    { 400, "{\"error\":{\"message\":\"no\",\"code\":\"content_policy_violation\"}}",
      FS_ERROR_MODERATED },
    { 400, "{\"error\":{\"code\":null,\"message\":\"Your request was rejected as "
           "a result of our safety system.\",\"type\":\"invalid_request_error\"}}",
      FS_ERROR_MODERATED },
    { 403, "{\"detail\":\"Request Moderated\"}", FS_ERROR_MODERATED },
    { 408, NULL, FS_ERROR_TIMEOUT },
    { 429, "{\"error\":\"rate_limit_exceeded\",\"message\":\"Too many\"}",
      FS_ERROR_FAILED },
    { 500, "{\"message\":\"Internal server error\"}", FS_ERROR_FAILED },
    /* Moderation wording in a 5xx is the provider's trouble, not a verdict. */
    { 500, "{\"error\":{\"message\":\"moderation service down\"}}",
      FS_ERROR_FAILED },
    { 502, "<html><title>502 Bad Gateway</title></html>", FS_ERROR_FAILED },
    { 503, NULL, FS_ERROR_FAILED },
    { 504, NULL, FS_ERROR_FAILED },
    { 0, NULL, FS_ERROR_FAILED },
    { 200, "{}", FS_ERROR_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FsApiError) error = NULL;

      error = parse_text (cases[i].status, NULL, cases[i].body);
      g_test_message ("case %u: HTTP %u", i, cases[i].status);
      g_assert_cmpint (fs_api_error_classify (error), ==, cases[i].expected);
    }
}

static GError *
gerror_for (guint       status,
            const char *body,
            const char *request_id,
            guint       retry_after,
            const char *provider)
{
  g_autoptr(FsApiError) error = parse_text (status, "application/json", body);

  error->request_id = g_strdup (request_id);
  error->retry_after = retry_after;

  return fs_api_error_to_gerror (error, provider);
}

static void
test_gerror_refused (void)
{
  g_autoptr(GError) error = gerror_for (401, "{\"detail\":\"Invalid token.\"}",
                                        "req-12", 0, "Black Forest Labs");

  g_assert_error (error, FS_ERROR, FS_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==,
                   "Black Forest Labs refused the request (HTTP 401): Invalid token. "
                   "Check the API key in Preferences. Request id: req-12.");
}

static void
test_gerror_moderated (void)
{
  g_autoptr(GError) go_map = NULL;
  g_autoptr(GError) openai = NULL;

  go_map = gerror_for (422, "{\"error\":{\"code\":422,\"message\":"
                       "\"map[Moderation Reasons:[Safety Filter]]\"}}",
                       "abc-1", 0, "APIYI");
  g_assert_error (go_map, FS_ERROR, FS_ERROR_MODERATED);
  g_assert_cmpstr (go_map->message, ==,
                   "APIYI blocked this prompt (moderation: Safety Filter; HTTP 422). "
                   "Nothing was charged. Reword the prompt or change the reference "
                   "images. Request id: abc-1.");

  openai = gerror_for (400, "{\"error\":{\"message\":\"Rejected by the safety "
                       "system.\",\"code\":\"moderation_blocked\"}}", NULL, 0, "APIYI");
  g_assert_error (openai, FS_ERROR, FS_ERROR_MODERATED);
  g_assert_true (g_str_has_prefix (openai->message,
                                   "APIYI blocked this prompt (HTTP 400: Rejected "
                                   "by the safety system). Nothing was charged."));
}

static void
test_gerror_failures (void)
{
  g_autoptr(GError) limited = NULL;
  g_autoptr(GError) limited_plain = NULL;
  g_autoptr(GError) server = NULL;
  g_autoptr(GError) offline = NULL;
  g_autoptr(GError) timeout = NULL;
  g_autoptr(GError) credits = NULL;

  limited = gerror_for (429, "{\"error\":\"rate_limit_exceeded\",\"message\":"
                        "\"Too many concurrent requests\"}", "r-9", 4, "APIYI");
  g_assert_error (limited, FS_ERROR, FS_ERROR_FAILED);
  g_assert_cmpstr (limited->message, ==,
                   "APIYI rate-limited the request (HTTP 429): Too many concurrent "
                   "requests. "
                   "Try again in 4 seconds. Request id: r-9.");

  limited_plain = gerror_for (429, NULL, NULL, 0, "Monica");
  g_assert_true (g_str_has_prefix (limited_plain->message,
                                   "Monica rate-limited the request (HTTP 429): Too "
                                   "Many Requests, with an empty response. Wait a "
                                   "minute"));

  server = gerror_for (502, NULL, NULL, 0, "APIYI");
  g_assert_error (server, FS_ERROR, FS_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (server->message,
                                   "APIYI had a server error (HTTP 502): Bad Gateway, "
                                   "with an empty response. "));

  offline = gerror_for (0, NULL, NULL, 0, "Black Forest Labs");
  g_assert_error (offline, FS_ERROR, FS_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (offline->message,
                                   "Black Forest Labs could not be reached: no "
                                   "response from the server. Check the network"));

  timeout = gerror_for (408, NULL, NULL, 0, "Monica");
  g_assert_error (timeout, FS_ERROR, FS_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (timeout->message, "HTTP 408"));

  credits = gerror_for (402, "{\"detail\":\"Insufficient credits\"}", NULL, 0, "Black Forest Labs");
  g_assert_nonnull (strstr (credits->message, "out of credits"));
  g_assert_null (strstr (credits->message, "Request id"));
}

/* Without a name, every message still reads as a sentence that starts
 * with "The provider". */
static void
test_gerror_without_provider (void)
{
  static const guint statuses[] = { 0, 400, 401, 402, 404, 408, 422, 429, 500, 503 };
  g_autoptr(GError) error = gerror_for (403, "{\"detail\":\"Forbidden\"}", NULL, 0, NULL);
  g_autoptr(GError) empty = gerror_for (403, "{\"detail\":\"Forbidden\"}", NULL, 0, "");

  g_assert_true (g_str_has_prefix (error->message,
                                   "The provider refused the request (HTTP 403)"));
  g_assert_cmpstr (error->message, ==, empty->message);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(GError) other = gerror_for (statuses[i], NULL, NULL, 0, NULL);

      g_assert_true (g_str_has_prefix (other->message, "The provider "));
    }
}

/* Every shape, once turned into a GError, must still be one line that
 * carries the status and the request id. */
static void
test_gerror_every_shape (void)
{
  static const char * const bodies[] = {
    NULL, "", "{\"detail\":\"x\"}", "<html><title>\nBad\n</title></html>",
    "{\"error\":{\"message\":\"a\\nb\"}}", "\x01\x02\x03\xff\xfe", "{\"error\":",
    "plain\ntext\n",
  };
  static const guint statuses[] = { 0, 400, 401, 402, 403, 404, 408, 422, 429, 500, 502, 503, 504 };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    for (guint j = 0; j < G_N_ELEMENTS (statuses); j++)
      {
        g_autoptr(GError) error = gerror_for (statuses[j], bodies[i], "id-77", 0, "BFL");
        g_autofree char *status = g_strdup_printf ("HTTP %u", statuses[j]);

        g_assert_true (error->domain == FS_ERROR);
        g_assert_null (strchr (error->message, '\n'));
        g_assert_nonnull (strstr (error->message, "Request id: id-77."));
        g_assert_nonnull (strstr (error->message, "BFL"));
        if (statuses[j] != 0)
          g_assert_nonnull (strstr (error->message, status));
      }
}

static void
test_exit_status (void)
{
  static const struct { FsErrorCode code; int status; } table[] = {
    { FS_ERROR_INVALID, 2 }, { FS_ERROR_NO_KEY, 2 }, { FS_ERROR_CATALOG, 2 },
    { FS_ERROR_REFUSED, 3 }, { FS_ERROR_MODERATED, 3 },
    { FS_ERROR_FAILED, 4 }, { FS_ERROR_TIMEOUT, 4 }, { FS_ERROR_EXPIRED, 4 },
    { FS_ERROR_NOT_IMAGE, 4 }, { FS_ERROR_STORAGE, 4 },
  };
  g_autoptr(GError) io = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "x");
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");
  g_autoptr(GError) other = g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_NOSPC, "x");

  g_assert_cmpint (fs_error_exit_status (NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (FS_ERROR, table[i].code, "x");

      g_assert_cmpint (fs_error_exit_status (error), ==, table[i].status);
    }
  g_assert_cmpint (fs_error_exit_status (io), ==, 4);
  g_assert_cmpint (fs_error_exit_status (cancelled), ==, 4);
  g_assert_cmpint (fs_error_exit_status (other), ==, 4);
}

static void
test_free_null (void)
{
  fs_api_error_free (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/errors/quark", test_quark);
  g_test_add_func ("/errors/parse/openai", test_openai_shapes);
  g_test_add_func ("/errors/parse/apiyi", test_apiyi_shapes);
  g_test_add_func ("/errors/parse/flat", test_flat_shapes);
  g_test_add_func ("/errors/parse/bfl", test_bfl_shapes);
  g_test_add_func ("/errors/parse/html", test_html);
  g_test_add_func ("/errors/parse/plain-text", test_plain_text);
  g_test_add_func ("/errors/parse/empty", test_empty);
  g_test_add_func ("/errors/parse/truncated-json", test_truncated_json);
  g_test_add_func ("/errors/parse/control-characters", test_control_characters);
  g_test_add_func ("/errors/parse/key-redaction", test_key_redaction);
  g_test_add_func ("/errors/parse/random-bytes", test_random_bytes);
  g_test_add_func ("/errors/parse/binary", test_binary_body);
  g_test_add_func ("/errors/parse/deep-nesting", test_deep_nesting);
  g_test_add_func ("/errors/parse/huge", test_huge_body);
  g_test_add_func ("/errors/classify", test_classify);
  g_test_add_func ("/errors/gerror/refused", test_gerror_refused);
  g_test_add_func ("/errors/gerror/moderated", test_gerror_moderated);
  g_test_add_func ("/errors/gerror/failures", test_gerror_failures);
  g_test_add_func ("/errors/gerror/no-provider", test_gerror_without_provider);
  g_test_add_func ("/errors/gerror/every-shape", test_gerror_every_shape);
  g_test_add_func ("/errors/exit-status", test_exit_status);
  g_test_add_func ("/errors/free-null", test_free_null);

  return g_test_run ();
}
