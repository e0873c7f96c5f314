/* fs-queue-panel.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fs-queue-panel-private.h"
#include "fs-ui.h"

/* The waiting jobs listed at most; the rest are counted. */
#define MAX_ROWS 12

struct _FsQueuePanel
{
  GtkWidget       parent_instance;

  GtkWidget      *group;
  GtkWidget      *cancel_all_button;
  GtkSwitch      *pause_switch;
  GtkListBox     *waiting_list;
  GtkLabel       *summary_label;
  GtkWidget      *finished_header;
  GtkListBox     *finished_list;

  FsJobQueue     *queue;
  guint           update_id;   /* the refresh, once per main-loop pass */
  gboolean        dragging;    /* a waiting row is being dragged: kept */
  guint           n_finished;
  guint           n_failed;
};

G_DEFINE_FINAL_TYPE (FsQueuePanel, fs_queue_panel, GTK_TYPE_WIDGET)

enum {
  RETRY_JOB,
  SHOW_ASSET,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
_fs_queue_panel_emit_retry (FsQueuePanel *self,
                            FsJob        *job)
{
  g_signal_emit (self, signals[RETRY_JOB], 0, job);
}

void
_fs_queue_panel_emit_show (FsQueuePanel *self,
                           FsAsset      *asset)
{
  g_signal_emit (self, signals[SHOW_ASSET], 0, asset);
}

static void
move_clicked_cb (GtkButton *button,
                 gpointer   user_data)
{
  FsQueuePanel *self = user_data;
  FsJob *job = g_object_get_data (G_OBJECT (button), "job");
  int delta = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "delta"));

  fs_job_queue_move (self->queue, job, delta);
}

static GtkWidget *
move_button (FsQueuePanel *self,
             FsJob        *job,
             int           delta)
{
  const char *label = delta < 0 ? _("Start Sooner") : _("Start Later");
  GtkWidget *button = fs_ui_icon_button_new (delta < 0 ? "go-up-symbolic" : "go-down-symbolic",
                                             label);

  g_object_set_data_full (G_OBJECT (button), "job", g_object_ref (job), g_object_unref);
  g_object_set_data (G_OBJECT (button), "delta", GINT_TO_POINTER (delta));
  g_signal_connect (button, "clicked", G_CALLBACK (move_clicked_cb), self);
  return button;
}

/* Dragging a waiting job onto another's row puts it in that place; the
 * drag carries the FsJob itself, so only this process's rows take it. */
static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkWidget     *row)
{
  FsJob *job = g_object_get_data (G_OBJECT (row), "job");

  return job != NULL ? gdk_content_provider_new_typed (FS_TYPE_JOB, job) : NULL;
}

static void schedule_update (FsQueuePanel *self);

/* While a row is dragged the list is not rebuilt (jobs starting and
 * ending would take the row from under the pointer and end the drag);
 * the icon is the row as it was. */
static void
drag_begin_cb (GtkDragSource *source,
               GdkDrag       *drag,
               GtkWidget     *row)
{
  GtkWidget *panel = gtk_widget_get_ancestor (row, FS_TYPE_QUEUE_PANEL);
  g_autoptr(GdkPaintable) live = gtk_widget_paintable_new (row);
  g_autoptr(GdkPaintable) icon = gdk_paintable_get_current_image (live);

  if (panel != NULL)
    FS_QUEUE_PANEL (panel)->dragging = TRUE;
  gtk_drag_source_set_icon (source, icon, 0, 0);
}

static void
drag_end_cb (GtkDragSource *source,
             GdkDrag       *drag,
             gboolean       delete_data,
             GtkWidget     *row)
{
  GtkWidget *panel = gtk_widget_get_ancestor (row, FS_TYPE_QUEUE_PANEL);

  if (panel == NULL)
    return;
  FS_QUEUE_PANEL (panel)->dragging = FALSE;
  schedule_update (FS_QUEUE_PANEL (panel));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GtkWidget     *row)
{
  GtkWidget *panel = gtk_widget_get_ancestor (row, FS_TYPE_QUEUE_PANEL);
  FsJob *onto = g_object_get_data (G_OBJECT (row), "job");
  FsJob *dragged = g_value_get_object (value);
  g_autoptr(GPtrArray) waiting = NULL;
  guint from, to;

  if (panel == NULL || onto == NULL || !FS_IS_JOB (dragged) || dragged == onto)
    return FALSE;
  waiting = fs_job_queue_list_waiting (FS_QUEUE_PANEL (panel)->queue);
  if (!g_ptr_array_find (waiting, dragged, &from) || !g_ptr_array_find (waiting, onto, &to))
    return FALSE;
  return fs_job_queue_move (FS_QUEUE_PANEL (panel)->queue, dragged, (int) to - (int) from);
}

static void
add_drag_and_drop (GtkWidget *row)
{
  GtkDragSource *source = gtk_drag_source_new ();
  GtkDropTarget *target = gtk_drop_target_new (FS_TYPE_JOB, GDK_ACTION_MOVE);
  GtkWidget *handle = gtk_image_new_from_icon_name ("list-drag-handle-symbolic");

  gtk_widget_add_css_class (handle, "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (handle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Drag to reorder"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), handle);

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare_cb), row);
  g_signal_connect (source, "drag-begin", G_CALLBACK (drag_begin_cb), row);
  g_signal_connect (source, "drag-end", G_CALLBACK (drag_end_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (target));
}

static void
fill_list (FsQueuePanel *self,
           GPtrArray    *waiting)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->waiting_list))) != NULL)
    gtk_list_box_remove (self->waiting_list, child);

  for (guint i = 0; i < MIN (waiting->len, MAX_ROWS); i++)
    {
      FsJob *job = g_ptr_array_index (waiting, i);
      FsRequest *request = fs_job_get_request (job);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = g_markup_escape_text (fs_request_get_prompt (request), -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), fs_request_get_model_id (request));
      g_object_set_data_full (G_OBJECT (row), "job", g_object_ref (job), g_object_unref);
      add_drag_and_drop (row);
      if (i > 0)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), move_button (self, job, -1));
      if (i + 1 < waiting->len)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), move_button (self, job, 1));
      gtk_list_box_append (self->waiting_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->waiting_list), waiting->len > 0);
}

static gboolean
update_cb (gpointer user_data)
{
  FsQueuePanel *self = user_data;
  g_autoptr(GPtrArray) waiting = fs_job_queue_list_waiting (self->queue);
  guint running = fs_job_queue_get_n_running (self->queue);
  g_autofree char *price = NULL;
  g_autofree char *waits = NULL;
  g_autofree char *runs = NULL;
  g_autofree char *done = NULL;
  g_autofree char *text = NULL;
  gboolean unknown = FALSE;
  double usd;

  self->update_id = 0;
  usd = fs_job_queue_estimate_waiting (self->queue, &unknown);
  if (!self->dragging)
    fill_list (self, waiting);

  /* Translators: jobs that wait for their turn */
  waits = g_strdup_printf (ngettext ("%u waiting", "%u waiting", waiting->len), waiting->len);
  if (waiting->len > 0 && !unknown)
    /* Translators: the estimated price of the waiting jobs */
    price = g_strdup_printf (_(" (about $%.2f)"), usd);
  /* Translators: jobs running now */
  runs = g_strdup_printf (ngettext ("%u running", "%u running", running), running);
  /* Translators: jobs of this session that ended, and how many of them failed */
  done = g_strdup_printf (ngettext ("%u finished", "%u finished", self->n_finished),
                          self->n_finished);
  text = g_strdup_printf ("%s%s · %s · %s", waits, price ? price : "", runs, done);
  if (waiting->len > MAX_ROWS)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("; %u more not listed",
                                                         "; %u more not listed",
                                                         waiting->len - MAX_ROWS),
                                               waiting->len - MAX_ROWS);
      char *with_more = g_strconcat (text, more, NULL);

      g_free (text);
      text = with_more;
    }
  gtk_label_set_text (self->summary_label, text);
  gtk_widget_set_sensitive (self->cancel_all_button, waiting->len + running > 0);
  return G_SOURCE_REMOVE;
}

static void
schedule_update (FsQueuePanel *self)
{
  if (self->update_id == 0)
    self->update_id = g_idle_add (update_cb, self);
}

static void
job_finished_cb (FsQueuePanel *self,
                 FsJob        *job,
                 GPtrArray    *assets,
                 GError       *error)
{
  self->n_finished++;
  schedule_update (self);
}

static void
finished_changed_cb (FsQueuePanel *self)
{
  gboolean any = g_list_model_get_n_items (fs_job_queue_get_finished (self->queue)) > 0;

  gtk_widget_set_visible (self->finished_header, any);
  gtk_widget_set_visible (GTK_WIDGET (self->finished_list), any);
}

static void
clear_finished_cb (FsQueuePanel *self)
{
  fs_job_queue_clear_finished (self->queue);
}

static void
pause_cb (FsQueuePanel *self)
{
  fs_job_queue_set_paused (self->queue, gtk_switch_get_active (self->pause_switch));
}

static void
cancel_all_cb (FsQueuePanel *self)
{
  fs_job_queue_cancel_all (self->queue);
}

static void
fs_queue_panel_dispose (GObject *object)
{
  FsQueuePanel *self = FS_QUEUE_PANEL (object);
  GtkWidget *child;

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->queue != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->queue, self);
      g_signal_handlers_disconnect_by_data (fs_job_queue_get_finished (self->queue), self);
    }
  g_clear_object (&self->queue);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fs_queue_panel_parent_class)->dispose (object);
}

static void
fs_queue_panel_class_init (FsQueuePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fs_queue_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/fs-queue-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, FsQueuePanel, group);
  gtk_widget_class_bind_template_child (widget_class, FsQueuePanel, cancel_all_button);
  gtk_widget_class_bind_template_child (widget_class, FsQueuePanel, pause_switch);
  gtk_widget_class_bind_template_child (widget_class, FsQueuePanel, waiting_list);
  gtk_widget_class_bind_template_child (widget_class, FsQueuePanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FsQueuePanel, finished_header);
  gtk_widget_class_bind_template_child (widget_class, FsQueuePanel, finished_list);
  gtk_widget_class_bind_template_callback (widget_class, pause_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_all_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_finished_cb);

  /* (job): Retry on a failed or unsaved job's row; the window decides
   * how (fs_gallery_retry_job()). */
  signals[RETRY_JOB] = g_signal_new ("retry-job", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, FS_TYPE_JOB);
  /* (asset): Show in Gallery on a saved job's row. */
  signals[SHOW_ASSET] = g_signal_new ("show-asset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, FS_TYPE_ASSET);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fs_queue_panel_init (FsQueuePanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fs_queue_panel_new (FsJobQueue *queue)
{
  FsQueuePanel *self;

  g_return_val_if_fail (FS_IS_JOB_QUEUE (queue), NULL);

  self = g_object_new (FS_TYPE_QUEUE_PANEL, NULL);
  self->queue = g_object_ref (queue);
  gtk_switch_set_active (self->pause_switch, fs_job_queue_get_paused (queue));
  g_signal_connect_swapped (queue, "waiting-changed", G_CALLBACK (schedule_update), self);
  g_signal_connect_swapped (queue, "notify::n-running", G_CALLBACK (schedule_update), self);
  g_signal_connect_swapped (queue, "job-finished", G_CALLBACK (job_finished_cb), self);
  gtk_list_box_bind_model (self->finished_list, fs_job_queue_get_finished (queue),
                           _fs_queue_panel_finished_row, self, NULL);
  g_signal_connect_swapped (fs_job_queue_get_finished (queue), "items-changed",
                            G_CALLBACK (finished_changed_cb), self);
  finished_changed_cb (self);
  update_cb (self);
  return GTK_WIDGET (self);
}
