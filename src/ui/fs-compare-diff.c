/* fs-compare-diff.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-compare-diff.h"

/* Prompts longer than this many words each are compared as wholes: the
 * table of a word diff grows with the product of the lengths. */
#define MAX_DIFF_WORDS 2000

void
fs_compare_setting_free (FsCompareSetting *setting)
{
  if (setting == NULL)
    return;

  g_free (setting->label);
  g_strfreev (setting->values);
  g_free (setting);
}

static char *
param_text (FsAsset    *asset,
            const char *name)
{
  JsonObject *params = fs_asset_get_params (asset);
  JsonNode *node = params != NULL ? json_object_get_member (params, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    default:
      return NULL;
    }
}

static char *
references_text (FsAsset *asset)
{
  const char * const *names = fs_asset_get_reference_names (asset);
  guint n = fs_asset_get_n_references (asset);

  if (n == 0)
    return g_strdup (_("None"));
  if (names != NULL && names[0] != NULL)
    return g_strjoinv (", ", (char **) names);

  return g_strdup_printf ("%u", n);
}

enum { SEED, MODEL, PROVIDER, SIZE, STEPS, GUIDANCE, REFERENCES, N_FIELDS };

static char *
field_text (FsAsset *asset,
            guint    field)
{
  switch (field)
    {
    case SEED:
      return fs_asset_get_seed (asset) >= 0
             ? g_strdup_printf ("%" G_GINT64_FORMAT, fs_asset_get_seed (asset)) : NULL;
    case MODEL:
      return g_strdup (fs_asset_get_model_name (asset));
    case PROVIDER:
      return g_strdup (fs_asset_get_provider_id (asset));
    case SIZE:
      return fs_asset_get_width (asset) > 0
             ? g_strdup_printf ("%u × %u", fs_asset_get_width (asset),
                                fs_asset_get_height (asset)) : NULL;
    case STEPS:
      return param_text (asset, "steps");
    case GUIDANCE:
      return param_text (asset, "guidance");
    case REFERENCES:
      return references_text (asset);
    default:
      g_assert_not_reached ();
    }
}

/**
 * fs_compare_diff_settings:
 * @assets: (element-type FsAsset): two or more images
 *
 * Returns: (transfer full) (element-type FsCompareSetting): the settings
 */
GPtrArray *
fs_compare_diff_settings (GPtrArray *assets)
{
  const char *labels[N_FIELDS] = {
    [SEED] = _("Seed"),
    [MODEL] = _("Model"),
    [PROVIDER] = _("Provider"),
    [SIZE] = _("Size"),
    [STEPS] = _("Steps"),
    [GUIDANCE] = _("Guidance"),
    [REFERENCES] = _("References"),
  };
  GPtrArray *settings = g_ptr_array_new_with_free_func ((GDestroyNotify) fs_compare_setting_free);

  g_return_val_if_fail (assets != NULL, settings);

  for (guint field = 0; field < N_FIELDS; field++)
    {
      FsCompareSetting *setting = g_new0 (FsCompareSetting, 1);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      setting->label = g_strdup (labels[field]);
      for (guint i = 0; i < assets->len; i++)
        {
          g_autofree char *text = field_text (g_ptr_array_index (assets, i), field);

          g_strv_builder_add (builder, text != NULL ? text : "—");
        }
      setting->values = g_strv_builder_end (builder);
      for (guint i = 1; setting->values[0] != NULL && setting->values[i] != NULL; i++)
        setting->differs |= g_strcmp0 (setting->values[0], setting->values[i]) != 0;
      g_ptr_array_add (settings, setting);
    }

  return settings;
}

/* Words ------------------------------------------------------------------------ */

static void
append_word (GString    *markup,
             const char *word,
             const char *span)
{
  g_autofree char *escaped = g_markup_escape_text (word, -1);

  if (markup->len > 0)
    g_string_append_c (markup, ' ');
  if (span != NULL)
    g_string_append_printf (markup, "<span %s>%s</span>", span, escaped);
  else
    g_string_append (markup, escaped);
}

/* Colour is not the only cue: struck through for words gone, underlined
 * for words new. */
#define SPAN_GONE "strikethrough=\"true\" background=\"#e01b24\" bgalpha=\"25%\""
#define SPAN_NEW  "underline=\"single\" background=\"#2ec27e\" bgalpha=\"25%\""

gboolean
fs_compare_diff_words (const char  *a,
                       const char  *b,
                       char       **markup_a,
                       char       **markup_b)
{
  g_auto(GStrv) wa = g_strsplit_set (a != NULL ? a : "", " \t\n\r", -1);
  g_auto(GStrv) wb = g_strsplit_set (b != NULL ? b : "", " \t\n\r", -1);
  g_autoptr(GPtrArray) va = g_ptr_array_new ();
  g_autoptr(GPtrArray) vb = g_ptr_array_new ();
  g_autoptr(GString) ma = g_string_new (NULL);
  g_autoptr(GString) mb = g_string_new (NULL);
  g_autofree guint *table = NULL;
  guint n, m, i, j;
  gboolean differs = FALSE;

  g_return_val_if_fail (markup_a != NULL && markup_b != NULL, FALSE);

  for (i = 0; wa[i] != NULL; i++)
    if (*wa[i] != '\0')
      g_ptr_array_add (va, wa[i]);
  for (i = 0; wb[i] != NULL; i++)
    if (*wb[i] != '\0')
      g_ptr_array_add (vb, wb[i]);
  n = va->len;
  m = vb->len;

  if (n > MAX_DIFF_WORDS || m > MAX_DIFF_WORDS)
    {
      differs = g_strcmp0 (a, b) != 0;
      for (i = 0; i < n; i++)
        append_word (ma, va->pdata[i], differs ? SPAN_GONE : NULL);
      for (j = 0; j < m; j++)
        append_word (mb, vb->pdata[j], differs ? SPAN_NEW : NULL);
      *markup_a = g_string_free (g_steal_pointer (&ma), FALSE);
      *markup_b = g_string_free (g_steal_pointer (&mb), FALSE);
      return differs;
    }

  /* The longest common subsequence of words, from the ends:
   * table[i][j] is that of va[i..] and vb[j..]. */
  table = g_new0 (guint, (gsize) (n + 1) * (m + 1));
#define T(x, y) table[(gsize) (x) * (m + 1) + (y)]
  for (i = n; i-- > 0;)
    for (j = m; j-- > 0;)
      T (i, j) = g_str_equal (va->pdata[i], vb->pdata[j])
                 ? T (i + 1, j + 1) + 1
                 : MAX (T (i + 1, j), T (i, j + 1));

  i = j = 0;
  while (i < n || j < m)
    {
      if (i < n && j < m && g_str_equal (va->pdata[i], vb->pdata[j]))
        {
          append_word (ma, va->pdata[i++], NULL);
          append_word (mb, vb->pdata[j++], NULL);
        }
      else if (j < m && (i == n || T (i, j + 1) >= T (i + 1, j)))
        {
          append_word (mb, vb->pdata[j++], SPAN_NEW);
          differs = TRUE;
        }
      else
        {
          append_word (ma, va->pdata[i++], SPAN_GONE);
          differs = TRUE;
        }
    }
#undef T

  *markup_a = g_string_free (g_steal_pointer (&ma), FALSE);
  *markup_b = g_string_free (g_steal_pointer (&mb), FALSE);
  return differs;
}
