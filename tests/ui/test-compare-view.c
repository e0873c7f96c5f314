/* test-compare-view.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "fs-compare-canvas.h"
#include "fs-compare-diff.h"
#include "fs-compare-view.h"
#include "fs-test-ui-util.h"

/* The compare view over real sandbox results: the panes keep one zoom
 * and offset whichever is zoomed or panned, the keys zoom all, the swipe
 * mode's divider follows its slider and its drag, and the differences
 * row names what differs (a seed and a prompt word) and nothing else. */

typedef struct
{
  char      *dir;
  FsLibrary *library;
  FsCatalog *catalog;
  GPtrArray *assets;
  GtkWidget *view;
  GtkWidget *window;
} Fixture;

static const char *prompts[] = {
  "a red kite over the dunes at noon",
  "a blue kite over the dunes at dusk",
  "a red kite over the sea",
};

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  guint n = GPOINTER_TO_UINT (data);

  f->dir = fs_test_make_dir ("fs-test-compare-XXXXXX");
  f->library = fs_test_library_new (f->dir);
  f->catalog = fs_test_load_catalog ();
  f->assets = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (f->assets, fs_test_save_sandbox (f->library, f->catalog, prompts[i],
                                                      4000 + i, i == 0 ? 768 : 512, 512));

  f->view = fs_compare_view_new ();
  fs_compare_view_set_library (FS_COMPARE_VIEW (f->view), f->library);
  f->window = fs_test_present_window (f->view, 1000, 700);
  fs_compare_view_set_assets (FS_COMPARE_VIEW (f->view), f->assets);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer ((GtkWindow **) &f->window, gtk_window_destroy);
  g_clear_pointer (&f->assets, g_ptr_array_unref);
  g_clear_object (&f->library);
  g_clear_object (&f->catalog);
  fs_test_remove_dir (f->dir);
  g_free (f->dir);
}

static gboolean
all_loaded (gpointer data)
{
  Fixture *f = data;
  GPtrArray *panes = fs_compare_view_get_panes (FS_COMPARE_VIEW (f->view));

  for (guint i = 0; i < panes->len; i++)
    if (!fs_compare_canvas_has_texture (g_ptr_array_index (panes, i)) ||
        gtk_widget_get_width (g_ptr_array_index (panes, i)) == 0)
      return FALSE;

  return panes->len == f->assets->len;
}

static void
get_view (GtkWidget *pane,
          double    *zoom,
          double    *x,
          double    *y)
{
  g_object_get (pane, "zoom", zoom, "offset-x", x, "offset-y", y, NULL);
}

static void
assert_in_step (Fixture *f)
{
  GPtrArray *panes = fs_compare_view_get_panes (FS_COMPARE_VIEW (f->view));
  double zoom0, x0, y0;

  get_view (g_ptr_array_index (panes, 0), &zoom0, &x0, &y0);
  for (guint i = 1; i < panes->len; i++)
    {
      double zoom, x, y;

      get_view (g_ptr_array_index (panes, i), &zoom, &x, &y);
      g_assert_cmpfloat (zoom, ==, zoom0);
      g_assert_cmpfloat (x, ==, x0);
      g_assert_cmpfloat (y, ==, y0);
    }
}

static void
test_in_step (Fixture       *f,
              gconstpointer  data)
{
  GPtrArray *panes = fs_compare_view_get_panes (FS_COMPARE_VIEW (f->view));
  FsCompareCanvas *first;
  FsCompareCanvas *last;
  double zoom, x, y;

  g_assert_true (fs_test_wait_for (all_loaded, f, 20));
  g_assert_cmpuint (panes->len, ==, 3);
  first = g_ptr_array_index (panes, 0);
  last = g_ptr_array_index (panes, 2);
  gtk_test_accessible_assert_property (first, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Image 1: a red kite over the dunes at noon");
  g_assert_nonnull (fs_test_find_by_label (f->window, FS_TYPE_COMPARE_VIEW, "Compare"));

  /* The wheel on the first pane, off centre: every pane zooms, and
   * shows the same part of its image. */
  fs_compare_canvas_zoom_at (first, 2, 20, 30);
  get_view (GTK_WIDGET (first), &zoom, &x, &y);
  g_assert_cmpfloat (zoom, ==, 2);
  g_assert_cmpfloat (x, !=, 0);
  assert_in_step (f);

  /* A drag on the last pane pans them all. */
  fs_compare_canvas_pan (last, -40, 25);
  assert_in_step (f);
  {
    double zoom2, x2, y2;

    get_view (GTK_WIDGET (first), &zoom2, &x2, &y2);
    g_assert_cmpfloat (x2, >, x);
    g_assert_cmpfloat (y2, <, y);
  }

  /* + - 0 on the keyboard. */
  fs_test_activate_shortcut (f->view, "plus");
  get_view (GTK_WIDGET (last), &zoom, &x, &y);
  g_assert_cmpfloat_with_epsilon (zoom, 2.5, 1e-9);
  assert_in_step (f);
  fs_test_activate_shortcut (f->view, "minus");
  fs_test_activate_shortcut (f->view, "minus");
  get_view (GTK_WIDGET (last), &zoom, &x, &y);
  g_assert_cmpfloat_with_epsilon (zoom, 1.6, 1e-9);
  fs_test_activate_shortcut (f->view, "0");
  get_view (GTK_WIDGET (last), &zoom, &x, &y);
  g_assert_cmpfloat (zoom, ==, 1);
  g_assert_cmpfloat (x, ==, 0);
  g_assert_cmpfloat (y, ==, 0);
  assert_in_step (f);

  /* Three images have no swipe mode. */
  g_assert_false (gtk_widget_get_visible (fs_test_find_button (f->view, "Swipe")));
}

static void
test_swipe (Fixture       *f,
            gconstpointer  data)
{
  FsCompareCanvas *swipe = FS_COMPARE_CANVAS (fs_compare_view_get_swipe_pane (FS_COMPARE_VIEW (f->view)));
  GtkWidget *button = fs_test_find_button (f->view, "Swipe");
  GtkWidget *scale = fs_test_find_by_label (f->view, GTK_TYPE_SCALE, "Swipe position");
  GtkStack *stack;
  gboolean swiping;

  g_assert_true (fs_test_wait_for (all_loaded, f, 20));
  g_assert_nonnull (button);
  g_assert_nonnull (scale);
  g_assert_true (gtk_widget_get_visible (button));
  stack = GTK_STACK (gtk_widget_get_ancestor (scale, GTK_TYPE_STACK));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "side");

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  g_object_get (f->view, "swipe", &swiping, NULL);
  g_assert_true (swiping);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "swipe");
  g_assert_cmpfloat (fs_compare_canvas_get_position (swipe), ==, 0.5);

  /* The slider (its keys, for those who do not drag) moves the divider. */
  gtk_range_set_value (GTK_RANGE (scale), 0.25);
  g_assert_cmpfloat (fs_compare_canvas_get_position (swipe), ==, 0.25);

  /* Dragging the divider moves the slider. */
  g_object_set (swipe, "position", 0.8, NULL);
  g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (scale)), ==, 0.8);

  /* Swipe shares the zoom too. */
  fs_compare_canvas_zoom_at (swipe, 3, 10, 10);
  assert_in_step (f);
  g_assert_cmpfloat (fs_compare_canvas_get_zoom (g_ptr_array_index (
    fs_compare_view_get_panes (FS_COMPARE_VIEW (f->view)), 1)), ==, 3);
}

/* Labels of the differences grid, by row. */
static GtkWidget *
grid_cell (GtkGrid *grid,
           int      column,
           int      row)
{
  return gtk_grid_get_child_at (grid, column, row);
}

static int
row_of (GtkGrid    *grid,
        const char *heading)
{
  for (int row = 0; row < 20; row++)
    {
      GtkWidget *label = grid_cell (grid, 0, row);

      if (label != NULL && g_str_equal (gtk_label_get_text (GTK_LABEL (label)), heading))
        return row;
    }

  return -1;
}

typedef struct
{
  GtkGrid *grid;
} GridWait;

static gboolean
records_read (gpointer data)
{
  Fixture *f = data;

  for (guint i = 0; i < f->assets->len; i++)
    if (!fs_asset_has_record (g_ptr_array_index (f->assets, i)))
      return FALSE;

  return TRUE;
}

static void
test_differences (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *diff = fs_test_find_by_label (f->view, GTK_TYPE_WIDGET, "Differences");
  GtkGrid *grid;
  GtkWidget *same;
  int row;
  const char *markup;

  g_assert_nonnull (diff);
  g_assert_true (fs_test_wait_for (records_read, f, 20));
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  grid = GTK_GRID (fs_test_find_type (diff, GTK_TYPE_GRID));

  /* The seeds differ, and the size; the model does not. */
  row = row_of (grid, "Seed");
  g_assert_cmpint (row, >, 0);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (grid_cell (grid, 1, row))), ==, "4000");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (grid_cell (grid, 2, row))), ==, "4001");
  g_assert_cmpint (row_of (grid, "Size"), >, 0);
  g_assert_cmpint (row_of (grid, "Model"), ==, -1);
  g_assert_cmpint (row_of (grid, "Steps"), ==, -1);

  /* The prompts word by word: "red" and "noon" gone, "blue" and "dusk"
   * new, the rest plain. */
  row = row_of (grid, "Prompt");
  g_assert_cmpint (row, >, 0);
  markup = gtk_label_get_label (GTK_LABEL (grid_cell (grid, 1, row)));
  g_assert_nonnull (strstr (markup, "strikethrough=\"true\""));
  g_assert_nonnull (strstr (markup, ">red</span>"));
  g_assert_nonnull (strstr (markup, ">noon</span>"));
  g_assert_null (strstr (markup, ">kite</span>"));
  markup = gtk_label_get_label (GTK_LABEL (grid_cell (grid, 2, row)));
  g_assert_nonnull (strstr (markup, "underline=\"single\""));
  g_assert_nonnull (strstr (markup, ">blue</span>"));
  g_assert_nonnull (strstr (markup, ">dusk</span>"));
  g_assert_null (strstr (markup, ">dunes</span>"));

  same = gtk_widget_get_next_sibling (GTK_WIDGET (grid));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (same)), "Model"));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (same)), "Seed"));
}

static void
test_word_diff (void)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;

  g_assert_true (fs_compare_diff_words ("a <cup> on a table", "a <cup> on the   table", &a, &b));
  g_assert_cmpstr (a, ==,
                   "a &lt;cup&gt; on <span strikethrough=\"true\" background=\"#e01b24\" "
                   "bgalpha=\"25%\">a</span> table");
  g_assert_cmpstr (b, ==,
                   "a &lt;cup&gt; on <span underline=\"single\" background=\"#2ec27e\" "
                   "bgalpha=\"25%\">the</span> table");

  g_assert_false (fs_compare_diff_words ("same  words", "same words", &c, &d));
  g_assert_cmpstr (c, ==, "same words");
  g_assert_cmpstr (d, ==, "same words");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = fs_test_make_dir ("fs-test-compare-home-XXXXXX");
  g_autofree char *cache = g_build_filename (home, "cache", NULL);
  int status;

  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/compare-view/in-step", Fixture, GUINT_TO_POINTER (3), fixture_set_up,
              test_in_step, fixture_tear_down);
  g_test_add ("/compare-view/swipe", Fixture, GUINT_TO_POINTER (2), fixture_set_up, test_swipe,
              fixture_tear_down);
  g_test_add ("/compare-view/differences", Fixture, GUINT_TO_POINTER (2), fixture_set_up,
              test_differences, fixture_tear_down);
  g_test_add_func ("/compare-view/word-diff", test_word_diff);

  status = g_test_run ();
  fs_test_remove_dir (home);
  return status;
}
