/* fs-reference-composite.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fs-reference.h"

G_BEGIN_DECLS

/* Kontext takes one image: a side-by-side collage of @references (in
 * order, same height, ≤ 4 MP), made in a worker thread; its name says
 * "Collage of image 1, image 2, …". */
void         fs_reference_composite_async  (GPtrArray     *references,
                                            GCancellable  *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer       user_data);
FsReference *fs_reference_composite_finish (GAsyncResult  *result,
                                            GError       **error);

G_END_DECLS
