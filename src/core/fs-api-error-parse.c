/* fs-api-error-parse.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fs-api-error-private.h"

/* Reads whatever a provider sent with a failure into one printable line:
 * this file sniffs the body's shape and cleans text; JSON bodies are read
 * in fs-api-error-json.c and HTML pages in fs-api-error-html.c. */

/* A message is shown on one line in a toast or a terminal: anything longer
 * than this is an excerpt. */
#define MESSAGE_MAX_CHARS 300

/* A body is "binary" when more than one character in this many is a
 * control character or not UTF-8 at all. */
#define BINARY_RATIO 10

/* Text helpers ---------------------------------------------------------- */

/* Not UTF-8, control, format (bidi overrides could make a message read
 * backwards), unassigned or private: nothing a person should be shown. */
static gboolean
is_junk_char (gunichar c)
{
  return c == 0xFFFD || (!g_unichar_isprint (c) && !g_unichar_isspace (c)) ||
         g_unichar_type (c) == G_UNICODE_PRIVATE_USE;
}

/* Turns any bytes into one printable line: invalid UTF-8 and unprintable
 * characters become spaces, runs of white space collapse, and the result
 * is capped with an ellipsis. NULL when nothing printable is left. */
char *
_fs_api_error_clean_text (const char *text,
                          gsize       len)
{
  g_autofree char *valid = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean pending_space = FALSE;
  guint n_chars = 0;
  const char *p;

  valid = g_utf8_make_valid (text, MIN (len, SNIFF_MAX_BYTES));
  for (p = valid;
       *p != '\0' && n_chars < MESSAGE_MAX_CHARS;
       p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || is_junk_char (c))
        {
          pending_space = out->len > 0;
          continue;
        }
      if (pending_space)
        {
          g_string_append_c (out, ' ');
          n_chars++;
          pending_space = FALSE;
        }
      g_string_append_unichar (out, c);
      n_chars++;
    }

  if (out->len == 0)
    return NULL;
  if (*p != '\0' || len > SNIFF_MAX_BYTES)
    g_string_append (out, "…");

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
looks_binary (const char *data,
              gsize       len)
{
  g_autofree char *valid = g_utf8_make_valid (data, MIN (len, 4096));
  guint n_chars = 0;
  guint n_junk = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      n_chars++;
      if (is_junk_char (g_utf8_get_char (p)))
        n_junk++;
    }

  return n_junk * BINARY_RATIO > n_chars;
}

/* libsoup's table lacks several statuses APIs use (429 among them), and
 * proxies add their own (Cloudflare's 52x). */
static const char *
status_phrase (guint status)
{
  static const struct { guint status; const char *phrase; } phrases[] = {
    { 400, "Bad Request" }, { 401, "Unauthorized" },
    { 402, "Payment Required" }, { 403, "Forbidden" }, { 404, "Not Found" },
    { 405, "Method Not Allowed" },
    { 408, "Request Timeout" }, { 409, "Conflict" }, { 410, "Gone" },
    { 413, "Content Too Large" }, { 415, "Unsupported Media Type" },
    { 422, "Unprocessable Content" }, { 429, "Too Many Requests" },
    { 500, "Internal Server Error" }, { 501, "Not Implemented" },
    { 502, "Bad Gateway" }, { 503, "Service Unavailable" },
    { 504, "Gateway Timeout" }, { 520, "Unknown Error" },
    { 521, "Web Server Is Down" }, { 522, "Connection Timed Out" },
    { 523, "Origin Is Unreachable" }, { 524, "A Timeout Occurred" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (phrases); i++)
    {
      if (phrases[i].status == status)
        return phrases[i].phrase;
    }

  return NULL;
}

/* Text bodies that are not JSON or HTML: shown as an excerpt, unless they
 * are binary, which nobody can read. */
static char *
text_excerpt (const char *data,
              gsize       len)
{
  g_autofree char *size = NULL;

  if (!looks_binary (data, len))
    return _fs_api_error_clean_text (data, len);

  size = g_format_size (len);
  /* Translators: %s is a size such as "2.1 kB" */
  return g_strdup_printf (_("an unreadable response (%s of binary data)"),
                          size);
}

/* APIYI passes BFL's moderation details on as a printed Go map,
 * "map[Moderation Reasons:[Safety Filter]]": say it the way people do. */
static char *
humanize_moderation (char *message)
{
  const char *marker = "Moderation Reasons:";
  const char *start = strstr (message, marker);
  g_autofree char *reasons = NULL;
  const char *end;

  if (start == NULL)
    return message;

  start += strlen (marker);
  while (*start == ' ')
    start++;
  if (*start == '[')
    end = strchr (++start, ']');
  else
    end = start + strcspn (start, " ]");
  if (end == NULL)
    end = start + strlen (start);

  reasons = g_strstrip (g_strndup (start, end - start));
  g_free (message);
  if (*reasons == '\0')
    return g_strdup ("Moderation");

  return g_strdup_printf ("Moderation: %s", reasons);
}

static gboolean
is_key_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '*';
}

/* Some gateways echo a rejected key back in full ("Invalid token:
 * sk-…"). Messages end up in logs, toasts and sidecars, where keys must
 * never go (docs/ARCHITECTURE.md, “Keys and hosts”), so only the last
 * four characters stay: enough to tell which key it was. */
static char *
redact_keys (char *message)
{
  g_autoptr(GString) out = NULL;
  const char *p = message;
  const char *hit;

  if (strstr (message, "sk-") == NULL)
    return message;

  out = g_string_new (NULL);
  while ((hit = strstr (p, "sk-")) != NULL)
    {
      const char *end = hit + 3;

      while (is_key_char (*end))
        end++;
      g_string_append_len (out, p, hit - p);
      if (end - hit >= 3 + 12 && (hit == message || !is_key_char (hit[-1])))
        g_string_append_printf (out, "sk-…%.4s", end - 4);
      else
        g_string_append_len (out, hit, end - hit);
      p = end;
    }
  g_string_append (out, p);
  g_free (message);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Parsing --------------------------------------------------------------- */

static gboolean
looks_like_html (const char *content_type,
                 const char *data)
{
  g_autofree char *type = NULL;

  type = g_ascii_strdown (content_type ? content_type : "", -1);

  return data[0] == '<' || strstr (type, "html") != NULL;
}

static void
skip_leading_space (const char **data,
                    gsize       *len)
{
  if (*len >= 3 && memcmp (*data, "\xEF\xBB\xBF", 3) == 0)
    {
      *data += 3;
      *len -= 3;
    }
  while (*len > 0 && g_ascii_isspace (**data))
    {
      (*data)++;
      (*len)--;
    }
}

static char *
message_from_body (const char  *content_type,
                   const char  *data,
                   gsize        len,
                   char       **code)
{
  char *message = NULL;

  if (data[0] == '{' || data[0] == '[' || data[0] == '"')
    message = _fs_api_error_json_message (data, len, code);
  else if (looks_like_html (content_type, data))
    message = _fs_api_error_html_message (data, len);

  if (message == NULL)
    message = text_excerpt (data, len);

  return message;
}

static char *
empty_body_message (guint status)
{
  const char *phrase = status_phrase (status);

  if (status == 0)
    return g_strdup (_("no response from the server"));
  if (phrase == NULL)
    return g_strdup (_("an empty response"));

  /* Translators: %s is an HTTP reason phrase such as "Bad Gateway" */
  return g_strdup_printf (_("%s, with an empty response"), phrase);
}

/**
 * fs_api_error_parse:
 * @status: the HTTP status, 0 when there was no response
 * @content_type: (nullable): the response's Content-Type
 * @body: (nullable): the response body
 *
 * Reads whatever a provider sent with a failure: OpenAI-style, APIYI,
 * FastAPI (BFL), plain text, HTML from a proxy, nothing, or garbage. Never
 * fails: the message is always a printable, length-capped line. The
 * request id and Retry-After are the HTTP layer's to fill in.
 */
FsApiError *
fs_api_error_parse (guint       status,
                    const char *content_type,
                    GBytes     *body)
{
  FsApiError *self = g_new0 (FsApiError, 1);
  const char *data = NULL;
  gsize len = 0;

  self->status = status;
  if (body != NULL)
    data = g_bytes_get_data (body, &len);
  if (data != NULL)
    skip_leading_space (&data, &len);

  if (len > 0)
    self->message = message_from_body (content_type, data, len, &self->code);
  if (self->message == NULL)
    self->message = empty_body_message (status);
  self->message = redact_keys (humanize_moderation (self->message));

  return self;
}

void
fs_api_error_free (FsApiError *error)
{
  if (error == NULL)
    return;

  g_free (error->message);
  g_free (error->code);
  g_free (error->request_id);
  g_free (error);
}
