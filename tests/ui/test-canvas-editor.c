/* test-canvas-editor.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The canvas's toolbar: the sliders and the canvas follow each other,
 * [ and ] work with the focus on the toolbar, Undo and Clear are enabled
 * as the canvas can do them, Expand's presets reach their ratio with
 * centred margins and say the new size, and a mask given in Remix's
 * order lands on the image it belongs to and stays there. */

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "fs-canvas-editor.h"
#include "fs-test-ui-util.h"

#define WIDTH  300
#define HEIGHT 300

typedef struct
{
  GtkWidget      *window;
  FsCanvasEditor *editor;
  FsCanvas       *canvas;
  guint           margin_changes;
} Fixture;

static void
margins_changed_cb (FsCanvasEditor *editor,
                    Fixture        *f)
{
  f->margin_changes++;
}

static gboolean
has_source (gpointer data)
{
  return fs_canvas_editor_get_source (data) != NULL;
}

/* The image goes in as the window brings it: prepared bytes, loaded in a
 * worker. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, WIDTH, HEIGHT);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(FsReference) image = NULL;
  g_autoptr(FsEditSource) source = NULL;
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, 0xcc6633ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error, NULL));
  png = g_bytes_new_take (buffer, size);
  image = fs_reference_new_from_bytes (png, "orange.png", &error);
  g_assert_no_error (error);
  source = fs_edit_source_new (image, fs_reference_get_sha256 (image), NULL);

  f->editor = FS_CANVAS_EDITOR (fs_canvas_editor_new ());
  f->window = fs_test_present_window (GTK_WIDGET (f->editor), 900, 600);
  f->canvas = fs_canvas_editor_get_canvas (f->editor);
  fs_canvas_editor_set_source (f->editor, source);
  g_assert_true (fs_canvas_editor_get_busy (f->editor));
  g_assert_true (fs_test_wait_for (has_source, f->editor, 10));
  g_assert_cmpuint (fs_canvas_get_image_width (f->canvas), ==, WIDTH);
  g_signal_connect (f->editor, "margins-changed", G_CALLBACK (margins_changed_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
}

static GtkWidget *
control (Fixture    *f,
         GType       type,
         const char *name)
{
  GtkWidget *widget = fs_test_find_by_label (GTK_WIDGET (f->editor), type, name);

  g_assert_nonnull (widget);
  return widget;
}

static void
test_brush_controls (Fixture       *f,
                     gconstpointer  data)
{
  GtkRange *size = GTK_RANGE (control (f, GTK_TYPE_SCALE, "Brush size"));
  GtkWidget *eraser = control (f, GTK_TYPE_TOGGLE_BUTTON, "Eraser");

  fs_canvas_set_brush_size (f->canvas, 40);
  g_assert_cmpfloat (gtk_range_get_value (size), ==, 40);
  gtk_range_set_value (size, 64);
  g_assert_cmpfloat (fs_canvas_get_brush_size (f->canvas), ==, 64);

  /* [ and ] are the editor's, so they work with the focus on the toolbar
   * too, not only on the canvas. */
  fs_test_activate_shortcut (GTK_WIDGET (f->editor), "bracketright");
  g_assert_cmpfloat (fs_canvas_get_brush_size (f->canvas), >, 64);
  g_assert_cmpfloat (gtk_range_get_value (size), ==, fs_canvas_get_brush_size (f->canvas));
  fs_test_activate_shortcut (GTK_WIDGET (f->editor), "bracketleft");
  fs_test_activate_shortcut (GTK_WIDGET (f->editor), "bracketleft");
  g_assert_cmpfloat (fs_canvas_get_brush_size (f->canvas), <, 64);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (eraser), TRUE);
  g_assert_cmpint (fs_canvas_get_tool (f->canvas), ==, FS_CANVAS_ERASER);
  fs_canvas_set_tool (f->canvas, FS_CANVAS_BRUSH);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (eraser)));
}

static void
test_actions_follow_canvas (Fixture       *f,
                            gconstpointer  data)
{
  GtkWidget *undo = control (f, GTK_TYPE_BUTTON, "Undo");
  GtkWidget *clear = control (f, GTK_TYPE_BUTTON, "Clear");

  g_assert_false (gtk_widget_is_sensitive (undo));
  g_assert_false (gtk_widget_is_sensitive (clear));
  fs_canvas_set_brush_size (f->canvas, 30);
  fs_canvas_stroke_begin (f->canvas, 50, 50);
  fs_canvas_stroke_to (f->canvas, 200, 60);
  fs_canvas_stroke_end (f->canvas);
  g_assert_true (gtk_widget_is_sensitive (undo));
  g_assert_true (gtk_widget_is_sensitive (clear));

  /* The toolbar's Undo is the canvas's. */
  g_signal_emit_by_name (undo, "clicked");
  g_assert_true (fs_canvas_get_mask_empty (f->canvas));
  g_assert_false (gtk_widget_is_sensitive (clear));
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "canvas.redo", NULL);
  g_assert_false (fs_canvas_get_mask_empty (f->canvas));
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "canvas.invert", NULL);
  g_assert_false (fs_canvas_get_mask_empty (f->canvas));
  g_signal_emit_by_name (clear, "clicked");
  g_assert_true (fs_canvas_get_mask_empty (f->canvas));
}

static gboolean
label_ends_with (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), "New size") &&
         g_str_has_suffix (gtk_label_get_text (GTK_LABEL (widget)), data);
}

static void
check_preset (Fixture    *f,
              const char *name,
              guint       ratio_width,
              guint       ratio_height)
{
  FsMargins m;
  guint width, height;
  guint changes = f->margin_changes;
  g_autofree char *size = NULL;

  g_signal_emit_by_name (fs_test_find_button (GTK_WIDGET (f->editor), name), "clicked");
  g_assert_cmpuint (f->margin_changes, ==, changes + 1);
  fs_canvas_editor_get_margins (f->editor, &m);
  width = WIDTH + m.left + m.right;
  height = HEIGHT + m.top + m.bottom;
  /* The nearest whole size, centred (one pixel more on one side at most),
   * and only in one direction. */
  g_assert_cmpfloat (fabs ((double) width / height - (double) ratio_width / ratio_height), <,
                     1.0 / MIN (width, height));
  g_assert_true ((m.left == 0 && m.right == 0) || (m.top == 0 && m.bottom == 0));
  g_assert_cmpint (ABS ((int) m.left - (int) m.right), <=, 1);
  g_assert_cmpint (ABS ((int) m.top - (int) m.bottom), <=, 1);

  size = g_strdup_printf ("%u × %u", width, height);
  g_assert_nonnull (fs_test_find_widget (GTK_WIDGET (f->editor), label_ends_with, size));
}

static void
test_presets (Fixture       *f,
              gconstpointer  data)
{
  FsMargins m;

  fs_canvas_editor_set_mode (f->editor, FS_CANVAS_EXPAND);
  check_preset (f, "To 3:1 Banner", 3, 1);
  fs_canvas_editor_get_margins (f->editor, &m);
  g_assert_cmpuint (m.left, ==, 300);
  g_assert_cmpuint (m.right, ==, 300);
  check_preset (f, "To 16:9", 16, 9);
  check_preset (f, "To 4:5", 4, 5);

  /* Margins from the sidebar show without echoing back. */
  m = (FsMargins) { 10, 20, 30, 40 };
  fs_canvas_editor_set_margins (f->editor, &m);
  g_assert_cmpuint (f->margin_changes, ==, 3);
  m = (FsMargins) { 0, 0, 0, 0 };
  fs_canvas_editor_get_margins (f->editor, &m);
  g_assert_cmpuint (m.bottom, ==, 20);
  g_assert_cmpuint (m.right, ==, 40);
}

/* Remix's parent and mask ---------------------------------------------------- */

#define PARENT_WIDTH  1600
#define PARENT_HEIGHT 1200

static gboolean
editor_idle (gpointer data)
{
  return !fs_canvas_editor_get_busy (data);
}

static gboolean
mask_painted (gpointer data)
{
  return !fs_canvas_get_mask_empty (data);
}

/* The rectangle @x, @y, @width, @height is 255 and nothing else is
 * painted: the mask as it was sent, on the parent's pixels. */
static void
assert_mask_is_rect (FsCanvas *canvas,
                     guint     x,
                     guint     y,
                     guint     width,
                     guint     height)
{
  gsize stride = 0;
  const guint8 *mask = fs_canvas_get_mask (canvas, &stride);
  gsize painted = 0;

  g_assert_nonnull (mask);
  g_assert_cmpuint (fs_canvas_get_image_width (canvas), ==, PARENT_WIDTH);
  g_assert_cmpuint (fs_canvas_get_image_height (canvas), ==, PARENT_HEIGHT);
  for (guint row = 0; row < PARENT_HEIGHT; row++)
    for (guint col = 0; col < PARENT_WIDTH; col++)
      painted += mask[row * stride + col] != 0;
  g_assert_cmpuint (painted, ==, (gsize) width * height);
  g_assert_cmpuint (mask[y * stride + x], ==, 255);
  g_assert_cmpuint (mask[(y + height - 1) * stride + x + width - 1], ==, 255);
  /* Just outside, to the right or else above. */
  if (x + width < PARENT_WIDTH)
    g_assert_cmpuint (mask[y * stride + x + width], ==, 0);
  else
    g_assert_cmpuint (mask[(y - 1) * stride + x], ==, 0);
}

/* What comes after the mask is on: every callback still pending has run,
 * and nothing has loaded over it. */
static void
settle (void)
{
  for (guint i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

/* Remix's order (fs-window-canvas.c): the parent is set on an editor that
 * shows the edit, and the mask is given while the parent is still
 * loading. The mask waits for the parent, is not laid on the edit, and
 * is still there once everything has settled. */
static void
test_remix_mask_while_loading (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(FsEditSource) parent = fs_test_edit_source (PARENT_WIDTH, PARENT_HEIGHT, 0x3366ccff);
  g_autoptr(FsReference) mask = fs_test_mask (PARENT_WIDTH, PARENT_HEIGHT, 20, 10, 50, 40);

  g_assert_true (fs_canvas_get_mask_empty (f->canvas));
  fs_canvas_editor_set_source (f->editor, parent);
  fs_canvas_editor_load_mask (f->editor, fs_reference_get_bytes (mask));
  g_assert_true (fs_canvas_editor_get_busy (f->editor));
  /* The edit is still shown, unpainted. */
  g_assert_cmpuint (fs_canvas_get_image_width (f->canvas), ==, WIDTH);
  g_assert_true (fs_canvas_get_mask_empty (f->canvas));

  g_assert_true (fs_test_wait_for (editor_idle, f->editor, 10));
  g_assert_true (fs_test_wait_for (mask_painted, f->canvas, 10));
  assert_mask_is_rect (f->canvas, 20, 10, 50, 40);
  settle ();
  assert_mask_is_rect (f->canvas, 20, 10, 50, 40);
  g_assert_true (fs_canvas_editor_get_source (f->editor)->image != NULL);
  /* The restored mask is where history starts: nothing to undo. */
  g_assert_false (fs_canvas_can_undo (f->canvas));
}

/* The store may answer for the mask after the parent is on the canvas:
 * the mask goes straight on. */
static void
test_remix_mask_after_load (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(FsEditSource) parent = fs_test_edit_source (PARENT_WIDTH, PARENT_HEIGHT, 0x3366ccff);
  g_autoptr(FsReference) mask = fs_test_mask (PARENT_WIDTH, PARENT_HEIGHT, 0, 60, 200, 60);

  fs_canvas_editor_set_source (f->editor, parent);
  g_assert_true (fs_test_wait_for (editor_idle, f->editor, 10));
  g_assert_cmpuint (fs_canvas_get_image_width (f->canvas), ==, PARENT_WIDTH);
  g_assert_true (fs_canvas_get_mask_empty (f->canvas));

  fs_canvas_editor_load_mask (f->editor, fs_reference_get_bytes (mask));
  g_assert_true (fs_test_wait_for (mask_painted, f->canvas, 10));
  settle ();
  assert_mask_is_rect (f->canvas, 0, 60, 200, 60);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/canvas-editor/brush-controls", test_brush_controls);
  ADD ("/canvas-editor/actions-follow-canvas", test_actions_follow_canvas);
  ADD ("/canvas-editor/presets", test_presets);
  ADD ("/canvas-editor/remix-mask-while-loading", test_remix_mask_while_loading);
  ADD ("/canvas-editor/remix-mask-after-load", test_remix_mask_after_load);

#undef ADD

  return g_test_run ();
}
