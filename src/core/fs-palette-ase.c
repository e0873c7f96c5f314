/* fs-palette-ase.c
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

#include "fs-colour.h"
#include "fs-error.h"
#include "fs-palette.h"

/* Adobe Swatch Exchange 1.0, big-endian:
 *
 *   "ASEF"  u16 major (1)  u16 minor (0)  u32 number of blocks
 *   block:  u16 type  u32 length of the body  body
 *     0xC001 group start: u16 name length (UTF-16 units, with the final
 *            NUL), UTF-16BE name
 *     0xC002 group end: empty
 *     0x0001 colour: name as above, 4-byte model, float32 values, u16
 *            type (0 global, 1 spot, 2 normal)
 *   models: "RGB " 3 values 0…1; "CMYK" 4 values 0…1; "LAB " L 0…1
 *   (× 100), a and b −128…127, D50; "Gray" 1 value 0…1.
 *
 * Groups are flattened, their name kept as "Group / Swatch". CMYK goes to
 * sRGB through lcms2 with a CMYK ICC profile from the system (Ghostscript's
 * default_cmyk.icc, a SWOP-like press profile, on Debian in libgs-common),
 * relative colorimetric with black-point compensation as Adobe's
 * applications convert by default. lcms2 has no built-in CMYK profile:
 * where none is installed, the naive R = (1 − C)(1 − K) conversion is used
 * instead (g_debug says so). Lab goes through fs_colour_lab_to_rgb(). */

#define BLOCK_GROUP_START 0xC001
#define BLOCK_GROUP_END   0xC002
#define BLOCK_COLOUR      0x0001
#define HEADER_SIZE       12
#define BLOCK_HEADER_SIZE 6

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         offset;
  GError      **error;
} Reader;

static gboolean
fail_at (Reader     *reader,
         gsize       offset,
         const char *format,
         ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail_at (Reader     *reader,
         gsize       offset,
         const char *format,
         ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: where a binary palette file is malformed, "byte 132: …" */
  g_set_error (reader->error, FS_ERROR, FS_ERROR_INVALID, _("byte %u: %s"),
               (guint) offset, detail);
  return FALSE;
}

/* @problem says what is cut short: "the data ends inside a name". */
static gboolean
need (Reader     *reader,
      gsize       end,
      gsize       count,
      const char *problem)
{
  if (reader->offset + count <= end)
    return TRUE;
  return fail_at (reader, reader->offset, "%s", problem);
}

static guint16
read_u16 (Reader *reader)
{
  const guint8 *p = reader->data + reader->offset;

  reader->offset += 2;
  return (guint16) (p[0] << 8 | p[1]);
}

static guint32
read_u32 (Reader *reader)
{
  const guint8 *p = reader->data + reader->offset;

  reader->offset += 4;
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static float
read_float (Reader *reader)
{
  guint32 bits = read_u32 (reader);
  float value;

  memcpy (&value, &bits, sizeof value);
  return value;
}

/* u16 length in UTF-16 units, the final NUL included, then the units. */
static char *
read_name (Reader *reader,
           gsize   end)
{
  gsize start = reader->offset;
  g_autofree gunichar2 *units = NULL;
  g_autoptr(GError) local_error = NULL;
  guint16 n_units;
  char *name;

  if (!need (reader, end, 2, _("the data ends inside a name’s length")))
    return NULL;
  n_units = read_u16 (reader);
  if (!need (reader, end, 2 * (gsize) n_units, _("the data ends inside a name")))
    return NULL;

  units = g_new0 (gunichar2, n_units + 1);
  for (guint i = 0; i < n_units; i++)
    units[i] = read_u16 (reader);

  name = g_utf16_to_utf8 (units, n_units, NULL, NULL, &local_error);
  if (name == NULL)
    fail_at (reader, start, _("a name is not valid UTF-16"));
  return name;
}

static cmsHTRANSFORM
cmyk_transform (void)
{
  static cmsHTRANSFORM transform;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      const char * const relative[] = {
        "color/icc/ghostscript/default_cmyk.icc",
        "color/icc/colord/FOGRA39L_coated.icc",
        "color/icc/colord/SWOP_TR005_coated_5.icc",
      };
      g_autoptr(GPtrArray) dirs = g_ptr_array_new ();
      cmsHPROFILE cmyk = NULL;

      /* The system's data folders, and the usual ones even where
       * XDG_DATA_DIRS leaves them out (sandboxes, tests). */
      for (const char * const *d = g_get_system_data_dirs (); *d != NULL; d++)
        g_ptr_array_add (dirs, (gpointer) *d);
      g_ptr_array_add (dirs, (gpointer) "/usr/local/share");
      g_ptr_array_add (dirs, (gpointer) "/usr/share");

      for (guint d = 0; d < dirs->len && cmyk == NULL; d++)
        for (guint i = 0; i < G_N_ELEMENTS (relative) && cmyk == NULL; i++)
          {
            g_autofree char *path = g_build_filename (g_ptr_array_index (dirs, d), relative[i],
                                                      NULL);

            if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
              cmyk = cmsOpenProfileFromFile (path, "r");
            if (cmyk != NULL && cmsGetColorSpace (cmyk) != cmsSigCmykData)
              g_clear_pointer (&cmyk, cmsCloseProfile);
          }

      if (cmyk != NULL)
        {
          cmsHPROFILE srgb = cmsCreate_sRGBProfile ();

          transform = cmsCreateTransform (cmyk, TYPE_CMYK_DBL, srgb, TYPE_RGB_8,
                                          INTENT_RELATIVE_COLORIMETRIC,
                                          cmsFLAGS_BLACKPOINTCOMPENSATION | cmsFLAGS_NOCACHE);
          cmsCloseProfile (srgb);
          cmsCloseProfile (cmyk);
        }
      if (transform == NULL)
        g_debug ("No CMYK ICC profile found; CMYK swatches are converted naively");
      g_once_init_leave (&initialized, 1);
    }

  return transform;
}

static guint8
to_byte (double value)
{
  return (guint8) CLAMP (lround (value * 255.0), 0, 255);
}

static void
cmyk_to_rgb (const float *cmyk,
             guint8      *rgb)
{
  cmsHTRANSFORM transform = cmyk_transform ();

  if (transform != NULL)
    {
      /* lcms2 takes floating-point ink as percentages. */
      double ink[4];

      for (guint i = 0; i < 4; i++)
        ink[i] = CLAMP (cmyk[i], 0.0f, 1.0f) * 100.0;
      cmsDoTransform (transform, ink, rgb, 1);
      return;
    }

  for (guint i = 0; i < 3; i++)
    rgb[i] = to_byte ((1.0 - CLAMP (cmyk[i], 0.0f, 1.0f)) * (1.0 - CLAMP (cmyk[3], 0.0f, 1.0f)));
}

/* The model's values as sRGB; FALSE for an unknown model. */
static gboolean
convert (const char  *model,
         const float *values,
         guint8      *rgb)
{
  if (strcmp (model, "RGB ") == 0)
    {
      for (guint i = 0; i < 3; i++)
        rgb[i] = to_byte (values[i]);
    }
  else if (strcmp (model, "CMYK") == 0)
    cmyk_to_rgb (values, rgb);
  else if (strcmp (model, "LAB ") == 0)
    {
      FsLab lab = { values[0] * 100.0, values[1], values[2] };

      fs_colour_lab_to_rgb (&lab, &rgb[0], &rgb[1], &rgb[2]);
    }
  else if (strcmp (model, "Gray") == 0)
    rgb[0] = rgb[1] = rgb[2] = to_byte (values[0]);
  else
    return FALSE;

  return TRUE;
}

static guint
model_values (const char *model)
{
  if (strcmp (model, "CMYK") == 0)
    return 4;
  if (strcmp (model, "Gray") == 0)
    return 1;
  return 3;
}

static gboolean
read_model (Reader *reader,
            gsize   end,
            char   *model)
{
  if (!need (reader, end, 4, _("the data ends inside a colour model")))
    return FALSE;
  memcpy (model, reader->data + reader->offset, 4);
  model[4] = '\0';
  if (strcmp (model, "RGB ") != 0 && strcmp (model, "CMYK") != 0 &&
      strcmp (model, "LAB ") != 0 && strcmp (model, "Gray") != 0)
    {
      g_autofree char *shown = g_strescape (model, NULL);

      return fail_at (reader, reader->offset, _("unknown colour model “%s”"), shown);
    }
  reader->offset += 4;
  return TRUE;
}

static gboolean
read_colour (Reader     *reader,
             gsize       end,
             const char *group,
             FsPalette  *palette)
{
  g_autofree char *name = read_name (reader, end);
  g_autofree char *full_name = NULL;
  char model[5];
  float values[4] = { 0 };
  guint8 rgb[3];

  if (name == NULL || !read_model (reader, end, model))
    return FALSE;

  if (!need (reader, end, 4 * model_values (model) + 2,
             _("the data ends inside a colour’s values")))
    return FALSE;
  for (guint i = 0; i < model_values (model); i++)
    {
      gsize at = reader->offset;

      values[i] = read_float (reader);
      if (!isfinite (values[i]))
        return fail_at (reader, at, _("a colour value is not a number"));
    }
  read_u16 (reader);  /* global, spot or normal: all are colours here */

  convert (model, values, rgb);
  full_name = group != NULL && *group != '\0' && *name != '\0'
              ? g_strdup_printf ("%s / %s", group, name)
              : g_strdup (*name != '\0' ? name : (group != NULL ? group : ""));
  fs_palette_add_swatch (palette, full_name, rgb[0], rgb[1], rgb[2]);
  return TRUE;
}

static gboolean
read_block (Reader     *reader,
            guint       number,
            char      **group,
            FsPalette  *palette)
{
  gsize start = reader->offset;
  guint16 type;
  guint32 length;
  gsize end;

  if (!need (reader, reader->length, BLOCK_HEADER_SIZE,
             _("the data ends inside a block header")))
    return FALSE;
  type = read_u16 (reader);
  length = read_u32 (reader);
  if (length > reader->length - reader->offset)
    return fail_at (reader, start, _("block %u says it holds %u bytes but the file ends after %u"),
                    number, length, (guint) (reader->length - reader->offset));
  end = reader->offset + length;

  if (type == BLOCK_GROUP_START)
    {
      g_free (*group);
      *group = length > 0 ? read_name (reader, end) : g_strdup ("");
      if (*group == NULL)
        return FALSE;
    }
  else if (type == BLOCK_GROUP_END)
    g_clear_pointer (group, g_free);
  else if (type == BLOCK_COLOUR)
    {
      if (!read_colour (reader, end, *group, palette))
        return FALSE;
    }
  /* Blocks of unknown types are skipped whole, as Adobe's readers do. */

  reader->offset = end;
  return TRUE;
}

FsPalette *
fs_palette_parse_ase (const guint8  *data,
                      gsize          length,
                      const char    *fallback_name,
                      GError       **error)
{
  g_autoptr(FsPalette) palette = fs_palette_new (fallback_name);
  g_autofree char *group = NULL;
  Reader reader = { data, length, 0, error };
  guint16 major, minor;
  guint32 n_blocks;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length < 4 || memcmp (data, "ASEF", 4) != 0)
    {
      fail_at (&reader, 0, _("not an Adobe Swatch Exchange file (no “ASEF” signature)"));
      return NULL;
    }
  reader.offset = 4;
  if (!need (&reader, length, HEADER_SIZE - 4, _("the data ends inside the header")))
    return NULL;
  major = read_u16 (&reader);
  minor = read_u16 (&reader);
  if (major != 1)
    {
      fail_at (&reader, 4, _("unsupported version %u.%u (only 1.x is known)"), major, minor);
      return NULL;
    }
  n_blocks = read_u32 (&reader);

  for (guint32 i = 0; i < n_blocks; i++)
    if (!read_block (&reader, i + 1, &group, palette))
      return NULL;

  return g_steal_pointer (&palette);
}

static void
put_u16 (GByteArray *out,
         guint16     value)
{
  guint8 bytes[2] = { value >> 8, value & 0xff };

  g_byte_array_append (out, bytes, 2);
}

static void
put_u32 (GByteArray *out,
         guint32     value)
{
  guint8 bytes[4] = { value >> 24, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff };

  g_byte_array_append (out, bytes, 4);
}

static void
put_float (GByteArray *out,
           float       value)
{
  guint32 bits;

  memcpy (&bits, &value, sizeof bits);
  put_u32 (out, bits);
}

/* One RGB colour block; a swatch without a name is named by its code,
 * which is how Illustrator shows it. */
static void
put_colour (GByteArray     *out,
            const FsSwatch *swatch)
{
  g_autofree char *code = fs_colour_format_hex (swatch->r, swatch->g, swatch->b);
  const char *name = swatch->name != NULL && *swatch->name != '\0' ? swatch->name : code;
  glong n_units = 0;
  g_autofree gunichar2 *units = g_utf8_to_utf16 (name, -1, NULL, &n_units, NULL);

  if (units == NULL || n_units > G_MAXUINT16 - 1)
    {
      g_clear_pointer (&units, g_free);
      units = g_utf8_to_utf16 (code, -1, NULL, &n_units, NULL);
    }

  put_u16 (out, BLOCK_COLOUR);
  put_u32 (out, 2 + 2 * (n_units + 1) + 4 + 3 * 4 + 2);
  put_u16 (out, n_units + 1);
  for (glong i = 0; i <= n_units; i++)
    put_u16 (out, units[i]);
  g_byte_array_append (out, (const guint8 *) "RGB ", 4);
  put_float (out, swatch->r / 255.0f);
  put_float (out, swatch->g / 255.0f);
  put_float (out, swatch->b / 255.0f);
  put_u16 (out, 2);  /* normal (process) colour */
}

GBytes *
fs_palette_to_ase (FsPalette *self)
{
  GByteArray *out = g_byte_array_new ();
  GPtrArray *swatches;

  g_return_val_if_fail (FS_IS_PALETTE (self), NULL);

  swatches = fs_palette_get_swatches (self);
  g_byte_array_append (out, (const guint8 *) "ASEF", 4);
  put_u16 (out, 1);
  put_u16 (out, 0);
  put_u32 (out, swatches->len);
  for (guint i = 0; i < swatches->len; i++)
    put_colour (out, g_ptr_array_index (swatches, i));

  return g_byte_array_free_to_bytes (out);
}
