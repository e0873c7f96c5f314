/* fs-cli-batch.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-batch.h"
#include "fs-batch-call.h"
#include "fs-cli.h"
#include "fs-error.h"
#include "fs-file.h"
#include "fs-json.h"
#include "fs-provider.h"
#include "fs-secrets.h"
#include "fs-variations.h"

/* batch FILE: a prompt list (.txt, .csv, .jsonl) made into jobs, every
 * row checked before anything is sent, every job journalled as a batch
 * row before the first is sent, so that resume runs what a dead batch
 * never sent and nothing twice (docs/ARCHITECTURE.md, “Batches”). */

#define BATCH_MAX_BYTES (16 * 1024 * 1024)
/* Jobs in flight at once in one process; the account's caps are held by
 * the jobs' slots, this only bounds memory and open requests. */
#define BATCH_MAX_RUNNING 32

/* Keys and providers, looked up once per provider. */
typedef struct
{
  GHashTable *keys;       /* provider id → key or NULL */
  GHashTable *providers;  /* "id base-url" → FsProvider */
} Accounts;

static void
free_key (gpointer key)
{
  if (key != NULL)
    fs_secrets_free_key (key);
}

static void
accounts_init (Accounts *accounts)
{
  accounts->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_key);
  accounts->providers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

static void
accounts_clear (Accounts *accounts)
{
  g_clear_pointer (&accounts->keys, g_hash_table_unref);
  g_clear_pointer (&accounts->providers, g_hash_table_unref);
}

static const char *
account_key (Accounts   *accounts,
             const char *provider_id)
{
  gpointer key;

  if (!g_hash_table_lookup_extended (accounts->keys, provider_id, NULL, &key))
    {
      key = fs_cli_lookup_key (provider_id);
      g_hash_table_insert (accounts->keys, g_strdup (provider_id), key);
    }
  return key;
}

static FsProvider *
account_provider (Accounts    *accounts,
                  const char  *provider_id,
                  const char  *base_url,
                  gboolean     json_references,
                  GError     **error)
{
  g_autofree char *name = g_strdup_printf ("%s %s %d", provider_id, base_url ? base_url : "",
                                           json_references);
  FsProvider *provider = g_hash_table_lookup (accounts->providers, name);

  if (provider != NULL)
    return provider;
  if ((provider = fs_provider_new (provider_id, base_url, error)) == NULL)
    return NULL;
  fs_provider_set_json_references (provider, json_references);
  g_hash_table_insert (accounts->providers, g_steal_pointer (&name), provider);
  return provider;
}

/* The job of one call of the batch, under its row's job id; its
 * provider at the call's base URL, else @base_url. */
static FsJob *
call_job (FsBatchCall  *call,
          FsCatalog    *catalog,
          FsLibrary    *library,
          Accounts     *accounts,
          const char   *base_url,
          GError      **error)
{
  const char *provider_id = fs_request_get_provider_id (call->request);
  FsProvider *provider = account_provider (accounts, provider_id,
                                           call->base_url != NULL ? call->base_url : base_url,
                                           call->json_references, error);

  if (provider == NULL)
    return NULL;
  return fs_batch_call_new_job (call, catalog, provider, library,
                                account_key (accounts, provider_id));
}

/* Reading and checking the rows ------------------------------------------------- */

/* One planned call of the batch. */
typedef struct
{
  guint      line;
  FsRequest *request;
  char     **refs;
} Planned;

static void
planned_free (Planned *planned)
{
  g_object_unref (planned->request);
  g_strfreev (planned->refs);
  g_free (planned);
}

/* What every row starts from: the command line's options, and the
 * references --ref names, prepared once with their paths. */
typedef struct
{
  FsCliGenerateOptions *options;
  GPtrArray            *references;
  char                **ref_paths;
  guint                 count;
  FsSeedMode            mode;
  const char           *folder;
} Defaults;

/* The command line's options on the row's provider and model: the
 * defaults the core applies the row over (fs_batch_row_plan()), which
 * keeps them as the row names their model. */
static FsRequest *
row_defaults (FsBatchRow  *row,
              Defaults    *defaults,
              FsCatalog   *catalog,
              GError     **error)
{
  FsCliGenerateOptions *o = defaults->options;
  const char *provider_id = row->provider != NULL ? row->provider : o->provider;
  const char *model_id = row->model != NULL ? row->model
                         : o->model != NULL ? o->model
                         : g_str_equal (provider_id, "monica") ? "flux_dev" : "flux-2-pro";
  g_autoptr(FsRequest) request = fs_request_new (provider_id, model_id);
  FsModel *model = fs_catalog_lookup (catalog, model_id);

  if (model != NULL && !fs_cli_apply_options (request, model, o, error))
    return NULL;
  for (guint i = 0; i < defaults->references->len; i++)
    fs_request_add_reference (request, g_ptr_array_index (defaults->references, i));
  return g_steal_pointer (&request);
}

/* The calls of @row, checked, added to @plan; FALSE with @problems told
 * why. */
static gboolean
plan_row (FsBatchRow  *row,
          Defaults    *defaults,
          FsCatalog   *catalog,
          Accounts    *accounts,
          GPtrArray   *plan,
          GPtrArray   *problems)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FsRequest) request = NULL;
  g_autoptr(GPtrArray) references = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_auto(GStrv) row_paths = NULL;
  const FsProviderInfo *info;
  const char *provider_id;
  char **paths = defaults->ref_paths;

  if ((request = row_defaults (row, defaults, catalog, &error)) == NULL ||
      (references = fs_batch_row_prepare_references (row, defaults->folder, NULL,
                                                     &error)) == NULL ||
      (calls = fs_batch_row_plan (row, request, references, catalog, defaults->count,
                                  defaults->mode, &error)) == NULL)
    {
      /* Translators: a line number of a prompt list, then what is wrong there */
      g_ptr_array_add (problems, g_strdup_printf (_("line %u: %s"), row->line, error->message));
      return FALSE;
    }

  provider_id = fs_request_get_provider_id (request);
  info = fs_provider_info_lookup (provider_id);
  if (info != NULL && info->needs_key && account_key (accounts, provider_id) == NULL)
    {
      g_ptr_array_add (problems,
                       g_strdup_printf (_("line %u: no API key is set for %s; set %s or add "
                                          "one in the app’s Preferences"),
                                        row->line, _(info->name), info->key_env));
      return FALSE;
    }

  /* The files the calls' references came from, for resume. */
  if (row->refs != NULL)
    paths = row_paths = fs_batch_row_ref_paths (row, defaults->folder);
  for (guint i = 0; i < calls->len; i++)
    {
      Planned *planned = g_new0 (Planned, 1);

      planned->line = row->line;
      planned->request = g_object_ref (g_ptr_array_index (calls, i));
      planned->refs = g_strdupv (paths);
      g_ptr_array_add (plan, planned);
    }
  return TRUE;
}

static GPtrArray *
read_rows (const char  *path,
           GPtrArray   *problems,
           GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) read_error = NULL;
  g_autofree char *name = g_path_get_basename (path);

  bytes = fs_file_read_path (path, BATCH_MAX_BYTES, NULL, &read_error);
  if (bytes == NULL)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID, _("Could not read the prompt list %s: %s"),
                   path, read_error->message);
      return NULL;
    }

  return fs_batch_parse (name, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                         problems, error);
}

/* Running ---------------------------------------------------------------------- */

typedef struct
{
  GPtrArray *lines;   /* guint line of each job, as pointers */
  guint      n_done;
  guint      n_jobs;
} Progress;

static void
job_done (FsJob        *job,
          guint         index,
          GPtrArray    *assets,
          const GError *error,
          gpointer      user_data)
{
  Progress *progress = user_data;
  guint line = GPOINTER_TO_UINT (g_ptr_array_index (progress->lines, index));

  progress->n_done++;
  if (assets != NULL)
    for (guint i = 0; i < assets->len; i++)
      /* Translators: jobs done, all jobs, a line of the prompt list, a path */
      g_printerr (_("batch: %u/%u line %u saved: %s\n"), progress->n_done, progress->n_jobs,
                  line, fs_asset_get_path (g_ptr_array_index (assets, i)));
  else
    /* Translators: jobs done, all jobs, a line of the prompt list, why */
    g_printerr (_("batch: %u/%u line %u failed: %s\n"), progress->n_done, progress->n_jobs,
                line, error->message);
}

static guint
max_running (GPtrArray *jobs)
{
  for (guint i = 0; i < jobs->len; i++)
    {
      FsJob *job = g_ptr_array_index (jobs, i);
      const FsProviderInfo *info =
        fs_provider_info_lookup (fs_request_get_provider_id (fs_job_get_request (job)));

      if (info == NULL || !info->local)
        return BATCH_MAX_RUNNING;
    }
  /* The sandbox draws in worker threads: one a processor is enough. */
  return MAX (2, g_get_num_processors ());
}

static int
run_batch (GPtrArray *jobs,
           GPtrArray *lines,
           GPtrArray *assets)
{
  Progress progress = { lines, 0, jobs->len };

  return fs_cli_run_jobs (jobs, max_running (jobs), TRUE, job_done, &progress, assets);
}

/* Journals every planned call as a batch row under the batch's lease, and
 * makes its job. */
static gboolean
journal_batch (FsLibrary             *library,
               FsCatalog             *catalog,
               GPtrArray             *plan,
               FsCliGenerateOptions  *defaults,
               Accounts              *accounts,
               GPtrArray             *jobs,
               GPtrArray             *lines,
               FsLease              **lease,
               GError               **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonArray) rows = json_array_new ();

  for (guint i = 0; i < plan->len; i++)
    {
      Planned *planned = g_ptr_array_index (plan, i);
      g_autofree char *job_id = g_uuid_string_random ();
      FsBatchCall call = { planned->line, job_id, planned->request, defaults->base_url,
                           defaults->json_references };
      const char *no_refs[] = { NULL };
      FsJob *job;

      /* Paths, even none: resume prepares the files again. */
      json_array_add_object_element (rows,
                                     fs_batch_call_to_row (planned->line, job_id,
                                                           planned->request,
                                                           planned->refs != NULL
                                                           ? (const char * const *) planned->refs
                                                           : no_refs,
                                                           defaults->base_url,
                                                           defaults->json_references));
      if ((job = call_job (&call, catalog, library, accounts, NULL, error)) == NULL)
        return FALSE;
      g_ptr_array_add (jobs, job);
      g_ptr_array_add (lines, GUINT_TO_POINTER (planned->line));
    }

  fs_library_start_batch_async (library, rows, NULL, NULL, fs_cli_result_cb, &result);
  if ((*lease = fs_library_start_batch_finish (library, fs_cli_wait (&result), error)) == NULL)
    {
      g_prefix_error (error, "%s", _("The batch could not be journalled, so nothing was sent: "));
      return FALSE;
    }
  return TRUE;
}

int
fs_cli_batch (int    argc,
              char **argv)
{
  g_auto(FsCliGenerateOptions) o = { 0 };
  g_autofree GOptionEntry *entries = fs_cli_generate_option_entries (&o, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(FsCatalog) catalog = NULL;
  g_autoptr(FsLibrary) library = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) plan = g_ptr_array_new_with_free_func ((GDestroyNotify) planned_free);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  g_autoptr(GPtrArray) requests = g_ptr_array_new ();
  g_autoptr(GPtrArray) assets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *folder = NULL;
  Accounts accounts;
  Defaults defaults = { 0 };
  FsLease *lease = NULL;
  gboolean unknown = FALSE;
  double estimate;
  int status;

  if (!fs_cli_parse_options ("batch",
                             _("FILE — a job for each prompt of a .txt, .csv or .jsonl file; "
                               "generate’s options are the defaults"),
                             entries, &argc, &argv))
    return FS_CLI_EXIT_INVALID;
  if (argc != 2)
    {
      g_printerr ("%s\n", _("flux-studio-cli batch: give exactly one FILE (.txt, .csv or .jsonl)"));
      return FS_CLI_EXIT_INVALID;
    }
  if ((catalog = fs_cli_load_catalog ()) == NULL)
    return FS_CLI_EXIT_INVALID;
  if ((rows = read_rows (argv[1], problems, &error)) == NULL)
    return fs_cli_fail (error);

  /* Without --provider, as generate: Black Forest Labs when a key for it
   * is set, else the sandbox; a row may still name its own. */
  accounts_init (&accounts);
  if (o.provider == NULL)
    {
      char *key = NULL;

      o.provider = g_strdup (fs_cli_choose_provider (&o, &key));
      g_hash_table_insert (accounts.keys, g_strdup (o.provider), key);
    }

  /* Every row is checked before anything is sent. */
  folder = g_path_get_dirname (argv[1]);
  defaults.options = &o;
  defaults.folder = folder;
  if (!fs_cli_parse_count (&o, &defaults.count, &defaults.mode, &error) ||
      (defaults.references = fs_cli_prepare_references (o.refs, &error)) == NULL)
    {
      accounts_clear (&accounts);
      return fs_cli_fail (error);
    }
  defaults.ref_paths = fs_cli_ref_paths (o.refs);
  for (guint i = 0; i < rows->len; i++)
    plan_row (g_ptr_array_index (rows, i), &defaults, catalog, &accounts, plan, problems);
  g_clear_pointer (&defaults.references, g_ptr_array_unref);
  g_clear_pointer (&defaults.ref_paths, g_strfreev);
  if (problems->len == 0 && plan->len == 0)
    g_ptr_array_add (problems, g_strdup (_("the prompt list holds no prompt")));
  if (problems->len > 0)
    {
      for (guint i = 0; i < problems->len; i++)
        g_printerr ("flux-studio-cli: %s: %s\n", argv[1], (char *) g_ptr_array_index (problems, i));
      g_printerr (ngettext ("flux-studio-cli: %u problem; nothing was sent\n",
                            "flux-studio-cli: %u problems; nothing was sent\n", problems->len),
                  problems->len);
      accounts_clear (&accounts);
      return FS_CLI_EXIT_INVALID;
    }

  if ((library = fs_cli_open_library (o.library, TRUE, &error)) == NULL)
    {
      accounts_clear (&accounts);
      return fs_cli_fail (error);
    }

  for (guint i = 0; i < plan->len; i++)
    g_ptr_array_add (requests, ((Planned *) g_ptr_array_index (plan, i))->request);
  estimate = fs_cli_estimate (requests, catalog, &unknown);
  /* Translators: the number of jobs, then their estimated price */
  g_printerr (ngettext ("batch: %u job, estimated $%.2f%s\n", "batch: %u jobs, estimated $%.2f%s\n",
                        plan->len),
              plan->len, estimate, unknown ? _(" (some prices unknown)") : "");
  fs_cli_warn_budget (library, estimate);

  if (!journal_batch (library, catalog, plan, &o, &accounts, jobs, lines, &lease, &error))
    status = fs_cli_fail (error);
  else
    {
      status = run_batch (jobs, lines, assets);
      fs_cli_print_assets (assets, o.json);
    }

  if (lease != NULL)
    fs_library_end_lease (library, lease, TRUE);
  accounts_clear (&accounts);
  return status;
}

/* resume: the rows dead batches never sent ---------------------------------------- */

static FsJob *
job_from_row (JsonObject  *row,
              FsCatalog   *catalog,
              FsLibrary   *library,
              Accounts    *accounts,
              const char  *base_url,
              GError     **error)
{
  g_autoptr(FsBatchCall) call = fs_batch_call_new_from_row (row, catalog, NULL, error);

  if (call == NULL)
    return NULL;
  return call_job (call, catalog, library, accounts, base_url, error);
}

/* The claimed rows, each sent once as a job (with the images saved put
 * in @assets). */
static int
send_claimed (FsBatchClaim *claim,
              FsLibrary    *library,
              FsCatalog    *catalog,
              const char   *base_url,
              GPtrArray    *assets)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  Accounts accounts;
  int status = FS_CLI_EXIT_OK;

  if (claim->n_busy > 0)
    g_printerr (ngettext ("flux-studio-cli: %u unsent batch job belongs to a running batch and "
                          "is left to it.\n",
                          "flux-studio-cli: %u unsent batch jobs belong to running batches and "
                          "are left to them.\n", claim->n_busy),
                claim->n_busy);
  if (claim->rows->len == 0)
    return FS_CLI_EXIT_OK;

  accounts_init (&accounts);
  for (guint i = 0; i < claim->rows->len; i++)
    {
      JsonObject *row = g_ptr_array_index (claim->rows, i);
      g_autoptr(GError) row_error = NULL;
      FsJob *job = job_from_row (row, catalog, library, &accounts, base_url, &row_error);

      if (job == NULL)
        {
          /* Translators: a line of a prompt list, then why */
          g_printerr (_("flux-studio-cli: batch line %u cannot be sent: %s\n"),
                      (guint) json_object_get_int_member (row, "line"), row_error->message);
          status = fs_cli_worse_status (status, fs_error_exit_status (row_error));
          continue;
        }
      g_ptr_array_add (jobs, job);
      g_ptr_array_add (lines, GUINT_TO_POINTER ((guint) json_object_get_int_member (row, "line")));
    }

  g_printerr (ngettext ("batch: %u job a batch left unsent\n",
                        "batch: %u jobs a batch left unsent\n", jobs->len), jobs->len);
  if (jobs->len > 0)
    status = fs_cli_worse_status (status, run_batch (jobs, lines, assets));
  accounts_clear (&accounts);
  return status;
}

int
fs_cli_resume_batches (FsLibrary  *library,
                       FsCatalog  *catalog,
                       const char *base_url,
                       GPtrArray  *assets)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  FsBatchClaim *claim;
  int status;

  fs_library_claim_batches_async (library, NULL, fs_cli_result_cb, &result);
  if ((claim = fs_library_claim_batches_finish (library, fs_cli_wait (&result), &error)) == NULL)
    return fs_cli_fail (error);

  status = send_claimed (claim, library, catalog, base_url, assets);
  fs_library_end_batch_claim (library, claim);
  return status;
}
