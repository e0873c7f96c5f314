/* fs-preset.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "fs-colour.h"
#include "fs-error.h"
#include "fs-file.h"
#include "fs-json.h"
#include "fs-preset.h"

#define PRESETS_RESOURCE RESOURCE_PREFIX "/presets.json"
#define FORMAT "flux-studio-preset"

JsonObject *
fs_preset_new (const char *name,
               FsRequest  *request,
               const char *prompt_template,
               const char *palette)
{
  g_autoptr(JsonNode) record = NULL;
  JsonObject *from, *preset;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (FS_IS_REQUEST (request), NULL);

  record = fs_request_to_json (request);
  from = json_node_get_object (record);
  preset = json_object_new ();
  json_object_set_string_member (preset, "format", FORMAT);
  json_object_set_int_member (preset, "version", 1);
  json_object_set_string_member (preset, "name", name);
  json_object_set_string_member (preset, "provider", fs_request_get_provider_id (request));
  json_object_set_string_member (preset, "model", fs_request_get_model_id (request));
  json_object_set_member (preset, "params", json_node_copy (json_object_get_member (from, "params")));
  if (prompt_template != NULL && prompt_template[0] != '\0')
    json_object_set_string_member (preset, "prompt", prompt_template);
  if (palette != NULL)
    json_object_set_string_member (preset, "palette", palette);
  if (json_object_has_member (from, "references") &&
      json_array_get_length (json_object_get_array_member (from, "references")) > 0)
    json_object_set_member (preset, "references",
                            json_node_copy (json_object_get_member (from, "references")));
  return preset;
}

const char *
fs_preset_get_name (JsonObject *preset)
{
  return fs_json_get_string (preset, "name");
}

static gboolean
invalid (GError     **error,
         const char  *source,
         const char  *what)
{
  g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
               /* Translators: a file name (or "the shipped presets"), then what is wrong */
               _("%s is not a Flux Studio preset: %s"), source, what);
  return FALSE;
}

static gboolean
is_string_array (JsonNode *node)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (json_array_get_string_element (array, i) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
check_shape (JsonObject  *preset,
             const char  *source,
             GError     **error)
{
  static const char * const optional_strings[] = { "prompt", "palette", NULL };
  JsonNode *params = json_object_get_member (preset, "params");
  g_autofree char *name = g_strdup (fs_json_get_string (preset, "name"));

  if (g_strcmp0 (fs_json_get_string (preset, "format"), FORMAT) != 0)
    return invalid (error, source, _("its “format” is not “flux-studio-preset”"));
  if (json_object_get_int_member_with_default (preset, "version", 0) != 1)
    return invalid (error, source, _("it is of a version this Flux Studio does not know"));
  if (name == NULL || g_strstrip (name)[0] == '\0')
    return invalid (error, source, _("it has no “name”"));
  if (fs_json_get_string (preset, "provider") == NULL || fs_json_get_string (preset, "model") == NULL)
    return invalid (error, source, _("it names no “provider” and “model”"));
  if (params == NULL || !JSON_NODE_HOLDS_OBJECT (params))
    return invalid (error, source, _("its “params” is not an object"));
  for (guint i = 0; optional_strings[i] != NULL; i++)
    if (json_object_has_member (preset, optional_strings[i]) &&
        fs_json_get_string (preset, optional_strings[i]) == NULL)
      return invalid (error, source, _("its “prompt” and “palette” must be texts"));
  if ((json_object_has_member (preset, "references") &&
       !is_string_array (json_object_get_member (preset, "references"))) ||
      (json_object_has_member (preset, "models") &&
       !is_string_array (json_object_get_member (preset, "models"))))
    return invalid (error, source, _("its “references” and “models” must be lists of texts"));

  return TRUE;
}

JsonObject *
fs_preset_parse (const char  *text,
                 gsize        length,
                 const char  *source,
                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;

  if (!fs_json_parser_load (parser, text, (gssize) length, FS_PRESET_MAX_BYTES, &parse_error))
    {
      invalid (error, source, parse_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      invalid (error, source, _("it is not a JSON object"));
      return NULL;
    }
  if (!check_shape (json_node_get_object (root), source, error))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

FsRequest *
fs_preset_to_request (JsonObject  *preset,
                      FsCatalog   *catalog,
                      const char  *provider_id,
                      const char  *model_id,
                      GError     **error)
{
  g_autoptr(JsonObject) record = json_object_new ();
  g_autoptr(FsRequest) request = NULL;
  g_auto(GStrv) names = NULL;
  FsModel *model;

  g_return_val_if_fail (preset != NULL, NULL);
  g_return_val_if_fail (FS_IS_CATALOG (catalog), NULL);

  json_object_set_string_member (record, "provider",
                                 provider_id ? provider_id : fs_json_get_string (preset, "provider"));
  json_object_set_string_member (record, "model",
                                 model_id ? model_id : fs_json_get_string (preset, "model"));
  json_object_set_string_member (record, "prompt", "");
  json_object_set_member (record, "params",
                          json_node_copy (json_object_get_member (preset, "params")));
  request = fs_request_new_from_record_full (record, catalog, error);
  if (request == NULL)
    return NULL;

  /* What the target model does not take stays behind. */
  model = fs_catalog_lookup (catalog, fs_request_get_model_id (request));
  names = fs_request_list_params (request);
  for (guint i = 0; model != NULL && names[i] != NULL; i++)
    if (fs_model_find_param (model, fs_request_get_provider_id (request), names[i]) == NULL)
      fs_request_unset_param (request, names[i]);

  return g_steal_pointer (&request);
}

char *
fs_preset_expand_prompt (JsonObject *preset,
                         const char *prompt)
{
  const char *template = fs_json_get_string (preset, "prompt");
  g_auto(GStrv) parts = NULL;

  if (template == NULL)
    return g_strdup (prompt != NULL ? prompt : "");
  if (strstr (template, "{prompt}") == NULL)
    return g_strdup (prompt != NULL && prompt[0] != '\0' ? prompt : template);

  parts = g_strsplit (template, "{prompt}", -1);
  return g_strjoinv (prompt != NULL ? prompt : "", parts);
}

const char *
fs_preset_get_palette (JsonObject *preset)
{
  g_return_val_if_fail (preset != NULL, NULL);

  return fs_json_get_string (preset, "palette");
}

char *
fs_preset_apply_prompt (JsonObject *preset,
                        const char *prompt,
                        FsPalette  *palette,
                        gboolean    phrase)
{
  g_autofree char *expanded = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  char *written;

  g_return_val_if_fail (preset != NULL, NULL);
  g_return_val_if_fail (palette == NULL || FS_IS_PALETTE (palette), NULL);

  expanded = fs_preset_expand_prompt (preset, prompt);
  if (palette == NULL)
    return g_steal_pointer (&expanded);

  for (guint i = 0; i < fs_palette_get_n_swatches (palette); i++)
    {
      const FsSwatch *swatch = fs_palette_get_swatch (palette, i);

      g_ptr_array_add (codes, fs_colour_format_hex (swatch->r, swatch->g, swatch->b));
    }
  g_ptr_array_add (codes, NULL);
  written = fs_colour_add_to_prompt (expanded, (const char * const *) codes->pdata, phrase);
  /* A JSON prompt that does not parse is left as the user wrote it. */
  return written != NULL ? written : g_steal_pointer (&expanded);
}

static void
check_one (JsonObject *preset,
           FsCatalog  *catalog,
           const char *model_id,
           GPtrArray  *problems)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FsRequest) request = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(JsonObject) record = json_object_new ();

  /* Checked as given, with nothing left out: a preset must be valid on
   * each model it names. */
  json_object_set_string_member (record, "provider", fs_json_get_string (preset, "provider"));
  json_object_set_string_member (record, "model", model_id);
  json_object_set_string_member (record, "prompt", "a preset's check");
  json_object_set_member (record, "params",
                          json_node_copy (json_object_get_member (preset, "params")));
  request = fs_request_new_from_record_full (record, catalog, &error);
  if (request == NULL)
    {
      g_ptr_array_add (problems, g_strdup_printf ("%s: %s", model_id, error->message));
      return;
    }

  found = fs_request_validate (request, catalog);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (problems, g_strdup_printf ("%s: %s", model_id,
                                                ((FsProblem *) g_ptr_array_index (found, i))->message));
}

GPtrArray *
fs_preset_check_models (JsonObject *preset,
                        FsCatalog  *catalog)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);
  JsonArray *models = json_object_has_member (preset, "models")
                      ? json_object_get_array_member (preset, "models") : NULL;

  check_one (preset, catalog, fs_json_get_string (preset, "model"), problems);
  for (guint i = 0; models != NULL && i < json_array_get_length (models); i++)
    {
      const char *model_id = json_array_get_string_element (models, i);

      if (g_strcmp0 (model_id, fs_json_get_string (preset, "model")) != 0)
        check_one (preset, catalog, model_id, problems);
    }

  return problems;
}

/* Storage ----------------------------------------------------------------------- */

static char *
user_folder (void)
{
  return g_build_filename (g_get_user_data_dir (), "flux-studio", "presets", NULL);
}

/* A file name from the preset's name: its letters and digits, the rest
 * as dashes, and a hash so that "A/B" and "A B" stay apart. */
static char *
file_name (const char *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, folded, -1);
  GString *stem = g_string_new (NULL);

  for (const char *p = name; *p != '\0' && stem->len < 48; p++)
    g_string_append_c (stem, g_ascii_isalnum (*p) ? g_ascii_tolower (*p) : '-');
  g_string_append_printf (stem, "-%.8s.json", hash);
  return g_string_free (stem, FALSE);
}

static gboolean
same_name (JsonObject *a,
           const char *name)
{
  g_autofree char *x = g_utf8_casefold (fs_preset_get_name (a), -1);
  g_autofree char *y = g_utf8_casefold (name, -1);

  return g_str_equal (x, y);
}

static JsonObject *
copy_marked (JsonObject *preset,
             gboolean    shipped)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) copy = NULL;
  JsonObject *object;

  json_node_set_object (node, preset);
  copy = json_node_copy (node);
  object = json_object_ref (json_node_get_object (copy));
  json_object_set_boolean_member (object, "shipped", shipped);
  return object;
}

static void
put (GPtrArray  *presets,
     JsonObject *preset,
     gboolean    shipped)
{
  for (guint i = 0; i < presets->len; i++)
    if (same_name (g_ptr_array_index (presets, i), fs_preset_get_name (preset)))
      {
        json_object_unref (g_ptr_array_index (presets, i));
        g_ptr_array_index (presets, i) = copy_marked (preset, shipped);
        return;
      }
  g_ptr_array_add (presets, copy_marked (preset, shipped));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
fs_preset_list (GError **error)
{
  g_autoptr(GPtrArray) presets = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GBytes) shipped = g_resources_lookup_data (PRESETS_RESOURCE, 0, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *folder = user_folder ();
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  g_assert (shipped != NULL);
  if (fs_json_parser_load (parser, g_bytes_get_data (shipped, NULL), g_bytes_get_size (shipped),
                           FS_PRESET_MAX_BYTES, NULL) &&
      JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      JsonArray *array = json_node_get_array (json_parser_get_root (parser));

      for (guint i = 0; i < json_array_get_length (array); i++)
        put (presets, json_array_get_object_element (array, i), TRUE);
    }

  /* The user's, in the order of their file names. A file that is not a
   * preset is skipped with a warning; the others still load. */
  if ((dir = g_dir_open (folder, 0, NULL)) == NULL)
    return g_steal_pointer (&presets);
  while ((entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (entry, ".json"))
      g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (folder, g_ptr_array_index (names, i), NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonObject) preset = NULL;

      bytes = fs_file_read_path (path, FS_PRESET_MAX_BYTES, NULL, &local_error);
      if (bytes != NULL)
        preset = fs_preset_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), path,
                                  &local_error);
      if (preset == NULL)
        {
          /* Removed since the folder was listed: not a broken preset. */
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
            g_debug ("The preset %s went away while the folder was read", path);
          else
            g_warning ("Skipping the preset %s: %s", path, local_error->message);
          continue;
        }
      put (presets, preset, FALSE);
    }

  (void) error;
  return g_steal_pointer (&presets);
}

JsonObject *
fs_preset_find (const char  *name,
                GError     **error)
{
  g_autoptr(GPtrArray) presets = fs_preset_list (error);

  if (presets == NULL)
    return NULL;
  for (guint i = 0; i < presets->len; i++)
    if (same_name (g_ptr_array_index (presets, i), name))
      return json_object_ref (g_ptr_array_index (presets, i));

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               /* Translators: a preset's name */
               _("There is no preset “%s”; “flux-studio-cli preset list” lists them"), name);
  return NULL;
}

char *
fs_preset_to_text (JsonObject *preset)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) copy = copy_marked (preset, FALSE);

  /* Where it came from is not part of the file. */
  json_object_remove_member (copy, "shipped");
  json_node_set_object (node, copy);
  return json_to_string (node, TRUE);
}

char *
fs_preset_save (JsonObject  *preset,
                gboolean     replace,
                GError     **error)
{
  g_autofree char *folder = user_folder ();
  g_autofree char *name = file_name (fs_preset_get_name (preset));
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autofree char *text = fs_preset_to_text (preset);
  g_autoptr(GError) local_error = NULL;

  if (!replace && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("A preset named “%s” exists; choose another name, or replace it"),
                   fs_preset_get_name (preset));
      return NULL;
    }
  if (g_mkdir_with_parents (folder, 0700) != 0 ||
      !g_file_set_contents (path, text, -1, &local_error))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE, _("Could not save the preset in %s: %s"),
                   folder, local_error != NULL ? local_error->message : g_strerror (errno));
      return NULL;
    }

  return g_steal_pointer (&path);
}
