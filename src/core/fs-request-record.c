/* fs-request-record.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "fs-error.h"
#include "fs-json.h"
#include "fs-request-private.h"

/* A request read back from what fs_request_to_json() wrote, or from a
 * sidecar (which holds the same members and more), so that a past result
 * can be made again or remixed. JSON keeps integers and numbers apart
 * ("3" and "3.0"), so the values come back as the request stored them:
 * integers as int64, numbers as double, booleans and strings. Where the
 * catalog knows the parameter, its type decides, so a hand-edited sidecar
 * with "width": 1024.0 still gives an integer. */

static GVariant *
value_as_is (JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_INT64)
    return g_variant_new_int64 (json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    return g_variant_new_double (json_node_get_double (node));
  if (type == G_TYPE_BOOLEAN)
    return g_variant_new_boolean (json_node_get_boolean (node));
  if (type == G_TYPE_STRING)
    return g_variant_new_string (json_node_get_string (node));
  return NULL;
}

static GVariant *
value_as_int (JsonNode *node)
{
  GType type = json_node_get_value_type (node);
  double number;
  gint64 integer;

  if (type == G_TYPE_INT64)
    return g_variant_new_int64 (json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    {
      number = json_node_get_double (node);
      if (isfinite (number) && number == floor (number) &&
          fabs (number) < (double) G_MAXINT64)
        return g_variant_new_int64 ((gint64) number);
    }
  if (type == G_TYPE_STRING &&
      g_ascii_string_to_signed (json_node_get_string (node), 10, G_MININT64, G_MAXINT64,
                                &integer, NULL))
    return g_variant_new_int64 (integer);
  return NULL;
}

static GVariant *
value_as_number (JsonNode *node)
{
  GType type = json_node_get_value_type (node);
  const char *text;
  char *end = NULL;
  double number;

  if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
    return g_variant_new_double (json_node_get_double (node));
  if (type == G_TYPE_STRING)
    {
      text = json_node_get_string (node);
      number = g_ascii_strtod (text, &end);
      if (end != text && *end == '\0' && isfinite (number))
        return g_variant_new_double (number);
    }
  return NULL;
}

static GVariant *
value_as_bool (JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_BOOLEAN)
    return g_variant_new_boolean (json_node_get_boolean (node));
  if (type == G_TYPE_INT64 && (json_node_get_int (node) == 0 || json_node_get_int (node) == 1))
    return g_variant_new_boolean (json_node_get_int (node) == 1);
  if (type == G_TYPE_STRING && g_str_equal (json_node_get_string (node), "true"))
    return g_variant_new_boolean (TRUE);
  if (type == G_TYPE_STRING && g_str_equal (json_node_get_string (node), "false"))
    return g_variant_new_boolean (FALSE);
  return NULL;
}

static GVariant *
value_as_string (JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_STRING)
    return g_variant_new_string (json_node_get_string (node));
  if (type == G_TYPE_INT64)
    return g_variant_new_take_string (g_strdup_printf ("%" G_GINT64_FORMAT,
                                                       json_node_get_int (node)));
  return NULL;
}

/* The value in the parameter's own type when it converts without loss,
 * else as JSON had it: validation then names the mismatch. */
static GVariant *
restore_value (FsParam  *param,
               JsonNode *node)
{
  GVariant *value = NULL;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  if (param != NULL)
    {
      switch (fs_param_get_param_type (param))
        {
        case FS_PARAM_INT:
          value = value_as_int (node);
          break;
        case FS_PARAM_NUMBER:
          value = value_as_number (node);
          break;
        case FS_PARAM_BOOL:
          value = value_as_bool (node);
          break;
        case FS_PARAM_ENUM:
        case FS_PARAM_STRING:
          value = value_as_string (node);
          break;
        default:
          break;
        }
    }

  return value != NULL ? value : value_as_is (node);
}

static void
restore_params (FsRequest  *request,
                JsonObject *params,
                FsModel    *model)
{
  const char *provider_id = fs_request_get_provider_id (request);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, params);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      FsParam *param = model != NULL ? fs_model_find_param (model, provider_id, name) : NULL;
      GVariant *value = restore_value (param, node);

      if (value != NULL)
        fs_request_set_param (request, name, value);
    }
}

FsRequest *
fs_request_new_from_record_full (JsonObject  *record,
                                 FsCatalog   *catalog,
                                 GError     **error)
{
  g_autoptr(FsRequest) request = NULL;
  const char *provider_id;
  const char *model_id;
  const char *prompt;
  JsonNode *params;

  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (catalog == NULL || FS_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  provider_id = fs_json_get_string (record, "provider");
  model_id = fs_json_get_string (record, "model");
  if (provider_id == NULL || model_id == NULL || *provider_id == '\0' || *model_id == '\0')
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("The record does not say which provider and model made the image"));
      return NULL;
    }

  request = fs_request_new (provider_id, model_id);
  prompt = fs_json_get_string (record, "prompt");
  fs_request_set_prompt (request, prompt != NULL ? prompt : "");

  params = json_object_get_member (record, "params");
  if (params != NULL && JSON_NODE_HOLDS_OBJECT (params))
    restore_params (request, json_node_get_object (params),
                    catalog != NULL ? fs_catalog_lookup (catalog, model_id) : NULL);
  _fs_request_edit_from_record (request, record);

  return g_steal_pointer (&request);
}

FsRequest *
fs_request_new_from_record (JsonObject  *record,
                            GError     **error)
{
  return fs_request_new_from_record_full (record, NULL, error);
}
