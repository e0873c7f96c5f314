/* test-json.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fs-json.h"
#include "fs-test-util.h"

/* The bounded JSON reader: texts within the limits reach json-glib, texts
 * too deep or too large are refused before it recurses into them. Every
 * text the check lets through is parsed for real, so a check that misses
 * structure json-glib sees crashes this test instead of the program. */

#define DEEP 80000

static gboolean
check (const char  *text,
       gsize        length,
       GError     **error)
{
  return fs_json_check (text, (gssize) length, G_MAXSIZE, error);
}

/* Parses what the check passes, with json-glib itself. */
static gboolean
load (const char *text,
      gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  return fs_json_parser_load (parser, text, (gssize) length, G_MAXSIZE, NULL);
}

static char *
with_deep_tail (const char *prefix)
{
  g_autofree char *deep = fs_test_nested_json (DEEP);

  return g_strconcat (prefix, deep, NULL);
}

static void
test_depth (void)
{
  g_autofree char *at_limit = fs_test_nested_json (FS_JSON_MAX_DEPTH);
  g_autofree char *over = fs_test_nested_json (FS_JSON_MAX_DEPTH + 1);
  g_autofree char *deep = fs_test_nested_json (DEEP);
  g_autofree char *objects = NULL;
  g_autoptr(GString) nested = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (check (at_limit, strlen (at_limit), &error));
  g_assert_no_error (error);
  g_assert_true (load (at_limit, strlen (at_limit)));

  g_assert_false (check (over, strlen (over), &error));
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "64"));
  g_clear_error (&error);

  g_assert_false (load (deep, strlen (deep)));

  /* Objects count as arrays do; depth is where they nest, not how many. */
  for (guint i = 0; i < FS_JSON_MAX_DEPTH + 1; i++)
    g_string_append (nested, "{\"a\":");
  g_string_append (nested, "1");
  for (guint i = 0; i < FS_JSON_MAX_DEPTH + 1; i++)
    g_string_append_c (nested, '}');
  g_assert_false (check (nested->str, nested->len, NULL));

  objects = g_strdup ("[[1],[2],[3],{\"a\":[{}]}]");
  g_assert_true (load (objects, strlen (objects)));
}

/* The line is in the message, so a user can find the place. */
static void
test_line (void)
{
  g_autofree char *deep = fs_test_nested_json (DEEP);
  g_autofree char *text = g_strconcat ("{\n\"a\":\n\n", deep, "}", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (check (text, strlen (text), &error));
  g_assert_nonnull (strstr (error->message, "line 4"));
}

static void
test_size (void)
{
  const char *text = "{\"prompt\": \"a red fox\"}";
  gsize length = strlen (text);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (fs_json_check (text, -1, length, &error));
  g_assert_no_error (error);

  g_assert_false (fs_json_parser_load (parser, text, -1, length - 1, &error));
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
  g_assert_null (json_parser_get_root (parser));
  g_clear_error (&error);

  g_assert_true (fs_json_parser_load (parser, text, (gssize) length, length, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
}

/* Brackets json-glib reads as text do not count... */
static void
test_text_is_not_structure (void)
{
  const char *texts[] = {
    "[\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"]",
    "['[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[']",
    "[/[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[/ 1]",
    "[\"\\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"]",
    "[\"\\u005b\\ud83d\\ude00[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (check (texts[i], strlen (texts[i]), &error));
      g_assert_no_error (error);
      g_assert_true (load (texts[i], strlen (texts[i])));
    }
}

/* ...and structure hidden behind what looks like text is found. */
static void
test_structure_behind_text (void)
{
  const char *prefixes[] = {
    "[\"\\\\\",",       /* an escaped backslash, then the string ends */
    "[\"\\\"\",",       /* an escaped quote inside a string */
    "['\"',",           /* a double quote inside a single-quoted string */
    "[/\"/",            /* a double quote inside a comment */
    "[/'/",             /* a single quote inside a comment */
    "['/',",            /* a slash inside a single-quoted string */
    "[\"/\",",          /* a slash inside a string */
    "{\"a\\nb\":",      /* an escaped newline */
  };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autofree char *text = with_deep_tail (prefixes[i]);
      g_autoptr(GError) error = NULL;

      g_assert_false (check (text, strlen (text), &error));
      g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
    }
}

/* json-glib reads four characters after \u whatever they are, and a
 * second escape after a surrogate: only whole escapes are accepted. */
static void
test_unicode_escapes (void)
{
  const char *refused[] = {
    "[\"\\u12\"]",
    "[\"\\u1\",",
    "[\"\\uzzzz\"]",
    "[\"\\ud800\"]",
    "[\"\\ud800x\"]",
    "[\"\\udc00\\u\"]",
  };
  const char *accepted = "[\"\\u00e9\\ud83d\\ude00\\u005B\"]";

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *text = with_deep_tail (refused[i]);

      g_assert_false (check (refused[i], strlen (refused[i]), NULL));
      g_assert_false (check (text, strlen (text), NULL));
    }

  g_assert_true (load (accepted, strlen (accepted)));
}

/* json-glib's scanner stops at a NUL byte, and so does the check; what
 * follows is never parsed (json-glib 1.6 refuses the text as not UTF-8,
 * and a scanner would end there). */
static void
test_nul (void)
{
  g_autofree char *deep = fs_test_nested_json (DEEP);
  g_autofree char *text = g_strconcat ("[1]", "X", deep, NULL);
  gsize length = strlen (text);

  text[3] = '\0';
  g_assert_true (check (text, length, NULL));
  load (text, length);
}

/* Random texts of the characters that matter, each followed by a text
 * nested far too deep: whatever the check lets through, json-glib must
 * parse without recursing into the tail. */
static void
test_random_prefixes (void)
{
  static const char *pieces[] = {
    "[", "{", "]", "}", "\"", "'", "/", "\\", "\\u", "d800", "00e9", "\\\"",
    "\\\\", "a", ":", ",", "\n", "*", " ",
  };
  g_autofree char *deep = fs_test_nested_json (DEEP);
  guint passed = 0;

  for (guint n = 0; n < 3000; n++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      guint count = g_test_rand_int_range (1, 10);

      for (guint i = 0; i < count; i++)
        g_string_append (text, pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);
      g_string_append (text, deep);

      if (!check (text->str, text->len, NULL))
        continue;
      passed++;
      load (text->str, text->len);
    }

  /* Some did pass: the deep tail inside an unclosed string or comment. */
  g_assert_cmpuint (passed, >, 0);
}

static void
test_empty (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fs_json_check ("", -1, 10, &error));
  g_assert_no_error (error);
  g_assert_true (fs_json_check (NULL, 0, 10, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/depth", test_depth);
  g_test_add_func ("/json/line", test_line);
  g_test_add_func ("/json/size", test_size);
  g_test_add_func ("/json/text-is-not-structure", test_text_is_not_structure);
  g_test_add_func ("/json/structure-behind-text", test_structure_behind_text);
  g_test_add_func ("/json/unicode-escapes", test_unicode_escapes);
  g_test_add_func ("/json/nul", test_nul);
  g_test_add_func ("/json/random-prefixes", test_random_prefixes);
  g_test_add_func ("/json/empty", test_empty);

  return g_test_run ();
}
