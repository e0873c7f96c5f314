/* fs-library-index.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "fs-error.h"
#include "fs-json.h"
#include "fs-library-index-private.h"

#define SCHEMA_VERSION  5
#define BUSY_TIMEOUT_MS 10000
#define BUSY_SLEEP_US   5000

/* Times are Unix microseconds so that ordering is exact across time zones
 * and among saves made within the same second. Version 1 also had the
 * "assets" table that version 3 replaced (fs-library-index-assets.c). */
static const char schema_v1_sql[] =
  "CREATE TABLE IF NOT EXISTS jobs ("
  "  job_id TEXT PRIMARY KEY,"
  "  state TEXT NOT NULL,"
  "  request TEXT,"
  "  polling_url TEXT,"
  "  detail TEXT,"
  "  created INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL);";

/* Version 2: what became of each result of a job, so that a result the
 * provider delivered is saved later if it cannot be saved at once
 * (docs/ARCHITECTURE.md, “Job journal”), and the images' verified
 * hashes. Tables of their own, so that the migration only adds and never
 * rewrites what is there. */
static const char schema_v2_sql[] =
  "CREATE TABLE IF NOT EXISTS job_outputs ("
  "  job_id TEXT NOT NULL,"
  "  idx INTEGER NOT NULL,"
  "  url TEXT,"
  "  received INTEGER NOT NULL,"
  "  expired INTEGER NOT NULL DEFAULT 0,"
  "  recovery TEXT,"
  "  claim TEXT,"
  "  saved TEXT,"
  "  PRIMARY KEY (job_id, idx));"
  /* The sha256 of each image as last verified, with the size and mtime
   * it had then, so that it is not recomputed (docs/ARCHITECTURE.md,
   * “Damaged records”). */
  "CREATE TABLE IF NOT EXISTS image_checks ("
  "  path TEXT PRIMARY KEY,"
  "  size INTEGER NOT NULL,"
  "  mtime INTEGER NOT NULL,"
  "  sha256 TEXT NOT NULL);";

static const char checks_sql[] =
  "SELECT path, size, mtime, sha256 FROM image_checks";

static const char set_check_sql[] =
  "INSERT OR REPLACE INTO image_checks (path, size, mtime, sha256) VALUES (?1, ?2, ?3, ?4)";

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

/* A later write keeps the URL and the time first written, and an output
 * once expired stays so. */
static const char output_sql[] =
  "INSERT INTO job_outputs (job_id, idx, url, received, expired)"
  " VALUES (?1, ?2, ?3, ?4, ?5)"
  " ON CONFLICT (job_id, idx) DO UPDATE SET"
  "  url = coalesce (excluded.url, job_outputs.url),"
  "  expired = max (job_outputs.expired, excluded.expired)";

static const char output_ensure_sql[] =
  "INSERT OR IGNORE INTO job_outputs (job_id, idx, received) VALUES (?1, ?2, ?3)";

static const char output_select_sql[] =
  "SELECT idx, url, received, expired, recovery, claim, saved"
  " FROM job_outputs WHERE job_id = ?1 AND (?2 < 0 OR idx = ?2) ORDER BY idx";

static const char output_claim_sql[] =
  "UPDATE job_outputs SET claim = ?3 WHERE job_id = ?1 AND idx = ?2";

static const char output_saved_sql[] =
  "UPDATE job_outputs SET saved = ?3, claim = NULL, recovery = NULL"
  " WHERE job_id = ?1 AND idx = ?2";

static const char output_recovery_sql[] =
  "UPDATE job_outputs SET recovery = ?3 WHERE job_id = ?1 AND idx = ?2";

static const char job_sql[] =
  "SELECT job_id, state, request, polling_url, detail, created, updated"
  " FROM jobs WHERE job_id = ?1";

static const char unfinished_sql[] =
  "SELECT job_id, state, request, polling_url, detail, created, updated"
  " FROM jobs WHERE state NOT IN (?1, ?2, ?3)"
  " ORDER BY created, job_id";

gboolean
_fs_library_index_set_error (sqlite3  *db,
                             GError  **error)
{
  g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
               _("The library index could not be used: %s"),
               sqlite3_errmsg (db));
  return FALSE;
}

gboolean
_fs_library_index_exec (sqlite3     *db,
                        const char  *sql,
                        GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return _fs_library_index_set_error (db, error);

  return TRUE;
}

sqlite3_stmt *
_fs_library_index_prepare (sqlite3     *db,
                           const char  *sql,
                           GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _fs_library_index_set_error (db, error);
      return NULL;
    }

  return stmt;
}

/* The CLI and the app may share the index, and forty CLI runs may start
 * on a new one at once: waiting for the other's write beats failing.
 * FLUX_STUDIO_TIMEOUT lowers the wait as it lowers every time limit. */
static int
busy_timeout_ms (void)
{
  const char *cap = g_getenv ("FLUX_STUDIO_TIMEOUT");
  guint64 seconds;

  if (cap != NULL && g_ascii_string_to_unsigned (cap, 10, 1, G_MAXUINT, &seconds, NULL))
    return (int) MIN ((guint64) BUSY_TIMEOUT_MS, seconds * 1000);
  return BUSY_TIMEOUT_MS;
}

static int
read_version (sqlite3 *db)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return -1;

  return sqlite3_column_int (stmt, 0);
}

/* The schema version, or -1 with @error set when it cannot be read or
 * is newer than this program knows. */
static int
read_known_version (sqlite3  *db,
                    GError  **error)
{
  int version = read_version (db);

  if (version < 0)
    _fs_library_index_set_error (db, error);
  else if (version > SCHEMA_VERSION)
    g_set_error (error, FS_ERROR, FS_ERROR_STORAGE,
                 _("The library index was written by a newer version of Flux Studio"));

  return version <= SCHEMA_VERSION ? version : -1;
}

/* Inside the write transaction, so that of two processes migrating at
 * once the second finds the work done. */
static gboolean
apply_schema (sqlite3   *db,
              gboolean  *created,
              GError   **error)
{
  int version = read_known_version (db, error);

  if (version < 0)
    return FALSE;

  *created = version == 0;
  if (version < 1 && !_fs_library_index_exec (db, schema_v1_sql, error))
    return FALSE;
  if (version < 2 && !_fs_library_index_exec (db, schema_v2_sql, error))
    return FALSE;
  /* Version 3 moves the records out of the gallery's rows and adds the
   * search table, marks and collections: the old rows are read again
   * into the new tables (docs/ARCHITECTURE.md, “Index”). */
  if (version >= 1 && version < 3 &&
      !_fs_library_index_exec (db, "DROP INDEX IF EXISTS assets_created;"
                                   "ALTER TABLE assets RENAME TO assets_v2", error))
    return FALSE;
  if (version < 3 && !_fs_library_index_create_asset_tables (db, error))
    return FALSE;
  if (version >= 1 && version < 3 &&
      !_fs_library_index_move_old_assets (db, "assets_v2", error))
    return FALSE;
  /* Version 4 adds the spend ledger and the library's settings
   * (fs-library-index-spend.c). */
  if (version < 4 && !_fs_library_index_create_spend_tables (db, error))
    return FALSE;
  /* Version 5 adds the rows of batches (fs-library-index-batch.c). */
  if (version < 5 && !_fs_library_index_create_batch_tables (db, error))
    return FALSE;

  return _fs_library_index_exec (db, "PRAGMA user_version = " G_STRINGIFY (SCHEMA_VERSION), error);
}

/* @created says whether this call made the tables: only then is the
 * index new, and to be filled from the sidecars. */
static gboolean
migrate (sqlite3   *db,
         gboolean  *created,
         GError   **error)
{
  int version = read_known_version (db, error);

  *created = FALSE;
  if (version < 0)
    return FALSE;
  if (version == SCHEMA_VERSION)
    return TRUE;
  /* A read-only library can still be shown; writing it fails later,
   * saying why, and a job refuses to start (“Job journal”). */
  if (sqlite3_db_readonly (db, "main") == 1)
    return TRUE;

  if (!_fs_library_index_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (apply_schema (db, created, error) && _fs_library_index_exec (db, "COMMIT", error))
    return TRUE;

  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* Switching to WAL needs the database to itself; the busy handler does
 * not cover every case of that, so it is retried here. The mode is
 * persistent: only the process that creates the file switches it. */
static gboolean
ensure_wal (sqlite3  *db,
            GError  **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) busy_timeout_ms () * 1000;
  int rc;

  while ((rc = sqlite3_exec (db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL)) != SQLITE_OK)
    {
      if (rc == SQLITE_READONLY || sqlite3_db_readonly (db, "main") == 1)
        return TRUE;
      if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || g_get_monotonic_time () > deadline)
        return _fs_library_index_set_error (db, error);
      g_usleep (BUSY_SLEEP_US);
    }

  return TRUE;
}

/* Creating the file, switching it to WAL and migrating it happen under an
 * flock on “library.db.lock”, one process at a time. Without a lock file
 * (a read-only folder) they go ahead: nothing can be created there. */
static int
lock_setup (const char *db_path)
{
  g_autofree char *path = g_strconcat (db_path, ".lock", NULL);
  gint64 deadline = g_get_monotonic_time () + (gint64) busy_timeout_ms () * 1000;
  int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    return -1;

  while (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      if ((errno != EWOULDBLOCK && errno != EINTR) || g_get_monotonic_time () > deadline)
        {
          g_debug ("Setting up %s without its lock: %s", db_path, g_strerror (errno));
          close (fd);
          return -1;
        }
      g_usleep (BUSY_SLEEP_US);
    }

  return fd;
}

static sqlite3 *
open_db (const char  *db_path,
         gboolean    *created,
         GError     **error)
{
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
  sqlite3_busy_timeout (db, busy_timeout_ms ());
  if (!ensure_wal (db, error) || !migrate (db, created, error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

FsLibraryIndex *
fs_library_index_open (const char  *db_path,
                       gboolean    *created,
                       GError     **error)
{
  FsLibraryIndex *self;
  gboolean made = FALSE;
  sqlite3 *db;
  int lock_fd = lock_setup (db_path);

  db = open_db (db_path, &made, error);
  if (lock_fd >= 0)
    close (lock_fd);
  if (db == NULL)
    return NULL;

  if (created != NULL)
    *created = made;
  self = g_new0 (FsLibraryIndex, 1);
  g_mutex_init (&self->lock);
  self->db = db;

  return self;
}

/* After a large write (a rebuild), the log of changes is folded into the
 * database and emptied: a process that opens the index later would
 * otherwise read all of it first. Busy readers only postpone it. */
void
fs_library_index_checkpoint (FsLibraryIndex *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  int rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);

  if (rc != SQLITE_OK)
    g_debug ("Could not checkpoint the index: %s", sqlite3_errmsg (self->db));
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
fs_library_index_any (FsLibraryIndex  *self,
                        GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  /* Whether there is any row, not how many: reading every row of a large
   * index is what an open must not do. */
  g_autoptr(sqlite3_stmt) stmt = _fs_library_index_prepare (self->db,
                                                            "SELECT EXISTS (SELECT 1 FROM assets)",
                                                            error);

  if (stmt == NULL)
    return -1;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _fs_library_index_set_error (self->db, error);
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

void
_fs_library_index_bind_text (sqlite3_stmt *stmt,
                             int           column,
                             const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
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
  g_autoptr(sqlite3_stmt) stmt = _fs_library_index_prepare (self->db, checks_sql, error);
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
      _fs_library_index_set_error (self->db, error);
      return NULL;
    }

  return g_steal_pointer (&checks);
}

/* Many at once, in one transaction: a first check of a large gallery
 * records thousands. */
gboolean
fs_library_index_set_image_checks (FsLibraryIndex  *self,
                                   GHashTable      *checks,
                                   GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GHashTableIter iter;
  gpointer path, value;

  if (!_fs_library_index_exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if ((stmt = _fs_library_index_prepare (self->db, set_check_sql, error)) == NULL)
    goto rollback;

  g_hash_table_iter_init (&iter, checks);
  while (g_hash_table_iter_next (&iter, &path, &value))
    {
      FsImageCheck *check = value;

      sqlite3_reset (stmt);
      _fs_library_index_bind_text (stmt, 1, path);
      sqlite3_bind_int64 (stmt, 2, check->size);
      sqlite3_bind_int64 (stmt, 3, check->mtime);
      _fs_library_index_bind_text (stmt, 4, check->sha256);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          _fs_library_index_set_error (self->db, error);
          goto rollback;
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (_fs_library_index_exec (self->db, "COMMIT", error))
    return TRUE;

rollback:
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
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
  g_autoptr(sqlite3_stmt) stmt = _fs_library_index_prepare (self->db, journal_sql, error);

  if (stmt == NULL)
    return FALSE;

  _fs_library_index_bind_text (stmt, 1, job_id);
  _fs_library_index_bind_text (stmt, 2, state);
  _fs_library_index_bind_text (stmt, 3, request_json);
  _fs_library_index_bind_text (stmt, 4, polling_url);
  _fs_library_index_bind_text (stmt, 5, detail);
  sqlite3_bind_int64 (stmt, 6, g_get_real_time ());

  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _fs_library_index_set_error (self->db, error);

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
row_to_output (sqlite3_stmt *stmt)
{
  JsonObject *output = json_object_new ();

  json_object_set_int_member (output, "index", sqlite3_column_int64 (stmt, 0));
  set_text_member (output, "url", stmt, 1);
  json_object_set_int_member (output, "received", sqlite3_column_int64 (stmt, 2));
  json_object_set_boolean_member (output, "expired", sqlite3_column_int (stmt, 3) != 0);
  set_text_member (output, "recovery", stmt, 4);
  set_text_member (output, "claim", stmt, 5);
  set_text_member (output, "saved", stmt, 6);

  return output;
}

/* The outputs of @job_id, every one when @index is negative. */
static JsonArray *
select_outputs (sqlite3     *db,
                const char  *job_id,
                gint64       index,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _fs_library_index_prepare (db, output_select_sql, error);
  g_autoptr(JsonArray) outputs = json_array_new ();
  int rc;

  if (stmt == NULL)
    return NULL;

  _fs_library_index_bind_text (stmt, 1, job_id);
  sqlite3_bind_int64 (stmt, 2, index);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    json_array_add_object_element (outputs, row_to_output (stmt));

  if (rc != SQLITE_DONE)
    {
      _fs_library_index_set_error (db, error);
      return NULL;
    }

  return g_steal_pointer (&outputs);
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
  g_autoptr(sqlite3_stmt) stmt = _fs_library_index_prepare (self->db, unfinished_sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  _fs_library_index_bind_text (stmt, 1, "saved");
  _fs_library_index_bind_text (stmt, 2, "failed");
  _fs_library_index_bind_text (stmt, 3, "cancelled");

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (jobs, row_to_job (stmt));

  if (rc != SQLITE_DONE)
    {
      _fs_library_index_set_error (self->db, error);
      return NULL;
    }

  for (guint i = 0; i < jobs->len; i++)
    {
      JsonObject *job = g_ptr_array_index (jobs, i);
      JsonArray *outputs = select_outputs (self->db, json_object_get_string_member (job, "job_id"),
                                           -1, error);

      if (outputs == NULL)
        return NULL;
      json_object_set_array_member (job, "outputs", outputs);
    }

  return g_steal_pointer (&jobs);
}

JsonObject *
fs_library_index_job (FsLibraryIndex  *self,
                      const char      *job_id,
                      GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = _fs_library_index_prepare (self->db, job_sql, error);
  g_autoptr(JsonObject) job = NULL;
  JsonArray *outputs;
  int rc;

  if (stmt == NULL)
    return NULL;

  _fs_library_index_bind_text (stmt, 1, job_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s", job_id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _fs_library_index_set_error (self->db, error);
      return NULL;
    }

  job = row_to_job (stmt);
  if ((outputs = select_outputs (self->db, job_id, -1, error)) == NULL)
    return NULL;
  json_object_set_array_member (job, "outputs", outputs);

  return g_steal_pointer (&job);
}

/* Outputs ----------------------------------------------------------------- */

static gint64
member_int (JsonObject *object,
            const char *name,
            gint64      fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

static gboolean
write_output (sqlite3      *db,
              sqlite3_stmt *stmt,
              const char   *job_id,
              JsonObject   *output,
              GError      **error)
{
  JsonNode *expired = json_object_get_member (output, "expired");
  int rc;

  _fs_library_index_bind_text (stmt, 1, job_id);
  sqlite3_bind_int64 (stmt, 2, member_int (output, "index", 0));
  _fs_library_index_bind_text (stmt, 3, fs_json_get_string (output, "url"));
  sqlite3_bind_int64 (stmt, 4, member_int (output, "received", g_get_real_time ()));
  sqlite3_bind_int (stmt, 5, expired != NULL && JSON_NODE_HOLDS_VALUE (expired) &&
                             json_node_get_boolean (expired));
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return rc == SQLITE_DONE || _fs_library_index_set_error (db, error);
}

static gboolean
write_outputs (sqlite3     *db,
               const char  *job_id,
               JsonArray   *outputs,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _fs_library_index_prepare (db, output_sql, error);

  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (outputs); i++)
    {
      if (!write_output (db, stmt, job_id, json_array_get_object_element (outputs, i), error))
        return FALSE;
    }

  return TRUE;
}

gboolean
fs_library_index_journal_outputs (FsLibraryIndex  *self,
                                  const char      *job_id,
                                  JsonArray       *outputs,
                                  GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  if (!_fs_library_index_exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (write_outputs (self->db, job_id, outputs, error) && _fs_library_index_exec (self->db, "COMMIT", error))
    return TRUE;

  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* Runs @sql with the job id, the output index and @text bound. */
static gboolean
run_output_sql (sqlite3     *db,
                const char  *sql,
                const char  *job_id,
                guint        index,
                const char  *text,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _fs_library_index_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;

  _fs_library_index_bind_text (stmt, 1, job_id);
  sqlite3_bind_int64 (stmt, 2, index);
  if (g_str_equal (sql, output_ensure_sql))
    sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  else
    _fs_library_index_bind_text (stmt, 3, text);

  return sqlite3_step (stmt) == SQLITE_DONE || _fs_library_index_set_error (db, error);
}

static JsonObject *
claim_in_transaction (FsLibraryIndex  *self,
                      const char      *job_id,
                      guint            index,
                      const char      *token,
                      GError         **error)
{
  g_autoptr(JsonArray) outputs = NULL;
  JsonObject *output;

  if (!run_output_sql (self->db, output_ensure_sql, job_id, index, NULL, error) ||
      (outputs = select_outputs (self->db, job_id, index, error)) == NULL)
    return NULL;

  output = json_array_get_object_element (outputs, 0);
  if (fs_json_get_string (output, "saved") == NULL &&
      !run_output_sql (self->db, output_claim_sql, job_id, index, token, error))
    return NULL;

  return json_object_ref (output);
}

JsonObject *
fs_library_index_claim_output (FsLibraryIndex  *self,
                               const char      *job_id,
                               guint            index,
                               const char      *token,
                               GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(JsonObject) output = NULL;

  if (!_fs_library_index_exec (self->db, "BEGIN IMMEDIATE", error))
    return NULL;

  output = claim_in_transaction (self, job_id, index, token, error);
  if (output != NULL && _fs_library_index_exec (self->db, "COMMIT", error))
    return g_steal_pointer (&output);

  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return NULL;
}

/* The row and the mark go in one transaction: an image is either indexed
 * and marked saved, or neither. */
gboolean
fs_library_index_add_output (FsLibraryIndex  *self,
                             FsAsset         *asset,
                             const char      *job_id,
                             guint            index,
                             GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  if (!_fs_library_index_exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (_fs_library_index_put_asset (self->db, asset, error) &&
      run_output_sql (self->db, output_saved_sql, job_id, index,
                      fs_asset_get_path (asset), error) &&
      _fs_library_index_exec (self->db, "COMMIT", error))
    return TRUE;

  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

gboolean
fs_library_index_set_recovery (FsLibraryIndex  *self,
                               const char      *job_id,
                               guint            index,
                               const char      *path,
                               GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return run_output_sql (self->db, output_ensure_sql, job_id, index, NULL, error) &&
         run_output_sql (self->db, output_recovery_sql, job_id, index, path, error);
}
