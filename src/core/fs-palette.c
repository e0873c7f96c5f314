/* fs-palette.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fs-error.h"
#include "fs-file.h"
#include "fs-palette-private.h"

/* A named list of swatches, and importing and exporting files. The
 * formats are in fs-palette-gpl.c, fs-palette-ase.c and fs-palette-text.c. */

struct _FsPalette
{
  GObject    parent_instance;

  char      *name;
  char      *path;
  GPtrArray *swatches;
};

G_DEFINE_FINAL_TYPE (FsPalette, fs_palette, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_PATH,
  PROP_N_SWATCHES,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
fs_palette_finalize (GObject *object)
{
  FsPalette *self = FS_PALETTE (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->swatches, g_ptr_array_unref);

  G_OBJECT_CLASS (fs_palette_parent_class)->finalize (object);
}

static void
fs_palette_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FsPalette *self = FS_PALETTE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_N_SWATCHES:
      g_value_set_uint (value, self->swatches->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_palette_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  FsPalette *self = FS_PALETTE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      fs_palette_set_name (self, g_value_get_string (value));
      break;

    case PROP_PATH:
      fs_palette_set_path (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_palette_class_init (FsPaletteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = fs_palette_finalize;
  object_class->get_property = fs_palette_get_property;
  object_class->set_property = fs_palette_set_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", flags);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  properties[PROP_N_SWATCHES] =
    g_param_spec_uint ("n-swatches", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted after any change to the swatches. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
fs_palette_init (FsPalette *self)
{
  self->name = g_strdup ("");
  self->swatches = g_ptr_array_new_with_free_func ((GDestroyNotify) fs_swatch_free);
}

FsPalette *
fs_palette_new (const char *name)
{
  return g_object_new (FS_TYPE_PALETTE, "name", name != NULL ? name : "", NULL);
}

const char *
fs_palette_get_name (FsPalette *self)
{
  g_return_val_if_fail (FS_IS_PALETTE (self), NULL);

  return self->name;
}

void
fs_palette_set_name (FsPalette  *self,
                     const char *name)
{
  g_return_if_fail (FS_IS_PALETTE (self));

  if (name == NULL)
    name = "";
  if (g_strcmp0 (self->name, name) == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
fs_palette_get_path (FsPalette *self)
{
  g_return_val_if_fail (FS_IS_PALETTE (self), NULL);

  return self->path;
}

void
fs_palette_set_path (FsPalette  *self,
                     const char *path)
{
  g_return_if_fail (FS_IS_PALETTE (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;

  g_free (self->path);
  self->path = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
}

guint
fs_palette_get_n_swatches (FsPalette *self)
{
  g_return_val_if_fail (FS_IS_PALETTE (self), 0);

  return self->swatches->len;
}

const FsSwatch *
fs_palette_get_swatch (FsPalette *self,
                       guint      position)
{
  g_return_val_if_fail (FS_IS_PALETTE (self), NULL);
  g_return_val_if_fail (position < self->swatches->len, NULL);

  return g_ptr_array_index (self->swatches, position);
}

GPtrArray *
fs_palette_get_swatches (FsPalette *self)
{
  g_return_val_if_fail (FS_IS_PALETTE (self), NULL);

  return self->swatches;
}

static void
emit_changed (FsPalette *self,
              guint      old_length)
{
  if (old_length != self->swatches->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SWATCHES]);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
fs_palette_add_swatch (FsPalette  *self,
                       const char *name,
                       guint8      r,
                       guint8      g,
                       guint8      b)
{
  g_return_if_fail (FS_IS_PALETTE (self));

  g_ptr_array_add (self->swatches, fs_swatch_new (name, r, g, b));
  emit_changed (self, self->swatches->len - 1);
}

void
fs_palette_insert_swatch (FsPalette      *self,
                          guint           position,
                          const FsSwatch *swatch)
{
  g_return_if_fail (FS_IS_PALETTE (self));
  g_return_if_fail (swatch != NULL);

  g_ptr_array_insert (self->swatches, MIN (position, self->swatches->len),
                      fs_swatch_copy (swatch));
  emit_changed (self, self->swatches->len - 1);
}

void
fs_palette_remove_swatch (FsPalette *self,
                          guint      position)
{
  g_return_if_fail (FS_IS_PALETTE (self));
  g_return_if_fail (position < self->swatches->len);

  g_ptr_array_remove_index (self->swatches, position);
  emit_changed (self, self->swatches->len + 1);
}

void
fs_palette_move_swatch (FsPalette *self,
                        guint      from,
                        guint      to)
{
  gpointer swatch;

  g_return_if_fail (FS_IS_PALETTE (self));
  g_return_if_fail (from < self->swatches->len);

  to = MIN (to, self->swatches->len - 1);
  if (from == to)
    return;

  swatch = g_ptr_array_steal_index (self->swatches, from);
  g_ptr_array_insert (self->swatches, to, swatch);
  emit_changed (self, self->swatches->len);
}

gboolean
fs_palette_contains (FsPalette *self,
                     guint8     r,
                     guint8     g,
                     guint8     b)
{
  g_return_val_if_fail (FS_IS_PALETTE (self), FALSE);

  for (guint i = 0; i < self->swatches->len; i++)
    {
      const FsSwatch *swatch = g_ptr_array_index (self->swatches, i);

      if (swatch->r == r && swatch->g == g && swatch->b == b)
        return TRUE;
    }

  return FALSE;
}

FsPalette *
fs_palette_copy (FsPalette *self)
{
  FsPalette *copy;

  g_return_val_if_fail (FS_IS_PALETTE (self), NULL);

  copy = fs_palette_new (self->name);
  copy->path = g_strdup (self->path);
  for (guint i = 0; i < self->swatches->len; i++)
    g_ptr_array_add (copy->swatches, fs_swatch_copy (g_ptr_array_index (self->swatches, i)));

  return copy;
}

FsPaletteFormat
fs_palette_guess_format (const char   *filename,
                         const guint8 *data,
                         gsize         length)
{
  if (data != NULL && length >= 4 && memcmp (data, "ASEF", 4) == 0)
    return FS_PALETTE_FORMAT_ASE;
  if (data != NULL && length >= 12 &&
      (memcmp (data, "GIMP Palette", 12) == 0 ||
       (length >= 15 && memcmp (data, "\xef\xbb\xbfGIMP Palette", 15) == 0)))
    return FS_PALETTE_FORMAT_GPL;
  if (filename != NULL && g_str_has_suffix (filename, ".ase"))
    return FS_PALETTE_FORMAT_ASE;
  if (filename != NULL && g_str_has_suffix (filename, ".gpl"))
    return FS_PALETTE_FORMAT_GPL;

  return FS_PALETTE_FORMAT_TEXT;
}

/* "Brand colours.gpl" → "Brand colours". */
static char *
name_from_file (GFile *file)
{
  g_autofree char *base = g_file_get_basename (file);
  g_autofree char *display = g_filename_display_name (base);
  char *dot = strrchr (display, '.');

  if (dot != NULL && dot != display)
    *dot = '\0';
  return g_steal_pointer (&display);
}

static FsPalette *
parse_any (GBytes      *bytes,
           const char  *filename,
           const char  *fallback_name,
           GError     **error)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  switch (fs_palette_guess_format (filename, data, length))
    {
    case FS_PALETTE_FORMAT_ASE:
      return fs_palette_parse_ase (data, length, fallback_name, error);
    case FS_PALETTE_FORMAT_GPL:
      return fs_palette_parse_gpl ((const char *) data, length, fallback_name, error);
    case FS_PALETTE_FORMAT_TEXT:
    default:
      return fs_palette_parse_text ((const char *) data, length, fallback_name, error);
    }
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *filename = g_file_get_basename (file);
  g_autofree char *fallback = name_from_file (file);
  g_autofree char *display = g_filename_display_name (filename);
  GError *error = NULL;
  FsPalette *palette;

  bytes = fs_file_read (file, FS_PALETTE_MAX_FILE_BYTES, cancellable, &error);
  if (bytes != NULL)
    {
      palette = parse_any (bytes, filename, fallback, &error);
      if (palette != NULL)
        {
          g_task_return_pointer (task, palette, g_object_unref);
          return;
        }
    }

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* Translators: "Could not import “brand.gpl”: line 7: …" */
    g_prefix_error (&error, _("Could not import “%s”: "), display);
  g_task_return_error (task, error);
}

void
fs_palette_import_async (GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_palette_import_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, import_thread);
}

FsPalette *
fs_palette_import_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  GFile  *file;
  GBytes *bytes;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_object_unref (data->file);
  g_bytes_unref (data->bytes);
  g_free (data);
}

/* g_file_replace_contents() writes a temporary file and renames it over
 * the old one: a crash never leaves half a palette. */
static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  GError *error = NULL;
  gsize length;
  const char *contents = g_bytes_get_data (data->bytes, &length);

  if (g_file_replace_contents (data->file, contents, length, NULL, FALSE,
                               G_FILE_CREATE_NONE, NULL, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
fs_palette_export_async (FsPalette           *self,
                         GFile               *file,
                         FsPaletteFormat      format,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (FS_IS_PALETTE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (format == FS_PALETTE_FORMAT_GPL || format == FS_PALETTE_FORMAT_ASE);

  /* The snapshot is taken here, on the caller's thread: later edits do
   * not race the writer. */
  data = g_new0 (ExportData, 1);
  data->file = g_object_ref (file);
  data->bytes = format == FS_PALETTE_FORMAT_ASE ? fs_palette_to_ase (self)
                                                : fs_palette_to_gpl (self);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_palette_export_async);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
fs_palette_export_finish (FsPalette     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (FS_IS_PALETTE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
same_swatches (GPtrArray *a,
               GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      const FsSwatch *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);

      if (x->r != y->r || x->g != y->g || x->b != y->b || g_strcmp0 (x->name, y->name) != 0)
        return FALSE;
    }

  return TRUE;
}

gboolean
_fs_palette_assign (FsPalette *self,
                    FsPalette *other)
{
  gboolean same_name = g_strcmp0 (self->name, other->name) == 0;
  guint old_length = self->swatches->len;

  if (same_name && same_swatches (self->swatches, other->swatches))
    return FALSE;

  fs_palette_set_name (self, other->name);
  if (!same_swatches (self->swatches, other->swatches))
    {
      g_ptr_array_set_size (self->swatches, 0);
      for (guint i = 0; i < other->swatches->len; i++)
        g_ptr_array_add (self->swatches, fs_swatch_copy (g_ptr_array_index (other->swatches, i)));
      emit_changed (self, old_length);
    }
  return TRUE;
}

gboolean
_fs_palette_line_error (GError     **error,
                        guint        line,
                        const char  *format,
                        ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: where a palette file is malformed, "line 7: …" */
  g_set_error (error, FS_ERROR, FS_ERROR_INVALID, _("line %u: %s"), line, detail);
  return FALSE;
}
