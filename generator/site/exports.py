"""The downloads: papers.json with every field, BibTeX for the whole list and for each topic, and the page
that offers them with the JSON schema, documented from the same field list that writes the JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from json.encoder import encode_basestring

from ..catalog import Catalog, Fragments
from ..model import LINK_FIELDS, PAPER_FIELDS, SOURCE_FIELDS, Paper
from .bibtex import bibtex_entries, citation_keys
from .cards import plural
from .feeds import FEED_ENTRIES, SITE_FEED, topic_feed
from .json_text import Encoded, json_text, newline_indent
from .page import markdown_page
from .markdown_text import md_text

DOWNLOADS_PAGE = "downloads/index.md"
PAPERS_JSON = "downloads/papers.json"
PAPERS_BIB = "downloads/papers.bib"
JSON_FORMAT_VERSION = 1


def topic_bib(slug: str) -> str:
    """The path of a topic's BibTeX file under docs/."""
    return f"downloads/topics/{slug}.bib"


@dataclass(frozen=True)
class Field:
    """One field of a paper record in papers.json, as the downloads page documents it."""

    name: str
    type: str
    meaning: str


# In PAPER_FIELDS order; a test keeps the two in step, so a new paper field cannot go undocumented.
JSON_FIELDS = (
    Field("id", "string", "The paper's id: its arXiv id where it has one, else a readable slug. Also the "
          "anchor of its card on the site."),
    Field("title", "string", "The title as curated; LaTeX is kept as written."),
    Field("title_is_derived", "boolean", "True when the listing had no title and this one was made from the abstract."),
    Field("abstract", "string or null", "The abstract as published, LaTeX kept."),
    Field("arxiv", "string or null", "The arXiv identifier, without a version."),
    Field("links", "object", "`code` and `other`: lists of URLs; `project`, `pdf`, `hf` (Hugging Face): a URL or null."),
    Field("authors", "list of strings", "Author names in order, as the listing or arXiv gives them."),
    Field("authors_count", "integer or null", "The number of authors where only that is known."),
    Field("organization", "string or null", "The organisation behind the paper, where the listing named one."),
    Field("published", "date or null", "The paper's own date, YYYY-MM-DD. Not a listing date."),
    Field("venue", "string or null", "Where it was accepted, as the listing put it, such as `FPGA'24`."),
    Field("comments", "string or null", "The arXiv comments line."),
    Field("categories", "list of strings", "arXiv categories, primary first."),
    Field("doi", "string or null", "The DOI, without `https://doi.org/`."),
    Field("journal_ref", "string or null", "The journal reference given on arXiv."),
    Field("upvotes", "integer or null", "Hugging Face upvotes when the paper was listed."),
    Field("topics", "list of strings", "Topic slugs (see `topics`); the first is the paper's primary topic."),
    Field("tags", "list of strings", "Tags such as `survey`, `benchmark` or `code`."),
    Field("sources", "list of objects", "The listings it was read from: `file`, `line`, `format` and `heading`, "
          "each null where unknown."),
    Field("added", "date or null", "The day it joined the list, YYYY-MM-DD."),
)


def render_exports(catalog: Catalog, entries: dict[str, str] | None = None) -> dict[str, str]:
    """Every download and the page that offers them, keyed by path under docs/; `entries` as from bibtex_entries."""
    if entries is None:
        entries = bibtex_entries(catalog.papers, citation_keys(catalog.papers))
    out = {
        DOWNLOADS_PAGE: downloads_page(catalog),
        PAPERS_JSON: papers_json(catalog),
        # As bibtex_file joins them: in id order, which the catalog keeps sorted once for every download.
        PAPERS_BIB: "\n".join([entries[p.id] for p in catalog.in_id_order]),
    }
    # Each topic's entries gathered in one pass over the papers, not one pass per topic.
    listed: dict[str, list[str]] = {topic.slug: [] for topic in catalog.topics}
    for paper in catalog.in_id_order:
        for slug in dict.fromkeys(paper.topics):
            if slug in listed:
                listed[slug].append(entries[paper.id])
    for slug, topic_entries in listed.items():
        out[topic_bib(slug)] = "\n".join(topic_entries)
    return out


def papers_json(catalog: Catalog) -> str:
    """The whole list as JSON: format version, topics in taxonomy order, papers in id order."""
    records = [Encoded(kept_record(catalog.memo, p)) for p in catalog.in_id_order]
    document = {
        "version": JSON_FORMAT_VERSION,
        "topics": [{"slug": t.slug, "title": t.title, "description": t.description} for t in catalog.topics],
        "papers": records,
    }
    # Keys stay in the documented order rather than sorted; UTF-8 as is, since JSON text is UTF-8 (RFC 8259).
    return json_text(document) + "\n"


def kept_record(memo: Fragments, paper: Paper) -> str:
    """record_json(paper, 2), the paper's record as papers.json has it, encoded once and kept in the fragments."""
    return memo.made(("record", memo.key_of(paper)), lambda: record_json(paper, 2))


def paper_record(paper: Paper) -> dict:
    """Every field of a paper, present even when empty, so that every record has the same shape."""
    record: dict = {}
    for name in PAPER_FIELDS:
        value = getattr(paper, name)
        if name == "links":
            value = {kind: getattr(value, kind) for kind in LINK_FIELDS}
        elif name == "sources":
            value = paper_record_sources(paper)
        elif name in ("published", "added"):
            value = value.isoformat() if value else None
        record[name] = list(value) if isinstance(value, tuple) else value
    return record


def record_json(paper: Paper, level: int) -> str:
    """json_text(paper_record(paper), level), written from the paper's fields directly: most are strings and lists
    of strings, which go through the C escaper a list at a time; anything else goes to json_text."""
    inner, deeper = newline_indent(level + 1), newline_indent(level + 2)
    try:
        links = paper.links
        code = _strings(links.code, newline_indent(level + 3), deeper)
        other = _strings(links.other, newline_indent(level + 3), deeper)
        links_text = (f'{{{deeper}"code": {code},{deeper}"project": {_optional(links.project)},{deeper}"pdf": '
                      f'{_optional(links.pdf)},{deeper}"hf": {_optional(links.hf)},{deeper}"other": {other}{inner}}}')
        values = {
            "id": encode_basestring(paper.id), "title": encode_basestring(paper.title),
            "title_is_derived": json_text(paper.title_is_derived), "abstract": _optional(paper.abstract),
            "arxiv": _optional(paper.arxiv), "links": links_text, "authors": _strings(paper.authors, deeper, inner),
            "authors_count": json_text(paper.authors_count), "organization": _optional(paper.organization),
            "published": _optional(paper.published.isoformat() if paper.published else None),
            "venue": _optional(paper.venue), "comments": _optional(paper.comments),
            "categories": _strings(paper.categories, deeper, inner), "doi": _optional(paper.doi),
            "journal_ref": _optional(paper.journal_ref), "upvotes": json_text(paper.upvotes),
            "topics": _strings(paper.topics, deeper, inner), "tags": _strings(paper.tags, deeper, inner),
            "sources": _sources(paper.sources, level + 1),
            "added": _optional(paper.added.isoformat() if paper.added else None),
        }
    except (TypeError, AttributeError):
        # Not the types a checked paper has: the general encoder writes whatever it holds.
        return json_text(paper_record(paper), level)
    return "{" + inner + ("," + inner).join([f'"{name}": {values[name]}' for name in PAPER_FIELDS]) + newline_indent(level) + "}"


def _strings(values: list[str], inner: str, outer: str) -> str:
    if not values:
        return "[]"
    return "[" + inner + ("," + inner).join(map(encode_basestring, values)) + outer + "]"


def _sources(sources: list, level: int) -> str:
    if not sources:
        return "[]"
    inner, deeper = newline_indent(level + 1), newline_indent(level + 2)
    line = json_text if any(type(source.line) is not int for source in sources) else int.__repr__
    items = [f'{{{deeper}"file": {encode_basestring(source.file)},{deeper}"line": {line(source.line)},{deeper}"format": '
             f'{_optional(source.format)},{deeper}"heading": {_optional(source.heading)}{inner}}}' for source in sources]
    return "[" + inner + ("," + inner).join(items) + newline_indent(level) + "]"


def _optional(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


def paper_record_sources(paper: Paper) -> list[dict]:
    """The record's `sources`: each source's fields, every one present."""
    return [{key: getattr(source, key) for key in SOURCE_FIELDS} for source in paper.sources]


def downloads_page(catalog: Catalog) -> str:
    """The page that offers the files and documents papers.json."""
    total = plural(len(catalog.papers), "paper")
    rows = [
        f"| [{md_text(t.title)}](../topics/{t.slug}.md) | {catalog.topic_size(t.slug)} "
        f'| [{t.slug}.bib](topics/{t.slug}.bib){{: download="{t.slug}.bib" }} · [{t.slug}.xml](../{topic_feed(t.slug)}) |'
        for t in catalog.topics
    ]
    # A list rather than a table: the long descriptions squeeze a table's name column on a phone.
    fields = [f"- `{f.name}` ({f.type}): {f.meaning}" for f in JSON_FIELDS]
    return markdown_page(
        {"title": "Downloads"},
        [
            "# Downloads",
            "Take the list with you: every paper as BibTeX or JSON, and Atom feeds that bring new papers to "
            "your feed reader. The files are made from the same data as the pages, each time the site is built.",
            "## BibTeX { #bibtex }",
            f'[papers.bib](papers.bib){{: download="papers.bib" }} holds all {total}, one entry each: '
            "`@inproceedings` (with `booktitle`) or `@article` (with `journal`) for an accepted paper, `@misc` for a "
            "preprint, with its authors, year and month, `doi` where known, and `eprint`, `archivePrefix = {arXiv}`, "
            "`primaryClass` and `url` where the paper is on arXiv. Each key reads `lastname2024firstword` (first "
            "author, year, first word of the title), with a letter added when two papers would share one; it stays "
            "the same as long as those do. Every card on a topic page also has its entry ready to copy.",
            "## By topic { #by_topic }",
            "Each topic's BibTeX holds the papers listed on its page, including those also relevant to it; "
            f"each feed brings the {FEED_ENTRIES} newest of them.",
            "\n".join(["| Topic | Papers | BibTeX and feed |", "| :-- | --: | :-- |", *rows]),
            "## Atom feeds { #feeds }",
            f"[The whole list's feed](../{SITE_FEED}) brings the {FEED_ENTRIES} newest additions; every page "
            "also announces it to browsers and feed readers. Each entry links to the paper's card here and "
            "to its arXiv page. [Every feed](feeds.md), each topic's and each tag's, is listed with how to follow it.",
            "## JSON { #json }",
            f'[papers.json](papers.json){{: download="papers.json" }} is one UTF-8 JSON object: `version` '
            f"(now {JSON_FORMAT_VERSION}, raised when a field changes meaning or goes away), `topics` (each with `slug`, "
            "`title` and `description`, in the site's order) and `papers`, one record per paper in id order. "
            "Every record has every field below, null or empty when unknown.",
            "\n".join(fields),
        ],
    )
