/* fs-cli-library.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-cli.h"

/* What the commands that act on images of the gallery share: IMAGE
 * arguments, each a path in the gallery or the start of a sha256. */

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
