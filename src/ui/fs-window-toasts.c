/* fs-window-toasts.c — the window's toasts, handed to its overlay one at
 * a time.
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-window-private.h"

/* libadwaita 1.2's overlay frees a toast's state when its hide animation
 * ends but leaves the show animation's end connected to that state
 * (adw-toast-overlay.c, show_done_cb(); later versions disconnect it):
 * a toast hidden before it finished sliding in crashed the app. A toast
 * slides in over 300 ms, or 500 ms when it replaces one still hiding, and
 * hides over 300 ms; a dismissal in the show's first frame (the app's own,
 * or with a stale frame clock) or in the first 200 ms of a replacing show
 * (Escape, the close button) ended the hide first. So the window gives
 * the overlay one toast at a time, the next once the last has hidden —
 * no toast replaces another — and holds back a dismissal until its toast
 * is surely in. */
#define TOAST_HIDE_MS (300 + 50)
#define TOAST_SHOW_MS (300 + 50)

static void show_next (FsWindow *self);

static gboolean
hidden_cb (gpointer user_data)
{
  FsWindow *self = user_data;

  self->toast_wait_id = 0;
  show_next (self);
  return G_SOURCE_REMOVE;
}

static gboolean
dismiss_due_cb (gpointer user_data)
{
  FsWindow *self = user_data;

  self->toast_dismiss_id = 0;
  /* The signal itself: the toast's own handler, first of all, already
   * forgot its overlay, so adw_toast_dismiss() would do nothing. */
  if (self->toast_shown != NULL)
    g_signal_emit_by_name (self->toast_shown, "dismissed");
  return G_SOURCE_REMOVE;
}

static void
dismissed_cb (AdwToast *toast,
              FsWindow *self)
{
  gint64 in_ms = (self->toast_shown_us - g_get_monotonic_time ()) / 1000 + TOAST_SHOW_MS;

  if (toast == self->toast_shown && in_ms > 0)
    {
      /* Still sliding in: the overlay hears of it once it is in. */
      g_signal_stop_emission_by_name (toast, "dismissed");
      if (self->toast_dismiss_id == 0)
        self->toast_dismiss_id = g_timeout_add ((guint) in_ms, dismiss_due_cb, self);
      return;
    }

  g_signal_handlers_disconnect_by_func (toast, dismissed_cb, self);
  g_clear_object (&self->toast_shown);
  self->toast_wait_id = g_timeout_add (TOAST_HIDE_MS, hidden_cb, self);
}

static void
show_next (FsWindow *self)
{
  if (self->toast_shown != NULL || self->toast_wait_id != 0 || g_queue_is_empty (&self->toasts))
    return;

  self->toast_shown = g_queue_pop_head (&self->toasts);
  self->toast_shown_us = g_get_monotonic_time ();
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->toast_shown));
}

/* The same words with the same button doing the same thing. A button
 * answered through "button-clicked" (an Undo) acts on its own toast's
 * work: such toasts are never taken for one another. */
static gboolean
same_toast (AdwToast *a,
            AdwToast *b)
{
  GVariant *ta, *tb;

  if (a == NULL || g_strcmp0 (adw_toast_get_title (a), adw_toast_get_title (b)) != 0 ||
      g_strcmp0 (adw_toast_get_button_label (a), adw_toast_get_button_label (b)) != 0 ||
      g_strcmp0 (adw_toast_get_action_name (a), adw_toast_get_action_name (b)) != 0)
    return FALSE;
  if (adw_toast_get_button_label (a) != NULL && adw_toast_get_action_name (a) == NULL)
    return FALSE;

  ta = adw_toast_get_action_target_value (a);
  tb = adw_toast_get_action_target_value (b);
  return (ta == NULL && tb == NULL) || (ta != NULL && tb != NULL && g_variant_equal (ta, tb));
}

/**
 * fs_window_add_toast:
 * @self: a window
 * @toast: (transfer none): a toast
 *
 * Shows @toast in the window's overlay once the toasts before it have
 * gone (fs_window_dismiss_toast() takes it back, shown or not); the same
 * toast as one shown or waiting (same_toast()) is dropped.
 */
void
fs_window_add_toast (FsWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (FS_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  if (toast == self->toast_shown || g_queue_find (&self->toasts, toast) != NULL)
    return;
  /* The same words again (a key missing for each row of a batch) are
   * said once. */
  if (same_toast (self->toast_shown, toast))
    return;
  for (GList *l = self->toasts.head; l != NULL; l = l->next)
    if (same_toast (l->data, toast))
      return;
  g_signal_connect (toast, "dismissed", G_CALLBACK (dismissed_cb), self);
  /* An urgent one (an Undo) is next, after the one shown. */
  if (adw_toast_get_priority (toast) == ADW_TOAST_PRIORITY_HIGH)
    g_queue_push_head (&self->toasts, g_object_ref (toast));
  else
    g_queue_push_tail (&self->toasts, g_object_ref (toast));
  show_next (self);
}

/**
 * fs_window_dismiss_toast:
 * @self: a window
 * @toast: a toast given to fs_window_add_toast()
 *
 * Dismisses @toast if it is shown; if it still waits its turn (which
 * adw_toast_dismiss() cannot reach), it never shows.
 */
void
fs_window_dismiss_toast (FsWindow *self,
                         AdwToast *toast)
{
  g_return_if_fail (FS_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  if (toast == self->toast_shown)
    {
      adw_toast_dismiss (toast);
      return;
    }
  if (g_queue_remove (&self->toasts, toast))
    {
      g_signal_handlers_disconnect_by_func (toast, dismissed_cb, self);
      g_object_unref (toast);
    }
}

/* Whether @toast is shown or waits its turn. */
gboolean
fs_window_has_toast (FsWindow *self,
                     AdwToast *toast)
{
  g_return_val_if_fail (FS_IS_WINDOW (self), FALSE);

  return toast == self->toast_shown || g_queue_find (&self->toasts, toast) != NULL;
}

void
fs_window_toast (FsWindow   *self,
                 const char *message)
{
  g_autoptr(AdwToast) toast = NULL;

  g_return_if_fail (FS_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 5);
  fs_window_add_toast (self, toast);
}

void
_fs_window_dispose_toasts (FsWindow *self)
{
  AdwToast *toast;

  g_clear_handle_id (&self->toast_wait_id, g_source_remove);
  g_clear_handle_id (&self->toast_dismiss_id, g_source_remove);
  while ((toast = g_queue_pop_head (&self->toasts)) != NULL)
    {
      g_signal_handlers_disconnect_by_func (toast, dismissed_cb, self);
      g_object_unref (toast);
    }
  if (self->toast_shown != NULL)
    g_signal_handlers_disconnect_by_func (self->toast_shown, dismissed_cb, self);
  g_clear_object (&self->toast_shown);
}
