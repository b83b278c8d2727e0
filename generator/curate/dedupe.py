"""Deduplication: recognising a paper seen before (same arXiv id, title or abstract) and merging what is new."""

from __future__ import annotations

import dataclasses

from ..model import Paper, RawEntry
from ..text.links import merge_links
from ..text.titles import normalize_abstract, normalize_title

# Listings sometimes cut an abstract short; this many leading characters of two long abstracts agreeing is the same paper.
ABSTRACT_PREFIX = 300


def _keys(arxiv: str | None, title: str | None, title_is_derived: bool, abstract: str | None) -> list[tuple[str, str]]:
    keys = []
    if arxiv:
        keys.append(("arxiv", arxiv))
    if title and not title_is_derived:
        keys.append(("title", normalize_title(title)))
    if abstract:
        words = normalize_abstract(abstract)
        keys.append(("abstract", words))
        if len(words) >= ABSTRACT_PREFIX:
            keys.append(("abstract-prefix", words[:ABSTRACT_PREFIX]))
    return keys


def paper_keys(paper: Paper) -> list[tuple[str, str]]:
    return _keys(paper.arxiv, paper.title, paper.title_is_derived, paper.abstract)


def entry_keys(entry: RawEntry) -> list[tuple[str, str]]:
    return _keys(entry.arxiv, entry.title, False, entry.abstract)


class PaperIndex:
    """Finds the paper an entry belongs to by any of its identity keys."""

    def __init__(self, papers: list[Paper] = ()):
        self._by_key: dict[tuple[str, str], str] = {}
        self._arxiv: dict[str, str | None] = {}
        for paper in papers:
            self.add(paper)

    def add(self, paper: Paper) -> None:
        self._arxiv[paper.id] = paper.arxiv
        for key in paper_keys(paper):
            self._by_key.setdefault(key, paper.id)

    def find(self, entry: RawEntry) -> str | None:
        """The id of the paper this entry is, or None; two different arXiv ids are never one paper."""
        for key in entry_keys(entry):
            found = self._by_key.get(key)
            if found and not (entry.arxiv and self._arxiv[found] and self._arxiv[found] != entry.arxiv):
                return found
        return None


def merge_entry(paper: Paper, entry: RawEntry) -> Paper:
    """The paper with what the entry adds: empty fields filled, a real title over a derived one, links and sources unioned.

    A value already in the paper is never overwritten, so a curator's edit survives any re-ingest; and an entry
    whose source the paper already records was merged before, so what it lacks now a curator deleted: it adds nothing.
    """
    if entry.source in paper.sources:
        return paper
    changes: dict = {}
    if entry.title and paper.title_is_derived:
        changes.update(title=entry.title, title_is_derived=False)
    for name in ("abstract", "arxiv", "authors_count", "organization", "published", "venue", "doi", "journal_ref", "upvotes"):
        value = getattr(entry, name)
        if value is not None and getattr(paper, name) is None:
            changes[name] = value
    for name in ("authors", "categories"):
        if getattr(entry, name) and not getattr(paper, name):
            changes[name] = list(getattr(entry, name))
    if entry.comments and not paper.comments:
        changes["comments"] = "; ".join(entry.comments)
    links = merge_links(paper.links, entry.links)
    if links != paper.links:
        changes["links"] = links
    if entry.source not in paper.sources:
        changes["sources"] = [*paper.sources, entry.source]
    return dataclasses.replace(paper, **changes) if changes else paper
