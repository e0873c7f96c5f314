/* fs-colour-chooser.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#ifdef HAVE_LIBPORTAL
#include <libportal-gtk4/portal-gtk4.h>
#endif

#include "fs-colour.h"
#include "fs-colour-chooser.h"
#include "fs-colour-swatch.h"
#include "fs-ui.h"

/* A message quotes at most this much of what was typed or pasted. */
#define QUOTE_MAX_CHARS 24
/* A code half typed is only called wrong after a pause in typing. */
#define GRACE_MS 800

struct _FsColourChooser
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget      *add_button;
  FsColourSwatch *preview;
  GtkWidget      *name_label;
  GtkWidget      *code_label;
  GtkWidget      *entry;
  GtkWidget      *pick_button;
  GtkWidget      *wheel_button;
  GtkWidget      *message_label;
  GtkWidget      *name_entry;
  GtkWidget      *insert_check;

  char           *hex;          /* NULL while the entry holds no colour */
  GCancellable   *cancellable;  /* the portal or colour dialog in flight */
  guint           grace_id;
  guint           setting_text; /* >0 while the text is set, not typed */
};

G_DEFINE_FINAL_TYPE (FsColourChooser, fs_colour_chooser, ADW_TYPE_WINDOW)

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Validation ------------------------------------------------------------------ */

static void
show_message (FsColourChooser *self,
              const char      *message,
              gboolean         is_error)
{
  gtk_label_set_text (GTK_LABEL (self->message_label), message);
  fs_ui_set_css_class (self->message_label, "error", is_error);
  fs_ui_set_css_class (self->message_label, "dim-label", !is_error);
}

static void
show_no_colour (FsColourChooser *self)
{
  g_clear_pointer (&self->hex, g_free);
  fs_colour_swatch_unset (self->preview);
  gtk_label_set_text (GTK_LABEL (self->name_label), _("No Colour Yet"));
  gtk_label_set_text (GTK_LABEL (self->code_label), "");
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->name_entry), NULL);
  gtk_widget_set_sensitive (self->add_button, FALSE);
}

static void
show_colour (FsColourChooser *self,
             guint8           r,
             guint8           g,
             guint8           b)
{
  const char *name = fs_colour_get_name (r, g, b);

  g_free (self->hex);
  self->hex = fs_colour_format_hex (r, g, b);
  fs_colour_swatch_set_rgb (self->preview, r, g, b);
  /* Translators: the preview's title for a colour without a known name */
  gtk_label_set_text (GTK_LABEL (self->name_label), name != NULL ? name : _("Custom Colour"));
  gtk_label_set_text (GTK_LABEL (self->code_label), self->hex);
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->name_entry), name);
  gtk_widget_set_sensitive (self->add_button, TRUE);
}

static char *
quote_input (const char *text)
{
  g_autofree char *flat = g_strstrip (g_strdelimit (g_strdup (text), "\r\n\t", ' '));
  const char *end;

  if (g_utf8_strlen (flat, -1) <= QUOTE_MAX_CHARS)
    return g_steal_pointer (&flat);

  end = g_utf8_offset_to_pointer (flat, QUOTE_MAX_CHARS);
  return g_strdup_printf ("%.*s…", (int) (end - flat), flat);
}

/* "#1e8", "02eb3" or "rgb(2, 23": what a code looks like on its way. */
static gboolean
is_unfinished (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  const char *p = stripped;
  gsize digits = 0;

  if (g_ascii_strncasecmp (p, "rgb(", 4) == 0)
    return strspn (p + 4, "0123456789, ") == strlen (p + 4);

  if (*p == '#')
    p++;
  for (; g_ascii_isxdigit (*p); p++)
    digits++;

  return *p == '\0' && digits < 6;
}

static void
show_invalid (FsColourChooser *self,
              const char      *text)
{
  g_autofree char *quoted = quote_input (text);
  g_autofree char *message = NULL;

  /* Translators: %s is what the user typed */
  message = g_strdup_printf (_("“%s” is not a colour code. Use #rgb, #rrggbb or rgb(r, g, b)."),
                             quoted);
  show_no_colour (self);
  fs_ui_set_invalid (self->entry, TRUE);
  show_message (self, message, TRUE);
}

static gboolean
grace_over_cb (gpointer user_data)
{
  FsColourChooser *self = user_data;

  self->grace_id = 0;
  show_invalid (self, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  return G_SOURCE_REMOVE;
}

static void
entry_changed_cb (FsColourChooser *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  guint8 r;
  guint8 g;
  guint8 b;

  g_clear_handle_id (&self->grace_id, g_source_remove);
  if (fs_ui_text_is_blank (text))
    {
      show_no_colour (self);
      fs_ui_set_invalid (self->entry, FALSE);
      show_message (self, _("Type or paste a code such as #02eb3c, #0e3 or rgb(2, 235, 60)."),
                    FALSE);
      return;
    }

  if (fs_colour_parse_any (text, &r, &g, &b))
    {
      show_colour (self, r, g, b);
      fs_ui_set_invalid (self->entry, FALSE);
      show_message (self, _("Press Enter or Add to add it to the palette."), FALSE);
      return;
    }

  if (self->setting_text == 0 && is_unfinished (text))
    {
      show_no_colour (self);
      fs_ui_set_invalid (self->entry, FALSE);
      show_message (self, _("Keep typing: a code has 3 or 6 hex digits."), FALSE);
      self->grace_id = g_timeout_add (GRACE_MS, grace_over_cb, self);
      return;
    }

  show_invalid (self, text);
}

/* Adding --------------------------------------------------------------------- */

static void
add_clicked_cb (FsColourChooser *self)
{
  g_autofree char *name = NULL;
  g_autofree char *hex = NULL;
  gboolean insert;

  if (self->hex == NULL)
    return;

  hex = g_strdup (self->hex);
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  insert = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->insert_check));
  g_signal_emit (self, signals[CHOSEN], 0, hex, name[0] != '\0' ? name : NULL, insert);
  gtk_window_close (GTK_WINDOW (self));
}

static void
entry_activate_cb (FsColourChooser *self)
{
  if (self->hex != NULL)
    add_clicked_cb (self);
  else if (self->grace_id != 0)
    {
      g_clear_handle_id (&self->grace_id, g_source_remove);
      show_invalid (self, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
    }
}

static void
set_rgba (FsColourChooser *self,
          const GdkRGBA   *rgba)
{
  g_autofree char *hex = fs_colour_format_hex ((guint8) round (CLAMP (rgba->red, 0, 1) * 255),
                                              (guint8) round (CLAMP (rgba->green, 0, 1) * 255),
                                              (guint8) round (CLAMP (rgba->blue, 0, 1) * 255));

  fs_colour_chooser_set_text (self, hex);
  gtk_widget_grab_focus (self->entry);
}

static void
current_rgba (FsColourChooser *self,
              GdkRGBA         *rgba)
{
  guint8 r = 0x1e;
  guint8 g = 0x88;
  guint8 b = 0xe5;

  if (self->hex != NULL)
    fs_colour_parse_hex (self->hex, &r, &g, &b);
  *rgba = (GdkRGBA) { r / 255.0f, g / 255.0f, b / 255.0f, 1.0f };
}

/* The eyedropper ---------------------------------------------------------------- */

static void
explain_no_picker (FsColourChooser *self,
                   const char      *message)
{
  show_message (self, message, FALSE);
  gtk_widget_set_tooltip_text (self->pick_button, message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pick_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                  -1);
}

#ifdef HAVE_LIBPORTAL
static void
picked_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FsColourChooser) self = user_data;
  g_autoptr(GVariant) colour = NULL;
  g_autoptr(GError) error = NULL;
  GdkRGBA rgba = { 0, 0, 0, 1 };
  double r;
  double g;
  double b;

  colour = xdp_portal_pick_color_finish (XDP_PORTAL (source), result, &error);
  /* Closed meanwhile: nothing to show it in. */
  if (self->cancellable == NULL)
    return;

  gtk_widget_set_sensitive (self->pick_button, TRUE);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      entry_changed_cb (self);
      return;
    }

  if (colour == NULL)
    {
      g_debug ("Picking a colour failed: %s", error->message);
      explain_no_picker (self, _("No desktop portal can pick colours on this desktop. Type or "
                                 "paste the code instead."));
      return;
    }

  g_variant_get (colour, "(ddd)", &r, &g, &b);
  rgba = (GdkRGBA) { r, g, b, 1.0f };
  set_rgba (self, &rgba);
}
#endif

static void
pick_clicked_cb (FsColourChooser *self)
{
#ifdef HAVE_LIBPORTAL
  g_autoptr(XdpPortal) portal = xdp_portal_new ();
  XdpParent *parent = xdp_parent_new_gtk (GTK_WINDOW (self));

  gtk_widget_set_sensitive (self->pick_button, FALSE);
  show_message (self, _("Click anywhere on the screen to pick its colour…"), FALSE);
  xdp_portal_pick_color (portal, parent, self->cancellable, picked_cb, g_object_ref (self));
  xdp_parent_free (parent);
#else
  explain_no_picker (self, _("This build of Flux Studio cannot pick colours from the screen (it "
                             "has no desktop portal support). Type or paste the code instead."));
#endif
}

/* The colour chooser ------------------------------------------------------------ */

#if GTK_CHECK_VERSION (4, 10, 0)
/* GtkColorDialog is newer than GDK_VERSION_MAX_ALLOWED (4.8, meson.build),
 * which flags it as unavailable: this use is guarded on purpose, and the
 * pin is there to catch the unguarded ones. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS

static void
rgba_chosen_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FsColourChooser) self = user_data;
  g_autoptr(GError) error = NULL;
  GdkRGBA *rgba = gtk_color_dialog_choose_rgba_finish (GTK_COLOR_DIALOG (source), result, &error);

  if (rgba != NULL)
    set_rgba (self, rgba);
  g_clear_pointer (&rgba, gdk_rgba_free);
}

static void
wheel_clicked_cb (FsColourChooser *self)
{
  g_autoptr(GtkColorDialog) dialog = gtk_color_dialog_new ();
  GdkRGBA initial;

  current_rgba (self, &initial);
  gtk_color_dialog_set_title (dialog, _("Choose a Colour"));
  gtk_color_dialog_set_with_alpha (dialog, FALSE);
  gtk_color_dialog_choose_rgba (dialog, GTK_WINDOW (self), &initial, self->cancellable,
                                rgba_chosen_cb, g_object_ref (self));
}

G_GNUC_END_IGNORE_DEPRECATIONS
#else
static void
wheel_response_cb (GtkDialog       *dialog,
                   int              response,
                   FsColourChooser *self)
{
  GdkRGBA rgba;

  if (response == GTK_RESPONSE_OK)
    {
      gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (dialog), &rgba);
      set_rgba (self, &rgba);
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
wheel_clicked_cb (FsColourChooser *self)
{
  GtkWidget *dialog = gtk_color_chooser_dialog_new (_("Choose a Colour"), GTK_WINDOW (self));
  GdkRGBA initial;

  current_rgba (self, &initial);
  gtk_color_chooser_set_use_alpha (GTK_COLOR_CHOOSER (dialog), FALSE);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (dialog), &initial);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (wheel_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
#endif

/* GObject ------------------------------------------------------------------------ */

static void
fs_colour_chooser_dispose (GObject *object)
{
  FsColourChooser *self = FS_COLOUR_CHOOSER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->grace_id, g_source_remove);

  G_OBJECT_CLASS (fs_colour_chooser_parent_class)->dispose (object);
}

static void
fs_colour_chooser_finalize (GObject *object)
{
  FsColourChooser *self = FS_COLOUR_CHOOSER (object);

  g_free (self->hex);

  G_OBJECT_CLASS (fs_colour_chooser_parent_class)->finalize (object);
}

static void
fs_colour_chooser_class_init (FsColourChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_colour_chooser_dispose;
  object_class->finalize = fs_colour_chooser_finalize;

  /**
   * FsColourChooser::chosen:
   * @self: the chooser
   * @hex: the colour, "#rrggbb"
   * @name: (nullable): the name the user gave it
   * @insert: whether to insert it into the prompt too
   */
  signals[CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/fs-colour-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, FsColourChooser, window_title);
  gtk_widget_class_bind_template_child (widget_class, FsColourChooser, add_button);
  gtk_widget_class_bind_template_child (widget_class, FsColourChooser, preview);
  gtk_widget_class_bind_template_child (widget_class, FsColourChooser, name_label);
  gtk_widget_class_bind_template_child (widget_class, FsColourChooser, code_label);
  gtk_widget_class_bind_template_child (widget_class, FsColourChooser, entry);
  gtk_widget_class_bind_template_child (widget_class, FsColourChooser, pick_button);
  gtk_widget_class_bind_template_child (widget_class, FsColourChooser, wheel_button);
  gtk_widget_class_bind_template_child (widget_class, FsColourChooser, message_label);
  gtk_widget_class_bind_template_child (widget_class, FsColourChooser, name_entry);
  gtk_widget_class_bind_template_child (widget_class, FsColourChooser, insert_check);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, pick_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, wheel_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fs_colour_chooser_init (FsColourChooser *self)
{
  g_type_ensure (FS_TYPE_COLOUR_SWATCH);
  g_type_ensure (ADW_TYPE_WINDOW_TITLE);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  entry_changed_cb (self);
}

/* Public API ---------------------------------------------------------------------- */

GtkWidget *
fs_colour_chooser_new (GtkWindow  *parent,
                       const char *palette_name)
{
  FsColourChooser *self;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (FS_TYPE_COLOUR_CHOOSER, "transient-for", parent, NULL);
  if (palette_name != NULL)
    {
      /* Translators: the subtitle of "Add Colour", naming the palette */
      subtitle = g_strdup_printf (_("To “%s”"), palette_name);
      adw_window_title_set_subtitle (self->window_title, subtitle);
    }
  return GTK_WIDGET (self);
}

void
fs_colour_chooser_set_text (FsColourChooser *self,
                            const char      *text)
{
  g_return_if_fail (FS_IS_COLOUR_CHOOSER (self));

  self->setting_text++;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text != NULL ? text : "");
  self->setting_text--;
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
}

const char *
fs_colour_chooser_get_hex (FsColourChooser *self)
{
  g_return_val_if_fail (FS_IS_COLOUR_CHOOSER (self), NULL);

  return self->hex;
}

GtkWidget *
fs_colour_chooser_get_entry (FsColourChooser *self)
{
  g_return_val_if_fail (FS_IS_COLOUR_CHOOSER (self), NULL);

  return self->entry;
}
