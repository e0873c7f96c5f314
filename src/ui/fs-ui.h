/* fs-ui.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Small helpers the widgets share. */

/* Adds @css_class to @widget when @present, removes it otherwise. */
void       fs_ui_set_css_class     (GtkWidget  *widget,
                                    const char *css_class,
                                    gboolean    present);
/* Marks @widget invalid, or valid again: the "error" style and the
 * accessible invalid state together (HACKING.md, “Code style”). */
void       fs_ui_set_invalid       (GtkWidget  *widget,
                                    gboolean    invalid);
/* TRUE when @text (UTF-8) holds nothing but white space. */
gboolean   fs_ui_text_is_blank     (const char *text);
/* @widget's tooltip, as gtk_widget_set_tooltip_text() sets it but
 * without its round trip to the X server: for widgets made or rebound by
 * the hundred, such as the gallery's tiles. A tooltip on screen takes the
 * new text when the pointer next moves. */
void        fs_ui_set_tooltip       (GtkWidget  *widget,
                                     const char *text);
/* A flat icon button for a row's end, @label its tooltip
 * (fs_ui_set_tooltip()) and its accessible name. */
GtkWidget  *fs_ui_icon_button_new   (const char *icon_name,
                                     const char *label);
/* The text fs_ui_set_tooltip() gave @widget, or NULL. */
const char *fs_ui_get_tooltip       (GtkWidget  *widget);
/* A dialog that asks before deleting: Cancel, the default and what
 * Escape does, and a destructive Delete; its "response" is "cancel" or
 * "delete". */
GtkWidget *fs_ui_delete_dialog_new (GtkWindow  *parent,
                                    const char *heading,
                                    const char *body);

typedef void (*FsUiFunc) (gpointer owner);

/* Calls @func (@owner) once, soon after @window's first frame is on
 * screen (from an idle after the frame clock's first "after-paint"), or
 * when @window goes away without having painted one: work that does not
 * shape the first frame waits for it (README, “Performance”). Nothing is
 * called once @owner is finalized. */
void       fs_ui_after_first_frame (GtkWindow  *window,
                                    GObject    *owner,
                                    FsUiFunc    func);

/* A filter named @name for the files matching @patterns (space-separated
 * globs, "*.csv *.CSV"), added to @chooser. */
void       fs_ui_add_file_filter   (GtkFileChooser *chooser,
                                    const char     *name,
                                    const char     *patterns);

G_END_DECLS
