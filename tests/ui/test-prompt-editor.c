/* test-prompt-editor.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "fs-prompt-editor.h"
#include "fs-test-ui-util.h"

typedef struct
{
  GType       type;
  const char *label;
} Wanted;

/* Of @type and, with a label, a label containing it or a button with it. */
static gboolean
is_wanted (GtkWidget     *widget,
           gconstpointer  data)
{
  const Wanted *wanted = data;

  if (!G_TYPE_CHECK_INSTANCE_TYPE (widget, wanted->type))
    return FALSE;
  if (wanted->label == NULL)
    return TRUE;
  if (GTK_IS_LABEL (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), wanted->label) != NULL)
    return TRUE;
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), wanted->label) == 0;
}

static GtkWidget *
find_descendant (GtkWidget  *widget,
                 GType       type,
                 const char *label)
{
  Wanted wanted = { type, label };

  return fs_test_find_widget (widget, is_wanted, &wanted);
}

static FsPromptEditor *
editor_new (void)
{
  GtkWidget *editor = fs_prompt_editor_new ();

  g_object_ref_sink (editor);
  return FS_PROMPT_EDITOR (editor);
}

static GtkTextBuffer *
editor_buffer (FsPromptEditor *editor)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_descendant (GTK_WIDGET (editor),
                                                                   GTK_TYPE_TEXT_VIEW, NULL)));
}

static GtkTextTag *
tag_at (FsPromptEditor *editor,
        const char     *needle,
        const char     *prefix)
{
  GtkTextBuffer *buffer = editor_buffer (editor);
  g_autofree char *text = fs_prompt_editor_dup_text (editor);
  const char *found = strstr (text, needle);
  g_autoptr(GSList) tags = NULL;
  GtkTextIter iter;

  g_assert_nonnull (found);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, g_utf8_pointer_to_offset (text, found));
  tags = gtk_text_iter_get_tags (&iter);
  for (GSList *l = tags; l != NULL; l = l->next)
    {
      g_autofree char *name = NULL;

      g_object_get (l->data, "name", &name, NULL);
      if (name != NULL && g_str_has_prefix (name, prefix))
        return l->data;
    }

  return NULL;
}

static void
assert_background (GtkTextTag *tag,
                   guint8      r,
                   guint8      g,
                   guint8      b)
{
  GdkRGBA *rgba = NULL;

  g_assert_nonnull (tag);
  g_object_get (tag, "background-rgba", &rgba, NULL);
  g_assert_cmpint ((int) (rgba->red * 255 + 0.5), ==, r);
  g_assert_cmpint ((int) (rgba->green * 255 + 0.5), ==, g);
  g_assert_cmpint ((int) (rgba->blue * 255 + 0.5), ==, b);
  gdk_rgba_free (rgba);
}

static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
test_hex_chips (void)
{
  g_autoptr(FsPromptEditor) editor = editor_new ();
  GtkTextIter end;

  fs_prompt_editor_set_text (editor,
                             "a logo in #1e88e5 and #0e3 on white # not a comment, abc#123");
  assert_background (tag_at (editor, "#1e88e5", "fs-hex-"), 0x1e, 0x88, 0xe5);
  assert_background (tag_at (editor, "88e5", "fs-hex-"), 0x1e, 0x88, 0xe5);
  assert_background (tag_at (editor, "#0e3", "fs-hex-"), 0x00, 0xee, 0x33);
  g_assert_null (tag_at (editor, "# not", "fs-hex-"));
  g_assert_null (tag_at (editor, "not a comment", "fs-"));
  g_assert_null (tag_at (editor, "#123", "fs-hex-"));

  /* Typing is highlighted after a short pause. */
  gtk_text_buffer_get_end_iter (editor_buffer (editor), &end);
  gtk_text_buffer_insert (editor_buffer (editor), &end, "\nand #ff0088 too", -1);
  wait_ms (400);
  assert_background (tag_at (editor, "#ff0088", "fs-hex-"), 0xff, 0x00, 0x88);

  /* Deleting a code's digit removes its chip. */
  {
    g_autofree char *text = fs_prompt_editor_dup_text (editor);
    GtkTextIter start;
    GtkTextIter stop;
    glong offset = g_utf8_pointer_to_offset (text, strstr (text, "ff0088"));

    gtk_text_buffer_get_iter_at_offset (editor_buffer (editor), &start, offset);
    gtk_text_buffer_get_iter_at_offset (editor_buffer (editor), &stop, offset + 1);
    gtk_text_buffer_delete (editor_buffer (editor), &start, &stop);
    wait_ms (400);
    g_assert_null (tag_at (editor, "#f0088", "fs-hex-"));
  }
}

static void
test_image_refs (void)
{
  g_autoptr(FsPromptEditor) editor = editor_new ();

  fs_prompt_editor_set_text (editor, "the person from image 1 in the scene of Image 2");
  g_assert_nonnull (tag_at (editor, "image 1", "fs-image-ref"));
  g_assert_nonnull (tag_at (editor, "Image 2", "fs-image-ref"));
  g_assert_null (tag_at (editor, "person", "fs-image-ref"));
}

static void
test_char_count (void)
{
  g_autoptr(FsPromptEditor) editor = editor_new ();
  g_autofree char *long_prompt = g_strnfill (4001, 'a');
  GtkWidget *count;

  fs_prompt_editor_set_text (editor, "héllo");
  g_assert_nonnull (find_descendant (GTK_WIDGET (editor), GTK_TYPE_LABEL, "5 characters"));

  fs_prompt_editor_set_max_chars (editor, 4000);
  count = find_descendant (GTK_WIDGET (editor), GTK_TYPE_LABEL, "5 / 4000");
  g_assert_nonnull (count);
  g_assert_false (gtk_widget_has_css_class (count, "error"));

  fs_prompt_editor_set_text (editor, long_prompt);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "4001 / 4000");
  g_assert_true (gtk_widget_has_css_class (count, "error"));

  fs_prompt_editor_set_max_chars (editor, 0);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "4001 characters");
}

static void
test_json_mode (void)
{
  g_autoptr(FsPromptEditor) editor = editor_new ();
  g_autofree char *pretty = NULL;
  GtkWidget *button;
  GtkWidget *status;

  fs_prompt_editor_set_json_mode (editor, TRUE);
  g_assert_true (fs_prompt_editor_get_json_mode (editor));
  fs_prompt_editor_set_text (editor, "{\"scene\": \"a lighthouse\",}");
  wait_ms (600);
  status = fs_test_find_with_class (GTK_WIDGET (editor), "error");
  g_assert_true (GTK_IS_LABEL (status));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), !=, "");

  fs_prompt_editor_set_text (editor, "{\"scene\":\"a lighthouse\",\"colors\":[\"#1e88e5\"]}");
  wait_ms (600);
  g_assert_nonnull (find_descendant (GTK_WIDGET (editor), GTK_TYPE_LABEL, "Valid JSON"));

  button = find_descendant (GTK_WIDGET (editor), GTK_TYPE_BUTTON, "Pretty-print");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_signal_emit_by_name (button, "clicked");
  pretty = fs_prompt_editor_dup_text (editor);
  g_assert_nonnull (strstr (pretty, "{\n  \"scene\" : \"a lighthouse\",\n"
                                   "  \"colors\" : [\n    \"#1e88e5\"\n  ]\n}"));
  /* The colour in the JSON is still a chip. */
  assert_background (tag_at (editor, "#1e88e5", "fs-hex-"), 0x1e, 0x88, 0xe5);

  fs_prompt_editor_set_json_mode (editor, FALSE);
  g_assert_false (gtk_widget_get_visible (button));
}

/* A JSON prompt nested far too deep is reported as invalid JSON, on
 * checking and on pretty-printing, instead of crashing the window. */
static void
test_json_mode_deep (void)
{
  g_autoptr(FsPromptEditor) editor = editor_new ();
  g_autofree char *deep = fs_test_nested_json (80000);
  g_autofree char *text = NULL;
  GtkWidget *button;
  GtkWidget *status;

  fs_prompt_editor_set_json_mode (editor, TRUE);
  fs_prompt_editor_set_text (editor, deep);
  wait_ms (600);
  status = fs_test_find_with_class (GTK_WIDGET (editor), "error");
  g_assert_true (GTK_IS_LABEL (status));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "nested more than 64"));

  button = find_descendant (GTK_WIDGET (editor), GTK_TYPE_BUTTON, "Pretty-print");
  g_signal_emit_by_name (button, "clicked");
  text = fs_prompt_editor_dup_text (editor);
  g_assert_cmpstr (text, ==, deep);
  g_assert_true (gtk_widget_has_css_class (status, "error"));
}

/* Runs the editor's own shortcut for @trigger, as the key would. */
static gboolean
press (FsPromptEditor *editor,
       const char     *trigger)
{
  GtkWidget *view = find_descendant (GTK_WIDGET (editor), GTK_TYPE_TEXT_VIEW, NULL);

  return fs_test_activate_shortcut (view, trigger);
}

static void
assert_text (FsPromptEditor *editor,
             const char     *expected)
{
  g_autofree char *text = fs_prompt_editor_dup_text (editor);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_history_cycling (void)
{
  g_autoptr(FsPromptEditor) editor = editor_new ();
  const char * const history[] = { "third", "second #1e88e5", "first", NULL };

  fs_prompt_editor_set_history (editor, history);
  fs_prompt_editor_set_text (editor, "my draft");

  press (editor, "<Control>Up");
  assert_text (editor, "third");
  press (editor, "<Control>Up");
  assert_text (editor, "second #1e88e5");
  assert_background (tag_at (editor, "#1e88e5", "fs-hex-"), 0x1e, 0x88, 0xe5);
  press (editor, "<Control>Up");
  press (editor, "<Control>Up");
  assert_text (editor, "first");
  press (editor, "<Control>Down");
  assert_text (editor, "second #1e88e5");
  press (editor, "<Control>Down");
  press (editor, "<Control>Down");
  assert_text (editor, "my draft");
}

static void
test_history_search (void)
{
  g_autoptr(FsPromptEditor) editor = editor_new ();
  const char * const history[] = { "a red fox", "a blue whale", "a red barn", NULL };
  GtkWidget *search;
  GtkWidget *list;
  GtkWidget *chosen = NULL;
  guint n_visible = 0;

  fs_prompt_editor_set_history (editor, history);
  search = find_descendant (GTK_WIDGET (editor), GTK_TYPE_SEARCH_ENTRY, NULL);
  list = find_descendant (GTK_WIDGET (editor), GTK_TYPE_LIST_BOX, NULL);
  g_assert_nonnull (search);
  g_assert_nonnull (list);

  gtk_editable_set_text (GTK_EDITABLE (search), "RED");
  wait_ms (500);
  for (GtkWidget *row = gtk_widget_get_first_child (list);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (gtk_widget_get_child_visible (row))
      {
        n_visible++;
        chosen = row;
      }
  g_assert_cmpuint (n_visible, ==, 2);

  g_signal_emit_by_name (list, "row-activated", chosen);
  assert_text (editor, "a red barn");
}

static void
count_cb (FsPromptEditor *editor,
          guint          *count)
{
  (*count)++;
}

static void
test_activate (void)
{
  g_autoptr(FsPromptEditor) editor = editor_new ();
  guint activated = 0;
  guint changed = 0;

  g_signal_connect (editor, "activate", G_CALLBACK (count_cb), &activated);
  g_signal_connect (editor, "changed", G_CALLBACK (count_cb), &changed);
  fs_prompt_editor_set_text (editor, "x");
  g_assert_cmpuint (changed, >, 0);
  g_assert_true (press (editor, "<Control>Return"));
  g_assert_cmpuint (activated, ==, 1);
  assert_text (editor, "x");
}

/* A 128,000-character prompt: loading it highlights everything once;
 * an edit re-highlights only its own line. */
static void
test_long_prompt (void)
{
  g_autoptr(FsPromptEditor) editor = editor_new ();
  g_autoptr(GString) prompt = g_string_new (NULL);
  GtkTextIter iter;
  gint64 start;
  gint64 load_us;
  gint64 edit_us;

  while (prompt->len < 128000)
    g_string_append (prompt, "A poster in #ff0088 and #02eb3c, the dog from image 1, bold type.\n");

  start = g_get_monotonic_time ();
  fs_prompt_editor_set_text (FS_PROMPT_EDITOR (editor), prompt->str);
  load_us = g_get_monotonic_time () - start;

  gtk_text_buffer_get_iter_at_offset (editor_buffer (editor), &iter, 64000);
  start = g_get_monotonic_time ();
  gtk_text_buffer_insert (editor_buffer (editor), &iter, "x", -1);
  edit_us = g_get_monotonic_time () - start;
  wait_ms (300);

  g_test_message ("128k prompt: load and highlight %" G_GINT64_FORMAT " ms, "
                  "one keystroke %" G_GINT64_FORMAT " µs", load_us / 1000, edit_us);
  g_assert_cmpint (edit_us, <, 20000);
  assert_background (tag_at (editor, "#02eb3c", "fs-hex-"), 0x02, 0xeb, 0x3c);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/prompt-editor/hex-chips", test_hex_chips);
  g_test_add_func ("/prompt-editor/image-refs", test_image_refs);
  g_test_add_func ("/prompt-editor/char-count", test_char_count);
  g_test_add_func ("/prompt-editor/json-mode", test_json_mode);
  g_test_add_func ("/prompt-editor/json-mode-deep", test_json_mode_deep);
  g_test_add_func ("/prompt-editor/history-cycling", test_history_cycling);
  g_test_add_func ("/prompt-editor/history-search", test_history_search);
  g_test_add_func ("/prompt-editor/activate", test_activate);
  g_test_add_func ("/prompt-editor/long-prompt", test_long_prompt);

  return g_test_run ();
}
