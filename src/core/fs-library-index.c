/* fs-library-index.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "fs-error.h"
#include "fs-json.h"
#include "fs-library-index.h"

#define SCHEMA_VERSION  1
#define BUSY_TIMEOUT_MS 10000

struct _FsLibraryIndex
{
  /* SQLITE_OPEN_FULLMUTEX serialises single calls; this lock also keeps a
   * statement's bind-step-reset sequence and a transaction from
   * interleaving with another worker's. */
  GMutex   lock;
  sqlite3 *db;
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Times are Unix microseconds so that ordering is exact across time zones
 * and among saves made within the same second. */
static const char schema_sql[] =
  "BEGIN IMMEDIATE;"
  "CREATE TABLE IF NOT EXISTS assets ("
  "  id INTEGER PRIMARY KEY,"
  "  sha256 TEXT NOT NULL,"
  "  path TEXT NOT NULL UNIQUE,"
  "  sidecar TEXT NOT NULL,"
  "  provider TEXT,"
  "  model TEXT,"
  "  prompt TEXT,"
  "  seed INTEGER,"
  "  width INTEGER,"
  "  height INTEGER,"
  "  request_id TEXT,"
  "  cost REAL,"
  "  created INTEGER NOT NULL,"
  "  record TEXT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS assets_created ON assets (created);"
  "CREATE TABLE IF NOT EXISTS jobs ("
  "  job_id TEXT PRIMARY KEY,"
  "  state TEXT NOT NULL,"
  "  request TEXT,"
  "  polling_url TEXT,"
  "  detail TEXT,"
  "  created INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL);"
  "PRAGMA user_version = " G_STRINGIFY (SCHEMA_VERSION) ";"
  "COMMIT;";

/* Not part of the versioned schema: a cache of image hashes that any
 * version may ignore, made whenever it is missing (docs/ARCHITECTURE.md,
 * “Damaged records”). */
static const char checks_schema_sql[] =
  "CREATE TABLE IF NOT EXISTS image_checks ("
  "  path TEXT PRIMARY KEY,"
  "  size INTEGER NOT NULL,"
  "  mtime INTEGER NOT NULL,"
  "  sha256 TEXT NOT NULL)";

static const char checks_sql[] =
  "SELECT path, size, mtime, sha256 FROM image_checks";

static const char set_check_sql[] =
  "INSERT OR REPLACE INTO image_checks (path, size, mtime, sha256) VALUES (?1, ?2, ?3, ?4)";

static const char delete_check_sql[] =
  "DELETE FROM image_checks WHERE path = ?1";

static const char insert_sql[] =
  "INSERT INTO assets (sha256, path, sidecar, provider, model, prompt, seed,"
  "                    width, height, request_id, cost, created, record)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
  " ON CONFLICT (path) DO UPDATE SET"
  "  sha256 = excluded.sha256, sidecar = excluded.sidecar,"
  "  provider = excluded.provider, model = excluded.model,"
  "  prompt = excluded.prompt, seed = excluded.seed,"
  "  width = excluded.width, height = excluded.height,"
  "  request_id = excluded.request_id, cost = excluded.cost,"
  "  created = excluded.created, record = excluded.record";

static const char select_all_sql[] =
  "SELECT path, record FROM assets ORDER BY created DESC, id DESC";

static const char search_sql[] =
  "SELECT path, record FROM assets"
  " WHERE prompt LIKE ?1 ESCAPE '\\'"
  "    OR model LIKE ?1 ESCAPE '\\'"
  "    OR provider LIKE ?1 ESCAPE '\\'"
  " ORDER BY created DESC, id DESC";

static const char delete_sql[] =
  "DELETE FROM assets WHERE path = ?1";

/* Each prompt once, by the last time it was used; a NULL pattern lists
 * them all and a negative limit has no limit. */
static const char prompts_sql[] =
  "SELECT prompt FROM assets"
  " WHERE prompt IS NOT NULL AND prompt != ''"
  "   AND (?1 IS NULL OR prompt LIKE ?1 ESCAPE '\\')"
  " GROUP BY prompt"
  " ORDER BY max (created) DESC, max (id) DESC"
  " LIMIT ?2";

/* A NULL request or polling URL keeps the one journalled before, so later
 * updates need only say what changed. */
static const char journal_sql[] =
  "INSERT INTO jobs (job_id, state, request, polling_url, detail, created, updated)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)"
  " ON CONFLICT (job_id) DO UPDATE SET"
  "  state = excluded.state,"
  "  request = coalesce (excluded.request, jobs.request),"
  "  polling_url = coalesce (excluded.polling_url, jobs.polling_url),"
  "  detail = excluded.detail,"
  "  updated = excluded.updated";

static const char unfinished_sql[] =
  "SELECT job_id, state, request, polling_url, detail, created, updated"
  " FROM jobs WHERE state NOT IN (?1, ?2, ?3)"
  " ORDER BY created, job_id";

static gboolean
set_error (sqlite3  *db,
           GError  **error)
{
  g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
               _("The library index could not be used: %s"),
               sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
exec (sqlite3     *db,
      const char  *sql,
      GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_error (db, error);

  return TRUE;
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_error (db, error);
      return NULL;
    }

  return stmt;
}

static gboolean
migrate (sqlite3  *db,
         GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "PRAGMA user_version", error);
  int version;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return set_error (db, error);

  version = sqlite3_column_int (stmt, 0);
  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   _("The library index was written by a newer version of Flux Studio"));
      return FALSE;
    }

  if (version == SCHEMA_VERSION)
    return TRUE;

  if (exec (db, schema_sql, error))
    return TRUE;

  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

FsLibraryIndex *
fs_library_index_open (const char  *db_path,
                       GError     **error)
{
  FsLibraryIndex *self;
  sqlite3 *db = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  int rc;

  rc = sqlite3_open_v2 (db_path, &db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                   _("Could not open the library index “%s”: %s"),
                   db_path, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }

  /* The CLI and the app may share the index; waiting a little for the
   * other's write beats failing a save. */
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  if (!exec (db, "PRAGMA journal_mode = WAL", error) || !migrate (db, error) ||
      !exec (db, checks_schema_sql, error))
    {
      sqlite3_close (db);
      return NULL;
    }

  self = g_new0 (FsLibraryIndex, 1);
  g_mutex_init (&self->lock);
  self->db = db;

  return self;
}

void
fs_library_index_close (FsLibraryIndex *self)
{
  if (self == NULL)
    return;

  sqlite3_close (self->db);
  g_mutex_clear (&self->lock);
  g_free (self);
}

gint64
fs_library_index_count (FsLibraryIndex  *self,
                        GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = prepare (self->db, "SELECT count(*) FROM assets", error);

  if (stmt == NULL)
    return -1;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_error (self->db, error);
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           column,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

static gint64
to_usec (GDateTime *time)
{
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

static void
bind_asset (sqlite3_stmt *stmt,
            FsAsset      *asset)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (),
                                                    fs_asset_get_record (asset));
  char *record = json_to_string (node, FALSE);

  bind_text (stmt, 1, fs_asset_get_sha256 (asset));
  bind_text (stmt, 2, fs_asset_get_path (asset));
  bind_text (stmt, 3, fs_asset_get_sidecar_path (asset));
  bind_text (stmt, 4, fs_asset_get_provider_id (asset));
  bind_text (stmt, 5, fs_asset_get_model_id (asset));
  bind_text (stmt, 6, fs_asset_get_prompt (asset));
  if (fs_asset_get_seed (asset) != -1)
    sqlite3_bind_int64 (stmt, 7, fs_asset_get_seed (asset));
  else
    sqlite3_bind_null (stmt, 7);
  sqlite3_bind_int64 (stmt, 8, fs_asset_get_width (asset));
  sqlite3_bind_int64 (stmt, 9, fs_asset_get_height (asset));
  bind_text (stmt, 10, fs_asset_get_request_id (asset));
  if (!isnan (fs_asset_get_cost (asset)))
    sqlite3_bind_double (stmt, 11, fs_asset_get_cost (asset));
  else
    sqlite3_bind_null (stmt, 11);
  sqlite3_bind_int64 (stmt, 12, to_usec (fs_asset_get_created (asset)));
  sqlite3_bind_text (stmt, 13, record, -1, g_free);
}

static gboolean
insert_asset (sqlite3       *db,
              sqlite3_stmt  *stmt,
              FsAsset       *asset,
              GError       **error)
{
  int rc;

  bind_asset (stmt, asset);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_DONE)
    return set_error (db, error);

  return TRUE;
}

gboolean
fs_library_index_add (FsLibraryIndex  *self,
                      FsAsset         *asset,
                      GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = prepare (self->db, insert_sql, error);

  if (stmt == NULL)
    return FALSE;

  return insert_asset (self->db, stmt, asset, error);
}

static gboolean
insert_all (FsLibraryIndex  *self,
            GPtrArray       *assets,
            GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!exec (self->db, "DELETE FROM assets", error))
    return FALSE;

  stmt = prepare (self->db, insert_sql, error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < assets->len; i++)
    {
      if (!insert_asset (self->db, stmt, g_ptr_array_index (assets, i), error))
        return FALSE;
    }

  return TRUE;
}

gboolean
fs_library_index_replace_all (FsLibraryIndex  *self,
                              GPtrArray       *assets,
                              GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  if (!exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (insert_all (self, assets, error) && exec (self->db, "COMMIT", error))
    return TRUE;

  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* LIKE treats % and _ as wildcards; a search for "100%" means the text. */
static char *
like_pattern (const char *text)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');

  return g_string_free (pattern, FALSE);
}

static FsAsset *
row_to_asset (JsonParser   *parser,
              sqlite3_stmt *stmt)
{
  const char *path = (const char *)sqlite3_column_text (stmt, 0);
  const char *record = (const char *)sqlite3_column_text (stmt, 1);
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (path == NULL || record == NULL ||
      !fs_json_parser_load (parser, record, sqlite3_column_bytes (stmt, 1),
                            FS_JSON_MAX_RECORD_BYTES, &error))
    {
      g_warning ("Skipping index row for %s: %s", path ? path : "(null)",
                 error ? error->message : "empty row");
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_warning ("Skipping index row for %s: not a JSON object", path);
      return NULL;
    }

  return fs_asset_new_from_record (path, json_node_get_object (root));
}

GPtrArray *
fs_library_index_query (FsLibraryIndex  *self,
                        const char      *text,
                        GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GPtrArray) assets = g_ptr_array_new_with_free_func (g_object_unref);
  /* Immutable nodes are sealed already, so FsAsset keeps them uncopied. */
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (self->db, text != NULL ? search_sql : select_all_sql, error);
  if (stmt == NULL)
    return NULL;
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, like_pattern (text), -1, g_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FsAsset *asset = row_to_asset (parser, stmt);

      if (asset != NULL)
        g_ptr_array_add (assets, asset);
    }

  if (rc != SQLITE_DONE)
    {
      set_error (self->db, error);
      return NULL;
    }

  return g_steal_pointer (&assets);
}

static gboolean
delete_path (sqlite3     *db,
             const char  *sql,
             const char  *path,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, path);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return set_error (db, error);

  return TRUE;
}

gboolean
fs_library_index_remove (FsLibraryIndex  *self,
                         const char      *path,
                         GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return delete_path (self->db, delete_sql, path, error) &&
         delete_path (self->db, delete_check_sql, path, error);
}

void
fs_image_check_free (FsImageCheck *check)
{
  if (check == NULL)
    return;

  g_free (check->sha256);
  g_free (check);
}

GHashTable *
fs_library_index_image_checks (FsLibraryIndex  *self,
                               GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GHashTable) checks = NULL;
  g_autoptr(sqlite3_stmt) stmt = prepare (self->db, checks_sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                  (GDestroyNotify) fs_image_check_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *path = (const char *) sqlite3_column_text (stmt, 0);
      const char *sha256 = (const char *) sqlite3_column_text (stmt, 3);
      FsImageCheck *check;

      if (path == NULL || sha256 == NULL)
        continue;
      check = g_new0 (FsImageCheck, 1);
      check->size = sqlite3_column_int64 (stmt, 1);
      check->mtime = sqlite3_column_int64 (stmt, 2);
      check->sha256 = g_strdup (sha256);
      g_hash_table_replace (checks, g_strdup (path), check);
    }

  if (rc != SQLITE_DONE)
    {
      set_error (self->db, error);
      return NULL;
    }

  return g_steal_pointer (&checks);
}

gboolean
fs_library_index_set_image_check (FsLibraryIndex      *self,
                                  const char          *path,
                                  const FsImageCheck  *check,
                                  GError             **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = prepare (self->db, set_check_sql, error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, path);
  sqlite3_bind_int64 (stmt, 2, check->size);
  sqlite3_bind_int64 (stmt, 3, check->mtime);
  bind_text (stmt, 4, check->sha256);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return set_error (self->db, error);

  return TRUE;
}

GStrv
fs_library_index_prompts (FsLibraryIndex  *self,
                          const char      *text,
                          guint            limit,
                          GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GStrvBuilder) prompts = g_strv_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = prepare (self->db, prompts_sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  if (text != NULL)
    sqlite3_bind_text (stmt, 1, like_pattern (text), -1, g_free);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (prompts, (const char *) sqlite3_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      set_error (self->db, error);
      return NULL;
    }

  return g_strv_builder_end (prompts);
}

gboolean
fs_library_index_journal (FsLibraryIndex  *self,
                          const char      *job_id,
                          const char      *state,
                          const char      *request_json,
                          const char      *polling_url,
                          const char      *detail,
                          GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = prepare (self->db, journal_sql, error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, job_id);
  bind_text (stmt, 2, state);
  bind_text (stmt, 3, request_json);
  bind_text (stmt, 4, polling_url);
  bind_text (stmt, 5, detail);
  sqlite3_bind_int64 (stmt, 6, g_get_real_time ());

  if (sqlite3_step (stmt) != SQLITE_DONE)
    return set_error (self->db, error);

  return TRUE;
}

static void
set_text_member (JsonObject   *object,
                 const char   *name,
                 sqlite3_stmt *stmt,
                 int           column)
{
  const char *text = (const char *)sqlite3_column_text (stmt, column);

  if (text != NULL)
    json_object_set_string_member (object, name, text);
  else
    json_object_set_null_member (object, name);
}

static void
set_time_member (JsonObject   *object,
                 const char   *name,
                 sqlite3_stmt *stmt,
                 int           column)
{
  gint64 usec = sqlite3_column_int64 (stmt, column);
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) time = g_date_time_add (seconds, usec % G_USEC_PER_SEC);
  g_autofree char *text = g_date_time_format_iso8601 (time);

  json_object_set_string_member (object, name, text);
}

/* The request is stored as JSON text and handed back as JSON; text that
 * cannot be read back is handed back as it is. */
static void
set_request_member (JsonObject   *object,
                    sqlite3_stmt *stmt,
                    int           column)
{
  const char *text = (const char *)sqlite3_column_text (stmt, column);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root = NULL;

  if (text != NULL &&
      fs_json_parser_load (parser, text, sqlite3_column_bytes (stmt, column),
                           FS_JSON_MAX_RECORD_BYTES, NULL))
    root = json_parser_get_root (parser);

  if (root != NULL)
    json_object_set_member (object, "request", json_node_ref (root));
  else
    set_text_member (object, "request", stmt, column);
}

static JsonObject *
row_to_job (sqlite3_stmt *stmt)
{
  JsonObject *job = json_object_new ();

  set_text_member (job, "job_id", stmt, 0);
  set_text_member (job, "state", stmt, 1);
  set_request_member (job, stmt, 2);
  set_text_member (job, "polling_url", stmt, 3);
  set_text_member (job, "detail", stmt, 4);
  set_time_member (job, "created", stmt, 5);
  set_time_member (job, "updated", stmt, 6);

  return job;
}

GPtrArray *
fs_library_index_unfinished (FsLibraryIndex  *self,
                             GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  g_autoptr(sqlite3_stmt) stmt = prepare (self->db, unfinished_sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, "saved");
  bind_text (stmt, 2, "failed");
  bind_text (stmt, 3, "cancelled");

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (jobs, row_to_job (stmt));

  if (rc != SQLITE_DONE)
    {
      set_error (self->db, error);
      return NULL;
    }

  return g_steal_pointer (&jobs);
}
