/* fs-cli-preset.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fs-cli.h"
#include "fs-error.h"
#include "fs-file.h"
#include "fs-json.h"
#include "fs-preset.h"

/* preset save|list|show|export|import (docs/ARCHITECTURE.md, “Presets”),
 * and what generate --preset takes from one. */

static int
fail_with (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_printerr ("flux-studio-cli: %s\n", error->message);
      return FS_CLI_EXIT_INVALID;
    }
  return fs_cli_fail (error);
}

/* Every problem of @preset on the models it names, said; FALSE if any. */
static gboolean
check (JsonObject *preset,
       FsCatalog  *catalog)
{
  g_autoptr(GPtrArray) problems = fs_preset_check_models (preset, catalog);

  for (guint i = 0; i < problems->len; i++)
    /* Translators: a preset's name, then a model id and what is wrong */
    g_printerr (_("flux-studio-cli: preset “%s”: %s\n"), fs_preset_get_name (preset),
                (char *) g_ptr_array_index (problems, i));
  return problems->len == 0;
}

/* Saves @preset once it fits every model it names, and prints its path. */
static int
store (JsonObject *preset,
       FsCatalog  *catalog,
       gboolean    replace)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (!check (preset, catalog))
    return FS_CLI_EXIT_INVALID;
  if ((path = fs_preset_save (preset, replace, &error)) == NULL)
    return fail_with (error);

  g_print ("%s\n", path);
  return FS_CLI_EXIT_OK;
}

/* A palette a preset names: one of the user's, as the window offers;
 * borrowed from @store. */
static FsPalette *
find_palette (const char      *name,
              FsPaletteStore **store,
              GError         **error)
{
  FsPalette *palette;

  if ((*store = fs_cli_load_palettes (error)) == NULL)
    return NULL;
  if ((palette = fs_palette_store_find (*store, name)) == NULL)
    g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                 /* Translators: a palette's name, then the same as a command's argument */
                 _("There is no palette “%s” among your palettes (flux-studio-cli palette list): "
                   "import one with “flux-studio-cli palette import FILE --name %s”"),
                 name, name);
  return palette;
}

static int
preset_save (int    argc,
             char **argv)
{
  g_auto(FsCliGenerateOptions) o = { 0 };
  g_autofree GOptionEntry *entries = fs_cli_generate_option_entries (&o, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(FsCatalog) catalog = NULL;
  g_autoptr(FsRequest) request = NULL;
  g_autoptr(JsonObject) preset = NULL;
  g_autofree char *palette = NULL;
  g_autoptr(FsPaletteStore) palettes = NULL;
  gboolean replace = FALSE;
  FsModel *model;
  GOptionEntry extra[] = {
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace, N_("Replace a preset of the same name"), NULL },
    { "palette", 0, 0, G_OPTION_ARG_STRING, &palette,
      N_("The brand palette whose codes go into the prompt (flux-studio-cli palette list)"),
      N_("NAME") },
    { NULL }
  };
  guint n = 0;

  /* --library and --json mean nothing here; --replace and --palette take
   * their slots. */
  while (entries[n].long_name != NULL && !g_str_equal (entries[n].long_name, "library"))
    n++;
  g_assert (entries[n].long_name != NULL && entries[n + 1].long_name != NULL);
  entries[n] = extra[0];
  entries[n + 1] = extra[1];
  entries[n + 2] = extra[2];
  if (!fs_cli_parse_options ("preset save",
                             _("NAME [PROMPT-TEMPLATE] — save generate’s options as a preset; "
                               "“{prompt}” in the template stands for the prompt"),
                             entries, &argc, &argv))
    return FS_CLI_EXIT_INVALID;
  if (argc < 2 || argc > 3)
    {
      g_printerr ("%s\n", _("flux-studio-cli preset save: give a NAME, and a PROMPT-TEMPLATE if you like"));
      return FS_CLI_EXIT_INVALID;
    }
  if ((catalog = fs_cli_load_catalog ()) == NULL)
    return FS_CLI_EXIT_INVALID;

  request = fs_request_new (o.provider ? o.provider : "bfl", o.model ? o.model : "flux-2-pro");
  model = fs_catalog_lookup (catalog, fs_request_get_model_id (request));
  if ((model != NULL && !fs_cli_apply_options (request, model, &o, &error)) ||
      !fs_cli_add_references (request, o.refs, &error))
    return fs_cli_fail (error);

  if (palette != NULL && find_palette (palette, &palettes, &error) == NULL)
    return fs_cli_fail (error);

  preset = fs_preset_new (argv[1], request, argc == 3 ? argv[2] : NULL, palette);
  if (!check (preset, catalog))
    return FS_CLI_EXIT_INVALID;
  /* The preset names its references by hash: the store keeps their bytes. */
  if (!fs_preset_keep_references (fs_request_get_references (request), &error))
    return fs_cli_fail (error);
  return store (preset, catalog, replace);
}

static int
preset_list (int    argc,
             char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the presets as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) presets = NULL;
  g_autoptr(JsonArray) array = json_array_new ();

  if (!fs_cli_parse_options ("preset list", _("— the shipped presets and yours"), entries,
                             &argc, &argv))
    return FS_CLI_EXIT_INVALID;
  if ((presets = fs_preset_list (&error)) == NULL)
    return fs_cli_fail (error);

  for (guint i = 0; i < presets->len; i++)
    {
      JsonObject *preset = g_ptr_array_index (presets, i);

      if (json)
        json_array_add_object_element (array, json_object_ref (preset));
      else
        g_print ("%s\t%s/%s%s\n", fs_preset_get_name (preset),
                 fs_json_get_string (preset, "provider"), fs_json_get_string (preset, "model"),
                 json_object_get_boolean_member (preset, "shipped") ? _("\t(shipped)") : "");
    }
  if (json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (node, array);
      fs_cli_print_json (node);
    }
  return FS_CLI_EXIT_OK;
}

static int
preset_show_or_export (int         argc,
                       char      **argv,
                       gboolean    exporting)
{
  gboolean json = FALSE;
  g_autofree char *output = NULL;
  const GOptionEntry show_entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the preset as JSON"), NULL },
    { NULL }
  };
  const GOptionEntry export_entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write"), "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) preset = NULL;
  g_autofree char *text = NULL;

  if (!fs_cli_parse_options (exporting ? "preset export" : "preset show",
                             exporting ? _("NAME --output FILE — write a preset to a file to share")
                                       : _("NAME — show a preset"),
                             exporting ? export_entries : show_entries, &argc, &argv))
    return FS_CLI_EXIT_INVALID;
  if (argc != 2 || (exporting && output == NULL))
    {
      g_printerr ("%s\n", exporting ? _("flux-studio-cli preset export: give a NAME and --output FILE")
                                    : _("flux-studio-cli preset show: give a NAME"));
      return FS_CLI_EXIT_INVALID;
    }
  if ((preset = fs_preset_find (argv[1], &error)) == NULL)
    return fail_with (error);

  text = fs_preset_to_text (preset);
  if (!exporting)
    {
      if (json)
        g_print ("%s\n", text);
      else
        {
          g_autoptr(JsonNode) params = json_node_copy (json_object_get_member (preset, "params"));
          g_autofree char *params_text = json_to_string (params, FALSE);

          g_print ("%s\n%s/%s\n%s\n", fs_preset_get_name (preset),
                   fs_json_get_string (preset, "provider"), fs_json_get_string (preset, "model"),
                   params_text);
          if (fs_json_get_string (preset, "prompt") != NULL)
            g_print ("%s\n", fs_json_get_string (preset, "prompt"));
        }
      return FS_CLI_EXIT_OK;
    }

  if (g_file_test (output, G_FILE_TEST_EXISTS))
    {
      g_printerr (_("flux-studio-cli: %s exists; choose another file\n"), output);
      return FS_CLI_EXIT_INVALID;
    }
  if (!g_file_set_contents (output, text, -1, &error))
    {
      g_printerr (_("flux-studio-cli: could not write %s: %s\n"), output, error->message);
      return FS_CLI_EXIT_FAILED;
    }
  g_print ("%s\n", output);
  return FS_CLI_EXIT_OK;
}

static int
preset_import (int    argc,
               char **argv)
{
  gboolean replace = FALSE;
  const GOptionEntry entries[] = {
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace, N_("Replace a preset of the same name"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FsCatalog) catalog = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonObject) preset = NULL;

  if (!fs_cli_parse_options ("preset import", _("FILE — add a preset from a file"), entries,
                             &argc, &argv))
    return FS_CLI_EXIT_INVALID;
  if (argc != 2)
    {
      g_printerr ("%s\n", _("flux-studio-cli preset import: give one FILE"));
      return FS_CLI_EXIT_INVALID;
    }
  if ((catalog = fs_cli_load_catalog ()) == NULL)
    return FS_CLI_EXIT_INVALID;

  if ((bytes = fs_file_read_path (argv[1], FS_PRESET_MAX_BYTES, NULL, &error)) == NULL ||
      (preset = fs_preset_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 argv[1], &error)) == NULL)
    {
      g_printerr ("flux-studio-cli: %s\n", error->message);
      return FS_CLI_EXIT_INVALID;
    }
  return store (preset, catalog, replace);
}

int
fs_cli_preset (int    argc,
               char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "save"))
    return preset_save (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return preset_list (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "show"))
    return preset_show_or_export (argc - 1, argv + 1, FALSE);
  if (argc >= 2 && g_str_equal (argv[1], "export"))
    return preset_show_or_export (argc - 1, argv + 1, TRUE);
  if (argc >= 2 && g_str_equal (argv[1], "import"))
    return preset_import (argc - 1, argv + 1);

  g_printerr ("%s\n", _("Usage: flux-studio-cli preset save|list|show|export|import …"));
  return FS_CLI_EXIT_INVALID;
}

JsonObject *
fs_cli_load_preset (FsCliGenerateOptions  *o,
                    GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *preset = fs_preset_find (o->preset, &local_error);

  if (preset == NULL)
    {
      g_set_error_literal (error, FS_ERROR, FS_ERROR_INVALID, local_error->message);
      return NULL;
    }

  /* Options given on the command line win over the preset's; its model
   * goes with its provider. */
  if (o->provider == NULL)
    o->provider = g_strdup (fs_json_get_string (preset, "provider"));
  if (o->model == NULL && g_str_equal (o->provider, fs_json_get_string (preset, "provider")))
    o->model = g_strdup (fs_json_get_string (preset, "model"));
  return preset;
}

char *
fs_cli_preset_prompt (JsonObject  *preset,
                      const char  *prompt,
                      GError     **error)
{
  const char *name = fs_preset_get_palette (preset);
  g_autoptr(FsPaletteStore) store = NULL;
  FsPalette *palette = NULL;

  /* The palette as the window applies it: its codes written into the
   * prompt, so that the colour check measures them (“Presets”). */
  if (name != NULL && (palette = find_palette (name, &store, error)) == NULL)
    {
      /* Translators: a preset's name, before why it cannot be used */
      g_prefix_error (error, _("The preset “%s”: "), fs_preset_get_name (preset));
      return NULL;
    }
  return fs_preset_apply_prompt (preset, prompt, palette, FALSE);
}

gboolean
fs_cli_preset_references (JsonObject  *preset,
                          FsRequest   *request,
                          GError     **error)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) references = NULL;
  g_autofree char *list = NULL;

  /* From the reference store, as the window puts them back into its tray;
   * nothing is sent without one of them. */
  references = fs_preset_load_references (preset, missing, NULL, error);
  if (references == NULL)
    return FALSE;
  if (missing->len > 0)
    {
      g_ptr_array_add (missing, NULL);
      list = g_strjoinv ("; ", (char **) missing->pdata);

      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   /* Translators: a preset's name, then why its references cannot be used */
                   _("The preset “%s” cannot be used as it is: %s. Give its images with --ref "
                     "instead, or save the preset again."),
                   fs_preset_get_name (preset), list);
      return FALSE;
    }
  for (guint i = 0; i < references->len; i++)
    fs_request_add_reference (request, g_ptr_array_index (references, i));
  return TRUE;
}
