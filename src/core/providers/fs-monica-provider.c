/* fs-monica-provider.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fs-error.h"
#include "fs-monica-provider.h"
#include "fs-provider-private.h"

/* The Monica Open API Platform's FLUX.1 endpoint: one synchronous JSON
 * POST answering {data:[{url}, …]} with up to four images
 * (docs/ARCHITECTURE.md, “Providers”). */
struct _FsMonicaProvider
{
  GObject parent_instance;
};

static void fs_monica_provider_iface_init (FsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FsMonicaProvider, fs_monica_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FS_TYPE_PROVIDER,
                                                      fs_monica_provider_iface_init))

#define MONICA_FLUX_PATH "/v1/image/gen/flux"

/* Monica takes one of three fixed "WxH" sizes in "size". A request that
 * carries width and height instead still maps onto that field. */
static void
add_size_fallback (JsonObject *object,
                   FsRequest  *request)
{
  gint64 width;
  gint64 height;
  g_autofree char *size = NULL;

  if (json_object_has_member (object, "size") ||
      !fs_request_get_int (request, "width", &width) ||
      !fs_request_get_int (request, "height", &height))
    return;

  size = g_strdup_printf ("%" G_GINT64_FORMAT "x%" G_GINT64_FORMAT, width, height);
  json_object_set_string_member (object, "size", size);
}

static FsHttpCall *
fs_monica_provider_build_submit (FsProvider  *provider,
                                 FsRequest   *request,
                                 FsModel     *model,
                                 const char  *key,
                                 GError     **error)
{
  static const char * const size_params[] = { "width", "height", NULL };
  const char *id = fs_provider_get_id (provider);
  const char *wire = fs_model_get_wire_id (model, id);
  const char *path = fs_model_get_path (model, id);
  const char *prompt = fs_request_get_prompt (request);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *url = NULL;
  FsHttpCall *call;

  if (!_fs_provider_check_model (provider, model, error) ||
      !_fs_provider_check_key (provider, key, error) ||
      !_fs_provider_check_references (provider, request, model, error))
    return NULL;

  object = json_object_new ();
  json_object_set_string_member (object, "model",
                                 wire != NULL ? wire : fs_model_get_id (model));
  json_object_set_string_member (object, "prompt", prompt != NULL ? prompt : "");
  _fs_provider_add_json_params (provider, object, request, model, size_params);
  add_size_fallback (object, request);

  url = _fs_provider_dup_url (provider, path != NULL && path[0] != '\0'
                                       ? path : MONICA_FLUX_PATH);
  root = json_node_init_object (json_node_alloc (), object);

  call = fs_http_call_new ("POST", url);
  fs_http_call_add_header (call, "accept", "application/json");
  fs_http_call_set_json (call, root);
  fs_http_call_set_key (call, "Authorization", "Bearer", key);
  fs_http_call_set_timeout (call, _fs_provider_timeout_for (model));

  return call;
}

static FsProviderResult *
fs_monica_provider_parse_submit (FsProvider      *provider,
                                 FsHttpResponse  *response,
                                 GError         **error)
{
  return _fs_provider_parse_image_list (provider, response, error);
}

/* GObject */

static void
fs_monica_provider_iface_init (FsProviderInterface *iface)
{
  iface->build_submit = fs_monica_provider_build_submit;
  iface->parse_submit = fs_monica_provider_parse_submit;
}

static void
fs_monica_provider_class_init (FsMonicaProviderClass *klass)
{
  _fs_provider_class_init_common (G_OBJECT_CLASS (klass));
}

static void
fs_monica_provider_init (FsMonicaProvider *self)
{
}
