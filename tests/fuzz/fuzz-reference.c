/* fuzz-reference.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-reference.h"
#include "fuzz-harness.h"

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* A dropped or pasted image, prepared as the tray prepares it: decoded,
 * turned upright, converted to sRGB, downscaled, or refused with the
 * reason. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsReference) reference = NULL;

  fs_reference_prepare_bytes_async (bytes, "fuzz.png", NULL, prepared_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  reference = fs_reference_prepare_finish (result, &error);
  g_assert ((reference == NULL) != (error == NULL));
  if (reference != NULL)
    g_assert (fs_reference_get_width (reference) > 0 && fs_reference_get_height (reference) > 0);
  return 0;
}
