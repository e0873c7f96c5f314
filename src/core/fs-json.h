/* fs-json.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Every JSON text the program reads goes through fs_json_parser_load(),
 * never straight to json-glib: its parser recurses once per nesting level,
 * so a text nested tens of thousands of levels deep overflows the stack.
 * (docs/ARCHITECTURE.md, “Limits”) */

/* Deeper than any real document; far shallower than the stack allows. */
#define FS_JSON_MAX_DEPTH           64

/* How much text one use reads, by what the text is. */
#define FS_JSON_MAX_ANSWER_BYTES     (1024 * 1024)        /* a provider's answer or error body */
#define FS_JSON_MAX_IMAGE_LIST_BYTES (128 * 1024 * 1024)  /* an answer that may carry base64 images */
#define FS_JSON_MAX_RECORD_BYTES     (16 * 1024 * 1024)   /* a sidecar, an index row, a journalled request */
#define FS_JSON_MAX_CATALOG_BYTES    (4 * 1024 * 1024)    /* models.json */
#define FS_JSON_MAX_PROMPT_BYTES     (1024 * 1024)        /* a prompt, structured or not */
#define FS_JSON_MAX_CACHE_BYTES      (64 * 1024)          /* a reference cache entry */

gboolean fs_json_check       (const char  *data,
                              gssize       length,
                              gsize        max_bytes,
                              GError     **error);
gboolean fs_json_parser_load (JsonParser  *parser,
                              const char  *data,
                              gssize       length,
                              gsize        max_bytes,
                              GError     **error);

/* Members of documents that may come from anywhere (sidecars, journal
 * rows, providers' answers): a member of the wrong type counts as absent,
 * never as a reason for a critical. */

/* @object's member @name when it is a string, else NULL; @object may be
 * NULL. */
const char *fs_json_get_string (JsonObject  *object,
                                const char  *name);

G_END_DECLS
