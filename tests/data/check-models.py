#!/usr/bin/python3
# check-models.py MODELS_JSON [GSCHEMA] — the model catalog parses, every
# model has an id, a name, a family and providers, ids are unique, the
# parameters and sizes models use are declared, and the schema's default
# model exists.
#
# Copyright 2026 The Flux Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import sys
import xml.etree.ElementTree as ET

PROVIDERS = {"bfl", "apiyi", "monica", "openai-compatible", "sandbox"}


def non_empty_string(value):
    return isinstance(value, str) and value.strip() != ""


def param_name(param):
    return param if isinstance(param, str) else (param or {}).get("name")


def check_model(model, catalog):
    problems = []
    for key in ("id", "name", "family"):
        if not non_empty_string(model.get(key)):
            problems.append(f"no {key}")
    providers = model.get("providers")
    if not providers:
        problems.append("no providers")
    else:
        unknown = set(providers) - PROVIDERS
        if unknown:
            problems.append(f"unknown providers {sorted(unknown)}")
    declared = catalog.get("params")
    if isinstance(declared, dict):
        for param in model.get("params", []):
            if param_name(param) not in declared:
                problems.append(f"undeclared parameter {param_name(param)!r}")
    sizes = catalog.get("sizes")
    if "size" in model and isinstance(sizes, dict) and model["size"] not in sizes:
        problems.append(f"undeclared size {model['size']!r}")
    return problems


def default_model(gschema):
    for key in ET.parse(gschema).getroot().iter("key"):
        if key.get("name") == "model":
            # A GVariant string: "flux-2-pro" or 'flux-2-pro'.
            return key.findtext("default").strip()[1:-1]
    return None


def check(catalog, gschema):
    models = catalog.get("models") if isinstance(catalog, dict) else None
    if not isinstance(models, list) or not models:
        return ["the catalog has no models"]
    problems = []
    seen = set()
    for index, model in enumerate(models):
        label = f"model #{index}"
        if isinstance(model, dict):
            label = model.get("id", label)
        else:
            problems.append(f"{label}: not an object")
            continue
        problems += [f"{label}: {p}" for p in check_model(model, catalog)]
        if model.get("id") in seen:
            problems.append(f"{label}: duplicate id")
        seen.add(model.get("id"))
    if gschema:
        wanted = default_model(gschema)
        if wanted not in seen:
            problems.append(f"the schema's default model {wanted!r} is not in the catalog")
    return problems


def main():
    path = sys.argv[1]
    gschema = sys.argv[2] if len(sys.argv) > 2 else None
    with open(path, encoding="utf-8") as f:
        catalog = json.load(f)
    problems = check(catalog, gschema)
    for problem in problems:
        print(f"{path}: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
