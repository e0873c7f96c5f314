/* fs-colour.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One hex colour code found in a prompt: "#02eb3c" or "#0e3". Offsets and
 * lengths are in bytes of the UTF-8 text; a code is matched only when it
 * is not part of a longer word ("#02eb3c" yes, "#02eb3cff"/"abc#123" no). */
typedef struct
{
  guint  offset;
  guint  length;
  guint8 r, g, b;
} FsHexMatch;

/* Every code in @text, in order: a GArray of FsHexMatch. */
GArray   *fs_colour_find_hex   (const char *text);
/* "#rgb", "#rrggbb", "rrggbb" → red, green, blue. */
gboolean  fs_colour_parse_hex  (const char *text,
                               guint8     *r,
                               guint8     *g,
                               guint8     *b);
/* Lower-case "#rrggbb". */
char     *fs_colour_format_hex (guint8      r,
                               guint8      g,
                               guint8      b);

/* CIE Lab (D50), the Lab that ICC tools such as GIMP and Photoshop show. */
typedef struct
{
  double L, a, b;
} FsLab;

/* sRGB (IEC 61966-2-1) → CIE Lab relative to D50 with Bradford adaptation,
 * through lcms2; and back (clipped to the sRGB gamut). */
void         fs_colour_rgb_to_lab   (guint8       r,
                                    guint8       g,
                                    guint8       b,
                                    FsLab       *lab);
void         fs_colour_lab_to_rgb   (const FsLab *lab,
                                    guint8      *r,
                                    guint8      *g,
                                    guint8      *b);
/* CIEDE2000 as specified by the CIE (Sharma, Wu, Dalal 2005), kL=kC=kH=1. */
double       fs_colour_delta_e2000  (const FsLab *x,
                                    const FsLab *y);
/* A friendly CSS/X11 name for the colour ("Lime Green") when one lies
 * within ΔE00 ≤ 2 of it, or %NULL. */
const char  *fs_colour_get_name     (guint8       r,
                                    guint8       g,
                                    guint8       b);
/* Parses "#rgb", "#rrggbb", "rrggbb", "rgb(1, 2, 3)", "rgb(1 2 3)" and
 * pasted text containing one of those. */
gboolean     fs_colour_parse_any    (const char  *text,
                                    guint8      *r,
                                    guint8      *g,
                                    guint8      *b);

typedef struct
{
  guint8 r, g, b;
  double share;
} FsDominantColour;

/* 5–8 dominant colours of an image (at most @max_colours; 0 means 8) by
 * k-means clustering in Lab on a subsample with deterministic seeding, with
 * their share of the image, largest first. Runs in a worker thread. */
void         fs_colour_extract_async  (const char          *path,
                                      guint                max_colours,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
/* A GArray of FsDominantColour. */
GArray      *fs_colour_extract_finish (GAsyncResult        *result,
                                      GError             **error);

typedef enum
{
  FS_COLOUR_MATCHED,   /* ΔE00 ≤ 2 */
  FS_COLOUR_CLOSE,     /* ΔE00 ≤ 5 */
  FS_COLOUR_OFF,       /* ΔE00 > 5 */
} FsColourVerdict;

typedef struct
{
  guint8          expected[3];
  guint8          found[3];
  double          delta_e;
  double          share;
  FsColourVerdict verdict;
} FsColourCheck;

/* For each requested colour: the CIEDE2000 distance of the closest
 * well-represented colour of the image — a colour bin holding at least
 * 0.5 % of the pixels — and the share of pixels within ΔE00 ≤ 5 of the
 * requested colour. Runs in a worker thread. */
void         fs_colour_check_async    (const char          *path,
                                      const char * const  *hex_codes,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
/* A GArray of FsColourCheck, one per code, in order. */
GArray      *fs_colour_check_finish   (GAsyncResult        *result,
                                      GError             **error);
/* The hex codes a prompt asks for: the "color_palette" of a structured JSON
 * prompt, or the #codes in the text; lower-case "#rrggbb", without
 * duplicates; %NULL when there are none. */
GStrv        fs_colour_codes_from_prompt (const char       *prompt);
/* @prompt with @codes (any form fs_colour_parse_hex() reads; others are
 * skipped) written into it: into the "color_palette" of a structured JSON
 * prompt (made when missing; indented as before, a one-line prompt kept on
 * one line; the text unchanged when its palette holds them all), or
 * after a text prompt, space-separated, as "#rrggbb" or with @phrase
 * "color #rrggbb", each code the prompt does not ask for yet.
 * NULL when @prompt starts as JSON but is not a JSON object with an array
 * palette (being edited). */
char        *fs_colour_add_to_prompt  (const char          *prompt,
                                       const char * const  *codes,
                                       gboolean             phrase);
/* [{expected, found, delta_e, share, verdict}], as the CLI prints. */
JsonNode    *fs_colour_check_to_json  (GArray              *checks);
/* "matched", "close", "off". */
const char  *fs_colour_verdict_to_string (FsColourVerdict verdict);

G_END_DECLS
