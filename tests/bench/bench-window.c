/* bench-window.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <adwaita.h>

#include "fs-application.h"
#include "fs-gallery.h"
#include "fs-gallery-item.h"
#include "fs-test-util.h"

/* The real window at scale (issue 11, “Scale”): the whole application
 * opened on an empty gallery and on a generated one of 10,000 results, in
 * one run, each open in a process of its own — the time from main() to
 * the first frame that shows the gallery (for the 10,000, with the
 * thumbnails of every tile on screen painted) and the peak memory then,
 * as ratios against the empty gallery; then the whole grid of 10,000
 * scrolled through, a screen a frame, with a high-priority heartbeat
 * measuring every main-loop stall. Figures and ratios only: nothing here
 * fails on time (HACKING.md, “Benchmarks”).
 *
 *   bench-window [N]              the whole benchmark (N images, 10,000)
 *   bench-window --open DIR N     one measured open (a child process)
 *   bench-window --scroll DIR N   one measured scroll (a child process)
 *   bench-window --yardstick DIR N W H  the yardstick's scroll, a plain
 *                                 grid W × H (a child process)
 *   bench-window --generate DIR N the generated gallery alone, kept in DIR
 *                                 for the two above (to profile one)
 *
 * The window is 1366 × 736, a laptop screen under GNOME's top bar. */

#define N_IMAGES       10000
#define IMAGE_SIZE     256
#define N_OPENS        5
#define WINDOW_WIDTH   1366
#define WINDOW_HEIGHT  (768 - 32)
#define HEARTBEAT_MS   1
#define CHILD_SECONDS  120
/* GTK 4.8's grid under Xvfb and cairo paints a screen of 10,000 in tens
 * of milliseconds: the whole scroll takes minutes. */
#define SCROLL_SECONDS 900

/* The child: one window ------------------------------------------------------- */

typedef enum
{
  MODE_OPEN,
  MODE_SCROLL,
} Mode;

typedef struct
{
  Mode           mode;
  guint          expected;
  gint64         start;
  FsApplication *app;
  GtkWidget     *window;
  GdkFrameClock *clock;
  gulong         paint_id;
  gboolean       shown;
  guint          tiles;

  /* Scrolling */
  GtkAdjustment *adjustment;
  GtkWidget     *grid;
  GArray        *gaps;      /* double, ms: each heartbeat's lateness */
  gint64         last_beat;
  guint          beat_id;
  guint          frames;
  guint          tick_id;
  gboolean       done;      /* the yardstick's loop */
} Child;

static void
collect_items (GtkWidget *root,
               GPtrArray *found)
{
  if (FS_IS_GALLERY_ITEM (root))
    {
      if (gtk_widget_get_mapped (root) && fs_gallery_item_get_asset (FS_GALLERY_ITEM (root)))
        g_ptr_array_add (found, root);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_items (child, found);
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The tiles inside the grid's visible area: all painted with their
 * thumbnails, and at least one. */
static gboolean
thumbnails_painted (Child     *child,
                    GtkWidget *grid,
                    guint     *n_tiles)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (grid, GTK_TYPE_SCROLLED_WINDOW);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  int height = gtk_widget_get_height (scroller);
  guint on_screen = 0;

  collect_items (grid, items);
  for (guint i = 0; i < items->len; i++)
    {
      GtkWidget *item = g_ptr_array_index (items, i);
      graphene_rect_t bounds;

      if (!gtk_widget_compute_bounds (item, scroller, &bounds) ||
          bounds.origin.y + bounds.size.height <= 0 || bounds.origin.y >= height)
        continue;
      on_screen++;
      if (!fs_gallery_item_has_texture (FS_GALLERY_ITEM (item)))
        return FALSE;
    }

  *n_tiles = on_screen;
  return on_screen > 0;
}

static gboolean
gallery_shown (Child *child)
{
  FsLibrary *library = fs_application_get_library (child->app);
  GtkWidget *gallery = find_type (child->window, FS_TYPE_GALLERY);
  GtkWidget *grid = gallery ? find_type (gallery, GTK_TYPE_GRID_VIEW) : NULL;
  GtkWidget *status = gallery ? find_type (gallery, ADW_TYPE_STATUS_PAGE) : NULL;

  if (grid == NULL || library == NULL)
    return FALSE;

  if (child->expected == 0)
    /* The empty gallery says so once the library is open. */
    return !fs_library_get_loading (library) && status != NULL &&
           gtk_widget_get_mapped (status) &&
           g_list_model_get_n_items (G_LIST_MODEL (library)) == 0;

  return gtk_widget_get_mapped (grid) && thumbnails_painted (child, grid, &child->tiles);
}

static gboolean
heartbeat_cb (gpointer user_data)
{
  Child *child = user_data;
  gint64 now = g_get_monotonic_time ();
  double late = (now - child->last_beat - HEARTBEAT_MS * 1000) / 1000.0;

  g_array_append_val (child->gaps, late);
  child->last_beat = now;
  return G_SOURCE_CONTINUE;
}

static void
finish_scroll (Child *child)
{
  GArray *gaps = child->gaps;
  double median_ms;
  guint over = 0;

  g_source_remove (child->beat_id);
  median_ms = fs_test_median (gaps);  /* sorts them */
  for (guint i = 0; i < gaps->len; i++)
    if (g_array_index (gaps, double, i) > 16.0)
      over++;

  /* frames, beats, median stall, worst stall, stalls over 16 ms, rows,
   * the grid's width and height */
  g_print ("%u %u %.3f %.3f %u %.0f %d %d\n", child->frames, gaps->len, median_ms,
           g_array_index (gaps, double, gaps->len - 1), over,
           gtk_adjustment_get_upper (child->adjustment),
           gtk_widget_get_width (child->grid), gtk_widget_get_height (child->grid));
  if (child->app != NULL)
    g_application_quit (G_APPLICATION (child->app));
  child->done = TRUE;
}

/* One screen further each frame, as a fling through the whole grid
 * would go (and faster than any). */
static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  Child *child = user_data;
  GtkAdjustment *adjustment = child->adjustment;
  double value = gtk_adjustment_get_value (adjustment);
  double end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  child->frames++;
  if (value >= end - 0.5)
    {
      child->tick_id = 0;
      finish_scroll (child);
      return G_SOURCE_REMOVE;
    }

  gtk_adjustment_set_value (adjustment, MIN (value + gtk_adjustment_get_page_size (adjustment),
                                             end));
  return G_SOURCE_CONTINUE;
}

static gboolean
all_listed (Child *child)
{
  FsLibrary *library = fs_application_get_library (child->app);

  return !fs_library_get_loading (library) &&
         g_list_model_get_n_items (G_LIST_MODEL (library)) >= child->expected;
}

static void start_scrolling (Child *child);

static gboolean
wait_listed_cb (gpointer user_data)
{
  Child *child = user_data;

  if (!all_listed (child))
    return G_SOURCE_CONTINUE;

  start_scrolling (child);
  return G_SOURCE_REMOVE;
}

static void
scroll_grid (Child     *child,
             GtkWidget *grid)
{
  child->grid = grid;
  child->adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (grid));
  child->gaps = g_array_new (FALSE, FALSE, sizeof (double));
  child->last_beat = g_get_monotonic_time ();
  child->beat_id = g_timeout_add_full (G_PRIORITY_HIGH, HEARTBEAT_MS, heartbeat_cb, child, NULL);
  child->tick_id = gtk_widget_add_tick_callback (grid, scroll_tick_cb, child, NULL);
}

static void
start_scrolling (Child *child)
{
  GtkWidget *gallery = find_type (child->window, FS_TYPE_GALLERY);

  scroll_grid (child, find_type (gallery, GTK_TYPE_GRID_VIEW));
}

static void
after_paint_cb (GdkFrameClock *clock,
                Child         *child)
{
  double ms;

  if (child->shown || !gallery_shown (child))
    return;

  child->shown = TRUE;
  ms = (g_get_monotonic_time () - child->start) / 1000.0;
  g_signal_handler_disconnect (clock, child->paint_id);

  if (child->mode == MODE_OPEN)
    {
      /* ms to the first painted gallery, tiles on screen, peak kB */
      g_print ("%.3f %u %" G_GINT64_FORMAT "\n", ms, child->tiles, fs_test_status_kb ("VmHWM"));
      g_application_quit (G_APPLICATION (child->app));
      return;
    }

  g_timeout_add (50, wait_listed_cb, child);
}

static gboolean
first_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  Child *child = user_data;

  child->clock = clock;
  child->paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), child);
  return G_SOURCE_REMOVE;
}

static void
activate_cb (GApplication *application,
             Child        *child)
{
  child->window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (application)));
  g_assert_nonnull (child->window);
  gtk_widget_add_tick_callback (child->window, first_tick_cb, child, NULL);
}

static gboolean
child_timeout_cb (gpointer user_data)
{
  g_error ("The measurement did not finish in time");
  return G_SOURCE_REMOVE;
}

static int
run_child (Mode        mode,
           const char *dir,
           guint       expected)
{
  Child child = { mode, expected, g_get_monotonic_time (), };
  g_autofree char *folder = g_build_filename (dir, "gallery", NULL);
  g_autofree char *home = g_build_filename (dir, "home", NULL);
  g_autoptr(GSettings) settings = NULL;
  int status;

  /* A home of its own, kept between runs of one gallery: the second
   * start finds the thumbnails cached, as a user's does. */
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  g_setenv ("XDG_CACHE_HOME", home, TRUE);

  settings = g_settings_new (APP_ID_BASE);
  g_settings_set_string (settings, "gallery-folder", folder);
  g_settings_set_string (settings, "provider", "sandbox");
  g_settings_set_string (settings, "model", "flux-2-pro");
  g_settings_set_int (settings, "window-width", WINDOW_WIDTH);
  g_settings_set_int (settings, "window-height", WINDOW_HEIGHT);

  child.app = fs_application_new ();
  g_application_set_flags (G_APPLICATION (child.app),
                           g_application_get_flags (G_APPLICATION (child.app)) |
                           G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (child.app, "activate", G_CALLBACK (activate_cb), &child);
  g_timeout_add_seconds (mode == MODE_SCROLL ? SCROLL_SECONDS : CHILD_SECONDS, child_timeout_cb,
                         NULL);
  status = g_application_run (G_APPLICATION (child.app), 0, NULL);
  g_clear_pointer (&child.gaps, g_array_unref);
  g_object_unref (child.app);
  return status;
}

/* The yardstick: what GTK itself costs ------------------------------------------ */

/* A plain GtkGridView of the same N images in a grid of the app's size
 * (its width and height measured by the scroll child): a square picture
 * of the same thumbnail and a one-line caption per tile, as GTK's own
 * demos and a minimal photo grid have them, scrolled and measured as
 * the app is. What no change to the app's tiles can go below. */

/* The app's tile: at least 160 px wide with a 3 px margin all round, its
 * picture square. */
#define TILE_MIN_WIDTH (160 + 2 * 3)

static void
yardstick_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  int side = GPOINTER_TO_INT (user_data);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
  gtk_widget_set_size_request (picture, -1, side);
  gtk_frame_set_child (GTK_FRAME (frame), picture);
  gtk_widget_add_css_class (frame, "card");
  gtk_widget_set_overflow (frame, GTK_OVERFLOW_HIDDEN);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), frame);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_size_request (box, 160, -1);
  gtk_widget_set_margin_start (box, 3);
  gtk_widget_set_margin_end (box, 3);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_list_item_set_child (list_item, box);
}

static void
yardstick_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   GdkTexture               *texture)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *frame = gtk_widget_get_first_child (box);
  g_autofree char *caption = g_strdup_printf ("FLUX.2 [pro] · %u",
                                              3000000000u - gtk_list_item_get_position (list_item));

  gtk_picture_set_paintable (GTK_PICTURE (gtk_frame_get_child (GTK_FRAME (frame))),
                             GDK_PAINTABLE (texture));
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (box)), caption);
}

static GdkTexture *
first_image (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (!g_str_has_suffix (name, ".json"))
      {
        g_autofree char *path = g_build_filename (folder, name, NULL);

        return gdk_texture_new_from_filename (path, NULL);
      }

  g_error ("No image in %s", folder);
  return NULL;
}

static gboolean
yardstick_start_cb (gpointer user_data)
{
  Child *child = user_data;

  scroll_grid (child, find_type (child->window, GTK_TYPE_GRID_VIEW));
  return G_SOURCE_REMOVE;
}

static int
run_yardstick (const char *dir,
               guint       n,
               int         grid_width,
               int         grid_height)
{
  Child child = { MODE_SCROLL, n, g_get_monotonic_time (), };
  g_autofree char *folder = g_build_filename (dir, "gallery", NULL);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkStringList *strings;
  GtkWidget *scroller;
  GtkWidget *grid;
  int side;

  adw_init ();
  texture = first_image (folder);
  strings = gtk_string_list_new (NULL);
  for (guint i = 0; i < n; i++)
    gtk_string_list_take (strings, g_strdup_printf ("%u", i));

  /* As many columns as the app's grid has, its tiles as wide. */
  side = grid_width / MAX (grid_width / TILE_MIN_WIDTH, 1) - 6;
  g_signal_connect (factory, "setup", G_CALLBACK (yardstick_setup_cb), GINT_TO_POINTER (side));
  g_signal_connect (factory, "bind", G_CALLBACK (yardstick_bind_cb), texture);
  grid = gtk_grid_view_new (GTK_SELECTION_MODEL (gtk_multi_selection_new (G_LIST_MODEL (strings))),
                            g_object_ref (factory));
  gtk_grid_view_set_max_columns (GTK_GRID_VIEW (grid), 16);
  /* fs-gallery.ui's margins */
  gtk_widget_set_margin_top (grid, 6);
  gtk_widget_set_margin_bottom (grid, 12);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), grid);
  /* The grid where the app has it: the bottom end of the window. */
  gtk_widget_set_size_request (scroller, grid_width + 24, grid_height + 18);
  gtk_widget_set_halign (scroller, GTK_ALIGN_END);
  gtk_widget_set_valign (scroller, GTK_ALIGN_END);

  child.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (child.window), WINDOW_WIDTH, WINDOW_HEIGHT);
  gtk_window_set_child (GTK_WINDOW (child.window), scroller);
  gtk_window_present (GTK_WINDOW (child.window));
  g_timeout_add_seconds (2, yardstick_start_cb, &child);
  g_timeout_add_seconds (SCROLL_SECONDS, child_timeout_cb, NULL);

  while (!child.done)
    g_main_context_iteration (NULL, TRUE);

  g_clear_pointer (&child.gaps, g_array_unref);
  gtk_window_destroy (GTK_WINDOW (child.window));
  return 0;
}

/* The parent ------------------------------------------------------------------ */

static char *
spawn_child (const char *self_path,
             const char *mode,
             const char *dir,
             guint       expected)
{
  g_autofree char *count = g_strdup_printf ("%u", expected);
  const char *argv[] = { self_path, mode, dir, count, NULL };

  return fs_test_run_output (argv);
}

typedef struct
{
  double shown_ms;
  double peak_mb;
  guint  tiles;
} OpenFigures;

static OpenFigures
measure_opens (const char *self_path,
               const char *dir,
               guint       expected)
{
  g_autoptr(GArray) shown = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) peak = g_array_new (FALSE, FALSE, sizeof (double));
  OpenFigures figures = { 0 };

  /* The first start makes the index and the thumbnail cache, as the
   * first start after an upgrade would; it is not counted. */
  for (guint i = 0; i <= N_OPENS; i++)
    {
      g_autofree char *out = spawn_child (self_path, "--open", dir, expected);
      double ms, mb;
      gint64 peak_kb;
      guint tiles;

      if (sscanf (out, "%lf %u %" G_GINT64_FORMAT, &ms, &tiles, &peak_kb) != 3)
        g_error ("Unexpected output of an open: %s", out);
      if (i == 0)
        continue;
      mb = peak_kb / 1024.0;
      g_array_append_val (shown, ms);
      g_array_append_val (peak, mb);
      figures.tiles = tiles;
    }

  figures.shown_ms = fs_test_median (shown);
  figures.peak_mb = fs_test_median (peak);
  return figures;
}

typedef struct
{
  guint  frames;
  guint  beats;
  double median_ms;
  double worst_ms;
  guint  over;
  double upper;
  int    grid_width;
  int    grid_height;
} ScrollFigures;

/* One scroll in a process of its own: the app's (--scroll) or the
 * yardstick's (--yardstick, with the grid's size in @extra). */
static ScrollFigures
measure_scroll (const char  *self_path,
                const char  *mode,
                const char  *dir,
                guint        expected,
                const char **extra)
{
  g_autofree char *count = g_strdup_printf ("%u", expected);
  const char *argv[] = { self_path, mode, dir, count,
                         extra ? extra[0] : NULL, extra ? extra[1] : NULL, NULL };
  g_autofree char *out = fs_test_run_output (argv);
  ScrollFigures figures = { 0 };

  if (sscanf (out, "%u %u %lf %lf %u %lf %d %d", &figures.frames, &figures.beats,
              &figures.median_ms, &figures.worst_ms, &figures.over, &figures.upper,
              &figures.grid_width, &figures.grid_height) != 8)
    g_error ("Unexpected output of a scroll: %s", out);
  return figures;
}

static void
print_scroll (const char          *what,
              const ScrollFigures *figures)
{
  g_print ("  %-40s %10u %10.2f %10.1f %10u\n", what, figures->beats, figures->median_ms,
           figures->worst_ms, figures->over);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *root = NULL;
  g_autofree char *empty_dir = NULL;
  g_autofree char *full_dir = NULL;
  g_autofree char *full_folder = NULL;
  g_autofree char *empty_folder = NULL;
  g_autofree char *self_path = NULL;
  ScrollFigures app, yardstick;
  char width[16], height[16];
  OpenFigures empty, full;
  guint n = N_IMAGES;
  gint64 start;

  if (argc == 4 && g_str_equal (argv[1], "--open"))
    return run_child (MODE_OPEN, argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10));
  if (argc == 4 && g_str_equal (argv[1], "--scroll"))
    return run_child (MODE_SCROLL, argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10));
  if (argc == 6 && g_str_equal (argv[1], "--yardstick"))
    return run_yardstick (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10),
                          atoi (argv[4]), atoi (argv[5]));
  if (argc == 4 && g_str_equal (argv[1], "--generate"))
    {
      g_autofree char *folder = g_build_filename (argv[2], "gallery", NULL);

      fs_test_generate_archive (folder, (guint) g_ascii_strtoull (argv[3], NULL, 10),
                                IMAGE_SIZE, 11);
      return 0;
    }
  if (argc == 2)
    n = (guint) g_ascii_strtoull (argv[1], NULL, 10);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("bench-window: skipped, there is no display (run it under xvfb-run)\n");
      return 0;
    }

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path == NULL)
    self_path = g_strdup (argv[0]);

  root = fs_test_make_dir ("fs-bench-window-XXXXXX");
  empty_dir = g_build_filename (root, "empty", NULL);
  full_dir = g_build_filename (root, "full", NULL);
  empty_folder = g_build_filename (empty_dir, "gallery", NULL);
  full_folder = g_build_filename (full_dir, "gallery", NULL);
  g_assert_cmpint (g_mkdir_with_parents (empty_folder, 0755), ==, 0);

  start = g_get_monotonic_time ();
  fs_test_generate_archive (full_folder, n, IMAGE_SIZE, 11);
  g_print ("Generated %u results (one %dx%d sandbox image, a sidecar each) in %.1f s\n", n,
           IMAGE_SIZE, IMAGE_SIZE, (g_get_monotonic_time () - start) / 1e6);

  empty = measure_opens (self_path, empty_dir, 0);
  full = measure_opens (self_path, full_dir, n);

  g_print ("\nOpening the window, %d × %d (median of %d runs, each in its own process)\n",
           WINDOW_WIDTH, WINDOW_HEIGHT, N_OPENS);
  g_print ("  %-40s %10s %10s %10s\n", "", "empty", "10,000", "ratio");
  g_print ("  %-40s %10.1f %10.1f %9.2fx   (target: 1.5x)\n",
           "main() to the gallery painted (ms)", empty.shown_ms, full.shown_ms,
           full.shown_ms / empty.shown_ms);
  g_print ("  %-40s %10.1f %10.1f %+8.1f MB   (target: +60 MB)\n", "peak resident memory (MB)",
           empty.peak_mb, full.peak_mb, full.peak_mb - empty.peak_mb);
  g_print ("  %-40s %10s %10u\n", "tiles on screen with their thumbnails", "-", full.tiles);

  app = measure_scroll (self_path, "--scroll", full_dir, n, NULL);
  g_snprintf (width, sizeof width, "%d", app.grid_width);
  g_snprintf (height, sizeof height, "%d", app.grid_height);
  yardstick = measure_scroll (self_path, "--yardstick", full_dir, n, (const char *[]) { width, height });
  g_print ("\nScrolling through the whole grid of %u, a screen a frame (%u frames, %.0f px;"
           " the grid %d × %d), a %d ms heartbeat at high priority measuring the main-loop stalls\n",
           n, app.frames, app.upper, app.grid_width, app.grid_height, HEARTBEAT_MS);
  g_print ("  %-40s %10s %10s %10s %10s\n", "", "beats", "median ms", "worst ms", "over 16 ms");
  print_scroll ("Flux Studio", &app);
  print_scroll ("yardstick: a plain GtkGridView", &yardstick);
  g_print ("  %-40s %10s %9.2fx   (target: none over 16 ms)\n", "ratio of the medians", "",
           app.median_ms / yardstick.median_ms);

  fs_test_remove_dir (root);
  return 0;
}
