"""The two records the pipeline passes around: a RawEntry read from a listing, a Paper stored in data/."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# The public field order of a paper file; `check --fix` and the writer both follow it.
PAPER_FIELDS = (
    "id",
    "title",
    "title_is_derived",
    "abstract",
    "arxiv",
    "links",
    "authors",
    "authors_count",
    "organization",
    "published",
    "venue",
    "comments",
    "categories",
    "doi",
    "journal_ref",
    "upvotes",
    "topics",
    "tags",
    "sources",
    "added",
)
LINK_FIELDS = ("code", "project", "pdf", "hf", "other")
SOURCE_FIELDS = ("file", "line", "format", "heading")


@dataclass
class Links:
    """Where to find a paper besides arXiv: code repositories, a project page, the PDF, its Hugging Face page."""

    code: list[str] = field(default_factory=list)
    project: str | None = None
    pdf: str | None = None
    hf: str | None = None
    other: list[str] = field(default_factory=list)

    def urls(self) -> list[str]:
        """Every URL held, in field order."""
        single = [u for u in (self.project, self.pdf, self.hf) if u]
        return [*self.code, *single, *self.other]


@dataclass(frozen=True)
class Source:
    """One place a paper was read from: a listing file, the line its entry starts on, and the heading it sat under."""

    file: str
    line: int | None = None  # a hand-written source may leave it out; the schema does not ask for it
    format: str | None = None
    heading: str | None = None


@dataclass
class RawEntry:
    """One entry exactly as a reader found it in a listing, before deduplication and classification."""

    source: Source
    title: str | None = None
    abstract: str | None = None
    arxiv: str | None = None
    links: Links = field(default_factory=Links)
    authors: list[str] = field(default_factory=list)
    authors_count: int | None = None
    organization: str | None = None
    published: dt.date | None = None
    venue: str | None = None
    comments: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    doi: str | None = None
    journal_ref: str | None = None
    upvotes: int | None = None
    topic_hint: str | None = None


@dataclass
class Paper:
    """One curated paper, the content of one data/papers/<id>.yml file."""

    id: str
    title: str
    abstract: str | None = None
    title_is_derived: bool = False
    arxiv: str | None = None
    links: Links = field(default_factory=Links)
    authors: list[str] = field(default_factory=list)
    authors_count: int | None = None
    organization: str | None = None
    published: dt.date | None = None
    venue: str | None = None
    comments: str | None = None
    categories: list[str] = field(default_factory=list)
    doi: str | None = None
    journal_ref: str | None = None
    upvotes: int | None = None
    topics: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    added: dt.date | None = None

    @property
    def primary_topic(self) -> str | None:
        return self.topics[0] if self.topics else None

    @property
    def author_total(self) -> int | None:
        """The number of authors, from the list where known."""
        return len(self.authors) if self.authors else self.authors_count


def paper_to_dict(paper: Paper) -> dict:
    """The paper as plain YAML-ready data in canonical key order, empty fields left out."""
    out: dict = {}
    for name in PAPER_FIELDS:
        value = getattr(paper, name)
        if name == "title_is_derived":
            out[name] = bool(value)
            continue
        if name == "links":
            value = {k: getattr(value, k) for k in LINK_FIELDS if getattr(value, k)}
        elif name == "sources":
            value = [
                {k: getattr(s, k) for k in SOURCE_FIELDS if getattr(s, k) is not None}
                for s in value
            ]
        if value is None or value == [] or value == {}:
            continue
        out[name] = list(value) if isinstance(value, (list, tuple)) else value
    return out


_PAPER_KEYS = frozenset(PAPER_FIELDS) - {"links", "sources"}
_LINK_KEYS = frozenset(LINK_FIELDS)
_SOURCE_KEYS = frozenset(SOURCE_FIELDS)


def paper_from_dict(data: dict) -> Paper:
    """Build a Paper from already-validated YAML data, its dates still written YYYY-MM-DD."""
    values = dict(data)
    links = values.pop("links", None) or {}
    sources = values.pop("sources", None) or []
    if not _PAPER_KEYS.issuperset(values):
        values = {k: v for k, v in values.items() if k in _PAPER_KEYS}
    for name in ("published", "added"):
        if isinstance(values.get(name), str):
            values[name] = dt.date.fromisoformat(values[name])
    return Paper(
        **values,
        links=Links(**{k: v for k, v in links.items() if k in _LINK_KEYS}),
        sources=[Source(**{k: v for k, v in s.items() if k in _SOURCE_KEYS}) for s in sources],
    )
