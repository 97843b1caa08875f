#!/usr/bin/env python3
"""Check that `armistice check --sources` catches a changed word in a cited passage.

For every source of a scenario, takes the first anchor citing it, copies the corpus to a
temporary folder, changes one word inside the cited passage of that source, and expects
`armistice check` to exit 1 naming that anchor (source, at, len). The scenario must
first pass on the untouched corpus. No source text is printed or stored.

Usage: evidence-tamper.py ARMISTICE_BINARY SCENARIO.toml CORPUS_DIR
"""

import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

# Mirrors crates/scenario/src/anchor.rs::normalise, keeping for each output character the
# index of the raw character it came from.
SINGLE = set("\u2018\u2019\u201a\u201b\u2032`\u00b4")
DOUBLE = set("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb")
DASHES = set("\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
DROP = set("\u00ad\u200b\ufeff")


def normalise(text):
    out, src = [], []
    pending = False
    i = 0
    while i < len(text):
        c = text[i]
        start = i
        i += 1
        if c in SINGLE:
            mapped = "'"
        elif c in DOUBLE:
            mapped = '"'
        elif c == "'":
            if i < len(text) and text[i] in ("'", "\u2019"):
                i += 1
                mapped = '"'
            else:
                mapped = "'"
        elif c in DASHES:
            mapped = "-"
        elif c == "\u2026":
            mapped = "..."
        elif c in DROP:
            continue
        elif c.isspace():
            pending = bool(out)
            continue
        else:
            mapped = c.lower()
        if pending:
            out.append(" ")
            src.append(start)
            pending = False
        for m in mapped:
            out.append(m)
            src.append(start)
    return "".join(out), src


def check(binary, scenario, corpus):
    return subprocess.run(
        [binary, "check", str(scenario), "--sources", str(corpus)],
        capture_output=True, text=True)


def main():
    binary, scenario, corpus = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    doc = tomllib.loads(scenario.read_text())
    paths = {s["id"]: s["path"] for s in doc.get("source", [])}
    first = {}
    for m in re.finditer(r'source = "(\w+)", at = (\d+), len = (\d+)', scenario.read_text()):
        first.setdefault(m.group(1), (int(m.group(2)), int(m.group(3))))
    base = check(binary, scenario, corpus)
    if base.returncode != 0:
        sys.exit(f"error: {scenario} does not pass on the untouched corpus")
    failures = 0
    for source, (at, length) in sorted(first.items()):
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "corpus"
            shutil.copytree(corpus, copy)
            path = copy / paths[source]
            raw = path.read_text()
            norm, src = normalise(raw)
            words = [w for w in re.finditer(r"[a-z]{4,}", norm[at:at + length])]
            if not words:
                sys.exit(f"error: no word to change in the passage cited at {source}:{at}")
            w = words[len(words) // 2]
            lo = src[at + w.start()]
            hi = src[at + w.end() - 1] + 1
            path.write_text(raw[:lo] + "zzzz" + raw[hi:])
            res = check(binary, scenario, copy)
            named = f"source `{source}`, at {at}, len {length}" in res.stderr
            ok = res.returncode == 1 and named
            failures += not ok
            print(f"{'ok' if ok else 'FAILED'}: one word changed in the passage cited at "
                  f"{source}:{at}+{length}; check exited {res.returncode}"
                  f"{' naming the anchor' if named else ' without naming the anchor'}")
    print(f"{len(first) - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


main()
