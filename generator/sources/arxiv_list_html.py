"""Reader for an arXiv listing page saved as HTML: /list/<category>/new, /recent and monthly lists.

Each section is a `<dl id='articles'>` of `<dt>` (the id and download links) and `<dd>` (title, authors,
comments, journal reference, subjects and, on /new pages only, the abstract). The page's date is the day
the list was announced, not a paper's date, so no entry gets a `published` date from it.
"""

from __future__ import annotations

from bs4 import Tag

from ..ids import normalize_arxiv_id
from ..model import RawEntry, Source
from .entries import make_entry, read_each
from .errors import ListingError
from .htmlpage import categories_in, looks_like_html, parse_page, squash, text_of

FORMAT = "arxiv-list-html"


def sniff(text: str) -> int:
    """Certain for an HTML page holding arXiv's article list."""
    if not looks_like_html(text):
        return 0
    return 98 if "id='articles'" in text or 'id="articles"' in text else 0


def _authors(dd: Tag) -> list[str]:
    box = dd.select_one("div.list-authors")
    if box is None:
        return []
    names = [squash(a.get_text()) for a in box.find_all("a")]
    return names or [n for n in (squash(part) for part in text_of(box).split(",")) if n]


def _entry(dt_tag: Tag, dd: Tag, file: str) -> RawEntry | None:
    link = dt_tag.find("a", title="Abstract") or dt_tag.find("a", href=lambda h: h and "/abs/" in h)
    if link is None:
        return None
    arxiv = normalize_arxiv_id(link.get_text()) or normalize_arxiv_id(link.get("id", ""))
    comments = text_of(dd.select_one("div.list-comments"), show_urls=True)
    abstract = dd.select_one("p.mathjax") or dd.find("p")
    return make_entry(
        Source(file, dt_tag.sourceline or 0, FORMAT),
        title=text_of(dd.select_one("div.list-title")) or None,
        abstract=text_of(abstract, show_urls=True) or None,
        arxiv=arxiv,
        comments=[comments] if comments else [],
        authors=_authors(dd),
        journal_ref=text_of(dd.select_one("div.list-journal-ref")) or None,
        categories=categories_in(text_of(dd.select_one("div.list-subjects"))),
    )


def read(text: str, file: str) -> list[RawEntry]:
    soup = parse_page(text)
    rows = [(dt_tag, dt_tag.find_next_sibling("dd")) for articles in soup.find_all("dl", id="articles")
            for dt_tag in articles.find_all("dt")]
    entries = read_each(rows, lambda row: _entry(row[0], row[1], file) if row[1] is not None else None,
                        lambda row: row[0].sourceline or 0)
    if not entries and "No updates for this time period" in text:
        raise ListingError("an arXiv listing with no papers on it (\"No updates for this time period\")")
    return entries
