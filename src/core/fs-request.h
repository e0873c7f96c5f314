/* fs-request.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fs-types.h"
#include "fs-catalog.h"
#include "fs-edit.h"
#include "fs-reference.h"

G_BEGIN_DECLS

/* One problem found by fs_request_validate(): the field it concerns
 * ("prompt", "width", "references", a parameter name …), a message a
 * designer understands, and the nearest valid value when there is one. */
struct _FsProblem
{
  char     *field;
  char     *message;
  GVariant *suggestion;
};

void fs_problem_free (FsProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FsProblem, fs_problem_free)

#define FS_TYPE_REQUEST (fs_request_get_type ())
G_DECLARE_FINAL_TYPE (FsRequest, fs_request, FS, REQUEST, GObject)

FsRequest          *fs_request_new             (const char  *provider_id,
                                                const char  *model_id);
FsRequest          *fs_request_copy            (FsRequest   *self);
const char         *fs_request_get_provider_id (FsRequest   *self);
const char         *fs_request_get_model_id    (FsRequest   *self);
const char         *fs_request_get_prompt      (FsRequest   *self);
void                fs_request_set_prompt      (FsRequest   *self,
                                                const char  *prompt);

/* Parameter values by catalog name ("width", "seed", "steps" …). */
void                fs_request_set_param       (FsRequest   *self,
                                                const char  *name,
                                                GVariant    *value);
GVariant           *fs_request_get_param       (FsRequest   *self,
                                                const char  *name);
void                fs_request_unset_param     (FsRequest   *self,
                                                const char  *name);
GStrv               fs_request_list_params     (FsRequest   *self);
gboolean            fs_request_get_int         (FsRequest   *self,
                                                const char  *name,
                                                gint64      *value);

/* References in tray order: the first is "image 1". */
void                fs_request_add_reference   (FsRequest   *self,
                                                FsReference *reference);
void                fs_request_clear_references (FsRequest  *self);
GPtrArray          *fs_request_get_references  (FsRequest   *self);

/* Editing an image (FLUX.1 Fill and Expand; docs/ARCHITECTURE.md,
 * “Editing images”). The image is sent as @source's prepared bytes; its
 * file's sha256 and path are the result's parent. */
void                fs_request_set_image       (FsRequest   *self,
                                                const FsEditSource *source);
/* Borrowed; NULL when the request edits no image (or was rebuilt from a
 * record, which keeps only the hashes below). */
FsReference        *fs_request_get_image       (FsRequest   *self);
/* The sha256 of the image as sent: a key into the reference store. */
const char         *fs_request_get_image_sha256 (FsRequest  *self);
const char         *fs_request_get_parent_sha256 (FsRequest *self);
const char         *fs_request_get_parent_path (FsRequest   *self);
/* The mask (fs-mask.h): an 8-bit greyscale PNG of the image's size. */
void                fs_request_set_mask        (FsRequest   *self,
                                                FsReference *mask);
FsReference        *fs_request_get_mask        (FsRequest   *self);
const char         *fs_request_get_mask_sha256 (FsRequest   *self);
/* The margin parameters "top", "bottom", "left" and "right" together; a
 * side not set counts as 0. FALSE when none is set. */
void                fs_request_set_margins     (FsRequest   *self,
                                                const FsMargins *margins);
gboolean            fs_request_get_margins     (FsRequest   *self,
                                                FsMargins   *margins);
/* The references, then the image and the mask: what the reference store
 * keeps before the request is sent (docs/ARCHITECTURE.md, “One
 * generation”). A new array. */
GPtrArray          *fs_request_dup_stored_images (FsRequest *self);

/* The output size this request will produce under the model's rule on its
 * provider, with defaults filled in. FALSE when it cannot be known. */
gboolean            fs_request_get_output_size (FsRequest   *self,
                                                FsModel     *model,
                                                guint       *width,
                                                guint       *height);

/* What @n_images images of this request should cost on its provider,
 * in US dollars, by the catalog's price (its output size and the
 * megapixels of its references): an estimate. FALSE when unknown. */
gboolean            fs_request_estimate_cost   (FsRequest   *self,
                                                FsModel     *model,
                                                guint        n_images,
                                                double      *usd);

/* Every problem at once, in field order; an empty array means valid. */
GPtrArray          *fs_request_validate        (FsRequest   *self,
                                                FsCatalog   *catalog);
/* All problems joined into one FS_ERROR_INVALID error, or TRUE. */
gboolean            fs_request_check           (FsRequest   *self,
                                                FsCatalog   *catalog,
                                                GError     **error);

/* The record of what was asked: prompt, provider, model, params and the
 * references' sha256 in order; for an edit also "parent", "mask" and
 * "margins" (docs/ARCHITECTURE.md, “Sidecar”). */
JsonNode           *fs_request_to_json         (FsRequest   *self);

/* A request rebuilt from a saved record (a sidecar, or
 * fs_request_to_json()): provider, model, prompt and every parameter.
 * References are not restored here (they come from the reference store). */
FsRequest          *fs_request_new_from_record (JsonObject  *record,
                                                GError     **error);
/* The same, with each parameter in the type @catalog gives it on the
 * record's model and provider (an integer written as 1024.0 comes back
 * as int64); @catalog may be NULL. */
FsRequest          *fs_request_new_from_record_full (JsonObject  *record,
                                                     FsCatalog   *catalog,
                                                     GError     **error);

G_END_DECLS
