/* test-window.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <time.h>

#include "fs-application.h"
#include "fs-compare-view.h"
#include "fs-detail-page.h"
#include "fs-gallery.h"
#include "fs-param-panel.h"
#include "fs-preset.h"
#include "fs-prompt-editor.h"
#include "fs-reference-tray.h"
#include "fs-welcome-page.h"
#include "fs-window.h"
#include "fs-test-ui-util.h"

/* The real window in a throwaway home: first run, the offline sandbox,
 * the accessibility contract, Generate's state, one image end to end,
 * Remix, a prompt list file, a preset's references. */

static struct
{
  const char *name;
  const char *type;
} contract[] = {
  { "Provider", "GtkDropDown" },
  { "Model", "GtkDropDown" },
  { "Prompt", "GtkTextView" },
  { "Width", "GtkSpinButton" },
  { "Height", "GtkSpinButton" },
  { "Seed", "GtkSpinButton" },
  { "Output format", "GtkDropDown" },
  { "Safety tolerance", "GtkSpinButton" },
  { "Gallery", "GtkGridView" },
};

typedef struct
{
  FsApplication *app;
  FsWindow      *window;
} Fixture;

/* A stand-in notification server on the test's own session bus: it
 * records what it is asked to show. */
static GPtrArray *notifications;  /* char *: summary, then every argument */

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static void
notifications_method_cb (GDBusConnection       *connection,
                         const char            *sender,
                         const char            *path,
                         const char            *interface,
                         const char            *method,
                         GVariant              *parameters,
                         GDBusMethodInvocation *invocation,
                         gpointer               user_data)
{
  const char *capabilities[] = { "body", "actions", NULL };

  if (g_str_equal (method, "Notify"))
    {
      g_ptr_array_add (notifications, g_variant_print (parameters, FALSE));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", notifications->len));
    }
  else if (g_str_equal (method, "GetCapabilities"))
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(^as)", capabilities));
  else if (g_str_equal (method, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(ssss)", "test", "flux", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
own_notification_server (void)
{
  static const GDBusInterfaceVTable vtable = { notifications_method_cb, NULL, NULL };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GError) error = NULL;

  notifications = g_ptr_array_new_with_free_func (g_free);
  if (bus == NULL)
    return;

  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications",
                                     info->interfaces[0], &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications",
                                G_BUS_NAME_OWNER_FLAGS_NONE, NULL, NULL, NULL, NULL);
}

/* GTK 4.8 joins an explicit accessible label to a button's content, so
 * Generate is named by its content alone: the label of its
 * AdwButtonContent. */
static GtkWidget *
find_generate (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      GtkWidget *content = GTK_IS_BUTTON (child) ? gtk_button_get_child (GTK_BUTTON (child)) : NULL;

      if (ADW_IS_BUTTON_CONTENT (content) &&
          g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (content)), "_Generate") == 0)
        {
          /* No label property of its own: nothing to join. */
          g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (child),
                                                            GTK_ACCESSIBLE_PROPERTY_LABEL));
          return child;
        }
      if ((found = find_generate (child)) != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (contract); i++)
    if (g_str_equal (contract[i].name, name))
      return fs_test_find_by_label (widget, g_type_from_name (contract[i].type), name);

  g_assert_not_reached ();
  return NULL;
}

static FsPromptEditor *
find_editor (Fixture *f)
{
  return FS_PROMPT_EDITOR (fs_test_find_type (GTK_WIDGET (f->window), FS_TYPE_PROMPT_EDITOR));
}

typedef gboolean (*Condition) (Fixture *f);

static gboolean
wait_until (Fixture   *f,
            Condition  condition,
            guint      seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      if (condition (f))
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }

  return condition (f);
}

static gboolean
catalog_loaded (Fixture *f)
{
  return fs_application_get_catalog (f->app) != NULL &&
         find_named (GTK_WIDGET (f->window), "Width") != NULL;
}

static gboolean
welcome_shown (Fixture *f)
{
  GtkWidget *welcome = fs_test_find_type (GTK_WIDGET (f->window), FS_TYPE_WELCOME_PAGE);
  GtkWidget *stack = welcome ? gtk_widget_get_ancestor (welcome, GTK_TYPE_STACK) : NULL;
  GtkWidget *shown = stack ? gtk_stack_get_visible_child (GTK_STACK (stack)) : NULL;

  /* The stack's page, not the widget's visibility: a cross-fade keeps
   * the old page visible for a moment. */
  return shown != NULL && (shown == welcome || gtk_widget_is_ancestor (welcome, shown));
}

static const char *
selected_string (GtkWidget *drop_down)
{
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (drop_down));

  return gtk_string_list_get_string (GTK_STRING_LIST (model),
                                     gtk_drop_down_get_selected (GTK_DROP_DOWN (drop_down)));
}

/* The default size counts the frame GTK draws around the window (a few
 * pixels without a compositor), the widget's size does not; and GTK
 * keeps a window within the screen's width (the test's screen may be
 * narrower than a laptop's, which only makes fitting harder). */
static gboolean
window_has_size (GtkWidget *window,
                 int        width,
                 int        height)
{
  return gtk_widget_get_width (window) <= width &&
         ABS (gtk_widget_get_height (window) - height) <= 16;
}

static void
assert_inside_window (GtkWidget  *window,
                      GtkWidget  *widget,
                      const char *what)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  g_test_message ("%s at y %.0f–%.0f of %d", what, bounds.origin.y,
                  bounds.origin.y + bounds.size.height, gtk_widget_get_height (window));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (window));
}

static void
count_paint (guint *paints)
{
  (*paints)++;
}

/* Everything on the welcome page of @window, opened at @width × @height,
 * is seen without scrolling: its scrolled window has nothing to scroll,
 * and both actions are inside the window. */
static void
assert_welcome_fits (GtkWidget *window,
                     int        width,
                     int        height)
{
  GtkWidget *welcome = fs_test_find_type (window, FS_TYPE_WELCOME_PAGE);
  GtkWidget *scrolled = fs_test_find_type (welcome, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *vadjustment;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint paints = 0;

  while (!(window_has_size (window, width, height) && gtk_widget_get_mapped (welcome)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (window_has_size (window, width, height));

  /* The page may be built only now (it is made when first shown): two
   * frames painted after its scrolled window has its height, however
   * long a loaded machine takes to get there. */
  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_signal_connect_swapped (gtk_widget_get_frame_clock (window), "after-paint",
                            G_CALLBACK (count_paint), &paints);
  while ((gtk_widget_get_height (scrolled) == 0 ||
          gtk_adjustment_get_page_size (vadjustment) == 0 || paints < 2) &&
         g_get_monotonic_time () < deadline)
    {
      if (gtk_widget_get_height (scrolled) == 0 || gtk_adjustment_get_page_size (vadjustment) == 0)
        paints = 0;
      gtk_widget_queue_draw (window);
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (window), count_paint, &paints);

  g_test_message ("welcome page in a %d×%d window: content %.0f px in %.0f px",
                  gtk_widget_get_width (window), gtk_widget_get_height (window),
                  gtk_adjustment_get_upper (vadjustment),
                  gtk_adjustment_get_page_size (vadjustment));
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadjustment), <=,
                     gtk_adjustment_get_page_size (vadjustment));
  assert_inside_window (window, fs_test_find_by_label (welcome, GTK_TYPE_BUTTON, "Add an API key"),
                        "Add an API Key");
  assert_inside_window (window, fs_test_find_by_label (welcome, GTK_TYPE_BUTTON,
                                                       "Try the Offline Sandbox"),
                        "Try the Offline Sandbox");
}

/* A second window opened with the size a 1366×768 laptop screen leaves
 * under GNOME's top bar. */
static void
assert_welcome_fits_laptop (Fixture *f)
{
  GSettings *settings = fs_application_get_settings (f->app);
  FsWindow *laptop;

  g_settings_set_int (settings, "window-width", 1366);
  g_settings_set_int (settings, "window-height", 768 - 32);
  laptop = fs_window_new (ADW_APPLICATION (f->app));
  gtk_window_present (GTK_WINDOW (laptop));
  assert_welcome_fits (GTK_WIDGET (laptop), 1366, 768 - 32);
  gtk_window_destroy (GTK_WINDOW (laptop));
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static guint
string_position (GtkWidget  *drop_down,
                 const char *text)
{
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (drop_down));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text))
      return i;

  g_error ("No “%s” in the drop-down", text);
  return 0;
}

/* "Try the Offline Sandbox" keeps the model on show, even when the saved
 * setting names another: the window once looked the shown model up in
 * the list it was refilling, and picked whatever the freed memory said. */
static void
check_try_sandbox_keeps_model (Fixture *f)
{
  GSettings *settings = fs_application_get_settings (f->app);
  GtkWidget *model = find_named (GTK_WIDGET (f->window), "Model");
  g_autofree char *saved = NULL;

  gtk_drop_down_set_selected (GTK_DROP_DOWN (model),
                              string_position (model, "FLUX.1 Kontext [pro]"));
  g_settings_set_string (settings, "model", "flux-2-pro");
  g_signal_emit_by_name (fs_test_find_type (GTK_WIDGET (f->window), FS_TYPE_WELCOME_PAGE),
                         "try-sandbox");
  g_assert_false (welcome_shown (f));
  g_assert_cmpstr (selected_string (model), ==, "FLUX.1 Kontext [pro]");
  saved = g_settings_get_string (settings, "model");
  g_assert_cmpstr (saved, ==, "flux-kontext-pro");

  /* Back to the model the rest of the test expects. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (model), string_position (model, "FLUX.2 [pro]"));
}

static void
check_first_run (Fixture *f)
{
  GSettings *settings = fs_application_get_settings (f->app);
  g_autofree char *provider = NULL;

  g_assert_true (wait_until (f, catalog_loaded, 30));
  g_assert_cmpstr (selected_string (find_named (GTK_WIDGET (f->window), "Provider")), ==,
                   "Offline sandbox — not a FLUX model");

  /* No key anywhere and no provider chosen: the welcome page, whole at
   * the default size and on a 1366×768 laptop screen (less GNOME's top
   * bar). */
  g_assert_true (wait_until (f, welcome_shown, 30));
  assert_welcome_fits (GTK_WIDGET (f->window), g_settings_get_int (settings, "window-width"),
                       g_settings_get_int (settings, "window-height"));
  assert_welcome_fits_laptop (f);
  check_try_sandbox_keeps_model (f);
  provider = g_settings_get_string (settings, "provider");
  g_assert_cmpstr (provider, ==, "sandbox");
}

static void
check_contract (Fixture *f)
{
  for (guint i = 0; i < G_N_ELEMENTS (contract); i++)
    if (find_named (GTK_WIDGET (f->window), contract[i].name) == NULL)
      g_error ("No %s is called “%s”", contract[i].type, contract[i].name);
  g_assert_nonnull (find_generate (GTK_WIDGET (f->window)));
}

static const char *
reason (Fixture *f)
{
  GtkWidget *generate = find_generate (GTK_WIDGET (f->window));
  const char *tooltip = gtk_widget_get_tooltip_text (generate);

  return tooltip != NULL ? tooltip : "";
}

static void
check_generate_state (Fixture *f)
{
  GtkWidget *generate = find_generate (GTK_WIDGET (f->window));
  FsPromptEditor *editor = find_editor (f);
  GtkWidget *width;

  fs_prompt_editor_set_text (editor, "");
  g_assert_false (gtk_widget_is_sensitive (generate));
  g_assert_nonnull (strstr (reason (f), "Write a prompt"));

  fs_prompt_editor_set_text (editor, "   \n ");
  g_assert_false (gtk_widget_is_sensitive (generate));

  fs_prompt_editor_set_text (editor, "a cup of tea, #02eb3c");
  if (!gtk_widget_is_sensitive (generate))
    g_error ("Generate is disabled: %s", reason (f));

  width = find_named (GTK_WIDGET (f->window), "Width");
  gtk_editable_set_text (GTK_EDITABLE (width), "1000");
  g_assert_false (gtk_widget_is_sensitive (generate));
  g_assert_nonnull (strstr (reason (f), "try 992 or 1008"));
  gtk_editable_set_text (GTK_EDITABLE (width), "1024");
  g_assert_true (gtk_widget_is_sensitive (generate));
}

static gboolean
one_image_saved (Fixture *f)
{
  FsLibrary *library = fs_application_get_library (f->app);

  return g_list_model_get_n_items (G_LIST_MODEL (library)) == 1;
}

static gboolean
history_filled (Fixture *f)
{
  GtkWidget *editor = fs_test_find_type (GTK_WIDGET (f->window), FS_TYPE_PROMPT_EDITOR);
  GtkWidget *list = fs_test_find_type (editor, GTK_TYPE_LIST_BOX);

  return list != NULL && gtk_widget_get_first_child (list) != NULL;
}

static gboolean
notified (Fixture *f)
{
  return notifications->len > 0;
}

/* Under Xvfb without a window manager the window is never active, so a
 * finished image is announced, with the image itself as the icon. */
static void
check_notification (Fixture *f,
                    FsAsset *asset)
{
  const char *call;

  if (gtk_window_is_active (GTK_WINDOW (f->window)))
    {
      g_test_message ("The window is active: no notification to check");
      return;
    }

  g_assert_true (wait_until (f, notified, 10));
  call = g_ptr_array_index (notifications, 0);
  g_test_message ("Notify%s", call);
  g_assert_nonnull (strstr (call, "Image saved"));
  g_assert_nonnull (strstr (call, "a cup of tea"));
  g_assert_nonnull (strstr (call, fs_asset_get_path (asset)));
}

static void
check_generate_and_remix (Fixture *f)
{
  FsPromptEditor *editor = find_editor (f);
  GtkWidget *width = find_named (GTK_WIDGET (f->window), "Width");
  GtkWidget *model = find_named (GTK_WIDGET (f->window), "Model");
  GtkWidget *tray = fs_test_find_type (GTK_WIDGET (f->window), FS_TYPE_REFERENCE_TRAY);
  GSettings *settings = fs_application_get_settings (f->app);
  g_autoptr(FsAsset) asset = NULL;
  g_autofree char *prompt = NULL;

  fs_prompt_editor_set_text (editor, "a cup of tea, #02eb3c");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (width), 512);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.generate", NULL);
  g_assert_true (wait_until (f, one_image_saved, 30));

  asset = g_list_model_get_item (G_LIST_MODEL (fs_application_get_library (f->app)), 0);
  g_assert_cmpuint (fs_asset_get_width (asset), ==, 512);
  g_assert_cmpint (fs_asset_get_seed (asset), >=, 0);
  check_notification (f, asset);
  g_assert_true (wait_until (f, history_filled, 10));

  /* Change everything, and browse: a change of model keeps the compose
   * area folded (the tray once came back with it). Then Remix brings
   * everything back, the compose area too. */
  fs_prompt_editor_set_text (editor, "something else");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (width), 768);
  g_settings_set_boolean (settings, "browse-mode", TRUE);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (model),
                              string_position (model, "FLUX.1 Kontext [pro]"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (editor)) &&
                  gtk_widget_is_drawable (GTK_WIDGET (editor)));
  g_assert_false (gtk_widget_get_visible (tray));
  fs_window_remix (f->window, asset);
  g_assert_false (g_settings_get_boolean (settings, "browse-mode"));
  g_assert_true (gtk_widget_get_visible (tray));
  prompt = fs_prompt_editor_dup_text (editor);
  g_assert_cmpstr (prompt, ==, "a cup of tea, #02eb3c");
  width = find_named (GTK_WIDGET (f->window), "Width");
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (width)), ==, 512);
}

static gboolean
toplevel_of_type (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          gtk_window_destroy (GTK_WINDOW (window));
          return TRUE;
        }
    }

  return FALSE;
}

static AdwMessageDialog *
message_dialog (void)
{
  return ADW_MESSAGE_DIALOG (fs_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

static guint n_images_wanted;

static gboolean
images_counted (Fixture *f)
{
  FsLibrary *library = fs_application_get_library (f->app);

  return g_list_model_get_n_items (G_LIST_MODEL (library)) == n_images_wanted;
}

static void
toast_cb (GtkWidget  *gallery,
          AdwToast   *toast,
          AdwToast  **out)
{
  g_set_object (out, toast);
}

static gboolean
head_checked (Fixture *f)
{
  GtkWidget *grid = fs_test_find_type (GTK_WIDGET (f->window), GTK_TYPE_GRID_VIEW);
  g_autoptr(FsAsset) head = g_list_model_get_item (G_LIST_MODEL (gtk_grid_view_get_model (GTK_GRID_VIEW (grid))), 0);

  return head != NULL && fs_asset_get_colour_check (head) != NULL;
}

/* Delete in the gallery moves the selected image to the Trash at once,
 * with a toast whose Undo brings it back. */
static void
check_delete (Fixture *f)
{
  GtkWidget *grid = fs_test_find_type (GTK_WIDGET (f->window), GTK_TYPE_GRID_VIEW);
  GtkWidget *gallery = gtk_widget_get_ancestor (grid, FS_TYPE_GALLERY);
  GtkSelectionModel *selection = gtk_grid_view_get_model (GTK_GRID_VIEW (grid));
  guint n_images = g_list_model_get_n_items (G_LIST_MODEL (fs_application_get_library (f->app)));
  g_autoptr(AdwToast) toast = NULL;

  g_assert_cmpuint (n_images, >, 0);
  /* Not while its colour check is still being written. */
  g_assert_true (wait_until (f, head_checked, 20));
  gtk_selection_model_select_item (selection, 0, TRUE);
  g_signal_connect (gallery, "toast", G_CALLBACK (toast_cb), &toast);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete", NULL);
  g_assert_null (message_dialog ());
  n_images_wanted = n_images - 1;
  g_assert_true (wait_until (f, images_counted, 10));
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "Undo");

  g_signal_emit_by_name (toast, "button-clicked");
  n_images_wanted = n_images;
  g_assert_true (wait_until (f, images_counted, 10));
  g_signal_handlers_disconnect_by_func (gallery, toast_cb, &toast);
}

static gboolean
detail_shown (Fixture *f)
{
  GtkWidget *page = fs_test_find_type (GTK_WIDGET (f->window), FS_TYPE_DETAIL_PAGE);

  return page != NULL && gtk_widget_get_mapped (page);
}

static gboolean
detail_hidden (Fixture *f)
{
  return !detail_shown (f);
}

static gboolean
compare_shown (Fixture *f)
{
  GtkWidget *view = fs_test_find_type (GTK_WIDGET (f->window), FS_TYPE_COMPARE_VIEW);

  return view != NULL && gtk_widget_get_mapped (view);
}

static gboolean
is_toast_title (GtkWidget     *widget,
                gconstpointer  title)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), title) == 0 &&
         gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY) != NULL;
}

/* The overlay shows @toast: a widget of it, its title, is in the window. */
static gboolean
in_overlay (Fixture  *f,
            AdwToast *toast)
{
  return fs_test_find_widget (GTK_WIDGET (f->window), is_toast_title,
                              adw_toast_get_title (toast)) != NULL;
}

static gboolean
wait_until_toast (Fixture  *f,
                  AdwToast *toast)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!in_overlay (f, toast) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  return in_overlay (f, toast);
}

/* Two toasts with the same title and an Undo each are both kept. */
static gboolean
toast_waits_twice (Fixture *f)
{
  g_autoptr(AdwToast) undo = adw_toast_new ("Moved to the Trash");
  g_autoptr(AdwToast) other_undo = adw_toast_new ("Moved to the Trash");
  gboolean shown_both;

  adw_toast_set_button_label (undo, "Undo");
  adw_toast_set_button_label (other_undo, "Undo");
  fs_window_add_toast (f->window, undo);
  fs_window_add_toast (f->window, other_undo);
  /* Both wait; taking each back finds it there. */
  shown_both = fs_window_has_toast (f->window, undo) && fs_window_has_toast (f->window, other_undo);
  fs_window_dismiss_toast (f->window, undo);
  fs_window_dismiss_toast (f->window, other_undo);
  return shown_both;
}

/* The window hands its overlay one toast at a time, the next once the
 * last has hidden (fs-window-toasts.c: libadwaita 1.2 crashes on a toast
 * dismissed early in a "replace" slide), and a toast dismissed while it
 * waits never shows. */
static void
check_toasts_one_at_a_time (Fixture *f)
{
  g_autoptr(AdwToast) first = adw_toast_new ("First of three");
  g_autoptr(AdwToast) second = adw_toast_new ("Second of three");
  g_autoptr(AdwToast) third = adw_toast_new ("Third of three");
  g_autoptr(AdwToast) again = adw_toast_new ("Second of three");
  gint64 dismissed, shown;

  adw_toast_set_timeout (first, 0);
  adw_toast_set_timeout (second, 0);
  fs_window_add_toast (f->window, first);
  fs_window_add_toast (f->window, second);
  fs_window_add_toast (f->window, third);
  /* The same words twice are said once; not so two Undos. */
  fs_window_add_toast (f->window, again);
  g_assert_true (toast_waits_twice (f));
  g_assert_true (wait_until_toast (f, first));
  g_assert_false (in_overlay (f, second));

  fs_window_dismiss_toast (f->window, third);
  adw_toast_dismiss (first);
  dismissed = g_get_monotonic_time ();
  g_assert_false (in_overlay (f, second));
  g_assert_true (wait_until_toast (f, second));
  shown = g_get_monotonic_time ();
  g_assert_cmpint (shown - dismissed, >=, 300 * G_TIME_SPAN_MILLISECOND);
  g_assert_false (in_overlay (f, third));

  /* The second goes at once, held back until it is in; the third,
   * taken back while it waited, never shows. */
  adw_toast_dismiss (second);
  dismissed = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < dismissed)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (in_overlay (f, second));
  g_assert_false (in_overlay (f, third));
}

/* An urgent toast (an Undo) is next, before those that waited longer. */
static void
check_urgent_toast_first (Fixture *f)
{
  g_autoptr(AdwToast) shown = adw_toast_new ("Shown before");
  g_autoptr(AdwToast) waiting = adw_toast_new ("Waiting before");
  g_autoptr(AdwToast) urgent = adw_toast_new ("Urgent after");

  adw_toast_set_timeout (shown, 0);
  adw_toast_set_timeout (waiting, 0);
  adw_toast_set_timeout (urgent, 0);
  adw_toast_set_priority (urgent, ADW_TOAST_PRIORITY_HIGH);
  fs_window_add_toast (f->window, shown);
  g_assert_true (wait_until_toast (f, shown));
  fs_window_add_toast (f->window, waiting);
  fs_window_add_toast (f->window, urgent);

  adw_toast_dismiss (shown);
  g_assert_true (wait_until_toast (f, urgent));
  g_assert_false (in_overlay (f, waiting));
  adw_toast_dismiss (urgent);
  g_assert_true (wait_until_toast (f, waiting));
  adw_toast_dismiss (waiting);
}

static gboolean
keep_ticking_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
compare_hidden (Fixture *f)
{
  return !compare_shown (f);
}

/* "Compare With…" then the other image picked at once, while its toast
 * still slides in over one that hides (libadwaita 1.2 crashed when the
 * app dismissed a toast then: fs-window-compare.c). The compare view
 * shows, the toast goes, and the app lives on past the animations. */
static void
check_compare_toast (Fixture *f)
{
  GtkWidget *grid = fs_test_find_type (GTK_WIDGET (f->window), GTK_TYPE_GRID_VIEW);
  AdwToastOverlay *overlay = ADW_TOAST_OVERLAY (fs_test_find_type (GTK_WIDGET (f->window),
                                                                    ADW_TYPE_TOAST_OVERLAY));
  AdwToast *first = adw_toast_new ("A toast before");
  GtkWidget *view;
  gint64 settle;
  guint tick_id;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_grid_view_get_model (GTK_GRID_VIEW (grid)))), >=, 2);
  /* gtk_test_init() turns animations off; a user has them. And frames
   * keep coming, as they do while a user works: an idle frame clock's
   * stale time ends an animation at its first frame. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (f->window), keep_ticking_cb, NULL, NULL);
  settle = g_get_monotonic_time () + 200 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < settle)
    g_main_context_iteration (NULL, FALSE);
  adw_toast_set_timeout (first, 0);
  fs_window_add_toast (f->window, first);

  g_signal_emit_by_name (grid, "activate", 0);
  g_assert_true (wait_until (f, detail_shown, 10));
  gtk_widget_activate_action (fs_test_find_type (GTK_WIDGET (f->window), FS_TYPE_DETAIL_PAGE),
                              "detail.compare-with", NULL);
  /* The compare toast waits behind the first; dismissing that one shows
   * it while the first hides (libadwaita's 500 ms replace). */
  g_assert_true (wait_until (f, detail_hidden, 10));
  adw_toast_dismiss (first);
  g_object_unref (first);
  g_main_context_iteration (NULL, FALSE);
  g_assert_true (ADW_IS_TOAST_OVERLAY (overlay));
  g_signal_emit_by_name (grid, "activate", 1);
  g_assert_true (wait_until (f, compare_shown, 10));

  /* Past every animation: the app is alive. */
  settle = g_get_monotonic_time () + 1500 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < settle)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_true (compare_shown (f));
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  gtk_widget_remove_tick_callback (GTK_WIDGET (f->window), tick_id);
  view = fs_test_find_type (GTK_WIDGET (f->window), FS_TYPE_COMPARE_VIEW);
  g_signal_emit_by_name (view, "back");
  g_assert_true (wait_until (f, compare_hidden, 10));
}

static gboolean
gallery_is_empty (Fixture *f)
{
  GtkWidget *grid = fs_test_find_type (GTK_WIDGET (f->window), GTK_TYPE_GRID_VIEW);
  GListModel *model = G_LIST_MODEL (gtk_grid_view_get_model (GTK_GRID_VIEW (grid)));

  return g_list_model_get_n_items (model) == 0;
}

/* Another gallery folder in the preferences: a new library, shown at
 * once, without a restart. */
static void
check_gallery_folder (Fixture *f)
{
  GSettings *settings = fs_application_get_settings (f->app);
  FsLibrary *before = fs_application_get_library (f->app);
  g_autofree char *folder = g_build_filename (g_get_home_dir (), "Elsewhere", NULL);
  g_autofree char *path = NULL;

  g_assert_false (gallery_is_empty (f));
  g_settings_set_string (settings, "gallery-folder", folder);
  g_assert_true (fs_application_get_library (f->app) != before);
  g_assert_true (wait_until (f, gallery_is_empty, 10));

  path = g_file_get_path (fs_library_get_folder (fs_application_get_library (f->app)));
  g_assert_cmpstr (path, ==, folder);
}

/* The menu's windows open from their actions and load their templates. */
static void
check_secondary_windows (Fixture *f)
{
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-help-overlay", NULL);
  g_assert_true (toplevel_of_type (GTK_TYPE_SHORTCUTS_WINDOW));

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "about", NULL);
  g_assert_true (toplevel_of_type (ADW_TYPE_ABOUT_WINDOW));

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "preferences", NULL);
  g_assert_true (toplevel_of_type (ADW_TYPE_PREFERENCES_WINDOW));
}

typedef struct
{
  gint64 last_us;
  gint64 longest_us;
  guint  beats;
} Heartbeat;

static gint64
thread_cpu_us (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static gboolean
heartbeat_cb (gpointer user_data)
{
  Heartbeat *heartbeat = user_data;
  gint64 now = g_get_monotonic_time ();

  if (heartbeat->last_us > 0)
    heartbeat->longest_us = MAX (heartbeat->longest_us, now - heartbeat->last_us);
  heartbeat->last_us = now;
  heartbeat->beats++;
  return G_SOURCE_CONTINUE;
}

static gboolean
ten_more_images_saved (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (fs_application_get_library (f->app))) >= 11;
}

/* The main loop never waits on disk or network: a 5 ms heartbeat on
 * the main thread while ten sandbox images are drawn, saved, indexed
 * and shown; its longest gap is the longest the loop was busy. A
 * figure, not a pass mark: timing depends on the machine. */
static void
measure_main_loop (Fixture *f)
{
  FsPromptEditor *editor = find_editor (f);
  Heartbeat heartbeat = { 0, };
  gint64 wall_us = g_get_monotonic_time ();
  gint64 cpu_us = thread_cpu_us ();
  guint source;

  fs_prompt_editor_set_text (editor, "ten lighthouses in #1e88e5");
  source = g_timeout_add_full (G_PRIORITY_HIGH, 5, heartbeat_cb, &heartbeat, NULL);
  for (guint i = 0; i < 10; i++)
    gtk_widget_activate_action (GTK_WIDGET (f->window), "win.generate", NULL);
  g_assert_true (wait_until (f, ten_more_images_saved, 60));
  g_source_remove (source);
  wall_us = g_get_monotonic_time () - wall_us;
  cpu_us = thread_cpu_us () - cpu_us;

  /* A loop blocked on I/O would show gaps with little CPU time; the
   * main thread's CPU time says how much of the wall time it computed
   * (layout, CSS, cairo rendering under Xvfb). */
  g_test_message ("ten sandbox images in %" G_GINT64_FORMAT " ms: %u heartbeats, "
                  "longest main-loop gap %" G_GINT64_FORMAT " ms, "
                  "main thread on CPU %" G_GINT64_FORMAT " ms",
                  wall_us / 1000, heartbeat.beats, heartbeat.longest_us / 1000, cpu_us / 1000);
  g_assert_cmpuint (heartbeat.beats, >, 0);
}

static gboolean
message_dialog_shown (Fixture *f)
{
  return message_dialog () != NULL;
}

static const char *
batch_summary (Fixture *f)
{
  return gtk_label_get_text (GTK_LABEL (fs_test_find_with_class (GTK_WIDGET (f->window),
                                                                 "fs-batch-summary")));
}

static gboolean
list_loaded (Fixture *f)
{
  return g_str_has_prefix (batch_summary (f), "3 jobs from cups.csv");
}

/* Load Prompt List… with a file of a bad row lists the rows' problems
 * and loads nothing; a good file's rows stand in for the prompt, Generate
 * enabled without one, until Clear. */
static void
check_prompt_list_file (Fixture *f)
{
  g_autofree char *dir = fs_test_make_dir ("window-list-XXXXXX");
  g_autofree char *bad = g_build_filename (dir, "bad.csv", NULL);
  g_autofree char *good = g_build_filename (dir, "cups.csv", NULL);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  g_autoptr(GFile) good_file = g_file_new_for_path (good);
  g_autofree char *summary_before = g_strdup (batch_summary (f));
  FsPromptEditor *editor = find_editor (f);
  g_autofree char *prompt = fs_prompt_editor_dup_text (editor);
  AdwMessageDialog *dialog;
  GtkWidget *clear;

  g_assert_nonnull (fs_test_find_by_label (GTK_WIDGET (f->window), GTK_TYPE_BUTTON,
                                           "Load Prompt List"));
  g_assert_true (g_file_set_contents (bad, "prompt,steps\na cup,\na plate,lots\n", -1, NULL));
  g_assert_true (g_file_set_contents (good, "prompt,count\na {red|blue} cup,\na plate,\n",
                                      -1, NULL));

  fs_window_load_prompt_list (f->window, bad_file);
  g_assert_true (wait_until (f, message_dialog_shown, 20));
  dialog = message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Prompt List Has Bad Rows");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "line 3: "));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "lots"));
  adw_message_dialog_response (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpstr (batch_summary (f), ==, summary_before);

  fs_prompt_editor_set_text (editor, "");
  g_assert_false (gtk_widget_is_sensitive (find_generate (GTK_WIDGET (f->window))));
  fs_window_load_prompt_list (f->window, good_file);
  g_assert_true (wait_until (f, list_loaded, 20));
  if (!gtk_widget_is_sensitive (find_generate (GTK_WIDGET (f->window))))
    g_error ("Generate is disabled with a prompt list loaded: %s", reason (f));

  clear = fs_test_find_by_label (GTK_WIDGET (f->window), GTK_TYPE_BUTTON, "Clear Prompt List");
  g_signal_emit_by_name (clear, "clicked");
  g_assert_false (g_str_has_prefix (batch_summary (f), "3 jobs from"));
  fs_prompt_editor_set_text (editor, prompt);
  fs_test_remove_dir (dir);
}

static FsReferenceTray *
find_tray (Fixture *f)
{
  return FS_REFERENCE_TRAY (fs_test_find_type (GTK_WIDGET (f->window), FS_TYPE_REFERENCE_TRAY));
}

static char **tray_wanted;  /* the sha256s the tray should hold, in order */

static gboolean
tray_holds_wanted (Fixture *f)
{
  g_autoptr(GPtrArray) active = NULL;

  if (fs_reference_tray_get_busy (find_tray (f)))
    return FALSE;
  active = fs_reference_tray_get_active_references (find_tray (f));
  if (active->len != g_strv_length (tray_wanted))
    return FALSE;
  for (guint i = 0; i < active->len; i++)
    if (g_strcmp0 (fs_reference_get_sha256 (g_ptr_array_index (active, i)), tray_wanted[i]) != 0)
      return FALSE;
  return TRUE;
}

static const char *preset_wanted;

static gboolean
preset_saved (Fixture *f)
{
  g_autoptr(JsonObject) preset = fs_preset_find (preset_wanted, NULL);

  return preset != NULL;
}

/* Save Current Settings… with two references in the tray keeps them in
 * the reference store; with the tray cleared, applying the preset puts
 * them back, in order, loaded off the main thread. A preset one of whose
 * references the store has lost brings back the others. */
static void
check_preset_references (Fixture *f)
{
  FsReferenceTray *tray = find_tray (f);
  g_autoptr(GPtrArray) references = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonObject) lost = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *lost_sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  char *wanted[3] = { NULL };
  AdwMessageDialog *dialog;
  JsonArray *hashes;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GBytes) bytes = fs_test_make_image ("png", 64, 64 + 16 * i,
                                                    i == 0 ? 0xe61e28ff : 0x1e3cdcff);
      FsReference *reference = fs_reference_new_from_bytes (bytes, i == 0 ? "red.png" : "blue.png",
                                                            &error);

      g_assert_no_error (error);
      g_ptr_array_add (references, reference);
      wanted[i] = (char *) fs_reference_get_sha256 (reference);
    }
  tray_wanted = wanted;
  fs_reference_tray_set_references (tray, references);
  g_assert_true (tray_holds_wanted (f));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save-preset", NULL);
  g_assert_true (wait_until (f, message_dialog_shown, 20));
  dialog = message_dialog ();
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "Two refs");
  adw_message_dialog_response (dialog, "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
  preset_wanted = "Two refs";
  g_assert_true (wait_until (f, preset_saved, 20));

  fs_reference_tray_clear (tray);
  g_assert_cmpuint (fs_reference_tray_get_n_references (tray), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.apply-preset", "s", "Two refs");
  g_assert_true (wait_until (f, tray_holds_wanted, 20));

  /* A hash the store has lost, between the two. */
  lost = fs_preset_find ("Two refs", &error);
  g_assert_no_error (error);
  hashes = json_object_get_array_member (lost, "references");
  g_assert_cmpuint (json_array_get_length (hashes), ==, 2);
  json_object_set_string_member (lost, "name", "Lost one");
  json_array_remove_element (hashes, 1);
  json_array_add_string_element (hashes, lost_sha256);
  json_array_add_string_element (hashes, wanted[1]);
  path = fs_preset_save (lost, FALSE, &error);
  g_assert_no_error (error);
  fs_reference_tray_clear (tray);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.apply-preset", "s", "Lost one");
  g_assert_true (wait_until (f, tray_holds_wanted, 20));
  tray_wanted = NULL;
  fs_reference_tray_clear (tray);
}

static void
activate_cb (GApplication *application,
             Fixture      *f)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  g_assert_true (FS_IS_WINDOW (window));
  f->window = FS_WINDOW (window);

  check_first_run (f);
  check_contract (f);
  check_toasts_one_at_a_time (f);
  check_urgent_toast_first (f);
  check_generate_state (f);
  check_generate_and_remix (f);
  check_secondary_windows (f);
  check_prompt_list_file (f);
  check_preset_references (f);
  measure_main_loop (f);
  check_delete (f);
  check_compare_toast (f);
  check_gallery_folder (f);

  gtk_window_close (window);
  g_application_quit (application);
}

static void
test_window (void)
{
  Fixture f = { NULL, };
  int status;

  f.app = fs_application_new ();
  /* Its own instance even if another test's app holds the name. */
  g_application_set_flags (G_APPLICATION (f.app),
                           g_application_get_flags (G_APPLICATION (f.app)) |
                           G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (f.app, "activate", G_CALLBACK (activate_cb), &f);
  status = g_application_run (G_APPLICATION (f.app), 0, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (f.window);
  g_object_unref (f.app);
}

/* A throwaway home, so the first run is a first run and the image
 * lands in a gallery no one minds. */
static void
set_up_home (void)
{
  char *home = fs_test_make_dir ("fs-window-XXXXXX");
  const char * const keys[] = {
    "BFL_API_KEY", "APIYI_API_KEY", "MONICA_API_KEY", "FLUX_STUDIO_API_KEY",
  };

  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  g_setenv ("XDG_CACHE_HOME", home, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_unsetenv (keys[i]);

  g_free (home);
}

int
main (int    argc,
      char **argv)
{
  set_up_home ();

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  own_notification_server ();

  g_test_add_func ("/window/first-run-contract-generate-remix", test_window);

  return g_test_run ();
}
