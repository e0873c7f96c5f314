/* fs-param-panel-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fs-param-panel.h"

G_BEGIN_DECLS

/* One generated field: the row of one catalog parameter and its control
 * (a spin button, switch, drop-down or entry). The panel owns the fields
 * of the current model; they are rebuilt when the model changes. */
typedef struct
{
  FsParamPanel *panel;
  FsParam      *param;      /* owned by the model */
  GtkWidget    *row;        /* AdwActionRow */
  GtkWidget    *control;
  char         *note;       /* the row's subtitle while the value is valid */
  char         *message;    /* the problem shown under the field, or NULL */
  gboolean      auto_value; /* no value: the provider decides */
} FsParamField;

/* fs-param-panel-fields.c: building controls and moving values between
 * them and GVariants. */
FsParamField *_fs_param_field_new          (FsParamPanel       *panel,
                                            FsParam            *param,
                                            const FsSizeRule   *rule);
void          _fs_param_field_free         (FsParamField       *field);
const char   *_fs_param_field_get_name     (FsParamField       *field);
/* The value shown, or NULL when the field is empty ("Auto"). */
GVariant     *_fs_param_field_read         (FsParamField       *field);
/* Shows @value (NULL: empty) without reporting it as an edit. */
void          _fs_param_field_show         (FsParamField       *field,
                                            GVariant           *value);
void          _fs_param_field_set_problem  (FsParamField       *field,
                                            const char         *message);
const char   *_fs_param_contract_label     (FsParam            *param);
char         *_fs_param_format_choice      (const char         *name,
                                            const char         *choice);

/* fs-param-panel-size.c: size presets and common aspect ratios. */
GtkWidget    *_fs_param_size_presets_new   (const FsSizeRule   *rule,
                                            GArray            **sizes);
guint         _fs_param_size_presets_find  (GArray             *sizes,
                                            gint64              width,
                                            gint64              height);
GtkWidget    *_fs_param_aspect_menu_new    (const FsSizeRule   *rule,
                                            GtkEditable        *entry);
char         *_fs_param_format_price       (FsModel            *model,
                                            const char         *provider_id,
                                            guint               width,
                                            guint               height,
                                            double              input_megapixels,
                                            guint               n_images);

/* Called by a field when the user changed its value. */
void          _fs_param_panel_field_edited (FsParamPanel       *self,
                                            FsParamField       *field);
/* While TRUE, control signals are the panel showing values, not edits. */
gboolean      _fs_param_panel_is_updating  (FsParamPanel       *self);

G_END_DECLS
