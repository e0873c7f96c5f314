/* test-record.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-catalog.h"
#include "fs-error.h"
#include "fs-request.h"
#include "fs-test-util.h"

/* A request read back from its record: what fs_request_to_json() wrote,
 * or a sidecar, so that "Use these settings" and "Remix" start from
 * exactly what was asked. */

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

static void
assert_type (FsRequest  *request,
             const char *name,
             const char *type)
{
  GVariant *value = fs_request_get_param (request, name);

  g_assert_nonnull (value);
  g_assert_cmpstr (g_variant_get_type_string (value), ==, type);
}

static void
test_round_trip (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  g_autoptr(FsRequest) request = fs_request_new ("bfl", "flux-2-flex");
  g_autoptr(FsRequest) back = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GError) error = NULL;

  fs_request_set_prompt (request, "a poster, #02eb3c, “quoted” ünïcode");
  fs_request_set_param (request, "width", g_variant_new_int64 (1024));
  fs_request_set_param (request, "height", g_variant_new_int64 (768));
  fs_request_set_param (request, "seed", g_variant_new_int64 (42));
  fs_request_set_param (request, "steps", g_variant_new_int64 (30));
  fs_request_set_param (request, "guidance", g_variant_new_double (3.0));
  fs_request_set_param (request, "prompt_upsampling", g_variant_new_boolean (TRUE));
  fs_request_set_param (request, "output_format", g_variant_new_string ("png"));
  g_assert_true (fs_request_check (request, catalog, NULL));

  json = fs_request_to_json (request);
  back = fs_request_new_from_record (json_node_get_object (json), &error);
  g_assert_no_error (error);

  g_assert_cmpstr (fs_request_get_provider_id (back), ==, "bfl");
  g_assert_cmpstr (fs_request_get_model_id (back), ==, "flux-2-flex");
  g_assert_cmpstr (fs_request_get_prompt (back), ==, fs_request_get_prompt (request));
  assert_type (back, "width", "x");
  assert_type (back, "seed", "x");
  assert_type (back, "steps", "x");
  /* 3.0 was written as a number and comes back as one. */
  assert_type (back, "guidance", "d");
  assert_type (back, "prompt_upsampling", "b");
  assert_type (back, "output_format", "s");
  g_assert_true (fs_request_check (back, catalog, NULL));

  again = fs_request_to_json (back);
  g_assert_true (json_node_equal (again, json));
}

static void
test_sidecar (void)
{
  g_autoptr(JsonObject) record = parse_object (
    "{\"provider\": \"sandbox\", \"model\": \"flux-2-pro\", \"prompt\": \"tea\","
    " \"params\": {\"width\": 512, \"height\": 512, \"seed\": 7},"
    " \"references\": [\"0123abcd\"], \"job_id\": \"j\", \"request_id\": \"r\","
    " \"cost\": null, \"timings\": {\"polls\": 0},"
    " \"image\": {\"file\": \"x.png\", \"sha256\": \"00\", \"width\": 512},"
    " \"exchanges\": [{\"label\": \"Submit\"}]}");
  g_autoptr(FsRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  gint64 seed = 0;

  request = fs_request_new_from_record (record, &error);
  g_assert_no_error (error);

  /* Only the parameters: what the provider and the library added is not
   * part of what was asked. */
  names = fs_request_list_params (request);
  g_assert_cmpuint (g_strv_length (names), ==, 3);
  g_assert_true (fs_request_get_int (request, "seed", &seed));
  g_assert_cmpint (seed, ==, 7);
  g_assert_cmpuint (fs_request_get_references (request)->len, ==, 0);
}

static void
test_catalog_types (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  g_autoptr(JsonObject) record = parse_object (
    "{\"provider\": \"bfl\", \"model\": \"flux-2-flex\", \"prompt\": \"hand-edited\","
    " \"params\": {\"width\": 1024.0, \"height\": \"768\", \"steps\": 30,"
    "              \"guidance\": 4, \"prompt_upsampling\": \"false\","
    "              \"output_format\": \"jpeg\", \"seed\": 1.5, \"unknown\": 2,"
    "              \"nothing\": null, \"list\": [1, 2]}}");
  g_autoptr(FsRequest) typed = NULL;
  g_autoptr(FsRequest) plain = NULL;
  g_autoptr(GError) error = NULL;

  typed = fs_request_new_from_record_full (record, catalog, &error);
  g_assert_no_error (error);
  assert_type (typed, "width", "x");
  assert_type (typed, "height", "x");
  assert_type (typed, "steps", "x");
  assert_type (typed, "guidance", "d");
  assert_type (typed, "prompt_upsampling", "b");
  g_assert_false (g_variant_get_boolean (fs_request_get_param (typed, "prompt_upsampling")));
  assert_type (typed, "output_format", "s");
  /* A value that does not fit its type stays as written, for validation
   * to name. */
  assert_type (typed, "seed", "d");
  assert_type (typed, "unknown", "x");
  g_assert_null (fs_request_get_param (typed, "nothing"));
  g_assert_null (fs_request_get_param (typed, "list"));
  g_assert_cmpint (g_variant_get_int64 (fs_request_get_param (typed, "width")), ==, 1024);
  g_assert_cmpint (g_variant_get_int64 (fs_request_get_param (typed, "height")), ==, 768);
  g_assert_cmpfloat (g_variant_get_double (fs_request_get_param (typed, "guidance")), ==, 4.0);

  /* Without a catalog, JSON's own types. */
  plain = fs_request_new_from_record (record, &error);
  g_assert_no_error (error);
  assert_type (plain, "width", "d");
  assert_type (plain, "height", "s");
  assert_type (plain, "guidance", "x");
  assert_type (plain, "prompt_upsampling", "s");
}

static void
test_incomplete (void)
{
  static const char *broken[] = {
    "{}",
    "{\"provider\": \"bfl\"}",
    "{\"model\": \"flux-2-pro\"}",
    "{\"provider\": \"\", \"model\": \"flux-2-pro\"}",
    "{\"provider\": 3, \"model\": \"flux-2-pro\"}",
  };
  g_autoptr(JsonObject) minimal = parse_object ("{\"provider\": \"bfl\", \"model\": \"flux-dev\","
                                                " \"params\": \"not an object\"}");
  g_autoptr(FsRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(JsonObject) record = parse_object (broken[i]);
      g_autoptr(FsRequest) none = NULL;
      g_autoptr(GError) local_error = NULL;

      none = fs_request_new_from_record (record, &local_error);
      g_assert_null (none);
      g_assert_error (local_error, FS_ERROR, FS_ERROR_INVALID);
    }

  /* No prompt, no usable params: still a request, to be validated. */
  request = fs_request_new_from_record (minimal, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fs_request_get_prompt (request), ==, "");
  names = fs_request_list_params (request);
  g_assert_null (names[0]);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/record/round-trip", test_round_trip);
  g_test_add_func ("/record/sidecar", test_sidecar);
  g_test_add_func ("/record/catalog-types", test_catalog_types);
  g_test_add_func ("/record/incomplete", test_incomplete);

  return g_test_run ();
}
