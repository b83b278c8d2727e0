"""`add`: a paper or a pasted snippet, given as an arXiv id, a URL, a file or stdin, through the same ingest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TextIO

from .ingest import IngestResult, ingest_read, read_listing_file, read_listing_text
from ..model import RawEntry
from ..sources.id_list import FORMAT as ID_LIST, reference

# What `sources` records for papers that came from no file.
COMMAND_LINE = "(command line)"
STDIN = "(stdin)"


def read_inputs(root: Path, inputs: list[str], stdin: TextIO, format: str | None = None) -> tuple[list[RawEntry], list[str]]:
    """Entries from each input in turn (`-` reads stdin), and a message for each input or part skipped."""
    entries: list[RawEntry] = []
    skipped: list[str] = []
    for item in inputs:
        try:
            if item == "-":
                found, problems = read_listing_text(stdin.read(), STDIN, "stdin", format)
            elif Path(item).is_file():
                found, problems = read_listing_file(Path(item), root, format)
            elif reference(item):
                found, problems = read_listing_text(item, COMMAND_LINE, item, ID_LIST)
            else:
                raise ValueError(f"{item}: not a file, an arXiv id or a paper URL")
        except ValueError as exc:
            skipped.append(str(exc))
            continue
        entries += found
        skipped += problems
    return entries, skipped


def add(root: Path, inputs: list[str], today: dt.date, stdin: TextIO, format: str | None = None) -> IngestResult:
    """Ingest what the inputs name into data/papers/, exactly as `ingest` would."""
    entries, skipped = read_inputs(root, inputs, stdin, format)
    return ingest_read(root, entries, skipped, today)
