/* fs-cli-export.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-cli.h"
#include "fs-error.h"
#include "fs-export.h"

/* export: copies of gallery images in a folder, with their record inside
 * or with no metadata, written by the same core as the window's Export
 * (docs/ARCHITECTURE.md, “Export”). */

static JsonNode *
result_to_json (FsExportResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, result->source);
  json_builder_set_member_name (builder, "path");
  if (result->path != NULL)
    json_builder_add_string_value (builder, result->path);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "stripped");
  json_builder_add_boolean_value (builder, result->stripped);
  json_builder_set_member_name (builder, "truncated");
  json_builder_add_boolean_value (builder, result->truncated);
  json_builder_set_member_name (builder, "error");
  if (result->error != NULL)
    json_builder_add_string_value (builder, result->error->message);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
print_result (FsExportResult *result)
{
  if (result->path == NULL)
    return;

  if (result->stripped)
    /* Translators: the original's path, then the copy's */
    g_print (_("%s → %s (metadata removed)\n"), result->source, result->path);
  else if (result->truncated)
    /* Translators: the original's path, then the copy's */
    g_print (_("%s → %s (the prompt in its XMP is shortened to fit a JPEG)\n"),
             result->source, result->path);
  else
    /* Translators: the original's path, then the copy's */
    g_print (_("%s → %s\n"), result->source, result->path);
}

/* Which images: those named, those --search finds and those in
 * --collection, each once, in that order. */
static GPtrArray *
choose_images (FsLibrary   *library,
               char       **images,
               const char  *search,
               const char  *collection,
               GError     **error)
{
  g_autoptr(GPtrArray) chosen = NULL;

  chosen = fs_cli_resolve_images (library, images, error);
  if (chosen == NULL)
    return NULL;

  if (search != NULL)
    {
      g_autoptr(GPtrArray) found = fs_cli_list_images (library, search, error);

      if (found == NULL)
        return NULL;
      fs_cli_add_images (chosen, found);
    }

  if (collection != NULL)
    {
      g_autoptr(GPtrArray) members = fs_cli_collection_images (library, collection, error);

      if (members == NULL)
        return NULL;
      fs_cli_add_images (chosen, members);
    }

  return g_steal_pointer (&chosen);
}

int
fs_cli_export (int    argc,
               char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *search = NULL;
  g_autofree char *collection = NULL;
  g_autofree char *folder = NULL;
  g_auto(GStrv) images = NULL;
  gboolean strip = FALSE;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Folder to write the copies to (made when missing)"), "DIR" },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Also the images whose prompt, model or provider contains TEXT"), "TEXT" },
    { "collection", 0, 0, G_OPTION_ARG_STRING, &collection, N_("Also the images in the collection NAME"), "NAME" },
    { "strip-metadata", 0, 0, G_OPTION_ARG_NONE, &strip, N_("Write clean copies: no text, EXIF, XMP or Content Credentials (colour profiles stay)"), NULL },
    { "library", 0, 0, G_OPTION_ARG_FILENAME, &folder, N_("Gallery folder"), "DIR" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &images, NULL, N_("[IMAGE…]") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("[IMAGE…] — write copies of gallery images, with their record "
                            "inside, to a folder"));
  g_autoptr(GError) error = NULL;
  g_autoptr(FsLibrary) library = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) output_file = NULL;
  g_autofree char *output_path = NULL;
  guint n_failed = 0;

  g_option_context_set_summary (context,
                                _("IMAGE is a path in the gallery or the start of an image’s "
                                  "sha256. The originals are never changed; a copy never "
                                  "replaces a file: “name (2).png” is written instead."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("flux-studio-cli export: %s\n", error->message);
      return FS_CLI_EXIT_INVALID;
    }
  if (output == NULL)
    {
      g_printerr (_("flux-studio-cli export: say where the copies go with --output DIR\n"));
      return FS_CLI_EXIT_INVALID;
    }
  if ((images == NULL || images[0] == NULL) && search == NULL && collection == NULL)
    {
      g_printerr (_("flux-studio-cli export: name the images to export (paths or the start "
                    "of their sha256), or use --search or --collection\n"));
      return FS_CLI_EXIT_INVALID;
    }

  if ((library = fs_cli_open_library (folder, FALSE, &error)) == NULL)
    return fs_cli_fail (error);

  if ((assets = choose_images (library, images, search, collection, &error)) == NULL)
    return fs_cli_fail (error);
  if (assets->len == 0)
    g_printerr (_("flux-studio-cli export: no image matches; nothing was written\n"));

  output_file = g_file_new_for_commandline_arg (output);
  output_path = g_file_get_path (output_file);
  fs_export_async (assets, output_path, strip ? FS_EXPORT_STRIP_METADATA : FS_EXPORT_NONE,
                   NULL, fs_cli_result_cb, &result);
  if ((results = fs_export_finish (fs_cli_wait (&result), &error)) == NULL)
    return fs_cli_fail (error);

  for (guint i = 0; i < results->len; i++)
    {
      FsExportResult *r = g_ptr_array_index (results, i);

      if (r->error == NULL)
        continue;
      n_failed++;
      /* Translators: an image's path, then why it was not exported */
      g_printerr (_("flux-studio-cli export: %s was not exported: %s\n"), r->source,
                  r->error->message);
    }

  if (json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < results->len; i++)
        json_array_add_element (array, result_to_json (g_ptr_array_index (results, i)));
      json_node_set_array (node, array);
      fs_cli_print_json (node);
    }
  else
    for (guint i = 0; i < results->len; i++)
      print_result (g_ptr_array_index (results, i));

  return n_failed > 0 ? FS_CLI_EXIT_FAILED : FS_CLI_EXIT_OK;
}
