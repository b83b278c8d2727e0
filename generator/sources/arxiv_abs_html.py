"""Reader for an arXiv abstract page (/abs/<id>) saved as HTML: one paper, from its body and citation_* tags.

The body is read first because it is what the curator saw; the `citation_*` meta tags fill what a
reworked layout may have moved. The paper's date is its first submission ("Submitted on 17 Jun 2021").
"""

from __future__ import annotations

import datetime as dt
import re

from bs4 import BeautifulSoup

from ..ids import normalize_arxiv_id
from ..model import RawEntry, Source
from .entries import make_entry
from .htmlpage import categories_in, looks_like_html, parse_page, squash, text_of

FORMAT = "arxiv-abs-html"
_DOI_URL_RE = re.compile(r"^https?://(?:dx\.)?doi\.org/", re.IGNORECASE)
_SUBMITTED_RE = re.compile(r"Submitted on ([0-9]{1,2} [A-Za-z]{3} [0-9]{4})")
# Labels of the metadata table, as arXiv writes them, and the RawEntry field each fills.
_TABLE_FIELDS = {"comments": "comments", "subjects": "subjects", "journal reference": "journal_ref", "related doi": "doi"}


def sniff(text: str) -> int:
    """Certain for an HTML page with arXiv's citation tags or its abstract block."""
    if not looks_like_html(text):
        return 0
    return 98 if 'name="citation_arxiv_id"' in text or 'class="abstract mathjax"' in text else 0


def _meta(soup: BeautifulSoup, name: str) -> list[str]:
    return [squash(m.get("content", "")) for m in soup.find_all("meta", attrs={"name": name}) if m.get("content")]


def _first_name_first(name: str) -> str:
    """ "Riedl, Mark O." -> "Mark O. Riedl", as the page body writes names."""
    last, sep, first = name.partition(",")
    return f"{first.strip()} {last.strip()}" if sep else name


def _submitted(soup: BeautifulSoup) -> dt.date | None:
    match = _SUBMITTED_RE.search(text_of(soup.select_one("div.dateline")))
    if match:
        try:
            return dt.datetime.strptime(match.group(1), "%d %b %Y").date()
        except ValueError:
            pass  # "31 Feb 2024" or a month name in another language: the citation date may still have it
    for value in _meta(soup, "citation_date"):
        try:
            return dt.datetime.strptime(value, "%Y/%m/%d").date()
        except ValueError:
            continue
    return None


def _table(soup: BeautifulSoup) -> dict[str, str]:
    """The metadata table as {field: text}, keyed by the row's label."""
    rows = {}
    for row in soup.select("div.metatable tr"):
        cells = row.find_all("td")
        if len(cells) == 2:
            label = squash(cells[0].get_text().replace("\xa0", " ")).rstrip(":").lower()
            if label in _TABLE_FIELDS:
                rows[_TABLE_FIELDS[label]] = text_of(cells[1], show_urls=True)
    return rows


def read(text: str, file: str) -> list[RawEntry]:
    soup = parse_page(text)
    arxiv = next(filter(None, map(normalize_arxiv_id, _meta(soup, "citation_arxiv_id"))), None)
    if arxiv is None:
        canonical = soup.find("meta", property="og:url") or soup.find("link", rel="canonical")
        arxiv = normalize_arxiv_id(canonical.get("content") or canonical.get("href", "")) if canonical else None
    title = text_of(soup.select_one("h1.title")) or next(iter(_meta(soup, "citation_title")), None)
    authors = [squash(a.get_text()) for a in soup.select("div.authors a")]
    authors = authors or [_first_name_first(n) for n in _meta(soup, "citation_author")]
    abstract = text_of(soup.select_one("blockquote.abstract"), show_urls=True) or next(iter(_meta(soup, "citation_abstract")), None)
    table = _table(soup)
    doi = _DOI_URL_RE.sub("", table.get("doi", "").split(" ")[0]) or None
    if not (title or arxiv):
        return []
    heading = soup.select_one("h1.title") or soup.find("meta", attrs={"name": "citation_title"})
    return [
        make_entry(
            Source(file, heading.sourceline if heading else 1, FORMAT),
            title=title,
            abstract=abstract,
            arxiv=arxiv,
            comments=[table["comments"]] if table.get("comments") else [],
            authors=authors,
            published=_submitted(soup),
            categories=categories_in(table.get("subjects", "")),
            journal_ref=table.get("journal_ref") or None,
            doi=doi,
        )
    ]
