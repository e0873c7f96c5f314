/* fs-cli-library.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "fs-cli.h"
#include "fs-error.h"

/* Naming gallery images on the command line, for every command that acts
 * on some of them (export; rate, star and collection share it): IMAGE is
 * a path in the gallery or the start of an image's sha256. */

/* The shortest sha256 prefix taken, as git takes abbreviated hashes. */
#define MIN_PREFIX 4

GPtrArray *
fs_cli_list_images (FsLibrary   *library,
                    const char  *search,
                    GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fs_library_search_async (library, search, NULL, fs_cli_result_cb, &result);
  return fs_library_search_finish (library, fs_cli_wait (&result), error);
}

/* The path with symbolic links resolved when the file exists, so
 * /tmp/x and /private/tmp/x, or a link into the gallery, compare equal. */
static char *
real_path (const char *path)
{
  g_autofree char *canonical = g_canonicalize_filename (path, NULL);
  char *resolved = realpath (canonical, NULL);

  if (resolved != NULL)
    {
      char *copy = g_strdup (resolved);

      free (resolved);
      return copy;
    }

  return g_steal_pointer (&canonical);
}

static FsAsset *
find_by_path (GPtrArray  *assets,
              const char *path)
{
  g_autofree char *wanted = real_path (path);

  for (guint i = 0; i < assets->len; i++)
    {
      FsAsset *asset = g_ptr_array_index (assets, i);
      g_autofree char *have = real_path (fs_asset_get_path (asset));

      if (g_str_equal (have, wanted))
        return asset;
    }

  return NULL;
}

static gboolean
is_hex (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;

  return *text != '\0';
}

/* The one image whose sha256 starts with @prefix; NULL with an error when
 * none or several do. */
static FsAsset *
find_by_prefix (GPtrArray   *assets,
                const char  *prefix,
                GError     **error)
{
  g_autofree char *lower = g_ascii_strdown (prefix, -1);
  FsAsset *found = NULL;
  guint n = 0;

  for (guint i = 0; i < assets->len; i++)
    {
      FsAsset *asset = g_ptr_array_index (assets, i);
      const char *sha256 = fs_asset_get_sha256 (asset);

      if (sha256 != NULL && g_str_has_prefix (sha256, lower))
        {
          found = asset;
          n++;
        }
    }

  if (n == 1)
    return found;

  if (n > 1)
    g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                 /* Translators: %s is the start of a sha256 hash; %u ≥ 2 */
                 ngettext ("“%s” is the start of the sha256 of %u images; give more of it",
                           "“%s” is the start of the sha256 of %u images; give more of it", n),
                 prefix, n);
  return NULL;
}

static void
set_not_found (GError     **error,
               const char  *image,
               FsLibrary   *library)
{
  g_autofree char *folder = g_file_get_path (fs_library_get_folder (library));

  g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
               /* Translators: an argument, then the gallery folder */
               _("“%s” is neither an image in the gallery “%s” nor the start of the sha256 of "
                 "one (at least %d hexadecimal digits)"), image, folder, MIN_PREFIX);
}

/* Paths first: a file named like a hash is still a file. A relative path
 * is tried from the working folder, then from the gallery folder. */
static FsAsset *
resolve_one (FsLibrary   *library,
             GPtrArray   *assets,
             const char  *image,
             GError     **error)
{
  g_autofree char *folder = g_file_get_path (fs_library_get_folder (library));
  FsAsset *asset;

  if ((asset = find_by_path (assets, image)) != NULL)
    return asset;
  if (!g_path_is_absolute (image))
    {
      g_autofree char *inside = g_build_filename (folder, image, NULL);

      if ((asset = find_by_path (assets, inside)) != NULL)
        return asset;
    }

  if (strlen (image) >= MIN_PREFIX && strlen (image) <= 64 && is_hex (image))
    {
      g_autoptr(GError) local_error = NULL;

      if ((asset = find_by_prefix (assets, image, &local_error)) != NULL)
        return asset;
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  set_not_found (error, image, library);
  return NULL;
}

GPtrArray *
fs_cli_resolve_images (FsLibrary          *library,
                       const char * const *images,
                       GError            **error)
{
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (FS_IS_LIBRARY (library), NULL);

  if (images == NULL || images[0] == NULL)
    return g_steal_pointer (&found);

  if ((assets = fs_cli_list_images (library, NULL, error)) == NULL)
    return NULL;

  for (guint i = 0; images[i] != NULL; i++)
    {
      FsAsset *asset = resolve_one (library, assets, images[i], error);

      if (asset == NULL)
        return NULL;
      if (!g_ptr_array_find (found, asset, NULL))
        g_ptr_array_add (found, g_object_ref (asset));
    }

  return g_steal_pointer (&found);
}

/* The seam for collections (issue 11, item 4): until the library keeps
 * them, naming one is an error the user can act on, exit status 2. When
 * FsLibrary gains its collections API, this asks it for the members. */
GPtrArray *
fs_cli_collection_images (FsLibrary   *library,
                          const char  *name,
                          GError     **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
               _("Collections are not available in this version of Flux Studio, so there "
                 "is no collection “%s”; name the images, or use --search"), name);
  return NULL;
}

/* @more's images not in @assets yet, added at the end. */
void
fs_cli_add_images (GPtrArray *assets,
                   GPtrArray *more)
{
  for (guint i = 0; more != NULL && i < more->len; i++)
    {
      FsAsset *asset = g_ptr_array_index (more, i);
      gboolean present = FALSE;

      for (guint k = 0; k < assets->len && !present; k++)
        present = g_str_equal (fs_asset_get_path (g_ptr_array_index (assets, k)),
                               fs_asset_get_path (asset));
      if (!present)
        g_ptr_array_add (assets, g_object_ref (asset));
    }
}
