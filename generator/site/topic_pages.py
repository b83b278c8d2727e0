"""The topic pages: the index of topics as cards, and each topic's papers by year, then those filed elsewhere."""

from __future__ import annotations

from ..catalog import Catalog
from ..storage.store import Topic
from .addresses import page_meta
from .cards import compact_entry, compact_list, plural
from .crosslinks import RELATED_TOPICS_ANCHOR, related_topics, related_topics_html, topic_cards
from .exports import topic_bib
from .feeds import topic_feed
from .fill import Fill, to_root
from .lists import Block, Heading, ListPage, by_year, render_list
from .markdown_text import html_text
from .page import markdown_page

# Heading ids with an underscore, which paper ids never contain, so they cannot clash with a paper's anchor.
PAPERS_ANCHOR = "papers_here"
ALSO_ANCHOR = "also_relevant"


def render_topic_index(catalog: Catalog) -> str:
    """The list of topics as Material grid cards, in taxonomy order."""
    return markdown_page(
        {"title": "Topics"},
        [
            "# Topics",
            "Every paper has one primary topic; the other topics it touches list it under *Also relevant*. "
            "Each paper has its own page with its abstract, BibTeX and related papers.",
            topic_cards(catalog, describe=True),
        ],
    )


def render_topic(catalog: Catalog, topic: Topic) -> tuple[dict[str, str], dict[str, Fill]]:
    """A topic's pages: its own papers as compact entries under their years, newest first, then those filed elsewhere.

    `nav_order` puts the topic in the sidebar where the taxonomy (data/topics.yml) has it (hooks/navigation.py).
    """
    primary = catalog.primary.get(topic.slug, [])
    secondary = [p for p in catalog.secondary.get(topic.slug, []) if p.primary_topic != topic.slug]
    items = [(True, p) for p in primary] + [(False, p) for p in secondary]
    first = f"topics/{topic.slug}.md"
    position = next(i for i, t in enumerate(catalog.topics) if t.slug == topic.slug)

    def body(page: ListPage) -> list[Block]:
        root = to_root(page.docs_path)
        blocks: list[Block] = []
        if page.number == 1:
            if topic.description:
                blocks.append(f"<p>{html_text(topic.description)}</p>")
            summary = f"{plural(len(primary), 'paper')}, newest first"
            if secondary:
                summary += f", and {plural(len(secondary), 'paper')} from other topics under <em>Also relevant</em>"
            blocks.append(f"<p>{summary}. Follow this topic's new papers in its "
                          f'<a href="{root}{topic_feed(topic.slug)}">Atom feed</a>, or download them all as '
                          f'<a href="{root}{topic_bib(topic.slug)}">BibTeX</a>.</p>')
        own = [p for is_own, p in page.items if is_own]
        also = [p for is_own, p in page.items if not is_own]
        if own or page.number == 1:
            blocks.append(Heading(2, PAPERS_ANCHOR, "Papers"))
            if not own:
                blocks.append(compact_list([]))
            for year, papers in by_year(own):
                blocks += [year, compact_list([compact_entry(p, root, anchor=True, memo=catalog.memo) for p in papers])]
        if also:
            blocks.append(Heading(2, ALSO_ANCHOR, "Also relevant"))
            blocks.append("<p>Papers whose main topic is another one.</p>")
            blocks.append(compact_list([compact_entry(p, root, topics=catalog.topic_by_slug, memo=catalog.memo) for p in also]))
        if page.number == page.count:
            related = related_topics_html(catalog, topic, root)
            if related:
                blocks += [Heading(2, RELATED_TOPICS_ANCHOR, "Related topics"), related]
        return blocks

    memo = catalog.memo
    front = {"title": html_text(topic.title), **page_meta(topic_feed(topic.slug), topic.description), "nav_order": position}
    # The counts and the related topics come from papers on other pages.
    context = (len(primary), len(secondary), topic.description,
               tuple((other.slug, count) for other, count in related_topics(catalog, topic)))
    return render_list(first, front, items, body, memo, lambda item: (item[0], memo.key_of(item[1])), context)
