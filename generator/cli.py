"""The command line: `python -m generator <command>`, each command a thin call into the library."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from .storage.lock import LockTimeout, data_lock, site_lock
from .problems import DataError


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve()


def _today(args: argparse.Namespace) -> dt.date:
    return dt.date.fromisoformat(args.today) if args.today else dt.date.today()


def cmd_ingest(args: argparse.Namespace) -> int:
    """Read raw listings and write one YAML file per distinct paper.

    Reads text dumps, saved arXiv and Hugging Face pages (.html), awesome-list READMEs (.md),
    BibTeX (.bib) and lists of arXiv ids or URLs; the format of each file is recognised by itself.
    Exit status: 0 when everything was read, 1 when a file or an entry was skipped (each is named).

    Example: python -m generator ingest data/sources/*.txt saved/*.html README.md refs.bib
    """
    from .commands.ingest import ingest_files

    result = ingest_files(_root(args), [Path(p) for p in args.files], _today(args), args.format, sys.stderr)
    for message in result.skipped:
        print(f"skipped: {message}", file=sys.stderr)
    for message in result.warnings:
        print(f"warning: {message}", file=sys.stderr)
    if args.report:
        Path(args.report).write_text(result.report(), encoding="utf-8")
    print(result.summary())
    return 1 if result.skipped else 0


def cmd_add(args: argparse.Namespace) -> int:
    """Add papers by arXiv id, arXiv or Hugging Face URL, file, or `-` for text pasted on stdin.

    Says for each paper whether it was added or merged into one already in data/papers/.
    Exit status: 0 when everything was read, 1 when an input was skipped.

    Example: python -m generator add 2401.05561 https://huggingface.co/papers/2402.00838
    """
    from .commands.add import add
    from .storage.store import paper_path

    result = add(_root(args), args.inputs, _today(args), sys.stdin, args.format)
    for message in result.skipped:
        print(f"skipped: {message}", file=sys.stderr)
    for action, paper_id, _ in result.outcomes:
        shown = paper_path(Path("data"), paper_id).as_posix()
        paper = result.changed.get(paper_id)
        if action == "added":
            print(f"added {shown}: {paper.title}")
        elif action == "merged":
            print(f"merged into {shown}: {paper.title}")
        else:
            print(f"already in {shown}, nothing new")
    if any(p.title_is_derived or not p.abstract for p in result.changed.values()):
        print("next: python -m generator enrich   (fetches titles, authors and abstracts from arXiv)")
    return 1 if result.skipped else 0


def cmd_enrich(args: argparse.Namespace) -> int:
    """Fill what listings lack from arXiv: arXiv ids, real titles, abstracts, authors, dates, categories, venues, DOIs.

    Papers with an arXiv id are looked up by id; the others are searched for by title (and abstract),
    and a record is taken only when it is verifiably the same paper; doubtful ones are listed to check.
    With --from FILE, records come from an arXiv metadata snapshot (one JSON object a line), offline.
    Only empty fields are filled (and a title made up from the abstract is replaced), so a curator's
    edits are never overwritten. Answers are cached in .cache/arxiv/; --refresh asks arXiv again.
    Exit status: 0 done; 1 some papers were not found or could not be looked up;
    3 arXiv could not be reached (no network): nothing was changed.

    Example: python -m generator enrich            (or name papers: enrich 2401.05561;
             offline: enrich --from arxiv-metadata-oai-snapshot.json)
    """
    from .enrichment.arxiv_client import ArxivClient
    from .commands.enrich import CACHE_DIR, enrich, enrich_from_file

    root = _root(args)
    if args.from_file:
        try:
            result = enrich_from_file(root, Path(args.from_file), args.papers, sys.stderr)
        except OSError as exc:
            print(f"enrich: cannot read {args.from_file}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    else:
        client = ArxivClient(cache_dir=root / CACHE_DIR, refresh=args.refresh)
        result = enrich(root, client, args.papers, sys.stderr, search=not args.no_search)
    if result.unreachable:
        print(result.summary(), file=sys.stderr)
        return 3
    for message in [*result.errors, *(f"{a}: not found on arXiv" for a in result.missing)]:
        print(f"skipped: {message}", file=sys.stderr)
    for old, new in sorted(result.renamed.items()):
        print(f"renamed data/papers/{old}.yml -> data/papers/{new}.yml")
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    for doubt in result.doubts:
        print(f"check: {doubt}", file=sys.stderr)
    print(result.summary())
    return 1 if result.errors or result.missing else 0


def cmd_missing(args: argparse.Namespace) -> int:
    """List what papers lack, as a to-do list: no arXiv id or other link, no authors, no date, a made-up title.

    Each paper is named by its file. Always exits 0: a gap is work to do, not an error.
    Example: python -m generator missing
    """
    from .commands.missing import render_missing
    from .curate.gaps import missing_report
    from .storage.store import load_catalog_inputs

    papers, _, _ = load_catalog_inputs(_root(args) / "data")
    print(render_missing(missing_report(papers)), end="")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Render the pages into docs/ and build the site into site/ with `mkdocs build --strict`.

    Example: python -m generator build            (or --pages-only to skip MkDocs)
    """
    from .build import SiteBuildError, build, generate
    from .forked import WorkerError
    from .site.addresses import SiteConfigError

    root = _root(args)
    try:
        if args.pages_only:
            pages = generate(root)
            print(f"pages: {pages.written} written, {pages.unchanged} unchanged, {pages.removed} removed")
            return 0
        result = build(root)
    except SiteConfigError as exc:
        print(f"{exc}; set SITE_URL to the site's address, such as https://user.github.io/repo/", file=sys.stderr)
        return 2
    except SiteBuildError as exc:
        print(exc.output, file=sys.stderr)
        print("mkdocs build --strict failed; the previous site/ is kept", file=sys.stderr)
        return 3
    except WorkerError as exc:
        print(f"{exc}; the previous site/ is kept", file=sys.stderr)
        return 5
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
    from .storage.store import load_catalog_inputs

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
    from .commands.reclassify import reclassify_files

    if args.all == bool(args.ids):
        print("name paper ids or give --all", file=sys.stderr)
        return 1
    try:
        changes, refused = reclassify_files(_root(args) / "data", None if args.all else args.ids, args.dry_run)
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 1
    for change in changes:
        print(change.describe())
    for message in refused.values():
        print(f"skipped: {message}", file=sys.stderr)
    verb = "would change" if args.dry_run else "changed"
    print(f"{verb} {len(changes)} paper(s)")
    return 1 if refused else 0


def cmd_check(args: argparse.Namespace) -> int:
    """Check every file under data/ and report all problems at once, each with file and line; exit 1 on any error.

    Example: python -m generator check            (--fix repairs key order, whitespace and id spelling first;
                                                   --format github prints pull-request annotations)
    """
    from .commands.check import check_data, fix_data

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
    from .commands.changes import ChangesError, branch_changes

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
    from .commands.linkcheck import check_project_links, render_report

    report = check_project_links(_root(args), workers=args.workers)
    print(render_report(report), end="")
    if not report.reachable:
        return 2
    return 1 if report.dead else 0


COMMANDS = {
    "ingest": cmd_ingest,
    "add": cmd_add,
    "enrich": cmd_enrich,
    "classify": cmd_classify,
    "explain": cmd_explain,
    "missing": cmd_missing,
    "build": cmd_build,
    "check": cmd_check,
    "changes": cmd_changes,
    "linkcheck": cmd_linkcheck,
}


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
            sub.add_argument("--report", metavar="FILE", help="write each line not made a paper, with file:line and why")
            sub.add_argument("--format", choices=sorted(READERS), help="skip sniffing and read every file as this format")
            sub.add_argument("--today", help="the date written as `added` for new papers (default: today)")
        if name == "add":
            sub.add_argument("inputs", nargs="+", metavar="ID|URL|FILE|-", help="what to add; - reads stdin")
            sub.add_argument("--format", choices=sorted(READERS), help="skip sniffing and read files and stdin as this format")
            sub.add_argument("--today", help="the date written as `added` for new papers (default: today)")
        if name == "enrich":
            sub.add_argument("papers", nargs="*", metavar="PAPER_ID", help="only these papers (default: every one missing something)")
            sub.add_argument("--refresh", action="store_true", help="ask arXiv again instead of using .cache/arxiv/")
            sub.add_argument("--from", dest="from_file", metavar="FILE",
                             help="read records from an arXiv metadata snapshot (JSON lines, or .gz) instead of the API")
            sub.add_argument("--no-search", action="store_true", help="do not search arXiv for papers without an arXiv id")
        if name == "build":
            sub.add_argument("--pages-only", action="store_true", help="write docs/ but do not run MkDocs")
        if name == "explain":
            sub.add_argument("id", help="the paper's id, its file name without .yml")
        if name == "classify":
            sub.add_argument("ids", nargs="*", metavar="ID", help="papers to re-classify")
            sub.add_argument("--all", action="store_true", help="re-classify every paper")
            sub.add_argument("--dry-run", action="store_true", help="show the changes without writing them")
        if name == "check":
            sub.add_argument("--format", choices=("human", "github"), default="human",
                             help="human: file:line: severity: message (default); github: workflow annotations")
            sub.add_argument("--fix", action="store_true", help="first apply the safe mechanical fixes, in place")
        if name == "linkcheck":
            sub.add_argument("--workers", type=int, default=8, help="requests in flight at once (default: 8)")
        if name == "changes":
            sub.add_argument("base", metavar="BASE_REF", help="the commit to compare with: a branch, tag or sha")
    return top


def _writes_data(args: argparse.Namespace) -> bool:
    """Whether the command may write data/, and so must hold its lock from the first read to the last write."""
    if args.command == "check":
        return args.fix
    return args.command in ("ingest", "add", "enrich") or (args.command == "classify" and not args.dry_run)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if _writes_data(args):
            with data_lock(_root(args)):
                return args.func(args)
        if args.command == "build" and not args.pages_only:
            with site_lock(_root(args)):  # two builds at once must not swap or clear each other's staging
                return args.func(args)
        return args.func(args)
    except DataError as exc:
        for problem in exc.problems:
            print(problem.human(), file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in data/; fix them and run again", file=sys.stderr)
        return 2
    except LockTimeout as exc:
        print(f"{args.command}: {exc}", file=sys.stderr)
        return 4
    except BrokenPipeError:
        # whoever read our output (`| head`) has stopped; end quietly, and keep Python from failing to flush at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
