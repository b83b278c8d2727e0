"""Long lists of papers split into pages of at most PAGE_SIZE entries, each a stub with its content filled in."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

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


def page_path(first: str, number: int) -> str:
    """topics/serving.md, then topics/serving/page-2.md, ... (nav lists only the first, see mkdocs.yml)."""
    return first if number == 1 else f"{first.removesuffix('.md')}/page-{number}.md"


def split(first: str, items: Sequence[Item], size: int = PAGE_SIZE) -> list[ListPage]:
    """The pages of a list in order; an empty list still has its first page."""
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


def render_list(first: str, front_matter: dict, items: Sequence[Item],
                body: Callable[[ListPage], str]) -> tuple[dict[str, str], dict[str, Fill]]:
    """Stubs and fills for every page of a list; `body` renders one page's content (the pager is added here)."""
    stubs, fills = {}, {}
    for page in split(first, items):
        front = dict(front_matter)
        if page.count > 1:
            front["title"] = f"{front['title']} (page {page.number} of {page.count})"
        stubs[page.docs_path] = stub_page(front)
        nav = pager(page, first)
        content = "\n".join(part for part in (nav, body(page), nav) if part)
        target = built_file(page.docs_path)
        fills[target] = Fill(content, target)
    return stubs, fills
