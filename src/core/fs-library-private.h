/* fs-library-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-library.h"
#include "fs-library-store.h"

G_BEGIN_DECLS

/* Shared by the files of FsLibrary: fs-library.c (the object, its list
 * model, open, rebuild, save and the journal), fs-library-manage.c
 * (delete, past prompts), fs-library-find.c (queries, finding images by
 * name, loading records), fs-library-marks.c (favourites and ratings),
 * fs-library-collections.c, fs-library-watch.c (the live folder),
 * fs-library-colour.c, fs-library-verify.c and fs-library-jobs.c.
 *
 * The main-thread half of the library: the list model and the async API.
 * The blocking work runs in GTask worker threads, in FsLibraryStore. */
struct _FsLibrary
{
  GObject         parent_instance;

  GFile          *folder;
  char           *db_path;
  FsLibraryStore *store;
  /* Cancelled by dispose; workers check it as well as their caller's. */
  GCancellable   *cancellable;

  /* The list model, newest first: main thread only. Each image has one
   * item, found by its path (the table borrows the items' paths). */
  GPtrArray      *items;
  GHashTable     *item_paths;

  gboolean        loading;
  gboolean        rebuilding;
  double          rebuild_progress;
  guint           loads;         /* opens and rebuilds running */
  guint           background;    /* leases ending in workers nobody waits for */

  /* FsCollection, sorted by name (fs-library-collections.c). */
  GListStore     *collections;
  gboolean        collections_refreshing;
  gboolean        collections_stale;

  /* The live folder (fs-library-watch.c). */
  GFileMonitor   *monitor;
  GHashTable     *pending_stems;
  gboolean        pending_all;
  guint           reconcile_source;
  gboolean        reconciling;
};

typedef enum
{
  UPDATE_ADD,       /* new images in their place, known ones updated */
  UPDATE_REPLACE,
  UPDATE_APPEND,
  UPDATE_REMOVE,
} UpdateKind;

/* Changes the list model on the main thread: at once when called there,
 * else through the main context. */
void     _fs_library_schedule_update     (FsLibrary           *self,
                                          GPtrArray           *assets,
                                          UpdateKind           kind);
/* The list model's item for the image at @path, or NULL. */
FsAsset *_fs_library_find_item           (FsLibrary           *self,
                                          const char          *path);
/* Adds each of @assets in its place in the list, newest first; an image
 * listed already has its item updated (or replaced, when its record
 * changed). */
void     _fs_library_add_items           (FsLibrary           *self,
                                          GPtrArray           *assets);
/* Removes the items of the images at @paths. */
void     _fs_library_remove_paths        (FsLibrary           *self,
                                          GPtrArray           *paths);
/* Takes the marks (favourite, rating, collections) and colour check of
 * each of @sources into the list's item for its image and into each of
 * @others (may be NULL) for the same image; the items that changed are
 * reported with items-changed. */
void     _fs_library_publish_marks       (FsLibrary           *self,
                                          GPtrArray           *sources,
                                          GPtrArray           *others);
/* Returns the task's error when the library or the caller cancelled. */
gboolean _fs_library_return_if_cancelled (FsLibrary           *self,
                                          GTask               *task);
/* Runs @worker in a task that reports to @done with @outer as user data,
 * finishing even when the caller cancels. */
void     _fs_library_run_in_worker       (FsLibrary           *self,
                                          GCancellable        *cancellable,
                                          GTaskThreadFunc      worker,
                                          GAsyncReadyCallback  done,
                                          GTask               *outer,
                                          gpointer             task_data,
                                          GDestroyNotify       task_data_free);
/* The @done of a worker that returns a saved FsAsset: it goes to the head
 * of the list model, then to @outer's caller. */
void     _fs_library_saved_cb            (GObject             *object,
                                          GAsyncResult        *result,
                                          gpointer             user_data);
/* Runs @worker in a task that answers the caller directly. */
void     _fs_library_run_simple          (FsLibrary           *self,
                                          gpointer             source_tag,
                                          GTaskThreadFunc      worker,
                                          gpointer             task_data,
                                          GDestroyNotify       task_data_free,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
/* The assets of @hits (FsLibraryIndexHit), each replaced by the list's
 * item for its image when there is one. */
GPtrArray *_fs_library_hits_to_items     (FsLibrary           *self,
                                          GPtrArray           *hits);

/* A change to sidecars (fs-library-marks.c): @before and @after, when
 * set, run in the worker around the rewrites (they may add @targets);
 * then, on the main thread, the results' marks reach the list's items
 * and the caller's assets. */
typedef struct _FsLibraryEdit FsLibraryEdit;
struct _FsLibraryEdit
{
  GPtrArray          *targets;      /* FsAsset */
  FsLibraryEditFunc   func;
  gboolean          (*before)       (FsLibrary      *self,
                                     FsLibraryEdit  *edit,
                                     GError        **error);
  gboolean          (*after)        (FsLibrary      *self,
                                     FsLibraryEdit  *edit,
                                     GError        **error);
  guint               rating;
  gboolean            favourite;
  char               *name;
  char               *new_name;
  gboolean            collections;  /* the collections change: refresh them */

  /* Set by the worker. */
  GPtrArray          *results;      /* FsAsset, as now recorded */
  GError             *error;
};

FsLibraryEdit *_fs_library_edit_new      (GPtrArray           *targets,
                                          FsLibraryEditFunc    func);
/* Takes @edit. */
void     _fs_library_edit_async          (FsLibrary           *self,
                                          FsLibraryEdit       *edit,
                                          gpointer             source_tag,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean _fs_library_edit_finish         (FsLibrary           *self,
                                          GAsyncResult        *result,
                                          GError             **error);
/* After a successful _finish(): the edited images as now recorded. */
GPtrArray *_fs_library_edit_dup_results  (GAsyncResult        *result);

/* fs-library-collections.c: reads the collections again into the list
 * model of fs_library_get_collections(). */
void     _fs_library_refresh_collections (FsLibrary           *self);

/* fs-library-watch.c: watches the gallery folder, and brings the index
 * and the list in line with it now (@stems NULL: the whole folder). */
void     _fs_library_watch_start         (FsLibrary           *self);
void     _fs_library_watch_stop          (FsLibrary           *self);
void     _fs_library_reconcile           (FsLibrary           *self,
                                          GHashTable          *stems);

G_END_DECLS
