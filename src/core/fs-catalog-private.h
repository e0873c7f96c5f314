/* fs-catalog-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fs-model-private.h"

G_BEGIN_DECLS

/* The catalog parser, split by what it reads: fs-catalog-schema.c (errors
 * and typed members), fs-catalog-param.c (parameters), fs-catalog-offer.c
 * (what a provider offers of a model), fs-catalog-parse.c (models and
 * documents). */

/* Where a definition is being read from, to name it in error messages,
 * and the shared definitions it may refer to. */
typedef struct
{
  const char *source;
  JsonObject *params;
  JsonObject *sizes;
  const char *model_id;
} FsSchemaScope;

/* The layers a rule is read from, lowest first: the model, the provider
 * the offer is "like", the offer itself. Absent layers are NULL. */
typedef struct
{
  JsonObject *model;
  JsonObject *like;
  JsonObject *entry;
} FsOfferLayers;

/* fs-catalog-schema.c: each reader leaves *out alone when the member is
 * absent and fails with a schema error when it has the wrong type. */
void         _fs_schema_error            (GError             **error,
                                          const FsSchemaScope *scope,
                                          const char          *field,
                                          const char          *format,
                                          ...) G_GNUC_PRINTF (4, 5);
gboolean     _fs_schema_node_holds       (JsonNode            *node,
                                          GType                type);
gboolean     _fs_schema_node_holds_number (JsonNode            *node);
gboolean     _fs_schema_read_string      (JsonObject          *object,
                                          const char          *key,
                                          gboolean             required,
                                          char               **out,
                                          const FsSchemaScope *scope,
                                          GError             **error);
gboolean     _fs_schema_read_text        (JsonObject          *object,
                                          const char          *key,
                                          gboolean             required,
                                          char               **out,
                                          const FsSchemaScope *scope,
                                          GError             **error);
gboolean     _fs_schema_read_uint        (JsonObject          *object,
                                          const char          *key,
                                          guint               *out,
                                          const FsSchemaScope *scope,
                                          GError             **error);
gboolean     _fs_schema_read_double      (JsonObject          *object,
                                          const char          *key,
                                          gboolean            *present,
                                          double              *out,
                                          const FsSchemaScope *scope,
                                          GError             **error);
gboolean     _fs_schema_read_bool        (JsonObject          *object,
                                          const char          *key,
                                          gboolean            *out,
                                          const FsSchemaScope *scope,
                                          GError             **error);
gboolean     _fs_schema_read_strv        (JsonObject          *object,
                                          const char          *key,
                                          GStrv               *out,
                                          const FsSchemaScope *scope,
                                          GError             **error);
gboolean     _fs_schema_read_notes       (JsonObject          *object,
                                          const char          *provider_id,
                                          GStrv               *out,
                                          const FsSchemaScope *scope,
                                          GError             **error);
gboolean     _fs_schema_strv_contains    (JsonNode            *node,
                                          const char          *value);
gboolean     _fs_schema_read_object      (JsonObject          *object,
                                          const char          *key,
                                          JsonObject         **out,
                                          const FsSchemaScope *scope,
                                          GError             **error);
void         _fs_schema_overlay          (JsonObject          *target,
                                          JsonObject          *over);
int          _fs_schema_name_to_enum     (const char * const  *names,
                                          const char          *text);

/* fs-catalog-param.c: the offer's parameters, resolved for its provider
 * from the model's "params" list. Needs the size rule read first. */
gboolean     _fs_offer_read_params       (FsOffer             *offer,
                                          JsonObject          *model,
                                          const FsSchemaScope *scope,
                                          GError             **error);

/* fs-catalog-offer.c */
FsOffer     *_fs_offer_parse             (const char          *model_id,
                                          const char          *provider_id,
                                          const char          *like_id,
                                          const FsOfferLayers *layers,
                                          const FsSchemaScope *scope,
                                          GError             **error);

/* fs-catalog-parse.c */
JsonObject  *_fs_catalog_parse_document  (const char          *json,
                                          gssize               length,
                                          const char          *source,
                                          GError             **error);
gboolean     _fs_catalog_read_document   (JsonObject          *root,
                                          JsonObject          *below,
                                          const char          *source,
                                          gboolean             required,
                                          GPtrArray           *models,
                                          GError             **error);

G_END_DECLS
