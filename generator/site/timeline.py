"""The timeline page: every paper by month, newest first, each linked to its card."""

from __future__ import annotations

from itertools import groupby

from ..catalog import Catalog, approximate_date
from ..model import Paper
from .cards import plural
from .crosslinks import paper_entry
from .page import markdown_page

TIMELINE_PAGE = "timeline.md"
# Month names spelled out rather than strftime("%B"), which follows the machine's locale.
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _month(paper: Paper) -> tuple[int, int] | None:
    date = approximate_date(paper)
    return (date.year, date.month) if date else None


def render_timeline(catalog: Catalog) -> str:
    """A section per month, newest first, and undated papers last; the catalog's order already is that order."""
    papers = [p for p in catalog.papers if p.primary_topic in catalog.topic_by_slug]
    blocks = [
        "# Timeline",
        f"All {plural(len(papers), 'paper')} by month, newest first. A month marked *(arXiv)* on an entry "
        "comes from the arXiv identifier, which records when the paper was first submitted.",
    ]
    for month, group in groupby(papers, key=_month):
        heading = f"{_MONTHS[month[1] - 1]} {month[0]} {{ #month_{month[0]}-{month[1]:02d} }}" if month else "Undated { #undated }"
        entries = [paper_entry(paper, catalog.topic_by_slug, "topics/") for paper in group]
        blocks += [f"## {heading}", "\n".join(entries)]
    # Lists of papers repeat titles that have their own cards; searching a title should land on the card.
    return markdown_page({"title": "Timeline", "search": {"exclude": True}}, blocks)
