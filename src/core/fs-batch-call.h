/* fs-batch-call.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fs-catalog.h"
#include "fs-job.h"
#include "fs-library.h"
#include "fs-provider.h"
#include "fs-request.h"

G_BEGIN_DECLS

/* One call of a batch as its row in table batch_rows holds it
 * (docs/ARCHITECTURE.md, “Batches”): what `flux-studio-cli resume` and the
 * window both make of a dead batch's unsent row. */
typedef struct
{
  guint      line;             /* the row's line in its list */
  char      *job_id;           /* the id its job runs under */
  FsRequest *request;          /* references prepared again */
  char      *base_url;         /* NULL: the front's own for the provider */
  gboolean   json_references;
} FsBatchCall;

void         fs_batch_call_free     (FsBatchCall  *call);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FsBatchCall, fs_batch_call_free)

/* The row fs_library_start_batch_async() journals for one call of a batch:
 * "line", "job_id", "request" (fs_request_to_json()) and "options".
 * @ref_paths are the reference files, prepared again from them when the
 * row is resumed (the CLI); NULL keeps no paths, and the request's
 * references are loaded back from the reference store by their hashes (the
 * window, which keeps them there before journalling). @base_url (NULL for
 * the front's own) and @json_references are the provider's options. */
JsonObject  *fs_batch_call_to_row   (guint                line,
                                     const char          *job_id,
                                     FsRequest           *request,
                                     const char * const  *ref_paths,
                                     const char          *base_url,
                                     gboolean             json_references);

/* A journalled row (an object of fs_library_index_unsent_batch_rows())
 * made back into its call: the request from its record, checked against
 * @catalog, its references prepared again. Blocking: for worker threads
 * and the CLI. FS_ERROR_FAILED when the row cannot be read back,
 * FS_ERROR_INVALID for a reference that can no longer be read. */
FsBatchCall *fs_batch_call_new_from_row (JsonObject    *row,
                                         FsCatalog     *catalog,
                                         GCancellable  *cancellable,
                                         GError       **error);

/* The call's job, not yet run, with the call's job id, so that the
 * journal knows the row as sent once the job has journalled itself. */
FsJob       *fs_batch_call_new_job  (FsBatchCall  *call,
                                     FsCatalog    *catalog,
                                     FsProvider   *provider,
                                     FsLibrary    *library,
                                     const char   *key);

/* fs_batch_call_new_from_row() for each of @rows (kept until done) in a
 * worker thread. */
void         fs_batch_call_new_from_rows_async  (GPtrArray            *rows,
                                                 FsCatalog            *catalog,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
/* The calls (FsBatchCall), in the rows' order, of the rows that could be
 * read; each other row adds “line N: why” to @problems (a GPtrArray of
 * strings, when not NULL). NULL only when cancelled. */
GPtrArray   *fs_batch_call_new_from_rows_finish (GAsyncResult         *result,
                                                 GPtrArray           **problems,
                                                 GError              **error);

G_END_DECLS
