/* fs-model.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fs-aspect-ratio.h"
#include "fs-param.h"
#include "fs-types.h"

G_BEGIN_DECLS

typedef enum
{
  FS_SIZE_DIMENSIONS,    /* width + height on a grid, with a pixel cap */
  FS_SIZE_ASPECT_RATIO,  /* aspect_ratio "W:H" within a ratio range */
  FS_SIZE_FIXED,         /* one of a list of "WxH" sizes */
  FS_SIZE_IMAGE,         /* the edited image's size, grown by the margins */
} FsSizeKind;

typedef enum
{
  FS_PRICE_UNKNOWN,
  FS_PRICE_PER_IMAGE,
  FS_PRICE_PER_MEGAPIXEL,  /* first MP billed in full, then per extra MP */
} FsPriceUnit;

/* A model's size rule on one provider. Owned by the model. */
typedef struct
{
  FsSizeKind   kind;
  guint        multiple;        /* DIMENSIONS: width/height multiple of */
  guint        min;             /* DIMENSIONS: minimum side */
  guint        max;             /* DIMENSIONS: maximum side; IMAGE: 0 none */
  guint64      max_pixels;      /* DIMENSIONS, IMAGE: cap on width*height, 0 none */
  guint        default_width;
  guint        default_height;
  double       min_ratio;       /* ASPECT_RATIO: e.g. 9/21 */
  double       max_ratio;       /* ASPECT_RATIO: e.g. 21/9 */
  const char  *default_aspect;  /* ASPECT_RATIO: e.g. "1:1" */
  const char * const *sizes;    /* FIXED: NULL-terminated "WxH" list */
  double       megapixels;      /* ASPECT_RATIO: output area, 1 MP = 1024×1024 */
  const char  *min_aspect;      /* ASPECT_RATIO: min_ratio as written, "9:21" */
  const char  *max_aspect;      /* ASPECT_RATIO: max_ratio as written, "21:9" */
} FsSizeRule;

typedef struct
{
  FsPriceUnit unit;
  double      usd;          /* per image or per megapixel */
  double      usd_input_mp; /* per megapixel of reference input, 0 none */
  gboolean    from;         /* "from $x": the real price may be higher */
} FsPrice;

#define FS_TYPE_MODEL (fs_model_get_type ())
G_DECLARE_FINAL_TYPE (FsModel, fs_model, FS, MODEL, GObject)

const char         *fs_model_get_id               (FsModel        *self);
const char         *fs_model_get_name             (FsModel        *self);
const char         *fs_model_get_family           (FsModel        *self);
const char         *fs_model_get_description      (FsModel        *self);
guint               fs_model_get_typical_seconds  (FsModel        *self);
guint               fs_model_get_prompt_max_chars (FsModel        *self);
/* The documented prompt limit in tokens, 0 when it is given in characters. */
guint               fs_model_get_prompt_max_tokens (FsModel       *self);
/* TRUE when the model works without a prompt (FLUX.1 Expand). */
gboolean            fs_model_get_prompt_optional  (FsModel        *self);
const char * const *fs_model_get_notes            (FsModel        *self,
                                                   const char     *provider_id);
const char * const *fs_model_get_providers        (FsModel        *self);
gboolean            fs_model_has_provider         (FsModel        *self,
                                                   const char     *provider_id);
const char         *fs_model_get_wire_id          (FsModel        *self,
                                                   const char     *provider_id);
const char         *fs_model_get_path             (FsModel        *self,
                                                   const char     *provider_id);
guint               fs_model_get_max_concurrent   (FsModel        *self,
                                                   const char     *provider_id);
guint               fs_model_get_max_outputs      (FsModel        *self,
                                                   const char     *provider_id);
const FsSizeRule   *fs_model_get_size_rule        (FsModel        *self,
                                                   const char     *provider_id);
guint               fs_model_get_max_references   (FsModel        *self,
                                                   const char     *provider_id);
guint               fs_model_get_experimental_references
                                                  (FsModel        *self,
                                                   const char     *provider_id);
const char         *fs_model_get_reference_wire   (FsModel        *self,
                                                   const char     *provider_id);
/* A model that edits one image (FLUX.1 Fill and Expand): the field the
 * image is sent in, or NULL for a model that makes images from a prompt
 * (docs/ARCHITECTURE.md, “The catalog”). */
const char         *fs_model_get_image_wire       (FsModel        *self,
                                                   const char     *provider_id);
/* The field of the mask such a model requires, or NULL when it takes none. */
const char         *fs_model_get_mask_wire        (FsModel        *self,
                                                   const char     *provider_id);
/* TRUE when the model takes the margin parameters "top", "bottom", "left"
 * and "right" (FLUX.1 Expand). */
gboolean            fs_model_takes_margins        (FsModel        *self,
                                                   const char     *provider_id);
const FsPrice      *fs_model_get_price            (FsModel        *self,
                                                   const char     *provider_id);
gboolean            fs_model_estimate_cost        (FsModel        *self,
                                                   const char     *provider_id,
                                                   guint           width,
                                                   guint           height,
                                                   double          input_megapixels,
                                                   guint           n_images,
                                                   double         *usd);
/* The parameters the model takes on this provider, with that provider's
 * ranges, defaults and wire names, in panel order. Returns a new reference
 * to the model's own array (empty for a provider that does not serve the
 * model): g_ptr_array_unref() it. The FsParams stay owned by the model. */
GPtrArray          *fs_model_get_params           (FsModel        *self,
                                                   const char     *provider_id);
FsParam            *fs_model_find_param           (FsModel        *self,
                                                   const char     *provider_id,
                                                   const char     *name);

/* "1024x768" → 1024, 768; FALSE unless the text is "<W>x<H>", both > 0. */
gboolean            fs_size_parse                 (const char     *text,
                                                   guint          *width,
                                                   guint          *height);
/* The pixel size an ASPECT_RATIO rule produces for @aspect_ratio: about
 * rule->megapixels, each side rounded to rule->multiple. */
gboolean            fs_size_rule_get_aspect_size  (const FsSizeRule *rule,
                                                   const char     *aspect_ratio,
                                                   guint          *width,
                                                   guint          *height);

G_END_DECLS
