/* fs-reference-composite.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "fs-error.h"
#include "fs-reference-composite.h"
#include "fs-reference-pixels.h"
#include "fs-reference-private.h"

/* Kontext reads one image, so several references are laid side by side,
 * in tray order, all at one height: the tallest reference's height, or
 * less when the collage would exceed 4 MP. A small reference is scaled up
 * to that height rather than the large ones down to its height, so that
 * every part of the collage stays legible. */

static GPtrArray *
decode_all (GPtrArray  *references,
            GError    **error)
{
  g_autoptr(GPtrArray) pixbufs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < references->len; i++)
    {
      FsReference *reference = g_ptr_array_index (references, i);
      g_auto(FsDecoded) decoded = { NULL, };
      g_autoptr(GError) decode_error = NULL;
      gboolean rotated;

      if (!_fs_reference_decode (fs_reference_get_bytes (reference), FS_REFERENCE_MAX_PIXELS,
                                 &decoded, &decode_error))
        {
          g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                       /* Translators: a file name, then the decoder's reason */
                       _("“%s” cannot be combined into a collage: %s"),
                       fs_reference_get_name (reference),
                       decode_error != NULL ? decode_error->message : "");
          return NULL;
        }
      /* References loaded without preparing may still be stored sideways. */
      g_ptr_array_add (pixbufs, _fs_reference_make_upright (decoded.pixbuf, &rotated));
    }

  return g_steal_pointer (&pixbufs);
}

/* The common height and each part's width; the sum of the widths times
 * the height is at most 4 MP. */
static guint
layout (GPtrArray *pixbufs,
        guint     *widths)
{
  double aspect_sum = 0;
  guint tallest = 0;
  guint height;

  for (guint i = 0; i < pixbufs->len; i++)
    {
      GdkPixbuf *pixbuf = g_ptr_array_index (pixbufs, i);

      aspect_sum += (double) gdk_pixbuf_get_width (pixbuf) / gdk_pixbuf_get_height (pixbuf);
      tallest = MAX (tallest, (guint) gdk_pixbuf_get_height (pixbuf));
    }

  height = MIN (tallest, (guint) floor (sqrt (FS_REFERENCE_MAX_PIXELS / aspect_sum)));
  for (;; height--)
    {
      guint64 total = 0;

      for (guint i = 0; i < pixbufs->len; i++)
        {
          GdkPixbuf *pixbuf = g_ptr_array_index (pixbufs, i);
          double aspect = (double) gdk_pixbuf_get_width (pixbuf) / gdk_pixbuf_get_height (pixbuf);

          widths[i] = MAX (1, (guint) round (aspect * height));
          total += widths[i];
        }
      if (total * height <= FS_REFERENCE_MAX_PIXELS || height <= 1)
        return height;
    }
}

static GdkPixbuf *
paint (GPtrArray   *pixbufs,
       const guint *widths,
       guint        height)
{
  guint total = 0;
  guint x = 0;
  GdkPixbuf *collage;

  for (guint i = 0; i < pixbufs->len; i++)
    total += widths[i];

  collage = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, (int) total, (int) height);
  /* Transparent parts of a reference show as white, as on a page. */
  gdk_pixbuf_fill (collage, 0xffffffff);

  for (guint i = 0; i < pixbufs->len; i++)
    {
      GdkPixbuf *part = g_ptr_array_index (pixbufs, i);
      double scale_x = (double) widths[i] / gdk_pixbuf_get_width (part);
      double scale_y = (double) height / gdk_pixbuf_get_height (part);

      gdk_pixbuf_composite (part, collage, (int) x, 0, (int) widths[i], (int) height,
                            x, 0, scale_x, scale_y, GDK_INTERP_HYPER, 255);
      x += widths[i];
    }

  return collage;
}

static char *
collage_name (guint count)
{
  g_autoptr(GString) parts = g_string_new (NULL);

  for (guint i = 0; i < count; i++)
    {
      if (i > 0)
        /* Translators: separates "image 1, image 2" in a collage's name */
        g_string_append (parts, C_("collage", ", "));
      /* Translators: a reference by its place in the tray, "image 2" */
      g_string_append_printf (parts, C_("collage", "image %u"), i + 1);
    }

  /* Translators: "Collage of image 1, image 2, image 3" */
  return g_strdup_printf (_("Collage of %s"), parts->str);
}

static FsReference *
make_collage (GPtrArray  *references,
              GError    **error)
{
  g_autoptr(GPtrArray) pixbufs = decode_all (references, error);
  g_autofree guint *widths = NULL;
  g_autoptr(GdkPixbuf) collage = NULL;
  g_autoptr(GBytes) encoded = NULL;
  g_autofree char *name = NULL;
  FsReferenceOrigin origin = { 0, };
  FsReference *reference;
  guint height;

  if (pixbufs == NULL)
    return NULL;

  widths = g_new0 (guint, pixbufs->len);
  height = layout (pixbufs, widths);
  collage = paint (pixbufs, widths, height);
  encoded = _fs_reference_encode (collage, TRUE, error);
  if (encoded == NULL)
    return NULL;

  name = collage_name (references->len);
  origin.original_width = (guint) gdk_pixbuf_get_width (collage);
  origin.original_height = height;
  reference = _fs_reference_new (encoded, NULL, name, "image/jpeg", "jpg",
                                 origin.original_width, height);
  _fs_reference_set_origin (reference, NULL, &origin);
  return reference;
}

static void
composite_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  FsReference *reference;

  if (g_task_return_error_if_cancelled (task))
    return;

  reference = make_collage (task_data, &error);
  if (reference == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, reference, g_object_unref);
}

void
fs_reference_composite_async (GPtrArray           *references,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *copy;

  g_return_if_fail (references != NULL && references->len > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* The caller's array may change while the worker reads it. */
  copy = g_ptr_array_new_full (references->len, g_object_unref);
  for (guint i = 0; i < references->len; i++)
    g_ptr_array_add (copy, g_object_ref (FS_REFERENCE (g_ptr_array_index (references, i))));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_reference_composite_async);
  g_task_set_task_data (task, copy, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, composite_thread);
}

FsReference *
fs_reference_composite_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fs_reference_composite_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
