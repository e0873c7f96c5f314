/* test-job.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fs-core-enums.h"
#include "fs-error.h"
#include "fs-job.h"
#include "fs-provider.h"
#include "fs-test-util.h"

/* One generation's life end to end inside the process: the offline
 * sandbox, and a BFL-shaped SoupServer on 127.0.0.1 that never finishes,
 * to check the journal, cancellation and the polling time limit. */

typedef struct
{
  char       *dir;
  char       *db_path;
  FsLibrary  *library;
  FsCatalog  *catalog;
  SoupServer *server;
  char       *base;
  GArray     *stages;
  char       *state_at_submit;  /* journal state seen when the POST came */
  guint       polls;
  gboolean    ready;            /* polls answer Ready with a result URL */
  guint       requests;         /* every request that reached the server */
  guint       submits;
  guint       deliveries;
  guint       failing;          /* deliveries that answer 500 before the image */
  guint       cut;              /* then deliveries cut off mid-body */
  guint       short_length;     /* then deliveries whose Content-Length is short */
  guint       not_image;        /* then deliveries of a web page */
  guint       pending;          /* polls that answer Pending before Ready */
  GArray     *poll_times;       /* gint64, monotonic µs of each poll */
  GBytes     *image;            /* what the delivery serves, when not the default */
} Fixture;

static GBytes *
delivered_image (Fixture *f)
{
  if (f->image == NULL)
    f->image = fs_test_make_image ("png", 16, 16, 0x02eb3cff);
  return f->image;
}

/* Headers that promise @promised bytes, then @sent bytes of the image,
 * then the connection closes: a body cut short, or a Content-Length that
 * is wrong. The image is small enough for the socket's buffer. */
static void
serve_raw (SoupServerMessage *msg,
           GBytes            *image,
           gsize              promised,
           gsize              sent)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
  g_autofree char *head = NULL;
  GOutputStream *out;

  g_assert_nonnull (stream);
  out = g_io_stream_get_output_stream (stream);
  head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: %"
                          G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n", promised);
  g_assert_true (g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL));
  g_assert_true (g_output_stream_write_all (out, g_bytes_get_data (image, NULL), sent,
                                            NULL, NULL, NULL));
  g_io_stream_close (stream, NULL, NULL);
}

static void
deliver (Fixture           *f,
         SoupServerMessage *msg)
{
  GBytes *image = delivered_image (f);
  gsize size = g_bytes_get_size (image);
  guint n = f->deliveries++;
  static const char page[] = "<!DOCTYPE html><html><body>Sign in</body></html>";

  if (n < f->failing)
    soup_server_message_set_status (msg, 500, NULL);
  else if ((n -= f->failing) < f->cut)
    serve_raw (msg, image, size, size / 2);
  else if ((n -= f->cut) < f->short_length)
    serve_raw (msg, image, size / 2, size);
  else if (n - f->short_length < f->not_image)
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        page, strlen (page));
    }
  else
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (image, NULL), size);
    }
}


static void
handle_bfl (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fixture *f = user_data;
  g_autofree char *body = NULL;

  f->requests++;
  if (g_str_equal (path, "/delivery/sample.png"))
    {
      deliver (f, msg);
      return;
    }

  if (g_str_has_prefix (path, "/v1/flux-"))
    {
      f->submits++;
      g_free (f->state_at_submit);
      f->state_at_submit = fs_test_journal_column (f->db_path, NULL, "state");
      body = g_strdup_printf ("{\"id\":\"t1\",\"polling_url\":\"%s/v1/get_result?id=t1\"}",
                              f->base);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "x-request-id", "req-submit");
    }
  else if (f->ready && f->polls >= f->pending)
    {
      gint64 now = g_get_monotonic_time ();

      g_array_append_val (f->poll_times, now);
      f->polls++;
      body = g_strdup_printf ("{\"id\":\"t1\",\"status\":\"Ready\","
                              "\"result\":{\"sample\":\"%s/delivery/sample.png\"}}", f->base);
    }
  else
    {
      gint64 now = g_get_monotonic_time ();

      g_array_append_val (f->poll_times, now);
      f->polls++;
      body = g_strdup ("{\"id\":\"t1\",\"status\":\"Pending\",\"progress\":0.25}");
    }

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = fs_test_make_dir ("fs-test-job-XXXXXX");
  f->db_path = g_build_filename (f->dir, "library.db", NULL);
  f->library = fs_test_library_new (f->dir);
  f->catalog = fs_test_load_catalog ();
  f->stages = g_array_new (FALSE, FALSE, sizeof (int));
  f->poll_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->server = fs_test_server_new (handle_bfl, f, &f->base);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->server, fs_test_server_free);
  g_clear_object (&f->library);
  g_clear_object (&f->catalog);
  g_array_unref (f->stages);
  g_array_unref (f->poll_times);
  g_clear_pointer (&f->image, g_bytes_unref);
  fs_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
  g_free (f->base);
  g_free (f->state_at_submit);
}

static void
stage_cb (FsJob      *job,
          GParamSpec *pspec,
          Fixture    *f)
{
  int stage = fs_job_get_stage (job);

  g_array_append_val (f->stages, stage);
}

static GPtrArray *
run_job (Fixture       *f,
         FsJob         *job,
         GCancellable  *cancellable,
         GError       **error)
{
  g_signal_connect (job, "notify::stage", G_CALLBACK (stage_cb), f);
  return fs_test_run_job (job, cancellable, error);
}

static void
test_sandbox_saves (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(FsRequest) request = fs_request_new ("sandbox", "flux-2-pro");
  g_autoptr(FsProvider) provider = fs_provider_new ("sandbox", NULL, NULL);
  g_autoptr(FsJob) job = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  static const int expected[] = { FS_JOB_SUBMITTED, FS_JOB_DOWNLOADING, FS_JOB_SAVED };
  FsAsset *asset;

  fs_request_set_prompt (request, "a cup of tea, #02eb3c");
  job = fs_job_new (request, f->catalog, provider, f->library, NULL);
  assets = run_job (f, job, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (assets->len, ==, 1);
  asset = g_ptr_array_index (assets, 0);
  g_assert_true (g_file_test (fs_asset_get_path (asset), G_FILE_TEST_IS_REGULAR));
  /* A seed was drawn, used and recorded, since none was given. */
  g_assert_cmpint (fs_asset_get_seed (asset), >=, 0);
  g_assert_cmpuint (fs_asset_get_width (asset), ==, 1024);
  g_assert_cmpstr (fs_asset_get_provider_id (asset), ==, "sandbox");
  g_assert_cmpint (fs_job_get_stage (job), ==, FS_JOB_SAVED);
  g_assert_cmpmem (f->stages->data, f->stages->len * sizeof (int), expected, sizeof expected);
  g_assert_true (fs_test_wait_for_journal_state (f->db_path, fs_job_get_id (job), "saved"));
  /* The caller's request is left as it was. */
  g_assert_null (fs_request_get_param (request, "seed"));
}

/* "stage" is a registered enum (fs-core-enums.h), read by its type. */
static void
test_stage_property (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(FsRequest) request = fs_request_new ("sandbox", "flux-2-pro");
  g_autoptr(FsProvider) provider = fs_provider_new ("sandbox", NULL, NULL);
  g_autoptr(FsJob) job = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GEnumClass) stages = g_type_class_ref (FS_TYPE_JOB_STAGE);
  GParamSpec *pspec;
  FsJobStage stage = FS_JOB_FAILED;

  fs_request_set_prompt (request, "a cup of tea");
  job = fs_job_new (request, f->catalog, provider, f->library, NULL);
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (job), "stage");
  g_assert_true (G_IS_PARAM_SPEC_ENUM (pspec));
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (pspec) == FS_TYPE_JOB_STAGE);
  g_assert_cmpstr (g_enum_get_value (stages, FS_JOB_UNSAVED)->value_nick, ==, "unsaved");

  g_object_get (job, "stage", &stage, NULL);
  g_assert_cmpint (stage, ==, FS_JOB_QUEUED);
  assets = run_job (f, job, NULL, &error);
  g_assert_no_error (error);
  g_object_get (job, "stage", &stage, NULL);
  g_assert_cmpint (stage, ==, FS_JOB_SAVED);
}

static void
test_sandbox_outputs (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(FsRequest) request = fs_request_new ("sandbox", "flux_dev");
  g_autoptr(FsProvider) provider = fs_provider_new ("sandbox", NULL, NULL);
  g_autoptr(FsJob) job = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;

  fs_request_set_prompt (request, "three lanterns #ff0088");
  fs_request_set_param (request, "num_outputs", g_variant_new_int64 (3));
  fs_request_set_param (request, "seed", g_variant_new_int64 (7));
  job = fs_job_new (request, f->catalog, provider, f->library, NULL);
  assets = run_job (f, job, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (assets->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    for (guint j = i + 1; j < 3; j++)
      g_assert_cmpstr (fs_asset_get_sha256 (g_ptr_array_index (assets, i)), !=,
                       fs_asset_get_sha256 (g_ptr_array_index (assets, j)));
  g_assert_cmpint (fs_asset_get_seed (g_ptr_array_index (assets, 2)), ==, 7);
}

static void
test_invalid_sends_nothing (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *url = g_strdup (f->base);
  g_autoptr(FsRequest) request = fs_request_new ("bfl", "flux-2-pro");
  g_autoptr(FsProvider) provider = fs_provider_new ("bfl", url, NULL);
  g_autoptr(FsJob) job = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;

  fs_request_set_prompt (request, "tea");
  fs_request_set_param (request, "width", g_variant_new_int64 (1000));
  fs_request_set_param (request, "height", g_variant_new_int64 (1024));
  job = fs_job_new (request, f->catalog, provider, f->library, "k");
  assets = run_job (f, job, NULL, &error);

  g_assert_null (assets);
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "try 992 or 1008"));
  g_assert_cmpint (fs_job_get_stage (job), ==, FS_JOB_FAILED);
  g_assert_null (f->state_at_submit);
  /* Nothing was journalled either: the request never existed. */
  state = fs_test_journal_column (f->db_path, NULL, "state");
  g_assert_null (state);
}

static void
test_missing_key (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FsRequest) request = fs_request_new ("bfl", "flux-2-pro");
  g_autoptr(FsProvider) provider = fs_provider_new ("bfl", f->base, NULL);
  g_autoptr(FsJob) job = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;

  fs_request_set_prompt (request, "tea");
  job = fs_job_new (request, f->catalog, provider, f->library, NULL);
  assets = run_job (f, job, NULL, &error);

  g_assert_error (error, FS_ERROR, FS_ERROR_NO_KEY);
  g_assert_nonnull (strstr (error->message, "BFL_API_KEY"));
  g_assert_null (f->state_at_submit);
  g_assert_cmpint (fs_error_exit_status (error), ==, 2);
}

static void
progress_cb (FsJob        *job,
             GParamSpec   *pspec,
             GCancellable *cancellable)
{
  if (fs_job_get_stage (job) == FS_JOB_POLLING && fs_job_get_progress (job) > 0)
    g_cancellable_cancel (cancellable);
}

static void
test_cancel_while_polling (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(FsRequest) request = fs_request_new ("bfl", "flux-2-pro");
  g_autoptr(FsProvider) provider = fs_provider_new ("bfl", f->base, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(FsJob) job = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;

  fs_request_set_prompt (request, "tea");
  job = fs_job_new (request, f->catalog, provider, f->library, "k");
  g_signal_connect (job, "notify::progress", G_CALLBACK (progress_cb), cancellable);
  assets = run_job (f, job, cancellable, &error);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (fs_job_get_stage (job), ==, FS_JOB_CANCELLED);
  /* The row was on disk before the request arrived at the server. */
  g_assert_cmpstr (f->state_at_submit, ==, "queued");
  g_assert_cmpuint (f->polls, >=, 1);
  g_assert_true (fs_test_wait_for_journal_state (f->db_path, fs_job_get_id (job), "cancelled"));
}

static void
test_poll_time_limit (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(FsRequest) request = fs_request_new ("bfl", "flux-2-pro");
  g_autoptr(FsProvider) provider = fs_provider_new ("bfl", f->base, NULL);
  g_autoptr(FsJob) job = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;

  fs_request_set_prompt (request, "tea");
  job = fs_job_new (request, f->catalog, provider, f->library, "k");
  fs_job_set_poll_timeout (job, 2);
  assets = run_job (f, job, NULL, &error);

  g_assert_error (error, FS_ERROR, FS_ERROR_TIMEOUT);
  g_assert_cmpint (fs_error_exit_status (error), ==, 4);
  /* The first poll goes out at once, the next every half second: a
   * handful in 2 s. */
  g_assert_cmpuint (f->polls, >=, 2);
  g_assert_cmpuint (f->polls, <=, 6);
  g_assert_true (fs_test_wait_for_journal_state (f->db_path, fs_job_get_id (job), "failed"));
  g_assert_cmpstr (fs_job_get_status_text (job), ==, error->message);
}

#define SECRET_KEY "sk-secret-do-not-leak-42"

static void
count_cb (FsJob      *job,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
  g_assert_cmpuint (fs_job_get_exchanges (job)->len, ==, *count);
}

static void
assert_exchange (const FsExchange *exchange,
                 const char       *label,
                 guint             status)
{
  g_assert_cmpstr (exchange->label, ==, label);
  g_assert_cmpuint (exchange->status, ==, status);
  g_assert_nonnull (exchange->request);
  g_assert_nonnull (exchange->curl);
  g_assert_true (g_str_has_prefix (exchange->curl, "curl "));
  g_assert_nonnull (exchange->response_headers);
  g_assert_nonnull (exchange->response_body);
  g_assert_cmpint (exchange->elapsed_ms, >=, 0);
  g_assert_null (strstr (exchange->request, SECRET_KEY));
  g_assert_null (strstr (exchange->curl, SECRET_KEY));
}

/* The sidecar keeps the same exchanges, and never the key. */
static void
assert_sidecar_exchanges (FsAsset          *asset,
                          const FsExchange *submit)
{
  g_autoptr(JsonNode) sidecar = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonArray *saved;

  g_assert_true (g_file_get_contents (fs_asset_get_sidecar_path (asset), &text, NULL, NULL));
  g_assert_null (strstr (text, SECRET_KEY));
  sidecar = json_from_string (text, &error);
  g_assert_no_error (error);

  saved = json_object_get_array_member (json_node_get_object (sidecar), "exchanges");
  g_assert_cmpuint (json_array_get_length (saved), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (saved, 0),
                                                  "curl"), ==, submit->curl);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (saved, 1),
                                               "status"), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (saved, 2),
                                                  "label"), ==, "Download 1");
}

static void
test_exchanges (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(FsRequest) request = fs_request_new ("bfl", "flux-2-pro");
  g_autoptr(FsProvider) provider = fs_provider_new ("bfl", f->base, NULL);
  g_autoptr(FsJob) job = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *exchanges;
  const FsExchange *submit, *poll, *download;
  guint notified = 0;

  f->ready = TRUE;
  fs_request_set_prompt (request, "tea, #02eb3c");
  job = fs_job_new (request, f->catalog, provider, f->library, SECRET_KEY);
  g_signal_connect (job, "notify::n-exchanges", G_CALLBACK (count_cb), &notified);
  assets = run_job (f, job, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assets->len, ==, 1);

  /* One exchange per call, each shown once it is answered. */
  exchanges = fs_job_get_exchanges (job);
  g_assert_cmpuint (exchanges->len, ==, 3);
  g_assert_cmpuint (notified, ==, 3);
  submit = g_ptr_array_index (exchanges, 0);
  poll = g_ptr_array_index (exchanges, 1);
  download = g_ptr_array_index (exchanges, 2);

  assert_exchange (submit, "Submit", 200);
  g_assert_true (g_str_has_prefix (submit->request, "POST "));
  g_assert_nonnull (strstr (submit->request, "x-key: [redacted]"));
  g_assert_nonnull (strstr (submit->curl, "-H \"x-key: $BFL_API_KEY\""));
  g_assert_nonnull (strstr (submit->curl, "\"prompt\":\"tea, #02eb3c\""));
  g_assert_nonnull (strstr (submit->response_body, "polling_url"));
  g_assert_nonnull (strstr (submit->response_headers, "x-request-id: req-submit"));
  g_assert_cmpstr (submit->request_id, ==, "req-submit");

  assert_exchange (poll, "Poll 1", 200);
  g_assert_nonnull (strstr (poll->response_body, "\"Ready\""));

  /* The delivery host gets no key, and an image is not shown as text. */
  assert_exchange (download, "Download 1", 200);
  g_assert_null (strstr (download->curl, "BFL_API_KEY"));
  g_assert_true (g_str_has_prefix (download->response_body, "("));
  g_assert_true (g_str_has_suffix (download->response_body, " bytes of image/png)"));

  assert_sidecar_exchanges (g_ptr_array_index (assets, 0), submit);

  /* The older text log still tells the same story. */
  g_assert_cmpuint (fs_job_get_log (job)->len, >=, 5);
}

static void
test_sandbox_no_exchanges (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(FsRequest) request = fs_request_new ("sandbox", "flux-2-pro");
  g_autoptr(FsProvider) provider = fs_provider_new ("sandbox", NULL, NULL);
  g_autoptr(FsJob) job = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *saved;

  fs_request_set_prompt (request, "tea");
  job = fs_job_new (request, f->catalog, provider, f->library, NULL);
  assets = run_job (f, job, NULL, &error);
  g_assert_no_error (error);

  /* Nothing went over HTTP. */
  g_assert_cmpuint (fs_job_get_exchanges (job)->len, ==, 0);
  saved = json_object_get_member (fs_asset_get_record (g_ptr_array_index (assets, 0)),
                                  "exchanges");
  g_assert_nonnull (saved);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (saved)), ==, 0);
}


/* Nothing paid for is lost ------------------------------------------------ */

/* The real schedule spreads the attempts over the link's 10 minutes, the
 * last just before it dies; the scale shrinks it for tests. */
static void
test_download_schedule (void)
{
  gint64 lifetime = 600 * 1000;
  gint64 elapsed = 0;
  gint64 delay;
  guint attempts = 1;

  g_assert_cmpint (fs_job_download_delay_ms (1, 0, lifetime, 1.0), ==, 2000);
  g_assert_cmpint (fs_job_download_delay_ms (2, 2000, lifetime, 1.0), ==, 5000);
  g_assert_cmpint (fs_job_download_delay_ms (1, 0, lifetime, 0.01), ==, 20);

  while ((delay = fs_job_download_delay_ms (attempts, elapsed, lifetime, 1.0)) >= 0)
    {
      g_assert_cmpint (delay, <=, 120 * 1000);
      elapsed += delay;
      attempts++;
    }
  g_assert_cmpuint (attempts, ==, 12);
  g_assert_cmpint (elapsed, >, 9 * 60 * 1000);
  g_assert_cmpint (elapsed, <, lifetime);

  /* Past the link's life, nothing is left to try. */
  g_assert_cmpint (fs_job_download_delay_ms (1, lifetime, lifetime, 1.0), ==, -1);
}

static FsJob *
bfl_job (Fixture *f)
{
  g_autoptr(FsRequest) request = fs_request_new ("bfl", "flux-2-pro");
  g_autoptr(FsProvider) provider = fs_provider_new ("bfl", f->base, NULL);

  fs_request_set_prompt (request, "tea");
  f->ready = TRUE;
  return fs_job_new (request, f->catalog, provider, f->library, "k");
}

/* Journal first, or nothing is sent: a journal locked past its time limit
 * stops the job before its request leaves. */
static void
test_journal_first (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(FsJob) job = bfl_job (f);
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  fs_test_library_open (f->library);
  g_assert_cmpint (sqlite3_open (f->db_path, &db), ==, SQLITE_OK);
  /* The open's look at the folder may still hold the lock for a moment. */
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_setenv ("FLUX_STUDIO_TIMEOUT", "1", TRUE);

  assets = run_job (f, job, NULL, &error);
  g_unsetenv ("FLUX_STUDIO_TIMEOUT");
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);

  g_assert_null (assets);
  g_assert_error (error, FS_ERROR, FS_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "nothing was sent"));
  g_assert_cmpint (fs_job_get_stage (job), ==, FS_JOB_FAILED);
  g_assert_cmpuint (f->requests, ==, 0);
  g_assert_null (fs_test_journal_column (f->db_path, fs_job_get_id (job), "state"));
}

static void
test_download_retried (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(FsJob) job = bfl_job (f);
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *exchanges;

  f->failing = 3;
  g_setenv ("FLUX_STUDIO_DOWNLOAD_SCALE", "0.002", TRUE);
  assets = run_job (f, job, NULL, &error);
  g_unsetenv ("FLUX_STUDIO_DOWNLOAD_SCALE");

  g_assert_no_error (error);
  g_assert_cmpuint (assets->len, ==, 1);
  g_assert_cmpuint (f->deliveries, ==, 4);
  exchanges = fs_job_get_exchanges (job);
  assert_exchange (g_ptr_array_index (exchanges, exchanges->len - 4), "Download 1", 500);
  assert_exchange (g_ptr_array_index (exchanges, exchanges->len - 1), "Download 1, attempt 4",
                   200);
}

/* A delivery host down for the link's whole life: the job is unsaved,
 * says which exchange failed, keeps the link, and Retry saves the image
 * without sending anything to the provider again. */
static void
test_unsaved_then_retry (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FsJob) job = bfl_job (f);
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  f->failing = G_MAXUINT;
  g_setenv ("FLUX_STUDIO_DOWNLOAD_SCALE", "0.002", TRUE);
  assets = run_job (f, job, NULL, &error);

  g_assert_null (assets);
  g_assert_error (error, FS_ERROR, FS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Download 1 of 1 from 127.0.0.1:"));
  g_assert_nonnull (strstr (error->message, "failed with HTTP 500"));
  g_assert_nonnull (strstr (error->message, "link is kept"));
  g_assert_cmpint (fs_job_get_stage (job), ==, FS_JOB_UNSAVED);
  g_assert_cmpuint (fs_job_get_http_status (job), ==, 500);
  g_assert_null (fs_job_get_request_id (job));
  g_assert_cmpuint (f->deliveries, >=, 3);
  g_assert_true (fs_test_wait_for_journal_state (f->db_path, fs_job_get_id (job), "unsaved"));
  url = fs_test_query_string (f->db_path, "SELECT url FROM job_outputs WHERE job_id = ?1",
                              fs_job_get_id (job));
  g_assert_true (g_str_has_suffix (url, "/delivery/sample.png"));

  f->failing = 0;
  g_clear_error (&error);
  assets = run_job (f, job, NULL, &error);
  g_unsetenv ("FLUX_STUDIO_DOWNLOAD_SCALE");
  g_assert_no_error (error);
  g_assert_cmpuint (assets->len, ==, 1);
  g_assert_cmpint (fs_job_get_stage (job), ==, FS_JOB_SAVED);
  g_assert_cmpuint (f->submits, ==, 1);
  g_assert_true (fs_test_wait_for_journal_state (f->db_path, fs_job_get_id (job), "saved"));
}

/* The gallery folder vanished: the bytes go to the recovery folder, the
 * message says what happened, and Retry saves them once it is back. */
static void
test_save_kept_then_retry (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(FsJob) job = bfl_job (f);
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *gallery = g_build_filename (f->dir, "gallery", NULL);
  g_autofree char *recovery = NULL;

  fs_test_library_open (f->library);
  fs_test_remove_dir (gallery);
  assets = run_job (f, job, NULL, &error);

  g_assert_null (assets);
  g_assert_error (error, FS_ERROR, FS_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "is gone"));
  g_assert_nonnull (strstr (error->message, "the image is kept"));
  g_assert_cmpint (fs_job_get_stage (job), ==, FS_JOB_UNSAVED);
  g_assert_cmpuint (fs_job_get_http_status (job), ==, 0);
  g_assert_true (fs_test_wait_for_journal_state (f->db_path, fs_job_get_id (job), "unsaved"));
  recovery = fs_test_query_string (f->db_path,
                                   "SELECT recovery FROM job_outputs WHERE job_id = ?1",
                                   fs_job_get_id (job));
  g_assert_true (g_file_test (recovery, G_FILE_TEST_IS_REGULAR));

  g_assert_cmpint (g_mkdir (gallery, 0755), ==, 0);
  g_clear_error (&error);
  assets = run_job (f, job, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assets->len, ==, 1);
  g_assert_cmpuint (f->deliveries, ==, 1);
  g_assert_false (g_file_test (recovery, G_FILE_TEST_EXISTS));
}

/* Polls: the first at once, then at the provider's interval counted from
 * the last one sent, never sooner (docs/ARCHITECTURE.md, “Providers”). */
static void
test_poll_schedule (void)
{
  const FsProviderInfo *bfl = fs_provider_info_lookup ("bfl");

  g_assert_cmpuint (bfl->poll_interval_ms, ==, 500);
  g_assert_cmpint (fs_job_poll_delay_ms (0, 0, 500), ==, 0);
  g_assert_cmpint (fs_job_poll_delay_ms (1, 0, 500), ==, 500);
  g_assert_cmpint (fs_job_poll_delay_ms (1, 120, 500), ==, 380);
  g_assert_cmpint (fs_job_poll_delay_ms (5, 499, 500), ==, 1);
  /* An answer slower than the interval: the next poll at once. */
  g_assert_cmpint (fs_job_poll_delay_ms (1, 500, 500), ==, 0);
  g_assert_cmpint (fs_job_poll_delay_ms (1, 2000, 500), ==, 0);
  /* A clock that went back cannot make a wait longer than the interval. */
  g_assert_cmpint (fs_job_poll_delay_ms (1, -300, 500), ==, 500);
}

/* A task ready when first polled is downloaded after one poll; a task
 * pending for a while is polled at the interval, not faster. */
static void
test_poll_prompt (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FsJob) job = bfl_job (f);
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;

  assets = run_job (f, job, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->polls, ==, 1);
  g_assert_cmpint (fs_asset_get_timings (g_ptr_array_index (assets, 0))->polls, ==, 1);
}

static void
test_poll_interval (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(FsJob) job = bfl_job (f);
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;

  f->pending = 3;
  assets = run_job (f, job, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->polls, ==, 4);
  g_assert_cmpint (fs_asset_get_timings (g_ptr_array_index (assets, 0))->polls, ==, 4);
  /* Each poll waits for the interval after the one before; a slow
   * machine only makes the gaps longer. The margin is for when the
   * server sees them, not when they are sent. */
  for (guint i = 1; i < f->poll_times->len; i++)
    g_assert_cmpint (g_array_index (f->poll_times, gint64, i) -
                     g_array_index (f->poll_times, gint64, i - 1), >=, 250 * 1000);
}

static gboolean
no_temporary_files (gpointer data)
{
  Fixture *f = data;
  g_autofree char *gallery = g_build_filename (f->dir, "gallery", NULL);
  g_autoptr(GDir) dir = g_dir_open (gallery, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".part"))
      return FALSE;
  return TRUE;
}

/* A download that is not used is removed in a worker thread. */
static void
assert_no_temporary_files (Fixture *f)
{
  g_assert_true (fs_test_wait_for (no_temporary_files, f, 5));
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) contents, length);
}

/* About a megabyte of noise, so that the body streams in several pieces. */
static GBytes *
noisy_png (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 600, 600);
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  gsize length = (gsize) gdk_pixbuf_get_rowstride (pixbuf) * 600;
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize size = 0;

  for (gsize i = 0; i < length; i++)
    pixels[i] = (guint8) g_rand_int (rand);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &data, &size, "png", &error, NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (data, size);
}

/* The body goes to the gallery as it comes, hashed on the way: the file is
 * the bytes served, the sidecar's sha256 and size are the file's, and no
 * temporary file is left. */
static void
test_download_streamed (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FsJob) job = bfl_job (f);
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  FsAsset *asset;

  f->image = noisy_png ();
  g_assert_cmpuint (g_bytes_get_size (f->image), >, 512 * 1024);
  assets = run_job (f, job, NULL, &error);
  g_assert_no_error (error);
  asset = g_ptr_array_index (assets, 0);

  g_assert_true (g_file_get_contents (fs_asset_get_path (asset), &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (f->image, NULL),
                   g_bytes_get_size (f->image));
  sha256 = file_sha256 (fs_asset_get_path (asset));
  g_assert_cmpstr (fs_asset_get_sha256 (asset), ==, sha256);
  g_assert_cmpint (fs_asset_get_file_size (asset), ==, (gint64) length);
  g_assert_cmpuint (fs_asset_get_width (asset), ==, 600);
  g_assert_true (g_str_has_suffix (fs_asset_get_path (asset), ".png"));
  assert_no_temporary_files (f);
}

/* Bodies cut off (fewer bytes than their Content-Length), bodies whose
 * Content-Length is short (the image cut) and a web page: each attempt
 * is retried on the schedule, none leaves a file, and the image saved
 * at last is the one served. */
static void
test_download_cut_retried (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(FsJob) job = bfl_job (f);
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  GPtrArray *exchanges;
  FsAsset *asset;

  f->cut = 2;
  f->short_length = 1;
  f->not_image = 1;
  g_setenv ("FLUX_STUDIO_DOWNLOAD_SCALE", "0.002", TRUE);
  assets = run_job (f, job, NULL, &error);
  g_unsetenv ("FLUX_STUDIO_DOWNLOAD_SCALE");

  g_assert_no_error (error);
  g_assert_cmpuint (f->deliveries, ==, 5);
  asset = g_ptr_array_index (assets, 0);
  sha256 = file_sha256 (fs_asset_get_path (asset));
  g_assert_cmpstr (fs_asset_get_sha256 (asset), ==, sha256);
  g_assert_cmpint (fs_asset_get_file_size (asset), ==,
                   (gint64) g_bytes_get_size (delivered_image (f)));
  exchanges = fs_job_get_exchanges (job);
  assert_exchange (g_ptr_array_index (exchanges, exchanges->len - 1), "Download 1, attempt 5",
                   200);
  assert_no_temporary_files (f);
}

/* A link that only ever gives a cut body: the job is unsaved, keeps the
 * link, and leaves no temporary file behind. */
static void
test_download_cut_unsaved (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(FsJob) job = bfl_job (f);
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;

  f->cut = G_MAXUINT / 2;
  g_setenv ("FLUX_STUDIO_DOWNLOAD_SCALE", "0.002", TRUE);
  assets = run_job (f, job, NULL, &error);
  g_unsetenv ("FLUX_STUDIO_DOWNLOAD_SCALE");

  g_assert_null (assets);
  g_assert_error (error, FS_ERROR, FS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "the connection dropped"));
  g_assert_nonnull (strstr (error->message, "link is kept"));
  g_assert_cmpint (fs_job_get_stage (job), ==, FS_JOB_UNSAVED);
  g_assert_cmpuint (f->deliveries, >=, 3);
  assert_no_temporary_files (f);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = fs_test_make_dir ("fs-test-job-data-XXXXXX");
  int status;

  g_test_init (&argc, &argv, NULL);
  g_unsetenv ("FLUX_STUDIO_TIMEOUT");
  /* The recovery folder lives here, not in the user's data. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_add ("/job/sandbox-saves", Fixture, NULL, fixture_set_up, test_sandbox_saves, fixture_tear_down);
  g_test_add ("/job/stage-property", Fixture, NULL, fixture_set_up, test_stage_property, fixture_tear_down);
  g_test_add ("/job/sandbox-outputs", Fixture, NULL, fixture_set_up, test_sandbox_outputs, fixture_tear_down);
  g_test_add ("/job/invalid-sends-nothing", Fixture, NULL, fixture_set_up, test_invalid_sends_nothing, fixture_tear_down);
  g_test_add ("/job/missing-key", Fixture, NULL, fixture_set_up, test_missing_key, fixture_tear_down);
  g_test_add ("/job/cancel-while-polling", Fixture, NULL, fixture_set_up, test_cancel_while_polling, fixture_tear_down);
  g_test_add ("/job/exchanges", Fixture, NULL, fixture_set_up, test_exchanges, fixture_tear_down);
  g_test_add ("/job/sandbox-no-exchanges", Fixture, NULL, fixture_set_up, test_sandbox_no_exchanges, fixture_tear_down);
  g_test_add ("/job/poll-time-limit", Fixture, NULL, fixture_set_up, test_poll_time_limit, fixture_tear_down);
  g_test_add_func ("/job/download-schedule", test_download_schedule);
  g_test_add ("/job/journal-first", Fixture, NULL, fixture_set_up, test_journal_first, fixture_tear_down);
  g_test_add ("/job/download-retried", Fixture, NULL, fixture_set_up, test_download_retried, fixture_tear_down);
  g_test_add ("/job/unsaved-then-retry", Fixture, NULL, fixture_set_up, test_unsaved_then_retry, fixture_tear_down);
  g_test_add ("/job/save-kept-then-retry", Fixture, NULL, fixture_set_up, test_save_kept_then_retry, fixture_tear_down);
  g_test_add_func ("/job/poll-schedule", test_poll_schedule);
  g_test_add ("/job/poll-prompt", Fixture, NULL, fixture_set_up, test_poll_prompt, fixture_tear_down);
  g_test_add ("/job/poll-interval", Fixture, NULL, fixture_set_up, test_poll_interval, fixture_tear_down);
  g_test_add ("/job/download-streamed", Fixture, NULL, fixture_set_up, test_download_streamed, fixture_tear_down);
  g_test_add ("/job/download-cut-retried", Fixture, NULL, fixture_set_up, test_download_cut_retried, fixture_tear_down);
  g_test_add ("/job/download-cut-unsaved", Fixture, NULL, fixture_set_up, test_download_cut_unsaved, fixture_tear_down);

  status = g_test_run ();
  fs_test_remove_dir (data_home);
  return status;
}
