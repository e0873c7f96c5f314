/* fs-library-spend.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "fs-error.h"
#include "fs-library-private.h"

/* The spend ledger's async API (docs/ARCHITECTURE.md, “Spend”); the
 * SQL is in fs-library-index-spend.c. */

#define BUDGET_KEY "spend.monthly-budget-usd"

typedef struct
{
  JsonObject *entry;
  char       *month;
  gboolean    with_rows;
  double      budget;
} SpendData;

static void
spend_data_free (SpendData *data)
{
  g_clear_pointer (&data->entry, json_object_unref);
  g_free (data->month);
  g_free (data);
}

gboolean
fs_library_spend_month_span (const char  *month,
                             char       **name,
                             gint64      *from_us,
                             gint64      *to_us,
                             GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  guint64 year, mon;

  if (month == NULL)
    {
      year = g_date_time_get_year (now);
      mon = g_date_time_get_month (now);
    }
  else
    {
      g_auto(GStrv) parts = g_strsplit (month, "-", -1);

      if (strlen (month) != 7 || g_strv_length (parts) != 2 ||
          !g_ascii_string_to_unsigned (parts[0], 10, 1970, 9998, &year, NULL) ||
          !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &mon, NULL))
        {
          g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                       /* Translators: YYYY-MM stays as it is */
                       _("“%s” is not a month: give it as YYYY-MM, such as 2026-03"), month);
          return FALSE;
        }
    }

  start = g_date_time_new_local ((int) year, (int) mon, 1, 0, 0, 0);
  end = g_date_time_add_months (start, 1);
  *from_us = g_date_time_to_unix (start) * G_USEC_PER_SEC;
  *to_us = g_date_time_to_unix (end) * G_USEC_PER_SEC;
  if (name != NULL)
    *name = g_strdup_printf ("%04u-%02u", (guint) year, (guint) mon);
  return TRUE;
}

/* Recording ----------------------------------------------------------------- */

static void
record_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  SpendData *data = task_data;
  GError *error = NULL;
  FsLibraryIndex *index = fs_library_store_get_index (self->store, &error);

  if (index == NULL || !fs_library_index_record_spend (index, data->entry, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
fs_library_record_spend_async (FsLibrary           *self,
                               JsonObject          *entry,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  SpendData *data;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (entry != NULL);

  data = g_new0 (SpendData, 1);
  data->entry = json_object_ref (entry);
  _fs_library_run_simple (self, fs_library_record_spend_async, record_worker,
                          data, (GDestroyNotify) spend_data_free,
                          cancellable, callback, user_data);
}

gboolean
fs_library_record_spend_finish (FsLibrary     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Reading ------------------------------------------------------------------- */

static void
add_totals (JsonObject *summary)
{
  JsonArray *models = json_object_get_array_member (summary, "models");
  g_autoptr(JsonObject) totals = json_object_new ();
  double estimate = 0, actual = 0;
  gint64 calls = 0, reported = 0;

  for (guint i = 0; i < json_array_get_length (models); i++)
    {
      JsonObject *row = json_array_get_object_element (models, i);

      calls += json_object_get_int_member (row, "calls");
      reported += json_object_get_int_member (row, "reported_calls");
      estimate += json_object_get_double_member_with_default (row, "estimate", 0);
      actual += json_object_get_double_member_with_default (row, "actual", 0);
    }

  json_object_set_int_member (totals, "calls", calls);
  json_object_set_double_member (totals, "estimate", estimate);
  if (reported > 0)
    json_object_set_double_member (totals, "actual", actual);
  else
    json_object_set_null_member (totals, "actual");
  json_object_set_int_member (totals, "reported_calls", reported);
  json_object_set_object_member (summary, "totals", g_steal_pointer (&totals));
}

static void
summary_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  SpendData *data = task_data;
  GError *error = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autofree char *name = NULL;
  g_autofree char *budget = NULL;
  FsLibraryIndex *index;
  gint64 from_us, to_us;

  if (!fs_library_spend_month_span (data->month, &name, &from_us, &to_us, &error) ||
      (index = fs_library_store_get_index (self->store, &error)) == NULL ||
      (summary = fs_library_index_spend_summary (index, from_us, to_us, &error)) == NULL ||
      (budget = fs_library_index_get_setting (index, BUDGET_KEY, &error), error != NULL))
    {
      g_task_return_error (task, error);
      return;
    }

  if (data->with_rows)
    {
      JsonArray *rows = fs_library_index_spend_rows (index, from_us, to_us, &error);

      if (rows == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      json_object_set_array_member (summary, "rows", rows);
    }

  json_object_set_string_member (summary, "month", name);
  json_object_set_string_member (summary, "currency", "USD");
  if (budget != NULL)
    json_object_set_double_member (summary, "budget", g_ascii_strtod (budget, NULL));
  else
    json_object_set_null_member (summary, "budget");
  add_totals (summary);
  g_task_return_pointer (task, g_steal_pointer (&summary), (GDestroyNotify) json_object_unref);
}

void
fs_library_spend_async (FsLibrary           *self,
                        const char          *month,
                        gboolean             with_rows,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  SpendData *data;

  g_return_if_fail (FS_IS_LIBRARY (self));

  data = g_new0 (SpendData, 1);
  data->month = g_strdup (month);
  data->with_rows = with_rows;
  _fs_library_run_simple (self, fs_library_spend_async, summary_worker,
                          data, (GDestroyNotify) spend_data_free,
                          cancellable, callback, user_data);
}

JsonObject *
fs_library_spend_finish (FsLibrary     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* CSV ------------------------------------------------------------------------ */

static void
csv_money (GString    *csv,
           JsonObject *row,
           const char *member)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (!json_object_get_null_member (row, member))
    g_string_append (csv, g_ascii_formatd (number, sizeof number, "%.4f",
                                           json_object_get_double_member (row, member)));
}

GBytes *
fs_library_spend_to_csv (JsonObject *spend)
{
  JsonArray *rows = json_object_get_array_member (spend, "rows");
  GString *csv = g_string_new ("time,job_id,provider,model,images,estimate_usd,actual_usd,state\r\n");

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (json_object_get_int_member (row, "created") / G_USEC_PER_SEC);
      g_autofree char *when = g_date_time_format_iso8601 (time);

      /* Ids, provider and model ids and states never hold a comma or a
       * quote; nothing needs quoting. */
      g_string_append_printf (csv, "%s,%s,%s,%s,%" G_GINT64_FORMAT ",", when,
                              json_object_get_string_member (row, "job_id"),
                              json_object_get_string_member (row, "provider"),
                              json_object_get_string_member (row, "model"),
                              json_object_get_int_member (row, "images"));
      csv_money (csv, row, "estimate");
      g_string_append_c (csv, ',');
      csv_money (csv, row, "actual");
      g_string_append_printf (csv, ",%s\r\n", json_object_get_string_member (row, "state"));
    }

  return g_string_free_to_bytes (csv);
}

/* The budget ----------------------------------------------------------------- */

static void
budget_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FsLibrary *self = source_object;
  SpendData *data = task_data;
  GError *error = NULL;
  FsLibraryIndex *index = fs_library_store_get_index (self->store, &error);
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (index != NULL && !isnan (data->budget))
    g_ascii_dtostr (text, sizeof text, data->budget);
  if (index == NULL ||
      !fs_library_index_set_setting (index, BUDGET_KEY, isnan (data->budget) ? NULL : text,
                                     &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
fs_library_set_budget_async (FsLibrary           *self,
                             double               usd,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  SpendData *data;

  g_return_if_fail (FS_IS_LIBRARY (self));
  g_return_if_fail (isnan (usd) || usd >= 0);

  data = g_new0 (SpendData, 1);
  data->budget = usd;
  _fs_library_run_simple (self, fs_library_set_budget_async, budget_worker,
                          data, (GDestroyNotify) spend_data_free,
                          cancellable, callback, user_data);
}

gboolean
fs_library_set_budget_finish (FsLibrary     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
