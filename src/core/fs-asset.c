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
  char       **collections;    /* NULL: not known (a light asset) */
  GDateTime   *created;
  gint64       created_us;
  JsonObject  *record;         /* NULL for a light asset */
  JsonObject  *lineage;        /* a light asset's parent, mask and margins */
  JsonArray   *colour_check;
  GArray      *colour_checks;  /* FsColourCheck, the same check typed */
  guint        colours_matched;
  guint        colours_off;
  guint        colours_requested;
  guint        n_references;
  guint        rating;
  gint64       seed;
  gint64       file_size;
  double       cost;
  gboolean     cost_estimate;
  gboolean     favourite;
  gboolean     whole_prompt;
  gint         hashed;
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
  PROP_FAVOURITE,
  PROP_RATING,
  PROP_COLLECTIONS,
  PROP_HAS_RECORD,
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
  g_clear_pointer (&self->collections, g_strfreev);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->record, json_object_unref);
  g_clear_pointer (&self->lineage, json_object_unref);
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
      g_value_set_boxed (value, fs_asset_get_created (self));
      break;

    case PROP_COLOUR_CHECK:
      g_value_set_boxed (value, self->colour_check);
      break;

    case PROP_DAMAGE:
      g_value_set_enum (value, self->damage);
      break;

    case PROP_FAVOURITE:
      g_value_set_boolean (value, self->favourite);
      break;

    case PROP_RATING:
      g_value_set_uint (value, self->rating);
      break;

    case PROP_COLLECTIONS:
      g_value_set_boxed (value, self->collections);
      break;

    case PROP_HAS_RECORD:
      g_value_set_boolean (value, self->record != NULL);
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
  /* The user's marks (docs/ARCHITECTURE.md, “Sidecar”). */
  properties[PROP_FAVOURITE] =
    g_param_spec_boolean ("favourite", NULL, NULL, FALSE, flags);
  properties[PROP_RATING] =
    g_param_spec_uint ("rating", NULL, NULL, 0, FS_ASSET_MAX_RATING, 0, flags);
  properties[PROP_COLLECTIONS] =
    g_param_spec_boxed ("collections", NULL, NULL, G_TYPE_STRV, flags);
  /* FALSE for a light asset until its record is loaded. */
  properties[PROP_HAS_RECORD] =
    g_param_spec_boolean ("has-record", NULL, NULL, FALSE, flags);

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

/* In the record's order (json_object_iter_next() has none), so that a
 * sidecar reads as it was written. */
JsonObject *
_fs_asset_copy_record (JsonObject *record)
{
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) names = json_object_get_members (record);

  for (GList *l = names; l != NULL; l = l->next)
    json_object_set_member (copy, l->data,
                            copy_node (json_object_get_member (record, l->data)));

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
 * as matched or off when its verdict says so. */
static void
read_colour_checks (FsAsset *self)
{
  guint length = self->colour_check ? json_array_get_length (self->colour_check) : 0;

  g_clear_pointer (&self->colour_checks, g_array_unref);
  self->colours_requested = 0;
  self->colours_matched = 0;
  self->colours_off = 0;
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
      self->colours_off += check.verdict == FS_COLOUR_OFF;
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

/* The marks: lenient like every reader here, since people and other
 * tools edit sidecars by hand. */
gboolean
_fs_asset_read_favourite (JsonObject *record)
{
  JsonNode *node = value_member (record, "favourite");
  GType type = node ? json_node_get_value_type (node) : G_TYPE_INVALID;
  gint64 number;

  if (type == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (type == G_TYPE_STRING)
    return g_ascii_strcasecmp (json_node_get_string (node), "true") == 0;
  return read_int (record, "favourite", &number) && number != 0;
}

guint
_fs_asset_read_rating (JsonObject *record)
{
  JsonNode *node = value_member (record, "rating");
  double number = read_number (record, "rating", 0);

  if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      gint64 value;

      if (!read_int (record, "rating", &value))
        return 0;
      number = value;
    }
  if (!isfinite (number) || number <= 0)
    return 0;

  return (guint) MIN (round (number), FS_ASSET_MAX_RATING);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

GStrv
_fs_asset_read_collections (JsonObject *record)
{
  JsonNode *node = json_object_get_member (record, "collections");
  JsonArray *array = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *name = NULL;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        continue;
      name = g_strstrip (json_node_dup_string (element));
      if (name[0] == '\0' || g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
        continue;
      g_ptr_array_add (names, g_steal_pointer (&name));
    }

  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static void
set_created (FsAsset   *self,
             GDateTime *created)
{
  g_clear_pointer (&self->created, g_date_time_unref);
  self->created = created;
  self->created_us = g_date_time_to_unix (created) * G_USEC_PER_SEC +
                     g_date_time_get_microsecond (created);
}

/* What a light asset keeps too: the tile's columns of the index. */
static void
read_summary (FsAsset    *self,
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
  self->whole_prompt = TRUE;
  self->provider_id = provider_id ? g_steal_pointer (&provider_id) : g_strdup ("");
  self->model_id = model_id ? g_steal_pointer (&model_id) : g_strdup ("");
  self->model_name = model_name ? g_steal_pointer (&model_name) : g_strdup (self->model_id);
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
  set_created (self, read_created (record));
  self->favourite = _fs_asset_read_favourite (record);
  self->rating = _fs_asset_read_rating (record);
}

/* What only the record gives. */
static void
read_details (FsAsset    *self,
              JsonObject *record)
{
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->references, g_strfreev);
  g_clear_pointer (&self->reference_names, g_strfreev);
  g_clear_pointer (&self->collections, g_strfreev);

  self->note = dup_string (record, "note");
  self->cost_estimate = g_strcmp0 (fs_json_get_string (record, "cost_source"), "estimate") == 0;
  read_timings (&self->timings, record);
  self->references = read_references (record);
  self->n_references = g_strv_length (self->references);
  self->reference_names = read_reference_names (record);
  self->collections = _fs_asset_read_collections (record);
  take_colour_check (self, record);
}

/* The colour check stays when @keep_check: it is small, and what a
 * rewritten record is wanted for after the check landed. */
static void
clear_details (FsAsset  *self,
               gboolean  keep_check)
{
  static const char * const none[] = { NULL };

  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->references, g_strfreev);
  g_clear_pointer (&self->reference_names, g_strfreev);
  if (!keep_check)
    {
      g_clear_pointer (&self->colour_check, json_array_unref);
      g_clear_pointer (&self->colour_checks, g_array_unref);
    }
  self->references = g_strdupv ((char **) none);
  self->reference_names = g_strdupv ((char **) none);
  self->cost_estimate = FALSE;
  self->timings.submit_ms = self->timings.ready_ms = -1;
  self->timings.download_ms = self->timings.polls = -1;
}

/**
 * fs_asset_new_from_record:
 * @path: the image file
 * @record: its sidecar record
 *
 * A sealed (immutable) @record is kept as it is; any other is copied, so
 * the record never changes after the asset is made.
 *
 * Returns: (transfer full): a new full #FsAsset
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

  read_summary (self, self->record);
  read_details (self, self->record);

  return self;
}

FsAsset *
_fs_asset_new_light (const FsAssetSummary *summary)
{
  FsAsset *self;

  g_return_val_if_fail (summary->path != NULL, NULL);

  self = g_object_new (FS_TYPE_ASSET, NULL);
  self->path = g_strdup (summary->path);
  self->sidecar_path = sidecar_path_for (summary->path);
  self->sha256 = g_strdup (summary->sha256 ? summary->sha256 : "");
  self->provider_id = g_strdup (summary->provider_id ? summary->provider_id : "");
  self->model_id = g_strdup (summary->model_id ? summary->model_id : "");
  self->model_name = g_strdup (summary->model_name ? summary->model_name : self->model_id);
  self->prompt = g_strdup (summary->prompt ? summary->prompt : "");
  self->whole_prompt = summary->whole_prompt;
  self->request_id = g_strdup (summary->request_id);
  self->seed = summary->seed;
  self->file_size = summary->file_size;
  self->cost = summary->cost;
  self->width = summary->width;
  self->height = summary->height;
  self->n_references = summary->n_references;
  self->colours_requested = summary->colours_requested;
  self->colours_matched = summary->colours_matched;
  self->colours_off = summary->colours_off;
  self->rating = MIN (summary->rating, FS_ASSET_MAX_RATING);
  self->favourite = summary->favourite;
  /* The GDateTime is made when first asked for: most of a large
   * library's tiles never are. */
  self->created_us = summary->created_us;
  clear_details (self, FALSE);

  return self;
}

static void
notify (FsAsset *self,
        guint    prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static gboolean
set_marks (FsAsset            *self,
           gboolean            favourite,
           guint               rating,
           const char * const *collections)
{
  gboolean changed = FALSE;

  if (self->favourite != favourite)
    {
      self->favourite = favourite;
      notify (self, PROP_FAVOURITE);
      changed = TRUE;
    }
  if (self->rating != rating)
    {
      self->rating = rating;
      notify (self, PROP_RATING);
      changed = TRUE;
    }
  if (collections != NULL)
    changed |= _fs_asset_set_collections (self, collections);

  return changed;
}

void
_fs_asset_set_record (FsAsset    *self,
                      JsonObject *record)
{
  g_autoptr(GObject) hold = g_object_ref (G_OBJECT (self));
  g_autofree char *prompt = NULL;
  g_auto(GStrv) collections = NULL;
  char **known;
  gboolean had_check;

  g_return_if_fail (FS_IS_ASSET (self));
  g_return_if_fail (record != NULL && json_object_is_immutable (record));

  if (self->record == record)
    return;

  g_object_freeze_notify (hold);
  g_clear_pointer (&self->record, json_object_unref);
  self->record = json_object_ref (record);

  prompt = dup_string (record, "prompt");
  if (prompt != NULL && g_strcmp0 (prompt, self->prompt) != 0)
    {
      g_free (self->prompt);
      self->prompt = g_steal_pointer (&prompt);
      notify (self, PROP_PROMPT);
    }
  self->whole_prompt = TRUE;

  /* The record is at least as new as the row the asset was listed from,
   * so its marks win. */
  had_check = self->colour_check != NULL;
  known = g_steal_pointer (&self->collections);
  read_details (self, record);
  collections = g_steal_pointer (&self->collections);
  self->collections = known;
  set_marks (self, _fs_asset_read_favourite (record), _fs_asset_read_rating (record),
             (const char * const *) collections);
  if (had_check || self->colour_check != NULL)
    notify (self, PROP_COLOUR_CHECK);
  notify (self, PROP_HAS_RECORD);
  g_object_thaw_notify (hold);
}

void
_fs_asset_drop_record (FsAsset *self)
{
  g_return_if_fail (FS_IS_ASSET (self));

  g_clear_pointer (&self->record, json_object_unref);
  clear_details (self, TRUE);
}

void
_fs_asset_set_hashed (FsAsset *self)
{
  g_atomic_int_set (&self->hashed, TRUE);
}

gboolean
_fs_asset_get_hashed (FsAsset *self)
{
  return g_atomic_int_get (&self->hashed);
}

gint64
_fs_asset_get_created_us (FsAsset *self)
{
  return self->created_us;
}

gboolean
fs_asset_has_record (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), FALSE);

  return self->record != NULL;
}

gboolean
fs_asset_has_whole_prompt (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), FALSE);

  return self->whole_prompt;
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

/* One zone for every light asset's time: asking for the local zone each
 * time reads /etc/localtime each time. */
static GTimeZone *
local_zone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    g_once_init_leave (&zone, g_time_zone_new_local ());
  return zone;
}

/* Local time, as the sidecars write it. A light asset makes it when it is
 * first asked for, from any thread: the first to finish wins. */
GDateTime *
fs_asset_get_created (FsAsset *self)
{
  GDateTime *created;

  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  created = g_atomic_pointer_get (&self->created);
  if (created == NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (self->created_us /
                                                                G_USEC_PER_SEC);
      g_autoptr(GDateTime) exact = g_date_time_add (utc, self->created_us % G_USEC_PER_SEC);

      created = g_date_time_to_timezone (exact, local_zone ());
      if (!g_atomic_pointer_compare_and_exchange (&self->created, NULL, created))
        {
          g_date_time_unref (created);
          created = g_atomic_pointer_get (&self->created);
        }
    }

  return created;
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

  node = self->record ? json_object_get_member (self->record, "exchanges") : NULL;
  return _fs_exchanges_from_json (node != NULL && JSON_NODE_HOLDS_ARRAY (node)
                                  ? json_node_get_array (node) : NULL);
}

/* The members the lineage is read from: the record when it is loaded,
 * else what the index gave a light asset (fs-asset-lineage.c). */
JsonObject *
_fs_asset_get_lineage (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  return self->record != NULL ? self->record : self->lineage;
}

void
_fs_asset_set_lineage (FsAsset    *self,
                       JsonObject *lineage)
{
  g_return_if_fail (FS_IS_ASSET (self));

  g_clear_pointer (&self->lineage, json_object_unref);
  if (lineage != NULL)
    self->lineage = json_object_ref (lineage);
}

JsonObject *
fs_asset_get_record (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  return self->record;
}

guint
fs_asset_get_n_references (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), 0);

  return self->n_references;
}

gboolean
fs_asset_get_favourite (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), FALSE);

  return self->favourite;
}

guint
fs_asset_get_rating (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), 0);

  return self->rating;
}

const char * const *
fs_asset_get_collections (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), NULL);

  return (const char * const *) self->collections;
}

gboolean
_fs_asset_set_collections (FsAsset            *self,
                           const char * const *collections)
{
  g_return_val_if_fail (FS_IS_ASSET (self), FALSE);

  if (self->collections == NULL && collections == NULL)
    return FALSE;
  if (self->collections != NULL && collections != NULL &&
      g_strv_equal ((const char * const *) self->collections, collections))
    return FALSE;

  g_strfreev (self->collections);
  self->collections = g_strdupv ((char **) collections);
  notify (self, PROP_COLLECTIONS);
  return TRUE;
}

gboolean
_fs_asset_update_from (FsAsset *self,
                       FsAsset *source)
{
  g_autoptr(GObject) hold = g_object_ref (G_OBJECT (self));
  gboolean changed;

  g_return_val_if_fail (FS_IS_ASSET (self), FALSE);
  g_return_val_if_fail (FS_IS_ASSET (source), FALSE);

  if (self == source)
    return FALSE;

  g_object_freeze_notify (hold);
  changed = set_marks (self, source->favourite, source->rating,
                       (const char * const *) source->collections);
  if (source->colour_check != NULL && source->colour_check != self->colour_check)
    {
      _fs_asset_set_colour_check (self, source->colour_check);
      changed = TRUE;
    }
  else if (source->colours_requested != self->colours_requested ||
           source->colours_matched != self->colours_matched ||
           source->colours_off != self->colours_off)
    {
      self->colours_requested = source->colours_requested;
      self->colours_matched = source->colours_matched;
      self->colours_off = source->colours_off;
      notify (self, PROP_COLOUR_CHECK);
      changed = TRUE;
    }
  g_object_thaw_notify (hold);

  return changed;
}

/* An excerpt stands for any prompt it begins. */
static gboolean
same_prompt (FsAsset *a,
             FsAsset *b)
{
  if (a->whole_prompt && b->whole_prompt)
    return g_str_equal (a->prompt, b->prompt);
  if (a->whole_prompt)
    return g_str_has_prefix (a->prompt, b->prompt);
  return g_str_has_prefix (b->prompt, a->prompt);
}

gboolean
_fs_asset_same_record (FsAsset *a,
                       FsAsset *b)
{
  return g_str_equal (a->path, b->path) &&
         g_str_equal (a->sha256, b->sha256) &&
         g_str_equal (a->provider_id, b->provider_id) &&
         g_str_equal (a->model_id, b->model_id) &&
         g_str_equal (a->model_name, b->model_name) &&
         same_prompt (a, b) &&
         g_strcmp0 (a->request_id, b->request_id) == 0 &&
         a->seed == b->seed && a->created_us == b->created_us &&
         a->file_size == b->file_size && a->width == b->width && a->height == b->height &&
         a->n_references == b->n_references &&
         (a->cost == b->cost || (isnan (a->cost) && isnan (b->cost)));
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
fs_asset_get_colours_off (FsAsset *self)
{
  g_return_val_if_fail (FS_IS_ASSET (self), 0);

  return self->colours_off;
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

  created = g_date_time_format_iso8601 (fs_asset_get_created (self));

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
  json_builder_set_member_name (builder, "favourite");
  json_builder_add_boolean_value (builder, self->favourite);
  json_builder_set_member_name (builder, "rating");
  json_builder_add_int_value (builder, self->rating);
  json_builder_set_member_name (builder, "collections");
  json_builder_begin_array (builder);
  for (char **name = self->collections; name != NULL && *name != NULL; name++)
    json_builder_add_string_value (builder, *name);
  json_builder_end_array (builder);
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
