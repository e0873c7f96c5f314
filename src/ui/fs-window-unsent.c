/* fs-window-unsent.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fs-window-private.h"

/* The window's batches journalled before anything is sent, and the rows
 * an interrupted batch — the window's or a CLI's — left unsent, offered
 * at start (docs/ARCHITECTURE.md, “Batches”). The rows become jobs
 * through the core's fs-batch-call.c, as `flux-studio-cli resume` makes
 * them. */

#define HOLD_KEY "fs-window-batch-hold"

/* A batch's lease (the window's own batch) or a claim on dead batches'
 * rows, kept while a job of the batch is in the queue: no other process
 * takes its rows meanwhile. */
struct _FsWindowBatchHold
{
  grefcount     ref;
  FsLibrary    *library;
  FsLease      *lease;
  FsBatchClaim *claim;
};

static FsWindowBatchHold *
hold_new (FsLibrary    *library,
          FsLease      *lease,
          FsBatchClaim *claim)
{
  FsWindowBatchHold *hold = g_new0 (FsWindowBatchHold, 1);

  g_ref_count_init (&hold->ref);
  hold->library = g_object_ref (library);
  hold->lease = lease;
  hold->claim = claim;
  return hold;
}

FsWindowBatchHold *
_fs_window_batch_hold_ref (FsWindowBatchHold *hold)
{
  g_ref_count_inc (&hold->ref);
  return hold;
}

void
_fs_window_batch_hold_unref (FsWindowBatchHold *hold)
{
  if (hold == NULL || !g_ref_count_dec (&hold->ref))
    return;

  /* Every job of the batch has gone: what never journalled is a dead
   * batch's unsent row for whoever starts next. */
  if (hold->lease != NULL)
    fs_library_end_lease (hold->library, hold->lease, TRUE);
  fs_library_end_batch_claim (hold->library, hold->claim);
  g_object_unref (hold->library);
  g_free (hold);
}

void
_fs_window_batch_hold_attach (FsWindowBatchHold *hold,
                              FsJob             *job)
{
  g_object_set_data_full (G_OBJECT (job), HOLD_KEY, _fs_window_batch_hold_ref (hold),
                          (GDestroyNotify) _fs_window_batch_hold_unref);
}

static void
discarded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!fs_library_discard_batch_rows_finish (FS_LIBRARY (object), result, &error))
    g_warning ("Could not drop batch rows from the journal: %s", error->message);
}

FsLibrary *
_fs_window_batch_hold_get_library (FsWindowBatchHold *hold)
{
  return hold->library;
}

void
_fs_window_batch_hold_drop_call (FsWindowBatchHold *hold,
                                 FsBatchCall       *call)
{
  const char *job_ids[] = { call->job_id, NULL };

  fs_library_discard_batch_rows_async (hold->library, job_ids, NULL, discarded_cb, NULL);
}

void
_fs_window_unsent_job_finished (FsWindow     *self,
                                FsJob        *job,
                                const GError *error)
{
  FsWindowBatchHold *hold = g_object_get_data (G_OBJECT (job), HOLD_KEY);
  const char *job_ids[] = { fs_job_get_id (job), NULL };

  /* Cancelled by the user: never offered again. A row whose job
   * journalled is the journal's anyway. */
  if (hold != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    fs_library_discard_batch_rows_async (hold->library, job_ids, NULL, discarded_cb, NULL);
  /* Its row is the journal's now (or gone): the batch's lease need not
   * wait for the Queue group's list of finished jobs to let it go. */
  if (hold != NULL)
    g_object_set_data (G_OBJECT (job), HOLD_KEY, NULL);
}

/* The window's own batch ------------------------------------------------------------ */

typedef struct
{
  FsWindow  *self;
  FsLibrary *library;
  GPtrArray *calls;   /* FsBatchCall */
} Journal;

static void
journal_free (Journal *journal)
{
  g_object_unref (journal->self);
  g_object_unref (journal->library);
  g_ptr_array_unref (journal->calls);
  g_free (journal);
}

static void
journalled_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Journal *journal = user_data;
  g_autoptr(GError) error = NULL;
  FsLease *lease = fs_library_start_batch_finish (FS_LIBRARY (object), result, &error);
  FsWindowBatchHold *hold;

  if (lease == NULL)
    {
      g_autofree char *message = NULL;

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Translators: why a batch could not be written to the journal follows */
          message = g_strdup_printf (_("The batch could not be journalled, so nothing was sent: "
                                       "%s"),
                                     error->message);
          fs_window_toast (journal->self, message);
        }
      journal_free (journal);
      return;
    }

  hold = hold_new (journal->library, lease, NULL);
  while (journal->calls->len > 0)
    {
      FsBatchCall *call = g_ptr_array_steal_index (journal->calls, 0);

      _fs_window_generate_call (journal->self, call->request, call, hold);
    }
  _fs_window_batch_hold_unref (hold);
  journal_free (journal);
}

void
_fs_window_queue_batch (FsWindow  *self,
                        GPtrArray *plan)
{
  FsLibrary *library = fs_application_get_library (_fs_window_get_application (self));
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(GPtrArray) references = NULL;
  g_autoptr(GHashTable) seen = NULL;
  Journal *journal;

  if (plan->len < 2 || library == NULL)
    {
      for (guint i = 0; i < plan->len; i++)
        _fs_window_generate (self, g_ptr_array_index (plan, i));
      return;
    }

  rows = json_array_new ();
  references = g_ptr_array_new_with_free_func (g_object_unref);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  journal = g_new0 (Journal, 1);
  journal->self = g_object_ref (self);
  journal->library = g_object_ref (library);
  journal->calls = g_ptr_array_new_with_free_func ((GDestroyNotify) fs_batch_call_free);
  for (guint i = 0; i < plan->len; i++)
    {
      FsRequest *request = g_ptr_array_index (plan, i);
      GPtrArray *refs = fs_request_get_references (request);
      FsBatchCall *call = g_new0 (FsBatchCall, 1);

      call->line = i + 1;
      call->job_id = g_uuid_string_random ();
      call->request = g_object_ref (request);
      /* No files: the references go into the store, and come back from
       * it by their hashes. */
      json_array_add_object_element (rows, fs_batch_call_to_row (call->line, call->job_id,
                                                                  request, NULL, NULL, FALSE));
      g_ptr_array_add (journal->calls, call);
      for (guint r = 0; r < refs->len; r++)
        if (g_hash_table_add (seen, (gpointer) fs_reference_get_sha256 (g_ptr_array_index (refs, r))))
          g_ptr_array_add (references, g_object_ref (g_ptr_array_index (refs, r)));
    }
  fs_library_start_batch_async (library, rows, references, self->cancellable, journalled_cb,
                                journal);
}

/* An interrupted batch's unsent rows ---------------------------------------------- */

struct _FsWindowUnsent
{
  FsWindowBatchHold *hold;
  GPtrArray         *calls;     /* FsBatchCall of the rows that can be sent */
  GPtrArray         *problems;  /* “line N: why” of those that cannot */
  GStrv              job_ids;   /* every row's */
};

static void
unsent_free (FsWindowUnsent *unsent)
{
  _fs_window_batch_hold_unref (unsent->hold);
  g_ptr_array_unref (unsent->calls);
  g_ptr_array_unref (unsent->problems);
  g_strfreev (unsent->job_ids);
  g_free (unsent);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FsWindowUnsent, unsent_free)

static FsWindowUnsent *
take_unsent (FsWindow *self)
{
  /* Gone at once: its buttons have done their part. */
  gtk_revealer_set_reveal_child (self->unsent_banner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->unsent_banner), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.continue-unsent-batch", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.discard-unsent-batch", FALSE);
  return g_steal_pointer (&self->unsent);
}

static void
offer (FsWindow       *self,
       FsWindowUnsent *unsent)
{
  guint n = g_strv_length (unsent->job_ids);
  g_autofree char *text = NULL;

  g_clear_pointer (&self->unsent, unsent_free);
  self->unsent = unsent;
  /* Translators: the images a batch killed or closed mid-way never sent */
  text = g_strdup_printf (ngettext ("An interrupted batch left %u image unsent",
                                    "An interrupted batch left %u images unsent", n),
                          n);
  gtk_label_set_text (self->unsent_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.continue-unsent-batch", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.discard-unsent-batch", TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->unsent_banner), TRUE);
  gtk_revealer_set_reveal_child (self->unsent_banner, TRUE);
}

/* Continue's confirmation cancelled: the rows are offered again rather
 * than left unsaid until the next start. */
void
_fs_window_unsent_offer_again (FsWindow          *self,
                               GPtrArray         *calls,
                               FsWindowBatchHold *hold)
{
  FsWindowUnsent *unsent = g_new0 (FsWindowUnsent, 1);
  g_autoptr(GStrvBuilder) job_ids = g_strv_builder_new ();

  for (guint i = 0; i < calls->len; i++)
    g_strv_builder_add (job_ids, ((FsBatchCall *) g_ptr_array_index (calls, i))->job_id);
  unsent->hold = _fs_window_batch_hold_ref (hold);
  unsent->calls = g_ptr_array_ref (calls);
  unsent->problems = g_ptr_array_new_with_free_func (g_free);
  unsent->job_ids = g_strv_builder_end (job_ids);
  offer (self, unsent);
}

typedef struct
{
  FsWindow          *self;
  FsWindowBatchHold *hold;
} Offer;

static void
offer_free (Offer *data)
{
  g_object_unref (data->self);
  _fs_window_batch_hold_unref (data->hold);
  g_free (data);
}

static void
calls_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Offer *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) calls = fs_batch_call_new_from_rows_finish (result, &problems, &error);
  g_autoptr(GStrvBuilder) job_ids = g_strv_builder_new ();
  FsWindowUnsent *unsent;
  GPtrArray *rows = data->hold->claim->rows;

  if (calls == NULL)
    {
      offer_free (data);
      return;
    }

  for (guint i = 0; i < rows->len; i++)
    g_strv_builder_add (job_ids, json_object_get_string_member (g_ptr_array_index (rows, i),
                                                                "job_id"));
  unsent = g_new0 (FsWindowUnsent, 1);
  unsent->hold = _fs_window_batch_hold_ref (data->hold);
  unsent->calls = g_steal_pointer (&calls);
  unsent->problems = g_steal_pointer (&problems);
  unsent->job_ids = g_strv_builder_end (job_ids);
  offer (data->self, unsent);
  offer_free (data);
}

static void
claimed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  FsBatchClaim *claim = fs_library_claim_batches_finish (FS_LIBRARY (object), result, &error);
  Offer *data;

  if (claim == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not look for interrupted batches: %s", error->message);
      return;
    }
  /* Nothing left unsent, or only rows of batches still running. */
  if (claim->rows->len == 0 || self->catalog == NULL)
    {
      fs_library_end_batch_claim (FS_LIBRARY (object), claim);
      return;
    }

  data = g_new0 (Offer, 1);
  data->self = g_object_ref (self);
  data->hold = hold_new (FS_LIBRARY (object), NULL, claim);
  /* Their references are read again in a worker. */
  fs_batch_call_new_from_rows_async (claim->rows, self->catalog, self->cancellable, calls_cb,
                                     data);
}

void
_fs_window_offer_unsent (FsWindow  *self,
                         FsLibrary *library)
{
  g_return_if_fail (FS_IS_WINDOW (self));
  g_return_if_fail (FS_IS_LIBRARY (library));

  fs_library_claim_batches_async (library, self->cancellable, claimed_cb, g_object_ref (self));
}

/* Continue and Discard --------------------------------------------------------------- */

static void
drop_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(FsWindowUnsent) unsent = user_data;
  g_autoptr(GError) error = NULL;

  if (!fs_library_discard_batch_rows_finish (FS_LIBRARY (object), result, &error))
    g_warning ("Could not drop the interrupted batch's rows: %s", error->message);
}

static void
continue_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);
  g_autoptr(FsWindowUnsent) unsent = take_unsent (self);
  g_autoptr(GStrvBuilder) bad = g_strv_builder_new ();
  g_autoptr(GHashTable) good = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) bad_ids = NULL;

  if (unsent == NULL)
    return;

  /* Rows that can no longer be sent (a reference gone) are said once and
   * dropped, so that they are not offered again. */
  if (unsent->problems->len > 0)
    {
      g_autofree char *text = NULL;

      for (guint i = 0; i < unsent->calls->len; i++)
        g_hash_table_add (good, ((FsBatchCall *) g_ptr_array_index (unsent->calls, i))->job_id);
      for (guint i = 0; unsent->job_ids[i] != NULL; i++)
        if (!g_hash_table_contains (good, unsent->job_ids[i]))
          g_strv_builder_add (bad, unsent->job_ids[i]);
      bad_ids = g_strv_builder_end (bad);
      fs_library_discard_batch_rows_async (unsent->hold->library, (const char * const *) bad_ids,
                                           NULL, discarded_cb, NULL);
      /* Translators: how many rows, then why the first cannot be sent ("line 3: …") */
      text = g_strdup_printf (ngettext ("%u image of the interrupted batch cannot be sent: %s",
                                        "%u images of the interrupted batch cannot be sent: %s",
                                        unsent->problems->len),
                              unsent->problems->len,
                              (char *) g_ptr_array_index (unsent->problems, 0));
      fs_window_toast (self, text);
    }

  if (unsent->calls->len > 0)
    _fs_window_start_calls (self, unsent->calls, unsent->hold);
}

/* Discard, with a moment to take it back: the rows go from the journal
 * when the toast goes without its Undo (a window closed meanwhile keeps
 * them, to be offered at the next start). */
typedef struct
{
  GWeakRef        window;
  FsWindowUnsent *unsent;
} Discarding;

static void
discarding_free (Discarding *discarding)
{
  g_weak_ref_clear (&discarding->window);
  g_clear_pointer (&discarding->unsent, unsent_free);
  g_free (discarding);
}

static void
undo_discard_cb (AdwToast   *toast,
                 Discarding *discarding)
{
  g_autoptr(FsWindow) self = g_weak_ref_get (&discarding->window);

  if (self != NULL && discarding->unsent != NULL)
    offer (self, g_steal_pointer (&discarding->unsent));
}

static void
discard_dismissed_cb (AdwToast   *toast,
                      Discarding *discarding)
{
  FsWindowUnsent *unsent = g_steal_pointer (&discarding->unsent);

  /* Undone: offered again. Otherwise the claim is held until the rows
   * are gone. */
  if (unsent != NULL)
    fs_library_discard_batch_rows_async (unsent->hold->library,
                                         (const char * const *) unsent->job_ids, NULL, drop_cb,
                                         unsent);
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FsWindow *self = FS_WINDOW (widget);
  FsWindowUnsent *unsent = take_unsent (self);
  g_autoptr(AdwToast) toast = NULL;
  Discarding *discarding;
  g_autofree char *title = NULL;
  guint n;

  if (unsent == NULL)
    return;

  n = g_strv_length (unsent->job_ids);
  discarding = g_new0 (Discarding, 1);
  g_weak_ref_init (&discarding->window, self);
  discarding->unsent = unsent;
  /* Translators: the images of an interrupted batch the user chose not to send */
  title = g_strdup_printf (ngettext ("%u unsent image discarded", "%u unsent images discarded", n),
                           n);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "fs-discarding", discarding,
                          (GDestroyNotify) discarding_free);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (undo_discard_cb), discarding);
  g_signal_connect (toast, "dismissed", G_CALLBACK (discard_dismissed_cb), discarding);
  fs_window_add_toast (self, toast);
}

void
_fs_window_init_unsent (FsWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.continue-unsent-batch", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.discard-unsent-batch", FALSE);
}

void
_fs_window_dispose_unsent (FsWindow *self)
{
  g_clear_pointer (&self->unsent, unsent_free);
}

void
_fs_window_class_install_unsent (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, FsWindow, unsent_banner);
  gtk_widget_class_bind_template_child (widget_class, FsWindow, unsent_label);
  gtk_widget_class_install_action (widget_class, "win.continue-unsent-batch", NULL,
                                   continue_action);
  gtk_widget_class_install_action (widget_class, "win.discard-unsent-batch", NULL,
                                   discard_action);
}
