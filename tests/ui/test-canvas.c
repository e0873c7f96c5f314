/* test-canvas.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The mask canvas: brush and eraser strokes land in the mask at the
 * image's resolution, invert and clear, undo and redo restore exactly,
 * the keys ([ and ], Ctrl+Z, the arrows and Space) do what the toolbar
 * does, and Expand's margins follow the model. */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "fs-canvas.h"
#include "fs-test-ui-util.h"

#define WIDTH  320
#define HEIGHT 200

typedef struct
{
  GtkWidget *window;
  FsCanvas  *canvas;
  guint      mask_changes;
} Fixture;

static void
mask_changed_cb (FsCanvas *canvas,
                 Fixture  *f)
{
  f->mask_changes++;
}

static gboolean
allocated (gpointer data)
{
  return gtk_widget_get_width (GTK_WIDGET (data)) > 0;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, WIDTH, HEIGHT);

  gdk_pixbuf_fill (pixbuf, 0x3366ccff);
  f->canvas = FS_CANVAS (fs_canvas_new ());
  f->window = fs_test_present_window (GTK_WIDGET (f->canvas), 640, 480);
  g_assert_true (fs_test_wait_for (allocated, f->canvas, 10));
  fs_canvas_set_pixbuf (f->canvas, pixbuf);
  g_signal_connect (f->canvas, "mask-changed", G_CALLBACK (mask_changed_cb), f);
  fs_canvas_set_hardness (f->canvas, 1.0);
  fs_canvas_set_brush_size (f->canvas, 20);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
}

static guint8
at (Fixture *f,
    guint    x,
    guint    y)
{
  gsize stride = 0;
  const guint8 *mask = fs_canvas_get_mask (f->canvas, &stride);

  return mask[y * stride + x];
}

static GBytes *
snapshot_mask (Fixture *f)
{
  return fs_canvas_dup_mask (f->canvas);
}

static void
line (Fixture *f,
      double   x0,
      double   y0,
      double   x1,
      double   y1)
{
  fs_canvas_stroke_begin (f->canvas, x0, y0);
  for (int i = 1; i <= 10; i++)
    fs_canvas_stroke_to (f->canvas, x0 + (x1 - x0) * i / 10, y0 + (y1 - y0) * i / 10);
  fs_canvas_stroke_end (f->canvas);
}

/* A brush stroke paints 255 along its path and its width, nothing beyond;
 * the mask is the image's size and starts empty. */
static void
test_stroke (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GBytes) mask = NULL;

  g_assert_true (fs_canvas_has_image (f->canvas));
  g_assert_cmpuint (fs_canvas_get_image_width (f->canvas), ==, WIDTH);
  g_assert_cmpuint (fs_canvas_get_image_height (f->canvas), ==, HEIGHT);
  g_assert_true (fs_canvas_get_mask_empty (f->canvas));
  g_assert_false (fs_canvas_can_undo (f->canvas));

  line (f, 40, 100, 280, 100);
  g_assert_cmpuint (f->mask_changes, ==, 1);
  for (guint x = 40; x <= 280; x += 10)
    g_assert_cmpuint (at (f, x, 100), ==, 255);
  g_assert_cmpuint (at (f, 160, 105), ==, 255);
  g_assert_cmpuint (at (f, 160, 115), ==, 0);
  g_assert_cmpuint (at (f, 20, 100), ==, 0);
  g_assert_cmpuint (at (f, 300, 100), ==, 0);
  g_assert_false (fs_canvas_get_mask_empty (f->canvas));
  g_assert_true (fs_canvas_can_undo (f->canvas));

  mask = snapshot_mask (f);
  g_assert_cmpuint (g_bytes_get_size (mask), ==, WIDTH * HEIGHT);

  /* A soft brush falls off towards its edge. */
  fs_canvas_set_hardness (f->canvas, 0);
  fs_canvas_set_brush_size (f->canvas, 40);
  line (f, 160, 30, 160, 30);
  g_assert_cmpuint (at (f, 160, 30), >, 200);
  g_assert_cmpuint (at (f, 160 + 15, 30), >, 0);
  g_assert_cmpuint (at (f, 160 + 15, 30), <, at (f, 160 + 5, 30));
  g_assert_cmpuint (at (f, 160 + 21, 30), ==, 0);

  /* Strokes off the image are clipped to it. */
  fs_canvas_set_hardness (f->canvas, 1);
  line (f, -50, -50, 10, 10);
  g_assert_cmpuint (at (f, 0, 0), ==, 255);
}

static void
test_eraser (Fixture       *f,
             gconstpointer  data)
{
  line (f, 40, 100, 280, 100);
  fs_canvas_set_tool (f->canvas, FS_CANVAS_ERASER);
  line (f, 150, 60, 150, 140);
  g_assert_cmpuint (at (f, 150, 100), ==, 0);
  g_assert_cmpuint (at (f, 100, 100), ==, 255);
  g_assert_cmpuint (at (f, 200, 100), ==, 255);
  fs_canvas_set_tool (f->canvas, FS_CANVAS_BRUSH);
  line (f, 150, 100, 150, 100);
  g_assert_cmpuint (at (f, 150, 100), ==, 255);
}

static void
test_invert_and_clear (Fixture       *f,
                       gconstpointer  data)
{
  line (f, 40, 100, 280, 100);
  fs_canvas_invert (f->canvas);
  g_assert_cmpuint (at (f, 100, 100), ==, 0);
  g_assert_cmpuint (at (f, 5, 5), ==, 255);
  g_assert_cmpuint (at (f, WIDTH - 1, HEIGHT - 1), ==, 255);

  fs_canvas_clear (f->canvas);
  g_assert_true (fs_canvas_get_mask_empty (f->canvas));
  /* Clearing an empty mask is not a step. */
  fs_canvas_clear (f->canvas);
  fs_canvas_undo (f->canvas);
  g_assert_cmpuint (at (f, 5, 5), ==, 255);
  g_assert_cmpuint (at (f, 100, 100), ==, 0);
}

/* Every step undoes to exactly the mask before it, and redoes to exactly
 * the mask after it; a new step forgets the redo. */
static void
test_undo_redo (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GBytes) empty = snapshot_mask (f);
  g_autoptr(GBytes) one = NULL;
  g_autoptr(GBytes) two = NULL;
  g_autoptr(GBytes) three = NULL;
  g_autoptr(GBytes) now = NULL;

  line (f, 40, 100, 280, 100);
  one = snapshot_mask (f);
  fs_canvas_set_hardness (f->canvas, 0.3);
  line (f, 10, 10, 300, 190);
  two = snapshot_mask (f);
  fs_canvas_invert (f->canvas);
  three = snapshot_mask (f);

  fs_canvas_undo (f->canvas);
  now = snapshot_mask (f);
  g_assert_true (g_bytes_equal (now, two));
  g_clear_pointer (&now, g_bytes_unref);
  fs_canvas_undo (f->canvas);
  now = snapshot_mask (f);
  g_assert_true (g_bytes_equal (now, one));
  g_clear_pointer (&now, g_bytes_unref);
  fs_canvas_undo (f->canvas);
  now = snapshot_mask (f);
  g_assert_true (g_bytes_equal (now, empty));
  g_clear_pointer (&now, g_bytes_unref);
  g_assert_false (fs_canvas_can_undo (f->canvas));
  g_assert_true (fs_canvas_can_redo (f->canvas));

  fs_canvas_redo (f->canvas);
  fs_canvas_redo (f->canvas);
  fs_canvas_redo (f->canvas);
  now = snapshot_mask (f);
  g_assert_true (g_bytes_equal (now, three));
  g_clear_pointer (&now, g_bytes_unref);
  g_assert_false (fs_canvas_can_redo (f->canvas));

  fs_canvas_undo (f->canvas);
  line (f, 300, 10, 10, 190);
  g_assert_false (fs_canvas_can_redo (f->canvas));
}

/* The keys, as the canvas's own shortcuts run them. */
static void
test_keys (Fixture       *f,
           gconstpointer  data)
{
  GtkWidget *canvas = GTK_WIDGET (f->canvas);
  double size;

  fs_canvas_set_brush_size (f->canvas, 40);
  fs_test_activate_shortcut (canvas, "bracketright");
  size = fs_canvas_get_brush_size (f->canvas);
  g_assert_cmpfloat (size, ==, 50);
  fs_test_activate_shortcut (canvas, "bracketleft");
  fs_test_activate_shortcut (canvas, "bracketleft");
  g_assert_cmpfloat (fs_canvas_get_brush_size (f->canvas), ==, 32);
  for (int i = 0; i < 60; i++)
    fs_test_activate_shortcut (canvas, "bracketleft");
  g_assert_cmpfloat (fs_canvas_get_brush_size (f->canvas), ==, FS_CANVAS_MIN_BRUSH);
  fs_canvas_set_brush_size (f->canvas, 20);

  /* E toggles the eraser, B is the brush. */
  fs_test_activate_shortcut (canvas, "e");
  g_assert_cmpint (fs_canvas_get_tool (f->canvas), ==, FS_CANVAS_ERASER);
  fs_test_activate_shortcut (canvas, "b");
  g_assert_cmpint (fs_canvas_get_tool (f->canvas), ==, FS_CANVAS_BRUSH);

  /* Painting from the keyboard: Space paints where the brush is, which
   * starts in the middle; the arrows move it. */
  fs_test_activate_shortcut (canvas, "space");
  g_assert_cmpuint (at (f, WIDTH / 2, HEIGHT / 2), ==, 255);
  g_assert_cmpuint (at (f, WIDTH / 2 + 40, HEIGHT / 2), ==, 0);
  /* Two steps of four times eight screen pixels. */
  fs_test_activate_shortcut (canvas, "<Shift>Right");
  fs_test_activate_shortcut (canvas, "<Shift>Right");
  fs_test_activate_shortcut (canvas, "space");
  g_assert_cmpuint (at (f, (guint) (WIDTH / 2 + 64 / fs_canvas_get_zoom (f->canvas)),
                        HEIGHT / 2), ==, 255);

  /* Ctrl+Z, Ctrl+Shift+Z, Ctrl+I, Delete. */
  fs_test_activate_shortcut (canvas, "<Control>z");
  fs_test_activate_shortcut (canvas, "<Control>z");
  g_assert_true (fs_canvas_get_mask_empty (f->canvas));
  fs_test_activate_shortcut (canvas, "<Control><Shift>z");
  g_assert_cmpuint (at (f, WIDTH / 2, HEIGHT / 2), ==, 255);
  fs_test_activate_shortcut (canvas, "<Control>y");
  fs_test_activate_shortcut (canvas, "<Control>i");
  g_assert_cmpuint (at (f, WIDTH / 2, HEIGHT / 2), ==, 0);
  g_assert_cmpuint (at (f, 3, 3), ==, 255);
  fs_test_activate_shortcut (canvas, "Delete");
  g_assert_true (fs_canvas_get_mask_empty (f->canvas));

  /* The zoom keys. */
  fs_canvas_zoom_fit (f->canvas);
  size = fs_canvas_get_zoom (f->canvas);
  fs_test_activate_shortcut (canvas, "plus");
  g_assert_cmpfloat (fs_canvas_get_zoom (f->canvas), >, size);
  fs_test_activate_shortcut (canvas, "minus");
  fs_test_activate_shortcut (canvas, "minus");
  g_assert_cmpfloat (fs_canvas_get_zoom (f->canvas), <, size);
  fs_test_activate_shortcut (canvas, "0");
  g_assert_cmpfloat_with_epsilon (fs_canvas_get_zoom (f->canvas), size, 1e-9);
}

/* The accessible description says how much is painted. */
static void
test_accessible (Fixture       *f,
                 gconstpointer  data)
{
  fs_canvas_set_brush_size (f->canvas, 1000);
  line (f, 0, 0, 0, 0);
  /* The description is only readable through AT-SPI; the widget at least
   * has its role and a name a screen reader can announce. */
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (f->canvas)), ==,
                   GTK_ACCESSIBLE_ROLE_IMG);
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (f->canvas)));
}

/* A mask from elsewhere (Remix) replaces the mask and forgets the
 * history; one of another size is refused. */
static void
test_set_mask (Fixture       *f,
               gconstpointer  data)
{
  g_autofree guint8 *values = g_malloc0 (WIDTH * HEIGHT);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) wrong = g_bytes_new_static ("\xff\xff", 2);

  line (f, 40, 100, 280, 100);
  memset (values, 255, WIDTH * 10);
  bytes = g_bytes_new (values, WIDTH * HEIGHT);
  g_assert_true (fs_canvas_set_mask (f->canvas, bytes, WIDTH, HEIGHT));
  g_assert_cmpuint (at (f, 5, 5), ==, 255);
  g_assert_cmpuint (at (f, 100, 100), ==, 0);
  g_assert_false (fs_canvas_can_undo (f->canvas));
  g_assert_false (fs_canvas_set_mask (f->canvas, wrong, 2, 1));
}

/* Expand: the margins shown follow the model; a stroke does nothing. */
static void
test_expand_mode (Fixture       *f,
                  gconstpointer  data)
{
  FsMargins margins = { 10, 20, 30, 40 };
  FsMargins read;
  double fill_zoom;

  fs_canvas_zoom_fit (f->canvas);
  fill_zoom = fs_canvas_get_zoom (f->canvas);
  fs_canvas_set_mode (f->canvas, FS_CANVAS_EXPAND);
  fs_canvas_set_margins (f->canvas, &margins);
  fs_canvas_get_margins (f->canvas, &read);
  g_assert_cmpuint (read.left, ==, 30);
  g_assert_cmpuint (read.bottom, ==, 20);
  /* The view fits the larger canvas. */
  g_assert_cmpfloat (fs_canvas_get_zoom (f->canvas), <=, fill_zoom);

  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.paint", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.invert", NULL);
  g_assert_true (fs_canvas_get_mask_empty (f->canvas));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/canvas/stroke", test_stroke);
  ADD ("/canvas/eraser", test_eraser);
  ADD ("/canvas/invert-and-clear", test_invert_and_clear);
  ADD ("/canvas/undo-redo", test_undo_redo);
  ADD ("/canvas/keys", test_keys);
  ADD ("/canvas/accessible", test_accessible);
  ADD ("/canvas/set-mask", test_set_mask);
  ADD ("/canvas/expand-mode", test_expand_mode);

#undef ADD

  return g_test_run ();
}
