"""Reader for BibTeX files: one paper per entry, arXiv ids found in `eprint`, `journal`, `url` and friends."""

from __future__ import annotations

import re

from ..ids import normalize_arxiv_id
from ..model import RawEntry, Source
from ..text.latex import latex_to_text
from ..text.links import classify_urls, find_urls
from ..text.venue import venue_from_comment
from .bibtex_syntax import BibEntry, parse_bibtex
from .entries import make_entry
from .errors import PartlyRead

FORMAT = "bibtex"
_ENTRY_START_RE = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
_AND_RE = re.compile(r"\s+and\s+", re.IGNORECASE)
# Where a BibTeX entry may name its arXiv id, most explicit first.
_ID_FIELDS = ("eprint", "arxivid", "arxiv", "journal", "note", "howpublished", "booktitle", "url", "doi", "volume")
_NOT_A_VENUE_RE = re.compile(r"arxiv|corr\b|preprint|biorxiv|ssrn", re.IGNORECASE)
ARXIV_DOI_PREFIX = "10.48550/"


def sniff(text: str) -> int:
    """Certain when the file starts with an entry; possible when entries follow other text.

    A README that quotes a BibTeX citation stays an awesome list: it does not start with `@`.
    """
    if not (_ENTRY_START_RE.search(text) and "=" in text):
        return 0
    first = next((line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("%")), "")
    return 95 if first.lstrip().startswith("@") else 60


def _split_top_level(value: str) -> list[str]:
    """Names split at " and " outside braces: "{Google DeepMind} and Smith, J." is two names."""
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", value, re.IGNORECASE):
        token = match.group(0)
        if token in "{}":
            depth += 1 if token == "{" else -1
        elif depth == 0:
            names.append(value[start:match.start()])
            start = match.end()
    names.append(value[start:])
    return [n.strip() for n in names if n.strip()]


def _person(name: str) -> str:
    """ "Last, First" and "Last, Jr., First" in reading order."""
    parts = [p.strip() for p in latex_to_text(name).split(",")]
    if len(parts) == 2:
        return f"{parts[1]} {parts[0]}".strip()
    if len(parts) == 3:
        return f"{parts[2]} {parts[0]} {parts[1]}".strip()
    return " ".join(parts)


def _arxiv_id(fields: dict[str, str]) -> str | None:
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv").lower()
    for name in _ID_FIELDS:
        value = fields.get(name, "")
        if name == "eprint" and "arxiv" not in prefix:
            continue
        if name == "volume":
            # DBLP writes arXiv papers as journal = {CoRR}, volume = {abs/2401.05561}
            value = "arXiv:" + value.removeprefix("abs/") if fields.get("journal", "").strip() == "CoRR" else ""
        found = normalize_arxiv_id(value) if value else None
        if found:
            return found
    return None


def _venue(fields: dict[str, str]) -> str | None:
    for name in ("booktitle", "journal"):
        value = latex_to_text(fields.get(name, ""))
        if value and not _NOT_A_VENUE_RE.search(value):
            return venue_from_comment(value) or value
    return None


def _entry(bib: BibEntry, file: str) -> RawEntry:
    fields = bib.fields
    arxiv = _arxiv_id(fields)
    urls = find_urls(" ".join(fields.get(n, "") for n in ("url", "code", "howpublished", "note")))
    doi = fields.get("doi", "").strip()
    authors = [_person(n) for n in _split_top_level(fields.get("author", "")) if n.lower() != "others"]
    return make_entry(
        Source(file, bib.line, FORMAT),
        title=latex_to_text(fields.get("title", "")) or None,
        abstract=latex_to_text(fields.get("abstract", "")) or None,
        arxiv=arxiv,
        links=classify_urls([u for u in urls if "doi.org/" not in u], arxiv),
        authors=authors,
        venue=_venue(fields),
        doi=doi if doi and not doi.startswith(ARXIV_DOI_PREFIX) else None,
    )


def read(text: str, file: str) -> list[RawEntry]:
    bibs, problems = parse_bibtex(text)
    entries = []
    for bib in bibs:
        entry = _entry(bib, file)
        if entry.title or entry.arxiv:
            entries.append(entry)
        else:
            problems.append((bib.line, f"entry {bib.key!r}: no title and no arXiv id; entry skipped"))
    if problems:
        raise PartlyRead(entries, sorted(problems))
    return entries
