/* bench-canvas.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>

#include <adwaita.h>

#include "fs-canvas.h"
#include "fs-test-util.h"

/* Painting a mask on a 4-megapixel image: a scripted stroke of many
 * segments, one every 4 ms as a fast pointer reports them, with the brush
 * small and large and the view fitted, at 100 % and at 400 %. A heartbeat
 * at high priority every millisecond measures each stall of the main
 * loop: how long it went without running (painting, drawing, anything).
 * Figures only: nothing fails on time; the target is a worst stall of at
 * most 16 ms, one frame at 60 Hz (docs/ARCHITECTURE.md, “The canvas”). */

#define SIDE          2048     /* 2048 × 2048: 4 MP */
#define SEGMENTS      1200
#define SEGMENT_MS    4
#define HEARTBEAT_MS  1

typedef struct
{
  gint64  last;
  GArray *gaps;      /* gint64 µs beyond the heartbeat's period */
} Heartbeat;

typedef struct
{
  FsCanvas *canvas;
  guint     next;
  double    scale;   /* image pixels per step of the path */
  GArray   *paint;   /* gint64 µs spent in fs_canvas_stroke_to() */
  gboolean  done;
} Stroke;

static gboolean
heartbeat_cb (gpointer user_data)
{
  Heartbeat *heartbeat = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 gap = MAX (0, now - heartbeat->last - HEARTBEAT_MS * 1000);

  g_array_append_val (heartbeat->gaps, gap);
  heartbeat->last = now;
  return G_SOURCE_CONTINUE;
}

/* A photo-like picture: gradients and noise. */
static GdkPixbuf *
make_image (void)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, SIDE, SIDE);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < SIDE; y++)
    for (int x = 0; x < SIDE; x++)
      {
        guchar *p = pixels + (gsize) y * stride + 3 * x;
        int noise = g_rand_int_range (rand, -10, 10);

        p[0] = CLAMP (x * 255 / SIDE + noise, 0, 255);
        p[1] = CLAMP (y * 255 / SIDE + noise, 0, 255);
        p[2] = CLAMP ((x + y) * 255 / (2 * SIDE) - noise, 0, 255);
      }

  return pixbuf;
}

/* A loose spiral through the whole image, so that every part of the
 * overlay is touched and nothing is painted twice on the same spot. */
static void
path_point (guint   i,
            double *x,
            double *y)
{
  double t = (double) i / SEGMENTS;
  double angle = t * 6 * G_PI;
  double radius = SIDE * (0.05 + 0.42 * t);

  *x = SIDE / 2.0 + radius * cos (angle);
  *y = SIDE / 2.0 + radius * sin (angle);
}

static gboolean
stroke_step_cb (gpointer user_data)
{
  Stroke *stroke = user_data;
  double x, y;
  gint64 start;
  gint64 spent;

  path_point (stroke->next, &x, &y);
  start = g_get_monotonic_time ();
  if (stroke->next == 0)
    fs_canvas_stroke_begin (stroke->canvas, x, y);
  else
    fs_canvas_stroke_to (stroke->canvas, x, y);
  spent = g_get_monotonic_time () - start;
  g_array_append_val (stroke->paint, spent);

  if (++stroke->next <= SEGMENTS)
    return G_SOURCE_CONTINUE;

  fs_canvas_stroke_end (stroke->canvas);
  stroke->done = TRUE;
  return G_SOURCE_REMOVE;
}

static void
settle (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  p)
{
  if (values->len == 0)
    return 0;

  g_array_sort (values, compare_gint64);
  return g_array_index (values, gint64, MIN (values->len - 1, (guint) (p * values->len))) / 1e3;
}

static guint
count_over (GArray *values,
            gint64  limit)
{
  guint n = 0;

  for (guint i = 0; i < values->len; i++)
    n += g_array_index (values, gint64, i) > limit;

  return n;
}

static guint frames;
static gint64 paint_start;
static GArray *frame_times;

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  frames++;
  return G_SOURCE_CONTINUE;
}

/* How long each frame's layout and drawing took, apart from whatever else
 * the machine was doing. */
static void
before_paint_cb (GdkFrameClock *clock)
{
  paint_start = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock)
{
  gint64 spent = g_get_monotonic_time () - paint_start;

  if (frame_times != NULL && paint_start > 0)
    g_array_append_val (frame_times, spent);
}

static void
run_stroke (FsCanvas   *canvas,
            const char *label,
            double      brush,
            double      zoom)
{
  Heartbeat heartbeat = { 0 };
  Stroke stroke = { 0 };
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) paint = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) drawing = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 start;
  double seconds;
  guint heartbeat_id, stroke_id, tick_id;

  fs_canvas_clear (canvas);
  fs_canvas_set_brush_size (canvas, brush);
  fs_canvas_set_hardness (canvas, 0.7);
  fs_canvas_zoom_fit (canvas);
  if (zoom > 0)
    fs_canvas_zoom_by (canvas, zoom / fs_canvas_get_zoom (canvas));
  settle (300);

  heartbeat.gaps = gaps;
  stroke.canvas = canvas;
  stroke.paint = paint;
  frames = 0;
  frame_times = drawing;
  tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (canvas), tick_cb, NULL, NULL);
  heartbeat.last = g_get_monotonic_time ();
  heartbeat_id = g_timeout_add_full (G_PRIORITY_HIGH, HEARTBEAT_MS, heartbeat_cb, &heartbeat,
                                     NULL);
  start = g_get_monotonic_time ();
  stroke_id = g_timeout_add (SEGMENT_MS, stroke_step_cb, &stroke);
  while (!stroke.done)
    g_main_context_iteration (NULL, TRUE);
  settle (100);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_source_remove (heartbeat_id);
  gtk_widget_remove_tick_callback (GTK_WIDGET (canvas), tick_id);
  frame_times = NULL;
  (void) stroke_id;

  printf ("%-28s zoom %5.2f: %u segments in %.2f s, %.0f frames/s\n"
          "    main-loop stalls: median %.2f ms, 99th %.1f ms, worst %.1f ms, over 16 ms: %u\n"
          "    painting a segment: median %.2f ms, worst %.1f ms; "
          "drawing a frame: median %.2f ms, worst %.1f ms\n",
          label, fs_canvas_get_zoom (canvas), SEGMENTS, seconds, frames / seconds,
          percentile (gaps, 0.5), percentile (gaps, 0.99), percentile (gaps, 1.0),
          count_over (gaps, 16000), percentile (paint, 0.5), percentile (paint, 1.0),
          percentile (drawing, 0.5), percentile (drawing, 1.0));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GdkPixbuf) image = NULL;
  GtkWidget *window;
  FsCanvas *canvas;
  gint64 start;

  if (!gtk_init_check ())
    {
      printf ("skipped: no display (run under xvfb-run, see the README)\n");
      return 77;
    }
  adw_init ();

  image = make_image ();
  canvas = FS_CANVAS (fs_canvas_new ());
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 860);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (canvas));
  gtk_window_present (GTK_WINDOW (window));
  settle (300);

  start = g_get_monotonic_time ();
  fs_canvas_set_pixbuf (canvas, image);
  printf ("canvas: a %d×%d image (%.1f MP) set in %.0f ms (levels made, mask allocated); "
          "renderer %s\n", SIDE, SIDE, SIDE * (double) SIDE / 1e6,
          (g_get_monotonic_time () - start) / 1e3,
          g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");
  settle (500);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (canvas)), "before-paint",
                    G_CALLBACK (before_paint_cb), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (canvas)), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);

  run_stroke (canvas, "brush 24 px, fitted", 24, 0);
  run_stroke (canvas, "brush 160 px, fitted", 160, 0);
  run_stroke (canvas, "brush 400 px, fitted", 400, 0);
  run_stroke (canvas, "brush 64 px, at 100 %", 64, 1.0);
  run_stroke (canvas, "brush 64 px, at 400 %", 64, 4.0);

  /* For scale: what one whole-mask update costs (invert rewrites all of
   * the overlay), which no stroke segment does. */
  start = g_get_monotonic_time ();
  fs_canvas_invert (canvas);
  printf ("canvas: inverting the whole 4 MP mask (overlay rewritten whole): %.1f ms\n",
          (g_get_monotonic_time () - start) / 1e3);

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
