# run-conformance.py
#
# Copyright 2026 The Flux Studio authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Starts two Stoplight Prism mocks on 127.0.0.1 (BFL's spec and the OpenAI
images subset from ../shared/specs), runs test-conformance against them,
and always stops them again, within a time bound.

    python3 run-conformance.py TEST-CONFORMANCE-BINARY

Environment: FS_SOURCE_ROOT (where node_modules/.bin/prism lives),
FLUX_STUDIO_SHARED_DIR (default: FS_SOURCE_ROOT/../shared). Exits 77, which
meson reports as skipped, with the reason printed when the spec files or
Prism are missing.
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

SKIP = 77
START_TIMEOUT = 90
RUN_TIMEOUT = 240
SPECS = {
    "bfl": "bfl-openapi.json",
    "openai": "openai-images-subset.prism.json",
}


def skip(reason):
    print(f"SKIP: {reason}")
    sys.exit(SKIP)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class Prism:
    def __init__(self, prism, name, spec, workdir):
        self.name = name
        self.spec = spec
        self.port = free_port()
        self.log_path = os.path.join(workdir, f"prism-{name}.log")
        env = dict(os.environ, SCARF_ANALYTICS="false", DO_NOT_TRACK="1", NO_COLOR="1",
                   FORCE_COLOR="0")
        with open(self.log_path, "w") as log:
            # Its own session, so that stopping it reaches node's children too.
            self.proc = subprocess.Popen(
                [prism, "mock", "-h", "127.0.0.1", "-p", str(self.port), spec],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                env=env, start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}"

    def wait_ready(self, deadline):
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            if listening(self.port):
                return True
            time.sleep(0.25)
        return False

    def stop(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)

    def log_tail(self, n=30):
        with open(self.log_path, errors="replace") as f:
            return "".join(f.readlines()[-n:])

    def count(self, needle):
        with open(self.log_path, errors="replace") as f:
            return sum(needle in line for line in f)


def main(argv):
    if len(argv) != 2:
        print(f"usage: {argv[0]} TEST-CONFORMANCE-BINARY", file=sys.stderr)
        return 2
    program = argv[1]
    root = os.environ.get("FS_SOURCE_ROOT") or os.path.join(os.path.dirname(__file__), "..", "..")
    shared = os.environ.get("FLUX_STUDIO_SHARED_DIR") or os.path.join(root, "..", "shared")
    specs = {name: os.path.join(shared, "specs", f) for name, f in SPECS.items()}
    missing = [p for p in specs.values() if not os.path.isfile(p)]
    if missing:
        skip(f"the spec files are missing: {', '.join(missing)}")
    prism = os.path.join(root, "node_modules", ".bin", "prism")
    if not os.access(prism, os.X_OK):
        skip(f"Prism is not installed ({os.path.normpath(prism)} is absent; "
             "run `npm ci` in the source root)")

    servers = []

    def on_signal(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    with tempfile.TemporaryDirectory(prefix="fs-prism-") as workdir:
        try:
            deadline = time.monotonic() + START_TIMEOUT
            for name, spec in specs.items():
                servers.append(Prism(prism, name, spec, workdir))
            for server in servers:
                if not server.wait_ready(deadline):
                    print(f"Prism ({server.name}) did not start listening on {server.url}:")
                    print(server.log_tail())
                    return 1
                print(f"Prism ({server.name}) listening on {server.url}: "
                      f"{os.path.basename(server.spec)}")
            sys.stdout.flush()

            env = dict(os.environ,
                       FS_PRISM_BFL_URL=servers[0].url,
                       FS_PRISM_OPENAI_URL=servers[1].url,
                       FS_PRISM_BFL_SPEC=specs["bfl"],
                       LC_ALL="C.UTF-8")
            try:
                result = subprocess.run([program], env=env, timeout=RUN_TIMEOUT)
                code = result.returncode
            except subprocess.TimeoutExpired:
                print(f"test-conformance did not finish within {RUN_TIMEOUT} s")
                code = 1

            for server in servers:
                received = server.count("Request received")
                violations = server.count("Violation:")
                print(f"Prism ({server.name}): {received} requests received, "
                      f"{violations} violation lines logged")
            if code != 0:
                for server in servers:
                    print(f"--- Prism ({server.name}) log tail")
                    print(server.log_tail(40))
            return 1 if code < 0 else code
        except KeyboardInterrupt as e:
            print(f"interrupted ({e}); stopping Prism")
            return 1
        finally:
            for server in servers:
                server.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
