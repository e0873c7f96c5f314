/* fs-prompt.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fs-prompt-private.h"

/* What is read out of a prompt's words: "image N" references here, hex
 * colour codes in fs-colour.c, both with the same idea of a word. */

#define MAX_IMAGE_REF 8

gboolean
_fs_prompt_is_word_char (gunichar c)
{
  return c == '_' || g_unichar_isalnum (c) || g_unichar_ismark (c);
}

gunichar
_fs_prompt_char_before (const char *text,
                        const char *at)
{
  if (at == text)
    return 0;
  return g_utf8_get_char_validated (g_utf8_find_prev_char (text, at), -1);
}

gunichar
_fs_prompt_char_at (const char *at)
{
  if (*at == '\0')
    return 0;
  return g_utf8_get_char_validated (at, -1);
}

/* "image" at @at, any case, as a whole word, then spaces and one digit
 * from 1 to 8 that is not the start of a longer number or word. */
static gboolean
match_image_ref_at (const char *text,
                    const char *at,
                    FsImageRef *ref)
{
  const char *p = at + strlen ("image");
  const char *digit;

  if (g_ascii_strncasecmp (at, "image", strlen ("image")) != 0)
    return FALSE;
  if (_fs_prompt_is_word_char (_fs_prompt_char_before (text, at)))
    return FALSE;
  if (*p != ' ')
    return FALSE;
  while (*p == ' ')
    p++;

  digit = p;
  if (*digit < '1' || *digit > '0' + MAX_IMAGE_REF)
    return FALSE;
  if (_fs_prompt_is_word_char (_fs_prompt_char_at (digit + 1)))
    return FALSE;

  ref->offset = (guint) (at - text);
  ref->length = (guint) (digit + 1 - at);
  ref->index = (guint) (*digit - '0');
  return TRUE;
}

GArray *
fs_prompt_find_image_refs (const char *text)
{
  GArray *refs = g_array_new (FALSE, FALSE, sizeof (FsImageRef));
  const char *p;

  g_return_val_if_fail (text != NULL, refs);

  for (p = text; *p != '\0'; p++)
    {
      FsImageRef ref;

      if ((*p == 'i' || *p == 'I') && match_image_ref_at (text, p, &ref))
        {
          g_array_append_val (refs, ref);
          p += ref.length - 1;
        }
    }

  return refs;
}
