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


if __name__ == "__main__":
    sys.exit(T.main(sys.argv))
