/* test-batch.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fs-batch.h"
#include "fs-error.h"
#include "fs-test-util.h"

/* Prompt lists (fs-batch.c): the three formats, alternatives, every bad
 * row reported with its line, and a row made into its calls
 * (fs-batch-request.c). */

static GPtrArray *
parse (const char *name,
       const char *text,
       GPtrArray  *problems)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = fs_batch_parse (name, text, strlen (text), problems, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

static FsBatchRow *
row (GPtrArray *rows,
     guint      i)
{
  return g_ptr_array_index (rows, i);
}

static void
test_expand (void)
{
  g_auto(GStrv) two = fs_batch_expand ("a {red|blue} cup on a {wood|glass} table", NULL);
  g_auto(GStrv) none = fs_batch_expand ("{\"scene\": \"a {single} brace\"}", NULL);
  g_auto(GStrv) empty = fs_batch_expand ("{|x}y", NULL);
  g_autofree char *huge = NULL;
  g_autoptr(GError) error = NULL;
  GString *text = g_string_new (NULL);

  g_assert_cmpuint (g_strv_length (two), ==, 4);
  g_assert_cmpstr (two[0], ==, "a red cup on a wood table");
  g_assert_cmpstr (two[3], ==, "a blue cup on a glass table");
  /* Braces without a bar (a JSON prompt) are left as they are. */
  g_assert_cmpuint (g_strv_length (none), ==, 1);
  g_assert_cmpstr (none[0], ==, "{\"scene\": \"a {single} brace\"}");
  g_assert_cmpstr (empty[0], ==, "y");
  g_assert_cmpstr (empty[1], ==, "xy");

  /* 3^6 = 729 prompts is past the limit. */
  for (guint i = 0; i < 6; i++)
    g_string_append (text, "{a|b|c} ");
  huge = g_string_free (text, FALSE);
  g_assert_null (fs_batch_expand (huge, &error));
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
}

static void
test_formats (void)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) text = parse ("list.TXT", "\xef\xbb\xbf" "one\r\n\ntwo {a|b}\n", problems);
  g_autoptr(GPtrArray) csv = parse ("list.csv",
                                    "Prompt,seed,ref\n"
                                    "\"quoted, with \"\"quotes\"\"\",5,a.png; b.png\n"
                                    "\"two\nlines\",,\n"
                                    "plain,7,\n", problems);
  g_autoptr(GPtrArray) jsonl = parse ("list.jsonl",
                                      "{\"prompt\": \"j\", \"width\": 512, \"guidance\": 2.5,"
                                      " \"ref\": [\"x.png\"], \"model\": null}\n", problems);

  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (text->len, ==, 3);
  g_assert_cmpstr (row (text, 0)->prompt, ==, "one");
  g_assert_cmpuint (row (text, 1)->line, ==, 3);
  g_assert_cmpstr (row (text, 2)->prompt, ==, "two b");

  g_assert_cmpuint (csv->len, ==, 3);
  g_assert_cmpstr (row (csv, 0)->prompt, ==, "quoted, with \"quotes\"");
  g_assert_cmpstr (row (csv, 0)->seed, ==, "5");
  g_assert_cmpuint (g_strv_length (row (csv, 0)->refs), ==, 2);
  g_assert_cmpstr (row (csv, 0)->refs[1], ==, "b.png");
  g_assert_cmpstr (row (csv, 1)->prompt, ==, "two\nlines");
  g_assert_null (row (csv, 1)->seed);
  /* The row after a quoted line break starts on the line after it. */
  g_assert_cmpuint (row (csv, 2)->line, ==, 5);

  g_assert_cmpuint (jsonl->len, ==, 1);
  g_assert_cmpstr (row (jsonl, 0)->width, ==, "512");
  g_assert_cmpstr (row (jsonl, 0)->guidance, ==, "2.5");
  g_assert_cmpstr (row (jsonl, 0)->refs[0], ==, "x.png");
  g_assert_null (row (jsonl, 0)->model);
}

static gboolean
has_problem (GPtrArray  *problems,
             const char *start)
{
  for (guint i = 0; i < problems->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (problems, i), start))
      return TRUE;
  return FALSE;
}

static void
test_problems (void)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) csv = parse ("a.csv", "prompt,colour\nx,red\n", problems);
  g_autoptr(GPtrArray) no_prompt = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (has_problem (problems, "line 1: ") && strstr (g_ptr_array_index (problems, 0), "colour") != NULL);
  g_ptr_array_set_size (problems, 0);

  no_prompt = parse ("b.csv", "seed\n5\n", problems);
  g_assert_true (has_problem (problems, "line 1: the header row has no"));
  g_ptr_array_set_size (problems, 0);

  rows = parse ("c.jsonl", "{\"prompt\": \"ok\"}\n[1]\n{\"prompt\": \"\"}\n"
                "{\"prompt\": \"x\", \"seed\": {\"a\": 1}}\n{\"prompt\": \"y\", \"ref\": [3]}\n",
                problems);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_true (has_problem (problems, "line 2: "));
  g_assert_true (has_problem (problems, "line 3: the prompt is empty"));
  g_assert_true (has_problem (problems, "line 4: ") && has_problem (problems, "line 5: "));

  g_ptr_array_set_size (problems, 0);

  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = parse ("d.csv", "prompt\n\"open\n", problems);
  g_assert_true (has_problem (problems, "line 2: a quoted field is not closed"));

  g_assert_null (fs_batch_parse ("e.md", "x", 1, problems, &error));
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (fs_batch_parse ("f.txt", "\xff", 1, problems, &error));
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
}

static gint64
int_param (FsRequest  *request,
           const char *name)
{
  gint64 value = -1;

  fs_request_get_int (request, name, &value);
  return value;
}

/* fs_batch_row_plan(), the one path of the window's rows and `batch`'s:
 * a row naming the defaults' model keeps them, another model starts from
 * its own; the row's count over the defaults', its seed counting up. */
static void
test_row_plan (void)
{
  g_autoptr(FsCatalog) catalog = fs_test_load_catalog ();
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = parse ("p.csv", "prompt,model,seed,count,width\n"
                                     "same,flux-2-flex,,,\n"
                                     "other,flux-2-pro,,,\n"
                                     "seeded,,100,3,\n"
                                     "wide,,,,1000\n", problems);
  g_autoptr(FsRequest) defaults = fs_request_new ("sandbox", "flux-2-flex");
  g_autoptr(GPtrArray) same = NULL;
  g_autoptr(GPtrArray) twice = NULL;
  g_autoptr(GPtrArray) other = NULL;
  g_autoptr(GPtrArray) seeded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (problems->len, ==, 0);
  fs_test_set_int (defaults, "steps", 40);

  same = fs_batch_row_plan (row (rows, 0), defaults, NULL, catalog, 1, FS_SEED_MODE_RANDOM, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (same->len, ==, 1);
  g_assert_cmpstr (fs_request_get_prompt (g_ptr_array_index (same, 0)), ==, "same");
  g_assert_cmpint (int_param (g_ptr_array_index (same, 0), "steps"), ==, 40);
  twice = fs_batch_row_plan (row (rows, 0), defaults, NULL, catalog, 2, FS_SEED_MODE_FIXED, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (twice->len, ==, 2);
  g_assert_cmpint (int_param (g_ptr_array_index (twice, 0), "seed"), ==,
                   int_param (g_ptr_array_index (twice, 1), "seed"));

  other = fs_batch_row_plan (row (rows, 1), defaults, NULL, catalog, 1, FS_SEED_MODE_RANDOM, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fs_request_get_model_id (g_ptr_array_index (other, 0)), ==, "flux-2-pro");
  g_assert_cmpint (int_param (g_ptr_array_index (other, 0), "steps"), ==, -1);

  seeded = fs_batch_row_plan (row (rows, 2), defaults, NULL, catalog, 1, FS_SEED_MODE_RANDOM, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seeded->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (int_param (g_ptr_array_index (seeded, i), "seed"), ==, 100 + i);

  g_assert_null (fs_batch_row_plan (row (rows, 3), defaults, NULL, catalog, 1,
                                    FS_SEED_MODE_RANDOM, &error));
  g_assert_error (error, FS_ERROR, FS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "multiple of 16"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/batch/expand", test_expand);
  g_test_add_func ("/batch/formats", test_formats);
  g_test_add_func ("/batch/problems", test_problems);
  g_test_add_func ("/batch/row-plan", test_row_plan);

  return g_test_run ();
}
