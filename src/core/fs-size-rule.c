/* fs-size-rule.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fs-aspect-ratio.h"
#include "fs-model.h"

/* BFL's examples treat 1 MP as 1024×1024 when they size aspect ratios. */
#define PIXELS_PER_MEGAPIXEL 1048576.0

/* Text forms of sizes, and the size an aspect-ratio rule gives, shared by
 * the catalog and the request validator. */

static gboolean
parse_dimension (const char *text,
                 gsize       length,
                 guint      *value)
{
  guint64 number = 0;

  if (length == 0 || length > 6)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      number = number * 10 + (guint64) (text[i] - '0');
    }

  *value = (guint) number;
  return number > 0;
}

gboolean
fs_size_parse (const char *text,
               guint      *width,
               guint      *height)
{
  const char *x;

  g_return_val_if_fail (width != NULL, FALSE);
  g_return_val_if_fail (height != NULL, FALSE);

  if (text == NULL || (x = strchr (text, 'x')) == NULL)
    return FALSE;

  return parse_dimension (text, x - text, width) &&
         parse_dimension (x + 1, strlen (x + 1), height);
}

static guint
round_to_multiple (double value,
                   guint  multiple)
{
  double rounded = round (value / multiple) * multiple;

  return (guint) MAX (rounded, (double) multiple);
}

gboolean
fs_size_rule_get_aspect_size (const FsSizeRule *rule,
                              const char       *aspect_ratio,
                              guint            *width,
                              guint            *height)
{
  double pixels;
  double ratio;

  g_return_val_if_fail (rule != NULL, FALSE);
  g_return_val_if_fail (width != NULL, FALSE);
  g_return_val_if_fail (height != NULL, FALSE);

  if (rule->kind != FS_SIZE_ASPECT_RATIO ||
      !fs_aspect_ratio_parse (aspect_ratio, &ratio))
    return FALSE;

  pixels = rule->megapixels * PIXELS_PER_MEGAPIXEL;
  *width = round_to_multiple (sqrt (pixels * ratio), MAX (rule->multiple, 1));
  *height = round_to_multiple (sqrt (pixels / ratio), MAX (rule->multiple, 1));
  return TRUE;
}

/* Parameters */
