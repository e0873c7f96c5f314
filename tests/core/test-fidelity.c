/* test-fidelity.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "fs-colour.h"
#include "fs-error.h"
#include "fs-job.h"
#include "fs-test-util.h"

/* Dominant colours and the colour-fidelity check on synthetic images with
 * known proportions, and the check landing on a sandbox result: sidecar,
 * index and the asset the gallery shows. */

typedef struct
{
  guint32 rgba;     /* 0xrrggbbaa */
  double  share;    /* of the width, in vertical bands */
} Band;

static char *tmp_dir;

/* Helpers: images */

static void
fill_rect (GdkPixbuf *pixbuf,
           int        x0,
           int        width,
           guint32    rgba)
{
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);

  for (int y = 0; y < gdk_pixbuf_get_height (pixbuf); y++)
    for (int x = x0; x < x0 + width; x++)
      {
        guint8 *p = pixels + y * stride + x * channels;

        p[0] = rgba >> 24;
        p[1] = (rgba >> 16) & 0xff;
        p[2] = (rgba >> 8) & 0xff;
        if (channels == 4)
          p[3] = rgba & 0xff;
      }
}

static GdkPixbuf *
bands_image (const Band *bands,
             guint       n_bands,
             gboolean    alpha,
             int         width,
             int         height)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);
  int x = 0;

  for (guint i = 0; i < n_bands; i++)
    {
      int w = i + 1 == n_bands ? width - x : (int) lround (bands[i].share * width);

      fill_rect (pixbuf, x, w, bands[i].rgba);
      x += w;
    }

  return pixbuf;
}

/* Shading and sensor-like noise, ±@amplitude levels, deterministic. */
static void
add_noise (GdkPixbuf *pixbuf,
           int        amplitude)
{
  GRand *rand = g_rand_new_with_seed (42);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);

  for (int y = 0; y < gdk_pixbuf_get_height (pixbuf); y++)
    for (int x = 0; x < gdk_pixbuf_get_width (pixbuf); x++)
      for (int c = 0; c < 3; c++)
        {
          guint8 *p = pixels + y * stride + x * channels + c;
          int value = *p + g_rand_int_range (rand, -amplitude, amplitude + 1);

          *p = CLAMP (value, 0, 255);
        }
  g_rand_free (rand);
}

static char *
save_image (GdkPixbuf  *pixbuf,
            const char *name,
            const char *type)
{
  char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (g_str_equal (type, "jpeg"))
    gdk_pixbuf_save (pixbuf, path, type, &error, "quality", "90", NULL);
  else
    gdk_pixbuf_save (pixbuf, path, type, &error, NULL);
  g_assert_no_error (error);
  return path;
}

/* Helpers: colours, synchronously */

static GArray *
extract (const char *path,
         guint       max)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GArray *colours;

  fs_colour_extract_async (path, max, NULL, fs_test_result_cb, &result);
  colours = fs_colour_extract_finish (fs_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return colours;
}

static GArray *
check (const char         *path,
       const char * const *codes,
       GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fs_colour_check_async (path, codes, NULL, fs_test_result_cb, &result);
  return fs_colour_check_finish (fs_test_wait_result (&result), error);
}

static double
delta_e (const guint8 *x,
         guint32       rgba)
{
  FsLab a, b;

  fs_colour_rgb_to_lab (x[0], x[1], x[2], &a);
  fs_colour_rgb_to_lab (rgba >> 24, (rgba >> 16) & 0xff, (rgba >> 8) & 0xff, &b);
  return fs_colour_delta_e2000 (&a, &b);
}

static const Band flag[] = {
  { 0xff0000ff, 0.60 },
  { 0x0000ffff, 0.30 },
  { 0xffffffff, 0.10 },
};

/* Dominant colours */

static void
assert_dominant (GArray  *colours,
                 double   tolerance,
                 double   max_delta_e)
{
  g_assert_cmpuint (colours->len, >=, 3);
  for (guint i = 0; i < 3; i++)
    {
      FsDominantColour *colour = &g_array_index (colours, FsDominantColour, i);

      g_assert_cmpfloat_with_epsilon (colour->share, flag[i].share, tolerance);
      g_assert_cmpfloat (delta_e (&colour->r, flag[i].rgba), <=, max_delta_e);
    }
}

static void
test_dominant_exact (void)
{
  g_autoptr(GdkPixbuf) pixbuf = bands_image (flag, 3, FALSE, 500, 200);
  g_autofree char *path = save_image (pixbuf, "flag.png", "png");
  g_autoptr(GArray) colours = extract (path, 8);
  FsDominantColour *first = &g_array_index (colours, FsDominantColour, 0);

  /* Three colours only: there are no more to find. */
  g_assert_cmpuint (colours->len, ==, 3);
  assert_dominant (colours, 0.02, 0.0);
  g_assert_cmpuint (first->r, ==, 255);
  g_assert_cmpuint (first->g, ==, 0);
  g_assert_cmpuint (first->b, ==, 0);
}

static void
test_dominant_jpeg_noise (void)
{
  g_autoptr(GdkPixbuf) pixbuf = bands_image (flag, 3, FALSE, 800, 600);
  g_autofree char *path = NULL;
  g_autoptr(GArray) colours = NULL;
  double total = 0.0;

  add_noise (pixbuf, 6);
  path = save_image (pixbuf, "flag.jpg", "jpeg");
  colours = extract (path, 8);

  g_assert_cmpuint (colours->len, <=, 8);
  assert_dominant (colours, 0.02, 2.0);
  for (guint i = 0; i < colours->len; i++)
    total += g_array_index (colours, FsDominantColour, i).share;
  g_assert_cmpfloat_with_epsilon (total, 1.0, 1e-9);
}

static void
test_dominant_max_colours (void)
{
  static const Band many[] = {
    { 0xff0000ff, 0.2 }, { 0x00ff00ff, 0.2 }, { 0x0000ffff, 0.15 }, { 0xffff00ff, 0.15 },
    { 0x00ffffff, 0.1 }, { 0xff00ffff, 0.1 }, { 0x000000ff, 0.05 }, { 0xffffffff, 0.05 },
  };
  g_autoptr(GdkPixbuf) pixbuf = bands_image (many, G_N_ELEMENTS (many), FALSE, 400, 100);
  g_autofree char *path = save_image (pixbuf, "many.png", "png");
  g_autoptr(GArray) eight = extract (path, 8);
  g_autoptr(GArray) five = extract (path, 5);

  g_assert_cmpuint (eight->len, ==, 8);
  g_assert_cmpuint (five->len, ==, 5);
  /* Largest first. */
  for (guint i = 1; i < eight->len; i++)
    g_assert_cmpfloat (g_array_index (eight, FsDominantColour, i - 1).share, >=,
                       g_array_index (eight, FsDominantColour, i).share);
}

/* The fidelity check */

static const Band logo[] = {
  { 0x02eb3cff, 0.30 },
  { 0xff0088ff, 0.70 },
};

static void
test_check_present_and_absent (void)
{
  g_autoptr(GdkPixbuf) pixbuf = bands_image (logo, 2, FALSE, 1000, 400);
  g_autofree char *path = save_image (pixbuf, "logo.png", "png");
  const char * const codes[] = { "#02eb3c", "#0000ff", "#0adc46", "#FF0088", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) checks = check (path, codes, &error);
  FsColourCheck *green, *blue, *near, *pink;

  g_assert_no_error (error);
  g_assert_cmpuint (checks->len, ==, 4);
  green = &g_array_index (checks, FsColourCheck, 0);
  blue = &g_array_index (checks, FsColourCheck, 1);
  near = &g_array_index (checks, FsColourCheck, 2);
  pink = &g_array_index (checks, FsColourCheck, 3);

  /* Present at 30 %: matched, exactly. */
  g_assert_cmpint (green->verdict, ==, FS_COLOUR_MATCHED);
  g_assert_cmpfloat (green->delta_e, ==, 0.0);
  g_assert_cmpfloat_with_epsilon (green->share, 0.30, 0.005);
  g_assert_cmpmem (green->found, 3, "\x02\xeb\x3c", 3);
  g_assert_cmpmem (green->expected, 3, "\x02\xeb\x3c", 3);

  /* Absent: off, and none of the image is near it. */
  g_assert_cmpint (blue->verdict, ==, FS_COLOUR_OFF);
  g_assert_cmpfloat (blue->delta_e, >, 5.0);
  g_assert_cmpfloat (blue->share, ==, 0.0);

  /* ΔE00 3.78 from the green: close, and the green is what was found. */
  g_assert_cmpint (near->verdict, ==, FS_COLOUR_CLOSE);
  g_assert_cmpfloat_with_epsilon (near->delta_e, 3.78, 0.01);
  g_assert_cmpmem (near->found, 3, "\x02\xeb\x3c", 3);
  g_assert_cmpfloat_with_epsilon (near->share, 0.30, 0.005);

  g_assert_cmpint (pink->verdict, ==, FS_COLOUR_MATCHED);
  g_assert_cmpfloat_with_epsilon (pink->share, 0.70, 0.005);
}

/* A generated image is never flat: shading, noise and JPEG. The check
 * still finds the colour and counts its area. */
static void
test_check_noisy_jpeg (void)
{
  g_autoptr(GdkPixbuf) pixbuf = bands_image (logo, 2, FALSE, 1000, 400);
  g_autofree char *path = NULL;
  const char * const codes[] = { "#02eb3c", "#ff0088", "#1e90ff", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) checks = NULL;

  add_noise (pixbuf, 8);
  path = save_image (pixbuf, "logo.jpg", "jpeg");
  checks = check (path, codes, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 2; i++)
    {
      FsColourCheck *c = &g_array_index (checks, FsColourCheck, i);

      g_assert_cmpint (c->verdict, ==, FS_COLOUR_MATCHED);
      g_assert_cmpfloat (c->delta_e, <=, 1.0);
      g_assert_cmpfloat_with_epsilon (c->share, logo[i].share, 0.02);
    }
  g_assert_cmpint (g_array_index (checks, FsColourCheck, 2).verdict, ==, FS_COLOUR_OFF);
}

/* A colour in 0.2 % of the image is not well represented: it is not
 * "found", though its pixels still count in the share. */
static void
test_check_tiny_area (void)
{
  static const Band speck[] = {
    { 0x02eb3cff, 0.002 },
    { 0x808080ff, 0.998 },
  };
  g_autoptr(GdkPixbuf) pixbuf = bands_image (speck, 2, FALSE, 1000, 100);
  g_autofree char *path = save_image (pixbuf, "speck.png", "png");
  const char * const codes[] = { "#02eb3c", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) checks = check (path, codes, &error);
  FsColourCheck *c = &g_array_index (checks, FsColourCheck, 0);

  g_assert_no_error (error);
  g_assert_cmpint (c->verdict, ==, FS_COLOUR_OFF);
  g_assert_cmpmem (c->found, 3, "\x80\x80\x80", 3);
  g_assert_cmpfloat_with_epsilon (c->share, 0.002, 0.0005);
}

/* Transparent pixels are no part of the picture. */
static void
test_check_transparency (void)
{
  static const Band half[] = {
    { 0x02eb3cff, 0.5 },
    { 0xff008800, 0.5 },
  };
  g_autoptr(GdkPixbuf) pixbuf = bands_image (half, 2, TRUE, 200, 100);
  g_autofree char *path = save_image (pixbuf, "half.png", "png");
  const char * const codes[] = { "#02eb3c", "#ff0088", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) checks = check (path, codes, &error);

  g_assert_no_error (error);
  g_assert_cmpfloat (g_array_index (checks, FsColourCheck, 0).share, ==, 1.0);
  g_assert_cmpint (g_array_index (checks, FsColourCheck, 1).verdict, ==, FS_COLOUR_OFF);
}

static void
test_check_errors (void)
{
  g_autoptr(GdkPixbuf) pixbuf = bands_image (logo, 2, FALSE, 10, 10);
  g_autofree char *path = save_image (pixbuf, "small.png", "png");
  g_autofree char *missing = g_build_filename (tmp_dir, "missing.png", NULL);
  const char * const bad[] = { "#02eb3c", "green", NULL };
  const char * const good[] = { "#02eb3c", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) checks = NULL;

  checks = check (path, bad, &error);
  g_assert_null (checks);
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_clear_error (&error);

  checks = check (missing, good, &error);
  g_assert_null (checks);
  g_assert_error (error, FS_ERROR, FS_ERROR_NOT_IMAGE);
  g_assert_nonnull (strstr (error->message, "missing.png"));
}

static void
test_check_json (void)
{
  g_autoptr(GArray) checks = g_array_new (FALSE, TRUE, sizeof (FsColourCheck));
  FsColourCheck entry = { { 2, 235, 60 }, { 2, 234, 60 }, 0.23, 0.3012, FS_COLOUR_MATCHED };
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  g_array_append_val (checks, entry);
  node = fs_colour_check_to_json (checks);
  text = json_to_string (node, FALSE);
  g_assert_cmpstr (text, ==, "[{\"expected\":\"#02eb3c\",\"found\":\"#02ea3c\","
                             "\"delta_e\":0.23000000000000001,\"share\":0.30120000000000002,"
                             "\"verdict\":\"matched\"}]");
}

/* The sandbox paints the prompt's codes as blocks: its result has all
 * three, and the check lands in the sidecar, the index and the asset. */

typedef struct
{
  guint notified;
  guint changed;
} Seen;

static void
notify_cb (FsAsset    *asset,
           GParamSpec *pspec,
           Seen       *seen)
{
  seen->notified++;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Seen       *seen)
{
  if (removed == 1 && added == 1)
    seen->changed++;
}

static void
prepended_cb (GListModel *model,
              guint       position,
              guint       removed,
              guint       added,
              Seen       *seen)
{
  g_autoptr(FsAsset) asset = NULL;

  if (removed != 0 || added != 1)
    return;
  asset = g_list_model_get_item (model, position);
  g_signal_connect (asset, "notify::colour-check", G_CALLBACK (notify_cb), seen);
}

static FsLibrary *
open_library (const char *name)
{
  g_autofree char *folder_path = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *db_path = g_strconcat (folder_path, ".db", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);
  FsLibrary *library = fs_library_new (folder, db_path);

  fs_test_library_open (library);
  return library;
}

static FsAsset *
generate (FsLibrary  *library,
          const char *prompt)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  g_autoptr(FsRequest) request = fs_request_new ("sandbox", "flux-2-pro");
  g_autoptr(FsProvider) provider = fs_provider_new ("sandbox", NULL, NULL);
  g_autoptr(FsJob) job = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;

  fs_request_set_prompt (request, prompt);
  job = fs_job_new (request, catalog, provider, library, NULL);
  assets = fs_test_run_job (job, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assets->len, ==, 1);
  return g_object_ref (g_ptr_array_index (assets, 0));
}

static JsonObject *
read_sidecar (FsAsset *asset)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, fs_asset_get_sidecar_path (asset), &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_sandbox_three_of_three (void)
{
  g_autoptr(FsLibrary) library = open_library ("gallery");
  g_autoptr(FsLibrary) reopened = NULL;
  g_autoptr(FsAsset) asset = NULL;
  g_autoptr(FsAsset) plain = NULL;
  g_autoptr(FsAsset) listed = NULL;
  g_autoptr(JsonObject) sidecar = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Seen seen = { 0 };
  JsonArray *stored;

  g_signal_connect (library, "items-changed", G_CALLBACK (prepended_cb), &seen);
  g_signal_connect (library, "items-changed", G_CALLBACK (items_changed_cb), &seen);
  asset = generate (library, "a logo in color #02EB3C on #FF0088, lettering #1e90ff");

  /* The job returns once the check has landed. */
  g_assert_cmpuint (fs_asset_get_colours_requested (asset), ==, 3);
  g_assert_cmpuint (fs_asset_get_colours_matched (asset), ==, 3);
  g_assert_true (fs_asset_all_colours_matched (asset));
  g_assert_cmpuint (seen.notified, ==, 1);
  g_assert_cmpuint (seen.changed, ==, 1);
  stored = fs_asset_get_colour_check (asset);
  g_assert_cmpuint (json_array_get_length (stored), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (stored, 0),
                                                  "expected"), ==, "#02eb3c");

  sidecar = read_sidecar (asset);
  g_assert_true (json_object_has_member (sidecar, "colour_check"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sidecar,
                                                                          "colour_check")), ==, 3);

  /* The index holds it too: a fresh library reads it back. */
  reopened = open_library ("gallery");
  listed = g_list_model_get_item (G_LIST_MODEL (reopened), 0);
  g_assert_cmpuint (fs_asset_get_colours_matched (listed), ==, 3);
  g_assert_true (fs_asset_all_colours_matched (listed));

  /* A prompt without colours gets no check. */
  plain = generate (library, "a cup of tea");
  g_assert_null (fs_asset_get_colour_check (plain));
  g_assert_cmpuint (fs_asset_get_colours_requested (plain), ==, 0);
  g_assert_false (fs_asset_all_colours_matched (plain));
  g_assert_false (json_object_has_member (read_sidecar (plain), "colour_check"));
  fs_library_check_colours_async (library, plain, NULL, fs_test_result_cb, &result);
  g_assert_true (fs_library_check_colours_finish (library, fs_test_wait_result (&result), &error));
  g_assert_null (fs_asset_get_colour_check (plain));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Not G_TEST_OPTION_ISOLATE_DIRS: gdk-pixbuf finds formats through
   * shared-mime-info in XDG_DATA_DIRS. Every file goes to tmp_dir. */
  g_test_init (&argc, &argv, NULL);
  tmp_dir = fs_test_make_dir ("fs-fidelity-XXXXXX");

  g_test_add_func ("/fidelity/dominant/exact", test_dominant_exact);
  g_test_add_func ("/fidelity/dominant/jpeg-noise", test_dominant_jpeg_noise);
  g_test_add_func ("/fidelity/dominant/max-colours", test_dominant_max_colours);
  g_test_add_func ("/fidelity/check/present-and-absent", test_check_present_and_absent);
  g_test_add_func ("/fidelity/check/noisy-jpeg", test_check_noisy_jpeg);
  g_test_add_func ("/fidelity/check/tiny-area", test_check_tiny_area);
  g_test_add_func ("/fidelity/check/transparency", test_check_transparency);
  g_test_add_func ("/fidelity/check/errors", test_check_errors);
  g_test_add_func ("/fidelity/check/json", test_check_json);
  g_test_add_func ("/fidelity/sandbox-three-of-three", test_sandbox_three_of_three);

  status = g_test_run ();
  fs_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
