/* fs-sandbox-provider.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-provider.h"

G_BEGIN_DECLS

/* The offline sandbox: synthesizes deterministic images in process. */
#define FS_TYPE_SANDBOX_PROVIDER (fs_sandbox_provider_get_type ())
G_DECLARE_FINAL_TYPE (FsSandboxProvider, fs_sandbox_provider,
                      FS, SANDBOX_PROVIDER, GObject)

G_END_DECLS
