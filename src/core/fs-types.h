/* fs-types.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FsAsset          FsAsset;
typedef struct _FsCatalog        FsCatalog;
typedef struct _FsHttp           FsHttp;
typedef struct _FsHttpCall       FsHttpCall;
typedef struct _FsHttpResponse   FsHttpResponse;
typedef struct _FsJob            FsJob;
typedef struct _FsJobQueue       FsJobQueue;
typedef struct _FsLease          FsLease;
typedef struct _FsLibrary        FsLibrary;
typedef struct _FsModel          FsModel;
typedef struct _FsParam          FsParam;
typedef struct _FsProblem        FsProblem;
typedef struct _FsProvider       FsProvider;
typedef struct _FsProviderResult FsProviderResult;
typedef struct _FsReference      FsReference;
typedef struct _FsRequest        FsRequest;

G_END_DECLS
