/* fs-library-index-spend.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fs-json.h"
#include "fs-library-index-private.h"

/* The spend ledger and the library's settings (docs/ARCHITECTURE.md,
 * “Spend”): one row per paid call, written before the call with the
 * catalog's estimate and brought up to date with what the provider
 * answered. Blocking, for worker threads. */

/* Version 4 of the schema: tables of their own, so that the migration
 * only adds. */
static const char schema_v4_sql[] =
  "CREATE TABLE IF NOT EXISTS spend ("
  "  job_id TEXT PRIMARY KEY,"
  "  provider TEXT NOT NULL,"
  "  model TEXT NOT NULL,"
  "  images INTEGER NOT NULL,"
  "  estimate REAL,"
  "  actual REAL,"
  "  state TEXT NOT NULL,"
  "  created INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL);"
  "CREATE INDEX IF NOT EXISTS spend_created ON spend (created);"
  "CREATE TABLE IF NOT EXISTS settings ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL);";

/* The first write of a call says what it should cost; later ones keep
 * that estimate and the time, and add what the provider reported. */
static const char record_sql[] =
  "INSERT INTO spend (job_id, provider, model, images, estimate, actual, state, created, updated)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)"
  " ON CONFLICT (job_id) DO UPDATE SET"
  "  estimate = coalesce (spend.estimate, excluded.estimate),"
  "  actual = coalesce (excluded.actual, spend.actual),"
  "  state = excluded.state,"
  "  updated = excluded.updated";

/* A call the provider refused (an error answer) is not charged. */
static const char totals_sql[] =
  "SELECT provider, model, count (*), total (images), total (estimate),"
  "       total (actual), count (actual)"
  " FROM spend WHERE created >= ?1 AND created < ?2 AND state != 'refused'"
  " GROUP BY provider, model ORDER BY provider, model";

static const char days_sql[] =
  "SELECT date (created / 1000000, 'unixepoch', 'localtime') AS day, count (*),"
  "       total (estimate), total (actual), count (actual)"
  " FROM spend WHERE created >= ?1 AND created < ?2 AND state != 'refused'"
  " GROUP BY day ORDER BY day";

static const char rows_sql[] =
  "SELECT job_id, provider, model, images, estimate, actual, state, created"
  " FROM spend WHERE created >= ?1 AND created < ?2 ORDER BY created, job_id";

gboolean
_fs_library_index_create_spend_tables (sqlite3  *db,
                                       GError  **error)
{
  return _fs_library_index_exec (db, schema_v4_sql, error);
}

static void
bind_number (sqlite3_stmt *stmt,
             int           column,
             JsonObject   *entry,
             const char   *name)
{
  JsonNode *node = json_object_get_member (entry, name);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    sqlite3_bind_double (stmt, column, json_node_get_double (node));
  else
    sqlite3_bind_null (stmt, column);
}

gboolean
fs_library_index_record_spend (FsLibraryIndex  *self,
                               JsonObject      *entry,
                               GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = _fs_library_index_prepare (self->db, record_sql, error);

  if (stmt == NULL)
    return FALSE;

  _fs_library_index_bind_text (stmt, 1, fs_json_get_string (entry, "job_id"));
  _fs_library_index_bind_text (stmt, 2, fs_json_get_string (entry, "provider"));
  _fs_library_index_bind_text (stmt, 3, fs_json_get_string (entry, "model"));
  sqlite3_bind_int64 (stmt, 4, json_object_get_int_member_with_default (entry, "images", 1));
  bind_number (stmt, 5, entry, "estimate");
  bind_number (stmt, 6, entry, "actual");
  _fs_library_index_bind_text (stmt, 7, fs_json_get_string (entry, "state"));
  sqlite3_bind_int64 (stmt, 8, g_get_real_time ());

  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _fs_library_index_set_error (self->db, error);
  return TRUE;
}

static void
set_sum (JsonObject   *object,
         const char   *name,
         sqlite3_stmt *stmt,
         int           column,
         gboolean      known)
{
  if (known)
    json_object_set_double_member (object, name, sqlite3_column_double (stmt, column));
  else
    json_object_set_null_member (object, name);
}

/* Rows of (count, estimate, actual, n actual) from @column on. */
static void
set_totals (JsonObject   *object,
            sqlite3_stmt *stmt,
            int           column)
{
  gint64 n_actual = sqlite3_column_int64 (stmt, column + 3);

  json_object_set_int_member (object, "calls", sqlite3_column_int64 (stmt, column));
  set_sum (object, "estimate", stmt, column + 1, TRUE);
  /* The actual total is what the providers reported, for the calls they
   * reported it for; null when none did. */
  set_sum (object, "actual", stmt, column + 2, n_actual > 0);
  json_object_set_int_member (object, "reported_calls", n_actual);
}

static gboolean
bind_span (sqlite3_stmt *stmt,
           gint64        from_us,
           gint64        to_us)
{
  sqlite3_bind_int64 (stmt, 1, from_us);
  sqlite3_bind_int64 (stmt, 2, to_us);
  return TRUE;
}

JsonObject *
fs_library_index_spend_summary (FsLibraryIndex  *self,
                                gint64           from_us,
                                gint64           to_us,
                                GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) totals = _fs_library_index_prepare (self->db, totals_sql, error);
  g_autoptr(sqlite3_stmt) days = NULL;
  g_autoptr(JsonObject) summary = json_object_new ();
  JsonArray *models = json_array_new ();
  JsonArray *day_list = json_array_new ();
  int rc;

  json_object_set_array_member (summary, "models", models);
  json_object_set_array_member (summary, "days", day_list);
  if (totals == NULL || (days = _fs_library_index_prepare (self->db, days_sql, error)) == NULL)
    return NULL;

  bind_span (totals, from_us, to_us);
  while ((rc = sqlite3_step (totals)) == SQLITE_ROW)
    {
      JsonObject *row = json_object_new ();

      json_object_set_string_member (row, "provider", (const char *) sqlite3_column_text (totals, 0));
      json_object_set_string_member (row, "model", (const char *) sqlite3_column_text (totals, 1));
      json_object_set_int_member (row, "calls", sqlite3_column_int64 (totals, 2));
      json_object_set_int_member (row, "images", (gint64) sqlite3_column_double (totals, 3));
      set_sum (row, "estimate", totals, 4, TRUE);
      set_sum (row, "actual", totals, 5, sqlite3_column_int64 (totals, 6) > 0);
      json_object_set_int_member (row, "reported_calls", sqlite3_column_int64 (totals, 6));
      json_array_add_object_element (models, row);
    }
  if (rc != SQLITE_DONE)
    {
      _fs_library_index_set_error (self->db, error);
      return NULL;
    }

  bind_span (days, from_us, to_us);
  while ((rc = sqlite3_step (days)) == SQLITE_ROW)
    {
      JsonObject *row = json_object_new ();

      json_object_set_string_member (row, "date", (const char *) sqlite3_column_text (days, 0));
      set_totals (row, days, 1);
      json_array_add_object_element (day_list, row);
    }
  if (rc != SQLITE_DONE)
    {
      _fs_library_index_set_error (self->db, error);
      return NULL;
    }

  return g_steal_pointer (&summary);
}

JsonArray *
fs_library_index_spend_rows (FsLibraryIndex  *self,
                             gint64           from_us,
                             gint64           to_us,
                             GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = _fs_library_index_prepare (self->db, rows_sql, error);
  g_autoptr(JsonArray) rows = json_array_new ();
  int rc;

  if (stmt == NULL)
    return NULL;

  bind_span (stmt, from_us, to_us);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *row = json_object_new ();

      json_object_set_string_member (row, "job_id", (const char *) sqlite3_column_text (stmt, 0));
      json_object_set_string_member (row, "provider", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (row, "model", (const char *) sqlite3_column_text (stmt, 2));
      json_object_set_int_member (row, "images", sqlite3_column_int64 (stmt, 3));
      set_sum (row, "estimate", stmt, 4, sqlite3_column_type (stmt, 4) != SQLITE_NULL);
      set_sum (row, "actual", stmt, 5, sqlite3_column_type (stmt, 5) != SQLITE_NULL);
      json_object_set_string_member (row, "state", (const char *) sqlite3_column_text (stmt, 6));
      json_object_set_int_member (row, "created", sqlite3_column_int64 (stmt, 7));
      json_array_add_object_element (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      _fs_library_index_set_error (self->db, error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

char *
fs_library_index_get_setting (FsLibraryIndex  *self,
                              const char      *key,
                              GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt =
    _fs_library_index_prepare (self->db, "SELECT value FROM settings WHERE key = ?1", error);
  int rc;

  if (stmt == NULL)
    return NULL;

  _fs_library_index_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    _fs_library_index_set_error (self->db, error);
  return NULL;
}

gboolean
fs_library_index_set_setting (FsLibraryIndex  *self,
                              const char      *key,
                              const char      *value,
                              GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt =
    _fs_library_index_prepare (self->db, value != NULL
                               ? "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)"
                               : "DELETE FROM settings WHERE key = ?1", error);

  if (stmt == NULL)
    return FALSE;

  _fs_library_index_bind_text (stmt, 1, key);
  if (value != NULL)
    _fs_library_index_bind_text (stmt, 2, value);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _fs_library_index_set_error (self->db, error);
  return TRUE;
}
