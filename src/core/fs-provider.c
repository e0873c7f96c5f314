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
    .summary = N_("FLUX from its makers: every model, paid per image in credits."),
    .default_base_url = "https://api.bfl.ai",
    .key_env = "BFL_API_KEY",
    .curl_key_var = "$BFL_API_KEY",
    .needs_key = TRUE,
    .polls = TRUE,
    /* BFL's own examples poll every half second. */
    .poll_interval_ms = 500,
    .usd_per_credit = 0.01,
  },
  {
    .id = "apiyi",
    .name = N_("APIYI"),
    .summary = N_("A gateway to FLUX and other models through an OpenAI-style API."),
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
    .summary = N_("Any server with the OpenAI images API, such as your own FLUX.2 [klein]."),
    .default_base_url = NULL,
    .key_env = "FLUX_STUDIO_API_KEY",
    .curl_key_var = "$FLUX_STUDIO_API_KEY",
    .needs_key = FALSE,
  },
  {
    .id = "monica",
    .name = N_("Monica"),
    .summary = N_("FLUX [pro], [dev] and [schnell] on the Monica Open API Platform."),
    .default_base_url = "https://openapi.monica.im",
    .key_env = "MONICA_API_KEY",
    .curl_key_var = "$MONICA_API_KEY",
    .needs_key = TRUE,
  },
  {
    .id = "sandbox",
    .name = N_("Offline sandbox — not a FLUX model"),
    .summary = N_("Draws test pictures on this computer. No account and no cost, but not a FLUX model."),
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
_fs_provider_override_properties (GObjectClass *klass)
{
  g_object_class_override_property (klass, FS_PROVIDER_PROP_PROVIDER_ID,
                                    "provider-id");
  g_object_class_override_property (klass, FS_PROVIDER_PROP_BASE_URL,
                                    "base-url");
}

gboolean
_fs_provider_set_common_property (GObject      *object,
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
_fs_provider_get_common_property (GObject *object,
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

static void
common_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  if (!_fs_provider_get_common_property (object, prop_id, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
common_set_property (GObject      *object,
                     guint         prop_id,
                     const GValue *value,
                     GParamSpec   *pspec)
{
  if (!_fs_provider_set_common_property (object, prop_id, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

void
_fs_provider_class_init_common (GObjectClass *klass)
{
  klass->get_property = common_get_property;
  klass->set_property = common_set_property;

  _fs_provider_override_properties (klass);
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

const FsProviderInfo *
_fs_provider_get_info (FsProvider *self)
{
  const char *id = fs_provider_get_id (self);

  return id != NULL ? fs_provider_info_lookup (id) : NULL;
}

gboolean
fs_provider_is_local (FsProvider *self)
{
  const FsProviderInfo *info;

  g_return_val_if_fail (FS_IS_PROVIDER (self), FALSE);

  info = _fs_provider_get_info (self);
  return info != NULL && info->local;
}

gboolean
fs_provider_needs_key (FsProvider *self)
{
  const FsProviderInfo *info;

  g_return_val_if_fail (FS_IS_PROVIDER (self), FALSE);

  info = _fs_provider_get_info (self);
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

/* FALSE, with an error naming the provider, when the implementation
 * leaves the operation out. */
static gboolean
check_supported (FsProvider  *self,
                 gboolean     implemented,
                 GError     **error)
{
  if (implemented)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               /* Translators: %s is a provider name */
               _("%s does not support this operation"),
               _fs_provider_get_display_name (self));
  return FALSE;
}

/* The interface's parse_submit and parse_poll. */
typedef FsProviderResult *(*ParseFunc) (FsProvider      *self,
                                        FsHttpResponse  *response,
                                        GError         **error);

/* Submit and poll responses are parsed alike. */
static FsProviderResult *
parse_response (FsProvider      *self,
                ParseFunc        parse,
                FsHttpResponse  *response,
                GError         **error)
{
  if (!check_supported (self, parse != NULL, error))
    return NULL;

  return parse (self, response, error);
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
  if (!check_supported (self, iface->build_submit != NULL, error))
    return NULL;

  return iface->build_submit (self, request, model, key, error);
}

FsProviderResult *
fs_provider_parse_submit (FsProvider      *self,
                          FsHttpResponse  *response,
                          GError         **error)
{
  g_return_val_if_fail (FS_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (response != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse_response (self, FS_PROVIDER_GET_IFACE (self)->parse_submit,
                         response, error);
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
  g_return_val_if_fail (FS_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (response != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse_response (self, FS_PROVIDER_GET_IFACE (self)->parse_poll,
                         response, error);
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
  if (!check_supported (self, iface->parse_credits != NULL, error))
    return FALSE;

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
  if (!check_supported (self, iface->synthesize != NULL, error))
    return NULL;

  return iface->synthesize (self, request, model, index, error);
}

/* Helpers for the implementations */

const char *
_fs_provider_get_display_name (FsProvider *self)
{
  const FsProviderInfo *info = _fs_provider_get_info (self);

  return info != NULL ? _(info->name) : fs_provider_get_id (self);
}
