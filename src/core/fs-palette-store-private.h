/* fs-palette-store-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-palette-store.h"

G_BEGIN_DECLS

/* Shared by fs-palette-store.c (the list, loading, watching the folder)
 * and fs-palette-store-edit.c (add, save, rename, delete, reorder). */

#define ORDER_FILE "order.txt"

struct _FsPaletteStore
{
  GObject       parent_instance;

  GFile        *folder;
  GPtrArray    *items;
  GFileMonitor *monitor;
  GCancellable *cancellable;
  guint         rescan_id;
  /* Writes in flight: a rescan waits for them, so it never reads a file
   * half-way through our own change. */
  guint         busy;
  /* Writes begun so far, and how many had begun when the scan in
   * flight started: a write that began and ended during a scan makes
   * what it read stale too. */
  guint         writes;
  guint         scan_writes;
  gboolean      rescan_pending;
  gboolean      scanning;
  /* Our writes run one after another, in the order they were asked
   * for: a rename's write must not land after a delete of the same
   * file (fs-palette-store-edit.c). The GTask waiting its turn. */
  GQueue        waiting;
  gboolean      writing;
};

void       _fs_palette_store_items_changed (FsPaletteStore *self,
                                            guint           position,
                                            guint           removed,
                                            guint           added);
FsPalette *_fs_palette_store_find_by_path  (GPtrArray      *palettes,
                                            const char     *path,
                                            guint          *position);
/* Around every write of ours, so a rescan never reads one half-done. */
void       _fs_palette_store_begin_write   (FsPaletteStore *self);
void       _fs_palette_store_end_write     (FsPaletteStore *self);

G_END_DECLS
