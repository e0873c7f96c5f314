#!/bin/bash
# flux-studio.sh — set up, build, run and test Flux Studio on Debian 12.
#
#   build-aux/flux-studio.sh run    install what is missing, build, start the app
#   build-aux/flux-studio.sh test   install what is missing, build, run every test:
#                                   the suite, then the core, cli and fuzz suites
#                                   again in a sanitizer build (_build-sanitize)
#
# Copyright 2026 The Flux Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build="$top/_build"
sanitize_build="$top/_build-sanitize"
cd "$top"

say() { printf '==> %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# $@: package lists in build-aux/ (the app's, and the tests' extras).
install_packages() {
  local wanted missing=()
  wanted=$(cd build-aux && cat "$@" | grep -v '^#')
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
    # Without a GPU (no DRI render node: a VM, Xvfb) GTK's GL renderer
    # runs on llvmpipe, which took both cores for every frame and left the
    # window "Loading the models…"; cairo draws it at once. A renderer
    # chosen by the user stays.
    if [ -z "${GSK_RENDERER:-}" ] && ! ls /dev/dri/renderD* >/dev/null 2>&1; then
      export GSK_RENDERER=cairo
    fi
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

# AddressSanitizer (leaks included) and UndefinedBehaviorSanitizer over the
# core and the CLI, and libFuzzer over every parser (HACKING.md,
# “Sanitizers and fuzzing”). No window: the widgets are GTK's to check.
build_sanitize() {
  if [ ! -f "$sanitize_build/build.ninja" ]; then
    CC=clang meson setup "$sanitize_build" -Dgui=disabled -Dfuzzing=true \
      -Db_sanitize=address,undefined -Db_lundef=false
  fi
  ninja -C "$sanitize_build"
}

run_sanitize_tests() {
  dbus-run-session -- meson test -C "$sanitize_build" --suite core --suite cli --suite fuzz \
    --print-errorlogs --num-processes 2 && return 0
  # Only a crash of LeakSanitizer's own tracer earns a second run.
  dbus-run-session -- python3 build-aux/rerun-tracer-crashes.py "$sanitize_build"
}

# Both runs always run; the command fails if either failed.
test_all() {
  local status=0
  build_all
  run_tests "$@" || status=$?
  if [ $# -eq 0 ]; then
    build_sanitize
    run_sanitize_tests || status=$?
  fi
  return $status
}

case "${1:-}" in
  run)  install_packages debian-packages.txt; build_app; run_app ;;
  test) shift; install_packages debian-packages.txt debian-packages-test.txt
        install_node_tools; test_all "$@" ;;
  *)    echo "usage: $0 run|test" >&2; exit 2 ;;
esac
