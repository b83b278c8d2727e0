"""Reader for arXiv-style abstract dumps: abstract, optional comment lines, then an `arXiv:ID` trailer.

The trailer is often glued to the next abstract (`arXiv:2401.05561Transformer-based ...`), and the
first abstract of a dump may come without a trailer of its own when the copy started mid-entry.
"""

from __future__ import annotations

import re

from ..ids import normalize_arxiv_id
from ..model import RawEntry, Source
from .entries import make_entry
from .textblocks import looks_like_abstract, numbered_lines

FORMAT = "arxiv-abstracts"
_TRAILER_RE = re.compile(r"^arXiv:\s*(?P<id>\d{4}\.\d{4,5}(?:v\d+)?|[a-z][a-z.-]*/\d{7}(?:v\d+)?)(?P<rest>.*)$", re.IGNORECASE)


def sniff(text: str) -> int:
    """High when lines start with `arXiv:` trailers."""
    trailers = sum(1 for _, line in numbered_lines(text) if _TRAILER_RE.match(line))
    return 90 if trailers else 0


def read(text: str, file: str) -> list[RawEntry]:
    entries: list[RawEntry] = []
    pending: dict | None = None

    def close(arxiv: str | None) -> None:
        nonlocal pending
        if pending is not None:
            entries.append(
                make_entry(
                    Source(file, pending["line"], FORMAT),
                    abstract=pending["abstract"],
                    arxiv=normalize_arxiv_id(arxiv) if arxiv else None,
                    comments=pending["comments"],
                )
            )
        pending = None

    for number, line in numbered_lines(text):
        trailer = _TRAILER_RE.match(line)
        if trailer:
            close(trailer.group("id"))
            line = trailer.group("rest").strip()
            if not line:
                continue
        if pending is None or looks_like_abstract(line):
            # an abstract with no trailer before it: the previous entry simply had no id
            close(None)
            pending = {"line": number, "abstract": line, "comments": []}
        else:
            pending["comments"].append(line)
    close(None)
    return entries
