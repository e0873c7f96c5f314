/* fs-cli-archive.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-cli.h"
#include "fs-error.h"

/* Marking images: rate, star, unstar, and collection (docs/ARCHITECTURE.md,
 * “Sidecar” and “Collections”). Each writes the sidecars, as the window
 * does, and says what it did on standard error. */

static int
fail_usage (const char *command,
            const char *message)
{
  g_printerr ("flux-studio-cli %s: %s\n", command, message);
  return FS_CLI_EXIT_INVALID;
}

/* The images named after the options; none is a usage error. */
static GPtrArray *
open_images (const char   *command,
             const char   *folder,
             char        **names,
             FsLibrary   **library,
             int          *status)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *assets;

  if (names == NULL || names[0] == NULL)
    {
      *status = fail_usage (command, _("name at least one image: a path in the gallery or the "
                                       "start of its sha256"));
      return NULL;
    }

  if ((*library = fs_cli_open_library (folder, FALSE, &error)) == NULL ||
      (assets = fs_cli_resolve_images (*library, names, &error)) == NULL)
    {
      *status = fs_cli_fail (error);
      return NULL;
    }

  return assets;
}

static void
print_done (GPtrArray *assets,
            gboolean   json)
{
  if (json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < assets->len; i++)
        json_array_add_element (array, fs_asset_to_summary_json (g_ptr_array_index (assets, i)));
      json_node_set_array (node, array);
      fs_cli_print_json (node);
      return;
    }

  for (guint i = 0; i < assets->len; i++)
    g_print ("%s\n", fs_asset_get_path (g_ptr_array_index (assets, i)));
}

static int
finish (GAsyncResult **result,
        FsLibrary     *library,
        gboolean     (*finish_func) (FsLibrary *, GAsyncResult *, GError **),
        GPtrArray     *assets,
        gboolean       json)
{
  g_autoptr(GError) error = NULL;

  if (!finish_func (library, fs_cli_wait (result), &error))
    return fs_cli_fail (error);

  if (assets != NULL)
    print_done (assets, json);
  return FS_CLI_EXIT_OK;
}

int
fs_cli_rate (int    argc,
             char **argv)
{
  g_autofree char *folder = NULL;
  g_auto(GStrv) names = NULL;
  gboolean json = FALSE;
  int stars = -1;
  const GOptionEntry entries[] = {
    { "stars", 0, 0, G_OPTION_ARG_INT, &stars, N_("Stars, 0 (none) to 5"), "N" },
    fs_cli_option_library (&folder),
    fs_cli_option_json (&json, FALSE),
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &names, NULL, NULL },
    { NULL }
  };
  g_autoptr(FsLibrary) library = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  int status = FS_CLI_EXIT_OK;

  if (!fs_cli_parse_options ("rate", _("IMAGE… — rate images from 0 to 5 stars"),
                             entries, &argc, &argv))
    return FS_CLI_EXIT_INVALID;
  if (stars < 0 || stars > FS_ASSET_MAX_RATING)
    return fail_usage ("rate", _("--stars must be a number from 0 to 5"));
  if ((assets = open_images ("rate", folder, names, &library, &status)) == NULL)
    return status;

  fs_library_set_rating_async (library, assets, stars, NULL, fs_cli_result_cb, &result);
  return finish (&result, library, fs_library_set_rating_finish, assets, json);
}

static int
mark_favourite (int        argc,
                char     **argv,
                gboolean   favourite)
{
  const char *command = favourite ? "star" : "unstar";
  g_autofree char *folder = NULL;
  g_auto(GStrv) names = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    fs_cli_option_library (&folder),
    fs_cli_option_json (&json, FALSE),
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &names, NULL, NULL },
    { NULL }
  };
  g_autoptr(FsLibrary) library = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  int status = FS_CLI_EXIT_OK;

  if (!fs_cli_parse_options (command,
                             favourite ? _("IMAGE… — mark images as favourites")
                                       : _("IMAGE… — take the favourite mark off images"),
                             entries, &argc, &argv))
    return FS_CLI_EXIT_INVALID;
  if ((assets = open_images (command, folder, names, &library, &status)) == NULL)
    return status;

  fs_library_set_favourite_async (library, assets, favourite, NULL, fs_cli_result_cb, &result);
  return finish (&result, library, fs_library_set_favourite_finish, assets, json);
}

int
fs_cli_star (int    argc,
             char **argv)
{
  return mark_favourite (argc, argv, TRUE);
}

int
fs_cli_unstar (int    argc,
               char **argv)
{
  return mark_favourite (argc, argv, FALSE);
}

/* collection -------------------------------------------------------------- */

static int
collection_list (FsLibrary *library,
                 gboolean   json)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) collections = NULL;
  g_autoptr(GError) error = NULL;

  fs_library_list_collections_async (library, NULL, fs_cli_result_cb, &result);
  collections = fs_library_list_collections_finish (library, fs_cli_wait (&result), &error);
  if (collections == NULL)
    return fs_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < collections->len; i++)
        {
          FsCollection *collection = g_ptr_array_index (collections, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, fs_collection_get_name (collection));
          json_builder_set_member_name (builder, "count");
          json_builder_add_int_value (builder, fs_collection_get_count (collection));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      node = json_builder_get_root (builder);
      fs_cli_print_json (node);
      return FS_CLI_EXIT_OK;
    }

  for (guint i = 0; i < collections->len; i++)
    {
      FsCollection *collection = g_ptr_array_index (collections, i);

      g_print ("%6u  %s\n", fs_collection_get_count (collection),
               fs_collection_get_name (collection));
    }
  return FS_CLI_EXIT_OK;
}

static gboolean
wrong_count (char **args,
             guint  n)
{
  return args == NULL || g_strv_length (args) != n;
}

int
fs_cli_collection (int    argc,
                   char **argv)
{
  g_autofree char *folder = NULL;
  g_auto(GStrv) args = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    fs_cli_option_library (&folder),
    fs_cli_option_json (&json, FALSE),
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL, NULL },
    { NULL }
  };
  g_autoptr(FsLibrary) library = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *action;
  int status = FS_CLI_EXIT_OK;

  if (!fs_cli_parse_options ("collection",
                             /* Translators: the words in capitals are placeholders; keep the
                              * subcommands (list, create …) as they are */
                             _("list | create NAME | rename NAME NEW-NAME | delete NAME | "
                               "add NAME IMAGE… | remove NAME IMAGE… — manage collections"),
                             entries, &argc, &argv))
    return FS_CLI_EXIT_INVALID;

  action = args != NULL ? args[0] : NULL;
  if (g_strcmp0 (action, "add") == 0 || g_strcmp0 (action, "remove") == 0)
    {
      gboolean add = g_str_equal (action, "add");

      if (args[1] == NULL)
        return fail_usage ("collection", _("name the collection, then the images"));
      if ((assets = open_images ("collection", folder, args + 2, &library, &status)) == NULL)
        return status;
      if (add)
        fs_library_add_to_collection_async (library, assets, args[1], NULL, fs_cli_result_cb,
                                            &result);
      else
        fs_library_remove_from_collection_async (library, assets, args[1], NULL,
                                                 fs_cli_result_cb, &result);
      return finish (&result, library,
                     add ? fs_library_add_to_collection_finish
                         : fs_library_remove_from_collection_finish,
                     assets, json);
    }

  if (g_strcmp0 (action, "list") != 0 && g_strcmp0 (action, "create") != 0 &&
      g_strcmp0 (action, "rename") != 0 && g_strcmp0 (action, "delete") != 0)
    return fail_usage ("collection", _("say what to do: list, create, rename, delete, add or "
                                       "remove"));
  if ((g_str_equal (action, "list") && wrong_count (args, 1)) ||
      ((g_str_equal (action, "create") || g_str_equal (action, "delete")) &&
       wrong_count (args, 2)) ||
      (g_str_equal (action, "rename") && wrong_count (args, 3)))
    return fail_usage ("collection", _("wrong number of arguments; see --help"));

  if ((library = fs_cli_open_library (folder, FALSE, &error)) == NULL)
    return fs_cli_fail (error);

  if (g_str_equal (action, "list"))
    return collection_list (library, json);

  if (g_str_equal (action, "create"))
    {
      fs_library_create_collection_async (library, args[1], NULL, fs_cli_result_cb, &result);
      return finish (&result, library, fs_library_create_collection_finish, NULL, FALSE);
    }
  if (g_str_equal (action, "rename"))
    {
      fs_library_rename_collection_async (library, args[1], args[2], NULL, fs_cli_result_cb,
                                          &result);
      return finish (&result, library, fs_library_rename_collection_finish, NULL, FALSE);
    }

  fs_library_delete_collection_async (library, args[1], NULL, fs_cli_result_cb, &result);
  if (!fs_library_delete_collection_finish (library, fs_cli_wait (&result), NULL, &error))
    return fs_cli_fail (error);
  return FS_CLI_EXIT_OK;
}
