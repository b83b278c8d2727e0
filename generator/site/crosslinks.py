"""Links that take a reader onwards: a card's related papers, a topic's related topics, topic cards, and paper entries on list pages."""

from __future__ import annotations

from collections import Counter

from ..catalog import Catalog
from ..model import Paper
from ..store import Topic
from .cards import SEPARATOR, display_date, display_title, plural
from .markdown_text import md_text

# Heading ids carry an underscore, which paper ids never contain, so they cannot clash with a card anchor.
RELATED_TOPICS_ANCHOR = "related_topics"
MAX_RELATED_TOPICS = 5


def card_link(paper: Paper, base: str = "") -> str:
    """A Markdown link to the paper's card on its primary topic page; `base` leads from the linking page to topics/."""
    return f"[{display_title(paper)}]({base}{paper.primary_topic}.md#{paper.id})"


def paper_entry(paper: Paper, topics: dict[str, Topic], base: str) -> str:
    """A list item for a paper on a list page: the link to its card, its topic, and its date."""
    parts = [card_link(paper, base), md_text(topics[paper.primary_topic].title), display_date(paper)]
    return "- " + SEPARATOR.join(p for p in parts if p)


def related_papers_block(catalog: Catalog, paper: Paper) -> str:
    """A folded list for the paper's card, each related paper linked to its own card (cards sit in topics/).

    Left out of the search index, so that searching a title finds that paper's card, not every card it is related to.
    """
    related = [catalog.by_id[r.id] for r in catalog.related.get(paper.id, ())]
    related = [p for p in related if p.primary_topic in catalog.topic_by_slug]
    if not related:
        return ""
    items = "\n".join(f"- {card_link(other)}" for other in related)
    return (
        '<details class="paper-related" markdown data-search-exclude="true">\n'
        f"<summary>Related papers ({len(related)})</summary>\n\n{items}\n\n</details>"
    )


def related_topics(catalog: Catalog, topic: Topic) -> list[tuple[Topic, int]]:
    """The topics sharing most papers with this one, with the count; ties keep the taxonomy order."""
    by_slug = catalog.topic_by_slug
    shared: Counter[str] = Counter()
    for paper in catalog.papers:
        if topic.slug in paper.topics:
            shared.update({slug for slug in paper.topics if slug != topic.slug and slug in by_slug})
    order = {t.slug: i for i, t in enumerate(catalog.topics)}
    ranked = sorted(shared, key=lambda slug: (-shared[slug], order[slug]))
    return [(by_slug[slug], shared[slug]) for slug in ranked[:MAX_RELATED_TOPICS]]


def related_topics_block(catalog: Catalog, topic: Topic) -> str:
    """The end of a topic page: the topics it shares papers with, linked, most shared first."""
    related = related_topics(catalog, topic)
    if not related:
        return ""
    items = "\n".join(
        f"- [{md_text(other.title)}]({other.slug}.md): {plural(count, 'paper')} in common" for other, count in related
    )
    return f"## Related topics {{ #{RELATED_TOPICS_ANCHOR} }}\n\n{items}"


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
