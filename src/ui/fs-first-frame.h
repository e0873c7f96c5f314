/* fs-first-frame.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* With FLUX_STUDIO_REPORT_FIRST_FRAME=1 in the environment, the first
 * window @application shows reports its first painted frame on standard
 * output, then the application quits:
 *
 *   first-frame 182.4 ms after main, at 123456789 µs
 *
 * the time from @main_us (g_get_monotonic_time() at the top of main())
 * to the frame clock's first "after-paint", and that moment on the
 * monotonic clock (CLOCK_MONOTONIC, µs), so that a benchmark can count
 * from before it started the process (tests/bench/bench-cold-start.py).
 * Otherwise it does nothing. Used by flux-studio and by the benchmark's
 * minimal window alike, so both are measured the same way. */
void fs_first_frame_watch (GtkApplication *application,
                           gint64          main_us);

G_END_DECLS
