"""Readers, one module per input format, and the sniffer that picks one for a listing.

To add a format: write a module with FORMAT, sniff(text) -> score 0..100 and read(text, file) -> entries,
then list it in READERS below. Scores in use: 95-98 for formats with an unmistakable marker (HTML pages,
BibTeX, id lists), 92 for awesome-list Markdown, 40-90 for the plain-text dumps, and 50-60 for weaker
signs (a lone pasted Markdown link, BibTeX entries after other text).
"""

from __future__ import annotations

from types import ModuleType

from ..model import RawEntry
from . import (
    abstracts,
    arxiv_abs_html,
    arxiv_abstracts,
    arxiv_list_html,
    awesome,
    bibtex,
    hf_daily,
    hf_daily_html,
    hf_paper_html,
    hf_search,
    id_list,
)
from .errors import ListingError, PartlyRead, UnknownFormat
from .htmlpage import ensure_complete, looks_like_html

READERS: dict[str, ModuleType] = {
    module.FORMAT: module
    for module in (
        arxiv_list_html,
        arxiv_abs_html,
        hf_paper_html,
        hf_daily_html,
        bibtex,
        id_list,
        awesome,
        arxiv_abstracts,
        hf_daily,
        hf_search,
        abstracts,
    )
}

__all__ = ["READERS", "ListingError", "PartlyRead", "UnknownFormat", "read_listing", "sniff_format"]


def _score(module: ModuleType, text: str) -> int:
    """A reader's sniff score; a sniffer that fails on odd text simply does not recognise it."""
    try:
        return int(module.sniff(text))
    except Exception:  # noqa: BLE001 - a failure means "not mine"; the other readers still get their say
        return 0


def sniff_format(text: str) -> str:
    """The name of the reader that recognises the text best; ties go to the earlier reader."""
    scores = [(_score(module, text), -order, name) for order, (name, module) in enumerate(READERS.items())]
    score, _, name = max(scores)
    if score <= 0:
        raise UnknownFormat(f"not a known listing format; use --format with one of: {', '.join(READERS)}")
    return name


def read_listing(text: str, file: str, format: str | None = None) -> tuple[str, list[RawEntry]]:
    """The format used and the entries read from one listing's text.

    Raises ListingError when nothing can be read, PartlyRead when some entries had to be skipped.
    """
    if format is not None and format not in READERS:
        raise UnknownFormat(f"unknown format {format!r}; known: {', '.join(READERS)}")
    if format is None and looks_like_html(text):
        ensure_complete(text)  # a page cut short may have lost the very markup that tells its kind
    name = format or sniff_format(text)
    return name, guarded_read(name, text, file)


def guarded_read(name: str, text: str, file: str) -> list[RawEntry]:
    """READERS[name].read, where any failure inside a reader becomes a ListingError naming the reader and the cause.

    Readers skip a bad entry themselves (PartlyRead); this is the floor under them, so that a library's
    exception (urlsplit, a date or number parser) costs at most that one listing, with a message, never the run.
    """
    try:
        return READERS[name].read(text, file)
    except ListingError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever a reader or its libraries raise, the run must go on
        where = _failing_line(exc, text)
        raise ListingError(f"{where}the {name} reader could not read this listing ({type(exc).__name__}: "
                           f"{_short(str(exc))}); please report it with the file") from exc


def _failing_line(exc: BaseException, text: str) -> str:
    """'line N: ' when the error names a position in the text (a parser's lineno or pos), else ''."""
    line = getattr(exc, "lineno", None)
    pos = getattr(exc, "pos", None)
    if not isinstance(line, int) and isinstance(pos, int) and 0 <= pos <= len(text):
        line = text.count("\n", 0, pos) + 1
    return f"line {line}: " if isinstance(line, int) and line > 0 else ""


def _short(message: str, limit: int = 200) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"
