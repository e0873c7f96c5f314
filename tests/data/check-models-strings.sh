#!/bin/bash
# check-models-strings.sh — data/models-strings.c is what
# build-aux/catalog-strings.py makes of data/models.json today.
#
# Copyright 2026 The Flux Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
top=$1
python=/usr/bin/python3
[ -x "$python" ] || python=python3
if ! diff -u "$top/data/models-strings.c" <("$python" "$top/build-aux/catalog-strings.py" "$top/data/models.json"); then
  echo "data/models-strings.c is out of date; run:" >&2
  echo "  build-aux/catalog-strings.py data/models.json > data/models-strings.c" >&2
  exit 1
fi
echo "data/models-strings.c matches data/models.json"
