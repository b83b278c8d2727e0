"""Readers, one module per input format, and the sniffer that picks one for a listing.

To add a format: write a module with FORMAT, sniff(text) -> score 0..100 and read(text, file) -> entries,
then list it in READERS below.
"""

from __future__ import annotations

from types import ModuleType

from ..model import RawEntry
from . import abstracts, arxiv_abstracts, hf_daily, hf_search

READERS: dict[str, ModuleType] = {
    module.FORMAT: module for module in (arxiv_abstracts, hf_daily, hf_search, abstracts)
}


class UnknownFormat(ValueError):
    """No reader recognises the text."""


def sniff_format(text: str) -> str:
    """The name of the reader that recognises the text best; ties go to the earlier reader."""
    scores = [(module.sniff(text), -order, name) for order, (name, module) in enumerate(READERS.items())]
    score, _, name = max(scores)
    if score <= 0:
        raise UnknownFormat(f"not a known listing format; use --format with one of: {', '.join(READERS)}")
    return name


def read_listing(text: str, file: str, format: str | None = None) -> tuple[str, list[RawEntry]]:
    """The format used and the entries read from one listing's text."""
    if format is not None and format not in READERS:
        raise UnknownFormat(f"unknown format {format!r}; known: {', '.join(READERS)}")
    name = format or sniff_format(text)
    return name, READERS[name].read(text, file)
