/* fs-reference-cache.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "fs-file.h"
#include "fs-image.h"
#include "fs-json.h"
#include "fs-reference-cache.h"
#include "fs-reference-private.h"

/* Each entry is <original sha256>.json, saying what preparing gave, and,
 * when preparing changed the bytes, <original sha256>.<ext> holding them.
 * The JSON is written last, so an entry is complete once it exists. A
 * cache that cannot be read or written only costs a preparation. */

/* Raised whenever preparing changes what it makes, so that older entries
 * are prepared again. */
#define CACHE_VERSION  1

static char *
cache_path (const char *original_sha256,
            const char *extension)
{
  g_autofree char *name = g_strconcat (original_sha256, ".", extension, NULL);

  return g_build_filename (g_get_user_cache_dir (), "flux-studio", "references", name, NULL);
}

/* Only the types a prepared reference can have, so that an entry can
 * never name a file outside the cache. */
static gboolean
is_prepared_type (const char *extension)
{
  return extension != NULL &&
         (g_str_equal (extension, "jpg") || g_str_equal (extension, "png") ||
          g_str_equal (extension, "webp"));
}

static GBytes *
read_prepared (const char *original_sha256,
               const char *extension,
               const char *sha256)
{
  g_autofree char *path = cache_path (original_sha256, extension);
  g_autofree char *actual = NULL;
  g_autoptr(GBytes) bytes = fs_file_read_path (path, FS_FILE_MAX_IMAGE_BYTES, NULL, NULL);

  if (bytes == NULL)
    return NULL;

  actual = fs_file_sha256_bytes (bytes);
  if (!g_str_equal (actual, sha256))
    return NULL;

  return g_steal_pointer (&bytes);
}

static guint
read_uint (JsonObject *entry,
           const char *member)
{
  return (guint) CLAMP (json_object_get_int_member_with_default (entry, member, 0), 0, G_MAXUINT);
}

static gboolean
read_flag (JsonObject *entry,
           const char *member)
{
  return json_object_get_boolean_member_with_default (entry, member, FALSE);
}

static void
read_origin (JsonObject        *entry,
             FsReferenceOrigin *origin)
{
  origin->original_width = read_uint (entry, "original_width");
  origin->original_height = read_uint (entry, "original_height");
  origin->downscaled = read_flag (entry, "downscaled");
  origin->colour_converted = read_flag (entry, "colour_converted");
  origin->rotated = read_flag (entry, "rotated");
  origin->sent_full_size = read_flag (entry, "sent_full_size");
}

static JsonObject *
read_entry (const char *original_sha256,
            JsonParser *parser)
{
  g_autofree char *path = cache_path (original_sha256, "json");
  g_autoptr(GBytes) bytes = fs_file_read_path (path, FS_JSON_MAX_CACHE_BYTES, NULL, NULL);
  JsonNode *root;
  JsonObject *entry;

  if (bytes == NULL ||
      !fs_json_parser_load (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                            FS_JSON_MAX_CACHE_BYTES, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  entry = json_node_get_object (root);
  if (json_object_get_int_member_with_default (entry, "version", 0) != CACHE_VERSION)
    return NULL;

  return entry;
}

/* The prepared reference for @original, or NULL when the cache has none
 * that can be trusted. */
FsReference *
_fs_reference_cache_lookup (const char *original_sha256,
                            GBytes     *original,
                            const char *name,
                            const char *source_path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) bytes = NULL;
  FsReferenceOrigin origin = { 0, };
  JsonObject *entry = read_entry (original_sha256, parser);
  const char *sha256, *mime_type, *extension;
  guint width, height;
  FsReference *reference;

  if (entry == NULL)
    return NULL;

  sha256 = json_object_get_string_member_with_default (entry, "sha256", NULL);
  mime_type = json_object_get_string_member_with_default (entry, "mime_type", NULL);
  extension = json_object_get_string_member_with_default (entry, "extension", NULL);
  width = read_uint (entry, "width");
  height = read_uint (entry, "height");
  if (sha256 == NULL || mime_type == NULL || !is_prepared_type (extension) ||
      width == 0 || height == 0)
    return NULL;

  /* Unchanged bytes are not stored twice: the entry points at the original. */
  if (g_str_equal (sha256, original_sha256))
    bytes = g_bytes_ref (original);
  else
    bytes = read_prepared (original_sha256, extension, sha256);
  if (bytes == NULL)
    return NULL;

  read_origin (entry, &origin);
  reference = _fs_reference_new (bytes, sha256, name, mime_type, extension, width, height);
  _fs_reference_set_origin (reference, source_path, &origin);
  return reference;
}

static JsonNode *
build_entry (FsReference *reference)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const FsReferenceOrigin *origin = _fs_reference_get_origin (reference);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, CACHE_VERSION);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, fs_reference_get_sha256 (reference));
  json_builder_set_member_name (builder, "mime_type");
  json_builder_add_string_value (builder, fs_reference_get_mime_type (reference));
  json_builder_set_member_name (builder, "extension");
  json_builder_add_string_value (builder, fs_reference_get_extension (reference));
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, fs_reference_get_width (reference));
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, fs_reference_get_height (reference));
  json_builder_set_member_name (builder, "original_width");
  json_builder_add_int_value (builder, origin->original_width);
  json_builder_set_member_name (builder, "original_height");
  json_builder_add_int_value (builder, origin->original_height);
  json_builder_set_member_name (builder, "downscaled");
  json_builder_add_boolean_value (builder, origin->downscaled);
  json_builder_set_member_name (builder, "colour_converted");
  json_builder_add_boolean_value (builder, origin->colour_converted);
  json_builder_set_member_name (builder, "rotated");
  json_builder_add_boolean_value (builder, origin->rotated);
  json_builder_set_member_name (builder, "sent_full_size");
  json_builder_add_boolean_value (builder, origin->sent_full_size);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
write_file (const char    *path,
            const char    *contents,
            gsize          length,
            GError       **error)
{
  return g_file_set_contents_full (path, contents, (gssize) length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

void
_fs_reference_cache_store (const char  *original_sha256,
                           FsReference *reference)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) entry = build_entry (reference);
  g_autofree char *json = json_to_string (entry, FALSE);
  g_autofree char *json_path = cache_path (original_sha256, "json");
  g_autofree char *dir = g_path_get_dirname (json_path);
  GBytes *bytes = fs_reference_get_bytes (reference);
  gboolean changed = !g_str_equal (fs_reference_get_sha256 (reference), original_sha256);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_debug ("Could not make the reference cache %s: %s", dir, g_strerror (errno));
      return;
    }

  if (changed)
    {
      g_autofree char *path = cache_path (original_sha256, fs_reference_get_extension (reference));

      if (!write_file (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error))
        {
          g_debug ("Could not cache the prepared reference: %s", error->message);
          return;
        }
    }

  if (!write_file (json_path, json, strlen (json), &error))
    g_debug ("Could not cache the prepared reference: %s", error->message);
}
