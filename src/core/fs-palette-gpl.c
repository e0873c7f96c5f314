/* fs-palette-gpl.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "fs-error.h"
#include "fs-palette-private.h"

/* GIMP palettes, the format GIMP, Inkscape and Krita share:
 *
 *   GIMP Palette
 *   Name: Brand
 *   Columns: 0
 *   #
 *     2 235  60	Brand green
 *
 * The first line is the signature; "Name:" and "Columns:" are optional
 * headers; "#" starts a comment; every other non-blank line is a colour:
 * red, green and blue from 0 to 255 separated by white space, then an
 * optional name up to the end of the line. Like GIMP, the text must be
 * UTF-8. */

#define SIGNATURE "GIMP Palette"
#define UTF8_BOM  "\xef\xbb\xbf"

/* One number 0…255 followed by white space or the end of the line. */
static gboolean
read_channel (const char **p,
              guint8      *value,
              guint        line,
              GError     **error)
{
  char *end = NULL;
  gint64 number;

  while (**p == ' ' || **p == '\t')
    (*p)++;
  if (!g_ascii_isdigit (**p) && **p != '-' && **p != '+')
    return _fs_palette_line_error (error, line, _("expected three numbers from 0 to 255 "
                                                  "(red, green, blue), then a name"));

  errno = 0;
  number = g_ascii_strtoll (*p, &end, 10);
  if (end == *p || (*end != '\0' && *end != ' ' && *end != '\t'))
    return _fs_palette_line_error (error, line, _("expected three numbers from 0 to 255 "
                                                  "(red, green, blue), then a name"));
  if (errno != 0 || number < 0 || number > 255)
    return _fs_palette_line_error (error, line,
                                   _("%.*s is not a colour value from 0 to 255"),
                                   (int) (end - *p), *p);

  *value = (guint8) number;
  *p = end;
  return TRUE;
}

static gboolean
parse_colour_line (FsPalette   *palette,
                   const char  *text,
                   guint        line,
                   GError     **error)
{
  const char *p = text;
  g_autofree char *name = NULL;
  guint8 rgb[3];

  for (guint c = 0; c < 3; c++)
    if (!read_channel (&p, &rgb[c], line, error))
      return FALSE;

  name = g_strstrip (g_strdup (p));
  fs_palette_add_swatch (palette, name, rgb[0], rgb[1], rgb[2]);
  return TRUE;
}

/* A header or a comment: TRUE when the line was one. */
static gboolean
parse_header_line (FsPalette  *palette,
                   const char *text)
{
  if (text[0] == '#')
    return TRUE;
  if (g_str_has_prefix (text, "Name:"))
    {
      g_autofree char *name = g_strstrip (g_strdup (text + strlen ("Name:")));

      fs_palette_set_name (palette, name);
      return TRUE;
    }
  /* Columns only shape GIMP's grid; the bar lays swatches out itself. */
  return g_str_has_prefix (text, "Columns:");
}

static gboolean
parse_line (FsPalette   *palette,
            char        *text,
            guint        line,
            GError     **error)
{
  gsize length = strlen (text);

  if (length > 0 && text[length - 1] == '\r')
    text[length - 1] = '\0';
  if (!g_utf8_validate (text, -1, NULL))
    return _fs_palette_line_error (error, line, _("the text is not UTF-8"));

  if (line == 1)
    {
      if (g_str_has_prefix (text, UTF8_BOM))
        text += strlen (UTF8_BOM);
      if (strcmp (g_strchomp (text), SIGNATURE) != 0)
        return _fs_palette_line_error (error, line,
                                       _("not a GIMP palette: the first line must be “GIMP Palette”"));
      return TRUE;
    }

  if (parse_header_line (palette, text))
    return TRUE;
  if (*g_strstrip (text) == '\0')
    return TRUE;
  return parse_colour_line (palette, text, line, error);
}

FsPalette *
fs_palette_parse_gpl (const char  *data,
                      gsize        length,
                      const char  *fallback_name,
                      GError     **error)
{
  g_autoptr(FsPalette) palette = fs_palette_new (fallback_name);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (memchr (data, '\0', length) != NULL)
    {
      _fs_palette_line_error (error, 1,
                              _("the file holds binary data, not a GIMP palette"));
      return NULL;
    }

  text = g_strndup (data, length);
  lines = g_strsplit (text, "\n", -1);
  if (lines[0] == NULL)
    {
      _fs_palette_line_error (error, 1,
                              _("not a GIMP palette: the first line must be “GIMP Palette”"));
      return NULL;
    }

  for (guint i = 0; lines[i] != NULL; i++)
    if (!parse_line (palette, lines[i], i + 1, error))
      return NULL;

  return g_steal_pointer (&palette);
}

/* Names and palette names are one line each in the file. */
static char *
one_line (const char *text)
{
  char *copy = g_strdup (text != NULL ? text : "");

  for (char *p = copy; *p != '\0'; p++)
    if (*p == '\n' || *p == '\r')
      *p = ' ';
  return copy;
}

GBytes *
fs_palette_to_gpl (FsPalette *self)
{
  GString *text = g_string_new (SIGNATURE "\n");
  g_autofree char *name = NULL;
  GPtrArray *swatches;

  g_return_val_if_fail (FS_IS_PALETTE (self), NULL);

  name = one_line (fs_palette_get_name (self));
  g_string_append_printf (text, "Name: %s\nColumns: 0\n#\n", name);

  swatches = fs_palette_get_swatches (self);
  for (guint i = 0; i < swatches->len; i++)
    {
      const FsSwatch *swatch = g_ptr_array_index (swatches, i);
      g_autofree char *swatch_name = one_line (swatch->name);

      g_string_append_printf (text, "%3u %3u %3u\t%s\n", swatch->r, swatch->g, swatch->b,
                              swatch_name);
    }

  return g_string_free_to_bytes (text);
}
