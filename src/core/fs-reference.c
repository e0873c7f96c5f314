/* fs-reference.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fs-error.h"
#include "fs-file.h"
#include "fs-image.h"
#include "fs-reference-private.h"

#define MIN_SIDE FS_REFERENCE_MIN_SIDE

/* One reference image, immutable once made: the bytes that are sent (the
 * user's own bytes unless preparing them had to change something), with
 * what decoding them proved and what preparing them changed. */
struct _FsReference
{
  GObject            parent_instance;

  char              *name;
  GBytes            *bytes;
  char              *mime_type;
  char              *extension;
  char              *sha256;
  guint              width;
  guint              height;

  char              *source_path;
  char              *note;
  FsReferenceOrigin  origin;
};

G_DEFINE_FINAL_TYPE (FsReference, fs_reference, G_TYPE_OBJECT)

static void
fs_reference_finalize (GObject *object)
{
  FsReference *self = (FsReference *) object;

  g_free (self->name);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_free (self->mime_type);
  g_free (self->extension);
  g_free (self->sha256);
  g_free (self->source_path);
  g_free (self->note);

  G_OBJECT_CLASS (fs_reference_parent_class)->finalize (object);
}

static void
fs_reference_class_init (FsReferenceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fs_reference_finalize;
}

static void
fs_reference_init (FsReference *self)
{
}

/* Blocking (a full decode and a hash): worker threads only. Both a file
 * that is not an image and one too small are FS_ERROR_INVALID, since the
 * request cannot be sent with it. */
FsReference *
fs_reference_new_from_bytes (GBytes      *bytes,
                             const char  *name,
                             GError     **error)
{
  g_autoptr(FsReference) self = NULL;
  g_autoptr(GError) probe_error = NULL;
  const char *shown = name != NULL ? name : _("The reference");

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (FS_TYPE_REFERENCE, NULL);

  if (!fs_image_probe (bytes, &self->mime_type, &self->extension,
                       &self->width, &self->height, &probe_error))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   /* Translators: a file name, then why it is not an image */
                   _("“%s” cannot be used as a reference. %s"),
                   shown, probe_error->message);
      return NULL;
    }

  if (self->width < MIN_SIDE || self->height < MIN_SIDE)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   /* Translators: a file name, its width and height, the minimum side */
                   _("“%s” is %u×%u; references must be at least %u×%u"),
                   shown, self->width, self->height, MIN_SIDE, MIN_SIDE);
      return NULL;
    }

  self->name = g_strdup (name != NULL ? name : "");
  self->bytes = g_bytes_ref (bytes);
  self->sha256 = fs_file_sha256_bytes (bytes);
  self->origin.original_width = self->width;
  self->origin.original_height = self->height;
  return g_steal_pointer (&self);
}

FsReference *
_fs_reference_new (GBytes     *bytes,
                   const char *sha256,
                   const char *name,
                   const char *mime_type,
                   const char *extension,
                   guint       width,
                   guint       height)
{
  FsReference *self = g_object_new (FS_TYPE_REFERENCE, NULL);

  self->name = g_strdup (name != NULL ? name : "");
  self->bytes = g_bytes_ref (bytes);
  self->mime_type = g_strdup (mime_type);
  self->extension = g_strdup (extension);
  self->sha256 = sha256 != NULL ? g_strdup (sha256) : fs_file_sha256_bytes (bytes);
  self->width = width;
  self->height = height;
  self->origin.original_width = width;
  self->origin.original_height = height;
  return self;
}

/* The sentence under the slot: what was changed that the designer would
 * otherwise not know about. A rotation is visible, so it is not told. */
static char *
describe_origin (FsReference *self)
{
  const FsReferenceOrigin *origin = &self->origin;

  if (origin->downscaled && origin->colour_converted)
    /* Translators: original width×height, then the new size */
    return g_strdup_printf (_("Downscaled from %u×%u to %u×%u (FLUX.2 takes up to 4 MP) "
                              "and converted to sRGB from its colour profile"),
                            origin->original_width, origin->original_height,
                            self->width, self->height);
  if (origin->downscaled)
    /* Translators: original width×height, then the new size */
    return g_strdup_printf (_("Downscaled from %u×%u to %u×%u (FLUX.2 takes up to 4 MP)"),
                            origin->original_width, origin->original_height,
                            self->width, self->height);
  if (origin->colour_converted)
    return g_strdup (_("Converted to sRGB from its embedded colour profile"));
  if (origin->sent_full_size)
    /* Translators: width×height; the image is above 4 megapixels */
    return g_strdup_printf (_("Sent at %u×%u: this image cannot be decoded here to "
                              "downscale it, and FLUX.2 reduces inputs above 4 MP itself"),
                            self->width, self->height);
  return NULL;
}

void
_fs_reference_set_origin (FsReference             *self,
                          const char              *source_path,
                          const FsReferenceOrigin *origin)
{
  g_return_if_fail (FS_IS_REFERENCE (self));
  g_return_if_fail (origin != NULL);

  g_free (self->source_path);
  self->source_path = g_strdup (source_path);
  self->origin = *origin;
  g_free (self->note);
  self->note = describe_origin (self);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  FsReference *reference;

  bytes = fs_file_read (file, FS_FILE_MAX_IMAGE_BYTES, cancellable, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  reference = fs_reference_new_from_bytes (bytes, name, &error);
  if (reference == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, reference, g_object_unref);
}

void
fs_reference_load_async (GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_reference_load_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

FsReference *
fs_reference_load_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
fs_reference_get_name (FsReference *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE (self), NULL);

  return self->name;
}

/* The original bytes, borrowed. */
GBytes *
fs_reference_get_bytes (FsReference *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE (self), NULL);

  return self->bytes;
}

const char *
fs_reference_get_mime_type (FsReference *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE (self), NULL);

  return self->mime_type;
}

const char *
fs_reference_get_extension (FsReference *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE (self), NULL);

  return self->extension;
}

const char *
fs_reference_get_sha256 (FsReference *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE (self), NULL);

  return self->sha256;
}

guint
fs_reference_get_width (FsReference *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE (self), 0);

  return self->width;
}

guint
fs_reference_get_height (FsReference *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE (self), 0);

  return self->height;
}

/* Bare base64, as BFL takes it. */
char *
fs_reference_dup_base64 (FsReference *self)
{
  gconstpointer data;
  gsize size = 0;

  g_return_val_if_fail (FS_IS_REFERENCE (self), NULL);

  data = g_bytes_get_data (self->bytes, &size);
  return g_base64_encode (data, size);
}

/* "data:<mime>;base64,…", as OpenAI-style JSON bodies take it. */
char *
fs_reference_dup_data_url (FsReference *self)
{
  g_autofree char *base64 = NULL;

  g_return_val_if_fail (FS_IS_REFERENCE (self), NULL);

  base64 = fs_reference_dup_base64 (self);
  return g_strconcat ("data:", self->mime_type, ";base64,", base64, NULL);
}

const FsReferenceOrigin *
_fs_reference_get_origin (FsReference *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE (self), NULL);

  return &self->origin;
}

/* The size before downscaling and before turning upright. */
guint
fs_reference_get_original_width (FsReference *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE (self), 0);

  return self->origin.original_width;
}

guint
fs_reference_get_original_height (FsReference *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE (self), 0);

  return self->origin.original_height;
}

gboolean
fs_reference_get_downscaled (FsReference *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE (self), FALSE);

  return self->origin.downscaled;
}

gboolean
fs_reference_get_colour_converted (FsReference *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE (self), FALSE);

  return self->origin.colour_converted;
}

const char *
fs_reference_get_note (FsReference *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE (self), NULL);

  return self->note;
}

const char *
fs_reference_get_source_path (FsReference *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE (self), NULL);

  return self->source_path;
}

/* Of the bytes that are sent, which is what providers bill. */
double
fs_reference_get_megapixels (FsReference *self)
{
  g_return_val_if_fail (FS_IS_REFERENCE (self), 0.0);

  return (double) self->width * self->height / 1e6;
}
