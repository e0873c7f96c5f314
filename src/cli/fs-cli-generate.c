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
#include "fs-preset.h"
#include "fs-provider.h"
#include "fs-request.h"
#include "fs-secrets.h"
#include "fs-variations.h"

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

/* The options of an edit (FLUX.1 Fill and Expand): generate's own, not
 * a batch's. */
typedef struct
{
  char *image;
  char *mask;
  char *top;
  char *bottom;
  char *left;
  char *right;
  char *to_aspect;
} EditOptions;

static void
edit_options_clear (EditOptions *o)
{
  g_free (o->image);
  g_free (o->mask);
  g_free (o->top);
  g_free (o->bottom);
  g_free (o->left);
  g_free (o->right);
  g_free (o->to_aspect);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EditOptions, edit_options_clear)

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
               EditOptions      *o,
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
      return fs_cli_set_int (request, "top", "--top", o->top, error) &&
             fs_cli_set_int (request, "bottom", "--bottom", o->bottom, error) &&
             fs_cli_set_int (request, "left", "--left", o->left, error) &&
             fs_cli_set_int (request, "right", "--right", o->right, error);
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
          EditOptions      *o,
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

static int
run_jobs (GPtrArray            *plan,
          FsCatalog            *catalog,
          FsLibrary            *library,
          FsCliGenerateOptions *o,
          const char           *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FsProvider) provider = NULL;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) assets = g_ptr_array_new_with_free_func (g_object_unref);
  int status;

  provider = fs_provider_new (fs_request_get_provider_id (g_ptr_array_index (plan, 0)),
                              o->base_url, &error);
  if (provider == NULL)
    return fs_cli_fail (error);
  fs_provider_set_json_references (provider, o->json_references);

  for (guint i = 0; i < plan->len; i++)
    g_ptr_array_add (jobs, fs_job_new (g_ptr_array_index (plan, i), catalog, provider,
                                       library, key));

  /* The images of one request run at once, as far as the account's
   * slots let them (docs/ARCHITECTURE.md, “Concurrency”). */
  status = fs_cli_run_jobs (jobs, FS_VARIATIONS_MAX_COUNT, jobs->len > 1, NULL, NULL, assets);
  fs_cli_print_assets (assets, o->json);
  return status;
}

int
fs_cli_generate (int    argc,
                 char **argv)
{
  g_auto(FsCliGenerateOptions) o = { 0 };
  g_auto(EditOptions) e = { 0 };
  const GOptionEntry edit_entries[] = {
    { "image", 0, 0, G_OPTION_ARG_FILENAME, &e.image, N_("Image to edit (FLUX.1 Fill and Expand)"), "FILE" },
    { "mask", 0, 0, G_OPTION_ARG_FILENAME, &e.mask, N_("Fill: the part to change, white on black (or opaque on transparent), the size of the image"), "FILE" },
    { "top", 0, 0, G_OPTION_ARG_STRING, &e.top, N_("Expand: pixels to add above the image"), "N" },
    { "bottom", 0, 0, G_OPTION_ARG_STRING, &e.bottom, N_("Expand: pixels to add below the image"), "N" },
    { "left", 0, 0, G_OPTION_ARG_STRING, &e.left, N_("Expand: pixels to add on the left"), "N" },
    { "right", 0, 0, G_OPTION_ARG_STRING, &e.right, N_("Expand: pixels to add on the right"), "N" },
    { "to-aspect", 0, 0, G_OPTION_ARG_STRING, &e.to_aspect, N_("Expand: add centred margins to reach this aspect ratio"), "W:H" },
  };
  g_autofree GOptionEntry *entries = fs_cli_generate_option_entries_with (&o, TRUE, edit_entries,
                                                                          G_N_ELEMENTS (edit_entries));
  g_autoptr(GError) error = NULL;
  g_autoptr(FsCatalog) catalog = NULL;
  g_autoptr(FsRequest) request = NULL;
  g_autoptr(FsLibrary) library = NULL;
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(JsonObject) preset = NULL;
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
  if (o.preset != NULL && (preset = fs_cli_load_preset (&o, &error)) == NULL)
    return fs_cli_fail (error);

  /* An image to edit picks the model that edits it: Fill with a mask,
   * Expand without. */
  if (o.model == NULL && e.image != NULL)
    o.model = g_strdup (e.mask != NULL ? "flux-pro-1.0-fill" : "flux-pro-1.0-expand");
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

  provider_id = fs_cli_choose_provider (&o, &key);
  if (o.model == NULL)
    o.model = g_strdup (g_str_equal (provider_id, "monica") ? "flux_dev" : "flux-2-pro");

  /* A preset's settings first, then the options given here over them. */
  if (preset != NULL)
    {
      g_autofree char *applied = fs_cli_preset_prompt (preset, prompt, &error);

      if (applied == NULL)
        return fs_cli_fail (error);
      g_free (prompt);
      prompt = g_steal_pointer (&applied);
      if ((request = fs_preset_to_request (preset, catalog, provider_id, o.model, &error)) == NULL)
        return fs_cli_fail (error);
      /* The preset's references, unless --ref names others. */
      if (o.refs == NULL && !fs_cli_preset_references (preset, request, &error))
        return fs_cli_fail (error);
    }
  else
    request = fs_request_new (provider_id, o.model);
  fs_request_set_prompt (request, prompt);
  model = fs_catalog_lookup (catalog, o.model);
  /* Everything is checked before anything is sent. */
  if ((model != NULL && !fs_cli_apply_options (request, model, &o, &error)) ||
      (library = fs_cli_open_library (o.library, TRUE, &error)) == NULL ||
      !fs_cli_add_references (request, o.refs, &error) ||
      !add_edit (request, &e, &error) ||
      (plan = fs_cli_plan (&o, request, catalog, &error)) == NULL)
    status = fs_cli_fail (error);
  else
    {
      fs_cli_warn_budget (library, fs_cli_estimate (plan, catalog, NULL));
      status = run_jobs (plan, catalog, library, &o, key);
    }

  if (key != NULL)
    fs_secrets_free_key (g_steal_pointer (&key));
  return status;
}
