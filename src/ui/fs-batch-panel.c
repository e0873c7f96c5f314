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
#include "fs-batch-panel-private.h"
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
  AdwActionRow   *file_row;
  GtkWidget      *clear_button;
  GtkWidget      *load_button;

  /* A loaded prompt list (fs-batch-panel-load.c): its rows, each row's
   * prepared references (a GPtrArray, empty without), its file's name. */
  GPtrArray      *rows;
  GPtrArray      *row_references;
  char           *list_name;
  /* The loaded rows the window's settings no longer fit, when last
   * planned, and why the first of them does not. */
  guint           n_left_out;
  char           *left_out;
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
clear_cb (FsBatchPanel *self)
{
  fs_batch_panel_clear_list (self);
}

static void
fs_batch_panel_dispose (GObject *object)
{
  GtkWidget *child;

  FsBatchPanel *self = FS_BATCH_PANEL (object);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->row_references, g_ptr_array_unref);
  g_clear_pointer (&self->list_name, g_free);
  g_clear_pointer (&self->left_out, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, FsBatchPanel, file_row);
  gtk_widget_class_bind_template_child (widget_class, FsBatchPanel, clear_button);
  gtk_widget_class_bind_template_child (widget_class, FsBatchPanel, load_button);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_cb);
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

static FsSeedMode
seed_mode (FsBatchPanel *self)
{
  guint selected = adw_combo_row_get_selected (self->seed_row);

  return seed_modes[MIN (selected, G_N_ELEMENTS (seed_modes) - 1)];
}

/* The calls of each loaded row: the row's settings over @request's (as
 * `flux-studio-cli batch` makes them), each as many images as the row or
 * the group asks for. */
static void
plan_rows (FsBatchPanel *self,
           FsRequest    *request,
           FsCatalog    *catalog,
           GPtrArray    *plan)
{
  self->n_left_out = 0;
  g_clear_pointer (&self->left_out, g_free);
  for (guint i = 0; i < self->rows->len; i++)
    {
      FsBatchRow *row = g_ptr_array_index (self->rows, i);
      guint count = (guint) gtk_spin_button_get_value_as_int (self->count_spin);
      g_autoptr(GPtrArray) calls = NULL;
      g_autoptr(GError) error = NULL;

      calls = fs_batch_row_plan (row, request, g_ptr_array_index (self->row_references, i),
                                 catalog, count, seed_mode (self), &error);
      /* Every row was checked when the file was loaded; one the window's
       * settings have made invalid since is left out, and the summary
       * says so and why (fs_batch_panel_update_summary()). */
      if (calls == NULL)
        {
          if (self->n_left_out++ == 0)
            /* Translators: a line number of the prompt list, then what is wrong */
            self->left_out = g_strdup_printf (_("line %u: %s"), row->line, error->message);
          continue;
        }
      g_ptr_array_extend_and_steal (plan, g_steal_pointer (&calls));
    }
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

  g_return_val_if_fail (FS_IS_BATCH_PANEL (self), plan);

  model = fs_catalog_lookup (catalog, fs_request_get_model_id (request));
  count = (guint) gtk_spin_button_get_value_as_int (self->count_spin);
  if (self->rows != NULL)
    {
      plan_rows (self, request, catalog, plan);
      return plan;
    }
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
      calls = fs_variations_plan (one, model, count, seed_mode (self));
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
  if (self->list_name != NULL && unknown)
    /* Translators: the number of jobs Generate makes, then a file's name */
    text = g_strdup_printf (ngettext ("%u job from %s", "%u jobs from %s", plan->len),
                            plan->len, self->list_name);
  else if (self->list_name != NULL)
    /* Translators: the number of jobs Generate makes, a file's name, then their estimated price */
    text = g_strdup_printf (ngettext ("%u job from %s · about $%.2f",
                                      "%u jobs from %s · about $%.2f", plan->len),
                            plan->len, self->list_name, usd);
  else if (unknown)
    /* Translators: the number of jobs Generate makes; their price is not known */
    text = g_strdup_printf (ngettext ("%u job", "%u jobs", plan->len), plan->len);
  else
    /* Translators: the number of jobs Generate makes, then their estimated price */
    text = g_strdup_printf (ngettext ("%u job · about $%.2f", "%u jobs · about $%.2f", plan->len),
                            plan->len, usd);
  if (self->rows != NULL && self->n_left_out > 0)
    {
      g_autofree char *full = NULL;

      full = g_strdup_printf (ngettext ("%s\n%u row does not fit the settings and is left out "
                                        "(%s); change the settings or the file",
                                        "%s\n%u rows do not fit the settings and are left out "
                                        "(first, %s); change the settings or the file",
                                        self->n_left_out),
                              text, self->n_left_out, self->left_out);
      g_free (text);
      text = g_steal_pointer (&full);
    }
  gtk_label_set_text (self->summary_label, text);
}

/* The loaded prompt list ------------------------------------------------------- */

gboolean
fs_batch_panel_get_loaded (FsBatchPanel *self)
{
  g_return_val_if_fail (FS_IS_BATCH_PANEL (self), FALSE);
  return self->rows != NULL;
}

const char *
fs_batch_panel_get_list_prompt (FsBatchPanel *self)
{
  g_return_val_if_fail (FS_IS_BATCH_PANEL (self), NULL);

  if (self->rows == NULL || self->rows->len == 0)
    return NULL;
  return ((FsBatchRow *) g_ptr_array_index (self->rows, 0))->prompt;
}

void
_fs_batch_panel_set_list (FsBatchPanel *self,
                          const char   *name,
                          GPtrArray    *rows,
                          GPtrArray    *row_references)
{
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->row_references, g_ptr_array_unref);
  g_clear_pointer (&self->list_name, g_free);
  if (rows != NULL)
    {
      self->rows = g_ptr_array_ref (rows);
      self->row_references = g_ptr_array_ref (row_references);
      self->list_name = g_strdup (name);
    }

  adw_action_row_set_subtitle (self->file_row, name != NULL
                               ? name
                               : _("A .txt, .csv or .jsonl file"));
  /* One button at a time: the row is narrow. */
  gtk_widget_set_visible (self->clear_button, rows != NULL);
  gtk_widget_set_visible (self->load_button, rows == NULL);
  /* A loaded list stands in for the typed one. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->list_switch), rows == NULL);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
fs_batch_panel_clear_list (FsBatchPanel *self)
{
  g_return_if_fail (FS_IS_BATCH_PANEL (self));
  _fs_batch_panel_set_list (self, NULL, NULL, NULL);
}
