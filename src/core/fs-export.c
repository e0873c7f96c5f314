/* fs-export.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs-a1111.h"
#include "fs-asset.h"
#include "fs-error.h"
#include "fs-export.h"
#include "fs-file.h"
#include "fs-image.h"
#include "fs-json.h"
#include "fs-metadata.h"
#include "fs-provider.h"

/* docs/ARCHITECTURE.md, “Export”. */

#define TEMP_TEMPLATE ".flux-studio-export-XXXXXX.part"
/* "name (9999).png" is far enough to look for a free name. */
#define MAX_SUFFIX 9999

void
fs_export_result_free (FsExportResult *result)
{
  if (result == NULL)
    return;

  g_free (result->source);
  g_free (result->path);
  g_clear_error (&result->error);
  g_free (result);
}

/* What went wrong in the export folder, and what to do. */
static gboolean
set_folder_error (GError     **error,
                  const char  *folder,
                  int          saved_errno)
{
  switch (saved_errno)
    {
    case ENOSPC:
    case EDQUOT:
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   _("The disk holding “%s” is full — free some space or export to "
                     "another folder"), folder);
      break;
    case EROFS:
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   _("The folder “%s” is read-only — export to another folder"), folder);
      break;
    case ENOENT:
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   _("The folder “%s” is gone — create it again or export to another "
                     "folder"), folder);
      break;
    case ENOTDIR:
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("“%s” is a file, not a folder — export to a folder"), folder);
      break;
    case EACCES:
    case EPERM:
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   _("Flux Studio may not write to the folder “%s” — check its "
                     "permissions or export to another folder"), folder);
      break;
    default:
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   _("Could not write to the folder “%s”: %s"), folder,
                   g_strerror (saved_errno));
    }

  return FALSE;
}

/* The record's words for the XMP packet. The sandbox draws shapes from a
 * seeded generator: no trained model made its pictures, so they are
 * "algorithmic media" and name no AI system. */
static char *
build_xmp (FsAsset  *asset,
           gsize     max_bytes,
           gboolean *truncated)
{
  JsonObject *record = fs_asset_get_record (asset);
  const char *provider_id = fs_asset_get_provider_id (asset);
  const FsProviderInfo *info = provider_id != NULL ? fs_provider_info_lookup (provider_id) : NULL;
  const char *model_id = fs_asset_get_model_id (asset);
  const char *model_name = NULL;
  g_autofree char *ai_system = NULL;
  g_autofree char *date = NULL;
  FsXmpFields fields = { NULL, };

  if (record != NULL && json_object_has_member (record, "model_name") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (record, "model_name")) &&
      json_node_get_value_type (json_object_get_member (record, "model_name")) == G_TYPE_STRING)
    model_name = json_object_get_string_member (record, "model_name");
  if (model_name == NULL || *model_name == '\0')
    model_name = model_id;

  fields.description = fs_asset_get_prompt (asset);
  fields.creator_tool = "Flux Studio " PACKAGE_VERSION;
  if (fs_asset_get_created (asset) != NULL)
    fields.create_date = date = g_date_time_format (fs_asset_get_created (asset),
                                                    "%Y-%m-%dT%H:%M:%S%:z");

  if (info != NULL && info->local)
    fields.digital_source_type = FS_DIGITAL_SOURCE_ALGORITHMIC;
  else
    {
      fields.digital_source_type = FS_DIGITAL_SOURCE_TRAINED;
      /* The provider's name as the catalog writes it, not translated:
       * metadata is read in any language. */
      if (model_name != NULL && info != NULL)
        ai_system = g_strdup_printf ("%s (%s)", model_name, info->name);
      else if (model_name != NULL)
        ai_system = g_strdup (model_name);
      fields.ai_system = ai_system;
      fields.ai_system_version = model_id;
    }

  return fs_metadata_build_xmp (&fields, max_bytes, truncated);
}

static GBytes *
make_copy (FsAsset        *asset,
           GBytes         *original,
           FsExportFlags   flags,
           gboolean       *truncated,
           GError        **error)
{
  FsMetadataFormat format = fs_metadata_detect (original);
  g_autofree char *xmp = NULL;
  g_autofree char *parameters = NULL;

  if (flags & FS_EXPORT_STRIP_METADATA)
    return fs_metadata_strip (original, error);

  /* A JPEG holds at most one APP1 segment's worth of XMP; the prompt is
   * cut to fit (it is whole in the gallery's record). */
  xmp = build_xmp (asset, format == FS_METADATA_JPEG ? FS_METADATA_JPEG_XMP_MAX : G_MAXSIZE,
                   truncated);
  if (format == FS_METADATA_PNG)
    {
      g_autoptr(FsA1111) settings = fs_a1111_new_for_asset (asset);

      parameters = fs_a1111_to_string (settings);
    }

  return fs_metadata_embed (original, parameters, xmp, error);
}

/* "name.png", then "name (2).png", "name (3).png" … */
static char *
candidate_name (const char *name,
                guint       n)
{
  const char *dot = strrchr (name, '.');

  if (n == 1)
    return g_strdup (name);
  if (dot == NULL || dot == name)
    return g_strdup_printf ("%s (%u)", name, n);

  return g_strdup_printf ("%.*s (%u)%s", (int) (dot - name), name, n, dot);
}

static char *
write_copy (const char    *folder,
            const char    *name,
            GBytes        *bytes,
            GCancellable  *cancellable,
            GError       **error)
{
  int saved_errno = 0;
  g_autofree char *temp_path = fs_file_write_temp (folder, TEMP_TEMPLATE, bytes, &saved_errno);

  if (temp_path == NULL)
    {
      set_folder_error (error, folder, saved_errno);
      return NULL;
    }

  for (guint n = 1; n <= MAX_SUFFIX; n++)
    {
      g_autofree char *candidate = candidate_name (name, n);
      g_autofree char *path = g_build_filename (folder, candidate, NULL);
      if (fs_file_publish (temp_path, path, &saved_errno))
        {
          fs_file_sync_folder (folder);
          return g_steal_pointer (&path);
        }
      if (saved_errno != EEXIST)
        {
          g_unlink (temp_path);
          set_folder_error (error, folder, saved_errno);
          return NULL;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_unlink (temp_path);
          return NULL;
        }
    }

  g_unlink (temp_path);
  g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
               _("The folder “%s” already holds “%s” and %u copies of it — export to "
                 "another folder"), folder, name, MAX_SUFFIX - 1);
  return NULL;
}

char *
fs_export_copy (FsAsset        *asset,
                const char     *folder,
                FsExportFlags   flags,
                gboolean       *truncated,
                GCancellable   *cancellable,
                GError        **error)
{
  const char *source;
  const char *sha256;
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GBytes) copy = NULL;
  g_autofree char *name = NULL;
  g_autofree char *actual = NULL;
  gboolean cut = FALSE;

  g_return_val_if_fail (FS_IS_ASSET (asset), NULL);
  g_return_val_if_fail (folder != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (truncated != NULL)
    *truncated = FALSE;

  source = fs_asset_get_path (asset);
  original = fs_file_read_path (source, FS_FILE_MAX_IMAGE_BYTES, cancellable, error);
  if (original == NULL)
    return NULL;

  /* The record describes certain bytes: a file that is no longer those
   * bytes is damaged, and a copy would carry a record that is not its
   * own (docs/ARCHITECTURE.md, “Damaged records”). */
  sha256 = fs_asset_get_sha256 (asset);
  if (sha256 != NULL && *sha256 != '\0')
    {
      actual = fs_file_sha256_bytes (original);
      if (g_ascii_strcasecmp (actual, sha256) != 0)
        {
          g_set_error (error, FS_ERROR, FS_ERROR_FAILED,
                       /* Translators: an image's path, then what is wrong and what to do */
                       _("%s is not exported: %s"), source,
                       fs_asset_damage_describe (FS_ASSET_SHA256_MISMATCH));
          return NULL;
        }
    }

  copy = make_copy (asset, original, flags, &cut, error);
  if (copy == NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  name = g_path_get_basename (source);
  if (truncated != NULL)
    *truncated = cut;

  return write_copy (folder, name, copy, cancellable, error);
}

/* Many images ------------------------------------------------------------------ */

typedef struct
{
  GPtrArray     *assets;
  char          *folder;
  FsExportFlags  flags;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_ptr_array_unref (data->assets);
  g_free (data->folder);
  g_free (data);
}

static gboolean
prepare_folder (const char  *folder,
                GError     **error)
{
  GStatBuf st;

  if (g_mkdir_with_parents (folder, 0755) != 0)
    return set_folder_error (error, folder, errno);
  if (g_stat (folder, &st) != 0)
    return set_folder_error (error, folder, errno);
  if (!S_ISDIR (st.st_mode))
    return set_folder_error (error, folder, ENOTDIR);

  return TRUE;
}

/* The image with its whole record: a light asset from the index holds
 * only a summary (the prompt's first 500 characters), so its sidecar is
 * read here, in the worker, into an asset of the export's own. */
static FsAsset *
full_asset (FsAsset  *asset,
            GError  **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GBytes) contents = NULL;
  JsonNode *root;

  if (fs_asset_has_record (asset))
    return g_object_ref (asset);

  contents = fs_file_read_path (fs_asset_get_sidecar_path (asset), FS_JSON_MAX_RECORD_BYTES,
                                NULL, error);
  if (contents == NULL)
    return NULL;

  parser = json_parser_new_immutable ();
  if (!fs_json_parser_load (parser, g_bytes_get_data (contents, NULL),
                            g_bytes_get_size (contents), FS_JSON_MAX_RECORD_BYTES, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   _("The record of “%s” cannot be read"), fs_asset_get_path (asset));
      return NULL;
    }

  return fs_asset_new_from_record (fs_asset_get_path (asset), json_node_get_object (root));
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autoptr(GPtrArray) results = NULL;
  GError *error = NULL;

  if (!prepare_folder (data->folder, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) fs_export_result_free);
  for (guint i = 0; i < data->assets->len; i++)
    {
      FsExportResult *result = g_new0 (FsExportResult, 1);
      g_autoptr(FsAsset) asset = full_asset (g_ptr_array_index (data->assets, i),
                                             &result->error);

      result->source = g_strdup (fs_asset_get_path (g_ptr_array_index (data->assets, i)));
      result->stripped = (data->flags & FS_EXPORT_STRIP_METADATA) != 0;
      if (asset != NULL)
        result->path = fs_export_copy (asset, data->folder, data->flags, &result->truncated,
                                       cancellable, &result->error);
      g_ptr_array_add (results, result);
    }

  g_task_return_pointer (task, g_steal_pointer (&results), (GDestroyNotify) g_ptr_array_unref);
}

void
fs_export_async (GPtrArray           *assets,
                 const char          *folder,
                 FsExportFlags        flags,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (assets != NULL);
  g_return_if_fail (folder != NULL);

  data = g_new0 (ExportData, 1);
  /* The assets are immutable; the array is the caller's. */
  data->assets = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < assets->len; i++)
    g_ptr_array_add (data->assets, g_object_ref (g_ptr_array_index (assets, i)));
  data->folder = g_strdup (folder);
  data->flags = flags;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_export_async);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

GPtrArray *
fs_export_finish (GAsyncResult  *result,
                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fs_export_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
