/* fs-ui.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-ui.h"

void
fs_ui_set_css_class (GtkWidget  *widget,
                     const char *css_class,
                     gboolean    present)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (css_class != NULL);

  if (present)
    gtk_widget_add_css_class (widget, css_class);
  else
    gtk_widget_remove_css_class (widget, css_class);
}

void
fs_ui_set_invalid (GtkWidget *widget,
                   gboolean   invalid)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  fs_ui_set_css_class (widget, "error", invalid);
  gtk_accessible_update_state (GTK_ACCESSIBLE (widget),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               invalid ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

gboolean
fs_ui_text_is_blank (const char *text)
{
  g_return_val_if_fail (text != NULL, TRUE);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

#define TOOLTIP_KEY "fs-ui-tooltip"

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = g_object_get_data (G_OBJECT (widget), TOOLTIP_KEY);

  if (text == NULL || *text == '\0')
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* GTK 4.8's gtk_widget_set_tooltip_text() asks the X server where the
 * pointer is on every call (gtk_tooltip_trigger_tooltip_query(), a
 * round trip), which widgets made or rebound by the hundred — the
 * gallery's tiles while the grid scrolls — cannot afford. Here the text
 * waits on the widget until a tooltip is asked for. */
void
fs_ui_set_tooltip (GtkWidget  *widget,
                   const char *text)
{
  const char *old;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  old = g_object_get_data (G_OBJECT (widget), TOOLTIP_KEY);
  if (old == NULL)
    g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  else if (g_strcmp0 (old, text != NULL ? text : "") == 0)
    return;

  /* "" rather than NULL: the key says the handler is connected. */
  g_object_set_data_full (G_OBJECT (widget), TOOLTIP_KEY, g_strdup (text != NULL ? text : ""),
                          g_free);
  gtk_widget_set_has_tooltip (widget, text != NULL && *text != '\0');
}

GtkWidget *
fs_ui_icon_button_new (const char *icon_name,
                       const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  fs_ui_set_tooltip (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return button;
}

const char *
fs_ui_get_tooltip (GtkWidget *widget)
{
  const char *text;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  text = g_object_get_data (G_OBJECT (widget), TOOLTIP_KEY);
  return text != NULL && *text != '\0' ? text : NULL;
}

GtkWidget *
fs_ui_delete_dialog_new (GtkWindow  *parent,
                         const char *heading,
                         const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}

/* After the first frame ------------------------------------------------------ */

typedef struct
{
  GtkWindow *window;      /* weak */
  GWeakRef   owner;
  FsUiFunc   func;
  gulong     paint_id;
  gulong     realize_id;
  gulong     destroy_id;
  GdkFrameClock *clock;   /* weak */
  gboolean   fired;
} FirstFrame;

static void
first_frame_free (FirstFrame *first_frame)
{
  g_weak_ref_clear (&first_frame->owner);
  g_free (first_frame);
}

static gboolean
first_frame_run_cb (gpointer user_data)
{
  FirstFrame *first_frame = user_data;
  g_autoptr(GObject) owner = g_weak_ref_get (&first_frame->owner);

  if (owner != NULL)
    first_frame->func (owner);
  return G_SOURCE_REMOVE;
}

/* Once, whatever comes first: the frame, or the window going away. */
static void
first_frame_fire (FirstFrame *first_frame)
{
  if (first_frame->fired)
    return;
  first_frame->fired = TRUE;

  if (first_frame->clock != NULL)
    {
      g_clear_signal_handler (&first_frame->paint_id, first_frame->clock);
      g_clear_weak_pointer (&first_frame->clock);
    }
  if (first_frame->window != NULL)
    {
      g_clear_signal_handler (&first_frame->realize_id, first_frame->window);
      g_clear_signal_handler (&first_frame->destroy_id, first_frame->window);
      g_clear_weak_pointer (&first_frame->window);
    }

  /* Not from inside the frame clock's signal: the frame is done first. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, first_frame_run_cb, first_frame,
                   (GDestroyNotify) first_frame_free);
}

static void
first_frame_painted_cb (GdkFrameClock *clock,
                        FirstFrame    *first_frame)
{
  first_frame_fire (first_frame);
}

static void
first_frame_realized_cb (GtkWidget  *window,
                         FirstFrame *first_frame)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  g_clear_signal_handler (&first_frame->realize_id, window);
  g_set_weak_pointer (&first_frame->clock, gdk_surface_get_frame_clock (surface));
  first_frame->paint_id = g_signal_connect (first_frame->clock, "after-paint",
                                            G_CALLBACK (first_frame_painted_cb), first_frame);
}

static void
first_frame_destroyed_cb (GtkWidget  *window,
                          FirstFrame *first_frame)
{
  first_frame_fire (first_frame);
}

void
fs_ui_after_first_frame (GtkWindow *window,
                         GObject   *owner,
                         FsUiFunc   func)
{
  FirstFrame *first_frame;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (G_IS_OBJECT (owner));
  g_return_if_fail (func != NULL);

  first_frame = g_new0 (FirstFrame, 1);
  g_weak_ref_init (&first_frame->owner, owner);
  first_frame->func = func;
  g_set_weak_pointer (&first_frame->window, window);
  first_frame->destroy_id = g_signal_connect (window, "destroy",
                                              G_CALLBACK (first_frame_destroyed_cb), first_frame);
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    first_frame_realized_cb (GTK_WIDGET (window), first_frame);
  else
    first_frame->realize_id = g_signal_connect (window, "realize",
                                                G_CALLBACK (first_frame_realized_cb),
                                                first_frame);
}

void
fs_ui_add_file_filter (GtkFileChooser *chooser,
                       const char     *name,
                       const char     *patterns)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_auto(GStrv) each = g_strsplit (patterns, " ", -1);

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; each[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, each[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}
