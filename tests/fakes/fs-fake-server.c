/* fs-fake-server.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A scriptable stand-in for the BFL, APIYI / OpenAI-compatible and Monica
 * APIs, for end-to-end tests over loopback. It is deliberately independent
 * of the core: it links only GLib, GIO, libsoup and json-glib, so a bug in
 * the core cannot hide itself by being mirrored here.
 *
 * Three servers, each on its own loopback address so that tests can tell
 * where a key went: the API (127.0.0.1), BFL polling (127.0.0.2) and result
 * delivery (127.0.0.3). The prompt picks a scenario with a "fake:NAME"
 * token, so one server instance serves many tests. Every request is logged
 * as one JSON line; the API key itself is never written anywhere.
 */

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#define DEFAULT_MAX_REQUESTS 500
#define DEFAULT_MAX_SECONDS  120
#define DEFAULT_SLOW_SECONDS 5
#define LOG_STRING_MAX       2048
#define BFL_COST             4.5
#define PENDING_LONG_POLLS   4
#define CREDITS              1234.5

typedef enum
{
  ROLE_API,
  ROLE_POLL,
  ROLE_DELIVERY,
  N_ROLES
} Role;

static const char * const role_names[N_ROLES] = { "api", "poll", "delivery" };
static const char * const role_addresses[N_ROLES] = {
  "127.0.0.1", "127.0.0.2", "127.0.0.3"
};

typedef enum
{
  KIND_BFL,
  KIND_OPENAI,
  KIND_MONICA,
} Kind;

typedef enum
{
  ACTION_REPLY,
  ACTION_DROP,
  ACTION_CUT,   /* headers for the whole body, then half of it, then close */
} Action;

/* A BFL task between submit and Ready. */
typedef struct
{
  char   *id;
  char   *scenario;
  char   *format;
  guint   width;
  guint   height;
  gint64  seed;
  guint   polls;
  gboolean active;  /* counts against FAKE_BFL_MAX_ACTIVE until it ends */
} Task;

/* An image the delivery host will serve. Its bytes are made once, so every
 * download of one URL gets the same bytes. */
typedef struct
{
  char   *id;
  char   *scenario;
  char   *format;
  guint   width;
  guint   height;
  gint64  seed;
  guint   index;
  GBytes *bytes;
} Result;

typedef struct _Fake Fake;

typedef struct
{
  Fake       *fake;
  Role        role;
  SoupServer *server;
  char       *base;
  char       *host;
} Endpoint;

struct _Fake
{
  GMainLoop  *loop;
  Endpoint    endpoints[N_ROLES];
  FILE       *log;
  char       *expected_key;
  guint       max_requests;
  guint       n_requests;
  guint       n_api;
  guint       n_results;
  guint       slow_seconds;
  guint       pending_polls;
  char       *heal_file;
  char       *images_dir;   /* FAKE_IMAGES_DIR: image fields kept by sha256 */
  gboolean    fallback;
  gboolean    quitting;
  gint64      start_us;
  GHashTable *attempts;
  GHashTable *tasks;
  GHashTable *results;
  /* BFL's cap on an account's active tasks (FAKE_BFL_MAX_ACTIVE, 0 for
   * none): a submit beyond it answers 429. FAKE_BFL_BUSY_SUBMITS makes
   * the first N submits answer so whatever the count, as when other
   * machines fill the account. */
  guint       max_active;
  guint       busy_submits;
  guint       n_active;
  guint       peak_active;
};

/* Everything about one exchange: what came in, what goes out, and the
 * facts its log line records. */
typedef struct
{
  Fake              *fake;
  Endpoint          *endpoint;
  SoupServerMessage *msg;
  const char        *method;
  char              *path;
  char              *query;
  char              *content_type;
  GBytes            *body;
  JsonNode          *json;
  JsonArray         *parts;
  JsonObject        *form;
  JsonArray         *images;
  char              *prompt;
  char              *scenario;
  char              *counter;
  guint              attempt;
  const char        *auth;
  gboolean           has_key;
  gboolean           key_ok;
  gboolean           key_in_url;
  gboolean           key_in_body;

  Action             action;
  guint              delay;
  guint              status;
  char              *reply_type;
  GBytes            *reply_body;
  const char        *retry_after;
  char              *location;
  char              *request_id;
  char              *task_id;
  char              *served_sha256;
} Exchange;

static void
replace_str (char       **slot,
             const char  *value)
{
  char *copy;

  if (*slot == value)
    return;
  copy = g_strdup (value);
  g_free (*slot);
  *slot = copy;
}

/* json-glib 1.6 wants a value for string members; NULL becomes null. */
static void
set_string_or_null (JsonObject *object,
                    const char *name,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static void
task_free (gpointer data)
{
  Task *task = data;

  g_free (task->id);
  g_free (task->scenario);
  g_free (task->format);
  g_free (task);
}

static void
result_free (gpointer data)
{
  Result *result = data;

  g_free (result->id);
  g_free (result->scenario);
  g_free (result->format);
  g_clear_pointer (&result->bytes, g_bytes_unref);
  g_free (result);
}

/* ------------------------------------------------------------------ */
/* Images: a real PNG (zlib + CRC by hand) or baseline JPEG (flat 8x8    */
/* blocks, so only DC coefficients) of the requested size.             */
/* ------------------------------------------------------------------ */

static guint32 crc_table[256];

static void
crc_init (void)
{
  for (guint32 n = 0; n < 256; n++)
    {
      guint32 c = n;

      for (int k = 0; k < 8; k++)
        c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      crc_table[n] = c;
    }
}

static guint32
crc_update (guint32       crc,
            const guint8 *data,
            gsize         len)
{
  for (gsize i = 0; i < len; i++)
    crc = crc_table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc;
}

static void
store_be32 (guint8  *p,
            guint32  value)
{
  p[0] = value >> 24;
  p[1] = value >> 16;
  p[2] = value >> 8;
  p[3] = value;
}

static void
put_u32 (GByteArray *out,
         guint32     value)
{
  guint8 b[4] = { value >> 24, value >> 16, value >> 8, value };

  g_byte_array_append (out, b, 4);
}

static void
put_u16 (GByteArray *out,
         guint       value)
{
  guint8 b[2] = { value >> 8, value };

  g_byte_array_append (out, b, 2);
}

static void
put_byte (GByteArray *out,
          guint8      value)
{
  g_byte_array_append (out, &value, 1);
}

static void
png_chunk (GByteArray   *out,
           const char   *type,
           const guint8 *data,
           gsize         len)
{
  guint32 crc;

  put_u32 (out, len);
  g_byte_array_append (out, (const guint8 *) type, 4);
  if (len > 0)
    g_byte_array_append (out, data, len);
  crc = crc_update (0xffffffffu, (const guint8 *) type, 4);
  crc = crc_update (crc, data, len);
  put_u32 (out, crc ^ 0xffffffffu);
}

static GBytes *
zlib_compress (const guint8 *data,
               gsize         len,
               int           level)
{
  g_autoptr(GZlibCompressor) compressor = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  GConverterResult res;
  gsize pos = 0;

  compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, level);
  do
    {
      g_autoptr(GError) error = NULL;
      guint8 buf[64 * 1024];
      gsize n_read = 0;
      gsize n_written = 0;

      res = g_converter_convert (G_CONVERTER (compressor),
                                 data + pos, len - pos,
                                 buf, sizeof buf,
                                 G_CONVERTER_INPUT_AT_END,
                                 &n_read, &n_written, &error);
      if (res == G_CONVERTER_ERROR)
        g_error ("zlib: %s", error->message);
      pos += n_read;
      g_byte_array_append (out, buf, n_written);
    }
  while (res != G_CONVERTER_FINISHED);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* Two colours from the seed; 8x8 blocks alternate in diagonal bands. */
static void
pattern_colours (gint64  seed,
                 guint   index,
                 guint8  colours[2][3])
{
  guint32 h = (guint32) seed * 2654435761u + index * 40503u + 0x9e3779b9u;

  h ^= h >> 15;
  h *= 0x2c1b3c6du;
  h ^= h >> 12;
  colours[0][0] = h >> 16;
  colours[0][1] = h >> 8;
  colours[0][2] = h;
  for (int i = 0; i < 3; i++)
    colours[1][i] = 255 - colours[0][i];
}

static const guint8 *
block_colour (guint8 colours[2][3],
              guint  bx,
              guint  by)
{
  return colours[((bx + by) / 4) % 2];
}

static GBytes *
make_png (guint       width,
          guint       height,
          guint8      colours[2][3],
          const char *comment)
{
  g_autoptr(GByteArray) raw = g_byte_array_sized_new ((width * 3 + 1) * height);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GByteArray) text = g_byte_array_new ();
  g_autoptr(GBytes) idat = NULL;
  static const guint8 signature[8] = { 137, 80, 78, 71, 13, 10, 26, 10 };
  guint8 ihdr[13];

  for (guint y = 0; y < height; y++)
    {
      put_byte (raw, 0);
      for (guint x = 0; x < width; x++)
        g_byte_array_append (raw, block_colour (colours, x / 8, y / 8), 3);
    }
  idat = zlib_compress (raw->data, raw->len, 6);

  g_byte_array_append (out, signature, sizeof signature);
  store_be32 (ihdr, width);
  store_be32 (ihdr + 4, height);
  ihdr[8] = 8;   /* bit depth */
  ihdr[9] = 2;   /* RGB */
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  png_chunk (out, "IHDR", ihdr, sizeof ihdr);
  g_byte_array_append (text, (const guint8 *) "Comment", 8);
  g_byte_array_append (text, (const guint8 *) comment, strlen (comment));
  png_chunk (out, "tEXt", text->data, text->len);
  png_chunk (out, "IDAT", g_bytes_get_data (idat, NULL), g_bytes_get_size (idat));
  png_chunk (out, "IEND", NULL, 0);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

typedef struct
{
  GByteArray *out;
  guint32     acc;
  int         n_bits;
} BitWriter;

static void
bits_put (BitWriter *w,
          guint32    code,
          int        len)
{
  for (int i = len - 1; i >= 0; i--)
    {
      w->acc = (w->acc << 1) | ((code >> i) & 1);
      if (++w->n_bits == 8)
        {
          put_byte (w->out, w->acc & 0xff);
          /* A 0xff in entropy-coded data is stuffed with a zero byte. */
          if ((w->acc & 0xff) == 0xff)
            put_byte (w->out, 0);
          w->acc = 0;
          w->n_bits = 0;
        }
    }
}

static void
bits_flush (BitWriter *w)
{
  while (w->n_bits != 0)
    bits_put (w, 1, 1);
}

/* The standard luminance DC table (ITU T.81 Annex K.3) for every
 * component, and an AC table holding only end-of-block: every block is
 * flat, so no AC coefficient is ever coded. */
static const guint8 dc_bits[16] = { 0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0 };
static const guint8 dc_vals[12] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
static const guint8 ac_bits[16] = { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
static const guint8 ac_vals[1] = { 0x00 };

static void
huff_codes (const guint8 bits[16],
            const guint8 *vals,
            guint16       codes[256],
            guint8        lengths[256])
{
  guint code = 0;
  guint k = 0;

  for (guint len = 1; len <= 16; len++)
    {
      for (guint i = 0; i < bits[len - 1]; i++, k++)
        {
          codes[vals[k]] = code++;
          lengths[vals[k]] = len;
        }
      code <<= 1;
    }
}

static void
jpeg_dht (GByteArray   *out,
          guint8        class_id,
          const guint8  bits[16],
          const guint8 *vals)
{
  guint n = 0;

  for (int i = 0; i < 16; i++)
    n += bits[i];
  put_u16 (out, 0xffc4);
  put_u16 (out, 2 + 1 + 16 + n);
  put_byte (out, class_id);
  g_byte_array_append (out, bits, 16);
  g_byte_array_append (out, vals, n);
}

static void
jpeg_headers (GByteArray *out,
              guint       width,
              guint       height,
              const char *comment)
{
  static const guint8 jfif[14] = { 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0 };
  gsize comment_len = MIN (strlen (comment), 60000);

  put_u16 (out, 0xffd8);
  put_u16 (out, 0xffe0);
  put_u16 (out, 2 + sizeof jfif);
  g_byte_array_append (out, jfif, sizeof jfif);
  put_u16 (out, 0xfffe);
  put_u16 (out, 2 + comment_len);
  g_byte_array_append (out, (const guint8 *) comment, comment_len);

  /* One quantization table of ones: DC values go through unchanged. */
  put_u16 (out, 0xffdb);
  put_u16 (out, 2 + 1 + 64);
  put_byte (out, 0);
  for (int i = 0; i < 64; i++)
    put_byte (out, 1);

  put_u16 (out, 0xffc0);
  put_u16 (out, 8 + 3 * 3);
  put_byte (out, 8);
  put_u16 (out, height);
  put_u16 (out, width);
  put_byte (out, 3);
  for (guint8 c = 1; c <= 3; c++)
    {
      put_byte (out, c);
      put_byte (out, 0x11);
      put_byte (out, 0);
    }

  jpeg_dht (out, 0x00, dc_bits, dc_vals);
  jpeg_dht (out, 0x10, ac_bits, ac_vals);

  put_u16 (out, 0xffda);
  put_u16 (out, 6 + 2 * 3);
  put_byte (out, 3);
  for (guint8 c = 1; c <= 3; c++)
    {
      put_byte (out, c);
      put_byte (out, 0x00);
    }
  put_byte (out, 0);
  put_byte (out, 63);
  put_byte (out, 0);
}

static void
rgb_to_ycc (const guint8 rgb[3],
            int          ycc[3])
{
  double r = rgb[0], g = rgb[1], b = rgb[2];

  ycc[0] = (int) lround (0.299 * r + 0.587 * g + 0.114 * b);
  ycc[1] = (int) lround (128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
  ycc[2] = (int) lround (128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
  for (int i = 0; i < 3; i++)
    ycc[i] = CLAMP (ycc[i], 0, 255);
}

static GBytes *
make_jpeg (guint       width,
           guint       height,
           guint8      colours[2][3],
           const char *comment)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint16 dc_codes[256] = { 0 }, ac_codes[256] = { 0 };
  guint8 dc_lengths[256] = { 0 }, ac_lengths[256] = { 0 };
  BitWriter w = { out, 0, 0 };
  int previous[3] = { 0, 0, 0 };

  huff_codes (dc_bits, dc_vals, dc_codes, dc_lengths);
  huff_codes (ac_bits, ac_vals, ac_codes, ac_lengths);
  jpeg_headers (out, width, height, comment);

  for (guint by = 0; by < (height + 7) / 8; by++)
    for (guint bx = 0; bx < (width + 7) / 8; bx++)
      {
        int ycc[3];

        rgb_to_ycc (block_colour (colours, bx, by), ycc);
        for (int c = 0; c < 3; c++)
          {
            /* A flat 8x8 block's DC coefficient is 8 * (value - 128). */
            int dc = 8 * (ycc[c] - 128);
            int diff = dc - previous[c];
            int magnitude = ABS (diff);
            int category = 0;

            previous[c] = dc;
            while (magnitude > 0)
              {
                category++;
                magnitude >>= 1;
              }
            bits_put (&w, dc_codes[category], dc_lengths[category]);
            if (category > 0)
              bits_put (&w, (diff >= 0 ? diff : diff - 1) & ((1 << category) - 1),
                        category);
            bits_put (&w, ac_codes[0], ac_lengths[0]);
          }
      }
  bits_flush (&w);
  put_u16 (out, 0xffd9);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* "ready-noise-N": a PNG of about N MiB of noise (2048 pixels wide, as
 * many rows as fill N MiB, zlib's stored blocks since noise does not
 * compress), for benchmarks of the way from a ready task to a file. The
 * bytes are made once per size and served to every task, so that making
 * them is not part of what a benchmark measures. */
#define NOISE_WIDTH 2048
#define NOISE_MAX_MIB 64

static GHashTable *noise_sha256;

static GBytes *
make_noise_png (guint mib)
{
  static GHashTable *cache;
  g_autoptr(GByteArray) raw = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GBytes) idat = NULL;
  static const guint8 signature[8] = { 137, 80, 78, 71, 13, 10, 26, 10 };
  guint height = MAX (1, mib * 1024 * 1024 / (NOISE_WIDTH * 3 + 1));
  guint32 state = 0x12345678u + mib;
  guint8 ihdr[13];
  GBytes *bytes;

  if (cache == NULL)
    cache = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_bytes_unref);
  if ((bytes = g_hash_table_lookup (cache, GUINT_TO_POINTER (mib))) != NULL)
    return g_bytes_ref (bytes);

  raw = g_byte_array_sized_new ((NOISE_WIDTH * 3 + 1) * height);
  for (guint y = 0; y < height; y++)
    {
      put_byte (raw, 0);
      for (guint x = 0; x < NOISE_WIDTH * 3; x++)
        {
          /* xorshift32 */
          state ^= state << 13;
          state ^= state >> 17;
          state ^= state << 5;
          put_byte (raw, (guint8) (state >> 24));
        }
    }
  idat = zlib_compress (raw->data, raw->len, 0);

  g_byte_array_append (out, signature, sizeof signature);
  store_be32 (ihdr, NOISE_WIDTH);
  store_be32 (ihdr + 4, height);
  ihdr[8] = 8;   /* bit depth */
  ihdr[9] = 2;   /* RGB */
  ihdr[10] = ihdr[11] = ihdr[12] = 0;
  png_chunk (out, "IHDR", ihdr, sizeof ihdr);
  png_chunk (out, "IDAT", g_bytes_get_data (idat, NULL), g_bytes_get_size (idat));
  png_chunk (out, "IEND", NULL, 0);

  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&out));
  g_hash_table_insert (cache, GUINT_TO_POINTER (mib), g_bytes_ref (bytes));
  if (noise_sha256 == NULL)
    noise_sha256 = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_hash_table_insert (noise_sha256, GUINT_TO_POINTER (mib),
                       g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes));
  return bytes;
}

/* N of "ready-noise-N", or 0 for any other scenario. */
static guint
noise_mib (const char *scenario)
{
  guint64 mib;

  if (scenario == NULL || !g_str_has_prefix (scenario, "ready-noise-") ||
      !g_ascii_string_to_unsigned (scenario + strlen ("ready-noise-"), 10, 1, NOISE_MAX_MIB,
                                   &mib, NULL))
    return 0;
  return (guint) mib;
}

static GBytes *
result_get_bytes (Result *result)
{
  if (result->bytes == NULL && noise_mib (result->scenario) > 0)
    result->bytes = make_noise_png (noise_mib (result->scenario));
  if (result->bytes == NULL)
    {
      g_autofree char *comment = NULL;
      guint8 colours[2][3];

      comment = g_strdup_printf ("fs-fake-server %s #%u seed %" G_GINT64_FORMAT,
                                 result->id, result->index, result->seed);
      pattern_colours (result->seed, result->index, colours);
      if (g_str_equal (result->format, "png"))
        result->bytes = make_png (result->width, result->height, colours, comment);
      else
        result->bytes = make_jpeg (result->width, result->height, colours, comment);
    }
  return result->bytes;
}

/* ------------------------------------------------------------------ */
/* Requests                                                            */
/* ------------------------------------------------------------------ */

static char *
sha256_hex (const guint8 *data,
            gsize         len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
}

static char *
find_scenario (const char *prompt)
{
  const char *p;
  gsize len;

  if (prompt == NULL || (p = strstr (prompt, "fake:")) == NULL)
    return NULL;
  p += strlen ("fake:");
  len = strspn (p, "abcdefghijklmnopqrstuvwxyz0123456789-");
  if (len == 0)
    return NULL;
  return g_strndup (p, len);
}

static gboolean
scenario_is (Exchange   *ex,
             const char *name)
{
  return ex->scenario != NULL && g_str_equal (ex->scenario, name);
}

/* Attempts are counted per (scenario, endpoint, prompt): "once" scenarios
 * fail the first attempt of exactly that request and no other. */
static void
count_attempt (Exchange   *ex,
               const char *endpoint)
{
  char *key;
  guint n;

  g_free (ex->counter);
  ex->counter = g_strdup (endpoint);
  key = g_strdup_printf ("%s|%s|%s", ex->scenario ? ex->scenario : "",
                         endpoint, ex->prompt ? ex->prompt : "");
  n = GPOINTER_TO_UINT (g_hash_table_lookup (ex->fake->attempts, key)) + 1;
  g_hash_table_replace (ex->fake->attempts, key, GUINT_TO_POINTER (n));
  ex->attempt = n;
}

static gboolean
contains_key (Fake         *fake,
              const guint8 *data,
              gsize         len)
{
  gsize key_len;

  if (fake->expected_key == NULL || data == NULL)
    return FALSE;
  key_len = strlen (fake->expected_key);
  if (key_len == 0 || len < key_len)
    return FALSE;
  for (gsize i = 0; i + key_len <= len; i++)
    if (memcmp (data + i, fake->expected_key, key_len) == 0)
      return TRUE;
  return FALSE;
}

static void
check_auth (Exchange           *ex,
            SoupMessageHeaders *headers)
{
  const char *x_key = soup_message_headers_get_one (headers, "x-key");
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  const char *key = ex->fake->expected_key;

  ex->has_key = x_key != NULL || authorization != NULL;
  if (x_key != NULL && authorization != NULL)
    ex->auth = "both";
  else if (x_key != NULL)
    ex->auth = "x-key";
  else if (authorization != NULL && g_str_has_prefix (authorization, "Bearer "))
    ex->auth = "bearer";
  else if (authorization != NULL)
    ex->auth = "other";
  else
    ex->auth = "none";

  if (key == NULL || *key == '\0')
    ex->key_ok = ex->has_key;
  else
    ex->key_ok = (x_key != NULL && g_str_equal (x_key, key)) ||
                 (authorization != NULL &&
                  g_str_has_prefix (authorization, "Bearer ") &&
                  g_str_equal (authorization + strlen ("Bearer "), key));
}

/* Strings too long for a readable log line (base64 images) are replaced
 * by their length and hash. */
static JsonNode *
copy_for_log (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *src = json_node_get_object (node);
      JsonObject *dst = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (src);
      JsonNode *copy;

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (dst, l->data,
                                copy_for_log (json_object_get_member (src, l->data)));
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, dst);
      return copy;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *src = json_node_get_array (node);
      JsonArray *dst = json_array_new ();
      JsonNode *copy;

      for (guint i = 0; i < json_array_get_length (src); i++)
        json_array_add_element (dst, copy_for_log (json_array_get_element (src, i)));
      copy = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (copy, dst);
      return copy;
    }
  if (JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING &&
      strlen (json_node_get_string (node)) > LOG_STRING_MAX)
    {
      const char *s = json_node_get_string (node);
      g_autofree char *sum = sha256_hex ((const guint8 *) s, strlen (s));
      g_autofree char *text = g_strdup_printf ("<%zu chars, sha256 %s>", strlen (s), sum);

      return json_node_init_string (json_node_alloc (), text);
    }
  return json_node_copy (node);
}

static gboolean
is_image_field (const char *name)
{
  return (g_str_has_prefix (name, "input_image") &&
          !g_str_equal (name, "input_image_blob_path")) ||
         g_str_equal (name, "image_prompt") ||
         g_str_equal (name, "image") ||
         g_str_equal (name, "mask");
}

/* A PNG's size from its IHDR, for tests to compare (an edit's image and
 * mask must agree). Nothing is decoded. */
static gboolean
png_size (const guint8 *data,
          gsize         len,
          guint        *width,
          guint        *height)
{
  if (len < 24 || memcmp (data, "\x89PNG\r\n\x1a\n", 8) != 0 || memcmp (data + 12, "IHDR", 4) != 0)
    return FALSE;
  *width = ((guint) data[16] << 24) | ((guint) data[17] << 16) | ((guint) data[18] << 8) | data[19];
  *height = ((guint) data[20] << 24) | ((guint) data[21] << 16) | ((guint) data[22] << 8) | data[23];
  return TRUE;
}

static void
add_png_size (JsonObject   *entry,
              const guint8 *data,
              gsize         len)
{
  guint width, height;

  if (!png_size (data, len, &width, &height))
    return;
  json_object_set_int_member (entry, "width", width);
  json_object_set_int_member (entry, "height", height);
}

/* FAKE_IMAGES_DIR: every decoded image field is written there as its
 * sha256, so a test can read what the provider received (a Fill mask's
 * pixels, say). */
static void
keep_image (Fake         *fake,
            const char   *sha256,
            const guint8 *data,
            gsize         len)
{
  g_autofree char *path = NULL;

  if (fake->images_dir == NULL)
    return;
  path = g_build_filename (fake->images_dir, sha256, NULL);
  g_file_set_contents (path, (const char *) data, (gssize) len, NULL);
}

/* Image-valued JSON fields in body order, decoded, so tests can compare
 * them with the reference files' sha256. */
static void
collect_json_images (Exchange   *ex,
                     JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *member = json_object_get_member (object, name);
      JsonObject *entry;
      const char *value;
      const char *b64;
      g_autofree guint8 *data = NULL;
      g_autofree char *sum = NULL;
      gsize len = 0;

      if (!is_image_field (name) || !JSON_NODE_HOLDS_VALUE (member) ||
          json_node_get_value_type (member) != G_TYPE_STRING)
        continue;
      value = json_node_get_string (member);
      entry = json_object_new ();
      json_object_set_string_member (entry, "field", name);
      if (g_str_has_prefix (value, "http://") || g_str_has_prefix (value, "https://"))
        {
          json_object_set_string_member (entry, "url", value);
          json_array_add_object_element (ex->images, entry);
          continue;
        }
      json_object_set_boolean_member (entry, "data_url", g_str_has_prefix (value, "data:"));
      if (g_str_has_prefix (value, "data:") && (b64 = strstr (value, ";base64,")) != NULL)
        {
          g_autofree char *mime = g_strndup (value + 5, b64 - (value + 5));

          json_object_set_string_member (entry, "mime", mime);
          b64 += strlen (";base64,");
        }
      else
        b64 = value;
      data = g_base64_decode (b64, &len);
      sum = sha256_hex (data, len);
      json_object_set_string_member (entry, "sha256", sum);
      json_object_set_int_member (entry, "size", len);
      add_png_size (entry, data, len);
      json_array_add_object_element (ex->images, entry);
      keep_image (ex->fake, sum, data, len);
    }
}

static void
parse_multipart (Exchange           *ex,
                 SoupMessageHeaders *headers)
{
  SoupMultipart *multipart;

  multipart = soup_multipart_new_from_message (headers, ex->body);
  if (multipart == NULL)
    return;
  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *part_headers = NULL;
      GBytes *part_body = NULL;
      g_autoptr(GHashTable) params = NULL;
      g_autofree char *sum = NULL;
      const char *name = NULL;
      const char *filename = NULL;
      const char *type;
      JsonObject *entry;
      gsize size;
      const guint8 *data;

      if (!soup_multipart_get_part (multipart, i, &part_headers, &part_body))
        continue;
      if (soup_message_headers_get_content_disposition (part_headers, NULL, &params))
        {
          name = g_hash_table_lookup (params, "name");
          filename = g_hash_table_lookup (params, "filename");
        }
      type = soup_message_headers_get_content_type (part_headers, NULL);
      data = g_bytes_get_data (part_body, &size);
      sum = sha256_hex (data, size);

      entry = json_object_new ();
      set_string_or_null (entry, "name", name);
      set_string_or_null (entry, "filename", filename);
      set_string_or_null (entry, "content_type", type);
      json_object_set_string_member (entry, "sha256", sum);
      json_object_set_int_member (entry, "size", size);
      json_array_add_object_element (ex->parts, entry);

      if (name != NULL && filename == NULL &&
          (type == NULL || g_str_has_prefix (type, "text/")) &&
          g_utf8_validate ((const char *) data, size, NULL))
        {
          g_autofree char *text = g_strndup ((const char *) data, size);

          json_object_set_string_member (ex->form, name, text);
          if (g_str_equal (name, "prompt"))
            replace_str (&ex->prompt, text);
        }
    }
  soup_multipart_free (multipart);
}

static void
parse_body (Exchange           *ex,
            SoupMessageHeaders *headers)
{
  const guint8 *data;
  gsize size;

  if (ex->content_type == NULL || ex->body == NULL)
    return;
  data = g_bytes_get_data (ex->body, &size);
  if (g_str_equal (ex->content_type, "application/json") ||
      g_str_has_suffix (ex->content_type, "+json"))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, (const char *) data, size, NULL) &&
          json_parser_get_root (parser) != NULL)
        {
          ex->json = json_node_copy (json_parser_get_root (parser));
          if (JSON_NODE_HOLDS_OBJECT (ex->json))
            {
              JsonObject *object = json_node_get_object (ex->json);

              if (json_object_has_member (object, "prompt") &&
                  JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "prompt")))
                ex->prompt = g_strdup (json_object_get_string_member (object, "prompt"));
              collect_json_images (ex, object);
            }
        }
    }
  else if (g_str_equal (ex->content_type, "multipart/form-data"))
    parse_multipart (ex, headers);
}

static void
exchange_init (Exchange          *ex,
               Endpoint          *endpoint,
               SoupServerMessage *msg,
               const char        *path)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *type;
  const guint8 *data = NULL;
  gsize size = 0;

  memset (ex, 0, sizeof *ex);
  ex->fake = endpoint->fake;
  ex->endpoint = endpoint;
  ex->msg = msg;
  ex->method = soup_server_message_get_method (msg);
  ex->path = g_strdup (path);
  ex->query = g_strdup (g_uri_get_query (uri));
  type = soup_message_headers_get_content_type (headers, NULL);
  ex->content_type = g_strdup (type);
  ex->body = soup_message_body_flatten (body);
  ex->parts = json_array_new ();
  ex->form = json_object_new ();
  ex->images = json_array_new ();
  ex->status = SOUP_STATUS_INTERNAL_SERVER_ERROR;

  check_auth (ex, headers);
  if (ex->body != NULL)
    data = g_bytes_get_data (ex->body, &size);
  ex->key_in_body = contains_key (ex->fake, data, size);
  ex->key_in_url = contains_key (ex->fake, (const guint8 *) path, strlen (path)) ||
                   (ex->query != NULL &&
                    contains_key (ex->fake, (const guint8 *) ex->query, strlen (ex->query)));
  parse_body (ex, headers);
  ex->scenario = find_scenario (ex->prompt);
}

static void
exchange_clear (Exchange *ex)
{
  g_free (ex->path);
  g_free (ex->query);
  g_free (ex->content_type);
  g_clear_pointer (&ex->body, g_bytes_unref);
  g_clear_pointer (&ex->json, json_node_unref);
  g_clear_pointer (&ex->parts, json_array_unref);
  g_clear_pointer (&ex->form, json_object_unref);
  g_clear_pointer (&ex->images, json_array_unref);
  g_free (ex->prompt);
  g_free (ex->scenario);
  g_free (ex->counter);
  g_free (ex->reply_type);
  g_clear_pointer (&ex->reply_body, g_bytes_unref);
  g_free (ex->location);
  g_free (ex->request_id);
  g_free (ex->task_id);
  g_free (ex->served_sha256);
}

/* ------------------------------------------------------------------ */
/* Replies                                                             */
/* ------------------------------------------------------------------ */

static void
reply_bytes (Exchange   *ex,
             guint       status,
             const char *content_type,
             GBytes     *bytes)
{
  ex->status = status;
  replace_str (&ex->reply_type, content_type);
  g_clear_pointer (&ex->reply_body, g_bytes_unref);
  ex->reply_body = bytes ? g_bytes_ref (bytes) : NULL;
}

static void
reply_text (Exchange   *ex,
            guint       status,
            const char *content_type,
            const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  reply_bytes (ex, status, content_type, bytes);
}

static void
reply_json (Exchange   *ex,
            guint       status,
            const char *json)
{
  reply_text (ex, status, "application/json", json);
}

static void
reply_node (Exchange *ex,
            guint     status,
            JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  reply_json (ex, status, text);
}

/* An error in the provider's own body shape. */
static void
reply_error (Exchange   *ex,
             Kind        kind,
             guint       status,
             const char *type,
             const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  if (kind == KIND_BFL)
    {
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, message);
    }
  else
    {
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, message);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, type);
      json_builder_set_member_name (builder, "param");
      json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  reply_node (ex, status, root);
}

static const char bad_gateway_html[] =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
  "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
  "</body>\r\n</html>\r\n";

static const char unavailable_html[] =
  "<!DOCTYPE html>\n<html><head><title>503 Service Temporarily Unavailable</title>"
  "</head>\n<body><h1>Service Temporarily Unavailable</h1>\n<p>The upstream "
  "gateway is overloaded. Please try again later.</p>\n<hr><address>cloud-proxy"
  "</address></body></html>\n";

static const char openai_invalid_key[] =
  "{\"error\":{\"message\":\"Invalid token\",\"type\":\"invalid_request_error\","
  "\"param\":null,\"code\":\"invalid_api_key\"}}";

static const char bfl_invalid_key[] =
  "{\"detail\":\"Not authenticated - Invalid Authentication\"}";

static const char bfl_validation[] =
  "{\"detail\":[{\"loc\":[\"body\",\"width\"],\"msg\":\"Input should be a multiple "
  "of 16\",\"type\":\"value_error\"}]}";

static const char apiyi_moderation[] =
  "{\"error\":{\"code\":422,\"message\":\"map[Moderation Reasons:[Safety Filter]]\"}}";

static const char apiyi_status_code[] =
  "{\"status_code\":400,\"error\":{\"message\":\"Your request was rejected by the "
  "safety system. If you believe this is an error, contact us with request ID "
  "fake-req-0001.\",\"type\":\"shell_api_error\",\"code\":\"moderation_blocked\"}}";

/* The failure scenarios every submit endpoint shares. Returns TRUE when the
 * reply is decided; "slow" only delays the normal reply. */
static gboolean
submit_scenario (Exchange *ex,
                 Kind      kind)
{
  if (ex->scenario == NULL)
    return FALSE;

  if ((scenario_is (ex, "429-once") && ex->attempt == 1) ||
      scenario_is (ex, "429-always"))
    {
      ex->retry_after = "1";
      reply_error (ex, kind, 429, "rate_limit_error",
                   "Too many requests: you have exceeded your rate limit");
    }
  else if (scenario_is (ex, "500-once") && ex->attempt == 1)
    reply_error (ex, kind, 500, "server_error",
                 "The server had an error while processing your request");
  else if (scenario_is (ex, "502-always"))
    reply_text (ex, 502, "text/html", bad_gateway_html);
  else if (scenario_is (ex, "503-html"))
    reply_text (ex, 503, "text/html", unavailable_html);
  else if (scenario_is (ex, "truncated"))
    reply_json (ex, 200, kind == KIND_BFL
                ? "{\"id\":\"5b1e0c2a-9f7d-4c1b-8e34-0f6a2d9c7e11\",\"polling_url\":\"http://127.0"
                : "{\"created\":1776832476,\"data\":[{\"url\":\"http://127.0.0.3/res");
  else if (scenario_is (ex, "drop-once") && ex->attempt == 1)
    ex->action = ACTION_DROP;
  else if (scenario_is (ex, "401"))
    {
      if (kind == KIND_BFL)
        reply_json (ex, 401, "{\"detail\":\"Not authenticated\"}");
      else
        reply_json (ex, 401, openai_invalid_key);
    }
  else if (scenario_is (ex, "402"))
    reply_json (ex, 402, "{\"detail\":\"Insufficient credits\"}");
  else if (scenario_is (ex, "403"))
    {
      if (kind == KIND_BFL)
        reply_json (ex, 403, bfl_invalid_key);
      else
        reply_error (ex, kind, 403, "permission_error",
                     "Your key does not have access to this model");
    }
  else if (scenario_is (ex, "422"))
    reply_json (ex, 422, kind == KIND_BFL ? bfl_validation : apiyi_moderation);
  else if (kind != KIND_BFL &&
           (scenario_is (ex, "moderated-request") || scenario_is (ex, "moderated-content")))
    reply_json (ex, 422, apiyi_moderation);
  else if (scenario_is (ex, "status-code"))
    reply_json (ex, 400, apiyi_status_code);
  else
    {
      if (scenario_is (ex, "slow"))
        ex->delay = ex->fake->slow_seconds;
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Request parameters (JSON body or multipart form)                    */
/* ------------------------------------------------------------------ */

static JsonObject *
body_object (Exchange *ex)
{
  if (ex->json != NULL && JSON_NODE_HOLDS_OBJECT (ex->json))
    return json_node_get_object (ex->json);
  return NULL;
}

/* A parameter as text, whether it came as a JSON string or number or as a
 * multipart text field. */
static char *
param_text (Exchange   *ex,
            const char *name)
{
  JsonObject *object = body_object (ex);

  if (object != NULL && json_object_has_member (object, name))
    {
      JsonNode *node = json_object_get_member (object, name);

      if (!JSON_NODE_HOLDS_VALUE (node))
        return NULL;
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          return g_strdup (json_node_get_string (node));
        case G_TYPE_INT64:
          return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
        case G_TYPE_DOUBLE:
          return g_strdup_printf ("%g", json_node_get_double (node));
        case G_TYPE_BOOLEAN:
          return g_strdup (json_node_get_boolean (node) ? "true" : "false");
        default:
          return NULL;
        }
    }
  if (json_object_has_member (ex->form, name))
    return g_strdup (json_object_get_string_member (ex->form, name));
  return NULL;
}

static gboolean
param_int (Exchange   *ex,
           const char *name,
           gint64     *value)
{
  g_autofree char *text = param_text (ex, name);
  char *end = NULL;

  if (text == NULL)
    return FALSE;
  *value = g_ascii_strtoll (text, &end, 10);
  return end != text && *end == '\0';
}

static gboolean
parse_pair (const char *text,
            char        separator,
            guint      *a,
            guint      *b)
{
  g_auto(GStrv) parts = NULL;
  char *end1 = NULL, *end2 = NULL;

  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, (char[]) { separator, '\0' }, 2);
  if (g_strv_length (parts) != 2)
    return FALSE;
  *a = g_ascii_strtoull (parts[0], &end1, 10);
  *b = g_ascii_strtoull (parts[1], &end2, 10);
  return *end1 == '\0' && *end2 == '\0' && *a > 0 && *b > 0;
}

static void
request_size (Exchange *ex,
              guint    *width,
              guint    *height)
{
  g_autofree char *size = param_text (ex, "size");
  g_autofree char *ratio = param_text (ex, "aspect_ratio");
  gint64 w = 0, h = 0;
  guint a, b;

  *width = *height = 1024;
  if (param_int (ex, "width", &w) && param_int (ex, "height", &h) && w > 0 && h > 0)
    {
      *width = w;
      *height = h;
    }
  else if (parse_pair (size, 'x', &a, &b))
    {
      *width = a;
      *height = b;
    }
  else if (parse_pair (ratio, ':', &a, &b))
    {
      /* About one megapixel, on a 32 grid, like Kontext and Ultra. */
      double r = (double) a / b;

      *width = MAX (32, (guint) (lround (sqrt (1048576.0 * r) / 32) * 32));
      *height = MAX (32, (guint) (lround (sqrt (1048576.0 / r) / 32) * 32));
    }
  *width = CLAMP (*width, 8, 2048);
  *height = CLAMP (*height, 8, 2048);
}

/* FLUX.1 Fill and Expand answer with the image's size, grown by Expand's
 * margins (up to 2048 a side, as BFL's description allows). */
static void
edit_size (Exchange *ex,
           guint    *width,
           guint    *height)
{
  static const char * const sides[] = { "left", "right", "top", "bottom" };
  gint64 margins[4] = { 0 };

  for (guint i = 0; i < json_array_get_length (ex->images); i++)
    {
      JsonObject *entry = json_array_get_object_element (ex->images, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (entry, "field", ""),
                     "image") == 0 && json_object_has_member (entry, "width"))
        {
          *width = json_object_get_int_member (entry, "width");
          *height = json_object_get_int_member (entry, "height");
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    if (!param_int (ex, sides[i], &margins[i]) || margins[i] < 0 || margins[i] > 2048)
      margins[i] = 0;
  *width += margins[0] + margins[1];
  *height += margins[2] + margins[3];
}

static char *
output_format (Exchange   *ex,
               const char *fallback)
{
  g_autofree char *format = param_text (ex, "output_format");

  if (format != NULL && (g_str_equal (format, "png") || g_str_equal (format, "jpeg")))
    return g_steal_pointer (&format);
  return g_strdup (fallback);
}

static Result *
add_result (Exchange   *ex,
            const char *id,
            const char *format,
            guint       width,
            guint       height,
            gint64      seed,
            guint       index)
{
  Result *result = g_new0 (Result, 1);
  g_autofree char *uuid = g_uuid_string_random ();

  ++ex->fake->n_results;
  result->id = id ? g_strdup (id) : g_strdup_printf ("img-%04u-%s",
                                                     ex->fake->n_results, uuid);
  result->scenario = g_strdup (ex->scenario);
  result->format = g_strdup (format);
  result->width = width;
  result->height = height;
  result->seed = seed;
  result->index = index;
  g_hash_table_replace (ex->fake->results, result->id, result);
  return result;
}

static char *
result_url (Fake   *fake,
            Result *result)
{
  return g_strdup_printf ("%s/results/%s/sample.%s",
                          fake->endpoints[ROLE_DELIVERY].base,
                          result->id, result->format);
}

/* ------------------------------------------------------------------ */
/* BFL                                                                 */
/* ------------------------------------------------------------------ */

static gboolean
require_x_key (Exchange *ex)
{
  if (g_str_equal (ex->auth, "x-key") && ex->key_ok)
    return TRUE;
  reply_json (ex, 403, bfl_invalid_key);
  return FALSE;
}

static void
bfl_submit (Exchange   *ex,
            const char *model)
{
  g_autofree char *name = g_strdup_printf ("bfl:%s", model);
  Task *task;
  gint64 seed;
  g_autofree char *body = NULL;

  count_attempt (ex, name);
  if (!require_x_key (ex) || submit_scenario (ex, KIND_BFL))
    return;
  if ((ex->fake->max_active > 0 && ex->fake->n_active >= ex->fake->max_active) ||
      ex->fake->busy_submits > 0)
    {
      g_autofree char *detail = g_strdup_printf ("{\"detail\":\"You have reached the limit of "
                                                 "%u active tasks. Wait until one of your "
                                                 "previous tasks has finished.\"}",
                                                 ex->fake->max_active ? ex->fake->max_active : 24);

      if (ex->fake->busy_submits > 0)
        ex->fake->busy_submits--;
      reply_json (ex, 429, detail);
      return;
    }
  if (body_object (ex) == NULL)
    {
      reply_json (ex, 422, "{\"detail\":[{\"loc\":[\"body\"],\"msg\":\"Field required\","
                  "\"type\":\"missing\"}]}");
      return;
    }

  task = g_new0 (Task, 1);
  task->id = g_uuid_string_random ();
  task->scenario = g_strdup (ex->scenario);
  task->format = noise_mib (ex->scenario) > 0
                   ? g_strdup ("png")
                   : output_format (ex, g_str_has_prefix (model, "flux-kontext") ? "png" : "jpeg");
  /* Made now, not on the first download: a benchmark times the download. */
  if (noise_mib (ex->scenario) > 0)
    g_bytes_unref (make_noise_png (noise_mib (ex->scenario)));
  request_size (ex, &task->width, &task->height);
  if (g_str_has_prefix (model, "flux-pro-1.0-"))
    edit_size (ex, &task->width, &task->height);
  task->seed = param_int (ex, "seed", &seed) ? seed : 1000 + g_hash_table_size (ex->fake->tasks);
  g_hash_table_replace (ex->fake->tasks, task->id, task);
  ex->task_id = g_strdup (task->id);
  task->active = TRUE;
  ex->fake->n_active++;
  ex->fake->peak_active = MAX (ex->fake->peak_active, ex->fake->n_active);

  body = g_strdup_printf ("{\"id\":\"%s\",\"polling_url\":\"%s/v1/get_result?id=%s\","
                          "\"cost\":%.1f,\"input_mp\":%.2f,\"output_mp\":%.2f}",
                          task->id, ex->fake->endpoints[ROLE_POLL].base, task->id,
                          BFL_COST, (double) json_array_get_length (ex->images),
                          task->width * (double) task->height / 1e6);
  reply_json (ex, 200, body);
}

static void
bfl_credits (Exchange *ex)
{
  g_autofree char *body = NULL;

  count_attempt (ex, "bfl:credits");
  if (!require_x_key (ex))
    return;
  body = g_strdup_printf ("{\"credits\":%.1f}", CREDITS);
  reply_json (ex, 200, body);
}

/* FAKE_PENDING_POLLS lengthens "pending-long" for tests that need many
 * jobs polling at once. */
static guint fake_pending_polls = PENDING_LONG_POLLS;

static const char *
poll_status (Task *task,
             guint n)
{
  const char *s = task->scenario ? task->scenario : "";

  if (g_str_equal (s, "moderated-request"))
    return "Request Moderated";
  if (g_str_equal (s, "task-not-found"))
    return "Task not found";
  if (g_str_equal (s, "moderated-content"))
    return n >= 2 ? "Content Moderated" : "Pending";
  if (g_str_equal (s, "error"))
    return n >= 2 ? "Error" : "Pending";
  /* Long enough for a test to kill a client while it polls, and for the
   * next run to pick the task up before it is Ready. */
  if (g_str_equal (s, "pending-long"))
    return n > fake_pending_polls ? "Ready" : "Pending";
  if (noise_mib (s) > 0)
    return "Ready";
  if (g_str_equal (s, "unknown-status"))
    {
      static const char * const sequence[] = { "Pending", "Reasoning", "Generating" };

      return n <= G_N_ELEMENTS (sequence) ? sequence[n - 1] : "Ready";
    }
  return n >= 3 ? "Ready" : "Pending";
}

static void
bfl_poll (Exchange *ex)
{
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *counter = NULL;
  g_autofree char *result_json = NULL;
  g_autofree char *body = NULL;
  const char *id = NULL;
  const char *status;
  const char *details = "null";
  const char *progress = "null";
  Task *task;

  if (ex->query != NULL)
    params = g_uri_parse_params (ex->query, -1, "&", G_URI_PARAMS_NONE, NULL);
  if (params != NULL)
    id = g_hash_table_lookup (params, "id");
  task = id ? g_hash_table_lookup (ex->fake->tasks, id) : NULL;
  if (task == NULL)
    {
      g_autofree char *unknown = g_strdup_printf ("{\"id\":\"%s\",\"status\":\"Task not found\","
                                                  "\"result\":null,\"progress\":null,"
                                                  "\"details\":null,\"preview\":null}",
                                                  id ? id : "");
      count_attempt (ex, "poll:unknown");
      reply_json (ex, 200, unknown);
      return;
    }

  replace_str (&ex->scenario, task->scenario);
  replace_str (&ex->task_id, task->id);
  counter = g_strdup_printf ("poll:%s", task->id);
  count_attempt (ex, counter);

  if (scenario_is (ex, "poll-503-once") && ex->attempt == 1)
    {
      ex->retry_after = "1";
      reply_json (ex, 503, "{\"detail\":\"Service Unavailable\"}");
      return;
    }
  /* Nested far too deep for a recursive parser: a client that parses it
   * as it is crashes, with a task that may be paid for. */
  if (scenario_is (ex, "poll-deep-once") && ex->attempt == 1)
    {
      g_autofree char *open = g_strnfill (80000, '[');
      g_autofree char *close = g_strnfill (80000, ']');

      body = g_strdup_printf ("{\"id\":\"%s\",\"status\":\"Pending\",\"details\":%s%s}",
                              task->id, open, close);
      reply_json (ex, 200, body);
      return;
    }
  if (scenario_is (ex, "poll-422"))
    {
      body = g_strdup_printf ("{\"id\":\"%s\",\"status\":\"Error\",\"result\":null,"
                              "\"progress\":null,\"details\":{\"error\":\"Invalid or "
                              "corrupted image input\"},\"preview\":null}", task->id);
      reply_json (ex, 422, body);
      return;
    }

  status = poll_status (task, ++task->polls);
  /* A task is active until its poll says it ended. */
  if (task->active && (g_str_equal (status, "Ready") || g_str_has_suffix (status, "Moderated") ||
                       g_str_equal (status, "Error") || g_str_equal (status, "Task not found")))
    {
      task->active = FALSE;
      ex->fake->n_active--;
    }
  if (g_str_equal (status, "Pending"))
    progress = task->polls == 1 ? "0.1" : "0.5";
  else if (g_str_has_suffix (status, "Moderated"))
    details = "{\"Moderation Reasons\":[\"Safety Filter\"]}";
  else if (g_str_equal (status, "Error"))
    details = "{\"error\":\"Internal generation error (fake)\"}";

  if (g_str_equal (status, "Ready"))
    {
      Result *result = g_hash_table_lookup (ex->fake->results, task->id);
      g_autofree char *url = NULL;

      if (result == NULL)
        result = add_result (ex, task->id, task->format, task->width, task->height,
                             task->seed, 0);
      url = result_url (ex->fake, result);
      result_json = g_strdup_printf ("{\"sample\":\"%s\",\"seed\":%" G_GINT64_FORMAT ","
                                     "\"start_time\":1752477995.9,\"end_time\":1752478003.5,"
                                     "\"duration\":7.6}", url, task->seed);
    }
  body = g_strdup_printf ("{\"id\":\"%s\",\"status\":\"%s\",\"result\":%s,\"progress\":%s,"
                          "\"details\":%s,\"preview\":null}",
                          task->id, status, result_json ? result_json : "null",
                          progress, details);
  reply_json (ex, 200, body);
}

/* ------------------------------------------------------------------ */
/* APIYI / OpenAI-compatible and Monica                                */
/* ------------------------------------------------------------------ */

static gboolean
require_bearer (Exchange *ex)
{
  if (g_str_equal (ex->auth, "bearer") && ex->key_ok)
    return TRUE;
  reply_json (ex, 401, openai_invalid_key);
  return FALSE;
}

static guint
count_parts (Exchange   *ex,
             const char *name)
{
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (ex->parts); i++)
    {
      JsonObject *part = json_array_get_object_element (ex->parts, i);
      const char *part_name = json_object_get_string_member (part, "name");

      if (part_name != NULL && g_str_equal (part_name, name))
        n++;
    }
  return n;
}

static gboolean
check_edit_images (Exchange *ex)
{
  guint single = count_parts (ex, "image");
  guint several = count_parts (ex, "image[]");

  if (single + several == 0)
    reply_error (ex, KIND_OPENAI, 400, "invalid_request_error",
                 "Missing required parameter: 'image'.");
  else if (single > 1)
    reply_error (ex, KIND_OPENAI, 400, "invalid_request_error",
                 "Several images must be sent as repeated 'image[]' parts.");
  else if (single > 0 && several > 0)
    reply_error (ex, KIND_OPENAI, 400, "invalid_request_error",
                 "Mixing 'image' and 'image[]' parts is not supported.");
  else
    return TRUE;
  return FALSE;
}

static void
openai_generate (Exchange *ex,
                 gboolean  edits)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *model = NULL;
  g_autofree char *format = NULL;
  Result *result;
  guint width, height;
  gint64 seed = 7;

  count_attempt (ex, edits ? "openai:edits" : "openai:generations");
  if (!require_bearer (ex) || submit_scenario (ex, KIND_OPENAI))
    return;
  if (!edits && body_object (ex) == NULL)
    {
      reply_error (ex, KIND_OPENAI, 400, "invalid_request_error",
                   "We could not parse the JSON body of your request.");
      return;
    }
  if (edits && !check_edit_images (ex))
    return;
  prompt = param_text (ex, "prompt");
  model = param_text (ex, "model");
  if (prompt == NULL || *prompt == '\0' || model == NULL || *model == '\0')
    {
      reply_error (ex, KIND_OPENAI, 400, "invalid_request_error",
                   "Missing required parameter: 'prompt' or 'model'.");
      return;
    }

  format = output_format (ex, "jpeg");
  request_size (ex, &width, &height);
  param_int (ex, "seed", &seed);
  result = add_result (ex, NULL, format, width, height, seed, 0);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "created");
  json_builder_add_int_value (builder, g_get_real_time () / G_USEC_PER_SEC);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  if (scenario_is (ex, "b64"))
    {
      GBytes *bytes = result_get_bytes (result);
      gsize size;
      const guint8 *data = g_bytes_get_data (bytes, &size);
      g_autofree char *b64 = g_base64_encode (data, size);

      ex->served_sha256 = sha256_hex (data, size);
      json_builder_set_member_name (builder, "b64_json");
      json_builder_add_string_value (builder, b64);
    }
  else
    {
      g_autofree char *url = result_url (ex->fake, result);

      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, url);
    }
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  reply_node (ex, 200, root);
}

static gboolean
monica_check (Exchange *ex,
              gint64   *n_outputs,
              guint    *width,
              guint    *height)
{
  static const char * const models[] = { "flux_pro", "flux_dev", "flux_schnell", NULL };
  static const char * const sizes[] = { "1024x1024", "768x1344", "1344x768", NULL };
  g_autofree char *model = param_text (ex, "model");
  g_autofree char *size = param_text (ex, "size");
  g_autofree char *prompt = param_text (ex, "prompt");
  const char *problem = NULL;

  *n_outputs = 1;
  if (body_object (ex) == NULL)
    problem = "The request body must be JSON.";
  else if (model == NULL || !g_strv_contains (models, model))
    problem = "model must be one of flux_pro, flux_dev, flux_schnell";
  else if (prompt == NULL || *prompt == '\0' || g_utf8_strlen (prompt, -1) > 4000)
    problem = "prompt must be 1-4000 characters";
  else if (size != NULL && !g_strv_contains (sizes, size))
    problem = "size must be one of 1024x1024, 768x1344, 1344x768";
  else if (param_int (ex, "num_outputs", n_outputs) && (*n_outputs < 1 || *n_outputs > 4))
    problem = "num_outputs must be between 1 and 4";

  if (problem != NULL)
    {
      reply_error (ex, KIND_MONICA, 400, "invalid_request_error", problem);
      return FALSE;
    }
  if (!parse_pair (size, 'x', width, height))
    *width = *height = 1024;
  return TRUE;
}

static void
monica_generate (Exchange *ex)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *id = NULL;
  gint64 n_outputs;
  gint64 seed = 11;
  guint width, height;

  count_attempt (ex, "monica");
  if (!require_bearer (ex) || submit_scenario (ex, KIND_MONICA))
    return;
  if (!monica_check (ex, &n_outputs, &width, &height))
    return;
  param_int (ex, "seed", &seed);

  id = g_uuid_string_random ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  for (gint64 i = 0; i < n_outputs; i++)
    {
      g_autofree char *rid = g_strdup_printf ("mon-%s-%" G_GINT64_FORMAT, id, i + 1);
      Result *result = add_result (ex, rid, "png", width, height, seed, i);
      g_autofree char *url = result_url (ex->fake, result);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, url);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  reply_node (ex, 200, root);
}

/* ------------------------------------------------------------------ */
/* Delivery                                                            */
/* ------------------------------------------------------------------ */

/* The number at the end of a scenario such as "delivery-500-3", or 0. */
static guint
scenario_count (Exchange   *ex,
                const char *prefix)
{
  if (ex->scenario == NULL || !g_str_has_prefix (ex->scenario, prefix))
    return 0;
  return (guint) g_ascii_strtoull (ex->scenario + strlen (prefix), NULL, 10);
}

/* FAKE_HEAL_FILE: once the test creates it, "delivery-down" serves again. */
static gboolean
healed (Fake *fake)
{
  return fake->heal_file != NULL && g_file_test (fake->heal_file, G_FILE_TEST_EXISTS);
}

/* Delivery hosts that fail: "delivery-500-N" answers 500 to the first N
 * attempts, "delivery-cut-N" drops the first N mid-body, "delivery-down"
 * answers 500 until healed, "expired-403" and "expired-410" answer as an
 * expired signed URL does. Returns TRUE when it replied. */
static gboolean
delivery_fault (Exchange *ex,
                Result   *result)
{
  const char *expired = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>"
                        "AuthenticationFailed</Code><Message>Signed expiry time has passed."
                        "</Message></Error>";

  if (ex->attempt <= scenario_count (ex, "delivery-500-") ||
      (scenario_is (ex, "delivery-down") && !healed (ex->fake)))
    reply_text (ex, 500, "text/plain", "Internal Server Error");
  else if (ex->attempt <= scenario_count (ex, "delivery-cut-"))
    {
      GBytes *bytes = result_get_bytes (result);

      ex->action = ACTION_CUT;
      reply_bytes (ex, 200, g_str_equal (result->format, "png") ? "image/png" : "image/jpeg",
                   bytes);
    }
  else if (scenario_is (ex, "expired-403") || scenario_is (ex, "expired-410"))
    reply_text (ex, scenario_is (ex, "expired-403") ? 403 : 410, "application/xml", expired);
  else
    return FALSE;

  return TRUE;
}

/* GET /results/<id>/<rest>. "redirect" results bounce once inside the
 * delivery host and then to the API host's /results path. */
static void
deliver (Exchange *ex)
{
  g_auto(GStrv) segments = g_strsplit (ex->path + strlen ("/results/"), "/", 2);
  g_autofree char *counter = NULL;
  const char *rest;
  Result *result;
  GBytes *bytes;
  gsize size;
  const guint8 *data;

  result = segments[0] ? g_hash_table_lookup (ex->fake->results, segments[0]) : NULL;
  rest = segments[0] && segments[1] ? segments[1] : "";
  counter = g_strdup_printf ("delivery:%s", segments[0] ? segments[0] : "");
  if (result != NULL)
    replace_str (&ex->scenario, result->scenario);
  count_attempt (ex, counter);

  if (result == NULL || g_str_equal (ex->method, "GET") == FALSE)
    {
      reply_text (ex, 404, "application/xml",
                  "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>BlobNotFound"
                  "</Code><Message>The specified blob does not exist.</Message></Error>");
      return;
    }
  if (delivery_fault (ex, result))
    return;
  if (scenario_is (ex, "expired"))
    {
      reply_text (ex, 404, "application/xml",
                  "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>"
                  "AuthenticationFailed</Code><Message>Signed expiry time has passed."
                  "</Message></Error>");
      return;
    }
  if (scenario_is (ex, "not-image"))
    {
      reply_text (ex, 200, "text/html",
                  "<!DOCTYPE html><html><head><title>Sign in</title></head><body>"
                  "<h1>Access denied</h1><p>Please sign in to continue.</p></body></html>");
      return;
    }
  if (scenario_is (ex, "redirect") && !g_str_has_prefix (rest, "final/"))
    {
      Role target = g_str_has_prefix (rest, "hop/") ? ROLE_API : ROLE_DELIVERY;
      const char *hop = target == ROLE_API ? "final" : "hop";

      ex->location = g_strdup_printf ("%s/results/%s/%s/sample.%s",
                                      ex->fake->endpoints[target].base,
                                      result->id, hop, result->format);
      reply_text (ex, 302, "text/plain", "Found");
      return;
    }

  bytes = result_get_bytes (result);
  data = g_bytes_get_data (bytes, &size);
  if (noise_mib (result->scenario) > 0)
    ex->served_sha256 = g_strdup (g_hash_table_lookup (noise_sha256,
                                                       GUINT_TO_POINTER (noise_mib (result->scenario))));
  else
    ex->served_sha256 = sha256_hex (data, size);
  reply_bytes (ex, 200,
               g_str_equal (result->format, "png") ? "image/png" : "image/jpeg",
               bytes);
}

/* ------------------------------------------------------------------ */
/* Routing                                                             */
/* ------------------------------------------------------------------ */

static gboolean
is_model_path (const char *path)
{
  const char *model;

  if (!g_str_has_prefix (path, "/v1/"))
    return FALSE;
  model = path + strlen ("/v1/");
  return *model != '\0' &&
         strspn (model, "abcdefghijklmnopqrstuvwxyz0123456789.-") == strlen (model);
}

static void
route_api (Exchange *ex)
{
  const char *path = ex->path;
  gboolean post = g_str_equal (ex->method, "POST");
  gboolean get = g_str_equal (ex->method, "GET");

  ex->request_id = g_strdup_printf ("req-%u", ++ex->fake->n_api);
  if (post && g_str_equal (path, "/v1/images/generations"))
    openai_generate (ex, FALSE);
  else if (post && g_str_equal (path, "/v1/images/edits"))
    openai_generate (ex, TRUE);
  else if (post && g_str_equal (path, "/v1/image/gen/flux"))
    monica_generate (ex);
  else if (get && g_str_equal (path, "/v1/credits"))
    bfl_credits (ex);
  else if (get && g_str_has_prefix (path, "/results/"))
    deliver (ex);
  else if (post && is_model_path (path) && !g_str_equal (path, "/v1/get_result"))
    bfl_submit (ex, path + strlen ("/v1/"));
  else
    reply_json (ex, 404, "{\"detail\":\"Not Found\"}");
}

static void
route_poll (Exchange *ex)
{
  if (g_str_equal (ex->method, "GET") && g_str_equal (ex->path, "/v1/get_result"))
    bfl_poll (ex);
  else
    reply_json (ex, 404, "{\"detail\":\"Not Found\"}");
}

static void
route_delivery (Exchange *ex)
{
  if (g_str_has_prefix (ex->path, "/results/"))
    deliver (ex);
  else
    reply_text (ex, 404, "text/plain", "Not Found");
}

/* ------------------------------------------------------------------ */
/* Log                                                                 */
/* ------------------------------------------------------------------ */

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_bool (JsonBuilder *builder,
          const char  *name,
          gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static void
add_node (JsonBuilder *builder,
          const char  *name,
          JsonNode    *node)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_value (builder, node);
}

static JsonNode *
array_node (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_set_array (node, array);
  return node;
}

/* Replaces every occurrence of the key, in case a client put it somewhere
 * it should not be: the log must never contain it (key_in_* say so). */
static char *
redact (Fake *fake,
        char *line)
{
  g_auto(GStrv) pieces = NULL;

  if (fake->expected_key == NULL || *fake->expected_key == '\0' ||
      strstr (line, fake->expected_key) == NULL)
    return line;
  pieces = g_strsplit (line, fake->expected_key, -1);
  g_free (line);
  return g_strjoinv ("[REDACTED]", pieces);
}

static void
log_exchange (Exchange *ex)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  Fake *fake = ex->fake;
  char *line;

  if (fake->log == NULL)
    return;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, fake->n_requests);
  json_builder_set_member_name (builder, "time");
  json_builder_add_double_value (builder,
                                 (g_get_monotonic_time () - fake->start_us) / 1e6);
  add_string (builder, "role", role_names[ex->endpoint->role]);
  add_string (builder, "host", ex->endpoint->host);
  add_string (builder, "method", ex->method);
  add_string (builder, "path", ex->path);
  add_string (builder, "query", ex->query);
  add_string (builder, "content_type", ex->content_type);
  add_bool (builder, "has_key", ex->has_key);
  add_bool (builder, "key_ok", ex->key_ok);
  add_string (builder, "auth", ex->auth);
  add_bool (builder, "key_in_url", ex->key_in_url);
  add_bool (builder, "key_in_body", ex->key_in_body);
  json_builder_set_member_name (builder, "body_size");
  json_builder_add_int_value (builder, ex->body ? g_bytes_get_size (ex->body) : 0);
  if (ex->json != NULL)
    add_node (builder, "json", copy_for_log (ex->json));
  if (json_array_get_length (ex->images) > 0)
    add_node (builder, "images", array_node (ex->images));
  if (json_array_get_length (ex->parts) > 0)
    {
      JsonNode *form = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (form, ex->form);
      add_node (builder, "multipart", array_node (ex->parts));
      add_node (builder, "form", form);
    }
  add_string (builder, "prompt", ex->prompt);
  add_string (builder, "scenario", ex->scenario);
  add_string (builder, "counter", ex->counter);
  json_builder_set_member_name (builder, "attempt");
  json_builder_add_int_value (builder, ex->attempt);
  add_string (builder, "action", ex->action == ACTION_DROP ? "drop"
                                 : ex->action == ACTION_CUT ? "cut"
                                 : ex->delay > 0 ? "slow" : "reply");
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, ex->action == ACTION_DROP ? 0 : ex->status);
  add_string (builder, "reply_type", ex->reply_type);
  add_string (builder, "retry_after", ex->retry_after);
  add_string (builder, "location", ex->location);
  add_string (builder, "request_id", ex->request_id);
  add_string (builder, "task_id", ex->task_id);
  add_string (builder, "served_sha256", ex->served_sha256);
  json_builder_set_member_name (builder, "active");
  json_builder_add_int_value (builder, fake->n_active);
  json_builder_set_member_name (builder, "peak_active");
  json_builder_add_int_value (builder, fake->peak_active);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  line = redact (fake, json_to_string (root, FALSE));
  fputs (line, fake->log);
  fputc ('\n', fake->log);
  fflush (fake->log);
  g_free (line);
}

/* ------------------------------------------------------------------ */
/* Serving                                                             */
/* ------------------------------------------------------------------ */

typedef struct
{
  SoupServerMessage *msg;
  gboolean           gone;
  gulong             handler;
} Delayed;

static void
delayed_disconnected_cb (SoupServerMessage *msg,
                         Delayed           *delayed)
{
  delayed->gone = TRUE;
}

static gboolean
delayed_resume_cb (gpointer data)
{
  Delayed *delayed = data;

  g_signal_handler_disconnect (delayed->msg, delayed->handler);
  if (!delayed->gone)
    soup_server_message_unpause (delayed->msg);
  g_object_unref (delayed->msg);
  g_free (delayed);
  return G_SOURCE_REMOVE;
}

/* libsoup 3.2 has no phrase for some statuses the providers use. */
static const char *
reason_phrase (guint status)
{
  switch (status)
    {
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    default:
      return NULL;
    }
}

/* A connection that dies mid-body: the headers promise every byte, half
 * of them come, then the connection closes. */
static void
reply_cut (Exchange *ex)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (ex->msg);
  g_autofree char *head = NULL;
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (ex->reply_body, &size);
  GOutputStream *out;

  if (stream == NULL)
    return;

  out = g_io_stream_get_output_stream (stream);
  head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %"
                          G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n",
                          ex->reply_type, size);
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (out, data, size / 2, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static void
exchange_reply (Exchange *ex)
{
  SoupMessageHeaders *headers;
  const guint8 *data = NULL;
  gsize size = 0;

  if (ex->action == ACTION_DROP)
    {
      g_autoptr(GIOStream) stream = soup_server_message_steal_connection (ex->msg);

      if (stream != NULL)
        g_io_stream_close (stream, NULL, NULL);
      return;
    }
  if (ex->action == ACTION_CUT)
    {
      reply_cut (ex);
      return;
    }

  headers = soup_server_message_get_response_headers (ex->msg);
  if (ex->request_id != NULL)
    soup_message_headers_replace (headers, "x-request-id", ex->request_id);
  if (ex->retry_after != NULL)
    soup_message_headers_replace (headers, "Retry-After", ex->retry_after);
  if (ex->location != NULL)
    soup_message_headers_replace (headers, "Location", ex->location);
  if (ex->reply_body != NULL)
    data = g_bytes_get_data (ex->reply_body, &size);
  soup_server_message_set_status (ex->msg, ex->status, reason_phrase (ex->status));
  soup_server_message_set_response (ex->msg,
                                    ex->reply_type ? ex->reply_type : "text/plain",
                                    SOUP_MEMORY_COPY, (const char *) data, size);

  if (ex->delay > 0)
    {
      Delayed *delayed = g_new0 (Delayed, 1);

      delayed->msg = g_object_ref (ex->msg);
      delayed->handler = g_signal_connect (ex->msg, "disconnected",
                                           G_CALLBACK (delayed_disconnected_cb),
                                           delayed);
      soup_server_message_pause (ex->msg);
      g_timeout_add_seconds (ex->delay, delayed_resume_cb, delayed);
    }
}

static gboolean
quit_cb (gpointer data)
{
  Fake *fake = data;

  g_main_loop_quit (fake->loop);
  return G_SOURCE_REMOVE;
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Endpoint *endpoint = user_data;
  Fake *fake = endpoint->fake;
  Exchange ex;

  fake->n_requests++;
  exchange_init (&ex, endpoint, msg, path);
  switch (endpoint->role)
    {
    case ROLE_API:
      route_api (&ex);
      break;
    case ROLE_POLL:
      route_poll (&ex);
      break;
    case ROLE_DELIVERY:
    case N_ROLES:
    default:
      route_delivery (&ex);
      break;
    }
  log_exchange (&ex);
  exchange_reply (&ex);
  exchange_clear (&ex);

  if (fake->n_requests >= fake->max_requests && !fake->quitting)
    {
      fake->quitting = TRUE;
      g_printerr ("fs-fake-server: %u requests served, stopping\n", fake->n_requests);
      g_timeout_add (250, quit_cb, fake);
    }
}

static gboolean
endpoint_listen (Endpoint    *endpoint,
                 const char  *address,
                 GError     **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (inet, 0);
  GSList *uris;
  int port;

  endpoint->server = soup_server_new ("server-header", "fs-fake-server ", NULL);
  if (!soup_server_listen (endpoint->server, socket_address, 0, error))
    {
      g_clear_object (&endpoint->server);
      return FALSE;
    }
  uris = soup_server_get_uris (endpoint->server);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  endpoint->host = g_strdup_printf ("%s:%d", address, port);
  endpoint->base = g_strdup_printf ("http://%s", endpoint->host);
  soup_server_add_handler (endpoint->server, NULL, handle_cb, endpoint, NULL);
  return TRUE;
}

static gboolean
fake_listen (Fake    *fake,
             GError **error)
{
  for (int role = 0; role < N_ROLES; role++)
    {
      g_autoptr(GError) local_error = NULL;
      Endpoint *endpoint = &fake->endpoints[role];

      endpoint->fake = fake;
      endpoint->role = role;
      if (endpoint_listen (endpoint, role_addresses[role], &local_error))
        continue;
      if (role == ROLE_API)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* Some sandboxes only have 127.0.0.1: tests then tell the hosts
       * apart by port, which is weaker for the key checks. */
      g_printerr ("fs-fake-server: cannot bind %s (%s); falling back to 127.0.0.1 "
                  "on another port for the %s host\n",
                  role_addresses[role], local_error->message, role_names[role]);
      fake->fallback = TRUE;
      g_clear_error (&local_error);
      if (!endpoint_listen (endpoint, "127.0.0.1", error))
        return FALSE;
    }
  return TRUE;
}

static void
print_urls (Fake *fake)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;
  g_autofree char *v1 = g_strdup_printf ("%s/v1", fake->endpoints[ROLE_API].base);

  json_builder_begin_object (builder);
  add_string (builder, "bfl", fake->endpoints[ROLE_API].base);
  add_string (builder, "apiyi", v1);
  add_string (builder, "openai", v1);
  add_string (builder, "monica", fake->endpoints[ROLE_API].base);
  add_string (builder, "poll", fake->endpoints[ROLE_POLL].base);
  add_string (builder, "delivery", fake->endpoints[ROLE_DELIVERY].base);
  add_bool (builder, "fallback", fake->fallback);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  line = json_to_string (root, FALSE);
  g_print ("%s\n", line);
  fflush (stdout);
}

static gboolean
signal_cb (gpointer data)
{
  Fake *fake = data;

  g_main_loop_quit (fake->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
timeout_cb (gpointer data)
{
  Fake *fake = data;

  g_printerr ("fs-fake-server: time limit reached, stopping\n");
  g_main_loop_quit (fake->loop);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log_path = NULL;
  int max_requests = DEFAULT_MAX_REQUESTS;
  int max_seconds = DEFAULT_MAX_SECONDS;
  const char *slow;
  Fake fake = { 0 };
  GOptionEntry entries[] = {
    { "log", 0, 0, G_OPTION_ARG_FILENAME, &log_path,
      "Write one JSON line per request to FILE", "FILE" },
    { "max-requests", 0, 0, G_OPTION_ARG_INT, &max_requests,
      "Stop after N requests (default 500)", "N" },
    { "max-seconds", 0, 0, G_OPTION_ARG_INT, &max_seconds,
      "Stop after S seconds (default 120)", "S" },
    { NULL }
  };

  context = g_option_context_new ("- fake BFL, APIYI, OpenAI-compatible and Monica APIs "
                                  "on loopback");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("fs-fake-server: %s\n", error->message);
      return 2;
    }
  if (max_requests < 1 || max_seconds < 1)
    {
      g_printerr ("fs-fake-server: --max-requests and --max-seconds must be positive\n");
      return 2;
    }

  crc_init ();
  fake.loop = g_main_loop_new (NULL, FALSE);
  fake.max_requests = max_requests;
  fake.start_us = g_get_monotonic_time ();
  fake.expected_key = g_strdup (g_getenv ("FAKE_EXPECTED_KEY"));
  slow = g_getenv ("FAKE_SLOW_SECONDS");
  fake.slow_seconds = slow ? CLAMP (g_ascii_strtoull (slow, NULL, 10), 1, 600)
                           : DEFAULT_SLOW_SECONDS;
  fake.heal_file = g_strdup (g_getenv ("FAKE_HEAL_FILE"));
  fake.images_dir = g_strdup (g_getenv ("FAKE_IMAGES_DIR"));
  if (g_getenv ("FAKE_PENDING_POLLS") != NULL)
    fake_pending_polls = CLAMP (g_ascii_strtoull (g_getenv ("FAKE_PENDING_POLLS"), NULL, 10),
                                1, 100);
  if (g_getenv ("FAKE_BFL_MAX_ACTIVE") != NULL)
    fake.max_active = (guint) g_ascii_strtoull (g_getenv ("FAKE_BFL_MAX_ACTIVE"), NULL, 10);
  if (g_getenv ("FAKE_BFL_BUSY_SUBMITS") != NULL)
    fake.busy_submits = (guint) g_ascii_strtoull (g_getenv ("FAKE_BFL_BUSY_SUBMITS"), NULL, 10);
  fake.attempts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fake.tasks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, task_free);
  fake.results = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, result_free);

  if (log_path != NULL && (fake.log = fopen (log_path, "w")) == NULL)
    {
      g_printerr ("fs-fake-server: cannot write %s: %s\n", log_path, g_strerror (errno));
      return 1;
    }
  if (!fake_listen (&fake, &error))
    {
      g_printerr ("fs-fake-server: cannot listen: %s\n", error->message);
      return 1;
    }

  print_urls (&fake);
  g_unix_signal_add (SIGTERM, signal_cb, &fake);
  g_unix_signal_add (SIGINT, signal_cb, &fake);
  g_timeout_add_seconds (max_seconds, timeout_cb, &fake);
  g_main_loop_run (fake.loop);

  for (int role = 0; role < N_ROLES; role++)
    {
      if (fake.endpoints[role].server != NULL)
        soup_server_disconnect (fake.endpoints[role].server);
      g_clear_object (&fake.endpoints[role].server);
      g_free (fake.endpoints[role].base);
      g_free (fake.endpoints[role].host);
    }
  if (fake.log != NULL)
    fclose (fake.log);
  g_hash_table_unref (fake.attempts);
  g_hash_table_unref (fake.tasks);
  g_hash_table_unref (fake.results);
  g_free (fake.expected_key);
  g_free (fake.heal_file);
  g_free (fake.images_dir);
  g_main_loop_unref (fake.loop);
  return 0;
}
