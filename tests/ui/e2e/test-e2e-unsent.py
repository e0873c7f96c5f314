# test-e2e-unsent.py
#
# Copyright 2026 The Flux Studio authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""End-to-end tests of an interrupted batch's unsent rows, through AT-SPI
by accessible name: a CLI batch killed with kill -9 mid-way, then the
window offers what it never sent ("An interrupted batch left 6 images
unsent"), Continue sends each once and Discard drops them for good; and
the window's own batch, journalled before it sends, killed and offered on
the next start, or cancelled and offered never. The worlds and steps are test-e2e.py's, loaded as a module.

    test-e2e-unsent.py --list     names of these cases
    test-e2e-unsent.py NAME       run one case
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fs_e2e as e2e  # noqa: E402
from fs_e2e import check, say, wait_until  # noqa: E402

T = e2e.load_e2e_steps()
case = T.case

MODEL = "flux-kontext-max"   # 6 active tasks at most: the rest wait unsent
PENDING_POLLS = "8"          # fake:pending-long polls this long


def library_db(world):
    return os.path.join(world.dirs["data"], "flux-studio", "library.db")


def query(world, sql):
    path = library_db(world)
    if not os.path.exists(path):
        return []
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        return db.execute(sql).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        db.close()


def unsent_rows(world):
    return query(world, "SELECT b.job_id FROM batch_rows b LEFT JOIN jobs j"
                        " ON j.job_id = b.job_id WHERE j.job_id IS NULL")


def polling_jobs(world):
    return query(world, "SELECT job_id FROM jobs WHERE state = 'polling'")


def submitted(world):
    return [(e.get("json") or {}).get("prompt") for e in world.fake_requests()
            if e.get("counter") == f"bfl:{MODEL}" and e["role"] == "api"
            and e["method"] == "POST" and e["status"] == 200]


def start_fake(world):
    os.environ["FAKE_PENDING_POLLS"] = PENDING_POLLS
    return world.start_fake(max_requests=600)


def cli_env(world):
    return world.app_env(keys=("BFL_API_KEY",), extra={"FLUX_STUDIO_TIMEOUT": "60"})


def killed_cli_batch(world, urls, n=12):
    """A CLI batch of @n rows killed with kill -9 while six poll: six rows
    sent, the others journalled and unsent."""
    cli = os.environ.get("FS_CLI")
    check(cli and os.access(cli, os.X_OK), f"FS_CLI is not an executable: {cli!r}")
    prompts = [f"row {i:02d} fake:pending-long" for i in range(n)]
    path = os.path.join(world.root, "list.txt")
    with open(path, "w") as f:
        f.write("\n".join(prompts) + "\n")
    proc = world.spawn([cli, "batch", "--provider", "bfl", "--base-url", urls["bfl"],
                        "--model", MODEL, path], "cli-batch.log", env=cli_env(world))
    try:
        wait_until(lambda: len(polling_jobs(world)) >= 6 or proc.poll() is not None, 60,
                   "six rows of the batch to poll")
        check(proc.poll() is None, f"the batch ended (exit {proc.returncode}) before the kill")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    check(len(submitted(world)) == 6, f"{len(submitted(world))} rows were sent before the kill")
    check(len(unsent_rows(world)) == n - 6,
          f"{len(unsent_rows(world))} rows are journalled unsent, not {n - 6}")
    return prompts


def launch_bfl(world, urls):
    world.write_settings({"provider": "bfl", "model": MODEL, "bfl-base-url": urls["bfl"],
                          "batch-confirm-usd": 100.0})
    return world.launch(keys=("BFL_API_KEY",))


def each_sent_once(world, prompts):
    sent = sorted(submitted(world))
    check(sent == sorted(prompts), f"each row must be sent exactly once: {sent}")
    peak = max((e.get("peak_active", 0) for e in world.fake_requests()), default=0)
    check(peak <= 6, f"{MODEL} had {peak} active tasks, more than 6")


@case("batch-interrupted-continue")
def interrupted_continue(world):
    """kill -9 on a CLI batch, then the window: the six polling jobs resume
    from the journal, the banner offers the six unsent rows, Continue sends
    each once, and all twelve images are saved."""
    urls = start_fake(world)
    prompts = killed_cli_batch(world, urls)
    app = launch_bfl(world, urls)
    banner = wait_until(lambda: app.text_showing("An interrupted batch left 6 images unsent"),
                        60, "the banner offering the six unsent rows")
    say(f"offered: {e2e.name_of(banner) or e2e.text_of(banner)}")
    e2e.click(app.find_control("Continue Interrupted Batch"))
    wait_until(lambda: not app.text_showing("An interrupted batch"), 10, "the banner to go")
    wait_until(lambda: len(world.gallery_images()) >= 12, 150, "twelve images to be saved")
    each_sent_once(world, prompts)
    check(not unsent_rows(world), "rows are still unsent after Continue")
    world.check_wire()


def dialog_button(app, heading, label):
    """The button labelled @label in the window that asks @heading."""
    for w in app.windows():
        if not e2e.find_all(w, contains=heading):
            continue
        for acc in e2e.find_all(w, contains=label):
            if e2e.role_of(acc) == T.Atspi_role("PUSH_BUTTON"):
                return acc
    return None


@case("batch-interrupted-continue-cancelled")
def interrupted_continue_cancelled(world):
    """Continue asks first above the threshold, as a batch start does;
    Cancel sends nothing and the offer stays, to be taken later."""
    urls = start_fake(world)
    killed_cli_batch(world, urls)
    world.write_settings({"provider": "bfl", "model": MODEL, "bfl-base-url": urls["bfl"],
                          "batch-confirm-usd": 0.01})
    app = world.launch(keys=("BFL_API_KEY",))
    wait_until(lambda: app.text_showing("An interrupted batch left 6 images unsent"), 60,
               "the banner offering the six unsent rows")
    e2e.click(app.find_control("Continue Interrupted Batch"))
    wait_until(lambda: app.text_showing("Start 6 Jobs?"), 15, "the question")
    # The dialog's Cancel, not a resumed job card's.
    e2e.click(wait_until(lambda: dialog_button(app, "Start 6 Jobs?", "_Cancel"), 15,
                         "the question's Cancel"))
    wait_until(lambda: app.text_showing("An interrupted batch left 6 images unsent"), 20,
               "the offer back after Cancel")
    check(len(unsent_rows(world)) == 6, "Cancel changed the journalled rows")
    time.sleep(2)
    check(len(submitted(world)) == 6, f"{len(submitted(world))} calls were sent, not the 6 "
          "before the kill")


@case("batch-interrupted-discard")
def interrupted_discard(world):
    """Discard drops the unsent rows from the journal: the next start offers
    nothing, and `flux-studio-cli resume` sends nothing more."""
    urls = start_fake(world)
    killed_cli_batch(world, urls)
    app = launch_bfl(world, urls)
    wait_until(lambda: app.text_showing("An interrupted batch left 6 images unsent"), 60,
               "the banner offering the six unsent rows")
    # Discard can be taken back while its toast shows: the offer returns.
    e2e.click(app.find_control("Discard Interrupted Batch"))
    wait_until(lambda: app.text_showing("6 unsent images discarded"), 20, "the Discard toast")
    check(len(unsent_rows(world)) == 6, "the rows left the journal before the toast went")
    e2e.click(app.find_control("Undo", timeout=10))
    wait_until(lambda: app.text_showing("An interrupted batch left 6 images unsent"), 20,
               "the banner back after Undo")
    check(len(unsent_rows(world)) == 6, "Undo did not keep the rows")
    # Discarded for good once its toast goes.
    e2e.click(app.find_control("Discard Interrupted Batch"))
    wait_until(lambda: not unsent_rows(world), 40, "the rows to leave the journal")
    # The six sent before the kill still finish, resumed from the journal.
    wait_until(lambda: len(world.gallery_images()) >= 6, 120, "the six resumed images")
    app.quit()

    again = launch_bfl(world, urls)
    wait_until(lambda: again.find_control("Generate"), 30, "the window")
    # The offer comes after the journal's resume, within a few seconds of
    # the window; give it the time a first start took.
    time.sleep(5)
    check(not again.text_showing("An interrupted batch"), "discarded rows were offered again")
    again.quit()
    run = subprocess.run([os.environ["FS_CLI"], "resume"], capture_output=True, text=True,
                         env=cli_env(world), timeout=120)
    check(run.returncode == 0, f"resume exited {run.returncode}: {run.stderr}")
    check(len(submitted(world)) == 6, f"{len(submitted(world))} rows sent in all, not 6")
    check(len(world.gallery_images()) == 6, f"the gallery holds {len(world.gallery_images())}")


def batch_lock_files(world):
    folder = os.path.join(os.path.dirname(library_db(world)), "leases")
    return sorted(f for f in os.listdir(folder) if f.startswith("batch-")) \
        if os.path.isdir(folder) else []


@case("batch-interrupted-quit")
def interrupted_quit(world):
    """Quit while the banner offers a dead batch's rows: they stay for the
    next start, and the batch's lock file, taken from the dead process, is
    let go of and removed before the app exits."""
    urls = start_fake(world)
    killed_cli_batch(world, urls)
    check(len(batch_lock_files(world)) == 1,
          f"the killed batch left {batch_lock_files(world)}, not one lock file")
    app = launch_bfl(world, urls)
    wait_until(lambda: app.text_showing("An interrupted batch left 6 images unsent"), 60,
               "the banner offering the six unsent rows")
    check(app.activate_action("quit"), "app.quit could not be activated")
    app.proc.wait(30)
    check(app.proc.returncode == 0, f"the app exited {app.proc.returncode}")
    check(not batch_lock_files(world), f"lock files left: {batch_lock_files(world)}")
    check(len(unsent_rows(world)) == 6, "quitting changed the journalled rows")


@case("batch-window-journalled")
def window_journalled(world):
    """The window's own batch of eight is journalled before it sends: while
    six poll, batch_rows holds all eight and two unsent; killed then, the
    next start offers the two, and Continue saves all eight, each sent once."""
    urls = start_fake(world)
    app = launch_bfl(world, urls)
    count = app.find_control("Number of images")
    e2e.set_number(count, 8)
    wait_until(lambda: e2e.number_of(count) == 8, 5, "Number of images to read 8")
    prompt = "eight takes fake:pending-long"
    T.generate(app, prompt)
    wait_until(lambda: len(polling_jobs(world)) >= 6, 60, "six jobs to poll")
    rows = query(world, "SELECT job_id FROM batch_rows")
    check(len(rows) == 8, f"the batch journalled {len(rows)} rows, not 8")
    check(len(unsent_rows(world)) == 2, f"{len(unsent_rows(world))} rows wait unsent, not 2")
    app.proc.send_signal(signal.SIGKILL)
    app.proc.wait(10)
    check(len(submitted(world)) == 6, f"{len(submitted(world))} calls were sent before the kill")

    again = launch_bfl(world, urls)
    wait_until(lambda: again.text_showing("An interrupted batch left 2 images unsent"), 60,
               "the banner offering the two unsent rows")
    e2e.click(again.find_control("Continue Interrupted Batch"))
    wait_until(lambda: len(world.gallery_images()) >= 8, 150, "eight images to be saved")
    each_sent_once(world, [prompt] * 8)
    check(len(set(r[0] for r in query(world, "SELECT job_id FROM jobs"))) == 8,
          "the journal does not hold one job per row")



def cancel_all(app):
    """The Queue group's Cancel All, wherever the sidebar is scrolled: its
    own action does not need it on screen."""
    def look():
        for w in app.windows():
            for acc in e2e.find_all(w, contains="Cancel"):
                if e2e.name_of(acc).replace("_", "").startswith("Cancel All"):
                    return acc
        return None
    e2e.click(wait_until(look, 15, "the Cancel All button"))


@case("batch-window-cancel-drops")
def window_cancel_drops(world):
    """Cancel All on the window's batch while two of its rows wait: their
    rows leave the journal, and the next start offers nothing."""
    urls = start_fake(world)
    app = launch_bfl(world, urls)
    count = app.find_control("Number of images")
    e2e.set_number(count, 8)
    wait_until(lambda: e2e.number_of(count) == 8, 5, "Number of images to read 8")
    T.generate(app, "eight takes to cancel fake:pending-long")
    wait_until(lambda: len(polling_jobs(world)) >= 6, 60, "six jobs to poll")
    waiting = {r[0] for r in unsent_rows(world)}
    check(len(waiting) == 2, f"{len(waiting)} rows wait unsent, not 2")
    cancel_all(app)
    wait_until(lambda: not unsent_rows(world), 15, "the cancelled rows to leave the journal")
    # Dropped, not sent: neither a batch row nor a job of theirs is left.
    rows = {r[0] for r in query(world, "SELECT job_id FROM batch_rows")}
    jobs = {r[0] for r in query(world, "SELECT job_id FROM jobs")}
    check(not (waiting & (rows | jobs)), "a cancelled row is still journalled")
    app.quit()

    again = launch_bfl(world, urls)
    wait_until(lambda: again.find_control("Generate"), 30, "the window")
    time.sleep(5)
    check(not again.text_showing("An interrupted batch"), "cancelled rows were offered")
    check(len(submitted(world)) == 6, f"{len(submitted(world))} calls were sent, not 6")


@case("batch-window-no-key-drops")
def window_no_key_drops(world):
    """A batch of three for a provider with no key (another provider has
    one, so no welcome page): the window says so, nothing is sent, and the
    three journalled rows are dropped, so the next start offers nothing."""
    urls = start_fake(world)
    world.write_settings({"provider": "bfl", "model": MODEL, "bfl-base-url": urls["bfl"],
                          "batch-confirm-usd": 100.0})
    app = world.launch(keys=("APIYI_API_KEY",))
    count = app.find_control("Number of images")
    e2e.set_number(count, 3)
    wait_until(lambda: e2e.number_of(count) == 3, 5, "Number of images to read 3")
    T.generate(app, "three takes without a key")
    wait_until(lambda: app.text_showing("Black Forest Labs needs an API key"), 30,
               "the window to say the key is missing")
    wait_until(lambda: len(query(world, "SELECT job_id FROM batch_rows")) == 0
               and os.path.exists(library_db(world)), 15,
               "the three rows to leave the journal")
    app.quit()

    again = world.launch(keys=("APIYI_API_KEY",))
    wait_until(lambda: again.find_control("Generate"), 30, "the window")
    time.sleep(5)
    check(not again.text_showing("An interrupted batch"), "rows never sent were offered")
    check(not submitted(world), f"{len(submitted(world))} calls were sent without a key")


if __name__ == "__main__":
    sys.exit(T.main(sys.argv))
