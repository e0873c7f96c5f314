/* fs-test-ui-util.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fs-test-util.h"

G_BEGIN_DECLS

/* Widget tests: finding widgets as a user or AT-SPI would, the
 * clipboard, and a window to show a widget in. The finders walk depth
 * first, @root included, and return the first match or NULL. */

typedef gboolean (*FsTestWidgetMatch) (GtkWidget     *widget,
                                       gconstpointer  data);

GtkWidget *fs_test_find_widget         (GtkWidget         *root,
                                        FsTestWidgetMatch  match,
                                        gconstpointer      data);
GtkWidget *fs_test_find_type           (GtkWidget         *root,
                                        GType              type);
/* A widget of @type (GTK_TYPE_WIDGET: any) whose accessible name is @label. */
GtkWidget *fs_test_find_by_label       (GtkWidget         *root,
                                        GType              type,
                                        const char        *label);
/* A button whose own label (gtk_button_get_label) is @label. */
GtkWidget *fs_test_find_button         (GtkWidget         *root,
                                        const char        *label);
GtkWidget *fs_test_find_with_class     (GtkWidget         *root,
                                        const char        *css_class);

/* The first visible toplevel window of @type (a dialog just presented). */
GtkWindow *fs_test_find_toplevel       (GType              type);
/* The same, waiting up to two seconds for it to be presented; fails the
 * test if none comes. */
GtkWindow *fs_test_wait_toplevel       (GType              type);

/* Runs @widget's own shortcut for @trigger ("<Control>Up", "Escape"), as
 * the key would, and returns what its action returned; fails the test
 * if @widget has no such shortcut. */
gboolean   fs_test_activate_shortcut   (GtkWidget         *widget,
                                        const char        *trigger);

char      *fs_test_read_clipboard_text (GtkWidget         *widget);

/* A new window of @width × @height showing @child, presented. */
GtkWidget *fs_test_present_window      (GtkWidget         *child,
                                        int                width,
                                        int                height);

G_END_DECLS
