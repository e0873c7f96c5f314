/* fs-batch.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "fs-batch.h"
#include "fs-error.h"
#include "fs-json.h"

/* Prompt lists: .txt, .csv and .jsonl files read into rows, with {a|b}
 * alternatives expanded (docs/ARCHITECTURE.md, “Batches”). Pure text
 * work, no I/O: the callers read the file. */

/* The columns a row may give, in the order of FsBatchRow's members. */
static const char * const columns[] = {
  "prompt", "provider", "model", "width", "height", "aspect_ratio", "seed", "steps",
  "guidance", "count", "ref", NULL
};

void
fs_batch_row_free (FsBatchRow *row)
{
  if (row == NULL)
    return;

  g_free (row->prompt);
  g_free (row->provider);
  g_free (row->model);
  g_free (row->width);
  g_free (row->height);
  g_free (row->aspect_ratio);
  g_free (row->seed);
  g_free (row->steps);
  g_free (row->guidance);
  g_free (row->count);
  g_strfreev (row->refs);
  g_free (row);
}

static char **
row_member (FsBatchRow *row,
            const char *column)
{
  char **members[] = {
    &row->prompt, &row->provider, &row->model, &row->width, &row->height,
    &row->aspect_ratio, &row->seed, &row->steps, &row->guidance, &row->count,
  };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (g_str_equal (columns[i], column))
      return members[i];

  return NULL;
}

static FsBatchRow *
row_copy_with_prompt (FsBatchRow *row,
                      const char *prompt)
{
  FsBatchRow *copy = g_new0 (FsBatchRow, 1);

  copy->line = row->line;
  copy->prompt = g_strdup (prompt);
  for (guint i = 1; columns[i] != NULL && !g_str_equal (columns[i], "ref"); i++)
    *row_member (copy, columns[i]) = g_strdup (*row_member (row, columns[i]));
  copy->refs = g_strdupv (row->refs);
  return copy;
}

/* Alternatives ----------------------------------------------------------------- */

/* The end of the group that starts at @open, or NULL when the braces
 * there are no group (no |, a nested brace, a line break). */
static const char *
group_end (const char *open)
{
  gboolean bar = FALSE;

  for (const char *p = open + 1; *p != '\0'; p++)
    {
      if (*p == '}')
        return bar ? p : NULL;
      if (*p == '{' || *p == '\n')
        return NULL;
      bar |= *p == '|';
    }

  return NULL;
}

GStrv
fs_batch_expand (const char  *prompt,
                 GError     **error)
{
  g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) literal = g_string_new (NULL);
  const char *p = prompt;

  g_return_val_if_fail (prompt != NULL, NULL);

  g_ptr_array_add (done, g_strdup (""));
  while (TRUE)
    {
      const char *open = strchr (p, '{');
      const char *close = open != NULL ? group_end (open) : NULL;
      g_autoptr(GPtrArray) next = NULL;
      g_auto(GStrv) choices = NULL;
      g_autofree char *inside = NULL;

      if (open == NULL)
        break;
      if (close == NULL)
        {
          g_string_append_len (literal, p, open - p + 1);
          p = open + 1;
          continue;
        }

      g_string_append_len (literal, p, open - p);
      inside = g_strndup (open + 1, close - open - 1);
      choices = g_strsplit (inside, "|", -1);
      if ((gsize) done->len * g_strv_length (choices) > FS_BATCH_MAX_EXPANSIONS)
        {
          g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                       _("its {a|b} alternatives make more than %u prompts; split the row"),
                       FS_BATCH_MAX_EXPANSIONS);
          return NULL;
        }

      next = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < done->len; i++)
        for (guint j = 0; choices[j] != NULL; j++)
          g_ptr_array_add (next, g_strconcat (g_ptr_array_index (done, i), literal->str,
                                              choices[j], NULL));
      g_string_truncate (literal, 0);
      g_ptr_array_unref (done);
      done = g_steal_pointer (&next);
      p = close + 1;
    }

  g_string_append (literal, p);
  for (guint i = 0; i < done->len; i++)
    {
      char *whole = g_strconcat (g_ptr_array_index (done, i), literal->str, NULL);

      g_free (g_ptr_array_index (done, i));
      g_ptr_array_index (done, i) = whole;
    }
  g_ptr_array_add (done, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&done), FALSE);
}

static void
problem (GPtrArray  *problems,
         guint       line,
         const char *format,
         ...) G_GNUC_PRINTF (3, 4);

static void
problem (GPtrArray  *problems,
         guint       line,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* Translators: a line number of a prompt list, then what is wrong there */
  g_ptr_array_add (problems, g_strdup_printf (_("line %u: %s"), line, message));
}

/* Checks the row, then adds a row per alternative of its prompt. */
static void
add_row (GPtrArray  *rows,
         FsBatchRow *row,
         GPtrArray  *problems)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) prompts = NULL;

  if (row->prompt == NULL || g_strstrip (row->prompt)[0] == '\0')
    {
      problem (problems, row->line, "%s", _("the prompt is empty"));
      return;
    }
  if ((prompts = fs_batch_expand (row->prompt, &error)) == NULL)
    {
      problem (problems, row->line, "%s", error->message);
      return;
    }

  for (guint i = 0; prompts[i] != NULL; i++)
    g_ptr_array_add (rows, row_copy_with_prompt (row, prompts[i]));
}

/* Plain text --------------------------------------------------------------------- */

static void
parse_text (const char *text,
            GPtrArray  *rows,
            GPtrArray  *problems)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(FsBatchRow) row = NULL;
      char *line = g_strchomp (lines[i]);

      if (line[0] == '\0')
        continue;
      row = g_new0 (FsBatchRow, 1);
      row->line = i + 1;
      row->prompt = g_strdup (line);
      add_row (rows, row, problems);
    }
}

/* Setting a column ------------------------------------------------------------ */

static void
set_column (FsBatchRow *row,
            const char *column,
            const char *value,
            gboolean    list_in_text)
{
  if (g_str_equal (column, "ref"))
    {
      g_auto(GStrv) parts = g_strsplit (value, ";", -1);
      g_autoptr(GStrvBuilder) refs = g_strv_builder_new ();

      for (guint i = 0; parts[i] != NULL; i++)
        if (g_strstrip (parts[i])[0] != '\0')
          g_strv_builder_add (refs, parts[i]);
      g_strfreev (row->refs);
      row->refs = g_strv_builder_end (refs);
      return;
    }

  g_free (*row_member (row, column));
  *row_member (row, column) = g_strdup (value);
}

/* CSV --------------------------------------------------------------------------- */

/* One record of RFC 4180 CSV from *@p: fields split at commas, quoted
 * fields with "" for a quote and line breaks inside; *@line counts the
 * line breaks read. NULL at the end of the text, or for a quote left
 * open (@open_quote). */
static GPtrArray *
csv_record (const char **p,
            guint       *line,
            gboolean    *open_quote)
{
  GPtrArray *fields;
  GString *field = g_string_new (NULL);

  if (**p == '\0')
    {
      g_string_free (field, TRUE);
      return NULL;
    }

  fields = g_ptr_array_new_with_free_func (g_free);
  while (TRUE)
    {
      char c = **p;

      if (c == '"' && field->len == 0)
        {
          (*p)++;
          while (TRUE)
            {
              if (**p == '\0')
                {
                  *open_quote = TRUE;
                  g_string_free (field, TRUE);
                  g_ptr_array_unref (fields);
                  return NULL;
                }
              if (**p == '"' && (*p)[1] == '"')
                {
                  g_string_append_c (field, '"');
                  *p += 2;
                  continue;
                }
              if (**p == '"')
                {
                  (*p)++;
                  break;
                }
              if (**p == '\n')
                (*line)++;
              g_string_append_c (field, *(*p)++);
            }
          continue;
        }
      if (c == ',' )
        {
          g_ptr_array_add (fields, g_string_free (field, FALSE));
          field = g_string_new (NULL);
          (*p)++;
          continue;
        }
      if (c == '\r' && (*p)[1] == '\n')
        {
          (*p)++;
          continue;
        }
      if (c == '\n' || c == '\0')
        {
          if (c == '\n')
            {
              (*p)++;
              (*line)++;
            }
          g_ptr_array_add (fields, g_string_free (field, FALSE));
          return fields;
        }
      g_string_append_c (field, c);
      (*p)++;
    }
}

static gboolean
record_is_blank (GPtrArray *fields)
{
  return fields->len == 1 && ((char *) g_ptr_array_index (fields, 0))[0] == '\0';
}

static void
parse_csv (const char *text,
           GPtrArray  *rows,
           GPtrArray  *problems)
{
  g_autoptr(GPtrArray) header = NULL;
  gboolean open_quote = FALSE;
  const char *p = text;
  guint line = 1;
  gboolean has_prompt = FALSE;

  header = csv_record (&p, &line, &open_quote);
  if (header == NULL)
    {
      problem (problems, 1, "%s", _("a CSV prompt list needs a header row naming its columns, "
                                    "such as “prompt,model,seed”"));
      return;
    }
  for (guint i = 0; i < header->len; i++)
    {
      g_autofree char *name = g_strdup (g_strstrip (g_ptr_array_index (header, i)));
      char *lower = g_ascii_strdown (name, -1);

      g_free (g_ptr_array_index (header, i));
      g_ptr_array_index (header, i) = lower;
      if (!g_strv_contains (columns, lower))
        problem (problems, 1, _("“%s” is not a column; the columns are %s"), name,
                 "prompt, provider, model, width, height, aspect_ratio, seed, steps, guidance, count, ref");
      has_prompt |= g_str_equal (lower, "prompt");
    }
  if (!has_prompt)
    {
      problem (problems, 1, "%s", _("the header row has no “prompt” column"));
      return;
    }

  while (TRUE)
    {
      guint start = line;
      g_autoptr(GPtrArray) fields = csv_record (&p, &line, &open_quote);
      g_autoptr(FsBatchRow) row = NULL;

      if (fields == NULL)
        {
          if (open_quote)
            problem (problems, start, "%s", _("a quoted field is not closed"));
          return;
        }
      if (record_is_blank (fields))
        continue;
      if (fields->len != header->len)
        {
          problem (problems, start, _("the row has %u fields, the header %u"),
                   fields->len, header->len);
          continue;
        }

      row = g_new0 (FsBatchRow, 1);
      row->line = start;
      for (guint i = 0; i < fields->len; i++)
        {
          const char *column = g_ptr_array_index (header, i);
          char *value = g_strstrip (g_ptr_array_index (fields, i));

          if (value[0] != '\0' && g_strv_contains (columns, column))
            set_column (row, column, value, TRUE);
        }
      add_row (rows, row, problems);
    }
}

/* JSON lines --------------------------------------------------------------------- */

static gboolean
json_value_text (JsonNode  *node,
                 char     **text)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    *text = g_strdup (json_node_get_string (node));
  else if (type == G_TYPE_INT64)
    *text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (type == G_TYPE_DOUBLE)
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      *text = g_strdup (g_ascii_dtostr (number, sizeof number, json_node_get_double (node)));
    }
  else
    return FALSE;

  return TRUE;
}

static void
parse_json_row (JsonObject *object,
                guint       line,
                GPtrArray  *rows,
                GPtrArray  *problems)
{
  g_autoptr(FsBatchRow) row = g_new0 (FsBatchRow, 1);
  g_autoptr(GList) members = json_object_get_members (object);
  gboolean ok = TRUE;

  row->line = line;
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *node = json_object_get_member (object, key);
      g_autofree char *text = NULL;

      if (!g_strv_contains (columns, key))
        {
          problem (problems, line, _("“%s” is not a key; the keys are %s"), key,
                   "prompt, provider, model, width, height, aspect_ratio, seed, steps, guidance, count, ref");
          ok = FALSE;
        }
      else if (JSON_NODE_HOLDS_NULL (node))
        continue;
      else if (g_str_equal (key, "ref") && JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          g_autoptr(GStrvBuilder) refs = g_strv_builder_new ();

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              const char *path = json_node_get_string (json_array_get_element (array, i));

              if (path == NULL || path[0] == '\0')
                {
                  problem (problems, line, "%s", _("“ref” takes an array of file paths"));
                  ok = FALSE;
                  break;
                }
              g_strv_builder_add (refs, path);
            }
          row->refs = g_strv_builder_end (refs);
        }
      else if (json_value_text (node, &text))
        set_column (row, key, text, FALSE);
      else
        {
          problem (problems, line, _("“%s” takes a text or a number"), key);
          ok = FALSE;
        }
    }

  if (ok)
    add_row (rows, row, problems);
}

static void
parse_jsonl (const char *text,
             GPtrArray  *rows,
             GPtrArray  *problems)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      char *line = g_strstrip (lines[i]);
      JsonNode *root;

      if (line[0] == '\0')
        continue;
      if (!fs_json_parser_load (parser, line, -1, FS_JSON_MAX_PROMPT_BYTES, &error))
        {
          problem (problems, i + 1, _("not JSON: %s"), error->message);
          continue;
        }
      root = json_parser_get_root (parser);
      if (!JSON_NODE_HOLDS_OBJECT (root))
        {
          problem (problems, i + 1, "%s", _("each line must be one JSON object"));
          continue;
        }
      parse_json_row (json_node_get_object (root), i + 1, rows, problems);
    }
}

GPtrArray *
fs_batch_parse (const char  *name,
                const char  *text,
                gsize        length,
                GPtrArray   *problems,
                GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) fs_batch_row_free);
  g_autofree char *lower = g_ascii_strdown (name, -1);
  g_autofree char *copy = NULL;
  const char *end = NULL;

  g_return_val_if_fail (name != NULL && text != NULL && problems != NULL, NULL);

  if (!g_utf8_validate (text, (gssize) length, &end))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("%s is not UTF-8 text (at byte %u); save it as UTF-8"),
                   name, (guint) (end - text));
      return NULL;
    }
  copy = g_strndup (text, length);
  /* A byte-order mark from a spreadsheet is not part of the first prompt. */
  if (g_str_has_prefix (copy, "\xef\xbb\xbf"))
    memmove (copy, copy + 3, strlen (copy + 3) + 1);

  if (g_str_has_suffix (lower, ".txt"))
    parse_text (copy, rows, problems);
  else if (g_str_has_suffix (lower, ".csv"))
    parse_csv (copy, rows, problems);
  else if (g_str_has_suffix (lower, ".jsonl"))
    parse_jsonl (copy, rows, problems);
  else
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("%s is not a prompt list: give a .txt file (one prompt a line), a .csv "
                     "file with a header row, or a .jsonl file (one object a line)"), name);
      return NULL;
    }

  return g_steal_pointer (&rows);
}
