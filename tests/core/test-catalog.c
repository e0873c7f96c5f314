/* test-catalog.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <glib/gstdio.h>

#include "fs-catalog.h"
#include "fs-error.h"
#include "fs-json.h"
#include "fs-test-util.h"

static const char * const flux_providers[] = {
  "bfl", "apiyi", "openai-compatible", "sandbox", NULL
};
static const char * const monica_providers[] = { "monica", "sandbox", NULL };
static const char * const tools_providers[] = { "bfl", "sandbox", NULL };

static const char * const all_ids[] = {
  "flux-2-max", "flux-2-pro", "flux-2-flex", "flux-2-klein-9b", "flux-2-klein-4b",
  "flux-kontext-max", "flux-kontext-pro",
  "flux-pro-1.0-fill", "flux-pro-1.0-expand",
  "flux-pro-1.1-ultra", "flux-pro-1.1", "flux-pro", "flux-dev",
  "flux_pro", "flux_dev", "flux_schnell",
  NULL
};
#define N_MODELS (G_N_ELEMENTS (all_ids) - 1)

/* The catalog warns about a broken user file with g_warning(); the tests
 * collect those warnings instead of letting them abort the run. */
static GPtrArray *catalog_warnings;

static GLogWriterOutput
collect_catalog_warnings (GLogLevelFlags   level,
                          const GLogField *fields,
                          gsize            n_fields,
                          gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  if ((level & G_LOG_LEVEL_WARNING) && g_strcmp0 (domain, FS_CORE_LOG_DOMAIN) == 0)
    {
      g_ptr_array_add (catalog_warnings, g_strdup (message));
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (level, fields, n_fields, user_data);
}

static FsModel *
lookup (FsCatalog  *catalog,
        const char *id)
{
  FsModel *model = fs_catalog_lookup (catalog, id);

  g_assert_nonnull (model);
  return model;
}

static FsParam *
find_param (FsModel    *model,
            const char *provider_id,
            const char *name)
{
  FsParam *param = fs_model_find_param (model, provider_id, name);

  if (param == NULL)
    g_error ("%s on %s has no %s", fs_model_get_id (model), provider_id, name);
  return param;
}

/* The names of the model's params on a provider, joined by spaces. */
static char *
param_names (FsModel    *model,
             const char *provider_id)
{
  g_autoptr(GPtrArray) params = fs_model_get_params (model, provider_id);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < params->len; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? " " : "",
                            fs_param_get_name (g_ptr_array_index (params, i)));

  return g_strdup (names->str);
}

static void
assert_range (FsParam *param,
              double   min,
              double   max)
{
  g_assert_true (fs_param_has_range (param));
  g_assert_cmpfloat_with_epsilon (fs_param_get_min (param), min, 1e-9);
  g_assert_cmpfloat_with_epsilon (fs_param_get_max (param), max, 1e-9);
}

static void
assert_int_default (FsParam *param,
                    gint64   expected)
{
  GVariant *value = fs_param_get_default (param);

  g_assert_nonnull (value);
  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64));
  g_assert_cmpint (g_variant_get_int64 (value), ==, expected);
}

static void
assert_number_default (FsParam *param,
                       double   expected)
{
  GVariant *value = fs_param_get_default (param);

  g_assert_nonnull (value);
  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE));
  g_assert_cmpfloat_with_epsilon (g_variant_get_double (value), expected, 1e-9);
}

static void
assert_bool_default (FsParam  *param,
                     gboolean  expected)
{
  GVariant *value = fs_param_get_default (param);

  g_assert_nonnull (value);
  g_assert_cmpint (g_variant_get_boolean (value), ==, expected);
}

static void
assert_string_default (FsParam    *param,
                       const char *expected)
{
  GVariant *value = fs_param_get_default (param);

  g_assert_nonnull (value);
  g_assert_cmpstr (g_variant_get_string (value, NULL), ==, expected);
}

static void
write_user_file (const char *contents)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "flux-studio", NULL);
  g_autofree char *path = g_build_filename (dir, "models.json", NULL);
  g_autoptr(GError) error = NULL;

  /* NULL leaves whatever is there. */
  if (contents == NULL)
    return;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* The compiled copy of data/models.json, from the core's gresource. */
GResource *fs_core_get_resource (void);

static char *
builtin_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_resource_lookup_data (fs_core_get_resource (),
                                  "/io/github/fluxstudio/FluxStudio/models.json",
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* Loading */

static void
test_resource_loads (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  GListModel *list = G_LIST_MODEL (catalog);

  g_assert_cmpuint (g_list_model_get_n_items (list), ==, g_strv_length ((char **) all_ids));
  g_assert_true (g_list_model_get_item_type (list) == FS_TYPE_MODEL);
  g_assert_null (g_list_model_get_item (list, g_strv_length ((char **) all_ids)));

  for (guint i = 0; all_ids[i] != NULL; i++)
    {
      g_autoptr(FsModel) model = g_list_model_get_item (list, i);

      g_assert_cmpstr (fs_model_get_id (model), ==, all_ids[i]);
      g_assert_true (fs_catalog_lookup (catalog, all_ids[i]) == model);
      g_assert_cmpstr (fs_model_get_description (model), !=, "");
    }

  g_assert_null (fs_catalog_lookup (catalog, "flux-3"));
  g_assert_cmpuint (g_strv_length ((char **) fs_catalog_get_warnings (catalog)), ==, 0);
  g_assert_cmpuint (catalog_warnings->len, ==, 0);
}

/* The source file is valid on its own, and the compiled resource is the
 * same file (a stale gresource would ship an old catalog). */
static void
test_source_file_valid (void)
{
  const char *path = g_getenv ("FLUX_STUDIO_MODELS_JSON");
  g_autofree char *contents = NULL;
  g_autofree char *compiled = builtin_json ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FsCatalog) catalog = NULL;

  if (path == NULL)
    {
      g_test_skip ("FLUX_STUDIO_MODELS_JSON is not set");
      return;
    }

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  catalog = fs_catalog_new_from_data (contents, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, N_MODELS);
  g_assert_cmpstr (contents, ==, compiled);
}

static void
test_broken_builtin (void)
{
  static const char * const broken[] = {
    "{ \"models\": [",
    "[]",
    "{ \"params\": {}, \"sizes\": {} }",
    "{ \"version\": 2, \"models\": [] }",
    "{ \"models\": [ { \"id\": \"x\" } ] }",
  };

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FsCatalog) catalog = fs_catalog_new_from_data (broken[i], NULL, NULL, &error);

      g_assert_null (catalog);
      g_assert_error (error, FS_ERROR, FS_ERROR_CATALOG);
      g_assert_true (g_str_has_prefix (error->message, "models.json"));
    }
}

static void
test_load_async (void)
{
  g_autoptr(FsCatalog) catalog = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fs_catalog_load_async (NULL, fs_test_result_cb, &result);
  catalog = fs_catalog_load_finish (fs_test_wait_result (&result), &error);
  g_assert_no_error (error);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, N_MODELS);
}

/* Models and providers */

static void
test_models_providers (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();

  for (guint i = 0; all_ids[i] != NULL; i++)
    {
      FsModel *model = lookup (catalog, all_ids[i]);
      gboolean monica = g_str_equal (fs_model_get_family (model), "monica");
      gboolean tools = g_str_equal (fs_model_get_family (model), "tools");
      const char * const *expected = monica ? monica_providers :
                                     tools ? tools_providers : flux_providers;

      g_assert_cmpstrv (fs_model_get_providers (model), expected);
      g_assert_true (fs_model_has_provider (model, "sandbox"));
      g_assert_cmpint (fs_model_has_provider (model, "bfl"), ==, !monica);
      g_assert_cmpint (fs_model_has_provider (model, "monica"), ==, monica);
      g_assert_cmpint (fs_model_has_provider (model, "apiyi"), ==, !monica && !tools);
      g_assert_false (fs_model_has_provider (model, "nonesuch"));
      g_assert_cmpstr (fs_model_get_wire_id (model, "sandbox"), ==, all_ids[i]);
      g_assert_cmpuint (fs_model_get_max_concurrent (model, "sandbox"), ==, 0);

      if (tools)
        {
          g_autofree char *path = g_strconcat ("/v1/", all_ids[i], NULL);

          /* BFL's description gives Fill and Expand no prompt limit. */
          g_assert_cmpstr (fs_model_get_path (model, "bfl"), ==, path);
          g_assert_cmpuint (fs_model_get_prompt_max_tokens (model), ==, 0);
          g_assert_cmpuint (fs_model_get_prompt_max_chars (model), ==, 0);
          g_assert_cmpuint (fs_model_get_max_concurrent (model, "bfl"), ==, 24);
        }
      else if (!monica)
        {
          g_autofree char *path = g_strconcat ("/v1/", all_ids[i], NULL);

          g_assert_cmpstr (fs_model_get_path (model, "bfl"), ==, path);
          g_assert_cmpstr (fs_model_get_wire_id (model, "apiyi"), ==, all_ids[i]);
          g_assert_cmpstr (fs_model_get_wire_id (model, "openai-compatible"), ==, all_ids[i]);
          g_assert_cmpuint (fs_model_get_prompt_max_tokens (model), ==, 32000);
          g_assert_cmpuint (fs_model_get_prompt_max_chars (model), ==, 128000);
          g_assert_cmpuint (fs_model_get_max_concurrent (model, "bfl"), ==,
                            g_str_equal (all_ids[i], "flux-kontext-max") ? 6 : 24);
          g_assert_cmpuint (fs_model_get_max_concurrent (model, "apiyi"), ==, 0);
        }
      else
        {
          g_assert_cmpstr (fs_model_get_path (model, "monica"), ==, "/v1/image/gen/flux");
          g_assert_cmpstr (fs_model_get_wire_id (model, "monica"), ==, all_ids[i]);
          g_assert_cmpuint (fs_model_get_prompt_max_tokens (model), ==, 0);
          g_assert_cmpuint (fs_model_get_prompt_max_chars (model), ==, 4000);
        }
    }
}

static void
test_models_facts (void)
{
  static const struct {
    const char *id;
    const char *name;
    const char *family;
    guint seconds;
  } facts[] = {
    { "flux-2-max", "FLUX.2 [max]", "flux2", 15 },
    { "flux-2-pro", "FLUX.2 [pro]", "flux2", 10 },
    { "flux-2-flex", "FLUX.2 [flex]", "flux2", 30 },
    { "flux-2-klein-9b", "FLUX.2 [klein] 9B", "flux2", 1 },
    { "flux-2-klein-4b", "FLUX.2 [klein] 4B", "flux2", 1 },
    { "flux-kontext-max", "FLUX.1 Kontext [max]", "kontext", 6 },
    { "flux-kontext-pro", "FLUX.1 Kontext [pro]", "kontext", 6 },
    { "flux-pro-1.0-fill", "FLUX.1 Fill [pro]", "tools", 10 },
    { "flux-pro-1.0-expand", "FLUX.1 Expand [pro]", "tools", 10 },
    { "flux-pro-1.1-ultra", "FLUX1.1 [pro] Ultra", "flux1", 10 },
    { "flux-pro-1.1", "FLUX1.1 [pro]", "flux1", 5 },
    { "flux-pro", "FLUX.1 [pro]", "flux1", 6 },
    { "flux-dev", "FLUX.1 [dev]", "flux1", 5 },
    { "flux_pro", "FLUX.1 [pro] (Monica)", "monica", 10 },
    { "flux_dev", "FLUX.1 [dev] (Monica)", "monica", 10 },
    { "flux_schnell", "FLUX.1 [schnell] (Monica)", "monica", 10 },
  };
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();

  for (guint i = 0; i < G_N_ELEMENTS (facts); i++)
    {
      FsModel *model = lookup (catalog, facts[i].id);

      g_assert_cmpstr (fs_model_get_name (model), ==, facts[i].name);
      g_assert_cmpstr (fs_model_get_family (model), ==, facts[i].family);
      g_assert_cmpuint (fs_model_get_typical_seconds (model), ==, facts[i].seconds);
    }
}

static gboolean
notes_mention (FsModel    *model,
               const char *provider_id,
               const char *text)
{
  for (const char * const *note = fs_model_get_notes (model, provider_id); *note != NULL; note++)
    if (strstr (*note, text) != NULL)
      return TRUE;

  return FALSE;
}

static void
test_models_notes (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  static const char * const legacy[] = {
    "flux-pro-1.1-ultra", "flux-pro-1.1", "flux-pro", "flux-dev"
  };

  g_assert_true (notes_mention (lookup (catalog, "flux-2-max"), "bfl", "Grounding search"));
  g_assert_false (notes_mention (lookup (catalog, "flux-2-pro"), "bfl", "Grounding search"));
  g_assert_true (notes_mention (lookup (catalog, "flux-2-pro"), "bfl", "upsamples prompts"));
  g_assert_true (notes_mention (lookup (catalog, "flux-2-klein-4b"), "bfl",
                                "Prompt upsampling is ignored on FLUX.2 [klein]"));
  g_assert_true (notes_mention (lookup (catalog, "flux-kontext-pro"), "bfl",
                                "Experimental: up to 3 more references"));
  g_assert_true (notes_mention (lookup (catalog, "flux_dev"), "monica", "4000 characters"));

  for (guint i = 0; i < G_N_ELEMENTS (legacy); i++)
    g_assert_true (notes_mention (lookup (catalog, legacy[i]), "bfl", "Legacy model"));
  g_assert_false (notes_mention (lookup (catalog, "flux-2-flex"), "bfl", "Legacy model"));
}

/* A note about one provider is shown only with it: the sandbox does not
 * upsample prompts, and APIYI takes no experimental Kontext references.
 * Notes about the model itself hold everywhere. */
static void
test_models_notes_per_provider (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  FsModel *pro = lookup (catalog, "flux-2-pro");
  FsModel *kontext = lookup (catalog, "flux-kontext-max");
  FsModel *klein = lookup (catalog, "flux-2-klein-4b");

  g_assert_true (notes_mention (pro, "bfl", "upsamples prompts"));
  g_assert_false (notes_mention (pro, "sandbox", "upsamples prompts"));
  g_assert_false (notes_mention (pro, "apiyi", "upsamples prompts"));
  g_assert_false (notes_mention (pro, NULL, "upsamples prompts"));

  g_assert_true (notes_mention (kontext, "bfl", "at most 6 Kontext [max] tasks"));
  g_assert_false (notes_mention (kontext, "sandbox", "at most 6 Kontext [max] tasks"));
  g_assert_true (notes_mention (kontext, "sandbox", "Experimental: up to 3 more"));
  g_assert_false (notes_mention (kontext, "apiyi", "Experimental: up to 3 more"));

  for (const char * const *p = (const char * const[]) { "bfl", "apiyi", "sandbox", NULL, NULL }; *p != NULL; p++)
    g_assert_true (notes_mention (klein, *p, "Prompt upsampling is ignored"));
  g_assert_true (notes_mention (klein, NULL, "Prompt upsampling is ignored"));

  /* A provider the model is not offered on has no notes. */
  g_assert_null (fs_model_get_notes (pro, "monica")[0]);
}

/* Parameters per model and provider */

static void
assert_param_names (FsModel    *model,
                    const char *provider_id,
                    const char *expected)
{
  g_autofree char *names = param_names (model, provider_id);

  g_assert_cmpstr (names, ==, expected);
}

static void
test_params_flux2 (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  static const char * const pro_max[] = { "flux-2-pro", "flux-2-max" };

  for (guint i = 0; i < G_N_ELEMENTS (pro_max); i++)
    {
      FsModel *model = lookup (catalog, pro_max[i]);
      const char * const bfl_formats[] = { "jpeg", "png", "webp", NULL };
      const char * const formats[] = { "jpeg", "png", NULL };

      /* BFL upsamples these itself and has no field for it. */
      assert_param_names (model, "bfl", "width height seed output_format safety_tolerance");
      assert_param_names (model, "sandbox", "width height seed output_format safety_tolerance");
      assert_param_names (model, "apiyi",
                          "width height prompt_upsampling seed output_format safety_tolerance");
      assert_bool_default (find_param (model, "apiyi", "prompt_upsampling"), FALSE);
      assert_range (find_param (model, "bfl", "safety_tolerance"), 0, 5);
      assert_range (find_param (model, "apiyi", "safety_tolerance"), 0, 6);
      assert_range (find_param (model, "openai-compatible", "safety_tolerance"), 0, 6);
      assert_int_default (find_param (model, "bfl", "safety_tolerance"), 2);
      g_assert_cmpstrv (fs_param_get_choices (find_param (model, "bfl", "output_format")),
                        bfl_formats);
      g_assert_cmpstrv (fs_param_get_choices (find_param (model, "apiyi", "output_format")),
                        formats);
      assert_string_default (find_param (model, "bfl", "output_format"), "jpeg");
      g_assert_cmpuint (fs_model_get_max_references (model, "bfl"), ==, 8);
      g_assert_cmpuint (fs_model_get_max_references (model, "apiyi"), ==, 8);
      g_assert_cmpuint (fs_model_get_experimental_references (model, "bfl"), ==, 0);
      g_assert_cmpstr (fs_model_get_reference_wire (model, "bfl"), ==, "input_image");
      g_assert_cmpuint (fs_model_get_max_outputs (model, "bfl"), ==, 1);
    }
}

static void
test_params_flex (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  FsModel *flex = lookup (catalog, "flux-2-flex");
  FsParam *steps = find_param (flex, "bfl", "steps");
  FsParam *guidance = find_param (flex, "bfl", "guidance");

  assert_param_names (flex, "bfl",
                      "width height steps guidance prompt_upsampling seed output_format "
                      "safety_tolerance");
  assert_range (steps, 1, 50);
  assert_int_default (steps, 50);
  g_assert_cmpint (fs_param_get_param_type (steps), ==, FS_PARAM_INT);
  assert_range (guidance, 1.5, 10);
  g_assert_cmpint (fs_param_get_param_type (guidance), ==, FS_PARAM_NUMBER);
  assert_number_default (guidance, 5);
  assert_number_default (find_param (flex, "apiyi", "guidance"), 4.5);
  assert_number_default (find_param (flex, "openai-compatible", "guidance"), 4.5);
  assert_number_default (find_param (flex, "sandbox", "guidance"), 5);
  assert_bool_default (find_param (flex, "bfl", "prompt_upsampling"), TRUE);
  assert_bool_default (find_param (flex, "sandbox", "prompt_upsampling"), TRUE);
  assert_bool_default (find_param (flex, "apiyi", "prompt_upsampling"), FALSE);
  g_assert_cmpuint (fs_model_get_max_references (flex, "bfl"), ==, 8);
}

static void
test_params_klein (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  static const char * const kleins[] = { "flux-2-klein-4b", "flux-2-klein-9b" };

  for (guint i = 0; i < G_N_ELEMENTS (kleins); i++)
    {
      FsModel *model = lookup (catalog, kleins[i]);

      for (guint p = 0; flux_providers[p] != NULL; p++)
        {
          g_assert_null (fs_model_find_param (model, flux_providers[p], "prompt_upsampling"));
          g_assert_null (fs_model_find_param (model, flux_providers[p], "steps"));
          g_assert_cmpuint (fs_model_get_max_references (model, flux_providers[p]), ==, 4);
        }
      assert_param_names (model, "bfl", "width height seed output_format safety_tolerance");
    }
}

static void
test_params_sizes (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  FsModel *pro = lookup (catalog, "flux-2-pro");
  FsModel *pro11 = lookup (catalog, "flux-pro-1.1");
  const FsSizeRule *rule = fs_model_get_size_rule (pro, "apiyi");
  FsParam *width = find_param (pro, "apiyi", "width");

  g_assert_cmpint (rule->kind, ==, FS_SIZE_DIMENSIONS);
  g_assert_cmpuint (rule->multiple, ==, 16);
  g_assert_cmpuint (rule->min, ==, 64);
  g_assert_cmpuint (rule->max, ==, 2048);
  g_assert_cmpuint (rule->max_pixels, ==, 4194304);
  g_assert_cmpuint (rule->default_width, ==, 1024);
  g_assert_cmpuint (rule->default_height, ==, 1024);
  assert_range (width, 64, 2048);
  g_assert_cmpfloat (fs_param_get_step (width), ==, 16);
  g_assert_cmpstr (fs_param_get_unit (width), ==, "px");
  assert_int_default (width, 1024);

  rule = fs_model_get_size_rule (pro11, "bfl");
  g_assert_cmpuint (rule->multiple, ==, 32);
  g_assert_cmpuint (rule->min, ==, 256);
  g_assert_cmpuint (rule->max, ==, 1440);
  g_assert_cmpuint (rule->max_pixels, ==, 0);
  assert_range (find_param (pro11, "bfl", "height"), 256, 1440);
  g_assert_cmpfloat (fs_param_get_step (find_param (pro11, "bfl", "height")), ==, 32);
  assert_int_default (find_param (pro11, "bfl", "width"), 1024);
  assert_int_default (find_param (pro11, "bfl", "height"), 768);
  g_assert_null (fs_model_get_size_rule (pro11, "monica"));
}

static void
test_params_kontext (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  static const char * const kontexts[] = { "flux-kontext-max", "flux-kontext-pro" };

  for (guint i = 0; i < G_N_ELEMENTS (kontexts); i++)
    {
      FsModel *model = lookup (catalog, kontexts[i]);
      const FsSizeRule *rule = fs_model_get_size_rule (model, "bfl");

      assert_param_names (model, "bfl",
                          "aspect_ratio prompt_upsampling seed output_format safety_tolerance");
      g_assert_null (fs_model_find_param (model, "bfl", "width"));
      g_assert_cmpint (rule->kind, ==, FS_SIZE_ASPECT_RATIO);
      g_assert_cmpfloat_with_epsilon (rule->max_ratio, 21.0 / 9.0, 1e-9);
      g_assert_cmpfloat_with_epsilon (rule->min_ratio, 9.0 / 21.0, 1e-9);
      g_assert_cmpstr (rule->max_aspect, ==, "21:9");
      g_assert_cmpstr (rule->min_aspect, ==, "9:21");
      g_assert_cmpstr (rule->default_aspect, ==, "1:1");
      g_assert_cmpfloat (rule->megapixels, ==, 1);
      assert_string_default (find_param (model, "bfl", "aspect_ratio"), "1:1");
      assert_string_default (find_param (model, "bfl", "output_format"), "png");
      assert_string_default (find_param (model, "apiyi", "output_format"), "png");
      assert_bool_default (find_param (model, "bfl", "prompt_upsampling"), FALSE);
      assert_range (find_param (model, "bfl", "safety_tolerance"), 0, 6);
      g_assert_cmpuint (fs_model_get_max_references (model, "bfl"), ==, 1);
      g_assert_cmpuint (fs_model_get_experimental_references (model, "bfl"), ==, 3);
      g_assert_cmpuint (fs_model_get_experimental_references (model, "sandbox"), ==, 3);
      g_assert_cmpuint (fs_model_get_max_references (model, "apiyi"), ==, 1);
      g_assert_cmpuint (fs_model_get_experimental_references (model, "apiyi"), ==, 0);
      g_assert_cmpstr (fs_model_get_reference_wire (model, "apiyi"), ==, "input_image");
    }
}

/* FLUX.1 Fill and Expand, as BFL's description gives them: steps 15–50
 * (50), guidance 1.5–100 (60), prompt upsampling, seed, output format,
 * safety tolerance 0–6 (2); the image in "image", Fill's mask in "mask",
 * Expand's margins 0–2048 a side. */
static void
test_params_tools (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  FsModel *fill = lookup (catalog, "flux-pro-1.0-fill");
  FsModel *expand = lookup (catalog, "flux-pro-1.0-expand");
  const char * const bfl_formats[] = { "jpeg", "png", "webp", NULL };
  static const char * const margins[] = { "top", "bottom", "left", "right" };

  for (guint p = 0; tools_providers[p] != NULL; p++)
    {
      const char *provider = tools_providers[p];
      FsModel *models[] = { fill, expand };

      assert_param_names (fill, provider,
                          "steps guidance prompt_upsampling seed output_format "
                          "safety_tolerance");
      assert_param_names (expand, provider,
                          "top bottom left right steps guidance prompt_upsampling seed "
                          "output_format safety_tolerance");

      for (guint m = 0; m < G_N_ELEMENTS (models); m++)
        {
          const FsSizeRule *rule = fs_model_get_size_rule (models[m], provider);

          g_assert_cmpint (rule->kind, ==, FS_SIZE_IMAGE);
          g_assert_cmpuint (rule->max, ==, 0);
          g_assert_cmpuint (rule->max_pixels, ==, 0);
          assert_range (find_param (models[m], provider, "steps"), 15, 50);
          assert_int_default (find_param (models[m], provider, "steps"), 50);
          assert_range (find_param (models[m], provider, "guidance"), 1.5, 100);
          assert_number_default (find_param (models[m], provider, "guidance"), 60);
          assert_bool_default (find_param (models[m], provider, "prompt_upsampling"), FALSE);
          assert_range (find_param (models[m], provider, "safety_tolerance"), 0, 6);
          assert_int_default (find_param (models[m], provider, "safety_tolerance"), 2);
          assert_string_default (find_param (models[m], provider, "output_format"), "jpeg");
          g_assert_cmpstrv (fs_param_get_choices (find_param (models[m], provider,
                                                              "output_format")),
                            bfl_formats);
          g_assert_cmpstr (fs_model_get_image_wire (models[m], provider), ==, "image");
          g_assert_null (fs_model_find_param (models[m], provider, "width"));
          g_assert_cmpuint (fs_model_get_max_references (models[m], provider), ==, 0);
          g_assert_cmpuint (fs_model_get_max_outputs (models[m], provider), ==, 1);
        }

      g_assert_cmpstr (fs_model_get_mask_wire (fill, provider), ==, "mask");
      g_assert_null (fs_model_get_mask_wire (expand, provider));
      g_assert_false (fs_model_takes_margins (fill, provider));
      g_assert_true (fs_model_takes_margins (expand, provider));
      for (guint i = 0; i < G_N_ELEMENTS (margins); i++)
        {
          FsParam *margin = find_param (expand, provider, margins[i]);

          assert_range (margin, 0, 2048);
          assert_int_default (margin, 0);
          g_assert_cmpstr (fs_param_get_wire (margin), ==, margins[i]);
          g_assert_cmpstr (fs_param_get_unit (margin), ==, "px");
        }
    }

  g_assert_false (fs_model_get_prompt_optional (fill));
  g_assert_true (fs_model_get_prompt_optional (expand));
  g_assert_false (fs_model_get_prompt_optional (lookup (catalog, "flux-2-pro")));
  g_assert_null (fs_model_get_image_wire (lookup (catalog, "flux-2-pro"), "bfl"));
  g_assert_null (fs_model_get_image_wire (fill, "apiyi"));
}

static void
test_params_ultra (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  FsModel *ultra = lookup (catalog, "flux-pro-1.1-ultra");
  FsParam *strength = find_param (ultra, "bfl", "image_prompt_strength");
  const FsSizeRule *rule = fs_model_get_size_rule (ultra, "bfl");

  assert_param_names (ultra, "bfl",
                      "aspect_ratio raw image_prompt_strength prompt_upsampling seed "
                      "output_format safety_tolerance");
  assert_bool_default (find_param (ultra, "bfl", "raw"), FALSE);
  assert_range (strength, 0, 1);
  g_assert_cmpfloat_with_epsilon (fs_param_get_step (strength), 0.05, 1e-12);
  assert_number_default (strength, 0.1);
  assert_string_default (find_param (ultra, "bfl", "aspect_ratio"), "16:9");
  g_assert_cmpfloat (rule->megapixels, ==, 4);
  g_assert_cmpstr (fs_model_get_reference_wire (ultra, "bfl"), ==, "image_prompt");
  g_assert_cmpuint (fs_model_get_max_references (ultra, "bfl"), ==, 1);
}

static void
test_params_flux1 (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  FsModel *dev = lookup (catalog, "flux-dev");
  FsModel *pro = lookup (catalog, "flux-pro");
  FsModel *pro11 = lookup (catalog, "flux-pro-1.1");

  assert_param_names (pro11, "bfl",
                      "width height prompt_upsampling seed output_format safety_tolerance");
  assert_int_default (find_param (dev, "bfl", "steps"), 28);
  assert_range (find_param (dev, "bfl", "guidance"), 1.5, 5);
  assert_number_default (find_param (dev, "bfl", "guidance"), 3);
  g_assert_null (fs_model_find_param (dev, "bfl", "interval"));
  assert_int_default (find_param (pro, "bfl", "steps"), 40);
  assert_number_default (find_param (pro, "bfl", "guidance"), 2.5);
  assert_range (find_param (pro, "bfl", "interval"), 1, 4);
  assert_number_default (find_param (pro, "bfl", "interval"), 2);
  g_assert_cmpstr (fs_model_get_reference_wire (dev, "bfl"), ==, "image_prompt");
  g_assert_null (fs_param_get_default (find_param (pro, "bfl", "seed")));
  assert_range (find_param (pro, "bfl", "seed"), 0, 9007199254740991.0);
}

static void
test_params_monica (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  const char * const sizes[] = { "1024x1024", "768x1344", "1344x768", NULL };

  for (guint p = 0; monica_providers[p] != NULL; p++)
    {
      const char *provider = monica_providers[p];
      FsModel *pro = lookup (catalog, "flux_pro");
      FsModel *dev = lookup (catalog, "flux_dev");
      FsModel *schnell = lookup (catalog, "flux_schnell");
      FsParam *size = find_param (pro, provider, "size");

      assert_param_names (pro, provider, "size steps guidance interval seed safety_tolerance");
      assert_param_names (dev, provider, "size num_outputs steps guidance seed");
      assert_param_names (schnell, provider, "size num_outputs steps seed");
      g_assert_cmpuint (fs_model_get_max_outputs (pro, provider), ==, 1);
      g_assert_cmpuint (fs_model_get_max_outputs (dev, provider), ==, 4);
      g_assert_cmpuint (fs_model_get_max_outputs (schnell, provider), ==, 4);
      g_assert_cmpstrv (fs_param_get_choices (size), sizes);
      assert_string_default (size, "1024x1024");
      g_assert_cmpint (fs_model_get_size_rule (pro, provider)->kind, ==, FS_SIZE_FIXED);
      assert_range (find_param (pro, provider, "safety_tolerance"), 1, 6);
      assert_range (find_param (pro, provider, "guidance"), 2, 5);
      g_assert_cmpfloat (fs_param_get_step (find_param (pro, provider, "guidance")), ==, 0.5);
      assert_range (find_param (pro, provider, "interval"), 1, 4);
      assert_int_default (find_param (pro, provider, "steps"), 25);
      assert_range (find_param (pro, provider, "seed"), 0, 2147483646);
      assert_range (find_param (dev, provider, "num_outputs"), 1, 4);
      assert_int_default (find_param (dev, provider, "num_outputs"), 1);
      g_assert_cmpstr (fs_param_get_wire (find_param (dev, provider, "num_outputs")), ==,
                       "num_outputs");
      assert_range (find_param (dev, provider, "guidance"), 0, 10);
      assert_int_default (find_param (dev, provider, "steps"), 28);
      assert_range (find_param (schnell, provider, "steps"), 1, 4);
      assert_int_default (find_param (schnell, provider, "steps"), 4);
      g_assert_cmpuint (fs_model_get_max_references (dev, provider), ==, 0);
      g_assert_null (fs_model_get_reference_wire (dev, provider));
    }
}

/* The array returned is a new reference to the model's own. */
static void
test_params_ownership (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  FsModel *pro = lookup (catalog, "flux-2-pro");
  GPtrArray *first = fs_model_get_params (pro, "bfl");
  GPtrArray *second = fs_model_get_params (pro, "bfl");
  GPtrArray *none = fs_model_get_params (pro, "monica");

  g_assert_true (first == second);
  g_assert_true (g_ptr_array_index (first, 0) == fs_model_find_param (pro, "bfl", "width"));
  g_assert_cmpuint (none->len, ==, 0);
  g_ptr_array_unref (first);
  g_ptr_array_unref (second);
  g_ptr_array_unref (none);
  g_assert_nonnull (fs_param_get_label (fs_model_find_param (pro, "bfl", "width")));
}

/* Prices and costs */

static void
assert_price (FsModel     *model,
              const char  *provider_id,
              FsPriceUnit  unit,
              double       usd,
              gboolean     from)
{
  const FsPrice *price = fs_model_get_price (model, provider_id);

  g_assert_nonnull (price);
  g_assert_cmpint (price->unit, ==, unit);
  if (unit != FS_PRICE_UNKNOWN)
    g_assert_cmpfloat_with_epsilon (price->usd, usd, 1e-9);
  g_assert_cmpint (price->from, ==, from);
}

static void
test_prices (void)
{
  static const struct {
    const char  *id;
    double       apiyi;
    FsPriceUnit  bfl_unit;
    double       bfl;
    gboolean     bfl_from;
  } prices[] = {
    { "flux-2-max", 0.07, FS_PRICE_PER_MEGAPIXEL, 0.07, TRUE },
    { "flux-2-pro", 0.03, FS_PRICE_PER_MEGAPIXEL, 0.03, TRUE },
    { "flux-2-flex", 0.06, FS_PRICE_PER_MEGAPIXEL, 0.06, FALSE },
    { "flux-2-klein-9b", 0.01, FS_PRICE_PER_IMAGE, 0.015, TRUE },
    { "flux-2-klein-4b", 0.01, FS_PRICE_PER_IMAGE, 0.014, TRUE },
    { "flux-kontext-max", 0.07, FS_PRICE_PER_IMAGE, 0.08, FALSE },
    { "flux-kontext-pro", 0.035, FS_PRICE_PER_IMAGE, 0.04, FALSE },
    { "flux-pro-1.1-ultra", 0.05, FS_PRICE_PER_IMAGE, 0.06, FALSE },
    { "flux-pro-1.1", 0.035, FS_PRICE_PER_IMAGE, 0.04, FALSE },
    { "flux-pro", 0.04, FS_PRICE_PER_IMAGE, 0.04, FALSE },
    { "flux-dev", 0.02, FS_PRICE_UNKNOWN, 0, FALSE },
  };
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();

  for (guint i = 0; i < G_N_ELEMENTS (prices); i++)
    {
      FsModel *model = lookup (catalog, prices[i].id);

      assert_price (model, "apiyi", FS_PRICE_PER_IMAGE, prices[i].apiyi, FALSE);
      assert_price (model, "bfl", prices[i].bfl_unit, prices[i].bfl, prices[i].bfl_from);
      assert_price (model, "openai-compatible", FS_PRICE_UNKNOWN, 0, FALSE);
      assert_price (model, "sandbox", FS_PRICE_PER_IMAGE, 0, FALSE);
    }

  for (guint i = 0; monica_providers[i] != NULL; i++)
    assert_price (lookup (catalog, "flux_dev"), "monica", FS_PRICE_UNKNOWN, 0, FALSE);
  g_assert_null (fs_model_get_price (lookup (catalog, "flux_dev"), "bfl"));

  /* BFL's price list has Fill at 5 credits an image and no Expand. */
  assert_price (lookup (catalog, "flux-pro-1.0-fill"), "bfl", FS_PRICE_PER_IMAGE, 0.05, FALSE);
  assert_price (lookup (catalog, "flux-pro-1.0-expand"), "bfl", FS_PRICE_UNKNOWN, 0, FALSE);
  assert_price (lookup (catalog, "flux-pro-1.0-fill"), "sandbox", FS_PRICE_PER_IMAGE, 0, FALSE);
  assert_price (lookup (catalog, "flux-pro-1.0-expand"), "sandbox", FS_PRICE_PER_IMAGE, 0, FALSE);
  g_assert_null (fs_model_get_price (lookup (catalog, "flux-pro-1.0-fill"), "apiyi"));
}

static double
cost (FsModel    *model,
      const char *provider_id,
      guint       width,
      guint       height,
      double      input_mp,
      guint       n_images)
{
  double usd = -1;

  g_assert_true (fs_model_estimate_cost (model, provider_id, width, height,
                                         input_mp, n_images, &usd));
  return usd;
}

static void
test_costs (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  FsModel *pro = lookup (catalog, "flux-2-pro");
  FsModel *dev = lookup (catalog, "flux-dev");
  double usd = -1;

  /* Per image: size does not matter. */
  g_assert_cmpfloat_with_epsilon (cost (pro, "apiyi", 2048, 2048, 0, 3), 0.09, 1e-9);
  g_assert_cmpfloat_with_epsilon (cost (pro, "apiyi", 64, 64, 0, 1), 0.03, 1e-9);
  /* Per megapixel: at least one, then in hundredths rounded up. */
  g_assert_cmpfloat_with_epsilon (cost (pro, "bfl", 1000, 1000, 0, 1), 0.03, 1e-9);
  g_assert_cmpfloat_with_epsilon (cost (pro, "bfl", 512, 512, 0, 1), 0.03, 1e-9);
  g_assert_cmpfloat_with_epsilon (cost (pro, "bfl", 1024, 1024, 0, 1), 0.03 * 1.05, 1e-9);
  g_assert_cmpfloat_with_epsilon (cost (pro, "bfl", 1000, 1008, 0, 1), 0.03 * 1.01, 1e-9);
  g_assert_cmpfloat_with_epsilon (cost (pro, "bfl", 2048, 2048, 0, 2), 0.03 * 4.20 * 2, 1e-9);
  g_assert_cmpfloat_with_epsilon (cost (pro, "sandbox", 2048, 2048, 0, 4), 0, 1e-12);
  /* Unknown prices give no estimate. */
  g_assert_false (fs_model_estimate_cost (dev, "bfl", 1024, 768, 0, 1, &usd));
  g_assert_false (fs_model_estimate_cost (pro, "openai-compatible", 1024, 1024, 0, 1, &usd));
  g_assert_false (fs_model_estimate_cost (lookup (catalog, "flux_dev"), "monica",
                                          1024, 1024, 0, 1, &usd));
  g_assert_false (fs_model_estimate_cost (pro, "monica", 1024, 1024, 0, 1, &usd));
  g_assert_cmpfloat (usd, ==, -1);
}

static const char input_priced_model[] =
  "{ \"models\": [ {"
  "  \"id\": \"priced\", \"name\": \"Priced\", \"family\": \"flux2\","
  "  \"size\": \"flux2\", \"params\": [\"width\", \"height\"],"
  "  \"providers\": { \"bfl\": { \"price\": { \"unit\": \"megapixel\", \"usd\": 0.03,"
  "                                          \"input_usd_per_mp\": 0.015 } } } } ] }";

static void
test_costs_input (void)
{
  g_autofree char *builtin = builtin_json ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FsCatalog) catalog = fs_catalog_new_from_data (builtin, input_priced_model,
                                                           "user.json", &error);
  FsModel *model;

  g_assert_no_error (error);
  model = lookup (catalog, "priced");
  g_assert_cmpfloat_with_epsilon (fs_model_get_price (model, "bfl")->usd_input_mp, 0.015, 1e-12);
  g_assert_cmpfloat_with_epsilon (cost (model, "bfl", 1000, 1000, 2.0, 1), 0.03 + 0.03, 1e-9);
  g_assert_cmpfloat_with_epsilon (cost (model, "bfl", 1000, 1000, 2.0, 2), 0.12, 1e-9);
}

/* The user's models.json */

static const char user_models[] =
  "{\n"
  "  \"params\": {\n"
  "    \"lora_scale\": { \"label\": \"LoRA scale\", \"type\": \"number\",\n"
  "                     \"min\": 0, \"max\": 2, \"default\": 1 }\n"
  "  },\n"
  "  \"models\": [\n"
  "    {\n"
  "      \"id\": \"my-klein\",\n"
  "      \"name\": \"My klein\",\n"
  "      \"family\": \"flux2\",\n"
  "      \"size\": { \"kind\": \"dimensions\", \"multiple\": 8, \"min\": 256,\n"
  "                  \"max\": 1024, \"default_width\": 512, \"default_height\": 512 },\n"
  "      \"references\": { \"max\": 2, \"wire\": \"input_image\" },\n"
  "      \"params\": [\"width\", \"height\", \"seed\", \"lora_scale\"],\n"
  "      \"providers\": { \"openai-compatible\": { \"wire_id\": \"klein-local\" } }\n"
  "    },\n"
  "    {\n"
  "      \"id\": \"flux-2-pro\",\n"
  "      \"name\": \"FLUX.2 [pro] (my gateway)\",\n"
  "      \"family\": \"flux2\",\n"
  "      \"size\": \"flux2\",\n"
  "      \"params\": [\"width\", \"height\", { \"name\": \"seed\", \"max\": 99 }],\n"
  "      \"providers\": { \"apiyi\": { \"price\": { \"unit\": \"image\", \"usd\": 0.02 } },\n"
  "                       \"sandbox\": { \"like\": \"apiyi\",\n"
  "                                      \"size\": { \"max\": 1024, \"max_pixels\": 0 } } }\n"
  "    }\n"
  "  ]\n"
  "}\n";

static void
test_user_adds_and_overrides (void)
{
  g_autoptr(FsCatalog) catalog = NULL;
  g_autoptr(FsModel) first = NULL;
  g_autoptr(FsModel) last = NULL;
  FsModel *mine;
  FsModel *pro;

  write_user_file (user_models);
  catalog = fs_test_load_catalog ();

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, N_MODELS + 1);
  g_assert_cmpuint (g_strv_length ((char **) fs_catalog_get_warnings (catalog)), ==, 0);

  /* A replaced model keeps its place; a new one comes last. */
  first = g_list_model_get_item (G_LIST_MODEL (catalog), 1);
  last = g_list_model_get_item (G_LIST_MODEL (catalog), N_MODELS);
  g_assert_cmpstr (fs_model_get_id (first), ==, "flux-2-pro");
  g_assert_cmpstr (fs_model_get_id (last), ==, "my-klein");

  mine = lookup (catalog, "my-klein");
  g_assert_cmpstr (fs_model_get_wire_id (mine, "openai-compatible"), ==, "klein-local");
  g_assert_cmpuint (fs_model_get_max_references (mine, "openai-compatible"), ==, 2);
  assert_range (find_param (mine, "openai-compatible", "width"), 256, 1024);
  assert_int_default (find_param (mine, "openai-compatible", "height"), 512);
  assert_number_default (find_param (mine, "openai-compatible", "lora_scale"), 1);
  g_assert_cmpstr (fs_param_get_label (find_param (mine, "openai-compatible", "seed")), ==,
                   "Seed");

  /* The whole model is replaced: no bfl any more. */
  pro = lookup (catalog, "flux-2-pro");
  g_assert_cmpstr (fs_model_get_name (pro), ==, "FLUX.2 [pro] (my gateway)");
  g_assert_false (fs_model_has_provider (pro, "bfl"));
  assert_range (find_param (pro, "apiyi", "seed"), 0, 99);
  g_assert_cmpuint (fs_model_get_size_rule (pro, "sandbox")->max, ==, 1024);
  g_assert_cmpuint (fs_model_get_size_rule (pro, "sandbox")->max_pixels, ==, 0);
  g_assert_cmpuint (fs_model_get_size_rule (pro, "apiyi")->max, ==, 2048);
  g_assert_cmpuint (fs_model_get_max_references (pro, "apiyi"), ==, 0);

  /* Built-in models cannot see the user's shared params. */
  g_assert_null (fs_model_find_param (lookup (catalog, "flux-2-flex"), "bfl", "lora_scale"));
  g_assert_cmpuint (catalog_warnings->len, ==, 0);
}

/* A broken user file is ignored as a whole, with one warning that names
 * the file and the place, both returned and logged. */
static void
assert_user_file_ignored (const char *contents,
                          const char *expected_place)
{
  g_autoptr(FsCatalog) catalog = NULL;
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "flux-studio",
                                            "models.json", NULL);
  const char * const *warnings;

  write_user_file (contents);
  g_ptr_array_set_size (catalog_warnings, 0);
  catalog = fs_test_load_catalog ();

  warnings = fs_catalog_get_warnings (catalog);
  g_assert_cmpuint (g_strv_length ((char **) warnings), ==, 1);
  g_test_message ("warning: %s", warnings[0]);
  g_assert_true (g_str_has_prefix (warnings[0], path));
  g_assert_nonnull (strstr (warnings[0], expected_place));
  g_assert_nonnull (strstr (warnings[0], "ignored"));
  g_assert_cmpuint (catalog_warnings->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (catalog_warnings, 0), ==, warnings[0]);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, N_MODELS);
  g_assert_cmpstr (fs_model_get_name (lookup (catalog, "flux-2-pro")), ==, "FLUX.2 [pro]");
  g_assert_null (fs_catalog_lookup (catalog, "my-klein"));
  g_ptr_array_set_size (catalog_warnings, 0);
}

static void
test_user_bad_json (void)
{
  /* Line 4 has a bare word; line 3 ends with a comma before "]". */
  assert_user_file_ignored ("{\n  \"models\": [\n    {\n      \"id\": oops\n    }\n  ]\n}\n",
                            "models.json:4:");
  assert_user_file_ignored ("{\n  \"models\": [\n    { \"id\": \"x\" },\n  ]\n}\n",
                            "models.json:3:");
  assert_user_file_ignored ("{ \"models\": [] } trailing", ":1:");
  assert_user_file_ignored ("", "JSON object");
  assert_user_file_ignored ("\"just a string\"", "JSON object");
}

/* Nested far too deep, the file used to crash even `models`. */
static void
test_user_deep_json (void)
{
  g_autofree char *deep = fs_test_nested_json (80000);
  g_autofree char *json = g_strdup_printf ("{\n  \"models\": %s\n}\n", deep);

  assert_user_file_ignored (json, "nested more than 64 levels deep (line 2)");
}

/* One model with these members, as a JSON object. */
static char *
model_object (const char *id,
              const char *size,
              const char *params,
              const char *providers)
{
  return g_strdup_printf ("{ \"id\": \"%s\", \"name\": \"%s\", \"family\": \"flux2\","
                          " \"size\": %s, \"params\": %s, \"providers\": %s }",
                          id, id, size, params, providers);
}

static char *
model_file (const char *id,
            const char *size,
            const char *params,
            const char *providers)
{
  g_autofree char *model = model_object (id, size, params, providers);

  return g_strdup_printf ("{ \"models\": [ %s ] }", model);
}

static void
test_user_bad_schema (void)
{
  static const struct {
    const char *json;
    const char *place;
  } documents[] = {
    { "{ \"models\": { } }", "field “models”" },
    { "{ \"version\": 3 }", "field “version”" },
    { "{ \"models\": [ { \"name\": \"No id\" } ] }", "field “id”" },
    { "{ \"models\": [ 42 ] }", "field “models”" },
  };
  static const struct {
    const char *size;
    const char *params;
    const char *providers;
    const char *place;
  } models[] = {
    { "\"flux2\"", "\"seed\"", "{ \"bfl\": {} }", "field “params”: must be a list" },
    { "\"nope\"", "[]", "{ \"bfl\": {} }", "field “size”" },
    { "\"flux2\"", "[\"width\", \"height\", \"warp\"]", "{ \"bfl\": {} }",
      "field “params”: unknown parameter “warp”" },
    { "\"flux2\"", "[\"width\"]", "{ \"bfl\": {} }",
      "field “params”: the size rule needs the parameter “height”" },
    { "\"kontext\"", "[\"width\", \"height\"]", "{ \"bfl\": {} }", "field “width”" },
    { "\"flux2\"", "[\"width\", \"height\"]", "{ \"sandbox\": { \"like\": \"bfl\" } }",
      "field “like”" },
    { "\"flux2\"", "[\"width\", \"height\", { \"name\": \"steps\", \"default\": 80 }]",
      "{ \"bfl\": {} }", "field “steps”" },
    { "\"flux2\"", "[\"width\", \"height\"]",
      "{ \"bfl\": { \"price\": { \"unit\": \"credit\" } } }", "field “price”" },
    { "\"flux2\"", "[\"width\", \"height\"]", "{}", "field “providers”" },
    { "\"flux2\"", "[\"width\", \"height\"]", "{ \"bfl\": { \"max_concurrent\": -1 } }",
      "field “max_concurrent”" },
    { "{ \"kind\": \"fixed\", \"sizes\": [\"10x10\"], \"default\": \"20x20\" }", "[\"size\"]",
      "{ \"monica\": {} }", "field “size”" },
    { "{ \"kind\": \"image\" }", "[\"seed\"]", "{ \"bfl\": {} }", "field “image”" },
    { "\"flux2\"", "[\"width\", \"height\"]",
      "{ \"bfl\": { \"image\": { \"wire\": \"image\" } } }", "field “image”" },
    { "{ \"kind\": \"image\" }", "[\"seed\"]",
      "{ \"bfl\": { \"image\": { \"mask\": \"mask\" } } }", "field “image”" },
    { "{ \"kind\": \"image\" }", "[\"top\", \"left\"]",
      "{ \"bfl\": { \"image\": { \"wire\": \"image\" } } }",
      "field “params”: the size rule needs the parameter “bottom”" },
    { "\"flux2\"", "[\"width\", \"height\", \"top\"]", "{ \"bfl\": {} }", "field “top”" },
    { "{ \"kind\": \"image\" }", "[{ \"name\": \"top\", \"min\": -5 }, \"bottom\", \"left\", \"right\"]",
      "{ \"bfl\": { \"image\": { \"wire\": \"image\" } } }", "field “top”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    assert_user_file_ignored (documents[i].json, documents[i].place);

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      g_autofree char *id = g_strdup_printf ("model-%u", i);
      g_autofree char *json = model_file (id, models[i].size, models[i].params,
                                          models[i].providers);
      g_autofree char *place = g_strdup_printf ("model “%s”: %s", id, models[i].place);

      assert_user_file_ignored (json, place);
    }
}

/* A note must be a text or {"text", "providers"}: anything else names
 * the place, and the file is ignored. */
static void
test_user_bad_notes (void)
{
  static const char * const bad[] = {
    "[42]",
    "[{ \"text\": \"x\" }]",
    "[{ \"providers\": [\"bfl\"] }]",
    "[{ \"text\": \"x\", \"providers\": \"bfl\" }]",
    "\"just a text\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{ \"models\": [ { \"id\": \"noted\", \"name\": \"Noted\", "
        "\"family\": \"flux2\", \"size\": \"flux2\", \"notes\": %s, "
        "\"params\": [\"width\", \"height\"], \"providers\": { \"bfl\": {} } } ] }",
        bad[i]);

      assert_user_file_ignored (json, "model “noted”: field “notes”");
    }
}

/* A valid model next to a broken one is not added either. */
static void
test_user_all_or_nothing (void)
{
  g_autofree char *good = model_object ("ok", "\"flux2\"", "[\"width\", \"height\"]",
                                        "{ \"bfl\": {} }");
  g_autofree char *twice = g_strdup_printf ("{ \"models\": [ %s, %s ] }", good, good);

  assert_user_file_ignored (twice, "model “ok”: field “id”");
}

static void
test_user_unreadable (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "flux-studio", NULL);
  g_autofree char *path = g_build_filename (dir, "models.json", NULL);
  g_autoptr(FsCatalog) catalog = NULL;

  /* A directory where the file should be cannot be read. */
  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  g_ptr_array_set_size (catalog_warnings, 0);
  catalog = fs_test_load_catalog ();

  g_assert_cmpuint (g_strv_length ((char **) fs_catalog_get_warnings (catalog)), ==, 1);
  g_assert_cmpuint (catalog_warnings->len, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, N_MODELS);
  g_ptr_array_set_size (catalog_warnings, 0);
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

/* A FIFO in the file's place is not read (it used to hang the catalog,
 * and with it the app's start); a file beyond the limit is not read
 * either. Each is one warning naming the file; the built-in catalog
 * stays. */
static void
test_user_not_a_file (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "flux-studio", NULL);
  g_autofree char *path = g_build_filename (dir, "models.json", NULL);
  g_autofree char *padding = g_strnfill (FS_JSON_MAX_CATALOG_BYTES, ' ');
  g_autofree char *huge = g_strconcat ("{ \"models\": [] }", padding, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  assert_user_file_ignored (NULL, "not a regular file");
  g_assert_cmpint (g_unlink (path), ==, 0);

  assert_user_file_ignored (huge, "larger than");
}

/* Text forms */

static void
test_aspect_ratio_parse (void)
{
  static const char * const bad[] = { "", "16", "16:", ":9", "16-9", "0:1", "1:0", "a:b",
                                      "1e3:1", "-1:1", "1:2:3", "1..5:1", " 1:1", NULL };
  double ratio = 0;

  g_assert_true (fs_aspect_ratio_parse ("16:9", &ratio));
  g_assert_cmpfloat_with_epsilon (ratio, 16.0 / 9.0, 1e-12);
  g_assert_true (fs_aspect_ratio_parse ("2.39:1", &ratio));
  g_assert_cmpfloat_with_epsilon (ratio, 2.39, 1e-12);
  g_assert_false (fs_aspect_ratio_parse (NULL, &ratio));

  for (guint i = 0; bad[i] != NULL; i++)
    g_assert_false (fs_aspect_ratio_parse (bad[i], &ratio));
}

static void
test_size_parse (void)
{
  static const char * const bad[] = { "", "1024", "1024x", "x768", "0x768", "1024X768",
                                      "1024x768x2", "10.5x3", "-5x5", "1024 x 768", NULL };
  guint width = 0;
  guint height = 0;

  g_assert_true (fs_size_parse ("1344x768", &width, &height));
  g_assert_cmpuint (width, ==, 1344);
  g_assert_cmpuint (height, ==, 768);

  for (guint i = 0; bad[i] != NULL; i++)
    g_assert_false (fs_size_parse (bad[i], &width, &height));
}

static void
test_aspect_size (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  const FsSizeRule *kontext = fs_model_get_size_rule (lookup (catalog, "flux-kontext-pro"), "bfl");
  const FsSizeRule *ultra = fs_model_get_size_rule (lookup (catalog, "flux-pro-1.1-ultra"), "bfl");
  const FsSizeRule *flux2 = fs_model_get_size_rule (lookup (catalog, "flux-2-pro"), "bfl");
  guint width = 0;
  guint height = 0;

  g_assert_true (fs_size_rule_get_aspect_size (kontext, "1:1", &width, &height));
  g_assert_cmpuint (width, ==, 1024);
  g_assert_cmpuint (height, ==, 1024);
  g_assert_cmpuint (kontext->default_width, ==, 1024);
  g_assert_true (fs_size_rule_get_aspect_size (kontext, "16:9", &width, &height));
  g_assert_cmpuint (width, ==, 1376);
  g_assert_cmpuint (height, ==, 768);
  g_assert_true (fs_size_rule_get_aspect_size (ultra, "16:9", &width, &height));
  g_assert_cmpuint (width % 32, ==, 0);
  g_assert_cmpuint (height, ==, 1536);
  g_assert_cmpint (ABS ((int) width - 2752), <=, 32);
  g_assert_cmpuint (ultra->default_width, ==, width);
  g_assert_false (fs_size_rule_get_aspect_size (kontext, "wide", &width, &height));
  g_assert_false (fs_size_rule_get_aspect_size (flux2, "1:1", &width, &height));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  catalog_warnings = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (collect_catalog_warnings, NULL, NULL);

  g_test_add_func ("/catalog/load/resource", test_resource_loads);
  g_test_add_func ("/catalog/load/source-file", test_source_file_valid);
  g_test_add_func ("/catalog/load/broken-builtin", test_broken_builtin);
  g_test_add_func ("/catalog/load/async", test_load_async);
  g_test_add_func ("/catalog/models/providers", test_models_providers);
  g_test_add_func ("/catalog/models/facts", test_models_facts);
  g_test_add_func ("/catalog/models/notes", test_models_notes);
  g_test_add_func ("/catalog/models/notes-per-provider", test_models_notes_per_provider);
  g_test_add_func ("/catalog/params/flux2", test_params_flux2);
  g_test_add_func ("/catalog/params/flex", test_params_flex);
  g_test_add_func ("/catalog/params/klein", test_params_klein);
  g_test_add_func ("/catalog/params/sizes", test_params_sizes);
  g_test_add_func ("/catalog/params/kontext", test_params_kontext);
  g_test_add_func ("/catalog/params/tools", test_params_tools);
  g_test_add_func ("/catalog/params/ultra", test_params_ultra);
  g_test_add_func ("/catalog/params/flux1", test_params_flux1);
  g_test_add_func ("/catalog/params/monica", test_params_monica);
  g_test_add_func ("/catalog/params/ownership", test_params_ownership);
  g_test_add_func ("/catalog/prices", test_prices);
  g_test_add_func ("/catalog/costs", test_costs);
  g_test_add_func ("/catalog/costs/input", test_costs_input);
  g_test_add_func ("/catalog/user/adds-and-overrides", test_user_adds_and_overrides);
  g_test_add_func ("/catalog/user/bad-json", test_user_bad_json);
  g_test_add_func ("/catalog/user/deep-json", test_user_deep_json);
  g_test_add_func ("/catalog/user/bad-schema", test_user_bad_schema);
  g_test_add_func ("/catalog/user/bad-notes", test_user_bad_notes);
  g_test_add_func ("/catalog/user/all-or-nothing", test_user_all_or_nothing);
  g_test_add_func ("/catalog/user/unreadable", test_user_unreadable);
  g_test_add_func ("/catalog/user/not-a-file", test_user_not_a_file);
  g_test_add_func ("/catalog/text/aspect-ratio", test_aspect_ratio_parse);
  g_test_add_func ("/catalog/text/size", test_size_parse);
  g_test_add_func ("/catalog/text/aspect-size", test_aspect_size);

  return g_test_run ();
}
