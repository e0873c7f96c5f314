/* fs-variations.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-variations.h"

/* Several images of one request: as several calls, or as fewer calls of
 * several images where the provider makes more than one per call, each
 * call with its own seed so that every image can be made again. */

static const char * const seed_mode_names[] = { "random", "increment", "fixed" };

gboolean
fs_variations_parse_seed_mode (const char *text,
                               FsSeedMode *mode)
{
  g_return_val_if_fail (mode != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (seed_mode_names); i++)
    if (g_str_equal (text, seed_mode_names[i]))
      {
        *mode = (FsSeedMode) i;
        return TRUE;
      }

  return FALSE;
}

const char *
fs_variations_seed_mode_name (FsSeedMode mode)
{
  g_return_val_if_fail (mode <= FS_SEED_MODE_FIXED, NULL);
  return seed_mode_names[mode];
}

guint
fs_variations_n_images (FsRequest *request)
{
  gint64 n = 1;

  g_return_val_if_fail (FS_IS_REQUEST (request), 1);

  if (!fs_request_get_int (request, "num_outputs", &n) || n < 1)
    return 1;
  return (guint) n;
}

/* The seeds stay below 2^31 - 1, the smallest ceiling of the providers
 * (Monica), whatever the mode adds to them. */
static gint64
draw_seed (void)
{
  return g_random_int_range (0, G_MAXINT32 - FS_VARIATIONS_MAX_COUNT);
}

GPtrArray *
fs_variations_plan (FsRequest  *request,
                    FsModel    *model,
                    guint       count,
                    FsSeedMode  mode)
{
  const char *provider_id;
  GPtrArray *plan;
  gboolean takes_seed;
  guint per_call = 1;
  gint64 seed = 0;
  guint made = 0;

  g_return_val_if_fail (FS_IS_REQUEST (request), NULL);
  g_return_val_if_fail (FS_IS_MODEL (model), NULL);
  g_return_val_if_fail (count >= 1 && count <= FS_VARIATIONS_MAX_COUNT, NULL);

  provider_id = fs_request_get_provider_id (request);
  takes_seed = fs_model_find_param (model, provider_id, "seed") != NULL;
  if (fs_model_find_param (model, provider_id, "num_outputs") != NULL)
    per_call = MAX (1, fs_model_get_max_outputs (model, provider_id));
  if (takes_seed && !fs_request_get_int (request, "seed", &seed))
    seed = draw_seed ();

  plan = g_ptr_array_new_with_free_func (g_object_unref);
  while (made < count)
    {
      FsRequest *call = fs_request_copy (request);
      guint n = MIN (per_call, count - made);

      if (per_call > 1)
        fs_request_set_param (call, "num_outputs", g_variant_new_int64 (n));
      if (takes_seed)
        {
          gint64 call_seed = seed;

          if (mode == FS_SEED_MODE_INCREMENT)
            call_seed = seed + made;
          else if (mode == FS_SEED_MODE_RANDOM && made > 0)
            call_seed = draw_seed ();
          fs_request_set_param (call, "seed", g_variant_new_int64 (call_seed));
        }

      g_ptr_array_add (plan, call);
      made += n;
    }

  return plan;
}

GPtrArray *
fs_variations_plan_checked (FsRequest  *request,
                            FsCatalog  *catalog,
                            guint       count,
                            FsSeedMode  mode,
                            GError    **error)
{
  g_autoptr(GPtrArray) plan = NULL;
  FsModel *model;

  g_return_val_if_fail (FS_IS_REQUEST (request), NULL);
  g_return_val_if_fail (FS_IS_CATALOG (catalog), NULL);

  if (!fs_request_check (request, catalog, error))
    return NULL;
  /* A request that checks names a model of the catalog. */
  model = fs_catalog_lookup (catalog, fs_request_get_model_id (request));
  g_return_val_if_fail (model != NULL, NULL);

  plan = fs_variations_plan (request, model, count, mode);
  for (guint i = 0; i < plan->len; i++)
    if (!fs_request_check (g_ptr_array_index (plan, i), catalog, error))
      return NULL;
  return g_steal_pointer (&plan);
}
