/* fs-asset.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "fs-asset-private.h"
#include "fs-colour.h"
#include "fs-core-enums.h"
#include "fs-job-private.h"
#include "fs-json.h"

struct _FsAsset
{
  GObject      parent_instance;

  char        *path;
  char        *sidecar_path;
  char        *sha256;
  char        *prompt;
  char        *provider_id;
  char        *model_id;
  char        *model_name;
  char        *note;
  char        *request_id;
  char       **references;
  char       **reference_names;
  GDateTime   *created;
  JsonObject  *record;
  JsonArray   *colour_check;
  GArray      *colour_checks;  /* FsColourCheck, the same check typed */
  guint        colours_matched;
  guint        colours_requested;
  gint64       seed;
  gint64       file_size;
  double       cost;
  gboolean     cost_estimate;
  guint        width;
  guint        height;
  FsAssetDamage damage;
  FsAssetTimings timings;
};

G_DEFINE_FINAL_TYPE (FsAsset, fs_asset, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_SIDECAR_PATH,
  PROP_SHA256,
  PROP_PROMPT,
  PROP_PROVIDER_ID,
  PROP_MODEL_ID,
  PROP_SEED,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_REQUEST_ID,
  PROP_COST,
  PROP_CREATED,
  PROP_COLOUR_CHECK,
  PROP_DAMAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fs_asset_finalize (GObject *object)
{
  FsAsset *self = (FsAsset *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->sidecar_path, g_free);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->prompt, g_free);
  g_clear_pointer (&self->provider_id, g_free);
  g_clear_pointer (&self->model_id, g_free);
  g_clear_pointer (&self->model_name, g_free);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->request_id, g_free);
  g_clear_pointer (&self->references, g_strfreev);
  g_clear_pointer (&self->reference_names, g_strfreev);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->record, json_object_unref);
  g_clear_pointer (&self->colour_check, json_array_unref);
  g_clear_pointer (&self->colour_checks, g_array_unref);

  G_OBJECT_CLASS (fs_asset_parent_class)->finalize (object);
}

static void
fs_asset_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  FsAsset *self = FS_ASSET (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_SIDECAR_PATH:
      g_value_set_string (value, self->sidecar_path);
      break;

    case PROP_SHA256:
      g_value_set_string (value, self->sha256);
      break;

    case PROP_PROMPT:
      g_value_set_string (value, self->prompt);
      break;

    case PROP_PROVIDER_ID:
      g_value_set_string (value, self->provider_id);
      break;

    case PROP_MODEL_ID:
      g_value_set_string (value, self->model_id);
      break;

    case PROP_SEED:
      g_value_set_int64 (value, self->seed);
      break;

    case PROP_WIDTH:
      g_value_set_uint (value, self->width);
      break;

    case PROP_HEIGHT:
      g_value_set_uint (value, self->height);
      break;

    case PROP_REQUEST_ID:
      g_value_set_string (value, self->request_id);
      break;

    case PROP_COST:
      g_value_set_double (value, self->cost);
      break;

    case PROP_CREATED:
      g_value_set_boxed (value, self->created);
      break;

    case PROP_COLOUR_CHECK:
      g_value_set_boxed (value, self->colour_check);
      break;

    case PROP_DAMAGE:
      g_value_set_enum (value, self->damage);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              (G_PARAM_READABLE |
                               G_PARAM_EXPLICIT_NOTIFY |
                               G_PARAM_STATIC_STRINGS));
}

static void
fs_asset_class_init (FsAssetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = fs_asset_finalize;
  object_class->get_property = fs_asset_get_property;

  properties[PROP_PATH] = string_property ("path");
  properties[PROP_SIDECAR_PATH] = string_property ("sidecar-path");
  properties[PROP_SHA256] = string_property ("sha256");
  properties[PROP_PROMPT] = string_property ("prompt");
  properties[PROP_PROVIDER_ID] = string_property ("provider-id");
  properties[PROP_MODEL_ID] = string_property ("model-id");
  properties[PROP_REQUEST_ID] = string_property ("request-id");
  properties[PROP_SEED] =
    g_param_spec_int64 ("seed", NULL, NULL, G_MININT64, G_MAXINT64, -1, flags);
  properties[PROP_WIDTH] =
    g_param_spec_uint ("width", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_HEIGHT] =
    g_param_spec_uint ("height", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /* NAN (unknown cost) cannot be a GParamSpec default; the property is
   * read-only, so the value read back is still NAN when unknown. */
  properties[PROP_COST] =
    g_param_spec_double ("cost", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0, flags);
  properties[PROP_CREATED] =
    g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME, flags);
  /* Set once, when the colour-fidelity check lands after the save. */
  properties[PROP_COLOUR_CHECK] =
    g_param_spec_boxed ("colour-check", NULL, NULL, JSON_TYPE_ARRAY, flags);
  /* It changes when the library checks the file. */
  properties[PROP_DAMAGE] =
    g_param_spec_enum ("damage", NULL, NULL, FS_TYPE_ASSET_DAMAGE, FS_ASSET_INTACT, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fs_asset_init (FsAsset *self)
{
  self->seed = -1;
  self->file_size = -1;
  self->cost = NAN;
}

static JsonNode *
value_member (JsonObject *object,
              const char *name)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  return node;
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

static char *
dup_string (JsonObject *object,
            const char *name)
{
  return g_strdup (fs_json_get_string (object, name));
}

/* Sidecars are written by other tools and older versions too, so numbers
 * are read leniently: integers, integral doubles and numeric strings. */
static gboolean
read_int (JsonObject *object,
          const char *name,
          gint64     *value)
{
  JsonNode *node = value_member (object, name);
  GType type = node ? json_node_get_value_type (node) : G_TYPE_INVALID;
  double number;

  if (type == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }

  if (type == G_TYPE_DOUBLE)
    {
      number = json_node_get_double (node);
      if (number != floor (number) || fabs (number) > (double)G_MAXINT64)
        return FALSE;
      *value = (gint64)number;
      return TRUE;
    }

  if (type == G_TYPE_STRING)
    return g_ascii_string_to_signed (json_node_get_string (node), 10,
                                     G_MININT64, G_MAXINT64,
                                     value, NULL);

  return FALSE;
}

static guint
read_size (JsonObject *image,
           JsonObject *params,
           const char *name)
{
  gint64 value = 0;

  if (!read_int (image, name, &value) && !read_int (params, name, &value))
    return 0;

  return (guint)CLAMP (value, 0, G_MAXUINT);
}

/* A number, integer or not; @fallback when there is none. */
static double
read_number (JsonObject *object,
             const char *name,
             double      fallback)
{
  JsonNode *node = value_member (object, name);
  GType type = node ? json_node_get_value_type (node) : G_TYPE_INVALID;

  if (type == G_TYPE_DOUBLE || type == G_TYPE_INT64)
    return json_node_get_double (node);

  return fallback;
}

/* "saved_at" is written by FsLibrary; "created" is what a provider or an
 * older sidecar may carry, as ISO 8601 or as Unix seconds. */
static GDateTime *
read_created (JsonObject *record)
{
  const char *names[] = { "saved_at", "created" };
  gint64 seconds;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *text = dup_string (record, names[i]);
      GDateTime *created = text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

      if (created != NULL)
        return created;
      if (text == NULL && read_int (record, names[i], &seconds))
        return g_date_time_new_from_unix_utc (seconds);
    }

  return g_date_time_new_from_unix_utc (0);
}

/* References are recorded as sha256 strings in tray order; objects with a
 * "sha256" member are accepted too. */
static char **
read_references (JsonObject *record)
{
  JsonNode *node = json_object_get_member (record, "references");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;
  guint length;

  array = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  length = array ? json_array_get_length (array) : 0;

  for (guint i = 0; i < length; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *sha256 = NULL;

      if (JSON_NODE_HOLDS_OBJECT (element))
        sha256 = dup_string (json_node_get_object (element), "sha256");
      else if (json_node_get_value_type (element) == G_TYPE_STRING)
        sha256 = json_node_dup_string (element);

      if (sha256 != NULL)
        g_strv_builder_add (builder, sha256);
    }

  return g_strv_builder_end (builder);
}

/* The tray's names, in the order of the references: "" for an entry that
 * is not a string, so that positions still match. */
static char **
read_reference_names (JsonObject *record)
{
  JsonNode *node = json_object_get_member (record, "reference_names");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gboolean text = JSON_NODE_HOLDS_VALUE (element) &&
                      json_node_get_value_type (element) == G_TYPE_STRING;

      g_strv_builder_add (builder, text ? json_node_get_string (element) : "");
    }

  return g_strv_builder_end (builder);
}

static gint64
read_timing (JsonObject *timings,
             const char *name)
{
  gint64 value;

  return timings != NULL && read_int (timings, name, &value) ? value : -1;
}

static void
read_timings (FsAssetTimings *timings,
              JsonObject     *record)
{
  JsonObject *object = object_member (record, "timings");

  timings->submit_ms = read_timing (object, "submit_ms");
  timings->ready_ms = read_timing (object, "ready_ms");
  timings->download_ms = read_timing (object, "download_ms");
  timings->polls = read_timing (object, "polls");
}

static char *
sidecar_path_for (const char *path)
{
  const char *base = strrchr (path, G_DIR_SEPARATOR);
  const char *dot;
  g_autofree char *stem = NULL;

  base = base ? base + 1 : path;
  dot = strrchr (base, '.');
  stem = dot && dot != base ? g_strndup (path, dot - path) : g_strdup (path);

  return g_strconcat (stem, ".json", NULL);
}

static JsonNode *copy_node (JsonNode *node);

JsonObject *
_fs_asset_copy_record (JsonObject *record)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, record);
  while (json_object_iter_next (&iter, &name, &member))
    json_object_set_member (copy, name, copy_node (member));

  return copy;
}

/* json_node_copy() shares nested objects and arrays, so a caller could
 * still change an asset's record through them; this copy shares nothing. */
static JsonNode *
copy_node (JsonNode *node)
{
  JsonNode *copy;
  JsonArray *array;
  JsonArray *elements;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, _fs_asset_copy_record (json_node_get_object (node)));
      return copy;
    }

  if (json_node_get_value_type (node) == G_TYPE_DOUBLE && !isfinite (json_node_get_double (node)))
    return json_node_new (JSON_NODE_NULL);

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return json_node_copy (node);

  array = json_node_get_array (node);
  elements = json_array_sized_new (json_array_get_length (array));
  for (guint i = 0; i < json_array_get_length (array); i++)
    json_array_add_element (elements, copy_node (json_array_get_element (array, i)));

  copy = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (copy, elements);

  return copy;
}

/* One entry of "colour_check", as fs_colour_check_to_json() writes it;
 * FALSE when its colours cannot be read. A verdict this version does not
 * know is "off". */
static gboolean
read_colour_check (JsonObject    *object,
                   FsColourCheck *check)
{
  const char *verdict = fs_json_get_string (object, "verdict");
  const char *expected = fs_json_get_string (object, "expected");
  const char *found = fs_json_get_string (object, "found");

  if (expected == NULL || found == NULL ||
      !fs_colour_parse_hex (expected, &check->expected[0], &check->expected[1],
                            &check->expected[2]) ||
      !fs_colour_parse_hex (found, &check->found[0], &check->found[1], &check->found[2]))
    return FALSE;

  check->delta_e = read_number (object, "delta_e", 0);
  check->share = read_number (object, "share", 0);
  check->verdict = FS_COLOUR_OFF;
  for (FsColourVerdict v = FS_COLOUR_MATCHED; v <= FS_COLOUR_OFF; v++)
    if (g_strcmp0 (verdict, fs_colour_verdict_to_string (v)) == 0)
      check->verdict = v;
  return TRUE;
}

/* The stored check is the sidecar's "colour_check" array; an entry counts
 * as matched when its verdict says so. */
static void
read_colour_checks (FsAsset *self)
{
  guint length = self->colour_check ? json_array_get_length (self->colour_check) : 0;

  g_clear_pointer (&self->colour_checks, g_array_unref);
  self->colours_requested = 0;
  self->colours_matched = 0;
  if (self->colour_check == NULL)
    return;

  self->colour_checks = g_array_sized_new (FALSE, TRUE, sizeof (FsColourCheck), length);
  for (guint i = 0; i < length; i++)
    {
      JsonNode *node = json_array_get_element (self->colour_check, i);
      FsColourCheck check = { { 0 } };

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          !read_colour_check (json_node_get_object (node), &check))
        continue;

      g_array_append_val (self->colour_checks, check);
      self->colours_matched += check.verdict == FS_COLOUR_MATCHED;
    }
  self->colours_requested = self->colour_checks->len;
}

static void
take_colour_check (FsAsset    *self,
                   JsonObject *record)
{
  JsonNode *node = json_object_get_member (record, "colour_check");

  g_clear_pointer (&self->colour_check, json_array_unref);
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node) &&
      json_array_get_length (json_node_get_array (node)) > 0)
    self->colour_check = json_array_ref (json_node_get_array (node));
  read_colour_checks (self);
}

static void
read_record (FsAsset    *self,
             JsonObject *record)
{
  JsonObject *image = object_member (record, "image");
  JsonObject *params = object_member (record, "params");
  g_autofree char *prompt = dup_string (record, "prompt");
  g_autofree char *provider_id = dup_string (record, "provider");
  g_autofree char *model_id = dup_string (record, "model");
  g_autofree char *model_name = dup_string (record, "model_name");
  g_autofree char *sha256 = dup_string (image, "sha256");

  self->prompt = prompt ? g_steal_pointer (&prompt) : g_strdup ("");
  self->provider_id = provider_id ? g_steal_pointer (&provider_id) : g_strdup ("");
  self->model_id = model_id ? g_steal_pointer (&model_id) : g_strdup ("");
  self->model_name = model_name ? g_steal_pointer (&model_name) : g_strdup (self->model_id);
  self->note = dup_string (record, "note");
  self->sha256 = sha256 ? g_steal_pointer (&sha256) : dup_string (record, "sha256");
  if (self->sha256 == NULL)
    self->sha256 = g_strdup ("");
  self->request_id = dup_string (record, "request_id");
  if (!read_int (params, "seed", &self->seed) && !read_int (record, "seed", &self->seed))
    self->seed = -1;
  self->width = read_size (image, params, "width");
  self->height = read_size (image, params, "height");
  if (!read_int (image, "bytes", &self->file_size) || self->file_size < 0)
    self->file_size = -1;
  self->cost = read_number (record, "cost", NAN);
  self->cost_estimate = g_strcmp0 (fs_json_get_string (record, "cost_source"), "estimate") == 0;
  read_timings (&self->timings, record);
  self->created = read_created (record);
  self->references = read_references (record);
  self->reference_names = read_reference_names (record);
  take_colour_check (self, record);
}

/**
 * fs_asset_new_from_record:
 * @path: the image file
 * @record: its sidecar record
 *
 * A sealed (immutable) @record is kept as it is; any other is copied, so
 * the asset never changes after it is made.
 *
 * Returns: (transfer full): a new #FsAsset
 */
FsAsset *
fs_asset_new_from_record (const char *path,
                          JsonObject *record)
{
  FsAsset *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (FS_TYPE_ASSET, NULL);
  self->path = g_strdup (path);
  self->sidecar_path = sidecar_path_for (path);

  if (json_object_is_immutable (record))
    self->record = json_object_ref (record);
  else
    {
      self->record = _fs_asset_copy_record (record);
      json_object_seal (self->record);
    }

  read_record (self, self->record);

  return self;
}

const char *
fs_asset_get_path (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  return self->path;
}

const char *
fs_asset_get_sidecar_path (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  return self->sidecar_path;
}

const char *
fs_asset_get_sha256 (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  return self->sha256;
}

const char *
fs_asset_get_prompt (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  return self->prompt;
}

const char *
fs_asset_get_provider_id (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  return self->provider_id;
}

const char *
fs_asset_get_model_id (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  return self->model_id;
}

/* -1 when the seed is unknown. */
gint64
fs_asset_get_seed (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), -1);

  return self->seed;
}

guint
fs_asset_get_width (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), 0);

  return self->width;
}

guint
fs_asset_get_height (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), 0);

  return self->height;
}

/* NULL when the provider gave none. */
const char *
fs_asset_get_request_id (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  return self->request_id;
}

/* NAN when the cost is unknown. */
double
fs_asset_get_cost (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), NAN);

  return self->cost;
}

GDateTime *
fs_asset_get_created (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  return self->created;
}

/* The references' sha256 in tray order; empty, never NULL. */
const char * const *
fs_asset_get_references (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  return (const char * const *)self->references;
}

const char *
fs_asset_get_model_name (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  return self->model_name;
}

gboolean
fs_asset_is_cost_estimate (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), FALSE);

  return self->cost_estimate;
}

const char *
fs_asset_get_note (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  return self->note;
}

JsonObject *
fs_asset_get_params (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  return object_member (self->record, "params");
}

const char * const *
fs_asset_get_reference_names (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  return (const char * const *)self->reference_names;
}

const FsAssetTimings *
fs_asset_get_timings (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  return &self->timings;
}

/* Read each time rather than kept: the exchanges hold response bodies,
 * and only the inspector wants them. */
GPtrArray *
fs_asset_dup_exchanges (FsAsset *self)
{
  JsonNode *node;

  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  node = json_object_get_member (self->record, "exchanges");
  return _fs_exchanges_from_json (node != NULL && JSON_NODE_HOLDS_ARRAY (node)
                                  ? json_node_get_array (node) : NULL);
}

JsonObject *
fs_asset_get_record (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  return self->record;
}

gint64
fs_asset_get_file_size (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), -1);

  return self->file_size;
}

FsAssetDamage
fs_asset_get_damage (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), FS_ASSET_INTACT);

  return self->damage;
}

gboolean
_fs_asset_set_damage (FsAsset       *self,
                      FsAssetDamage  damage)
{
  g_return_val_if_fail (FS_IS_ASSET (self), FALSE);

  if (self->damage == damage)
    return FALSE;

  self->damage = damage;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAMAGE]);
  return TRUE;
}

const char *
fs_asset_damage_to_string (FsAssetDamage damage)
{
  switch (damage)
    {
    case FS_ASSET_MISSING:
      return "missing";
    case FS_ASSET_EMPTY:
      return "empty";
    case FS_ASSET_SIZE_MISMATCH:
      return "size-mismatch";
    case FS_ASSET_SHA256_MISMATCH:
      return "sha256-mismatch";
    case FS_ASSET_INTACT:
    default:
      return NULL;
    }
}

const char *
fs_asset_damage_describe (FsAssetDamage damage)
{
  switch (damage)
    {
    case FS_ASSET_MISSING:
      return _("The image file is missing. Restore it from a backup, or delete this record.");
    case FS_ASSET_EMPTY:
      return _("The image file is empty. Restore it from a backup, or delete this record.");
    case FS_ASSET_SIZE_MISMATCH:
      return _("The image file is not the size its record says: it was changed or cut off. "
               "Restore it from a backup, or delete this record.");
    case FS_ASSET_SHA256_MISMATCH:
      return _("The image file was changed after it was saved: its sha256 no longer matches "
               "its record. Restore it from a backup, or delete this record.");
    case FS_ASSET_INTACT:
    default:
      return NULL;
    }
}

JsonArray *
fs_asset_get_colour_check (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  return self->colour_check;
}

GArray *
fs_asset_get_colour_checks (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  return self->colour_checks;
}

guint
fs_asset_get_colours_matched (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), 0);

  return self->colours_matched;
}

guint
fs_asset_get_colours_requested (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), 0);

  return self->colours_requested;
}

gboolean
fs_asset_all_colours_matched (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), FALSE);

  return self->colours_requested > 0 && self->colours_matched == self->colours_requested;
}

/* The record stays as it was read: callers may hold it. The check is the
 * one thing that arrives later, and it has its own getter. */
void
_fs_asset_set_colour_check (FsAsset   *self,
                            JsonArray *check)
{
  g_autoptr(JsonObject) holder = json_object_new ();

  g_return_if_fail (FS_IS_ASSET (self));

  if (check == self->colour_check)
    return;

  if (check != NULL)
    json_object_set_array_member (holder, "colour_check", json_array_ref (check));
  take_colour_check (self, holder);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOUR_CHECK]);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* Unknown values are JSON null (seed -1 and cost NAN in C), so scripts
 * never mistake a sentinel for data. */
JsonNode *
fs_asset_to_summary_json (FsAsset *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *created = NULL;

  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  created = g_date_time_format_iso8601 (self->created);

  json_builder_begin_object (builder);
  add_string_or_null (builder, "path", self->path);
  add_string_or_null (builder, "sidecar", self->sidecar_path);
  add_string_or_null (builder, "sha256", self->sha256);
  add_string_or_null (builder, "provider", self->provider_id);
  add_string_or_null (builder, "model", self->model_id);
  json_builder_set_member_name (builder, "seed");
  if (self->seed != -1)
    json_builder_add_int_value (builder, self->seed);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, self->width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, self->height);
  add_string_or_null (builder, "request_id", self->request_id);
  json_builder_set_member_name (builder, "cost");
  if (!isnan (self->cost))
    json_builder_add_double_value (builder, self->cost);
  else
    json_builder_add_null_value (builder);
  add_string_or_null (builder, "created", created);
  add_string_or_null (builder, "prompt", self->prompt);
  add_string_or_null (builder, "damaged", fs_asset_damage_to_string (self->damage));
  if (self->colour_check != NULL)
    {
      JsonNode *check = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (check, self->colour_check);
      json_builder_set_member_name (builder, "colour_check");
      json_builder_add_value (builder, check);
    }
  _fs_asset_lineage_to_summary (self, builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
