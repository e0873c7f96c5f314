/* fs-colour-lab.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <lcms2.h>

#include "fs-colour-private.h"

/* Colour science: sRGB ↔ CIE Lab through lcms2, CIEDE2000, colour names
 * and lenient parsing of what people paste. */

/* The longest distance at which a colour still takes a name. */
#define NAME_MAX_DELTA_E 2.0

typedef struct
{
  cmsHTRANSFORM to_lab_8;
  cmsHTRANSFORM to_lab_float;
  cmsHTRANSFORM from_lab;
} Transforms;

/* lcms2's one-pixel cache is not thread-safe: the shared transforms go
 * without it (cmsFLAGS_NOCACHE), so any worker may use them at once. The
 * Lab profile is lcms2's v4 Lab with the D50 white point and the sRGB
 * profile carries its D65 → D50 Bradford adaptation, so the Lab is the one
 * ICC tools (GIMP, Photoshop) show. Relative colorimetric maps sRGB white
 * to L 100, a 0, b 0. */
static const Transforms *
get_transforms (void)
{
  static Transforms transforms;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      cmsHPROFILE srgb = cmsCreate_sRGBProfile ();
      cmsHPROFILE lab = cmsCreateLab4Profile (NULL);
      cmsUInt32Number flags = cmsFLAGS_NOCACHE;

      transforms.to_lab_8 = cmsCreateTransform (srgb, TYPE_RGB_8, lab, TYPE_Lab_DBL,
                                                INTENT_RELATIVE_COLORIMETRIC, flags);
      transforms.to_lab_float = cmsCreateTransform (srgb, TYPE_RGB_FLT, lab, TYPE_Lab_DBL,
                                                    INTENT_RELATIVE_COLORIMETRIC, flags);
      transforms.from_lab = cmsCreateTransform (lab, TYPE_Lab_DBL, srgb, TYPE_RGB_8,
                                                INTENT_RELATIVE_COLORIMETRIC, flags);
      g_assert (transforms.to_lab_8 != NULL);
      g_assert (transforms.to_lab_float != NULL);
      g_assert (transforms.from_lab != NULL);
      cmsCloseProfile (srgb);
      cmsCloseProfile (lab);
      g_once_init_leave (&initialized, 1);
    }

  return &transforms;
}

void
fs_colour_rgb_to_lab (guint8  r,
                     guint8  g,
                     guint8  b,
                     FsLab  *lab)
{
  guint8 rgb[3] = { r, g, b };
  cmsCIELab out;

  g_return_if_fail (lab != NULL);

  cmsDoTransform (get_transforms ()->to_lab_8, rgb, &out, 1);
  lab->L = out.L;
  lab->a = out.a;
  lab->b = out.b;
}

void
fs_colour_lab_to_rgb (const FsLab *lab,
                     guint8      *r,
                     guint8      *g,
                     guint8      *b)
{
  cmsCIELab in;
  guint8 rgb[3];

  g_return_if_fail (lab != NULL);

  in.L = CLAMP (lab->L, 0.0, 100.0);
  in.a = lab->a;
  in.b = lab->b;
  cmsDoTransform (get_transforms ()->from_lab, &in, rgb, 1);
  if (r != NULL)
    *r = rgb[0];
  if (g != NULL)
    *g = rgb[1];
  if (b != NULL)
    *b = rgb[2];
}

/* The bins of an image: thousands of colours in one call. */
void
_fs_colour_rgbf_to_lab_many (const float *rgb,
                            FsLab       *lab,
                            gsize        n)
{
  const gsize chunk = 4096;
  g_autofree float *scaled = g_new (float, 3 * MIN (n, chunk));
  g_autofree cmsCIELab *out = g_new (cmsCIELab, MIN (n, chunk));

  G_STATIC_ASSERT (sizeof (cmsCIELab) == sizeof (FsLab));

  for (gsize start = 0; start < n; start += chunk)
    {
      gsize count = MIN (chunk, n - start);

      for (gsize i = 0; i < 3 * count; i++)
        scaled[i] = rgb[3 * start + i] / 255.0f;
      cmsDoTransform (get_transforms ()->to_lab_float, scaled, out, (cmsUInt32Number) count);
      memcpy (lab + start, out, count * sizeof (FsLab));
    }
}

static inline double
degrees (double radians)
{
  return radians * (180.0 / G_PI);
}

static inline double
radians (double degrees)
{
  return degrees * (G_PI / 180.0);
}

/* h' in degrees, 0…360; 0 for a neutral colour (a' = b = 0). */
static double
hue_angle (double a_prime,
           double b)
{
  double h;

  if (a_prime == 0.0 && b == 0.0)
    return 0.0;
  h = degrees (atan2 (b, a_prime));
  return h < 0.0 ? h + 360.0 : h;
}

/* The mean hue h̄', with the special cases of Sharma et al. (2005), eq. 14. */
static double
mean_hue (double h1,
          double h2,
          double c1c2)
{
  if (c1c2 == 0.0)
    return h1 + h2;
  if (fabs (h1 - h2) <= 180.0)
    return (h1 + h2) / 2.0;
  if (h1 + h2 < 360.0)
    return (h1 + h2 + 360.0) / 2.0;
  return (h1 + h2 - 360.0) / 2.0;
}

/* Δh', eq. 10. */
static double
hue_difference (double h1,
                double h2,
                double c1c2)
{
  double dh = h2 - h1;

  if (c1c2 == 0.0)
    return 0.0;
  if (dh > 180.0)
    return dh - 360.0;
  if (dh < -180.0)
    return dh + 360.0;
  return dh;
}

/* The CIE's formula, step by step as in Sharma, Wu and Dalal, "The
 * CIEDE2000 color-difference formula: implementation notes, supplementary
 * test data, and mathematical observations" (2005), with kL = kC = kH = 1. */
double
fs_colour_delta_e2000 (const FsLab *x,
                      const FsLab *y)
{
  const double pow25_7 = 6103515625.0;  /* 25⁷ */
  double c_bar, c_bar7, g, a1, a2, c1, c2, h1, h2, c1c2;
  double dl, dc, dh_angle, dh, l_bar, c_bar_p, c_bar_p7, h_bar;
  double t, d_theta, rc, sl, sc, sh, rt, tl, tc, th;

  g_return_val_if_fail (x != NULL && y != NULL, NAN);

  c_bar = (hypot (x->a, x->b) + hypot (y->a, y->b)) / 2.0;
  c_bar7 = pow (c_bar, 7.0);
  g = 0.5 * (1.0 - sqrt (c_bar7 / (c_bar7 + pow25_7)));
  a1 = (1.0 + g) * x->a;
  a2 = (1.0 + g) * y->a;
  c1 = hypot (a1, x->b);
  c2 = hypot (a2, y->b);
  h1 = hue_angle (a1, x->b);
  h2 = hue_angle (a2, y->b);
  c1c2 = c1 * c2;

  dl = y->L - x->L;
  dc = c2 - c1;
  dh_angle = hue_difference (h1, h2, c1c2);
  dh = 2.0 * sqrt (c1c2) * sin (radians (dh_angle / 2.0));

  l_bar = (x->L + y->L) / 2.0;
  c_bar_p = (c1 + c2) / 2.0;
  h_bar = mean_hue (h1, h2, c1c2);

  t = 1.0 - 0.17 * cos (radians (h_bar - 30.0)) + 0.24 * cos (radians (2.0 * h_bar))
      + 0.32 * cos (radians (3.0 * h_bar + 6.0)) - 0.20 * cos (radians (4.0 * h_bar - 63.0));
  d_theta = 30.0 * exp (-pow ((h_bar - 275.0) / 25.0, 2.0));
  c_bar_p7 = pow (c_bar_p, 7.0);
  rc = 2.0 * sqrt (c_bar_p7 / (c_bar_p7 + pow25_7));
  sl = 1.0 + (0.015 * (l_bar - 50.0) * (l_bar - 50.0))
             / sqrt (20.0 + (l_bar - 50.0) * (l_bar - 50.0));
  sc = 1.0 + 0.045 * c_bar_p;
  sh = 1.0 + 0.015 * c_bar_p * t;
  rt = -sin (radians (2.0 * d_theta)) * rc;

  tl = dl / sl;
  tc = dc / sc;
  th = dh / sh;
  return sqrt (tl * tl + tc * tc + th * th + rt * tc * th);
}

typedef struct
{
  const char *name;
  guint8      r, g, b;
} NamedColour;

/* A small set of the CSS/X11 names designers use, not all 148: a name
 * only helps when it is one people know. */
static const NamedColour named_colours[] = {
  { NC_("colour name", "Black"), 0x00, 0x00, 0x00 },
  { NC_("colour name", "White"), 0xff, 0xff, 0xff },
  { NC_("colour name", "Gray"), 0x80, 0x80, 0x80 },
  { NC_("colour name", "Silver"), 0xc0, 0xc0, 0xc0 },
  { NC_("colour name", "Dim Gray"), 0x69, 0x69, 0x69 },
  { NC_("colour name", "Slate Gray"), 0x70, 0x80, 0x90 },
  { NC_("colour name", "Red"), 0xff, 0x00, 0x00 },
  { NC_("colour name", "Maroon"), 0x80, 0x00, 0x00 },
  { NC_("colour name", "Dark Red"), 0x8b, 0x00, 0x00 },
  { NC_("colour name", "Crimson"), 0xdc, 0x14, 0x3c },
  { NC_("colour name", "Firebrick"), 0xb2, 0x22, 0x22 },
  { NC_("colour name", "Tomato"), 0xff, 0x63, 0x47 },
  { NC_("colour name", "Coral"), 0xff, 0x7f, 0x50 },
  { NC_("colour name", "Salmon"), 0xfa, 0x80, 0x72 },
  { NC_("colour name", "Orange Red"), 0xff, 0x45, 0x00 },
  { NC_("colour name", "Dark Orange"), 0xff, 0x8c, 0x00 },
  { NC_("colour name", "Orange"), 0xff, 0xa5, 0x00 },
  { NC_("colour name", "Gold"), 0xff, 0xd7, 0x00 },
  { NC_("colour name", "Yellow"), 0xff, 0xff, 0x00 },
  { NC_("colour name", "Khaki"), 0xf0, 0xe6, 0x8c },
  { NC_("colour name", "Olive"), 0x80, 0x80, 0x00 },
  { NC_("colour name", "Chartreuse"), 0x7f, 0xff, 0x00 },
  { NC_("colour name", "Lime"), 0x00, 0xff, 0x00 },
  { NC_("colour name", "Lime Green"), 0x32, 0xcd, 0x32 },
  { NC_("colour name", "Green"), 0x00, 0x80, 0x00 },
  { NC_("colour name", "Forest Green"), 0x22, 0x8b, 0x22 },
  { NC_("colour name", "Sea Green"), 0x2e, 0x8b, 0x57 },
  { NC_("colour name", "Spring Green"), 0x00, 0xff, 0x7f },
  { NC_("colour name", "Teal"), 0x00, 0x80, 0x80 },
  { NC_("colour name", "Turquoise"), 0x40, 0xe0, 0xd0 },
  { NC_("colour name", "Cyan"), 0x00, 0xff, 0xff },
  { NC_("colour name", "Sky Blue"), 0x87, 0xce, 0xeb },
  { NC_("colour name", "Deep Sky Blue"), 0x00, 0xbf, 0xff },
  { NC_("colour name", "Dodger Blue"), 0x1e, 0x90, 0xff },
  { NC_("colour name", "Steel Blue"), 0x46, 0x82, 0xb4 },
  { NC_("colour name", "Royal Blue"), 0x41, 0x69, 0xe1 },
  { NC_("colour name", "Blue"), 0x00, 0x00, 0xff },
  { NC_("colour name", "Navy"), 0x00, 0x00, 0x80 },
  { NC_("colour name", "Midnight Blue"), 0x19, 0x19, 0x70 },
  { NC_("colour name", "Indigo"), 0x4b, 0x00, 0x82 },
  { NC_("colour name", "Purple"), 0x80, 0x00, 0x80 },
  { NC_("colour name", "Violet"), 0xee, 0x82, 0xee },
  { NC_("colour name", "Orchid"), 0xda, 0x70, 0xd6 },
  { NC_("colour name", "Magenta"), 0xff, 0x00, 0xff },
  { NC_("colour name", "Deep Pink"), 0xff, 0x14, 0x93 },
  { NC_("colour name", "Hot Pink"), 0xff, 0x69, 0xb4 },
  { NC_("colour name", "Pink"), 0xff, 0xc0, 0xcb },
  { NC_("colour name", "Plum"), 0xdd, 0xa0, 0xdd },
  { NC_("colour name", "Lavender"), 0xe6, 0xe6, 0xfa },
  { NC_("colour name", "Beige"), 0xf5, 0xf5, 0xdc },
  { NC_("colour name", "Ivory"), 0xff, 0xff, 0xf0 },
  { NC_("colour name", "Wheat"), 0xf5, 0xde, 0xb3 },
  { NC_("colour name", "Tan"), 0xd2, 0xb4, 0x8c },
  { NC_("colour name", "Chocolate"), 0xd2, 0x69, 0x1e },
  { NC_("colour name", "Sienna"), 0xa0, 0x52, 0x2d },
  { NC_("colour name", "Brown"), 0xa5, 0x2a, 0x2a },
};

static const FsLab *
named_colours_lab (void)
{
  static FsLab labs[G_N_ELEMENTS (named_colours)];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < G_N_ELEMENTS (named_colours); i++)
        fs_colour_rgb_to_lab (named_colours[i].r, named_colours[i].g, named_colours[i].b,
                             &labs[i]);
      g_once_init_leave (&initialized, 1);
    }

  return labs;
}

const char *
fs_colour_get_name (guint8 r,
                   guint8 g,
                   guint8 b)
{
  const FsLab *labs = named_colours_lab ();
  double best = NAME_MAX_DELTA_E;
  const char *name = NULL;
  FsLab lab;

  fs_colour_rgb_to_lab (r, g, b, &lab);
  for (guint i = 0; i < G_N_ELEMENTS (named_colours); i++)
    {
      double delta = fs_colour_delta_e2000 (&lab, &labs[i]);

      if (delta <= best)
        {
          best = delta;
          name = named_colours[i].name;
        }
    }

  return name != NULL ? g_dpgettext2 (GETTEXT_PACKAGE, "colour name", name) : NULL;
}

/* One channel of rgb(): an integer 0…255 or a percentage. */
static gboolean
parse_channel (const char **p,
               guint8      *value)
{
  char *end = NULL;
  double number;

  while (g_ascii_isspace (**p) || **p == ',')
    (*p)++;
  number = g_ascii_strtod (*p, &end);
  if (end == *p)
    return FALSE;
  if (*end == '%')
    {
      number = number * 255.0 / 100.0;
      end++;
    }
  if (number < 0.0 || number > 255.0)
    return FALSE;

  *value = (guint8) lround (number);
  *p = end;
  return TRUE;
}

/* "rgb(1, 2, 3)", "rgb(1 2 3)", "rgba(1, 2, 3, 0.5)", "rgb(1 2 3 / 50%)"
 * anywhere in @text, any case. */
static gboolean
parse_rgb_function (const char *text,
                    guint8     *rgb)
{
  g_autofree char *lower = g_ascii_strdown (text, -1);
  const char *p = strstr (lower, "rgb");

  for (; p != NULL; p = strstr (p + 1, "rgb"))
    {
      const char *q = p + 3;

      if (*q == 'a')
        q++;
      while (g_ascii_isspace (*q))
        q++;
      if (*q != '(')
        continue;
      q++;
      if (parse_channel (&q, &rgb[0]) && parse_channel (&q, &rgb[1]) &&
          parse_channel (&q, &rgb[2]))
        {
          while (g_ascii_isspace (*q))
            q++;
          if (*q == ')' || *q == ',' || *q == '/')
            return TRUE;
        }
    }

  return FALSE;
}

/* A bare "02eb3c" inside pasted text: six hex digits as a whole word,
 * with at least one decimal digit so that words like "facade" or
 * "decade" are not taken for colours. */
static gboolean
find_bare_hex (const char *text,
               guint8     *rgb)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      gsize n = 0;
      gboolean has_digit = FALSE;

      if (p > text && (g_ascii_isalnum (p[-1]) || p[-1] == '_' || p[-1] == '#'))
        continue;
      while (g_ascii_isxdigit (p[n]))
        has_digit |= g_ascii_isdigit (p[n++]);
      if (n == 6 && has_digit && !(g_ascii_isalnum (p[n]) || p[n] == '_' || (guchar) p[n] >= 0x80))
        {
          g_autofree char *digits = g_strndup (p, 6);

          return fs_colour_parse_hex (digits, &rgb[0], &rgb[1], &rgb[2]);
        }
    }

  return FALSE;
}

gboolean
fs_colour_parse_any (const char *text,
                    guint8     *r,
                    guint8     *g,
                    guint8     *b)
{
  g_autoptr(GArray) matches = NULL;
  guint8 rgb[3];
  gboolean found;

  g_return_val_if_fail (text != NULL, FALSE);

  found = fs_colour_parse_hex (text, &rgb[0], &rgb[1], &rgb[2]);
  if (!found && g_utf8_validate (text, -1, NULL))
    {
      matches = fs_colour_find_hex (text);
      if (matches->len > 0)
        {
          FsHexMatch *match = &g_array_index (matches, FsHexMatch, 0);

          rgb[0] = match->r;
          rgb[1] = match->g;
          rgb[2] = match->b;
          found = TRUE;
        }
    }
  if (!found)
    found = parse_rgb_function (text, rgb) || find_bare_hex (text, rgb);
  if (!found)
    return FALSE;

  if (r != NULL)
    *r = rgb[0];
  if (g != NULL)
    *g = rgb[1];
  if (b != NULL)
    *b = rgb[2];
  return TRUE;
}

const char *
fs_colour_verdict_to_string (FsColourVerdict verdict)
{
  switch (verdict)
    {
    case FS_COLOUR_MATCHED:
      return "matched";
    case FS_COLOUR_CLOSE:
      return "close";
    case FS_COLOUR_OFF:
      return "off";
    default:
      g_return_val_if_reached ("off");
    }
}
