/* fs-catalog.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fs-types.h"
#include "fs-model.h"

G_BEGIN_DECLS

#define FS_TYPE_CATALOG (fs_catalog_get_type ())
G_DECLARE_FINAL_TYPE (FsCatalog, fs_catalog, FS, CATALOG, GObject)

/* FsCatalog is a GListModel of FsModel in catalog order. */
FsCatalog          *fs_catalog_new_default        (GError        **error);
FsCatalog          *fs_catalog_new_from_data      (const char     *json,
                                                   const char     *user_json,
                                                   const char     *user_path,
                                                   GError        **error);
void                fs_catalog_load_async         (GCancellable   *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer        user_data);
FsCatalog          *fs_catalog_load_finish        (GAsyncResult   *result,
                                                   GError        **error);
FsModel            *fs_catalog_lookup             (FsCatalog      *self,
                                                   const char     *model_id);
/* The cap on active tasks of the whole account at @provider_id: the
 * largest cap any of its models has (BFL: 24); a model with a smaller
 * one (Kontext [max]: 6) also counts on its own. 0 when a model of the
 * provider has none: the provider has no account-wide cap either. */
guint               fs_catalog_get_max_concurrent (FsCatalog      *self,
                                                   const char     *provider_id);
const char * const *fs_catalog_get_warnings       (FsCatalog      *self);

G_END_DECLS
