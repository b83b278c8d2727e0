"""MkDocs hook: a generated page's front matter places it in the sidebar and gives it its table of contents.

`nav_order` sorts a page among its siblings (the topics in the taxonomy's curated order, not by file name);
`sections` is the table of contents of a page whose content the generator fills in after MkDocs has rendered
it (generator/site/lists.py), which MkDocs would otherwise see as a page without headings. Engines without
hooks (Zensical) fall back to file-name order and no table of contents on those pages.
"""

from __future__ import annotations

import html

from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data


def on_nav(nav, config, files):
    """Sort the children of every section that has ordered pages; pages without an order keep their place first.

    The pages' previous and next links (the head's rel="prev" and "next") follow the new order.
    """
    for section in _sections(nav.items):
        orders = {id(child): _nav_order(child) for child in section.children}
        if any(order is not None for order in orders.values()):
            section.children.sort(key=lambda child: (orders[id(child)] is not None, orders[id(child)] or 0))
    nav.pages = list(_pages(nav.items))
    for before, page, after in zip([None, *nav.pages], nav.pages, [*nav.pages[1:], None]):
        page.previous_page, page.next_page = before, after
    return nav


def on_page_context(context, page, config, nav):
    """A filled page's table of contents, from the sections its front matter lists."""
    sections = page.meta.get("sections")
    if sections and not page.toc.items:
        page.toc = get_toc([_token(section, 2) for section in sections])
    return context


def _sections(items):
    for item in items:
        if isinstance(item, Section):
            yield item
            yield from _sections(item.children)


def _pages(items):
    for item in items:
        if isinstance(item, Page):
            yield item
        if item.children:
            yield from _pages(item.children)


def _nav_order(item) -> int | None:
    """The page's `nav_order`, read from its source: MkDocs reads front matter only after the nav is built."""
    if not isinstance(item, Page):
        return None
    order = get_data(item.file.content_string)[1].get("nav_order")
    return order if isinstance(order, int) else None


def _token(section: dict, level: int) -> dict:
    """A section as the token MkDocs' toc extension would have made of its heading."""
    children = [_token(child, level + 1) for child in section.get("sections", ())]
    return {"level": level, "id": section["id"], "name": html.escape(section["title"]), "children": children}
