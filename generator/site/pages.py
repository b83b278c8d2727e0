"""The generated pages: the catalog turned into {docs-relative path: Markdown text}, with no I/O."""

from __future__ import annotations

from ..catalog import Catalog
from ..missing import MISSING_SNIPPET, missing_counts, missing_report
from ..model import Paper
from ..store import Topic
from .browse import render_browse
from .cards import SEPARATOR, display_date, display_title, plural, render_card
from .crosslinks import related_papers_block, related_topics_block, topic_cards
from .exports import render_exports, topic_bib
from .feeds import render_feeds, topic_feed
from .home import render_home
from .markdown_text import html_text, md_text
from .page import markdown_page as _page
from .tags_pages import TAGS_DIR, render_tag_pages
from .timeline import TIMELINE_PAGE, render_timeline

# Everything under these docs/ paths is generated, git-ignored, and may be deleted when stale.
GENERATED_PATHS = ("index.md", "topics", TAGS_DIR, TIMELINE_PAGE, "browse", "downloads", "feed.xml", "feeds", "snippets")

# Heading ids with an underscore, which paper ids never contain, so they cannot clash with a card anchor.
PAPERS_ANCHOR = "papers_here"
ALSO_ANCHOR = "also_relevant"


def render_pages(catalog: Catalog) -> dict[str, str]:
    """Every generated page and file (feeds, downloads, the browse index), keyed by its path relative to docs/."""
    pages = {"index.md": render_home(catalog), "topics/index.md": render_topic_index(catalog)}
    pages |= render_browse(catalog) | render_feeds(catalog) | render_exports(catalog)
    for topic in catalog.topics:
        if topic.slug == "index":
            raise ValueError("the topic slug 'index' is reserved for the list of topics")
        pages[f"topics/{topic.slug}.md"] = render_topic(catalog, topic)
    pages.update(render_tag_pages(catalog))
    pages[TIMELINE_PAGE] = render_timeline(catalog)
    pages[MISSING_SNIPPET] = missing_counts(missing_report(catalog.papers), len(catalog.papers))
    return pages


def render_topic_index(catalog: Catalog) -> str:
    """The list of topics as Material grid cards, in taxonomy order."""
    return _page(
        {"title": "Topics"},
        [
            "# Topics",
            "Every paper has one primary topic, where its full entry sits; "
            "the other topics it touches list it under *Also relevant*.",
            topic_cards(catalog, describe=True),
        ],
    )


def render_topic(catalog: Catalog, topic: Topic) -> str:
    """A topic page: its own papers as cards, newest first, then short links to papers filed elsewhere."""
    primary = catalog.primary.get(topic.slug, [])
    secondary = [p for p in catalog.secondary.get(topic.slug, []) if p.primary_topic != topic.slug]
    topics = catalog.topic_by_slug
    front: dict = {"title": html_text(topic.title)}
    tags = sorted({html_text(tag) for paper in primary for tag in paper.tags})
    if tags:
        front["tags"] = tags

    blocks = [f"# {md_text(topic.title)}"]
    if topic.description:
        blocks.append(md_text(topic.description))
    summary = f"{plural(len(primary), 'paper')}, newest first"
    if secondary:
        summary += f", and {plural(len(secondary), 'paper')} from other topics under [Also relevant](#{ALSO_ANCHOR})"
    summary += "."
    blocks.append(summary)
    blocks.append(f"Follow this topic's new papers in its [Atom feed](../{topic_feed(topic.slug)}), "
                  f"or download them all as [BibTeX](../{topic_bib(topic.slug)}).")
    blocks.append(f"## Papers {{ #{PAPERS_ANCHOR} }}")
    blocks += [render_card(paper, topics, related_papers_block(catalog, paper)) for paper in primary] or ["No papers yet."]
    if secondary:
        # Short links to cards indexed elsewhere: kept out of search so that a search lands on the card.
        blocks.append(f'## Also relevant {{ #{ALSO_ANCHOR} data-search-exclude="" }}')
        blocks.append("Papers whose main topic is another one, linked to their entry there.")
        blocks.append("\n".join(_secondary_entry(paper, topics) for paper in secondary))
    related_topics = related_topics_block(catalog, topic)
    if related_topics:
        blocks.append(related_topics)
    return _page(front, blocks)


def _secondary_entry(paper: Paper, topics: dict[str, Topic]) -> str:
    """A list item linking to the paper's card on its primary topic page."""
    home = topics[paper.primary_topic]
    parts = [f"[{display_title(paper)}]({home.slug}.md#{paper.id})", md_text(home.title), display_date(paper)]
    return "- " + SEPARATOR.join(p for p in parts if p)

