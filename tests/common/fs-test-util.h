/* fs-test-util.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "fs-catalog.h"
#include "fs-job.h"
#include "fs-library.h"
#include "fs-request.h"

G_BEGIN_DECLS

/* The plumbing the tests and benchmarks share. Every helper asserts on
 * what it does itself (a folder made, a library opened, a server
 * listening), so a test's own assertions stay about the code under test. */

/* How long fs_test_wait_result() waits before it fails the test. */
#define FS_TEST_TIMEOUT_SECONDS 60

/* Async to sync on the default main context: pass fs_test_result_cb with
 * a GAsyncResult ** (NULL) as its data, then fs_test_wait_result(). */
void          fs_test_result_cb      (GObject          *source,
                                      GAsyncResult     *result,
                                      gpointer          user_data);
GAsyncResult *fs_test_wait_result    (GAsyncResult    **result);

typedef gboolean (*FsTestCondition) (gpointer data);

/* Iterates the default main context until @condition holds; FALSE if it
 * still does not after @seconds (the caller asserts on it). */
gboolean      fs_test_wait_for       (FsTestCondition   condition,
                                      gpointer          data,
                                      guint             seconds);

/* Throwaway folders under the temporary directory. */
char         *fs_test_make_dir       (const char       *tmpl);
void          fs_test_remove_dir     (const char       *path);

/* A line of /proc/self/status in kB ("VmRSS", "VmHWM" the peak resident
 * set), -1 when it cannot be read: for the benchmarks. */
gint64        fs_test_status_kb      (const char       *field);

/* The built-in catalog (FLUX_STUDIO_MODELS_JSON in the test environment). */
FsCatalog    *fs_test_load_catalog   (void);

/* A library in @dir: images in @dir/gallery, the index in @dir/library.db. */
FsLibrary    *fs_test_library_new    (const char       *dir);
void          fs_test_library_open   (FsLibrary        *library);
FsAsset      *fs_test_save_sandbox   (FsLibrary        *library,
                                      FsCatalog        *catalog,
                                      const char       *prompt,
                                      gint64            seed,
                                      int               width,
                                      int               height);
/* A generated gallery of @n results in @folder, for the benchmarks: one
 * real sandbox image of @size × @size pixels, written @n times, each
 * with a sidecar of its own — prompts from a small vocabulary (some with
 * accents and hex colours), models, providers, seeds, sizes and times
 * (a few minutes apart, newest first), ratings, favourites, collections,
 * references and colour checks, varied from @seed. No index is made. */
void          fs_test_generate_archive (const char     *folder,
                                        guint           n,
                                        int             size,
                                        guint32         seed);
/* Runs @argv and returns its standard output; a failure to start, or an
 * exit other than 0, ends the program with the command's words. */
char         *fs_test_run_output     (const char * const *argv);
/* Benchmarks: the median of @values (double), sorting them, -1 when
 * empty. */
double        fs_test_median         (GArray           *values);
GPtrArray    *fs_test_run_job        (FsJob            *job,
                                      GCancellable     *cancellable,
                                      GError          **error);

/* A @width × @height image of one colour (0xRRGGBBAA) in @format
 * ("png", "jpeg"), as gdk-pixbuf encodes it. */
GBytes       *fs_test_make_image     (const char       *format,
                                      int               width,
                                      int               height,
                                      guint32           rgba);

/* The image an edit starts from: a @width × @height PNG of one colour,
 * named "source.png", its own sha256 as the parent, no path. */
FsEditSource *fs_test_edit_source    (int               width,
                                      int               height,
                                      guint32           rgba);
/* A Fill mask of @width × @height: 255 inside the rectangle @x, @y,
 * @rect_width, @rect_height, 0 elsewhere (fs_mask_encode_png()). */
FsReference  *fs_test_mask           (guint             width,
                                      guint             height,
                                      guint             x,
                                      guint             y,
                                      guint             rect_width,
                                      guint             rect_height);

/* "[[[…]]]" nested @depth levels deep: JSON that json-glib alone would
 * recurse into until the stack runs out (80000 does). */
char         *fs_test_nested_json    (guint             depth);

/* Loopback servers: the base URL has no trailing slash. */
char         *fs_test_server_listen  (SoupServer       *server,
                                      const char       *address);
SoupServer   *fs_test_server_new     (SoupServerCallback callback,
                                      gpointer          user_data,
                                      char            **base_url);
void          fs_test_server_free    (SoupServer       *server);

/* Request parameters by type. */
void          fs_test_set_int        (FsRequest        *request,
                                      const char       *name,
                                      gint64            value);
void          fs_test_set_double     (FsRequest        *request,
                                      const char       *name,
                                      double            value);
void          fs_test_set_bool       (FsRequest        *request,
                                      const char       *name,
                                      gboolean          value);
void          fs_test_set_string     (FsRequest        *request,
                                      const char       *name,
                                      const char       *value);

/* One column of the job journal row of @job_id (the first row when
 * NULL) in the library index at @db_path, or NULL. */
char      *fs_test_journal_column         (const char *db_path,
                                           const char *job_id,
                                           const char *column);
/* The first column of the first row of @sql (with @argument bound to ?1
 * when not NULL) in the index at @db_path, as text, or NULL. */
char      *fs_test_query_string           (const char *db_path,
                                           const char *sql,
                                           const char *argument);
/* Waits up to 5 s, running the main context, for the row's state. */
gboolean   fs_test_wait_for_journal_state (const char *db_path,
                                           const char *job_id,
                                           const char *want);

G_END_DECLS
