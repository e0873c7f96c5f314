# bench-colour-check.py — the colour check of a 2048 × 2048 noisy PNG
# (`flux-studio-cli colors`), against the goal of 100 ms.
#
# Copyright 2026 The Flux Studio authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""There is no plain tool doing the same check, so the yardstick is the
CLI's own start: `flux-studio-cli colors --help` (the dynamic linker, GLib,
the option parsing) alternates with `flux-studio-cli colors --expect …
IMAGE`, A B A B …, and the check's own cost is the difference, in wall
time and in CPU time (user + system, all threads, from wait4()). The image
is a gradient with noise on every channel, which compresses little, made
once with zlib.

Environment: FS_CLI; FS_BENCH_RUNS sets the number of counted runs of
each (default 15).
"""

import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

SIZE = 2048


def noisy_png(path):
    rand = random.Random(2048)
    noise = bytes(rand.randrange(0, 24) for _ in range(SIZE * 3 * 7 + 1))
    raw = bytearray()
    for y in range(SIZE):
        raw.append(0)
        start = (y * 7919) % (len(noise) - SIZE * 3)
        row = bytearray(noise[start:start + SIZE * 3])
        for x in range(0, SIZE * 3, 3):
            row[x] += (x // 3) * 200 // SIZE
            row[x + 1] += y * 200 // SIZE
            row[x + 2] += 60
        raw += row

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n"
                + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(bytes(raw), 6))
                + chunk(b"IEND", b""))


def timed(argv, env):
    """Wall and CPU time of one run, in ms."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.monotonic() - start) * 1000.0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed (exit {proc.returncode}): {err[-600:]}")
    return wall, (usage.ru_utime + usage.ru_stime) * 1000.0


def main():
    cli = os.environ.get("FS_CLI")
    if not cli:
        print("colour check: skipped (needs FS_CLI)")
        return 77

    n = benchlib.runs(15)
    root = tempfile.mkdtemp(prefix="fs-bench-colour-check-")
    env = {k: v for k, v in os.environ.items() if k not in ("DBUS_SESSION_BUS_ADDRESS",)}
    env.update({"XDG_CACHE_HOME": os.path.join(root, "cache"), "LC_ALL": "C.UTF-8",
                "LANGUAGE": "C", "GSETTINGS_BACKEND": "memory"})
    check = {"wall": [], "cpu": []}
    start = {"wall": [], "cpu": []}
    try:
        image = os.path.join(root, "noise.png")
        noisy_png(image)
        for i in range(n + 1):
            a = timed([cli, "colors", "--expect", "#02eb3c", "--expect", "#c83cb4", image], env)
            b = timed([cli, "colors", "--help"], env)
            if i > 0:
                for key, x, y in (("wall", a[0], b[0]), ("cpu", a[1], b[1])):
                    check[key].append(x)
                    start[key].append(y)
        size = os.path.getsize(image) / 1e6
    finally:
        shutil.rmtree(root, ignore_errors=True)

    def own(key):
        return [x - y for x, y in zip(check[key], start[key])]

    print(f"colour check: {n} runs of each, interleaved; a {SIZE}×{SIZE} PNG of "
          f"{size:.1f} MB; load average {benchlib.load()}")
    print("| measure | Flux Studio | the CLI's start alone | the check's own | goal |")
    print("|---|---|---|---|---|")
    for key, what in (("wall", "wall time"), ("cpu", "CPU time, all threads")):
        print(f"| colour check of a {SIZE}×{SIZE} noisy PNG (`flux-studio-cli colors`), {what} "
              f"| {benchlib.spread(check[key])} | {benchlib.spread(start[key])} "
              f"| {benchlib.spread(own(key))} | ≤ 100 ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
