/* fs-cli-spend.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "fs-cli.h"
#include "fs-error.h"
#include "fs-file.h"
#include "fs-provider.h"
#include "fs-variations.h"

/* spend: the ledger of paid calls (docs/ARCHITECTURE.md, “Spend”), per
 * provider and model, with the monthly budget; its CSV export; and the
 * budget warning generate and batch give before they send. */

typedef struct
{
  char     *library;
  char     *month;
  char     *budget;
  char     *csv;
  gboolean  json;
} SpendOptions;

static void
spend_options_clear (SpendOptions *o)
{
  g_free (o->library);
  g_free (o->month);
  g_free (o->budget);
  g_free (o->csv);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SpendOptions, spend_options_clear)

double
fs_cli_estimate (GPtrArray *requests,
                 FsCatalog *catalog,
                 gboolean  *unknown)
{
  double total = 0;

  if (unknown != NULL)
    *unknown = FALSE;
  for (guint i = 0; i < requests->len; i++)
    {
      FsRequest *request = g_ptr_array_index (requests, i);
      FsModel *model = fs_catalog_lookup (catalog, fs_request_get_model_id (request));
      double usd = 0;

      if (model != NULL &&
          fs_request_estimate_cost (request, model, fs_variations_n_images (request), &usd))
        total += usd;
      else if (unknown != NULL)
        *unknown = TRUE;
    }

  return total;
}

static JsonObject *
read_spend (FsLibrary   *library,
            const char  *month,
            gboolean     with_rows,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fs_library_spend_async (library, month, with_rows, NULL, fs_cli_result_cb, &result);
  return fs_library_spend_finish (library, fs_cli_wait (&result), error);
}

void
fs_cli_warn_budget (FsLibrary *library,
                    double     estimate)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) spend = NULL;
  double budget, spent;
  JsonObject *totals;

  if (estimate <= 0 || (spend = read_spend (library, NULL, FALSE, &error)) == NULL ||
      json_object_get_null_member (spend, "budget"))
    return;

  budget = json_object_get_double_member (spend, "budget");
  totals = json_object_get_object_member (spend, "totals");
  /* The larger of the two: an estimate may be low ("from $x"), and an
   * actual total may cover only some calls. */
  spent = MAX (json_object_get_double_member (totals, "estimate"),
               json_object_get_double_member_with_default (totals, "actual", 0));
  if (spent + estimate > budget)
    g_printerr (_("flux-studio-cli: warning: this costs about $%.2f; with the $%.2f spent this "
                  "month it passes the monthly budget of $%.2f\n"),
                estimate, spent, budget);
}

static void
print_money (const char *label,
             JsonObject *row,
             const char *member)
{
  if (json_object_get_null_member (row, member))
    g_print ("  %-10s %s\n", label, "—");
  else
    g_print ("  %-10s $%.2f\n", label, json_object_get_double_member (row, member));
}

static void
print_calls (JsonObject *row)
{
  guint calls = (guint) json_object_get_int_member (row, "calls");

  g_print (ngettext ("  %u paid call\n", "  %u paid calls\n", calls), calls);
}

static void
print_text (JsonObject *spend)
{
  JsonArray *models = json_object_get_array_member (spend, "models");
  JsonObject *totals = json_object_get_object_member (spend, "totals");

  /* Translators: a month, YYYY-MM */
  g_print (_("Spend in %s\n"), json_object_get_string_member (spend, "month"));
  for (guint i = 0; i < json_array_get_length (models); i++)
    {
      JsonObject *row = json_array_get_object_element (models, i);
      const char *provider_id = json_object_get_string_member (row, "provider");
      const FsProviderInfo *info = fs_provider_info_lookup (provider_id);

      g_print ("%s / %s\n", provider_id, json_object_get_string_member (row, "model"));
      print_calls (row);
      print_money (_("estimated"), row, "estimate");
      print_money (_("actual"), row, "actual");
      if (info != NULL && info->usd_per_credit > 0 && !json_object_get_null_member (row, "actual"))
        g_print (_("  %.0f credits\n"),
                 json_object_get_double_member (row, "actual") / info->usd_per_credit);
    }
  g_print ("%s\n", _("Total"));
  print_calls (totals);
  print_money (_("estimated"), totals, "estimate");
  print_money (_("actual"), totals, "actual");
  if (!json_object_get_null_member (spend, "budget"))
    g_print (_("Monthly budget: $%.2f\n"), json_object_get_double_member (spend, "budget"));
}

/* Credits where the provider bills in credits (BFL), beside the dollars. */
static void
add_credits (JsonObject *spend)
{
  JsonArray *models = json_object_get_array_member (spend, "models");

  for (guint i = 0; i < json_array_get_length (models); i++)
    {
      JsonObject *row = json_array_get_object_element (models, i);
      const FsProviderInfo *info =
        fs_provider_info_lookup (json_object_get_string_member (row, "provider"));

      if (info != NULL && info->usd_per_credit > 0 && !json_object_get_null_member (row, "actual"))
        json_object_set_double_member (row, "credits",
                                       round (json_object_get_double_member (row, "actual") /
                                              info->usd_per_credit * 100) / 100);
    }
}

static int
set_budget (FsLibrary  *library,
            const char *text)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *end = NULL;
  double usd = g_ascii_strtod (text, &end);

  if (g_str_equal (text, "none"))
    usd = NAN;
  else if (end == text || *end != '\0' || !(usd >= 0) || isinf (usd))
    {
      g_printerr (_("flux-studio-cli: --set-budget takes an amount in US dollars such as 50, "
                    "or “none”, not “%s”\n"), text);
      return FS_CLI_EXIT_INVALID;
    }

  fs_library_set_budget_async (library, usd, NULL, fs_cli_result_cb, &result);
  if (!fs_library_set_budget_finish (library, fs_cli_wait (&result), &error))
    return fs_cli_fail (error);
  return FS_CLI_EXIT_OK;
}

int
fs_cli_spend (int    argc,
              char **argv)
{
  g_auto(SpendOptions) o = { 0 };
  const GOptionEntry entries[] = {
    { "month", 0, 0, G_OPTION_ARG_STRING, &o.month, N_("The month to show (default: this one)"), "YYYY-MM" },
    { "set-budget", 0, 0, G_OPTION_ARG_STRING, &o.budget, N_("Set the monthly budget in US dollars (“none” removes it)"), "AMOUNT" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &o.csv, N_("Write every call of the month to a CSV file (“-”: standard output)"), "FILE" },
    fs_cli_option_library (&o.library),
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json, N_("Print the totals as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FsLibrary) library = NULL;
  g_autoptr(JsonObject) spend = NULL;
  int status;

  if (!fs_cli_parse_options ("spend", _("— what paid calls cost, per provider and model"),
                             entries, &argc, &argv))
    return FS_CLI_EXIT_INVALID;
  if (argc != 1)
    {
      g_printerr ("%s\n", _("flux-studio-cli spend: takes no arguments, only options"));
      return FS_CLI_EXIT_INVALID;
    }

  if ((library = fs_cli_open_library (o.library, o.budget != NULL, &error)) == NULL)
    return fs_cli_fail (error);
  if (o.budget != NULL && (status = set_budget (library, o.budget)) != FS_CLI_EXIT_OK)
    return status;
  if ((spend = read_spend (library, o.month, o.csv != NULL, &error)) == NULL)
    return fs_cli_fail (error);

  if (o.csv != NULL)
    {
      g_autoptr(GBytes) csv = fs_library_spend_to_csv (spend);

      if (g_str_equal (o.csv, "-"))
        fwrite (g_bytes_get_data (csv, NULL), 1, g_bytes_get_size (csv), stdout);
      else if (!g_file_set_contents (o.csv, g_bytes_get_data (csv, NULL),
                                     (gssize) g_bytes_get_size (csv), &error))
        {
          g_printerr (_("flux-studio-cli: could not write %s: %s\n"), o.csv, error->message);
          return FS_CLI_EXIT_FAILED;
        }
      return FS_CLI_EXIT_OK;
    }

  add_credits (spend);
  if (o.json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_object_remove_member (spend, "rows");
      json_node_set_object (node, spend);
      fs_cli_print_json (node);
    }
  else
    print_text (spend);

  return FS_CLI_EXIT_OK;
}
