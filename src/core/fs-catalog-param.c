/* fs-catalog-param.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "fs-catalog-private.h"

/* A model's parameters on one provider: the shared definition in "params",
 * layered with the model's entry and its overrides for the provider, then
 * completed by the provider's size rule. */

/* Integer parameters without a documented bound get the widest range that
 * a double, a JSON number and a gint64 all hold exactly. */
#define MAX_SAFE_INTEGER 9007199254740991.0

static const char * const param_type_names[] = { "int", "number", "bool", "enum", "string", NULL };

/* Parameters */

/* A JSON default as a GVariant of the parameter's type, or NULL when the
 * node does not hold that type. */
static GVariant *
param_value_from_node (FsParamType  type,
                       JsonNode    *node)
{
  switch (type)
    {
    case FS_PARAM_INT:
      return _fs_schema_node_holds (node, G_TYPE_INT64) ?
             g_variant_new_int64 (json_node_get_int (node)) : NULL;

    case FS_PARAM_NUMBER:
      return _fs_schema_node_holds_number (node) ?
             g_variant_new_double (json_node_get_double (node)) : NULL;

    case FS_PARAM_BOOL:
      return _fs_schema_node_holds (node, G_TYPE_BOOLEAN) ?
             g_variant_new_boolean (json_node_get_boolean (node)) : NULL;

    case FS_PARAM_ENUM:
    case FS_PARAM_STRING:
    default:
      return _fs_schema_node_holds (node, G_TYPE_STRING) ?
             g_variant_new_string (json_node_get_string (node)) : NULL;
    }
}

static gboolean
param_read_texts (FsParam             *param,
                  JsonObject          *def,
                  const FsSchemaScope *scope,
                  GError             **error)
{
  g_autofree char *type = NULL;
  int index;

  if (!_fs_schema_read_string (def, "type", TRUE, &type, scope, error))
    return FALSE;

  index = _fs_schema_name_to_enum (param_type_names, type);
  if (index < 0)
    {
      _fs_schema_error (error, scope, param->name,
                        _("unknown type “%s” (use int, number, bool, enum or string)"),
                        type);
      return FALSE;
    }

  param->type = (FsParamType) index;
  param->label = g_strdup (param->name);
  param->description = g_strdup ("");
  param->wire = g_strdup (param->name);

  return _fs_schema_read_text (def, "label", FALSE, &param->label, scope, error) &&
         _fs_schema_read_text (def, "description", FALSE, &param->description, scope, error) &&
         _fs_schema_read_string (def, "wire", FALSE, &param->wire, scope, error) &&
         _fs_schema_read_string (def, "unit", FALSE, &param->unit, scope, error) &&
         _fs_schema_read_text (def, "note", FALSE, &param->note, scope, error) &&
         _fs_schema_read_strv (def, "choices", &param->choices, scope, error);
}

static gboolean
param_read_range (FsParam             *param,
                  JsonObject          *def,
                  const FsSchemaScope *scope,
                  GError             **error)
{
  gboolean is_int = param->type == FS_PARAM_INT;
  gboolean has_min = FALSE;
  gboolean has_max = FALSE;

  param->min = is_int ? -MAX_SAFE_INTEGER : -G_MAXDOUBLE;
  param->max = is_int ? MAX_SAFE_INTEGER : G_MAXDOUBLE;
  param->step = is_int ? 1 : 0;

  if (!_fs_schema_read_double (def, "min", &has_min, &param->min, scope, error) ||
      !_fs_schema_read_double (def, "max", &has_max, &param->max, scope, error) ||
      !_fs_schema_read_double (def, "step", NULL, &param->step, scope, error))
    return FALSE;

  param->has_range = has_min || has_max;

  if (param->min > param->max || param->step < 0)
    {
      _fs_schema_error (error, scope, param->name,
                        _("needs min ≤ max and a step of at least 0"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
param_read_default (FsParam             *param,
                    JsonObject          *def,
                    const FsSchemaScope *scope,
                    GError             **error)
{
  JsonNode *node = json_object_get_member (def, "default");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  param->default_value = param_value_from_node (param->type, node);
  if (param->default_value == NULL)
    {
      _fs_schema_error (error, scope, param->name,
                        _("the default does not match the parameter’s type"));
      return FALSE;
    }

  g_variant_ref_sink (param->default_value);
  return TRUE;
}

static FsParam *
param_parse (const char          *name,
             JsonObject          *def,
             const FsSchemaScope *scope,
             GError             **error)
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
param_check (FsParam             *param,
             const FsSchemaScope *scope,
             GError             **error)
{
  GVariant *value = param->default_value;

  if (param->type == FS_PARAM_ENUM &&
      (param->choices == NULL || param->choices[0] == NULL))
    {
      _fs_schema_error (error, scope, param->name, _("an enum needs choices"));
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
      _fs_schema_error (error, scope, param->name,
                        _("the default is outside the allowed values"));
      return FALSE;
    }

  return TRUE;
}

/* Parameter resolution */

/* A model's entry for one parameter, either its name or an object with
 * "name", overrides of the shared definition, "providers" (who accepts it)
 * and "by_provider" (overrides per provider). */
typedef struct
{
  const char *name;
  JsonObject *object;
} ParamEntry;

static gboolean
param_entry_read (JsonNode            *node,
                  ParamEntry          *entry,
                  const FsSchemaScope *scope,
                  GError             **error)
{
  JsonNode *name;

  entry->object = NULL;

  if (_fs_schema_node_holds (node, G_TYPE_STRING))
    {
      entry->name = json_node_get_string (node);
      return TRUE;
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      entry->object = json_node_get_object (node);
      name = json_object_get_member (entry->object, "name");
      if (name != NULL && _fs_schema_node_holds (name, G_TYPE_STRING))
        {
          entry->name = json_node_get_string (name);
          return TRUE;
        }
    }

  _fs_schema_error (error, scope, "params",
                    _("each entry must be a parameter name or an object with a “name”"));
  return FALSE;
}

static gboolean
param_entry_applies (const ParamEntry    *entry,
                     const FsOffer       *offer,
                     const FsSchemaScope *scope,
                     GError             **error)
{
  JsonNode *providers;

  if (entry->object == NULL ||
      (providers = json_object_get_member (entry->object, "providers")) == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (providers))
    {
      _fs_schema_error (error, scope, entry->name, _("“providers” must be a list"));
      return FALSE;
    }

  return _fs_schema_strv_contains (providers, offer->rules_id) ||
         _fs_schema_strv_contains (providers, offer->id);
}

/* The merged definition: shared, then the model's entry, then the entry's
 * overrides for the rules provider and for the provider itself. */
static JsonObject *
param_entry_merge (const ParamEntry    *entry,
                   const FsOffer       *offer,
                   const FsSchemaScope *scope,
                   GError             **error)
{
  g_autoptr(JsonObject) merged = json_object_new ();
  JsonObject *by_provider = NULL;
  JsonObject *layer = NULL;

  if (!json_object_has_member (scope->params, entry->name) ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (scope->params, entry->name)))
    {
      _fs_schema_error (error, scope, "params",
                        _("unknown parameter “%s” (define it in “params”)"), entry->name);
      return NULL;
    }

  _fs_schema_overlay (merged, json_object_get_object_member (scope->params, entry->name));
  _fs_schema_overlay (merged, entry->object);

  if (!_fs_schema_read_object (entry->object, "by_provider", &by_provider, scope, error) ||
      !_fs_schema_read_object (by_provider, offer->rules_id, &layer, scope, error))
    return NULL;
  _fs_schema_overlay (merged, layer);

  if (g_strcmp0 (offer->id, offer->rules_id) != 0)
    {
      if (!_fs_schema_read_object (by_provider, offer->id, &layer, scope, error))
        return NULL;
      _fs_schema_overlay (merged, layer);
    }

  return g_steal_pointer (&merged);
}

/* Replaces the default with @value, taking a floating reference. */
static void
param_take_default (FsParam  *param,
                    GVariant *value)
{
  g_clear_pointer (&param->default_value, g_variant_unref);
  param->default_value = g_variant_ref_sink (value);
}

static const char * const margin_names[] = { "top", "bottom", "left", "right" };

static gboolean
is_margin (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (margin_names); i++)
    if (g_str_equal (name, margin_names[i]))
      return TRUE;

  return FALSE;
}

/* The size rule decides the range, grid, default and choices of the size
 * parameters, so the data states them only once. */
static gboolean
param_apply_size_rule (FsParam             *param,
                       const FsOffer       *offer,
                       const FsSchemaScope *scope,
                       GError             **error)
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
      param_take_default (param, g_variant_new_int64 (is_width ?
                                                      rule->default_width :
                                                      rule->default_height));
    }
  else if (g_str_equal (param->name, "aspect_ratio"))
    {
      if (rule->kind != FS_SIZE_ASPECT_RATIO || param->type != FS_PARAM_STRING)
        goto mismatch;
      param_take_default (param, g_variant_new_string (rule->default_aspect));
    }
  else if (g_str_equal (param->name, "size"))
    {
      if (rule->kind != FS_SIZE_FIXED || param->type != FS_PARAM_ENUM)
        goto mismatch;
      g_strfreev (param->choices);
      param->choices = g_strdupv (offer->sizes);
      param_take_default (param, g_variant_new_printf ("%ux%u",
                                                       rule->default_width,
                                                       rule->default_height));
    }
  else if (is_margin (param->name))
    {
      /* Pixels added to the edited image: whole and never negative. */
      if (rule->kind != FS_SIZE_IMAGE || param->type != FS_PARAM_INT || param->min < 0)
        {
          _fs_schema_error (error, scope, param->name,
                            _("a margin is an int of at least 0, for a model with the "
                              "size rule “image”"));
          return FALSE;
        }
    }

  return TRUE;

mismatch:
  _fs_schema_error (error, scope, param->name,
                    _("does not match the model’s size rule (dimensions take int width "
                     "and height, aspect_ratio a string aspect_ratio, fixed an enum size)"));
  return FALSE;
}

static gboolean
offer_has_param (const FsOffer *offer,
                 const char    *name)
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
offer_check_size_params (const FsOffer       *offer,
                         const FsSchemaScope *scope,
                         GError             **error)
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

    case FS_SIZE_IMAGE:
      /* The margins go together: all four, or none. */
      if (offer_has_param (offer, "top") || offer_has_param (offer, "bottom") ||
          offer_has_param (offer, "left") || offer_has_param (offer, "right"))
        {
          for (guint i = 0; i < G_N_ELEMENTS (margin_names) && missing == NULL; i++)
            if (!offer_has_param (offer, margin_names[i]))
              missing = margin_names[i];
        }
      break;

    case FS_SIZE_FIXED:
    default:
      if (!offer_has_param (offer, "size"))
        missing = "size";
      break;
    }

  if (missing != NULL)
    {
      _fs_schema_error (error, scope, "params",
                        _("the size rule needs the parameter “%s”"), missing);
      return FALSE;
    }

  return TRUE;
}

static gboolean
offer_add_param (FsOffer             *offer,
                 JsonNode            *node,
                 const FsSchemaScope *scope,
                 GError             **error)
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
      _fs_schema_error (error, scope, "params", _("“%s” is listed twice"), entry.name);
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

gboolean
_fs_offer_read_params (FsOffer             *offer,
                       JsonObject          *model,
                       const FsSchemaScope *scope,
                       GError             **error)
{
  JsonNode *node = json_object_get_member (model, "params");
  JsonArray *array;

  offer->params = g_ptr_array_new_with_free_func ((GDestroyNotify) _fs_param_free);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      _fs_schema_error (error, scope, "params", _("must be a list"));
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
