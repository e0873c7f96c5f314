# bench-cold-start.py — cold start to the first painted frame: flux-studio
# against a minimal libadwaita window (bench-minimal-window).
#
# Copyright 2026 The Flux Studio authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Both programs run with FLUX_STUDIO_REPORT_FIRST_FRAME=1 (fs-first-frame.c):
each prints the monotonic time of its first frame clock "after-paint" and
quits. The time counted is from just before the process is started to that
moment, so the dynamic linker's work is in it too. Flux Studio starts as
on a first day with the offline sandbox chosen: a fresh home, an empty
gallery. Runs alternate, A B A B …; the first pair warms the caches and is
not counted.

Environment: FS_APP (flux-studio), FS_MINIMAL_WINDOW (the yardstick),
GSETTINGS_SCHEMA_DIR (the compiled schema); needs a display (run under
xvfb-run and dbus-run-session, as the test suite is). FS_BENCH_RUNS sets
the number of runs of each (default 15).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

LINE = re.compile(r"first-frame ([0-9.]+) ms after main, at (\d+) ")
SETTINGS = "[io/github/fluxstudio/FluxStudio]\nprovider='sandbox'\nmodel='flux-2-pro'\n"


def fresh_home(root):
    home = tempfile.mkdtemp(prefix="home-", dir=root)
    for d in ("config/glib-2.0/settings", "data", "cache", "Pictures"):
        os.makedirs(os.path.join(home, d))
    with open(os.path.join(home, "config", "glib-2.0", "settings", "keyfile"), "w") as f:
        f.write(SETTINGS)
    return home


def start_once(argv, home):
    env = dict(os.environ)
    for k in ("G_DEBUG", "G_MESSAGES_DEBUG", "NO_AT_BRIDGE", "GTK_A11Y"):
        env.pop(k, None)
    env.update({
        "HOME": home,
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_CACHE_HOME": os.path.join(home, "cache"),
        "XDG_PICTURES_DIR": os.path.join(home, "Pictures"),
        "GSETTINGS_BACKEND": "keyfile",
        "GDK_BACKEND": "x11",
        "GSK_RENDERER": env.get("GSK_RENDERER", "cairo"),
        "LANGUAGE": "C",
        "LC_ALL": "C.UTF-8",
        "FLUX_STUDIO_REPORT_FIRST_FRAME": "1",
    })
    start_us = time.monotonic_ns() // 1000
    proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
    match = LINE.search(proc.stdout)
    if proc.returncode != 0 or match is None:
        raise RuntimeError(f"{argv[0]} did not report a first frame (exit {proc.returncode}): "
                           f"{proc.stdout[-300:]} {proc.stderr[-600:]}")
    return (int(match.group(2)) - start_us) / 1000.0


def main():
    app = os.environ.get("FS_APP")
    minimal = os.environ.get("FS_MINIMAL_WINDOW")
    if not app or not minimal or not os.environ.get("DISPLAY"):
        print("cold start: skipped (needs FS_APP, FS_MINIMAL_WINDOW and a display)")
        return 77
    n = benchlib.runs(15)
    root = tempfile.mkdtemp(prefix="fs-bench-cold-start-")
    flux, yardstick = [], []
    try:
        for i in range(n + 1):
            a = start_once([app], fresh_home(root))
            b = start_once([minimal], fresh_home(root))
            if i > 0:
                flux.append(a)
                yardstick.append(b)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    print(f"cold start: {n} runs of each, interleaved; load average {benchlib.load()}")
    print(benchlib.HEADER)
    print(benchlib.row("cold start to the first painted frame (sandbox, empty gallery)",
                       flux, yardstick, "≤ 1.3×"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
