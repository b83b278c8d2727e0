"""Reader for a Hugging Face papers search page copied as text: a title line, then an abstract line."""

from __future__ import annotations

from ..model import RawEntry, Source
from .entries import make_entry
from .hf_page import is_chrome, unglue
from .textblocks import looks_like_abstract, numbered_lines

FORMAT = "hf-search"


def _content_lines(text: str) -> list[tuple[int, str]]:
    lines = [(n, unglue(line)) for n, line in numbered_lines(text)]
    while lines and is_chrome(lines[0][1]):
        lines.pop(0)
    return [(n, line) for n, line in lines if line]


def sniff(text: str) -> int:
    """High when non-blank lines alternate title, abstract with no blank lines between them."""
    if "\n\n" in text.strip():
        return 0
    lines = _content_lines(text)
    pairs = sum(
        1
        for (_, first), (_, second) in zip(lines, lines[1:])
        if not looks_like_abstract(first) and looks_like_abstract(second)
    )
    return 70 if lines and pairs * 2 >= 0.8 * len(lines) else 0


def read(text: str, file: str) -> list[RawEntry]:
    entries: list[RawEntry] = []
    title: tuple[int, str] | None = None
    for number, line in _content_lines(text):
        if looks_like_abstract(line):
            start, heading = title if title else (number, None)
            entries.append(make_entry(Source(file, start, FORMAT), title=heading, abstract=line))
            title = None
        else:
            if title:
                # two titles in a row: the first paper's abstract is missing from the copy
                entries.append(make_entry(Source(file, title[0], FORMAT), title=title[1]))
            title = (number, line)
    if title:
        entries.append(make_entry(Source(file, title[0], FORMAT), title=title[1]))
    return entries
