#!/bin/sh
# run-or-skip.sh TOOL [ARG…] — run a validator, or skip (exit 77, meson's
# "skipped") with a reason when it is not installed.
#
# Copyright 2026 The Flux Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
tool=$1
shift
if ! command -v "$tool" >/dev/null 2>&1; then
  echo "skipped: $tool is not installed" >&2
  exit 77
fi
exec "$tool" "$@"
