/* fuzz-palette-text.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-palette.h"
#include "fuzz-harness.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fs_fuzz_setup ();
  return 0;
}

/* A palette file as the manager or the watched folder would read it. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FsPalette) palette = NULL;

  palette = fs_palette_parse_text ((const char *) data, size, "fuzz", &error);
  g_assert ((palette == NULL) != (error == NULL));
  /* What was read is written out and read back the same. */
  if (palette != NULL)
    {
      g_autoptr(GBytes) out = fs_palette_to_gpl (palette);
      g_autoptr(FsPalette) again = NULL;
      gsize length;
      const guint8 *bytes = g_bytes_get_data (out, &length);

      again = fs_palette_parse_gpl ((const char *) bytes, length, "again", NULL);
      g_assert (again != NULL);
      g_assert_cmpuint (fs_palette_get_n_swatches (again), ==,
                        fs_palette_get_n_swatches (palette));
    }
  return 0;
}
