"""Reader for BibTeX files through bibtexparser 2: one paper per entry with a title or an arXiv id.

Exports of Google Scholar, DBLP, Zotero, Semantic Scholar and arXiv all name the arXiv id differently
(`eprint`, `journal = {arXiv preprint arXiv:…}`, `volume = {abs/…}`, `url`, the arXiv DOI); each is read.
A block the parser cannot read is skipped with its line, and the entries after it are still read.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager

import bibtexparser
from bibtexparser.model import Entry, ImplicitComment, ParsingFailedBlock

from ..ids import normalize_arxiv_id
from ..model import RawEntry, Source
from ..text.latex import latex_to_text
from ..text.links import classify_urls, find_urls
from ..text.venue import venue_from_comment
from .entries import make_entry
from .errors import PartlyRead

FORMAT = "bibtex"
_ENTRY_START_RE = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
_FAILED_KEY_RE = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s]+)\s*,")
# Where a BibTeX entry may name its arXiv id, most explicit first.
_ID_FIELDS = ("eprint", "arxivid", "arxiv", "journal", "note", "howpublished", "booktitle", "url", "doi", "volume")
_NOT_A_VENUE_RE = re.compile(r"arxiv|corr\b|preprint|biorxiv|ssrn", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?:19|20)\d{2}|'\d{2}")
ARXIV_DOI_PREFIX = "10.48550/"
_MONTHS = {m: str(n) for n, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def sniff(text: str) -> int:
    """Certain when the file starts with an entry; possible when entries follow other text.

    A README that quotes a BibTeX citation stays an awesome list: it does not start with `@`.
    """
    if not (_ENTRY_START_RE.search(text) and "=" in text):
        return 0
    first = next((line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("%")), "")
    return 95 if first.lstrip().startswith("@") else 60


def _text(value: object) -> str:
    """A field's value as one line of text, LaTeX read and DBLP's line breaks gone."""
    return " ".join(latex_to_text(str(value)).split())


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
    parts = [p.strip() for p in _text(name).split(",")]
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
            # DBLP writes arXiv papers as journal = {CoRR}, volume = {abs/2401.05561}; Semantic Scholar as {ArXiv}
            journal = fields.get("journal", "").strip().lower()
            value = "arXiv:" + value.removeprefix("abs/") if journal in ("corr", "arxiv") else ""
        found = normalize_arxiv_id(value) if value else None
        if found:
            return found
    return None


def _venue(fields: dict[str, str]) -> str | None:
    """The booktitle or journal, shortened to acronym and year when it names them, with the year when it has none."""
    for name in ("booktitle", "journal"):
        value = _text(fields.get(name, ""))
        if value and not _NOT_A_VENUE_RE.search(value):
            venue = venue_from_comment(value) or value
            year = fields.get("year", "").strip()
            return f"{venue} {year}" if re.fullmatch(r"\d{4}", year) and not _YEAR_RE.search(venue) else venue
    return None


def _parts(value: str) -> list[str] | None:
    """The pieces of a `"A " # macro # {B}` value split at top-level `#`, or None when it has no `#`."""
    parts, depth, quoted, start = [], 0, False, 0
    for i, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start:i].strip())
            start = i + 1
    return [*parts, value[start:].strip()] if parts else None


def _value(value: object, macros: dict[str, str]) -> str:
    """A field's value with `#` concatenation and @string and month macros resolved, which the parser leaves as written."""
    text = str(value)
    parts = _parts(text)
    if parts is None:
        return text
    out = []
    for part in parts:
        if len(part) >= 2 and (part[0], part[-1]) in (("{", "}"), ('"', '"')):
            out.append(part[1:-1])
        else:
            out.append(macros.get(part.lower(), _MONTHS.get(part.lower(), part)))
    return "".join(out)


def _entry(bib: Entry, file: str, line: int, macros: dict[str, str]) -> RawEntry:
    fields = {f.key.lower(): _value(f.value, macros) for f in bib.fields}
    arxiv = _arxiv_id(fields)
    urls = find_urls(" ".join(fields.get(n, "") for n in ("url", "code", "howpublished", "note")))
    # a DOI is an identifier, not text: only its escaped specials ("\\_") are undone
    doi = re.sub(r"\\([_%&#$])", r"\1", fields.get("doi", "").strip()).removeprefix("https://doi.org/")
    authors = [_person(n) for n in _split_top_level(fields.get("author", "")) if n.lower() != "others"]
    return make_entry(
        Source(file, line, FORMAT),
        title=_text(fields.get("title", "")) or None,
        abstract=_text(fields.get("abstract", "")) or None,
        arxiv=arxiv,
        links=classify_urls([u for u in urls if "doi.org/" not in u], arxiv),
        authors=authors,
        venue=_venue(fields),
        doi=doi if doi and not doi.lower().startswith(ARXIV_DOI_PREFIX) else None,
    )


@contextmanager
def _quiet():
    """bibtexparser logs each block it gives up on; those are reported here, with their line, instead."""
    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def read_entries(text: str, file: str, first_line: int = 1) -> tuple[list[RawEntry], list[tuple[int, str]]]:
    """The entries of a BibTeX text and, for each part skipped, its line and why; `first_line` numbers the text."""
    try:
        with _quiet():
            library = bibtexparser.parse_string(text)
    except Exception as exc:  # noqa: BLE001 - the parser's own failure must never reach the curator as a traceback
        return [], [(first_line, f"BibTeX could not be parsed ({type(exc).__name__}); nothing read")]
    entries: list[RawEntry] = []
    problems: list[tuple[int, str]] = []
    previous: tuple[str, int] | None = None
    macros = {s.key.lower(): str(s.value) for s in library.strings}
    for block in library.blocks:
        line = block.start_line + first_line
        if isinstance(block, ParsingFailedBlock):
            key = _FAILED_KEY_RE.search(block.raw or "")
            name = f"entry {key.group(1)!r}" if key else "a block"
            problems.append((line, f"{name}: unbalanced braces or quotes, or a missing comma; entry skipped"))
        elif isinstance(block, ImplicitComment) and "=" in block.comment and previous:
            if block.comment.lstrip().startswith(","):
                # "title = {An Extra Brace}}," closed the entry early: its other fields fell outside it
                problems.append((previous[1], f"entry {previous[0]!r}: unbalanced braces; its fields from line {line} on are ignored"))
            else:
                problems.append((line, f"a field outside any entry, after {previous[0]!r}, ignored"))
        elif isinstance(block, Entry):
            previous = (block.key, line)
            try:
                entry = _entry(block, file, line, macros)
            except Exception as exc:  # noqa: BLE001 - one odd entry is one skipped line, never a traceback
                problems.append((line, f"entry {block.key!r} could not be read ({type(exc).__name__}: {exc}); entry skipped"))
                continue
            if entry.title or entry.arxiv:
                entries.append(entry)
            else:
                problems.append((line, f"entry {block.key!r}: no title and no arXiv id; entry skipped"))
    return entries, problems


def read(text: str, file: str) -> list[RawEntry]:
    entries, problems = read_entries(text, file)
    if problems:
        raise PartlyRead(entries, sorted(problems))
    return entries
