"""The arXiv API (export.arxiv.org/api/query): id_list and title queries, and the Atom feeds it answers with."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass
from urllib.parse import urlencode

from ..ids import normalize_arxiv_id
from ..text.titles import normalize_abstract, normalize_title

API_URL = "https://export.arxiv.org/api/query"
# arXiv's limit for one id_list query that we keep to: larger lists are split into batches.
MAX_IDS = 100
_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"


class ApiError(ValueError):
    """arXiv answered, but with an error (a malformed id, a bad request) or with something not a feed."""


@dataclass(frozen=True)
class ArxivRecord:
    """What arXiv knows about one paper; `published` is the first version's submission date."""

    arxiv: str
    title: str
    abstract: str | None = None
    authors: tuple[str, ...] = ()
    published: dt.date | None = None
    categories: tuple[str, ...] = ()
    comment: str | None = None
    doi: str | None = None
    journal_ref: str | None = None

    def to_json(self) -> dict:
        data = asdict(self)
        data["published"] = self.published.isoformat() if self.published else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> ArxivRecord:
        published = dt.date.fromisoformat(data["published"]) if data.get("published") else None
        return cls(**{**data, "published": published, "authors": tuple(data["authors"]), "categories": tuple(data["categories"])})


def query_url(ids: list[str]) -> str:
    """The query for up to MAX_IDS papers by id."""
    if len(ids) > MAX_IDS:
        raise ValueError(f"at most {MAX_IDS} ids per query, got {len(ids)}")
    return f"{API_URL}?{urlencode({'id_list': ','.join(ids), 'max_results': len(ids)}, safe=',/')}"


# Results asked for per title query: the right paper, when arXiv has it, comes in the first few.
SEARCH_RESULTS = 10
# The looser title query keeps this many of the title's longest words, which say the most about it.
LOOSE_WORDS = 8


# An abstract's opening words, searched as a phrase, find a paper whose title is unknown or was changed.
ABSTRACT_WORDS = 12
# Title phrases asked in one query (joined by OR), as id lookups go in batches: ten requests instead of a hundred.
TITLES_PER_QUERY = 10


def search_queries(title: str | None, abstract: str | None) -> list[str]:
    """The search_query values for a paper, most precise first: the title as a phrase, the title's longest
    words in any order, then the opening of the abstract as a phrase. Pass title=None when it was made up."""
    queries = []
    # the normal form of titles (lower case, LaTeX read, accents and sub-scripts folded) is what arXiv's index matches
    words = normalize_title(title).split() if title else []
    if words:
        queries.append(f'ti:"{" ".join(words)}"')
        longest = sorted(dict.fromkeys(w for w in words if len(w) > 2), key=lambda w: (-len(w), w))[:LOOSE_WORDS]
        if len(longest) > 1:
            queries.append(" AND ".join(f"ti:{w}" for w in sorted(longest)))
    opening = normalize_abstract(abstract).split()[:ABSTRACT_WORDS] if abstract else []
    if len(opening) == ABSTRACT_WORDS:
        queries.append(f'abs:"{" ".join(opening)}"')
    return queries


def search_url(search_query: str, max_results: int = SEARCH_RESULTS) -> str:
    """The query for the papers matching an arXiv search expression (such as `ti:"..."`)."""
    return f"{API_URL}?{urlencode({'search_query': search_query, 'start': 0, 'max_results': max_results})}"


def _text(entry: ET.Element, tag: str) -> str | None:
    value = entry.findtext(tag)
    return " ".join(value.split()) or None if value else None


def entry_record(entry: ET.Element) -> ArxivRecord | None:
    """One feed entry as a record, or None when it has no arXiv id or no title."""
    arxiv = normalize_arxiv_id(entry.findtext(f"{_ATOM}id") or "")
    title = _text(entry, f"{_ATOM}title")
    if arxiv is None or title is None:
        return None
    published = _text(entry, f"{_ATOM}published")
    primary = entry.find(f"{_ARXIV}primary_category")
    terms = [primary.get("term")] if primary is not None else []
    terms += [c.get("term") for c in entry.findall(f"{_ATOM}category")]
    return ArxivRecord(
        arxiv=arxiv,
        title=title,
        abstract=_text(entry, f"{_ATOM}summary"),
        authors=tuple(n for a in entry.findall(f"{_ATOM}author") if (n := _text(a, f"{_ATOM}name"))),
        published=dt.date.fromisoformat(published[:10]) if published else None,
        categories=tuple(dict.fromkeys(t for t in terms if t)),
        comment=_text(entry, f"{_ARXIV}comment"),
        doi=_text(entry, f"{_ARXIV}doi"),
        journal_ref=_text(entry, f"{_ARXIV}journal_ref"),
    )


def feed_entries(body: bytes) -> list[ET.Element]:
    """The entries of an API answer; raises ApiError for arXiv's error feed or a body that is not a feed."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise ApiError(f"arXiv sent something that is not an Atom feed ({exc})") from exc
    if root.tag != f"{_ATOM}feed":
        raise ApiError("arXiv sent something that is not an Atom feed")
    entries = root.findall(f"{_ATOM}entry")
    for entry in entries:
        # errors come as a feed whose one entry has an id under /api/errors and the message as summary
        if "/api/errors" in (entry.findtext(f"{_ATOM}id") or ""):
            raise ApiError(f"arXiv API error: {_text(entry, f'{_ATOM}summary') or 'unknown error'}")
    return entries


def parse_feed(body: bytes) -> list[ArxivRecord]:
    """The papers in an API answer; raises ApiError for arXiv's error feed or a body that is not a feed."""
    return [record for entry in feed_entries(body) if (record := entry_record(entry)) is not None]
