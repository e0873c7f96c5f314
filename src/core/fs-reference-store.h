/* fs-reference-store.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fs-reference.h"

G_BEGIN_DECLS

/* The content-addressed reference store (docs/ARCHITECTURE.md,
 * “Reference store and caches”):
 * $XDG_DATA_HOME/flux-studio/references/<sha256>.<ext> of the PREPARED
 * bytes (the bytes that were sent). */
void         fs_reference_store_save_async   (FsReference   *reference,
                                              GCancellable  *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer       user_data);
gboolean     fs_reference_store_save_finish  (GAsyncResult  *result,
                                              GError       **error);
void         fs_reference_store_load_async   (const char    *sha256,
                                              GCancellable  *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer       user_data);
/* The same, with the name the slot shows (a result's "reference_names"
 * entry, for Remix); NULL names it by the start of its hash. */
void         fs_reference_store_load_named_async (const char    *sha256,
                                                  const char    *name,
                                                  GCancellable  *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer       user_data);
FsReference *fs_reference_store_load_finish  (GAsyncResult  *result,
                                              GError       **error);

/* The same, blocking: for worker threads and the CLI. A hash the store
 * does not hold is G_IO_ERROR_NOT_FOUND, saying so. */
gboolean     fs_reference_store_save         (FsReference   *reference,
                                              GError       **error);
FsReference *fs_reference_store_load         (const char    *sha256,
                                              const char    *name,
                                              GError       **error);

G_END_DECLS
