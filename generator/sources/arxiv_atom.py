"""Reader for a saved arXiv API answer (export.arxiv.org/api/query): an Atom feed, in today's or the 2019 format.

The feed is parsed by generator.enrichment.arxiv_api, the module `enrich` uses, so both read arXiv the same way;
this reader adds the line of each entry and turns an entry it cannot read into one skipped line.
"""

from __future__ import annotations

import re

from ..enrichment.arxiv_api import ApiError, ArxivRecord, entry_record, feed_entries
from ..model import RawEntry, Source
from .entries import make_entry
from .errors import ListingError, PartlyRead

FORMAT = "arxiv-api"
_FEED_RE = re.compile(r"<feed\b[^>]*http://www\.w3\.org/2005/Atom", re.IGNORECASE)
_ENTRY_RE = re.compile(r"<entry[\s>]")


def sniff(text: str) -> int:
    """Certain for an Atom feed that names arXiv: the API's answers, old and new."""
    head = text[:4096]
    return 97 if _FEED_RE.search(head) and "arxiv" in head.lower() else 0


def _entry_lines(text: str) -> list[int]:
    """The line each `<entry>` starts on, counted in one pass (ElementTree keeps no lines)."""
    lines, line, position = [], 1, 0
    for match in _ENTRY_RE.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        lines.append(line)
    return lines


def _entry(record: ArxivRecord, file: str, line: int) -> RawEntry:
    return make_entry(
        Source(file, line, FORMAT),
        title=record.title,
        abstract=record.abstract,
        arxiv=record.arxiv,
        comments=[record.comment] if record.comment else [],
        authors=list(record.authors),
        published=record.published,
        categories=list(record.categories),
        doi=record.doi,
        journal_ref=record.journal_ref,
    )


def read(text: str, file: str) -> list[RawEntry]:
    try:
        elements = feed_entries(text.encode("utf-8"))
    except ApiError as exc:
        raise ListingError(str(exc)) from exc
    lines = _entry_lines(text)
    entries, problems = [], []
    for number, element in enumerate(elements):
        line = lines[number] if number < len(lines) else 1
        try:
            record = entry_record(element)
        except Exception as exc:  # noqa: BLE001 - one odd entry is one skipped line, never a traceback
            problems.append((line, f"entry could not be read ({type(exc).__name__}: {exc}); entry skipped"))
            continue
        if record is None:
            problems.append((line, "entry has no arXiv id or no title; entry skipped"))
            continue
        entries.append(_entry(record, file, line))
    if problems:
        raise PartlyRead(entries, problems)
    return entries
