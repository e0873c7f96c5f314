/* fs-metadata.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Metadata inside image files, for export (docs/ARCHITECTURE.md,
 * “Export”): an A1111 "parameters" text and an XMP packet embedded in a
 * copy of a PNG, JPEG or WebP file, or every metadata block taken out of
 * one. Pixels are never decoded or re-encoded: chunks and segments are
 * added, replaced or dropped, and everything else is copied byte for
 * byte. These functions work on bytes in memory and do no I/O, except
 * fs_metadata_read_png_text_file(), which blocks. Every reader is bounded
 * and refuses cut-off or malformed containers with FS_ERROR_NOT_IMAGE. */

typedef enum
{
  FS_METADATA_UNKNOWN,
  FS_METADATA_PNG,
  FS_METADATA_JPEG,
  FS_METADATA_WEBP,
} FsMetadataFormat;

/* The biggest XMP packet a JPEG APP1 segment holds: 65,533 bytes of
 * payload less the 29 bytes of "http://ns.adobe.com/xap/1.0/\0". */
#define FS_METADATA_JPEG_XMP_MAX 65504

/* The IPTC digital source types Flux Studio writes. */
#define FS_DIGITAL_SOURCE_TRAINED \
  "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
#define FS_DIGITAL_SOURCE_ALGORITHMIC \
  "http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia"

/* What goes into the XMP packet; NULL members are left out. */
typedef struct
{
  const char *description;          /* dc:description, x-default: the prompt */
  const char *creator_tool;         /* xmp:CreatorTool: "Flux Studio 0.1.0" */
  const char *create_date;          /* xmp:CreateDate, ISO 8601 */
  const char *digital_source_type;  /* Iptc4xmpExt:DigitalSourceType, a URI */
  const char *ai_system;            /* Iptc4xmpExt:AISystemUsed */
  const char *ai_system_version;    /* Iptc4xmpExt:AISystemVersionUsed */
} FsXmpFields;

FsMetadataFormat fs_metadata_detect           (GBytes            *image);

/* An XMP packet (UTF-8) holding @fields, every value XML-escaped and
 * stripped of the characters XML 1.0 cannot hold. When the packet would
 * be larger than @max_bytes, the description is cut at a character
 * boundary and ends with "…", and @truncated (nullable) is set; the
 * other fields are short and never cut. */
char            *fs_metadata_build_xmp        (const FsXmpFields *fields,
                                               gsize              max_bytes,
                                               gboolean          *truncated);

/* A copy of @image with @parameters (nullable; PNG only: a tEXt chunk
 * "parameters", or iTXt when the text is not Latin-1) and @xmp
 * (nullable: PNG iTXt "XML:com.adobe.xmp", JPEG APP1, WebP "XMP "
 * chunk) in place of any the file had. Everything else is kept as it
 * is, the provider's Content Credentials (C2PA) included. An @xmp larger
 * than FS_METADATA_JPEG_XMP_MAX cannot go into a JPEG:
 * FS_ERROR_INVALID. */
GBytes          *fs_metadata_embed            (GBytes            *image,
                                               const char        *parameters,
                                               const char        *xmp,
                                               GError           **error);

/* A copy of @image without its metadata: text, EXIF, XMP, C2PA, comments
 * and private blocks. What carries colour or how the pixels are shown
 * stays (ICC profiles, gamma and colour chunks, JFIF, Adobe's colour
 * transform, transparency, pixel density, animation), and an EXIF
 * orientation other than "normal" is kept alone in a minimal EXIF block,
 * so the copy is not turned. The exact lists are in
 * docs/ARCHITECTURE.md, “Export”. */
GBytes          *fs_metadata_strip            (GBytes            *image,
                                               GError           **error);

/* The text chunks of a PNG (tEXt, zTXt and iTXt, compressed or not), as
 * keyword → UTF-8 text; the first chunk of a keyword wins. A text larger
 * than 1 MiB (compressed or not) is skipped. NULL with an error when
 * @image is not a PNG. */
GHashTable      *fs_metadata_read_png_text    (GBytes            *image,
                                               GError           **error);
/* The same from a file, read chunk by chunk without reading the pixels.
 * Blocking: worker threads only. */
GHashTable      *fs_metadata_read_png_text_file (GFile           *file,
                                                 GCancellable    *cancellable,
                                                 GError         **error);

/* The XMP packet embedded in @image (any of the three formats), or NULL. */
char            *fs_metadata_find_xmp         (GBytes            *image);

G_END_DECLS
