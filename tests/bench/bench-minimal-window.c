/* bench-minimal-window.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "fs-first-frame.h"

/* The cold start yardstick (tests/bench/bench-cold-start.py): the least a
 * libadwaita app shows, an AdwApplicationWindow with a header bar and a
 * label, measured to its first painted frame exactly as flux-studio is
 * (FLUX_STUDIO_REPORT_FIRST_FRAME=1, fs-first-frame.c). */

static void
activate_cb (GtkApplication *application)
{
  GtkWidget *window = adw_application_window_new (application);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new ("Flux Studio");

  gtk_widget_set_vexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), label);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_title (GTK_WINDOW (window), "Flux Studio");
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 860);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  gint64 main_us = g_get_monotonic_time ();
  g_autoptr(AdwApplication) application = NULL;

  application = adw_application_new ("io.github.fluxstudio.MinimalWindow",
                                     G_APPLICATION_DEFAULT_FLAGS);
  g_signal_connect (application, "activate", G_CALLBACK (activate_cb), NULL);
  fs_first_frame_watch (GTK_APPLICATION (application), main_us);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
