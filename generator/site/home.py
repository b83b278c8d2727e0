"""The home page: the list's size, what is new, the topics as a grid, and charts of papers per month and topic."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from itertools import groupby

from ..catalog import Catalog, approximate_date, papers_with_cards
from .browse import BROWSE_PAGE
from .cards import compact_entry, compact_list, month_year, plural
from .charts import Bar, Column, Table, bar_chart, chart_figure, column_chart
from .exports import DOWNLOADS_PAGE
from .feeds import SITE_FEED
from .crosslinks import topic_cards
from .page import markdown_page
from .markdown_text import md_text
from .timeline import TIMELINE_PAGE

WHATS_NEW = 10

# Sections that repeat what topic pages hold are left out of the search index, so that a search
# lands on a paper's page rather than on a list that mentions it. Heading ids carry an underscore,
# which paper ids never do, so they cannot clash with a paper's anchor.
_NOT_SEARCHED = 'data-search-exclude=""'


def render_home(catalog: Catalog) -> str:
    """The home page as Markdown."""
    papers = papers_with_cards(catalog)
    with_code = sum(1 for p in papers if p.links.code)
    return markdown_page(
        {"title": "Home"},
        [
            "# LLM Reading List",
            f"A curated list of {plural(len(papers), 'paper')} on large language models, "
            f"sorted into {plural(len(catalog.topics), 'topic')}. Each topic page lists its papers newest first, "
            "with links to arXiv, code and project pages; each paper has its own page with its abstract, "
            "a BibTeX entry to copy and related papers. "
            f"[Browse and filter]({BROWSE_PAGE}) the whole list, search it from the box at the top, "
            f"follow new papers in the [Atom feed]({SITE_FEED}), or take the [BibTeX and JSON downloads]({DOWNLOADS_PAGE}).",
            _stats(len(papers), len(catalog.topics), with_code),
            f"## What's new {{ #whats_new {_NOT_SEARCHED} }}",
            *_whats_new(catalog),
            f"## Topics {{ #topic_grid {_NOT_SEARCHED} }}",
            topic_cards(catalog, base="topics/"),
            f"## Papers over time {{ #papers_per_month {_NOT_SEARCHED} }}",
            _month_figure(catalog),
            f"## Papers per topic {{ #papers_per_topic {_NOT_SEARCHED} }}",
            _topic_figure(catalog),
        ],
    )


def _stats(papers: int, topics: int, with_code: int) -> str:
    """The headline numbers as a row of figures."""
    items = [(papers, "papers"), (topics, "topics"), (with_code, "with code")]
    cells = "".join(f"<li><strong>{n}</strong> {label}</li>" for n, label in items)
    return f'<ul class="home-stats">{cells}</ul>'


def _whats_new(catalog: Catalog) -> list[str]:
    """The latest additions, grouped under the day they were added."""
    latest = catalog.additions[:WHATS_NEW]
    if not latest:
        return ["Nothing yet."]
    topics = catalog.topic_by_slug
    blocks = []
    for added, group in groupby(latest, key=lambda p: p.added):
        blocks.append(f"Added {_day(added)}:" if added else "Added earlier:")
        blocks.append(compact_list([compact_entry(p, "", topics=topics, memo=catalog.memo) for p in group]))
    blocks.append(f"Every paper by the month of its date, newest first: the [timeline]({TIMELINE_PAGE}).")
    return blocks


def _day(date: dt.date) -> str:
    return f"{date.day} {month_year(date)}"


def _month_figure(catalog: Catalog) -> str:
    """Papers per month of their date, every month from the first to the last shown, empty ones included."""
    dates = [approximate_date(p) for p in papers_with_cards(catalog)]
    counts = Counter((d.year, d.month) for d in dates if d)
    undated = sum(1 for d in dates if d is None)
    if not counts:
        return "No paper has a date yet."
    months = _month_range(min(counts), max(counts))
    columns = [
        Column(month_year(dt.date(y, m, 1)), counts.get((y, m), 0), _year_tick(i, y, m, len(months)))
        for i, (y, m) in enumerate(months)
    ]
    first, last = columns[0].label, columns[-1].label
    busiest = max(columns, key=lambda c: c.value)
    summary = (
        f"Papers per month of their date, {first} to {last}. "
        f"The busiest month is {busiest.label} with {plural(busiest.value, 'paper')}."
    )
    caption = summary + (f" Not counted: {plural(undated, 'paper')} without a date." if undated else "")
    table = Table(("Month", "Papers"), tuple((c.label, str(c.value)) for c in columns))
    svg = column_chart("chart_months", "Papers per month", summary, columns)
    return chart_figure(svg, caption, table)


def _month_range(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    """Every (year, month) from first to last inclusive."""
    out, (year, month) = [], first
    while (year, month) <= last:
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _year_tick(index: int, year: int, month: int, total: int) -> str | None:
    """A year label at each January, and at the first column when the next January is far enough off."""
    if month == 1:
        return str(year)
    room_before_january = 13 - month
    if index == 0 and room_before_january >= 4 and total > room_before_january - 1:
        return str(year)
    return None


def _topic_figure(catalog: Catalog) -> str:
    """Papers per topic, largest first: papers filed under it, and papers from other topics also relevant."""
    rows = sorted(
        ((t.title, len(catalog.primary.get(t.slug, [])), len(catalog.secondary.get(t.slug, []))) for t in catalog.topics),
        key=lambda r: (-(r[1] + r[2]), -r[1]),
    )
    if not rows:
        return "No topics yet."
    bars = [Bar(title, own, also) for title, own, also in rows]
    largest = bars[0]
    summary = (
        f"Papers per topic, largest first: {largest.label} has {plural(largest.value + largest.extra, 'paper')}, "
        f"{bars[-1].label} the fewest with {bars[-1].value + bars[-1].extra}. "
        "Each bar shows the papers filed under the topic, then those filed elsewhere that are also relevant to it."
    )
    table = Table(
        ("Topic", "Filed here", "Also relevant", "Total"),
        tuple((b.label, str(b.value), str(b.extra), str(b.value + b.extra)) for b in bars),
    )
    svg = bar_chart("chart_topics", "Papers per topic", summary, bars, ("Filed here", "Also relevant"))
    return chart_figure(svg, summary, table)
