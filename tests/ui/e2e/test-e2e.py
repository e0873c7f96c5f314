# test-e2e.py
#
# Copyright 2026 The Flux Studio authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""End-to-end tests of the flux-studio window, driven through AT-SPI by
the accessible names of the product's accessibility contract ("Prompt",
"Generate", "Width", "Seed", "Gallery" …), the way a screen reader or a
user with a keyboard would.

    test-e2e.py --list      names of all cases
    test-e2e.py NAME        run one case (exit 0 pass, 1 fail, 77 skip)

Environment: FS_APP (the flux-studio binary), FS_FAKE_SERVER (the fake
provider server), GSETTINGS_SCHEMA_DIR (the compiled schema), DISPLAY (an
X server, such as xvfb-run's). FS_TEST_KEEP=1 keeps each case's world
(logs, accessible tree dump, screenshot) for inspection. Each case
re-executes itself in a private D-Bus session, so cases never share an
app instance, an accessibility bus or a keyring.
"""

import hashlib
import os
import struct
import sys
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fs_e2e as e2e  # noqa: E402
from fs_e2e import Failure, check, say, wait_until  # noqa: E402

CASES = {}

SANDBOX = {"provider": "sandbox", "model": "flux-2-pro"}


def case(name):
    def register(func):
        assert name not in CASES, name
        CASES[name] = func
        return func
    return register


# --------------------------------------------------------------------------
# Steps shared by the cases
# --------------------------------------------------------------------------

def enter_prompt(app, prompt):
    editor = app.find_control("Prompt")
    e2e.set_text(editor, prompt)
    wait_until(lambda: e2e.text_of(editor) == prompt, 10,
               f"the prompt to read {prompt!r} (it reads {e2e.text_of(editor)!r})")
    return editor


def generate(app, prompt):
    enter_prompt(app, prompt)
    button = app.find_control("Generate")
    wait_until(lambda: e2e.is_sensitive(button), 15, "Generate to be enabled")
    e2e.click(button)
    return button


def gallery_item(app, prompt, timeout):
    """The grid item named after @prompt (long prompts are shortened in
    the name, so its start is enough)."""
    grid = app.find_control("Gallery", timeout=timeout)
    start = prompt[:40].lower()

    def look():
        for acc in e2e.walk(grid):
            if e2e.name_of(acc).lower().startswith(start) and e2e.is_showing(acc):
                return acc
        return None
    return wait_until(look, timeout, f"a gallery item named {prompt!r}")


def wait_saved(world, prompt, timeout):
    return wait_until(lambda: world.saved_with_prompt(prompt), timeout,
                      f"an image with the prompt {prompt!r} in {world.gallery}")


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


def param(record, name):
    for holder in (record.get("params") or {}, record, record.get("image") or {}):
        if name in holder:
            return holder[name]
    return None


def open_item(app, item, opened=None, what="the detail page of the image (a Remix button)"):
    """Opens an image from the gallery: its own action, else focus and
    Enter, else a double click where it is drawn; then waits for @opened
    (by default, the detail page)."""
    def remix_showing():
        return app.text_showing("Remix")

    opened = opened or remix_showing
    try:
        if item.get_n_actions() > 0:
            e2e.click(item)
            if wait_quietly(opened, 3):
                return
    except Exception:
        pass
    if e2e.focus(item):
        e2e.press("Return")
        if wait_quietly(opened, 3):
            return
    e2e.click_at(item, double=True)
    wait_until(opened, 5, what)


def wait_quietly(predicate, timeout):
    try:
        return wait_until(predicate, timeout, "")
    except Failure:
        return None


def open_preferences(app):
    """Ctrl+, as a user would; the app action over D-Bus when the keyboard
    does not reach the window (no window manager gives it focus)."""
    def prefs_showing():
        return app.window_named("Preferences")

    e2e.focus(app.find_control("Prompt"))
    e2e.press("Control", "comma")
    if wait_quietly(prefs_showing, 3):
        return
    check(app.activate_action("preferences"), "neither Ctrl+, nor the app.preferences / "
          "win.preferences action opened the preferences")
    wait_until(prefs_showing, 10, "the Preferences window")


def key_row_text(app, name):
    """The editable text inside an entry row named @name."""
    row = app.find_control(name)
    for acc in e2e.walk(row):
        if e2e.has_iface(acc, "EditableText"):
            return row, acc
    raise Failure(f"no editable text in {name!r}")


def apply_row(row, text_acc):
    """Presses the row's apply button, else Enter in its text."""
    for acc in e2e.walk(row):
        if (e2e.role_of(acc) == e2e.Atspi.Role.PUSH_BUTTON and e2e.is_showing(acc)
                and "apply" in (e2e.name_of(acc) + acc.get_description()).lower()):
            e2e.click(acc)
            return
    e2e.focus(text_acc)
    e2e.press("Return")


def check_key_not_exposed(app):
    for w in app.windows():
        for acc in e2e.walk(w):
            check(e2e.TEST_KEY not in e2e.name_of(acc)
                  and e2e.TEST_KEY not in (e2e.text_of(acc) or ""),
                  f"the API key is readable in {acc.get_role_name()} {e2e.name_of(acc)!r}")


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

@case("sandbox-generate")
def sandbox_generate(world):
    """No key, no network: the sandbox image is on disk and in the gallery,
    named after its prompt."""
    world.write_settings(SANDBOX)
    app = world.launch()
    app.dismiss_welcome()
    prompt = "a teal teapot on an oak desk, accents #1e88e5"
    start = time.monotonic()
    generate(app, prompt)

    image, record = wait_saved(world, prompt, 60)
    saved = time.monotonic()
    gallery_item(app, prompt, 30)
    shown = time.monotonic()
    say(f"saved {saved - start:.2f} s after Generate; in the gallery "
        f"{shown - saved:.2f} s after the file was seen")
    check(image_kind(image) is not None, f"{image} is not an image")
    check(record.get("provider") == "sandbox", f"provider {record.get('provider')!r}")
    check(record.get("model") == "flux-2-pro", f"model {record.get('model')!r}")


@case("bfl-fake-server")
def bfl_fake_server(world):
    """A BFL run against the fake server (submit, poll, download) lands in
    the gallery; a moderated prompt fails on its job card with the
    provider's reason, and nothing is saved for it."""
    urls = world.start_fake()
    world.write_settings({"provider": "bfl", "model": "flux-2-pro", "bfl-base-url": urls["bfl"]})
    app = world.launch(keys=("BFL_API_KEY",))

    prompt = "a lighthouse in the fog at dawn"
    generate(app, prompt)
    image, record = wait_saved(world, prompt, 90)
    gallery_item(app, prompt, 30)
    check(record.get("provider") == "bfl", f"provider {record.get('provider')!r}")
    check(image_kind(image) is not None, f"{image} is not an image")
    check(any(e["role"] == "poll" for e in world.fake_requests()),
          "the result was not polled on the polling host the fake returned")

    blocked = "a lighthouse fake:moderated-request"
    generate(app, blocked)
    # The Queue group's finished row says it too; the card is the one here.
    message = wait_until(lambda: app.text_showing("blocked this prompt", accept=in_job_card), 60,
                         "the moderation failure on the job card")
    say(f"job card says: {e2e.text_of(message) or e2e.name_of(message)}")
    check(in_job_card(message), "the moderation message is not inside a job card "
          "(the \"Running jobs\" area of the gallery)")
    check(world.saved_with_prompt(blocked) is None, "an image was saved for a moderated prompt")
    world.check_wire()


def in_job_card(acc):
    node = acc
    for _ in range(40):
        try:
            node = node.get_parent()
        except Exception:
            return False
        if node is None:
            return False
        if e2e.name_of(node) in ("Running jobs", "Gallery"):
            return e2e.name_of(node) == "Running jobs"
    return False


@case("invalid-width")
def invalid_width(world):
    """Width 1000 on flux-2-pro (not a multiple of 16) disables Generate and
    marks the field; 1008 enables it again."""
    world.write_settings(SANDBOX)
    app = world.launch()
    app.dismiss_welcome()
    enter_prompt(app, "a width check")
    button = app.find_control("Generate")
    wait_until(lambda: e2e.is_sensitive(button), 15, "Generate to be enabled")

    width = app.find_control("Width")
    e2e.set_number(width, 1000)
    wait_until(lambda: not e2e.is_sensitive(button), 10,
               "Generate to be disabled by width 1000")
    check(e2e.is_invalid(width), "the Width field is not marked invalid")
    reason = wait_until(lambda: app.text_showing("multiple of 16"), 10,
                        "the reason (\"… not a multiple of 16 …\") to be shown")
    say(f"reason shown: {e2e.name_of(reason) or e2e.text_of(reason)}")

    e2e.set_number(width, 1008)
    wait_until(lambda: e2e.is_sensitive(button), 10, "Generate to be enabled by width 1008")
    check(not e2e.is_invalid(width), "the Width field is still marked invalid at 1008")


@case("remix")
def remix(world):
    """Remix loads the prompt, width and seed of a saved image back."""
    world.write_settings(SANDBOX)
    app = world.launch()
    app.dismiss_welcome()
    prompt = "a paper boat on a green pond"
    width = app.find_control("Width")
    e2e.set_number(width, 768)
    wait_until(lambda: e2e.number_of(width) == 768, 5, "Width to read 768")
    generate(app, prompt)
    image, record = wait_saved(world, prompt, 60)
    seed = param(record, "seed")
    check(param(record, "width") == 768, f"the image was made {param(record, 'width')} wide")
    check(isinstance(seed, int), f"the sidecar records no seed: {record}")

    # Change everything Remix must restore.
    e2e.set_number(width, 1024)
    enter_prompt(app, "something else entirely")
    open_item(app, gallery_item(app, prompt, 30))
    e2e.click(app.find_control("Remix"))

    wait_until(lambda: e2e.number_of(app.find_control("Width")) == 768, 10,
               "Width to be restored to 768")
    editor = app.find_control("Prompt")
    wait_until(lambda: e2e.text_of(editor) == prompt, 10, "the prompt to be restored")
    seed_field = app.find_control("Seed")
    wait_until(lambda: e2e.number_of(seed_field) == seed, 10,
               f"Seed to be restored to {seed} (it reads {e2e.number_of(seed_field)})")


@case("keyring")
def keyring(world):
    """An API key typed in Preferences goes to the Secret Service (a real,
    throwaway gnome-keyring), is found again by a new run of the app, works
    against the fake server (Test, then a generation), and Remove deletes
    it. The key is never readable in the window."""
    world.start_keyring()
    urls = world.start_fake()
    world.write_settings({"provider": "bfl", "model": "flux-2-pro", "bfl-base-url": urls["bfl"]})
    app = world.launch()
    # Without a key the first run may welcome the user: its "Add an API
    # key" (Black Forest Labs is preselected) is the way to Preferences.
    add_key = wait_quietly(lambda: app.text_showing("Add an API key"), 3)
    if add_key is not None:
        e2e.click(app.find_control("Add an API key"))
        wait_until(lambda: app.window_named("Preferences"), 10, "Preferences from the welcome page")
    else:
        open_preferences(app)
    wait_key_status(app, "Not set")

    row, text = key_row_text(app, "BFL API key")
    e2e.set_text(text, e2e.TEST_KEY)
    apply_row(row, text)
    wait_key_status(app, "Stored in the keyring")
    stored = world.keyring_lookup("bfl")
    check(stored == e2e.TEST_KEY, f"the keyring holds {stored!r}, not the typed key")
    check_key_not_exposed(app)

    e2e.click(app.find_control("Test BFL API key"))
    result = wait_until(lambda: result_text(app), 40, "the result of Test")
    say(f"Test says: {result}")
    check("1234" in result, f"Test did not report the fake account's credits: {result!r}")

    # A new run finds the key and uses it.
    app.quit()
    app = world.launch()
    generate(app, "a keyring-powered lighthouse")
    wait_saved(world, "a keyring-powered lighthouse", 90)
    world.check_wire()
    open_preferences(app)
    wait_key_status(app, "Stored in the keyring")
    e2e.click(app.find_control("Remove BFL API key"))
    wait_key_status(app, "Not set")
    check(world.keyring_lookup("bfl") in (None, ""), "the key is still in the keyring")


def key_status(app, group="Black Forest Labs"):
    """The subtitle of the "Saved Key" row of a provider's group in
    Preferences: "Not set", "Stored in the keyring" …"""
    prefs = app.window_named("Preferences")
    if prefs is None:
        return None
    group_list = e2e.find_first(prefs, name=group, roles=[e2e.Atspi.Role.LIST])
    row = group_list and e2e.find_first(group_list, contains="Saved Key")
    if row is None:
        return None
    labels = [e2e.name_of(a) for a in e2e.walk(row) if e2e.role_of(a) == e2e.Atspi.Role.LABEL]
    return labels[1] if len(labels) > 1 else None


def wait_key_status(app, wanted, timeout=20):
    wait_until(lambda: key_status(app) == wanted, timeout,
               f"the BFL key status {wanted!r} (it is {key_status(app)!r})")


def result_text(app):
    row = app.find_control("BFL key test result", timeout=5)
    for acc in e2e.walk(row):
        text = e2e.name_of(acc)
        if text and text not in ("BFL key test result", "Testing…"):
            if e2e.role_of(acc) == e2e.Atspi.Role.LABEL:
                return text
    return None


# --------------------------------------------------------------------------
# Reference tray
# --------------------------------------------------------------------------

REFERENCE_COLOURS = [(229, 57, 53), (67, 160, 71), (30, 136, 229), (253, 216, 53),
                     (142, 36, 170), (0, 137, 123), (109, 76, 65), (84, 110, 122)]


def write_png(path, width, height, rgb):
    """A plain RGB PNG, made here: no imaging library needed. A gradient
    row keeps every file's bytes (and hash) its own."""
    rows = []
    for y in range(height):
        shade = (y * 64) // height
        pixel = bytes(max(0, c - shade) for c in rgb)
        rows.append(b"\x00" + pixel * width)
    raw = b"".join(rows)

    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xffffffff
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n"
                + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw))
                + chunk(b"IEND", b""))


def make_references(world, n):
    """@n small PNGs (names ref-1.png …) and their sha256, in order."""
    folder = os.path.join(world.root, "references-in")
    os.makedirs(folder, exist_ok=True)
    paths, sums = [], []
    for i in range(n):
        path = os.path.join(folder, f"ref-{i + 1}.png")
        write_png(path, 256, 192, REFERENCE_COLOURS[i % len(REFERENCE_COLOURS)])
        with open(path, "rb") as f:
            sums.append(hashlib.sha256(f.read()).hexdigest())
        paths.append(path)
    return paths, sums


def reference_slot(app, index, name, timeout=30):
    return app.find(name=f"Reference image {index}: {name}", timeout=timeout,
                    what=f"the tray slot \"Reference image {index}: {name}\"")


def description_of(acc):
    try:
        return acc.get_description() or ""
    except Exception:
        return ""


def wait_request(world, path_end, timeout=60):
    def look():
        for e in world.fake_requests():
            if e["method"] == "POST" and e["path"].endswith(path_end):
                return e
        return None
    return wait_until(look, timeout, f"a POST to …{path_end} at the fake server")


@case("reference-tray-open-with")
def reference_tray_open_with(world):
    """Six images opened with the app while FLUX.2 [klein] 4B is chosen:
    four are sent, two stay in the tray marked "not sent with this model".
    The sandbox records the four in order; Remix puts them back."""
    paths, sums = make_references(world, 6)
    world.write_settings({"provider": "sandbox", "model": "flux-2-klein-4b"})
    app = world.launch(args=paths)
    app.dismiss_welcome()
    app.find_control("Reference images")

    for i in range(6):
        slot = reference_slot(app, i + 1, f"ref-{i + 1}.png")
        if i >= 4:
            wait_until(lambda: "Not sent with this model" in description_of(slot), 20,
                       f"image {i + 1} to be marked not sent (it says "
                       f"{description_of(slot)!r})")
            check("takes 4 references" in description_of(slot),
                  f"image {i + 1} does not give the reason: {description_of(slot)!r}")
        else:
            check("Not sent" not in description_of(slot),
                  f"image {i + 1} is marked not sent: {description_of(slot)!r}")
    check(app.text_showing("Not sent with this model") is not None,
          "no slot shows \"Not sent with this model\"")
    say("6 images in the tray: 1-4 sent, 5-6 marked not sent")

    prompt = "the person from image 1 in the scene of image 2"
    generate(app, prompt)
    image, record = wait_saved(world, prompt, 60)
    check(record.get("references") == sums[:4],
          f"the sidecar records {record.get('references')} instead of the first four "
          f"images in tray order {sums[:4]}")

    # Remove image 1, then Remix: the tray holds the four sent, in order.
    e2e.click(app.find_control("Remove reference image 1"))
    reference_slot(app, 1, "ref-2.png")
    open_item(app, gallery_item(app, prompt, 30))
    e2e.click(app.find_control("Remix"))
    for i in range(4):
        reference_slot(app, i + 1, f"ref-{i + 1}.png")
    check(app.text_showing("Reference image 5:") is None,
          "Remix left a fifth image in the tray")
    say("Remix restored the four references in order")


def generate_with_references(world, settings, keys, n):
    paths, sums = make_references(world, n)
    world.write_settings(settings)
    app = world.launch(keys=keys, args=paths)
    for i in range(n):
        reference_slot(app, i + 1, f"ref-{i + 1}.png")
    prompt = f"a collage of {n} references in tray order"
    generate(app, prompt)
    return app, prompt, sums


@case("reference-tray-apiyi-eight")
def reference_tray_apiyi_eight(world):
    """Eight references reach APIYI's /images/edits as eight image[] parts
    in tray order."""
    urls = world.start_fake()
    app, prompt, sums = generate_with_references(
        world, {"provider": "apiyi", "model": "flux-2-pro", "apiyi-base-url": urls["apiyi"]},
        ("APIYI_API_KEY",), 8)
    request = wait_request(world, "/images/edits")
    parts = [p for p in request.get("multipart") or [] if p.get("name") == "image[]"]
    got = [p["sha256"] for p in parts]
    check(got == sums, f"image[] parts {got} are not the tray's images {sums} in order")
    say(f"APIYI received {len(parts)} image[] parts in tray order")
    wait_saved(world, prompt, 60)
    world.check_wire()


@case("reference-tray-bfl-eight")
def reference_tray_bfl_eight(world):
    """Eight references reach BFL as input_image … input_image_8 in tray
    order."""
    urls = world.start_fake()
    app, prompt, sums = generate_with_references(
        world, {"provider": "bfl", "model": "flux-2-pro", "bfl-base-url": urls["bfl"]},
        ("BFL_API_KEY",), 8)
    request = wait_request(world, "/flux-2-pro")
    fields = {i["field"]: i.get("sha256") for i in request.get("images") or []}
    names = ["input_image"] + [f"input_image_{k}" for k in range(2, 9)]
    got = [fields.get(name) for name in names]
    check(got == sums, f"{names} carry {got}, not the tray's images {sums} in order")
    say("BFL received input_image … input_image_8 in tray order")
    wait_saved(world, prompt, 90)
    world.check_wire()


# --------------------------------------------------------------------------
# Brand colours
# --------------------------------------------------------------------------

BRAND_GPL = """GIMP Palette
Name: Flag Brand
#
217  72  15\tRust
 30 136 229\tSky
 46 125  50\tForest
"""


def shift_click(acc):
    """A real Shift-click: Shift locked through XTest around a pointer
    click where @acc is drawn."""
    mask = 1 << int(e2e.Atspi.ModifierType.SHIFT)
    e2e.Atspi.generate_keyboard_event(mask, None, e2e.Atspi.KeySynthType.LOCKMODIFIERS)
    try:
        check(e2e.click_at(acc), f"cannot click {e2e.name_of(acc)!r}")
    finally:
        e2e.Atspi.generate_keyboard_event(mask, None, e2e.Atspi.KeySynthType.UNLOCKMODIFIERS)
    time.sleep(0.2)


def pick_swatch(app, editor, name, expected, shift=False):
    swatch = app.find_control(name)
    if shift:
        shift_click(swatch)
    else:
        e2e.click(swatch)
    wait_until(lambda: (e2e.text_of(editor) or "").endswith(expected), 10,
               f"{name!r} to put {expected!r} at the cursor (the prompt reads "
               f"{e2e.text_of(editor)!r})")


def shown_labels(root, text):
    return [acc for acc in e2e.walk(root)
            if e2e.role_of(acc) == e2e.Atspi.Role.LABEL and e2e.name_of(acc) == text
            and e2e.is_showing(acc)]


@case("palette-colours")
def palette_colours(world):
    """A GIMP palette in the palettes folder fills the palette bar; its
    swatches go into the prompt by their names ("Insert #…"), one with a
    real Shift-click as "color #…"; the sandbox result gets its colour
    check: "3/3 colours" on the tile, three Matched rows on its detail
    page, and the check in the sidecar."""
    palettes = os.path.join(world.dirs["data"], "flux-studio", "palettes")
    os.makedirs(palettes)
    with open(os.path.join(palettes, "flag.gpl"), "w") as f:
        f.write(BRAND_GPL)
    world.write_settings(SANDBOX)
    app = world.launch()
    app.dismiss_welcome()
    app.find_control("Palette")

    start = "a flag in three stripes:"
    editor = enter_prompt(app, start)
    pick_swatch(app, editor, "Insert #d9480f (Rust)", " #d9480f")
    pick_swatch(app, editor, "Insert #1e88e5 (Sky)", " color #1e88e5", shift=True)
    pick_swatch(app, editor, "Insert #2e7d32 (Forest)", " #2e7d32")
    prompt = e2e.text_of(editor)
    check(prompt == start + " #d9480f color #1e88e5 #2e7d32", f"the prompt reads {prompt!r}")

    button = app.find_control("Generate")
    wait_until(lambda: e2e.is_sensitive(button), 15, "Generate to be enabled")
    e2e.click(button)
    image, record = wait_saved(world, prompt, 60)

    item = gallery_item(app, prompt, 30)
    badge = wait_until(lambda: app.text_showing("3/3 colours"), 20, "the badge \"3/3 colours\"")
    say(f"gallery badge: {e2e.name_of(badge)}; tile: {e2e.name_of(item)!r}, "
        f"{item.get_description()!r}")

    open_item(app, item)
    rows = wait_until(lambda: len(shown_labels(app.window, "Matched")) == 3 or None, 20,
                      "three Matched verdicts on the detail page")
    check(rows, "no verdicts")
    for code in ("#d9480f", "#1e88e5", "#2e7d32"):
        check(shown_labels(app.window, code), f"no colour-check row for {code}")
    check(not shown_labels(app.window, "Off") and not shown_labels(app.window, "Close"),
          "a verdict other than Matched is shown")

    checks = wait_until(lambda: world.sidecar(image).get("colour_check"), 20,
                        "the colour check in the sidecar")
    for c in checks:
        say(f"{c['expected']}: found {c['found']}, ΔE {c['delta_e']:.2f}, "
            f"share {c['share']:.3f}, {c['verdict']}")
    check([c["verdict"] for c in checks] == ["matched"] * 3, f"sidecar check {checks}")


# A delivery host down past the shrunk life of the result link.
DOWNLOAD_FAST = {"FLUX_STUDIO_DOWNLOAD_SCALE": "0.005"}


def submits(world):
    return [e for e in world.fake_requests() if (e.get("counter") or "").startswith("bfl:flux")]


def wait_unsaved(app, world, prompt):
    """Generates @prompt against a delivery host that is down, until its
    job card says the result is not saved yet and its link is kept."""
    generate(app, prompt)
    message = wait_until(lambda: app.text_showing("link is kept", accept=in_job_card), 60,
                         "the job card saying the result link is kept")
    say(f"job card says: {e2e.text_of(message) or e2e.name_of(message)}")
    check(in_job_card(message), "the message is not inside a job card")
    check("Download 1 of 1 from" in (e2e.text_of(message) or e2e.name_of(message)),
          "the message does not name the download that failed")
    wait_until(lambda: app.text_showing("Not saved yet"), 10, "the stage “Not saved yet”")
    check(world.saved_with_prompt(prompt) is None, "an image was saved for a failed download")


@case("unsaved-retry")
def unsaved_retry(world):
    """Retry on the card of a paid result that could not be downloaded
    saves it once the host is back, without a second submit."""
    urls = world.start_fake()
    world.write_settings({"provider": "bfl", "model": "flux-2-pro", "bfl-base-url": urls["bfl"]})
    app = world.launch(keys=("BFL_API_KEY",), env=DOWNLOAD_FAST)
    prompt = "a harbour at night fake:delivery-down"
    wait_unsaved(app, world, prompt)

    open(world.heal_file, "w").close()
    retry = app.find(contains="Retry", roles=[e2e.Atspi.Role.PUSH_BUTTON], what="the Retry button")
    check(in_job_card(retry), "Retry is not on the job card")
    e2e.click(retry)
    wait_saved(world, prompt, 60)
    gallery_item(app, prompt, 30)
    check(len(submits(world)) == 1, f"{len(submits(world))} submits: Retry generated again")
    world.check_wire()


@case("unsaved-saved-at-start")
def unsaved_saved_at_start(world):
    """A paid result left unsaved when the app quit is saved by the next
    start, without a second submit."""
    urls = world.start_fake()
    world.write_settings({"provider": "bfl", "model": "flux-2-pro", "bfl-base-url": urls["bfl"]})
    app = world.launch(keys=("BFL_API_KEY",), env=DOWNLOAD_FAST)
    prompt = "a lantern in the snow fake:delivery-down"
    wait_unsaved(app, world, prompt)
    app.quit()

    open(world.heal_file, "w").close()
    again = world.launch(keys=("BFL_API_KEY",))
    wait_saved(world, prompt, 60)
    gallery_item(again, prompt, 30)
    check(len(submits(world)) == 1, f"{len(submits(world))} submits: the start generated again")
    world.check_wire()


# --------------------------------------------------------------------------

# --------------------------------------------------------------------------
# The gallery as an archive (docs/ARCHITECTURE.md, "The gallery's search
# and filters")
# --------------------------------------------------------------------------

def tile_showing(app, prompt):
    grid = app.find_control("Gallery")
    start = prompt[:40].lower()
    for acc in e2e.walk(grid):
        if e2e.name_of(acc).lower().startswith(start) and e2e.is_showing(acc):
            return acc
    return None


def tiles_are(app, wanted, unwanted=()):
    return (all(tile_showing(app, p) for p in wanted)
            and not any(tile_showing(app, p) for p in unwanted))


@case("gallery-archive")
def gallery_archive(world):
    """Search as typed (Ctrl+F, "Search"), the rating keys and F on a
    selected tile (its "Favourite" and "Rating" showing), Ctrl+A and Move
    to Trash with an Undo that brings the files back, and an image another
    program saves into the folder appearing in the grid."""
    app = world.launch(settings=SANDBOX)
    prompts = ["a copper kettle on a stove", "a pale blue bicycle", "a copper weathervane"]
    images = []
    for prompt in prompts:
        generate(app, prompt)
        images.append(wait_saved(world, prompt, 60)[0])
    for prompt in prompts:
        gallery_item(app, prompt, 30)

    e2e.focus(gallery_item(app, prompts[1], 10))
    e2e.press("Control", "f")
    search = app.find_control("Search")
    e2e.set_text(search, "copp")
    wait_until(lambda: tiles_are(app, [prompts[0], prompts[2]], [prompts[1]]), 20,
               "only the copper images after typing \"copp\"")
    e2e.set_text(search, "")
    wait_until(lambda: tiles_are(app, prompts), 20, "every image once the search is empty")

    # A click selects a tile; 4 rates it, F stars it: in its sidecar.
    e2e.click_at(gallery_item(app, prompts[0], 10))
    app.find_control("Favourite")
    app.find_control("Rating")
    e2e.press("4")
    wait_until(lambda: world.sidecar(images[0]).get("rating") == 4, 20,
               "the rating 4 in the sidecar")
    e2e.press("f")
    wait_until(lambda: world.sidecar(images[0]).get("favourite") is True, 20,
               "the favourite mark in the sidecar")
    check(world.sidecar(images[1]).get("rating", 0) == 0, "an image not selected was rated")
    item = gallery_item(app, prompts[0], 10)
    wait_until(lambda: "4 of 5 stars" in (item.get_description() or ""), 10,
               "the tile's description to say its stars")
    say(f"tile: {e2e.name_of(item)!r}, {item.get_description()!r}")

    # Ctrl+A, Move to Trash: the files go; Undo brings them back.
    e2e.press("Control", "a")
    trash = app.find_control("Move to Trash")
    e2e.click(trash)
    wait_until(lambda: not any(os.path.exists(i) for i in images), 20,
               "the images out of the gallery folder")
    wait_until(lambda: not tile_showing(app, prompts[0]), 20, "the tiles gone")
    undo = app.find_control("Undo")
    e2e.click(undo)
    wait_until(lambda: all(os.path.exists(i) for i in images), 20,
               "the images back in the gallery folder")
    wait_until(lambda: tiles_are(app, prompts), 20, "the tiles back")
    check(world.sidecar(images[0]).get("rating") == 4, "the rating was lost on the way back")

    # Another program saves into the folder: the grid shows it.
    outside = "a lighthouse from the command line"
    cli = os.environ.get("FS_CLI")
    check(cli and os.access(cli, os.X_OK), f"FS_CLI is not an executable: {cli!r}")
    proc = world.spawn([cli, "generate", "--provider", "sandbox", "--model", "flux-2-pro",
                        outside], "cli.log", env=world.app_env())
    check(proc.wait(60) == 0, "flux-studio-cli generate failed (see cli.log)")
    gallery_item(app, outside, 30)


# --------------------------------------------------------------------------
# Export from the detail page (docs/ARCHITECTURE.md, "Export")
# --------------------------------------------------------------------------

XMP_MARK = b"http://ns.adobe.com/xap/1.0/"


def export_through_chooser(app, folder, strip):
    """Export on the detail page, then the chooser as a user drives it:
    "Remove metadata" ticked or not, the folder's path typed into the
    location entry (Ctrl+L), Export. The test session has no portal, so
    the chooser is GTK's own dialog, on the accessibility bus like the
    app."""
    e2e.click(app.find_control("Export"))
    dialog = wait_until(lambda: app.window_named("Export a Copy"), 15,
                        "the chooser \"Export a Copy\"")
    box = app.find(name="Remove metadata", roles=[e2e.Atspi.Role.CHECK_BOX], root=dialog,
                   what="the \"Remove metadata\" check box in the chooser")
    if e2e.has_state(box, e2e.Atspi.StateType.CHECKED) != strip:
        # A pointer click: GTK 4.8's check box has no AT-SPI action that
        # toggles it.
        e2e.click_at(box)
        wait_until(lambda: e2e.has_state(box, e2e.Atspi.StateType.CHECKED) == strip, 5,
                   "the check box to follow")
    # Keys sent before the chooser has the keyboard go to the window below
    # (a click to focus it would toggle whatever it hit): wait for a
    # widget of its own to have the focus.
    wait_until(lambda: any(e2e.has_state(acc, e2e.Atspi.StateType.FOCUSED)
                           for acc in e2e.walk(dialog)), 15,
               "the chooser \"Export a Copy\" to have the keyboard")
    e2e.press("Control", "l")
    e2e.type_text(folder + "/")
    # GTK 4.8 names a button by its label and content: "_Export Export".
    accept = app.find(contains="Export", roles=[e2e.Atspi.Role.PUSH_BUTTON],
                      root=dialog, what="the chooser's Export button")
    e2e.click(accept)
    wait_until(lambda: app.window_named("Export a Copy") is None, 15, "the chooser to close")


@case("export-detail-page")
def export_detail_page(world):
    """Export on an image's detail page writes a copy with the record
    (XMP with the prompt) into the chosen folder and says so; with
    "Remove metadata" a clean copy beside it, named "(2)". The original
    stays as it was."""
    world.write_settings(dict(SANDBOX, **{"default-output-format": "png"}))
    app = world.launch()
    app.dismiss_welcome()
    prompt = "an exported paper boat & <pond>"
    generate(app, prompt)
    image, record = wait_saved(world, prompt, 60)
    with open(image, "rb") as f:
        original = hashlib.sha256(f.read()).hexdigest()
    folder = os.path.join(world.root, "exported")
    os.makedirs(folder)
    name = os.path.basename(image)
    stem, ext = os.path.splitext(name)

    open_item(app, gallery_item(app, prompt, 30))
    export_through_chooser(app, folder, strip=False)
    copy = wait_until(lambda: os.path.join(folder, name) if os.path.exists(os.path.join(folder, name))
                      else None, 20, f"the copy {name} in {folder}")
    toast = wait_until(lambda: app.text_showing("Exported 1 copy with its record"), 10,
                       "the toast that says where the copy went")
    say(f"toast: {e2e.name_of(toast) or e2e.text_of(toast)}")
    with open(copy, "rb") as f:
        data = f.read()
    check(XMP_MARK in data, "the copy carries no XMP packet")
    check(b"an exported paper boat &amp; &lt;pond&gt;" in data,
          "the copy's XMP does not hold the prompt")
    if ext == ".png":
        check(b"parameters" in data, "the PNG copy carries no A1111 parameters")

    export_through_chooser(app, folder, strip=True)
    clean = os.path.join(folder, f"{stem} (2){ext}")
    wait_until(lambda: os.path.exists(clean), 20, f"the clean copy {clean}")
    with open(clean, "rb") as f:
        data = f.read()
    check(XMP_MARK not in data and b"parameters" not in data,
          "the copy made with \"Remove metadata\" still carries metadata")
    with open(image, "rb") as f:
        check(hashlib.sha256(f.read()).hexdigest() == original, "the original changed")


def write_png_with_parameters(path, parameters):
    """A PNG with an A1111 "parameters" tEXt chunk before its pixels, as
    A1111-style tools write it."""
    write_png(path, 96, 64, (30, 136, 229))
    with open(path, "rb") as f:
        data = f.read()
    body = b"tEXt" + b"parameters\0" + parameters.encode("latin-1")
    chunk = (struct.pack(">I", len(body) - 4) + body
             + struct.pack(">I", zlib.crc32(body) & 0xffffffff))
    ihdr_end = 8 + 12 + 13
    with open(path, "wb") as f:
        f.write(data[:ihdr_end] + chunk + data[ihdr_end:])


@case("settings-from-file")
def settings_from_file(world):
    """An image with A1111 "parameters" opened with the app goes to the
    tray, and a toast offers "Use These Settings", which loads its prompt,
    model, size, seed, steps and guidance into the sidebar. (AT-SPI cannot
    drag and drop; a drop on the tray takes the same path, which the
    widget test export-settings covers.)"""
    path = os.path.join(world.root, "lighthouse.png")
    prompt = "a lighthouse on a cliff at dusk, #1e88e5"
    write_png_with_parameters(path, f"{prompt}\nSteps: 28, CFG scale: 3.5, Seed: 777, "
                                    "Size: 768x512, Model: flux-2-flex")
    app = world.launch(settings=SANDBOX, args=[path])
    app.dismiss_welcome()
    reference_slot(app, 1, "lighthouse.png")

    e2e.click(app.find_control("Use These Settings", timeout=30))
    editor = app.find_control("Prompt")
    wait_until(lambda: e2e.text_of(editor) == prompt, 10,
               f"the prompt to read {prompt!r} (it reads {e2e.text_of(editor)!r})")
    for name, value in (("Width", 768), ("Height", 512), ("Seed", 777), ("Steps", 28),
                        ("Guidance", 3.5)):
        field = app.find_control(name)
        wait_until(lambda: e2e.number_of(field) == value, 10,
                   f"{name} to read {value} (it reads {e2e.number_of(field)})")
    say("prompt, FLUX.2 [flex] (its Steps and Guidance), size, seed loaded from the file")


def showing_item(app, prompt):
    grid = app.find_control("Gallery")
    start = prompt[:40].lower()
    for acc in e2e.walk(grid):
        if e2e.name_of(acc).lower().startswith(start) and e2e.is_showing(acc):
            return acc
    return None


@case("collections-compare")
def collections_compare(world):
    """A collection made in the side list ("Collections", "New
    Collection"), an image put into it from its detail page with the
    keyboard (Ctrl+D, the "Choose Collections" popover), the gallery
    filtered by choosing the collection, then "Compare With…" on one
    image and the other opened: the compare view ("Compare") shows both
    with what differs, and Escape comes back. (AT-SPI cannot drag; the
    drop on a row is the widget test collections-list's.)"""
    world.write_settings(SANDBOX)
    app = world.launch()
    app.dismiss_welcome()
    first, second = "a red kite over the dunes", "a blue kite over the sea"
    generate(app, first)
    first_image, _ = wait_saved(world, first, 60)
    generate(app, second)
    wait_saved(world, second, 60)

    e2e.click(app.find_control("Show collections"))
    app.find(name="Collections")
    e2e.click(app.find_control("New Collection"))
    name = app.find_control("Collection name")
    e2e.set_text(name, "Keepers")
    wait_until(lambda: e2e.text_of(name) == "Keepers", 10, "the name to read Keepers")
    e2e.focus(name)
    e2e.press("Return")
    app.find(name="Keepers", timeout=20)

    open_item(app, gallery_item(app, first, 30))
    e2e.press("Control", "d")
    # The popover opens on its first collection; Space checks it.
    app.find(contains="Keepers", roles=[Atspi_role("CHECK_BOX")], timeout=20)
    e2e.press("space")
    wait_until(lambda: "Keepers" in (world.sidecar(first_image).get("collections") or []), 20,
               "the first image's sidecar to name the collection Keepers")
    e2e.press("Escape")
    e2e.click(app.find_control("Back"))

    e2e.click(app.find(name="Keepers", roles=[Atspi_role("LIST_ITEM")]))
    wait_until(lambda: showing_item(app, second) is None, 20,
               "the gallery to hide the image that is in no collection")
    check(showing_item(app, first) is not None, "the gallery hides the image in Keepers")
    e2e.click(app.find(name="All Images", roles=[Atspi_role("LIST_ITEM")]))
    gallery_item(app, second, 20)

    open_item(app, gallery_item(app, first, 30))
    e2e.click(app.find_control("Compare With…"))
    # While "Compare With…" waits, the image opened comes into the compare view.
    open_item(app, gallery_item(app, second, 30),
              opened=lambda: app.text_showing("Differences"), what="the compare view")
    app.find(name="Compare", timeout=20)
    app.find(contains="Image 1: a red kite", timeout=20)
    app.find(contains="Image 2: a blue kite", timeout=20)
    wait_until(lambda: app.text_showing("The same in each"), 20,
               "the differences row to say what is the same")
    check(app.text_showing("Seed") is not None, "the differences row does not name the seed")
    e2e.press("Escape")
    app.find_control("Gallery", timeout=20)


def Atspi_role(name):
    return getattr(e2e.Atspi.Role, name)


def menu_item_showing(app, name):
    for acc in e2e.find_all(app.acc, name=name):
        if e2e.role_of(acc) in (Atspi_role("MENU_ITEM"), Atspi_role("MENU")):
            return acc
    return None


def collections_shown(app):
    """The header's "Show collections" toggle is the flap's state (the
    list stays in the accessible tree while folded away)."""
    button = app.find_control("Show collections")
    return (e2e.has_state(button, e2e.Atspi.StateType.PRESSED)
            or e2e.has_state(button, e2e.Atspi.StateType.CHECKED))


@case("gallery-restart")
def gallery_restart(world):
    """What the gallery shows outlasts a restart: the collections side
    list (Shift+F9), shown and then hidden again."""
    world.write_settings(SANDBOX)
    app = world.launch()
    app.dismiss_welcome()
    app.find_control("Show collections", timeout=20)
    check(not collections_shown(app), "the collections list shows on a first run")
    e2e.press("Shift", "F9")
    wait_until(lambda: collections_shown(app), 20, "Shift+F9 to show the collections list")

    app.quit()
    app = world.launch()
    app.find_control("Show collections", timeout=20)
    wait_until(lambda: collections_shown(app), 20,
               "the collections list shown again after a restart")
    e2e.press("Shift", "F9")
    wait_until(lambda: not collections_shown(app), 20, "Shift+F9 to hide the collections list")

    app.quit()
    app = world.launch()
    app.find_control("Show collections", timeout=20)
    time.sleep(1)
    check(not collections_shown(app), "the collections list came back after it was hidden")


@case("gallery-context-menu")
def gallery_context_menu(world):
    """The context menu of a tile from the keyboard: Shift+F10 on the
    focused tile opens the menu a right click opens ("Add to
    Collection"), over the tile, and Escape closes it; the Menu key opens
    it again."""
    world.write_settings(SANDBOX)
    app = world.launch()
    app.dismiss_welcome()
    prompt = "a lantern on a jetty at dusk"
    generate(app, prompt)
    wait_saved(world, prompt, 60)

    for keys in (("Shift", "F10"), ("Menu",)):
        tile = gallery_item(app, prompt, 30)
        e2e.focus(tile)
        check(menu_item_showing(app, "Add to Collection") is None, "a menu is open already")
        e2e.press(*keys)
        wait_until(lambda: menu_item_showing(app, "Add to Collection"), 20,
                   f"{'+'.join(keys)} to open the tile's menu (\"Add to Collection\")")
        e2e.press("Escape")
        wait_until(lambda: menu_item_showing(app, "Add to Collection") is None, 20,
                   "Escape to close the menu")

# --------------------------------------------------------------------------
# Editing images: FLUX.1 Fill and Expand on the canvas, with the sandbox
# --------------------------------------------------------------------------

def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    check(head.startswith(b"\x89PNG\r\n\x1a\n"), f"{path} is not a PNG")
    return struct.unpack(">II", head[16:24])


def file_sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def make_parent(world, app, prompt):
    """A sandbox image, 512 × 512, shown on its detail page."""
    for name in ("Width", "Height"):
        field = app.find_control(name)
        e2e.set_number(field, 512)
        wait_until(lambda: e2e.number_of(field) == 512, 5, f"{name} to read 512")
    generate(app, prompt)
    image, record = wait_saved(world, prompt, 60)
    open_item(app, gallery_item(app, prompt, 30))
    return image, record


def wait_canvas(app, name):
    """The canvas named @name, once an image is on it."""
    canvas = app.find(name=name, timeout=20)
    wait_until(lambda: "No image" not in canvas.get_description(), 20,
               f"an image on the {name}")
    return canvas


@case("canvas-fill")
def canvas_fill(world):
    """A result opened, Change Part…, a dab painted on the canvas, Fill with
    the sandbox: the new image is saved with its parent and mask, the
    detail pages link the two both ways, and Remix of the edit puts the
    parent and its mask back on the canvas."""
    world.write_settings(SANDBOX)
    app = world.launch()
    app.dismiss_welcome()
    image, _ = make_parent(world, app, "a blue cottage in a meadow")

    e2e.click(app.find_control("Change Part of Image"))
    canvas = wait_canvas(app, "Mask canvas")
    generate_button = app.find_control("Generate")
    enter_prompt(app, "a red door")
    wait_until(lambda: app.text_showing("Paint over the part"), 10,
               "the reason that nothing is painted yet")
    check(not e2e.is_sensitive(generate_button), "Generate is enabled with an empty mask")
    e2e.click_at(canvas)
    wait_until(lambda: "0 %" not in canvas.get_description(), 10,
               f"paint on the mask (the canvas says {canvas.get_description()!r})")
    say(f"the canvas says: {canvas.get_description()}")
    wait_until(lambda: e2e.is_sensitive(generate_button), 15, "Generate to be enabled")
    e2e.click(generate_button)

    edit, record = wait_saved(world, "a red door", 60)
    check(record.get("model") == "flux-pro-1.0-fill", f"model {record.get('model')!r}")
    parent = record.get("parent") or {}
    check(parent.get("sha256") == file_sha256(image),
          f"the edit's parent is {parent}, not the sha256 of {image}")
    check(isinstance(record.get("mask"), str) and len(record["mask"]) == 64,
          f"the edit records no mask: {record.get('mask')!r}")
    check(record.get("format") == 3, f"the sidecar is format {record.get('format')!r}")

    open_item(app, gallery_item(app, "a red door", 30))
    parent_name = os.path.basename(image)
    # GTK 4.8 appends the row's title to its accessible name.
    e2e.click(app.find_control(f"Edited from {parent_name}", timeout=20))
    app.find_control(f"Edited as {os.path.basename(edit)}", timeout=20)
    say(f"{os.path.basename(edit)} is linked to {parent_name} both ways")

    # Remix of the edit, with the edit itself on the canvas and nothing
    # painted: the parent comes back with the mask as it was sent. The
    # window is on the parent's page, which has a Remix button too; the
    # link leads to the edit's own page.
    painted = canvas.get_description()
    e2e.click(app.find_control(f"Edited as {os.path.basename(edit)}"))
    app.find_control(f"Edited from {parent_name}", timeout=20)
    e2e.click(app.find_control("Change Part of Image"))
    wait_until(lambda: "0 %" in canvas.get_description(), 20,
               f"the edit on the canvas, unpainted (it says {canvas.get_description()!r})")
    e2e.click(app.find_control("Remix"))
    wait_until(lambda: canvas.get_description() == painted, 20,
               f"Remix to restore {painted!r} (the canvas says {canvas.get_description()!r})")
    say(f"Remix restored the mask: {painted}")


@case("canvas-expand")
def canvas_expand(world):
    """Expand… on a result, the "To 3:1 Banner" preset, Generate: the saved
    image is three times as wide as it is high, with the margins recorded;
    Remix of it puts the parent and the margins back on the canvas."""
    world.write_settings(SANDBOX)
    app = world.launch()
    app.dismiss_welcome()
    image, _ = make_parent(world, app, "a green kite over a beach")

    e2e.click(app.find_control("Expand Image"))
    canvas = wait_canvas(app, "Expand canvas")
    e2e.click(app.find_control("To 3:1 Banner"))
    wait_until(lambda: "expanded to 1536 × 512" in canvas.get_description(), 10,
               f"the canvas to preview 1536 × 512 (it says {canvas.get_description()!r})")
    for name, value in (("Left", 512), ("Right", 512), ("Top", 0), ("Bottom", 0)):
        field = app.find_control(name)
        wait_until(lambda: e2e.number_of(field) == value, 10,
                   f"{name} to read {value} (it reads {e2e.number_of(field)})")
    generate(app, "a banner with sand and sky")

    edit, record = wait_saved(world, "a banner with sand and sky", 60)
    check(record.get("model") == "flux-pro-1.0-expand", f"model {record.get('model')!r}")
    check(record.get("margins") == {"top": 0, "bottom": 0, "left": 512, "right": 512},
          f"the margins recorded are {record.get('margins')}")
    check((record.get("parent") or {}).get("sha256") == file_sha256(image),
          "the expanded image is not linked to its parent")
    if image_kind(edit) == "png":
        width, height = png_size(edit)
    else:
        width, height = param(record, "width"), param(record, "height")
    check((width, height) == (1536, 512), f"the saved image is {width} × {height}, not 1536 × 512")
    say(f"saved {os.path.basename(edit)} at {width} × {height}")

    # Remix of the banner, with the banner itself on the canvas and no
    # margins: the parent comes back at 512 × 512 with its margins.
    open_item(app, gallery_item(app, "a banner with sand and sky", 30))
    e2e.click(app.find_control("Expand Image"))
    wait_until(lambda: canvas.get_description().startswith("1536 × 512,"), 20,
               f"the banner on the canvas (it says {canvas.get_description()!r})")
    e2e.click(app.find_control("Remix"))
    wait_until(lambda: canvas.get_description() == "512 × 512, expanded to 1536 × 512", 20,
               f"Remix to restore the parent and margins (the canvas says "
               f"{canvas.get_description()!r})")
    for name, value in (("Left", 512), ("Right", 512), ("Top", 0), ("Bottom", 0)):
        field = app.find_control(name)
        wait_until(lambda: e2e.number_of(field) == value, 10,
                   f"{name} to read {value} after Remix (it reads {e2e.number_of(field)})")
    say("Remix restored the parent and its margins")


def main(argv):
    if len(argv) == 2 and argv[1] == "--list":
        print("\n".join(CASES))
        return 0
    if len(argv) != 2 or argv[1] not in CASES:
        print(f"usage: {argv[0]} --list | {' | '.join(CASES)}", file=sys.stderr)
        return 2
    try:
        e2e.require_environment()
    except e2e.Skip as e:
        say(f"skipped: {e}")
        return e2e.SKIP
    if os.environ.get("FS_E2E_PRIVATE_BUS") != "1":
        env = dict(os.environ, FS_E2E_PRIVATE_BUS="1")
        argv0 = os.path.abspath(argv[0])
        os.execvpe("dbus-run-session", ["dbus-run-session", "--", sys.executable, argv0, argv[1]],
                   env)
    return e2e.run_case(argv[1], CASES[argv[1]])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
