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

/* Shared by fs-library.c (the object, its list model, open, save, search
 * and the journal) and fs-library-manage.c (delete, past prompts).
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

  /* The list model: main thread only. */
  GPtrArray      *items;
  GHashTable     *item_paths;
};

typedef enum
{
  UPDATE_PREPEND,
  UPDATE_REPLACE,
  UPDATE_REMOVE,
} UpdateKind;

/* Changes the list model on the main thread: at once when called there,
 * else through the main context. */
void     _fs_library_schedule_update     (FsLibrary           *self,
                                          GPtrArray           *assets,
                                          UpdateKind           kind);
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

G_END_DECLS
