/* fuzz-json.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-json.h"
#include "fuzz-harness.h"

/* Any JSON text the program reads — a structured prompt typed into the
 * editor's JSON mode, a journalled request, a provider answer — goes
 * through fs_json_parser_load() first. Its scan must agree with json-glib
 * on what it lets through, and what it lets through must never be too
 * deep for json-glib's recursion. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gboolean checked, loaded;

  checked = fs_json_check ((const char *) data, (gssize) size, FS_JSON_MAX_PROMPT_BYTES, NULL);
  loaded = fs_json_parser_load (parser, (const char *) data, (gssize) size,
                                FS_JSON_MAX_PROMPT_BYTES, &error);
  g_assert (loaded == (error == NULL));
  /* What the scan refuses is never parsed. */
  g_assert (checked || !loaded);
  if (loaded && json_parser_get_root (parser) != NULL)
    g_free (json_to_string (json_parser_get_root (parser), TRUE));
  return 0;
}
