/* main.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-application.h"
#include "fs-first-frame.h"
#include "fs-i18n.h"

int
main (int    argc,
      char **argv)
{
  gint64 main_us = g_get_monotonic_time ();
  g_autoptr(FsApplication) app = NULL;

  fs_i18n_init ();

  app = fs_application_new ();
  /* FLUX_STUDIO_REPORT_FIRST_FRAME=1: the cold start benchmark. */
  fs_first_frame_watch (GTK_APPLICATION (app), main_us);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
