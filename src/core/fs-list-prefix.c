/* fs-list-prefix.c — the first items of a list model, at most a limit,
 * with each change of the list passed on as the change it is.
 *
 * GTK 4.8's GtkSliceListModel passes an insertion at the head of a list
 * longer than its slice as "everything from here removed and added
 * again", which makes a grid rebind every tile and a selection forget
 * what was selected. Here an insertion is an insertion, and what it
 * pushes past the limit goes from the end.
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-list-prefix.h"

struct _FsListPrefix
{
  GObject     parent_instance;

  GListModel *model;
  guint       limit;
  guint       n_shown;  /* what the last items-changed said */
};

static void fs_list_prefix_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FsListPrefix, fs_list_prefix, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      fs_list_prefix_list_model_init))

static GType
prefix_get_item_type (GListModel *model)
{
  return g_list_model_get_item_type (FS_LIST_PREFIX (model)->model);
}

static guint
prefix_get_n_items (GListModel *model)
{
  return FS_LIST_PREFIX (model)->n_shown;
}

static gpointer
prefix_get_item (GListModel *model,
                 guint       position)
{
  FsListPrefix *self = FS_LIST_PREFIX (model);

  return position < self->n_shown ? g_list_model_get_item (self->model, position) : NULL;
}

static void
fs_list_prefix_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = prefix_get_item_type;
  iface->get_n_items = prefix_get_n_items;
  iface->get_item = prefix_get_item;
}

/* Grows or shrinks what is shown, at its end, to what the list and the
 * limit allow. What is shown is a head of the list when this is called. */
static void
fit_end (FsListPrefix *self)
{
  guint target = MIN (self->limit, g_list_model_get_n_items (self->model));
  guint shown = self->n_shown;

  if (target == shown)
    return;
  self->n_shown = target;
  if (target > shown)
    g_list_model_items_changed (G_LIST_MODEL (self), shown, 0, target - shown);
  else
    g_list_model_items_changed (G_LIST_MODEL (self), target, shown - target, 0);
}

static void
items_changed_cb (FsListPrefix *self,
                  guint         position,
                  guint         removed,
                  guint         added)
{
  guint target = MIN (self->limit, g_list_model_get_n_items (self->model));
  guint shown = self->n_shown;

  /* Past what is shown: what is shown is untouched. */
  if (position >= shown)
    {
      fit_end (self);
      return;
    }

  /* Within what is shown: the change itself; what it pushed past the
   * limit, or pulled in from behind it, at the end. */
  if (removed <= shown - position && position + added <= target)
    {
      self->n_shown = shown - removed + added;
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      fit_end (self);
      return;
    }

  /* More added than the limit leaves room for, or removed past what is
   * shown: from here to the end is replaced. */
  self->n_shown = target;
  g_list_model_items_changed (G_LIST_MODEL (self), position, shown - position,
                              target - position);
}

static void
fs_list_prefix_dispose (GObject *object)
{
  FsListPrefix *self = FS_LIST_PREFIX (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (fs_list_prefix_parent_class)->dispose (object);
}

static void
fs_list_prefix_class_init (FsListPrefixClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = fs_list_prefix_dispose;
}

static void
fs_list_prefix_init (FsListPrefix *self)
{
}

/**
 * fs_list_prefix_new:
 * @model: the list
 * @limit: how many of its first items to show, or %FS_LIST_PREFIX_ALL
 *
 * Returns: (transfer full): the first @limit items of @model
 */
FsListPrefix *
fs_list_prefix_new (GListModel *model,
                    guint       limit)
{
  FsListPrefix *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_object_new (FS_TYPE_LIST_PREFIX, NULL);
  self->model = g_object_ref (model);
  self->limit = limit;
  self->n_shown = MIN (limit, g_list_model_get_n_items (model));
  g_signal_connect_object (model, "items-changed", G_CALLBACK (items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

guint
fs_list_prefix_get_limit (FsListPrefix *self)
{
  g_return_val_if_fail (FS_IS_LIST_PREFIX (self), 0);

  return self->limit;
}

void
fs_list_prefix_set_limit (FsListPrefix *self,
                          guint         limit)
{
  g_return_if_fail (FS_IS_LIST_PREFIX (self));

  self->limit = limit;
  fit_end (self);
}
