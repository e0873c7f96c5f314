/* fs-catalog-offer.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "fs-catalog-private.h"

/* What one provider offers of one model: its wire id and path, the size
 * rule, the reference limits, the image count and the price, each read
 * from the model, the provider it is "like" and its own entry, in that
 * order; then its parameters (fs-catalog-param.c). */

static const char * const size_kind_names[] = {
  "dimensions", "aspect_ratio", "fixed", "image", NULL
};
static const char * const price_unit_names[] = { "unknown", "image", "megapixel", NULL };

/* Size rules */

static gboolean
size_read_dimensions (FsOffer             *offer,
                      JsonObject          *rule,
                      const FsSchemaScope *scope,
                      GError             **error)
{
  FsSizeRule *size = &offer->size;
  guint cap = 0;

  size->multiple = 1;
  if (!_fs_schema_read_uint (rule, "multiple", &size->multiple, scope, error) ||
      !_fs_schema_read_uint (rule, "min", &size->min, scope, error) ||
      !_fs_schema_read_uint (rule, "max", &size->max, scope, error) ||
      !_fs_schema_read_uint (rule, "max_pixels", &cap, scope, error) ||
      !_fs_schema_read_uint (rule, "default_width", &size->default_width, scope, error) ||
      !_fs_schema_read_uint (rule, "default_height", &size->default_height, scope, error))
    return FALSE;

  size->max_pixels = cap;

  if (size->multiple == 0 || size->min == 0 || size->min > size->max ||
      size->default_width < size->min || size->default_width > size->max ||
      size->default_height < size->min || size->default_height > size->max ||
      size->default_width % size->multiple != 0 ||
      size->default_height % size->multiple != 0)
    {
      _fs_schema_error (error, scope, "size",
                        _("needs a multiple, 0 < min ≤ max, and default sizes "
                         "within them on the grid"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
size_read_aspect (FsOffer             *offer,
                  JsonObject          *rule,
                  const FsSchemaScope *scope,
                  GError             **error)
{
  FsSizeRule *size = &offer->size;

  size->megapixels = 1;
  size->multiple = 1;
  if (!_fs_schema_read_string (rule, "min", TRUE, &offer->min_aspect, scope, error) ||
      !_fs_schema_read_string (rule, "max", TRUE, &offer->max_aspect, scope, error) ||
      !_fs_schema_read_string (rule, "default", TRUE, &offer->default_aspect, scope, error) ||
      !_fs_schema_read_double (rule, "megapixels", NULL, &size->megapixels, scope, error) ||
      !_fs_schema_read_uint (rule, "multiple", &size->multiple, scope, error))
    return FALSE;

  size->default_aspect = offer->default_aspect;
  size->min_aspect = offer->min_aspect;
  size->max_aspect = offer->max_aspect;

  if (size->megapixels <= 0 || size->multiple == 0 ||
      !fs_aspect_ratio_parse (offer->min_aspect, &size->min_ratio) ||
      !fs_aspect_ratio_parse (offer->max_aspect, &size->max_ratio) ||
      size->min_ratio > size->max_ratio ||
      !fs_size_rule_get_aspect_size (size, offer->default_aspect,
                                     &size->default_width, &size->default_height))
    {
      _fs_schema_error (error, scope, "size",
                        _("needs W:H ratios min ≤ max, a W:H default and positive megapixels"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
size_read_fixed (FsOffer             *offer,
                 JsonObject          *rule,
                 const FsSchemaScope *scope,
                 GError             **error)
{
  FsSizeRule *size = &offer->size;
  g_autofree char *fallback = NULL;

  if (!_fs_schema_read_strv (rule, "sizes", &offer->sizes, scope, error) ||
      !_fs_schema_read_string (rule, "default", TRUE, &fallback, scope, error))
    return FALSE;

  size->sizes = (const char * const *) offer->sizes;

  for (guint i = 0; offer->sizes != NULL && offer->sizes[i] != NULL; i++)
    {
      guint width, height;

      if (!fs_size_parse (offer->sizes[i], &width, &height))
        {
          _fs_schema_error (error, scope, "size", _("“%s” is not WxH"), offer->sizes[i]);
          return FALSE;
        }
    }

  if (offer->sizes == NULL || !g_strv_contains (size->sizes, fallback))
    {
      _fs_schema_error (error, scope, "size", _("the default must be one of the sizes"));
      return FALSE;
    }

  return fs_size_parse (fallback, &size->default_width, &size->default_height);
}

/* The output is the image being edited, grown by the margins when the
 * model takes them; "max" (a side) and "max_pixels" cap the result when
 * the provider documents a cap (docs/ARCHITECTURE.md, “The catalog”). */
static gboolean
size_read_image (FsOffer             *offer,
                 JsonObject          *rule,
                 const FsSchemaScope *scope,
                 GError             **error)
{
  FsSizeRule *size = &offer->size;
  guint cap = 0;

  if (!_fs_schema_read_uint (rule, "max", &size->max, scope, error) ||
      !_fs_schema_read_uint (rule, "max_pixels", &cap, scope, error))
    return FALSE;

  size->max_pixels = cap;
  return TRUE;
}

static gboolean
size_parse (FsOffer             *offer,
            JsonObject          *rule,
            const FsSchemaScope *scope,
            GError             **error)
{
  g_autofree char *kind = NULL;
  int index;

  if (!_fs_schema_read_string (rule, "kind", TRUE, &kind, scope, error))
    return FALSE;

  index = _fs_schema_name_to_enum (size_kind_names, kind);
  if (index < 0)
    {
      _fs_schema_error (error, scope, "size",
                        _("unknown kind “%s” (use dimensions, aspect_ratio, fixed or image)"),
                        kind);
      return FALSE;
    }

  offer->size.kind = (FsSizeKind) index;

  switch (offer->size.kind)
    {
    case FS_SIZE_DIMENSIONS:
      return size_read_dimensions (offer, rule, scope, error);
    case FS_SIZE_ASPECT_RATIO:
      return size_read_aspect (offer, rule, scope, error);
    case FS_SIZE_IMAGE:
      return size_read_image (offer, rule, scope, error);
    case FS_SIZE_FIXED:
    default:
      return size_read_fixed (offer, rule, scope, error);
    }
}

/* A "size" member is either the name of a shared rule, which replaces the
 * rule below it, or an object, which layers over it (a provider override
 * of the model's rule, say). */
static gboolean
size_layer (JsonObject         **rule,
            JsonObject          *layer,
            const FsSchemaScope *scope,
            GError             **error)
{
  JsonNode *node = layer != NULL ? json_object_get_member (layer, "size") : NULL;
  JsonNode *named = NULL;

  if (node == NULL)
    return TRUE;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      _fs_schema_overlay (*rule, json_node_get_object (node));
      return TRUE;
    }

  if (_fs_schema_node_holds (node, G_TYPE_STRING))
    named = json_object_get_member (scope->sizes, json_node_get_string (node));

  if (named == NULL || !JSON_NODE_HOLDS_OBJECT (named))
    {
      _fs_schema_error (error, scope, "size",
                        _("must be an object or the name of a rule in “sizes”"));
      return FALSE;
    }

  json_object_unref (*rule);
  *rule = json_object_new ();
  _fs_schema_overlay (*rule, json_node_get_object (named));
  return TRUE;
}

/* Offers */

static gboolean
offer_read_size (FsOffer             *offer,
                 const FsOfferLayers *layers,
                 const FsSchemaScope *scope,
                 GError             **error)
{
  g_autoptr(JsonObject) rule = json_object_new ();

  if (!size_layer (&rule, layers->model, scope, error) ||
      !size_layer (&rule, layers->like, scope, error) ||
      !size_layer (&rule, layers->entry, scope, error))
    return FALSE;

  if (json_object_get_size (rule) == 0)
    {
      _fs_schema_error (error, scope, "size", _("is missing"));
      return FALSE;
    }

  return size_parse (offer, rule, scope, error);
}

static gboolean
offer_read_references (FsOffer             *offer,
                       const FsOfferLayers *layers,
                       const FsSchemaScope *scope,
                       GError             **error)
{
  g_autoptr(JsonObject) refs = json_object_new ();
  JsonObject *each[] = { layers->model, layers->like, layers->entry };

  for (guint i = 0; i < G_N_ELEMENTS (each); i++)
    {
      JsonObject *layer = NULL;

      if (!_fs_schema_read_object (each[i], "references", &layer, scope, error))
        return FALSE;
      _fs_schema_overlay (refs, layer);
    }

  if (!_fs_schema_read_uint (refs, "max", &offer->max_references, scope, error) ||
      !_fs_schema_read_uint (refs, "experimental", &offer->experimental_references, scope, error) ||
      !_fs_schema_read_string (refs, "wire", FALSE, &offer->reference_wire, scope, error))
    return FALSE;

  if (offer->max_references + offer->experimental_references > 0 &&
      offer->reference_wire == NULL)
    {
      _fs_schema_error (error, scope, "references", _("needs a wire name"));
      return FALSE;
    }

  return TRUE;
}

/* A model that edits one image names the field it is sent in, and the
 * field of its mask when it takes one; such a model's output is the image's
 * size, so it goes with the size rule "image" and with nothing else. */
static gboolean
offer_read_image (FsOffer             *offer,
                  const FsOfferLayers *layers,
                  const FsSchemaScope *scope,
                  GError             **error)
{
  g_autoptr(JsonObject) image = json_object_new ();
  JsonObject *each[] = { layers->model, layers->like, layers->entry };
  gboolean edits;

  for (guint i = 0; i < G_N_ELEMENTS (each); i++)
    {
      JsonObject *layer = NULL;

      if (!_fs_schema_read_object (each[i], "image", &layer, scope, error))
        return FALSE;
      _fs_schema_overlay (image, layer);
    }

  if (!_fs_schema_read_string (image, "wire", FALSE, &offer->image_wire, scope, error) ||
      !_fs_schema_read_string (image, "mask", FALSE, &offer->mask_wire, scope, error))
    return FALSE;

  edits = offer->image_wire != NULL && offer->image_wire[0] != '\0';
  if ((json_object_get_size (image) > 0 && !edits) ||
      edits != (offer->size.kind == FS_SIZE_IMAGE))
    {
      _fs_schema_error (error, scope, "image",
                        _("a model that edits an image needs a wire name for it and "
                          "the size rule “image”, and only such a model has that rule"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
offer_read_max_outputs (FsOffer             *offer,
                        const FsOfferLayers *layers,
                        const FsSchemaScope *scope,
                        GError             **error)
{
  offer->max_outputs = 1;

  if (!_fs_schema_read_uint (layers->model, "max_outputs", &offer->max_outputs, scope, error) ||
      !_fs_schema_read_uint (layers->like, "max_outputs", &offer->max_outputs, scope, error) ||
      !_fs_schema_read_uint (layers->entry, "max_outputs", &offer->max_outputs, scope, error))
    return FALSE;

  if (offer->max_outputs == 0)
    {
      _fs_schema_error (error, scope, "max_outputs", _("must be at least 1"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
offer_read_price (FsOffer             *offer,
                  JsonObject          *entry,
                  const FsSchemaScope *scope,
                  GError             **error)
{
  g_autofree char *unit = NULL;
  JsonObject *price = NULL;
  int index;

  offer->price.unit = FS_PRICE_UNKNOWN;

  if (!_fs_schema_read_object (entry, "price", &price, scope, error))
    return FALSE;
  if (price == NULL)
    return TRUE;

  if (!_fs_schema_read_string (price, "unit", TRUE, &unit, scope, error))
    return FALSE;

  index = _fs_schema_name_to_enum (price_unit_names, unit);
  if (index < 0)
    {
      _fs_schema_error (error, scope, "price",
                        _("unknown unit “%s” (use image, megapixel or unknown)"), unit);
      return FALSE;
    }

  offer->price.unit = (FsPriceUnit) index;

  return _fs_schema_read_double (price, "usd", NULL, &offer->price.usd, scope, error) &&
         _fs_schema_read_double (price, "input_usd_per_mp", NULL,
                                 &offer->price.usd_input_mp, scope, error) &&
         _fs_schema_read_bool (price, "from", &offer->price.from, scope, error);
}

FsOffer *
_fs_offer_parse (const char          *model_id,
                 const char          *provider_id,
                 const char          *like_id,
                 const FsOfferLayers *layers,
                 const FsSchemaScope *scope,
                 GError             **error)
{
  g_autoptr(FsOffer) offer = g_new0 (FsOffer, 1);
  JsonObject *entry = layers->entry;

  offer->id = g_strdup (provider_id);
  offer->rules_id = g_strdup (like_id != NULL ? like_id : provider_id);
  offer->wire_id = g_strdup (model_id);

  if (!_fs_schema_read_string (entry, "wire_id", FALSE, &offer->wire_id, scope, error) ||
      !_fs_schema_read_string (entry, "path", FALSE, &offer->path, scope, error) ||
      !_fs_schema_read_uint (entry, "max_concurrent", &offer->max_concurrent, scope, error) ||
      !offer_read_price (offer, entry, scope, error) ||
      !offer_read_size (offer, layers, scope, error) ||
      !offer_read_references (offer, layers, scope, error) ||
      !offer_read_image (offer, layers, scope, error) ||
      !offer_read_max_outputs (offer, layers, scope, error) ||
      !_fs_schema_read_notes (layers->model, provider_id, &offer->notes, scope, error) ||
      !_fs_offer_read_params (offer, layers->model, scope, error))
    return NULL;

  return g_steal_pointer (&offer);
}
