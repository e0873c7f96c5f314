/* fs-export.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fs-types.h"

G_BEGIN_DECLS

/* Export: copies of gallery images written to a folder, with their record
 * inside the file, or with no metadata at all (docs/ARCHITECTURE.md,
 * “Export”). The originals are never changed. */

typedef enum /*< flags >*/
{
  FS_EXPORT_NONE           = 0,
  /* Clean copies: no text, EXIF, XMP or C2PA; colour profiles stay. */
  FS_EXPORT_STRIP_METADATA = 1 << 0,
} FsExportFlags;

/* What became of one image. */
typedef struct
{
  char     *source;     /* the original's path */
  char     *path;       /* the copy's path; NULL when none was written */
  gboolean  stripped;   /* the copy has no metadata */
  gboolean  truncated;  /* the prompt was shortened to fit a JPEG's XMP */
  GError   *error;      /* why no copy was written, or NULL */
} FsExportResult;

void            fs_export_result_free (FsExportResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FsExportResult, fs_export_result_free)

/* Writes one copy of @asset's image into @folder (which must exist), under
 * the original's name, or "name (2).png", "name (3).png" … when that is
 * taken: never over an existing file. The copy goes through a fsynced
 * temporary file in @folder and is published without replacing anything.
 * Returns its path. Blocking: worker threads only. */
char           *fs_export_copy        (FsAsset        *asset,
                                       const char     *folder,
                                       FsExportFlags   flags,
                                       gboolean       *truncated,
                                       GCancellable   *cancellable,
                                       GError        **error);

/* One copy of each of @assets (FsAsset) in @folder, made when missing, in
 * a worker thread. Finishes with a GPtrArray of FsExportResult in the
 * order of @assets — an image that could not be copied has its error
 * there, and the others are still written — or NULL with an error when
 * @folder cannot be made or is not a folder. For the detail page, the
 * gallery's selection and the CLI alike. */
void            fs_export_async       (GPtrArray            *assets,
                                       const char           *folder,
                                       FsExportFlags         flags,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
GPtrArray      *fs_export_finish      (GAsyncResult         *result,
                                       GError              **error);

G_END_DECLS
