/* fs-gallery-filters.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-date-range-dialog.h"
#include "fs-filter-chips.h"
#include "fs-filter-choice.h"
#include "fs-gallery-filters.h"
#include "fs-provider.h"

/* Each drop-down lists "any" first, then the choices; the enums' values
 * are their positions, so a position is the value. Providers and models
 * take several values: a check button each (FsFilterChoice). */

struct _FsGalleryFilters
{
  GtkWidget       parent_instance;

  GtkWidget      *menu_button;
  GtkWidget      *sort;
  GtkWidget      *favourites;
  GtkWidget      *rating;
  GtkWidget      *date;
  GtkWidget      *change_range;  /* shown while a range filters */
  GtkWidget      *provider;      /* FsFilterChoice */
  GtkWidget      *model;         /* FsFilterChoice */
  GtkWidget      *colours;
  GtkWidget      *references;
  GtkWidget      *orientation;

  FsLibraryQuery *query;
  FsCatalog      *catalog;
  GtkWidget      *range_dialog;  /* while it asks */
  gboolean        syncing;
};

G_DEFINE_FINAL_TYPE (FsGalleryFilters, fs_gallery_filters, GTK_TYPE_WIDGET)

static GtkWidget *
new_drop_down (const char * const *choices,
               const char         *name)
{
  GtkWidget *drop_down = gtk_drop_down_new_from_strings (choices);

  gtk_widget_set_hexpand (drop_down, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  return drop_down;
}

static void
sync_from_query (FsGalleryFilters *self)
{
  FsLibraryQuery *q = self->query;

  if (q == NULL)
    return;

  self->syncing = TRUE;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->favourites),
                               fs_library_query_get_favourites_only (q));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->rating), fs_library_query_get_min_rating (q));
  /* While the range dialog is open, its choice stays shown. */
  if (self->range_dialog == NULL)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (self->date), fs_library_query_get_date (q));
  gtk_widget_set_visible (self->change_range, fs_library_query_get_date (q) == FS_DATE_RANGE);
  fs_filter_choice_set_selected (FS_FILTER_CHOICE (self->provider),
                                 fs_library_query_get_providers (q));
  fs_filter_choice_set_selected (FS_FILTER_CHOICE (self->model),
                                 fs_library_query_get_models (q));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->colours), fs_library_query_get_colours (q));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->references),
                              fs_library_query_get_references (q));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->orientation),
                              fs_library_query_get_orientation (q));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->sort), fs_library_query_get_sort (q));
  self->syncing = FALSE;
}

static void
range_response_cb (GtkWidget        *dialog,
                   const char       *response,
                   FsGalleryFilters *self)
{
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) last = NULL;

  self->range_dialog = NULL;
  if (g_str_equal (response, "accept") && self->query != NULL)
    {
      fs_date_range_dialog_get_days (dialog, &first, &last);
      fs_library_query_set_days (self->query, first, last);
    }
  /* Cancelled: the drop-down goes back to the query's date. */
  sync_from_query (self);
}

static void
ask_range (FsGalleryFilters *self)
{
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) last = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->range_dialog != NULL || self->query == NULL)
    return;

  fs_library_query_get_days (self->query, &first, &last);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->menu_button));
  self->range_dialog = fs_date_range_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                 first, last);
  g_signal_connect_object (self->range_dialog, "response", G_CALLBACK (range_response_cb),
                           self, 0);
  gtk_window_present (GTK_WINDOW (self->range_dialog));
}

static void
control_changed_cb (FsGalleryFilters *self)
{
  FsLibraryQuery *q = self->query;
  guint date;

  if (self->syncing || q == NULL)
    return;

  g_object_freeze_notify (G_OBJECT (q));
  fs_library_query_set_favourites_only (q, gtk_check_button_get_active (GTK_CHECK_BUTTON (self->favourites)));
  fs_library_query_set_min_rating (q, gtk_drop_down_get_selected (GTK_DROP_DOWN (self->rating)));
  /* "Custom Range…" asks for the days before it filters. */
  date = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->date));
  if (date != FS_DATE_RANGE)
    fs_library_query_set_date (q, date);
  else if (fs_library_query_get_date (q) != FS_DATE_RANGE)
    ask_range (self);
  fs_library_query_set_providers (q, fs_filter_choice_get_selected (FS_FILTER_CHOICE (self->provider)));
  fs_library_query_set_models (q, fs_filter_choice_get_selected (FS_FILTER_CHOICE (self->model)));
  fs_library_query_set_colours (q, gtk_drop_down_get_selected (GTK_DROP_DOWN (self->colours)));
  fs_library_query_set_references (q, gtk_drop_down_get_selected (GTK_DROP_DOWN (self->references)));
  fs_library_query_set_orientation (q, gtk_drop_down_get_selected (GTK_DROP_DOWN (self->orientation)));
  fs_library_query_set_sort (q, gtk_drop_down_get_selected (GTK_DROP_DOWN (self->sort)));
  g_object_thaw_notify (G_OBJECT (q));
}

static void
fill_providers (FsGalleryFilters *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const FsProviderInfo *infos;
  guint n_infos;

  infos = fs_provider_info_list (&n_infos);
  for (guint i = 0; i < n_infos; i++)
    {
      g_ptr_array_add (ids, g_strdup (infos[i].id));
      g_ptr_array_add (names, fs_filter_chips_provider_name (infos[i].id));
    }
  fs_filter_choice_set_choices (FS_FILTER_CHOICE (self->provider), ids, names);
}

static void
fill_models (FsGalleryFilters *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint n = self->catalog != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->catalog)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FsModel) model = g_list_model_get_item (G_LIST_MODEL (self->catalog), i);

      g_ptr_array_add (ids, g_strdup (fs_model_get_id (model)));
      g_ptr_array_add (names, g_strdup (fs_model_get_name (model)));
    }
  self->syncing = TRUE;
  fs_filter_choice_set_choices (FS_FILTER_CHOICE (self->model), ids, names);
  self->syncing = FALSE;
  sync_from_query (self);
}

static void
attach_row (FsGalleryFilters *self,
            GtkGrid          *grid,
            int               row,
            const char       *label,
            GtkWidget        *control)
{
  GtkWidget *title = gtk_label_new (label);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "dim-label");
  gtk_grid_attach (grid, title, 0, row, 1, 1);
  gtk_grid_attach (grid, control, 1, row, 1, 1);
  g_signal_connect_swapped (control, "notify::selected", G_CALLBACK (control_changed_cb), self);
}

static GtkWidget *
build_popover (FsGalleryFilters *self)
{
  /* Translators: a choice of the gallery's filter menu: any rating */
  const char *ratings[] = { C_("rating", "Any"), _("1 star or more"), _("2 stars or more"),
                            _("3 stars or more"), _("4 stars or more"), _("5 stars"), NULL };
  const char *dates[] = { _("Any time"), _("Today"), _("This week"), _("This month"),
                          _("Custom Range…"), NULL };
  /* Translators: a choice of the gallery's filter menu: any colour check */
  const char *colours[] = { C_("colours", "Any"), _("All brand colours matched"),
                            _("A brand colour is off"), _("No brand colours asked for"), NULL };
  /* Translators: a choice of the gallery's filter menu: with references or not */
  const char *references[] = { C_("references", "Any"), _("With references"),
                               _("Without references"), NULL };
  /* Translators: a choice of the gallery's filter menu: any shape */
  const char *orientations[] = { C_("orientation", "Any"), _("Landscape"), _("Portrait"),
                                 _("Square"), NULL };
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *popover = gtk_popover_new ();
  int row = 0;

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);

  self->favourites = gtk_check_button_new_with_mnemonic (_("Favourites _only"));
  g_signal_connect_swapped (self->favourites, "toggled", G_CALLBACK (control_changed_cb), self);
  gtk_grid_attach (GTK_GRID (grid), self->favourites, 0, row++, 2, 1);

  self->rating = new_drop_down (ratings, _("Minimum rating"));
  self->date = new_drop_down (dates, _("Date"));
  self->provider = fs_filter_choice_new (_("Provider"), _("Any provider"));
  self->model = fs_filter_choice_new (_("Model"), _("Any model"));
  self->colours = new_drop_down (colours, _("Colours"));
  self->references = new_drop_down (references, _("References"));
  self->orientation = new_drop_down (orientations, _("Orientation"));

  gtk_popover_set_child (GTK_POPOVER (popover), grid);
  return popover;
}

static void
connect_rows (FsGalleryFilters *self,
              GtkGrid          *grid)
{
  const struct { const char *label; GtkWidget *control; } rows[] = {
    { _("Rating"), self->rating },
    { _("Date"), self->date },
    { _("Provider"), self->provider },
    { _("Model"), self->model },
    { _("Colours"), self->colours },
    { _("References"), self->references },
    { _("Orientation"), self->orientation },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    attach_row (self, grid, i + 1, rows[i].label, rows[i].control);

  /* The drop-down already says "Custom Range…": picking it again would
   * not ask. */
  self->change_range = gtk_button_new_with_mnemonic (_("C_hange Range…"));
  gtk_widget_set_visible (self->change_range, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->change_range),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Change Range…"),
                                  -1);
  g_signal_connect_swapped (self->change_range, "clicked", G_CALLBACK (ask_range), self);
  gtk_grid_insert_next_to (grid, self->date, GTK_POS_BOTTOM);
  gtk_grid_attach_next_to (grid, self->change_range, self->date, GTK_POS_BOTTOM, 1, 1);
}

static void
fs_gallery_filters_dispose (GObject *object)
{
  FsGalleryFilters *self = FS_GALLERY_FILTERS (object);

  if (self->query != NULL)
    g_signal_handlers_disconnect_by_data (self->query, self);
  if (self->range_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->range_dialog)));
  g_clear_object (&self->query);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->menu_button, gtk_widget_unparent);
  g_clear_pointer (&self->sort, gtk_widget_unparent);

  G_OBJECT_CLASS (fs_gallery_filters_parent_class)->dispose (object);
}

static void
fs_gallery_filters_class_init (FsGalleryFiltersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_gallery_filters_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fs-gallery-filters");
}

static void
fs_gallery_filters_init (FsGalleryFilters *self)
{
  const char *sorts[] = { _("Newest first"), _("Oldest first"), _("Highest rated"), NULL };
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkWidget *popover;

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);

  popover = build_popover (self);
  connect_rows (self, GTK_GRID (gtk_popover_get_child (GTK_POPOVER (popover))));
  fill_providers (self);
  fill_models (self);

  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->menu_button), _("_Filters"));
  gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (self->menu_button), TRUE);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->menu_button), popover);
  gtk_widget_add_css_class (self->menu_button, "flat");
  gtk_widget_set_tooltip_text (self->menu_button, _("Show only some images"));
  gtk_widget_set_parent (self->menu_button, GTK_WIDGET (self));

  self->sort = new_drop_down (sorts, _("Sort"));
  gtk_widget_set_hexpand (self->sort, FALSE);
  gtk_widget_set_tooltip_text (self->sort, _("Order of the images"));
  g_signal_connect_swapped (self->sort, "notify::selected", G_CALLBACK (control_changed_cb), self);
  gtk_widget_set_parent (self->sort, GTK_WIDGET (self));
}

GtkWidget *
fs_gallery_filters_new (void)
{
  return g_object_new (FS_TYPE_GALLERY_FILTERS, NULL);
}

void
fs_gallery_filters_set_query (FsGalleryFilters *self,
                              FsLibraryQuery   *query)
{
  g_return_if_fail (FS_IS_GALLERY_FILTERS (self));
  g_return_if_fail (query == NULL || FS_IS_LIBRARY_QUERY (query));

  if (self->query != NULL)
    g_signal_handlers_disconnect_by_data (self->query, self);
  g_set_object (&self->query, query);
  if (query != NULL)
    g_signal_connect_swapped (query, "notify", G_CALLBACK (sync_from_query), self);
  sync_from_query (self);
}

void
fs_gallery_filters_set_catalog (FsGalleryFilters *self,
                                FsCatalog        *catalog)
{
  g_return_if_fail (FS_IS_GALLERY_FILTERS (self));

  if (g_set_object (&self->catalog, catalog))
    fill_models (self);
}
