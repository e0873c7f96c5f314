/* fs-library-query.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-asset.h"
#include "fs-library-query.h"

G_DEFINE_ENUM_TYPE (FsDateFilter, fs_date_filter,
  G_DEFINE_ENUM_VALUE (FS_DATE_ANY, "any"),
  G_DEFINE_ENUM_VALUE (FS_DATE_TODAY, "today"),
  G_DEFINE_ENUM_VALUE (FS_DATE_THIS_WEEK, "this-week"),
  G_DEFINE_ENUM_VALUE (FS_DATE_THIS_MONTH, "this-month"),
  G_DEFINE_ENUM_VALUE (FS_DATE_RANGE, "range"))

G_DEFINE_ENUM_TYPE (FsColourFilter, fs_colour_filter,
  G_DEFINE_ENUM_VALUE (FS_COLOURS_ANY, "any"),
  G_DEFINE_ENUM_VALUE (FS_COLOURS_ALL_MATCHED, "all-matched"),
  G_DEFINE_ENUM_VALUE (FS_COLOURS_ANY_OFF, "any-off"),
  G_DEFINE_ENUM_VALUE (FS_COLOURS_NONE_ASKED, "none-asked"))

G_DEFINE_ENUM_TYPE (FsReferenceFilter, fs_reference_filter,
  G_DEFINE_ENUM_VALUE (FS_REFERENCES_ANY, "any"),
  G_DEFINE_ENUM_VALUE (FS_REFERENCES_WITH, "with"),
  G_DEFINE_ENUM_VALUE (FS_REFERENCES_WITHOUT, "without"))

G_DEFINE_ENUM_TYPE (FsOrientationFilter, fs_orientation_filter,
  G_DEFINE_ENUM_VALUE (FS_ORIENTATION_ANY, "any"),
  G_DEFINE_ENUM_VALUE (FS_ORIENTATION_LANDSCAPE, "landscape"),
  G_DEFINE_ENUM_VALUE (FS_ORIENTATION_PORTRAIT, "portrait"),
  G_DEFINE_ENUM_VALUE (FS_ORIENTATION_SQUARE, "square"))

G_DEFINE_ENUM_TYPE (FsSortOrder, fs_sort_order,
  G_DEFINE_ENUM_VALUE (FS_SORT_NEWEST, "newest"),
  G_DEFINE_ENUM_VALUE (FS_SORT_OLDEST, "oldest"),
  G_DEFINE_ENUM_VALUE (FS_SORT_RATING, "rating"))

struct _FsLibraryQuery
{
  GObject              parent_instance;

  char                *text;
  char               **providers;
  char               **models;
  char                *collection;
  gint64               since;
  gint64               until;
  FsDateFilter         date;
  FsColourFilter       colours;
  FsReferenceFilter    references;
  FsOrientationFilter  orientation;
  FsSortOrder          sort;
  guint                min_rating;
  gboolean             favourites_only;
  gboolean             with_details;
};

G_DEFINE_FINAL_TYPE (FsLibraryQuery, fs_library_query, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_PROVIDERS,
  PROP_MODELS,
  PROP_DATE,
  PROP_SINCE,
  PROP_UNTIL,
  PROP_FAVOURITES_ONLY,
  PROP_MIN_RATING,
  PROP_COLOURS,
  PROP_REFERENCES,
  PROP_ORIENTATION,
  PROP_COLLECTION,
  PROP_SORT,
  PROP_WITH_DETAILS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fs_library_query_finalize (GObject *object)
{
  FsLibraryQuery *self = (FsLibraryQuery *)object;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->providers, g_strfreev);
  g_clear_pointer (&self->models, g_strfreev);
  g_clear_pointer (&self->collection, g_free);

  G_OBJECT_CLASS (fs_library_query_parent_class)->finalize (object);
}

static void
fs_library_query_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FsLibraryQuery *self = FS_LIBRARY_QUERY (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_PROVIDERS:
      g_value_set_boxed (value, self->providers);
      break;
    case PROP_MODELS:
      g_value_set_boxed (value, self->models);
      break;
    case PROP_DATE:
      g_value_set_enum (value, self->date);
      break;
    case PROP_SINCE:
      g_value_set_int64 (value, self->since);
      break;
    case PROP_UNTIL:
      g_value_set_int64 (value, self->until);
      break;
    case PROP_FAVOURITES_ONLY:
      g_value_set_boolean (value, self->favourites_only);
      break;
    case PROP_MIN_RATING:
      g_value_set_uint (value, self->min_rating);
      break;
    case PROP_COLOURS:
      g_value_set_enum (value, self->colours);
      break;
    case PROP_REFERENCES:
      g_value_set_enum (value, self->references);
      break;
    case PROP_ORIENTATION:
      g_value_set_enum (value, self->orientation);
      break;
    case PROP_COLLECTION:
      g_value_set_string (value, self->collection);
      break;
    case PROP_SORT:
      g_value_set_enum (value, self->sort);
      break;
    case PROP_WITH_DETAILS:
      g_value_set_boolean (value, self->with_details);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_library_query_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FsLibraryQuery *self = FS_LIBRARY_QUERY (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      fs_library_query_set_text (self, g_value_get_string (value));
      break;
    case PROP_PROVIDERS:
      fs_library_query_set_providers (self, g_value_get_boxed (value));
      break;
    case PROP_MODELS:
      fs_library_query_set_models (self, g_value_get_boxed (value));
      break;
    case PROP_DATE:
      fs_library_query_set_date (self, g_value_get_enum (value));
      break;
    case PROP_SINCE:
      fs_library_query_set_since (self, g_value_get_int64 (value));
      break;
    case PROP_UNTIL:
      fs_library_query_set_until (self, g_value_get_int64 (value));
      break;
    case PROP_FAVOURITES_ONLY:
      fs_library_query_set_favourites_only (self, g_value_get_boolean (value));
      break;
    case PROP_MIN_RATING:
      fs_library_query_set_min_rating (self, g_value_get_uint (value));
      break;
    case PROP_COLOURS:
      fs_library_query_set_colours (self, g_value_get_enum (value));
      break;
    case PROP_REFERENCES:
      fs_library_query_set_references (self, g_value_get_enum (value));
      break;
    case PROP_ORIENTATION:
      fs_library_query_set_orientation (self, g_value_get_enum (value));
      break;
    case PROP_COLLECTION:
      fs_library_query_set_collection (self, g_value_get_string (value));
      break;
    case PROP_SORT:
      fs_library_query_set_sort (self, g_value_get_enum (value));
      break;
    case PROP_WITH_DETAILS:
      fs_library_query_set_with_details (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_library_query_class_init (FsLibraryQueryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = fs_library_query_finalize;
  object_class->get_property = fs_library_query_get_property;
  object_class->set_property = fs_library_query_set_property;

  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, flags);
  properties[PROP_PROVIDERS] =
    g_param_spec_boxed ("providers", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_MODELS] = g_param_spec_boxed ("models", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_DATE] =
    g_param_spec_enum ("date", NULL, NULL, FS_TYPE_DATE_FILTER, FS_DATE_ANY, flags);
  properties[PROP_SINCE] =
    g_param_spec_int64 ("since", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_UNTIL] =
    g_param_spec_int64 ("until", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_FAVOURITES_ONLY] =
    g_param_spec_boolean ("favourites-only", NULL, NULL, FALSE, flags);
  properties[PROP_MIN_RATING] =
    g_param_spec_uint ("min-rating", NULL, NULL, 0, FS_ASSET_MAX_RATING, 0, flags);
  properties[PROP_COLOURS] =
    g_param_spec_enum ("colours", NULL, NULL, FS_TYPE_COLOUR_FILTER, FS_COLOURS_ANY, flags);
  properties[PROP_REFERENCES] =
    g_param_spec_enum ("references", NULL, NULL, FS_TYPE_REFERENCE_FILTER,
                       FS_REFERENCES_ANY, flags);
  properties[PROP_ORIENTATION] =
    g_param_spec_enum ("orientation", NULL, NULL, FS_TYPE_ORIENTATION_FILTER,
                       FS_ORIENTATION_ANY, flags);
  properties[PROP_COLLECTION] = g_param_spec_string ("collection", NULL, NULL, NULL, flags);
  properties[PROP_SORT] =
    g_param_spec_enum ("sort", NULL, NULL, FS_TYPE_SORT_ORDER, FS_SORT_NEWEST, flags);
  properties[PROP_WITH_DETAILS] =
    g_param_spec_boolean ("with-details", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fs_library_query_init (FsLibraryQuery *self)
{
}

FsLibraryQuery *
fs_library_query_new (void)
{
  return g_object_new (FS_TYPE_LIBRARY_QUERY, NULL);
}

FsLibraryQuery *
fs_library_query_copy (FsLibraryQuery *self)
{
  FsLibraryQuery *copy;

  g_return_val_if_fail (FS_IS_LIBRARY_QUERY (self), NULL);

  copy = fs_library_query_new ();
  copy->text = g_strdup (self->text);
  copy->providers = g_strdupv (self->providers);
  copy->models = g_strdupv (self->models);
  copy->collection = g_strdup (self->collection);
  copy->since = self->since;
  copy->until = self->until;
  copy->date = self->date;
  copy->colours = self->colours;
  copy->references = self->references;
  copy->orientation = self->orientation;
  copy->sort = self->sort;
  copy->min_rating = self->min_rating;
  copy->favourites_only = self->favourites_only;
  copy->with_details = self->with_details;

  return copy;
}

static gboolean
strv_equal (char **a,
            char **b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal ((const char * const *) a, (const char * const *) b);
}

gboolean
fs_library_query_equal (FsLibraryQuery *a,
                        FsLibraryQuery *b)
{
  g_return_val_if_fail (FS_IS_LIBRARY_QUERY (a), FALSE);
  g_return_val_if_fail (FS_IS_LIBRARY_QUERY (b), FALSE);

  return g_strcmp0 (a->text, b->text) == 0 &&
         strv_equal (a->providers, b->providers) &&
         strv_equal (a->models, b->models) &&
         g_strcmp0 (a->collection, b->collection) == 0 &&
         a->since == b->since && a->until == b->until &&
         a->date == b->date && a->colours == b->colours &&
         a->references == b->references && a->orientation == b->orientation &&
         a->sort == b->sort && a->min_rating == b->min_rating &&
         a->favourites_only == b->favourites_only &&
         a->with_details == b->with_details;
}

gboolean
fs_library_query_is_filtered (FsLibraryQuery *self)
{
  g_autofree char *match = NULL;

  g_return_val_if_fail (FS_IS_LIBRARY_QUERY (self), FALSE);

  match = fs_library_query_to_fts (self->text);
  return match != NULL || self->providers != NULL || self->models != NULL ||
         self->collection != NULL || self->date != FS_DATE_ANY ||
         self->favourites_only || self->min_rating > 0 ||
         self->colours != FS_COLOURS_ANY || self->references != FS_REFERENCES_ANY ||
         self->orientation != FS_ORIENTATION_ANY;
}

void
fs_library_query_clear_filters (FsLibraryQuery *self)
{
  g_return_if_fail (FS_IS_LIBRARY_QUERY (self));

  g_object_freeze_notify (G_OBJECT (self));
  fs_library_query_set_text (self, NULL);
  fs_library_query_set_providers (self, NULL);
  fs_library_query_set_models (self, NULL);
  fs_library_query_set_date (self, FS_DATE_ANY);
  fs_library_query_set_since (self, 0);
  fs_library_query_set_until (self, 0);
  fs_library_query_set_favourites_only (self, FALSE);
  fs_library_query_set_min_rating (self, 0);
  fs_library_query_set_colours (self, FS_COLOURS_ANY);
  fs_library_query_set_references (self, FS_REFERENCES_ANY);
  fs_library_query_set_orientation (self, FS_ORIENTATION_ANY);
  fs_library_query_set_collection (self, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Setters: each notifies only when the value changes. */

static void
set_string (FsLibraryQuery  *self,
            char           **field,
            const char      *value,
            guint            prop_id)
{
  /* "" means the same as none: no search, any collection. */
  if (value != NULL && value[0] == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_strv (FsLibraryQuery      *self,
          char              ***field,
          const char * const  *value,
          guint                prop_id)
{
  if (value != NULL && value[0] == NULL)
    value = NULL;
  if (strv_equal (*field, (char **) value))
    return;
  g_strfreev (*field);
  *field = g_strdupv ((char **) value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

#define SET_VALUE(field, value, prop_id)                                  \
  G_STMT_START {                                                          \
    if (self->field != (value))                                           \
      {                                                                   \
        self->field = (value);                                            \
        g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);  \
      }                                                                   \
  } G_STMT_END

const char *
fs_library_query_get_text (FsLibraryQuery *self)
{
  g_return_val_if_fail (FS_IS_LIBRARY_QUERY (self), NULL);
  return self->text;
}

void
fs_library_query_set_text (FsLibraryQuery *self,
                           const char     *text)
{
  g_return_if_fail (FS_IS_LIBRARY_QUERY (self));
  set_string (self, &self->text, text, PROP_TEXT);
}

const char * const *
fs_library_query_get_providers (FsLibraryQuery *self)
{
  g_return_val_if_fail (FS_IS_LIBRARY_QUERY (self), NULL);
  return (const char * const *) self->providers;
}

void
fs_library_query_set_providers (FsLibraryQuery     *self,
                                const char * const *providers)
{
  g_return_if_fail (FS_IS_LIBRARY_QUERY (self));
  set_strv (self, &self->providers, providers, PROP_PROVIDERS);
}

const char * const *
fs_library_query_get_models (FsLibraryQuery *self)
{
  g_return_val_if_fail (FS_IS_LIBRARY_QUERY (self), NULL);
  return (const char * const *) self->models;
}

void
fs_library_query_set_models (FsLibraryQuery     *self,
                             const char * const *models)
{
  g_return_if_fail (FS_IS_LIBRARY_QUERY (self));
  set_strv (self, &self->models, models, PROP_MODELS);
}

FsDateFilter
fs_library_query_get_date (FsLibraryQuery *self)
{
  g_return_val_if_fail (FS_IS_LIBRARY_QUERY (self), FS_DATE_ANY);
  return self->date;
}

void
fs_library_query_set_date (FsLibraryQuery *self,
                           FsDateFilter    date)
{
  g_return_if_fail (FS_IS_LIBRARY_QUERY (self));
  g_return_if_fail (date <= FS_DATE_RANGE);
  SET_VALUE (date, date, PROP_DATE);
}

gint64
fs_library_query_get_since (FsLibraryQuery *self)
{
  g_return_val_if_fail (FS_IS_LIBRARY_QUERY (self), 0);
  return self->since;
}

void
fs_library_query_set_since (FsLibraryQuery *self,
                            gint64          since_us)
{
  g_return_if_fail (FS_IS_LIBRARY_QUERY (self));
  SET_VALUE (since, MAX (since_us, 0), PROP_SINCE);
}

gint64
fs_library_query_get_until (FsLibraryQuery *self)
{
  g_return_val_if_fail (FS_IS_LIBRARY_QUERY (self), 0);
  return self->until;
}

void
fs_library_query_set_until (FsLibraryQuery *self,
                            gint64          until_us)
{
  g_return_if_fail (FS_IS_LIBRARY_QUERY (self));
  SET_VALUE (until, MAX (until_us, 0), PROP_UNTIL);
}

gboolean
fs_library_query_get_favourites_only (FsLibraryQuery *self)
{
  g_return_val_if_fail (FS_IS_LIBRARY_QUERY (self), FALSE);
  return self->favourites_only;
}

void
fs_library_query_set_favourites_only (FsLibraryQuery *self,
                                      gboolean        favourites_only)
{
  g_return_if_fail (FS_IS_LIBRARY_QUERY (self));
  SET_VALUE (favourites_only, !!favourites_only, PROP_FAVOURITES_ONLY);
}

guint
fs_library_query_get_min_rating (FsLibraryQuery *self)
{
  g_return_val_if_fail (FS_IS_LIBRARY_QUERY (self), 0);
  return self->min_rating;
}

void
fs_library_query_set_min_rating (FsLibraryQuery *self,
                                 guint           min_rating)
{
  g_return_if_fail (FS_IS_LIBRARY_QUERY (self));
  SET_VALUE (min_rating, MIN (min_rating, FS_ASSET_MAX_RATING), PROP_MIN_RATING);
}

FsColourFilter
fs_library_query_get_colours (FsLibraryQuery *self)
{
  g_return_val_if_fail (FS_IS_LIBRARY_QUERY (self), FS_COLOURS_ANY);
  return self->colours;
}

void
fs_library_query_set_colours (FsLibraryQuery *self,
                              FsColourFilter  colours)
{
  g_return_if_fail (FS_IS_LIBRARY_QUERY (self));
  g_return_if_fail (colours <= FS_COLOURS_NONE_ASKED);
  SET_VALUE (colours, colours, PROP_COLOURS);
}

FsReferenceFilter
fs_library_query_get_references (FsLibraryQuery *self)
{
  g_return_val_if_fail (FS_IS_LIBRARY_QUERY (self), FS_REFERENCES_ANY);
  return self->references;
}

void
fs_library_query_set_references (FsLibraryQuery    *self,
                                 FsReferenceFilter  references)
{
  g_return_if_fail (FS_IS_LIBRARY_QUERY (self));
  g_return_if_fail (references <= FS_REFERENCES_WITHOUT);
  SET_VALUE (references, references, PROP_REFERENCES);
}

FsOrientationFilter
fs_library_query_get_orientation (FsLibraryQuery *self)
{
  g_return_val_if_fail (FS_IS_LIBRARY_QUERY (self), FS_ORIENTATION_ANY);
  return self->orientation;
}

void
fs_library_query_set_orientation (FsLibraryQuery      *self,
                                  FsOrientationFilter  orientation)
{
  g_return_if_fail (FS_IS_LIBRARY_QUERY (self));
  g_return_if_fail (orientation <= FS_ORIENTATION_SQUARE);
  SET_VALUE (orientation, orientation, PROP_ORIENTATION);
}

const char *
fs_library_query_get_collection (FsLibraryQuery *self)
{
  g_return_val_if_fail (FS_IS_LIBRARY_QUERY (self), NULL);
  return self->collection;
}

void
fs_library_query_set_collection (FsLibraryQuery *self,
                                 const char     *collection)
{
  g_return_if_fail (FS_IS_LIBRARY_QUERY (self));
  set_string (self, &self->collection, collection, PROP_COLLECTION);
}

FsSortOrder
fs_library_query_get_sort (FsLibraryQuery *self)
{
  g_return_val_if_fail (FS_IS_LIBRARY_QUERY (self), FS_SORT_NEWEST);
  return self->sort;
}

void
fs_library_query_set_sort (FsLibraryQuery *self,
                           FsSortOrder     sort)
{
  g_return_if_fail (FS_IS_LIBRARY_QUERY (self));
  g_return_if_fail (sort <= FS_SORT_RATING);
  SET_VALUE (sort, sort, PROP_SORT);
}

gboolean
fs_library_query_get_with_details (FsLibraryQuery *self)
{
  g_return_val_if_fail (FS_IS_LIBRARY_QUERY (self), FALSE);
  return self->with_details;
}

void
fs_library_query_set_with_details (FsLibraryQuery *self,
                                   gboolean        with_details)
{
  g_return_if_fail (FS_IS_LIBRARY_QUERY (self));
  SET_VALUE (with_details, !!with_details, PROP_WITH_DETAILS);
}

static gint64
to_usec (GDateTime *time)
{
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

void
fs_library_query_get_time_range (FsLibraryQuery *self,
                                 GDateTime      *now,
                                 gint64         *since_us,
                                 gint64         *until_us)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) start = NULL;
  GDate day;

  g_return_if_fail (FS_IS_LIBRARY_QUERY (self));
  g_return_if_fail (now != NULL);

  *since_us = *until_us = 0;
  if (self->date == FS_DATE_RANGE)
    {
      *since_us = self->since;
      *until_us = self->until;
      return;
    }
  if (self->date == FS_DATE_ANY)
    return;

  /* Counted in days, not hours, so that a change to or from summer time
   * still starts the period at midnight. */
  local = g_date_time_to_local (now);
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));
  if (self->date == FS_DATE_THIS_WEEK)
    g_date_subtract_days (&day, g_date_time_get_day_of_week (local) - 1);
  else if (self->date == FS_DATE_THIS_MONTH)
    g_date_set_day (&day, 1);

  start = g_date_time_new_local (g_date_get_year (&day), g_date_get_month (&day),
                                 g_date_get_day (&day), 0, 0, 0);
  *since_us = to_usec (start);
}

static GDateTime *
local_midnight (GDateTime *time,
                int        add_days)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));
  g_date_add_days (&day, add_days);
  return g_date_time_new_local (g_date_get_year (&day), g_date_get_month (&day),
                                g_date_get_day (&day), 0, 0, 0);
}

void
fs_library_query_set_days (FsLibraryQuery *self,
                           GDateTime      *first,
                           GDateTime      *last)
{
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GDateTime) until = NULL;

  g_return_if_fail (FS_IS_LIBRARY_QUERY (self));
  g_return_if_fail (first != NULL && last != NULL);

  since = local_midnight (first, 0);
  until = local_midnight (last, 1);
  g_object_freeze_notify (G_OBJECT (self));
  fs_library_query_set_since (self, to_usec (since));
  fs_library_query_set_until (self, to_usec (until));
  fs_library_query_set_date (self, FS_DATE_RANGE);
  g_object_thaw_notify (G_OBJECT (self));
}

void
fs_library_query_get_days (FsLibraryQuery  *self,
                           GDateTime      **first,
                           GDateTime      **last)
{
  g_return_if_fail (FS_IS_LIBRARY_QUERY (self));

  *first = self->since != 0 ? g_date_time_new_from_unix_local (self->since / G_USEC_PER_SEC)
                            : NULL;
  /* "until" is excluded: the day it covers last is the one before it. */
  *last = self->until != 0 ? g_date_time_new_from_unix_local ((self->until - 1) / G_USEC_PER_SEC)
                           : NULL;
}

/* Serialisation ----------------------------------------------------------- */

static void
add_enum (GVariantBuilder *builder,
          const char      *key,
          GType            type,
          int              value,
          int              fallback)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);

  if (value != fallback && found != NULL)
    g_variant_builder_add (builder, "{sv}", key, g_variant_new_string (found->value_nick));
}

static void
add_strv (GVariantBuilder *builder,
          const char      *key,
          char           **value)
{
  if (value != NULL)
    g_variant_builder_add (builder, "{sv}", key, g_variant_new_strv ((const char * const *) value, -1));
}

GVariant *
fs_library_query_to_variant (FsLibraryQuery *self)
{
  GVariantBuilder builder;

  g_return_val_if_fail (FS_IS_LIBRARY_QUERY (self), NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  if (self->text != NULL)
    g_variant_builder_add (&builder, "{sv}", "text", g_variant_new_string (self->text));
  add_strv (&builder, "providers", self->providers);
  add_strv (&builder, "models", self->models);
  add_enum (&builder, "date", FS_TYPE_DATE_FILTER, self->date, FS_DATE_ANY);
  if (self->since != 0)
    g_variant_builder_add (&builder, "{sv}", "since", g_variant_new_int64 (self->since));
  if (self->until != 0)
    g_variant_builder_add (&builder, "{sv}", "until", g_variant_new_int64 (self->until));
  if (self->favourites_only)
    g_variant_builder_add (&builder, "{sv}", "favourites-only", g_variant_new_boolean (TRUE));
  if (self->min_rating != 0)
    g_variant_builder_add (&builder, "{sv}", "min-rating", g_variant_new_uint32 (self->min_rating));
  add_enum (&builder, "colours", FS_TYPE_COLOUR_FILTER, self->colours, FS_COLOURS_ANY);
  add_enum (&builder, "references", FS_TYPE_REFERENCE_FILTER, self->references,
            FS_REFERENCES_ANY);
  add_enum (&builder, "orientation", FS_TYPE_ORIENTATION_FILTER, self->orientation,
            FS_ORIENTATION_ANY);
  if (self->collection != NULL)
    g_variant_builder_add (&builder, "{sv}", "collection",
                           g_variant_new_string (self->collection));
  add_enum (&builder, "sort", FS_TYPE_SORT_ORDER, self->sort, FS_SORT_NEWEST);

  return g_variant_builder_end (&builder);
}

static void
read_enum (GVariantDict *dict,
           const char   *key,
           GType         type,
           const char   *property,
           GObject      *object)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  const char *nick = NULL;
  GEnumValue *value;

  if (!g_variant_dict_lookup (dict, key, "&s", &nick))
    return;
  value = g_enum_get_value_by_nick (klass, nick);
  if (value != NULL)
    g_object_set (object, property, value->value, NULL);
}

FsLibraryQuery *
fs_library_query_new_from_variant (GVariant *variant)
{
  g_autoptr(FsLibraryQuery) self = fs_library_query_new ();
  g_autoptr(GVariantDict) dict = NULL;
  g_autofree const char **strv = NULL;
  const char *text = NULL;
  gboolean flag = FALSE;
  gint64 time = 0;
  guint32 rating = 0;

  if (variant == NULL || !g_variant_is_of_type (variant, G_VARIANT_TYPE_VARDICT))
    return g_steal_pointer (&self);

  dict = g_variant_dict_new (variant);
  if (g_variant_dict_lookup (dict, "text", "&s", &text))
    fs_library_query_set_text (self, text);
  if (g_variant_dict_lookup (dict, "providers", "^a&s", &strv))
    fs_library_query_set_providers (self, strv);
  g_clear_pointer (&strv, g_free);
  if (g_variant_dict_lookup (dict, "models", "^a&s", &strv))
    fs_library_query_set_models (self, strv);
  read_enum (dict, "date", FS_TYPE_DATE_FILTER, "date", G_OBJECT (self));
  if (g_variant_dict_lookup (dict, "since", "x", &time))
    fs_library_query_set_since (self, time);
  if (g_variant_dict_lookup (dict, "until", "x", &time))
    fs_library_query_set_until (self, time);
  if (g_variant_dict_lookup (dict, "favourites-only", "b", &flag))
    fs_library_query_set_favourites_only (self, flag);
  if (g_variant_dict_lookup (dict, "min-rating", "u", &rating))
    fs_library_query_set_min_rating (self, rating);
  read_enum (dict, "colours", FS_TYPE_COLOUR_FILTER, "colours", G_OBJECT (self));
  read_enum (dict, "references", FS_TYPE_REFERENCE_FILTER, "references", G_OBJECT (self));
  read_enum (dict, "orientation", FS_TYPE_ORIENTATION_FILTER, "orientation", G_OBJECT (self));
  if (g_variant_dict_lookup (dict, "collection", "&s", &text))
    fs_library_query_set_collection (self, text);
  read_enum (dict, "sort", FS_TYPE_SORT_ORDER, "sort", G_OBJECT (self));

  return g_steal_pointer (&self);
}

/* Full-text search --------------------------------------------------------- */

/* The characters SQLite's unicode61 tokenizer keeps in a token: letters,
 * numbers and private-use characters; everything else separates words. */
static gboolean
is_token_char (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
    case G_UNICODE_PRIVATE_USE:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Each word becomes a quoted string, where FTS5 reads nothing as syntax
 * (AND, NEAR, column filters, ^, *, parentheses), with its quotes
 * doubled; the * after it makes the last token of the word a prefix. A
 * word made only of separators would be an empty phrase and is dropped. */
char *
fs_library_query_to_fts (const char *text)
{
  g_autoptr(GString) match = g_string_new (NULL);
  g_auto(GStrv) words = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  words = g_strsplit_set (text, " \t\n\r\f\v", -1);
  for (char **word = words; *word != NULL; word++)
    {
      gboolean has_token = FALSE;

      for (const char *p = *word; *p && !has_token; p = g_utf8_next_char (p))
        has_token = is_token_char (g_utf8_get_char (p));
      if (!has_token)
        continue;

      if (match->len > 0)
        g_string_append_c (match, ' ');
      g_string_append_c (match, '"');
      for (const char *p = *word; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (match, '"');
          g_string_append_c (match, *p);
        }
      g_string_append (match, "\"*");
    }

  if (match->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&match), FALSE);
}
