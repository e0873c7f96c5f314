#!/usr/bin/python3
# check-flatpak-manifest.py MANIFEST APP_ID — the Flatpak manifest is valid
# JSON, has what flatpak-builder needs, asks for no more access than Flux
# Studio uses (docs/ARCHITECTURE.md, “Flatpak permissions”), and builds
# the right source: the working tree for APP_ID.Devel, a tagged release
# otherwise.
#
# Copyright 2026 The Flux Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import sys

REQUIRED = ("runtime", "runtime-version", "sdk", "command", "modules")
NEEDED_ARGS = (
    "--share=network",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
    "--filesystem=xdg-pictures",
)
# Inside the sandbox libsecret speaks to the Secret portal by itself; a
# talk-name for the Secret Service would hand the app every secret of the
# user's keyring.
FORBIDDEN_ARGS = (
    "--talk-name=org.freedesktop.secrets",
)
# Libraries the app links that the GNOME runtime does not carry as the
# app needs them: each must be a module of the manifest.
NEEDED_MODULES = ("libportal",)
# Access that would let the app read or write anything of the user's.
FORBIDDEN_PREFIXES = (
    "--filesystem=home",
    "--filesystem=host",
    "--filesystem=/",
    "--device=all",
    "--talk-name=org.freedesktop.Flatpak",
    "--socket=session-bus",
    "--socket=system-bus",
)


def check(manifest, app_id):
    problems = []
    manifest_id = manifest.get("id", manifest.get("app-id"))
    if manifest_id != app_id:
        problems.append(f"id is {manifest_id!r}, expected {app_id!r}")
    for key in REQUIRED:
        if not manifest.get(key):
            problems.append(f"missing or empty {key!r}")
    if manifest.get("command") != "flux-studio":
        problems.append("command must be flux-studio")

    args = manifest.get("finish-args", [])
    for arg in NEEDED_ARGS:
        if arg not in args:
            problems.append(f"finish-args lack {arg}")
    for arg in args:
        if arg.startswith(FORBIDDEN_PREFIXES) or arg in FORBIDDEN_ARGS:
            problems.append(f"finish-args must not have {arg}")

    names = [m.get("name") for m in manifest.get("modules", []) if isinstance(m, dict)]
    for name in NEEDED_MODULES:
        if name not in names:
            problems.append(f"the manifest must build {name} as a module")

    modules = manifest.get("modules") or [{}]
    main = modules[-1]
    if not isinstance(main, dict) or main.get("buildsystem") != "meson":
        problems.append("the last module must be the meson build of Flux Studio")
    else:
        problems += check_main_module(main, app_id.endswith(".Devel"))
    return problems


def check_main_module(main, devel):
    """The Devel manifest builds the working tree as a development
    profile; a release builds a tagged commit of the project."""
    problems = []
    opts = main.get("config-opts", [])
    sources = [s for s in main.get("sources", []) if isinstance(s, dict)]
    kinds = {s.get("type") for s in sources}
    if devel:
        if "-Dprofile=development" not in opts:
            problems.append("the Devel manifest must build -Dprofile=development")
        if "dir" not in kinds:
            problems.append("the Devel manifest must build the working tree (a dir source)")
    else:
        if any(o.startswith("-Dprofile=") and o != "-Dprofile=default" for o in opts):
            problems.append("a release manifest must build the default profile")
        if not any(s.get("type") == "git" and (s.get("tag") or s.get("commit"))
                   for s in sources):
            problems.append("a release manifest must build a tagged git source")
    return problems


def main():
    path, app_id = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)
    problems = check(manifest, app_id)
    for problem in problems:
        print(f"{path}: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
