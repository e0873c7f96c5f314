/* fs-provider-response.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fs-api-error.h"
#include "fs-error.h"
#include "fs-json.h"
#include "fs-provider-private.h"

/* Reading what a provider answered: JSON bodies and their members, the
 * user's error for a failed response, and OpenAI-style image lists. */

/* An answer beyond the limits counts as one that is not JSON: each
 * provider already says what that means for its call. */
static JsonObject *
parse_object_within (FsHttpResponse *response,
                     gsize           max_bytes)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  gconstpointer data;
  gsize size = 0;

  if (response->body == NULL)
    return NULL;

  data = g_bytes_get_data (response->body, &size);
  if (size == 0)
    return NULL;

  parser = json_parser_new_immutable ();
  if (!fs_json_parser_load (parser, data, (gssize) MIN (size, G_MAXSSIZE), max_bytes, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

JsonObject *
_fs_provider_parse_object (FsHttpResponse *response)
{
  return parse_object_within (response, FS_JSON_MAX_ANSWER_BYTES);
}

GError *
_fs_provider_response_error (FsProvider     *self,
                             FsHttpResponse *response)
{
  g_autoptr(FsApiError) api_error = NULL;

  api_error = fs_api_error_parse (response->status, response->content_type,
                                  response->body);

  /* The body parser cannot see headers: add what only they carry. */
  if (api_error->request_id == NULL)
    api_error->request_id = g_strdup (response->request_id);
  if (api_error->retry_after == 0)
    api_error->retry_after = response->retry_after;

  return fs_api_error_to_gerror (api_error, _fs_provider_get_display_name (self));
}

gboolean
_fs_provider_json_number (JsonObject *object,
                          const char *member,
                          double     *out)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return FALSE;

  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;

  *out = json_node_get_double (node);
  return TRUE;
}

JsonObject *
_fs_provider_json_object (JsonObject *object,
                          const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

static GBytes *
decode_b64_image (const char *text)
{
  const char *comma;
  guchar *data;
  gsize len = 0;

  /* Some servers send a data URL where OpenAI sends bare base64. */
  if (g_str_has_prefix (text, "data:") && (comma = strchr (text, ',')) != NULL)
    text = comma + 1;

  data = g_base64_decode (text, &len);
  if (len == 0)
    {
      g_free (data);
      return NULL;
    }

  return g_bytes_new_take (data, len);
}

static void
collect_image (FsProviderResult *result,
               JsonNode         *item)
{
  JsonObject *object;
  const char *url;
  const char *b64;

  if (!JSON_NODE_HOLDS_OBJECT (item))
    return;

  object = json_node_get_object (item);
  url = fs_json_get_string (object, "url");
  b64 = fs_json_get_string (object, "b64_json");

  if (url != NULL && url[0] != '\0')
    {
      g_ptr_array_add (result->urls, g_strdup (url));
    }
  else if (b64 != NULL)
    {
      GBytes *bytes = decode_b64_image (b64);

      if (bytes != NULL)
        g_ptr_array_add (result->images, bytes);
    }
}

FsProviderResult *
_fs_provider_parse_image_list (FsProvider      *self,
                               FsHttpResponse  *response,
                               GError         **error)
{
  g_autoptr(FsProviderResult) result = NULL;
  g_autoptr(JsonObject) object = NULL;
  JsonNode *data;

  if (!fs_http_response_is_success (response))
    {
      g_propagate_error (error, _fs_provider_response_error (self, response));
      return NULL;
    }

  result = fs_provider_result_new ();
  /* base64 images make this answer far larger than any other. */
  object = parse_object_within (response, FS_JSON_MAX_IMAGE_LIST_BYTES);
  data = object != NULL ? json_object_get_member (object, "data") : NULL;

  if (data != NULL && JSON_NODE_HOLDS_ARRAY (data))
    {
      JsonArray *array = json_node_get_array (data);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_image (result, json_array_get_element (array, i));
    }

  if (result->urls->len == 0 && result->images->len == 0)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_FAILED,
                   /* Translators: %s is a provider name */
                   _("%s answered but sent no images"),
                   _fs_provider_get_display_name (self));
      return NULL;
    }

  result->status = FS_TASK_READY;
  result->progress = 1;
  return g_steal_pointer (&result);
}
