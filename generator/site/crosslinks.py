"""Links between topics: a topic's related topics, and the topics as a grid of cards."""

from __future__ import annotations

from ..catalog import Catalog
from ..storage.store import Topic
from .cards import plural
from .markdown_text import html_text, md_text

# Heading ids carry an underscore, which paper ids never contain, so they cannot clash with a paper's anchor.
RELATED_TOPICS_ANCHOR = "related_topics"
MAX_RELATED_TOPICS = 5


def related_topics(catalog: Catalog, topic: Topic) -> list[tuple[Topic, int]]:
    """The topics sharing most papers with this one, with the count; ties keep the taxonomy order."""
    by_slug = catalog.topic_by_slug
    shared = catalog.shared_topics.get(topic.slug, {})
    order = {t.slug: i for i, t in enumerate(catalog.topics)}
    ranked = sorted(shared, key=lambda slug: (-shared[slug], order[slug]))
    return [(by_slug[slug], shared[slug]) for slug in ranked[:MAX_RELATED_TOPICS]]


def related_topics_html(catalog: Catalog, topic: Topic, to_root: str) -> str:
    """The end of a topic's list (under its own heading): the topics it shares papers with, linked, most shared first."""
    related = related_topics(catalog, topic)
    if not related:
        return ""
    items = "\n".join(
        f'<li><a href="{to_root}topics/{other.slug}/">{html_text(other.title)}</a>: {plural(count, "paper")} in common</li>'
        for other, count in related
    )
    return f'<ul class="related-topics">\n{items}\n</ul>'


def topic_cards(catalog: Catalog, base: str = "", describe: bool = False) -> str:
    """The topics as Material grid cards in taxonomy order, each with its size (and description, if asked)."""
    items = []
    for topic in catalog.topics:
        size = len(catalog.primary.get(topic.slug, []))
        also = len(catalog.secondary.get(topic.slug, []))
        lines = [f"-   [**{md_text(topic.title)}**]({base}{topic.slug}.md)"]
        if describe and topic.description:
            lines += ["", "    ---", "", f"    {md_text(topic.description)}"]
        lines += ["", "    " + plural(size, "paper") + (f" · {also} also relevant" if also else "")]
        items.append("\n".join(lines))
    return '<div class="grid cards topic-grid" markdown>\n\n' + "\n\n".join(items) + "\n\n</div>"
