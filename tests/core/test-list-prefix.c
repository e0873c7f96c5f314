/* test-list-prefix.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-list-prefix.h"
#include "fs-test-util.h"

/* The first items of a list: a mirror kept only from the prefix's
 * items-changed always equals the list's head, through thousands of
 * random insertions, removals, splices and limit changes; and an
 * insertion at the head is passed on as one, not as the rest of the list
 * removed and added again. */

typedef struct
{
  GListStore   *store;
  FsListPrefix *prefix;
  GPtrArray    *mirror;     /* what a view of the prefix would hold */
  guint         emissions;
  guint         most_removed;
} Fixture;

static void
mirror_cb (GListModel *model,
           guint       position,
           guint       removed,
           guint       added,
           Fixture    *f)
{
  g_assert_cmpuint (position + removed, <=, f->mirror->len);
  g_ptr_array_remove_range (f->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    {
      /* The model answers for its new state during the signal. */
      GObject *item = g_list_model_get_item (model, position + i);

      g_assert_nonnull (item);
      g_ptr_array_insert (f->mirror, position + i, item);
    }
  g_assert_cmpuint (f->mirror->len, ==, g_list_model_get_n_items (model));
  f->emissions++;
  f->most_removed = MAX (f->most_removed, removed);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->store = g_list_store_new (G_TYPE_OBJECT);
  f->mirror = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->prefix);
  g_clear_object (&f->store);
  g_clear_pointer (&f->mirror, g_ptr_array_unref);
}

static void
watch (Fixture *f,
       guint    limit)
{
  f->prefix = fs_list_prefix_new (G_LIST_MODEL (f->store), limit);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (f->prefix)); i++)
    g_ptr_array_add (f->mirror, g_list_model_get_item (G_LIST_MODEL (f->prefix), i));
  g_signal_connect (f->prefix, "items-changed", G_CALLBACK (mirror_cb), f);
}

static void
add_new (Fixture *f,
         guint    position,
         guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_object_new (G_TYPE_OBJECT, NULL);

      g_list_store_insert (f->store, position + i, item);
    }
}

/* The mirror is the list's head, as long as the limit. */
static void
assert_head (Fixture *f)
{
  guint n = MIN (fs_list_prefix_get_limit (f->prefix),
                 g_list_model_get_n_items (G_LIST_MODEL (f->store)));

  g_assert_cmpuint (f->mirror->len, ==, n);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->prefix)), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (f->store), i);

      g_assert_true (g_ptr_array_index (f->mirror, i) == item);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->prefix), n));
}

static void
test_head_insert (Fixture       *f,
                  gconstpointer  data)
{
  add_new (f, 0, 100);
  watch (f, 10);
  assert_head (f);

  /* One new item at the head: it comes in, the tenth goes; nothing else
   * is touched. */
  add_new (f, 0, 1);
  assert_head (f);
  g_assert_cmpuint (f->emissions, ==, 2);
  g_assert_cmpuint (f->most_removed, ==, 1);

  /* Removed from the middle: the next one comes in at the end. */
  f->emissions = f->most_removed = 0;
  g_list_store_remove (f->store, 4);
  assert_head (f);
  g_assert_cmpuint (f->emissions, ==, 2);
  g_assert_cmpuint (f->most_removed, ==, 1);

  /* Beyond the head: nothing said. */
  f->emissions = 0;
  g_list_store_remove (f->store, 50);
  add_new (f, 60, 3);
  g_assert_cmpuint (f->emissions, ==, 0);
  assert_head (f);
}

static void
test_limit (Fixture       *f,
            gconstpointer  data)
{
  add_new (f, 0, 30);
  watch (f, 0);
  assert_head (f);
  fs_list_prefix_set_limit (f->prefix, 12);
  assert_head (f);
  fs_list_prefix_set_limit (f->prefix, FS_LIST_PREFIX_ALL);
  assert_head (f);
  g_assert_cmpuint (f->mirror->len, ==, 30);
  fs_list_prefix_set_limit (f->prefix, 5);
  assert_head (f);

  /* Unlimited, every change is passed on as it came. */
  fs_list_prefix_set_limit (f->prefix, FS_LIST_PREFIX_ALL);
  f->emissions = 0;
  add_new (f, 7, 1);
  g_assert_cmpuint (f->emissions, ==, 1);
  assert_head (f);
}

static void
test_random (Fixture       *f,
             gconstpointer  data)
{
  GRand *rand = g_rand_new_with_seed (20261207);

  add_new (f, 0, 40);
  watch (f, 16);
  for (guint step = 0; step < 5000; step++)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (f->store));
      guint position = g_rand_int_range (rand, 0, n + 1);
      guint removed = position < n ? g_rand_int_range (rand, 0, MIN (n - position, 20) + 1) : 0;
      guint added = g_rand_int_range (rand, 0, 20);

      switch (g_rand_int_range (rand, 0, 8))
        {
        case 0:
          fs_list_prefix_set_limit (f->prefix, g_rand_boolean (rand)
                                                 ? (guint) g_rand_int_range (rand, 0, 60)
                                                 : FS_LIST_PREFIX_ALL);
          break;
        default:
          {
            g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

            for (guint i = 0; i < added; i++)
              g_ptr_array_add (items, g_object_new (G_TYPE_OBJECT, NULL));
            g_list_store_splice (f->store, position, removed, items->pdata, items->len);
          }
        }
      assert_head (f);
    }
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/list-prefix/head-insert", Fixture, NULL, fixture_set_up, test_head_insert,
              fixture_tear_down);
  g_test_add ("/list-prefix/limit", Fixture, NULL, fixture_set_up, test_limit,
              fixture_tear_down);
  g_test_add ("/list-prefix/random", Fixture, NULL, fixture_set_up, test_random,
              fixture_tear_down);

  return g_test_run ();
}
