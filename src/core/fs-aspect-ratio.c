/* fs-aspect-ratio.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fs-aspect-ratio.h"

/* "16:9" as the catalog writes a ratio range and the user types a ratio. */

static gboolean
parse_positive_decimal (const char *text,
                        gsize       length,
                        double     *value)
{
  g_autofree char *copy = g_strndup (text, length);
  guint dots = 0;

  if (length == 0)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (copy[i] == '.')
        dots++;
      else if (!g_ascii_isdigit (copy[i]))
        return FALSE;
    }

  *value = g_ascii_strtod (copy, NULL);
  return dots <= 1 && *value > 0 && isfinite (*value);
}

gboolean
fs_aspect_ratio_parse (const char *text,
                       double     *ratio)
{
  const char *colon;
  double width;
  double height;

  g_return_val_if_fail (ratio != NULL, FALSE);

  if (text == NULL || (colon = strchr (text, ':')) == NULL)
    return FALSE;

  if (!parse_positive_decimal (text, colon - text, &width) ||
      !parse_positive_decimal (colon + 1, strlen (colon + 1), &height))
    return FALSE;

  *ratio = width / height;
  return TRUE;
}
