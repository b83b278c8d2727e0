"""Reader for bare abstracts, one a line, with no titles or ids; short lines are comments on the abstract above."""

from __future__ import annotations

from ..model import RawEntry, Source
from .entries import make_entry
from .textblocks import looks_like_abstract, numbered_lines

FORMAT = "abstracts"


def sniff(text: str) -> int:
    """Moderate when most lines are long prose and none look like titles followed by abstracts."""
    lines = numbered_lines(text)
    if not lines:
        return 0
    long_lines = sum(1 for _, line in lines if looks_like_abstract(line))
    return 40 if long_lines / len(lines) >= 0.8 else 0


def read(text: str, file: str) -> list[RawEntry]:
    groups: list[tuple[int, str, list[str]]] = []
    for number, line in numbered_lines(text):
        if looks_like_abstract(line) or not groups:
            groups.append((number, line, []))
        else:
            groups[-1][2].append(line)
    return [make_entry(Source(file, n, FORMAT), abstract=a, comments=c) for n, a, c in groups]
