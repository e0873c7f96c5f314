/* fs-provider.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fs-types.h"
#include "fs-catalog.h"
#include "fs-http.h"
#include "fs-request.h"

G_BEGIN_DECLS

typedef enum
{
  FS_TASK_PENDING,  /* submitted, poll again */
  FS_TASK_READY,    /* urls and/or images are set */
} FsTaskStatus;

/* What a provider made of a submit or poll response. */
struct _FsProviderResult
{
  FsTaskStatus  status;
  char         *task_id;
  char         *polling_url;
  char         *raw_status;   /* the provider's own status word, or NULL */
  GPtrArray    *urls;         /* char *, result URLs in order */
  GPtrArray    *images;       /* GBytes *, inline results (b64_json) */
  double        progress;     /* 0..1, or -1 when unknown */
  double        cost;         /* provider-reported cost, NAN when unknown */
  gint64        seed;         /* seed the provider reports, -1 unknown */
};

FsProviderResult *fs_provider_result_new  (void);
void              fs_provider_result_free (FsProviderResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FsProviderResult, fs_provider_result_free)

#define FS_TYPE_PROVIDER (fs_provider_get_type ())
G_DECLARE_INTERFACE (FsProvider, fs_provider, FS, PROVIDER, GObject)

/* A provider translates an FsRequest to its wire format and back, and
 * nothing more: no I/O, no retries, no saving. Remote providers build
 * FsHttpCalls; the local sandbox synthesizes bytes (in a worker thread). */
struct _FsProviderInterface
{
  GTypeInterface parent_iface;

  FsHttpCall       *(*build_submit)  (FsProvider      *self,
                                      FsRequest       *request,
                                      FsModel         *model,
                                      const char      *key,
                                      GError         **error);
  FsProviderResult *(*parse_submit)  (FsProvider      *self,
                                      FsHttpResponse  *response,
                                      GError         **error);
  FsHttpCall       *(*build_poll)    (FsProvider      *self,
                                      const char      *polling_url,
                                      const char      *key);
  FsProviderResult *(*parse_poll)    (FsProvider      *self,
                                      FsHttpResponse  *response,
                                      GError         **error);
  FsHttpCall       *(*build_credits) (FsProvider      *self,
                                      const char      *key);
  gboolean          (*parse_credits) (FsProvider      *self,
                                      FsHttpResponse  *response,
                                      double          *credits,
                                      GError         **error);
  GBytes           *(*synthesize)    (FsProvider      *self,
                                      FsRequest       *request,
                                      FsModel         *model,
                                      guint            index,
                                      GError         **error);
};

/* Static facts about each provider id. */
typedef struct
{
  const char *id;               /* "bfl", "apiyi", "openai-compatible", … */
  const char *name;             /* translatable display name */
  const char *summary;          /* translatable one-line description */
  const char *default_base_url; /* NULL when user-given or local */
  const char *key_env;          /* environment fallback for the key */
  const char *curl_key_var;     /* "$BFL_API_KEY" in copy-as-curl */
  gboolean    needs_key;
  gboolean    local;
  gboolean    polls;            /* answers a submit with a task to poll */
  guint       poll_interval_ms; /* the provider's recommended time between polls */
  /* What one credit costs in US dollars where the provider bills in
   * credits (BFL: 0.01); 0 where it bills in dollars. */
  double      usd_per_credit;
} FsProviderInfo;

const FsProviderInfo *fs_provider_info_lookup (const char *provider_id);
const FsProviderInfo *fs_provider_info_list   (guint      *n_infos);

/* Creates the provider for @provider_id. @base_url NULL means the default;
 * a remote URL must be https:// (http:// only for loopback). */
FsProvider       *fs_provider_new           (const char      *provider_id,
                                             const char      *base_url,
                                             GError         **error);
const char       *fs_provider_get_id        (FsProvider      *self);
const char       *fs_provider_get_base_url  (FsProvider      *self);
gboolean          fs_provider_is_local      (FsProvider      *self);
gboolean          fs_provider_needs_key     (FsProvider      *self);
/* APIYI / OpenAI-compatible: send references as JSON data URLs on
 * /images/generations instead of multipart /images/edits. */
void              fs_provider_set_json_references (FsProvider *self,
                                                   gboolean    json_references);

FsHttpCall       *fs_provider_build_submit  (FsProvider      *self,
                                             FsRequest       *request,
                                             FsModel         *model,
                                             const char      *key,
                                             GError         **error);
FsProviderResult *fs_provider_parse_submit  (FsProvider      *self,
                                             FsHttpResponse  *response,
                                             GError         **error);
FsHttpCall       *fs_provider_build_poll    (FsProvider      *self,
                                             const char      *polling_url,
                                             const char      *key);
FsProviderResult *fs_provider_parse_poll    (FsProvider      *self,
                                             FsHttpResponse  *response,
                                             GError         **error);
FsHttpCall       *fs_provider_build_credits (FsProvider      *self,
                                             const char      *key);
gboolean          fs_provider_parse_credits (FsProvider      *self,
                                             FsHttpResponse  *response,
                                             double          *credits,
                                             GError         **error);
GBytes           *fs_provider_synthesize    (FsProvider      *self,
                                             FsRequest       *request,
                                             FsModel         *model,
                                             guint            index,
                                             GError         **error);

/* The account balance (BFL /v1/credits), over the shared FsHttp. */
void              fs_provider_fetch_credits_async  (FsProvider          *self,
                                                    const char          *key,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean          fs_provider_fetch_credits_finish (FsProvider          *self,
                                                    GAsyncResult        *result,
                                                    double              *credits,
                                                    GError             **error);
/* A cheap authenticated call that proves @key works (BFL: credits;
 * APIYI / OpenAI-compatible: GET {base}/models); returns what it found in
 * one human sentence, or an error saying why the key did not work. */
void              fs_provider_test_key_async       (FsProvider          *self,
                                                    const char          *key,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
char             *fs_provider_test_key_finish      (FsProvider          *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
