/* fs-batch.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fs-catalog.h"
#include "fs-request.h"
#include "fs-variations.h"

G_BEGIN_DECLS

/* One job of a prompt list (docs/ARCHITECTURE.md, “Batches”): its
 * prompt, with the {a|b} alternatives already chosen, and the settings
 * its row gives, as text (NULL where the row gives none: the defaults
 * apply). */
typedef struct
{
  guint   line;          /* where the row starts in the file, from 1 */
  char   *prompt;
  char   *provider;
  char   *model;
  char   *width;
  char   *height;
  char   *aspect_ratio;
  char   *seed;
  char   *steps;
  char   *guidance;
  char   *count;
  char  **refs;          /* reference files, in order; NULL for none */
} FsBatchRow;

void        fs_batch_row_free  (FsBatchRow  *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FsBatchRow, fs_batch_row_free)

/* The most jobs one row's alternatives may expand to. */
#define FS_BATCH_MAX_EXPANSIONS 256

/* The prompts @prompt's {a|b|c} groups make, every combination in order
 * ("{a|b} {c|d}" makes four). A group is braces holding at least one |
 * and no brace or line break, so a JSON prompt is left as it is.
 * FS_ERROR_INVALID past FS_BATCH_MAX_EXPANSIONS. */
GStrv       fs_batch_expand    (const char  *prompt,
                                GError     **error);

/* The rows of a prompt list named @name (.txt: one prompt a line, blank
 * lines skipped; .csv: a header row naming the columns; .jsonl: one
 * object a line) holding @text, expanded: a row per alternative. Every
 * problem is added to @problems as "line N: what is wrong"; the rows
 * without problems are returned all the same. FS_ERROR_INVALID (NULL) for
 * a name of another kind or text that is not UTF-8. */
GPtrArray  *fs_batch_parse     (const char  *name,
                                const char  *text,
                                gsize        length,
                                GPtrArray   *problems,
                                GError     **error);

/* Sets parameter @name from @text, a whole number (or any number), given
 * as @label (an option such as "--seed", or a prompt list's column);
 * nothing for NULL @text; FS_ERROR_INVALID naming @label otherwise. */
gboolean    fs_batch_set_int   (FsRequest    *request,
                                const char   *name,
                                const char   *label,
                                const char   *text,
                                GError      **error);
gboolean    fs_batch_set_number (FsRequest   *request,
                                 const char  *name,
                                 const char  *label,
                                 const char  *text,
                                 GError     **error);

/* The request @row makes (fs-batch-request.c): @defaults with the row's
 * prompt and settings; a row naming another provider or model than
 * @defaults' starts from that model's defaults; the row's size (width,
 * height, aspect ratio) replaces the defaults' as a whole; @references
 * (prepared, for a row naming files) replace the defaults'. @count holds
 * the number of images without a "count" column and gets the row's.
 * Checked against @catalog: FS_ERROR_INVALID saying what is wrong. No
 * I/O: the main thread may call it. */
FsRequest  *fs_batch_row_apply (FsBatchRow   *row,
                                FsRequest    *defaults,
                                GPtrArray    *references,
                                FsCatalog    *catalog,
                                guint        *count,
                                GError      **error);
/* The calls @row makes, for the window's Generate and `batch` alike:
 * fs_batch_row_apply(), then its number of images (the row's "count", or
 * @count) as fs_variations_plan_checked() makes them, the seeds following
 * @mode — a row that gives a seed counts up from it when @mode is
 * random. Every call checked; FS_ERROR_INVALID saying what is wrong (the
 * caller names the line). No I/O. */
GPtrArray  *fs_batch_row_plan  (FsBatchRow   *row,
                                FsRequest    *defaults,
                                GPtrArray    *references,
                                FsCatalog    *catalog,
                                guint         count,
                                FsSeedMode    mode,
                                GError      **error);
/* The paths of the row's reference files, in order: "~/" is the home
 * folder's, a relative path @folder's (the list's folder). Empty for a
 * row without references. */
GStrv       fs_batch_row_ref_paths (FsBatchRow  *row,
                                    const char  *folder);
/* The row's reference files (fs_batch_row_ref_paths()) read and prepared
 * as they will be sent; blocking, for a worker thread or the CLI. */
GPtrArray  *fs_batch_row_prepare_references (FsBatchRow    *row,
                                             const char    *folder,
                                             GCancellable  *cancellable,
                                             GError       **error);

G_END_DECLS
