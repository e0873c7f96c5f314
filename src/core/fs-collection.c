/* fs-collection.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fs-collection.h"
#include "fs-error.h"

struct _FsCollection
{
  GObject  parent_instance;

  char    *name;
  guint    count;
};

G_DEFINE_FINAL_TYPE (FsCollection, fs_collection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fs_collection_finalize (GObject *object)
{
  FsCollection *self = (FsCollection *)object;

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (fs_collection_parent_class)->finalize (object);
}

static void
fs_collection_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FsCollection *self = FS_COLLECTION (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fs_collection_class_init (FsCollectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fs_collection_finalize;
  object_class->get_property = fs_collection_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fs_collection_init (FsCollection *self)
{
}

FsCollection *
fs_collection_new (const char *name,
                   guint       count)
{
  FsCollection *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (FS_TYPE_COLLECTION, NULL);
  self->name = g_strdup (name);
  self->count = count;

  return self;
}

const char *
fs_collection_get_name (FsCollection *self)
{
  g_return_val_if_fail (FS_IS_COLLECTION (self), NULL);

  return self->name;
}

guint
fs_collection_get_count (FsCollection *self)
{
  g_return_val_if_fail (FS_IS_COLLECTION (self), 0);

  return self->count;
}

void
fs_collection_set_count (FsCollection *self,
                         guint         count)
{
  g_return_if_fail (FS_IS_COLLECTION (self));

  if (self->count == count)
    return;

  self->count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
}

char *
fs_collection_check_name (const char  *name,
                          GError     **error)
{
  g_autofree char *trimmed = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   _("A collection name must be UTF-8 text"));
      return NULL;
    }

  trimmed = g_strstrip (g_strdup (name));
  if (trimmed[0] == '\0')
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID, _("A collection needs a name"));
      return NULL;
    }
  if (g_utf8_strlen (trimmed, -1) > FS_COLLECTION_MAX_NAME)
    {
      g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                   /* Translators: %d is the most characters a name may have */
                   _("A collection name may have at most %d characters"),
                   FS_COLLECTION_MAX_NAME);
      return NULL;
    }
  for (const char *p = trimmed; *p; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        {
          g_set_error (error, FS_ERROR, FS_ERROR_INVALID,
                       _("A collection name may not hold control characters such as line breaks"));
          return NULL;
        }
    }

  return g_steal_pointer (&trimmed);
}

int
fs_collection_compare (FsCollection *a,
                       FsCollection *b)
{
  int order = g_utf8_collate (a->name, b->name);

  return order != 0 ? order : g_strcmp0 (a->name, b->name);
}
