/* fs-bfl-provider.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fs-error.h"
#include "fs-bfl-provider.h"
#include "fs-json.h"
#include "fs-provider-private.h"

/* Black Forest Labs' own API: an asynchronous submit that answers with a
 * polling URL, then polls of that URL until the task reaches a terminal
 * status (docs/ARCHITECTURE.md, “Providers”). */
struct _FsBflProvider
{
  GObject parent_instance;
};

static void fs_bfl_provider_iface_init (FsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FsBflProvider, fs_bfl_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FS_TYPE_PROVIDER,
                                                      fs_bfl_provider_iface_init))

/* Submit */

/* BFL reports cost in credits; one credit is one US cent
 * (docs/ARCHITECTURE.md, “Providers”). Records hold US dollars. */
static void
take_cost (JsonObject       *object,
           FsProviderResult *result)
{
  double credits;

  if (_fs_provider_json_number (object, "cost", &credits))
    result->cost = credits / 100.0;
}

static gboolean
add_references (FsProvider  *provider,
                JsonObject  *object,
                FsRequest   *request,
                FsModel     *model,
                GError     **error)
{
  GPtrArray *references = fs_request_get_references (request);
  const char *wire;

  if (references == NULL || references->len == 0)
    return TRUE;

  wire = fs_model_get_reference_wire (model, fs_provider_get_id (provider));
  if (wire == NULL || wire[0] == '\0')
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("%s takes no reference images on %s"),
                   fs_model_get_name (model),
                   _fs_provider_get_display_name (provider));
      return FALSE;
    }

  /* Tray order is the prompt's "image 1", "image 2" …: input_image,
   * input_image_2 … input_image_8. BFL takes bare base64. */
  for (guint i = 0; i < references->len; i++)
    {
      FsReference *reference = g_ptr_array_index (references, i);
      g_autofree char *name = NULL;
      g_autofree char *base64 = fs_reference_dup_base64 (reference);

      name = i == 0 ? g_strdup (wire) : g_strdup_printf ("%s_%u", wire, i + 1);
      json_object_set_string_member (object, name, base64);
    }

  return TRUE;
}

/* FLUX.1 Fill and Expand take the image to edit, and Fill its mask, as
 * bare base64 under the catalog's field names (docs/ARCHITECTURE.md,
 * “Editing images”). */
static gboolean
add_edit_images (FsProvider  *provider,
                 JsonObject  *object,
                 FsRequest   *request,
                 FsModel     *model,
                 GError     **error)
{
  const char *id = fs_provider_get_id (provider);
  const char *image_wire = fs_model_get_image_wire (model, id);
  const char *mask_wire = fs_model_get_mask_wire (model, id);
  FsReference *image = fs_request_get_image (request);
  FsReference *mask = fs_request_get_mask (request);
  g_autofree char *image_base64 = NULL;

  if (image_wire == NULL && image == NULL && mask == NULL)
    return TRUE;

  if (image_wire == NULL || image == NULL || (mask_wire != NULL) != (mask != NULL))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   /* Translators: a model name, then a provider name */
                   _("%s on %s needs the image to edit, and a mask exactly when it takes one"),
                   fs_model_get_name (model), _fs_provider_get_display_name (provider));
      return FALSE;
    }

  image_base64 = fs_reference_dup_base64 (image);
  json_object_set_string_member (object, image_wire, image_base64);
  if (mask != NULL)
    {
      g_autofree char *mask_base64 = fs_reference_dup_base64 (mask);

      json_object_set_string_member (object, mask_wire, mask_base64);
    }

  return TRUE;
}

static char *
dup_submit_url (FsProvider *provider,
                FsModel    *model)
{
  const char *id = fs_provider_get_id (provider);
  const char *path = fs_model_get_path (model, id);
  g_autofree char *fallback = NULL;

  if (path == NULL || path[0] == '\0')
    {
      const char *wire = fs_model_get_wire_id (model, id);

      fallback = g_strconcat ("/v1/", wire != NULL ? wire : fs_model_get_id (model),
                              NULL);
      path = fallback;
    }

  return _fs_provider_dup_url (provider, path);
}

static FsHttpCall *
fs_bfl_provider_build_submit (FsProvider  *provider,
                              FsRequest   *request,
                              FsModel     *model,
                              const char  *key,
                              GError     **error)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(FsHttpCall) call = NULL;
  g_autofree char *url = NULL;
  const char *prompt;

  if (!_fs_provider_check_model (provider, model, error) ||
      !_fs_provider_check_key (provider, key, error) ||
      !_fs_provider_check_references (provider, request, model, error))
    return NULL;

  prompt = fs_request_get_prompt (request);
  object = json_object_new ();
  json_object_set_string_member (object, "prompt", prompt != NULL ? prompt : "");
  _fs_provider_add_json_params (provider, object, request, model, NULL);

  if (!add_references (provider, object, request, model, error) ||
      !add_edit_images (provider, object, request, model, error))
    return NULL;

  url = dup_submit_url (provider, model);
  root = json_node_init_object (json_node_alloc (), object);

  call = fs_http_call_new ("POST", url);
  fs_http_call_add_header (call, "accept", "application/json");
  fs_http_call_set_json (call, root);
  fs_http_call_set_key (call, "x-key", NULL, key);
  fs_http_call_set_timeout (call, _fs_provider_timeout_for (model));

  return g_steal_pointer (&call);
}

static FsProviderResult *
fs_bfl_provider_parse_submit (FsProvider      *provider,
                              FsHttpResponse  *response,
                              GError         **error)
{
  g_autoptr(FsProviderResult) result = NULL;
  g_autoptr(JsonObject) object = NULL;
  const char *polling_url;

  if (!fs_http_response_is_success (response))
    {
      g_propagate_error (error, _fs_provider_response_error (provider, response));
      return NULL;
    }

  object = _fs_provider_parse_object (response);
  polling_url = object != NULL ? fs_json_get_string (object, "polling_url") : NULL;

  /* The polling URL names the cluster that holds the task; a URL made up
   * here would poll the wrong region and find nothing. */
  if (polling_url == NULL || polling_url[0] == '\0')
    {
      g_set_error_literal (error, FS_ERROR, FS_ERROR_FAILED,
                           _("BFL did not return a polling URL"));
      return NULL;
    }

  result = fs_provider_result_new ();
  result->status = FS_TASK_PENDING;
  result->polling_url = g_strdup (polling_url);
  result->task_id = g_strdup (fs_json_get_string (object, "id"));
  result->raw_status = g_strdup (fs_json_get_string (object, "status"));
  take_cost (object, result);

  return g_steal_pointer (&result);
}

/* Poll */

static gboolean
is_bfl_api_host (GUri *uri)
{
  g_autofree char *host = NULL;

  if (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 ||
      g_uri_get_host (uri) == NULL)
    return FALSE;

  if (g_uri_get_port (uri) != -1 && g_uri_get_port (uri) != 443)
    return FALSE;

  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  return g_str_has_prefix (host, "api") && g_str_has_suffix (host, ".bfl.ai");
}

static gboolean
is_same_origin (GUri *a,
                GUri *b)
{
  return g_strcmp0 (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_uri_get_host (a) != NULL && g_uri_get_host (b) != NULL &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         g_uri_get_port (a) == g_uri_get_port (b);
}

/* The key goes only where it came from or to BFL's own API hosts; a
 * polling URL elsewhere (a proxy, a hostile answer) polls without it. */
static gboolean
may_receive_key (FsProvider *provider,
                 const char *polling_url)
{
  const GUriFlags flags = G_URI_FLAGS_SCHEME_NORMALIZE;
  g_autoptr(GUri) uri = g_uri_parse (polling_url, flags, NULL);
  g_autoptr(GUri) base = NULL;

  if (uri == NULL)
    return FALSE;

  if (is_bfl_api_host (uri))
    return TRUE;

  base = g_uri_parse (fs_provider_get_base_url (provider), flags, NULL);
  return base != NULL && is_same_origin (uri, base);
}

static FsHttpCall *
fs_bfl_provider_build_poll (FsProvider *provider,
                            const char *polling_url,
                            const char *key)
{
  FsHttpCall *call;

  /* Exactly as BFL sent it: rebuilding it or swapping its host makes the
   * global endpoint answer 404 for regional tasks. */
  call = fs_http_call_new ("GET", polling_url);
  fs_http_call_add_header (call, "accept", "application/json");

  if (key != NULL && key[0] != '\0' && may_receive_key (provider, polling_url))
    fs_http_call_set_key (call, "x-key", NULL, key);

  return call;
}

static char *
dup_moderation_reasons (JsonObject *task)
{
  JsonObject *details = _fs_provider_json_object (task, "details");
  JsonNode *node;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) reasons = NULL;

  if (details == NULL)
    return NULL;

  node = json_object_get_member (details, "Moderation Reasons");
  if (node == NULL)
    return NULL;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (node), i);

      if (JSON_NODE_HOLDS_VALUE (item) &&
          json_node_get_value_type (item) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (item));
    }

  reasons = g_strv_builder_end (builder);
  return reasons[0] != NULL ? g_strjoinv (", ", reasons) : NULL;
}

static void
set_moderated_error (JsonObject  *task,
                     gboolean     before_processing,
                     GError     **error)
{
  g_autofree char *reasons = dup_moderation_reasons (task);

  /* "Request Moderated" stops the task before it runs; "Content
   * Moderated" discards an image that was made. */
  if (before_processing && reasons != NULL)
    g_set_error (error, FS_ERROR, FS_ERROR_MODERATED,
                 _("The provider blocked this prompt (moderation: %s). Nothing was charged."),
                 reasons);
  else if (before_processing)
    g_set_error_literal (error, FS_ERROR, FS_ERROR_MODERATED,
                         _("The provider blocked this prompt. Nothing was charged."));
  else if (reasons != NULL)
    g_set_error (error, FS_ERROR, FS_ERROR_MODERATED,
                 _("The provider blocked the result (moderation: %s). Try another prompt or seed."),
                 reasons);
  else
    g_set_error_literal (error, FS_ERROR, FS_ERROR_MODERATED,
                         _("The provider blocked the result. Try another prompt or seed."));
}

static const char *
find_error_text (JsonObject *task)
{
  JsonObject *details = _fs_provider_json_object (task, "details");
  JsonObject *result = _fs_provider_json_object (task, "result");
  const char *text = NULL;

  /* details.error is current; result.error is what older tasks carry. */
  if (details != NULL)
    text = fs_json_get_string (details, "error");
  if (text == NULL)
    text = fs_json_get_string (task, "details");
  if (text == NULL && result != NULL)
    text = fs_json_get_string (result, "error");
  if (text == NULL)
    text = fs_json_get_string (task, "result");

  return text != NULL && text[0] != '\0' ? text : NULL;
}

static void
set_task_error (JsonObject  *task,
                GError     **error)
{
  const char *text = find_error_text (task);

  if (text != NULL)
    g_set_error (error, FS_ERROR, FS_ERROR_FAILED,
                 _("BFL could not make the image: %s"), text);
  else
    g_set_error_literal (error, FS_ERROR, FS_ERROR_FAILED,
                         _("BFL could not make the image and gave no reason"));
}

static FsProviderResult *
parse_ready (JsonObject  *task,
             GError     **error)
{
  g_autoptr(FsProviderResult) result = NULL;
  JsonObject *sample_result = _fs_provider_json_object (task, "result");
  const char *sample = NULL;
  double seed;

  if (sample_result != NULL)
    sample = fs_json_get_string (sample_result, "sample");

  if (sample == NULL || sample[0] == '\0')
    {
      g_set_error_literal (error, FS_ERROR, FS_ERROR_FAILED,
                           _("BFL reported the image ready but sent no link to it"));
      return NULL;
    }

  result = fs_provider_result_new ();
  result->status = FS_TASK_READY;
  result->progress = 1;
  g_ptr_array_add (result->urls, g_strdup (sample));

  if (_fs_provider_json_number (sample_result, "seed", &seed))
    result->seed = (gint64) seed;

  /* FLUX.1-era endpoints settle the cost only here, not on submit. */
  take_cost (task, result);

  return g_steal_pointer (&result);
}

static FsProviderResult *
parse_pending (JsonObject *task)
{
  FsProviderResult *result = fs_provider_result_new ();
  double progress;

  result->status = FS_TASK_PENDING;
  if (_fs_provider_json_number (task, "progress", &progress))
    result->progress = CLAMP (progress, 0.0, 1.0);

  return result;
}

static gboolean
status_is (const char *status,
           const char *word)
{
  return g_ascii_strcasecmp (status, word) == 0;
}

/* Ready succeeds; Moderated, Error, Failed and Task not found end the task;
 * anything else (Pending, Reasoning, Generating, words yet to come) means it
 * is still running. */
static FsProviderResult *
parse_task (JsonObject  *task,
            const char  *status,
            GError     **error)
{
  FsProviderResult *result = NULL;

  if (status_is (status, "Ready"))
    result = parse_ready (task, error);
  else if (status_is (status, "Request Moderated"))
    set_moderated_error (task, TRUE, error);
  else if (status_is (status, "Content Moderated"))
    set_moderated_error (task, FALSE, error);
  else if (status_is (status, "Error") || status_is (status, "Failed"))
    set_task_error (task, error);
  else if (status_is (status, "Task not found"))
    g_set_error_literal (error, FS_ERROR, FS_ERROR_FAILED,
                         _("BFL has no task with this id; it expired or was "
                           "sent to another region"));
  else
    result = parse_pending (task);

  if (result != NULL)
    {
      result->raw_status = g_strdup (status);
      if (result->task_id == NULL)
        result->task_id = g_strdup (fs_json_get_string (task, "id"));
    }

  return result;
}

static FsProviderResult *
fs_bfl_provider_parse_poll (FsProvider      *provider,
                            FsHttpResponse  *response,
                            GError         **error)
{
  g_autoptr(JsonObject) task = NULL;
  const char *status = NULL;

  /* A poll may answer 422 with a task body that explains the failure,
   * so the body counts before the HTTP status does. */
  task = _fs_provider_parse_object (response);
  if (task != NULL)
    status = fs_json_get_string (task, "status");

  if (status != NULL)
    return parse_task (task, status, error);

  /* A 2xx answer that cannot be read (cut off, not JSON, or beyond the
   * limits) says nothing about a task that may be paid for already: it
   * is still running as far as anyone knows, so it is polled again,
   * within the polling time limit (docs/ARCHITECTURE.md, “Limits”). */
  if (fs_http_response_is_success (response) && task == NULL)
    return fs_provider_result_new ();

  if (!fs_http_response_is_success (response))
    g_propagate_error (error, _fs_provider_response_error (provider, response));
  else
    g_set_error_literal (error, FS_ERROR, FS_ERROR_FAILED,
                         _("BFL answered the poll without a task status"));

  return NULL;
}

/* Credits */

static FsHttpCall *
fs_bfl_provider_build_credits (FsProvider *provider,
                               const char *key)
{
  g_autofree char *url = _fs_provider_dup_url (provider, "/v1/credits");
  FsHttpCall *call = fs_http_call_new ("GET", url);

  fs_http_call_add_header (call, "accept", "application/json");
  if (key != NULL && key[0] != '\0')
    fs_http_call_set_key (call, "x-key", NULL, key);

  return call;
}

static gboolean
fs_bfl_provider_parse_credits (FsProvider      *provider,
                               FsHttpResponse  *response,
                               double          *credits,
                               GError         **error)
{
  g_autoptr(JsonObject) object = NULL;

  if (!fs_http_response_is_success (response))
    {
      g_propagate_error (error, _fs_provider_response_error (provider, response));
      return FALSE;
    }

  object = _fs_provider_parse_object (response);
  if (object == NULL || !_fs_provider_json_number (object, "credits", credits))
    {
      g_set_error_literal (error, FS_ERROR, FS_ERROR_FAILED,
                           _("BFL answered without a credit balance"));
      return FALSE;
    }

  return TRUE;
}

/* GObject */

static void
fs_bfl_provider_iface_init (FsProviderInterface *iface)
{
  iface->build_submit = fs_bfl_provider_build_submit;
  iface->parse_submit = fs_bfl_provider_parse_submit;
  iface->build_poll = fs_bfl_provider_build_poll;
  iface->parse_poll = fs_bfl_provider_parse_poll;
  iface->build_credits = fs_bfl_provider_build_credits;
  iface->parse_credits = fs_bfl_provider_parse_credits;
}

static void
fs_bfl_provider_class_init (FsBflProviderClass *klass)
{
  _fs_provider_class_init_common (G_OBJECT_CLASS (klass));
}

static void
fs_bfl_provider_init (FsBflProvider *self)
{
}
