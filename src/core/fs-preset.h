/* fs-preset.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fs-catalog.h"
#include "fs-palette.h"
#include "fs-request.h"

G_BEGIN_DECLS

/* Presets (docs/ARCHITECTURE.md, “Presets”): every setting of a Generate
 * under a name, as a JSON object — "format" "flux-studio-preset",
 * "version" 1, "name", "provider", "model", "params" (catalog names),
 * and optionally "prompt" (a template: "{prompt}" stands for the prompt
 * given when it is applied), "palette" (a palette's name), "references"
 * (sha256 hashes in the reference store, in order) and "models" (the
 * other models of its provider it is meant for; shipped presets are valid
 * on each). The shipped ones are compiled in; the user's are files in
 * $XDG_DATA_HOME/flux-studio/presets. */

#define FS_PRESET_MAX_BYTES (1024 * 1024)

/* A preset of @request's provider, model, parameters and references. */
JsonObject *fs_preset_new             (const char   *name,
                                       FsRequest    *request,
                                       const char   *prompt_template,
                                       const char   *palette);
/* A preset file's text, its shape checked; FS_ERROR_INVALID naming
 * @source and what is wrong. */
JsonObject *fs_preset_parse           (const char   *text,
                                       gsize         length,
                                       const char   *source,
                                       GError      **error);
const char *fs_preset_get_name        (JsonObject   *preset);
/* A request with the preset's settings on @provider_id and @model_id
 * (NULL: the preset's own), its parameters typed as the catalog types
 * them; those the model does not take on that provider are left out, so
 * a preset applies to another model. The prompt is not set. */
FsRequest  *fs_preset_to_request      (JsonObject   *preset,
                                       FsCatalog    *catalog,
                                       const char   *provider_id,
                                       const char   *model_id,
                                       GError      **error);
/* The prompt to send: the template with "{prompt}" replaced by @prompt,
 * the template alone when it has no "{prompt}" and @prompt is empty, or
 * @prompt when the preset has no template. */
char       *fs_preset_expand_prompt   (JsonObject   *preset,
                                       const char   *prompt);
/* The prompt applying @preset makes of @prompt, in the window and the
 * CLI alike: fs_preset_expand_prompt(), then the codes of @palette — the
 * preset's palette, NULL for none — written into it as
 * fs_colour_add_to_prompt() writes them (with @phrase, "color #…"), so
 * that the images are asked for them and their colour check measures
 * them. */
char       *fs_preset_apply_prompt    (JsonObject   *preset,
                                       const char   *prompt,
                                       FsPalette    *palette,
                                       gboolean      phrase);
/* The preset's palette's name, or NULL. */
const char *fs_preset_get_palette     (JsonObject   *preset);
/* Every problem of the preset on each model it names ("model" and
 * "models"), as "model: problem" texts; empty when it is valid on all. */
GPtrArray  *fs_preset_check_models    (JsonObject   *preset,
                                       FsCatalog    *catalog);

/* The presets (blocking: worker threads and the CLI): the shipped ones,
 * then the user's, one of the same name replacing a shipped one; each a
 * copy with "shipped" set. */
GPtrArray  *fs_preset_list            (GError      **error);
/* The preset named @name, whatever the case; G_IO_ERROR_NOT_FOUND. */
JsonObject *fs_preset_find            (const char   *name,
                                       GError      **error);
/* Writes @preset into the user's folder; G_IO_ERROR_EXISTS when one of
 * its name is there and @replace is FALSE. Returns the file's path. */
char       *fs_preset_save            (JsonObject   *preset,
                                       gboolean      replace,
                                       GError      **error);
/* fs-preset-references.c, blocking (worker threads and the CLI). */

/* Keeps @references (FsReference, those a preset names by hash) in the
 * reference store, so that applying the preset finds them. */
gboolean    fs_preset_keep_references (GPtrArray     *references,
                                       GError       **error);
/* How many references @preset names. */
guint       fs_preset_get_n_references (JsonObject   *preset);
/* The preset's references loaded from the reference store, in order
 * (FsReference); each the store no longer holds (or holds damaged) is
 * left out, and a sentence saying so added to @missing. NULL only when
 * @cancellable is cancelled. */
GPtrArray  *fs_preset_load_references (JsonObject    *preset,
                                       GPtrArray     *missing,
                                       GCancellable  *cancellable,
                                       GError       **error);

/* @preset as the text of a preset file. */
char       *fs_preset_to_text         (JsonObject   *preset);

G_END_DECLS
