/* fs-reference-cache.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-reference.h"

G_BEGIN_DECLS

/* Prepared references, cached under the sha256 of the ORIGINAL bytes in
 * $XDG_CACHE_HOME/flux-studio/references/ (blocking: worker threads). */
FsReference *_fs_reference_cache_lookup (const char  *original_sha256,
                                         GBytes      *original,
                                         const char  *name,
                                         const char  *source_path);
void         _fs_reference_cache_store  (const char  *original_sha256,
                                         FsReference *reference);

G_END_DECLS
