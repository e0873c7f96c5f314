/* fs-provider-settings.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fs-provider.h"

G_BEGIN_DECLS

/* The provider @provider_id as the preferences in @settings (the
 * APP_ID_BASE schema) set it up: its base URL, and for APIYI and
 * OpenAI-compatible servers how references are sent. The core refuses a
 * remote http:// URL, and that message reaches the user as it is. */
FsProvider *fs_provider_new_for_settings (GSettings   *settings,
                                          const char  *provider_id,
                                          GError     **error);

G_END_DECLS
