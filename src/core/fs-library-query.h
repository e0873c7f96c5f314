/* fs-library-query.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What the gallery shows: a search and filters, and an order
 * (docs/ARCHITECTURE.md, “Queries”). fs_library_query_async() answers
 * it from the index. Each filter's default lets everything through. */

typedef enum
{
  FS_DATE_ANY,
  FS_DATE_TODAY,
  FS_DATE_THIS_WEEK,   /* since Monday, local time */
  FS_DATE_THIS_MONTH,
  FS_DATE_RANGE,       /* from "since" up to "until" */
} FsDateFilter;

typedef enum
{
  FS_COLOURS_ANY,
  FS_COLOURS_ALL_MATCHED,  /* the prompt asked for colours and every one matched */
  FS_COLOURS_ANY_OFF,      /* at least one asked-for colour is off */
  FS_COLOURS_NONE_ASKED,   /* the prompt names no hex colour */
} FsColourFilter;

typedef enum
{
  FS_REFERENCES_ANY,
  FS_REFERENCES_WITH,
  FS_REFERENCES_WITHOUT,
} FsReferenceFilter;

typedef enum
{
  FS_ORIENTATION_ANY,
  FS_ORIENTATION_LANDSCAPE,
  FS_ORIENTATION_PORTRAIT,
  FS_ORIENTATION_SQUARE,
} FsOrientationFilter;

typedef enum
{
  FS_SORT_NEWEST,
  FS_SORT_OLDEST,
  FS_SORT_RATING,      /* most stars first, then newest */
} FsSortOrder;

GType fs_date_filter_get_type        (void) G_GNUC_CONST;
GType fs_colour_filter_get_type      (void) G_GNUC_CONST;
GType fs_reference_filter_get_type   (void) G_GNUC_CONST;
GType fs_orientation_filter_get_type (void) G_GNUC_CONST;
GType fs_sort_order_get_type         (void) G_GNUC_CONST;
#define FS_TYPE_DATE_FILTER        (fs_date_filter_get_type ())
#define FS_TYPE_COLOUR_FILTER      (fs_colour_filter_get_type ())
#define FS_TYPE_REFERENCE_FILTER   (fs_reference_filter_get_type ())
#define FS_TYPE_ORIENTATION_FILTER (fs_orientation_filter_get_type ())
#define FS_TYPE_SORT_ORDER         (fs_sort_order_get_type ())

#define FS_TYPE_LIBRARY_QUERY (fs_library_query_get_type ())
G_DECLARE_FINAL_TYPE (FsLibraryQuery, fs_library_query, FS, LIBRARY_QUERY, GObject)

/* Properties, each with "notify": "text", "providers", "models", "date",
 * "since", "until", "favourites-only", "min-rating", "colours",
 * "references", "orientation", "collection", "sort", and
 * "with-details" (not a filter). */
FsLibraryQuery      *fs_library_query_new                 (void);
FsLibraryQuery      *fs_library_query_copy                (FsLibraryQuery *self);
gboolean             fs_library_query_equal               (FsLibraryQuery *a,
                                                           FsLibraryQuery *b);
/* TRUE when any filter or search is set (the order aside). */
gboolean             fs_library_query_is_filtered         (FsLibraryQuery *self);
/* Back to the defaults, the order and "with-details" kept. */
void                 fs_library_query_clear_filters       (FsLibraryQuery *self);

/* Words matched against the prompt, model, provider, seed and the colours
 * the prompt asked for, each as the start of a word, whatever the case
 * and accents ("creme" finds "Crème", "#02eb" finds "#02eb3c"); every
 * word must match. NULL or blank: no search. */
const char          *fs_library_query_get_text            (FsLibraryQuery *self);
void                 fs_library_query_set_text            (FsLibraryQuery *self,
                                                           const char     *text);
/* Provider ids and model ids: images of any of them (NULL: any). */
const char * const  *fs_library_query_get_providers       (FsLibraryQuery *self);
void                 fs_library_query_set_providers       (FsLibraryQuery *self,
                                                           const char * const *providers);
const char * const  *fs_library_query_get_models          (FsLibraryQuery *self);
void                 fs_library_query_set_models          (FsLibraryQuery *self,
                                                           const char * const *models);
FsDateFilter         fs_library_query_get_date            (FsLibraryQuery *self);
void                 fs_library_query_set_date            (FsLibraryQuery *self,
                                                           FsDateFilter    date);
/* For FS_DATE_RANGE: Unix microseconds, "since" included and "until"
 * excluded; 0 leaves that end open. */
gint64               fs_library_query_get_since           (FsLibraryQuery *self);
void                 fs_library_query_set_since           (FsLibraryQuery *self,
                                                           gint64          since_us);
gint64               fs_library_query_get_until           (FsLibraryQuery *self);
void                 fs_library_query_set_until           (FsLibraryQuery *self,
                                                           gint64          until_us);
/* The range as whole days, local time, both included: sets "date" to
 * FS_DATE_RANGE, "since" to @first's midnight and "until" to the
 * midnight after @last. */
void                 fs_library_query_set_days            (FsLibraryQuery *self,
                                                           GDateTime      *first,
                                                           GDateTime      *last);
/* The local days "since" and "until" cover, both included; NULL for an
 * open end. Whatever "date" is. */
void                 fs_library_query_get_days            (FsLibraryQuery *self,
                                                           GDateTime     **first,
                                                           GDateTime     **last);
gboolean             fs_library_query_get_favourites_only (FsLibraryQuery *self);
void                 fs_library_query_set_favourites_only (FsLibraryQuery *self,
                                                           gboolean        favourites_only);
/* 0 to FS_ASSET_MAX_RATING: images with at least that many stars. */
guint                fs_library_query_get_min_rating      (FsLibraryQuery *self);
void                 fs_library_query_set_min_rating      (FsLibraryQuery *self,
                                                           guint           min_rating);
FsColourFilter       fs_library_query_get_colours         (FsLibraryQuery *self);
void                 fs_library_query_set_colours         (FsLibraryQuery *self,
                                                           FsColourFilter  colours);
FsReferenceFilter    fs_library_query_get_references      (FsLibraryQuery *self);
void                 fs_library_query_set_references      (FsLibraryQuery *self,
                                                           FsReferenceFilter references);
FsOrientationFilter  fs_library_query_get_orientation     (FsLibraryQuery *self);
void                 fs_library_query_set_orientation     (FsLibraryQuery *self,
                                                           FsOrientationFilter orientation);
/* Images in the collection of that name (NULL: any). */
const char          *fs_library_query_get_collection      (FsLibraryQuery *self);
void                 fs_library_query_set_collection      (FsLibraryQuery *self,
                                                           const char     *collection);
FsSortOrder          fs_library_query_get_sort            (FsLibraryQuery *self);
void                 fs_library_query_set_sort            (FsLibraryQuery *self,
                                                           FsSortOrder     sort);
/* Also read each image's colour check and collections, and its whole
 * prompt, as listings that print them need (the CLI); the gallery does
 * without. */
gboolean             fs_library_query_get_with_details    (FsLibraryQuery *self);
void                 fs_library_query_set_with_details    (FsLibraryQuery *self,
                                                           gboolean        with_details);

/* The times the date filter means at @now (local time): Unix
 * microseconds, @since_us included and @until_us excluded, 0 for an open
 * end. */
void                 fs_library_query_get_time_range      (FsLibraryQuery *self,
                                                           GDateTime      *now,
                                                           gint64         *since_us,
                                                           gint64         *until_us);

/* The query as an a{sv} for a GSettings key ("gallery-query"), holding
 * only what differs from the defaults; enums by their nicks, so that a
 * stored query outlives a reordering. "with-details" is not stored. */
GVariant            *fs_library_query_to_variant          (FsLibraryQuery *self);
/* Reads what it knows of @variant (a{sv}) and ignores the rest, so a key
 * written by another version never fails. */
FsLibraryQuery      *fs_library_query_new_from_variant    (GVariant       *variant);

/* @text as an SQLite FTS5 query that cannot be a syntax error: each word
 * quoted as a prefix ("word"*), the words ANDed; words without a letter
 * or digit left out. NULL when nothing is left. */
char                *fs_library_query_to_fts              (const char     *text);

G_END_DECLS
