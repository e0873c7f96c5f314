/* fuzz-sidecar.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-asset.h"
#include "fs-json.h"
#include "fuzz-harness.h"

/* A sidecar as the library reads one from the gallery folder: parsed
 * within the record limits, then every field the gallery, the detail
 * page and `list --json` read. One bad sidecar must never take the
 * others down. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FsAsset) asset = NULL;
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (!fs_json_parser_load (parser, (const char *) data, (gssize) size,
                            FS_JSON_MAX_RECORD_BYTES, &error))
    {
      g_assert (error != NULL);
      return 0;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;

  asset = fs_asset_new_from_record ("/nonexistent/fuzz.png", json_node_get_object (root));
  g_assert (asset != NULL);
  (void) fs_asset_get_prompt (asset);
  (void) fs_asset_get_references (asset);
  (void) fs_asset_get_colours_matched (asset);
  (void) fs_asset_get_file_size (asset);
  (void) fs_asset_get_model_name (asset);
  (void) fs_asset_get_params (asset);
  (void) fs_asset_get_reference_names (asset);
  (void) fs_asset_get_timings (asset);
  (void) fs_asset_get_colour_checks (asset);
  /* The marks: whatever a sidecar holds, a rating of 0 to 5 and a list
   * of non-empty names. */
  g_assert (fs_asset_get_rating (asset) <= FS_ASSET_MAX_RATING);
  (void) fs_asset_get_favourite (asset);
  g_assert (fs_asset_get_collections (asset) != NULL);
  for (const char * const *name = fs_asset_get_collections (asset); *name != NULL; name++)
    g_assert (**name != '\0');
  g_ptr_array_unref (fs_asset_dup_exchanges (asset));
  summary = fs_asset_to_summary_json (asset);
  g_assert (summary != NULL);
  g_free (json_to_string (summary, FALSE));
  return 0;
}
