#!/bin/bash
# flux-studio.sh — set up, build, run and test Flux Studio on Debian 12.
#
#   build-aux/flux-studio.sh run    install what is missing, build, start the app
#   build-aux/flux-studio.sh test   install what is missing, build, run every test
#
# Copyright 2026 The Flux Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build="$top/_build"
cd "$top"

say() { printf '==> %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
  local wanted missing=()
  wanted=$(grep -v '^#' build-aux/debian-packages.txt)
  for p in $wanted; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  # Node.js may come from elsewhere than Debian; only fill the gap.
  command -v npm >/dev/null || missing+=(nodejs npm)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

# Stoplight Prism runs the conformance tests; without npm they are skipped.
install_node_tools() {
  if [ -x node_modules/.bin/prism ]; then return; fi
  if command -v npm >/dev/null; then
    say "installing the test tools from package.json"
    npm ci --no-audit --no-fund --loglevel=error || say "npm failed: the conformance tests will be skipped"
  fi
}

# The app runs as an installed GNOME app does: installed into a prefix
# inside the build tree and started from there, so GSettings, the desktop
# file, icons and translations are found through the normal lookup.
prefix="$build/prefix"

configure() {
  if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" --prefix="$prefix"
  elif ! grep -qF "\"value\": \"$prefix\"" "$build/meson-info/intro-buildoptions.json"; then
    meson configure "$build" -Dprefix="$prefix"
  fi
}

build_all() {
  configure
  ninja -C "$build"
}

# What an install needs, not the test suite: the targets meson installs.
build_app() {
  local targets
  configure
  targets=$(meson introspect "$build" --targets | python3 -c '
import json, os, sys
build = sys.argv[1]
for target in json.load(sys.stdin):
    if target["installed"]:
        for name in target["filename"]:
            print(os.path.relpath(name, build))
' "$build")
  # shellcheck disable=SC2086 # one target per word
  ninja -C "$build" $targets
  meson install -C "$build" --no-rebuild --only-changed --quiet >/dev/null
}

run_app() {
  export XDG_DATA_DIRS="$prefix/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
  if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$prefix/bin/flux-studio" ]; then
    exec "$prefix/bin/flux-studio"
  fi
  say "generating one image with the offline sandbox (no account needed)"
  exec "$prefix/bin/flux-studio-cli" generate --provider sandbox --model flux-2-pro \
    "a cup of tea on a desk, brand colours #02eb3c and #ff0088"
}

run_tests() {
  # UI tests need a display, a D-Bus session and a keyring: xvfb-run first,
  # then dbus-run-session, in that order (HACKING.md, “Tests”).
  GSK_RENDERER=cairo xvfb-run -a -s "-screen 0 1280x1024x24" \
    dbus-run-session -- meson test -C "$build" --print-errorlogs --num-processes 2 "$@"
}

case "${1:-}" in
  run)  install_packages; build_app; run_app ;;
  test) shift; install_packages; install_node_tools; build_all; run_tests "$@" ;;
  *)    echo "usage: $0 run|test" >&2; exit 2 ;;
esac
