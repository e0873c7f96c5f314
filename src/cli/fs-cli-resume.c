/* fs-cli-resume.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "fs-cli.h"
#include "fs-error.h"
#include "fs-job-resume.h"

/* resume: finish what a crash, a kill or a quit left unfinished in a
 * library's journal. Black Forest Labs tasks go on being polled at the
 * URL the interrupted run stored, and their images are saved and printed
 * as generate prints them; every other unfinished job is reported and
 * closed in the journal. */

#define PROMPT_SHOWN 60

typedef struct
{
  char     *library;
  char     *base_url;
  gboolean  json;
} ResumeOptions;

static void
resume_options_clear (ResumeOptions *o)
{
  g_free (o->library);
  g_free (o->base_url);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ResumeOptions, resume_options_clear)

/* The polls go to the URL the provider gave; --base-url only decides
 * whether the key may go along (a proxy's own host). */
static FsProvider *
create_provider (const char  *provider_id,
                 gpointer     user_data,
                 GError     **error)
{
  ResumeOptions *o = user_data;

  return fs_provider_new (provider_id, o->base_url, error);
}

/* The first line of @prompt, shortened: enough to tell jobs apart. */
static char *
prompt_start (const char *prompt)
{
  g_autofree char *line = g_strdup (prompt != NULL ? prompt : "");
  char *newline = strchr (line, '\n');

  if (newline != NULL)
    *newline = '\0';
  if (g_utf8_strlen (line, -1) > PROMPT_SHOWN)
    {
      *g_utf8_offset_to_pointer (line, PROMPT_SHOWN) = '\0';
      return g_strconcat (line, "…", NULL);
    }

  return g_steal_pointer (&line);
}

static void
print_progress (FsJob *job)
{
  FsJobStage stage = fs_job_get_stage (job);
  const char *text = fs_job_get_status_text (job);
  double progress = fs_job_get_progress (job);
  g_autofree char *line = NULL;
  const char *last;

  if (stage == FS_JOB_SAVED || stage == FS_JOB_FAILED || stage == FS_JOB_CANCELLED ||
      stage == FS_JOB_UNSAVED)
    return;

  /* Several jobs may run at once: each line names its job. */
  if (stage == FS_JOB_POLLING && progress >= 0)
    line = g_strdup_printf ("%.8s %s %d%%: %s", fs_job_get_id (job), fs_job_stage_to_string (stage),
                            (int) (progress * 100 + 0.5), text ? text : "");
  else
    line = g_strdup_printf ("%.8s %s: %s", fs_job_get_id (job), fs_job_stage_to_string (stage),
                            text ? text : "");

  /* Stage and text notify separately; print each state once. */
  last = g_object_get_data (G_OBJECT (job), "fs-cli-last-line");
  if (g_strcmp0 (last, line) == 0)
    return;
  g_printerr ("%s\n", line);
  g_object_set_data_full (G_OBJECT (job), "fs-cli-last-line", g_steal_pointer (&line), g_free);
}

/* Returns the exit status the entry stands for. */
static int
report_not_resumed (FsJobResumeEntry *entry)
{
  g_autofree char *prompt = prompt_start (entry->prompt);

  if (entry->closed)
    /* Translators: a job id, the start of its prompt, and why */
    g_printerr (_("flux-studio-cli: job %s (“%s”) cannot be resumed: %s\n"),
                entry->job_id, prompt, entry->error->message);
  else
    /* Translators: a job id, the start of its prompt, and why */
    g_printerr (_("flux-studio-cli: job %s (“%s”) is kept for a later resume: %s\n"),
                entry->job_id ? entry->job_id : "?", prompt, entry->error->message);

  return fs_error_exit_status (entry->error);
}

static int
report_failure (FsJob        *job,
                const GError *error)
{
  const char *request_id = fs_job_get_request_id (job);

  g_printerr (_("flux-studio-cli: job %s: %s"), fs_job_get_id (job), error->message);
  if (request_id != NULL && strstr (error->message, request_id) == NULL)
    g_printerr (_(" (HTTP %u, request id %s)"), fs_job_get_http_status (job), request_id);
  g_printerr ("\n");

  return fs_error_exit_status (error);
}

static void
print_assets (GPtrArray *assets,
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

/* All resumed jobs run at once, as the tasks do at the provider: results
 * expire ten minutes after they are ready. Returns the worst status. */
static int
run_jobs (GPtrArray *entries,
          GPtrArray *assets)
{
  g_autofree GAsyncResult **results = g_new0 (GAsyncResult *, entries->len + 1);
  int status = FS_CLI_EXIT_OK;

  for (guint i = 0; i < entries->len; i++)
    {
      FsJobResumeEntry *entry = g_ptr_array_index (entries, i);

      if (entry->job == NULL)
        continue;
      g_signal_connect (entry->job, "notify::status-text", G_CALLBACK (print_progress), NULL);
      g_signal_connect (entry->job, "notify::stage", G_CALLBACK (print_progress), NULL);
      g_signal_connect (entry->job, "notify::progress", G_CALLBACK (print_progress), NULL);
      fs_job_run_async (entry->job, NULL, fs_cli_result_cb, &results[i]);
    }

  for (guint i = 0; i < entries->len; i++)
    {
      FsJobResumeEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GPtrArray) saved = NULL;
      g_autoptr(GError) error = NULL;

      if (entry->job == NULL)
        {
          status = MAX (status, report_not_resumed (entry));
          continue;
        }

      fs_cli_wait (&results[i]);
      result = g_steal_pointer (&results[i]);
      saved = fs_job_run_finish (entry->job, result, &error);
      if (saved == NULL)
        status = MAX (status, report_failure (entry->job, error));
      else
        g_ptr_array_extend_and_steal (assets, g_steal_pointer (&saved));
    }

  return status;
}

static int
resume_library (FsCatalog     *catalog,
                ResumeOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FsLibrary) library = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) assets = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_busy = 0;
  int status;

  if ((library = fs_cli_open_library (o->library, TRUE, &error)) == NULL)
    return fs_cli_fail (error);

  fs_job_resume_all_async (library, catalog, create_provider, o, NULL, fs_cli_result_cb, &result);
  entries = fs_job_resume_all_finish (library, fs_cli_wait (&result), &n_busy, &error);
  if (entries == NULL)
    return fs_cli_fail (error);

  /* Jobs a live process runs are its own (docs/ARCHITECTURE.md, “Leases”). */
  if (n_busy > 0)
    g_printerr (ngettext ("flux-studio-cli: %u unfinished job belongs to another running "
                          "Flux Studio process and is left to it.\n",
                          "flux-studio-cli: %u unfinished jobs belong to other running "
                          "Flux Studio processes and are left to them.\n", n_busy),
                n_busy);
  else if (entries->len == 0)
    g_printerr ("%s\n", _("Nothing to resume: the library has no unfinished jobs."));

  status = run_jobs (entries, assets);
  print_assets (assets, o->json);
  return status;
}

int
fs_cli_resume (int    argc,
               char **argv)
{
  g_auto(ResumeOptions) o = { 0 };
  const GOptionEntry entries[] = {
    { "library", 0, 0, G_OPTION_ARG_FILENAME, &o.library, N_("Gallery folder"), "DIR" },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &o.base_url,
      N_("API base URL (https://, or http:// on loopback)"), "URL" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json, N_("Print the saved records as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsCatalog) catalog = NULL;

  context = g_option_context_new (_("— finish the jobs a crash or a quit interrupted"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("flux-studio-cli resume: %s\n", error->message);
      return FS_CLI_EXIT_INVALID;
    }
  if (argc != 1)
    {
      g_printerr ("%s\n", _("flux-studio-cli resume: takes no arguments, only options"));
      return FS_CLI_EXIT_INVALID;
    }

  if ((catalog = fs_cli_load_catalog ()) == NULL)
    return FS_CLI_EXIT_INVALID;

  return resume_library (catalog, &o);
}
