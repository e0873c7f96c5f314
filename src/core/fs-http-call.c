/* fs-http-call.c
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
#include "fs-json.h"

struct _FsHttpCall
{
  gatomicrefcount  ref_count;
  char            *method;
  char            *url;
  char            *content_type;
  GBytes          *body;
  JsonNode        *json;
  char            *summary;
  GPtrArray       *form_parts;  /* FsFormPart, for fs_http_call_to_curl() */
  GPtrArray       *headers;  /* name, value, name, value … */
  char            *key_header;
  char            *key_scheme;
  char            *key;
  guint            timeout;
  guint            max_retries;
  GOutputStream   *body_stream;
};

G_DEFINE_BOXED_TYPE (FsHttpCall, fs_http_call, fs_http_call_ref, fs_http_call_unref)
G_DEFINE_BOXED_TYPE (FsHttpResponse, fs_http_response,
                     fs_http_response_ref, fs_http_response_unref)

FsHttpCall *
fs_http_call_new (const char *method,
                  const char *url)
{
  FsHttpCall *call;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (url != NULL, NULL);

  call = g_new0 (FsHttpCall, 1);
  g_atomic_ref_count_init (&call->ref_count);
  call->method = g_strdup (method);
  call->url = g_strdup (url);
  call->headers = g_ptr_array_new_with_free_func (g_free);
  call->timeout = FS_HTTP_DEFAULT_TIMEOUT;
  call->max_retries = FS_HTTP_DEFAULT_RETRIES;

  return call;
}

FsHttpCall *
fs_http_call_ref (FsHttpCall *call)
{
  g_return_val_if_fail (call != NULL, NULL);

  g_atomic_ref_count_inc (&call->ref_count);
  return call;
}

/* Keys are overwritten before their memory goes back to the allocator, so
 * a later heap dump or core file is less likely to hold one. */
static void
clear_key (FsHttpCall *call)
{
  if (call->key != NULL)
    {
      explicit_bzero (call->key, strlen (call->key));
      g_clear_pointer (&call->key, g_free);
    }
}

void
fs_http_call_unref (FsHttpCall *call)
{
  g_return_if_fail (call != NULL);

  if (!g_atomic_ref_count_dec (&call->ref_count))
    return;

  clear_key (call);
  g_free (call->method);
  g_free (call->url);
  g_free (call->content_type);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_pointer (&call->json, json_node_unref);
  g_free (call->summary);
  g_clear_pointer (&call->form_parts, g_ptr_array_unref);
  g_ptr_array_unref (call->headers);
  g_free (call->key_header);
  g_free (call->key_scheme);
  g_clear_object (&call->body_stream);
  g_free (call);
}

const char *
fs_http_call_get_method (FsHttpCall *call)
{
  g_return_val_if_fail (call != NULL, NULL);
  return call->method;
}

const char *
fs_http_call_get_url (FsHttpCall *call)
{
  g_return_val_if_fail (call != NULL, NULL);
  return call->url;
}

void
fs_http_call_set_json (FsHttpCall *call,
                       JsonNode   *body)
{
  g_autoptr(GBytes) bytes = NULL;
  char *text;

  g_return_if_fail (call != NULL);
  g_return_if_fail (body != NULL);

  text = json_to_string (body, FALSE);
  bytes = g_bytes_new_take (text, strlen (text));
  fs_http_call_set_body (call, "application/json", bytes);
  call->json = json_node_ref (body);
}

JsonNode *
fs_http_call_get_json (FsHttpCall *call)
{
  g_return_val_if_fail (call != NULL, NULL);
  return call->json;
}

static void
form_part_free (FsFormPart *part)
{
  g_free (part->name);
  g_free (part->filename);
  g_free (part->content_type);
  g_free (part->value);
  g_free (part);
}

static FsFormPart *
read_form_part (SoupMessageHeaders *headers,
                GBytes             *body)
{
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *disposition = NULL;
  FsFormPart *part;
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);

  if (!soup_message_headers_get_content_disposition (headers, &disposition, &params))
    return NULL;

  part = g_new0 (FsFormPart, 1);
  part->name = g_strdup (g_hash_table_lookup (params, "name"));
  part->filename = g_strdup (g_hash_table_lookup (params, "filename"));
  part->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  if (part->filename == NULL)
    part->value = g_strndup (data, size);
  return part;
}

/* The parts' names, file names and text values, kept so the call can be
 * written out as curl -F options; the encoded body alone hides them. */
static GPtrArray *
read_form_parts (SoupMultipart *multipart)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func ((GDestroyNotify) form_part_free);

  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *headers = NULL;
      GBytes *body = NULL;
      FsFormPart *part;

      if (soup_multipart_get_part (multipart, i, &headers, &body) &&
          (part = read_form_part (headers, body)) != NULL)
        g_ptr_array_add (parts, part);
    }

  return parts;
}

void
fs_http_call_set_multipart (FsHttpCall    *call,
                            SoupMultipart *multipart,
                            const char    *summary)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *content_type;

  g_return_if_fail (call != NULL);
  g_return_if_fail (multipart != NULL);

  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  soup_multipart_to_message (multipart, headers, &body);
  content_type = soup_message_headers_get_one (headers, "Content-Type");
  fs_http_call_set_body (call, content_type, body);
  call->summary = g_strdup (summary);
  call->form_parts = read_form_parts (multipart);
}

/* Replaces any body set before, whatever its kind. */
void
fs_http_call_set_body (FsHttpCall *call,
                       const char *content_type,
                       GBytes     *body)
{
  g_return_if_fail (call != NULL);

  g_clear_pointer (&call->json, json_node_unref);
  g_clear_pointer (&call->summary, g_free);
  g_clear_pointer (&call->form_parts, g_ptr_array_unref);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_free (call->content_type);
  call->content_type = g_strdup (content_type);
  call->body = body != NULL ? g_bytes_ref (body) : NULL;
}

GBytes *
fs_http_call_get_body (FsHttpCall *call)
{
  g_return_val_if_fail (call != NULL, NULL);
  return call->body;
}

const char *
fs_http_call_get_content_type (FsHttpCall *call)
{
  g_return_val_if_fail (call != NULL, NULL);
  return call->content_type;
}

void
fs_http_call_add_header (FsHttpCall *call,
                         const char *name,
                         const char *value)
{
  g_return_if_fail (call != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  g_ptr_array_add (call->headers, g_strdup (name));
  g_ptr_array_add (call->headers, g_strdup (value));
}

const char *
fs_http_call_get_header (FsHttpCall *call,
                         const char *name)
{
  g_return_val_if_fail (call != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i + 1 < call->headers->len; i += 2)
    {
      if (g_ascii_strcasecmp (g_ptr_array_index (call->headers, i), name) == 0)
        return g_ptr_array_index (call->headers, i + 1);
    }

  return NULL;
}

void
fs_http_call_set_key (FsHttpCall *call,
                      const char *header,
                      const char *scheme,
                      const char *key)
{
  g_return_if_fail (call != NULL);
  g_return_if_fail (header != NULL);

  clear_key (call);
  g_free (call->key_header);
  g_free (call->key_scheme);
  call->key_header = g_strdup (header);
  call->key_scheme = g_strdup (scheme);
  call->key = g_strdup (key);
}

gboolean
fs_http_call_has_key (FsHttpCall *call)
{
  g_return_val_if_fail (call != NULL, FALSE);
  return call->key != NULL && call->key[0] != '\0';
}

/* The header line that carries the key, for the HTTP layer only. */
char *
_fs_http_call_dup_key_value (FsHttpCall  *call,
                             const char **header)
{
  if (!fs_http_call_has_key (call))
    return NULL;

  *header = call->key_header;
  if (call->key_scheme != NULL)
    return g_strdup_printf ("%s %s", call->key_scheme, call->key);

  return g_strdup (call->key);
}

void
fs_http_call_set_timeout (FsHttpCall *call,
                          guint       seconds)
{
  g_return_if_fail (call != NULL);
  call->timeout = seconds;
}

guint
fs_http_call_get_timeout (FsHttpCall *call)
{
  g_return_val_if_fail (call != NULL, 0);
  return call->timeout;
}

void
fs_http_call_set_max_retries (FsHttpCall *call,
                              guint       retries)
{
  g_return_if_fail (call != NULL);
  call->max_retries = retries;
}

guint
fs_http_call_get_max_retries (FsHttpCall *call)
{
  g_return_val_if_fail (call != NULL, 0);
  return call->max_retries;
}

void
fs_http_call_set_body_stream (FsHttpCall    *call,
                              GOutputStream *stream)
{
  g_return_if_fail (call != NULL);
  g_return_if_fail (stream == NULL || G_IS_OUTPUT_STREAM (stream));

  g_set_object (&call->body_stream, stream);
}

GOutputStream *
fs_http_call_get_body_stream (FsHttpCall *call)
{
  g_return_val_if_fail (call != NULL, NULL);
  return call->body_stream;
}

static void
describe_body (FsHttpCall *call,
               gsize       max_string,
               GString    *out)
{
  if (call->json != NULL)
    {
      g_autoptr(JsonNode) shown = _fs_http_abridge_json (call->json, max_string);
      g_autofree char *pretty = json_to_string (shown, TRUE);

      g_string_append_printf (out, "\n%s\n", pretty);
    }
  else if (call->summary != NULL)
    g_string_append_printf (out, "\n%s\n", call->summary);
  else if (call->body != NULL)
    g_string_append_printf (out, "\n(%zu bytes of %s)\n",
                            g_bytes_get_size (call->body),
                            call->content_type ? call->content_type : "data");
}

char *
_fs_http_call_describe_abridged (FsHttpCall *call,
                                 gsize       max_string)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%s %s\n", call->method, call->url);
  for (guint i = 0; i + 1 < call->headers->len; i += 2)
    g_string_append_printf (out, "%s: %s\n",
                            (char *) g_ptr_array_index (call->headers, i),
                            (char *) g_ptr_array_index (call->headers, i + 1));
  if (call->content_type != NULL)
    g_string_append_printf (out, "Content-Type: %s\n", call->content_type);
  if (fs_http_call_has_key (call))
    g_string_append_printf (out, "%s: %s%s[redacted]\n", call->key_header,
                            call->key_scheme ? call->key_scheme : "",
                            call->key_scheme ? " " : "");
  describe_body (call, max_string, out);

  return g_string_free (out, FALSE);
}

char *
fs_http_call_describe (FsHttpCall *call)
{
  g_return_val_if_fail (call != NULL, NULL);

  return _fs_http_call_describe_abridged (call, 0);
}

GPtrArray *
_fs_http_call_get_headers (FsHttpCall *call)
{
  return call->headers;
}

GPtrArray *
_fs_http_call_get_form_parts (FsHttpCall *call)
{
  return call->form_parts;
}

const char *
_fs_http_call_get_key_header (FsHttpCall  *call,
                              const char **scheme)
{
  if (!fs_http_call_has_key (call))
    return NULL;

  *scheme = call->key_scheme;
  return call->key_header;
}

/* The public struct is embedded first so the reference count stays out
 * of the header. */
typedef struct
{
  FsHttpResponse  pub;
  gatomicrefcount ref_count;
} FsHttpResponseReal;

FsHttpResponse *
_fs_http_response_new (void)
{
  FsHttpResponseReal *real = g_new0 (FsHttpResponseReal, 1);

  g_atomic_ref_count_init (&real->ref_count);
  return &real->pub;
}

FsHttpResponse *
fs_http_response_ref (FsHttpResponse *response)
{
  g_return_val_if_fail (response != NULL, NULL);

  g_atomic_ref_count_inc (&((FsHttpResponseReal *) response)->ref_count);
  return response;
}

void
fs_http_response_unref (FsHttpResponse *response)
{
  g_return_if_fail (response != NULL);

  if (!g_atomic_ref_count_dec (&((FsHttpResponseReal *) response)->ref_count))
    return;

  g_free (response->url);
  g_free (response->content_type);
  g_free (response->request_id);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response);
}

gboolean
fs_http_response_is_success (FsHttpResponse *response)
{
  g_return_val_if_fail (response != NULL, FALSE);
  return response->status >= 200 && response->status < 300;
}

JsonNode *
fs_http_response_parse_json (FsHttpResponse  *response,
                             GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *data;
  gsize size = 0;

  g_return_val_if_fail (response != NULL, NULL);

  data = response->body ? g_bytes_get_data (response->body, &size) : NULL;
  if (size == 0 || !fs_json_parser_load (parser, data, (gssize) MIN (size, G_MAXSSIZE),
                                         FS_JSON_MAX_ANSWER_BYTES, NULL))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_FAILED,
                   _("The server answered HTTP %u with a body that is not JSON"),
                   response->status);
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

void
_fs_http_call_apply_headers (FsHttpCall         *call,
                             SoupMessageHeaders *headers)
{
  for (guint i = 0; i + 1 < call->headers->len; i += 2)
    soup_message_headers_replace (headers, g_ptr_array_index (call->headers, i),
                                  g_ptr_array_index (call->headers, i + 1));
}
