#!/bin/sh
# check-flatpak-builder.sh MANIFEST… — flatpak-builder itself reads every
# manifest, and any warning it prints (an unknown property, a misspelt
# source field) fails the test. Skips (77) when flatpak-builder is not
# installed.
#
# Copyright 2026 The Flux Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
if ! command -v flatpak-builder >/dev/null 2>&1; then
  echo "skipped: flatpak-builder is not installed" >&2
  exit 77
fi
# flatpak-builder keeps its state (.flatpak-builder/) in the current
# directory: a throwaway one keeps the source tree clean.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fs-flatpak.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
status=0
for manifest in "$@"; do
  if ! (cd "$tmp" && flatpak-builder --show-manifest "$manifest" >"$tmp/out" 2>"$tmp/err"); then
    echo "$manifest: flatpak-builder --show-manifest failed:" >&2
    cat "$tmp/err" >&2
    status=1
  elif [ -s "$tmp/err" ]; then
    echo "$manifest: flatpak-builder warned:" >&2
    cat "$tmp/err" >&2
    status=1
  else
    echo "$manifest: OK"
  fi
done
exit $status
