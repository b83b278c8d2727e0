"""The generated site: the catalog turned into docs/ files for MkDocs and the content filled into built pages, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..catalog import Catalog
from ..curate.gaps import missing_report
from .addresses import SITEMAP, SiteAddress, paper_preview, render_sitemap
from .bibtex import bibtex_entries, citation_keys
from .browse import render_browse
from .cards import display_title
from .contribute import MISSING_SNIPPET, missing_counts
from .exports import render_exports
from .feeds import feed_support, render_feeds
from .feeds_page import render_feeds_page
from .fill import SHELL_FILE, SHELL_PAGE, Fill, paper_file, published_url, shell_page
from .home import render_home
from .paper_page import render_paper_page
from .search_index import PAPERS_INDEX, paper_page, render_papers_index
from .tags_pages import TAGS_DIR, render_tag_pages
from .timeline import TIMELINE_PAGE, render_timeline
from .topic_pages import render_topic, render_topic_index

# Everything under these docs/ paths is generated, git-ignored, and may be deleted when stale.
GENERATED_PATHS = ("index.md", "topics", TAGS_DIR, TIMELINE_PAGE, TIMELINE_PAGE.removesuffix(".md"), "browse", "downloads",
                   "feed.xml", "feeds", "papers", PAPERS_INDEX.split("/")[0], "snippets", SITEMAP)


@dataclass
class Site:
    """docs/ files keyed by path under docs/, and fills keyed by the built HTML file they become."""

    pages: dict[str, str] = field(default_factory=dict)
    fills: dict[str, Fill] = field(default_factory=dict)

    def add(self, stubs: dict[str, str], fills: dict[str, Fill]) -> None:
        self.pages.update(stubs)
        self.fills.update(fills)


def render_site(catalog: Catalog, address: SiteAddress = SiteAddress(), keys: dict[str, str] | None = None) -> Site:
    """Every generated page, file and fill; `keys` are citation_keys(catalog.papers), made here if not given."""
    # The same keys as papers.bib: a key that collides gets its suffix from the whole list.
    keys = keys if keys is not None else citation_keys(catalog.papers, catalog.memo)
    entries = bibtex_entries(catalog.papers, keys, catalog.memo)
    site = Site({"index.md": render_home(catalog), "topics/index.md": render_topic_index(catalog), SHELL_PAGE: shell_page()})
    feeds = render_feeds(catalog, address.url)
    site.pages |= feeds | feed_support(feeds, address.url) | render_exports(catalog, entries)
    site.pages |= render_feeds_page(catalog, feeds, address.url)
    site.add(*render_browse(catalog, keys, entries))
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
            page = render_paper_page(catalog, paper, keys[paper.id], entries[paper.id])
            site.fills[paper_file(paper.id)] = Fill(page, SHELL_FILE, display_title(paper))
    add_addresses(site, catalog, address)
    return site


def add_addresses(site: Site, catalog: Catalog, address: SiteAddress) -> None:
    """The papers' link previews, and the sitemap of every page (`address` says where the site is published, if yet)."""
    papers = sorted(target.split("/")[1] for target, fill in site.fills.items() if fill.source == SHELL_FILE)
    for paper_id in papers:
        target = paper_file(paper_id)
        paper = catalog.by_id[paper_id]
        preview = catalog.memo.made(("preview", catalog.memo.key_of(paper)), lambda: paper_preview(paper))
        site.fills[target] = replace(site.fills[target], description=preview)
    pages = [name for name in site.pages if name.endswith(".md") and name != SHELL_PAGE] + list(address.handwritten)
    site.pages[SITEMAP] = render_sitemap(address.url, [published_url(name) for name in pages] + [paper_page(i) for i in papers])


def render_pages(catalog: Catalog) -> dict[str, str]:
    """The docs/ files alone, keyed by path relative to docs/."""
    return render_site(catalog).pages
