/* fs-provider.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "fs-error.h"
#include "fs-provider.h"
#include "fs-provider-private.h"
#include "fs-bfl-provider.h"
#include "fs-monica-provider.h"
#include "fs-openai-provider.h"
#include "fs-sandbox-provider.h"

G_DEFINE_INTERFACE (FsProvider, fs_provider, G_TYPE_OBJECT)

static const FsProviderInfo provider_infos[] = {
  {
    .id = "bfl",
    .name = N_("Black Forest Labs"),
    .default_base_url = "https://api.bfl.ai",
    .key_env = "BFL_API_KEY",
    .curl_key_var = "$BFL_API_KEY",
    .needs_key = TRUE,
  },
  {
    .id = "apiyi",
    .name = N_("APIYI"),
    .default_base_url = "https://api.apiyi.com/v1",
    .key_env = "APIYI_API_KEY",
    .curl_key_var = "$APIYI_API_KEY",
    .needs_key = TRUE,
  },
  {
    /* A self-hosted server often runs without authentication, so the key
     * is sent when there is one but its absence is not an error. */
    .id = "openai-compatible",
    .name = N_("OpenAI-compatible server"),
    .default_base_url = NULL,
    .key_env = "FLUX_STUDIO_API_KEY",
    .curl_key_var = "$FLUX_STUDIO_API_KEY",
    .needs_key = FALSE,
  },
  {
    .id = "monica",
    .name = N_("Monica"),
    .default_base_url = "https://openapi.monica.im",
    .key_env = "MONICA_API_KEY",
    .curl_key_var = "$MONICA_API_KEY",
    .needs_key = TRUE,
  },
  {
    .id = "sandbox",
    .name = N_("Offline sandbox — not a FLUX model"),
    .local = TRUE,
  },
};

static GQuark
provider_id_quark (void)
{
  return g_quark_from_static_string ("fs-provider-id");
}

static GQuark
base_url_quark (void)
{
  return g_quark_from_static_string ("fs-provider-base-url");
}

static void
fs_provider_default_init (FsProviderInterface *iface)
{
  g_object_interface_install_property (iface,
    g_param_spec_string ("provider-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS)));

  g_object_interface_install_property (iface,
    g_param_spec_string ("base-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS)));
}

/* Results */

FsProviderResult *
fs_provider_result_new (void)
{
  FsProviderResult *result = g_new0 (FsProviderResult, 1);

  result->status = FS_TASK_PENDING;
  result->urls = g_ptr_array_new_with_free_func (g_free);
  result->images = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  result->progress = -1;
  result->cost = NAN;
  result->seed = -1;

  return result;
}

void
fs_provider_result_free (FsProviderResult *result)
{
  if (result == NULL)
    return;

  g_free (result->task_id);
  g_free (result->polling_url);
  g_free (result->raw_status);
  g_clear_pointer (&result->urls, g_ptr_array_unref);
  g_clear_pointer (&result->images, g_ptr_array_unref);
  g_free (result);
}

/* Static facts */

const FsProviderInfo *
fs_provider_info_list (guint *n_infos)
{
  if (n_infos != NULL)
    *n_infos = G_N_ELEMENTS (provider_infos);

  return provider_infos;
}

const FsProviderInfo *
fs_provider_info_lookup (const char *provider_id)
{
  g_return_val_if_fail (provider_id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (provider_infos); i++)
    {
      if (g_str_equal (provider_infos[i].id, provider_id))
        return &provider_infos[i];
    }

  return NULL;
}

/* Construction */

static GType
provider_type_for_id (const char *provider_id)
{
  if (g_str_equal (provider_id, "bfl"))
    return FS_TYPE_BFL_PROVIDER;
  if (g_str_equal (provider_id, "monica"))
    return FS_TYPE_MONICA_PROVIDER;
  if (g_str_equal (provider_id, "sandbox"))
    return FS_TYPE_SANDBOX_PROVIDER;

  return FS_TYPE_OPENAI_PROVIDER;
}

/* Validates @base_url under the https-or-loopback rule and drops trailing
 * slashes, so that "{base}{path}" never produces "//". */
static char *
normalize_base_url (const FsProviderInfo  *info,
                    const char            *base_url,
                    GError               **error)
{
  g_autofree char *url = NULL;
  gsize len;

  url = g_strstrip (g_strdup (base_url != NULL ? base_url : ""));

  if (url[0] == '\0')
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   /* Translators: %s is a provider name */
                   _("%s needs a base URL, for example http://127.0.0.1:8000/v1"),
                   _(info->name));
      return NULL;
    }

  if (!fs_http_check_base_url (url, error))
    return NULL;

  len = strlen (url);
  while (len > 0 && url[len - 1] == '/' && !g_str_has_suffix (url, "://"))
    url[--len] = '\0';

  return g_steal_pointer (&url);
}

FsProvider *
fs_provider_new (const char  *provider_id,
                 const char  *base_url,
                 GError     **error)
{
  const FsProviderInfo *info;
  g_autofree char *url = NULL;

  g_return_val_if_fail (provider_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  info = fs_provider_info_lookup (provider_id);
  if (info == NULL)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("There is no provider called “%s”"), provider_id);
      return NULL;
    }

  /* The sandbox runs in process: it has no URL to check. */
  if (!info->local)
    {
      url = normalize_base_url (info,
                                base_url != NULL ? base_url : info->default_base_url,
                                error);
      if (url == NULL)
        return NULL;
    }

  return g_object_new (provider_type_for_id (info->id),
                       "provider-id", info->id,
                       "base-url", url,
                       NULL);
}

/* Properties shared by the implementations */

void
fs_provider_override_properties (GObjectClass *klass)
{
  g_object_class_override_property (klass, FS_PROVIDER_PROP_PROVIDER_ID,
                                    "provider-id");
  g_object_class_override_property (klass, FS_PROVIDER_PROP_BASE_URL,
                                    "base-url");
}

gboolean
fs_provider_set_common_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value)
{
  GQuark quark;

  if (prop_id == FS_PROVIDER_PROP_PROVIDER_ID)
    quark = provider_id_quark ();
  else if (prop_id == FS_PROVIDER_PROP_BASE_URL)
    quark = base_url_quark ();
  else
    return FALSE;

  /* Both are construct-only: this runs once, before anyone can read. */
  g_object_set_qdata_full (object, quark, g_value_dup_string (value), g_free);
  return TRUE;
}

gboolean
fs_provider_get_common_property (GObject *object,
                                 guint    prop_id,
                                 GValue  *value)
{
  if (prop_id == FS_PROVIDER_PROP_PROVIDER_ID)
    g_value_set_string (value, g_object_get_qdata (object, provider_id_quark ()));
  else if (prop_id == FS_PROVIDER_PROP_BASE_URL)
    g_value_set_string (value, g_object_get_qdata (object, base_url_quark ()));
  else
    return FALSE;

  return TRUE;
}

/* Accessors */

const char *
fs_provider_get_id (FsProvider *self)
{
  g_return_val_if_fail (FS_IS_PROVIDER (self), NULL);

  return g_object_get_qdata (G_OBJECT (self), provider_id_quark ());
}

const char *
fs_provider_get_base_url (FsProvider *self)
{
  g_return_val_if_fail (FS_IS_PROVIDER (self), NULL);

  return g_object_get_qdata (G_OBJECT (self), base_url_quark ());
}

static const FsProviderInfo *
provider_info (FsProvider *self)
{
  const char *id = fs_provider_get_id (self);

  return id != NULL ? fs_provider_info_lookup (id) : NULL;
}

gboolean
fs_provider_is_local (FsProvider *self)
{
  const FsProviderInfo *info;

  g_return_val_if_fail (FS_IS_PROVIDER (self), FALSE);

  info = provider_info (self);
  return info != NULL && info->local;
}

gboolean
fs_provider_needs_key (FsProvider *self)
{
  const FsProviderInfo *info;

  g_return_val_if_fail (FS_IS_PROVIDER (self), FALSE);

  info = provider_info (self);
  return info != NULL && info->needs_key;
}

void
fs_provider_set_json_references (FsProvider *self,
                                 gboolean    json_references)
{
  g_return_if_fail (FS_IS_PROVIDER (self));

  /* Only the OpenAI-style providers have a choice of encoding. */
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (self), "json-references"))
    g_object_set (self, "json-references", !!json_references, NULL);
}

/* Dispatch */

static void
set_not_supported (FsProvider  *self,
                   GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               /* Translators: %s is a provider name */
               _("%s does not support this operation"),
               fs_provider_get_display_name (self));
}

FsHttpCall *
fs_provider_build_submit (FsProvider  *self,
                          FsRequest   *request,
                          FsModel     *model,
                          const char  *key,
                          GError     **error)
{
  FsProviderInterface *iface;

  g_return_val_if_fail (FS_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (FS_IS_REQUEST (request), NULL);
  g_return_val_if_fail (FS_IS_MODEL (model), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = FS_PROVIDER_GET_IFACE (self);
  if (iface->build_submit == NULL)
    {
      set_not_supported (self, error);
      return NULL;
    }

  return iface->build_submit (self, request, model, key, error);
}

FsProviderResult *
fs_provider_parse_submit (FsProvider      *self,
                          FsHttpResponse  *response,
                          GError         **error)
{
  FsProviderInterface *iface;

  g_return_val_if_fail (FS_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (response != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = FS_PROVIDER_GET_IFACE (self);
  if (iface->parse_submit == NULL)
    {
      set_not_supported (self, error);
      return NULL;
    }

  return iface->parse_submit (self, response, error);
}

FsHttpCall *
fs_provider_build_poll (FsProvider *self,
                        const char *polling_url,
                        const char *key)
{
  FsProviderInterface *iface;

  g_return_val_if_fail (FS_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (polling_url != NULL, NULL);

  iface = FS_PROVIDER_GET_IFACE (self);
  if (iface->build_poll == NULL)
    return NULL;

  return iface->build_poll (self, polling_url, key);
}

FsProviderResult *
fs_provider_parse_poll (FsProvider      *self,
                        FsHttpResponse  *response,
                        GError         **error)
{
  FsProviderInterface *iface;

  g_return_val_if_fail (FS_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (response != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = FS_PROVIDER_GET_IFACE (self);
  if (iface->parse_poll == NULL)
    {
      set_not_supported (self, error);
      return NULL;
    }

  return iface->parse_poll (self, response, error);
}

FsHttpCall *
fs_provider_build_credits (FsProvider *self,
                           const char *key)
{
  FsProviderInterface *iface;

  g_return_val_if_fail (FS_IS_PROVIDER (self), NULL);

  iface = FS_PROVIDER_GET_IFACE (self);
  if (iface->build_credits == NULL)
    return NULL;

  return iface->build_credits (self, key);
}

gboolean
fs_provider_parse_credits (FsProvider      *self,
                           FsHttpResponse  *response,
                           double          *credits,
                           GError         **error)
{
  FsProviderInterface *iface;

  g_return_val_if_fail (FS_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (response != NULL, FALSE);
  g_return_val_if_fail (credits != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = FS_PROVIDER_GET_IFACE (self);
  if (iface->parse_credits == NULL)
    {
      set_not_supported (self, error);
      return FALSE;
    }

  return iface->parse_credits (self, response, credits, error);
}

GBytes *
fs_provider_synthesize (FsProvider  *self,
                        FsRequest   *request,
                        FsModel     *model,
                        guint        index,
                        GError     **error)
{
  FsProviderInterface *iface;

  g_return_val_if_fail (FS_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (FS_IS_REQUEST (request), NULL);
  g_return_val_if_fail (FS_IS_MODEL (model), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = FS_PROVIDER_GET_IFACE (self);
  if (iface->synthesize == NULL)
    {
      set_not_supported (self, error);
      return NULL;
    }

  return iface->synthesize (self, request, model, index, error);
}

/* Helpers for the implementations */

const char *
fs_provider_get_display_name (FsProvider *self)
{
  const FsProviderInfo *info = provider_info (self);

  return info != NULL ? _(info->name) : fs_provider_get_id (self);
}

gboolean
fs_provider_check_model (FsProvider  *self,
                         FsModel     *model,
                         GError     **error)
{
  if (fs_model_has_provider (model, fs_provider_get_id (self)))
    return TRUE;

  g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
               /* Translators: a model name, then a provider name */
               _("%s is not available on %s"),
               fs_model_get_name (model), fs_provider_get_display_name (self));
  return FALSE;
}

gboolean
fs_provider_check_key (FsProvider  *self,
                       const char  *key,
                       GError     **error)
{
  const FsProviderInfo *info = provider_info (self);

  if (info == NULL || !info->needs_key || (key != NULL && key[0] != '\0'))
    return TRUE;

  g_set_error (error, FS_ERROR, FS_ERROR_NO_KEY,
               /* Translators: a provider name, then an environment variable */
               _("No API key is set for %s. Add one in Preferences or set %s."),
               _(info->name), info->key_env);
  return FALSE;
}

gboolean
fs_provider_check_references (FsProvider  *self,
                              FsRequest   *request,
                              FsModel     *model,
                              GError     **error)
{
  const char *id = fs_provider_get_id (self);
  GPtrArray *references = fs_request_get_references (request);
  guint max;

  if (references == NULL || references->len == 0)
    return TRUE;

  max = fs_model_get_max_references (model, id) +
        fs_model_get_experimental_references (model, id);

  if (max == 0)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   /* Translators: a model name, then a provider name */
                   _("%s takes no reference images on %s"),
                   fs_model_get_name (model), fs_provider_get_display_name (self));
      return FALSE;
    }

  if (references->len > max)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   ngettext ("%s takes at most %u reference image; remove %u",
                             "%s takes at most %u reference images; remove %u",
                             max),
                   fs_model_get_name (model), max, references->len - max);
      return FALSE;
    }

  return TRUE;
}

char *
fs_provider_dup_url (FsProvider *self,
                     const char *path)
{
  const char *base = fs_provider_get_base_url (self);

  g_assert (base != NULL);
  g_assert (path != NULL);

  return g_strconcat (base, path[0] == '/' ? "" : "/", path, NULL);
}

guint
fs_provider_timeout_for (FsModel *model)
{
  /* FLUX.2 [flex] runs up to 50 steps and is documented as needing up to
   * 180 s; every other model answers well within the default. */
  if (strstr (fs_model_get_id (model), "flex") != NULL)
    return 180;

  return FS_HTTP_DEFAULT_TIMEOUT;
}

/* Parameters */

const char *
fs_provider_param_wire (FsParam *param)
{
  const char *wire = fs_param_get_wire (param);

  return wire != NULL && wire[0] != '\0' ? wire : fs_param_get_name (param);
}

static gboolean
variant_to_double (GVariant *value,
                   double   *out)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    {
      g_autoptr(GVariant) inner = g_variant_get_variant (value);
      return variant_to_double (inner, out);
    }

  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_BYTE:    *out = g_variant_get_byte (value); break;
    case G_VARIANT_CLASS_INT16:   *out = g_variant_get_int16 (value); break;
    case G_VARIANT_CLASS_UINT16:  *out = g_variant_get_uint16 (value); break;
    case G_VARIANT_CLASS_INT32:   *out = g_variant_get_int32 (value); break;
    case G_VARIANT_CLASS_UINT32:  *out = g_variant_get_uint32 (value); break;
    case G_VARIANT_CLASS_INT64:   *out = g_variant_get_int64 (value); break;
    case G_VARIANT_CLASS_UINT64:  *out = g_variant_get_uint64 (value); break;
    case G_VARIANT_CLASS_DOUBLE:  *out = g_variant_get_double (value); break;
    case G_VARIANT_CLASS_BOOLEAN: *out = g_variant_get_boolean (value); break;
    case G_VARIANT_CLASS_STRING:
      *out = g_ascii_strtod (g_variant_get_string (value, NULL), NULL);
      break;
    default:
      return FALSE;
    }

  return TRUE;
}

static gint64
variant_to_int64 (GVariant *value)
{
  double d = 0;

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    return g_variant_get_int64 (value);

  variant_to_double (value, &d);
  return (gint64) llround (d);
}

static gboolean
variant_to_boolean (GVariant *value)
{
  double d = 0;

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return g_ascii_strcasecmp (g_variant_get_string (value, NULL), "true") == 0;

  variant_to_double (value, &d);
  return d != 0;
}

static char *
variant_to_text (GVariant *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return g_variant_dup_string (value, NULL);

  return g_variant_print (value, FALSE);
}

JsonNode *
fs_provider_param_to_node (FsParam  *param,
                           GVariant *value)
{
  JsonNode *node = json_node_alloc ();
  double d = 0;

  switch (fs_param_get_param_type (param))
    {
    case FS_PARAM_INT:
      return json_node_init_int (node, variant_to_int64 (value));

    case FS_PARAM_NUMBER:
      variant_to_double (value, &d);
      return json_node_init_double (node, d);

    case FS_PARAM_BOOL:
      return json_node_init_boolean (node, variant_to_boolean (value));

    case FS_PARAM_ENUM:
    case FS_PARAM_STRING:
    default:
      {
        g_autofree char *text = variant_to_text (value);
        return json_node_init_string (node, text);
      }
    }
}

char *
fs_provider_param_to_string (FsParam  *param,
                             GVariant *value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  double d = 0;

  switch (fs_param_get_param_type (param))
    {
    case FS_PARAM_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, variant_to_int64 (value));

    case FS_PARAM_NUMBER:
      /* Locale-independent, and without the 17-digit noise of %.17g. */
      variant_to_double (value, &d);
      return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%g", d));

    case FS_PARAM_BOOL:
      return g_strdup (variant_to_boolean (value) ? "true" : "false");

    case FS_PARAM_ENUM:
    case FS_PARAM_STRING:
    default:
      return variant_to_text (value);
    }
}

void
fs_provider_add_json_params (FsProvider         *self,
                             JsonObject         *object,
                             FsRequest          *request,
                             FsModel            *model,
                             const char * const *skip)
{
  g_autoptr(GPtrArray) params = fs_model_get_params (model, fs_provider_get_id (self));

  for (guint i = 0; params != NULL && i < params->len; i++)
    {
      FsParam *param = g_ptr_array_index (params, i);
      const char *name = fs_param_get_name (param);
      GVariant *value;

      /* The prompt has its own place in every body. */
      if (g_str_equal (name, "prompt") ||
          (skip != NULL && g_strv_contains (skip, name)))
        continue;

      value = fs_request_get_param (request, name);
      if (value == NULL)
        continue;

      json_object_set_member (object, fs_provider_param_wire (param),
                              fs_provider_param_to_node (param, value));
    }
}

/* Responses */

JsonObject *
fs_provider_parse_object (FsHttpResponse *response)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  gconstpointer data;
  gsize size = 0;

  if (response->body == NULL)
    return NULL;

  data = g_bytes_get_data (response->body, &size);
  if (size == 0 || size > G_MAXSSIZE)
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

GError *
fs_provider_response_error (FsProvider     *self,
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

  return fs_api_error_to_gerror (api_error, fs_provider_get_display_name (self));
}

const char *
fs_provider_json_string (JsonObject *object,
                         const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

gboolean
fs_provider_json_number (JsonObject *object,
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
fs_provider_json_object (JsonObject *object,
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
  url = fs_provider_json_string (object, "url");
  b64 = fs_provider_json_string (object, "b64_json");

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
fs_provider_parse_image_list (FsProvider      *self,
                              FsHttpResponse  *response,
                              GError         **error)
{
  g_autoptr(FsProviderResult) result = NULL;
  g_autoptr(JsonObject) object = NULL;
  JsonNode *data;

  if (!fs_http_response_is_success (response))
    {
      g_propagate_error (error, fs_provider_response_error (self, response));
      return NULL;
    }

  result = fs_provider_result_new ();
  object = fs_provider_parse_object (response);
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
                   fs_provider_get_display_name (self));
      return NULL;
    }

  result->status = FS_TASK_READY;
  result->progress = 1;
  return g_steal_pointer (&result);
}
