/* test-providers.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "fs-catalog.h"
#include "fs-error.h"
#include "fs-http.h"
#include "fs-http-private.h"
#include "fs-image.h"
#include "fs-json.h"
#include "fs-provider.h"
#include "fs-reference.h"
#include "fs-request.h"
#include "fs-test-util.h"

#define TEST_KEY "test-key-3f9c1e77"

static FsCatalog *catalog;

/* Fixtures */

static FsModel *
lookup_model (const char *model_id)
{
  FsModel *model = fs_catalog_lookup (catalog, model_id);

  g_assert_nonnull (model);
  return model;
}

static FsProvider *
new_provider (const char *provider_id,
              const char *base_url)
{
  g_autoptr(GError) error = NULL;
  FsProvider *provider = fs_provider_new (provider_id, base_url, &error);

  g_assert_no_error (error);
  g_assert_nonnull (provider);
  return provider;
}

static FsRequest *
new_request (const char *provider_id,
             const char *model_id,
             const char *prompt)
{
  FsRequest *request = fs_request_new (provider_id, model_id);

  fs_request_set_prompt (request, prompt);
  return request;
}

static const guint32 reference_colours[] = {
  0xff0000ff, 0x0000ffff, 0xffff00ff, 0x00ffffff,
  0xff00ffff, 0x808080ff, 0x102030ff, 0xf0e0d0ff,
};

static FsReference *
make_reference (guint index)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("reference-%u.png", index + 1);
  FsReference *reference;

  /* Different sizes as well as colours, so no two encode alike. */
  bytes = fs_test_make_image ("png", 64 + (int) index, 64,
                              reference_colours[index % G_N_ELEMENTS (reference_colours)]);
  reference = fs_reference_new_from_bytes (bytes, name, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reference);

  return reference;
}

static void
add_references (FsRequest *request,
                guint      n_references)
{
  for (guint i = 0; i < n_references; i++)
    {
      g_autoptr(FsReference) reference = make_reference (i);

      fs_request_add_reference (request, reference);
    }
}

static FsReference *
get_reference (FsRequest *request,
               guint      index)
{
  GPtrArray *references = fs_request_get_references (request);

  g_assert_cmpuint (references->len, >, index);
  return g_ptr_array_index (references, index);
}

static FsHttpResponse *
make_response (guint       status,
               const char *body)
{
  FsHttpResponse *response = _fs_http_response_new ();

  response->status = status;
  response->url = g_strdup ("https://api.example.com/");
  response->content_type = g_strdup ("application/json");
  response->body = g_bytes_new (body, strlen (body));

  return response;
}

/* JSON assertions */

static JsonObject *
call_object (FsHttpCall *call)
{
  JsonNode *root = fs_http_call_get_json (call);

  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
}

static JsonNode *
member_value (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    g_error ("JSON member “%s” is missing", name);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  return node;
}

static void
assert_int_member (JsonObject *object,
                   const char *name,
                   gint64      expected)
{
  JsonNode *node = member_value (object, name);

  g_assert_cmpstr (g_type_name (json_node_get_value_type (node)), ==, "gint64");
  g_assert_cmpint (json_node_get_int (node), ==, expected);
}

static void
assert_double_member (JsonObject *object,
                      const char *name,
                      double      expected)
{
  JsonNode *node = member_value (object, name);
  GType type = json_node_get_value_type (node);

  g_assert_true (type == G_TYPE_DOUBLE || type == G_TYPE_INT64);
  g_assert_cmpfloat_with_epsilon (json_node_get_double (node), expected, 1e-9);
}

static void
assert_bool_member (JsonObject *object,
                    const char *name,
                    gboolean    expected)
{
  JsonNode *node = member_value (object, name);

  g_assert_cmpstr (g_type_name (json_node_get_value_type (node)), ==, "gboolean");
  g_assert_cmpint (json_node_get_boolean (node), ==, expected);
}

static void
assert_string_member (JsonObject *object,
                      const char *name,
                      const char *expected)
{
  JsonNode *node = member_value (object, name);

  g_assert_cmpstr (g_type_name (json_node_get_value_type (node)), ==, "gchararray");
  g_assert_cmpstr (json_node_get_string (node), ==, expected);
}

static void
assert_no_member (JsonObject *object,
                  const char *name)
{
  if (json_object_has_member (object, name))
    g_error ("JSON member “%s” should not be sent", name);
}

/* A member of a request body as a test expects it: its JSON type and
 * value; MEMBER_ABSENT when it must not be sent, MEMBER_PRESENT when only
 * its presence matters. The same rows set a request's parameters. A table
 * ends with END_MEMBERS. */
typedef enum
{
  MEMBER_END,
  MEMBER_INT,
  MEMBER_DOUBLE,
  MEMBER_BOOL,
  MEMBER_STRING,
  MEMBER_ABSENT,
  MEMBER_PRESENT,
} MemberKind;

typedef struct
{
  MemberKind  kind;
  const char *name;
  gint64      number;   /* MEMBER_INT, MEMBER_BOOL */
  double      real;     /* MEMBER_DOUBLE */
  const char *text;     /* MEMBER_STRING */
} Member;

#define INT_MEMBER(name, value)    { MEMBER_INT, name, value, 0, NULL }
#define DOUBLE_MEMBER(name, value) { MEMBER_DOUBLE, name, 0, value, NULL }
#define BOOL_MEMBER(name, value)   { MEMBER_BOOL, name, value, 0, NULL }
#define STRING_MEMBER(name, value) { MEMBER_STRING, name, 0, 0, value }
#define NO_MEMBER(name)            { MEMBER_ABSENT, name, 0, 0, NULL }
#define ANY_MEMBER(name)           { MEMBER_PRESENT, name, 0, 0, NULL }
#define END_MEMBERS                { MEMBER_END, NULL, 0, 0, NULL }

static void
assert_members (JsonObject   *object,
                const Member *members)
{
  for (const Member *m = members; m->kind != MEMBER_END; m++)
    switch (m->kind)
      {
      case MEMBER_INT:
        assert_int_member (object, m->name, m->number);
        break;
      case MEMBER_DOUBLE:
        assert_double_member (object, m->name, m->real);
        break;
      case MEMBER_BOOL:
        assert_bool_member (object, m->name, (gboolean) m->number);
        break;
      case MEMBER_STRING:
        assert_string_member (object, m->name, m->text);
        break;
      case MEMBER_ABSENT:
        assert_no_member (object, m->name);
        break;
      case MEMBER_PRESENT:
        member_value (object, m->name);
        break;
      case MEMBER_END:
      default:
        g_assert_not_reached ();
      }
}

static void
set_params (FsRequest    *request,
            const Member *params)
{
  for (const Member *p = params; p->kind != MEMBER_END; p++)
    switch (p->kind)
      {
      case MEMBER_INT:
        fs_test_set_int (request, p->name, p->number);
        break;
      case MEMBER_DOUBLE:
        fs_test_set_double (request, p->name, p->real);
        break;
      case MEMBER_BOOL:
        fs_test_set_bool (request, p->name, (gboolean) p->number);
        break;
      case MEMBER_STRING:
        fs_test_set_string (request, p->name, p->text);
        break;
      case MEMBER_ABSENT:
      case MEMBER_PRESENT:
      case MEMBER_END:
      default:
        g_assert_not_reached ();
      }
}

/* @request, with @params set (or not, NULL), as @provider sends it with
 * the test key; it must build. */
static FsHttpCall *
build_submit (FsProvider   *provider,
              FsRequest    *request,
              const Member *params)
{
  g_autoptr(GError) error = NULL;
  FsHttpCall *call;

  if (params != NULL)
    set_params (request, params);
  call = fs_provider_build_submit (provider, request,
                                   lookup_model (fs_request_get_model_id (request)),
                                   TEST_KEY, &error);
  g_assert_no_error (error);
  return call;
}

static void
assert_key_redacted (FsHttpCall *call)
{
  g_autofree char *description = fs_http_call_describe (call);

  g_assert_null (strstr (description, TEST_KEY));
}

/* Provider table and construction */

static void
test_info_table (void)
{
  const FsProviderInfo *infos;
  const FsProviderInfo *info;
  guint n_infos = 0;

  infos = fs_provider_info_list (&n_infos);
  g_assert_cmpuint (n_infos, ==, 5);
  g_assert_nonnull (infos);

  info = fs_provider_info_lookup ("bfl");
  g_assert_cmpstr (info->name, ==, "Black Forest Labs");
  g_assert_cmpstr (info->default_base_url, ==, "https://api.bfl.ai");
  g_assert_cmpstr (info->key_env, ==, "BFL_API_KEY");
  g_assert_cmpstr (info->curl_key_var, ==, "$BFL_API_KEY");
  g_assert_true (info->needs_key);
  g_assert_false (info->local);

  info = fs_provider_info_lookup ("apiyi");
  g_assert_cmpstr (info->default_base_url, ==, "https://api.apiyi.com/v1");
  g_assert_cmpstr (info->key_env, ==, "APIYI_API_KEY");

  info = fs_provider_info_lookup ("openai-compatible");
  g_assert_null (info->default_base_url);
  g_assert_cmpstr (info->key_env, ==, "FLUX_STUDIO_API_KEY");

  info = fs_provider_info_lookup ("monica");
  g_assert_cmpstr (info->default_base_url, ==, "https://openapi.monica.im");
  g_assert_cmpstr (info->key_env, ==, "MONICA_API_KEY");

  info = fs_provider_info_lookup ("sandbox");
  g_assert_true (info->local);
  g_assert_false (info->needs_key);
  g_assert_null (info->key_env);

  g_assert_null (fs_provider_info_lookup ("midjourney"));
}

static void
test_base_url_rule (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FsProvider) provider = NULL;
  g_autofree char *id = NULL;
  g_autofree char *base_url = NULL;
  static const struct {
    const char *provider_id;
    const char *base_url;
  } refused[] = {
    { "apiyi", "http://gateway.example.com/v1" },
    { "openai-compatible", NULL },
    { "midjourney", NULL },
  };

  provider = new_provider ("bfl", NULL);
  g_assert_cmpstr (fs_provider_get_id (provider), ==, "bfl");
  g_assert_cmpstr (fs_provider_get_base_url (provider), ==, "https://api.bfl.ai");
  g_assert_true (fs_provider_needs_key (provider));
  g_assert_false (fs_provider_is_local (provider));
  g_object_get (provider, "provider-id", &id, "base-url", &base_url, NULL);
  g_assert_cmpstr (id, ==, "bfl");
  g_assert_cmpstr (base_url, ==, "https://api.bfl.ai");
  g_clear_object (&provider);

  /* A trailing slash would give "//images/generations". */
  provider = new_provider ("apiyi", "https://gateway.example.com/v1/");
  g_assert_cmpstr (fs_provider_get_base_url (provider), ==, "https://gateway.example.com/v1");
  g_clear_object (&provider);

  provider = new_provider ("openai-compatible", "http://127.0.0.1:8000/v1");
  g_assert_cmpstr (fs_provider_get_base_url (provider), ==, "http://127.0.0.1:8000/v1");
  g_clear_object (&provider);
  provider = new_provider ("openai-compatible", "http://localhost:8000");
  g_clear_object (&provider);
  provider = new_provider ("openai-compatible", "http://[::1]:8000/v1");
  g_clear_object (&provider);

  /* Plain http to a remote host, no base URL where there is no default,
   * and an unknown provider. */
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      provider = fs_provider_new (refused[i].provider_id, refused[i].base_url, &error);
      g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
      g_assert_null (provider);
      g_clear_error (&error);
    }

  provider = new_provider ("sandbox", NULL);
  g_assert_true (fs_provider_is_local (provider));
  g_assert_false (fs_provider_needs_key (provider));
  g_assert_null (fs_provider_get_base_url (provider));
}

static void
test_result_defaults (void)
{
  g_autoptr(FsProviderResult) result = fs_provider_result_new ();

  g_assert_cmpint (result->status, ==, FS_TASK_PENDING);
  g_assert_cmpfloat (result->progress, ==, -1);
  g_assert_true (isnan (result->cost));
  g_assert_cmpint (result->seed, ==, -1);
  g_assert_cmpuint (result->urls->len, ==, 0);
  g_assert_cmpuint (result->images->len, ==, 0);
}

/* BFL: submit */

static void
test_bfl_flux2_pro (void)
{
  g_autoptr(FsProvider) provider = new_provider ("bfl", NULL);
  g_autoptr(FsRequest) request = new_request ("bfl", "flux-2-pro", "a #02eb3c frog");
  g_autoptr(FsHttpCall) call = NULL;
  static const Member params[] = {
    INT_MEMBER ("width", 1920),
    INT_MEMBER ("height", 1088),
    INT_MEMBER ("seed", 42),
    INT_MEMBER ("safety_tolerance", 2),
    STRING_MEMBER ("output_format", "png"),
    /* Not a FLUX.2 [pro] field on BFL: the catalog keeps it off the wire. */
    BOOL_MEMBER ("prompt_upsampling", TRUE),
    END_MEMBERS
  };
  static const Member expected[] = {
    STRING_MEMBER ("prompt", "a #02eb3c frog"),
    INT_MEMBER ("width", 1920),
    INT_MEMBER ("height", 1088),
    INT_MEMBER ("seed", 42),
    INT_MEMBER ("safety_tolerance", 2),
    STRING_MEMBER ("output_format", "png"),
    NO_MEMBER ("prompt_upsampling"),
    NO_MEMBER ("input_image"),
    NO_MEMBER ("model"),
    END_MEMBERS
  };

  call = build_submit (provider, request, params);
  g_assert_cmpstr (fs_http_call_get_method (call), ==, "POST");
  g_assert_cmpstr (fs_http_call_get_url (call), ==, "https://api.bfl.ai/v1/flux-2-pro");
  g_assert_cmpstr (fs_http_call_get_header (call, "accept"), ==, "application/json");
  g_assert_true (fs_http_call_has_key (call));
  g_assert_cmpuint (fs_http_call_get_timeout (call), ==, 120);
  assert_key_redacted (call);
  assert_members (call_object (call), expected);
}

static void
test_bfl_flex (void)
{
  g_autoptr(FsProvider) provider = new_provider ("bfl", NULL);
  g_autoptr(FsRequest) request = new_request ("bfl", "flux-2-flex", "poster");
  g_autoptr(FsHttpCall) call = NULL;
  static const Member params[] = {
    INT_MEMBER ("steps", 30),
    DOUBLE_MEMBER ("guidance", 4.5),
    BOOL_MEMBER ("prompt_upsampling", FALSE),
    END_MEMBERS
  };

  call = build_submit (provider, request, params);
  g_assert_cmpstr (fs_http_call_get_url (call), ==, "https://api.bfl.ai/v1/flux-2-flex");
  g_assert_cmpuint (fs_http_call_get_timeout (call), ==, 180);
  /* Sent as set. */
  assert_members (call_object (call), params);
}

static void
test_bfl_klein (void)
{
  g_autoptr(FsProvider) provider = new_provider ("bfl", NULL);
  g_autoptr(FsRequest) request = new_request ("bfl", "flux-2-klein-4b", "fast");
  g_autoptr(FsHttpCall) call = NULL;
  g_autoptr(GError) error = NULL;
  FsModel *model = lookup_model ("flux-2-klein-4b");
  static const Member expected[] = {
    NO_MEMBER ("prompt_upsampling"),
    NO_MEMBER ("steps"),
    ANY_MEMBER ("input_image_4"),
    NO_MEMBER ("input_image_5"),
    END_MEMBERS
  };

  add_references (request, 4);
  call = fs_provider_build_submit (provider, request, model, TEST_KEY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fs_http_call_get_url (call), ==, "https://api.bfl.ai/v1/flux-2-klein-4b");
  assert_members (call_object (call), expected);
  g_clear_pointer (&call, fs_http_call_unref);

  /* klein takes four references; a fifth is refused before sending. */
  add_references (request, 1);
  call = fs_provider_build_submit (provider, request, model, TEST_KEY, &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_assert_null (call);
}

static void
test_bfl_kontext (void)
{
  g_autoptr(FsProvider) provider = new_provider ("bfl", "https://api.eu.bfl.ai/");
  g_autoptr(FsRequest) request = new_request ("bfl", "flux-kontext-pro", "edit");
  g_autoptr(FsHttpCall) call = NULL;
  JsonObject *body;
  static const Member params[] = {
    STRING_MEMBER ("aspect_ratio", "16:9"),
    BOOL_MEMBER ("prompt_upsampling", TRUE),
    END_MEMBERS
  };
  static const Member sized_by_ratio[] = {
    STRING_MEMBER ("aspect_ratio", "16:9"),
    BOOL_MEMBER ("prompt_upsampling", TRUE),
    NO_MEMBER ("width"),
    NO_MEMBER ("height"),
    END_MEMBERS
  };

  add_references (request, 4);
  call = build_submit (provider, request, params);
  g_assert_cmpstr (fs_http_call_get_url (call), ==,
                   "https://api.eu.bfl.ai/v1/flux-kontext-pro");

  body = call_object (call);
  assert_members (body, sized_by_ratio);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *field = i == 0 ? g_strdup ("input_image")
                                      : g_strdup_printf ("input_image_%u", i + 1);
      g_autofree char *expected = fs_reference_dup_base64 (get_reference (request, i));

      assert_string_member (body, field, expected);
    }
  assert_no_member (body, "input_image_5");
}

static void
test_bfl_ultra (void)
{
  g_autoptr(FsProvider) provider = new_provider ("bfl", NULL);
  g_autoptr(FsRequest) request = new_request ("bfl", "flux-pro-1.1-ultra", "remix");
  g_autoptr(FsHttpCall) call = NULL;
  g_autofree char *expected = NULL;
  JsonObject *body;
  static const Member params[] = {
    STRING_MEMBER ("aspect_ratio", "21:9"),
    BOOL_MEMBER ("raw", TRUE),
    DOUBLE_MEMBER ("image_prompt_strength", 0.35),
    END_MEMBERS
  };
  static const Member no_input_image[] = { NO_MEMBER ("input_image"), END_MEMBERS };

  add_references (request, 1);
  call = build_submit (provider, request, params);
  g_assert_cmpstr (fs_http_call_get_url (call), ==,
                   "https://api.bfl.ai/v1/flux-pro-1.1-ultra");

  body = call_object (call);
  expected = fs_reference_dup_base64 (get_reference (request, 0));
  /* Sent as set, and the reference as the image prompt. */
  assert_members (body, params);
  assert_string_member (body, "image_prompt", expected);
  assert_members (body, no_input_image);
}

static void
test_bfl_flux_dev (void)
{
  g_autoptr(FsProvider) provider = new_provider ("bfl", NULL);
  g_autoptr(FsRequest) request = new_request ("bfl", "flux-dev", "a cat");
  g_autoptr(FsHttpCall) call = NULL;
  static const Member params[] = {
    INT_MEMBER ("width", 1024),
    INT_MEMBER ("height", 768),
    INT_MEMBER ("steps", 28),
    DOUBLE_MEMBER ("guidance", 3),
    INT_MEMBER ("seed", 7),
    END_MEMBERS
  };

  call = build_submit (provider, request, params);
  g_assert_cmpstr (fs_http_call_get_url (call), ==, "https://api.bfl.ai/v1/flux-dev");
  /* Sent as set. */
  assert_members (call_object (call), params);
}

static void
test_bfl_eight_references (void)
{
  g_autoptr(FsProvider) provider = new_provider ("bfl", NULL);
  g_autoptr(FsRequest) request = new_request ("bfl", "flux-2-pro", "image 1 in image 8");
  g_autoptr(FsHttpCall) call = NULL;
  JsonObject *body;

  add_references (request, 8);
  call = build_submit (provider, request, NULL);

  body = call_object (call);
  for (guint i = 0; i < 8; i++)
    {
      FsReference *reference = get_reference (request, i);
      g_autofree char *field = i == 0 ? g_strdup ("input_image")
                                      : g_strdup_printf ("input_image_%u", i + 1);
      g_autofree char *expected = g_base64_encode (
          g_bytes_get_data (fs_reference_get_bytes (reference), NULL),
          g_bytes_get_size (fs_reference_get_bytes (reference)));

      /* Bare base64 of the reference's own bytes, in tray order. */
      assert_string_member (body, field, expected);
    }
  assert_no_member (body, "input_image_9");
}

static void
test_bfl_refusals (void)
{
  g_autoptr(FsProvider) provider = new_provider ("bfl", NULL);
  g_autoptr(FsRequest) request = new_request ("bfl", "flux-2-pro", "x");
  g_autoptr(FsRequest) monica = new_request ("bfl", "flux_pro", "x");
  g_autoptr(FsHttpCall) call = NULL;
  g_autoptr(GError) error = NULL;

  call = fs_provider_build_submit (provider, request, lookup_model ("flux-2-pro"),
                                   NULL, &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_NO_KEY);
  g_assert_null (call);
  g_clear_error (&error);

  call = fs_provider_build_submit (provider, request, lookup_model ("flux-2-pro"),
                                   "", &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_NO_KEY);
  g_clear_error (&error);

  call = fs_provider_build_submit (provider, monica, lookup_model ("flux_pro"),
                                   TEST_KEY, &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_assert_null (call);
}

/* BFL: parse submit */

static void
test_bfl_parse_submit (void)
{
  g_autoptr(FsProvider) provider = new_provider ("bfl", NULL);
  g_autoptr(FsProviderResult) result = NULL;
  g_autoptr(FsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = make_response (200, "{\"id\":\"task-1\","
                            "\"polling_url\":\"https://api.eu4.bfl.ai/v1/get_result?id=task-1\","
                            "\"cost\":3.5,\"input_mp\":null,\"output_mp\":1.05}");
  result = fs_provider_parse_submit (provider, response, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->status, ==, FS_TASK_PENDING);
  g_assert_cmpstr (result->task_id, ==, "task-1");
  g_assert_cmpstr (result->polling_url, ==, "https://api.eu4.bfl.ai/v1/get_result?id=task-1");
  g_assert_cmpfloat_with_epsilon (result->cost, 0.035, 1e-9);  /* 3.5 credits */
  g_clear_pointer (&result, fs_provider_result_free);
  g_clear_pointer (&response, fs_http_response_unref);

  response = make_response (200, "{\"id\":\"task-2\",\"polling_url\":\"https://x.bfl.ai/r\","
                            "\"cost\":null}");
  result = fs_provider_parse_submit (provider, response, &error);
  g_assert_no_error (error);
  g_assert_true (isnan (result->cost));
  g_clear_pointer (&result, fs_provider_result_free);
  g_clear_pointer (&response, fs_http_response_unref);

  /* Never invent a polling URL from the id. */
  response = make_response (200, "{\"id\":\"task-3\",\"cost\":1}");
  result = fs_provider_parse_submit (provider, response, &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "BFL did not return a polling URL");
  g_assert_null (result);
  g_clear_error (&error);
  g_clear_pointer (&response, fs_http_response_unref);

  response = make_response (403, "{\"detail\":\"Not authenticated - Invalid Authentication\"}");
  result = fs_provider_parse_submit (provider, response, &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_REFUSED);
  g_assert_null (result);
}

/* BFL: polling */

static FsHttpCall *
build_poll (FsProvider *provider,
            const char *polling_url)
{
  FsHttpCall *call = fs_provider_build_poll (provider, polling_url, TEST_KEY);

  g_assert_nonnull (call);
  g_assert_cmpstr (fs_http_call_get_method (call), ==, "GET");
  /* Verbatim: never rebuilt, never moved to another host. */
  g_assert_cmpstr (fs_http_call_get_url (call), ==, polling_url);
  assert_key_redacted (call);
  return call;
}

static void
assert_poll_key (FsProvider *provider,
                 const char *polling_url,
                 gboolean    expect_key)
{
  g_autoptr(FsHttpCall) call = build_poll (provider, polling_url);

  if (fs_http_call_has_key (call) != expect_key)
    g_error ("%s should %sreceive the key", polling_url, expect_key ? "" : "not ");
}

static void
test_bfl_poll_key_hosts (void)
{
  g_autoptr(FsProvider) provider = new_provider ("bfl", NULL);
  g_autoptr(FsProvider) local = new_provider ("bfl", "http://127.0.0.1:8123");
  g_autoptr(FsHttpCall) call = NULL;
  /* Which polling URLs get the key, from the default base URL and from a
   * loopback one. */
  static const struct {
    gboolean    local;
    const char *polling_url;
    gboolean    key;
  } hosts[] = {
    { FALSE, "https://api.bfl.ai/v1/get_result?id=a", TRUE },
    { FALSE, "https://api.eu1.bfl.ai/v1/get_result?id=a&x=%2F", TRUE },
    { FALSE, "https://api.us2.bfl.ai/v1/get_result?id=a", TRUE },
    { FALSE, "https://API.ISR.BFL.AI/v1/get_result?id=a", TRUE },
    { FALSE, "https://evil.example.com/v1/get_result?id=a", FALSE },
    { FALSE, "https://api.bfl.ai.evil.com/v1/get_result?id=a", FALSE },
    { FALSE, "https://delivery-eu1.bfl.ai/results/sample.jpeg", FALSE },
    { FALSE, "https://apibfl.ai/v1/get_result?id=a", FALSE },
    { FALSE, "http://api.eu1.bfl.ai/v1/get_result?id=a", FALSE },
    { FALSE, "https://api.eu1.bfl.ai:8443/v1/get_result?id=a", FALSE },
    { FALSE, "not a url", FALSE },
    { TRUE, "http://127.0.0.1:8123/v1/get_result?id=a", TRUE },
    { TRUE, "http://127.0.0.2:8123/v1/get_result?id=a", FALSE },
    { TRUE, "http://127.0.0.1:8124/v1/get_result?id=a", FALSE },
    { TRUE, "https://127.0.0.1:8123/v1/get_result?id=a", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    assert_poll_key (hosts[i].local ? local : provider, hosts[i].polling_url, hosts[i].key);

  call = fs_provider_build_poll (provider, "https://api.bfl.ai/v1/get_result?id=a", NULL);
  g_assert_false (fs_http_call_has_key (call));
}

static FsProviderResult *
parse_poll (guint        status,
            const char  *body,
            GError     **error)
{
  g_autoptr(FsProvider) provider = new_provider ("bfl", NULL);
  g_autoptr(FsHttpResponse) response = make_response (status, body);

  return fs_provider_parse_poll (provider, response, error);
}

static void
test_bfl_poll_ready (void)
{
  g_autoptr(FsProviderResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = parse_poll (200,
                       "{\"id\":\"t\",\"status\":\"Ready\",\"result\":{"
                       "\"sample\":\"https://delivery-eu1.bfl.ai/results/s.jpeg?sig=a%2Fb\","
                       "\"prompt\":\"p\",\"seed\":42,\"duration\":7.5},"
                       "\"progress\":null,\"details\":null,\"preview\":null,\"cost\":4}",
                       &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->status, ==, FS_TASK_READY);
  g_assert_cmpstr (result->raw_status, ==, "Ready");
  g_assert_cmpstr (result->task_id, ==, "t");
  g_assert_cmpuint (result->urls->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (result->urls, 0), ==,
                   "https://delivery-eu1.bfl.ai/results/s.jpeg?sig=a%2Fb");
  g_assert_cmpint (result->seed, ==, 42);
  g_assert_cmpfloat_with_epsilon (result->cost, 0.04, 1e-9);  /* 4 credits */
  g_clear_pointer (&result, fs_provider_result_free);

  result = parse_poll (200, "{\"id\":\"t\",\"status\":\"Ready\",\"result\":null}", &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_FAILED);
  g_assert_null (result);
}

static void
test_bfl_poll_pending (void)
{
  g_autoptr(FsProviderResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = parse_poll (200, "{\"id\":\"t\",\"status\":\"Pending\",\"result\":null,"
                       "\"progress\":0.5,\"details\":null}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->status, ==, FS_TASK_PENDING);
  g_assert_cmpstr (result->raw_status, ==, "Pending");
  g_assert_cmpfloat (result->progress, ==, 0.5);
  g_clear_pointer (&result, fs_provider_result_free);

  result = parse_poll (200, "{\"id\":\"t\",\"status\":\"Pending\",\"progress\":null}", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (result->progress, ==, -1);
  g_clear_pointer (&result, fs_provider_result_free);

  /* Statuses this client has never heard of mean "still running". */
  for (guint i = 0; i < 3; i++)
    {
      const char *words[] = { "Reasoning", "Generating", "Queued" };
      g_autofree char *body = g_strdup_printf ("{\"id\":\"t\",\"status\":\"%s\","
                                               "\"progress\":0.25}", words[i]);

      result = parse_poll (200, body, &error);
      g_assert_no_error (error);
      g_assert_cmpint (result->status, ==, FS_TASK_PENDING);
      g_assert_cmpstr (result->raw_status, ==, words[i]);
      g_assert_cmpfloat (result->progress, ==, 0.25);
      g_clear_pointer (&result, fs_provider_result_free);
    }
}

static void
test_bfl_poll_moderated (void)
{
  g_autoptr(FsProviderResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = parse_poll (200, "{\"id\":\"t\",\"status\":\"Request Moderated\",\"result\":null,"
                       "\"details\":{\"Moderation Reasons\":[\"Safety Filter\"]}}", &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_MODERATED);
  g_assert_null (result);
  g_assert_cmpstr (error->message, ==,
                   "The provider blocked this prompt (moderation: Safety Filter). "
                   "Nothing was charged.");
  g_clear_error (&error);

  result = parse_poll (200, "{\"id\":\"t\",\"status\":\"Content Moderated\",\"result\":null,"
                       "\"details\":{\"Moderation Reasons\":[\"Sexual Content\","
                       "\"Derivative Works Filter\"]}}", &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_MODERATED);
  g_assert_nonnull (strstr (error->message, "blocked the result"));
  g_assert_nonnull (strstr (error->message, "Sexual Content, Derivative Works Filter"));
  g_clear_error (&error);

  result = parse_poll (200, "{\"id\":\"t\",\"status\":\"Request Moderated\"}", &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_MODERATED);
}

/* A poll answer that ends the task with an error, never a result: its
 * FS_ERROR code and a part of the message (or NULL). */
typedef struct
{
  guint       status;
  const char *body;
  int         code;
  const char *says;
} PollFailure;

static void
assert_poll_failures (const PollFailure *failures,
                      guint              n_failures)
{
  for (guint i = 0; i < n_failures; i++)
    {
      g_autoptr(FsProviderResult) result = NULL;
      g_autoptr(GError) error = NULL;

      result = parse_poll (failures[i].status, failures[i].body, &error);
      g_assert_error (error, FS_ERROR, failures[i].code);
      if (failures[i].says != NULL)
        g_assert_nonnull (strstr (error->message, failures[i].says));
      g_assert_null (result);
    }
}

static void
test_bfl_poll_failures (void)
{
  static const PollFailure failures[] = {
    { 200, "{\"id\":\"t\",\"status\":\"Error\",\"result\":null,"
           "\"details\":{\"error\":\"GPU fell over\"}}",
      FS_ERROR_FAILED, "GPU fell over" },
    /* Older tasks carry the reason in result.error. */
    { 200, "{\"id\":\"t\",\"status\":\"Error\",\"details\":null,"
           "\"result\":{\"error\":\"Old style failure\"}}",
      FS_ERROR_FAILED, "Old style failure" },
    { 200, "{\"id\":\"t\",\"status\":\"Failed\"}", FS_ERROR_FAILED, NULL },
    { 200, "{\"id\":\"t\",\"status\":\"Task not found\"}", FS_ERROR_FAILED,
      "another region" },
    /* A 422 can carry a task body: its reason wins over the status code. */
    { 422, "{\"id\":\"t\",\"status\":\"Error\",\"details\":"
           "{\"error\":\"Invalid or corrupted image input\"}}",
      FS_ERROR_FAILED, "Invalid or corrupted image input" },
    { 404, "{\"detail\":\"Not Found\"}", FS_ERROR_REFUSED, NULL },
    /* A readable answer without a status is an answer: the task is lost. */
    { 200, "{\"id\":\"t\",\"result\":null}", FS_ERROR_FAILED, NULL },
  };

  assert_poll_failures (failures, G_N_ELEMENTS (failures));
}

/* A 2xx poll answer that cannot be read says nothing about a task that may
 * be paid for: it is still running as far as anyone knows. Nested far too
 * deep, it used to crash the job. */
static void
test_bfl_poll_unreadable (void)
{
  g_autofree char *deep = fs_test_nested_json (80000);
  g_autofree char *deep_task = g_strdup_printf ("{\"id\":\"t\",\"status\":\"Ready\","
                                                "\"result\":%s}", deep);
  g_autofree char *huge = g_strdup_printf ("{\"id\":\"t\",\"status\":\"Pending\","
                                           "\"details\":\"%*s\"}",
                                           FS_JSON_MAX_ANSWER_BYTES, "x");
  const char *bodies[] = { deep, deep_task, huge, "<html>gateway</html>", "{\"id\":" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(FsProviderResult) result = NULL;
      g_autoptr(GError) error = NULL;

      result = parse_poll (200, bodies[i], &error);
      g_assert_no_error (error);
      g_assert_nonnull (result);
      g_assert_cmpint (result->status, ==, FS_TASK_PENDING);
      g_assert_cmpfloat (result->progress, ==, -1);
      g_assert_null (result->raw_status);
    }

  /* Not 2xx: the status says what happened, as before. */
  {
    g_autoptr(FsProviderResult) result = NULL;
    g_autoptr(GError) error = NULL;

    result = parse_poll (503, deep, &error);
    g_assert_error (error, FS_ERROR, FS_ERROR_FAILED);
    g_assert_null (result);
  }
}

/* Answers nested far too deep are malformed answers, not crashes. */
static void
test_deep_answers (void)
{
  g_autoptr(FsProvider) bfl = new_provider ("bfl", NULL);
  g_autoptr(FsProvider) apiyi = new_provider ("apiyi", NULL);
  g_autofree char *deep = fs_test_nested_json (80000);
  g_autofree char *submit = g_strdup_printf ("{\"id\":\"t\",\"polling_url\":\"https://api.bfl.ai/"
                                             "v1/get_result?id=t\",\"x\":%s}", deep);
  g_autofree char *list = g_strdup_printf ("{\"data\":[{\"url\":\"https://x/y.png\"}],"
                                           "\"x\":%s}", deep);
  g_autofree char *error_body = g_strdup_printf ("{\"error\":{\"message\":\"Bad key\"},"
                                                 "\"x\":%s}", deep);
  g_autoptr(FsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  double credits = 0;

  response = make_response (200, submit);
  g_assert_null (fs_provider_parse_submit (bfl, response, &error));
  g_assert_error (error, FS_ERROR, FS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "polling URL"));
  g_clear_error (&error);
  g_clear_pointer (&response, fs_http_response_unref);

  response = make_response (200, list);
  g_assert_null (fs_provider_parse_submit (apiyi, response, &error));
  g_assert_error (error, FS_ERROR, FS_ERROR_FAILED);
  g_clear_error (&error);
  g_clear_pointer (&response, fs_http_response_unref);

  response = make_response (200, deep);
  g_assert_false (fs_provider_parse_credits (bfl, response, &credits, &error));
  g_assert_error (error, FS_ERROR, FS_ERROR_FAILED);
  g_clear_error (&error);
  g_clear_pointer (&response, fs_http_response_unref);

  /* An error body too deep to parse still gives its message. */
  response = make_response (401, error_body);
  g_assert_null (fs_provider_parse_submit (apiyi, response, &error));
  g_assert_error (error, FS_ERROR, FS_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "Bad key"));
  g_clear_error (&error);
  g_clear_pointer (&response, fs_http_response_unref);

  response = make_response (200, deep);
  g_assert_null (fs_http_response_parse_json (response, &error));
  g_assert_error (error, FS_ERROR, FS_ERROR_FAILED);
}

static void
test_bfl_credits (void)
{
  g_autoptr(FsProvider) provider = new_provider ("bfl", "https://api.eu.bfl.ai");
  g_autoptr(FsHttpCall) call = fs_provider_build_credits (provider, TEST_KEY);
  g_autoptr(FsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  double credits = 0;

  g_assert_cmpstr (fs_http_call_get_method (call), ==, "GET");
  g_assert_cmpstr (fs_http_call_get_url (call), ==, "https://api.eu.bfl.ai/v1/credits");
  g_assert_true (fs_http_call_has_key (call));

  response = make_response (200, "{\"credits\":1234.5}");
  g_assert_true (fs_provider_parse_credits (provider, response, &credits, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (credits, ==, 1234.5);
  g_clear_pointer (&response, fs_http_response_unref);

  response = make_response (403, "{\"detail\":\"Not authenticated - Invalid Authentication\"}");
  g_assert_false (fs_provider_parse_credits (provider, response, &credits, &error));
  g_assert_error (error, FS_ERROR, FS_ERROR_REFUSED);
}

/* BFL over loopback: where the key really goes */

typedef struct
{
  guint  port;
  char  *poll_address;   /* where the polling URL points */
  guint  submits_with_key;
  guint  polls;
  guint  polls_with_key;
  char  *last_poll_address;
} FakeBfl;

static char *
local_address (SoupServerMessage *message)
{
  GSocketAddress *address = soup_server_message_get_local_address (message);
  GInetAddress *inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));

  return g_inet_address_to_string (inet);
}

static void
fake_bfl_cb (SoupServer        *server,
             SoupServerMessage *message,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  FakeBfl *fake = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  gboolean has_key = g_strcmp0 (soup_message_headers_get_one (headers, "x-key"),
                                TEST_KEY) == 0;
  g_autofree char *body = NULL;
  gsize length;

  if (g_str_equal (path, "/v1/flux-2-pro"))
    {
      fake->submits_with_key += has_key;
      body = g_strdup_printf ("{\"id\":\"t1\",\"polling_url\":"
                              "\"http://%s:%u/v1/get_result?id=t1\",\"cost\":null}",
                              fake->poll_address, fake->port);
    }
  else if (g_str_equal (path, "/v1/get_result"))
    {
      fake->polls++;
      fake->polls_with_key += has_key;
      g_free (fake->last_poll_address);
      fake->last_poll_address = local_address (message);
      body = g_strdup ("{\"id\":\"t1\",\"status\":\"Ready\",\"result\":"
                       "{\"sample\":\"http://127.0.0.3/sample.png\",\"seed\":5}}");
    }
  else
    {
      soup_server_message_set_status (message, 404, NULL);
      return;
    }

  length = strlen (body);
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "application/json",
                                    SOUP_MEMORY_TAKE, g_steal_pointer (&body), length);
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  FsHttpResponse **response = user_data;
  g_autoptr(GError) error = NULL;

  *response = fs_http_send_finish (FS_HTTP (source), result, &error);
  g_assert_no_error (error);
}

static FsHttpResponse *
send_and_wait (FsHttp     *http,
               FsHttpCall *call)
{
  FsHttpResponse *response = NULL;

  fs_http_send_async (http, call, NULL, send_cb, &response);
  while (response == NULL)
    g_main_context_iteration (NULL, TRUE);

  return response;
}

/* Submits to the fake at 127.0.0.1 and polls wherever it says. */
static void
run_bfl_flow (FakeBfl    *fake,
              const char *poll_address)
{
  g_autofree char *base_url = g_strdup_printf ("http://127.0.0.1:%u", fake->port);
  g_autoptr(FsProvider) provider = new_provider ("bfl", base_url);
  g_autoptr(FsRequest) request = new_request ("bfl", "flux-2-pro", "over the wire");
  g_autoptr(FsHttp) http = fs_http_new ();
  g_autoptr(FsHttpCall) call = NULL;
  g_autoptr(FsHttpResponse) response = NULL;
  g_autoptr(FsProviderResult) submitted = NULL;
  g_autoptr(FsProviderResult) ready = NULL;
  g_autoptr(GError) error = NULL;

  g_free (fake->poll_address);
  fake->poll_address = g_strdup (poll_address);

  call = build_submit (provider, request, NULL);
  response = send_and_wait (http, call);
  submitted = fs_provider_parse_submit (provider, response, &error);
  g_assert_no_error (error);
  g_clear_pointer (&call, fs_http_call_unref);
  g_clear_pointer (&response, fs_http_response_unref);

  call = fs_provider_build_poll (provider, submitted->polling_url, TEST_KEY);
  response = send_and_wait (http, call);
  ready = fs_provider_parse_poll (provider, response, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ready->status, ==, FS_TASK_READY);
  g_assert_cmpint (ready->seed, ==, 5);
  g_assert_cmpstr (fake->last_poll_address, ==, poll_address);
}

static void
test_bfl_flow_over_loopback (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GSocketAddress) first = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) second = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;
  FakeBfl fake = { 0 };

  soup_server_add_handler (server, NULL, fake_bfl_cb, &fake, NULL);
  soup_server_listen (server, first, 0, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  fake.port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  second = g_inet_socket_address_new_from_string ("127.0.0.2", fake.port);
  if (!soup_server_listen (server, second, 0, &error))
    {
      g_autofree char *reason = g_strdup_printf ("cannot listen on 127.0.0.2: %s",
                                                 error->message);

      g_test_skip (reason);
      return;
    }

  run_bfl_flow (&fake, "127.0.0.1");
  g_assert_cmpuint (fake.polls_with_key, ==, 1);

  /* Another host, even on loopback, is not where the key came from. */
  run_bfl_flow (&fake, "127.0.0.2");
  g_assert_cmpuint (fake.polls, ==, 2);
  g_assert_cmpuint (fake.polls_with_key, ==, 1);
  g_assert_cmpuint (fake.submits_with_key, ==, 2);

  g_free (fake.poll_address);
  g_free (fake.last_poll_address);
}

/* APIYI and OpenAI-compatible servers */

static void
test_apiyi_generations (void)
{
  g_autoptr(FsProvider) provider = new_provider ("apiyi", NULL);
  g_autoptr(FsRequest) request = new_request ("apiyi", "flux-2-pro", "city at dusk");
  g_autoptr(FsHttpCall) call = NULL;
  g_autofree char *description = NULL;
  static const Member params[] = {
    INT_MEMBER ("width", 1920),
    INT_MEMBER ("height", 1080),
    INT_MEMBER ("seed", 42),
    INT_MEMBER ("safety_tolerance", 6),
    STRING_MEMBER ("output_format", "png"),
    BOOL_MEMBER ("prompt_upsampling", TRUE),
    END_MEMBERS
  };
  /* The size as OpenAI's "WxH", the rest by its wire name. */
  static const Member expected[] = {
    STRING_MEMBER ("model", "flux-2-pro"),
    STRING_MEMBER ("prompt", "city at dusk"),
    STRING_MEMBER ("size", "1920x1080"),
    INT_MEMBER ("seed", 42),
    INT_MEMBER ("safety_tolerance", 6),
    STRING_MEMBER ("output_format", "png"),
    BOOL_MEMBER ("prompt_upsampling", TRUE),
    NO_MEMBER ("width"),
    NO_MEMBER ("height"),
    NO_MEMBER ("n"),
    END_MEMBERS
  };

  call = build_submit (provider, request, params);
  g_assert_cmpstr (fs_http_call_get_method (call), ==, "POST");
  g_assert_cmpstr (fs_http_call_get_url (call), ==,
                   "https://api.apiyi.com/v1/images/generations");
  g_assert_true (fs_http_call_has_key (call));
  g_assert_cmpuint (fs_http_call_get_timeout (call), ==, 120);

  description = fs_http_call_describe (call);
  g_assert_nonnull (strstr (description, "Authorization: Bearer [redacted]"));
  g_assert_null (strstr (description, TEST_KEY));
  assert_members (call_object (call), expected);
}

static void
test_apiyi_flex_and_kontext (void)
{
  g_autoptr(FsProvider) provider = new_provider ("apiyi", NULL);
  g_autoptr(FsRequest) flex = new_request ("apiyi", "flux-2-flex", "type");
  g_autoptr(FsRequest) kontext = new_request ("apiyi", "flux-kontext-max", "edit");
  g_autoptr(FsHttpCall) call = NULL;
  static const Member flex_params[] = {
    INT_MEMBER ("steps", 50),
    DOUBLE_MEMBER ("guidance", 4.5),
    END_MEMBERS
  };
  static const Member flex_expected[] = {
    INT_MEMBER ("steps", 50),
    DOUBLE_MEMBER ("guidance", 4.5),
    NO_MEMBER ("size"),
    END_MEMBERS
  };
  static const Member kontext_params[] = {
    STRING_MEMBER ("aspect_ratio", "3:2"),
    END_MEMBERS
  };
  /* Kontext is sized by aspect ratio, which goes as it is. */
  static const Member kontext_expected[] = {
    STRING_MEMBER ("model", "flux-kontext-max"),
    STRING_MEMBER ("aspect_ratio", "3:2"),
    NO_MEMBER ("size"),
    END_MEMBERS
  };

  call = build_submit (provider, flex, flex_params);
  g_assert_cmpuint (fs_http_call_get_timeout (call), ==, 180);
  assert_members (call_object (call), flex_expected);
  g_clear_pointer (&call, fs_http_call_unref);

  call = build_submit (provider, kontext, kontext_params);
  assert_members (call_object (call), kontext_expected);
}

typedef struct
{
  char   *name;
  char   *filename;
  char   *content_type;
  GBytes *body;
} Part;

static void
part_free (Part *part)
{
  g_free (part->name);
  g_free (part->filename);
  g_free (part->content_type);
  g_bytes_unref (part->body);
  g_free (part);
}

/* Reads the request body back the way a server would. */
static GPtrArray *
parse_multipart (FsHttpCall *call)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr(SoupMultipart) multipart = NULL;
  GPtrArray *parts = g_ptr_array_new_with_free_func ((GDestroyNotify) part_free);

  g_assert_true (g_str_has_prefix (fs_http_call_get_content_type (call),
                                   "multipart/form-data"));
  soup_message_headers_replace (headers, "Content-Type",
                                fs_http_call_get_content_type (call));
  multipart = soup_multipart_new_from_message (headers, fs_http_call_get_body (call));
  g_assert_nonnull (multipart);

  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *part_headers = NULL;
      GBytes *part_body = NULL;
      g_autoptr(GHashTable) params = NULL;
      Part *part = g_new0 (Part, 1);

      g_assert_true (soup_multipart_get_part (multipart, i, &part_headers, &part_body));
      g_assert_true (soup_message_headers_get_content_disposition (part_headers, NULL,
                                                                   &params));
      part->name = g_strdup (g_hash_table_lookup (params, "name"));
      part->filename = g_strdup (g_hash_table_lookup (params, "filename"));
      part->content_type = g_strdup (soup_message_headers_get_content_type (part_headers,
                                                                           NULL));
      part->body = g_bytes_ref (part_body);
      g_ptr_array_add (parts, part);
    }

  return parts;
}

static const char *
form_value (GPtrArray  *parts,
            const char *name,
            char      **owned)
{
  for (guint i = 0; i < parts->len; i++)
    {
      Part *part = g_ptr_array_index (parts, i);

      if (g_str_equal (part->name, name))
        {
          *owned = g_strndup (g_bytes_get_data (part->body, NULL),
                              g_bytes_get_size (part->body));
          return *owned;
        }
    }

  return NULL;
}

static void
assert_form_field (GPtrArray  *parts,
                   const char *name,
                   const char *expected)
{
  g_autofree char *owned = NULL;

  g_assert_cmpstr (form_value (parts, name, &owned), ==, expected);
}

static void
test_apiyi_edits_multipart (void)
{
  g_autoptr(FsProvider) provider = new_provider ("apiyi", NULL);
  g_autoptr(FsRequest) request = new_request ("apiyi", "flux-2-pro", "image 1 wearing image 2");
  g_autoptr(FsHttpCall) call = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autofree char *description = NULL;
  guint n_images = 0;

  fs_test_set_int (request, "width", 1024);
  fs_test_set_int (request, "height", 1536);
  fs_test_set_int (request, "seed", 9);
  add_references (request, 3);

  call = build_submit (provider, request, NULL);
  g_assert_cmpstr (fs_http_call_get_url (call), ==, "https://api.apiyi.com/v1/images/edits");
  g_assert_null (fs_http_call_get_json (call));
  g_assert_true (fs_http_call_has_key (call));

  description = fs_http_call_describe (call);
  g_assert_nonnull (strstr (description, "image[] ×3"));
  g_assert_null (strstr (description, TEST_KEY));

  parts = parse_multipart (call);
  assert_form_field (parts, "model", "flux-2-pro");
  assert_form_field (parts, "prompt", "image 1 wearing image 2");
  assert_form_field (parts, "size", "1024x1536");
  assert_form_field (parts, "seed", "9");
  assert_form_field (parts, "width", NULL);

  for (guint i = 0; i < parts->len; i++)
    {
      Part *part = g_ptr_array_index (parts, i);
      FsReference *reference;
      g_autofree char *filename = NULL;

      if (!g_str_equal (part->name, "image[]"))
        continue;

      /* The n-th file part is the n-th reference, byte for byte. */
      reference = get_reference (request, n_images);
      filename = g_strdup_printf ("image-%u.png", ++n_images);
      g_assert_cmpstr (part->filename, ==, filename);
      g_assert_cmpstr (part->content_type, ==, "image/png");
      g_assert_true (g_bytes_equal (part->body, fs_reference_get_bytes (reference)));
    }
  g_assert_cmpuint (n_images, ==, 3);
}

static void
test_apiyi_json_references (void)
{
  g_autoptr(FsProvider) provider = new_provider ("apiyi", NULL);
  g_autoptr(FsRequest) request = new_request ("apiyi", "flux-2-pro", "merge");
  g_autoptr(FsHttpCall) call = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gboolean json_references = TRUE;
  JsonObject *body;

  g_object_get (provider, "json-references", &json_references, NULL);
  g_assert_false (json_references);
  fs_provider_set_json_references (provider, TRUE);
  g_object_get (provider, "json-references", &json_references, NULL);
  g_assert_true (json_references);

  add_references (request, 2);
  call = build_submit (provider, request, NULL);
  g_assert_cmpstr (fs_http_call_get_url (call), ==,
                   "https://api.apiyi.com/v1/images/generations");

  body = call_object (call);
  first = fs_reference_dup_data_url (get_reference (request, 0));
  second = fs_reference_dup_data_url (get_reference (request, 1));
  g_assert_true (g_str_has_prefix (first, "data:image/png;base64,"));
  assert_string_member (body, "input_image", first);
  assert_string_member (body, "input_image_2", second);
  assert_no_member (body, "input_image_3");
}

static void
test_openai_parse (void)
{
  g_autoptr(FsProvider) apiyi = new_provider ("apiyi", NULL);
  g_autoptr(FsProvider) custom = new_provider ("openai-compatible", "http://127.0.0.1:9000/v1");
  g_autoptr(FsProviderResult) result = NULL;
  g_autoptr(FsHttpResponse) response = NULL;
  g_autoptr(GBytes) png = fs_test_make_image ("png", 8, 8, 0x02eb3cff);
  g_autoptr(GError) error = NULL;
  g_autofree char *b64 = NULL;
  g_autofree char *body = NULL;

  response = make_response (200, "{\"created\":1776832476,\"data\":[{\"url\":"
                            "\"https://delivery-eu.bfl.ai/results/x/sample.jpeg?sig=1\"}]}");
  result = fs_provider_parse_submit (apiyi, response, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->status, ==, FS_TASK_READY);
  g_assert_cmpuint (result->urls->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (result->urls, 0), ==,
                   "https://delivery-eu.bfl.ai/results/x/sample.jpeg?sig=1");
  g_clear_pointer (&result, fs_provider_result_free);
  g_clear_pointer (&response, fs_http_response_unref);

  b64 = g_base64_encode (g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  body = g_strdup_printf ("{\"created\":1,\"data\":[{\"b64_json\":\"%s\"}]}", b64);
  response = make_response (200, body);
  result = fs_provider_parse_submit (custom, response, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->urls->len, ==, 0);
  g_assert_cmpuint (result->images->len, ==, 1);
  g_assert_true (g_bytes_equal (g_ptr_array_index (result->images, 0), png));
  g_clear_pointer (&result, fs_provider_result_free);
  g_clear_pointer (&response, fs_http_response_unref);

  response = make_response (200, "{\"created\":1,\"data\":[]}");
  result = fs_provider_parse_submit (apiyi, response, &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_FAILED);
  g_assert_null (result);
  g_clear_error (&error);
  g_clear_pointer (&response, fs_http_response_unref);

  response = make_response (401, "{\"error\":{\"message\":\"Invalid token\","
                            "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");
  result = fs_provider_parse_submit (apiyi, response, &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_REFUSED);
  g_assert_null (result);
}

static void
test_openai_no_poll (void)
{
  g_autoptr(FsProvider) provider = new_provider ("apiyi", NULL);
  g_autoptr(FsProvider) custom = new_provider ("openai-compatible", "http://127.0.0.1:9000/v1");
  g_autoptr(FsHttpResponse) response = make_response (200, "{}");
  g_autoptr(FsRequest) request = new_request ("openai-compatible", "flux-2-klein-4b", "x");
  g_autoptr(FsHttpCall) call = NULL;
  g_autoptr(GError) error = NULL;
  double credits = 0;

  g_assert_null (fs_provider_build_poll (provider, "https://api.apiyi.com/x", TEST_KEY));
  g_assert_null (fs_provider_build_credits (provider, TEST_KEY));
  g_assert_null (fs_provider_parse_poll (provider, response, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_assert_false (fs_provider_parse_credits (provider, response, &credits, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  /* A self-hosted server may run without a key. */
  call = fs_provider_build_submit (custom, request, lookup_model ("flux-2-klein-4b"),
                                   NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fs_http_call_get_url (call), ==,
                   "http://127.0.0.1:9000/v1/images/generations");
  g_assert_false (fs_http_call_has_key (call));
}

/* Monica */

static void
test_monica_flux_pro (void)
{
  g_autoptr(FsProvider) provider = new_provider ("monica", NULL);
  g_autoptr(FsRequest) request = new_request ("monica", "flux_pro", "lighthouse");
  g_autoptr(FsHttpCall) call = NULL;
  static const Member params[] = {
    STRING_MEMBER ("size", "1344x768"),
    INT_MEMBER ("steps", 25),
    DOUBLE_MEMBER ("guidance", 3.5),
    DOUBLE_MEMBER ("interval", 2),
    INT_MEMBER ("safety_tolerance", 2),
    INT_MEMBER ("seed", 7),
    INT_MEMBER ("num_outputs", 3),
    END_MEMBERS
  };
  static const Member expected[] = {
    STRING_MEMBER ("model", "flux_pro"),
    STRING_MEMBER ("prompt", "lighthouse"),
    STRING_MEMBER ("size", "1344x768"),
    INT_MEMBER ("steps", 25),
    DOUBLE_MEMBER ("guidance", 3.5),
    DOUBLE_MEMBER ("interval", 2),
    INT_MEMBER ("safety_tolerance", 2),
    INT_MEMBER ("seed", 7),
    /* flux_pro makes one image per call. */
    NO_MEMBER ("num_outputs"),
    END_MEMBERS
  };

  call = build_submit (provider, request, params);
  g_assert_cmpstr (fs_http_call_get_url (call), ==,
                   "https://openapi.monica.im/v1/image/gen/flux");
  g_assert_true (fs_http_call_has_key (call));
  assert_key_redacted (call);
  assert_members (call_object (call), expected);
}

static void
test_monica_flux_dev (void)
{
  g_autoptr(FsProvider) provider = new_provider ("monica", NULL);
  g_autoptr(FsRequest) request = new_request ("monica", "flux_dev", "four cats");
  g_autoptr(FsHttpCall) call = NULL;
  g_autoptr(FsHttpResponse) response = NULL;
  g_autoptr(FsProviderResult) result = NULL;
  g_autoptr(GError) error = NULL;
  static const Member params[] = {
    INT_MEMBER ("num_outputs", 4),
    DOUBLE_MEMBER ("guidance", 3),
    DOUBLE_MEMBER ("interval", 2),
    INT_MEMBER ("safety_tolerance", 2),
    END_MEMBERS
  };
  static const Member expected[] = {
    STRING_MEMBER ("model", "flux_dev"),
    INT_MEMBER ("num_outputs", 4),
    DOUBLE_MEMBER ("guidance", 3),
    NO_MEMBER ("interval"),
    NO_MEMBER ("safety_tolerance"),
    END_MEMBERS
  };

  call = build_submit (provider, request, params);
  assert_members (call_object (call), expected);

  response = make_response (200, "{\"data\":[{\"url\":\"https://cdn.monica.im/1.png\"},"
                            "{\"url\":\"https://cdn.monica.im/2.png\"},"
                            "{\"url\":\"https://cdn.monica.im/3.png\"},"
                            "{\"url\":\"https://cdn.monica.im/4.png\"}]}");
  result = fs_provider_parse_submit (provider, response, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->status, ==, FS_TASK_READY);
  g_assert_cmpuint (result->urls->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *url = g_strdup_printf ("https://cdn.monica.im/%u.png", i + 1);

      g_assert_cmpstr (g_ptr_array_index (result->urls, i), ==, url);
    }
}

static void
test_monica_refuses_references (void)
{
  g_autoptr(FsProvider) provider = new_provider ("monica", NULL);
  g_autoptr(FsRequest) request = new_request ("monica", "flux_schnell", "x");
  g_autoptr(FsHttpCall) call = NULL;
  g_autoptr(GError) error = NULL;

  add_references (request, 1);
  call = fs_provider_build_submit (provider, request, lookup_model ("flux_schnell"),
                                   TEST_KEY, &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_assert_null (call);
}

/* Sandbox */

static GBytes *
synthesize (FsRequest *request,
            guint      index)
{
  g_autoptr(FsProvider) provider = new_provider ("sandbox", NULL);
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  bytes = fs_provider_synthesize (provider, request,
                                  lookup_model (fs_request_get_model_id (request)),
                                  index, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return bytes;
}

static GdkPixbuf *
decode (GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_loader_write_bytes (loader, bytes, &error);
  g_assert_no_error (error);
  gdk_pixbuf_loader_close (loader, &error);
  g_assert_no_error (error);

  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

/* The share of pixels within @tolerance of @rgb, and their mean x. */
static double
colour_share (GdkPixbuf *pixbuf,
              guint32    rgb,
              int        tolerance,
              double    *mean_x)
{
  const guchar *pixels = gdk_pixbuf_read_pixels (pixbuf);
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
  guint64 count = 0;
  double sum_x = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = pixels + y * stride + x * channels;

        if (ABS (p[0] - r) <= tolerance && ABS (p[1] - g) <= tolerance &&
            ABS (p[2] - b) <= tolerance)
          {
            count++;
            sum_x += x;
          }
      }

  if (mean_x != NULL)
    *mean_x = count > 0 ? sum_x / count : -1;

  return (double) count / ((double) width * height);
}

static void
test_sandbox_deterministic (void)
{
  g_autoptr(FsRequest) request = new_request ("sandbox", "flux-2-pro", "a fox, #ff8800");
  g_autoptr(FsRequest) other_seed = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) third = NULL;
  g_autoptr(GBytes) next_index = NULL;

  fs_test_set_int (request, "width", 512);
  fs_test_set_int (request, "height", 512);
  fs_test_set_int (request, "seed", 1);
  other_seed = fs_request_copy (request);
  fs_test_set_int (other_seed, "seed", 2);

  first = synthesize (request, 0);
  second = synthesize (request, 0);
  third = synthesize (other_seed, 0);
  next_index = synthesize (request, 1);

  g_assert_true (g_bytes_equal (first, second));
  g_assert_false (g_bytes_equal (first, third));
  g_assert_false (g_bytes_equal (first, next_index));
}

static void
assert_probe (GBytes     *bytes,
              const char *mime_type,
              guint       width,
              guint       height)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *probed_type = NULL;
  g_autofree char *extension = NULL;
  guint probed_width = 0;
  guint probed_height = 0;

  g_assert_true (fs_image_probe (bytes, &probed_type, &extension,
                                 &probed_width, &probed_height, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (probed_type, ==, mime_type);
  g_assert_cmpuint (probed_width, ==, width);
  g_assert_cmpuint (probed_height, ==, height);
}

static void
test_sandbox_size_and_format (void)
{
  g_autoptr(FsRequest) request = new_request ("sandbox", "flux-2-pro", "plain");
  g_autoptr(FsRequest) png = new_request ("sandbox", "flux-2-klein-4b", "plain");
  g_autoptr(FsRequest) webp = new_request ("sandbox", "flux-2-max", "plain");
  g_autoptr(FsRequest) kontext = new_request ("sandbox", "flux-kontext-pro", "plain");
  g_autoptr(GBytes) bytes = NULL;
  guint width, height;

  /* Defaults: 1024×1024 JPEG. */
  bytes = synthesize (request, 0);
  assert_probe (bytes, "image/jpeg", 1024, 1024);
  g_clear_pointer (&bytes, g_bytes_unref);

  fs_test_set_int (png, "width", 640);
  fs_test_set_int (png, "height", 480);
  fs_test_set_string (png, "output_format", "png");
  bytes = synthesize (png, 0);
  assert_probe (bytes, "image/png", 640, 480);
  g_clear_pointer (&bytes, g_bytes_unref);

  fs_test_set_int (webp, "width", 320);
  fs_test_set_int (webp, "height", 240);
  fs_test_set_string (webp, "output_format", "webp");
  bytes = synthesize (webp, 0);
  g_assert_true (g_bytes_get_size (bytes) > 0);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* Aspect-ratio models get the size their rule gives. */
  fs_test_set_string (kontext, "aspect_ratio", "16:9");
  g_assert_true (fs_request_get_output_size (kontext, lookup_model ("flux-kontext-pro"),
                                             &width, &height));
  bytes = synthesize (kontext, 0);
  assert_probe (bytes, "image/jpeg", width, height);
}

static void
test_sandbox_too_large (void)
{
  g_autoptr(FsProvider) provider = new_provider ("sandbox", NULL);
  g_autoptr(FsRequest) request = new_request ("sandbox", "flux-2-pro", "huge");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  /* Far beyond any model's size: refused rather than drawn. */
  fs_test_set_int (request, "width", 8192);
  fs_test_set_int (request, "height", 8192);
  bytes = fs_provider_synthesize (provider, request, lookup_model ("flux-2-pro"), 0,
                                  &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_assert_null (bytes);
}

static void
test_sandbox_hex_colours (void)
{
  g_autoptr(FsRequest) one = new_request ("sandbox", "flux-2-pro",
                                          "A poster in brand green #02EB3C");
  g_autoptr(FsRequest) two = new_request ("sandbox", "flux-2-pro",
                                          "stripes of #F00 and #0000ff, not #12345 or #1234567");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  fs_test_set_int (one, "seed", 3);
  bytes = synthesize (one, 0);
  pixbuf = decode (bytes);
  g_assert_cmpfloat (colour_share (pixbuf, 0x02eb3c, 10, NULL), >=, 0.10);
  g_clear_pointer (&bytes, g_bytes_unref);
  g_clear_object (&pixbuf);

  fs_test_set_string (two, "output_format", "png");
  bytes = synthesize (two, 0);
  pixbuf = decode (bytes);
  g_assert_cmpfloat (colour_share (pixbuf, 0xff0000, 2, NULL), >=, 0.10);
  g_assert_cmpfloat (colour_share (pixbuf, 0x0000ff, 2, NULL), >=, 0.10);
}

static void
test_sandbox_references (void)
{
  g_autoptr(FsRequest) request = new_request ("sandbox", "flux-2-pro", "collage #eeeeee");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  double red_x = -1, blue_x = -1;

  fs_test_set_string (request, "output_format", "png");
  add_references (request, 2);
  bytes = synthesize (request, 0);
  pixbuf = decode (bytes);

  /* Reference 1 is red, reference 2 blue: both drawn, in tray order. */
  g_assert_cmpfloat (colour_share (pixbuf, 0xff0000, 4, &red_x), >=, 0.01);
  g_assert_cmpfloat (colour_share (pixbuf, 0x0000ff, 4, &blue_x), >=, 0.01);
  g_assert_cmpfloat (red_x, <, blue_x);
}

static void
test_sandbox_speed (void)
{
  g_autoptr(FsRequest) request = new_request ("sandbox", "flux-2-pro",
                                              "large #02eb3c #ff0088 #123");
  g_autoptr(GBytes) bytes = NULL;
  gint64 start;
  double seconds;

  fs_test_set_int (request, "width", 2048);
  fs_test_set_int (request, "height", 2048);
  add_references (request, 4);

  start = g_get_monotonic_time ();
  bytes = synthesize (request, 0);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_test_message ("2048×2048 sandbox image: %.3f s, %zu bytes",
                  seconds, g_bytes_get_size (bytes));

  assert_probe (bytes, "image/jpeg", 2048, 2048);
  /* Generous, so a loaded machine does not fail it; typical is ~0.1 s. */
  g_assert_cmpfloat (seconds, <, 5.0);
}

static void
test_sandbox_sends_nothing (void)
{
  g_autoptr(FsProvider) provider = new_provider ("sandbox", NULL);
  g_autoptr(FsRequest) request = new_request ("sandbox", "flux-2-pro", "x");
  g_autoptr(FsHttpCall) call = NULL;
  g_autoptr(GError) error = NULL;

  call = fs_provider_build_submit (provider, request, lookup_model ("flux-2-pro"),
                                   NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_null (call);
  g_assert_null (fs_provider_build_poll (provider, "https://api.bfl.ai/x", NULL));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  catalog = fs_test_load_catalog ();

  g_test_add_func ("/providers/info-table", test_info_table);
  g_test_add_func ("/providers/base-url-rule", test_base_url_rule);
  g_test_add_func ("/providers/result-defaults", test_result_defaults);
  g_test_add_func ("/providers/bfl/flux-2-pro", test_bfl_flux2_pro);
  g_test_add_func ("/providers/bfl/flex", test_bfl_flex);
  g_test_add_func ("/providers/bfl/klein", test_bfl_klein);
  g_test_add_func ("/providers/bfl/kontext", test_bfl_kontext);
  g_test_add_func ("/providers/bfl/ultra", test_bfl_ultra);
  g_test_add_func ("/providers/bfl/flux-dev", test_bfl_flux_dev);
  g_test_add_func ("/providers/bfl/eight-references", test_bfl_eight_references);
  g_test_add_func ("/providers/bfl/refusals", test_bfl_refusals);
  g_test_add_func ("/providers/bfl/parse-submit", test_bfl_parse_submit);
  g_test_add_func ("/providers/bfl/poll-key-hosts", test_bfl_poll_key_hosts);
  g_test_add_func ("/providers/bfl/poll-ready", test_bfl_poll_ready);
  g_test_add_func ("/providers/bfl/poll-pending", test_bfl_poll_pending);
  g_test_add_func ("/providers/bfl/poll-moderated", test_bfl_poll_moderated);
  g_test_add_func ("/providers/bfl/poll-failures", test_bfl_poll_failures);
  g_test_add_func ("/providers/bfl/poll-unreadable", test_bfl_poll_unreadable);
  g_test_add_func ("/providers/deep-answers", test_deep_answers);
  g_test_add_func ("/providers/bfl/credits", test_bfl_credits);
  g_test_add_func ("/providers/bfl/flow-over-loopback", test_bfl_flow_over_loopback);
  g_test_add_func ("/providers/apiyi/generations", test_apiyi_generations);
  g_test_add_func ("/providers/apiyi/flex-and-kontext", test_apiyi_flex_and_kontext);
  g_test_add_func ("/providers/apiyi/edits-multipart", test_apiyi_edits_multipart);
  g_test_add_func ("/providers/apiyi/json-references", test_apiyi_json_references);
  g_test_add_func ("/providers/openai/parse", test_openai_parse);
  g_test_add_func ("/providers/openai/no-poll", test_openai_no_poll);
  g_test_add_func ("/providers/monica/flux-pro", test_monica_flux_pro);
  g_test_add_func ("/providers/monica/flux-dev", test_monica_flux_dev);
  g_test_add_func ("/providers/monica/no-references", test_monica_refuses_references);
  g_test_add_func ("/providers/sandbox/deterministic", test_sandbox_deterministic);
  g_test_add_func ("/providers/sandbox/size-and-format", test_sandbox_size_and_format);
  g_test_add_func ("/providers/sandbox/too-large", test_sandbox_too_large);
  g_test_add_func ("/providers/sandbox/hex-colours", test_sandbox_hex_colours);
  g_test_add_func ("/providers/sandbox/references", test_sandbox_references);
  g_test_add_func ("/providers/sandbox/speed", test_sandbox_speed);
  g_test_add_func ("/providers/sandbox/sends-nothing", test_sandbox_sends_nothing);

  status = g_test_run ();
  g_clear_object (&catalog);

  return status;
}
