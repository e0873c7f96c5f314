/* fs-batch-panel.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fs-batch.h"
#include "fs-batch-panel.h"
#include "fs-variations.h"

struct _FsBatchPanel
{
  GtkWidget       parent_instance;

  GtkWidget      *group;
  GtkSpinButton  *count_spin;
  AdwComboRow    *seed_row;
  GtkSwitch      *list_switch;
  GtkSpinButton  *threshold_spin;
  GtkLabel       *summary_label;
};

G_DEFINE_FINAL_TYPE (FsBatchPanel, fs_batch_panel, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The combo row's order. */
static const FsSeedMode seed_modes[] = {
  FS_SEED_MODE_RANDOM, FS_SEED_MODE_INCREMENT, FS_SEED_MODE_FIXED,
};

static void
changed_cb (FsBatchPanel *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
fs_batch_panel_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fs_batch_panel_parent_class)->dispose (object);
}

static void
fs_batch_panel_class_init (FsBatchPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_batch_panel_dispose;

  /* Anything that changes the jobs Generate makes. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/fs-batch-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, FsBatchPanel, group);
  gtk_widget_class_bind_template_child (widget_class, FsBatchPanel, count_spin);
  gtk_widget_class_bind_template_child (widget_class, FsBatchPanel, seed_row);
  gtk_widget_class_bind_template_child (widget_class, FsBatchPanel, list_switch);
  gtk_widget_class_bind_template_child (widget_class, FsBatchPanel, threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, FsBatchPanel, summary_label);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fs_batch_panel_init (FsBatchPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fs_batch_panel_new (GSettings *settings)
{
  FsBatchPanel *self = g_object_new (FS_TYPE_BATCH_PANEL, NULL);

  if (settings != NULL)
    g_settings_bind (settings, "batch-confirm-usd",
                     gtk_spin_button_get_adjustment (self->threshold_spin), "value",
                     G_SETTINGS_BIND_DEFAULT);
  return GTK_WIDGET (self);
}

double
fs_batch_panel_get_threshold (FsBatchPanel *self)
{
  g_return_val_if_fail (FS_IS_BATCH_PANEL (self), 0);
  return gtk_spin_button_get_value (self->threshold_spin);
}

guint
fs_batch_panel_get_count (FsBatchPanel *self)
{
  g_return_val_if_fail (FS_IS_BATCH_PANEL (self), 1);
  return (guint) gtk_spin_button_get_value_as_int (self->count_spin);
}

void
fs_batch_panel_set_count (FsBatchPanel *self,
                          guint         count)
{
  g_return_if_fail (FS_IS_BATCH_PANEL (self));
  gtk_spin_button_set_value (self->count_spin, CLAMP (count, 1, FS_VARIATIONS_MAX_COUNT));
}

/* The prompts of @prompt: each non-blank line with its alternatives in
 * prompt-list mode, else the prompt as it is. */
static GStrv
prompts_of (FsBatchPanel *self,
            const char   *prompt)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;

  if (!gtk_switch_get_active (self->list_switch))
    {
      g_strv_builder_add (builder, prompt);
      return g_strv_builder_end (builder);
    }

  lines = g_strsplit (prompt, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) expanded = NULL;

      if (g_strstrip (lines[i])[0] == '\0')
        continue;
      /* A line past the limit of alternatives stays one job as written. */
      expanded = fs_batch_expand (lines[i], NULL);
      if (expanded != NULL)
        g_strv_builder_addv (builder, (const char **) expanded);
      else
        g_strv_builder_add (builder, lines[i]);
    }
  return g_strv_builder_end (builder);
}

GPtrArray *
fs_batch_panel_plan (FsBatchPanel *self,
                     FsRequest    *request,
                     FsCatalog    *catalog)
{
  GPtrArray *plan = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) prompts = NULL;
  FsModel *model;
  guint count;
  guint selected;

  g_return_val_if_fail (FS_IS_BATCH_PANEL (self), plan);

  model = fs_catalog_lookup (catalog, fs_request_get_model_id (request));
  count = (guint) gtk_spin_button_get_value_as_int (self->count_spin);
  selected = adw_combo_row_get_selected (self->seed_row);
  prompts = prompts_of (self, fs_request_get_prompt (request) ? fs_request_get_prompt (request) : "");

  for (guint i = 0; prompts[i] != NULL; i++)
    {
      g_autoptr(FsRequest) one = fs_request_copy (request);
      g_autoptr(GPtrArray) calls = NULL;

      fs_request_set_prompt (one, prompts[i]);
      if (model == NULL || count <= 1)
        {
          g_ptr_array_add (plan, g_steal_pointer (&one));
          continue;
        }
      calls = fs_variations_plan (one, model, count,
                                  seed_modes[MIN (selected, G_N_ELEMENTS (seed_modes) - 1)]);
      g_ptr_array_extend_and_steal (plan, g_steal_pointer (&calls));
    }

  return plan;
}

double
fs_batch_panel_estimate (GPtrArray *plan,
                         FsCatalog *catalog,
                         gboolean  *unknown)
{
  double total = 0;

  *unknown = FALSE;
  for (guint i = 0; i < plan->len; i++)
    {
      FsRequest *request = g_ptr_array_index (plan, i);
      FsModel *model = fs_catalog_lookup (catalog, fs_request_get_model_id (request));
      double usd = 0;

      if (model != NULL &&
          fs_request_estimate_cost (request, model, fs_variations_n_images (request), &usd))
        total += usd;
      else
        *unknown = TRUE;
    }
  return total;
}

void
fs_batch_panel_update_summary (FsBatchPanel *self,
                               FsRequest    *request,
                               FsCatalog    *catalog)
{
  g_autoptr(GPtrArray) plan = NULL;
  g_autofree char *text = NULL;
  gboolean unknown = FALSE;
  double usd;

  g_return_if_fail (FS_IS_BATCH_PANEL (self));

  plan = fs_batch_panel_plan (self, request, catalog);
  usd = fs_batch_panel_estimate (plan, catalog, &unknown);
  if (unknown)
    /* Translators: the number of jobs Generate makes; their price is not known */
    text = g_strdup_printf (ngettext ("%u job", "%u jobs", plan->len), plan->len);
  else
    /* Translators: the number of jobs Generate makes, then their estimated price */
    text = g_strdup_printf (ngettext ("%u job · about $%.2f", "%u jobs · about $%.2f", plan->len),
                            plan->len, usd);
  gtk_label_set_text (self->summary_label, text);
}
