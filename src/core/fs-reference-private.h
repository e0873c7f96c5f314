/* fs-reference-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-reference.h"

G_BEGIN_DECLS

/* FLUX.2 takes references up to 4 MP; larger ones are downscaled. */
#define FS_REFERENCE_MAX_PIXELS  4194304u
/* Providers refuse smaller inputs (APIYI: "Min 64×64"). */
#define FS_REFERENCE_MIN_SIDE    64u

/* What preparing a reference changed, beyond its bytes. */
typedef struct
{
  guint     original_width;
  guint     original_height;
  gboolean  downscaled;
  gboolean  colour_converted;
  gboolean  rotated;
  /* Too large, but it could not be decoded to downscale it. */
  gboolean  sent_full_size;
} FsReferenceOrigin;

/* A reference whose bytes are already known to be an image of the given
 * kind and size: no decode, no check. @sha256 may be NULL, to be computed. */
FsReference *_fs_reference_new          (GBytes                  *bytes,
                                         const char              *sha256,
                                         const char              *name,
                                         const char              *mime_type,
                                         const char              *extension,
                                         guint                    width,
                                         guint                    height);
void         _fs_reference_set_origin   (FsReference             *self,
                                         const char              *source_path,
                                         const FsReferenceOrigin *origin);
const FsReferenceOrigin *
             _fs_reference_get_origin   (FsReference             *self);

G_END_DECLS
