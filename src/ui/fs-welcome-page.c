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

  /* Provider ids in the order of the provider row's items. */
  GPtrArray     *provider_ids;

  AdwStatusPage *status_page;
  AdwComboRow   *provider_row;
  GtkStringList *provider_names;
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
  guint selected = adw_combo_row_get_selected (self->provider_row);

  if (selected >= self->provider_ids->len)
    return;

  g_signal_emit (self, signals[ADD_KEY], 0,
                 g_ptr_array_index (self->provider_ids, selected));
}

static void
try_sandbox_clicked_cb (FsWelcomePage *self)
{
  g_signal_emit (self, signals[TRY_SANDBOX], 0);
}

/* Every provider that takes a key, in the core's order, so a provider
 * added there shows up here without an edit. */
static void
fill_providers (FsWelcomePage *self)
{
  const FsProviderInfo *infos;
  guint n_infos;

  infos = fs_provider_info_list (&n_infos);
  for (guint i = 0; i < n_infos; i++)
    {
      if (infos[i].local || infos[i].key_env == NULL)
        continue;
      g_ptr_array_add (self->provider_ids, (gpointer) infos[i].id);
      gtk_string_list_append (self->provider_names, _(infos[i].name));
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
fs_welcome_page_finalize (GObject *object)
{
  FsWelcomePage *self = FS_WELCOME_PAGE (object);

  g_clear_pointer (&self->provider_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (fs_welcome_page_parent_class)->finalize (object);
}

static void
fs_welcome_page_class_init (FsWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_welcome_page_dispose;
  object_class->finalize = fs_welcome_page_finalize;

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
  gtk_widget_class_bind_template_child (widget_class, FsWelcomePage, provider_row);
  gtk_widget_class_bind_template_child (widget_class, FsWelcomePage, provider_names);
  /* Declared so that tests can reach them with
   * gtk_widget_get_template_child(). */
  gtk_widget_class_bind_template_child_full (widget_class, "add_key_button",
                                             FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "sandbox_button",
                                             FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, add_key_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, try_sandbox_clicked_cb);
}

static void
fs_welcome_page_init (FsWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->provider_ids = g_ptr_array_new ();
  fill_providers (self);
  set_icon (self);
}

GtkWidget *
fs_welcome_page_new (void)
{
  return g_object_new (FS_TYPE_WELCOME_PAGE, NULL);
}
