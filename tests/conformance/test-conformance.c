/* test-conformance.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Sends the requests the core really builds to Stoplight Prism mocks of
 * the providers' published specs (../shared/specs), and checks that Prism
 * finds nothing wrong with them: status 200 and no sl-violations header.
 * A few deliberately invalid requests, built by hand, must be rejected, so
 * the run also proves that Prism validates at all; for those the core's
 * own validation must refuse the same values before anything is sent.
 *
 * run-conformance.py starts Prism and passes its URLs in FS_PRISM_BFL_URL
 * and FS_PRISM_OPENAI_URL; FS_PRISM_BFL_SPEC names the BFL spec so that
 * BFL bodies can also be checked for fields the spec does not declare.
 */

#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fs-catalog.h"
#include "fs-error.h"
#include "fs-http.h"
#include "fs-mask.h"
#include "fs-provider.h"
#include "fs-reference.h"
#include "fs-request.h"

#define TEST_KEY     "fs-conformance-key-77d1"
#define CALL_TIMEOUT 30
#define N_REFS       8

typedef struct
{
  FsCatalog  *catalog;
  const char *bfl_url;
  const char *openai_url;
  JsonParser *bfl_spec;
  GPtrArray  *refs;
  guint       n_sent;
  guint       n_valid;
  guint       n_invalid;
  guint       n_failed;
  GPtrArray  *failures;
} Conformance;

typedef struct
{
  gboolean        done;
  FsHttpResponse *response;
  GError         *error;
} SendData;

static void
fail (Conformance *self,
      const char  *name,
      const char  *format,
      ...) G_GNUC_PRINTF (3, 4);

static void
fail (Conformance *self,
      const char  *name,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_print ("not ok - %s: %s\n", name, message);
  g_ptr_array_add (self->failures, g_strdup_printf ("%s: %s", name, message));
  self->n_failed++;
}

/* ------------------------------------------------------------------ */
/* References: small real PNGs, each a different colour                */
/* ------------------------------------------------------------------ */

static GPtrArray *
make_references (GError **error)
{
  static const guint32 colours[N_REFS] = {
    0xe61e28ff, 0x28c83cff, 0x1e3cdcff, 0xf0c814ff,
    0xc828c8ff, 0x14d2d2ff, 0xfa8214ff, 0x6e6e6eff,
  };
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < N_REFS; i++)
    {
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 64);
      g_autofree char *name = g_strdup_printf ("reference-%u.png", i + 1);
      g_autofree gchar *buffer = NULL;
      g_autoptr(GBytes) bytes = NULL;
      FsReference *reference;
      gsize size = 0;

      gdk_pixbuf_fill (pixbuf, colours[i]);
      if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", error, NULL))
        return NULL;
      bytes = g_bytes_new (buffer, size);
      reference = fs_reference_new_from_bytes (bytes, name, error);
      if (reference == NULL)
        return NULL;
      g_ptr_array_add (refs, reference);
    }
  return g_steal_pointer (&refs);
}

/* ------------------------------------------------------------------ */
/* Sending                                                             */
/* ------------------------------------------------------------------ */

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  SendData *data = user_data;

  data->response = fs_http_send_finish (FS_HTTP (source), result, &data->error);
  data->done = TRUE;
}

static FsHttpResponse *
send_call (FsHttpCall  *call,
           GError     **error)
{
  SendData data = { FALSE, NULL, NULL };

  fs_http_call_set_timeout (call, CALL_TIMEOUT);
  fs_http_call_set_max_retries (call, 0);
  fs_http_send_async (fs_http_get_default (), call, NULL, send_cb, &data);
  while (!data.done)
    g_main_context_iteration (NULL, TRUE);
  if (data.error != NULL)
    {
      g_propagate_error (error, data.error);
      return NULL;
    }
  return data.response;
}

static char *
body_text (FsHttpResponse *response)
{
  gsize size = 0;
  const char *data;

  if (response->body == NULL)
    return g_strdup ("");
  data = g_bytes_get_data (response->body, &size);
  return g_strndup (data, MIN (size, 300));
}

/* Sends @call and checks Prism's verdict. Valid requests must get
 * @expect (200) with no sl-violations; invalid ones @expect (4xx), and
 * when @want_violations also an sl-violations header naming the problem. */
static FsHttpResponse *
send_and_check (Conformance *self,
                const char  *name,
                FsHttpCall  *call,
                guint        expect,
                gboolean     valid,
                gboolean     want_violations)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FsHttpResponse) response = NULL;
  const char *violations;

  self->n_sent++;
  response = send_call (call, &error);
  if (response == NULL)
    {
      fail (self, name, "%s %s: no response: %s", fs_http_call_get_method (call),
            fs_http_call_get_url (call), error->message);
      return NULL;
    }
  violations = soup_message_headers_get_one (response->headers, "sl-violations");

  if (response->status != expect)
    {
      g_autofree char *text = body_text (response);

      fail (self, name, "%s %s: HTTP %u, expected %u; sl-violations: %s; body: %s",
            fs_http_call_get_method (call), fs_http_call_get_url (call),
            response->status, expect, violations ? violations : "(none)", text);
      return NULL;
    }
  if (valid && violations != NULL)
    {
      fail (self, name, "Prism reports violations: %s", violations);
      return NULL;
    }
  if (!valid && want_violations && violations == NULL)
    {
      fail (self, name, "rejected with %u but without an sl-violations header", expect);
      return NULL;
    }

  if (valid)
    self->n_valid++;
  else
    self->n_invalid++;
  g_print ("ok - %s: %s %s -> %u%s%s\n", name, fs_http_call_get_method (call),
           fs_http_call_get_url (call), response->status,
           violations ? " sl-violations: " : "", violations ? violations : "");
  return g_steal_pointer (&response);
}

/* ------------------------------------------------------------------ */
/* The spec: which fields a BFL endpoint declares                      */
/* ------------------------------------------------------------------ */

static JsonObject *
bfl_request_schema (Conformance *self,
                    const char  *path)
{
  JsonObject *root = json_node_get_object (json_parser_get_root (self->bfl_spec));
  JsonObject *paths = json_object_get_object_member (root, "paths");
  JsonObject *schemas;
  JsonObject *op;
  JsonObject *schema;
  const char *ref;

  if (paths == NULL || !json_object_has_member (paths, path))
    return NULL;
  op = json_object_get_object_member (json_object_get_object_member (paths, path), "post");
  if (op == NULL || !json_object_has_member (op, "requestBody"))
    return NULL;
  schema = json_object_get_object_member (
    json_object_get_object_member (
      json_object_get_object_member (
        json_object_get_object_member (op, "requestBody"), "content"),
      "application/json"),
    "schema");
  if (schema == NULL || !json_object_has_member (schema, "$ref"))
    return schema;
  ref = json_object_get_string_member (schema, "$ref");
  if (!g_str_has_prefix (ref, "#/components/schemas/"))
    return NULL;
  schemas = json_object_get_object_member (json_object_get_object_member (root, "components"),
                                           "schemas");
  return json_object_get_object_member (schemas, ref + strlen ("#/components/schemas/"));
}

/* BFL's published schemas do not forbid extra fields, so Prism would let
 * an invented one through; the protocol notes say to send only known
 * fields, so check that here. */
static gboolean
check_known_fields (Conformance *self,
                    const char  *name,
                    FsHttpCall  *call)
{
  g_autoptr(GUri) uri = g_uri_parse (fs_http_call_get_url (call), G_URI_FLAGS_NONE, NULL);
  JsonNode *body = fs_http_call_get_json (call);
  JsonObject *schema;
  JsonObject *properties;
  g_autoptr(GList) members = NULL;
  g_autoptr(GString) unknown = g_string_new (NULL);

  if (uri == NULL || body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      fail (self, name, "the core built no JSON object body for %s", fs_http_call_get_url (call));
      return FALSE;
    }
  schema = bfl_request_schema (self, g_uri_get_path (uri));
  if (schema == NULL || !json_object_has_member (schema, "properties"))
    {
      fail (self, name, "the spec has no request schema for POST %s", g_uri_get_path (uri));
      return FALSE;
    }
  properties = json_object_get_object_member (schema, "properties");
  members = json_object_get_members (json_node_get_object (body));
  for (GList *l = members; l != NULL; l = l->next)
    if (!json_object_has_member (properties, l->data))
      g_string_append_printf (unknown, "%s%s", unknown->len ? ", " : "", (char *) l->data);
  if (unknown->len > 0)
    {
      fail (self, name, "the body has fields the spec does not declare: %s", unknown->str);
      return FALSE;
    }
  return TRUE;
}

/* The fields a request must carry, space-separated: a parameter the core
 * silently dropped would pass Prism's validation, so check for it. */
static gboolean
check_fields_present (Conformance *self,
                      const char  *name,
                      FsHttpCall  *call,
                      const char  *fields)
{
  g_auto(GStrv) wanted = g_strsplit (fields, " ", -1);
  JsonNode *body = fs_http_call_get_json (call);
  g_autoptr(GString) missing = g_string_new (NULL);

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      fail (self, name, "the core built no JSON object body");
      return FALSE;
    }
  for (guint i = 0; wanted[i] != NULL; i++)
    if (*wanted[i] != '\0' && !json_object_has_member (json_node_get_object (body), wanted[i]))
      g_string_append_printf (missing, "%s%s", missing->len ? ", " : "", wanted[i]);
  if (missing->len > 0)
    {
      fail (self, name, "the body lacks %s", missing->str);
      return FALSE;
    }
  return TRUE;
}

/* Reads back the multipart body the core built: @want_images image parts
 * ("image" for one, repeated "image[]" for several), plus model and prompt. */
static gboolean
check_multipart (Conformance *self,
                 const char  *name,
                 FsHttpCall  *call,
                 guint        want_images)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  GBytes *body = fs_http_call_get_body (call);
  SoupMultipart *multipart = NULL;
  guint n_single = 0, n_array = 0;
  gboolean has_model = FALSE, has_prompt = FALSE;

  if (body != NULL && fs_http_call_get_content_type (call) != NULL)
    {
      soup_message_headers_replace (headers, "Content-Type", fs_http_call_get_content_type (call));
      multipart = soup_multipart_new_from_message (headers, body);
    }
  if (multipart == NULL)
    {
      fail (self, name, "the multipart body cannot be read back");
      return FALSE;
    }
  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *part_headers = NULL;
      GBytes *part_body = NULL;
      g_autoptr(GHashTable) params = NULL;
      const char *part_name = NULL;

      if (!soup_multipart_get_part (multipart, i, &part_headers, &part_body) ||
          !soup_message_headers_get_content_disposition (part_headers, NULL, &params))
        continue;
      part_name = g_hash_table_lookup (params, "name");
      n_single += g_strcmp0 (part_name, "image") == 0;
      n_array += g_strcmp0 (part_name, "image[]") == 0;
      has_model |= g_strcmp0 (part_name, "model") == 0;
      has_prompt |= g_strcmp0 (part_name, "prompt") == 0;
    }
  soup_multipart_free (multipart);

  if (n_single + n_array != want_images || (want_images > 1 && n_single > 0))
    fail (self, name, "%u image and %u image[] parts, expected %u image%s",
          n_single, n_array, want_images, want_images > 1 ? "[] parts" : " part");
  else if (!has_model || !has_prompt)
    fail (self, name, "the multipart body lacks model or prompt");
  else
    return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Requests built by the core                                          */
/* ------------------------------------------------------------------ */

/* The parameters come as (name, GVariant *) pairs ended by NULL. */
static FsRequest *
make_request (Conformance *self,
              const char  *provider_id,
              const char  *model_id,
              guint        n_refs,
              ...)
{
  FsRequest *request = fs_request_new (provider_id, model_id);
  const char *param;
  va_list args;

  fs_request_set_prompt (request,
                         "A ceramic teapot on a linen cloth, studio light, #02eb3c accents");
  va_start (args, n_refs);
  while ((param = va_arg (args, const char *)) != NULL)
    fs_request_set_param (request, param, va_arg (args, GVariant *));
  va_end (args);
  for (guint i = 0; i < n_refs && i < self->refs->len; i++)
    fs_request_add_reference (request, g_ptr_array_index (self->refs, i));
  return request;
}

static FsHttpCall *
core_call (Conformance *self,
           const char  *name,
           FsProvider  *provider,
           FsRequest   *request)
{
  g_autoptr(GError) error = NULL;
  FsModel *model = fs_catalog_lookup (self->catalog, fs_request_get_model_id (request));
  FsHttpCall *call;

  if (model == NULL)
    {
      fail (self, name, "the catalog has no model %s", fs_request_get_model_id (request));
      return NULL;
    }
  if (!fs_request_check (request, self->catalog, &error))
    {
      fail (self, name, "the core refuses a request the spec allows: %s", error->message);
      return NULL;
    }
  call = fs_provider_build_submit (provider, request, model, TEST_KEY, &error);
  if (call == NULL)
    fail (self, name, "fs_provider_build_submit failed: %s", error->message);
  return call;
}

static FsProvider *
make_provider (Conformance *self,
               const char  *provider_id,
               const char  *base_url)
{
  g_autoptr(GError) error = NULL;
  FsProvider *provider = fs_provider_new (provider_id, base_url, &error);

  if (provider == NULL)
    fail (self, provider_id, "fs_provider_new (%s, %s) failed: %s",
          provider_id, base_url, error->message);
  return provider;
}

/* A valid BFL submit: Prism must accept it, the body must only use
 * declared fields, and the core must parse Prism's spec-shaped answer. */
static void
bfl_valid (Conformance *self,
           FsProvider  *provider,
           const char  *name,
           const char  *fields,
           FsRequest   *owned_request)
{
  g_autoptr(FsRequest) request = owned_request;
  g_autoptr(FsHttpCall) call = core_call (self, name, provider, request);
  g_autoptr(FsHttpResponse) response = NULL;
  g_autoptr(FsProviderResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (call == NULL || !check_known_fields (self, name, call) ||
      !check_fields_present (self, name, call, fields))
    return;
  if (!fs_http_call_has_key (call))
    {
      fail (self, name, "the call carries no API key");
      return;
    }
  response = send_and_check (self, name, call, 200, TRUE, FALSE);
  if (response == NULL)
    return;
  result = fs_provider_parse_submit (provider, response, &error);
  if (result == NULL)
    fail (self, name, "the core cannot parse the spec's AsyncResponse: %s", error->message);
  else if (g_strcmp0 (result->task_id, "string") != 0)
    fail (self, name, "parsed task id %s, Prism sent \"string\"",
          result->task_id ? result->task_id : "(null)");
}

static void
bfl_cases (Conformance *self)
{
  g_autoptr(FsProvider) bfl = make_provider (self, "bfl", self->bfl_url);

  if (bfl == NULL)
    return;

  bfl_valid (self, bfl, "bfl flux-2-max",
             "prompt width height seed output_format safety_tolerance",
             make_request (self, "bfl", "flux-2-max", 0,
                           "width", g_variant_new_int64 (1024),
                           "height", g_variant_new_int64 (1024),
                           "seed", g_variant_new_int64 (42),
                           "output_format", g_variant_new_string ("png"),
                           "safety_tolerance", g_variant_new_int64 (2),
                           NULL));
  bfl_valid (self, bfl, "bfl flux-2-pro",
             "prompt width height seed",
             make_request (self, "bfl", "flux-2-pro", 0,
                           "width", g_variant_new_int64 (1024),
                           "height", g_variant_new_int64 (768),
                           "seed", g_variant_new_int64 (7),
                           NULL));
  bfl_valid (self, bfl, "bfl flux-2-pro with 8 references",
             "prompt seed input_image input_image_2 input_image_3 "
             "input_image_4 input_image_5 input_image_6 input_image_7 "
             "input_image_8",
             make_request (self, "bfl", "flux-2-pro", 8,
                           "seed", g_variant_new_int64 (8),
                           NULL));
  bfl_valid (self, bfl, "bfl flux-2-flex steps/guidance",
             "prompt width height steps guidance prompt_upsampling "
             "input_image input_image_2",
             make_request (self, "bfl", "flux-2-flex", 2,
                           "width", g_variant_new_int64 (1024),
                           "height", g_variant_new_int64 (1024),
                           "steps", g_variant_new_int64 (30),
                           "guidance", g_variant_new_double (4.5),
                           "prompt_upsampling", g_variant_new_boolean (FALSE),
                           NULL));
  bfl_valid (self, bfl, "bfl flux-2-klein-4b",
             "prompt width height seed",
             make_request (self, "bfl", "flux-2-klein-4b", 0,
                           "width", g_variant_new_int64 (768),
                           "height", g_variant_new_int64 (1024),
                           "seed", g_variant_new_int64 (4),
                           NULL));
  bfl_valid (self, bfl, "bfl flux-2-klein-9b with 4 references",
             "prompt width height input_image input_image_2 "
             "input_image_3 input_image_4",
             make_request (self, "bfl", "flux-2-klein-9b", 4,
                           "width", g_variant_new_int64 (1024),
                           "height", g_variant_new_int64 (1024),
                           NULL));
  bfl_valid (self, bfl, "bfl flux-kontext-pro aspect_ratio + input_image",
             "prompt aspect_ratio seed input_image",
             make_request (self, "bfl", "flux-kontext-pro", 1,
                           "aspect_ratio", g_variant_new_string ("16:9"),
                           "seed", g_variant_new_int64 (3),
                           NULL));
  bfl_valid (self, bfl, "bfl flux-kontext-max aspect_ratio + input_image",
             "prompt aspect_ratio output_format input_image",
             make_request (self, "bfl", "flux-kontext-max", 1,
                           "aspect_ratio", g_variant_new_string ("3:4"),
                           "output_format", g_variant_new_string ("jpeg"),
                           NULL));
  bfl_valid (self, bfl, "bfl flux-pro-1.1-ultra raw + image_prompt",
             "prompt aspect_ratio raw image_prompt image_prompt_strength",
             make_request (self, "bfl", "flux-pro-1.1-ultra", 1,
                           "aspect_ratio", g_variant_new_string ("21:9"),
                           "raw", g_variant_new_boolean (TRUE),
                           "image_prompt_strength", g_variant_new_double (0.3),
                           NULL));
  bfl_valid (self, bfl, "bfl flux-pro-1.1",
             "prompt width height prompt_upsampling",
             make_request (self, "bfl", "flux-pro-1.1", 0,
                           "width", g_variant_new_int64 (1024),
                           "height", g_variant_new_int64 (768),
                           "prompt_upsampling", g_variant_new_boolean (TRUE),
                           NULL));
  bfl_valid (self, bfl, "bfl flux-dev steps/guidance",
             "prompt width height steps guidance",
             make_request (self, "bfl", "flux-dev", 0,
                           "width", g_variant_new_int64 (1024),
                           "height", g_variant_new_int64 (1024),
                           "steps", g_variant_new_int64 (28),
                           "guidance", g_variant_new_double (3.0),
                           NULL));
}

/* FLUX.1 Fill and Expand: the image to edit (reference 1 of the test set,
 * 64×64) and, for Fill, a mask of its size as the core encodes it. */
static FsRequest *
make_edit_request (Conformance *self,
                   const char  *model_id,
                   gboolean     with_mask,
                   ...)
{
  FsRequest *request = make_request (self, "bfl", model_id, 0, NULL);
  FsReference *image = g_ptr_array_index (self->refs, 0);
  g_autoptr(FsEditSource) source = fs_edit_source_new (image, NULL, NULL);
  const char *param;
  va_list args;

  fs_request_set_image (request, source);
  if (with_mask)
    {
      guint width = fs_reference_get_width (image);
      guint height = fs_reference_get_height (image);
      g_autofree guint8 *values = g_malloc0 ((gsize) width * height);
      g_autoptr(GBytes) png = NULL;
      g_autoptr(FsReference) mask = NULL;
      g_autoptr(GError) error = NULL;

      memset (values + (gsize) width * (height / 4), 255, (gsize) width * (height / 2));
      png = fs_mask_encode_png (values, width, height, width);
      mask = fs_reference_new_from_bytes (png, "mask.png", &error);
      g_assert_no_error (error);
      fs_request_set_mask (request, mask);
    }

  va_start (args, with_mask);
  while ((param = va_arg (args, const char *)) != NULL)
    fs_request_set_param (request, param, va_arg (args, GVariant *));
  va_end (args);
  return request;
}

static void
bfl_edit_cases (Conformance *self)
{
  g_autoptr(FsProvider) bfl = make_provider (self, "bfl", self->bfl_url);
  FsRequest *request;

  if (bfl == NULL)
    return;

  bfl_valid (self, bfl, "bfl flux-pro-1.0-fill image + mask",
             "prompt image mask steps guidance prompt_upsampling seed output_format "
             "safety_tolerance",
             make_edit_request (self, "flux-pro-1.0-fill", TRUE,
                                "steps", g_variant_new_int64 (15),
                                "guidance", g_variant_new_double (100),
                                "prompt_upsampling", g_variant_new_boolean (FALSE),
                                "seed", g_variant_new_int64 (9),
                                "output_format", g_variant_new_string ("webp"),
                                "safety_tolerance", g_variant_new_int64 (6),
                                NULL));
  bfl_valid (self, bfl, "bfl flux-pro-1.0-fill defaults",
             "prompt image mask",
             make_edit_request (self, "flux-pro-1.0-fill", TRUE, NULL));
  bfl_valid (self, bfl, "bfl flux-pro-1.0-expand margins",
             "prompt image top bottom left right steps guidance seed output_format",
             make_edit_request (self, "flux-pro-1.0-expand", FALSE,
                                "top", g_variant_new_int64 (0),
                                "bottom", g_variant_new_int64 (256),
                                "left", g_variant_new_int64 (2048),
                                "right", g_variant_new_int64 (64),
                                "steps", g_variant_new_int64 (50),
                                "guidance", g_variant_new_double (1.5),
                                "seed", g_variant_new_int64 (3),
                                "output_format", g_variant_new_string ("png"),
                                NULL));
  request = make_edit_request (self, "flux-pro-1.0-expand", FALSE,
                               "top", g_variant_new_int64 (512), NULL);
  fs_request_set_prompt (request, "");
  bfl_valid (self, bfl, "bfl flux-pro-1.0-expand without a prompt", "prompt image top",
             request);
}

static void
bfl_credits_and_poll (Conformance *self)
{
  g_autoptr(FsProvider) bfl = make_provider (self, "bfl", self->bfl_url);
  g_autoptr(FsHttpCall) credits = NULL;
  g_autoptr(FsHttpCall) poll = NULL;
  g_autoptr(FsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *polling_url = NULL;
  double value = -1;

  if (bfl == NULL)
    return;
  credits = fs_provider_build_credits (bfl, TEST_KEY);
  if (credits == NULL)
    fail (self, "bfl credits", "fs_provider_build_credits returned NULL");
  else if ((response = send_and_check (self, "bfl credits", credits, 200, TRUE, FALSE)) != NULL &&
           !fs_provider_parse_credits (bfl, response, &value, &error))
    fail (self, "bfl credits", "the core cannot parse the spec's credits body: %s", error->message);

  g_clear_pointer (&response, fs_http_response_unref);

  polling_url = g_strdup_printf ("%s/v1/get_result?id=string", self->bfl_url);
  poll = fs_provider_build_poll (bfl, polling_url, TEST_KEY);
  if (poll == NULL)
    fail (self, "bfl get_result", "fs_provider_build_poll returned NULL");
  else
    response = send_and_check (self, "bfl get_result", poll, 200, TRUE, FALSE);
}

static void
openai_valid (Conformance *self,
              FsProvider  *provider,
              const char  *name,
              FsRequest   *owned_request,
              const char  *want_path,
              guint        want_image_parts,
              const char  *fields)
{
  g_autoptr(FsRequest) request = owned_request;
  g_autoptr(FsHttpCall) call = core_call (self, name, provider, request);
  g_autoptr(FsHttpResponse) response = NULL;
  g_autoptr(GUri) uri = NULL;

  if (call == NULL)
    return;
  uri = g_uri_parse (fs_http_call_get_url (call), G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_strcmp0 (g_uri_get_path (uri), want_path) != 0)
    {
      fail (self, name, "the core posts to %s, expected %s",
            fs_http_call_get_url (call), want_path);
      return;
    }
  if (want_image_parts > 0)
    {
      const char *type = fs_http_call_get_content_type (call);

      if (type == NULL || !g_str_has_prefix (type, "multipart/form-data"))
        {
          fail (self, name, "edits must be multipart/form-data, not %s", type ? type : "(none)");
          return;
        }
      if (!check_multipart (self, name, call, want_image_parts))
        return;
    }
  else if (!check_fields_present (self, name, call, fields))
    return;
  response = send_and_check (self, name, call, 200, TRUE, FALSE);
}

static void
openai_cases (Conformance *self)
{
  g_autoptr(FsProvider) apiyi = make_provider (self, "apiyi", self->openai_url);
  g_autoptr(FsProvider) custom = make_provider (self, "openai-compatible", self->openai_url);
  g_autoptr(FsProvider) apiyi_json = make_provider (self, "apiyi", self->openai_url);

  if (apiyi == NULL || custom == NULL || apiyi_json == NULL)
    return;
  fs_provider_set_json_references (apiyi_json, TRUE);

  openai_valid (self, apiyi, "apiyi generations JSON",
                make_request (self, "apiyi", "flux-2-pro", 0,
                              "width", g_variant_new_int64 (1024),
                              "height", g_variant_new_int64 (768),
                              "seed", g_variant_new_int64 (42),
                              "output_format", g_variant_new_string ("png"),
                              NULL),
                "/images/generations", 0, "model prompt seed output_format");
  openai_valid (self, custom, "openai-compatible generations JSON",
                make_request (self, "openai-compatible", "flux-2-klein-4b", 0,
                              "width", g_variant_new_int64 (1024),
                              "height", g_variant_new_int64 (1024),
                              NULL),
                "/images/generations", 0, "model prompt");
  openai_valid (self, apiyi, "apiyi edits multipart, 1 image",
                make_request (self, "apiyi", "flux-2-pro", 1, NULL),
                "/images/edits", 1, NULL);
  openai_valid (self, apiyi, "apiyi edits multipart, 3 image[]",
                make_request (self, "apiyi", "flux-2-flex", 3,
                              "steps", g_variant_new_int64 (30),
                              "guidance", g_variant_new_double (4.5),
                              NULL),
                "/images/edits", 3, NULL);
  openai_valid (self, custom, "openai-compatible edits multipart, 3 image[]",
                make_request (self, "openai-compatible", "flux-2-pro", 3, NULL),
                "/images/edits", 3, NULL);
  openai_valid (self, apiyi_json, "apiyi references as JSON data URLs",
                make_request (self, "apiyi", "flux-2-pro", 2, NULL),
                "/images/generations", 0, "model prompt input_image input_image_2");
}

/* ------------------------------------------------------------------ */
/* Invalid requests, by hand: Prism must reject them                   */
/* ------------------------------------------------------------------ */

static FsHttpCall *
json_call (const char *base,
           const char *path,
           const char *json,
           const char *key_header,
           const char *key_scheme)
{
  g_autofree char *url = g_strconcat (base, path, NULL);
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  FsHttpCall *call = fs_http_call_new ("POST", url);

  g_assert (node != NULL);
  fs_http_call_set_json (call, node);
  if (key_header != NULL)
    fs_http_call_set_key (call, key_header, key_scheme, TEST_KEY);
  return call;
}

static void
invalid (Conformance *self,
         const char  *name,
         FsHttpCall  *owned_call,
         guint        expect,
         gboolean     want_violations)
{
  g_autoptr(FsHttpCall) call = owned_call;
  FsHttpResponse *response = send_and_check (self, name, call, expect, FALSE, want_violations);

  g_clear_pointer (&response, fs_http_response_unref);
}

/* The core must refuse the same value before sending anything. */
static void
core_refuses (Conformance *self,
              const char  *name,
              FsRequest   *owned_request)
{
  g_autoptr(FsRequest) request = owned_request;
  g_autoptr(GError) error = NULL;

  if (fs_request_check (request, self->catalog, &error))
    fail (self, name, "the core accepts a value the spec rejects");
  else if (!g_error_matches (error, FS_ERROR, FS_ERROR_INVALID))
    fail (self, name, "the core refuses it with the wrong error: %s", error->message);
  else
    g_print ("ok - %s: the core refuses it too (%s)\n", name, error->message);
}

static void
invalid_cases (Conformance *self)
{
  const char *bfl = self->bfl_url;
  const char *openai = self->openai_url;
  SoupMultipart *multipart;
  FsHttpCall *call;
  FsRequest *request;
  g_autofree char *edits_url = NULL;

  invalid (self, "invalid: flex steps 99",
           json_call (bfl, "/v1/flux-2-flex", "{\"prompt\":\"x\",\"steps\":99}", "x-key", NULL),
           422, TRUE);
  core_refuses (self, "invalid: flex steps 99",
                make_request (self, "bfl", "flux-2-flex", 0,
                              "steps", g_variant_new_int64 (99), NULL));
  invalid (self, "invalid: flex guidance 0.5",
           json_call (bfl, "/v1/flux-2-flex", "{\"prompt\":\"x\",\"guidance\":0.5}", "x-key", NULL),
           422, TRUE);
  core_refuses (self, "invalid: flex guidance 0.5",
                make_request (self, "bfl", "flux-2-flex", 0,
                              "guidance", g_variant_new_double (0.5), NULL));
  invalid (self, "invalid: flux-pro-1.1 width 1000",
           json_call (bfl, "/v1/flux-pro-1.1", "{\"prompt\":\"x\",\"width\":1000}", "x-key", NULL),
           422, TRUE);
  core_refuses (self, "invalid: flux-pro-1.1 width 1000",
                make_request (self, "bfl", "flux-pro-1.1", 0,
                              "width", g_variant_new_int64 (1000),
                              "height", g_variant_new_int64 (768), NULL));
  invalid (self, "invalid: flux-2-pro safety_tolerance 6",
           json_call (bfl, "/v1/flux-2-pro", "{\"prompt\":\"x\",\"safety_tolerance\":6}",
                      "x-key", NULL),
           422, TRUE);
  core_refuses (self, "invalid: flux-2-pro safety_tolerance 6",
                make_request (self, "bfl", "flux-2-pro", 0,
                              "safety_tolerance", g_variant_new_int64 (6), NULL));
  invalid (self, "invalid: flux-2-pro without prompt",
           json_call (bfl, "/v1/flux-2-pro", "{\"seed\":1}", "x-key", NULL),
           422, TRUE);
  request = make_request (self, "bfl", "flux-2-pro", 0, NULL);
  fs_request_set_prompt (request, "");
  core_refuses (self, "invalid: flux-2-pro without prompt", request);
  invalid (self, "invalid: fill steps 14",
           json_call (bfl, "/v1/flux-pro-1.0-fill",
                      "{\"image\":\"iVBORw0KGgo=\",\"prompt\":\"x\",\"steps\":14}",
                      "x-key", NULL),
           422, TRUE);
  core_refuses (self, "invalid: fill steps 14",
                make_edit_request (self, "flux-pro-1.0-fill", TRUE,
                                   "steps", g_variant_new_int64 (14), NULL));
  invalid (self, "invalid: fill without image",
           json_call (bfl, "/v1/flux-pro-1.0-fill", "{\"prompt\":\"x\"}", "x-key", NULL),
           422, TRUE);
  core_refuses (self, "invalid: fill without image",
                make_request (self, "bfl", "flux-pro-1.0-fill", 0, NULL));
  invalid (self, "invalid: expand left 2049",
           json_call (bfl, "/v1/flux-pro-1.0-expand",
                      "{\"image\":\"iVBORw0KGgo=\",\"left\":2049}", "x-key", NULL),
           422, TRUE);
  core_refuses (self, "invalid: expand left 2049",
                make_edit_request (self, "flux-pro-1.0-expand", FALSE,
                                   "left", g_variant_new_int64 (2049), NULL));
  invalid (self, "invalid: expand guidance 101",
           json_call (bfl, "/v1/flux-pro-1.0-expand",
                      "{\"image\":\"iVBORw0KGgo=\",\"top\":8,\"guidance\":101}", "x-key",
                      NULL),
           422, TRUE);
  core_refuses (self, "invalid: expand guidance 101",
                make_edit_request (self, "flux-pro-1.0-expand", FALSE,
                                   "top", g_variant_new_int64 (8),
                                   "guidance", g_variant_new_double (101), NULL));
  invalid (self, "invalid: flux-2-pro without x-key",
           json_call (bfl, "/v1/flux-2-pro", "{\"prompt\":\"x\"}", NULL, NULL),
           401, FALSE);

  invalid (self, "invalid: generations without prompt",
           json_call (openai, "/images/generations", "{\"model\":\"flux-2-pro\"}",
                      "Authorization", "Bearer"),
           400, TRUE);
  invalid (self, "invalid: generations n 11",
           json_call (openai, "/images/generations", "{\"prompt\":\"x\",\"n\":11}",
                      "Authorization", "Bearer"),
           400, TRUE);
  invalid (self, "invalid: generations without Bearer",
           json_call (openai, "/images/generations", "{\"prompt\":\"x\"}", NULL, NULL),
           401, FALSE);

  edits_url = g_strconcat (openai, "/images/edits", NULL);
  multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  soup_multipart_append_form_string (multipart, "model", "flux-2-pro");
  soup_multipart_append_form_string (multipart, "prompt", "an edit without an image");
  call = fs_http_call_new ("POST", edits_url);
  fs_http_call_set_multipart (call, multipart, "model, prompt");
  fs_http_call_set_key (call, "Authorization", "Bearer", TEST_KEY);
  soup_multipart_free (multipart);
  invalid (self, "invalid: edits without image", call, 400, TRUE);
}

/* ------------------------------------------------------------------ */

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  const char *spec_path = g_getenv ("FS_PRISM_BFL_SPEC");
  Conformance self = { 0 };

  self.bfl_url = g_getenv ("FS_PRISM_BFL_URL");
  self.openai_url = g_getenv ("FS_PRISM_OPENAI_URL");
  if (self.bfl_url == NULL || self.openai_url == NULL || spec_path == NULL)
    {
      g_printerr ("test-conformance: run me from run-conformance.py "
                  "(FS_PRISM_BFL_URL, FS_PRISM_OPENAI_URL, FS_PRISM_BFL_SPEC unset)\n");
      return 2;
    }

  self.failures = g_ptr_array_new_with_free_func (g_free);
  self.catalog = fs_catalog_new_default (&error);
  if (self.catalog == NULL)
    {
      g_print ("Bail out! the catalog does not load: %s\n", error->message);
      return 1;
    }
  self.bfl_spec = json_parser_new ();
  if (!json_parser_load_from_file (self.bfl_spec, spec_path, &error))
    {
      g_print ("Bail out! %s: %s\n", spec_path, error->message);
      return 1;
    }
  self.refs = make_references (&error);
  if (self.refs == NULL)
    {
      g_print ("Bail out! cannot make reference images: %s\n", error->message);
      return 1;
    }

  bfl_cases (&self);
  bfl_edit_cases (&self);
  bfl_credits_and_poll (&self);
  openai_cases (&self);
  invalid_cases (&self);

  g_print ("\nPrism: %u requests validated (%u valid requests accepted with no "
           "violations, %u invalid requests rejected), %u failure(s)\n",
           self.n_valid + self.n_invalid, self.n_valid, self.n_invalid, self.n_failed);
  for (guint i = 0; i < self.failures->len; i++)
    g_print ("  FAILED %s\n", (char *) g_ptr_array_index (self.failures, i));

  g_ptr_array_unref (self.failures);
  g_ptr_array_unref (self.refs);
  g_object_unref (self.bfl_spec);
  g_object_unref (self.catalog);
  return self.n_failed == 0 ? 0 : 1;
}
