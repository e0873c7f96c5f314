/* fs-cli.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fs-catalog.h"
#include "fs-library.h"

G_BEGIN_DECLS

/* Exit statuses shared by every command (README "Exit status"). */
#define FS_CLI_EXIT_OK       0
#define FS_CLI_EXIT_INVALID  2
#define FS_CLI_EXIT_REFUSED  3
#define FS_CLI_EXIT_FAILED   4

int         fs_cli_generate      (int          argc,
                                  char       **argv);
int         fs_cli_models        (int          argc,
                                  char       **argv);
int         fs_cli_list          (int          argc,
                                  char       **argv);
int         fs_cli_credits       (int          argc,
                                  char       **argv);
int         fs_cli_colours        (int          argc,
                                  char       **argv);
int         fs_cli_palette       (int          argc,
                                  char       **argv);
int         fs_cli_resume        (int          argc,
                                  char       **argv);
int         fs_cli_export        (int          argc,
                                  char       **argv);

/* Helpers shared by the commands. */
FsCatalog  *fs_cli_load_catalog  (void);
FsLibrary  *fs_cli_open_library  (const char  *folder,
                                  gboolean     writing,
                                  GError     **error);
char       *fs_cli_lookup_key    (const char  *provider_id);
void        fs_cli_result_cb     (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data);
GAsyncResult *fs_cli_wait        (GAsyncResult **result);
void        fs_cli_print_json    (JsonNode    *node);
int         fs_cli_fail          (const GError *error);

/* Gallery images named on the command line (fs-cli-library.c). */

/* Every image, or those whose prompt, model or provider contains
 * @search: a GPtrArray of FsAsset, newest first. */
GPtrArray  *fs_cli_list_images       (FsLibrary          *library,
                                      const char         *search,
                                      GError            **error);
/* IMAGE arguments: each a path to an image of the gallery (absolute,
 * from the working folder, or from the gallery folder) or the start of
 * one image's sha256 (4 hexadecimal digits or more). The images in the
 * arguments' order, each once; FS_ERROR_INVALID naming the first
 * argument that names none, or more than one. */
GPtrArray  *fs_cli_resolve_images    (FsLibrary          *library,
                                      const char * const *images,
                                      GError            **error);
/* The images in the collection @name; FS_ERROR_INVALID while the library
 * has no collections. */
GPtrArray  *fs_cli_collection_images (FsLibrary          *library,
                                      const char         *name,
                                      GError            **error);
/* Appends to @assets each of @more it does not hold yet (by path). */
void        fs_cli_add_images        (GPtrArray          *assets,
                                      GPtrArray          *more);

G_END_DECLS
