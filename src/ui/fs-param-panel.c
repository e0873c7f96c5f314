/* fs-param-panel.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-param-panel-private.h"
#include "fs-provider.h"

struct _FsParamPanel
{
  GtkWidget   parent_instance;

  FsCatalog  *catalog;
  char       *provider_id;
  char       *model_id;
  FsModel    *model;            /* owned by the catalog */
  char       *prompt;
  char       *output_format;    /* the preferred default, or NULL */
  guint       n_references;
  double      reference_megapixels;
  FsEditSource *edit_source;    /* the image an edit changes, or NULL */

  /* "provider/model" → (name → GVariant): what was typed for each model,
   * so switching away and back keeps it. */
  GHashTable *values;
  GHashTable *current;          /* borrowed from values */
  GPtrArray  *fields;           /* FsParamField, of the current model */
  GArray     *preset_sizes;     /* width, height pairs of the presets */

  /* The seed belongs to no model: comparing models with one seed is the
   * point of locking it. */
  gint64      seed;             /* -1 when none is shown */
  gboolean    seed_locked;

  GtkWidget  *notes_box;
  GtkWidget  *summary_price;
  GtkWidget  *summary_size;
  GtkWidget  *groups_box;
  GtkWidget  *preset_drop_down;
  GtkWidget  *seed_lock;

  gboolean    valid;
  char       *problem;
  guint       updating;
};

G_DEFINE_FINAL_TYPE (FsParamPanel, fs_param_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VALID,
  PROP_PROBLEM,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef enum
{
  SECTION_SIZE,
  SECTION_GENERATION,
  SECTION_OUTPUT,
  N_SECTIONS
} Section;

static const char * const section_titles[N_SECTIONS] = {
  N_("Size"),
  N_("Generation"),
  N_("Output"),
};

static const struct
{
  const char *name;
  Section     section;
} param_sections[] = {
  { "width", SECTION_SIZE },
  { "height", SECTION_SIZE },
  { "aspect_ratio", SECTION_SIZE },
  { "size", SECTION_SIZE },
  { "top", SECTION_SIZE },
  { "bottom", SECTION_SIZE },
  { "left", SECTION_SIZE },
  { "right", SECTION_SIZE },
  { "num_outputs", SECTION_OUTPUT },
  { "seed", SECTION_OUTPUT },
  { "output_format", SECTION_OUTPUT },
  { "safety_tolerance", SECTION_OUTPUT },
};

static void update_validity (FsParamPanel *self);

static Section
section_for (FsParam *param)
{
  const char *name = fs_param_get_name (param);

  for (guint i = 0; i < G_N_ELEMENTS (param_sections); i++)
    if (g_str_equal (name, param_sections[i].name))
      return param_sections[i].section;

  return SECTION_GENERATION;
}

gboolean
_fs_param_panel_is_updating (FsParamPanel *self)
{
  return self->updating > 0;
}

static FsParamField *
find_field (FsParamPanel *self,
            const char   *name)
{
  for (guint i = 0; self->fields != NULL && i < self->fields->len; i++)
    {
      FsParamField *field = g_ptr_array_index (self->fields, i);

      if (g_str_equal (_fs_param_field_get_name (field), name))
        return field;
    }

  return NULL;
}

static const FsSizeRule *
current_rule (FsParamPanel *self)
{
  if (self->model == NULL)
    return NULL;

  return fs_model_get_size_rule (self->model, self->provider_id);
}

/* Values ---------------------------------------------------------------- */

static gboolean
choices_contain (FsParam    *param,
                 const char *value)
{
  const char * const *choices = fs_param_get_choices (param);

  return value != NULL && choices != NULL && g_strv_contains (choices, value);
}

/* What a model shows the first time: the catalog's defaults, with the
 * preferred output format where the model offers it. */
static GHashTable *
default_values (FsParamPanel *self)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_variant_unref);
  g_autoptr(GPtrArray) params = fs_model_get_params (self->model, self->provider_id);

  for (guint i = 0; i < params->len; i++)
    {
      FsParam *param = g_ptr_array_index (params, i);
      const char *name = fs_param_get_name (param);
      GVariant *fallback = fs_param_get_default (param);

      if (g_str_equal (name, "output_format") && choices_contain (param, self->output_format))
        fallback = g_variant_new_string (self->output_format);
      if (fallback != NULL && !g_str_equal (name, "seed"))
        g_hash_table_insert (values, g_strdup (name), g_variant_ref_sink (fallback));
    }

  return values;
}

static GHashTable *
values_for_model (FsParamPanel *self)
{
  g_autofree char *key = g_strdup_printf ("%s/%s", self->provider_id, self->model_id);
  GHashTable *values = g_hash_table_lookup (self->values, key);

  if (values == NULL)
    {
      values = default_values (self);
      g_hash_table_insert (self->values, g_steal_pointer (&key), values);
    }

  return values;
}

/* The preset matching the width and height shown, else "Custom". */
static void
sync_preset (FsParamPanel *self)
{
  GVariant *width = g_hash_table_lookup (self->current, "width");
  GVariant *height = g_hash_table_lookup (self->current, "height");
  guint position;

  if (self->preset_drop_down == NULL)
    return;

  position = _fs_param_size_presets_find (self->preset_sizes,
                                          width ? g_variant_get_int64 (width) : -1,
                                          height ? g_variant_get_int64 (height) : -1);
  self->updating++;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->preset_drop_down), position);
  self->updating--;
}

static void
show_values (FsParamPanel *self)
{
  self->updating++;
  for (guint i = 0; i < self->fields->len; i++)
    {
      FsParamField *field = g_ptr_array_index (self->fields, i);
      const char *name = _fs_param_field_get_name (field);

      if (g_str_equal (name, "seed"))
        _fs_param_field_show (field, self->seed >= 0 ? g_variant_new_int64 (self->seed) : NULL);
      else
        _fs_param_field_show (field, g_hash_table_lookup (self->current, name));
    }

  sync_preset (self);
  if (self->seed_lock != NULL)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->seed_lock), self->seed_locked);
  self->updating--;
}

static void
changed (FsParamPanel *self)
{
  update_validity (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
seed_edited (FsParamPanel *self,
             FsParamField *field)
{
  g_autoptr(GVariant) value = _fs_param_field_read (field);

  if (value == NULL)
    return;

  /* Typing a seed means wanting that seed: lock it. */
  self->seed = g_variant_get_int64 (value);
  if (!self->seed_locked)
    {
      self->seed_locked = TRUE;
      self->updating++;
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->seed_lock), TRUE);
      self->updating--;
    }
}

void
_fs_param_panel_field_edited (FsParamPanel *self,
                              FsParamField *field)
{
  const char *name = _fs_param_field_get_name (field);
  g_autoptr(GVariant) value = NULL;

  if (g_str_equal (name, "seed"))
    {
      seed_edited (self, field);
      changed (self);
      return;
    }

  value = _fs_param_field_read (field);
  if (value != NULL)
    g_hash_table_insert (self->current, g_strdup (name),
                         g_variant_ref_sink (g_steal_pointer (&value)));
  else
    g_hash_table_remove (self->current, name);

  if (g_str_equal (name, "width") || g_str_equal (name, "height"))
    sync_preset (self);

  changed (self);
}

/* Validation ------------------------------------------------------------ */

static const char *
problem_for (GPtrArray  *problems,
             const char *name)
{
  for (guint i = 0; i < problems->len; i++)
    {
      FsProblem *problem = g_ptr_array_index (problems, i);

      if (g_str_equal (problem->field, name))
        return problem->message;
      /* The pixel cap concerns width and height together. */
      if (g_str_equal (problem->field, "dimensions") &&
          (g_str_equal (name, "width") || g_str_equal (name, "height")))
        return problem->message;
    }

  return NULL;
}

static char *
references_problem (FsParamPanel *self)
{
  guint limit;

  if (self->model == NULL)
    return NULL;

  limit = fs_model_get_max_references (self->model, self->provider_id) +
          fs_model_get_experimental_references (self->model, self->provider_id);
  if (self->n_references <= limit)
    return NULL;

  if (limit == 0)
    /* Translators: a model name */
    return g_strdup_printf (_("%s takes no reference images — remove them"),
                            fs_model_get_name (self->model));

  return g_strdup_printf (ngettext ("%s takes at most %u reference image",
                                    "%s takes at most %u reference images", limit),
                          fs_model_get_name (self->model), limit);
}

static void
set_state (FsParamPanel *self,
           const char   *problem)
{
  gboolean valid = problem == NULL;

  if (g_strcmp0 (self->problem, problem) != 0)
    {
      g_free (self->problem);
      self->problem = g_strdup (problem);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
    }
  if (self->valid != valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

static guint
n_images (FsParamPanel *self)
{
  GVariant *value = self->current ? g_hash_table_lookup (self->current, "num_outputs") : NULL;

  if (value == NULL || !g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    return 1;

  return (guint) CLAMP (g_variant_get_int64 (value), 1, 100);
}

static void
update_summary (FsParamPanel *self,
                FsRequest    *request)
{
  g_autofree char *size = NULL;
  g_autofree char *price = NULL;
  guint width = 0;
  guint height = 0;

  if (self->model == NULL || !fs_request_get_output_size (request, self->model, &width, &height))
    {
      gtk_label_set_text (GTK_LABEL (self->summary_size), "");
      gtk_label_set_text (GTK_LABEL (self->summary_price), "");
      return;
    }

  /* Translators: output size and its megapixels: "1024 × 1024 · 1.0 MP" */
  size = g_strdup_printf (_("%u × %u · %.1f MP"), width, height, (double) width * height / 1e6);
  price = _fs_param_format_price (self->model, self->provider_id, width, height,
                                  self->reference_megapixels, n_images (self));
  gtk_label_set_text (GTK_LABEL (self->summary_size), size);
  gtk_label_set_text (GTK_LABEL (self->summary_price), price);
}

static void
update_validity (FsParamPanel *self)
{
  g_autoptr(FsRequest) request = fs_param_panel_build_request (self);
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *references = references_problem (self);

  fs_request_set_prompt (request, self->prompt != NULL ? self->prompt : "");
  problems = fs_request_validate (request, self->catalog);

  for (guint i = 0; self->fields != NULL && i < self->fields->len; i++)
    {
      FsParamField *field = g_ptr_array_index (self->fields, i);

      _fs_param_field_set_problem (field, problem_for (problems, _fs_param_field_get_name (field)));
    }

  /* The mask is painted on the canvas and checked there (the window says
   * what it lacks); the panel answers for everything else. */
  for (guint i = 0; i < problems->len; i++)
    if (g_str_equal (((FsProblem *) g_ptr_array_index (problems, i))->field, "mask"))
      g_ptr_array_remove_index (problems, i--);

  if (problems->len > 0)
    set_state (self, ((FsProblem *) g_ptr_array_index (problems, 0))->message);
  else
    set_state (self, references);

  update_summary (self, request);
}

/* Building the fields ----------------------------------------------------- */

static void
preset_selected_cb (FsParamPanel *self)
{
  guint position = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->preset_drop_down));
  guint width;
  guint height;

  if (self->updating > 0 || position >= self->preset_sizes->len / 2)
    return;

  width = g_array_index (self->preset_sizes, guint, 2 * position);
  height = g_array_index (self->preset_sizes, guint, 2 * position + 1);
  g_hash_table_insert (self->current, g_strdup ("width"),
                       g_variant_ref_sink (g_variant_new_int64 (width)));
  g_hash_table_insert (self->current, g_strdup ("height"),
                       g_variant_ref_sink (g_variant_new_int64 (height)));
  show_values (self);
  changed (self);
}

static GtkWidget *
preset_row_new (FsParamPanel     *self,
                const FsSizeRule *rule)
{
  GtkWidget *row = adw_action_row_new ();

  g_clear_pointer (&self->preset_sizes, g_array_unref);
  self->preset_drop_down = _fs_param_size_presets_new (rule, &self->preset_sizes);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Preset"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->preset_drop_down);
  g_signal_connect_swapped (self->preset_drop_down, "notify::selected",
                            G_CALLBACK (preset_selected_cb), self);

  return row;
}

static void
show_seed_lock (FsParamPanel *self)
{
  gboolean locked = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->seed_lock));

  gtk_button_set_icon_name (GTK_BUTTON (self->seed_lock),
                            locked ? "changes-prevent-symbolic" : "changes-allow-symbolic");
  gtk_widget_set_tooltip_text (self->seed_lock,
                               locked ? _("Seed locked: every image uses this seed") :
                                        _("Seed unlocked: every image gets a new random seed"));
}

static void
seed_lock_toggled_cb (FsParamPanel *self)
{
  gboolean locked = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->seed_lock));
  FsParamField *field = find_field (self, "seed");

  show_seed_lock (self);
  if (self->updating > 0)
    return;

  self->seed_locked = locked;
  /* Locking an empty seed draws one now, so there is a seed to reuse. */
  if (locked && self->seed < 0 && field != NULL)
    self->seed = g_random_int_range (0, (gint32) MIN (fs_param_get_max (field->param), G_MAXINT32));
  show_values (self);
  changed (self);
}

static void
add_seed_lock (FsParamPanel *self,
               FsParamField *field)
{
  self->seed_lock = gtk_toggle_button_new ();
  gtk_widget_set_valign (self->seed_lock, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->seed_lock, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->seed_lock),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Lock seed"),
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (field->row), self->seed_lock);
  g_signal_connect_swapped (self->seed_lock, "toggled", G_CALLBACK (seed_lock_toggled_cb), self);
  show_seed_lock (self);
}

static void
clear_fields (FsParamPanel *self)
{
  GtkWidget *child;

  if (self->preset_drop_down != NULL)
    g_signal_handlers_disconnect_by_data (self->preset_drop_down, self);
  if (self->seed_lock != NULL)
    g_signal_handlers_disconnect_by_data (self->seed_lock, self);
  self->preset_drop_down = NULL;
  self->seed_lock = NULL;
  g_clear_pointer (&self->fields, g_ptr_array_unref);

  while ((child = gtk_widget_get_first_child (self->groups_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->groups_box), child);
}

static void
add_field (FsParamPanel     *self,
           GtkWidget       **groups,
           FsParam          *param,
           const FsSizeRule *rule)
{
  Section section = section_for (param);
  FsParamField *field;

  if (groups[section] == NULL)
    {
      groups[section] = adw_preferences_group_new ();
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (groups[section]),
                                       _(section_titles[section]));
    }

  if (g_str_equal (fs_param_get_name (param), "width") && rule != NULL &&
      rule->kind == FS_SIZE_DIMENSIONS)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (groups[section]),
                               preset_row_new (self, rule));

  field = _fs_param_field_new (self, param, rule);
  g_ptr_array_add (self->fields, field);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (groups[section]), field->row);

  if (g_str_equal (fs_param_get_name (param), "seed"))
    add_seed_lock (self, field);
}

static void
build_fields (FsParamPanel *self)
{
  g_autoptr(GPtrArray) params = NULL;
  GtkWidget *groups[N_SECTIONS] = { NULL, };
  const FsSizeRule *rule = current_rule (self);

  clear_fields (self);
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) _fs_param_field_free);
  if (self->model == NULL)
    return;

  params = fs_model_get_params (self->model, self->provider_id);
  for (guint i = 0; i < params->len; i++)
    add_field (self, groups, g_ptr_array_index (params, i), rule);

  for (guint i = 0; i < N_SECTIONS; i++)
    if (groups[i] != NULL)
      gtk_box_append (GTK_BOX (self->groups_box), groups[i]);
}

static GtkWidget *
note_new (const char *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-information-symbolic");
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (box, "fs-note");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);

  return box;
}

static void
build_notes (FsParamPanel *self)
{
  const char * const *notes = self->model ? fs_model_get_notes (self->model, self->provider_id) : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->notes_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->notes_box), child);

  for (guint i = 0; notes != NULL && notes[i] != NULL; i++)
    gtk_box_append (GTK_BOX (self->notes_box), note_new (notes[i]));

  gtk_widget_set_visible (self->notes_box, notes != NULL && notes[0] != NULL);
}

/* GObject ----------------------------------------------------------------- */

static void
fs_param_panel_dispose (GObject *object)
{
  FsParamPanel *self = FS_PARAM_PANEL (object);
  GtkWidget *child;

  if (self->groups_box != NULL)
    clear_fields (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->groups_box = NULL;
  self->notes_box = NULL;
  g_clear_object (&self->catalog);
  self->model = NULL;

  G_OBJECT_CLASS (fs_param_panel_parent_class)->dispose (object);
}

static void
fs_param_panel_finalize (GObject *object)
{
  FsParamPanel *self = FS_PARAM_PANEL (object);

  g_clear_pointer (&self->values, g_hash_table_unref);
  g_clear_pointer (&self->preset_sizes, g_array_unref);
  g_free (self->provider_id);
  g_free (self->model_id);
  g_free (self->prompt);
  g_free (self->output_format);
  g_free (self->problem);
  g_clear_pointer (&self->edit_source, fs_edit_source_free);

  G_OBJECT_CLASS (fs_param_panel_parent_class)->finalize (object);
}

static void
fs_param_panel_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FsParamPanel *self = FS_PARAM_PANEL (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_param_panel_class_init (FsParamPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_param_panel_dispose;
  object_class->finalize = fs_param_panel_finalize;
  object_class->get_property = fs_param_panel_get_property;

  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fs-param-panel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkWidget *
summary_new (FsParamPanel *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "fs-summary");
  self->summary_price = gtk_label_new (NULL);
  self->summary_size = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->summary_price), 0);
  gtk_label_set_xalign (GTK_LABEL (self->summary_size), 0);
  gtk_label_set_wrap (GTK_LABEL (self->summary_price), TRUE);
  gtk_widget_add_css_class (self->summary_price, "title-3");
  gtk_widget_add_css_class (self->summary_size, "dim-label");
  gtk_widget_add_css_class (self->summary_size, "numeric");
  gtk_widget_set_tooltip_text (box, _("Output size and the price of one call"));
  gtk_box_append (GTK_BOX (box), self->summary_price);
  gtk_box_append (GTK_BOX (box), self->summary_size);

  return box;
}

static void
fs_param_panel_init (FsParamPanel *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 18);

  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_hash_table_unref);
  self->seed = -1;

  self->notes_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_visible (self->notes_box, FALSE);
  gtk_widget_set_parent (self->notes_box, GTK_WIDGET (self));
  gtk_widget_set_parent (summary_new (self), GTK_WIDGET (self));
  self->groups_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_parent (self->groups_box, GTK_WIDGET (self));
}

/* Public API ---------------------------------------------------------------- */

FsParamPanel *
fs_param_panel_new (FsCatalog *catalog)
{
  FsParamPanel *self;

  g_return_val_if_fail (FS_IS_CATALOG (catalog), NULL);

  self = g_object_new (FS_TYPE_PARAM_PANEL, NULL);
  self->catalog = g_object_ref (catalog);

  return self;
}

void
fs_param_panel_set_model (FsParamPanel *self,
                          const char   *provider_id,
                          const char   *model_id)
{
  FsModel *model;

  g_return_if_fail (FS_IS_PARAM_PANEL (self));
  g_return_if_fail (provider_id != NULL && model_id != NULL);

  if (g_strcmp0 (self->provider_id, provider_id) == 0 &&
      g_strcmp0 (self->model_id, model_id) == 0)
    return;

  g_free (self->provider_id);
  g_free (self->model_id);
  self->provider_id = g_strdup (provider_id);
  self->model_id = g_strdup (model_id);

  model = fs_catalog_lookup (self->catalog, model_id);
  self->model = model != NULL && fs_model_has_provider (model, provider_id) ? model : NULL;
  self->current = self->model != NULL ? values_for_model (self) : NULL;

  build_notes (self);
  build_fields (self);
  if (self->model != NULL)
    show_values (self);
  changed (self);
}

void
fs_param_panel_set_prompt (FsParamPanel *self,
                           const char   *prompt)
{
  g_return_if_fail (FS_IS_PARAM_PANEL (self));

  if (g_strcmp0 (self->prompt, prompt) == 0)
    return;

  g_free (self->prompt);
  self->prompt = g_strdup (prompt);
  update_validity (self);
}

void
fs_param_panel_set_n_references (FsParamPanel *self,
                                 guint         n_references)
{
  g_return_if_fail (FS_IS_PARAM_PANEL (self));

  if (self->n_references == n_references)
    return;

  self->n_references = n_references;
  update_validity (self);
}

void
fs_param_panel_set_reference_megapixels (FsParamPanel *self,
                                         double        megapixels)
{
  g_return_if_fail (FS_IS_PARAM_PANEL (self));

  if (self->reference_megapixels == megapixels)
    return;

  self->reference_megapixels = megapixels;
  update_validity (self);
}

gboolean
fs_param_panel_get_valid (FsParamPanel *self)
{
  g_return_val_if_fail (FS_IS_PARAM_PANEL (self), FALSE);

  return self->valid;
}

const char *
fs_param_panel_get_problem (FsParamPanel *self)
{
  g_return_val_if_fail (FS_IS_PARAM_PANEL (self), NULL);

  return self->problem;
}

FsRequest *
fs_param_panel_build_request (FsParamPanel *self)
{
  FsRequest *request;
  GHashTableIter iter;
  gpointer name;
  gpointer value;

  g_return_val_if_fail (FS_IS_PARAM_PANEL (self), NULL);

  request = fs_request_new (self->provider_id ? self->provider_id : "sandbox",
                            self->model_id ? self->model_id : "");
  if (self->current == NULL)
    return request;

  g_hash_table_iter_init (&iter, self->current);
  while (g_hash_table_iter_next (&iter, &name, &value))
    if (fs_model_find_param (self->model, self->provider_id, name) != NULL)
      fs_request_set_param (request, name, value);

  /* An open lock leaves the seed unset: the core draws one and records
   * it with the image. */
  if (self->seed_locked && self->seed >= 0 && find_field (self, "seed") != NULL)
    fs_request_set_param (request, "seed", g_variant_new_int64 (self->seed));

  /* The image an edit changes goes with the request that edits it. */
  if (self->edit_source != NULL && self->model != NULL &&
      fs_model_get_image_wire (self->model, self->provider_id) != NULL)
    fs_request_set_image (request, self->edit_source);

  return request;
}

static void
load_values (FsParamPanel *self,
             FsRequest    *request)
{
  g_auto(GStrv) names = fs_request_list_params (request);
  gint64 seed;

  g_hash_table_remove_all (self->current);
  for (guint i = 0; names[i] != NULL; i++)
    {
      GVariant *value = fs_request_get_param (request, names[i]);

      if (!g_str_equal (names[i], "seed") && value != NULL)
        g_hash_table_insert (self->current, g_strdup (names[i]), g_variant_ref (value));
    }

  if (fs_request_get_int (request, "seed", &seed))
    {
      self->seed = seed;
      self->seed_locked = TRUE;
    }
}

void
fs_param_panel_load_request (FsParamPanel *self,
                             FsRequest    *request)
{
  g_return_if_fail (FS_IS_PARAM_PANEL (self));
  g_return_if_fail (FS_IS_REQUEST (request));

  fs_param_panel_set_model (self, fs_request_get_provider_id (request),
                            fs_request_get_model_id (request));
  if (self->current == NULL)
    return;

  load_values (self, request);
  show_values (self);
  changed (self);
}

/**
 * fs_param_panel_set_edit_source:
 * @self: the panel
 * @source: (nullable): the image the canvas shows
 *
 * The image a model that edits one changes: validated, sized and priced
 * with the panel's values, and set on the requests it builds.
 */
void
fs_param_panel_set_edit_source (FsParamPanel       *self,
                                const FsEditSource *source)
{
  g_return_if_fail (FS_IS_PARAM_PANEL (self));

  g_clear_pointer (&self->edit_source, fs_edit_source_free);
  self->edit_source = source != NULL ? fs_edit_source_copy (source) : NULL;
  update_validity (self);
}

/**
 * fs_param_panel_set_value:
 * @self: the panel
 * @name: a parameter of the current model
 * @value: its new value (floating references are taken)
 *
 * Shows @value as if it had been typed (the canvas's margins), and emits
 * "changed".
 */
void
fs_param_panel_set_value (FsParamPanel *self,
                          const char   *name,
                          GVariant     *value)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (value);

  g_return_if_fail (FS_IS_PARAM_PANEL (self));
  g_return_if_fail (name != NULL);

  if (self->current == NULL || fs_model_find_param (self->model, self->provider_id, name) == NULL)
    return;

  g_hash_table_insert (self->current, g_strdup (name), g_variant_ref (owned));
  show_values (self);
  changed (self);
}

/**
 * fs_param_panel_set_last_seed:
 * @self: the panel
 * @seed: the seed a finished job used
 *
 * Shows @seed while the seed is unlocked, so locking it reuses the seed
 * of the image just made.
 */
void
fs_param_panel_set_last_seed (FsParamPanel *self,
                              gint64        seed)
{
  g_return_if_fail (FS_IS_PARAM_PANEL (self));

  if (self->seed_locked || seed < 0 || seed == self->seed)
    return;

  self->seed = seed;
  if (self->fields != NULL)
    show_values (self);
}

/**
 * fs_param_panel_set_default_output_format:
 * @self: the panel
 * @format: (nullable): "jpeg", "png" or "webp"
 *
 * The output format a model shows until one is chosen for it, where the
 * model offers that format.
 */
void
fs_param_panel_set_default_output_format (FsParamPanel *self,
                                          const char   *format)
{
  g_return_if_fail (FS_IS_PARAM_PANEL (self));

  g_free (self->output_format);
  self->output_format = g_strdup (format);
}
