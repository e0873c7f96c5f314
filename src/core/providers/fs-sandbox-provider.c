/* fs-sandbox-provider.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>

#include "fs-error.h"
#include "fs-image-private.h"
#include "fs-mask.h"
#include "fs-provider-private.h"
#include "fs-sandbox-provider.h"

/* An offline stand-in for a model, so the whole app can be tried and tested
 * without an account. It draws, in process, a picture that is a pure
 * function of the request: the prompt's hex colours as large blocks, the
 * references as thumbnails in tray order, and soft blobs placed by a PRNG
 * seeded from the prompt, the parameters, the seed and the output index.
 * For the models that edit an image it changes that image instead: Fill
 * paints the blobs where the mask is white, in proportion to it, and
 * leaves every other pixel as it was; Expand puts the image on a larger
 * canvas at its margins and fills them, fading from the image's edges into
 * the blobs (docs/ARCHITECTURE.md, “Editing images”). */
struct _FsSandboxProvider
{
  GObject parent_instance;
};

static void fs_sandbox_provider_iface_init (FsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FsSandboxProvider, fs_sandbox_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FS_TYPE_PROVIDER,
                                                      fs_sandbox_provider_iface_init))

#define DEFAULT_SIDE       1024
/* A 4 MP image with 2048 pixels added on each side stays within these. */
#define MAX_SIDE           8192
#define MAX_PIXELS         (48 * 1024 * 1024)
#define EDGE_FADE_MIN      16    /* pixels over which Expand leaves the image */
#define MAX_COLOURS        8
#define FIELD_LONG_SIDE    160   /* blobs are shaded at this size, then scaled */
#define BAND_SHARE         0.55  /* of the height, for the prompt's colours */
#define JPEG_QUALITY       "90"
#define PNG_COMPRESSION    "3"

typedef struct
{
  guint8 r, g, b;
} Rgb;

typedef struct
{
  double x, y, radius, strength;
  Rgb    colour;
} Blob;

/* Colours */

static guint8
hex_value (char c)
{
  return (guint8) g_ascii_xdigit_value (c);
}

static Rgb
parse_hex (const char *digits,
           guint       n_digits)
{
  Rgb rgb;

  if (n_digits == 3)
    {
      rgb.r = hex_value (digits[0]) * 17;
      rgb.g = hex_value (digits[1]) * 17;
      rgb.b = hex_value (digits[2]) * 17;
    }
  else
    {
      rgb.r = hex_value (digits[0]) * 16 + hex_value (digits[1]);
      rgb.g = hex_value (digits[2]) * 16 + hex_value (digits[3]);
      rgb.b = hex_value (digits[4]) * 16 + hex_value (digits[5]);
    }

  return rgb;
}

static gboolean
contains_colour (GArray *colours,
                 Rgb     rgb)
{
  for (guint i = 0; i < colours->len; i++)
    {
      Rgb *other = &g_array_index (colours, Rgb, i);

      if (other->r == rgb.r && other->g == rgb.g && other->b == rgb.b)
        return TRUE;
    }

  return FALSE;
}

/* "#rgb" and "#rrggbb", any case, not followed by another hex digit: a
 * brand colour written in the prompt is a colour, never a comment. */
static GArray *
find_hex_colours (const char *prompt)
{
  GArray *colours = g_array_new (FALSE, FALSE, sizeof (Rgb));

  for (const char *p = prompt; p != NULL && *p != '\0'; p++)
    {
      guint n = 0;
      Rgb rgb;

      if (*p != '#')
        continue;

      while (n < 7 && g_ascii_isxdigit (p[1 + n]))
        n++;
      if (n != 3 && n != 6)
        continue;

      rgb = parse_hex (p + 1, n);
      if (!contains_colour (colours, rgb))
        g_array_append_val (colours, rgb);
      if (colours->len == MAX_COLOURS)
        break;
    }

  return colours;
}

static Rgb
hsv_to_rgb (double h,
            double s,
            double v)
{
  double f = h * 6 - floor (h * 6);
  double p = v * (1 - s);
  double q = v * (1 - f * s);
  double t = v * (1 - (1 - f) * s);
  double r, g, b;
  Rgb rgb;

  switch ((int) floor (h * 6) % 6)
    {
    case 0:  r = v; g = t; b = p; break;
    case 1:  r = q; g = v; b = p; break;
    case 2:  r = p; g = v; b = t; break;
    case 3:  r = p; g = q; b = v; break;
    case 4:  r = t; g = p; b = v; break;
    default: r = v; g = p; b = q; break;
    }

  rgb.r = (guint8) lround (r * 255);
  rgb.g = (guint8) lround (g * 255);
  rgb.b = (guint8) lround (b * 255);
  return rgb;
}

/* Prompts without hex colours still get a stable palette of their own. */
static GArray *
palette_from_prompt (const char *prompt)
{
  GArray *colours = g_array_new (FALSE, FALSE, sizeof (Rgb));
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) (prompt != NULL ? prompt : ""), -1);
  g_checksum_get_digest (checksum, digest, &digest_len);

  for (guint i = 0; i < 4; i++)
    {
      double hue = fmod (digest[0] / 256.0 + i * 0.17 + digest[i + 1] / 2048.0, 1.0);
      double saturation = 0.45 + digest[i + 5] / 255.0 * 0.3;
      double value = 0.7 + digest[i + 9] / 255.0 * 0.25;
      Rgb rgb = hsv_to_rgb (hue, saturation, value);

      g_array_append_val (colours, rgb);
    }

  return colours;
}

static Rgb
mix (Rgb    a,
     Rgb    b,
     double t)
{
  Rgb rgb;

  rgb.r = (guint8) lround (a.r + (b.r - a.r) * t);
  rgb.g = (guint8) lround (a.g + (b.g - a.g) * t);
  rgb.b = (guint8) lround (a.b + (b.b - a.b) * t);
  return rgb;
}

/* The seed */

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
hash_params (GChecksum *checksum,
             FsRequest *request)
{
  g_auto(GStrv) names = fs_request_list_params (request);
  guint n_names = names != NULL ? g_strv_length (names) : 0;

  /* The order must never depend on how the request stores them. */
  g_qsort_with_data (names, n_names, sizeof (char *), compare_names, NULL);

  for (guint i = 0; i < n_names; i++)
    {
      GVariant *value = fs_request_get_param (request, names[i]);
      g_autofree char *text = NULL;

      /* The encoding and the batch size do not change the picture. */
      if (value == NULL ||
          g_str_equal (names[i], "output_format") ||
          g_str_equal (names[i], "num_outputs"))
        continue;

      /* Untyped, so that seed 5 is seed 5 whether int32 or int64. */
      text = g_variant_print (value, FALSE);
      g_checksum_update (checksum, (const guchar *) names[i], -1);
      g_checksum_update (checksum, (const guchar *) "=", 1);
      g_checksum_update (checksum, (const guchar *) text, -1);
      g_checksum_update (checksum, (const guchar *) "\n", 1);
    }
}

/* A generator that depends on everything that defines the picture and on
 * nothing else (no time, no address), so equal requests give equal bytes. */
static GRand *
seeded_rand (FsRequest *request,
             guint      index)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *prompt = fs_request_get_prompt (request);
  GPtrArray *references = fs_request_get_references (request);
  g_autofree char *index_text = g_strdup_printf ("#%u", index);
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  guint32 seed[8];

  g_checksum_update (checksum, (const guchar *) (prompt != NULL ? prompt : ""), -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  hash_params (checksum, request);

  for (guint i = 0; references != NULL && i < references->len; i++)
    g_checksum_update (checksum, (const guchar *)
                       fs_reference_get_sha256 (g_ptr_array_index (references, i)), -1);
  if (fs_request_get_image_sha256 (request) != NULL)
    g_checksum_update (checksum, (const guchar *) fs_request_get_image_sha256 (request), -1);
  if (fs_request_get_mask_sha256 (request) != NULL)
    g_checksum_update (checksum, (const guchar *) fs_request_get_mask_sha256 (request), -1);

  g_checksum_update (checksum, (const guchar *) index_text, -1);
  g_checksum_get_digest (checksum, digest, &digest_len);

  for (guint i = 0; i < G_N_ELEMENTS (seed); i++)
    seed[i] = ((guint32) digest[4 * i] << 24) | ((guint32) digest[4 * i + 1] << 16) |
              ((guint32) digest[4 * i + 2] << 8) | digest[4 * i + 3];

  return g_rand_new_with_seed_array (seed, G_N_ELEMENTS (seed));
}

/* The seeded field */

static guint
make_blobs (GRand     *rand,
            GArray    *palette,
            Blob      *blobs,
            guint      max_blobs)
{
  guint n_blobs = g_rand_int_range (rand, max_blobs / 2, max_blobs + 1);

  for (guint i = 0; i < n_blobs; i++)
    {
      guint pick = g_rand_int_range (rand, 0, palette->len);

      blobs[i].x = g_rand_double (rand);
      blobs[i].y = g_rand_double (rand);
      blobs[i].radius = g_rand_double_range (rand, 0.12, 0.42);
      blobs[i].strength = g_rand_double_range (rand, 0.55, 0.95);
      blobs[i].colour = g_array_index (palette, Rgb, pick);
    }

  return n_blobs;
}

static Rgb
shade (double      x,
       double      y,
       Rgb         base,
       const Blob *blobs,
       guint       n_blobs)
{
  Rgb colour = base;

  for (guint i = 0; i < n_blobs; i++)
    {
      double dx = x - blobs[i].x;
      double dy = y - blobs[i].y;
      double d2 = (dx * dx + dy * dy) / (blobs[i].radius * blobs[i].radius);

      colour = mix (colour, blobs[i].colour, blobs[i].strength * exp (-d2));
    }

  return colour;
}

/* Soft gradient blobs, shaded on a small grid and scaled up smoothly: the
 * cost stays the same whatever the output size. */
static GdkPixbuf *
render_field (GRand  *rand,
              GArray *palette,
              guint   width,
              guint   height)
{
  g_autoptr(GdkPixbuf) field = NULL;
  guint field_width = MAX (1, width >= height ? FIELD_LONG_SIDE
                                              : FIELD_LONG_SIDE * width / height);
  guint field_height = MAX (1, height >= width ? FIELD_LONG_SIDE
                                               : FIELD_LONG_SIDE * height / width);
  Rgb white = { 255, 255, 255 };
  Rgb base = mix (g_array_index (palette, Rgb, 0), white, 0.6);
  Blob blobs[12];
  guint n_blobs = make_blobs (rand, palette, blobs, G_N_ELEMENTS (blobs));
  guchar *pixels;
  int stride;

  field = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, field_width, field_height);
  pixels = gdk_pixbuf_get_pixels (field);
  stride = gdk_pixbuf_get_rowstride (field);

  for (guint y = 0; y < field_height; y++)
    for (guint x = 0; x < field_width; x++)
      {
        Rgb rgb = shade ((x + 0.5) / field_width, (y + 0.5) / field_height,
                         base, blobs, n_blobs);
        guchar *p = pixels + y * stride + x * 3;

        p[0] = rgb.r;
        p[1] = rgb.g;
        p[2] = rgb.b;
      }

  return gdk_pixbuf_scale_simple (field, width, height, GDK_INTERP_BILINEAR);
}

/* Drawing */

static void
fill_rect (GdkPixbuf *canvas,
           int        x,
           int        y,
           int        width,
           int        height,
           Rgb        rgb)
{
  g_autoptr(GdkPixbuf) area = NULL;

  if (width <= 0 || height <= 0)
    return;

  area = gdk_pixbuf_new_subpixbuf (canvas, x, y, width, height);
  gdk_pixbuf_fill (area, ((guint32) rgb.r << 24) | ((guint32) rgb.g << 16) |
                         ((guint32) rgb.b << 8) | 0xff);
}

/* The lower part of the canvas is split into one solid block per colour,
 * so every colour the prompt names covers a measurable share of it. */
static void
draw_bands (GdkPixbuf *canvas,
            GArray    *colours)
{
  int width = gdk_pixbuf_get_width (canvas);
  int height = gdk_pixbuf_get_height (canvas);
  int band_height = (int) lround (height * BAND_SHARE);
  int top = height - band_height;

  for (guint i = 0; i < colours->len; i++)
    {
      int x0 = (int) ((gint64) width * i / colours->len);
      int x1 = (int) ((gint64) width * (i + 1) / colours->len);

      fill_rect (canvas, x0, top, x1 - x0, band_height,
                 g_array_index (colours, Rgb, i));
    }
}

/* The loader is picked by the bytes' own signature, not by gdk-pixbuf's
 * guess, which needs shared-mime-info (a sandbox may hide it). */
static GdkPixbuf *
decode_reference (FsReference *reference)
{
  GBytes *bytes = fs_reference_get_bytes (reference);
  g_autoptr(GdkPixbufLoader) loader = _fs_image_loader_new (bytes, NULL);
  GdkPixbuf *pixbuf;
  gboolean decoded;

  if (loader == NULL)
    return NULL;

  /* The loader must be closed even after a failed write. */
  decoded = gdk_pixbuf_loader_write_bytes (loader, bytes, NULL);
  decoded = gdk_pixbuf_loader_close (loader, NULL) && decoded;
  if (!decoded)
    return NULL;

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  return pixbuf != NULL ? g_object_ref (pixbuf) : NULL;
}

static void
draw_thumbnail (GdkPixbuf   *canvas,
                FsReference *reference,
                int          x,
                int          y,
                int          cell)
{
  g_autoptr(GdkPixbuf) image = decode_reference (reference);
  g_autoptr(GdkPixbuf) thumb = NULL;
  int frame = MAX (1, cell / 40);
  int inner = cell - 2 * frame;
  int thumb_width, thumb_height;
  Rgb white = { 255, 255, 255 };
  Rgb grey = { 128, 128, 128 };

  fill_rect (canvas, x, y, cell, cell, white);
  if (image == NULL || inner < 1)
    {
      fill_rect (canvas, x + frame, y + frame, inner, inner, grey);
      return;
    }

  /* Fit inside the frame, keeping the reference's proportions. */
  thumb_width = inner;
  thumb_height = MAX (1, inner * gdk_pixbuf_get_height (image) /
                         gdk_pixbuf_get_width (image));
  if (thumb_height > inner)
    {
      thumb_height = inner;
      thumb_width = MAX (1, inner * gdk_pixbuf_get_width (image) /
                            gdk_pixbuf_get_height (image));
    }

  thumb = gdk_pixbuf_scale_simple (image, thumb_width, thumb_height,
                                   GDK_INTERP_BILINEAR);
  gdk_pixbuf_composite (thumb, canvas,
                        x + frame + (inner - thumb_width) / 2,
                        y + frame + (inner - thumb_height) / 2,
                        thumb_width, thumb_height,
                        x + frame + (inner - thumb_width) / 2,
                        y + frame + (inner - thumb_height) / 2,
                        1, 1, GDK_INTERP_NEAREST, 255);
}

/* References sit in a row along the top, "image 1" first, in the part of
 * the canvas the colour blocks leave free. */
static void
draw_references (GdkPixbuf *canvas,
                 GPtrArray *references)
{
  int width = gdk_pixbuf_get_width (canvas);
  int height = gdk_pixbuf_get_height (canvas);
  int free_height = height - (int) lround (height * BAND_SHARE);
  int columns;
  int margin;
  int cell;

  if (references == NULL || references->len == 0)
    return;

  columns = MAX (4, (int) references->len);
  margin = MAX (1, width / 64);
  cell = MIN ((width - margin * (columns + 1)) / columns, free_height - 2 * margin);
  if (cell < 3)
    return;

  for (guint i = 0; i < references->len; i++)
    draw_thumbnail (canvas, g_ptr_array_index (references, i),
                    margin + (int) i * (cell + margin), margin, cell);
}

/* Encoding */

static gboolean
can_save (const char *format)
{
  g_autoptr(GSList) formats = gdk_pixbuf_get_formats ();

  for (GSList *l = formats; l != NULL; l = l->next)
    {
      GdkPixbufFormat *info = l->data;
      g_autofree char *name = gdk_pixbuf_format_get_name (info);

      if (g_str_equal (name, format) && gdk_pixbuf_format_is_writable (info))
        return TRUE;
    }

  return FALSE;
}

static const char *
pick_format (FsRequest *request)
{
  GVariant *value = fs_request_get_param (request, "output_format");
  const char *format = "jpeg";

  if (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    format = g_variant_get_string (value, NULL);

  if (g_ascii_strcasecmp (format, "png") == 0)
    return "png";
  /* Without a WebP saver, PNG is the lossless stand-in. */
  if (g_ascii_strcasecmp (format, "webp") == 0)
    return can_save ("webp") ? "webp" : "png";

  return "jpeg";
}

/* No option that carries a time or a path is passed, so the encoders
 * write the same bytes for the same pixels. */
static GBytes *
encode (GdkPixbuf   *canvas,
        const char  *format,
        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *buffer = NULL;
  gsize size = 0;
  gboolean saved;

  if (g_str_equal (format, "jpeg"))
    saved = gdk_pixbuf_save_to_buffer (canvas, &buffer, &size, "jpeg", &local_error,
                                       "quality", JPEG_QUALITY, NULL);
  else if (g_str_equal (format, "png"))
    saved = gdk_pixbuf_save_to_buffer (canvas, &buffer, &size, "png", &local_error,
                                       "compression", PNG_COMPRESSION, NULL);
  else
    saved = gdk_pixbuf_save_to_buffer (canvas, &buffer, &size, format, &local_error,
                                       NULL);

  if (!saved)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_FAILED,
                   _("The sandbox could not encode its image: %s"),
                   local_error->message);
      return NULL;
    }

  return g_bytes_new_take (buffer, size);
}

/* Synthesis */

static gboolean
get_canvas_size (FsRequest  *request,
                 FsModel    *model,
                 guint      *width,
                 guint      *height,
                 GError    **error)
{
  gint64 w, h;

  if (!fs_request_get_output_size (request, model, width, height))
    {
      *width = *height = DEFAULT_SIDE;
      if (fs_request_get_int (request, "width", &w) &&
          fs_request_get_int (request, "height", &h) &&
          w > 0 && h > 0 && w <= MAX_SIDE && h <= MAX_SIDE)
        {
          *width = (guint) w;
          *height = (guint) h;
        }
    }

  /* Far beyond any FLUX size, so only a broken catalog gets here. */
  if (*width == 0 || *height == 0 || *width > MAX_SIDE || *height > MAX_SIDE ||
      (guint64) *width * *height > MAX_PIXELS)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("The sandbox draws at most %u megapixels and %u pixels a "
                     "side, not %u×%u"),
                   MAX_PIXELS / (1024 * 1024), MAX_SIDE, *width, *height);
      return FALSE;
    }

  return TRUE;
}

/* Editing: Fill and Expand */

/* The image as opaque RGB: transparent parts over white, as a JPEG
 * result would show them. */
static GdkPixbuf *
decode_opaque (FsReference  *image,
               GError      **error)
{
  g_autoptr(GdkPixbuf) decoded = decode_reference (image);
  GdkPixbuf *opaque;
  int width, height;

  if (decoded == NULL)
    {
      g_set_error_literal (error, FS_ERROR, FS_ERROR_INVALID,
                           _("The sandbox could not read the image to edit"));
      return NULL;
    }

  if (!gdk_pixbuf_get_has_alpha (decoded))
    return g_steal_pointer (&decoded);

  width = gdk_pixbuf_get_width (decoded);
  height = gdk_pixbuf_get_height (decoded);
  opaque = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  gdk_pixbuf_fill (opaque, 0xffffffff);
  gdk_pixbuf_composite (decoded, opaque, 0, 0, width, height, 0, 0, 1, 1,
                        GDK_INTERP_NEAREST, 255);
  return opaque;
}

/* Each pixel moves from the image to the field as far as the mask says:
 * where the mask is 0 the image's pixel is kept exactly. */
static gboolean
fill_masked (GdkPixbuf   *canvas,
             GdkPixbuf   *field,
             FsReference *mask,
             GError     **error)
{
  int width = gdk_pixbuf_get_width (canvas);
  int height = gdk_pixbuf_get_height (canvas);
  int canvas_stride = gdk_pixbuf_get_rowstride (canvas);
  int field_stride = gdk_pixbuf_get_rowstride (field);
  guint8 *pixels = gdk_pixbuf_get_pixels (canvas);
  const guint8 *field_pixels = gdk_pixbuf_read_pixels (field);
  g_autoptr(GBytes) values = NULL;
  const guint8 *mask_values;
  guint mask_width, mask_height;

  values = fs_mask_decode (fs_reference_get_bytes (mask), &mask_width, &mask_height, error);
  if (values == NULL)
    return FALSE;
  if (mask_width != (guint) width || mask_height != (guint) height)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("The mask is %u×%u but the image is %u×%u: a mask must be the size "
                     "of its image"),
                   mask_width, mask_height, (guint) width, (guint) height);
      return FALSE;
    }

  mask_values = g_bytes_get_data (values, NULL);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint m = mask_values[(gsize) y * width + x];
        guint8 *p = pixels + (gsize) y * canvas_stride + (gsize) x * 3;
        const guint8 *f = field_pixels + (gsize) y * field_stride + (gsize) x * 3;

        if (m == 0)
          continue;
        for (int c = 0; c < 3; c++)
          p[c] = (guint8) ((p[c] * (255 - m) + f[c] * m + 127) / 255);
      }

  return TRUE;
}

/* The image at its margins, its pixels copied exactly; around it each new
 * pixel starts as the nearest edge pixel and fades into the field. */
static void
expand_into (GdkPixbuf *canvas,
             GdkPixbuf *image,
             guint      left,
             guint      top)
{
  int width = gdk_pixbuf_get_width (canvas);
  int height = gdk_pixbuf_get_height (canvas);
  int image_width = gdk_pixbuf_get_width (image);
  int image_height = gdk_pixbuf_get_height (image);
  int stride = gdk_pixbuf_get_rowstride (canvas);
  int image_stride = gdk_pixbuf_get_rowstride (image);
  guint8 *pixels = gdk_pixbuf_get_pixels (canvas);
  const guint8 *image_pixels = gdk_pixbuf_read_pixels (image);
  double fade = MAX (EDGE_FADE_MIN, MIN (image_width, image_height) / 4.0);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        int ix = CLAMP (x - (int) left, 0, image_width - 1);
        int iy = CLAMP (y - (int) top, 0, image_height - 1);
        int dx = ABS (x - (int) left - ix);
        int dy = ABS (y - (int) top - iy);
        const guint8 *src = image_pixels + (gsize) iy * image_stride + (gsize) ix * 3;
        guint8 *p = pixels + (gsize) y * stride + (gsize) x * 3;
        double t = MIN (1.0, MAX (dx, dy) / fade);

        for (int c = 0; c < 3; c++)
          p[c] = (guint8) lround (src[c] + (p[c] - src[c]) * t);
      }
}

static GBytes *
synthesize_edit (FsRequest  *request,
                 FsModel    *model,
                 GArray     *colours,
                 GRand      *rand,
                 guint       width,
                 guint       height,
                 GError    **error)
{
  FsReference *image = fs_request_get_image (request);
  FsReference *mask = fs_request_get_mask (request);
  g_autoptr(GdkPixbuf) picture = NULL;
  g_autoptr(GdkPixbuf) field = NULL;
  FsMargins margins;

  if (image == NULL)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("%s changes an image: open the image to edit"), fs_model_get_name (model));
      return NULL;
    }

  if ((picture = decode_opaque (image, error)) == NULL)
    return NULL;

  field = render_field (rand, colours, width, height);
  fs_request_get_margins (request, &margins);

  if (mask != NULL)
    {
      if (!fill_masked (picture, field, mask, error))
        return NULL;
      return encode (picture, pick_format (request), error);
    }

  expand_into (field, picture, margins.left, margins.top);
  return encode (field, pick_format (request), error);
}

static GBytes *
fs_sandbox_provider_synthesize (FsProvider  *provider,
                                FsRequest   *request,
                                FsModel     *model,
                                guint        index,
                                GError     **error)
{
  g_autoptr(GArray) colours = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GdkPixbuf) canvas = NULL;
  guint width, height;

  if (!get_canvas_size (request, model, &width, &height, error))
    return NULL;

  colours = find_hex_colours (fs_request_get_prompt (request));
  if (colours->len == 0)
    {
      g_array_unref (colours);
      colours = palette_from_prompt (fs_request_get_prompt (request));
    }

  rand = seeded_rand (request, index);
  if (fs_model_get_image_wire (model, fs_provider_get_id (provider)) != NULL)
    return synthesize_edit (request, model, colours, rand, width, height, error);

  canvas = render_field (rand, colours, width, height);
  if (canvas == NULL)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_FAILED,
                   _("The sandbox could not allocate a %u×%u image"), width, height);
      return NULL;
    }

  draw_bands (canvas, colours);
  draw_references (canvas, fs_request_get_references (request));

  return encode (canvas, pick_format (request), error);
}

/* GObject */

static void
fs_sandbox_provider_iface_init (FsProviderInterface *iface)
{
  iface->synthesize = fs_sandbox_provider_synthesize;
}

static void
fs_sandbox_provider_class_init (FsSandboxProviderClass *klass)
{
  _fs_provider_class_init_common (G_OBJECT_CLASS (klass));
}

static void
fs_sandbox_provider_init (FsSandboxProvider *self)
{
}
