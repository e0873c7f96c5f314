/* fs-request.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "fs-error.h"
#include "fs-provider.h"
#include "fs-request.h"

/* A request holds what the user asked, by catalog name, and nothing the
 * provider decides: unset parameters stay unset so that the record says
 * exactly what was chosen. Validation compares it with the model's rules
 * on the request's provider and names every problem at once.
 *
 * Ownership: fs_request_get_param() and fs_request_get_references() return
 * borrowed pointers; the request keeps them alive while it is unchanged.
 */

struct _FsRequest
{
  GObject     parent_instance;

  char       *provider_id;
  char       *model_id;
  char       *prompt;
  GHashTable *params;      /* name → GVariant */
  GPtrArray  *references;  /* FsReference, tray order */
};

G_DEFINE_FINAL_TYPE (FsRequest, fs_request, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROVIDER_ID,
  PROP_MODEL_ID,
  PROP_PROMPT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A rough but safe token estimate: English averages about four characters
 * a token, and counting that way never refuses a prompt the model takes. */
#define CHARS_PER_TOKEN 4

void
fs_problem_free (FsProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->field);
  g_free (problem->message);
  g_clear_pointer (&problem->suggestion, g_variant_unref);
  g_free (problem);
}

/* GObject */

static void
fs_request_finalize (GObject *object)
{
  FsRequest *self = (FsRequest *) object;

  g_free (self->provider_id);
  g_free (self->model_id);
  g_free (self->prompt);
  g_clear_pointer (&self->params, g_hash_table_unref);
  g_clear_pointer (&self->references, g_ptr_array_unref);

  G_OBJECT_CLASS (fs_request_parent_class)->finalize (object);
}

static void
fs_request_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FsRequest *self = FS_REQUEST (object);

  switch (prop_id)
    {
    case PROP_PROVIDER_ID:
      g_value_set_string (value, self->provider_id);
      break;

    case PROP_MODEL_ID:
      g_value_set_string (value, self->model_id);
      break;

    case PROP_PROMPT:
      g_value_set_string (value, self->prompt);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_request_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  FsRequest *self = FS_REQUEST (object);

  switch (prop_id)
    {
    case PROP_PROVIDER_ID:
      self->provider_id = g_value_dup_string (value);
      break;

    case PROP_MODEL_ID:
      self->model_id = g_value_dup_string (value);
      break;

    case PROP_PROMPT:
      fs_request_set_prompt (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_request_class_init (FsRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fs_request_finalize;
  object_class->get_property = fs_request_get_property;
  object_class->set_property = fs_request_set_property;

  properties[PROP_PROVIDER_ID] =
    g_param_spec_string ("provider-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MODEL_ID] =
    g_param_spec_string ("model-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROMPT] =
    g_param_spec_string ("prompt", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fs_request_init (FsRequest *self)
{
  self->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_variant_unref);
  self->references = g_ptr_array_new_with_free_func (g_object_unref);
}

FsRequest *
fs_request_new (const char *provider_id,
                const char *model_id)
{
  g_return_val_if_fail (provider_id != NULL, NULL);
  g_return_val_if_fail (model_id != NULL, NULL);

  return g_object_new (FS_TYPE_REQUEST,
                       "provider-id", provider_id,
                       "model-id", model_id,
                       NULL);
}

/* Parameter values are immutable GVariants and references immutable
 * objects, so sharing them gives a copy that nothing can change. */
FsRequest *
fs_request_copy (FsRequest *self)
{
  FsRequest *copy;
  GHashTableIter iter;
  gpointer name;
  gpointer value;

  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);

  copy = fs_request_new (self->provider_id, self->model_id);
  copy->prompt = g_strdup (self->prompt);

  g_hash_table_iter_init (&iter, self->params);
  while (g_hash_table_iter_next (&iter, &name, &value))
    g_hash_table_insert (copy->params, g_strdup (name), g_variant_ref (value));

  for (guint i = 0; i < self->references->len; i++)
    g_ptr_array_add (copy->references, g_object_ref (g_ptr_array_index (self->references, i)));

  return copy;
}

const char *
fs_request_get_provider_id (FsRequest *self)
{
  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);

  return self->provider_id;
}

const char *
fs_request_get_model_id (FsRequest *self)
{
  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);

  return self->model_id;
}

const char *
fs_request_get_prompt (FsRequest *self)
{
  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);

  return self->prompt;
}

void
fs_request_set_prompt (FsRequest  *self,
                       const char *prompt)
{
  g_return_if_fail (FS_IS_REQUEST (self));
  g_return_if_fail (prompt == NULL || g_utf8_validate (prompt, -1, NULL));

  if (g_strcmp0 (self->prompt, prompt) == 0)
    return;

  g_free (self->prompt);
  self->prompt = g_strdup (prompt);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROMPT]);
}

/* Parameters */

void
fs_request_set_param (FsRequest  *self,
                      const char *name,
                      GVariant   *value)
{
  g_return_if_fail (FS_IS_REQUEST (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  g_hash_table_insert (self->params, g_strdup (name), g_variant_ref_sink (value));
}

/* Borrowed, or NULL when unset. */
GVariant *
fs_request_get_param (FsRequest  *self,
                      const char *name)
{
  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->params, name);
}

void
fs_request_unset_param (FsRequest  *self,
                        const char *name)
{
  g_return_if_fail (FS_IS_REQUEST (self));
  g_return_if_fail (name != NULL);

  g_hash_table_remove (self->params, name);
}

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names of the set parameters, sorted so records and problems come
 * out in the same order every time. */
GStrv
fs_request_list_params (FsRequest *self)
{
  g_autofree const char **names = NULL;
  guint n_names = 0;

  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);

  names = (const char **) g_hash_table_get_keys_as_array (self->params, &n_names);
  g_qsort_with_data (names, n_names, sizeof (char *), compare_names, NULL);
  return g_strdupv ((char **) names);
}

/* Any integer GVariant, as long as it fits a gint64. */
static gboolean
variant_get_int (GVariant *value,
                 gint64   *out)
{
  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_BYTE:
      *out = g_variant_get_byte (value);
      return TRUE;
    case G_VARIANT_CLASS_INT16:
      *out = g_variant_get_int16 (value);
      return TRUE;
    case G_VARIANT_CLASS_UINT16:
      *out = g_variant_get_uint16 (value);
      return TRUE;
    case G_VARIANT_CLASS_INT32:
      *out = g_variant_get_int32 (value);
      return TRUE;
    case G_VARIANT_CLASS_UINT32:
      *out = g_variant_get_uint32 (value);
      return TRUE;
    case G_VARIANT_CLASS_INT64:
      *out = g_variant_get_int64 (value);
      return TRUE;
    case G_VARIANT_CLASS_UINT64:
      *out = (gint64) g_variant_get_uint64 (value);
      return g_variant_get_uint64 (value) <= G_MAXINT64;
    default:
      return FALSE;
    }
}

static gboolean
variant_get_number (GVariant *value,
                    double   *out)
{
  gint64 integer;

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    {
      *out = g_variant_get_double (value);
      return isfinite (*out);
    }

  if (!variant_get_int (value, &integer))
    return FALSE;

  *out = (double) integer;
  return TRUE;
}

/* FALSE when unset or not an integer. */
gboolean
fs_request_get_int (FsRequest  *self,
                    const char *name,
                    gint64     *value)
{
  GVariant *variant;
  gint64 integer;

  g_return_val_if_fail (FS_IS_REQUEST (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  variant = g_hash_table_lookup (self->params, name);
  if (variant == NULL || !variant_get_int (variant, &integer))
    return FALSE;

  if (value != NULL)
    *value = integer;
  return TRUE;
}

/* References */

void
fs_request_add_reference (FsRequest   *self,
                          FsReference *reference)
{
  g_return_if_fail (FS_IS_REQUEST (self));
  g_return_if_fail (FS_IS_REFERENCE (reference));

  g_ptr_array_add (self->references, g_object_ref (reference));
}

/* Borrowed: the request's own array of FsReference, in tray order. */
GPtrArray *
fs_request_get_references (FsRequest *self)
{
  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);

  return self->references;
}

/* Output size */

static const char *
get_string_param (FsRequest  *self,
                  const char *name,
                  const char *fallback)
{
  GVariant *value = g_hash_table_lookup (self->params, name);

  if (value == NULL)
    return fallback;

  return g_variant_is_of_type (value, G_VARIANT_TYPE_STRING) ?
         g_variant_get_string (value, NULL) : NULL;
}

static gboolean
get_dimension (FsRequest  *self,
               const char *name,
               guint       fallback,
               guint      *out)
{
  GVariant *value = g_hash_table_lookup (self->params, name);
  gint64 integer;

  if (value == NULL)
    {
      *out = fallback;
      return TRUE;
    }

  if (!variant_get_int (value, &integer) || integer <= 0 || integer > G_MAXUINT)
    return FALSE;

  *out = (guint) integer;
  return TRUE;
}

gboolean
fs_request_get_output_size (FsRequest *self,
                            FsModel   *model,
                            guint     *width,
                            guint     *height)
{
  const FsSizeRule *rule;
  g_autofree char *fixed_default = NULL;

  g_return_val_if_fail (FS_IS_REQUEST (self), FALSE);
  g_return_val_if_fail (FS_IS_MODEL (model), FALSE);
  g_return_val_if_fail (width != NULL && height != NULL, FALSE);

  rule = fs_model_get_size_rule (model, self->provider_id);
  if (rule == NULL)
    return FALSE;

  switch (rule->kind)
    {
    case FS_SIZE_DIMENSIONS:
      return get_dimension (self, "width", rule->default_width, width) &&
             get_dimension (self, "height", rule->default_height, height);

    case FS_SIZE_ASPECT_RATIO:
      return fs_size_rule_get_aspect_size (rule,
                                           get_string_param (self, "aspect_ratio",
                                                             rule->default_aspect),
                                           width, height);

    case FS_SIZE_FIXED:
    default:
      fixed_default = g_strdup_printf ("%ux%u", rule->default_width, rule->default_height);
      return fs_size_parse (get_string_param (self, "size", fixed_default), width, height);
    }
}

/* Validation */

typedef struct
{
  FsRequest  *request;
  FsModel    *model;
  GPtrArray  *problems;
} Check;

static void add_problem (Check      *check,
                         const char *field,
                         GVariant   *suggestion,
                         const char *format,
                         ...) G_GNUC_PRINTF (4, 5);

static void
add_problem (Check      *check,
             const char *field,
             GVariant   *suggestion,
             const char *format,
             ...)
{
  FsProblem *problem = g_new0 (FsProblem, 1);
  va_list args;

  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);

  /* The problem owns the suggestion: a floating one or the reference given. */
  problem->field = g_strdup (field);
  problem->suggestion = suggestion != NULL ? g_variant_take_ref (suggestion) : NULL;
  g_ptr_array_add (check->problems, problem);
}

static const char *
provider_name (const char *provider_id)
{
  const FsProviderInfo *info = fs_provider_info_lookup (provider_id);

  return info != NULL ? _(info->name) : provider_id;
}

/* "a", "a or b", "a, b or c" */
static char *
join_alternatives (const char * const *items)
{
  GString *text = g_string_new (NULL);
  guint n_items = g_strv_length ((char **) items);

  for (guint i = 0; i < n_items; i++)
    {
      if (i > 0)
        /* Translators: separates the last two of a list of choices */
        g_string_append (text, i + 1 == n_items ? _(" or ") : ", ");
      g_string_append (text, items[i]);
    }

  return g_string_free (text, FALSE);
}

static void
check_prompt (Check *check)
{
  const char *prompt = check->request->prompt;
  guint max_chars = fs_model_get_prompt_max_chars (check->model);
  guint max_tokens = fs_model_get_prompt_max_tokens (check->model);
  g_autofree char *stripped = g_strstrip (g_strdup (prompt != NULL ? prompt : ""));
  glong length;

  if (stripped[0] == '\0')
    {
      add_problem (check, "prompt", NULL, _("Prompt is empty"));
      return;
    }

  length = g_utf8_strlen (prompt, -1);
  if (max_chars == 0 || length <= (glong) max_chars)
    return;

  if (max_tokens > 0)
    add_problem (check, "prompt", NULL,
                 /* Translators: an estimated token count, a model name, a token limit */
                 _("This prompt is about %ld tokens; %s takes at most %u tokens"),
                 (length + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN,
                 fs_model_get_name (check->model), max_tokens);
  else
    add_problem (check, "prompt", NULL,
                 /* Translators: a model name, a character limit, the prompt's length */
                 _("%s takes at most %u characters; this prompt has %ld"),
                 fs_model_get_name (check->model), max_chars, length);
}

/* Parameter values */

static char *
format_value (FsParam *param,
              double   value)
{
  if (fs_param_get_param_type (param) == FS_PARAM_INT)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);

  return g_strdup_printf ("%g", value);
}

static GVariant *
typed_value (FsParam *param,
             double   value)
{
  if (fs_param_get_param_type (param) == FS_PARAM_INT)
    return g_variant_new_int64 ((gint64) llround (value));

  /* Grid arithmetic leaves noise such as 0.15000000000000002. */
  return g_variant_new_double (round (value * 1e9) / 1e9);
}

static GVariant *
default_suggestion (FsParam *param)
{
  GVariant *fallback = fs_param_get_default (param);

  return fallback != NULL ? g_variant_ref (fallback) : NULL;
}

static gboolean
on_grid (FsParam *param,
         double   value,
         double  *lower)
{
  double step = fs_param_get_step (param);
  double base = fs_param_get_min (param) > -G_MAXDOUBLE / 2 ? fs_param_get_min (param) : 0;
  double k;

  if (step <= 0)
    return TRUE;

  k = (value - base) / step;
  *lower = base + floor (k) * step;
  return fabs (k - round (k)) < 1e-6;
}

/* Off the grid: offer the grid values on either side that are allowed,
 * suggesting the nearer (the lower on a tie, the safer for pixel caps). */
static void
check_grid (Check   *check,
            FsParam *param,
            double   value)
{
  double lower = 0;
  double upper;
  gboolean lower_ok;
  gboolean upper_ok;
  g_autofree char *shown = NULL;
  g_autofree char *grid = NULL;
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;

  if (on_grid (param, value, &lower))
    return;

  upper = lower + fs_param_get_step (param);
  lower_ok = lower >= fs_param_get_min (param);
  upper_ok = upper <= fs_param_get_max (param);
  shown = format_value (param, value);
  grid = format_value (param, fs_param_get_step (param));
  low = format_value (param, lower);
  high = format_value (param, upper);

  if (lower_ok && upper_ok)
    add_problem (check, fs_param_get_name (param),
                 typed_value (param, value - lower <= upper - value ? lower : upper),
                 /* Translators: a parameter, its value, the grid step, two allowed values */
                 _("%s %s is not a multiple of %s — try %s or %s"),
                 fs_param_get_label (param), shown, grid, low, high);
  else
    add_problem (check, fs_param_get_name (param),
                 typed_value (param, lower_ok ? lower : upper),
                 /* Translators: a parameter, its value, the grid step, an allowed value */
                 _("%s %s is not a multiple of %s — try %s"),
                 fs_param_get_label (param), shown, grid, lower_ok ? low : high);
}

static void
check_range (Check   *check,
             FsParam *param,
             double   value)
{
  const char *label = fs_param_get_label (param);
  const char *name = fs_param_get_name (param);
  double min = fs_param_get_min (param);
  double max = fs_param_get_max (param);
  g_autofree char *shown = format_value (param, value);
  g_autofree char *min_text = format_value (param, min);
  g_autofree char *max_text = format_value (param, max);

  if (value < min)
    add_problem (check, name, typed_value (param, min),
                 /* Translators: a parameter, its value, the minimum twice */
                 _("%s %s is below the minimum of %s — try %s"),
                 label, shown, min_text, min_text);
  else if (value > max)
    add_problem (check, name, typed_value (param, max),
                 /* Translators: a parameter, its value, the maximum twice */
                 _("%s %s is above the maximum of %s — try %s"),
                 label, shown, max_text, max_text);
  else
    check_grid (check, param, value);
}

static void
check_enum (Check    *check,
            FsParam  *param,
            GVariant *value)
{
  const char * const *choices = fs_param_get_choices (param);
  g_autofree char *alternatives = join_alternatives (choices);
  GVariant *fallback = fs_param_get_default (param);
  GVariant *suggestion = fallback != NULL ? g_variant_ref (fallback) :
                         g_variant_new_string (choices[0]);

  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    add_problem (check, fs_param_get_name (param), suggestion,
                 /* Translators: a parameter, then its choices */
                 _("%s must be one of %s"),
                 fs_param_get_label (param), alternatives);
  else if (!g_strv_contains (choices, g_variant_get_string (value, NULL)))
    add_problem (check, fs_param_get_name (param), suggestion,
                 /* Translators: a parameter, its value, then its choices */
                 _("%s “%s” is not available — try %s"),
                 fs_param_get_label (param), g_variant_get_string (value, NULL),
                 alternatives);
  else
    g_variant_unref (suggestion);
}

static void
check_value (Check    *check,
             FsParam  *param,
             GVariant *value)
{
  const char *label = fs_param_get_label (param);
  const char *name = fs_param_get_name (param);
  double number;
  gint64 integer;

  switch (fs_param_get_param_type (param))
    {
    case FS_PARAM_INT:
      if (variant_get_int (value, &integer))
        check_range (check, param, (double) integer);
      else
        add_problem (check, name, default_suggestion (param),
                     _("%s must be a whole number"), label);
      break;

    case FS_PARAM_NUMBER:
      if (variant_get_number (value, &number))
        check_range (check, param, number);
      else
        add_problem (check, name, default_suggestion (param),
                     _("%s must be a number"), label);
      break;

    case FS_PARAM_BOOL:
      if (!g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
        add_problem (check, name, default_suggestion (param),
                     _("%s must be on or off"), label);
      break;

    case FS_PARAM_ENUM:
      check_enum (check, param, value);
      break;

    case FS_PARAM_STRING:
    default:
      if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        add_problem (check, name, default_suggestion (param),
                     _("%s must be text"), label);
      break;
    }
}

/* Size rules */

static void
check_aspect_ratio (Check            *check,
                    FsParam          *param,
                    const FsSizeRule *rule,
                    GVariant         *value)
{
  const char *text = g_variant_get_string (value, NULL);
  const char *label = fs_param_get_label (param);
  double ratio;

  if (!fs_aspect_ratio_parse (text, &ratio))
    add_problem (check, "aspect_ratio", g_variant_new_string (rule->default_aspect),
                 /* Translators: the parameter, its value, the default ratio */
                 _("%s “%s” is not in the form W:H, such as 16:9 — try %s"),
                 label, text, rule->default_aspect);
  else if (ratio > rule->max_ratio * (1 + 1e-9))
    add_problem (check, "aspect_ratio", g_variant_new_string (rule->max_aspect),
                 /* Translators: the parameter, its value, the widest ratio twice */
                 _("%s %s is wider than %s — try %s"),
                 label, text, rule->max_aspect, rule->max_aspect);
  else if (ratio < rule->min_ratio * (1 - 1e-9))
    add_problem (check, "aspect_ratio", g_variant_new_string (rule->min_aspect),
                 /* Translators: the parameter, its value, the tallest ratio twice */
                 _("%s %s is taller than %s — try %s"),
                 label, text, rule->min_aspect, rule->min_aspect);
}

/* Keeps the aspect and shrinks both sides onto the grid until the area
 * fits under the cap and each side within the maximum. */
static void
fit_pixel_cap (const FsSizeRule *rule,
               gint64            width,
               gint64            height,
               gint64           *fit_width,
               gint64           *fit_height)
{
  double scale = sqrt ((double) rule->max_pixels / ((double) width * height));

  scale = MIN (scale, MIN ((double) rule->max / width, (double) rule->max / height));
  *fit_width = MAX (rule->min, (gint64) floor (width * scale / rule->multiple) * rule->multiple);
  *fit_height = MAX (rule->min, (gint64) floor (height * scale / rule->multiple) * rule->multiple);
}

/* Checked even when a side is out of range: with FLUX.2's 2048 a side the
 * cap only bites then, and the suggestion fixes both at once. */
static void
check_pixel_cap (Check            *check,
                 const FsSizeRule *rule,
                 gint64            width,
                 gint64            height)
{
  g_autofree char *cap = NULL;
  gint64 fit_width;
  gint64 fit_height;

  if (rule->max_pixels == 0 || width <= 0 || height <= 0 ||
      (double) width * height <= (double) rule->max_pixels)
    return;

  fit_pixel_cap (rule, width, height, &fit_width, &fit_height);
  cap = g_strdup_printf ("%g", round (rule->max_pixels / 104857.6) / 10);
  add_problem (check, "dimensions", g_variant_new ("(xx)", fit_width, fit_height),
               /* Translators: width×height, megapixels, a model name, the cap in
                * megapixels, then a width×height that fits */
               _("%" G_GINT64_FORMAT "×%" G_GINT64_FORMAT " is %.1f MP; %s takes at most "
                 "%s MP — try %" G_GINT64_FORMAT "×%" G_GINT64_FORMAT),
               width, height, (double) width * height / 1e6,
               fs_model_get_name (check->model), cap, fit_width, fit_height);
}

/* Width and height go together, and together they must fit the cap. */
static void
check_dimensions (Check            *check,
                  const FsSizeRule *rule)
{
  gboolean has_width = fs_request_get_param (check->request, "width") != NULL;
  gboolean has_height = fs_request_get_param (check->request, "height") != NULL;
  gint64 width = 0;
  gint64 height = 0;

  if (has_width && !has_height)
    add_problem (check, "height", g_variant_new_int64 (rule->default_height),
                 _("Width is set but height is not — set both or neither"));
  else if (has_height && !has_width)
    add_problem (check, "width", g_variant_new_int64 (rule->default_width),
                 _("Height is set but width is not — set both or neither"));
  else if (fs_request_get_int (check->request, "width", &width) &&
           fs_request_get_int (check->request, "height", &height))
    check_pixel_cap (check, rule, width, height);
}

/* Every parameter the model takes, in panel order. */
static void
check_params (Check      *check,
              const char *provider_id)
{
  g_autoptr(GPtrArray) params = fs_model_get_params (check->model, provider_id);
  const FsSizeRule *rule = fs_model_get_size_rule (check->model, provider_id);

  for (guint i = 0; i < params->len; i++)
    {
      FsParam *param = g_ptr_array_index (params, i);
      const char *name = fs_param_get_name (param);
      GVariant *value = fs_request_get_param (check->request, name);

      if (value == NULL)
        continue;

      check_value (check, param, value);

      if (rule->kind == FS_SIZE_ASPECT_RATIO && g_str_equal (name, "aspect_ratio") &&
          g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        check_aspect_ratio (check, param, rule, value);
    }

  if (rule->kind == FS_SIZE_DIMENSIONS)
    check_dimensions (check, rule);
}

static void
check_unknown_params (Check      *check,
                      const char *provider_id)
{
  g_auto(GStrv) names = fs_request_list_params (check->request);
  guint max_outputs = fs_model_get_max_outputs (check->model, provider_id);
  const char *model_name = fs_model_get_name (check->model);

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (fs_model_find_param (check->model, provider_id, names[i]) != NULL)
        continue;

      if (g_str_equal (names[i], "num_outputs"))
        add_problem (check, names[i], NULL,
                     /* Translators: a model name, then a number of images */
                     ngettext ("%s makes %u image per call",
                               "%s makes %u images per call", max_outputs),
                     model_name, max_outputs);
      else
        add_problem (check, names[i], NULL,
                     /* Translators: a model name, then a parameter name */
                     _("%s does not take %s"), model_name, names[i]);
    }
}

static void
check_references (Check      *check,
                  const char *provider_id)
{
  guint count = check->request->references->len;
  guint supported = fs_model_get_max_references (check->model, provider_id);
  guint experimental = fs_model_get_experimental_references (check->model, provider_id);
  guint limit = supported + experimental;
  const char *model_name = fs_model_get_name (check->model);

  if (count <= limit)
    return;

  if (limit == 0)
    add_problem (check, "references", g_variant_new_int64 (0),
                 _("%s does not take reference images"), model_name);
  else if (experimental > 0)
    add_problem (check, "references", g_variant_new_int64 (limit),
                 /* Translators: a model name, the limit, the first and last
                  * experimental image numbers */
                 _("%s takes at most %u reference images (images %u–%u are experimental)"),
                 model_name, limit, supported + 1, limit);
  else
    add_problem (check, "references", g_variant_new_int64 (limit),
                 ngettext ("%s takes at most %u reference image",
                           "%s takes at most %u reference images", limit),
                 model_name, limit);
}

/* The image count may be within its own range and still above what one
 * call makes, when the data sets the two apart. */
static void
check_outputs (Check      *check,
               const char *provider_id)
{
  FsParam *param = fs_model_find_param (check->model, provider_id, "num_outputs");
  guint max_outputs = fs_model_get_max_outputs (check->model, provider_id);
  gint64 count;

  if (param == NULL || !fs_request_get_int (check->request, "num_outputs", &count) ||
      count < fs_param_get_min (param) || count > fs_param_get_max (param) ||
      count <= max_outputs)
    return;

  add_problem (check, "num_outputs", g_variant_new_int64 (max_outputs),
               ngettext ("%s makes at most %u image per call",
                         "%s makes at most %u images per call", max_outputs),
               fs_model_get_name (check->model), max_outputs);
}

static gboolean
check_model (Check      *check,
             FsCatalog  *catalog,
             const char *provider_id)
{
  const char * const *providers;

  check->model = fs_catalog_lookup (catalog, check->request->model_id);
  if (check->model == NULL)
    {
      add_problem (check, "model", NULL, _("Unknown model “%s”"), check->request->model_id);
      return FALSE;
    }

  if (fs_model_has_provider (check->model, provider_id))
    return TRUE;

  providers = fs_model_get_providers (check->model);
  add_problem (check, "provider", g_variant_new_string (providers[0]),
               /* Translators: a model name, then a provider name */
               _("%s is not available on %s"),
               fs_model_get_name (check->model), provider_name (provider_id));
  return FALSE;
}

/* Problems come in a fixed order: model and provider, prompt, parameters
 * in panel order, the size as a whole, parameters the model does not
 * take (by name), references, image count. */
GPtrArray *
fs_request_validate (FsRequest *self,
                     FsCatalog *catalog)
{
  Check check = { self, NULL, NULL };
  gboolean served;

  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);
  g_return_val_if_fail (FS_IS_CATALOG (catalog), NULL);

  check.problems = g_ptr_array_new_with_free_func ((GDestroyNotify) fs_problem_free);
  served = check_model (&check, catalog, self->provider_id);

  if (check.model == NULL)
    return check.problems;

  check_prompt (&check);
  if (!served)
    return check.problems;

  check_params (&check, self->provider_id);
  check_unknown_params (&check, self->provider_id);
  check_references (&check, self->provider_id);
  check_outputs (&check, self->provider_id);
  return check.problems;
}

gboolean
fs_request_check (FsRequest  *self,
                  FsCatalog  *catalog,
                  GError    **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GString) message = NULL;

  g_return_val_if_fail (FS_IS_REQUEST (self), FALSE);
  g_return_val_if_fail (FS_IS_CATALOG (catalog), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  problems = fs_request_validate (self, catalog);
  if (problems->len == 0)
    return TRUE;

  message = g_string_new (NULL);
  if (problems->len > 1)
    g_string_append_printf (message,
                            /* Translators: followed by one "• problem" line each */
                            g_dngettext (GETTEXT_PACKAGE,
                                         "This request has %u problem; nothing was sent:",
                                         "This request has %u problems; nothing was sent:",
                                         problems->len),
                            problems->len);
  for (guint i = 0; i < problems->len; i++)
    {
      FsProblem *problem = g_ptr_array_index (problems, i);

      if (problems->len > 1)
        g_string_append (message, "\n  • ");
      g_string_append (message, problem->message);
    }

  g_set_error_literal (error, FS_ERROR, FS_ERROR_INVALID, message->str);
  return FALSE;
}

/* Record */

/* The prompt is always a JSON string, even when it is structured JSON
 * itself: the record keeps exactly what was sent. */
JsonNode *
fs_request_to_json (FsRequest *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);

  names = fs_request_list_params (self);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "provider");
  json_builder_add_string_value (builder, self->provider_id);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, self->model_id);
  json_builder_set_member_name (builder, "prompt");
  json_builder_add_string_value (builder, self->prompt != NULL ? self->prompt : "");

  json_builder_set_member_name (builder, "params");
  json_builder_begin_object (builder);
  for (guint i = 0; names[i] != NULL; i++)
    {
      json_builder_set_member_name (builder, names[i]);
      json_builder_add_value (builder,
                              json_gvariant_serialize (g_hash_table_lookup (self->params,
                                                                            names[i])));
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "references");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->references->len; i++)
    {
      FsReference *reference = g_ptr_array_index (self->references, i);

      json_builder_add_string_value (builder, fs_reference_get_sha256 (reference));
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
