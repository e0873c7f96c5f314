/* fs-gallery-item.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-gallery.h"
#include "fs-gallery-item.h"
#include "fs-rating-widget.h"
#include "fs-tile-marks.h"
#include "fs-ui.h"

#define ITEM_NAT_WIDTH  200
#define CAPTION_SPACING   6
#define LABEL_MAX_CHARS  80

struct _FsGalleryItem
{
  GtkWidget     parent_instance;

  GtkWidget    *frame;
  GtkWidget    *stack;
  GtkWidget    *picture;
  GtkWidget    *broken;
  GtkWidget    *caption_box;
  GtkWidget    *caption;
  GtkWidget    *sandbox_tag;
  GtkWidget    *colour_badge;
  GtkWidget    *colour_icon;
  GtkWidget    *colour_label;
  GtkWidget    *damage_badge;
  GtkWidget    *badges;        /* the top start corner: sandbox, colours */
  GtkWidget    *marks;         /* favourite and rating, made when needed */
  GtkWidget    *marks_at_rest; /* the same drawn, made when needed */
  GtkWidget    *favourite;
  GtkWidget    *rating;

  FsAsset      *asset;
  GCancellable *load_cancellable;
  gboolean      hovered;
  gboolean      selected;
  gboolean      syncing;
};

G_DEFINE_FINAL_TYPE (FsGalleryItem, fs_gallery_item, GTK_TYPE_WIDGET)

enum {
  RATE,
  SET_FAVOURITE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
fs_gallery_item_label_for_prompt (const char *prompt,
                                  guint       max_chars)
{
  g_autofree char *flat = NULL;
  const char *end;

  if (prompt == NULL || *prompt == '\0')
    return g_strdup (_("Image without a prompt"));

  /* A screen reader reads one line: newlines become spaces. */
  flat = g_strstrip (g_strdelimit (g_strdup (prompt), "\r\n\t", ' '));
  if (g_utf8_strlen (flat, -1) <= (glong)max_chars)
    return g_steal_pointer (&flat);

  end = g_utf8_offset_to_pointer (flat, max_chars);
  return g_strdup_printf ("%.*s…", (int)(end - flat), flat);
}

static void
cancel_load (FsGalleryItem *self)
{
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
}

static void
fs_gallery_item_dispose (GObject *object)
{
  FsGalleryItem *self = FS_GALLERY_ITEM (object);

  cancel_load (self);
  if (self->asset != NULL)
    g_signal_handlers_disconnect_by_data (self->asset, self);
  g_clear_object (&self->asset);
  g_clear_pointer (&self->frame, gtk_widget_unparent);
  g_clear_pointer (&self->caption_box, gtk_widget_unparent);

  G_OBJECT_CLASS (fs_gallery_item_parent_class)->dispose (object);
}

/* A square thumbnail as wide as the grid column, the caption below. */
static int
caption_height (FsGalleryItem *self,
                int            width)
{
  int min = 0;

  gtk_widget_measure (self->caption_box, GTK_ORIENTATION_VERTICAL, width,
                      &min, NULL, NULL, NULL);
  return min;
}

static void
fs_gallery_item_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  FsGalleryItem *self = FS_GALLERY_ITEM (widget);
  int width;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = FS_GALLERY_ITEM_MIN_WIDTH;
      *natural = ITEM_NAT_WIDTH;
      return;
    }

  width = for_size < 0 ? ITEM_NAT_WIDTH : MAX (for_size, FS_GALLERY_ITEM_MIN_WIDTH);
  *minimum = *natural = width + CAPTION_SPACING + caption_height (self, width);
}

static GtkSizeRequestMode
fs_gallery_item_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
fs_gallery_item_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  FsGalleryItem *self = FS_GALLERY_ITEM (widget);
  int side = MIN (width, height - CAPTION_SPACING - caption_height (self, width));

  side = MAX (side, 0);
  gtk_widget_size_allocate (self->frame,
                            &(GtkAllocation) { (width - side) / 2, 0, side, side },
                            -1);
  gtk_widget_size_allocate (self->caption_box,
                            &(GtkAllocation) { 0, side + CAPTION_SPACING, width,
                                               MAX (height - side - CAPTION_SPACING, 0) },
                            -1);
}

static void
fs_gallery_item_class_init (FsGalleryItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_gallery_item_dispose;
  widget_class->measure = fs_gallery_item_measure;
  widget_class->size_allocate = fs_gallery_item_size_allocate;
  widget_class->get_request_mode = fs_gallery_item_get_request_mode;

  /**
   * FsGalleryItem::rate:
   * @self: the tile
   * @rating: the stars picked on the tile, 0 to clear
   */
  signals[RATE] = g_signal_new ("rate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /**
   * FsGalleryItem::set-favourite:
   * @self: the tile
   * @favourite: the tile's heart, pressed or not
   */
  signals[SET_FAVOURITE] = g_signal_new ("set-favourite", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_css_name (widget_class, "fs-gallery-item");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static GtkWidget *
new_state_icon (const char *icon_name)
{
  GtkWidget *image = gtk_image_new_from_icon_name (icon_name);

  gtk_image_set_pixel_size (GTK_IMAGE (image), 48);
  gtk_widget_add_css_class (image, "dim-label");
  return image;
}

/* The badges in the top start corner, one above the other: made only
 * for the tiles that show one, since the grid keeps hundreds of tiles. */
static GtkWidget *
ensure_badges (FsGalleryItem *self)
{
  if (self->badges != NULL)
    return self->badges;

  self->badges = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_halign (self->badges, GTK_ALIGN_START);
  gtk_widget_set_valign (self->badges, GTK_ALIGN_START);
  gtk_widget_set_margin_start (self->badges, 6);
  gtk_widget_set_margin_top (self->badges, 6);
  gtk_widget_set_can_target (self->badges, TRUE);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->frame), self->badges);
  return self->badges;
}

/* A small chip on the thumbnail: a frame for the rounded outline, the OSD
 * style for a dark backdrop that reads over any image in light and dark
 * styles alike. */
static GtkWidget *
new_chip (GtkWidget *content)
{
  GtkWidget *chip = gtk_frame_new (NULL);

  gtk_widget_set_margin_start (content, 8);
  gtk_widget_set_margin_end (content, 8);
  gtk_widget_set_margin_top (content, 2);
  gtk_widget_set_margin_bottom (content, 2);
  gtk_frame_set_child (GTK_FRAME (chip), content);
  gtk_widget_add_css_class (chip, "osd");
  gtk_widget_set_halign (chip, GTK_ALIGN_START);
  return chip;
}

static void
show_sandbox_tag (FsGalleryItem *self,
                  gboolean       sandbox)
{
  GtkWidget *label;

  if (self->sandbox_tag == NULL && !sandbox)
    return;

  if (self->sandbox_tag == NULL)
    {
      /* Translators: a small tag on gallery tiles made by the offline
       * sandbox, which draws placeholder images instead of calling FLUX */
      label = gtk_label_new (_("Sandbox"));
      gtk_widget_add_css_class (label, "caption-heading");
      self->sandbox_tag = new_chip (label);
      fs_ui_set_tooltip (self->sandbox_tag, _("Offline sandbox — not a FLUX model"));
      gtk_box_prepend (GTK_BOX (ensure_badges (self)), self->sandbox_tag);
    }

  gtk_widget_set_visible (self->sandbox_tag, sandbox);
}

/* "3/3 colours": how many of the prompt's hex colours the image has,
 * under the "Sandbox" tag. */
static void
ensure_colour_badge (FsGalleryItem *self)
{
  GtkWidget *box;

  if (self->colour_badge != NULL)
    return;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  /* A tick when every colour matched: said by a sign, not a colour. */
  self->colour_icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
  gtk_image_set_pixel_size (GTK_IMAGE (self->colour_icon), 12);
  self->colour_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->colour_label, "caption-heading");
  gtk_widget_add_css_class (self->colour_label, "numeric");
  gtk_box_append (GTK_BOX (box), self->colour_icon);
  gtk_box_append (GTK_BOX (box), self->colour_label);

  self->colour_badge = new_chip (box);
  gtk_widget_add_css_class (self->colour_badge, "fs-colour-badge");
  gtk_box_append (GTK_BOX (ensure_badges (self)), self->colour_badge);
}

/* "Damaged" in the top end corner: the image file is missing, empty or
 * not the one the record describes. Said in words and a sign, the
 * tooltip saying what is wrong and what to do. */
static void
ensure_damage_badge (FsGalleryItem *self)
{
  GtkWidget *box;
  GtkWidget *icon;
  GtkWidget *label;

  if (self->damage_badge != NULL)
    return;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  /* Translators: a badge on a gallery tile whose image file is missing,
   * empty or changed since it was saved */
  label = gtk_label_new (_("Damaged"));
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 12);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);

  self->damage_badge = new_chip (box);
  gtk_widget_add_css_class (self->damage_badge, "fs-damage-badge");
  gtk_widget_set_halign (self->damage_badge, GTK_ALIGN_END);
  gtk_widget_set_valign (self->damage_badge, GTK_ALIGN_START);
  gtk_widget_set_margin_end (self->damage_badge, 6);
  gtk_widget_set_margin_top (self->damage_badge, 6);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->frame), self->damage_badge);
}

/* The heart and the stars in the bottom end corner, as in Shotwell's and
 * darktable's thumbnails: shown while the image has a mark, and while
 * the pointer is over the tile or the tile is selected, to set one. */
static void
favourite_toggled_cb (FsGalleryItem   *self,
                      GtkToggleButton *button)
{
  if (!self->syncing)
    g_signal_emit (self, signals[SET_FAVOURITE], 0, gtk_toggle_button_get_active (button));
}

static void
rate_cb (FsGalleryItem  *self,
         guint           rating,
         FsRatingWidget *widget)
{
  g_signal_emit (self, signals[RATE], 0, rating);
}

static void
ensure_marks (FsGalleryItem *self)
{
  if (self->marks != NULL)
    return;

  self->favourite = fs_favourite_button_new (TRUE);
  g_signal_connect_swapped (self->favourite, "toggled", G_CALLBACK (favourite_toggled_cb), self);
  self->rating = fs_rating_widget_new ();
  fs_rating_widget_set_compact (FS_RATING_WIDGET (self->rating), TRUE);
  g_signal_connect_swapped (self->rating, "rate", G_CALLBACK (rate_cb), self);

  self->marks = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_box_append (GTK_BOX (self->marks), self->favourite);
  gtk_box_append (GTK_BOX (self->marks), self->rating);
  gtk_widget_add_css_class (self->marks, "osd");
  gtk_widget_add_css_class (self->marks, "fs-tile-marks");
  gtk_widget_set_halign (self->marks, GTK_ALIGN_END);
  gtk_widget_set_valign (self->marks, GTK_ALIGN_END);
  gtk_widget_set_margin_end (self->marks, 6);
  gtk_widget_set_margin_bottom (self->marks, 6);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->frame), self->marks);
}

/* Drawn, as the buttons look: the grid binds hundreds of tiles, and a
 * third of an archive's are marked. */
static void
ensure_marks_at_rest (FsGalleryItem *self)
{
  if (self->marks_at_rest != NULL)
    return;

  self->marks_at_rest = fs_tile_marks_new ();
  gtk_widget_set_halign (self->marks_at_rest, GTK_ALIGN_END);
  gtk_widget_set_valign (self->marks_at_rest, GTK_ALIGN_END);
  gtk_widget_set_margin_end (self->marks_at_rest, 6);
  gtk_widget_set_margin_bottom (self->marks_at_rest, 6);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->frame), self->marks_at_rest);
}

/* The buttons while the pointer is over the tile or it is selected, to
 * set the marks; the marks drawn while the image has one; else nothing. */
static void
update_marks (FsGalleryItem *self)
{
  gboolean favourite = self->asset != NULL && fs_asset_get_favourite (self->asset);
  guint rating = self->asset != NULL ? fs_asset_get_rating (self->asset) : 0;
  gboolean interactive = self->asset != NULL && (self->hovered || self->selected);
  gboolean at_rest = self->asset != NULL && !interactive && (favourite || rating > 0);

  if (at_rest)
    {
      ensure_marks_at_rest (self);
      fs_tile_marks_set (FS_TILE_MARKS (self->marks_at_rest), favourite, rating);
    }
  if (self->marks_at_rest != NULL)
    gtk_widget_set_visible (self->marks_at_rest, at_rest);

  if (!interactive)
    {
      if (self->marks != NULL)
        gtk_widget_set_visible (self->marks, FALSE);
      return;
    }

  ensure_marks (self);
  self->syncing = TRUE;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->favourite), favourite);
  fs_rating_widget_set_rating (FS_RATING_WIDGET (self->rating), rating);
  self->syncing = FALSE;
  gtk_widget_set_visible (self->marks, TRUE);
}

static void
build_frame (FsGalleryItem *self)
{
  self->stack = gtk_stack_new ();
  gtk_stack_set_transition_type (GTK_STACK (self->stack),
                                 GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_stack_add_named (GTK_STACK (self->stack),
                       new_state_icon ("image-x-generic-symbolic"), "placeholder");

  self->picture = gtk_picture_new ();
  gtk_picture_set_can_shrink (GTK_PICTURE (self->picture), TRUE);
  /* Tiles are square; cropping fills them the way photo grids do. */
  gtk_picture_set_content_fit (GTK_PICTURE (self->picture), GTK_CONTENT_FIT_COVER);
  gtk_stack_add_named (GTK_STACK (self->stack), self->picture, "picture");

  self->frame = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (self->frame), self->stack);
  gtk_widget_add_css_class (self->frame, "card");
  gtk_widget_set_overflow (self->frame, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_parent (self->frame, GTK_WIDGET (self));
}

static void
build_caption (FsGalleryItem *self)
{
  self->caption_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (self->caption_box, 4);
  gtk_widget_set_margin_end (self->caption_box, 4);

  self->caption = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->caption), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (self->caption), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (self->caption), TRUE);
  gtk_widget_set_hexpand (self->caption, TRUE);
  gtk_widget_add_css_class (self->caption, "caption");
  gtk_widget_add_css_class (self->caption, "dim-label");
  gtk_box_append (GTK_BOX (self->caption_box), self->caption);
  gtk_widget_set_parent (self->caption_box, GTK_WIDGET (self));
}

static void
pointer_enter_cb (GtkEventControllerMotion *motion,
                  double                    x,
                  double                    y,
                  FsGalleryItem            *self)
{
  self->hovered = TRUE;
  update_marks (self);
}

static void
pointer_leave_cb (GtkEventControllerMotion *motion,
                  FsGalleryItem            *self)
{
  self->hovered = FALSE;
  update_marks (self);
}

static void
add_hover (FsGalleryItem *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  g_signal_connect (motion, "enter", G_CALLBACK (pointer_enter_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (pointer_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

static void
fs_gallery_item_init (FsGalleryItem *self)
{
  build_frame (self);
  build_caption (self);
  add_hover (self);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 3);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 3);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 3);
  gtk_widget_set_margin_end (GTK_WIDGET (self), 3);
}

GtkWidget *
fs_gallery_item_new (void)
{
  return g_object_new (FS_TYPE_GALLERY_ITEM, NULL);
}

static char *
caption_for_asset (FsAsset *asset)
{
  const char *model = fs_asset_get_model_name (asset);
  gint64 seed = fs_asset_get_seed (asset);
  g_autofree char *seed_text = NULL;

  if (seed < 0)
    return g_strdup (model);

  seed_text = g_strdup_printf ("%" G_GINT64_FORMAT, seed);
  /* Translators: a gallery caption, "<model name> · <seed>" */
  return g_strdup_printf (_("%s · %s"), model, seed_text);
}

static void
show_placeholder (FsGalleryItem *self)
{
  gtk_stack_set_transition_type (GTK_STACK (self->stack),
                                 GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "placeholder");
  gtk_picture_set_paintable (GTK_PICTURE (self->picture), NULL);
  if (self->broken != NULL)
    fs_ui_set_tooltip (self->broken, NULL);
}

/* The badge's words for screen readers, or NULL without a check. */
static char *
update_colour_badge (FsGalleryItem *self)
{
  guint requested = self->asset ? fs_asset_get_colours_requested (self->asset) : 0;
  guint matched = self->asset ? fs_asset_get_colours_matched (self->asset) : 0;
  g_autofree char *text = NULL;
  char *sentence;

  if (requested == 0)
    {
      if (self->colour_badge != NULL)
        gtk_widget_set_visible (self->colour_badge, FALSE);
      return NULL;
    }

  ensure_colour_badge (self);
  gtk_widget_set_visible (self->colour_badge, TRUE);

  /* Translators: a gallery badge, "3/3 colours" matched of requested */
  text = g_strdup_printf (ngettext ("%u/%u colour", "%u/%u colours", requested),
                          matched, requested);
  /* Translators: "3 of 3 brand colours matched" */
  sentence = g_strdup_printf (ngettext ("%u of %u brand colour matched",
                                        "%u of %u brand colours matched", requested),
                              matched, requested);
  gtk_label_set_text (GTK_LABEL (self->colour_label), text);
  fs_ui_set_tooltip (self->colour_badge, sentence);
  gtk_widget_set_visible (self->colour_icon, matched == requested);
  return sentence;
}

/* The badge's sentence for screen readers, or NULL when intact. */
static const char *
update_damage_badge (FsGalleryItem *self)
{
  FsAssetDamage damage = self->asset ? fs_asset_get_damage (self->asset) : FS_ASSET_INTACT;
  const char *sentence = fs_asset_damage_describe (damage);

  if (sentence == NULL && self->damage_badge == NULL)
    return NULL;

  ensure_damage_badge (self);
  gtk_widget_set_visible (self->damage_badge, sentence != NULL);
  fs_ui_set_tooltip (self->damage_badge, sentence);
  return sentence;
}

static void
update_accessible (FsGalleryItem *self,
                   const char    *caption,
                   gboolean       sandbox)
{
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;
  g_autofree char *colours = update_colour_badge (self);
  const char *damage = update_damage_badge (self);

  if (self->asset == NULL)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }

  label = fs_gallery_item_label_for_prompt (fs_asset_get_prompt (self->asset),
                                            LABEL_MAX_CHARS);
  /* Translators: how a screen reader describes a sandbox tile,
   * "<model> · <seed>, offline sandbox" */
  description = sandbox ? g_strdup_printf (_("%s, offline sandbox"), caption) : g_strdup (caption);
  if (colours != NULL)
    {
      g_autofree char *plain = g_steal_pointer (&description);

      /* Translators: a tile's description, then "3 of 3 brand colours matched" */
      description = g_strdup_printf (_("%s; %s"), plain, colours);
    }
  if (damage != NULL)
    {
      g_autofree char *plain = g_steal_pointer (&description);

      /* Translators: a tile's description, then what is wrong with its image file */
      description = g_strdup_printf (_("%s; damaged: %s"), plain, damage);
    }
  if (fs_asset_get_favourite (self->asset))
    {
      g_autofree char *plain = g_steal_pointer (&description);

      /* Translators: a tile's description, then that the image is a favourite */
      description = g_strdup_printf (_("%s; favourite"), plain);
    }
  if (fs_asset_get_rating (self->asset) > 0)
    {
      g_autofree char *plain = g_steal_pointer (&description);
      guint rating = fs_asset_get_rating (self->asset);

      /* Translators: a tile's description, then its rating: "3 of 5 stars" */
      description = g_strdup_printf (ngettext ("%s; %u of 5 stars", "%s; %u of 5 stars", rating),
                                     plain, rating);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/* The check lands after the image is saved; the damage when the library
 * has hashed the file; the marks when the user sets them, here or
 * elsewhere. */
static void
asset_changed_cb (FsGalleryItem *self)
{
  g_autofree char *caption = caption_for_asset (self->asset);

  update_marks (self);
  update_accessible (self, caption,
                     g_strcmp0 (fs_asset_get_provider_id (self->asset), "sandbox") == 0);
}

void
fs_gallery_item_set_asset (FsGalleryItem *self,
                           FsAsset       *asset)
{
  g_autofree char *caption = NULL;
  gboolean sandbox;

  g_return_if_fail (FS_IS_GALLERY_ITEM (self));
  g_return_if_fail (asset == NULL || FS_IS_ASSET (asset));

  cancel_load (self);
  if (self->asset != NULL)
    g_signal_handlers_disconnect_by_func (self->asset, asset_changed_cb, self);
  g_set_object (&self->asset, asset);
  if (asset != NULL)
    {
      static const char * const watched[] = {
        "notify::colour-check", "notify::damage", "notify::favourite", "notify::rating",
      };

      for (guint i = 0; i < G_N_ELEMENTS (watched); i++)
        g_signal_connect_swapped (asset, watched[i], G_CALLBACK (asset_changed_cb), self);
    }
  show_placeholder (self);

  caption = asset ? caption_for_asset (asset) : NULL;
  sandbox = asset && g_strcmp0 (fs_asset_get_provider_id (asset), "sandbox") == 0;
  gtk_label_set_text (GTK_LABEL (self->caption), caption ? caption : "");
  show_sandbox_tag (self, sandbox);
  update_marks (self);
  update_accessible (self, caption, sandbox);
}

/* The gallery says whether the tile's item is selected: a selected tile
 * shows its marks, and a drag from it carries the whole selection. */
void
fs_gallery_item_set_selected (FsGalleryItem *self,
                              gboolean       selected)
{
  g_return_if_fail (FS_IS_GALLERY_ITEM (self));

  self->selected = !!selected;
  update_marks (self);
}

FsAsset *
fs_gallery_item_get_asset (FsGalleryItem *self)
{
  g_return_val_if_fail (FS_IS_GALLERY_ITEM (self), NULL);

  return self->asset;
}

GCancellable *
fs_gallery_item_begin_load (FsGalleryItem *self)
{
  g_return_val_if_fail (FS_IS_GALLERY_ITEM (self), NULL);

  cancel_load (self);
  self->load_cancellable = g_cancellable_new ();
  return self->load_cancellable;
}

gboolean
fs_gallery_item_is_current_load (FsGalleryItem *self,
                                 GCancellable  *cancellable)
{
  g_return_val_if_fail (FS_IS_GALLERY_ITEM (self), FALSE);

  return cancellable != NULL &&
         self->load_cancellable == cancellable &&
         !g_cancellable_is_cancelled (cancellable);
}

void
fs_gallery_item_set_texture (FsGalleryItem *self,
                             GdkTexture    *texture,
                             gboolean       animate)
{
  g_return_if_fail (FS_IS_GALLERY_ITEM (self));
  g_return_if_fail (GDK_IS_TEXTURE (texture));

  gtk_stack_set_transition_type (GTK_STACK (self->stack),
                                 animate ? GTK_STACK_TRANSITION_TYPE_CROSSFADE
                                         : GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_picture_set_paintable (GTK_PICTURE (self->picture), GDK_PAINTABLE (texture));
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "picture");
  g_clear_object (&self->load_cancellable);
}

void
fs_gallery_item_set_failed (FsGalleryItem *self,
                            const char    *message)
{
  g_return_if_fail (FS_IS_GALLERY_ITEM (self));

  if (self->broken == NULL)
    {
      self->broken = new_state_icon ("image-missing-symbolic");
      gtk_stack_add_named (GTK_STACK (self->stack), self->broken, "broken");
    }
  fs_ui_set_tooltip (self->broken, message);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "broken");
  g_clear_object (&self->load_cancellable);
}

gboolean
fs_gallery_item_has_texture (FsGalleryItem *self)
{
  g_return_val_if_fail (FS_IS_GALLERY_ITEM (self), FALSE);

  return gtk_picture_get_paintable (GTK_PICTURE (self->picture)) != NULL;
}
