"""What a reader raises when a listing cannot be read, wholly or in part."""

from __future__ import annotations

from ..model import RawEntry


class ListingError(ValueError):
    """The listing cannot be read at all; the message says why and what to do."""


class UnknownFormat(ListingError):
    """No reader recognises the text."""


class PartlyRead(ListingError):
    """Some entries could not be read: carries the good entries and, for each bad one, its line and why."""

    def __init__(self, entries: list[RawEntry], problems: list[tuple[int, str]]):
        self.entries = entries
        self.problems = problems
        super().__init__("; ".join(f"line {line}: {message}" for line, message in problems))
