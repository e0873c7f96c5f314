/* fs-api-error-html.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fs-api-error-private.h"

/* Error pages from proxies and gateways: their title or first heading,
 * or failing that their text, with tags dropped and entities decoded. */

/* Reads "#NNN;" or "#xHHH;" at @p; the character, or 0 when it is not a
 * well-formed numeric reference. */
static gunichar
read_numeric_entity (const char  *p,
                     const char  *end,
                     const char **after)
{
  gboolean hex;
  gunichar c = 0;
  guint n_digits = 0;

  if (p >= end || *p++ != '#')
    return 0;
  hex = p < end && (*p == 'x' || *p == 'X');
  if (hex)
    p++;

  for (; p < end && n_digits < 8; p++, n_digits++)
    {
      int digit = hex ? g_ascii_xdigit_value (*p) : g_ascii_digit_value (*p);

      if (digit < 0)
        break;
      c = c * (hex ? 16 : 10) + digit;
    }
  if (n_digits == 0 || p >= end || *p != ';' || !g_unichar_validate (c))
    return 0;

  *after = p + 1;

  return c;
}

/* Decodes the entity at *@pp (which points at '&') and moves past it; an
 * unknown entity is kept as it is. */
static void
append_entity (GString     *out,
               const char **pp,
               const char  *end)
{
  static const struct { const char *name; const char *text; } named[] = {
    { "amp;", "&" }, { "lt;", "<" }, { "gt;", ">" }, { "quot;", "\"" },
    { "apos;", "'" }, { "nbsp;", " " },
  };
  const char *p = *pp + 1;
  gunichar c;

  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    {
      gsize n = strlen (named[i].name);

      if ((gsize) (end - p) >= n && strncmp (p, named[i].name, n) == 0)
        {
          g_string_append (out, named[i].text);
          *pp = p + n;
          return;
        }
    }

  c = read_numeric_entity (p, end, pp);
  if (c != 0)
    {
      g_string_append_unichar (out, c);
      return;
    }

  g_string_append_c (out, '&');
  *pp = p;
}

/* The text of an HTML fragment: tags dropped, scripts and styles skipped,
 * entities decoded. @lower is the fragment in ASCII lower case, so tags are
 * found whatever their case. */
static char *
html_to_text (const char *html,
              const char *lower,
              gsize       len)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *end = html + len;
  const char *p = html;

  while (p < end)
    {
      const char *l = lower + (p - html);
      const char *gt;

      if (*p == '&')
        {
          append_entity (out, &p, end);
          continue;
        }
      if (*p != '<')
        {
          g_string_append_c (out, *p++);
          continue;
        }
      if (g_str_has_prefix (l, "<script") || g_str_has_prefix (l, "<style"))
        l = g_strstr_len (l, end - p,
                          l[2] == 'c' ? "</script" : "</style");
      gt = l ? memchr (l, '>', lower + len - l) : NULL;
      if (gt == NULL)
        break;
      g_string_append_c (out, ' ');
      p = html + (gt - lower) + 1;
    }

  return _fs_api_error_clean_text (out->str, out->len);
}

/* The text inside the first <@tag …>…</@tag>, or NULL. */
static char *
html_element_text (const char *html,
                   const char *lower,
                   gsize       len,
                   const char *tag)
{
  g_autofree char *open = g_strconcat ("<", tag, NULL);
  g_autofree char *close = g_strconcat ("</", tag, NULL);
  const char *end = lower + len;
  const char *start = lower;
  const char *gt;
  const char *stop;

  while ((start = g_strstr_len (start, end - start, open)) != NULL)
    {
      char next = start[strlen (open)];

      if (next == '>' || g_ascii_isspace (next))
        break;
      start++;
    }
  if (start == NULL || (gt = memchr (start, '>', end - start)) == NULL)
    return NULL;

  stop = g_strstr_len (gt, end - gt, close);
  if (stop == NULL)
    stop = end;

  return html_to_text (html + (gt + 1 - lower), gt + 1, stop - gt - 1);
}

/* Proxies and gateways (nginx, Cloudflare) answer with error pages whose
 * title says it all; say where the page probably came from, since the API
 * itself never sends HTML. */
char *
_fs_api_error_html_message (const char *data,
                            gsize       len)
{
  static const char * const tags[] = { "title", "h1", "h2", "h3", "message" };
  gsize n = MIN (len, SNIFF_MAX_BYTES);
  g_autofree char *lower = g_malloc (n + 1);
  g_autofree char *text = NULL;

  for (gsize i = 0; i < n; i++)
    lower[i] = g_ascii_tolower (data[i]);
  lower[n] = '\0';

  for (guint i = 0; i < G_N_ELEMENTS (tags) && text == NULL; i++)
    text = html_element_text (data, lower, n, tags[i]);
  if (text == NULL)
    text = html_to_text (data, lower, n);
  if (text == NULL)
    return NULL;

  /* Translators: %s is the title of an error page, such as
   * "502 Bad Gateway" */
  return g_strdup_printf (_("%s (an HTML page, likely from a proxy in front "
                            "of the API)"), text);
}
