"""Turning what a reader found (title, abstract, comment lines) into a RawEntry with links and venue."""

from __future__ import annotations

from ..model import Links, RawEntry, Source
from ..text.links import classify_urls, find_urls, merge_links
from ..text.venue import venue_from_comment


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
