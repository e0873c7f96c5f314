/* fs-param.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-model-private.h"

/* One parameter of a model on one provider, as the catalog resolved it
 * (fs-catalog-param.c). Owned by its model; read-only after loading. */

void
_fs_param_free (FsParam *param)
{
  g_free (param->name);
  g_free (param->label);
  g_free (param->description);
  g_free (param->wire);
  g_free (param->unit);
  g_free (param->note);
  g_clear_pointer (&param->default_value, g_variant_unref);
  g_strfreev (param->choices);
  g_free (param);
}

const char *
fs_param_get_name (FsParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);

  return param->name;
}

const char *
fs_param_get_label (FsParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);

  return param->label;
}

const char *
fs_param_get_description (FsParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);

  return param->description;
}

FsParamType
fs_param_get_param_type (FsParam *param)
{
  g_return_val_if_fail (param != NULL, FS_PARAM_STRING);

  return param->type;
}

const char *
fs_param_get_wire (FsParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);

  return param->wire;
}

/* Whether the data gives a min or a max; an open side is the widest
 * value the type holds (±2^53−1 for int, ±G_MAXDOUBLE for number). */
gboolean
fs_param_has_range (FsParam *param)
{
  g_return_val_if_fail (param != NULL, FALSE);

  return param->has_range;
}

double
fs_param_get_min (FsParam *param)
{
  g_return_val_if_fail (param != NULL, 0);

  return param->min;
}

double
fs_param_get_max (FsParam *param)
{
  g_return_val_if_fail (param != NULL, 0);

  return param->max;
}

/* The grid values must sit on, counted from min; 0 means any value. */
double
fs_param_get_step (FsParam *param)
{
  g_return_val_if_fail (param != NULL, 0);

  return param->step;
}

/* Borrowed; NULL when the provider decides (a random seed, say). Types:
 * int "x", number "d", bool "b", enum and string "s". */
GVariant *
fs_param_get_default (FsParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);

  return param->default_value;
}

const char * const *
fs_param_get_choices (FsParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);

  return (const char * const *) param->choices;
}

const char *
fs_param_get_note (FsParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);

  return param->note;
}

const char *
fs_param_get_unit (FsParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);

  return param->unit;
}
