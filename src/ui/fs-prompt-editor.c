/* fs-prompt-editor.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "fs-colour.h"
#include "fs-prompt.h"
#include "fs-json.h"
#include "fs-prompt-editor.h"
#include "fs-ui.h"

/* Highlighting waits for a pause in typing, and then only looks at the
 * lines that changed, so a 128,000-character prompt never lags. */
#define HIGHLIGHT_DELAY_MS 100
#define JSON_CHECK_DELAY_MS 300
#define HISTORY_MAX_ROWS 200

#define IMAGE_REF_TAG "fs-image-ref"
#define HEX_TAG_PREFIX "fs-hex-"

struct _FsPromptEditor
{
  GtkWidget       parent_instance;

  GtkWidget      *overlay;
  GtkWidget      *scroller;
  GtkWidget      *text_view;
  GtkTextBuffer  *buffer;
  GtkWidget      *placeholder;
  GtkWidget      *json_toggle;
  GtkWidget      *pretty_button;
  GtkWidget      *json_status;
  GtkWidget      *count_label;
  GtkWidget      *history_button;
  GtkWidget      *history_popover;
  GtkWidget      *history_search;
  GtkWidget      *history_stack;
  GtkWidget      *history_list;

  GtkTextMark    *dirty_start;  /* NULL when nothing waits for highlighting */
  GtkTextMark    *dirty_end;
  guint           highlight_id;
  guint           json_check_id;

  guint           max_chars;
  gboolean        json_mode;

  GStrv           history;      /* newest first */
  int             history_index; /* -1: the text being written */
  char           *draft;        /* that text, while browsing history */
  char           *needle;       /* the history search, casefolded */
  guint           browsing;     /* >0 while history replaces the text */
};

G_DEFINE_FINAL_TYPE (FsPromptEditor, fs_prompt_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_JSON_MODE,
  N_PROPS
};

enum {
  ACTIVATE,
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Highlighting ----------------------------------------------------------- */

static gboolean
is_dark (FsPromptEditor *self)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

/* A colour chip: the code on its own colour, in black or white,
 * whichever reads better on it. */
static GtkTextTag *
hex_tag (FsPromptEditor *self,
         guint8          r,
         guint8          g,
         guint8          b)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (self->buffer);
  g_autofree char *name = g_strdup_printf (HEX_TAG_PREFIX "%02x%02x%02x", r, g, b);
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, name);
  GdkRGBA background = { r / 255.0f, g / 255.0f, b / 255.0f, 1.0f };
  GdkRGBA foreground = { 0, 0, 0, 1 };
  double luma = 0.299 * r + 0.587 * g + 0.114 * b;

  if (tag != NULL)
    return tag;

  if (luma < 140)
    foreground = (GdkRGBA) { 1, 1, 1, 1 };

  return gtk_text_buffer_create_tag (self->buffer, name,
                                     "background-rgba", &background,
                                     "foreground-rgba", &foreground,
                                     "weight", PANGO_WEIGHT_SEMIBOLD,
                                     "font-features", "tnum",
                                     NULL);
}

static void
update_image_ref_tag (FsPromptEditor *self)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (self->buffer),
                                               IMAGE_REF_TAG);
  /* libadwaita 1.2's accent colours; text tags cannot use CSS colours. */
  GdkRGBA foreground = is_dark (self) ? (GdkRGBA) { 0.471f, 0.682f, 0.929f, 1 } :
                                        (GdkRGBA) { 0.110f, 0.443f, 0.847f, 1 };
  GdkRGBA background = { 0.208f, 0.518f, 0.894f, 0.16f };

  g_object_set (tag,
                "foreground-rgba", &foreground,
                "background-rgba", &background,
                NULL);
}

/* Byte offsets of matches, in order, to iterators: one pass over the
 * text however many matches there are. */
typedef struct
{
  GtkTextBuffer *buffer;
  const char    *text;
  guint          base;       /* char offset of text in the buffer */
  guint          bytes_done;
  guint          chars_done;
} OffsetWalker;

static void
walker_iter (OffsetWalker *walker,
             guint         byte_offset,
             guint         byte_length,
             GtkTextIter  *start,
             GtkTextIter  *end)
{
  walker->chars_done += g_utf8_strlen (walker->text + walker->bytes_done,
                                       byte_offset - walker->bytes_done);
  walker->bytes_done = byte_offset;
  gtk_text_buffer_get_iter_at_offset (walker->buffer, start, walker->base + walker->chars_done);
  *end = *start;
  gtk_text_iter_forward_chars (end, g_utf8_strlen (walker->text + byte_offset, byte_length));
}

static void
tag_hex_codes (FsPromptEditor *self,
               const char     *text,
               guint           base)
{
  g_autoptr(GArray) matches = fs_colour_find_hex (text);
  OffsetWalker walker = { self->buffer, text, base, 0, 0 };

  for (guint i = 0; i < matches->len; i++)
    {
      FsHexMatch *match = &g_array_index (matches, FsHexMatch, i);
      GtkTextIter start;
      GtkTextIter end;

      walker_iter (&walker, match->offset, match->length, &start, &end);
      gtk_text_buffer_apply_tag (self->buffer, hex_tag (self, match->r, match->g, match->b),
                                 &start, &end);
    }
}

static void
tag_image_refs (FsPromptEditor *self,
                const char     *text,
                guint           base)
{
  g_autoptr(GArray) refs = fs_prompt_find_image_refs (text);
  OffsetWalker walker = { self->buffer, text, base, 0, 0 };

  for (guint i = 0; i < refs->len; i++)
    {
      FsImageRef *ref = &g_array_index (refs, FsImageRef, i);
      GtkTextIter start;
      GtkTextIter end;

      walker_iter (&walker, ref->offset, ref->length, &start, &end);
      gtk_text_buffer_apply_tag_by_name (self->buffer, IMAGE_REF_TAG, &start, &end);
    }
}

/* Re-highlights the whole lines between the dirty marks. Codes never
 * span lines, so nothing outside them can have changed. */
static void
highlight_now (FsPromptEditor *self)
{
  g_autofree char *text = NULL;
  GtkTextIter start;
  GtkTextIter end;

  g_clear_handle_id (&self->highlight_id, g_source_remove);
  if (self->dirty_start == NULL)
    return;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, self->dirty_start);
  gtk_text_buffer_get_iter_at_mark (self->buffer, &end, self->dirty_end);
  gtk_text_buffer_delete_mark (self->buffer, self->dirty_start);
  gtk_text_buffer_delete_mark (self->buffer, self->dirty_end);
  self->dirty_start = self->dirty_end = NULL;

  gtk_text_iter_order (&start, &end);
  gtk_text_iter_set_line_offset (&start, 0);
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);

  gtk_text_buffer_remove_all_tags (self->buffer, &start, &end);
  text = gtk_text_buffer_get_slice (self->buffer, &start, &end, TRUE);
  tag_hex_codes (self, text, gtk_text_iter_get_offset (&start));
  tag_image_refs (self, text, gtk_text_iter_get_offset (&start));
}

static gboolean
highlight_timeout_cb (gpointer user_data)
{
  FsPromptEditor *self = user_data;

  self->highlight_id = 0;
  highlight_now (self);
  return G_SOURCE_REMOVE;
}

static void
mark_dirty (FsPromptEditor    *self,
            const GtkTextIter *start,
            const GtkTextIter *end)
{
  GtkTextIter old_start;
  GtkTextIter old_end;
  GtkTextIter new_start = *start;
  GtkTextIter new_end = *end;

  if (self->dirty_start == NULL)
    {
      self->dirty_start = gtk_text_buffer_create_mark (self->buffer, NULL, &new_start, TRUE);
      self->dirty_end = gtk_text_buffer_create_mark (self->buffer, NULL, &new_end, FALSE);
    }
  else
    {
      gtk_text_buffer_get_iter_at_mark (self->buffer, &old_start, self->dirty_start);
      gtk_text_buffer_get_iter_at_mark (self->buffer, &old_end, self->dirty_end);
      if (gtk_text_iter_compare (&old_start, &new_start) < 0)
        new_start = old_start;
      if (gtk_text_iter_compare (&old_end, &new_end) > 0)
        new_end = old_end;
      gtk_text_buffer_move_mark (self->buffer, self->dirty_start, &new_start);
      gtk_text_buffer_move_mark (self->buffer, self->dirty_end, &new_end);
    }

  g_clear_handle_id (&self->highlight_id, g_source_remove);
  self->highlight_id = g_timeout_add (HIGHLIGHT_DELAY_MS, highlight_timeout_cb, self);
}

static void
insert_text_cb (FsPromptEditor *self,
                GtkTextIter    *location,
                const char     *text,
                int             length)
{
  GtkTextIter start = *location;

  /* Connected after the default handler: @location is past the text. */
  gtk_text_iter_backward_chars (&start, g_utf8_strlen (text, length));
  mark_dirty (self, &start, location);
}

static void
delete_range_cb (FsPromptEditor *self,
                 GtkTextIter    *start,
                 GtkTextIter    *end)
{
  mark_dirty (self, start, end);
}

/* Count, JSON check and history ------------------------------------------- */

static void
update_count (FsPromptEditor *self)
{
  int n_chars = gtk_text_buffer_get_char_count (self->buffer);
  g_autofree char *text = NULL;
  gboolean over = self->max_chars > 0 && (guint) n_chars > self->max_chars;

  if (self->max_chars > 0)
    /* Translators: characters used / the provider's limit, e.g. "123 / 4000" */
    text = g_strdup_printf (_("%d / %u"), n_chars, self->max_chars);
  else
    text = g_strdup_printf (ngettext ("%d character", "%d characters", n_chars), n_chars);

  gtk_label_set_text (GTK_LABEL (self->count_label), text);
  fs_ui_set_css_class (self->count_label, "error", over);
  fs_ui_set_css_class (self->count_label, "dim-label", !over);
}

static void
set_json_status (FsPromptEditor *self,
                 const char     *text,
                 gboolean        ok)
{
  gtk_label_set_text (GTK_LABEL (self->json_status), text);
  gtk_widget_set_tooltip_text (self->json_status, text);
  fs_ui_set_css_class (self->json_status, "error", !ok);
  fs_ui_set_css_class (self->json_status, "success", ok);
}

static void
check_json_now (FsPromptEditor *self)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = fs_prompt_editor_dup_text (self);

  g_clear_handle_id (&self->json_check_id, g_source_remove);
  if (!self->json_mode)
    {
      gtk_label_set_text (GTK_LABEL (self->json_status), "");
      return;
    }

  if (g_strstrip (text)[0] == '\0')
    set_json_status (self, "", TRUE);
  else if (!fs_json_parser_load (parser, text, -1, FS_JSON_MAX_PROMPT_BYTES, &error))
    set_json_status (self, error->message, FALSE);
  else
    set_json_status (self, _("Valid JSON"), TRUE);
}

static gboolean
json_check_timeout_cb (gpointer user_data)
{
  FsPromptEditor *self = user_data;

  self->json_check_id = 0;
  check_json_now (self);
  return G_SOURCE_REMOVE;
}

static void
buffer_changed_cb (FsPromptEditor *self)
{
  gtk_widget_set_visible (self->placeholder, gtk_text_buffer_get_char_count (self->buffer) == 0);
  update_count (self);

  if (self->json_mode)
    {
      g_clear_handle_id (&self->json_check_id, g_source_remove);
      self->json_check_id = g_timeout_add (JSON_CHECK_DELAY_MS, json_check_timeout_cb, self);
    }

  /* Editing a prompt from history makes it the new draft. */
  if (self->browsing == 0)
    {
      self->history_index = -1;
      g_clear_pointer (&self->draft, g_free);
    }

  g_signal_emit (self, signals[CHANGED], 0);
}

static void
replace_text (FsPromptEditor *self,
              const char     *text)
{
  GtkTextIter start;
  GtkTextIter end;

  /* One user action, so Ctrl+Z brings the previous text back. */
  gtk_text_buffer_begin_user_action (self->buffer);
  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_delete (self->buffer, &start, &end);
  gtk_text_buffer_insert (self->buffer, &start, text, -1);
  gtk_text_buffer_end_user_action (self->buffer);
  highlight_now (self);
}

static gboolean
history_step (FsPromptEditor *self,
              int             step)
{
  int n = self->history != NULL ? (int) g_strv_length (self->history) : 0;
  int index = CLAMP (self->history_index + step, -1, n - 1);

  if (n == 0 || index == self->history_index)
    return TRUE;

  if (self->history_index == -1)
    {
      g_free (self->draft);
      self->draft = fs_prompt_editor_dup_text (self);
    }

  self->browsing++;
  self->history_index = index;
  replace_text (self, index >= 0 ? self->history[index] : self->draft);
  self->browsing--;
  if (index == -1)
    g_clear_pointer (&self->draft, g_free);

  return TRUE;
}

static gboolean
history_older_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  return history_step (FS_PROMPT_EDITOR (user_data), +1);
}

static gboolean
history_newer_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  return history_step (FS_PROMPT_EDITOR (user_data), -1);
}

static gboolean
activate_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  g_signal_emit (user_data, signals[ACTIVATE], 0);
  return TRUE;
}

static void
add_shortcut (GtkShortcutController *controller,
              const char            *trigger,
              GtkShortcutFunc        callback,
              FsPromptEditor        *self)
{
  GtkShortcutTrigger *parsed = gtk_shortcut_trigger_parse_string (trigger);
  GtkShortcutAction *action = gtk_callback_action_new (callback, self, NULL);

  gtk_shortcut_controller_add_shortcut (controller, gtk_shortcut_new (parsed, action));
}

/* On the text view, in the capture phase: before the text view turns
 * Ctrl+Return into a new line or Ctrl+↑ into a paragraph move. */
static void
add_shortcuts (FsPromptEditor *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "<Control>Return", activate_cb, self);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "<Control>KP_Enter", activate_cb, self);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "<Control>Up", history_older_cb, self);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "<Control>Down", history_newer_cb, self);
  gtk_widget_add_controller (self->text_view, controller);
}

/* History popover ----------------------------------------------------------- */

static gboolean
history_filter_func (GtkListBoxRow *row,
                     gpointer       user_data)
{
  FsPromptEditor *self = user_data;
  const char *casefolded = g_object_get_data (G_OBJECT (row), "fs-casefolded");

  return self->needle == NULL || strstr (casefolded, self->needle) != NULL;
}

static GtkWidget *
history_row_new (const char *prompt)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (prompt);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), 2);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);

  g_object_set_data_full (G_OBJECT (row), "fs-prompt", g_strdup (prompt), g_free);
  g_object_set_data_full (G_OBJECT (row), "fs-casefolded", g_utf8_casefold (prompt, -1), g_free);
  return row;
}

static void
history_search_changed_cb (FsPromptEditor *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->history_search));

  g_clear_pointer (&self->needle, g_free);
  if (search[0] != '\0')
    self->needle = g_utf8_casefold (search, -1);
  gtk_list_box_invalidate_filter (GTK_LIST_BOX (self->history_list));
}

static void
choose_history_row (FsPromptEditor *self,
                    GtkListBoxRow  *row)
{
  const char *prompt = g_object_get_data (G_OBJECT (row), "fs-prompt");

  gtk_popover_popdown (GTK_POPOVER (self->history_popover));
  fs_prompt_editor_set_text (self, prompt);
  fs_prompt_editor_focus (self);
}

static void
history_row_activated_cb (FsPromptEditor *self,
                          GtkListBoxRow  *row)
{
  choose_history_row (self, row);
}

static void
history_search_activate_cb (FsPromptEditor *self)
{
  GtkWidget *child;

  for (child = gtk_widget_get_first_child (self->history_list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_child_visible (child) && GTK_IS_LIST_BOX_ROW (child))
      {
        choose_history_row (self, GTK_LIST_BOX_ROW (child));
        return;
      }
}

static void
history_shown_cb (FsPromptEditor *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->history_search), "");
  gtk_widget_grab_focus (self->history_search);
}

/* JSON mode ------------------------------------------------------------------ */

static void
json_toggled_cb (FsPromptEditor *self)
{
  GtkToggleButton *toggle = GTK_TOGGLE_BUTTON (self->json_toggle);

  fs_prompt_editor_set_json_mode (self, gtk_toggle_button_get_active (toggle));
}

static void
pretty_print_cb (FsPromptEditor *self)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = fs_prompt_editor_dup_text (self);
  g_autofree char *pretty = NULL;

  if (!fs_json_parser_load (parser, text, -1, FS_JSON_MAX_PROMPT_BYTES, &error))
    {
      set_json_status (self, error->message, FALSE);
      return;
    }

  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, json_parser_get_root (parser));
  pretty = json_generator_to_data (generator, NULL);
  replace_text (self, pretty);
  check_json_now (self);
}

/* GObject ---------------------------------------------------------------------- */

/* About ten lines, then it scrolls: measured, so a larger font still
 * shows ten lines. */
static void
text_view_realize_cb (FsPromptEditor *self)
{
  PangoContext *context = gtk_widget_get_pango_context (self->text_view);
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  int line = PANGO_PIXELS (pango_font_metrics_get_height (metrics));
  int margins = gtk_text_view_get_top_margin (GTK_TEXT_VIEW (self->text_view)) +
                gtk_text_view_get_bottom_margin (GTK_TEXT_VIEW (self->text_view));

  pango_font_metrics_unref (metrics);
  if (line <= 0)
    return;

  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (self->scroller),
                                              10 * line + margins);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (self->scroller),
                                              3 * line + margins);
}

static void
fs_prompt_editor_dispose (GObject *object)
{
  FsPromptEditor *self = FS_PROMPT_EDITOR (object);
  GtkWidget *child;

  g_clear_handle_id (&self->highlight_id, g_source_remove);
  g_clear_handle_id (&self->json_check_id, g_source_remove);

  if (self->history_popover != NULL)
    gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->history_button), NULL);
  self->history_popover = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fs_prompt_editor_parent_class)->dispose (object);
}

static void
fs_prompt_editor_finalize (GObject *object)
{
  FsPromptEditor *self = FS_PROMPT_EDITOR (object);

  g_strfreev (self->history);
  g_free (self->draft);
  g_free (self->needle);

  G_OBJECT_CLASS (fs_prompt_editor_parent_class)->finalize (object);
}

static void
fs_prompt_editor_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FsPromptEditor *self = FS_PROMPT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_JSON_MODE:
      g_value_set_boolean (value, self->json_mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_prompt_editor_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FsPromptEditor *self = FS_PROMPT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_JSON_MODE:
      fs_prompt_editor_set_json_mode (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
fs_prompt_editor_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (FS_PROMPT_EDITOR (widget)->text_view);
}

static void
fs_prompt_editor_class_init (FsPromptEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_prompt_editor_dispose;
  object_class->finalize = fs_prompt_editor_finalize;
  object_class->get_property = fs_prompt_editor_get_property;
  object_class->set_property = fs_prompt_editor_set_property;
  widget_class->grab_focus = fs_prompt_editor_grab_focus;

  properties[PROP_JSON_MODE] =
    g_param_spec_boolean ("json-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/fs-prompt-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, FsPromptEditor, overlay);
  gtk_widget_class_bind_template_child (widget_class, FsPromptEditor, scroller);
  gtk_widget_class_bind_template_child (widget_class, FsPromptEditor, text_view);
  gtk_widget_class_bind_template_child (widget_class, FsPromptEditor, buffer);
  gtk_widget_class_bind_template_child (widget_class, FsPromptEditor, placeholder);
  gtk_widget_class_bind_template_child (widget_class, FsPromptEditor, json_toggle);
  gtk_widget_class_bind_template_child (widget_class, FsPromptEditor, pretty_button);
  gtk_widget_class_bind_template_child (widget_class, FsPromptEditor, json_status);
  gtk_widget_class_bind_template_child (widget_class, FsPromptEditor, count_label);
  gtk_widget_class_bind_template_child (widget_class, FsPromptEditor, history_button);
  gtk_widget_class_bind_template_child (widget_class, FsPromptEditor, history_popover);
  gtk_widget_class_bind_template_child (widget_class, FsPromptEditor, history_search);
  gtk_widget_class_bind_template_child (widget_class, FsPromptEditor, history_stack);
  gtk_widget_class_bind_template_child (widget_class, FsPromptEditor, history_list);
  gtk_widget_class_bind_template_callback (widget_class, json_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, pretty_print_cb);
  gtk_widget_class_bind_template_callback (widget_class, history_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, history_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, history_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, history_row_activated_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fs-prompt-editor");
}

static void
fs_prompt_editor_init (FsPromptEditor *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));
  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);

  self->history_index = -1;
  gtk_text_buffer_create_tag (self->buffer, IMAGE_REF_TAG,
                              "weight", PANGO_WEIGHT_BOLD,
                              "underline", PANGO_UNDERLINE_SINGLE,
                              NULL);
  update_image_ref_tag (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_image_ref_tag), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->buffer, "insert-text", G_CALLBACK (insert_text_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->buffer, "delete-range", G_CALLBACK (delete_range_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->buffer, "changed", G_CALLBACK (buffer_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->text_view, "realize", G_CALLBACK (text_view_realize_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_list_box_set_filter_func (GTK_LIST_BOX (self->history_list), history_filter_func, self, NULL);
  gtk_stack_set_visible_child_name (GTK_STACK (self->history_stack), "empty");
  add_shortcuts (self);
  update_count (self);
}

/* Colours -------------------------------------------------------------------- */

/* A code glued to a word is not a code (fs_colour_find_hex() wants it on
 * its own), so an inserted one gets a space where it would touch one. */
static gboolean
needs_space_before (const GtkTextIter *iter)
{
  GtkTextIter previous = *iter;
  gunichar c;

  if (!gtk_text_iter_backward_char (&previous))
    return FALSE;

  c = gtk_text_iter_get_char (&previous);
  return !g_unichar_isspace (c) && g_utf8_strchr ("([{\"'“‘«", -1, c) == NULL;
}

static gboolean
needs_space_after (const GtkTextIter *iter)
{
  gunichar c = gtk_text_iter_get_char (iter);

  return c != 0 && (g_unichar_isalnum (c) || c == '#');
}

/* The cursor ends right after the code, so typing goes on from it. */
static void
insert_spaced (FsPromptEditor *self,
               const char     *code)
{
  GtkTextIter iter;
  g_autofree char *text = NULL;
  gboolean space_after;

  gtk_text_buffer_begin_user_action (self->buffer);
  gtk_text_buffer_delete_selection (self->buffer, TRUE, TRUE);
  gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, gtk_text_buffer_get_insert (self->buffer));
  space_after = needs_space_after (&iter);
  text = g_strconcat (needs_space_before (&iter) ? " " : "", code, space_after ? " " : "", NULL);
  gtk_text_buffer_insert (self->buffer, &iter, text, -1);
  if (space_after)
    gtk_text_iter_backward_char (&iter);
  gtk_text_buffer_place_cursor (self->buffer, &iter);
  gtk_text_buffer_end_user_action (self->buffer);
}

/* Rewrites the JSON prompt with @hex in its palette, indented as before
 * (a one-line prompt stays on one line; fs_colour_add_to_prompt()), the
 * cursor after the code. FALSE when the text is not a JSON object (the
 * user is mid-edit). */
static gboolean
add_to_json_palette (FsPromptEditor *self,
                     const char     *hex)
{
  g_autofree char *text = fs_prompt_editor_dup_text (self);
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", hex);
  const char *codes[] = { hex, NULL };
  g_autofree char *json = NULL;
  const char *found;
  GtkTextIter iter;

  /* A blank prompt becomes an indented object. */
  json = fs_colour_add_to_prompt (fs_ui_text_is_blank (text) ? "{\n}" : text, codes, FALSE);
  if (json == NULL)
    return FALSE;
  if (g_str_equal (json, text))
    return TRUE;

  replace_text (self, json);
  check_json_now (self);

  found = g_strrstr (json, quoted);
  if (found != NULL)
    {
      gtk_text_buffer_get_iter_at_offset (self->buffer, &iter,
                                          g_utf8_strlen (json, found - json + strlen (quoted)));
      gtk_text_buffer_place_cursor (self->buffer, &iter);
    }
  return TRUE;
}

/* Public API ---------------------------------------------------------------- */

GtkWidget *
fs_prompt_editor_new (void)
{
  return g_object_new (FS_TYPE_PROMPT_EDITOR, NULL);
}

char *
fs_prompt_editor_dup_text (FsPromptEditor *self)
{
  GtkTextIter start;
  GtkTextIter end;

  g_return_val_if_fail (FS_IS_PROMPT_EDITOR (self), NULL);

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  return gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
}

/* Highlighted at once, not after the usual pause: a remixed or chosen
 * prompt should look finished when it appears. */
void
fs_prompt_editor_set_text (FsPromptEditor *self,
                           const char     *text)
{
  g_return_if_fail (FS_IS_PROMPT_EDITOR (self));

  replace_text (self, text != NULL ? text : "");
}

void
fs_prompt_editor_set_max_chars (FsPromptEditor *self,
                                guint           max_chars)
{
  g_return_if_fail (FS_IS_PROMPT_EDITOR (self));

  self->max_chars = max_chars;
  update_count (self);
}

void
fs_prompt_editor_set_history (FsPromptEditor     *self,
                              const char * const *prompts)
{
  GtkWidget *child;

  g_return_if_fail (FS_IS_PROMPT_EDITOR (self));

  g_strfreev (self->history);
  self->history = g_strdupv ((char **) prompts);
  self->history_index = -1;

  while ((child = gtk_widget_get_first_child (self->history_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->history_list), child);
  for (guint i = 0; prompts != NULL && prompts[i] != NULL && i < HISTORY_MAX_ROWS; i++)
    gtk_list_box_append (GTK_LIST_BOX (self->history_list), history_row_new (prompts[i]));

  gtk_stack_set_visible_child_name (GTK_STACK (self->history_stack),
                                    prompts != NULL && prompts[0] != NULL ? "list" : "empty");
}

void
fs_prompt_editor_insert (FsPromptEditor *self,
                         const char     *text)
{
  g_return_if_fail (FS_IS_PROMPT_EDITOR (self));
  g_return_if_fail (text != NULL);

  gtk_text_buffer_begin_user_action (self->buffer);
  gtk_text_buffer_insert_at_cursor (self->buffer, text, -1);
  gtk_text_buffer_end_user_action (self->buffer);
  fs_prompt_editor_focus (self);
}

/* "image 2" from the reference tray: a word of its own, so it is
 * highlighted and read as a reference. */
void
fs_prompt_editor_insert_word (FsPromptEditor *self,
                              const char     *word)
{
  g_return_if_fail (FS_IS_PROMPT_EDITOR (self));
  g_return_if_fail (word != NULL);

  insert_spaced (self, word);
  fs_prompt_editor_focus (self);
}

void
fs_prompt_editor_insert_colour (FsPromptEditor *self,
                                const char     *hex,
                                gboolean        phrase)
{
  guint8 r;
  guint8 g;
  guint8 b;
  g_autofree char *code = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (FS_IS_PROMPT_EDITOR (self));
  g_return_if_fail (hex != NULL);

  if (!fs_colour_parse_hex (hex, &r, &g, &b))
    {
      g_warning ("Not a hex colour: %s", hex);
      return;
    }

  code = fs_colour_format_hex (r, g, b);
  if (self->json_mode)
    {
      /* Invalid JSON is being edited: the code goes where the cursor is,
       * as the JSON string it would be in the array. */
      if (!add_to_json_palette (self, code))
        {
          text = g_strdup_printf ("\"%s\"", code);
          insert_spaced (self, text);
        }
      return;
    }

  /* BFL's prompting guide ties a code to an object with "color #…". */
  text = phrase ? g_strdup_printf ("color %s", code) : g_strdup (code);
  insert_spaced (self, text);
}

gboolean
fs_prompt_editor_get_json_mode (FsPromptEditor *self)
{
  g_return_val_if_fail (FS_IS_PROMPT_EDITOR (self), FALSE);

  return self->json_mode;
}

void
fs_prompt_editor_set_json_mode (FsPromptEditor *self,
                                gboolean        json_mode)
{
  g_return_if_fail (FS_IS_PROMPT_EDITOR (self));

  json_mode = !!json_mode;
  if (self->json_mode == json_mode)
    return;

  self->json_mode = json_mode;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->json_toggle), json_mode);
  gtk_widget_set_visible (self->pretty_button, json_mode);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (self->text_view), json_mode);
  check_json_now (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JSON_MODE]);
}

void
fs_prompt_editor_focus (FsPromptEditor *self)
{
  g_return_if_fail (FS_IS_PROMPT_EDITOR (self));

  gtk_widget_grab_focus (self->text_view);
}
