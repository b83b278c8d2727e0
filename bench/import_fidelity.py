"""Measure how faithfully real listings are imported: ids found, titles right against hand-written expectations.

Usage: python bench/import_fidelity.py [--wrong]

Reads each listing named in bench/import_fidelity.yml from the shared fixtures (LRL_SHARED, else
../shared/fixtures beside the project) and prints, per file: entries read, arXiv ids found against the
ids the file links to (found independently of the reader), titles right out of those sampled by hand,
papers without an arXiv id, entries reported as not papers, the sampled not-paper lines recognised,
skipped lines, duplicate files after an ingest into a scratch copy of data/, and whether a second
ingest changes any byte. `--wrong` lists each wrong title beside the expected one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.ids import normalize_arxiv_id  # noqa: E402
from generator.commands.ingest import ingest_files  # noqa: E402
from generator.sources import PartlyRead, read_listing  # noqa: E402
from generator.storage.store import load_papers  # noqa: E402
from generator.text.titles import normalize_title  # noqa: E402

EXPECTATIONS = Path(__file__).with_suffix(".yml")
TODAY = dt.date(2026, 12, 1)
_LINK_TARGET_RE = re.compile(r"\]\(\s*<?([^)\s>]+)|<(https?://[^>\s]+)>")
_FENCE_RE = re.compile(r"^\s*```.*?^\s*```", re.MULTILINE | re.DOTALL)


def shared_fixtures() -> Path | None:
    for candidate in (os.environ.get("LRL_SHARED"), REPO.parent / "shared", REPO.parent.parent / "shared"):
        if candidate and (Path(candidate) / "fixtures").is_dir():
            return Path(candidate) / "fixtures"
    return None


def linked_arxiv_ids(text: str) -> set[str]:
    """Every arXiv id a Markdown file links to outside code blocks, found without the reader."""
    targets = _LINK_TARGET_RE.findall(_FENCE_RE.sub("", text))
    return {a for pair in targets for url in pair if url and (a := normalize_arxiv_id(url))}


def read(text: str, name: str):
    try:
        _, entries = read_listing(text, name)
        return entries, [], []
    except PartlyRead as exc:
        return exc.entries, exc.not_papers, exc.problems


def digest(folder: Path) -> str:
    hasher = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            hasher.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()


def ingest_twice(path: Path) -> tuple[int, int, bool]:
    """Duplicate arXiv ids and duplicate titles among the files written, and whether a second ingest changed nothing."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        shutil.copytree(REPO / "data", root / "data", ignore=shutil.ignore_patterns("sources", "papers"))
        (root / "data" / "papers").mkdir()
        ingest_files(root, [path], TODAY)
        first = digest(root / "data")
        ingest_files(root, [path], TODAY)
        unchanged = digest(root / "data") == first
        papers, _ = load_papers(root / "data")
    by_arxiv = Counter(p.arxiv for p in papers if p.arxiv)
    by_title = Counter(normalize_title(p.title) for p in papers if not p.title_is_derived)
    return sum(n - 1 for n in by_arxiv.values() if n > 1), sum(n - 1 for n in by_title.values() if n > 1), unchanged


def find(entries, expected: dict):
    if "arxiv" in expected:
        return next((e for e in entries if e.arxiv == expected["arxiv"] and e.title), None)
    return next((e for e in entries if e.source.line == expected["line"] and e.title), None)


def measure(fixtures: Path, name: str, spec: dict, show_wrong: bool) -> dict:
    path = fixtures / name
    text = path.read_text(encoding="utf-8")
    entries, not_papers, problems = read(text, name)
    wrong = []
    for expected in spec["titles"]:
        entry = find(entries, expected)
        got = entry.title if entry else None
        if got != expected["title"]:
            wrong.append((expected.get("arxiv") or f"line {expected['line']}", expected["title"], got))
    flagged = {line for line, _ in not_papers}
    linked = linked_arxiv_ids(text) if name.endswith(".md") else {e.arxiv for e in entries if e.arxiv}
    found = {e.arxiv for e in entries if e.arxiv}
    dup_ids, dup_titles, unchanged = ingest_twice(path)
    if show_wrong:
        for key, want, got in wrong:
            print(f"  {name.split('/')[-1][:40]} {key}: expected {want!r}\n{'':>46}got {got!r}")
    return {
        "file": name.split("/")[-1].split("__")[0] + "/" + name.split("__")[-1][:18],
        "entries": len(entries),
        "ids": f"{len(found & linked)}/{len(linked)}",
        "titles": f"{len(spec['titles']) - len(wrong)}/{len(spec['titles'])}",
        "share": (len(spec["titles"]) - len(wrong)) / len(spec["titles"]),
        "no arXiv": sum(1 for e in entries if not e.arxiv),
        "not papers": f"{len(not_papers)} ({len(flagged & set(spec['not_papers']))}/{len(spec['not_papers'])})",
        "skipped": len(problems),
        "dup files": dup_ids + dup_titles,
        "re-ingest": "same" if unchanged else "CHANGED",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wrong", action="store_true", help="list each wrong title")
    args = parser.parse_args()
    fixtures = shared_fixtures()
    if fixtures is None:
        print("no shared fixtures: set LRL_SHARED to the folder holding fixtures/", file=sys.stderr)
        return 2
    specs = yaml.safe_load(EXPECTATIONS.read_text(encoding="utf-8"))
    rows = [measure(fixtures, name, spec, args.wrong) for name, spec in specs.items()]
    columns = ["file", "entries", "ids", "titles", "no arXiv", "not papers", "skipped", "dup files", "re-ingest"]
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for row in rows:
        print("  ".join(str(row[c]).ljust(widths[c]) for c in columns))
    worst = min(r["share"] for r in rows)
    print(f"lowest share of titles right: {worst:.1%}; 'not papers (a/b)': b sampled not-paper lines, a of them reported")
    return 0


if __name__ == "__main__":
    sys.exit(main())
