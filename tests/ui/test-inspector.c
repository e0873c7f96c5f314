/* test-inspector.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "fs-catalog.h"
#include "fs-http.h"
#include "fs-inspector.h"
#include "fs-job.h"
#include "fs-test-ui-util.h"

/* The request inspector on a saved image whose sidecar holds the
 * exchanges of a BFL run: every exchange listed, the request with its key
 * redacted, the response with its x-request-id, and Copy as curl giving
 * the command with $BFL_API_KEY and never the key itself. Then live, on a
 * BFL job against a fake server on 127.0.0.1. */

#define SECRET_KEY "bfl-test-key-7c1d2e9a5f"

typedef struct
{
  FsAsset   *asset;
  GtkWidget *inspector;
} Fixture;

static JsonObject *
exchange_from_call (const char *label,
                    FsHttpCall *call,
                    guint       status,
                    const char *headers,
                    const char *body,
                    const char *request_id,
                    gint64      elapsed_ms)
{
  JsonObject *exchange = json_object_new ();
  g_autofree char *request = fs_http_call_describe (call);
  g_autofree char *curl = fs_http_call_to_curl (call, "$BFL_API_KEY");

  json_object_set_string_member (exchange, "label", label);
  json_object_set_string_member (exchange, "request", request);
  json_object_set_string_member (exchange, "curl", curl);
  json_object_set_int_member (exchange, "status", status);
  json_object_set_string_member (exchange, "response_headers", headers);
  json_object_set_string_member (exchange, "response_body", body);
  if (request_id != NULL)
    json_object_set_string_member (exchange, "request_id", request_id);
  json_object_set_int_member (exchange, "elapsed_ms", elapsed_ms);
  return exchange;
}

/* The calls are built the way the BFL provider builds them, key included,
 * so that what reaches the sidecar is what the core makes of a real key. */
static JsonArray *
bfl_exchanges (void)
{
  g_autoptr(FsHttpCall) submit = fs_http_call_new ("POST", "https://api.bfl.ai/v1/flux-2-pro");
  g_autoptr(FsHttpCall) poll = fs_http_call_new ("GET",
                                                 "https://api.bfl.ai/v1/get_result?id=t1");
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *exchanges = json_array_new ();

  g_assert_true (json_parser_load_from_data (parser, "{\"prompt\":\"a fox\",\"seed\":7}", -1,
                                             NULL));
  fs_http_call_set_json (submit, json_parser_get_root (parser));
  fs_http_call_set_key (submit, "x-key", NULL, SECRET_KEY);
  fs_http_call_set_key (poll, "x-key", NULL, SECRET_KEY);

  json_array_add_object_element (exchanges,
    exchange_from_call ("Submit", submit, 200,
                        "content-type: application/json\nx-request-id: req-123\n",
                        "{\"id\":\"t1\","
                        "\"polling_url\":\"https://api.bfl.ai/v1/get_result?id=t1\"}",
                        "req-123", 412));
  json_array_add_object_element (exchanges,
    exchange_from_call ("Poll 1", poll, 200, "content-type: application/json\n",
                        "{\"id\":\"t1\",\"status\":\"Pending\"}", NULL, 188));
  json_array_add_object_element (exchanges,
    exchange_from_call ("Poll 2", poll, 200, "content-type: application/json\n",
                        "{\"id\":\"t1\",\"status\":\"Ready\"}", NULL, 171));
  return exchanges;
}

static FsAsset *
new_asset (gboolean with_exchanges)
{
  g_autoptr(JsonObject) record = json_object_new ();
  JsonObject *params = json_object_new ();

  json_object_set_string_member (record, "provider", with_exchanges ? "bfl" : "sandbox");
  json_object_set_string_member (record, "model", "flux-2-pro");
  json_object_set_string_member (record, "prompt", "a fox");
  json_object_set_int_member (params, "seed", 7);
  json_object_set_object_member (record, "params", params);
  if (with_exchanges)
    json_object_set_array_member (record, "exchanges", bfl_exchanges ());

  return fs_asset_new_from_record ("/nonexistent/fox.jpeg", record);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->asset = new_asset (GPOINTER_TO_INT (data));
  f->inspector = fs_inspector_new_for_asset (NULL, f->asset);
  gtk_window_present (GTK_WINDOW (f->inspector));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->inspector));
  g_clear_object (&f->asset);
}

/* Widgets are found by type and accessible name: labels are named by
 * their text, so the type tells a heading from its view. */
static char *
view_text (Fixture    *f,
           const char *label)
{
  GtkWidget *view = fs_test_find_by_label (f->inspector, GTK_TYPE_TEXT_VIEW, label);
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_assert_nonnull (view);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static char *
copy_as_curl (Fixture *f)
{
  GtkWidget *button = fs_test_find_by_label (f->inspector, GTK_TYPE_BUTTON, "Copy as curl");

  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  return fs_test_read_clipboard_text (f->inspector);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static void
test_exchanges (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *list = fs_test_find_by_label (f->inspector, GTK_TYPE_LIST_BOX, "Exchanges");
  g_autofree char *request = NULL;
  g_autofree char *response = NULL;
  g_autofree char *curl = NULL;

  g_assert_true (GTK_IS_LIST_BOX (list));
  g_assert_true (gtk_widget_get_mapped (list));
  g_assert_cmpuint (count_rows (GTK_LIST_BOX (list)), ==, 3);
  g_assert_cmpint (gtk_list_box_row_get_index (gtk_list_box_get_selected_row (GTK_LIST_BOX (list))),
                   ==, 0);

  request = view_text (f, "Request");
  g_assert_true (g_str_has_prefix (request, "POST https://api.bfl.ai/v1/flux-2-pro"));
  g_assert_nonnull (strstr (request, "\"prompt\""));
  g_assert_null (strstr (request, SECRET_KEY));

  response = view_text (f, "Response");
  g_assert_nonnull (strstr (response, "HTTP 200"));
  g_assert_nonnull (strstr (response, "x-request-id: req-123"));
  g_assert_nonnull (strstr (response, "\"polling_url\""));

  curl = copy_as_curl (f);
  g_assert_nonnull (strstr (curl, "curl"));
  g_assert_nonnull (strstr (curl, "$BFL_API_KEY"));
  g_assert_nonnull (strstr (curl, "https://api.bfl.ai/v1/flux-2-pro"));
  g_assert_null (strstr (curl, SECRET_KEY));
}

static void
test_select (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *exchanges = fs_test_find_by_label (f->inspector, GTK_TYPE_LIST_BOX, "Exchanges");
  GtkListBox *list = GTK_LIST_BOX (exchanges);
  g_autofree char *request = NULL;
  g_autofree char *curl = NULL;

  gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, 2));
  request = view_text (f, "Request");
  g_assert_true (g_str_has_prefix (request, "GET https://api.bfl.ai/v1/get_result?id=t1"));

  curl = copy_as_curl (f);
  g_assert_nonnull (strstr (curl, "get_result?id=t1"));
  g_assert_nonnull (strstr (curl, "$BFL_API_KEY"));
  g_assert_null (strstr (curl, SECRET_KEY));
}

static void
collect_status_pages (GtkWidget *root,
                      GPtrArray *found)
{
  if (ADW_IS_STATUS_PAGE (root) && gtk_widget_get_mapped (root))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_status_pages (child, found);
}

static void
test_no_exchanges (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();
  GtkWidget *button = fs_test_find_by_label (f->inspector, GTK_TYPE_BUTTON, "Copy as curl");
  GtkWidget *list = fs_test_find_by_label (f->inspector, GTK_TYPE_LIST_BOX, "Exchanges");

  /* The sandbox sends nothing: the inspector says so, and there is no
   * command to copy. */
  collect_status_pages (f->inspector, pages);
  g_assert_cmpuint (pages->len, ==, 1);
  g_assert_false (gtk_widget_get_mapped (list));
  g_assert_false (gtk_widget_is_sensitive (button));
}

/* Live: a BFL-shaped server on 127.0.0.1 that is ready at the first
 * poll, and a job whose inspector fills in while it runs. */

typedef struct
{
  SoupServer *server;
  char       *base;
  GBytes     *png;
} FakeBfl;

static void
fake_bfl_cb (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  FakeBfl *fake = user_data;
  g_autofree char *body = NULL;

  if (g_str_equal (path, "/sample.png"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (fake->png, NULL),
                                        g_bytes_get_size (fake->png));
      return;
    }

  if (g_str_has_prefix (path, "/v1/get_result"))
    body = g_strdup_printf ("{\"id\":\"t1\",\"status\":\"Ready\","
                            "\"result\":{\"sample\":\"%s/sample.png\"}}", fake->base);
  else
    body = g_strdup_printf ("{\"id\":\"t1\",\"polling_url\":\"%s/v1/get_result?id=t1\"}",
                            fake->base);

  soup_message_headers_append (soup_server_message_get_response_headers (msg),
                               "x-request-id", "req-live-1");
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

static void
fake_bfl_start (FakeBfl *fake)
{
  fake->png = fs_test_make_image ("png", 64, 64, 0x2080c0ff);
  fake->server = fs_test_server_new (fake_bfl_cb, fake, &fake->base);
}

static void
fake_bfl_stop (FakeBfl *fake)
{
  g_clear_pointer (&fake->server, fs_test_server_free);
  g_clear_pointer (&fake->base, g_free);
  g_clear_pointer (&fake->png, g_bytes_unref);
}

static void
test_job_live (void)
{
  g_autofree char *dir = fs_test_make_dir ("fs-test-inspector-XXXXXX");
  g_autoptr(FsLibrary) library = fs_test_library_new (dir);
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  g_autoptr(FsProvider) provider = NULL;
  g_autoptr(FsRequest) request = fs_request_new ("bfl", "flux-2-pro");
  g_autoptr(FsJob) job = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *curl = NULL;
  g_autofree char *request_text = NULL;
  FakeBfl fake = { 0 };
  Fixture f = { 0 };
  GtkWidget *list;

  fake_bfl_start (&fake);
  provider = fs_provider_new ("bfl", fake.base, NULL);
  fs_request_set_prompt (request, "a fox, live");
  job = fs_job_new (request, catalog, provider, library, SECRET_KEY);

  /* Opened before anything is sent: empty, then filled as the job runs. */
  f.inspector = fs_inspector_new_for_job (NULL, job);
  gtk_window_present (GTK_WINDOW (f.inspector));
  list = fs_test_find_by_label (f.inspector, GTK_TYPE_LIST_BOX, "Exchanges");
  g_assert_cmpuint (count_rows (GTK_LIST_BOX (list)), ==, 0);

  assets = fs_test_run_job (job, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assets->len, ==, 1);
  g_assert_cmpuint (count_rows (GTK_LIST_BOX (list)), ==, fs_job_get_exchanges (job)->len);
  g_assert_cmpuint (count_rows (GTK_LIST_BOX (list)), >=, 3);

  request_text = view_text (&f, "Request");
  g_assert_nonnull (strstr (request_text, "/v1/flux-2-pro"));
  g_assert_null (strstr (request_text, SECRET_KEY));
  curl = copy_as_curl (&f);
  g_assert_nonnull (strstr (curl, "$BFL_API_KEY"));
  g_assert_null (strstr (curl, SECRET_KEY));

  gtk_window_destroy (GTK_WINDOW (f.inspector));
  fake_bfl_stop (&fake);
  g_clear_object (&library);
  fs_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = fs_test_make_dir ("fs-test-inspector-home-XXXXXX");
  int status;

  g_setenv ("XDG_CACHE_HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/inspector/exchanges", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up,
              test_exchanges, fixture_tear_down);
  g_test_add ("/inspector/select", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up,
              test_select, fixture_tear_down);
  g_test_add ("/inspector/no-exchanges", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_no_exchanges, fixture_tear_down);
  g_test_add_func ("/inspector/job-live", test_job_live);

  status = g_test_run ();
  fs_test_remove_dir (home);
  return status;
}
