/* test-preset.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fs-colour.h"
#include "fs-error.h"
#include "fs-preset.h"
#include "fs-test-util.h"

/* Presets (fs-preset.c): the shipped ones valid on every model they
 * name, a round trip through a file, applying to another model, and the
 * user's folder (a private XDG_DATA_HOME, G_TEST_OPTION_ISOLATE_DIRS). */

static void
test_shipped_valid (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) presets = fs_preset_list (&error);
  const char * const wanted[] = { "Poster 4:5", "Social square", "Web banner 3:1" };

  g_assert_no_error (error);
  g_assert_cmpuint (presets->len, >=, G_N_ELEMENTS (wanted));
  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < presets->len; j++)
        found |= g_str_equal (fs_preset_get_name (g_ptr_array_index (presets, j)), wanted[i]);
      g_assert_true (found);
    }

  for (guint i = 0; i < presets->len; i++)
    {
      JsonObject *preset = g_ptr_array_index (presets, i);
      g_autoptr(GPtrArray) problems = fs_preset_check_models (preset, catalog);

      for (guint j = 0; j < problems->len; j++)
        g_printerr ("%s: %s\n", fs_preset_get_name (preset), (char *) g_ptr_array_index (problems, j));
      g_assert_cmpuint (problems->len, ==, 0);
      g_assert_true (json_object_get_boolean_member (preset, "shipped"));
    }
}

static void
test_round_trip (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  g_autoptr(FsRequest) request = fs_request_new ("bfl", "flux-2-flex");
  g_autoptr(JsonObject) preset = NULL;
  g_autoptr(JsonObject) back = NULL;
  g_autoptr(FsRequest) applied = NULL;
  g_autoptr(FsRequest) elsewhere = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *prompt = NULL;
  gint64 value = 0;

  fs_test_set_int (request, "width", 1440);
  fs_test_set_int (request, "height", 800);
  fs_test_set_int (request, "steps", 40);
  preset = fs_preset_new ("House style", request, "{prompt}, in the house style", "Brand");
  text = fs_preset_to_text (preset);
  back = fs_preset_parse (text, strlen (text), "house.json", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fs_preset_get_name (back), ==, "House style");

  applied = fs_preset_to_request (back, catalog, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fs_request_get_model_id (applied), ==, "flux-2-flex");
  g_assert_true (fs_request_get_int (applied, "steps", &value));
  g_assert_cmpint (value, ==, 40);

  /* On a model without steps, the steps stay behind and the size holds. */
  elsewhere = fs_preset_to_request (back, catalog, "bfl", "flux-2-pro", &error);
  g_assert_no_error (error);
  g_assert_null (fs_request_get_param (elsewhere, "steps"));
  g_assert_true (fs_request_get_int (elsewhere, "width", &value));
  g_assert_cmpint (value, ==, 1440);

  prompt = fs_preset_expand_prompt (back, "a fox");
  g_assert_cmpstr (prompt, ==, "a fox, in the house style");
}

static void
test_parse_refuses (void)
{
  static const char * const bad[] = {
    "[]",
    "{\"format\": \"other\"}",
    "{\"format\": \"flux-studio-preset\", \"version\": 2, \"name\": \"x\"}",
    "{\"format\": \"flux-studio-preset\", \"version\": 1, \"name\": \" \", \"provider\": \"bfl\", \"model\": \"m\", \"params\": {}}",
    "{\"format\": \"flux-studio-preset\", \"version\": 1, \"name\": \"x\", \"provider\": \"bfl\", \"model\": \"m\", \"params\": []}",
    "{\"format\": \"flux-studio-preset\", \"version\": 1, \"name\": \"x\", \"provider\": \"bfl\", \"model\": \"m\", \"params\": {}, \"models\": [1]}",
    "{not json",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (fs_preset_parse (bad[i], strlen (bad[i]), "bad.json", &error));
      g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "bad.json"));
    }
}

static void
test_user_folder (void)
{
  g_autoptr(FsRequest) request = fs_request_new ("bfl", "flux-2-pro");
  g_autoptr(JsonObject) preset = NULL;
  g_autoptr(JsonObject) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *again = NULL;

  fs_test_set_int (request, "width", 512);
  fs_test_set_int (request, "height", 512);
  preset = fs_preset_new ("Social square", request, NULL, NULL);
  path = fs_preset_save (preset, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  g_assert_null (fs_preset_save (preset, FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  again = fs_preset_save (preset, TRUE, &error);
  g_assert_no_error (error);

  /* The user's preset of a shipped name replaces the shipped one. */
  found = fs_preset_find ("social SQUARE", &error);
  g_assert_no_error (error);
  g_assert_false (json_object_get_boolean_member (found, "shipped"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (found, "params"),
                                               "width"), ==, 512);

  g_assert_null (fs_preset_find ("No such preset", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* The palette written into the prompt, as the window and the CLI apply
 * it: after a text, "color #…" with the phrase, into a JSON prompt's
 * palette, and never a code twice. */
static void
test_apply_palette (void)
{
  g_autoptr(FsPalette) palette = fs_palette_new ("Brand");
  g_autoptr(JsonObject) preset = NULL;
  g_autofree char *text = NULL;
  g_autofree char *phrased = NULL;
  g_autofree char *json = NULL;
  g_autofree char *plain = NULL;
  g_autoptr(GError) error = NULL;
  const char *file = "{\"format\": \"flux-studio-preset\", \"version\": 1, \"name\": \"B\", "
                     "\"provider\": \"sandbox\", \"model\": \"flux-2-pro\", \"params\": {}, "
                     "\"prompt\": \"{prompt}, flat\", \"palette\": \"Brand\"}";

  fs_palette_add_swatch (palette, "Green", 2, 235, 60);
  fs_palette_add_swatch (palette, "Pink", 255, 0, 136);
  preset = fs_preset_parse (file, strlen (file), "test", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fs_preset_get_palette (preset), ==, "Brand");

  text = fs_preset_apply_prompt (preset, "a #02EB3C cup", palette, FALSE);
  g_assert_cmpstr (text, ==, "a #02EB3C cup, flat #ff0088");
  phrased = fs_preset_apply_prompt (preset, "a cup", palette, TRUE);
  g_assert_cmpstr (phrased, ==, "a cup, flat color #02eb3c color #ff0088");
  plain = fs_preset_apply_prompt (preset, "a cup", NULL, FALSE);
  g_assert_cmpstr (plain, ==, "a cup, flat");

  json = fs_colour_add_to_prompt ("{\"scene\": \"a cup\", \"color_palette\": [\"#FF0088\"]}",
                                  (const char *[]) { "#02eb3c", "ff0088", NULL }, FALSE);
  g_assert_cmpstr (json, ==, "{\"scene\":\"a cup\",\"color_palette\":[\"#FF0088\",\"#02eb3c\"]}");
  g_assert_null (fs_colour_add_to_prompt ("{\"scene\": ", (const char *[]) { "#02eb3c", NULL },
                                          FALSE));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/preset/shipped-valid", test_shipped_valid);
  g_test_add_func ("/preset/round-trip", test_round_trip);
  g_test_add_func ("/preset/parse-refuses", test_parse_refuses);
  g_test_add_func ("/preset/user-folder", test_user_folder);
  g_test_add_func ("/preset/apply-palette", test_apply_palette);

  return g_test_run ();
}
