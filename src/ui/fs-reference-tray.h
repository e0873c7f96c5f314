/* fs-reference-tray.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fs-catalog.h"
#include "fs-reference-slot.h"

G_BEGIN_DECLS

#define FS_REFERENCE_TRAY_MAX_SLOTS 8

#define FS_TYPE_REFERENCE_TRAY (fs_reference_tray_get_type ())
G_DECLARE_FINAL_TYPE (FsReferenceTray, fs_reference_tray, FS, REFERENCE_TRAY, GtkWidget)

/* The reference tray between the prompt and the gallery (accessible name
 * "Reference images"): numbered slots 1…8, as many active as the chosen
 * model takes on the chosen provider, the others inactive with the
 * reason. Images come from drops (files, URIs, image data), Ctrl+V, the
 * "+" button's file chooser, a gallery image dragged in, and files opened
 * with the app. Images beyond the model's limit stay, marked "not sent
 * with this model". Reorder by dragging or Alt+←/→ on a slot.
 *
 * Signals: "changed" whenever what would be sent changes (images, order,
 * readiness, the limit); "insert-reference-text" (const char *text,
 * "image N") when a slot's badge is clicked; "toast" (const char
 * *message) for a message the window shows; "files-dropped" (GListModel
 * of GFile) after files dropped or pasted were taken, for the window to
 * look for settings in them. Property "busy" is TRUE
 * while images are being prepared or combined. */
GtkWidget       *fs_reference_tray_new                   (void);
void             fs_reference_tray_set_model             (FsReferenceTray *self,
                                                          const char      *provider_id,
                                                          const char      *model_id,
                                                          FsCatalog       *catalog);
/* Each file is prepared in a worker thread; returns how many were
 * taken (the tray holds at most FS_REFERENCE_TRAY_MAX_SLOTS). */
guint            fs_reference_tray_add_file              (FsReferenceTray *self,
                                                          GFile           *file);
guint            fs_reference_tray_add_files             (FsReferenceTray *self,
                                                          GListModel      *files);
guint            fs_reference_tray_add_bytes             (FsReferenceTray *self,
                                                          GBytes          *bytes,
                                                          const char      *name);
/* Ctrl+V: takes a file list or image data from @clipboard and returns
 * TRUE; FALSE (nothing read) when it holds neither, so text pastes as
 * usual. */
gboolean         fs_reference_tray_paste                 (FsReferenceTray *self,
                                                          GdkClipboard    *clipboard);
/* The "+" button: a file chooser (portal-friendly) for images. */
void             fs_reference_tray_choose_files          (FsReferenceTray *self);

/* The prepared references the model receives, in order ("image 1"
 * first): a new array of FsReference. */
GPtrArray       *fs_reference_tray_get_active_references (FsReferenceTray *self);
/* How many of the tray's images the model receives. */
guint            fs_reference_tray_get_n_active          (FsReferenceTray *self);
guint            fs_reference_tray_get_n_references      (FsReferenceTray *self);
/* The megapixels of the active references (for the price). */
double           fs_reference_tray_get_megapixels        (FsReferenceTray *self);
gboolean         fs_reference_tray_get_busy              (FsReferenceTray *self);
/* Why Generate must wait ("Preparing references…", an image that was
 * refused among the active ones), or NULL. */
const char      *fs_reference_tray_get_problem           (FsReferenceTray *self);

/* Replaces the tray's images (Remix): ready references in order. */
void             fs_reference_tray_set_references        (FsReferenceTray *self,
                                                          GPtrArray       *references);
/* Replaces the tray's images with the stored references @sha256s, in
 * order, each loaded from the reference store off the main thread;
 * @names (nullable, same order) are the names they had in the tray. */
void             fs_reference_tray_restore               (FsReferenceTray *self,
                                                          const char * const *sha256s,
                                                          const char * const *names);
void             fs_reference_tray_clear                 (FsReferenceTray *self);
FsReferenceSlot *fs_reference_tray_get_slot              (FsReferenceTray *self,
                                                          guint            position);
void             fs_reference_tray_remove                (FsReferenceTray *self,
                                                          guint            position);
void             fs_reference_tray_move                  (FsReferenceTray *self,
                                                          guint            from,
                                                          guint            to);
/* Kontext takes one image: a side-by-side collage of the tray's ready
 * images replaces them ("Combine into one image"). */
void             fs_reference_tray_combine               (FsReferenceTray *self);
/* The line under the slots: the limit, or "image 1 is a collage of …". */
const char      *fs_reference_tray_get_helper_text       (FsReferenceTray *self);

G_END_DECLS
