/* fs-preset-references.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fs-json.h"
#include "fs-preset.h"
#include "fs-reference-store.h"

/* A preset's references (docs/ARCHITECTURE.md, “Presets”): named by
 * their hash, kept in the reference store when the preset is saved, and
 * loaded back from it when it is applied. Blocking: worker threads and
 * the CLI. */

gboolean
fs_preset_keep_references (GPtrArray  *references,
                           GError    **error)
{
  g_return_val_if_fail (references != NULL, FALSE);

  for (guint i = 0; i < references->len; i++)
    if (!fs_reference_store_save (g_ptr_array_index (references, i), error))
      return FALSE;
  return TRUE;
}

guint
fs_preset_get_n_references (JsonObject *preset)
{
  g_return_val_if_fail (preset != NULL, 0);

  if (!json_object_has_member (preset, "references"))
    return 0;
  return json_array_get_length (json_object_get_array_member (preset, "references"));
}

GPtrArray *
fs_preset_load_references (JsonObject    *preset,
                           GPtrArray     *missing,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GPtrArray) references = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *hashes;

  g_return_val_if_fail (preset != NULL, NULL);
  g_return_val_if_fail (missing != NULL, NULL);

  if (fs_preset_get_n_references (preset) == 0)
    return g_steal_pointer (&references);

  hashes = json_object_get_array_member (preset, "references");
  for (guint i = 0; i < json_array_get_length (hashes); i++)
    {
      const char *sha256 = json_array_get_string_element (hashes, i);
      g_autoptr(GError) local_error = NULL;
      FsReference *reference;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      /* One the store has lost (or that is damaged) is said; the others
       * are still loaded. */
      reference = fs_reference_store_load (sha256, NULL, &local_error);
      if (reference == NULL)
        g_ptr_array_add (missing, g_strdup (local_error->message));
      else
        g_ptr_array_add (references, reference);
    }
  return g_steal_pointer (&references);
}
