/* fs-cli-library.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-cli.h"
#include "fs-collection.h"
#include "fs-error.h"

/* What the commands that act on images of the gallery share: IMAGE
 * arguments, each a path in the gallery or the start of a sha256 (the
 * library resolves them), and images chosen by search or collection. */

GPtrArray *
fs_cli_resolve_images (FsLibrary  *library,
                       char      **args,
                       GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (args == NULL || args[0] == NULL)
    return g_ptr_array_new_with_free_func (g_object_unref);

  fs_library_resolve_async (library, (const char * const *) args, NULL, fs_cli_result_cb,
                            &result);
  return fs_library_resolve_finish (library, fs_cli_wait (&result), error);
}

static GPtrArray *
query_images (FsLibrary      *library,
              FsLibraryQuery *query,
              GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fs_library_query_set_with_details (query, TRUE);
  fs_library_query_async (library, query, NULL, fs_cli_result_cb, &result);
  return fs_library_query_finish (library, fs_cli_wait (&result), error);
}

GPtrArray *
fs_cli_list_images (FsLibrary   *library,
                    const char  *search,
                    GError     **error)
{
  g_autoptr(FsLibraryQuery) query = fs_library_query_new ();

  fs_library_query_set_text (query, search);
  return query_images (library, query, error);
}

static gboolean
collection_exists (FsLibrary   *library,
                   const char  *name,
                   GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) collections = NULL;

  fs_library_list_collections_async (library, NULL, fs_cli_result_cb, &result);
  collections = fs_library_list_collections_finish (library, fs_cli_wait (&result), error);
  if (collections == NULL)
    return FALSE;

  for (guint i = 0; i < collections->len; i++)
    if (g_str_equal (fs_collection_get_name (g_ptr_array_index (collections, i)), name))
      return TRUE;

  g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
               _("There is no collection “%s” — “flux-studio-cli collection list” shows them"),
               name);
  return FALSE;
}

/* A collection that does not exist is the user's to fix (exit 2). */
GPtrArray *
fs_cli_collection_images (FsLibrary   *library,
                          const char  *name,
                          GError     **error)
{
  g_autoptr(FsLibraryQuery) query = NULL;

  if (!collection_exists (library, name, error))
    return NULL;

  query = fs_library_query_new ();
  fs_library_query_set_collection (query, name);
  return query_images (library, query, error);
}

/* @more's images not in @assets yet, added at the end. */
void
fs_cli_add_images (GPtrArray *assets,
                   GPtrArray *more)
{
  for (guint i = 0; i < more->len; i++)
    {
      FsAsset *asset = g_ptr_array_index (more, i);
      gboolean held = FALSE;

      for (guint j = 0; j < assets->len && !held; j++)
        held = g_str_equal (fs_asset_get_path (g_ptr_array_index (assets, j)),
                            fs_asset_get_path (asset));
      if (!held)
        g_ptr_array_add (assets, g_object_ref (asset));
    }
}
