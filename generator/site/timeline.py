"""The timeline page: every paper by month, newest first, each linked to its own page."""

from __future__ import annotations

from itertools import groupby

from ..catalog import Catalog, approximate_date
from ..model import Paper
from .cards import compact_entry, compact_list, plural
from .fill import Fill, to_root
from .lists import Block, Heading, ListPage, by_year, render_list

TIMELINE_PAGE = "timeline.md"
# Month names spelled out rather than strftime("%B"), which follows the machine's locale.
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _month(paper: Paper) -> tuple[int, int] | None:
    date = approximate_date(paper)
    return (date.year, date.month) if date else None


def render_timeline(catalog: Catalog) -> tuple[dict[str, str], dict[str, Fill]]:
    """A section per year and month, newest first, and undated papers last; the catalog's order already is that order.

    The table of contents lists the years only: a month each would be a wall of links again.
    """
    papers = catalog.with_cards

    def body(page: ListPage) -> list[Block]:
        root = to_root(page.docs_path)
        blocks: list[Block] = []
        if page.number == 1:
            blocks.append(f"<p>All {plural(len(papers), 'paper')} by month, newest first. A month marked "
                          "<em>(arXiv)</em> on an entry comes from the arXiv identifier, which records when the "
                          "paper was first submitted.</p>")
        for year, in_year in by_year(page.items, level=2):
            blocks.append(year)
            for month, group in groupby(in_year, key=_month):
                if month:
                    blocks.append(Heading(3, f"month_{month[0]}-{month[1]:02d}", f"{_MONTHS[month[1] - 1]} {month[0]}",
                                          in_toc=False))
                entries = [compact_entry(p, root, topics=catalog.topic_by_slug, memo=catalog.memo) for p in group]
                blocks.append(compact_list(entries))
        return blocks

    # Lists of papers repeat titles that have their own pages; searching a title should land on the paper's page.
    return render_list(TIMELINE_PAGE, {"title": "Timeline", "search": {"exclude": True}}, papers, body, catalog.memo,
                       catalog.memo.key_of, (len(papers),))
