/* test-library.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <time.h>
#include <utime.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fs-asset.h"
#include "fs-colour.h"
#include "fs-error.h"
#include "fs-job.h"
#include "fs-json.h"
#include "fs-library.h"
#include "fs-test-util.h"

#define N_CONCURRENT 8

typedef struct
{
  char      *dir;
  char      *folder;
  char      *db_path;
  FsLibrary *library;
} Fixture;

/* Helpers: expected warnings
 *
 * g_test_expect_message() does not see structured log messages in GLib
 * 2.74, so expected warnings are caught by a log writer instead. */

static const char *expected_warning;
static gint expected_warnings_seen;

static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *pattern = g_atomic_pointer_get (&expected_warning);

  for (gsize i = 0; pattern != NULL && (log_level & G_LOG_LEVEL_WARNING) && i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 &&
          g_pattern_match_simple (pattern, fields[i].value))
        {
          g_atomic_int_inc (&expected_warnings_seen);
          return G_LOG_WRITER_HANDLED;
        }
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
expect_warning (const char *pattern)
{
  g_atomic_int_set (&expected_warnings_seen, 0);
  g_atomic_pointer_set (&expected_warning, pattern);
}

static void
assert_warned (guint count)
{
  g_atomic_pointer_set (&expected_warning, NULL);
  g_assert_cmpint (g_atomic_int_get (&expected_warnings_seen), ==, count);
}

/* Helpers: files and folders */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **)a, *(const char **)b);
}

/* Every name in @folder, hidden ones included, sorted. */
static GPtrArray *
list_folder (const char *folder)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);

  return names;
}

static void
assert_same_names (GPtrArray *a,
                   GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a, i), ==, g_ptr_array_index (b, i));
}

static void
assert_no_temp_files (const char *folder)
{
  g_autoptr(GPtrArray) names = list_folder (folder);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      g_assert_false (name[0] == '.');
      g_assert_false (g_str_has_suffix (name, ".part"));
      g_assert_false (g_str_has_suffix (name, ".tmp"));
    }
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static JsonObject *
read_json (const char *path)
{
  g_autoptr(GBytes) bytes = read_file (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = json_from_string (g_bytes_get_data (bytes, NULL), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  return json_node_dup_object (node);
}

/* Helpers: test data */

static JsonObject *
make_record (const char *prompt,
             const char *model,
             gint64      seed)
{
  JsonObject *record = json_object_new ();
  JsonObject *params = json_object_new ();
  JsonArray *references = json_array_new ();

  json_object_set_string_member (record, "provider", "sandbox");
  json_object_set_string_member (record, "model", model);
  json_object_set_string_member (record, "prompt", prompt);
  if (seed >= 0)
    json_object_set_int_member (params, "seed", seed);
  json_object_set_int_member (params, "steps", 28);
  json_object_set_object_member (record, "params", params);
  json_array_add_string_element (references, "0123abcd");
  json_array_add_string_element (references, "4567cdef");
  json_object_set_array_member (record, "references", references);
  json_object_set_string_member (record, "request_id", "req-123");
  json_object_set_double_member (record, "cost", 0.04);

  return record;
}

/* Helpers: the library, synchronously */

static FsAsset *
save_image (FsLibrary   *library,
            JsonObject  *record,
            GBytes      *image,
            guint        index,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fs_library_save_async (library, record, image, index, NULL, fs_test_result_cb, &result);

  return fs_library_save_finish (library, fs_test_wait_result (&result), error);
}

static FsAsset *
save_png (FsLibrary  *library,
          const char *prompt,
          const char *model,
          gint64      seed)
{
  g_autoptr(JsonObject) record = make_record (prompt, model, seed);
  g_autoptr(GBytes) image = fs_test_make_image ("png", 8, 8, 0x336699ff);
  g_autoptr(GError) error = NULL;
  FsAsset *asset;

  asset = save_image (library, record, image, 0, &error);
  g_assert_no_error (error);
  g_assert_true (FS_IS_ASSET (asset));

  return asset;
}

static guint
rebuild_library (FsLibrary *library)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint count;

  fs_library_rebuild_async (library, NULL, fs_test_result_cb, &result);
  count = fs_library_rebuild_finish (library, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);

  return count;
}

static GPtrArray *
search_library (FsLibrary  *library,
                const char *text)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsLibraryQuery) query = fs_library_query_new ();
  GPtrArray *assets;

  fs_library_query_set_text (query, text);
  fs_library_query_async (library, query, NULL, fs_test_result_cb, &result);
  assets = fs_library_query_finish (library, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (assets);

  return assets;
}

static void
journal (FsLibrary  *library,
         const char *job_id,
         const char *state,
         JsonNode   *request,
         const char *polling_url,
         const char *detail)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fs_library_journal_async (library, job_id, state, request, polling_url, detail,
                            NULL, fs_test_result_cb, &result);
  g_assert_true (fs_library_journal_finish (library, fs_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

/* Helpers: the index, read behind the library's back */

static sqlite3 *
open_db (const char *db_path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);

  return db;
}

static gint64
query_int (const char *db_path,
           const char *sql,
           const char *argument)
{
  sqlite3 *db = open_db (db_path);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (argument != NULL)
    sqlite3_bind_text (stmt, 1, argument, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

/* Fixture */

static void
make_library (Fixture *fixture)
{
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->folder);

  g_assert_null (fixture->library);
  fixture->library = fs_library_new (folder, fixture->db_path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = fs_test_make_dir ("fs-library-XXXXXX");
  fixture->folder = g_build_filename (fixture->dir, "Flux Studio", NULL);
  fixture->db_path = g_build_filename (fixture->dir, "data", "flux-studio", "library.db", NULL);
  make_library (fixture);
}

static void
finalized_cb (gpointer  data,
              GObject  *where_the_object_was)
{
  g_atomic_int_set ((gint *)data, TRUE);
}

/* Finalizing closes the database, so nothing may keep the library alive.
 * GTask's pool threads drop their last reference a moment after the
 * result is delivered, hence the wait. */
static void
drop_library (FsLibrary **library)
{
  gint finalized = FALSE;

  g_object_weak_ref (G_OBJECT (*library), finalized_cb, &finalized);
  g_clear_object (library);

  for (guint i = 0; i < 5000 && !g_atomic_int_get (&finalized); i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_true (g_atomic_int_get (&finalized));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->library != NULL)
    drop_library (&fixture->library);
  fs_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->folder);
  g_free (fixture->db_path);
}

static void
reopen (Fixture *fixture)
{
  drop_library (&fixture->library);
  make_library (fixture);
  fs_test_library_open (fixture->library);
}

/* Tests: FsAsset */

/* An asset as a saved sidecar describes it. */
static FsAsset *
make_saved_asset (JsonObject *record)
{
  JsonObject *image = json_object_new ();

  json_object_set_string_member (image, "sha256", "feed");
  json_object_set_int_member (image, "width", 1024);
  json_object_set_int_member (image, "height", 768);
  json_object_set_object_member (record, "image", image);
  json_object_set_string_member (record, "saved_at", "2026-03-01T10:20:30.5+01:00");

  return fs_asset_new_from_record ("/pictures/a.png", record);
}

static void
test_asset_record (void)
{
  g_autoptr(JsonObject) record = make_record ("a fox", "flux-2-pro", 42);
  g_autoptr(FsAsset) asset = make_saved_asset (record);
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *prompt = NULL;
  JsonObject *kept;
  gint64 seed = 0;
  double cost = 0;

  /* The asset is immutable: later changes to the caller's record do not
   * reach it. */
  json_object_set_string_member (record, "prompt", "changed");
  kept = fs_asset_get_record (asset);

  g_assert_cmpstr (fs_asset_get_path (asset), ==, "/pictures/a.png");
  g_assert_cmpstr (fs_asset_get_sidecar_path (asset), ==, "/pictures/a.json");
  g_assert_cmpstr (fs_asset_get_prompt (asset), ==, "a fox");
  g_assert_cmpstr (json_object_get_string_member (kept, "prompt"), ==, "a fox");
  g_assert_cmpstr (fs_asset_get_sha256 (asset), ==, "feed");
  g_assert_cmpstr (fs_asset_get_provider_id (asset), ==, "sandbox");
  g_assert_cmpstr (fs_asset_get_model_id (asset), ==, "flux-2-pro");
  g_assert_cmpstr (fs_asset_get_request_id (asset), ==, "req-123");
  g_assert_cmpint (fs_asset_get_seed (asset), ==, 42);
  g_assert_cmpuint (fs_asset_get_width (asset), ==, 1024);
  g_assert_cmpuint (fs_asset_get_height (asset), ==, 768);
  g_assert_cmpfloat_with_epsilon (fs_asset_get_cost (asset), 0.04, 1e-9);
  g_assert_cmpint (g_date_time_to_unix (fs_asset_get_created (asset)), ==, 1772356830);
  g_assert_cmpuint (g_strv_length ((char **)fs_asset_get_references (asset)), ==, 2);
  g_assert_cmpstr (fs_asset_get_references (asset)[1], ==, "4567cdef");

  g_object_get (asset, "prompt", &prompt, "seed", &seed, "cost", &cost, "created", &created, NULL);
  g_assert_cmpstr (prompt, ==, "a fox");
  g_assert_cmpint (seed, ==, 42);
  g_assert_cmpfloat_with_epsilon (cost, 0.04, 1e-9);
  g_assert_true (g_date_time_equal (created, fs_asset_get_created (asset)));
}

static void
test_asset_summary (void)
{
  g_autoptr(JsonObject) record = make_record ("a fox", "flux-2-pro", 42);
  g_autoptr(FsAsset) asset = make_saved_asset (record);
  g_autoptr(JsonNode) summary = fs_asset_to_summary_json (asset);
  JsonObject *object = json_node_get_object (summary);

  g_assert_cmpuint (json_object_get_size (object), ==, 16);
  g_assert_cmpstr (json_object_get_string_member (object, "path"), ==, "/pictures/a.png");
  g_assert_cmpstr (json_object_get_string_member (object, "sidecar"), ==, "/pictures/a.json");
  g_assert_cmpstr (json_object_get_string_member (object, "sha256"), ==, "feed");
  g_assert_cmpstr (json_object_get_string_member (object, "provider"), ==, "sandbox");
  g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, "flux-2-pro");
  g_assert_cmpint (json_object_get_int_member (object, "seed"), ==, 42);
  g_assert_cmpint (json_object_get_int_member (object, "width"), ==, 1024);
  g_assert_cmpint (json_object_get_int_member (object, "height"), ==, 768);
  g_assert_cmpstr (json_object_get_string_member (object, "request_id"), ==, "req-123");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "cost"), 0.04, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (object, "created"), ==,
                   "2026-03-01T10:20:30.500000+01");
  g_assert_cmpstr (json_object_get_string_member (object, "prompt"), ==, "a fox");
  g_assert_true (json_object_get_null_member (object, "damaged"));
  g_assert_false (json_object_get_boolean_member (object, "favourite"));
  g_assert_cmpint (json_object_get_int_member (object, "rating"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "collections")),
                    ==, 0);
}

static void
test_asset_unknowns (void)
{
  g_autoptr(JsonObject) record = json_object_new ();
  g_autoptr(FsAsset) asset = NULL;
  g_autoptr(JsonNode) summary = NULL;
  JsonObject *object;

  json_object_set_string_member (record, "model", "flux-dev");
  json_object_set_null_member (record, "cost");
  asset = fs_asset_new_from_record ("/pictures/b.webp", record);

  g_assert_cmpint (fs_asset_get_seed (asset), ==, -1);
  g_assert_true (isnan (fs_asset_get_cost (asset)));
  g_assert_null (fs_asset_get_request_id (asset));
  g_assert_cmpstr (fs_asset_get_prompt (asset), ==, "");
  g_assert_nonnull (fs_asset_get_created (asset));
  g_assert_nonnull (fs_asset_get_references (asset));
  g_assert_null (fs_asset_get_references (asset)[0]);

  summary = fs_asset_to_summary_json (asset);
  object = json_node_get_object (summary);
  g_assert_true (json_object_get_null_member (object, "seed"));
  g_assert_true (json_object_get_null_member (object, "cost"));
  g_assert_true (json_object_get_null_member (object, "request_id"));
  g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, "flux-dev");
}

/* The members the window shows, read leniently through getters: a member
 * of the wrong type counts as absent. */
static void
test_asset_typed (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FsAsset) asset = NULL;
  g_autoptr(FsAsset) bare = NULL;
  g_autoptr(JsonObject) empty = json_object_new ();
  g_autoptr(GPtrArray) exchanges = NULL;
  g_autoptr(GError) error = NULL;
  const FsAssetTimings *timings;
  const char * const *names;
  const FsExchange *exchange;
  const FsColourCheck *check;
  GArray *checks;

  fs_json_parser_load (parser,
                       "{\"model\": \"flux-2-pro\", \"model_name\": \"FLUX.2 [pro]\","
                       " \"cost_source\": \"estimate\", \"cost\": 0.03, \"note\": \"n\","
                       " \"params\": {\"seed\": 4, \"raw\": true},"
                       " \"reference_names\": [\"cat.png\", 3],"
                       " \"timings\": {\"submit_ms\": 1200, \"polls\": 2.0, \"ready_ms\": [1]},"
                       " \"exchanges\": [{\"label\": \"Submit\", \"status\": 200,"
                       "                  \"request\": {\"a\": 1}, \"elapsed_ms\": 12.7}, 5],"
                       " \"colour_check\": [{\"expected\": \"#02eb3c\", \"found\": \"#05e93f\","
                       "                     \"delta_e\": 1.2, \"share\": 0.31,"
                       "                     \"verdict\": \"matched\"},"
                       "                    {\"expected\": \"green\"},"
                       "                    {\"expected\": \"#ff0000\", \"found\": \"#00ff00\","
                       "                     \"delta_e\": 9, \"verdict\": \"new\"}]}",
                       -1, FS_JSON_MAX_RECORD_BYTES, &error);
  g_assert_no_error (error);
  asset = fs_asset_new_from_record ("/pictures/c.png",
                                    json_node_get_object (json_parser_get_root (parser)));

  g_assert_cmpstr (fs_asset_get_model_name (asset), ==, "FLUX.2 [pro]");
  g_assert_true (fs_asset_is_cost_estimate (asset));
  g_assert_cmpstr (fs_asset_get_note (asset), ==, "n");
  g_assert_cmpuint (json_object_get_size (fs_asset_get_params (asset)), ==, 2);

  names = fs_asset_get_reference_names (asset);
  g_assert_cmpuint (g_strv_length ((char **) names), ==, 2);
  g_assert_cmpstr (names[0], ==, "cat.png");
  g_assert_cmpstr (names[1], ==, "");

  timings = fs_asset_get_timings (asset);
  g_assert_cmpint (timings->submit_ms, ==, 1200);
  g_assert_cmpint (timings->ready_ms, ==, -1);
  g_assert_cmpint (timings->download_ms, ==, -1);
  g_assert_cmpint (timings->polls, ==, 2);

  exchanges = fs_asset_dup_exchanges (asset);
  g_assert_cmpuint (exchanges->len, ==, 1);
  exchange = g_ptr_array_index (exchanges, 0);
  g_assert_cmpstr (exchange->label, ==, "Submit");
  g_assert_cmpuint (exchange->status, ==, 200);
  g_assert_nonnull (strstr (exchange->request, "\"a\""));
  g_assert_null (exchange->curl);
  g_assert_cmpint (exchange->elapsed_ms, ==, 12);

  /* The entry without colours is left out; an unknown verdict is "off". */
  checks = fs_asset_get_colour_checks (asset);
  g_assert_cmpuint (checks->len, ==, 2);
  check = &g_array_index (checks, FsColourCheck, 0);
  g_assert_cmpuint (check->expected[1], ==, 0xeb);
  g_assert_cmpuint (check->found[2], ==, 0x3f);
  g_assert_cmpfloat (check->delta_e, ==, 1.2);
  g_assert_cmpfloat (check->share, ==, 0.31);
  g_assert_cmpint (check->verdict, ==, FS_COLOUR_MATCHED);
  g_assert_cmpint (g_array_index (checks, FsColourCheck, 1).verdict, ==, FS_COLOUR_OFF);
  g_assert_cmpfloat (g_array_index (checks, FsColourCheck, 1).share, ==, 0);
  g_assert_cmpuint (fs_asset_get_colours_requested (asset), ==, 2);
  g_assert_cmpuint (fs_asset_get_colours_matched (asset), ==, 1);

  /* A record that says nothing. */
  json_object_set_string_member (empty, "model", "flux-dev");
  bare = fs_asset_new_from_record ("/pictures/d.png", empty);
  g_assert_cmpstr (fs_asset_get_model_name (bare), ==, "flux-dev");
  g_assert_false (fs_asset_is_cost_estimate (bare));
  g_assert_null (fs_asset_get_note (bare));
  g_assert_null (fs_asset_get_params (bare));
  g_assert_null (fs_asset_get_reference_names (bare)[0]);
  g_assert_cmpint (fs_asset_get_timings (bare)->submit_ms, ==, -1);
  g_assert_cmpint (fs_asset_get_timings (bare)->polls, ==, -1);
  g_clear_pointer (&exchanges, g_ptr_array_unref);
  exchanges = fs_asset_dup_exchanges (bare);
  g_assert_cmpuint (exchanges->len, ==, 0);
  g_assert_null (fs_asset_get_colour_checks (bare));
}

/* Tests: creating a library */

static void
test_new_touches_no_disk (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(FsLibrary) library = fs_library_new_default ();
  g_autofree char *basename = g_file_get_basename (fs_library_get_folder (library));
  g_autofree char *db_dir = g_path_get_dirname (fs_library_get_db_path (library));
  g_autofree char *db_dir_name = g_path_get_basename (db_dir);

  g_assert_cmpstr (basename, ==, "Flux Studio");
  g_assert_true (g_str_has_suffix (fs_library_get_db_path (library), "library.db"));
  g_assert_cmpstr (db_dir_name, ==, "flux-studio");

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (fixture->library)) == FS_TYPE_ASSET);
  g_assert_false (g_file_test (fixture->folder, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (fixture->db_path, G_FILE_TEST_EXISTS));

  fs_test_library_open (fixture->library);
  g_assert_true (g_file_test (fixture->folder, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (fixture->db_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (query_int (fixture->db_path, "PRAGMA user_version", NULL), ==, 5);
  g_assert_cmpint (query_int (fixture->db_path,
                              "SELECT count(*) FROM sqlite_master"
                              " WHERE type = 'index' AND name = 'assets_created'"
                              " AND sql LIKE '%created%'", NULL), ==, 1);
  g_assert_cmpint (query_int (fixture->db_path,
                              "SELECT count(*) FROM sqlite_master"
                              " WHERE type = 'table' AND name = 'job_outputs'", NULL), ==, 1);
}

/* Tests: saving */

static void
check_sidecar (FsAsset    *asset,
               GBytes     *image,
               const char *mime_type,
               guint       width,
               guint       height)
{
  g_autoptr(JsonObject) sidecar = read_json (fs_asset_get_sidecar_path (asset));
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, image);
  g_autofree char *file = g_path_get_basename (fs_asset_get_path (asset));
  g_autoptr(GDateTime) saved_at = NULL;
  JsonObject *info = json_object_get_object_member (sidecar, "image");
  JsonArray *references = json_object_get_array_member (sidecar, "references");

  g_assert_cmpstr (json_object_get_string_member (sidecar, "prompt"), ==, "a red fox");
  g_assert_cmpstr (json_object_get_string_member (sidecar, "provider"), ==, "sandbox");
  g_assert_cmpstr (json_object_get_string_member (sidecar, "model"), ==, "flux-2-pro");
  g_assert_cmpstr (json_object_get_string_member (sidecar, "request_id"), ==, "req-123");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (sidecar, "params"),
                                               "seed"), ==, 42);
  g_assert_cmpstr (json_array_get_string_element (references, 0), ==, "0123abcd");
  g_assert_cmpstr (json_object_get_string_member (info, "file"), ==, file);
  g_assert_cmpstr (json_object_get_string_member (info, "sha256"), ==, sha256);
  g_assert_cmpstr (json_object_get_string_member (info, "mime_type"), ==, mime_type);
  g_assert_cmpint (json_object_get_int_member (info, "width"), ==, width);
  g_assert_cmpint (json_object_get_int_member (info, "height"), ==, height);
  g_assert_cmpint (json_object_get_int_member (info, "bytes"), ==, g_bytes_get_size (image));

  saved_at = g_date_time_new_from_iso8601 (json_object_get_string_member (sidecar, "saved_at"),
                                           NULL);
  g_assert_nonnull (saved_at);
  g_assert_true (g_date_time_equal (saved_at, fs_asset_get_created (asset)));
  g_assert_cmpstr (fs_asset_get_sha256 (asset), ==, sha256);
}

static void
check_saved (Fixture    *fixture,
             const char *type,
             const char *mime_type,
             const char *extension)
{
  g_autoptr(JsonObject) record = make_record ("a red fox", "flux-2-pro", 42);
  g_autoptr(GBytes) image = fs_test_make_image (type, 7, 5, 0xcc3311ff);
  g_autoptr(GError) error = NULL;
  g_autoptr(FsAsset) asset = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *pattern = g_strdup_printf ("^\\d{4}-\\d{2}-\\d{2}_\\d{2}-\\d{2}-\\d{2}"
                                              "_flux-2-pro_42\\.%s$", extension);
  g_autofree char *basename = NULL;
  g_autofree char *dirname = NULL;

  fs_test_library_open (fixture->library);
  asset = save_image (fixture->library, record, image, 0, &error);
  g_assert_no_error (error);

  basename = g_path_get_basename (fs_asset_get_path (asset));
  dirname = g_path_get_dirname (fs_asset_get_path (asset));
  g_assert_true (g_regex_match_simple (pattern, basename, 0, 0));
  g_assert_cmpstr (dirname, ==, fixture->folder);

  /* The provider's bytes, exactly: never decoded and re-encoded. */
  written = read_file (fs_asset_get_path (asset));
  g_assert_true (g_bytes_equal (written, image));

  check_sidecar (asset, image, mime_type, 7, 5);
  g_assert_cmpuint (fs_asset_get_width (asset), ==, 7);
  g_assert_cmpuint (fs_asset_get_height (asset), ==, 5);
  g_assert_cmpint (fs_asset_get_seed (asset), ==, 42);
  g_assert_cmpstr (fs_asset_get_prompt (asset), ==, "a red fox");
  /* The caller's record is left as it was. */
  g_assert_false (json_object_has_member (record, "image"));

  names = list_folder (fixture->folder);
  g_assert_cmpuint (names->len, ==, 2);
  assert_no_temp_files (fixture->folder);
}

static void
test_save_png (Fixture       *fixture,
               gconstpointer  data)
{
  check_saved (fixture, "png", "image/png", "png");
}

static void
test_save_jpeg (Fixture       *fixture,
                gconstpointer  data)
{
  check_saved (fixture, "jpeg", "image/jpeg", "jpg");
}

static char *
saved_name (FsLibrary  *library,
            const char *model,
            gint64      seed,
            guint       index)
{
  g_autoptr(JsonObject) record = make_record ("naming", model, seed);
  g_autoptr(GBytes) image = fs_test_make_image ("png", 4, 4, 0x00ff00ff);
  g_autoptr(GError) error = NULL;
  g_autoptr(FsAsset) asset = NULL;
  g_autofree char *dirname = NULL;

  asset = save_image (library, record, image, index, &error);
  g_assert_no_error (error);

  dirname = g_path_get_dirname (fs_asset_get_path (asset));
  g_assert_cmpstr (dirname, ==, g_file_peek_path (fs_library_get_folder (library)));

  /* The name without its time stamp, which depends on the clock. */
  return g_path_get_basename (fs_asset_get_path (asset) + strlen (dirname) + 1 + 20);
}

static void
test_save_naming (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *unsafe = NULL;
  g_autofree char *noseed = NULL;

  fs_test_library_open (fixture->library);
  first = saved_name (fixture->library, "flux-2-pro", 42, 0);
  second = saved_name (fixture->library, "flux-2-pro", 42, 1);
  third = saved_name (fixture->library, "flux-2-pro", 42, 2);
  unsafe = saved_name (fixture->library, "../black-forest-labs/FLUX.1 [dev]", 7, 0);
  noseed = saved_name (fixture->library, "flux-dev", -1, 0);

  g_assert_cmpstr (first, ==, "flux-2-pro_42.png");
  g_assert_cmpstr (second, ==, "flux-2-pro_42_1.png");
  g_assert_cmpstr (third, ==, "flux-2-pro_42_2.png");
  g_assert_cmpstr (unsafe, ==, "black-forest-labs-FLUX.1-dev_7.png");
  g_assert_cmpstr (noseed, ==, "flux-dev_noseed.png");
  assert_no_temp_files (fixture->folder);
}

/* Names for the next few seconds are taken in advance, so the save must
 * pick a suffixed name whatever second it lands in, and leave the files
 * already there untouched. */
static void
test_save_collision (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(JsonObject) record = make_record ("collide", "flux-2-pro", 9);
  g_autoptr(GBytes) image = fs_test_make_image ("png", 4, 4, 0x0000ffff);
  g_autoptr(GError) error = NULL;
  g_autoptr(FsAsset) asset = NULL;
  g_autoptr(GPtrArray) taken = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *basename = NULL;

  fs_test_library_open (fixture->library);
  for (int i = 0; i < 5; i++)
    {
      g_autoptr(GDateTime) time = g_date_time_add_seconds (now, i);
      g_autofree char *stamp = g_date_time_format (time, "%Y-%m-%d_%H-%M-%S");
      g_autofree char *name = g_strdup_printf ("%s_flux-2-pro_9.png", stamp);
      char *path = g_build_filename (fixture->folder, name, NULL);

      g_file_set_contents (path, "taken", -1, &error);
      g_assert_no_error (error);
      g_ptr_array_add (taken, path);
    }

  asset = save_image (fixture->library, record, image, 0, &error);
  g_assert_no_error (error);

  basename = g_path_get_basename (fs_asset_get_path (asset));
  g_assert_true (g_str_has_suffix (basename, "_flux-2-pro_9-2.png"));
  g_assert_true (g_str_has_suffix (fs_asset_get_sidecar_path (asset), "_flux-2-pro_9-2.json"));
  for (guint i = 0; i < taken->len; i++)
    {
      g_autoptr(GBytes) contents = read_file (g_ptr_array_index (taken, i));

      g_assert_cmpmem (g_bytes_get_data (contents, NULL), g_bytes_get_size (contents), "taken", 5);
    }
  assert_no_temp_files (fixture->folder);
}

/* JSON has no NaN: a sidecar must stay readable whatever the caller put in
 * the record. */
static void
test_save_nan_in_record (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(JsonObject) record = make_record ("nan", "flux-2-pro", 3);
  g_autoptr(GBytes) image = fs_test_make_image ("png", 4, 4, 0x445566ff);
  g_autoptr(GError) error = NULL;
  g_autoptr(FsAsset) asset = NULL;
  g_autoptr(JsonObject) sidecar = NULL;
  JsonObject *params;

  json_object_set_double_member (json_object_get_object_member (record, "params"),
                                 "guidance", NAN);
  fs_test_library_open (fixture->library);
  asset = save_image (fixture->library, record, image, 0, &error);
  g_assert_no_error (error);

  sidecar = read_json (fs_asset_get_sidecar_path (asset));
  params = json_object_get_object_member (sidecar, "params");
  g_assert_true (json_object_get_null_member (params, "guidance"));
  g_assert_cmpint (json_object_get_int_member (params, "seed"), ==, 3);
}

static void
test_save_not_image (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) record = make_record ("not an image", "flux-2-pro", 1);
  g_autoptr(GBytes) html = g_bytes_new_static ("<html>502 Bad Gateway</html>", 28);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) empty_error = NULL;
  FsAsset *asset;

  fs_test_library_open (fixture->library);
  before = list_folder (fixture->folder);

  asset = save_image (fixture->library, record, html, 0, &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE);
  g_assert_null (asset);
  asset = save_image (fixture->library, record, empty, 0, &empty_error);
  g_assert_error (empty_error, FS_ERROR, FS_ERROR_NOT_IMAGE);
  g_assert_null (asset);

  after = list_folder (fixture->folder);
  assert_same_names (before, after);
  g_assert_cmpint (query_int (fixture->db_path, "SELECT count(*) FROM assets", NULL), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, 0);
}

static void
test_save_cancelled (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) record = make_record ("cancelled", "flux-2-pro", 1);
  g_autoptr(GBytes) image = fs_test_make_image ("png", 4, 4, 0xffffffff);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) error = NULL;
  FsAsset *asset;

  fs_test_library_open (fixture->library);
  g_cancellable_cancel (cancellable);
  fs_library_save_async (fixture->library, record, image, 0, cancellable,
                         fs_test_result_cb, &result);
  asset = fs_library_save_finish (fixture->library, fs_test_wait_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (asset);

  names = list_folder (fixture->folder);
  g_assert_cmpuint (names->len, ==, 0);
}

static void
test_index_row (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FsAsset) asset = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(JsonNode) record = NULL;

  fs_test_library_open (fixture->library);
  asset = save_png (fixture->library, "an indexed fox", "flux-2-pro", 42);

  db = open_db (fixture->db_path);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT sha256, sidecar, provider, model, prompt, seed,"
                                       " width, height, request_id, cost, created, record"
                                       " FROM assets JOIN records USING (id) WHERE path = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, fs_asset_get_path (asset), -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, fs_asset_get_sha256 (asset));
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 1), ==,
                   fs_asset_get_sidecar_path (asset));
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 2), ==, "sandbox");
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 3), ==, "flux-2-pro");
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 4), ==, "an indexed fox");
  g_assert_cmpint (sqlite3_column_int64 (stmt, 5), ==, 42);
  g_assert_cmpint (sqlite3_column_int (stmt, 6), ==, 8);
  g_assert_cmpint (sqlite3_column_int (stmt, 7), ==, 8);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 8), ==, "req-123");
  g_assert_cmpfloat_with_epsilon (sqlite3_column_double (stmt, 9), 0.04, 1e-9);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 10) / G_USEC_PER_SEC, ==,
                   g_date_time_to_unix (fs_asset_get_created (asset)));
  record = json_from_string ((const char *)sqlite3_column_text (stmt, 11), NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (record), "saved_at"),
                   !=, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* Tests: the list model */

typedef struct
{
  guint calls;
  guint position;
  guint removed;
  guint added;
} ItemsChanged;

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *changed)
{
  /* Never from a worker thread. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));

  changed->calls++;
  changed->position = position;
  changed->removed = removed;
  changed->added = added;
}

static void
assert_items_changed (ItemsChanged *changed,
                      guint         calls,
                      guint         removed,
                      guint         added)
{
  g_assert_cmpuint (changed->calls, ==, calls);
  g_assert_cmpuint (changed->position, ==, 0);
  g_assert_cmpuint (changed->removed, ==, removed);
  g_assert_cmpuint (changed->added, ==, added);
}

static const char *
item_prompt (FsLibrary *library,
             guint      position)
{
  g_autoptr(FsAsset) asset = g_list_model_get_item (G_LIST_MODEL (library), position);

  return fs_asset_get_prompt (asset);
}

static void
test_model_newest_first (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *prompts[] = { "first", "second", "third" };
  ItemsChanged changed = { 0 };

  fs_test_library_open (fixture->library);
  g_signal_connect (fixture->library, "items-changed", G_CALLBACK (items_changed_cb), &changed);

  for (guint i = 0; i < G_N_ELEMENTS (prompts); i++)
    {
      g_autoptr(FsAsset) asset = save_png (fixture->library, prompts[i], "flux-2-pro", i);
      g_autoptr(FsAsset) top = g_list_model_get_item (G_LIST_MODEL (fixture->library), 0);

      /* The model changed before the callback saw the result: once, or
       * twice when the folder's watch saw the files land first. */
      g_assert_cmpuint (changed.calls, >=, i + 1);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, i + 1);
      g_assert_true (top == asset);
    }

  g_assert_cmpstr (item_prompt (fixture->library, 0), ==, "third");
  g_assert_cmpstr (item_prompt (fixture->library, 2), ==, "first");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (fixture->library), 3));

  memset (&changed, 0, sizeof changed);
  reopen (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, 3);
  g_assert_cmpstr (item_prompt (fixture->library, 0), ==, "third");
  g_assert_cmpstr (item_prompt (fixture->library, 1), ==, "second");
  g_assert_cmpstr (item_prompt (fixture->library, 2), ==, "first");

  g_signal_connect (fixture->library, "items-changed", G_CALLBACK (items_changed_cb), &changed);
  g_assert_cmpuint (rebuild_library (fixture->library), ==, 3);
  assert_items_changed (&changed, 1, 3, 3);
  g_assert_cmpstr (item_prompt (fixture->library, 0), ==, "third");
}

/* Tests: rebuilding */

static GPtrArray *
model_paths (FsLibrary *library)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (library));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(FsAsset) asset = g_list_model_get_item (G_LIST_MODEL (library), i);

      g_ptr_array_add (paths, g_strconcat (fs_asset_get_path (asset), " ",
                                           fs_asset_get_sha256 (asset), NULL));
    }

  return paths;
}

static void
test_rebuild_missing_db (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  const char *suffixes[] = { "", "-wal", "-shm" };

  fs_test_library_open (fixture->library);
  for (guint i = 0; i < 3; i++)
    g_object_unref (save_png (fixture->library, "rebuilt", "flux-2-pro", i));
  before = model_paths (fixture->library);

  drop_library (&fixture->library);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (fixture->db_path, suffixes[i], NULL);

      g_unlink (path);
    }

  make_library (fixture);
  fs_test_library_open (fixture->library);

  after = model_paths (fixture->library);
  g_assert_cmpuint (after->len, ==, 3);
  for (guint i = 0; i < after->len; i++)
    g_assert_cmpstr (g_ptr_array_index (before, i), ==, g_ptr_array_index (after, i));
  g_assert_cmpint (query_int (fixture->db_path, "SELECT count(*) FROM assets", NULL), ==, 3);
}

static void
test_rebuild_empty_index (Fixture       *fixture,
                          gconstpointer  data)
{
  fs_test_library_open (fixture->library);
  g_object_unref (save_png (fixture->library, "kept", "flux-2-pro", 1));
  drop_library (&fixture->library);

  /* An index that exists but lost its rows next to sidecars. */
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (fixture->db_path, &db), ==, SQLITE_OK);
    /* The weak reference fires at dispose; the library's worker thread may
     * still be closing (and checkpointing) the index in finalize. */
    sqlite3_busy_timeout (db, 5000);
    g_assert_cmpint (sqlite3_exec (db, "DELETE FROM assets", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }

  make_library (fixture);
  fs_test_library_open (fixture->library);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, 1);
  g_assert_cmpstr (item_prompt (fixture->library, 0), ==, "kept");
}

static void
write_text (const char *folder,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
test_rebuild_skips_corrupt (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GBytes) image = fs_test_make_image ("png", 4, 4, 0x123456ff);
  g_autofree char *broken_png = g_build_filename (fixture->folder, "broken.png", NULL);
  g_autofree char *odd_png = g_build_filename (fixture->folder, "odd.png", NULL);
  g_autoptr(GError) error = NULL;

  fs_test_library_open (fixture->library);
  g_object_unref (save_png (fixture->library, "good one", "flux-2-pro", 1));
  g_object_unref (save_png (fixture->library, "good two", "flux-2-pro", 2));

  g_file_set_contents (broken_png, g_bytes_get_data (image, NULL), g_bytes_get_size (image),
                       &error);
  g_assert_no_error (error);
  write_text (fixture->folder, "broken.json", "{ \"prompt\": \"cut off");
  write_text (fixture->folder, "array.json", "[1, 2, 3]");
  /* A sidecar whose image was deleted is skipped quietly. */
  write_text (fixture->folder, "orphan.json", "{ \"prompt\": \"orphan\" }");
  /* Members of unexpected types are read as unknown, not rejected. */
  write_text (fixture->folder, "odd.json",
              "{ \"prompt\": 5, \"model\": {}, \"params\": [], \"seed\": \"12\","
              "  \"image\": \"odd.png\", \"references\": [null, {}, \"ab\"],"
              "  \"saved_at\": \"2001-01-01T00:00:00Z\" }");
  g_file_set_contents (odd_png, g_bytes_get_data (image, NULL), g_bytes_get_size (image),
                       &error);
  g_assert_no_error (error);

  expect_warning ("*.json*");
  g_assert_cmpuint (rebuild_library (fixture->library), ==, 3);
  assert_warned (2);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, 3);
  g_assert_cmpstr (item_prompt (fixture->library, 0), ==, "good two");
  g_assert_cmpstr (item_prompt (fixture->library, 2), ==, "");
  g_assert_cmpint (query_int (fixture->db_path, "SELECT count(*) FROM assets", NULL), ==, 3);
}

/* One sidecar nested far too deep used to crash the whole listing. */
static void
test_rebuild_skips_deep (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GBytes) image = fs_test_make_image ("png", 4, 4, 0x123456ff);
  g_autofree char *deep_png = g_build_filename (fixture->folder, "deep.png", NULL);
  g_autofree char *deep = fs_test_nested_json (80000);
  g_autofree char *sidecar = g_strdup_printf ("{ \"prompt\": \"deep\", \"image\": "
                                              "{ \"file\": \"deep.png\" }, \"x\": %s }", deep);
  g_autoptr(GError) error = NULL;

  fs_test_library_open (fixture->library);
  g_object_unref (save_png (fixture->library, "good one", "flux-2-pro", 1));
  g_object_unref (save_png (fixture->library, "good two", "flux-2-pro", 2));
  g_file_set_contents (deep_png, g_bytes_get_data (image, NULL), g_bytes_get_size (image),
                       &error);
  g_assert_no_error (error);
  write_text (fixture->folder, "deep.json", sidecar);

  expect_warning ("*deep.json*nested more than 64 levels*");
  g_assert_cmpuint (rebuild_library (fixture->library), ==, 2);
  assert_warned (1);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, 2);
  g_assert_cmpstr (item_prompt (fixture->library, 0), ==, "good two");
  g_assert_cmpstr (item_prompt (fixture->library, 1), ==, "good one");
}

static gboolean
file_gone (gpointer path)
{
  return !g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
test_open_removes_stale_temp (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *stale = g_build_filename (fixture->folder, ".flux-studio-AbC123.part", NULL);
  g_autofree char *fresh = g_build_filename (fixture->folder, ".flux-studio-XyZ789.part", NULL);
  struct utimbuf old = { 0 };
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (fixture->folder, 0755);
  g_file_set_contents (stale, "half", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (fresh, "half", -1, &error);
  g_assert_no_error (error);
  old.actime = old.modtime = time (NULL) - 3 * 24 * 60 * 60;
  g_assert_cmpint (g_utime (stale, &old), ==, 0);

  fs_test_library_open (fixture->library);

  /* A crash leaves temporary files; a recent one may be another
   * process's save in progress. They go once the library, open, has
   * looked at the whole folder (docs/ARCHITECTURE.md, “The live folder”). */
  g_assert_true (fs_test_wait_for (file_gone, stale, 10));
  g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
}

/* Tests: concurrency */

typedef struct
{
  FsLibrary *library;
  GBytes    *image;
  FsAsset   *asset;
  GError    *error;
  gint      *done;
} SaveThread;

/* Each thread has its own main context, as a worker calling the library
 * would: results come back there, the list model changes on the main
 * thread. */
static gpointer
save_thread (gpointer user_data)
{
  SaveThread *save = user_data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(JsonObject) record = make_record ("concurrent", "flux-2-pro", 7);
  g_autoptr(GAsyncResult) result = NULL;

  g_main_context_push_thread_default (context);
  fs_library_save_async (save->library, record, save->image, 0, NULL, fs_test_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  save->asset = fs_library_save_finish (save->library, result, &save->error);
  g_main_context_pop_thread_default (context);

  g_atomic_int_inc (save->done);
  g_main_context_wakeup (NULL);

  return NULL;
}

static void
test_concurrent_saves (Fixture       *fixture,
                       gconstpointer  data)
{
  SaveThread saves[N_CONCURRENT] = { { 0 } };
  GThread *threads[N_CONCURRENT];
  g_autoptr(GHashTable) paths = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) names = NULL;
  gint done = 0;

  fs_test_library_open (fixture->library);
  for (guint i = 0; i < N_CONCURRENT; i++)
    {
      saves[i].library = fixture->library;
      saves[i].image = fs_test_make_image ("png", 6, 6, 0x10203000 + i);
      saves[i].done = &done;
      threads[i] = g_thread_new ("save", save_thread, &saves[i]);
    }

  while (g_atomic_int_get (&done) < N_CONCURRENT ||
         g_list_model_get_n_items (G_LIST_MODEL (fixture->library)) < N_CONCURRENT)
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < N_CONCURRENT; i++)
    {
      g_autoptr(GBytes) written = NULL;

      g_thread_join (threads[i]);
      g_assert_no_error (saves[i].error);
      g_assert_true (g_hash_table_add (paths, (char *)fs_asset_get_path (saves[i].asset)));
      written = read_file (fs_asset_get_path (saves[i].asset));
      g_assert_true (g_bytes_equal (written, saves[i].image));
    }

  names = list_folder (fixture->folder);
  g_assert_cmpuint (names->len, ==, 2 * N_CONCURRENT);
  assert_no_temp_files (fixture->folder);
  g_assert_cmpint (query_int (fixture->db_path, "SELECT count(DISTINCT path) FROM assets", NULL),
                   ==, N_CONCURRENT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, N_CONCURRENT);

  for (guint i = 0; i < N_CONCURRENT; i++)
    {
      g_object_unref (saves[i].asset);
      g_bytes_unref (saves[i].image);
    }
}

/* Tests: search and journal */

static void
assert_search (FsLibrary  *library,
               const char *text,
               guint       count,
               const char *first_prompt)
{
  g_autoptr(GPtrArray) found = search_library (library, text);

  g_assert_cmpuint (found->len, ==, count);
  if (first_prompt != NULL)
    g_assert_cmpstr (fs_asset_get_prompt (g_ptr_array_index (found, 0)), ==, first_prompt);
}

/* The words of the search are word beginnings (SQLite FTS5); what is
 * not a letter or digit separates words and is never syntax. The search
 * itself is tested in test-archive.c. */
static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  fs_test_library_open (fixture->library);
  g_object_unref (save_png (fixture->library, "a red fox", "flux-2-pro", 1));
  g_object_unref (save_png (fixture->library, "blue cat, 100% wool", "flux-dev", 2));
  g_object_unref (save_png (fixture->library, "snake_case poster", "flux-2-pro", 3));

  assert_search (fixture->library, NULL, 3, "snake_case poster");
  assert_search (fixture->library, "fox", 1, "a red fox");
  assert_search (fixture->library, "FLUX-DEV", 1, "blue cat, 100% wool");
  assert_search (fixture->library, "flux-2", 2, "snake_case poster");
  assert_search (fixture->library, "sandbox", 3, "snake_case poster");
  assert_search (fixture->library, "wo", 1, "blue cat, 100% wool");
  assert_search (fixture->library, "snake", 1, "snake_case poster");
  assert_search (fixture->library, "100%", 1, "blue cat, 100% wool");
  /* Nothing to search for: everything. */
  assert_search (fixture->library, "%", 3, "snake_case poster");
  assert_search (fixture->library, "r_d", 0, NULL);
  assert_search (fixture->library, "' OR 1=1 --", 0, NULL);
}

static gint64
job_time (const char *db_path,
          const char *column_sql,
          const char *job_id)
{
  return query_int (db_path, column_sql, job_id);
}

static void
test_journal (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(JsonNode) request = json_from_string ("{\"prompt\": \"a fox\","
                                                  " \"model\": \"flux-2-pro\"}", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) updated = NULL;
  const char *created_sql = "SELECT created FROM jobs WHERE job_id = ?1";
  const char *updated_sql = "SELECT updated FROM jobs WHERE job_id = ?1";
  JsonObject *job;
  gint64 created;

  fs_test_library_open (fixture->library);
  journal (fixture->library, "job-1", "queued", request, NULL, NULL);
  created = job_time (fixture->db_path, created_sql, "job-1");
  g_usleep (2000);
  journal (fixture->library, "job-1", "polling", NULL,
           "https://api.eu.bfl.ai/v1/get_result?id=1", "Pending");
  journal (fixture->library, "job-2", "saved", request, NULL, NULL);
  journal (fixture->library, "job-3", "failed", request, NULL, "Request Moderated");
  journal (fixture->library, "job-4", "cancelled", request, NULL, NULL);
  journal (fixture->library, "job-5", "submitted", request, NULL, NULL);

  g_assert_cmpint (job_time (fixture->db_path, created_sql, "job-1"), ==, created);
  g_assert_cmpint (job_time (fixture->db_path, updated_sql, "job-1"), >, created);
  g_assert_cmpint (query_int (fixture->db_path, "SELECT count(*) FROM jobs", NULL), ==, 5);

  fs_library_list_unfinished_async (fixture->library, NULL, fs_test_result_cb, &result);
  jobs = fs_library_list_unfinished_finish (fixture->library, fs_test_wait_result (&result),
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 2);

  job = g_ptr_array_index (jobs, 0);
  g_assert_cmpstr (json_object_get_string_member (job, "job_id"), ==, "job-1");
  g_assert_cmpstr (json_object_get_string_member (job, "state"), ==, "polling");
  g_assert_cmpstr (json_object_get_string_member (job, "polling_url"), ==,
                   "https://api.eu.bfl.ai/v1/get_result?id=1");
  g_assert_cmpstr (json_object_get_string_member (job, "detail"), ==, "Pending");
  /* The request journalled first is kept by updates that do not repeat it. */
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (job, "request"),
                                                  "prompt"), ==, "a fox");
  updated = g_date_time_new_from_iso8601 (json_object_get_string_member (job, "updated"), NULL);
  g_assert_nonnull (updated);

  job = g_ptr_array_index (jobs, 1);
  g_assert_cmpstr (json_object_get_string_member (job, "job_id"), ==, "job-5");
  g_assert_true (json_object_get_null_member (job, "polling_url"));
}

/* A journalled request that cannot be read back (here nested far too
 * deep) is handed back as the text it is, without a crash. */
static void
test_journal_deep_request (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(JsonNode) request = json_from_string ("{\"prompt\": \"a fox\"}", NULL);
  g_autofree char *deep = fs_test_nested_json (80000);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  JsonNode *stored;

  fs_test_library_open (fixture->library);
  journal (fixture->library, "job-deep", "queued", request, NULL, NULL);

  g_assert_cmpint (sqlite3_open (fixture->db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE jobs SET request = ?1", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, deep, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  fs_library_list_unfinished_async (fixture->library, NULL, fs_test_result_cb, &result);
  jobs = fs_library_list_unfinished_finish (fixture->library, fs_test_wait_result (&result),
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 1);
  stored = json_object_get_member (g_ptr_array_index (jobs, 0), "request");
  g_assert_cmpint (json_node_get_value_type (stored), ==, G_TYPE_STRING);
  g_assert_cmpstr (json_node_get_string (stored), ==, deep);
}

/* Tests: deleting */

static gboolean
delete_asset (FsLibrary  *library,
              FsAsset    *asset,
              GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fs_library_delete_async (library, asset, NULL, fs_test_result_cb, &result);
  return fs_library_delete_finish (library, fs_test_wait_result (&result), error);
}

static gboolean
in_trash (const char *path)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *trashed = g_build_filename (g_get_user_data_dir (), "Trash", "files",
                                               name, NULL);

  return g_file_test (trashed, G_FILE_TEST_IS_REGULAR);
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(FsAsset) fox = NULL;
  g_autoptr(FsAsset) cat = NULL;
  g_autoptr(FsAsset) item = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  fs_test_library_open (fixture->library);
  fox = save_png (fixture->library, "a red fox", "flux-2-pro", 1);
  cat = save_png (fixture->library, "blue cat", "flux-2-pro", 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, 2);

  g_assert_true (delete_asset (fixture->library, fox, &error));
  g_assert_no_error (error);

  /* Both files went to the Trash, the row and the list item went away. */
  g_assert_false (g_file_test (fs_asset_get_path (fox), G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (fs_asset_get_sidecar_path (fox), G_FILE_TEST_EXISTS));
  g_assert_true (in_trash (fs_asset_get_path (fox)));
  g_assert_true (in_trash (fs_asset_get_sidecar_path (fox)));
  g_assert_cmpint (query_int (fixture->db_path, "SELECT count(*) FROM assets", NULL), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, 1);
  item = g_list_model_get_item (G_LIST_MODEL (fixture->library), 0);
  g_assert_cmpstr (fs_asset_get_path (item), ==, fs_asset_get_path (cat));

  /* Deleting what is gone already is no failure. */
  g_assert_true (delete_asset (fixture->library, fox, &error));
  g_assert_no_error (error);

  /* An asset read back by a search is the same image. */
  found = search_library (fixture->library, "cat");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (delete_asset (fixture->library, g_ptr_array_index (found, 0), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, 0);

  /* The sidecars are the truth: a rebuild brings nothing back. */
  g_assert_cmpuint (rebuild_library (fixture->library), ==, 0);
  assert_no_temp_files (fixture->folder);
}

static gboolean
restore_assets (FsLibrary  *library,
                FsAsset    *asset,
                GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) assets = g_ptr_array_new ();

  g_ptr_array_add (assets, asset);
  fs_library_restore_async (library, assets, NULL, fs_test_result_cb, &result);
  return fs_library_restore_finish (library, fs_test_wait_result (&result), error);
}

static gboolean
library_has_one (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (data)) == 1;
}

/* Undo of a deletion: the files come back from the Trash, byte for byte,
 * and the list and the index take the image in again, its marks with it.
 * A name taken meanwhile, or an image emptied from the Trash, fails with
 * a sentence naming the file, and nothing is overwritten. */
static void
test_restore (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(FsAsset) owl = NULL;
  g_autoptr(FsAsset) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) marked = g_ptr_array_new ();
  g_autofree char *image = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *back = NULL;
  gsize size = 0, back_size = 0;

  fs_test_library_open (fixture->library);
  owl = save_png (fixture->library, "a snowy owl", "flux-2-pro", 3);
  image = g_strdup (fs_asset_get_path (owl));
  g_ptr_array_add (marked, owl);
  fs_library_set_rating_async (fixture->library, marked, 4, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_library_set_rating_finish (fixture->library, fs_test_wait_result (&result),
                                               &error));
  g_assert_true (g_file_get_contents (image, &bytes, &size, NULL));

  g_assert_true (delete_asset (fixture->library, owl, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, 0);
  g_assert_true (restore_assets (fixture->library, owl, &error));
  g_assert_no_error (error);
  g_assert_false (in_trash (image));
  g_assert_true (g_file_get_contents (image, &back, &back_size, NULL));
  g_assert_cmpmem (back, back_size, bytes, size);
  g_assert_true (g_file_test (fs_asset_get_sidecar_path (owl), G_FILE_TEST_IS_REGULAR));
  g_assert_true (fs_test_wait_for (library_has_one, fixture->library, 10));
  item = g_list_model_get_item (G_LIST_MODEL (fixture->library), 0);
  g_assert_cmpstr (fs_asset_get_path (item), ==, image);
  g_assert_cmpuint (fs_asset_get_rating (item), ==, 4);
  g_assert_cmpint (query_int (fixture->db_path, "SELECT count(*) FROM assets", NULL), ==, 1);

  /* Another file took the name: it stays. */
  g_assert_true (delete_asset (fixture->library, item, &error));
  g_assert_true (g_file_set_contents (image, "someone else's", -1, NULL));
  g_assert_false (restore_assets (fixture->library, owl, &error));
  g_assert_error (error, FS_ERROR, FS_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, image));
  g_clear_error (&error);
  g_clear_pointer (&back, g_free);
  g_assert_true (g_file_get_contents (image, &back, NULL, NULL));
  g_assert_cmpstr (back, ==, "someone else's");
  g_assert_true (in_trash (image));

  /* Emptied from the Trash: nothing to bring back. */
  g_assert_cmpint (g_unlink (image), ==, 0);
  {
    g_autofree char *name = g_path_get_basename (image);
    g_autofree char *trashed = g_build_filename (g_get_user_data_dir (), "Trash", "files", name,
                                                 NULL);
    g_autofree char *info_name = g_strconcat (name, ".trashinfo", NULL);
    g_autofree char *info = g_build_filename (g_get_user_data_dir (), "Trash", "info",
                                              info_name, NULL);

    g_assert_cmpint (g_unlink (trashed), ==, 0);
    g_assert_cmpint (g_unlink (info), ==, 0);
  }
  g_assert_false (restore_assets (fixture->library, owl, &error));
  g_assert_error (error, FS_ERROR, FS_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "not in the Trash"));
}

/* Tests: prompts used before */

static GStrv
list_prompts (FsLibrary  *library,
              const char *search,
              guint       limit)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GStrv prompts;

  fs_library_list_prompts_async (library, search, limit, NULL, fs_test_result_cb, &result);
  prompts = fs_library_list_prompts_finish (library, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (prompts);
  return prompts;
}

static void
assert_prompts (FsLibrary          *library,
                const char         *search,
                guint               limit,
                const char * const *expected)
{
  g_auto(GStrv) prompts = list_prompts (library, search, limit);

  g_assert_cmpstrv (prompts, expected);
}

static void
test_list_prompts (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const none[] = { NULL };
  static const char * const all[] = { "green owl", "a red fox", "blue cat, 100% wool", NULL };
  static const char * const two[] = { "green owl", "a red fox", NULL };
  static const char * const red[] = { "a red fox", NULL };
  static const char * const wool[] = { "blue cat, 100% wool", NULL };

  fs_test_library_open (fixture->library);
  assert_prompts (fixture->library, NULL, 0, none);

  g_object_unref (save_png (fixture->library, "a red fox", "flux-2-pro", 1));
  g_object_unref (save_png (fixture->library, "blue cat, 100% wool", "flux-dev", 2));
  g_object_unref (save_png (fixture->library, "a red fox", "flux-dev", 3));
  g_object_unref (save_png (fixture->library, "", "flux-dev", 4));
  g_object_unref (save_png (fixture->library, "green owl", "flux-2-pro", 5));

  /* Each prompt once, by the last time it was used; empty ones left out. */
  assert_prompts (fixture->library, NULL, 0, all);
  assert_prompts (fixture->library, "", 0, all);
  assert_prompts (fixture->library, NULL, 2, two);
  assert_prompts (fixture->library, "RED", 0, red);
  assert_prompts (fixture->library, "100%", 10, wool);
  /* Searches are in the prompt only, and wildcards are text. */
  assert_prompts (fixture->library, "flux", 0, none);
  assert_prompts (fixture->library, "r_d", 0, none);
}

/* Tests: damaged records */

/* The item showing the image saved with @prompt. */
static FsAsset *
item_with_prompt (FsLibrary  *library,
                  const char *prompt)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (library));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(FsAsset) asset = g_list_model_get_item (G_LIST_MODEL (library), i);

      if (g_str_equal (fs_asset_get_prompt (asset), prompt))
        return asset;
    }

  g_error ("no item with the prompt “%s”", prompt);
}

static FsAssetDamage
damage_of (FsLibrary  *library,
           const char *prompt)
{
  return fs_asset_get_damage (item_with_prompt (library, prompt));
}

static void
verify_library (FsLibrary *library,
                GPtrArray *assets)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fs_library_verify_async (library, assets, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_library_verify_finish (library, fs_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

static void
write_bytes (const char *path,
             GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
}

/* The same size, other bytes. */
static GBytes *
altered (GBytes *bytes)
{
  gsize size = 0;
  guint8 *data = g_memdup2 (g_bytes_get_data (bytes, &size), g_bytes_get_size (bytes));

  data[size / 2] ^= 0xff;
  return g_bytes_new_take (data, size);
}

/* Four images damaged four ways and one intact: all are listed, each
 * with what is wrong; the altered bytes only once the sha256 is checked,
 * and from then on at once, until the file changes again. */
static void
test_damaged (Fixture       *fixture,
              gconstpointer  data)
{
  const char *prompts[] = { "intact", "deleted", "emptied", "altered", "cut" };
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GBytes) changed_bytes = NULL;
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) cut = g_bytes_new_static ("\x89PNG", 4);
  char *paths[G_N_ELEMENTS (prompts)];
  ItemsChanged changed = { 0 };

  fs_test_library_open (fixture->library);
  for (guint i = 0; i < G_N_ELEMENTS (prompts); i++)
    {
      g_autoptr(FsAsset) asset = save_png (fixture->library, prompts[i], "flux-2-pro", i);

      paths[i] = g_strdup (fs_asset_get_path (asset));
    }
  original = read_file (paths[3]);
  changed_bytes = altered (original);

  g_assert_cmpint (g_unlink (paths[1]), ==, 0);
  write_bytes (paths[2], empty);
  write_bytes (paths[3], changed_bytes);
  write_bytes (paths[4], cut);

  reopen (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, 5);
  g_assert_cmpint (damage_of (fixture->library, "intact"), ==, FS_ASSET_INTACT);
  g_assert_cmpint (damage_of (fixture->library, "deleted"), ==, FS_ASSET_MISSING);
  g_assert_cmpint (damage_of (fixture->library, "emptied"), ==, FS_ASSET_EMPTY);
  g_assert_cmpint (damage_of (fixture->library, "cut"), ==, FS_ASSET_SIZE_MISMATCH);
  /* Same size: a stat() cannot tell. */
  g_assert_cmpint (damage_of (fixture->library, "altered"), ==, FS_ASSET_INTACT);

  g_signal_connect (fixture->library, "items-changed", G_CALLBACK (items_changed_cb), &changed);
  verify_library (fixture->library, NULL);
  g_assert_cmpint (damage_of (fixture->library, "altered"), ==, FS_ASSET_SHA256_MISMATCH);
  g_assert_cmpint (damage_of (fixture->library, "intact"), ==, FS_ASSET_INTACT);
  g_assert_cmpint (damage_of (fixture->library, "deleted"), ==, FS_ASSET_MISSING);
  g_assert_cmpuint (changed.calls, ==, 1);
  g_assert_cmpuint (changed.removed, ==, 1);
  g_assert_cmpuint (changed.added, ==, 1);
  g_signal_handlers_disconnect_by_data (fixture->library, &changed);
  /* The two files that could be hashed are recorded. */
  g_assert_cmpint (query_int (fixture->db_path, "SELECT count(*) FROM image_checks", NULL),
                   ==, 2);

  /* Known at once on the next listing, without hashing again. */
  reopen (fixture);
  g_assert_cmpint (damage_of (fixture->library, "altered"), ==, FS_ASSET_SHA256_MISMATCH);

  /* Restored: the recorded hash is for another file now. */
  write_bytes (paths[3], original);
  reopen (fixture);
  g_assert_cmpint (damage_of (fixture->library, "altered"), ==, FS_ASSET_INTACT);
  verify_library (fixture->library, NULL);
  g_assert_cmpint (damage_of (fixture->library, "altered"), ==, FS_ASSET_INTACT);

  for (guint i = 0; i < G_N_ELEMENTS (prompts); i++)
    g_free (paths[i]);
}

/* A hash recorded for a file of that size and time is used, not
 * computed again: here it is a wrong one, and it is believed. */
static void
test_damaged_check_recorded (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(FsAsset) asset = NULL;
  sqlite3 *db = NULL;

  fs_test_library_open (fixture->library);
  asset = save_png (fixture->library, "hashed once", "flux-2-pro", 1);
  verify_library (fixture->library, NULL);
  g_assert_cmpint (damage_of (fixture->library, "hashed once"), ==, FS_ASSET_INTACT);

  g_assert_cmpint (sqlite3_open (fixture->db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE image_checks SET sha256 = 'beef'", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  verify_library (fixture->library, NULL);
  g_assert_cmpint (damage_of (fixture->library, "hashed once"), ==, FS_ASSET_SHA256_MISMATCH);
  /* The caller's own asset, not one of the list's, gets the damage too;
   * a search already knows it from the recorded hash. */
  {
    g_autoptr(GPtrArray) mine = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GPtrArray) found = search_library (fixture->library, "hashed once");
    FsAsset *copy = fs_asset_new_from_record (fs_asset_get_path (asset),
                                              fs_asset_get_record (asset));

    g_ptr_array_add (mine, copy);
    g_assert_cmpint (fs_asset_get_damage (copy), ==, FS_ASSET_INTACT);
    verify_library (fixture->library, mine);
    g_assert_cmpint (fs_asset_get_damage (copy), ==, FS_ASSET_SHA256_MISMATCH);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpint (fs_asset_get_damage (g_ptr_array_index (found, 0)), ==,
                     FS_ASSET_SHA256_MISMATCH);
  }
}

/* A sidecar whose image is gone is a damaged record when the index is
 * rebuilt, under the name it recorded; it can be deleted like any. */
static void
test_damaged_rebuilt (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(FsAsset) kept = NULL;
  g_autoptr(FsAsset) gone = NULL;
  g_autoptr(GError) error = NULL;
  FsAsset *item;

  fs_test_library_open (fixture->library);
  kept = save_png (fixture->library, "kept", "flux-2-pro", 1);
  gone = save_png (fixture->library, "gone", "flux-2-pro", 2);
  g_assert_cmpint (g_unlink (fs_asset_get_path (gone)), ==, 0);

  g_assert_cmpuint (rebuild_library (fixture->library), ==, 2);
  item = item_with_prompt (fixture->library, "gone");
  g_assert_cmpstr (fs_asset_get_path (item), ==, fs_asset_get_path (gone));
  g_assert_cmpint (fs_asset_get_damage (item), ==, FS_ASSET_MISSING);
  g_assert_cmpint (damage_of (fixture->library, "kept"), ==, FS_ASSET_INTACT);

  g_assert_true (delete_asset (fixture->library, item, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (fs_asset_get_sidecar_path (gone), G_FILE_TEST_EXISTS));
  g_assert_cmpuint (rebuild_library (fixture->library), ==, 1);
}


/* Tests: the schema */

/* The version 1 schema, as Flux Studio wrote it before results were
 * journalled: an index from then must open, keep its rows and gain the
 * new table. */
static const char v1_schema[] =
  "CREATE TABLE assets (id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL,"
  " path TEXT NOT NULL UNIQUE, sidecar TEXT NOT NULL, provider TEXT, model TEXT,"
  " prompt TEXT, seed INTEGER, width INTEGER, height INTEGER, request_id TEXT,"
  " cost REAL, created INTEGER NOT NULL, record TEXT NOT NULL);"
  "CREATE INDEX assets_created ON assets (created);"
  "CREATE TABLE jobs (job_id TEXT PRIMARY KEY, state TEXT NOT NULL, request TEXT,"
  " polling_url TEXT, detail TEXT, created INTEGER NOT NULL, updated INTEGER NOT NULL);"
  "INSERT INTO assets (sha256, path, sidecar, prompt, created, record)"
  " VALUES ('ab', '/gone/a.png', '/gone/a.json', 'old', 1, '{}');"
  "INSERT INTO jobs VALUES ('old-job', 'polling', '{\"provider\":\"bfl\"}',"
  " 'https://api.bfl.ai/v1/get_result?id=1', NULL, 1, 1);"
  "PRAGMA journal_mode = WAL;"
  "PRAGMA user_version = 1;";

static void
write_db (const char *db_path,
          const char *sql)
{
  g_autofree char *dir = g_path_get_dirname (db_path);
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static GPtrArray *
list_unfinished (FsLibrary *library)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *jobs;

  fs_library_list_unfinished_async (library, NULL, fs_test_result_cb, &result);
  jobs = fs_library_list_unfinished_finish (library, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return jobs;
}

static void
test_migrate_v1 (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = NULL;
  JsonObject *job;

  write_db (fixture->db_path, v1_schema);
  /* Without the list and the folder's watch, which would drop a row
   * whose sidecar is gone (docs/ARCHITECTURE.md, “The live folder”). */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    fs_library_open_index_async (fixture->library, NULL, fs_test_result_cb, &result);
    g_assert_true (fs_library_open_index_finish (fixture->library,
                                                 fs_test_wait_result (&result), &error));
    g_assert_no_error (error);
  }

  g_assert_cmpint (query_int (fixture->db_path, "PRAGMA user_version", NULL), ==, 5);
  g_assert_cmpint (query_int (fixture->db_path, "SELECT count(*) FROM assets", NULL), ==, 1);
  g_assert_cmpint (query_int (fixture->db_path, "SELECT count(*) FROM records", NULL), ==, 1);
  g_assert_cmpint (query_int (fixture->db_path, "SELECT count(*) FROM job_outputs", NULL), ==, 0);

  jobs = list_unfinished (fixture->library);
  g_assert_cmpuint (jobs->len, ==, 1);
  job = g_ptr_array_index (jobs, 0);
  g_assert_cmpstr (json_object_get_string_member (job, "job_id"), ==, "old-job");
  g_assert_cmpstr (json_object_get_string_member (job, "polling_url"), ==,
                   "https://api.bfl.ai/v1/get_result?id=1");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (job, "outputs")), ==, 0);
}

static void
test_newer_refused (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  write_db (fixture->db_path, "CREATE TABLE future (x); PRAGMA user_version = 6;");
  fs_library_open_async (fixture->library, NULL, fs_test_result_cb, &result);
  g_assert_false (fs_library_open_finish (fixture->library, fs_test_wait_result (&result),
                                          &error));
  g_assert_error (error, FS_ERROR, FS_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "newer version"));
}

/* Tests: job outputs */

static void
journal_outputs (FsLibrary  *library,
                 const char *job_id,
                 guint       n)
{
  g_autoptr(JsonArray) outputs = json_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *output = json_object_new ();
      g_autofree char *url = g_strdup_printf ("https://delivery.example/%s/%u.png", job_id, i);

      json_object_set_int_member (output, "index", i);
      json_object_set_string_member (output, "url", url);
      json_object_set_int_member (output, "received", g_get_real_time ());
      json_array_add_object_element (outputs, output);
    }

  fs_library_journal_outputs_async (library, job_id, outputs, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_library_journal_outputs_finish (library, fs_test_wait_result (&result),
                                                    &error));
  g_assert_no_error (error);
}

static FsAsset *
save_output (FsLibrary   *library,
             const char  *job_id,
             guint        output,
             guint32      rgba,
             GError     **error)
{
  g_autoptr(JsonObject) record = make_record ("a job's result", "flux-2-pro", 7);
  g_autoptr(GBytes) image = fs_test_make_image ("png", 8, 8, rgba);
  g_autoptr(GAsyncResult) result = NULL;

  json_object_set_string_member (record, "job_id", job_id);
  json_object_set_int_member (record, "output", output);
  fs_library_save_output_async (library, job_id, output, record, image, NULL,
                                fs_test_result_cb, &result);
  return fs_library_save_output_finish (library, fs_test_wait_result (&result), error);
}

static guint
count_images (const char *folder)
{
  g_autoptr(GPtrArray) names = list_folder (folder);
  guint n = 0;

  for (guint i = 0; i < names->len; i++)
    n += g_str_has_suffix (g_ptr_array_index (names, i), ".png");
  return n;
}

static void
exec_db (const char *db_path,
         const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* An output the journal marks saved is never written again, whoever
 * asks. */
static void
test_output_saved_once (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(FsAsset) first = NULL;
  g_autoptr(FsAsset) again = NULL;
  g_autoptr(GError) error = NULL;

  fs_test_library_open (fixture->library);
  journal (fixture->library, "job-a", "downloading", NULL, NULL, NULL);
  journal_outputs (fixture->library, "job-a", 2);

  first = save_output (fixture->library, "job-a", 0, 0xff0000ff, &error);
  g_assert_no_error (error);
  again = save_output (fixture->library, "job-a", 0, 0x00ff00ff, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (fs_asset_get_path (again), ==, fs_asset_get_path (first));
  g_assert_cmpstr (fs_asset_get_sha256 (again), ==, fs_asset_get_sha256 (first));
  g_assert_cmpuint (count_images (fixture->folder), ==, 1);
  g_assert_cmpint (query_int (fixture->db_path, "SELECT count(*) FROM assets", NULL), ==, 1);
  g_assert_cmpint (query_int (fixture->db_path,
                              "SELECT count(*) FROM job_outputs WHERE job_id = ?1"
                              " AND saved IS NOT NULL AND claim IS NULL", "job-a"), ==, 1);
}

/* A save that died after writing its files but before marking the output
 * saved: the next owner takes the files as they are. */
static void
test_output_adopted (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(FsAsset) first = NULL;
  g_autoptr(FsAsset) again = NULL;
  g_autoptr(GError) error = NULL;

  fs_test_library_open (fixture->library);
  journal_outputs (fixture->library, "job-b", 1);
  first = save_output (fixture->library, "job-b", 0, 0xff0000ff, &error);
  g_assert_no_error (error);

  exec_db (fixture->db_path, "UPDATE job_outputs SET saved = NULL, claim = 'a dead process';"
                             "DELETE FROM assets;");
  again = save_output (fixture->library, "job-b", 0, 0x00ff00ff, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (fs_asset_get_path (again), ==, fs_asset_get_path (first));
  g_assert_cmpuint (count_images (fixture->folder), ==, 1);
  g_assert_cmpint (query_int (fixture->db_path, "SELECT count(*) FROM assets", NULL), ==, 1);
}

static char *
keep_output (FsLibrary  *library,
             const char *job_id,
             guint       output,
             GError    **error)
{
  g_autoptr(GBytes) image = fs_test_make_image ("png", 8, 8, 0x123456ff);
  g_autoptr(GAsyncResult) result = NULL;

  fs_library_keep_output_async (library, job_id, output, image, NULL, fs_test_result_cb, &result);
  return fs_library_keep_output_finish (library, fs_test_wait_result (&result), error);
}

/* The gallery folder vanished: the save says so, the bytes go to the
 * recovery folder and, once the folder is back, are saved from there. */
static void
test_output_gallery_gone (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(FsAsset) asset = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery = NULL;
  g_autofree char *recovery_dir = NULL;

  fs_test_library_open (fixture->library);
  journal_outputs (fixture->library, "job-c", 1);
  fs_test_remove_dir (fixture->folder);

  asset = save_output (fixture->library, "job-c", 0, 0xff0000ff, &error);
  g_assert_null (asset);
  g_assert_error (error, FS_ERROR, FS_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "is gone"));
  g_assert_nonnull (strstr (error->message, fixture->folder));
  g_assert_false (g_file_test (fixture->folder, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  recovery = keep_output (fixture->library, "job-c", 0, &error);
  g_assert_no_error (error);
  recovery_dir = g_build_filename (g_get_user_data_dir (), "flux-studio", "recovery", NULL);
  g_assert_true (g_str_has_prefix (recovery, recovery_dir));
  g_assert_true (g_file_test (recovery, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (query_int (fixture->db_path,
                              "SELECT count(*) FROM job_outputs WHERE recovery = ?1",
                              recovery), ==, 1);

  g_assert_cmpint (g_mkdir (fixture->folder, 0755), ==, 0);
  asset = save_output (fixture->library, "job-c", 0, 0xff0000ff, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (recovery, G_FILE_TEST_EXISTS));
  g_assert_cmpint (query_int (fixture->db_path,
                              "SELECT count(*) FROM job_outputs WHERE recovery IS NULL"
                              " AND saved = ?1", fs_asset_get_path (asset)), ==, 1);
}

/* Tests: leases */

static FsLease *
take_lease (FsLibrary   *library,
            const char  *job_id,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fs_library_take_lease_async (library, job_id, NULL, fs_test_result_cb, &result);
  return fs_library_take_lease_finish (library, fs_test_wait_result (&result), error);
}

static GPtrArray *
claim_unfinished (FsLibrary *library,
                  guint     *n_busy)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *claims;

  fs_library_claim_unfinished_async (library, NULL, fs_test_result_cb, &result);
  claims = fs_library_claim_unfinished_finish (library, fs_test_wait_result (&result),
                                               n_busy, &error);
  g_assert_no_error (error);
  return claims;
}

/* A job held by a live process (this one) is not claimed again; one
 * whose holder let go is, and only once while claimed. */
static void
test_leases (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GPtrArray) again = NULL;
  FsLease *held;
  FsJobClaim *claim;
  guint n_busy = 0;

  fs_test_library_open (fixture->library);
  journal (fixture->library, "live", "polling", NULL, "https://api.bfl.ai/x", NULL);
  journal (fixture->library, "orphan", "polling", NULL, "https://api.bfl.ai/y", NULL);
  journal (fixture->library, "done", "saved", NULL, NULL, NULL);

  held = take_lease (fixture->library, "live", &error);
  g_assert_no_error (error);
  g_assert_null (take_lease (fixture->library, "live", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);

  claims = claim_unfinished (fixture->library, &n_busy);
  g_assert_cmpuint (n_busy, ==, 1);
  g_assert_cmpuint (claims->len, ==, 1);
  claim = g_ptr_array_index (claims, 0);
  g_assert_cmpstr (json_object_get_string_member (claim->row, "job_id"), ==, "orphan");
  g_assert_nonnull (claim->lease);

  /* Claimed here now: a second resumer finds both jobs held. */
  again = claim_unfinished (fixture->library, &n_busy);
  g_assert_cmpuint (n_busy, ==, 2);
  g_assert_cmpuint (again->len, ==, 0);

  fs_library_end_lease (fixture->library, held, FALSE);
  g_clear_pointer (&claims, g_ptr_array_unref);
  g_clear_pointer (&again, g_ptr_array_unref);
  for (guint i = 0; i < 500 && n_busy > 0; i++)
    {
      g_autoptr(GPtrArray) all = claim_unfinished (fixture->library, &n_busy);

      if (n_busy > 0)
        g_usleep (1000);
      else
        g_assert_cmpuint (all->len, ==, 2);
    }
  g_assert_cmpuint (n_busy, ==, 0);
}


static void
add_test (const char *path,
          void      (*test) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, test, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);
  /* Deleted images go to this Trash, not the user's. */
  data_home = fs_test_make_dir ("fs-library-data-XXXXXX");
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_add_func ("/library/asset/record", test_asset_record);
  g_test_add_func ("/library/asset/summary", test_asset_summary);
  g_test_add_func ("/library/asset/unknowns", test_asset_unknowns);
  g_test_add_func ("/library/asset/typed", test_asset_typed);
  add_test ("/library/new/touches-no-disk", test_new_touches_no_disk);
  add_test ("/library/save/png", test_save_png);
  add_test ("/library/save/jpeg", test_save_jpeg);
  add_test ("/library/save/naming", test_save_naming);
  add_test ("/library/save/collision", test_save_collision);
  add_test ("/library/save/nan-in-record", test_save_nan_in_record);
  add_test ("/library/save/not-image", test_save_not_image);
  add_test ("/library/save/cancelled", test_save_cancelled);
  add_test ("/library/save/concurrent", test_concurrent_saves);
  add_test ("/library/index/row", test_index_row);
  add_test ("/library/model/newest-first", test_model_newest_first);
  add_test ("/library/rebuild/missing-db", test_rebuild_missing_db);
  add_test ("/library/rebuild/empty-index", test_rebuild_empty_index);
  add_test ("/library/rebuild/skips-corrupt", test_rebuild_skips_corrupt);
  add_test ("/library/rebuild/skips-deep", test_rebuild_skips_deep);
  add_test ("/library/open/removes-stale-temp", test_open_removes_stale_temp);
  add_test ("/library/search", test_search);
  add_test ("/library/journal", test_journal);
  add_test ("/library/journal/deep-request", test_journal_deep_request);
  add_test ("/library/index/migrate-v1", test_migrate_v1);
  add_test ("/library/index/newer-refused", test_newer_refused);
  add_test ("/library/outputs/saved-once", test_output_saved_once);
  add_test ("/library/outputs/adopted", test_output_adopted);
  add_test ("/library/outputs/gallery-gone", test_output_gallery_gone);
  add_test ("/library/leases", test_leases);
  add_test ("/library/delete", test_delete);
  add_test ("/library/restore", test_restore);
  add_test ("/library/damaged/listed", test_damaged);
  add_test ("/library/damaged/check-recorded", test_damaged_check_recorded);
  add_test ("/library/damaged/rebuilt", test_damaged_rebuilt);
  add_test ("/library/list-prompts", test_list_prompts);

  status = g_test_run ();
  fs_test_remove_dir (data_home);
  return status;
}
