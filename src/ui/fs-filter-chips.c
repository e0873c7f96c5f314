/* fs-filter-chips.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-filter-chips.h"
#include "fs-provider.h"

struct _FsFilterChips
{
  GtkWidget       parent_instance;

  FsLibraryQuery *query;
  FsCatalog      *catalog;
  guint           rebuild_id;
  gboolean        empty;
};

G_DEFINE_FINAL_TYPE (FsFilterChips, fs_filter_chips, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_EMPTY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What removing a chip takes out of the query: the chip's @value, for
 * a filter of several values, is the one it stands for. */
typedef void (*ClearFunc) (FsLibraryQuery *query, const char *value);

/* @ids without @value; NULL when nothing is left. */
static char **
strv_without (const char * const *ids,
              const char         *value)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) left = NULL;

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    if (!g_str_equal (ids[i], value))
      g_strv_builder_add (builder, ids[i]);
  left = g_strv_builder_end (builder);
  return left[0] != NULL ? g_steal_pointer (&left) : NULL;
}

static void
clear_provider (FsLibraryQuery *q,
                const char     *value)
{
  g_auto(GStrv) left = strv_without (fs_library_query_get_providers (q), value);

  fs_library_query_set_providers (q, (const char * const *) left);
}

static void
clear_model (FsLibraryQuery *q,
             const char     *value)
{
  g_auto(GStrv) left = strv_without (fs_library_query_get_models (q), value);

  fs_library_query_set_models (q, (const char * const *) left);
}

static void
clear_date (FsLibraryQuery *q,
            const char     *value)
{
  g_object_freeze_notify (G_OBJECT (q));
  fs_library_query_set_date (q, FS_DATE_ANY);
  fs_library_query_set_since (q, 0);
  fs_library_query_set_until (q, 0);
  g_object_thaw_notify (G_OBJECT (q));
}
static void clear_favourites (FsLibraryQuery *q, const char *v) { fs_library_query_set_favourites_only (q, FALSE); }
static void clear_rating (FsLibraryQuery *q, const char *v) { fs_library_query_set_min_rating (q, 0); }
static void clear_colours (FsLibraryQuery *q, const char *v) { fs_library_query_set_colours (q, FS_COLOURS_ANY); }
static void clear_references (FsLibraryQuery *q, const char *v) { fs_library_query_set_references (q, FS_REFERENCES_ANY); }
static void clear_orientation (FsLibraryQuery *q, const char *v) { fs_library_query_set_orientation (q, FS_ORIENTATION_ANY); }
static void clear_collection (FsLibraryQuery *q, const char *v) { fs_library_query_set_collection (q, NULL); }

char *
fs_filter_chips_model_name (FsCatalog  *catalog,
                            const char *model_id)
{
  FsModel *model = catalog != NULL ? fs_catalog_lookup (catalog, model_id) : NULL;

  return g_strdup (model != NULL ? fs_model_get_name (model) : model_id);
}

char *
fs_filter_chips_provider_name (const char *provider_id)
{
  const FsProviderInfo *info = fs_provider_info_lookup (provider_id);

  return g_strdup (info != NULL ? _(info->name) : provider_id);
}

static void
chip_clicked_cb (GtkButton     *button,
                 FsFilterChips *self)
{
  ClearFunc clear = g_object_get_data (G_OBJECT (button), "fs-clear");

  if (self->query != NULL)
    clear (self->query, g_object_get_data (G_OBJECT (button), "fs-value"));
}

static void
add_chip_for (FsFilterChips *self,
              const char    *label,
              ClearFunc      clear,
              const char    *value)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *text = gtk_label_new (label);
  GtkWidget *icon = gtk_image_new_from_icon_name ("window-close-symbolic");
  /* Translators: a filter chip's button, as a screen reader names it;
   * the filter's words follow */
  g_autofree char *name = g_strdup_printf (_("Remove filter: %s"), label);

  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (text), 28);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "small");
  gtk_widget_add_css_class (button, "fs-filter-chip");
  gtk_widget_set_tooltip_text (button, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  g_object_set_data (G_OBJECT (button), "fs-clear", clear);
  g_object_set_data_full (G_OBJECT (button), "fs-value", g_strdup (value), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (chip_clicked_cb), self);
  gtk_widget_set_parent (button, GTK_WIDGET (self));
}

static void
add_chip (FsFilterChips *self,
          const char    *label,
          ClearFunc      clear)
{
  add_chip_for (self, label, clear, NULL);
}

static const char *
date_label (FsDateFilter date)
{
  switch (date)
    {
    case FS_DATE_TODAY:
      return _("Today");
    case FS_DATE_THIS_WEEK:
      return _("This week");
    case FS_DATE_THIS_MONTH:
      return _("This month");
    case FS_DATE_ANY:
    default:
      return NULL;
    }
}

/* "3/1/26 – 3/4/26", in the locale's way of writing a date; an open end
 * (a query stored by another version) is "…". */
static char *
range_label (FsLibraryQuery *q)
{
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) last = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  fs_library_query_get_days (q, &first, &last);
  from = first != NULL ? g_date_time_format (first, "%x") : g_strdup ("…");
  to = last != NULL ? g_date_time_format (last, "%x") : g_strdup ("…");
  /* Translators: a filter chip: images made from one day to another,
   * both included */
  return g_strdup_printf (_("%s – %s"), from, to);
}

static const char *
colours_label (FsColourFilter colours)
{
  switch (colours)
    {
    case FS_COLOURS_ALL_MATCHED:
      return _("All brand colours matched");
    case FS_COLOURS_ANY_OFF:
      return _("A brand colour is off");
    case FS_COLOURS_NONE_ASKED:
      return _("No brand colours asked for");
    case FS_COLOURS_ANY:
    default:
      return NULL;
    }
}

static const char *
orientation_label (FsOrientationFilter orientation)
{
  switch (orientation)
    {
    case FS_ORIENTATION_LANDSCAPE:
      return _("Landscape");
    case FS_ORIENTATION_PORTRAIT:
      return _("Portrait");
    case FS_ORIENTATION_SQUARE:
      return _("Square");
    case FS_ORIENTATION_ANY:
    default:
      return NULL;
    }
}

static void
rebuild (FsFilterChips *self)
{
  FsLibraryQuery *q = self->query;
  GtkWidget *child;
  gboolean empty;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  if (q != NULL)
    {
      if (fs_library_query_get_favourites_only (q))
        add_chip (self, _("Favourites"), clear_favourites);
      if (fs_library_query_get_min_rating (q) > 0)
        {
          guint stars = fs_library_query_get_min_rating (q);
          /* Translators: a filter chip: images with at least this many stars */
          g_autofree char *label = g_strdup_printf (ngettext ("%u star or more",
                                                              "%u stars or more", stars),
                                                    stars);
          add_chip (self, label, clear_rating);
        }
      if (fs_library_query_get_date (q) == FS_DATE_RANGE)
        {
          g_autofree char *label = range_label (q);
          add_chip (self, label, clear_date);
        }
      else if (date_label (fs_library_query_get_date (q)) != NULL)
        add_chip (self, date_label (fs_library_query_get_date (q)), clear_date);
      /* A chip per provider and per model, each removed alone. */
      for (const char * const *id = fs_library_query_get_providers (q); id && *id; id++)
        {
          g_autofree char *name = fs_filter_chips_provider_name (*id);
          add_chip_for (self, name, clear_provider, *id);
        }
      for (const char * const *id = fs_library_query_get_models (q); id && *id; id++)
        {
          g_autofree char *name = fs_filter_chips_model_name (self->catalog, *id);
          add_chip_for (self, name, clear_model, *id);
        }
      if (colours_label (fs_library_query_get_colours (q)) != NULL)
        add_chip (self, colours_label (fs_library_query_get_colours (q)), clear_colours);
      if (fs_library_query_get_references (q) == FS_REFERENCES_WITH)
        add_chip (self, _("With references"), clear_references);
      else if (fs_library_query_get_references (q) == FS_REFERENCES_WITHOUT)
        add_chip (self, _("Without references"), clear_references);
      if (orientation_label (fs_library_query_get_orientation (q)) != NULL)
        add_chip (self, orientation_label (fs_library_query_get_orientation (q)),
                  clear_orientation);
      if (fs_library_query_get_collection (q) != NULL)
        {
          /* Translators: a filter chip: the images of one collection */
          g_autofree char *label = g_strdup_printf (_("In “%s”"),
                                                    fs_library_query_get_collection (q));
          add_chip (self, label, clear_collection);
        }
    }

  empty = gtk_widget_get_first_child (GTK_WIDGET (self)) == NULL;
  gtk_widget_set_visible (GTK_WIDGET (self), !empty);
  if (self->empty != empty)
    {
      self->empty = empty;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
    }
}

static gboolean
rebuild_cb (gpointer user_data)
{
  FsFilterChips *self = user_data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* From an idle: the chip whose click cleared its filter is still in its
 * "clicked" handler. */
static void
query_notify_cb (FsFilterChips *self,
                 GParamSpec    *pspec)
{
  /* The search has its entry, the order its menu. */
  if (g_str_equal (pspec->name, "text") || g_str_equal (pspec->name, "sort") ||
      g_str_equal (pspec->name, "with-details"))
    return;

  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_cb, self);
}

static void
fs_filter_chips_dispose (GObject *object)
{
  FsFilterChips *self = FS_FILTER_CHIPS (object);
  GtkWidget *child;

  if (self->query != NULL)
    g_signal_handlers_disconnect_by_data (self->query, self);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  g_clear_object (&self->query);
  g_clear_object (&self->catalog);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fs_filter_chips_parent_class)->dispose (object);
}

static void
fs_filter_chips_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FsFilterChips *self = FS_FILTER_CHIPS (object);

  switch (prop_id)
    {
    case PROP_EMPTY:
      g_value_set_boolean (value, self->empty);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_filter_chips_class_init (FsFilterChipsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_filter_chips_dispose;
  object_class->get_property = fs_filter_chips_get_property;

  properties[PROP_EMPTY] =
    g_param_spec_boolean ("empty", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fs-filter-chips");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fs_filter_chips_init (FsFilterChips *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  self->empty = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Active filters"),
                                  -1);
}

GtkWidget *
fs_filter_chips_new (void)
{
  return g_object_new (FS_TYPE_FILTER_CHIPS, NULL);
}

void
fs_filter_chips_set_query (FsFilterChips  *self,
                           FsLibraryQuery *query)
{
  g_return_if_fail (FS_IS_FILTER_CHIPS (self));
  g_return_if_fail (query == NULL || FS_IS_LIBRARY_QUERY (query));

  if (self->query != NULL)
    g_signal_handlers_disconnect_by_data (self->query, self);
  g_set_object (&self->query, query);
  if (query != NULL)
    g_signal_connect_swapped (query, "notify", G_CALLBACK (query_notify_cb), self);
  rebuild (self);
}

void
fs_filter_chips_set_catalog (FsFilterChips *self,
                             FsCatalog     *catalog)
{
  g_return_if_fail (FS_IS_FILTER_CHIPS (self));

  g_set_object (&self->catalog, catalog);
  rebuild (self);
}

gboolean
fs_filter_chips_get_empty (FsFilterChips *self)
{
  g_return_val_if_fail (FS_IS_FILTER_CHIPS (self), TRUE);

  return self->empty;
}
