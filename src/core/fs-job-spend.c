/* fs-job-spend.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fs-job-private.h"
#include "fs-variations.h"

/* A job's row in the spend ledger (docs/ARCHITECTURE.md, “Spend”): the
 * catalog's estimate before the call goes out, then what the provider
 * answered. Written through the job's journal queue, so in order and
 * without holding up the call. A local provider costs nothing and is
 * not in the ledger. */

static JsonObject *
spend_entry (FsJob      *self,
             const char *state)
{
  JsonObject *entry = json_object_new ();

  json_object_set_string_member (entry, "job_id", self->id);
  json_object_set_string_member (entry, "provider", fs_request_get_provider_id (self->request));
  json_object_set_string_member (entry, "model", fs_request_get_model_id (self->request));
  json_object_set_int_member (entry, "images", fs_variations_n_images (self->request));
  json_object_set_string_member (entry, "state", state);
  return entry;
}

void
_fs_job_spend_sent (FsJob *self)
{
  g_autoptr(JsonObject) entry = NULL;
  double estimate;

  if (fs_provider_is_local (self->provider))
    return;

  entry = spend_entry (self, "sent");
  if (fs_request_estimate_cost (self->request, self->model,
                                fs_variations_n_images (self->request), &estimate))
    json_object_set_double_member (entry, "estimate", estimate);
  _fs_job_journal_spend (self, entry);
}

/* A provider that answered with an error did not charge for the call; a
 * call without an answer (the connection lost) may have been, and stays
 * "sent". */
void
_fs_job_spend_answered (FsJob          *self,
                        FsHttpResponse *response)
{
  g_autoptr(JsonObject) entry = NULL;

  if (fs_provider_is_local (self->provider))
    return;

  entry = spend_entry (self, fs_http_response_is_success (response) ? "answered" : "refused");
  if (fs_http_response_is_success (response) && !isnan (self->cost))
    json_object_set_double_member (entry, "actual", self->cost);
  _fs_job_journal_spend (self, entry);
}

/* Providers that report the charge only with the result (FLUX.1-era BFL
 * endpoints) bring it here. */
void
_fs_job_spend_settled (FsJob *self)
{
  g_autoptr(JsonObject) entry = NULL;

  if (fs_provider_is_local (self->provider) || isnan (self->cost) || self->resumed)
    return;

  entry = spend_entry (self, "answered");
  json_object_set_double_member (entry, "actual", self->cost);
  _fs_job_journal_spend (self, entry);
}
