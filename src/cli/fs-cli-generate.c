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
#include "fs-error.h"
#include "fs-file.h"
#include "fs-json.h"
#include "fs-job.h"
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
  g_autofree GOptionEntry *entries = fs_cli_generate_option_entries (&o, TRUE);
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
                             _("PROMPT — generate images (PROMPT “-” reads standard input)"),
                             entries, &argc, &argv))
    return FS_CLI_EXIT_INVALID;
  if (argc != 2)
    {
      g_printerr ("%s\n", _("flux-studio-cli generate: give exactly one PROMPT (quote it), or - to read it from standard input"));
      return FS_CLI_EXIT_INVALID;
    }

  if ((catalog = fs_cli_load_catalog ()) == NULL)
    return FS_CLI_EXIT_INVALID;
  if ((prompt = read_prompt (argv[1], &error)) == NULL ||
      (o.preset != NULL && (preset = fs_cli_load_preset (&o, &error)) == NULL))
    return fs_cli_fail (error);

  provider_id = fs_cli_choose_provider (&o, &key);
  if (o.model == NULL)
    o.model = g_strdup (g_str_equal (provider_id, "monica") ? "flux_dev" : "flux-2-pro");

  /* A preset's settings first, then the options given here over them. */
  if (preset != NULL)
    {
      g_autofree char *template = fs_preset_expand_prompt (preset, prompt);

      g_free (prompt);
      prompt = g_steal_pointer (&template);
      if ((request = fs_preset_to_request (preset, catalog, provider_id, o.model, &error)) == NULL)
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
