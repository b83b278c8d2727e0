"""A one-line progress bar for long ingests and enrichments: drawn on a terminal, silent in CI logs and pipes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TextIO, TypeVar

T = TypeVar("T")
# "More than a few dozen": below this a run is over before a bar would help.
MIN_ITEMS = 40
WIDTH = 30


class Progress:
    """Counts work done and redraws `label [#####-----] 12/40` in place, only when the stream is a terminal."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None):
        self.label, self.total, self.done = label, total, 0
        self.stream = stream if stream is not None and total >= MIN_ITEMS and stream.isatty() else None
        self._drawn = ""

    def advance(self, count: int = 1) -> None:
        self.done = min(self.done + count, self.total)
        if self.stream is None:
            return
        filled = WIDTH * self.done // self.total
        line = f"{self.label} [{'#' * filled}{'-' * (WIDTH - filled)}] {self.done}/{self.total}"
        # redraw only when the line changes, so a long run does not flood the terminal
        if line != self._drawn:
            self.stream.write("\r" + line)
            self.stream.flush()
            self._drawn = line

    def close(self) -> None:
        """Clear the bar so that the summary line prints on a clean line."""
        if self.stream is not None and self._drawn:
            self.stream.write("\r" + " " * len(self._drawn) + "\r")
            self.stream.flush()
            self._drawn = ""

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def track(items: Sequence[T], label: str, stream: TextIO | None = None) -> Iterator[T]:
    """The items, one by one, with a progress bar advancing after each."""
    with Progress(label, len(items), stream) as bar:
        for item in items:
            yield item
            bar.advance()
