/* fs-library-index-assets.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "fs-asset-private.h"
#include "fs-collection.h"
#include "fs-colour.h"
#include "fs-error.h"
#include "fs-json.h"
#include "fs-library-index-private.h"

/* The gallery's rows (docs/ARCHITECTURE.md, “Index”). A gallery tile
 * needs a few columns of a row, never the record: the record lives in a
 * table of its own, so that listing ten thousand rows reads small pages
 * and parses no JSON. The search table and the collections follow the
 * rows through triggers and the writes here. */

static const char asset_tables_sql[] =
  "CREATE TABLE IF NOT EXISTS assets ("
  "  id INTEGER PRIMARY KEY,"
  "  sha256 TEXT NOT NULL,"
  "  path TEXT NOT NULL UNIQUE,"
  "  sidecar TEXT NOT NULL,"
  "  provider TEXT,"
  "  model TEXT,"
  "  model_name TEXT,"
  "  prompt TEXT,"
  "  seed INTEGER,"
  "  width INTEGER,"
  "  height INTEGER,"
  "  request_id TEXT,"
  "  cost REAL,"
  "  created INTEGER NOT NULL,"
  "  bytes INTEGER,"
  "  favourite INTEGER NOT NULL DEFAULT 0,"
  "  rating INTEGER NOT NULL DEFAULT 0,"
  "  colours TEXT NOT NULL DEFAULT '',"
  "  colours_checked INTEGER NOT NULL DEFAULT 0,"
  "  colours_matched INTEGER NOT NULL DEFAULT 0,"
  "  colours_off INTEGER NOT NULL DEFAULT 0,"
  "  colour_check TEXT,"
  "  n_references INTEGER NOT NULL DEFAULT 0,"
  "  sidecar_mtime INTEGER,"
  "  sidecar_size INTEGER);"
  "CREATE INDEX IF NOT EXISTS assets_created ON assets (created);"
  "CREATE INDEX IF NOT EXISTS assets_rating ON assets (rating, created);"
  "CREATE INDEX IF NOT EXISTS assets_sidecar ON assets (sidecar);"
  "CREATE INDEX IF NOT EXISTS assets_sha256 ON assets (sha256);"
  "CREATE TABLE IF NOT EXISTS records ("
  "  id INTEGER PRIMARY KEY,"
  "  record TEXT NOT NULL);"
  /* Prefix queries, case folded and accents removed ("creme" finds
   * "Crème"); the hex codes' "#" is a separator, so "02eb3c" is a word. */
  "CREATE VIRTUAL TABLE IF NOT EXISTS assets_fts USING fts5 ("
  "  prompt, model, provider, seed, colours,"
  "  tokenize = 'unicode61 remove_diacritics 2');"
  "CREATE TABLE IF NOT EXISTS collections ("
  "  name TEXT PRIMARY KEY,"
  "  created INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS collection_items ("
  "  collection TEXT NOT NULL,"
  "  asset_id INTEGER NOT NULL,"
  "  PRIMARY KEY (collection, asset_id)) WITHOUT ROWID;"
  "CREATE INDEX IF NOT EXISTS collection_items_asset ON collection_items (asset_id);"
  "CREATE TRIGGER IF NOT EXISTS assets_search_insert AFTER INSERT ON assets BEGIN"
  "  INSERT INTO assets_fts (rowid, prompt, model, provider, seed, colours)"
  "  VALUES (new.id, new.prompt, coalesce (new.model, '') || ' ' || coalesce (new.model_name, ''),"
  "          new.provider, new.seed, new.colours);"
  "END;"
  "CREATE TRIGGER IF NOT EXISTS assets_search_update"
  " AFTER UPDATE OF prompt, model, model_name, provider, seed, colours ON assets BEGIN"
  "  DELETE FROM assets_fts WHERE rowid = old.id;"
  "  INSERT INTO assets_fts (rowid, prompt, model, provider, seed, colours)"
  "  VALUES (new.id, new.prompt, coalesce (new.model, '') || ' ' || coalesce (new.model_name, ''),"
  "          new.provider, new.seed, new.colours);"
  "END;"
  "CREATE TRIGGER IF NOT EXISTS assets_delete AFTER DELETE ON assets BEGIN"
  "  DELETE FROM assets_fts WHERE rowid = old.id;"
  "  DELETE FROM records WHERE id = old.id;"
  "  DELETE FROM collection_items WHERE asset_id = old.id;"
  "END;";

static const char put_sql[] =
  "INSERT INTO assets (sha256, path, sidecar, provider, model, model_name, prompt, seed,"
  "                    width, height, request_id, cost, created, bytes, favourite, rating,"
  "                    colours, colours_checked, colours_matched, colours_off, colour_check,"
  "                    n_references, sidecar_mtime, sidecar_size)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
  "         ?19, ?20, ?21, ?22, ?23, ?24)"
  " ON CONFLICT (path) DO UPDATE SET"
  "  sha256 = excluded.sha256, sidecar = excluded.sidecar,"
  "  provider = excluded.provider, model = excluded.model, model_name = excluded.model_name,"
  "  prompt = excluded.prompt, seed = excluded.seed,"
  "  width = excluded.width, height = excluded.height,"
  "  request_id = excluded.request_id, cost = excluded.cost,"
  "  created = excluded.created, bytes = excluded.bytes,"
  "  favourite = excluded.favourite, rating = excluded.rating,"
  "  colours = excluded.colours, colours_checked = excluded.colours_checked,"
  "  colours_matched = excluded.colours_matched, colours_off = excluded.colours_off,"
  "  colour_check = excluded.colour_check, n_references = excluded.n_references,"
  "  sidecar_mtime = excluded.sidecar_mtime, sidecar_size = excluded.sidecar_size"
  " RETURNING id";

/* A sidecar describes one image: a row of it for another file goes. */
static const char drop_same_sidecar_sql[] =
  "DELETE FROM assets WHERE sidecar = ?1 AND path != ?2 RETURNING path";

static const char put_record_sql[] =
  "INSERT INTO records (id, record) VALUES (?1, ?2)"
  " ON CONFLICT (id) DO UPDATE SET record = excluded.record";

static const char clear_items_sql[] =
  "DELETE FROM collection_items WHERE asset_id = ?1";

static const char put_item_sql[] =
  "INSERT OR IGNORE INTO collection_items (collection, asset_id) VALUES (?1, ?2)";

/* An image's collection exists from then on, even once emptied. */
static const char put_collection_sql[] =
  "INSERT OR IGNORE INTO collections (name, created) VALUES (?1, ?2)";

static const char delete_sql[] =
  "DELETE FROM assets WHERE path = ?1";

static const char delete_check_sql[] =
  "DELETE FROM image_checks WHERE path = ?1";

static const char sidecars_sql[] =
  "SELECT sidecar, path, sidecar_mtime, sidecar_size FROM assets";

static const char record_sql[] =
  "SELECT r.record FROM assets a JOIN records r ON r.id = a.id WHERE a.path = ?1";

/* The columns of a light asset, then the recorded image check. */
#define LIST_COLUMNS \
  "a.id, a.path, a.sha256, a.provider, a.model, a.model_name," \
  " %s, %s," \
  " a.seed, a.width, a.height, a.request_id, a.cost, a.created, a.bytes," \
  " a.favourite, a.rating, a.colours_checked, a.colours_matched, a.colours_off," \
  " a.n_references, c.size, c.mtime, c.sha256"

enum {
  COL_ID,
  COL_PATH,
  COL_SHA256,
  COL_PROVIDER,
  COL_MODEL,
  COL_MODEL_NAME,
  COL_PROMPT,
  COL_WHOLE_PROMPT,
  COL_SEED,
  COL_WIDTH,
  COL_HEIGHT,
  COL_REQUEST_ID,
  COL_COST,
  COL_CREATED,
  COL_BYTES,
  COL_FAVOURITE,
  COL_RATING,
  COL_COLOURS_CHECKED,
  COL_COLOURS_MATCHED,
  COL_COLOURS_OFF,
  COL_N_REFERENCES,
  COL_CHECK_SIZE,
  COL_CHECK_MTIME,
  COL_CHECK_SHA256,
  /* With details only. */
  COL_COLOUR_CHECK,
  COL_LINEAGE,
};

/* An edit's parent, mask and margins, from its record, for a listing
 * with details: parsed by SQLite only in the records that hold one of
 * the names at all (docs/ARCHITECTURE.md, “Queries”). */
#define LINEAGE_COLUMN \
  "(SELECT json_object ('parent', json_extract (r.record, '$.parent')," \
  "                     'mask', json_extract (r.record, '$.mask')," \
  "                     'margins', json_extract (r.record, '$.margins'))" \
  " FROM records r WHERE r.id = a.id AND (instr (r.record, '\"parent\"') > 0" \
  " OR instr (r.record, '\"mask\"') > 0 OR instr (r.record, '\"margins\"') > 0))"

static const char collections_sql[] =
  "SELECT n.name, (SELECT count (*) FROM collection_items i WHERE i.collection = n.name)"
  " FROM (SELECT name FROM collections UNION SELECT collection FROM collection_items) n";

static const char has_collection_sql[] =
  "SELECT 1 FROM collections WHERE name = ?1"
  " UNION SELECT 1 FROM collection_items WHERE collection = ?1";

static const char add_collection_sql[] =
  "INSERT INTO collections (name, created) VALUES (?1, ?2)";

static const char rename_collection_sql[] =
  "UPDATE collections SET name = ?2 WHERE name = ?1";

static const char remove_collection_sql[] =
  "DELETE FROM collections WHERE name = ?1";

/* Each prompt once, by the last time it was used; a NULL pattern lists
 * them all and a negative limit has no limit. */
static const char prompts_sql[] =
  "SELECT prompt FROM assets"
  " WHERE prompt IS NOT NULL AND prompt != ''"
  "   AND (?1 IS NULL OR prompt LIKE ?1 ESCAPE '\\')"
  " GROUP BY prompt"
  " ORDER BY max (created) DESC, max (id) DESC"
  " LIMIT ?2";

struct _FsLibraryIndexTxn
{
  sqlite3      *db;
  /* Prepared once per transaction: a rebuild writes thousands of rows. */
  sqlite3_stmt *put;
  sqlite3_stmt *drop_same_sidecar;
  sqlite3_stmt *put_record;
  sqlite3_stmt *clear_items;
  sqlite3_stmt *put_item;
  sqlite3_stmt *put_collection;
};

gboolean
_fs_library_index_create_asset_tables (sqlite3  *db,
                                       GError  **error)
{
  return _fs_library_index_exec (db, asset_tables_sql, error);
}

static void
txn_init (FsLibraryIndexTxn *txn,
          sqlite3           *db)
{
  memset (txn, 0, sizeof *txn);
  txn->db = db;
}

static void
txn_clear (FsLibraryIndexTxn *txn)
{
  g_clear_pointer (&txn->put, sqlite3_finalize);
  g_clear_pointer (&txn->drop_same_sidecar, sqlite3_finalize);
  g_clear_pointer (&txn->put_record, sqlite3_finalize);
  g_clear_pointer (&txn->clear_items, sqlite3_finalize);
  g_clear_pointer (&txn->put_item, sqlite3_finalize);
  g_clear_pointer (&txn->put_collection, sqlite3_finalize);
}

/* The statement, prepared on first use, and reset for this one. */
static sqlite3_stmt *
statement (FsLibraryIndexTxn  *txn,
           sqlite3_stmt      **stmt,
           const char         *sql,
           GError            **error)
{
  if (*stmt == NULL)
    *stmt = _fs_library_index_prepare (txn->db, sql, error);
  else
    {
      sqlite3_reset (*stmt);
      sqlite3_clear_bindings (*stmt);
    }

  return *stmt;
}

static gboolean
step_done (FsLibraryIndexTxn  *txn,
           sqlite3_stmt       *stmt,
           GError            **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || _fs_library_index_set_error (txn->db, error);
}

static gint64
to_usec (GDateTime *time)
{
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

static void
bind_int_or_null (sqlite3_stmt *stmt,
                  int           column,
                  gint64        value,
                  gboolean      known)
{
  if (known)
    sqlite3_bind_int64 (stmt, column, value);
  else
    sqlite3_bind_null (stmt, column);
}

/* The colours the prompt asked for, as words for the search: "#02eb3c
 * #ff0088". */
static char *
asked_colours (FsAsset *asset)
{
  g_auto(GStrv) codes = fs_colour_codes_from_prompt (fs_asset_get_prompt (asset));

  return codes != NULL ? g_strjoinv (" ", codes) : g_strdup ("");
}

static char *
to_json_text (JsonNode *node)
{
  return node != NULL ? json_to_string (node, FALSE) : NULL;
}

static void
bind_row (sqlite3_stmt *stmt,
          FsAsset      *asset)
{
  JsonArray *check = fs_asset_get_colour_check (asset);
  g_autoptr(JsonNode) check_node = NULL;
  gint64 seed = fs_asset_get_seed (asset);
  double cost = fs_asset_get_cost (asset);
  gint64 bytes = fs_asset_get_file_size (asset);
  GStatBuf st;

  if (check != NULL)
    {
      check_node = json_node_new (JSON_NODE_ARRAY);
      json_node_set_array (check_node, check);
    }

  _fs_library_index_bind_text (stmt, 1, fs_asset_get_sha256 (asset));
  _fs_library_index_bind_text (stmt, 2, fs_asset_get_path (asset));
  _fs_library_index_bind_text (stmt, 3, fs_asset_get_sidecar_path (asset));
  _fs_library_index_bind_text (stmt, 4, fs_asset_get_provider_id (asset));
  _fs_library_index_bind_text (stmt, 5, fs_asset_get_model_id (asset));
  _fs_library_index_bind_text (stmt, 6, fs_asset_get_model_name (asset));
  _fs_library_index_bind_text (stmt, 7, fs_asset_get_prompt (asset));
  bind_int_or_null (stmt, 8, seed, seed != -1);
  sqlite3_bind_int64 (stmt, 9, fs_asset_get_width (asset));
  sqlite3_bind_int64 (stmt, 10, fs_asset_get_height (asset));
  _fs_library_index_bind_text (stmt, 11, fs_asset_get_request_id (asset));
  if (!isnan (cost))
    sqlite3_bind_double (stmt, 12, cost);
  else
    sqlite3_bind_null (stmt, 12);
  sqlite3_bind_int64 (stmt, 13, to_usec (fs_asset_get_created (asset)));
  bind_int_or_null (stmt, 14, bytes, bytes >= 0);
  sqlite3_bind_int (stmt, 15, fs_asset_get_favourite (asset));
  sqlite3_bind_int (stmt, 16, fs_asset_get_rating (asset));
  sqlite3_bind_text (stmt, 17, asked_colours (asset), -1, g_free);
  sqlite3_bind_int (stmt, 18, fs_asset_get_colours_requested (asset));
  sqlite3_bind_int (stmt, 19, fs_asset_get_colours_matched (asset));
  sqlite3_bind_int (stmt, 20, fs_asset_get_colours_off (asset));
  sqlite3_bind_text (stmt, 21, to_json_text (check_node), -1, g_free);
  sqlite3_bind_int (stmt, 22, fs_asset_get_n_references (asset));
  /* What the folder's watch compares against (“The live folder”). */
  if (g_stat (fs_asset_get_sidecar_path (asset), &st) == 0)
    {
      sqlite3_bind_int64 (stmt, 23, (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC +
                                    st.st_mtim.tv_nsec / 1000);
      sqlite3_bind_int64 (stmt, 24, st.st_size);
    }
}

static gboolean
drop_same_sidecar (FsLibraryIndexTxn  *txn,
                   FsAsset            *asset,
                   GPtrArray          *replaced,
                   GError            **error)
{
  sqlite3_stmt *stmt = statement (txn, &txn->drop_same_sidecar, drop_same_sidecar_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  _fs_library_index_bind_text (stmt, 1, fs_asset_get_sidecar_path (asset));
  _fs_library_index_bind_text (stmt, 2, fs_asset_get_path (asset));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (replaced != NULL)
        g_ptr_array_add (replaced, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    }
  sqlite3_reset (stmt);

  return rc == SQLITE_DONE || _fs_library_index_set_error (txn->db, error);
}

static gboolean
put_row (FsLibraryIndexTxn  *txn,
         FsAsset            *asset,
         gint64             *id,
         GError            **error)
{
  sqlite3_stmt *stmt = statement (txn, &txn->put, put_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  bind_row (stmt, asset);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64 (stmt, 0);
  /* RETURNING: the row is written once the statement is run to its end. */
  while (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  return rc == SQLITE_DONE || _fs_library_index_set_error (txn->db, error);
}

static gboolean
put_record (FsLibraryIndexTxn  *txn,
            FsAsset            *asset,
            gint64              id,
            GError            **error)
{
  sqlite3_stmt *stmt = statement (txn, &txn->put_record, put_record_sql, error);
  g_autoptr(JsonNode) node = NULL;

  if (stmt == NULL)
    return FALSE;

  node = json_node_init_object (json_node_alloc (), fs_asset_get_record (asset));
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, json_to_string (node, FALSE), -1, g_free);

  return step_done (txn, stmt, error);
}

static gboolean
put_collections (FsLibraryIndexTxn  *txn,
                 FsAsset            *asset,
                 gint64              id,
                 GError            **error)
{
  const char * const *names = fs_asset_get_collections (asset);
  sqlite3_stmt *stmt = statement (txn, &txn->clear_items, clear_items_sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!step_done (txn, stmt, error))
    return FALSE;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      if ((stmt = statement (txn, &txn->put_collection, put_collection_sql, error)) == NULL)
        return FALSE;
      _fs_library_index_bind_text (stmt, 1, names[i]);
      sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
      if (!step_done (txn, stmt, error))
        return FALSE;

      if ((stmt = statement (txn, &txn->put_item, put_item_sql, error)) == NULL)
        return FALSE;
      _fs_library_index_bind_text (stmt, 1, names[i]);
      sqlite3_bind_int64 (stmt, 2, id);
      if (!step_done (txn, stmt, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
fs_library_index_txn_put (FsLibraryIndexTxn  *txn,
                          FsAsset            *asset,
                          GPtrArray          *replaced,
                          GError            **error)
{
  gint64 id = -1;

  g_return_val_if_fail (fs_asset_has_record (asset), FALSE);

  return drop_same_sidecar (txn, asset, replaced, error) &&
         put_row (txn, asset, &id, error) &&
         put_record (txn, asset, id, error) &&
         put_collections (txn, asset, id, error);
}

gboolean
_fs_library_index_put_asset (sqlite3     *db,
                             FsAsset     *asset,
                             GError     **error)
{
  FsLibraryIndexTxn txn;
  gboolean ok;

  txn_init (&txn, db);
  ok = fs_library_index_txn_put (&txn, asset, NULL, error);
  txn_clear (&txn);

  return ok;
}

gboolean
fs_library_index_write (FsLibraryIndex           *self,
                        FsLibraryIndexWriteFunc   func,
                        gpointer                  user_data,
                        GError                  **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  FsLibraryIndexTxn txn;
  gboolean ok;

  if (!_fs_library_index_exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;

  txn_init (&txn, self->db);
  ok = func (&txn, user_data, error);
  txn_clear (&txn);

  if (ok && _fs_library_index_exec (self->db, "COMMIT", error))
    return TRUE;

  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
add_func (FsLibraryIndexTxn  *txn,
          gpointer            user_data,
          GError            **error)
{
  return fs_library_index_txn_put (txn, user_data, NULL, error);
}

gboolean
fs_library_index_add (FsLibraryIndex  *self,
                      FsAsset         *asset,
                      GError         **error)
{
  return fs_library_index_write (self, add_func, asset, error);
}

static gboolean
run_path (sqlite3     *db,
          const char  *sql,
          const char  *path,
          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _fs_library_index_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;

  _fs_library_index_bind_text (stmt, 1, path);
  return sqlite3_step (stmt) == SQLITE_DONE || _fs_library_index_set_error (db, error);
}

gboolean
fs_library_index_txn_remove (FsLibraryIndexTxn  *txn,
                             const char         *path,
                             GError            **error)
{
  return run_path (txn->db, delete_sql, path, error) &&
         run_path (txn->db, delete_check_sql, path, error);
}

gboolean
fs_library_index_remove (FsLibraryIndex  *self,
                         const char      *path,
                         GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return run_path (self->db, delete_sql, path, error) &&
         run_path (self->db, delete_check_sql, path, error);
}

gboolean
fs_library_index_txn_clear (FsLibraryIndexTxn  *txn,
                            GError            **error)
{
  return _fs_library_index_exec (txn->db, "DELETE FROM assets", error);
}

void
fs_library_index_sidecar_free (FsLibraryIndexSidecar *sidecar)
{
  if (sidecar == NULL)
    return;

  g_free (sidecar->path);
  g_free (sidecar);
}

GHashTable *
fs_library_index_txn_sidecars (FsLibraryIndexTxn  *txn,
                               GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = _fs_library_index_prepare (txn->db, sidecars_sql, error);
  g_autoptr(GHashTable) sidecars = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  sidecars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify) fs_library_index_sidecar_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FsLibraryIndexSidecar *sidecar = g_new0 (FsLibraryIndexSidecar, 1);

      sidecar->path = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      sidecar->mtime = sqlite3_column_type (stmt, 2) == SQLITE_NULL
                       ? -1 : sqlite3_column_int64 (stmt, 2);
      sidecar->size = sqlite3_column_int64 (stmt, 3);
      g_hash_table_replace (sidecars, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                            sidecar);
    }

  if (rc != SQLITE_DONE)
    {
      _fs_library_index_set_error (txn->db, error);
      return NULL;
    }

  return g_steal_pointer (&sidecars);
}

/* Records --------------------------------------------------------------------- */

static JsonObject *
parse_record (const char  *path,
              const char  *text,
              gssize       length,
              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (text == NULL ||
      !fs_json_parser_load (parser, text, length, FS_JSON_MAX_RECORD_BYTES, &local_error))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE, "Unreadable record of %s: %s", path,
                   local_error ? local_error->message : "empty");
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_STORAGE, "The record of %s is not a JSON object",
                   path);
      return NULL;
    }

  /* Immutable nodes are sealed already, so FsAsset keeps them uncopied. */
  return json_object_ref (json_node_get_object (root));
}

JsonObject *
fs_library_index_record (FsLibraryIndex  *self,
                         const char      *path,
                         GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = _fs_library_index_prepare (self->db, record_sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  _fs_library_index_bind_text (stmt, 1, path);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return parse_record (path, (const char *) sqlite3_column_text (stmt, 0),
                         sqlite3_column_bytes (stmt, 0), error);
  if (rc == SQLITE_DONE)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s", path);
  else
    _fs_library_index_set_error (self->db, error);

  return NULL;
}

FsAsset *
fs_library_index_lookup (FsLibraryIndex  *self,
                         const char      *path,
                         GError         **error)
{
  g_autoptr(JsonObject) record = fs_library_index_record (self, path, error);

  return record != NULL ? fs_asset_new_from_record (path, record) : NULL;
}

/* Moving a version 2 index: its "record" column becomes the rows of
 * version 3, read as a rebuild reads sidecars. */
gboolean
_fs_library_index_move_old_assets (sqlite3     *db,
                                   const char  *old_table,
                                   GError     **error)
{
  g_autofree char *select_sql = g_strdup_printf ("SELECT path, record FROM %s ORDER BY id",
                                                 old_table);
  g_autofree char *drop_sql = g_strdup_printf ("DROP TABLE %s", old_table);
  g_autoptr(sqlite3_stmt) stmt = _fs_library_index_prepare (db, select_sql, error);
  FsLibraryIndexTxn txn;
  gboolean ok = TRUE;
  int rc;

  if (stmt == NULL)
    return FALSE;

  txn_init (&txn, db);
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *path = (const char *) sqlite3_column_text (stmt, 0);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonObject) record = NULL;
      g_autoptr(FsAsset) asset = NULL;

      record = parse_record (path, (const char *) sqlite3_column_text (stmt, 1),
                             sqlite3_column_bytes (stmt, 1), &local_error);
      if (path == NULL || record == NULL)
        {
          /* The sidecar, if any, brings it back at the next rebuild. */
          g_warning ("Dropping index row for %s: %s", path ? path : "(null)",
                     local_error ? local_error->message : "no path");
          continue;
        }
      asset = fs_asset_new_from_record (path, record);
      ok = fs_library_index_txn_put (&txn, asset, NULL, error);
    }
  txn_clear (&txn);

  if (ok && rc != SQLITE_DONE)
    ok = _fs_library_index_set_error (db, error);
  g_clear_pointer (&stmt, sqlite3_finalize);

  return ok && _fs_library_index_exec (db, drop_sql, error);
}

/* Listing --------------------------------------------------------------------- */

void
fs_library_index_hit_free (FsLibraryIndexHit *hit)
{
  if (hit == NULL)
    return;

  g_free (hit->path);
  g_clear_object (&hit->asset);
  g_free (hit->check_sha256);
  g_free (hit);
}

/* Builds the statement's text when @stmt is NULL, and binds its
 * parameters in the same order when it is not, so the two never part. */
typedef struct
{
  GString      *sql;
  sqlite3_stmt *stmt;
  int           n;
} Builder;

static void
add_sql (Builder    *b,
         const char *sql)
{
  if (b->stmt == NULL)
    g_string_append (b->sql, sql);
}

static void
add_text (Builder    *b,
          const char *sql,
          const char *value)
{
  add_sql (b, sql);
  if (b->stmt != NULL)
    _fs_library_index_bind_text (b->stmt, ++b->n, value);
}

static void
add_int (Builder    *b,
         const char *sql,
         gint64      value)
{
  add_sql (b, sql);
  if (b->stmt != NULL)
    sqlite3_bind_int64 (b->stmt, ++b->n, value);
}

static void
add_in_list (Builder            *b,
             const char         *column,
             const char * const *values)
{
  if (values == NULL || values[0] == NULL)
    return;

  add_sql (b, " AND ");
  add_sql (b, column);
  add_sql (b, " IN (");
  for (guint i = 0; values[i] != NULL; i++)
    add_text (b, i == 0 ? "?" : ", ?", values[i]);
  add_sql (b, ")");
}

static void
add_date (Builder                    *b,
          const FsLibraryIndexFilter *filter)
{
  g_autoptr(GDateTime) now = filter->now ? g_date_time_ref (filter->now)
                                         : g_date_time_new_now_local ();
  gint64 since, until;

  fs_library_query_get_time_range (filter->query, now, &since, &until);
  if (since > 0)
    add_int (b, " AND a.created >= ?", since);
  if (until > 0)
    add_int (b, " AND a.created < ?", until);
}

static void
add_query (Builder                    *b,
           const FsLibraryIndexFilter *filter)
{
  FsLibraryQuery *query = filter->query;
  g_autofree char *match = fs_library_query_to_fts (fs_library_query_get_text (query));

  if (match != NULL)
    add_text (b, " AND a.id IN (SELECT rowid FROM assets_fts WHERE assets_fts MATCH ?)", match);
  add_in_list (b, "a.provider", fs_library_query_get_providers (query));
  add_in_list (b, "a.model", fs_library_query_get_models (query));
  add_date (b, filter);
  if (fs_library_query_get_favourites_only (query))
    add_sql (b, " AND a.favourite != 0");
  if (fs_library_query_get_min_rating (query) > 0)
    add_int (b, " AND a.rating >= ?", fs_library_query_get_min_rating (query));

  switch (fs_library_query_get_colours (query))
    {
    case FS_COLOURS_ALL_MATCHED:
      add_sql (b, " AND a.colours_checked > 0 AND a.colours_matched = a.colours_checked");
      break;
    case FS_COLOURS_ANY_OFF:
      add_sql (b, " AND a.colours_off > 0");
      break;
    case FS_COLOURS_NONE_ASKED:
      add_sql (b, " AND a.colours = ''");
      break;
    case FS_COLOURS_ANY:
    default:
      break;
    }

  switch (fs_library_query_get_references (query))
    {
    case FS_REFERENCES_WITH:
      add_sql (b, " AND a.n_references > 0");
      break;
    case FS_REFERENCES_WITHOUT:
      add_sql (b, " AND a.n_references = 0");
      break;
    case FS_REFERENCES_ANY:
    default:
      break;
    }

  switch (fs_library_query_get_orientation (query))
    {
    case FS_ORIENTATION_LANDSCAPE:
      add_sql (b, " AND a.width > a.height");
      break;
    case FS_ORIENTATION_PORTRAIT:
      add_sql (b, " AND a.width < a.height");
      break;
    case FS_ORIENTATION_SQUARE:
      add_sql (b, " AND a.width = a.height AND a.width > 0");
      break;
    case FS_ORIENTATION_ANY:
    default:
      break;
    }

  if (fs_library_query_get_collection (query) != NULL)
    add_text (b, " AND a.id IN (SELECT asset_id FROM collection_items WHERE collection = ?)",
              fs_library_query_get_collection (query));
}

static FsSortOrder
sort_order (const FsLibraryIndexFilter *filter)
{
  return filter->query != NULL ? fs_library_query_get_sort (filter->query) : FS_SORT_NEWEST;
}

static gboolean
with_details (const FsLibraryIndexFilter *filter)
{
  return filter->query != NULL && fs_library_query_get_with_details (filter->query);
}

static void
build_list (Builder                    *b,
            const FsLibraryIndexFilter *filter)
{
  g_autofree char *prompt_column = g_strdup_printf ("substr (a.prompt, 1, %d)",
                                                    FS_ASSET_PROMPT_EXCERPT);
  g_autofree char *whole_column = g_strdup_printf ("length (a.prompt) <= %d",
                                                   FS_ASSET_PROMPT_EXCERPT);
  g_autofree char *columns = NULL;

  if (with_details (filter))
    columns = g_strdup_printf (LIST_COLUMNS ", a.colour_check, " LINEAGE_COLUMN, "a.prompt", "1");
  else
    columns = g_strdup_printf (LIST_COLUMNS, prompt_column, whole_column);

  add_sql (b, "SELECT ");
  add_sql (b, columns);
  add_sql (b, " FROM assets a LEFT JOIN image_checks c ON c.path = a.path WHERE 1");
  if (filter->path != NULL)
    add_text (b, " AND a.path = ?", filter->path);
  if (filter->sidecar != NULL)
    add_text (b, " AND a.sidecar = ?", filter->sidecar);
  if (filter->sha256_prefix != NULL)
    {
      g_autofree char *upper = g_strconcat (filter->sha256_prefix, "\xff", NULL);

      /* A range, so that the index on sha256 is used. */
      add_text (b, " AND a.sha256 >= ?", filter->sha256_prefix);
      add_text (b, " AND a.sha256 < ?", upper);
    }
  if (filter->parent_sha256 != NULL)
    {
      /* The lineage is in the record only ("Editing images"): edits are
       * few and looked for when an image is opened, so the records are
       * read rather than the schema given a column; only those that hold
       * the hash at all are parsed. "parent" is an object, or (from
       * another tool) the hash alone. */
      add_text (b, " AND a.id IN (SELECT r.id FROM records r WHERE instr (r.record, ?) > 0",
                filter->parent_sha256);
      add_text (b, " AND (json_extract (r.record, '$.parent.sha256') = ?", filter->parent_sha256);
      add_text (b, " OR json_extract (r.record, '$.parent') = ?))", filter->parent_sha256);
    }
  if (filter->query != NULL)
    add_query (b, filter);
  if (filter->after)
    {
      g_assert (sort_order (filter) == FS_SORT_NEWEST);
      add_int (b, " AND (a.created < ?", filter->after_created);
      add_int (b, " OR (a.created = ?", filter->after_created);
      add_int (b, " AND a.id < ?))", filter->after_id);
    }

  switch (sort_order (filter))
    {
    case FS_SORT_OLDEST:
      add_sql (b, " ORDER BY a.created ASC, a.id ASC");
      break;
    case FS_SORT_RATING:
      add_sql (b, " ORDER BY a.rating DESC, a.created DESC, a.id DESC");
      break;
    case FS_SORT_NEWEST:
    default:
      add_sql (b, " ORDER BY a.created DESC, a.id DESC");
      break;
    }

  if (filter->limit > 0)
    add_int (b, " LIMIT ?", filter->limit);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* What a listing "with-details" adds to each asset, read once for all:
 * the collections of every image (most are in none), and a parser for
 * the colour checks. */
typedef struct
{
  JsonParser *parser;
  GHashTable *collections;   /* asset id → GPtrArray of names */
} Details;

static void
details_clear (Details *details)
{
  g_clear_object (&details->parser);
  g_clear_pointer (&details->collections, g_hash_table_unref);
}

static gboolean
details_init (Details  *details,
              sqlite3  *db,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = _fs_library_index_prepare (db,
                                                            "SELECT asset_id, collection"
                                                            " FROM collection_items", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  details->parser = json_parser_new ();
  details->collections = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                (GDestroyNotify) g_ptr_array_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      GPtrArray *names = g_hash_table_lookup (details->collections, &id);

      if (names == NULL)
        {
          names = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (details->collections, g_memdup2 (&id, sizeof id), names);
        }
      g_ptr_array_add (names, g_strdup (column_text (stmt, 1)));
    }

  return rc == SQLITE_DONE || _fs_library_index_set_error (db, error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

static void
add_details (FsAsset      *asset,
             sqlite3_stmt *stmt,
             Details      *details)
{
  const char *check = column_text (stmt, COL_COLOUR_CHECK);
  const char *lineage = column_text (stmt, COL_LINEAGE);
  gint64 id = sqlite3_column_int64 (stmt, COL_ID);
  GPtrArray *names = g_hash_table_lookup (details->collections, &id);
  static const char * const none[] = { NULL };
  JsonNode *root;

  if (check != NULL &&
      fs_json_parser_load (details->parser, check, -1, FS_JSON_MAX_RECORD_BYTES, NULL) &&
      (root = json_parser_get_root (details->parser)) != NULL && JSON_NODE_HOLDS_ARRAY (root))
    _fs_asset_set_colour_check (asset, json_node_get_array (root));
  if (lineage != NULL &&
      fs_json_parser_load (details->parser, lineage, -1, FS_JSON_MAX_RECORD_BYTES, NULL) &&
      (root = json_parser_get_root (details->parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    _fs_asset_set_lineage (asset, json_node_get_object (root));

  if (names == NULL)
    {
      _fs_asset_set_collections (asset, none);
      return;
    }
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  _fs_asset_set_collections (asset, (const char * const *) names->pdata);
  g_ptr_array_remove_index (names, names->len - 1);
}

static FsAsset *
row_to_light_asset (sqlite3_stmt *stmt,
                    Details      *details)
{
  FsAssetSummary summary = {
    .path = column_text (stmt, COL_PATH),
    .sha256 = column_text (stmt, COL_SHA256),
    .provider_id = column_text (stmt, COL_PROVIDER),
    .model_id = column_text (stmt, COL_MODEL),
    .model_name = column_text (stmt, COL_MODEL_NAME),
    .prompt = column_text (stmt, COL_PROMPT),
    .whole_prompt = sqlite3_column_int (stmt, COL_WHOLE_PROMPT) != 0 ||
                    sqlite3_column_type (stmt, COL_PROMPT) == SQLITE_NULL,
    .request_id = column_text (stmt, COL_REQUEST_ID),
    .seed = sqlite3_column_type (stmt, COL_SEED) == SQLITE_NULL
            ? -1 : sqlite3_column_int64 (stmt, COL_SEED),
    .created_us = sqlite3_column_int64 (stmt, COL_CREATED),
    .file_size = sqlite3_column_type (stmt, COL_BYTES) == SQLITE_NULL
                 ? -1 : sqlite3_column_int64 (stmt, COL_BYTES),
    .cost = sqlite3_column_type (stmt, COL_COST) == SQLITE_NULL
            ? NAN : sqlite3_column_double (stmt, COL_COST),
    .width = (guint) MAX (sqlite3_column_int64 (stmt, COL_WIDTH), 0),
    .height = (guint) MAX (sqlite3_column_int64 (stmt, COL_HEIGHT), 0),
    .n_references = (guint) MAX (sqlite3_column_int (stmt, COL_N_REFERENCES), 0),
    .colours_requested = (guint) MAX (sqlite3_column_int (stmt, COL_COLOURS_CHECKED), 0),
    .colours_matched = (guint) MAX (sqlite3_column_int (stmt, COL_COLOURS_MATCHED), 0),
    .colours_off = (guint) MAX (sqlite3_column_int (stmt, COL_COLOURS_OFF), 0),
    .rating = (guint) CLAMP (sqlite3_column_int (stmt, COL_RATING), 0, FS_ASSET_MAX_RATING),
    .favourite = sqlite3_column_int (stmt, COL_FAVOURITE) != 0,
  };
  FsAsset *asset = _fs_asset_new_light (&summary);

  if (details != NULL)
    add_details (asset, stmt, details);

  return asset;
}

static FsLibraryIndexHit *
row_to_hit (sqlite3_stmt               *stmt,
            const FsLibraryIndexFilter *filter,
            Details                    *details)
{
  FsLibraryIndexHit *hit = g_new0 (FsLibraryIndexHit, 1);

  hit->path = g_strdup (column_text (stmt, COL_PATH));
  hit->id = sqlite3_column_int64 (stmt, COL_ID);
  hit->created = sqlite3_column_int64 (stmt, COL_CREATED);
  hit->checked = sqlite3_column_type (stmt, COL_CHECK_SHA256) != SQLITE_NULL;
  if (hit->checked)
    {
      hit->check_size = sqlite3_column_int64 (stmt, COL_CHECK_SIZE);
      hit->check_mtime = sqlite3_column_int64 (stmt, COL_CHECK_MTIME);
      hit->check_sha256 = g_strdup (column_text (stmt, COL_CHECK_SHA256));
    }
  if (filter->known == NULL || !g_hash_table_contains (filter->known, hit->path))
    hit->asset = row_to_light_asset (stmt, details);

  return hit;
}

GPtrArray *
fs_library_index_list (FsLibraryIndex              *self,
                       const FsLibraryIndexFilter  *filter,
                       GError                     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Builder builder = { sql, NULL, 0 };
  Details details = { NULL, NULL };
  int rc;

  if (with_details (filter) && !details_init (&details, self->db, error))
    {
      details_clear (&details);
      return NULL;
    }

  build_list (&builder, filter);
  stmt = _fs_library_index_prepare (self->db, sql->str, error);
  if (stmt == NULL)
    return NULL;
  builder.stmt = stmt;
  build_list (&builder, filter);

  hits = g_ptr_array_new_with_free_func ((GDestroyNotify) fs_library_index_hit_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (column_text (stmt, COL_PATH) != NULL)
        g_ptr_array_add (hits, row_to_hit (stmt, filter,
                                           details.collections != NULL ? &details : NULL));
    }
  details_clear (&details);

  if (rc != SQLITE_DONE)
    {
      _fs_library_index_set_error (self->db, error);
      return NULL;
    }

  return g_steal_pointer (&hits);
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

GStrv
fs_library_index_prompts (FsLibraryIndex  *self,
                          const char      *text,
                          guint            limit,
                          GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GStrvBuilder) prompts = g_strv_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = _fs_library_index_prepare (self->db, prompts_sql, error);
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
      _fs_library_index_set_error (self->db, error);
      return NULL;
    }

  return g_strv_builder_end (prompts);
}

/* Collections ------------------------------------------------------------------ */

static int
compare_collections (gconstpointer a,
                     gconstpointer b)
{
  return fs_collection_compare (*(FsCollection **) a, *(FsCollection **) b);
}

GPtrArray *
fs_library_index_collections (FsLibraryIndex  *self,
                              GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = _fs_library_index_prepare (self->db, collections_sql, error);
  g_autoptr(GPtrArray) collections = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  collections = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = column_text (stmt, 0);

      if (name != NULL)
        g_ptr_array_add (collections,
                         fs_collection_new (name, (guint) sqlite3_column_int64 (stmt, 1)));
    }

  if (rc != SQLITE_DONE)
    {
      _fs_library_index_set_error (self->db, error);
      return NULL;
    }

  g_ptr_array_sort (collections, compare_collections);
  return g_steal_pointer (&collections);
}

static gboolean
has_collection (sqlite3     *db,
                const char  *name,
                gboolean    *exists,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _fs_library_index_prepare (db, has_collection_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  _fs_library_index_bind_text (stmt, 1, name);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _fs_library_index_set_error (db, error);

  *exists = rc == SQLITE_ROW;
  return TRUE;
}

gboolean
fs_library_index_has_collection (FsLibraryIndex  *self,
                                 const char      *name,
                                 gboolean        *exists,
                                 GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return has_collection (self->db, name, exists, error);
}

/* Checks and writes in one write transaction: of two processes creating
 * the same name, the second is told it exists. */
static gboolean
change_collection (FsLibraryIndex  *self,
                   const char      *sql,
                   const char      *name,
                   const char      *other,
                   GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *taken = other != NULL ? other : name;
  gboolean exists = FALSE;

  if (!_fs_library_index_exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (sql != remove_collection_sql &&
      (!has_collection (self->db, taken, &exists, error) || exists))
    {
      if (exists)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "%s", taken);
      goto rollback;
    }

  stmt = _fs_library_index_prepare (self->db, sql, error);
  if (stmt == NULL)
    goto rollback;
  _fs_library_index_bind_text (stmt, 1, name);
  if (sql == add_collection_sql)
    sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  else if (other != NULL)
    _fs_library_index_bind_text (stmt, 2, other);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _fs_library_index_set_error (self->db, error);
      goto rollback;
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
fs_library_index_add_collection (FsLibraryIndex  *self,
                                 const char      *name,
                                 GError         **error)
{
  return change_collection (self, add_collection_sql, name, NULL, error);
}

gboolean
fs_library_index_rename_collection (FsLibraryIndex  *self,
                                    const char      *old_name,
                                    const char      *new_name,
                                    GError         **error)
{
  return change_collection (self, rename_collection_sql, old_name, new_name, error);
}

gboolean
fs_library_index_remove_collection (FsLibraryIndex  *self,
                                    const char      *name,
                                    GError         **error)
{
  return change_collection (self, remove_collection_sql, name, NULL, error);
}
