/* fs-test-util.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "fs-image.h"
#include "fs-provider.h"
#include "fs-mask.h"
#include "fs-test-util.h"

/* Async to sync */

void
fs_test_result_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
timed_out_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A result that never comes fails the test here rather than hanging it
 * until meson's timeout, which says nothing about where it hung. */
GAsyncResult *
fs_test_wait_result (GAsyncResult **result)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (FS_TEST_TIMEOUT_SECONDS, timed_out_cb, &timed_out);

  while (*result == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);
  if (*result == NULL)
    g_error ("No async result after %u seconds", FS_TEST_TIMEOUT_SECONDS);

  return *result;
}

gboolean
fs_test_wait_for (FsTestCondition condition,
                  gpointer        data,
                  guint           seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  return TRUE;
}

/* Folders */

char *
fs_test_make_dir (const char *tmpl)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  g_assert_nonnull (path);
  return path;
}

/* Links are removed, never followed: a test may point one outside. */
void
fs_test_remove_dir (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        fs_test_remove_dir (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Catalog, library, jobs */

FsCatalog *
fs_test_load_catalog (void)
{
  g_autoptr(GError) error = NULL;
  FsCatalog *catalog = fs_catalog_new_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  return catalog;
}

void
fs_test_library_open (FsLibrary *library)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean opened;

  fs_library_open_async (library, NULL, fs_test_result_cb, &result);
  opened = fs_library_open_finish (library, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (opened);
}

FsLibrary *
fs_test_library_new (const char *dir)
{
  g_autoptr(GFile) folder = g_file_new_build_filename (dir, "gallery", NULL);
  g_autofree char *db_path = g_build_filename (dir, "library.db", NULL);
  FsLibrary *library = fs_library_new (folder, db_path);

  fs_test_library_open (library);
  return library;
}

/* The sandbox's image saved as a job would save it, without the job. */
FsAsset *
fs_test_save_sandbox (FsLibrary  *library,
                      FsCatalog  *catalog,
                      const char *prompt,
                      gint64      seed,
                      int         width,
                      int         height)
{
  g_autoptr(FsProvider) provider = fs_provider_new ("sandbox", NULL, NULL);
  g_autoptr(FsRequest) request = fs_request_new ("sandbox", "flux-2-pro");
  g_autoptr(GBytes) image = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  FsModel *model = fs_catalog_lookup (catalog, "flux-2-pro");
  FsAsset *asset;

  fs_request_set_prompt (request, prompt);
  fs_test_set_int (request, "seed", seed);
  fs_test_set_int (request, "width", width);
  fs_test_set_int (request, "height", height);
  image = fs_provider_synthesize (provider, request, model, 0, &error);
  g_assert_no_error (error);

  record = fs_request_to_json (request);
  json_object_set_string_member (json_node_get_object (record), "model_name",
                                 fs_model_get_name (model));
  /* The sandbox is free. */
  json_object_set_double_member (json_node_get_object (record), "cost", 0.0);
  fs_library_save_async (library, json_node_get_object (record), image, 0, NULL,
                         fs_test_result_cb, &result);
  asset = fs_library_save_finish (library, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return asset;
}

/* Generated galleries ------------------------------------------------------ */

static const char * const archive_words[] = {
  "fox", "heron", "lighthouse", "kettle", "street", "Tokyo", "lake", "Crème brûlée",
  "poster", "portrait", "forest", "harbour", "neon", "café", "mountain", "owl",
  "studio", "product shot", "watercolour", "bold sans type", "dusk", "morning fog",
};
static const char * const archive_colours[] = { "#02eb3c", "#ff0088", "#1e90ff", "#f5a623" };
static const char * const archive_models[][3] = {
  { "sandbox", "flux-2-pro", "FLUX.2 [pro]" },
  { "bfl", "flux-2-max", "FLUX.2 [max]" },
  { "bfl", "flux-kontext-pro", "FLUX.1 Kontext [pro]" },
  { "apiyi", "flux-2-pro", "FLUX.2 [pro]" },
  { "monica", "flux_dev", "FLUX.1 [dev]" },
};
static const int archive_sizes[][2] = {
  { 1024, 1024 }, { 1440, 2048 }, { 1920, 1080 }, { 768, 1344 },
};

static JsonObject *
archive_record (GRand      *rand,
                guint       i,
                const char *file,
                const char *sha256,
                const char *mime_type,
                gsize       bytes,
                GDateTime  *saved_at)
{
  JsonObject *record = json_object_new ();
  JsonObject *params = json_object_new ();
  JsonObject *image = json_object_new ();
  JsonArray *references = json_array_new ();
  g_autoptr(GString) prompt = g_string_new (NULL);
  const char * const *model = archive_models[g_rand_int_range (rand, 0,
                                                               G_N_ELEMENTS (archive_models))];
  const int *size = archive_sizes[g_rand_int_range (rand, 0, G_N_ELEMENTS (archive_sizes))];
  g_autofree char *time = g_date_time_format_iso8601 (saved_at);
  guint n_words = g_rand_int_range (rand, 3, 7);
  const char *colour = NULL;

  for (guint w = 0; w < n_words; w++)
    g_string_append_printf (prompt, "%s%s", w > 0 ? ", " : "a ",
                            archive_words[g_rand_int_range (rand, 0,
                                                            G_N_ELEMENTS (archive_words))]);
  if (g_rand_int_range (rand, 0, 3) == 0)
    {
      colour = archive_colours[g_rand_int_range (rand, 0, G_N_ELEMENTS (archive_colours))];
      g_string_append_printf (prompt, ", in %s", colour);
    }
  g_string_append_printf (prompt, " (number %u)", i);

  json_object_set_int_member (record, "format", 2);
  json_object_set_string_member (record, "provider", model[0]);
  json_object_set_string_member (record, "model", model[1]);
  json_object_set_string_member (record, "prompt", prompt->str);
  json_object_set_int_member (params, "seed", g_rand_int (rand));
  json_object_set_int_member (params, "width", size[0]);
  json_object_set_int_member (params, "height", size[1]);
  json_object_set_int_member (params, "steps", 28);
  json_object_set_object_member (record, "params", params);
  if (g_rand_int_range (rand, 0, 5) == 0)
    json_array_add_string_element (references,
                                   "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  json_object_set_array_member (record, "references", references);
  json_object_set_string_member (record, "job_id", "00000000-0000-4000-8000-000000000000");
  json_object_set_int_member (record, "output", 0);
  json_object_set_string_member (record, "model_name", model[2]);
  json_object_set_string_member (record, "cost_source", "estimate");
  json_object_set_double_member (record, "cost", 0.03);
  json_object_set_array_member (record, "exchanges", json_array_new ());
  json_object_set_string_member (image, "file", file);
  json_object_set_string_member (image, "sha256", sha256);
  json_object_set_int_member (image, "width", size[0]);
  json_object_set_int_member (image, "height", size[1]);
  json_object_set_string_member (image, "mime_type", mime_type);
  json_object_set_int_member (image, "bytes", bytes);
  json_object_set_object_member (record, "image", image);
  json_object_set_string_member (record, "saved_at", time);
  if (colour != NULL)
    {
      JsonArray *check = json_array_new ();
      JsonObject *entry = json_object_new ();
      gboolean matched = g_rand_int_range (rand, 0, 4) > 0;

      json_object_set_string_member (entry, "expected", colour);
      json_object_set_string_member (entry, "found", colour);
      json_object_set_double_member (entry, "delta_e", matched ? 0.4 : 7.5);
      json_object_set_double_member (entry, "share", 0.3);
      json_object_set_string_member (entry, "verdict", matched ? "matched" : "off");
      json_array_add_object_element (check, entry);
      json_object_set_array_member (record, "colour_check", check);
    }
  if (g_rand_int_range (rand, 0, 3) == 0)
    json_object_set_int_member (record, "rating", g_rand_int_range (rand, 1, 6));
  if (g_rand_int_range (rand, 0, 8) == 0)
    json_object_set_boolean_member (record, "favourite", TRUE);
  if (g_rand_int_range (rand, 0, 10) == 0)
    {
      JsonArray *collections = json_array_new ();

      json_array_add_string_element (collections, g_rand_boolean (rand) ? "Brand" : "Client X");
      json_object_set_array_member (record, "collections", collections);
    }

  return record;
}

gint64
fs_test_status_kb (const char *field)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;
  gsize length = strlen (field);

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;

  lines = g_strsplit (status, "\n", -1);
  for (char **line = lines; *line != NULL; line++)
    if (strncmp (*line, field, length) == 0 && (*line)[length] == ':')
      return g_ascii_strtoll (*line + length + 1, NULL, 10);

  return -1;
}

char *
fs_test_run_output (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *command = g_strjoinv (" ", (char **) argv);
  char *out = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s", command, error->message);

  return out;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

double
fs_test_median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return values->len > 0 ? g_array_index (values, double, values->len / 2) : -1;
}

void
fs_test_generate_archive (const char *folder,
                          guint       n,
                          int         size,
                          guint32     seed)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  g_autoptr(FsProvider) provider = fs_provider_new ("sandbox", NULL, NULL);
  g_autoptr(FsRequest) request = fs_request_new ("sandbox", "flux-2-pro");
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GBytes) image = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *extension = NULL;
  g_autofree char *mime_type = NULL;
  g_autofree char *sha256 = NULL;
  gsize length;
  const char *data;

  fs_request_set_prompt (request, "a generated archive, #02eb3c");
  fs_test_set_int (request, "seed", seed);
  fs_test_set_int (request, "width", size);
  fs_test_set_int (request, "height", size);
  image = fs_provider_synthesize (provider, request, fs_catalog_lookup (catalog, "flux-2-pro"),
                                  0, &error);
  g_assert_no_error (error);
  g_assert_true (fs_image_probe (image, &mime_type, &extension, NULL, NULL, &error));
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, image);
  data = g_bytes_get_data (image, &length);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);

  for (guint i = 0; i < n; i++)
    {
      /* A few minutes apart, the first the newest. */
      g_autoptr(GDateTime) when = g_date_time_add_seconds (now, -(double) i * 397.0);
      g_autofree char *stamp = g_date_time_format (when, "%Y-%m-%d_%H-%M-%S");
      g_autofree char *stem = g_strdup_printf ("%s_generated_%05u", stamp, i);
      g_autofree char *file = g_strconcat (stem, ".", extension, NULL);
      g_autofree char *image_path = g_build_filename (folder, file, NULL);
      g_autofree char *sidecar_name = g_strconcat (stem, ".json", NULL);
      g_autofree char *sidecar_path = g_build_filename (folder, sidecar_name, NULL);
      g_autoptr(JsonObject) record = archive_record (rand, i, file, sha256, mime_type,
                                                         length, when);
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), record);
      g_autofree char *text = json_to_string (node, TRUE);

      g_file_set_contents (image_path, data, length, &error);
      g_assert_no_error (error);
      g_file_set_contents (sidecar_path, text, -1, &error);
      g_assert_no_error (error);
    }
}

GPtrArray *
fs_test_run_job (FsJob         *job,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fs_job_run_async (job, cancellable, fs_test_result_cb, &result);
  return fs_job_run_finish (job, fs_test_wait_result (&result), error);
}

/* Images */

GBytes *
fs_test_make_image (const char *format,
                    int         width,
                    int         height,
                    guint32     rgba)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, rgba);
  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, format, &error, NULL);
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, size);
}

FsEditSource *
fs_test_edit_source (int     width,
                     int     height,
                     guint32 rgba)
{
  g_autoptr(GBytes) bytes = fs_test_make_image ("png", width, height, rgba);
  g_autoptr(GError) error = NULL;
  g_autoptr(FsReference) image = fs_reference_new_from_bytes (bytes, "source.png", &error);

  g_assert_no_error (error);
  return fs_edit_source_new (image, NULL, NULL);
}

FsReference *
fs_test_mask (guint width,
              guint height,
              guint x,
              guint y,
              guint rect_width,
              guint rect_height)
{
  g_autofree guint8 *values = g_malloc0 ((gsize) width * height);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  FsReference *mask;

  for (guint row = y; row < MIN (height, y + rect_height); row++)
    memset (values + (gsize) row * width + x, 255, MIN (width - x, rect_width));

  png = fs_mask_encode_png (values, width, height, width);
  mask = fs_reference_new_from_bytes (png, "mask.png", &error);
  g_assert_no_error (error);
  return mask;
}

/* Loopback servers */

/* @address defaults to 127.0.0.1; the port is the system's choice. */
char *
fs_test_server_listen (SoupServer *server,
                       const char *address)
{
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;
  char *base;

  socket_address = g_inet_socket_address_new_from_string (address != NULL ? address : "127.0.0.1",
                                                          0);
  g_assert_nonnull (socket_address);
  soup_server_listen (server, socket_address, 0, &error);
  g_assert_no_error (error);

  /* One listener, so one URI: the one just made. */
  uris = soup_server_get_uris (server);
  g_assert_cmpuint (g_slist_length (uris), ==, 1);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';

  return base;
}

SoupServer *
fs_test_server_new (SoupServerCallback   callback,
                    gpointer             user_data,
                    char               **base_url)
{
  SoupServer *server = soup_server_new (NULL, NULL);

  soup_server_add_handler (server, NULL, callback, user_data, NULL);
  *base_url = fs_test_server_listen (server, NULL);
  return server;
}

void
fs_test_server_free (SoupServer *server)
{
  soup_server_disconnect (server);
  g_object_unref (server);
}

/* Request parameters */

void
fs_test_set_int (FsRequest  *request,
                 const char *name,
                 gint64      value)
{
  fs_request_set_param (request, name, g_variant_new_int64 (value));
}

void
fs_test_set_double (FsRequest  *request,
                    const char *name,
                    double      value)
{
  fs_request_set_param (request, name, g_variant_new_double (value));
}

void
fs_test_set_bool (FsRequest  *request,
                  const char *name,
                  gboolean    value)
{
  fs_request_set_param (request, name, g_variant_new_boolean (value));
}

void
fs_test_set_string (FsRequest  *request,
                    const char *name,
                    const char *value)
{
  fs_request_set_param (request, name, g_variant_new_string (value));
}

/* Journal ------------------------------------------------------------------ */

char *
fs_test_journal_column (const char *db_path,
                        const char *job_id,
                        const char *column)
{
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return NULL;
    }

  /* Without a job id the first row is read: tests that run one job. */
  sql = g_strdup_printf ("SELECT %s FROM jobs%s", column,
                         job_id != NULL ? " WHERE job_id = ?" : "");
  sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (stmt != NULL && job_id != NULL)
    sqlite3_bind_text (stmt, 1, job_id, -1, SQLITE_STATIC);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0))
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

char *
fs_test_nested_json (guint depth)
{
  GString *text = g_string_sized_new (2 * depth);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');

  return g_string_free (text, FALSE);
}

char *
fs_test_query_string (const char *db_path,
                      const char *sql,
                      const char *argument)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_busy_timeout (db, 5000);
  sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (stmt != NULL && argument != NULL)
    sqlite3_bind_text (stmt, 1, argument, -1, SQLITE_STATIC);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0))
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* The journal is written in order in the background; waits for @want. */
gboolean
fs_test_wait_for_journal_state (const char *db_path,
                                const char *job_id,
                                const char *want)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *state = fs_test_journal_column (db_path, job_id, "state");

      if (g_strcmp0 (state, want) == 0)
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }

  return FALSE;
}

