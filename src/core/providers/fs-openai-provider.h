/* fs-openai-provider.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-provider.h"

G_BEGIN_DECLS

/* OpenAI Images API shape: the APIYI gateway and any
 * OpenAI-compatible server ("apiyi", "openai-compatible"). */
#define FS_TYPE_OPENAI_PROVIDER (fs_openai_provider_get_type ())
G_DECLARE_FINAL_TYPE (FsOpenaiProvider, fs_openai_provider,
                      FS, OPENAI_PROVIDER, GObject)

G_END_DECLS
