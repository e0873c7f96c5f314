/* test-colour-science.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <lcms2.h>

#include "fs-colour.h"
#include "fs-test-util.h"

/* sRGB → Lab (D50, Bradford) against known values and lcms2's own
 * transform, CIEDE2000 against the complete test data of Sharma, Wu and
 * Dalal (2005), colour names and lenient parsing. */

typedef struct
{
  double L1, a1, b1;
  double L2, a2, b2;
  double delta_e;
} SharmaPair;

/* Table 1 of G. Sharma, W. Wu, E. N. Dalal, "The CIEDE2000 color-difference
 * formula: implementation notes, supplementary test data, and mathematical
 * observations", Color Research & Application 30 (1), 2005: all 34 pairs. */
static const SharmaPair sharma[] = {
  /*  1 */ { 50.0000,   2.6772, -79.7751, 50.0000,   0.0000, -82.7485,  2.0425 },
  /*  2 */ { 50.0000,   3.1571, -77.2803, 50.0000,   0.0000, -82.7485,  2.8615 },
  /*  3 */ { 50.0000,   2.8361, -74.0200, 50.0000,   0.0000, -82.7485,  3.4412 },
  /*  4 */ { 50.0000,  -1.3802, -84.2814, 50.0000,   0.0000, -82.7485,  1.0000 },
  /*  5 */ { 50.0000,  -1.1848, -84.8006, 50.0000,   0.0000, -82.7485,  1.0000 },
  /*  6 */ { 50.0000,  -0.9009, -85.5211, 50.0000,   0.0000, -82.7485,  1.0000 },
  /*  7 */ { 50.0000,   0.0000,   0.0000, 50.0000,  -1.0000,   2.0000,  2.3669 },
  /*  8 */ { 50.0000,  -1.0000,   2.0000, 50.0000,   0.0000,   0.0000,  2.3669 },
  /*  9 */ { 50.0000,   2.4900,  -0.0010, 50.0000,  -2.4900,   0.0009,  7.1792 },
  /* 10 */ { 50.0000,   2.4900,  -0.0010, 50.0000,  -2.4900,   0.0010,  7.1792 },
  /* 11 */ { 50.0000,   2.4900,  -0.0010, 50.0000,  -2.4900,   0.0011,  7.2195 },
  /* 12 */ { 50.0000,   2.4900,  -0.0010, 50.0000,  -2.4900,   0.0012,  7.2195 },
  /* 13 */ { 50.0000,  -0.0010,   2.4900, 50.0000,   0.0009,  -2.4900,  4.8045 },
  /* 14 */ { 50.0000,  -0.0010,   2.4900, 50.0000,   0.0010,  -2.4900,  4.8045 },
  /* 15 */ { 50.0000,  -0.0010,   2.4900, 50.0000,   0.0011,  -2.4900,  4.7461 },
  /* 16 */ { 50.0000,   2.5000,   0.0000, 50.0000,   0.0000,  -2.5000,  4.3065 },
  /* 17 */ { 50.0000,   2.5000,   0.0000, 73.0000,  25.0000, -18.0000, 27.1492 },
  /* 18 */ { 50.0000,   2.5000,   0.0000, 61.0000,  -5.0000,  29.0000, 22.8977 },
  /* 19 */ { 50.0000,   2.5000,   0.0000, 56.0000, -27.0000,  -3.0000, 31.9030 },
  /* 20 */ { 50.0000,   2.5000,   0.0000, 58.0000,  24.0000,  15.0000, 19.4535 },
  /* 21 */ { 50.0000,   2.5000,   0.0000, 50.0000,   3.1736,   0.5854,  1.0000 },
  /* 22 */ { 50.0000,   2.5000,   0.0000, 50.0000,   3.2972,   0.0000,  1.0000 },
  /* 23 */ { 50.0000,   2.5000,   0.0000, 50.0000,   1.8634,   0.5757,  1.0000 },
  /* 24 */ { 50.0000,   2.5000,   0.0000, 50.0000,   3.2592,   0.3350,  1.0000 },
  /* 25 */ { 60.2574, -34.0099,  36.2677, 60.4626, -34.1751,  39.4387,  1.2644 },
  /* 26 */ { 63.0109, -31.0961,  -5.8663, 62.8187, -29.7946,  -4.0864,  1.2630 },
  /* 27 */ { 61.2901,   3.7196,  -5.3901, 61.4292,   2.2480,  -4.9620,  1.8731 },
  /* 28 */ { 35.0831, -44.1164,   3.7933, 35.0232, -40.0716,   1.5901,  1.8645 },
  /* 29 */ { 22.7233,  20.0904, -46.6940, 23.0331,  14.9730, -42.5619,  2.0373 },
  /* 30 */ { 36.4612,  47.8580,  18.3852, 36.2715,  50.5065,  21.2231,  1.4146 },
  /* 31 */ { 90.8027,  -2.0831,   1.4410, 91.1528,  -1.6435,   0.0447,  1.4441 },
  /* 32 */ { 90.9257,  -0.5406,  -0.9208, 88.6381,  -0.8985,  -0.7239,  1.5381 },
  /* 33 */ {  6.7747,  -0.2908,  -2.4247,  5.8714,  -0.0985,  -2.2286,  0.6377 },
  /* 34 */ {  2.0776,   0.0795,  -1.1350,  0.9033,  -0.0636,  -0.5514,  0.9082 },
};

static void
test_sharma_table (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (sharma), ==, 34);

  for (guint i = 0; i < G_N_ELEMENTS (sharma); i++)
    {
      const SharmaPair *pair = &sharma[i];
      FsLab x = { pair->L1, pair->a1, pair->b1 };
      FsLab y = { pair->L2, pair->a2, pair->b2 };
      double forward = fs_colour_delta_e2000 (&x, &y);
      double backward = fs_colour_delta_e2000 (&y, &x);

      if (fabs (forward - pair->delta_e) > 1e-4)
        g_error ("pair %u: ΔE00 %.6f, published %.4f", i + 1, forward, pair->delta_e);
      /* The formula is symmetric. */
      g_assert_cmpfloat_with_epsilon (forward, backward, 1e-9);
    }
}

/* lcms2 implements CIEDE2000 too: an independent implementation agrees
 * on random pairs, not only the published ones. */
static void
test_agrees_with_lcms (void)
{
  GRand *rand = g_rand_new_with_seed (2005);

  for (guint i = 0; i < 10000; i++)
    {
      FsLab x = { g_rand_double_range (rand, 0, 100), g_rand_double_range (rand, -100, 100),
                  g_rand_double_range (rand, -100, 100) };
      FsLab y = { g_rand_double_range (rand, 0, 100), g_rand_double_range (rand, -100, 100),
                  g_rand_double_range (rand, -100, 100) };
      cmsCIELab lx = { x.L, x.a, x.b }, ly = { y.L, y.a, y.b };

      g_assert_cmpfloat_with_epsilon (fs_colour_delta_e2000 (&x, &y),
                                      cmsCIE2000DeltaE (&lx, &ly, 1, 1, 1), 1e-3);
    }
  g_rand_free (rand);
}

static void
test_identical (void)
{
  FsLab lab = { 42, 10, -20 };

  g_assert_cmpfloat (fs_colour_delta_e2000 (&lab, &lab), ==, 0.0);
}

typedef struct
{
  guint8 r, g, b;
  double L, a, b_;
} LabCase;

static void
assert_lab (guint8 r, guint8 g, guint8 b, double L, double a, double b_, double epsilon)
{
  FsLab lab;

  fs_colour_rgb_to_lab (r, g, b, &lab);
  if (fabs (lab.L - L) > epsilon || fabs (lab.a - a) > epsilon || fabs (lab.b - b_) > epsilon)
    g_error ("#%02x%02x%02x → Lab %.3f %.3f %.3f, expected %.2f %.2f %.2f",
             r, g, b, lab.L, lab.a, lab.b, L, a, b_);
}

/* Values as GIMP's colour dialog (lcms2, D50) shows them. */
static void
test_srgb_to_lab_known (void)
{
  assert_lab (0xff, 0xff, 0xff, 100.0, 0.0, 0.0, 0.01);
  assert_lab (0x00, 0x00, 0x00, 0.0, 0.0, 0.0, 0.01);
  assert_lab (0xff, 0x00, 0x00, 54.29, 80.80, 69.89, 0.02);
  assert_lab (0x00, 0xff, 0x00, 87.82, -79.29, 80.99, 0.02);
  assert_lab (0x00, 0x00, 0xff, 29.57, 68.30, -112.03, 0.02);
  assert_lab (0x80, 0x80, 0x80, 53.59, 0.0, 0.0, 0.02);
}

/* The same as lcms2's own 16-bit transform from its built-in sRGB to its
 * D50 Lab, for every 17th level of each channel. */
static void
test_srgb_to_lab_matches_lcms (void)
{
  cmsHPROFILE srgb = cmsCreate_sRGBProfile ();
  cmsHPROFILE lab_profile = cmsCreateLab4Profile (cmsD50_xyY ());
  cmsHTRANSFORM transform = cmsCreateTransform (srgb, TYPE_RGB_16, lab_profile, TYPE_Lab_DBL,
                                                INTENT_RELATIVE_COLORIMETRIC, 0);

  for (guint r = 0; r < 256; r += 17)
    for (guint g = 0; g < 256; g += 17)
      for (guint b = 0; b < 256; b += 17)
        {
          guint16 in[3] = { r * 257, g * 257, b * 257 };
          cmsCIELab expected;

          cmsDoTransform (transform, in, &expected, 1);
          assert_lab (r, g, b, expected.L, expected.a, expected.b, 0.01);
        }

  cmsDeleteTransform (transform);
  cmsCloseProfile (srgb);
  cmsCloseProfile (lab_profile);
}

static void
test_lab_round_trip (void)
{
  for (guint r = 0; r < 256; r += 15)
    for (guint g = 0; g < 256; g += 15)
      for (guint b = 0; b < 256; b += 15)
        {
          FsLab lab;
          guint8 rr, gg, bb;

          fs_colour_rgb_to_lab (r, g, b, &lab);
          fs_colour_lab_to_rgb (&lab, &rr, &gg, &bb);
          g_assert_cmpint (abs ((int) rr - (int) r), <=, 1);
          g_assert_cmpint (abs ((int) gg - (int) g), <=, 1);
          g_assert_cmpint (abs ((int) bb - (int) b), <=, 1);
        }
}

static void
test_names (void)
{
  g_assert_cmpstr (fs_colour_get_name (0xff, 0x00, 0x00), ==, "Red");
  g_assert_cmpstr (fs_colour_get_name (0xfe, 0x01, 0x01), ==, "Red");
  g_assert_cmpstr (fs_colour_get_name (0x32, 0xcd, 0x32), ==, "Lime Green");
  g_assert_cmpstr (fs_colour_get_name (0xff, 0xff, 0xff), ==, "White");
  g_assert_cmpstr (fs_colour_get_name (0x80, 0x80, 0x80), ==, "Gray");
  /* No name is close enough for these. */
  g_assert_null (fs_colour_get_name (0x02, 0xeb, 0x3c));
  g_assert_null (fs_colour_get_name (0x12, 0x34, 0x56));
}

typedef struct
{
  const char *text;
  gboolean    ok;
  guint8      r, g, b;
} ParseCase;

static void
test_parse_any (void)
{
  static const ParseCase cases[] = {
    { "#02eb3c", TRUE, 0x02, 0xeb, 0x3c },
    { "#02EB3C", TRUE, 0x02, 0xeb, 0x3c },
    { "02eb3c", TRUE, 0x02, 0xeb, 0x3c },
    { "  #0e3  ", TRUE, 0x00, 0xee, 0x33 },
    { "rgb(2, 235, 60)", TRUE, 2, 235, 60 },
    { "rgb(2 235 60)", TRUE, 2, 235, 60 },
    { "RGB( 2 ,235, 60 )", TRUE, 2, 235, 60 },
    { "rgba(2, 235, 60, 0.5)", TRUE, 2, 235, 60 },
    { "rgb(2 235 60 / 50%)", TRUE, 2, 235, 60 },
    { "rgb(100%, 0%, 50%)", TRUE, 255, 0, 128 },
    { "color: #FF0088;", TRUE, 0xff, 0x00, 0x88 },
    { "--brand-green: #02eb3c; /* main */", TRUE, 0x02, 0xeb, 0x3c },
    { "background: rgb(1, 2, 3) url(x.png)", TRUE, 1, 2, 3 },
    { "Pantone-ish 02eb3c from the guide", TRUE, 0x02, 0xeb, 0x3c },
    { "", FALSE },
    { "#02eb3", FALSE },
    { "0e3", FALSE },
    /* Typed alone it is a code; inside text it is a word. */
    { "facade", TRUE, 0xfa, 0xca, 0xde },
    { "the facade of a house", FALSE },
    { "rgb(300, 0, 0)", FALSE },
    { "rgb(1, 2)", FALSE },
    { "no colour here", FALSE },
    { "#02eb3cff", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint8 r = 0, g = 0, b = 0;
      gboolean ok = fs_colour_parse_any (cases[i].text, &r, &g, &b);

      if (ok != cases[i].ok)
        g_error ("“%s”: parsed %d, expected %d", cases[i].text, ok, cases[i].ok);
      if (ok && (r != cases[i].r || g != cases[i].g || b != cases[i].b))
        g_error ("“%s”: got %u %u %u", cases[i].text, r, g, b);
    }
}

static void
test_codes_from_prompt (void)
{
  g_auto(GStrv) plain = fs_colour_codes_from_prompt ("a logo in color #02EB3C on #FF0088, "
                                                    "again #02eb3c and #fff");
  g_auto(GStrv) none = fs_colour_codes_from_prompt ("a cup of tea");
  g_auto(GStrv) structured = fs_colour_codes_from_prompt (
    "{\"scene\": \"a poster\", \"color_palette\": [\"#112233\", \"445566\", 7, \"#112233\"],"
    " \"subjects\": [{\"description\": \"a cat\", \"color\": \"#ff0000\"}]}");
  const char * const expected_plain[] = { "#02eb3c", "#ff0088", "#ffffff", NULL };
  const char * const expected_structured[] = { "#112233", "#445566", "#ff0000", NULL };

  g_assert_true (g_strv_equal ((const char * const *) plain, expected_plain));
  g_assert_null (none);
  g_assert_true (g_strv_equal ((const char * const *) structured, expected_structured));
}

/* A structured prompt nested far too deep is read as plain text: its hex
 * codes still count, and nothing crashes. */
static void
test_codes_from_deep_prompt (void)
{
  g_autofree char *deep = fs_test_nested_json (80000);
  g_autofree char *prompt = g_strdup_printf ("{\"color_palette\": [\"#112233\"], \"x\": %s}",
                                             deep);
  g_auto(GStrv) codes = fs_colour_codes_from_prompt (prompt);
  const char * const expected[] = { "#112233", NULL };

  g_assert_true (g_strv_equal ((const char * const *) codes, expected));
}

static void
test_verdict_strings (void)
{
  g_assert_cmpstr (fs_colour_verdict_to_string (FS_COLOUR_MATCHED), ==, "matched");
  g_assert_cmpstr (fs_colour_verdict_to_string (FS_COLOUR_CLOSE), ==, "close");
  g_assert_cmpstr (fs_colour_verdict_to_string (FS_COLOUR_OFF), ==, "off");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/colour-science/delta-e/sharma-2005", test_sharma_table);
  g_test_add_func ("/colour-science/delta-e/agrees-with-lcms", test_agrees_with_lcms);
  g_test_add_func ("/colour-science/delta-e/identical", test_identical);
  g_test_add_func ("/colour-science/lab/known", test_srgb_to_lab_known);
  g_test_add_func ("/colour-science/lab/matches-lcms", test_srgb_to_lab_matches_lcms);
  g_test_add_func ("/colour-science/lab/round-trip", test_lab_round_trip);
  g_test_add_func ("/colour-science/names", test_names);
  g_test_add_func ("/colour-science/parse-any", test_parse_any);
  g_test_add_func ("/colour-science/codes-from-prompt", test_codes_from_prompt);
  g_test_add_func ("/colour-science/codes-from-deep-prompt", test_codes_from_deep_prompt);
  g_test_add_func ("/colour-science/verdicts", test_verdict_strings);

  return g_test_run ();
}
