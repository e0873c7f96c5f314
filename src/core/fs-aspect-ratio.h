/* fs-aspect-ratio.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "16:9" → 16/9; FALSE unless the text is two positive numbers around ':'. */
gboolean fs_aspect_ratio_parse (const char *text,
                                double     *ratio);

G_END_DECLS
