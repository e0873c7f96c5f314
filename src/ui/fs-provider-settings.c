/* fs-provider-settings.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-provider-settings.h"

/* Shared by the window, which generates, and the application, which
 * resumes what an earlier run left unfinished: both must reach the
 * provider where the user told them to. */

static const struct
{
  const char *provider_id;
  const char *setting;
} base_url_settings[] = {
  { "bfl", "bfl-base-url" },
  { "apiyi", "apiyi-base-url" },
  { "openai-compatible", "openai-base-url" },
  { "monica", "monica-base-url" },
};

FsProvider *
fs_provider_new_for_settings (GSettings   *settings,
                              const char  *provider_id,
                              GError     **error)
{
  g_autofree char *base_url = NULL;
  FsProvider *provider;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (provider_id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (base_url_settings); i++)
    if (g_str_equal (provider_id, base_url_settings[i].provider_id))
      base_url = g_settings_get_string (settings, base_url_settings[i].setting);

  if (base_url != NULL && base_url[0] == '\0')
    g_clear_pointer (&base_url, g_free);

  provider = fs_provider_new (provider_id, base_url, error);
  if (provider != NULL &&
      (g_str_equal (provider_id, "apiyi") || g_str_equal (provider_id, "openai-compatible")))
    fs_provider_set_json_references (provider,
                                     g_settings_get_boolean (settings, "apiyi-json-references"));

  return provider;
}
