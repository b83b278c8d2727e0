"""What a reader raises when a listing cannot be read, wholly or in part."""

from __future__ import annotations

from ..model import RawEntry


class ListingError(ValueError):
    """The listing cannot be read at all; the message says why and what to do."""


class UnknownFormat(ListingError):
    """No reader recognises the text."""


class PartlyRead(ListingError):
    """Some entries were skipped: carries the good entries, each bad one's line and why, and the entries that are not papers."""

    def __init__(self, entries: list[RawEntry], problems: list[tuple[int, str]],
                 not_papers: list[tuple[int, str]] | None = None):
        self.entries = entries
        self.problems = problems
        self.not_papers = not_papers or []
        super().__init__("; ".join(f"line {line}: {message}" for line, message in problems))
