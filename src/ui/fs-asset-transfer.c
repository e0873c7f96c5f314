/* fs-asset-transfer.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-asset.h"
#include "fs-asset-transfer.h"

/**
 * fs_asset_transfer_content_new:
 * @assets: (element-type FsAsset): the images dragged
 *
 * Returns: (transfer full): their files as a #GdkFileList, and one alone
 *   also as a #GFile (what targets that take a single file ask for)
 */
GdkContentProvider *
fs_asset_transfer_content_new (GPtrArray *assets)
{
  g_autoptr(GSList) files = NULL;
  GdkContentProvider *providers[2];
  guint n = 0;

  g_return_val_if_fail (assets != NULL, NULL);

  for (guint i = assets->len; i > 0; i--)
    files = g_slist_prepend (files,
                             g_file_new_for_path (fs_asset_get_path (g_ptr_array_index (assets,
                                                                                        i - 1))));

  providers[n++] = gdk_content_provider_new_typed (GDK_TYPE_FILE_LIST, files);
  if (files != NULL && files->next == NULL)
    providers[n++] = gdk_content_provider_new_typed (G_TYPE_FILE, files->data);
  g_slist_free_full (g_steal_pointer (&files), g_object_unref);
  return n == 1 ? providers[0] : gdk_content_provider_new_union (providers, n);
}

char **
fs_asset_transfer_dup_paths (const GValue *value)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GdkFileList *list;
  g_autoptr(GSList) files = NULL;
  guint n = 0;

  if (value == NULL || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return NULL;

  list = g_value_get_boxed (value);
  files = list != NULL ? gdk_file_list_get_files (list) : NULL;
  for (GSList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);

      if (path == NULL)
        continue;
      g_strv_builder_add (builder, path);
      n++;
    }

  return n > 0 ? g_strv_builder_end (builder) : NULL;
}
