/* fs-library-index-batch.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-json.h"
#include "fs-library-index-private.h"

/* The rows of batches, journalled before any of them is sent
 * (docs/ARCHITECTURE.md, “Batches”). A row is taken once the job row of
 * its job id exists in the journal: from then on it is the journal's to
 * resume or to close; a row whose job id the journal does not know was
 * never sent. Blocking, for worker threads. */

/* Version 5 of the schema. */
static const char schema_v5_sql[] =
  "CREATE TABLE IF NOT EXISTS batch_rows ("
  "  batch_id TEXT NOT NULL,"
  "  idx INTEGER NOT NULL,"
  "  line INTEGER NOT NULL,"
  "  job_id TEXT NOT NULL UNIQUE,"
  "  request TEXT NOT NULL,"
  "  options TEXT NOT NULL,"
  "  created INTEGER NOT NULL,"
  "  PRIMARY KEY (batch_id, idx));";

static const char add_sql[] =
  "INSERT INTO batch_rows (batch_id, idx, line, job_id, request, options, created)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

static const char discard_sql[] = "DELETE FROM batch_rows WHERE job_id = ?1";

static const char unsent_sql[] =
  "SELECT b.batch_id, b.idx, b.line, b.job_id, b.request, b.options"
  " FROM batch_rows b LEFT JOIN jobs j ON j.job_id = b.job_id"
  " WHERE j.job_id IS NULL ORDER BY b.created, b.batch_id, b.idx";

gboolean
_fs_library_index_create_batch_tables (sqlite3  *db,
                                       GError  **error)
{
  return _fs_library_index_exec (db, schema_v5_sql, error);
}

static char *
member_json (JsonObject *row,
             const char *name)
{
  JsonNode *node = json_object_get_member (row, name);

  return node != NULL ? json_to_string (node, FALSE) : g_strdup ("{}");
}

gboolean
fs_library_index_add_batch (FsLibraryIndex  *self,
                            const char      *batch_id,
                            JsonArray       *rows,
                            GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 now = g_get_real_time ();

  if (!_fs_library_index_exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if ((stmt = _fs_library_index_prepare (self->db, add_sql, error)) == NULL)
    goto fail;

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      g_autofree char *request = member_json (row, "request");
      g_autofree char *options = member_json (row, "options");

      sqlite3_reset (stmt);
      _fs_library_index_bind_text (stmt, 1, batch_id);
      sqlite3_bind_int64 (stmt, 2, i);
      sqlite3_bind_int64 (stmt, 3, json_object_get_int_member_with_default (row, "line", 0));
      _fs_library_index_bind_text (stmt, 4, fs_json_get_string (row, "job_id"));
      _fs_library_index_bind_text (stmt, 5, request);
      _fs_library_index_bind_text (stmt, 6, options);
      sqlite3_bind_int64 (stmt, 7, now);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          _fs_library_index_set_error (self->db, error);
          goto fail;
        }
    }

  if (_fs_library_index_exec (self->db, "COMMIT", error))
    return TRUE;

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

gboolean
fs_library_index_discard_batch_rows (FsLibraryIndex  *self,
                                     char           **job_ids,
                                     GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!_fs_library_index_exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if ((stmt = _fs_library_index_prepare (self->db, discard_sql, error)) == NULL)
    goto fail;
  for (guint i = 0; job_ids[i] != NULL; i++)
    {
      sqlite3_reset (stmt);
      _fs_library_index_bind_text (stmt, 1, job_ids[i]);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          _fs_library_index_set_error (self->db, error);
          goto fail;
        }
    }
  if (_fs_library_index_exec (self->db, "COMMIT", error))
    return TRUE;

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static JsonNode *
parse_member (sqlite3_stmt *stmt,
              int           column)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  if (text == NULL ||
      !fs_json_parser_load (parser, text, -1, FS_JSON_MAX_RECORD_BYTES, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

GPtrArray *
fs_library_index_unsent_batch_rows (FsLibraryIndex  *self,
                                    GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = _fs_library_index_prepare (self->db, unsent_sql, error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  int rc;

  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *row = json_object_new ();
      JsonNode *request = parse_member (stmt, 4);
      JsonNode *options = parse_member (stmt, 5);

      json_object_set_string_member (row, "batch_id", (const char *) sqlite3_column_text (stmt, 0));
      json_object_set_int_member (row, "index", sqlite3_column_int64 (stmt, 1));
      json_object_set_int_member (row, "line", sqlite3_column_int64 (stmt, 2));
      json_object_set_string_member (row, "job_id", (const char *) sqlite3_column_text (stmt, 3));
      /* A row that cannot be read back keeps a null request: the caller
       * reports it. */
      json_object_set_member (row, "request", request ? request : json_node_new (JSON_NODE_NULL));
      json_object_set_member (row, "options", options ? options : json_node_new (JSON_NODE_NULL));
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      _fs_library_index_set_error (self->db, error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}
