#!/bin/sh
# validate-metainfo.sh FILE — check the merged metainfo with every AppStream
# validator that is installed (appstreamcli, appstream-util), offline.
# Skips (77) when there is none.
#
# Copyright 2026 The Flux Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
file=$1
ran=0
if command -v appstreamcli >/dev/null 2>&1; then
  appstreamcli validate --no-net --explain "$file"
  ran=1
fi
if command -v appstream-util >/dev/null 2>&1; then
  appstream-util validate-relax --nonet "$file"
  ran=1
fi
if [ "$ran" = 0 ]; then
  echo "skipped: neither appstreamcli nor appstream-util is installed" >&2
  exit 77
fi
