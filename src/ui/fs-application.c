/* fs-application.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fs-application.h"
#include "fs-job-resume.h"
#include "fs-preferences-window.h"
#include "fs-provider-settings.h"
#include "fs-ui.h"
#include "fs-window-private.h"

#define SETTLE_MAX_US (G_USEC_PER_SEC)

struct _FsApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  FsCatalog      *catalog;
  FsLibrary      *library;
  FsJobQueue     *queue;
  GCancellable   *cancellable;
  char           *library_error;
  gboolean        library_open;
  GHashTable     *resumed;       /* db paths whose journal was resumed */
  gboolean        started;       /* the first window's first frame is up */
  guint           start_timeout_id;
  /* Jobs that ended while others still ran or waited: one notification
   * for them all when the queue is idle (a batch). */
  guint           batch_jobs;
  guint           batch_saved;
  guint           batch_failed;
};

G_DEFINE_FINAL_TYPE (FsApplication, fs_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_LIBRARY,
  PROP_QUEUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static FsWindow *
active_window (FsApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return FS_IS_WINDOW (window) ? FS_WINDOW (window) : NULL;
}

/* Notifications ------------------------------------------------------------ */

static char *
notification_body (FsJob *job)
{
  const char *prompt = fs_request_get_prompt (fs_job_get_request (job));
  g_autofree char *line = g_strdup (prompt != NULL ? prompt : "");
  char *newline = strchr (line, '\n');

  if (newline != NULL)
    *newline = '\0';
  if (g_utf8_strlen (line, -1) > 100)
    *g_utf8_offset_to_pointer (line, 100) = '\0';

  return g_steal_pointer (&line);
}

/* The user looks at the app when any of its windows has the keyboard: the
 * main window, or a dialog in front of it (a question, Preferences). */
static gboolean
looked_at (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_window_is_active (window))
        return TRUE;
    }
  return FALSE;
}

/* A finished job is worth telling about only when the user is looking
 * elsewhere; the window shows it otherwise. */
static void
job_finished_cb (FsApplication *self,
                 FsJob         *job,
                 GPtrArray     *assets,
                 const GError  *error)
{
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GPtrArray) waiting = fs_job_queue_list_waiting (self->queue);
  g_autofree char *id = NULL;
  g_autofree char *body = NULL;
  guint batch_jobs;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A batch tells once, when the queue has nothing left to do. */
  self->batch_jobs++;
  if (error != NULL)
    self->batch_failed++;
  else if (assets != NULL)
    self->batch_saved += assets->len;
  if (waiting->len > 0 || fs_job_queue_get_n_running (self->queue) > 0)
    return;
  batch_jobs = self->batch_jobs;
  self->batch_jobs = 0;
  if (looked_at ())
    {
      self->batch_saved = self->batch_failed = 0;
      return;
    }
  if (batch_jobs > 1)
    {
      g_autofree char *saved = NULL;

      notification = g_notification_new (_("Batch finished"));
      /* Translators: how many images a batch saved, then how many of its jobs failed */
      saved = g_strdup_printf (ngettext ("%u image saved", "%u images saved", self->batch_saved),
                               self->batch_saved);
      body = self->batch_failed == 0
             ? g_steal_pointer (&saved)
             : g_strdup_printf (ngettext ("%s; %u job failed", "%s; %u jobs failed",
                                          self->batch_failed),
                                saved, self->batch_failed);
      g_notification_set_body (notification, body);
      g_notification_set_default_action (notification, "app.show-window");
      g_application_send_notification (G_APPLICATION (self), "batch", notification);
      self->batch_saved = self->batch_failed = 0;
      return;
    }
  self->batch_saved = self->batch_failed = 0;

  if (error != NULL)
    {
      /* An unsaved result is kept, and its message says how to get it. */
      notification = g_notification_new (fs_job_get_stage (job) == FS_JOB_UNSAVED
                                           ? _("Image not saved yet") : _("Image failed"));
      g_notification_set_body (notification, error->message);
      g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
    }
  else
    {
      body = notification_body (job);
      notification = g_notification_new (_("Image saved"));
      g_notification_set_body (notification, body);
      /* The notification server reads the file itself; nothing is
       * decoded here. */
      if (assets != NULL && assets->len > 0)
        {
          FsAsset *first = g_ptr_array_index (assets, 0);
          g_autoptr(GFile) file = g_file_new_for_path (fs_asset_get_path (first));
          g_autoptr(GIcon) icon = g_file_icon_new (file);

          g_notification_set_icon (notification, icon);
        }
    }

  g_notification_set_default_action (notification, "app.show-window");
  id = g_strdup_printf ("job-%s", fs_job_get_id (job));
  g_application_send_notification (G_APPLICATION (self), id, notification);
}

/* Start-up: catalog, library, queue ---------------------------------------------- */

static FsLibrary *
library_for_settings (FsApplication *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "gallery-folder");
  g_autoptr(GFile) file = NULL;
  g_autofree char *db_path = NULL;

  if (folder[0] == '\0')
    return fs_library_new_default ();

  /* The same index location as flux-studio-cli --library, so both see
   * one gallery. */
  file = g_file_new_for_path (folder);
  db_path = g_build_filename (folder, ".flux-studio", "library.db", NULL);
  return fs_library_new (file, db_path);
}

/* Resuming ------------------------------------------------------------------------ */

static FsProvider *
resume_provider_cb (const char  *provider_id,
                    gpointer     user_data,
                    GError     **error)
{
  FsApplication *self = user_data;

  return fs_provider_new_for_settings (self->settings, provider_id, error);
}

static void
toast_or_log (FsApplication *self,
              const char    *message)
{
  FsWindow *window = active_window (self);

  if (window != NULL)
    fs_window_toast (window, message);
  else
    g_message ("%s", message);
}

/* One toast for the jobs given up, one for those kept for a later start
 * (a key to add), each with the first reason: a start must not bury the
 * window in toasts. */
static void
report_not_resumed (FsApplication *self,
                    GPtrArray     *entries)
{
  FsJobResumeEntry *first_closed = NULL, *first_kept = NULL;
  guint n_closed = 0, n_kept = 0;
  g_autofree char *closed = NULL;
  g_autofree char *kept = NULL;

  for (guint i = 0; i < entries->len; i++)
    {
      FsJobResumeEntry *entry = g_ptr_array_index (entries, i);

      if (entry->job != NULL)
        continue;
      if (entry->closed)
        {
          if (n_closed++ == 0)
            first_closed = entry;
        }
      else if (n_kept++ == 0)
        first_kept = entry;
    }

  if (first_closed != NULL)
    {
      /* Translators: how many, then why the first could not be */
      closed = g_strdup_printf (ngettext ("%u image interrupted last time could not be "
                                          "recovered: %s",
                                          "%u images interrupted last time could not be "
                                          "recovered: %s",
                                          n_closed),
                                n_closed, first_closed->error->message);
      toast_or_log (self, closed);
    }
  if (first_kept != NULL)
    {
      /* Translators: how many, then what they wait for (an API key) */
      kept = g_strdup_printf (ngettext ("%u image interrupted last time is waiting: %s",
                                        "%u images interrupted last time are waiting: %s",
                                        n_kept),
                              n_kept, first_kept->error->message);
      toast_or_log (self, kept);
    }
}

static void
resume_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FsApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  entries = fs_job_resume_all_finish (FS_LIBRARY (object), result, NULL, &error);
  if (entries == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not resume the unfinished jobs: %s", error->message);
      return;
    }

  /* Oldest first, so the newest card ends up on top. */
  for (guint i = 0; i < entries->len; i++)
    {
      FsJobResumeEntry *entry = g_ptr_array_index (entries, i);

      if (entry->job != NULL && self->queue != NULL)
        fs_job_queue_add (self->queue, entry->job);
    }
  report_not_resumed (self, entries);
  /* Then what dead batches never sent, offered in the window
   * (docs/ARCHITECTURE.md, “Batches”). */
  if (active_window (self) != NULL)
    _fs_window_offer_unsent (active_window (self), FS_LIBRARY (object));
}

/* Once both the library and the catalog are there, the jobs an earlier
 * run left unfinished go on in the queue (docs/ARCHITECTURE.md, “Job
 * journal”), all off the main thread. Each library is resumed once a
 * session: going back to a gallery folder must not pick up the jobs this
 * session is still running there. */
static void
resume_jobs (FsApplication *self)
{
  const char *db_path;

  if (!self->library_open || self->catalog == NULL || !self->started)
    return;

  db_path = fs_library_get_db_path (self->library);
  if (!g_hash_table_add (self->resumed, g_strdup (db_path)))
    return;

  fs_job_resume_all_async (self->library, self->catalog, resume_provider_cb, self,
                           self->cancellable, resume_cb, g_object_ref (self));
}

static void
verify_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!fs_library_verify_finish (FS_LIBRARY (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("The gallery's images could not be checked: %s", error->message);
}

/* Images changed behind the gallery's back get their badge once hashed,
 * in the background (docs/ARCHITECTURE.md, “Damaged records”). */
static void
verify_library (FsApplication *self)
{
  if (self->library_open && self->started)
    fs_library_verify_async (self->library, NULL, self->cancellable, verify_cb, NULL);
}

static void open_library    (FsApplication *self);
static void catalog_load_cb (GObject       *object,
                             GAsyncResult  *result,
                             gpointer       user_data);

/* Opening the gallery and loading the catalog (in worker threads), and
 * then resuming jobs and checking the gallery's images, wait for the
 * first window's first frame, which shows neither (README, “Performance”):
 * on two cores their threads would compete with the main thread for it.
 * Without a window that paints one (a service start, a hidden window),
 * they start after two seconds. */
static void
app_started (FsApplication *self)
{
  if (self->started)
    return;

  self->started = TRUE;
  g_clear_handle_id (&self->start_timeout_id, g_source_remove);
  open_library (self);
  fs_catalog_load_async (self->cancellable, catalog_load_cb, g_object_ref (self));
}

static gboolean
start_timeout_cb (gpointer user_data)
{
  FsApplication *self = user_data;

  self->start_timeout_id = 0;
  app_started (self);
  return G_SOURCE_REMOVE;
}

static void
library_open_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FsApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  FsWindow *window;

  if (fs_library_open_finish (FS_LIBRARY (object), result, &error))
    {
      /* The gallery folder may have changed while this one opened. */
      if (FS_LIBRARY (object) == self->library)
        {
          self->library_open = TRUE;
          resume_jobs (self);
          verify_library (self);
        }
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Translators: the gallery folder or its index could not be opened */
  message = g_strdup_printf (_("The gallery could not be opened: %s"), error->message);
  g_warning ("%s", message);
  if ((window = active_window (self)) != NULL)
    fs_window_toast (window, message);
  else
    self->library_error = g_steal_pointer (&message);
}

static void
open_library (FsApplication *self)
{
  g_clear_object (&self->library);
  self->library_open = FALSE;
  self->library = library_for_settings (self);
  fs_library_open_async (self->library, self->cancellable, library_open_cb, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIBRARY]);
}

static void
gallery_folder_changed_cb (FsApplication *self)
{
  if (self->started)
    open_library (self);
}

static void
catalog_load_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FsApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsCatalog) catalog = fs_catalog_load_finish (result, &error);
  FsWindow *window = active_window (self);

  if (catalog == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Could not load the model catalog: %s", error->message);
      if (window != NULL)
        fs_window_show_error (window, _("The Model Catalog Could Not Be Read"), error->message);
      return;
    }

  self->queue = fs_job_queue_new (catalog);
  g_signal_connect_object (self->queue, "job-finished", G_CALLBACK (job_finished_cb), self,
                           G_CONNECT_SWAPPED);
  self->catalog = g_steal_pointer (&catalog);
  /* The queue first: whoever hears about the catalog may want both. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
  resume_jobs (self);
}

/* Actions --------------------------------------------------------------------- */

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  FsApplication *self = user_data;
  FsWindow *window = active_window (self);

  if (window != NULL)
    _fs_window_open_preferences (window, NULL);
  else
    gtk_window_present (GTK_WINDOW (fs_preferences_window_new (NULL, self->settings)));
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  FsApplication *self = user_data;
  const char *developers[] = { _("The Flux Studio authors"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Flux Studio"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Flux Studio authors"),
                        "version", PACKAGE_VERSION,
                        "comments",
                        _("Generate images with the FLUX models and keep every result."),
                        "website", "https://github.com/fluxstudio/FluxStudio",
                        "issue-url", "https://github.com/fluxstudio/FluxStudio/issues",
                        "developers", developers,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        "copyright", _("© 2026 The Flux Studio authors"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  /* Closing the windows lets each save its size; jobs still running
   * stay in the journal and resume on the next start. */
  for (GList *l = windows; l != NULL; l = l->next)
    g_object_ref (l->data);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free_full (windows, g_object_unref);
  g_application_quit (G_APPLICATION (user_data));
}

static void
show_window_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  g_application_activate (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_action },
  { "shortcuts", shortcuts_action },
  { "about", about_action },
  { "quit", quit_action },
  { "show-window", show_window_action },
};

/* Only modified keys as application accelerators: those run before the
 * focused widget. The window's own keys (Delete, Escape …) are widget
 * bindings of FsWindow. */
static void
add_accelerators (GtkApplication *app)
{
  static const char * const preferences[] = { "<Control>comma", NULL };
  static const char * const quit[] = { "<Control>q", NULL };
  static const char * const shortcuts[] = { "<Control>question", NULL };

  gtk_application_set_accels_for_action (app, "app.preferences", preferences);
  gtk_application_set_accels_for_action (app, "app.quit", quit);
  gtk_application_set_accels_for_action (app, "win.show-help-overlay", shortcuts);
}

/* GApplication ------------------------------------------------------------------ */

static void
fs_application_startup (GApplication *application)
{
  FsApplication *self = FS_APPLICATION (application);

  G_APPLICATION_CLASS (fs_application_parent_class)->startup (application);

  /* AdwApplication loads style.css from the resource base path; the
   * shortcuts window (fs-shortcuts-window.ui) is the window's to build
   * when it is first asked for. */
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  add_accelerators (GTK_APPLICATION (self));

  self->settings = g_settings_new (APP_ID_BASE);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->settings, "changed::gallery-folder",
                           G_CALLBACK (gallery_folder_changed_cb), self, G_CONNECT_SWAPPED);
  self->start_timeout_id = g_timeout_add_seconds (2, start_timeout_cb, self);
}

/* What the library still does on its own behalf when the windows have
 * gone — a lease let go of and its file removed, in a worker — ends
 * before the process does, as in flux-studio-cli; a second at most. */
static void
settle_library (FsApplication *self)
{
  gint64 deadline = g_get_monotonic_time () + SETTLE_MAX_US;

  while (self->library != NULL && !fs_library_get_settled (self->library) &&
         g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static void
fs_application_shutdown (GApplication *application)
{
  FsApplication *self = FS_APPLICATION (application);

  g_clear_handle_id (&self->start_timeout_id, g_source_remove);
  settle_library (self);
  g_cancellable_cancel (self->cancellable);

  G_APPLICATION_CLASS (fs_application_parent_class)->shutdown (application);
}

/* The window shows at once; the catalog and library fill it when they
 * are ready. */
static FsWindow *
ensure_window (FsApplication *self)
{
  FsWindow *window = active_window (self);

  if (window == NULL)
    {
      window = fs_window_new (ADW_APPLICATION (self));
      fs_ui_after_first_frame (GTK_WINDOW (window), G_OBJECT (self), (FsUiFunc) app_started);
      if (self->library_error != NULL)
        fs_window_toast (window, self->library_error);
      g_clear_pointer (&self->library_error, g_free);
    }

  return window;
}

static void
fs_application_activate (GApplication *application)
{
  gtk_window_present (GTK_WINDOW (ensure_window (FS_APPLICATION (application))));
}

static void
fs_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  FsWindow *window = ensure_window (FS_APPLICATION (application));
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);

  for (int i = 0; i < n_files; i++)
    g_ptr_array_add (list, g_object_ref (files[i]));

  gtk_window_present (GTK_WINDOW (window));
  g_signal_emit_by_name (window, "open-files", list);
}

/* GObject ----------------------------------------------------------------------- */

static void
fs_application_dispose (GObject *object)
{
  FsApplication *self = FS_APPLICATION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->start_timeout_id, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->queue);
  g_clear_object (&self->library);
  g_clear_object (&self->catalog);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->library_error, g_free);
  g_clear_pointer (&self->resumed, g_hash_table_unref);

  G_OBJECT_CLASS (fs_application_parent_class)->dispose (object);
}

static void
fs_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FsApplication *self = FS_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;
    case PROP_QUEUE:
      g_value_set_object (value, self->queue);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_application_class_init (FsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = fs_application_dispose;
  object_class->get_property = fs_application_get_property;
  app_class->startup = fs_application_startup;
  app_class->shutdown = fs_application_shutdown;
  app_class->activate = fs_application_activate;
  app_class->open = fs_application_open;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, FS_TYPE_CATALOG,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL, FS_TYPE_LIBRARY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUEUE] =
    g_param_spec_object ("queue", NULL, NULL, FS_TYPE_JOB_QUEUE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fs_application_init (FsApplication *self)
{
  self->resumed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Public API ----------------------------------------------------------------------- */

FsApplication *
fs_application_new (void)
{
  return g_object_new (FS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       /* One resource path for every profile (.Devel too). */
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

/**
 * fs_application_get_catalog:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): the model catalog, %NULL until it
 *   is loaded ("notify::catalog" tells when)
 */
FsCatalog *
fs_application_get_catalog (FsApplication *self)
{
  g_return_val_if_fail (FS_IS_APPLICATION (self), NULL);

  return self->catalog;
}

/**
 * fs_application_get_library:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): the gallery; replaced when the
 *   gallery folder preference changes ("notify::library")
 */
FsLibrary *
fs_application_get_library (FsApplication *self)
{
  g_return_val_if_fail (FS_IS_APPLICATION (self), NULL);

  return self->library;
}

/**
 * fs_application_get_queue:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): the job queue, %NULL until the
 *   catalog it needs is loaded
 */
FsJobQueue *
fs_application_get_queue (FsApplication *self)
{
  g_return_val_if_fail (FS_IS_APPLICATION (self), NULL);

  return self->queue;
}

GSettings *
fs_application_get_settings (FsApplication *self)
{
  g_return_val_if_fail (FS_IS_APPLICATION (self), NULL);

  return self->settings;
}
