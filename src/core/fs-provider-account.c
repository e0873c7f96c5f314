/* fs-provider-account.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "fs-error.h"
#include "fs-provider-private.h"

/* What Preferences asks of a provider's account: the balance, and whether
 * a key works, each with one cheap call over the shared FsHttp. */

#define ACCOUNT_TIMEOUT 30

typedef void (*ResponseFunc) (GTask          *task,
                              FsProvider     *self,
                              FsHttpResponse *response);

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(FsHttpResponse) response = NULL;
  GError *error = NULL;
  ResponseFunc func = g_task_get_task_data (task);

  response = fs_http_send_finish (FS_HTTP (object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  func (task, g_task_get_source_object (task), response);
}

/* Takes @call; @func turns the response into the task's result. */
static void
send_call (GTask        *task,
           FsHttpCall   *call,
           ResponseFunc  func)
{
  fs_http_call_set_timeout (call, ACCOUNT_TIMEOUT);
  g_task_set_task_data (task, func, NULL);
  fs_http_send_async (fs_http_get_default (), call, g_task_get_cancellable (task),
                      send_cb, g_object_ref (task));
  fs_http_call_unref (call);
}

/* Credits */

static void
credits_response (GTask          *task,
                  FsProvider     *self,
                  FsHttpResponse *response)
{
  GError *error = NULL;
  double credits = 0;

  if (!fs_provider_parse_credits (self, response, &credits, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_memdup2 (&credits, sizeof credits), g_free);
}

/* FALSE, with @task answered, when nothing can be sent. */
static gboolean
start_credits (GTask       *task,
               FsProvider  *self,
               const char  *key,
               ResponseFunc func)
{
  GError *error = NULL;
  FsHttpCall *call;

  if (!_fs_provider_check_key (self, key, &error))
    {
      g_task_return_error (task, error);
      return FALSE;
    }

  call = fs_provider_build_credits (self, key);
  if (call == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               /* Translators: %s is a provider name */
                               _("%s does not report an account balance"),
                               _fs_provider_get_display_name (self));
      return FALSE;
    }

  send_call (task, call, func);
  return TRUE;
}

void
fs_provider_fetch_credits_async (FsProvider          *self,
                                 const char          *key,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FS_IS_PROVIDER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_provider_fetch_credits_async);
  start_credits (task, self, key, credits_response);
}

gboolean
fs_provider_fetch_credits_finish (FsProvider    *self,
                                  GAsyncResult  *result,
                                  double        *credits,
                                  GError       **error)
{
  g_autofree double *value = NULL;

  g_return_val_if_fail (FS_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  value = g_task_propagate_pointer (G_TASK (result), error);
  if (value == NULL)
    return FALSE;

  if (credits != NULL)
    *credits = *value;
  return TRUE;
}

/* Key tests */

/* BFL: one credit is one US cent. */
static void
test_credits_response (GTask          *task,
                       FsProvider     *self,
                       FsHttpResponse *response)
{
  GError *error = NULL;
  double credits = 0;

  if (!fs_provider_parse_credits (self, response, &credits, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task,
                         /* Translators: "The key works: 1234.50 credits (about $12.35)." */
                         g_strdup_printf (_("The key works: %.2f credits (about $%.2f)."),
                                          credits, round (credits) / 100.0),
                         g_free);
}

static int
count_models (FsHttpResponse *response)
{
  g_autoptr(JsonObject) object = _fs_provider_parse_object (response);
  JsonNode *data = object != NULL ? json_object_get_member (object, "data") : NULL;

  if (data == NULL || !JSON_NODE_HOLDS_ARRAY (data))
    return -1;
  return (int) json_array_get_length (json_node_get_array (data));
}

static char *
describe_models (FsHttpResponse *response,
                 gboolean        keyed)
{
  int n_models = count_models (response);

  if (n_models < 0)
    return g_strdup (keyed ? _("The key works.") : _("The server answers without a key."));
  if (keyed)
    /* Translators: "The key works: 42 models available." */
    return g_strdup_printf (ngettext ("The key works: %d model available.",
                                      "The key works: %d models available.",
                                      n_models),
                            n_models);
  /* Translators: a self-hosted server that needs no key */
  return g_strdup_printf (ngettext ("The server answers without a key: %d model available.",
                                    "The server answers without a key: %d models available.",
                                    n_models),
                          n_models);
}

static void
models_answer (GTask          *task,
               FsProvider     *self,
               FsHttpResponse *response,
               gboolean        keyed)
{
  if (!fs_http_response_is_success (response))
    g_task_return_error (task, _fs_provider_response_error (self, response));
  else
    g_task_return_pointer (task, describe_models (response, keyed), g_free);
}

static void
models_response (GTask          *task,
                 FsProvider     *self,
                 FsHttpResponse *response)
{
  models_answer (task, self, response, TRUE);
}

static void
keyless_models_response (GTask          *task,
                         FsProvider     *self,
                         FsHttpResponse *response)
{
  models_answer (task, self, response, FALSE);
}

/* OpenAI's list of models: authenticated, free, and quick. */
static void
start_models (GTask      *task,
              FsProvider *self,
              const char *key)
{
  g_autofree char *url = _fs_provider_dup_url (self, "/models");
  FsHttpCall *call = fs_http_call_new ("GET", url);

  fs_http_call_add_header (call, "accept", "application/json");
  if (key == NULL || key[0] == '\0')
    {
      send_call (task, call, keyless_models_response);
      return;
    }

  fs_http_call_set_key (call, "Authorization", "Bearer", key);
  send_call (task, call, models_response);
}

static gboolean
is_monica (FsProvider *self)
{
  return g_strcmp0 (fs_provider_get_id (self), "monica") == 0;
}

void
fs_provider_test_key_async (FsProvider          *self,
                            const char          *key,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (FS_IS_PROVIDER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_provider_test_key_async);

  if (fs_provider_is_local (self))
    g_task_return_pointer (task, g_strdup (_("The offline sandbox needs no key.")), g_free);
  else if (!_fs_provider_check_key (self, key, &error))
    g_task_return_error (task, error);
  else if (FS_PROVIDER_GET_IFACE (self)->build_credits != NULL)
    start_credits (task, self, key, test_credits_response);
  else if (is_monica (self))
    /* Monica documents no call that costs nothing; sending a generation
     * to test a key would spend the user's money. */
    g_task_return_pointer (task,
                           g_strdup (_("Monica has no free test call; the key will be "
                                       "checked with the first generation.")),
                           g_free);
  else
    start_models (task, self, key);
}

char *
fs_provider_test_key_finish (FsProvider    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (FS_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
