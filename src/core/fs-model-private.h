/* fs-model-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-model.h"

G_BEGIN_DECLS

/* The parts of a model, shared by fs-model.c, which owns and reads them,
 * and the catalog parser, which builds them once at load time. */

struct _FsParam
{
  char        *name;
  char        *label;
  char        *description;
  char        *wire;
  char        *unit;
  char        *note;
  FsParamType  type;
  gboolean     has_range;
  double       min;
  double       max;
  double       step;
  GVariant    *default_value;
  GStrv        choices;
};

/* What one provider offers of one model. */
typedef struct
{
  char       *id;
  char       *rules_id;      /* the provider whose rules apply ("like") */
  char       *wire_id;
  char       *path;
  guint       max_concurrent;
  guint       max_outputs;
  FsSizeRule  size;
  char       *default_aspect;
  char       *min_aspect;
  char       *max_aspect;
  GStrv       sizes;
  guint       max_references;
  guint       experimental_references;
  char       *reference_wire;
  char       *image_wire;    /* a model that edits an image: its field */
  char       *mask_wire;     /* and the field of its mask, if it takes one */
  FsPrice     price;
  GPtrArray  *params;        /* FsParam, panel order */
  GStrv       notes;         /* the model's notes that hold for this provider */
} FsOffer;

struct _FsModel
{
  GObject     parent_instance;

  char       *id;
  char       *name;
  char       *family;
  char       *description;
  guint       typical_seconds;
  guint       prompt_max_chars;
  guint       prompt_max_tokens;
  gboolean    prompt_optional;
  GStrv       notes;         /* those that hold for every provider */
  GStrv       provider_ids;
  GPtrArray  *offers;        /* FsOffer, in the data's provider order */
};

void _fs_param_free (FsParam *param);
void _fs_offer_free (FsOffer *offer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FsParam, _fs_param_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FsOffer, _fs_offer_free)

G_END_DECLS
