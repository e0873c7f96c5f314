/* fs-param.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fs-types.h"

G_BEGIN_DECLS

typedef enum
{
  FS_PARAM_INT,
  FS_PARAM_NUMBER,
  FS_PARAM_BOOL,
  FS_PARAM_ENUM,
  FS_PARAM_STRING,
} FsParamType;

const char         *fs_param_get_name             (FsParam        *param);
const char         *fs_param_get_label            (FsParam        *param);
const char         *fs_param_get_description      (FsParam        *param);
FsParamType         fs_param_get_param_type       (FsParam        *param);
const char         *fs_param_get_wire             (FsParam        *param);
gboolean            fs_param_has_range            (FsParam        *param);
double              fs_param_get_min              (FsParam        *param);
double              fs_param_get_max              (FsParam        *param);
double              fs_param_get_step             (FsParam        *param);
GVariant           *fs_param_get_default          (FsParam        *param);
const char * const *fs_param_get_choices          (FsParam        *param);
const char         *fs_param_get_note             (FsParam        *param);
const char         *fs_param_get_unit             (FsParam        *param);

G_END_DECLS
