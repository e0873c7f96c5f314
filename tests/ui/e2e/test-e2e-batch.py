# test-e2e-batch.py
#
# Copyright 2026 The Flux Studio authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""End-to-end tests of several jobs from one Generate, through AT-SPI by
accessible name: "Number of images" and "Prompt list" with {a|b}
alternatives, the confirmation above the price threshold, "More Like
This", and the notification when a batch ends (fake-notifications.py
owns org.gtk.Notifications on each case's session bus). The worlds and steps are test-e2e.py's, loaded as a module.

    test-e2e-batch.py --list     names of these cases
    test-e2e-batch.py NAME       run one case
"""

import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fs_e2e as e2e  # noqa: E402
from fs_e2e import check, say, wait_until  # noqa: E402

T = e2e.load_e2e_steps()
case = T.case


def saved_prompts(world):
    prompts = []
    for image in world.gallery_images():
        try:
            prompts.append(world.sidecar(image).get("prompt"))
        except (OSError, ValueError):
            pass
    return prompts


@case("batch-prompt-list")
def batch_prompt_list(world):
    """Two images of each line, {a|b} a line per alternative: the Images
    group says 6 jobs before Generate, and 6 images are saved."""
    world.write_settings(T.SANDBOX)
    app = world.launch()
    app.dismiss_welcome()
    count = app.find_control("Number of images")
    e2e.set_number(count, 2)
    wait_until(lambda: e2e.number_of(count) == 2, 5, "Number of images to read 2")
    switch = app.find_control("Prompt list")
    e2e.click(switch)
    T.enter_prompt(app, "a {red|blue} kite\na paper plane")
    wait_until(lambda: app.text_showing("6 jobs"), 10, "the Images group to say 6 jobs")
    button = app.find_control("Generate")
    wait_until(lambda: e2e.is_sensitive(button), 15, "Generate to be enabled")
    e2e.click(button)
    # A record is written after its image: count the records.
    wait_until(lambda: len(saved_prompts(world)) >= 6, 90, "six images to be saved")
    prompts = sorted(saved_prompts(world))
    check(prompts == sorted(["a red kite"] * 2 + ["a blue kite"] * 2 + ["a paper plane"] * 2),
          f"the saved prompts are {prompts}")


@case("batch-confirmation")
def batch_confirmation(world):
    """Three FLUX.2 [pro] images cost about $0.09, above a threshold of
    $0.05: the window asks first; Cancel sends nothing, Start sends three."""
    urls = world.start_fake()
    world.write_settings({"provider": "bfl", "model": "flux-2-pro", "bfl-base-url": urls["bfl"],
                          "batch-confirm-usd": 0.05})
    app = world.launch(keys=("BFL_API_KEY",))
    count = app.find_control("Number of images")
    e2e.set_number(count, 3)
    wait_until(lambda: e2e.number_of(count) == 3, 5, "Number of images to read 3")
    T.enter_prompt(app, "three posters, one headline")
    wait_until(lambda: app.text_showing("3 jobs · about $"), 10, "the price of 3 jobs")
    button = app.find_control("Generate")
    wait_until(lambda: e2e.is_sensitive(button), 15, "Generate to be enabled")

    e2e.click(button)
    # libadwaita 1.2 names a response button by its raw label and its text
    # ("_Cancel Cancel").
    e2e.click(app.find_control("_Cancel", timeout=15))
    submits = lambda: [r for r in world.fake_requests()  # noqa: E731
                       if r["role"] == "api" and r["method"] == "POST"]
    check(not submits(), "a cancelled batch sent something")

    e2e.click(button)
    dialog_text = wait_until(lambda: app.text_showing("Start 3 Jobs?"), 15, "the question")
    say(f"asked: {e2e.name_of(dialog_text) or e2e.text_of(dialog_text)}")
    e2e.click(app.find_control("_Start", timeout=15))
    wait_until(lambda: len(world.gallery_images()) >= 3, 90, "three images to be saved")
    check(len(submits()) == 3, f"{len(submits())} submits, not 3")
    world.check_wire()


@case("more-like-this")
def more_like_this(world):
    """More Like This on a saved image makes two more of its prompt, with
    new seeds."""
    world.write_settings(T.SANDBOX)
    app = world.launch()
    app.dismiss_welcome()
    prompt = "a copper kettle on a stove"
    T.generate(app, prompt)
    image, record = T.wait_saved(world, prompt, 60)
    T.open_item(app, T.gallery_item(app, prompt, 30))
    e2e.click(app.find_control("More Like This"))
    wait_until(lambda: saved_prompts(world).count(prompt) >= 3, 60,
               "two more images of the prompt")
    seeds = {T.param(world.sidecar(i), "seed") for i in world.gallery_images()}
    check(len(seeds) == 3, f"the three images do not have three seeds: {seeds}")


@case("spend-page")
def spend_page(world):
    """Two paid calls against the fake BFL, then the Spend page: the calls,
    BFL's reported charge (2 × 4.5 credits) and the model's row; a budget
    below that makes the next Generate ask first."""
    urls = world.start_fake()
    world.write_settings({"provider": "bfl", "model": "flux-2-pro", "bfl-base-url": urls["bfl"]})
    app = world.launch(keys=("BFL_API_KEY",))
    count = app.find_control("Number of images")
    e2e.set_number(count, 2)
    wait_until(lambda: e2e.number_of(count) == 2, 5, "Number of images to read 2")
    T.generate(app, "two charged posters")
    wait_until(lambda: len(world.gallery_images()) >= 2, 90, "two images to be saved")

    # From the main menu, as a user opens it.
    e2e.click_at(app.find_control("Main menu"))
    e2e.click(app.find_control("Spend", timeout=10))
    wait_until(lambda: app.window_named("Spend"), 15, "the Spend window")
    wait_until(lambda: app.text_showing("2 paid calls"), 15, "the model's two paid calls")
    wait_until(lambda: app.text_showing("$0.09 charged"), 15, "BFL's reported charge")
    budget = app.find_control("Monthly budget")
    e2e.set_number(budget, 0.05)
    wait_until(lambda: app.text_showing("Past the monthly budget of $0.05"), 15,
               "the page to say the budget is passed")

    e2e.press("Escape")
    T.generate(app, "one more poster")
    wait_until(lambda: app.text_showing("passes the monthly budget"), 15,
               "Generate to ask before passing the budget")
    e2e.click(app.find_control("_Cancel", timeout=15))
    check(len([r for r in world.fake_requests() if r["role"] == "api" and r["method"] == "POST"]) == 2,
          "a call past the budget was sent without asking")


def look_elsewhere(world, app):
    """Another X client takes the keyboard, as when the user works in
    another window while a batch runs: the app's window is no longer
    active."""
    for tool in ("xmessage", "xdotool"):
        if shutil.which(tool) is None:
            raise e2e.Skip(f"{tool} is not installed (packages x11-utils, xdotool)")
    world.spawn(["xmessage", "-name", "fs-elsewhere", "-geometry", "+900+700",
                 "elsewhere"], "xmessage.log")
    window = wait_until(lambda: subprocess.run(
        ["xdotool", "search", "--classname", "fs-elsewhere"], capture_output=True, text=True,
        timeout=10).stdout.split(), 15, "the other window")[0]
    subprocess.run(["xdotool", "windowfocus", "--sync", window], capture_output=True, timeout=10)
    wait_until(lambda: not e2e.has_state(app.window, e2e.Atspi.StateType.ACTIVE), 15,
               "the app's window to lose the keyboard")


@case("batch-notification")
def batch_notification(world):
    """A prompt list of three against the fake BFL, one of them refused,
    started while the user looks elsewhere: one notification when the
    batch ends, saying how many images were saved and how many jobs
    failed, and none per job."""
    urls = world.start_fake()
    world.write_settings({"provider": "bfl", "model": "flux-2-pro", "bfl-base-url": urls["bfl"]})
    app = world.launch(keys=("BFL_API_KEY",))
    e2e.click(app.find_control("Prompt list"))
    T.enter_prompt(app, "a harbour at dawn\na refused poster fake:422\na lighthouse at dusk")
    wait_until(lambda: app.text_showing("3 jobs"), 10, "the Images group to say 3 jobs")
    button = app.find_control("Generate")
    wait_until(lambda: e2e.is_sensitive(button), 15, "Generate to be enabled")
    look_elsewhere(world, app)
    e2e.click(button)

    wait_until(lambda: len(world.gallery_images()) >= 2, 90, "two images to be saved")
    wait_until(lambda: app.text_showing("0 waiting · 0 running · 3 finished"), 30,
               "the queue to be done")
    added = wait_until(lambda: [n for n in world.notifications() if n["method"] == "AddNotification"],
                       20, "a notification")
    # Whatever else the app would send comes within a moment of the last job.
    time.sleep(2)
    added = [n for n in world.notifications() if n["method"] == "AddNotification"]
    say(f"notifications: {added}")
    check(len(added) == 1, f"{len(added)} notifications, not one: {added}")
    notification = added[0]["notification"]
    check(added[0]["app_id"] == e2e.APP_ID, f"sent for {added[0]['app_id']!r}")
    check(notification.get("title") == "Batch finished",
          f"the title is {notification.get('title')!r}")
    check(notification.get("body") == "2 images saved; 1 job failed",
          f"the body is {notification.get('body')!r}")


def presets_folder(world):
    return os.path.join(world.dirs["data"], "flux-studio", "presets")


def preset_files(world):
    folder = presets_folder(world)
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def presets_menu(app, item):
    """The sidebar's Presets menu, opened with a pointer click (GTK 4.8's
    menu button has no AT-SPI action that opens it)."""
    e2e.click_at(app.find_control("Presets"))
    e2e.click(app.find_control(item, timeout=10))


def through_chooser(app, title, path, accept):
    """GTK's own chooser (no portal in the test session): the path typed
    into the location entry (Ctrl+L), then its accept button."""
    dialog = wait_until(lambda: app.window_named(title), 15, f"the chooser {title!r}")
    # Keys sent before the chooser has the keyboard go to the window
    # below (its Ctrl+L focuses the prompt), and the path typed then
    # lands in the chooser's search: it waits to be the active window.
    wait_until(lambda: any(e2e.has_state(acc, e2e.Atspi.StateType.FOCUSED)
                           for acc in e2e.walk(dialog)), 15,
               f"the chooser {title!r} to have the keyboard")
    e2e.press("Control", "l")
    # A save chooser selects the suggested name without its extension:
    # all of it goes.
    e2e.press("Control", "a")
    e2e.type_text(path)
    # The typed path in place before the button: a click that comes first
    # takes a half-typed name.
    wait_until(lambda: any(e2e.text_of(acc) == path for acc in e2e.walk(dialog)), 10,
               f"the chooser's location to read {path!r}")
    button = app.find(contains=accept, roles=[e2e.Atspi.Role.PUSH_BUTTON], root=dialog,
                      what=f"the chooser's {accept} button")
    e2e.click(button)
    wait_until(lambda: app.window_named(title) is None, 15, "the chooser to close")


@case("presets-round-trip")
def presets_round_trip(world):
    """A shipped preset applied to the model in use (FLUX.2 [flex] in the
    sandbox, which "Web banner 3:1" names), the settings saved as a preset,
    exported to a file and imported again."""
    world.write_settings({"provider": "sandbox", "model": "flux-2-flex"})
    app = world.launch()
    app.dismiss_welcome()
    presets_menu(app, "Web banner 3:1")
    width, height = app.find_control("Width"), app.find_control("Height")
    wait_until(lambda: e2e.number_of(width) == 1440 and e2e.number_of(height) == 480, 10,
               f"the banner's size (it reads {e2e.number_of(width)} × {e2e.number_of(height)})")
    check(app.find_control("Steps") is not None, "the model changed: Steps is gone")

    steps = app.find_control("Steps")
    e2e.set_number(steps, 40)
    wait_until(lambda: e2e.number_of(steps) == 40, 5, "Steps to read 40")
    presets_menu(app, "Save Current Settings…")
    e2e.set_text(app.find_control("Preset name", timeout=10), "House banner")
    e2e.click(app.find_control("_Save", timeout=10))
    wait_until(lambda: preset_files(world), 15, "the preset file")
    with open(os.path.join(presets_folder(world), preset_files(world)[0])) as f:
        saved = json.load(f)
    check(saved["name"] == "House banner" and saved["model"] == "flux-2-flex"
          and saved["params"].get("steps") == 40 and saved["params"].get("width") == 1440,
          f"the saved preset: {saved}")

    exported = os.path.join(world.root, "house-banner.json")
    presets_menu(app, "Export")
    e2e.click(app.find_control("House banner…", timeout=10))
    through_chooser(app, "Export a Preset", exported, "Export")
    wait_until(lambda: os.path.exists(exported), 15, "the exported file")
    with open(exported) as f:
        check(json.load(f)["params"] == saved["params"], "the export differs from the preset")

    for name in preset_files(world):
        os.remove(os.path.join(presets_folder(world), name))
    presets_menu(app, "Import…")
    through_chooser(app, "Import a Preset", exported, "Import")
    wait_until(lambda: preset_files(world), 15, "the imported preset file")
    wait_until(lambda: app.text_showing("Preset saved"), 10, "the toast")


if __name__ == "__main__":
    sys.exit(T.main(sys.argv))
