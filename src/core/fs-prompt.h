/* fs-prompt.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "image N" references in @text (N from 1 to 8; case-insensitive): byte
 * offsets, lengths and N, as a GArray of FsImageRef. */
typedef struct
{
  guint offset;
  guint length;
  guint index;
} FsImageRef;

GArray *fs_prompt_find_image_refs (const char *text);

G_END_DECLS
