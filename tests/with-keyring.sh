#!/bin/sh
# with-keyring.sh — run a command inside a private D-Bus session with an
# unlocked throwaway gnome-keyring, so libsecret calls in tests are real.
#
# Copyright 2026 The Flux Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fs-keyring.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run" HOME="$tmp/home"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" "$HOME"
chmod 700 "$XDG_RUNTIME_DIR"
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "with-keyring: dbus-run-session or gnome-keyring-daemon missing" >&2
  exit 77
fi
# The daemon is not the code under test: it runs without the tests'
# G_DEBUG, whose fatal-warnings would abort it on a warning of its own
# ("asked to register item …, but it's already registered").
exec dbus-run-session -- sh -c '
  printf pw | env -u G_DEBUG gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  exec "$@"' with-keyring "$@"
