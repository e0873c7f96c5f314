/* fs-filter-choice.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-filter-choice.h"

struct _FsFilterChoice
{
  GtkWidget   parent_instance;

  GtkWidget  *button;     /* GtkMenuButton */
  GtkWidget  *label;      /* what is chosen, on the button */
  GtkWidget  *any;        /* the check that means no filter */
  GtkWidget  *box;        /* one check per choice */
  char       *any_label;
  GPtrArray  *ids;        /* char * */
  GPtrArray  *names;      /* char * */
  GPtrArray  *checks;     /* GtkCheckButton *, as ids */
  char      **selected;   /* NULL: any */
  gboolean    syncing;
};

G_DEFINE_FINAL_TYPE (FsFilterChoice, fs_filter_choice, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
strv_same (char               **a,
           const char * const  *b)
{
  if (a == NULL || b == NULL)
    return a == NULL && (b == NULL || b[0] == NULL);
  return g_strv_equal ((const char * const *) a, b);
}

static const char *
name_of (FsFilterChoice *self,
         const char     *id)
{
  guint index;

  if (g_ptr_array_find_with_equal_func (self->ids, id, g_str_equal, &index))
    return g_ptr_array_index (self->names, index);
  return id;
}

/* The button says what is chosen: "Any model", one name, or the names
 * joined (ellipsized). */
static void
update_label (FsFilterChoice *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; self->selected != NULL && self->selected[i] != NULL; i++)
    g_ptr_array_add (names, (gpointer) name_of (self, self->selected[i]));
  g_ptr_array_add (names, NULL);

  if (names->len == 1)
    gtk_label_set_text (GTK_LABEL (self->label), self->any_label);
  else
    {
      /* Translators: the separator between the names of a filter's
       * choices on its button */
      g_autofree char *text = g_strjoinv (_(", "), (char **) names->pdata);

      gtk_label_set_text (GTK_LABEL (self->label), text);
    }
  /* The button's name is the filter's ("Model"); what it is set to is
   * its description, for screen readers. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  gtk_label_get_text (GTK_LABEL (self->label)),
                                  -1);
}

static void
sync_checks (FsFilterChoice *self)
{
  self->syncing = TRUE;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->any), self->selected == NULL);
  for (guint i = 0; i < self->checks->len; i++)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (g_ptr_array_index (self->checks, i)),
                                 self->selected != NULL &&
                                 g_strv_contains ((const char * const *) self->selected,
                                                  g_ptr_array_index (self->ids, i)));
  self->syncing = FALSE;
  update_label (self);
}

static void
set_selected_internal (FsFilterChoice     *self,
                       const char * const *ids)
{
  if (strv_same (self->selected, ids))
    {
      sync_checks (self);
      return;
    }

  g_strfreev (self->selected);
  self->selected = ids != NULL && ids[0] != NULL ? g_strdupv ((char **) ids) : NULL;
  sync_checks (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/* The checked choices in their order, then the ids set that are not
 * choices. */
static void
check_toggled_cb (FsFilterChoice *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  if (self->syncing)
    return;

  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (g_ptr_array_index (self->checks, i))))
      g_ptr_array_add (ids, g_ptr_array_index (self->ids, i));
  for (guint i = 0; self->selected != NULL && self->selected[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (self->ids, self->selected[i], g_str_equal, NULL))
      g_ptr_array_add (ids, self->selected[i]);
  g_ptr_array_add (ids, NULL);

  set_selected_internal (self, (const char * const *) ids->pdata);
}

static void
any_toggled_cb (FsFilterChoice *self)
{
  if (self->syncing)
    return;

  /* "Any" unchecked by hand stays checked until a choice is made. */
  if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->any)))
    set_selected_internal (self, NULL);
  else
    sync_checks (self);
}

static void
fs_filter_choice_dispose (GObject *object)
{
  FsFilterChoice *self = FS_FILTER_CHOICE (object);

  g_clear_pointer (&self->button, gtk_widget_unparent);

  G_OBJECT_CLASS (fs_filter_choice_parent_class)->dispose (object);
}

static void
fs_filter_choice_finalize (GObject *object)
{
  FsFilterChoice *self = FS_FILTER_CHOICE (object);

  g_free (self->any_label);
  g_ptr_array_unref (self->ids);
  g_ptr_array_unref (self->names);
  g_ptr_array_unref (self->checks);
  g_strfreev (self->selected);

  G_OBJECT_CLASS (fs_filter_choice_parent_class)->finalize (object);
}

static void
fs_filter_choice_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FsFilterChoice *self = FS_FILTER_CHOICE (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_boxed (value, self->selected);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_filter_choice_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FsFilterChoice *self = FS_FILTER_CHOICE (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      fs_filter_choice_set_selected (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_filter_choice_class_init (FsFilterChoiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_filter_choice_dispose;
  object_class->finalize = fs_filter_choice_finalize;
  object_class->get_property = fs_filter_choice_get_property;
  object_class->set_property = fs_filter_choice_set_property;

  properties[PROP_SELECTED] =
    g_param_spec_boxed ("selected", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fs-filter-choice");
}

static void
fs_filter_choice_init (FsFilterChoice *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *popover = gtk_popover_new ();

  self->ids = g_ptr_array_new_with_free_func (g_free);
  self->names = g_ptr_array_new_with_free_func (g_free);
  self->checks = g_ptr_array_new ();

  self->label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (self->label), 20);
  gtk_widget_set_hexpand (self->label, TRUE);
  gtk_box_append (GTK_BOX (content), self->label);
  gtk_box_append (GTK_BOX (content), gtk_image_new_from_icon_name ("pan-down-symbolic"));

  self->any = gtk_check_button_new ();
  g_signal_connect_swapped (self->any, "toggled", G_CALLBACK (any_toggled_cb), self);
  gtk_box_append (GTK_BOX (outer), self->any);
  gtk_box_append (GTK_BOX (outer), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  /* Room for the catalog on a 768 px high screen. */
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->box);
  gtk_box_append (GTK_BOX (outer), scrolled);
  gtk_popover_set_child (GTK_POPOVER (popover), outer);

  self->button = gtk_menu_button_new ();
  gtk_menu_button_set_child (GTK_MENU_BUTTON (self->button), content);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->button), popover);
  gtk_widget_set_hexpand (self->button, TRUE);
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));
}

GtkWidget *
fs_filter_choice_new (const char *name,
                      const char *any_label)
{
  FsFilterChoice *self = g_object_new (FS_TYPE_FILTER_CHOICE, NULL);

  self->any_label = g_strdup (any_label);
  gtk_check_button_set_label (GTK_CHECK_BUTTON (self->any), any_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  gtk_widget_set_tooltip_text (self->button, name);
  sync_checks (self);
  return GTK_WIDGET (self);
}

void
fs_filter_choice_set_choices (FsFilterChoice *self,
                              GPtrArray      *ids,
                              GPtrArray      *names)
{
  GtkWidget *child;

  g_return_if_fail (FS_IS_FILTER_CHOICE (self));
  g_return_if_fail (ids != NULL && names != NULL && ids->len == names->len);

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  g_ptr_array_set_size (self->ids, 0);
  g_ptr_array_set_size (self->names, 0);
  g_ptr_array_set_size (self->checks, 0);

  for (guint i = 0; i < ids->len; i++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (g_ptr_array_index (names, i));

      g_ptr_array_add (self->ids, g_strdup (g_ptr_array_index (ids, i)));
      g_ptr_array_add (self->names, g_strdup (g_ptr_array_index (names, i)));
      g_ptr_array_add (self->checks, check);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (check_toggled_cb), self);
      gtk_box_append (GTK_BOX (self->box), check);
    }
  sync_checks (self);
}

const char * const *
fs_filter_choice_get_selected (FsFilterChoice *self)
{
  g_return_val_if_fail (FS_IS_FILTER_CHOICE (self), NULL);

  return (const char * const *) self->selected;
}

void
fs_filter_choice_set_selected (FsFilterChoice     *self,
                               const char * const *ids)
{
  g_return_if_fail (FS_IS_FILTER_CHOICE (self));

  set_selected_internal (self, ids);
}
