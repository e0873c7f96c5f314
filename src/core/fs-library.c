/* fs-library.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fs-asset-private.h"
#include "fs-collection.h"
#include "fs-library-private.h"


static gpointer
copy_ref (gconstpointer object,
          gpointer      user_data)
{
  return g_object_ref ((gpointer) object);
}

/* How many of the newest images an open lists first, so that the window
 * shows them while the rest of a large library is read. */
#define FIRST_PAGE 200

/* How often a rebuild reports its progress, at most. */
#define PROGRESS_INTERVAL_US (100 * 1000)

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FsLibrary, fs_library, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      list_model_iface_init))

enum {
  PROP_0,
  PROP_FOLDER,
  PROP_DB_PATH,
  PROP_N_ITEMS,
  PROP_LOADING,
  PROP_REBUILDING,
  PROP_REBUILD_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  JsonObject *record;
  GBytes     *image;
  guint       index;
} SaveData;

typedef struct
{
  char *job_id;
  char *state;
  char *request_json;
  char *polling_url;
  char *detail;
} JournalData;

typedef struct
{
  FsLibrary  *self;
  GPtrArray  *assets;
  UpdateKind  kind;
} ModelUpdate;

/* A rebuild's progress, from its worker to the main thread. */
typedef struct
{
  FsLibrary *self;
  gint64     last_report;
} Progress;

typedef struct
{
  FsLibrary *self;
  guint      done;
  guint      total;
} ProgressReport;

/* An open or a rebuild: what its worker lists. The first page of an open
 * reaches the list before the rest; @first_shown says it did. */
typedef struct
{
  FsLibrary *self;
  gboolean   index_only;
  GPtrArray *first;
  GPtrArray *rest;
  gint       first_shown;
  guint      count;
} LoadData;

static void
save_data_free (SaveData *data)
{
  json_object_unref (data->record);
  g_bytes_unref (data->image);
  g_free (data);
}

static void
journal_data_free (JournalData *data)
{
  g_free (data->job_id);
  g_free (data->state);
  g_free (data->request_json);
  g_free (data->polling_url);
  g_free (data->detail);
  g_free (data);
}

static void
load_data_free (LoadData *data)
{
  g_clear_pointer (&data->first, g_ptr_array_unref);
  g_clear_pointer (&data->rest, g_ptr_array_unref);
  g_free (data);
}

static GType
fs_library_get_item_type (GListModel *model)
{
  return FS_TYPE_ASSET;
}

static guint
fs_library_get_n_items (GListModel *model)
{
  return FS_LIBRARY (model)->items->len;
}

static gpointer
fs_library_get_item (GListModel *model,
                     guint       position)
{
  FsLibrary *self = FS_LIBRARY (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fs_library_get_item_type;
  iface->get_n_items = fs_library_get_n_items;
  iface->get_item = fs_library_get_item;
}

/* The list model ----------------------------------------------------------- */

static void
items_changed (FsLibrary *self,
               guint      position,
               guint      removed,
               guint      added)
{
  if (removed == 0 && added == 0)
    return;

  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

FsAsset *
_fs_library_find_item (FsLibrary  *self,
                       const char *path)
{
  return g_hash_table_lookup (self->item_paths, path);
}

static guint
item_position (FsLibrary *self,
               FsAsset   *item)
{
  guint position;

  if (!g_ptr_array_find (self->items, item, &position))
    g_assert_not_reached ();
  return position;
}

/* The same object stays for an image whose record is unchanged, so that
 * what holds it (a tile, a selection, a detail page) sees its marks
 * change rather than an object go. */
static FsAsset *
reuse_item (FsLibrary *self,
            FsAsset   *asset)
{
  FsAsset *old = _fs_library_find_item (self, fs_asset_get_path (asset));

  if (old == NULL || !_fs_asset_same_record (old, asset))
    return asset;

  _fs_asset_update_from (old, asset);
  _fs_asset_set_damage (old, fs_asset_get_damage (asset));
  return old;
}

static void
replace_items (FsLibrary *self,
               GPtrArray *assets)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (assets->len, g_object_unref);
  g_autoptr(GPtrArray) old = NULL;
  g_autoptr(GHashTable) paths = g_hash_table_new (g_str_hash, g_str_equal);
  guint removed = self->items->len;

  for (guint i = 0; i < assets->len; i++)
    {
      FsAsset *asset = reuse_item (self, g_ptr_array_index (assets, i));

      if (g_hash_table_add (paths, (gpointer) fs_asset_get_path (asset)))
        g_ptr_array_add (items, g_object_ref (asset));
    }

  /* The table borrows its keys from the items: the old items go after it
   * is replaced. */
  old = g_steal_pointer (&self->items);
  self->items = g_steal_pointer (&items);
  g_hash_table_remove_all (self->item_paths);
  for (guint i = 0; i < self->items->len; i++)
    {
      FsAsset *item = g_ptr_array_index (self->items, i);

      g_hash_table_insert (self->item_paths, (gpointer) fs_asset_get_path (item), item);
    }

  items_changed (self, 0, removed, self->items->len);
}

static void
append_items (FsLibrary *self,
              GPtrArray *assets)
{
  guint position = self->items->len;

  for (guint i = 0; i < assets->len; i++)
    {
      FsAsset *asset = g_ptr_array_index (assets, i);

      if (g_hash_table_contains (self->item_paths, fs_asset_get_path (asset)))
        continue;
      g_ptr_array_add (self->items, g_object_ref (asset));
      g_hash_table_insert (self->item_paths, (gpointer) fs_asset_get_path (asset), asset);
    }

  items_changed (self, position, 0, self->items->len - position);
}

/* Newest first: after the items made at the same time or later. */
static guint
sorted_position (FsLibrary *self,
                 FsAsset   *asset)
{
  gint64 created = _fs_asset_get_created_us (asset);
  guint low = 0, high = self->items->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (_fs_asset_get_created_us (g_ptr_array_index (self->items, middle)) >= created)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

static void
add_item (FsLibrary *self,
          FsAsset   *asset)
{
  FsAsset *old = _fs_library_find_item (self, fs_asset_get_path (asset));
  guint position;

  if (old == asset)
    return;

  if (old != NULL)
    {
      gboolean changed;

      position = item_position (self, old);
      /* The folder's watch may list an image this process is saving
       * before the save's own asset arrives: the whole record wins. */
      if (_fs_asset_same_record (old, asset) &&
          (fs_asset_has_record (old) || !fs_asset_has_record (asset)))
        {
          changed = _fs_asset_update_from (old, asset);
          changed |= _fs_asset_set_damage (old, fs_asset_get_damage (asset));
          if (changed)
            items_changed (self, position, 1, 1);
          return;
        }
      if (_fs_asset_same_record (old, asset))
        {
          /* A save's asset was not looked at again: the listing's was. */
          if (fs_asset_get_damage (asset) == FS_ASSET_INTACT)
            _fs_asset_set_damage (asset, fs_asset_get_damage (old));
          g_hash_table_replace (self->item_paths, (gpointer) fs_asset_get_path (asset), asset);
          g_ptr_array_insert (self->items, position, g_object_ref (asset));
          g_ptr_array_remove_index (self->items, position + 1);
          items_changed (self, position, 1, 1);
          return;
        }

      /* Another record for the same file: the new one takes its place. */
      g_hash_table_remove (self->item_paths, fs_asset_get_path (old));
      g_ptr_array_remove_index (self->items, position);
      items_changed (self, position, 1, 0);
    }

  position = sorted_position (self, asset);
  g_ptr_array_insert (self->items, position, g_object_ref (asset));
  g_hash_table_insert (self->item_paths, (gpointer) fs_asset_get_path (asset), asset);
  items_changed (self, position, 0, 1);
}

void
_fs_library_add_items (FsLibrary *self,
                       GPtrArray *assets)
{
  for (guint i = 0; i < assets->len; i++)
    add_item (self, g_ptr_array_index (assets, i));
}

/* One pass, whatever the number of paths; one change from the first item
 * removed on, when there are several. */
void
_fs_library_remove_paths (FsLibrary *self,
                          GPtrArray *paths)
{
  g_autoptr(GHashTable) gone = g_hash_table_new (g_str_hash, g_str_equal);
  guint first = G_MAXUINT;
  guint before = self->items->len;
  guint kept = 0;

  for (guint i = 0; i < paths->len; i++)
    {
      if (g_hash_table_contains (self->item_paths, g_ptr_array_index (paths, i)))
        g_hash_table_add (gone, g_ptr_array_index (paths, i));
    }
  if (g_hash_table_size (gone) == 0)
    return;

  for (guint i = 0; i < self->items->len; i++)
    {
      FsAsset *item = g_ptr_array_index (self->items, i);

      if (g_hash_table_contains (gone, fs_asset_get_path (item)))
        {
          first = MIN (first, i);
          /* The table borrows the item's path: it goes before the item. */
          g_hash_table_remove (self->item_paths, fs_asset_get_path (item));
          g_object_unref (item);
          continue;
        }
      self->items->pdata[kept++] = item;
    }
  self->items->len = kept;

  if (g_hash_table_size (gone) == 1)
    items_changed (self, first, 1, 0);
  else
    items_changed (self, first, before - first, kept - first);
}

void
_fs_library_publish_marks (FsLibrary *self,
                           GPtrArray *sources,
                           GPtrArray *others)
{
  g_autoptr(GHashTable) by_path = g_hash_table_new (g_str_hash, g_str_equal);
  guint run_start = 0, run_length = 0;

  for (guint i = 0; i < sources->len; i++)
    {
      FsAsset *source = g_ptr_array_index (sources, i);

      g_hash_table_replace (by_path, (gpointer) fs_asset_get_path (source), source);
    }

  /* A selection of thousands changes in one pass, reported in runs. */
  for (guint i = 0; i <= self->items->len; i++)
    {
      FsAsset *item = i < self->items->len ? g_ptr_array_index (self->items, i) : NULL;
      FsAsset *source = item ? g_hash_table_lookup (by_path, fs_asset_get_path (item)) : NULL;
      gboolean changed = source != NULL && _fs_asset_update_from (item, source);

      if (changed && run_length == 0)
        run_start = i;
      if (changed)
        run_length++;
      else if (run_length > 0)
        {
          g_list_model_items_changed (G_LIST_MODEL (self), run_start, run_length, run_length);
          run_length = 0;
        }
    }

  /* The caller's objects, when they are not the items themselves. */
  for (guint i = 0; others != NULL && i < others->len; i++)
    {
      FsAsset *other = g_ptr_array_index (others, i);
      FsAsset *source = g_hash_table_lookup (by_path, fs_asset_get_path (other));

      if (source != NULL)
        _fs_asset_update_from (other, source);
    }
}

static gboolean
model_update_cb (gpointer user_data)
{
  ModelUpdate *update = user_data;
  FsLibrary *self = update->self;

  if (g_cancellable_is_cancelled (self->cancellable))
    return G_SOURCE_REMOVE;

  switch (update->kind)
    {
    case UPDATE_REPLACE:
      replace_items (self, update->assets);
      break;
    case UPDATE_APPEND:
      append_items (self, update->assets);
      break;
    case UPDATE_ADD:
      _fs_library_add_items (self, update->assets);
      break;
    case UPDATE_REMOVE:
      {
        g_autoptr(GPtrArray) paths = g_ptr_array_new ();

        for (guint i = 0; i < update->assets->len; i++)
          g_ptr_array_add (paths, (gpointer) fs_asset_get_path (g_ptr_array_index (update->assets, i)));
        _fs_library_remove_paths (self, paths);
      }
      break;
    default:
      g_assert_not_reached ();
    }

  return G_SOURCE_REMOVE;
}

static void
model_update_free (gpointer user_data)
{
  ModelUpdate *update = user_data;

  g_object_unref (update->self);
  g_ptr_array_unref (update->assets);
  g_free (update);
}

/* The list model belongs to the main thread. Called from a GTask callback
 * there, this runs at once; a call made from another thread's context
 * hands the change to the main context instead. */
void
_fs_library_schedule_update (FsLibrary  *self,
                             GPtrArray  *assets,
                             UpdateKind  kind)
{
  ModelUpdate *update = g_new0 (ModelUpdate, 1);

  update->self = g_object_ref (self);
  update->assets = g_ptr_array_ref (assets);
  update->kind = kind;

  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, model_update_cb,
                              update, model_update_free);
}

GPtrArray *
_fs_library_hits_to_items (FsLibrary *self,
                           GPtrArray *hits)
{
  GPtrArray *assets = g_ptr_array_new_full (hits->len, g_object_unref);

  for (guint i = 0; i < hits->len; i++)
    {
      FsLibraryIndexHit *hit = g_ptr_array_index (hits, i);
      FsAsset *item = _fs_library_find_item (self, hit->path);

      /* An image the caller knew that left the list meanwhile is gone. */
      if (item != NULL || hit->asset != NULL)
        g_ptr_array_add (assets, g_object_ref (item != NULL ? item : hit->asset));
    }

  return assets;
}

/* Loading ------------------------------------------------------------------ */

static void
set_loading (FsLibrary *self,
             gboolean   loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_rebuilding (FsLibrary *self,
                gboolean   rebuilding,
                double     progress)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->rebuilding != rebuilding)
    {
      self->rebuilding = rebuilding;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REBUILDING]);
    }
  if (self->rebuild_progress != progress)
    {
      self->rebuild_progress = progress;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REBUILD_PROGRESS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
load_started (FsLibrary *self)
{
  self->loads++;
  set_loading (self, TRUE);
}

static void
load_ended (FsLibrary *self)
{
  g_assert (self->loads > 0);
  if (--self->loads > 0)
    return;

  set_rebuilding (self, FALSE, self->rebuild_progress);
  set_loading (self, FALSE);
}

static gboolean
progress_report_cb (gpointer user_data)
{
  ProgressReport *report = user_data;

  if (!g_cancellable_is_cancelled (report->self->cancellable))
    set_rebuilding (report->self, report->done < report->total,
                    report->total > 0 ? (double) report->done / report->total : 1.0);
  return G_SOURCE_REMOVE;
}

static void
progress_report_free (gpointer user_data)
{
  ProgressReport *report = user_data;

  g_object_unref (report->self);
  g_free (report);
}

/* From the worker: the first and the last step always, the others at
 * most every PROGRESS_INTERVAL_US. */
static void
progress_cb (guint     done,
             guint     total,
             gpointer  user_data)
{
  Progress *progress = user_data;
  gint64 now = g_get_monotonic_time ();
  ProgressReport *report;

  if (done != 0 && done != total && now - progress->last_report < PROGRESS_INTERVAL_US)
    return;

  progress->last_report = now;
  report = g_new0 (ProgressReport, 1);
  report->self = g_object_ref (progress->self);
  report->done = done;
  report->total = total;
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, progress_report_cb, report,
                              progress_report_free);
}

static GPtrArray *
take_assets (GPtrArray *hits)
{
  GPtrArray *assets = g_ptr_array_new_full (hits->len, g_object_unref);

  for (guint i = 0; i < hits->len; i++)
    {
      FsLibraryIndexHit *hit = g_ptr_array_index (hits, i);

      g_ptr_array_add (assets, g_steal_pointer (&hit->asset));
    }

  return assets;
}

static gboolean
first_page_cb (gpointer user_data)
{
  LoadData *data = g_task_get_task_data (G_TASK (user_data));

  if (!g_cancellable_is_cancelled (data->self->cancellable))
    {
      replace_items (data->self, data->first);
      g_atomic_int_set (&data->first_shown, TRUE);
    }
  return G_SOURCE_REMOVE;
}

/* The newest page first, to the list at once, then the rest after it. */
static gboolean
list_pages (FsLibrary  *self,
            GTask      *task,
            gboolean    first_page,
            GError    **error)
{
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) rest = NULL;
  FsLibraryIndexFilter filter = { 0 };
  FsLibraryIndexHit *last;

  filter.limit = first_page ? FIRST_PAGE : 0;
  first = fs_library_store_list (self->store, &filter, error);
  if (first == NULL)
    return FALSE;
  data->first = take_assets (first);
  if (!first_page || first->len < FIRST_PAGE)
    return TRUE;

  /* The task, and with it @data, lives until the page is shown. */
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, first_page_cb, g_object_ref (task),
                              g_object_unref);

  last = g_ptr_array_index (first, first->len - 1);
  filter.limit = 0;
  filter.after = TRUE;
  filter.after_created = last->created;
  filter.after_id = last->id;
  rest = fs_library_store_list (self->store, &filter, error);
  if (rest == NULL)
    return FALSE;
  data->rest = take_assets (rest);
  return TRUE;
}

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  LoadData *data = task_data;
  Progress progress = { self, 0 };
  GError *error = NULL;
  gboolean ok;

  if (_fs_library_return_if_cancelled (self, task))
    return;

  if (g_task_get_source_tag (task) == fs_library_rebuild_async)
    ok = fs_library_store_rebuild (self->store, progress_cb, &progress, cancellable,
                                   &data->count, &error) &&
         list_pages (self, task, FALSE, &error);
  else
    ok = fs_library_store_prepare (self->store, progress_cb, &progress, cancellable, &error) &&
         (data->index_only || list_pages (self, task, TRUE, &error));

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Runs on the caller's thread: the model changes before the caller's
 * callback sees the result. */
static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  FsLibrary *self = FS_LIBRARY (object);
  g_autoptr(GTask) outer = user_data;
  LoadData *data = g_task_get_task_data (G_TASK (result));
  gpointer tag = g_task_get_source_tag (outer);
  GError *error = NULL;

  load_ended (self);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }

  if (!data->index_only && !g_cancellable_is_cancelled (self->cancellable))
    {
      /* The first page's update runs before this callback, as both go to
       * the main context in order; it is not counted on. */
      if (!g_atomic_int_get (&data->first_shown))
        {
          if (data->rest != NULL)
            g_ptr_array_extend (data->first, data->rest, copy_ref, NULL);
          replace_items (self, data->first);
        }
      else if (data->rest != NULL)
        append_items (self, data->rest);

      /* The window's side list will want the collections. */
      if (tag == fs_library_open_async && self->collections == NULL)
        fs_library_get_collections (self);
      else
        _fs_library_refresh_collections (self);

      if (tag == fs_library_open_async)
        {
          _fs_library_watch_start (self);
          /* What changed in the folder while no one watched it. */
          _fs_library_reconcile (self, NULL);
        }
    }

  if (tag == fs_library_rebuild_async)
    g_task_return_int (outer, data->count);
  else
    g_task_return_boolean (outer, TRUE);
}

gboolean
_fs_library_return_if_cancelled (FsLibrary *self,
                                 GTask     *task)
{
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The library was closed"));
      return TRUE;
    }

  return g_task_return_error_if_cancelled (task);
}

void
_fs_library_run_in_worker (FsLibrary           *self,
                           GCancellable        *cancellable,
                           GTaskThreadFunc      worker,
                           GAsyncReadyCallback  done,
                           GTask               *outer,
                           gpointer             task_data,
                           GDestroyNotify       task_data_free)
{
  g_autoptr(GTask) inner = g_task_new (self, cancellable, done, outer);

  /* Work the worker finished must reach the model even when the caller
   * cancels meanwhile; the outer task decides what the caller sees. */
  g_task_set_check_cancellable (inner, FALSE);
  g_task_set_source_tag (inner, g_task_get_source_tag (outer));
  g_task_set_task_data (inner, task_data, task_data_free);
  g_task_run_in_thread (inner, worker);
}

/* The unfinished jobs. */
static void
unfinished_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  GError *error = NULL;
  GPtrArray *array;

  if (_fs_library_return_if_cancelled (self, task))
    return;

  array = fs_library_store_unfinished (self->store, &error);
  if (array == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, array, (GDestroyNotify)g_ptr_array_unref);
}

static void
save_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  SaveData *data = task_data;
  GError *error = NULL;
  FsAsset *asset;

  /* Once writing has begun a save completes: the bytes may be paid for. */
  if (_fs_library_return_if_cancelled (self, task))
    return;

  asset = fs_library_store_save (self->store, data->record, data->image,
                                 data->index, &error);
  if (asset == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, asset, g_object_unref);
}

void
_fs_library_saved_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  FsLibrary *self = FS_LIBRARY (object);
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GPtrArray) assets = NULL;
  GError *error = NULL;
  FsAsset *asset;

  asset = g_task_propagate_pointer (G_TASK (result), &error);
  if (asset == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }

  assets = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (assets, g_object_ref (asset));
  _fs_library_schedule_update (self, assets, UPDATE_ADD);
  g_task_return_pointer (outer, asset, g_object_unref);
}

static void
journal_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  JournalData *data = task_data;
  GError *error = NULL;

  if (_fs_library_return_if_cancelled (self, task))
    return;

  if (fs_library_store_journal (self->store, data->job_id, data->state,
                                data->request_json, data->polling_url,
                                data->detail, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
fs_library_constructed (GObject *object)
{
  FsLibrary *self = (FsLibrary *)object;
  g_autofree char *folder_path = NULL;

  G_OBJECT_CLASS (fs_library_parent_class)->constructed (object);

  g_assert (G_IS_FILE (self->folder));
  g_assert (self->db_path != NULL);

  folder_path = g_file_get_path (self->folder);
  self->store = fs_library_store_new (folder_path, self->db_path);
}

static void
fs_library_dispose (GObject *object)
{
  FsLibrary *self = (FsLibrary *)object;

  g_cancellable_cancel (self->cancellable);
  _fs_library_watch_stop (self);
  g_hash_table_remove_all (self->item_paths);
  g_ptr_array_set_size (self->items, 0);
  if (self->collections != NULL)
    g_list_store_remove_all (self->collections);

  G_OBJECT_CLASS (fs_library_parent_class)->dispose (object);
}

static void
fs_library_finalize (GObject *object)
{
  FsLibrary *self = (FsLibrary *)object;

  /* Closes the index. */
  g_clear_pointer (&self->store, fs_library_store_free);
  g_clear_object (&self->folder);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->collections);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->item_paths, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->pending_stems, g_hash_table_unref);

  G_OBJECT_CLASS (fs_library_parent_class)->finalize (object);
}

static void
fs_library_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FsLibrary *self = FS_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      g_value_set_object (value, self->folder);
      break;

    case PROP_DB_PATH:
      g_value_set_string (value, self->db_path);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_REBUILDING:
      g_value_set_boolean (value, self->rebuilding);
      break;

    case PROP_REBUILD_PROGRESS:
      g_value_set_double (value, self->rebuild_progress);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_library_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  FsLibrary *self = FS_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      self->folder = g_value_dup_object (value);
      break;

    case PROP_DB_PATH:
      self->db_path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_library_class_init (FsLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags readable = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = fs_library_constructed;
  object_class->dispose = fs_library_dispose;
  object_class->finalize = fs_library_finalize;
  object_class->get_property = fs_library_get_property;
  object_class->set_property = fs_library_set_property;

  properties[PROP_FOLDER] =
    g_param_spec_object ("folder", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_DB_PATH] =
    g_param_spec_string ("db-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       readable);

  /* TRUE while an open or a rebuild fills the list: the gallery says it
   * is loading rather than that it is empty. */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, readable);

  /* TRUE while the index is rebuilt from the sidecars, with the share of
   * them read so far in "rebuild-progress" (0 to 1). */
  properties[PROP_REBUILDING] =
    g_param_spec_boolean ("rebuilding", NULL, NULL, FALSE, readable);
  properties[PROP_REBUILD_PROGRESS] =
    g_param_spec_double ("rebuild-progress", NULL, NULL, 0.0, 1.0, 0.0, readable);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fs_library_init (FsLibrary *self)
{
  self->cancellable = g_cancellable_new ();
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->item_paths = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * fs_library_new:
 * @folder: the gallery folder (a local one)
 * @db_path: the index database
 *
 * Touches no disk: fs_library_open_async() creates what is missing.
 *
 * Returns: (transfer full): a new #FsLibrary
 */
FsLibrary *
fs_library_new (GFile      *folder,
                const char *db_path)
{
  g_return_val_if_fail (G_IS_FILE (folder), NULL);
  g_return_val_if_fail (g_file_is_native (folder), NULL);
  g_return_val_if_fail (db_path != NULL, NULL);

  return g_object_new (FS_TYPE_LIBRARY,
                       "folder", folder,
                       "db-path", db_path,
                       NULL);
}

FsLibrary *
fs_library_new_default (void)
{
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  g_autofree char *fallback = NULL;
  g_autofree char *folder_path = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(GFile) folder = NULL;

  if (pictures == NULL)
    pictures = fallback = g_build_filename (g_get_home_dir (), "Pictures", NULL);

  folder_path = g_build_filename (pictures, "Flux Studio", NULL);
  db_path = g_build_filename (g_get_user_data_dir (), "flux-studio", "library.db", NULL);
  folder = g_file_new_for_path (folder_path);

  return fs_library_new (folder, db_path);
}

GFile *
fs_library_get_folder (FsLibrary *self)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), NULL);

  return self->folder;
}

const char *
fs_library_get_db_path (FsLibrary *self)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), NULL);

  return self->db_path;
}

gboolean
fs_library_get_loading (FsLibrary *self)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), FALSE);

  return self->loading;
}

gboolean
fs_library_get_rebuilding (FsLibrary *self)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), FALSE);

  return self->rebuilding;
}

double
fs_library_get_rebuild_progress (FsLibrary *self)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), 0.0);

  return self->rebuild_progress;
}

/* Open and rebuild replace the list model before their caller hears. */
static void
start_load (FsLibrary           *self,
            gpointer             source_tag,
            gboolean             index_only,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  LoadData *data = g_new0 (LoadData, 1);

  data->self = self;
  data->index_only = index_only;
  g_task_set_source_tag (outer, source_tag);
  if (!index_only)
    load_started (self);
  else
    self->loads++;
  _fs_library_run_in_worker (self, cancellable, load_worker, load_done_cb, outer,
                             data, (GDestroyNotify) load_data_free);
}

void
fs_library_open_async (FsLibrary           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_load (self, fs_library_open_async, FALSE, cancellable, callback, user_data);
}

gboolean
fs_library_open_finish (FsLibrary     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
fs_library_open_index_async (FsLibrary           *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_load (self, fs_library_open_index_async, TRUE, cancellable, callback, user_data);
}

gboolean
fs_library_open_index_finish (FsLibrary     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
fs_library_save_async (FsLibrary           *self,
                       JsonObject          *record,
                       GBytes              *image,
                       guint                index,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  SaveData *data;
  GTask *outer;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (record != NULL);
  g_return_if_fail (image != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  /* A private copy: the caller may change @record once this returns. */
  data = g_new0 (SaveData, 1);
  data->record = _fs_asset_copy_record (record);
  data->image = g_bytes_ref (image);
  data->index = index;

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, fs_library_save_async);
  /* A save that has begun completes, and its asset is worth more to the
   * caller than a late "cancelled". */
  g_task_set_check_cancellable (outer, FALSE);
  _fs_library_run_in_worker (self, cancellable, save_worker, _fs_library_saved_cb, outer,
                             data, (GDestroyNotify)save_data_free);
}

FsAsset *
fs_library_save_finish (FsLibrary     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
fs_library_rebuild_async (FsLibrary           *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_load (self, fs_library_rebuild_async, FALSE, cancellable, callback, user_data);
}

guint
fs_library_rebuild_finish (FsLibrary     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  gssize count;

  g_return_val_if_fail (FS_IS_LIBRARY (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  count = g_task_propagate_int (G_TASK (result), error);

  return count > 0 ? (guint)count : 0;
}

void
_fs_library_run_simple (FsLibrary           *self,
                        gpointer             source_tag,
                        GTaskThreadFunc      worker,
                        gpointer             task_data,
                        GDestroyNotify       task_data_free,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, task_data, task_data_free);
  g_task_run_in_thread (task, worker);
}

void
fs_library_journal_async (FsLibrary           *self,
                          const char          *job_id,
                          const char          *state,
                          JsonNode            *request,
                          const char          *polling_url,
                          const char          *detail,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  JournalData *data;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (job_id != NULL);
  g_return_if_fail (state != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (JournalData, 1);
  data->job_id = g_strdup (job_id);
  data->state = g_strdup (state);
  data->request_json = request ? json_to_string (request, FALSE) : NULL;
  data->polling_url = g_strdup (polling_url);
  data->detail = g_strdup (detail);

  _fs_library_run_simple (self, fs_library_journal_async, journal_worker,
                          data, (GDestroyNotify)journal_data_free,
                          cancellable, callback, user_data);
}

gboolean
fs_library_journal_finish (FsLibrary     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
fs_library_list_unfinished_async (FsLibrary           *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  _fs_library_run_simple (self, fs_library_list_unfinished_async, unfinished_worker,
                          NULL, NULL, cancellable, callback, user_data);
}

/* Returns: (transfer container) (element-type JsonObject): the unfinished
 * jobs, oldest first, freed with json_object_unref(). */
GPtrArray *
fs_library_list_unfinished_finish (FsLibrary     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (FS_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
