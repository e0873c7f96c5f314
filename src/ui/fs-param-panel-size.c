/* fs-param-panel-size.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "fs-param-panel-private.h"
#include "fs-provider.h"

/* The common sizes from the providers' documentation, then a few that
 * suit FLUX.1's smaller grid. A preset off a model's grid is snapped to
 * the nearest allowed side (1920×1080 becomes 1920×1088 on FLUX.2's ×16
 * grid); one that does not fit the model's range is left out. */
static const guint size_presets[][2] = {
  { 1024, 1024 },
  { 1536, 1024 },
  { 1024, 1536 },
  { 1920, 1080 },
  { 1440, 2048 },
  { 2048, 2048 },
  { 1024, 768 },
  { 768, 1024 },
  { 1344, 768 },
  { 768, 1344 },
  { 1280, 720 },
};

static const struct
{
  const char *text;
  double      ratio;
} common_ratios[] = {
  { "1:1", 1.0 },
  { "4:3", 4.0 / 3 },
  { "3:4", 3.0 / 4 },
  { "3:2", 3.0 / 2 },
  { "2:3", 2.0 / 3 },
  { "16:9", 16.0 / 9 },
  { "9:16", 9.0 / 16 },
  { "5:4", 5.0 / 4 },
  { "4:5", 4.0 / 5 },
  { "21:9", 21.0 / 9 },
  { "9:21", 9.0 / 21 },
};

static guint
snap_side (guint side,
           guint multiple)
{
  if (multiple <= 1)
    return side;

  return (guint) floor ((double) side / multiple + 0.5) * multiple;
}

static gboolean
preset_fits (const FsSizeRule *rule,
             guint             width,
             guint             height)
{
  return width >= rule->min && width <= rule->max &&
         height >= rule->min && height <= rule->max &&
         (rule->max_pixels == 0 || (guint64) width * height <= rule->max_pixels);
}

static const char *
nearest_ratio (guint width,
               guint height)
{
  double ratio = (double) width / height;

  for (guint i = 0; i < G_N_ELEMENTS (common_ratios); i++)
    if (fabs (ratio / common_ratios[i].ratio - 1) < 0.02)
      return common_ratios[i].text;

  return NULL;
}

static char *
preset_label (guint width,
              guint height)
{
  const char *ratio = nearest_ratio (width, height);

  if (ratio != NULL)
    /* Translators: an image size in pixels and its aspect ratio: 1024 × 768 (4:3) */
    return g_strdup_printf (_("%u × %u (%s)"), width, height, ratio);

  /* Translators: an image size in pixels, width × height */
  return g_strdup_printf (_("%u × %u"), width, height);
}

static gboolean
sizes_contain (GArray *sizes,
               guint   width,
               guint   height)
{
  for (guint i = 0; i + 1 < sizes->len; i += 2)
    if (g_array_index (sizes, guint, i) == width && g_array_index (sizes, guint, i + 1) == height)
      return TRUE;

  return FALSE;
}

/* A drop-down of the presets valid for @rule, then "Custom"; @sizes
 * receives width, height pairs in the order shown. */
GtkWidget *
_fs_param_size_presets_new (const FsSizeRule  *rule,
                            GArray           **sizes)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *drop_down;

  *sizes = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < G_N_ELEMENTS (size_presets); i++)
    {
      guint width = snap_side (size_presets[i][0], rule->multiple);
      guint height = snap_side (size_presets[i][1], rule->multiple);
      g_autofree char *label = NULL;

      if (!preset_fits (rule, width, height) || sizes_contain (*sizes, width, height))
        continue;

      g_array_append_val (*sizes, width);
      g_array_append_val (*sizes, height);
      label = preset_label (width, height);
      gtk_string_list_append (labels, label);
    }
  /* Translators: the size preset chosen when width and height are typed */
  gtk_string_list_append (labels, _("Custom"));

  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
  gtk_widget_set_valign (drop_down, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Size preset"),
                                  -1);
  return drop_down;
}

/* The position of @width × @height among the presets, or of "Custom". */
guint
_fs_param_size_presets_find (GArray *sizes,
                             gint64  width,
                             gint64  height)
{
  for (guint i = 0; i + 1 < sizes->len; i += 2)
    if (g_array_index (sizes, guint, i) == width && g_array_index (sizes, guint, i + 1) == height)
      return i / 2;

  return sizes->len / 2;
}

static void
ratio_clicked_cb (GtkButton   *button,
                  GtkEditable *entry)
{
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER);

  gtk_editable_set_text (entry, gtk_button_get_label (button));
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

/* A menu button beside the "Aspect ratio" entry with the common ratios
 * the model accepts; the entry stays editable for any other. */
GtkWidget *
_fs_param_aspect_menu_new (const FsSizeRule *rule,
                           GtkEditable      *entry)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *grid = gtk_grid_new ();
  guint n = 0;

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 6);
  for (guint i = 0; i < G_N_ELEMENTS (common_ratios); i++)
    {
      GtkWidget *ratio;

      if (common_ratios[i].ratio < rule->min_ratio - 1e-9 ||
          common_ratios[i].ratio > rule->max_ratio + 1e-9)
        continue;

      ratio = gtk_button_new_with_label (common_ratios[i].text);
      gtk_widget_add_css_class (ratio, "flat");
      g_signal_connect_object (ratio, "clicked", G_CALLBACK (ratio_clicked_cb), entry, 0);
      gtk_grid_attach (GTK_GRID (grid), ratio, n % 3, n / 3, 1, 1);
      n++;
    }

  gtk_popover_set_child (GTK_POPOVER (popover), grid);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Common Aspect Ratios"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Common aspect ratios"),
                                  -1);
  return button;
}

static char *
format_usd (double usd)
{
  /* Cents when they say it all, tenths of a cent for per-megapixel
   * prices such as $0.045. */
  if (fabs (usd * 100 - round (usd * 100)) < 1e-6)
    return g_strdup_printf ("$%.2f", usd);

  return g_strdup_printf ("$%.3f", usd);
}

char *
_fs_param_format_price (FsModel    *model,
                        const char *provider_id,
                        guint       width,
                        guint       height,
                        double      input_megapixels,
                        guint       n_images)
{
  const FsPrice *price = fs_model_get_price (model, provider_id);
  const FsProviderInfo *info = fs_provider_info_lookup (provider_id);
  g_autofree char *amount = NULL;
  double usd;

  if (info != NULL && info->local)
    return g_strdup (_("Free (offline sandbox)"));

  if (!fs_model_estimate_cost (model, provider_id, width, height, input_megapixels,
                               MAX (n_images, 1), &usd))
    return g_strdup (_("Price unknown"));

  amount = format_usd (usd);
  if (price != NULL && price->from)
    /* Translators: a lowest price; the provider may charge more, e.g. "from $0.03" */
    return g_strdup_printf (_("from %s"), amount);

  return g_steal_pointer (&amount);
}
