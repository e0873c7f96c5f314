/* fs-a1111.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fs-types.h"

G_BEGIN_DECLS

/* Generation settings in the text layout of AUTOMATIC1111's web UI, which
 * CivitAI and most A1111-style tools read from a PNG's "parameters" text
 * (docs/ARCHITECTURE.md, “Export”):
 *
 *     a lighthouse at dusk, #1e88e5
 *     Negative prompt: fog
 *     Steps: 28, CFG scale: 3.5, Seed: 42, Size: 1024x768, Model: flux-2-pro
 *
 * The prompt (any number of lines), an optional "Negative prompt:" (to
 * the settings), then one line of "Key: value" pairs separated by commas,
 * a value quoted as a JSON string when it holds a comma, a colon or a
 * line break. */
typedef struct _FsA1111 FsA1111;

FsA1111    *fs_a1111_new                (const char  *prompt);
void        fs_a1111_free               (FsA1111     *self);
/* Never NULL: a text without a settings line is all prompt. */
FsA1111    *fs_a1111_parse              (const char  *text);
char       *fs_a1111_to_string          (FsA1111     *self);

/* The settings of a saved image: its prompt, then Steps and CFG scale
 * (the record's "steps" and "guidance"), Seed, Size (the image's pixels)
 * and Model (the catalog id), each only when the record has it. */
FsA1111    *fs_a1111_new_for_asset      (FsAsset     *asset);

const char *fs_a1111_get_prompt         (FsA1111     *self);
/* NULL when there is none. */
const char *fs_a1111_get_negative_prompt (FsA1111    *self);
/* A setting by its key ("Seed"), unquoted, or NULL. */
const char *fs_a1111_get                (FsA1111     *self,
                                         const char  *key);
/* Replaces the setting, or adds it at the end; NULL removes it. */
void        fs_a1111_set                (FsA1111     *self,
                                         const char  *key,
                                         const char  *value);
/* The keys in their order: a new NULL-terminated array. */
GStrv       fs_a1111_list_keys          (FsA1111     *self);

/* Typed readers: FALSE when the setting is absent or not of the kind. */
gboolean    fs_a1111_get_seed           (FsA1111     *self,
                                         gint64      *seed);
gboolean    fs_a1111_get_steps          (FsA1111     *self,
                                         gint64      *steps);
gboolean    fs_a1111_get_cfg_scale      (FsA1111     *self,
                                         double      *cfg_scale);
gboolean    fs_a1111_get_size           (FsA1111     *self,
                                         guint       *width,
                                         guint       *height);
/* The catalog model that "Model" names: by id (what Flux Studio writes),
 * by display name or by a provider's wire id, ignoring case. NULL when
 * there is no "Model" or the catalog has no such model. (transfer none):
 * the catalog holds it. */
FsModel    *fs_a1111_find_model         (FsA1111     *self,
                                         FsCatalog   *catalog);

/* The "parameters" of a PNG file, read in a worker thread without its
 * pixels. The result is NULL without an error when the file is a PNG
 * without "parameters"; a file that is not a PNG is an error. */
void        fs_a1111_read_file_async    (GFile               *file,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
FsA1111    *fs_a1111_read_file_finish   (GAsyncResult        *result,
                                         GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FsA1111, fs_a1111_free)

G_END_DECLS
