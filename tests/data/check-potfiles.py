#!/usr/bin/python3
# check-potfiles.py SOURCE_ROOT — po/POTFILES.in lists every source file
# with a translatable string, and nothing that does not exist: a file left
# out would ship its strings untranslated without anyone noticing.
#
# Copyright 2026 The Flux Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys

# _("…"), N_("…"), C_(…), NC_(…), ngettext (…), g_dngettext (…)
C_MARKERS = re.compile(r"(?<![A-Za-z0-9_])(?:N?C?_|ngettext|g_dngettext|g_dpgettext2?)\s*\(")
UI_MARKER = 'translatable="yes"'
SCANNED = ("src",)


def listed(root):
    with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
        return [line.strip() for line in f
                if line.strip() and not line.lstrip().startswith("#")]


def translatable(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    if path.endswith(".ui"):
        return UI_MARKER in text
    # Comments and the gettext macros' own definitions do not count.
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return bool(C_MARKERS.search(text))


def wanted(root):
    found = []
    for top in SCANNED:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
            for name in sorted(filenames):
                if name.endswith((".c", ".ui")):
                    path = os.path.join(dirpath, name)
                    if translatable(path):
                        found.append(os.path.relpath(path, root))
    return found


def main():
    root = sys.argv[1]
    files = listed(root)
    problems = [f"po/POTFILES.in lists {f}, which does not exist"
                for f in files if not os.path.exists(os.path.join(root, f))]
    problems += [f"po/POTFILES.in lacks {f}, which has translatable strings"
                 for f in wanted(root) if f not in files]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
