# test-cli-batch.py
#
# Copyright 2026 The Flux Studio authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""End-to-end tests of the commands around one Generate: generate --count
and --seed-mode, spend, batch and its resume, and presets, against
tests/fakes/fs-fake-server. The private worlds, the fake server and the
expectations are test-cli.py's, loaded as a module; the cases are
registered in its table and run by its main().

    python3 test-cli-batch.py --list    names of these cases
    python3 test-cli-batch.py NAME      run one case
"""

import csv
import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import time

_spec = importlib.util.spec_from_file_location(
    "fs_test_cli", os.path.join(os.path.dirname(os.path.abspath(__file__)), "test-cli.py"))
T = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(T)
T.CASES.clear()  # test-cli.py runs its own cases; these are this file's

case, check, expect_exit, expect_saved = T.case, T.check, T.expect_exit, T.expect_saved
BFL_COST_USD = 0.045  # the fake's 4.5 credits


def spend(world, *args, json_out=True):
    run = world.run("spend", "--library", world.library, *args,
                    *(["--json"] if json_out else []))
    return run


def ledger(world):
    return T.query(T.library_db(world),
                   "SELECT job_id, provider, model, images, estimate, actual, state FROM spend",
                   ("job_id", "provider", "model", "images", "estimate", "actual", "state"))


def seeds_sent(world, counter):
    return [(c.get("json") or {}).get("seed") for c in world.calls(counter, role="api")]


# --------------------------------------------------------------------------
# Variations
# --------------------------------------------------------------------------

@case("count-bfl-increment")
def count_bfl_increment(w):
    w.start_fake()
    prompt = "three seeds of one poster fake:ok"
    run = T.bfl_generate(w, prompt, "--count", "3", "--seed", "100")
    expect_exit(run, 0)
    records = expect_saved(w, run, "bfl", "flux-2-pro", prompt, count=3)
    check(sorted(r["seed"] for r in records) == [100, 101, 102],
          f"--count 3 --seed 100 saved seeds {[r['seed'] for r in records]}")
    check(sorted(seeds_sent(w, "bfl:flux-2-pro")) == [100, 101, 102],
          f"the submits carried seeds {seeds_sent(w, 'bfl:flux-2-pro')}")
    # Every paid call is in the ledger, with the catalog's estimate and
    # the cost BFL reported in its submit answer.
    rows = ledger(w)
    check(len(rows) == 3, f"the ledger holds {len(rows)} rows, not 3")
    for row in rows:
        check(row["state"] == "answered" and abs(row["actual"] - BFL_COST_USD) < 1e-9,
              f"a ledger row does not hold BFL's cost: {row}")
        check(row["estimate"] is not None and row["estimate"] > 0,
              f"a ledger row has no estimate: {row}")
    totals = spend(w).json()
    [model] = totals["models"]
    check(model["provider"] == "bfl" and model["model"] == "flux-2-pro" and model["calls"] == 3,
          f"spend per model wrong: {model}")
    check(abs(model["actual"] - 3 * BFL_COST_USD) < 1e-9 and abs(model["credits"] - 13.5) < 1e-9,
          f"spend's actual total is not 3 × 4.5 credits: {model}")
    check(totals["totals"]["calls"] == 3 and totals["budget"] is None, f"totals wrong: {totals}")


@case("count-monica-num-outputs")
def count_monica(w):
    w.start_fake()
    prompt = "six teapots fake:ok"
    run = T.monica_generate(w, prompt, "--count", "6", "--seed", "7", "--size", "1024x1024")
    expect_exit(run, 0)
    records = expect_saved(w, run, "monica", "flux_dev", prompt, count=6)
    calls = w.calls("monica", role="api")
    outputs = sorted((c.get("json") or {}).get("num_outputs") for c in calls)
    check(outputs == [2, 4], f"six Monica images should be calls of 4 and 2, were {outputs}")
    # Counting up by image: the second call starts where the first ended.
    check(sorted(seeds_sent(w, "monica")) == [7, 11], f"seeds sent {seeds_sent(w, 'monica')}")
    check(sorted({r["seed"] for r in records}) == [7, 11], "the records' seeds are not the calls'")
    rows = ledger(w)
    check(sorted(r["images"] for r in rows) == [2, 4] and all(r["actual"] is None for r in rows),
          f"Monica's ledger rows: {rows}")


@case("count-sandbox-random")
def count_sandbox_random(w):
    run = w.generate("sandbox", "flux-2-pro", "four random seeds", "--count", "4")
    expect_exit(run, 0)
    records = expect_saved(w, run, "sandbox", "flux-2-pro", "four random seeds", count=4,
                           served=False)
    check(len({r["seed"] for r in records}) == 4, "random seeds repeat")
    check(not ledger(w), "the sandbox, which costs nothing, is in the spend ledger")
    # Fixed: every image of the same seed, each its own file and record.
    run = w.generate("sandbox", "flux-2-pro", "one seed", "--count", "3", "--seed-mode", "fixed",
                     "--seed", "5")
    expect_exit(run, 0)
    records = run.records()
    check(len(records) == 3 and {r["seed"] for r in records} == {5}
          and len({r["path"] for r in records}) == 3, f"fixed seeds: {records}")


@case("count-invalid")
def count_invalid(w):
    w.start_fake()
    for extra, words in ((["--count", "17"], "--count takes"),
                         (["--count", "0"], "--count takes"),
                         (["--count", "2", "--seed-mode", "sometimes"], "--seed-mode takes"),
                         (["--count", "2", "--seed", "5", "--seed-mode", "random"], "random draws"),
                         (["--count", "2", "--num-outputs", "2"], "either --count")):
        run = T.monica_generate(w, "refused fake:ok", *extra)
        expect_exit(run, 2)
        check(words in run.stderr, f"{extra}: stderr does not say {words!r}: {run.stderr!r}")
    # A seed counted past the model's range is refused before anything is sent.
    run = T.monica_generate(w, "refused fake:ok", "--count", "6", "--seed", "2147483645")
    expect_exit(run, 2)
    T.expect_no_requests(w)


# --------------------------------------------------------------------------
# Spend
# --------------------------------------------------------------------------

@case("spend-budget-csv")
def spend_budget_csv(w):
    w.start_fake()
    expect_exit(spend(w, "--set-budget", "0.05", json_out=False), 0)
    run = T.bfl_generate(w, "the first call fake:ok")
    expect_exit(run, 0)
    check("monthly budget" not in run.stderr, "a call within the budget was warned about")
    run = T.bfl_generate(w, "the second call fake:ok")
    expect_exit(run, 0)
    check("passes the monthly budget of $0.05" in run.stderr,
          f"no warning before a call past the budget: {run.stderr!r}")
    totals = spend(w).json()
    check(totals["budget"] == 0.05 and totals["totals"]["calls"] == 2, f"spend: {totals}")
    # A refused call is not charged and not counted.
    run = T.bfl_generate(w, "no credits fake:402")
    expect_exit(run, 3)
    check([r["state"] for r in ledger(w)].count("refused") == 1, f"ledger: {ledger(w)}")
    check(spend(w).json()["totals"]["calls"] == 2, "a refused call counts as paid")
    # The text form and the CSV export.
    text = spend(w, json_out=False)
    expect_exit(text, 0)
    check("bfl / flux-2-pro" in text.stdout and "Monthly budget: $0.05" in text.stdout,
          f"spend's text: {text.stdout!r}")
    path = os.path.join(w.root, "spend.csv")
    expect_exit(spend(w, "--csv", path, json_out=False), 0)
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    check(len(rows) == 3 and {r["state"] for r in rows} == {"answered", "refused"},
          f"the CSV rows: {rows}")
    check(all(r["provider"] == "bfl" and r["estimate_usd"] for r in rows), f"CSV: {rows}")
    # Another month is empty; a month that is not one is refused.
    other = spend(w, "--month", "2020-01").json()
    check(other["month"] == "2020-01" and other["totals"]["calls"] == 0, f"2020-01: {other}")
    expect_exit(spend(w, "--month", "2020-13"), 2)
    expect_exit(spend(w, "--set-budget", "-3"), 2)
    expect_exit(spend(w, "--set-budget", "none", json_out=False), 0)
    check(spend(w).json()["budget"] is None, "--set-budget none left a budget")

# --------------------------------------------------------------------------
# Batches
# --------------------------------------------------------------------------

def write(world, name, text):
    path = os.path.join(world.root, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def batch(world, path, *extra, provider="bfl", keys=None, env=None, json_out=True):
    args = ["batch", "--library", world.library]
    if provider is not None:
        args += ["--provider", provider]
        if world.urls is not None and provider in world.urls:
            args += ["--base-url", world.urls[provider]]
    args += list(extra) + (["--json"] if json_out else []) + [path]
    if keys is None:
        keys = (provider,) if provider in T.KEY_ENVS else ()
    return world.run(*args, keys=keys, env=env)


def start_batch(world, path, *extra, env=None):
    args = [world.cli, "batch", "--library", world.library, "--provider", "bfl",
            "--base-url", world.urls["bfl"], *extra, "--json", path]
    return subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=world.env(("bfl",), env),
                            cwd=world.dirs["home"])


def submitted_prompts(world, model="flux-2-pro"):
    return [(c.get("json") or {}).get("prompt") for c in world.calls(f"bfl:{model}", role="api")
            if c["status"] == 200]


@case("batch-txt-wildcards")
def batch_txt(w):
    path = write(w, "list.txt", "a {red|green|blue} cup of tea\n\n"
                 "a {small|large} plate on a {wooden|glass} table\n{\"scene\": \"json\"}\n")
    run = batch(w, path, "--count", "2", provider="sandbox")
    expect_exit(run, 0)
    # 3 + 4 alternatives + one JSON prompt left whole, each twice.
    check("batch: 16 jobs" in run.stderr, f"the job count is not announced: {run.stderr[:300]!r}")
    records = run.records()
    check(len(records) == 16 and len(w.gallery_images()) == 16,
          f"expected 16 images, got {len(records)} records, {len(w.gallery_images())} files")
    prompts = {r["prompt"] for r in records}
    check(prompts == {"a red cup of tea", "a green cup of tea", "a blue cup of tea",
                      "a small plate on a wooden table", "a small plate on a glass table",
                      "a large plate on a wooden table", "a large plate on a glass table",
                      '{"scene": "json"}'}, f"expanded prompts: {sorted(prompts)}")
    progress = re.findall(r"batch: (\d+)/16 line (\d+) saved: ", run.stderr)
    check(sorted(int(k) for k, _ in progress) == list(range(1, 17))
          and {int(line) for _, line in progress} == {1, 3, 4},
          f"no per-job progress with its line: {run.stderr[-600:]!r}")


@case("batch-csv-overrides")
def batch_csv(w):
    w.start_fake()
    [ref] = w.make_refs(1)
    path = write(w, "list.csv",
                 "prompt,model,width,height,seed,ref\n"
                 "\"a poster, bold\",flux-2-pro,1024,768,11,\n"
                 f"the fox from image 1,flux-2-pro,,,12,{os.path.basename(ref)}\n"
                 "a kontext edit,flux-kontext-pro,,,13,\n")
    os.replace(ref, os.path.join(w.root, os.path.basename(ref)))
    run = batch(w, path)
    expect_exit(run, 0)
    records = run.records()
    check(len(records) == 3, f"expected 3 images, got {len(records)}")
    bodies = {(c.get("json") or {}).get("seed"): c for c in w.log()
              if c["role"] == "api" and c["method"] == "POST"}
    first = bodies[11]["json"]
    check(first["width"] == 1024 and first["height"] == 768 and first["prompt"] == "a poster, bold",
          f"row 1 went out as {first}")
    check("input_image" in bodies[12]["json"], "row 2's reference (relative to the file) was not sent")
    check(bodies[13]["path"] == "/v1/flux-kontext-pro", f"row 3 went to {bodies[13]['path']}")
    check({r["model"] for r in records} == {"flux-2-pro", "flux-kontext-pro"}, "models wrong")


@case("batch-invalid-rows")
def batch_invalid(w):
    w.start_fake()
    path = write(w, "list.jsonl",
                 '{"prompt": "fine", "seed": 1}\n'
                 '{"prompt": "", "seed": 2}\n'
                 '{"prompt": "bad width", "width": 1000}\n'
                 'not json\n'
                 '{"prompt": "unknown key", "colour": "red"}\n'
                 '{"prompt": "a ref that is missing", "ref": ["nowhere.png"]}\n'
                 '{"prompt": "count", "count": 40}\n')
    run = batch(w, path)
    expect_exit(run, 2)
    for line in (2, 3, 4, 5, 6, 7):
        check(f"line {line}:" in run.stderr, f"line {line} is not reported: {run.stderr!r}")
    check("line 1:" not in run.stderr, "the good row is reported")
    check("nothing was sent" in run.stderr, "stderr does not say nothing was sent")
    T.expect_no_requests(w)
    check(not os.path.exists(T.library_db(w)) or not T.journal_rows(w), "a job was journalled")
    # A file of another kind is refused as such.
    other = write(w, "list.md", "a prompt\n")
    run = batch(w, other)
    expect_exit(run, 2)
    check(".txt" in run.stderr and ".jsonl" in run.stderr, f"{run.stderr!r}")


@case("batch-kill-resume")
def batch_kill_resume(w):
    """kill -9 mid-batch, then resume: every row is sent exactly once. Kontext
    [max] runs 6 at a time, so when six poll the other six wait unsent."""
    w.start_fake(env={"FAKE_PENDING_POLLS": "8"})
    prompts = [f"row {i:02d} fake:pending-long" for i in range(12)]
    path = write(w, "list.txt", "\n".join(prompts) + "\n")
    proc = start_batch(w, path, "--model", "flux-kontext-max", env=T.LONG_POLLS)
    try:
        T.wait_rows(w, "polling", 6, proc=(proc,))
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        proc.stdout.close()
        proc.stderr.close()
    before = submitted_prompts(w, "flux-kontext-max")
    check(len(before) == 6, f"six rows should have been sent before the kill, not {len(before)}")
    rows = T.query(T.library_db(w), "SELECT job_id FROM batch_rows", ("job_id",))
    check(len(rows) == 12, f"the batch journalled {len(rows)} rows before sending, not 12")

    run = T.resume(w, env=T.LONG_POLLS)
    expect_exit(run, 0)
    after = submitted_prompts(w, "flux-kontext-max")
    check(sorted(after) == sorted(prompts),
          f"each row must be sent exactly once: {sorted(after)}")
    records = run.records()
    check(sorted(r["prompt"] for r in records) == sorted(prompts),
          f"resume saved {len(records)} images: {sorted(r['prompt'] for r in records)}")
    check(len(w.gallery_images()) == 12, f"the gallery holds {len(w.gallery_images())} images")
    peak = max(e.get("peak_active", 0) for e in w.log())
    check(peak <= 6, f"Kontext [max] had {peak} active tasks, more than 6")
    T.expect_nothing_to_resume(w)


@case("batch-100-cap-24")
def batch_cap(w):
    """100 jobs in two batch processes at once against a fake BFL that
    refuses a 25th active task: never more than 24 active, every image
    saved, no 429 seen."""
    w.start_fake(env={"FAKE_BFL_MAX_ACTIVE": "24"}, max_requests=4000)
    T.make_library(w)
    paths = [write(w, f"list-{n}.txt", "".join(f"batch {n} row {i} fake:ok\n" for i in range(50)))
             for n in (1, 2)]
    procs = [start_batch(w, path) for path in paths]
    runs = [T.finish_process(w, proc, ["batch", path]) for proc, path in zip(procs, paths)]
    for run in runs:
        expect_exit(run, 0)
        check(len(run.records()) == 50, f"a batch saved {len(run.records())} of 50")
    check(len(w.gallery_images()) == 100, f"the gallery holds {len(w.gallery_images())}")
    log = w.log()
    peak = max(e.get("peak_active", 0) for e in log)
    refused = [e for e in log if e["status"] == 429]
    print(f"peak active tasks: {peak}; 429 answers: {len(refused)}")
    check(peak <= 24, f"{peak} tasks were active at once, more than the cap of 24")
    check(not refused, f"{len(refused)} submits met a 429: the slots did not hold the cap")
    check(len(submitted_prompts(w)) == 100, "not every row was sent once")


@case("429-active-tasks-waits")
def active_tasks_wait(w):
    """A 429 "active tasks" outlasting the HTTP retries makes the job wait for
    a slot and submit again, not fail."""
    w.start_fake(env={"FAKE_BFL_BUSY_SUBMITS": "4"})
    prompt = "an account full elsewhere fake:ok"
    run = T.bfl_generate(w, prompt)
    expect_exit(run, 0)
    expect_saved(w, run, "bfl", "flux-2-pro", prompt)
    statuses = [c["status"] for c in w.calls("bfl:flux-2-pro", role="api")]
    check(statuses.count(429) == 4 and statuses[-1] == 200, f"submit statuses {statuses}")
    check("Waiting for a free slot" in run.stderr, f"the wait is not shown: {run.stderr!r}")
    [row] = ledger(w)
    check(row["state"] == "answered", f"ledger row {row}")

# --------------------------------------------------------------------------
# Presets
# --------------------------------------------------------------------------

def preset(world, *args):
    return world.run("preset", *args)


def user_presets(world):
    folder = os.path.join(world.dirs["data"], "flux-studio", "presets")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


@case("preset-round-trip")
def preset_round_trip(w):
    listed = preset(w, "list", "--json")
    expect_exit(listed, 0)
    names = {p["name"] for p in listed.json()}
    check({"Poster 4:5", "Social square", "Web banner 3:1"} <= names, f"shipped presets: {names}")
    check(all(p["shipped"] for p in listed.json()), "a shipped preset is not marked so")

    saved = preset(w, "save", "House style", "--provider", "sandbox", "--model", "flux-2-flex",
                   "--width", "1440", "--height", "800", "--steps", "40", "{prompt}, house style")
    expect_exit(saved, 0)
    shown = preset(w, "show", "house STYLE", "--json").json()
    check(shown["model"] == "flux-2-flex" and shown["params"]["width"] == 1440
          and shown["params"]["steps"] == 40 and shown["prompt"] == "{prompt}, house style",
          f"preset show: {shown}")

    # Apply on another model: what it takes is applied, steps stay behind,
    # and options given on the command line win.
    run = w.generate(None, "flux-2-pro", "a fox", "--preset", "House style")
    expect_exit(run, 0)
    [item] = run.records()
    check(item["prompt"] == "a fox, house style" and item["provider"] == "sandbox"
          and item["width"] == 1440 and item["height"] == 800, f"applied preset: {item}")
    run = w.generate(None, "flux-2-flex", "a hen", "--preset", "House style", "--width", "1024")
    expect_exit(run, 0)
    [item] = run.records()
    check(item["width"] == 1024 and item["height"] == 800, f"--width did not win: {item}")
    with open(item["sidecar"]) as f:
        check(T.has_member(json.load(f), "steps", 40), "the preset's steps were not applied")

    # Export, then import into a library of presets that lacks it.
    path = os.path.join(w.root, "house.json")
    expect_exit(preset(w, "export", "House style", "--output", path), 0)
    with open(path) as f:
        exported = json.load(f)
    check(exported["format"] == "flux-studio-preset" and "shipped" not in exported,
          f"exported file: {exported}")
    expect_exit(preset(w, "export", "House style", "--output", path), 2)
    again = preset(w, "import", path)
    expect_exit(again, 2)
    check("exists" in again.stderr, f"importing over a preset: {again.stderr!r}")
    for name in user_presets(w):
        os.remove(os.path.join(w.dirs["data"], "flux-studio", "presets", name))
    expect_exit(preset(w, "import", path), 0)
    check(preset(w, "show", "House style", "--json").json()["params"] == shown["params"],
          "the imported preset differs from the exported one")
    expect_exit(preset(w, "import", "--replace", path), 0)


@case("preset-invalid")
def preset_invalid(w):
    run = preset(w, "save", "Odd", "--provider", "bfl", "--model", "flux-2-pro", "--width", "1000")
    expect_exit(run, 2)
    check("multiple of 16" in run.stderr, f"an invalid preset was not explained: {run.stderr!r}")
    check(not user_presets(w), "an invalid preset was saved")
    bad = os.path.join(w.root, "bad.json")
    with open(bad, "w") as f:
        f.write('{"format": "flux-studio-preset", "version": 1, "name": "x"}')
    run = preset(w, "import", bad)
    expect_exit(run, 2)
    check("bad.json" in run.stderr, f"{run.stderr!r}")
    expect_exit(preset(w, "show", "No such"), 2)
    run = w.generate("sandbox", "flux-2-pro", "x", "--preset", "No such")
    expect_exit(run, 2)
    check("preset list" in run.stderr, f"{run.stderr!r}")


def write_preset(world, name, **members):
    """A preset file imported as the user's."""
    preset_json = {"format": "flux-studio-preset", "version": 1, "name": name,
                   "provider": "sandbox", "model": "flux-2-pro", "params": {}, **members}
    path = write(world, f"{name}.json", json.dumps(preset_json))
    expect_exit(preset(world, "import", "--replace", path), 0)


def write_palette(world, name, rows):
    folder = os.path.join(world.dirs["data"], "flux-studio", "palettes")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"{name}.gpl"), "w") as f:
        f.write(f"GIMP Palette\nName: {name}\n#\n")
        f.writelines(f"{r} {g} {b}\t{label}\n" for r, g, b, label in rows)


@case("preset-palette")
def preset_palette(w):
    """generate --preset writes the preset's palette into the prompt, as the
    window applies it, and the colour check measures those colours."""
    write_palette(w, "Brand", [(2, 235, 60, "Green"), (255, 0, 136, "Pink")])
    write_preset(w, "Branded", prompt="{prompt}, flat colours", palette="Brand")
    run = w.generate(None, "flux-2-pro", "a cup of tea", "--preset", "Branded")
    expect_exit(run, 0)
    [item] = run.records()
    check(item["prompt"] == "a cup of tea, flat colours #02eb3c #ff0088",
          f"the palette is not in the prompt: {item['prompt']!r}")
    expected = [c.get("expected") for c in item.get("colour_check") or []]
    check(expected == ["#02eb3c", "#ff0088"], f"the colour check measured {expected}")
    # A code the prompt already asks for is not written twice.
    run = w.generate(None, "flux-2-pro", "a #02EB3C cup", "--preset", "Branded")
    expect_exit(run, 0)
    [item] = run.records()
    check(item["prompt"] == "a #02EB3C cup, flat colours #ff0088", f"{item['prompt']!r}")
    # A palette the user does not have: said, and nothing made.
    write_preset(w, "Lost colours", palette="Gone")
    before = len(w.gallery_images())
    run = w.generate(None, "flux-2-pro", "a cup", "--preset", "Lost colours")
    expect_exit(run, 2)
    check("“Gone”" in run.stderr and "palette import" in run.stderr,
          f"a missing palette is not explained: {run.stderr!r}")
    check(len(w.gallery_images()) == before, "an image was made without the palette")
    # preset save --palette names one of the user's palettes, and only one.
    expect_exit(preset(w, "save", "Saved branded", "--provider", "sandbox", "--model",
                       "flux-2-pro", "--palette", "Brand"), 0)
    saved = preset(w, "show", "Saved branded", "--json").json()
    check(saved.get("palette") == "Brand", f"the saved preset names {saved.get('palette')!r}")
    run = w.generate(None, "flux-2-pro", "a mug", "--preset", "Saved branded")
    expect_exit(run, 0)
    check(run.records()[0]["prompt"].endswith("#02eb3c #ff0088"), "the saved palette is not applied")
    run = preset(w, "save", "Nowhere", "--palette", "Gone")
    expect_exit(run, 2)
    check("“Gone”" in run.stderr and "palette import" in run.stderr,
          f"an unknown palette is not explained: {run.stderr!r}")
    check(preset(w, "show", "Nowhere", "--json").code != 0, "a preset was saved anyway")


def sidecar_references(item):
    with open(item["sidecar"]) as f:
        return json.load(f).get("references")


@case("preset-references")
def preset_references(w):
    """A preset keeps its references in the reference store; generate
    --preset sends them, in order, unless --ref names others; one the store
    has lost is said and nothing is sent."""
    refs = w.make_refs(3)
    expect_exit(preset(w, "save", "Two refs", "--provider", "sandbox", "--model", "flux-2-pro",
                       "--ref", refs[0], "--ref", refs[1]), 0)
    hashes = preset(w, "show", "Two refs", "--json").json()["references"]
    check(len(hashes) == 2, f"the preset names {hashes}")
    store = os.path.join(w.dirs["data"], "flux-studio", "references")
    kept = sorted(name.split(".")[0] for name in os.listdir(store))
    check(kept == sorted(hashes), f"the reference store holds {kept}, not {hashes}")

    run = w.generate(None, "flux-2-pro", "image 1 beside image 2", "--preset", "Two refs")
    expect_exit(run, 0)
    [item] = run.records()
    check(sidecar_references(item) == hashes,
          f"sent {sidecar_references(item)}, not the preset's {hashes}")
    # --ref wins over the preset's references.
    run = w.generate(None, "flux-2-pro", "image 1 alone", "--preset", "Two refs", "--ref", refs[2])
    expect_exit(run, 0)
    [item] = run.records()
    sent = sidecar_references(item)
    check(len(sent) == 1 and sent[0] not in hashes, f"--ref did not win: {sent}")
    # A reference the store has lost: said, nothing made.
    for name in os.listdir(store):
        if name.startswith(hashes[0]):
            os.remove(os.path.join(store, name))
    before = len(w.gallery_images())
    run = w.generate(None, "flux-2-pro", "image 1 again", "--preset", "Two refs")
    expect_exit(run, 2)
    check(hashes[0][:12] in run.stderr and "no longer in the reference store" in run.stderr
          and "--ref" in run.stderr, f"the lost reference is not explained: {run.stderr!r}")
    check(len(w.gallery_images()) == before, "an image was made without the preset's reference")


if __name__ == "__main__":
    sys.exit(T.main(sys.argv))
