/* fs-swatch.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* One named colour of a palette. */
typedef struct
{
  char   *name;   /* may be NULL or "" */
  guint8  r, g, b;
} FsSwatch;

FsSwatch   *fs_swatch_new     (const char     *name,
                               guint8          r,
                               guint8          g,
                               guint8          b);
FsSwatch   *fs_swatch_copy    (const FsSwatch *swatch);
void        fs_swatch_free    (FsSwatch       *swatch);
GType       fs_swatch_get_type (void) G_GNUC_CONST;
#define FS_TYPE_SWATCH (fs_swatch_get_type ())
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FsSwatch, fs_swatch_free)

G_END_DECLS
