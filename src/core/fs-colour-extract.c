/* fs-colour-extract.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "fs-error.h"
#include "fs-colour-private.h"
#include "fs-image-private.h"

/* Reading an image's colours: a histogram of exact bin means, and the
 * dominant colours by weighted k-means in Lab over its bins. */

#define DEFAULT_COLOURS     8
#define EXTRACT_BITS        5
#define EXTRACT_SAMPLES     (512 * 512)
#define KMEANS_ITERATIONS   30
/* Seeding stops when every bin lies this close (Euclidean Lab) to a
 * centre: the image has no more distinct colours than that. */
#define SEED_MIN_DISTANCE   1.0
/* Clusters this close (ΔE00) are one colour to the eye: merged. */
#define MERGE_DELTA_E       2.0
#define MIN_OPACITY         128

GdkPixbuf *
_fs_colour_load_image (const char  *path,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GdkPixbuf *pixbuf;

  /* One decode for the check, the dominant colours and the thumbnail of
   * the same image, read as a regular file of a bounded size (a FIFO
   * must not hang the check, docs/ARCHITECTURE.md, “Limits”). */
  pixbuf = _fs_image_decode_shared (path, &local_error);
  if (pixbuf == NULL)
    {
      g_autofree char *name = g_filename_display_basename (path);

      g_set_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE,
                   _("Could not read the image “%s”: %s"), name, local_error->message);
      return NULL;
    }

  /* The bins assume 8-bit RGB(A). */
  if (gdk_pixbuf_get_bits_per_sample (pixbuf) != 8 ||
      gdk_pixbuf_get_colorspace (pixbuf) != GDK_COLORSPACE_RGB)
    {
      g_autofree char *name = g_filename_display_basename (path);

      g_set_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE,
                   _("The image “%s” is not 8-bit RGB"), name);
      g_object_unref (pixbuf);
      return NULL;
    }

  return pixbuf;
}

typedef struct
{
  guint32 *count;
  guint64 *sum;    /* 3 per bin */
  guint    shift;
  guint    bits;
} Accumulator;

static void
accumulate_rows (Accumulator *acc,
                 GdkPixbuf   *pixbuf,
                 guint        step,
                 guint64     *total)
{
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  guint shift = acc->shift, bits = acc->bits;

  for (int y = 0; y < height; y += step)
    {
      const guint8 *p = pixels + (gsize) y * stride;

      for (int x = 0; x < width; x += step, p += channels * step)
        {
          guint index;

          if (alpha && p[3] < MIN_OPACITY)
            continue;
          index = ((guint) (p[0] >> shift) << (2 * bits)) |
                  ((guint) (p[1] >> shift) << bits) | (guint) (p[2] >> shift);
          acc->count[index]++;
          acc->sum[3 * index] += p[0];
          acc->sum[3 * index + 1] += p[1];
          acc->sum[3 * index + 2] += p[2];
          (*total)++;
        }
    }
}

/* Every pixel, or every step-th pixel of every step-th row so that about
 * @max_samples are read (0: all). */
static guint
sample_step (GdkPixbuf *pixbuf,
             guint      max_samples)
{
  double pixels = (double) gdk_pixbuf_get_width (pixbuf) * gdk_pixbuf_get_height (pixbuf);

  if (max_samples == 0 || pixels <= max_samples)
    return 1;
  return (guint) ceil (sqrt (pixels / max_samples));
}

FsColourHistogram *
_fs_colour_histogram_new (GdkPixbuf *pixbuf,
                          guint      bits,
                          guint      max_samples)
{
  guint n_slots = 1u << (3 * bits);
  Accumulator acc = { g_new0 (guint32, n_slots), g_new0 (guint64, 3 * (gsize) n_slots),
                      8 - bits, bits };
  FsColourHistogram *histogram = g_new0 (FsColourHistogram, 1);
  guint n = 0;

  g_return_val_if_fail (bits >= 1 && bits <= 8, NULL);

  accumulate_rows (&acc, pixbuf, sample_step (pixbuf, max_samples), &histogram->total);

  for (guint i = 0; i < n_slots; i++)
    n += acc.count[i] != 0;
  histogram->n_bins = n;
  histogram->count = g_new (guint32, n);
  histogram->rgb = g_new (float, 3 * (gsize) n);
  histogram->lab = g_new (FsLab, n);

  n = 0;
  for (guint i = 0; i < n_slots; i++)
    {
      if (acc.count[i] == 0)
        continue;
      histogram->count[n] = acc.count[i];
      for (guint c = 0; c < 3; c++)
        histogram->rgb[3 * n + c] = (float) ((double) acc.sum[3 * i + c] / acc.count[i]);
      n++;
    }
  _fs_colour_rgbf_to_lab_many (histogram->rgb, histogram->lab, n);

  g_free (acc.count);
  g_free (acc.sum);
  return histogram;
}

void
_fs_colour_histogram_free (FsColourHistogram *histogram)
{
  if (histogram == NULL)
    return;

  g_free (histogram->count);
  g_free (histogram->rgb);
  g_free (histogram->lab);
  g_free (histogram);
}

static inline double
distance2 (const FsLab *x,
           const FsLab *y)
{
  double dl = x->L - y->L, da = x->a - y->a, db = x->b - y->b;

  return dl * dl + da * da + db * db;
}

/* Deterministic k-means++: the heaviest bin first, then each time the bin
 * with the most weight × squared distance to the nearest centre, so small
 * but vivid colours (a logo) get a centre before a large area is split. */
static guint
seed_centres (const FsColourHistogram *h,
              guint                    k,
              FsLab                   *centres)
{
  g_autofree double *d2 = g_new (double, h->n_bins);
  guint n_centres = 0;
  guint next = 0;

  for (guint i = 1; i < h->n_bins; i++)
    if (h->count[i] > h->count[next])
      next = i;

  for (guint i = 0; i < h->n_bins; i++)
    d2[i] = G_MAXDOUBLE;

  while (n_centres < k)
    {
      double best = -1.0;

      centres[n_centres++] = h->lab[next];
      for (guint i = 0; i < h->n_bins; i++)
        {
          d2[i] = MIN (d2[i], distance2 (&h->lab[i], &centres[n_centres - 1]));
          if (d2[i] >= SEED_MIN_DISTANCE * SEED_MIN_DISTANCE && d2[i] * h->count[i] > best)
            {
              best = d2[i] * h->count[i];
              next = i;
            }
        }
      if (best < 0.0)
        break;
    }

  return n_centres;
}

static guint
nearest_centre (const FsLab *lab,
                const FsLab *centres,
                guint        k)
{
  guint nearest = 0;
  double best = G_MAXDOUBLE;

  for (guint c = 0; c < k; c++)
    {
      double d = distance2 (lab, &centres[c]);

      if (d < best)
        {
          best = d;
          nearest = c;
        }
    }

  return nearest;
}

/* Lloyd's iterations, weighted by the bins' pixel counts. */
static void
kmeans (const FsColourHistogram *h,
        FsLab                   *centres,
        guint                    k,
        guint                   *assignment)
{
  g_autofree double *sums = g_new (double, 4 * k);

  for (guint i = 0; i < h->n_bins; i++)
    assignment[i] = G_MAXUINT;

  for (guint iteration = 0; iteration < KMEANS_ITERATIONS; iteration++)
    {
      gboolean changed = FALSE;

      memset (sums, 0, 4 * k * sizeof (double));
      for (guint i = 0; i < h->n_bins; i++)
        {
          guint c = nearest_centre (&h->lab[i], centres, k);

          changed |= c != assignment[i];
          assignment[i] = c;
          sums[4 * c] += h->count[i];
          sums[4 * c + 1] += h->count[i] * h->lab[i].L;
          sums[4 * c + 2] += h->count[i] * h->lab[i].a;
          sums[4 * c + 3] += h->count[i] * h->lab[i].b;
        }
      if (!changed)
        break;
      for (guint c = 0; c < k; c++)
        if (sums[4 * c] > 0)
          centres[c] = (FsLab) { sums[4 * c + 1] / sums[4 * c], sums[4 * c + 2] / sums[4 * c],
                                 sums[4 * c + 3] / sums[4 * c] };
    }
}

typedef struct
{
  double weight;
  double rgb[3];   /* sums, weighted */
  FsLab  lab;
} Cluster;

static void
cluster_colour (const Cluster *cluster,
                guint8        *rgb)
{
  for (guint c = 0; c < 3; c++)
    rgb[c] = (guint8) CLAMP (lround (cluster->rgb[c] / cluster->weight), 0, 255);
}

/* Merges clusters that look the same; the lighter goes into the heavier. */
static void
merge_clusters (Cluster *clusters,
                guint    k)
{
  for (guint i = 0; i < k; i++)
    for (guint j = i + 1; j < k; j++)
      {
        Cluster *a = &clusters[i], *b = &clusters[j];

        if (a->weight == 0 || b->weight == 0 ||
            fs_colour_delta_e2000 (&a->lab, &b->lab) > MERGE_DELTA_E)
          continue;
        for (guint c = 0; c < 3; c++)
          a->rgb[c] += b->rgb[c];
        a->weight += b->weight;
        b->weight = 0;
      }
}

static gint
compare_share (gconstpointer a,
               gconstpointer b)
{
  const FsDominantColour *x = a, *y = b;

  if (x->share != y->share)
    return x->share > y->share ? -1 : 1;
  return memcmp (x, y, 3);
}

static GArray *
collect_clusters (const FsColourHistogram *h,
                  const guint             *assignment,
                  guint                    k)
{
  g_autofree Cluster *clusters = g_new0 (Cluster, k);
  GArray *colours = g_array_new (FALSE, FALSE, sizeof (FsDominantColour));

  for (guint i = 0; i < h->n_bins; i++)
    {
      Cluster *cluster = &clusters[assignment[i]];

      cluster->weight += h->count[i];
      for (guint c = 0; c < 3; c++)
        cluster->rgb[c] += (double) h->count[i] * h->rgb[3 * i + c];
    }
  for (guint c = 0; c < k; c++)
    if (clusters[c].weight > 0)
      {
        guint8 rgb[3];

        cluster_colour (&clusters[c], rgb);
        fs_colour_rgb_to_lab (rgb[0], rgb[1], rgb[2], &clusters[c].lab);
      }
  merge_clusters (clusters, k);

  for (guint c = 0; c < k; c++)
    {
      FsDominantColour colour;
      guint8 rgb[3];

      if (clusters[c].weight == 0)
        continue;
      cluster_colour (&clusters[c], rgb);
      colour = (FsDominantColour) { rgb[0], rgb[1], rgb[2], clusters[c].weight / h->total };
      g_array_append_val (colours, colour);
    }
  g_array_sort (colours, compare_share);
  return colours;
}

GArray *
_fs_colour_extract_pixbuf (GdkPixbuf *pixbuf,
                          guint      max_colours)
{
  g_autoptr(FsColourHistogram) h = _fs_colour_histogram_new (pixbuf, EXTRACT_BITS,
                                                             EXTRACT_SAMPLES);
  g_autofree FsLab *centres = NULL;
  g_autofree guint *assignment = NULL;
  guint k = max_colours == 0 ? DEFAULT_COLOURS : max_colours;

  if (h->n_bins == 0)
    return g_array_new (FALSE, FALSE, sizeof (FsDominantColour));

  centres = g_new (FsLab, k);
  assignment = g_new (guint, h->n_bins);
  k = seed_centres (h, k, centres);
  kmeans (h, centres, k, assignment);
  return collect_clusters (h, assignment, k);
}

typedef struct
{
  char  *path;
  guint  max_colours;
} ExtractData;

static void
extract_data_free (ExtractData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
extract_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ExtractData *data = task_data;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  pixbuf = _fs_colour_load_image (data->path, &error);
  if (pixbuf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, _fs_colour_extract_pixbuf (pixbuf, data->max_colours),
                         (GDestroyNotify) g_array_unref);
}

void
fs_colour_extract_async (const char          *path,
                        guint                max_colours,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExtractData *data;

  g_return_if_fail (path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (ExtractData, 1);
  data->path = g_strdup (path);
  data->max_colours = max_colours;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_colour_extract_async);
  g_task_set_task_data (task, data, (GDestroyNotify) extract_data_free);
  g_task_run_in_thread (task, extract_thread);
}

GArray *
fs_colour_extract_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fs_colour_extract_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
