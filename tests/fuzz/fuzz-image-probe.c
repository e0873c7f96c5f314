/* fuzz-image-probe.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-image.h"
#include "fuzz-harness.h"

/* Downloaded bytes: is this an image, of which kind and size? */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autofree char *mime_type = NULL;
  g_autofree char *extension = NULL;
  guint width = 0, height = 0;

  if (fs_image_probe (bytes, &mime_type, &extension, &width, &height, &error))
    {
      g_assert (mime_type != NULL && extension != NULL);
      g_assert (width > 0 && height > 0);
    }
  else
    g_assert (error != NULL);
  return 0;
}
