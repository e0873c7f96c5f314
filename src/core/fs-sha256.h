/* fs-sha256.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* SHA-256, the hash that names and checks every image (docs/ARCHITECTURE.md,
 * “Damaged records”), through Nettle, whose x86-64 code is several times
 * faster than GChecksum's portable C: the hash is the one per-byte cost a
 * saved result adds to the download (README, “Performance”). Digests are
 * lowercase hex, as g_checksum_get_string() gives them. */

typedef struct _FsSha256 FsSha256;

FsSha256 *fs_sha256_new      (void);
void      fs_sha256_update   (FsSha256      *self,
                              const void    *data,
                              gsize          length);
/* The digest of what was given so far; @self may go on being updated. */
char     *fs_sha256_hex      (FsSha256      *self);
void      fs_sha256_free     (FsSha256      *self);

/* The digest of @length bytes at @data, in one call. */
char     *fs_sha256_data     (const void    *data,
                              gsize          length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FsSha256, fs_sha256_free)

G_END_DECLS
