"""The public arXiv metadata snapshot (one JSON object a line, about 4 GB), streamed for the records of our papers.

Only lines whose id, title or abstract opening matches one of ours are parsed into records and kept,
so memory stays bounded by the catalog's size whatever the file's. Each line costs one JSON parse and
a few dictionary look-ups; the full comparison (`title_match.judge`) runs on the few candidates only.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .arxiv_api import ArxivRecord
from ..ids import normalize_arxiv_id
from ..model import Paper
from ..progress import Progress
from ..text.latex import latex_to_text
from .title_match import abstract_key, quick_key

# A file whose lines are mostly not records is the wrong file: stop reporting after this many.
MAX_REPORTED = 20


def _clean(value: object) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _authors(data: dict) -> tuple[str, ...]:
    """Names as "First Last", from `authors_parsed` ([last, first, suffix]) or else the `authors` line."""
    parsed = data.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        names = []
        for parts in parsed:
            if isinstance(parts, list) and all(isinstance(p, str) for p in parts):
                last, first, *suffix = [*parts, ""][:3]
                names.append(" ".join(p for p in (first, last, *suffix) if p.strip()))
        return tuple(latex_to_text(" ".join(n.split())) for n in names if n.strip())
    line = _clean(data.get("authors"))
    if not line:
        return ()
    names = [n for chunk in line.split(", ") for n in chunk.split(" and ")]
    return tuple(latex_to_text(n.strip()) for n in names if n.strip())


def _first_version_date(data: dict) -> dt.date | None:
    versions = data.get("versions")
    if not isinstance(versions, list) or not versions or not isinstance(versions[0], dict):
        return None
    created = versions[0].get("created")
    try:
        return email.utils.parsedate_to_datetime(created).date() if isinstance(created, str) else None
    except (TypeError, ValueError):
        return None


def record_from_snapshot(data: dict) -> ArxivRecord | None:
    """The record one snapshot line describes, or None when it has no usable arXiv id."""
    arxiv = normalize_arxiv_id(data["id"]) if isinstance(data.get("id"), str) else None
    if arxiv is None:
        return None
    categories = data.get("categories")
    return ArxivRecord(
        arxiv=arxiv,
        title=_clean(data.get("title")) or "",
        abstract=_clean(data.get("abstract")),
        authors=_authors(data),
        published=_first_version_date(data),
        categories=tuple(categories.split()) if isinstance(categories, str) else (),
        comment=_clean(data.get("comments")),
        doi=_clean(data.get("doi")),
        journal_ref=_clean(data.get("journal-ref")),
    )


@dataclass
class Candidates:
    """What a scan found: for each paper id, the records that may be it (with their line), and the lines it could not read."""

    found: dict[str, list[tuple[int, ArxivRecord]]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    lines: int = 0
    unreadable: int = 0


class CatalogIndex:
    """Our papers by arXiv id, by the quick key of their title, and by the opening of their abstract."""

    def __init__(self, papers: Iterable[Paper]):
        self.by_arxiv: dict[str, str] = {}
        self.by_title: dict[str, set[str]] = {}
        self.by_abstract: dict[str, set[str]] = {}
        for paper in papers:
            if paper.arxiv:
                self.by_arxiv[paper.arxiv] = paper.id
            if not paper.title_is_derived:
                for key in {quick_key(paper.title), quick_key(latex_to_text(paper.title))} - {""}:
                    self.by_title.setdefault(key, set()).add(paper.id)
            if paper.abstract and (key := abstract_key(paper.abstract)):
                self.by_abstract.setdefault(key, set()).add(paper.id)

    def candidates_for(self, data: dict) -> set[str]:
        """The ids of our papers that one snapshot object may describe."""
        found: set[str] = set()
        # the snapshot writes ids bare (no version, no prefix), as the catalog keeps them
        arxiv = data.get("id")
        known = self.by_arxiv.get(arxiv) if isinstance(arxiv, str) else None
        if known:
            found.add(known)
        title, abstract = data.get("title"), data.get("abstract")
        if isinstance(title, str):
            found |= self.by_title.get(quick_key(title), set())
        if isinstance(abstract, str):
            found |= self.by_abstract.get(abstract_key(abstract.lstrip()), set())
        return found


# Lines between two redraws of the progress bar, which counts megabytes of the file as it is on disk.
PROGRESS_EVERY = 8192
MEGABYTE = 1_000_000


def _lines(path: Path, progress: Progress | None) -> Iterator[bytes]:
    with path.open("rb") as raw:
        handle = gzip.GzipFile(fileobj=raw) if path.suffix == ".gz" else raw
        shown = 0
        for number, line in enumerate(handle, 1):
            yield line
            if progress is not None and number % PROGRESS_EVERY == 0:
                done = raw.tell() // MEGABYTE
                progress.advance(done - shown)
                shown = done


def scan_snapshot(path: Path, index: CatalogIndex, shown: str | None = None, stream: TextIO | None = None) -> Candidates:
    """Stream the file once and keep the records that may be our papers; raises OSError when it cannot be read.

    On a terminal `stream`, a bar shows how many megabytes of the file are read.
    """
    shown = shown or str(path)
    result = Candidates()
    with Progress("enrich --from (MB)", path.stat().st_size // MEGABYTE, stream) as bar:
        _scan(_lines(path, bar), index, shown, result)
    return result


def _scan(lines: Iterable[bytes], index: CatalogIndex, shown: str, result: Candidates) -> None:
    for number, raw in enumerate(lines, 1):
        result.lines = number
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            _unreadable(result, f"{shown}:{number}: not a JSON record ({exc.msg} at column {exc.colno})")
            continue
        except UnicodeDecodeError:
            _unreadable(result, f"{shown}:{number}: not UTF-8 text")
            continue
        if not isinstance(data, dict):
            _unreadable(result, f"{shown}:{number}: not a JSON object")
            continue
        ids = index.candidates_for(data)
        if not ids:
            continue
        record = record_from_snapshot(data)
        if record is None:
            _unreadable(result, f"{shown}:{number}: no arXiv id in 'id'")
            continue
        for paper_id in ids:
            result.found.setdefault(paper_id, []).append((number, record))


def _unreadable(result: Candidates, message: str) -> None:
    result.unreadable += 1
    if result.unreadable <= MAX_REPORTED:
        result.problems.append(message)
