/* test-palette-bar.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "fs-colour-chooser.h"
#include "fs-palette-bar.h"
#include "fs-palette-manager.h"
#include "fs-prompt-editor.h"
#include "fs-test-ui-util.h"

/* The palette bar under the prompt, on a real palette store over a
 * throwaway folder: a swatch click puts its code at the prompt's cursor
 * (a phrase with Shift or the setting; into "color_palette" in JSON
 * mode), a .gpl file written into the folder shows its swatches (the
 * store's file monitor), and the hex entry of "Add Colour" takes and
 * refuses what it should, saying so to assistive technologies. */

#define BRAND_GPL \
  "GIMP Palette\n" \
  "Name: Brand\n" \
  "Columns: 3\n" \
  "#\n" \
  "  2 235  60\n" \
  "255   0 136\tHot Magenta\n" \
  " 30 136 229\n"

typedef struct
{
  char           *dir;
  GFile          *folder;
  FsPaletteStore *store;
  GtkWidget      *window;
  FsPromptEditor *editor;
  FsPaletteBar   *bar;
  GPtrArray      *toasts;
} Fixture;

static void
write_palette (Fixture    *f,
               const char *name,
               const char *contents)
{
  g_autofree char *path = g_build_filename (f->dir, "palettes", name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
load_store (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  f->store = fs_palette_store_new (f->folder);
  fs_palette_store_load_async (f->store, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_palette_store_load_finish (f->store, fs_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

static void
toast_cb (FsPaletteBar *bar,
          const char   *message,
          Fixture      *f)
{
  g_ptr_array_add (f->toasts, g_strdup (message));
}

static void
set_up (Fixture       *f,
        gconstpointer  with_brand)
{
  g_autofree char *palettes = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  f->dir = fs_test_make_dir ("fs-test-palette-bar-XXXXXX");
  palettes = g_build_filename (f->dir, "palettes", NULL);
  g_assert_cmpint (g_mkdir_with_parents (palettes, 0700), ==, 0);
  f->folder = g_file_new_for_path (palettes);
  f->toasts = g_ptr_array_new_with_free_func (g_free);
  if (with_brand != NULL)
    write_palette (f, "brand.gpl", BRAND_GPL);
  load_store (f);

  f->editor = FS_PROMPT_EDITOR (fs_prompt_editor_new ());
  f->bar = FS_PALETTE_BAR (fs_palette_bar_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->editor));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->bar));
  fs_palette_bar_set_prompt_editor (f->bar, f->editor);
  fs_palette_bar_set_store (f->bar, f->store);
  g_signal_connect (f->bar, "toast", G_CALLBACK (toast_cb), f);

  f->window = fs_test_present_window (box, 800, 300);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_clear_pointer ((GtkWindow **) &f->window, gtk_window_destroy);
  g_clear_object (&f->store);
  g_clear_object (&f->folder);
  g_ptr_array_unref (f->toasts);
  fs_test_remove_dir (f->dir);
  g_free (f->dir);
}

/* Widgets ---------------------------------------------------------------------------- */

static gboolean
has_label (GtkWidget  *widget,
           const char *label)
{
  g_autofree char *error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                               GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                               label);

  return error == NULL;
}

static guint
count_swatches (GtkWidget *root)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) && gtk_widget_has_css_class (child, "fs-swatch-button"))
        n++;
      n += count_swatches (child);
    }

  return n;
}

static GtkTextView *
text_view_of (FsPromptEditor *editor)
{
  GtkWidget *widget = GTK_WIDGET (editor);

  while (widget != NULL && !GTK_IS_TEXT_VIEW (widget))
    {
      GtkWidget *next = gtk_widget_get_first_child (widget);

      /* The text view sits in the first branch (overlay, scroller). */
      widget = next;
    }

  g_assert_nonnull (widget);
  return GTK_TEXT_VIEW (widget);
}

static void
set_prompt (Fixture    *f,
            const char *text,
            int         cursor)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view_of (f->editor));
  GtkTextIter iter;

  fs_prompt_editor_set_text (f->editor, text);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, cursor);
  gtk_text_buffer_place_cursor (buffer, &iter);
}

static int
cursor_offset (Fixture *f)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view_of (f->editor));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  return gtk_text_iter_get_offset (&iter);
}

static GtkWidget *
swatch (Fixture    *f,
        const char *label)
{
  GtkWidget *button = fs_test_find_by_label (GTK_WIDGET (f->bar), GTK_TYPE_BUTTON, label);

  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, label);
  return button;
}

/* What a pointer click does; gtk_widget_activate() only clicks after a
 * quarter-second press animation. */
static void
click (GtkWidget *button)
{
  g_signal_emit_by_name (button, "clicked");
}

static void
select_range (Fixture *f,
              int      start,
              int      end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view_of (f->editor));
  GtkTextIter from;
  GtkTextIter to;

  gtk_text_buffer_get_iter_at_offset (buffer, &from, start);
  gtk_text_buffer_get_iter_at_offset (buffer, &to, end);
  gtk_text_buffer_select_range (buffer, &from, &to);
}

/* Tests ------------------------------------------------------------------------------ */

static void
test_bar_names (Fixture       *f,
                gconstpointer  data)
{
  g_assert_true (has_label (GTK_WIDGET (f->bar), "Palette"));
  g_assert_true (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (f->bar)) ==
                 GTK_ACCESSIBLE_ROLE_TOOLBAR);
  g_assert_nonnull (fs_test_find_by_label (GTK_WIDGET (f->bar), GTK_TYPE_BUTTON, "Add colour"));
  g_assert_cmpstr (fs_palette_bar_get_active_palette (f->bar), ==, "Brand");
  g_assert_cmpuint (count_swatches (GTK_WIDGET (f->bar)), ==, 3);

  /* A swatch's own name is in its label; a nameless one has none. */
  swatch (f, "Insert #ff0088 (Hot Magenta)");
  swatch (f, "Insert #02eb3c");
}

static GtkWidget *
green_swatch (Fixture *f)
{
  return swatch (f, "Insert #02eb3c");
}

static void
test_click_inserts_at_cursor (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  g_autofree char *end = NULL;

  /* "a logo in | on white": the code goes at the cursor, spaced off
   * from the next word, and the cursor stays right after it. */
  set_prompt (f, "a logo in on white", 10);
  click (green_swatch (f));
  text = fs_prompt_editor_dup_text (f->editor);
  g_assert_cmpstr (text, ==, "a logo in #02eb3c on white");
  g_assert_cmpint (cursor_offset (f), ==, 17);

  /* Touching a word before it, it gets a space there too. */
  set_prompt (f, "green:", 6);
  click (green_swatch (f));
  again = fs_prompt_editor_dup_text (f->editor);
  g_assert_cmpstr (again, ==, "green: #02eb3c");
  g_assert_cmpint (cursor_offset (f), ==, 14);

  /* A selection is replaced. */
  set_prompt (f, "a logo in red", 10);
  select_range (f, 10, 13);
  click (swatch (f, "Insert #ff0088 (Hot Magenta)"));
  end = fs_prompt_editor_dup_text (f->editor);
  g_assert_cmpstr (end, ==, "a logo in #ff0088");
}

/* Shift-click: the bar reads Shift when the click comes, then inserts as
 * palette.insert-phrase does (the swatch menu's "Insert as “color …”").
 * A widget test cannot hold Shift down; the end-to-end test does, through
 * XTest. The setting makes every click a phrase. */
static void
test_phrase (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *shifted = NULL;
  g_autofree char *setting = NULL;

  set_prompt (f, "a logo in ", 10);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->bar), "palette.insert-phrase", "s",
                                             "#02eb3c"));
  shifted = fs_prompt_editor_dup_text (f->editor);
  g_assert_cmpstr (shifted, ==, "a logo in color #02eb3c");
  g_assert_cmpint (cursor_offset (f), ==, 23);

  fs_palette_bar_set_insert_phrase (f->bar, TRUE);
  set_prompt (f, "stripes of ", 11);
  click (green_swatch (f));
  setting = fs_prompt_editor_dup_text (f->editor);
  g_assert_cmpstr (setting, ==, "stripes of color #02eb3c");
}

static JsonArray *
palette_of (JsonNode *root)
{
  JsonObject *object;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_true (json_object_has_member (object, "color_palette"));
  return json_object_get_array_member (object, "color_palette");
}

static JsonNode *
parse_prompt (Fixture *f)
{
  g_autofree char *text = fs_prompt_editor_dup_text (f->editor);
  g_autoptr(GError) error = NULL;
  JsonNode *root = json_from_string (text, &error);

  g_assert_no_error (error);
  return root;
}

static void
test_json_mode (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) empty = NULL;
  JsonArray *palette;

  fs_prompt_editor_set_json_mode (f->editor, TRUE);
  set_prompt (f, "{\n  \"scene\": \"a logo on white\",\n  \"color_palette\": [\"#FF0088\"]\n}", 5);
  click (green_swatch (f));
  first = parse_prompt (f);
  palette = palette_of (first);
  g_assert_cmpuint (json_array_get_length (palette), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (palette, 0), ==, "#FF0088");
  g_assert_cmpstr (json_array_get_string_element (palette, 1), ==, "#02eb3c");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (first), "scene"), ==,
                   "a logo on white");

  /* Once only, whatever its case; Shift makes no phrase in JSON. */
  click (swatch (f, "Insert #ff0088 (Hot Magenta)"));
  gtk_widget_activate_action (GTK_WIDGET (f->bar), "palette.insert-phrase", "s", "#02eb3c");
  second = parse_prompt (f);
  g_assert_cmpuint (json_array_get_length (palette_of (second)), ==, 2);

  /* An empty JSON prompt becomes an object with the palette. */
  set_prompt (f, "", 0);
  click (green_swatch (f));
  empty = parse_prompt (f);
  g_assert_cmpuint (json_array_get_length (palette_of (empty)), ==, 1);
}

static gboolean
shows_swatches (gpointer data)
{
  Fixture *f = data;

  return count_swatches (GTK_WIDGET (f->bar)) == 2;
}

static void
test_file_monitor (Fixture       *f,
                   gconstpointer  data)
{
  /* No palette yet: the bar says how to start. */
  g_assert_cmpuint (count_swatches (GTK_WIDGET (f->bar)), ==, 0);
  g_assert_null (fs_palette_bar_get_palette (f->bar));

  write_palette (f, "autumn.gpl",
                 "GIMP Palette\nName: Autumn\n#\n217  72  15\tRust\n 51 102  51\tMoss\n");
  g_assert_true (fs_test_wait_for (shows_swatches, f, 10));
  g_assert_cmpstr (fs_palette_bar_get_active_palette (f->bar), ==, "Autumn");
  swatch (f, "Insert #d9480f (Rust)");
  swatch (f, "Insert #336633 (Moss)");
}

static gboolean
has_n_swatches (gpointer data)
{
  Fixture *f = data;

  return f->toasts->len > 0 && count_swatches (GTK_WIDGET (f->bar)) == 4;
}

static void
test_add_colour (Fixture       *f,
                 gconstpointer  data)
{
  const char *codes[] = { "#1e88e5", "#123456", NULL };
  g_autofree char *saved = NULL;
  g_autofree char *path = g_build_filename (f->dir, "palettes", "brand.gpl", NULL);

  /* #1e88e5 is there already; only #123456 is new, and it is saved. */
  fs_palette_bar_add_colours (f->bar, codes, NULL);
  g_assert_true (fs_test_wait_for (has_n_swatches, f, 10));
  g_assert_cmpstr (g_ptr_array_index (f->toasts, 0), ==, "Added 1 colour to “Brand”");
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, " 18  52  86"));
}

/* The palette manager ---------------------------------------------------------------- */

static AdwMessageDialog *
find_dialog (void)
{
  return ADW_MESSAGE_DIALOG (fs_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

static GtkWidget *
find_entry (GtkWidget *root)
{
  return fs_test_find_type (root, GTK_TYPE_ENTRY);
}

static guint
n_palettes (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (f->store));
}

static gboolean
two_palettes (gpointer data)
{
  return n_palettes (data) == 2;
}

/* The store's folder watch may list the folder between the rename's
 * writes; what counts is one palette left and its file gone. */
static gboolean
brand_deleted (gpointer data)
{
  Fixture *f = data;
  g_autofree char *path = g_build_filename (f->dir, "palettes", "brand.gpl", NULL);

  return n_palettes (f) == 1 && !g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
renamed (gpointer data)
{
  Fixture *f = data;

  return fs_palette_store_find (f->store, "Brand 2026") != NULL;
}

static GFile *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return g_file_new_for_path (path);
}

static void
answer (const char *response,
        const char *text)
{
  AdwMessageDialog *dialog = find_dialog ();

  g_assert_nonnull (dialog);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (find_entry (GTK_WIDGET (dialog))), text);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A malformed file is refused with the parser's words and nothing is
 * kept; a CSS file with hex codes becomes a palette; rename and delete
 * go through their dialogs and reach the folder. */
static void
test_manager (Fixture       *f,
              gconstpointer  data)
{
  GtkWidget *manager = fs_palette_manager_new (GTK_WINDOW (f->window), f->store);
  g_autoptr(GFile) bad = write_file (f, "bad.gpl", "GIMP Palette\nName: Bad\n#\n  2 235\n");
  g_autoptr(GFile) css = write_file (f, "site.css",
                                     ":root { --ink: #121212; --accent: #02EB3C; }\n");
  AdwMessageDialog *dialog;
  g_autoptr(FsPalette) imported = NULL;
  g_autoptr(FsPalette) left = NULL;

  gtk_window_present (GTK_WINDOW (manager));

  fs_palette_manager_import (FS_PALETTE_MANAGER (manager), bad);
  g_assert_true (fs_test_wait_for (dialog_shown, NULL, 10));
  dialog = find_dialog ();
  g_test_message ("%s — %s", adw_message_dialog_get_heading (dialog),
                  adw_message_dialog_get_body (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Could Not Import the Palette");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "bad.gpl"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "line 4: "));
  g_assert_cmpuint (n_palettes (f), ==, 1);
  gtk_window_destroy (GTK_WINDOW (dialog));

  fs_palette_manager_import (FS_PALETTE_MANAGER (manager), css);
  g_assert_true (fs_test_wait_for (two_palettes, f, 10));

  /* A name another palette has is refused before it is sent. */
  imported = g_list_model_get_item (G_LIST_MODEL (f->store), 1);
  g_assert_cmpuint (fs_palette_get_n_swatches (imported), ==, 2);
  g_assert_true (gtk_widget_activate_action (manager, "manager.rename", "u", 0));
  gtk_editable_set_text (GTK_EDITABLE (find_entry (GTK_WIDGET (find_dialog ()))),
                         fs_palette_get_name (imported));
  g_assert_false (adw_message_dialog_get_response_enabled (find_dialog (), "ok"));
  answer ("ok", "Brand 2026");
  g_assert_true (fs_test_wait_for (renamed, f, 10));
  g_assert_cmpstr (fs_palette_bar_get_active_palette (f->bar), ==, "Brand 2026");

  g_assert_true (gtk_widget_activate_action (manager, "manager.delete", "u", 0));
  answer ("delete", NULL);
  g_assert_true (fs_test_wait_for (brand_deleted, f, 10));
  left = g_list_model_get_item (G_LIST_MODEL (f->store), 0);
  g_assert_cmpstr (fs_palette_get_name (left), ==, fs_palette_get_name (imported));

  gtk_window_destroy (GTK_WINDOW (manager));
}

/* The hex entry ------------------------------------------------------------------------ */

static gboolean
is_invalid (GtkWidget *entry)
{
  g_autofree char *error = gtk_test_accessible_check_state (GTK_ACCESSIBLE (entry),
                                                            GTK_ACCESSIBLE_STATE_INVALID,
                                                            GTK_ACCESSIBLE_INVALID_TRUE);

  return error == NULL;
}

/* Blank is not wrong, only empty: neither refused nor accepted. */
static void
check_entry (FsColourChooser *chooser,
             const char      *text,
             const char      *hex)
{
  GtkWidget *entry = fs_colour_chooser_get_entry (chooser);
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  fs_colour_chooser_set_text (chooser, text);
  g_assert_cmpstr (fs_colour_chooser_get_hex (chooser), ==, hex);
  if (hex == NULL && stripped[0] != '\0')
    {
      g_assert_true (gtk_widget_has_css_class (entry, "error"));
      g_assert_true (is_invalid (entry));
    }
  else
    {
      g_assert_false (gtk_widget_has_css_class (entry, "error"));
      g_assert_false (is_invalid (entry));
    }
}

static void
chosen_cb (FsColourChooser *chooser,
           const char      *hex,
           const char      *name,
           gboolean         insert,
           char           **out)
{
  *out = g_strdup_printf ("%s %s %d", hex, name != NULL ? name : "-", insert);
}

static void
test_hex_entry (void)
{
  GtkWidget *window = gtk_window_new ();
  FsColourChooser *chooser = FS_COLOUR_CHOOSER (fs_colour_chooser_new (GTK_WINDOW (window),
                                                                       "Brand"));
  g_autofree char *chosen = NULL;

  g_assert_true (has_label (fs_colour_chooser_get_entry (chooser), "Hex code"));
  check_entry (chooser, "", NULL);
  check_entry (chooser, "#02eb3c", "#02eb3c");
  check_entry (chooser, "#0E3", "#00ee33");
  check_entry (chooser, "02EB3C", "#02eb3c");
  check_entry (chooser, "rgb(2, 235, 60)", "#02eb3c");
  check_entry (chooser, "rgb(2 235 60)", "#02eb3c");
  check_entry (chooser, "  Our green is #02EB3C, always.\n", "#02eb3c");
  check_entry (chooser, "#02eb3", NULL);
  check_entry (chooser, "green", NULL);
  check_entry (chooser, "#gg0000", NULL);
  check_entry (chooser, "rgb(300, 0, 0)", NULL);
  check_entry (chooser, "#02eb3cff", NULL);
  check_entry (chooser, "   ", NULL);

  /* Enter adds the valid colour. */
  g_signal_connect (chooser, "chosen", G_CALLBACK (chosen_cb), &chosen);
  check_entry (chooser, "#1e88e5", "#1e88e5");
  g_signal_emit_by_name (fs_colour_chooser_get_entry (chooser), "activate");
  g_assert_cmpstr (chosen, ==, "#1e88e5 - 0");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = fs_test_make_dir ("fs-test-palette-bar-home-XXXXXX");
  int status;

  /* Deleted palettes go to a throwaway Trash. */
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/palette-bar/names", Fixture, "brand", set_up, test_bar_names, tear_down);
  g_test_add ("/palette-bar/click-inserts-at-cursor", Fixture, "brand", set_up,
              test_click_inserts_at_cursor, tear_down);
  g_test_add ("/palette-bar/phrase", Fixture, "brand", set_up, test_phrase, tear_down);
  g_test_add ("/palette-bar/json-mode", Fixture, "brand", set_up, test_json_mode, tear_down);
  g_test_add ("/palette-bar/file-monitor", Fixture, NULL, set_up, test_file_monitor, tear_down);
  g_test_add ("/palette-bar/add-colour", Fixture, "brand", set_up, test_add_colour, tear_down);
  g_test_add ("/palette-bar/manager", Fixture, "brand", set_up, test_manager, tear_down);
  g_test_add_func ("/palette-bar/hex-entry", test_hex_entry);

  status = g_test_run ();
  fs_test_remove_dir (home);
  return status;
}
