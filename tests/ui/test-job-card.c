/* test-job-card.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "fs-error.h"
#include "fs-job-card.h"
#include "fs-provider.h"

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

static GBytes *
make_png (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 16, 16);
  gchar *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, 0x1e88e5ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", NULL, NULL));
  return g_bytes_new_take (buffer, size);
}

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
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *db_path = NULL;
  GSList *uris;

  f->dir = g_dir_make_tmp ("fs-job-card-XXXXXX", &error);
  g_assert_no_error (error);
  folder = g_file_new_build_filename (f->dir, "gallery", NULL);
  db_path = g_build_filename (f->dir, "library.db", NULL);
  f->library = fs_library_new (folder, db_path);
  fs_library_open_async (f->library, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (fs_library_open_finish (f->library, result, &error));
  g_assert_no_error (error);

  f->catalog = fs_catalog_new_default (&error);
  g_assert_no_error (error);
  f->png = make_png ();

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handle_bfl, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base = g_uri_to_string_partial (uris->data, G_URI_HIDE_PASSWORD);
  if (g_str_has_suffix (f->base, "/"))
    f->base[strlen (f->base) - 1] = '\0';
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                               G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (children != NULL &&
         (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

      remove_tree (child);
      g_object_unref (info);
    }
  g_file_delete (file, NULL, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);

  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->library);
  g_clear_object (&f->catalog);
  g_clear_pointer (&f->png, g_bytes_unref);
  g_free (f->base);
  remove_tree (dir);
  g_free (f->dir);
}

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_is_visible (child) &&
          strstr (gtk_label_get_text (GTK_LABEL (child)), text) != NULL)
        return child;
      if ((found = find_label (child, text)) != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button (child, label)) != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_type (child, type)) != NULL)
        return found;
    }

  return NULL;
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

static GPtrArray *
run (FsJob   *job,
     GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fs_job_run_async (job, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return fs_job_run_finish (job, result, error);
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
  g_assert_nonnull (find_label (card, "of ~10 s typical"));
  g_assert_true (gtk_widget_get_visible (find_button (card, "_Cancel")));
  g_assert_true (gtk_widget_get_focusable (card));
  mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (card),
                                                 GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                 "Job: A lighthouse at dusk in #1e88e5, "
                                                 "seen from the r…");
  g_assert_null (mismatch);

  fs_job_card_set_model_name (FS_JOB_CARD (card), "FLUX.2 [pro]");
  g_assert_nonnull (find_label (card, "FLUX.2 [pro]"));

  assets = run (job, &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_label (card, "Saved"));
  g_assert_false (gtk_widget_get_visible (find_button (card, "_Cancel")));
  g_assert_false (gtk_widget_get_visible (find_button (card, "_Retry")));
  bar = GTK_PROGRESS_BAR (find_type (card, GTK_TYPE_PROGRESS_BAR));
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
  GtkProgressBar *bar = GTK_PROGRESS_BAR (find_type (card, GTK_TYPE_PROGRESS_BAR));

  fs_job_run_async (job, NULL, result_cb, &result);
  g_assert_true (wait_for_label (card, "Generating · 40 %"));
  g_assert_cmpfloat_with_epsilon (gtk_progress_bar_get_fraction (bar), 0.4, 1e-9);

  f->release = TRUE;
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  assets = fs_job_run_finish (job, result, &error);
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
  assets = run (job, &error);
  g_assert_null (assets);
  g_assert_nonnull (error);

  g_assert_nonnull (find_label (card, "Failed"));
  message = find_label (card, "Invalid API key");
  g_assert_nonnull (message);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (message)), ==, error->message);
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (message)));
  g_assert_true (gtk_label_get_wrap (GTK_LABEL (message)));
  g_assert_nonnull (find_label (card, "HTTP 401 · request id req-12"));
  g_assert_false (gtk_widget_get_visible (find_button (card, "_Cancel")));

  g_signal_emit_by_name (find_button (card, "_Retry"), "clicked");
  g_signal_emit_by_name (find_button (card, "_Dismiss"), "clicked");
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

  assets = run (job, &error);
  g_assert_error (error, FS_ERROR, FS_ERROR_NO_KEY);
  g_assert_nonnull (find_label (card, error->message));
  g_assert_true (gtk_widget_get_visible (find_button (card, "_Retry")));
  g_assert_null (find_label (card, "HTTP"));
}

/* Runs the card's own Escape binding, as the key would. */
static gboolean
press_escape (GtkWidget *card)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (card);
  g_autoptr(GtkShortcutTrigger) escape = gtk_keyval_trigger_new (GDK_KEY_Escape, 0);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), escape))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, card,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }

  return FALSE;
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
  fs_job_run_async (job, cancellable, result_cb, &result);
  g_assert_true (wait_for_label (card, "Generating"));

  g_assert_true (press_escape (card));
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  assets = fs_job_run_finish (job, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_nonnull (find_label (card, "Cancelled"));
  g_assert_false (gtk_widget_get_visible (find_button (card, "_Cancel")));
  /* Escape on a finished card is left to others. */
  g_assert_false (press_escape (card));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, test) \
  g_test_add (path, Fixture, NULL, fixture_set_up, test, fixture_tear_down)
  ADD ("/job-card/sandbox-saved", test_sandbox_saved);
  ADD ("/job-card/bfl-progress", test_bfl_progress);
  ADD ("/job-card/failure", test_failure_shows_message);
  ADD ("/job-card/missing-key", test_missing_key);
  ADD ("/job-card/cancel", test_cancel);
#undef ADD

  return g_test_run ();
}
