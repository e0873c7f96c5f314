/* fs-bfl-provider.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-provider.h"

G_BEGIN_DECLS

/* Black Forest Labs' native API: async submit, then polls of the
 * returned polling URL. */
#define FS_TYPE_BFL_PROVIDER (fs_bfl_provider_get_type ())
G_DECLARE_FINAL_TYPE (FsBflProvider, fs_bfl_provider,
                      FS, BFL_PROVIDER, GObject)

G_END_DECLS
