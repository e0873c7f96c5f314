/* fs-asset-lineage.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-asset-lineage.h"
#include "fs-asset-private.h"
#include "fs-json.h"

/* FsAsset's lineage, read from its sealed record on demand: a record is
 * immutable, and these are read only for the detail page and the CLI's
 * records. A light asset listed with details has the three members
 * without its record (“Queries”). A member of the wrong type counts as
 * absent (“Sidecar”). */

static JsonObject *
parent_object (FsAsset *self)
{
  JsonObject *record = _fs_asset_get_lineage (self);
  JsonNode *node = record != NULL ? json_object_get_member (record, "parent") : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* "parent" is an object, or (from another tool) just the hash. */
const char *
fs_asset_get_parent_sha256 (FsAsset *self)
{
  JsonObject *parent;

  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  if ((parent = parent_object (self)) != NULL)
    return fs_json_get_string (parent, "sha256");

  return _fs_asset_get_lineage (self) != NULL ?
         fs_json_get_string (_fs_asset_get_lineage (self), "parent") : NULL;
}

const char *
fs_asset_get_parent_path (FsAsset *self)
{
  JsonObject *parent;

  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  parent = parent_object (self);
  return parent != NULL ? fs_json_get_string (parent, "path") : NULL;
}

const char *
fs_asset_get_parent_sent (FsAsset *self)
{
  JsonObject *parent;
  const char *sent = NULL;

  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  if ((parent = parent_object (self)) != NULL)
    sent = fs_json_get_string (parent, "sent");

  return sent != NULL ? sent : fs_asset_get_parent_sha256 (self);
}

const char *
fs_asset_get_mask_sha256 (FsAsset *self)
{
  JsonObject *record;
  JsonNode *node;

  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  record = _fs_asset_get_lineage (self);
  node = record != NULL ? json_object_get_member (record, "mask") : NULL;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return fs_json_get_string (json_node_get_object (node), "sha256");

  return record != NULL ? fs_json_get_string (record, "mask") : NULL;
}

static guint
read_side (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0 || json_node_get_int (node) > G_MAXUINT)
    return 0;

  return (guint) json_node_get_int (node);
}

gboolean
fs_asset_get_margins (FsAsset   *self,
                      FsMargins *margins)
{
  JsonObject *record;
  JsonNode *node;
  JsonObject *object;

  g_return_val_if_fail (FS_IS_ASSET (self), FALSE);
  g_return_val_if_fail (margins != NULL, FALSE);

  *margins = (FsMargins) { 0, 0, 0, 0 };
  record = _fs_asset_get_lineage (self);
  node = record != NULL ? json_object_get_member (record, "margins") : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;

  object = json_node_get_object (node);
  margins->top = read_side (object, "top");
  margins->bottom = read_side (object, "bottom");
  margins->left = read_side (object, "left");
  margins->right = read_side (object, "right");
  return TRUE;
}

FsAsset *
fs_asset_find_parent (FsAsset    *self,
                      GListModel *assets)
{
  const char *parent;
  guint n_items;

  g_return_val_if_fail (FS_IS_ASSET (self), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (assets), NULL);

  parent = fs_asset_get_parent_sha256 (self);
  if (parent == NULL)
    return NULL;

  n_items = g_list_model_get_n_items (assets);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(FsAsset) asset = g_list_model_get_item (assets, i);

      if (asset != self && g_strcmp0 (fs_asset_get_sha256 (asset), parent) == 0)
        return g_steal_pointer (&asset);
    }

  return NULL;
}

/* The CLI's --json record carries the lineage as the sidecar has it. */
void
_fs_asset_lineage_to_summary (FsAsset     *self,
                              JsonBuilder *builder)
{
  const char *parent = fs_asset_get_parent_sha256 (self);
  const char *path = fs_asset_get_parent_path (self);
  const char *mask = fs_asset_get_mask_sha256 (self);
  FsMargins margins;

  if (parent != NULL)
    {
      json_builder_set_member_name (builder, "parent");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, parent);
      json_builder_set_member_name (builder, "path");
      if (path != NULL)
        json_builder_add_string_value (builder, path);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }

  if (mask != NULL)
    {
      json_builder_set_member_name (builder, "mask");
      json_builder_add_string_value (builder, mask);
    }

  if (fs_asset_get_margins (self, &margins))
    fs_margins_add_to_builder (&margins, builder);
}
