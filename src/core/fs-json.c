/* fs-json.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fs-json.h"

/* One pass over a JSON text, before json-glib sees it, that measures how
 * deep it nests. The pass must see structure exactly where json-glib does:
 * a bracket it takes for text inside a string, or the other way round,
 * would let a deep text through. json-glib 1.6 (the platform's) reads
 * double-quoted strings with backslash escapes, single-quoted strings
 * without, and skips "comments" from one '/' to the next; it stops at a
 * NUL byte. A "\u" escape makes it read four more characters whatever
 * they are, and six more after a surrogate, so an escape that is not
 * well formed is refused here rather than followed. */

typedef struct
{
  const char *p;
  const char *end;
  guint       line;
} Scan;

static gboolean
scan_more (Scan *scan)
{
  return scan->p < scan->end;
}

static char
scan_next (Scan *scan)
{
  char c = *scan->p++;

  if (c == '\n')
    scan->line++;
  return c;
}

/* A single-quoted string or a comment: no escapes, up to @close. */
static void
skip_to (Scan *scan,
         char  close)
{
  while (scan_more (scan) && scan_next (scan) != close)
    ;
}

static gboolean
read_hex4 (Scan  *scan,
           guint *value)
{
  *value = 0;
  for (guint i = 0; i < 4; i++)
    {
      if (!scan_more (scan) || !g_ascii_isxdigit (*scan->p))
        return FALSE;
      *value = *value * 16 + g_ascii_xdigit_value (scan_next (scan));
    }

  return TRUE;
}

/* After "\u": four hex digits, and a surrogate must be followed by
 * another "\u" and four hex digits. */
static gboolean
skip_unicode_escape (Scan *scan)
{
  guint value;

  if (!read_hex4 (scan, &value))
    return FALSE;
  if (value < 0xd800 || value > 0xdfff)
    return TRUE;

  return scan->end - scan->p >= 2 && scan_next (scan) == '\\' && scan_next (scan) == 'u' &&
         read_hex4 (scan, &value);
}

/* A double-quoted string, after its opening quote. */
static gboolean
skip_string (Scan *scan)
{
  while (scan_more (scan))
    {
      char c = scan_next (scan);

      if (c == '"')
        return TRUE;
      if (c != '\\' || !scan_more (scan))
        continue;
      if (scan_next (scan) == 'u' && !skip_unicode_escape (scan))
        return FALSE;
    }

  return TRUE;
}

static void
set_bad_escape (GError **error,
                guint    line)
{
  g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
               /* Translators: JSON text; \u is how JSON writes a character by number */
               _("Line %u: the JSON text has a \\u escape that is not four hex digits "
                 "(or half of a character without its other half)"),
               line);
}

static void
set_too_deep (GError **error,
              guint    line)
{
  g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
               /* Translators: JSON text; the limit, then where it was passed */
               _("The JSON text is nested more than %u levels deep (line %u), "
                 "deeper than any real document"),
               FS_JSON_MAX_DEPTH, line);
}

static gboolean
check_depth (const char  *data,
             gsize        length,
             GError     **error)
{
  const char *nul = memchr (data, '\0', length);
  Scan scan = { data, nul != NULL ? nul : data + length, 1 };
  guint depth = 0;

  while (scan_more (&scan))
    {
      char c = scan_next (&scan);

      if (c == '"' && !skip_string (&scan))
        {
          set_bad_escape (error, scan.line);
          return FALSE;
        }
      else if (c == '\'' || c == '/')
        skip_to (&scan, c);
      else if ((c == '[' || c == '{') && ++depth > FS_JSON_MAX_DEPTH)
        {
          set_too_deep (error, scan.line);
          return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

/**
 * fs_json_check:
 * @data: a JSON text
 * @length: its length in bytes, or -1 when it ends with a NUL
 * @max_bytes: the most this use reads (one of the FS_JSON_MAX_*_BYTES)
 * @error: set to a JSON_PARSER_ERROR, as for malformed text
 *
 * Whether @data is small enough and nested at most %FS_JSON_MAX_DEPTH
 * levels deep, and its \u escapes are whole, so that json-glib can parse
 * it safely. It says nothing about whether the text is otherwise valid.
 */
gboolean
fs_json_check (const char  *data,
               gssize       length,
               gsize        max_bytes,
               GError     **error)
{
  gsize size;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  size = length < 0 ? strlen (data) : (gsize) length;
  if (size > max_bytes)
    {
      g_autofree char *shown = g_format_size (size);
      g_autofree char *limit = g_format_size (max_bytes);

      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   /* Translators: JSON text; its size ("5.2 MB"), then the limit ("4.2 MB") */
                   _("The JSON text is %s, more than the %s read here"), shown, limit);
      return FALSE;
    }

  return size == 0 || check_depth (data, size, error);
}

/**
 * fs_json_parser_load:
 * @parser: the parser to fill
 * @data: a JSON text
 * @length: its length in bytes, or -1 when it ends with a NUL
 * @max_bytes: the most this use reads (one of the FS_JSON_MAX_*_BYTES)
 * @error: return location for a JSON_PARSER_ERROR
 *
 * json_parser_load_from_data() for text that may be hostile: text beyond
 * the limits is refused with an error like that of malformed text, before
 * json-glib's recursive parser sees it.
 */
gboolean
fs_json_parser_load (JsonParser  *parser,
                     const char  *data,
                     gssize       length,
                     gsize        max_bytes,
                     GError     **error)
{
  g_return_val_if_fail (JSON_IS_PARSER (parser), FALSE);

  if (!fs_json_check (data, length, max_bytes, error))
    return FALSE;

  /* An empty file read into GBytes may have no data pointer at all. */
  return json_parser_load_from_data (parser, data != NULL ? data : "", length, error);
}

const char *
fs_json_get_string (JsonObject *object,
                    const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}
