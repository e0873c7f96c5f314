/* fuzz-harness.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stddef.h>
#include <stdint.h>

/* What every harness defines, for libFuzzer or for fuzz-driver.c. */
int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

/* fuzz-common.c: quiet logging, throwaway XDG folders, and a
 * NUL-terminated copy of the input. */
void  fs_fuzz_setup     (void);
char *fs_fuzz_text      (const uint8_t *data,
                         size_t         size);
