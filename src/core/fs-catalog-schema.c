/* fs-catalog-schema.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "fs-catalog-private.h"
#include "fs-error.h"

/* Errors that name the place in the file, and typed access to the
 * members of models.json, for every part of the catalog parser. */

/* Errors */

void
_fs_schema_error (GError             **error,
                  const FsSchemaScope *scope,
                  const char          *field,
                  const char          *format,
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

/* @object's member @key, or NULL when either is absent. */
static JsonNode *
get_member (JsonObject *object,
            const char *key)
{
  return object != NULL ? json_object_get_member (object, key) : NULL;
}

gboolean
_fs_schema_node_holds (JsonNode *node,
                       GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

gboolean
_fs_schema_node_holds_number (JsonNode *node)
{
  return _fs_schema_node_holds (node, G_TYPE_INT64) ||
         _fs_schema_node_holds (node, G_TYPE_DOUBLE);
}

gboolean
_fs_schema_read_string (JsonObject          *object,
                        const char          *key,
                        gboolean             required,
                        char               **out,
                        const FsSchemaScope *scope,
                        GError             **error)
{
  JsonNode *node = get_member (object, key);

  if (node == NULL)
    {
      if (required)
        _fs_schema_error (error, scope, key, _("is missing"));
      return !required;
    }

  if (!_fs_schema_node_holds (node, G_TYPE_STRING) || json_node_get_string (node)[0] == '\0')
    {
      _fs_schema_error (error, scope, key, _("must be a non-empty string"));
      return FALSE;
    }

  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* A text the user reads: read as a string, then translated. The
 * built-in catalog's texts are extracted for translators into
 * data/models-strings.c; a user's own texts pass through unchanged. */
gboolean
_fs_schema_read_text (JsonObject          *object,
                      const char          *key,
                      gboolean             required,
                      char               **out,
                      const FsSchemaScope *scope,
                      GError             **error)
{
  if (!_fs_schema_read_string (object, key, required, out, scope, error))
    return FALSE;

  if (*out != NULL && **out != '\0')
    {
      char *translated = g_strdup (g_dgettext (GETTEXT_PACKAGE, *out));

      g_free (*out);
      *out = translated;
    }
  return TRUE;
}

gboolean
_fs_schema_read_uint (JsonObject          *object,
                      const char          *key,
                      guint               *out,
                      const FsSchemaScope *scope,
                      GError             **error)
{
  JsonNode *node = get_member (object, key);

  if (node == NULL)
    return TRUE;

  if (!_fs_schema_node_holds (node, G_TYPE_INT64) ||
      json_node_get_int (node) < 0 || json_node_get_int (node) > G_MAXUINT)
    {
      _fs_schema_error (error, scope, key, _("must be a whole number of at least 0"));
      return FALSE;
    }

  *out = (guint) json_node_get_int (node);
  return TRUE;
}

gboolean
_fs_schema_read_double (JsonObject          *object,
                        const char          *key,
                        gboolean            *present,
                        double              *out,
                        const FsSchemaScope *scope,
                        GError             **error)
{
  JsonNode *node = get_member (object, key);

  if (node == NULL)
    return TRUE;

  if (!_fs_schema_node_holds_number (node) || !isfinite (json_node_get_double (node)))
    {
      _fs_schema_error (error, scope, key, _("must be a number"));
      return FALSE;
    }

  *out = json_node_get_double (node);
  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

gboolean
_fs_schema_read_bool (JsonObject          *object,
                      const char          *key,
                      gboolean            *out,
                      const FsSchemaScope *scope,
                      GError             **error)
{
  JsonNode *node = get_member (object, key);

  if (node == NULL)
    return TRUE;

  if (!_fs_schema_node_holds (node, G_TYPE_BOOLEAN))
    {
      _fs_schema_error (error, scope, key, _("must be true or false"));
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
_fs_schema_read_strv (JsonObject          *object,
                      const char          *key,
                      GStrv               *out,
                      const FsSchemaScope *scope,
                      GError             **error)
{
  JsonNode *node = get_member (object, key);
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

      if (!_fs_schema_node_holds (element, G_TYPE_STRING))
        goto invalid;
      g_strv_builder_add (builder, json_node_get_string (element));
    }

  g_strfreev (*out);
  *out = g_strv_builder_end (builder);
  return TRUE;

invalid:
  _fs_schema_error (error, scope, key, _("must be a list of strings"));
  return FALSE;
}

/* Whether @node, a list, holds the string @value. */
gboolean
_fs_schema_strv_contains (JsonNode   *node,
                          const char *value)
{
  JsonArray *array = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (_fs_schema_node_holds (element, G_TYPE_STRING) &&
          g_strcmp0 (json_node_get_string (element), value) == 0)
        return TRUE;
    }

  return FALSE;
}

static const char *
translate (const char *text)
{
  return *text != '\0' ? g_dgettext (GETTEXT_PACKAGE, text) : text;
}

/* "notes": a list whose entries are either a text that holds wherever
 * the model is offered, or {"text", "providers"} for a text that belongs
 * to the providers listed ("Black Forest Labs upsamples prompts …" is
 * not true of the sandbox). With @provider_id NULL only the former are
 * read. */
gboolean
_fs_schema_read_notes (JsonObject          *object,
                       const char          *provider_id,
                       GStrv               *out,
                       const FsSchemaScope *scope,
                       GError             **error)
{
  JsonNode *node = get_member (object, "notes");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto invalid;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *note;
      JsonNode *providers;
      const char *text;

      if (_fs_schema_node_holds (element, G_TYPE_STRING))
        {
          g_strv_builder_add (builder, translate (json_node_get_string (element)));
          continue;
        }
      if (!JSON_NODE_HOLDS_OBJECT (element))
        goto invalid;

      note = json_node_get_object (element);
      providers = json_object_get_member (note, "providers");
      if (json_object_get_member (note, "text") == NULL ||
          !_fs_schema_node_holds (json_object_get_member (note, "text"), G_TYPE_STRING) ||
          providers == NULL || !JSON_NODE_HOLDS_ARRAY (providers))
        goto invalid;

      text = json_object_get_string_member (note, "text");
      if (provider_id != NULL && _fs_schema_strv_contains (providers, provider_id))
        g_strv_builder_add (builder, translate (text));
    }

  g_strfreev (*out);
  *out = g_strv_builder_end (builder);
  return TRUE;

invalid:
  _fs_schema_error (error, scope, "notes",
                    _("each note must be a text or an object with a “text” "
                     "and a list of “providers”"));
  return FALSE;
}

/* An optional member that must be an object when present. */
gboolean
_fs_schema_read_object (JsonObject          *object,
                        const char          *key,
                        JsonObject         **out,
                        const FsSchemaScope *scope,
                        GError             **error)
{
  JsonNode *node = get_member (object, key);

  *out = NULL;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _fs_schema_error (error, scope, key, _("must be an object"));
      return FALSE;
    }

  *out = json_node_get_object (node);
  return TRUE;
}

/* Layers @over on top of @target, member by member. */
void
_fs_schema_overlay (JsonObject *target,
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
int
_fs_schema_name_to_enum (const char * const *names,
                         const char         *text)
{
  for (int i = 0; names[i] != NULL; i++)
    {
      if (g_strcmp0 (text, names[i]) == 0)
        return i;
    }

  return -1;
}
