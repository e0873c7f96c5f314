/* fs-cli-request.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fs-batch.h"
#include "fs-cli.h"
#include "fs-error.h"
#include "fs-reference.h"
#include "fs-variations.h"

/* A request from generate's options, shared by generate and batch (whose
 * rows are the same options, given per row). */

void
fs_cli_generate_options_clear (FsCliGenerateOptions *o)
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
  g_free (o->library);
  g_free (o->count);
  g_free (o->seed_mode);
  g_free (o->preset);
}


gboolean
fs_cli_set_int (FsRequest   *request,
                const char  *name,
                const char  *option,
                const char  *text,
                GError     **error)
{
  return fs_batch_set_int (request, name, option, text, error);
}

/* --size is "WxH": width and height for models on a pixel grid, the
 * "size" field itself for models with a fixed list (Monica). */
static gboolean
set_size (FsRequest        *request,
          FsModel          *model,
          FsCliGenerateOptions  *o,
          GError          **error)
{
  const FsSizeRule *rule;
  g_auto(GStrv) parts = NULL;

  if (o->size == NULL)
    return fs_cli_set_int (request, "width", "--width", o->width, error) &&
           fs_cli_set_int (request, "height", "--height", o->height, error);

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

  return fs_cli_set_int (request, "width", "--size", parts[0], error) &&
         fs_cli_set_int (request, "height", "--size", parts[1], error);
}

gboolean
fs_cli_apply_options (FsRequest        *request,
               FsModel          *model,
               FsCliGenerateOptions  *o,
               GError          **error)
{
  if (!set_size (request, model, o, error) ||
      !fs_cli_set_int (request, "seed", "--seed", o->seed, error) ||
      !fs_cli_set_int (request, "steps", "--steps", o->steps, error) ||
      !fs_batch_set_number (request, "guidance", "--guidance", o->guidance, error) ||
      !fs_cli_set_int (request, "safety_tolerance", "--safety-tolerance", o->safety_tolerance, error) ||
      !fs_cli_set_int (request, "num_outputs", "--num-outputs", o->num_outputs, error) ||
      !fs_batch_set_number (request, "interval", "--interval", o->interval, error) ||
      !fs_batch_set_number (request, "image_prompt_strength", "--image-prompt-strength",
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


/* All references are prepared at once, in worker threads (decoded,
 * turned upright, converted to sRGB, downscaled to 4 MP as in the
 * window), in the order given. Every preparation is waited for, even
 * after a failure, since each writes into @results. */
GPtrArray *
fs_cli_prepare_references (char   **refs,
                           GError **error)
{
  guint n = refs != NULL ? g_strv_length (refs) : 0;
  g_autofree GAsyncResult **results = g_new0 (GAsyncResult *, n + 1);
  g_autoptr(GPtrArray) references = g_ptr_array_new_with_free_func (g_object_unref);
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
        g_ptr_array_add (references, g_steal_pointer (&reference));
      else if (reference == NULL && ok)
        {
          g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                       _("Reference image %u (%s): %s"), i + 1, refs[i], local_error->message);
          ok = FALSE;
        }
    }

  return ok ? g_steal_pointer (&references) : NULL;
}

gboolean
fs_cli_add_references (FsRequest   *request,
                       char       **refs,
                       GError     **error)
{
  g_autoptr(GPtrArray) references = fs_cli_prepare_references (refs, error);

  if (references == NULL)
    return FALSE;
  for (guint i = 0; i < references->len; i++)
    fs_request_add_reference (request, g_ptr_array_index (references, i));
  return TRUE;
}

GStrv
fs_cli_ref_paths (char **refs)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; refs != NULL && refs[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (refs[i]);
      g_autofree char *path = g_file_get_path (file);

      g_strv_builder_add (builder, path != NULL ? path : refs[i]);
    }
  return g_strv_builder_end (builder);
}

const char *
fs_cli_choose_provider (FsCliGenerateOptions  *o,
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


/* generate's options, for generate and batch: --count and --seed-mode
 * with them, --preset for generate (@with_preset), --library and --json. */
GOptionEntry *
fs_cli_generate_option_entries (FsCliGenerateOptions *o,
                                gboolean              with_preset)
{
  return fs_cli_generate_option_entries_with (o, with_preset, NULL, 0);
}

GOptionEntry *
fs_cli_generate_option_entries_with (FsCliGenerateOptions *o,
                                     gboolean              with_preset,
                                     const GOptionEntry   *extra,
                                     guint                 n_extra)
{
  const GOptionEntry entries[] = {
    { "provider", 0, 0, G_OPTION_ARG_STRING, &o->provider, N_("bfl, apiyi, openai-compatible, monica or sandbox"), "P" },
    { "model", 0, 0, G_OPTION_ARG_STRING, &o->model, N_("Model id, see “flux-studio-cli models”"), "M" },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &o->base_url, N_("API base URL (https://, or http:// on loopback)"), "URL" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &o->size, N_("Output size"), "WxH" },
    { "width", 0, 0, G_OPTION_ARG_STRING, &o->width, N_("Output width in pixels"), "W" },
    { "height", 0, 0, G_OPTION_ARG_STRING, &o->height, N_("Output height in pixels"), "H" },
    { "aspect-ratio", 0, 0, G_OPTION_ARG_STRING, &o->aspect_ratio, N_("Aspect ratio (Kontext, Ultra)"), "W:H" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &o->seed, N_("Seed (random when not given)"), "N" },
    { "steps", 0, 0, G_OPTION_ARG_STRING, &o->steps, N_("Inference steps"), "N" },
    { "guidance", 0, 0, G_OPTION_ARG_STRING, &o->guidance, N_("Guidance scale"), "X" },
    { "safety-tolerance", 0, 0, G_OPTION_ARG_STRING, &o->safety_tolerance, N_("Moderation level, 0 strictest"), "N" },
    { "output-format", 0, 0, G_OPTION_ARG_STRING, &o->output_format, N_("jpeg or png"), "FORMAT" },
    { "prompt-upsampling", 0, 0, G_OPTION_ARG_NONE, &o->prompt_upsampling, N_("Let the model expand the prompt"), NULL },
    { "raw", 0, 0, G_OPTION_ARG_NONE, &o->raw, N_("Less processed look (Ultra)"), NULL },
    { "num-outputs", 0, 0, G_OPTION_ARG_STRING, &o->num_outputs, N_("Images per call (Monica)"), "N" },
    { "interval", 0, 0, G_OPTION_ARG_STRING, &o->interval, N_("Output variance, 1–4"), "X" },
    { "image-prompt-strength", 0, 0, G_OPTION_ARG_STRING, &o->image_prompt_strength, N_("Weight of the image prompt (Ultra)"), "X" },
    { "ref", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->refs, N_("Reference image; repeat in order (image 1, image 2 …)"), "FILE" },
    { "json-references", 0, 0, G_OPTION_ARG_NONE, &o->json_references, N_("APIYI: send references as JSON data URLs"), NULL },
    { "count", 0, 0, G_OPTION_ARG_STRING, &o->count, N_("Number of images, 1–16, each saved with its own record"), "N" },
    { "seed-mode", 0, 0, G_OPTION_ARG_STRING, &o->seed_mode, N_("Seeds of several images: random, increment (seed, seed+1 …) or fixed"), "MODE" },
    { "preset", 0, 0, G_OPTION_ARG_STRING, &o->preset, N_("Start from a saved preset; options given here win"), "NAME" },
  };
  guint n = G_N_ELEMENTS (entries) - (with_preset ? 0 : 1);
  GOptionEntry *copy = g_new0 (GOptionEntry, n + n_extra + 3);

  memcpy (copy, entries, sizeof (GOptionEntry) * n);
  if (n_extra > 0)
    memcpy (copy + n, extra, sizeof (GOptionEntry) * n_extra);
  copy[n + n_extra] = fs_cli_option_library (&o->library);
  copy[n + n_extra + 1] = fs_cli_option_json (&o->json, TRUE);
  return copy;
}

gboolean
fs_cli_parse_count (FsCliGenerateOptions  *o,
                    guint                 *count,
                    FsSeedMode            *mode,
                    GError               **error)
{
  guint64 n = 1;

  *mode = o->seed != NULL ? FS_SEED_MODE_INCREMENT : FS_SEED_MODE_RANDOM;
  if (o->count != NULL &&
      !g_ascii_string_to_unsigned (o->count, 10, 1, FS_VARIATIONS_MAX_COUNT, &n, NULL))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("--count takes a number of images from 1 to %u, not “%s”"),
                   FS_VARIATIONS_MAX_COUNT, o->count);
      return FALSE;
    }
  if (o->seed_mode != NULL && !fs_variations_parse_seed_mode (o->seed_mode, mode))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("--seed-mode takes random, increment or fixed, not “%s”"), o->seed_mode);
      return FALSE;
    }
  if (*mode == FS_SEED_MODE_RANDOM && o->seed != NULL && n > 1)
    {
      g_set_error_literal (error, FS_ERROR, FS_ERROR_INVALID,
                           _("--seed-mode random draws every seed: leave out --seed, or use "
                             "--seed-mode increment or fixed"));
      return FALSE;
    }
  if (o->count != NULL && o->num_outputs != NULL)
    {
      g_set_error_literal (error, FS_ERROR, FS_ERROR_INVALID,
                           _("Give either --count or --num-outputs: --count makes that many "
                             "images, in as few calls as the model allows"));
      return FALSE;
    }
  *count = (guint) n;
  return TRUE;
}

/* The requests that make the images --count and --seed-mode ask for of
 * @request (checked), each checked too: an increment may carry a seed
 * past the model's range. */
GPtrArray *
fs_cli_plan (FsCliGenerateOptions  *o,
             FsRequest             *request,
             FsCatalog             *catalog,
             GError               **error)
{
  g_autoptr(GPtrArray) plan = NULL;
  FsSeedMode mode;
  guint count;

  if (!fs_cli_parse_count (o, &count, &mode, error))
    return NULL;
  if (o->count != NULL || o->seed_mode != NULL)
    return fs_variations_plan_checked (request, catalog, count, mode, error);

  if (!fs_request_check (request, catalog, error))
    return NULL;
  plan = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (plan, g_object_ref (request));
  return g_steal_pointer (&plan);
}
