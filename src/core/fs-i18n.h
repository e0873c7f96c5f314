/* fs-i18n.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *fs_i18n_locale_dir (const char *executable);
void  fs_i18n_init       (void);

G_END_DECLS
