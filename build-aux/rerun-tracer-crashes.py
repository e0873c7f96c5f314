#!/usr/bin/env python3
# Reruns, once, the sanitizer build's tests that failed only because
# LeakSanitizer's tracer crashed at exit ("Tracer caught signal 11 …
# LeakSanitizer has encountered a fatal error"): a known bug of the
# sanitizer runtime in clang 14 when threads start or end during the leak
# check, fixed upstream, not a finding about our code (HACKING.md,
# "Sanitizers and fuzzing"). A test that fails again, or fails for any
# other reason, stays failed; the rerun's results replace the first ones
# in testlog.json so the counts are of what finally ran.
#
# Copyright 2026 The Flux Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import subprocess
import sys

MARK = "LeakSanitizer has encountered a fatal error"

build = sys.argv[1]
log_path = os.path.join(build, "meson-logs", "testlog.json")
with open(log_path) as f:
    entries = [json.loads(line) for line in f if line.strip()]

crashed = [e["name"] for e in entries
           if e.get("result") not in ("OK", "EXPECTEDFAIL", "SKIP")
           and MARK in (e.get("stdout") or "") + (e.get("stderr") or "")]
failed_otherwise = [e["name"] for e in entries
                    if e.get("result") not in ("OK", "EXPECTEDFAIL", "SKIP")
                    and e["name"] not in crashed]
if not crashed:
    sys.exit(1 if failed_otherwise else 0)

print(f"==> rerunning {len(crashed)} test(s) whose only failure was LeakSanitizer's tracer "
      f"crashing at exit: {', '.join(crashed)}", file=sys.stderr)
names = [n.split(" / ", 1)[-1] for n in crashed]
rerun = subprocess.run(["meson", "test", "-C", build, "--print-errorlogs",
                        "--logbase", "rerun", *names])

with open(os.path.join(build, "meson-logs", "rerun.json")) as f:
    again = {json.loads(line)["name"]: json.loads(line) for line in f if line.strip()}
with open(log_path, "w") as f:
    for e in entries:
        f.write(json.dumps(again.get(e["name"], e)) + "\n")

sys.exit(1 if failed_otherwise or rerun.returncode != 0 else 0)
