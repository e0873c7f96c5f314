/* fs-request-edit.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-json.h"
#include "fs-request-private.h"

/* The part of a request that edits an image (docs/ARCHITECTURE.md,
 * “Editing images”): the image as sent and the file it came from, the
 * mask, and the margins, which are ordinary parameters read together. In
 * a record they are "parent", "mask" and "margins" (“Sidecar”). */

static const char * const margin_names[] = { "top", "bottom", "left", "right" };

void
_fs_request_edit_free (FsRequestEdit *edit)
{
  if (edit == NULL)
    return;

  g_clear_object (&edit->image);
  g_clear_object (&edit->mask);
  g_free (edit->parent_sha256);
  g_free (edit->parent_path);
  g_free (edit->image_sha256);
  g_free (edit->mask_sha256);
  g_free (edit);
}

FsRequestEdit *
_fs_request_edit_copy (FsRequestEdit *edit)
{
  FsRequestEdit *copy = g_new0 (FsRequestEdit, 1);

  copy->image = edit->image != NULL ? g_object_ref (edit->image) : NULL;
  copy->mask = edit->mask != NULL ? g_object_ref (edit->mask) : NULL;
  copy->parent_sha256 = g_strdup (edit->parent_sha256);
  copy->parent_path = g_strdup (edit->parent_path);
  copy->image_sha256 = g_strdup (edit->image_sha256);
  copy->mask_sha256 = g_strdup (edit->mask_sha256);
  return copy;
}

/* Public API ------------------------------------------------------------------ */

void
fs_request_set_image (FsRequest          *self,
                      const FsEditSource *source)
{
  FsRequestEdit *edit;

  g_return_if_fail (FS_IS_REQUEST (self));
  g_return_if_fail (source == NULL || FS_IS_REFERENCE (source->image));

  edit = _fs_request_get_edit (self, TRUE);
  g_clear_object (&edit->image);
  g_clear_pointer (&edit->parent_sha256, g_free);
  g_clear_pointer (&edit->parent_path, g_free);
  g_clear_pointer (&edit->image_sha256, g_free);
  if (source == NULL)
    return;

  edit->image = g_object_ref (source->image);
  edit->parent_sha256 = g_strdup (source->sha256);
  edit->parent_path = g_strdup (source->path);
}

FsReference *
fs_request_get_image (FsRequest *self)
{
  FsRequestEdit *edit;

  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);

  edit = _fs_request_get_edit (self, FALSE);
  return edit != NULL ? edit->image : NULL;
}

const char *
fs_request_get_image_sha256 (FsRequest *self)
{
  FsRequestEdit *edit;

  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);

  edit = _fs_request_get_edit (self, FALSE);
  if (edit == NULL)
    return NULL;

  return edit->image != NULL ? fs_reference_get_sha256 (edit->image) : edit->image_sha256;
}

const char *
fs_request_get_parent_sha256 (FsRequest *self)
{
  FsRequestEdit *edit;

  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);

  edit = _fs_request_get_edit (self, FALSE);
  return edit != NULL ? edit->parent_sha256 : NULL;
}

const char *
fs_request_get_parent_path (FsRequest *self)
{
  FsRequestEdit *edit;

  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);

  edit = _fs_request_get_edit (self, FALSE);
  return edit != NULL ? edit->parent_path : NULL;
}

void
fs_request_set_mask (FsRequest   *self,
                     FsReference *mask)
{
  FsRequestEdit *edit;

  g_return_if_fail (FS_IS_REQUEST (self));
  g_return_if_fail (mask == NULL || FS_IS_REFERENCE (mask));

  edit = _fs_request_get_edit (self, TRUE);
  g_clear_pointer (&edit->mask_sha256, g_free);
  g_set_object (&edit->mask, mask);
}

FsReference *
fs_request_get_mask (FsRequest *self)
{
  FsRequestEdit *edit;

  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);

  edit = _fs_request_get_edit (self, FALSE);
  return edit != NULL ? edit->mask : NULL;
}

const char *
fs_request_get_mask_sha256 (FsRequest *self)
{
  FsRequestEdit *edit;

  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);

  edit = _fs_request_get_edit (self, FALSE);
  if (edit == NULL)
    return NULL;

  return edit->mask != NULL ? fs_reference_get_sha256 (edit->mask) : edit->mask_sha256;
}

void
fs_request_set_margins (FsRequest       *self,
                        const FsMargins *margins)
{
  g_return_if_fail (FS_IS_REQUEST (self));
  g_return_if_fail (margins != NULL);

  fs_request_set_param (self, "top", g_variant_new_int64 (margins->top));
  fs_request_set_param (self, "bottom", g_variant_new_int64 (margins->bottom));
  fs_request_set_param (self, "left", g_variant_new_int64 (margins->left));
  fs_request_set_param (self, "right", g_variant_new_int64 (margins->right));
}

/* A side that is not a whole number from 0 up counts as 0 here; the
 * validator names it. */
gboolean
fs_request_get_margins (FsRequest *self,
                        FsMargins *margins)
{
  guint *sides[4];
  gboolean any = FALSE;

  g_return_val_if_fail (FS_IS_REQUEST (self), FALSE);
  g_return_val_if_fail (margins != NULL, FALSE);

  *margins = (FsMargins) { 0, 0, 0, 0 };
  sides[0] = &margins->top;
  sides[1] = &margins->bottom;
  sides[2] = &margins->left;
  sides[3] = &margins->right;

  for (guint i = 0; i < G_N_ELEMENTS (margin_names); i++)
    {
      gint64 value;

      if (fs_request_get_param (self, margin_names[i]) == NULL)
        continue;
      any = TRUE;
      if (fs_request_get_int (self, margin_names[i], &value) && value > 0 && value <= G_MAXUINT)
        *sides[i] = (guint) value;
    }

  return any;
}

GPtrArray *
fs_request_dup_stored_images (FsRequest *self)
{
  GPtrArray *references = fs_request_get_references (self);
  GPtrArray *images;
  FsRequestEdit *edit;

  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);

  images = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < references->len; i++)
    g_ptr_array_add (images, g_object_ref (g_ptr_array_index (references, i)));

  edit = _fs_request_get_edit (self, FALSE);
  if (edit != NULL && edit->image != NULL)
    g_ptr_array_add (images, g_object_ref (edit->image));
  if (edit != NULL && edit->mask != NULL)
    g_ptr_array_add (images, g_object_ref (edit->mask));

  return images;
}

/* Output size ---------------------------------------------------------------- */

/* The image grown by the margins; unknown without the image. */
gboolean
_fs_request_edit_output_size (FsRequest *self,
                              guint     *width,
                              guint     *height)
{
  FsReference *image = fs_request_get_image (self);
  FsMargins margins;
  guint64 w, h;

  if (image == NULL)
    return FALSE;

  fs_request_get_margins (self, &margins);
  w = (guint64) fs_reference_get_width (image) + margins.left + margins.right;
  h = (guint64) fs_reference_get_height (image) + margins.top + margins.bottom;
  if (w == 0 || h == 0 || w > G_MAXUINT || h > G_MAXUINT)
    return FALSE;

  *width = (guint) w;
  *height = (guint) h;
  return TRUE;
}

/* Record ---------------------------------------------------------------------- */

void
_fs_request_edit_to_json (FsRequest   *self,
                          JsonBuilder *builder)
{
  const char *parent = fs_request_get_parent_sha256 (self);
  const char *path = fs_request_get_parent_path (self);
  const char *sent = fs_request_get_image_sha256 (self);
  const char *mask = fs_request_get_mask_sha256 (self);
  FsMargins margins;

  if (parent != NULL || sent != NULL)
    {
      json_builder_set_member_name (builder, "parent");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, parent != NULL ? parent : sent);
      if (path != NULL)
        {
          json_builder_set_member_name (builder, "path");
          json_builder_add_string_value (builder, path);
        }
      if (sent != NULL)
        {
          json_builder_set_member_name (builder, "sent");
          json_builder_add_string_value (builder, sent);
        }
      json_builder_end_object (builder);
    }

  if (mask != NULL)
    {
      json_builder_set_member_name (builder, "mask");
      json_builder_add_string_value (builder, mask);
    }

  if (fs_request_get_margins (self, &margins))
    fs_margins_add_to_builder (&margins, builder);
}

/* A hash as a string, or as an object's "sha256" (as references may be). */
static const char *
read_hash (JsonObject *record,
           const char *member)
{
  JsonNode *node = json_object_get_member (record, member);

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return fs_json_get_string (json_node_get_object (node), "sha256");

  return fs_json_get_string (record, member);
}

/* Read leniently, as sidecars are: a member of the wrong type is absent.
 * A record whose params lack the margins still has them in "margins". */
void
_fs_request_edit_from_record (FsRequest  *self,
                              JsonObject *record)
{
  JsonNode *parent = json_object_get_member (record, "parent");
  JsonNode *margins = json_object_get_member (record, "margins");
  const char *mask = read_hash (record, "mask");
  FsRequestEdit *edit;

  if (parent != NULL && (JSON_NODE_HOLDS_OBJECT (parent) || JSON_NODE_HOLDS_VALUE (parent)))
    {
      const char *sha256 = read_hash (record, "parent");

      if (sha256 != NULL)
        {
          edit = _fs_request_get_edit (self, TRUE);
          edit->parent_sha256 = g_strdup (sha256);
          if (JSON_NODE_HOLDS_OBJECT (parent))
            {
              JsonObject *object = json_node_get_object (parent);
              const char *sent = fs_json_get_string (object, "sent");

              edit->parent_path = g_strdup (fs_json_get_string (object, "path"));
              edit->image_sha256 = g_strdup (sent != NULL ? sent : sha256);
            }
          else
            edit->image_sha256 = g_strdup (sha256);
        }
    }

  if (mask != NULL)
    {
      edit = _fs_request_get_edit (self, TRUE);
      edit->mask_sha256 = g_strdup (mask);
    }

  if (margins != NULL && JSON_NODE_HOLDS_OBJECT (margins))
    {
      JsonObject *object = json_node_get_object (margins);

      for (guint i = 0; i < G_N_ELEMENTS (margin_names); i++)
        {
          JsonNode *side = json_object_get_member (object, margin_names[i]);

          if (fs_request_get_param (self, margin_names[i]) == NULL && side != NULL &&
              JSON_NODE_HOLDS_VALUE (side) && json_node_get_value_type (side) == G_TYPE_INT64)
            fs_request_set_param (self, margin_names[i],
                                  g_variant_new_int64 (json_node_get_int (side)));
        }
    }
}
