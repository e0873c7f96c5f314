/* fs-color.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One hex colour code found in a prompt: "#02eb3c" or "#0e3". Offsets and
 * lengths are in bytes of the UTF-8 text; a code is matched only when it
 * is not part of a longer word ("#02eb3c" yes, "#02eb3cff"/"abc#123" no). */
typedef struct
{
  guint  offset;
  guint  length;
  guint8 r, g, b;
} FsHexMatch;

/* Every code in @text, in order: a GArray of FsHexMatch. */
GArray   *fs_color_find_hex   (const char *text);
/* "#rgb", "#rrggbb", "rrggbb" → red, green, blue. */
gboolean  fs_color_parse_hex  (const char *text,
                               guint8     *r,
                               guint8     *g,
                               guint8     *b);
/* Lower-case "#rrggbb". */
char     *fs_color_format_hex (guint8      r,
                               guint8      g,
                               guint8      b);

/* "image N" references in @text (N from 1 to 8; case-insensitive): byte
 * offsets, lengths and N, as a GArray of FsImageRef. */
typedef struct
{
  guint offset;
  guint length;
  guint index;
} FsImageRef;

GArray   *fs_prompt_find_image_refs (const char *text);

G_END_DECLS
