/* fuzz-catalog.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "fs-catalog.h"
#include "fuzz-harness.h"

static GBytes *
builtin_catalog (void)
{
  static GBytes *builtin;

  if (builtin == NULL)
    builtin = g_resources_lookup_data (RESOURCE_PREFIX "/models.json",
                                       G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert (builtin != NULL);
  return builtin;
}

/* A user's models.json over the built-in catalog: a broken one is
 * reported and ignored, and the built-in models stay. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *user_json = fs_fuzz_text (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(FsCatalog) catalog = NULL;

  catalog = fs_catalog_new_from_data (g_bytes_get_data (builtin_catalog (), NULL), user_json,
                                      "fuzz.json", &error);
  g_assert_no_error (error);
  g_assert (catalog != NULL);
  g_assert (fs_catalog_lookup (catalog, "flux-2-pro") != NULL);
  return 0;
}
