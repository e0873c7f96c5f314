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
#include "fs-job.h"
#include "fs-library.h"
#include "fs-palette-store.h"
#include "fs-variations.h"

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
int         fs_cli_rate          (int          argc,
                                  char       **argv);
int         fs_cli_star          (int          argc,
                                  char       **argv);
int         fs_cli_unstar        (int          argc,
                                  char       **argv);
int         fs_cli_collection    (int          argc,
                                  char       **argv);
int         fs_cli_spend         (int          argc,
                                  char       **argv);
int         fs_cli_batch         (int          argc,
                                  char       **argv);
int         fs_cli_preset        (int          argc,
                                  char       **argv);

/* generate's options (fs-cli-request.c), shared with batch, whose rows
 * give the same options per row. */
typedef struct
{
  char     *provider;
  char     *model;
  char     *base_url;
  char     *size;
  char     *width;
  char     *height;
  char     *aspect_ratio;
  char     *seed;
  char     *steps;
  char     *guidance;
  char     *safety_tolerance;
  char     *output_format;
  char     *num_outputs;
  char     *interval;
  char     *image_prompt_strength;
  char    **refs;
  char     *library;
  char     *count;
  char     *seed_mode;
  char     *preset;
  gboolean  prompt_upsampling;
  gboolean  raw;
  gboolean  json;
  gboolean  json_references;
} FsCliGenerateOptions;


void          fs_cli_generate_options_clear  (FsCliGenerateOptions *o);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FsCliGenerateOptions, fs_cli_generate_options_clear)
/* The options as entries pointing into @o, --library and --json
 * included (g_free() the array). */
GOptionEntry *fs_cli_generate_option_entries (FsCliGenerateOptions *o,
                                              gboolean              with_preset);
/* The same, @n_extra entries of a command's own (@extra) after them. */
GOptionEntry *fs_cli_generate_option_entries_with (FsCliGenerateOptions *o,
                                                   gboolean              with_preset,
                                                   const GOptionEntry   *extra,
                                                   guint                 n_extra);
/* Sets the whole-number parameter @name from @text, the value of
 * @option; nothing when @text is NULL. FS_ERROR_INVALID naming @option
 * for anything else than a whole number. */
gboolean      fs_cli_set_int                 (FsRequest            *request,
                                              const char           *name,
                                              const char           *option,
                                              const char           *text,
                                              GError              **error);
/* Sets the parameters @o gives on @request (for @model). */
gboolean      fs_cli_apply_options           (FsRequest            *request,
                                              FsModel              *model,
                                              FsCliGenerateOptions *o,
                                              GError              **error);
/* Prepares the reference files @refs and adds them in order. */
gboolean      fs_cli_add_references          (FsRequest            *request,
                                              char                **refs,
                                              GError              **error);
/* The reference files @refs prepared, in order (FsReference). */
GPtrArray    *fs_cli_prepare_references      (char                **refs,
                                              GError              **error);
/* The absolute paths of the reference files @refs names (relative to the
 * working folder), for a batch's journal. */
GStrv         fs_cli_ref_paths               (char                **refs);
/* --provider, or bfl with a key, or the sandbox; @key gets the key. */
const char   *fs_cli_choose_provider         (FsCliGenerateOptions *o,
                                              char                **key);
/* --count and --seed-mode (and how they go with --seed and
 * --num-outputs) checked: the number of images (1 without --count) and
 * the seed mode (increment with --seed, random without). */
gboolean      fs_cli_parse_count             (FsCliGenerateOptions *o,
                                              guint                *count,
                                              FsSeedMode           *mode,
                                              GError              **error);
/* The checked requests --count and --seed-mode make of @request. */
GPtrArray    *fs_cli_plan                    (FsCliGenerateOptions *o,
                                              FsRequest            *request,
                                              FsCatalog            *catalog,
                                              GError              **error);

/* Runs @jobs (fs-cli-jobs.c), at most @max_running at once, in order,
 * following each (fs_cli_follow_job() with @several); the saved images
 * go to @assets in the jobs' order. @done, when set, hears of each job as
 * it ends (@assets of it or NULL, @error or NULL). Returns the worst exit
 * status. */
typedef void (*FsCliJobDoneFunc) (FsJob        *job,
                                  guint         index,
                                  GPtrArray    *assets,
                                  const GError *error,
                                  gpointer      user_data);
int           fs_cli_run_jobs                (GPtrArray            *jobs,
                                              guint                 max_running,
                                              gboolean              several,
                                              FsCliJobDoneFunc      done,
                                              gpointer              user_data,
                                              GPtrArray            *assets);

/* fs-cli-preset.c: the preset --preset names (FS_ERROR_INVALID when
 * there is none), its provider and model set on @o where the command line
 * gives none. */
JsonObject   *fs_cli_load_preset             (FsCliGenerateOptions *o,
                                              GError              **error);
/* The prompt @preset makes of @prompt (fs_preset_apply_prompt()), with
 * its palette from the user's palettes; FS_ERROR_INVALID when it names a
 * palette that is not there. */
char         *fs_cli_preset_prompt           (JsonObject           *preset,
                                              const char           *prompt,
                                              GError              **error);
/* Adds @preset's references, loaded from the reference store, to
 * @request; FS_ERROR_INVALID naming each one the store has lost. */
gboolean      fs_cli_preset_references       (JsonObject           *preset,
                                              FsRequest            *request,
                                              GError              **error);

/* fs-cli-batch.c: runs the rows dead batches left unsent (resume), the
 * images saved going to @assets; returns the worst exit status. */
int           fs_cli_resume_batches          (FsLibrary            *library,
                                              FsCatalog            *catalog,
                                              const char           *base_url,
                                              GPtrArray            *assets);

/* fs-cli-spend.c: a warning on standard error when the month's spend
 * and @estimate (US dollars) pass the library's monthly budget. */
void          fs_cli_warn_budget             (FsLibrary            *library,
                                              double                estimate);
/* The estimated price of @requests, in US dollars; unknown prices count
 * as 0 and set @unknown. */
double        fs_cli_estimate                (GPtrArray            *requests,
                                              FsCatalog            *catalog,
                                              gboolean             *unknown);

/* Helpers shared by the commands. */

/* Parses the options of "flux-studio-cli @command" into the variables
 * @entries point at; @parameter_string (translated) sums the command up
 * in --help. FALSE, having said why, for a bad option: the command exits
 * FS_CLI_EXIT_INVALID. */
gboolean    fs_cli_parse_options (const char         *command,
                                  const char         *parameter_string,
                                  const GOptionEntry *entries,
                                  int                *argc,
                                  char             ***argv);
/* Entries for the options several commands share: --json, which
 * @saves_images describes as printing the saved records, and --library. */
GOptionEntry fs_cli_option_json    (gboolean  *json,
                                    gboolean   saves_images);
GOptionEntry fs_cli_option_library (char     **folder);

/* The images @args name (fs-cli-library.c): each a path in the gallery
 * or the start of its sha256, as FsAsset, in order, each once; empty for
 * no @args. FS_ERROR_INVALID (exit 2) naming what matches no image, or
 * several, with the candidates. */
GPtrArray  *fs_cli_resolve_images (FsLibrary  *library,
                                   char      **args,
                                   GError    **error);

FsCatalog  *fs_cli_load_catalog  (void);
/* The user's palettes, loaded. */
FsPaletteStore *fs_cli_load_palettes (GError **error);
FsLibrary  *fs_cli_open_library  (const char  *folder,
                                  gboolean     writing,
                                  GError     **error);
/* Waits for what the libraries opened still do on their own (leases let
 * go of in workers): a process must not exit in the middle of it. */
void        fs_cli_settle         (void);
char       *fs_cli_lookup_key    (const char  *provider_id);
void        fs_cli_result_cb     (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data);
GAsyncResult *fs_cli_wait        (GAsyncResult **result);
void        fs_cli_print_json    (JsonNode    *node);
int         fs_cli_fail          (const GError *error);
/* The worse of two exit statuses. A function, not MAX(): a status is
 * often a call that prints, which MAX() would make twice. */
int         fs_cli_worse_status  (int           status,
                                  int           other);

/* generate and resume: what a running job does, on standard error, each
 * state once. With @several (resume), each line names its job, and a
 * change of progress alone makes a line, as a resumed job's status text
 * does not carry it. */
void        fs_cli_follow_job    (FsJob        *job,
                                  gboolean      several);
/* Why @job failed, with its HTTP status and request id when the message
 * does not name them, naming the job with @several; returns the exit
 * status. */
int         fs_cli_job_failed    (FsJob        *job,
                                  const GError *error,
                                  gboolean      several);
/* Each saved image's path on standard error ("saved: …"), and on standard
 * output the paths, or with @json the records as an array. */
void        fs_cli_print_assets  (GPtrArray    *assets,
                                  gboolean      json);
/* Gallery images named on the command line (fs-cli-library.c). */

/* Every image, or those whose prompt, model or provider contains
 * @search: a GPtrArray of FsAsset, newest first. */
GPtrArray  *fs_cli_list_images       (FsLibrary          *library,
                                      const char         *search,
                                      GError            **error);
/* The images in the collection @name. */
GPtrArray  *fs_cli_collection_images (FsLibrary          *library,
                                      const char         *name,
                                      GError            **error);
/* Appends to @assets each of @more it does not hold yet (by path). */
void        fs_cli_add_images        (GPtrArray          *assets,
                                      GPtrArray          *more);

G_END_DECLS
