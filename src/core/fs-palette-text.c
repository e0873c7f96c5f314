/* fs-palette-text.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fs-colour.h"
#include "fs-error.h"
#include "fs-palette-private.h"

/* Plain text and style sheets: every "#rgb", "#rrggbb" (and "#rgba",
 * "#rrggbbaa", whose alpha is dropped) and "rgb(…)" is a swatch, in order,
 * each colour once. A declaration gives its colour a name:
 *
 *   --brand-green: #02eb3c;   → "brand-green"  (CSS custom property)
 *   $accent: #ff0088;         → "accent"       (Sass)
 *   @ink: #1e1e1e;            → "ink"          (Less)
 *   Primary: #02eb3c          → "Primary"
 *
 * but not a CSS property such as "color:". A declaration whose value is
 * not a colour ("--brand: #12345;") is an error naming its line, and a
 * file with no colour at all is refused: nothing is half-imported. */

static const char * const css_properties[] = {
  "color", "background", "background-color", "border", "border-color", "border-top",
  "border-right", "border-bottom", "border-left", "outline", "outline-color", "fill",
  "stroke", "stop-color", "box-shadow", "text-shadow", "caret-color", "accent-color",
  "column-rule-color", "text-decoration-color", "flood-color", "lighting-color", NULL,
};

typedef struct
{
  FsPalette  *palette;
  GHashTable *seen;    /* "#rrggbb" → its swatch's position */
} TextImport;

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || (guchar) c >= 0x80;
}

/* "  --brand-green : " at the start of the line: the name, and where the
 * value starts. Other text (a selector, a sentence) gives no name. */
static char *
declaration_name (const char  *line,
                  const char **value)
{
  const char *p = line, *start, *end;

  while (g_ascii_isspace (*p))
    p++;
  if (*p == '$' || *p == '@')
    p++;
  start = p;
  while (is_name_char (*p) || (*p == ' ' && is_name_char (p[1]) && p > start))
    p++;
  end = p;
  while (*p == ' ' || *p == '\t')
    p++;
  if (end == start || *p != ':')
    return NULL;

  *value = p + 1;
  return g_strndup (start, end - start);
}

static const char *
swatch_name (const char *declared)
{
  if (declared == NULL)
    return NULL;
  if (g_strv_contains (css_properties, declared))
    return NULL;
  return g_str_has_prefix (declared, "--") ? declared + 2 : declared;
}

static void
add_colour (TextImport *import,
            const char *name,
            guint8      r,
            guint8      g,
            guint8      b)
{
  g_autofree char *code = fs_colour_format_hex (r, g, b);
  gpointer position;

  /* The first mention keeps its place; a later one may name it. */
  if (g_hash_table_lookup_extended (import->seen, code, NULL, &position))
    {
      FsSwatch *swatch = g_ptr_array_index (fs_palette_get_swatches (import->palette),
                                            GPOINTER_TO_UINT (position));

      if (*swatch->name == '\0' && name != NULL)
        {
          g_free (swatch->name);
          swatch->name = g_strdup (name);
        }
      return;
    }

  g_hash_table_insert (import->seen, g_steal_pointer (&code),
                       GUINT_TO_POINTER (fs_palette_get_n_swatches (import->palette)));
  fs_palette_add_swatch (import->palette, name, r, g, b);
}

static gboolean
is_word_byte (char c)
{
  return g_ascii_isalnum (c) || c == '_' || (guchar) c >= 0x80;
}

/* A "#" followed by hex digits as a whole word: 3, 4, 6 or 8 of them make
 * a colour; other counts are not colours (0 returned). */
static gsize
hex_code_at (const char *line,
             const char *hash,
             guint8     *rgb,
             gsize      *n_digits)
{
  const char *digits = hash + 1;
  gsize n = 0;
  char six[7];

  if (hash > line && is_word_byte (hash[-1]))
    return 0;
  while (g_ascii_isxdigit (digits[n]))
    n++;
  *n_digits = n;
  if (n == 0 || is_word_byte (digits[n]))
    return 0;

  if (n == 3 || n == 4)
    {
      for (guint i = 0; i < 3; i++)
        six[2 * i] = six[2 * i + 1] = digits[i];
      six[6] = '\0';
    }
  else if (n == 6 || n == 8)
    {
      memcpy (six, digits, 6);
      six[6] = '\0';
    }
  else
    return 0;

  fs_colour_parse_hex (six, &rgb[0], &rgb[1], &rgb[2]);
  return n + 1;
}

/* "rgb(…)" or "rgba(…)" starting at @p: its length, 0 when it is none. */
static gsize
rgb_function_at (const char *line,
                 const char *p,
                 guint8     *rgb)
{
  const char *close;
  g_autofree char *function = NULL;

  if ((p > line && is_word_byte (p[-1])) || g_ascii_strncasecmp (p, "rgb", 3) != 0)
    return 0;
  close = strchr (p, ')');
  if (close == NULL)
    return 0;
  function = g_strndup (p, close + 1 - p);
  if (!fs_colour_parse_any (function, &rgb[0], &rgb[1], &rgb[2]))
    return 0;

  return close + 1 - p;
}

/* The colours of one line; a declaration whose value starts like a
 * colour but is none is an error. */
static const char *
skip_spaces (const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

/* The colours of one line. A declaration names its colour when the
 * colour is its whole value ("--brand: #02eb3c;", not "a:hover { … }"),
 * and one whose value is a malformed code is an error. */
static gboolean
parse_line (TextImport  *import,
            const char  *line,
            guint        number,
            GError     **error)
{
  const char *value = NULL;
  g_autofree char *declared = declaration_name (line, &value);
  const char *value_start = value != NULL ? skip_spaces (value) : NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, 3);
  gboolean named = FALSE;

  for (const char *p = line; *p != '\0'; p++)
    {
      guint8 rgb[3];
      gsize n_digits = 0;
      gsize length = *p == '#' ? hex_code_at (line, p, rgb, &n_digits)
                               : rgb_function_at (line, p, rgb);

      if (length == 0 && *p == '#' && p == value_start && n_digits > 0 &&
          !is_word_byte (p[n_digits + 1]))
        return _fs_palette_line_error (error, number,
                                       _("“%.*s” is not a colour code (#rgb or #rrggbb)"),
                                       (int) n_digits + 1, p);
      if (length == 0)
        continue;
      named |= found->len == 0 && p == value_start;
      g_array_append_vals (found, rgb, 1);
      p += length - 1;
    }

  /* A name belongs to the colour only when the line holds just one. */
  for (guint i = 0; i < found->len; i++)
    {
      const guint8 *rgb = (const guint8 *) found->data + 3 * i;

      add_colour (import, named && found->len == 1 ? swatch_name (declared) : NULL,
                  rgb[0], rgb[1], rgb[2]);
    }
  return TRUE;
}

/* The line of the first NUL byte, for the error. */
static guint
binary_line (const char *data,
             const char *nul)
{
  guint line = 1;

  for (const char *p = data; p < nul; p++)
    line += *p == '\n';
  return line;
}

FsPalette *
fs_palette_parse_text (const char  *data,
                       gsize        length,
                       const char  *fallback_name,
                       GError     **error)
{
  g_autoptr(FsPalette) palette = fs_palette_new (fallback_name);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  TextImport import = { palette, seen };
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (memchr (data, '\0', length) != NULL)
    {
      _fs_palette_line_error (error, binary_line (data, memchr (data, '\0', length)),
                              _("the file holds binary data, not text"));
      return NULL;
    }
  text = g_strndup (data, length);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (!g_utf8_validate (lines[i], -1, NULL))
        {
          _fs_palette_line_error (error, i + 1, _("the text is not UTF-8"));
          return NULL;
        }
      if (!parse_line (&import, lines[i], i + 1, error))
        return NULL;
    }

  if (fs_palette_get_n_swatches (palette) == 0)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("no colour codes found (#rrggbb, #rgb or rgb(…))"));
      return NULL;
    }

  return g_steal_pointer (&palette);
}
