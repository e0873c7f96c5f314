/* fs-cli-generate.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>

#include "fs-cli.h"
#include "fs-edit.h"
#include "fs-error.h"
#include "fs-file.h"
#include "fs-json.h"
#include "fs-job.h"
#include "fs-mask.h"
#include "fs-provider.h"
#include "fs-request.h"
#include "fs-secrets.h"

typedef struct
{
  char     *provider;
  char     *model;
  char     *base_url;
  char     *size;
  char     *width;
  char     *height;
  char     *aspect_ratio;
  char     *seed;
  char     *steps;
  char     *guidance;
  char     *safety_tolerance;
  char     *output_format;
  char     *num_outputs;
  char     *interval;
  char     *image_prompt_strength;
  char    **refs;
  char     *image;
  char     *mask;
  char     *top;
  char     *bottom;
  char     *left;
  char     *right;
  char     *to_aspect;
  char     *library;
  gboolean  prompt_upsampling;
  gboolean  raw;
  gboolean  json;
  gboolean  json_references;
} GenerateOptions;

static void
generate_options_clear (GenerateOptions *o)
{
  g_free (o->provider);
  g_free (o->model);
  g_free (o->base_url);
  g_free (o->size);
  g_free (o->width);
  g_free (o->height);
  g_free (o->aspect_ratio);
  g_free (o->seed);
  g_free (o->steps);
  g_free (o->guidance);
  g_free (o->safety_tolerance);
  g_free (o->output_format);
  g_free (o->num_outputs);
  g_free (o->interval);
  g_free (o->image_prompt_strength);
  g_strfreev (o->refs);
  g_free (o->image);
  g_free (o->mask);
  g_free (o->top);
  g_free (o->bottom);
  g_free (o->left);
  g_free (o->right);
  g_free (o->to_aspect);
  g_free (o->library);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GenerateOptions, generate_options_clear)

static gboolean
set_int (FsRequest   *request,
         const char  *name,
         const char  *option,
         const char  *text,
         GError     **error)
{
  gint64 value;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("%s takes a whole number, not “%s”"), option, text);
      return FALSE;
    }

  fs_request_set_param (request, name, g_variant_new_int64 (value));
  return TRUE;
}

static gboolean
set_number (FsRequest   *request,
            const char  *name,
            const char  *option,
            const char  *text,
            GError     **error)
{
  char *end = NULL;
  double value;

  if (text == NULL)
    return TRUE;
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0')
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("%s takes a number, not “%s”"), option, text);
      return FALSE;
    }

  fs_request_set_param (request, name, g_variant_new_double (value));
  return TRUE;
}

/* --size is "WxH": width and height for models on a pixel grid, the
 * "size" field itself for models with a fixed list (Monica). */
static gboolean
set_size (FsRequest        *request,
          FsModel          *model,
          GenerateOptions  *o,
          GError          **error)
{
  const FsSizeRule *rule;
  g_auto(GStrv) parts = NULL;

  if (o->size == NULL)
    return set_int (request, "width", "--width", o->width, error) &&
           set_int (request, "height", "--height", o->height, error);

  rule = fs_model_get_size_rule (model, fs_request_get_provider_id (request));
  if (rule != NULL && rule->kind == FS_SIZE_FIXED)
    {
      fs_request_set_param (request, "size", g_variant_new_string (o->size));
      return TRUE;
    }

  parts = g_strsplit (o->size, "x", 2);
  if (g_strv_length (parts) != 2)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("--size takes WIDTHxHEIGHT such as 1024x1024, not “%s”"), o->size);
      return FALSE;
    }

  return set_int (request, "width", "--size", parts[0], error) &&
         set_int (request, "height", "--size", parts[1], error);
}

static gboolean
apply_options (FsRequest        *request,
               FsModel          *model,
               GenerateOptions  *o,
               GError          **error)
{
  if (!set_size (request, model, o, error) ||
      !set_int (request, "seed", "--seed", o->seed, error) ||
      !set_int (request, "steps", "--steps", o->steps, error) ||
      !set_number (request, "guidance", "--guidance", o->guidance, error) ||
      !set_int (request, "safety_tolerance", "--safety-tolerance", o->safety_tolerance, error) ||
      !set_int (request, "num_outputs", "--num-outputs", o->num_outputs, error) ||
      !set_number (request, "interval", "--interval", o->interval, error) ||
      !set_number (request, "image_prompt_strength", "--image-prompt-strength",
                   o->image_prompt_strength, error))
    return FALSE;

  if (o->aspect_ratio != NULL)
    fs_request_set_param (request, "aspect_ratio", g_variant_new_string (o->aspect_ratio));
  if (o->output_format != NULL)
    fs_request_set_param (request, "output_format", g_variant_new_string (o->output_format));
  if (o->prompt_upsampling)
    fs_request_set_param (request, "prompt_upsampling", g_variant_new_boolean (TRUE));
  if (o->raw)
    fs_request_set_param (request, "raw", g_variant_new_boolean (TRUE));

  return TRUE;
}

/* Prompts are read up to this, from an argument or standard input; a
 * longer one is refused, not read on (docs/ARCHITECTURE.md, “Limits”). */
#define PROMPT_MAX_BYTES FS_JSON_MAX_PROMPT_BYTES

static void
set_too_long (GError **error)
{
  g_autofree char *limit = g_format_size (PROMPT_MAX_BYTES);

  g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
               /* Translators: the limit, "1.0 MB" */
               _("The prompt is longer than %s, the most Flux Studio reads. Shorten it, "
                 "or check what is piped into standard input."), limit);
}

/* Refuses text that is not UTF-8 (a NUL byte included), naming the byte
 * where it goes wrong. */
static gboolean
check_utf8 (const char  *text,
            gsize        length,
            const char  *what_to_do,
            GError     **error)
{
  const char *end = NULL;

  if (g_utf8_validate (text, (gssize) length, &end))
    return TRUE;

  g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
               /* Translators: a byte offset, then what to do about it */
               _("The prompt is not UTF-8 text (at byte %u). %s"),
               (guint) (end - text), what_to_do);
  return FALSE;
}

static char *
read_stdin_prompt (GError **error)
{
  g_autoptr(GInputStream) input = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr(GError) read_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length = 0;
  const char *text;

  bytes = fs_file_read_stream (input, _("Standard input"), PROMPT_MAX_BYTES, NULL, &read_error);
  if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
    {
      set_too_long (error);
      return NULL;
    }
  if (bytes == NULL)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("Could not read the prompt from standard input: %s"),
                   read_error->message);
      return NULL;
    }

  text = g_bytes_get_data (bytes, &length);
  if (!check_utf8 (text, length, _("Save it as UTF-8, or convert it with iconv."), error))
    return NULL;

  /* A trailing newline from echo or a file is not part of the prompt. */
  if (length > 0 && text[length - 1] == '\n')
    length--;

  return g_strndup (text, length);
}

/* An argument in a terminal that is not UTF-8 is converted from its
 * character set; anything else must be UTF-8 already. */
static char *
argument_prompt (const char  *argument,
                 GError     **error)
{
  const char *hint = _("Check the terminal’s character encoding, or pass the prompt as "
                       "UTF-8 on standard input (PROMPT “-”).");
  char *converted;

  if (strlen (argument) > PROMPT_MAX_BYTES)
    {
      set_too_long (error);
      return NULL;
    }

  if (g_utf8_validate (argument, -1, NULL))
    return g_strdup (argument);

  if (!g_get_charset (NULL) &&
      (converted = g_locale_to_utf8 (argument, -1, NULL, NULL, NULL)) != NULL)
    return converted;

  check_utf8 (argument, strlen (argument), hint, error);
  return NULL;
}

static char *
read_prompt (const char  *argument,
             GError     **error)
{
  if (g_str_equal (argument, "-"))
    return read_stdin_prompt (error);

  return argument_prompt (argument, error);
}

/* All references are prepared at once, in worker threads (decoded,
 * turned upright, converted to sRGB, downscaled to 4 MP as in the
 * window), and join the request in the order given. Every preparation is
 * waited for, even after a failure, since each writes into @results. */
static gboolean
add_references (FsRequest   *request,
                char       **refs,
                GError     **error)
{
  guint n = refs != NULL ? g_strv_length (refs) : 0;
  g_autofree GAsyncResult **results = g_new0 (GAsyncResult *, n + 1);
  gboolean ok = TRUE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (refs[i]);

      fs_reference_prepare_file_async (file, NULL, fs_cli_result_cb, &results[i]);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(FsReference) reference = NULL;
      g_autoptr(GError) local_error = NULL;

      fs_cli_wait (&results[i]);
      result = g_steal_pointer (&results[i]);
      reference = fs_reference_prepare_finish (result, &local_error);
      if (reference != NULL && ok)
        fs_request_add_reference (request, reference);
      else if (reference == NULL && ok)
        {
          g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                       _("Reference image %u (%s): %s"), i + 1, refs[i], local_error->message);
          ok = FALSE;
        }
    }

  return ok;
}

/* --to-aspect W:H, such as 16:9, 3:1 or 1.91:1, as whole numbers in
 * thousandths so that a decimal ratio keeps its precision. */
static gboolean
parse_aspect (const char  *text,
              guint       *ratio_width,
              guint       *ratio_height,
              GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", 2);
  double w = 0, h = 0;
  char *end = NULL;

  if (g_strv_length (parts) == 2)
    {
      w = g_ascii_strtod (parts[0], &end);
      if (end == parts[0] || *end != '\0')
        w = 0;
      h = g_ascii_strtod (parts[1], &end);
      if (end == parts[1] || *end != '\0')
        h = 0;
    }

  if (!(w > 0 && h > 0 && w <= 1000 && h <= 1000))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("--to-aspect takes W:H such as 16:9 or 3:1, not “%s”"), text);
      return FALSE;
    }

  *ratio_width = (guint) (w * 1000 + 0.5);
  *ratio_height = (guint) (h * 1000 + 0.5);
  return TRUE;
}

/* The margins Expand adds: each side given (the others 0), or the centred
 * ones --to-aspect computes from the image's size. */
static gboolean
apply_margins (FsRequest        *request,
               GenerateOptions  *o,
               GError          **error)
{
  gboolean any = o->top != NULL || o->bottom != NULL || o->left != NULL || o->right != NULL;
  FsReference *image = fs_request_get_image (request);
  FsMargins margins;
  guint ratio_width, ratio_height;

  if (o->to_aspect == NULL)
    {
      if (any)
        fs_request_set_margins (request, &(FsMargins) { 0, 0, 0, 0 });
      return set_int (request, "top", "--top", o->top, error) &&
             set_int (request, "bottom", "--bottom", o->bottom, error) &&
             set_int (request, "left", "--left", o->left, error) &&
             set_int (request, "right", "--right", o->right, error);
    }

  if (any)
    {
      g_set_error_literal (error, FS_ERROR, FS_ERROR_INVALID,
                           _("Give either --to-aspect or the margins (--top, --bottom, "
                             "--left, --right), not both"));
      return FALSE;
    }
  if (image == NULL)
    {
      g_set_error_literal (error, FS_ERROR, FS_ERROR_INVALID,
                           _("--to-aspect needs the image to expand (--image)"));
      return FALSE;
    }
  if (!parse_aspect (o->to_aspect, &ratio_width, &ratio_height, error))
    return FALSE;

  fs_margins_for_aspect (fs_reference_get_width (image), fs_reference_get_height (image),
                         ratio_width, ratio_height, &margins);
  fs_request_set_margins (request, &margins);
  return TRUE;
}

/* The image to edit and its mask, each prepared in a worker; the mask
 * must be the size of the image (docs/ARCHITECTURE.md, “Editing images”). */
static gboolean
add_edit (FsRequest        *request,
          GenerateOptions  *o,
          GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(FsEditSource) source = NULL;
  g_autoptr(FsReference) mask = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local_error = NULL;

  if (o->image == NULL)
    {
      if (o->mask != NULL)
        {
          g_set_error_literal (error, FS_ERROR, FS_ERROR_INVALID,
                               _("--mask needs the image it belongs to (--image)"));
          return FALSE;
        }
      return apply_margins (request, o, error);
    }

  file = g_file_new_for_commandline_arg (o->image);
  fs_edit_source_load_async (file, NULL, fs_cli_result_cb, &result);
  source = fs_edit_source_load_finish (fs_cli_wait (&result), &local_error);
  g_clear_object (&result);
  if (source == NULL)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   /* Translators: a file name, then why it cannot be used */
                   _("The image to edit (%s): %s"), o->image, local_error->message);
      return FALSE;
    }
  fs_request_set_image (request, source);

  if (o->mask != NULL)
    {
      g_clear_object (&file);
      file = g_file_new_for_commandline_arg (o->mask);
      fs_mask_load_file_async (file, source->image, NULL, fs_cli_result_cb, &result);
      mask = fs_mask_load_file_finish (fs_cli_wait (&result), error);
      if (mask == NULL)
        return FALSE;
      fs_request_set_mask (request, mask);
    }

  return apply_margins (request, o, error);
}

static const char *
choose_provider (GenerateOptions  *o,
                 char            **key)
{
  if (o->provider != NULL)
    {
      *key = fs_cli_lookup_key (o->provider);
      return o->provider;
    }

  /* Without --provider: Black Forest Labs when a key for it is set,
   * otherwise the offline sandbox, which needs no account. */
  *key = fs_cli_lookup_key ("bfl");
  if (*key != NULL)
    return "bfl";

  g_printerr ("%s\n", _("No API key is set; using the offline sandbox — not a FLUX model."));
  return "sandbox";
}

static int
run_job (FsRequest       *request,
         FsCatalog       *catalog,
         FsLibrary       *library,
         GenerateOptions *o,
         const char      *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FsProvider) provider = NULL;
  g_autoptr(FsJob) job = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) assets = NULL;

  provider = fs_provider_new (fs_request_get_provider_id (request), o->base_url, &error);
  if (provider == NULL)
    return fs_cli_fail (error);
  fs_provider_set_json_references (provider, o->json_references);

  job = fs_job_new (request, catalog, provider, library, key);
  fs_cli_follow_job (job, FALSE);

  fs_job_run_async (job, NULL, fs_cli_result_cb, &result);
  assets = fs_job_run_finish (job, fs_cli_wait (&result), &error);
  if (assets == NULL)
    return fs_cli_job_failed (job, error, FALSE);

  fs_cli_print_assets (assets, o->json);
  return FS_CLI_EXIT_OK;
}

int
fs_cli_generate (int    argc,
                 char **argv)
{
  g_auto(GenerateOptions) o = { 0 };
  const GOptionEntry entries[] = {
    { "provider", 0, 0, G_OPTION_ARG_STRING, &o.provider, N_("bfl, apiyi, openai-compatible, monica or sandbox"), "P" },
    { "model", 0, 0, G_OPTION_ARG_STRING, &o.model, N_("Model id, see “flux-studio-cli models”"), "M" },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &o.base_url, N_("API base URL (https://, or http:// on loopback)"), "URL" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &o.size, N_("Output size"), "WxH" },
    { "width", 0, 0, G_OPTION_ARG_STRING, &o.width, N_("Output width in pixels"), "W" },
    { "height", 0, 0, G_OPTION_ARG_STRING, &o.height, N_("Output height in pixels"), "H" },
    { "aspect-ratio", 0, 0, G_OPTION_ARG_STRING, &o.aspect_ratio, N_("Aspect ratio (Kontext, Ultra)"), "W:H" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &o.seed, N_("Seed (random when not given)"), "N" },
    { "steps", 0, 0, G_OPTION_ARG_STRING, &o.steps, N_("Inference steps"), "N" },
    { "guidance", 0, 0, G_OPTION_ARG_STRING, &o.guidance, N_("Guidance scale"), "X" },
    { "safety-tolerance", 0, 0, G_OPTION_ARG_STRING, &o.safety_tolerance, N_("Moderation level, 0 strictest"), "N" },
    { "output-format", 0, 0, G_OPTION_ARG_STRING, &o.output_format, N_("jpeg or png"), "FORMAT" },
    { "prompt-upsampling", 0, 0, G_OPTION_ARG_NONE, &o.prompt_upsampling, N_("Let the model expand the prompt"), NULL },
    { "raw", 0, 0, G_OPTION_ARG_NONE, &o.raw, N_("Less processed look (Ultra)"), NULL },
    { "num-outputs", 0, 0, G_OPTION_ARG_STRING, &o.num_outputs, N_("Images per call (Monica)"), "N" },
    { "interval", 0, 0, G_OPTION_ARG_STRING, &o.interval, N_("Output variance, 1–4"), "X" },
    { "image-prompt-strength", 0, 0, G_OPTION_ARG_STRING, &o.image_prompt_strength, N_("Weight of the image prompt (Ultra)"), "X" },
    { "ref", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.refs, N_("Reference image; repeat in order (image 1, image 2 …)"), "FILE" },
    { "json-references", 0, 0, G_OPTION_ARG_NONE, &o.json_references, N_("APIYI: send references as JSON data URLs"), NULL },
    { "image", 0, 0, G_OPTION_ARG_FILENAME, &o.image, N_("Image to edit (FLUX.1 Fill and Expand)"), "FILE" },
    { "mask", 0, 0, G_OPTION_ARG_FILENAME, &o.mask, N_("Fill: the part to change, white on black (or opaque on transparent), the size of the image"), "FILE" },
    { "top", 0, 0, G_OPTION_ARG_STRING, &o.top, N_("Expand: pixels to add above the image"), "N" },
    { "bottom", 0, 0, G_OPTION_ARG_STRING, &o.bottom, N_("Expand: pixels to add below the image"), "N" },
    { "left", 0, 0, G_OPTION_ARG_STRING, &o.left, N_("Expand: pixels to add on the left"), "N" },
    { "right", 0, 0, G_OPTION_ARG_STRING, &o.right, N_("Expand: pixels to add on the right"), "N" },
    { "to-aspect", 0, 0, G_OPTION_ARG_STRING, &o.to_aspect, N_("Expand: add centred margins to reach this aspect ratio"), "W:H" },
    fs_cli_option_library (&o.library),
    fs_cli_option_json (&o.json, TRUE),
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FsCatalog) catalog = NULL;
  g_autoptr(FsRequest) request = NULL;
  g_autoptr(FsLibrary) library = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *key = NULL;
  FsModel *model;
  const char *provider_id;
  int status;

  if (!fs_cli_parse_options ("generate",
                             _("[PROMPT] — generate images (PROMPT “-” reads standard input; "
                               "FLUX.1 Expand needs none)"),
                             entries, &argc, &argv))
    return FS_CLI_EXIT_INVALID;
  if (argc > 2)
    {
      g_printerr ("%s\n", _("flux-studio-cli generate: give exactly one PROMPT (quote it), or - to read it from standard input"));
      return FS_CLI_EXIT_INVALID;
    }

  if ((catalog = fs_cli_load_catalog ()) == NULL)
    return FS_CLI_EXIT_INVALID;

  /* An image to edit picks the model that edits it: Fill with a mask,
   * Expand without. */
  if (o.model == NULL && o.image != NULL)
    o.model = g_strdup (o.mask != NULL ? "flux-pro-1.0-fill" : "flux-pro-1.0-expand");
  model = o.model != NULL ? fs_catalog_lookup (catalog, o.model) : NULL;

  if (argc < 2 && (model == NULL || !fs_model_get_prompt_optional (model)))
    {
      g_printerr ("%s\n", _("flux-studio-cli generate: give exactly one PROMPT (quote it), or - to read it from standard input"));
      return FS_CLI_EXIT_INVALID;
    }
  if (argc < 2)
    prompt = g_strdup ("");
  else if ((prompt = read_prompt (argv[1], &error)) == NULL)
    return fs_cli_fail (error);

  provider_id = choose_provider (&o, &key);
  if (o.model == NULL)
    o.model = g_strdup (g_str_equal (provider_id, "monica") ? "flux_dev" : "flux-2-pro");

  request = fs_request_new (provider_id, o.model);
  fs_request_set_prompt (request, prompt);
  model = fs_catalog_lookup (catalog, o.model);
  /* Everything is checked before anything is sent. */
  if ((model != NULL && !apply_options (request, model, &o, &error)) ||
      (library = fs_cli_open_library (o.library, TRUE, &error)) == NULL ||
      !add_references (request, o.refs, &error) ||
      !add_edit (request, &o, &error) ||
      !fs_request_check (request, catalog, &error))
    status = fs_cli_fail (error);
  else
    status = run_job (request, catalog, library, &o, key);

  if (key != NULL)
    fs_secrets_free_key (g_steal_pointer (&key));
  return status;
}
