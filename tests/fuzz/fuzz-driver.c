/* fuzz-driver.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Without libFuzzer (a gcc build, or -Dfuzzing=false), each harness is
 * linked with this main(): it runs the harness once on every file of the
 * folders and files named on the command line, so the seed corpora stay
 * regression tests in every build. */

#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdio.h>

#include "fuzz-harness.h"

static int n_inputs;

static void
run_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return;
    }
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
  n_inputs++;
}

static void
run_path (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      run_file (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      run_path (child);
    }
}

int
main (int    argc,
      char **argv)
{
  LLVMFuzzerInitialize (&argc, &argv);
  for (int i = 1; i < argc; i++)
    run_path (argv[i]);

  printf ("%d inputs, no crash\n", n_inputs);
  return n_inputs > 0 ? 0 : 1;
}
