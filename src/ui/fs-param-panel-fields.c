/* fs-param-panel-fields.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "fs-param-panel-private.h"
#include "fs-ui.h"

/* The accessible names of the product's accessibility contract: the
 * end-to-end tests find the fields by these, whatever the catalog's
 * label says. Other parameters use their catalog label. */
static const struct
{
  const char *name;
  const char *label;
} contract_labels[] = {
  { "width", N_("Width") },
  { "height", N_("Height") },
  { "aspect_ratio", N_("Aspect ratio") },
  { "seed", N_("Seed") },
  { "steps", N_("Steps") },
  { "guidance", N_("Guidance") },
  { "prompt_upsampling", N_("Prompt upsampling") },
  { "safety_tolerance", N_("Safety tolerance") },
  { "output_format", N_("Output format") },
  { "num_outputs", N_("Number of images") },
};

/* Choices are wire values; a few read better spelled out. */
static const struct
{
  const char *choice;
  const char *label;
} choice_labels[] = {
  { "jpeg", N_("JPEG") },
  { "png", N_("PNG") },
  { "webp", N_("WebP") },
};

const char *
_fs_param_contract_label (FsParam *param)
{
  const char *name = fs_param_get_name (param);

  for (guint i = 0; i < G_N_ELEMENTS (contract_labels); i++)
    if (g_str_equal (name, contract_labels[i].name))
      return _(contract_labels[i].label);

  return fs_param_get_label (param);
}

char *
_fs_param_format_choice (const char *name,
                         const char *choice)
{
  guint width;
  guint height;

  for (guint i = 0; i < G_N_ELEMENTS (choice_labels); i++)
    if (g_str_equal (choice, choice_labels[i].choice))
      return g_strdup (_(choice_labels[i].label));

  if (g_str_equal (name, "size") && fs_size_parse (choice, &width, &height))
    /* Translators: an image size in pixels, width × height */
    return g_strdup_printf (_("%u × %u"), width, height);

  return g_strdup (choice);
}

const char *
_fs_param_field_get_name (FsParamField *field)
{
  return fs_param_get_name (field->param);
}

static gboolean
is_seed (FsParamField *field)
{
  return g_str_equal (_fs_param_field_get_name (field), "seed");
}

/* Spin buttons ---------------------------------------------------------- */

static guint
digits_for_step (double step)
{
  guint digits = 0;

  while (digits < 4 && fabs (step - round (step)) > 1e-9)
    {
      step *= 10;
      digits++;
    }

  return digits;
}

static double
spin_step (FsParam *param)
{
  double step = fs_param_get_step (param);

  if (step > 0)
    return step;

  return fs_param_get_param_type (param) == FS_PARAM_INT ? 1 : 0.1;
}

/* Typed text counts as soon as it is a number, before the spin button
 * commits it on Enter or focus-out, so validation follows the keyboard. */
static gboolean
parse_number (const char *text,
              double     *value)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;

  if (copy[0] == '\0')
    return FALSE;

  *value = g_strtod (copy, &end);
  return end != copy && *end == '\0' && isfinite (*value);
}

static gboolean
spin_output_cb (GtkSpinButton *spin,
                FsParamField  *field)
{
  if (!field->auto_value)
    return FALSE;

  gtk_editable_set_text (GTK_EDITABLE (spin),
                         /* Translators: shown in a number field left to the provider */
                         is_seed (field) ? _("Random") : _("Auto"));
  return TRUE;
}

/* The user changed @field (not the panel, while it shows values): it no
 * longer follows the provider's default. */
static void
field_edited (FsParamField *field)
{
  if (_fs_param_panel_is_updating (field->panel))
    return;

  field->auto_value = FALSE;
  _fs_param_panel_field_edited (field->panel, field);
}

static void
spin_value_changed_cb (GtkSpinButton *spin,
                       FsParamField  *field)
{
  field_edited (field);
}

static void
spin_text_changed_cb (GtkEditable  *editable,
                      FsParamField *field)
{
  double value;

  /* Also when the spin button merely shows its own value again: the
   * typed text may have differed from the value it committed last. */
  if (parse_number (gtk_editable_get_text (editable), &value))
    field_edited (field);
}

static GtkWidget *
spin_new (FsParamField *field)
{
  FsParam *param = field->param;
  gboolean has_range = fs_param_has_range (param);
  double min = has_range ? MAX (fs_param_get_min (param), -1e15) : 0;
  double max = has_range ? MIN (fs_param_get_max (param), 1e16) : 1e9;
  double step = spin_step (param);
  GVariant *fallback = fs_param_get_default (param);
  GtkAdjustment *adjustment;
  GtkWidget *spin;
  guint digits;

  digits = fs_param_get_param_type (param) == FS_PARAM_INT ? 0 : digits_for_step (step);
  adjustment = gtk_adjustment_new (min, min, max, step, step * 10, 0);
  spin = gtk_spin_button_new (adjustment, step, digits);
  gtk_spin_button_set_snap_to_ticks (GTK_SPIN_BUTTON (spin), FALSE);
  gtk_spin_button_set_update_policy (GTK_SPIN_BUTTON (spin), GTK_UPDATE_IF_VALID);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), is_seed (field) ? 12 : 6);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  field->auto_value = fallback == NULL;

  g_signal_connect (spin, "output", G_CALLBACK (spin_output_cb), field);
  g_signal_connect (spin, "value-changed", G_CALLBACK (spin_value_changed_cb), field);
  g_signal_connect (spin, "changed", G_CALLBACK (spin_text_changed_cb), field);

  return spin;
}

static GVariant *
spin_read (FsParamField *field)
{
  GtkSpinButton *spin = GTK_SPIN_BUTTON (field->control);
  double value;

  if (!parse_number (gtk_editable_get_text (GTK_EDITABLE (spin)), &value))
    {
      if (field->auto_value)
        return NULL;
      value = gtk_spin_button_get_value (spin);
    }

  if (fs_param_get_param_type (field->param) == FS_PARAM_INT)
    return g_variant_new_int64 ((gint64) round (value));

  return g_variant_new_double (value);
}

static void
spin_show (FsParamField *field,
           GVariant     *value)
{
  GtkSpinButton *spin = GTK_SPIN_BUTTON (field->control);
  g_autofree char *text = NULL;
  double number;

  field->auto_value = value == NULL;
  if (value == NULL)
    {
      spin_output_cb (spin, field);
      return;
    }

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    number = g_variant_get_int64 (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    number = g_variant_get_double (value);
  else
    return;

  gtk_spin_button_set_value (spin, number);
  /* Shown as given even when outside the range, so the problem under
   * the field matches what the field says. */
  text = g_strdup_printf ("%.*f", gtk_spin_button_get_digits (spin), number);
  gtk_editable_set_text (GTK_EDITABLE (spin), text);
}

/* Switches, drop-downs and entries --------------------------------------- */

static void
control_edited_cb (GtkWidget    *control,
                   GParamSpec   *pspec,
                   FsParamField *field)
{
  field_edited (field);
}

static void
entry_changed_cb (GtkEditable  *editable,
                  FsParamField *field)
{
  field_edited (field);
}

static GtkWidget *
switch_new (FsParamField *field)
{
  GtkWidget *toggle = gtk_switch_new ();

  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (field->row), toggle);
  field->auto_value = fs_param_get_default (field->param) == NULL;
  g_signal_connect (toggle, "notify::active", G_CALLBACK (control_edited_cb), field);

  return toggle;
}

static GtkWidget *
drop_down_new (FsParamField *field)
{
  const char * const *choices = fs_param_get_choices (field->param);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *drop_down;

  for (guint i = 0; choices != NULL && choices[i] != NULL; i++)
    {
      g_autofree char *label = _fs_param_format_choice (_fs_param_field_get_name (field),
                                                        choices[i]);
      gtk_string_list_append (labels, label);
    }

  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
  gtk_widget_set_valign (drop_down, GTK_ALIGN_CENTER);
  field->auto_value = fs_param_get_default (field->param) == NULL;
  g_signal_connect (drop_down, "notify::selected", G_CALLBACK (control_edited_cb), field);

  return drop_down;
}

static GtkWidget *
entry_new (FsParamField     *field,
           const FsSizeRule *rule)
{
  GVariant *fallback = fs_param_get_default (field->param);
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 6);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 7);
  gtk_entry_set_alignment (GTK_ENTRY (entry), 1.0);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  if (fallback != NULL && g_variant_is_of_type (fallback, G_VARIANT_TYPE_STRING))
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), g_variant_get_string (fallback, NULL));
  field->auto_value = fallback == NULL;
  g_signal_connect (entry, "changed", G_CALLBACK (entry_changed_cb), field);

  return entry;
}

static GtkWidget *
control_new (FsParamField     *field,
             const FsSizeRule *rule)
{
  switch (fs_param_get_param_type (field->param))
    {
    case FS_PARAM_INT:
    case FS_PARAM_NUMBER:
      return spin_new (field);
    case FS_PARAM_BOOL:
      return switch_new (field);
    case FS_PARAM_ENUM:
      return drop_down_new (field);
    case FS_PARAM_STRING:
    default:
      return entry_new (field, rule);
    }
}

static void
describe_control (FsParamField *field)
{
  const char *description = fs_param_get_description (field->param);

  gtk_accessible_update_property (GTK_ACCESSIBLE (field->control),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _fs_param_contract_label (field->param),
                                  -1);
  if (field->message != NULL)
    description = field->message;
  if (description != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (field->control),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                    -1);
}

FsParamField *
_fs_param_field_new (FsParamPanel     *panel,
                     FsParam          *param,
                     const FsSizeRule *rule)
{
  FsParamField *field = g_new0 (FsParamField, 1);
  const char *unit = fs_param_get_unit (param);

  field->panel = panel;
  field->param = param;
  field->note = g_strdup (fs_param_get_note (param));

  field->row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (field->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field->row),
                                 _fs_param_contract_label (param));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (field->row), field->note ? field->note : "");
  gtk_widget_set_tooltip_text (field->row, fs_param_get_description (param));

  field->control = control_new (field, rule);
  describe_control (field);
  adw_action_row_add_suffix (ADW_ACTION_ROW (field->row), field->control);

  if (unit != NULL && g_str_equal (unit, "px"))
    {
      /* Translators: the unit after a width or height field, pixels */
      GtkWidget *label = gtk_label_new (_("px"));

      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (field->row), label);
    }

  if (g_str_equal (fs_param_get_name (param), "aspect_ratio") && rule != NULL &&
      rule->kind == FS_SIZE_ASPECT_RATIO)
    adw_action_row_add_suffix (ADW_ACTION_ROW (field->row),
                               _fs_param_aspect_menu_new (rule, GTK_EDITABLE (field->control)));

  return field;
}

void
_fs_param_field_free (FsParamField *field)
{
  /* The row may outlive the field for a moment (an accessibility
   * context holding a reference); its signals must not reach us. */
  g_signal_handlers_disconnect_by_data (field->control, field);
  g_free (field->note);
  g_free (field->message);
  g_free (field);
}

GVariant *
_fs_param_field_read (FsParamField *field)
{
  const char * const *choices;
  const char *text;
  guint selected;

  switch (fs_param_get_param_type (field->param))
    {
    case FS_PARAM_INT:
    case FS_PARAM_NUMBER:
      return spin_read (field);

    case FS_PARAM_BOOL:
      if (field->auto_value)
        return NULL;
      return g_variant_new_boolean (gtk_switch_get_active (GTK_SWITCH (field->control)));

    case FS_PARAM_ENUM:
      choices = fs_param_get_choices (field->param);
      selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (field->control));
      if (field->auto_value || choices == NULL || selected >= g_strv_length ((char **) choices))
        return NULL;
      return g_variant_new_string (choices[selected]);

    case FS_PARAM_STRING:
    default:
      text = gtk_editable_get_text (GTK_EDITABLE (field->control));
      if (text[0] == '\0')
        return NULL;
      return g_variant_new_take_string (g_strstrip (g_strdup (text)));
    }
}

static void
drop_down_show (FsParamField *field,
                GVariant     *value)
{
  const char * const *choices = fs_param_get_choices (field->param);
  guint position = GTK_INVALID_LIST_POSITION;

  field->auto_value = value == NULL;
  if (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    for (guint i = 0; choices != NULL && choices[i] != NULL; i++)
      if (g_str_equal (choices[i], g_variant_get_string (value, NULL)))
        position = i;

  gtk_drop_down_set_selected (GTK_DROP_DOWN (field->control), position);
}

void
_fs_param_field_show (FsParamField *field,
                      GVariant     *value)
{
  switch (fs_param_get_param_type (field->param))
    {
    case FS_PARAM_INT:
    case FS_PARAM_NUMBER:
      spin_show (field, value);
      break;

    case FS_PARAM_BOOL:
      field->auto_value = value == NULL;
      gtk_switch_set_active (GTK_SWITCH (field->control),
                             value != NULL &&
                             g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN) &&
                             g_variant_get_boolean (value));
      break;

    case FS_PARAM_ENUM:
      drop_down_show (field, value);
      break;

    case FS_PARAM_STRING:
    default:
      field->auto_value = value == NULL;
      gtk_editable_set_text (GTK_EDITABLE (field->control),
                             value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING) ?
                             g_variant_get_string (value, NULL) : "");
      break;
    }
}

void
_fs_param_field_set_problem (FsParamField *field,
                             const char   *message)
{
  if (g_strcmp0 (field->message, message) == 0)
    return;

  g_free (field->message);
  field->message = g_strdup (message);

  fs_ui_set_invalid (field->control, message != NULL);
  fs_ui_set_css_class (field->row, "fs-invalid", message != NULL);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (field->row),
                               message ? message : field->note ? field->note : "");
  describe_control (field);
}
