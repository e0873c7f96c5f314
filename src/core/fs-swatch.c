/* fs-swatch.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-swatch.h"

/* One named colour of a palette, a boxed type so that lists and
 * properties can hold it. */

G_DEFINE_BOXED_TYPE (FsSwatch, fs_swatch, fs_swatch_copy, fs_swatch_free)

FsSwatch *
fs_swatch_new (const char *name,
               guint8      r,
               guint8      g,
               guint8      b)
{
  FsSwatch *swatch = g_new0 (FsSwatch, 1);

  swatch->name = g_strdup (name != NULL ? name : "");
  swatch->r = r;
  swatch->g = g;
  swatch->b = b;

  return swatch;
}

FsSwatch *
fs_swatch_copy (const FsSwatch *swatch)
{
  g_return_val_if_fail (swatch != NULL, NULL);

  return fs_swatch_new (swatch->name, swatch->r, swatch->g, swatch->b);
}

void
fs_swatch_free (FsSwatch *swatch)
{
  if (swatch == NULL)
    return;

  g_free (swatch->name);
  g_free (swatch);
}
