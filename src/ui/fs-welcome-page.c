/* fs-welcome-page.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "fs-provider.h"
#include "fs-welcome-page.h"

struct _FsWelcomePage
{
  GtkWidget      parent_instance;

  /* The provider picked for "Add an API Key". */
  const char    *provider_id;

  AdwStatusPage *status_page;
  GtkListBox    *provider_list;
  GtkLabel      *sandbox_note;
};

G_DEFINE_FINAL_TYPE (FsWelcomePage, fs_welcome_page, GTK_TYPE_WIDGET)

enum {
  ADD_KEY,
  TRY_SANDBOX,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
add_key_clicked_cb (FsWelcomePage *self)
{
  g_signal_emit (self, signals[ADD_KEY], 0, self->provider_id);
}

static void
try_sandbox_clicked_cb (FsWelcomePage *self)
{
  g_signal_emit (self, signals[TRY_SANDBOX], 0);
}

/* A row is activated by a click, Enter or Space anywhere on it, or by
 * its radio button; either way that provider is the one picked. */
static void
provider_row_activated_cb (FsWelcomePage *self,
                           GtkListBoxRow *row)
{
  GtkWidget *radio = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (radio), TRUE);
}

static void
radio_toggled_cb (GtkCheckButton *radio,
                  FsWelcomePage  *self)
{
  if (gtk_check_button_get_active (radio))
    self->provider_id = g_object_get_data (G_OBJECT (radio), "fs-provider-id");
}

static GtkWidget *
provider_row_new (FsWelcomePage        *self,
                  const FsProviderInfo *info,
                  GtkCheckButton       *group)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *radio = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(info->name));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(info->summary));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_set_valign (radio, GTK_ALIGN_CENTER);
  gtk_check_button_set_group (GTK_CHECK_BUTTON (radio), group);
  gtk_accessible_update_property (GTK_ACCESSIBLE (radio),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(info->name),
                                  -1);
  g_object_set_data (G_OBJECT (radio), "fs-provider-id", (gpointer) info->id);
  g_signal_connect (radio, "toggled", G_CALLBACK (radio_toggled_cb), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), radio);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), radio);

  return row;
}

/* Every provider that takes a key, in the core's order, so a provider
 * added there shows up here without an edit; the first one is picked.
 * The sandbox has its own button, with its summary beneath. */
static void
fill_providers (FsWelcomePage *self)
{
  const FsProviderInfo *infos;
  GtkCheckButton *group = NULL;
  guint n_infos;

  infos = fs_provider_info_list (&n_infos);
  for (guint i = 0; i < n_infos; i++)
    {
      GtkWidget *row;

      if (infos[i].local)
        {
          gtk_label_set_label (self->sandbox_note, _(infos[i].summary));
          continue;
        }
      if (infos[i].key_env == NULL)
        continue;

      row = provider_row_new (self, &infos[i], group);
      gtk_list_box_append (self->provider_list, row);
      if (group == NULL)
        {
          group = GTK_CHECK_BUTTON (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)));
          gtk_check_button_set_active (group, TRUE);
        }
    }
}

/* An uninstalled build has no app icon in the theme; a generic one beats
 * the "missing image" picture. */
static void
set_icon (FsWelcomePage *self)
{
  GtkIconTheme *theme;

  theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  if (gtk_icon_theme_has_icon (theme, APP_ID))
    adw_status_page_set_icon_name (self->status_page, APP_ID);
  else
    adw_status_page_set_icon_name (self->status_page,
                                   "applications-graphics-symbolic");
}

static void
fs_welcome_page_dispose (GObject *object)
{
  FsWelcomePage *self = FS_WELCOME_PAGE (object);
  GtkWidget *child;

  /* GTK 4.8 has no gtk_widget_dispose_template(). */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fs_welcome_page_parent_class)->dispose (object);
}

static void
fs_welcome_page_class_init (FsWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_welcome_page_dispose;

  /**
   * FsWelcomePage::add-key:
   * @self: the page
   * @provider_id: the provider chosen, such as "bfl"
   *
   * The user wants to add an API key for @provider_id.
   */
  signals[ADD_KEY] =
    g_signal_new ("add-key",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * FsWelcomePage::try-sandbox:
   * @self: the page
   *
   * The user wants to start with the offline sandbox.
   */
  signals[TRY_SANDBOX] =
    g_signal_new ("try-sandbox",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/fs-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FsWelcomePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, FsWelcomePage, provider_list);
  gtk_widget_class_bind_template_child (widget_class, FsWelcomePage, sandbox_note);
  /* Declared so that tests can reach them with
   * gtk_widget_get_template_child(). */
  gtk_widget_class_bind_template_child_full (widget_class, "add_key_button",
                                             FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "sandbox_button",
                                             FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, add_key_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, try_sandbox_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, provider_row_activated_cb);
}

static void
fs_welcome_page_init (FsWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  fill_providers (self);
  set_icon (self);
}

GtkWidget *
fs_welcome_page_new (void)
{
  return g_object_new (FS_TYPE_WELCOME_PAGE, NULL);
}
