/* test-colour.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fs-colour.h"
#include "fs-prompt.h"

/* Hex colour codes and "image N" references as the prompt editor
 * highlights them: only whole words count, offsets are UTF-8 bytes. */

typedef struct
{
  const char *text;
  guint       n_matches;
  const char *first;    /* the first match's text, or NULL */
} HexCase;

static char *
match_text (const char *text,
            guint       offset,
            guint       length)
{
  return g_strndup (text + offset, length);
}

static void
test_find_hex_cases (void)
{
  static const HexCase cases[] = {
    { "a cup of tea, #02eb3c", 1, "#02eb3c" },
    { "#02eb3c, then more", 1, "#02eb3c" },
    { "(#FFF)", 1, "#FFF" },
    { "#0e3", 1, "#0e3" },
    { "#02eb3cff", 0, NULL },
    { "#02eb3", 0, NULL },
    { "#02eb", 0, NULL },
    { "abc#fff", 0, NULL },
    { "1#fff", 0, NULL },
    { "_#fff", 0, NULL },
    { "#fffg", 0, NULL },
    { "#fff_", 0, NULL },
    { "#ggg", 0, NULL },
    { "#", 0, NULL },
    { "# fff", 0, NULL },
    { "", 0, NULL },
    { "no colours here", 0, NULL },
    { "#fff#000", 1, "#fff" },
    { "#fff-#000", 2, "#fff" },
    { "red: #Ff0000.", 1, "#Ff0000" },
    { "\"#abcdef\"", 1, "#abcdef" },
    { "line one\n#123456\nline three", 1, "#123456" },
    { "é#fff", 0, NULL },
    { "#fffé", 0, NULL },
    { "#fff—rest", 1, "#fff" },
    { "## #abc", 1, "#abc" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) matches = fs_colour_find_hex (cases[i].text);

      g_test_message ("text: %s", cases[i].text);
      g_assert_cmpuint (matches->len, ==, cases[i].n_matches);
      if (cases[i].first != NULL)
        {
          FsHexMatch *m = &g_array_index (matches, FsHexMatch, 0);
          g_autofree char *found = match_text (cases[i].text, m->offset, m->length);

          g_assert_cmpstr (found, ==, cases[i].first);
        }
    }
}

static void
test_find_hex_values (void)
{
  const char *text = "Blätter in #02eb3c und 🌊 #0E3; not #abcdefab";
  g_autoptr(GArray) matches = fs_colour_find_hex (text);
  FsHexMatch *m;

  g_assert_cmpuint (matches->len, ==, 2);

  m = &g_array_index (matches, FsHexMatch, 0);
  /* "Blätter in " is 12 bytes: "ä" takes two. */
  g_assert_cmpuint (m->offset, ==, 12);
  g_assert_cmpuint (m->length, ==, 7);
  g_assert_cmpuint (m->r, ==, 0x02);
  g_assert_cmpuint (m->g, ==, 0xeb);
  g_assert_cmpuint (m->b, ==, 0x3c);

  m = &g_array_index (matches, FsHexMatch, 1);
  g_assert_cmpuint (m->offset, ==, (guint) (strstr (text, "#0E3") - text));
  g_assert_cmpuint (m->length, ==, 4);
  g_assert_cmpuint (m->r, ==, 0x00);
  g_assert_cmpuint (m->g, ==, 0xee);
  g_assert_cmpuint (m->b, ==, 0x33);
}

static void
test_parse_hex (void)
{
  guint8 r = 1, g = 1, b = 1;

  g_assert_true (fs_colour_parse_hex ("#02eb3c", &r, &g, &b));
  g_assert_cmpuint (r, ==, 0x02);
  g_assert_cmpuint (g, ==, 0xeb);
  g_assert_cmpuint (b, ==, 0x3c);

  g_assert_true (fs_colour_parse_hex ("#FA0", &r, &g, &b));
  g_assert_cmpuint (r, ==, 0xff);
  g_assert_cmpuint (g, ==, 0xaa);
  g_assert_cmpuint (b, ==, 0x00);

  g_assert_true (fs_colour_parse_hex ("80C0FF", &r, &g, &b));
  g_assert_cmpuint (r, ==, 0x80);
  g_assert_cmpuint (g, ==, 0xc0);
  g_assert_cmpuint (b, ==, 0xff);

  g_assert_true (fs_colour_parse_hex (" #123456 ", NULL, NULL, NULL));

  g_assert_false (fs_colour_parse_hex ("", &r, &g, &b));
  g_assert_false (fs_colour_parse_hex ("#", &r, &g, &b));
  g_assert_false (fs_colour_parse_hex ("abc", &r, &g, &b));
  g_assert_false (fs_colour_parse_hex ("#12345", &r, &g, &b));
  g_assert_false (fs_colour_parse_hex ("#1234567", &r, &g, &b));
  g_assert_false (fs_colour_parse_hex ("#12345g", &r, &g, &b));
  g_assert_false (fs_colour_parse_hex ("##123456", &r, &g, &b));
  g_assert_false (fs_colour_parse_hex ("#12 3456", &r, &g, &b));
}

static void
test_format_hex (void)
{
  g_autofree char *green = fs_colour_format_hex (0x02, 0xEB, 0x3C);
  g_autofree char *black = fs_colour_format_hex (0, 0, 0);
  g_autofree char *white = fs_colour_format_hex (255, 255, 255);
  guint8 r, g, b;

  g_assert_cmpstr (green, ==, "#02eb3c");
  g_assert_cmpstr (black, ==, "#000000");
  g_assert_cmpstr (white, ==, "#ffffff");

  g_assert_true (fs_colour_parse_hex (green, &r, &g, &b));
  g_assert_cmpuint (r, ==, 0x02);
}

typedef struct
{
  const char *text;
  guint       n_refs;
  guint       first_index;
  const char *first;
} RefCase;

static void
test_image_refs (void)
{
  static const RefCase cases[] = {
    { "the cat from image 1", 1, 1, "image 1" },
    { "Image 2 as the background", 1, 2, "Image 2" },
    { "IMAGE 8.", 1, 8, "IMAGE 8" },
    { "image 9", 0, 0, NULL },
    { "image 0", 0, 0, NULL },
    { "image 12", 0, 0, NULL },
    { "image 1a", 0, 0, NULL },
    { "image1", 0, 0, NULL },
    { "images 1", 0, 0, NULL },
    { "myimage 1", 0, 0, NULL },
    { "image", 0, 0, NULL },
    { "", 0, 0, NULL },
    { "(image 3)", 1, 3, "image 3" },
    { "image  4", 1, 4, "image  4" },
    { "une image 5 à côté", 1, 5, "image 5" },
    { "éimage 5", 0, 0, NULL },
    { "image 5é", 0, 0, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) refs = fs_prompt_find_image_refs (cases[i].text);

      g_test_message ("text: %s", cases[i].text);
      g_assert_cmpuint (refs->len, ==, cases[i].n_refs);
      if (cases[i].first != NULL)
        {
          FsImageRef *ref = &g_array_index (refs, FsImageRef, 0);
          g_autofree char *found = match_text (cases[i].text, ref->offset, ref->length);

          g_assert_cmpstr (found, ==, cases[i].first);
          g_assert_cmpuint (ref->index, ==, cases[i].first_index);
        }
    }
}

static void
test_image_refs_many (void)
{
  const char *text = "Put the hat from image 2 on the dog in Image 1, colours of image 3; not image 10.";
  g_autoptr(GArray) refs = fs_prompt_find_image_refs (text);

  g_assert_cmpuint (refs->len, ==, 3);
  g_assert_cmpuint (g_array_index (refs, FsImageRef, 0).index, ==, 2);
  g_assert_cmpuint (g_array_index (refs, FsImageRef, 1).index, ==, 1);
  g_assert_cmpuint (g_array_index (refs, FsImageRef, 2).index, ==, 3);
  g_assert_cmpuint (g_array_index (refs, FsImageRef, 0).offset, ==,
                    (guint) (strstr (text, "image 2") - text));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/colour/find-hex/cases", test_find_hex_cases);
  g_test_add_func ("/colour/find-hex/values", test_find_hex_values);
  g_test_add_func ("/colour/parse-hex", test_parse_hex);
  g_test_add_func ("/colour/format-hex", test_format_hex);
  g_test_add_func ("/colour/image-refs/cases", test_image_refs);
  g_test_add_func ("/colour/image-refs/many", test_image_refs_many);

  return g_test_run ();
}
