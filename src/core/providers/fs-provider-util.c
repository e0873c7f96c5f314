/* fs-provider-util.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "fs-error.h"
#include "fs-provider-private.h"

/* What every provider needs to build a call: the checks that come before
 * it, the URL and time limit, and the catalog's parameters in wire form.
 * Reading the answer is fs-provider-response.c's part. */

gboolean
_fs_provider_check_model (FsProvider  *self,
                          FsModel     *model,
                          GError     **error)
{
  if (fs_model_has_provider (model, fs_provider_get_id (self)))
    return TRUE;

  g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
               /* Translators: a model name, then a provider name */
               _("%s is not available on %s"),
               fs_model_get_name (model), _fs_provider_get_display_name (self));
  return FALSE;
}

gboolean
_fs_provider_check_key (FsProvider  *self,
                        const char  *key,
                        GError     **error)
{
  const FsProviderInfo *info = _fs_provider_get_info (self);

  if (info == NULL || !info->needs_key || (key != NULL && key[0] != '\0'))
    return TRUE;

  g_set_error (error, FS_ERROR, FS_ERROR_NO_KEY,
               /* Translators: a provider name, then an environment variable */
               _("No API key is set for %s. Add one in Preferences or set %s."),
               _(info->name), info->key_env);
  return FALSE;
}

gboolean
_fs_provider_check_references (FsProvider  *self,
                               FsRequest   *request,
                               FsModel     *model,
                               GError     **error)
{
  const char *id = fs_provider_get_id (self);
  GPtrArray *references = fs_request_get_references (request);
  guint max;

  if (references == NULL || references->len == 0)
    return TRUE;

  max = fs_model_get_max_references (model, id) +
        fs_model_get_experimental_references (model, id);

  if (max == 0)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   /* Translators: a model name, then a provider name */
                   _("%s takes no reference images on %s"),
                   fs_model_get_name (model), _fs_provider_get_display_name (self));
      return FALSE;
    }

  if (references->len > max)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   ngettext ("%s takes at most %u reference image; remove %u",
                             "%s takes at most %u reference images; remove %u",
                             max),
                   fs_model_get_name (model), max, references->len - max);
      return FALSE;
    }

  return TRUE;
}

char *
_fs_provider_dup_url (FsProvider *self,
                      const char *path)
{
  const char *base = fs_provider_get_base_url (self);

  g_assert (base != NULL);
  g_assert (path != NULL);

  return g_strconcat (base, path[0] == '/' ? "" : "/", path, NULL);
}

guint
_fs_provider_timeout_for (FsModel *model)
{
  /* FLUX.2 [flex] runs up to 50 steps and is documented as needing up to
   * 180 s; every other model answers well within the default. */
  if (strstr (fs_model_get_id (model), "flex") != NULL)
    return 180;

  return FS_HTTP_DEFAULT_TIMEOUT;
}

/* Parameters */

const char *
_fs_provider_param_wire (FsParam *param)
{
  const char *wire = fs_param_get_wire (param);

  return wire != NULL && wire[0] != '\0' ? wire : fs_param_get_name (param);
}

static gboolean
variant_to_double (GVariant *value,
                   double   *out)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    {
      g_autoptr(GVariant) inner = g_variant_get_variant (value);
      return variant_to_double (inner, out);
    }

  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_BYTE:    *out = g_variant_get_byte (value); break;
    case G_VARIANT_CLASS_INT16:   *out = g_variant_get_int16 (value); break;
    case G_VARIANT_CLASS_UINT16:  *out = g_variant_get_uint16 (value); break;
    case G_VARIANT_CLASS_INT32:   *out = g_variant_get_int32 (value); break;
    case G_VARIANT_CLASS_UINT32:  *out = g_variant_get_uint32 (value); break;
    case G_VARIANT_CLASS_INT64:   *out = g_variant_get_int64 (value); break;
    case G_VARIANT_CLASS_UINT64:  *out = g_variant_get_uint64 (value); break;
    case G_VARIANT_CLASS_DOUBLE:  *out = g_variant_get_double (value); break;
    case G_VARIANT_CLASS_BOOLEAN: *out = g_variant_get_boolean (value); break;
    case G_VARIANT_CLASS_STRING:
      *out = g_ascii_strtod (g_variant_get_string (value, NULL), NULL);
      break;
    default:
      return FALSE;
    }

  return TRUE;
}

static gint64
variant_to_int64 (GVariant *value)
{
  double d = 0;

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    return g_variant_get_int64 (value);

  variant_to_double (value, &d);
  return (gint64) llround (d);
}

static gboolean
variant_to_boolean (GVariant *value)
{
  double d = 0;

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return g_ascii_strcasecmp (g_variant_get_string (value, NULL), "true") == 0;

  variant_to_double (value, &d);
  return d != 0;
}

static char *
variant_to_text (GVariant *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return g_variant_dup_string (value, NULL);

  return g_variant_print (value, FALSE);
}

JsonNode *
_fs_provider_param_to_node (FsParam  *param,
                            GVariant *value)
{
  JsonNode *node = json_node_alloc ();
  double d = 0;

  switch (fs_param_get_param_type (param))
    {
    case FS_PARAM_INT:
      return json_node_init_int (node, variant_to_int64 (value));

    case FS_PARAM_NUMBER:
      variant_to_double (value, &d);
      return json_node_init_double (node, d);

    case FS_PARAM_BOOL:
      return json_node_init_boolean (node, variant_to_boolean (value));

    case FS_PARAM_ENUM:
    case FS_PARAM_STRING:
    default:
      {
        g_autofree char *text = variant_to_text (value);
        return json_node_init_string (node, text);
      }
    }
}

char *
_fs_provider_param_to_string (FsParam  *param,
                              GVariant *value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  double d = 0;

  switch (fs_param_get_param_type (param))
    {
    case FS_PARAM_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, variant_to_int64 (value));

    case FS_PARAM_NUMBER:
      /* Locale-independent, and without the 17-digit noise of %.17g. */
      variant_to_double (value, &d);
      return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%g", d));

    case FS_PARAM_BOOL:
      return g_strdup (variant_to_boolean (value) ? "true" : "false");

    case FS_PARAM_ENUM:
    case FS_PARAM_STRING:
    default:
      return variant_to_text (value);
    }
}

void
_fs_provider_add_json_params (FsProvider         *self,
                              JsonObject         *object,
                              FsRequest          *request,
                              FsModel            *model,
                              const char * const *skip)
{
  g_autoptr(GPtrArray) params = fs_model_get_params (model, fs_provider_get_id (self));

  for (guint i = 0; params != NULL && i < params->len; i++)
    {
      FsParam *param = g_ptr_array_index (params, i);
      const char *name = fs_param_get_name (param);
      GVariant *value;

      /* The prompt has its own place in every body. */
      if (g_str_equal (name, "prompt") ||
          (skip != NULL && g_strv_contains (skip, name)))
        continue;

      value = fs_request_get_param (request, name);
      if (value == NULL)
        continue;

      json_object_set_member (object, _fs_provider_param_wire (param),
                              _fs_provider_param_to_node (param, value));
    }
}
