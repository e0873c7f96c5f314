/* fs-cli-commands.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "fs-cli.h"
#include "fs-error.h"
#include "fs-http.h"
#include "fs-provider.h"
#include "fs-secrets.h"

/* The read-only commands: models, list and credits. */

static JsonNode *
param_to_json (FsParam *param)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  static const char *types[] = { "int", "number", "bool", "enum", "string" };
  GVariant *fallback = fs_param_get_default (param);
  const char * const *choices = fs_param_get_choices (param);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, fs_param_get_name (param));
  json_builder_set_member_name (builder, "wire");
  json_builder_add_string_value (builder, fs_param_get_wire (param));
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, types[fs_param_get_param_type (param)]);
  if (fs_param_has_range (param))
    {
      json_builder_set_member_name (builder, "min");
      json_builder_add_double_value (builder, fs_param_get_min (param));
      json_builder_set_member_name (builder, "max");
      json_builder_add_double_value (builder, fs_param_get_max (param));
    }
  if (fallback != NULL)
    {
      json_builder_set_member_name (builder, "default");
      json_builder_add_value (builder, json_gvariant_serialize (fallback));
    }
  if (choices != NULL)
    {
      json_builder_set_member_name (builder, "choices");
      json_builder_begin_array (builder);
      for (guint i = 0; choices[i] != NULL; i++)
        json_builder_add_string_value (builder, choices[i]);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
add_notes (JsonBuilder        *builder,
           const char * const *notes)
{
  json_builder_set_member_name (builder, "notes");
  json_builder_begin_array (builder);
  for (guint i = 0; notes[i] != NULL; i++)
    json_builder_add_string_value (builder, notes[i]);
  json_builder_end_array (builder);
}

static JsonNode *
provider_to_json (FsModel    *model,
                  const char *provider_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) params = fs_model_get_params (model, provider_id);
  const FsPrice *price = fs_model_get_price (model, provider_id);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "wire_id");
  json_builder_add_string_value (builder, fs_model_get_wire_id (model, provider_id));
  json_builder_set_member_name (builder, "max_references");
  json_builder_add_int_value (builder, fs_model_get_max_references (model, provider_id));
  json_builder_set_member_name (builder, "price_usd");
  if (price != NULL && price->unit != FS_PRICE_UNKNOWN)
    json_builder_add_double_value (builder, price->usd);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "price_unit");
  json_builder_add_string_value (builder,
                                 price == NULL || price->unit == FS_PRICE_UNKNOWN ? "unknown"
                                 : price->unit == FS_PRICE_PER_IMAGE ? "image" : "megapixel");
  json_builder_set_member_name (builder, "params");
  json_builder_begin_array (builder);
  for (guint i = 0; params != NULL && i < params->len; i++)
    json_builder_add_value (builder, param_to_json (g_ptr_array_index (params, i)));
  json_builder_end_array (builder);
  add_notes (builder, fs_model_get_notes (model, provider_id));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
model_to_json (FsModel *model)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char * const *providers = fs_model_get_providers (model);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, fs_model_get_id (model));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, fs_model_get_name (model));
  json_builder_set_member_name (builder, "family");
  json_builder_add_string_value (builder, fs_model_get_family (model));
  json_builder_set_member_name (builder, "typical_seconds");
  json_builder_add_int_value (builder, fs_model_get_typical_seconds (model));
  add_notes (builder, fs_model_get_notes (model, NULL));
  json_builder_set_member_name (builder, "providers");
  json_builder_begin_object (builder);
  for (guint i = 0; providers != NULL && providers[i] != NULL; i++)
    {
      json_builder_set_member_name (builder, providers[i]);
      json_builder_add_value (builder, provider_to_json (model, providers[i]));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static char *
format_price (FsModel    *model,
              const char *provider_id)
{
  const FsPrice *price = fs_model_get_price (model, provider_id);

  if (price == NULL || price->unit == FS_PRICE_UNKNOWN)
    return g_strdup (_("price unknown"));
  if (price->unit == FS_PRICE_PER_MEGAPIXEL)
    return g_strdup_printf (_("%s$%.3f/MP"), price->from ? _("from ") : "", price->usd);
  return g_strdup_printf (_("%s$%.3f/image"), price->from ? _("from ") : "", price->usd);
}

static void
print_model (FsModel    *model,
             const char *provider_id)
{
  const char * const *providers = fs_model_get_providers (model);
  g_autoptr(GString) line = g_string_new (NULL);

  g_string_append_printf (line, "%-20s %-24s", fs_model_get_id (model), fs_model_get_name (model));
  for (guint i = 0; providers != NULL && providers[i] != NULL; i++)
    {
      g_autofree char *price = NULL;

      if (provider_id != NULL && !g_str_equal (provider_id, providers[i]))
        continue;
      price = format_price (model, providers[i]);
      g_string_append_printf (line, " %s (%s)", providers[i], price);
    }

  g_print ("%s\n", line->str);
}

int
fs_cli_models (int    argc,
               char **argv)
{
  g_autofree char *provider = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider, N_("Only models this provider serves"), "P" },
    fs_cli_option_json (&json, FALSE),
    { NULL }
  };
  g_autoptr(FsCatalog) catalog = NULL;
  g_autoptr(JsonArray) array = json_array_new ();

  if (!fs_cli_parse_options ("models", _("— list the models in the catalog"), entries,
                             &argc, &argv))
    return FS_CLI_EXIT_INVALID;
  if (provider != NULL && fs_provider_info_lookup (provider) == NULL)
    {
      g_printerr (_("flux-studio-cli models: unknown provider “%s”\n"), provider);
      return FS_CLI_EXIT_INVALID;
    }
  if ((catalog = fs_cli_load_catalog ()) == NULL)
    return FS_CLI_EXIT_INVALID;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
    {
      g_autoptr(FsModel) model = g_list_model_get_item (G_LIST_MODEL (catalog), i);

      if (provider != NULL && !fs_model_has_provider (model, provider))
        continue;
      if (json)
        json_array_add_element (array, model_to_json (model));
      else
        print_model (model, provider);
    }

  if (json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (node, array);
      fs_cli_print_json (node);
    }

  return FS_CLI_EXIT_OK;
}

static void
print_asset_line (FsAsset *asset)
{
  g_autofree char *when = g_date_time_format (fs_asset_get_created (asset), "%Y-%m-%d %H:%M");
  g_autofree char *prompt = g_strdup (fs_asset_get_prompt (asset));

  /* One line per image: long or multi-line prompts are shortened. */
  g_strdelimit (prompt, "\n\t", ' ');
  if (g_utf8_strlen (prompt, -1) > 60)
    {
      char *end = g_utf8_offset_to_pointer (prompt, 59);
      strcpy (end, "…");
    }

  g_print ("%s  %-18s %-12" G_GINT64_FORMAT "  %s  %s", when, fs_asset_get_model_id (asset),
           fs_asset_get_seed (asset), fs_asset_get_path (asset), prompt);
  if (fs_asset_get_favourite (asset))
    g_print ("  [favourite]");
  if (fs_asset_get_rating (asset) > 0)
    g_print ("  [rating: %u]", fs_asset_get_rating (asset));
  if (fs_asset_get_damage (asset) != FS_ASSET_INTACT)
    g_print ("  [damaged: %s]", fs_asset_damage_to_string (fs_asset_get_damage (asset)));
  g_print ("\n");
}

/* A damaged record is listed, never passed off as a good one: the sha256
 * of each image is checked first (hashing only what the index has not
 * seen as it is now), and each damaged one is named on standard error. */
static gboolean
check_damage (FsLibrary  *library,
              GPtrArray  *assets,
              GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fs_library_verify_async (library, assets, NULL, fs_cli_result_cb, &result);
  if (!fs_library_verify_finish (library, fs_cli_wait (&result), error))
    return FALSE;

  for (guint i = 0; i < assets->len; i++)
    {
      FsAsset *asset = g_ptr_array_index (assets, i);
      FsAssetDamage damage = fs_asset_get_damage (asset);

      if (damage != FS_ASSET_INTACT)
        /* Translators: an image's path, then what is wrong with it and what to do */
        g_printerr (_("flux-studio-cli: warning: %s is damaged: %s\n"),
                    fs_asset_get_path (asset), fs_asset_damage_describe (damage));
    }

  return TRUE;
}

static gboolean
parse_sort (const char     *text,
            FsSortOrder    *sort)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (FS_TYPE_SORT_ORDER);
  GEnumValue *value = text != NULL ? g_enum_get_value_by_nick (klass, text) : NULL;

  if (text == NULL)
    return TRUE;
  if (value == NULL)
    return FALSE;
  *sort = value->value;
  return TRUE;
}

int
fs_cli_list (int    argc,
             char **argv)
{
  g_autofree char *search = NULL;
  g_autofree char *collection = NULL;
  g_autofree char *sort_name = NULL;
  g_autofree char *folder = NULL;
  gboolean json = FALSE;
  gboolean favourite = FALSE;
  int rating_min = 0;
  const GOptionEntry entries[] = {
    { "search", 0, 0, G_OPTION_ARG_STRING, &search,
      N_("Only images whose prompt, model, provider, seed or asked-for colours have words "
         "starting with each word of TEXT"), "TEXT" },
    { "favourite", 0, 0, G_OPTION_ARG_NONE, &favourite, N_("Only favourites"), NULL },
    { "rating-min", 0, 0, G_OPTION_ARG_INT, &rating_min,
      N_("Only images with at least N stars (1 to 5)"), "N" },
    { "collection", 0, 0, G_OPTION_ARG_STRING, &collection,
      N_("Only images in the collection NAME"), "NAME" },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort_name,
      N_("Order: newest (the default), oldest or rating"), "ORDER" },
    fs_cli_option_library (&folder),
    fs_cli_option_json (&json, FALSE),
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FsLibrary) library = NULL;
  g_autoptr(FsLibraryQuery) query = fs_library_query_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  FsSortOrder sort = FS_SORT_NEWEST;

  if (!fs_cli_parse_options ("list", _("— list the images in the gallery, newest first"),
                             entries, &argc, &argv))
    return FS_CLI_EXIT_INVALID;
  if (rating_min < 0 || rating_min > FS_ASSET_MAX_RATING)
    {
      g_printerr ("flux-studio-cli list: %s\n", _("--rating-min must be a number from 0 to 5"));
      return FS_CLI_EXIT_INVALID;
    }
  if (!parse_sort (sort_name, &sort))
    {
      g_printerr ("flux-studio-cli list: %s\n", _("--sort must be newest, oldest or rating"));
      return FS_CLI_EXIT_INVALID;
    }

  if ((library = fs_cli_open_library (folder, FALSE, &error)) == NULL)
    return fs_cli_fail (error);

  /* The index answers from its columns and search table: no sidecar and
   * no record is read (docs/ARCHITECTURE.md, “Queries”). */
  fs_library_query_set_text (query, search);
  fs_library_query_set_favourites_only (query, favourite);
  fs_library_query_set_min_rating (query, rating_min);
  fs_library_query_set_collection (query, collection);
  fs_library_query_set_sort (query, sort);
  fs_library_query_set_with_details (query, TRUE);
  fs_library_query_async (library, query, NULL, fs_cli_result_cb, &result);
  if ((assets = fs_library_query_finish (library, fs_cli_wait (&result), &error)) == NULL ||
      !check_damage (library, assets, &error))
    return fs_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < assets->len; i++)
        json_array_add_element (array, fs_asset_to_summary_json (g_ptr_array_index (assets, i)));
      json_node_set_array (node, array);
      fs_cli_print_json (node);
    }
  else
    for (guint i = 0; i < assets->len; i++)
      print_asset_line (g_ptr_array_index (assets, i));

  return FS_CLI_EXIT_OK;
}

static int
show_credits (FsProvider *provider,
              const char *key,
              gboolean    json)
{
  g_autoptr(FsHttpCall) call = fs_provider_build_credits (provider, key);
  g_autoptr(FsHttpResponse) response = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  double credits = NAN;

  if (call == NULL)
    {
      g_printerr (_("flux-studio-cli credits: %s does not report a balance\n"),
                  fs_provider_get_id (provider));
      return FS_CLI_EXIT_INVALID;
    }

  fs_http_send_async (fs_http_get_default (), call, NULL, fs_cli_result_cb, &result);
  response = fs_http_send_finish (fs_http_get_default (), fs_cli_wait (&result), &error);
  if (response == NULL || !fs_provider_parse_credits (provider, response, &credits, &error))
    return fs_cli_fail (error);

  if (json)
    g_print ("{\"provider\": \"%s\", \"credits\": %.2f}\n", fs_provider_get_id (provider), credits);
  else
    /* Translators: BFL credits; one credit is one US cent */
    g_print (_("%.2f credits (about $%.2f)\n"), credits, credits / 100.0);

  return FS_CLI_EXIT_OK;
}

int
fs_cli_credits (int    argc,
                char **argv)
{
  g_autofree char *provider_id = NULL;
  g_autofree char *base_url = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider_id, N_("Provider (bfl)"), "P" },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url, N_("API base URL"), "URL" },
    fs_cli_option_json (&json, FALSE),
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FsProvider) provider = NULL;
  g_autofree char *key = NULL;
  int status;

  if (!fs_cli_parse_options ("credits", _("— show the account balance"), entries,
                             &argc, &argv))
    return FS_CLI_EXIT_INVALID;

  provider = fs_provider_new (provider_id ? provider_id : "bfl", base_url, &error);
  if (provider == NULL)
    return fs_cli_fail (error);

  key = fs_cli_lookup_key (fs_provider_get_id (provider));
  if (key == NULL && fs_provider_needs_key (provider))
    {
      g_printerr (_("flux-studio-cli credits: no API key is set for %s\n"),
                  fs_provider_get_id (provider));
      return FS_CLI_EXIT_INVALID;
    }

  status = show_credits (provider, key, json);
  if (key != NULL)
    fs_secrets_free_key (g_steal_pointer (&key));
  return status;
}
