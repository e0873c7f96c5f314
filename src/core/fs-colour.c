/* fs-colour.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fs-colour.h"
#include "fs-prompt-private.h"

static guint8
hex_pair (char high,
          char low)
{
  return (guint8) (g_ascii_xdigit_value (high) * 16 + g_ascii_xdigit_value (low));
}

/* @digits holds exactly 3 or 6 hex digits. */
static void
decode_digits (const char *digits,
               gsize       n_digits,
               guint8     *r,
               guint8     *g,
               guint8     *b)
{
  if (n_digits == 3)
    {
      *r = hex_pair (digits[0], digits[0]);
      *g = hex_pair (digits[1], digits[1]);
      *b = hex_pair (digits[2], digits[2]);
    }
  else
    {
      *r = hex_pair (digits[0], digits[1]);
      *g = hex_pair (digits[2], digits[3]);
      *b = hex_pair (digits[4], digits[5]);
    }
}

static gsize
count_xdigits (const char *text)
{
  gsize n = 0;

  while (g_ascii_isxdigit (text[n]))
    n++;
  return n;
}

/* A '#' here starts a code when it follows no word character and is
 * followed by 3 or 6 hex digits and then no word character: the
 * digits' run must end where the word ends, so "#02eb3cff" is no code. */
static gboolean
match_hex_at (const char *text,
              const char *hash,
              FsHexMatch *match)
{
  const char *digits = hash + 1;
  gsize n_digits = count_xdigits (digits);

  if (n_digits != 3 && n_digits != 6)
    return FALSE;
  if (_fs_prompt_is_word_char (_fs_prompt_char_before (text, hash)) || _fs_prompt_is_word_char (_fs_prompt_char_at (digits + n_digits)))
    return FALSE;

  match->offset = (guint) (hash - text);
  match->length = (guint) n_digits + 1;
  decode_digits (digits, n_digits, &match->r, &match->g, &match->b);
  return TRUE;
}

GArray *
fs_colour_find_hex (const char *text)
{
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (FsHexMatch));
  const char *hash;

  g_return_val_if_fail (text != NULL, matches);

  /* '#' is plain ASCII, so a byte search never lands inside a UTF-8
   * sequence. */
  for (hash = strchr (text, '#'); hash != NULL; hash = strchr (hash + 1, '#'))
    {
      FsHexMatch match;

      if (match_hex_at (text, hash, &match))
        g_array_append_val (matches, match);
    }

  return matches;
}

gboolean
fs_colour_parse_hex (const char *text,
                    guint8     *r,
                    guint8     *g,
                    guint8     *b)
{
  g_autofree char *copy = NULL;
  const char *digits;
  gsize n_digits;
  gboolean hashed;
  guint8 red, green, blue;

  g_return_val_if_fail (text != NULL, FALSE);

  copy = g_strstrip (g_strdup (text));
  hashed = copy[0] == '#';
  digits = hashed ? copy + 1 : copy;
  n_digits = count_xdigits (digits);

  /* A bare "abc" reads as a word more often than as a colour. */
  if (digits[n_digits] != '\0' || !(n_digits == 6 || (n_digits == 3 && hashed)))
    return FALSE;

  decode_digits (digits, n_digits, &red, &green, &blue);
  if (r != NULL)
    *r = red;
  if (g != NULL)
    *g = green;
  if (b != NULL)
    *b = blue;
  return TRUE;
}

char *
fs_colour_format_hex (guint8 r,
                     guint8 g,
                     guint8 b)
{
  return g_strdup_printf ("#%02x%02x%02x", r, g, b);
}

