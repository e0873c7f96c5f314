/* test-job-card.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <libsoup/soup.h>
#include <string.h>

#include "fs-error.h"
#include "fs-job-card.h"
#include "fs-provider.h"
#include "fs-test-ui-util.h"

/* Job cards over real jobs: the offline sandbox, and a BFL-shaped
 * SoupServer on 127.0.0.1 that reports progress, then a result, or
 * refuses the key with a request id. */

typedef struct
{
  char       *dir;
  FsLibrary  *library;
  FsCatalog  *catalog;
  SoupServer *server;
  char       *base;
  gboolean    release;   /* the poll answers Ready once set */
  GBytes     *png;
} Fixture;

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *content_type,
       const char        *body,
       gsize              length)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, length);
}

static void
handle_bfl (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  g_autofree char *body = NULL;

  if (g_str_has_prefix (path, "/v1/flux-") &&
      g_strcmp0 (soup_message_headers_get_one (request_headers, "x-key"), "bad") == 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "x-request-id", "req-12");
      body = g_strdup ("{\"detail\":\"Invalid API key\"}");
      reply (msg, 401, "application/json", body, strlen (body));
    }
  else if (g_str_has_prefix (path, "/v1/flux-"))
    {
      body = g_strdup_printf ("{\"id\":\"t1\",\"polling_url\":\"%s/v1/get_result?id=t1\"}",
                              f->base);
      reply (msg, 200, "application/json", body, strlen (body));
    }
  else if (g_str_equal (path, "/v1/get_result") && !f->release)
    {
      body = g_strdup ("{\"id\":\"t1\",\"status\":\"Pending\",\"progress\":0.4}");
      reply (msg, 200, "application/json", body, strlen (body));
    }
  else if (g_str_equal (path, "/v1/get_result"))
    {
      body = g_strdup_printf ("{\"id\":\"t1\",\"status\":\"Ready\","
                              "\"result\":{\"sample\":\"%s/sample.png\",\"seed\":7}}", f->base);
      reply (msg, 200, "application/json", body, strlen (body));
    }
  else
    {
      reply (msg, 200, "image/png", g_bytes_get_data (f->png, NULL), g_bytes_get_size (f->png));
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = fs_test_make_dir ("fs-job-card-XXXXXX");
  f->library = fs_test_library_new (f->dir);
  f->catalog = fs_test_load_catalog ();
  f->png = fs_test_make_image ("png", 16, 16, 0x1e88e5ff);
  f->server = fs_test_server_new (handle_bfl, f, &f->base);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->server, fs_test_server_free);
  g_clear_object (&f->library);
  g_clear_object (&f->catalog);
  g_clear_pointer (&f->png, g_bytes_unref);
  g_free (f->base);
  fs_test_remove_dir (f->dir);
  g_free (f->dir);
}

static gboolean
shows_text (GtkWidget     *widget,
            gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

/* A visible label that contains @text. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  return fs_test_find_widget (widget, shows_text, text);
}

static gboolean
wait_for_label (GtkWidget  *card,
                const char *text)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      if (find_label (card, text) != NULL)
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }

  return FALSE;
}

static FsJob *
job_new (Fixture    *f,
         const char *provider_id,
         const char *base_url,
         const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FsRequest) request = fs_request_new (provider_id, "flux-2-pro");
  g_autoptr(FsProvider) provider = fs_provider_new (provider_id, base_url, &error);

  g_assert_no_error (error);
  fs_request_set_prompt (request,
                         "A lighthouse at dusk in #1e88e5, seen from the rocks below the cliff");
  return fs_job_new (request, f->catalog, provider, f->library, key);
}

static GtkWidget *
card_new (FsJob *job)
{
  GtkWidget *card = fs_job_card_new (job, 10);

  g_object_ref_sink (card);
  return card;
}

static void
test_sandbox_saved (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(FsJob) job = job_new (f, "sandbox", NULL, NULL);
  g_autoptr(GtkWidget) card = card_new (job);
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mismatch = NULL;
  GtkProgressBar *bar;

  g_assert_nonnull (find_label (card, "Queued"));
  g_assert_nonnull (find_label (card, "A lighthouse at dusk"));
  /* Waiting its turn, nothing moves: no clock, no pulsing bar. */
  g_assert_null (find_label (card, "typical"));
  g_assert_null (find_label (card, "0 s"));
  g_assert_false (gtk_widget_get_visible (fs_test_find_type (card, GTK_TYPE_PROGRESS_BAR)));
  g_assert_true (gtk_widget_get_visible (fs_test_find_button (card, "_Cancel")));
  g_assert_true (gtk_widget_get_focusable (card));
  mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (card),
                                                 GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                 "Job: A lighthouse at dusk in #1e88e5, "
                                                 "seen from the r…");
  g_assert_null (mismatch);

  fs_job_card_set_model_name (FS_JOB_CARD (card), "FLUX.2 [pro]");
  g_assert_nonnull (find_label (card, "FLUX.2 [pro]"));

  assets = fs_test_run_job (job, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_label (card, "Saved"));
  g_assert_false (gtk_widget_get_visible (fs_test_find_button (card, "_Cancel")));
  g_assert_false (gtk_widget_get_visible (fs_test_find_button (card, "_Retry")));
  bar = GTK_PROGRESS_BAR (fs_test_find_type (card, GTK_TYPE_PROGRESS_BAR));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (bar), ==, 1.0);
}

/* Submitted, polling at 40 %, downloading, saved. */
static void
test_bfl_progress (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(FsJob) job = job_new (f, "bfl", f->base, "good");
  g_autoptr(GtkWidget) card = card_new (job);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  GtkProgressBar *bar = GTK_PROGRESS_BAR (fs_test_find_type (card, GTK_TYPE_PROGRESS_BAR));

  fs_job_run_async (job, NULL, fs_test_result_cb, &result);
  g_assert_true (wait_for_label (card, "Generating · 40 %"));
  g_assert_cmpfloat_with_epsilon (gtk_progress_bar_get_fraction (bar), 0.4, 1e-9);
  /* Sent, the clock runs against the model's usual time. */
  g_assert_nonnull (find_label (card, "of ~10 s typical"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (bar)));

  f->release = TRUE;
  assets = fs_job_run_finish (job, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assets->len, ==, 1);
  g_assert_nonnull (find_label (card, "Saved"));
}

static void
count_cb (GtkWidget *card,
          guint     *count)
{
  (*count)++;
}

static void
test_failure_shows_message (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(FsJob) job = job_new (f, "bfl", f->base, "bad");
  g_autoptr(GtkWidget) card = card_new (job);
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *message;
  guint retries = 0;
  guint dismissals = 0;

  g_signal_connect (card, "retry", G_CALLBACK (count_cb), &retries);
  g_signal_connect (card, "dismiss", G_CALLBACK (count_cb), &dismissals);
  assets = fs_test_run_job (job, NULL, &error);
  g_assert_null (assets);
  g_assert_nonnull (error);

  g_assert_nonnull (find_label (card, "Failed"));
  message = find_label (card, "Invalid API key");
  g_assert_nonnull (message);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (message)), ==, error->message);
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (message)));
  g_assert_true (gtk_label_get_wrap (GTK_LABEL (message)));
  g_assert_nonnull (find_label (card, "HTTP 401 · request id req-12"));
  g_assert_false (gtk_widget_get_visible (fs_test_find_button (card, "_Cancel")));

  g_signal_emit_by_name (fs_test_find_button (card, "_Retry"), "clicked");
  g_signal_emit_by_name (fs_test_find_button (card, "_Dismiss"), "clicked");
  g_assert_cmpuint (retries, ==, 1);
  g_assert_cmpuint (dismissals, ==, 1);
}

static void
test_missing_key (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FsJob) job = job_new (f, "bfl", f->base, NULL);
  g_autoptr(GtkWidget) card = card_new (job);
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;

  assets = fs_test_run_job (job, NULL, &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_NO_KEY);
  g_assert_nonnull (find_label (card, error->message));
  g_assert_true (gtk_widget_get_visible (fs_test_find_button (card, "_Retry")));
  g_assert_null (find_label (card, "HTTP"));
}

static void
cancel_cb (GtkWidget    *card,
           GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(FsJob) job = job_new (f, "bfl", f->base, "good");
  g_autoptr(GtkWidget) card = card_new (job);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;

  g_signal_connect (card, "cancel", G_CALLBACK (cancel_cb), cancellable);
  fs_job_run_async (job, cancellable, fs_test_result_cb, &result);
  g_assert_true (wait_for_label (card, "Generating"));

  g_assert_true (fs_test_activate_shortcut (card, "Escape"));
  assets = fs_job_run_finish (job, fs_test_wait_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_nonnull (find_label (card, "Cancelled"));
  g_assert_false (gtk_widget_get_visible (fs_test_find_button (card, "_Cancel")));
  /* Escape on a finished card is left to others. */
  g_assert_false (fs_test_activate_shortcut (card, "Escape"));
}


/* A result that could not be saved: the card says why and that the image
 * is kept, and offers Retry, which saves it rather than generate again. */
static void
test_unsaved (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(FsJob) job = job_new (f, "sandbox", NULL, NULL);
  g_autoptr(GtkWidget) card = card_new (job);
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *gallery = g_build_filename (f->dir, "gallery", NULL);
  GtkWidget *retry;

  fs_test_library_open (f->library);
  fs_test_remove_dir (gallery);
  assets = fs_test_run_job (job, NULL, &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_STORAGE);
  g_assert_cmpint (fs_job_get_stage (job), ==, FS_JOB_UNSAVED);

  g_assert_nonnull (find_label (card, "Not saved yet"));
  g_assert_nonnull (find_label (card, "is gone"));
  g_assert_nonnull (find_label (card, "the image is kept"));
  g_assert_false (gtk_widget_get_visible (fs_test_find_button (card, "_Cancel")));
  retry = fs_test_find_button (card, "_Retry");
  g_assert_true (gtk_widget_get_visible (retry));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (retry), "nothing is generated"));
  g_assert_true (gtk_widget_get_visible (fs_test_find_button (card, "_Dismiss")));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = fs_test_make_dir ("fs-job-card-data-XXXXXX");
  int status;

  /* The recovery folder lives here, not in the user's data. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, test) \
  g_test_add (path, Fixture, NULL, fixture_set_up, test, fixture_tear_down)
  ADD ("/job-card/sandbox-saved", test_sandbox_saved);
  ADD ("/job-card/bfl-progress", test_bfl_progress);
  ADD ("/job-card/failure", test_failure_shows_message);
  ADD ("/job-card/missing-key", test_missing_key);
  ADD ("/job-card/cancel", test_cancel);
  ADD ("/job-card/unsaved", test_unsaved);
#undef ADD

  status = g_test_run ();
  fs_test_remove_dir (data_home);
  return status;
}
