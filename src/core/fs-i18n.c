/* fs-i18n.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>

#include "fs-i18n.h"

/**
 * fs_i18n_locale_dir:
 * @executable: (nullable): the path of the running program
 *
 * Where the program's translations are: `PREFIX/share/locale` for a
 * program in `PREFIX/bin` when that folder exists, else the configured
 * LOCALEDIR. A tree installed with DESTDIR, or moved after installation,
 * thus finds its own `.mo` files; an installed program at its configured
 * prefix finds the same folder either way.
 *
 * Returns: (transfer full): a folder name
 */
char *
fs_i18n_locale_dir (const char *executable)
{
  g_autofree char *bindir = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *bindir_name = NULL;
  g_autofree char *candidate = NULL;

  if (executable == NULL || !g_path_is_absolute (executable))
    return g_strdup (LOCALEDIR);

  bindir = g_path_get_dirname (executable);
  bindir_name = g_path_get_basename (bindir);
  if (!g_str_equal (bindir_name, "bin"))
    return g_strdup (LOCALEDIR);

  prefix = g_path_get_dirname (bindir);
  candidate = g_build_filename (prefix, "share", "locale", NULL);
  if (!g_file_test (candidate, G_FILE_TEST_IS_DIR))
    return g_strdup (LOCALEDIR);

  return g_steal_pointer (&candidate);
}

/**
 * fs_i18n_init:
 *
 * The locale from the environment, and the program's translations in
 * UTF-8 whatever the locale's charset. Called first thing in main().
 */
void
fs_i18n_init (void)
{
  g_autofree char *executable = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *locale_dir = fs_i18n_locale_dir (executable);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
