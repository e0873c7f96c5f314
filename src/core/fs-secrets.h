/* fs-secrets.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* API keys: one Secret Service item per provider, falling back to the
 * provider's environment variable (BFL_API_KEY …). Keys are returned as
 * non-pageable secret memory where possible and must be freed with
 * fs_secrets_free_key(). Never log, print or store them elsewhere. */
void      fs_secrets_lookup_async  (const char    *provider_id,
                                    GCancellable  *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer       user_data);
/* NULL without error when no key is set anywhere. */
char     *fs_secrets_lookup_finish (GAsyncResult  *result,
                                    GError       **error);
void      fs_secrets_store_async   (const char    *provider_id,
                                    const char    *key,
                                    GCancellable  *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer       user_data);
gboolean  fs_secrets_store_finish  (GAsyncResult  *result,
                                    GError       **error);
void      fs_secrets_clear_async   (const char    *provider_id,
                                    GCancellable  *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer       user_data);
gboolean  fs_secrets_clear_finish  (GAsyncResult  *result,
                                    GError       **error);
void      fs_secrets_free_key      (char          *key);

G_END_DECLS
