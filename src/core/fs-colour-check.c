/* fs-colour-check.c
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
#include "fs-json.h"

/* The colour-fidelity check: how well an image contains each requested
 * colour.
 *
 * The rule, for each requested colour E:
 * - share: the fraction of the image's pixels (those at least half
 *   opaque) whose colour lies within ΔE00 ≤ 5 of E. Pixels are counted in
 *   bins of 6 bits per channel, each bin judged by the exact mean of its
 *   pixels.
 * - found: the closest well-represented colour. Lab space is cut into
 *   cubes of 3 units; around every occupied cube, the 3 × 3 × 3 cubes
 *   (a box 9 units wide) form a neighbourhood, and when it holds at least
 *   0.5 % of the pixels the mean colour of those pixels is a
 *   well-represented colour. Averaging over the box smooths JPEG noise and
 *   shading, so a flat area yields its own colour; the found colour is the
 *   one of these with the smallest ΔE00 to E, and ΔE is measured between
 *   the two 8-bit colours, so anyone can recompute it from the hex codes.
 * - verdict: matched when ΔE00 ≤ 2, close when ≤ 5, off above. */

#define CHECK_BITS          6
#define CELL                3.0
#define CELLS_L             34     /* L 0…100 */
#define CELLS_AB            86     /* a, b −128…129 */
#define MIN_CLUSTER_SHARE   0.005
#define SHARE_DELTA_E       5.0
#define MATCHED_DELTA_E     2.0
#define CLOSE_DELTA_E       5.0
/* ΔE00 ≥ |ΔL| / SL and SL ≤ 1.7468 (at L̄ = 0 or 100): a bin whose
 * lightness is further than this from E's cannot be within ΔE00 5. */
#define MAX_SL              1.75

typedef struct
{
  guint32 count;
  double  rgb[3];   /* weighted sums */
} Cell;

typedef struct
{
  guint   n;
  float  *rgb;      /* 3 per colour, 0…255, rounded to 8-bit */
  FsLab  *lab;
} Candidates;

static inline int
cell_coordinate (double value,
                 double origin,
                 int    n_cells)
{
  return CLAMP ((int) floor ((value - origin) / CELL), 0, n_cells - 1);
}

static inline guint
cell_index (int l,
            int a,
            int b)
{
  return ((guint) l * CELLS_AB + (guint) a) * CELLS_AB + (guint) b;
}

/* The cubes, from the histogram's bins: a bin goes whole into the cube of
 * its mean colour. Returns the occupied cubes' indices. */
static GArray *
fill_cells (const FsColourHistogram *h,
            Cell                    *cells)
{
  GArray *occupied = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < h->n_bins; i++)
    {
      guint index = cell_index (cell_coordinate (h->lab[i].L, 0.0, CELLS_L),
                                cell_coordinate (h->lab[i].a, -128.0, CELLS_AB),
                                cell_coordinate (h->lab[i].b, -128.0, CELLS_AB));
      Cell *cell = &cells[index];

      if (cell->count == 0)
        g_array_append_val (occupied, index);
      cell->count += h->count[i];
      for (guint c = 0; c < 3; c++)
        cell->rgb[c] += (double) h->count[i] * h->rgb[3 * i + c];
    }

  return occupied;
}

/* The neighbourhood of one cube: pixel count and summed colour. */
static guint64
sum_neighbourhood (const Cell *cells,
                   guint       index,
                   double     *rgb)
{
  int l0 = index / (CELLS_AB * CELLS_AB);
  int a0 = (index / CELLS_AB) % CELLS_AB;
  int b0 = index % CELLS_AB;
  guint64 count = 0;

  rgb[0] = rgb[1] = rgb[2] = 0.0;
  for (int l = MAX (l0 - 1, 0); l <= MIN (l0 + 1, CELLS_L - 1); l++)
    for (int a = MAX (a0 - 1, 0); a <= MIN (a0 + 1, CELLS_AB - 1); a++)
      for (int b = MAX (b0 - 1, 0); b <= MIN (b0 + 1, CELLS_AB - 1); b++)
        {
          const Cell *cell = &cells[cell_index (l, a, b)];

          count += cell->count;
          for (guint c = 0; c < 3; c++)
            rgb[c] += cell->rgb[c];
        }

  return count;
}

/* The well-represented colours; when no neighbourhood reaches the share
 * (an image of pure noise), every neighbourhood counts. */
static void
find_candidates (const FsColourHistogram *h,
                 Candidates              *candidates)
{
  g_autofree Cell *cells = g_new0 (Cell, CELLS_L * CELLS_AB * CELLS_AB);
  g_autoptr(GArray) occupied = fill_cells (h, cells);
  guint64 min_count = (guint64) ceil (MIN_CLUSTER_SHARE * h->total);

  candidates->rgb = g_new (float, 3 * (gsize) occupied->len);
  candidates->lab = g_new (FsLab, occupied->len);
  candidates->n = 0;

  for (guint pass = 0; pass < 2 && candidates->n == 0; pass++)
    for (guint i = 0; i < occupied->len; i++)
      {
        double rgb[3];
        guint64 count = sum_neighbourhood (cells, g_array_index (occupied, guint, i), rgb);

        if (pass == 0 && count < min_count)
          continue;
        for (guint c = 0; c < 3; c++)
          candidates->rgb[3 * candidates->n + c] = (float) CLAMP (round (rgb[c] / count), 0, 255);
        candidates->n++;
      }

  _fs_colour_rgbf_to_lab_many (candidates->rgb, candidates->lab, candidates->n);
}

static FsColourVerdict
verdict_for (double delta_e)
{
  if (delta_e <= MATCHED_DELTA_E)
    return FS_COLOUR_MATCHED;
  if (delta_e <= CLOSE_DELTA_E)
    return FS_COLOUR_CLOSE;
  return FS_COLOUR_OFF;
}

static void
find_closest (const Candidates *candidates,
              const FsLab      *expected,
              FsColourCheck    *check)
{
  double best = G_MAXDOUBLE;
  guint nearest = 0;

  for (guint i = 0; i < candidates->n; i++)
    {
      double delta;

      if (fabs (candidates->lab[i].L - expected->L) / MAX_SL >= best)
        continue;
      delta = fs_colour_delta_e2000 (expected, &candidates->lab[i]);
      if (delta < best)
        {
          best = delta;
          nearest = i;
        }
    }

  for (guint c = 0; c < 3; c++)
    check->found[c] = (guint8) candidates->rgb[3 * nearest + c];
  /* Rounded as shown and stored, and judged as rounded, so a verdict
   * never disagrees with the figure beside it. */
  check->delta_e = round (best * 100.0) / 100.0;
  check->verdict = verdict_for (check->delta_e);
}

static double
share_within (const FsColourHistogram *h,
              const FsLab             *expected)
{
  guint64 within = 0;

  for (guint i = 0; i < h->n_bins; i++)
    {
      if (fabs (h->lab[i].L - expected->L) > SHARE_DELTA_E * MAX_SL)
        continue;
      if (fs_colour_delta_e2000 (expected, &h->lab[i]) <= SHARE_DELTA_E)
        within += h->count[i];
    }

  return h->total > 0 ? (double) within / h->total : 0.0;
}

static gboolean
parse_codes (const char * const  *hex_codes,
             GArray              *checks,
             GError             **error)
{
  for (guint i = 0; hex_codes[i] != NULL; i++)
    {
      FsColourCheck check = { { 0 } };

      if (!fs_colour_parse_hex (hex_codes[i], &check.expected[0], &check.expected[1],
                               &check.expected[2]))
        {
          g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                       _("“%s” is not a colour code; use #rrggbb or #rgb"), hex_codes[i]);
          return FALSE;
        }
      g_array_append_val (checks, check);
    }

  return TRUE;
}

GArray *
_fs_colour_check_pixbuf (GdkPixbuf           *pixbuf,
                        const char * const  *hex_codes,
                        GError             **error)
{
  g_autoptr(GArray) checks = g_array_new (FALSE, TRUE, sizeof (FsColourCheck));
  g_autoptr(FsColourHistogram) h = NULL;
  Candidates candidates = { 0 };

  if (!parse_codes (hex_codes, checks, error))
    return NULL;
  if (checks->len == 0)
    return g_steal_pointer (&checks);

  h = _fs_colour_histogram_new (pixbuf, CHECK_BITS, 0);
  if (h->n_bins == 0)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE,
                   _("The image has no opaque pixels to measure"));
      return NULL;
    }

  find_candidates (h, &candidates);
  for (guint i = 0; i < checks->len; i++)
    {
      FsColourCheck *check = &g_array_index (checks, FsColourCheck, i);
      FsLab expected;

      fs_colour_rgb_to_lab (check->expected[0], check->expected[1], check->expected[2],
                           &expected);
      find_closest (&candidates, &expected, check);
      check->share = round (share_within (h, &expected) * 10000.0) / 10000.0;
    }

  g_free (candidates.rgb);
  g_free (candidates.lab);
  return g_steal_pointer (&checks);
}

GArray *
_fs_colour_check_file (const char          *path,
                      const char * const  *hex_codes,
                      GError             **error)
{
  g_autoptr(GdkPixbuf) pixbuf = _fs_colour_load_image (path, error);

  if (pixbuf == NULL)
    return NULL;

  return _fs_colour_check_pixbuf (pixbuf, hex_codes, error);
}

typedef struct
{
  char  *path;
  GStrv  codes;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_free (data->path);
  g_strfreev (data->codes);
  g_free (data);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckData *data = task_data;
  GError *error = NULL;
  GArray *checks;

  if (g_task_return_error_if_cancelled (task))
    return;

  checks = _fs_colour_check_file (data->path, (const char * const *) data->codes, &error);
  if (checks == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, checks, (GDestroyNotify) g_array_unref);
}

void
fs_colour_check_async (const char          *path,
                      const char * const  *hex_codes,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CheckData *data;

  g_return_if_fail (path != NULL);
  g_return_if_fail (hex_codes != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (CheckData, 1);
  data->path = g_strdup (path);
  data->codes = g_strdupv ((char **) hex_codes);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_colour_check_async);
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);
  g_task_run_in_thread (task, check_thread);
}

GArray *
fs_colour_check_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fs_colour_check_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
add_code (GPtrArray  *codes,
          GHashTable *seen,
          guint8      r,
          guint8      g,
          guint8      b)
{
  char *code = fs_colour_format_hex (r, g, b);

  if (g_hash_table_add (seen, code))
    g_ptr_array_add (codes, g_strdup (code));
}

/* The "color_palette" of a structured prompt: strings, in order. */
static void
add_palette_codes (const char *prompt,
                   GPtrArray  *codes,
                   GHashTable *seen)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *object;
  JsonArray *palette;

  if (!fs_json_parser_load (parser, prompt, -1, FS_JSON_MAX_PROMPT_BYTES, NULL))
    return;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "color_palette") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "color_palette")))
    return;

  palette = json_object_get_array_member (object, "color_palette");
  for (guint i = 0; i < json_array_get_length (palette); i++)
    {
      JsonNode *node = json_array_get_element (palette, i);
      guint8 r, g, b;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          fs_colour_parse_any (json_node_get_string (node), &r, &g, &b))
        add_code (codes, seen, r, g, b);
    }
}

GStrv
fs_colour_codes_from_prompt (const char *prompt)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) matches = NULL;
  const char *start;

  if (prompt == NULL || !g_utf8_validate (prompt, -1, NULL))
    return NULL;

  /* The palette first, in its order; then codes written anywhere else in
   * the prompt, structured or not. */
  for (start = prompt; g_ascii_isspace (*start); start++)
    ;
  if (*start == '{')
    add_palette_codes (prompt, codes, seen);

  matches = fs_colour_find_hex (prompt);
  for (guint i = 0; i < matches->len; i++)
    {
      FsHexMatch *match = &g_array_index (matches, FsHexMatch, i);

      add_code (codes, seen, match->r, match->g, match->b);
    }

  if (codes->len == 0)
    return NULL;
  g_ptr_array_add (codes, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&codes), FALSE);
}

/* Writing codes into a prompt ------------------------------------------------ */

static gboolean
array_has_code (JsonArray  *array,
                const char *hex)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          g_ascii_strcasecmp (json_node_get_string (node), hex) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A structured prompt gains the codes in its "color_palette", made when
 * it has none; indented as before (a one-line prompt stays on one line).
 * NULL when it is not a JSON object; the prompt as it is when it asks for
 * every code already. */
static char *
add_to_json_palette (const char         *prompt,
                     const char * const *codes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonNode *root;
  JsonNode *member;
  JsonObject *object;
  JsonArray *palette;
  gboolean added = FALSE;

  if (!fs_json_parser_load (parser, prompt, -1, FS_JSON_MAX_PROMPT_BYTES, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);
  if ((member = json_object_get_member (object, "color_palette")) == NULL)
    {
      json_object_set_array_member (object, "color_palette", json_array_new ());
      member = json_object_get_member (object, "color_palette");
    }
  if (!JSON_NODE_HOLDS_ARRAY (member))
    return NULL;

  palette = json_node_get_array (member);
  for (guint i = 0; codes[i] != NULL; i++)
    if (!array_has_code (palette, codes[i]))
      {
        json_array_add_string_element (palette, codes[i]);
        added = TRUE;
      }
  /* Nothing to add: the text stays as it was written. */
  if (!added)
    return g_strdup (prompt);
  json_generator_set_pretty (generator, strchr (prompt, '\n') != NULL);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

char *
fs_colour_add_to_prompt (const char         *prompt,
                         const char * const *codes,
                         gboolean            phrase)
{
  g_autoptr(GPtrArray) normal = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) present = NULL;
  const char *start;
  GString *text;

  g_return_val_if_fail (prompt != NULL, NULL);

  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      guint8 r, g, b;

      if (fs_colour_parse_hex (codes[i], &r, &g, &b))
        g_ptr_array_add (normal, fs_colour_format_hex (r, g, b));
    }
  g_ptr_array_add (normal, NULL);

  for (start = prompt; g_ascii_isspace (*start); start++)
    ;
  if (*start == '{')
    return add_to_json_palette (prompt, (const char * const *) normal->pdata);

  /* After a text prompt, each code it does not ask for yet, as the
   * palette bar inserts one ("color #…" ties it to an object in BFL's
   * prompting guide). */
  present = fs_colour_codes_from_prompt (prompt);
  text = g_string_new (prompt);
  g_strchomp (text->str);
  g_string_truncate (text, strlen (text->str));
  for (guint i = 0; i + 1 < normal->len; i++)
    {
      const char *code = g_ptr_array_index (normal, i);

      if (present != NULL && g_strv_contains ((const char * const *) present, code))
        continue;
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, phrase ? "color %s" : "%s", code);
    }
  return g_string_free (text, FALSE);
}

JsonNode *
fs_colour_check_to_json (GArray *checks)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  g_return_val_if_fail (checks != NULL, json_node_init_null (node));

  for (guint i = 0; i < checks->len; i++)
    {
      FsColourCheck *check = &g_array_index (checks, FsColourCheck, i);
      JsonObject *object = json_object_new ();
      g_autofree char *expected = fs_colour_format_hex (check->expected[0], check->expected[1],
                                                       check->expected[2]);
      g_autofree char *found = fs_colour_format_hex (check->found[0], check->found[1],
                                                    check->found[2]);

      json_object_set_string_member (object, "expected", expected);
      json_object_set_string_member (object, "found", found);
      json_object_set_double_member (object, "delta_e", check->delta_e);
      json_object_set_double_member (object, "share", check->share);
      json_object_set_string_member (object, "verdict",
                                     fs_colour_verdict_to_string (check->verdict));
      json_array_add_object_element (array, object);
    }

  json_node_take_array (node, array);
  return node;
}
