/* test-param-panel.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "fs-param-panel.h"
#include "fs-provider.h"
#include "fs-test-util.h"

static FsCatalog *catalog;

/* The accessibility contract, written out here rather than taken from
 * the widget, so a renamed field fails the test. */
static const struct
{
  const char *name;
  const char *label;
} contract[] = {
  { "width", "Width" },
  { "height", "Height" },
  { "aspect_ratio", "Aspect ratio" },
  { "seed", "Seed" },
  { "steps", "Steps" },
  { "guidance", "Guidance" },
  { "prompt_upsampling", "Prompt upsampling" },
  { "safety_tolerance", "Safety tolerance" },
  { "output_format", "Output format" },
  { "num_outputs", "Number of images" },
};

static const char *
expected_label (FsParam *param)
{
  for (guint i = 0; i < G_N_ELEMENTS (contract); i++)
    if (g_str_equal (fs_param_get_name (param), contract[i].name))
      return contract[i].label;

  return fs_param_get_label (param);
}

static FsParamPanel *
panel_new (void)
{
  FsParamPanel *panel = fs_param_panel_new (catalog);

  g_object_ref_sink (panel);
  fs_param_panel_set_prompt (panel, "a lighthouse at dusk in #1e88e5");
  return panel;
}

/* The fields: every value control, not the buttons beside them. */
static void
collect_controls (GtkWidget *widget,
                  GPtrArray *controls)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;
      if (GTK_IS_SPIN_BUTTON (child) || GTK_IS_SWITCH (child) ||
          GTK_IS_DROP_DOWN (child) || GTK_IS_ENTRY (child))
        g_ptr_array_add (controls, child);
      else
        collect_controls (child, controls);
    }
}

static guint
n_items (GtkWidget *drop_down)
{
  return g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (drop_down)));
}

static gboolean
has_name (GtkWidget  *widget,
          const char *name)
{
  g_autofree char *mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                                  name);
  return mismatch == NULL;
}

/* Every name any field could have: the catalog's and the contract's. */
static GPtrArray *
all_names (void)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char * const providers[] = { "bfl", "apiyi", "openai-compatible", "monica", "sandbox" };

  g_ptr_array_add (names, g_strdup ("Size preset"));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
    {
      g_autoptr(FsModel) model = g_list_model_get_item (G_LIST_MODEL (catalog), i);

      for (guint p = 0; p < G_N_ELEMENTS (providers); p++)
        {
          g_autoptr(GPtrArray) params = fs_model_get_params (model, providers[p]);

          for (guint j = 0; j < params->len; j++)
            {
              const char *label = expected_label (g_ptr_array_index (params, j));

              if (!g_ptr_array_find_with_equal_func (names, label, g_str_equal, NULL))
                g_ptr_array_add (names, g_strdup (label));
            }
        }
    }

  return names;
}

static GtkWidget *
find_control (FsParamPanel *panel,
              const char   *name)
{
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();

  collect_controls (GTK_WIDGET (panel), controls);
  for (guint i = 0; i < controls->len; i++)
    if (has_name (g_ptr_array_index (controls, i), name))
      return g_ptr_array_index (controls, i);

  return NULL;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static char *
join_sorted (GPtrArray *strings)
{
  g_ptr_array_sort (strings, compare_strings);
  g_ptr_array_add (strings, NULL);
  return g_strjoinv (", ", (char **) strings->pdata);
}

static char *
shown_names (FsParamPanel *panel,
             GPtrArray    *names)
{
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();

  collect_controls (GTK_WIDGET (panel), controls);
  for (guint i = 0; i < controls->len; i++)
    {
      const char *found = NULL;

      for (guint j = 0; j < names->len && found == NULL; j++)
        if (has_name (g_ptr_array_index (controls, i), g_ptr_array_index (names, j)))
          found = g_ptr_array_index (names, j);
      g_ptr_array_add (shown, (gpointer) (found ? found : "(unnamed)"));
    }

  return join_sorted (shown);
}

static char *
expected_names (FsModel    *model,
                const char *provider_id)
{
  g_autoptr(GPtrArray) params = fs_model_get_params (model, provider_id);
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  const FsSizeRule *rule = fs_model_get_size_rule (model, provider_id);

  for (guint i = 0; i < params->len; i++)
    g_ptr_array_add (expected, (gpointer) expected_label (g_ptr_array_index (params, i)));
  if (rule->kind == FS_SIZE_DIMENSIONS && fs_model_find_param (model, provider_id, "width"))
    g_ptr_array_add (expected, (gpointer) "Size preset");

  return join_sorted (expected);
}

static void
check_spin (GtkWidget *spin,
            FsParam   *param,
            const char *context)
{
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (spin));
  GVariant *fallback = fs_param_get_default (param);

  if (fs_param_has_range (param))
    {
      g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_lower (adjustment),
                                      fs_param_get_min (param), 1e-9);
      g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_upper (adjustment),
                                      fs_param_get_max (param), 1e-9);
    }
  if (fs_param_get_step (param) > 0)
    g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_step_increment (adjustment),
                                    fs_param_get_step (param), 1e-9);

  if (fallback == NULL)
    return;
  if (g_variant_is_of_type (fallback, G_VARIANT_TYPE_INT64))
    g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==,
                       (double) g_variant_get_int64 (fallback));
  else
    g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)),
                                    g_variant_get_double (fallback), 1e-9);
}

static void
check_default (GtkWidget  *control,
               FsParam    *param,
               const char *context)
{
  GVariant *fallback = fs_param_get_default (param);

  switch (fs_param_get_param_type (param))
    {
    case FS_PARAM_INT:
    case FS_PARAM_NUMBER:
      g_assert_true (GTK_IS_SPIN_BUTTON (control));
      check_spin (control, param, context);
      break;
    case FS_PARAM_BOOL:
      g_assert_true (GTK_IS_SWITCH (control));
      if (fallback != NULL)
        g_assert_cmpint (gtk_switch_get_active (GTK_SWITCH (control)), ==,
                         g_variant_get_boolean (fallback));
      break;
    case FS_PARAM_ENUM:
      g_assert_true (GTK_IS_DROP_DOWN (control));
      g_assert_cmpuint (n_items (control), ==,
                        g_strv_length ((char **) fs_param_get_choices (param)));
      if (fallback != NULL)
        {
          guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (control));

          g_assert_cmpstr (fs_param_get_choices (param)[selected], ==,
                           g_variant_get_string (fallback, NULL));
        }
      break;
    case FS_PARAM_STRING:
    default:
      g_assert_true (GTK_IS_ENTRY (control));
      break;
    }
}

/* Every model on every provider that serves it shows exactly its own
 * parameters, with the catalog's ranges and defaults. */
static void
test_whole_catalog (void)
{
  g_autoptr(FsParamPanel) panel = panel_new ();
  g_autoptr(GPtrArray) names = all_names ();
  guint n_checked = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
    {
      g_autoptr(FsModel) model = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      const char * const *providers = fs_model_get_providers (model);

      for (guint p = 0; providers[p] != NULL; p++)
        {
          g_autoptr(GPtrArray) params = fs_model_get_params (model, providers[p]);
          g_autofree char *context = g_strdup_printf ("%s on %s", fs_model_get_id (model),
                                                      providers[p]);
          g_autofree char *expected = expected_names (model, providers[p]);
          g_autofree char *shown = NULL;

          fs_param_panel_set_model (panel, providers[p], fs_model_get_id (model));
          shown = shown_names (panel, names);
          if (g_strcmp0 (shown, expected) != 0)
            g_error ("%s shows [%s], expected [%s]", context, shown, expected);

          for (guint j = 0; j < params->len; j++)
            {
              FsParam *param = g_ptr_array_index (params, j);
              GtkWidget *control = find_control (panel, expected_label (param));

              g_assert_nonnull (control);
              check_default (control, param, context);
            }
          n_checked++;
        }
    }

  g_assert_cmpuint (n_checked, >=, 40);
}

static gboolean
shows (FsParamPanel *panel,
       const char   *name)
{
  return find_control (panel, name) != NULL;
}

static void
test_families (void)
{
  g_autoptr(FsParamPanel) panel = panel_new ();
  const char * const klein[] = { "flux-2-klein-9b", "flux-2-klein-4b" };
  const char * const providers[] = { "bfl", "apiyi", "openai-compatible", "sandbox" };

  fs_param_panel_set_model (panel, "bfl", "flux-2-flex");
  g_assert_true (shows (panel, "Steps"));
  g_assert_true (shows (panel, "Guidance"));
  g_assert_true (shows (panel, "Prompt upsampling"));

  for (guint i = 0; i < G_N_ELEMENTS (klein); i++)
    for (guint p = 0; p < G_N_ELEMENTS (providers); p++)
      {
        fs_param_panel_set_model (panel, providers[p], klein[i]);
        g_assert_false (shows (panel, "Prompt upsampling"));
        g_assert_true (shows (panel, "Width"));
      }

  fs_param_panel_set_model (panel, "bfl", "flux-kontext-pro");
  g_assert_true (shows (panel, "Aspect ratio"));
  g_assert_false (shows (panel, "Width"));
  g_assert_false (shows (panel, "Height"));

  fs_param_panel_set_model (panel, "bfl", "flux-pro-1.1-ultra");
  g_assert_true (shows (panel, "Aspect ratio"));
  g_assert_false (shows (panel, "Width"));
  g_assert_true (shows (panel, "Raw"));
  g_assert_true (shows (panel, "Image prompt strength"));
}

static void
test_monica (void)
{
  g_autoptr(FsParamPanel) panel = panel_new ();
  GtkWidget *size;

  fs_param_panel_set_model (panel, "monica", "flux_pro");
  g_assert_false (shows (panel, "Number of images"));
  g_assert_false (shows (panel, "Width"));

  fs_param_panel_set_model (panel, "monica", "flux_schnell");
  g_assert_true (shows (panel, "Number of images"));

  fs_param_panel_set_model (panel, "monica", "flux_dev");
  g_assert_true (shows (panel, "Number of images"));
  size = find_control (panel, "Size");
  g_assert_true (GTK_IS_DROP_DOWN (size));
  g_assert_cmpuint (n_items (size), ==, 3);
}

static void
test_size_grid (void)
{
  g_autoptr(FsParamPanel) panel = panel_new ();
  GtkAdjustment *adjustment;

  fs_param_panel_set_model (panel, "bfl", "flux-dev");
  adjustment = gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (find_control (panel, "Width")));
  g_assert_cmpfloat (gtk_adjustment_get_step_increment (adjustment), ==, 32);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), ==, 1440);

  fs_param_panel_set_model (panel, "bfl", "flux-2-pro");
  adjustment = gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (find_control (panel, "Height")));
  g_assert_cmpfloat (gtk_adjustment_get_step_increment (adjustment), ==, 16);
}

static gboolean
label_contains (GtkWidget  *widget,
                const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_visible (child) &&
          strstr (gtk_label_get_text (GTK_LABEL (child)), text) != NULL)
        return TRUE;
      if (label_contains (child, text))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_invalid (GtkWidget *widget)
{
  g_autofree char *mismatch = gtk_test_accessible_check_state (GTK_ACCESSIBLE (widget),
                                                               GTK_ACCESSIBLE_STATE_INVALID,
                                                               GTK_ACCESSIBLE_INVALID_TRUE);
  return mismatch == NULL;
}

static void
test_invalid_width (void)
{
  g_autoptr(FsParamPanel) panel = panel_new ();
  GtkWidget *width;

  fs_param_panel_set_model (panel, "bfl", "flux-2-pro");
  g_assert_true (fs_param_panel_get_valid (panel));
  width = find_control (panel, "Width");

  gtk_editable_set_text (GTK_EDITABLE (width), "1000");
  g_assert_false (fs_param_panel_get_valid (panel));
  g_assert_true (gtk_widget_has_css_class (width, "error"));
  g_assert_true (is_invalid (width));
  g_assert_nonnull (strstr (fs_param_panel_get_problem (panel), "try 992 or 1008"));
  g_assert_true (label_contains (GTK_WIDGET (panel),
                                 "Width 1000 is not a multiple of 16 — try 992 or 1008"));
  g_assert_false (gtk_widget_has_css_class (find_control (panel, "Height"), "error"));

  /* Back to the value the spin button still holds: typed, not committed. */
  gtk_editable_set_text (GTK_EDITABLE (width), "1024");
  g_assert_true (fs_param_panel_get_valid (panel));
  gtk_editable_set_text (GTK_EDITABLE (width), "1000");
  g_assert_false (fs_param_panel_get_valid (panel));

  gtk_editable_set_text (GTK_EDITABLE (width), "1008");
  g_assert_true (fs_param_panel_get_valid (panel));
  g_assert_null (fs_param_panel_get_problem (panel));
  g_assert_false (gtk_widget_has_css_class (width, "error"));
  g_assert_false (is_invalid (width));
}

static void
test_empty_prompt_is_a_problem (void)
{
  g_autoptr(FsParamPanel) panel = panel_new ();

  fs_param_panel_set_model (panel, "sandbox", "flux-2-pro");
  g_assert_true (fs_param_panel_get_valid (panel));
  fs_param_panel_set_prompt (panel, "   ");
  g_assert_false (fs_param_panel_get_valid (panel));
  g_assert_nonnull (fs_param_panel_get_problem (panel));
}

static double
spin_value (FsParamPanel *panel,
            const char   *name)
{
  return gtk_spin_button_get_value (GTK_SPIN_BUTTON (find_control (panel, name)));
}

static void
test_values_kept (void)
{
  g_autoptr(FsParamPanel) panel = panel_new ();
  g_autoptr(FsRequest) request = NULL;
  gint64 width = 0;
  gint64 steps = 0;

  fs_param_panel_set_model (panel, "bfl", "flux-2-flex");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_control (panel, "Width")), 1440);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_control (panel, "Steps")), 30);

  fs_param_panel_set_model (panel, "bfl", "flux-dev");
  g_assert_cmpfloat (spin_value (panel, "Width"), ==, 1024);
  g_assert_cmpfloat (spin_value (panel, "Steps"), ==, 28);

  fs_param_panel_set_model (panel, "bfl", "flux-2-flex");
  g_assert_cmpfloat (spin_value (panel, "Width"), ==, 1440);
  g_assert_cmpfloat (spin_value (panel, "Steps"), ==, 30);

  request = fs_param_panel_build_request (panel);
  g_assert_true (fs_request_get_int (request, "width", &width));
  g_assert_true (fs_request_get_int (request, "steps", &steps));
  g_assert_cmpint (width, ==, 1440);
  g_assert_cmpint (steps, ==, 30);
  g_assert_cmpstr (fs_request_get_model_id (request), ==, "flux-2-flex");
}

static void
test_presets (void)
{
  g_autoptr(FsParamPanel) panel = panel_new ();
  g_autoptr(FsRequest) request = NULL;
  GtkDropDown *presets;
  GListModel *labels;
  gint64 width = 0;
  gint64 height = 0;
  guint wide = GTK_INVALID_LIST_POSITION;
  guint custom;

  fs_param_panel_set_model (panel, "bfl", "flux-2-pro");
  presets = GTK_DROP_DOWN (find_control (panel, "Size preset"));
  labels = gtk_drop_down_get_model (presets);
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    if (g_str_has_prefix (gtk_string_list_get_string (GTK_STRING_LIST (labels), i), "1920 × 1088"))
      wide = i;
  g_assert_cmpuint (wide, !=, GTK_INVALID_LIST_POSITION);
  custom = g_list_model_get_n_items (labels) - 1;
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), custom), ==, "Custom");

  gtk_drop_down_set_selected (presets, wide);
  request = fs_param_panel_build_request (panel);
  g_assert_true (fs_request_get_int (request, "width", &width));
  g_assert_true (fs_request_get_int (request, "height", &height));
  g_assert_cmpint (width, ==, 1920);
  g_assert_cmpint (height, ==, 1088);
  g_assert_true (fs_param_panel_get_valid (panel));

  /* A typed size that is no preset shows "Custom". */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_control (panel, "Width")), 1008);
  g_assert_cmpuint (gtk_drop_down_get_selected (presets), ==, custom);

  /* FLUX.1 has no preset wider than 1440. */
  fs_param_panel_set_model (panel, "bfl", "flux-pro-1.1");
  labels = gtk_drop_down_get_model (GTK_DROP_DOWN (find_control (panel, "Size preset")));
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    g_assert_null (strstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), i), "2048"));
}

static void
test_seed_lock (void)
{
  g_autoptr(FsParamPanel) panel = panel_new ();
  g_autoptr(FsRequest) unlocked = NULL;
  g_autoptr(FsRequest) locked = NULL;
  GtkWidget *seed;
  gint64 value = 0;

  fs_param_panel_set_model (panel, "sandbox", "flux-2-pro");
  unlocked = fs_param_panel_build_request (panel);
  g_assert_null (fs_request_get_param (unlocked, "seed"));

  fs_param_panel_set_last_seed (panel, 4242);
  seed = find_control (panel, "Seed");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (seed)), ==, "4242");
  g_clear_object (&unlocked);
  unlocked = fs_param_panel_build_request (panel);
  g_assert_null (fs_request_get_param (unlocked, "seed"));

  /* Typing a seed locks it. */
  gtk_editable_set_text (GTK_EDITABLE (seed), "77");
  locked = fs_param_panel_build_request (panel);
  g_assert_true (fs_request_get_int (locked, "seed", &value));
  g_assert_cmpint (value, ==, 77);
}

static void
test_price_and_notes (void)
{
  g_autoptr(FsParamPanel) panel = panel_new ();

  fs_param_panel_set_model (panel, "sandbox", "flux-2-pro");
  g_assert_true (label_contains (GTK_WIDGET (panel), "Free (offline sandbox)"));
  g_assert_true (label_contains (GTK_WIDGET (panel), "1.0 MP"));

  fs_param_panel_set_model (panel, "bfl", "flux-2-pro");
  g_assert_true (label_contains (GTK_WIDGET (panel), "from $0.03"));

  fs_param_panel_set_model (panel, "openai-compatible", "flux-2-pro");
  g_assert_true (label_contains (GTK_WIDGET (panel), "Price unknown"));

  fs_param_panel_set_model (panel, "bfl", "flux-2-max");
  g_assert_true (label_contains (GTK_WIDGET (panel), "Grounding search"));

  fs_param_panel_set_model (panel, "bfl", "flux-2-klein-4b");
  g_assert_true (label_contains (GTK_WIDGET (panel), "Prompt upsampling is ignored"));
}

static void
test_load_request (void)
{
  g_autoptr(FsParamPanel) panel = panel_new ();
  g_autoptr(FsRequest) request = fs_request_new ("bfl", "flux-kontext-pro");
  g_autoptr(FsRequest) built = NULL;
  gint64 seed = 0;

  fs_request_set_param (request, "aspect_ratio", g_variant_new_string ("16:9"));
  fs_request_set_param (request, "seed", g_variant_new_int64 (12345));
  fs_param_panel_set_model (panel, "sandbox", "flux-2-pro");
  fs_param_panel_load_request (panel, request);

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_control (panel, "Aspect ratio"))),
                   ==, "16:9");
  built = fs_param_panel_build_request (panel);
  g_assert_cmpstr (fs_request_get_provider_id (built), ==, "bfl");
  g_assert_cmpstr (fs_request_get_model_id (built), ==, "flux-kontext-pro");
  g_assert_true (fs_request_get_int (built, "seed", &seed));
  g_assert_cmpint (seed, ==, 12345);
}

int
main (int    argc,
      char **argv)
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  catalog = fs_test_load_catalog ();

  g_test_add_func ("/param-panel/whole-catalog", test_whole_catalog);
  g_test_add_func ("/param-panel/families", test_families);
  g_test_add_func ("/param-panel/monica", test_monica);
  g_test_add_func ("/param-panel/size-grid", test_size_grid);
  g_test_add_func ("/param-panel/invalid-width", test_invalid_width);
  g_test_add_func ("/param-panel/empty-prompt", test_empty_prompt_is_a_problem);
  g_test_add_func ("/param-panel/values-kept", test_values_kept);
  g_test_add_func ("/param-panel/presets", test_presets);
  g_test_add_func ("/param-panel/seed-lock", test_seed_lock);
  g_test_add_func ("/param-panel/price-and-notes", test_price_and_notes);
  g_test_add_func ("/param-panel/load-request", test_load_request);

  status = g_test_run ();
  g_object_unref (catalog);
  return status;
}
