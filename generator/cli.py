"""The command line: `python -m generator <command>`, each command a thin call into the library."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .problems import DataError


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve()


def cmd_ingest(args: argparse.Namespace) -> int:
    """Read raw listings and write one YAML file per distinct paper.

    Example: python -m generator ingest data/sources/*.txt
    """
    from .ingest import ingest_files

    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    result = ingest_files(_root(args), [Path(p) for p in args.files], today, args.format)
    for message in result.skipped:
        print(f"skipped: {message}", file=sys.stderr)
    print(result.summary())
    return 1 if result.skipped else 0


def cmd_build(args: argparse.Namespace) -> int:
    """Render the pages into docs/ and build the site into site/ with `mkdocs build --strict`.

    Example: python -m generator build            (or --pages-only to skip MkDocs)
    """
    from .build import SiteBuildError, build, generate

    root = _root(args)
    if args.pages_only:
        pages = generate(root)
        print(f"pages: {pages.written} written, {pages.unchanged} unchanged, {pages.removed} removed")
        return 0
    try:
        result = build(root)
    except SiteBuildError as exc:
        print(exc.output, file=sys.stderr)
        print("mkdocs build --strict failed; the previous site/ is kept", file=sys.stderr)
        return 3
    pages = result.pages
    print(f"pages: {pages.written} written, {pages.unchanged} unchanged, {pages.removed} removed; "
          f"generate {result.generate_seconds:.2f}s, mkdocs {result.mkdocs_seconds:.2f}s -> {result.site_dir.name}/")
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    """Show why a paper gets its topics and tags: each topic's phrases and scores, each tag's reason.

    Example: python -m generator explain 2401.05561
    """
    from .curate.classify import TopicClassifier
    from .curate.explain import explain
    from .store import load_catalog_inputs

    papers, topics, tag_groups = load_catalog_inputs(_root(args) / "data")
    by_id = {p.id: p for p in papers}
    if args.id not in by_id:
        print(f"no paper with id {args.id!r} in data/papers/", file=sys.stderr)
        return 1
    print(explain(by_id[args.id], TopicClassifier(topics, papers), tag_groups))
    return 0


def cmd_classify(args: argparse.Namespace) -> int:
    """Re-run the topic and tag rules over curated papers, print what changes, then write it (unless --dry-run).

    Example: python -m generator classify --all --dry-run      (after editing data/topics.yml)
    """
    from .reclassify import reclassify_files

    if args.all == bool(args.ids):
        print("name paper ids or give --all", file=sys.stderr)
        return 1
    try:
        changes = reclassify_files(_root(args) / "data", None if args.all else args.ids, args.dry_run)
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 1
    for change in changes:
        print(change.describe())
    verb = "would change" if args.dry_run else "changed"
    print(f"{verb} {len(changes)} paper(s)")
    return 0


COMMANDS = {"ingest": cmd_ingest, "build": cmd_build, "explain": cmd_explain, "classify": cmd_classify}


def parser() -> argparse.ArgumentParser:
    from .sources import READERS

    top = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    top.add_argument("--root", default=".", help="the project folder (default: the current folder)")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, func in COMMANDS.items():
        doc = func.__doc__ or ""
        sub = commands.add_parser(name, help=doc.splitlines()[0], description=doc,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
        sub.set_defaults(func=func)
        if name == "ingest":
            sub.add_argument("files", nargs="+", help="listing files to read")
            sub.add_argument("--format", choices=sorted(READERS), help="skip sniffing and read every file as this format")
            sub.add_argument("--today", help="the date written as `added` for new papers (default: today)")
        if name == "build":
            sub.add_argument("--pages-only", action="store_true", help="write docs/ but do not run MkDocs")
        if name == "explain":
            sub.add_argument("id", help="the paper's id, its file name without .yml")
        if name == "classify":
            sub.add_argument("ids", nargs="*", metavar="ID", help="papers to re-classify")
            sub.add_argument("--all", action="store_true", help="re-classify every paper")
            sub.add_argument("--dry-run", action="store_true", help="show the changes without writing them")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as exc:
        for problem in exc.problems:
            print(problem.human(), file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in data/; fix them and run again", file=sys.stderr)
        return 2
