/* fs-a1111.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fs-a1111.h"
#include "fs-asset.h"
#include "fs-catalog.h"
#include "fs-metadata.h"
#include "fs-model.h"

/* The layout follows what AUTOMATIC1111's web UI writes
 * (modules/infotext_utils.py: create_infotext) and reads
 * (parse_generation_parameters): the last line holds the settings when it
 * parses as "Key: value" pairs, a line starting "Negative prompt:" starts
 * the negative prompt, the rest is the prompt. */

#define NEGATIVE_PREFIX "Negative prompt:"

typedef struct
{
  char *key;
  char *value;
} Setting;

struct _FsA1111
{
  char      *prompt;
  char      *negative_prompt;
  GPtrArray *settings;  /* Setting, in order */
};

static void
setting_free (Setting *setting)
{
  g_free (setting->key);
  g_free (setting->value);
  g_free (setting);
}

FsA1111 *
fs_a1111_new (const char *prompt)
{
  FsA1111 *self = g_new0 (FsA1111, 1);

  self->prompt = g_strdup (prompt != NULL ? prompt : "");
  self->settings = g_ptr_array_new_with_free_func ((GDestroyNotify) setting_free);
  return self;
}

void
fs_a1111_free (FsA1111 *self)
{
  if (self == NULL)
    return;

  g_free (self->prompt);
  g_free (self->negative_prompt);
  g_ptr_array_unref (self->settings);
  g_free (self);
}

static Setting *
find_setting (FsA1111    *self,
              const char *key)
{
  for (guint i = 0; i < self->settings->len; i++)
    {
      Setting *setting = g_ptr_array_index (self->settings, i);

      if (g_str_equal (setting->key, key))
        return setting;
    }

  return NULL;
}

const char *
fs_a1111_get (FsA1111    *self,
              const char *key)
{
  Setting *setting;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  setting = find_setting (self, key);
  return setting != NULL ? setting->value : NULL;
}

void
fs_a1111_set (FsA1111    *self,
              const char *key,
              const char *value)
{
  Setting *setting;

  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL);

  setting = find_setting (self, key);
  if (value == NULL)
    {
      if (setting != NULL)
        g_ptr_array_remove (self->settings, setting);
      return;
    }

  if (setting == NULL)
    {
      setting = g_new0 (Setting, 1);
      setting->key = g_strdup (key);
      g_ptr_array_add (self->settings, setting);
    }
  g_free (setting->value);
  setting->value = g_strdup (value);
}

GStrv
fs_a1111_list_keys (FsA1111 *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->settings->len; i++)
    g_strv_builder_add (builder, ((Setting *) g_ptr_array_index (self->settings, i))->key);

  return g_strv_builder_end (builder);
}

const char *
fs_a1111_get_prompt (FsA1111 *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->prompt;
}

const char *
fs_a1111_get_negative_prompt (FsA1111 *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->negative_prompt;
}

/* Quoting ------------------------------------------------------------------- */

/* As A1111's quote(): a value with a comma, a colon or a line break
 * becomes a JSON string. */
static void
append_value (GString    *out,
              const char *value)
{
  if (strpbrk (value, ",:\n\r\"") == NULL)
    {
      g_string_append (out, value);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\u%04x", (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

/* A JSON string's contents from @p (just past the opening quote) to the
 * closing quote, or NULL when it is not one; *@end is set past it. */
static char *
read_quoted (const char  *p,
             const char **end)
{
  g_autoptr(GString) out = g_string_new (NULL);

  while (*p != '\0' && *p != '"')
    {
      if (*p != '\\')
        {
          g_string_append_c (out, *p++);
          continue;
        }

      p++;
      switch (*p)
        {
        case '"': case '\\': case '/': g_string_append_c (out, *p); break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          {
            gunichar c = 0;

            for (guint i = 1; i <= 4; i++)
              {
                if (!g_ascii_isxdigit (p[i]))
                  return NULL;
                c = c * 16 + g_ascii_xdigit_value (p[i]);
              }
            p += 4;
            /* A surrogate pair: \ud83c\udf05. */
            if (c >= 0xd800 && c <= 0xdbff && p[1] == '\\' && p[2] == 'u')
              {
                gunichar low = 0;

                for (guint i = 3; i <= 6; i++)
                  {
                    if (!g_ascii_isxdigit (p[i]))
                      return NULL;
                    low = low * 16 + g_ascii_xdigit_value (p[i]);
                  }
                if (low < 0xdc00 || low > 0xdfff)
                  return NULL;
                c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
                p += 6;
              }
            if (c == 0 || (c >= 0xd800 && c <= 0xdfff))
              return NULL;
            g_string_append_unichar (out, c);
          }
          break;
        default:
          return NULL;
        }
      p++;
    }

  if (*p != '"')
    return NULL;

  *end = p + 1;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Parsing ------------------------------------------------------------------- */

/* A key as A1111's pattern takes it: a word character, then word
 * characters, spaces, '-' and '/'. */
static gboolean
is_key_char (char     c,
             gboolean first)
{
  return g_ascii_isalnum (c) || c == '_' || (guchar) c >= 0x80 ||
         (!first && (c == ' ' || c == '-' || c == '/'));
}

/* The "Key: value" pairs of @line into @settings: FALSE unless the whole
 * line is such pairs. A value runs to the next comma unless it is quoted. */
static gboolean
parse_settings (const char *line,
                GPtrArray  *settings)
{
  const char *p = line;

  while (*p != '\0')
    {
      const char *key_start;
      const char *colon;
      Setting *setting;
      g_autofree char *value = NULL;

      while (*p == ' ' || *p == '\t')
        p++;
      if (*p == '\0')
        break;

      key_start = p;
      if (!is_key_char (*p, TRUE))
        return FALSE;
      while (is_key_char (*p, FALSE))
        p++;
      if (*p != ':')
        return FALSE;
      colon = p++;
      while (*p == ' ' || *p == '\t')
        p++;

      if (*p == '"' && (value = read_quoted (p + 1, &p)) != NULL)
        {
          while (*p == ' ' || *p == '\t')
            p++;
          if (*p != ',' && *p != '\0')
            return FALSE;
        }
      else
        {
          const char *comma = strchr (p, ',');
          const char *end = comma != NULL ? comma : p + strlen (p);

          value = g_strstrip (g_strndup (p, end - p));
          p = end;
        }
      if (*p == ',')
        p++;

      setting = g_new0 (Setting, 1);
      setting->key = g_strstrip (g_strndup (key_start, colon - key_start));
      setting->value = g_steal_pointer (&value);
      g_ptr_array_add (settings, setting);
    }

  return TRUE;
}

/* Keys that mark a line as generation settings even when it has fewer
 * than the three pairs A1111 asks for. */
static gboolean
is_known_key (const char *key)
{
  static const char * const known[] = {
    "Steps", "Sampler", "CFG scale", "Seed", "Size", "Model", "Model hash", NULL,
  };

  return g_strv_contains (known, key);
}

/* A1111 takes the last line as settings when it holds three pairs or
 * more; two pairs of well-known keys are enough here, so an image whose
 * record knew only its size and model reads back. */
static gboolean
is_settings_line (const char *line,
                  GPtrArray  *settings)
{
  if (!parse_settings (line, settings))
    return FALSE;

  if (settings->len >= 3)
    return TRUE;
  if (settings->len == 2)
    {
      for (guint i = 0; i < settings->len; i++)
        if (!is_known_key (((Setting *) g_ptr_array_index (settings, i))->key))
          return FALSE;
      return TRUE;
    }

  return FALSE;
}

FsA1111 *
fs_a1111_parse (const char *text)
{
  g_autofree char *valid = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) settings = g_ptr_array_new_with_free_func ((GDestroyNotify) setting_free);
  g_autoptr(GString) prompt = g_string_new (NULL);
  g_autoptr(GString) negative = NULL;
  FsA1111 *self;
  guint n_lines;

  g_return_val_if_fail (text != NULL, NULL);

  valid = g_utf8_make_valid (text, -1);
  g_strchomp (valid);
  /* Line breaks as Windows or old Mac tools write them, too. */
  {
    g_auto(GStrv) crlf = g_strsplit (valid, "\r\n", -1);
    g_autofree char *joined = g_strjoinv ("\n", crlf);

    g_strdelimit (joined, "\r", '\n');
    lines = g_strsplit (joined, "\n", -1);
  }
  n_lines = g_strv_length (lines);

  if (n_lines > 0 && is_settings_line (lines[n_lines - 1], settings))
    n_lines--;
  else
    g_ptr_array_set_size (settings, 0);

  for (guint i = 0; i < n_lines; i++)
    {
      const char *line = lines[i];
      const char *start = line + strspn (line, " \t");

      if (negative == NULL && g_str_has_prefix (start, NEGATIVE_PREFIX))
        {
          negative = g_string_new (start + strlen (NEGATIVE_PREFIX));
          continue;
        }

      if (negative != NULL)
        {
          g_string_append_c (negative, '\n');
          g_string_append (negative, line);
        }
      else
        {
          if (i > 0)
            g_string_append_c (prompt, '\n');
          g_string_append (prompt, line);
        }
    }

  self = fs_a1111_new (g_strstrip (prompt->str));
  if (negative != NULL)
    self->negative_prompt = g_strdup (g_strstrip (negative->str));
  g_ptr_array_extend_and_steal (self->settings, g_steal_pointer (&settings));

  return self;
}

char *
fs_a1111_to_string (FsA1111 *self)
{
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (self->prompt);
  if (self->negative_prompt != NULL && *self->negative_prompt != '\0')
    g_string_append_printf (out, "\n" NEGATIVE_PREFIX " %s", self->negative_prompt);

  for (guint i = 0; i < self->settings->len; i++)
    {
      Setting *setting = g_ptr_array_index (self->settings, i);

      g_string_append (out, i == 0 ? "\n" : ", ");
      g_string_append_printf (out, "%s: ", setting->key);
      append_value (out, setting->value);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Typed readers ------------------------------------------------------------ */

static gboolean
parse_int (const char *text,
           gint64     *value)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    return FALSE;

  return g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, value, &error);
}

gboolean
fs_a1111_get_seed (FsA1111 *self,
                   gint64  *seed)
{
  gint64 value;

  g_return_val_if_fail (self != NULL, FALSE);

  /* A1111 writes -1 for "random" only in its settings, never in a file;
   * a negative seed means nothing to reproduce. */
  if (!parse_int (fs_a1111_get (self, "Seed"), &value) || value < 0)
    return FALSE;

  *seed = value;
  return TRUE;
}

gboolean
fs_a1111_get_steps (FsA1111 *self,
                    gint64  *steps)
{
  gint64 value;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!parse_int (fs_a1111_get (self, "Steps"), &value) || value <= 0)
    return FALSE;

  *steps = value;
  return TRUE;
}

gboolean
fs_a1111_get_cfg_scale (FsA1111 *self,
                        double  *cfg_scale)
{
  const char *text;
  char *end = NULL;
  double value;

  g_return_val_if_fail (self != NULL, FALSE);

  if ((text = fs_a1111_get (self, "CFG scale")) == NULL || *text == '\0')
    return FALSE;
  value = g_ascii_strtod (text, &end);
  if (*end != '\0' || !isfinite (value))
    return FALSE;

  *cfg_scale = value;
  return TRUE;
}

gboolean
fs_a1111_get_size (FsA1111 *self,
                   guint   *width,
                   guint   *height)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return fs_size_parse (fs_a1111_get (self, "Size"), width, height);
}

FsModel *
fs_a1111_find_model (FsA1111   *self,
                     FsCatalog *catalog)
{
  const char *name;
  GListModel *models = G_LIST_MODEL (catalog);
  guint n;
  FsModel *found;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (FS_IS_CATALOG (catalog), NULL);

  if ((name = fs_a1111_get (self, "Model")) == NULL || *name == '\0')
    return NULL;
  if ((found = fs_catalog_lookup (catalog, name)) != NULL)
    return found;

  n = g_list_model_get_n_items (models);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FsModel) model = g_list_model_get_item (models, i);
      const char * const *providers = fs_model_get_providers (model);

      /* The catalog holds the model: returned borrowed, as
       * fs_catalog_lookup() returns it. */
      if (g_ascii_strcasecmp (fs_model_get_id (model), name) == 0 ||
          g_ascii_strcasecmp (fs_model_get_name (model), name) == 0)
        return model;
      for (guint k = 0; providers != NULL && providers[k] != NULL; k++)
        if (g_ascii_strcasecmp (fs_model_get_wire_id (model, providers[k]), name) == 0)
          return model;
    }

  return NULL;
}

/* From a saved image ---------------------------------------------------------- */

static gboolean
read_number (JsonObject *object,
             const char *name,
             double     *value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;
  GType type = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node)
                                                           : G_TYPE_INVALID;

  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;

  *value = json_node_get_double (node);
  return isfinite (*value);
}

static char *
format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (value == (gint64) value)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.10g", value));
}

FsA1111 *
fs_a1111_new_for_asset (FsAsset *asset)
{
  JsonObject *record;
  JsonNode *params_node;
  JsonObject *params = NULL;
  FsA1111 *self;
  double value;

  g_return_val_if_fail (FS_IS_ASSET (asset), NULL);

  record = fs_asset_get_record (asset);
  params_node = record != NULL ? json_object_get_member (record, "params") : NULL;
  if (params_node != NULL && JSON_NODE_HOLDS_OBJECT (params_node))
    params = json_node_get_object (params_node);

  self = fs_a1111_new (fs_asset_get_prompt (asset));

  if (read_number (params, "steps", &value))
    {
      g_autofree char *text = format_number (value);
      fs_a1111_set (self, "Steps", text);
    }
  /* FLUX's guidance is what A1111 calls the CFG scale. */
  if (read_number (params, "guidance", &value))
    {
      g_autofree char *text = format_number (value);
      fs_a1111_set (self, "CFG scale", text);
    }
  if (fs_asset_get_seed (asset) >= 0)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, fs_asset_get_seed (asset));
      fs_a1111_set (self, "Seed", text);
    }
  if (fs_asset_get_width (asset) > 0 && fs_asset_get_height (asset) > 0)
    {
      g_autofree char *text = g_strdup_printf ("%ux%u", fs_asset_get_width (asset),
                                               fs_asset_get_height (asset));
      fs_a1111_set (self, "Size", text);
    }
  if (fs_asset_get_model_id (asset) != NULL && *fs_asset_get_model_id (asset) != '\0')
    fs_a1111_set (self, "Model", fs_asset_get_model_id (asset));

  return self;
}

/* Reading a file ------------------------------------------------------------------ */

static void
read_file_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_autoptr(GHashTable) texts = NULL;
  GError *error = NULL;
  const char *text;

  texts = fs_metadata_read_png_text_file (task_data, cancellable, &error);
  if (texts == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  text = g_hash_table_lookup (texts, "parameters");
  g_task_return_pointer (task, text != NULL ? fs_a1111_parse (text) : NULL,
                         (GDestroyNotify) fs_a1111_free);
}

void
fs_a1111_read_file_async (GFile               *file,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fs_a1111_read_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, read_file_thread);
}

FsA1111 *
fs_a1111_read_file_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
