/* fs-canvas-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-canvas.h"

G_BEGIN_DECLS

/* FsCanvas is one widget in several files, one idea each
 * (docs/ARCHITECTURE.md, “The canvas”):
 *
 *   fs-canvas.c          the widget: properties, layout, accessibility
 *   fs-canvas-image.c    loading the image into its levels
 *   fs-canvas-mask.c     the mask buffer, its undo tiles and its overlay
 *   fs-canvas-stroke.c   strokes: the brush's dabs and their spacing
 *   fs-canvas-history.c  undo and redo
 *   fs-canvas-view.c     the view transform: zoom, fit and pan
 *   fs-canvas-expand.c   Expand's margins, edges and handles
 *   fs-canvas-draw.c     drawing the image and the overlay for a view
 *   fs-canvas-input.c    gestures, pointer, scrolling, actions and keys
 *
 * The mask is painted at the image's resolution into a byte buffer, and
 * shown through an ARGB overlay of the same size that is rewritten only
 * in the rectangle each stroke segment touched: nothing is uploaded or
 * converted whole while painting, so a 4 MP image paints as smoothly as a
 * small one. The overlay is drawn with cairo, scaled, into the visible
 * part of the widget only. The image is kept as premultiplied ARGB
 * levels, each half the one before, and the level nearest the zoom is
 * drawn: as a texture, which a GPU renderer uploads once, or with cairo
 * where the renderer is GSK's cairo renderer, which in GTK 4.8 would copy
 * and convert a whole texture on every frame. Undo keeps, per step, the
 * 64×64 tiles a stroke changed, as they were before. */

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

/* fs-canvas.c */
void     _fs_canvas_notify             (FsCanvas        *self,
                                        guint            prop_id);
void     _fs_canvas_update_description (FsCanvas        *self);
/* Says the mask changed: to a screen reader and to "mask-changed". */
void     _fs_canvas_mask_changed       (FsCanvas        *self);
void     _fs_canvas_margins_changed    (FsCanvas        *self);

/* fs-canvas-mask.c */
guint    _fs_canvas_tiles_across       (FsCanvas        *self);
void     _fs_canvas_tile_bounds        (FsCanvas        *self,
                                        guint            index,
                                        guint           *x,
                                        guint           *y,
                                        guint           *w,
                                        guint           *h);
void     _fs_canvas_tile_copy          (FsCanvas        *self,
                                        guint            index,
                                        guint8          *data,
                                        gboolean         restore);
void     _fs_canvas_build_overlay_lut  (FsCanvas        *self);
void     _fs_canvas_overlay_new        (FsCanvas        *self);
void     _fs_canvas_overlay_free       (FsCanvas        *self);
void     _fs_canvas_update_overlay     (FsCanvas        *self,
                                        int              x0,
                                        int              y0,
                                        int              x1,
                                        int              y1);
void     _fs_canvas_update_overlay_all (FsCanvas        *self);

/* fs-canvas-stroke.c */
void     _fs_canvas_dirty_reset        (FsCanvas        *self);

/* fs-canvas-history.c */
Step    *_fs_canvas_step_new           (StepKind         kind);
void     _fs_canvas_step_free          (Step            *step);
void     _fs_canvas_step_save_region   (FsCanvas        *self,
                                        Step            *step,
                                        int              x0,
                                        int              y0,
                                        int              x1,
                                        int              y1);
void     _fs_canvas_apply_step         (FsCanvas        *self,
                                        Step            *step);
void     _fs_canvas_push_step          (FsCanvas        *self,
                                        Step            *step);
void     _fs_canvas_forget_history     (FsCanvas        *self);

/* fs-canvas-view.c */
void     _fs_canvas_content_rect       (FsCanvas        *self,
                                        graphene_rect_t *rect);
void     _fs_canvas_apply_fit          (FsCanvas        *self);
void     _fs_canvas_zoom_about         (FsCanvas        *self,
                                        double           factor,
                                        double           x,
                                        double           y);
void     _fs_canvas_pan_to             (FsCanvas        *self,
                                        double           offset_x,
                                        double           offset_y);
void     _fs_canvas_to_image           (FsCanvas        *self,
                                        double           x,
                                        double           y,
                                        double          *image_x,
                                        double          *image_y);

/* fs-canvas-expand.c */
Edge     _fs_canvas_edge_at            (FsCanvas        *self,
                                        double           x,
                                        double           y);
void     _fs_canvas_drag_edge_to       (FsCanvas        *self,
                                        double           dx,
                                        double           dy);
void     _fs_canvas_snapshot_expand    (FsCanvas        *self,
                                        GtkSnapshot     *snapshot);

/* fs-canvas-draw.c */
void     _fs_canvas_snapshot           (GtkWidget       *widget,
                                        GtkSnapshot     *snapshot);

/* fs-canvas-input.c */
void     _fs_canvas_install_actions    (GtkWidgetClass  *widget_class);
void     _fs_canvas_add_controllers    (FsCanvas        *self);
void     _fs_canvas_update_cursor      (FsCanvas        *self);

G_END_DECLS
