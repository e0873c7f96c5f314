/* fs-catalog-parse.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "fs-catalog-private.h"
#include "fs-error.h"
#include "fs-json.h"

/* Turns a models.json document into models: each model's texts, then one
 * offer per provider it lists. */

/* Models */

static gboolean
model_read_prompt (FsModel             *self,
                   JsonObject          *object,
                   const FsSchemaScope *scope,
                   GError             **error)
{
  JsonObject *prompt = NULL;

  if (!_fs_schema_read_object (object, "prompt", &prompt, scope, error) ||
      !_fs_schema_read_uint (prompt, "max_tokens", &self->prompt_max_tokens, scope, error))
    return FALSE;

  /* About four characters make a token; the character limit is what can
   * be checked without the provider's tokenizer. */
  self->prompt_max_chars = MIN (self->prompt_max_tokens, G_MAXUINT / 4) * 4;
  return _fs_schema_read_uint (prompt, "max_chars", &self->prompt_max_chars, scope, error) &&
         _fs_schema_read_bool (prompt, "optional", &self->prompt_optional, scope, error);
}

static gboolean
model_read_texts (FsModel             *self,
                  JsonObject          *object,
                  const FsSchemaScope *scope,
                  GError             **error)
{
  return _fs_schema_read_string (object, "name", TRUE, &self->name, scope, error) &&
         _fs_schema_read_string (object, "family", TRUE, &self->family, scope, error) &&
         _fs_schema_read_text (object, "description", FALSE, &self->description, scope, error) &&
         _fs_schema_read_uint (object, "typical_seconds", &self->typical_seconds, scope, error) &&
         _fs_schema_read_notes (object, NULL, &self->notes, scope, error) &&
         model_read_prompt (self, object, scope, error);
}

/* The provider a "like" names must be another provider of the same model
 * that does not itself borrow its rules. */
static gboolean
model_resolve_like (JsonObject          *providers,
                    FsOfferLayers       *layers,
                    char               **like_id,
                    const FsSchemaScope *scope,
                    GError             **error)
{
  JsonNode *target;

  layers->like = NULL;

  if (!_fs_schema_read_string (layers->entry, "like", FALSE, like_id, scope, error))
    return FALSE;
  if (*like_id == NULL)
    return TRUE;

  target = json_object_get_member (providers, *like_id);
  if (target == NULL || !JSON_NODE_HOLDS_OBJECT (target) ||
      json_object_has_member (json_node_get_object (target), "like"))
    {
      _fs_schema_error (error, scope, "like",
                        _("“%s” must be another provider of this model, "
                         "without a “like” of its own"),
                        *like_id);
      return FALSE;
    }

  layers->like = json_node_get_object (target);
  return TRUE;
}

static gboolean
model_add_offer (FsModel             *self,
                 JsonObject          *providers,
                 const char          *provider_id,
                 FsOfferLayers       *layers,
                 const FsSchemaScope *scope,
                 GError             **error)
{
  g_autofree char *like_id = NULL;
  FsOffer *offer;

  if (!_fs_schema_read_object (providers, provider_id, &layers->entry, scope, error) ||
      !model_resolve_like (providers, layers, &like_id, scope, error))
    return FALSE;

  offer = _fs_offer_parse (self->id, provider_id, like_id, layers, scope, error);
  if (offer == NULL)
    return FALSE;

  g_ptr_array_add (self->offers, offer);
  return TRUE;
}

static gboolean
model_read_offers (FsModel             *self,
                   JsonObject          *object,
                   const FsSchemaScope *scope,
                   GError             **error)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  JsonObject *providers = NULL;
  FsOfferLayers layers = { object, NULL, NULL };
  JsonObjectIter iter;
  const char *provider_id;
  JsonNode *node;

  if (!_fs_schema_read_object (object, "providers", &providers, scope, error))
    return FALSE;
  if (providers == NULL || json_object_get_size (providers) == 0)
    {
      _fs_schema_error (error, scope, "providers", _("must name at least one provider"));
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
model_parse (JsonNode      *node,
             FsSchemaScope *scope,
             GError       **error)
{
  g_autoptr(FsModel) self = g_object_new (FS_TYPE_MODEL, NULL);
  JsonObject *object;

  scope->model_id = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _fs_schema_error (error, scope, "models", _("each model must be an object"));
      return NULL;
    }

  object = json_node_get_object (node);
  if (!_fs_schema_read_string (object, "id", TRUE, &self->id, scope, error))
    return NULL;

  scope->model_id = self->id;
  if (!model_read_texts (self, object, scope, error) ||
      !model_read_offers (self, object, scope, error))
    return NULL;

  scope->model_id = NULL;
  return g_steal_pointer (&self);
}

/* Documents */

/* json-glib names the text "<data>" in its messages ("<data>:4:2: Parse
 * error: …"); name the real file instead so that line and column point
 * somewhere. */
JsonObject *
_fs_catalog_parse_document (const char *json,
                            gssize      length,
                            const char *source,
                            GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!fs_json_parser_load (parser, json, length, FS_JSON_MAX_CATALOG_BYTES, &local_error))
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
      FsSchemaScope scope = { source, NULL, NULL, NULL };

      _fs_schema_error (error, &scope, "(top level)", _("the file must hold a JSON object"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/* The shared definitions a document's models may use: its own on top of
 * those of the document below it (the built-in file, for the user's). */
static JsonObject *
document_definitions (JsonObject          *below,
                      JsonObject          *root,
                      const char          *key,
                      const FsSchemaScope *scope,
                      GError             **error)
{
  g_autoptr(JsonObject) merged = json_object_new ();
  JsonObject *own = NULL;
  JsonObject *base = NULL;

  if (!_fs_schema_read_object (root, key, &own, scope, error) ||
      !_fs_schema_read_object (below, key, &base, scope, NULL))
    return NULL;

  _fs_schema_overlay (merged, base);
  _fs_schema_overlay (merged, own);
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
document_read_models (JsonObject    *root,
                      FsSchemaScope *scope,
                      gboolean       required,
                      GPtrArray     *models,
                      GError       **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonNode *node = json_object_get_member (root, "models");
  JsonArray *array;

  if (node == NULL && !required)
    return TRUE;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      _fs_schema_error (error, scope, "models", _("must be a list"));
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
          _fs_schema_error (error, scope, "id", _("the id is used twice in this file"));
          g_object_unref (model);
          return FALSE;
        }

      models_put (models, model);
    }

  return TRUE;
}

/* Reads one document into @models; @below is the document whose shared
 * definitions it may use, or NULL. */
gboolean
_fs_catalog_read_document (JsonObject *root,
                           JsonObject *below,
                           const char *source,
                           gboolean    required,
                           GPtrArray  *models,
                           GError    **error)
{
  g_autoptr(JsonObject) params = NULL;
  g_autoptr(JsonObject) sizes = NULL;
  FsSchemaScope scope = { source, NULL, NULL, NULL };
  guint version = 1;

  if (!_fs_schema_read_uint (root, "version", &version, &scope, error))
    return FALSE;
  if (version != 1)
    {
      _fs_schema_error (error, &scope, "version", _("version %u is not supported"), version);
      return FALSE;
    }

  if ((params = document_definitions (below, root, "params", &scope, error)) == NULL ||
      (sizes = document_definitions (below, root, "sizes", &scope, error)) == NULL)
    return FALSE;

  scope.params = params;
  scope.sizes = sizes;
  return document_read_models (root, &scope, required, models, error);
}
