/* fuzz-metadata.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-a1111.h"
#include "fs-metadata.h"
#include "fuzz-harness.h"

/* A file dropped on the window, or a gallery image exported: its PNG text
 * read (with the A1111 settings in it), its record embedded, its
 * metadata stripped. Embedding and stripping give an error or bytes,
 * never both, and doing either twice changes nothing more. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GBytes) embedded = NULL;
  g_autoptr(GBytes) stripped = NULL;
  g_autoptr(GHashTable) texts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xmp = NULL;
  g_autofree char *text = fs_fuzz_text (data, size);
  const char *parameters = "a prompt\nSeed: 1, Size: 8x8, Model: flux-2-pro";

  /* Any text parses into something that can be written again. */
  {
    g_autoptr(FsA1111) settings = fs_a1111_parse (text);
    g_autofree char *written = fs_a1111_to_string (settings);

    g_assert (written != NULL && g_utf8_validate (written, -1, NULL));
  }

  texts = fs_metadata_read_png_text (bytes, &error);
  g_assert ((texts == NULL) == (error != NULL));
  g_clear_error (&error);
  if (texts != NULL && g_hash_table_lookup (texts, "parameters") != NULL)
    {
      g_autoptr(FsA1111) settings = fs_a1111_parse (g_hash_table_lookup (texts, "parameters"));
      g_assert (settings != NULL);
    }

  embedded = fs_metadata_embed (bytes, parameters, "<x:xmpmeta/>", &error);
  g_assert ((embedded == NULL) == (error != NULL));
  g_clear_error (&error);
  if (embedded != NULL)
    {
      g_autoptr(GBytes) again = fs_metadata_embed (embedded, parameters, "<x:xmpmeta/>", &error);

      g_assert (again != NULL && error == NULL);
      g_assert (g_bytes_equal (again, embedded));
      xmp = fs_metadata_find_xmp (embedded);
      g_assert (xmp != NULL && g_str_equal (xmp, "<x:xmpmeta/>"));
      if (fs_metadata_detect (embedded) == FS_METADATA_PNG)
        {
          g_autoptr(GHashTable) written = fs_metadata_read_png_text (embedded, NULL);

          g_assert (written != NULL);
          g_assert (g_strcmp0 (g_hash_table_lookup (written, "parameters"), parameters) == 0);
        }
    }

  stripped = fs_metadata_strip (bytes, &error);
  g_assert ((stripped == NULL) == (error != NULL));
  if (stripped != NULL)
    {
      g_autoptr(GBytes) again = fs_metadata_strip (stripped, &error);
      g_autofree char *left = fs_metadata_find_xmp (stripped);

      g_assert (again != NULL && error == NULL);
      g_assert (g_bytes_equal (again, stripped));
      g_assert (left == NULL);
    }

  return 0;
}
