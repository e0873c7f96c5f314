/* test-request.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fs-catalog.h"
#include "fs-error.h"
#include "fs-reference.h"
#include "fs-request.h"
#include "fs-test-util.h"

static FsCatalog *catalog;

static FsRequest *
request_new (const char *provider_id,
             const char *model_id)
{
  FsRequest *request = fs_request_new (provider_id, model_id);

  fs_request_set_prompt (request, "A lighthouse at dusk in #ff8800 and #0044cc");
  return request;
}

/* The fields of all problems, joined by spaces, in the order returned. */
static char *
problem_fields (FsRequest *request)
{
  g_autoptr(GPtrArray) problems = fs_request_validate (request, catalog);
  g_autoptr(GString) fields = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      FsProblem *problem = g_ptr_array_index (problems, i);

      g_test_message ("%s: %s", problem->field, problem->message);
      g_string_append_printf (fields, "%s%s", i > 0 ? " " : "", problem->field);
    }

  return g_strdup (fields->str);
}

static void
assert_valid (FsRequest *request)
{
  g_autofree char *fields = problem_fields (request);

  g_assert_cmpstr (fields, ==, "");
}

static void
assert_fields (FsRequest  *request,
               const char *expected)
{
  g_autofree char *fields = problem_fields (request);

  g_assert_cmpstr (fields, ==, expected);
}

/* Exactly one problem, on @field, saying @message. */
static FsProblem *
single_problem (FsRequest  *request,
                const char *field,
                const char *message)
{
  g_autoptr(GPtrArray) problems = fs_request_validate (request, catalog);
  FsProblem *problem;

  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s: %s", ((FsProblem *) g_ptr_array_index (problems, i))->field,
                    ((FsProblem *) g_ptr_array_index (problems, i))->message);

  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_steal_index (problems, 0);
  g_assert_cmpstr (problem->field, ==, field);
  if (message != NULL)
    g_assert_cmpstr (problem->message, ==, message);
  return problem;
}

static void
assert_single (FsRequest  *request,
               const char *field,
               const char *message)
{
  fs_problem_free (single_problem (request, field, message));
}

static void
assert_int_suggestion (FsProblem *problem,
                       gint64     expected)
{
  g_assert_nonnull (problem->suggestion);
  g_assert_true (g_variant_is_of_type (problem->suggestion, G_VARIANT_TYPE_INT64));
  g_assert_cmpint (g_variant_get_int64 (problem->suggestion), ==, expected);
}

/* Sets @name to each value in turn and expects it valid or not. */
static void
assert_int_values (const char   *provider_id,
                   const char   *model_id,
                   const char   *name,
                   const gint64 *valid,
                   const gint64 *invalid)
{
  for (guint i = 0; valid[i] != G_MININT64; i++)
    {
      g_autoptr(FsRequest) request = request_new (provider_id, model_id);

      fs_test_set_int (request, name, valid[i]);
      assert_valid (request);
    }

  for (guint i = 0; invalid[i] != G_MININT64; i++)
    {
      g_autoptr(FsRequest) request = request_new (provider_id, model_id);

      fs_test_set_int (request, name, invalid[i]);
      assert_fields (request, name);
    }
}

static void
assert_number_values (const char   *provider_id,
                      const char   *model_id,
                      const char   *name,
                      const double *valid,
                      const double *invalid)
{
  for (guint i = 0; !isnan (valid[i]); i++)
    {
      g_autoptr(FsRequest) request = request_new (provider_id, model_id);

      fs_test_set_double (request, name, valid[i]);
      assert_valid (request);
    }

  for (guint i = 0; !isnan (invalid[i]); i++)
    {
      g_autoptr(FsRequest) request = request_new (provider_id, model_id);

      fs_test_set_double (request, name, invalid[i]);
      assert_fields (request, name);
    }
}

#define INTS(...) ((const gint64[]) { __VA_ARGS__, G_MININT64 })
#define NO_INTS ((const gint64[]) { G_MININT64 })
#define NUMBERS(...) ((const double[]) { __VA_ARGS__, NAN })

static FsReference *
reference_new (guint size)
{
  g_autoptr(GBytes) bytes = fs_test_make_image ("png", size, size, 0x336699ff + size);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("ref-%u.png", size);
  FsReference *reference;

  reference = fs_reference_new_from_bytes (bytes, name, &error);
  g_assert_no_error (error);
  return reference;
}

static void
add_references (FsRequest *request,
                guint      count)
{
  for (guint i = 0; i < count; i++)
    {
      g_autoptr(FsReference) reference = reference_new (64 + i);

      fs_request_add_reference (request, reference);
    }
}

/* Every model on every provider accepts every parameter at its default,
 * and a request with no parameters at all. */
/* What a valid edit of @model needs beyond its parameters. */
static void
add_edit (FsRequest  *request,
          FsModel    *model,
          const char *provider_id)
{
  g_autoptr(FsEditSource) source = fs_test_edit_source (320, 200, 0x3366ccff);

  fs_request_set_image (request, source);
  if (fs_model_get_mask_wire (model, provider_id) != NULL)
    {
      g_autoptr(FsReference) mask = fs_test_mask (320, 200, 10, 10, 50, 40);

      fs_request_set_mask (request, mask);
    }
  if (fs_model_takes_margins (model, provider_id))
    fs_test_set_int (request, "right", 128);
}

static void
test_defaults_valid (void)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
    {
      g_autoptr(FsModel) model = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      const char * const *providers = fs_model_get_providers (model);

      for (guint p = 0; providers[p] != NULL; p++)
        {
          g_autoptr(FsRequest) bare = request_new (providers[p], fs_model_get_id (model));
          g_autoptr(FsRequest) request = request_new (providers[p], fs_model_get_id (model));
          g_autoptr(GPtrArray) params = fs_model_get_params (model, providers[p]);

          /* An edit needs its image and mask, and Expand a margin. */
          if (fs_model_get_image_wire (model, providers[p]) != NULL)
            add_edit (bare, model, providers[p]);

          for (guint k = 0; k < params->len; k++)
            {
              FsParam *param = g_ptr_array_index (params, k);

              if (fs_param_get_default (param) != NULL)
                fs_request_set_param (request, fs_param_get_name (param),
                                      fs_param_get_default (param));
            }

          if (fs_model_get_image_wire (model, providers[p]) != NULL)
            add_edit (request, model, providers[p]);

          g_test_message ("%s on %s", fs_model_get_id (model), providers[p]);
          assert_valid (bare);
          assert_valid (request);
        }
    }
}

static void
test_model_and_provider (void)
{
  g_autoptr(FsRequest) unknown = request_new ("bfl", "flux-3-ultra");
  g_autoptr(FsRequest) elsewhere = request_new ("monica", "flux-2-pro");
  g_autoptr(FsRequest) both = fs_request_new ("bfl", "flux_dev");
  g_autoptr(FsProblem) problem = NULL;

  assert_single (unknown, "model", "Unknown model “flux-3-ultra”");

  problem = single_problem (elsewhere, "provider", "FLUX.2 [pro] is not available on Monica");
  g_assert_cmpstr (g_variant_get_string (problem->suggestion, NULL), ==, "bfl");

  /* The prompt is still checked when the provider is wrong. */
  fs_test_set_int (both, "steps", 99);
  assert_fields (both, "provider prompt");
}

static void
test_prompt_empty (void)
{
  static const char * const empty[] = { "", "   ", "\n\t ", NULL };
  g_autoptr(FsRequest) unset = fs_request_new ("bfl", "flux-2-pro");

  assert_single (unset, "prompt", "Prompt is empty");

  for (guint i = 0; empty[i] != NULL; i++)
    {
      g_autoptr(FsRequest) request = request_new ("apiyi", "flux-2-pro");

      fs_request_set_prompt (request, empty[i]);
      assert_single (request, "prompt", "Prompt is empty");
    }
}

static char *
repeat (const char *unit,
        guint       count)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < count; i++)
    g_string_append (text, unit);

  return g_string_free (text, FALSE);
}

/* FLUX takes 32K tokens; nothing up to 128,000 characters is refused. */
static void
test_prompt_flux_limit (void)
{
  g_autoptr(FsRequest) request = request_new ("bfl", "flux-2-pro");
  g_autofree char *at_limit = repeat ("a", 128000);
  g_autofree char *over = repeat ("a", 128001);
  g_autofree char *wide = repeat ("é", 128000);
  g_autofree char *way_over = repeat ("word ", 40000);

  fs_request_set_prompt (request, at_limit);
  assert_valid (request);
  fs_request_set_prompt (request, wide);
  assert_valid (request);

  fs_request_set_prompt (request, over);
  assert_single (request, "prompt",
                 "This prompt is about 32001 tokens; FLUX.2 [pro] takes at most 32000 tokens");

  fs_request_set_prompt (request, way_over);
  assert_single (request, "prompt",
                 "This prompt is about 50000 tokens; FLUX.2 [pro] takes at most 32000 tokens");
}

static void
test_prompt_monica_limit (void)
{
  g_autofree char *at_limit = repeat ("ü", 4000);
  g_autofree char *over = repeat ("a", 4001);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(FsRequest) request = request_new (i == 0 ? "monica" : "sandbox", "flux_schnell");

      fs_request_set_prompt (request, at_limit);
      assert_valid (request);
      fs_request_set_prompt (request, over);
      assert_single (request, "prompt",
                     "FLUX.1 [schnell] (Monica) takes at most 4000 characters; "
                     "this prompt has 4001");
    }
}

static void
test_unknown_params (void)
{
  g_autoptr(FsRequest) klein = request_new ("bfl", "flux-2-klein-4b");
  g_autoptr(FsRequest) pro_bfl = request_new ("bfl", "flux-2-pro");
  g_autoptr(FsRequest) pro_apiyi = request_new ("apiyi", "flux-2-pro");
  g_autoptr(FsRequest) kontext = request_new ("bfl", "flux-kontext-pro");

  fs_test_set_int (klein, "steps", 20);
  assert_single (klein, "steps", "FLUX.2 [klein] 4B does not take steps");
  fs_request_unset_param (klein, "steps");
  fs_request_set_param (klein, "prompt_upsampling", g_variant_new_boolean (TRUE));
  assert_single (klein, "prompt_upsampling",
                 "FLUX.2 [klein] 4B does not take prompt_upsampling");

  fs_request_set_param (pro_bfl, "prompt_upsampling", g_variant_new_boolean (TRUE));
  assert_fields (pro_bfl, "prompt_upsampling");
  fs_request_set_param (pro_apiyi, "prompt_upsampling", g_variant_new_boolean (TRUE));
  assert_valid (pro_apiyi);

  fs_test_set_int (kontext, "width", 1024);
  fs_test_set_int (kontext, "height", 1024);
  assert_fields (kontext, "height width");
}

static void
test_wrong_types (void)
{
  static const struct {
    const char *model;
    const char *name;
    const char *value;
    const char *message;
  } cases[] = {
    { "flux-2-flex", "steps", "'many'", "Steps must be a whole number" },
    { "flux-2-flex", "steps", "28.0", "Steps must be a whole number" },
    { "flux-2-flex", "guidance", "'high'", "Guidance must be a number" },
    { "flux-pro-1.1-ultra", "raw", "1", "Raw must be on or off" },
    { "flux-2-pro", "output_format", "3", "Output format must be one of jpeg, png or webp" },
    { "flux-kontext-pro", "aspect_ratio", "1.5", "Aspect ratio must be text" },
    { "flux-2-pro", "seed", "'42'", "Seed must be a whole number" },
    { "flux_dev", "size", "(1024, 1024)", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FsRequest) request = request_new (g_str_equal (cases[i].model, "flux_dev") ?
                                                  "monica" : "bfl", cases[i].model);
      g_autoptr(GVariant) value = g_variant_parse (NULL, cases[i].value, NULL, NULL, NULL);

      fs_request_set_param (request, cases[i].name, value);
      if (cases[i].message != NULL)
        assert_single (request, cases[i].name, cases[i].message);
      else
        assert_fields (request, cases[i].name);
    }
}

/* Any integer type will do for an int or a number. */
static void
test_integer_types (void)
{
  g_autoptr(FsRequest) request = request_new ("bfl", "flux-2-flex");
  gint64 value = 0;

  fs_request_set_param (request, "steps", g_variant_new_int32 (30));
  fs_request_set_param (request, "guidance", g_variant_new_uint16 (7));
  fs_request_set_param (request, "seed", g_variant_new_uint64 (42));
  assert_valid (request);

  g_assert_true (fs_request_get_int (request, "steps", &value));
  g_assert_cmpint (value, ==, 30);
  g_assert_true (fs_request_get_int (request, "seed", &value));
  g_assert_cmpint (value, ==, 42);
  g_assert_false (fs_request_get_int (request, "missing", &value));
  fs_test_set_double (request, "guidance", 7.5);
  g_assert_false (fs_request_get_int (request, "guidance", &value));
  fs_request_set_param (request, "seed", g_variant_new_uint64 (G_MAXUINT64));
  g_assert_false (fs_request_get_int (request, "seed", &value));
  assert_fields (request, "seed");
}

static void
test_range_messages (void)
{
  g_autoptr(FsRequest) request = request_new ("bfl", "flux-2-flex");
  g_autoptr(FsProblem) above = NULL;
  g_autoptr(FsProblem) below = NULL;
  g_autoptr(FsProblem) guidance = NULL;

  fs_test_set_int (request, "steps", 60);
  above = single_problem (request, "steps", "Steps 60 is above the maximum of 50 — try 50");
  assert_int_suggestion (above, 50);

  fs_test_set_int (request, "steps", 0);
  below = single_problem (request, "steps", "Steps 0 is below the minimum of 1 — try 1");
  assert_int_suggestion (below, 1);

  fs_request_unset_param (request, "steps");
  fs_test_set_double (request, "guidance", 10.5);
  guidance = single_problem (request, "guidance",
                             "Guidance 10.5 is above the maximum of 10 — try 10");
  g_assert_cmpfloat (g_variant_get_double (guidance->suggestion), ==, 10);
}

/* Values on both sides of each documented limit. */
static void
test_range_edges (void)
{
  assert_int_values ("bfl", "flux-2-flex", "steps", INTS (1, 50), INTS (0, 51, -5));
  assert_number_values ("bfl", "flux-2-flex", "guidance",
                        NUMBERS (1.5, 4.55, 10), NUMBERS (1.49, 10.01));
  assert_number_values ("apiyi", "flux-2-flex", "guidance", NUMBERS (1.5, 10), NUMBERS (1.4, 11));
  assert_int_values ("bfl", "flux-dev", "steps", INTS (1, 50), INTS (0, 51));
  assert_number_values ("bfl", "flux-dev", "guidance", NUMBERS (1.5, 5), NUMBERS (1.4, 5.1));
  assert_number_values ("bfl", "flux-pro", "guidance", NUMBERS (1.5, 5), NUMBERS (1.4, 5.1));
  assert_number_values ("bfl", "flux-pro", "interval", NUMBERS (1, 2.5, 4), NUMBERS (0.9, 4.1));
  assert_int_values ("bfl", "flux-2-pro", "safety_tolerance", INTS (0, 5), INTS (-1, 6));
  assert_int_values ("sandbox", "flux-2-pro", "safety_tolerance", INTS (0, 5), INTS (-1, 6));
  assert_int_values ("apiyi", "flux-2-pro", "safety_tolerance", INTS (0, 6), INTS (-1, 7));
  assert_int_values ("openai-compatible", "flux-2-klein-4b", "safety_tolerance",
                     INTS (0, 6), INTS (7));
  assert_int_values ("bfl", "flux-kontext-max", "safety_tolerance", INTS (0, 6), INTS (-1, 7));
  assert_int_values ("bfl", "flux-pro-1.1", "safety_tolerance", INTS (0, 6), INTS (7));
  assert_int_values ("monica", "flux_pro", "safety_tolerance", INTS (1, 6), INTS (0, 7));
  assert_int_values ("bfl", "flux-2-pro", "seed", INTS (0, 4294967295), INTS (-1));
  assert_int_values ("monica", "flux_dev", "seed", INTS (0, 2147483646), INTS (-1, 2147483647));
  assert_int_values ("monica", "flux_pro", "steps", INTS (1, 50), INTS (0, 51));
  assert_int_values ("monica", "flux_dev", "steps", INTS (1, 50), INTS (0, 51));
  assert_int_values ("monica", "flux_schnell", "steps", INTS (1, 4), INTS (0, 5));
  assert_number_values ("monica", "flux_pro", "guidance", NUMBERS (2, 5), NUMBERS (1.5, 5.5));
  assert_number_values ("monica", "flux_dev", "guidance", NUMBERS (0, 10), NUMBERS (-0.5, 10.5));
  assert_number_values ("monica", "flux_pro", "interval", NUMBERS (1, 4), NUMBERS (0.5, 4.5));
  assert_number_values ("bfl", "flux-pro-1.1-ultra", "image_prompt_strength",
                        NUMBERS (0, 0.05, 0.95, 1), NUMBERS (-0.05, 1.05));
  assert_int_values ("monica", "flux_dev", "num_outputs", INTS (1, 4), INTS (0, 5));
  assert_int_values ("sandbox", "flux_schnell", "num_outputs", INTS (1, 4), INTS (0, 5));
}

static void
test_grid (void)
{
  g_autoptr(FsRequest) ultra = request_new ("bfl", "flux-pro-1.1-ultra");
  g_autoptr(FsRequest) monica = request_new ("monica", "flux_pro");
  g_autoptr(FsProblem) strength = NULL;
  g_autoptr(FsProblem) guidance = NULL;

  fs_test_set_double (ultra, "image_prompt_strength", 0.12);
  strength = single_problem (ultra, "image_prompt_strength",
                             "Image prompt strength 0.12 is not a multiple of 0.05 — "
                             "try 0.1 or 0.15");
  g_assert_cmpfloat (g_variant_get_double (strength->suggestion), ==, 0.1);
  fs_test_set_double (ultra, "image_prompt_strength", 0.15);
  assert_valid (ultra);

  fs_test_set_double (monica, "guidance", 2.3);
  guidance = single_problem (monica, "guidance",
                             "Guidance 2.3 is not a multiple of 0.5 — try 2 or 2.5");
  g_assert_cmpfloat (g_variant_get_double (guidance->suggestion), ==, 2.5);
  fs_test_set_double (monica, "guidance", 4.5);
  assert_valid (monica);
  assert_number_values ("monica", "flux_pro", "guidance", NUMBERS (2.5, 3), NUMBERS (2.25, 4.9));
}

static void
test_enum (void)
{
  g_autoptr(FsRequest) request = request_new ("apiyi", "flux-2-pro");
  g_autoptr(FsProblem) problem = NULL;
  static const char * const accepted[][2] = {
    { "bfl", "flux-2-pro" }, { "bfl", "flux-kontext-pro" }, { "bfl", "flux-pro-1.1-ultra" },
    { "sandbox", "flux-2-klein-4b" },
  };
  static const char * const refused[][2] = {
    { "apiyi", "flux-2-pro" }, { "openai-compatible", "flux-kontext-max" },
    { "bfl", "flux-pro-1.1" }, { "bfl", "flux-dev" },
  };

  fs_test_set_string (request, "output_format", "gif");
  problem = single_problem (request, "output_format",
                            "Output format “gif” is not available — try jpeg or png");
  g_assert_cmpstr (g_variant_get_string (problem->suggestion, NULL), ==, "jpeg");

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(FsRequest) webp = request_new (accepted[i][0], accepted[i][1]);

      fs_test_set_string (webp, "output_format", "webp");
      assert_valid (webp);
    }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(FsRequest) webp = request_new (refused[i][0], refused[i][1]);

      fs_test_set_string (webp, "output_format", "webp");
      assert_fields (webp, "output_format");
    }
}

static void
set_size (FsRequest *request,
          gint64     width,
          gint64     height)
{
  fs_test_set_int (request, "width", width);
  fs_test_set_int (request, "height", height);
}

static void
test_dimensions_multiple (void)
{
  g_autoptr(FsRequest) request = request_new ("apiyi", "flux-2-pro");
  g_autoptr(FsProblem) tie = NULL;
  g_autoptr(FsProblem) nearer = NULL;
  g_autoptr(FsProblem) flux1 = NULL;
  g_autoptr(FsRequest) pro11 = request_new ("bfl", "flux-pro-1.1");

  set_size (request, 1000, 1024);
  tie = single_problem (request, "width", "Width 1000 is not a multiple of 16 — try 992 or 1008");
  assert_int_suggestion (tie, 992);

  set_size (request, 1024, 1001);
  nearer = single_problem (request, "height",
                           "Height 1001 is not a multiple of 16 — try 992 or 1008");
  assert_int_suggestion (nearer, 1008);

  set_size (request, 1008, 1024);
  assert_valid (request);

  set_size (pro11, 1000, 768);
  flux1 = single_problem (pro11, "width", "Width 1000 is not a multiple of 32 — try 992 or 1024");
  assert_int_suggestion (flux1, 992);
  set_size (pro11, 1440, 1439);
  assert_single (pro11, "height", "Height 1439 is not a multiple of 32 — try 1408 or 1440");
}

static void
assert_dimension_values (const char   *provider_id,
                         const char   *model_id,
                         const gint64 *valid,
                         const gint64 *invalid)
{
  for (guint i = 0; valid[i] != G_MININT64; i++)
    {
      g_autoptr(FsRequest) request = request_new (provider_id, model_id);

      set_size (request, valid[i], valid[i] <= 1024 ? valid[i] : 256);
      assert_valid (request);
      set_size (request, 256, valid[i]);
      assert_valid (request);
    }

  for (guint i = 0; invalid[i] != G_MININT64; i++)
    {
      g_autoptr(FsRequest) request = request_new (provider_id, model_id);

      set_size (request, invalid[i], 512);
      assert_fields (request, "width");
      set_size (request, 512, invalid[i]);
      assert_fields (request, "height");
    }
}

static void
test_dimensions_range (void)
{
  g_autoptr(FsRequest) request = request_new ("bfl", "flux-2-pro");
  g_autoptr(FsProblem) small = NULL;

  assert_dimension_values ("bfl", "flux-2-pro", INTS (64, 80, 2032, 2048), INTS (48, 2064, 0, -16));
  assert_dimension_values ("sandbox", "flux-2-klein-4b", INTS (64, 2048), INTS (48, 2064));
  assert_dimension_values ("bfl", "flux-pro-1.1", INTS (256, 1440), INTS (224, 1472));
  assert_dimension_values ("apiyi", "flux-dev", INTS (256, 1440), INTS (224, 1472));
  assert_dimension_values ("bfl", "flux-pro", INTS (256, 1440), INTS (224, 1472));

  set_size (request, 32, 1024);
  small = single_problem (request, "width", "Width 32 is below the minimum of 64 — try 64");
  assert_int_suggestion (small, 64);
  set_size (request, 4096, 1024);
  assert_single (request, "width", "Width 4096 is above the maximum of 2048 — try 2048");
}

GResource *fs_core_get_resource (void);

/* A catalog with one extra model whose sides may reach 4096 but whose area
 * is capped at 4 MP, so that the cap alone can be tested. */
static FsCatalog *
wide_catalog (void)
{
  static const char wide[] =
    "{ \"models\": [ { \"id\": \"wide\", \"name\": \"Wide FLUX\", \"family\": \"flux2\","
    "  \"size\": { \"kind\": \"dimensions\", \"multiple\": 16, \"min\": 64, \"max\": 4096,"
    "            \"max_pixels\": 4194304, \"default_width\": 1024, \"default_height\": 1024 },"
    "  \"params\": [\"width\", \"height\"], \"providers\": { \"bfl\": {} } } ] }";
  g_autoptr(GBytes) builtin = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  FsCatalog *user;

  builtin = g_resource_lookup_data (fs_core_get_resource (),
                                    "/io/github/fluxstudio/FluxStudio/models.json",
                                    G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  json = g_strndup (g_bytes_get_data (builtin, NULL), g_bytes_get_size (builtin));
  user = fs_catalog_new_from_data (json, wide, "wide.json", &error);
  g_assert_no_error (error);
  return user;
}

static void
assert_suggestion_valid (FsCatalog  *in,
                         FsProblem  *problem,
                         const char *provider_id,
                         const char *model_id)
{
  g_autoptr(FsRequest) fitted = request_new (provider_id, model_id);
  g_autoptr(GPtrArray) problems = NULL;
  gint64 width;
  gint64 height;

  g_variant_get (problem->suggestion, "(xx)", &width, &height);
  set_size (fitted, width, height);
  problems = fs_request_validate (fitted, in);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* The cap alone: 2048×2560 keeps its aspect on the grid under 4 MP. */
static void
test_dimensions_pixel_cap (void)
{
  g_autoptr(FsCatalog) wide = wide_catalog ();
  g_autoptr(FsRequest) request = request_new ("bfl", "wide");
  g_autoptr(GPtrArray) problems = NULL;
  FsProblem *problem;

  set_size (request, 2048, 2560);
  problems = fs_request_validate (request, wide);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (problem->field, ==, "dimensions");
  g_assert_cmpstr (problem->message, ==,
                   "2048×2560 is 5.2 MP; Wide FLUX takes at most 4 MP — try 1824×2288");
  assert_suggestion_valid (wide, problem, "bfl", "wide");
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Exactly at the cap, and one grid step over it. */
  set_size (request, 4096, 1024);
  problems = fs_request_validate (request, wide);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);
  set_size (request, 4096, 1040);
  problems = fs_request_validate (request, wide);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_suggestion_valid (wide, g_ptr_array_index (problems, 0), "bfl", "wide");
}

/* On FLUX.2 2048² is the cap, so the cap comes with a side over 2048, and
 * its suggestion fits the side limit too. */
static void
test_dimensions_pixel_cap_flux2 (void)
{
  g_autoptr(FsRequest) request = request_new ("bfl", "flux-2-pro");
  g_autoptr(GPtrArray) problems = NULL;
  FsProblem *problem;

  set_size (request, 2048, 2048);
  assert_valid (request);
  set_size (request, 4096, 1024);
  assert_fields (request, "width");
  set_size (request, 2064, 2048);
  assert_fields (request, "width dimensions");

  set_size (request, 2048, 2560);
  problems = fs_request_validate (request, catalog);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_cmpstr (((FsProblem *) g_ptr_array_index (problems, 0))->message, ==,
                   "Height 2560 is above the maximum of 2048 — try 2048");
  problem = g_ptr_array_index (problems, 1);
  g_assert_cmpstr (problem->message, ==,
                   "2048×2560 is 5.2 MP; FLUX.2 [pro] takes at most 4 MP — try 1632×2048");
  assert_suggestion_valid (catalog, problem, "bfl", "flux-2-pro");

  /* FLUX.1 has no pixel cap. */
  g_clear_object (&request);
  request = request_new ("bfl", "flux-pro-1.1");
  set_size (request, 1440, 1440);
  assert_valid (request);
}

static void
test_dimensions_partner (void)
{
  g_autoptr(FsRequest) request = request_new ("bfl", "flux-2-pro");
  g_autoptr(FsProblem) missing = NULL;

  fs_test_set_int (request, "width", 1536);
  missing = single_problem (request, "height",
                            "Width is set but height is not — set both or neither");
  assert_int_suggestion (missing, 1024);

  fs_request_unset_param (request, "width");
  fs_test_set_int (request, "height", 768);
  assert_single (request, "width", "Height is set but width is not — set both or neither");

  fs_test_set_int (request, "width", 1536);
  assert_valid (request);

  /* A width of the wrong type is still a width without a height. */
  fs_request_unset_param (request, "height");
  fs_test_set_string (request, "width", "wide");
  assert_fields (request, "width height");
}

static void
test_aspect_ratio (void)
{
  static const char * const valid[] = { "1:1", "21:9", "9:21", "16:9", "3:7", "7:3", "2.3:1",
                                        "2:1", NULL };
  static const char * const wider[] = { "22:9", "3:1", "100:1", "2.39:1", NULL };
  static const char * const taller[] = { "9:22", "1:3", NULL };
  static const char * const malformed[] = { "16-9", "wide", "", "0:1", "16:9:1", "16:", NULL };
  g_autoptr(FsRequest) request = request_new ("bfl", "flux-kontext-pro");
  g_autoptr(FsProblem) problem = NULL;

  for (guint i = 0; valid[i] != NULL; i++)
    {
      g_autoptr(FsRequest) ultra = request_new ("sandbox", "flux-pro-1.1-ultra");

      fs_test_set_string (request, "aspect_ratio", valid[i]);
      assert_valid (request);
      fs_test_set_string (ultra, "aspect_ratio", valid[i]);
      assert_valid (ultra);
    }

  for (guint i = 0; wider[i] != NULL; i++)
    {
      g_autofree char *message = g_strdup_printf ("Aspect ratio %s is wider than 21:9 — "
                                                  "try 21:9", wider[i]);

      fs_test_set_string (request, "aspect_ratio", wider[i]);
      assert_single (request, "aspect_ratio", message);
    }

  for (guint i = 0; taller[i] != NULL; i++)
    {
      g_autofree char *message = g_strdup_printf ("Aspect ratio %s is taller than 9:21 — "
                                                  "try 9:21", taller[i]);

      fs_test_set_string (request, "aspect_ratio", taller[i]);
      assert_single (request, "aspect_ratio", message);
    }

  for (guint i = 0; malformed[i] != NULL; i++)
    {
      fs_test_set_string (request, "aspect_ratio", malformed[i]);
      assert_fields (request, "aspect_ratio");
    }

  fs_test_set_string (request, "aspect_ratio", "16-9");
  problem = single_problem (request, "aspect_ratio",
                            "Aspect ratio “16-9” is not in the form W:H, "
                            "such as 16:9 — try 1:1");
  g_assert_cmpstr (g_variant_get_string (problem->suggestion, NULL), ==, "1:1");
}

static void
test_monica_size (void)
{
  static const char * const sizes[] = { "1024x1024", "768x1344", "1344x768", NULL };
  static const char * const refused[] = { "512x512", "1024x768", "1024X1024", "", NULL };

  for (guint i = 0; sizes[i] != NULL; i++)
    {
      g_autoptr(FsRequest) request = request_new ("monica", "flux_dev");

      fs_test_set_string (request, "size", sizes[i]);
      assert_valid (request);
    }

  for (guint i = 0; refused[i] != NULL; i++)
    {
      g_autoptr(FsRequest) request = request_new ("sandbox", "flux_pro");
      g_autofree char *message = g_strdup_printf ("Size “%s” is not available — "
                                                  "try 1024x1024, 768x1344 or 1344x768",
                                                  refused[i]);
      g_autoptr(FsProblem) problem = NULL;

      fs_test_set_string (request, "size", refused[i]);
      problem = single_problem (request, "size", message);
      g_assert_cmpstr (g_variant_get_string (problem->suggestion, NULL), ==, "1024x1024");
    }
}

static void
test_outputs (void)
{
  g_autoptr(FsRequest) pro = request_new ("monica", "flux_pro");
  g_autoptr(FsRequest) flux2 = request_new ("bfl", "flux-2-pro");
  g_autoptr(FsRequest) dev = request_new ("monica", "flux_dev");

  fs_test_set_int (pro, "num_outputs", 2);
  assert_single (pro, "num_outputs", "FLUX.1 [pro] (Monica) makes 1 image per call");
  fs_test_set_int (pro, "num_outputs", 1);
  assert_single (pro, "num_outputs", "FLUX.1 [pro] (Monica) makes 1 image per call");

  fs_test_set_int (flux2, "num_outputs", 2);
  assert_single (flux2, "num_outputs", "FLUX.2 [pro] makes 1 image per call");

  fs_test_set_int (dev, "num_outputs", 4);
  assert_valid (dev);
  fs_test_set_int (dev, "num_outputs", 5);
  assert_single (dev, "num_outputs", "Number of images 5 is above the maximum of 4 — try 4");
}

/* The data may allow more images than one call makes. */
static void
test_outputs_max (void)
{
  static const char model[] =
    "{ \"models\": [ { \"id\": \"two\", \"name\": \"Two at a time\", \"family\": \"monica\","
    "  \"size\": \"monica\", \"max_outputs\": 2, \"params\": [\"size\", \"num_outputs\"],"
    "  \"providers\": { \"monica\": {} } } ] }";
  g_autoptr(GBytes) builtin = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsCatalog) user = NULL;
  g_autoptr(FsRequest) request = request_new ("monica", "two");
  g_autoptr(GPtrArray) problems = NULL;
  FsProblem *problem;

  builtin = g_resource_lookup_data (fs_core_get_resource (),
                                    "/io/github/fluxstudio/FluxStudio/models.json",
                                    G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  json = g_strndup (g_bytes_get_data (builtin, NULL), g_bytes_get_size (builtin));
  user = fs_catalog_new_from_data (json, model, "two.json", &error);
  g_assert_no_error (error);

  fs_test_set_int (request, "num_outputs", 2);
  problems = fs_request_validate (request, user);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  fs_test_set_int (request, "num_outputs", 3);
  problems = fs_request_validate (request, user);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (problem->field, ==, "num_outputs");
  g_assert_cmpstr (problem->message, ==, "Two at a time makes at most 2 images per call");
  assert_int_suggestion (problem, 2);
}

static void
assert_reference_limit (const char *provider_id,
                        const char *model_id,
                        guint       limit,
                        const char *message)
{
  g_autoptr(FsRequest) request = request_new (provider_id, model_id);
  g_autoptr(FsProblem) problem = NULL;

  add_references (request, limit);
  assert_valid (request);
  add_references (request, 1);
  problem = single_problem (request, "references", message);
  assert_int_suggestion (problem, limit);
}

static void
test_references (void)
{
  assert_reference_limit ("bfl", "flux-2-klein-4b", 4,
                          "FLUX.2 [klein] 4B takes at most 4 reference images");
  assert_reference_limit ("apiyi", "flux-2-klein-9b", 4,
                          "FLUX.2 [klein] 9B takes at most 4 reference images");
  assert_reference_limit ("bfl", "flux-2-pro", 8, "FLUX.2 [pro] takes at most 8 reference images");
  assert_reference_limit ("openai-compatible", "flux-2-flex", 8,
                          "FLUX.2 [flex] takes at most 8 reference images");
  assert_reference_limit ("bfl", "flux-kontext-pro", 4,
                          "FLUX.1 Kontext [pro] takes at most 4 reference images "
                          "(images 2–4 are experimental)");
  assert_reference_limit ("sandbox", "flux-kontext-max", 4,
                          "FLUX.1 Kontext [max] takes at most 4 reference images "
                          "(images 2–4 are experimental)");
  assert_reference_limit ("apiyi", "flux-kontext-pro", 1,
                          "FLUX.1 Kontext [pro] takes at most 1 reference image");
  assert_reference_limit ("bfl", "flux-pro-1.1-ultra", 1,
                          "FLUX1.1 [pro] Ultra takes at most 1 reference image");
  assert_reference_limit ("bfl", "flux-dev", 1, "FLUX.1 [dev] takes at most 1 reference image");
  assert_reference_limit ("monica", "flux_dev", 0,
                          "FLUX.1 [dev] (Monica) does not take reference images");
}

/* Everything wrong at once, in a fixed order. */
static void
test_all_problems_in_order (void)
{
  g_autoptr(FsRequest) request = fs_request_new ("bfl", "flux-2-klein-4b");

  fs_request_set_prompt (request, " ");
  set_size (request, 1000, 5000);
  fs_test_set_int (request, "safety_tolerance", 9);
  fs_test_set_string (request, "output_format", "gif");
  fs_test_set_int (request, "steps", 4);
  fs_test_set_double (request, "guidance", 3);
  add_references (request, 5);

  assert_fields (request,
                 "prompt width height output_format safety_tolerance dimensions "
                 "guidance steps references");
  /* The same request gives the same list every time. */
  assert_fields (request,
                 "prompt width height output_format safety_tolerance dimensions "
                 "guidance steps references");
}

static void
test_check (void)
{
  g_autoptr(FsRequest) request = request_new ("monica", "flux_dev");
  g_autoptr(GError) error = NULL;

  g_assert_true (fs_request_check (request, catalog, &error));
  g_assert_no_error (error);

  fs_test_set_int (request, "steps", 60);
  fs_test_set_string (request, "size", "1x1");
  g_assert_false (fs_request_check (request, catalog, &error));
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "This request has 2 problems; nothing was sent:\n"
                   "  • Size “1x1” is not available — try 1024x1024, 768x1344 or 1344x768\n"
                   "  • Steps 60 is above the maximum of 50 — try 50");
  g_clear_error (&error);

  /* A single problem is said plainly, without the heading. */
  fs_request_unset_param (request, "steps");
  g_assert_false (fs_request_check (request, catalog, &error));
  g_assert_cmpstr (error->message, ==,
                   "Size “1x1” is not available — try 1024x1024, 768x1344 or 1344x768");
}

static void
assert_output_size (const char *provider_id,
                    const char *model_id,
                    const char *name,
                    const char *value,
                    guint       expected_width,
                    guint       expected_height)
{
  g_autoptr(FsRequest) request = request_new (provider_id, model_id);
  FsModel *model = fs_catalog_lookup (catalog, model_id);
  guint width = 0;
  guint height = 0;

  if (name != NULL)
    fs_test_set_string (request, name, value);

  g_assert_true (fs_request_get_output_size (request, model, &width, &height));
  g_assert_cmpuint (width, ==, expected_width);
  g_assert_cmpuint (height, ==, expected_height);
}

static void
test_output_size (void)
{
  g_autoptr(FsRequest) request = request_new ("bfl", "flux-2-pro");
  g_autoptr(FsRequest) bad_ratio = request_new ("bfl", "flux-kontext-pro");
  FsModel *pro = fs_catalog_lookup (catalog, "flux-2-pro");
  guint width = 0;
  guint height = 0;

  assert_output_size ("bfl", "flux-2-pro", NULL, NULL, 1024, 1024);
  assert_output_size ("bfl", "flux-pro-1.1", NULL, NULL, 1024, 768);
  assert_output_size ("bfl", "flux-kontext-pro", NULL, NULL, 1024, 1024);
  assert_output_size ("bfl", "flux-kontext-pro", "aspect_ratio", "16:9", 1376, 768);
  assert_output_size ("bfl", "flux-kontext-pro", "aspect_ratio", "9:16", 768, 1376);
  assert_output_size ("bfl", "flux-pro-1.1-ultra", NULL, NULL, 2720, 1536);
  assert_output_size ("bfl", "flux-pro-1.1-ultra", "aspect_ratio", "1:1", 2048, 2048);
  assert_output_size ("monica", "flux_dev", NULL, NULL, 1024, 1024);
  assert_output_size ("monica", "flux_dev", "size", "1344x768", 1344, 768);

  set_size (request, 1536, 640);
  g_assert_true (fs_request_get_output_size (request, pro, &width, &height));
  g_assert_cmpuint (width, ==, 1536);
  g_assert_cmpuint (height, ==, 640);

  fs_test_set_string (request, "width", "wide");
  g_assert_false (fs_request_get_output_size (request, pro, &width, &height));

  fs_test_set_string (bad_ratio, "aspect_ratio", "wide");
  g_assert_false (fs_request_get_output_size (bad_ratio,
                                              fs_catalog_lookup (catalog, "flux-kontext-pro"),
                                              &width, &height));

  g_clear_object (&request);
  request = request_new ("monica", "flux-2-pro");
  g_assert_false (fs_request_get_output_size (request, pro, &width, &height));
}

static void
test_to_json (void)
{
  const char *structured = "{\"scene\": \"a harbour\", \"colors\": [\"#ff8800\"]}";
  g_autoptr(FsRequest) request = fs_request_new ("bfl", "flux-2-flex");
  g_autoptr(FsReference) first = reference_new (64);
  g_autoptr(FsReference) second = reference_new (80);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;
  JsonObject *params;
  JsonArray *references;

  fs_request_set_prompt (request, structured);
  fs_test_set_int (request, "steps", 30);
  fs_test_set_double (request, "guidance", 4.5);
  fs_request_set_param (request, "prompt_upsampling", g_variant_new_boolean (FALSE));
  fs_test_set_string (request, "output_format", "png");
  fs_request_add_reference (request, first);
  fs_request_add_reference (request, second);

  node = fs_request_to_json (request);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "provider"), ==, "bfl");
  g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, "flux-2-flex");
  g_assert_true (JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "prompt")));
  g_assert_cmpstr (json_object_get_string_member (object, "prompt"), ==, structured);

  params = json_object_get_object_member (object, "params");
  g_assert_cmpint (json_object_get_int_member (params, "steps"), ==, 30);
  g_assert_cmpfloat (json_object_get_double_member (params, "guidance"), ==, 4.5);
  g_assert_false (json_object_get_boolean_member (params, "prompt_upsampling"));
  g_assert_cmpstr (json_object_get_string_member (params, "output_format"), ==, "png");

  references = json_object_get_array_member (object, "references");
  g_assert_cmpuint (json_array_get_length (references), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (references, 0), ==,
                   fs_reference_get_sha256 (first));
  g_assert_cmpstr (json_array_get_string_element (references, 1), ==,
                   fs_reference_get_sha256 (second));

  /* Parameters come out sorted, so records are stable. */
  text = json_to_string (json_object_get_member (object, "params"), FALSE);
  g_assert_cmpstr (text, ==,
                   "{\"guidance\":4.5,\"output_format\":\"png\","
                   "\"prompt_upsampling\":false,\"steps\":30}");
}

static void
test_copy (void)
{
  g_autoptr(FsRequest) request = request_new ("apiyi", "flux-2-pro");
  g_autoptr(FsRequest) copy = NULL;
  g_autoptr(FsReference) reference = reference_new (96);
  g_auto(GStrv) names = NULL;
  gint64 value = 0;

  set_size (request, 1536, 1024);
  fs_request_add_reference (request, reference);
  copy = fs_request_copy (request);

  g_assert_cmpstr (fs_request_get_provider_id (copy), ==, "apiyi");
  g_assert_cmpstr (fs_request_get_model_id (copy), ==, "flux-2-pro");
  g_assert_cmpstr (fs_request_get_prompt (copy), ==, fs_request_get_prompt (request));
  g_assert_true (g_ptr_array_index (fs_request_get_references (copy), 0) == reference);

  /* Changing the copy leaves the original alone, and back. */
  fs_test_set_int (copy, "width", 2048);
  fs_request_unset_param (copy, "height");
  fs_request_add_reference (copy, reference);
  fs_request_set_prompt (copy, "Something else");
  g_assert_true (fs_request_get_int (request, "width", &value));
  g_assert_cmpint (value, ==, 1536);
  g_assert_nonnull (fs_request_get_param (request, "height"));
  g_assert_cmpuint (fs_request_get_references (request)->len, ==, 1);
  g_assert_cmpuint (fs_request_get_references (copy)->len, ==, 2);
  g_assert_cmpstr (fs_request_get_prompt (request), !=, "Something else");

  names = fs_request_list_params (request);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "height");
  g_assert_cmpstr (names[1], ==, "width");
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_properties (void)
{
  g_autoptr(FsRequest) request = fs_request_new ("sandbox", "flux_schnell");
  g_autofree char *provider = NULL;
  g_autofree char *model = NULL;
  g_autofree char *prompt = NULL;
  guint count = 0;

  g_signal_connect (request, "notify::prompt", G_CALLBACK (count_notify_cb), &count);
  fs_request_set_prompt (request, "Fog");
  fs_request_set_prompt (request, "Fog");
  g_assert_cmpuint (count, ==, 1);
  g_object_set (request, "prompt", "Rain", NULL);
  g_object_set (request, "prompt", "Rain", NULL);
  g_assert_cmpuint (count, ==, 2);
  fs_request_set_prompt (request, NULL);
  g_assert_cmpuint (count, ==, 3);
  g_assert_null (fs_request_get_prompt (request));

  g_object_get (request, "provider-id", &provider, "model-id", &model, "prompt", &prompt, NULL);
  g_assert_cmpstr (provider, ==, "sandbox");
  g_assert_cmpstr (model, ==, "flux_schnell");
  g_assert_null (prompt);
  g_assert_true (g_object_class_find_property (G_OBJECT_GET_CLASS (request), "model-id")->flags &
                 G_PARAM_CONSTRUCT_ONLY);
}

/* Editing an image ------------------------------------------------------------ */

static void
test_edit_fill (void)
{
  g_autoptr(FsEditSource) source = fs_test_edit_source (320, 200, 0x3366ccff);
  g_autoptr(FsReference) mask = fs_test_mask (320, 200, 0, 0, 100, 100);
  g_autoptr(FsReference) small_mask = fs_test_mask (160, 100, 0, 0, 10, 10);
  g_autoptr(FsRequest) request = request_new ("bfl", "flux-pro-1.0-fill");
  g_autoptr(FsRequest) prompt_model = request_new ("bfl", "flux-2-pro");
  guint width = 0, height = 0;

  assert_single (request, "image",
                 "FLUX.1 Fill [pro] changes an image: open the image to edit");
  fs_request_set_image (request, source);
  assert_single (request, "mask",
                 "Paint over the part of the image to change: FLUX.1 Fill [pro] needs a mask");
  fs_request_set_mask (request, small_mask);
  assert_single (request, "mask",
                 "The mask is 160×100 but the image is 320×200: a mask must be the size "
                 "of its image");
  fs_request_set_mask (request, mask);
  assert_valid (request);

  /* The result is the image's size; steps, guidance as BFL describes them. */
  g_assert_true (fs_request_get_output_size (request, fs_catalog_lookup (catalog,
                                                                        "flux-pro-1.0-fill"),
                                             &width, &height));
  g_assert_cmpuint (width, ==, 320);
  g_assert_cmpuint (height, ==, 200);
  fs_test_set_int (request, "steps", 14);
  fs_test_set_double (request, "guidance", 100.5);
  assert_fields (request, "steps guidance");
  fs_test_set_int (request, "steps", 15);
  fs_test_set_double (request, "guidance", 1.5);
  assert_valid (request);

  /* Margins are Expand's. */
  fs_test_set_int (request, "top", 10);
  assert_fields (request, "top");
  fs_request_unset_param (request, "top");

  /* Fill needs a prompt. */
  fs_request_set_prompt (request, "  ");
  assert_single (request, "prompt", "Prompt is empty");

  /* A prompt-only model edits nothing. */
  fs_request_set_image (prompt_model, source);
  fs_request_set_mask (prompt_model, mask);
  assert_fields (prompt_model, "image mask");
}

static void
test_edit_expand (void)
{
  g_autoptr(FsEditSource) source = fs_test_edit_source (320, 200, 0x3366ccff);
  g_autoptr(FsReference) mask = fs_test_mask (320, 200, 0, 0, 100, 100);
  g_autoptr(FsRequest) request = request_new ("sandbox", "flux-pro-1.0-expand");
  FsModel *model = fs_catalog_lookup (catalog, "flux-pro-1.0-expand");
  FsMargins margins = { 0, 0, 0, 0 };
  guint width = 0, height = 0;

  fs_request_set_image (request, source);
  assert_single (request, "margins", "Add pixels on at least one side to expand the image");
  fs_request_set_margins (request, &margins);
  assert_single (request, "margins", NULL);

  margins = (FsMargins) { 10, 20, 30, 2048 };
  fs_request_set_margins (request, &margins);
  assert_valid (request);
  g_assert_true (fs_request_get_output_size (request, model, &width, &height));
  g_assert_cmpuint (width, ==, 320 + 30 + 2048);
  g_assert_cmpuint (height, ==, 200 + 10 + 20);

  /* Each side within BFL's 0–2048. */
  fs_test_set_int (request, "right", 2049);
  assert_single (request, "right", "Right 2049 is above the maximum of 2048 — try 2048");
  fs_test_set_int (request, "right", -1);
  assert_single (request, "right", "Right -1 is below the minimum of 0 — try 0");
  fs_test_set_int (request, "right", 0);

  /* Expand takes no mask; its prompt is optional. */
  fs_request_set_mask (request, mask);
  assert_single (request, "mask", "FLUX.1 Expand [pro] takes no mask");
  fs_request_set_mask (request, NULL);
  fs_request_set_prompt (request, "");
  assert_valid (request);
}

/* A provider that documents a cap on the result gets it checked, in a
 * catalog of its own: BFL documents none beyond each margin. */
static void
test_edit_size_cap (void)
{
  static const char json[] =
    "{ \"params\": { \"seed\": { \"type\": \"int\", \"min\": 0 },"
    "  \"top\": { \"type\": \"int\", \"min\": 0 }, \"bottom\": { \"type\": \"int\", \"min\": 0 },"
    "  \"left\": { \"type\": \"int\", \"min\": 0 }, \"right\": { \"type\": \"int\", \"min\": 0 } },"
    "  \"models\": ["
    "  { \"id\": \"capped\", \"name\": \"Capped\", \"family\": \"tools\","
    "    \"size\": { \"kind\": \"image\", \"max\": 1000, \"max_pixels\": 300000 },"
    "    \"image\": { \"wire\": \"image\" },"
    "    \"params\": [\"top\", \"bottom\", \"left\", \"right\", \"seed\"],"
    "    \"providers\": { \"sandbox\": {} } } ] }";
  g_autoptr(GError) error = NULL;
  g_autoptr(FsCatalog) capped = fs_catalog_new_from_data (json, NULL, NULL, &error);
  g_autoptr(FsEditSource) source = fs_test_edit_source (320, 200, 0x3366ccff);
  g_autoptr(FsRequest) request = fs_request_new ("sandbox", "capped");
  g_autoptr(GPtrArray) problems = NULL;
  FsMargins margins = { 0, 0, 0, 700 };

  g_assert_no_error (error);
  fs_request_set_prompt (request, "more sea");
  fs_request_set_image (request, source);
  fs_request_set_margins (request, &margins);
  problems = fs_request_validate (request, capped);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (((FsProblem *) problems->pdata[0])->message, ==,
                   "The result would be 1020×200; Capped makes at most 1000 pixels a side");

  margins = (FsMargins) { 200, 200, 0, 300 };
  fs_request_set_margins (request, &margins);
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = fs_request_validate (request, capped);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (((FsProblem *) problems->pdata[0])->field, ==, "margins");
  g_assert_nonnull (strstr (((FsProblem *) problems->pdata[0])->message, "620×600 (0.4 MP)"));

  margins = (FsMargins) { 0, 0, 0, 100 };
  fs_request_set_margins (request, &margins);
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = fs_request_validate (request, capped);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* The record names the parent, the mask and the margins, and a request
 * rebuilt from it has them back (hashes only: the bytes are in the
 * reference store). */
static void
test_edit_record (void)
{
  g_autoptr(FsEditSource) source = fs_test_edit_source (320, 200, 0x3366ccff);
  g_autoptr(FsReference) mask = fs_test_mask (320, 200, 0, 0, 100, 100);
  g_autoptr(FsRequest) fill = request_new ("bfl", "flux-pro-1.0-fill");
  g_autoptr(FsRequest) expand = request_new ("bfl", "flux-pro-1.0-expand");
  g_autoptr(FsRequest) copy = NULL;
  g_autoptr(FsRequest) back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  JsonObject *record;
  JsonObject *parent;
  JsonObject *margins;
  FsMargins read;

  g_free (source->path);
  source->path = g_strdup ("/pictures/source.png");
  g_free (source->sha256);
  source->sha256 = g_strdup ("abc123");
  fs_request_set_image (fill, source);
  fs_request_set_mask (fill, mask);

  node = fs_request_to_json (fill);
  record = json_node_get_object (node);
  parent = json_object_get_object_member (record, "parent");
  g_assert_cmpstr (json_object_get_string_member (parent, "sha256"), ==, "abc123");
  g_assert_cmpstr (json_object_get_string_member (parent, "path"), ==, "/pictures/source.png");
  g_assert_cmpstr (json_object_get_string_member (parent, "sent"), ==,
                   fs_reference_get_sha256 (source->image));
  g_assert_cmpstr (json_object_get_string_member (record, "mask"), ==,
                   fs_reference_get_sha256 (mask));
  g_assert_false (json_object_has_member (record, "margins"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (record, "references")),
                    ==, 0);

  back = fs_request_new_from_record (record, &error);
  g_assert_no_error (error);
  g_assert_null (fs_request_get_image (back));
  g_assert_cmpstr (fs_request_get_parent_sha256 (back), ==, "abc123");
  g_assert_cmpstr (fs_request_get_parent_path (back), ==, "/pictures/source.png");
  g_assert_cmpstr (fs_request_get_image_sha256 (back), ==, fs_reference_get_sha256 (source->image));
  g_assert_cmpstr (fs_request_get_mask_sha256 (back), ==, fs_reference_get_sha256 (mask));

  /* The store keeps the image and the mask, after any references. */
  stored = fs_request_dup_stored_images (fill);
  g_assert_cmpuint (stored->len, ==, 2);
  g_assert_true (stored->pdata[0] == source->image);
  g_assert_true (stored->pdata[1] == mask);

  copy = fs_request_copy (fill);
  g_assert_true (fs_request_get_image (copy) == source->image);
  g_assert_true (fs_request_get_mask (copy) == mask);
  g_assert_cmpstr (fs_request_get_parent_path (copy), ==, "/pictures/source.png");

  /* Expand: the margins as a member of their own, besides the params. */
  g_clear_pointer (&node, json_node_unref);
  g_clear_object (&back);
  fs_request_set_image (expand, source);
  fs_test_set_int (expand, "left", 64);
  node = fs_request_to_json (expand);
  record = json_node_get_object (node);
  margins = json_object_get_object_member (record, "margins");
  g_assert_cmpint (json_object_get_int_member (margins, "top"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (margins, "bottom"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (margins, "left"), ==, 64);
  g_assert_cmpint (json_object_get_int_member (margins, "right"), ==, 0);
  g_assert_false (json_object_has_member (record, "mask"));

  /* A record with only "margins" (another tool's) still has them. */
  json_object_remove_member (json_object_get_object_member (record, "params"), "left");
  back = fs_request_new_from_record (record, &error);
  g_assert_no_error (error);
  g_assert_true (fs_request_get_margins (back, &read));
  g_assert_cmpuint (read.left, ==, 64);
  g_assert_cmpuint (read.top, ==, 0);

  /* A request that edits nothing records none of it. */
  g_clear_pointer (&node, json_node_unref);
  g_clear_object (&copy);
  copy = request_new ("bfl", "flux-2-pro");
  node = fs_request_to_json (copy);
  record = json_node_get_object (node);
  g_assert_false (json_object_has_member (record, "parent"));
  g_assert_false (json_object_has_member (record, "mask"));
  g_assert_false (json_object_has_member (record, "margins"));
}

static void
test_edit_margins_for_aspect (void)
{
  static const struct {
    guint width, height, ratio_width, ratio_height;
    FsMargins want;
  } cases[] = {
    { 1000, 1000, 16, 9, { 0, 0, 389, 389 } },
    { 1001, 1000, 16, 9, { 0, 0, 388, 389 } },
    { 1000, 1000, 3, 1, { 0, 0, 1000, 1000 } },
    { 1000, 1000, 4, 5, { 125, 125, 0, 0 } },
    { 1920, 1080, 16, 9, { 0, 0, 0, 0 } },
    { 1920, 1080, 1, 1, { 420, 420, 0, 0 } },
    { 1024, 1024, 3, 1, { 0, 0, 1024, 1024 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      FsMargins margins;

      g_assert_true (fs_margins_for_aspect (cases[i].width, cases[i].height,
                                            cases[i].ratio_width, cases[i].ratio_height,
                                            &margins));
      g_assert_cmpuint (margins.top, ==, cases[i].want.top);
      g_assert_cmpuint (margins.bottom, ==, cases[i].want.bottom);
      g_assert_cmpuint (margins.left, ==, cases[i].want.left);
      g_assert_cmpuint (margins.right, ==, cases[i].want.right);
      /* The result has the ratio, to within a pixel of rounding. */
      g_assert_cmpfloat_with_epsilon ((double) (cases[i].width + margins.left + margins.right) /
                                      (cases[i].height + margins.top + margins.bottom),
                                      (double) cases[i].ratio_width / cases[i].ratio_height,
                                      2.0 / cases[i].height);
    }

  g_assert_false (fs_margins_for_aspect (0, 10, 16, 9, &(FsMargins) { 0 }));
  g_assert_false (fs_margins_for_aspect (10, 10, 16, 0, &(FsMargins) { 0 }));
  g_assert_true (fs_margins_is_zero (&(FsMargins) { 0, 0, 0, 0 }));
  g_assert_false (fs_margins_is_zero (&(FsMargins) { 0, 0, 0, 1 }));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  catalog = fs_test_load_catalog ();

  g_test_add_func ("/request/defaults-valid", test_defaults_valid);
  g_test_add_func ("/request/model-and-provider", test_model_and_provider);
  g_test_add_func ("/request/prompt/empty", test_prompt_empty);
  g_test_add_func ("/request/prompt/flux-limit", test_prompt_flux_limit);
  g_test_add_func ("/request/prompt/monica-limit", test_prompt_monica_limit);
  g_test_add_func ("/request/params/unknown", test_unknown_params);
  g_test_add_func ("/request/params/wrong-types", test_wrong_types);
  g_test_add_func ("/request/params/integer-types", test_integer_types);
  g_test_add_func ("/request/params/range-messages", test_range_messages);
  g_test_add_func ("/request/params/range-edges", test_range_edges);
  g_test_add_func ("/request/params/grid", test_grid);
  g_test_add_func ("/request/params/enum", test_enum);
  g_test_add_func ("/request/size/multiple", test_dimensions_multiple);
  g_test_add_func ("/request/size/range", test_dimensions_range);
  g_test_add_func ("/request/size/pixel-cap", test_dimensions_pixel_cap);
  g_test_add_func ("/request/size/pixel-cap-flux2", test_dimensions_pixel_cap_flux2);
  g_test_add_func ("/request/size/partner", test_dimensions_partner);
  g_test_add_func ("/request/size/aspect-ratio", test_aspect_ratio);
  g_test_add_func ("/request/size/monica", test_monica_size);
  g_test_add_func ("/request/outputs", test_outputs);
  g_test_add_func ("/request/outputs/max", test_outputs_max);
  g_test_add_func ("/request/references", test_references);
  g_test_add_func ("/request/all-problems-in-order", test_all_problems_in_order);
  g_test_add_func ("/request/check", test_check);
  g_test_add_func ("/request/output-size", test_output_size);
  g_test_add_func ("/request/to-json", test_to_json);
  g_test_add_func ("/request/copy", test_copy);
  g_test_add_func ("/request/properties", test_properties);
  g_test_add_func ("/request/edit/fill", test_edit_fill);
  g_test_add_func ("/request/edit/expand", test_edit_expand);
  g_test_add_func ("/request/edit/size-cap", test_edit_size_cap);
  g_test_add_func ("/request/edit/record", test_edit_record);
  g_test_add_func ("/request/edit/margins-for-aspect", test_edit_margins_for_aspect);

  status = g_test_run ();
  g_object_unref (catalog);
  return status;
}
