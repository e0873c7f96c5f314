/* fs-reference-tray-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-reference-tray.h"

G_BEGIN_DECLS

struct _FsReferenceTray
{
  GtkWidget             parent_instance;

  /* Template children */
  GtkWidget            *header_box;
  GtkWidget            *summary_label;
  GtkWidget            *combine_button;
  GtkWidget            *add_button;
  GtkWidget            *scroller;
  GtkWidget            *slots_box;
  GtkWidget            *helper_label;

  GPtrArray            *slots;          /* FsReferenceSlot, "image 1" first */
  GPtrArray            *placeholders;   /* the empty positions after them */
  char                 *placeholders_key; /* what they were made for */

  char                 *model_name;     /* NULL until a model is chosen */
  guint                 max_references; /* documented */
  guint                 limit;          /* documented + experimental */

  /* The collage made by "Combine into one image", while in the tray. */
  FsReference          *collage;
  char                 *collage_of;

  /* Reads of drops and pastes, the collage: cancelled on dispose. */
  GCancellable         *cancellable;
  guint                 n_pending;
  gboolean              busy;
  char                 *problem;
  char                 *helper;
  GtkNativeDialog      *chooser;
};

/* fs-reference-tray.c */
void     _fs_reference_tray_toast          (FsReferenceTray *self,
                                            const char      *message);
void     _fs_reference_tray_files_dropped  (FsReferenceTray *self,
                                            GListModel      *files);
/* Busy while drops and pastes are read, before their slots exist. */
void     _fs_reference_tray_hold           (FsReferenceTray *self);
void     _fs_reference_tray_release        (FsReferenceTray *self);
guint    _fs_reference_tray_find_slot      (FsReferenceTray *self,
                                            FsReferenceSlot *slot);

/* fs-reference-tray-input.c: drops, pastes, the file chooser and
 * reordering by drag. */
void     _fs_reference_tray_install_input  (FsReferenceTray *self);
void     _fs_reference_tray_attach_slot_dnd (FsReferenceTray *self,
                                             FsReferenceSlot *slot);

G_END_DECLS
