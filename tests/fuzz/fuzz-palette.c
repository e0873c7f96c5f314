/* fuzz-palette.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One harness for the three palette readers, built once per format with
 * FS_FUZZ_FORMAT set to "gpl", "ase" or "text" (see meson.build). */

#include "config.h"

#include "fs-palette.h"
#include "fuzz-harness.h"

typedef FsPalette *(*ParseFunc) (const char  *data,
                                 gsize        length,
                                 const char  *fallback_name,
                                 GError     **error);

static FsPalette *
parse_ase (const char  *data,
           gsize        length,
           const char  *fallback_name,
           GError     **error)
{
  return fs_palette_parse_ase ((const guint8 *) data, length, fallback_name, error);
}

static ParseFunc
reader (const char *format)
{
  if (g_str_equal (format, "ase"))
    return parse_ase;
  if (g_str_equal (format, "text"))
    return fs_palette_parse_text;
  return fs_palette_parse_gpl;
}

/* A palette file as the manager or the watched folder would read it;
 * what was read is written out (as .ase for .ase, else .gpl) and read
 * back with as many swatches. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  gboolean ase = g_str_equal (FS_FUZZ_FORMAT, "ase");
  g_autoptr(GError) error = NULL;
  g_autoptr(FsPalette) palette = NULL;
  g_autoptr(FsPalette) again = NULL;
  g_autoptr(GBytes) out = NULL;
  const char *bytes;
  gsize length;

  palette = reader (FS_FUZZ_FORMAT) ((const char *) data, size, "fuzz", &error);
  g_assert ((palette == NULL) != (error == NULL));
  if (palette == NULL)
    return 0;

  out = ase ? fs_palette_to_ase (palette) : fs_palette_to_gpl (palette);
  bytes = g_bytes_get_data (out, &length);
  again = reader (ase ? "ase" : "gpl") (bytes, length, "again", NULL);
  g_assert (again != NULL);
  g_assert_cmpuint (fs_palette_get_n_swatches (again), ==, fs_palette_get_n_swatches (palette));
  return 0;
}
