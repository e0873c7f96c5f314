/* fs-filter-choice.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FS_TYPE_FILTER_CHOICE (fs_filter_choice_get_type ())
G_DECLARE_FINAL_TYPE (FsFilterChoice, fs_filter_choice, FS, FILTER_CHOICE, GtkWidget)

/* Several values of one filter (providers, models): a menu button
 * (accessible name @name) whose popover has a check button per choice,
 * named by it, under one that means "any". "selected" (strv, NULL for
 * any) lists the ids checked, in the order of the choices, then any id
 * set that is not among them (a model gone from the catalog) — kept, not
 * dropped. Setting it does not notify when nothing changed. */
GtkWidget          *fs_filter_choice_new          (const char         *name,
                                                   const char         *any_label);
/* @ids and @names: (element-type utf8), one name per id. */
void                fs_filter_choice_set_choices  (FsFilterChoice     *self,
                                                   GPtrArray          *ids,
                                                   GPtrArray          *names);
const char * const *fs_filter_choice_get_selected (FsFilterChoice     *self);
void                fs_filter_choice_set_selected (FsFilterChoice     *self,
                                                   const char * const *ids);

G_END_DECLS
