"""Ingest: raw listings in, one reviewed-to-be YAML file per distinct paper out."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from typing import TextIO

from ..curate.classify import MAX_TOPICS, TopicClassifier
from ..curate.dedupe import PaperIndex, merge_entry
from ..curate.headings import topic_for_heading
from ..curate.tags import suggest_tags
from ..ids import paper_id_for_arxiv, slugify
from ..model import Paper, RawEntry, Source
from ..progress import track
from ..sources import READERS, ListingError, PartlyRead, read_listing, sniff_format
from ..storage.store import Topic, display_path, load_catalog_inputs, write_papers
from ..text.titles import derive_title, normalize_title
from ..storage.vocabulary import TagGroup


@dataclass
class IngestResult:
    """What one ingest did: counts for the summary line, the papers to write, and per-file problems."""

    read: int = 0
    added: int = 0
    merged: int = 0
    unchanged: int = 0
    without_arxiv: int = 0
    changed: dict[str, Paper] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    # entries that name no paper (a tool, a course) and same-id-two-titles warnings: reported, not errors
    not_papers: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # (what happened: added, merged or unchanged; the paper's id; where the entry came from), one per entry
    outcomes: list[tuple[str, str, Source]] = field(default_factory=list)

    def summary(self) -> str:
        line = (f"read {self.read}, added {self.added}, merged {self.merged}, unchanged {self.unchanged}, "
                f"without arXiv id {self.without_arxiv}, not papers {len(self.not_papers)}")
        return line + (f", skipped {len(self.skipped)}" if self.skipped else "")

    def report(self) -> str:
        """Every line not turned into a paper, and every warning, as `file:line: why`, for `ingest --report`."""
        # a not-paper line already says why ("not a paper: links to github.com …")
        sections = [("skipped: ", self.skipped), ("", self.not_papers), ("warning: ", self.warnings)]
        return "".join(f"{kind}{message}\n" for kind, messages in sections for message in messages)


def _new_id(entry: RawEntry, title: str, taken: set[str]) -> str:
    base = paper_id_for_arxiv(entry.arxiv) if entry.arxiv else slugify(title)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def new_paper(entry: RawEntry, taken: set[str], today: dt.date) -> Paper | None:
    """A paper made from a first sighting, or None when the entry has nothing to name it by."""
    if entry.title:
        title, derived = entry.title, False
    elif entry.abstract:
        title, derived = derive_title(entry.abstract), True
    elif entry.arxiv:
        title, derived = f"arXiv:{entry.arxiv}", True
    else:
        return None
    paper = Paper(id=_new_id(entry, title, taken), title=title, title_is_derived=derived, added=today)
    return merge_entry(paper, entry)


def suggest_topics(paper: Paper, hint: str | None, classifier: TopicClassifier) -> list[str]:
    """Topics for a new paper: the listing's hint first, then what its text says.

    A paper known only by its id has no text to classify; it gets the hint or nothing, and `enrich`
    classifies it once arXiv has given its title and abstract.
    """
    has_text = bool(paper.abstract) or not paper.title_is_derived
    suggested = classifier.classify(paper) if has_text else []
    if hint:
        suggested = [hint, *(slug for slug in suggested if slug != hint)]
    return suggested[:MAX_TOPICS]


def ingest_entries(
    existing: list[Paper],
    entries: list[RawEntry],
    topics: list[Topic],
    tag_groups: list[TagGroup],
    today: dt.date,
    stream: TextIO | None = None,
) -> IngestResult:
    """Merge entries into the existing papers; pure but for an optional progress bar on `stream`.

    Returns the papers that changed instead of writing them.
    """
    result = IngestResult(read=len(entries), without_arxiv=sum(1 for e in entries if not e.arxiv))
    papers = {p.id: p for p in existing}
    index = PaperIndex(existing)
    hints: dict[str, str | None] = {}
    for entry in track(entries, "ingest", stream):
        found = index.find(entry)
        if found is None:
            paper = new_paper(entry, set(papers), today)
            if paper is None:
                result.skipped.append(f"{entry.source.file}:{entry.source.line}: entry has no title, abstract or arXiv id")
                continue
            hints[paper.id] = None
            result.added += 1
            action = "added"
        else:
            paper = merge_entry(papers[found], entry)
            action = "merged" if paper != papers[found] else "unchanged"
        result.outcomes.append((action, paper.id, entry.source))
        if paper.id in hints and hints[paper.id] is None:
            hints[paper.id] = entry.topic_hint or topic_for_heading(entry.source.heading, topics)
        if action == "unchanged":
            result.unchanged += 1
            continue
        if action == "merged":
            result.merged += 1
        papers[paper.id] = paper
        index.add(paper)
        result.changed[paper.id] = paper
    # Papers first seen in this run are not curated yet: classify them on everything their sightings gave,
    # with phrase rarity measured on the whole catalog as it now stands.
    if hints:
        classifier = TopicClassifier(topics, [papers[pid] for pid in sorted(papers)])
        for paper_id in sorted(hints):
            paper = papers[paper_id]
            suggested = suggest_topics(paper, hints[paper_id], classifier)
            result.changed[paper_id] = dataclasses.replace(paper, topics=suggested, tags=suggest_tags(paper, tag_groups))
    return result


def _source_name(path: Path, root: Path) -> str:
    """How a listing is named in `sources`: its path in the project, its copy under data/sources/, or else only its
    file name, so that no absolute path from a curator's disk is ever published."""
    shown = display_path(path, root)
    if not shown.startswith(("/", "..")):
        return shown
    kept = root / "data" / "sources" / path.name
    if kept.is_file() and kept.read_bytes() == path.read_bytes():
        return display_path(kept, root)
    return path.name


@dataclass
class Listing:
    """What one listing gave: its entries, the parts skipped, the entries that are not papers, and warnings."""

    entries: list[RawEntry]
    problems: list[str] = field(default_factory=list)
    not_papers: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def title_conflicts(entries: list[RawEntry], shown: str) -> list[str]:
    """A warning for each arXiv id a listing gives two different titles, naming both lines."""
    first: dict[str, RawEntry] = {}
    warnings = []
    for entry in entries:
        if not (entry.arxiv and entry.title):
            continue
        seen = first.setdefault(entry.arxiv, entry)
        if seen is not entry and normalize_title(seen.title) != normalize_title(entry.title):
            warnings.append(f"{shown}:{entry.source.line}: arXiv {entry.arxiv} is titled {entry.title!r} here but "
                            f"{seen.title!r} at line {seen.source.line}; the first title is kept")
    return warnings


def read_listing_parts(text: str, source: str, shown: str, format: str | None = None) -> Listing:
    """Everything a listing's text gives; ValueError when nothing is readable or it is not in the forced format.

    `source` is the name written into each paper's `sources`; `shown` names the listing in messages.
    """
    if not text.strip():
        raise ValueError(f"{shown}: empty file; nothing to ingest")
    if format in READERS and READERS[format].sniff(text) <= 0:
        guess = sniff_guess(text)
        hint = f"it looks like {guess}" if guess else "no reader recognises it"
        raise ValueError(f"{shown}: does not look like {format} ({hint}); drop --format or pick the right one")
    listing = Listing([])
    try:
        _, listing.entries = read_listing(text, source, format)
    except PartlyRead as exc:
        listing.entries = exc.entries
        listing.problems = [f"{shown}:{line}: {message}" for line, message in exc.problems]
        listing.not_papers = [f"{shown}:{line}: {message}" for line, message in exc.not_papers]
    except ListingError as exc:
        raise ValueError(f"{shown}: {exc}") from exc
    if not listing.entries and not listing.problems:
        raise ValueError(f"{shown}: no papers found in this listing; check the format with --format")
    listing.warnings = title_conflicts(listing.entries, shown)
    return listing


def sniff_guess(text: str) -> str | None:
    try:
        return sniff_format(text)
    except ListingError:
        return None


def read_listing_text(text: str, source: str, shown: str, format: str | None = None) -> tuple[list[RawEntry], list[str]]:
    """Entries from a listing's text, and a message for each part skipped; ValueError when nothing is readable."""
    listing = read_listing_parts(text, source, shown, format)
    return listing.entries, listing.problems


def _listing_file(path: Path, root: Path, format: str | None = None) -> Listing:
    """What one listing file gives; raises ValueError with a curator-facing message."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"{path}: cannot read ({exc.strerror}); check the path") from exc
    if b"\x00" in data[:8192]:
        raise ValueError(f"{path}: binary file, not a listing; give a text, HTML, Markdown or BibTeX file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text (byte {exc.start}); re-save it as UTF-8") from exc
    return read_listing_parts(text, _source_name(path, root), str(path), format)


def read_listing_file(path: Path, root: Path, format: str | None = None) -> tuple[list[RawEntry], list[str]]:
    """Entries from one listing file and its skipped parts; raises ValueError with a curator-facing message."""
    listing = _listing_file(path, root, format)
    return listing.entries, listing.problems


def ingest_read(root: Path, entries: list[RawEntry], skipped: list[str], today: dt.date, stream: TextIO | None = None) -> IngestResult:
    """Merge entries already read into data/papers/ and write the changed files; `skipped` joins the result."""
    data_dir = root / "data"
    papers, topics, tag_groups = load_catalog_inputs(data_dir)
    result = ingest_entries(papers, entries, topics, tag_groups, today, stream)
    result.skipped[:0] = skipped
    for paper_id, message in write_papers(data_dir, result.changed.values()).items():
        # refused before writing: it counts as skipped, not as added or merged
        result.skipped.append(message)
        del result.changed[paper_id]
        for action, _, _ in [o for o in result.outcomes if o[1] == paper_id and o[0] != "unchanged"]:
            setattr(result, action, getattr(result, action) - 1)
        result.outcomes = [o for o in result.outcomes if o[1] != paper_id]
    return result


def ingest_files(
    root: Path, paths: list[Path], today: dt.date, format: str | None = None, stream: TextIO | None = None
) -> IngestResult:
    """Read every listing, merge into data/papers/, write the changed files; unreadable parts are reported and skipped."""
    entries: list[RawEntry] = []
    skipped: list[str] = []
    not_papers: list[str] = []
    warnings: list[str] = []
    for path in track(paths, "read", stream):
        try:
            listing = _listing_file(path, root, format)
        except ValueError as exc:
            skipped.append(str(exc))
            continue
        entries += listing.entries
        skipped += listing.problems
        not_papers += listing.not_papers
        warnings += listing.warnings
    result = ingest_read(root, entries, skipped, today, stream)
    result.not_papers, result.warnings = not_papers, warnings
    return result
