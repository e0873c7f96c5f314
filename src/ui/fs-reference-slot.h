/* fs-reference-slot.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fs-reference.h"

G_BEGIN_DECLS

typedef enum
{
  FS_REFERENCE_SLOT_PREPARING,
  FS_REFERENCE_SLOT_READY,
  FS_REFERENCE_SLOT_FAILED,
} FsReferenceSlotState;

/* Whether the chosen model receives the slot's image. */
typedef enum
{
  FS_REFERENCE_SLOT_SENT,
  FS_REFERENCE_SLOT_EXPERIMENTAL,  /* sent, beyond the documented count */
  FS_REFERENCE_SLOT_NOT_SENT,      /* kept, but beyond the model's limit */
} FsReferenceSlotUse;

#define FS_TYPE_REFERENCE_SLOT (fs_reference_slot_get_type ())
G_DECLARE_FINAL_TYPE (FsReferenceSlot, fs_reference_slot, FS, REFERENCE_SLOT, GtkWidget)

/* One filled position of the reference tray (accessible name "Reference
 * image N: FILENAME"): a thumbnail, the index badge (a button that asks
 * for "image N" in the prompt: "insert"), the file name, pixel size and
 * note, a spinner while the image is prepared, the message when it was
 * refused, and a remove button ("Remove reference image N": "remove").
 * Alt+←/→ and dragging reorder ("move", -1 or +1); Delete removes.
 * The slot prepares its image itself, in a worker thread, and cancels
 * that when disposed. */
GtkWidget            *fs_reference_slot_new            (void);
void                  fs_reference_slot_prepare_file   (FsReferenceSlot   *self,
                                                        GFile             *file);
void                  fs_reference_slot_prepare_bytes  (FsReferenceSlot   *self,
                                                        GBytes            *bytes,
                                                        const char        *name);
/* A reference kept in the reference store, by its sha256 (Remix), with
 * the name it had in the tray, or NULL. */
void                  fs_reference_slot_load_stored    (FsReferenceSlot   *self,
                                                        const char        *sha256,
                                                        const char        *name);
void                  fs_reference_slot_set_reference  (FsReferenceSlot   *self,
                                                        FsReference       *reference);
void                  fs_reference_slot_set_failed     (FsReferenceSlot   *self,
                                                        const char        *name,
                                                        const char        *message);

FsReferenceSlotState  fs_reference_slot_get_state      (FsReferenceSlot   *self);
/* The prepared reference, or NULL until it is ready. */
FsReference          *fs_reference_slot_get_reference  (FsReferenceSlot   *self);
const char           *fs_reference_slot_get_name       (FsReferenceSlot   *self);
/* Why the image was refused, or NULL. */
const char           *fs_reference_slot_get_message    (FsReferenceSlot   *self);

/* 1-based: "image 1" is the first slot. */
guint                 fs_reference_slot_get_index      (FsReferenceSlot   *self);
void                  fs_reference_slot_set_index      (FsReferenceSlot   *self,
                                                        guint              index);
FsReferenceSlotUse    fs_reference_slot_get_use        (FsReferenceSlot   *self);
/* @reason says why the model does not take the image, or that it is
 * experimental; shown as the note's tooltip. */
void                  fs_reference_slot_set_use        (FsReferenceSlot   *self,
                                                        FsReferenceSlotUse use,
                                                        const char        *reason);
gboolean              fs_reference_slot_has_thumbnail  (FsReferenceSlot   *self);

/* A thumbnail of @reference's prepared bytes, decoded in a worker
 * thread: the centre square, @size pixels a side (never upscaled), or
 * for an image wider or taller than 2:1 (a collage) the whole image,
 * @size pixels on its longer side. */
void                  fs_reference_thumbnail_async     (FsReference       *reference,
                                                        guint              size,
                                                        GCancellable      *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer           user_data);
GdkTexture           *fs_reference_thumbnail_finish    (GAsyncResult      *result,
                                                        GError           **error);
/* A square picture of the stored reference @sha256 that loads itself
 * (store, then thumbnail, both off the main thread), for the detail
 * page. */
GtkWidget            *fs_reference_picture_new_stored  (const char        *sha256,
                                                        int                pixel_size);

G_END_DECLS
