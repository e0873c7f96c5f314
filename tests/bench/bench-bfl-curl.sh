#!/bin/sh
# bench-bfl-curl.sh — the result-to-disk yardstick: what saving one BFL
# result costs with plain tools. The same exchange as
# `flux-studio-cli generate --provider bfl` with a task Ready at the first
# poll: submit, poll once, download the sample into a temporary file in
# the gallery folder, fsync it, rename it to its name, fsync the folder.
#
# Copyright 2026 The Flux Studio authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: bench-bfl-curl.sh BASE_URL MODEL FOLDER PROMPT
# The key comes from BFL_API_KEY (never on the command line, where ps
# would show it). Prints the saved file's path.

set -eu

base=$1
model=$2
folder=$3
prompt=$4

# A header file keeps the key off curl's command line too.
headers=$(mktemp)
trap 'rm -f "$headers"' EXIT
printf 'x-key: %s\n' "$BFL_API_KEY" > "$headers"

field() {
  # The value of a string member in a one-line JSON reply (the fake's
  # replies have no escaped quotes in these members).
  sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"
}

submit=$(curl -sS -f -H @"$headers" -H 'Content-Type: application/json' \
  --data "{\"prompt\":\"$prompt\",\"width\":1024,\"height\":1024,\"output_format\":\"png\"}" \
  "$base/v1/$model")
polling_url=$(printf '%s' "$submit" | field polling_url)

poll=$(curl -sS -f -H @"$headers" "$polling_url")
case "$poll" in
  *'"status":"Ready"'*) ;;
  *) echo "not Ready at the first poll: $poll" >&2; exit 1 ;;
esac
sample=$(printf '%s' "$poll" | field sample)

temp=$(mktemp "$folder/.bench-XXXXXX.part")
curl -sS -f -o "$temp" "$sample"
sync "$temp"
name="$folder/$(date +%Y-%m-%d_%H-%M-%S)_${model}_$$.png"
mv -n "$temp" "$name"
sync "$folder"
echo "$name"
