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
      fs_cli_follow_job (entry->job, TRUE);
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
          status = fs_cli_worse_status (status, report_not_resumed (entry));
          continue;
        }

      fs_cli_wait (&results[i]);
      result = g_steal_pointer (&results[i]);
      saved = fs_job_run_finish (entry->job, result, &error);
      if (saved == NULL)
        status = fs_cli_worse_status (status, fs_cli_job_failed (entry->job, error, TRUE));
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
  status = run_jobs (entries, assets);
  /* Then what dead batches never sent (docs/ARCHITECTURE.md, “Batches”):
   * after the journal's own jobs, which may be those batches' too. */
  status = fs_cli_worse_status (status, fs_cli_resume_batches (library, catalog, o->base_url, assets));
  if (n_busy == 0 && entries->len == 0 && assets->len == 0 && status == FS_CLI_EXIT_OK)
    g_printerr ("%s\n", _("Nothing to resume: the library has no unfinished jobs."));

  fs_cli_print_assets (assets, o->json);
  return status;
}

int
fs_cli_resume (int    argc,
               char **argv)
{
  g_auto(ResumeOptions) o = { 0 };
  const GOptionEntry entries[] = {
    fs_cli_option_library (&o.library),
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &o.base_url,
      N_("API base URL (https://, or http:// on loopback)"), "URL" },
    fs_cli_option_json (&o.json, TRUE),
    { NULL }
  };
  g_autoptr(FsCatalog) catalog = NULL;

  if (!fs_cli_parse_options ("resume", _("— finish the jobs a crash or a quit interrupted"),
                             entries, &argc, &argv))
    return FS_CLI_EXIT_INVALID;
  if (argc != 1)
    {
      g_printerr ("%s\n", _("flux-studio-cli resume: takes no arguments, only options"));
      return FS_CLI_EXIT_INVALID;
    }

  if ((catalog = fs_cli_load_catalog ()) == NULL)
    return FS_CLI_EXIT_INVALID;

  return resume_library (catalog, &o);
}
