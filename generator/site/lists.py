"""Long lists of papers split into pages of at most PAGE_SIZE entries, each a stub with its content filled in.

A list page's headings are both written into its content and listed in its stub's front matter (`sections`),
from which hooks/navigation.py gives the page the table of contents MkDocs cannot see in a filled page.
"""

from __future__ import annotations

import html
import json
import posixpath
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import TypeVar

from ..catalog import Fragments, approximate_date
from ..model import Paper
from .fill import Fill, built_file, published_url, stub_page

# At most this many entries a page: an entry is under 1 KB even with long titles, so a page stays well under 1 MB.
PAGE_SIZE = 500

Item = TypeVar("Item")


@dataclass(frozen=True)
class ListPage:
    """One page of a list: where it lives under docs/, its number from 1, and its share of the items."""

    docs_path: str
    number: int
    count: int
    items: Sequence


@dataclass(frozen=True)
class Heading:
    """A section of a list page: an h2 or h3 with its anchor, listed in the table of contents unless `in_toc` is off."""

    level: int
    anchor: str
    text: str
    in_toc: bool = True

    def html(self) -> str:
        return f'<h{self.level} id="{self.anchor}">{html.escape(self.text, quote=False)}</h{self.level}>'


Block = str | Heading


def by_year(papers: Sequence[Paper], level: int = 3) -> Iterable[tuple[Heading, list[Paper]]]:
    """Papers in newest-first order, grouped under a heading per year of their date, the undated last.

    The anchors (year_2024, year_undated) carry an underscore, which paper ids never do.
    """
    for year, group in groupby(papers, key=_year):
        label = "Undated" if year is None else str(year)
        yield Heading(level, f"year_{label.lower()}", label), list(group)


def _year(paper: Paper) -> int | None:
    date = approximate_date(paper)
    return date.year if date else None


def table_of_contents(blocks: Sequence[Block]) -> list[dict]:
    """The headings meant for the table of contents, each h3 under the h2 before it (or at the top, if none)."""
    sections: list[dict] = []
    under_h2 = False
    for block in blocks:
        if not isinstance(block, Heading) or not block.in_toc:
            continue
        section = {"id": block.anchor, "title": block.text}
        if block.level > 2 and under_h2:
            sections[-1].setdefault("sections", []).append(section)
        else:
            sections.append(section)
            under_h2 = block.level == 2
    return sections


def page_path(first: str, number: int) -> str:
    """topics/serving.md, then topics/serving/page-2.md, ... (nav lists only the first, see mkdocs.yml)."""
    return first if number == 1 else f"{first.removesuffix('.md')}/page-{number}.md"


def split(first: str, items: Sequence[Item], size: int | None = None) -> list[ListPage]:
    """The pages of a list in order, PAGE_SIZE items a page unless `size` is given; an empty list still has its first page."""
    # Read when called, so that a test can make pages of a few papers.
    size = size or PAGE_SIZE
    chunks = [items[i:i + size] for i in range(0, len(items), size)] or [items[:0]]
    return [ListPage(page_path(first, n), n, len(chunks), chunk) for n, chunk in enumerate(chunks, start=1)]


def relative(from_docs: str, to_docs: str) -> str:
    """The URL of one published page relative to another."""
    source, target = published_url(from_docs).rstrip("/"), published_url(to_docs).rstrip("/")
    return posixpath.relpath(target or ".", source or ".") + "/"


def pager(page: ListPage, first: str) -> str:
    """Links to every page of the list, the current one marked; nothing when the list fits one page."""
    if page.count == 1:
        return ""
    links = []
    for n in range(1, page.count + 1):
        if n == page.number:
            links.append(f'<strong aria-current="page">{n}</strong>')
        else:
            links.append(f'<a href="{relative(page.docs_path, page_path(first, n))}">{n}</a>')
    return '<nav class="list-pager" aria-label="Pages of this list">Page ' + " ".join(links) + "</nav>"


def render_list(first: str, front_matter: dict, items: Sequence[Item], body: Callable[[ListPage], Sequence[Block]],
                memo: Fragments | None = None, item_key: Callable[[Item], object] | None = None,
                context: tuple = ()) -> tuple[dict[str, str], dict[str, Fill]]:
    """Stubs and fills for every page of a list; `body` gives one page's blocks (the pager is added here).

    With `memo` (Catalog.memo) each page is kept under its items' `item_key`s and `context`, which must hold
    everything else `body` reads that is not part of every paper's key (counts and text from other papers):
    an edit renders again only the pages that show the edited paper.
    """
    stubs, fills = {}, {}
    for page in split(first, items):
        def render(page: ListPage = page) -> tuple[str, str]:
            return _list_page(first, front_matter, page, body)

        if memo is None or item_key is None:
            stub, content = render()
        else:
            key = ("list-page", page.docs_path, page.count, memo.generation, front_matter_key(front_matter), context,
                   tuple([item_key(item) for item in page.items]))
            stub, content = memo.whole(key, render)
        stubs[page.docs_path] = stub
        target = built_file(page.docs_path)
        fills[target] = Fill(content, target)
    return stubs, fills


def _list_page(first: str, front_matter: dict, page: ListPage, body: Callable[[ListPage], Sequence[Block]]) -> tuple[str, str]:
    """One page's stub and content."""
    front = dict(front_matter)
    if page.count > 1:
        front["title"] = f"{front['title']} (page {page.number} of {page.count})"
    blocks = body(page)
    sections = table_of_contents(blocks)
    if sections:
        front["sections"] = sections
    nav = pager(page, first)
    rendered = "\n".join(b.html() if isinstance(b, Heading) else b for b in blocks if b)
    return stub_page(front), "\n".join(part for part in (nav, rendered, nav) if part)


def front_matter_key(front_matter: dict) -> str:
    """The front matter as a key: its JSON keeps the order and the types of its values."""
    return json.dumps(front_matter, ensure_ascii=False)
