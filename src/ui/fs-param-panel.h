/* fs-param-panel.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fs-catalog.h"
#include "fs-request.h"

G_BEGIN_DECLS

#define FS_TYPE_PARAM_PANEL (fs_param_panel_get_type ())
G_DECLARE_FINAL_TYPE (FsParamPanel, fs_param_panel, FS, PARAM_PANEL, GtkWidget)

/* The model-aware parameter sidebar, generated from the catalog: exactly
 * the parameters @model takes on @provider, with their ranges, defaults,
 * notes, the size presets, megapixels and the live price. Values typed for
 * one model are kept when switching away and back. "changed" is emitted on
 * every edit; "valid" and "problem" (the first problem's message, or NULL)
 * follow fs_request_validate() on the panel's values + the prompt given by
 * fs_param_panel_set_prompt(). */
FsParamPanel *fs_param_panel_new            (FsCatalog    *catalog);
void          fs_param_panel_set_model      (FsParamPanel *self,
                                             const char   *provider_id,
                                             const char   *model_id);
void          fs_param_panel_set_prompt     (FsParamPanel *self,
                                             const char   *prompt);
void          fs_param_panel_set_n_references (FsParamPanel *self,
                                               guint         n_references);
/* Addition: the references' megapixels, for providers that bill them. */
void          fs_param_panel_set_reference_megapixels (FsParamPanel *self,
                                                       double        megapixels);
gboolean      fs_param_panel_get_valid      (FsParamPanel *self);
const char   *fs_param_panel_get_problem    (FsParamPanel *self);
/* A new request for the current provider and model with the panel's
 * values (the prompt is set by the caller). */
FsRequest    *fs_param_panel_build_request  (FsParamPanel *self);
/* Shows the values of @request (Remix); switches model when needed. */
void          fs_param_panel_load_request   (FsParamPanel *self,
                                             FsRequest    *request);
/* Additions: the seed a finished job used (shown while the seed lock is
 * open), and the output format a model shows until one is chosen. */
void          fs_param_panel_set_last_seed  (FsParamPanel *self,
                                             gint64        seed);
void          fs_param_panel_set_default_output_format (FsParamPanel *self,
                                                        const char   *format);
/* Additions for models that edit an image (docs/ARCHITECTURE.md, “Editing
 * images”): the image the canvas shows, which the panel's requests carry
 * and its validity and price take into account (the mask is the canvas's
 * to check), and a value set from elsewhere (the canvas's margins). */
void          fs_param_panel_set_edit_source (FsParamPanel       *self,
                                              const FsEditSource *source);
void          fs_param_panel_set_value      (FsParamPanel *self,
                                             const char   *name,
                                             GVariant     *value);

G_END_DECLS
