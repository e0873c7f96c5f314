/* fs-error.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "fs-error.h"

/* A message is shown on one line in a toast or a terminal: anything longer
 * than this is an excerpt. */
#define MESSAGE_MAX_CHARS 300

/* Only the start of a body is ever looked at: error bodies are small, and a
 * multi-megabyte one is a page or garbage whose first part says enough. */
#define SNIFF_MAX_BYTES (256 * 1024)

/* json-glib's parser recurses once per nesting level, so a hostile "[[[[…"
 * body could exhaust the stack: anything deeper is salvaged by hand. */
#define JSON_MAX_DEPTH 64

/* A body is "binary" when more than one character in this many is a
 * control character or not UTF-8 at all. */
#define BINARY_RATIO 10

G_DEFINE_QUARK (fs-error-quark, fs_error)

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
static char *
clean_text (const char *text,
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
    return clean_text (data, len);

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
 * never go (DESIGN.md section 6), so only the last four characters stay:
 * enough to tell which key it was. */
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

/* JSON ------------------------------------------------------------------ */

static guint
json_depth (const char *data,
            gsize       len)
{
  gboolean in_string = FALSE;
  guint depth = 0;
  guint max_depth = 0;

  for (gsize i = 0; i < len && max_depth <= JSON_MAX_DEPTH; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        max_depth = MAX (max_depth, ++depth);
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return max_depth;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* Codes come as strings, integers (APIYI's 422) or null. */
static char *
node_to_code (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      if (*json_node_get_string (node) == '\0')
        return NULL;
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return NULL;
    }
}

/* FastAPI's "loc": ["body", "input_image", 0] reads as body.input_image.0 */
static void
append_location (GString   *out,
                 JsonArray *loc)
{
  for (guint i = 0; i < json_array_get_length (loc); i++)
    {
      g_autofree char *part = node_to_code (json_array_get_element (loc, i));

      if (part == NULL)
        continue;
      if (i > 0)
        g_string_append_c (out, '.');
      g_string_append (out, part);
    }
}

static void
append_validation_item (GString  *out,
                        JsonNode *item)
{
  JsonObject *object;
  JsonNode *loc;
  const char *msg;

  if (JSON_NODE_HOLDS_VALUE (item) &&
      json_node_get_value_type (item) == G_TYPE_STRING)
    {
      g_string_append (out, json_node_get_string (item));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (item))
    return;

  object = json_node_get_object (item);
  loc = json_object_get_member (object, "loc");
  msg = member_string (object, "msg");
  if (msg == NULL)
    msg = member_string (object, "message");
  if (loc != NULL && JSON_NODE_HOLDS_ARRAY (loc))
    {
      append_location (out, json_node_get_array (loc));
      g_string_append (out, ": ");
    }
  g_string_append (out, msg ? msg : "?");
}

/* Pydantic's [{"loc", "msg", "type"}, …] joined as "body.width: msg; …" */
static char *
join_validation_list (JsonArray  *array,
                      char      **code)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0;
       i < json_array_get_length (array) && out->len < SNIFF_MAX_BYTES;
       i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (out->len > 0)
        g_string_append (out, "; ");
      append_validation_item (out, item);
      if (*code == NULL && JSON_NODE_HOLDS_OBJECT (item))
        *code = g_strdup (member_string (json_node_get_object (item), "type"));
    }

  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static char *
message_from_detail (JsonNode  *detail,
                     char     **code)
{
  if (JSON_NODE_HOLDS_ARRAY (detail))
    return join_validation_list (json_node_get_array (detail), code);
  if (JSON_NODE_HOLDS_OBJECT (detail))
    {
      JsonObject *object = json_node_get_object (detail);
      const char *msg = member_string (object, "message");

      return g_strdup (msg ? msg : member_string (object, "msg"));
    }

  return node_to_code (detail);
}

/* OpenAI's {"error": {"message", "type", "param", "code"}}, where code may be
 * a string, an integer or null and type or param may be missing. */
static char *
message_from_error_object (JsonObject  *error,
                           char       **code)
{
  const char *message = member_string (error, "message");

  *code = node_to_code (json_object_get_member (error, "code"));
  if (*code == NULL)
    *code = g_strdup (member_string (error, "type"));
  if (message == NULL)
    message = member_string (error, "msg");
  if (message == NULL && json_object_has_member (error, "detail"))
    return message_from_detail (json_object_get_member (error, "detail"), code);

  return g_strdup (message ? message : member_string (error, "type"));
}

static char *
message_from_object (JsonObject  *root,
                     char       **code)
{
  JsonNode *error = json_object_get_member (root, "error");
  JsonNode *detail = json_object_get_member (root, "detail");
  const char *message = member_string (root, "message");

  if (error != NULL && JSON_NODE_HOLDS_OBJECT (error))
    return message_from_error_object (json_node_get_object (error), code);

  /* {"error": "rate_limit_exceeded", "message": "…"}: the string is a code
   * when a message comes with it, the message itself otherwise. */
  if (error != NULL && member_string (root, "error") != NULL)
    {
      if (message == NULL)
        return g_strdup (member_string (root, "error"));
      *code = g_strdup (member_string (root, "error"));
    }

  if (message == NULL && detail != NULL)
    return message_from_detail (detail, code);
  if (*code == NULL)
    *code = node_to_code (json_object_get_member (root, "code"));

  if (message == NULL)
    message = member_string (root, "msg");
  if (message == NULL)
    message = member_string (root, "title");

  return g_strdup (message);
}

static char *
message_from_json (JsonNode  *root,
                   char     **code)
{
  if (JSON_NODE_HOLDS_OBJECT (root))
    return message_from_object (json_node_get_object (root), code);

  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);
      JsonNode *first;

      if (json_array_get_length (array) == 0)
        return NULL;
      first = json_array_get_element (array, 0);
      if (JSON_NODE_HOLDS_OBJECT (first) &&
          json_object_has_member (json_node_get_object (first), "loc"))
        return join_validation_list (array, code);

      return message_from_json (first, code);
    }

  return node_to_code (root);
}

/* Appends the character of a \uXXXX escape whose hex digits start at @p.
 * Surrogate halves stand alone here, so they become U+FFFD. */
static gboolean
append_json_unichar (GString    *out,
                     const char *p,
                     const char *end)
{
  gunichar c = 0;

  if (end - p < 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      if (!g_ascii_isxdigit (p[i]))
        return FALSE;
      c = (c << 4) | g_ascii_xdigit_value (p[i]);
    }
  g_string_append_unichar (out, g_unichar_validate (c) ? c : 0xFFFD);

  return TRUE;
}

/* Decodes a JSON string body up to its closing quote or the end of the
 * data; *complete says whether the quote was there. */
static char *
unescape_json_string (const char  *p,
                      const char  *end,
                      gboolean    *complete)
{
  g_autoptr(GString) out = g_string_new (NULL);

  *complete = FALSE;
  while (p < end && *p != '"')
    {
      if (*p != '\\')
        {
          g_string_append_c (out, *p++);
          continue;
        }
      if (++p >= end)
        break;
      switch (*p)
        {
        case 'n': case 'r': case 't': case 'b': case 'f':
          g_string_append_c (out, ' ');
          break;
        case 'u':
          if (!append_json_unichar (out, p + 1, end))
            return g_string_free (g_steal_pointer (&out), FALSE);
          p += 4;
          break;
        default:
          g_string_append_c (out, *p);
          break;
        }
      p++;
    }
  *complete = p < end;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Truncated JSON (a dropped connection, a proxy's size limit) usually still
 * carries the start of its message: pull the first "message": "…" out by
 * hand rather than show raw braces. */
static char *
salvage_json_message (const char *data,
                      gsize       len)
{
  static const char * const keys[] = {
    "\"message\"", "\"msg\"", "\"detail\"", "\"error\"",
  };
  const char *end = data + MIN (len, SNIFF_MAX_BYTES);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *p = g_strstr_len (data, end - data, keys[i]);
      g_autofree char *raw = NULL;
      g_autofree char *clean = NULL;
      gboolean complete;

      if (p == NULL)
        continue;
      for (p += strlen (keys[i]); p < end && g_ascii_isspace (*p); p++);
      if (p >= end || *p++ != ':')
        continue;
      for (; p < end && g_ascii_isspace (*p); p++);
      if (p >= end || *p++ != '"')
        continue;

      raw = unescape_json_string (p, end, &complete);
      clean = clean_text (raw, strlen (raw));
      if (clean == NULL)
        continue;
      if (complete || g_str_has_suffix (clean, "…"))
        return g_steal_pointer (&clean);

      return g_strconcat (clean, "…", NULL);
    }

  return NULL;
}

static char *
parse_json_body (const char  *data,
                 gsize        len,
                 char       **code)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *raw = NULL;

  if (len > SNIFF_MAX_BYTES || json_depth (data, len) > JSON_MAX_DEPTH)
    return salvage_json_message (data, len);

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, len, NULL))
    return salvage_json_message (data, len);

  raw = message_from_json (json_parser_get_root (parser), code);
  if (raw == NULL)
    return NULL;

  return clean_text (raw, strlen (raw));
}

/* HTML ------------------------------------------------------------------ */

static gboolean
looks_like_html (const char *content_type,
                 const char *data)
{
  g_autofree char *type = NULL;

  type = g_ascii_strdown (content_type ? content_type : "", -1);

  return data[0] == '<' || strstr (type, "html") != NULL;
}

/* Reads "#NNN;" or "#xHHH;" at @p; the character, or 0 when it is not a
 * well-formed numeric reference. */
static gunichar
read_numeric_entity (const char  *p,
                     const char  *end,
                     const char **after)
{
  gboolean hex;
  gunichar c = 0;
  guint n_digits = 0;

  if (p >= end || *p++ != '#')
    return 0;
  hex = p < end && (*p == 'x' || *p == 'X');
  if (hex)
    p++;

  for (; p < end && n_digits < 8; p++, n_digits++)
    {
      int digit = hex ? g_ascii_xdigit_value (*p) : g_ascii_digit_value (*p);

      if (digit < 0)
        break;
      c = c * (hex ? 16 : 10) + digit;
    }
  if (n_digits == 0 || p >= end || *p != ';' || !g_unichar_validate (c))
    return 0;

  *after = p + 1;

  return c;
}

/* Decodes the entity at *@pp (which points at '&') and moves past it; an
 * unknown entity is kept as it is. */
static void
append_entity (GString     *out,
               const char **pp,
               const char  *end)
{
  static const struct { const char *name; const char *text; } named[] = {
    { "amp;", "&" }, { "lt;", "<" }, { "gt;", ">" }, { "quot;", "\"" },
    { "apos;", "'" }, { "nbsp;", " " },
  };
  const char *p = *pp + 1;
  gunichar c;

  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    {
      gsize n = strlen (named[i].name);

      if ((gsize) (end - p) >= n && strncmp (p, named[i].name, n) == 0)
        {
          g_string_append (out, named[i].text);
          *pp = p + n;
          return;
        }
    }

  c = read_numeric_entity (p, end, pp);
  if (c != 0)
    {
      g_string_append_unichar (out, c);
      return;
    }

  g_string_append_c (out, '&');
  *pp = p;
}

/* The text of an HTML fragment: tags dropped, scripts and styles skipped,
 * entities decoded. @lower is the fragment in ASCII lower case, so tags are
 * found whatever their case. */
static char *
html_to_text (const char *html,
              const char *lower,
              gsize       len)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *end = html + len;
  const char *p = html;

  while (p < end)
    {
      const char *l = lower + (p - html);
      const char *gt;

      if (*p == '&')
        {
          append_entity (out, &p, end);
          continue;
        }
      if (*p != '<')
        {
          g_string_append_c (out, *p++);
          continue;
        }
      if (g_str_has_prefix (l, "<script") || g_str_has_prefix (l, "<style"))
        l = g_strstr_len (l, end - p,
                          l[2] == 'c' ? "</script" : "</style");
      gt = l ? memchr (l, '>', lower + len - l) : NULL;
      if (gt == NULL)
        break;
      g_string_append_c (out, ' ');
      p = html + (gt - lower) + 1;
    }

  return clean_text (out->str, out->len);
}

/* The text inside the first <@tag …>…</@tag>, or NULL. */
static char *
html_element_text (const char *html,
                   const char *lower,
                   gsize       len,
                   const char *tag)
{
  g_autofree char *open = g_strconcat ("<", tag, NULL);
  g_autofree char *close = g_strconcat ("</", tag, NULL);
  const char *end = lower + len;
  const char *start = lower;
  const char *gt;
  const char *stop;

  while ((start = g_strstr_len (start, end - start, open)) != NULL)
    {
      char next = start[strlen (open)];

      if (next == '>' || g_ascii_isspace (next))
        break;
      start++;
    }
  if (start == NULL || (gt = memchr (start, '>', end - start)) == NULL)
    return NULL;

  stop = g_strstr_len (gt, end - gt, close);
  if (stop == NULL)
    stop = end;

  return html_to_text (html + (gt + 1 - lower), gt + 1, stop - gt - 1);
}

/* Proxies and gateways (nginx, Cloudflare) answer with error pages whose
 * title says it all; say where the page probably came from, since the API
 * itself never sends HTML. */
static char *
html_message (const char *data,
              gsize       len)
{
  static const char * const tags[] = { "title", "h1", "h2", "h3", "message" };
  gsize n = MIN (len, SNIFF_MAX_BYTES);
  g_autofree char *lower = g_malloc (n + 1);
  g_autofree char *text = NULL;

  for (gsize i = 0; i < n; i++)
    lower[i] = g_ascii_tolower (data[i]);
  lower[n] = '\0';

  for (guint i = 0; i < G_N_ELEMENTS (tags) && text == NULL; i++)
    text = html_element_text (data, lower, n, tags[i]);
  if (text == NULL)
    text = html_to_text (data, lower, n);
  if (text == NULL)
    return NULL;

  /* Translators: %s is the title of an error page, such as
   * "502 Bad Gateway" */
  return g_strdup_printf (_("%s (an HTML page, likely from a proxy in front "
                            "of the API)"), text);
}

/* Parsing --------------------------------------------------------------- */

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
    message = parse_json_body (data, len, code);
  else if (looks_like_html (content_type, data))
    message = html_message (data, len);

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

/* Classification -------------------------------------------------------- */

static gboolean
contains_any (const char         *haystack,
              const char * const *needles)
{
  for (guint i = 0; needles[i] != NULL; i++)
    {
      if (strstr (haystack, needles[i]) != NULL)
        return TRUE;
    }

  return FALSE;
}

/* Moderation arrives as 400 (OpenAI, APIYI's gpt-image), 422 (APIYI's FLUX
 * channel) or, reportedly, 403, so it is recognised by code and wording
 * rather than by status. */
static gboolean
is_moderation (const FsApiError *error)
{
  static const char * const codes[] = {
    "moderation_blocked", "content_policy_violation", "content_filter",
    "moderated", NULL
  };
  /* Not "moderation" alone: gpt-image has a "moderation" parameter, and
   * a bad value for it is an ordinary refusal. */
  static const char * const phrases[] = {
    "moderated", "moderation:", "moderation reason", "by moderation",
    "moderation_blocked", "safety system", "safety filter", "content policy",
    "content_policy", "nsfw", NULL
  };
  g_autofree char *message = NULL;
  g_autofree char *code = NULL;

  message = g_ascii_strdown (error->message ? error->message : "", -1);
  code = g_ascii_strdown (error->code ? error->code : "", -1);

  return g_strv_contains (codes, code) ||
         contains_any (message, phrases) ||
         contains_any (code, phrases);
}

/**
 * fs_api_error_classify:
 * @error: a parsed error
 *
 * 4xx means the provider said no (REFUSED, or MODERATED when it was the
 * content); 429, 5xx and no response are FAILED. 408 is TIMEOUT. 504 is a
 * gateway's own time limit and, like any 5xx, FAILED: TIMEOUT is kept for
 * Flux Studio's time limits, so the user is not sent looking at their own
 * settings.
 */
FsErrorCode
fs_api_error_classify (const FsApiError *error)
{
  g_return_val_if_fail (error != NULL, FS_ERROR_FAILED);

  if (error->status == 408)
    return FS_ERROR_TIMEOUT;
  if (error->status == 429)
    return FS_ERROR_FAILED;
  if (error->status >= 400 && error->status < 500)
    return is_moderation (error) ? FS_ERROR_MODERATED : FS_ERROR_REFUSED;

  return FS_ERROR_FAILED;
}

/* Messages -------------------------------------------------------------- */

/* The provider's message without its final full stop, so that it can sit
 * inside a sentence of ours. */
static char *
strip_final_stop (const char *message)
{
  char *copy = g_strstrip (g_strdup (message ? message : ""));
  gsize len = strlen (copy);

  while (len > 0 && (copy[len - 1] == '.' || g_ascii_isspace (copy[len - 1])))
    copy[--len] = '\0';

  return copy;
}

static char *
describe_moderated (const FsApiError *error,
                    const char       *provider,
                    const char       *detail)
{
  if (g_str_has_prefix (detail, "Moderation: "))
    /* Translators: the first %s is a provider name, the second the
     * moderation reasons it gave (such as "Safety Filter"), %u the HTTP
     * status */
    return g_strdup_printf (_("%s blocked this prompt (moderation: %s; "
                              "HTTP %u)."),
                            provider, detail + strlen ("Moderation: "),
                            error->status);

  /* Translators: the first %s is a provider name, %u the HTTP status and
   * the second %s the provider's own message */
  return g_strdup_printf (_("%s blocked this prompt (HTTP %u: %s)."),
                          provider, error->status, detail);
}

static char *
describe_failure (const FsApiError *error,
                  const char       *provider,
                  const char       *detail)
{
  /* Translators in the messages below: the first %s is a provider name
   * (or "The provider"), %u the HTTP status and the last %s the
   * provider's own message */
  if (error->status == 0)
    return g_strdup_printf (_("%s could not be reached: %s."),
                            provider, detail);
  if (error->status == 429)
    return g_strdup_printf (_("%s rate-limited the request (HTTP %u): %s."),
                            provider, error->status, detail);
  if (error->status >= 500)
    return g_strdup_printf (_("%s had a server error (HTTP %u): %s."),
                            provider, error->status, detail);

  return g_strdup_printf (_("%s sent an unexpected answer (HTTP %u): %s."),
                          provider, error->status, detail);
}

static char *
describe (const FsApiError *error,
          FsErrorCode       code,
          const char       *provider,
          const char       *detail)
{
  switch (code)
    {
    case FS_ERROR_MODERATED:
      return describe_moderated (error, provider, detail);
    case FS_ERROR_REFUSED:
      /* Translators: the first %s is a provider name, %u the HTTP status
       * and the second %s the provider's own message */
      return g_strdup_printf (_("%s refused the request (HTTP %u): %s."),
                              provider, error->status, detail);
    case FS_ERROR_TIMEOUT:
      /* Translators: as above */
      return g_strdup_printf (_("%s timed out (HTTP %u): %s."),
                              provider, error->status, detail);
    default:
      return describe_failure (error, provider, detail);
    }
}

/* What to do about it, by class and status. */
static char *
advice (const FsApiError *error,
        FsErrorCode       code)
{
  guint status = error->status;

  if (code == FS_ERROR_MODERATED)
    return g_strdup (_("Nothing was charged. Reword the prompt or change "
                       "the reference images."));
  if (code == FS_ERROR_TIMEOUT)
    return g_strdup (_("Try again; a smaller image or fewer references "
                       "may help."));
  if (status == 401 || status == 403)
    return g_strdup (_("Check the API key in Preferences."));
  if (status == 402)
    return g_strdup (_("The account is out of credits: add credits with "
                       "the provider and try again."));
  if (status == 404)
    return g_strdup (_("Check the base URL and the model in Preferences."));
  if (status == 429 && error->retry_after > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Try again in %u second.",
                                         "Try again in %u seconds.",
                                         error->retry_after),
                            error->retry_after);
  if (status == 429)
    return g_strdup (_("Wait a minute and try again, or run fewer jobs "
                       "at once."));
  if (status >= 400 && status < 500)
    return g_strdup (_("Check the prompt and the settings, then try again."));
  if (status >= 500)
    return g_strdup (_("The problem is on the provider’s side: try again "
                       "in a few minutes."));
  if (status == 0)
    return g_strdup (_("Check the network connection and the base URL in "
                       "Preferences."));

  return NULL;
}

/**
 * fs_api_error_to_gerror:
 * @error: a parsed error
 * @provider_name: (nullable): the provider's display name
 *
 * Returns: a #GError in %FS_ERROR whose code is fs_api_error_classify()'s
 * and whose message is one translated line: what happened (with the HTTP
 * status and the provider's message), what to do, and the request id
 * when there is one, since support needs it.
 */
GError *
fs_api_error_to_gerror (const FsApiError *error,
                        const char       *provider_name)
{
  g_autofree char *detail = NULL;
  g_autofree char *head = NULL;
  g_autofree char *tip = NULL;
  g_autofree char *line = NULL;
  GString *text;
  FsErrorCode code;

  g_return_val_if_fail (error != NULL, NULL);

  if (provider_name == NULL || *provider_name == '\0')
    provider_name = _("The provider");

  code = fs_api_error_classify (error);
  detail = strip_final_stop (error->message);
  head = describe (error, code, provider_name, detail);
  tip = advice (error, code);

  text = g_string_new (head);
  if (tip != NULL)
    g_string_append_printf (text, " %s", tip);
  if (error->request_id != NULL && *error->request_id != '\0')
    {
      g_string_append_c (text, ' ');
      /* Translators: %s is the id a provider gave the request, for support */
      g_string_append_printf (text, _("Request id: %s."), error->request_id);
    }

  line = g_string_free (text, FALSE);

  return g_error_new_literal (FS_ERROR, code, line);
}

/**
 * fs_error_exit_status:
 * @error: (nullable): how a command ended
 *
 * The CLI's exit status: 0 success, 2 nothing was sent (invalid request, no
 * key, unreadable catalog), 3 the provider said no (refused, moderated),
 * 4 anything that failed after trying. Cancellation is 4 as well: the
 * command did not do what was asked, and scripts need only tell "fix the
 * request" (2) and "the provider refused" (3) from the rest.
 */
int
fs_error_exit_status (const GError *error)
{
  if (error == NULL)
    return 0;
  if (error->domain != FS_ERROR)
    return 4;

  switch ((FsErrorCode) error->code)
    {
    case FS_ERROR_INVALID:
    case FS_ERROR_NO_KEY:
    case FS_ERROR_CATALOG:
      return 2;
    case FS_ERROR_REFUSED:
    case FS_ERROR_MODERATED:
      return 3;
    case FS_ERROR_FAILED:
    case FS_ERROR_TIMEOUT:
    case FS_ERROR_EXPIRED:
    case FS_ERROR_NOT_IMAGE:
    case FS_ERROR_STORAGE:
    default:
      return 4;
    }
}
