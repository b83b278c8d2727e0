"""The generated site: the catalog turned into docs/ files for MkDocs and the content filled into built pages, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..catalog import Catalog
from ..curate.gaps import missing_report
from ..storage.store import Topic
from .bibtex import citation_keys
from .browse import render_browse
from .cards import compact_entry, compact_list, display_title, plural
from .contribute import MISSING_SNIPPET, missing_counts
from .crosslinks import related_topics_html, topic_cards
from .exports import render_exports, topic_bib
from .feeds import render_feeds, topic_feed
from .fill import SHELL_FILE, SHELL_PAGE, Fill, paper_file, shell_page, to_root
from .home import render_home
from .lists import ListPage, render_list
from .markdown_text import html_text
from .page import markdown_page as _page
from .paper_page import render_paper_page
from .search_index import PAPERS_INDEX, render_papers_index
from .tags_pages import TAGS_DIR, render_tag_pages
from .timeline import TIMELINE_PAGE, render_timeline

# Everything under these docs/ paths is generated, git-ignored, and may be deleted when stale.
GENERATED_PATHS = ("index.md", "topics", TAGS_DIR, TIMELINE_PAGE, TIMELINE_PAGE.removesuffix(".md"), "browse", "downloads",
                   "feed.xml", "feeds", "papers", PAPERS_INDEX.split("/")[0], "snippets")

# Heading ids with an underscore, which paper ids never contain, so they cannot clash with a paper's anchor.
PAPERS_ANCHOR = "papers_here"
ALSO_ANCHOR = "also_relevant"


@dataclass
class Site:
    """docs/ files keyed by path under docs/, and fills keyed by the built HTML file they become."""

    pages: dict[str, str] = field(default_factory=dict)
    fills: dict[str, Fill] = field(default_factory=dict)

    def add(self, stubs: dict[str, str], fills: dict[str, Fill]) -> None:
        self.pages.update(stubs)
        self.fills.update(fills)


def render_site(catalog: Catalog) -> Site:
    """Every generated page, file and fill."""
    site = Site({"index.md": render_home(catalog), "topics/index.md": render_topic_index(catalog), SHELL_PAGE: shell_page()})
    site.pages |= render_feeds(catalog) | render_exports(catalog)
    # The same keys as papers.bib: a key that collides gets its suffix from the whole list.
    keys = citation_keys(catalog.papers)
    site.add(*render_browse(catalog, keys))
    for topic in catalog.topics:
        if topic.slug == "index":
            raise ValueError("the topic slug 'index' is reserved for the list of topics")
        site.add(*render_topic(catalog, topic))
    site.add(*render_tag_pages(catalog))
    site.add(*render_timeline(catalog))
    site.pages[PAPERS_INDEX] = render_papers_index(catalog.papers)
    site.pages[MISSING_SNIPPET] = missing_counts(missing_report(catalog.papers), len(catalog.papers))
    topics = catalog.topic_by_slug
    for paper in catalog.papers:
        if paper.primary_topic in topics:
            page = render_paper_page(catalog, paper, keys[paper.id])
            site.fills[paper_file(paper.id)] = Fill(page, SHELL_FILE, display_title(paper))
    return site


def render_pages(catalog: Catalog) -> dict[str, str]:
    """The docs/ files alone, keyed by path relative to docs/."""
    return render_site(catalog).pages


def render_topic_index(catalog: Catalog) -> str:
    """The list of topics as Material grid cards, in taxonomy order."""
    return _page(
        {"title": "Topics"},
        [
            "# Topics",
            "Every paper has one primary topic; the other topics it touches list it under *Also relevant*. "
            "Each paper has its own page with its abstract, BibTeX and related papers.",
            topic_cards(catalog, describe=True),
        ],
    )


def render_topic(catalog: Catalog, topic: Topic) -> tuple[dict[str, str], dict[str, Fill]]:
    """A topic's pages: its own papers as compact entries, newest first, then those filed elsewhere."""
    primary = catalog.primary.get(topic.slug, [])
    secondary = [p for p in catalog.secondary.get(topic.slug, []) if p.primary_topic != topic.slug]
    items = [(True, p) for p in primary] + [(False, p) for p in secondary]
    first = f"topics/{topic.slug}.md"

    def body(page: ListPage) -> str:
        root = to_root(page.docs_path)
        blocks = []
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
            blocks.append(f'<h2 id="{PAPERS_ANCHOR}">Papers</h2>')
            blocks.append(compact_list([compact_entry(p, root, anchor=True, memo=catalog.memo) for p in own]))
        if also:
            blocks.append(f'<h2 id="{ALSO_ANCHOR}">Also relevant</h2>')
            blocks.append("<p>Papers whose main topic is another one.</p>")
            blocks.append(compact_list([compact_entry(p, root, topics=catalog.topic_by_slug, memo=catalog.memo) for p in also]))
        if page.number == page.count:
            blocks.append(related_topics_html(catalog, topic, root))
        return "\n".join(b for b in blocks if b)

    return render_list(first, {"title": html_text(topic.title)}, items, body)
