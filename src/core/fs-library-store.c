/* fs-library-store.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "fs-asset-private.h"
#include "fs-error.h"
#include "fs-file.h"
#include "fs-image.h"
#include "fs-json.h"
#include "fs-library-files.h"
#include "fs-library-index.h"
#include "fs-lease.h"
#include "fs-library-store.h"

/* Far more than saves of one model and seed within one second need. */
#define MAX_NAME_ATTEMPTS 1000

struct _FsLibraryStore
{
  char           *folder_path;
  char           *db_path;

  /* Guards the index, opened lazily by whichever worker needs it first;
   * it stays open until the store is freed. */
  GMutex          index_lock;
  FsLibraryIndex *index;
  gboolean        db_was_missing;

  /* Saves hold it for reading and rebuilds for writing, so a rebuild never
   * drops the row of a save that lands while it scans the folder. */
  GRWLock         rebuild_lock;
};

FsLibraryStore *
fs_library_store_new (const char *folder_path,
                      const char *db_path)
{
  FsLibraryStore *self = g_new0 (FsLibraryStore, 1);

  self->folder_path = g_strdup (folder_path);
  self->db_path = g_strdup (db_path);
  g_mutex_init (&self->index_lock);
  g_rw_lock_init (&self->rebuild_lock);

  return self;
}

void
fs_library_store_free (FsLibraryStore *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->index, fs_library_index_close);
  g_mutex_clear (&self->index_lock);
  g_rw_lock_clear (&self->rebuild_lock);
  g_free (self->folder_path);
  g_free (self->db_path);
  g_free (self);
}

static gboolean
make_folder (const char  *path,
             int          mode,
             GError     **error)
{
  if (g_mkdir_with_parents (path, mode) == 0)
    return TRUE;

  g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
               _("Could not create the folder “%s”: %s"),
               path, g_strerror (errno));
  return FALSE;
}

static FsLibraryIndex *
ensure_index (FsLibraryStore  *self,
              GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->index_lock);
  g_autofree char *parent = NULL;

  if (self->index != NULL)
    return self->index;

  parent = g_path_get_dirname (self->db_path);
  if (!make_folder (parent, 0700, error))
    return NULL;

  self->index = fs_library_index_open (self->db_path, &self->db_was_missing, error);

  return self->index;
}

static gboolean
take_db_was_missing (FsLibraryStore *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->index_lock);
  gboolean was_missing = self->db_was_missing;

  self->db_was_missing = FALSE;

  return was_missing;
}

static void
reverse (GPtrArray *array)
{
  for (guint i = 0, j = array->len; j > i + 1; i++, j--)
    {
      gpointer swap = array->pdata[i];

      array->pdata[i] = array->pdata[j - 1];
      array->pdata[j - 1] = swap;
    }
}

/* Damaged records (docs/ARCHITECTURE.md, “Damaged records”) ---------- */

/* The hash recorded for the file as it is now, or NULL. */
static const char *
cached_sha256 (GHashTable *checks,
               FsAsset    *asset,
               gint64      size,
               gint64      mtime)
{
  FsImageCheck *check = checks ? g_hash_table_lookup (checks, fs_asset_get_path (asset)) : NULL;

  if (check == NULL || check->size != size || check->mtime != mtime)
    return NULL;

  return check->sha256;
}

static FsAssetDamage
compare_sha256 (FsAsset    *asset,
                const char *sha256)
{
  const char *recorded = fs_asset_get_sha256 (asset);

  if (sha256 == NULL || recorded[0] == '\0' || g_ascii_strcasecmp (sha256, recorded) == 0)
    return FS_ASSET_INTACT;

  return FS_ASSET_SHA256_MISMATCH;
}

/* On every listing, cheaply: a stat() of each image, and a hash computed
 * before for the file as it is now. Hashing is fs_library_store_verify()'s. */
static void
check_images (FsLibraryIndex *index,
              GPtrArray      *assets)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) checks = fs_library_index_image_checks (index, &error);

  if (checks == NULL)
    g_debug ("No image checks to compare with: %s", error->message);

  for (guint i = 0; i < assets->len; i++)
    {
      FsAsset *asset = g_ptr_array_index (assets, i);
      gint64 size, mtime;
      FsAssetDamage damage = fs_library_files_stat_image (asset, &size, &mtime);

      if (damage == FS_ASSET_INTACT)
        damage = compare_sha256 (asset, cached_sha256 (checks, asset, size, mtime));
      _fs_asset_set_damage (asset, damage);
    }
}

static GPtrArray *
checked (FsLibraryIndex *index,
         GPtrArray      *assets)
{
  if (assets != NULL)
    check_images (index, assets);

  return assets;
}

/* Hashes the file unless a hash of it as it is now is recorded, and
 * records it. A file that cannot be read now is taken as it was found. */
static FsAssetDamage
verify_image (FsLibraryIndex *index,
              GHashTable     *checks,
              FsAsset        *asset,
              GCancellable   *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  FsImageCheck check = { 0, };
  FsAssetDamage damage = fs_library_files_stat_image (asset, &check.size, &check.mtime);

  if (damage != FS_ASSET_INTACT || fs_asset_get_sha256 (asset)[0] == '\0')
    return damage;

  sha256 = g_strdup (cached_sha256 (checks, asset, check.size, check.mtime));
  if (sha256 != NULL)
    return compare_sha256 (asset, sha256);

  sha256 = fs_file_sha256 (fs_asset_get_path (asset), FS_FILE_MAX_IMAGE_BYTES, cancellable,
                           &error);
  if (sha256 == NULL)
    {
      g_debug ("Could not verify %s: %s", fs_asset_get_path (asset), error->message);
      return damage;
    }

  check.sha256 = sha256;
  if (!fs_library_index_set_image_check (index, fs_asset_get_path (asset), &check, &error))
    g_debug ("Could not record the check of %s: %s", fs_asset_get_path (asset),
             error->message);

  return compare_sha256 (asset, sha256);
}

GHashTable *
fs_library_store_verify (FsLibraryStore  *self,
                         GPtrArray       *assets,
                         GCancellable    *cancellable,
                         GError         **error)
{
  g_autoptr(GHashTable) results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) checks = NULL;
  FsLibraryIndex *index = ensure_index (self, error);

  if (index == NULL || (checks = fs_library_index_image_checks (index, error)) == NULL)
    return NULL;

  for (guint i = 0; i < assets->len; i++)
    {
      FsAsset *asset = g_ptr_array_index (assets, i);
      FsAssetDamage damage;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      damage = verify_image (index, checks, asset, cancellable);
      g_hash_table_replace (results, g_strdup (fs_asset_get_path (asset)),
                            GUINT_TO_POINTER (damage));
    }

  return g_steal_pointer (&results);
}

/* Listing ----------------------------------------------------------------- */

typedef struct
{
  const char   *folder_path;
  GCancellable *cancellable;
} Scan;

static GPtrArray *
scan_cb (gpointer   user_data,
         GError   **error)
{
  Scan *scan = user_data;

  return fs_library_files_scan (scan->folder_path, scan->cancellable, error);
}

static GPtrArray *
rebuild (FsLibraryStore  *self,
         FsLibraryIndex  *index,
         GCancellable    *cancellable,
         GError         **error)
{
  g_autoptr(GPtrArray) assets = NULL;
  Scan scan = { self->folder_path, cancellable };

  /* The rebuild lock keeps this process's saves apart; the index's write
   * transaction, around the scan, those of other processes. */
  g_rw_lock_writer_lock (&self->rebuild_lock);
  assets = fs_library_index_replace_all (index, scan_cb, &scan, error);
  g_rw_lock_writer_unlock (&self->rebuild_lock);

  /* The scan lists the oldest first; the library shows the newest first. */
  if (assets != NULL)
    reverse (assets);

  return checked (index, g_steal_pointer (&assets));
}

GPtrArray *
fs_library_store_rebuild (FsLibraryStore  *self,
                          GCancellable    *cancellable,
                          GError         **error)
{
  FsLibraryIndex *index;

  if (!make_folder (self->folder_path, 0755, error))
    return NULL;

  index = ensure_index (self, error);
  if (index == NULL)
    return NULL;

  return rebuild (self, index, cancellable, error);
}

GPtrArray *
fs_library_store_open (FsLibraryStore  *self,
                       GCancellable    *cancellable,
                       GError         **error)
{
  FsLibraryIndex *index;
  gint64 count;

  if (!make_folder (self->folder_path, 0755, error))
    return NULL;

  fs_library_files_remove_stale (self->folder_path);

  index = ensure_index (self, error);
  if (index == NULL)
    return NULL;

  count = fs_library_index_count (index, error);
  if (count < 0)
    return NULL;

  /* The sidecars are the source of truth: a missing or empty index next
   * to sidecars is rebuilt from them. */
  if (take_db_was_missing (self) ||
      (count == 0 && fs_library_files_has_sidecars (self->folder_path)))
    return rebuild (self, index, cancellable, error);

  return checked (index, fs_library_index_query (index, NULL, error));
}

static char *
claim_name (const char  *folder,
            const char  *temp_path,
            const char  *stem,
            const char  *extension,
            GError     **error)
{
  for (guint n = 1; n <= MAX_NAME_ATTEMPTS; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup (stem) : g_strdup_printf ("%s-%u", stem, n);
      g_autofree char *base = g_build_filename (folder, name, NULL);
      g_autofree char *sidecar = g_strconcat (base, ".json", NULL);
      g_autofree char *image = g_strconcat (base, ".", extension, NULL);
      g_autoptr(GError) local_error = NULL;

      /* A sidecar whose image was deleted still owns its name. */
      if (g_file_test (sidecar, G_FILE_TEST_EXISTS))
        continue;

      if (fs_library_files_publish (temp_path, image, &local_error))
        return g_steal_pointer (&base);

      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
               _("Could not find a free file name for “%s” in the gallery folder"), stem);
  return NULL;
}

/* Returns the saved image's path without its extension: the stem it
 * shares with its sidecar. */
static char *
write_image (FsLibraryStore  *self,
             JsonObject      *record,
             GBytes          *image,
             const char      *staged_path,
             guint            index,
             GDateTime       *now,
             const char      *extension,
             GError         **error)
{
  g_autofree char *stem = fs_library_files_make_stem (now, record, index);
  g_autofree char *temp_path = NULL;
  char *base;

  /* Bytes downloaded into a temporary file in the folder, fsynced, are
   * published as they are, not written again (fs-download.c). */
  if (staged_path != NULL)
    return claim_name (self->folder_path, staged_path, stem, extension, error);

  temp_path = fs_library_files_write_temp (self->folder_path, image, error);
  if (temp_path == NULL)
    return NULL;

  base = claim_name (self->folder_path, temp_path, stem, extension, error);
  if (base == NULL)
    g_unlink (temp_path);

  return base;
}

static void
add_image_info (JsonObject *record,
                const char *image_path,
                const char *sha256,
                const char *mime_type,
                guint       width,
                guint       height,
                gsize       size,
                GDateTime  *now)
{
  JsonObject *image = json_object_new ();
  g_autofree char *file = g_path_get_basename (image_path);
  g_autofree char *saved_at = g_date_time_format_iso8601 (now);

  json_object_set_string_member (image, "file", file);
  json_object_set_string_member (image, "sha256", sha256);
  json_object_set_int_member (image, "width", width);
  json_object_set_int_member (image, "height", height);
  json_object_set_string_member (image, "mime_type", mime_type);
  json_object_set_int_member (image, "bytes", size);
  json_object_set_object_member (record, "image", image);
  json_object_set_string_member (record, "saved_at", saved_at);
}

static gboolean
write_sidecar (const char  *path,
               JsonObject  *record,
               GError     **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), record);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GBytes) bytes = NULL;
  GString *text;

  /* Pretty, with a final newline: people read and diff sidecars. */
  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_gstring (generator, g_string_new (NULL));
  g_string_append_c (text, '\n');
  bytes = g_string_free_to_bytes (text);

  return fs_library_files_replace (path, bytes, error);
}

/* The files are saved and the sidecar is the source of truth, so a failed
 * index row is restored by the next rebuild and does not fail the save. */
static void
index_asset (FsLibraryStore *self,
             FsAsset        *asset)
{
  g_autoptr(GError) error = NULL;
  FsLibraryIndex *index = ensure_index (self, &error);

  if (index == NULL || !fs_library_index_add (index, asset, &error))
    g_warning ("Could not index %s: %s", fs_asset_get_path (asset), error->message);
}

/* @staged_path, when given, is a temporary file in the folder holding
 * @image, and @sha256 their hash. */
static FsAsset *
save_files (FsLibraryStore  *self,
            JsonObject      *record,
            GBytes          *image,
            const char      *staged_path,
            const char      *staged_sha256,
            guint            index,
            GError         **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *mime_type = NULL;
  g_autofree char *extension = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *base = NULL;
  g_autofree char *image_path = NULL;
  g_autofree char *sidecar_path = NULL;
  guint width = 0;
  guint height = 0;

  /* Probing before anything else: refused bytes never touch the disk. A
   * folder that vanished is not made again here: it may be a drive that
   * was unplugged (the library makes it when it opens). */
  if (!fs_image_probe (image, &mime_type, &extension, &width, &height, error))
    return NULL;
  if (!g_file_test (self->folder_path, G_FILE_TEST_IS_DIR))
    {
      fs_library_files_set_error (error, self->folder_path, ENOENT);
      return NULL;
    }

  base = write_image (self, record, image, staged_path, index, now, extension, error);
  if (base == NULL)
    return NULL;

  image_path = g_strconcat (base, ".", extension, NULL);
  sidecar_path = g_strconcat (base, ".json", NULL);
  sha256 = staged_sha256 != NULL ? g_strdup (staged_sha256) : fs_file_sha256_bytes (image);
  add_image_info (record, image_path, sha256, mime_type, width, height,
                  g_bytes_get_size (image), now);
  if (!write_sidecar (sidecar_path, record, error))
    return NULL;

  fs_library_files_sync_folder (self->folder_path);
  json_object_seal (record);

  return fs_asset_new_from_record (image_path, record);
}

FsAsset *
fs_library_store_save (FsLibraryStore  *self,
                       JsonObject      *record,
                       GBytes          *image,
                       guint            index,
                       GError         **error)
{
  FsAsset *asset;

  g_rw_lock_reader_lock (&self->rebuild_lock);
  asset = save_files (self, record, image, NULL, NULL, index, error);
  if (asset != NULL)
    index_asset (self, asset);
  g_rw_lock_reader_unlock (&self->rebuild_lock);

  return asset;
}

/* Job outputs ---------------------------------------------------------------- */

/* The output was saved by an earlier owner of the job: its asset. */
static FsAsset *
saved_before (FsLibraryIndex  *index,
              const char      *path,
              GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  FsAsset *asset = fs_library_index_lookup (index, path, &local_error);

  if (asset == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                 "Output saved before as %s, no longer indexed: %s", path, local_error->message);
  return asset;
}

/* A save that died between writing the sidecar and marking the output
 * left its files: they are taken as they are instead of saved twice. */
static FsAsset *
adopt_files (FsLibraryStore *self,
             FsLibraryIndex *index,
             const char     *job_id,
             guint           output,
             JsonObject     *row)
{
  JsonNode *received = json_object_get_member (row, "received");
  g_autoptr(GError) error = NULL;
  FsAsset *asset;

  asset = fs_library_files_find_output (self->folder_path, job_id, output,
                                        received != NULL ? json_node_get_int (received) : 0);
  if (asset != NULL && !fs_library_index_add_output (index, asset, job_id, output, &error))
    g_warning ("Could not index %s: %s", fs_asset_get_path (asset), error->message);

  return asset;
}

static void
remove_recovery (JsonObject *row)
{
  const char *recovery = fs_json_get_string (row, "recovery");

  if (recovery != NULL && g_unlink (recovery) != 0 && errno != ENOENT)
    g_warning ("Could not remove %s: %s", recovery, g_strerror (errno));
}

static FsAsset *
save_claimed (FsLibraryStore  *self,
              FsLibraryIndex  *index,
              const char      *job_id,
              guint            output,
              JsonObject      *record,
              GBytes          *image,
              const char      *staged_path,
              const char      *sha256,
              GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  FsAsset *asset;

  g_rw_lock_reader_lock (&self->rebuild_lock);
  asset = save_files (self, record, image, staged_path, sha256, output, error);
  if (asset != NULL && !fs_library_index_add_output (index, asset, job_id, output, &local_error))
    {
      /* As for any save: the sidecar restores the row at the next
       * rebuild, and the lease keeps anyone else from saving it again. */
      g_warning ("Could not index %s: %s", fs_asset_get_path (asset), local_error->message);
    }
  g_rw_lock_reader_unlock (&self->rebuild_lock);

  return asset;
}

/* A staged file's bytes, read through a mapping: the probe reads its
 * header and the chunks' or segments' markers, not every byte. */
static GBytes *
map_staged (const char  *path,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, &local_error);

  if (mapped == NULL && g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      /* Gone with its folder, say: only a new download brings it back. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The downloaded image is gone: %s"), local_error->message);
      return NULL;
    }
  if (mapped == NULL)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   _("The downloaded image could not be read: %s"), local_error->message);
      return NULL;
    }

  return g_mapped_file_get_bytes (mapped);
}

/* The staged file is of no more use: the output was saved before, or its
 * bytes are not an image. */
static void
drop_staged (const char *staged_path)
{
  if (staged_path != NULL && g_unlink (staged_path) != 0 && errno != ENOENT)
    g_debug ("Could not remove %s: %s", staged_path, g_strerror (errno));
}

static FsAsset *
save_output (FsLibraryStore  *self,
             const char      *job_id,
             guint            output,
             JsonObject      *record,
             GBytes          *image,
             const char      *staged_path,
             const char      *sha256,
             GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) row = NULL;
  const char *token = fs_lease_process_token ();
  FsLibraryIndex *index = ensure_index (self, error);
  const char *claim;
  FsAsset *asset;

  if (index == NULL)
    return NULL;

  /* The claim guards the save itself, beyond the job's lease: an output
   * marked saved is never written again. */
  row = fs_library_index_claim_output (index, job_id, output, token, &local_error);
  if (row == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (fs_json_get_string (row, "saved") != NULL)
    {
      drop_staged (staged_path);
      return saved_before (index, fs_json_get_string (row, "saved"), error);
    }

  claim = fs_json_get_string (row, "claim");
  if (claim != NULL && !g_str_equal (claim, token) &&
      (asset = adopt_files (self, index, job_id, output, row)) != NULL)
    {
      drop_staged (staged_path);
      remove_recovery (row);
      return asset;
    }

  /* A staged file is published by the save (link() and unlink(), or a
   * rename); only what the folder refused is left, for the recovery
   * folder. */
  asset = save_claimed (self, index, job_id, output, record, image, staged_path, sha256,
                        &local_error);
  if (asset != NULL)
    remove_recovery (row);
  else if (!g_error_matches (local_error, FS_ERROR, FS_ERROR_STORAGE))
    drop_staged (staged_path);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return asset;
}

FsAsset *
fs_library_store_save_output (FsLibraryStore  *self,
                              const char      *job_id,
                              guint            output,
                              JsonObject      *record,
                              GBytes          *image,
                              GError         **error)
{
  return save_output (self, job_id, output, record, image, NULL, NULL, error);
}

FsAsset *
fs_library_store_save_output_staged (FsLibraryStore  *self,
                                     const char      *job_id,
                                     guint            output,
                                     JsonObject      *record,
                                     const char      *staged_path,
                                     const char      *sha256,
                                     GError         **error)
{
  g_autoptr(GBytes) image = map_staged (staged_path, error);

  if (image == NULL)
    return NULL;

  return save_output (self, job_id, output, record, image, staged_path, sha256, error);
}

static char *
recovery_name (const char *job_id,
               guint       output,
               GBytes     *image)
{
  g_autofree char *safe = fs_library_files_safe_name (job_id);
  g_autofree char *extension = NULL;

  if (!fs_image_probe (image, NULL, &extension, NULL, NULL, NULL))
    extension = g_strdup ("bin");

  return g_strdup_printf ("%s-%u.%s", safe, output, extension);
}

char *
fs_library_store_keep_output_staged (FsLibraryStore  *self,
                                     const char      *job_id,
                                     guint            output,
                                     const char      *staged_path,
                                     GError         **error)
{
  g_autoptr(GBytes) image = map_staged (staged_path, error);
  char *path;

  if (image == NULL)
    return NULL;

  path = fs_library_store_keep_output (self, job_id, output, image, error);
  if (path != NULL)
    drop_staged (staged_path);
  return path;
}

char *
fs_library_store_keep_output (FsLibraryStore  *self,
                              const char      *job_id,
                              guint            output,
                              GBytes          *image,
                              GError         **error)
{
  g_autofree char *dir = fs_library_files_recovery_dir ();
  g_autofree char *name = recovery_name (job_id, output, image);
  g_autofree char *path = NULL;
  FsLibraryIndex *index;

  path = fs_library_files_keep (dir, name, image, error);
  if (path == NULL)
    return NULL;

  /* Kept bytes the journal does not know of would never be saved. */
  index = ensure_index (self, error);
  if (index == NULL || !fs_library_index_set_recovery (index, job_id, output, path, error))
    {
      g_unlink (path);
      return NULL;
    }

  return g_steal_pointer (&path);
}

gboolean
fs_library_store_journal_outputs (FsLibraryStore  *self,
                                  const char      *job_id,
                                  JsonArray       *outputs,
                                  GError         **error)
{
  FsLibraryIndex *index = ensure_index (self, error);

  return index != NULL && fs_library_index_journal_outputs (index, job_id, outputs, error);
}

/* Leases --------------------------------------------------------------------- */

static char *
lease_dir (FsLibraryStore *self)
{
  g_autofree char *parent = g_path_get_dirname (self->db_path);

  return g_build_filename (parent, "leases", NULL);
}

FsLease *
fs_library_store_take_lease (FsLibraryStore  *self,
                             const char      *job_id,
                             GError         **error)
{
  g_autofree char *dir = lease_dir (self);

  return fs_lease_take (dir, job_id, error);
}

static gboolean
row_is_finished (JsonObject *row)
{
  static const char * const finished[] = { "saved", "failed", "cancelled", NULL };
  const char *state = fs_json_get_string (row, "state");

  return state != NULL && g_strv_contains (finished, state);
}

/* Takes the lease of the row, then reads the row again: the job may have
 * ended between the listing and the lease. */
static FsJobClaim *
claim_row (FsLibraryStore *self,
           FsLibraryIndex *index,
           JsonObject     *row,
           guint          *n_busy)
{
  const char *job_id = fs_json_get_string (row, "job_id");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) fresh = NULL;
  FsLease *lease;
  FsJobClaim *claim;

  if (job_id == NULL)
    return NULL;

  lease = fs_library_store_take_lease (self, job_id, &error);
  if (lease == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY))
        (*n_busy)++;
      else
        g_warning ("Could not take the lease of job %s: %s", job_id, error->message);
      return NULL;
    }

  fresh = fs_library_index_job (index, job_id, &error);
  if (fresh == NULL || row_is_finished (fresh))
    {
      fs_lease_finish (lease);
      return NULL;
    }

  claim = g_new0 (FsJobClaim, 1);
  claim->row = g_steal_pointer (&fresh);
  claim->lease = lease;
  return claim;
}

GPtrArray *
fs_library_store_claim_unfinished (FsLibraryStore  *self,
                                   guint           *n_busy,
                                   GError         **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *claims;
  FsLibraryIndex *index = ensure_index (self, error);

  *n_busy = 0;
  if (index == NULL || (rows = fs_library_index_unfinished (index, error)) == NULL)
    return NULL;

  claims = g_ptr_array_new_with_free_func ((GDestroyNotify) fs_job_claim_free);
  for (guint i = 0; i < rows->len; i++)
    {
      FsJobClaim *claim = claim_row (self, index, g_ptr_array_index (rows, i), n_busy);

      if (claim != NULL)
        g_ptr_array_add (claims, claim);
    }

  return claims;
}

/* A record that grew after the save (the colour check): the sidecar is
 * rewritten and the index row replaced, under the same lock as a save. */
FsAsset *
fs_library_store_update_record (FsLibraryStore  *self,
                                const char      *image_path,
                                const char      *sidecar_path,
                                JsonObject      *record,
                                GError         **error)
{
  FsAsset *asset = NULL;

  g_rw_lock_reader_lock (&self->rebuild_lock);
  /* Deleted meanwhile: writing would bring back its sidecar and row. */
  if (!g_file_test (image_path, G_FILE_TEST_EXISTS))
    g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                 _("“%s” was deleted before its record could be updated"), image_path);
  else if (write_sidecar (sidecar_path, record, error))
    {
      json_object_seal (record);
      asset = fs_asset_new_from_record (image_path, record);
      index_asset (self, asset);
    }
  g_rw_lock_reader_unlock (&self->rebuild_lock);

  return asset;
}

GPtrArray *
fs_library_store_search (FsLibraryStore  *self,
                         const char      *text,
                         GError         **error)
{
  FsLibraryIndex *index = ensure_index (self, error);

  if (index == NULL)
    return NULL;

  return checked (index, fs_library_index_query (index, text, error));
}

gboolean
fs_library_store_journal (FsLibraryStore  *self,
                          const char      *job_id,
                          const char      *state,
                          const char      *request_json,
                          const char      *polling_url,
                          const char      *detail,
                          GError         **error)
{
  FsLibraryIndex *index = ensure_index (self, error);

  if (index == NULL)
    return FALSE;

  return fs_library_index_journal (index, job_id, state, request_json,
                                   polling_url, detail, error);
}

GPtrArray *
fs_library_store_unfinished (FsLibraryStore  *self,
                             GError         **error)
{
  FsLibraryIndex *index = ensure_index (self, error);

  if (index == NULL)
    return NULL;

  return fs_library_index_unfinished (index, error);
}

GStrv
fs_library_store_prompts (FsLibraryStore  *self,
                          const char      *text,
                          guint            limit,
                          GError         **error)
{
  FsLibraryIndex *index = ensure_index (self, error);

  if (index == NULL)
    return NULL;

  return fs_library_index_prompts (index, text, limit, error);
}

/* The Trash where there is one; deleted where the file system has none.
 * A file already gone is no failure. */
static gboolean
trash_file (const char    *path,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) local_error = NULL;

  if (g_file_trash (file, cancellable, &local_error))
    return TRUE;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    {
      g_clear_error (&local_error);
      if (g_file_delete (file, cancellable, &local_error))
        return TRUE;
    }

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return TRUE;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                 _("Could not move “%s” to the Trash: %s"), path, local_error->message);
  return FALSE;
}

/* The image goes first: a sidecar left without its image is listed as a
 * damaged record and can be deleted again, while an image left without
 * its sidecar would be orphaned. */
static gboolean
delete_files (const char    *image_path,
              const char    *sidecar_path,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GError) sidecar_error = NULL;

  if (!trash_file (image_path, cancellable, error))
    return FALSE;

  if (sidecar_path != NULL && !trash_file (sidecar_path, NULL, &sidecar_error))
    g_warning ("The image was moved to the Trash but its sidecar was not: %s",
               sidecar_error->message);
  return TRUE;
}

gboolean
fs_library_store_delete (FsLibraryStore  *self,
                         const char      *image_path,
                         const char      *sidecar_path,
                         GCancellable    *cancellable,
                         GError         **error)
{
  FsLibraryIndex *index = ensure_index (self, error);
  gboolean removed;

  if (index == NULL)
    return FALSE;

  /* As for a save: a rebuild scanning the folder meanwhile must not put
   * the row back. */
  g_rw_lock_reader_lock (&self->rebuild_lock);
  removed = delete_files (image_path, sidecar_path, cancellable, error) &&
            fs_library_index_remove (index, image_path, error);
  g_rw_lock_reader_unlock (&self->rebuild_lock);

  return removed;
}
