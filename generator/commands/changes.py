"""`changes`: what a branch does to the reading list compared with a base commit, as Markdown for a job summary."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..model import PAPER_FIELDS, Paper, paper_to_dict
from ..problems import DataError
from ..storage.store import PAPERS_DIR, load_papers, load_topics, parse_paper

# Fields too long to show whole in a summary: the reviewer is told they changed and reads the diff.
_LONG_FIELDS = {"abstract", "comments", "authors", "sources"}


class ChangesError(Exception):
    """The base commit cannot be read; the message says what to do."""


@dataclass(frozen=True)
class Edit:
    """One paper present on both sides with different content: which fields changed, and both versions."""

    before: Paper
    after: Paper
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Changes:
    """Papers added, removed and edited, and every topic's paper count before and after."""

    added: tuple[Paper, ...]
    removed: tuple[Paper, ...]
    edited: tuple[Edit, ...]
    counts: tuple[tuple[str, int, int], ...]
    totals: tuple[int, int]


def diff_papers(before: list[Paper], after: list[Paper], topic_order: list[str] = ()) -> Changes:
    """Compare two versions of the list; pure, so tests need no git. Topics not in topic_order follow, sorted."""
    old, new = {p.id: p for p in before}, {p.id: p for p in after}
    edited = []
    for paper_id in sorted(old.keys() & new.keys()):
        was, now = paper_to_dict(old[paper_id]), paper_to_dict(new[paper_id])
        fields = tuple(name for name in PAPER_FIELDS if was.get(name) != now.get(name))
        if fields:
            edited.append(Edit(old[paper_id], new[paper_id], fields))
    slugs = [*topic_order, *sorted({t for p in [*before, *after] for t in p.topics} - set(topic_order))]
    counts = tuple((slug, _count(before, slug), _count(after, slug)) for slug in slugs)
    return Changes(
        added=tuple(new[i] for i in sorted(new.keys() - old.keys())),
        removed=tuple(old[i] for i in sorted(old.keys() - new.keys())),
        edited=tuple(edited),
        counts=counts,
        totals=(len(old), len(new)),
    )


def _count(papers: list[Paper], slug: str) -> int:
    return sum(slug in p.topics for p in papers)


def render_changes(changes: Changes, base: str, topic_titles: dict[str, str] | None = None,
                   notes: list[str] = ()) -> str:
    """The Markdown summary: counts first, then each paper added, removed or edited, then the topics that moved."""
    titles = topic_titles or {}
    added, removed, edited = len(changes.added), len(changes.removed), len(changes.edited)
    before, after = changes.totals
    lines = [f"## Reading list changes against `{base}`", "",
             f"**{added} added, {removed} removed, {edited} edited**: {before} → {after} papers", ""]
    lines += [f"> {note}" for note in notes] + ([""] if notes else [])
    if changes.added:
        lines += ["### Added", ""] + [f"- {_heading(p)} in {_topics(p.topics, titles)}" for p in changes.added] + [""]
    if changes.removed:
        lines += ["### Removed", ""] + [f"- {_heading(p)}" for p in changes.removed] + [""]
    if changes.edited:
        lines += ["### Edited", ""]
        for edit in changes.edited:
            lines.append(f"- {_heading(edit.after)}: {', '.join(edit.fields)}")
            lines += [f"  - {detail}" for detail in _details(edit, titles)]
        lines.append("")
    moved = [(slug, b, a) for slug, b, a in changes.counts if b != a]
    if moved:
        lines += ["### Topic counts", "", "| topic | before | after | change |", "|---|--:|--:|--:|"]
        lines += [f"| {_md(titles.get(slug, slug))} | {b} | {a} | {a - b:+d} |" for slug, b, a in moved] + [""]
    elif added or removed or edited:
        lines += ["No topic changes size.", ""]
    if not (added or removed or edited):
        lines += ["No paper changes.", ""]
    return "\n".join(lines)


def _heading(paper: Paper) -> str:
    return f"**{_md(paper.title)}** (`{paper.id}`)"


def _topics(slugs: list[str], titles: dict[str, str]) -> str:
    return ", ".join(_md(titles.get(slug, slug)) for slug in slugs) or "no topic"


def _details(edit: Edit, titles: dict[str, str]) -> list[str]:
    """One line per changed field a reviewer can read at a glance; long fields are only named."""
    details = []
    for name in edit.fields:
        was, now = getattr(edit.before, name), getattr(edit.after, name)
        if name in _LONG_FIELDS:
            continue
        if name == "links":
            gone, new = set(was.urls()) - set(now.urls()), set(now.urls()) - set(was.urls())
            parts = [f"added {_md(u)}" for u in sorted(new)] + [f"removed {_md(u)}" for u in sorted(gone)]
            details.append(f"links: {'; '.join(parts) if parts else 'moved between kinds'}")
        elif name == "topics":
            details.append(f"topics: {_topics(was, titles)} → {_topics(now, titles)}")
        else:
            details.append(f"{name}: {_shown(was)} → {_shown(now)}")
    return details


def _shown(value: object) -> str:
    if value in (None, [], ""):
        return "(none)"
    if isinstance(value, bool):
        return str(value).lower()  # as the file spells it
    if isinstance(value, list):
        return _md(", ".join(map(str, value)))
    return _md(str(value))


def _md(text: str) -> str:
    """Data text on one line with Markdown's inline syntax escaped by backslashes, so a terminal shows it readably too."""
    return re.sub(r"([\\`*_\[\]<>|&~])", r"\\\1", " ".join(text.split()))


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    done = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True)
    if done.returncode != 0:
        raise ChangesError(f"git {args[0]} failed: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def resolve(root: Path, ref: str) -> str:
    """The full sha of the commit ref names; `--end-of-options` keeps a ref from being read as an option."""
    try:
        return _git(root, "rev-parse", "--verify", "--end-of-options", f"{ref}^{{commit}}").decode().strip()
    except ChangesError as exc:
        raise ChangesError(f"{ref!r} is not a commit here ({exc}); fetch it first, or name a branch, tag or sha") from exc


def papers_at(root: Path, commit: str) -> tuple[list[Paper], list[str]]:
    """The papers of data/papers/ as committed in commit, and the files there that could not be read."""
    listing = _git(root, "ls-tree", "-r", "-z", commit, "--", f"data/{PAPERS_DIR}/")
    blobs = []
    for entry in filter(None, listing.split(b"\0")):
        meta, _, name = entry.decode().partition("\t")
        _, kind, sha = meta.split()
        path = PurePosixPath(name)
        if kind == "blob" and path.suffix == ".yml" and path.parent.name == PAPERS_DIR:
            blobs.append((sha, path))
    papers, unreadable = [], []
    for (_, path), text in zip(blobs, _blob_texts(root, [sha for sha, _ in blobs])):
        paper = parse_paper(text, path.stem, path.as_posix())[1]
        if paper is None:
            unreadable.append(path.as_posix())
        else:
            papers.append(paper)
    return papers, unreadable


def _blob_texts(root: Path, shas: list[str]) -> list[str]:
    """The text of many blobs from one `git cat-file --batch`, instead of one `git show` per file."""
    out = _git(root, "cat-file", "--batch", stdin="".join(f"{sha}\n" for sha in shas).encode())
    texts, at = [], 0
    for _ in shas:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        texts.append(out[header_end + 1:header_end + 1 + size].decode("utf-8", errors="replace"))
        at = header_end + 1 + size + 1
    return texts


def branch_changes(root: Path, ref: str) -> str:
    """The Markdown summary of data/ in the working tree compared with data/ at ref."""
    commit = resolve(root, ref)
    before, unreadable_before = papers_at(root, commit)
    after, problems = load_papers(root / "data", root)
    try:
        topics = load_topics(root / "data", root)
    except DataError:
        topics = []  # the check reports a broken topics.yml; the summary falls back to slugs
    # A ref name can hold characters that would end a code span; the sha always reads safely.
    label = f"{ref} ({commit[:12]})" if re.fullmatch(r"[\w./~^@{}-]+", ref) and not commit.startswith(ref) else commit[:12]
    notes = []
    if unreadable_before:
        notes.append(f"{len(unreadable_before)} file(s) at {commit[:12]} could not be read and are left out.")
    unreadable_now = sorted({p.path for p in problems})
    if unreadable_now:
        notes.append(f"{len(unreadable_now)} file(s) could not be read and are left out: "
                     f"{', '.join(_md(path) for path in unreadable_now)}; `python -m generator check` says why.")
    changes = diff_papers(before, after, [t.slug for t in topics])
    return render_changes(changes, label, {t.slug: t.title for t in topics}, notes)
