/* fs-library-files.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "fs-asset.h"
#include "fs-error.h"
#include "fs-file.h"
#include "fs-json.h"
#include "fs-library-files.h"

/* Temporary files are hidden, so neither a scan nor a file manager takes
 * them for results, and carry a fixed prefix so stale ones left by a
 * crash can be recognised and removed. */
#define TEMP_PREFIX   ".flux-studio-"
#define TEMP_TEMPLATE TEMP_PREFIX "XXXXXX.part"
#define STALE_AGE     (24 * 60 * 60)
#define MAX_MODEL_LEN 64

static const char * const image_extensions[] = {
  "png", "jpg", "jpeg", "webp", "avif", "gif", "bmp", "tif", "tiff",
};

G_LOCK_DEFINE_STATIC (publish);

gboolean
fs_library_files_set_error (GError     **error,
                            const char  *folder,
                            int          saved_errno)
{
  switch (saved_errno)
    {
    case ENOSPC:
    case EDQUOT:
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   /* Translators: a folder; a job may add what happens to the image */
                   _("The disk holding “%s” is full — free some space"), folder);
      break;
    case EROFS:
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   _("The gallery folder “%s” is read-only — make it writable or choose "
                     "another folder in Preferences"), folder);
      break;
    case ENOENT:
    case ENOTDIR:
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   _("The gallery folder “%s” is gone — reconnect its drive, create it "
                     "again or choose another folder in Preferences"), folder);
      break;
    case EACCES:
    case EPERM:
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   _("Flux Studio may not write to the gallery folder “%s” — check its "
                     "permissions or choose another folder in Preferences"), folder);
      break;
    default:
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   _("Could not write to the gallery folder “%s”: %s"),
                   folder, g_strerror (saved_errno));
    }

  return FALSE;
}

/* Every write here goes into one folder: the error names it and says
 * what to do about it, whichever file in it failed. */
static gboolean
set_storage_error (GError    **error,
                   const char *path,
                   int         saved_errno)
{
  g_autofree char *folder = g_file_test (path, G_FILE_TEST_IS_DIR) ? g_strdup (path)
                                                                    : g_path_get_dirname (path);

  return fs_library_files_set_error (error, folder, saved_errno);
}

/* Lenient like FsAsset: sidecars from other tools may carry the seed as a
 * double or a string. */
static gboolean
read_seed (JsonObject *record,
           gint64     *seed)
{
  JsonNode *params = json_object_get_member (record, "params");
  JsonNode *node = NULL;
  GType type;
  double number;

  if (params != NULL && JSON_NODE_HOLDS_OBJECT (params))
    node = json_object_get_member (json_node_get_object (params), "seed");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  number = type == G_TYPE_DOUBLE ? json_node_get_double (node) : NAN;
  if (type == G_TYPE_INT64)
    *seed = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE && number == floor (number) && fabs (number) < 1e18)
    *seed = (gint64)number;
  else if (type != G_TYPE_STRING ||
           !g_ascii_string_to_signed (json_node_get_string (node), 10,
                                      G_MININT64, G_MAXINT64, seed, NULL))
    return FALSE;

  return TRUE;
}

char *
fs_library_files_safe_name (const char *name)
{
  g_autoptr(GString) safe = g_string_new (NULL);

  for (const char *p = name ? name : ""; *p && safe->len < MAX_MODEL_LEN; p++)
    {
      gboolean ok = g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.';

      /* No leading dots or dashes ("../x" gives "x"), and a run of unsafe
       * bytes (a multi-byte character, say) becomes a single dash. */
      if (ok && (safe->len > 0 || (*p != '.' && *p != '-')))
        g_string_append_c (safe, *p);
      else if (!ok && safe->len > 0 && safe->str[safe->len - 1] != '-')
        g_string_append_c (safe, '-');
    }

  /* "FLUX.1 [dev]" reads better as "FLUX.1-dev" than "FLUX.1-dev-". */
  while (safe->len > 0 && safe->str[safe->len - 1] == '-')
    g_string_truncate (safe, safe->len - 1);

  if (safe->len == 0)
    return g_strdup ("unknown");

  return g_string_free (g_steal_pointer (&safe), FALSE);
}

char *
fs_library_files_make_stem (GDateTime  *time,
                            JsonObject *record,
                            guint       index)
{
  g_autofree char *stamp = g_date_time_format (time, "%Y-%m-%d_%H-%M-%S");
  g_autofree char *model = fs_library_files_safe_name (fs_json_get_string (record, "model"));
  g_autofree char *seed_text = NULL;
  gint64 seed;

  if (read_seed (record, &seed))
    seed_text = g_strdup_printf ("%" G_GINT64_FORMAT, seed);
  else
    seed_text = g_strdup ("noseed");

  if (index > 0)
    return g_strdup_printf ("%s_%s_%s_%u", stamp, model, seed_text, index);

  return g_strdup_printf ("%s_%s_%s", stamp, model, seed_text);
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         length)
{
  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written == 0)
        errno = EIO;
      if (written <= 0)
        return FALSE;

      data += written;
      length -= written;
    }

  return TRUE;
}

int
fs_library_files_create_temp (const char  *folder,
                              char       **path,
                              GError     **error)
{
  g_autofree char *temp_path = g_build_filename (folder, TEMP_TEMPLATE, NULL);
  int fd = g_mkstemp_full (temp_path, O_RDWR | O_CLOEXEC, 0644);

  if (fd < 0)
    {
      fs_library_files_set_error (error, folder, errno);
      return -1;
    }

  *path = g_steal_pointer (&temp_path);
  return fd;
}

gboolean
fs_library_files_write_all (int           fd,
                            const guint8 *data,
                            gsize         length)
{
  return write_all (fd, data, length);
}

/* The data must be on disk before the rename makes it visible, or a crash
 * could leave a complete-looking name over an empty file. */
char *
fs_library_files_write_temp (const char  *folder,
                             GBytes      *bytes,
                             GError     **error)
{
  g_autofree char *temp_path = NULL;
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  gboolean ok;
  int saved_errno;
  int fd;

  fd = fs_library_files_create_temp (folder, &temp_path, error);
  if (fd < 0)
    return NULL;

  ok = write_all (fd, data, length) && fsync (fd) == 0;
  saved_errno = errno;
  if (close (fd) != 0 && ok)
    {
      ok = FALSE;
      saved_errno = errno;
    }

  if (ok)
    return g_steal_pointer (&temp_path);

  g_unlink (temp_path);
  set_storage_error (error, temp_path, saved_errno);

  return NULL;
}

/* For file systems without hard links (FAT, some FUSE mounts): the lock
 * keeps this process's saves apart, which is what can race in practice. */
static gboolean
publish_by_rename (const char  *temp_path,
                   const char  *path,
                   GError     **error)
{
  gboolean ok = FALSE;
  int saved_errno = 0;

  G_LOCK (publish);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    saved_errno = EEXIST;
  else if (g_rename (temp_path, path) == 0)
    ok = TRUE;
  else
    saved_errno = errno;
  G_UNLOCK (publish);

  if (saved_errno == EEXIST)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "%s", g_strerror (EEXIST));
  else if (!ok)
    set_storage_error (error, path, saved_errno);

  return ok;
}

/* link() fails rather than replace an existing name, so two saves (in any
 * process) racing for the same name can never overwrite each other. */
gboolean
fs_library_files_publish (const char  *temp_path,
                          const char  *path,
                          GError     **error)
{
  int saved_errno;

  if (link (temp_path, path) == 0)
    {
      g_unlink (temp_path);
      return TRUE;
    }

  saved_errno = errno;
  if (saved_errno == EEXIST)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "%s", g_strerror (EEXIST));
      return FALSE;
    }

  if (saved_errno == EPERM || saved_errno == ENOTSUP ||
      saved_errno == EOPNOTSUPP || saved_errno == ENOSYS ||
      saved_errno == EMLINK)
    return publish_by_rename (temp_path, path, error);

  return set_storage_error (error, path, saved_errno);
}

gboolean
fs_library_files_replace (const char  *path,
                          GBytes      *bytes,
                          GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *temp_path = NULL;
  int saved_errno;

  temp_path = fs_library_files_write_temp (folder, bytes, error);
  if (temp_path == NULL)
    return FALSE;

  if (g_rename (temp_path, path) == 0)
    return TRUE;

  saved_errno = errno;
  g_unlink (temp_path);

  return set_storage_error (error, path, saved_errno);
}

/* Makes the renames durable. Some file systems refuse to sync a directory;
 * the files themselves are already synced, so that is not an error. */
void
fs_library_files_sync_folder (const char *folder)
{
  int fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    return;

  if (fsync (fd) != 0)
    g_debug ("Could not sync folder %s: %s", folder, g_strerror (errno));
  close (fd);
}

/* Temporary files are only ever left behind by a crash; a day-old one
 * cannot belong to a save still running in another process. */
void
fs_library_files_remove_stale (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf buf;

      if (!g_str_has_prefix (name, TEMP_PREFIX) || !g_str_has_suffix (name, ".part"))
        continue;

      path = g_build_filename (folder, name, NULL);
      if (g_stat (path, &buf) == 0 && now - (gint64)buf.st_mtime > STALE_AGE)
        g_unlink (path);
    }
}

static gboolean
is_sidecar_name (const char *name)
{
  return name[0] != '.' && g_str_has_suffix (name, ".json") && strlen (name) > 5;
}

gboolean
fs_library_files_has_sidecars (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      if (is_sidecar_name (name))
        return TRUE;
    }

  return FALSE;
}

static char *
existing_image (const char *folder,
                const char *name)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;

  return g_steal_pointer (&path);
}

/* The image's name as the sidecar records it, but only as a plain name
 * with the sidecar's stem: a sidecar must not be able to point the
 * library at any other file. */
static const char *
recorded_name (const char *stem,
               JsonObject *record)
{
  JsonNode *image = json_object_get_member (record, "image");
  const char *file = NULL;

  if (image != NULL && JSON_NODE_HOLDS_OBJECT (image))
    file = fs_json_get_string (json_node_get_object (image), "file");

  if (file != NULL && g_str_has_prefix (file, stem) && file[strlen (stem)] == '.' &&
      strchr (file, G_DIR_SEPARATOR) == NULL)
    return file;

  return NULL;
}

/* The image has the sidecar's stem: its recorded name is tried first. */
static char *
find_image (const char *folder,
            const char *stem,
            JsonObject *record)
{
  const char *file = recorded_name (stem, record);
  char *path;

  if (file != NULL && (path = existing_image (folder, file)) != NULL)
    return path;

  for (guint i = 0; i < G_N_ELEMENTS (image_extensions); i++)
    {
      g_autofree char *name = g_strconcat (stem, ".", image_extensions[i], NULL);

      if ((path = existing_image (folder, name)) != NULL)
        return path;
    }

  return NULL;
}

/* Where the image should be: found, or where the sidecar says it was (a
 * damaged record, listed as such). A sidecar that names no image of its
 * own is not a record of Flux Studio's. */
static char *
image_path_for (const char *folder,
                const char *sidecar_name,
                JsonObject *record)
{
  g_autofree char *stem = g_strndup (sidecar_name, strlen (sidecar_name) - strlen (".json"));
  char *path = find_image (folder, stem, record);
  const char *file;

  if (path == NULL && (file = recorded_name (stem, record)) != NULL)
    path = g_build_filename (folder, file, NULL);

  return path;
}

FsAssetDamage
fs_library_files_stat_image (FsAsset *asset,
                             gint64  *size,
                             gint64  *mtime)
{
  gint64 recorded = fs_asset_get_file_size (asset);
  GStatBuf st;

  *size = *mtime = 0;
  if (g_stat (fs_asset_get_path (asset), &st) != 0 || !S_ISREG (st.st_mode))
    return FS_ASSET_MISSING;

  *size = st.st_size;
  *mtime = (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;
  if (st.st_size == 0)
    return FS_ASSET_EMPTY;
  if (recorded >= 0 && recorded != st.st_size)
    return FS_ASSET_SIZE_MISMATCH;

  return FS_ASSET_INTACT;
}

static FsAsset *
load_sidecar (JsonParser *parser,
              const char *folder,
              const char *name)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *image_path = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  contents = fs_file_read_path (path, FS_JSON_MAX_RECORD_BYTES, NULL, &error);
  if (contents == NULL ||
      !fs_json_parser_load (parser, g_bytes_get_data (contents, NULL),
                            g_bytes_get_size (contents), FS_JSON_MAX_RECORD_BYTES, &error))
    {
      g_warning ("Skipping sidecar %s: %s", path, error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_warning ("Skipping sidecar %s: not a JSON object", path);
      return NULL;
    }

  image_path = image_path_for (folder, name, json_node_get_object (root));
  if (image_path == NULL)
    {
      g_debug ("Skipping sidecar %s: it names no image", path);
      return NULL;
    }

  return fs_asset_new_from_record (image_path, json_node_get_object (root));
}

static int
compare_created (gconstpointer a,
                 gconstpointer b)
{
  FsAsset *asset_a = *(FsAsset **)a;
  FsAsset *asset_b = *(FsAsset **)b;
  int order = g_date_time_compare (fs_asset_get_created (asset_a),
                                   fs_asset_get_created (asset_b));

  return order != 0 ? order : g_strcmp0 (fs_asset_get_path (asset_a),
                                         fs_asset_get_path (asset_b));
}

GPtrArray *
fs_library_files_scan (const char    *folder,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GPtrArray) assets = g_ptr_array_new_with_free_func (g_object_unref);
  /* Immutable nodes are sealed already, so FsAsset keeps them uncopied. */
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  dir = g_dir_open (folder, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   _("Could not read the gallery folder: %s"), local_error->message);
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      FsAsset *asset;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (!is_sidecar_name (name))
        continue;

      asset = load_sidecar (parser, folder, name);
      if (asset != NULL)
        g_ptr_array_add (assets, asset);
    }

  g_ptr_array_sort (assets, compare_created);

  return g_steal_pointer (&assets);
}

/* Recovery ------------------------------------------------------------------ */

char *
fs_library_files_recovery_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "flux-studio", "recovery", NULL);
}

/* Room for the bytes and a little more, so that keeping one image never
 * fills the disk the journal lives on. */
#define RECOVERY_MARGIN (1024 * 1024)

static gboolean
has_room (const char *dir,
          gsize       size)
{
  struct statvfs info;

  if (statvfs (dir, &info) != 0)
    return TRUE;

  return (guint64) info.f_bavail * info.f_frsize >= (guint64) size + RECOVERY_MARGIN;
}

static gboolean
set_keep_error (GError     **error,
                const char  *dir,
                int          saved_errno)
{
  g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
               _("Could not keep the image in “%s”: %s"), dir, g_strerror (saved_errno));
  return FALSE;
}

char *
fs_library_files_keep (const char  *dir,
                       const char  *name,
                       GBytes      *bytes,
                       GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) local_error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      set_keep_error (error, dir, errno);
      return NULL;
    }
  if (!has_room (dir, g_bytes_get_size (bytes)))
    {
      set_keep_error (error, dir, ENOSPC);
      return NULL;
    }

  if (!fs_library_files_replace (path, bytes, &local_error))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   _("Could not keep the image in “%s”: %s"), dir, local_error->message);
      return NULL;
    }

  fs_library_files_sync_folder (dir);
  return g_steal_pointer (&path);
}

static gboolean
record_names_output (JsonObject *record,
                     const char *job_id,
                     guint       index)
{
  JsonNode *output = json_object_get_member (record, "output");

  return g_strcmp0 (fs_json_get_string (record, "job_id"), job_id) == 0 &&
         output != NULL && JSON_NODE_HOLDS_VALUE (output) &&
         json_node_get_value_type (output) == G_TYPE_INT64 &&
         json_node_get_int (output) == index;
}

static FsAsset *
load_output (JsonParser *parser,
             const char *folder,
             const char *name,
             const char *job_id,
             guint       index)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autofree char *stem = g_strndup (name, strlen (name) - strlen (".json"));
  g_autofree char *image_path = NULL;
  g_autoptr(GBytes) contents = NULL;
  JsonNode *root;

  contents = fs_file_read_path (path, FS_JSON_MAX_RECORD_BYTES, NULL, NULL);
  if (contents == NULL ||
      !fs_json_parser_load (parser, g_bytes_get_data (contents, NULL),
                            g_bytes_get_size (contents), FS_JSON_MAX_RECORD_BYTES, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !record_names_output (json_node_get_object (root), job_id, index))
    return NULL;

  image_path = find_image (folder, stem, json_node_get_object (root));
  if (image_path == NULL)
    return NULL;

  return fs_asset_new_from_record (image_path, json_node_get_object (root));
}

FsAsset *
fs_library_files_find_output (const char *folder,
                              const char *job_id,
                              guint       index,
                              gint64      since_us)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  /* A little slack for file systems with coarse times. */
  gint64 since = since_us / G_USEC_PER_SEC - 2;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      FsAsset *asset;
      GStatBuf buf;

      if (!is_sidecar_name (name))
        continue;
      path = g_build_filename (folder, name, NULL);
      if (g_stat (path, &buf) != 0 || (gint64) buf.st_mtime < since)
        continue;
      if ((asset = load_output (parser, folder, name, job_id, index)) != NULL)
        return asset;
    }

  return NULL;
}
