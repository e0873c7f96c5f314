/* fs-batch-panel-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-batch-panel.h"

G_BEGIN_DECLS

/* Loads @rows (FsBatchRow) with each row's prepared references (a
 * GPtrArray each) as the list Generate runs, named @name; NULL @rows
 * returns to the typed prompt. */
void _fs_batch_panel_set_list (FsBatchPanel *self,
                               const char   *name,
                               GPtrArray    *rows,
                               GPtrArray    *row_references);

G_END_DECLS
