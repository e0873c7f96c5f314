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
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->index_lock);
  g_autofree char *parent = NULL;

  if (self->index != NULL)
    return self->index;

  parent = g_path_get_dirname (self->db_path);
  if (!make_folder (parent, 0700, error))
    return NULL;

  self->index = fs_library_index_open (self->db_path, &self->db_was_missing, error);

  return self->index;
}

FsLibraryIndex *
fs_library_store_get_index (FsLibraryStore  *self,
                            GError         **error)
{
  return ensure_index (self, error);
}

static gboolean
take_db_was_missing (FsLibraryStore *self)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->index_lock);
  gboolean was_missing = self->db_was_missing;

  self->db_was_missing = FALSE;

  return was_missing;
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

/* On every listing, cheaply: a stat() of each image listed, and a hash
 * computed before for the file as it is now (the index gives it with the
 * row). Hashing is fs_library_store_verify()'s. */
static void
check_hit (FsLibraryIndexHit *hit)
{
  gint64 size, mtime;
  FsAssetDamage damage;

  if (hit->asset == NULL)
    return;

  damage = fs_library_files_stat_image (hit->asset, &size, &mtime);
  if (damage == FS_ASSET_INTACT && hit->checked && hit->check_size == size &&
      hit->check_mtime == mtime)
    {
      damage = compare_sha256 (hit->asset, hit->check_sha256);
      /* All fs_library_store_verify() would learn of it now. */
      _fs_asset_set_hashed (hit->asset);
    }
  _fs_asset_set_damage (hit->asset, damage);
}

static GPtrArray *
checked (GPtrArray *hits)
{
  for (guint i = 0; hits != NULL && i < hits->len; i++)
    check_hit (g_ptr_array_index (hits, i));

  return hits;
}

/* How many hashes are recorded in one transaction. */
#define CHECKS_CHUNK 64

static void
record_checks (FsLibraryIndex *index,
               GHashTable     *pending)
{
  g_autoptr(GError) error = NULL;

  if (g_hash_table_size (pending) == 0)
    return;
  if (!fs_library_index_set_image_checks (index, pending, &error))
    g_debug ("Could not record %u image checks: %s", g_hash_table_size (pending),
             error->message);
  g_hash_table_remove_all (pending);
}

/* Hashes the file unless a hash of it as it is now is recorded, and
 * adds it to @pending, to be recorded. A file that cannot be read now is
 * taken as it was found. */
static FsAssetDamage
verify_image (GHashTable     *checks,
              GHashTable     *pending,
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

  check.sha256 = g_strdup (sha256);
  g_hash_table_replace (pending, g_strdup (fs_asset_get_path (asset)),
                        g_memdup2 (&check, sizeof check));

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
  g_autoptr(GHashTable) pending = NULL;
  g_autoptr(GPtrArray) unhashed = g_ptr_array_new ();
  FsLibraryIndex *index;

  /* A listing that found a hash recorded for the file as it is has
   * checked it already. */
  for (guint i = 0; i < assets->len; i++)
    {
      if (!_fs_asset_get_hashed (g_ptr_array_index (assets, i)))
        g_ptr_array_add (unhashed, g_ptr_array_index (assets, i));
    }
  if (unhashed->len == 0)
    return g_steal_pointer (&results);

  index = ensure_index (self, error);
  if (index == NULL || (checks = fs_library_index_image_checks (index, error)) == NULL)
    return NULL;

  pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) fs_image_check_free);
  for (guint i = 0; i < unhashed->len; i++)
    {
      FsAsset *asset = g_ptr_array_index (unhashed, i);
      FsAssetDamage damage;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          record_checks (index, pending);
          return NULL;
        }

      damage = verify_image (checks, pending, asset, cancellable);
      g_hash_table_replace (results, g_strdup (fs_asset_get_path (asset)),
                            GUINT_TO_POINTER (damage));
      if (g_hash_table_size (pending) >= CHECKS_CHUNK)
        record_checks (index, pending);
    }
  record_checks (index, pending);

  return g_steal_pointer (&results);
}

/* Listing ----------------------------------------------------------------- */

typedef struct
{
  FsLibraryIndexTxn     *txn;
  FsLibraryProgressFunc  progress;
  gpointer               progress_data;
  guint                  count;
} Rebuild;

static gboolean
rebuild_one (FsAsset   *asset,
             guint      done,
             guint      total,
             gpointer   user_data,
             GError   **error)
{
  Rebuild *rebuild = user_data;

  if (rebuild->progress != NULL)
    rebuild->progress (done, total, rebuild->progress_data);
  if (asset == NULL)
    return TRUE;

  rebuild->count++;
  return fs_library_index_txn_put (rebuild->txn, asset, NULL, error);
}

typedef struct
{
  FsLibraryStore        *self;
  GCancellable          *cancellable;
  FsLibraryProgressFunc  progress;
  gpointer               progress_data;
  guint                  count;
} RebuildData;

/* The folder is scanned inside the write transaction: a save in another
 * process adds its row either before the scan, which then sees its
 * sidecar, or after the commit, so no row is lost. */
static gboolean
rebuild_func (FsLibraryIndexTxn  *txn,
              gpointer            user_data,
              GError            **error)
{
  RebuildData *data = user_data;
  Rebuild rebuild = { txn, data->progress, data->progress_data, 0 };

  if (!fs_library_index_txn_clear (txn, error) ||
      !fs_library_files_scan (data->self->folder_path, rebuild_one, &rebuild,
                              data->cancellable, error))
    return FALSE;

  data->count = rebuild.count;
  return TRUE;
}

static gboolean
rebuild (FsLibraryStore         *self,
         FsLibraryIndex         *index,
         FsLibraryProgressFunc   progress,
         gpointer                progress_data,
         GCancellable           *cancellable,
         guint                  *count,
         GError                **error)
{
  RebuildData data = { self, cancellable, progress, progress_data, 0 };
  gboolean ok;

  /* The rebuild lock keeps this process's saves apart; the index's write
   * transaction, around the scan, those of other processes. */
  g_rw_lock_writer_lock (&self->rebuild_lock);
  ok = fs_library_index_write (index, rebuild_func, &data, error);
  g_rw_lock_writer_unlock (&self->rebuild_lock);
  if (ok)
    fs_library_index_checkpoint (index);

  if (ok && count != NULL)
    *count = data.count;
  return ok;
}

gboolean
fs_library_store_rebuild (FsLibraryStore         *self,
                          FsLibraryProgressFunc   progress,
                          gpointer                progress_data,
                          GCancellable           *cancellable,
                          guint                  *count,
                          GError                **error)
{
  FsLibraryIndex *index;

  if (!make_folder (self->folder_path, 0755, error))
    return FALSE;

  index = ensure_index (self, error);
  if (index == NULL)
    return FALSE;

  return rebuild (self, index, progress, progress_data, cancellable, count, error);
}

gboolean
fs_library_store_prepare (FsLibraryStore         *self,
                          FsLibraryProgressFunc   progress,
                          gpointer                progress_data,
                          GCancellable           *cancellable,
                          GError                **error)
{
  FsLibraryIndex *index;
  gint64 count;

  if (!make_folder (self->folder_path, 0755, error))
    return FALSE;

  index = ensure_index (self, error);
  if (index == NULL)
    return FALSE;

  count = fs_library_index_any (index, error);
  if (count < 0)
    return FALSE;

  /* The sidecars are the source of truth: a missing or empty index next
   * to sidecars is rebuilt from them. */
  if (take_db_was_missing (self) ||
      (count == 0 && fs_library_files_has_sidecars (self->folder_path)))
    return rebuild (self, index, progress, progress_data, cancellable, NULL, error);

  return TRUE;
}

GPtrArray *
fs_library_store_list (FsLibraryStore              *self,
                       const FsLibraryIndexFilter  *filter,
                       GError                     **error)
{
  FsLibraryIndex *index = ensure_index (self, error);

  if (index == NULL)
    return NULL;

  return checked (fs_library_index_list (index, filter, error));
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

/* The version of the format the record follows (docs/ARCHITECTURE.md,
 * “Sidecar”): never lowered, since members a newer version wrote are kept. */
static gint64
read_format (JsonObject *record)
{
  JsonNode *node = json_object_get_member (record, "format");

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  return 1;
}

static void
set_format (JsonObject *record)
{
  json_object_set_int_member (record, "format", MAX (read_format (record), FS_SIDECAR_FORMAT));
}

/* "format" first, where people look for it. */
static JsonObject *
with_format (JsonObject *record)
{
  JsonObject *ordered = json_object_new ();
  g_autoptr(GList) names = json_object_get_members (record);

  json_object_set_int_member (ordered, "format", FS_SIDECAR_FORMAT);
  for (GList *l = names; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "format"))
      json_object_set_member (ordered, l->data,
                              json_node_ref (json_object_get_member (record, l->data)));

  return ordered;
}

/* @staged_path, when given, is a temporary file in the folder holding
 * @image, and @sha256 their hash. */
static FsAsset *
save_files (FsLibraryStore  *self,
            JsonObject      *caller_record,
            GBytes          *image,
            const char      *staged_path,
            const char      *staged_sha256,
            guint            index,
            GError         **error)
{
  g_autoptr(JsonObject) record = with_format (caller_record);
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

  fs_file_sync_folder (self->folder_path);
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

/* Slots are leases named after their pool and number, in a folder of
 * their own beside the leases (docs/ARCHITECTURE.md, “Concurrency”). */
FsLease *
fs_library_store_take_slot (FsLibraryStore  *self,
                            const char      *pool,
                            guint            cap,
                            GError         **error)
{
  g_autofree char *parent = g_path_get_dirname (self->db_path);
  g_autofree char *dir = g_build_filename (parent, "slots", NULL);

  for (guint i = 0; i < cap; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s_%u", pool, i);
      g_autoptr(GError) local_error = NULL;
      FsLease *slot = fs_lease_take (dir, name, &local_error);

      if (slot != NULL)
        return slot;
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_BUSY))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY, "All %u slots of %s are taken", cap, pool);
  return NULL;
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

/* Rewriting sidecars (docs/ARCHITECTURE.md, “Sidecar”) ------------------- */

/* Rows are written in transactions of this many images, so that the
 * index never waits long on the disk for a large selection, nor other
 * processes on the index. */
#define EDIT_CHUNK 64

static char *
sidecars_lock_path (FsLibraryStore *self)
{
  g_autofree char *parent = g_path_get_dirname (self->db_path);

  return g_build_filename (parent, "sidecars.lock", NULL);
}

static gboolean
put_all_func (FsLibraryIndexTxn  *txn,
              gpointer            user_data,
              GError            **error)
{
  GPtrArray *assets = user_data;

  for (guint i = 0; i < assets->len; i++)
    {
      if (!fs_library_index_txn_put (txn, g_ptr_array_index (assets, i), NULL, error))
        return FALSE;
    }

  return TRUE;
}

/* The sidecars are written: a row that cannot be is restored by the next
 * rebuild, or the folder's watch, and does not fail the edit. */
static void
flush_edits (FsLibraryStore *self,
             GPtrArray      *pending,
             GPtrArray      *results)
{
  g_autoptr(GError) error = NULL;
  FsLibraryIndex *index = ensure_index (self, &error);

  if (pending->len == 0)
    return;

  if (index == NULL || !fs_library_index_write (index, put_all_func, pending, &error))
    g_warning ("Could not index %u rewritten records: %s", pending->len, error->message);

  for (guint i = 0; i < pending->len; i++)
    {
      FsAsset *asset = g_ptr_array_index (pending, i);

      /* Only the marks are wanted from here on. */
      _fs_asset_drop_record (asset);
      g_ptr_array_add (results, g_object_ref (asset));
    }
  g_ptr_array_set_size (pending, 0);
}

static FsAsset *
edit_one (FsAsset           *target,
          FsLibraryEditFunc  edit,
          gpointer           user_data,
          gboolean          *changed,
          GError           **error)
{
  const char *sidecar = fs_asset_get_sidecar_path (target);
  g_autoptr(JsonObject) record = NULL;

  /* Deleted meanwhile: writing would bring back its sidecar. */
  if (!g_file_test (sidecar, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   _("“%s” was deleted before its record could be updated"),
                   fs_asset_get_path (target));
      return NULL;
    }

  /* The sidecar as it is now, not as this process read it: another
   * process, or a person, may have changed it since; what this version
   * does not know of is kept as it is. */
  record = fs_library_files_read_record (sidecar, error);
  if (record == NULL)
    return NULL;

  *changed = edit (record, user_data);
  if (*changed)
    {
      set_format (record);
      if (!write_sidecar (sidecar, record, error))
        return NULL;
    }

  json_object_seal (record);
  return fs_asset_new_from_record (fs_asset_get_path (target), record);
}

GPtrArray *
fs_library_store_edit (FsLibraryStore     *self,
                       GPtrArray          *targets,
                       FsLibraryEditFunc   edit,
                       gpointer            user_data,
                       GError            **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *lock_path = sidecars_lock_path (self);
  g_autoptr(GError) first_error = NULL;
  guint n_failed = 0;
  gboolean any_written = FALSE;
  int lock_fd;

  g_rw_lock_reader_lock (&self->rebuild_lock);
  lock_fd = fs_library_files_lock (lock_path);

  for (guint i = 0; i < targets->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean changed = FALSE;
      FsAsset *asset = edit_one (g_ptr_array_index (targets, i), edit, user_data, &changed,
                                 &local_error);

      if (asset == NULL)
        {
          n_failed++;
          if (first_error == NULL)
            first_error = g_steal_pointer (&local_error);
          continue;
        }

      any_written |= changed;
      if (changed)
        g_ptr_array_add (pending, asset);
      else
        {
          _fs_asset_drop_record (asset);
          g_ptr_array_add (results, asset);
        }
      if (pending->len >= EDIT_CHUNK)
        flush_edits (self, pending, results);
    }
  flush_edits (self, pending, results);
  if (any_written)
    fs_file_sync_folder (self->folder_path);

  fs_library_files_unlock (lock_fd);
  g_rw_lock_reader_unlock (&self->rebuild_lock);

  if (first_error != NULL && n_failed == 1)
    g_propagate_error (error, g_steal_pointer (&first_error));
  else if (first_error != NULL)
    g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                 /* Translators: the count of records not changed, then why the first was not */
                 ngettext ("%u record was not changed: %s", "%u records were not changed: %s",
                           n_failed),
                 n_failed, first_error->message);

  return g_steal_pointer (&results);
}

JsonObject *
fs_library_store_load_record (FsLibraryStore  *self,
                              const char      *image_path,
                              const char      *sidecar_path,
                              GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(FsAsset) asset = NULL;
  FsLibraryIndex *index = ensure_index (self, error);
  JsonObject *record;

  if (index == NULL)
    return NULL;

  record = fs_library_index_record (index, image_path, &local_error);
  if (record != NULL)
    return record;
  if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* Not indexed (yet): the sidecar says it. */
  asset = fs_library_files_load_sidecar (sidecar_path, TRUE);
  if (asset == NULL || g_strcmp0 (fs_asset_get_path (asset), image_path) != 0)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   _("The record of “%s” could not be read"), image_path);
      return NULL;
    }

  return json_object_ref (fs_asset_get_record (asset));
}

/* Finding images by name -------------------------------------------------- */

#define MIN_PREFIX 4
#define MAX_CANDIDATES 5

static gboolean
is_hex_prefix (const char *name)
{
  gsize length = strlen (name);

  if (length < MIN_PREFIX || length > 64)
    return FALSE;
  for (const char *p = name; *p; p++)
    {
      if (!g_ascii_isxdigit (*p))
        return FALSE;
    }

  return TRUE;
}

static GPtrArray *
list_one (FsLibraryStore  *self,
          const char      *path,
          const char      *sidecar,
          const char      *prefix,
          GError         **error)
{
  FsLibraryIndexFilter filter = { 0 };

  filter.path = path;
  filter.sidecar = sidecar;
  filter.sha256_prefix = prefix;
  return fs_library_store_list (self, &filter, error);
}

static void
add_problem (GString    *problems,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
add_problem (GString    *problems,
             const char *format,
             ...)
{
  va_list args;

  if (problems->len > 0)
    g_string_append_c (problems, '\n');
  va_start (args, format);
  g_string_append_vprintf (problems, format, args);
  va_end (args);
}

static GPtrArray *
find_by_path (FsLibraryStore  *self,
              const char      *name,
              GError         **error)
{
  g_autofree char *path = g_canonicalize_filename (name, NULL);
  g_autoptr(GPtrArray) hits = NULL;

  if (g_str_has_suffix (path, ".json"))
    hits = list_one (self, NULL, path, NULL, error);
  else
    hits = list_one (self, path, NULL, NULL, error);

  /* A bare name is looked for in the gallery folder too. */
  if (hits != NULL && hits->len == 0 && strchr (name, G_DIR_SEPARATOR) == NULL)
    {
      g_autofree char *in_folder = g_build_filename (self->folder_path, name, NULL);

      g_ptr_array_unref (hits);
      hits = find_by_path (self, in_folder, error);
    }

  return g_steal_pointer (&hits);
}

static FsAsset *
resolve_one (FsLibraryStore  *self,
             const char      *name,
             GString         *problems,
             GError         **error)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *prefix = NULL;

  if (is_hex_prefix (name) && !g_file_test (name, G_FILE_TEST_EXISTS))
    {
      prefix = g_ascii_strdown (name, -1);
      hits = list_one (self, NULL, NULL, prefix, error);
    }
  else
    hits = find_by_path (self, name, error);

  if (hits == NULL)
    return NULL;

  if (hits->len == 1)
    return g_object_ref (((FsLibraryIndexHit *) g_ptr_array_index (hits, 0))->asset);

  if (hits->len == 0 && prefix != NULL)
    add_problem (problems, _("No image in the gallery has a sha256 starting with “%s”"), name);
  else if (hits->len == 0)
    add_problem (problems, _("“%s” is not an image in the gallery"), name);
  else
    {
      g_autoptr(GString) candidates = g_string_new (NULL);

      for (guint i = 0; i < hits->len && i < MAX_CANDIDATES; i++)
        g_string_append_printf (candidates, "\n  %s",
                                ((FsLibraryIndexHit *) g_ptr_array_index (hits, i))->path);
      if (hits->len > MAX_CANDIDATES)
        g_string_append (candidates, "\n  …");
      add_problem (problems,
                   /* Translators: a sha256 prefix, the count of images, then their paths,
                    * one a line */
                   ngettext ("“%s” matches %u image — give more of its sha256 or its path:%s",
                             "“%s” matches %u images — give more of the sha256 or a path:%s",
                             hits->len),
                   name, hits->len, candidates->str);
    }

  return NULL;
}

GPtrArray *
fs_library_store_resolve (FsLibraryStore      *self,
                          const char * const  *names,
                          GError             **error)
{
  g_autoptr(GPtrArray) assets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) problems = g_string_new (NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autoptr(FsAsset) asset = resolve_one (self, names[i], problems, error);

      if (asset == NULL && problems->len == 0)
        return NULL;
      if (asset != NULL && g_hash_table_add (seen, g_strdup (fs_asset_get_path (asset))))
        g_ptr_array_add (assets, g_steal_pointer (&asset));
    }

  if (problems->len > 0)
    {
      g_set_error_literal (error, FS_ERROR, FS_ERROR_INVALID, problems->str);
      return NULL;
    }

  return g_steal_pointer (&assets);
}

/* The live folder (docs/ARCHITECTURE.md, “The live folder”) -------------- */

typedef struct
{
  FsLibraryStore *self;
  GHashTable     *stems;     /* NULL: the whole folder */
  GHashTable     *on_disk;   /* the whole folder's sidecars, read before */
  GPtrArray      *removed;   /* image paths */
  GPtrArray      *changed;   /* image paths */
} Reconcile;

static gboolean
same_state (FsLibraryIndexSidecar *indexed,
            gint64                 mtime,
            gint64                 size)
{
  return indexed != NULL && indexed->mtime == mtime && indexed->size == size &&
         g_file_test (indexed->path, G_FILE_TEST_EXISTS);
}

/* Reads the sidecar again; one that cannot be read now (being written)
 * leaves its row as it is, for the next change to settle. */
static gboolean
reload (Reconcile          *data,
        FsLibraryIndexTxn  *txn,
        const char         *sidecar,
        GError            **error)
{
  g_autoptr(FsAsset) asset = fs_library_files_load_sidecar (sidecar, TRUE);

  if (asset == NULL)
    return TRUE;

  if (!fs_library_index_txn_put (txn, asset, data->removed, error))
    return FALSE;
  g_ptr_array_add (data->changed, g_strdup (fs_asset_get_path (asset)));
  return TRUE;
}

static gboolean
forget (Reconcile              *data,
        FsLibraryIndexTxn      *txn,
        FsLibraryIndexSidecar  *indexed,
        GError                **error)
{
  if (!fs_library_index_txn_remove (txn, indexed->path, error))
    return FALSE;
  g_ptr_array_add (data->removed, g_strdup (indexed->path));
  return TRUE;
}

/* The folder was read before the transaction, so that the index is not
 * held while ten thousand files are looked at: a row whose sidecar that
 * reading missed is looked for again before it goes. */
static gboolean
reconcile_all (Reconcile          *data,
               FsLibraryIndexTxn  *txn,
               GHashTable         *indexed,
               GError            **error)
{
  GHashTableIter iter;
  gpointer key, value;
  gint64 mtime, size;

  g_hash_table_iter_init (&iter, data->on_disk);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      FsLibraryFilesStat *info = value;

      if (!same_state (g_hash_table_lookup (indexed, key), info->mtime, info->size) &&
          !reload (data, txn, key, error))
        return FALSE;
    }

  g_hash_table_iter_init (&iter, indexed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_hash_table_contains (data->on_disk, key))
        continue;
      if (fs_library_files_stat_sidecar (key, &mtime, &size))
        {
          if (!same_state (value, mtime, size) && !reload (data, txn, key, error))
            return FALSE;
        }
      else if (!forget (data, txn, value, error))
        return FALSE;
    }

  return TRUE;
}

/* Each stem is an image and its sidecar: the sidecar decides. An image
 * whose sidecar is unchanged is listed again, for its damage. */
static gboolean
reconcile_stems (Reconcile          *data,
                 FsLibraryIndexTxn  *txn,
                 GHashTable         *indexed,
                 GError            **error)
{
  GHashTableIter iter;
  gpointer stem;

  g_hash_table_iter_init (&iter, data->stems);
  while (g_hash_table_iter_next (&iter, &stem, NULL))
    {
      g_autofree char *name = g_strconcat (stem, ".json", NULL);
      g_autofree char *sidecar = g_build_filename (data->self->folder_path, name, NULL);
      FsLibraryIndexSidecar *row = g_hash_table_lookup (indexed, sidecar);
      gint64 mtime, size;

      if (!fs_library_files_stat_sidecar (sidecar, &mtime, &size))
        {
          if (row != NULL && !forget (data, txn, row, error))
            return FALSE;
        }
      else if (!same_state (row, mtime, size))
        {
          if (!reload (data, txn, sidecar, error))
            return FALSE;
        }
      else
        g_ptr_array_add (data->changed, g_strdup (row->path));
    }

  return TRUE;
}

static gboolean
reconcile_func (FsLibraryIndexTxn  *txn,
                gpointer            user_data,
                GError            **error)
{
  Reconcile *data = user_data;
  g_autoptr(GHashTable) indexed = fs_library_index_txn_sidecars (txn, error);

  if (indexed == NULL)
    return FALSE;

  if (data->stems == NULL)
    return reconcile_all (data, txn, indexed, error);
  return reconcile_stems (data, txn, indexed, error);
}

gboolean
fs_library_store_reconcile (FsLibraryStore  *self,
                            GHashTable      *stems,
                            GPtrArray      **removed,
                            GPtrArray      **changed,
                            GError         **error)
{
  g_autoptr(GPtrArray) removed_paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) changed_paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) assets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) on_disk = NULL;
  Reconcile data = { self, stems, NULL, removed_paths, changed_paths };
  FsLibraryIndex *index = ensure_index (self, error);
  gboolean ok;

  if (index == NULL)
    return FALSE;
  if (stems == NULL &&
      (data.on_disk = on_disk = fs_library_files_stat_sidecars (self->folder_path, error)) == NULL)
    return FALSE;

  /* The whole folder is read anyway: what a crash left goes too, away
   * from the open that the window waits for (“Gallery files”). */
  if (stems == NULL)
    fs_library_files_remove_stale (self->folder_path);

  /* Inside the write transaction, a row another process commits meanwhile
   * had its sidecar written before: a sidecar is looked for in the
   * transaction before its row is dropped, so no row goes for a sidecar
   * not seen yet. */
  g_rw_lock_reader_lock (&self->rebuild_lock);
  ok = fs_library_index_write (index, reconcile_func, &data, error);
  g_rw_lock_reader_unlock (&self->rebuild_lock);
  if (!ok)
    return FALSE;

  for (guint i = 0; i < changed_paths->len; i++)
    {
      g_autoptr(GPtrArray) hits = list_one (self, g_ptr_array_index (changed_paths, i), NULL,
                                            NULL, error);

      if (hits == NULL)
        return FALSE;
      if (hits->len == 1)
        g_ptr_array_add (assets,
                         g_object_ref (((FsLibraryIndexHit *) g_ptr_array_index (hits, 0))->asset));
    }

  *removed = g_steal_pointer (&removed_paths);
  *changed = g_steal_pointer (&assets);
  return TRUE;
}

/* Collections (docs/ARCHITECTURE.md, “Collections”) ---------------------- */

GPtrArray *
fs_library_store_collections (FsLibraryStore  *self,
                              GError         **error)
{
  FsLibraryIndex *index = ensure_index (self, error);

  return index != NULL ? fs_library_index_collections (index, error) : NULL;
}

static gboolean
set_exists_error (GError     **error,
                  GError      *index_error,
                  const char  *name)
{
  if (g_error_matches (index_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                 _("There is a collection named “%s” already"), name);
  else
    g_propagate_error (error, index_error);
  return FALSE;
}

gboolean
fs_library_store_create_collection (FsLibraryStore  *self,
                                    const char      *name,
                                    GError         **error)
{
  GError *local_error = NULL;
  FsLibraryIndex *index = ensure_index (self, error);

  if (index == NULL)
    return FALSE;

  if (fs_library_index_add_collection (index, name, &local_error))
    return TRUE;
  return set_exists_error (error, local_error, name);
}

static gboolean
check_exists (FsLibraryIndex  *index,
              const char      *name,
              GError         **error)
{
  gboolean exists = FALSE;

  if (!fs_library_index_has_collection (index, name, &exists, error))
    return FALSE;
  if (!exists)
    g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                 _("There is no collection named “%s”"), name);
  return exists;
}

GPtrArray *
fs_library_store_collection_members (FsLibraryStore  *self,
                                     const char      *name,
                                     GError         **error)
{
  g_autoptr(FsLibraryQuery) query = fs_library_query_new ();
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) assets = g_ptr_array_new_with_free_func (g_object_unref);
  FsLibraryIndexFilter filter = { 0 };

  fs_library_query_set_collection (query, name);
  filter.query = query;
  hits = fs_library_store_list (self, &filter, error);
  if (hits == NULL)
    return NULL;

  for (guint i = 0; i < hits->len; i++)
    g_ptr_array_add (assets, g_object_ref (((FsLibraryIndexHit *) g_ptr_array_index (hits, i))->asset));
  return g_steal_pointer (&assets);
}

gboolean
fs_library_store_rename_collection (FsLibraryStore  *self,
                                    const char      *old_name,
                                    const char      *new_name,
                                    GError         **error)
{
  GError *local_error = NULL;
  FsLibraryIndex *index = ensure_index (self, error);

  if (index == NULL || !check_exists (index, old_name, error))
    return FALSE;

  if (fs_library_index_rename_collection (index, old_name, new_name, &local_error))
    return TRUE;
  return set_exists_error (error, local_error, new_name);
}

gboolean
fs_library_store_remove_collection (FsLibraryStore  *self,
                                    const char      *name,
                                    GError         **error)
{
  FsLibraryIndex *index = ensure_index (self, error);

  return index != NULL && fs_library_index_remove_collection (index, name, error);
}

gboolean
fs_library_store_check_collection (FsLibraryStore  *self,
                                   const char      *name,
                                   GError         **error)
{
  FsLibraryIndex *index = ensure_index (self, error);

  return index != NULL && check_exists (index, name, error);
}
