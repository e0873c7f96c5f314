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
#include <sys/file.h>
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

int
fs_library_files_create_temp (const char  *folder,
                              char       **path,
                              GError     **error)
{
  int saved_errno = 0;
  int fd = fs_file_create_temp (folder, TEMP_TEMPLATE, path, &saved_errno);

  if (fd < 0)
    fs_library_files_set_error (error, folder, saved_errno);

  return fd;
}

char *
fs_library_files_write_temp (const char  *folder,
                             GBytes      *bytes,
                             GError     **error)
{
  int saved_errno = 0;
  char *temp_path = fs_file_write_temp (folder, TEMP_TEMPLATE, bytes, &saved_errno);

  if (temp_path == NULL)
    fs_library_files_set_error (error, folder, saved_errno);

  return temp_path;
}

/* Never over an existing name (G_IO_ERROR_EXISTS): see fs_file_publish(). */
gboolean
fs_library_files_publish (const char  *temp_path,
                          const char  *path,
                          GError     **error)
{
  int saved_errno = 0;

  if (fs_file_publish (temp_path, path, &saved_errno))
    return TRUE;

  if (saved_errno == EEXIST)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "%s", g_strerror (EEXIST));
      return FALSE;
    }

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

/* A sidecar that cannot be read is reported as a warning, or, while the
 * folder is watched (@quiet), in the debug log: it may be half written. */
static FsAsset *
load_sidecar (JsonParser *parser,
              const char *folder,
              const char *name,
              gboolean    quiet)
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
      /* Gone since the folder was listed (trashed by another process):
       * nothing is wrong with it. */
      if (quiet || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_debug ("Skipping sidecar %s for now: %s", path, error->message);
      else
        g_warning ("Skipping sidecar %s: %s", path, error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      if (quiet)
        g_debug ("Skipping sidecar %s for now: not a JSON object", path);
      else
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

FsAsset *
fs_library_files_load_sidecar (const char *sidecar_path,
                               gboolean    quiet)
{
  /* Immutable nodes are sealed already, so FsAsset keeps them uncopied. */
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *folder = g_path_get_dirname (sidecar_path);
  g_autofree char *name = g_path_get_basename (sidecar_path);

  if (!is_sidecar_name (name))
    return NULL;

  return load_sidecar (parser, folder, name, quiet);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* The sidecars' names, sorted: the names start with the time of the
 * save, so this is about the order they were made in. */
static GPtrArray *
sidecar_names (const char  *folder,
               GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
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
      if (is_sidecar_name (name))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);

  return g_steal_pointer (&names);
}

/* One sidecar at a time: a rebuild of a large gallery never holds every
 * record in memory at once. */
gboolean
fs_library_files_scan (const char              *folder,
                       FsLibraryFilesScanFunc   func,
                       gpointer                 user_data,
                       GCancellable            *cancellable,
                       GError                 **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) names = sidecar_names (folder, error);

  if (names == NULL)
    return FALSE;

  if (!func (NULL, 0, names->len, user_data, error))
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(FsAsset) asset = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      asset = load_sidecar (parser, folder, g_ptr_array_index (names, i), FALSE);
      if (!func (asset, i + 1, names->len, user_data, error))
        return FALSE;
    }

  return TRUE;
}

void
fs_library_files_stat_free (FsLibraryFilesStat *info)
{
  g_free (info);
}

static gboolean
stat_file (const char *path,
           gint64     *mtime,
           gint64     *size)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return FALSE;

  *mtime = (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;
  *size = st.st_size;
  return TRUE;
}

GHashTable *
fs_library_files_stat_sidecars (const char  *folder,
                                GError     **error)
{
  g_autoptr(GPtrArray) names = sidecar_names (folder, error);
  g_autoptr(GHashTable) sidecars = NULL;

  if (names == NULL)
    return NULL;

  sidecars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify) fs_library_files_stat_free);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (folder, g_ptr_array_index (names, i), NULL);
      FsLibraryFilesStat info;

      if (stat_file (path, &info.mtime, &info.size))
        g_hash_table_replace (sidecars, g_steal_pointer (&path), g_memdup2 (&info, sizeof info));
    }

  return g_steal_pointer (&sidecars);
}

gboolean
fs_library_files_stat_sidecar (const char *path,
                               gint64     *mtime,
                               gint64     *size)
{
  return stat_file (path, mtime, size);
}

JsonObject *
fs_library_files_read_record (const char  *sidecar_path,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  contents = fs_file_read_path (sidecar_path, FS_JSON_MAX_RECORD_BYTES, NULL, &local_error);
  if (contents == NULL ||
      !fs_json_parser_load (parser, g_bytes_get_data (contents, NULL),
                            g_bytes_get_size (contents), FS_JSON_MAX_RECORD_BYTES, &local_error))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   /* Translators: a sidecar's path, then why it cannot be read */
                   _("Could not read the record “%s”: %s"), sidecar_path, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   _("Could not read the record “%s”: it is not a JSON object"), sidecar_path);
      return NULL;
    }

  return json_node_dup_object (root);
}

gboolean
fs_library_files_is_gallery_name (const char *name)
{
  if (name == NULL || name[0] == '.' || name[0] == '\0')
    return FALSE;
  if (g_str_has_suffix (name, ".json"))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (image_extensions); i++)
    {
      const char *dot = strrchr (name, '.');

      if (dot != NULL && g_ascii_strcasecmp (dot + 1, image_extensions[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Rewrites of sidecars read, change and write each one: the lock keeps
 * two processes from losing one another's change. Without it (a
 * read-only folder, a lock that stays busy) the rewrite goes ahead. */
int
fs_library_files_lock (const char *path)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    return -1;

  while (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      if ((errno != EWOULDBLOCK && errno != EINTR) || g_get_monotonic_time () > deadline)
        {
          g_debug ("Rewriting sidecars without %s: %s", path, g_strerror (errno));
          close (fd);
          return -1;
        }
      g_usleep (2000);
    }

  return fd;
}

void
fs_library_files_unlock (int fd)
{
  if (fd >= 0)
    close (fd);
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

  fs_file_sync_folder (dir);
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
