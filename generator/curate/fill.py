"""Filling a paper's empty fields from its arXiv record, never overwriting what is there.

Whatever a paper already holds was either read from a listing or written by a curator, and both win
over arXiv. The one exception is a title made up from the abstract (`title_is_derived`), which the
real title replaces. Topics and tags are suggested only for a paper that has none yet.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ..enrichment.arxiv_api import ArxivRecord
from ..model import Paper
from ..text.venue import venue_from_comment
from ..storage.vocabulary import TagGroup
from .classify import TopicClassifier
from .tags import suggest_tags


def venue_of(record: ArxivRecord) -> str | None:
    """Where the paper was accepted: as its comments or journal reference name it, else the journal reference whole."""
    for text in (record.comment, record.journal_ref):
        venue = venue_from_comment(text) if text else None
        if venue:
            return venue
    return record.journal_ref


def fill_from_arxiv(paper: Paper, record: ArxivRecord, classifier: TopicClassifier, tag_groups: Sequence[TagGroup]) -> Paper:
    """The paper with its empty fields taken from arXiv's record."""
    changes: dict = {}
    if paper.title_is_derived and record.title:
        changes.update(title=record.title, title_is_derived=False)
    simple = {
        "abstract": record.abstract,
        "published": record.published,
        "comments": record.comment,
        "venue": venue_of(record),
        "doi": record.doi,
        "journal_ref": record.journal_ref,
    }
    for name, value in simple.items():
        if value is not None and getattr(paper, name) is None:
            changes[name] = value
    for name, values in (("authors", record.authors), ("categories", record.categories)):
        if values and not getattr(paper, name):
            changes[name] = list(values)
    filled = dataclasses.replace(paper, **changes) if changes else paper
    if not filled.topics and (filled.abstract or not filled.title_is_derived):
        filled = dataclasses.replace(filled, topics=classifier.classify(filled),
                                     tags=filled.tags or suggest_tags(filled, tag_groups))
    return filled
