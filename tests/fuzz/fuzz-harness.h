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
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

/* fuzz-common.c: LLVMFuzzerInitialize() (quiet logging, throwaway XDG
 * folders: fs_fuzz_setup()), and a NUL-terminated copy of the input. */
int   LLVMFuzzerInitialize (int            *argc,
                            char         ***argv);
void  fs_fuzz_setup     (void);
char *fs_fuzz_text      (const uint8_t *data,
                         size_t         size);
