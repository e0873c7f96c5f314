/* test-palette.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fs-colour.h"
#include "fs-error.h"
#include "fs-palette.h"
#include "fs-palette-store.h"
#include "fs-test-util.h"

/* Palettes: GIMP .gpl and Adobe .ase round trips (RGB, CMYK, Lab, Gray,
 * groups), plain text and CSS, malformed files reported with their place
 * and never half-imported, and the palettes folder with its monitor. */

/* Helpers: the expected warning about a broken palette in the folder
 * (g_test_expect_message() does not see structured logging in GLib 2.74) */

static gint skipped_warnings;

static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  for (gsize i = 0; (log_level & G_LOG_LEVEL_WARNING) && i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 &&
        g_pattern_match_simple ("Skipping the palette */broken.gpl: line 2: *", fields[i].value))
      {
        g_atomic_int_inc (&skipped_warnings);
        return G_LOG_WRITER_HANDLED;
      }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
assert_swatch (FsPalette  *palette,
               guint       position,
               const char *name,
               guint8      r,
               guint8      g,
               guint8      b)
{
  const FsSwatch *swatch = fs_palette_get_swatch (palette, position);

  g_assert_cmpstr (swatch->name, ==, name);
  g_assert_cmpuint (swatch->r, ==, r);
  g_assert_cmpuint (swatch->g, ==, g);
  g_assert_cmpuint (swatch->b, ==, b);
}

static void
assert_same (FsPalette *a,
             FsPalette *b)
{
  g_assert_cmpstr (fs_palette_get_name (a), ==, fs_palette_get_name (b));
  g_assert_cmpuint (fs_palette_get_n_swatches (a), ==, fs_palette_get_n_swatches (b));
  for (guint i = 0; i < fs_palette_get_n_swatches (a); i++)
    {
      const FsSwatch *x = fs_palette_get_swatch (a, i);

      assert_swatch (b, i, x->name, x->r, x->g, x->b);
    }
}

static FsPalette *
brand_palette (void)
{
  FsPalette *palette = fs_palette_new ("Brand — 2026");

  fs_palette_add_swatch (palette, "Brand green", 0x02, 0xeb, 0x3c);
  fs_palette_add_swatch (palette, "Hot pink", 0xff, 0x00, 0x88);
  fs_palette_add_swatch (palette, "", 0x12, 0x34, 0x56);
  fs_palette_add_swatch (palette, "Ünïcödé ✓ / group", 0, 0, 0);
  fs_palette_add_swatch (palette, "White", 255, 255, 255);
  return palette;
}

/* GIMP palettes */

static void
test_gpl_round_trip (void)
{
  g_autoptr(FsPalette) palette = brand_palette ();
  g_autoptr(GBytes) bytes = fs_palette_to_gpl (palette);
  g_autoptr(GError) error = NULL;
  g_autoptr(FsPalette) back = NULL;
  const char *text = g_bytes_get_data (bytes, NULL);

  g_assert_true (g_str_has_prefix (text, "GIMP Palette\nName: Brand — 2026\n"));
  g_assert_nonnull (strstr (text, "  2 235  60\tBrand green\n"));

  back = fs_palette_parse_gpl (text, g_bytes_get_size (bytes), "fallback", &error);
  g_assert_no_error (error);
  assert_same (palette, back);
}

static void
test_gpl_read_gimp_file (void)
{
  static const char text[] =
    "\xef\xbb\xbfGIMP Palette\r\n"
    "Name: Tango\r\n"
    "Columns: 3\r\n"
    "# A comment\r\n"
    "#\r\n"
    "252 233  79\tButter 1\r\n"
    "\r\n"
    "  0   0   0   Black with spaces\r\n"
    "114 159 207\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(FsPalette) palette = fs_palette_parse_gpl (text, strlen (text), "tango", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (fs_palette_get_name (palette), ==, "Tango");
  g_assert_cmpuint (fs_palette_get_n_swatches (palette), ==, 3);
  assert_swatch (palette, 0, "Butter 1", 252, 233, 79);
  assert_swatch (palette, 1, "Black with spaces", 0, 0, 0);
  assert_swatch (palette, 2, "", 114, 159, 207);
}

static void
test_gpl_without_name (void)
{
  static const char text[] = "GIMP Palette\n1 2 3 a\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(FsPalette) palette = fs_palette_parse_gpl (text, strlen (text), "From file", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (fs_palette_get_name (palette), ==, "From file");
}

typedef struct
{
  const char *text;
  const char *where;
} Malformed;

static void
test_gpl_malformed (void)
{
  static const Malformed cases[] = {
    { "JASC-PAL\n0100\n", "line 1: not a GIMP palette*" },
    { "", "line 1: not a GIMP palette*" },
    { "GIMP Palette\nName: x\n255 0\tRed\n", "line 3: expected three numbers*" },
    { "GIMP Palette\n1 2 3 ok\n300 0 0\tToo red\n", "line 3: 300 is not a colour value*" },
    { "GIMP Palette\n1 2 3 ok\n4 5 6 ok\n-1 0 0\n", "line 4: -1 is not a colour value*" },
    { "GIMP Palette\n10 20 thirty\tx\n", "line 2: expected three numbers*" },
    { "GIMP Palette\n10 20 30x\n", "line 2: expected three numbers*" },
    { "GIMP Palette\n1 2 3 \xff\xfe\n", "line 2: the text is not UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FsPalette) palette = fs_palette_parse_gpl (cases[i].text, strlen (cases[i].text),
                                                           "x", &error);

      g_assert_null (palette);
      g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
      if (!g_pattern_match_simple (cases[i].where, error->message))
        g_error ("case %u: “%s” does not match “%s”", i, error->message, cases[i].where);
    }
}

/* Adobe Swatch Exchange, written by hand as Adobe's tools write it */

static void
put_u16 (GByteArray *out, guint16 v)
{
  guint8 b[2] = { v >> 8, v & 0xff };
  g_byte_array_append (out, b, 2);
}

static void
put_u32 (GByteArray *out, guint32 v)
{
  guint8 b[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };
  g_byte_array_append (out, b, 4);
}

static void
put_float (GByteArray *out, float v)
{
  guint32 bits;
  memcpy (&bits, &v, 4);
  put_u32 (out, bits);
}

static void
put_name (GByteArray *out, const char *name)
{
  glong n = 0;
  g_autofree gunichar2 *units = g_utf8_to_utf16 (name, -1, NULL, &n, NULL);

  put_u16 (out, n + 1);
  for (glong i = 0; i <= n; i++)
    put_u16 (out, units[i]);
}

static guint
name_size (const char *name)
{
  glong n = 0;

  g_free (g_utf8_to_utf16 (name, -1, NULL, &n, NULL));
  return 2 + 2 * (n + 1);
}

static void
put_group_start (GByteArray *out, const char *name)
{
  put_u16 (out, 0xC001);
  put_u32 (out, name_size (name));
  put_name (out, name);
}

static void
put_colour (GByteArray *out, const char *name, const char *model, const float *values,
            guint n_values)
{
  put_u16 (out, 0x0001);
  put_u32 (out, name_size (name) + 4 + 4 * n_values + 2);
  put_name (out, name);
  g_byte_array_append (out, (const guint8 *) model, 4);
  for (guint i = 0; i < n_values; i++)
    put_float (out, values[i]);
  put_u16 (out, 2);
}

/* A group "Brand" with RGB, CMYK, Lab and Gray swatches, then a loose RGB
 * swatch after the group's end. */
static GBytes *
adobe_file (void)
{
  GByteArray *out = g_byte_array_new ();
  const float green[] = { 2 / 255.0f, 235 / 255.0f, 60 / 255.0f };
  const float cmyk_red[] = { 0.0f, 1.0f, 1.0f, 0.0f };
  const float cmyk_paper[] = { 0.0f, 0.0f, 0.0f, 0.0f };
  const float lab_blue[] = { 0.29566f, 68.2862f, -112.0329f };  /* #0000ff, D50 */
  const float gray[] = { 0.5f };
  const float loose[] = { 1.0f, 0.0f, 0.5333333f };

  g_byte_array_append (out, (const guint8 *) "ASEF", 4);
  put_u16 (out, 1);
  put_u16 (out, 0);
  put_u32 (out, 8);
  put_group_start (out, "Brand");
  put_colour (out, "Green", "RGB ", green, 3);
  put_colour (out, "Red ink", "CMYK", cmyk_red, 4);
  put_colour (out, "Paper", "CMYK", cmyk_paper, 4);
  put_colour (out, "Lab blue", "LAB ", lab_blue, 3);
  put_colour (out, "Mid gray", "Gray", gray, 1);
  put_u16 (out, 0xC002);
  put_u32 (out, 0);
  put_colour (out, "Loose", "RGB ", loose, 3);

  return g_byte_array_free_to_bytes (out);
}

static void
test_ase_read_adobe_file (void)
{
  g_autoptr(GBytes) bytes = adobe_file ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FsPalette) palette = fs_palette_parse_ase (g_bytes_get_data (bytes, NULL),
                                                       g_bytes_get_size (bytes), "Swatches",
                                                       &error);
  const FsSwatch *red, *paper, *blue;

  g_assert_no_error (error);
  g_assert_cmpstr (fs_palette_get_name (palette), ==, "Swatches");
  g_assert_cmpuint (fs_palette_get_n_swatches (palette), ==, 6);
  assert_swatch (palette, 0, "Brand / Green", 2, 235, 60);

  /* CMYK through the press profile: solid magenta + yellow is a warm red,
   * unprinted paper is white. */
  red = fs_palette_get_swatch (palette, 1);
  g_assert_cmpstr (red->name, ==, "Brand / Red ink");
  g_assert_cmpuint (red->r, >, 200);
  g_assert_cmpuint (red->g, <, 80);
  g_assert_cmpuint (red->b, <, 80);
  /* With a press profile installed (Debian's libgs-common), the red is a
   * printed red, not the naive formula's pure #ff0000. */
  if (g_file_test ("/usr/share/color/icc/ghostscript/default_cmyk.icc", G_FILE_TEST_EXISTS))
    g_assert_false (red->r == 255 && red->g == 0 && red->b == 0);
  paper = fs_palette_get_swatch (palette, 2);
  g_assert_cmpstr (paper->name, ==, "Brand / Paper");
  g_assert_cmpuint (MIN (paper->r, MIN (paper->g, paper->b)), >=, 250);

  /* Lab (D50) back to sRGB. */
  blue = fs_palette_get_swatch (palette, 3);
  g_assert_cmpstr (blue->name, ==, "Brand / Lab blue");
  g_assert_cmpuint (blue->r, <=, 1);
  g_assert_cmpuint (blue->g, <=, 1);
  g_assert_cmpuint (blue->b, >=, 254);

  assert_swatch (palette, 4, "Brand / Mid gray", 128, 128, 128);
  assert_swatch (palette, 5, "Loose", 255, 0, 136);
}

static void
test_ase_round_trip (void)
{
  g_autoptr(GBytes) adobe = adobe_file ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FsPalette) imported = fs_palette_parse_ase (g_bytes_get_data (adobe, NULL),
                                                        g_bytes_get_size (adobe), "Brand",
                                                        &error);
  g_autoptr(GBytes) written = NULL;
  g_autoptr(FsPalette) back = NULL;
  g_autoptr(FsPalette) brand = brand_palette ();
  g_autoptr(GBytes) brand_bytes = NULL;
  g_autoptr(FsPalette) brand_back = NULL;
  const FsSwatch *unnamed;

  g_assert_no_error (error);

  /* The converted CMYK and Lab swatches and the group names survive. */
  written = fs_palette_to_ase (imported);
  back = fs_palette_parse_ase (g_bytes_get_data (written, NULL), g_bytes_get_size (written),
                               "Brand", &error);
  g_assert_no_error (error);
  assert_same (imported, back);

  /* A swatch without a name is named by its code in Adobe's tools. */
  brand_bytes = fs_palette_to_ase (brand);
  brand_back = fs_palette_parse_ase (g_bytes_get_data (brand_bytes, NULL),
                                     g_bytes_get_size (brand_bytes), "Brand — 2026", &error);
  g_assert_no_error (error);
  unnamed = fs_palette_get_swatch (brand_back, 2);
  g_assert_cmpstr (unnamed->name, ==, "#123456");
  assert_swatch (brand_back, 3, "Ünïcödé ✓ / group", 0, 0, 0);
  assert_swatch (brand_back, 0, "Brand green", 2, 235, 60);
}

static void
assert_ase_fails (const guint8 *data,
                  gsize         length,
                  const char   *pattern)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FsPalette) palette = fs_palette_parse_ase (data, length, "x", &error);

  g_assert_null (palette);
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  if (!g_pattern_match_simple (pattern, error->message))
    g_error ("“%s” does not match “%s”", error->message, pattern);
}

static void
test_ase_malformed (void)
{
  g_autoptr(GBytes) bytes = adobe_file ();
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  g_autofree guint8 *copy = g_memdup2 (data, length);
  /* The first colour block starts after the header (12) and the group
   * start block (6 + 2 + 2 × 6 for "Brand\0"): byte 32. */
  const gsize first_colour = 12 + 6 + 2 + 12;

  assert_ase_fails ((const guint8 *) "GIMP", 4, "byte 0: not an Adobe Swatch Exchange file*");
  assert_ase_fails (data, 7, "byte 4: the data ends inside the header");
  /* Cut inside the first colour block: the block says more than is left. */
  assert_ase_fails (data, first_colour + 20,
                    "byte 32: block 2 says it holds * bytes but the file ends after 14");
  /* Cut between blocks: the header promised 8. */
  assert_ase_fails (data, length - 3, "byte *: block 8 says it holds*");
  assert_ase_fails (data, first_colour + 3, "byte 32: the data ends inside a block header");

  /* An unknown model, at the model's own offset. */
  memcpy (copy, data, length);
  memcpy (copy + first_colour + 6 + 2 + 2 * 6, "HSB ", 4);
  assert_ase_fails (copy, length, "byte 52: unknown colour model “HSB ”");

  /* Version 2. */
  memcpy (copy, data, length);
  copy[5] = 2;
  assert_ase_fails (copy, length, "byte 4: unsupported version 2.0*");

  /* A value that is not a number. */
  memcpy (copy, data, length);
  memcpy (copy + first_colour + 6 + 2 + 2 * 6 + 4, "\x7f\xc0\x00\x00", 4);
  assert_ase_fails (copy, length, "byte 56: a colour value is not a number");

  /* A name longer than its block. */
  memcpy (copy, data, length);
  copy[first_colour + 6] = 0x10;
  assert_ase_fails (copy, length, "byte 40: the data ends inside a name");
}

/* Text and CSS */

static void
test_text_css (void)
{
  static const char css[] =
    ":root {\n"
    "  --brand-green: #02EB3C;\n"
    "  --brand-pink: #f08;\n"
    "  --ink: rgb(30, 30, 30);\n"
    "  --overlay: #02eb3c80;\n"
    "}\n"
    "a:hover { color: #1E90FF; }\n"
    "$accent: #ff6347;\n"
    "@paper: #fafafa;\n"
    ".x { background: #fff linear-gradient(#000, #111); }\n"
    "/* issue #1 is not a colour, nor is #brand */\n"
    "--brand-pink-again: #ff0088;\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(FsPalette) palette = fs_palette_parse_text (css, strlen (css), "site", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (fs_palette_get_name (palette), ==, "site");
  g_assert_cmpuint (fs_palette_get_n_swatches (palette), ==, 9);
  assert_swatch (palette, 0, "brand-green", 0x02, 0xeb, 0x3c);
  assert_swatch (palette, 1, "brand-pink", 0xff, 0x00, 0x88);
  assert_swatch (palette, 2, "ink", 30, 30, 30);
  /* "#02eb3c80" is brand green with alpha: the same colour, once. */
  assert_swatch (palette, 3, "", 0x1e, 0x90, 0xff);
  assert_swatch (palette, 4, "accent", 0xff, 0x63, 0x47);
  assert_swatch (palette, 5, "paper", 0xfa, 0xfa, 0xfa);
  assert_swatch (palette, 6, "", 0xff, 0xff, 0xff);
  assert_swatch (palette, 7, "", 0x00, 0x00, 0x00);
  assert_swatch (palette, 8, "", 0x11, 0x11, 0x11);
}

static void
test_text_plain (void)
{
  static const char text[] = "Primary: #02eb3c\nSecondary: #ff0088\n#1e90ff, #fff and #000\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(FsPalette) palette = fs_palette_parse_text (text, strlen (text), "notes", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (fs_palette_get_n_swatches (palette), ==, 5);
  assert_swatch (palette, 0, "Primary", 0x02, 0xeb, 0x3c);
  assert_swatch (palette, 1, "Secondary", 0xff, 0x00, 0x88);
  assert_swatch (palette, 2, "", 0x1e, 0x90, 0xff);
}

static void
test_text_malformed (void)
{
  static const Malformed cases[] = {
    { ":root {\n  --ok: #02eb3c;\n  --brand: #12345;\n}\n", "line 3: “#12345” is not a colour code*" },
    { "nothing to see here\n", "no colour codes found*" },
    { "#02eb3c\n#ff0088 \xff\n", "line 2: the text is not UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FsPalette) palette = fs_palette_parse_text (cases[i].text, strlen (cases[i].text),
                                                            "x", &error);

      g_assert_null (palette);
      g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
      if (!g_pattern_match_simple (cases[i].where, error->message))
        g_error ("case %u: “%s” does not match “%s”", i, error->message, cases[i].where);
    }

  {
    static const char binary[] = "#02eb3c\n\n#ff0088\0garbage";
    g_autoptr(GError) error = NULL;
    g_autoptr(FsPalette) palette = fs_palette_parse_text (binary, sizeof binary - 1, "x", &error);

    g_assert_null (palette);
    g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==, "line 3: the file holds binary data, not text");
  }
}

static void
test_guess_format (void)
{
  g_assert_cmpint (fs_palette_guess_format ("x.gpl", NULL, 0), ==, FS_PALETTE_FORMAT_GPL);
  g_assert_cmpint (fs_palette_guess_format ("x.ase", NULL, 0), ==, FS_PALETTE_FORMAT_ASE);
  g_assert_cmpint (fs_palette_guess_format ("x.css", NULL, 0), ==, FS_PALETTE_FORMAT_TEXT);
  g_assert_cmpint (fs_palette_guess_format ("x.txt", (const guint8 *) "ASEF\0\1", 6), ==,
                   FS_PALETTE_FORMAT_ASE);
  g_assert_cmpint (fs_palette_guess_format ("x", (const guint8 *) "GIMP Palette\n", 13), ==,
                   FS_PALETTE_FORMAT_GPL);
}

/* Files: import and export */

static char *
write_temp (const char *dir,
            const char *name,
            const void *data,
            gsize       length)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, data, length, NULL));
  return path;
}

static FsPalette *
import_path (const char  *path,
             GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;

  fs_palette_import_async (file, NULL, fs_test_result_cb, &result);
  return fs_palette_import_finish (fs_test_wait_result (&result), error);
}

static void
test_import_export_files (void)
{
  g_autofree char *dir = fs_test_make_dir ("fs-palette-XXXXXX");
  g_autoptr(GBytes) adobe = adobe_file ();
  g_autofree char *ase_path = write_temp (dir, "Adobe brand.ase", g_bytes_get_data (adobe, NULL),
                                          g_bytes_get_size (adobe));
  g_autofree char *bad_path = write_temp (dir, "bad.gpl", "GIMP Palette\n1 2\n", 16);
  g_autofree char *css_path = write_temp (dir, "site.css", "--a: #010203;\n", 14);
  g_autoptr(FsPalette) imported = NULL;
  g_autoptr(FsPalette) css = NULL;
  g_autoptr(FsPalette) bad = NULL;
  g_autoptr(GError) error = NULL;

  imported = import_path (ase_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fs_palette_get_name (imported), ==, "Adobe brand");
  g_assert_cmpuint (fs_palette_get_n_swatches (imported), ==, 6);

  css = import_path (css_path, &error);
  g_assert_no_error (error);
  assert_swatch (css, 0, "a", 1, 2, 3);

  bad = import_path (bad_path, &error);
  g_assert_null (bad);
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "Could not import “bad.gpl”: line 2: expected three numbers from 0 to 255 "
                   "(red, green, blue), then a name");
  g_clear_error (&error);

  for (FsPaletteFormat format = FS_PALETTE_FORMAT_GPL; format <= FS_PALETTE_FORMAT_ASE; format++)
    {
      g_autofree char *out_path = g_build_filename (dir, format == FS_PALETTE_FORMAT_GPL
                                                         ? "out.gpl" : "out.ase", NULL);
      g_autoptr(GFile) out = g_file_new_for_path (out_path);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(FsPalette) back = NULL;

      fs_palette_export_async (imported, out, format, NULL, fs_test_result_cb, &result);
      g_assert_true (fs_palette_export_finish (imported, fs_test_wait_result (&result), &error));
      g_assert_no_error (error);
      back = import_path (out_path, &error);
      g_assert_no_error (error);
      if (format == FS_PALETTE_FORMAT_ASE)
        fs_palette_set_name (back, fs_palette_get_name (imported));
      assert_same (imported, back);
      g_unlink (out_path);
    }

  g_unlink (ase_path);
  g_unlink (bad_path);
  g_unlink (css_path);
  g_rmdir (dir);
}

/* The palettes folder */

typedef struct
{
  FsPaletteStore *store;
  guint           n_items;
  const char     *name;
  guint           n_swatches;
} StoreWait;

static gboolean
store_has_n (gpointer data)
{
  StoreWait *wait = data;

  return g_list_model_get_n_items (G_LIST_MODEL (wait->store)) == wait->n_items;
}

static gboolean
store_palette_has (gpointer data)
{
  StoreWait *wait = data;
  FsPalette *palette = fs_palette_store_find (wait->store, wait->name);

  return palette != NULL && fs_palette_get_n_swatches (palette) == wait->n_swatches;
}

static gboolean
warned (gpointer data)
{
  return g_atomic_int_get (&skipped_warnings) > 0;
}

static void
load_store (FsPaletteStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fs_palette_store_load_async (store, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_palette_store_load_finish (store, fs_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

static char *
read_file (GFile      *folder,
           const char *name)
{
  g_autoptr(GFile) file = g_file_get_child (folder, name);
  char *contents = NULL;

  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, NULL));
  return contents;
}

static FsPalette *
add_palette (FsPaletteStore *store,
             FsPalette      *palette)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  FsPalette *added;

  fs_palette_store_add_async (store, palette, NULL, fs_test_result_cb, &result);
  added = fs_palette_store_add_finish (store, fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return added;
}

/* Reordering, deleting, and a fresh store reading the result back. */
static void
reorder_delete_reload (FsPaletteStore *store,
                       GFile          *folder,
                       FsPalette      *first)
{
  g_autoptr(FsPaletteStore) reloaded = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *order = NULL;

  /* Reordering: the last first. */
  fs_palette_store_move_async (store, 2, 0, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_palette_store_move_finish (store, fs_test_wait_result (&result), &error));
  g_clear_object (&result);
  order = read_file (folder, "order.txt");
  g_assert_cmpstr (order, ==, "Brand — 2026 2.gpl\nBrand — 2026.gpl\nPrint - CMYK.gpl\n");

  /* Deleting. */
  fs_palette_store_delete_async (store, first, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_palette_store_delete_finish (store, fs_test_wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_false (g_file_test (fs_palette_get_path (first), G_FILE_TEST_EXISTS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);

  /* A new store reads the same palettes in the same order. */
  reloaded = fs_palette_store_new (folder);
  load_store (reloaded);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 2);
  {
    g_autoptr(FsPalette) a = g_list_model_get_item (G_LIST_MODEL (reloaded), 0);
    g_autoptr(FsPalette) b = g_list_model_get_item (G_LIST_MODEL (reloaded), 1);

    g_assert_cmpstr (fs_palette_get_name (a), ==, "Brand — 2026 2");
    g_assert_cmpstr (fs_palette_get_name (b), ==, "Print");
    g_assert_cmpuint (fs_palette_get_n_swatches (b), ==, 1);
  }
}

static void
test_store_edit (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "palettes-edit", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (path);
  g_autoptr(FsPaletteStore) store = fs_palette_store_new (folder);
  g_autoptr(FsPalette) first = brand_palette ();
  g_autoptr(FsPalette) second = fs_palette_new ("Print / CMYK");
  g_autoptr(FsPalette) third = fs_palette_new ("Brand — 2026");
  g_autoptr(FsPalette) added = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  load_store (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  g_object_unref (add_palette (store, first));
  g_object_unref (add_palette (store, second));
  added = add_palette (store, third);
  /* Names are unique; file names are safe and unique. */
  g_assert_cmpstr (fs_palette_get_name (added), ==, "Brand — 2026 2");
  g_assert_true (g_str_has_suffix (fs_palette_get_path (second), "/Print - CMYK.gpl"));
  g_assert_true (g_file_test (fs_palette_get_path (first), G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);

  /* Editing and saving. */
  fs_palette_add_swatch (second, "Cyan", 0, 0xa0, 0xe0);
  fs_palette_store_save_async (store, second, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_palette_store_save_finish (store, fs_test_wait_result (&result), &error));
  g_clear_object (&result);
  contents = read_file (folder, "Print - CMYK.gpl");
  g_assert_nonnull (strstr (contents, "  0 160 224\tCyan\n"));
  g_clear_pointer (&contents, g_free);

  /* Renaming keeps the file. */
  fs_palette_store_rename_async (store, second, "Print", NULL, fs_test_result_cb, &result);
  g_assert_true (fs_palette_store_rename_finish (store, fs_test_wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_cmpstr (fs_palette_get_name (second), ==, "Print");
  contents = read_file (folder, "Print - CMYK.gpl");
  g_assert_true (g_str_has_prefix (contents, "GIMP Palette\nName: Print\n"));

  reorder_delete_reload (store, folder, first);
}

/* Writes land in the order they were asked for: many renames and then a
 * delete, none awaited, leave no file behind (the writes once ran side by
 * side, and a rename's write could bring a deleted palette back). */
static void
test_store_writes_in_order (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "palettes-order", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (path);
  g_autoptr(FsPaletteStore) store = fs_palette_store_new (folder);
  g_autoptr(FsPalette) brand = brand_palette ();
  g_autoptr(FsPalette) palette = NULL;
  g_autoptr(FsPaletteStore) reloaded = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;

  load_store (store);
  palette = add_palette (store, brand);
  file = g_strdup (fs_palette_get_path (palette));
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("Brand %u", i);

      fs_palette_store_rename_async (store, palette, name, NULL, NULL, NULL);
    }
  fs_palette_store_delete_async (store, palette, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_palette_store_delete_finish (store, fs_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  /* And a fresh look at the folder agrees. */
  reloaded = fs_palette_store_new (folder);
  load_store (reloaded);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 0);
}

static void
test_store_watches_folder (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "palettes-watch", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (path);
  g_autoptr(FsPaletteStore) store = fs_palette_store_new (folder);
  g_autofree char *dropped = NULL;
  g_autofree char *broken = NULL;
  StoreWait wait = { store, 1, "Dropped", 2 };
  static const char gpl[] = "GIMP Palette\nName: Dropped\n2 235 60\tGreen\n255 0 136\tPink\n";
  static const char edited[] = "GIMP Palette\nName: Dropped\n2 235 60\tGreen\n";

  load_store (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  /* A .gpl dropped into the folder by another program appears. */
  dropped = write_temp (path, "dropped.gpl", gpl, strlen (gpl));
  g_assert_true (fs_test_wait_for (store_palette_has, &wait, 5));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);

  /* Changed there, it changes here, in place. */
  g_assert_true (g_file_set_contents (dropped, edited, -1, NULL));
  wait.n_swatches = 1;
  g_assert_true (fs_test_wait_for (store_palette_has, &wait, 5));

  /* A broken file is skipped, not shown half-read. */
  broken = write_temp (path, "broken.gpl", "GIMP Palette\n1 2\n", 16);
  g_assert_true (fs_test_wait_for (warned, NULL, 5));
  g_assert_true (store_has_n (&wait));

  /* Removed there, it goes here. */
  g_unlink (dropped);
  wait.n_items = 0;
  g_assert_true (fs_test_wait_for (store_has_n, &wait, 5));
  g_unlink (broken);
}

/* Files that go away while the folder is being read (another program
 * saving through a temporary name, a sync client, a clean-up) are not
 * broken palettes: no warning, which the suite would turn into a crash
 * (G_DEBUG=fatal-warnings), and none left in the list. Many files make the
 * scan long enough for the removals, last first, to overtake it. */
static gboolean
store_rescan_due (gpointer data)
{
  return g_get_monotonic_time () > *(gint64 *) data;
}

static void
test_store_files_vanish (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "palettes-vanish", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (path);
  g_autoptr(FsPaletteStore) store = fs_palette_store_new (folder);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  StoreWait wait = { store, 300, NULL, 0 };
  static const char gpl[] = "GIMP Palette\nName: Passing\n2 235 60\tGreen\n";

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  for (guint i = 0; i < wait.n_items; i++)
    {
      g_autofree char *name = g_strdup_printf ("passing-%03u.gpl", i);

      g_ptr_array_add (files, write_temp (path, name, gpl, strlen (gpl)));
    }
  load_store (store);
  g_assert_true (store_has_n (&wait));

  /* Each removal starts a rescan once the folder has been quiet for a
   * moment (150 ms); remove the files in ten steps, each a little later,
   * so that some step lands while a scan reads. */
  for (guint step = 0; step < 10; step++)
    {
      gint64 due = g_get_monotonic_time () + (140 + 4 * step) * G_TIME_SPAN_MILLISECOND;

      fs_test_wait_for (store_rescan_due, &due, 1);
      for (guint i = 0; i < 30; i++)
        g_unlink (g_ptr_array_index (files, files->len - 1 - i));
      g_ptr_array_set_size (files, files->len - 30);
    }

  wait.n_items = 0;
  g_assert_true (fs_test_wait_for (store_has_n, &wait, 5));
  g_assert_cmpint (g_atomic_int_get (&skipped_warnings), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);

  g_test_add_func ("/palette/gpl/round-trip", test_gpl_round_trip);
  g_test_add_func ("/palette/gpl/gimp-file", test_gpl_read_gimp_file);
  g_test_add_func ("/palette/gpl/without-name", test_gpl_without_name);
  g_test_add_func ("/palette/gpl/malformed", test_gpl_malformed);
  g_test_add_func ("/palette/ase/adobe-file", test_ase_read_adobe_file);
  g_test_add_func ("/palette/ase/round-trip", test_ase_round_trip);
  g_test_add_func ("/palette/ase/malformed", test_ase_malformed);
  g_test_add_func ("/palette/text/css", test_text_css);
  g_test_add_func ("/palette/text/plain", test_text_plain);
  g_test_add_func ("/palette/text/malformed", test_text_malformed);
  g_test_add_func ("/palette/guess-format", test_guess_format);
  g_test_add_func ("/palette/files", test_import_export_files);
  g_test_add_func ("/palette/store/edit", test_store_edit);
  g_test_add_func ("/palette/store/files-vanish", test_store_files_vanish);
  g_test_add_func ("/palette/store/watches-folder", test_store_watches_folder);
  g_test_add_func ("/palette/store/writes-in-order", test_store_writes_in_order);

  return g_test_run ();
}
