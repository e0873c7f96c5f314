/* fs-prompt-editor.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FS_TYPE_PROMPT_EDITOR (fs_prompt_editor_get_type ())
G_DECLARE_FINAL_TYPE (FsPromptEditor, fs_prompt_editor, FS, PROMPT_EDITOR, GtkWidget)

/* The prompt: a growing multi-line editor (accessible name "Prompt") with a
 * character count, hex colour chips and "image N" highlighting, a JSON mode
 * and prompt history. Emits "activate" on Ctrl+Enter and "changed" on every
 * edit. History comes from fs_prompt_editor_set_history(). */
GtkWidget  *fs_prompt_editor_new           (void);
char       *fs_prompt_editor_dup_text      (FsPromptEditor *self);
void        fs_prompt_editor_set_text      (FsPromptEditor *self,
                                            const char     *text);
/* 0 for no limit (Monica: 4000). */
void        fs_prompt_editor_set_max_chars (FsPromptEditor *self,
                                            guint           max_chars);
void        fs_prompt_editor_set_history   (FsPromptEditor *self,
                                            const char * const *prompts);
void        fs_prompt_editor_insert        (FsPromptEditor *self,
                                            const char     *text);
/* Addition: inserts @word at the cursor, spaced off from the words
 * around it (the reference tray's "image N"). */
void        fs_prompt_editor_insert_word   (FsPromptEditor *self,
                                            const char     *word);
/* Inserts the colour @hex ("#rrggbb") at the cursor as lower-case
 * "#rrggbb", or "color #rrggbb" when @phrase is set, spaced off from the
 * words around it; in JSON mode it is added to the "color_palette" array
 * of the structured prompt instead (once). */
void        fs_prompt_editor_insert_colour (FsPromptEditor *self,
                                            const char     *hex,
                                            gboolean        phrase);
gboolean    fs_prompt_editor_get_json_mode (FsPromptEditor *self);
void        fs_prompt_editor_set_json_mode (FsPromptEditor *self,
                                            gboolean        json_mode);
void        fs_prompt_editor_focus         (FsPromptEditor *self);

G_END_DECLS
