/* fs-request.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-request-private.h"

/* A request holds what the user asked, by catalog name, and nothing the
 * provider decides: unset parameters stay unset so that the record says
 * exactly what was chosen. Validation (fs-request-validate.c) compares it
 * with the model's rules on the request's provider and names every problem
 * at once.
 *
 * Ownership: fs_request_get_param() and fs_request_get_references() return
 * borrowed pointers; the request keeps them alive while it is unchanged.
 */

struct _FsRequest
{
  GObject     parent_instance;

  char       *provider_id;
  char       *model_id;
  char       *prompt;
  GHashTable *params;      /* name → GVariant */
  GPtrArray  *references;  /* FsReference, tray order */
  FsRequestEdit *edit;     /* NULL unless it edits an image */
};

G_DEFINE_FINAL_TYPE (FsRequest, fs_request, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROVIDER_ID,
  PROP_MODEL_ID,
  PROP_PROMPT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GObject */

static void
fs_request_finalize (GObject *object)
{
  FsRequest *self = (FsRequest *) object;

  g_free (self->provider_id);
  g_free (self->model_id);
  g_free (self->prompt);
  g_clear_pointer (&self->params, g_hash_table_unref);
  g_clear_pointer (&self->references, g_ptr_array_unref);
  g_clear_pointer (&self->edit, _fs_request_edit_free);

  G_OBJECT_CLASS (fs_request_parent_class)->finalize (object);
}

static void
fs_request_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FsRequest *self = FS_REQUEST (object);

  switch (prop_id)
    {
    case PROP_PROVIDER_ID:
      g_value_set_string (value, self->provider_id);
      break;

    case PROP_MODEL_ID:
      g_value_set_string (value, self->model_id);
      break;

    case PROP_PROMPT:
      g_value_set_string (value, self->prompt);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_request_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  FsRequest *self = FS_REQUEST (object);

  switch (prop_id)
    {
    case PROP_PROVIDER_ID:
      self->provider_id = g_value_dup_string (value);
      break;

    case PROP_MODEL_ID:
      self->model_id = g_value_dup_string (value);
      break;

    case PROP_PROMPT:
      fs_request_set_prompt (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_request_class_init (FsRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fs_request_finalize;
  object_class->get_property = fs_request_get_property;
  object_class->set_property = fs_request_set_property;

  properties[PROP_PROVIDER_ID] =
    g_param_spec_string ("provider-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MODEL_ID] =
    g_param_spec_string ("model-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROMPT] =
    g_param_spec_string ("prompt", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fs_request_init (FsRequest *self)
{
  self->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_variant_unref);
  self->references = g_ptr_array_new_with_free_func (g_object_unref);
}

FsRequest *
fs_request_new (const char *provider_id,
                const char *model_id)
{
  g_return_val_if_fail (provider_id != NULL, NULL);
  g_return_val_if_fail (model_id != NULL, NULL);

  return g_object_new (FS_TYPE_REQUEST,
                       "provider-id", provider_id,
                       "model-id", model_id,
                       NULL);
}

/* Parameter values are immutable GVariants and references immutable
 * objects, so sharing them gives a copy that nothing can change. */
FsRequest *
fs_request_copy (FsRequest *self)
{
  FsRequest *copy;
  GHashTableIter iter;
  gpointer name;
  gpointer value;

  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);

  copy = fs_request_new (self->provider_id, self->model_id);
  copy->prompt = g_strdup (self->prompt);

  g_hash_table_iter_init (&iter, self->params);
  while (g_hash_table_iter_next (&iter, &name, &value))
    g_hash_table_insert (copy->params, g_strdup (name), g_variant_ref (value));

  for (guint i = 0; i < self->references->len; i++)
    g_ptr_array_add (copy->references, g_object_ref (g_ptr_array_index (self->references, i)));
  copy->edit = self->edit != NULL ? _fs_request_edit_copy (self->edit) : NULL;

  return copy;
}

const char *
fs_request_get_provider_id (FsRequest *self)
{
  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);

  return self->provider_id;
}

const char *
fs_request_get_model_id (FsRequest *self)
{
  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);

  return self->model_id;
}

const char *
fs_request_get_prompt (FsRequest *self)
{
  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);

  return self->prompt;
}

void
fs_request_set_prompt (FsRequest  *self,
                       const char *prompt)
{
  g_return_if_fail (FS_IS_REQUEST (self));
  g_return_if_fail (prompt == NULL || g_utf8_validate (prompt, -1, NULL));

  if (g_strcmp0 (self->prompt, prompt) == 0)
    return;

  g_free (self->prompt);
  self->prompt = g_strdup (prompt);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROMPT]);
}

/* Parameters */

void
fs_request_set_param (FsRequest  *self,
                      const char *name,
                      GVariant   *value)
{
  g_return_if_fail (FS_IS_REQUEST (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  g_hash_table_insert (self->params, g_strdup (name), g_variant_ref_sink (value));
}

/* Borrowed, or NULL when unset. */
GVariant *
fs_request_get_param (FsRequest  *self,
                      const char *name)
{
  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->params, name);
}

void
fs_request_unset_param (FsRequest  *self,
                        const char *name)
{
  g_return_if_fail (FS_IS_REQUEST (self));
  g_return_if_fail (name != NULL);

  g_hash_table_remove (self->params, name);
}

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names of the set parameters, sorted so records and problems come
 * out in the same order every time. */
GStrv
fs_request_list_params (FsRequest *self)
{
  g_autofree const char **names = NULL;
  guint n_names = 0;

  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);

  names = (const char **) g_hash_table_get_keys_as_array (self->params, &n_names);
  g_qsort_with_data (names, n_names, sizeof (char *), compare_names, NULL);
  return g_strdupv ((char **) names);
}

gboolean
_fs_request_variant_get_int (GVariant *value,
                             gint64   *out)
{
  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_BYTE:
      *out = g_variant_get_byte (value);
      return TRUE;
    case G_VARIANT_CLASS_INT16:
      *out = g_variant_get_int16 (value);
      return TRUE;
    case G_VARIANT_CLASS_UINT16:
      *out = g_variant_get_uint16 (value);
      return TRUE;
    case G_VARIANT_CLASS_INT32:
      *out = g_variant_get_int32 (value);
      return TRUE;
    case G_VARIANT_CLASS_UINT32:
      *out = g_variant_get_uint32 (value);
      return TRUE;
    case G_VARIANT_CLASS_INT64:
      *out = g_variant_get_int64 (value);
      return TRUE;
    case G_VARIANT_CLASS_UINT64:
      *out = (gint64) g_variant_get_uint64 (value);
      return g_variant_get_uint64 (value) <= G_MAXINT64;
    default:
      return FALSE;
    }
}

/* FALSE when unset or not an integer. */
gboolean
fs_request_get_int (FsRequest  *self,
                    const char *name,
                    gint64     *value)
{
  GVariant *variant;
  gint64 integer;

  g_return_val_if_fail (FS_IS_REQUEST (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  variant = g_hash_table_lookup (self->params, name);
  if (variant == NULL || !_fs_request_variant_get_int (variant, &integer))
    return FALSE;

  if (value != NULL)
    *value = integer;
  return TRUE;
}

/* References */

void
fs_request_add_reference (FsRequest   *self,
                          FsReference *reference)
{
  g_return_if_fail (FS_IS_REQUEST (self));
  g_return_if_fail (FS_IS_REFERENCE (reference));

  g_ptr_array_add (self->references, g_object_ref (reference));
}

void
fs_request_clear_references (FsRequest *self)
{
  g_return_if_fail (FS_IS_REQUEST (self));

  g_ptr_array_set_size (self->references, 0);
}

/* Borrowed: the request's own array of FsReference, in tray order. */
GPtrArray *
fs_request_get_references (FsRequest *self)
{
  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);

  return self->references;
}

FsRequestEdit *
_fs_request_get_edit (FsRequest *self,
                      gboolean   create)
{
  if (self->edit == NULL && create)
    self->edit = g_new0 (FsRequestEdit, 1);

  return self->edit;
}

/* Output size */

static const char *
get_string_param (FsRequest  *self,
                  const char *name,
                  const char *fallback)
{
  GVariant *value = g_hash_table_lookup (self->params, name);

  if (value == NULL)
    return fallback;

  return g_variant_is_of_type (value, G_VARIANT_TYPE_STRING) ?
         g_variant_get_string (value, NULL) : NULL;
}

static gboolean
get_dimension (FsRequest  *self,
               const char *name,
               guint       fallback,
               guint      *out)
{
  GVariant *value = g_hash_table_lookup (self->params, name);
  gint64 integer;

  if (value == NULL)
    {
      *out = fallback;
      return TRUE;
    }

  if (!_fs_request_variant_get_int (value, &integer) ||
      integer <= 0 || integer > G_MAXUINT)
    return FALSE;

  *out = (guint) integer;
  return TRUE;
}

gboolean
fs_request_get_output_size (FsRequest *self,
                            FsModel   *model,
                            guint     *width,
                            guint     *height)
{
  const FsSizeRule *rule;
  g_autofree char *fixed_default = NULL;

  g_return_val_if_fail (FS_IS_REQUEST (self), FALSE);
  g_return_val_if_fail (FS_IS_MODEL (model), FALSE);
  g_return_val_if_fail (width != NULL && height != NULL, FALSE);

  rule = fs_model_get_size_rule (model, self->provider_id);
  if (rule == NULL)
    return FALSE;

  switch (rule->kind)
    {
    case FS_SIZE_DIMENSIONS:
      return get_dimension (self, "width", rule->default_width, width) &&
             get_dimension (self, "height", rule->default_height, height);

    case FS_SIZE_ASPECT_RATIO:
      return fs_size_rule_get_aspect_size (rule,
                                           get_string_param (self, "aspect_ratio",
                                                             rule->default_aspect),
                                           width, height);

    case FS_SIZE_IMAGE:
      return _fs_request_edit_output_size (self, width, height);

    case FS_SIZE_FIXED:
    default:
      fixed_default = g_strdup_printf ("%ux%u", rule->default_width, rule->default_height);
      return fs_size_parse (get_string_param (self, "size", fixed_default), width, height);
    }
}

/* Record */

/* The prompt is always a JSON string, even when it is structured JSON
 * itself: the record keeps exactly what was sent. */
JsonNode *
fs_request_to_json (FsRequest *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);

  names = fs_request_list_params (self);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "provider");
  json_builder_add_string_value (builder, self->provider_id);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, self->model_id);
  json_builder_set_member_name (builder, "prompt");
  json_builder_add_string_value (builder, self->prompt != NULL ? self->prompt : "");

  json_builder_set_member_name (builder, "params");
  json_builder_begin_object (builder);
  for (guint i = 0; names[i] != NULL; i++)
    {
      json_builder_set_member_name (builder, names[i]);
      json_builder_add_value (builder,
                              json_gvariant_serialize (g_hash_table_lookup (self->params,
                                                                            names[i])));
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "references");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->references->len; i++)
    {
      FsReference *reference = g_ptr_array_index (self->references, i);

      json_builder_add_string_value (builder, fs_reference_get_sha256 (reference));
    }
  json_builder_end_array (builder);

  _fs_request_edit_to_json (self, builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

gboolean
fs_request_estimate_cost (FsRequest *self,
                          FsModel   *model,
                          guint      n_images,
                          double    *usd)
{
  guint width = 0, height = 0;
  double megapixels = 0;

  g_return_val_if_fail (FS_IS_REQUEST (self), FALSE);
  g_return_val_if_fail (FS_IS_MODEL (model), FALSE);
  g_return_val_if_fail (usd != NULL, FALSE);

  if (!fs_request_get_output_size (self, model, &width, &height))
    return FALSE;
  /* Where a provider bills references, it bills the megapixels sent. */
  for (guint i = 0; i < self->references->len; i++)
    megapixels += fs_reference_get_megapixels (g_ptr_array_index (self->references, i));

  return fs_model_estimate_cost (model, self->provider_id, width, height, megapixels,
                                 n_images, usd);
}
