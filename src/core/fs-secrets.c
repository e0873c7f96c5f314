/* fs-secrets.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "fs-error.h"
#include "fs-provider.h"
#include "fs-secrets.h"

/* Nothing in this file may pass a key to g_debug(), g_warning(), a
 * GError message or anything else that could end up in a log: messages
 * name the provider and the environment variable, never the value. */

/* The schema name is the base app id, so development builds (.Devel) and
 * releases share their keys. */
static const SecretSchema *
api_key_schema (void)
{
  static const SecretSchema schema = {
    "io.github.fluxstudio.FluxStudio.ApiKey",
    SECRET_SCHEMA_NONE,
    {
      { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* The environment variable and display name come from the provider
 * table, so there is one list of providers. A provider without key_env
 * (the sandbox) needs no key.
 *
 * Makes the task of an operation on @provider_id's key and returns the
 * provider; NULL, with the task answered, when there is no such
 * provider. */
static const FsProviderInfo *
start_task (const char           *provider_id,
            gpointer              source_tag,
            GCancellable         *cancellable,
            GAsyncReadyCallback   callback,
            gpointer              user_data,
            GTask               **task)
{
  const FsProviderInfo *info = fs_provider_info_lookup (provider_id);

  *task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (*task, source_tag);
  if (info == NULL)
    g_task_return_new_error (*task, FS_ERROR, FS_ERROR_INVALID,
                             _("There is no provider called “%s”."), provider_id);

  return info;
}

/* Without a session bus address GDBus falls back to X11 autolaunch, which
 * starts a new bus (and maybe a keyring that then asks for a password) or
 * waits on a display that is not there. A keyring the user could have put
 * a key into is only ever on a bus that is already configured, so only
 * then is the Secret Service worth asking. */
static gboolean
session_bus_configured (void)
{
  const char *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  g_autofree char *socket = NULL;

  if (address != NULL && *address != '\0')
    return TRUE;

  socket = g_build_filename (g_get_user_runtime_dir (), "bus", NULL);

  return g_file_test (socket, G_FILE_TEST_EXISTS);
}

/* Keys are pasted from web pages, files and terminals, so white space and
 * newlines around them are dropped. What is left must be a plain token:
 * printable ASCII without spaces, as every provider's keys are, and
 * nothing that could break an HTTP header. */
static gboolean
trim_key (const char  *key,
          const char **start,
          gsize       *len)
{
  const char *end = key + strlen (key);

  while (g_ascii_isspace (*key))
    key++;
  while (end > key && g_ascii_isspace (end[-1]))
    end--;

  *start = key;
  *len = end - key;
  for (const guchar *p = (const guchar *) key; p < (const guchar *) end; p++)
    {
      if (*p <= ' ' || *p >= 0x7f)
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  while (g_ascii_isspace (*text))
    text++;

  return *text == '\0';
}

/* Copies the usable part of @key into non-pageable memory. */
static SecretValue *
key_to_value (const char *key)
{
  const char *start;
  gsize len;

  if (!trim_key (key, &start, &len) || len == 0)
    return NULL;

  return secret_value_new (start, len, "text/plain");
}

/* Consumes @secret, leaving the key in non-pageable memory that
 * secret_password_free() wipes. */
static char *
value_to_key (SecretValue *secret)
{
  gsize len;

  return secret_value_unref_to_password (secret, &len);
}

/* Lookup ---------------------------------------------------------------- */

static void
return_key (GTask *task,
            char  *key)
{
  g_task_return_pointer (task, key, (GDestroyNotify) secret_password_free);
}

static void
return_env_key (GTask *task)
{
  const FsProviderInfo *provider = g_task_get_task_data (task);
  const char *value = g_getenv (provider->key_env);
  SecretValue *secret;

  /* Unset and blank are the same to a shell user. */
  if (value == NULL || is_blank (value))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  secret = key_to_value (value);
  if (secret == NULL)
    {
      g_task_return_new_error (task, FS_ERROR, FS_ERROR_NO_KEY,
                               _("The environment variable %s does not hold "
                                 "a usable API key: it has spaces, line "
                                 "breaks or other characters no key has."),
                               provider->key_env);
      return;
    }

  return_key (task, value_to_key (secret));
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const FsProviderInfo *provider = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretValue) secret = NULL;
  char *key;

  key = secret_password_lookup_nonpageable_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (error != NULL)
    g_debug ("The Secret Service could not be asked for the %s key (%s); "
             "trying %s", provider->id, error->message, provider->key_env);

  if (key != NULL)
    {
      secret = key_to_value (key);
      secret_password_free (key);
      if (secret == NULL)
        g_debug ("The saved %s key is not usable; trying %s",
                 provider->id, provider->key_env);
    }

  if (secret != NULL)
    return_key (task, value_to_key (g_steal_pointer (&secret)));
  else
    return_env_key (task);
}

/**
 * fs_secrets_lookup_async:
 * @provider_id: "bfl", "apiyi", "monica", "openai-compatible" or "sandbox"
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the key is known
 * @user_data: data for @callback
 *
 * Looks for the provider's key in the Secret Service, then in its
 * environment variable. A keyring item wins over the environment; an
 * unreachable Secret Service counts as having no item.
 */
void
fs_secrets_lookup_async (const char          *provider_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const FsProviderInfo *provider;

  g_return_if_fail (provider_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  provider = start_task (provider_id, fs_secrets_lookup_async, cancellable, callback,
                         user_data, &task);
  if (provider == NULL)
    return;
  if (provider->key_env == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  g_task_set_task_data (task, (gpointer) provider, NULL);
  if (!session_bus_configured ())
    {
      g_debug ("No D-Bus session bus; the %s key can only come from %s",
               provider->id, provider->key_env);
      return_env_key (task);
      return;
    }

  secret_password_lookup (api_key_schema (), cancellable,
                          lookup_cb, g_steal_pointer (&task),
                          "provider", provider->id,
                          NULL);
}

/**
 * fs_secrets_lookup_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the key, to be freed with
 *   fs_secrets_free_key(), or %NULL, without an error, when no key is set
 *   anywhere.
 */
char *
fs_secrets_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Store and clear ------------------------------------------------------- */

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, _("The API key could not be saved in the "
                                  "Secret Service: "));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static gboolean
check_store (const FsProviderInfo  *provider,
             SecretValue          *secret,
             GError              **error)
{
  if (provider->key_env == NULL)
    {
      g_set_error_literal (error, FS_ERROR, FS_ERROR_INVALID,
                           _("The offline sandbox needs no API key."));
      return FALSE;
    }
  if (secret == NULL)
    {
      g_set_error_literal (error, FS_ERROR, FS_ERROR_INVALID,
                           _("This is not an API key: it is empty or has "
                             "spaces, line breaks or other characters no "
                             "key has. Copy it again from the provider’s "
                             "website."));
      return FALSE;
    }
  if (!session_bus_configured ())
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("There is no Secret Service to keep the API key (no "
                     "D-Bus session is running). Set %s in the environment "
                     "instead."), provider->key_env);
      return FALSE;
    }

  return TRUE;
}

/**
 * fs_secrets_store_async:
 * @provider_id: the provider the key belongs to
 * @key: the key; white space around it is dropped
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the key is saved
 * @user_data: data for @callback
 *
 * Saves @key as the provider's item in the default collection, replacing
 * any earlier one. Fails with %FS_ERROR_INVALID for an unknown provider,
 * the sandbox, or a key that is empty or has characters no key has.
 */
void
fs_secrets_store_async (const char          *provider_id,
                        const char          *key,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretValue) secret = NULL;
  g_autofree char *label = NULL;
  const FsProviderInfo *provider;

  g_return_if_fail (provider_id != NULL);
  g_return_if_fail (key != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  provider = start_task (provider_id, fs_secrets_store_async, cancellable, callback,
                         user_data, &task);
  if (provider == NULL)
    return;

  secret = key_to_value (key);
  if (!check_store (provider, secret, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Translators: the label of the keyring item, as Passwords and Keys
   * shows it; %s is a provider name such as "Black Forest Labs" */
  label = g_strdup_printf (_("Flux Studio API key (%s)"), _(provider->name));
  secret_password_store_binary (api_key_schema (), SECRET_COLLECTION_DEFAULT,
                                label, secret, cancellable,
                                store_cb, g_steal_pointer (&task),
                                "provider", provider->id,
                                NULL);
}

gboolean
fs_secrets_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error only means there was no item to remove. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * fs_secrets_clear_async:
 * @provider_id: the provider whose key to forget
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the item is gone
 * @user_data: data for @callback
 *
 * Removes the provider's keyring item. Having nothing to remove is not an
 * error; the environment variable, if set, is of course still used.
 */
void
fs_secrets_clear_async (const char          *provider_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const FsProviderInfo *provider;

  g_return_if_fail (provider_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  provider = start_task (provider_id, fs_secrets_clear_async, cancellable, callback,
                         user_data, &task);
  if (provider == NULL)
    return;
  if (provider->key_env == NULL || !session_bus_configured ())
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  secret_password_clear (api_key_schema (), cancellable,
                         clear_cb, g_steal_pointer (&task),
                         "provider", provider->id,
                         NULL);
}

gboolean
fs_secrets_clear_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * fs_secrets_free_key:
 * @key: (nullable): a key from fs_secrets_lookup_finish()
 *
 * Wipes and frees @key.
 */
void
fs_secrets_free_key (char *key)
{
  if (key != NULL)
    secret_password_free (key);
}
