# bench-result-to-disk.py — a BFL result saved to disk: flux-studio-cli
# against a curl script doing the same exchange (bench-bfl-curl.sh).
#
# Copyright 2026 The Flux Studio authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Both sides talk to the project's fake server (tests/fakes) over
loopback, with the scenario "ready-noise-N": the task is Ready at the first
poll and its result is an N MiB PNG of noise, which no compressor shrinks.
The time counted is the whole process, from its start to its exit:

  A  flux-studio-cli generate --provider bfl … "fake:ready-noise-N"
     (submit, poll, download streamed into the gallery folder while it is
     hashed, the header probe, fsync, link, the sidecar, the index)
  B  bench-bfl-curl.sh: curl submits, polls, downloads into a temporary
     file in the folder; sync fsyncs it; mv renames it; sync the folder

Runs alternate A B A B … over two sizes (SMALL and LARGE MiB); the first
round warms the caches and the fake's noise, and is not counted. The
marginal cost per MB is the difference between the two sizes' medians
over the difference of their sizes.

Environment: FS_CLI, FS_FAKE_SERVER, FS_CURL_SCRIPT; FS_BENCH_RUNS sets the
number of counted runs of each (default 11).
"""

import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

KEY = "fs-bench-key-7d1e"
MODEL = "flux-2-pro"
SMALL, LARGE = 8, 32   # MiB


def start_fake(fake_bin, root):
    env = dict(os.environ, FAKE_EXPECTED_KEY=KEY)
    env.pop("G_DEBUG", None)
    proc = subprocess.Popen([fake_bin, "--log", os.path.join(root, "fake.log"),
                             "--max-requests", "100000", "--max-seconds", "3000"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env)
    ready, _, _ = select.select([proc.stdout], [], [], 15)
    if not ready:
        proc.kill()
        raise RuntimeError("the fake server printed no URL line within 15 s")
    return proc, json.loads(proc.stdout.readline().decode())


def world(root, name):
    home = os.path.join(root, name)
    dirs = {d: os.path.join(home, d) for d in ("data", "config", "cache", "runtime", "gallery")}
    for d in dirs.values():
        os.makedirs(d, mode=0o700)
    env = {k: v for k, v in os.environ.items()
           if k not in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY",
                        "G_MESSAGES_DEBUG", "BFL_API_KEY")}
    env.update({
        "HOME": home,
        "XDG_DATA_HOME": dirs["data"],
        "XDG_CONFIG_HOME": dirs["config"],
        "XDG_CACHE_HOME": dirs["cache"],
        "XDG_RUNTIME_DIR": dirs["runtime"],
        "GSETTINGS_BACKEND": "memory",
        "LC_ALL": "C.UTF-8",
        "LANGUAGE": "C",
        "BFL_API_KEY": KEY,
    })
    return dirs["gallery"], env


def timed(argv, env):
    start = time.monotonic()
    proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
    elapsed = (time.monotonic() - start) * 1000.0
    if proc.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed (exit {proc.returncode}): {proc.stderr[-800:]}")
    return elapsed


def saved_size(gallery):
    """The size of the newest image in @gallery, removed afterwards so the
    disk does not fill over the runs (the index keeps its row: the CLI's
    save does not read the others)."""
    images = [os.path.join(gallery, n) for n in os.listdir(gallery) if n.endswith(".png")]
    newest = max(images, key=os.path.getmtime)
    size = os.path.getsize(newest)
    for path in images:
        os.unlink(path)
    return size


def main():
    cli = os.environ.get("FS_CLI")
    fake_bin = os.environ.get("FS_FAKE_SERVER")
    script = os.environ.get("FS_CURL_SCRIPT")
    if not cli or not fake_bin or not script or shutil.which("curl") is None:
        print("result to disk: skipped (needs FS_CLI, FS_FAKE_SERVER, FS_CURL_SCRIPT and curl)")
        return 77

    n = benchlib.runs(11)
    root = tempfile.mkdtemp(prefix="fs-bench-result-to-disk-")
    fake = None
    samples = {(side, mib): [] for side in "AB" for mib in (SMALL, LARGE)}
    sizes = {}
    try:
        fake, urls = start_fake(fake_bin, root)
        flux_gallery, flux_env = world(root, "flux")
        curl_gallery, curl_env = world(root, "curl")
        for i in range(n + 1):
            for mib in (SMALL, LARGE):
                prompt = f"a field of noise fake:ready-noise-{mib}"
                a = timed([cli, "generate", "--provider", "bfl", "--base-url", urls["bfl"],
                           "--model", MODEL, "--library", flux_gallery, "--width", "1024",
                           "--height", "1024", "--output-format", "png", prompt], flux_env)
                sizes[mib] = saved_size(flux_gallery)
                b = timed(["sh", script, urls["bfl"], MODEL, curl_gallery, prompt], curl_env)
                if saved_size(curl_gallery) != sizes[mib]:
                    raise RuntimeError("the two sides saved files of different sizes")
                if i > 0:
                    samples[("A", mib)].append(a)
                    samples[("B", mib)].append(b)
    finally:
        if fake is not None:
            fake.terminate()
            fake.wait(10)
        shutil.rmtree(root, ignore_errors=True)

    def per_mb(side):
        # Paired: run i of the large size against run i of the small one.
        mb = (sizes[LARGE] - sizes[SMALL]) / 1e6
        return [(large - small) / mb
                for small, large in zip(samples[(side, SMALL)], samples[(side, LARGE)])]

    print(f"result to disk: {n} runs of each, interleaved; load average {benchlib.load()}")
    print(benchlib.HEADER)
    print(benchlib.row(f"BFL task ready at the first poll → a PNG of {sizes[SMALL] / 1e6:.0f} MB "
                       f"saved (CLI, whole process)",
                       samples[("A", SMALL)], samples[("B", SMALL)], "≤ 1.5×"))
    print(benchlib.row(f"… the same, a PNG of {sizes[LARGE] / 1e6:.0f} MB",
                       samples[("A", LARGE)], samples[("B", LARGE)], "—"))
    print(benchlib.row("… marginal cost per MB (paired runs)", per_mb("A"), per_mb("B"),
                       "≤ 1.2×", unit="ms/MB", digits=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
