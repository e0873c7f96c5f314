# benchlib.py — what the Python benchmarks in tests/bench share: medians
# with their range, and the table rows every yardstick benchmark prints.
#
# Copyright 2026 The Flux Studio authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Figures for `meson test --benchmark`.

Each yardstick benchmark runs Flux Studio (A) and its yardstick (B) in
turn, A B A B …, so that whatever else the machine is doing weighs on both
alike, and prints one row per measure:

    | measure | Flux Studio | yardstick | ratio | goal |

with the median of each side and, in brackets, its range (min–max). The
ratio is of the two medians of the same run. Nothing here fails on time.
"""

import os
import statistics


def median(values):
    return statistics.median(values)


def spread(values, unit="ms", digits=0):
    """"123 ms (110–140)"."""
    fmt = f"{{:.{digits}f}}"
    return (f"{fmt.format(median(values))} {unit} "
            f"({fmt.format(min(values))}–{fmt.format(max(values))})")


def ratio(flux, yardstick):
    return median(flux) / median(yardstick) if median(yardstick) > 0 else float("inf")


HEADER = ("| measure | Flux Studio | yardstick | ratio | goal |\n"
          "|---|---|---|---|---|")


def row(measure, flux, yardstick, goal, unit="ms", digits=0, flux_text=None,
        yardstick_text=None):
    """One table row; @flux and @yardstick are lists of samples."""
    flux_cell = flux_text or spread(flux, unit, digits)
    yard_cell = yardstick_text or spread(yardstick, unit, digits)
    return (f"| {measure} | {flux_cell} | {yard_cell} | "
            f"{ratio(flux, yardstick):.2f}× | {goal} |")


def load():
    """The load average, which says how busy the machine was meanwhile."""
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "unknown"


def runs(default):
    """How many runs of each side: FS_BENCH_RUNS overrides @default."""
    try:
        return max(1, int(os.environ.get("FS_BENCH_RUNS", default)))
    except ValueError:
        return default
