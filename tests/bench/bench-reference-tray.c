/* bench-reference-tray.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <adwaita.h>

#include "fs-reference-tray.h"
#include "fs-test-util.h"

/* Eight 24-megapixel phone photos dropped on the reference tray at once:
 * how long until they are ready to send, and the longest the main loop
 * went without running (a heartbeat every 2 ms measures it). Figures
 * only: nothing fails on time. */

#define N_PHOTOS      8
#define PHOTO_WIDTH   6000
#define PHOTO_HEIGHT  4000
#define HEARTBEAT_MS  2

typedef struct
{
  gint64 last;
  gint64 longest;
  guint  over_16ms;
  guint  over_50ms;
} Heartbeat;

static gboolean
heartbeat_cb (gpointer user_data)
{
  Heartbeat *heartbeat = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 gap = now - heartbeat->last - HEARTBEAT_MS * 1000;

  if (gap > heartbeat->longest)
    heartbeat->longest = gap;
  if (gap > 16000)
    heartbeat->over_16ms++;
  if (gap > 50000)
    heartbeat->over_50ms++;
  heartbeat->last = now;
  return G_SOURCE_CONTINUE;
}

/* A photo-like JPEG: gradients and noise, so it compresses (and
 * decodes) like a camera's, different for each @seed. */
static char *
make_photo (const char *dir,
            guint       seed)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8,
                                                PHOTO_WIDTH, PHOTO_HEIGHT);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("photo-%u.jpg", seed);
  char *path = g_build_filename (dir, name, NULL);
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < PHOTO_HEIGHT; y++)
    for (int x = 0; x < PHOTO_WIDTH; x++)
      {
        guchar *p = pixels + y * rowstride + 3 * x;
        int noise = g_rand_int_range (rand, -12, 12);

        p[0] = CLAMP ((x * 255) / PHOTO_WIDTH + noise + (int) seed * 20, 0, 255);
        p[1] = CLAMP ((y * 255) / PHOTO_HEIGHT + noise, 0, 255);
        p[2] = CLAMP (((x + y) * 255) / (PHOTO_WIDTH + PHOTO_HEIGHT) - noise, 0, 255);
      }

  gdk_pixbuf_save (pixbuf, path, "jpeg", &error, "quality", "92", NULL);
  g_assert_no_error (error);
  return path;
}

static gboolean
all_thumbnails (FsReferenceTray *tray)
{
  for (guint i = 0; i < fs_reference_tray_get_n_references (tray); i++)
    {
      FsReferenceSlot *slot = fs_reference_tray_get_slot (tray, i);

      if (fs_reference_slot_get_state (slot) == FS_REFERENCE_SLOT_READY &&
          !fs_reference_slot_has_thumbnail (slot))
        return FALSE;
    }

  return TRUE;
}

static void
settle (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* The same preparations without the tray: what the workers alone cost
 * the main loop (on a machine with few cores they compete with it for
 * the CPU). */
static void
prepared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  FsReference *reference = fs_reference_prepare_finish (result, NULL);

  g_clear_object (&reference);
  (*(guint *) user_data)--;
}

static void
run_core_only (GListModel *photos)
{
  Heartbeat heartbeat = { 0 };
  guint pending = g_list_model_get_n_items (photos);
  gint64 start;
  guint id;

  heartbeat.last = g_get_monotonic_time ();
  id = g_timeout_add (HEARTBEAT_MS, heartbeat_cb, &heartbeat);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < g_list_model_get_n_items (photos); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (photos, i);

      fs_reference_prepare_file_async (file, NULL, prepared_cb, &pending);
    }
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);

  printf ("core alone: all prepared in %.0f ms; longest stall %.1f ms; "
          "over 16 ms: %u, over 50 ms: %u\n",
          (g_get_monotonic_time () - start) / 1e3, heartbeat.longest / 1e3,
          heartbeat.over_16ms, heartbeat.over_50ms);
}

static void
run (GListModel *photos)
{
  g_autoptr(FsCatalog) catalog = fs_catalog_new_default (NULL);
  GtkWidget *window = gtk_window_new ();
  FsReferenceTray *tray = FS_REFERENCE_TRAY (fs_reference_tray_new ());
  Heartbeat heartbeat = { 0 };
  gint64 start;
  gint64 ready;
  gint64 shown;
  gint64 added;
  guint id;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 300);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (tray));
  gtk_window_present (GTK_WINDOW (window));
  if (catalog != NULL)
    fs_reference_tray_set_model (tray, "bfl", "flux-2-pro", catalog);
  settle (500);

  heartbeat.last = g_get_monotonic_time ();
  id = g_timeout_add (HEARTBEAT_MS, heartbeat_cb, &heartbeat);
  start = g_get_monotonic_time ();
  fs_reference_tray_add_files (tray, photos);
  added = g_get_monotonic_time ();
  while (fs_reference_tray_get_busy (tray))
    g_main_context_iteration (NULL, TRUE);
  ready = g_get_monotonic_time ();
  while (!all_thumbnails (tray))
    g_main_context_iteration (NULL, TRUE);
  shown = g_get_monotonic_time ();
  settle (200);
  g_source_remove (id);

  for (guint i = 0; i < fs_reference_tray_get_n_references (tray); i++)
    {
      FsReferenceSlot *slot = fs_reference_tray_get_slot (tray, i);
      FsReference *reference = fs_reference_slot_get_reference (slot);

      if (reference == NULL)
        printf ("  image %u refused: %s\n", i + 1, fs_reference_slot_get_message (slot));
      else if (i == 0)
        printf ("  image 1 prepared as %u×%u (%s)\n", fs_reference_get_width (reference),
                fs_reference_get_height (reference), fs_reference_get_note (reference));
    }

  printf ("tray: eight %d×%d JPEGs at once: all prepared in %.0f ms, thumbnails shown in %.0f ms\n",
          PHOTO_WIDTH, PHOTO_HEIGHT, (ready - start) / 1e3, (shown - start) / 1e3);
  printf ("tray: adding the eight slots took %.1f ms of the main loop\n", (added - start) / 1e3);
  printf ("tray: main loop: longest stall %.1f ms; stalls over 16 ms: %u, over 50 ms: %u\n",
          heartbeat.longest / 1e3, heartbeat.over_16ms, heartbeat.over_50ms);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = fs_test_make_dir ("fs-bench-tray-XXXXXX");
  g_autofree char *cache = g_build_filename (home, "cache", NULL);
  g_autoptr(GListStore) photos = g_list_store_new (G_TYPE_FILE);
  gint64 start;

  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);

  if (!gtk_init_check ())
    {
      printf ("skipped: no display (run under xvfb-run, see the README)\n");
      fs_test_remove_dir (home);
      return 77;
    }
  adw_init ();

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_PHOTOS; i++)
    {
      g_autofree char *path = make_photo (home, i);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      g_list_store_append (photos, file);
    }
  printf ("(made %d test photos in %.1f s)\n", N_PHOTOS, (g_get_monotonic_time () - start) / 1e6);

  run_core_only (G_LIST_MODEL (photos));
  /* A cold cache again: the tray prepares everything anew. */
  fs_test_remove_dir (cache);
  run (G_LIST_MODEL (photos));
  fs_test_remove_dir (home);
  return 0;
}
