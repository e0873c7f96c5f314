# test-first-minute.py
#
# Copyright 2026 The Flux Studio authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""A new user's first minute, as a new user lives it: the README's run
command, read from README.md, in a clean environment (env -i, a fresh
HOME, nothing exported); and `meson install` into a DESTDIR, started
from there the way a distribution would run it.

    test-first-minute.py --list     names of all cases
    test-first-minute.py NAME       run one case (exit 0 pass, 1 fail, 77 skip)

Environment: FS_SOURCE_ROOT, FS_BUILD_ROOT; DISPLAY (and XAUTHORITY) of
an X server for the cases with a window.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SKIP = 77
APP_ID = "io.github.fluxstudio.FluxStudio"
WINDOW_TITLE = "Flux Studio"
# What a program's output must never hold: GLib's log levels.
BAD_OUTPUT = re.compile(r"\b(CRITICAL|ERROR|WARNING)\b")
PATH = "/usr/local/bin:/usr/bin:/bin"

SOURCE = os.environ.get("FS_SOURCE_ROOT", "")
BUILD = os.environ.get("FS_BUILD_ROOT", "")
CASES = {}

# The end-to-end harness: its checks, and for the installed app its
# accessibility helpers.
sys.path.insert(0, os.path.join(SOURCE, "tests", "ui", "e2e"))
import fs_e2e as e2e  # noqa: E402
from fs_e2e import Failure, Skip, check, say  # noqa: E402


def case(func):
    CASES[func.__name__.replace("_", "-")] = func
    return func


def readme_commands():
    """The commands of the README's Quick start block, in order, without
    their comments."""
    with open(os.path.join(SOURCE, "README.md"), encoding="utf-8") as f:
        text = f.read()
    section = re.search(r"^## Quick start\n(.*?)(?=^## )", text, re.S | re.M)
    check(section, "README.md has no “## Quick start” section")
    block = re.search(r"```sh\n(.*?)```", section.group(1), re.S)
    check(block, "the Quick start section has no ```sh block")
    commands = []
    for line in block.group(1).splitlines():
        command = line.split("#", 1)[0].strip()
        if command:
            commands.append(command)
    check(len(commands) == 2,
          f"the Quick start block should hold exactly two commands, not {commands}")
    return commands


def run_command():
    run, test = readme_commands()
    check(run.split()[-1] == "run" and test.split()[-1] == "test",
          f"the Quick start commands are not “… run” and “… test”: {run!r}, {test!r}")
    script = run.split()[0]
    check(os.access(os.path.join(SOURCE, script), os.X_OK),
          f"the README's run command names {script}, which is not an executable script")
    return run


def require_default_build():
    """The README's commands build in _build beside the sources; run from
    another build directory they would start a whole new build."""
    if os.path.realpath(BUILD) != os.path.realpath(os.path.join(SOURCE, "_build")):
        raise Skip(f"the README's commands use {SOURCE}/_build; this build is {BUILD}")


def clean_env(home, **extra):
    """What a new user's shell holds: a PATH and a HOME, and on a desktop
    the display and the session bus."""
    env = {"PATH": PATH, "HOME": home}
    env.update({k: v for k, v in extra.items() if v is not None})
    return env


def bad_lines(output):
    """Lines of GLib warnings and errors. The session bus's own daemon
    (started by dbus-run-session, as a login would) shares the output; its
    lines are its business, not the app's."""
    return [line for line in output.splitlines()
            if BAD_OUTPUT.search(line) and not line.startswith("dbus-daemon[")]


def gallery_images(home):
    gallery = os.path.join(home, "Pictures", "Flux Studio")
    if not os.path.isdir(gallery):
        return []
    return sorted(f for f in os.listdir(gallery)
                  if f.lower().endswith((".jpg", ".jpeg", ".png", ".webp")))


def x_windows():
    out = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True,
                         text=True, timeout=20)
    return out.stdout


def window_shown(pid):
    """A top-level window titled "Flux Studio" on the display."""
    return re.search(r'^\s+0x[0-9a-f]+ "' + re.escape(WINDOW_TITLE) + r'":',
                     x_windows(), re.M) is not None


def stop(proc):
    """The whole process group: the script, the app, the session bus."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


# --------------------------------------------------------------------------

@case
def readme_headless(tmp):
    """Without a display the run command makes one sandbox image."""
    require_default_build()
    command = run_command()
    home = os.path.join(tmp, "home")
    os.makedirs(home)
    say(f"$ env -i PATH={PATH} HOME={home} {command}")
    out = subprocess.run(["bash", "-c", command], cwd=SOURCE, env=clean_env(home),
                         stdin=subprocess.DEVNULL, capture_output=True, text=True,
                         timeout=1500)
    say(out.stdout + out.stderr)
    check(out.returncode == 0, f"the run command exited with {out.returncode}")
    images = gallery_images(home)
    check(len(images) == 1, f"~/Pictures/Flux Studio should hold one image, not {images}")
    check(not bad_lines(out.stdout + out.stderr),
          f"warnings in the output: {bad_lines(out.stdout + out.stderr)}")


@case
def readme_display(tmp):
    """On a display the run command opens the window, and it stays."""
    require_default_build()
    if not os.environ.get("DISPLAY"):
        raise Skip("no X display: run the tests under xvfb-run (see the README)")
    for tool in ("xwininfo", "dbus-run-session"):
        if shutil.which(tool) is None:
            raise Skip(f"{tool} is not installed")
    if window_shown(None):
        raise Skip("another “Flux Studio” window is already on this display")
    command = run_command()
    home = os.path.join(tmp, "home")
    os.makedirs(home)
    log_path = os.path.join(tmp, "run.log")
    # An accessibility bus, as a desktop login has one: the window is read
    # through it below.
    world = e2e.World("readme")
    world.start_a11y_bus()
    env = clean_env(home, DISPLAY=os.environ["DISPLAY"],
                    XAUTHORITY=os.environ.get("XAUTHORITY"),
                    AT_SPI_BUS_ADDRESS=os.environ["AT_SPI_BUS_ADDRESS"])
    say(f"$ env -i PATH={PATH} HOME={home} DISPLAY={env['DISPLAY']} "
        f"dbus-run-session -- {command}")
    with open(log_path, "w") as log:
        # A desktop login gives the user a session bus; dbus-run-session
        # gives the app one of its own, with this HOME.
        proc = subprocess.Popen(["dbus-run-session", "--", "bash", "-c", command],
                                cwd=SOURCE, env=env, stdin=subprocess.DEVNULL,
                                stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        deadline = time.monotonic() + 900
        while not window_shown(proc.pid):
            check(proc.poll() is None,
                  f"the run command exited with {proc.returncode} before a window appeared")
            check(time.monotonic() < deadline, "no “Flux Studio” window after 900 s")
            time.sleep(0.2)
        say("a “Flux Studio” window is shown")
        # Not only a window: the first run's welcome page, drawn and
        # answering (GL on llvmpipe once left it "Loading the models…").
        app = e2e.App(world, AppProcess(newest_app_pid()), 1)
        app.find(name="Welcome to Flux Studio", timeout=40, what="the welcome page")
        say("… showing the welcome page")
        time.sleep(8)
        check(proc.poll() is None, f"the app exited with {proc.returncode} within 8 s")
        check(window_shown(proc.pid), "the “Flux Studio” window is gone within 8 s")
        say("… and is still up 8 s later")
    finally:
        stop(proc)
        world.cleanup()
        with open(log_path, errors="replace") as f:
            output = f.read()
        say("--- output\n" + output)
    check(not bad_lines(output), f"warnings in the output: {bad_lines(output)}")


class AppProcess:
    """The app the run command execs, for e2e.App, which finds its window
    on the accessibility bus by pid."""
    def __init__(self, pid):
        self.pid = pid
        self.returncode = None

    def poll(self):
        return None if os.path.exists(f"/proc/{self.pid}") else 0


def newest_app_pid():
    out = subprocess.run(["pgrep", "-n", "-x", "flux-studio"], capture_output=True, text=True)
    check(out.returncode == 0, "no flux-studio process behind the window")
    return int(out.stdout.split()[0])


# --------------------------------------------------------------------------

def build_prefix():
    out = subprocess.run(["meson", "introspect", BUILD, "--buildoptions"],
                         capture_output=True, text=True, check=True, timeout=60)
    options = {o["name"]: o["value"] for o in json.loads(out.stdout)}
    return options["prefix"], options["bindir"], options["datadir"]


def desktop_entry(path):
    entry = {}
    with open(path, encoding="utf-8") as f:
        in_main = False
        for line in f:
            line = line.strip()
            if line.startswith("["):
                in_main = line == "[Desktop Entry]"
            elif in_main and "=" in line:
                key, value = line.split("=", 1)
                entry[key.strip()] = value.strip()
    return entry


def validate(argv, what):
    if shutil.which(argv[0]) is None:
        raise Skip(f"{argv[0]} is not installed, so the {what} cannot be checked")
    out = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    say(f"$ {' '.join(argv)}\n{out.stdout}{out.stderr}".rstrip())
    check(out.returncode == 0, f"{argv[0]} found problems in the {what}")


def check_installed_tree(root, bindir, datadir):
    share = os.path.join(root, datadir)

    # Distributions compile the schemas after installing (a trigger);
    # the installed schema must compile strictly.
    schemas = os.path.join(share, "glib-2.0", "schemas")
    check(os.path.exists(os.path.join(schemas, APP_ID + ".gschema.xml")), "no schema installed")
    validate(["glib-compile-schemas", "--strict", schemas], "installed schema")
    check(os.path.exists(os.path.join(schemas, "gschemas.compiled")), "schemas not compiled")

    desktop = os.path.join(share, "applications", APP_ID + ".desktop")
    check(os.path.exists(desktop), f"no desktop file at {desktop}")
    validate(["desktop-file-validate", desktop], "desktop file")
    entry = desktop_entry(desktop)
    program = entry.get("Exec", "").split()[0] if entry.get("Exec") else ""
    check(program and os.access(os.path.join(root, bindir, program), os.X_OK),
          f"the desktop file's Exec ({entry.get('Exec')!r}) is not an installed program")
    icon = entry.get("Icon", "")
    icons = [os.path.join(dirpath, f)
             for dirpath, _, files in os.walk(os.path.join(share, "icons", "hicolor"))
             for f in files if os.path.splitext(f)[0] == icon]
    check(icons, f"the desktop file's Icon {icon!r} is not in the hicolor theme")
    check(any("/scalable/apps/" in p for p in icons), f"no scalable app icon: {icons}")
    check(any(p.endswith(icon + "-symbolic.svg") or "/symbolic/apps/" in p
              for p in [os.path.join(d, f)
                        for d, _, fs in os.walk(os.path.join(share, "icons", "hicolor"))
                        for f in fs]),
          "no symbolic app icon")

    metainfo = os.path.join(share, "metainfo", APP_ID + ".metainfo.xml")
    check(os.path.exists(metainfo), f"no metainfo at {metainfo}")
    validate(["appstreamcli", "validate", "--no-net", "--pedantic", metainfo]
             if shutil.which("appstreamcli") else ["appstream-util", "validate-relax", metainfo],
             "metainfo")

    with open(os.path.join(SOURCE, "po", "LINGUAS")) as f:
        languages = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    for lang in languages:
        mo = os.path.join(share, "locale", lang, "LC_MESSAGES", "flux-studio.mo")
        check(os.path.exists(mo), f"no {lang} translation installed at {mo}")
    say(f"installed tree is complete: schema, desktop file, icons {icons}, metainfo, "
        f"translations {languages}")


def installed_window_speaks(root, bindir, datadir, tmp):
    """The installed app, found through XDG_DATA_DIRS only, in German."""
    if not os.environ.get("DISPLAY"):
        raise Skip("no X display: run the tests under xvfb-run (see the README)")
    world = e2e.World("installed")
    try:
        world.start_a11y_bus()
        env = {k: v for k, v in os.environ.items()
               if k not in e2e.KEY_ENVS and not k.startswith(("GSETTINGS", "FLUX_STUDIO",
                                                              "G_", "GTK_", "LC_", "LANG"))}
        env.update({
            "XDG_DATA_DIRS": f"{os.path.join(root, datadir)}:/usr/local/share:/usr/share",
            "LANG": "C.UTF-8",
            "LANGUAGE": "de",
            "GSK_RENDERER": "cairo",
            "GDK_BACKEND": "x11",
            "G_DEBUG": "fatal-criticals",
        })
        program = os.path.join(root, bindir, "flux-studio")
        proc = world.spawn([program], "app-1.log", env=env)
        app = e2e.App(world, proc, 1)
        world.apps.append(app)
        welcome = app.find(name="Willkommen bei Flux Studio", timeout=40,
                           what="the German welcome page")
        add_key = app.find_control("API-Schlüssel hinzufügen")
        say(f"the installed app speaks German: {e2e.name_of(welcome)!r}, "
            f"{e2e.name_of(add_key)!r}")
        with open(os.path.join(world.logs, "app-1.log"), errors="replace") as f:
            output = f.read()
        check(not bad_lines(output), f"warnings in the app's output: {bad_lines(output)}")
    except Failure:
        say(world.diagnostics())
        raise
    finally:
        world.cleanup()


@case
def installed(tmp):
    """meson install into a DESTDIR gives a working app."""
    if os.environ.get("FS_PRIVATE_BUS") != "1":
        raise Failure("run inside the private session bus (see main)")
    prefix, bindir, datadir = build_prefix()
    destdir = os.path.join(tmp, "destdir")
    out = subprocess.run(["meson", "install", "-C", BUILD, "--no-rebuild", "--destdir", destdir],
                         capture_output=True, text=True, timeout=600)
    check(out.returncode == 0, f"meson install failed:\n{out.stdout}{out.stderr}")
    root = destdir + prefix
    check_installed_tree(root, bindir, datadir)
    installed_window_speaks(root, bindir, datadir, tmp)


# --------------------------------------------------------------------------

def main(argv):
    if len(argv) == 2 and argv[1] == "--list":
        print("\n".join(CASES))
        return 0
    if len(argv) != 2 or argv[1] not in CASES:
        print(f"usage: {argv[0]} --list | {' | '.join(CASES)}", file=sys.stderr)
        return 2
    if not SOURCE or not BUILD:
        print("FS_SOURCE_ROOT and FS_BUILD_ROOT must be set", file=sys.stderr)
        return 2
    name = argv[1]
    if name == "installed" and os.environ.get("FS_PRIVATE_BUS") != "1":
        if shutil.which("dbus-run-session") is None:
            say("skipped: dbus-run-session is not installed")
            return SKIP
        env = dict(os.environ, FS_PRIVATE_BUS="1")
        os.execvpe("dbus-run-session",
                   ["dbus-run-session", "--", sys.executable, os.path.abspath(argv[0]), name], env)
    tmp = tempfile.mkdtemp(prefix=f"fs-first-minute-{name}-")
    try:
        CASES[name](tmp)
        say(f"ok: {name}")
        return 0
    except Skip as e:
        say(f"skipped: {e}")
        return SKIP
    except Failure as e:
        say(f"FAIL: {name}: {e}")
        return 1
    finally:
        if not os.environ.get("FS_TEST_KEEP"):
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
