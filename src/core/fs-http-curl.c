/* fs-http-curl.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fs-http.h"
#include "fs-http-private.h"

/* A call written out as a curl command line, for "Copy as curl" and the
 * request inspector. The key never appears: only a shell variable that
 * holds it does. */

#define ABRIDGED_KEEP          32
#define DEFAULT_KEY_VARIABLE   "$API_KEY"

static JsonNode *abridge_node (JsonNode *node,
                               gsize     max_string);

static gboolean
has_space (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        return TRUE;
    }
  return FALSE;
}

/* Only data is cut: a long prompt has spaces, base64 and data: URLs have
 * none. */
static JsonNode *
abridge_string (JsonNode *node,
                gsize     max_string)
{
  const char *text = json_node_get_string (node);
  glong length = g_utf8_strlen (text, -1);
  g_autofree char *shown = NULL;
  g_autofree char *abridged = NULL;
  JsonNode *copy;

  if ((gsize) length <= max_string || has_space (text))
    return json_node_copy (node);

  shown = g_utf8_substring (text, 0, MIN (ABRIDGED_KEEP, (glong) max_string));
  abridged = g_strdup_printf ("%s…[%ld characters]", shown, length);
  copy = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (copy, abridged);
  return copy;
}

static JsonNode *
abridge_object (JsonObject *object,
                gsize       max_string)
{
  JsonObject *copy = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    json_object_set_member (copy, name, abridge_node (member, max_string));

  json_node_take_object (node, copy);
  return node;
}

static JsonNode *
abridge_array (JsonArray *array,
               gsize      max_string)
{
  JsonArray *copy = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < json_array_get_length (array); i++)
    json_array_add_element (copy, abridge_node (json_array_get_element (array, i), max_string));

  json_node_take_array (node, copy);
  return node;
}

static JsonNode *
abridge_node (JsonNode *node,
              gsize     max_string)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return abridge_object (json_node_get_object (node), max_string);
  if (JSON_NODE_HOLDS_ARRAY (node))
    return abridge_array (json_node_get_array (node), max_string);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return abridge_string (node, max_string);
  return json_node_copy (node);
}

JsonNode *
_fs_http_abridge_json (JsonNode *node,
                  gsize     max_string)
{
  g_return_val_if_fail (node != NULL, NULL);

  if (max_string == 0)
    return json_node_copy (node);
  return abridge_node (node, max_string);
}

/* Quoting */

/* Single quotes keep everything literal; a quote inside ends the quoted
 * run, adds an escaped quote and starts a new run. */
static void
append_single_quoted (GString    *out,
                      const char *text)
{
  g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\'')
        g_string_append (out, "'\\''");
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
}

static void
append_double_quoted_literal (GString    *out,
                              const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (strchr ("\\\"$`", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
}

/* "$NAME" or "${NAME}": safe to leave for the shell to expand. */
static gboolean
is_shell_variable (const char *text)
{
  const char *name;
  gsize length;

  if (text == NULL || text[0] != '$')
    return FALSE;

  name = text + 1;
  length = strlen (name);
  if (name[0] == '{')
    {
      if (length < 3 || name[length - 1] != '}')
        return FALSE;
      name++;
      length -= 2;
    }

  if (length == 0 || !(g_ascii_isalpha (name[0]) || name[0] == '_'))
    return FALSE;
  for (gsize i = 1; i < length; i++)
    {
      if (!(g_ascii_isalnum (name[i]) || name[i] == '_'))
        return FALSE;
    }
  return TRUE;
}

/* Pieces */

static void
append_option (GString    *out,
               const char *option,
               const char *value)
{
  g_string_append_printf (out, " %s ", option);
  append_single_quoted (out, value);
}

static void
append_header (GString    *out,
               const char *name,
               const char *value)
{
  g_autofree char *line = g_strdup_printf ("%s: %s", name, value);

  append_option (out, "-H", line);
}

/* Double quotes, so that the shell puts the key in from its variable. */
static void
append_key_header (GString    *out,
                   FsHttpCall *call,
                   const char *key_variable)
{
  const char *scheme = NULL;
  const char *header = _fs_http_call_get_key_header (call, &scheme);

  if (header == NULL)
    return;

  g_string_append (out, " -H \"");
  append_double_quoted_literal (out, header);
  g_string_append (out, ": ");
  if (scheme != NULL)
    {
      append_double_quoted_literal (out, scheme);
      g_string_append_c (out, ' ');
    }
  if (is_shell_variable (key_variable))
    g_string_append (out, key_variable);
  else
    append_double_quoted_literal (out, key_variable);
  g_string_append_c (out, '"');
}

/* A text value curl would read as a file ("@…", "<…") or as options
 * (";type=…") goes in --form-string, which takes it literally. */
static void
append_form_part (GString          *out,
                  const FsFormPart *part)
{
  g_autofree char *spec = NULL;
  const char *option = "-F";

  if (part->filename != NULL)
    spec = g_strdup_printf ("%s=@%s%s%s", part->name, part->filename,
                            part->content_type ? ";type=" : "",
                            part->content_type ? part->content_type : "");
  else
    {
      spec = g_strdup_printf ("%s=%s", part->name, part->value);
      if (part->value[0] == '@' || part->value[0] == '<' || strchr (part->value, ';') != NULL)
        option = "--form-string";
    }

  append_option (out, option, spec);
}

static void
append_body (GString    *out,
             FsHttpCall *call,
             gsize       max_string)
{
  GPtrArray *parts = _fs_http_call_get_form_parts (call);
  GBytes *body = fs_http_call_get_body (call);
  const char *content_type = fs_http_call_get_content_type (call);
  const char *data;
  gsize size = 0;

  if (parts != NULL)
    {
      /* curl writes its own multipart Content-Type with a new boundary. */
      for (guint i = 0; i < parts->len; i++)
        append_form_part (out, g_ptr_array_index (parts, i));
      return;
    }

  if (body == NULL)
    return;

  if (content_type != NULL)
    append_header (out, "Content-Type", content_type);

  if (fs_http_call_get_json (call) != NULL)
    {
      g_autoptr(JsonNode) shown = _fs_http_abridge_json (fs_http_call_get_json (call), max_string);
      g_autofree char *text = json_to_string (shown, FALSE);

      append_option (out, "--data-raw", text);
      return;
    }

  data = g_bytes_get_data (body, &size);
  if (size <= G_MAXSSIZE && g_utf8_validate (data, (gssize) size, NULL) &&
      memchr (data, '\0', size) == NULL)
    {
      g_autofree char *text = g_strndup (data, size);

      append_option (out, "--data-raw", text);
    }
  else
    g_string_append (out, " --data-binary @request-body");
}

char *
_fs_http_call_to_curl_abridged (FsHttpCall *call,
                                const char *key_variable,
                                gsize       max_string)
{
  GString *out = g_string_new ("curl");
  const char *method = fs_http_call_get_method (call);
  GPtrArray *headers = _fs_http_call_get_headers (call);

  if (g_ascii_strcasecmp (method, "GET") != 0 || fs_http_call_get_body (call) != NULL)
    g_string_append_printf (out, " -X %s", method);
  g_string_append_c (out, ' ');
  append_single_quoted (out, fs_http_call_get_url (call));

  for (guint i = 0; i + 1 < headers->len; i += 2)
    append_header (out, g_ptr_array_index (headers, i), g_ptr_array_index (headers, i + 1));
  append_key_header (out, call, key_variable != NULL ? key_variable : DEFAULT_KEY_VARIABLE);
  append_body (out, call, max_string);

  return g_string_free (out, FALSE);
}

char *
fs_http_call_to_curl (FsHttpCall *call,
                      const char *key_variable)
{
  g_return_val_if_fail (call != NULL, NULL);

  return _fs_http_call_to_curl_abridged (call, key_variable, 0);
}
