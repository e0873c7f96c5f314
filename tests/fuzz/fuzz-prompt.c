/* fuzz-prompt.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-colour.h"
#include "fs-prompt.h"
#include "fuzz-harness.h"

/* What is read out of a prompt, plain or structured JSON: the hex
 * colours it asks for (also from a JSON prompt's "color_palette"), the
 * "image N" references, and a colour typed into the palette's entry. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fs_fuzz_text (data, size);
  g_autoptr(GArray) hex = NULL;
  g_autoptr(GArray) refs = NULL;
  g_auto(GStrv) codes = NULL;
  guint8 r, g, b;

  /* Prompts are UTF-8 by the time they are read; invalid text is refused
   * before. */
  if (!g_utf8_validate (text, -1, NULL))
    return 0;

  hex = fs_colour_find_hex (text);
  refs = fs_prompt_find_image_refs (text);
  codes = fs_colour_codes_from_prompt (text);
  g_assert (hex != NULL && refs != NULL);
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    g_assert (fs_colour_parse_hex (codes[i], &r, &g, &b));
  fs_colour_parse_any (text, &r, &g, &b);
  return 0;
}
