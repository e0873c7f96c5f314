/* fs-window-generate.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-error.h"
#include "fs-provider.h"
#include "fs-provider-settings.h"
#include "fs-secrets.h"
#include "fs-window-private.h"

#define HISTORY_LIMIT 200

/* A provider with the base URL from the preferences. */
static FsProvider *
create_provider (FsWindow    *self,
                 const char  *provider_id,
                 GError     **error)
{
  return fs_provider_new_for_settings (self->settings, provider_id, error);
}

/* Generate ------------------------------------------------------------------------ */

void
_fs_window_generation_free (FsWindowGeneration *generation)
{
  g_object_unref (generation->self);
  g_object_unref (generation->request);
  g_clear_pointer (&generation->call, fs_batch_call_free);
  g_clear_pointer (&generation->hold, _fs_window_batch_hold_unref);
  g_free (generation);
}

FsWindowGeneration *
_fs_window_generation_new (FsWindow  *self,
                           FsRequest *request)
{
  FsWindowGeneration *generation = g_new0 (FsWindowGeneration, 1);

  generation->self = g_object_ref (self);
  generation->request = g_object_ref (request);
  return generation;
}

typedef FsWindowGeneration Generation;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Generation, _fs_window_generation_free)

static void
toast_missing_key (FsWindow   *self,
                   const char *provider_id)
{
  const FsProviderInfo *info = fs_provider_info_lookup (provider_id);
  g_autofree char *title = NULL;
  g_autoptr(AdwToast) toast = NULL;

  /* Translators: a provider name, such as Black Forest Labs */
  title = g_strdup_printf (_("%s needs an API key"), info ? gettext (info->name) : provider_id);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Add Key…"));
  adw_toast_set_action_name (toast, "win.add-key");
  adw_toast_set_action_target_value (toast, g_variant_new_string (provider_id));
  adw_toast_set_timeout (toast, 8);
  fs_window_add_toast (self, toast);
}

/* A batch's call on its provider: at the base URL its row names, else
 * the preferences'. */
static FsProvider *
call_provider (FsWindow     *self,
               FsBatchCall  *call,
               GError      **error)
{
  const char *provider_id = fs_request_get_provider_id (call->request);
  FsProvider *provider;

  if (call->base_url == NULL)
    return create_provider (self, provider_id, error);
  if ((provider = fs_provider_new (provider_id, call->base_url, error)) != NULL)
    fs_provider_set_json_references (provider, call->json_references);
  return provider;
}

/* A batch's call that will not be queued: said already, and not offered
 * again at the next start. */
static void
drop_call (FsWindowGeneration *generation)
{
  if (generation->call != NULL && generation->hold != NULL)
    _fs_window_batch_hold_drop_call (generation->hold, generation->call);
}

static void
queue_job (FsWindow           *self,
           FsWindowGeneration *generation,
           const char         *key)
{
  FsApplication *application = _fs_window_get_application (self);
  FsRequest *request = generation->request;
  const char *provider_id = fs_request_get_provider_id (request);
  /* A batch's job journals beside its row, whatever the gallery shows
   * now. */
  FsLibrary *library = generation->hold != NULL
                       ? _fs_window_batch_hold_get_library (generation->hold)
                       : fs_application_get_library (application);
  g_autoptr(FsProvider) provider = NULL;
  g_autoptr(FsJob) job = NULL;
  g_autoptr(GError) error = NULL;

  provider = generation->call != NULL ? call_provider (self, generation->call, &error)
                                      : create_provider (self, provider_id, &error);
  if (provider == NULL)
    {
      fs_window_toast (self, error->message);
      drop_call (generation);
      return;
    }

  /* A batch's call runs under its journalled row's job id, and keeps
   * the batch's lease held while it is in the queue. */
  if (generation->call != NULL)
    job = fs_batch_call_new_job (generation->call, self->catalog, provider, library, key);
  else
    job = fs_job_new (request, self->catalog, provider, library, key);
  if (generation->hold != NULL)
    _fs_window_batch_hold_attach (generation->hold, job);
  fs_job_queue_add (fs_application_get_queue (application), job);
  _fs_window_refresh_history (self);
}

static void
generate_key_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Generation) generation = user_data;
  FsWindow *self = generation->self;
  const char *provider_id = fs_request_get_provider_id (generation->request);
  const FsProviderInfo *info = fs_provider_info_lookup (provider_id);
  g_autoptr(GError) error = NULL;
  char *key = fs_secrets_lookup_finish (result, &error);

  /* Cancelled, the window is closing: a batch's rows stay for the next
   * start to offer. */
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          fs_window_toast (self, error->message);
          drop_call (generation);
        }
      return;
    }

  if (key == NULL && info != NULL && info->needs_key)
    {
      toast_missing_key (self, provider_id);
      drop_call (generation);
    }
  else
    queue_job (self, generation, key);

  if (key != NULL)
    fs_secrets_free_key (key);
}

/**
 * _fs_window_generate:
 * @self: the window
 * @request: what to generate, prompt included
 *
 * Looks up the provider's key, then queues a job. Nothing typed in the
 * window changes, whatever happens.
 */
void
_fs_window_generate (FsWindow  *self,
                     FsRequest *request)
{
  _fs_window_generate_call (self, request, NULL, NULL);
}

/**
 * _fs_window_generate_call:
 * @self: the window
 * @request: what to generate
 * @call: (transfer full) (nullable): its batch row's call, whose job id
 *   and provider options the job takes
 * @hold: (nullable): the batch's hold, kept by the job while it is queued
 *
 * _fs_window_generate() for one call of a journalled batch.
 */
void
_fs_window_generate_call (FsWindow          *self,
                          FsRequest         *request,
                          FsBatchCall       *call,
                          FsWindowBatchHold *hold)
{
  Generation *generation;

  if (self->catalog == NULL || _fs_window_get_application (self) == NULL ||
      fs_application_get_queue (_fs_window_get_application (self)) == NULL)
    {
      fs_batch_call_free (call);
      return;
    }

  generation = _fs_window_generation_new (self, request);
  generation->call = call;
  generation->hold = hold != NULL ? _fs_window_batch_hold_ref (hold) : NULL;
  fs_secrets_lookup_async (fs_request_get_provider_id (request), self->cancellable,
                           generate_key_cb, generation);
}

void
_fs_window_job_finished (FsWindow  *self,
                         FsJob     *job,
                         GPtrArray *assets,
                         GError    *error)
{
  if (assets != NULL && assets->len > 0 && self->panel != NULL)
    fs_param_panel_set_last_seed (self->panel,
                                  fs_asset_get_seed (g_ptr_array_index (assets, 0)));

  _fs_window_refresh_credits (self);
  _fs_window_refresh_history (self);
}

/* Account balance --------------------------------------------------------------------- */

static void
show_balance (FsWindow *self,
              double    credits)
{
  g_autofree char *dollars = NULL;
  g_autofree char *tooltip = NULL;

  /* One Black Forest Labs credit is one US cent. */
  dollars = g_strdup_printf ("$%.2f", credits / 100);
  /* Translators: the account balance at Black Forest Labs, in credits */
  tooltip = g_strdup_printf (_("Black Forest Labs balance: %.0f credits"), credits);
  gtk_label_set_text (GTK_LABEL (self->balance_label), dollars);
  gtk_widget_set_tooltip_text (self->balance_label, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->balance_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  gtk_widget_set_visible (self->balance_label, TRUE);
}

static void
credits_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  double credits = 0;

  if (fs_provider_fetch_credits_finish (FS_PROVIDER (object), result, &credits, &error))
    show_balance (self, credits);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("No balance: %s", error->message);
}

static void
credits_key_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FsProvider) provider = NULL;
  char *key = fs_secrets_lookup_finish (result, &error);

  if (key == NULL)
    return;

  if ((provider = create_provider (self, "bfl", &error)) != NULL)
    fs_provider_fetch_credits_async (provider, key, self->credits_cancellable,
                                     credits_cb, g_object_ref (self));
  else
    g_debug ("No balance: %s", error->message);
  fs_secrets_free_key (key);
}

/**
 * _fs_window_refresh_credits:
 * @self: the window
 *
 * Shows the account balance where the provider reports one (Black
 * Forest Labs), and hides it otherwise.
 */
void
_fs_window_refresh_credits (FsWindow *self)
{
  const char *provider_id = _fs_window_get_provider_id (self);

  g_cancellable_cancel (self->credits_cancellable);
  g_clear_object (&self->credits_cancellable);

  if (g_strcmp0 (provider_id, "bfl") != 0)
    {
      gtk_widget_set_visible (self->balance_label, FALSE);
      return;
    }

  self->credits_cancellable = g_cancellable_new ();
  fs_secrets_lookup_async ("bfl", self->credits_cancellable, credits_key_cb, g_object_ref (self));
}

/* Prompt history ------------------------------------------------------------------------ */

static void
prompts_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) prompts = fs_library_list_prompts_finish (FS_LIBRARY (object), result, &error);

  if (prompts != NULL)
    fs_prompt_editor_set_history (self->prompt_editor, (const char * const *) prompts);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("No prompt history: %s", error->message);
}

void
_fs_window_refresh_history (FsWindow *self)
{
  FsLibrary *library = fs_application_get_library (_fs_window_get_application (self));

  if (library != NULL)
    fs_library_list_prompts_async (library, NULL, HISTORY_LIMIT, self->cancellable,
                                   prompts_cb, g_object_ref (self));
}

/* First run ---------------------------------------------------------------------------- */

typedef struct
{
  FsWindow *self;
  GStrv     keyed;    /* provider ids with a key, by provider order */
  guint     pending;
} FirstRun;

static void
first_run_free (FirstRun *first_run)
{
  g_object_unref (first_run->self);
  g_strfreev (first_run->keyed);
  g_free (first_run);
}

/* The welcome page is for a first start: no key anywhere and no
 * provider ever chosen. With a key and no choice, that provider is
 * the natural default. */
static void
first_run_decide (FirstRun *first_run)
{
  FsWindow *self = first_run->self;
  g_autoptr(GVariant) user_value = g_settings_get_user_value (self->settings, "provider");
  const char *keyed = NULL;

  for (guint i = 0; first_run->keyed[i] != NULL && keyed == NULL; i++)
    if (first_run->keyed[i][0] != '\0')
      keyed = first_run->keyed[i];

  if (user_value != NULL)
    return;

  if (keyed == NULL)
    {
      _fs_window_show_welcome (self);
      return;
    }

  self->first_keyed_provider = g_strdup (keyed);
  if (self->catalog != NULL)
    _fs_window_select (self, keyed, _fs_window_get_model_id (self), FALSE);
}

typedef struct
{
  FirstRun *first_run;
  guint     index;
  char     *provider_id;
} KeyLookup;

static void
first_run_key_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  KeyLookup *lookup = user_data;
  FirstRun *first_run = lookup->first_run;
  g_autoptr(GError) error = NULL;
  char *key = fs_secrets_lookup_finish (result, &error);

  if (key != NULL)
    {
      g_free (first_run->keyed[lookup->index]);
      first_run->keyed[lookup->index] = g_strdup (lookup->provider_id);
      fs_secrets_free_key (key);
    }

  if (--first_run->pending == 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        first_run_decide (first_run);
      first_run_free (first_run);
    }
  g_free (lookup->provider_id);
  g_free (lookup);
}

void
_fs_window_check_first_run (FsWindow *self)
{
  const FsProviderInfo *infos;
  guint n_infos = 0;
  FirstRun *first_run;

  infos = fs_provider_info_list (&n_infos);
  first_run = g_new0 (FirstRun, 1);
  first_run->self = g_object_ref (self);
  first_run->keyed = g_new0 (char *, n_infos + 1);
  for (guint i = 0; i < n_infos; i++)
    first_run->keyed[i] = g_strdup ("");

  /* Counted before any lookup starts: one may finish at once. */
  for (guint i = 0; i < n_infos; i++)
    if (infos[i].key_env != NULL)
      first_run->pending++;

  for (guint i = 0; i < n_infos; i++)
    {
      KeyLookup *lookup;

      if (infos[i].key_env == NULL)
        continue;
      lookup = g_new0 (KeyLookup, 1);
      lookup->first_run = first_run;
      lookup->index = i;
      lookup->provider_id = g_strdup (infos[i].id);
      fs_secrets_lookup_async (infos[i].id, self->cancellable, first_run_key_cb, lookup);
    }

  if (first_run->pending == 0)
    {
      first_run_decide (first_run);
      first_run_free (first_run);
    }
}
