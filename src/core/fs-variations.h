/* fs-variations.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fs-catalog.h"
#include "fs-request.h"

G_BEGIN_DECLS

/* How the seeds of several images of one request are chosen
 * (docs/ARCHITECTURE.md, “Variations”). */
typedef enum
{
  FS_SEED_MODE_RANDOM,     /* a new seed for each image */
  FS_SEED_MODE_INCREMENT,  /* the seed, then seed + 1, seed + 2 … */
  FS_SEED_MODE_FIXED,      /* the same seed for every image */
} FsSeedMode;

/* The most images one Generate (or one batch row) makes. */
#define FS_VARIATIONS_MAX_COUNT 16

/* "random", "increment" or "fixed"; FALSE for anything else. */
gboolean    fs_variations_parse_seed_mode (const char  *text,
                                           FsSeedMode  *mode);
const char *fs_variations_seed_mode_name  (FsSeedMode   mode);

/* The requests that make @count images (1 to FS_VARIATIONS_MAX_COUNT) of
 * @request, in order: one call per image, or for a model that makes
 * several images per call on its provider (Monica's num_outputs, up to 4)
 * as few calls as that allows, each with its num_outputs. When @model
 * takes a seed, each call's seed follows @mode from the request's seed
 * (drawn here when it has none); a call of several images carries the
 * seed of its first. @request is not changed. */
GPtrArray  *fs_variations_plan            (FsRequest   *request,
                                           FsModel     *model,
                                           guint        count,
                                           FsSeedMode   mode);
/* fs_variations_plan() for the model of @request in @catalog, @request
 * and every call checked against the catalog (an increment may carry a
 * seed past the model's range): FS_ERROR_INVALID saying what is wrong. */
GPtrArray  *fs_variations_plan_checked    (FsRequest   *request,
                                           FsCatalog   *catalog,
                                           guint        count,
                                           FsSeedMode   mode,
                                           GError     **error);
/* How many images @request makes: its num_outputs, or 1. */
guint       fs_variations_n_images        (FsRequest   *request);

G_END_DECLS
