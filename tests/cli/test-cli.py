# test-cli.py
#
# Copyright 2026 The Flux Studio authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""End-to-end tests of flux-studio-cli against tests/fakes/fs-fake-server.

Each case runs in a private world (temporary XDG dirs, HOME, runtime dir
and gallery folder, no session bus, so no real keyring) with its own fake
server on loopback, and checks what a user would see: the exit status, the
--json records, the progress words on stderr, the files in the gallery, and
what reached the wire according to the fake's request log.

    python3 test-cli.py --list         names of all cases
    python3 test-cli.py NAME           run one case (exit 0 pass, 1 fail)

Environment: FS_CLI (the flux-studio-cli binary), FS_FAKE_SERVER (the fake
server binary); FS_TEST_KEEP=1 keeps the temporary world for inspection.
Python 3 standard library only.
"""

import hashlib
import json
import os
import re
import select
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
import zlib

TEST_KEY = "fs-test-key-4f9c2a"
KEY_ENVS = {
    "bfl": "BFL_API_KEY",
    "apiyi": "APIYI_API_KEY",
    "monica": "MONICA_API_KEY",
    "openai-compatible": "FLUX_STUDIO_API_KEY",
}
CLI_TIMEOUT = 100
FAKE_MAX_SECONDS = 110
TIMEOUT_CAP = "5"
IMAGE_EXTS = (".jpg", ".jpeg", ".png", ".webp")
PROGRESS_WORDS = ("queued", "submitted", "polling", "downloading", "saved")
SKIP = 77

CASES = {}


class Failure(Exception):
    pass


class Skip(Exception):
    """The case cannot run here (exit 77, reported as skipped)."""


def case(name):
    def register(func):
        assert name not in CASES, name
        CASES[name] = func
        return func
    return register


def check(condition, message):
    if not condition:
        raise Failure(message)


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------

def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def png_bytes(width, height, rgb, note):
    """A valid RGB PNG with a text chunk, made with zlib alone."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    row = b"\x00" + bytes(rgb) * width
    raw = row * height
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"tEXt", b"Comment\x00" + note.encode())
            + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def walk(obj):
    """Every (key, value) pair in a JSON document, depth first."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield k, v
            yield from walk(v)
    elif isinstance(obj, list):
        for v in obj:
            yield None, v
            yield from walk(v)


def has_value(obj, value):
    return any(v == value and type(v) is type(value) for _, v in walk(obj)) or obj == value


def has_member(obj, key, value):
    return any(k == key and v == value for k, v in walk(obj))


def has_sublist(obj, wanted):
    """Whether some list in @obj holds exactly @wanted, or dicts that each
    carry the wanted string in order (e.g. [{"sha256": …}, …])."""
    for _, v in walk(obj):
        if not isinstance(v, list) or len(v) != len(wanted):
            continue
        if v == wanted:
            return True
        if all(isinstance(e, dict) and wanted[i] in e.values() for i, e in enumerate(v)):
            return True
    return False


def image_kind(path):
    with open(path, "rb") as f:
        head = f.read(12)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def name_pattern(model):
    # The model id may be sanitised for a file name (a dot, say).
    model_re = "".join(re.escape(c) if c.isalnum() or c in "_-" else "[._-]?" for c in model)
    return re.compile(r"^\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}_" + model_re
                      + r"_(-?\d+)(?:_(\d+))?\.(jpe?g|png|webp)$")


# --------------------------------------------------------------------------
# A private world per case
# --------------------------------------------------------------------------

class Run:
    def __init__(self, args, code, stdout, stderr, elapsed):
        self.args = args
        self.code = code
        self.stdout = stdout
        self.stderr = stderr
        self.elapsed = elapsed

    def records(self):
        try:
            data = json.loads(self.stdout)
        except ValueError as e:
            raise Failure(f"--json stdout is not JSON ({e}): {self.stdout[:400]!r}")
        check(isinstance(data, list), f"--json stdout is not an array: {self.stdout[:400]!r}")
        return data

    def json(self):
        try:
            return json.loads(self.stdout)
        except ValueError as e:
            raise Failure(f"--json stdout is not JSON ({e}): {self.stdout[:400]!r}")


class World:
    def __init__(self, name):
        self.name = name
        self.root = tempfile.mkdtemp(prefix=f"fs-cli-{name}-")
        self.dirs = {}
        for d in ("data", "config", "cache", "home", "runtime", "library", "refs", "logs"):
            path = os.path.join(self.root, d)
            os.makedirs(path, mode=0o700)
            self.dirs[d] = path
        self.library = self.dirs["library"]
        self.fake = None
        self.urls = None
        self.fake_log = os.path.join(self.dirs["logs"], "fake.log")
        self.runs = []
        self.cli = os.environ.get("FS_CLI")
        self.fake_bin = os.environ.get("FS_FAKE_SERVER")
        self.mounts = []
        self.heal_file = os.path.join(self.root, "healed")

    # Mounts, for full and read-only disks ---------------------------------

    def mount(self, *args, path):
        """Mounts over @path, or skips the case where mounting is not
        permitted (no root, no CAP_SYS_ADMIN, a container without it)."""
        os.makedirs(path, exist_ok=True)
        proc = subprocess.run(["mount", *args, path], capture_output=True, text=True)
        if proc.returncode != 0:
            raise Skip(f"cannot mount here ({' '.join(args)}): {proc.stderr.strip()}")
        self.mounts.append(path)

    def mount_tmpfs(self, path, size):
        self.mount("-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", path=path)

    def remount(self, path, options):
        proc = subprocess.run(["mount", "-o", f"remount,{options}", path],
                              capture_output=True, text=True)
        check(proc.returncode == 0, f"remount {options} of {path} failed: {proc.stderr}")

    def unmount_all(self):
        for path in reversed(self.mounts):
            if subprocess.run(["umount", path], capture_output=True).returncode != 0:
                subprocess.run(["umount", "-l", path], capture_output=True)
        self.mounts = []

    def gallery_on_tmpfs(self, size):
        """The gallery folder on a tmpfs of @size, its index on the disk
        beside it (a bind mount), so a full or read-only gallery does not
        take the journal with it."""
        index_dir = os.path.join(self.root, "index")
        os.makedirs(index_dir)
        self.mount_tmpfs(self.library, size)
        self.mount("--bind", index_dir, path=os.path.join(self.library, ".flux-studio"))

    # The fake server -----------------------------------------------------

    def start_fake(self, env=None, max_requests=300):
        check(self.fake_bin and os.access(self.fake_bin, os.X_OK),
              f"FS_FAKE_SERVER is not an executable: {self.fake_bin!r}")
        fake_env = dict(os.environ)
        fake_env["FAKE_EXPECTED_KEY"] = TEST_KEY
        fake_env["FAKE_HEAL_FILE"] = self.heal_file
        fake_env.update(env or {})
        stderr = open(os.path.join(self.dirs["logs"], "fake.stderr"), "w")
        self.fake = subprocess.Popen(
            [self.fake_bin, "--log", self.fake_log, "--max-requests", str(max_requests),
             "--max-seconds", str(FAKE_MAX_SECONDS)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr, env=fake_env)
        stderr.close()
        ready, _, _ = select.select([self.fake.stdout], [], [], 15)
        check(ready, "the fake server printed no URL line within 15 s")
        line = self.fake.stdout.readline().decode()
        try:
            self.urls = json.loads(line)
        except ValueError:
            raise Failure(f"the fake server's first line is not JSON: {line!r}")
        if self.urls.get("fallback"):
            print("note: 127.0.0.2/127.0.0.3 unavailable, the fake uses 127.0.0.1 ports")
        return self.urls

    def stop_fake(self):
        if self.fake is None:
            return
        if self.fake.poll() is None:
            self.fake.terminate()
            try:
                self.fake.wait(5)
            except subprocess.TimeoutExpired:
                self.fake.kill()
                self.fake.wait(5)
        self.fake.stdout.close()
        self.fake = None

    def log(self):
        if not os.path.exists(self.fake_log):
            return []
        with open(self.fake_log) as f:
            return [json.loads(line) for line in f if line.strip()]

    def calls(self, counter=None, role=None):
        return [e for e in self.log()
                if (counter is None or e.get("counter") == counter)
                and (role is None or e["role"] == role)]

    def served(self):
        return {e["served_sha256"] for e in self.log() if e.get("served_sha256")}

    # The CLI -------------------------------------------------------------

    def env(self, keys=(), extra=None):
        env = {k: v for k, v in os.environ.items()
               if k not in KEY_ENVS.values()
               and k not in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY",
                             "G_MESSAGES_DEBUG", "FLUX_STUDIO_TIMEOUT")}
        env.update({
            "XDG_DATA_HOME": self.dirs["data"],
            "XDG_CONFIG_HOME": self.dirs["config"],
            "XDG_CACHE_HOME": self.dirs["cache"],
            "XDG_RUNTIME_DIR": self.dirs["runtime"],
            "XDG_PICTURES_DIR": os.path.join(self.dirs["home"], "Pictures"),
            "HOME": self.dirs["home"],
            "FLUX_STUDIO_TIMEOUT": TIMEOUT_CAP,
            "LC_ALL": "C.UTF-8",
            "LANGUAGE": "C",
            "GSETTINGS_BACKEND": "memory",
        })
        for provider in keys:
            env[KEY_ENVS[provider]] = TEST_KEY
        env.update(extra or {})
        return env

    def run(self, *args, keys=(), env=None, stdin=None, timeout=CLI_TIMEOUT):
        check(self.cli and os.access(self.cli, os.X_OK),
              f"FS_CLI is not an executable: {self.cli!r}")
        argv = [self.cli] + [str(a) for a in args]
        # Text, bytes, or a stream (a pipe from another process).
        if stdin is None or isinstance(stdin, (str, bytes)):
            feed = {"input": stdin.encode() if isinstance(stdin, str) else (stdin or b"")}
        else:
            feed = {"stdin": stdin}
        start = time.monotonic()
        try:
            proc = subprocess.run(argv, **feed, capture_output=True,
                                  env=self.env(keys, env), timeout=timeout, cwd=self.dirs["home"])
            code = proc.returncode
            out, err = proc.stdout, proc.stderr
        except subprocess.TimeoutExpired as e:
            code, out, err = "timeout", e.stdout or b"", e.stderr or b""
        run = Run(args, code, out.decode(errors="replace"), err.decode(errors="replace"),
                  time.monotonic() - start)
        self.runs.append(run)
        n = len(self.runs)
        for stream, text in (("stdout", run.stdout), ("stderr", run.stderr)):
            with open(os.path.join(self.dirs["logs"], f"cli-{n}.{stream}"), "w") as f:
                f.write(text)
        check(code != "timeout", f"the CLI did not finish within {timeout} s")
        check(TEST_KEY not in run.stdout and TEST_KEY not in run.stderr,
              "the API key appears in the CLI's output")
        return run

    def generate(self, provider, model, prompt, *extra, keys=None, base=None, json_out=True,
                 env=None, stdin=None, timeout=CLI_TIMEOUT):
        args = ["generate"]
        if provider is not None:
            args += ["--provider", provider]
        if base is not None:
            args += ["--base-url", base]
        args += ["--model", model, "--library", self.library]
        args += list(extra)
        if json_out:
            args.append("--json")
        args.append(prompt)
        if keys is None:
            keys = (provider,) if provider in KEY_ENVS else ()
        return self.run(*args, keys=keys, env=env, stdin=stdin, timeout=timeout)

    def make_refs(self, n):
        colours = [(230, 30, 40), (40, 200, 60), (30, 60, 220), (240, 200, 20),
                   (200, 40, 200), (20, 210, 210), (250, 130, 20), (110, 110, 110),
                   (10, 10, 10), (245, 245, 245)]
        paths = []
        for i in range(n):
            path = os.path.join(self.dirs["refs"], f"ref-{i + 1}.png")
            with open(path, "wb") as f:
                f.write(png_bytes(64, 64 + 16 * (i % 2), colours[i % len(colours)],
                                  f"reference {i + 1}"))
            paths.append(path)
        return paths

    def gallery_images(self):
        found = []
        for dirpath, dirnames, filenames in os.walk(self.library):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            found += [os.path.join(dirpath, f) for f in filenames if f.lower().endswith(IMAGE_EXTS)]
        return sorted(found)

    # Checks shared by every case -----------------------------------------

    def check_wire_invariants(self):
        """Keys go only to API calls, in the provider's own header."""
        for e in self.log():
            where = f"{e['method']} {e['role']}:{e['path']}"
            check(not e["key_in_url"], f"the key was sent in the URL of {where}")
            check(not e["key_in_body"], f"the key was sent in the body of {where}")
            counter = e.get("counter") or ""
            if e["role"] != "api" or e["path"].startswith("/results/"):
                check(not e["has_key"], f"a key ({e['auth']}) was sent to {where}")
            elif counter.startswith("bfl:"):
                check(e["auth"] == "x-key" and e["key_ok"],
                      f"{where} was not sent with x-key and the right key (auth {e['auth']})")
            elif counter.startswith(("openai:", "monica")):
                check(e["auth"] == "bearer" and e["key_ok"],
                      f"{where} was not sent with Bearer and the right key (auth {e['auth']})")

    def finish(self):
        self.stop_fake()
        if self.urls is not None:
            self.check_wire_invariants()

    def diagnostics(self):
        lines = [f"world: {self.root}"]
        for i, run in enumerate(self.runs[-3:], 1):
            lines.append(f"--- CLI run: flux-studio-cli {' '.join(map(str, run.args))}")
            lines.append(f"    exit {run.code} after {run.elapsed:.1f} s")
            lines.append("    stdout: " + run.stdout[-1500:].replace("\n", "\n            "))
            lines.append("    stderr: " + run.stderr[-2500:].replace("\n", "\n            "))
        try:
            entries = self.log()
        except ValueError as e:
            entries = []
            lines.append(f"--- fake log unreadable: {e}")
        if entries:
            lines.append("--- fake server log")
            for e in entries[-40:]:
                query = "?" + e["query"] if e.get("query") else ""
                lines.append(f"    {e['time']:7.2f} {e['role']:8} {e['method']:4} {e['path']}"
                             f"{query} -> {e['status']} auth={e['auth']}"
                             f" scenario={e.get('scenario')} attempt={e.get('attempt')}")
        stderr = os.path.join(self.dirs["logs"], "fake.stderr")
        if os.path.exists(stderr) and os.path.getsize(stderr):
            with open(stderr) as f:
                lines.append("--- fake stderr: " + f.read()[-1000:])
        return "\n".join(lines)

    def cleanup(self):
        self.stop_fake()
        self.unmount_all()
        if not os.environ.get("FS_TEST_KEEP"):
            shutil.rmtree(self.root, ignore_errors=True)


# --------------------------------------------------------------------------
# Reusable expectations
# --------------------------------------------------------------------------

def expect_exit(run, code):
    check(run.code == code, f"expected exit status {code}, got {run.code}")


def expect_progress(run, words=PROGRESS_WORDS):
    text = run.stderr.lower()
    missing = [w for w in words if w not in text]
    check(not missing, f"stderr lacks the progress words {missing}")


def expect_saved(world, run, provider, model, prompt, count=1, fmt=None, seed=None,
                 width=None, height=None, served=True):
    """The --json records, the files they name and their sidecars."""
    records = run.records()
    check(len(records) == count, f"expected {count} record(s) on stdout, got {len(records)}")
    fields = ("path", "sidecar", "sha256", "provider", "model", "seed", "width", "height",
              "request_id", "cost", "created", "prompt")
    library = os.path.realpath(world.library)
    served_shas = world.served() if served else set()
    pattern = name_pattern(model)
    for item in records:
        check(isinstance(item, dict), f"a record is not an object: {item!r}")
        missing = [f for f in fields if f not in item]
        check(not missing, f"a record lacks {missing}: {item!r}")
        check(item["provider"] == provider, f"record provider {item['provider']!r} != {provider!r}")
        check(item["model"] == model, f"record model {item['model']!r} != {model!r}")
        check(item["prompt"] == prompt, f"record prompt {item['prompt']!r} != {prompt!r}")
        path = item["path"]
        check(os.path.isfile(path), f"the saved image {path} does not exist")
        check(os.path.realpath(path).startswith(library + os.sep),
              f"the image {path} is not in the gallery folder {library}")
        check(sha256_file(path) == item["sha256"], f"sha256 of {path} does not match its record")
        kind = image_kind(path)
        check(kind is not None, f"{path} is not a PNG/JPEG/WebP file")
        if fmt is not None:
            check(kind == fmt, f"{path} is {kind}, expected {fmt}")
        base = os.path.basename(path)
        m = pattern.match(base)
        check(m,
              f"file name {base!r} does not follow YYYY-MM-DD_HH-MM-SS_<model>_<seed>[_<n>].<ext>")
        check(m.group(1) == str(item["seed"]),
              f"file name {base!r} does not carry the seed {item['seed']}")
        if seed is not None:
            check(item["seed"] == seed, f"record seed {item['seed']!r} != {seed}")
        if width is not None:
            check(item["width"] == width and item["height"] == height,
                  f"record size {item['width']}x{item['height']} != {width}x{height}")
        if served:
            check(item["sha256"] in served_shas,
                  "the saved bytes are not the bytes the provider served (re-encoded?)")
        sidecar = item["sidecar"]
        check(os.path.isfile(sidecar), f"the sidecar {sidecar} does not exist")
        check(os.path.splitext(sidecar)[0] == os.path.splitext(path)[0]
              and sidecar.endswith(".json"),
              f"sidecar {sidecar} does not share the image's stem")
        with open(sidecar) as f:
            try:
                record = json.load(f)
            except ValueError as e:
                raise Failure(f"the sidecar {sidecar} is not JSON: {e}")
        check(has_value(record, prompt), "the sidecar does not hold the prompt")
        check(has_value(record, item["sha256"]), "the sidecar does not hold the image's sha256")
        check(has_value(record, provider), "the sidecar does not name the provider")
        check(has_value(record, model), "the sidecar does not name the model")
    paths = [r["path"] for r in records]
    check(len(set(paths)) == len(paths), "two records name the same file")
    check(len(world.gallery_images()) == count,
          f"the gallery holds {len(world.gallery_images())} image(s), expected {count}")
    return records


def expect_sidecar_params(item, body, skip=("prompt", "model")):
    """Every parameter that went on the wire is recorded in the sidecar."""
    with open(item["sidecar"]) as f:
        sidecar = json.load(f)

    def recorded(key, value):
        if has_member(sidecar, key, value):
            return True
        # An OpenAI-style "size" may be recorded as the width and height it carries.
        m = re.fullmatch(r"(\d+)x(\d+)", str(value)) if key == "size" else None
        return bool(m) and has_member(sidecar, "width", int(m.group(1))) \
            and has_member(sidecar, "height", int(m.group(2)))

    missing = [k for k, v in body.items()
               if k not in skip and not k.startswith("input_image") and not recorded(k, v)]
    check(not missing, f"the sidecar does not record the parameters sent: {missing}")


def expect_nothing_saved(world):
    images = world.gallery_images()
    check(not images, f"a failed generation left images in the gallery: {images}")


def expect_error_line(world, run, status, counter):
    """The error names the HTTP status and the request id the API gave."""
    calls = world.calls(counter, role="api")
    check(calls, f"no {counter} request reached the fake")
    text = run.stderr
    check(re.search(rf"\b{status}\b", text), f"stderr does not mention HTTP {status}")
    request_id = calls[-1].get("request_id")
    if request_id:
        check(request_id in text, f"stderr does not mention the request id {request_id}")


def expect_attempts(world, counter, n):
    calls = world.calls(counter, role="api")
    check(len(calls) == n, f"expected {n} attempt(s) of {counter}, the fake saw {len(calls)}")
    return calls


def expect_no_requests(world):
    entries = world.log()
    check(not entries, f"nothing should have been sent, the fake saw {len(entries)} request(s): "
          + ", ".join(f"{e['method']} {e['path']}" for e in entries[:5]))


def expect_retry_after_honoured(calls, seconds=1.0):
    for a, b in zip(calls, calls[1:]):
        gap = b["time"] - a["time"]
        check(gap >= seconds - 0.1,
              f"retried after {gap:.2f} s, sooner than Retry-After: {seconds:g}")


def polls(world, task_id=None):
    return [e for e in world.log()
            if e["role"] == "poll" and e["path"] == "/v1/get_result"
            and (task_id is None or e.get("task_id") == task_id)]


def bfl_submit(world, model="flux-2-pro"):
    calls = world.calls(f"bfl:{model}", role="api")
    check(calls, f"no POST /v1/{model} reached the fake")
    return calls


def bfl_generate(world, prompt, *extra, model="flux-2-pro", env=None):
    return world.generate("bfl", model, prompt, *extra, base=world.urls["bfl"], env=env)


def apiyi_generate(world, prompt, *extra, model="flux-2-pro", env=None):
    return world.generate("apiyi", model, prompt, *extra, base=world.urls["apiyi"], env=env)


def monica_generate(world, prompt, *extra, model="flux_dev", env=None):
    return world.generate("monica", model, prompt, *extra, base=world.urls["monica"], env=env)


# --------------------------------------------------------------------------
# Happy paths
# --------------------------------------------------------------------------

@case("bfl-happy")
def bfl_happy(w):
    w.start_fake()
    prompt = "a red fox in snow, #d2691e fake:ok"
    run = bfl_generate(w, prompt, "--width", "1024", "--height", "768", "--seed", "42",
                       "--output-format", "png")
    expect_exit(run, 0)
    expect_progress(run)
    check(re.search(r"\b10\s?%", run.stderr) and re.search(r"\b50\s?%", run.stderr),
          "stderr does not show the Pending progress (10 %, 50 %)")
    [item] = expect_saved(w, run, "bfl", "flux-2-pro", prompt, fmt="png", seed=42,
                          width=1024, height=768)
    [submit] = bfl_submit(w)
    body = submit.get("json") or {}
    check(body.get("prompt") == prompt, "the BFL body does not carry the prompt verbatim")
    check(body.get("width") == 1024 and body.get("height") == 768,
          f"BFL width/height wrong: {body}")
    check(body.get("seed") == 42 and body.get("output_format") == "png",
          f"BFL seed/format wrong: {body}")
    check("model" not in body, "BFL takes the model in the path, not the body")
    expect_sidecar_params(item, body)
    task = submit["task_id"]
    task_polls = polls(w, task)
    check(len(task_polls) == 3,
          f"expected 3 polls (Pending, Pending, Ready), saw {len(task_polls)}")
    check(all(p["host"] == w.urls["poll"].split("//")[1] for p in task_polls),
          "polls did not go to the polling_url's host")
    check(all(p["query"] == f"id={task}" for p in task_polls),
          "the polling_url was not used verbatim")
    downloads = [e for e in w.log() if e.get("served_sha256")]
    check(len(downloads) == 1 and downloads[0]["role"] == "delivery",
          "expected one delivery download")
    order = [submit["seq"]] + [p["seq"] for p in task_polls] + [downloads[0]["seq"]]
    check(order == sorted(order), "submit, polls and download happened out of order")
    check(item["request_id"] in (task, submit["request_id"]),
          f"record request_id {item['request_id']!r} is neither the task id nor x-request-id")
    check(isinstance(item["cost"], (int, float)) and item["cost"] > 0,
          f"BFL reported a cost, the record has {item['cost']!r}")


def generate_with_refs(w, generate, provider, prompt):
    """A flux-2-pro image made with eight reference files: their sha256,
    in order, and the saved record."""
    w.start_fake()
    refs = w.make_refs(8)
    shas = [sha256_file(r) for r in refs]
    run = generate(w, prompt, *[a for r in refs for a in ("--ref", r)])
    expect_exit(run, 0)
    [item] = expect_saved(w, run, provider, "flux-2-pro", prompt)
    return shas, item


def expect_sidecar_references(item, shas):
    with open(item["sidecar"]) as f:
        sidecar = json.load(f)
    check(has_sublist(sidecar, shas), "the sidecar does not list the references' sha256 in order")


@case("bfl-references")
def bfl_references(w):
    shas, item = generate_with_refs(w, bfl_generate, "bfl", "combine image 1 to image 8 fake:ok")
    [submit] = bfl_submit(w)
    images = submit.get("images") or []
    fields = [i["field"] for i in images]
    expected = ["input_image"] + [f"input_image_{n}" for n in range(2, 9)]
    check(fields == expected, f"BFL reference fields {fields} != {expected}")
    check([i.get("sha256") for i in images] == shas,
          "BFL references are not the reference files' bytes in tray order")
    expect_sidecar_references(item, shas)


@case("bfl-kontext-aspect-ratio")
def bfl_kontext(w):
    w.start_fake()
    prompt = "a poster, wide fake:ok"
    run = bfl_generate(w, prompt, "--aspect-ratio", "16:9", "--seed", "5", model="flux-kontext-pro")
    expect_exit(run, 0)
    expect_saved(w, run, "bfl", "flux-kontext-pro", prompt, seed=5)
    [submit] = bfl_submit(w, "flux-kontext-pro")
    body = submit.get("json") or {}
    check(body.get("aspect_ratio") == "16:9", f"Kontext body lacks aspect_ratio 16:9: {body}")
    check("width" not in body and "height" not in body,
          "Kontext takes aspect_ratio, not width/height")


@case("apiyi-generations")
def apiyi_generations(w):
    w.start_fake()
    prompt = "a cinematic city at dusk, #ff0088 fake:ok"
    run = apiyi_generate(w, prompt, "--size", "1024x1024", "--seed", "7")
    expect_exit(run, 0)
    expect_progress(run, ("queued", "submitted", "downloading", "saved"))
    [item] = expect_saved(w, run, "apiyi", "flux-2-pro", prompt, seed=7, width=1024, height=1024)
    [call] = expect_attempts(w, "openai:generations", 1)
    check(call["content_type"] == "application/json", "generations must be JSON")
    body = call.get("json") or {}
    check(body.get("model") == "flux-2-pro" and body.get("prompt") == prompt,
          f"generations body lacks model/prompt: {body}")
    check(body.get("seed") == 7, f"generations body lacks the seed: {body}")
    expect_sidecar_params(item, body)
    check(item["request_id"] == call["request_id"],
          f"record request_id {item['request_id']!r} != x-request-id {call['request_id']!r}")


@case("apiyi-edits-8-refs")
def apiyi_edits(w):
    prompt = "the person from image 1 in the scene of image 2 fake:ok"
    shas, item = generate_with_refs(w, apiyi_generate, "apiyi", prompt)
    [call] = expect_attempts(w, "openai:edits", 1)
    check(call["content_type"] == "multipart/form-data", "edits must be multipart/form-data")
    parts = [p for p in call.get("multipart", []) if p["name"] in ("image", "image[]")]
    check([p["name"] for p in parts] == ["image[]"] * 8,
          f"expected 8 image[] parts, got {[p['name'] for p in parts]}")
    check([p["sha256"] for p in parts] == shas,
          "the image[] parts are not the reference files' bytes in tray order")
    check(all((p.get("content_type") or "").startswith("image/") for p in parts),
          "image[] parts lack an image/* content type")
    form = call.get("form") or {}
    check(form.get("model") == "flux-2-pro" and form.get("prompt") == prompt,
          f"edits form lacks model/prompt: {form}")
    expect_sidecar_references(item, shas)


@case("openai-compatible-b64")
def openai_b64(w):
    w.start_fake()
    prompt = "a self-hosted klein render fake:b64"
    run = w.generate("openai-compatible", "flux-2-klein-4b", prompt, "--seed", "3",
                     base=w.urls["openai"])
    expect_exit(run, 0)
    expect_saved(w, run, "openai-compatible", "flux-2-klein-4b", prompt, seed=3)
    expect_attempts(w, "openai:generations", 1)
    check(not [e for e in w.log() if e["role"] == "delivery"],
          "a b64_json result needs no download")


@case("monica-4-images")
def monica_four(w):
    w.start_fake()
    prompt = "four variations of a teapot fake:ok"
    run = monica_generate(w, prompt, "--num-outputs", "4", "--size", "1024x1024", "--seed", "9")
    expect_exit(run, 0)
    records = expect_saved(w, run, "monica", "flux_dev", prompt, count=4, seed=9)
    [call] = expect_attempts(w, "monica", 1)
    body = call.get("json") or {}
    check(body.get("model") == "flux_dev" and body.get("num_outputs") == 4
          and body.get("size") == "1024x1024", f"Monica body wrong: {body}")
    downloads = [e for e in w.log() if e["role"] == "delivery" and e.get("served_sha256")]
    check(len(downloads) == 4, f"expected 4 downloads, saw {len(downloads)}")
    check(len({r["sha256"] for r in records}) == 4, "the four images are not four distinct files")
    pattern = name_pattern("flux_dev")
    suffixes = sorted(pattern.match(os.path.basename(r["path"])).group(2) or "" for r in records)
    check(set(["1", "2", "3"]) <= set(suffixes) and len(set(suffixes)) == 4,
          f"the four files do not carry _1 _2 _3 suffixes: {suffixes}")


@case("sandbox-offline")
def sandbox_offline(w):
    prompt = "a cup of tea, #02eb3c"
    run = w.generate("sandbox", "flux-2-pro", prompt, keys=())
    expect_exit(run, 0)
    [item] = expect_saved(w, run, "sandbox", "flux-2-pro", prompt, served=False)
    with open(item["sidecar"]) as f:
        check("#02eb3c" in f.read(), "the hex colour was lost from the prompt")


@case("sandbox-default-provider")
def sandbox_default(w):
    prompt = "no key configured, so the sandbox answers"
    run = w.generate(None, "flux-2-pro", prompt, keys=())
    expect_exit(run, 0)
    [item] = expect_saved(w, run, "sandbox", "flux-2-pro", prompt, served=False)


@case("prompt-from-stdin")
def prompt_stdin(w):
    prompt = "a lighthouse read from stdin, #123abc"
    run = w.generate("sandbox", "flux-2-pro", "-", keys=(), stdin=prompt + "\n")
    expect_exit(run, 0)
    records = run.records()
    check(len(records) == 1 and records[0]["prompt"].strip() == prompt,
          f"the prompt from stdin was not used: {records}")


# --------------------------------------------------------------------------
# Invalid input: exit 2, nothing sent
# --------------------------------------------------------------------------

@case("invalid-width")
def invalid_width(w):
    w.start_fake()
    run = bfl_generate(w, "width 1000 is off the grid", "--width", "1000", "--height", "1024")
    expect_exit(run, 2)
    check("1000" in run.stderr and "16" in run.stderr,
          "the error does not say 1000 is not a multiple of 16")
    expect_no_requests(w)
    expect_nothing_saved(w)


@case("invalid-too-many-refs")
def invalid_refs(w):
    w.start_fake()
    refs = w.make_refs(9)
    run = bfl_generate(w, "nine references", *[a for r in refs for a in ("--ref", r)])
    expect_exit(run, 2)
    check("8" in run.stderr, "the error does not name the limit of 8 references")
    expect_no_requests(w)
    # The control: eight of the same references are fine.
    eight = [a for r in refs[:8] for a in ("--ref", r)]
    expect_exit(bfl_generate(w, "eight references", *eight), 0)


@case("invalid-monica-size")
def invalid_monica_size(w):
    w.start_fake()
    run = monica_generate(w, "a size Monica does not offer", "--size", "1000x1000")
    expect_exit(run, 2)
    check("1024x1024" in run.stderr, "the error does not list the sizes Monica offers")
    expect_no_requests(w)
    # The control: one of Monica's own sizes goes through.
    expect_exit(monica_generate(w, "a size Monica offers", "--size", "768x1344"), 0)
    [call] = expect_attempts(w, "monica", 1)
    check((call.get("json") or {}).get("size") == "768x1344",
          "Monica did not get the size asked for")


def expect_refused(world, run, *words):
    """Exit 2 with a message naming what is wrong, nothing sent or saved."""
    expect_exit(run, 2)
    for word in words:
        check(word in run.stderr, f"the error does not say {word!r}")
    # The core's warnings reach the terminal as "flux-studio-cli: warning:".
    check("CRITICAL" not in run.stderr and "WARNING" not in run.stderr
          and "warning:" not in run.stderr,
          "the refusal came with a critical or a warning")
    expect_no_requests(world)
    expect_nothing_saved(world)


@case("ref-not-a-file")
def ref_not_a_file(w):
    # /dev/zero used to exhaust memory and a FIFO to hang for ever.
    w.start_fake()
    fifo = os.path.join(w.dirs["refs"], "pipe.png")
    os.mkfifo(fifo)
    cases = (("/dev/zero", "is not a regular file"), (fifo, "is not a regular file"),
             (w.dirs["refs"], "is a folder"))
    for path, words in cases:
        run = w.generate("bfl", "flux-2-pro", "a reference that is not a file",
                         "--ref", path, base=w.urls["bfl"], timeout=20)
        expect_refused(w, run, "Reference image 1", words)


@case("prompt-stdin-endless")
def prompt_stdin_endless(w):
    # `yes | flux-studio-cli generate … -` used to abort allocating 4 GiB.
    w.start_fake()
    source = subprocess.Popen(["yes"], stdout=subprocess.PIPE)
    try:
        run = w.generate("bfl", "flux-2-pro", "-", base=w.urls["bfl"], stdin=source.stdout,
                         timeout=30)
    finally:
        source.kill()
        source.wait()
        source.stdout.close()
    expect_refused(w, run, "longer than 1.0")


@case("prompt-too-long")
def prompt_too_long(w):
    w.start_fake()
    run = w.generate("bfl", "flux-2-pro", "-", base=w.urls["bfl"],
                     stdin="a" * (1024 * 1024 + 1))
    expect_refused(w, run, "longer than 1.0")
    # The control: a long prompt within the limit is read whole.
    prompt = "b" * 5000
    run = w.generate("sandbox", "flux-2-pro", "-", keys=(), stdin=prompt + "\n")
    expect_exit(run, 0)
    check(run.records()[0]["prompt"] == prompt, "the long prompt was not read whole")


@case("prompt-not-utf8")
def prompt_not_utf8(w):
    # Used to print a CRITICAL and then the wrong "Prompt is empty".
    w.start_fake()
    argument = os.fsdecode(b"a caf\xe9 in Latin-1")
    run = w.generate("bfl", "flux-2-pro", argument, base=w.urls["bfl"])
    expect_refused(w, run, "not UTF-8", "byte 5")
    check("Prompt is empty" not in run.stderr, "the wrong message is still given")
    run = w.generate("bfl", "flux-2-pro", "-", base=w.urls["bfl"],
                     stdin=b"a caf\xe9 on stdin")
    expect_refused(w, run, "not UTF-8", "byte 5")
    run = w.generate("bfl", "flux-2-pro", "-", base=w.urls["bfl"], stdin=b"nul\0byte")
    expect_refused(w, run, "not UTF-8", "byte 3")


@case("library-not-usable")
def library_not_usable(w):
    # Used to exit 4 after trying.
    w.start_fake()
    a_file = os.path.join(w.root, "not-a-folder")
    with open(a_file, "w") as f:
        f.write("a file\n")
    folders = [(a_file, "is a file, not a folder"), ("/proc/1", "cannot be written")]
    if os.geteuid() != 0:
        locked = os.path.join(w.root, "locked")
        os.mkdir(locked, 0o555)
        folders.append((locked, "cannot be written"))
    for folder, words in folders:
        run = w.run("generate", "--provider", "bfl", "--base-url", w.urls["bfl"],
                    "--model", "flux-2-pro", "--library", folder, "a fox", keys=("bfl",))
        expect_refused(w, run, words, "--library")
    run = w.run("list", "--library", a_file)
    expect_exit(run, 2)
    check("is a file, not a folder" in run.stderr, "list does not say the folder is a file")


@case("missing-key")
def missing_key(w):
    w.start_fake()
    run = w.generate("bfl", "flux-2-pro", "no key anywhere", base=w.urls["bfl"], keys=())
    expect_exit(run, 2)
    check("BFL_API_KEY" in run.stderr or "key" in run.stderr.lower(),
          "the error does not mention the missing key")
    expect_no_requests(w)


@case("insecure-base-url")
def insecure_base_url(w):
    # A .invalid host never resolves: a CLI that wrongly went ahead would
    # fail on DNS instead of sending anything anywhere.
    run = w.generate("apiyi", "flux-2-pro", "plain http to a remote host",
                     base="http://flux-studio-test.invalid/v1")
    expect_exit(run, 2)
    check("https" in run.stderr, "the error does not ask for https://")


# --------------------------------------------------------------------------
# Refused by the provider: exit 3, never retried
# --------------------------------------------------------------------------

class HttpFailure:
    """A generation the provider answers with an HTTP error, refused (exit 3)
    or failed after its retries (exit 4): how many attempts reached `call`,
    the error line naming `status`, what stderr says (one of `says`) and
    must not show (any of `hides`, in lower case), and nothing saved."""

    def __init__(self, generate, prompt, exit_status, call, attempts, status,
                 says=(), says_why="the provider's message is not shown",
                 hides=(), hides_why=None, retry_after=False):
        self.generate, self.prompt, self.exit_status = generate, prompt, exit_status
        self.call, self.attempts, self.status = call, attempts, status
        self.says, self.says_why = says, says_why
        self.hides, self.hides_why = hides, hides_why
        self.retry_after = retry_after

    def __call__(self, w):
        w.start_fake()
        run = self.generate(w, self.prompt)
        expect_exit(run, self.exit_status)
        calls = expect_attempts(w, self.call, self.attempts)
        if self.retry_after:
            expect_retry_after_honoured(calls)
        expect_error_line(w, run, self.status, self.call)
        if self.says:
            check(any(s in run.stderr for s in self.says), self.says_why)
        if self.hides:
            check(not any(s in run.stderr.lower() for s in self.hides), self.hides_why)
        expect_nothing_saved(w)


for _name, _failure in {
    "apiyi-401": HttpFailure(apiyi_generate, "bad token fake:401", 3,
                             "openai:generations", 1, 401, says=("Invalid token",)),
    "bfl-402": HttpFailure(bfl_generate, "no credits fake:402", 3,
                           "bfl:flux-2-pro", 1, 402, says=("Insufficient credits",)),
    "bfl-403": HttpFailure(bfl_generate, "forbidden fake:403", 3,
                           "bfl:flux-2-pro", 1, 403),
    "bfl-422": HttpFailure(bfl_generate, "validation error fake:422", 3,
                           "bfl:flux-2-pro", 1, 422, says=("multiple of 16",),
                           says_why="the provider's validation message is not shown"),
    "apiyi-422-moderation": HttpFailure(apiyi_generate, "blocked by the filter fake:422", 3,
                                        "openai:generations", 1, 422, says=("Safety Filter",),
                                        says_why="the moderation reason is not shown"),
    "apiyi-status-code-400": HttpFailure(apiyi_generate, "gateway moderation fake:status-code", 3,
                                         "openai:generations", 1, 400,
                                         says=("safety system", "moderation_blocked")),
}.items():
    case(_name)(_failure)


class TerminalPoll:
    """A BFL task that a poll answers with a status that ends it: the exit
    status (or one of a tuple of them), the reason on stderr (`says`, a
    regular expression, searched in lower case with `lower`), how many polls
    were made, and nothing saved; with `attempts`, exactly one submit."""

    def __init__(self, prompt, exit_status, says, says_why, n_polls, polls_why,
                 lower=False, attempts=False):
        self.prompt, self.exit_status = prompt, exit_status
        self.says, self.says_why, self.lower = says, says_why, lower
        self.n_polls, self.polls_why, self.attempts = n_polls, polls_why, attempts

    def __call__(self, w):
        w.start_fake()
        run = bfl_generate(w, self.prompt)
        if isinstance(self.exit_status, tuple):
            check(run.code in self.exit_status,
                  f"expected exit status {' or '.join(map(str, self.exit_status))}, "
                  f"got {run.code}")
        else:
            expect_exit(run, self.exit_status)
        if self.attempts:
            expect_attempts(w, "bfl:flux-2-pro", 1)
        check(re.search(self.says, run.stderr.lower() if self.lower else run.stderr),
              self.says_why)
        check(len(polls(w)) == self.n_polls, self.polls_why)
        expect_nothing_saved(w)


for _name, _poll in {
    "bfl-moderated-request": TerminalPoll("flagged before processing fake:moderated-request", 3,
                                          "Safety Filter", "the moderation reason is not shown",
                                          1, "a terminal status must end polling at once",
                                          attempts=True),
    "bfl-moderated-content": TerminalPoll("flagged after processing fake:moderated-content", 3,
                                          "Safety Filter", "the moderation reason is not shown",
                                          2, "a terminal status must end polling at once"),
}.items():
    case(_name)(_poll)


# --------------------------------------------------------------------------
# Failed after retries: exit 4
# --------------------------------------------------------------------------

for _name, _failure in {
    "bfl-429-always": HttpFailure(bfl_generate, "always rate limited fake:429-always", 4,
                                  "bfl:flux-2-pro", 3, 429, retry_after=True),
    "apiyi-502-always": HttpFailure(apiyi_generate, "bad gateway fake:502-always", 4,
                                    "openai:generations", 3, 502),
    "bfl-503-html": HttpFailure(bfl_generate, "a proxy answers fake:503-html", 4,
                                "bfl:flux-2-pro", 3, 503, hides=("<html", "<!doctype"),
                                hides_why="raw HTML from the proxy was dumped on the user"),
}.items():
    case(_name)(_failure)


@case("apiyi-truncated-json")
def apiyi_truncated(w):
    w.start_fake()
    run = apiyi_generate(w, "a cut-off body fake:truncated")
    expect_exit(run, 4)
    check(w.calls("openai:generations", role="api"), "nothing reached the fake")
    expect_nothing_saved(w)


@case("bfl-truncated-json")
def bfl_truncated(w):
    w.start_fake()
    run = bfl_generate(w, "a cut-off submit body fake:truncated")
    expect_exit(run, 4)
    bfl_submit(w)
    check(not polls(w), "nothing can be polled from a truncated submit response")
    expect_nothing_saved(w)


@case("bfl-slow-timeout")
def bfl_slow(w):
    w.start_fake(env={"FAKE_SLOW_SECONDS": "30"})
    run = bfl_generate(w, "an answer that never comes in time fake:slow")
    expect_exit(run, 4)
    check(run.elapsed >= 4.0, f"gave up after {run.elapsed:.1f} s, before the 5 s time limit")
    check(run.elapsed < 45, f"took {run.elapsed:.1f} s despite FLUX_STUDIO_TIMEOUT={TIMEOUT_CAP}")
    check(re.search(r"time|did not answer|within \d+ s", run.stderr.lower()),
          "the error does not say it timed out")
    expect_nothing_saved(w)


@case("bfl-expired-result")
def bfl_expired(w):
    w.start_fake()
    run = bfl_generate(w, "a result URL that died fake:expired")
    expect_exit(run, 4)
    check([e for e in w.log() if e["role"] == "delivery" and e["status"] == 404],
          "the expired result URL was never fetched")
    check("404" in run.stderr or "expire" in run.stderr.lower(),
          "the error does not say the URL expired")
    expect_nothing_saved(w)


@case("apiyi-expired-result")
def apiyi_expired(w):
    w.start_fake()
    run = apiyi_generate(w, "a gateway result URL that died fake:expired")
    expect_exit(run, 4)
    expect_attempts(w, "openai:generations", 1)
    expect_nothing_saved(w)


@case("bfl-not-image")
def bfl_not_image(w):
    w.start_fake()
    run = bfl_generate(w, "delivery answers with HTML fake:not-image")
    expect_exit(run, 4)
    check("image" in run.stderr.lower(), "the error does not say the download is not an image")
    expect_nothing_saved(w)


for _name, _poll in {
    "bfl-error-status": TerminalPoll("generation fails fake:error", 4,
                                     re.escape("Internal generation error (fake)"),
                                     "details.error is not shown",
                                     2, "Error is terminal: polling must stop", attempts=True),
    "bfl-task-not-found": TerminalPoll("the task vanished fake:task-not-found", 4,
                                       r"not found|no task",
                                       "the error does not say the task was not found",
                                       1, "Task not found is terminal: polling must stop",
                                       lower=True),
    "bfl-poll-422-body": TerminalPoll("a poll that answers 422 with a task fake:poll-422", (3, 4),
                                      "Invalid or corrupted image input",
                                      "the task body of a 422 poll was not parsed "
                                      "(details.error not shown)",
                                      1, "a 422 poll must not be retried"),
}.items():
    case(_name)(_poll)


# --------------------------------------------------------------------------
# Retried, then saved: exit 0
# --------------------------------------------------------------------------

class RetriedOnce:
    """A generation whose API call fails once and is retried: both attempts
    reach `call`, each met what `seen` says (the "status" or "action" of
    each), then the image is saved."""

    def __init__(self, generate, prompt, provider, model, call, seen=None, expected=None,
                 why=None, args=(), retry_after=False, says=None, says_why=None):
        self.generate, self.prompt, self.args = generate, prompt, args
        self.provider, self.model, self.call = provider, model, call
        self.seen, self.expected, self.why = seen, expected, why
        self.retry_after, self.says, self.says_why = retry_after, says, says_why

    def __call__(self, w):
        w.start_fake()
        run = self.generate(w, self.prompt, *self.args)
        expect_exit(run, 0)
        calls = expect_attempts(w, self.call, 2)
        if self.seen is not None:
            seen = [c[self.seen] for c in calls]
            check(seen == self.expected, self.why or f"attempt {self.seen}es {seen}")
        if self.retry_after:
            expect_retry_after_honoured(calls)
        if self.says is not None:
            check(self.says in run.stderr.lower(), self.says_why)
        expect_saved(w, run, self.provider, self.model, self.prompt)


for _name, _retried in {
    "bfl-429-once": RetriedOnce(bfl_generate, "rate limited once fake:429-once",
                                "bfl", "flux-2-pro", "bfl:flux-2-pro", "status", [429, 200],
                                retry_after=True, says="retry",
                                says_why="stderr does not say it is retrying"),
    "apiyi-500-once": RetriedOnce(apiyi_generate, "a server error once fake:500-once",
                                  "apiyi", "flux-2-pro", "openai:generations",
                                  "status", [500, 200]),
    "bfl-drop-once": RetriedOnce(bfl_generate, "the connection drops once fake:drop-once",
                                 "bfl", "flux-2-pro", "bfl:flux-2-pro", "action",
                                 ["drop", "reply"],
                                 why="expected a dropped then a served attempt"),
    "monica-drop-once": RetriedOnce(monica_generate,
                                    "the connection drops once on Monica fake:drop-once",
                                    "monica", "flux_dev", "monica",
                                    args=("--size", "1024x1024")),
}.items():
    case(_name)(_retried)


@case("bfl-poll-503-once")
def bfl_poll_503(w):
    w.start_fake()
    prompt = "the poll host is busy once fake:poll-503-once"
    run = bfl_generate(w, prompt)
    expect_exit(run, 0)
    expect_attempts(w, "bfl:flux-2-pro", 1)
    statuses = [p["status"] for p in polls(w)]
    check(statuses == [503, 200, 200, 200], f"poll statuses {statuses}, expected 503 then 3 × 200")
    expect_retry_after_honoured(polls(w)[:2])
    expect_saved(w, run, "bfl", "flux-2-pro", prompt)


def polls_then_saved(prompt, n_polls, polls_were):
    """A BFL task that needs `n_polls` polls, then is saved."""
    def run_case(w):
        w.start_fake()
        run = bfl_generate(w, prompt)
        expect_exit(run, 0)
        check(len(polls(w)) == n_polls, f"expected {polls_were}: {len(polls(w))} polls")
        expect_saved(w, run, "bfl", "flux-2-pro", prompt)
    return run_case


case("bfl-unknown-status")(polls_then_saved("new status words fake:unknown-status", 4,
                                            "Pending, Reasoning, Generating, Ready"))
# A poll answer nested 80,000 levels deep used to crash a paid job.
case("bfl-poll-deep-once")(polls_then_saved(
    "a first poll answer nested far too deep fake:poll-deep-once", 4,
    "the deep answer, then 3 polls"))


@case("redirect-download-no-key")
def redirect_download(w):
    w.start_fake()
    prompt = "a result that moved twice fake:redirect"
    run = bfl_generate(w, prompt)
    expect_exit(run, 0)
    [item] = expect_saved(w, run, "bfl", "flux-2-pro", prompt)
    chain = [e for e in w.log() if e["path"].startswith("/results/")]
    hops = [(e["role"], e["status"]) for e in chain]
    check(hops == [("delivery", 302), ("delivery", 302), ("api", 200)],
          f"redirect chain {[(e['role'], e['path'], e['status']) for e in chain]}")
    check(not any(e["has_key"] for e in chain), "a redirected download carried a key")
    check(item["sha256"] == chain[-1]["served_sha256"],
          "the saved bytes are not the final download")


# --------------------------------------------------------------------------
# models, list, credits
# --------------------------------------------------------------------------

@case("models")
def models(w):
    run = w.run("models", "--json")
    expect_exit(run, 0)
    data = run.json()
    check(isinstance(data, list) and data, "models --json is not a non-empty array")
    for m in data:
        for field in ("id", "name", "family", "providers"):
            check(field in m, f"model {m.get('id')!r} lacks {field}")
        check(isinstance(m["providers"], (list, dict)) and m["providers"],
              f"model {m['id']} has no providers list")
    ids = {m["id"] for m in data}
    for wanted in ("flux-2-pro", "flux-2-max", "flux-2-flex", "flux-kontext-pro", "flux_dev"):
        check(wanted in ids, f"models lacks {wanted}")
    pro = next(m for m in data if m["id"] == "flux-2-pro")
    check({"bfl", "apiyi"} <= set(pro["providers"]),
          f"flux-2-pro providers: {list(pro['providers'])}")
    bfl = w.run("models", "--provider", "bfl", "--json")
    expect_exit(bfl, 0)
    bfl_ids = {m["id"] for m in bfl.json()}
    check("flux-2-pro" in bfl_ids and "flux_dev" not in bfl_ids,
          f"models --provider bfl: {sorted(bfl_ids)}")
    human = w.run("models")
    expect_exit(human, 0)
    check("flux-2-pro" in human.stdout, "plain `models` does not list flux-2-pro")


@case("models-monica")
def models_monica(w):
    run = w.run("models", "--provider", "monica", "--json")
    expect_exit(run, 0)
    ids = sorted(m["id"] for m in run.json())
    check(ids == ["flux_dev", "flux_pro", "flux_schnell"], f"models --provider monica: {ids}")


def nested_json(depth):
    return "[" * depth + "]" * depth


@case("models-deep-user-file")
def models_deep_user_file(w):
    # A user models.json nested 80,000 levels deep used to crash `models`.
    folder = os.path.join(w.dirs["config"], "flux-studio")
    os.makedirs(folder)
    with open(os.path.join(folder, "models.json"), "w") as f:
        f.write('{"models": ' + nested_json(80000) + "}")
    run = w.run("models", "--json")
    expect_exit(run, 0)
    check("flux-2-pro" in {m["id"] for m in run.json()}, "the built-in catalog is gone")
    check("models.json" in run.stderr and "nested more than 64" in run.stderr,
          "the warning does not name the file and say what is wrong")


@case("list-deep-sidecar")
def list_deep_sidecar(w):
    # One sidecar nested 80,000 levels deep used to crash `list`.
    for prompt in ("a blue heron at dawn", "a copper kettle on a stove"):
        expect_exit(w.generate("sandbox", "flux-2-pro", prompt, keys=()), 0)
    shutil.rmtree(os.path.join(w.library, ".flux-studio"))
    image = w.gallery_images()[0]
    shutil.copy(image, os.path.join(w.library, "deep.png"))
    with open(os.path.join(w.library, "deep.json"), "w") as f:
        f.write('{"prompt": "deep", "image": {"file": "deep.png"}, "x": '
                + nested_json(80000) + "}")
    run = w.run("list", "--library", w.library, "--json")
    expect_exit(run, 0)
    prompts = sorted(r["prompt"] for r in run.json())
    check(prompts == ["a blue heron at dawn", "a copper kettle on a stove"],
          f"list did not show the two good images: {prompts}")
    check("deep.json" in run.stderr and "nested more than 64" in run.stderr,
          "the skipped sidecar is not reported")


@case("list-damaged")
def list_damaged(w):
    # A record whose image is gone, empty or altered is listed as damaged,
    # with the reason, never as a good record; the others are listed too.
    prompts = ("intact", "deleted", "emptied", "altered")
    paths = {}
    for prompt in prompts:
        run = w.generate("sandbox", "flux-2-pro", prompt, keys=())
        expect_exit(run, 0)
        paths[prompt] = run.records()[0]["path"]
    os.unlink(paths["deleted"])
    open(paths["emptied"], "wb").close()
    with open(paths["altered"], "r+b") as f:
        data = bytearray(f.read())
        data[len(data) // 2] ^= 0xFF
        f.seek(0)
        f.write(data)
    expected = {"intact": None, "deleted": "missing", "emptied": "empty",
                "altered": "sha256-mismatch"}

    for attempt in ("with the index", "rebuilt from the sidecars"):
        run = w.run("list", "--library", w.library, "--json")
        expect_exit(run, 0)
        found = {r["prompt"]: r.get("damaged", "absent") for r in run.json()}
        check(found == expected, f"list --json {attempt}: {found}")
        for prompt, reason in expected.items():
            warned = f"{paths[prompt]} is damaged" in run.stderr
            check(warned == (reason is not None),
                  f"{attempt}: the warning for {prompt!r} is {'missing' if reason else 'wrong'}")
        shutil.rmtree(os.path.join(w.library, ".flux-studio"))

    plain = w.run("list", "--library", w.library)
    expect_exit(plain, 0)
    check("[damaged: sha256-mismatch]" in plain.stdout and "[damaged: missing]" in plain.stdout,
          "plain list does not mark the damaged records")


@case("list-search")
def list_search(w):
    for prompt in ("a blue heron at dawn, #1e90ff", "a copper kettle on a stove"):
        expect_exit(w.generate("sandbox", "flux-2-pro", prompt, keys=()), 0)
    run = w.run("list", "--search", "heron", "--library", w.library, "--json")
    expect_exit(run, 0)
    found = run.json()
    check(isinstance(found, list) and len(found) == 1, f"list --search heron found {found!r}")
    check(has_value(found[0], "a blue heron at dawn, #1e90ff"),
          "the listed record lacks the prompt")
    none = w.run("list", "--search", "zeppelin", "--library", w.library, "--json")
    expect_exit(none, 0)
    check(none.json() == [], f"list --search zeppelin should be empty: {none.stdout[:200]!r}")
    everything = w.run("list", "--library", w.library, "--json")
    expect_exit(everything, 0)
    check(len(everything.json()) == 2, "list without --search should show both images")


# --------------------------------------------------------------------------
# The archive: search, marks and collections (docs/ARCHITECTURE.md,
# "Sidecar", "Queries", "Collections")
# --------------------------------------------------------------------------

def sandbox_image(w, prompt, *extra):
    run = w.generate("sandbox", "flux-2-pro", prompt, *extra, keys=())
    expect_exit(run, 0)
    return run.records()[0]


def lib_run(w, *args):
    return w.run(*args, "--library", w.library)


def listed(w, *args):
    run = lib_run(w, "list", "--json", *args)
    expect_exit(run, 0)
    return run.json()


def read_sidecar(record):
    with open(record["sidecar"]) as f:
        return json.load(f)


@case("list-search-words")
def list_search_words(w):
    # Words from their start, whatever the case and accents; the colours
    # asked for and the seed are words too; user text is never syntax.
    sandbox_image(w, "Crème brûlée on a plate, #02EB3C", "--seed", "123456789")
    sandbox_image(w, "A STREET IN TOKYO", "--seed", "42")
    cases = {
        "creme": 1, "CRÈME BRUL": 1, "tok": 1, "okyo": 0, "#02eb": 1, "02eb3c": 1,
        "12345": 1, "flux-2": 2, "sand": 2, "street plate": 0, '"': 2, "fox AND": 0,
        "NEAR(a b)": 0, "prompt:tokyo": 0, "' OR 1=1 --": 0, "*": 2,
    }
    for text, count in cases.items():
        found = listed(w, "--search", text)
        check(len(found) == count, f"list --search {text!r} found {len(found)}, not {count}")


@case("rate-star-collections")
def rate_star_collections(w):
    fox = sandbox_image(w, "a red fox", "--seed", "1")
    cat = sandbox_image(w, "a blue cat", "--seed", "2")
    owl = sandbox_image(w, "a green owl", "--seed", "3")

    # IMAGE by the start of its sha256, by path, or by its name in the gallery.
    run = lib_run(w, "rate", "--stars", "4", fox["sha256"][:8], cat["path"])
    expect_exit(run, 0)
    check(run.stdout.split() == [fox["path"], cat["path"]], f"rate printed {run.stdout!r}")
    run = lib_run(w, "star", os.path.basename(fox["path"]), "--json")
    expect_exit(run, 0)
    check(run.json()[0]["favourite"] is True and run.json()[0]["rating"] == 4,
          f"star --json printed {run.stdout[:300]!r}")
    expect_exit(lib_run(w, "collection", "add", "Brand", fox["path"], owl["sha256"][:10]), 0)
    expect_exit(lib_run(w, "collection", "add", "Animals", fox["path"]), 0)

    # The sidecars are the source of truth; the format is versioned.
    side = read_sidecar(fox)
    check(side.get("format") == 3, f"the sidecar's format is {side.get('format')!r}")
    check(side.get("rating") == 4 and side.get("favourite") is True,
          f"the sidecar's marks: {side.get('rating')!r} {side.get('favourite')!r}")
    check(side.get("collections") == ["Animals", "Brand"],
          f"the sidecar's collections: {side.get('collections')!r}")

    records = {r["prompt"]: r for r in listed(w)}
    check(records["a red fox"]["collections"] == ["Animals", "Brand"]
          and records["a red fox"]["favourite"] is True
          and records["a red fox"]["rating"] == 4, f"list --json: {records['a red fox']!r}")
    check(records["a green owl"]["collections"] == ["Brand"]
          and records["a green owl"]["rating"] == 0
          and records["a green owl"]["favourite"] is False, f"list --json: {records['a green owl']!r}")

    def prompts(*args):
        return [r["prompt"] for r in listed(w, *args)]

    check(prompts("--favourite") == ["a red fox"], f"--favourite: {prompts('--favourite')}")
    check(sorted(prompts("--rating-min", "3")) == ["a blue cat", "a red fox"],
          f"--rating-min 3: {prompts('--rating-min', '3')}")
    check(sorted(prompts("--collection", "Brand")) == ["a green owl", "a red fox"],
          f"--collection Brand: {prompts('--collection', 'Brand')}")
    check(prompts("--collection", "Brand", "--favourite", "--rating-min", "4",
                  "--search", "fox") == ["a red fox"], "every filter at once")
    check(prompts("--sort", "oldest") == ["a red fox", "a blue cat", "a green owl"],
          f"--sort oldest: {prompts('--sort', 'oldest')}")
    check(prompts("--sort", "rating")[2] == "a green owl", "--sort rating")

    plain = lib_run(w, "list")
    expect_exit(plain, 0)
    fox_line = next(line for line in plain.stdout.splitlines() if "a red fox" in line)
    check("[favourite]" in fox_line and "[rating: 4]" in fox_line, f"plain list: {fox_line!r}")

    # A rebuilt index knows all of it again, from the sidecars.
    shutil.rmtree(os.path.join(w.library, ".flux-studio"))
    check(sorted(prompts("--collection", "Brand")) == ["a green owl", "a red fox"],
          "the collections after a rebuild")
    check(prompts("--favourite") == ["a red fox"], "the favourites after a rebuild")

    expect_exit(lib_run(w, "unstar", fox["path"]), 0)
    check(prompts("--favourite") == [], "unstar left a favourite")
    expect_exit(lib_run(w, "rate", "--stars", "0", fox["path"]), 0)
    check(read_sidecar(fox).get("rating") == 0, "--stars 0 did not clear the rating")


@case("collection-commands")
def collection_commands(w):
    fox = sandbox_image(w, "a red fox", "--seed", "1")
    cat = sandbox_image(w, "a blue cat", "--seed", "2")

    def collections():
        run = lib_run(w, "collection", "list", "--json")
        expect_exit(run, 0)
        return [(c["name"], c["count"]) for c in run.json()]

    expect_exit(lib_run(w, "collection", "create", "Empty board"), 0)
    expect_exit(lib_run(w, "collection", "add", "Brand", fox["path"], cat["path"]), 0)
    check(collections() == [("Brand", 2), ("Empty board", 0)], f"list: {collections()}")
    plain = lib_run(w, "collection", "list")
    expect_exit(plain, 0)
    check(re.search(r"^\s*2\s+Brand$", plain.stdout, re.M), f"plain list: {plain.stdout!r}")

    expect_exit(lib_run(w, "collection", "rename", "Brand", "Client X"), 0)
    check(collections() == [("Client X", 2), ("Empty board", 0)], f"renamed: {collections()}")
    check(read_sidecar(cat).get("collections") == ["Client X"], "the sidecar was not renamed in")

    expect_exit(lib_run(w, "collection", "remove", "Client X", cat["path"]), 0)
    check(collections() == [("Client X", 1), ("Empty board", 0)], f"removed: {collections()}")

    # Deleting a collection never deletes its images.
    expect_exit(lib_run(w, "collection", "delete", "Client X"), 0)
    check(collections() == [("Empty board", 0)], f"deleted: {collections()}")
    check(os.path.exists(fox["path"]) and "collections" in read_sidecar(fox)
          and read_sidecar(fox)["collections"] == [], "the image or its sidecar went wrong")

    # Mistakes: exit 2, with a message, and nothing changes.
    for args, words in [
        (("collection", "create", "Empty board"), "already"),
        (("collection", "create", "  "), "name"),
        (("collection", "rename", "Nowhere", "Somewhere"), "Nowhere"),
        (("collection", "rename", "Empty board", "Empty board"), "already"),
        (("collection", "delete", "Nowhere"), "Nowhere"),
        (("collection", "add", "Brand"), "image"),
        (("collection", "add"), "collection"),
        (("collection", "frobnicate"), "list"),
        (("collection", "list", "extra"), "arguments"),
    ]:
        run = lib_run(w, *args)
        expect_exit(run, 2)
        check(words in run.stderr, f"{' '.join(args)}: the message lacks {words!r}: {run.stderr!r}")
    check(collections() == [("Empty board", 0)], f"a mistake changed something: {collections()}")


@case("rate-invalid")
def rate_invalid(w):
    one = sandbox_image(w, "the same image", "--seed", "5")
    two = sandbox_image(w, "the same image", "--seed", "5")
    check(one["sha256"] == two["sha256"], "the sandbox is not deterministic")
    before = [read_sidecar(one), read_sidecar(two)]

    for args, words in [
        (("rate", one["path"]), "--stars"),
        (("rate", "--stars", "6", one["path"]), "--stars"),
        (("rate", "--stars", "3"), "image"),
        (("star", "no-such-image.png"), "no-such-image.png"),
        (("star", "beefbeef"), "beefbeef"),
        # Both paths are named, for the user to pick.
        (("star", one["sha256"][:12]), two["path"]),
        (("unstar", one["sha256"][:12], "zz"), one["path"]),
        (("list", "--rating-min", "9"), "--rating-min"),
        (("list", "--sort", "sideways"), "--sort"),
    ]:
        run = lib_run(w, *args)
        expect_exit(run, 2)
        check(words in run.stderr, f"{' '.join(args)}: the message lacks {words!r}: {run.stderr!r}")
    check([read_sidecar(one), read_sidecar(two)] == before, "a refused command wrote a sidecar")


@case("rate-keeps-unknown-members")
def rate_keeps_unknown_members(w):
    # A sidecar from another tool or a newer version: what this version
    # does not know is kept, and the format is never lowered.
    fox = sandbox_image(w, "a red fox")
    side = read_sidecar(fox)
    side["format"] = 9
    side["future"] = {"by": "another tool", "tags": ["keeper", 7]}
    with open(fox["sidecar"], "w") as f:
        json.dump(side, f)
    expect_exit(lib_run(w, "rate", "--stars", "5", fox["path"]), 0)
    after = read_sidecar(fox)
    check(after["format"] == 9 and after["future"] == side["future"] and after["rating"] == 5,
          f"the rewrite lost something: {after!r}")
    for key, value in side.items():
        check(after.get(key) == value, f"the rewrite changed {key!r}")


@case("rate-read-only")
def rate_read_only(w):
    # A sidecar that cannot be rewritten fails the command with 4, and
    # says which and why.
    w.gallery_on_tmpfs("16m")
    fox = sandbox_image(w, "a red fox")
    w.remount(w.library, "ro")
    run = lib_run(w, "rate", "--stars", "3", fox["path"])
    expect_exit(run, 4)
    check("read-only" in run.stderr, f"the message does not say read-only: {run.stderr!r}")
    check(read_sidecar(fox).get("rating") is None, "the sidecar changed")


@case("credits")
def credits(w):
    w.start_fake()
    run = w.run("credits", "--provider", "bfl", "--base-url", w.urls["bfl"], "--json",
                keys=("bfl",))
    expect_exit(run, 0)
    check(has_value(run.json(), 1234.5),
          f"credits --json does not report 1234.5: {run.stdout[:200]!r}")
    [call] = w.calls("bfl:credits", role="api")
    check(call["method"] == "GET" and call["path"] == "/v1/credits",
          "credits did not GET /v1/credits")
    missing = w.run("credits", "--provider", "bfl", "--base-url", w.urls["bfl"], "--json")
    expect_exit(missing, 2)
    check(len(w.calls("bfl:credits")) == 1, "credits without a key must send nothing")


# --------------------------------------------------------------------------
# The key never lands anywhere
# --------------------------------------------------------------------------

@case("no-key-leak")
def no_key_leak(w):
    w.start_fake()
    refs = w.make_refs(3)
    ref_args = [a for r in refs for a in ("--ref", r)]
    expect_exit(bfl_generate(w, "leak check one fake:ok", *ref_args), 0)
    expect_exit(apiyi_generate(w, "leak check two fake:ok", *ref_args), 0)
    expect_exit(monica_generate(w, "leak check three fake:ok", "--num-outputs", "2"), 0)
    expect_exit(w.generate("openai-compatible", "flux-2-klein-4b", "leak check four fake:b64",
                           base=w.urls["openai"]), 0)
    expect_exit(bfl_generate(w, "leak check five fake:redirect"), 0)
    expect_exit(apiyi_generate(w, "leak check six fake:401"), 3)
    expect_exit(bfl_generate(w, "leak check seven fake:422"), 3)
    expect_exit(w.run("credits", "--provider", "bfl", "--base-url", w.urls["bfl"], "--json",
                      keys=("bfl",)), 0)
    expect_exit(w.run("list", "--library", w.library, "--json", keys=tuple(KEY_ENVS)), 0)
    w.stop_fake()

    check(len(w.gallery_images()) == 6, f"expected 6 saved images, found {len(w.gallery_images())}")
    index = os.path.join(w.library, ".flux-studio", "library.db")
    check(os.path.isfile(index), f"the gallery index {index} does not exist")
    needle = TEST_KEY.encode()
    scanned = 0
    leaks = []
    for top in (w.library, w.dirs["data"], w.dirs["config"], w.dirs["cache"], w.dirs["home"],
                w.dirs["runtime"], w.dirs["logs"]):
        for dirpath, _, filenames in os.walk(top):
            for name in filenames:
                path = os.path.join(dirpath, name)
                if os.path.islink(path) or not os.path.isfile(path):
                    continue
                with open(path, "rb") as f:
                    if needle in f.read():
                        leaks.append(os.path.relpath(path, w.root))
                scanned += 1
    check(not leaks, f"the API key was written to {leaks}")
    check(scanned >= 12, f"only {scanned} files scanned: the check would prove little")
    print(f"scanned {scanned} files: no key")


# --------------------------------------------------------------------------
# Colours and palettes
# --------------------------------------------------------------------------

def bands_png(width, height, bands):
    """A PNG of vertical bands: [(share of the width, (r, g, b)), ...]."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    row = b""
    for i, (share, rgb) in enumerate(bands):
        n = width - len(row) // 3 if i == len(bands) - 1 else round(share * width)
        row += bytes(rgb) * n
    raw = (b"\x00" + row) * height
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def ase_bytes(blocks):
    """Adobe Swatch Exchange 1.0: blocks are ("group", name), ("end",) or
    ("colour", name, model, values)."""
    def name_bytes(name):
        units = (name + "\0").encode("utf-16-be")
        return struct.pack(">H", len(units) // 2) + units
    out = b"ASEF" + struct.pack(">HHI", 1, 0, len(blocks))
    for block in blocks:
        if block[0] == "group":
            body, kind = name_bytes(block[1]), 0xC001
        elif block[0] == "end":
            body, kind = b"", 0xC002
        else:
            _, name, model, values = block
            body = (name_bytes(name) + model.encode()
                    + b"".join(struct.pack(">f", v) for v in values) + struct.pack(">H", 2))
            kind = 0x0001
        out += struct.pack(">HI", kind, len(body)) + body
    return out


def write_file(w, name, data):
    path = os.path.join(w.dirs["refs"], name)
    with open(path, "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)
    return path


@case("colours-sandbox")
def colours_sandbox(w):
    run = w.generate("sandbox", "flux-2-pro", "a logo in color #02EB3C on #FF0088, text #1e90ff",
                     keys=())
    expect_exit(run, 0)
    record = run.records()[0]
    image = record["path"]
    with open(record["sidecar"]) as f:
        stored = json.load(f).get("colour_check")
    check(isinstance(stored, list) and len(stored) == 3, f"the sidecar's colour_check: {stored!r}")
    check(all(c["verdict"] == "matched" for c in stored), f"the sandbox result is not 3/3: {stored!r}")
    check(record.get("colour_check") == stored, "generate --json lacks the stored check")

    # Without --expect the prompt's colours are checked: the same figures
    # the gallery stored (and the detail page shows).
    colours = w.run("colours", image, "--json")
    expect_exit(colours, 0)
    data = colours.json()
    check(data["colour_check"] == stored,
          f"colours disagrees with the sidecar: {data['colour_check']!r} vs {stored!r}")
    for entry in data["colour_check"]:
        check(set(entry) == {"expected", "found", "delta_e", "share", "verdict"},
              f"unexpected fields {sorted(entry)}")
    dominant = data["dominant"]
    check(5 <= len(dominant) <= 8, f"{len(dominant)} dominant colours")
    check(abs(sum(d["share"] for d in dominant) - 1.0) < 1e-6, "dominant shares do not add up")
    check(all(re.fullmatch(r"#[0-9a-f]{6}", d["hex"]) for d in dominant), "bad dominant hex")

    text = w.run("colours", image)
    expect_exit(text, 0)
    check("Dominant colours:" in text.stdout and text.stdout.count("matched") == 3,
          f"text output: {text.stdout!r}")

    # "colors" is the same command.
    absent = w.run("colors", image, "--expect", "#000000", "--json")
    expect_exit(absent, 0)
    check([c["verdict"] for c in absent.json()["colour_check"]] == ["off"],
          f"black is not in the sandbox image: {absent.stdout!r}")


@case("colours-synthetic")
def colours_synthetic(w):
    path = write_file(w, "logo.png", bands_png(400, 100, [(0.3, (2, 235, 60)),
                                                         (0.7, (255, 0, 136))]))
    run = w.run("colours", path, "--expect", "02eb3c", "--expect", "rgb(0, 0, 255)", "--json")
    expect_exit(run, 0)
    data = run.json()
    green, blue = data["colour_check"]
    check(green["expected"] == "#02eb3c" and green["found"] == "#02eb3c", f"green: {green!r}")
    check(green["verdict"] == "matched" and green["delta_e"] == 0, f"green: {green!r}")
    check(abs(green["share"] - 0.30) <= 0.005, f"green share {green['share']}")
    check(blue["verdict"] == "off" and blue["share"] == 0 and blue["delta_e"] > 5, f"blue: {blue!r}")
    shares = sorted(round(d["share"], 2) for d in data["dominant"])
    check(shares == [0.3, 0.7], f"dominant shares {shares}")
    check(data["dominant"][1]["name"] is None and data["dominant"][0]["hex"] == "#ff0088",
          f"dominant {data['dominant']!r}")

    expect_exit(w.run("colours", path, "--expect", "greenish"), 2)
    expect_exit(w.run("colours", os.path.join(w.dirs["refs"], "missing.png")), 4)
    expect_exit(w.run("colours"), 2)


@case("palette-import-export")
def palette_import_export(w):
    css = write_file(w, "site.css", ":root {\n  --brand-green: #02EB3C;\n  --brand-pink: #f08;\n}\n")
    gpl = write_file(w, "Tango.gpl", "GIMP Palette\nName: Tango\nColumns: 3\n#\n"
                                     "252 233  79\tButter\n114 159 207\tSky\n")
    ase = write_file(w, "adobe.ase", ase_bytes([
        ("group", "Brand"),
        ("colour", "Green", "RGB ", [2 / 255, 235 / 255, 60 / 255]),
        ("colour", "Red ink", "CMYK", [0.0, 1.0, 1.0, 0.0]),
        ("colour", "Lab blue", "LAB ", [0.29566, 68.2862, -112.0329]),
        ("end",),
        ("colour", "Mid", "Gray", [0.5]),
    ]))
    for path, name in ((css, "Site"), (gpl, None), (ase, "Adobe")):
        args = ["palette", "import", path, "--json"] + (["--name", name] if name else [])
        run = w.run(*args)
        expect_exit(run, 0)
    listed = w.run("palette", "list", "--json")
    expect_exit(listed, 0)
    check([p["name"] for p in listed.json()] == ["Site", "Tango", "Adobe"],
          f"palette list: {listed.stdout!r}")

    site = w.run("palette", "show", "Site", "--json").json()
    check(site["swatches"] == [{"hex": "#02eb3c", "name": "brand-green"},
                               {"hex": "#ff0088", "name": "brand-pink"}], f"Site: {site!r}")
    adobe = w.run("palette", "show", "Adobe", "--json").json()
    names = [s["name"] for s in adobe["swatches"]]
    check(names == ["Brand / Green", "Brand / Red ink", "Brand / Lab blue", "Mid"],
          f"ASE names: {names}")
    hexes = [s["hex"] for s in adobe["swatches"]]
    check(hexes[0] == "#02eb3c" and hexes[2] == "#0000ff" and hexes[3] == "#808080",
          f"ASE colours: {hexes}")
    red = bytes.fromhex(hexes[1][1:])
    check(red[0] > 200 and red[1] < 80 and red[2] < 80, f"CMYK red converted to {hexes[1]}")

    # Export as ASE and back: same colours, same names.
    out = os.path.join(w.dirs["refs"], "out.ase")
    expect_exit(w.run("palette", "export", "Adobe", "--format", "ase", "--output", out), 0)
    again = w.run("palette", "import", out, "--name", "Again", "--json")
    expect_exit(again, 0)
    check(again.json()["swatches"] == adobe["swatches"], "the ASE round trip changed the palette")

    exported = w.run("palette", "export", "Tango", "--format", "gpl")
    expect_exit(exported, 0)
    check(exported.stdout == "GIMP Palette\nName: Tango\nColumns: 0\n#\n"
                             "252 233  79\tButter\n114 159 207\tSky\n",
          f"gpl export: {exported.stdout!r}")

    # A malformed file is reported with its place and imports nothing.
    bad = write_file(w, "bad.gpl", "GIMP Palette\n1 2 3\tok\n300 0 0\tToo red\n")
    run = w.run("palette", "import", bad)
    expect_exit(run, 2)
    check("line 3" in run.stderr and "bad.gpl" in run.stderr, f"error: {run.stderr!r}")
    truncated = write_file(w, "cut.ase", open(ase, "rb").read()[:40])
    run = w.run("palette", "import", truncated)
    expect_exit(run, 2)
    check("byte 32" in run.stderr, f"error: {run.stderr!r}")
    check(len(w.run("palette", "list", "--json").json()) == 4, "a malformed file was imported")

    expect_exit(w.run("palette", "show", "Nope"), 2)
    expect_exit(w.run("palette", "export", "Tango", "--format", "aco"), 2)
    expect_exit(w.run("palette", "frobnicate"), 2)


@case("palette-folder")
def palette_folder(w):
    folder = os.path.join(w.dirs["data"], "flux-studio", "palettes")
    os.makedirs(folder)
    with open(os.path.join(folder, "dropped.gpl"), "w") as f:
        f.write("GIMP Palette\nName: Dropped in\n  2 235  60\tGreen\n")
    with open(os.path.join(folder, "broken.gpl"), "w") as f:
        f.write("GIMP Palette\n1 2\n")
    run = w.run("palette", "list", "--json")
    expect_exit(run, 0)
    check([p["name"] for p in run.json()] == ["Dropped in"], f"palette list: {run.stdout!r}")
    check("broken.gpl" in run.stderr, "the broken palette was skipped silently")
    show = w.run("palette", "show", "Dropped in")
    expect_exit(show, 0)
    check(show.stdout == "#02eb3c  Green\n", f"show: {show.stdout!r}")


# --------------------------------------------------------------------------
# resume: a run killed mid-job, picked up from the journal
# --------------------------------------------------------------------------

INTERRUPTED = "Interrupted before the provider answered; it may or may not have been charged."
PENDING_LONG_POLLS = 4  # tests/fakes: fake:pending-long is Ready on the poll after these


def library_db(world, default=False):
    if default:
        return os.path.join(world.dirs["data"], "flux-studio", "library.db")
    return os.path.join(world.library, ".flux-studio", "library.db")


def query(db, sql, columns):
    """Rows of @sql as dicts, read-only (the CLI may be writing the file)."""
    if not os.path.exists(db):
        return []
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        rows = con.execute(sql).fetchall()
    except sqlite3.OperationalError:
        return []  # the table is not there yet
    finally:
        con.close()
    return [dict(zip(columns, r)) for r in rows]


def journal_rows(world, default=False):
    """The library's job journal."""
    return query(library_db(world, default), "SELECT job_id, state, polling_url, detail FROM jobs",
                 ("job_id", "state", "polling_url", "detail"))


def output_rows(world, default=False):
    """What the journal knows of each result: link, kept bytes, saved file."""
    return query(library_db(world, default),
                 "SELECT job_id, idx, url, expired, recovery, saved FROM job_outputs"
                 " ORDER BY job_id, idx",
                 ("job_id", "idx", "url", "expired", "recovery", "saved"))


def index_count(world, default=False):
    rows = query(library_db(world, default), "SELECT count(*) FROM assets", ("n",))
    return rows[0]["n"] if rows else 0


def journal_row(world, job_id):
    rows = [r for r in journal_rows(world) if r["job_id"] == job_id]
    check(len(rows) == 1, f"the journal has {len(rows)} row(s) for job {job_id}")
    return rows[0]


def kill_generate(world, prompt, state, settle=0.0, env=None):
    """Starts a BFL generate and kills it with SIGKILL, as a crash would,
    once its journal row reaches @state (and @settle seconds more).
    Returns that row."""
    args = [world.cli, "generate", "--provider", "bfl", "--base-url", world.urls["bfl"],
            "--model", "flux-2-pro", "--library", world.library, "--json", prompt]
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=world.env(("bfl",), env),
                            cwd=world.dirs["home"])
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            rows = [r for r in journal_rows(world) if r["state"] == state]
            if rows:
                time.sleep(settle)
                check(proc.poll() is None,
                      f"generate ended (exit {proc.returncode}) before it could be killed")
                proc.send_signal(signal.SIGKILL)
                proc.wait(5)
                check(proc.returncode == -signal.SIGKILL, "generate did not die of SIGKILL")
                return rows[0]
            check(proc.poll() is None,
                  f"generate ended (exit {proc.returncode}) before its job was {state!r}")
            time.sleep(0.02)
        raise Failure(f"the journal never showed the job {state!r} within 20 s")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)


def resume(world, *extra, env=None, default=False):
    library = [] if default else ["--library", world.library]
    return world.run("resume", *library, "--base-url", world.urls["bfl"], "--json", *extra,
                     keys=("bfl",), env=env)


def expect_nothing_to_resume(world):
    again = resume(world)
    expect_exit(again, 0)
    check(again.json() == [], f"a second resume found work: {again.stdout!r}")


@case("resume-after-kill")
def resume_after_kill(w):
    w.start_fake()
    prompt = "a paid image a crash must not lose fake:pending-long"
    # No time limit for the run that is killed: it is killed while polling.
    row = kill_generate(w, prompt, "polling", env={"FLUX_STUDIO_TIMEOUT": "60"})
    check(row["polling_url"], "the journal row of a polling job has no polling_url")
    check(not w.gallery_images(), "the killed run saved an image")
    [submit] = bfl_submit(w)
    task = submit["task_id"]
    killed_polls = len(polls(w, task))
    check(killed_polls < PENDING_LONG_POLLS,
          f"the killed run polled {killed_polls} times: the task was Ready before the kill")

    run = resume(w)
    expect_exit(run, 0)
    check("Resumed after restart" in run.stderr, "stderr does not say the job was resumed")
    [item] = expect_saved(w, run, "bfl", "flux-2-pro", prompt)
    expect_attempts(w, "bfl:flux-2-pro", 1)  # polled, never submitted again
    resumed = polls(w, task)[killed_polls:]
    check(len(resumed) == PENDING_LONG_POLLS + 1 - killed_polls,
          f"resume polled {len(resumed)} times, expected Pending … Ready")
    for p in resumed:
        url = f"http://{p['host']}{p['path']}?{p['query']}"
        check(url == row["polling_url"],
              f"resume polled {url}, not the stored polling_url {row['polling_url']} verbatim")
    check(journal_row(w, row["job_id"])["state"] == "saved", "the journal row is not 'saved'")
    with open(item["sidecar"]) as f:
        sidecar = json.load(f)
    check(sidecar.get("job_id") == row["job_id"], "the sidecar does not carry the journal's job id")
    expect_nothing_to_resume(w)


@case("resume-before-answer")
def resume_before_answer(w):
    w.start_fake(env={"FAKE_SLOW_SECONDS": "30"})
    prompt = "killed while the provider was thinking fake:slow"
    row = kill_generate(w, prompt, "queued", settle=0.5)
    check(not row["polling_url"], "a job killed before the answer has a polling_url")

    run = resume(w)
    expect_exit(run, 4)
    check(INTERRUPTED in run.stderr, "stderr does not say why the job cannot be resumed")
    check(run.json() == [], f"nothing can be saved, yet stdout is {run.stdout!r}")
    closed = journal_row(w, row["job_id"])
    check(closed["state"] == "failed" and closed["detail"] == INTERRUPTED,
          f"the journal row was not closed as failed with the reason: {closed}")
    check(not polls(w), "there was nothing to poll")
    expect_nothing_saved(w)
    expect_nothing_to_resume(w)


# --------------------------------------------------------------------------
# Nothing paid for is ever lost: downloads, saves, the journal, leases
# --------------------------------------------------------------------------

# The download schedule shrunk so that every attempt fits in the 5 s cap
# (FLUX_STUDIO_TIMEOUT) instead of spreading over the link's 10 minutes.
DOWNLOAD_FAST = {"FLUX_STUDIO_DOWNLOAD_SCALE": "0.02"}
# Long enough for jobs to be polling when a test acts on them.
LONG_POLLS = {"FLUX_STUDIO_TIMEOUT": "60"}


def deliveries(world):
    return [e for e in world.log() if e["path"].startswith("/results/")]


def start_generate(world, prompt, provider="bfl", env=None, default=False, extra=()):
    args = [world.cli, "generate", "--provider", provider, "--base-url", world.urls[provider]]
    args += ["--model", "flux_dev" if provider == "monica" else "flux-2-pro"]
    args += [] if default else ["--library", world.library]
    args += list(extra) + ["--json", prompt]
    return subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=world.env((provider,), env),
                            cwd=world.dirs["home"])


def finish_process(world, proc, args):
    try:
        out, err = proc.communicate(timeout=CLI_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise Failure(f"{' '.join(args)} did not finish within {CLI_TIMEOUT} s")
    run = Run(args, proc.returncode, out.decode(errors="replace"),
              err.decode(errors="replace"), 0.0)
    world.runs.append(run)
    check(TEST_KEY not in run.stdout and TEST_KEY not in run.stderr,
          "the API key appears in the CLI's output")
    return run


def wait_rows(world, state, count, default=False, proc=()):
    """Waits until @count journal rows are in @state; the processes in
    @proc must still run meanwhile."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        rows = [r for r in journal_rows(world, default) if r["state"] == state]
        if len(rows) >= count:
            return rows
        for p in proc:
            check(p.poll() is None, f"a generate ended (exit {p.returncode}) before {state!r}")
        time.sleep(0.02)
    raise Failure(f"the journal never showed {count} job(s) {state!r} within 30 s")


def expect_not_sent(world, run, submits=0, status=4):
    """@status 2: refused as an unusable --library before the journal is
    even opened (point 7 of the same issue); 4: the journal refused."""
    expect_exit(run, status)
    check("nothing was sent" in run.stderr or "library index" in run.stderr.lower()
          or (status == 2 and "cannot be written to" in run.stderr),
          "the error does not say that nothing was sent")
    sent = len([e for e in world.log() if e["role"] == "api"])
    check(sent == submits, f"the fake saw {sent - submits} request(s) it should not have")


@case("download-500-retried")
def download_500_retried(w):
    w.start_fake()
    prompt = "a delivery host that stumbles three times fake:delivery-500-3"
    run = bfl_generate(w, prompt, env=DOWNLOAD_FAST)
    expect_exit(run, 0)
    statuses = [e["status"] for e in deliveries(w)]
    check(statuses == [500, 500, 500, 200], f"delivery statuses {statuses}")
    check("trying again" in run.stderr, "stderr does not say the download is tried again")
    expect_saved(w, run, "bfl", "flux-2-pro", prompt)
    expect_attempts(w, "bfl:flux-2-pro", 1)


@case("download-cut-retried")
def download_cut_retried(w):
    w.start_fake()
    prompt = "a delivery host that hangs up mid-image fake:delivery-cut-2"
    run = bfl_generate(w, prompt, env=DOWNLOAD_FAST)
    expect_exit(run, 0)
    actions = [e["action"] for e in deliveries(w)]
    check(actions == ["cut", "cut", "reply"], f"delivery attempts {actions}")
    expect_saved(w, run, "bfl", "flux-2-pro", prompt)


def down_then_resume(w, run, provider, model, prompt, count=1):
    """A run whose delivery host never answered: unfinished with its links,
    then saved by resume once the host is back, without a second submit."""
    expect_exit(run, 4)
    check(re.search(r"Download 1 of \d+ from 127\.0\.0\.\d+:\d+ failed with HTTP 500",
                    run.stderr), "the error does not name the download that failed")
    check("request id" not in run.stderr, "the error names an API exchange, not the download")
    check("link is kept" in run.stderr, "the error does not say the link is kept")
    expect_nothing_saved(w)
    [row] = journal_rows(w)
    check(row["state"] == "unsaved", f"the journal row is {row['state']!r}, not 'unsaved'")
    outputs = output_rows(w)
    check(len(outputs) == count and all(o["url"] for o in outputs),
          f"the journal lacks the result links: {outputs}")
    submits = len([e for e in w.log() if e["role"] == "api"])

    open(w.heal_file, "w").close()
    again = resume(w)
    expect_exit(again, 0)
    expect_saved(w, again, provider, model, prompt, count=count)
    check(len([e for e in w.log() if e["role"] == "api"]) == submits,
          "resume sent something to the API: it should only download")
    check(journal_row(w, row["job_id"])["state"] == "saved", "the journal row is not 'saved'")
    expect_nothing_to_resume(w)


@case("download-down-then-resume")
def download_down(w):
    w.start_fake()
    prompt = "a delivery host down for the whole run fake:delivery-down"
    run = bfl_generate(w, prompt, env=DOWNLOAD_FAST)
    check(len(deliveries(w)) >= 3, f"only {len(deliveries(w))} download attempt(s)")
    down_then_resume(w, run, "bfl", "flux-2-pro", prompt)


@case("apiyi-download-down-then-resume")
def apiyi_download_down(w):
    w.start_fake()
    prompt = "a gateway result whose host is down fake:delivery-down"
    run = apiyi_generate(w, prompt, env=DOWNLOAD_FAST)
    down_then_resume(w, run, "apiyi", "flux-2-pro", prompt)


@case("monica-download-down-then-resume")
def monica_download_down(w):
    w.start_fake()
    prompt = "two Monica results whose host is down fake:delivery-down"
    run = monica_generate(w, prompt, "--num-outputs", "2", "--size", "1024x1024",
                          env=DOWNLOAD_FAST)
    down_then_resume(w, run, "monica", "flux_dev", prompt, count=2)


def expired_case(w, scenario, status):
    w.start_fake()
    run = bfl_generate(w, f"a result link that died fake:{scenario}")
    expect_exit(run, 4)
    check(f"expired (HTTP {status})" in run.stderr and "live 10 minutes" in run.stderr,
          "the error does not say plainly that the link expired and links live 10 minutes")
    check(len(deliveries(w)) == 1, "an expired link was tried again")
    [row] = journal_rows(w)
    check(row["state"] == "failed", f"an expired job is {row['state']!r}, not 'failed'")
    expect_nothing_to_resume(w)


@case("expired-403")
def expired_403(w):
    expired_case(w, "expired-403", 403)


@case("expired-410")
def expired_410(w):
    expired_case(w, "expired-410", 410)


def kept_then_resume(w, run, words, downloads=1):
    """A run whose save failed: the bytes kept in the recovery folder (or
    only the link), the job unfinished, saved by resume."""
    expect_exit(run, 4)
    check(words in run.stderr, f"the error does not say {words!r}")
    expect_nothing_saved(w)
    [row] = journal_rows(w)
    check(row["state"] == "unsaved", f"the journal row is {row['state']!r}, not 'unsaved'")
    [out] = output_rows(w)
    recovery = os.path.join(w.dirs["data"], "flux-studio", "recovery")
    if downloads == 1:
        check("the image is kept" in run.stderr, "the error does not say the image is kept")
        check(out["recovery"] and out["recovery"].startswith(recovery + os.sep)
              and os.path.isfile(out["recovery"]), f"the bytes were not kept: {out}")
    else:
        check("link is kept" in run.stderr, "the error does not say the link is kept")
        check(out["recovery"] is None and out["url"], f"the link was not kept: {out}")
    return row, out


def resume_saves_kept(w, row, out, prompt, downloads=1):
    again = resume(w)
    expect_exit(again, 0)
    expect_saved(w, again, "bfl", "flux-2-pro", prompt)
    expect_attempts(w, "bfl:flux-2-pro", 1)
    check(len(deliveries(w)) == downloads,
          f"{len(deliveries(w))} downloads, expected {downloads}")
    check(not out["recovery"] or not os.path.exists(out["recovery"]),
          "the kept copy was not removed once saved")
    check(journal_row(w, row["job_id"])["state"] == "saved", "the journal row is not 'saved'")
    check(index_count(w) == 1, "the image is not indexed once")
    expect_nothing_to_resume(w)


@case("disk-full-kept")
def disk_full_kept(w):
    w.gallery_on_tmpfs("4k")
    w.start_fake()
    prompt = "a paid image and a full disk fake:ok"
    run = bfl_generate(w, prompt)
    row, out = kept_then_resume(w, run, "is full — free some space")
    w.remount(w.library, "size=64m")
    resume_saves_kept(w, row, out, prompt)


@case("disk-full-recovery-full")
def disk_full_recovery_full(w):
    w.gallery_on_tmpfs("4k")
    w.mount_tmpfs(os.path.join(w.dirs["data"], "flux-studio", "recovery"), "4k")
    w.start_fake()
    prompt = "a full gallery and a full recovery folder fake:ok"
    run = bfl_generate(w, prompt)
    row, out = kept_then_resume(w, run, "is full — free some space", downloads=2)
    w.remount(w.library, "size=64m")
    resume_saves_kept(w, row, out, prompt, downloads=2)


@case("gallery-read-only-kept")
def gallery_read_only(w):
    """The gallery turns read-only while a job polls (a read-only gallery
    at the start is refused before anything is sent: library-not-usable)."""
    w.gallery_on_tmpfs("64m")
    w.start_fake()
    prompt = "a paid image and a read-only gallery fake:pending-long"
    proc = start_generate(w, prompt, env=LONG_POLLS)
    wait_rows(w, "polling", 1, proc=[proc])
    w.remount(w.library, "ro")
    run = finish_process(w, proc, ["generate"])
    row, out = kept_then_resume(w, run, "is read-only")
    check(w.library in run.stderr, "the error does not name the gallery folder")
    w.remount(w.library, "rw")
    resume_saves_kept(w, row, out, prompt)


@case("gallery-gone-kept")
def gallery_gone(w):
    """The default gallery (~/Pictures/Flux Studio) vanishes while a job
    polls; its index lives elsewhere ($XDG_DATA_HOME) and survives."""
    w.start_fake()
    gallery = os.path.join(w.dirs["home"], "Pictures", "Flux Studio")
    prompt = "a paid image and a vanished gallery fake:pending-long"
    proc = start_generate(w, prompt, env=LONG_POLLS, default=True)
    wait_rows(w, "polling", 1, default=True, proc=[proc])
    shutil.rmtree(gallery)
    run = finish_process(w, proc, ["generate"])
    expect_exit(run, 4)
    check("is gone" in run.stderr and gallery in run.stderr,
          "the error does not say the gallery folder is gone")
    check("the image is kept" in run.stderr, "the error does not say the image is kept")
    check(not os.path.exists(gallery), "the vanished gallery folder was made again behind the "
          "user's back")
    [out] = output_rows(w, default=True)
    check(out["recovery"] and os.path.isfile(out["recovery"]), f"the bytes were not kept: {out}")

    os.makedirs(gallery)
    again = resume(w, default=True)
    expect_exit(again, 0)
    [item] = again.records()
    check(os.path.dirname(item["path"]) == gallery and os.path.isfile(item["path"]),
          f"resume did not save into the gallery: {item['path']}")
    check(len(deliveries(w)) == 1, "resume downloaded again although the bytes were kept")
    check(not os.path.exists(out["recovery"]), "the kept copy was not removed once saved")


@case("journal-locked-sends-nothing")
def journal_locked(w):
    w.start_fake()
    seed = w.generate("sandbox", "flux-2-pro", "a library that exists")
    expect_exit(seed, 0)
    con = sqlite3.connect(library_db(w), timeout=5, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        run = bfl_generate(w, "a journal locked past its timeout fake:ok",
                           env={"FLUX_STUDIO_TIMEOUT": "2"})
    finally:
        con.execute("ROLLBACK")
        con.close()
    expect_not_sent(w, run)
    check(not [r for r in journal_rows(w) if r["state"] != "saved"],
          "a job that sent nothing was left in the journal")


@case("journal-read-only-sends-nothing")
def journal_read_only(w):
    """A read-only library whose index left -wal and -shm files behind."""
    w.mount_tmpfs(w.library, "64m")
    w.start_fake()
    kill_generate(w, "killed, leaving the index open fake:pending-long", "polling",
                  env=LONG_POLLS)
    db = library_db(w)
    check(os.path.exists(db + "-wal") and os.path.exists(db + "-shm"),
          "the killed run left no -wal and -shm files")
    submits = len([e for e in w.log() if e["role"] == "api"])
    w.remount(w.library, "ro")
    run = bfl_generate(w, "a paid request into a read-only library fake:ok")
    expect_not_sent(w, run, submits, status=2)


@case("journal-disk-full-sends-nothing")
def journal_disk_full(w):
    w.mount_tmpfs(w.library, "8m")
    w.start_fake()
    expect_exit(w.generate("sandbox", "flux-2-pro", "a library that exists"), 0)
    with open(os.path.join(w.library, "filler"), "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError:
            pass
    run = bfl_generate(w, "a paid request and a full disk fake:ok")
    expect_not_sent(w, run)


def make_library(w):
    """An existing library, so that a case is about its jobs, not about
    many processes creating one file (concurrent-new-library is)."""
    expect_exit(w.run("list", "--library", w.library), 0)


@case("resume-beside-live-jobs")
def resume_beside_live(w):
    w.start_fake(env={"FAKE_PENDING_POLLS": "6"})
    make_library(w)
    procs = [start_generate(w, f"live job {i} fake:pending-long", env=LONG_POLLS)
             for i in range(3)]
    try:
        wait_rows(w, "polling", 3, proc=procs)
        run = resume(w)
        expect_exit(run, 0)
        check(run.json() == [], f"resume took live jobs: {run.stdout!r}")
        check("3 unfinished jobs belong to other running" in run.stderr,
              "resume does not say the live jobs were left to their processes")
        runs = [finish_process(w, p, ["generate"]) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait(5)
    for r in runs:
        expect_exit(r, 0)
    check(len(w.gallery_images()) == 3, f"{len(w.gallery_images())} images for 3 tasks")
    check(index_count(w) == 3, f"{index_count(w)} index rows for 3 tasks")
    expect_attempts(w, "bfl:flux-2-pro", 3)


@case("resume-after-kill-many")
def resume_after_kill_many(w):
    """Five jobs killed while polling, then two resumes racing: each image
    saved once, nothing submitted twice."""
    w.start_fake(env={"FAKE_PENDING_POLLS": "6"})
    make_library(w)
    procs = [start_generate(w, f"paid job {i} fake:pending-long", env=LONG_POLLS)
             for i in range(5)]
    try:
        wait_rows(w, "polling", 5, proc=procs)
    finally:
        for p in procs:
            p.kill()
            p.wait(5)
    args = [w.cli, "resume", "--library", w.library, "--base-url", w.urls["bfl"], "--json"]
    racers = [subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=w.env(("bfl",), LONG_POLLS),
                               cwd=w.dirs["home"]) for _ in range(2)]
    runs = [finish_process(w, p, args) for p in racers]
    records = []
    for r in runs:
        expect_exit(r, 0)
        records += r.json()
    paths = [r["path"] for r in records]
    check(len(paths) == 5 and len(set(paths)) == 5, f"the resumes saved {len(paths)} images")
    check(len(w.gallery_images()) == 5, f"{len(w.gallery_images())} images for 5 tasks")
    check(index_count(w) == 5, f"{index_count(w)} index rows for 5 tasks")
    expect_attempts(w, "bfl:flux-2-pro", 5)
    per_task = {}
    for e in deliveries(w):
        per_task[e["path"]] = per_task.get(e["path"], 0) + 1
    check(len(per_task) == 5 and set(per_task.values()) == {1},
          f"downloads per result: {per_task}")
    check(all(r["state"] == "saved" for r in journal_rows(w)), "a journal row is not 'saved'")
    expect_nothing_to_resume(w)


@case("concurrent-new-library")
def concurrent_new_library(w):
    """Forty runs at the same instant on a brand-new library."""
    args = [w.cli, "generate", "--provider", "sandbox", "--model", "flux-2-pro",
            "--library", w.library, "--json"]
    procs = [subprocess.Popen(args + [f"run {i} of 40"], stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=w.env((), {"FLUX_STUDIO_TIMEOUT": "60"}),
                              cwd=w.dirs["home"]) for i in range(40)]
    runs = [finish_process(w, p, args) for p in procs]
    failed = [r for r in runs if r.code != 0]
    check(not failed, f"{len(failed)} of 40 runs failed, the first: {failed[0].stderr[-300:]}"
          if failed else "")
    check(len(w.gallery_images()) == 40, f"{len(w.gallery_images())} images for 40 runs")
    check(index_count(w) == 40, f"{index_count(w)} index rows for 40 runs")
    check(len([r for r in journal_rows(w) if r["state"] == "saved"]) == 40,
          "not every run is 'saved' in the journal")


# --------------------------------------------------------------------------
# export: copies with the record inside (docs/ARCHITECTURE.md, "Export")
# --------------------------------------------------------------------------

TRAINED = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
ALGORITHMIC = "http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia"
RECORD_TAGS = ("Parameters", "Description", "Creator Tool", "Digital Source Type",
               "AI System Used", "AI System Version Used")


def exiftool(path):
    """What exiftool reads in @path, tag name -> value (its own reader, not
    the project's). Skips the case where exiftool is not installed
    (Debian: libimage-exiftool-perl)."""
    tool = shutil.which("exiftool")
    if tool is None:
        raise Skip("exiftool is not installed (Debian: libimage-exiftool-perl)")
    proc = subprocess.run([tool, "-a", "-G1", "-charset", "UTF8", path], capture_output=True,
                          text=True, timeout=60)
    check(proc.returncode == 0, f"exiftool failed on {path}: {proc.stderr}")
    tags = {}
    for line in proc.stdout.splitlines():
        m = re.match(r"^\[([^\]]+)\]\s+(.+?)\s*: (.*)$", line)
        if m:
            tags.setdefault(m.group(2), m.group(3))
            tags[f"{m.group(1)}:{m.group(2)}"] = m.group(3)
    for warning in ("Warning", "Error"):
        check(warning not in tags, f"exiftool reports a {warning.lower()} in {path}: "
              f"{tags.get(warning)}")
    return tags


def png_chunk_list(path):
    """(type, data) of every chunk, each CRC checked with zlib.crc32."""
    with open(path, "rb") as f:
        data = f.read()
    check(data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG")
    chunks, offset = [], 8
    while offset < len(data):
        check(len(data) - offset >= 12, f"{path}: a chunk is cut off at {offset}")
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 4:offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length:offset + 12 + length])
        check(crc == zlib.crc32(body), f"{path}: bad CRC in the {kind!r} chunk")
        chunks.append((kind.decode("latin-1"), data[offset + 8:offset + 8 + length]))
        offset += 12 + length
    check(chunks and chunks[0][0] == "IHDR" and chunks[-1][0] == "IEND",
          f"{path}: not IHDR … IEND")
    return chunks


def png_pixels(path):
    """The IHDR and the image data: the same means the same pixels."""
    chunks = png_chunk_list(path)
    return chunks[0][1] + b"".join(d for k, d in chunks if k == "IDAT")


def jpeg_scans(path):
    """The segment markers before the first scan, and the bytes from the
    first SOS on (the pixels)."""
    with open(path, "rb") as f:
        data = f.read()
    check(data[:2] == b"\xff\xd8", f"{path} is not a JPEG")
    markers, offset = [], 2
    while True:
        check(offset + 4 <= len(data) and data[offset] == 0xFF, f"{path}: bad segment at {offset}")
        marker = data[offset + 1]
        (length,) = struct.unpack(">H", data[offset + 2:offset + 4])
        name = data[offset + 4:offset + 4 + min(length - 2, 40)].split(b"\0")[0]
        markers.append((marker, name.decode("latin-1")))
        if marker == 0xDA:
            return markers, data[offset:]
        offset += 2 + length


def tables(markers):
    """Every segment that is not APPn or COM: the image's own tables."""
    return [m for m, _ in markers if not (0xE0 <= m <= 0xEF or m == 0xFE)]


def make_gallery(w):
    """Two sandbox results (PNG, JPEG) and two from the fake Black Forest
    Labs (PNG, JPEG): the records exported."""
    w.start_fake()
    made = {}
    for key, fmt in (("sandbox-png", "png"), ("sandbox-jpeg", "jpeg")):
        prompt = f"a lighthouse at dusk & <waves>, {key}, #1e88e5"
        run = w.generate("sandbox", "flux-2-pro", prompt, "--output-format", fmt,
                         "--seed", "1234", "--width", "512", "--height", "384", keys=())
        expect_exit(run, 0)
        [made[key]] = run.records()
    for key, fmt in (("bfl-png", "png"), ("bfl-jpeg", "jpeg")):
        prompt = f"a red fox in snow, {key} fake:ok"
        run = bfl_generate(w, prompt, "--output-format", fmt, "--seed", "42", "--width", "1024",
                           "--height", "768")
        expect_exit(run, 0)
        [made[key]] = run.records()
    for item in made.values():
        check(image_kind(item["path"]) == ("png" if item["path"].endswith(".png") else "jpeg"),
              f"{item['path']} is not what its name says")
    return made


def export(w, *args):
    return w.run("export", "--library", w.library, *args)


@case("export-copies")
def export_copies(w):
    made = make_gallery(w)
    before = {item["path"]: sha256_file(item["path"]) for item in made.values()}
    out = os.path.join(w.root, "out")
    run = export(w, "--output", out, "--json", *[item["path"] for item in made.values()])
    expect_exit(run, 0)
    results = run.json()
    check(isinstance(results, list) and len(results) == 4, f"expected 4 results: {results!r}")
    by_source = {r["source"]: r for r in results}
    for key, item in made.items():
        r = by_source.get(item["path"])
        check(r is not None, f"no result for {item['path']}")
        check(r["error"] is None and r["stripped"] is False, f"{key}: {r}")
        check(r["path"] == os.path.join(out, os.path.basename(item["path"])),
              f"{key}: the copy is {r['path']}, not the original's name in {out}")
        copy = r["path"]
        if copy.endswith(".png"):
            chunks = [k for k, _ in png_chunk_list(copy)]
            # The record right before the pixels, after IHDR and the colour chunks.
            first_idat = chunks.index("IDAT")
            check(chunks[first_idat - 2:first_idat] in (["tEXt", "iTXt"], ["iTXt", "iTXt"]),
                  f"{key}: parameters and XMP are not right before IDAT: {chunks}")
            check(png_pixels(copy) == png_pixels(item["path"]),
                  f"{key}: the copy's image data differs from the original's")
            texts = dict(png_text(copy))
            check(texts.get("parameters", "").startswith(item["prompt"] + "\n"),
                  f"{key}: parameters do not start with the prompt: {texts.get('parameters')!r}")
            line = texts["parameters"].split("\n")[-1]
            check(f"Seed: {item['seed']}" in line and f"Size: {item['width']}x{item['height']}"
                  in line and "Model: flux-2-pro" in line,
                  f"{key}: the settings line is {line!r}")
        else:
            markers, scans = jpeg_scans(copy)
            original_markers, original_scans = jpeg_scans(item["path"])
            check(scans == original_scans, f"{key}: the copy's scans differ from the original's")
            check(tables(markers) == tables(original_markers),
                  f"{key}: the copy's tables differ from the original's")
            names = [n for m, n in markers if m == 0xE1]
            check("http://ns.adobe.com/xap/1.0/" in names, f"{key}: no XMP APP1: {markers}")
    after = {path: sha256_file(path) for path in before}
    check(after == before, "an original changed")
    # One line per copy without --json.
    again = export(w, "--output", out, made["bfl-png"]["path"], made["sandbox-jpeg"]["path"])
    expect_exit(again, 0)
    lines = again.stdout.strip().split("\n")
    check(len(lines) == 2, f"expected one line per copy: {again.stdout!r}")
    stem = os.path.splitext(os.path.basename(made["bfl-png"]["path"]))[0]
    check(f"{stem} (2).png" in lines[0] and made["bfl-png"]["path"] in lines[0],
          f"the second copy is not named with (2): {lines[0]!r}")
    check(os.path.isfile(os.path.join(out, f"{stem} (2).png")), "no “(2)” file")
    check(len(os.listdir(out)) == 6, f"expected 6 files in {out}: {sorted(os.listdir(out))}")
    check(not [f for f in os.listdir(out) if f.startswith(".")], "a temporary file was left behind")


def png_text(path):
    """The tEXt and iTXt (uncompressed) chunks as (keyword, text)."""
    for kind, data in png_chunk_list(path):
        if kind == "tEXt":
            keyword, _, text = data.partition(b"\0")
            yield keyword.decode("latin-1"), text.decode("latin-1")
        elif kind == "iTXt":
            keyword, _, rest = data.partition(b"\0")
            if rest[0] == 0:
                _, _, rest = rest[2:].partition(b"\0")
                _, _, text = rest.partition(b"\0")
                yield keyword.decode("latin-1"), text.decode("utf-8")


@case("export-exiftool")
def export_exiftool(w):
    made = make_gallery(w)
    out = os.path.join(w.root, "out")
    run = export(w, "--output", out, "--search", "", "--json")
    expect_exit(run, 0)
    copies = {r["source"]: r["path"] for r in run.json()}
    check(len(copies) == 4, f"--search '' should export all four: {run.stdout!r}")
    for key, item in made.items():
        tags = exiftool(copies[item["path"]])
        print(f"exiftool {key}: " + "; ".join(f"{t} = {tags.get(t)!r}" for t in RECORD_TAGS))
        check(tags.get("Description") == item["prompt"],
              f"{key}: Description is {tags.get('Description')!r}")
        check(tags.get("Creator Tool", "").startswith("Flux Studio "),
              f"{key}: Creator Tool is {tags.get('Creator Tool')!r}")
        if key.startswith("bfl"):
            check(tags.get("Digital Source Type") == TRAINED,
                  f"{key}: Digital Source Type is {tags.get('Digital Source Type')!r}")
            check(tags.get("AI System Used") == "FLUX.2 [pro] (Black Forest Labs)",
                  f"{key}: AI System Used is {tags.get('AI System Used')!r}")
            check(tags.get("AI System Version Used") == "flux-2-pro",
                  f"{key}: AI System Version Used is {tags.get('AI System Version Used')!r}")
        else:
            # The sandbox draws with code: algorithmic, and no AI system.
            check(tags.get("Digital Source Type") == ALGORITHMIC,
                  f"{key}: Digital Source Type is {tags.get('Digital Source Type')!r}")
            check("AI System Used" not in tags, f"{key}: the sandbox names an AI system")
        if key.endswith("png"):
            # exiftool shows the line break as a full stop.
            parameters = tags.get("Parameters", "")
            check(parameters.startswith(item["prompt"]) and f"Seed: {item['seed']}" in parameters,
                  f"{key}: Parameters is {parameters!r}")
            # The fake's own text chunk is kept.
            if key.startswith("bfl"):
                check("Comment" in tags, f"{key}: the provider's own text chunk was dropped")
        else:
            check("Parameters" not in tags, f"{key}: a JPEG has no PNG parameters")


@case("export-strip-metadata")
def export_strip(w):
    made = make_gallery(w)
    before = {item["path"]: sha256_file(item["path"]) for item in made.values()}
    out = os.path.join(w.root, "clean")
    run = export(w, "--output", out, "--strip-metadata", "--json",
                 *[item["path"] for item in made.values()])
    expect_exit(run, 0)
    for r in run.json():
        check(r["stripped"] is True and r["error"] is None, f"not stripped: {r}")
        copy = r["path"]
        if copy.endswith(".png"):
            kinds = [k for k, _ in png_chunk_list(copy)]
            check(not set(kinds) & {"tEXt", "zTXt", "iTXt", "eXIf", "tIME", "caBX"},
                  f"metadata chunks left in {copy}: {kinds}")
            check(png_pixels(copy) == png_pixels(r["source"]), f"{copy}: the pixels changed")
        else:
            markers, scans = jpeg_scans(copy)
            check(scans == jpeg_scans(r["source"])[1], f"{copy}: the scans changed")
            apps = [(hex(m), n) for m, n in markers if 0xE0 <= m <= 0xEF or m == 0xFE]
            check(all(n in ("JFIF", "ICC_PROFILE", "Adobe") for _, n in apps),
                  f"metadata segments left in {copy}: {apps}")
        tags = exiftool(copy)
        left = [t for t in RECORD_TAGS + ("Comment", "XMP Toolkit") if t in tags]
        check(not left, f"exiftool still reads {left} in {copy}")
    check({p: sha256_file(p) for p in before} == before, "an original changed")


@case("export-webp")
def export_webp(w):
    """A WebP in the gallery (cwebp, lossy and lossless): the copy becomes
    an extended WebP with its XMP chunk, and libwebp's own tools accept it."""
    for tool in ("cwebp", "webpinfo", "dwebp"):
        if shutil.which(tool) is None:
            raise Skip(f"{tool} is not installed (Debian: webp)")
    run = w.generate("sandbox", "flux-2-pro", "a webp lighthouse", "--output-format", "png",
                     "--width", "256", "--height", "256", keys=())
    expect_exit(run, 0)
    [item] = run.records()
    for mode in ("lossy", "lossless"):
        path = os.path.join(w.library, f"webp-{mode}.webp")
        args = ["cwebp", "-quiet"] + (["-lossless"] if mode == "lossless" else []) \
            + [item["path"], "-o", path]
        subprocess.run(args, check=True)
        with open(item["sidecar"]) as f:
            record = json.load(f)
        record["image"].update(file=os.path.basename(path), sha256=sha256_file(path),
                               bytes=os.path.getsize(path), mime_type="image/webp")
        record["prompt"] = f"a webp lighthouse, {mode}"
        record["provider"] = "bfl"
        with open(os.path.splitext(path)[0] + ".json", "w") as f:
            json.dump(record, f, indent=2)
    # The index learns of the hand-made sidecars by a rebuild.
    shutil.rmtree(os.path.join(w.library, ".flux-studio"))
    out = os.path.join(w.root, "out")
    run = export(w, "--output", out, "--json", "webp-lossy.webp", "webp-lossless.webp")
    expect_exit(run, 0)
    for r in run.json():
        copy = r["path"]
        info = subprocess.run(["webpinfo", copy], capture_output=True, text=True)
        check(info.returncode == 0 and "No error detected" in info.stdout,
              f"webpinfo rejects {copy}: {info.stdout[-600:]}")
        check("Chunk VP8X" in info.stdout and "XMP: 1" in info.stdout,
              f"{copy} is not an extended WebP with XMP: {info.stdout}")
        decoded = subprocess.run(["dwebp", copy, "-o", copy + ".png"], capture_output=True)
        check(decoded.returncode == 0, f"dwebp cannot decode {copy}")
        original = subprocess.run(["dwebp", r["source"], "-o", copy + ".orig.png"],
                                  capture_output=True)
        check(original.returncode == 0, f"dwebp cannot decode {r['source']}")
        check(png_pixels(copy + ".png") == png_pixels(copy + ".orig.png"),
              f"{copy} decodes to other pixels than its original")
        tags = exiftool(copy)
        print(f"exiftool {os.path.basename(copy)}: "
              + "; ".join(f"{t} = {tags.get(t)!r}" for t in RECORD_TAGS))
        check(tags.get("Description", "").startswith("a webp lighthouse, "),
              f"Description is {tags.get('Description')!r}")
        check(tags.get("Digital Source Type") == TRAINED and "AI System Used" in tags,
              f"{copy}: {tags}")
    clean = export(w, "--output", os.path.join(w.root, "clean"), "--strip-metadata", "--json",
                   "webp-lossy.webp")
    expect_exit(clean, 0)
    [r] = clean.json()
    tags = exiftool(r["path"])
    check(not [t for t in RECORD_TAGS if t in tags], f"the stripped WebP has {tags}")


@case("export-select")
def export_select(w):
    """IMAGE as a path, a name in the gallery or a sha256 prefix; --search."""
    prompts = ("a blue heron at dawn", "a copper kettle on a stove", "a heron in the reeds")
    items = []
    for prompt in prompts:
        run = w.generate("sandbox", "flux-2-pro", prompt, keys=())
        expect_exit(run, 0)
        items += run.records()
    out = os.path.join(w.root, "out")
    kettle = items[1]
    run = export(w, "--output", out, "--json", kettle["sha256"][:10],
                 os.path.basename(items[0]["path"]), kettle["path"])
    expect_exit(run, 0)
    sources = [r["source"] for r in run.json()]
    check(sources == [kettle["path"], items[0]["path"]],
          f"a prefix and a name should pick two images, once each: {sources}")
    run = export(w, "--output", out, "--search", "heron", "--json")
    expect_exit(run, 0)
    check(sorted(r["source"] for r in run.json()) == sorted([items[0]["path"], items[2]["path"]]),
          f"--search heron exported {run.stdout!r}")


@case("export-collection")
def export_collection(w):
    """export --collection writes the collection's images, and only them."""
    runs = [w.generate("sandbox", "flux-2-pro", prompt, keys=())
            for prompt in ("a kept fox", "a kept owl", "a cat left out")]
    for run in runs:
        expect_exit(run, 0)
    fox, owl, _ = [run.records()[0] for run in runs]
    expect_exit(lib_run(w, "collection", "add", "Keepers", fox["path"], owl["path"]), 0)
    out = os.path.join(w.root, "out")
    run = export(w, "--output", out, "--collection", "Keepers", "--json")
    expect_exit(run, 0)
    sources = sorted(r["source"] for r in run.json())
    check(sources == sorted([fox["path"], owl["path"]]),
          f"export --collection wrote {sources}")
    check(len(os.listdir(out)) == 2, f"the folder holds {os.listdir(out)}")


@case("export-exit-codes")
def export_exit_codes(w):
    run = w.generate("sandbox", "flux-2-pro", "a good image", keys=())
    expect_exit(run, 0)
    [good] = run.records()
    run = w.generate("sandbox", "flux-2-pro", "an image changed later", keys=())
    expect_exit(run, 0)
    [changed] = run.records()
    out = os.path.join(w.root, "out")

    for args, words in (((good["path"],), "--output"),
                        (("--output", out), "name the images"),
                        (("--output", out, "no-such-image.png"), "is not an image in the gallery"),
                        (("--output", out, "--collection", "Keepers"), "no collection “Keepers”"),
                        (("--output", good["path"], good["path"]), "not a folder")):
        run = export(w, *args)
        expect_exit(run, 2)
        check(words in run.stderr, f"export {args}: stderr lacks {words!r}: {run.stderr!r}")
    check(not os.path.exists(out), "a refused export wrote something")

    # A damaged image is not exported; the others are, and the exit says 4.
    with open(changed["path"], "r+b") as f:
        f.seek(-40, os.SEEK_END)
        f.write(b"\0" * 8)
    run = export(w, "--output", out, "--json", changed["path"], good["path"])
    expect_exit(run, 4)
    results = {r["source"]: r for r in run.json()}
    check(results[changed["path"]]["path"] is None and results[changed["path"]]["error"],
          f"the damaged image was exported: {results[changed['path']]}")
    check(results[good["path"]]["error"] is None and os.path.isfile(results[good["path"]]["path"]),
          "the good image was not exported beside the damaged one")
    check(changed["path"] in run.stderr, "stderr does not name the image that failed")


@case("export-long-prompt-jpeg")
def export_long_prompt(w):
    """A prompt larger than a JPEG's XMP segment holds is shortened in the
    copy's XMP, and the JSON says so; exiftool reads the file."""
    prompt = "a lighthouse & <sea>, " + "灯塔 on a cliff at dusk, " * 3000
    run = w.generate("sandbox", "flux-2-pro", "-", keys=(), stdin=prompt)
    expect_exit(run, 0)
    [item] = run.records()
    run = export(w, "--output", os.path.join(w.root, "out"), "--json", item["path"])
    expect_exit(run, 0)
    [r] = run.json()
    check(r["truncated"] is True, f"the result does not say the prompt was shortened: {r}")
    markers, _ = jpeg_scans(r["path"])
    check((0xE1, "http://ns.adobe.com/xap/1.0/") in markers, "no XMP segment")
    tags = exiftool(r["path"])
    description = tags.get("Description", "")
    check(description.startswith("a lighthouse & <sea>, 灯塔") and description.endswith("…"),
          f"Description is {description[:80]!r} … {description[-20:]!r}")
    check(len(description.encode()) < len(prompt.encode()), "the description was not shortened")


# --------------------------------------------------------------------------

# --------------------------------------------------------------------------
# Editing an image: FLUX.1 Fill and Expand (docs/ARCHITECTURE.md,
# "Editing images")
# --------------------------------------------------------------------------

def png_drawn(width, height, pixel, alpha=False):
    """A PNG whose pixels pixel(x, y) gives: (r, g, b) or (r, g, b, a)."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    raw = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width))
                   for y in range(height))
    colour_type = 6 if alpha else 2
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def read_png(data):
    """(width, height, colour type, rows of channel tuples) of an 8-bit,
    non-interlaced PNG, every filter undone: the standard library's zlib
    is all it takes."""
    check(data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour_type, _, _, interlace = header
    check(depth == 8 and interlace == 0, f"PNG depth {depth}, interlace {interlace}")
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour_type]
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xff
            elif kind == 2:
                line[i] = (line[i] + b) & 0xff
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xff
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xff
        rows.append([tuple(line[x * channels:(x + 1) * channels]) for x in range(width)])
        prev = line
    return width, height, colour_type, rows


EDIT_COLOUR = (30, 90, 200)
EDIT_RECT = (50, 20, 100, 60)   # x0, y0, x1, y1 of the part to change


def in_rect(x, y, rect=EDIT_RECT):
    return rect[0] <= x < rect[2] and rect[1] <= y < rect[3]


def make_edit_files(w, width=200, height=100, mask_size=None):
    """The image to edit (one colour) and a mask of the rectangle to change,
    white on black; their paths."""
    image = os.path.join(w.dirs["refs"], "photo.png")
    mask = os.path.join(w.dirs["refs"], "mask.png")
    mw, mh = mask_size or (width, height)
    with open(image, "wb") as f:
        f.write(png_drawn(width, height, lambda x, y: EDIT_COLOUR))
    with open(mask, "wb") as f:
        f.write(png_drawn(mw, mh, lambda x, y: (255, 255, 255) if in_rect(x, y) else (0, 0, 0)))
    return image, mask


def read_sidecar(item):
    with open(item["sidecar"]) as f:
        return json.load(f)


def expect_lineage(w, item, image, mask_sha=None, margins=None):
    """The record and its sidecar name the parent (the file's sha256 and
    path), the mask in the reference store and the margins."""
    sidecar = read_sidecar(item)
    parent = sidecar.get("parent") or {}
    check(parent.get("sha256") == sha256_file(image),
          f"the sidecar's parent is not the image's sha256: {parent}")
    check(parent.get("path") == os.path.realpath(image) or parent.get("path") == image,
          f"the sidecar's parent path is {parent.get('path')!r}, not {image!r}")
    check((item.get("parent") or {}).get("sha256") == parent.get("sha256"),
          f"the --json record lacks the parent: {item.get('parent')}")
    if mask_sha is not None:
        check(sidecar.get("mask") == mask_sha and item.get("mask") == mask_sha,
              f"the mask is not recorded as {mask_sha}: {sidecar.get('mask')}")
    else:
        check("mask" not in sidecar, "Expand records no mask")
    if margins is not None:
        check(sidecar.get("margins") == margins and item.get("margins") == margins,
              f"margins recorded {sidecar.get('margins')}, expected {margins}")
    return sidecar


def stored_reference(w, sha256):
    folder = os.path.join(w.dirs["data"], "flux-studio", "references")
    found = [f for f in os.listdir(folder) if f.startswith(sha256 + ".")] \
        if os.path.isdir(folder) else []
    check(found, f"{sha256} is not in the reference store")
    with open(os.path.join(folder, found[0]), "rb") as f:
        return f.read()


def expect_grey_mask(data, width, height):
    """An 8-bit greyscale PNG the size of the image: 255 in the rectangle
    to change, 0 elsewhere."""
    mw, mh, colour_type, rows = read_png(data)
    check(colour_type == 0, f"the mask is PNG colour type {colour_type}, not 0 (greyscale)")
    check((mw, mh) == (width, height), f"the mask is {mw}x{mh}, the image {width}x{height}")
    wrong = [(x, y) for y in range(mh) for x in range(mw)
             if rows[y][x][0] != (255 if in_rect(x, y) else 0)]
    check(not wrong, f"{len(wrong)} mask pixels are not white inside and black outside, "
                     f"first {wrong[:3]}")


@case("fill-sandbox")
def fill_sandbox(w):
    image, mask = make_edit_files(w)
    prompt = "a red door, #ff2200"
    run = w.generate("sandbox", "flux-pro-1.0-fill", prompt, "--image", image, "--mask", mask,
                     "--output-format", "png", keys=())
    expect_exit(run, 0)
    [item] = expect_saved(w, run, "sandbox", "flux-pro-1.0-fill", prompt, fmt="png",
                          width=200, height=100, served=False)
    with open(item["path"], "rb") as f:
        width, height, _, rows = read_png(f.read())
    outside = [(x, y) for y in range(height) for x in range(width)
               if not in_rect(x, y) and rows[y][x][:3] != EDIT_COLOUR]
    check(not outside, f"{len(outside)} pixels outside the mask changed, first {outside[:3]}")
    inside = [(x, y) for y in range(height) for x in range(width)
              if in_rect(x, y) and rows[y][x][:3] != EDIT_COLOUR]
    check(len(inside) > 0.9 * 50 * 40, f"only {len(inside)} pixels inside the mask changed")
    sidecar = expect_lineage(w, item, image, mask_sha=item.get("mask"))
    check(sidecar.get("mask"), "the sidecar records no mask")
    expect_grey_mask(stored_reference(w, sidecar["mask"]), 200, 100)
    check(stored_reference(w, sidecar["parent"]["sent"]), "the image is not in the store")
    # A mark rewrites the sidecar (format 3) and keeps the lineage.
    expect_exit(lib_run(w, "rate", "--stars", "2", item["path"]), 0)
    after = read_sidecar(item)
    check(after.get("format") == 3 and after.get("rating") == 2,
          f"the rewritten sidecar is format {after.get('format')!r}, rating {after.get('rating')!r}")
    check(after.get("parent") == sidecar["parent"] and after.get("mask") == sidecar["mask"],
          f"the rewrite lost the lineage: {after.get('parent')}, {after.get('mask')}")


@case("fill-mask-alpha")
def fill_mask_alpha(w):
    # Strokes on a transparent layer: the alpha is the mask, whatever the colour.
    image, _ = make_edit_files(w)
    mask = os.path.join(w.dirs["refs"], "layer.png")
    with open(mask, "wb") as f:
        f.write(png_drawn(200, 100, lambda x, y: (0, 0, 0, 255) if in_rect(x, y) else (0, 0, 0, 0),
                          alpha=True))
    run = w.generate("sandbox", "flux-pro-1.0-fill", "a blue sky", "--image", image,
                     "--mask", mask, keys=())
    expect_exit(run, 0)
    [item] = run.records()
    expect_grey_mask(stored_reference(w, item["mask"]), 200, 100)


@case("fill-mask-wrong-size")
def fill_mask_wrong_size(w):
    w.start_fake()
    image, mask = make_edit_files(w, mask_size=(120, 100))
    run = bfl_generate(w, "a red door", "--image", image, "--mask", mask,
                       model="flux-pro-1.0-fill")
    expect_refused(w, run, "120×100", "200×100")
    # Without any mask, Fill refuses too.
    run = bfl_generate(w, "a red door", "--image", image, model="flux-pro-1.0-fill")
    expect_refused(w, run, "mask")
    run = bfl_generate(w, "a red door", "--mask", mask, model="flux-pro-1.0-fill")
    expect_refused(w, run, "--image")


@case("fill-bfl-mask-on-wire")
def fill_bfl(w):
    images_dir = os.path.join(w.root, "received")
    os.makedirs(images_dir)
    w.start_fake(env={"FAKE_IMAGES_DIR": images_dir})
    image, mask = make_edit_files(w)
    prompt = "a red door fake:ok"
    run = bfl_generate(w, prompt, "--image", image, "--mask", mask, "--steps", "30",
                       "--guidance", "42.5", "--seed", "7", "--output-format", "png",
                       model="flux-pro-1.0-fill")
    expect_exit(run, 0)
    [item] = expect_saved(w, run, "bfl", "flux-pro-1.0-fill", prompt, fmt="png", seed=7,
                          width=200, height=100)
    [submit] = bfl_submit(w, "flux-pro-1.0-fill")
    body = submit.get("json") or {}
    check(body.get("steps") == 30 and body.get("guidance") == 42.5 and body.get("seed") == 7,
          f"Fill body lacks steps/guidance/seed: {body}")
    check("top" not in body and "input_image" not in body, f"Fill body has stray fields: {body}")
    fields = {i["field"]: i for i in submit.get("images") or []}
    check(set(fields) == {"image", "mask"}, f"Fill sent image fields {sorted(fields)}")
    check(fields["image"]["sha256"] == sha256_file(image),
          "the image sent is not the file's own bytes")
    with open(os.path.join(images_dir, fields["mask"]["sha256"]), "rb") as f:
        expect_grey_mask(f.read(), 200, 100)
    expect_lineage(w, item, image, mask_sha=fields["mask"]["sha256"])
    expect_sidecar_params(item, body, skip=("prompt", "image", "mask"))


@case("expand-sandbox")
def expand_sandbox(w):
    image, _ = make_edit_files(w)
    run = w.generate("sandbox", "flux-pro-1.0-expand", "more beach", "--image", image,
                     "--top", "10", "--left", "30", "--output-format", "png", keys=())
    expect_exit(run, 0)
    [item] = expect_saved(w, run, "sandbox", "flux-pro-1.0-expand", "more beach", fmt="png",
                          width=230, height=110, served=False)
    with open(item["path"], "rb") as f:
        _, _, _, rows = read_png(f.read())
    moved = [(x, y) for y in range(100) for x in range(200) if rows[10 + y][30 + x][:3] != EDIT_COLOUR]
    check(not moved, f"{len(moved)} pixels of the image changed in the expansion")
    expect_lineage(w, item, image, margins={"top": 10, "bottom": 0, "left": 30, "right": 0})


@case("expand-to-aspect")
def expand_to_aspect(w):
    # A 200x100 image to a 3:1 banner: 50 pixels on each side, no prompt.
    image, _ = make_edit_files(w)
    run = w.run("generate", "--model", "flux-pro-1.0-expand", "--image", image,
                "--to-aspect", "3:1", "--library", w.library, "--json")
    expect_exit(run, 0)
    [item] = expect_saved(w, run, "sandbox", "flux-pro-1.0-expand", "", width=300, height=100,
                          served=False)
    expect_lineage(w, item, image, margins={"top": 0, "bottom": 0, "left": 50, "right": 50})
    # And to 4:5: 150 pixels split above and below.
    run = w.run("generate", "--image", image, "--to-aspect", "4:5", "--library", w.library,
                "--json")
    expect_exit(run, 0)
    [item] = run.records()
    check((item["width"], item["height"]) == (200, 250),
          f"4:5 of 200x100 is 200x250, got {item['width']}x{item['height']}")
    check(item["model"] == "flux-pro-1.0-expand", "an image without a mask means Expand")


@case("list-lineage")
def list_lineage(w):
    # list reads the index, not the sidecars: an edit's parent, mask and
    # margins still come out as generate printed them, and a plain image
    # has none of the three.
    image, mask = make_edit_files(w)
    plain = w.generate("sandbox", "flux-2-pro", "a plain picture", keys=())
    expect_exit(plain, 0)
    fill = w.generate("sandbox", "flux-pro-1.0-fill", "a red door", "--image", image,
                      "--mask", mask, keys=())
    expect_exit(fill, 0)
    expand = w.generate("sandbox", "flux-pro-1.0-expand", "more beach", "--image", image,
                        "--top", "10", "--right", "20", keys=())
    expect_exit(expand, 0)
    run = lib_run(w, "list", "--json")
    expect_exit(run, 0)
    listed = {item["path"]: item for item in run.json()}
    check(len(listed) == 3, f"list gave {len(listed)} images, expected 3")
    for made, members in ((fill, ("parent", "mask")), (expand, ("parent", "margins"))):
        [item] = made.records()
        entry = listed.get(item["path"]) or {}
        for name in ("parent", "mask", "margins"):
            want = item.get(name) if name in members else None
            check(name not in members or want, f"generate printed no {name} for {item['path']}")
            check(entry.get(name) == want,
                  f"list gives {name} {entry.get(name)!r} for {item['model']}, "
                  f"generate gave {want!r}")
    [item] = plain.records()
    entry = listed.get(item["path"]) or {}
    check(not any(name in entry for name in ("parent", "mask", "margins")),
          f"a plain image is listed with lineage: {entry}")
    # The same from an index built again from the sidecars.
    shutil.rmtree(os.path.join(w.library, ".flux-studio"))
    again = {item["path"]: item for item in lib_run(w, "list", "--json").json()}
    check(again == listed, "the rebuilt index lists the lineage differently")


@case("expand-bfl")
def expand_bfl(w):
    w.start_fake()
    image, _ = make_edit_files(w)
    prompt = "the rest of the room fake:ok"
    run = bfl_generate(w, prompt, "--image", image, "--right", "2048", "--bottom", "16",
                       model="flux-pro-1.0-expand")
    expect_exit(run, 0)
    [item] = expect_saved(w, run, "bfl", "flux-pro-1.0-expand", prompt,
                          width=200 + 2048, height=116)
    [submit] = bfl_submit(w, "flux-pro-1.0-expand")
    body = submit.get("json") or {}
    check((body.get("top"), body.get("bottom"), body.get("left"), body.get("right"))
          == (0, 16, 0, 2048), f"Expand body margins wrong: {body}")
    check("mask" not in body, "Expand sends no mask")
    fields = [i["field"] for i in submit.get("images") or []]
    check(fields == ["image"], f"Expand sent image fields {fields}")
    expect_lineage(w, item, image, margins={"top": 0, "bottom": 16, "left": 0, "right": 2048})


@case("expand-invalid")
def expand_invalid(w):
    w.start_fake()
    image, _ = make_edit_files(w)
    run = bfl_generate(w, "nothing to add", "--image", image, model="flux-pro-1.0-expand")
    expect_refused(w, run, "at least one side")
    run = bfl_generate(w, "too far", "--image", image, "--left", "2049",
                       model="flux-pro-1.0-expand")
    expect_refused(w, run, "2049", "2048")
    run = bfl_generate(w, "both", "--image", image, "--left", "8", "--to-aspect", "16:9",
                       model="flux-pro-1.0-expand")
    expect_refused(w, run, "--to-aspect")
    run = bfl_generate(w, "a ratio", "--image", image, "--to-aspect", "wide",
                       model="flux-pro-1.0-expand")
    expect_refused(w, run, "W:H")
    # Margins are Expand's; a text-to-image model takes none.
    run = bfl_generate(w, "margins on flux-2-pro", "--top", "64")
    expect_refused(w, run, "top")



def main(argv):
    if len(argv) == 2 and argv[1] == "--list":
        print("\n".join(CASES))
        return 0
    if len(argv) != 2 or argv[1] not in CASES:
        print(f"usage: {argv[0]} --list | CASE", file=sys.stderr)
        return 2
    name = argv[1]
    world = World(name)
    try:
        CASES[name](world)
        world.finish()
    except Skip as e:
        print(f"SKIP {name}: {e}")
        return SKIP
    except Failure as e:
        print(f"FAIL {name}: {e}")
        print(world.diagnostics())
        return 1
    except Exception:
        import traceback
        print(f"ERROR {name}:")
        traceback.print_exc(file=sys.stdout)
        print(world.diagnostics())
        return 1
    finally:
        world.cleanup()
    print(f"PASS {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
