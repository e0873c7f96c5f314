/* fs-catalog.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "fs-catalog"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "fs-catalog.h"
#include "fs-error.h"

/* The catalog is data/models.json, compiled into the core gresource, plus
 * an optional user file that adds or replaces models. Everything a model
 * does on a provider is resolved once, at load time, into an Offer: the
 * parameters with that provider's ranges, defaults and wire names, the size
 * rule, the reference limits and the price. After loading nothing changes,
 * so models can be read from any thread.
 *
 * Ownership: FsParam, FsSizeRule and FsPrice pointers belong to their model.
 * fs_model_get_params() returns a new reference to the model's own array.
 */

/* Defined by the compiled gresource (data/meson.build, c_name fs_core);
 * referencing it is also what links the resource into every program. */
GResource *fs_core_get_resource (void);

#define MODELS_RESOURCE RESOURCE_PREFIX "/models.json"

/* Integer parameters without a documented bound get the widest range that
 * a double, a JSON number and a gint64 all hold exactly. */
#define MAX_SAFE_INTEGER 9007199254740991.0

/* BFL's examples treat 1 MP as 1024×1024 when they size aspect ratios. */
#define PIXELS_PER_MEGAPIXEL 1048576.0

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
  FsPrice     price;
  GPtrArray  *params;        /* FsParam, panel order */
} Offer;

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
  GStrv       notes;
  GStrv       provider_ids;
  GPtrArray  *offers;        /* Offer, in the data's provider order */
};

struct _FsCatalog
{
  GObject     parent_instance;

  GPtrArray  *models;        /* FsModel, catalog order */
  GHashTable *by_id;         /* id → FsModel, borrowed from models */
  GPtrArray  *warnings;      /* char *, NULL-terminated */
};

/* Where a definition is being read from, to name it in error messages,
 * and the shared definitions it may refer to. */
typedef struct
{
  const char *source;
  JsonObject *params;
  JsonObject *sizes;
  const char *model_id;
} Scope;

static void fs_catalog_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FsCatalog, fs_catalog, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      fs_catalog_list_model_iface_init))
G_DEFINE_FINAL_TYPE (FsModel, fs_model, G_TYPE_OBJECT)

/* Errors */

static void schema_error (GError     **error,
                          const Scope *scope,
                          const char  *field,
                          const char  *format,
                          ...) G_GNUC_PRINTF (4, 5);

static void
schema_error (GError     **error,
              const Scope *scope,
              const char  *field,
              const char  *format,
              ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  if (scope->model_id != NULL)
    g_set_error (error, FS_ERROR, FS_ERROR_CATALOG,
                 /* Translators: file, model id, field name, what is wrong */
                 _("%s: model “%s”: field “%s”: %s"),
                 scope->source, scope->model_id, field, detail);
  else
    g_set_error (error, FS_ERROR, FS_ERROR_CATALOG,
                 /* Translators: file, field name, what is wrong */
                 _("%s: field “%s”: %s"),
                 scope->source, field, detail);
}

/* Typed JSON access. Each reader leaves *out alone when the member is
 * absent and fails with a schema error when it has the wrong type. */

static gboolean
node_holds (JsonNode *node,
            GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
node_holds_number (JsonNode *node)
{
  return node_holds (node, G_TYPE_INT64) || node_holds (node, G_TYPE_DOUBLE);
}

static gboolean
read_string (JsonObject  *object,
             const char  *key,
             gboolean     required,
             char       **out,
             const Scope *scope,
             GError     **error)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, key) : NULL;

  if (node == NULL)
    {
      if (required)
        schema_error (error, scope, key, _("is missing"));
      return !required;
    }

  if (!node_holds (node, G_TYPE_STRING) || json_node_get_string (node)[0] == '\0')
    {
      schema_error (error, scope, key, _("must be a non-empty string"));
      return FALSE;
    }

  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_uint (JsonObject  *object,
           const char  *key,
           guint       *out,
           const Scope *scope,
           GError     **error)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, key) : NULL;

  if (node == NULL)
    return TRUE;

  if (!node_holds (node, G_TYPE_INT64) ||
      json_node_get_int (node) < 0 || json_node_get_int (node) > G_MAXUINT)
    {
      schema_error (error, scope, key, _("must be a whole number of at least 0"));
      return FALSE;
    }

  *out = (guint) json_node_get_int (node);
  return TRUE;
}

static gboolean
read_double (JsonObject  *object,
             const char  *key,
             gboolean    *present,
             double      *out,
             const Scope *scope,
             GError     **error)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, key) : NULL;

  if (node == NULL)
    return TRUE;

  if (!node_holds_number (node) || !isfinite (json_node_get_double (node)))
    {
      schema_error (error, scope, key, _("must be a number"));
      return FALSE;
    }

  *out = json_node_get_double (node);
  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

static gboolean
read_bool (JsonObject  *object,
           const char  *key,
           gboolean    *out,
           const Scope *scope,
           GError     **error)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, key) : NULL;

  if (node == NULL)
    return TRUE;

  if (!node_holds (node, G_TYPE_BOOLEAN))
    {
      schema_error (error, scope, key, _("must be true or false"));
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_strv (JsonObject  *object,
           const char  *key,
           GStrv       *out,
           const Scope *scope,
           GError     **error)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, key) : NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto invalid;

  builder = g_strv_builder_new ();
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!node_holds (element, G_TYPE_STRING))
        goto invalid;
      g_strv_builder_add (builder, json_node_get_string (element));
    }

  g_strfreev (*out);
  *out = g_strv_builder_end (builder);
  return TRUE;

invalid:
  schema_error (error, scope, key, _("must be a list of strings"));
  return FALSE;
}

/* An optional member that must be an object when present. */
static gboolean
read_object (JsonObject  *object,
             const char  *key,
             JsonObject **out,
             const Scope *scope,
             GError     **error)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, key) : NULL;

  *out = NULL;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      schema_error (error, scope, key, _("must be an object"));
      return FALSE;
    }

  *out = json_node_get_object (node);
  return TRUE;
}

/* Layers @over on top of @target, member by member. */
static void
object_overlay (JsonObject *target,
                JsonObject *over)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  if (over == NULL)
    return;

  json_object_iter_init_ordered (&iter, over);
  while (json_object_iter_next_ordered (&iter, &key, &node))
    json_object_set_member (target, key, json_node_copy (node));
}

/* The position of @text in a NULL-terminated list of names (how the data
 * spells the values of an enum), or -1. */
static int
name_to_enum (const char * const *names,
              const char         *text)
{
  for (int i = 0; names[i] != NULL; i++)
    {
      if (g_strcmp0 (text, names[i]) == 0)
        return i;
    }

  return -1;
}

static const char * const param_type_names[] = { "int", "number", "bool", "enum", "string", NULL };
static const char * const size_kind_names[] = { "dimensions", "aspect_ratio", "fixed", NULL };
static const char * const price_unit_names[] = { "unknown", "image", "megapixel", NULL };

/* Text forms of sizes and ratios, shared with the request validator. */

static gboolean
parse_positive_decimal (const char *text,
                        gsize       length,
                        double     *value)
{
  g_autofree char *copy = g_strndup (text, length);
  guint dots = 0;

  if (length == 0)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (copy[i] == '.')
        dots++;
      else if (!g_ascii_isdigit (copy[i]))
        return FALSE;
    }

  *value = g_ascii_strtod (copy, NULL);
  return dots <= 1 && *value > 0 && isfinite (*value);
}

gboolean
fs_aspect_ratio_parse (const char *text,
                       double     *ratio)
{
  const char *colon;
  double width;
  double height;

  g_return_val_if_fail (ratio != NULL, FALSE);

  if (text == NULL || (colon = strchr (text, ':')) == NULL)
    return FALSE;

  if (!parse_positive_decimal (text, colon - text, &width) ||
      !parse_positive_decimal (colon + 1, strlen (colon + 1), &height))
    return FALSE;

  *ratio = width / height;
  return TRUE;
}

static gboolean
parse_dimension (const char *text,
                 gsize       length,
                 guint      *value)
{
  guint64 number = 0;

  if (length == 0 || length > 6)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      number = number * 10 + (guint64) (text[i] - '0');
    }

  *value = (guint) number;
  return number > 0;
}

gboolean
fs_size_parse (const char *text,
               guint      *width,
               guint      *height)
{
  const char *x;

  g_return_val_if_fail (width != NULL, FALSE);
  g_return_val_if_fail (height != NULL, FALSE);

  if (text == NULL || (x = strchr (text, 'x')) == NULL)
    return FALSE;

  return parse_dimension (text, x - text, width) &&
         parse_dimension (x + 1, strlen (x + 1), height);
}

static guint
round_to_multiple (double value,
                   guint  multiple)
{
  double rounded = round (value / multiple) * multiple;

  return (guint) MAX (rounded, (double) multiple);
}

gboolean
fs_size_rule_get_aspect_size (const FsSizeRule *rule,
                              const char       *aspect_ratio,
                              guint            *width,
                              guint            *height)
{
  double pixels;
  double ratio;

  g_return_val_if_fail (rule != NULL, FALSE);
  g_return_val_if_fail (width != NULL, FALSE);
  g_return_val_if_fail (height != NULL, FALSE);

  if (rule->kind != FS_SIZE_ASPECT_RATIO ||
      !fs_aspect_ratio_parse (aspect_ratio, &ratio))
    return FALSE;

  pixels = rule->megapixels * PIXELS_PER_MEGAPIXEL;
  *width = round_to_multiple (sqrt (pixels * ratio), MAX (rule->multiple, 1));
  *height = round_to_multiple (sqrt (pixels / ratio), MAX (rule->multiple, 1));
  return TRUE;
}

/* Parameters */

static void
param_free (FsParam *param)
{
  g_free (param->name);
  g_free (param->label);
  g_free (param->description);
  g_free (param->wire);
  g_free (param->unit);
  g_free (param->note);
  g_clear_pointer (&param->default_value, g_variant_unref);
  g_strfreev (param->choices);
  g_free (param);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FsParam, param_free)

/* A JSON default as a GVariant of the parameter's type, or NULL when the
 * node does not hold that type. */
static GVariant *
param_value_from_node (FsParamType  type,
                       JsonNode    *node)
{
  switch (type)
    {
    case FS_PARAM_INT:
      return node_holds (node, G_TYPE_INT64) ?
             g_variant_new_int64 (json_node_get_int (node)) : NULL;

    case FS_PARAM_NUMBER:
      return node_holds_number (node) ?
             g_variant_new_double (json_node_get_double (node)) : NULL;

    case FS_PARAM_BOOL:
      return node_holds (node, G_TYPE_BOOLEAN) ?
             g_variant_new_boolean (json_node_get_boolean (node)) : NULL;

    case FS_PARAM_ENUM:
    case FS_PARAM_STRING:
    default:
      return node_holds (node, G_TYPE_STRING) ?
             g_variant_new_string (json_node_get_string (node)) : NULL;
    }
}

static gboolean
param_read_texts (FsParam     *param,
                  JsonObject  *def,
                  const Scope *scope,
                  GError     **error)
{
  g_autofree char *type = NULL;
  int index;

  if (!read_string (def, "type", TRUE, &type, scope, error))
    return FALSE;

  index = name_to_enum (param_type_names, type);
  if (index < 0)
    {
      schema_error (error, scope, param->name,
                    _("unknown type “%s” (use int, number, bool, enum or string)"),
                    type);
      return FALSE;
    }

  param->type = (FsParamType) index;
  param->label = g_strdup (param->name);
  param->description = g_strdup ("");
  param->wire = g_strdup (param->name);

  return read_string (def, "label", FALSE, &param->label, scope, error) &&
         read_string (def, "description", FALSE, &param->description, scope, error) &&
         read_string (def, "wire", FALSE, &param->wire, scope, error) &&
         read_string (def, "unit", FALSE, &param->unit, scope, error) &&
         read_string (def, "note", FALSE, &param->note, scope, error) &&
         read_strv (def, "choices", &param->choices, scope, error);
}

static gboolean
param_read_range (FsParam     *param,
                  JsonObject  *def,
                  const Scope *scope,
                  GError     **error)
{
  gboolean is_int = param->type == FS_PARAM_INT;
  gboolean has_min = FALSE;
  gboolean has_max = FALSE;

  param->min = is_int ? -MAX_SAFE_INTEGER : -G_MAXDOUBLE;
  param->max = is_int ? MAX_SAFE_INTEGER : G_MAXDOUBLE;
  param->step = is_int ? 1 : 0;

  if (!read_double (def, "min", &has_min, &param->min, scope, error) ||
      !read_double (def, "max", &has_max, &param->max, scope, error) ||
      !read_double (def, "step", NULL, &param->step, scope, error))
    return FALSE;

  param->has_range = has_min || has_max;

  if (param->min > param->max || param->step < 0)
    {
      schema_error (error, scope, param->name,
                    _("needs min ≤ max and a step of at least 0"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
param_read_default (FsParam     *param,
                    JsonObject  *def,
                    const Scope *scope,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (def, "default");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  param->default_value = param_value_from_node (param->type, node);
  if (param->default_value == NULL)
    {
      schema_error (error, scope, param->name,
                    _("the default does not match the parameter’s type"));
      return FALSE;
    }

  g_variant_ref_sink (param->default_value);
  return TRUE;
}

static FsParam *
param_parse (const char  *name,
             JsonObject  *def,
             const Scope *scope,
             GError     **error)
{
  g_autoptr(FsParam) param = g_new0 (FsParam, 1);

  param->name = g_strdup (name);

  if (!param_read_texts (param, def, scope, error) ||
      !param_read_range (param, def, scope, error) ||
      !param_read_default (param, def, scope, error))
    return NULL;

  return g_steal_pointer (&param);
}

/* Checks what only holds once the size rule has filled in its part. */
static gboolean
param_check (FsParam     *param,
             const Scope *scope,
             GError     **error)
{
  GVariant *value = param->default_value;

  if (param->type == FS_PARAM_ENUM &&
      (param->choices == NULL || param->choices[0] == NULL))
    {
      schema_error (error, scope, param->name, _("an enum needs choices"));
      return FALSE;
    }

  if (value == NULL)
    return TRUE;

  if ((param->type == FS_PARAM_ENUM &&
       !g_strv_contains ((const char * const *) param->choices,
                         g_variant_get_string (value, NULL))) ||
      (param->type == FS_PARAM_INT &&
       (g_variant_get_int64 (value) < param->min ||
        g_variant_get_int64 (value) > param->max)) ||
      (param->type == FS_PARAM_NUMBER &&
       (g_variant_get_double (value) < param->min ||
        g_variant_get_double (value) > param->max)))
    {
      schema_error (error, scope, param->name,
                    _("the default is outside the allowed values"));
      return FALSE;
    }

  return TRUE;
}

/* Size rules */

static gboolean
size_read_dimensions (Offer       *offer,
                      JsonObject  *rule,
                      const Scope *scope,
                      GError     **error)
{
  FsSizeRule *size = &offer->size;
  guint cap = 0;

  size->multiple = 1;
  if (!read_uint (rule, "multiple", &size->multiple, scope, error) ||
      !read_uint (rule, "min", &size->min, scope, error) ||
      !read_uint (rule, "max", &size->max, scope, error) ||
      !read_uint (rule, "max_pixels", &cap, scope, error) ||
      !read_uint (rule, "default_width", &size->default_width, scope, error) ||
      !read_uint (rule, "default_height", &size->default_height, scope, error))
    return FALSE;

  size->max_pixels = cap;

  if (size->multiple == 0 || size->min == 0 || size->min > size->max ||
      size->default_width < size->min || size->default_width > size->max ||
      size->default_height < size->min || size->default_height > size->max ||
      size->default_width % size->multiple != 0 ||
      size->default_height % size->multiple != 0)
    {
      schema_error (error, scope, "size",
                    _("needs a multiple, 0 < min ≤ max, and default sizes "
                      "within them on the grid"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
size_read_aspect (Offer       *offer,
                  JsonObject  *rule,
                  const Scope *scope,
                  GError     **error)
{
  FsSizeRule *size = &offer->size;

  size->megapixels = 1;
  size->multiple = 1;
  if (!read_string (rule, "min", TRUE, &offer->min_aspect, scope, error) ||
      !read_string (rule, "max", TRUE, &offer->max_aspect, scope, error) ||
      !read_string (rule, "default", TRUE, &offer->default_aspect, scope, error) ||
      !read_double (rule, "megapixels", NULL, &size->megapixels, scope, error) ||
      !read_uint (rule, "multiple", &size->multiple, scope, error))
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
      schema_error (error, scope, "size",
                    _("needs W:H ratios min ≤ max, a W:H default and positive megapixels"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
size_read_fixed (Offer       *offer,
                 JsonObject  *rule,
                 const Scope *scope,
                 GError     **error)
{
  FsSizeRule *size = &offer->size;
  g_autofree char *fallback = NULL;

  if (!read_strv (rule, "sizes", &offer->sizes, scope, error) ||
      !read_string (rule, "default", TRUE, &fallback, scope, error))
    return FALSE;

  size->sizes = (const char * const *) offer->sizes;

  for (guint i = 0; offer->sizes != NULL && offer->sizes[i] != NULL; i++)
    {
      guint width, height;

      if (!fs_size_parse (offer->sizes[i], &width, &height))
        {
          schema_error (error, scope, "size", _("“%s” is not WxH"), offer->sizes[i]);
          return FALSE;
        }
    }

  if (offer->sizes == NULL || !g_strv_contains (size->sizes, fallback))
    {
      schema_error (error, scope, "size", _("the default must be one of the sizes"));
      return FALSE;
    }

  return fs_size_parse (fallback, &size->default_width, &size->default_height);
}

static gboolean
size_parse (Offer       *offer,
            JsonObject  *rule,
            const Scope *scope,
            GError     **error)
{
  g_autofree char *kind = NULL;
  int index;

  if (!read_string (rule, "kind", TRUE, &kind, scope, error))
    return FALSE;

  index = name_to_enum (size_kind_names, kind);
  if (index < 0)
    {
      schema_error (error, scope, "size",
                    _("unknown kind “%s” (use dimensions, aspect_ratio or fixed)"),
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
    case FS_SIZE_FIXED:
    default:
      return size_read_fixed (offer, rule, scope, error);
    }
}

/* A "size" member is either the name of a shared rule, which replaces the
 * rule below it, or an object, which layers over it (a provider override
 * of the model's rule, say). */
static gboolean
size_layer (JsonObject  **rule,
            JsonObject   *layer,
            const Scope  *scope,
            GError      **error)
{
  JsonNode *node = layer != NULL ? json_object_get_member (layer, "size") : NULL;
  JsonNode *named = NULL;

  if (node == NULL)
    return TRUE;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      object_overlay (*rule, json_node_get_object (node));
      return TRUE;
    }

  if (node_holds (node, G_TYPE_STRING))
    named = json_object_get_member (scope->sizes, json_node_get_string (node));

  if (named == NULL || !JSON_NODE_HOLDS_OBJECT (named))
    {
      schema_error (error, scope, "size",
                    _("must be an object or the name of a rule in “sizes”"));
      return FALSE;
    }

  json_object_unref (*rule);
  *rule = json_object_new ();
  object_overlay (*rule, json_node_get_object (named));
  return TRUE;
}

/* Offers */

static void
offer_free (Offer *offer)
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
  g_clear_pointer (&offer->params, g_ptr_array_unref);
  g_free (offer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Offer, offer_free)

/* The layers a rule is read from, lowest first: the model, the provider
 * the offer is "like", the offer itself. Absent layers are NULL. */
typedef struct
{
  JsonObject *model;
  JsonObject *like;
  JsonObject *entry;
} Layers;

static gboolean
offer_read_size (Offer        *offer,
                 const Layers *layers,
                 const Scope  *scope,
                 GError      **error)
{
  g_autoptr(JsonObject) rule = json_object_new ();

  if (!size_layer (&rule, layers->model, scope, error) ||
      !size_layer (&rule, layers->like, scope, error) ||
      !size_layer (&rule, layers->entry, scope, error))
    return FALSE;

  if (json_object_get_size (rule) == 0)
    {
      schema_error (error, scope, "size", _("is missing"));
      return FALSE;
    }

  return size_parse (offer, rule, scope, error);
}

static gboolean
offer_read_references (Offer        *offer,
                       const Layers *layers,
                       const Scope  *scope,
                       GError      **error)
{
  g_autoptr(JsonObject) refs = json_object_new ();
  JsonObject *each[] = { layers->model, layers->like, layers->entry };

  for (guint i = 0; i < G_N_ELEMENTS (each); i++)
    {
      JsonObject *layer = NULL;

      if (!read_object (each[i], "references", &layer, scope, error))
        return FALSE;
      object_overlay (refs, layer);
    }

  if (!read_uint (refs, "max", &offer->max_references, scope, error) ||
      !read_uint (refs, "experimental", &offer->experimental_references, scope, error) ||
      !read_string (refs, "wire", FALSE, &offer->reference_wire, scope, error))
    return FALSE;

  if (offer->max_references + offer->experimental_references > 0 &&
      offer->reference_wire == NULL)
    {
      schema_error (error, scope, "references", _("needs a wire name"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
offer_read_max_outputs (Offer        *offer,
                        const Layers *layers,
                        const Scope  *scope,
                        GError      **error)
{
  offer->max_outputs = 1;

  if (!read_uint (layers->model, "max_outputs", &offer->max_outputs, scope, error) ||
      !read_uint (layers->like, "max_outputs", &offer->max_outputs, scope, error) ||
      !read_uint (layers->entry, "max_outputs", &offer->max_outputs, scope, error))
    return FALSE;

  if (offer->max_outputs == 0)
    {
      schema_error (error, scope, "max_outputs", _("must be at least 1"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
offer_read_price (Offer       *offer,
                  JsonObject  *entry,
                  const Scope *scope,
                  GError     **error)
{
  g_autofree char *unit = NULL;
  JsonObject *price = NULL;
  int index;

  offer->price.unit = FS_PRICE_UNKNOWN;

  if (!read_object (entry, "price", &price, scope, error))
    return FALSE;
  if (price == NULL)
    return TRUE;

  if (!read_string (price, "unit", TRUE, &unit, scope, error))
    return FALSE;

  index = name_to_enum (price_unit_names, unit);
  if (index < 0)
    {
      schema_error (error, scope, "price",
                    _("unknown unit “%s” (use image, megapixel or unknown)"), unit);
      return FALSE;
    }

  offer->price.unit = (FsPriceUnit) index;

  return read_double (price, "usd", NULL, &offer->price.usd, scope, error) &&
         read_double (price, "input_usd_per_mp", NULL,
                      &offer->price.usd_input_mp, scope, error) &&
         read_bool (price, "from", &offer->price.from, scope, error);
}

/* Parameter resolution */

static gboolean
strv_node_contains (JsonNode   *node,
                    const char *value)
{
  JsonArray *array = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (node_holds (element, G_TYPE_STRING) &&
          g_strcmp0 (json_node_get_string (element), value) == 0)
        return TRUE;
    }

  return FALSE;
}

/* A model's entry for one parameter, either its name or an object with
 * "name", overrides of the shared definition, "providers" (who accepts it)
 * and "by_provider" (overrides per provider). */
typedef struct
{
  const char *name;
  JsonObject *object;
} ParamEntry;

static gboolean
param_entry_read (JsonNode    *node,
                  ParamEntry  *entry,
                  const Scope *scope,
                  GError     **error)
{
  JsonNode *name;

  entry->object = NULL;

  if (node_holds (node, G_TYPE_STRING))
    {
      entry->name = json_node_get_string (node);
      return TRUE;
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      entry->object = json_node_get_object (node);
      name = json_object_get_member (entry->object, "name");
      if (name != NULL && node_holds (name, G_TYPE_STRING))
        {
          entry->name = json_node_get_string (name);
          return TRUE;
        }
    }

  schema_error (error, scope, "params",
                _("each entry must be a parameter name or an object with a “name”"));
  return FALSE;
}

static gboolean
param_entry_applies (const ParamEntry *entry,
                     const Offer      *offer,
                     const Scope      *scope,
                     GError          **error)
{
  JsonNode *providers;

  if (entry->object == NULL ||
      (providers = json_object_get_member (entry->object, "providers")) == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (providers))
    {
      schema_error (error, scope, entry->name, _("“providers” must be a list"));
      return FALSE;
    }

  return strv_node_contains (providers, offer->rules_id) ||
         strv_node_contains (providers, offer->id);
}

/* The merged definition: shared, then the model's entry, then the entry's
 * overrides for the rules provider and for the provider itself. */
static JsonObject *
param_entry_merge (const ParamEntry *entry,
                   const Offer      *offer,
                   const Scope      *scope,
                   GError          **error)
{
  g_autoptr(JsonObject) merged = json_object_new ();
  JsonObject *by_provider = NULL;
  JsonObject *layer = NULL;

  if (!json_object_has_member (scope->params, entry->name) ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (scope->params, entry->name)))
    {
      schema_error (error, scope, "params",
                    _("unknown parameter “%s” (define it in “params”)"), entry->name);
      return NULL;
    }

  object_overlay (merged, json_object_get_object_member (scope->params, entry->name));
  object_overlay (merged, entry->object);

  if (!read_object (entry->object, "by_provider", &by_provider, scope, error) ||
      !read_object (by_provider, offer->rules_id, &layer, scope, error))
    return NULL;
  object_overlay (merged, layer);

  if (g_strcmp0 (offer->id, offer->rules_id) != 0)
    {
      if (!read_object (by_provider, offer->id, &layer, scope, error))
        return NULL;
      object_overlay (merged, layer);
    }

  return g_steal_pointer (&merged);
}

/* The size rule decides the range, grid, default and choices of the size
 * parameters, so the data states them only once. */
static gboolean
param_apply_size_rule (FsParam     *param,
                       const Offer *offer,
                       const Scope *scope,
                       GError     **error)
{
  const FsSizeRule *rule = &offer->size;
  gboolean is_width = g_str_equal (param->name, "width");
  gboolean is_height = g_str_equal (param->name, "height");

  if (is_width || is_height)
    {
      if (rule->kind != FS_SIZE_DIMENSIONS || param->type != FS_PARAM_INT)
        goto mismatch;
      param->has_range = TRUE;
      param->min = rule->min;
      param->max = rule->max;
      param->step = rule->multiple;
      g_clear_pointer (&param->default_value, g_variant_unref);
      param->default_value = g_variant_ref_sink (g_variant_new_int64 (is_width ?
                                                                      rule->default_width :
                                                                      rule->default_height));
    }
  else if (g_str_equal (param->name, "aspect_ratio"))
    {
      if (rule->kind != FS_SIZE_ASPECT_RATIO || param->type != FS_PARAM_STRING)
        goto mismatch;
      g_clear_pointer (&param->default_value, g_variant_unref);
      param->default_value = g_variant_ref_sink (g_variant_new_string (rule->default_aspect));
    }
  else if (g_str_equal (param->name, "size"))
    {
      if (rule->kind != FS_SIZE_FIXED || param->type != FS_PARAM_ENUM)
        goto mismatch;
      g_strfreev (param->choices);
      param->choices = g_strdupv (offer->sizes);
      g_clear_pointer (&param->default_value, g_variant_unref);
      param->default_value = g_variant_ref_sink (g_variant_new_printf ("%ux%u",
                                                                       rule->default_width,
                                                                       rule->default_height));
    }

  return TRUE;

mismatch:
  schema_error (error, scope, param->name,
                _("does not match the model’s size rule (dimensions take int width "
                  "and height, aspect_ratio a string aspect_ratio, fixed an enum size)"));
  return FALSE;
}

static gboolean
offer_has_param (const Offer *offer,
                 const char  *name)
{
  for (guint i = 0; i < offer->params->len; i++)
    {
      FsParam *param = g_ptr_array_index (offer->params, i);

      if (g_str_equal (param->name, name))
        return TRUE;
    }

  return FALSE;
}

static gboolean
offer_check_size_params (const Offer *offer,
                         const Scope *scope,
                         GError     **error)
{
  const char *missing = NULL;

  switch (offer->size.kind)
    {
    case FS_SIZE_DIMENSIONS:
      if (!offer_has_param (offer, "width"))
        missing = "width";
      else if (!offer_has_param (offer, "height"))
        missing = "height";
      break;

    case FS_SIZE_ASPECT_RATIO:
      if (!offer_has_param (offer, "aspect_ratio"))
        missing = "aspect_ratio";
      break;

    case FS_SIZE_FIXED:
    default:
      if (!offer_has_param (offer, "size"))
        missing = "size";
      break;
    }

  if (missing != NULL)
    {
      schema_error (error, scope, "params",
                    _("the size rule needs the parameter “%s”"), missing);
      return FALSE;
    }

  return TRUE;
}

static gboolean
offer_add_param (Offer       *offer,
                 JsonNode    *node,
                 const Scope *scope,
                 GError     **error)
{
  g_autoptr(JsonObject) merged = NULL;
  g_autoptr(FsParam) param = NULL;
  ParamEntry entry;
  GError *local_error = NULL;

  if (!param_entry_read (node, &entry, scope, error))
    return FALSE;

  if (!param_entry_applies (&entry, offer, scope, &local_error))
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (offer_has_param (offer, entry.name))
    {
      schema_error (error, scope, "params", _("“%s” is listed twice"), entry.name);
      return FALSE;
    }

  if ((merged = param_entry_merge (&entry, offer, scope, error)) == NULL ||
      (param = param_parse (entry.name, merged, scope, error)) == NULL ||
      !param_apply_size_rule (param, offer, scope, error) ||
      !param_check (param, scope, error))
    return FALSE;

  g_ptr_array_add (offer->params, g_steal_pointer (&param));
  return TRUE;
}

static gboolean
offer_read_params (Offer       *offer,
                   JsonObject  *model,
                   const Scope *scope,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (model, "params");
  JsonArray *array;

  offer->params = g_ptr_array_new_with_free_func ((GDestroyNotify) param_free);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      schema_error (error, scope, "params", _("must be a list"));
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (!offer_add_param (offer, json_array_get_element (array, i), scope, error))
        return FALSE;
    }

  return offer_check_size_params (offer, scope, error);
}

static Offer *
offer_parse (const char   *model_id,
             const char   *provider_id,
             const char   *like_id,
             const Layers *layers,
             const Scope  *scope,
             GError      **error)
{
  g_autoptr(Offer) offer = g_new0 (Offer, 1);

  offer->id = g_strdup (provider_id);
  offer->rules_id = g_strdup (like_id != NULL ? like_id : provider_id);
  offer->wire_id = g_strdup (model_id);

  if (!read_string (layers->entry, "wire_id", FALSE, &offer->wire_id, scope, error) ||
      !read_string (layers->entry, "path", FALSE, &offer->path, scope, error) ||
      !read_uint (layers->entry, "max_concurrent", &offer->max_concurrent, scope, error) ||
      !offer_read_price (offer, layers->entry, scope, error) ||
      !offer_read_size (offer, layers, scope, error) ||
      !offer_read_references (offer, layers, scope, error) ||
      !offer_read_max_outputs (offer, layers, scope, error) ||
      !offer_read_params (offer, layers->model, scope, error))
    return NULL;

  return g_steal_pointer (&offer);
}

/* Models */

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
  self->offers = g_ptr_array_new_with_free_func ((GDestroyNotify) offer_free);
}

static gboolean
model_read_prompt (FsModel     *self,
                   JsonObject  *object,
                   const Scope *scope,
                   GError     **error)
{
  JsonObject *prompt = NULL;

  if (!read_object (object, "prompt", &prompt, scope, error) ||
      !read_uint (prompt, "max_tokens", &self->prompt_max_tokens, scope, error))
    return FALSE;

  /* About four characters make a token; the character limit is what can
   * be checked without the provider's tokenizer. */
  self->prompt_max_chars = MIN (self->prompt_max_tokens, G_MAXUINT / 4) * 4;
  return read_uint (prompt, "max_chars", &self->prompt_max_chars, scope, error);
}

static gboolean
model_read_texts (FsModel     *self,
                  JsonObject  *object,
                  const Scope *scope,
                  GError     **error)
{
  return read_string (object, "name", TRUE, &self->name, scope, error) &&
         read_string (object, "family", TRUE, &self->family, scope, error) &&
         read_string (object, "description", FALSE, &self->description, scope, error) &&
         read_uint (object, "typical_seconds", &self->typical_seconds, scope, error) &&
         read_strv (object, "notes", &self->notes, scope, error) &&
         model_read_prompt (self, object, scope, error);
}

/* The provider a "like" names must be another provider of the same model
 * that does not itself borrow its rules. */
static gboolean
model_resolve_like (JsonObject   *providers,
                    Layers       *layers,
                    char        **like_id,
                    const Scope  *scope,
                    GError      **error)
{
  JsonNode *target;

  layers->like = NULL;

  if (!read_string (layers->entry, "like", FALSE, like_id, scope, error))
    return FALSE;
  if (*like_id == NULL)
    return TRUE;

  target = json_object_get_member (providers, *like_id);
  if (target == NULL || !JSON_NODE_HOLDS_OBJECT (target) ||
      json_object_has_member (json_node_get_object (target), "like"))
    {
      schema_error (error, scope, "like",
                    _("“%s” must be another provider of this model, "
                      "without a “like” of its own"),
                    *like_id);
      return FALSE;
    }

  layers->like = json_node_get_object (target);
  return TRUE;
}

static gboolean
model_add_offer (FsModel     *self,
                 JsonObject  *providers,
                 const char  *provider_id,
                 Layers      *layers,
                 const Scope *scope,
                 GError     **error)
{
  g_autofree char *like_id = NULL;
  Offer *offer;

  if (!read_object (providers, provider_id, &layers->entry, scope, error) ||
      !model_resolve_like (providers, layers, &like_id, scope, error))
    return FALSE;

  offer = offer_parse (self->id, provider_id, like_id, layers, scope, error);
  if (offer == NULL)
    return FALSE;

  g_ptr_array_add (self->offers, offer);
  return TRUE;
}

static gboolean
model_read_offers (FsModel     *self,
                   JsonObject  *object,
                   const Scope *scope,
                   GError     **error)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  JsonObject *providers = NULL;
  Layers layers = { object, NULL, NULL };
  JsonObjectIter iter;
  const char *provider_id;
  JsonNode *node;

  if (!read_object (object, "providers", &providers, scope, error))
    return FALSE;
  if (providers == NULL || json_object_get_size (providers) == 0)
    {
      schema_error (error, scope, "providers", _("must name at least one provider"));
      return FALSE;
    }

  json_object_iter_init_ordered (&iter, providers);
  while (json_object_iter_next_ordered (&iter, &provider_id, &node))
    {
      if (!model_add_offer (self, providers, provider_id, &layers, scope, error))
        return FALSE;
      g_strv_builder_add (ids, provider_id);
    }

  self->provider_ids = g_strv_builder_end (ids);
  return TRUE;
}

static FsModel *
model_parse (JsonNode *node,
             Scope    *scope,
             GError  **error)
{
  g_autoptr(FsModel) self = g_object_new (FS_TYPE_MODEL, NULL);
  JsonObject *object;

  scope->model_id = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      schema_error (error, scope, "models", _("each model must be an object"));
      return NULL;
    }

  object = json_node_get_object (node);
  if (!read_string (object, "id", TRUE, &self->id, scope, error))
    return NULL;

  scope->model_id = self->id;
  if (!model_read_texts (self, object, scope, error) ||
      !model_read_offers (self, object, scope, error))
    return NULL;

  scope->model_id = NULL;
  return g_steal_pointer (&self);
}

static Offer *
model_find_offer (FsModel    *self,
                  const char *provider_id)
{
  for (guint i = 0; provider_id != NULL && i < self->offers->len; i++)
    {
      Offer *offer = g_ptr_array_index (self->offers, i);

      if (g_str_equal (offer->id, provider_id))
        return offer;
    }

  return NULL;
}

/* Catalog loading */

/* json-glib names the text "<data>" in its messages ("<data>:4:2: Parse
 * error: …"); name the real file instead so that line and column point
 * somewhere. */
static JsonObject *
parse_document (const char *json,
                gssize      length,
                const char *source,
                GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, json, length, &local_error))
    {
      const char *message = local_error->message;

      if (g_str_has_prefix (message, "<data>:"))
        g_set_error (error, FS_ERROR, FS_ERROR_CATALOG, "%s:%s",
                     source, message + strlen ("<data>:"));
      else
        g_set_error (error, FS_ERROR, FS_ERROR_CATALOG, "%s: %s", source, message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      Scope scope = { source, NULL, NULL, NULL };

      schema_error (error, &scope, "(top level)", _("the file must hold a JSON object"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/* The shared definitions a document's models may use: its own on top of
 * those of the document below it (the built-in file, for the user's). */
static JsonObject *
document_definitions (JsonObject  *below,
                      JsonObject  *root,
                      const char  *key,
                      const Scope *scope,
                      GError     **error)
{
  g_autoptr(JsonObject) merged = json_object_new ();
  JsonObject *own = NULL;
  JsonObject *base = NULL;

  if (!read_object (root, key, &own, scope, error) ||
      !read_object (below, key, &base, scope, NULL))
    return NULL;

  object_overlay (merged, base);
  object_overlay (merged, own);
  return g_steal_pointer (&merged);
}

static gboolean
model_has_id (gconstpointer model,
              gconstpointer id)
{
  return g_str_equal (((const FsModel *) model)->id, id);
}

/* Replaces the model of the same id in place, or appends. */
static void
models_put (GPtrArray *models,
            FsModel   *model)
{
  guint index;

  if (g_ptr_array_find_with_equal_func (models, model->id, model_has_id, &index))
    {
      g_object_unref (g_ptr_array_index (models, index));
      g_ptr_array_index (models, index) = model;
    }
  else
    g_ptr_array_add (models, model);
}

static gboolean
document_read_models (JsonObject *root,
                      Scope      *scope,
                      gboolean    required,
                      GPtrArray  *models,
                      GError    **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonNode *node = json_object_get_member (root, "models");
  JsonArray *array;

  if (node == NULL && !required)
    return TRUE;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      schema_error (error, scope, "models", _("must be a list"));
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      FsModel *model = model_parse (json_array_get_element (array, i), scope, error);

      if (model == NULL)
        return FALSE;

      if (!g_hash_table_add (seen, g_strdup (model->id)))
        {
          scope->model_id = model->id;
          schema_error (error, scope, "id", _("the id is used twice in this file"));
          g_object_unref (model);
          return FALSE;
        }

      models_put (models, model);
    }

  return TRUE;
}

/* Reads one document into @models; @below is the document whose shared
 * definitions it may use, or NULL. */
static gboolean
document_read (JsonObject *root,
               JsonObject *below,
               const char *source,
               gboolean    required,
               GPtrArray  *models,
               GError    **error)
{
  g_autoptr(JsonObject) params = NULL;
  g_autoptr(JsonObject) sizes = NULL;
  Scope scope = { source, NULL, NULL, NULL };
  guint version = 1;

  if (!read_uint (root, "version", &version, &scope, error))
    return FALSE;
  if (version != 1)
    {
      schema_error (error, &scope, "version", _("version %u is not supported"), version);
      return FALSE;
    }

  if ((params = document_definitions (below, root, "params", &scope, error)) == NULL ||
      (sizes = document_definitions (below, root, "sizes", &scope, error)) == NULL)
    return FALSE;

  scope.params = params;
  scope.sizes = sizes;
  return document_read_models (root, &scope, required, models, error);
}

static void
catalog_warn (FsCatalog  *self,
              const char *message)
{
  /* Translators: the message says which file and line */
  char *warning = g_strdup_printf (_("%s — the file was ignored"), message);

  g_warning ("%s", warning);
  g_ptr_array_add (self->warnings, warning);
}

/* The user's file is all or nothing: a mistake anywhere in it leaves the
 * built-in catalog exactly as it was, with a warning naming the place. */
static void
catalog_add_user (FsCatalog  *self,
                  JsonObject *builtin,
                  const char *json,
                  gssize      length,
                  const char *path)
{
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->models->len; i++)
    g_ptr_array_add (models, g_object_ref (g_ptr_array_index (self->models, i)));

  root = parse_document (json, length, path, &error);
  if (root == NULL || !document_read (root, builtin, path, FALSE, models, &error))
    {
      catalog_warn (self, error->message);
      return;
    }

  g_ptr_array_unref (self->models);
  self->models = g_steal_pointer (&models);
}

static FsCatalog *
catalog_new (const char *json,
             gssize      length,
             const char *user_json,
             gssize      user_length,
             const char *user_path,
             GError    **error)
{
  g_autoptr(FsCatalog) self = g_object_new (FS_TYPE_CATALOG, NULL);
  g_autoptr(JsonObject) root = parse_document (json, length, "models.json", error);

  if (root == NULL ||
      !document_read (root, NULL, "models.json", TRUE, self->models, error))
    return NULL;

  if (user_json != NULL)
    catalog_add_user (self, root, user_json, user_length, user_path);

  for (guint i = 0; i < self->models->len; i++)
    {
      FsModel *model = g_ptr_array_index (self->models, i);

      g_hash_table_insert (self->by_id, model->id, model);
    }

  return g_steal_pointer (&self);
}

static char *
user_file_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "flux-studio", "models.json", NULL);
}

/* No file, or no config folder to hold one, means no user models. */
static gboolean
user_file_absent (const GError *error)
{
  return g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ||
         g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
}

/* Blocking: reads the gresource and the user's file. */
FsCatalog *
fs_catalog_new_default (GError **error)
{
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) read_error = NULL;
  g_autofree char *path = user_file_path ();
  g_autofree char *user_json = NULL;
  gsize user_length = 0;
  FsCatalog *self;

  data = g_resource_lookup_data (fs_core_get_resource (), MODELS_RESOURCE,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
  if (data == NULL)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_CATALOG,
                   _("The built-in model catalog is missing: %s"), local_error->message);
      return NULL;
    }

  g_file_get_contents (path, &user_json, &user_length, &read_error);

  self = catalog_new (g_bytes_get_data (data, NULL), (gssize) g_bytes_get_size (data),
                      user_json, (gssize) user_length, path, error);

  if (self != NULL && read_error != NULL && !user_file_absent (read_error))
    catalog_warn (self, read_error->message);

  return self;
}

FsCatalog *
fs_catalog_new_from_data (const char  *json,
                          const char  *user_json,
                          const char  *user_path,
                          GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return catalog_new (json, -1, user_json, -1,
                      user_path != NULL ? user_path : "models.json (user)", error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  FsCatalog *catalog;

  if (g_task_return_error_if_cancelled (task))
    return;

  catalog = fs_catalog_new_default (&error);
  if (catalog == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, catalog, g_object_unref);
}

void
fs_catalog_load_async (GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_catalog_load_async);
  g_task_run_in_thread (task, load_thread);
}

FsCatalog *
fs_catalog_load_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* FsCatalog */

static GType
fs_catalog_get_item_type (GListModel *model)
{
  return FS_TYPE_MODEL;
}

static guint
fs_catalog_get_n_items (GListModel *model)
{
  return FS_CATALOG (model)->models->len;
}

static gpointer
fs_catalog_get_item (GListModel *model,
                     guint       position)
{
  FsCatalog *self = FS_CATALOG (model);

  if (position >= self->models->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->models, position));
}

static void
fs_catalog_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fs_catalog_get_item_type;
  iface->get_n_items = fs_catalog_get_n_items;
  iface->get_item = fs_catalog_get_item;
}

static void
fs_catalog_dispose (GObject *object)
{
  FsCatalog *self = (FsCatalog *) object;

  g_hash_table_remove_all (self->by_id);
  g_ptr_array_set_size (self->models, 0);

  G_OBJECT_CLASS (fs_catalog_parent_class)->dispose (object);
}

static void
fs_catalog_finalize (GObject *object)
{
  FsCatalog *self = (FsCatalog *) object;

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->models, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);

  G_OBJECT_CLASS (fs_catalog_parent_class)->finalize (object);
}

static void
fs_catalog_class_init (FsCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fs_catalog_dispose;
  object_class->finalize = fs_catalog_finalize;
}

static void
fs_catalog_init (FsCatalog *self)
{
  self->models = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->warnings = g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

/* Returns the model (borrowed) or NULL. */
FsModel *
fs_catalog_lookup (FsCatalog  *self,
                   const char *model_id)
{
  g_return_val_if_fail (FS_IS_CATALOG (self), NULL);

  if (model_id == NULL)
    return NULL;

  return g_hash_table_lookup (self->by_id, model_id);
}

/* What was wrong with the user's models.json, if anything; never NULL. */
const char * const *
fs_catalog_get_warnings (FsCatalog *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (FS_IS_CATALOG (self), none);

  if (self->warnings->len == 0)
    return none;

  return (const char * const *) self->warnings->pdata;
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

/* Never NULL. */
const char * const *
fs_model_get_notes (FsModel *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (FS_IS_MODEL (self), none);

  return self->notes != NULL ? (const char * const *) self->notes : none;
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
  Offer *offer;

  g_return_val_if_fail (FS_IS_MODEL (self), NULL);

  offer = model_find_offer (self, provider_id);
  return offer != NULL ? offer->wire_id : NULL;
}

/* NULL when the provider has a fixed endpoint for every model. */
const char *
fs_model_get_path (FsModel    *self,
                   const char *provider_id)
{
  Offer *offer;

  g_return_val_if_fail (FS_IS_MODEL (self), NULL);

  offer = model_find_offer (self, provider_id);
  return offer != NULL ? offer->path : NULL;
}

/* How many tasks the provider runs at once per account; 0 means no cap. */
guint
fs_model_get_max_concurrent (FsModel    *self,
                             const char *provider_id)
{
  Offer *offer;

  g_return_val_if_fail (FS_IS_MODEL (self), 0);

  offer = model_find_offer (self, provider_id);
  return offer != NULL ? offer->max_concurrent : 0;
}

guint
fs_model_get_max_outputs (FsModel    *self,
                          const char *provider_id)
{
  Offer *offer;

  g_return_val_if_fail (FS_IS_MODEL (self), 0);

  offer = model_find_offer (self, provider_id);
  return offer != NULL ? offer->max_outputs : 0;
}

const FsSizeRule *
fs_model_get_size_rule (FsModel    *self,
                        const char *provider_id)
{
  Offer *offer;

  g_return_val_if_fail (FS_IS_MODEL (self), NULL);

  offer = model_find_offer (self, provider_id);
  return offer != NULL ? &offer->size : NULL;
}

/* The references the model supports; experimental ones come on top. */
guint
fs_model_get_max_references (FsModel    *self,
                             const char *provider_id)
{
  Offer *offer;

  g_return_val_if_fail (FS_IS_MODEL (self), 0);

  offer = model_find_offer (self, provider_id);
  return offer != NULL ? offer->max_references : 0;
}

guint
fs_model_get_experimental_references (FsModel    *self,
                                      const char *provider_id)
{
  Offer *offer;

  g_return_val_if_fail (FS_IS_MODEL (self), 0);

  offer = model_find_offer (self, provider_id);
  return offer != NULL ? offer->experimental_references : 0;
}

/* The first reference's field; the n-th (n ≥ 2) is "<wire>_<n>". */
const char *
fs_model_get_reference_wire (FsModel    *self,
                             const char *provider_id)
{
  Offer *offer;

  g_return_val_if_fail (FS_IS_MODEL (self), NULL);

  offer = model_find_offer (self, provider_id);
  return offer != NULL ? offer->reference_wire : NULL;
}

const FsPrice *
fs_model_get_price (FsModel    *self,
                    const char *provider_id)
{
  Offer *offer;

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
  Offer *offer;

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
  Offer *offer;

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

/* FsParam */

const char *
fs_param_get_name (FsParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);

  return param->name;
}

const char *
fs_param_get_label (FsParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);

  return param->label;
}

const char *
fs_param_get_description (FsParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);

  return param->description;
}

FsParamType
fs_param_get_param_type (FsParam *param)
{
  g_return_val_if_fail (param != NULL, FS_PARAM_STRING);

  return param->type;
}

const char *
fs_param_get_wire (FsParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);

  return param->wire;
}

/* Whether the data gives a min or a max; an open side is the widest
 * value the type holds (±2^53−1 for int, ±G_MAXDOUBLE for number). */
gboolean
fs_param_has_range (FsParam *param)
{
  g_return_val_if_fail (param != NULL, FALSE);

  return param->has_range;
}

double
fs_param_get_min (FsParam *param)
{
  g_return_val_if_fail (param != NULL, 0);

  return param->min;
}

double
fs_param_get_max (FsParam *param)
{
  g_return_val_if_fail (param != NULL, 0);

  return param->max;
}

/* The grid values must sit on, counted from min; 0 means any value. */
double
fs_param_get_step (FsParam *param)
{
  g_return_val_if_fail (param != NULL, 0);

  return param->step;
}

/* Borrowed; NULL when the provider decides (a random seed, say). Types:
 * int "x", number "d", bool "b", enum and string "s". */
GVariant *
fs_param_get_default (FsParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);

  return param->default_value;
}

const char * const *
fs_param_get_choices (FsParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);

  return (const char * const *) param->choices;
}

const char *
fs_param_get_note (FsParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);

  return param->note;
}

const char *
fs_param_get_unit (FsParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);

  return param->unit;
}
