/* fs-canvas.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fs-canvas.h"
#include "fs-ui-enums.h"

/* The mask is painted at the image's resolution into a byte buffer, and
 * shown through an ARGB overlay of the same size that is rewritten only
 * in the rectangle each stroke segment touched: nothing is uploaded or
 * converted whole while painting, so a 4 MP image paints as smoothly as a
 * small one (docs/ARCHITECTURE.md, “The canvas”). The overlay is drawn
 * with cairo, scaled, into the visible part of the widget only. The image
 * is kept as premultiplied ARGB levels, each half the one before, and the
 * level nearest the zoom is drawn: as a texture, which a GPU renderer
 * uploads once, or with cairo where the renderer is GSK's cairo renderer,
 * which in GTK 4.8 would copy and convert a whole texture on every frame.
 * Undo keeps, per step, the 64×64 tiles a stroke changed, as they were
 * before. */

#define TILE              64
#define OVERLAY_TILE      256     /* the overlay's surfaces, in image pixels */
#define LEVEL_MIN_SIDE    256     /* levels stop halving below this */
#define MAX_UNDO          50
#define MAX_UNDO_BYTES    (256 * 1024 * 1024)
#define FIT_PADDING       24.0
#define MIN_ZOOM          0.02
#define MAX_ZOOM          32.0
#define HANDLE_REACH      10.0    /* pixels either side of an edge */
#define KEY_STEP          8.0     /* screen pixels the brush moves per arrow */
#define BRUSH_STEP        1.25    /* [ and ] change the size by this factor */
#define SPACING           0.15    /* of the diameter, between dabs */
#define OVERLAY_ALPHA     0.5

/* The overlay's colour: a red that reads on photos and on white, as
 * masks conventionally are shown. */
#define OVERLAY_R 0xe0
#define OVERLAY_G 0x1b
#define OVERLAY_B 0x24

typedef enum
{
  STEP_TILES,
  STEP_INVERT,
} StepKind;

typedef struct
{
  StepKind    kind;
  GHashTable *tiles;   /* tile index → guint8[TILE * TILE], the other state */
  gsize       bytes;
} Step;

/* One level of the image: premultiplied ARGB (cairo's own format), and
 * the same pixels as a texture, made when first drawn as one. */
typedef struct
{
  cairo_surface_t *surface;
  GdkTexture      *texture;
} Level;

typedef enum
{
  EDGE_NONE = -1,
  EDGE_TOP,
  EDGE_BOTTOM,
  EDGE_LEFT,
  EDGE_RIGHT,
} Edge;

struct _FsCanvas
{
  GtkWidget        parent_instance;

  /* The image */
  guint            width;
  guint            height;
  GPtrArray       *levels;        /* Level: full size, then each half */

  /* The mask, and its picture in tiles */
  guint8          *mask;
  cairo_surface_t **overlay;      /* OVERLAY_TILE² each, row by row */
  GskRenderNode  **overlay_nodes; /* each tile drawn for the view below */
  guint            overlay_across;
  guint            overlay_down;
  guint32          overlay_lut[256];

  /* What was drawn for which view: nodes are reused while it holds, so a
   * frame while painting redraws (and damages) only the tiles changed */
  GskRenderNode   *image_node;
  double           view_zoom;
  double           view_x;
  double           view_y;
  int              view_width;
  int              view_height;
  int              view_scale;
  gboolean         view_cairo;
  FsCanvasMode     view_mode;

  /* Brush */
  FsCanvasMode     mode;
  FsCanvasTool     tool;
  double           brush_size;
  double           hardness;

  /* The stroke in progress */
  gboolean         stroking;
  double           last_x;
  double           last_y;
  double           carry;         /* distance since the last dab */
  Step            *step;
  int              dirty_x0, dirty_y0, dirty_x1, dirty_y1;

  GPtrArray       *undo;          /* Step, oldest first */
  GPtrArray       *redo;

  /* The view */
  double           zoom;
  double           offset_x;      /* where the image's origin is drawn */
  double           offset_y;
  gboolean         fit;
  double           drag_offset_x;
  double           drag_offset_y;

  /* Pointer and keyboard brush */
  gboolean         pointer_in;
  double           pointer_x;     /* widget coordinates */
  double           pointer_y;
  gboolean         show_cursor;   /* the keyboard brush */
  double           cursor_x;      /* image coordinates */
  double           cursor_y;

  /* Expand */
  FsMargins        margins;
  guint            max_margin;
  Edge             drag_edge;
  FsMargins        drag_margins;

  gboolean         panning;
  double           pinch_scale;
  GCancellable    *cancellable;
};

G_DEFINE_FINAL_TYPE (FsCanvas, fs_canvas, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODE,
  PROP_TOOL,
  PROP_BRUSH_SIZE,
  PROP_HARDNESS,
  PROP_ZOOM,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_HAS_IMAGE,
  N_PROPS
};

enum {
  MASK_CHANGED,
  MARGINS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Undo steps ------------------------------------------------------------ */

static Step *
step_new (StepKind kind)
{
  Step *step = g_new0 (Step, 1);

  step->kind = kind;
  step->tiles = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  return step;
}

static void
step_free (Step *step)
{
  g_hash_table_unref (step->tiles);
  g_free (step);
}

static guint
tiles_across (FsCanvas *self)
{
  return (self->width + TILE - 1) / TILE;
}

static void
tile_bounds (FsCanvas *self,
             guint     index,
             guint    *x,
             guint    *y,
             guint    *w,
             guint    *h)
{
  *x = (index % tiles_across (self)) * TILE;
  *y = (index / tiles_across (self)) * TILE;
  *w = MIN (TILE, self->width - *x);
  *h = MIN (TILE, self->height - *y);
}

/* Copies tile @index out of (or, with @restore, into) @data. */
static void
tile_copy (FsCanvas *self,
           guint     index,
           guint8   *data,
           gboolean  restore)
{
  guint x, y, w, h;

  tile_bounds (self, index, &x, &y, &w, &h);
  for (guint row = 0; row < h; row++)
    {
      guint8 *line = self->mask + (gsize) (y + row) * self->width + x;

      if (restore)
        memcpy (line, data + row * TILE, w);
      else
        memcpy (data + row * TILE, line, w);
    }
}

/* Before a region changes, the step keeps what each tile held first. */
static void
step_save_region (FsCanvas *self,
                  Step     *step,
                  int       x0,
                  int       y0,
                  int       x1,
                  int       y1)
{
  for (int ty = y0 / TILE; ty <= (y1 - 1) / TILE; ty++)
    for (int tx = x0 / TILE; tx <= (x1 - 1) / TILE; tx++)
      {
        guint index = (guint) ty * tiles_across (self) + (guint) tx;
        guint8 *data;

        if (g_hash_table_contains (step->tiles, GUINT_TO_POINTER (index)))
          continue;
        data = g_malloc0 (TILE * TILE);
        tile_copy (self, index, data, FALSE);
        g_hash_table_insert (step->tiles, GUINT_TO_POINTER (index), data);
        step->bytes += TILE * TILE;
      }
}

static gsize
history_bytes (FsCanvas *self)
{
  gsize bytes = 0;

  for (guint i = 0; i < self->undo->len; i++)
    bytes += ((Step *) g_ptr_array_index (self->undo, i))->bytes;
  for (guint i = 0; i < self->redo->len; i++)
    bytes += ((Step *) g_ptr_array_index (self->redo, i))->bytes;
  return bytes;
}

static void
notify_history (FsCanvas *self,
                gboolean  could_undo,
                gboolean  could_redo)
{
  if (could_undo != fs_canvas_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != fs_canvas_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* A new step forgets what could be redone, and the oldest steps go when
 * the history grows past its bounds. */
static void
push_step (FsCanvas *self,
           Step     *step)
{
  gboolean could_undo = fs_canvas_can_undo (self);
  gboolean could_redo = fs_canvas_can_redo (self);

  g_ptr_array_set_size (self->redo, 0);
  g_ptr_array_add (self->undo, step);
  while (self->undo->len > 1 &&
         (self->undo->len > MAX_UNDO || history_bytes (self) > MAX_UNDO_BYTES))
    g_ptr_array_remove_index (self->undo, 0);
  notify_history (self, could_undo, could_redo);
}

static void
forget_history (FsCanvas *self)
{
  gboolean could_undo = fs_canvas_can_undo (self);
  gboolean could_redo = fs_canvas_can_redo (self);

  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  notify_history (self, could_undo, could_redo);
}

/* The overlay ------------------------------------------------------------------ */

static void
build_overlay_lut (FsCanvas *self)
{
  for (guint m = 0; m < 256; m++)
    {
      guint a = (guint) lround (m * OVERLAY_ALPHA);

      /* Premultiplied ARGB, as cairo keeps it. */
      self->overlay_lut[m] = (a << 24) | ((OVERLAY_R * a / 255) << 16) |
                             ((OVERLAY_G * a / 255) << 8) | (OVERLAY_B * a / 255);
    }
}

static void
overlay_free (FsCanvas *self)
{
  guint n = self->overlay_across * self->overlay_down;

  for (guint i = 0; self->overlay != NULL && i < n; i++)
    {
      cairo_surface_destroy (self->overlay[i]);
      g_clear_pointer (&self->overlay_nodes[i], gsk_render_node_unref);
    }
  g_clear_pointer (&self->overlay, g_free);
  g_clear_pointer (&self->overlay_nodes, g_free);
  self->overlay_across = self->overlay_down = 0;
}

static void
overlay_new (FsCanvas *self)
{
  overlay_free (self);
  self->overlay_across = (self->width + OVERLAY_TILE - 1) / OVERLAY_TILE;
  self->overlay_down = (self->height + OVERLAY_TILE - 1) / OVERLAY_TILE;
  self->overlay = g_new0 (cairo_surface_t *, self->overlay_across * self->overlay_down);
  self->overlay_nodes = g_new0 (GskRenderNode *, self->overlay_across * self->overlay_down);

  for (guint ty = 0; ty < self->overlay_down; ty++)
    for (guint tx = 0; tx < self->overlay_across; tx++)
      self->overlay[ty * self->overlay_across + tx] =
        cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                    (int) MIN (OVERLAY_TILE, self->width - tx * OVERLAY_TILE),
                                    (int) MIN (OVERLAY_TILE, self->height - ty * OVERLAY_TILE));
}

/* Only the rectangle that changed is converted, tile by tile, and only
 * those tiles are drawn again. A tile surface a past frame still refers to
 * is copied by cairo before it changes: a tile, never the whole image. */
static void
update_overlay (FsCanvas *self,
                int       x0,
                int       y0,
                int       x1,
                int       y1)
{
  if (self->overlay == NULL || x0 >= x1 || y0 >= y1)
    return;

  for (int ty = y0 / OVERLAY_TILE; ty <= (y1 - 1) / OVERLAY_TILE; ty++)
    for (int tx = x0 / OVERLAY_TILE; tx <= (x1 - 1) / OVERLAY_TILE; tx++)
      {
        guint index = (guint) ty * self->overlay_across + (guint) tx;
        cairo_surface_t *tile = self->overlay[index];
        int left = tx * OVERLAY_TILE;
        int top = ty * OVERLAY_TILE;
        int from_x = MAX (x0, left);
        int to_x = MIN (x1, left + cairo_image_surface_get_width (tile));
        int from_y = MAX (y0, top);
        int to_y = MIN (y1, top + cairo_image_surface_get_height (tile));
        guint8 *data;
        int stride;

        cairo_surface_flush (tile);
        data = cairo_image_surface_get_data (tile);
        stride = cairo_image_surface_get_stride (tile);
        for (int y = from_y; y < to_y; y++)
          {
            const guint8 *src = self->mask + (gsize) y * self->width;
            guint32 *dst = (guint32 *) (data + (gsize) (y - top) * stride) - left;

            for (int x = from_x; x < to_x; x++)
              dst[x] = self->overlay_lut[src[x]];
          }
        cairo_surface_mark_dirty_rectangle (tile, from_x - left, from_y - top,
                                            to_x - from_x, to_y - from_y);
        g_clear_pointer (&self->overlay_nodes[index], gsk_render_node_unref);
      }
}

static void
update_overlay_all (FsCanvas *self)
{
  update_overlay (self, 0, 0, (int) self->width, (int) self->height);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The accessible description says how much is painted, so a screen
 * reader (and the end-to-end tests) can tell a stroke landed. */
static guint
painted_percent (FsCanvas *self)
{
  gsize n = (gsize) self->width * self->height;
  gsize painted = 0;

  for (gsize i = 0; i < n; i++)
    painted += self->mask[i] != 0;

  return n > 0 ? (guint) ((painted * 100 + n - 1) / n) : 0;
}

static void
update_description (FsCanvas *self)
{
  g_autofree char *text = NULL;

  if (self->width == 0)
    text = g_strdup (_("No image"));
  else if (self->mode == FS_CANVAS_EXPAND)
    /* Translators: the canvas's accessible description: the new size */
    text = g_strdup_printf (_("%u × %u, expanded to %u × %u"), self->width, self->height,
                            self->width + self->margins.left + self->margins.right,
                            self->height + self->margins.top + self->margins.bottom);
  else
    /* Translators: the canvas's accessible description: the image's size
     * and how much of it is painted to change */
    text = g_strdup_printf (_("%u × %u, %u %% painted to change"), self->width, self->height,
                            painted_percent (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static void
update_label (FsCanvas *self)
{
  /* Translators: the accessible names of the canvas, painting a mask or
   * placing an image on a larger canvas */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->mode == FS_CANVAS_EXPAND ? _("Expand canvas")
                                                                 : _("Mask canvas"),
                                  -1);
}

static void
mask_changed (FsCanvas *self)
{
  update_description (self);
  g_signal_emit (self, signals[MASK_CHANGED], 0);
}

/* Painting ------------------------------------------------------------------------ */

static void
dirty_reset (FsCanvas *self)
{
  self->dirty_x0 = self->dirty_y0 = G_MAXINT;
  self->dirty_x1 = self->dirty_y1 = G_MININT;
}

/* One round dab: full strength inside hardness × radius, then a smooth
 * fall to nothing at the radius. Painting keeps the stronger value,
 * erasing the weaker, so going over a spot twice changes nothing. */
static void
stamp (FsCanvas *self,
       double    cx,
       double    cy)
{
  double radius = MAX (0.5, self->brush_size / 2);
  double inner = radius * CLAMP (self->hardness, 0, 1);
  double soft = radius - inner;
  double radius2 = radius * radius;
  double inner2 = inner * inner;
  int x0 = MAX (0, (int) floor (cx - radius));
  int y0 = MAX (0, (int) floor (cy - radius));
  int x1 = MIN ((int) self->width, (int) ceil (cx + radius) + 1);
  int y1 = MIN ((int) self->height, (int) ceil (cy + radius) + 1);
  gboolean erase = self->tool == FS_CANVAS_ERASER;

  if (x0 >= x1 || y0 >= y1)
    return;

  step_save_region (self, self->step, x0, y0, x1, y1);

  for (int y = y0; y < y1; y++)
    {
      double dy = y + 0.5 - cy;
      guint8 *row = self->mask + (gsize) y * self->width;

      for (int x = x0; x < x1; x++)
        {
          double dx = x + 0.5 - cx;
          double d2 = dx * dx + dy * dy;
          guint8 value;

          if (d2 >= radius2)
            continue;
          if (d2 <= inner2 || soft <= 0)
            value = 255;
          else
            {
              double t = (radius - sqrt (d2)) / soft;

              /* smoothstep */
              value = (guint8) lround (255 * t * t * (3 - 2 * t));
            }

          if (!erase && value > row[x])
            row[x] = value;
          else if (erase && 255 - value < row[x])
            row[x] = 255 - value;
        }
    }

  self->dirty_x0 = MIN (self->dirty_x0, x0);
  self->dirty_y0 = MIN (self->dirty_y0, y0);
  self->dirty_x1 = MAX (self->dirty_x1, x1);
  self->dirty_y1 = MAX (self->dirty_y1, y1);
}

static void
flush_dirty (FsCanvas *self)
{
  if (self->dirty_x0 < self->dirty_x1)
    {
      update_overlay (self, self->dirty_x0, self->dirty_y0, self->dirty_x1, self->dirty_y1);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  dirty_reset (self);
}

void
fs_canvas_stroke_begin (FsCanvas *self,
                        double    x,
                        double    y)
{
  g_return_if_fail (FS_IS_CANVAS (self));

  if (self->mask == NULL || self->stroking)
    return;

  self->stroking = TRUE;
  self->step = step_new (STEP_TILES);
  self->last_x = x;
  self->last_y = y;
  self->carry = 0;
  dirty_reset (self);
  stamp (self, x, y);
  flush_dirty (self);
}

/* Dabs every SPACING × diameter along the segment, carrying what is left
 * over to the next one, so the spacing does not depend on how often the
 * pointer reports. */
void
fs_canvas_stroke_to (FsCanvas *self,
                     double    x,
                     double    y)
{
  double dx, dy, length, spacing, position;

  g_return_if_fail (FS_IS_CANVAS (self));

  if (!self->stroking)
    return;

  dx = x - self->last_x;
  dy = y - self->last_y;
  length = sqrt (dx * dx + dy * dy);
  spacing = MAX (1.0, self->brush_size * SPACING);
  position = spacing - self->carry;

  while (position <= length)
    {
      stamp (self, self->last_x + dx * position / length, self->last_y + dy * position / length);
      position += spacing;
    }

  self->carry = length - (position - spacing);
  self->last_x = x;
  self->last_y = y;
  flush_dirty (self);
}

void
fs_canvas_stroke_end (FsCanvas *self)
{
  Step *step;

  g_return_if_fail (FS_IS_CANVAS (self));

  if (!self->stroking)
    return;

  self->stroking = FALSE;
  step = g_steal_pointer (&self->step);
  if (g_hash_table_size (step->tiles) == 0)
    step_free (step);
  else
    push_step (self, step);
  mask_changed (self);
}

/* Undo swaps each kept tile with the mask's, so the same step redoes. */
static void
apply_step (FsCanvas *self,
            Step     *step)
{
  GHashTableIter iter;
  gpointer key, value;
  guint8 swap[TILE * TILE];

  if (step->kind == STEP_INVERT)
    {
      gsize n = (gsize) self->width * self->height;

      for (gsize i = 0; i < n; i++)
        self->mask[i] = 255 - self->mask[i];
      update_overlay_all (self);
      return;
    }

  g_hash_table_iter_init (&iter, step->tiles);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint index = GPOINTER_TO_UINT (key);
      guint x, y, w, h;

      tile_copy (self, index, swap, FALSE);
      tile_copy (self, index, value, TRUE);
      memcpy (value, swap, sizeof swap);
      tile_bounds (self, index, &x, &y, &w, &h);
      update_overlay (self, (int) x, (int) y, (int) (x + w), (int) (y + h));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
move_step (FsCanvas  *self,
           GPtrArray *from,
           GPtrArray *to)
{
  gboolean could_undo = fs_canvas_can_undo (self);
  gboolean could_redo = fs_canvas_can_redo (self);
  Step *step;

  if (from->len == 0 || self->stroking)
    return;

  step = g_ptr_array_steal_index (from, from->len - 1);
  apply_step (self, step);
  g_ptr_array_add (to, step);
  notify_history (self, could_undo, could_redo);
  mask_changed (self);
}

void
fs_canvas_undo (FsCanvas *self)
{
  g_return_if_fail (FS_IS_CANVAS (self));

  move_step (self, self->undo, self->redo);
}

void
fs_canvas_redo (FsCanvas *self)
{
  g_return_if_fail (FS_IS_CANVAS (self));

  move_step (self, self->redo, self->undo);
}

gboolean
fs_canvas_can_undo (FsCanvas *self)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), FALSE);

  return self->undo->len > 0;
}

gboolean
fs_canvas_can_redo (FsCanvas *self)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), FALSE);

  return self->redo->len > 0;
}

void
fs_canvas_invert (FsCanvas *self)
{
  Step *step;

  g_return_if_fail (FS_IS_CANVAS (self));

  if (self->mask == NULL || self->stroking)
    return;

  step = step_new (STEP_INVERT);
  apply_step (self, step);
  push_step (self, step);
  mask_changed (self);
}

/* Only the tiles that held paint are kept for undo. */
void
fs_canvas_clear (FsCanvas *self)
{
  Step *step;
  guint n_tiles;

  g_return_if_fail (FS_IS_CANVAS (self));

  if (self->mask == NULL || self->stroking)
    return;

  step = step_new (STEP_TILES);
  n_tiles = tiles_across (self) * ((self->height + TILE - 1) / TILE);
  for (guint index = 0; index < n_tiles; index++)
    {
      guint x, y, w, h;
      gboolean painted = FALSE;

      tile_bounds (self, index, &x, &y, &w, &h);
      for (guint row = 0; row < h && !painted; row++)
        {
          const guint8 *line = self->mask + (gsize) (y + row) * self->width + x;

          for (guint i = 0; i < w && !painted; i++)
            painted = line[i] != 0;
        }
      if (!painted)
        continue;

      step_save_region (self, step, (int) x, (int) y, (int) (x + w), (int) (y + h));
      for (guint row = 0; row < h; row++)
        memset (self->mask + (gsize) (y + row) * self->width + x, 0, w);
    }

  if (g_hash_table_size (step->tiles) == 0)
    {
      step_free (step);
      return;
    }

  update_overlay_all (self);
  push_step (self, step);
  mask_changed (self);
}

const guint8 *
fs_canvas_get_mask (FsCanvas *self,
                    gsize    *stride)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), NULL);

  if (stride != NULL)
    *stride = self->width;
  return self->mask;
}

GBytes *
fs_canvas_dup_mask (FsCanvas *self)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), NULL);

  if (self->mask == NULL)
    return NULL;

  return g_bytes_new (self->mask, (gsize) self->width * self->height);
}

gboolean
fs_canvas_get_mask_empty (FsCanvas *self)
{
  gsize n;

  g_return_val_if_fail (FS_IS_CANVAS (self), TRUE);

  if (self->mask == NULL)
    return TRUE;

  n = (gsize) self->width * self->height;
  for (gsize i = 0; i < n; i++)
    if (self->mask[i] != 0)
      return FALSE;

  return TRUE;
}

gboolean
fs_canvas_set_mask (FsCanvas *self,
                    GBytes   *values,
                    guint     width,
                    guint     height)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), FALSE);
  g_return_val_if_fail (values != NULL, FALSE);

  if (self->mask == NULL || width != self->width || height != self->height ||
      g_bytes_get_size (values) != (gsize) width * height)
    return FALSE;

  memcpy (self->mask, g_bytes_get_data (values, NULL), (gsize) width * height);
  forget_history (self);
  update_overlay_all (self);
  mask_changed (self);
  return TRUE;
}

/* The view --------------------------------------------------------------------------- */

/* What has to be in view: the image, and in Expand mode its new canvas. */
static void
content_rect (FsCanvas        *self,
              graphene_rect_t *rect)
{
  if (self->mode == FS_CANVAS_EXPAND)
    graphene_rect_init (rect, -(float) self->margins.left, -(float) self->margins.top,
                        self->width + self->margins.left + self->margins.right,
                        self->height + self->margins.top + self->margins.bottom);
  else
    graphene_rect_init (rect, 0, 0, self->width, self->height);
}

static void
set_zoom (FsCanvas *self,
          double    zoom)
{
  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  if (zoom == self->zoom)
    return;

  self->zoom = zoom;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

static void
apply_fit (FsCanvas *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  graphene_rect_t content;
  double zoom;

  if (self->width == 0 || width <= 0 || height <= 0)
    return;

  content_rect (self, &content);
  zoom = MIN ((width - 2 * FIT_PADDING) / content.size.width,
              (height - 2 * FIT_PADDING) / content.size.height);
  set_zoom (self, MIN (zoom, 1.0));
  self->offset_x = (width - content.size.width * self->zoom) / 2 - content.origin.x * self->zoom;
  self->offset_y = (height - content.size.height * self->zoom) / 2 - content.origin.y * self->zoom;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
fs_canvas_zoom_fit (FsCanvas *self)
{
  g_return_if_fail (FS_IS_CANVAS (self));

  self->fit = TRUE;
  apply_fit (self);
}

/* Zooms about a point of the widget, which stays where it is. */
static void
zoom_about (FsCanvas *self,
            double    factor,
            double    x,
            double    y)
{
  double image_x = (x - self->offset_x) / self->zoom;
  double image_y = (y - self->offset_y) / self->zoom;

  self->fit = FALSE;
  set_zoom (self, self->zoom * factor);
  self->offset_x = x - image_x * self->zoom;
  self->offset_y = y - image_y * self->zoom;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
fs_canvas_zoom_by (FsCanvas *self,
                   double    factor)
{
  g_return_if_fail (FS_IS_CANVAS (self));
  g_return_if_fail (factor > 0);

  zoom_about (self, factor, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
              gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

double
fs_canvas_get_zoom (FsCanvas *self)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), 1.0);

  return self->zoom;
}

static void
to_image (FsCanvas *self,
          double    x,
          double    y,
          double   *image_x,
          double   *image_y)
{
  *image_x = (x - self->offset_x) / self->zoom;
  *image_y = (y - self->offset_y) / self->zoom;
}

/* Expand: edges ------------------------------------------------------------------- */

static void
expanded_rect (FsCanvas        *self,
               graphene_rect_t *rect)
{
  graphene_rect_t content;

  content_rect (self, &content);
  graphene_rect_init (rect, self->offset_x + content.origin.x * self->zoom,
                      self->offset_y + content.origin.y * self->zoom,
                      content.size.width * self->zoom, content.size.height * self->zoom);
}

static Edge
edge_at (FsCanvas *self,
         double    x,
         double    y)
{
  graphene_rect_t r;
  gboolean across, along;

  if (self->mode != FS_CANVAS_EXPAND || self->width == 0)
    return EDGE_NONE;

  expanded_rect (self, &r);
  across = x > r.origin.x - HANDLE_REACH && x < r.origin.x + r.size.width + HANDLE_REACH;
  along = y > r.origin.y - HANDLE_REACH && y < r.origin.y + r.size.height + HANDLE_REACH;

  if (across && fabs (y - r.origin.y) <= HANDLE_REACH)
    return EDGE_TOP;
  if (across && fabs (y - (r.origin.y + r.size.height)) <= HANDLE_REACH)
    return EDGE_BOTTOM;
  if (along && fabs (x - r.origin.x) <= HANDLE_REACH)
    return EDGE_LEFT;
  if (along && fabs (x - (r.origin.x + r.size.width)) <= HANDLE_REACH)
    return EDGE_RIGHT;
  return EDGE_NONE;
}

static void
set_margins_internal (FsCanvas        *self,
                      const FsMargins *margins,
                      gboolean         emit)
{
  if (memcmp (&self->margins, margins, sizeof *margins) == 0)
    return;

  self->margins = *margins;
  if (self->fit && self->drag_edge == EDGE_NONE)
    apply_fit (self);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (emit)
    g_signal_emit (self, signals[MARGINS_CHANGED], 0);
}

/* Dragging an edge outwards adds to its margin, in image pixels. */
static void
drag_edge_to (FsCanvas *self,
              double    dx,
              double    dy)
{
  FsMargins margins = self->drag_margins;
  double limit = self->max_margin;
  double image_dx = dx / self->zoom;
  double image_dy = dy / self->zoom;

  switch (self->drag_edge)
    {
    case EDGE_TOP:
      margins.top = (guint) CLAMP (lround (self->drag_margins.top - image_dy), 0, limit);
      break;
    case EDGE_BOTTOM:
      margins.bottom = (guint) CLAMP (lround (self->drag_margins.bottom + image_dy), 0, limit);
      break;
    case EDGE_LEFT:
      margins.left = (guint) CLAMP (lround (self->drag_margins.left - image_dx), 0, limit);
      break;
    case EDGE_RIGHT:
      margins.right = (guint) CLAMP (lround (self->drag_margins.right + image_dx), 0, limit);
      break;
    case EDGE_NONE:
    default:
      return;
    }

  set_margins_internal (self, &margins, TRUE);
}

void
fs_canvas_get_margins (FsCanvas  *self,
                       FsMargins *margins)
{
  g_return_if_fail (FS_IS_CANVAS (self));
  g_return_if_fail (margins != NULL);

  *margins = self->margins;
}

void
fs_canvas_set_margins (FsCanvas        *self,
                       const FsMargins *margins)
{
  g_return_if_fail (FS_IS_CANVAS (self));
  g_return_if_fail (margins != NULL);

  set_margins_internal (self, margins, FALSE);
}

void
fs_canvas_set_max_margin (FsCanvas *self,
                          guint     max_margin)
{
  g_return_if_fail (FS_IS_CANVAS (self));

  self->max_margin = max_margin;
}

/* Drawing -------------------------------------------------------------------------- */

/* The smallest level still at least as detailed as the screen. */
static guint
pick_level (FsCanvas *self)
{
  double scale = self->zoom * gtk_widget_get_scale_factor (GTK_WIDGET (self));
  guint index = 0;

  while (index + 1 < self->levels->len && scale <= 1.0 / (1 << (index + 1)))
    index++;

  return index;
}

static GdkTexture *
level_texture (Level *level)
{
  if (level->texture == NULL)
    {
      cairo_surface_t *surface = level->surface;
      int height = cairo_image_surface_get_height (surface);
      int stride = cairo_image_surface_get_stride (surface);
      g_autoptr(GBytes) bytes = NULL;

      /* The texture shares the surface's pixels: GDK_MEMORY_DEFAULT is
       * cairo's ARGB32. */
      bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                          (gsize) stride * height,
                                          (GDestroyNotify) cairo_surface_destroy,
                                          cairo_surface_reference (surface));
      level->texture = gdk_memory_texture_new (cairo_image_surface_get_width (surface), height,
                                               GDK_MEMORY_DEFAULT, bytes, stride);
    }

  return level->texture;
}

static gboolean
renders_with_cairo (FsCanvas *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;

  return renderer == NULL || GSK_IS_CAIRO_RENDERER (renderer);
}

static void
append_outline (GtkSnapshot           *snapshot,
                const graphene_rect_t *rect,
                const GdkRGBA         *colour,
                float                  width)
{
  GskRoundedRect outline;
  float widths[4] = { width, width, width, width };
  GdkRGBA colours[4] = { *colour, *colour, *colour, *colour };

  gsk_rounded_rect_init_from_rect (&outline, rect, 0);
  gtk_snapshot_append_border (snapshot, &outline, widths, colours);
}

/* The new canvas: a light hatch where pixels will be added, its outline,
 * a handle on each edge and its size. */
static void
snapshot_expand (FsCanvas    *self,
                 GtkSnapshot *snapshot)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GdkRGBA area = { 0.35, 0.55, 0.95, 0.18 };
  GdkRGBA line = { 0.2, 0.45, 0.9, 0.9 };
  GdkRGBA white = { 1, 1, 1, 0.9 };
  graphene_rect_t r;
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  int text_width, text_height;

  expanded_rect (self, &r);
  gtk_snapshot_append_color (snapshot, &area, &r);
  append_outline (snapshot, &r, &line, 2);

  for (Edge edge = EDGE_TOP; edge <= EDGE_RIGHT; edge++)
    {
      graphene_rect_t handle;
      double cx = r.origin.x + r.size.width / 2;
      double cy = r.origin.y + r.size.height / 2;

      switch (edge)
        {
        case EDGE_TOP:
          graphene_rect_init (&handle, cx - 14, r.origin.y - 4, 28, 8);
          break;
        case EDGE_BOTTOM:
          graphene_rect_init (&handle, cx - 14, r.origin.y + r.size.height - 4, 28, 8);
          break;
        case EDGE_LEFT:
          graphene_rect_init (&handle, r.origin.x - 4, cy - 14, 8, 28);
          break;
        case EDGE_RIGHT:
        case EDGE_NONE:
        default:
          graphene_rect_init (&handle, r.origin.x + r.size.width - 4, cy - 14, 8, 28);
          break;
        }
      gtk_snapshot_append_color (snapshot, &line, &handle);
      append_outline (snapshot, &handle, &white, 1);
    }

  /* Translators: the size of the expanded image, under the canvas */
  text = g_strdup_printf (_("%u × %u"), self->width + self->margins.left + self->margins.right,
                          self->height + self->margins.top + self->margins.bottom);
  layout = gtk_widget_create_pango_layout (widget, text);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (r.origin.x + (r.size.width - text_width) / 2,
                                                MIN (r.origin.y + r.size.height + 8,
                                                     gtk_widget_get_height (widget) -
                                                     text_height - 4)));
  gtk_snapshot_append_layout (snapshot, layout, &line);
  gtk_snapshot_restore (snapshot);
}

/* The nodes drawn for one view stay valid until the view changes. */
static void
check_view (FsCanvas *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  gboolean cairo = renders_with_cairo (self);
  guint n = self->overlay_across * self->overlay_down;

  if (self->view_zoom == self->zoom && self->view_x == self->offset_x &&
      self->view_y == self->offset_y && self->view_width == width &&
      self->view_height == height && self->view_scale == scale &&
      self->view_cairo == cairo && self->view_mode == self->mode)
    return;

  self->view_zoom = self->zoom;
  self->view_x = self->offset_x;
  self->view_y = self->offset_y;
  self->view_width = width;
  self->view_height = height;
  self->view_scale = scale;
  self->view_cairo = cairo;
  self->view_mode = self->mode;
  g_clear_pointer (&self->image_node, gsk_render_node_unref);
  for (guint i = 0; self->overlay_nodes != NULL && i < n; i++)
    g_clear_pointer (&self->overlay_nodes[i], gsk_render_node_unref);
}

/* A cairo node over @area (widget coordinates) of the visible part. */
static GskRenderNode *
cairo_node_for (FsCanvas              *self,
                const graphene_rect_t *area,
                cairo_t              **cr)
{
  graphene_rect_t view = GRAPHENE_RECT_INIT (0, 0, self->view_width, self->view_height);
  graphene_rect_t visible;
  GskRenderNode *node;

  if (!graphene_rect_intersection (area, &view, &visible))
    return NULL;

  graphene_rect_round_extents (&visible, &visible);
  node = gsk_cairo_node_new (&visible);
  *cr = gsk_cairo_node_get_draw_context (node);
  cairo_rectangle (*cr, area->origin.x, area->origin.y, area->size.width, area->size.height);
  cairo_clip (*cr);
  return node;
}

/* Paints @surface, which covers @width × @height image pixels at
 * (@x, @y), where those pixels are on screen. */
static void
paint_surface (FsCanvas        *self,
               cairo_t         *cr,
               cairo_surface_t *surface,
               double           x,
               double           y,
               double           scale)
{
  double factor = self->zoom * scale;

  cairo_translate (cr, self->offset_x + x * self->zoom, self->offset_y + y * self->zoom);
  cairo_scale (cr, factor, factor);
  cairo_set_source_surface (cr, surface, 0, 0);
  /* Padding, not transparency, beyond a tile's edge: no seam between tiles. */
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_pattern_set_filter (cairo_get_source (cr),
                            factor >= 2 ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_BILINEAR);
  cairo_paint (cr);
}

static GskRenderNode *
image_node_new (FsCanvas              *self,
                const graphene_rect_t *image)
{
  guint index = pick_level (self);
  Level *level = g_ptr_array_index (self->levels, index);
  GskRenderNode *node;
  cairo_t *cr = NULL;

  if (!self->view_cairo)
    return gsk_texture_node_new (level_texture (level), image);

  node = cairo_node_for (self, image, &cr);
  if (node == NULL)
    return NULL;
  paint_surface (self, cr, level->surface, 0, 0, (double) (1 << index));
  cairo_destroy (cr);
  return node;
}

static GskRenderNode *
overlay_node_new (FsCanvas *self,
                  guint     index)
{
  cairo_surface_t *tile = self->overlay[index];
  double x = (index % self->overlay_across) * OVERLAY_TILE;
  double y = (index / self->overlay_across) * OVERLAY_TILE;
  graphene_rect_t area;
  GskRenderNode *node;
  cairo_t *cr = NULL;

  graphene_rect_init (&area, self->offset_x + x * self->zoom, self->offset_y + y * self->zoom,
                      cairo_image_surface_get_width (tile) * self->zoom,
                      cairo_image_surface_get_height (tile) * self->zoom);
  node = cairo_node_for (self, &area, &cr);
  if (node == NULL)
    return NULL;
  paint_surface (self, cr, tile, x, y, 1.0);
  cairo_destroy (cr);
  return node;
}

/* The image and, in Fill mode, the mask over it, each node made again
 * only when its part changed. Only what is on screen is drawn, however
 * large the image. */
static void
snapshot_image (FsCanvas              *self,
                GtkSnapshot           *snapshot,
                const graphene_rect_t *image)
{
  graphene_rect_t view;
  guint n;

  check_view (self);
  graphene_rect_init (&view, 0, 0, self->view_width, self->view_height);

  if (self->image_node == NULL)
    self->image_node = image_node_new (self, image);
  if (self->image_node != NULL)
    gtk_snapshot_append_node (snapshot, self->image_node);

  if (self->mode != FS_CANVAS_FILL)
    return;

  n = self->overlay_across * self->overlay_down;
  for (guint i = 0; i < n; i++)
    {
      if (self->overlay_nodes[i] == NULL)
        self->overlay_nodes[i] = overlay_node_new (self, i);
      if (self->overlay_nodes[i] != NULL)
        gtk_snapshot_append_node (snapshot, self->overlay_nodes[i]);
    }
}

static void
snapshot_brush (FsCanvas    *self,
                GtkSnapshot *snapshot)
{
  double x, y, radius;
  graphene_rect_t bounds;
  cairo_t *cr;

  if (self->mode != FS_CANVAS_FILL)
    return;

  if (self->show_cursor)
    {
      x = self->offset_x + self->cursor_x * self->zoom;
      y = self->offset_y + self->cursor_y * self->zoom;
    }
  else if (self->pointer_in)
    {
      x = self->pointer_x;
      y = self->pointer_y;
    }
  else
    return;

  radius = MAX (2.0, self->brush_size / 2 * self->zoom);
  graphene_rect_init (&bounds, x - radius - 2, y - radius - 2, 2 * radius + 4, 2 * radius + 4);
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
  cairo_set_line_width (cr, 3);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
  cairo_stroke_preserve (cr);
  cairo_set_line_width (cr, 1.5);
  if (self->tool == FS_CANVAS_ERASER)
    cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  else
    cairo_set_source_rgba (cr, OVERLAY_R / 255.0, 0.6, 0.6, 0.95);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
fs_canvas_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  FsCanvas *self = FS_CANVAS (widget);
  graphene_rect_t image;

  if (self->width == 0)
    return;

  graphene_rect_init (&image, self->offset_x, self->offset_y,
                      self->width * self->zoom, self->height * self->zoom);

  gtk_snapshot_push_clip (snapshot,
                          &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                               gtk_widget_get_height (widget)));
  if (self->mode == FS_CANVAS_EXPAND)
    snapshot_expand (self, snapshot);
  snapshot_image (self, snapshot, &image);
  snapshot_brush (self, snapshot);
  gtk_snapshot_pop (snapshot);
}

static void
fs_canvas_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  FsCanvas *self = FS_CANVAS (widget);

  if (self->fit)
    apply_fit (self);
}

static void
fs_canvas_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  *minimum = 120;
  *natural = 480;
}

/* Input ----------------------------------------------------------------------------- */

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               FsCanvas       *self)
{
  double image_x, image_y;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->show_cursor = FALSE;
  self->drag_edge = edge_at (self, x, y);

  if (self->drag_edge != EDGE_NONE)
    {
      self->drag_margins = self->margins;
      return;
    }

  if (self->mode == FS_CANVAS_EXPAND || self->mask == NULL)
    {
      /* Dragging the picture itself moves it. */
      self->panning = TRUE;
      self->drag_offset_x = self->offset_x;
      self->drag_offset_y = self->offset_y;
      return;
    }

  to_image (self, x, y, &image_x, &image_y);
  fs_canvas_stroke_begin (self, image_x, image_y);
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                FsCanvas       *self)
{
  double start_x, start_y, image_x, image_y;

  gtk_gesture_drag_get_start_point (gesture, &start_x, &start_y);
  self->pointer_x = start_x + dx;
  self->pointer_y = start_y + dy;

  if (self->drag_edge != EDGE_NONE)
    {
      drag_edge_to (self, dx, dy);
      return;
    }

  if (self->panning)
    {
      self->fit = FALSE;
      self->offset_x = self->drag_offset_x + dx;
      self->offset_y = self->drag_offset_y + dy;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  to_image (self, start_x + dx, start_y + dy, &image_x, &image_y);
  fs_canvas_stroke_to (self, image_x, image_y);
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             FsCanvas       *self)
{
  gboolean was_edge = self->drag_edge != EDGE_NONE;

  self->drag_edge = EDGE_NONE;
  self->panning = FALSE;
  if (was_edge && self->fit)
    apply_fit (self);
  fs_canvas_stroke_end (self);
}

static void
pan_begin_cb (GtkGestureDrag *gesture,
              double          x,
              double          y,
              FsCanvas       *self)
{
  self->drag_offset_x = self->offset_x;
  self->drag_offset_y = self->offset_y;
}

static void
pan_update_cb (GtkGestureDrag *gesture,
               double          dx,
               double          dy,
               FsCanvas       *self)
{
  self->fit = FALSE;
  self->offset_x = self->drag_offset_x + dx;
  self->offset_y = self->drag_offset_y + dy;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_cursor (FsCanvas *self)
{
  Edge edge = edge_at (self, self->pointer_x, self->pointer_y);
  const char *name = "default";

  if (edge == EDGE_TOP || edge == EDGE_BOTTOM)
    name = "ns-resize";
  else if (edge == EDGE_LEFT || edge == EDGE_RIGHT)
    name = "ew-resize";
  else if (self->mode == FS_CANVAS_FILL && self->mask != NULL)
    name = "crosshair";
  else if (self->width > 0)
    name = "grab";

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), name);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           FsCanvas                 *self)
{
  self->pointer_in = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  self->show_cursor = FALSE;
  update_cursor (self);
  if (self->mode == FS_CANVAS_FILL)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GtkEventControllerMotion *controller,
          FsCanvas                 *self)
{
  self->pointer_in = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Ctrl+wheel (and pinching) zooms about the pointer; the wheel alone pans. */
static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           FsCanvas                 *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (self->width == 0)
    return FALSE;

  if (state & GDK_CONTROL_MASK)
    {
      zoom_about (self, pow (1.15, -dy), self->pointer_x, self->pointer_y);
      return TRUE;
    }

  self->fit = FALSE;
  self->offset_x -= dx * 32;
  self->offset_y -= dy * 32;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static void
zoom_begin_cb (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               FsCanvas         *self)
{
  self->pinch_scale = 1.0;
}

static void
zoom_scale_changed_cb (GtkGestureZoom *gesture,
                       double          scale,
                       FsCanvas       *self)
{
  double x, y;

  if (scale <= 0 || !gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    return;
  zoom_about (self, scale / self->pinch_scale, x, y);
  self->pinch_scale = scale;
}

/* Actions: the toolbar's buttons and the keys -------------------------------------- */

/* By a factor, and by at least a pixel, so small brushes change too. */
static void
change_brush_size (FsCanvas *self,
                   double    factor)
{
  double size = round (self->brush_size * factor);

  if (size == self->brush_size)
    size += factor > 1 ? 1 : -1;
  fs_canvas_set_brush_size (self, size);
}

static void
brush_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FsCanvas *self = FS_CANVAS (widget);

  if (g_str_equal (action_name, "canvas.brush-larger"))
    change_brush_size (self, BRUSH_STEP);
  else if (g_str_equal (action_name, "canvas.brush-smaller"))
    change_brush_size (self, 1 / BRUSH_STEP);
  else if (g_str_equal (action_name, "canvas.brush"))
    fs_canvas_set_tool (self, FS_CANVAS_BRUSH);
  else if (g_str_equal (action_name, "canvas.eraser"))
    fs_canvas_set_tool (self, FS_CANVAS_ERASER);
  else if (g_str_equal (action_name, "canvas.toggle-eraser"))
    fs_canvas_set_tool (self, self->tool == FS_CANVAS_ERASER ? FS_CANVAS_BRUSH : FS_CANVAS_ERASER);
}

static void
mask_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FsCanvas *self = FS_CANVAS (widget);

  if (self->mode != FS_CANVAS_FILL)
    return;

  if (g_str_equal (action_name, "canvas.undo"))
    fs_canvas_undo (self);
  else if (g_str_equal (action_name, "canvas.redo"))
    fs_canvas_redo (self);
  else if (g_str_equal (action_name, "canvas.invert"))
    fs_canvas_invert (self);
  else if (g_str_equal (action_name, "canvas.clear"))
    fs_canvas_clear (self);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FsCanvas *self = FS_CANVAS (widget);

  if (g_str_equal (action_name, "canvas.zoom-in"))
    fs_canvas_zoom_by (self, 1.25);
  else if (g_str_equal (action_name, "canvas.zoom-out"))
    fs_canvas_zoom_by (self, 0.8);
  else if (g_str_equal (action_name, "canvas.zoom-fit"))
    fs_canvas_zoom_fit (self);
  else if (g_str_equal (action_name, "canvas.zoom-actual"))
    {
      fs_canvas_zoom_by (self, 1.0 / self->zoom);
    }
}

/* The keyboard brush: the arrows move it ("(ii)", in steps of KEY_STEP
 * screen pixels), Space paints a dab where it is. */
static void
move_cursor_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FsCanvas *self = FS_CANVAS (widget);
  int dx, dy;

  if (self->width == 0)
    return;

  g_variant_get (parameter, "(ii)", &dx, &dy);
  if (!self->show_cursor)
    {
      self->cursor_x = self->width / 2.0;
      self->cursor_y = self->height / 2.0;
      self->show_cursor = TRUE;
    }
  self->cursor_x = CLAMP (self->cursor_x + dx * KEY_STEP / self->zoom, 0, self->width);
  self->cursor_y = CLAMP (self->cursor_y + dy * KEY_STEP / self->zoom, 0, self->height);
  gtk_widget_queue_draw (widget);
}

static void
paint_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FsCanvas *self = FS_CANVAS (widget);

  if (self->mode != FS_CANVAS_FILL || self->mask == NULL)
    return;

  if (!self->show_cursor)
    {
      self->cursor_x = self->width / 2.0;
      self->cursor_y = self->height / 2.0;
      self->show_cursor = TRUE;
    }
  fs_canvas_stroke_begin (self, self->cursor_x, self->cursor_y);
  fs_canvas_stroke_end (self);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  static const struct {
    const char *name;
    GtkWidgetActionActivateFunc activate;
  } actions[] = {
    { "canvas.brush", brush_action },
    { "canvas.eraser", brush_action },
    { "canvas.toggle-eraser", brush_action },
    { "canvas.brush-larger", brush_action },
    { "canvas.brush-smaller", brush_action },
    { "canvas.undo", mask_action },
    { "canvas.redo", mask_action },
    { "canvas.invert", mask_action },
    { "canvas.clear", mask_action },
    { "canvas.zoom-in", zoom_action },
    { "canvas.zoom-out", zoom_action },
    { "canvas.zoom-fit", zoom_action },
    { "canvas.zoom-actual", zoom_action },
    { "canvas.paint", paint_action },
  };
  static const struct {
    guint           key;
    GdkModifierType modifiers;
    const char     *action;
  } keys[] = {
    { GDK_KEY_bracketright, 0, "canvas.brush-larger" },
    { GDK_KEY_bracketleft, 0, "canvas.brush-smaller" },
    { GDK_KEY_b, 0, "canvas.brush" },
    { GDK_KEY_e, 0, "canvas.toggle-eraser" },
    { GDK_KEY_z, GDK_CONTROL_MASK, "canvas.undo" },
    { GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "canvas.redo" },
    { GDK_KEY_y, GDK_CONTROL_MASK, "canvas.redo" },
    { GDK_KEY_i, GDK_CONTROL_MASK, "canvas.invert" },
    { GDK_KEY_Delete, 0, "canvas.clear" },
    { GDK_KEY_plus, 0, "canvas.zoom-in" },
    { GDK_KEY_equal, 0, "canvas.zoom-in" },
    { GDK_KEY_KP_Add, 0, "canvas.zoom-in" },
    { GDK_KEY_minus, 0, "canvas.zoom-out" },
    { GDK_KEY_KP_Subtract, 0, "canvas.zoom-out" },
    { GDK_KEY_0, 0, "canvas.zoom-fit" },
    { GDK_KEY_1, 0, "canvas.zoom-actual" },
    { GDK_KEY_space, 0, "canvas.paint" },
    { GDK_KEY_Return, 0, "canvas.paint" },
  };
  static const struct {
    guint key;
    int   dx, dy;
  } arrows[] = {
    { GDK_KEY_Left, -1, 0 }, { GDK_KEY_Right, 1, 0 },
    { GDK_KEY_Up, 0, -1 }, { GDK_KEY_Down, 0, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i].name, NULL, actions[i].activate);
  gtk_widget_class_install_action (widget_class, "canvas.move-cursor", "(ii)",
                                   move_cursor_action);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_widget_class_add_binding_action (widget_class, keys[i].key, keys[i].modifiers,
                                         keys[i].action, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (arrows); i++)
    {
      gtk_widget_class_add_binding_action (widget_class, arrows[i].key, 0,
                                           "canvas.move-cursor", "(ii)",
                                           arrows[i].dx, arrows[i].dy);
      gtk_widget_class_add_binding_action (widget_class, arrows[i].key, GDK_SHIFT_MASK,
                                           "canvas.move-cursor", "(ii)",
                                           arrows[i].dx * 4, arrows[i].dy * 4);
    }
}

/* Loading --------------------------------------------------------------------------- */

static void
level_free (Level *level)
{
  g_clear_object (&level->texture);
  cairo_surface_destroy (level->surface);
  g_free (level);
}

/* The pixbuf as premultiplied ARGB in native byte order, cairo's and
 * GDK_MEMORY_DEFAULT's layout. */
static cairo_surface_t *
surface_from_pixbuf (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  int src_stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  guint8 *dst = cairo_image_surface_get_data (surface);
  int dst_stride = cairo_image_surface_get_stride (surface);

  for (int y = 0; y < height; y++)
    {
      const guint8 *in = src + (gsize) y * src_stride;
      guint32 *out = (guint32 *) (dst + (gsize) y * dst_stride);

      for (int x = 0; x < width; x++, in += channels)
        {
          guint a = alpha ? in[3] : 255;

          out[x] = (a << 24) | ((in[0] * a / 255) << 16) | ((in[1] * a / 255) << 8) |
                   (in[2] * a / 255);
        }
    }

  cairo_surface_mark_dirty (surface);
  return surface;
}

/* Each pixel of the next level is the mean of four, channel by channel:
 * premultiplied values average correctly. */
static cairo_surface_t *
halve (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface) / 2;
  int height = cairo_image_surface_get_height (surface) / 2;
  int src_stride = cairo_image_surface_get_stride (surface);
  const guint8 *src = cairo_image_surface_get_data (surface);
  cairo_surface_t *half = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  guint8 *dst = cairo_image_surface_get_data (half);
  int dst_stride = cairo_image_surface_get_stride (half);

  for (int y = 0; y < height; y++)
    {
      const guint32 *a = (const guint32 *) (src + (gsize) (2 * y) * src_stride);
      const guint32 *b = (const guint32 *) (src + (gsize) (2 * y + 1) * src_stride);
      guint32 *out = (guint32 *) (dst + (gsize) y * dst_stride);

      for (int x = 0; x < width; x++)
        {
          guint32 p[4] = { a[2 * x], a[2 * x + 1], b[2 * x], b[2 * x + 1] };
          guint32 pixel = 0;

          for (int shift = 0; shift < 32; shift += 8)
            {
              guint sum = 0;

              for (int i = 0; i < 4; i++)
                sum += (p[i] >> shift) & 0xff;
              pixel |= ((sum + 2) / 4) << shift;
            }
          out[x] = pixel;
        }
    }

  cairo_surface_mark_dirty (half);
  return half;
}

/* Levels halve the one before down to a quarter-screen or so: the zoom
 * picks the one nearest its scale (pick_level()). Blocking; any thread. */
static GPtrArray *
make_levels (GdkPixbuf *pixbuf)
{
  GPtrArray *levels = g_ptr_array_new_with_free_func ((GDestroyNotify) level_free);
  Level *level = g_new0 (Level, 1);

  level->surface = surface_from_pixbuf (pixbuf);
  g_ptr_array_add (levels, level);
  while (MIN (cairo_image_surface_get_width (level->surface),
              cairo_image_surface_get_height (level->surface)) / 2 >= LEVEL_MIN_SIDE)
    {
      Level *next = g_new0 (Level, 1);

      next->surface = halve (level->surface);
      g_ptr_array_add (levels, next);
      level = next;
    }

  return levels;
}

static void
install_levels (FsCanvas  *self,
                GPtrArray *levels)
{
  cairo_surface_t *full = ((Level *) g_ptr_array_index (levels, 0))->surface;
  gboolean had_image = self->width > 0;

  fs_canvas_stroke_end (self);
  g_clear_pointer (&self->levels, g_ptr_array_unref);
  self->levels = g_ptr_array_ref (levels);

  self->width = (guint) cairo_image_surface_get_width (full);
  self->height = (guint) cairo_image_surface_get_height (full);
  g_free (self->mask);
  self->mask = g_malloc0 ((gsize) self->width * self->height);
  overlay_new (self);
  g_clear_pointer (&self->image_node, gsk_render_node_unref);
  forget_history (self);
  self->show_cursor = FALSE;
  self->fit = TRUE;
  apply_fit (self);
  update_cursor (self);
  if (!had_image)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_IMAGE]);
  mask_changed (self);
}

void
fs_canvas_set_pixbuf (FsCanvas  *self,
                      GdkPixbuf *pixbuf)
{
  g_autoptr(GPtrArray) levels = NULL;

  g_return_if_fail (FS_IS_CANVAS (self));
  g_return_if_fail (GDK_IS_PIXBUF (pixbuf));

  levels = make_levels (pixbuf);
  install_levels (self, levels);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  GError *error = NULL;
  GdkPixbuf *pixbuf;
  gboolean decoded;

  /* The loader is closed even after a failed write. */
  decoded = gdk_pixbuf_loader_write_bytes (loader, task_data, &error);
  decoded = gdk_pixbuf_loader_close (loader, decoded ? &error : NULL) && decoded;
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (!decoded || pixbuf == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                     _("The image could not be read"));
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, make_levels (pixbuf), (GDestroyNotify) g_ptr_array_unref);
}

void
fs_canvas_load_async (FsCanvas            *self,
                      GBytes              *image,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FS_IS_CANVAS (self));
  g_return_if_fail (image != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_canvas_load_async);
  g_task_set_task_data (task, g_bytes_ref (image), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, load_thread);
}

gboolean
fs_canvas_load_finish (FsCanvas      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_autoptr(GPtrArray) levels = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  levels = g_task_propagate_pointer (G_TASK (result), error);
  if (levels == NULL)
    return FALSE;

  install_levels (self, levels);
  return TRUE;
}

void
fs_canvas_clear_image (FsCanvas *self)
{
  g_return_if_fail (FS_IS_CANVAS (self));

  if (self->width == 0)
    return;

  fs_canvas_stroke_end (self);
  g_clear_pointer (&self->levels, g_ptr_array_unref);
  g_clear_pointer (&self->mask, g_free);
  overlay_free (self);
  g_clear_pointer (&self->image_node, gsk_render_node_unref);
  self->width = self->height = 0;
  forget_history (self);
  update_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_IMAGE]);
  mask_changed (self);
}

gboolean
fs_canvas_has_image (FsCanvas *self)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), FALSE);

  return self->width > 0;
}

guint
fs_canvas_get_image_width (FsCanvas *self)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), 0);

  return self->width;
}

guint
fs_canvas_get_image_height (FsCanvas *self)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), 0);

  return self->height;
}

/* Properties ---------------------------------------------------------------------- */

FsCanvasMode
fs_canvas_get_mode (FsCanvas *self)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), FS_CANVAS_FILL);

  return self->mode;
}

void
fs_canvas_set_mode (FsCanvas     *self,
                    FsCanvasMode  mode)
{
  g_return_if_fail (FS_IS_CANVAS (self));

  if (self->mode == mode)
    return;

  fs_canvas_stroke_end (self);
  self->mode = mode;
  if (self->fit)
    apply_fit (self);
  update_cursor (self);
  update_label (self);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

FsCanvasTool
fs_canvas_get_tool (FsCanvas *self)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), FS_CANVAS_BRUSH);

  return self->tool;
}

void
fs_canvas_set_tool (FsCanvas     *self,
                    FsCanvasTool  tool)
{
  g_return_if_fail (FS_IS_CANVAS (self));

  if (self->tool == tool)
    return;

  self->tool = tool;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL]);
}

double
fs_canvas_get_brush_size (FsCanvas *self)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), 0);

  return self->brush_size;
}

void
fs_canvas_set_brush_size (FsCanvas *self,
                          double    size)
{
  g_return_if_fail (FS_IS_CANVAS (self));

  size = CLAMP (round (size), FS_CANVAS_MIN_BRUSH, FS_CANVAS_MAX_BRUSH);
  if (size == self->brush_size)
    return;

  self->brush_size = size;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRUSH_SIZE]);
}

double
fs_canvas_get_hardness (FsCanvas *self)
{
  g_return_val_if_fail (FS_IS_CANVAS (self), 0);

  return self->hardness;
}

void
fs_canvas_set_hardness (FsCanvas *self,
                        double    hardness)
{
  g_return_if_fail (FS_IS_CANVAS (self));

  hardness = CLAMP (hardness, 0, 1);
  if (hardness == self->hardness)
    return;

  self->hardness = hardness;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HARDNESS]);
}

/* GObject ------------------------------------------------------------------------------ */

static void
fs_canvas_dispose (GObject *object)
{
  FsCanvas *self = FS_CANVAS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->levels, g_ptr_array_unref);

  G_OBJECT_CLASS (fs_canvas_parent_class)->dispose (object);
}

static void
fs_canvas_finalize (GObject *object)
{
  FsCanvas *self = FS_CANVAS (object);

  g_free (self->mask);
  overlay_free (self);
  g_clear_pointer (&self->image_node, gsk_render_node_unref);
  g_clear_pointer (&self->step, step_free);
  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);

  G_OBJECT_CLASS (fs_canvas_parent_class)->finalize (object);
}

static void
fs_canvas_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FsCanvas *self = FS_CANVAS (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_TOOL:
      g_value_set_enum (value, self->tool);
      break;
    case PROP_BRUSH_SIZE:
      g_value_set_double (value, self->brush_size);
      break;
    case PROP_HARDNESS:
      g_value_set_double (value, self->hardness);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, fs_canvas_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, fs_canvas_can_redo (self));
      break;
    case PROP_HAS_IMAGE:
      g_value_set_boolean (value, self->width > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_canvas_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  FsCanvas *self = FS_CANVAS (object);

  switch (prop_id)
    {
    case PROP_MODE:
      fs_canvas_set_mode (self, g_value_get_enum (value));
      break;
    case PROP_TOOL:
      fs_canvas_set_tool (self, g_value_get_enum (value));
      break;
    case PROP_BRUSH_SIZE:
      fs_canvas_set_brush_size (self, g_value_get_double (value));
      break;
    case PROP_HARDNESS:
      fs_canvas_set_hardness (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_canvas_class_init (FsCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags read_only = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = fs_canvas_dispose;
  object_class->finalize = fs_canvas_finalize;
  object_class->get_property = fs_canvas_get_property;
  object_class->set_property = fs_canvas_set_property;
  widget_class->snapshot = fs_canvas_snapshot;
  widget_class->size_allocate = fs_canvas_size_allocate;
  widget_class->measure = fs_canvas_measure;

  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, FS_TYPE_CANVAS_MODE, FS_CANVAS_FILL, flags);
  properties[PROP_TOOL] =
    g_param_spec_enum ("tool", NULL, NULL, FS_TYPE_CANVAS_TOOL, FS_CANVAS_BRUSH, flags);
  properties[PROP_BRUSH_SIZE] =
    g_param_spec_double ("brush-size", NULL, NULL, FS_CANVAS_MIN_BRUSH, FS_CANVAS_MAX_BRUSH,
                         64, flags);
  properties[PROP_HARDNESS] =
    g_param_spec_double ("hardness", NULL, NULL, 0, 1, 0.8, flags);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, MIN_ZOOM, MAX_ZOOM, 1, read_only);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, read_only);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE, read_only);
  properties[PROP_HAS_IMAGE] =
    g_param_spec_boolean ("has-image", NULL, NULL, FALSE, read_only);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[MASK_CHANGED] =
    g_signal_new ("mask-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[MARGINS_CHANGED] =
    g_signal_new ("margins-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  install_actions (widget_class);
  gtk_widget_class_set_css_name (widget_class, "fs-canvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
fs_canvas_init (FsCanvas *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *pan = gtk_gesture_drag_new ();
  GtkGesture *zoom = gtk_gesture_zoom_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll =
    gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);

  self->zoom = 1.0;
  self->fit = TRUE;
  self->brush_size = 64;
  self->hardness = 0.8;
  self->max_margin = 2048;
  self->drag_edge = EDGE_NONE;
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  self->cancellable = g_cancellable_new ();
  build_overlay_lut (self);
  dirty_reset (self);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (pan), GDK_BUTTON_MIDDLE);
  g_signal_connect (pan, "drag-begin", G_CALLBACK (pan_begin_cb), self);
  g_signal_connect (pan, "drag-update", G_CALLBACK (pan_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pan));

  g_signal_connect (zoom, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  update_label (self);
  update_description (self);
}

GtkWidget *
fs_canvas_new (void)
{
  return g_object_new (FS_TYPE_CANVAS, NULL);
}
