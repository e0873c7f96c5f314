/* fs-monica-provider.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-provider.h"

G_BEGIN_DECLS

/* The Monica Open API Platform's FLUX.1 endpoint. */
#define FS_TYPE_MONICA_PROVIDER (fs_monica_provider_get_type ())
G_DECLARE_FINAL_TYPE (FsMonicaProvider, fs_monica_provider,
                      FS, MONICA_PROVIDER, GObject)

G_END_DECLS
