/* fs-cli.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fs-cli.h"
#include "fs-error.h"
#include "fs-http.h"
#include "fs-i18n.h"
#include "fs-palette-store.h"
#include "fs-provider.h"
#include "fs-secrets.h"

/* The CLI is a thin front over the core: parse options, call the core,
 * wait on its async results with the default main context. */

void
fs_cli_result_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

GAsyncResult *
fs_cli_wait (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

int
fs_cli_worse_status (int status,
                     int other)
{
  return MAX (status, other);
}

void
fs_cli_print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  g_print ("%s\n", text);
}

int
fs_cli_fail (const GError *error)
{
  g_printerr ("flux-studio-cli: %s\n", error->message);
  return fs_error_exit_status (error);
}

gboolean
fs_cli_parse_options (const char         *command,
                      const char         *parameter_string,
                      const GOptionEntry *entries,
                      int                *argc,
                      char             ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter_string);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (g_option_context_parse (context, argc, argv, &error))
    return TRUE;

  g_printerr ("flux-studio-cli %s: %s\n", command, error->message);
  return FALSE;
}

GOptionEntry
fs_cli_option_json (gboolean *json,
                    gboolean  saves_images)
{
  GOptionEntry entry = { "json", 0, 0, G_OPTION_ARG_NONE, json, NULL, NULL };

  entry.description = saves_images ? N_("Print the saved records as JSON") : N_("Print JSON");
  return entry;
}

GOptionEntry
fs_cli_option_library (char **folder)
{
  GOptionEntry entry = { "library", 0, 0, G_OPTION_ARG_FILENAME, folder, N_("Gallery folder"),
                         "DIR" };

  return entry;
}

/* Running jobs ------------------------------------------------------------ */

static void
print_progress (FsJob      *job,
                GParamSpec *pspec,
                gpointer    user_data)
{
  gboolean several = GPOINTER_TO_INT (user_data);
  FsJobStage stage = fs_job_get_stage (job);
  const char *text = fs_job_get_status_text (job);
  double progress = fs_job_get_progress (job);
  g_autofree char *state = NULL;
  g_autofree char *line = NULL;
  const char *last;

  if (stage == FS_JOB_SAVED || stage == FS_JOB_FAILED || stage == FS_JOB_CANCELLED ||
      stage == FS_JOB_UNSAVED)
    return;

  if (stage == FS_JOB_POLLING && progress >= 0)
    state = g_strdup_printf ("%s %d%%", fs_job_stage_to_string (stage),
                             (int) (progress * 100 + 0.5));
  else
    state = g_strdup (fs_job_stage_to_string (stage));
  if (several)
    line = g_strdup_printf ("%.8s %s: %s", fs_job_get_id (job), state, text ? text : "");
  else
    line = g_strdup_printf ("%s: %s", state, text ? text : "");

  /* Stage and text notify separately; print each state once. */
  last = g_object_get_data (G_OBJECT (job), "fs-cli-last-line");
  if (g_strcmp0 (last, line) == 0)
    return;
  g_printerr ("%s\n", line);
  g_object_set_data_full (G_OBJECT (job), "fs-cli-last-line", g_steal_pointer (&line), g_free);
}

void
fs_cli_follow_job (FsJob    *job,
                   gboolean  several)
{
  gpointer data = GINT_TO_POINTER (several);

  g_signal_connect (job, "notify::status-text", G_CALLBACK (print_progress), data);
  g_signal_connect (job, "notify::stage", G_CALLBACK (print_progress), data);
  if (several)
    g_signal_connect (job, "notify::progress", G_CALLBACK (print_progress), data);
}

int
fs_cli_job_failed (FsJob        *job,
                   const GError *error,
                   gboolean      several)
{
  const char *request_id = fs_job_get_request_id (job);

  if (several)
    g_printerr (_("flux-studio-cli: job %s: %s"), fs_job_get_id (job), error->message);
  else
    g_printerr ("flux-studio-cli: %s", error->message);
  if (request_id != NULL && strstr (error->message, request_id) == NULL)
    g_printerr (_(" (HTTP %u, request id %s)"), fs_job_get_http_status (job), request_id);
  g_printerr ("\n");

  return fs_error_exit_status (error);
}

void
fs_cli_print_assets (GPtrArray *assets,
                     gboolean   json)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < assets->len; i++)
    {
      FsAsset *asset = g_ptr_array_index (assets, i);

      g_printerr (_("saved: %s\n"), fs_asset_get_path (asset));
      if (json)
        json_array_add_element (array, fs_asset_to_summary_json (asset));
      else
        g_print ("%s\n", fs_asset_get_path (asset));
    }

  if (json)
    {
      json_node_set_array (node, array);
      fs_cli_print_json (node);
    }
}

/* Set-up ------------------------------------------------------------------- */

FsCatalog *
fs_cli_load_catalog (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FsCatalog) catalog = fs_catalog_new_default (&error);

  if (catalog == NULL)
    {
      g_printerr ("flux-studio-cli: %s\n", error->message);
      return NULL;
    }

  /* A mistake in the user's models.json was printed when the catalog
   * logged it (log_writer_cb()). */
  return g_steal_pointer (&catalog);
}

FsPaletteStore *
fs_cli_load_palettes (GError **error)
{
  g_autoptr(FsPaletteStore) store = fs_palette_store_new_default ();
  g_autoptr(GAsyncResult) result = NULL;

  fs_palette_store_load_async (store, NULL, fs_cli_result_cb, &result);
  if (!fs_palette_store_load_finish (store, fs_cli_wait (&result), error))
    return NULL;
  return g_steal_pointer (&store);
}

/* A gallery folder that cannot hold a gallery is the user's to fix, like
 * any other invalid option (FS_ERROR_INVALID, exit 2), and is found before
 * anything is sent: not a folder, or (for @writing) a folder that cannot
 * be made or written to. Writing is tried, not guessed from the mode bits,
 * which say nothing of read-only mounts or of root. */
static gboolean
check_folder (const char  *path,
              gboolean     writing,
              GError     **error)
{
  g_autofree char *probe = g_build_filename (path, ".flux-studio-XXXXXX.part", NULL);
  GStatBuf st;
  int fd = -1;

  if (g_stat (path, &st) == 0 && !S_ISDIR (st.st_mode))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("The gallery folder “%s” is a file, not a folder. Give --library a "
                     "folder; it is made when it does not exist."), path);
      return FALSE;
    }

  if (!writing)
    return TRUE;

  if (g_mkdir_with_parents (path, 0755) != 0 ||
      (fd = g_mkstemp_full (probe, O_RDWR | O_CLOEXEC, 0600)) < 0)
    {
      int saved_errno = errno;

      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("The gallery folder “%s” cannot be written to (%s). Choose a folder "
                     "you can write to with --library."), path, g_strerror (saved_errno));
      return FALSE;
    }

  close (fd);
  g_unlink (probe);
  return TRUE;
}

/* With --library DIR the index lives inside DIR, so a batch library is
 * self-contained; otherwise the default folder and index apply
 * (docs/ARCHITECTURE.md, “Gallery files”). @writing: the command saves
 * images there. */
/* Every library a command opened, to be settled before the process
 * exits (fs_cli_settle()). */
static GPtrArray *opened;

FsLibrary *
fs_cli_open_library (const char  *folder,
                     gboolean     writing,
                     GError     **error)
{
  g_autoptr(FsLibrary) library = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *path = NULL;

  if (folder != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (folder);
      g_autofree char *db = NULL;

      path = g_file_get_path (file);
      db = g_build_filename (path, ".flux-studio", "library.db", NULL);
      library = fs_library_new (file, db);
    }
  else
    library = fs_library_new_default ();

  if (path == NULL)
    path = g_file_get_path (fs_library_get_folder (library));
  if (!check_folder (path, writing, error))
    return NULL;

  /* The CLI queries the index: it needs no list model, nor a watch. */
  fs_library_open_index_async (library, NULL, fs_cli_result_cb, &result);
  if (!fs_library_open_index_finish (library, fs_cli_wait (&result), error))
    return NULL;

  if (opened == NULL)
    opened = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (opened, g_object_ref (library));
  return g_steal_pointer (&library);
}

void
fs_cli_settle (void)
{
  for (guint i = 0; opened != NULL && i < opened->len; i++)
    while (!fs_library_get_settled (g_ptr_array_index (opened, i)))
      g_main_context_iteration (NULL, TRUE);
  g_clear_pointer (&opened, g_ptr_array_unref);
}

char *
fs_cli_lookup_key (const char *provider_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *key;

  fs_secrets_lookup_async (provider_id, NULL, fs_cli_result_cb, &result);
  key = fs_secrets_lookup_finish (fs_cli_wait (&result), &error);
  if (error != NULL)
    g_printerr (_("flux-studio-cli: could not read the key for %s: %s\n"),
                provider_id, error->message);

  return key;
}
