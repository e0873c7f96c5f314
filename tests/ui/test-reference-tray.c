/* test-reference-tray.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "fs-reference-store.h"
#include "fs-reference-tray.h"
#include "fs-test-ui-util.h"

/* The reference tray with real images made here: the model's limit (4
 * for FLUX.2 [klein], 8 for [pro], 1 + 3 experimental for Kontext),
 * removing and reordering, a refused file, Remix from the reference
 * store, pasting, the badge and "Combine into one image". */

static char *home;
static char *images_dir;

typedef struct
{
  FsCatalog       *catalog;
  GtkWidget       *window;
  FsReferenceTray *tray;
  guint            n_changed;
  GPtrArray       *toasts;
  char            *inserted;
} Fixture;

static void
changed_cb (FsReferenceTray *tray,
            Fixture         *f)
{
  f->n_changed++;
}

static void
toast_cb (FsReferenceTray *tray,
          const char      *message,
          Fixture         *f)
{
  g_ptr_array_add (f->toasts, g_strdup (message));
}

static void
insert_cb (FsReferenceTray *tray,
           const char      *text,
           Fixture         *f)
{
  g_free (f->inserted);
  f->inserted = g_strdup (text);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->catalog = fs_test_load_catalog ();
  f->toasts = g_ptr_array_new_with_free_func (g_free);
  f->tray = FS_REFERENCE_TRAY (fs_reference_tray_new ());
  g_signal_connect (f->tray, "changed", G_CALLBACK (changed_cb), f);
  g_signal_connect (f->tray, "toast", G_CALLBACK (toast_cb), f);
  g_signal_connect (f->tray, "insert-reference-text", G_CALLBACK (insert_cb), f);
  f->window = fs_test_present_window (GTK_WIDGET (f->tray), 1000, 300);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->catalog);
  g_ptr_array_unref (f->toasts);
  g_free (f->inserted);
}

/* Helpers ------------------------------------------------------------------- */

static gboolean
timed_out_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_idle (Fixture *f)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (30, timed_out_cb, &timed_out);

  while (!timed_out && fs_reference_tray_get_busy (f->tray))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);

  /* Thumbnails land after the references are ready. */
  for (guint i = 0; i < fs_reference_tray_get_n_references (f->tray); i++)
    {
      FsReferenceSlot *slot = fs_reference_tray_get_slot (f->tray, i);

      while (fs_reference_slot_get_state (slot) == FS_REFERENCE_SLOT_READY &&
             !fs_reference_slot_has_thumbnail (slot))
        g_main_context_iteration (NULL, TRUE);
    }
}

static char *
make_image (const char *name,
            guint32     rgba)
{
  g_autoptr(GBytes) png = fs_test_make_image ("png", 320, 240, rgba);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (images_dir, name, NULL);

  g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &error);
  g_assert_no_error (error);
  return path;
}

static GListModel *
make_images (guint n)
{
  static const guint32 colours[] = {
    0xe53935ff, 0x43a047ff, 0x1e88e5ff, 0xfdd835ff,
    0x8e24aaff, 0x00897bff, 0x6d4c41ff, 0x546e7aff,
  };
  GListStore *store = g_list_store_new (G_TYPE_FILE);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("ref-%u.png", i + 1);
      g_autofree char *path = make_image (name, colours[i % G_N_ELEMENTS (colours)]);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      g_list_store_append (store, file);
    }

  return G_LIST_MODEL (store);
}

static void
assert_label (gpointer    widget,
              const char *expected)
{
  g_autofree char *mismatch =
    gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        expected);

  if (mismatch != NULL)
    g_error ("accessible label: %s (expected “%s”)", mismatch, expected);
}

static GtkWidget *
find_by_label (GtkWidget  *root,
               const char *label)
{
  return fs_test_find_by_label (root, GTK_TYPE_WIDGET, label);
}

/* The button around a label that reads @label. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), label) == 0)
    return gtk_widget_get_ancestor (root, GTK_TYPE_BUTTON);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* "ref-2.png,ref-1.png,…": the tray's order at a glance. */
static char *
slot_names (Fixture *f)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < fs_reference_tray_get_n_references (f->tray); i++)
    {
      if (i > 0)
        g_string_append_c (names, ',');
      g_string_append (names, fs_reference_slot_get_name (fs_reference_tray_get_slot (f->tray, i)));
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
assert_slot (Fixture    *f,
             guint       position,
             const char *name)
{
  FsReferenceSlot *slot = fs_reference_tray_get_slot (f->tray, position);
  g_autofree char *label = g_strdup_printf ("Reference image %u: %s", position + 1, name);
  g_autofree char *remove = g_strdup_printf ("Remove reference image %u", position + 1);

  g_assert_nonnull (slot);
  g_assert_cmpstr (fs_reference_slot_get_name (slot), ==, name);
  g_assert_cmpuint (fs_reference_slot_get_index (slot), ==, position + 1);
  assert_label (slot, label);
  g_assert_nonnull (find_by_label (GTK_WIDGET (slot), remove));
}

/* Tests ----------------------------------------------------------------------------- */

static void
test_accessible (Fixture       *f,
                 gconstpointer  data)
{
  assert_label (f->tray, "Reference images");
  g_assert_nonnull (find_by_label (GTK_WIDGET (f->tray), "Add reference images"));
  g_assert_cmpuint (fs_reference_tray_get_n_references (f->tray), ==, 0);
  g_assert_false (fs_reference_tray_get_busy (f->tray));
  g_assert_null (fs_reference_tray_get_problem (f->tray));
}

/* Six images on FLUX.2 [klein] 4B: four sent, two kept and marked; on
 * FLUX.2 [pro] all six are sent. */
static void
test_model_limit (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GListModel) files = make_images (6);
  g_autoptr(GPtrArray) active = NULL;
  GtkWidget *inactive;

  fs_reference_tray_set_model (f->tray, "bfl", "flux-2-klein-4b", f->catalog);
  g_assert_cmpuint (fs_reference_tray_add_files (f->tray, files), ==, 6);
  g_assert_true (fs_reference_tray_get_busy (f->tray));
  g_assert_cmpstr (fs_reference_tray_get_problem (f->tray), ==, "Preparing references…");
  wait_idle (f);

  g_assert_null (fs_reference_tray_get_problem (f->tray));
  g_assert_cmpuint (fs_reference_tray_get_n_references (f->tray), ==, 6);
  g_assert_cmpuint (fs_reference_tray_get_n_active (f->tray), ==, 4);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *name = g_strdup_printf ("ref-%u.png", i + 1);
      FsReferenceSlot *slot = fs_reference_tray_get_slot (f->tray, i);

      assert_slot (f, i, name);
      g_assert_cmpint (fs_reference_slot_get_state (slot), ==, FS_REFERENCE_SLOT_READY);
      g_assert_cmpint (fs_reference_slot_get_use (slot), ==,
                       i < 4 ? FS_REFERENCE_SLOT_SENT : FS_REFERENCE_SLOT_NOT_SENT);
    }
  g_assert_nonnull (find_by_label (GTK_WIDGET (f->tray),
                                   "Reference slot 7 not used: "
                                   "FLUX.2 [klein] 4B takes 4 references"));
  g_assert_nonnull (strstr (fs_reference_tray_get_helper_text (f->tray), "not sent"));

  active = fs_reference_tray_get_active_references (f->tray);
  g_assert_cmpuint (active->len, ==, 4);
  for (guint i = 0; i < active->len; i++)
    g_assert_true (g_ptr_array_index (active, i) ==
                   fs_reference_slot_get_reference (fs_reference_tray_get_slot (f->tray, i)));
  g_assert_cmpfloat_with_epsilon (fs_reference_tray_get_megapixels (f->tray),
                                  4 * 320 * 240 / 1e6, 1e-6);

  fs_reference_tray_set_model (f->tray, "bfl", "flux-2-pro", f->catalog);
  g_assert_cmpuint (fs_reference_tray_get_n_active (f->tray), ==, 6);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpint (fs_reference_slot_get_use (fs_reference_tray_get_slot (f->tray, i)), ==,
                     FS_REFERENCE_SLOT_SENT);
  inactive = find_by_label (GTK_WIDGET (f->tray), "Empty reference slot 7");
  g_assert_nonnull (inactive);
}

static void
test_remove_reorder (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GListModel) files = make_images (4);
  g_autofree char *names = NULL;
  FsReferenceSlot *slot;

  fs_reference_tray_set_model (f->tray, "bfl", "flux-2-pro", f->catalog);
  fs_reference_tray_add_files (f->tray, files);
  wait_idle (f);

  /* Removing image 1: everything moves up one. */
  fs_reference_tray_remove (f->tray, 0);
  g_assert_cmpuint (fs_reference_tray_get_n_references (f->tray), ==, 3);
  assert_slot (f, 0, "ref-2.png");
  assert_slot (f, 1, "ref-3.png");
  assert_slot (f, 2, "ref-4.png");

  /* Alt+→ on image 1 (its action): it becomes image 2. */
  slot = fs_reference_tray_get_slot (f->tray, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (slot), "slot.move-right", NULL));
  names = slot_names (f);
  g_assert_cmpstr (names, ==, "ref-3.png,ref-2.png,ref-4.png");
  assert_slot (f, 0, "ref-3.png");
  assert_slot (f, 1, "ref-2.png");

  /* Alt+← at the start does nothing. */
  slot = fs_reference_tray_get_slot (f->tray, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (slot), "slot.move-left", NULL));
  g_clear_pointer (&names, g_free);
  names = slot_names (f);
  g_assert_cmpstr (names, ==, "ref-3.png,ref-2.png,ref-4.png");

  /* Dragging image 3 onto image 1 (the API the drop uses). */
  fs_reference_tray_move (f->tray, 2, 0);
  g_clear_pointer (&names, g_free);
  names = slot_names (f);
  g_assert_cmpstr (names, ==, "ref-4.png,ref-3.png,ref-2.png");
  assert_slot (f, 2, "ref-2.png");

  /* The remove action (Delete on a slot, or its button). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fs_reference_tray_get_slot (f->tray, 1)),
                                             "slot.remove", NULL));
  g_clear_pointer (&names, g_free);
  names = slot_names (f);
  g_assert_cmpstr (names, ==, "ref-4.png,ref-2.png");
  assert_slot (f, 1, "ref-2.png");
}

/* A text file named .png shows why it was refused and can be removed;
 * the other images stay. While it is among the images sent, Generate
 * has a reason to wait. */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GListModel) files = make_images (2);
  g_autoptr(GFile) first = g_list_model_get_item (files, 0);
  g_autoptr(GFile) second = g_list_model_get_item (files, 1);
  g_autofree char *fake_path = g_build_filename (images_dir, "notes.png", NULL);
  g_autoptr(GFile) fake = g_file_new_for_path (fake_path);
  g_autoptr(GError) error = NULL;
  FsReferenceSlot *slot;

  g_file_set_contents (fake_path, "these are my notes, not an image\n", -1, &error);
  g_assert_no_error (error);

  fs_reference_tray_set_model (f->tray, "bfl", "flux-2-pro", f->catalog);
  fs_reference_tray_add_file (f->tray, first);
  fs_reference_tray_add_file (f->tray, fake);
  fs_reference_tray_add_file (f->tray, second);
  wait_idle (f);

  slot = fs_reference_tray_get_slot (f->tray, 1);
  g_assert_cmpint (fs_reference_slot_get_state (slot), ==, FS_REFERENCE_SLOT_FAILED);
  g_assert_nonnull (fs_reference_slot_get_message (slot));
  g_assert_nonnull (strstr (fs_reference_slot_get_message (slot), "notes.png"));
  g_test_message ("refused: %s", fs_reference_slot_get_message (slot));
  assert_slot (f, 1, "notes.png");
  g_assert_cmpint (fs_reference_slot_get_state (fs_reference_tray_get_slot (f->tray, 0)), ==,
                   FS_REFERENCE_SLOT_READY);
  g_assert_cmpint (fs_reference_slot_get_state (fs_reference_tray_get_slot (f->tray, 2)), ==,
                   FS_REFERENCE_SLOT_READY);
  g_assert_cmpstr (fs_reference_tray_get_problem (f->tray), ==,
                   "Reference image 2 cannot be used — remove it");

  fs_reference_tray_remove (f->tray, 1);
  g_assert_null (fs_reference_tray_get_problem (f->tray));
  assert_slot (f, 0, "ref-1.png");
  assert_slot (f, 1, "ref-2.png");
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fs_reference_store_save_finish (result, &error));
  g_assert_no_error (error);
  (*(guint *) user_data)--;
}

/* Keeps the active references in the reference store, as a job does,
 * and gives their sha256 and names in order. */
static void
store_active (Fixture  *f,
              GStrv    *sha256s,
              GStrv    *names)
{
  g_autoptr(GPtrArray) active = fs_reference_tray_get_active_references (f->tray);
  g_autoptr(GStrvBuilder) sha_builder = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) name_builder = g_strv_builder_new ();
  guint pending = active->len;

  for (guint i = 0; i < active->len; i++)
    {
      FsReference *reference = g_ptr_array_index (active, i);
      FsReferenceSlot *slot = fs_reference_tray_get_slot (f->tray, i);

      g_strv_builder_add (sha_builder, fs_reference_get_sha256 (reference));
      g_strv_builder_add (name_builder, fs_reference_slot_get_name (slot));
      fs_reference_store_save_async (reference, NULL, saved_cb, &pending);
    }
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);

  *sha256s = g_strv_builder_end (sha_builder);
  *names = g_strv_builder_end (name_builder);
}

/* Remix: the stored references come back in the same order, with the
 * names they had. */
/* A device, a FIFO and a folder dropped or chosen as references are
 * refused at once, saying what they are: the FIFO used to hang its slot
 * for ever, /dev/zero to exhaust memory. */
static void
test_not_files (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *fifo_path = g_build_filename (images_dir, "pipe.png", NULL);
  g_autoptr(GFile) zero = g_file_new_for_path ("/dev/zero");
  g_autoptr(GFile) fifo = g_file_new_for_path (fifo_path);
  g_autoptr(GFile) folder = g_file_new_for_path (images_dir);
  const char *expected[] = { "not a regular file", "not a regular file", "is a folder" };

  g_assert_cmpint (mkfifo (fifo_path, 0600), ==, 0);
  fs_reference_tray_set_model (f->tray, "bfl", "flux-2-pro", f->catalog);
  fs_reference_tray_add_file (f->tray, zero);
  fs_reference_tray_add_file (f->tray, fifo);
  fs_reference_tray_add_file (f->tray, folder);
  wait_idle (f);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      FsReferenceSlot *slot = fs_reference_tray_get_slot (f->tray, i);

      g_assert_cmpint (fs_reference_slot_get_state (slot), ==, FS_REFERENCE_SLOT_FAILED);
      g_test_message ("refused: %s", fs_reference_slot_get_message (slot));
      g_assert_nonnull (strstr (fs_reference_slot_get_message (slot), expected[i]));
    }
  g_assert_cmpstr (fs_reference_tray_get_problem (f->tray), ==,
                   "Reference image 1 cannot be used — remove it");
  g_unlink (fifo_path);
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GListModel) files = make_images (5);
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GPtrArray) restored = NULL;
  g_auto(GStrv) sha256s = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *order = NULL;
  g_autofree char *again = NULL;

  fs_reference_tray_set_model (f->tray, "bfl", "flux-2-pro", f->catalog);
  fs_reference_tray_add_files (f->tray, files);
  wait_idle (f);
  fs_reference_tray_move (f->tray, 4, 0);
  fs_reference_tray_move (f->tray, 2, 3);
  order = slot_names (f);
  active = fs_reference_tray_get_active_references (f->tray);
  store_active (f, &sha256s, &names);

  fs_reference_tray_clear (f->tray);
  g_assert_cmpuint (fs_reference_tray_get_n_references (f->tray), ==, 0);
  fs_reference_tray_restore (f->tray, (const char * const *) sha256s,
                             (const char * const *) names);
  g_assert_true (fs_reference_tray_get_busy (f->tray));
  wait_idle (f);

  restored = fs_reference_tray_get_active_references (f->tray);
  g_assert_cmpuint (restored->len, ==, 5);
  for (guint i = 0; i < restored->len; i++)
    {
      g_assert_cmpstr (fs_reference_get_sha256 (g_ptr_array_index (restored, i)), ==, sha256s[i]);
      assert_slot (f, i, names[i]);
    }
  again = slot_names (f);
  g_assert_cmpstr (again, ==, order);

  /* set_references() takes ready references as they are. */
  fs_reference_tray_set_references (f->tray, active);
  g_assert_false (fs_reference_tray_get_busy (f->tray));
  g_assert_cmpuint (fs_reference_tray_get_n_references (f->tray), ==, 5);
}

/* A sha256 the store does not have: the slot says so, Generate waits. */
static void
test_restore_missing (Fixture       *f,
                      gconstpointer  data)
{
  const char *sha256s[] = {
    "0000000000000000000000000000000000000000000000000000000000000000", NULL
  };

  fs_reference_tray_set_model (f->tray, "bfl", "flux-2-pro", f->catalog);
  fs_reference_tray_restore (f->tray, sha256s, NULL);
  wait_idle (f);
  g_assert_cmpint (fs_reference_slot_get_state (fs_reference_tray_get_slot (f->tray, 0)), ==,
                   FS_REFERENCE_SLOT_FAILED);
  g_assert_nonnull (fs_reference_tray_get_problem (f->tray));
}

static void
wait_for_slots (Fixture *f,
                guint    n)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (30, timed_out_cb, &timed_out);

  while (!timed_out && fs_reference_tray_get_n_references (f->tray) < n)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
  wait_idle (f);
}

/* Ctrl+V: image data, a file list; text is left to the prompt. */
static void
test_paste (Fixture       *f,
            gconstpointer  data)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (f->tray));
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 200, 150);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GListModel) files = make_images (1);
  g_autoptr(GFile) file = g_list_model_get_item (files, 0);
  FsReference *pasted;
  GdkFileList *list;

  fs_reference_tray_set_model (f->tray, "bfl", "flux-2-pro", f->catalog);

  gdk_clipboard_set_text (clipboard, "a teal teapot");
  g_assert_false (fs_reference_tray_paste (f->tray, clipboard));
  g_assert_cmpuint (fs_reference_tray_get_n_references (f->tray), ==, 0);

  gdk_pixbuf_fill (pixbuf, 0x3949abff);
  texture = gdk_texture_new_for_pixbuf (pixbuf);
  gdk_clipboard_set_texture (clipboard, texture);
  g_assert_true (fs_reference_tray_paste (f->tray, clipboard));
  wait_for_slots (f, 1);
  assert_slot (f, 0, "Pasted image.png");
  g_assert_cmpint (fs_reference_slot_get_state (fs_reference_tray_get_slot (f->tray, 0)), ==,
                   FS_REFERENCE_SLOT_READY);
  pasted = fs_reference_slot_get_reference (fs_reference_tray_get_slot (f->tray, 0));
  g_assert_cmpuint (fs_reference_get_width (pasted), ==, 200);

  list = gdk_file_list_new_from_array (&file, 1);
  gdk_clipboard_set (clipboard, GDK_TYPE_FILE_LIST, list);
  g_boxed_free (GDK_TYPE_FILE_LIST, list);
  g_assert_true (fs_reference_tray_paste (f->tray, clipboard));
  wait_for_slots (f, 2);
  assert_slot (f, 1, "ref-1.png");
}

static void
test_badge (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GListModel) files = make_images (3);
  FsReferenceSlot *slot;
  GtkWidget *badge;

  fs_reference_tray_add_files (f->tray, files);
  wait_idle (f);

  slot = fs_reference_tray_get_slot (f->tray, 2);
  badge = find_by_label (GTK_WIDGET (slot), "Insert “image 3” in the Prompt");
  g_assert_nonnull (badge);
  g_signal_emit_by_name (badge, "clicked");
  g_assert_cmpstr (f->inserted, ==, "image 3");

  fs_reference_tray_move (f->tray, 2, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (slot), "slot.insert", NULL));
  g_assert_cmpstr (f->inserted, ==, "image 1");
}

/* Nine images: the tray keeps eight and says what stayed out. */
static void
test_full (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GListModel) files = make_images (8);
  g_autofree char *path = make_image ("ninth.png", 0x000000ff);
  g_autoptr(GFile) ninth = g_file_new_for_path (path);

  g_assert_cmpuint (fs_reference_tray_add_files (f->tray, files), ==, 8);
  g_assert_cmpuint (fs_reference_tray_add_file (f->tray, ninth), ==, 0);
  g_assert_cmpuint (f->toasts->len, ==, 1);
  g_assert_cmpuint (fs_reference_tray_get_n_references (f->tray), ==, 8);
  wait_idle (f);
}

/* Kontext: one image, three more experimental; beyond that, a collage. */
static void
test_kontext (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GListModel) files = make_images (5);
  GtkWidget *combine;
  FsReference *collage;

  fs_reference_tray_set_model (f->tray, "bfl", "flux-kontext-pro", f->catalog);
  fs_reference_tray_add_files (f->tray, files);
  wait_idle (f);

  g_assert_cmpuint (fs_reference_tray_get_n_active (f->tray), ==, 4);
  g_assert_cmpint (fs_reference_slot_get_use (fs_reference_tray_get_slot (f->tray, 0)), ==,
                   FS_REFERENCE_SLOT_SENT);
  g_assert_cmpint (fs_reference_slot_get_use (fs_reference_tray_get_slot (f->tray, 1)), ==,
                   FS_REFERENCE_SLOT_EXPERIMENTAL);
  g_assert_cmpint (fs_reference_slot_get_use (fs_reference_tray_get_slot (f->tray, 4)), ==,
                   FS_REFERENCE_SLOT_NOT_SENT);

  combine = find_button (GTK_WIDGET (f->tray), "_Combine into One Image");
  g_assert_nonnull (combine);
  g_assert_true (gtk_widget_get_visible (combine));
  fs_reference_tray_combine (f->tray);
  g_assert_true (fs_reference_tray_get_busy (f->tray));
  wait_idle (f);

  g_assert_cmpuint (fs_reference_tray_get_n_references (f->tray), ==, 1);
  collage = fs_reference_slot_get_reference (fs_reference_tray_get_slot (f->tray, 0));
  g_assert_nonnull (collage);
  g_assert_cmpuint (fs_reference_get_width (collage), >, fs_reference_get_height (collage));
  g_assert_cmpstr (fs_reference_tray_get_helper_text (f->tray), ==,
                   "image 1 is a collage of ref-1.png, ref-2.png, ref-3.png, ref-4.png, ref-5.png");
  g_assert_false (gtk_widget_get_visible (combine));

  /* On APIYI, Kontext takes exactly one. */
  fs_reference_tray_set_model (f->tray, "apiyi", "flux-kontext-pro", f->catalog);
  g_assert_cmpuint (fs_reference_tray_get_n_active (f->tray), ==, 1);
}

static void
test_no_references (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GListModel) files = make_images (1);

  fs_reference_tray_set_model (f->tray, "monica", "flux_pro", f->catalog);
  fs_reference_tray_add_files (f->tray, files);
  wait_idle (f);
  g_assert_cmpuint (fs_reference_tray_get_n_active (f->tray), ==, 0);
  g_assert_cmpint (fs_reference_slot_get_use (fs_reference_tray_get_slot (f->tray, 0)), ==,
                   FS_REFERENCE_SLOT_NOT_SENT);
  g_assert_null (fs_reference_tray_get_problem (f->tray));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache = NULL;
  int status;

  /* Prepared references are cached and stored under these: throwaway
   * ones, set before GLib reads them. */
  home = fs_test_make_dir ("fs-test-reference-tray-XXXXXX");
  cache = g_build_filename (home, "cache", NULL);
  images_dir = g_build_filename (home, "images", NULL);
  g_mkdir_with_parents (images_dir, 0700);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/reference-tray/accessible", test_accessible);
  ADD ("/reference-tray/model-limit", test_model_limit);
  ADD ("/reference-tray/remove-reorder", test_remove_reorder);
  ADD ("/reference-tray/refused", test_refused);
  ADD ("/reference-tray/not-files", test_not_files);
  ADD ("/reference-tray/restore", test_restore);
  ADD ("/reference-tray/restore-missing", test_restore_missing);
  ADD ("/reference-tray/paste", test_paste);
  ADD ("/reference-tray/badge", test_badge);
  ADD ("/reference-tray/full", test_full);
  ADD ("/reference-tray/kontext", test_kontext);
  ADD ("/reference-tray/no-references", test_no_references);
#undef ADD

  status = g_test_run ();
  fs_test_remove_dir (home);
  g_free (home);
  g_free (images_dir);
  return status;
}
