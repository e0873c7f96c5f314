/* fs-cli-colours.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "fs-cli.h"
#include "fs-colour.h"
#include "fs-error.h"
#include "fs-file.h"
#include "fs-json.h"
#include "fs-palette.h"
#include "fs-palette-store.h"

/* "colours" (or "colors"): an image's dominant colours and the
 * colour-fidelity check, the same core functions the detail page uses;
 * "palette": the brand palettes folder, import and export. */

static char *
sidecar_for (const char *image)
{
  const char *dot = strrchr (image, '.');
  const char *slash = strrchr (image, G_DIR_SEPARATOR);
  g_autofree char *stem = dot != NULL && (slash == NULL || dot > slash)
                          ? g_strndup (image, dot - image) : g_strdup (image);

  return g_strconcat (stem, ".json", NULL);
}

/* Without --expect, the colours the image's own prompt asked for (from
 * its sidecar), so the command shows what the detail page shows. */
static GStrv
codes_from_sidecar (const char *image)
{
  g_autofree char *sidecar = sidecar_for (image);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) contents = fs_file_read_path (sidecar, FS_JSON_MAX_RECORD_BYTES, NULL, NULL);
  JsonNode *root;

  if (contents == NULL ||
      !fs_json_parser_load (parser, g_bytes_get_data (contents, NULL),
                            g_bytes_get_size (contents), FS_JSON_MAX_RECORD_BYTES, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "prompt"))
    return NULL;

  return fs_colour_codes_from_prompt (json_object_get_string_member_with_default (
                                       json_node_get_object (root), "prompt", ""));
}

/* Each --expect as lower-case #rrggbb; any form fs_colour_parse_any()
 * takes is accepted. */
static GStrv
normalise_codes (char    **expect,
                 GError  **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; expect[i] != NULL; i++)
    {
      g_autofree char *code = NULL;
      guint8 r, g, b;

      if (!fs_colour_parse_any (expect[i], &r, &g, &b))
        {
          g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                       _("“%s” is not a colour; use #rrggbb, #rgb or rgb(r, g, b)"), expect[i]);
          return NULL;
        }
      code = fs_colour_format_hex (r, g, b);
      g_strv_builder_add (builder, code);
    }

  return g_strv_builder_end (builder);
}

static JsonNode *
dominant_to_json (GArray *colours)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < colours->len; i++)
    {
      FsDominantColour *colour = &g_array_index (colours, FsDominantColour, i);
      g_autofree char *hex = fs_colour_format_hex (colour->r, colour->g, colour->b);
      const char *name = fs_colour_get_name (colour->r, colour->g, colour->b);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "hex");
      json_builder_add_string_value (builder, hex);
      json_builder_set_member_name (builder, "share");
      json_builder_add_double_value (builder, colour->share);
      json_builder_set_member_name (builder, "name");
      if (name != NULL)
        json_builder_add_string_value (builder, name);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static void
print_colours_json (const char *image,
                   GArray     *dominant,
                   GArray     *checks)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "image");
  json_builder_add_string_value (builder, image);
  json_builder_set_member_name (builder, "dominant");
  json_builder_add_value (builder, dominant_to_json (dominant));
  json_builder_set_member_name (builder, "colour_check");
  if (checks != NULL)
    json_builder_add_value (builder, fs_colour_check_to_json (checks));
  else
    {
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  fs_cli_print_json (root);
}

static const char *
verdict_text (FsColourVerdict verdict)
{
  switch (verdict)
    {
    case FS_COLOUR_MATCHED:
      /* Translators: a requested colour's verdict, ΔE00 ≤ 2 */
      return _("matched");
    case FS_COLOUR_CLOSE:
      /* Translators: a requested colour's verdict, ΔE00 ≤ 5 */
      return _("close");
    case FS_COLOUR_OFF:
    default:
      /* Translators: a requested colour's verdict, ΔE00 > 5 */
      return _("off");
    }
}

static void
print_colours_text (GArray *dominant,
                   GArray *checks)
{
  g_print ("%s\n", _("Dominant colours:"));
  for (guint i = 0; i < dominant->len; i++)
    {
      FsDominantColour *colour = &g_array_index (dominant, FsDominantColour, i);
      g_autofree char *hex = fs_colour_format_hex (colour->r, colour->g, colour->b);
      const char *name = fs_colour_get_name (colour->r, colour->g, colour->b);

      g_print ("  %s  %5.1f %%  %s\n", hex, colour->share * 100.0, name != NULL ? name : "");
    }

  if (checks == NULL || checks->len == 0)
    return;

  g_print ("\n%s\n", _("Requested colours:"));
  for (guint i = 0; i < checks->len; i++)
    {
      FsColourCheck *c = &g_array_index (checks, FsColourCheck, i);
      g_autofree char *expected = fs_colour_format_hex (c->expected[0], c->expected[1],
                                                       c->expected[2]);
      g_autofree char *found = fs_colour_format_hex (c->found[0], c->found[1], c->found[2]);

      /* Translators: "#02eb3c  found #02ea3c  ΔE00 0.23  18.2 % of the image  matched" */
      g_print (_("  %s  found %s  ΔE00 %5.2f  %5.1f %% of the image  %s\n"), expected, found,
               c->delta_e, c->share * 100.0, verdict_text (c->verdict));
    }
}

static int
run_colours (const char *image,
            GStrv       codes,
            guint       max_colours,
            gboolean    json)
{
  g_autoptr(GAsyncResult) extracted = NULL;
  g_autoptr(GAsyncResult) checked = NULL;
  g_autoptr(GArray) dominant = NULL;
  g_autoptr(GArray) checks = NULL;
  g_autoptr(GError) error = NULL;

  /* Both run at once, in worker threads. */
  fs_colour_extract_async (image, max_colours, NULL, fs_cli_result_cb, &extracted);
  if (codes != NULL)
    fs_colour_check_async (image, (const char * const *) codes, NULL, fs_cli_result_cb,
                          &checked);

  dominant = fs_colour_extract_finish (fs_cli_wait (&extracted), &error);
  if (dominant == NULL)
    return fs_cli_fail (error);
  if (codes != NULL && (checks = fs_colour_check_finish (fs_cli_wait (&checked), &error)) == NULL)
    return fs_cli_fail (error);

  if (json)
    print_colours_json (image, dominant, checks);
  else
    print_colours_text (dominant, checks);
  return FS_CLI_EXIT_OK;
}

int
fs_cli_colours (int    argc,
               char **argv)
{
  g_auto(GStrv) expect = NULL;
  g_auto(GStrv) codes = NULL;
  gboolean json = FALSE;
  int max_colours = 8;
  const GOptionEntry entries[] = {
    { "expect", 0, 0, G_OPTION_ARG_STRING_ARRAY, &expect, N_("A colour the image should contain (repeatable); default: the colours its prompt asked for"), "HEX" },
    { "max", 0, 0, G_OPTION_ARG_INT, &max_colours, N_("At most N dominant colours (1–16, default 8)"), "N" },
    fs_cli_option_json (&json, FALSE),
    { NULL }
  };
  g_autoptr(GError) error = NULL;

  if (!fs_cli_parse_options ("colours",
                             _("IMAGE — dominant colours and how well the image has the "
                               "expected ones"),
                             entries, &argc, &argv))
    return FS_CLI_EXIT_INVALID;
  if (argc != 2 || max_colours < 1 || max_colours > 16)
    {
      g_printerr ("%s", _("Usage: flux-studio-cli colours IMAGE [--expect HEX]… [--max N] [--json]\n"));
      return FS_CLI_EXIT_INVALID;
    }

  if (expect != NULL)
    codes = normalise_codes (expect, &error);
  else
    codes = codes_from_sidecar (argv[1]);
  if (expect != NULL && codes == NULL)
    return fs_cli_fail (error);

  return run_colours (argv[1], codes, (guint) max_colours, json);
}

/* ---- palette ---- */

static JsonNode *
palette_to_json (FsPalette *palette,
                 gboolean   with_swatches)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, fs_palette_get_name (palette));
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, fs_palette_get_path (palette));
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, fs_palette_get_n_swatches (palette));
  if (with_swatches)
    {
      json_builder_set_member_name (builder, "swatches");
      json_builder_begin_array (builder);
      for (guint i = 0; i < fs_palette_get_n_swatches (palette); i++)
        {
          const FsSwatch *swatch = fs_palette_get_swatch (palette, i);
          g_autofree char *hex = fs_colour_format_hex (swatch->r, swatch->g, swatch->b);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "hex");
          json_builder_add_string_value (builder, hex);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, swatch->name);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
print_palette (FsPalette *palette,
               gboolean   json)
{
  if (json)
    {
      g_autoptr(JsonNode) node = palette_to_json (palette, TRUE);

      fs_cli_print_json (node);
      return;
    }

  for (guint i = 0; i < fs_palette_get_n_swatches (palette); i++)
    {
      const FsSwatch *swatch = fs_palette_get_swatch (palette, i);
      g_autofree char *hex = fs_colour_format_hex (swatch->r, swatch->g, swatch->b);

      g_print ("%s  %s\n", hex, swatch->name);
    }
}

static int
palette_list (FsPaletteStore *store,
              gboolean        json)
{
  GListModel *model = G_LIST_MODEL (store);
  g_autoptr(JsonArray) array = json_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FsPalette) palette = g_list_model_get_item (model, i);
      guint n = fs_palette_get_n_swatches (palette);

      if (json)
        json_array_add_element (array, palette_to_json (palette, FALSE));
      else
        g_print (ngettext ("%s  (%u colour)\n", "%s  (%u colours)\n", n),
                 fs_palette_get_name (palette), n);
    }

  if (json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (node, array);
      fs_cli_print_json (node);
    }
  return FS_CLI_EXIT_OK;
}

static FsPalette *
find_palette (FsPaletteStore *store,
              const char     *name)
{
  FsPalette *palette = fs_palette_store_find (store, name);

  if (palette == NULL)
    g_printerr (_("flux-studio-cli palette: there is no palette named “%s”\n"), name);
  return palette;
}

static int
palette_import (FsPaletteStore *store,
                const char     *path,
                const char     *name,
                gboolean        json)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GAsyncResult) imported = NULL;
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(FsPalette) palette = NULL;
  g_autoptr(FsPalette) stored = NULL;
  g_autoptr(GError) error = NULL;

  fs_palette_import_async (file, NULL, fs_cli_result_cb, &imported);
  if ((palette = fs_palette_import_finish (fs_cli_wait (&imported), &error)) == NULL)
    return fs_cli_fail (error);
  if (name != NULL)
    fs_palette_set_name (palette, name);

  fs_palette_store_add_async (store, palette, NULL, fs_cli_result_cb, &added);
  if ((stored = fs_palette_store_add_finish (store, fs_cli_wait (&added), &error)) == NULL)
    return fs_cli_fail (error);

  if (!json)
    /* Translators: "Imported “Brand” (5 colours) to /home/…/Brand.gpl" */
    g_printerr (ngettext ("Imported “%s” (%u colour) to %s\n",
                          "Imported “%s” (%u colours) to %s\n",
                          fs_palette_get_n_swatches (stored)),
                fs_palette_get_name (stored), fs_palette_get_n_swatches (stored),
                fs_palette_get_path (stored));
  print_palette (stored, json);
  return FS_CLI_EXIT_OK;
}

static int
palette_export (FsPalette  *palette,
                const char *format_name,
                const char *output)
{
  FsPaletteFormat format;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (format_name == NULL || g_str_equal (format_name, "gpl"))
    format = FS_PALETTE_FORMAT_GPL;
  else if (g_str_equal (format_name, "ase"))
    format = FS_PALETTE_FORMAT_ASE;
  else
    {
      g_printerr (_("flux-studio-cli palette: unknown format “%s”; use gpl or ase\n"),
                  format_name);
      return FS_CLI_EXIT_INVALID;
    }

  if (output != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (output);

      fs_palette_export_async (palette, file, format, NULL, fs_cli_result_cb, &result);
      if (!fs_palette_export_finish (palette, fs_cli_wait (&result), &error))
        return fs_cli_fail (error);
      return FS_CLI_EXIT_OK;
    }

  bytes = format == FS_PALETTE_FORMAT_ASE ? fs_palette_to_ase (palette)
                                          : fs_palette_to_gpl (palette);
  if (fwrite (g_bytes_get_data (bytes, NULL), 1, g_bytes_get_size (bytes), stdout)
      != g_bytes_get_size (bytes) || fflush (stdout) != 0)
    {
      g_printerr (_("flux-studio-cli palette: could not write the palette\n"));
      return FS_CLI_EXIT_FAILED;
    }
  return FS_CLI_EXIT_OK;
}

static int
palette_usage (void)
{
  g_printerr ("%s", _("Usage: flux-studio-cli palette list [--json]\n"
                      "       flux-studio-cli palette show NAME [--json]\n"
                      "       flux-studio-cli palette import FILE [--name NAME] [--json]\n"
                      "       flux-studio-cli palette export NAME [--format gpl|ase] [--output FILE]\n"));
  return FS_CLI_EXIT_INVALID;
}

/* The subcommand and its one argument, checked; NULL when they do not
 * fit. */
static const char *
palette_argument (int    argc,
                  char **argv)
{
  static const char * const with_argument[] = { "show", "import", "export", NULL };

  if (argc < 2)
    return NULL;
  if (g_str_equal (argv[1], "list"))
    return argc == 2 ? "" : NULL;
  if (g_strv_contains (with_argument, argv[1]))
    return argc == 3 ? argv[2] : NULL;
  return NULL;
}

int
fs_cli_palette (int    argc,
                char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *name = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("Export as gpl (GIMP, Inkscape, Krita) or ase (Adobe)"), "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the export to FILE instead of standard output"), "FILE" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Name the imported palette"), "NAME" },
    fs_cli_option_json (&json, FALSE),
    { NULL }
  };
  g_autoptr(FsPaletteStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *argument;
  FsPalette *palette;

  if (!fs_cli_parse_options ("palette",
                             _("list|show NAME|import FILE|export NAME — the brand palettes"),
                             entries, &argc, &argv))
    return FS_CLI_EXIT_INVALID;
  if ((argument = palette_argument (argc, argv)) == NULL)
    return palette_usage ();

  if ((store = fs_cli_load_palettes (&error)) == NULL)
    return fs_cli_fail (error);

  if (g_str_equal (argv[1], "list"))
    return palette_list (store, json);
  if (g_str_equal (argv[1], "import"))
    return palette_import (store, argument, name, json);

  if ((palette = find_palette (store, argument)) == NULL)
    return FS_CLI_EXIT_INVALID;
  if (g_str_equal (argv[1], "show"))
    {
      print_palette (palette, json);
      return FS_CLI_EXIT_OK;
    }
  return palette_export (palette, format, output);
}
