/* fs-provider-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fs-provider.h"

G_BEGIN_DECLS

/* Shared by the provider implementations. Every provider class overrides
 * the interface's two construct-only properties under these ids and
 * forwards them to the helpers below, so the interface can hand out the
 * values without a vfunc. Implemented in fs-provider.c, like what follows
 * up to _fs_provider_get_display_name(). */
enum
{
  FS_PROVIDER_PROP_PROVIDER_ID = 1,
  FS_PROVIDER_PROP_BASE_URL,
  FS_PROVIDER_N_COMMON_PROPS,
};

/* For a class whose only properties are the interface's two: overrides
 * them and installs get_property and set_property handlers that serve
 * them, so the class states nothing of it. */
void              _fs_provider_class_init_common  (GObjectClass    *klass);

/* For a class with properties of its own, which numbers them from
 * FS_PROVIDER_N_COMMON_PROPS and hands the others to these. */
void              _fs_provider_override_properties (GObjectClass    *klass);
gboolean          _fs_provider_set_common_property (GObject         *object,
                                                    guint            prop_id,
                                                    const GValue    *value);
gboolean          _fs_provider_get_common_property (GObject         *object,
                                                    guint            prop_id,
                                                    GValue          *value);

/* NULL for an id the table does not know. */
const FsProviderInfo *_fs_provider_get_info       (FsProvider      *self);
const char       *_fs_provider_get_display_name   (FsProvider      *self);

/* providers/fs-provider-util.c: building calls */
gboolean          _fs_provider_check_model        (FsProvider      *self,
                                                   FsModel         *model,
                                                   GError         **error);
gboolean          _fs_provider_check_key          (FsProvider      *self,
                                                   const char      *key,
                                                   GError         **error);
gboolean          _fs_provider_check_references   (FsProvider      *self,
                                                   FsRequest       *request,
                                                   FsModel         *model,
                                                   GError         **error);
char             *_fs_provider_dup_url            (FsProvider      *self,
                                                   const char      *path);
guint             _fs_provider_timeout_for        (FsModel         *model);

/* The wire name of a catalog parameter (its own name when none is set). */
const char       *_fs_provider_param_wire         (FsParam         *param);
JsonNode         *_fs_provider_param_to_node      (FsParam         *param,
                                                   GVariant        *value);
char             *_fs_provider_param_to_string    (FsParam         *param,
                                                   GVariant        *value);
/* Adds every parameter that the catalog lists for @model on this provider
 * and that @request sets, under its wire name and with its JSON type.
 * Parameters named in @skip are left to the caller. */
void              _fs_provider_add_json_params    (FsProvider         *self,
                                                   JsonObject         *object,
                                                   FsRequest          *request,
                                                   FsModel            *model,
                                                   const char * const *skip);

/* providers/fs-provider-response.c: reading answers */

/* Typed member lookups that return NULL / FALSE instead of warning when a
 * member is missing or of another type, since provider bodies vary (a
 * string: fs_json_get_string()). */
gboolean          _fs_provider_json_number        (JsonObject      *object,
                                                   const char      *member,
                                                   double          *out);
JsonObject       *_fs_provider_json_object        (JsonObject      *object,
                                                   const char      *member);

/* The body of @response as a JSON object, or NULL (no error) when it is
 * not one. */
JsonObject       *_fs_provider_parse_object       (FsHttpResponse  *response);
/* The provider's error for a failed response, in the user's words. */
GError           *_fs_provider_response_error     (FsProvider      *self,
                                                   FsHttpResponse  *response);
/* {"data":[{"url"}|{"b64_json"}, …]} as returned by OpenAI-style image
 * endpoints and Monica. */
FsProviderResult *_fs_provider_parse_image_list   (FsProvider      *self,
                                                   FsHttpResponse  *response,
                                                   GError         **error);

G_END_DECLS
