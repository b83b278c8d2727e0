"""The search index Material's search loads: one lean entry per paper page, and MkDocs' own pages trimmed short.

A first search downloads the whole index, so its size is capped whatever the catalog's size: each paper has its
title, short name, arXiv id and first author, then its next authors, byline, tags and abstract as far as its share
of the budget goes (all of it for a few hundred papers, title, names and first author only at ten thousand). Pure functions and the standard library only: the MkDocs hook imports this module.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable

from ..model import Paper
from ..text.latex import latex_to_text
from ..text.links import with_schemes

# Written by the generator under docs/, merged by the hook into the index MkDocs writes, then removed from site/.
PAPERS_INDEX = "search/papers.json"
SITE_INDEX = "search/search_index.json"
# Characters the papers' entries may take in all, shared out evenly: about 500 KB gzipped. An entry always has its
# title, address, short name and id; its byline and tags, then its abstract, come in as far as its share allows.
INDEX_CHARS = 1_500_000
# An abstract cut shorter than this is a few words of the opening sentence, which match nothing a reader looks for.
MIN_ABSTRACT = 80
# A page of MkDocs' own keeps its title and opening text; a list of thousands of papers would dwarf the papers.
PAGE_TEXT = 240
# Lunr multiplies a document's score by its boost (1 by default, as for papers): a list page ranks below its papers.
PAGE_BOOST = 0.25
# The search field for what a reader types to find one paper (short name, arXiv id); mkdocs.yml boosts it. Spellings
# need no second entry: the search worker (overrides/assets/javascripts/workers/fold.js) folds "H₂O" to "H2O".
NAME_FIELD = "name"
# The field of a paper's first authors, as a reader remembers a paper by who wrote it: the first in every entry
# however large the catalog (as it is cited, "Lin et al."), the next two as far as the entry's share allows.
# mkdocs.yml boosts it as much as the name field, so both words of an author's name outrank one prefix of a name.
AUTHORS_FIELD = "authors"
AUTHORS = 3
_SHORT_NAME = re.compile(r"^\s*([^\s:]+(?:[ -][^\s:]+){0,2})\s*:\s+\S")


def paper_page(paper_id: str) -> str:
    """The site-relative address of a paper's own page."""
    return f"papers/{paper_id}/"


def short_name(title: str) -> str | None:
    """'QuIP' for 'QuIP: 2-Bit Quantization of ...': one to three words before a colon, or None."""
    match = _SHORT_NAME.match(title)
    return match.group(1) if match else None


def _cut(text: str, limit: int) -> str:
    """The text's first `limit` characters, ending at a word boundary."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0]


def _byline(paper: Paper) -> str:
    authors = paper.authors[:3] + (["et al."] if len(paper.authors) > 3 else [])
    year = str(paper.published.year) if paper.published else ""
    return " · ".join(part for part in (", ".join(authors), year, paper.venue or "") if part)


def _size(entry: dict) -> int:
    return len(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))


def paper_entry(paper: Paper, share: int) -> dict:
    """One paper as a search document of about `share` characters at most, beyond what every entry has.

    HTML-escaped, as Material renders a result's title and text as HTML.
    """
    title = " ".join(latex_to_text(paper.title).split())
    # A paper's id is its arXiv id, or a slug of its title that no reader types and whose words would outrank titles.
    names = [n for n in (short_name(title), paper.arxiv) if n]
    entry = {"location": paper_page(paper.id), "title": html.escape(title), "text": "",
             NAME_FIELD: html.escape(" ".join(dict.fromkeys(names)))}
    if paper.authors:
        entry[AUTHORS_FIELD] = html.escape(paper.authors[0])
    fuller = {**entry, "text": html.escape(_byline(paper)), **({"tags": sorted(paper.tags)} if paper.tags else {})}
    if paper.authors:
        fuller[AUTHORS_FIELD] = html.escape(", ".join(paper.authors[:AUTHORS]))
    if _size(fuller) > share:
        return entry
    abstract = " ".join(with_schemes(latex_to_text(paper.abstract or "")).split())
    room = share - _size(fuller) - len(" — <p></p>")
    if abstract and room >= MIN_ABSTRACT:
        cut = html.escape(_cut(abstract, room))
        fuller["text"] = f"{fuller['text']} — {cut}" if fuller["text"] else cut
    # A paragraph, as Material's own entries have it: docs/stylesheets/search.css shows a result's opening lines.
    if fuller["text"]:
        fuller["text"] = f"<p>{fuller['text']}</p>"
    return fuller


def paper_entries(papers: Iterable[Paper]) -> list[dict]:
    """Every paper's entry, in id order, the index's characters shared out evenly."""
    ordered = sorted(papers, key=lambda p: p.id)
    share = INDEX_CHARS // max(1, len(ordered))
    return [paper_entry(paper, share) for paper in ordered]


def render_papers_index(papers: Iterable[Paper]) -> str:
    """The papers' entries as the JSON file the generator writes (PAPERS_INDEX)."""
    return json.dumps(paper_entries(papers), ensure_ascii=False, separators=(",", ":")) + "\n"


def _trimmed(doc: dict) -> dict:
    return {**doc, "text": _cut(doc.get("text", ""), PAGE_TEXT), "boost": PAGE_BOOST}


def merge_index(site_index: dict, papers: list[dict]) -> dict:
    """MkDocs' index with its pages trimmed to their opening and every paper's entry added.

    A page keeps one entry: its sections, which on a list page are its papers, are dropped.
    """
    pages = [_trimmed(doc) for doc in site_index.get("docs", []) if "#" not in doc.get("location", "")]
    return {"config": site_index.get("config", {}), "docs": pages + papers}


def render_site_index(index: dict) -> str:
    """The merged index as compact JSON (Material reads no whitespace)."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))
