/* fs-prompt-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-prompt.h"

G_BEGIN_DECLS

/* A "word" character in the Unicode sense, so that a code glued to
 * letters of any script ("abc#fff", "#fffé") is not taken for a colour,
 * nor "myimage 1" for a reference. */
gboolean _fs_prompt_is_word_char (gunichar    c);
/* The character before @at in @text, or 0 at its start. */
gunichar _fs_prompt_char_before  (const char *text,
                                  const char *at);
/* The character at @at, or 0 at the end. */
gunichar _fs_prompt_char_at      (const char *at);

G_END_DECLS
