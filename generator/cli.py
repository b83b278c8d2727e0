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


def cmd_check(args: argparse.Namespace) -> int:
    """Check every file under data/ and report all problems at once, each with file and line; exit 1 on any error.

    Example: python -m generator check            (--fix repairs key order, whitespace and id spelling first;
                                                   --format github prints pull-request annotations)
    """
    from .check import check_data, fix_data

    root = _root(args)
    if args.fix:
        for line in fix_data(root):
            print(line)
    report = check_data(root)
    for problem in report.problems:
        print(problem.github() if args.format == "github" else problem.human())
    print(report.summary())
    return 1 if report.errors else 0


def cmd_changes(args: argparse.Namespace) -> int:
    """Describe what data/ here changes compared with a commit: papers added, removed, edited; topic counts.

    Prints Markdown, for a pull request's job summary or to read before you push.
    Example: python -m generator changes origin/main
    """
    from .changes import ChangesError, branch_changes

    try:
        print(branch_changes(_root(args), args.base), end="")
    except ChangesError as exc:
        print(f"changes: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_linkcheck(args: argparse.Namespace) -> int:
    """Fetch every link of every paper and print the dead ones (404, 410, no such host) as an issue-ready list.

    403 and 429 answers and timeouts are listed as "could not check", never as dead. Exits 1 when a link is dead.
    Example: python -m generator linkcheck > dead-links.md
    """
    from .linkcheck import check_project_links, render_report

    report = check_project_links(_root(args), workers=args.workers)
    print(render_report(report), end="")
    if not report.reachable:
        return 2
    return 1 if report.dead else 0


COMMANDS = {"ingest": cmd_ingest, "build": cmd_build, "check": cmd_check, "changes": cmd_changes,
            "linkcheck": cmd_linkcheck}


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
        if name == "check":
            sub.add_argument("--format", choices=("human", "github"), default="human",
                             help="human: file:line: severity: message (default); github: workflow annotations")
            sub.add_argument("--fix", action="store_true", help="first apply the safe mechanical fixes, in place")
        if name == "linkcheck":
            sub.add_argument("--workers", type=int, default=8, help="requests in flight at once (default: 8)")
        if name == "changes":
            sub.add_argument("base", metavar="BASE_REF", help="the commit to compare with: a branch, tag or sha")
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
