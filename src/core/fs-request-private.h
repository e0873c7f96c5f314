/* fs-request-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-request.h"

G_BEGIN_DECLS

/* Any integer GVariant, as long as it fits a gint64; shared by the
 * request and its validator. */
gboolean _fs_request_variant_get_int (GVariant *value,
                                      gint64   *out);

G_END_DECLS
