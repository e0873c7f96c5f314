/* fs-compare-diff.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fs-asset.h"

G_BEGIN_DECLS

/* What differs between the images of the compare view (docs/
 * ARCHITECTURE.md, “Compare”): their settings side by side, and their
 * prompts word by word. */

typedef struct
{
  char     *label;     /* "Seed", translated */
  GStrv     values;    /* one a image, "—" when it has none */
  gboolean  differs;
} FsCompareSetting;

void       fs_compare_setting_free     (FsCompareSetting *setting);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FsCompareSetting, fs_compare_setting_free)

/* Seed, model, provider, size, steps, guidance and references of each of
 * @assets (FsAsset, their records loaded), in that order: a GPtrArray of
 * FsCompareSetting. */
GPtrArray *fs_compare_diff_settings    (GPtrArray        *assets);

/* @a and @b word by word (split at white space): Pango markup of each,
 * the words only @a has struck through and tinted, the words only @b has
 * underlined and tinted. TRUE when they differ. */
gboolean   fs_compare_diff_words       (const char       *a,
                                        const char       *b,
                                        char            **markup_a,
                                        char            **markup_b);

G_END_DECLS
