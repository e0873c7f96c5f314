/* fs-job-resume.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fs-error.h"
#include "fs-job-private.h"
#include "fs-job-resume.h"
#include "fs-json.h"
#include "fs-secrets.h"

/* Jobs picked up from the journal after a crash or a quit
 * (docs/ARCHITECTURE.md, “Job journal”): only orphans, whose lease no
 * live process holds (“Leases”). A job whose results the provider
 * delivered saves those, from the recovery folder or by their links; a
 * task the provider is still working on is polled at its stored URL.
 * Every other unfinished row is closed as failed, saying why, so it is
 * reported once and not on every start. */

/* Journal rows ------------------------------------------------------------ */

static JsonObject *
row_request (JsonObject *row)
{
  JsonNode *node = json_object_get_member (row, "request");

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
row_polling_url (JsonObject *row)
{
  const char *url = fs_json_get_string (row, "polling_url");

  return url != NULL && url[0] != '\0' ? url : NULL;
}

static const FsProviderInfo *
row_provider (JsonObject *row)
{
  const char *provider_id = fs_json_get_string (row_request (row), "provider");

  return provider_id != NULL ? fs_provider_info_lookup (provider_id) : NULL;
}

static JsonArray *
row_outputs (JsonObject *row)
{
  JsonNode *node = json_object_get_member (row, "outputs");

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
output_pending (JsonObject *output)
{
  JsonNode *expired = json_object_get_member (output, "expired");

  if (fs_json_get_string (output, "saved") != NULL ||
      (expired != NULL && JSON_NODE_HOLDS_VALUE (expired) && json_node_get_boolean (expired)))
    return FALSE;
  return fs_json_get_string (output, "url") != NULL ||
         fs_json_get_string (output, "recovery") != NULL;
}

/* Counts the row's outputs: all, saved, and still to save. */
static guint
count_outputs (JsonObject *row,
               guint      *n_saved,
               guint      *n_pending)
{
  JsonArray *outputs = row_outputs (row);
  guint n = outputs != NULL ? json_array_get_length (outputs) : 0;

  *n_saved = *n_pending = 0;
  for (guint i = 0; i < n; i++)
    {
      JsonObject *output = json_array_get_object_element (outputs, i);

      if (fs_json_get_string (output, "saved") != NULL)
        (*n_saved)++;
      else if (output_pending (output))
        (*n_pending)++;
    }

  return n;
}

static gboolean
row_has_pending_outputs (JsonObject *row)
{
  guint n_saved, n_pending;

  count_outputs (row, &n_saved, &n_pending);
  return n_pending > 0;
}

/* Every result saved: the run died before it could journal “saved”. */
static gboolean
row_all_saved (JsonObject *row)
{
  guint n_saved, n_pending;
  guint n = count_outputs (row, &n_saved, &n_pending);

  return n > 0 && n_saved == n;
}

/* Results to save need no key (their links are signed) and no polling:
 * any provider's. Otherwise only a task still to poll can be picked up. */
static gboolean
row_resumable (JsonObject           *row,
               const FsProviderInfo *info)
{
  if (info == NULL)
    return FALSE;
  if (row_outputs (row) != NULL && json_array_get_length (row_outputs (row)) > 0)
    return row_has_pending_outputs (row);

  return info->polls && row_polling_url (row) != NULL;
}

static gboolean
row_needs_key (JsonObject *row)
{
  return !row_has_pending_outputs (row);
}

/* Why a row of @info's provider can never be resumed. */
static void
set_unresumable_error (JsonObject            *row,
                       const FsProviderInfo  *info,
                       GError               **error)
{
  JsonArray *outputs = row_outputs (row);

  if (info != NULL && outputs != NULL && json_array_get_length (outputs) > 0)
    g_set_error_literal (error, FS_ERROR, FS_ERROR_EXPIRED,
                         _("The result links expired before the images could be saved: "
                           "result links live 10 minutes. Generate the images again."));
  else if (info == NULL)
    g_set_error_literal (error, FS_ERROR, FS_ERROR_INVALID,
                         _("The journal does not say which provider this job was sent to; "
                           "its image cannot be recovered."));
  else if (info->local)
    g_set_error_literal (error, FS_ERROR, FS_ERROR_FAILED,
                         _("Interrupted; the offline sandbox charges nothing, "
                           "so generate the image again."));
  else if (!info->polls)
    g_set_error (error, FS_ERROR, FS_ERROR_FAILED,
                 /* Translators: a provider name, such as APIYI */
                 _("Interrupted while waiting for %s; its answer to a single call cannot be "
                   "picked up later. It may or may not have been charged."),
                 _(info->name));
  else
    g_set_error_literal (error, FS_ERROR, FS_ERROR_FAILED,
                         _("Interrupted before the provider answered; "
                           "it may or may not have been charged."));
}

/* One job --------------------------------------------------------------------- */

static gboolean
check_key (FsProvider  *provider,
           const char  *key,
           GError     **error)
{
  const FsProviderInfo *info = fs_provider_info_lookup (fs_provider_get_id (provider));

  if (!fs_provider_needs_key (provider) || (key != NULL && key[0] != '\0'))
    return TRUE;

  g_set_error (error, FS_ERROR, FS_ERROR_NO_KEY,
               _("No API key is set for %s. Add one in Preferences, or set %s."),
               info ? _(info->name) : fs_provider_get_id (provider),
               info && info->key_env ? info->key_env : "the key variable");
  return FALSE;
}

FsJob *
fs_job_new_resumed (JsonObject  *journal_row,
                    FsCatalog   *catalog,
                    FsProvider  *provider,
                    FsLibrary   *library,
                    const char  *key,
                    GError     **error)
{
  g_autoptr(FsRequest) request = NULL;
  const FsProviderInfo *info;
  JsonObject *record;
  const char *job_id;
  FsJob *self;

  g_return_val_if_fail (journal_row != NULL, NULL);
  g_return_val_if_fail (FS_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (FS_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (FS_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  job_id = fs_json_get_string (journal_row, "job_id");
  if (job_id == NULL || (record = row_request (journal_row)) == NULL)
    {
      g_set_error_literal (error, FS_ERROR, FS_ERROR_INVALID,
                           _("The journal entry is incomplete; its image cannot be recovered."));
      return NULL;
    }
  if ((request = fs_request_new_from_record_full (record, catalog, error)) == NULL)
    return NULL;
  g_return_val_if_fail (g_str_equal (fs_request_get_provider_id (request),
                                     fs_provider_get_id (provider)), NULL);

  info = fs_provider_info_lookup (fs_provider_get_id (provider));
  if (!row_resumable (journal_row, info))
    {
      set_unresumable_error (journal_row, info, error);
      return NULL;
    }
  if (row_needs_key (journal_row) && !check_key (provider, key, error))
    return NULL;

  self = fs_job_new (request, catalog, provider, library, key);
  g_free (self->id);
  self->id = g_strdup (job_id);
  self->polling_url = g_strdup (row_polling_url (journal_row));
  self->journal_request = json_object_dup_member (journal_row, "request");
  self->model = fs_catalog_lookup (catalog, fs_request_get_model_id (request));
  self->resumed = TRUE;
  _fs_job_outputs_from_row (self, row_outputs (journal_row));
  _fs_job_set_status (self, FS_JOB_QUEUED, _("Resumed after restart"));

  return self;
}

void
_fs_job_take_lease (FsJob   *self,
                    FsLease *lease)
{
  g_assert (self->lease == NULL);
  self->lease = lease;
}

void
_fs_job_add_resumed_members (FsJob      *self,
                             JsonObject *record)
{
  JsonObject *stored = json_node_get_object (self->journal_request);
  JsonNode *references = json_object_get_member (stored, "references");

  /* The rebuilt request has no references, but the journal kept their
   * hashes, so a remix still finds them in the reference store. The
   * names the tray showed were not journalled. */
  if (references != NULL && JSON_NODE_HOLDS_ARRAY (references))
    {
      json_object_set_member (record, "references", json_node_copy (references));
      json_object_remove_member (record, "reference_names");
    }
  json_object_set_boolean_member (record, "resumed", TRUE);
}

/* Every unfinished row ---------------------------------------------------------- */

void
fs_job_resume_entry_free (FsJobResumeEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->job_id);
  g_free (entry->prompt);
  g_clear_object (&entry->job);
  g_clear_error (&entry->error);
  g_free (entry);
}

typedef struct
{
  FsLibrary               *library;
  FsCatalog               *catalog;
  FsJobResumeProviderFunc  provider_func;
  gpointer                 provider_data;
  GPtrArray               *claims;     /* FsJobClaim, oldest first */
  guint                    n_busy;     /* unfinished jobs live processes hold */
  guint                    next;
  FsJobResumeEntry        *closing;    /* the entry whose row is being closed */
  GHashTable              *keys;       /* provider id → key, NULL for none */
  GHashTable              *providers;  /* provider id → FsProvider */
  GPtrArray               *entries;    /* FsJobResumeEntry */
} Resume;

static void
resume_free (Resume *resume)
{
  /* Rows left for a later start let their leases go, in a worker. */
  for (guint i = 0; resume->claims != NULL && i < resume->claims->len; i++)
    {
      FsJobClaim *claim = g_ptr_array_index (resume->claims, i);

      fs_library_end_lease (resume->library, g_steal_pointer (&claim->lease), FALSE);
    }
  g_clear_pointer (&resume->claims, g_ptr_array_unref);
  g_object_unref (resume->library);
  g_object_unref (resume->catalog);
  g_hash_table_unref (resume->keys);
  g_hash_table_unref (resume->providers);
  g_clear_pointer (&resume->entries, g_ptr_array_unref);
  g_free (resume);
}

static void resume_next (GTask *task);

static FsJobClaim *
current_claim (Resume *resume)
{
  return g_ptr_array_index (resume->claims, resume->next);
}

/* One provider per id serves all its rows. */
static FsProvider *
get_provider (Resume      *resume,
              const char  *provider_id,
              GError     **error)
{
  FsProvider *provider = g_hash_table_lookup (resume->providers, provider_id);

  if (provider != NULL)
    return provider;

  if (resume->provider_func != NULL)
    provider = resume->provider_func (provider_id, resume->provider_data, error);
  else
    provider = fs_provider_new (provider_id, NULL, error);

  if (provider != NULL)
    g_hash_table_insert (resume->providers, g_strdup (provider_id), provider);
  return provider;
}

/* Fills in @entry's job, or its error. FALSE when the row must stay
 * unfinished for a later start: a key or a provider that may yet be set
 * up. */
static gboolean
resume_row (Resume           *resume,
            FsLibrary        *library,
            JsonObject       *row,
            FsJobResumeEntry *entry)
{
  const FsProviderInfo *info = row_provider (row);
  FsProvider *provider;

  if (!row_resumable (row, info))
    {
      set_unresumable_error (row, info, &entry->error);
      return TRUE;
    }

  if ((provider = get_provider (resume, info->id, &entry->error)) == NULL)
    return FALSE;

  entry->job = fs_job_new_resumed (row, resume->catalog, provider, library,
                                   g_hash_table_lookup (resume->keys, info->id), &entry->error);
  return !g_error_matches (entry->error, FS_ERROR, FS_ERROR_NO_KEY);
}

static void
close_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Resume *resume = g_task_get_task_data (task);
  FsJobClaim *claim = current_claim (resume);
  FsJobResumeEntry *entry = g_steal_pointer (&resume->closing);
  g_autoptr(GError) error = NULL;
  gboolean closed;

  closed = fs_library_journal_finish (FS_LIBRARY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!closed)
    {
      /* The row comes up again on the next start, and is closed then. */
      g_warning ("Could not close unfinished job %s in the journal: %s",
                 fs_json_get_string (claim->row, "job_id"), error->message);
      if (entry != NULL)
        entry->closed = FALSE;
    }

  /* The job is over: its lease goes with its file. */
  fs_library_end_lease (FS_LIBRARY (object), g_steal_pointer (&claim->lease), closed);
  resume->next++;
  resume_next (g_steal_pointer (&task));
}

/* A row whose results were all saved by a run that died before saying
 * so: closed as saved, with nothing to report. */
static void
close_saved (GTask      *task,
             JsonObject *row)
{
  FsLibrary *library = g_task_get_source_object (task);

  fs_library_journal_async (library, fs_json_get_string (row, "job_id"), "saved", NULL, NULL, NULL,
                            g_task_get_cancellable (task), close_cb, task);
}

/* Takes @task. Returns whether the row's journal write was started. */
static gboolean
take_row (GTask      *task,
          FsJobClaim *claim)
{
  Resume *resume = g_task_get_task_data (task);
  FsLibrary *library = g_task_get_source_object (task);
  JsonObject *row = claim->row;
  FsJobResumeEntry *entry;
  const char *prompt = fs_json_get_string (row_request (row), "prompt");
  gboolean close;

  if (row_all_saved (row))
    {
      close_saved (task, row);
      return TRUE;
    }

  entry = g_new0 (FsJobResumeEntry, 1);
  entry->job_id = g_strdup (fs_json_get_string (row, "job_id"));
  entry->prompt = g_strdup (prompt != NULL ? prompt : "");
  close = resume_row (resume, library, row, entry) && entry->job == NULL &&
          entry->job_id != NULL;
  g_ptr_array_add (resume->entries, entry);
  /* The resumed job holds the lease from now on; a row kept for later
   * lets it go with the claim. */
  if (entry->job != NULL)
    _fs_job_take_lease (entry->job, g_steal_pointer (&claim->lease));
  if (!close)
    return FALSE;

  entry->closed = TRUE;
  resume->closing = entry;
  fs_library_journal_async (library, entry->job_id, "failed", NULL, NULL, entry->error->message,
                            g_task_get_cancellable (task), close_cb, task);
  return TRUE;
}

static void
key_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Resume *resume = g_task_get_task_data (task);
  JsonObject *row = current_claim (resume)->row;
  g_autoptr(GError) error = NULL;
  char *key = fs_secrets_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* A keyring that cannot be read is as good as no key: the row waits. */
  if (error != NULL)
    g_warning ("Could not read the API key: %s", error->message);

  g_hash_table_insert (resume->keys, g_strdup (row_provider (row)->id), key);
  resume_next (g_steal_pointer (&task));
}

static gboolean
needs_key_lookup (Resume     *resume,
                  JsonObject *row)
{
  const FsProviderInfo *info = row_provider (row);

  return row_resumable (row, info) && row_needs_key (row) && info->key_env != NULL &&
         !g_hash_table_contains (resume->keys, info->id);
}

/* Takes @task: the rows one by one, in order, each after the key its
 * provider needs and the journal write closing the one before. */
static void
resume_next (GTask *task)
{
  Resume *resume = g_task_get_task_data (task);

  while (resume->next < resume->claims->len)
    {
      FsJobClaim *claim = current_claim (resume);

      if (g_task_return_error_if_cancelled (task))
        break;

      if (needs_key_lookup (resume, claim->row))
        {
          fs_secrets_lookup_async (row_provider (claim->row)->id, g_task_get_cancellable (task),
                                   key_cb, task);
          return;
        }

      if (take_row (task, claim))
        return;
      resume->next++;
    }

  if (!g_task_had_error (task))
    g_task_return_pointer (task, g_steal_pointer (&resume->entries),
                           (GDestroyNotify) g_ptr_array_unref);
  g_object_unref (task);
}

static void
claim_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Resume *resume = g_task_get_task_data (task);
  GError *error = NULL;

  resume->claims = fs_library_claim_unfinished_finish (FS_LIBRARY (object), result,
                                                       &resume->n_busy, &error);
  if (resume->claims == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  resume_next (task);
}

void
fs_job_resume_all_async (FsLibrary               *library,
                         FsCatalog               *catalog,
                         FsJobResumeProviderFunc  provider_func,
                         gpointer                 provider_data,
                         GCancellable            *cancellable,
                         GAsyncReadyCallback      callback,
                         gpointer                 user_data)
{
  GTask *task;
  Resume *resume;

  g_return_if_fail (FS_IS_LIBRARY (library));
  g_return_if_fail (FS_IS_CATALOG (catalog));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  resume = g_new0 (Resume, 1);
  resume->library = g_object_ref (library);
  resume->catalog = g_object_ref (catalog);
  resume->provider_func = provider_func;
  resume->provider_data = provider_data;
  resume->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) fs_secrets_free_key);
  resume->providers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  resume->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) fs_job_resume_entry_free);

  task = g_task_new (library, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_job_resume_all_async);
  g_task_set_task_data (task, resume, (GDestroyNotify) resume_free);
  fs_library_claim_unfinished_async (library, cancellable, claim_cb, task);
}

GPtrArray *
fs_job_resume_all_finish (FsLibrary     *library,
                          GAsyncResult  *result,
                          guint         *n_busy,
                          GError       **error)
{
  Resume *resume;

  g_return_val_if_fail (FS_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (g_task_is_valid (result, library), NULL);

  resume = g_task_get_task_data (G_TASK (result));
  if (n_busy != NULL)
    *n_busy = resume->n_busy;
  return g_task_propagate_pointer (G_TASK (result), error);
}
