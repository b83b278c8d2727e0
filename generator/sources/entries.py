"""Turning what a reader found (title, abstract, comment lines) into a RawEntry with links and venue."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from ..model import Links, RawEntry, Source
from ..text.links import classify_urls, find_urls, merge_links
from ..text.venue import venue_from_comment
from .errors import PartlyRead


def make_entry(
    source: Source,
    *,
    title: str | None = None,
    abstract: str | None = None,
    arxiv: str | None = None,
    comments: list[str] | None = None,
    links: Links | None = None,
    **fields,
) -> RawEntry:
    """A RawEntry whose links come from the abstract and comments, and whose venue comes from the comments.

    Links the reader found elsewhere (a code column, a page's JSON) come first.
    """
    comments = [c.strip() for c in comments or [] if c.strip()]
    text = " ".join([abstract or "", *comments])
    found = classify_urls(find_urls(text), arxiv)
    venue = fields.pop("venue", None) or next(filter(None, map(venue_from_comment, comments)), None)
    return RawEntry(
        source=source,
        title=" ".join(title.split()) if title else None,
        abstract=" ".join(abstract.split()) if abstract else None,
        arxiv=arxiv,
        links=merge_links(links, found) if links else found,
        comments=comments,
        venue=venue,
        **fields,
    )


Item = TypeVar("Item")


def read_each(items: Iterable[Item], read_one: Callable[[Item], RawEntry | None],
              line_of: Callable[[Item], int]) -> list[RawEntry]:
    """read_one over the items of a listing; an item that fails costs only itself, named by its line (PartlyRead)."""
    entries: list[RawEntry] = []
    problems: list[tuple[int, str]] = []
    for item in items:
        try:
            entry = read_one(item)
        except Exception as exc:  # noqa: BLE001 - odd markup or JSON in one entry must not lose the others
            problems.append((line_of(item), f"entry not read ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})"))
            continue
        if entry is not None:
            entries.append(entry)
    if problems:
        raise PartlyRead(entries, problems)
    return entries
