"""The browse page: every paper in one list, and the compact index that javascripts/browse.js filters it with.

Without JavaScript the page is a plain list of the newest papers, and the filter form stays hidden. The
script reads the index next to the page, lists the papers the page leaves out (as text, from the index),
shows the form, and hides or reorders the items; it matches an item to its record by the paper id on it.
"""

from __future__ import annotations

import json
from collections import Counter

from ..catalog import Catalog, approximate_date, papers_with_cards
from ..model import Paper
from .cards import SEPARATOR, compact_entry, compact_list, display_date, plural, readable_title
from .fill import Fill, built_file, stub_page
from .lists import PAGE_SIZE
from .markdown_text import html_text, plain_text

BROWSE_PAGE = "browse/index.md"
# Beside the page, so that the relative URL "index.json" works with and without directory URLs.
BROWSE_INDEX = "browse/index.json"
INDEX_FIELDS = ("id", "year", "topics", "tags", "venue", "code", "upvotes", "authors", "title", "date")
# Listed in the page itself, so that it stays small at any size; the script lists the rest from the index.
LISTED = PAGE_SIZE


def render_browse(catalog: Catalog) -> tuple[dict[str, str], dict[str, Fill]]:
    """The page's stub and its index, keyed by their paths under docs/, and the page's content."""
    # The list repeats every paper's title, so the page stays out of the search index.
    stub = stub_page({"title": "Browse", "search": {"exclude": True}})
    built = built_file(BROWSE_PAGE)
    return {BROWSE_PAGE: stub, BROWSE_INDEX: browse_index(catalog)}, {built: Fill(browse_content(catalog), built)}


def browse_index(catalog: Catalog) -> str:
    """One row per listed paper, in the page's order, under a header naming the columns."""
    facets = [_facets(paper) for paper in papers_with_cards(catalog)]
    rows = [[facet[name] for name in INDEX_FIELDS] for facet in facets]
    # Compact separators and real UTF-8: the file is read by the script, not by people.
    return json.dumps({"fields": INDEX_FIELDS, "papers": rows}, ensure_ascii=False, separators=(",", ":")) + "\n"


def _facets(paper: Paper) -> dict:
    """What the filters and the sort look at, with text normalised as the form's options show it."""
    date = approximate_date(paper)
    return {
        "id": paper.id,
        "year": date.year if date else None,
        "topics": paper.topics,
        "tags": [plain_text(t) for t in paper.tags],
        "venue": plain_text(paper.venue) if paper.venue else None,
        "code": bool(paper.links.code),
        "upvotes": paper.upvotes,
        "authors": [plain_text(name) for name in paper.authors],
        "title": readable_title(paper.title),
        "date": display_date(paper),
    }


def browse_content(catalog: Catalog) -> str:
    """The page: the hidden filter form, a live count, and the newest papers; the script adds the others."""
    papers = papers_with_cards(catalog)
    topics = catalog.topic_by_slug
    items = [_with_details(compact_entry(p, "../", topics=topics, memo=catalog.memo), _details(p)) for p in papers[:LISTED]]
    listed = f"{plural(len(papers), 'paper')}, newest first."
    if len(papers) > LISTED:
        listed = (f"The newest {LISTED} of {plural(len(papers), 'paper')}; the filters list them all, "
                  'and so does the <a href="../timeline/">timeline</a>.')
    return "\n".join([
        "<p>Every paper in the list, newest first. Narrow it down by topic, tag, year, venue or code, "
        "or sort it by upvotes. Each title leads to the paper's own page.</p>",
        _filter_form(catalog, papers),
        f'<p class="browse-count" role="status">{listed}</p>',
        '<div class="browse-list">' + compact_list(items) + "</div>",
    ])


def _with_details(entry: str, details: list[str]) -> str:
    """The entry with the facts only the filters use appended before its end."""
    if not details:
        return entry
    return entry.removesuffix("</li>") + f' <span class="paper-meta">{SEPARATOR.join(details)}</span></li>'


def _details(paper: Paper) -> list[str]:
    """The facts the filters work on that the list item would not otherwise show."""
    details = []
    if paper.links.code:
        details.append("has code")
    if paper.upvotes:
        details.append(plural(paper.upvotes, "upvote"))
    return details


def _filter_form(catalog: Catalog, papers: list[Paper]) -> str:
    """The filters as a raw HTML form, hidden until the script has its index; options carry their counts."""
    facets = [_facets(p) for p in papers]
    topic_counts = Counter(slug for f in facets for slug in f["topics"])
    tag_counts = Counter(tag for f in facets for tag in f["tags"])
    years = Counter(f["year"] for f in facets if f["year"])
    venues = Counter(f["venue"] for f in facets if f["venue"])
    topics = [(t.slug, t.title, topic_counts[t.slug]) for t in catalog.topics if topic_counts[t.slug]]
    fields = [
        _select("topic", "Topic", "All topics", topics),
        _select("tag", "Tag", "All tags", [(t, t, n) for t, n in sorted(tag_counts.items())]),
        _select("year", "Year", "All years", [(str(y), str(y), n) for y, n in sorted(years.items(), reverse=True)]),
        _select("venue", "Venue", "Any venue", [(v, v, n) for v, n in sorted(venues.items())]),
        '<label class="browse-check"><input type="checkbox" name="code" value="1"> Has code</label>',
        '<label>Sort <select name="sort"><option value="date">Newest first</option>'
        '<option value="oldest">Oldest first</option><option value="upvotes">Most upvoted</option></select></label>',
        '<button type="reset">Clear</button>',
    ]
    return (
        '<form class="browse-filters" data-index="index.json" hidden="" aria-label="Filter and sort the papers">'
        + "".join(fields)
        + "</form>"
    )


def _select(name: str, label: str, everything: str, options: list[tuple[str, str, int]]) -> str:
    """A labelled drop-down: first the choice of everything, then (value, text, count) options."""
    choices = "".join(
        f'<option value="{html_text(value)}">{html_text(text)} ({count})</option>' for value, text, count in options
    )
    return f'<label>{label} <select name="{name}"><option value="">{everything}</option>{choices}</select></label>'
