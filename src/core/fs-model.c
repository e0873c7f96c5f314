/* fs-model.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fs-model-private.h"

/* One model of the catalog, as the parser in fs-catalog-*.c built it:
 * everything it does on each provider is resolved into an FsOffer. After
 * loading nothing changes, so models can be read from any thread.
 *
 * Ownership: FsParam, FsSizeRule and FsPrice pointers belong to their model.
 * fs_model_get_params() returns a new reference to the model's own array.
 */

G_DEFINE_FINAL_TYPE (FsModel, fs_model, G_TYPE_OBJECT)

/* Parts */

void
_fs_offer_free (FsOffer *offer)
{
  g_free (offer->id);
  g_free (offer->rules_id);
  g_free (offer->wire_id);
  g_free (offer->path);
  g_free (offer->default_aspect);
  g_free (offer->min_aspect);
  g_free (offer->max_aspect);
  g_strfreev (offer->sizes);
  g_free (offer->reference_wire);
  g_free (offer->image_wire);
  g_free (offer->mask_wire);
  g_clear_pointer (&offer->params, g_ptr_array_unref);
  g_strfreev (offer->notes);
  g_free (offer);
}

/* GObject */

static void
fs_model_finalize (GObject *object)
{
  FsModel *self = (FsModel *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->family);
  g_free (self->description);
  g_strfreev (self->notes);
  g_strfreev (self->provider_ids);
  g_clear_pointer (&self->offers, g_ptr_array_unref);

  G_OBJECT_CLASS (fs_model_parent_class)->finalize (object);
}

static void
fs_model_class_init (FsModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fs_model_finalize;
}

static void
fs_model_init (FsModel *self)
{
  self->description = g_strdup ("");
  self->offers = g_ptr_array_new_with_free_func ((GDestroyNotify) _fs_offer_free);
}

static FsOffer *
model_find_offer (FsModel    *self,
                  const char *provider_id)
{
  for (guint i = 0; provider_id != NULL && i < self->offers->len; i++)
    {
      FsOffer *offer = g_ptr_array_index (self->offers, i);

      if (g_str_equal (offer->id, provider_id))
        return offer;
    }

  return NULL;
}

/* FsModel */

const char *
fs_model_get_id (FsModel *self)
{
  g_return_val_if_fail (FS_IS_MODEL (self), NULL);

  return self->id;
}

const char *
fs_model_get_name (FsModel *self)
{
  g_return_val_if_fail (FS_IS_MODEL (self), NULL);

  return self->name;
}

const char *
fs_model_get_family (FsModel *self)
{
  g_return_val_if_fail (FS_IS_MODEL (self), NULL);

  return self->family;
}

const char *
fs_model_get_description (FsModel *self)
{
  g_return_val_if_fail (FS_IS_MODEL (self), NULL);

  return self->description;
}

guint
fs_model_get_typical_seconds (FsModel *self)
{
  g_return_val_if_fail (FS_IS_MODEL (self), 0);

  return self->typical_seconds;
}

/* 0 means the data gives no limit. */
guint
fs_model_get_prompt_max_chars (FsModel *self)
{
  g_return_val_if_fail (FS_IS_MODEL (self), 0);

  return self->prompt_max_chars;
}

guint
fs_model_get_prompt_max_tokens (FsModel *self)
{
  g_return_val_if_fail (FS_IS_MODEL (self), 0);

  return self->prompt_max_tokens;
}

gboolean
fs_model_get_prompt_optional (FsModel *self)
{
  g_return_val_if_fail (FS_IS_MODEL (self), FALSE);

  return self->prompt_optional;
}

/**
 * fs_model_get_notes:
 * @self: a model
 * @provider_id: (nullable): a provider of the model, or %NULL
 *
 * The notes that hold for the model on @provider_id, or with %NULL the
 * ones that hold wherever it is offered.
 *
 * Returns: (transfer none): a %NULL-terminated array, never %NULL
 */
const char * const *
fs_model_get_notes (FsModel    *self,
                    const char *provider_id)
{
  static const char * const none[] = { NULL };
  GStrv notes;

  g_return_val_if_fail (FS_IS_MODEL (self), none);

  if (provider_id == NULL)
    notes = self->notes;
  else
    {
      FsOffer *offer = model_find_offer (self, provider_id);

      notes = offer != NULL ? offer->notes : NULL;
    }

  return notes != NULL ? (const char * const *) notes : none;
}

const char * const *
fs_model_get_providers (FsModel *self)
{
  g_return_val_if_fail (FS_IS_MODEL (self), NULL);

  return (const char * const *) self->provider_ids;
}

gboolean
fs_model_has_provider (FsModel    *self,
                       const char *provider_id)
{
  g_return_val_if_fail (FS_IS_MODEL (self), FALSE);

  return model_find_offer (self, provider_id) != NULL;
}

const char *
fs_model_get_wire_id (FsModel    *self,
                      const char *provider_id)
{
  FsOffer *offer;

  g_return_val_if_fail (FS_IS_MODEL (self), NULL);

  offer = model_find_offer (self, provider_id);
  return offer != NULL ? offer->wire_id : NULL;
}

/* NULL when the provider has a fixed endpoint for every model. */
const char *
fs_model_get_path (FsModel    *self,
                   const char *provider_id)
{
  FsOffer *offer;

  g_return_val_if_fail (FS_IS_MODEL (self), NULL);

  offer = model_find_offer (self, provider_id);
  return offer != NULL ? offer->path : NULL;
}

/* How many tasks the provider runs at once per account; 0 means no cap. */
guint
fs_model_get_max_concurrent (FsModel    *self,
                             const char *provider_id)
{
  FsOffer *offer;

  g_return_val_if_fail (FS_IS_MODEL (self), 0);

  offer = model_find_offer (self, provider_id);
  return offer != NULL ? offer->max_concurrent : 0;
}

guint
fs_model_get_max_outputs (FsModel    *self,
                          const char *provider_id)
{
  FsOffer *offer;

  g_return_val_if_fail (FS_IS_MODEL (self), 0);

  offer = model_find_offer (self, provider_id);
  return offer != NULL ? offer->max_outputs : 0;
}

const FsSizeRule *
fs_model_get_size_rule (FsModel    *self,
                        const char *provider_id)
{
  FsOffer *offer;

  g_return_val_if_fail (FS_IS_MODEL (self), NULL);

  offer = model_find_offer (self, provider_id);
  return offer != NULL ? &offer->size : NULL;
}

/* The references the model supports; experimental ones come on top. */
guint
fs_model_get_max_references (FsModel    *self,
                             const char *provider_id)
{
  FsOffer *offer;

  g_return_val_if_fail (FS_IS_MODEL (self), 0);

  offer = model_find_offer (self, provider_id);
  return offer != NULL ? offer->max_references : 0;
}

guint
fs_model_get_experimental_references (FsModel    *self,
                                      const char *provider_id)
{
  FsOffer *offer;

  g_return_val_if_fail (FS_IS_MODEL (self), 0);

  offer = model_find_offer (self, provider_id);
  return offer != NULL ? offer->experimental_references : 0;
}

/* The first reference's field; the n-th (n ≥ 2) is "<wire>_<n>". */
const char *
fs_model_get_reference_wire (FsModel    *self,
                             const char *provider_id)
{
  FsOffer *offer;

  g_return_val_if_fail (FS_IS_MODEL (self), NULL);

  offer = model_find_offer (self, provider_id);
  return offer != NULL ? offer->reference_wire : NULL;
}

const char *
fs_model_get_image_wire (FsModel    *self,
                         const char *provider_id)
{
  FsOffer *offer;

  g_return_val_if_fail (FS_IS_MODEL (self), NULL);

  offer = model_find_offer (self, provider_id);
  return offer != NULL ? offer->image_wire : NULL;
}

const char *
fs_model_get_mask_wire (FsModel    *self,
                        const char *provider_id)
{
  FsOffer *offer;

  g_return_val_if_fail (FS_IS_MODEL (self), NULL);

  offer = model_find_offer (self, provider_id);
  return offer != NULL ? offer->mask_wire : NULL;
}

/* All four or none: the catalog parser refuses a model with some. */
gboolean
fs_model_takes_margins (FsModel    *self,
                        const char *provider_id)
{
  g_return_val_if_fail (FS_IS_MODEL (self), FALSE);

  return fs_model_find_param (self, provider_id, "top") != NULL;
}

const FsPrice *
fs_model_get_price (FsModel    *self,
                    const char *provider_id)
{
  FsOffer *offer;

  g_return_val_if_fail (FS_IS_MODEL (self), NULL);

  offer = model_find_offer (self, provider_id);
  return offer != NULL ? &offer->price : NULL;
}

/* Per megapixel, BFL bills output in hundredths of a megapixel with the
 * first megapixel in full. Every image is its own call there, so the
 * references' input megapixels are billed once per image. */
gboolean
fs_model_estimate_cost (FsModel    *self,
                        const char *provider_id,
                        guint       width,
                        guint       height,
                        double      input_megapixels,
                        guint       n_images,
                        double     *usd)
{
  const FsPrice *price;
  double output_mp;

  g_return_val_if_fail (FS_IS_MODEL (self), FALSE);
  g_return_val_if_fail (usd != NULL, FALSE);

  price = fs_model_get_price (self, provider_id);
  if (price == NULL || price->unit == FS_PRICE_UNKNOWN)
    return FALSE;

  if (price->unit == FS_PRICE_PER_IMAGE)
    {
      *usd = price->usd * n_images;
      return TRUE;
    }

  /* The small offset keeps an exact 1.00 MP from rounding up to 1.01. */
  output_mp = ceil ((double) width * height / 1e4 - 1e-9) / 100.0;
  *usd = (price->usd * MAX (1.0, output_mp) +
          price->usd_input_mp * input_megapixels) * n_images;
  return TRUE;
}

GPtrArray *
fs_model_get_params (FsModel    *self,
                     const char *provider_id)
{
  FsOffer *offer;

  g_return_val_if_fail (FS_IS_MODEL (self), NULL);

  offer = model_find_offer (self, provider_id);
  if (offer == NULL)
    return g_ptr_array_new ();

  return g_ptr_array_ref (offer->params);
}

/* Returns the parameter (owned by the model) or NULL when the model does
 * not take it on this provider. */
FsParam *
fs_model_find_param (FsModel    *self,
                     const char *provider_id,
                     const char *name)
{
  FsOffer *offer;

  g_return_val_if_fail (FS_IS_MODEL (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  offer = model_find_offer (self, provider_id);
  for (guint i = 0; offer != NULL && i < offer->params->len; i++)
    {
      FsParam *param = g_ptr_array_index (offer->params, i);

      if (g_str_equal (param->name, name))
        return param;
    }

  return NULL;
}
