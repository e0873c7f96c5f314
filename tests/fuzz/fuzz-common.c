/* fuzz-common.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "fuzz-harness.h"

static const char *
log_domain (const GLogField *fields,
            gsize            n_fields)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      return fields[i].value;
  return NULL;
}

/* Parsers report bad input with GError, and some log a warning too: for
 * a fuzzer that is noise, not a finding. Criticals stay fatal: a
 * g_return_if_fail() reached from input is a bug — except gdk-pixbuf's
 * own, which its image loaders raise on some malformed files (a
 * zero-width GIF frame) before failing cleanly. */
static GLogWriterOutput
quiet_writer (GLogLevelFlags   level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  if ((level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)) &&
      g_strcmp0 (log_domain (fields, n_fields), "GdkPixbuf") != 0)
    {
      g_log_writer_default (level, fields, n_fields, user_data);
      g_abort ();
    }
  return G_LOG_WRITER_HANDLED;
}

void
fs_fuzz_setup (void)
{
  static gsize done;

  if (!g_once_init_enter (&done))
    return;

  g_log_set_writer_func (quiet_writer, NULL, NULL);
  /* Caches and stores go to a folder of the fuzzer's own. */
  {
    g_autofree char *root = g_dir_make_tmp ("fs-fuzz-XXXXXX", NULL);

    g_assert (root != NULL);
    g_setenv ("HOME", root, TRUE);
    g_setenv ("XDG_CACHE_HOME", root, TRUE);
    g_setenv ("XDG_DATA_HOME", root, TRUE);
    g_setenv ("XDG_CONFIG_HOME", root, TRUE);
  }
  g_once_init_leave (&done, 1);
}

/* What every harness needs first; libFuzzer calls it once. */
int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fs_fuzz_setup ();
  return 0;
}

char *
fs_fuzz_text (const uint8_t *data,
              size_t         size)
{
  char *text = g_malloc (size + 1);

  memcpy (text, data, size);
  text[size] = '\0';
  return text;
}
