/* test-batch-call.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fs-batch-call.h"
#include "fs-error.h"
#include "fs-lease.h"
#include "fs-reference-store.h"
#include "fs-test-util.h"

/* A batch's call journalled as its row and made back into its job
 * (fs-batch-call.c, the code `resume` and the window share): the request
 * and the provider's options come back, references are prepared again
 * from their files or loaded from the reference store, a row that cannot
 * be read is refused; and a batch started in a real library, claimed
 * only once its lease is free, and its rows discarded. */

static FsRequest *
make_request (FsCatalog *catalog G_GNUC_UNUSED)
{
  FsRequest *request = fs_request_new ("bfl", "flux-2-pro");

  fs_request_set_prompt (request, "a teapot, line 3");
  fs_test_set_int (request, "width", 1024);
  fs_test_set_int (request, "height", 768);
  fs_test_set_int (request, "seed", 42);
  return request;
}

static FsReference *
make_reference (guint32 rgba)
{
  g_autoptr(GBytes) bytes = fs_test_make_image ("png", 96, 80, rgba);
  g_autoptr(GError) error = NULL;
  FsReference *reference = fs_reference_new_from_bytes (bytes, "ref.png", &error);

  g_assert_no_error (error);
  return reference;
}

static char *
request_json (FsRequest *request)
{
  g_autoptr(JsonNode) node = fs_request_to_json (request);

  return json_to_string (node, FALSE);
}

/* The row survives the journal's round trip as text. */
static JsonObject *
through_text (JsonObject *row)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), row);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_round_trip (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  g_autoptr(FsRequest) request = make_request (catalog);
  g_autoptr(JsonObject) written = fs_batch_call_to_row (3, "job-1", request, NULL,
                                                        "http://127.0.0.1:9/bfl", TRUE);
  g_autoptr(JsonObject) row = through_text (written);
  g_autoptr(GError) error = NULL;
  g_autoptr(FsBatchCall) call = fs_batch_call_new_from_row (row, catalog, NULL, &error);
  g_autoptr(FsProvider) provider = NULL;
  g_autoptr(FsJob) job = NULL;
  g_autoptr(FsLibrary) library = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *before = request_json (request);
  g_autofree char *after = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (call);
  g_assert_cmpuint (call->line, ==, 3);
  g_assert_cmpstr (call->job_id, ==, "job-1");
  g_assert_cmpstr (call->base_url, ==, "http://127.0.0.1:9/bfl");
  g_assert_true (call->json_references);
  after = request_json (call->request);
  g_assert_cmpstr (after, ==, before);

  provider = fs_provider_new ("bfl", call->base_url, &error);
  g_assert_no_error (error);
  dir = fs_test_make_dir ("fs-batch-call-job-XXXXXX");
  library = fs_test_library_new (dir);
  job = fs_batch_call_new_job (call, catalog, provider, library, "key");
  g_assert_cmpstr (fs_job_get_id (job), ==, "job-1");
  g_clear_pointer (&after, g_free);
  after = request_json (fs_job_get_request (job));
  g_assert_cmpstr (after, ==, before);
  g_clear_object (&job);
  g_clear_object (&library);
  fs_test_remove_dir (dir);
}

static void
test_reference_files (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  g_autoptr(FsRequest) request = make_request (catalog);
  g_autofree char *dir = fs_test_make_dir ("fs-batch-call-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "ref.png", NULL);
  g_autoptr(GBytes) bytes = fs_test_make_image ("png", 96, 80, 0xff0000ff);
  g_autoptr(FsReference) reference = make_reference (0xff0000ff);
  const char *paths[] = { path, NULL };
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(FsBatchCall) call = NULL;
  g_autoptr(FsBatchCall) gone = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));
  fs_request_add_reference (request, reference);
  row = fs_batch_call_to_row (1, "job-2", request, paths, NULL, FALSE);

  call = fs_batch_call_new_from_row (row, catalog, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (call->base_url);
  g_assert_cmpuint (fs_request_get_references (call->request)->len, ==, 1);
  g_assert_cmpstr (fs_reference_get_sha256 (g_ptr_array_index (fs_request_get_references (call->request), 0)),
                   ==, fs_reference_get_sha256 (reference));

  /* A file gone since the batch began is said, with its place and path. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  gone = fs_batch_call_new_from_row (row, catalog, NULL, &error);
  g_assert_null (gone);
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Reference image 1"));
  g_assert_nonnull (strstr (error->message, path));
  fs_test_remove_dir (dir);
}

static void
test_reference_store (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  g_autoptr(FsRequest) request = make_request (catalog);
  g_autoptr(FsReference) kept = make_reference (0x00ff00ff);
  g_autoptr(FsReference) lost = make_reference (0x0000ffff);
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(FsBatchCall) call = NULL;
  g_autoptr(GError) error = NULL;

  /* The window's rows name no files: the store gives the images back. */
  g_assert_true (fs_reference_store_save (kept, &error));
  fs_request_add_reference (request, kept);
  row = fs_batch_call_to_row (2, "job-3", request, NULL, NULL, FALSE);
  call = fs_batch_call_new_from_row (row, catalog, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fs_request_get_references (call->request)->len, ==, 1);
  g_assert_cmpstr (fs_reference_get_sha256 (g_ptr_array_index (fs_request_get_references (call->request), 0)),
                   ==, fs_reference_get_sha256 (kept));
  g_clear_pointer (&call, fs_batch_call_free);
  g_clear_pointer (&row, json_object_unref);

  /* One the store never kept stops the row, saying which. */
  fs_request_add_reference (request, lost);
  row = fs_batch_call_to_row (2, "job-3", request, NULL, NULL, FALSE);
  call = fs_batch_call_new_from_row (row, catalog, NULL, &error);
  g_assert_null (call);
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Reference image 2"));
}

static void
test_unreadable (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  g_autoptr(JsonObject) row = json_object_new ();
  g_autoptr(FsRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  /* As fs_library_index_unsent_batch_rows() gives a row it cannot parse. */
  json_object_set_int_member (row, "line", 5);
  json_object_set_string_member (row, "job_id", "job-4");
  json_object_set_null_member (row, "request");
  json_object_set_null_member (row, "options");
  g_assert_null (fs_batch_call_new_from_row (row, catalog, NULL, &error));
  g_assert_error (error, FS_ERROR, FS_ERROR_FAILED);
  g_clear_error (&error);

  /* In a worker: the good rows become calls, each other a problem with its line. */
  g_ptr_array_add (rows, json_object_ref (row));
  request = make_request (catalog);
  g_ptr_array_add (rows, fs_batch_call_to_row (7, "job-6", request, NULL, NULL, FALSE));
  fs_batch_call_new_from_rows_async (rows, catalog, NULL, fs_test_result_cb, &result);
  calls = fs_batch_call_new_from_rows_finish (fs_test_wait_result (&result), &problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (calls->len, ==, 1);
  g_assert_cmpstr (((FsBatchCall *) g_ptr_array_index (calls, 0))->job_id, ==, "job-6");
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, 0), "line 5: "));
}

static FsBatchClaim *
claim (FsLibrary *library)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  FsBatchClaim *claim;

  fs_library_claim_batches_async (library, NULL, fs_test_result_cb, &result);
  claim = fs_library_claim_batches_finish (library, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return claim;
}

/* How many batches' lease files the library's folder holds. */
static guint
count_batch_leases (const char *dir)
{
  g_autofree char *leases = g_build_filename (dir, "leases", NULL);
  g_autoptr(GDir) listing = g_dir_open (leases, 0, NULL);
  const char *name;
  guint n = 0;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    n += g_str_has_prefix (name, "batch-");
  return n;
}

static void
end_claim (FsLibrary     *library,
           FsBatchClaim **claim)
{
  fs_library_end_batch_claim (library, g_steal_pointer (claim));
  g_assert_true (fs_test_wait_for ((FsTestCondition) fs_library_get_settled, library, 10));
}

static void
test_library_batch (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  g_autofree char *dir = fs_test_make_dir ("fs-batch-call-lib-XXXXXX");
  g_autoptr(FsLibrary) library = fs_test_library_new (dir);
  g_autoptr(JsonArray) rows = json_array_new ();
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FsReference) reference = make_reference (0x123456ff);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsBatchClaim) busy = NULL;
  g_autoptr(FsBatchClaim) mine = NULL;
  g_autoptr(FsBatchClaim) after = NULL;
  g_autoptr(FsBatchCall) call = NULL;
  g_autoptr(FsReference) stored = NULL;
  const char *discard[] = { "job-a", "job-b", NULL };
  FsLease *lease;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(FsRequest) request = make_request (catalog);
      g_autofree char *job_id = g_strdup_printf ("job-%c", 'a' + i);

      fs_request_add_reference (request, reference);
      json_array_add_object_element (rows, fs_batch_call_to_row (i + 1, job_id, request, NULL,
                                                                 NULL, FALSE));
    }
  g_ptr_array_add (keep, g_object_ref (reference));
  fs_library_start_batch_async (library, rows, keep, NULL, fs_test_result_cb, &result);
  lease = fs_library_start_batch_finish (library, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (lease);
  /* The references went into the store before the rows were written. */
  stored = fs_reference_store_load (fs_reference_get_sha256 (reference), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);

  /* While the batch's lease is held its rows are not anybody else's. */
  busy = claim (library);
  g_assert_cmpuint (busy->rows->len, ==, 0);
  g_assert_cmpuint (busy->n_busy, ==, 3);

  fs_library_end_lease (library, lease, TRUE);
  g_assert_true (fs_test_wait_for ((FsTestCondition) fs_library_get_settled, library, 10));
  mine = claim (library);
  g_assert_cmpuint (mine->rows->len, ==, 3);
  call = fs_batch_call_new_from_row (g_ptr_array_index (mine->rows, 2), catalog, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (call->job_id, ==, "job-c");
  g_assert_cmpuint (fs_request_get_references (call->request)->len, ==, 1);

  /* Discarded rows are never offered again; the others still are. */
  g_clear_object (&result);
  fs_library_discard_batch_rows_async (library, discard, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_library_discard_batch_rows_finish (library, fs_test_wait_result (&result),
                                                       &error));
  g_assert_no_error (error);
  /* Done with the claim: the dead batch's lease goes, and its file. */
  g_assert_cmpuint (count_batch_leases (dir), ==, 1);
  end_claim (library, &mine);
  g_assert_cmpuint (count_batch_leases (dir), ==, 0);
  after = claim (library);
  g_assert_cmpuint (after->rows->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (after->rows, 0), "job_id"),
                   ==, "job-c");
  end_claim (library, &after);
  g_assert_cmpuint (count_batch_leases (dir), ==, 0);
  g_clear_object (&library);
  fs_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/batch-call/round-trip", test_round_trip);
  g_test_add_func ("/batch-call/reference-files", test_reference_files);
  g_test_add_func ("/batch-call/reference-store", test_reference_store);
  g_test_add_func ("/batch-call/unreadable", test_unreadable);
  g_test_add_func ("/batch-call/library", test_library_batch);

  return g_test_run ();
}
