/* fs-colour-check-view.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include <adwaita.h>

#include "fs-colour-check-view.h"
#include "fs-colour-swatch.h"
#include "fs-palette-extract.h"

#define SWATCH_SIZE 24

struct _FsColourCheckView
{
  GtkWidget            parent_instance;

  AdwPreferencesGroup *group;
  GtkWidget           *extract_button;
  FsPaletteExtract    *extract;
  GtkWidget           *status_row;
  GtkSpinner          *spinner;

  FsAsset             *asset;
  GPtrArray           *rows;          /* AdwActionRow, one per colour */
  GArray              *local_check;   /* FsColourCheck, measured here for an older image */
  GCancellable        *cancellable;
  gboolean             measuring;
  guint                counts[3];     /* rows by FsColourVerdict */
};

G_DEFINE_FINAL_TYPE (FsColourCheckView, fs_colour_check_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ASSET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  FsColourVerdict  verdict;
  const char      *icon_name;
  const char      *label;
  const char      *style;
} VerdictLook;

#define VERDICT_CONTEXT "colour verdict"

static const VerdictLook looks[] = {
  /* Translators: a colour-check verdict: the image has the colour (ΔE00 ≤ 2) */
  { FS_COLOUR_MATCHED, "emblem-ok-symbolic", NC_("colour verdict", "Matched"), "success" },
  /* Translators: a colour-check verdict: the image has a near colour (ΔE00 ≤ 5) */
  { FS_COLOUR_CLOSE, "dialog-warning-symbolic", NC_("colour verdict", "Close"), "warning" },
  /* Translators: a colour-check verdict: the image lacks the colour (ΔE00 > 5) */
  { FS_COLOUR_OFF, "dialog-error-symbolic", NC_("colour verdict", "Off"), "error" },
};

/* Rows ---------------------------------------------------------------------------- */

static GtkWidget *
new_swatch (const guint8 rgb[3],
            const char  *tooltip)
{
  GtkWidget *swatch = fs_colour_swatch_new_rgb (rgb[0], rgb[1], rgb[2], SWATCH_SIZE);

  /* Swatches ignore the pointer unless they have something to say. */
  gtk_widget_set_can_target (swatch, TRUE);
  gtk_widget_set_tooltip_text (swatch, tooltip);
  return swatch;
}

static GtkWidget *
new_swatch_pair (const FsColourCheck *check,
                 const char          *expected,
                 const char          *found)
{
  GtkWidget *pair = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  /* Translators: tooltips of the two swatches of a colour-check row */
  g_autofree char *requested = g_strdup_printf (_("Requested: %s"), expected);
  g_autofree char *closest = g_strdup_printf (_("Closest in the image: %s"), found);

  gtk_widget_add_css_class (pair, "fs-swatch-pair");
  gtk_widget_set_valign (pair, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (pair), new_swatch (check->expected, requested));
  gtk_box_append (GTK_BOX (pair), new_swatch (check->found, closest));
  return pair;
}

static GtkWidget *
new_verdict (const VerdictLook *look)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name (look->icon_name);
  GtkWidget *label = gtk_label_new (g_dpgettext2 (NULL, VERDICT_CONTEXT, look->label));

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (box, look->style);
  gtk_widget_add_css_class (box, "fs-verdict");
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

static char *
format_share (double share)
{
  /* Translators: a share of the image's pixels; keep the space before
   * the percent sign as your language writes it */
  return g_strdup_printf (share < 0.1 ? _("%.1f %%") : _("%.0f %%"), share * 100);
}

static GtkWidget *
new_check_row (const FsColourCheck *check)
{
  g_autofree char *expected = fs_colour_format_hex (check->expected[0], check->expected[1],
                                                    check->expected[2]);
  g_autofree char *found = fs_colour_format_hex (check->found[0], check->found[1],
                                                 check->found[2]);
  double delta_e = check->delta_e;
  const VerdictLook *look = &looks[check->verdict];
  g_autofree char *share_text = format_share (check->share);
  g_autofree char *subtitle = NULL;
  g_autofree char *description = NULL;
  GtkWidget *row = adw_action_row_new ();

  /* Translators: under a requested colour, on two lines: the closest
   * colour found; the CIEDE2000 difference and the share of the image
   * near the colour, "Found #05e93f\nΔE 1.2 · 31 %" */
  subtitle = g_strdup_printf (_("Found %s\nΔE %.1f · %s"), found, delta_e, share_text);
  /* Translators: a colour-check row for screen readers, "Matched: found
   * #05e93f, colour difference 1.2, 31 % of the image" */
  description = g_strdup_printf (_("%s: found %s, colour difference %.1f, %s of the image"),
                                 g_dpgettext2 (NULL, VERDICT_CONTEXT, look->label),
                                 found, delta_e, share_text);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), expected);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), new_swatch_pair (check, expected, found));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_verdict (look));
  gtk_widget_add_css_class (row, "fs-colour-check-row");
  gtk_widget_set_tooltip_text (row, _("ΔE is the CIEDE2000 colour difference: up to 2 is a match, "
                                      "up to 5 is close"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  return row;
}

static void
clear_rows (FsColourCheckView *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  memset (self->counts, 0, sizeof self->counts);
}

static void
show_status (FsColourCheckView *self,
             const char        *title,
             gboolean           busy)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row),
                                 title != NULL ? title : "");
  gtk_widget_set_visible (self->status_row, title != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
show_checks (FsColourCheckView *self,
             GArray            *checks)
{
  guint n = checks->len;
  g_autofree char *summary = NULL;

  for (guint i = 0; i < n; i++)
    {
      const FsColourCheck *check = &g_array_index (checks, FsColourCheck, i);
      GtkWidget *row = new_check_row (check);

      self->counts[check->verdict]++;
      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }

  /* Translators: "2 of 3 colours matched", of those the prompt asked for */
  summary = g_strdup_printf (ngettext ("%u of %u colour matched",
                                       "%u of %u colours matched", n),
                             self->counts[FS_COLOUR_MATCHED], n);
  adw_preferences_group_set_description (self->group, summary);
  show_status (self, NULL, FALSE);
}

/* Following the asset ----------------------------------------------------------------- */

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FsColourCheckView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) checks = fs_colour_check_finish (result, &error);
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->asset == NULL)
    return;

  self->measuring = FALSE;
  if (checks == NULL)
    {
      /* Translators: the reason follows */
      message = g_strdup_printf (_("Could not check the colours: %s"), error->message);
      show_status (self, message, FALSE);
      return;
    }

  /* The stored check may have landed meanwhile; it wins. */
  if (fs_asset_get_colour_checks (self->asset) != NULL)
    return;

  self->local_check = g_steal_pointer (&checks);
  clear_rows (self);
  show_checks (self, self->local_check);
}

static void
measure_here (FsColourCheckView  *self,
              const char * const *codes)
{
  self->measuring = TRUE;
  show_status (self, _("Checking the colours…"), TRUE);
  fs_colour_check_async (fs_asset_get_path (self->asset), codes, self->cancellable, checked_cb,
                        g_object_ref (self));
}

static void
refresh (FsColourCheckView *self)
{
  g_auto(GStrv) codes = NULL;
  GArray *checks;

  clear_rows (self);
  if (self->asset == NULL)
    {
      show_status (self, NULL, FALSE);
      return;
    }

  checks = fs_asset_get_colour_checks (self->asset);
  if (checks == NULL)
    checks = self->local_check;
  if (checks != NULL)
    {
      show_checks (self, checks);
      return;
    }

  codes = fs_colour_codes_from_prompt (fs_asset_get_prompt (self->asset));
  if (codes == NULL)
    {
      adw_preferences_group_set_description (self->group,
                                             _("The prompt names no hex colours such as "
                                               "#1e88e5, so there is nothing to check."));
      show_status (self, NULL, FALSE);
      return;
    }

  adw_preferences_group_set_description (self->group, NULL);
  if (!self->measuring)
    measure_here (self, (const char * const *) codes);
}

/* GObject ---------------------------------------------------------------------------------- */

static void
forget_asset (FsColourCheckView *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->measuring = FALSE;
  g_clear_pointer (&self->local_check, g_array_unref);
  if (self->asset != NULL)
    g_signal_handlers_disconnect_by_data (self->asset, self);
  g_clear_object (&self->asset);
}

static void
fs_colour_check_view_dispose (GObject *object)
{
  FsColourCheckView *self = FS_COLOUR_CHECK_VIEW (object);
  GtkWidget *child;

  forget_asset (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fs_colour_check_view_parent_class)->dispose (object);
}

static void
fs_colour_check_view_finalize (GObject *object)
{
  FsColourCheckView *self = FS_COLOUR_CHECK_VIEW (object);

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (fs_colour_check_view_parent_class)->finalize (object);
}

static void
fs_colour_check_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  FsColourCheckView *self = FS_COLOUR_CHECK_VIEW (object);

  switch (prop_id)
    {
    case PROP_ASSET:
      g_value_set_object (value, self->asset);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_colour_check_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  FsColourCheckView *self = FS_COLOUR_CHECK_VIEW (object);

  switch (prop_id)
    {
    case PROP_ASSET:
      fs_colour_check_view_set_asset (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_colour_check_view_class_init (FsColourCheckViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_colour_check_view_dispose;
  object_class->finalize = fs_colour_check_view_finalize;
  object_class->get_property = fs_colour_check_view_get_property;
  object_class->set_property = fs_colour_check_view_set_property;

  properties[PROP_ASSET] =
    g_param_spec_object ("asset", NULL, NULL, FS_TYPE_ASSET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/fs-colour-check-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FsColourCheckView, group);
  gtk_widget_class_bind_template_child (widget_class, FsColourCheckView, extract_button);
  gtk_widget_class_bind_template_child (widget_class, FsColourCheckView, extract);
  gtk_widget_class_bind_template_child (widget_class, FsColourCheckView, status_row);
  gtk_widget_class_bind_template_child (widget_class, FsColourCheckView, spinner);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fs-colour-check-view");
}

static void
fs_colour_check_view_init (FsColourCheckView *self)
{
  g_type_ensure (ADW_TYPE_BUTTON_CONTENT);
  g_type_ensure (FS_TYPE_PALETTE_EXTRACT);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->status_row), FALSE);
}

GtkWidget *
fs_colour_check_view_new (void)
{
  return g_object_new (FS_TYPE_COLOUR_CHECK_VIEW, NULL);
}

void
fs_colour_check_view_set_asset (FsColourCheckView *self,
                                FsAsset           *asset)
{
  g_return_if_fail (FS_IS_COLOUR_CHECK_VIEW (self));
  g_return_if_fail (asset == NULL || FS_IS_ASSET (asset));

  if (self->asset == asset)
    return;

  forget_asset (self);
  self->cancellable = g_cancellable_new ();
  if (asset != NULL)
    {
      self->asset = g_object_ref (asset);
      g_signal_connect_object (asset, "notify::colour-check", G_CALLBACK (refresh), self,
                               G_CONNECT_SWAPPED);
    }

  fs_palette_extract_set_path (self->extract, asset != NULL ? fs_asset_get_path (asset) : NULL);
  gtk_widget_set_sensitive (self->extract_button, asset != NULL);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSET]);
}

FsAsset *
fs_colour_check_view_get_asset (FsColourCheckView *self)
{
  g_return_val_if_fail (FS_IS_COLOUR_CHECK_VIEW (self), NULL);

  return self->asset;
}

guint
fs_colour_check_view_count (FsColourCheckView *self,
                            FsColourVerdict    verdict)
{
  g_return_val_if_fail (FS_IS_COLOUR_CHECK_VIEW (self), 0);
  g_return_val_if_fail (verdict <= FS_COLOUR_OFF, 0);

  return self->counts[verdict];
}
