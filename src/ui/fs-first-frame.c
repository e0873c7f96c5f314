/* fs-first-frame.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "fs-first-frame.h"

/* Cold start measured to the first frame on screen (README, “Performance”):
 * the frame clock's "after-paint" follows the frame's drawing and its
 * hand-over to the display server. */

typedef struct
{
  GtkApplication *application;
  gint64          main_us;
  gulong          handler;
} Watch;

static void
after_paint_cb (GdkFrameClock *clock,
                Watch         *watch)
{
  gint64 now = g_get_monotonic_time ();

  g_signal_handler_disconnect (clock, watch->handler);
  printf ("first-frame %.1f ms after main, at %" G_GINT64_FORMAT " µs\n",
          (now - watch->main_us) / 1000.0, now);
  fflush (stdout);
  g_application_quit (G_APPLICATION (watch->application));
  g_free (watch);
}

static void
realize_cb (GtkWidget *window,
            Watch     *watch)
{
  GdkFrameClock *clock = gdk_surface_get_frame_clock (gtk_native_get_surface (GTK_NATIVE (window)));

  g_signal_handlers_disconnect_by_func (window, realize_cb, watch);
  watch->handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), watch);
}

static void
window_added_cb (GtkApplication *application,
                 GtkWindow      *window,
                 Watch          *watch)
{
  g_signal_handlers_disconnect_by_func (application, window_added_cb, watch);
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    realize_cb (GTK_WIDGET (window), watch);
  else
    g_signal_connect (window, "realize", G_CALLBACK (realize_cb), watch);
}

void
fs_first_frame_watch (GtkApplication *application,
                      gint64          main_us)
{
  Watch *watch;

  g_return_if_fail (GTK_IS_APPLICATION (application));

  if (g_strcmp0 (g_getenv ("FLUX_STUDIO_REPORT_FIRST_FRAME"), "1") != 0)
    return;

  watch = g_new0 (Watch, 1);
  watch->application = application;
  watch->main_us = main_us;
  g_signal_connect (application, "window-added", G_CALLBACK (window_added_cb), watch);
}
