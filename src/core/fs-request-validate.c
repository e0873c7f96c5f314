/* fs-request-validate.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>

#include "fs-error.h"
#include "fs-provider.h"
#include "fs-request-private.h"

/* Validation compares a request with its model's rules on its provider
 * and names every problem at once, each with the nearest valid value when
 * there is one. It reads the request only through its public API. */

/* A rough but safe token estimate: English averages about four characters
 * a token, and counting that way never refuses a prompt the model takes. */
#define CHARS_PER_TOKEN 4

/* Problems */

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

  if (!_fs_request_variant_get_int (value, &integer))
    return FALSE;

  *out = (double) integer;
  return TRUE;
}

/* Checks */

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
  const char *prompt = fs_request_get_prompt (check->request);
  guint max_chars = fs_model_get_prompt_max_chars (check->model);
  guint max_tokens = fs_model_get_prompt_max_tokens (check->model);
  g_autofree char *stripped = g_strstrip (g_strdup (prompt != NULL ? prompt : ""));
  glong length;

  if (stripped[0] == '\0')
    {
      /* Expand continues the scene by itself. */
      if (!fs_model_get_prompt_optional (check->model))
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
      if (_fs_request_variant_get_int (value, &integer))
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
               _("%" PRId64 "×%" PRId64 " is %.1f MP; %s takes at most "
                 "%s MP — try %" PRId64 "×%" PRId64),
               (int64_t) width, (int64_t) height, (double) width * height / 1e6,
               fs_model_get_name (check->model), cap,
               (int64_t) fit_width, (int64_t) fit_height);
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

/* Editing an image ------------------------------------------------------ */

/* The expanded image against the caps a provider documents for it; BFL
 * documents none beyond each margin's 2048 (docs/ARCHITECTURE.md,
 * “Editing images”). */
static void
check_edit_size (Check            *check,
                 const FsSizeRule *rule,
                 guint             width,
                 guint             height)
{
  const char *model_name = fs_model_get_name (check->model);

  if (rule->max > 0 && (width > rule->max || height > rule->max))
    add_problem (check, "margins", NULL,
                 /* Translators: width×height, a model name, a number of pixels */
                 _("The result would be %u×%u; %s makes at most %u pixels a side"),
                 width, height, model_name, rule->max);
  else if (rule->max_pixels > 0 && (guint64) width * height > rule->max_pixels)
    add_problem (check, "margins", NULL,
                 /* Translators: width×height, its megapixels, a model name, the cap */
                 _("The result would be %u×%u (%.1f MP); %s makes at most %.1f MP"),
                 width, height, (double) width * height / 1e6, model_name,
                 (double) rule->max_pixels / 1e6);
}

static void
check_edit (Check      *check,
            const char *provider_id)
{
  const char *model_name = fs_model_get_name (check->model);
  const char *mask_wire = fs_model_get_mask_wire (check->model, provider_id);
  const FsSizeRule *rule = fs_model_get_size_rule (check->model, provider_id);
  FsReference *image = fs_request_get_image (check->request);
  FsReference *mask = fs_request_get_mask (check->request);
  FsMargins margins;
  guint width, height;

  if (fs_model_get_image_wire (check->model, provider_id) == NULL)
    {
      if (image != NULL)
        add_problem (check, "image", NULL,
                     /* Translators: a model name */
                     _("%s makes images from a prompt and edits none — choose "
                       "FLUX.1 Fill or Expand to change this image"), model_name);
      if (mask != NULL)
        add_problem (check, "mask", NULL, _("%s takes no mask"), model_name);
      return;
    }

  if (image == NULL)
    {
      add_problem (check, "image", NULL,
                   /* Translators: a model name */
                   _("%s changes an image: open the image to edit"), model_name);
      return;
    }

  if (mask_wire == NULL && mask != NULL)
    add_problem (check, "mask", NULL, _("%s takes no mask"), model_name);
  else if (mask_wire != NULL && mask == NULL)
    add_problem (check, "mask", NULL,
                 /* Translators: a model name */
                 _("Paint over the part of the image to change: %s needs a mask"),
                 model_name);
  else if (mask != NULL &&
           (fs_reference_get_width (mask) != fs_reference_get_width (image) ||
            fs_reference_get_height (mask) != fs_reference_get_height (image)))
    add_problem (check, "mask", NULL,
                 /* Translators: the mask's width×height, then the image's */
                 _("The mask is %u×%u but the image is %u×%u: a mask must be the size "
                   "of its image"),
                 fs_reference_get_width (mask), fs_reference_get_height (mask),
                 fs_reference_get_width (image), fs_reference_get_height (image));

  if (fs_model_takes_margins (check->model, provider_id) &&
      (!fs_request_get_margins (check->request, &margins) || fs_margins_is_zero (&margins)))
    add_problem (check, "margins", NULL,
                 _("Add pixels on at least one side to expand the image"));
  else if (fs_request_get_output_size (check->request, check->model, &width, &height))
    check_edit_size (check, rule, width, height);
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
  guint count = fs_request_get_references (check->request)->len;
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
  const char *model_id = fs_request_get_model_id (check->request);
  const char * const *providers;

  check->model = fs_catalog_lookup (catalog, model_id);
  if (check->model == NULL)
    {
      add_problem (check, "model", NULL, _("Unknown model “%s”"), model_id);
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
 * in panel order, the size as a whole, the image an edit changes (its
 * mask, its margins), parameters the model does not take (by name),
 * references, image count. */
GPtrArray *
fs_request_validate (FsRequest *self,
                     FsCatalog *catalog)
{
  Check check = { self, NULL, NULL };
  const char *provider_id;
  gboolean served;

  g_return_val_if_fail (FS_IS_REQUEST (self), NULL);
  g_return_val_if_fail (FS_IS_CATALOG (catalog), NULL);

  provider_id = fs_request_get_provider_id (self);
  check.problems = g_ptr_array_new_with_free_func ((GDestroyNotify) fs_problem_free);
  served = check_model (&check, catalog, provider_id);

  if (check.model == NULL)
    return check.problems;

  check_prompt (&check);
  if (!served)
    return check.problems;

  check_params (&check, provider_id);
  check_edit (&check, provider_id);
  check_unknown_params (&check, provider_id);
  check_references (&check, provider_id);
  check_outputs (&check, provider_id);
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
