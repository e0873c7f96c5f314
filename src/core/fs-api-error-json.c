/* fs-api-error-json.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "fs-api-error-private.h"
#include "fs-json.h"

/* The message and code in a JSON error body, whatever its shape: OpenAI's
 * {"error": {…}}, FastAPI's {"detail": …} with Pydantic lists, plain
 * {"message"}, bare strings, and truncated bodies salvaged by hand. */

/* JSON ------------------------------------------------------------------ */

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
  msg = fs_json_get_string (object, "msg");
  if (msg == NULL)
    msg = fs_json_get_string (object, "message");
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
        *code = g_strdup (fs_json_get_string (json_node_get_object (item), "type"));
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
      const char *msg = fs_json_get_string (object, "message");

      return g_strdup (msg ? msg : fs_json_get_string (object, "msg"));
    }

  return node_to_code (detail);
}

/* OpenAI's {"error": {"message", "type", "param", "code"}}, where code may be
 * a string, an integer or null and type or param may be missing. */
static char *
message_from_error_object (JsonObject  *error,
                           char       **code)
{
  const char *message = fs_json_get_string (error, "message");

  *code = node_to_code (json_object_get_member (error, "code"));
  if (*code == NULL)
    *code = g_strdup (fs_json_get_string (error, "type"));
  if (message == NULL)
    message = fs_json_get_string (error, "msg");
  if (message == NULL && json_object_has_member (error, "detail"))
    return message_from_detail (json_object_get_member (error, "detail"), code);

  return g_strdup (message ? message : fs_json_get_string (error, "type"));
}

static char *
message_from_object (JsonObject  *root,
                     char       **code)
{
  JsonNode *error = json_object_get_member (root, "error");
  JsonNode *detail = json_object_get_member (root, "detail");
  const char *message = fs_json_get_string (root, "message");

  if (error != NULL && JSON_NODE_HOLDS_OBJECT (error))
    return message_from_error_object (json_node_get_object (error), code);

  /* {"error": "rate_limit_exceeded", "message": "…"}: the string is a code
   * when a message comes with it, the message itself otherwise. */
  if (error != NULL && fs_json_get_string (root, "error") != NULL)
    {
      if (message == NULL)
        return g_strdup (fs_json_get_string (root, "error"));
      *code = g_strdup (fs_json_get_string (root, "error"));
    }

  if (message == NULL && detail != NULL)
    return message_from_detail (detail, code);
  if (*code == NULL)
    *code = node_to_code (json_object_get_member (root, "code"));

  if (message == NULL)
    message = fs_json_get_string (root, "msg");
  if (message == NULL)
    message = fs_json_get_string (root, "title");

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
      clean = _fs_api_error_clean_text (raw, strlen (raw));
      if (clean == NULL)
        continue;
      if (complete || g_str_has_suffix (clean, "…"))
        return g_steal_pointer (&clean);

      return g_strconcat (clean, "…", NULL);
    }

  return NULL;
}

char *
_fs_api_error_json_message (const char  *data,
                            gsize        len,
                            char       **code)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *raw = NULL;

  /* A body too large or too deep for the parser is salvaged by hand, as
   * a malformed one is. */
  parser = json_parser_new_immutable ();
  if (!fs_json_parser_load (parser, data, len, SNIFF_MAX_BYTES, NULL))
    return salvage_json_message (data, len);

  raw = message_from_json (json_parser_get_root (parser), code);
  if (raw == NULL)
    return NULL;

  return _fs_api_error_clean_text (raw, strlen (raw));
}
