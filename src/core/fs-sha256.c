/* fs-sha256.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <nettle/sha2.h>

#include "fs-sha256.h"

struct _FsSha256
{
  struct sha256_ctx ctx;
};

FsSha256 *
fs_sha256_new (void)
{
  FsSha256 *self = g_new (FsSha256, 1);

  sha256_init (&self->ctx);
  return self;
}

/* Nettle takes a size_t length; GLib's gsize is the same type. */
void
fs_sha256_update (FsSha256   *self,
                  const void *data,
                  gsize       length)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || length == 0);

  sha256_update (&self->ctx, length, data);
}

char *
fs_sha256_hex (FsSha256 *self)
{
  static const char digits[] = "0123456789abcdef";
  struct sha256_ctx copy;
  guint8 digest[SHA256_DIGEST_SIZE];
  char *hex;

  g_return_val_if_fail (self != NULL, NULL);

  /* sha256_digest() resets the context: a copy keeps @self going. */
  copy = self->ctx;
  sha256_digest (&copy, sizeof digest, digest);

  hex = g_malloc (2 * SHA256_DIGEST_SIZE + 1);
  for (guint i = 0; i < SHA256_DIGEST_SIZE; i++)
    {
      hex[2 * i] = digits[digest[i] >> 4];
      hex[2 * i + 1] = digits[digest[i] & 0xf];
    }
  hex[2 * SHA256_DIGEST_SIZE] = '\0';
  return hex;
}

void
fs_sha256_free (FsSha256 *self)
{
  g_free (self);
}

char *
fs_sha256_data (const void *data,
                gsize       length)
{
  g_autoptr(FsSha256) sha256 = fs_sha256_new ();

  fs_sha256_update (sha256, data, length);
  return fs_sha256_hex (sha256);
}
