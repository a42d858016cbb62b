#!/usr/bin/env bash
# Checks that every section citation in the repository resolves: each "§N" or "§N.N" (and both ends of a range such
# as "§3.1–3.5") must name a document that exists and a heading with that number in it. Also checks that every
# "docs/<name>.md" mentioned anywhere exists, and that relative links between the docs resolve.
#
# Which document a citation points to:
#   - the nearest document name before it on the same line ("docs/protocol.md §3.1, §3.18": both go to protocol.md);
#   - otherwise, in files under docs/, the document itself;
#   - otherwise, the last document named on the two lines before (a comment wrapped mid-sentence);
#   - otherwise it names no document, which is an error: write "docs/protocol.md §3.15", not a bare "§3.15".
# Citations of outside standards ("RFC 9110 §14") are skipped. A heading counts when it starts with the number:
# "### 3.15 Unread counts" or "## 5. Seed walkthrough".
#
# Usage: docs/check-citations.sh [-v]     (-v lists every citation checked)
# Exits 0 when everything resolves, 1 when something dangles, 2 on a usage problem. Needs git and python3.
set -euo pipefail

verbose=0
case "${1:-}" in
  -v) verbose=1 ;;
  "") ;;
  *) echo "usage: $0 [-v]" >&2; exit 2 ;;
esac
command -v python3 >/dev/null || { echo "check-citations: python3 is required" >&2; exit 2; }

root="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
cd "$root"

VERBOSE="$verbose" python3 - <<'PY'
import os, re, subprocess, sys

verbose = os.environ.get("VERBOSE") == "1"
root = os.getcwd()

files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], capture_output=True, check=True).stdout
paths = sorted({p for p in files.decode().split("\0") if p})

def skipped(path):
    parts = path.split("/")
    # This script's own comments describe citations rather than make them.
    return "node_modules" in parts or "target" in parts or parts[0] == ".git" or path == "docs/check-citations.sh"

HEADING = re.compile(r"^#{1,6}\s+(\d+(?:\.\d+)*)\.?(?:\s|$)")
SECTION = re.compile(r"§\s*(\d+(?:\.\d+)*)(?:\s*[–-]\s*(\d+(?:\.\d+)*))?")
# A document name: a path ending in .md, or one of the old names of the protocol documents.
DOCNAME = re.compile(r"(?<![\w.-])((?:[\w.-]+/)*[\w.-]+\.md)\b|\b(lc-protocol|lc-storage-and-rest)\b(?!\.)")
DOCS_PATH = re.compile(r"(?<![\w./-])(docs/[\w./-]+\.md)\b")
LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")
EXTERNAL = re.compile(r"(?:RFC|JLS|ISO|ECMA)[\s\d-]*$")

heading_cache = {}
def headings(doc):
    if doc not in heading_cache:
        nums = set()
        in_fence = False
        with open(os.path.join(root, doc), encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.lstrip().startswith("```"):
                    in_fence = not in_fence
                    continue
                m = None if in_fence else HEADING.match(line)
                if m:
                    nums.add(m.group(1))
        heading_cache[doc] = nums
    return heading_cache[doc]

def resolve(name, citing):
    """The repository path a document name refers to, or None."""
    if name in ("lc-protocol", "lc-storage-and-rest"):
        return None
    here = os.path.dirname(citing)
    candidates = [name, os.path.join(here, name), os.path.join("docs", name)] if "/" not in name \
        else [name, os.path.join(here, name)]
    for c in candidates:
        c = os.path.normpath(c)
        if os.path.isfile(os.path.join(root, c)):
            return c
    return None

problems = []
checked = 0
per_doc = {}

for path in paths:
    if skipped(path) or not os.path.isfile(path):
        continue
    try:
        with open(path, "rb") as f:
            raw = f.read(4_000_000)
    except OSError:
        continue
    if b"\0" in raw:
        continue
    text = raw.decode("utf-8", errors="replace")
    in_docs = path.startswith("docs/") and path.endswith(".md")
    lines = text.split("\n")
    recent = []  # (line index, document name) of names seen, for wrapped comments

    for idx, line in enumerate(lines):
        names = [(m.start(), m.group(1) or m.group(2)) for m in DOCNAME.finditer(line)]

        for m in DOCS_PATH.finditer(line):
            if resolve(m.group(1), path) is None:
                problems.append(f"{path}:{idx + 1}: mentions {m.group(1)}, which does not exist")
        if in_docs:
            for m in LINK.finditer(line):
                target = m.group(1)
                if re.match(r"^[a-z]+:", target) or target.startswith("/"):
                    continue
                if not os.path.exists(os.path.normpath(os.path.join(root, os.path.dirname(path), target))):
                    problems.append(f"{path}:{idx + 1}: link to {target}, which does not exist")

        for m in SECTION.finditer(line):
            if EXTERNAL.search(line[max(0, m.start() - 20):m.start()]):
                continue
            before = [n for pos, n in names if pos < m.start()]
            if before:
                name = before[-1]
            elif in_docs:
                name = path
            else:
                earlier = [n for i, n in recent if i >= idx - 2]
                name = earlier[-1] if earlier else None
            sections = [m.group(1)] + ([m.group(2)] if m.group(2) else [])
            shown = m.group(0)
            if name is None:
                problems.append(f"{path}:{idx + 1}: {shown} names no document (write e.g. docs/protocol.md {shown})")
                continue
            doc = resolve(name, path)
            if doc is None:
                problems.append(f"{path}:{idx + 1}: {shown} cites {name}, which is not a file in the repository")
                continue
            for s in sections:
                checked += 1
                per_doc[doc] = per_doc.get(doc, 0) + 1
                if s not in headings(doc):
                    problems.append(f"{path}:{idx + 1}: §{s} is not a heading of {doc}")
                elif verbose:
                    print(f"ok  {path}:{idx + 1}: §{s} -> {doc}")

        recent.extend((idx, n) for _, n in names)

for p in problems:
    print(p)
summary = ", ".join(f"{d} {n}" for d, n in sorted(per_doc.items())) or "none"
print(f"check-citations: {checked} section references checked ({summary}); {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
PY
