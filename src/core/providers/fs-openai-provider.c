/* fs-openai-provider.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fs-error.h"
#include "fs-openai-provider.h"
#include "fs-provider-private.h"

/* OpenAI's Images API shape, as the APIYI gateway and self-hosted servers
 * speak it: synchronous /images/generations (JSON) and /images/edits
 * (multipart) answering {created, data:[{url}|{b64_json}]}. One class
 * serves both "apiyi" and "openai-compatible". */
struct _FsOpenaiProvider
{
  GObject  parent_instance;

  gboolean json_references;
};

enum {
  PROP_0,
  PROP_JSON_REFERENCES = FS_PROVIDER_N_COMMON_PROPS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void fs_openai_provider_iface_init (FsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FsOpenaiProvider, fs_openai_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FS_TYPE_PROVIDER,
                                                      fs_openai_provider_iface_init))

/* width/height become one OpenAI-style "size"; the rest go by wire name. */
static const char * const size_params[] = { "width", "height", NULL };

static const char *
get_wire_model (FsProvider *provider,
                FsModel    *model)
{
  const char *wire = fs_model_get_wire_id (model, fs_provider_get_id (provider));

  return wire != NULL ? wire : fs_model_get_id (model);
}

static char *
dup_size (FsProvider *provider,
          FsRequest  *request,
          FsModel    *model)
{
  const FsSizeRule *rule = fs_model_get_size_rule (model, fs_provider_get_id (provider));
  gint64 width = 0;
  gint64 height = 0;
  gboolean has_width = fs_request_get_int (request, "width", &width);
  gboolean has_height = fs_request_get_int (request, "height", &height);

  /* Models sized by aspect_ratio take that parameter instead. */
  if ((!has_width && !has_height) ||
      (rule != NULL && rule->kind == FS_SIZE_ASPECT_RATIO))
    return NULL;

  if (!has_width || !has_height)
    {
      guint w, h;

      if (!fs_request_get_output_size (request, model, &w, &h))
        return NULL;

      width = w;
      height = h;
    }

  return g_strdup_printf ("%" G_GINT64_FORMAT "x%" G_GINT64_FORMAT, width, height);
}

static char *
dup_reference_field (const char *wire,
                     guint       index)
{
  return index == 0 ? g_strdup (wire) : g_strdup_printf ("%s_%u", wire, index + 1);
}

/* References as JSON: input_image, input_image_2 … as data URLs in the
 * body of /images/generations, so no image hosting is needed
 * (docs/ARCHITECTURE.md, “Providers”). */
static void
add_json_references (FsProvider *provider,
                     JsonObject *object,
                     FsRequest  *request,
                     FsModel    *model)
{
  GPtrArray *references = fs_request_get_references (request);
  const char *wire = fs_model_get_reference_wire (model, fs_provider_get_id (provider));

  if (g_strcmp0 (wire, "image_prompt") != 0)
    wire = "input_image";

  for (guint i = 0; references != NULL && i < references->len; i++)
    {
      g_autofree char *field = dup_reference_field (wire, i);
      g_autofree char *data_url = NULL;

      data_url = fs_reference_dup_data_url (g_ptr_array_index (references, i));
      json_object_set_string_member (object, field, data_url);
    }
}

static FsHttpCall *
build_generation (FsProvider *provider,
                  FsRequest  *request,
                  FsModel    *model)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *size = dup_size (provider, request, model);
  g_autofree char *url = _fs_provider_dup_url (provider, "/images/generations");
  const char *prompt = fs_request_get_prompt (request);
  FsHttpCall *call;

  json_object_set_string_member (object, "model", get_wire_model (provider, model));
  json_object_set_string_member (object, "prompt", prompt != NULL ? prompt : "");
  if (size != NULL)
    json_object_set_string_member (object, "size", size);

  _fs_provider_add_json_params (provider, object, request, model, size_params);
  add_json_references (provider, object, request, model);

  root = json_node_init_object (json_node_alloc (), object);
  call = fs_http_call_new ("POST", url);
  fs_http_call_set_json (call, root);

  return call;
}

static void
append_form_field (SoupMultipart *multipart,
                   GString       *summary,
                   const char    *name,
                   const char    *value)
{
  soup_multipart_append_form_string (multipart, name, value);
  g_string_append_printf (summary, "%s, ", name);
}

static void
append_form_params (FsProvider    *provider,
                    SoupMultipart *multipart,
                    GString       *summary,
                    FsRequest     *request,
                    FsModel       *model)
{
  g_autoptr(GPtrArray) params = fs_model_get_params (model, fs_provider_get_id (provider));

  for (guint i = 0; params != NULL && i < params->len; i++)
    {
      FsParam *param = g_ptr_array_index (params, i);
      const char *name = fs_param_get_name (param);
      g_autofree char *text = NULL;
      GVariant *value;

      if (g_str_equal (name, "prompt") || g_strv_contains (size_params, name))
        continue;

      value = fs_request_get_param (request, name);
      if (value == NULL)
        continue;

      text = _fs_provider_param_to_string (param, value);
      append_form_field (multipart, summary, _fs_provider_param_wire (param), text);
    }
}

/* One image[] part per reference, in tray order, with the original bytes:
 * the prompt's "image 1" is the first part (docs/ARCHITECTURE.md,
 * “Providers”). */
static void
append_form_images (SoupMultipart *multipart,
                    GString       *summary,
                    GPtrArray     *references)
{
  g_string_append_printf (summary, "image[] ×%u (", references->len);

  for (guint i = 0; i < references->len; i++)
    {
      FsReference *reference = g_ptr_array_index (references, i);
      GBytes *bytes = fs_reference_get_bytes (reference);
      const char *extension = fs_reference_get_extension (reference);
      g_autofree char *filename = NULL;
      g_autofree char *size = NULL;

      filename = g_strdup_printf ("image-%u.%s", i + 1, extension);
      soup_multipart_append_form_file (multipart, "image[]", filename,
                                       fs_reference_get_mime_type (reference),
                                       bytes);

      size = g_format_size (g_bytes_get_size (bytes));
      g_string_append_printf (summary, "%s%s %s", i > 0 ? ", " : "", extension, size);
    }

  g_string_append_c (summary, ')');
}

static FsHttpCall *
build_edit (FsProvider *provider,
            FsRequest  *request,
            FsModel    *model)
{
  g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
  g_autoptr(GString) summary = g_string_new ("multipart: ");
  g_autofree char *size = dup_size (provider, request, model);
  g_autofree char *url = _fs_provider_dup_url (provider, "/images/edits");
  const char *prompt = fs_request_get_prompt (request);
  FsHttpCall *call;

  append_form_field (multipart, summary, "model", get_wire_model (provider, model));
  append_form_field (multipart, summary, "prompt", prompt != NULL ? prompt : "");
  if (size != NULL)
    append_form_field (multipart, summary, "size", size);

  append_form_params (provider, multipart, summary, request, model);
  append_form_images (multipart, summary, fs_request_get_references (request));

  call = fs_http_call_new ("POST", url);
  fs_http_call_set_multipart (call, multipart, summary->str);

  return call;
}

static FsHttpCall *
fs_openai_provider_build_submit (FsProvider  *provider,
                                 FsRequest   *request,
                                 FsModel     *model,
                                 const char  *key,
                                 GError     **error)
{
  FsOpenaiProvider *self = FS_OPENAI_PROVIDER (provider);
  GPtrArray *references;
  FsHttpCall *call;

  if (!_fs_provider_check_model (provider, model, error) ||
      !_fs_provider_check_key (provider, key, error) ||
      !_fs_provider_check_references (provider, request, model, error))
    return NULL;

  references = fs_request_get_references (request);
  if (references != NULL && references->len > 0 && !self->json_references)
    call = build_edit (provider, request, model);
  else
    call = build_generation (provider, request, model);

  fs_http_call_add_header (call, "accept", "application/json");
  if (key != NULL && key[0] != '\0')
    fs_http_call_set_key (call, "Authorization", "Bearer", key);
  fs_http_call_set_timeout (call, _fs_provider_timeout_for (model));

  return call;
}

static FsProviderResult *
fs_openai_provider_parse_submit (FsProvider      *provider,
                                 FsHttpResponse  *response,
                                 GError         **error)
{
  return _fs_provider_parse_image_list (provider, response, error);
}

/* GObject */

static void
fs_openai_provider_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FsOpenaiProvider *self = FS_OPENAI_PROVIDER (object);

  if (prop_id == PROP_JSON_REFERENCES)
    g_value_set_boolean (value, self->json_references);
  else if (!_fs_provider_get_common_property (object, prop_id, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
fs_openai_provider_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FsOpenaiProvider *self = FS_OPENAI_PROVIDER (object);

  if (prop_id == PROP_JSON_REFERENCES)
    {
      gboolean json_references = g_value_get_boolean (value);

      if (self->json_references != json_references)
        {
          self->json_references = json_references;
          g_object_notify_by_pspec (object, pspec);
        }
    }
  else if (!_fs_provider_set_common_property (object, prop_id, value))
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_openai_provider_iface_init (FsProviderInterface *iface)
{
  iface->build_submit = fs_openai_provider_build_submit;
  iface->parse_submit = fs_openai_provider_parse_submit;
}

static void
fs_openai_provider_class_init (FsOpenaiProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fs_openai_provider_get_property;
  object_class->set_property = fs_openai_provider_set_property;

  _fs_provider_override_properties (object_class);

  /* FALSE keeps the documented multipart /images/edits contract; TRUE
   * sends references as data URLs on /images/generations instead. */
  properties[PROP_JSON_REFERENCES] =
    g_param_spec_boolean ("json-references", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_property (object_class, PROP_JSON_REFERENCES,
                                   properties[PROP_JSON_REFERENCES]);
}

static void
fs_openai_provider_init (FsOpenaiProvider *self)
{
}
