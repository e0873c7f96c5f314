#!/bin/bash
# run-fuzzer.sh HARNESS SEEDS WORK SECONDS — fuzz HARNESS for SECONDS,
# starting from the seed corpus SEEDS (read only) and the inputs it found
# before in WORK. A crash, a leak, a sanitizer report or a timeout fails
# the test (with status 1: libFuzzer's own default, 77, would read as a
# skip); the input that caused it is kept in WORK/crashes/ and named in
# the output. The last lines give the executions per second.
#
# Copyright 2026 The Flux Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail
harness=$1 seeds=$2 work=$3 seconds=$4
mkdir -p "$work/corpus" "$work/crashes"

"$harness" "$work/corpus" "$seeds" \
  -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=1048576 \
  -print_final_stats=1 -error_exitcode=1 -timeout_exitcode=1 -artifact_prefix="$work/crashes/" 2>"$work/log"
status=$?

grep -E "^(stat::|Done |INFO: seed corpus)|ERROR|SUMMARY|artifact_prefix|Test unit written" "$work/log"
if [ $status -ne 0 ]; then
  echo "--- the fuzzer stopped with status $status; the end of its log:"
  tail -60 "$work/log"
fi
exit $status
