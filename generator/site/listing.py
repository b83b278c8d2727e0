"""A paper as one line of a list elsewhere on the site: its title linked to its card, then short facts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..catalog import Catalog
from ..model import Paper
from ..store import Topic
from .cards import SEPARATOR, display_date, display_title
from .markdown_text import md_text


def paper_item(paper: Paper, topics: Mapping[str, Topic], topics_dir: str, details: Sequence[str] = ()) -> str:
    """A Markdown list item; `topics_dir` is the topics folder relative to the page, `details` are Markdown."""
    home = topics[paper.primary_topic]
    parts = [f"[{display_title(paper)}]({topics_dir}/{home.slug}.md#{paper.id})", md_text(home.title),
             display_date(paper), *details]
    return "- " + SEPARATOR.join(p for p in parts if p)


def papers_with_cards(catalog: Catalog) -> list[Paper]:
    """The papers that have a card to link to (a known primary topic), newest first."""
    topics = catalog.topic_by_slug
    return [p for p in catalog.papers if p.primary_topic in topics]
