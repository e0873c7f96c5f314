/* fs-canvas-draw.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-canvas-private.h"

/* Drawing: the level of the image nearest the zoom and the overlay's
 * tiles, as render nodes kept while the view holds, only for what is on
 * screen; the brush's outline.
 * (docs/ARCHITECTURE.md, “The canvas”) */

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

void
_fs_canvas_snapshot (GtkWidget   *widget,
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
    _fs_canvas_snapshot_expand (self, snapshot);
  snapshot_image (self, snapshot, &image);
  snapshot_brush (self, snapshot);
  gtk_snapshot_pop (snapshot);
}
