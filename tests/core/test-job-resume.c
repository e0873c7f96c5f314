/* test-job-resume.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fs-error.h"
#include "fs-job-resume.h"
#include "fs-test-util.h"

/* Jobs picked up from the journal after a crash: a row journalled as
 * "polling" by a run that never came back is resumed by a new FsJob,
 * which polls the stored URL verbatim and saves the image; rows that
 * cannot be resumed are closed as failed, saying why. The provider is a
 * BFL-shaped SoupServer on 127.0.0.1 inside the process. */

#define INTERRUPTED "Interrupted before the provider answered; it may or may not have been charged."
#define TEST_KEY "k-resume-test"
/* Deliberately not the path a provider would build from a task id: a
 * poll that rebuilt the URL would miss it. */
#define POLL_PATH "/eu-west/v1/get_result"
#define POLL_QUERY "id=t-crashed&sig=abc123"
#define REF_HASH_1 "1111111111111111111111111111111111111111111111111111111111111111"
#define REF_HASH_2 "2222222222222222222222222222222222222222222222222222222222222222"

typedef struct
{
  char       *dir;
  char       *db_path;
  FsLibrary  *library;
  FsCatalog  *catalog;
  SoupServer *server;
  char       *base;
  GPtrArray  *requests;       /* "METHOD path?query", in order */
  GPtrArray  *keys;           /* the x-key of each request, "" when none */
  guint       pending_polls;  /* polls answered Pending before Ready */
  gboolean    not_found;      /* polls answer "Task not found" */
} Fixture;

/* Journal ------------------------------------------------------------------ */


static char *
polling_url (Fixture *f)
{
  return g_strdup_printf ("%s%s?%s", f->base, POLL_PATH, POLL_QUERY);
}

/* What a run leaves behind when it dies after the provider answered
 * (@url set) or before (@url NULL): its last journal write. */
static void
journal_row (Fixture    *f,
             const char *job_id,
             const char *state,
             const char *provider_id,
             const char *url)
{
  g_autoptr(FsRequest) request = fs_request_new (provider_id, "flux-2-pro");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *references;

  fs_request_set_prompt (request, "a lighthouse at dusk, #ff8800");
  fs_request_set_param (request, "width", g_variant_new_int64 (1024));
  fs_request_set_param (request, "height", g_variant_new_int64 (768));
  fs_request_set_param (request, "seed", g_variant_new_int64 (4242));
  node = fs_request_to_json (request);
  /* The references of the original run, by hash, in tray order. */
  references = json_object_get_array_member (json_node_get_object (node), "references");
  json_array_add_string_element (references, REF_HASH_1);
  json_array_add_string_element (references, REF_HASH_2);

  fs_library_journal_async (f->library, job_id, state, node, url, NULL, NULL,
                            fs_test_result_cb, &result);
  g_assert_true (fs_library_journal_finish (f->library, fs_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

static GPtrArray *
list_unfinished (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *rows;

  fs_library_list_unfinished_async (f->library, NULL, fs_test_result_cb, &result);
  rows = fs_library_list_unfinished_finish (f->library, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return rows;
}

static JsonObject *
find_row (GPtrArray  *rows,
          const char *job_id)
{
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (json_object_get_string_member (row, "job_id"), job_id) == 0)
        return row;
    }
  g_assert_not_reached ();
}

/* The provider ----------------------------------------------------------------- */

static void
reply_json (SoupServerMessage *msg,
            const char        *body)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

static void
serve_png (SoupServerMessage *msg)
{
  g_autoptr(GBytes) png = fs_test_make_image ("png", 16, 16, 0xff8800ff);

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (png, NULL), g_bytes_get_size (png));
}

static void
note_request (Fixture           *f,
              SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                  "x-key");

  g_ptr_array_add (f->requests, g_strdup_printf ("%s %s%s%s", soup_server_message_get_method (msg),
                                                 g_uri_get_path (uri), query ? "?" : "",
                                                 query ? query : ""));
  g_ptr_array_add (f->keys, g_strdup (key != NULL ? key : ""));
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

  note_request (f, msg);

  if (g_str_equal (path, "/delivery/sample.png"))
    serve_png (msg);
  else if (!g_str_equal (path, POLL_PATH))
    soup_server_message_set_status (msg, 404, NULL);
  else if (f->not_found)
    reply_json (msg, "{\"id\":\"t-crashed\",\"status\":\"Task not found\"}");
  else if (f->pending_polls > 0)
    {
      f->pending_polls--;
      reply_json (msg, "{\"id\":\"t-crashed\",\"status\":\"Pending\",\"progress\":0.6}");
    }
  else
    {
      body = g_strdup_printf ("{\"id\":\"t-crashed\",\"status\":\"Ready\","
                              "\"result\":{\"sample\":\"%s/delivery/sample.png\"}}", f->base);
      reply_json (msg, body);
    }
}

/* Fixture ------------------------------------------------------------------------ */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = fs_test_make_dir ("fs-test-job-resume-XXXXXX");
  f->db_path = g_build_filename (f->dir, "library.db", NULL);
  f->library = fs_test_library_new (f->dir);
  f->catalog = fs_test_load_catalog ();
  f->requests = g_ptr_array_new_with_free_func (g_free);
  f->keys = g_ptr_array_new_with_free_func (g_free);
  f->server = fs_test_server_new (handle_bfl, f, &f->base);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->server, fs_test_server_free);
  g_clear_object (&f->library);
  g_clear_object (&f->catalog);
  g_ptr_array_unref (f->requests);
  g_ptr_array_unref (f->keys);
  fs_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
  g_free (f->base);
}

/* Runs ------------------------------------------------------------------------------ */

static void
status_cb (FsJob      *job,
           GParamSpec *pspec,
           GPtrArray  *texts)
{
  FsJobStage stage = fs_job_get_stage (job);

  g_ptr_array_add (texts, g_strdup_printf ("%s: %s", fs_job_stage_to_string (stage),
                                           fs_job_get_status_text (job)));
}

static GPtrArray *
run_job (FsJob      *job,
         GPtrArray  *texts,
         GError    **error)
{
  g_signal_connect (job, "notify::status-text", G_CALLBACK (status_cb), texts);
  g_signal_connect (job, "notify::stage", G_CALLBACK (status_cb), texts);
  return fs_test_run_job (job, NULL, error);
}

static FsProvider *
bfl_provider (const char  *provider_id,
              gpointer     user_data,
              GError     **error)
{
  Fixture *f = user_data;

  /* Every provider of the rows, BFL's polls and the others' downloads,
   * talks to this loopback server. */
  return fs_provider_new (provider_id, f->base, error);
}

static FsJob *
resume_row (Fixture     *f,
            const char  *job_id,
            GError     **error)
{
  g_autoptr(GPtrArray) rows = list_unfinished (f);
  g_autoptr(FsProvider) provider = fs_provider_new ("bfl", f->base, NULL);

  return fs_job_new_resumed (find_row (rows, job_id), f->catalog, provider, f->library,
                             TEST_KEY, error);
}

static gboolean
has_string (GPtrArray  *texts,
            const char *text)
{
  return g_ptr_array_find_with_equal_func (texts, text, g_str_equal, NULL);
}

/* The sidecar: the stored request (seed, references by hash) and the
 * journal's job id. */
static void
assert_resumed_record (FsAsset    *asset,
                       const char *job_id)
{
  JsonObject *record = fs_asset_get_record (asset);
  const char * const *references = fs_asset_get_references (asset);

  g_assert_cmpint (fs_asset_get_seed (asset), ==, 4242);
  g_assert_cmpstr (json_object_get_string_member (record, "job_id"), ==, job_id);
  g_assert_cmpstr (json_object_get_string_member (record, "prompt"), ==,
                   "a lighthouse at dusk, #ff8800");
  g_assert_true (json_object_get_boolean_member (record, "resumed"));
  g_assert_nonnull (references);
  g_assert_cmpuint (g_strv_length ((char **) references), ==, 2);
  g_assert_cmpstr (references[0], ==, REF_HASH_1);
  g_assert_cmpstr (references[1], ==, REF_HASH_2);
}

/* Tests ------------------------------------------------------------------------------ */

static void
test_resume_polling_row (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *url = polling_url (f);
  g_autofree char *poll = g_strdup_printf ("GET %s?%s", POLL_PATH, POLL_QUERY);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsJob) job = NULL;
  g_autofree char *request = NULL;

  journal_row (f, "job-crashed", "polling", "bfl", url);
  f->pending_polls = 1;

  job = resume_row (f, "job-crashed", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fs_job_get_id (job), ==, "job-crashed");
  g_assert_cmpint (fs_job_get_stage (job), ==, FS_JOB_QUEUED);
  g_assert_cmpstr (fs_job_get_status_text (job), ==, "Resumed after restart");

  assets = run_job (job, texts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assets->len, ==, 1);
  g_assert_cmpint (fs_job_get_stage (job), ==, FS_JOB_SAVED);
  g_assert_true (has_string (texts, "polling: Resumed after restart"));

  /* Nothing was submitted again: two polls of the stored URL, exactly as
   * stored and with the key (same origin as the base URL), then the
   * download, which gets no key. */
  g_assert_cmpuint (f->requests->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (f->requests, 0), ==, poll);
  g_assert_cmpstr (g_ptr_array_index (f->requests, 1), ==, poll);
  g_assert_cmpstr (g_ptr_array_index (f->requests, 2), ==, "GET /delivery/sample.png");
  g_assert_cmpstr (g_ptr_array_index (f->keys, 0), ==, TEST_KEY);
  g_assert_cmpstr (g_ptr_array_index (f->keys, 2), ==, "");

  assert_resumed_record (g_ptr_array_index (assets, 0), "job-crashed");
  g_assert_true (fs_test_wait_for_journal_state (f->db_path, "job-crashed", "saved"));
  /* The journal keeps the request it had, references included. */
  request = fs_test_journal_column (f->db_path, "job-crashed", "request");
  g_assert_nonnull (strstr (request, REF_HASH_2));
}

static void
test_resume_task_not_found (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *url = polling_url (f);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsJob) job = NULL;
  g_autofree char *detail = NULL;

  journal_row (f, "job-expired", "polling", "bfl", url);
  f->not_found = TRUE;

  job = resume_row (f, "job-expired", &error);
  g_assert_no_error (error);
  assets = run_job (job, texts, &error);

  g_assert_null (assets);
  g_assert_error (error, FS_ERROR, FS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "no task with this id"));
  g_assert_cmpuint (f->requests->len, ==, 1);
  g_assert_true (fs_test_wait_for_journal_state (f->db_path, "job-expired", "failed"));
  detail = fs_test_journal_column (f->db_path, "job-expired", "detail");
  g_assert_cmpstr (detail, ==, error->message);
}

static void
test_no_polling_url (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FsJob) job = NULL;

  journal_row (f, "job-queued", "queued", "bfl", NULL);

  job = resume_row (f, "job-queued", &error);
  g_assert_null (job);
  g_assert_error (error, FS_ERROR, FS_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, INTERRUPTED);
}

static void
test_missing_key (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *url = polling_url (f);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(FsProvider) provider = fs_provider_new ("bfl", f->base, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FsJob) job = NULL;

  journal_row (f, "job-keyless", "polling", "bfl", url);
  rows = list_unfinished (f);

  job = fs_job_new_resumed (find_row (rows, "job-keyless"), f->catalog, provider, f->library,
                            NULL, &error);
  g_assert_null (job);
  g_assert_error (error, FS_ERROR, FS_ERROR_NO_KEY);
}

static FsJobResumeEntry *
find_entry (GPtrArray  *entries,
            const char *job_id)
{
  for (guint i = 0; i < entries->len; i++)
    {
      FsJobResumeEntry *entry = g_ptr_array_index (entries, i);

      if (g_strcmp0 (entry->job_id, job_id) == 0)
        return entry;
    }
  g_assert_not_reached ();
}

static GPtrArray *
resume_all (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  fs_job_resume_all_async (f->library, f->catalog, bfl_provider, f, NULL, fs_test_result_cb,
                           &result);
  entries = fs_job_resume_all_finish (f->library, fs_test_wait_result (&result), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entries);
  return entries;
}

static void
assert_closed (Fixture          *f,
               FsJobResumeEntry *entry,
               const char       *detail)
{
  g_autofree char *state = fs_test_journal_column (f->db_path, entry->job_id, "state");
  g_autofree char *stored = fs_test_journal_column (f->db_path, entry->job_id, "detail");

  g_assert_null (entry->job);
  g_assert_nonnull (entry->error);
  g_assert_true (entry->closed);
  if (detail != NULL)
    g_assert_cmpstr (entry->error->message, ==, detail);
  g_assert_cmpstr (state, ==, "failed");
  g_assert_cmpstr (stored, ==, entry->error->message);
}

static void
test_resume_all (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *url = polling_url (f);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GError) error = NULL;
  FsJobResumeEntry *entry;

  journal_row (f, "a-polling", "polling", "bfl", url);
  journal_row (f, "b-queued", "queued", "bfl", NULL);
  journal_row (f, "c-apiyi", "queued", "apiyi", NULL);
  journal_row (f, "d-sandbox", "downloading", "sandbox", NULL);
  journal_row (f, "e-saved", "saved", "bfl", url);

  entries = resume_all (f);
  g_assert_cmpuint (entries->len, ==, 4);

  /* Nothing is sent until the caller runs the job. */
  g_assert_cmpuint (f->requests->len, ==, 0);
  entry = find_entry (entries, "a-polling");
  g_assert_no_error (entry->error);
  g_assert_false (entry->closed);
  g_assert_cmpstr (entry->prompt, ==, "a lighthouse at dusk, #ff8800");
  assets = run_job (entry->job, texts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assets->len, ==, 1);
  /* The key came from the environment, through fs_secrets. */
  g_assert_cmpstr (g_ptr_array_index (f->keys, 0), ==, TEST_KEY);
  assert_resumed_record (g_ptr_array_index (assets, 0), "a-polling");
  g_assert_true (fs_test_wait_for_journal_state (f->db_path, "a-polling", "saved"));

  assert_closed (f, find_entry (entries, "b-queued"), INTERRUPTED);
  entry = find_entry (entries, "c-apiyi");
  assert_closed (f, entry, NULL);
  g_assert_nonnull (strstr (entry->error->message, "APIYI"));
  g_assert_nonnull (strstr (entry->error->message, "single call"));
  entry = find_entry (entries, "d-sandbox");
  assert_closed (f, entry, NULL);
  g_assert_nonnull (strstr (entry->error->message, "charges nothing"));

  /* Each is reported once: nothing is left for the next start. */
  left = list_unfinished (f);
  g_assert_cmpuint (left->len, ==, 0);
}

static void
test_resume_all_without_key (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *url = polling_url (f);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autofree char *saved_key = g_strdup (g_getenv ("BFL_API_KEY"));
  FsJobResumeEntry *entry;

  journal_row (f, "keyless", "polling", "bfl", url);
  g_unsetenv ("BFL_API_KEY");
  entries = resume_all (f);
  g_setenv ("BFL_API_KEY", saved_key, TRUE);

  /* A key may still be set: the row waits for a later start. */
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_null (entry->job);
  g_assert_error (entry->error, FS_ERROR, FS_ERROR_NO_KEY);
  g_assert_false (entry->closed);
  left = list_unfinished (f);
  g_assert_cmpuint (left->len, ==, 1);
  g_assert_cmpuint (f->requests->len, ==, 0);
}

/* A run returns only once its last journal write is on disk: a front
 * that exits at once (the CLI) must not leave a saved job unfinished, or
 * the next start would resume it and save the image twice. */
static void
test_journalled_before_return (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(FsRequest) request = fs_request_new ("sandbox", "flux-2-pro");
  g_autoptr(FsProvider) provider = fs_provider_new ("sandbox", NULL, NULL);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsJob) job = NULL;
  g_autofree char *state = NULL;

  fs_request_set_prompt (request, "a cup of tea");
  job = fs_job_new (request, f->catalog, provider, f->library, NULL);
  assets = run_job (job, texts, &error);
  g_assert_no_error (error);

  state = fs_test_journal_column (f->db_path, fs_job_get_id (job), "state");
  g_assert_cmpstr (state, ==, "saved");
  left = list_unfinished (f);
  g_assert_cmpuint (left->len, ==, 0);
}


/* Results journalled by a run that died ------------------------------------------ */

static void
journal_output (Fixture    *f,
                const char *job_id,
                const char *url,
                gboolean    expired)
{
  g_autoptr(JsonArray) outputs = json_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *output = json_object_new ();

  json_object_set_int_member (output, "index", 0);
  json_object_set_string_member (output, "url", url);
  json_object_set_int_member (output, "received", g_get_real_time ());
  json_object_set_boolean_member (output, "expired", expired);
  json_array_add_object_element (outputs, output);
  fs_library_journal_outputs_async (f->library, job_id, outputs, NULL, fs_test_result_cb,
                                    &result);
  g_assert_true (fs_library_journal_outputs_finish (f->library, fs_test_wait_result (&result),
                                                    &error));
  g_assert_no_error (error);
}

static char *
keep_output (Fixture    *f,
             const char *job_id)
{
  g_autoptr(GBytes) image = fs_test_make_image ("png", 16, 16, 0x123456ff);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *path;

  fs_library_keep_output_async (f->library, job_id, 0, image, NULL, fs_test_result_cb, &result);
  path = fs_library_keep_output_finish (f->library, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return path;
}

static FsJobResumeEntry *
resume_one (Fixture    *f,
            GPtrArray **entries)
{
  *entries = resume_all (f);
  g_assert_cmpuint ((*entries)->len, ==, 1);
  return g_ptr_array_index (*entries, 0);
}

/* The gallery refused the image; it waits in the recovery folder and is
 * saved from there, with nothing sent to any host. */
static void
test_resume_from_recovery (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *gone = g_strdup_printf ("%s/delivery/expired.png", f->base);
  g_autofree char *recovery = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  FsJobResumeEntry *entry;
  JsonObject *record;

  journal_row (f, "job-kept", "unsaved", "apiyi", NULL);
  journal_output (f, "job-kept", gone, FALSE);
  recovery = keep_output (f, "job-kept");

  entry = resume_one (f, &entries);
  g_assert_no_error (entry->error);
  assets = run_job (entry->job, texts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assets->len, ==, 1);
  g_assert_cmpuint (f->requests->len, ==, 0);
  g_assert_false (g_file_test (recovery, G_FILE_TEST_EXISTS));
  g_assert_true (fs_test_wait_for_journal_state (f->db_path, "job-kept", "saved"));
  record = fs_asset_get_record (g_ptr_array_index (assets, 0));
  g_assert_true (json_object_get_boolean_member (record, "resumed"));
  g_assert_cmpint (json_object_get_int_member (record, "output"), ==, 0);
}

/* A link already known is downloaded, not polled for again. */
static void
test_resume_by_link (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *poll = polling_url (f);
  g_autofree char *link = g_strdup_printf ("%s/delivery/sample.png", f->base);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  FsJobResumeEntry *entry;

  journal_row (f, "job-link", "downloading", "bfl", poll);
  journal_output (f, "job-link", link, FALSE);

  entry = resume_one (f, &entries);
  assets = run_job (entry->job, texts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assets->len, ==, 1);
  g_assert_cmpuint (f->requests->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->requests, 0), ==, "GET /delivery/sample.png");
  g_assert_cmpstr (g_ptr_array_index (f->keys, 0), ==, "");
  assert_resumed_record (g_ptr_array_index (assets, 0), "job-link");
}

/* A run that died after saving everything, before saying so: closed as
 * saved, quietly. */
static void
test_resume_all_saved (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonObject) record = json_object_new ();
  g_autoptr(GBytes) image = fs_test_make_image ("png", 16, 16, 0x123456ff);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(FsAsset) asset = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GError) error = NULL;

  journal_row (f, "job-done", "downloading", "bfl", NULL);
  journal_output (f, "job-done", "https://delivery.example/x.png", FALSE);
  json_object_set_string_member (record, "provider", "bfl");
  json_object_set_string_member (record, "model", "flux-2-pro");
  json_object_set_string_member (record, "prompt", "saved before the crash");
  json_object_set_object_member (record, "params", json_object_new ());
  fs_library_save_output_async (f->library, "job-done", 0, record, image, NULL,
                                fs_test_result_cb, &result);
  asset = fs_library_save_output_finish (f->library, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);

  entries = resume_all (f);
  g_assert_cmpuint (entries->len, ==, 0);
  g_assert_true (fs_test_wait_for_journal_state (f->db_path, "job-done", "saved"));
  left = list_unfinished (f);
  g_assert_cmpuint (left->len, ==, 0);
  g_assert_cmpuint (f->requests->len, ==, 0);
}

/* Links that expired leave nothing to save: closed, saying so. */
static void
test_resume_expired (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = NULL;
  FsJobResumeEntry *entry;

  journal_row (f, "job-late", "unsaved", "bfl", NULL);
  journal_output (f, "job-late", "https://delivery.example/x.png", TRUE);

  entry = resume_one (f, &entries);
  assert_closed (f, entry, NULL);
  g_assert_error (entry->error, FS_ERROR, FS_ERROR_EXPIRED);
  g_assert_nonnull (strstr (entry->error->message, "10 minutes"));
}

/* A job whose lease a live process holds is that process's: left alone,
 * and taken once it is let go. */
static void
test_resume_leaves_live_jobs (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *url = polling_url (f);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) later = NULL;
  g_autoptr(GError) error = NULL;
  FsLease *lease;
  guint n_busy = 0;

  journal_row (f, "job-live", "polling", "bfl", url);
  fs_library_take_lease_async (f->library, "job-live", NULL, fs_test_result_cb, &result);
  lease = fs_library_take_lease_finish (f->library, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);

  g_clear_object (&result);
  fs_job_resume_all_async (f->library, f->catalog, bfl_provider, f, NULL, fs_test_result_cb,
                           &result);
  entries = fs_job_resume_all_finish (f->library, fs_test_wait_result (&result), &n_busy,
                                      &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);
  g_assert_cmpuint (n_busy, ==, 1);
  g_assert_cmpuint (f->requests->len, ==, 0);

  fs_library_end_lease (f->library, lease, FALSE);
  for (guint i = 0; i < 500 && (later == NULL || later->len == 0); i++)
    {
      g_clear_pointer (&later, g_ptr_array_unref);
      later = resume_all (f);
      if (later->len == 0)
        g_usleep (1000);
    }
  g_assert_cmpuint (later->len, ==, 1);
  g_assert_nonnull (((FsJobResumeEntry *) g_ptr_array_index (later, 0))->job);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *runtime = g_dir_make_tmp ("fs-test-job-resume-run-XXXXXX", NULL);
  int status;

  g_autofree char *data_home = g_dir_make_tmp ("fs-test-job-resume-data-XXXXXX", NULL);

  g_test_init (&argc, &argv, NULL);
  g_unsetenv ("FLUX_STUDIO_TIMEOUT");
  /* The recovery folder lives here, not in the user's data. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  /* The key comes from the environment, never from a keyring of the
   * machine running the tests. */
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  g_setenv ("BFL_API_KEY", TEST_KEY, TRUE);

  g_test_add ("/job-resume/polling-row", Fixture, NULL, fixture_set_up, test_resume_polling_row, fixture_tear_down);
  g_test_add ("/job-resume/task-not-found", Fixture, NULL, fixture_set_up, test_resume_task_not_found, fixture_tear_down);
  g_test_add ("/job-resume/no-polling-url", Fixture, NULL, fixture_set_up, test_no_polling_url, fixture_tear_down);
  g_test_add ("/job-resume/missing-key", Fixture, NULL, fixture_set_up, test_missing_key, fixture_tear_down);
  g_test_add ("/job-resume/all", Fixture, NULL, fixture_set_up, test_resume_all, fixture_tear_down);
  g_test_add ("/job-resume/journalled-before-return", Fixture, NULL, fixture_set_up, test_journalled_before_return, fixture_tear_down);
  g_test_add ("/job-resume/all-without-key", Fixture, NULL, fixture_set_up, test_resume_all_without_key, fixture_tear_down);

  g_test_add ("/job-resume/from-recovery", Fixture, NULL, fixture_set_up, test_resume_from_recovery, fixture_tear_down);
  g_test_add ("/job-resume/by-link", Fixture, NULL, fixture_set_up, test_resume_by_link, fixture_tear_down);
  g_test_add ("/job-resume/all-saved", Fixture, NULL, fixture_set_up, test_resume_all_saved, fixture_tear_down);
  g_test_add ("/job-resume/expired", Fixture, NULL, fixture_set_up, test_resume_expired, fixture_tear_down);
  g_test_add ("/job-resume/leaves-live-jobs", Fixture, NULL, fixture_set_up, test_resume_leaves_live_jobs, fixture_tear_down);

  status = g_test_run ();
  g_rmdir (runtime);
  fs_test_remove_dir (data_home);
  return status;
}
