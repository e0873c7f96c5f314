/* fs-job-card.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fs-job-card.h"
#include "fs-ui.h"

#define PROMPT_START_CHARS 48
#define PULSE_INTERVAL_MS 200

struct _FsJobCard
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkWidget *status_stack;
  GtkWidget *spinner;
  GtkWidget *title_label;
  GtkWidget *model_label;
  GtkWidget *inspect_button;
  GtkWidget *stage_label;
  GtkWidget *elapsed_label;
  GtkWidget *progress_bar;
  GtkWidget *status_label;
  GtkWidget *error_box;
  GtkWidget *error_label;
  GtkWidget *detail_label;
  GtkWidget *dismiss_button;
  GtkWidget *retry_button;
  GtkWidget *cancel_button;

  FsJob     *job;
  guint      typical_seconds;
  char      *model_name;
  gint64     started_us;
  guint      tick_id;
  guint      pulse_id;
};

G_DEFINE_FINAL_TYPE (FsJobCard, fs_job_card, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_JOB,
  PROP_TYPICAL_SECONDS,
  PROP_MODEL_NAME,
  N_PROPS
};

enum {
  RETRY,
  INSPECT,
  CANCEL,
  DISMISS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
is_running (FsJobCard *self)
{
  FsJobStage stage = fs_job_get_stage (self->job);

  return stage != FS_JOB_SAVED && stage != FS_JOB_FAILED && stage != FS_JOB_CANCELLED &&
         stage != FS_JOB_UNSAVED;
}

/* Failed, or stopped with a paid result still to save: the card shows why
 * and offers Retry. */
static gboolean
is_stopped (FsJobCard *self)
{
  FsJobStage stage = fs_job_get_stage (self->job);

  return stage == FS_JOB_FAILED || stage == FS_JOB_UNSAVED;
}

/* The first line of the prompt, cut at a word near PROMPT_START_CHARS. */
static char *
prompt_start (FsJobCard *self)
{
  const char *prompt = fs_request_get_prompt (fs_job_get_request (self->job));
  g_autofree char *line = g_strdup (prompt != NULL ? prompt : "");
  g_autoptr(GString) text = NULL;
  char *newline = strchr (line, '\n');

  if (newline != NULL)
    *newline = '\0';
  g_strstrip (line);
  if (g_utf8_strlen (line, -1) <= PROMPT_START_CHARS)
    return g_steal_pointer (&line);

  text = g_string_new_len (line, g_utf8_offset_to_pointer (line, PROMPT_START_CHARS) - line);
  g_string_append (text, "…");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
format_seconds (guint seconds)
{
  if (seconds < 60)
    /* Translators: a duration in seconds */
    return g_strdup_printf (_("%u s"), seconds);

  /* Translators: a duration in minutes and seconds */
  return g_strdup_printf (_("%u min %u s"), seconds / 60, seconds % 60);
}

/* Elapsed time counts from the first card to see the job sent, kept on
 * the job, so a card rebuilt by its list does not start again at zero. */
static gint64
job_started (FsJob *job)
{
  gint64 *started = g_object_get_data (G_OBJECT (job), "fs-job-card-started");

  if (started == NULL)
    {
      started = g_new (gint64, 1);
      *started = g_get_monotonic_time ();
      g_object_set_data_full (G_OBJECT (job), "fs-job-card-started", started, g_free);
    }

  return *started;
}

/* The clock starts when the job is first sent: a job waiting in a paused
 * or busy queue is not taking the provider's time. */
static void
update_elapsed (FsJobCard *self)
{
  guint seconds;
  g_autofree char *elapsed = NULL;
  g_autofree char *typical = NULL;
  g_autofree char *text = NULL;

  /* Back in the queue (waiting for a slot), it keeps its time. */
  if (self->started_us == 0 &&
      (fs_job_get_stage (self->job) != FS_JOB_QUEUED ||
       g_object_get_data (G_OBJECT (self->job), "fs-job-card-started") != NULL))
    self->started_us = job_started (self->job);
  gtk_widget_set_visible (self->elapsed_label, self->started_us != 0);
  if (self->started_us == 0)
    return;

  seconds = (guint) ((g_get_monotonic_time () - self->started_us) / G_USEC_PER_SEC);
  elapsed = format_seconds (seconds);
  /* The typical time only means something while waiting. */
  if (self->typical_seconds == 0 || !is_running (self))
    {
      gtk_label_set_text (GTK_LABEL (self->elapsed_label), elapsed);
      return;
    }

  typical = format_seconds (self->typical_seconds);
  /* Translators: time so far, then the model's usual time: "12 s of ~10 s typical" */
  text = g_strdup_printf (_("%s of ~%s typical"), elapsed, typical);
  gtk_label_set_text (GTK_LABEL (self->elapsed_label), text);
}

static gboolean
tick_cb (gpointer user_data)
{
  update_elapsed (FS_JOB_CARD (user_data));
  return G_SOURCE_CONTINUE;
}

static gboolean
pulse_cb (gpointer user_data)
{
  FsJobCard *self = FS_JOB_CARD (user_data);

  gtk_progress_bar_pulse (GTK_PROGRESS_BAR (self->progress_bar));
  return G_SOURCE_CONTINUE;
}

static void
stop_timers (FsJobCard *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
}

static char *
stage_text (FsJobCard *self)
{
  double progress = fs_job_get_progress (self->job);

  switch (fs_job_get_stage (self->job))
    {
    case FS_JOB_QUEUED:
      return g_strdup (C_("job stage", "Queued"));
    case FS_JOB_SUBMITTED:
      return g_strdup (C_("job stage", "Submitted"));
    case FS_JOB_POLLING:
      if (progress < 0)
        return g_strdup (C_("job stage", "Generating"));
      /* Translators: a job stage and its progress, e.g. "Generating · 40 %" */
      return g_strdup_printf (_("Generating · %d %%"), (int) (progress * 100 + 0.5));
    case FS_JOB_DOWNLOADING:
      return g_strdup (C_("job stage", "Downloading"));
    case FS_JOB_SAVED:
      return g_strdup (C_("job stage", "Saved"));
    case FS_JOB_FAILED:
      return g_strdup (C_("job stage", "Failed"));
    case FS_JOB_UNSAVED:
      return g_strdup (C_("job stage", "Not saved yet"));
    case FS_JOB_CANCELLED:
    default:
      return g_strdup (C_("job stage", "Cancelled"));
    }
}

/* A known fraction while the provider reports one; otherwise pulsing,
 * so a long poll still looks alive. */
static void
update_progress (FsJobCard *self)
{
  FsJobStage stage = fs_job_get_stage (self->job);
  double progress = fs_job_get_progress (self->job);
  gboolean known = stage == FS_JOB_SAVED || (stage == FS_JOB_POLLING && progress >= 0);

  gboolean sent = is_running (self) && stage != FS_JOB_QUEUED;

  /* Nothing moves for a job that waits its turn: the stage says Queued. */
  gtk_widget_set_visible (self->progress_bar, sent || stage == FS_JOB_SAVED);
  if (known || !sent)
    {
      g_clear_handle_id (&self->pulse_id, g_source_remove);
      gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar),
                                     stage == FS_JOB_SAVED ? 1.0 : MAX (progress, 0));
    }
  else if (self->pulse_id == 0)
    {
      self->pulse_id = g_timeout_add (PULSE_INTERVAL_MS, pulse_cb, self);
    }
}

static char *
failure_detail (FsJobCard *self)
{
  guint status = fs_job_get_http_status (self->job);
  const char *request_id = fs_job_get_request_id (self->job);

  if (status > 0 && request_id != NULL)
    /* Translators: an HTTP status and the provider's request id */
    return g_strdup_printf (_("HTTP %u · request id %s"), status, request_id);
  if (status > 0)
    return g_strdup_printf (_("HTTP %u"), status);
  if (request_id != NULL)
    return g_strdup_printf (_("Request id %s"), request_id);

  return NULL;
}

static void
update_failure (FsJobCard *self)
{
  gboolean failed = is_stopped (self);
  g_autofree char *detail = failed ? failure_detail (self) : NULL;

  gtk_widget_set_visible (self->error_box, failed);
  if (failed)
    {
      gtk_label_set_text (GTK_LABEL (self->error_label), fs_job_get_status_text (self->job));
      gtk_label_set_text (GTK_LABEL (self->detail_label), detail ? detail : "");
      gtk_widget_set_visible (self->detail_label, detail != NULL);
    }

  gtk_widget_set_visible (self->cancel_button, is_running (self));
  /* The queue keeps failed and unsaved jobs until dismissed and drops
   * cancelled ones, so only those offer Retry and Dismiss. Retry of an
   * unsaved job saves its result; nothing is generated again. */
  gtk_widget_set_visible (self->retry_button, failed);
  gtk_widget_set_visible (self->dismiss_button, failed);
  gtk_widget_set_tooltip_text (self->retry_button,
                               fs_job_get_stage (self->job) == FS_JOB_UNSAVED
                                 ? _("Download and save the result again; nothing is generated "
                                     "or paid for again")
                                 : _("Generate this image again"));
  fs_ui_set_css_class (GTK_WIDGET (self), "fs-failed", failed);
}

/* Whether the job's status text only repeats its stage: the core's own
 * words for a plain poll (the same messages, so the same translations). */
static gboolean
status_repeats_stage (FsJobCard  *self,
                      const char *status)
{
  double progress = fs_job_get_progress (self->job);
  g_autofree char *pending = NULL;

  if (status == NULL || status[0] == '\0')
    return TRUE;
  if (g_str_equal (status, _("Queued")) || g_str_equal (status, _("Generating…")))
    return TRUE;

  /* Translators: a job's progress, "Generating… 40 %" */
  pending = g_strdup_printf (_("Generating… %d %%"), (int) (progress * 100 + 0.5));
  return g_str_equal (status, pending);
}

static void
update_status (FsJobCard *self)
{
  FsJobStage stage = fs_job_get_stage (self->job);
  const char *status = fs_job_get_status_text (self->job);
  g_autofree char *stage_words = stage_text (self);
  gboolean show_status;

  gtk_label_set_text (GTK_LABEL (self->stage_label), stage_words);

  /* The status text says more than the stage only while running (a
   * retry, a wait for a slot); on failure it is the error message. */
  show_status = is_running (self) && !status_repeats_stage (self, status);
  gtk_label_set_text (GTK_LABEL (self->status_label), show_status ? status : "");
  gtk_widget_set_visible (self->status_label, show_status);

  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), is_running (self));
  gtk_stack_set_visible_child_name (GTK_STACK (self->status_stack),
                                    is_running (self) ? "running" :
                                    stage == FS_JOB_SAVED ? "saved" :
                                    is_stopped (self) ? "failed" : "cancelled");
}

static void
update (FsJobCard *self)
{
  update_status (self);
  update_progress (self);
  update_failure (self);
  update_elapsed (self);
  if (!is_running (self))
    stop_timers (self);
}

static void
update_title (FsJobCard *self)
{
  g_autofree char *start = prompt_start (self);
  g_autofree char *accessible = NULL;
  const char *model = self->model_name;

  if (model == NULL)
    model = fs_request_get_model_id (fs_job_get_request (self->job));

  gtk_label_set_text (GTK_LABEL (self->title_label), start);
  gtk_widget_set_tooltip_text (self->title_label,
                               fs_request_get_prompt (fs_job_get_request (self->job)));
  gtk_label_set_text (GTK_LABEL (self->model_label), model);

  /* Translators: the accessible name of a job card, then the prompt's start */
  accessible = g_strdup_printf (_("Job: %s"), start);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

/* Callbacks ----------------------------------------------------------------- */

static void
cancel_clicked_cb (FsJobCard *self)
{
  if (is_running (self))
    g_signal_emit (self, signals[CANCEL], 0);
}

static void
retry_clicked_cb (FsJobCard *self)
{
  g_signal_emit (self, signals[RETRY], 0);
}

static void
dismiss_clicked_cb (FsJobCard *self)
{
  g_signal_emit (self, signals[DISMISS], 0);
}

static void
inspect_clicked_cb (FsJobCard *self)
{
  g_signal_emit (self, signals[INSPECT], 0);
}

static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  FsJobCard *self = FS_JOB_CARD (widget);

  if (!is_running (self))
    return FALSE;

  cancel_clicked_cb (self);
  return TRUE;
}

/* GObject ------------------------------------------------------------------- */

static void
fs_job_card_constructed (GObject *object)
{
  FsJobCard *self = FS_JOB_CARD (object);

  G_OBJECT_CLASS (fs_job_card_parent_class)->constructed (object);

  g_assert (FS_IS_JOB (self->job));
  g_signal_connect_object (self->job, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update_title (self);
  if (is_running (self))
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  update (self);
}

static void
fs_job_card_dispose (GObject *object)
{
  FsJobCard *self = FS_JOB_CARD (object);
  GtkWidget *child;

  stop_timers (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->job);

  G_OBJECT_CLASS (fs_job_card_parent_class)->dispose (object);
}

static void
fs_job_card_finalize (GObject *object)
{
  FsJobCard *self = FS_JOB_CARD (object);

  g_free (self->model_name);

  G_OBJECT_CLASS (fs_job_card_parent_class)->finalize (object);
}

static void
fs_job_card_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FsJobCard *self = FS_JOB_CARD (object);

  switch (prop_id)
    {
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    case PROP_TYPICAL_SECONDS:
      g_value_set_uint (value, self->typical_seconds);
      break;
    case PROP_MODEL_NAME:
      g_value_set_string (value, self->model_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_job_card_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  FsJobCard *self = FS_JOB_CARD (object);

  switch (prop_id)
    {
    case PROP_JOB:
      self->job = g_value_dup_object (value);
      break;
    case PROP_TYPICAL_SECONDS:
      self->typical_seconds = g_value_get_uint (value);
      break;
    case PROP_MODEL_NAME:
      fs_job_card_set_model_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_properties (GObjectClass *object_class)
{
  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, FS_TYPE_JOB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TYPICAL_SECONDS] =
    g_param_spec_uint ("typical-seconds", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODEL_NAME] =
    g_param_spec_string ("model-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
install_signals (GObjectClass *object_class)
{
  GType type = G_TYPE_FROM_CLASS (object_class);

  signals[RETRY] = g_signal_new ("retry", type, G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[INSPECT] = g_signal_new ("inspect", type, G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CANCEL] = g_signal_new ("cancel", type, G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[DISMISS] = g_signal_new ("dismiss", type, G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
fs_job_card_class_init (FsJobCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fs_job_card_constructed;
  object_class->dispose = fs_job_card_dispose;
  object_class->finalize = fs_job_card_finalize;
  object_class->get_property = fs_job_card_get_property;
  object_class->set_property = fs_job_card_set_property;
  install_properties (object_class);
  install_signals (object_class);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/fs-job-card.ui");
  gtk_widget_class_bind_template_child (widget_class, FsJobCard, box);
  gtk_widget_class_bind_template_child (widget_class, FsJobCard, status_stack);
  gtk_widget_class_bind_template_child (widget_class, FsJobCard, spinner);
  gtk_widget_class_bind_template_child (widget_class, FsJobCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, FsJobCard, model_label);
  gtk_widget_class_bind_template_child (widget_class, FsJobCard, inspect_button);
  gtk_widget_class_bind_template_child (widget_class, FsJobCard, stage_label);
  gtk_widget_class_bind_template_child (widget_class, FsJobCard, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, FsJobCard, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FsJobCard, status_label);
  gtk_widget_class_bind_template_child (widget_class, FsJobCard, error_box);
  gtk_widget_class_bind_template_child (widget_class, FsJobCard, error_label);
  gtk_widget_class_bind_template_child (widget_class, FsJobCard, detail_label);
  gtk_widget_class_bind_template_child (widget_class, FsJobCard, dismiss_button);
  gtk_widget_class_bind_template_child (widget_class, FsJobCard, retry_button);
  gtk_widget_class_bind_template_child (widget_class, FsJobCard, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, inspect_clicked_cb);

  /* Escape cancels the focused card's job; bubbling, so a focused
   * selectable label or button inside still sees it first. */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fs-job-card");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fs_job_card_init (FsJobCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API ------------------------------------------------------------------ */

GtkWidget *
fs_job_card_new (FsJob *job,
                 guint  typical_seconds)
{
  g_return_val_if_fail (FS_IS_JOB (job), NULL);

  return g_object_new (FS_TYPE_JOB_CARD,
                       "job", job,
                       "typical-seconds", typical_seconds,
                       NULL);
}

FsJob *
fs_job_card_get_job (FsJobCard *self)
{
  g_return_val_if_fail (FS_IS_JOB_CARD (self), NULL);

  return self->job;
}

/**
 * fs_job_card_set_model_name:
 * @self: the card
 * @model_name: (nullable): the model's display name ("FLUX.2 [pro]")
 *
 * Shown under the prompt; the model id is shown until it is set.
 */
void
fs_job_card_set_model_name (FsJobCard  *self,
                            const char *model_name)
{
  g_return_if_fail (FS_IS_JOB_CARD (self));

  if (g_strcmp0 (self->model_name, model_name) == 0)
    return;

  g_free (self->model_name);
  self->model_name = g_strdup (model_name);
  if (self->job != NULL)
    update_title (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL_NAME]);
}
