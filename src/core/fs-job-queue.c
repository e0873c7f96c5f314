/* fs-job-queue.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fs-job-outcome.h"
#include "fs-job-private.h"
#include "fs-job-queue.h"

typedef enum
{
  ENTRY_WAITING,
  ENTRY_RUNNING,
  ENTRY_FAILED,
} EntryState;

/* What the queue knows of one of its jobs. */
typedef struct
{
  FsJob        *job;
  GCancellable *cancellable;
  EntryState    state;
  /* Retry or Dismiss came while the run was still ending: the card
   * offers them once the stage says failed or unsaved, a moment before
   * the run has written its journal and returned. */
  gboolean      retry;
  gboolean      dismiss;
} Entry;

struct _FsJobQueue
{
  GObject     parent_instance;

  FsCatalog  *catalog;
  GPtrArray  *items;    /* FsJob, the list model, newest first */
  GHashTable *entries;  /* FsJob → Entry */
  GQueue      waiting;  /* Entry, oldest first */
  GHashTable *provider_caps;  /* provider id → cap, looked up once */
  GListStore *finished;       /* FsJobOutcome, newest first, bounded */
  gboolean    paused;         /* nothing waiting starts */
  guint       n_running;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FsJobQueue, fs_job_queue, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_N_RUNNING,
  PROP_PAUSED,
  N_PROPS
};

enum {
  JOB_FINISHED,
  WAITING_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_waiting (FsJobQueue *self);

static void
entry_free (Entry *entry)
{
  g_object_unref (entry->job);
  g_object_unref (entry->cancellable);
  g_free (entry);
}

static GType
fs_job_queue_get_item_type (GListModel *model)
{
  return FS_TYPE_JOB;
}

static guint
fs_job_queue_get_n_items (GListModel *model)
{
  return FS_JOB_QUEUE (model)->items->len;
}

static gpointer
fs_job_queue_get_item (GListModel *model,
                       guint       position)
{
  FsJobQueue *self = FS_JOB_QUEUE (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fs_job_queue_get_item_type;
  iface->get_n_items = fs_job_queue_get_n_items;
  iface->get_item = fs_job_queue_get_item;
}

static void
fs_job_queue_dispose (GObject *object)
{
  FsJobQueue *self = (FsJobQueue *) object;

  /* Every running job holds a reference to the queue, so by now none
   * runs and none waits: only failed jobs are left to drop. */
  g_assert (self->n_running == 0);
  g_queue_clear (&self->waiting);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_pointer (&self->provider_caps, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_object (&self->finished);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (fs_job_queue_parent_class)->dispose (object);
}

static void
fs_job_queue_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FsJobQueue *self = FS_JOB_QUEUE (object);

  switch (prop_id)
    {
    case PROP_N_RUNNING:
      g_value_set_uint (value, self->n_running);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_job_queue_class_init (FsJobQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fs_job_queue_dispose;
  object_class->get_property = fs_job_queue_get_property;

  properties[PROP_N_RUNNING] =
    g_param_spec_uint ("n-running", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The waiting jobs changed: one more, one fewer, another order. */
  signals[WAITING_CHANGED] =
    g_signal_new ("waiting-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* (job, assets or NULL, error or NULL): a GPtrArray of FsAsset on
   * success; the error on failure or cancellation. */
  signals[JOB_FINISHED] =
    g_signal_new ("job-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  FS_TYPE_JOB, G_TYPE_PTR_ARRAY, G_TYPE_ERROR);
}

static void
fs_job_queue_init (FsJobQueue *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->entries = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) entry_free);
  g_queue_init (&self->waiting);
  self->provider_caps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->finished = g_list_store_new (FS_TYPE_JOB_OUTCOME);
}

FsJobQueue *
fs_job_queue_new (FsCatalog *catalog)
{
  FsJobQueue *self;

  g_return_val_if_fail (FS_IS_CATALOG (catalog), NULL);

  self = g_object_new (FS_TYPE_JOB_QUEUE, NULL);
  self->catalog = g_object_ref (catalog);
  return self;
}

guint
fs_job_queue_get_n_running (FsJobQueue *self)
{
  g_return_val_if_fail (FS_IS_JOB_QUEUE (self), 0);
  return self->n_running;
}

static void
set_n_running (FsJobQueue *self,
               guint       n_running)
{
  if (self->n_running == n_running)
    return;
  self->n_running = n_running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RUNNING]);
}

/* Drops the job from the list model and forgets it. */
static void
remove_entry (FsJobQueue *self,
              Entry      *entry)
{
  guint position;

  g_queue_remove (&self->waiting, entry);
  if (g_ptr_array_find (self->items, entry->job, &position))
    {
      g_ptr_array_remove_index (self->items, position);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
    }
  g_hash_table_remove (self->entries, entry->job);
}

/* Caps */

static const char *
job_provider_id (FsJob *job)
{
  return fs_request_get_provider_id (fs_job_get_request (job));
}

static const char *
job_model_id (FsJob *job)
{
  return fs_request_get_model_id (fs_job_get_request (job));
}

static guint
model_cap (FsJobQueue *self,
           const char *provider_id,
           const char *model_id)
{
  FsModel *model = fs_catalog_lookup (self->catalog, model_id);

  return model != NULL ? fs_model_get_max_concurrent (model, provider_id) : 0;
}

/* The jobs running now per provider and per "provider model": counted
 * once per pass over the waiting jobs, not once per waiting job, so a
 * batch of a hundred is not a hundred squared (docs/ARCHITECTURE.md,
 * “Batches”). */
typedef struct
{
  GHashTable *on_provider;  /* provider id → count */
  GHashTable *on_model;     /* "provider model" → count */
} Running;

static char *
model_key (FsJob *job)
{
  return g_strconcat (job_provider_id (job), " ", job_model_id (job), NULL);
}

static void
running_count (FsJobQueue *self,
               Running    *running)
{
  GHashTableIter iter;
  Entry *entry;

  running->on_provider = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  running->on_model = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      const char *provider_id = job_provider_id (entry->job);
      char *key;

      if (entry->state != ENTRY_RUNNING)
        continue;
      key = model_key (entry->job);
      g_hash_table_insert (running->on_provider, g_strdup (provider_id),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (running->on_provider, provider_id)) + 1));
      g_hash_table_insert (running->on_model, key,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (running->on_model, key)) + 1));
    }
}

static void
running_clear (Running *running)
{
  g_clear_pointer (&running->on_provider, g_hash_table_unref);
  g_clear_pointer (&running->on_model, g_hash_table_unref);
}

/* The account-wide cap of a provider, looked up once. A local provider
 * draws in this process: a processor's worth at once keeps a batch of a
 * hundred from holding a hundred images in memory and the main loop from
 * waiting for a core (docs/ARCHITECTURE.md, “Batches”). */
static guint
provider_cap (FsJobQueue *self,
              const char *provider_id)
{
  gpointer cached;
  guint cap;

  if (g_hash_table_lookup_extended (self->provider_caps, provider_id, NULL, &cached))
    return GPOINTER_TO_UINT (cached);

  cap = fs_catalog_get_max_concurrent (self->catalog, provider_id);
  if (cap == 0 && fs_provider_info_lookup (provider_id) != NULL &&
      fs_provider_info_lookup (provider_id)->local)
    cap = MAX (2, g_get_num_processors ());
  g_hash_table_insert (self->provider_caps, g_strdup (provider_id), GUINT_TO_POINTER (cap));
  return cap;
}

/* 0 when @job may start now, else how many tasks fill the cap it waits
 * for. */
static guint
blocking_count (FsJobQueue *self,
                Running    *running,
                FsJob      *job)
{
  const char *provider_id = job_provider_id (job);
  g_autofree char *key = model_key (job);
  guint for_provider = provider_cap (self, provider_id);
  guint for_model = model_cap (self, provider_id, job_model_id (job));
  guint on_provider = GPOINTER_TO_UINT (g_hash_table_lookup (running->on_provider, provider_id));
  guint on_model = GPOINTER_TO_UINT (g_hash_table_lookup (running->on_model, key));

  if (for_provider > 0 && on_provider >= for_provider)
    return on_provider;
  if (for_model > 0 && on_model >= for_model)
    return on_model;
  return 0;
}

/* Finished jobs */

/* The newest first; the oldest goes when there are more than
 * FS_JOB_QUEUE_MAX_FINISHED, so a batch of a hundred keeps a few dozen
 * (docs/ARCHITECTURE.md, “Batches”). */
static void
add_outcome (FsJobQueue *self,
             FsJob      *job,
             GPtrArray  *assets,
             GError     *error)
{
  g_autoptr(FsJobOutcome) outcome = fs_job_outcome_new (job, assets, error);
  guint n;

  g_list_store_insert (self->finished, 0, outcome);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->finished));
  if (n > FS_JOB_QUEUE_MAX_FINISHED)
    g_list_store_splice (self->finished, FS_JOB_QUEUE_MAX_FINISHED,
                         n - FS_JOB_QUEUE_MAX_FINISHED, NULL, 0);
}

/* A job that runs again, or is dismissed, is no longer a finished one. */
static void
drop_outcome (FsJobQueue *self,
              FsJob      *job)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->finished));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FsJobOutcome) outcome = g_list_model_get_item (G_LIST_MODEL (self->finished), i);

      if (fs_job_outcome_get_job (outcome) == job)
        {
          g_list_store_remove (self->finished, i);
          return;
        }
    }
}

GListModel *
fs_job_queue_get_finished (FsJobQueue *self)
{
  g_return_val_if_fail (FS_IS_JOB_QUEUE (self), NULL);
  return G_LIST_MODEL (self->finished);
}

void
fs_job_queue_clear_finished (FsJobQueue *self)
{
  g_return_if_fail (FS_IS_JOB_QUEUE (self));
  g_list_store_remove_all (self->finished);
}

/* Running */

static void
finish_job (FsJobQueue *self,
            Entry      *entry,
            GPtrArray  *assets,
            GError     *error)
{
  g_autoptr(FsJob) job = g_object_ref (entry->job);

  add_outcome (self, job, assets, error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    entry->state = ENTRY_FAILED;
  else
    remove_entry (self, entry);

  g_signal_emit (self, signals[JOB_FINISHED], 0, job, assets, error);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(FsJobQueue) self = user_data;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  FsJob *job = FS_JOB (object);
  Entry *entry;

  assets = fs_job_run_finish (job, result, &error);
  entry = g_hash_table_lookup (self->entries, job);
  g_assert (entry != NULL && entry->state == ENTRY_RUNNING);

  set_n_running (self, self->n_running - 1);
  finish_job (self, entry, assets, error);
  /* A listener may have dismissed the job: look it up again. */
  entry = g_hash_table_lookup (self->entries, job);
  if (entry != NULL && entry->state == ENTRY_FAILED && entry->dismiss)
    {
      drop_outcome (self, job);
      remove_entry (self, entry);
    }
  else if (entry != NULL && entry->state == ENTRY_FAILED && entry->retry &&
           fs_job_get_stage (job) == FS_JOB_UNSAVED)
    fs_job_queue_retry (self, job);
  start_waiting (self);
}

static void
start_entry (FsJobQueue *self,
             Entry      *entry)
{
  entry->state = ENTRY_RUNNING;
  set_n_running (self, self->n_running + 1);
  /* The run holds the queue, so a queue its owner drops never abandons
   * a paid generation half way. */
  fs_job_run_async (entry->job, entry->cancellable, run_cb, g_object_ref (self));
}

static void
set_waiting_text (FsJob *job,
                  guint  n_running)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf (ngettext ("Waiting for a free slot (%u task running)",
                                    "Waiting for a free slot (%u tasks running)",
                                    n_running),
                          n_running);
  _fs_job_set_status (job, FS_JOB_QUEUED, text);
}

static void
update_waiting_texts (FsJobQueue *self)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  Running running;

  for (GList *link = self->waiting.head; link != NULL; link = link->next)
    g_ptr_array_add (jobs, g_object_ref (((Entry *) link->data)->job));

  /* The counts as they are now: a listener that cancels a job meanwhile
   * makes the next pass say so. */
  running_count (self, &running);
  for (guint i = 0; i < jobs->len; i++)
    {
      FsJob *job = g_ptr_array_index (jobs, i);
      Entry *entry = g_hash_table_lookup (self->entries, job);

      /* A listener told of an earlier job's text may have cancelled it. */
      if (entry != NULL && entry->state == ENTRY_WAITING && self->paused)
        _fs_job_set_status (job, FS_JOB_QUEUED, _("Paused"));
      else if (entry != NULL && entry->state == ENTRY_WAITING)
        set_waiting_text (job, blocking_count (self, &running, job));
    }
  running_clear (&running);
}

/* The oldest waiting job that fits now, or NULL; a job held by
 * kontext-max's small cap does not hold back one for another model. */
static Entry *
first_startable (FsJobQueue *self)
{
  Running running;
  Entry *found = NULL;

  if (self->paused)
    return NULL;
  running_count (self, &running);
  for (GList *link = self->waiting.head; link != NULL && found == NULL; link = link->next)
    {
      Entry *entry = link->data;

      if (blocking_count (self, &running, entry->job) == 0)
        found = entry;
    }
  running_clear (&running);
  return found;
}

/* Starting a job notifies its listeners, who may cancel another job and
 * so change the waiting list: each pass starts from its head again. */
static void
start_waiting (FsJobQueue *self)
{
  Entry *entry;

  while ((entry = first_startable (self)) != NULL)
    {
      g_queue_remove (&self->waiting, entry);
      start_entry (self, entry);
    }

  update_waiting_texts (self);
  g_signal_emit (self, signals[WAITING_CHANGED], 0);
}

void
fs_job_queue_add (FsJobQueue *self,
                  FsJob      *job)
{
  Entry *entry;

  g_return_if_fail (FS_IS_JOB_QUEUE (self));
  g_return_if_fail (FS_IS_JOB (job));
  g_return_if_fail (fs_job_get_stage (job) == FS_JOB_QUEUED);
  g_return_if_fail (!g_hash_table_contains (self->entries, job));

  entry = g_new0 (Entry, 1);
  entry->job = g_object_ref (job);
  entry->cancellable = g_cancellable_new ();
  entry->state = ENTRY_WAITING;
  g_hash_table_insert (self->entries, job, entry);

  g_ptr_array_insert (self->items, 0, g_object_ref (job));
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, 1);

  g_queue_push_tail (&self->waiting, entry);
  start_waiting (self);
}

void
fs_job_queue_cancel (FsJobQueue *self,
                     FsJob      *job)
{
  g_autoptr(GError) error = NULL;
  Entry *entry;

  g_return_if_fail (FS_IS_JOB_QUEUE (self));
  g_return_if_fail (FS_IS_JOB (job));

  entry = g_hash_table_lookup (self->entries, job);
  if (entry == NULL || entry->state == ENTRY_FAILED)
    return;

  /* A running job reports its own cancellation through run_cb(). */
  if (entry->state == ENTRY_RUNNING)
    {
      g_cancellable_cancel (entry->cancellable);
      return;
    }

  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The job was cancelled before it was sent"));
  _fs_job_set_status (job, FS_JOB_CANCELLED, _("Cancelled"));
  finish_job (self, entry, NULL, error);
  g_signal_emit (self, signals[WAITING_CHANGED], 0);
}

/* Pausing, cancelling all, reordering (docs/ARCHITECTURE.md, “Batches”) */

gboolean
fs_job_queue_get_paused (FsJobQueue *self)
{
  g_return_val_if_fail (FS_IS_JOB_QUEUE (self), FALSE);
  return self->paused;
}

void
fs_job_queue_set_paused (FsJobQueue *self,
                         gboolean    paused)
{
  g_return_if_fail (FS_IS_JOB_QUEUE (self));

  if (self->paused == !!paused)
    return;
  self->paused = !!paused;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  start_waiting (self);
}

GPtrArray *
fs_job_queue_list_waiting (FsJobQueue *self)
{
  GPtrArray *jobs = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (FS_IS_JOB_QUEUE (self), jobs);

  for (GList *link = self->waiting.head; link != NULL; link = link->next)
    g_ptr_array_add (jobs, g_object_ref (((Entry *) link->data)->job));
  return jobs;
}

void
fs_job_queue_cancel_all (FsJobQueue *self)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  Entry *entry;

  g_return_if_fail (FS_IS_JOB_QUEUE (self));

  /* Waiting ones first, so that none starts in a running one's place. */
  for (GList *link = self->waiting.head; link != NULL; link = link->next)
    g_ptr_array_add (jobs, g_object_ref (((Entry *) link->data)->job));
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (entry->state == ENTRY_RUNNING)
      g_ptr_array_add (jobs, g_object_ref (entry->job));

  for (guint i = 0; i < jobs->len; i++)
    fs_job_queue_cancel (self, g_ptr_array_index (jobs, i));
}

gboolean
fs_job_queue_move (FsJobQueue *self,
                   FsJob      *job,
                   int         delta)
{
  Entry *entry;
  int position, target;

  g_return_val_if_fail (FS_IS_JOB_QUEUE (self), FALSE);
  g_return_val_if_fail (FS_IS_JOB (job), FALSE);

  entry = g_hash_table_lookup (self->entries, job);
  if (entry == NULL || entry->state != ENTRY_WAITING)
    return FALSE;

  position = g_queue_index (&self->waiting, entry);
  target = CLAMP (position + delta, 0, (int) self->waiting.length - 1);
  if (target == position)
    return FALSE;

  g_queue_remove (&self->waiting, entry);
  g_queue_push_nth (&self->waiting, entry, target);
  start_waiting (self);
  return TRUE;
}

double
fs_job_queue_estimate_waiting (FsJobQueue *self,
                               gboolean   *unknown)
{
  double total = 0;

  g_return_val_if_fail (FS_IS_JOB_QUEUE (self), 0);

  if (unknown != NULL)
    *unknown = FALSE;
  for (GList *link = self->waiting.head; link != NULL; link = link->next)
    {
      FsRequest *request = fs_job_get_request (((Entry *) link->data)->job);
      FsModel *model = fs_catalog_lookup (self->catalog, fs_request_get_model_id (request));
      gint64 n = 1;
      double usd = 0;

      fs_request_get_int (request, "num_outputs", &n);
      if (model != NULL && fs_request_estimate_cost (request, model, (guint) MAX (1, n), &usd))
        total += usd;
      else if (unknown != NULL)
        *unknown = TRUE;
    }
  return total;
}

void
fs_job_queue_dismiss (FsJobQueue *self,
                      FsJob      *job)
{
  Entry *entry;

  g_return_if_fail (FS_IS_JOB_QUEUE (self));
  g_return_if_fail (FS_IS_JOB (job));

  entry = g_hash_table_lookup (self->entries, job);
  g_return_if_fail (entry != NULL);
  g_return_if_fail (entry->state != ENTRY_WAITING);

  if (entry->state == ENTRY_RUNNING)
    {
      entry->dismiss = TRUE;
      return;
    }

  drop_outcome (self, job);
  remove_entry (self, entry);
}

/* Retry of a job whose results are not all saved: the same job runs
 * again, saving what it has and downloading what only has a link; nothing
 * is sent to the provider again. */
void
fs_job_queue_retry (FsJobQueue *self,
                    FsJob      *job)
{
  Entry *entry;

  g_return_if_fail (FS_IS_JOB_QUEUE (self));
  g_return_if_fail (FS_IS_JOB (job));
  g_return_if_fail (fs_job_get_stage (job) == FS_JOB_UNSAVED);

  entry = g_hash_table_lookup (self->entries, job);
  g_return_if_fail (entry != NULL && entry->state != ENTRY_WAITING);

  if (entry->state == ENTRY_RUNNING)
    {
      entry->retry = TRUE;
      return;
    }

  entry->retry = FALSE;
  drop_outcome (self, job);
  g_clear_object (&entry->cancellable);
  entry->cancellable = g_cancellable_new ();
  entry->state = ENTRY_WAITING;
  g_queue_push_tail (&self->waiting, entry);
  start_waiting (self);
}
