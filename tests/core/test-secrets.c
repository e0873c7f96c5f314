/* test-secrets.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>

#include "fs-error.h"
#include "fs-secrets.h"
#include "fs-test-util.h"

/* Runs inside tests/with-keyring.sh: a private D-Bus session with an
 * unlocked, throwaway gnome-keyring, so every call here is real. */

/* Every key value the tests use contains this, so the log check below can
 * look for all of them at once. */
#define MARK "sekrit"

/* How long a lookup may take when the Secret Service is unreachable. */
#define NO_BUS_LIMIT_USEC (10 * G_USEC_PER_SEC)

static GString *logged;

static GLogWriterOutput
record_log_cb (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
        g_string_append_printf (logged, "%s\n", (const char *) fields[i].value);
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static char *
lookup (const char    *provider,
        GCancellable  *cancellable,
        GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fs_secrets_lookup_async (provider, cancellable, fs_test_result_cb, &result);

  return fs_secrets_lookup_finish (fs_test_wait_result (&result), error);
}

static gboolean
store (const char  *provider,
       const char  *key,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fs_secrets_store_async (provider, key, NULL, fs_test_result_cb, &result);

  return fs_secrets_store_finish (fs_test_wait_result (&result), error);
}

static gboolean
clear (const char  *provider,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fs_secrets_clear_async (provider, NULL, fs_test_result_cb, &result);

  return fs_secrets_clear_finish (fs_test_wait_result (&result), error);
}

static void
assert_lookup (const char *provider,
               const char *expected)
{
  g_autoptr(GError) error = NULL;
  char *key = lookup (provider, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, expected);
  fs_secrets_free_key (key);
}

static void
assert_clear (const char *provider)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (clear (provider, &error));
  g_assert_no_error (error);
}

static void
assert_store (const char *provider,
              const char *key)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (store (provider, key, &error));
  g_assert_no_error (error);
}

static void
test_store_lookup (void)
{
  g_unsetenv ("BFL_API_KEY");
  assert_clear ("bfl");
  assert_lookup ("bfl", NULL);

  /* Pasted with a newline and spaces around it: those are not the key. */
  assert_store ("bfl", "  " MARK "-bfl-1\r\n");
  assert_lookup ("bfl", MARK "-bfl-1");

  /* A second store replaces the item rather than adding one. */
  assert_store ("bfl", MARK "-bfl-2");
  assert_lookup ("bfl", MARK "-bfl-2");
}

/* The item is found by the documented schema and attribute (what other
 * tools, and older versions, see) and carries a readable label. */
static void
test_item_shape (void)
{
  static const SecretSchema schema = {
    "io.github.fluxstudio.FluxStudio.ApiKey", SECRET_SCHEMA_NONE,
    { { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  char *password;
  GList *items;

  assert_store ("apiyi", MARK "-apiyi-shape");
  password = secret_password_lookup_sync (&schema, NULL, &error,
                                          "provider", "apiyi", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, MARK "-apiyi-shape");
  secret_password_free (password);

  items = secret_password_search_sync (&schema, SECRET_SEARCH_ALL, NULL, &error,
                                       "provider", "apiyi", NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  label = secret_retrievable_get_label (items->data);
  g_assert_cmpstr (label, ==, "Flux Studio API key (APIYI)");
  g_list_free_full (items, g_object_unref);

  assert_clear ("apiyi");
}

static void
test_env_fallback (void)
{
  assert_clear ("apiyi");
  g_setenv ("APIYI_API_KEY", " " MARK "-apiyi-env\n", TRUE);
  assert_lookup ("apiyi", MARK "-apiyi-env");

  g_setenv ("APIYI_API_KEY", "  \n", TRUE);
  assert_lookup ("apiyi", NULL);
  g_unsetenv ("APIYI_API_KEY");
  assert_lookup ("apiyi", NULL);
}

static void
test_keyring_wins (void)
{
  g_setenv ("MONICA_API_KEY", MARK "-monica-env", TRUE);
  assert_store ("monica", MARK "-monica-ring");
  assert_lookup ("monica", MARK "-monica-ring");

  assert_clear ("monica");
  assert_lookup ("monica", MARK "-monica-env");

  /* Clearing what is not there is not an error. */
  assert_clear ("monica");
  g_unsetenv ("MONICA_API_KEY");
  assert_lookup ("monica", NULL);
}

static void
test_providers_apart (void)
{
  g_unsetenv ("BFL_API_KEY");
  g_unsetenv ("FLUX_STUDIO_API_KEY");
  assert_store ("bfl", MARK "-one");
  assert_store ("openai-compatible", MARK "-two");
  assert_lookup ("bfl", MARK "-one");
  assert_lookup ("openai-compatible", MARK "-two");

  assert_clear ("openai-compatible");
  assert_lookup ("openai-compatible", NULL);
  assert_lookup ("bfl", MARK "-one");

  g_setenv ("FLUX_STUDIO_API_KEY", MARK "-custom-env", TRUE);
  assert_lookup ("openai-compatible", MARK "-custom-env");
  g_unsetenv ("FLUX_STUDIO_API_KEY");
  assert_clear ("bfl");
}

static void
test_sandbox (void)
{
  g_autoptr(GError) error = NULL;

  assert_lookup ("sandbox", NULL);
  assert_clear ("sandbox");
  g_assert_false (store ("sandbox", MARK "-sandbox", &error));
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
}

static void
test_unknown_provider (void)
{
  g_autoptr(GError) lookup_error = NULL;
  g_autoptr(GError) store_error = NULL;
  g_autoptr(GError) clear_error = NULL;
  char *key;

  key = lookup ("stability", NULL, &lookup_error);
  g_assert_null (key);
  g_assert_error (lookup_error, FS_ERROR, FS_ERROR_INVALID);
  g_assert_nonnull (strstr (lookup_error->message, "stability"));

  g_assert_false (store ("stability", MARK "-x", &store_error));
  g_assert_error (store_error, FS_ERROR, FS_ERROR_INVALID);
  g_assert_false (clear ("", &clear_error));
  g_assert_error (clear_error, FS_ERROR, FS_ERROR_INVALID);
}

static void
test_unusable_keys (void)
{
  static const char * const bad[] = {
    "", "   \n", MARK "-a\n" MARK "-b", MARK " two", MARK "\x01",
    MARK "-ключ", MARK "\t-tab",
  };
  g_autoptr(GError) env_error = NULL;
  char *key;

  g_unsetenv ("BFL_API_KEY");
  assert_store ("bfl", MARK "-good");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("key %u", i);
      g_assert_false (store ("bfl", bad[i], &error));
      g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
      g_assert_null (strstr (error->message, MARK));
    }
  /* Nothing bad replaced the good key. */
  assert_lookup ("bfl", MARK "-good");
  assert_clear ("bfl");

  g_setenv ("BFL_API_KEY", MARK "-line\n" MARK "-break", TRUE);
  key = lookup ("bfl", NULL, &env_error);
  g_assert_null (key);
  g_assert_error (env_error, FS_ERROR, FS_ERROR_NO_KEY);
  g_assert_nonnull (strstr (env_error->message, "BFL_API_KEY"));
  g_assert_null (strstr (env_error->message, MARK));
  g_unsetenv ("BFL_API_KEY");
}

static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  char *key;

  g_setenv ("MONICA_API_KEY", MARK "-cancel", TRUE);
  g_cancellable_cancel (cancellable);
  key = lookup ("monica", cancellable, &error);
  g_assert_null (key);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_unsetenv ("MONICA_API_KEY");
}

/* In the child: the lookup falls back to the environment, and storing
 * fails rather than going anywhere else. */
static void
lookup_without_keyring (void)
{
  g_autoptr(GError) error = NULL;

  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_setenv ("APIYI_API_KEY", MARK "-no-bus\n", TRUE);
  g_unsetenv ("BFL_API_KEY");
  assert_lookup ("apiyi", MARK "-no-bus");
  assert_lookup ("bfl", NULL);

  g_assert_false (store ("apiyi", MARK "-never-stored", &error));
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, MARK));
}

static void
assert_child_kept_keys_quiet (void)
{
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout_unmatched ("*" MARK "*");
  g_test_trap_assert_stderr_unmatched ("*" MARK "*");
  /* ...while it did log what it was doing, so the check means something. */
  g_test_trap_assert_stdout ("*APIYI_API_KEY*");
}

static void
test_dead_bus (void)
{
  if (g_test_subprocess ())
    {
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent", TRUE);
      lookup_without_keyring ();
      return;
    }

  g_test_trap_subprocess (NULL, NO_BUS_LIMIT_USEC, G_TEST_SUBPROCESS_DEFAULT);
  assert_child_kept_keys_quiet ();
}

static void
test_no_bus (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *runtime = fs_test_make_dir ("fs-secrets-XXXXXX");

      /* No address and no $XDG_RUNTIME_DIR/bus: GDBus would otherwise try
       * X11 autolaunch. */
      g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
      g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
      g_setenv ("DISPLAY", ":99", TRUE);
      lookup_without_keyring ();
      g_rmdir (runtime);
      return;
    }

  g_test_trap_subprocess (NULL, NO_BUS_LIMIT_USEC, G_TEST_SUBPROCESS_DEFAULT);
  assert_child_kept_keys_quiet ();
  /* It knew there was no bus, rather than asking GDBus to find one. */
  g_test_trap_assert_stdout ("*No D-Bus session bus*");
}

/* Runs last: nothing this process logged, at any level, held a key. */
static void
test_nothing_logged (void)
{
  g_assert_null (strstr (logged->str, MARK));
}

int
main (int   argc,
      char *argv[])
{
  logged = g_string_new (NULL);
  g_log_set_writer_func (record_log_cb, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secrets/store-lookup", test_store_lookup);
  g_test_add_func ("/secrets/item-shape", test_item_shape);
  g_test_add_func ("/secrets/env-fallback", test_env_fallback);
  g_test_add_func ("/secrets/keyring-wins", test_keyring_wins);
  g_test_add_func ("/secrets/providers-apart", test_providers_apart);
  g_test_add_func ("/secrets/sandbox", test_sandbox);
  g_test_add_func ("/secrets/unknown-provider", test_unknown_provider);
  g_test_add_func ("/secrets/unusable-keys", test_unusable_keys);
  g_test_add_func ("/secrets/cancelled", test_cancelled);
  g_test_add_func ("/secrets/dead-bus", test_dead_bus);
  g_test_add_func ("/secrets/no-bus", test_no_bus);
  g_test_add_func ("/secrets/zz-nothing-logged", test_nothing_logged);

  return g_test_run ();
}
