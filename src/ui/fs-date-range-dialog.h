/* fs-date-range-dialog.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Asks for a range of days: an AdwMessageDialog with two calendars
 * ("From" and "To"), a hint, Cancel and OK; while "To" is before "From"
 * OK is disabled and the hint says so in the "error" style. Its "response" is "cancel" or
 * "accept"; the days are fs_date_range_dialog_get_days(). */
GtkWidget *fs_date_range_dialog_new      (GtkWindow  *parent,
                                          GDateTime  *first,
                                          GDateTime  *last);
void       fs_date_range_dialog_get_days (GtkWidget  *dialog,
                                          GDateTime **first,
                                          GDateTime **last);

G_END_DECLS
