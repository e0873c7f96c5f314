/* fs-palette-extract.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-colour.h"
#include "fs-colour-swatch.h"
#include "fs-palette-extract.h"

#define MAX_COLOURS  8
#define SWATCH_SIZE 28

struct _FsPaletteExtract
{
  GtkPopover    parent_instance;

  GtkStack     *stack;
  GtkSpinner   *spinner;
  GtkLabel     *error_label;
  GtkListBox   *list;
  GtkWidget    *footer;

  char         *path;
  char         *done_path;    /* the image whose colours are shown */
  GStrv         codes;        /* theirs, "#rrggbb", largest share first */
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (FsPaletteExtract, fs_palette_extract, GTK_TYPE_POPOVER)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The window adds and inserts; the popover closes so the toast that
 * says what happened is seen. */
static void
send_codes (FsPaletteExtract   *self,
            const char         *action,
            const char * const *codes)
{
  if (!gtk_widget_activate_action_variant (GTK_WIDGET (self), action,
                                           g_variant_new_strv (codes, -1)))
    g_warning ("No %s action to send colours to", action);
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
row_button_clicked_cb (GtkButton        *button,
                       FsPaletteExtract *self)
{
  const char *codes[] = { g_object_get_data (G_OBJECT (button), "fs-hex"), NULL };

  send_codes (self, g_object_get_data (G_OBJECT (button), "fs-action"), codes);
}

static void
add_all_cb (FsPaletteExtract *self)
{
  if (self->codes != NULL)
    send_codes (self, "win.add-colours", (const char * const *) self->codes);
}

static void
insert_all_cb (FsPaletteExtract *self)
{
  if (self->codes != NULL)
    send_codes (self, "win.insert-colours", (const char * const *) self->codes);
}

static GtkWidget *
new_row_button (FsPaletteExtract *self,
                const char       *icon_name,
                const char       *label,
                const char       *action,
                const char       *hex)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "fs-hex", g_strdup (hex), g_free);
  g_object_set_data (G_OBJECT (button), "fs-action", (gpointer) action);
  g_signal_connect (button, "clicked", G_CALLBACK (row_button_clicked_cb), self);
  return button;
}

static char *
format_share (double share)
{
  /* Translators: a share of the image's pixels; keep the space before
   * the percent sign as your language writes it */
  return g_strdup_printf (share < 0.1 ? _("%.1f %%") : _("%.0f %%"), share * 100);
}

static GtkWidget *
new_colour_texts (const char *hex,
                  const char *name)
{
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *code = gtk_label_new (hex);
  GtkWidget *caption;

  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (code), 0);
  gtk_label_set_selectable (GTK_LABEL (code), TRUE);
  gtk_widget_add_css_class (code, "monospace");
  gtk_box_append (GTK_BOX (texts), code);
  if (name == NULL)
    return texts;

  caption = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_box_append (GTK_BOX (texts), caption);
  return texts;
}

/* The bar is drawn against the largest share, so the order shows. */
static GtkWidget *
new_share_meter (double share,
                 double largest)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  g_autofree char *text = format_share (share);
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *bar = gtk_level_bar_new_for_interval (0, MAX (largest, 0.01));

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "caption");
  gtk_level_bar_set_mode (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_MODE_CONTINUOUS);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), CLAMP (share, 0, MAX (largest, 0.01)));
  gtk_widget_set_size_request (bar, 56, -1);
  /* The number says it; the bar is only a picture of it. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), bar);
  return box;
}

static GtkWidget *
new_colour_row (FsPaletteExtract       *self,
                const FsDominantColour *colour,
                const char             *hex,
                double                  largest)
{
  const char *name = fs_colour_get_name (colour->r, colour->g, colour->b);
  g_autofree char *add = g_strdup_printf (_("Add %s to the Palette"), hex);
  g_autofree char *insert = g_strdup_printf (_("Insert %s Into the Prompt"), hex);
  g_autofree char *share = format_share (colour->share);
  g_autofree char *label = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 4);
  gtk_box_append (GTK_BOX (box),
                  fs_colour_swatch_new_rgb (colour->r, colour->g, colour->b, SWATCH_SIZE));
  gtk_box_append (GTK_BOX (box), new_colour_texts (hex, name));
  gtk_box_append (GTK_BOX (box), new_share_meter (colour->share, largest));
  gtk_box_append (GTK_BOX (box), new_row_button (self, "list-add-symbolic", add,
                                                 "win.add-colours", hex));
  gtk_box_append (GTK_BOX (box), new_row_button (self, "insert-text-symbolic", insert,
                                                 "win.insert-colours", hex));

  /* Translators: a dominant colour for screen readers, "#1e88e5, 34 % of the image" */
  label = g_strdup_printf (_("%s, %s of the image"), hex, share);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
show_colours (FsPaletteExtract *self,
              GArray           *colours)
{
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  double largest = 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; i < colours->len; i++)
    largest = MAX (largest, g_array_index (colours, FsDominantColour, i).share);

  for (guint i = 0; i < colours->len; i++)
    {
      FsDominantColour *colour = &g_array_index (colours, FsDominantColour, i);
      g_autofree char *hex = fs_colour_format_hex (colour->r, colour->g, colour->b);

      gtk_list_box_append (self->list, new_colour_row (self, colour, hex, largest));
      g_strv_builder_add (codes, hex);
    }

  g_strfreev (self->codes);
  self->codes = g_strv_builder_end (codes);
  gtk_widget_set_sensitive (self->footer, colours->len > 0);
  gtk_stack_set_visible_child_name (self->stack, "colours");
}

static void
extracted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FsPaletteExtract) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) colours = fs_colour_extract_finish (result, &error);
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_stop (self->spinner);
  if (colours != NULL)
    {
      show_colours (self, colours);
      return;
    }

  /* Translators: the reason follows */
  message = g_strdup_printf (_("Could not find the colours: %s"), error->message);
  gtk_label_set_text (self->error_label, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  g_clear_pointer (&self->done_path, g_free);
}

static void
shown_cb (FsPaletteExtract *self)
{
  if (self->path == NULL || g_strcmp0 (self->path, self->done_path) == 0)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->done_path);
  self->done_path = g_strdup (self->path);

  gtk_widget_set_sensitive (self->footer, FALSE);
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  fs_colour_extract_async (self->path, MAX_COLOURS, self->cancellable, extracted_cb,
                          g_object_ref (self));
}

static void
fs_palette_extract_dispose (GObject *object)
{
  FsPaletteExtract *self = FS_PALETTE_EXTRACT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (fs_palette_extract_parent_class)->dispose (object);
}

static void
fs_palette_extract_finalize (GObject *object)
{
  FsPaletteExtract *self = FS_PALETTE_EXTRACT (object);

  g_free (self->path);
  g_free (self->done_path);
  g_strfreev (self->codes);

  G_OBJECT_CLASS (fs_palette_extract_parent_class)->finalize (object);
}

static void
fs_palette_extract_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FsPaletteExtract *self = FS_PALETTE_EXTRACT (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_palette_extract_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FsPaletteExtract *self = FS_PALETTE_EXTRACT (object);

  switch (prop_id)
    {
    case PROP_PATH:
      fs_palette_extract_set_path (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_palette_extract_class_init (FsPaletteExtractClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_palette_extract_dispose;
  object_class->finalize = fs_palette_extract_finalize;
  object_class->get_property = fs_palette_extract_get_property;
  object_class->set_property = fs_palette_extract_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/fs-palette-extract.ui");
  gtk_widget_class_bind_template_child (widget_class, FsPaletteExtract, stack);
  gtk_widget_class_bind_template_child (widget_class, FsPaletteExtract, spinner);
  gtk_widget_class_bind_template_child (widget_class, FsPaletteExtract, error_label);
  gtk_widget_class_bind_template_child (widget_class, FsPaletteExtract, list);
  gtk_widget_class_bind_template_child (widget_class, FsPaletteExtract, footer);
  gtk_widget_class_bind_template_callback (widget_class, shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_all_cb);
  gtk_widget_class_bind_template_callback (widget_class, insert_all_cb);
}

static void
fs_palette_extract_init (FsPaletteExtract *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fs_palette_extract_new (void)
{
  return g_object_new (FS_TYPE_PALETTE_EXTRACT, NULL);
}

void
fs_palette_extract_set_path (FsPaletteExtract *self,
                             const char       *path)
{
  g_return_if_fail (FS_IS_PALETTE_EXTRACT (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;

  g_free (self->path);
  self->path = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);

  /* Open on another image: look again. */
  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    shown_cb (self);
}

const char *
fs_palette_extract_get_path (FsPaletteExtract *self)
{
  g_return_val_if_fail (FS_IS_PALETTE_EXTRACT (self), NULL);

  return self->path;
}
