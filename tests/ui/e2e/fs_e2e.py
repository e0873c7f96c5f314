# fs_e2e.py
#
# Copyright 2026 The Flux Studio authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The harness of the end-to-end tests: a private world for the real
flux-studio binary, and AT-SPI helpers that find its widgets by the
accessible names of the product's accessibility contract.

Each case runs in its own D-Bus session (test-e2e.py re-executes itself
under dbus-run-session), with its own accessibility bus, throwaway HOME
and XDG directories, GSettings in a key file, and, when asked, an
unlocked throwaway gnome-keyring. The display is the one the test
command's xvfb-run provides.
"""

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77
TEST_KEY = "fs-e2e-key-7d3b1c"
APP_ID = "io.github.fluxstudio.FluxStudio"
SETTINGS_GROUP = "io/github/fluxstudio/FluxStudio"
IMAGE_EXTS = (".jpg", ".jpeg", ".png", ".webp")
KEY_ENVS = ("BFL_API_KEY", "APIYI_API_KEY", "MONICA_API_KEY", "FLUX_STUDIO_API_KEY")
BUS_LAUNCHERS = ("/usr/libexec/at-spi-bus-launcher",
                 "/usr/lib/at-spi2-core/at-spi-bus-launcher")

Atspi = None


class Failure(Exception):
    pass


class Skip(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def say(message):
    print(message, flush=True)


def import_atspi():
    """Atspi reads AT_SPI_BUS_ADDRESS when it first connects, so it is
    imported only once the private accessibility bus is known."""
    global Atspi
    if Atspi is not None:
        return Atspi
    try:
        import gi
        gi.require_version("Atspi", "2.0")
        from gi.repository import Atspi as module
    except (ImportError, ValueError) as e:
        raise Skip(f"the AT-SPI Python bindings cannot be imported ({e}); "
                   "install python3-gi and gir1.2-atspi-2.0")
    module.init()
    Atspi = module
    global PASSIVE_ROLES, CONTAINER_ROLES
    PASSIVE_ROLES = (Atspi.Role.LABEL, Atspi.Role.STATIC)
    CONTAINER_ROLES = (Atspi.Role.LIST_ITEM, Atspi.Role.LIST, Atspi.Role.PANEL,
                       Atspi.Role.FILLER, Atspi.Role.GROUPING)
    return Atspi


def wait_until(predicate, timeout, what, interval=0.1):
    """Polls @predicate until it returns something true; AT-SPI errors
    while widgets come and go count as "not yet"."""
    end = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = predicate()
            if value:
                return value
        except Failure:
            raise
        except Exception as e:  # GLib.Error from a vanished accessible
            last_error = e
        if time.monotonic() > end:
            detail = f" (last error: {last_error})" if last_error else ""
            raise Failure(f"timed out after {timeout} s waiting for {what}{detail}")
        time.sleep(interval)


# --------------------------------------------------------------------------
# Accessible tree
# --------------------------------------------------------------------------

def children(acc):
    try:
        n = acc.get_child_count()
    except Exception:
        return []
    result = []
    for i in range(n):
        try:
            child = acc.get_child_at_index(i)
        except Exception:
            child = None
        if child is not None:
            result.append(child)
    return result


def walk(acc):
    """Depth first, in order."""
    stack = [acc]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(children(node)))


def name_of(acc):
    try:
        return acc.get_name() or ""
    except Exception:
        return ""


def role_of(acc):
    try:
        return acc.get_role()
    except Exception:
        return None


def states(acc, fresh=False):
    """@fresh drops libatspi's cached states first: GTK 4.8 sends no
    state-changed event for some states (invalid-entry), so a cached set
    would never change."""
    try:
        if fresh:
            acc.clear_cache()
        return acc.get_state_set()
    except Exception:
        return None


def has_state(acc, state):
    s = states(acc, fresh=True)
    return s is not None and s.contains(state)


def is_showing(acc):
    """GTK 4.8 sets SHOWING on windows only; VISIBLE is what it keeps up
    to date on widgets (hidden widgets leave the tree altogether)."""
    s = states(acc)
    return s is not None and (s.contains(Atspi.StateType.SHOWING)
                              or s.contains(Atspi.StateType.VISIBLE))


def is_on_screen(acc):
    """Visible and drawn: GTK keeps the pages of a stack that is showing
    another page VISIBLE, but they have no size on screen."""
    if not is_showing(acc):
        return False
    try:
        rect = acc.get_extents(Atspi.CoordType.WINDOW)
    except Exception:
        return False
    return rect.width > 0 and rect.height > 0


def has_iface(acc, name):
    try:
        return name in acc.get_interfaces()
    except Exception:
        return False


PASSIVE_ROLES = ()  # filled in by import_atspi()
CONTAINER_ROLES = ()


def control_rank(acc):
    """Higher for what takes input: a spin button beats the row around it."""
    if role_of(acc) in CONTAINER_ROLES:
        return 0
    if has_iface(acc, "Value") or has_iface(acc, "EditableText"):
        return 3
    if has_iface(acc, "Action"):
        return 2
    return 1


def is_invalid(acc):
    """GTK 4.8 reports GTK_ACCESSIBLE_STATE_INVALID as AT-SPI's "invalid"
    state; newer versions as "invalid-entry"."""
    s = states(acc, fresh=True)
    return s is not None and (s.contains(Atspi.StateType.INVALID_ENTRY)
                              or s.contains(Atspi.StateType.INVALID))


def is_sensitive(acc):
    s = states(acc, fresh=True)
    return s is not None and (s.contains(Atspi.StateType.SENSITIVE)
                              or s.contains(Atspi.StateType.ENABLED))


def matches(acc, name=None, roles=None, contains=None, showing=True):
    if roles is not None and role_of(acc) not in roles:
        return False
    text = name_of(acc)
    if name is not None and text != name:
        return False
    if contains is not None and contains.lower() not in text.lower():
        return False
    return not showing or is_showing(acc)


def find_all(root, **criteria):
    return [a for a in walk(root) if matches(a, **criteria)]


def find_first(root, **criteria):
    for a in walk(root):
        if matches(a, **criteria):
            return a
    return None


def text_of(acc):
    try:
        n = acc.get_character_count()
        return acc.get_text(0, n) if n >= 0 else ""
    except Exception:
        return None


def dump(root, path):
    """The tree as indented lines of role, name, states: the first thing
    to read when a case fails."""
    lines = []

    def visit(acc, depth):
        s = states(acc)
        flags = []
        if s is not None:
            for flag in ("VISIBLE", "SHOWING", "SENSITIVE", "FOCUSED", "CHECKED",
                         "SELECTED", "INVALID", "INVALID_ENTRY"):
                if s.contains(getattr(Atspi.StateType, flag)):
                    flags.append(flag.lower())
        value = text_of(acc)
        extra = f" text={value[:80]!r}" if value else ""
        lines.append(f"{'  ' * depth}{acc.get_role_name() if role_of(acc) else '?'} "
                     f"{name_of(acc)!r} [{' '.join(flags)}]{extra}")
        if depth < 60:
            for child in children(acc):
                visit(child, depth + 1)

    try:
        visit(root, 0)
    except Exception as e:
        lines.append(f"(tree walk stopped: {e})")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


# --------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------

KEYSYMS = {
    "space": 0x20, "a": 0x61, "b": 0x62, "d": 0x64, "e": 0x65, "l": 0x6c, "r": 0x72, "comma": 0x2c, "Return": 0xff0d,
    "Escape": 0xff1b, "Delete": 0xffff, "Tab": 0xff09, "Down": 0xff54,
    "F9": 0xffc6, "F10": 0xffc7, "Menu": 0xff67,
    "f": 0x66, "0": 0x30, "1": 0x31, "2": 0x32, "3": 0x33, "4": 0x34, "5": 0x35,
}
MODIFIERS = {"Control": "CONTROL", "Shift": "SHIFT", "Alt": "ALT"}


def press(*names):
    """A key, with modifiers ("Control", "Shift", "Alt") locked around it,
    through XTest: it goes to the window with the X focus."""
    *mods, key = names
    mask = 0
    for mod in mods:
        mask |= 1 << int(getattr(Atspi.ModifierType, MODIFIERS[mod]))
    if mask:
        Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.LOCKMODIFIERS)
    Atspi.generate_keyboard_event(KEYSYMS[key], None, Atspi.KeySynthType.SYM)
    if mask:
        Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.UNLOCKMODIFIERS)
    time.sleep(0.1)


def type_text(text):
    Atspi.generate_keyboard_event(0, text, Atspi.KeySynthType.STRING)
    time.sleep(0.1)


def focus(acc):
    """Keyboard focus on @acc: GTK 4.8 does not implement GrabFocus, so a
    click where it is drawn does it (windows sit at the origin of the
    screen without a window manager, so window coordinates are screen
    coordinates; the click also moves the X focus there)."""
    try:
        if acc.grab_focus():
            return True
    except Exception:
        pass
    return click_at(acc)


def click_at(acc, button=1, double=False):
    try:
        rect = acc.get_extents(Atspi.CoordType.WINDOW)
    except Exception:
        return False
    if rect.width <= 0 or rect.height <= 0:
        return False
    x, y = rect.x + rect.width // 2, rect.y + rect.height // 2
    Atspi.generate_mouse_event(x, y, f"b{button}{'d' if double else 'c'}")
    time.sleep(0.2)
    return True


def click(acc):
    """The widget's own action (what a screen reader does), else focus
    and Space."""
    try:
        n = acc.get_n_actions()
    except Exception:
        n = 0
    for i in range(n):
        if acc.get_action_name(i) in ("click", "activate", "press", "toggle"):
            return acc.do_action(i)
    if n:
        return acc.do_action(0)
    check(focus(acc), f"cannot click {name_of(acc)!r}: no action and no focus")
    press("space")
    return True


def set_text(acc, text, commit=False):
    """Replaces the text of an entry, text view or spin button. EditableText
    first; typing when the widget does not offer it. @commit presses Enter
    afterwards (a spin button takes its text as a value then)."""
    done = False
    try:
        if has_iface(acc, "EditableText"):
            done = acc.set_text_contents(text)
    except Exception:
        done = False
    if not done or text_of(acc) != text:
        check(focus(acc), f"cannot focus {name_of(acc)!r} to type into it")
        press("Control", "a")
        press("Delete")
        type_text(text)
    if commit:
        focus(acc)
        press("Return")


def set_number(acc, value):
    """A spin button's value: the Value interface, else its text + Enter."""
    try:
        if has_iface(acc, "Value") and acc.set_current_value(float(value)):
            if abs(acc.get_current_value() - float(value)) < 1e-6:
                return
    except Exception:
        pass
    set_text(acc, str(value), commit=True)


def number_of(acc):
    try:
        if has_iface(acc, "Value"):
            return acc.get_current_value()
    except Exception:
        pass
    text = text_of(acc) or ""
    m = re.search(r"-?\d+(\.\d+)?", text)
    return float(m.group(0)) if m else None


# --------------------------------------------------------------------------
# The world
# --------------------------------------------------------------------------

class World:
    """Throwaway directories, the accessibility bus, the keyring, the fake
    server and the app processes of one case."""

    def __init__(self, name):
        self.name = name
        self.root = tempfile.mkdtemp(prefix=f"fs-e2e-{name}-")
        self.dirs = {}
        for d in ("home", "config", "data", "cache", "runtime", "logs"):
            path = os.path.join(self.root, d)
            os.makedirs(path, mode=0o700)
            self.dirs[d] = path
        self.logs = self.dirs["logs"]
        self.pictures = os.path.join(self.dirs["home"], "Pictures")
        self.gallery = os.path.join(self.pictures, "Flux Studio")
        os.makedirs(self.pictures)
        self.processes = []
        self.apps = []
        self.fake = None
        self.urls = None
        self.heal_file = None
        self.fake_log = os.path.join(self.logs, "fake.log")
        self.app_bin = os.environ.get("FS_APP")
        self.fake_bin = os.environ.get("FS_FAKE_SERVER")
        self.settings = {}
        self.notification_log = os.path.join(self.logs, "notifications.jsonl")
        self.notifications_started = False
        self._export_dirs()

    def _export_dirs(self):
        """Everything started from here on (bus launcher, keyring, app)
        shares these directories."""
        os.environ.update({
            "HOME": self.dirs["home"],
            "XDG_CONFIG_HOME": self.dirs["config"],
            "XDG_DATA_HOME": self.dirs["data"],
            "XDG_CACHE_HOME": self.dirs["cache"],
            "XDG_RUNTIME_DIR": self.dirs["runtime"],
        })
        # GLib takes the Pictures folder from user-dirs.dirs, not from an
        # environment variable.
        with open(os.path.join(self.dirs["config"], "user-dirs.dirs"), "w") as f:
            f.write('XDG_PICTURES_DIR="$HOME/Pictures"\n')

    def spawn(self, argv, log_name, env=None, stdin=None):
        out = open(os.path.join(self.logs, log_name), "w")
        proc = subprocess.Popen(argv, stdin=stdin or subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, env=env, cwd=self.dirs["home"])
        out.close()
        self.processes.append(proc)
        return proc

    # Accessibility bus ---------------------------------------------------

    def start_a11y_bus(self):
        """A private accessibility bus, named to both the app and this
        client through AT_SPI_BUS_ADDRESS: on X11 GTK would otherwise
        prefer the root window's AT_SPI_BUS property, which any other
        session on this display may have set."""
        launcher = next((p for p in BUS_LAUNCHERS if os.access(p, os.X_OK)), None)
        if launcher is None:
            raise Skip("at-spi-bus-launcher is not installed (package at-spi2-core)")
        os.environ.pop("AT_SPI_BUS_ADDRESS", None)
        self.spawn([launcher, "--launch-immediately"], "at-spi-bus-launcher.log")

        def address():
            out = subprocess.run(
                ["gdbus", "call", "--session", "--dest", "org.a11y.Bus",
                 "--object-path", "/org/a11y/bus", "--method", "org.a11y.Bus.GetAddress"],
                capture_output=True, text=True, timeout=10)
            m = re.search(r"'([^']+)'", out.stdout)
            return m.group(1) if out.returncode == 0 and m else None

        os.environ["AT_SPI_BUS_ADDRESS"] = wait_until(address, 20, "the accessibility bus")
        import_atspi()

    # Keyring -------------------------------------------------------------

    def start_keyring(self):
        """An unlocked throwaway gnome-keyring on this case's session bus,
        before the first libsecret call (tests/with-keyring.sh does the
        same for the core tests)."""
        daemon = shutil.which("gnome-keyring-daemon")
        if daemon is None:
            raise Skip("gnome-keyring-daemon is not installed")
        out = subprocess.run([daemon, "--unlock", "--components=secrets"], input=b"pw",
                             capture_output=True, timeout=30)
        with open(os.path.join(self.logs, "keyring.log"), "wb") as f:
            f.write(out.stdout + out.stderr)
        check(out.returncode == 0, "gnome-keyring-daemon did not start")
        for line in out.stdout.decode().splitlines():
            if "=" in line:
                k, v = line.split("=", 1)
                os.environ[k] = v

    def keyring_lookup(self, provider):
        tool = shutil.which("secret-tool")
        if tool is None:
            raise Skip("secret-tool is not installed (package libsecret-tools)")
        out = subprocess.run([tool, "lookup", "provider", provider],
                             capture_output=True, text=True, timeout=30)
        return out.stdout if out.returncode == 0 else None

    # Fake server ---------------------------------------------------------

    def start_fake(self, max_requests=300):
        check(self.fake_bin and os.access(self.fake_bin, os.X_OK),
              f"FS_FAKE_SERVER is not an executable: {self.fake_bin!r}")
        self.heal_file = os.path.join(self.root, "healed")
        env = dict(os.environ, FAKE_EXPECTED_KEY=TEST_KEY, FAKE_HEAL_FILE=self.heal_file)
        stderr = open(os.path.join(self.logs, "fake.stderr"), "w")
        self.fake = subprocess.Popen(
            [self.fake_bin, "--log", self.fake_log, "--max-requests", str(max_requests),
             "--max-seconds", "170"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr, env=env)
        stderr.close()
        self.processes.append(self.fake)
        line = self.fake.stdout.readline().decode()
        try:
            self.urls = json.loads(line)
        except ValueError:
            raise Failure(f"the fake server's first line is not JSON: {line!r}")
        return self.urls

    def fake_requests(self):
        if not os.path.exists(self.fake_log):
            return []
        with open(self.fake_log) as f:
            return [json.loads(line) for line in f if line.strip()]

    def check_wire(self):
        """A key goes only to the API host, in BFL's header; polls and
        downloads carry none, and no key is ever in a URL or a body."""
        for e in self.fake_requests():
            where = f"{e['method']} {e['role']}:{e['path']}"
            check(not e["key_in_url"] and not e["key_in_body"],
                  f"the key was sent in the URL or body of {where}")
            if e["role"] != "api" or e["path"].startswith("/results/"):
                check(not e["has_key"], f"a key was sent to {where}")
            elif (e.get("counter") or "").startswith("bfl:"):
                check(e["auth"] == "x-key" and e["key_ok"],
                      f"{where} did not carry the right key in x-key")

    # Settings and the app ------------------------------------------------

    def write_settings(self, values):
        """GSettings through the key file backend, written before the app
        starts: strings are quoted GVariant text."""
        self.settings.update(values)
        path = os.path.join(self.dirs["config"], "glib-2.0", "settings")
        os.makedirs(path, exist_ok=True)
        lines = [f"[{SETTINGS_GROUP}]"]
        for key, value in self.settings.items():
            if isinstance(value, bool):
                text = "true" if value else "false"
            elif isinstance(value, (int, float)):
                text = str(value)
            else:
                text = "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"
            lines.append(f"{key}={text}")
        with open(os.path.join(path, "keyfile"), "w") as f:
            f.write("\n".join(lines) + "\n")

    def app_env(self, keys=(), extra=None):
        env = {k: v for k, v in os.environ.items()
               if k not in KEY_ENVS and k not in ("NO_AT_BRIDGE", "GTK_A11Y",
                                                  "G_MESSAGES_DEBUG", "GSETTINGS_BACKEND")}
        env.update({
            "GSETTINGS_BACKEND": "keyfile",
            "GDK_BACKEND": "x11",
            "GSK_RENDERER": "cairo",
            "LANGUAGE": "C",
            "LC_ALL": "C.UTF-8",
            "FLUX_STUDIO_TIMEOUT": "20",
            # A warning or a critical in the app is a bug: it ends the case
            # with the log (HACKING.md, “Tests”).
            "G_DEBUG": "gc-friendly,fatal-warnings",
        })
        for k in keys:
            env[k] = TEST_KEY
        env.update(extra or {})
        return env

    def start_notification_server(self):
        """fake-notifications.py on this case's session bus, as GNOME Shell
        is on a desktop: GLib picks its notification backend at the first
        notification, and without a server its fallback warns, which
        G_DEBUG=fatal-warnings turns into a crash of the app."""
        if self.notifications_started:
            return
        here = os.path.dirname(os.path.abspath(__file__))
        self.spawn(["/usr/bin/python3", os.path.join(here, "fake-notifications.py"),
                    self.notification_log], "notification-server.log")
        ready = os.path.join(self.logs, "notification-server.log")
        wait_until(lambda: "ready" in open(ready).read(), 20, "the notification server")
        self.notifications_started = True

    def notifications(self):
        """The calls the notification server took, oldest first."""
        if not os.path.exists(self.notification_log):
            return []
        with open(self.notification_log) as f:
            return [json.loads(line) for line in f if line.strip()]

    def launch(self, keys=(), settings=None, args=(), env=None):
        """@args go on the command line: files given there are opened
        with the app (the reference tray takes images)."""
        check(self.app_bin and os.access(self.app_bin, os.X_OK),
              f"FS_APP is not an executable: {self.app_bin!r}")
        self.start_notification_server()
        if settings:
            self.write_settings(settings)
        n = len(self.apps) + 1
        proc = self.spawn([self.app_bin, *args], f"app-{n}.log", env=self.app_env(keys, env))
        app = App(self, proc, n)
        self.apps.append(app)
        return app

    def gallery_images(self):
        found = []
        if os.path.isdir(self.gallery):
            for f in sorted(os.listdir(self.gallery)):
                if f.lower().endswith(IMAGE_EXTS):
                    found.append(os.path.join(self.gallery, f))
        return found

    def sidecar(self, image):
        path = os.path.splitext(image)[0] + ".json"
        with open(path) as f:
            return json.load(f)

    def saved_with_prompt(self, prompt):
        for image in self.gallery_images():
            try:
                record = self.sidecar(image)
            except (OSError, ValueError):
                continue
            if record.get("prompt") == prompt:
                return image, record
        return None

    # End -----------------------------------------------------------------

    def diagnostics(self):
        lines = [f"world: {self.root}"]
        for app in self.apps:
            if app.acc is not None:
                tree = os.path.join(self.logs, f"tree-{app.n}.txt")
                dump(app.acc, tree)
                lines.append(f"accessible tree: {tree}")
        shot = os.path.join(self.logs, "screen.png")
        if shutil.which("import") and os.environ.get("DISPLAY"):
            subprocess.run(["import", "-window", "root", shot], capture_output=True, timeout=30)
            lines.append(f"screenshot: {shot}")
        for app in self.apps:
            log = os.path.join(self.logs, f"app-{app.n}.log")
            with open(log, errors="replace") as f:
                tail = f.read()[-3000:]
            lines.append(f"--- app {app.n} output (exit {app.proc.poll()}):\n{tail}")
        requests = self.fake_requests()
        if requests:
            lines.append("--- fake server log")
            for e in requests[-30:]:
                lines.append(f"    {e['role']:8} {e['method']:4} {e['path']} -> {e['status']}"
                             f" auth={e['auth']} scenario={e.get('scenario')}")
        return "\n".join(lines)

    def cleanup(self):
        for app in self.apps:
            app.quit()
        for proc in reversed(self.processes):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(5)
            if proc.stdout is not None:
                proc.stdout.close()
        if not os.environ.get("FS_TEST_KEEP"):
            shutil.rmtree(self.root, ignore_errors=True)


class App:
    """One running flux-studio, found on the accessibility bus by its pid."""

    def __init__(self, world, proc, n):
        self.world = world
        self.proc = proc
        self.n = n
        self.acc = None
        self.acc = wait_until(self._find, 40, "flux-studio on the accessibility bus")
        self.window = wait_until(self._main_window, 30, "the main window")

    def _check_alive(self):
        if self.proc.poll() is not None:
            log = os.path.join(self.world.logs, f"app-{self.n}.log")
            with open(log, errors="replace") as f:
                tail = f.read()[-2000:]
            raise Failure(f"flux-studio exited with status {self.proc.returncode}:\n{tail}")

    def _find(self):
        self._check_alive()
        desktop = Atspi.get_desktop(0)
        for app in children(desktop):
            try:
                if app.get_process_id() == self.proc.pid:
                    return app
            except Exception:
                continue
        return None

    def _main_window(self):
        self._check_alive()
        for w in children(self.acc):
            if role_of(w) in (Atspi.Role.FRAME, Atspi.Role.WINDOW) and is_showing(w):
                return w
        return None

    def windows(self):
        return [w for w in children(self.acc) if is_showing(w)]

    def window_named(self, name):
        for w in self.windows():
            if name_of(w) == name:
                return w
        return None

    def find(self, name=None, roles=None, contains=None, timeout=15, root=None, what=None):
        def look():
            self._check_alive()
            for w in ([root] if root is not None else self.windows()):
                for acc in find_all(w, name=name, roles=roles, contains=contains):
                    if is_on_screen(acc):
                        return acc
            return None
        return wait_until(look, timeout, what or f"a widget named {name or contains!r}")

    def find_control(self, name, timeout=15):
        """A contract control: a widget named @name that is not a plain
        label (a label's text may equal a control's name), preferring the
        one that takes input over a row or a box with the same name. GTK
        4.8 appends the text of a widget's visible label to its accessible
        name ("Test BFL API key Test"), so "NAME …" is accepted when nothing
        is named exactly NAME."""
        def look():
            self._check_alive()
            exact, near = [], []
            for w in self.windows():
                for acc in walk(w):
                    text = name_of(acc)
                    if (not text.startswith(name) or role_of(acc) in PASSIVE_ROLES
                            or not is_showing(acc)):
                        continue
                    if text == name:
                        exact.append(acc)
                    elif text.startswith(name + " "):
                        near.append(acc)
            for found in (exact, near):
                found = [acc for acc in found if is_on_screen(acc)]
                if found:
                    return max(found, key=control_rank)
            return None
        return wait_until(look, timeout, f"the control named {name!r}")

    def text_showing(self, fragment, accept=None):
        """A widget on screen whose name or text holds @fragment (and that
        @accept, when given, takes: the same text may be in two places)."""
        fragment = fragment.lower()
        for w in self.windows():
            for acc in walk(w):
                if not is_showing(acc):
                    continue
                found = fragment in name_of(acc).lower()
                if not found and role_of(acc) in (Atspi.Role.LABEL, Atspi.Role.TEXT):
                    value = text_of(acc)
                    found = bool(value) and fragment in value.lower()
                if found and is_on_screen(acc) and (accept is None or accept(acc)):
                    return acc
        return None

    def dismiss_welcome(self):
        """First run without a key shows the welcome page; the sandbox
        needs none."""
        button = None
        try:
            button = self.find(name="Try the Offline Sandbox", timeout=3)
        except Failure:
            return False
        click(button)
        time.sleep(0.5)
        return True

    def activate_action(self, name):
        """Activates app.NAME, else win.NAME, over the session bus, as a
        shortcut or a menu item would."""
        for path, action in ((f"/{APP_ID.replace('.', '/')}", name),
                             (f"/{APP_ID.replace('.', '/')}/window/1", name)):
            out = subprocess.run(
                ["gdbus", "call", "--session", "--dest", APP_ID, "--object-path", path,
                 "--method", "org.gtk.Actions.Activate", action, "[]", "{}"],
                capture_output=True, text=True, timeout=10)
            if out.returncode == 0:
                return True
        return False

    def quit(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def require_environment():
    """Reasons to skip, checked before anything is started."""
    if not os.environ.get("DISPLAY"):
        raise Skip("no X display: run the tests under xvfb-run (see the README)")
    if shutil.which("dbus-run-session") is None:
        raise Skip("dbus-run-session is not installed")
    if shutil.which("gdbus") is None:
        raise Skip("gdbus is not installed (package libglib2.0-bin)")
    try:
        import gi
        gi.require_version("Atspi", "2.0")
    except (ImportError, ValueError) as e:
        raise Skip(f"the AT-SPI Python bindings cannot be imported ({e})")


def run_case(name, func):
    world = World(name)
    try:
        world.start_a11y_bus()
        func(world)
        say(f"ok: {name}")
        return 0
    except Skip as e:
        say(f"skipped: {e}")
        return SKIP
    except Failure as e:
        say(f"FAIL: {name}: {e}")
        say(world.diagnostics())
        return 1
    except Exception:
        import traceback
        say(f"FAIL: {name}: unexpected error\n{traceback.format_exc()}")
        say(world.diagnostics())
        return 1
    finally:
        world.cleanup()


def load_e2e_steps():
    """test-e2e.py's worlds and steps as a module, for the files of cases
    beside it, with its own cases left out (each file runs its own)."""
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location("fs_test_e2e", os.path.join(here, "test-e2e.py"))
    steps = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(steps)
    steps.CASES.clear()
    return steps
