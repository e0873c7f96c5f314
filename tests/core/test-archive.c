/* test-archive.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fs-asset.h"
#include "fs-collection.h"
#include "fs-error.h"
#include "fs-library.h"
#include "fs-library-query.h"
#include "fs-test-util.h"

/* The gallery as an archive (docs/ARCHITECTURE.md, “Sidecar”, “Index”,
 * “Queries”, “Collections”, “The live folder”): the sidecar's format
 * version and the members it keeps, favourites, ratings and collections
 * through sidecars and a rebuilt index, search, filters and orders,
 * light assets and their records, and a folder changed behind the
 * library's back. */

/* How long a change made behind the library's back may take to show. */
#define LIVE_SECONDS 10

typedef struct
{
  char      *dir;
  char      *folder;
  char      *db_path;
  FsLibrary *library;
} Fixture;

/* Helpers: files ------------------------------------------------------------ */

static JsonObject *
read_json (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  node = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  return json_node_dup_object (node);
}

static void
write_json (const char *path,
            JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, TRUE);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

/* An image of @width × @height and its sidecar, written by hand as
 * another program (or a copy from another gallery) would: @record gains
 * "image" and "saved_at" (@saved_at seconds ago). Returns the image's
 * path. */
static char *
write_result (const char *folder,
              const char *stem,
              int         width,
              int         height,
              guint32     rgba,
              gint64      seconds_ago,
              JsonObject *record)
{
  g_autoptr(GBytes) image = fs_test_make_image ("png", width, height, rgba);
  g_autofree char *name = g_strconcat (stem, ".png", NULL);
  g_autofree char *image_path = g_build_filename (folder, name, NULL);
  g_autofree char *sidecar_name = g_strconcat (stem, ".json", NULL);
  g_autofree char *sidecar_path = g_build_filename (folder, sidecar_name, NULL);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, image);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) when = g_date_time_add_seconds (now, -(double) seconds_ago);
  g_autofree char *saved_at = g_date_time_format_iso8601 (when);
  g_autoptr(GError) error = NULL;
  JsonObject *info = json_object_new ();

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  g_file_set_contents (image_path, g_bytes_get_data (image, NULL), g_bytes_get_size (image),
                       &error);
  g_assert_no_error (error);

  json_object_set_string_member (info, "file", name);
  json_object_set_string_member (info, "sha256", sha256);
  json_object_set_int_member (info, "width", width);
  json_object_set_int_member (info, "height", height);
  json_object_set_string_member (info, "mime_type", "image/png");
  json_object_set_int_member (info, "bytes", g_bytes_get_size (image));
  json_object_set_object_member (record, "image", info);
  json_object_set_string_member (record, "saved_at", saved_at);
  write_json (sidecar_path, record);

  return g_steal_pointer (&image_path);
}

static JsonObject *
make_record (const char *provider,
             const char *model,
             const char *prompt,
             gint64      seed)
{
  JsonObject *record = json_object_new ();
  JsonObject *params = json_object_new ();

  json_object_set_string_member (record, "provider", provider);
  json_object_set_string_member (record, "model", model);
  json_object_set_string_member (record, "prompt", prompt);
  if (seed >= 0)
    json_object_set_int_member (params, "seed", seed);
  json_object_set_int_member (params, "steps", 28);
  json_object_set_object_member (record, "params", params);
  json_object_set_array_member (record, "references", json_array_new ());

  return record;
}

static char *
sidecar_of (const char *image_path)
{
  const char *dot = strrchr (image_path, '.');
  g_autofree char *stem = g_strndup (image_path, dot - image_path);

  return g_strconcat (stem, ".json", NULL);
}

/* Helpers: the library, synchronously ----------------------------------------- */

static FsAsset *
save_png (FsLibrary  *library,
          const char *prompt,
          gint64      seed)
{
  g_autoptr(JsonObject) record = make_record ("sandbox", "flux-2-pro", prompt, seed);
  g_autoptr(GBytes) image = fs_test_make_image ("png", 8, 8, 0x336600ff + ((guint32) seed << 8));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  FsAsset *asset;

  fs_library_save_async (library, record, image, 0, NULL, fs_test_result_cb, &result);
  asset = fs_library_save_finish (library, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);

  return asset;
}

static GPtrArray *
run_query (FsLibrary      *library,
           FsLibraryQuery *query)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *assets;

  fs_library_query_async (library, query, NULL, fs_test_result_cb, &result);
  assets = fs_library_query_finish (library, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (assets);

  return assets;
}

static GPtrArray *
search (FsLibrary  *library,
        const char *text)
{
  g_autoptr(FsLibraryQuery) query = fs_library_query_new ();

  fs_library_query_set_text (query, text);
  return run_query (library, query);
}

static guint
count_search (FsLibrary  *library,
              const char *text)
{
  g_autoptr(GPtrArray) found = search (library, text);

  return found->len;
}

static GPtrArray *
one (FsAsset *asset)
{
  GPtrArray *assets = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (assets, g_object_ref (asset));
  return assets;
}

static void
set_rating (FsLibrary *library,
            GPtrArray *assets,
            guint      rating)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fs_library_set_rating_async (library, assets, rating, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_library_set_rating_finish (library, fs_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

static void
set_favourite (FsLibrary *library,
               GPtrArray *assets,
               gboolean   favourite)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fs_library_set_favourite_async (library, assets, favourite, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_library_set_favourite_finish (library, fs_test_wait_result (&result),
                                                  &error));
  g_assert_no_error (error);
}

typedef enum
{
  CREATE,
  RENAME,
  DELETE,
  ADD,
  REMOVE,
} Change;

/* A collection change; its error, or NULL. */
static GError *
change_collection (FsLibrary  *library,
                   Change      change,
                   GPtrArray  *assets,
                   const char *name,
                   const char *new_name)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;

  switch (change)
    {
    case CREATE:
      fs_library_create_collection_async (library, name, NULL, fs_test_result_cb, &result);
      fs_library_create_collection_finish (library, fs_test_wait_result (&result), &error);
      break;
    case RENAME:
      fs_library_rename_collection_async (library, name, new_name, NULL, fs_test_result_cb,
                                          &result);
      fs_library_rename_collection_finish (library, fs_test_wait_result (&result), &error);
      break;
    case DELETE:
      fs_library_delete_collection_async (library, name, NULL, fs_test_result_cb, &result);
      fs_library_delete_collection_finish (library, fs_test_wait_result (&result), NULL,
                                           &error);
      break;
    case ADD:
      fs_library_add_to_collection_async (library, assets, name, NULL, fs_test_result_cb,
                                          &result);
      fs_library_add_to_collection_finish (library, fs_test_wait_result (&result), &error);
      break;
    case REMOVE:
      fs_library_remove_from_collection_async (library, assets, name, NULL, fs_test_result_cb,
                                               &result);
      fs_library_remove_from_collection_finish (library, fs_test_wait_result (&result), &error);
      break;
    default:
      g_assert_not_reached ();
    }

  return error;
}

static void
change_ok (FsLibrary  *library,
           Change      change,
           GPtrArray  *assets,
           const char *name,
           const char *new_name)
{
  g_autoptr(GError) error = change_collection (library, change, assets, name, new_name);

  g_assert_no_error (error);
}

/* "name:count,name:count" of the library's collections, read now. */
static char *
collections_now (FsLibrary *library)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) collections = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  fs_library_list_collections_async (library, NULL, fs_test_result_cb, &result);
  collections = fs_library_list_collections_finish (library, fs_test_wait_result (&result),
                                                    &error);
  g_assert_no_error (error);
  for (guint i = 0; i < collections->len; i++)
    {
      FsCollection *collection = g_ptr_array_index (collections, i);

      g_string_append_printf (text, "%s%s:%u", i > 0 ? "," : "",
                              fs_collection_get_name (collection),
                              fs_collection_get_count (collection));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The same of the list model fs_library_get_collections() keeps. */
static char *
collections_model (FsLibrary *library)
{
  GListModel *model = fs_library_get_collections (library);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FsCollection) collection = g_list_model_get_item (model, i);

      g_string_append_printf (text, "%s%s:%u", i > 0 ? "," : "",
                              fs_collection_get_name (collection),
                              fs_collection_get_count (collection));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

typedef struct
{
  FsLibrary  *library;
  const char *want;
} ModelWait;

static gboolean
model_is (gpointer data)
{
  ModelWait *wait = data;
  g_autofree char *now = collections_model (wait->library);

  return g_str_equal (now, wait->want);
}

static void
assert_collections_model (FsLibrary  *library,
                          const char *want)
{
  ModelWait wait = { library, want };
  g_autofree char *now = NULL;

  if (fs_test_wait_for (model_is, &wait, LIVE_SECONDS))
    return;
  now = collections_model (library);
  g_assert_cmpstr (now, ==, want);
}

static FsAsset *
item_at (FsLibrary  *library,
         const char *path)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (library));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FsAsset) item = g_list_model_get_item (G_LIST_MODEL (library), i);

      if (g_str_equal (fs_asset_get_path (item), path))
        return item;
    }

  return NULL;
}

static char *
collections_of (FsAsset *asset)
{
  const char * const *names = fs_asset_get_collections (asset);

  g_assert_nonnull (names);
  return g_strjoinv (",", (char **) names);
}

static char *
sidecar_collections (const char *image_path)
{
  g_autofree char *sidecar = sidecar_of (image_path);
  g_autoptr(JsonObject) record = read_json (sidecar);
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *array;

  if (!json_object_has_member (record, "collections"))
    return g_strdup ("");
  array = json_object_get_array_member (record, "collections");
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "," : "",
                            json_array_get_string_element (array, i));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gint64
query_int (const char *db_path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

/* Fixture ------------------------------------------------------------------------ */

static FsLibrary *
new_library (Fixture *fixture)
{
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->folder);

  return fs_library_new (folder, fixture->db_path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = fs_test_make_dir ("fs-archive-XXXXXX");
  fixture->folder = g_build_filename (fixture->dir, "gallery", NULL);
  fixture->db_path = g_build_filename (fixture->dir, "index", "library.db", NULL);
  fixture->library = new_library (fixture);
}

static void
finalized_cb (gpointer  data,
              GObject  *where_the_object_was)
{
  g_atomic_int_set ((gint *) data, TRUE);
}

/* The index closes on finalize, which a worker's last reference may
 * delay a moment. */
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
  fixture->library = new_library (fixture);
  fs_test_library_open (fixture->library);
}

/* The index goes, so the next open rebuilds it from the sidecars. */
static void
reopen_rebuilt (Fixture *fixture)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  drop_library (&fixture->library);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (fixture->db_path, suffixes[i], NULL);

      g_unlink (path);
    }
  fixture->library = new_library (fixture);
  fs_test_library_open (fixture->library);
}

/* Tests: the sidecar's format ---------------------------------------------------- */

static void
test_sidecar_format (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(FsAsset) asset = NULL;
  g_autoptr(JsonObject) sidecar = NULL;
  g_autoptr(GList) members = NULL;

  fs_test_library_open (fixture->library);
  asset = save_png (fixture->library, "a versioned fox", 1);
  sidecar = read_json (fs_asset_get_sidecar_path (asset));

  /* First, where people look, and a number. */
  members = json_object_get_members (sidecar);
  g_assert_cmpstr (members->data, ==, "format");
  g_assert_cmpint (json_object_get_int_member (sidecar, "format"), ==, FS_SIDECAR_FORMAT);
  /* No marks until some are set. */
  g_assert_false (json_object_has_member (sidecar, "rating"));
  g_assert_false (json_object_has_member (sidecar, "favourite"));
  g_assert_false (json_object_has_member (sidecar, "collections"));
}

/* A sidecar from an older version (no "format") and one from a newer
 * version (members this one does not know, a higher format): each
 * rewrite keeps every member it does not know, as it was. */
static void
test_sidecar_unknown_kept (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(JsonObject) old = make_record ("sandbox", "flux-2-pro", "an old fox", 1);
  g_autoptr(JsonObject) newer = make_record ("bfl", "flux-2-max", "a future fox", 2);
  g_autoptr(JsonObject) nested = json_object_new ();
  g_autoptr(JsonObject) after_old = NULL;
  g_autoptr(JsonObject) after_new = NULL;
  g_autoptr(GPtrArray) assets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *old_path = NULL;
  g_autofree char *new_path = NULL;
  g_autofree char *old_sidecar = NULL;
  g_autofree char *new_sidecar = NULL;
  JsonArray *tags = json_array_new ();

  json_object_set_string_member (nested, "by", "another tool");
  json_array_add_string_element (tags, "keeper");
  json_array_add_int_element (tags, 7);
  json_object_set_object_member (nested, "empty", json_object_new ());
  json_object_set_int_member (newer, "format", 7);
  json_object_set_object_member (newer, "future_member", g_steal_pointer (&nested));
  json_object_set_array_member (newer, "labels", tags);
  json_object_set_double_member (newer, "rating", 2.0);

  old_path = write_result (fixture->folder, "old", 16, 16, 0x112233ff, 60, old);
  new_path = write_result (fixture->folder, "newer", 16, 16, 0x445566ff, 30, newer);
  fs_test_library_open (fixture->library);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, 2);
  g_ptr_array_add (assets, g_list_model_get_item (G_LIST_MODEL (fixture->library), 0));
  g_ptr_array_add (assets, g_list_model_get_item (G_LIST_MODEL (fixture->library), 1));
  /* Read leniently: a whole double is a rating. */
  g_assert_cmpuint (fs_asset_get_rating (item_at (fixture->library, new_path)), ==, 2);

  set_rating (fixture->library, assets, 5);
  set_favourite (fixture->library, assets, TRUE);
  change_ok (fixture->library, ADD, assets, "Keepers", NULL);

  old_sidecar = sidecar_of (old_path);
  new_sidecar = sidecar_of (new_path);
  after_old = read_json (old_sidecar);
  after_new = read_json (new_sidecar);

  g_assert_cmpint (json_object_get_int_member (after_old, "format"), ==, FS_SIDECAR_FORMAT);
  g_assert_cmpstr (json_object_get_string_member (after_old, "prompt"), ==, "an old fox");
  g_assert_cmpint (json_object_get_int_member (after_old, "rating"), ==, 5);
  /* Never lowered: the newer version's members are still there. */
  g_assert_cmpint (json_object_get_int_member (after_new, "format"), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (after_new,
                                                                                "future_member"),
                                                  "by"), ==, "another tool");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (after_new, "labels")),
                    ==, 2);
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (after_new, "labels"),
                                               1), ==, 7);
  g_assert_cmpint (json_object_get_int_member (after_new, "rating"), ==, 5);
  g_assert_true (json_object_get_boolean_member (after_new, "favourite"));
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (after_new,
                                                                               "collections"),
                                                  0), ==, "Keepers");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (after_new,
                                                                             "image"),
                                               "width"), ==, 16);
}

/* Tests: favourites and ratings ------------------------------------------------------ */

static void
notified_cb (GObject    *object,
             GParamSpec *pspec,
             guint      *count)
{
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  (*count)++;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_assert_cmpuint (removed, ==, added);
  *count += added;
}

static void
test_marks_round_trip (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(FsAsset) fox = NULL;
  g_autoptr(FsAsset) cat = NULL;
  g_autoptr(FsAsset) owl = NULL;
  g_autoptr(GPtrArray) two = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) only_fox = NULL;
  g_autoptr(JsonObject) sidecar = NULL;
  g_autofree char *fox_path = NULL;
  g_autofree char *cat_path = NULL;
  g_autofree char *owl_path = NULL;
  guint rating_notes = 0, favourite_notes = 0, changed = 0;
  FsAsset *item;

  fs_test_library_open (fixture->library);
  fox = save_png (fixture->library, "a red fox", 1);
  cat = save_png (fixture->library, "a blue cat", 2);
  owl = save_png (fixture->library, "a green owl", 3);
  fox_path = g_strdup (fs_asset_get_path (fox));
  cat_path = g_strdup (fs_asset_get_path (cat));
  owl_path = g_strdup (fs_asset_get_path (owl));
  g_ptr_array_add (two, g_object_ref (fox));
  g_ptr_array_add (two, g_object_ref (cat));

  item = item_at (fixture->library, fox_path);
  g_signal_connect (item, "notify::rating", G_CALLBACK (notified_cb), &rating_notes);
  g_signal_connect (item, "notify::favourite", G_CALLBACK (notified_cb), &favourite_notes);
  g_signal_connect (fixture->library, "items-changed", G_CALLBACK (items_changed_cb), &changed);

  set_rating (fixture->library, two, 4);
  g_assert_cmpuint (rating_notes, ==, 1);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpuint (fs_asset_get_rating (item), ==, 4);
  g_assert_cmpuint (fs_asset_get_rating (cat), ==, 4);
  g_assert_cmpuint (fs_asset_get_rating (owl), ==, 0);

  /* The same again changes nothing, and says nothing. */
  set_rating (fixture->library, two, 4);
  g_assert_cmpuint (rating_notes, ==, 1);

  only_fox = one (fox);
  set_favourite (fixture->library, only_fox, TRUE);
  g_assert_cmpuint (favourite_notes, ==, 1);
  g_assert_true (fs_asset_get_favourite (item));
  g_signal_handlers_disconnect_by_data (fixture->library, &changed);
  g_signal_handlers_disconnect_by_data (item, &rating_notes);
  g_signal_handlers_disconnect_by_data (item, &favourite_notes);

  sidecar = read_json (fs_asset_get_sidecar_path (fox));
  g_assert_cmpint (json_object_get_int_member (sidecar, "rating"), ==, 4);
  g_assert_true (json_object_get_boolean_member (sidecar, "favourite"));
  g_assert_cmpint (query_int (fixture->db_path,
                              "SELECT count(*) FROM assets WHERE rating = 4"), ==, 2);

  /* From the index, then from the sidecars alone. */
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(FsLibraryQuery) query = fs_library_query_new ();
      g_autoptr(GPtrArray) rated = NULL;
      g_autoptr(GPtrArray) favourites = NULL;

      if (round == 0)
        reopen (fixture);
      else
        reopen_rebuilt (fixture);

      g_assert_cmpuint (fs_asset_get_rating (item_at (fixture->library, fox_path)), ==, 4);
      g_assert_cmpuint (fs_asset_get_rating (item_at (fixture->library, cat_path)), ==, 4);
      g_assert_cmpuint (fs_asset_get_rating (item_at (fixture->library, owl_path)), ==, 0);
      g_assert_true (fs_asset_get_favourite (item_at (fixture->library, fox_path)));
      g_assert_false (fs_asset_get_favourite (item_at (fixture->library, cat_path)));

      fs_library_query_set_min_rating (query, 3);
      rated = run_query (fixture->library, query);
      g_assert_cmpuint (rated->len, ==, 2);
      fs_library_query_set_min_rating (query, 0);
      fs_library_query_set_favourites_only (query, TRUE);
      favourites = run_query (fixture->library, query);
      g_assert_cmpuint (favourites->len, ==, 1);
      g_assert_cmpstr (fs_asset_get_path (g_ptr_array_index (favourites, 0)), ==, fox_path);
    }

  /* Taken off again. */
  {
    g_autoptr(GPtrArray) fox_again = one (item_at (fixture->library, fox_path));

    set_favourite (fixture->library, fox_again, FALSE);
    set_rating (fixture->library, fox_again, 0);
    g_assert_false (fs_asset_get_favourite (item_at (fixture->library, fox_path)));
    g_assert_cmpuint (fs_asset_get_rating (item_at (fixture->library, fox_path)), ==, 0);
    g_clear_pointer (&sidecar, json_object_unref);
    sidecar = read_json (fs_asset_get_sidecar_path (fox));
    g_assert_false (json_object_get_boolean_member (sidecar, "favourite"));
    g_assert_cmpint (json_object_get_int_member (sidecar, "rating"), ==, 0);
  }
}

/* A sidecar deleted behind the library's back: the others are rated,
 * and the error says one was not. */
static void
test_marks_partial (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(FsAsset) kept = NULL;
  g_autoptr(FsAsset) gone = NULL;
  g_autoptr(GPtrArray) both = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fs_test_library_open (fixture->library);
  kept = save_png (fixture->library, "kept", 1);
  gone = save_png (fixture->library, "gone", 2);
  g_ptr_array_add (both, g_object_ref (kept));
  g_ptr_array_add (both, g_object_ref (gone));
  g_assert_cmpint (g_unlink (fs_asset_get_sidecar_path (gone)), ==, 0);

  fs_library_set_rating_async (fixture->library, both, 3, NULL, fs_test_result_cb, &result);
  g_assert_false (fs_library_set_rating_finish (fixture->library, fs_test_wait_result (&result),
                                                &error));
  g_assert_error (error, FS_ERROR, FS_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, fs_asset_get_path (gone)));
  g_assert_cmpuint (fs_asset_get_rating (kept), ==, 3);
  g_assert_cmpuint (fs_asset_get_rating (gone), ==, 0);
  /* Not brought back by the write. */
  g_assert_false (g_file_test (fs_asset_get_sidecar_path (gone), G_FILE_TEST_EXISTS));
}

/* Tests: collections ----------------------------------------------------------------- */

static void
test_collections (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(FsAsset) fox = NULL;
  g_autoptr(FsAsset) cat = NULL;
  g_autoptr(GPtrArray) both = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) only_cat = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fox_path = NULL;
  g_autofree char *cat_path = NULL;
  g_autofree char *text = NULL;
  guint notes = 0;

  fs_test_library_open (fixture->library);
  fox = save_png (fixture->library, "a red fox", 1);
  cat = save_png (fixture->library, "a blue cat", 2);
  fox_path = g_strdup (fs_asset_get_path (fox));
  cat_path = g_strdup (fs_asset_get_path (cat));
  g_ptr_array_add (both, g_object_ref (fox));
  g_ptr_array_add (both, g_object_ref (cat));
  only_cat = one (cat);

  change_ok (fixture->library, CREATE, NULL, "  Empty board ", NULL);
  g_signal_connect (item_at (fixture->library, cat_path), "notify::collections",
                    G_CALLBACK (notified_cb), &notes);
  change_ok (fixture->library, ADD, both, "Brand", NULL);
  change_ok (fixture->library, ADD, only_cat, "Animals", NULL);
  g_assert_cmpuint (notes, ==, 2);
  g_signal_handlers_disconnect_by_data (item_at (fixture->library, cat_path), &notes);

  text = collections_now (fixture->library);
  g_assert_cmpstr (text, ==, "Animals:1,Brand:2,Empty board:0");
  assert_collections_model (fixture->library, "Animals:1,Brand:2,Empty board:0");
  g_clear_pointer (&text, g_free);
  text = collections_of (item_at (fixture->library, cat_path));
  g_assert_cmpstr (text, ==, "Animals,Brand");
  g_clear_pointer (&text, g_free);
  text = sidecar_collections (cat_path);
  g_assert_cmpstr (text, ==, "Animals,Brand");
  g_clear_pointer (&text, g_free);

  /* Adding twice changes nothing. */
  change_ok (fixture->library, ADD, only_cat, "Animals", NULL);
  text = collections_now (fixture->library);
  g_assert_cmpstr (text, ==, "Animals:1,Brand:2,Empty board:0");
  g_clear_pointer (&text, g_free);

  /* Refused, and nothing changes. */
  error = change_collection (fixture->library, CREATE, NULL, "Brand", NULL);
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_clear_error (&error);
  error = change_collection (fixture->library, CREATE, NULL, " \t", NULL);
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_clear_error (&error);
  error = change_collection (fixture->library, RENAME, NULL, "Brand", "Animals");
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_clear_error (&error);
  error = change_collection (fixture->library, RENAME, NULL, "Nowhere", "Somewhere");
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_clear_error (&error);
  error = change_collection (fixture->library, DELETE, NULL, "Nowhere", NULL);
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_clear_error (&error);

  /* Renamed in every sidecar. */
  change_ok (fixture->library, RENAME, NULL, "Brand", "Client X");
  text = sidecar_collections (fox_path);
  g_assert_cmpstr (text, ==, "Client X");
  g_clear_pointer (&text, g_free);
  text = collections_of (item_at (fixture->library, cat_path));
  g_assert_cmpstr (text, ==, "Animals,Client X");
  g_clear_pointer (&text, g_free);
  assert_collections_model (fixture->library, "Animals:1,Client X:2,Empty board:0");

  /* The last image out: the collection stays, empty. */
  change_ok (fixture->library, REMOVE, only_cat, "Animals", NULL);
  text = collections_now (fixture->library);
  g_assert_cmpstr (text, ==, "Animals:0,Client X:2,Empty board:0");
  g_clear_pointer (&text, g_free);

  /* Through the index, then the sidecars alone (empty collections live
   * only in the index, and a rebuild keeps them). */
  reopen (fixture);
  text = collections_now (fixture->library);
  g_assert_cmpstr (text, ==, "Animals:0,Client X:2,Empty board:0");
  g_clear_pointer (&text, g_free);
  assert_collections_model (fixture->library, "Animals:0,Client X:2,Empty board:0");
  {
    g_autoptr(GAsyncResult) result = NULL;

    fs_library_rebuild_async (fixture->library, NULL, fs_test_result_cb, &result);
    g_assert_cmpuint (fs_library_rebuild_finish (fixture->library, fs_test_wait_result (&result),
                                                 &error), ==, 2);
    g_assert_no_error (error);
  }
  text = collections_now (fixture->library);
  g_assert_cmpstr (text, ==, "Animals:0,Client X:2,Empty board:0");
  g_clear_pointer (&text, g_free);
  {
    g_autoptr(FsLibraryQuery) query = fs_library_query_new ();
    g_autoptr(GPtrArray) in_client = NULL;

    fs_library_query_set_collection (query, "Client X");
    in_client = run_query (fixture->library, query);
    g_assert_cmpuint (in_client->len, ==, 2);
  }

  /* Deleting a collection keeps its images. */
  change_ok (fixture->library, DELETE, NULL, "Client X", NULL);
  text = collections_now (fixture->library);
  g_assert_cmpstr (text, ==, "Animals:0,Empty board:0");
  g_clear_pointer (&text, g_free);
  text = sidecar_collections (fox_path);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_test (fox_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, 2);
  assert_collections_model (fixture->library, "Animals:0,Empty board:0");

  /* A lost index: what the sidecars hold comes back. */
  change_ok (fixture->library, ADD, only_cat, "Animals", NULL);
  reopen_rebuilt (fixture);
  text = collections_now (fixture->library);
  g_assert_cmpstr (text, ==, "Animals:1");
}

/* A deleted collection given back its images (the window's Undo):
 * the same name, the same members, in the index and the sidecars. */
static void
test_collection_delete_undo (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *prompts[] = { "a red fox", "a blue cat", "a green owl", "a grey wolf" };
  g_autoptr(GPtrArray) assets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *wolf = NULL;

  fs_test_library_open (fixture->library);
  for (guint i = 0; i < G_N_ELEMENTS (prompts); i++)
    g_ptr_array_add (assets, save_png (fixture->library, prompts[i], i + 1));
  wolf = g_strdup (fs_asset_get_path (g_ptr_array_index (assets, 3)));
  g_ptr_array_remove_index (assets, 3);
  change_ok (fixture->library, ADD, assets, "Moodboard", NULL);
  change_ok (fixture->library, ADD, assets, "Other", NULL);

  fs_library_delete_collection_async (fixture->library, "Moodboard", NULL, fs_test_result_cb,
                                      &result);
  g_assert_true (fs_library_delete_collection_finish (fixture->library,
                                                      fs_test_wait_result (&result),
                                                      &members, &error));
  g_assert_no_error (error);
  g_assert_nonnull (members);
  g_assert_cmpuint (members->len, ==, 3);
  text = collections_now (fixture->library);
  g_assert_cmpstr (text, ==, "Other:3");
  g_clear_pointer (&text, g_free);
  text = sidecar_collections (fs_asset_get_path (g_ptr_array_index (assets, 0)));
  g_assert_cmpstr (text, ==, "Other");
  g_clear_pointer (&text, g_free);

  /* Undo: the members given back under the same name. */
  change_ok (fixture->library, ADD, members, "Moodboard", NULL);
  text = collections_now (fixture->library);
  g_assert_cmpstr (text, ==, "Moodboard:3,Other:3");
  g_clear_pointer (&text, g_free);
  assert_collections_model (fixture->library, "Moodboard:3,Other:3");
  g_assert_cmpint (query_int (fixture->db_path,
                              "SELECT count(*) FROM collection_items "
                              "WHERE collection = 'Moodboard'"), ==, 3);
  for (guint i = 0; i < assets->len; i++)
    {
      const char *path = fs_asset_get_path (g_ptr_array_index (assets, i));

      text = sidecar_collections (path);
      g_assert_cmpstr (text, ==, "Moodboard,Other");
      g_clear_pointer (&text, g_free);
      text = collections_of (item_at (fixture->library, path));
      g_assert_cmpstr (text, ==, "Moodboard,Other");
      g_clear_pointer (&text, g_free);
    }
  text = sidecar_collections (wolf);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);

  /* An empty collection deleted gives no members; given back, it is
   * there again, empty. */
  change_ok (fixture->library, CREATE, NULL, "Empty", NULL);
  g_clear_object (&result);
  g_clear_pointer (&members, g_ptr_array_unref);
  fs_library_delete_collection_async (fixture->library, "Empty", NULL, fs_test_result_cb,
                                      &result);
  g_assert_true (fs_library_delete_collection_finish (fixture->library,
                                                      fs_test_wait_result (&result),
                                                      &members, &error));
  g_assert_cmpuint (members->len, ==, 0);
  change_ok (fixture->library, ADD, members, "Empty", NULL);
  text = collections_now (fixture->library);
  g_assert_cmpstr (text, ==, "Empty:0,Moodboard:3,Other:3");
}

static void
test_collection_names (void)
{
  const char *good[][2] = {
    { "Brand", "Brand" },
    { "  Client X\t", "Client X" },
    { "Кампания 2026 · 春", "Кампания 2026 · 春" },
  };
  const char *bad[] = { "", "   ", "two\nlines", "tab\tinside", "\x7f" };
  g_autofree char *long_name = g_strnfill (FS_COLLECTION_MAX_NAME + 1, 'x');
  g_autofree char *longest = g_strnfill (FS_COLLECTION_MAX_NAME, 'x');
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *name = fs_collection_check_name (good[i][0], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (name, ==, good[i][1]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *name = fs_collection_check_name (bad[i], &error);

      g_assert_null (name);
      g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_null (fs_collection_check_name (long_name, &error));
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_clear_error (&error);
  g_free (fs_collection_check_name (longest, &error));
  g_assert_no_error (error);
  g_assert_null (fs_collection_check_name ("\xff\xfe", &error));
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
}

/* Tests: search ------------------------------------------------------------------------- */

static void
test_fts_text (void)
{
  const char *cases[][2] = {
    { "fox", "\"fox\"*" },
    { "  red   fox ", "\"red\"* \"fox\"*" },
    { "#02eb3c", "\"#02eb3c\"*" },
    { "say \"hi\"", "\"say\"* \"\"\"hi\"\"\"*" },
    { "fox AND NOT cat", "\"fox\"* \"AND\"* \"NOT\"* \"cat\"*" },
    { "% ' -- \"", NULL },
    { "", NULL },
    { "Crème", "\"Crème\"*" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *match = fs_library_query_to_fts (cases[i][0]);

      g_assert_cmpstr (match, ==, cases[i][1]);
    }
  g_assert_null (fs_library_query_to_fts (NULL));
  g_assert_null (fs_library_query_to_fts ("\xff fox"));
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(JsonObject) creme = make_record ("sandbox", "flux-2-pro",
                                             "Crème brûlée on a plate, #02EB3C and #ff0088",
                                             123456789);
  g_autoptr(JsonObject) bfl = make_record ("bfl", "flux-kontext-pro", "A STREET IN TOKYO",
                                           42);
  g_autoptr(JsonObject) structured = make_record ("apiyi", "flux-2-max",
                                                  "{\"scene\": \"a lake\", \"color_palette\":"
                                                  " [\"#123abc\"]}", 7);

  json_object_set_string_member (bfl, "model_name", "FLUX.1 Kontext [pro]");
  g_free (write_result (fixture->folder, "creme", 8, 8, 0x111111ff, 30, creme));
  g_free (write_result (fixture->folder, "tokyo", 8, 8, 0x222222ff, 20, bfl));
  g_free (write_result (fixture->folder, "lake", 8, 8, 0x333333ff, 10, structured));
  fs_test_library_open (fixture->library);

  /* Accents and case, both ways; words from their start. */
  g_assert_cmpuint (count_search (fixture->library, "creme"), ==, 1);
  g_assert_cmpuint (count_search (fixture->library, "CRÈME BRULEE"), ==, 1);
  g_assert_cmpuint (count_search (fixture->library, "brû"), ==, 1);
  g_assert_cmpuint (count_search (fixture->library, "tok"), ==, 1);
  g_assert_cmpuint (count_search (fixture->library, "okyo"), ==, 0);
  g_assert_cmpuint (count_search (fixture->library, "street tokyo"), ==, 1);
  g_assert_cmpuint (count_search (fixture->library, "street plate"), ==, 0);
  /* The colours asked for, with or without "#", in any case. */
  g_assert_cmpuint (count_search (fixture->library, "#02eb3c"), ==, 1);
  g_assert_cmpuint (count_search (fixture->library, "02EB"), ==, 1);
  g_assert_cmpuint (count_search (fixture->library, "#123abc"), ==, 1);
  g_assert_cmpuint (count_search (fixture->library, "#ff00"), ==, 1);
  /* Seeds, models (id and name) and providers. */
  g_assert_cmpuint (count_search (fixture->library, "12345"), ==, 1);
  g_assert_cmpuint (count_search (fixture->library, "42"), ==, 1);
  g_assert_cmpuint (count_search (fixture->library, "flux-2"), ==, 2);
  g_assert_cmpuint (count_search (fixture->library, "kontext"), ==, 1);
  g_assert_cmpuint (count_search (fixture->library, "bfl"), ==, 1);
  g_assert_cmpuint (count_search (fixture->library, "sand"), ==, 1);
  g_assert_cmpuint (count_search (fixture->library, "zeppelin"), ==, 0);

  /* Kept in step with changes: a rating rewrite, then a deletion. */
  {
    g_autoptr(GPtrArray) found = search (fixture->library, "creme");
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    set_rating (fixture->library, found, 5);
    g_assert_cmpuint (count_search (fixture->library, "creme"), ==, 1);
    fs_library_delete_async (fixture->library, g_ptr_array_index (found, 0), NULL,
                             fs_test_result_cb, &result);
    g_assert_true (fs_library_delete_finish (fixture->library, fs_test_wait_result (&result),
                                             &error));
    g_assert_no_error (error);
    g_assert_cmpuint (count_search (fixture->library, "creme"), ==, 0);
    g_assert_cmpint (query_int (fixture->db_path, "SELECT count(*) FROM assets_fts"), ==, 2);
  }
}

/* Whatever the user types, a search answers, never with an error. */
static void
test_search_hostile (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *texts[] = {
    "\"", "\"\"", "\"unterminated", "a\"b", "fox AND", "AND", "OR", "NOT", "NOT fox",
    "NEAR(fox cat)", "NEAR", "prompt:fox", "model : x", "{prompt model}: fox", "*", "fox*",
    "^fox", "(", ")", "((fox)", "-fox", "+fox", "fox -cat", "\\", "'", "' OR 1=1 --",
    "%", "_", "fox;DROP TABLE assets", "🦊", "狐狸", "ﬁ", "\t\n", "a b c d e f g h i j k l",
    "x\"*", "\"fox\"*", "fox NEAR/2 cat",
  };

  fs_test_library_open (fixture->library);
  g_object_unref (save_png (fixture->library, "a red fox and a cat", 1));

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GPtrArray) found = search (fixture->library, texts[i]);

      g_assert_cmpuint (found->len, <=, 1);
    }
  g_assert_cmpuint (count_search (fixture->library, "fox*"), ==, 1);
  g_assert_cmpuint (count_search (fixture->library, "(fox)"), ==, 1);
  g_assert_cmpuint (count_search (fixture->library, "\"fox\""), ==, 1);
  g_assert_cmpuint (count_search (fixture->library, "prompt:fox"), ==, 0);
  g_assert_cmpint (query_int (fixture->db_path, "SELECT count(*) FROM assets"), ==, 1);
}

/* Tests: filters and orders ----------------------------------------------------------- */

typedef struct
{
  const char *stem;
  const char *provider;
  const char *model;
  const char *prompt;
  int         width;
  int         height;
  gint64      days_ago;
  guint       rating;
  gboolean    favourite;
  const char *collection;
  guint       references;
  const char *verdicts;     /* one letter per colour: m(atched), c(lose), o(ff) */
} Sample;

static const Sample samples[] = {
  { "a", "sandbox", "flux-2-pro", "a red fox, #ff0000", 64, 32, 0, 5, TRUE, "Brand", 2, "m" },
  { "b", "bfl", "flux-2-pro", "a blue cat, #0000ff #00ff00", 32, 64, 0, 3, FALSE, NULL, 0, "mo" },
  { "c", "bfl", "flux-2-max", "a green owl", 48, 48, 3, 4, TRUE, "Brand", 1, "" },
  { "d", "apiyi", "flux-2-max", "a grey wolf", 64, 48, 40, 1, FALSE, NULL, 0, "" },
  { "e", "sandbox", "flux-dev", "an old photo, #ffffff", 20, 20, 400, 0, FALSE, "Old", 0, "c" },
};

static JsonObject *
sample_record (const Sample *sample)
{
  JsonObject *record = make_record (sample->provider, sample->model, sample->prompt, 1);
  JsonArray *references = json_object_get_array_member (record, "references");
  JsonArray *check = json_array_new ();

  for (guint i = 0; i < sample->references; i++)
    json_array_add_string_element (references, i == 0 ? "ab12" : "cd34");
  for (const char *v = sample->verdicts; *v; v++)
    {
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "expected", "#ff0000");
      json_object_set_string_member (entry, "found", "#fe0101");
      json_object_set_double_member (entry, "delta_e", 0.5);
      json_object_set_double_member (entry, "share", 0.5);
      json_object_set_string_member (entry, "verdict",
                                     *v == 'm' ? "matched" : *v == 'c' ? "close" : "off");
      json_array_add_object_element (check, entry);
    }
  if (json_array_get_length (check) > 0)
    json_object_set_array_member (record, "colour_check", check);
  else
    json_array_unref (check);
  json_object_set_int_member (record, "rating", sample->rating);
  json_object_set_boolean_member (record, "favourite", sample->favourite);
  if (sample->collection != NULL)
    {
      JsonArray *collections = json_array_new ();

      json_array_add_string_element (collections, sample->collection);
      json_object_set_array_member (record, "collections", collections);
    }

  return record;
}

static void
write_samples (const char *folder)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(JsonObject) record = sample_record (&samples[i]);
      /* A few minutes apart within a day, so that "today" holds the first two. */
      gint64 seconds = samples[i].days_ago * 24 * 3600 + 60 * (i + 1);

      if (samples[i].days_ago == 0)
        seconds = i + 1;
      g_free (write_result (folder, samples[i].stem, samples[i].width, samples[i].height,
                            0x10203000 + i, seconds, record));
    }
}

/* The stems of what @query finds, in order: "abc". */
static char *
stems (FsLibrary      *library,
       FsLibraryQuery *query)
{
  g_autoptr(GPtrArray) found = run_query (library, query);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < found->len; i++)
    {
      g_autofree char *name = g_path_get_basename (fs_asset_get_path (g_ptr_array_index (found,
                                                                                        i)));

      g_string_append_c (text, name[0]);
    }

  return g_string_free (text, FALSE);
}

static void
assert_stems (FsLibrary      *library,
              FsLibraryQuery *query,
              const char     *want)
{
  g_autofree char *got = stems (library, query);

  g_assert_cmpstr (got, ==, want);
}

static void
test_query_filters (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(FsLibraryQuery) query = fs_library_query_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const char * const bfl[] = { "bfl", NULL };
  const char * const max_and_pro[] = { "flux-2-max", "flux-2-pro", NULL };
  gint64 now_us = g_date_time_to_unix (now) * G_USEC_PER_SEC;

  write_samples (fixture->folder);
  fs_test_library_open (fixture->library);
  g_assert_false (fs_library_query_is_filtered (query));

  assert_stems (fixture->library, query, "abcde");
  fs_library_query_set_sort (query, FS_SORT_OLDEST);
  assert_stems (fixture->library, query, "edcba");
  fs_library_query_set_sort (query, FS_SORT_RATING);
  assert_stems (fixture->library, query, "acbde");
  fs_library_query_set_sort (query, FS_SORT_NEWEST);
  g_assert_false (fs_library_query_is_filtered (query));

  /* One filter at a time. */
  fs_library_query_set_providers (query, bfl);
  g_assert_true (fs_library_query_is_filtered (query));
  assert_stems (fixture->library, query, "bc");
  fs_library_query_set_providers (query, NULL);
  fs_library_query_set_models (query, max_and_pro);
  assert_stems (fixture->library, query, "abcd");
  fs_library_query_set_models (query, NULL);
  fs_library_query_set_date (query, FS_DATE_TODAY);
  assert_stems (fixture->library, query, "ab");
  fs_library_query_set_date (query, FS_DATE_RANGE);
  fs_library_query_set_since (query, now_us - (gint64) 41 * 24 * 3600 * G_USEC_PER_SEC);
  fs_library_query_set_until (query, now_us - (gint64) 2 * 24 * 3600 * G_USEC_PER_SEC);
  assert_stems (fixture->library, query, "cd");
  fs_library_query_set_until (query, 0);
  assert_stems (fixture->library, query, "abcd");
  fs_library_query_set_date (query, FS_DATE_ANY);
  fs_library_query_set_favourites_only (query, TRUE);
  assert_stems (fixture->library, query, "ac");
  fs_library_query_set_favourites_only (query, FALSE);
  fs_library_query_set_min_rating (query, 4);
  assert_stems (fixture->library, query, "ac");
  fs_library_query_set_min_rating (query, 0);
  fs_library_query_set_colours (query, FS_COLOURS_ALL_MATCHED);
  assert_stems (fixture->library, query, "a");
  fs_library_query_set_colours (query, FS_COLOURS_ANY_OFF);
  assert_stems (fixture->library, query, "b");
  fs_library_query_set_colours (query, FS_COLOURS_NONE_ASKED);
  assert_stems (fixture->library, query, "cd");
  fs_library_query_set_colours (query, FS_COLOURS_ANY);
  fs_library_query_set_references (query, FS_REFERENCES_WITH);
  assert_stems (fixture->library, query, "ac");
  fs_library_query_set_references (query, FS_REFERENCES_WITHOUT);
  assert_stems (fixture->library, query, "bde");
  fs_library_query_set_references (query, FS_REFERENCES_ANY);
  fs_library_query_set_orientation (query, FS_ORIENTATION_LANDSCAPE);
  assert_stems (fixture->library, query, "ad");
  fs_library_query_set_orientation (query, FS_ORIENTATION_PORTRAIT);
  assert_stems (fixture->library, query, "b");
  fs_library_query_set_orientation (query, FS_ORIENTATION_SQUARE);
  assert_stems (fixture->library, query, "ce");
  fs_library_query_set_orientation (query, FS_ORIENTATION_ANY);
  fs_library_query_set_collection (query, "Brand");
  assert_stems (fixture->library, query, "ac");
  fs_library_query_set_collection (query, "Nowhere");
  assert_stems (fixture->library, query, "");
  fs_library_query_set_collection (query, NULL);

  /* Every filter at once: one image passes all. */
  {
    const char * const both[] = { "sandbox", "bfl", NULL };

    fs_library_query_set_text (query, "fox");
    fs_library_query_set_providers (query, both);
    fs_library_query_set_models (query, max_and_pro);
    fs_library_query_set_date (query, FS_DATE_THIS_MONTH);
    fs_library_query_set_favourites_only (query, TRUE);
    fs_library_query_set_min_rating (query, 5);
    fs_library_query_set_colours (query, FS_COLOURS_ALL_MATCHED);
    fs_library_query_set_references (query, FS_REFERENCES_WITH);
    fs_library_query_set_orientation (query, FS_ORIENTATION_LANDSCAPE);
    fs_library_query_set_collection (query, "Brand");
    fs_library_query_set_sort (query, FS_SORT_RATING);
    assert_stems (fixture->library, query, "a");
    fs_library_query_set_orientation (query, FS_ORIENTATION_PORTRAIT);
    assert_stems (fixture->library, query, "");
  }

  fs_library_query_clear_filters (query);
  g_assert_false (fs_library_query_is_filtered (query));
  g_assert_cmpint (fs_library_query_get_sort (query), ==, FS_SORT_RATING);
  assert_stems (fixture->library, query, "acbde");
}

static void
test_query_time_range (void)
{
  g_autoptr(FsLibraryQuery) query = fs_library_query_new ();
  /* A Wednesday afternoon. */
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 3, 4, 15, 30, 0);
  g_autoptr(GDateTime) today = g_date_time_new_local (2026, 3, 4, 0, 0, 0);
  g_autoptr(GDateTime) monday = g_date_time_new_local (2026, 3, 2, 0, 0, 0);
  g_autoptr(GDateTime) first = g_date_time_new_local (2026, 3, 1, 0, 0, 0);
  gint64 since, until;

  fs_library_query_get_time_range (query, now, &since, &until);
  g_assert_cmpint (since, ==, 0);
  g_assert_cmpint (until, ==, 0);

  fs_library_query_set_date (query, FS_DATE_TODAY);
  fs_library_query_get_time_range (query, now, &since, &until);
  g_assert_cmpint (since, ==, g_date_time_to_unix (today) * G_USEC_PER_SEC);
  g_assert_cmpint (until, ==, 0);

  fs_library_query_set_date (query, FS_DATE_THIS_WEEK);
  fs_library_query_get_time_range (query, now, &since, &until);
  g_assert_cmpint (since, ==, g_date_time_to_unix (monday) * G_USEC_PER_SEC);

  fs_library_query_set_date (query, FS_DATE_THIS_MONTH);
  fs_library_query_get_time_range (query, now, &since, &until);
  g_assert_cmpint (since, ==, g_date_time_to_unix (first) * G_USEC_PER_SEC);

  fs_library_query_set_date (query, FS_DATE_RANGE);
  fs_library_query_set_since (query, 10);
  fs_library_query_set_until (query, 20);
  fs_library_query_get_time_range (query, now, &since, &until);
  g_assert_cmpint (since, ==, 10);
  g_assert_cmpint (until, ==, 20);

  /* Whole local days, both included: from the 1st's midnight up to the
   * 4th's end, whatever the hour given. */
  {
    g_autoptr(GDateTime) fifth = g_date_time_new_local (2026, 3, 5, 0, 0, 0);
    g_autoptr(GDateTime) got_first = NULL;
    g_autoptr(GDateTime) got_last = NULL;

    fs_library_query_set_date (query, FS_DATE_ANY);
    fs_library_query_set_days (query, first, now);
    g_assert_cmpint (fs_library_query_get_date (query), ==, FS_DATE_RANGE);
    fs_library_query_get_time_range (query, now, &since, &until);
    g_assert_cmpint (since, ==, g_date_time_to_unix (first) * G_USEC_PER_SEC);
    g_assert_cmpint (until, ==, g_date_time_to_unix (fifth) * G_USEC_PER_SEC);
    fs_library_query_get_days (query, &got_first, &got_last);
    g_assert_cmpint (g_date_time_get_day_of_month (got_first), ==, 1);
    g_assert_cmpint (g_date_time_get_day_of_month (got_last), ==, 4);
  }
}

static void
test_query_variant (void)
{
  g_autoptr(FsLibraryQuery) query = fs_library_query_new ();
  g_autoptr(FsLibraryQuery) empty = fs_library_query_new ();
  g_autoptr(FsLibraryQuery) back = NULL;
  g_autoptr(FsLibraryQuery) lenient = NULL;
  g_autoptr(GVariant) variant = NULL;
  g_autoptr(GVariant) defaults = NULL;
  g_autoptr(GVariant) odd = NULL;
  const char * const providers[] = { "bfl", "sandbox", NULL };
  const char * const models[] = { "flux-2-pro", NULL };
  GVariantBuilder builder;

  /* The defaults store nothing. */
  defaults = g_variant_ref_sink (fs_library_query_to_variant (empty));
  g_assert_cmpuint (g_variant_n_children (defaults), ==, 0);

  fs_library_query_set_text (query, "crème #02eb3c");
  fs_library_query_set_providers (query, providers);
  fs_library_query_set_models (query, models);
  fs_library_query_set_date (query, FS_DATE_RANGE);
  fs_library_query_set_since (query, 1000);
  fs_library_query_set_until (query, 2000);
  fs_library_query_set_favourites_only (query, TRUE);
  fs_library_query_set_min_rating (query, 3);
  fs_library_query_set_colours (query, FS_COLOURS_ANY_OFF);
  fs_library_query_set_references (query, FS_REFERENCES_WITHOUT);
  fs_library_query_set_orientation (query, FS_ORIENTATION_PORTRAIT);
  fs_library_query_set_collection (query, "Brand");
  fs_library_query_set_sort (query, FS_SORT_OLDEST);

  variant = g_variant_ref_sink (fs_library_query_to_variant (query));
  g_assert_true (g_variant_is_of_type (variant, G_VARIANT_TYPE ("a{sv}")));
  back = fs_library_query_new_from_variant (variant);
  g_assert_true (fs_library_query_equal (query, back));
  /* Enums by their names, which outlive a reordering. */
  {
    g_autoptr(GVariantDict) dict = g_variant_dict_new (variant);
    const char *sort = NULL;

    g_assert_true (g_variant_dict_lookup (dict, "sort", "&s", &sort));
    g_assert_cmpstr (sort, ==, "oldest");
  }

  /* What a newer or a broken writer left: unknown keys, wrong types,
   * unknown names. */
  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "text", g_variant_new_string ("fox"));
  g_variant_builder_add (&builder, "{sv}", "min-rating", g_variant_new_string ("five"));
  g_variant_builder_add (&builder, "{sv}", "sort", g_variant_new_string ("by-colour"));
  g_variant_builder_add (&builder, "{sv}", "orientation", g_variant_new_string ("square"));
  g_variant_builder_add (&builder, "{sv}", "hologram", g_variant_new_boolean (TRUE));
  g_variant_builder_add (&builder, "{sv}", "min-rating", g_variant_new_uint32 (99));
  odd = g_variant_ref_sink (g_variant_builder_end (&builder));
  lenient = fs_library_query_new_from_variant (odd);
  g_assert_cmpstr (fs_library_query_get_text (lenient), ==, "fox");
  g_assert_cmpint (fs_library_query_get_sort (lenient), ==, FS_SORT_NEWEST);
  g_assert_cmpint (fs_library_query_get_orientation (lenient), ==, FS_ORIENTATION_SQUARE);
  g_assert_cmpuint (fs_library_query_get_min_rating (lenient), ==, FS_ASSET_MAX_RATING);
  g_clear_object (&lenient);

  lenient = fs_library_query_new_from_variant (g_variant_new_string ("not a dict"));
  g_assert_true (fs_library_query_equal (lenient, empty));
}

/* Tests: light assets and their records ----------------------------------------------- */

static void
test_lazy_records (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) record = make_record ("bfl", "flux-2-pro", "", 77);
  g_autoptr(GString) long_prompt = g_string_new ("a very long prompt");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *path = NULL;
  JsonArray *references = json_object_get_array_member (record, "references");
  guint has_record_notes = 0, prompt_notes = 0;
  FsAsset *item;

  while (long_prompt->len < 3 * FS_ASSET_PROMPT_EXCERPT)
    g_string_append (long_prompt, ", and more words about the lake");
  json_object_set_string_member (record, "prompt", long_prompt->str);
  json_array_add_string_element (references, "ab12");
  json_object_set_string_member (record, "note", "made elsewhere");
  path = write_result (fixture->folder, "long", 16, 8, 0x445566ff, 5, record);
  fs_test_library_open (fixture->library);

  item = item_at (fixture->library, path);
  g_assert_nonnull (item);
  /* What a tile needs, without the record. */
  g_assert_false (fs_asset_has_record (item));
  g_assert_null (fs_asset_get_record (item));
  g_assert_false (fs_asset_has_whole_prompt (item));
  g_assert_cmpuint (g_utf8_strlen (fs_asset_get_prompt (item), -1), ==, FS_ASSET_PROMPT_EXCERPT);
  g_assert_true (g_str_has_prefix (long_prompt->str, fs_asset_get_prompt (item)));
  g_assert_cmpint (fs_asset_get_seed (item), ==, 77);
  g_assert_cmpuint (fs_asset_get_width (item), ==, 16);
  g_assert_cmpuint (fs_asset_get_n_references (item), ==, 1);
  g_assert_null (fs_asset_get_params (item));
  g_assert_null (fs_asset_get_references (item)[0]);
  g_assert_null (fs_asset_get_note (item));

  /* A query hands out the list's own objects. */
  found = search (fixture->library, "lake");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (g_ptr_array_index (found, 0) == item);

  g_signal_connect (item, "notify::has-record", G_CALLBACK (notified_cb), &has_record_notes);
  g_signal_connect (item, "notify::prompt", G_CALLBACK (notified_cb), &prompt_notes);
  fs_library_load_record_async (fixture->library, item, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_library_load_record_finish (fixture->library, fs_test_wait_result (&result),
                                                &error));
  g_assert_no_error (error);
  g_assert_cmpuint (has_record_notes, ==, 1);
  g_assert_cmpuint (prompt_notes, ==, 1);
  g_signal_handlers_disconnect_by_data (item, &has_record_notes);
  g_signal_handlers_disconnect_by_data (item, &prompt_notes);

  g_assert_true (fs_asset_has_record (item));
  g_assert_true (fs_asset_has_whole_prompt (item));
  g_assert_cmpstr (fs_asset_get_prompt (item), ==, long_prompt->str);
  g_assert_cmpint (json_object_get_int_member (fs_asset_get_params (item), "steps"), ==, 28);
  g_assert_cmpstr (fs_asset_get_references (item)[0], ==, "ab12");
  g_assert_cmpstr (fs_asset_get_note (item), ==, "made elsewhere");
  g_assert_cmpstr (json_object_get_string_member (fs_asset_get_record (item), "provider"), ==,
                   "bfl");

  /* Loaded already: at once. */
  g_clear_object (&result);
  fs_library_load_record_async (fixture->library, item, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_library_load_record_finish (fixture->library, fs_test_wait_result (&result),
                                                &error));
}

/* Opening shows "loading" until the list is whole; a rebuild shows its
 * progress up to the end. */
typedef struct
{
  GArray *progress;
  guint   loading_on;
  guint   loading_off;
  guint   rebuilding_on;
} Observed;

static void
loading_cb (FsLibrary  *library,
            GParamSpec *pspec,
            Observed   *seen)
{
  if (fs_library_get_loading (library))
    seen->loading_on++;
  else
    seen->loading_off++;
}

static void
rebuilding_cb (FsLibrary  *library,
               GParamSpec *pspec,
               Observed   *seen)
{
  seen->rebuilding_on += fs_library_get_rebuilding (library);
}

static void
progress_cb (FsLibrary  *library,
             GParamSpec *pspec,
             Observed   *seen)
{
  double progress = fs_library_get_rebuild_progress (library);

  g_array_append_val (seen->progress, progress);
}

static void
test_loading (Fixture       *fixture,
              gconstpointer  data)
{
  Observed seen = { g_array_new (FALSE, FALSE, sizeof (double)), 0, 0, 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 30; i++)
    {
      g_autoptr(JsonObject) record = make_record ("sandbox", "flux-2-pro", "many owls", i);
      g_autofree char *stem = g_strdup_printf ("owl-%02u", i);

      g_free (write_result (fixture->folder, stem, 8, 8, 0x10101000 + i, 100 - i, record));
    }

  g_signal_connect (fixture->library, "notify::loading", G_CALLBACK (loading_cb), &seen);
  g_signal_connect (fixture->library, "notify::rebuilding", G_CALLBACK (rebuilding_cb), &seen);
  g_signal_connect (fixture->library, "notify::rebuild-progress", G_CALLBACK (progress_cb),
                    &seen);
  g_assert_false (fs_library_get_loading (fixture->library));
  fs_library_open_async (fixture->library, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_library_get_loading (fixture->library));
  g_assert_true (fs_library_open_finish (fixture->library, fs_test_wait_result (&result),
                                         &error));
  g_assert_no_error (error);
  g_assert_false (fs_library_get_loading (fixture->library));
  g_assert_false (fs_library_get_rebuilding (fixture->library));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, 30);

  g_assert_cmpuint (seen.loading_on, ==, 1);
  g_assert_cmpuint (seen.loading_off, ==, 1);
  /* A new index is filled from the sidecars, with progress to 1. */
  g_assert_cmpuint (seen.rebuilding_on, ==, 1);
  g_assert_cmpuint (seen.progress->len, >=, 1);
  g_assert_cmpfloat (g_array_index (seen.progress, double, seen.progress->len - 1), ==, 1.0);
  for (guint i = 1; i < seen.progress->len; i++)
    g_assert_cmpfloat (g_array_index (seen.progress, double, i), >=,
                       g_array_index (seen.progress, double, i - 1));

  g_signal_handlers_disconnect_by_data (fixture->library, &seen);
  g_array_unref (seen.progress);
}

/* A version 2 index from before marks and search: its rows move to the
 * new tables and are found and opened as any. */
static void
test_migrate_v2 (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (fixture->db_path);
  g_autofree char *image = g_build_filename (fixture->folder, "kept.png", NULL);
  g_autofree char *sidecar = g_build_filename (fixture->folder, "kept.json", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  sqlite3 *db = NULL;
  FsAsset *item;
  const char *sql =
    "CREATE TABLE assets (id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL,"
    " path TEXT NOT NULL UNIQUE, sidecar TEXT NOT NULL, provider TEXT, model TEXT,"
    " prompt TEXT, seed INTEGER, width INTEGER, height INTEGER, request_id TEXT,"
    " cost REAL, created INTEGER NOT NULL, record TEXT NOT NULL);"
    "CREATE INDEX assets_created ON assets (created);"
    "CREATE TABLE jobs (job_id TEXT PRIMARY KEY, state TEXT NOT NULL, request TEXT,"
    " polling_url TEXT, detail TEXT, created INTEGER NOT NULL, updated INTEGER NOT NULL);"
    "CREATE TABLE job_outputs (job_id TEXT NOT NULL, idx INTEGER NOT NULL, url TEXT,"
    " received INTEGER NOT NULL, expired INTEGER NOT NULL DEFAULT 0, recovery TEXT,"
    " claim TEXT, saved TEXT, PRIMARY KEY (job_id, idx));"
    "CREATE TABLE image_checks (path TEXT PRIMARY KEY, size INTEGER NOT NULL,"
    " mtime INTEGER NOT NULL, sha256 TEXT NOT NULL);"
    "PRAGMA journal_mode = WAL;"
    "PRAGMA user_version = 2;";
  const char *record =
    "{\"provider\": \"bfl\", \"model\": \"flux-2-pro\", \"prompt\": \"a kept heron\","
    " \"params\": {\"seed\": 9, \"steps\": 50}, \"rating\": 2,"
    " \"saved_at\": \"2025-01-01T10:00:00Z\","
    " \"image\": {\"sha256\": \"ab\", \"file\": \"kept.png\"}}";
  g_autofree char *row = g_strdup_printf (
    "INSERT INTO assets (sha256, path, sidecar, provider, model, prompt, seed, created, record)"
    " VALUES ('ab', '%s', '%s/kept.json', 'bfl', 'flux-2-pro', 'a kept heron', 9, 1000000,"
    " '%s');", image, fixture->folder, record);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (fixture->folder, 0755), ==, 0);
  /* The sidecar the row came from is still there (without it, the
   * folder's watch would drop the row: “The live folder”). */
  g_file_set_contents (sidecar, record, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (fixture->db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, row, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  fs_test_library_open (fixture->library);
  g_assert_cmpint (query_int (fixture->db_path, "PRAGMA user_version"), ==, 5);
  g_assert_cmpint (query_int (fixture->db_path, "SELECT count(*) FROM records"), ==, 1);
  g_assert_cmpint (query_int (fixture->db_path,
                              "SELECT count(*) FROM sqlite_master WHERE name = 'assets_v2'"),
                   ==, 0);

  found = search (fixture->library, "heron");
  g_assert_cmpuint (found->len, ==, 1);
  item = g_ptr_array_index (found, 0);
  g_assert_cmpuint (fs_asset_get_rating (item), ==, 2);
  g_assert_cmpint (fs_asset_get_damage (item), ==, FS_ASSET_MISSING);
  fs_library_load_record_async (fixture->library, item, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_library_load_record_finish (fixture->library, fs_test_wait_result (&result),
                                                &error));
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (fs_asset_get_params (item), "steps"), ==, 50);
}

/* Tests: finding images by name -------------------------------------------------------- */

static GPtrArray *
resolve (FsLibrary           *library,
         const char * const  *names,
         GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fs_library_resolve_async (library, names, NULL, fs_test_result_cb, &result);
  return fs_library_resolve_finish (library, fs_test_wait_result (&result), error);
}

static void
test_resolve (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(FsAsset) fox = NULL;
  g_autoptr(FsAsset) twin_a = NULL;
  g_autoptr(FsAsset) twin_b = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *twin_prefix = NULL;

  fs_test_library_open (fixture->library);
  fox = save_png (fixture->library, "a fox", 1);
  /* The same bytes twice: one sha256, two files. */
  twin_a = save_png (fixture->library, "twin", 5);
  twin_b = save_png (fixture->library, "twin again", 5);
  bare = g_path_get_basename (fs_asset_get_path (fox));
  prefix = g_strndup (fs_asset_get_sha256 (fox), 8);
  upper = g_ascii_strup (prefix, -1);
  twin_prefix = g_strndup (fs_asset_get_sha256 (twin_a), 6);
  g_assert_cmpstr (fs_asset_get_sha256 (twin_a), ==, fs_asset_get_sha256 (twin_b));

  {
    const char * const names[] = { fs_asset_get_path (fox), bare, prefix, upper,
                                   fs_asset_get_sidecar_path (twin_a), NULL };

    found = resolve (fixture->library, names, &error);
    g_assert_no_error (error);
    /* Each image once, in the order named; the list's own objects. */
    g_assert_cmpuint (found->len, ==, 2);
    g_assert_true (g_ptr_array_index (found, 0) == item_at (fixture->library,
                                                            fs_asset_get_path (fox)));
    g_assert_cmpstr (fs_asset_get_path (g_ptr_array_index (found, 1)), ==,
                     fs_asset_get_path (twin_a));
    g_clear_pointer (&found, g_ptr_array_unref);
  }

  {
    const char * const names[] = { "no-such-file.png", twin_prefix, "beefbeef", prefix, NULL };

    found = resolve (fixture->library, names, &error);
    g_assert_null (found);
    g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
    /* Every problem at once, the candidates named. */
    g_assert_nonnull (strstr (error->message, "no-such-file.png"));
    g_assert_nonnull (strstr (error->message, "beefbeef"));
    g_assert_nonnull (strstr (error->message, twin_prefix));
    g_assert_nonnull (strstr (error->message, fs_asset_get_path (twin_a)));
    g_assert_nonnull (strstr (error->message, fs_asset_get_path (twin_b)));
  }
}

/* Tests: the live folder -------------------------------------------------------------- */

typedef struct
{
  FsLibrary  *library;
  const char *path;
  gboolean    present;
  int         damage;    /* -1: any */
  int         rating;    /* -1: any */
} LiveWait;

static gboolean
live_is (gpointer data)
{
  LiveWait *wait = data;
  FsAsset *item = item_at (wait->library, wait->path);

  if (!wait->present)
    return item == NULL;
  return item != NULL &&
         (wait->damage < 0 || (int) fs_asset_get_damage (item) == wait->damage) &&
         (wait->rating < 0 || (int) fs_asset_get_rating (item) == wait->rating);
}

static void
wait_live (FsLibrary  *library,
           const char *path,
           gboolean    present,
           int         damage,
           int         rating)
{
  LiveWait wait = { library, path, present, damage, rating };

  if (!fs_test_wait_for (live_is, &wait, LIVE_SECONDS))
    g_error ("%s did not %s within %d s", path, present ? "appear as expected" : "go",
             LIVE_SECONDS);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_file_copy (source, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static char *
in_folder (Fixture    *fixture,
           const char *name)
{
  return g_build_filename (fixture->folder, name, NULL);
}

static void
test_live_folder (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *elsewhere = g_build_filename (fixture->dir, "elsewhere", NULL);
  g_autofree char *image = NULL;
  g_autofree char *sidecar = NULL;
  g_autofree char *copied = in_folder (fixture, "copied.png");
  g_autofree char *copied_sidecar = in_folder (fixture, "copied.json");
  g_autofree char *renamed = in_folder (fixture, "renamed.png");
  g_autofree char *renamed_sidecar = in_folder (fixture, "renamed.json");
  g_autofree char *late = in_folder (fixture, "late.png");
  g_autofree char *late_sidecar = in_folder (fixture, "late.json");
  g_autofree char *early = in_folder (fixture, "early.png");
  g_autofree char *early_sidecar = in_folder (fixture, "early.json");
  g_autofree char *temp = in_folder (fixture, ".flux-studio-AbC123.part");
  g_autoptr(JsonObject) record = make_record ("bfl", "flux-2-pro", "a heron from elsewhere", 3);
  g_autofree char *late_original = NULL;
  g_autofree char *late_original_sidecar = NULL;
  g_autofree char *early_original = NULL;
  g_autofree char *early_original_sidecar = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_int_member (record, "rating", 2);
  image = write_result (elsewhere, "heron", 16, 16, 0x778899ff, 3600, record);
  sidecar = sidecar_of (image);
  /* Copies keep their names: a sidecar names its image. */
  late_original = write_result (elsewhere, "late", 16, 16, 0x7788aaff, 3000, record);
  late_original_sidecar = sidecar_of (late_original);
  early_original = write_result (elsewhere, "early", 16, 16, 0x7788bbff, 2000, record);
  early_original_sidecar = sidecar_of (early_original);
  fs_test_library_open (fixture->library);
  g_object_unref (save_png (fixture->library, "already here", 1));

  /* Copied in by Files: the image, then its sidecar. */
  copy_file (image, copied);
  copy_file (sidecar, copied_sidecar);
  wait_live (fixture->library, copied, TRUE, FS_ASSET_INTACT, 2);
  g_assert_cmpuint (count_search (fixture->library, "heron"), ==, 1);

  /* Renamed: the old name goes, the new one comes with its marks. */
  g_assert_cmpint (g_rename (copied, renamed), ==, 0);
  g_assert_cmpint (g_rename (copied_sidecar, renamed_sidecar), ==, 0);
  wait_live (fixture->library, copied, FALSE, -1, -1);
  wait_live (fixture->library, renamed, TRUE, FS_ASSET_INTACT, 2);

  /* Marked by another program (here, by hand). */
  {
    g_autoptr(JsonObject) edited = read_json (renamed_sidecar);

    json_object_set_int_member (edited, "rating", 5);
    write_json (renamed_sidecar, edited);
    wait_live (fixture->library, renamed, TRUE, FS_ASSET_INTACT, 5);
  }

  /* Removed. */
  g_assert_cmpint (g_unlink (renamed), ==, 0);
  g_assert_cmpint (g_unlink (renamed_sidecar), ==, 0);
  wait_live (fixture->library, renamed, FALSE, -1, -1);

  /* A sidecar before its image: a missing image, then a whole one. */
  copy_file (late_original_sidecar, late_sidecar);
  wait_live (fixture->library, late, TRUE, FS_ASSET_MISSING, -1);
  copy_file (late_original, late);
  wait_live (fixture->library, late, TRUE, FS_ASSET_INTACT, -1);

  /* An image before its sidecar: nothing, then the record. */
  copy_file (early_original, early);
  g_file_set_contents (temp, "half a save", -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 20; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20000);
    }
  g_assert_null (item_at (fixture->library, early));
  copy_file (early_original_sidecar, early_sidecar);
  wait_live (fixture->library, early, TRUE, FS_ASSET_INTACT, 2);

  /* Our own temporary files are never items. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, 3);
  g_assert_cmpint (query_int (fixture->db_path, "SELECT count(*) FROM assets"), ==, 3);
}

/* Another process (here another FsLibrary on the same files) rates an
 * image and adds one: the open library follows, with its collections. */
static void
test_live_other_process (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(FsLibrary) other = NULL;
  g_autoptr(FsAsset) mine = NULL;
  g_autoptr(FsAsset) theirs = NULL;
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fs_test_library_open (fixture->library);
  mine = save_png (fixture->library, "mine", 1);

  other = new_library (fixture);
  fs_library_open_index_async (other, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_library_open_index_finish (other, fs_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (other)), ==, 0);

  targets = one (mine);
  set_rating (other, targets, 4);
  change_ok (other, ADD, targets, "Shared", NULL);
  theirs = save_png (other, "theirs", 2);

  wait_live (fixture->library, fs_asset_get_path (mine), TRUE, -1, 4);
  wait_live (fixture->library, fs_asset_get_path (theirs), TRUE, -1, -1);
  assert_collections_model (fixture->library, "Shared:1");
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
  /* Deleted images go to this Trash, not the user's. */
  data_home = fs_test_make_dir ("fs-archive-data-XXXXXX");
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  add_test ("/archive/sidecar/format", test_sidecar_format);
  add_test ("/archive/sidecar/unknown-kept", test_sidecar_unknown_kept);
  add_test ("/archive/marks/round-trip", test_marks_round_trip);
  add_test ("/archive/marks/partial", test_marks_partial);
  add_test ("/archive/collections", test_collections);
  add_test ("/archive/collections/delete-undo", test_collection_delete_undo);
  g_test_add_func ("/archive/collections/names", test_collection_names);
  g_test_add_func ("/archive/search/fts-text", test_fts_text);
  add_test ("/archive/search", test_search);
  add_test ("/archive/search/hostile", test_search_hostile);
  add_test ("/archive/query/filters", test_query_filters);
  g_test_add_func ("/archive/query/time-range", test_query_time_range);
  g_test_add_func ("/archive/query/variant", test_query_variant);
  add_test ("/archive/lazy/records", test_lazy_records);
  add_test ("/archive/loading", test_loading);
  add_test ("/archive/index/migrate-v2", test_migrate_v2);
  add_test ("/archive/resolve", test_resolve);
  add_test ("/archive/live/folder", test_live_folder);
  add_test ("/archive/live/other-process", test_live_other_process);

  status = g_test_run ();
  fs_test_remove_dir (data_home);
  return status;
}
