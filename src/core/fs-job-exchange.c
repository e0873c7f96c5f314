/* fs-job-exchange.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fs-http-private.h"
#include "fs-job-private.h"

/* What the request inspector shows of each HTTP exchange of a job, kept
 * in memory while the job runs and in every saved image's sidecar. The
 * key is never in it: the request is described with the key redacted and
 * the curl line names only the variable that holds it. */

#define MAX_BODY        (64 * 1024)
#define MAX_DATA_STRING 256

FsExchange *
_fs_exchange_new (const char *label,
                  FsHttpCall *call,
                  const char *key_variable)
{
  FsExchange *exchange = g_new0 (FsExchange, 1);

  exchange->label = g_strdup (label);
  exchange->request = _fs_http_call_describe_abridged (call, MAX_DATA_STRING);
  exchange->curl = _fs_http_call_to_curl_abridged (call, key_variable, MAX_DATA_STRING);
  return exchange;
}

void
_fs_exchange_free (FsExchange *exchange)
{
  g_free (exchange->label);
  g_free (exchange->request);
  g_free (exchange->curl);
  g_free (exchange->response_headers);
  g_free (exchange->response_body);
  g_free (exchange->request_id);
  g_free (exchange);
}

static void
append_header_cb (const char *name,
                  const char *value,
                  gpointer    user_data)
{
  g_string_append_printf (user_data, "%s: %s\n", name, value);
}

static char *
headers_text (SoupMessageHeaders *headers)
{
  GString *out = g_string_new (NULL);

  if (headers != NULL)
    soup_message_headers_foreach (headers, append_header_cb, out);
  return g_string_free (out, FALSE);
}

/* Text as it came, up to MAX_BODY bytes cut at a character boundary;
 * anything else (an image, say) as a note of its size and type. */
static char *
body_text (FsHttpResponse *response)
{
  const char *content_type = response->content_type ? response->content_type : "data";
  const char *data;
  const char *end = NULL;
  gsize size = 0;
  gsize checked, valid;

  /* A body written to a file as it came (a downloaded image). */
  if (response->streamed && response->body_length > 0)
    return g_strdup_printf (_("(%zu bytes of %s)"), (gsize) response->body_length, content_type);

  if (response->body == NULL || g_bytes_get_size (response->body) == 0)
    return g_strdup ("");

  data = g_bytes_get_data (response->body, &size);
  checked = MIN (size, MAX_BODY);
  g_utf8_validate_len (data, checked, &end);
  valid = (gsize) (end - data);

  if (!g_str_has_prefix (content_type, "image/") && memchr (data, '\0', checked) == NULL &&
      valid == size)
    return g_strndup (data, size);

  /* Bytes that are not UTF-8, other than a character cut in two at the
   * limit, make the body data rather than text. */
  if (g_str_has_prefix (content_type, "image/") || memchr (data, '\0', checked) != NULL ||
      size <= MAX_BODY || checked - valid >= 4)
    /* Translators: "(182734 bytes of image/jpeg)" */
    return g_strdup_printf (_("(%zu bytes of %s)"), size, content_type);

  /* Translators: the end of a response body that was cut short */
  return g_strdup_printf (_("%.*s\n…[%zu bytes in all]"), (int) (end - data), data, size);
}

void
_fs_exchange_set_response (FsExchange     *exchange,
                           FsHttpResponse *response,
                           gint64          elapsed_ms)
{
  exchange->status = response->status;
  exchange->response_headers = headers_text (response->headers);
  exchange->response_body = body_text (response);
  exchange->request_id = g_strdup (response->request_id);
  exchange->elapsed_ms = elapsed_ms;
}

void
_fs_exchange_set_error (FsExchange   *exchange,
                        const GError *error,
                        gint64        elapsed_ms)
{
  exchange->status = 0;
  /* Translators: shown where a response body would be */
  exchange->response_body = g_strdup_printf (_("(no response: %s)"), error->message);
  exchange->elapsed_ms = elapsed_ms;
}

static void
set_string_or_null (JsonObject *object,
                    const char *name,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

/* The sidecar's "exchanges": the FsExchange fields under their own
 * names. */
JsonNode *
_fs_exchanges_to_json (GPtrArray *exchanges)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; exchanges != NULL && i < exchanges->len; i++)
    {
      const FsExchange *exchange = g_ptr_array_index (exchanges, i);
      JsonObject *object = json_object_new ();

      set_string_or_null (object, "label", exchange->label);
      set_string_or_null (object, "request", exchange->request);
      set_string_or_null (object, "curl", exchange->curl);
      json_object_set_int_member (object, "status", exchange->status);
      set_string_or_null (object, "response_headers", exchange->response_headers);
      set_string_or_null (object, "response_body", exchange->response_body);
      set_string_or_null (object, "request_id", exchange->request_id);
      json_object_set_int_member (object, "elapsed_ms", exchange->elapsed_ms);
      json_array_add_object_element (array, object);
    }

  json_node_take_array (node, array);
  return node;
}

/* Sidecars may come from other tools or older versions: a member of
 * another type is shown as its JSON text rather than dropped. */
static char *
dup_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_dup_string (node);

  return json_to_string (node, TRUE);
}

static gint64
int_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;

  return json_node_get_value_type (node) == G_TYPE_DOUBLE
         ? (gint64) json_node_get_double (node)
         : json_node_get_int (node);
}

/* The other way: a sidecar's "exchanges" back to FsExchange, skipping
 * entries that are not objects. */
GPtrArray *
_fs_exchanges_from_json (JsonArray *array)
{
  GPtrArray *exchanges = g_ptr_array_new_with_free_func ((GDestroyNotify) _fs_exchange_free);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      FsExchange *exchange;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;

      object = json_node_get_object (element);
      exchange = g_new0 (FsExchange, 1);
      exchange->label = dup_member (object, "label");
      exchange->request = dup_member (object, "request");
      exchange->curl = dup_member (object, "curl");
      exchange->status = (guint) CLAMP (int_member (object, "status"), 0, 999);
      exchange->response_headers = dup_member (object, "response_headers");
      exchange->response_body = dup_member (object, "response_body");
      exchange->request_id = dup_member (object, "request_id");
      exchange->elapsed_ms = int_member (object, "elapsed_ms");
      g_ptr_array_add (exchanges, exchange);
    }

  return exchanges;
}
